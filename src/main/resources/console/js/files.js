// Recording files through the liverec extension action DescribeRecordFiles, normalized for the pages.
import { callOptional } from './api.js';
import { h, table, fmtTime, fmtDuration, fmtBytes } from './ui.js';
import { playFile } from './player.js';

const pick = (o, ...names) => { for (const n of names) if (o[n] !== undefined && o[n] !== null) return o[n]; return undefined; };

function toSeconds(v) {
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v === 'number') return v > 1e11 ? Math.floor(v / 1000) : v;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : Math.floor(t / 1000);
}

export function normalizeFile(f) {
  const start = toSeconds(pick(f, 'StartTime', 'FileStartTime', 'RecordStartTime'));
  const end = toSeconds(pick(f, 'EndTime', 'FileEndTime', 'RecordEndTime'));
  let duration = pick(f, 'Duration', 'DurationSeconds');
  if (duration === undefined && pick(f, 'DurationMillis', 'DurationMs') !== undefined) duration = pick(f, 'DurationMillis', 'DurationMs') / 1000;
  if (duration === undefined && start !== undefined && end !== undefined) duration = end - start;
  return {
    raw: f,
    id: pick(f, 'FileId', 'RecordFileId', 'RecordingId', 'Id'),
    taskId: pick(f, 'TaskId'),
    domain: pick(f, 'DomainName', 'Domain'), app: pick(f, 'AppName'), stream: pick(f, 'StreamName'),
    format: String(pick(f, 'FileFormat', 'Format', 'RecordFormat') || '').toLowerCase(),
    start, end: end !== undefined ? end : (start !== undefined && duration !== undefined ? start + duration : undefined), duration,
    size: pick(f, 'FileSize', 'Size', 'SizeBytes'),
    url: pick(f, 'PlayUrl', 'VideoUrl', 'Url', 'PlaybackUrl'),
    downloadUrl: pick(f, 'DownloadUrl', 'PlayUrl', 'VideoUrl', 'Url'),
    status: pick(f, 'StorageStatus', 'Status'),
    splitReason: pick(f, 'SplitReason'),
    codecs: [pick(f, 'VideoCodec'), pick(f, 'AudioCodec')].filter(Boolean).join('+'),
    resolution: pick(f, 'Width') ? `${f.Width}×${f.Height}` : '',
    recovered: !!pick(f, 'Recovered'),
    name: pick(f, 'FileName', 'Name'),
    // liverec extension: 'recording' while the file is written (its URL plays the live playlist / growing file)
    state: pick(f, 'State') || 'finished',
  };
}

/**
 * Files matching the filter (TaskId, or DomainName + StreamName [+ AppName], optional StartTime/EndTime), or null
 * when the server has no DescribeRecordFiles. Follows the PageNum paging up to TotalNum.
 */
export async function listFiles(filter = {}) {
  const out = [];
  const pageSize = 100;
  for (let page = 1; page <= 50; page++) {
    const r = await callOptional('DescribeRecordFiles', { ...filter, PageNum: page, PageSize: pageSize });
    if (r === null) return null;
    const list = pick(r, 'RecordFileList', 'RecordFiles', 'FileList') || [];
    out.push(...list.map(normalizeFile));
    if (list.length < pageSize || (r.TotalNum !== undefined && out.length >= r.TotalNum)) break;
  }
  return out;
}

export function filesTable(files, emptyText = 'No recording.') {
  return table([
    { title: 'Format', render: (f) => [h('span', { class: 'badge' }, f.format || '?'),
      f.state === 'recording' ? h('span', { class: 'badge live', dataset: { fileState: f.state } }, 'recording') : null] },
    { title: 'Start', render: (f) => fmtTime(f.start) },
    { title: 'Duration', render: (f) => f.duration !== undefined ? fmtDuration(f.duration) : '—' },
    { title: 'Size', render: (f) => f.size !== undefined ? fmtBytes(f.size) : '—' },
    { title: 'Media', render: (f) => h('div', { class: 'small' }, f.codecs || '—', f.resolution ? ' ' + f.resolution : '',
      f.splitReason ? h('div', { class: 'muted' }, 'split: ' + f.splitReason + (f.recovered ? ' (recovered)' : '')) : null) },
    { title: 'Stream', render: (f) => h('span', { class: 'mono small' }, `${f.app || ''}/${f.stream || ''}`) },
    { title: '', class: 'actions', render: (f) => [
      h('button', { class: 'small primary', dataset: { play: f.format, state: f.state }, disabled: !f.url, onclick: () => playFile(f) },
        f.state === 'recording' ? 'Watch live' : 'Play'),
      f.downloadUrl ? h('a', { class: 'btn small', href: f.downloadUrl, download: '', target: '_blank', rel: 'noopener' }, 'Download') : null,
    ] },
  ], files, emptyText);
}
