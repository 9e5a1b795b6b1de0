// Drives liverec's control API with the official, unchanged Tencent Cloud Node.js SDK (live.v20180801.Client):
// every control-plane action, success and error paths, and isolation between two accounts.
// Environment: LIVEREC_ENDPOINT (host:port), LIVEREC_A_ID/KEY and LIVEREC_B_ID/KEY (two accounts' credentials).
// Prints one JSON summary line {"passed","failed","failures","actions"}; exit code 0 only when every check passed.
import { alice, bob, env } from "./sdk-clients.mjs";


let passed = 0;
const started = Date.now();
const timings = [];
const failures = [];
const actions = new Set();

function check(name, cond, detail) {
  if (cond) passed++;
  else failures.push(`${name}: ${detail ?? "assertion failed"}`);
}

/** Calls action on c, expects success, runs verify(response). */
async function ok(name, c, action, req, verify = () => true) {
  actions.add(action);
  const t0 = Date.now();
  try {
    const res = await c[action](req);
    timings.push([Date.now() - t0, name]);
    let good = false;
    try {
      good = verify(res) !== false;
    } catch (e) {
      check(name, false, `verify threw ${e.message} on ${JSON.stringify(res)}`);
      return res;
    }
    check(name, good && typeof res.RequestId === "string" && res.RequestId.length > 0, `unexpected ${JSON.stringify(res)}`);
    return res;
  } catch (e) {
    check(name, false, `failed with ${e.code}: ${e.message}`);
    return undefined;
  }
}

/** Calls action on c, expects the error code (exact). */
async function fails(name, c, action, req, code) {
  actions.add(action);
  const t0 = Date.now();
  try {
    const res = await c[action](req);
    timings.push([Date.now() - t0, name]);
    check(name, false, `succeeded: ${JSON.stringify(res)}`);
  } catch (e) {
    timings.push([Date.now() - t0, name]);
    check(name, e.code === code && typeof e.requestId === "string" && e.requestId.length > 0,
      `expected ${code}, got ${e.code}: ${e.message}`);
  }
}

const now = Math.floor(Date.now() / 1000);
const suffix = Math.random().toString(36).slice(2, 8);
const domain = `push-${suffix}.example.com`;

// ---- domains and push keys
await ok("AddLiveDomain push", alice, "AddLiveDomain", { DomainName: domain, DomainType: 0 });
await ok("AddLiveDomain play", alice, "AddLiveDomain", { DomainName: `play-${suffix}.example.com`, DomainType: 1, PlayType: 2 });
await fails("AddLiveDomain twice", alice, "AddLiveDomain", { DomainName: domain, DomainType: 0 }, "InvalidParameter.DomainAlreadyExist");
await fails("AddLiveDomain other account", bob, "AddLiveDomain", { DomainName: domain, DomainType: 0 }, "FailedOperation.DomainAdded");
await fails("AddLiveDomain bad name", alice, "AddLiveDomain", { DomainName: "not a domain", DomainType: 0 }, "InvalidParameter.DomainFormatError");
await fails("AddLiveDomain bad type", alice, "AddLiveDomain", { DomainName: `x-${suffix}.com`, DomainType: 7 }, "InvalidParameterValue");
await ok("DescribeLiveDomains", alice, "DescribeLiveDomains", {}, (r) =>
  r.AllCount === 2 && r.DomainList.length === 2 && r.DomainList.some((d) => d.Name === domain && d.Type === 0 && d.Status === 1)
  && Array.isArray(r.PlayTypeCount) && typeof r.CreateLimitCount === "number");
await ok("DescribeLiveDomains filter", alice, "DescribeLiveDomains", { DomainType: 1, PageSize: 10, PageNum: 1 }, (r) =>
  r.AllCount === 1 && r.DomainList[0].PlayType === 2);
await fails("DescribeLiveDomains page size", alice, "DescribeLiveDomains", { PageSize: 1000 }, "InvalidParameterValue");
await ok("DescribeLiveDomains isolated", bob, "DescribeLiveDomains", {}, (r) => r.AllCount === 0 && r.DomainList.length === 0);
await ok("DescribeLivePushAuthKey", alice, "DescribeLivePushAuthKey", { DomainName: domain }, (r) =>
  r.PushAuthKeyInfo.DomainName === domain && r.PushAuthKeyInfo.Enable === 1 && /^[0-9a-f]{32}$/.test(r.PushAuthKeyInfo.MasterAuthKey));
