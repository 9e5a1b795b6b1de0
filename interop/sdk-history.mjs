// The record-adjacent history actions and the event-332 body, through the official Tencent Cloud Node.js SDK,
// with a real push: a callback receiver on 127.0.0.1, a callback template + rule for the push domain, a record
// task, ffmpeg publishing a few seconds over RTMP; then the 332 bodies (Tencent's fields), the push in
// DescribeLiveStreamPublishedList / DescribeLiveStreamEventList, the deliveries in DescribeCallbackRecordsList and the
// recording in DescribeConcurrentRecordStreamNum, plus the parameter errors of each.
// Environment: LIVEREC_ENDPOINT (host:port), LIVEREC_RTMP (host:port), LIVEREC_A_ID/KEY, LIVEREC_B_ID/KEY.
// Prints one JSON summary line {"passed","failed","failures","actions"}; exit code 0 only when every check passed.
import http from "node:http";
import { spawn } from "node:child_process";
import { alice, bob, env } from "./sdk-clients.mjs";


let passed = 0;
const failures = [];
const actions = new Set();
const check = (name, cond, detail) => (cond ? passed++ : failures.push(`${name}: ${detail ?? "assertion failed"}`));

async function ok(name, c, action, req, verify = () => true) {
  actions.add(action);
  try {
    const res = await c[action](req);
    let good = false;
    try {
      good = verify(res) !== false;
    } catch (e) {
      check(name, false, `verify threw ${e.message} on ${JSON.stringify(res)}`);
      return res;
    }
    check(name, good && typeof res.RequestId === "string", `unexpected ${JSON.stringify(res)}`);
    return res;
  } catch (e) {
    check(name, false, `failed with ${e.code}: ${e.message}`);
    return undefined;
  }
}

