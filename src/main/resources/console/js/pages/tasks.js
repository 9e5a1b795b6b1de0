// Record tasks: list (DescribeRecordTask week windows with ScrollToken paging), state of each, create with a
// time-window picker and template choice, stop, delete, and each task's files.
import { call, callOptional } from '../api.js';
import { h, clear, table, panel, pageHead, errorBox, formDialog, field, select, runAction, confirmAction, fmtTime,
  fmtDuration, toLocalInput, fromLocalInput, now, shortId, toast } from '../ui.js';
import { fetchStreams } from './streams.js';
import { listFiles, filesTable } from '../files.js';

const WEEK = 7 * 24 * 3600;
const REFRESH_MS = 3000;

/**
 * The state shown for a task. A server that reports it (liverec extension field State) wins; otherwise it is
 * derived: stopped (StopRecordTask called), finished (window over), scheduled (window not open), recording (window
 * open and the stream live), waiting (window open, stream not live).
 */
export function taskState(t, liveKeys, at = now()) {
  if (t.State) return String(t.State).toLowerCase();
  if (t.Stopped && t.Stopped > 0) return 'stopped';
  if (at >= t.EndTime) return 'finished';
  if (at < t.StartTime) return 'scheduled';
  return liveKeys.has(`${t.DomainName}/${t.AppName}/${t.StreamName}`.toLowerCase()) ? 'recording' : 'waiting';
}

/** Server-side states (liverec extension DescribeRecordTaskStates), merged into the tasks; no-op when absent. */
export async function addStates(tasks) {
  for (let i = 0; i < tasks.length; i += 100) {
    const chunk = tasks.slice(i, i + 100);
    const r = await callOptional('DescribeRecordTaskStates', { TaskIds: chunk.map((t) => t.TaskId) });
    if (r === null) return false;
    const byId = new Map((r.TaskStateSet || []).map((x) => [x.TaskId, x]));
    for (const t of chunk) {
      const x = byId.get(t.TaskId);
      if (x) { t.State = x.State; t.RecordingFormats = x.RecordingFormats || []; t.RecordingSince = x.RecordingSince; }
    }
  }
  return true;
}

export async function listTasks(from, to) {
  const out = [];
  let token = '';
  for (let i = 0; i < 50; i++) {
    const params = { StartTime: from, EndTime: to };
    if (token) params.ScrollToken = token;
    const r = await call('DescribeRecordTask', params);
    out.push(...(r.TaskList || []));
    token = r.ScrollToken || '';
    if (!token || !(r.TaskList || []).length) break;
  }
  return out;
}