await ok("ModifyLivePushAuthKey", alice, "ModifyLivePushAuthKey", { DomainName: domain, MasterAuthKey: "masterkey1", BackupAuthKey: "backup1", AuthDelta: 300 });
await ok("DescribeLivePushAuthKey after modify", alice, "DescribeLivePushAuthKey", { DomainName: domain }, (r) =>
  r.PushAuthKeyInfo.MasterAuthKey === "masterkey1" && r.PushAuthKeyInfo.BackupAuthKey === "backup1" && r.PushAuthKeyInfo.AuthDelta === 300);
await fails("ModifyLivePushAuthKey bad key", alice, "ModifyLivePushAuthKey", { DomainName: domain, MasterAuthKey: "has space" }, "InvalidParameterValue");
await fails("DescribeLivePushAuthKey other account", bob, "DescribeLivePushAuthKey", { DomainName: domain }, "ResourceNotFound.DomainNotExist");
await fails("ModifyLivePushAuthKey other account", bob, "ModifyLivePushAuthKey", { DomainName: domain, Enable: 0 }, "ResourceNotFound.DomainNotExist");

// ---- one domain, enable / forbid, play keys
const play = `play-${suffix}.example.com`;
await ok("DescribeLiveDomain", alice, "DescribeLiveDomain", { DomainName: domain }, (r) =>
  r.DomainInfo.Name === domain && r.DomainInfo.Type === 0 && r.DomainInfo.Status === 1
  && /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/.test(r.DomainInfo.CreateTime) && r.DomainInfo.IsMiniProgramLive === 0);
await ok("DescribeLiveDomain play", alice, "DescribeLiveDomain", { DomainName: play }, (r) => r.DomainInfo.Type === 1 && r.DomainInfo.PlayType === 2);
await fails("DescribeLiveDomain other account", bob, "DescribeLiveDomain", { DomainName: domain }, "ResourceNotFound.DomainNotExist");
await fails("DescribeLiveDomain missing", alice, "DescribeLiveDomain", {}, "MissingParameter");
await fails("DescribeLiveDomain bad name", alice, "DescribeLiveDomain", { DomainName: "not a domain" }, "InvalidParameter.DomainFormatError");
await ok("ForbidLiveDomain", alice, "ForbidLiveDomain", { DomainName: domain });
await ok("DescribeLiveDomain forbidden", alice, "DescribeLiveDomain", { DomainName: domain }, (r) => r.DomainInfo.Status === 0);
await ok("DescribeLiveDomains forbidden filter", alice, "DescribeLiveDomains", { DomainStatus: 0 }, (r) => r.AllCount === 1 && r.DomainList[0].Name === domain);
await fails("ForbidLiveDomain other account", bob, "ForbidLiveDomain", { DomainName: domain }, "ResourceNotFound.DomainNotExist");
await fails("EnableLiveDomain other account", bob, "EnableLiveDomain", { DomainName: domain }, "ResourceNotFound.DomainNotExist");
await fails("EnableLiveDomain unknown", alice, "EnableLiveDomain", { DomainName: `none-${suffix}.example.com` }, "ResourceNotFound.DomainNotExist");
await ok("EnableLiveDomain", alice, "EnableLiveDomain", { DomainName: domain });
await ok("DescribeLiveDomain enabled", alice, "DescribeLiveDomain", { DomainName: domain }, (r) => r.DomainInfo.Status === 1);
await ok("DescribeLivePlayAuthKey", alice, "DescribeLivePlayAuthKey", { DomainName: play }, (r) =>
  r.PlayAuthKeyInfo.DomainName === play && r.PlayAuthKeyInfo.Enable === 0 && r.PlayAuthKeyInfo.AuthKey === ""
  && r.PlayAuthKeyInfo.AuthBackKey === "" && r.PlayAuthKeyInfo.AuthDelta === 0);
await fails("ModifyLivePlayAuthKey enable without key", alice, "ModifyLivePlayAuthKey", { DomainName: play, Enable: 1 }, "InvalidParameterValue");
await ok("ModifyLivePlayAuthKey", alice, "ModifyLivePlayAuthKey", { DomainName: play, Enable: 1, AuthKey: "playkey1", AuthBackKey: "playback1", AuthDelta: 600 });
await ok("DescribeLivePlayAuthKey after modify", alice, "DescribeLivePlayAuthKey", { DomainName: play }, (r) =>
  r.PlayAuthKeyInfo.Enable === 1 && r.PlayAuthKeyInfo.AuthKey === "playkey1" && r.PlayAuthKeyInfo.AuthBackKey === "playback1"
  && r.PlayAuthKeyInfo.AuthDelta === 600);
