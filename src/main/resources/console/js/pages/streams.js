// Live streams: codec, resolution, bitrate, uptime from DescribeLiveStreamPushInfoList (falls back to the online
// list), with preview, record and drop actions. Refreshes every few seconds while shown.
import { call, ApiError } from '../api.js';
import { h, clear, table, panel, pageHead, errorBox, fmtBitrate, fmtDuration, fmtBytes, runAction, confirmAction } from '../ui.js';
import { createTaskDialog } from './tasks.js';
import { previewStream } from '../player.js';

const REFRESH_MS = 4000;

export async function render(main) {
  const host = h('div');
  const stamp = h('span', { class: 'muted small' });
  main.append(pageHead('Live streams', 'Streams being pushed to this node now.', stamp,
    h('button', { onclick: () => load() }, 'Refresh')), host);

  let stopped = false;
  let lastKeys = '';
  async function load() {
    try {
      const rows = await fetchStreams();
      stamp.textContent = 'updated ' + new Date().toLocaleTimeString();
      // the same streams as before: refresh the figures in place so rows and buttons do not move
      const keys = JSON.stringify(rows.map((r) => [r.domain, r.app, r.stream, r.vcodec, r.resolution, r.acodec]));
      if (keys === lastKeys) {
        host.querySelector('.cards').replaceWith(summary(rows));
        for (const r of rows) {
          const tr = host.querySelector(`tr[data-key="${CSS.escape(`${r.domain}/${r.app}/${r.stream}`)}"]`);
          if (!tr) continue;
          const cols = columns(load);
          for (const i of [1, 3, 4]) tr.children[i].replaceChildren(cols[i].render(r));
        }
        return;
      }
      lastKeys = keys;
      clear(host, summary(rows), panel(`Online (${rows.length})`, table(columns(load), rows,
        'No stream is live. Push one with: ffmpeg -re -i input.mp4 -c copy -f flv rtmp://<host>/live/<stream>',
        (r) => ({ dataset: { key: `${r.domain}/${r.app}/${r.stream}` } }))));
    } catch (e) {
      lastKeys = '';
      clear(host, errorBox(e));
    }
  }
  await load();
  const timer = setInterval(() => { if (!stopped && !document.querySelector('dialog[open]')) load(); }, REFRESH_MS);
  return () => { stopped = true; clearInterval(timer); };
}

/** Normalized rows: from the push-info list when the server has it, else from the online list. */
export async function fetchStreams() {
  try {
    const r = await call('DescribeLiveStreamPushInfoList', { PageNum: 1, PageSize: 1000 });
    return (r.DataInfoList || []).map((d) => ({
      domain: d.PushDomain, app: d.AppName, stream: d.StreamName, vcodec: d.Vcodec, acodec: d.Acodec,
      resolution: d.Resolution ? d.Resolution.replace('*', '×') : '', fps: d.VideoFps, sampleRate: d.AsampleRate,
      bps: (d.VideoSpeed || 0) + (d.AudioSpeed || 0) || d.AverageSpeed || 0, uptime: d.UptimeSeconds,
      begin: d.BeginPushTime, clientIp: d.ClientIp, bytesIn: d.BytesIn,
    }));
  } catch (e) {
    if (!(e instanceof ApiError) || e.code !== 'InvalidAction') throw e;
  }
  const r = await call('DescribeLiveStreamOnlineList', { PageNum: 1, PageSize: 1000 });
  return (r.OnlineInfo || []).map((o) => {
    const t = o.PublishTimeList && o.PublishTimeList[0] ? o.PublishTimeList[0].PublishTime : null;
    return { domain: o.DomainName, app: o.AppName, stream: o.StreamName, begin: t,
      uptime: t ? (Date.now() - Date.parse(t)) / 1000 : null };
  });
}

function summary(rows) {
  const total = rows.reduce((a, r) => a + (r.bps || 0), 0);
  return h('div', { class: 'cards' },
    h('div', { class: 'card-stat' }, h('div', { class: 'n', id: 'live-count' }, rows.length), h('div', { class: 'l' }, 'streams live')),
    h('div', { class: 'card-stat' }, h('div', { class: 'n' }, fmtBitrate(total)), h('div', { class: 'l' }, 'total ingest')));
}

function columns(reload) {
  return [
    { title: 'Stream', render: (r) => h('div', {}, h('div', { class: 'mono' }, `${r.app}/${r.stream}`), h('div', { class: 'muted small' }, r.domain)) },
    { title: 'Video', render: (r) => r.vcodec ? h('div', {}, `${r.vcodec} ${r.resolution || ''}`, r.fps ? h('div', { class: 'muted small' }, `${r.fps} fps`) : null) : h('span', { class: 'muted' }, '—') },
    { title: 'Audio', render: (r) => r.acodec ? `${r.acodec}${r.sampleRate ? ' ' + (r.sampleRate / 1000) + ' kHz' : ''}` : h('span', { class: 'muted' }, '—') },
    { title: 'Bitrate', render: (r) => r.bps != null ? h('div', {}, fmtBitrate(r.bps), r.bytesIn ? h('div', { class: 'muted small' }, fmtBytes(r.bytesIn) + ' in') : null) : '—' },
    { title: 'Uptime', render: (r) => h('div', {}, r.uptime != null ? fmtDuration(r.uptime) : '—', r.clientIp ? h('div', { class: 'muted small' }, 'from ' + r.clientIp) : null) },
    { title: '', class: 'actions', render: (r) => [
      h('button', { class: 'small', onclick: () => previewStream(r) }, 'Preview'),
      h('button', { class: 'small primary', dataset: { stream: r.stream }, onclick: () => createTaskDialog({ domain: r.domain, app: r.app, stream: r.stream }) }, 'Record'),
      h('button', { class: 'small danger', onclick: (ev) => {
        if (!confirmAction(`Disconnect the publisher of ${r.app}/${r.stream}?`)) return;
        runAction(ev.target, () => call('DropLiveStream', { DomainName: r.domain, AppName: r.app, StreamName: r.stream }), 'Stream dropped').then(reload);
      } }, 'Drop'),
    ] },
  ];
}