export async function render(main, params) {
  let from = Number(params.get('from')) || now() - 24 * 3600;
  const host = h('div');
  const fromInput = h('input', { type: 'datetime-local', step: 1, value: toLocalInput(from), id: 'tasks-from' });
  const windowLabel = h('span', { class: 'muted small' });
  const shift = (d) => { from += d; fromInput.value = toLocalInput(from); load(); };
  main.append(pageHead('Record tasks', 'Tasks created with CreateRecordTask. A task lists when its whole window lies in the week shown.',
    h('button', { class: 'primary', id: 'new-task', onclick: () => createTaskDialog({}, load) }, 'New task')),
  h('div', { class: 'toolbar' },
    h('button', { onclick: () => shift(-WEEK) }, '◀ Week'), 'From', fromInput,
    h('button', { onclick: () => { from = fromLocalInput(fromInput.value); load(); } }, 'Show'),
    h('button', { onclick: () => shift(WEEK) }, 'Week ▶'), windowLabel),
  host);

  // The page refreshes every few seconds but only touches the DOM when something changed, so rows and buttons
  // stay put under the pointer; open file lists are kept and re-read.
  const expanded = new Set();
  const files = new Map(); // taskId -> { sig, node }
  let lastSig = '';
  let stopped = false;

  function filesRow(id) {
    const row = host.querySelector(`tr[data-task="${CSS.escape(id)}"]`);
    if (!row) return null;
    let next = row.nextElementSibling;
    if (!next || !next.classList.contains('files-row')) {
      const cached = files.get(id);
      next = h('tr', { class: 'files-row', dataset: { filesOf: id } }, h('td', { colspan: 6 },
        cached ? cached.node : h('span', { class: 'muted' }, 'Loading files…')));
      row.after(next);
    }
    return next.firstChild;
  }

  async function refreshFiles(id) {
    try {
      const list = await listFiles({ TaskId: id });
      const sig = JSON.stringify(list === null ? null : list.map((f) => [f.id, f.format, f.size, f.end]));
      const cached = files.get(id);
      if (cached && cached.sig === sig && filesRow(id)?.firstChild === cached.node) return;
      const node = list === null ? h('span', { class: 'muted' }, 'This server does not list recording files (DescribeRecordFiles).')
        : filesTable(list, 'No file yet.');
      files.set(id, { sig, node });
      const cell = expanded.has(id) ? filesRow(id) : null;
      if (cell) clear(cell, node);
    } catch (e) {
      const cell = expanded.has(id) ? filesRow(id) : null;
      if (cell) clear(cell, errorBox(e));
    }
  }

  function toggleFiles(id) {
    if (expanded.has(id)) {
      expanded.delete(id);
      host.querySelector(`tr[data-files-of="${CSS.escape(id)}"]`)?.remove();
    } else {
      expanded.add(id);
      filesRow(id);
      refreshFiles(id);
    }
  }

  async function load() {
    const to = from + WEEK - 1;
    windowLabel.textContent = `${fmtTime(from)} → ${fmtTime(to)}`;
    try {
      const [tasks, live, tpls] = await Promise.all([listTasks(from, to), fetchStreams().catch(() => []),
        call('DescribeLiveRecordTemplates', {}).then((r) => r.Templates || []).catch(() => [])]);
      const names = new Map(tpls.map((t) => [t.TemplateId, t.TemplateName]));
      const liveKeys = new Set(live.map((s) => `${s.domain}/${s.app}/${s.stream}`.toLowerCase()));
      await addStates(tasks);
      tasks.sort((a, b) => b.StartTime - a.StartTime || String(a.TaskId).localeCompare(String(b.TaskId)));
      const counts = {};
      for (const t of tasks) { t._state = taskState(t, liveKeys); counts[t._state] = (counts[t._state] || 0) + 1; }
      const sig = JSON.stringify([from, [...names], tasks.map((t) => [t.TaskId, t._state, t.Stopped, t.RecordingFormats, t.RecordingSince])]);
      if (sig !== lastSig) {
        lastSig = sig;
        const body = h('div');
        clear(host, h('div', { class: 'cards' }, ['recording', 'waiting', 'scheduled', 'finished', 'stopped'].map((s) =>
          h('div', { class: 'card-stat' }, h('div', { class: 'n' }, counts[s] || 0), h('div', { class: 'l' }, s)))),
        panel(`Tasks (${tasks.length})`, body));
        body.append(table(columns(() => { lastSig = ''; return load(); }, toggleFiles, names), tasks,
          'No task in this week. Create one with “New task”.', (t) => ({ dataset: { task: t.TaskId } })));
      }
      for (const id of expanded) { filesRow(id); refreshFiles(id); }
    } catch (e) {
      lastSig = '';
      clear(host, errorBox(e));
    }
  }
  await load();
  const timer = setInterval(() => { if (!stopped && !document.querySelector('dialog[open]')) load(); }, REFRESH_MS);
  return () => { stopped = true; clearInterval(timer); };
}

function columns(reload, toggleFiles, names) {
  return [
    { title: 'Task', render: (t) => h('span', { class: 'mono', title: t.TaskId }, shortId(t.TaskId)) },
    { title: 'Stream', render: (t) => h('div', {}, h('div', { class: 'mono' }, `${t.AppName}/${t.StreamName}`), h('div', { class: 'muted small' }, t.DomainName)) },
    { title: 'Window', render: (t) => h('div', {}, fmtTime(t.StartTime), h('div', { class: 'muted small' }, `→ ${fmtTime(t.EndTime)} (${fmtDuration(t.EndTime - t.StartTime)})`)) },
    { title: 'Template', render: (t) => !t.TemplateId ? h('span', { class: 'muted' }, 'default (HLS)')
      : names.has(t.TemplateId) ? h('span', { title: `#${t.TemplateId}` }, names.get(t.TemplateId))
        : h('span', { class: 'muted' }, `#${t.TemplateId} (deleted)`) },
    { title: 'State', render: (t) => h('div', {}, h('span', { class: 'badge ' + t._state, dataset: { state: t._state, task: t.TaskId } }, t._state,
      t.Stopped ? h('span', { class: 'small' }, ' ' + new Date(t.Stopped * 1000).toLocaleTimeString()) : null),
      t._state === 'recording' && t.RecordingFormats && t.RecordingFormats.length ? h('div', { class: 'muted small' },
        t.RecordingFormats.join(', ').toUpperCase() + (t.RecordingSince ? ' since ' + new Date(t.RecordingSince * 1000).toLocaleTimeString() : '')) : null) },
    { title: '', class: 'actions', render: (t) => [
      h('button', { class: 'small', dataset: { action: 'files' }, onclick: () => toggleFiles(t.TaskId) }, 'Files'),
      h('button', { class: 'small', disabled: t._state === 'stopped' || t._state === 'finished', dataset: { action: 'stop' },
        onclick: (ev) => runAction(ev.target, () => call('StopRecordTask', { TaskId: t.TaskId }), 'Task stopped').then(reload) }, 'Stop'),
      h('button', { class: 'small danger', dataset: { action: 'delete' }, onclick: (ev) => {
        if (!confirmAction('Delete this task? A recording in progress goes on; no new one starts.')) return;
        runAction(ev.target, () => call('DeleteRecordTask', { TaskId: t.TaskId }), 'Task deleted').then(reload);
      } }, 'Delete'),
    ] },
  ];
}