await ok("ModifyLivePlayAuthKey partial", alice, "ModifyLivePlayAuthKey", { DomainName: play, AuthDelta: 60 });
await ok("DescribeLivePlayAuthKey partial", alice, "DescribeLivePlayAuthKey", { DomainName: play }, (r) =>
  r.PlayAuthKeyInfo.AuthKey === "playkey1" && r.PlayAuthKeyInfo.AuthDelta === 60);
await fails("ModifyLivePlayAuthKey delta", alice, "ModifyLivePlayAuthKey", { DomainName: play, AuthDelta: 31536001 }, "InvalidParameterValue");
await fails("ModifyLivePlayAuthKey bad key", alice, "ModifyLivePlayAuthKey", { DomainName: play, AuthKey: "has space" }, "InvalidParameterValue");
await fails("ModifyLivePlayAuthKey enable value", alice, "ModifyLivePlayAuthKey", { DomainName: play, Enable: 2 }, "InvalidParameterValue");
await fails("DescribeLivePlayAuthKey push domain", alice, "DescribeLivePlayAuthKey", { DomainName: domain }, "ResourceNotFound.DomainNotExist");
await fails("DescribeLivePlayAuthKey other account", bob, "DescribeLivePlayAuthKey", { DomainName: play }, "ResourceNotFound.DomainNotExist");
await fails("ModifyLivePlayAuthKey other account", bob, "ModifyLivePlayAuthKey", { DomainName: play, AuthDelta: 1 }, "ResourceNotFound.DomainNotExist");
await ok("DescribeLivePushAuthKey unchanged by play keys", alice, "DescribeLivePushAuthKey", { DomainName: domain }, (r) =>
  r.PushAuthKeyInfo.MasterAuthKey === "masterkey1");

// ---- record templates
const tpl = await ok("CreateLiveRecordTemplate", alice, "CreateLiveRecordTemplate", {
  TemplateName: "sdk_flv-hls", Description: "from the Node SDK",
  FlvParam: { Enable: 1, RecordInterval: 600, StorageTime: 86400, VodFileName: "{StreamID}_{StartYear}{StartMonth}{StartDay}" },
  HlsParam: { Enable: 1 }, HlsSpecialParam: { FlowContinueDuration: 30 }, RemoveWatermark: true,
  FlvSpecialParam: { UploadInRecording: false },
}, (r) => Number.isInteger(r.TemplateId) && r.TemplateId > 0);
const tplId = tpl?.TemplateId ?? 0;
await ok("DescribeLiveRecordTemplate", alice, "DescribeLiveRecordTemplate", { TemplateId: tplId }, (r) => {
  const t = r.Template;
  return t.TemplateId === tplId && t.TemplateName === "sdk_flv-hls" && t.FlvParam.Enable === 1 && t.FlvParam.RecordInterval === 600
    && t.HlsParam.Enable === 1 && t.Mp4Param.Enable === 0 && t.AacParam.Enable === 0 && t.Mp3Param.Enable === 0
    && t.HlsSpecialParam.FlowContinueDuration === 30 && t.RemoveWatermark === true && t.FlvParam.ClassId === null;
});
await ok("ModifyLiveRecordTemplate", alice, "ModifyLiveRecordTemplate", { TemplateId: tplId, Mp4Param: { Enable: 1, RecordInterval: 3600 }, FlvParam: { RecordInterval: 900 } });
await ok("DescribeLiveRecordTemplates", alice, "DescribeLiveRecordTemplates", {}, (r) =>
  r.Templates.length === 1 && r.Templates[0].Mp4Param.Enable === 1 && r.Templates[0].FlvParam.Enable === 1
  && r.Templates[0].FlvParam.RecordInterval === 900);
