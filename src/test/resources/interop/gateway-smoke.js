// Drives liverec's gateway with the official Tencent Cloud Node.js SDK (signs the hostname without the port,
// derives service "127" from the endpoint). Prints one JSON line per call: {"name", "ok"|"code", ...}.
// argv: sdkDir endpoint secretId secretKey
const [sdkDir, endpoint, secretId, secretKey] = process.argv.slice(2);
const { CommonClient } = require(sdkDir + "/tencentcloud/common/common_client");
const client = (key, opts = {}) => new CommonClient(endpoint, "2018-08-01", {
  credential: { secretId, secretKey: key }, region: opts.region,
  profile: { language: opts.language, httpProfile: { endpoint, protocol: "http://", reqMethod: opts.method || "POST" } },
});
async function call(name, c, action, params) {
  try {
    const r = await c.request(action, params);
    console.log(JSON.stringify({ name, ok: true, response: r }));
  } catch (e) {
    console.log(JSON.stringify({ name, ok: false, code: e.code, message: e.message, requestId: e.requestId }));
  }
}
(async () => {
  await call("post", client(secretKey, { region: "ap-guangzhou" }), "TestEcho", { StreamName: "s1", FlvParam: { Enable: 1 } });
  await call("get", client(secretKey, { method: "GET" }), "TestEcho", { StreamName: "s2", Ids: ["a", "b"] });
  await call("zh", client(secretKey, { language: "zh-CN" }), "NoSuchAction", {});
  await call("badkey", client(secretKey + "x"), "TestEcho", {});
  await call("region", client(secretKey, { region: "xx-nowhere" }), "TestEcho", {});
})();