/** The create dialog, optionally prefilled with a stream; calls done() after a successful create. */
export async function createTaskDialog(prefill = {}, done) {
  let templates = [];
  let domains = [];
  try { templates = (await call('DescribeLiveRecordTemplates', {})).Templates || []; } catch { /* choice falls back to the default */ }
  try { domains = ((await call('DescribeLiveDomains', { PageSize: 100 })).DomainList || []).filter((d) => !d.Type); } catch { /* free text */ }
  const start = now();
  const domain = h('input', { name: 'DomainName', required: true, value: prefill.domain || (domains[0] && domains[0].Name) || '', list: 'domain-list' });
  const app = h('input', { name: 'AppName', required: true, value: prefill.app || 'live' });
  const stream = h('input', { name: 'StreamName', required: true, value: prefill.stream || '' });
  const startNow = h('input', { type: 'checkbox', name: 'startNow', checked: true });
  const startAt = h('input', { type: 'datetime-local', name: 'StartTime', step: 1, value: toLocalInput(start), disabled: true });
  const endAt = h('input', { type: 'datetime-local', name: 'EndTime', step: 1, required: true, value: toLocalInput(start + 3600) });
  startNow.addEventListener('change', () => { startAt.disabled = startNow.checked; });
  const quick = (secs, label) => h('button', { type: 'button', class: 'small', onclick: () => {
    const base = startNow.checked ? now() : fromLocalInput(startAt.value);
    endAt.value = toLocalInput(base + secs);
  } }, label);
  const tpl = select('TemplateId', [[0, 'Default (HLS, kept forever)'], ...templates.map((t) => [t.TemplateId, `${t.TemplateName} (#${t.TemplateId})`])], prefill.templateId || 0);
  const ext = h('input', { name: 'Extension', placeholder: '(optional)' });
  formDialog('New record task', [
    h('datalist', { id: 'domain-list' }, domains.map((d) => h('option', { value: d.Name }))),
    field('Push domain', domain), field('AppName', app), field('StreamName', stream),
    h('fieldset', { class: 'wide' }, h('legend', {}, 'Time window (your local time)'),
      h('div', { class: 'window-grid' },
        h('label', { class: 'field' }, h('span', { class: 'check' }, startNow, 'Start now (or at)'), startAt),
        h('label', { class: 'field' }, 'End', endAt),
        h('div', { class: 'quick' }, h('span', { class: 'muted small' }, 'End after start:'), quick(900, '+15 min'), quick(3600, '+1 h'), quick(4 * 3600, '+4 h'), quick(24 * 3600, '+24 h')))),
    field('Template', tpl), field('Extension', ext),
  ], async () => {
    const params = { DomainName: domain.value.trim(), AppName: app.value.trim(), StreamName: stream.value.trim(), EndTime: fromLocalInput(endAt.value) };
    if (!startNow.checked) params.StartTime = fromLocalInput(startAt.value);
    if (Number(tpl.value)) params.TemplateId = Number(tpl.value);
    if (ext.value.trim()) params.Extension = ext.value.trim();
    const r = await call('CreateRecordTask', params);
    toast(`Task created: ${r.TaskId}`);
    if (done) done(r.TaskId);
    else location.hash = '#/tasks';
  }, 'Create task');
}