await fails("CreateLiveRecordTemplate interval", alice, "CreateLiveRecordTemplate", { TemplateName: "bad", FlvParam: { RecordInterval: 30 } }, "InvalidParameterValue");
await fails("CreateLiveRecordTemplate aac interval", alice, "CreateLiveRecordTemplate", { TemplateName: "bad", AacParam: { RecordInterval: 7201 } }, "InvalidParameterValue");
await fails("CreateLiveRecordTemplate name", alice, "CreateLiveRecordTemplate", { TemplateName: "bad name!" }, "InvalidParameter.ArgsNotMatch");
await fails("CreateLiveRecordTemplate VodFileName", alice, "CreateLiveRecordTemplate", { TemplateName: "bad", HlsParam: { VodFileName: "../{StreamID}" } }, "InvalidParameter.InvalidVodFileName");
await fails("CreateLiveRecordTemplate flow", alice, "CreateLiveRecordTemplate", { TemplateName: "bad", HlsSpecialParam: { FlowContinueDuration: 1801 } }, "InvalidParameterValue");
await fails("CreateLiveRecordTemplate missing name", alice, "CreateLiveRecordTemplate", {}, "MissingParameter");
await fails("DescribeLiveRecordTemplate other account", bob, "DescribeLiveRecordTemplate", { TemplateId: tplId }, "InvalidParameter.ConfNotFound");
await fails("ModifyLiveRecordTemplate other account", bob, "ModifyLiveRecordTemplate", { TemplateId: tplId, TemplateName: "x" }, "InvalidParameter.ConfNotFound");
await ok("DescribeLiveRecordTemplates isolated", bob, "DescribeLiveRecordTemplates", {}, (r) => r.Templates.length === 0);

// ---- record rules
await ok("CreateLiveRecordRule", alice, "CreateLiveRecordRule", { DomainName: domain, TemplateId: tplId, AppName: "live", StreamName: "" });
await fails("CreateLiveRecordRule twice", alice, "CreateLiveRecordRule", { DomainName: domain, TemplateId: tplId, AppName: "live", StreamName: "" }, "FailedOperation.RuleAlreadyExist");
await fails("CreateLiveRecordRule unknown template", alice, "CreateLiveRecordRule", { DomainName: domain, TemplateId: 987654321 }, "InvalidParameter.ConfNotFound");
await ok("DescribeLiveRecordRules", alice, "DescribeLiveRecordRules", {}, (r) =>
  r.Rules.length === 1 && r.Rules[0].DomainName === domain && r.Rules[0].AppName === "live" && r.Rules[0].TemplateId === tplId
  && /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/.test(r.Rules[0].CreateTime));
await fails("DeleteLiveRecordTemplate in use", alice, "DeleteLiveRecordTemplate", { TemplateId: tplId }, "FailedOperation.ConfInUsed");
await fails("DeleteLiveRecordRule no match", alice, "DeleteLiveRecordRule", { DomainName: domain, AppName: "", StreamName: "" }, "FailedOperation.NotFound");
await ok("DescribeLiveRecordRules isolated", bob, "DescribeLiveRecordRules", {}, (r) => r.Rules.length === 0);
await ok("DeleteLiveRecordRule", alice, "DeleteLiveRecordRule", { DomainName: domain, AppName: "live", StreamName: "" });

// ---- callback templates and rules
const cb = await ok("CreateLiveCallbackTemplate", alice, "CreateLiveCallbackTemplate", {
  TemplateName: "sdk-callbacks", RecordNotifyUrl: "http://127.0.0.1:9/record", StreamBeginNotifyUrl: "https://hooks.example.com/begin",
  CallbackKey: "cbkey", RecordExceptionLevels: ["error", "warning"],
}, (r) => Number.isInteger(r.TemplateId) && r.TemplateId > 0);
const cbId = cb?.TemplateId ?? 0;
await fails("CreateLiveCallbackTemplate ftp", alice, "CreateLiveCallbackTemplate", { TemplateName: "bad", RecordNotifyUrl: "ftp://x/y" }, "InvalidParameter.UrlNotSafe");
await fails("CreateLiveCallbackTemplate no url", alice, "CreateLiveCallbackTemplate", { TemplateName: "bad" }, "MissingParameter");
await ok("ModifyLiveCallbackTemplate", alice, "ModifyLiveCallbackTemplate", { TemplateId: cbId, StreamBeginNotifyUrl: "", StreamEndNotifyUrl: "http://h/end" });
await ok("DescribeLiveCallbackTemplate", alice, "DescribeLiveCallbackTemplate", { TemplateId: cbId }, (r) =>
  r.Template.TemplateName === "sdk-callbacks" && r.Template.RecordNotifyUrl === "http://127.0.0.1:9/record"
  && r.Template.StreamBeginNotifyUrl === "" && r.Template.StreamEndNotifyUrl === "http://h/end" && r.Template.CallbackKey === "cbkey"
  && r.Template.RecordExceptionLevels.join(",") === "error,warning");