async function fails(name, c, action, req, code) {
  actions.add(action);
  try {
    const res = await c[action](req);
    check(name, false, `succeeded: ${JSON.stringify(res)}`);
  } catch (e) {
    check(name, e.code === code, `expected ${code}, got ${e.code}: ${e.message}`);
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const utc = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
const beijing = (ms) => new Date(ms + 8 * 3600_000).toISOString().replace("T", " ").replace(/\.\d{3}Z$/, "");

// ---- the callback receiver
const received = [];
const receiver = http.createServer((req, res) => {
  let body = "";
  req.on("data", (c) => (body += c));
  req.on("end", () => {
    try {
      received.push(JSON.parse(body));
    } catch {
      received.push({ unparsable: body });
    }
    res.writeHead(200, { "content-type": "application/json" }).end('{"code":0}');
  });
});
await new Promise((r) => receiver.listen(0, "127.0.0.1", r));
const hook = `http://127.0.0.1:${receiver.address().port}`;

const suffix = Math.random().toString(36).slice(2, 8);
const domain = `hist-${suffix}.example.com`;
const stream = `histstream${suffix}`;
const t0 = Date.now();

await ok("AddLiveDomain", alice, "AddLiveDomain", { DomainName: domain, DomainType: 0 });
await ok("ModifyLivePushAuthKey off", alice, "ModifyLivePushAuthKey", { DomainName: domain, Enable: 0 });
const cb = await ok("CreateLiveCallbackTemplate", alice, "CreateLiveCallbackTemplate", {
  TemplateName: "hist", RecordStatusNotifyUrl: `${hook}/status`, StreamBeginNotifyUrl: `${hook}/begin`,
  StreamEndNotifyUrl: `${hook}/end`, RecordNotifyUrl: `${hook}/record`, CallbackKey: "histkey",
});
await ok("CreateLiveCallbackRule", alice, "CreateLiveCallbackRule", { DomainName: domain, AppName: "live", TemplateId: cb?.TemplateId ?? 0 });
const tpl = await ok("CreateLiveRecordTemplate", alice, "CreateLiveRecordTemplate", { TemplateName: "histflv", FlvParam: { Enable: 1 } });
const task = await ok("CreateRecordTask", alice, "CreateRecordTask", {
  StreamName: stream, DomainName: domain, AppName: "live", EndTime: Math.floor(t0 / 1000) + 600, TemplateId: tpl?.TemplateId ?? 0,
});
const taskId = task?.TaskId ?? "missing";

// ---- a real push: about 4 s of H.264 + AAC
const ffmpeg = spawn("ffmpeg", ["-hide_banner", "-loglevel", "error", "-re", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=25",
  "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100", "-t", "4", "-c:v", "libx264", "-preset", "ultrafast",
  "-g", "25", "-pix_fmt", "yuv420p", "-c:a", "aac", "-f", "flv", `rtmp://${env("LIVEREC_RTMP")}/live/${stream}?domain=${domain}`], { stdio: ["ignore", "ignore", "inherit"] });
const exit = await new Promise((r) => ffmpeg.on("exit", r));
check("ffmpeg pushed", exit === 0, `ffmpeg exit ${exit}`);

const statusEvents = () => received.filter((b) => b.event_type === 332);
for (let i = 0; i < 100 && !(statusEvents().some((b) => b.record_event === "record_ended")
  && received.some((b) => b.event_type === 0)); i++) await sleep(200);
const t1 = Date.now() + 1000;

// ---- event 332: Tencent's body
const events = statusEvents();
check("332 received", events.length >= 2, JSON.stringify(received));
const started = events.find((b) => b.record_event === "record_start_succeeded");
const ended = events.find((b) => b.record_event === "record_ended");
check("332 start and end", started && ended, JSON.stringify(events));
if (started && ended) {
  for (const f of ["appid", "appname", "domain", "event_time", "event_type", "record_detail", "record_event", "seq", "session_id", "stream_id", "sign", "t"]) {
    check(`332 has ${f}`, started[f] !== undefined, JSON.stringify(started));
  }
  check("332 domain", started.domain === domain && started.appname === "live" && started.stream_id === stream, JSON.stringify(started));
  check("332 no app field", started.app === undefined, JSON.stringify(started));
  check("332 session_id is the task", started.session_id === taskId && ended.session_id === taskId, JSON.stringify(events));
  check("332 seq strings in order", typeof started.seq === "string" && Number(ended.seq) > Number(started.seq), JSON.stringify(events));
  check("332 record_detail is a JSON string", typeof started.record_detail === "string", typeof started.record_detail);
  const detail = JSON.parse(started.record_detail);
  check("332 record_detail fields", detail.file_format === 1 && detail.start_model === 5 && detail.record_content === 1
    && detail.source_type === 1 && Number.isInteger(detail.record_bps), started.record_detail);
  check("332 event_time", Math.abs(started.event_time * 1000 - t0) < 120_000, String(started.event_time));
  check("332 extras kept", started.task_id === taskId && started.errcode === 0 && typeof started.node === "string", JSON.stringify(started));
}

// ---- DescribeLiveStreamPublishedList
const window = { StartTime: utc(t0 - 60_000), EndTime: utc(t1) };
await ok("DescribeLiveStreamPublishedList", alice, "DescribeLiveStreamPublishedList", { DomainName: domain, ...window }, (r) => {
  const p = r.PublishInfo.find((x) => x.StreamName === stream);
  return r.TotalNum === 1 && r.PageNum === 1 && r.PageSize === 10 && r.TotalPage === 1 && p && p.AppName === "live"
    && p.DomainName === domain && /Z$/.test(p.StreamStartTime) && /Z$/.test(p.StreamEndTime) && p.Duration >= 2
    && p.ClientIp === "127.0.0.1" && p.Resolution === "320*240";
});
await ok("DescribeLiveStreamPublishedList fuzzy", alice, "DescribeLiveStreamPublishedList", { DomainName: domain, ...window, StreamName: suffix, AppName: "live" }, (r) => r.TotalNum === 1);
await ok("DescribeLiveStreamPublishedList none", alice, "DescribeLiveStreamPublishedList", { DomainName: domain, ...window, StreamName: "zzz" }, (r) => r.TotalNum === 0 && r.PublishInfo.length === 0);
await fails("DescribeLiveStreamPublishedList missing", alice, "DescribeLiveStreamPublishedList", { DomainName: domain, StartTime: window.StartTime }, "MissingParameter");
await fails("DescribeLiveStreamPublishedList time format", alice, "DescribeLiveStreamPublishedList", { DomainName: domain, StartTime: "yesterday", EndTime: window.EndTime }, "InvalidParameter");
await fails("DescribeLiveStreamPublishedList span", alice, "DescribeLiveStreamPublishedList", { DomainName: domain, StartTime: utc(t0 - 40 * 86400_000), EndTime: utc(t0) }, "InvalidParameter");
await fails("DescribeLiveStreamPublishedList order", alice, "DescribeLiveStreamPublishedList", { DomainName: domain, StartTime: window.EndTime, EndTime: window.StartTime }, "InvalidParameter");
await fails("DescribeLiveStreamPublishedList page size", alice, "DescribeLiveStreamPublishedList", { DomainName: domain, ...window, PageSize: 5 }, "InvalidParameterValue");
await fails("DescribeLiveStreamPublishedList other account", bob, "DescribeLiveStreamPublishedList", { DomainName: domain, ...window }, "ResourceNotFound.DomainNotExist");

// ---- DescribeLiveStreamEventList
await ok("DescribeLiveStreamEventList", alice, "DescribeLiveStreamEventList", { ...window }, (r) => {
  const e = r.EventList.find((x) => x.StreamName === stream);
  return r.TotalNum === 1 && e && e.DomainName === domain && e.StreamEndTime !== "" && e.StopReason !== "" && r.PageSize === 10;
});
await ok("DescribeLiveStreamEventList strict", alice, "DescribeLiveStreamEventList", { ...window, StreamName: stream, IsStrict: 1, IsAsc: 1, IsFilter: 1, DomainName: domain, PageSize: 1 }, (r) => r.TotalNum === 1 && r.EventList.length === 1);
await ok("DescribeLiveStreamEventList strict miss", alice, "DescribeLiveStreamEventList", { ...window, StreamName: suffix, IsStrict: 1 }, (r) => r.TotalNum === 0);
await ok("DescribeLiveStreamEventList isolated", bob, "DescribeLiveStreamEventList", { ...window }, (r) => r.TotalNum === 0 && r.EventList.length === 0);
await fails("DescribeLiveStreamEventList IsAsc", alice, "DescribeLiveStreamEventList", { ...window, IsAsc: 3 }, "InvalidParameterValue");
await fails("DescribeLiveStreamEventList page size", alice, "DescribeLiveStreamEventList", { ...window, PageSize: 101 }, "InvalidParameterValue");
await fails("DescribeLiveStreamEventList old", alice, "DescribeLiveStreamEventList", { StartTime: utc(t0 - 70 * 86400_000), EndTime: utc(t0 - 69 * 86400_000) }, "InvalidParameter");

// ---- DescribeCallbackRecordsList
for (let i = 0; i < 50; i++) {
  const r = await alice.DescribeCallbackRecordsList({ ...window, StreamName: stream, PageNum: 1, PageSize: 100 }).catch(() => null);
  if (r && r.DataInfoList.filter((d) => d.EventType === 332).length >= 2 && r.DataInfoList.some((d) => d.EventType === 0)) break;
  await sleep(200);
}
await ok("DescribeCallbackRecordsList", alice, "DescribeCallbackRecordsList", { ...window, StreamName: stream, PageNum: 1, PageSize: 100 }, (r) => {
  const s = r.DataInfoList.find((d) => d.EventType === 332);
  return r.TotalNum >= 4 && r.DataInfoList.every((d) => d.StreamId === stream && d.ResultCode === 0)
    && r.DataInfoList.some((d) => d.EventType === 1) && s && JSON.parse(s.Request).session_id === taskId
    && /Z$/.test(s.EventTime) && /Z$/.test(s.ResponseTime) && s.Response === "HTTP 200";
});
await ok("DescribeCallbackRecordsList Beijing time", alice, "DescribeCallbackRecordsList", {
  StartTime: beijing(t0 - 60_000), EndTime: beijing(t1), StreamName: stream, PageNum: 1, PageSize: 1, EventType: 332, ResultCode: 0,
}, (r) => r.DataInfoList.length === 1 && r.TotalNum >= 2 && r.TotalPage === r.TotalNum && /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/.test(r.DataInfoList[0].EventTime));
await ok("DescribeCallbackRecordsList failures", alice, "DescribeCallbackRecordsList", { ...window, StreamName: stream, PageNum: 1, PageSize: 10, ResultCode: 1 }, (r) => r.TotalNum === 0);
await ok("DescribeCallbackRecordsList isolated", bob, "DescribeCallbackRecordsList", { ...window, StreamName: stream, PageNum: 1, PageSize: 10 }, (r) => r.TotalNum === 0);
await fails("DescribeCallbackRecordsList span", alice, "DescribeCallbackRecordsList", { StartTime: utc(t0 - 2 * 86400_000), EndTime: utc(t0), StreamName: stream, PageNum: 1, PageSize: 10 }, "InvalidParameter");
await fails("DescribeCallbackRecordsList old", alice, "DescribeCallbackRecordsList", { StartTime: utc(t0 - 15 * 86400_000), EndTime: utc(t0 - 15 * 86400_000 + 3600_000), StreamName: stream, PageNum: 1, PageSize: 10 }, "InvalidParameter");
await fails("DescribeCallbackRecordsList no stream", alice, "DescribeCallbackRecordsList", { ...window, PageNum: 1, PageSize: 10 }, "MissingParameter");
await fails("DescribeCallbackRecordsList no page", alice, "DescribeCallbackRecordsList", { ...window, StreamName: stream, PageSize: 10 }, "MissingParameter");
await fails("DescribeCallbackRecordsList event type", alice, "DescribeCallbackRecordsList", { ...window, StreamName: stream, PageNum: 1, PageSize: 10, EventType: 7 }, "InvalidParameterValue");

// ---- DescribeConcurrentRecordStreamNum
await ok("DescribeConcurrentRecordStreamNum", alice, "DescribeConcurrentRecordStreamNum", { LiveType: "NormalLive", ...window }, (r) =>
  r.DataInfoList.length >= 2 && r.DataInfoList.every((d) => /Z$/.test(d.Time) && Number.isInteger(d.Num))
  && r.DataInfoList.some((d) => d.Num === 1) && r.DataInfoList.every((d) => d.Num <= 1));
await ok("DescribeConcurrentRecordStreamNum domain", alice, "DescribeConcurrentRecordStreamNum", {
  LiveType: "NormalLive", StartTime: beijing(t0 - 60_000), EndTime: beijing(t1), PushDomains: [domain], MainlandOrOversea: "Mainland",
}, (r) => r.DataInfoList.some((d) => d.Num === 1) && /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/.test(r.DataInfoList[0].Time));
await ok("DescribeConcurrentRecordStreamNum other domain", alice, "DescribeConcurrentRecordStreamNum", { LiveType: "NormalLive", ...window, PushDomains: [`x-${domain}`] }, (r) => r.DataInfoList.every((d) => d.Num === 0));
await ok("DescribeConcurrentRecordStreamNum slow live", alice, "DescribeConcurrentRecordStreamNum", { LiveType: "SlowLive", ...window }, (r) => r.DataInfoList.every((d) => d.Num === 0));
await ok("DescribeConcurrentRecordStreamNum isolated", bob, "DescribeConcurrentRecordStreamNum", { LiveType: "NormalLive", ...window }, (r) => r.DataInfoList.every((d) => d.Num === 0));
await fails("DescribeConcurrentRecordStreamNum live type", alice, "DescribeConcurrentRecordStreamNum", { LiveType: "Fast", ...window }, "InvalidParameterValue");
await fails("DescribeConcurrentRecordStreamNum region", alice, "DescribeConcurrentRecordStreamNum", { LiveType: "NormalLive", ...window, MainlandOrOversea: "Moon" }, "InvalidParameterValue");
await fails("DescribeConcurrentRecordStreamNum missing", alice, "DescribeConcurrentRecordStreamNum", { ...window }, "MissingParameter");
await fails("DescribeConcurrentRecordStreamNum span", alice, "DescribeConcurrentRecordStreamNum", { LiveType: "NormalLive", StartTime: utc(t0 - 32 * 86400_000), EndTime: utc(t0) }, "InvalidParameter");

receiver.close();
console.log(JSON.stringify({ passed, failed: failures.length, failures, actions: [...actions].sort(), elapsedMs: Date.now() - t0 }));
process.exit(failures.length === 0 ? 0 : 1);
