// Recordings: a timeline per stream over the chosen period (one bar per file, colored by format) and the files
// with play and download. DescribeRecordFiles lists one stream (or task) at a time, so the page gathers the
// streams it knows of (live now, recent tasks, record rules naming a stream) plus any stream typed in.
import { call } from '../api.js';
import { h, clear, panel, pageHead, errorBox, toLocalInput, fromLocalInput, now, fmtTime } from '../ui.js';
import { listFiles, filesTable } from '../files.js';
import { playFile } from '../player.js';
import { clipBar } from '../clipbar.js';
import { fetchStreams } from './streams.js';
import { listTasks } from './tasks.js';

const MAX_STREAMS = 40;

async function knownStreams() {
  const keys = new Map();
  const add = (domain, app, stream) => { if (domain && stream) keys.set(`${domain}/${app || ''}/${stream}`.toLowerCase(), { domain, app, stream }); };
  const [live, tasks, rules] = await Promise.all([
    fetchStreams().catch(() => []),
    listTasks(now() - 7 * 24 * 3600 + 60, now() + 60).catch(() => []),
    call('DescribeLiveRecordRules', {}).then((r) => r.Rules || []).catch(() => []),
  ]);
  for (const s of live) add(s.domain, s.app, s.stream);
  for (const t of tasks) add(t.DomainName, t.AppName, t.StreamName);
  for (const r of rules) if (r.StreamName) add(r.DomainName, r.AppName, r.StreamName);
  return [...keys.values()];
}

export async function render(main, params) {
  const to = h('input', { type: 'datetime-local', step: 1, value: toLocalInput(now() + 60) });
  const from = h('input', { type: 'datetime-local', step: 1, value: toLocalInput(now() - 24 * 3600) });
  const domain = h('input', { placeholder: 'domain', value: params.get('domain') || '', style: 'width:160px' });
  const app = h('input', { placeholder: 'app', value: params.get('app') || '', style: 'width:80px' });
  const stream = h('input', { placeholder: 'stream', value: params.get('stream') || '', style: 'width:120px' });
  const host = h('div');
  main.append(pageHead('Recordings', 'Files recorded by tasks and record rules, per stream. Click a bar or Play to watch.'),
    h('div', { class: 'toolbar' }, 'From', from, 'to', to, h('span', { class: 'muted' }, 'stream'), domain, app, stream,
      h('button', { class: 'primary', id: 'show-recordings', onclick: () => load() }, 'Show')), host);

  async function load() {
    const a = fromLocalInput(from.value), b = fromLocalInput(to.value);
    clear(host, h('div', { class: 'empty' }, 'Loading…'));
    try {
      let streams;
      if (domain.value.trim() && stream.value.trim()) streams = [{ domain: domain.value.trim(), app: app.value.trim(), stream: stream.value.trim() }];
      else streams = (await knownStreams()).filter((s) => !stream.value.trim() || s.stream === stream.value.trim()).slice(0, MAX_STREAMS);
      const groups = [];
      for (const s of streams) {
        const filter = { DomainName: s.domain, StreamName: s.stream, StartTime: a, EndTime: b };
        if (s.app) filter.AppName = s.app;
        const files = await listFiles(filter);
        if (files === null) { clear(host, h('div', { class: 'empty' }, 'This server does not list recording files (DescribeRecordFiles).')); return; }
        if (files.length) groups.push([`${s.domain}/${s.app}/${s.stream}`, files, s]);
      }
      const all = groups.flatMap(([, f]) => f).sort((x, y) => (y.start || 0) - (x.start || 0));
      const timelines = h('div');
      for (const [k, list, s] of groups) {
        const [lo, hi] = extent(list, a, b);
        timelines.append(timeline(k, list, lo, hi), clipBar(s, lo, hi, () => load()));
      }
      clear(host,
        panel(`Timeline (${groups.length} stream${groups.length === 1 ? '' : 's'})`,
          groups.length ? timelines : h('div', { class: 'empty' }, 'No recording in this period.'),
          h('span', { class: 'legend' }, ['hls', 'mp4', 'flv', 'aac'].map((f) => h('span', {}, h('i', { class: 'seg ' + f }), f.toUpperCase())))),
        panel(`Files (${all.length})`, filesTable(all, 'No recording in this period.')));
    } catch (e) {
      clear(host, errorBox(e));
    }
  }
  await load();
}

/** The span a stream's timeline shows: its files (with a margin), at least a minute, inside the query window. */
function extent(files, a, b) {
  const starts = files.map((f) => f.start).filter((x) => x !== undefined);
  if (!starts.length) return [a, b];
  const ends = files.map((f) => (f.end !== undefined ? f.end : f.start));
  let lo = Math.min(...starts), hi = Math.max(...ends);
  const pad = Math.max(30, (hi - lo) * 0.05);
  lo = Math.max(a, lo - pad);
  hi = Math.min(b, hi + pad);
  return [lo, Math.max(hi, lo + 60)];
}

/** One lane per format, so formats recorded at the same time never cover each other; each file is a button. */
function timeline(key, files, a, b) {
  const span = Math.max(1, b - a);
  const formats = [...new Set(files.filter((f) => f.start !== undefined).map((f) => f.format))].sort();
  const lanes = formats.map((format) => {
    const bar = h('div', { class: 'timeline', dataset: { format } });
    for (const f of files) {
      if (f.start === undefined || f.format !== format) continue;
      const s = Math.max(a, f.start), e = Math.min(b, f.end !== undefined ? f.end : f.start + 1);
      const left = ((s - a) / span) * 100, width = Math.max(0.2, ((e - s) / span) * 100);
      const label = `Play ${format.toUpperCase()} ${fmtTime(f.start)}`;
      bar.append(h('button', { type: 'button', class: 'seg ' + format, style: `left:${left}%;width:${width}%`, title: label,
        'aria-label': label, disabled: !f.url, onclick: () => f.url && playFile(f) }));
    }
    return h('div', { class: 'lane' }, h('span', { class: 'lane-label' }, format.toUpperCase()), bar);
  });
  return h('div', { class: 'stream-block' }, h('div', { class: 'mono' }, key), ...lanes,
    h('div', { class: 'timeline-scale' }, h('span', {}, fmtTime(a)), h('span', {}, fmtTime(a + span / 2)), h('span', {}, fmtTime(b))));
}