await ok("DescribeLiveCallbackTemplates", alice, "DescribeLiveCallbackTemplates", {}, (r) => r.Templates.length === 1);
await ok("DescribeLiveCallbackTemplates isolated", bob, "DescribeLiveCallbackTemplates", {}, (r) => r.Templates.length === 0);
await fails("DescribeLiveCallbackTemplate other account", bob, "DescribeLiveCallbackTemplate", { TemplateId: cbId }, "InvalidParameter.ConfNotFound");
await ok("CreateLiveCallbackRule", alice, "CreateLiveCallbackRule", { DomainName: domain, AppName: "live", TemplateId: cbId });
await fails("CreateLiveCallbackRule twice", alice, "CreateLiveCallbackRule", { DomainName: domain, AppName: "live", TemplateId: cbId }, "FailedOperation.RuleAlreadyExist");
await ok("DescribeLiveCallbackRules", alice, "DescribeLiveCallbackRules", {}, (r) =>
  r.Rules.length === 1 && r.Rules[0].TemplateId === cbId && /\+08:00$/.test(r.Rules[0].CreateTime));
await fails("DeleteLiveCallbackTemplate in use", alice, "DeleteLiveCallbackTemplate", { TemplateId: cbId }, "FailedOperation.ConfInUsed");
await ok("DeleteLiveCallbackRule", alice, "DeleteLiveCallbackRule", { DomainName: domain, AppName: "live" });
await fails("DeleteLiveCallbackRule again", alice, "DeleteLiveCallbackRule", { DomainName: domain, AppName: "live" }, "FailedOperation.NotFound");
await ok("DeleteLiveCallbackTemplate", alice, "DeleteLiveCallbackTemplate", { TemplateId: cbId });
await ok("DescribeLiveCallbackRules empty", alice, "DescribeLiveCallbackRules", {}, (r) => r.Rules.length === 0);

// ---- record tasks
const task = await ok("CreateRecordTask", alice, "CreateRecordTask", {
  StreamName: "sdkstream", DomainName: domain, AppName: "live", StartTime: now + 60, EndTime: now + 3600,
  TemplateId: tplId, StreamType: 0, Extension: "ext",
}, (r) => typeof r.TaskId === "string" && /^[0-9A-Za-z]{40}$/.test(r.TaskId));
const taskId = task?.TaskId ?? "missing";
const noTpl = await ok("CreateRecordTask defaults", alice, "CreateRecordTask", {
  StreamName: "sdkstream2", DomainName: domain, AppName: "live", EndTime: now + 600, StreamType: 1,
}, (r) => typeof r.TaskId === "string");
await fails("CreateRecordTask EndTime past", alice, "CreateRecordTask", { StreamName: "s", DomainName: domain, AppName: "live", EndTime: now - 10 }, "InvalidParameter.InvalidTaskTime");
await fails("CreateRecordTask window", alice, "CreateRecordTask", { StreamName: "s", DomainName: domain, AppName: "live", StartTime: now, EndTime: now + 86401 }, "InvalidParameter.InvalidTaskTime");
await fails("CreateRecordTask 7 days", alice, "CreateRecordTask", { StreamName: "s", DomainName: domain, AppName: "live", StartTime: now + 7 * 86400 - 100, EndTime: now + 7 * 86400 + 100 }, "InvalidParameter.InvalidTaskTime");
await fails("CreateRecordTask missing", alice, "CreateRecordTask", { StreamName: "s", DomainName: domain, EndTime: now + 60 }, "MissingParameter");
await fails("CreateRecordTask StreamType", alice, "CreateRecordTask", { StreamName: "s", DomainName: domain, AppName: "live", EndTime: now + 60, StreamType: 5 }, "InvalidParameterValue");
await ok("DescribeRecordTask", alice, "DescribeRecordTask", { StartTime: now - 60, EndTime: now + 7200 }, (r) => {
  const t = r.TaskList.find((x) => x.TaskId === taskId);
  const d = r.TaskList.find((x) => x.TaskId === noTpl?.TaskId);
  return r.ScrollToken === "" && r.TaskList.length === 2 && t && t.DomainName === domain && t.AppName === "live"
    && t.StreamName === "sdkstream" && t.StartTime === now + 60 && t.EndTime === now + 3600 && t.TemplateId === tplId
    && t.Stopped === 0 && d && d.TemplateId === 0 && d.StartTime >= now - 5;
});
await ok("DescribeRecordTask filter", alice, "DescribeRecordTask", { StartTime: now - 60, EndTime: now + 7200, StreamName: "sdkstream2" }, (r) =>
  r.TaskList.length === 1 && r.TaskList[0].StreamName === "sdkstream2");
