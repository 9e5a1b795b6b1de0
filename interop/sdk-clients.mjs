// The two accounts' clients of the official Tencent Cloud Node.js SDK (live.v20180801.Client), pointed at liverec.
// Environment: LIVEREC_ENDPOINT (host:port), LIVEREC_A_ID/KEY and LIVEREC_B_ID/KEY (two accounts' credentials).
import tencentcloud from "tencentcloud-sdk-nodejs";

const LiveClient = tencentcloud.live.v20180801.Client;

export const env = (k) => {
  const v = process.env[k];
  if (!v) throw new Error(`missing env ${k}`);
  return v;
};

const client = (id, key) => new LiveClient({
  credential: { secretId: id, secretKey: key },
  region: "ap-guangzhou",
  profile: { httpProfile: { endpoint: env("LIVEREC_ENDPOINT"), protocol: "http://", reqTimeout: 30 } },
});

export const alice = client(env("LIVEREC_A_ID"), env("LIVEREC_A_KEY"));
export const bob = client(env("LIVEREC_B_ID"), env("LIVEREC_B_KEY"));
