// Recordings: a timeline per stream over the chosen period (one bar per file, colored by format) and the files
// with play and download.
import { h, clear, panel, pageHead, errorBox, toLocalInput, fromLocalInput, now, fmtTime } from '../ui.js';
import { listFiles, filesTable } from '../files.js';
import { playFile } from '../player.js';

export async function render(main, params) {
  const to = h('input', { type: 'datetime-local', step: 1, value: toLocalInput(now() + 60) });
  const from = h('input', { type: 'datetime-local', step: 1, value: toLocalInput(now() - 24 * 3600) });
  const stream = h('input', { placeholder: 'stream name (optional)', value: params.get('stream') || '' });
  const host = h('div');
  main.append(pageHead('Recordings', 'Files recorded by tasks and record rules.'),
    h('div', { class: 'toolbar' }, 'From', from, 'to', to, stream,
      h('button', { class: 'primary', onclick: () => load() }, 'Show')), host);

  async function load() {
    const a = fromLocalInput(from.value), b = fromLocalInput(to.value);
    const filter = { StartTime: a, EndTime: b };
    if (stream.value.trim()) filter.StreamName = stream.value.trim();
    try {
      const files = await listFiles(filter);
      if (files === null) { clear(host, h('div', { class: 'empty' }, 'This server does not list recording files (DescribeRecordFiles).')); return; }
      const groups = new Map();
      for (const f of files) {
        const k = `${f.domain}/${f.app}/${f.stream}`;
        if (!groups.has(k)) groups.set(k, []);
        groups.get(k).push(f);
      }
      const timelines = h('div');
      for (const [k, list] of groups) timelines.append(timeline(k, list, a, b));
      clear(host,
        panel(`Timeline (${groups.size} stream${groups.size === 1 ? '' : 's'})`,
          groups.size ? timelines : h('div', { class: 'empty' }, 'No recording in this period.'),
          h('span', { class: 'legend' }, ['hls', 'mp4', 'flv', 'aac'].map((f) => h('span', {}, h('i', { class: 'seg ' + f }), f.toUpperCase())))),
        panel(`Files (${files.length})`, filesTable(files.sort((x, y) => (y.start || 0) - (x.start || 0)), 'No recording in this period.')));
    } catch (e) {
      clear(host, errorBox(e));
    }
  }
  await load();
}

function timeline(key, files, a, b) {
  const span = Math.max(1, b - a);
  const bar = h('div', { class: 'timeline' });
  for (const f of files) {
    if (f.start === undefined) continue;
    const s = Math.max(a, f.start), e = Math.min(b, f.end !== undefined ? f.end : f.start + 1);
    const left = ((s - a) / span) * 100, width = Math.max(0.2, ((e - s) / span) * 100);
    bar.append(h('div', { class: 'seg ' + f.format, style: `left:${left}%;width:${width}%`, title: `${f.format} ${fmtTime(f.start)}`,
      onclick: () => f.url && playFile(f) }));
  }
  return h('div', { class: 'stream-block' }, h('div', { class: 'mono' }, key), bar,
    h('div', { class: 'timeline-scale' }, h('span', {}, fmtTime(a)), h('span', {}, fmtTime(a + span / 2)), h('span', {}, fmtTime(b))));
}