await fails("DescribeRecordTask 90 days", alice, "DescribeRecordTask", { StartTime: now - 91 * 86400, EndTime: now - 90 * 86400 }, "InvalidParameter.InvalidTaskTime");
await fails("DescribeRecordTask week", alice, "DescribeRecordTask", { StartTime: now, EndTime: now + 8 * 86400 }, "InvalidParameter.InvalidTaskTime");
await fails("DescribeRecordTask token", alice, "DescribeRecordTask", { StartTime: now, EndTime: now + 3600, ScrollToken: "garbage" }, "InvalidParameter");

// isolation: Bob cannot see, stop or delete Alice's task
await ok("DescribeRecordTask isolated", bob, "DescribeRecordTask", { StartTime: now - 60, EndTime: now + 7200 }, (r) =>
  r.TaskList.length === 0 && r.ScrollToken === "");
await fails("CreateRecordTask on another account's domain", bob, "CreateRecordTask", { StreamName: "s", DomainName: domain, AppName: "live", EndTime: now + 60 }, "ResourceNotFound.DomainNotExist");
await fails("StopRecordTask other account", bob, "StopRecordTask", { TaskId: taskId }, "ResourceNotFound.TaskId");
await fails("DeleteRecordTask other account", bob, "DeleteRecordTask", { TaskId: taskId }, "ResourceNotFound.TaskId");
await ok("DescribeRecordTask unchanged by other account", alice, "DescribeRecordTask", { StartTime: now - 60, EndTime: now + 7200, StreamName: "sdkstream" }, (r) =>
  r.TaskList.length === 1 && r.TaskList[0].Stopped === 0);

await ok("StopRecordTask", alice, "StopRecordTask", { TaskId: taskId });
await ok("DescribeRecordTask stopped", alice, "DescribeRecordTask", { StartTime: now - 60, EndTime: now + 7200, StreamName: "sdkstream" }, (r) =>
  r.TaskList.length === 1 && r.TaskList[0].Stopped >= now && r.TaskList[0].Stopped <= now + 600);
await fails("StopRecordTask unknown", alice, "StopRecordTask", { TaskId: "doesnotexist" }, "ResourceNotFound.TaskId");
await ok("DeleteRecordTask", alice, "DeleteRecordTask", { TaskId: taskId });
await fails("DeleteRecordTask again", alice, "DeleteRecordTask", { TaskId: taskId }, "ResourceNotFound.TaskId");
await ok("DescribeRecordTask after delete", alice, "DescribeRecordTask", { StartTime: now - 60, EndTime: now + 7200 }, (r) =>
  r.TaskList.length === 1 && r.TaskList[0].TaskId === noTpl?.TaskId);

// ---- old APIs
await fails("CreateLiveRecord", alice, "CreateLiveRecord", { StreamName: "s", DomainName: domain, AppName: "live" }, "UnsupportedOperation");
await fails("StopLiveRecord", alice, "StopLiveRecord", { StreamName: "s", TaskId: 1 }, "UnsupportedOperation");
await fails("DeleteLiveRecord", alice, "DeleteLiveRecord", { StreamName: "s", TaskId: 1 }, "UnsupportedOperation");

// ---- cleanup paths
await ok("DeleteLiveRecordTemplate", alice, "DeleteLiveRecordTemplate", { TemplateId: tplId });
await fails("DescribeLiveRecordTemplate deleted", alice, "DescribeLiveRecordTemplate", { TemplateId: tplId }, "InvalidParameter.ConfNotFound");
await fails("DeleteLiveDomain other account", bob, "DeleteLiveDomain", { DomainName: domain, DomainType: 0 }, "ResourceNotFound.DomainNotExist");
await ok("DeleteLiveDomain", alice, "DeleteLiveDomain", { DomainName: domain, DomainType: 0 });
await fails("DeleteLiveDomain again", alice, "DeleteLiveDomain", { DomainName: domain, DomainType: 0 }, "ResourceNotFound.DomainNotExist");

timings.sort((a, b) => b[0] - a[0]);
console.error(`sdk-interop: ${timings.length} calls in ${Date.now() - started} ms; slowest: ${JSON.stringify(timings.slice(0, 5))}`);
console.log(JSON.stringify({ passed, failed: failures.length, failures, actions: [...actions].sort(), elapsedMs: Date.now() - started }));
process.exit(failures.length === 0 ? 0 : 1);
