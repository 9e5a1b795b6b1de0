// Callback deliveries (liverec extension DescribeCallbackDeliveries): status, attempts, last error; retry.
import { call, callOptional } from '../api.js';
import { h, clear, table, panel, pageHead, errorBox, runAction, fmtTime, shortId } from '../ui.js';

const REFRESH_MS = 3000;
const pick = (o, ...names) => { for (const n of names) if (o[n] !== undefined && o[n] !== null) return o[n]; return undefined; };
const secs = (v) => typeof v === 'number' ? (v > 1e11 ? Math.floor(v / 1000) : v) : (v ? Math.floor(Date.parse(v) / 1000) : undefined);

export function normalizeDelivery(d) {
  return {
    raw: d,
    id: pick(d, 'DeliveryId', 'Id', 'OutboxId'),
    event: pick(d, 'EventType', 'Event'),
    eventName: pick(d, 'EventName'),
    ref: pick(d, 'RefId'),
    maxAttempts: pick(d, 'MaxAttempts'),
    url: pick(d, 'Url', 'NotifyUrl', 'CallbackUrl'),
    status: String(pick(d, 'Status', 'State') || '').toLowerCase(),
    attempts: pick(d, 'Attempts', 'AttemptCount', 'Tries') || 0,
    lastError: pick(d, 'LastError', 'Error', 'LastErrorMessage'),
    // a 200 is not an error worth showing; 0 means no answer (the error text says why)
    lastStatus: [0, 200].includes(Number(pick(d, 'LastHttpStatus', 'HttpStatus', 'LastStatusCode') || 0)) ? undefined
      : pick(d, 'LastHttpStatus', 'HttpStatus', 'LastStatusCode'),
    created: secs(pick(d, 'CreateTime', 'CreatedAt', 'CreateTimeUnix')),
    next: secs(pick(d, 'NextAttemptTime', 'NextAttemptAt', 'NextRetryTime')) || undefined,
    delivered: secs(pick(d, 'DeliveredTime')) || undefined,
    taskId: pick(d, 'TaskId'),
    stream: pick(d, 'StreamName'),
  };
}

export async function render(main) {
  const host = h('div');
  const status = h('select', { id: 'delivery-status', onchange: () => load() },
    [['', 'all'], ['pending', 'pending'], ['delivered', 'delivered'], ['failed', 'failed']].map(([v, l]) => h('option', { value: v }, l)));
  main.append(pageHead('Callback deliveries', 'Every callback sent or waiting: retried with backoff until delivered.',
    h('span', { class: 'muted' }, 'Status'), status, h('button', { onclick: () => load() }, 'Refresh')), host);
  let stopped = false;
  let lastSig = '';
  async function load() {
    try {
      const r = await callOptional('DescribeCallbackDeliveries', { PageNum: 1, PageSize: 100, ...(status.value ? { Status: status.value } : {}) });
      if (r === null) { clear(host, h('div', { class: 'empty' }, 'This server does not list callback deliveries (DescribeCallbackDeliveries).')); return; }
      const rows = (pick(r, 'DeliveryList', 'Deliveries') || []).map(normalizeDelivery);
      // re-render only on a change, so the Retry buttons stay put between refreshes
      const sig = JSON.stringify([status.value, rows.map((d) => [d.id, d.status, d.attempts, d.lastError, d.next, d.delivered])]);
      if (sig === lastSig) return;
      lastSig = sig;
      clear(host, panel(`Deliveries (${rows.length})`, table([
        { title: 'Event', render: (d) => h('div', {}, h('span', {}, d.eventName || d.event || '?'), h('span', { class: 'muted small' }, d.event !== undefined ? ` (${d.event})` : ''),
          d.ref ? h('div', { class: 'muted small mono', title: d.ref }, shortId(d.ref)) : null) },
        { title: 'URL', render: (d) => h('span', { class: 'mono small' }, d.url || '') },
        { title: 'Status', render: (d) => h('span', { class: 'badge ' + d.status, dataset: { delivery: d.id, status: d.status } }, d.status || '?') },
        { title: 'Attempts', render: (d) => h('span', { dataset: { attempts: d.attempts } }, d.attempts, d.maxAttempts ? h('span', { class: 'muted' }, ` / ${d.maxAttempts}`) : null) },
        { title: 'Last error', render: (d) => d.lastError || d.lastStatus ? h('span', { class: 'small' }, d.lastError && d.lastStatus && String(d.lastError).includes(String(d.lastStatus)) ? d.lastError
          : [d.lastStatus ? `HTTP ${d.lastStatus} ` : '', d.lastError || '']) : h('span', { class: 'muted' }, '—') },
        { title: 'Times', render: (d) => h('div', { class: 'small' }, fmtTime(d.created),
          d.delivered ? h('div', { class: 'muted' }, 'delivered ' + fmtTime(d.delivered)) : null,
          d.next && d.status === 'pending' ? h('div', { class: 'muted' }, 'next try ' + fmtTime(d.next)) : null) },
        { title: '', class: 'actions', render: (d) => h('button', { class: 'small', title: shortId(d.id), dataset: { retry: d.id },
          disabled: d.status === 'delivered', onclick: (ev) => runAction(ev.target, () => call('RetryCallbackDelivery', { DeliveryId: d.id }), 'Retry queued').then(() => { lastSig = ''; return load(); }) }, 'Retry') },
      ], rows, 'No callback has been sent yet.')));
    } catch (e) {
      lastSig = '';
      clear(host, errorBox(e));
    }
  }
  await load();
  const timer = setInterval(() => { if (!stopped) load(); }, REFRESH_MS);
  return () => { stopped = true; clearInterval(timer); };
}
