// Tiny DOM helpers: h() builds elements, plus tables, dialogs, errors, toasts and formatters.
import { ApiError } from './api.js';

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'style') el.style.cssText = v; // CSSOM, allowed under the console's CSP (style attributes are not)
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k in el && typeof v !== 'string') el[k] = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

export function clear(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** A table from column specs {title, render(row) -> node|string, class}; rowAttrs(row) gives each tr's attributes. */
export function table(columns, rows, emptyText = 'Nothing here yet.', rowAttrs = () => ({})) {
  if (!rows || rows.length === 0) return h('div', { class: 'empty' }, emptyText);
  return h('table', {},
    h('thead', {}, h('tr', {}, columns.map((c) => h('th', { class: c.class }, c.title)))),
    h('tbody', {}, rows.map((r) => h('tr', rowAttrs(r), columns.map((c) => h('td', { class: c.class }, c.render(r)))))));
}

export function panel(title, body, ...tools) {
  return h('section', { class: 'panel' }, h('h2', {}, h('span', { class: 'grow' }, title), tools), body);
}

export function pageHead(title, sub, ...tools) {
  return h('div', { class: 'page-head' }, h('h1', {}, title), tools, sub ? h('div', { class: 'sub' }, sub) : null);
}

/** An error box that always shows the Tencent error code and message (and RequestId when there is one). */
export function errorBox(e) {
  if (e instanceof ApiError) {
    return h('div', { class: 'error', role: 'alert', dataset: { code: e.code } },
      e.action ? `${e.action} failed: ` : '', h('code', {}, e.code), ' — ', e.message,
      e.requestId ? h('span', { class: 'rid' }, `RequestId ${e.requestId}`) : null);
  }
  return h('div', { class: 'error', role: 'alert' }, h('code', {}, 'ClientError'), ' — ', String(e && e.message || e));
}

let toastHost;
export function toast(text, bad = false) {
  if (!toastHost) {
    toastHost = h('div', { class: 'toasts', 'aria-live': 'polite' });
    document.body.append(toastHost);
  }
  const t = h('div', { class: 'toast' + (bad ? ' bad' : '') }, text);
  toastHost.append(t);
  setTimeout(() => t.remove(), bad ? 9000 : 3500);
}

/** Shows an error as a toast with its code (for actions started from buttons). */
export function toastError(e) {
  toast(e instanceof ApiError ? `${e.code}: ${e.message}` : String(e && e.message || e), true);
}

/**
 * A modal dialog with a form. onSubmit(formData, dialog) may throw an ApiError: it is shown inside the dialog,
 * which stays open. Resolves when the dialog closes.
 */
export function formDialog(title, fields, onSubmit, submitText = 'Save') {
  const errorHost = h('div');
  const form = h('form', { method: 'dialog', class: 'form-grid' }, fields);
  const submit = h('button', { class: 'primary', type: 'submit' }, submitText);
  const dlg = h('dialog', {},
    h('header', {}, h('span', { class: 'grow' }, title), h('button', { type: 'button', class: 'small', onclick: () => dlg.close() }, '✕')),
    h('div', { class: 'content' }, errorHost, form),
    h('footer', {}, h('button', { type: 'button', onclick: () => dlg.close() }, 'Cancel'), submit));
  submit.addEventListener('click', (ev) => {
    ev.preventDefault();
    form.requestSubmit();
  });
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (!form.reportValidity()) return;
    submit.disabled = true;
    clear(errorHost);
    try {
      await onSubmit(form, dlg);
      dlg.close();
    } catch (e) {
      errorHost.append(errorBox(e));
    } finally {
      submit.disabled = false;
    }
  });
  document.body.append(dlg);
  dlg.addEventListener('close', () => dlg.remove());
  dlg.showModal();
  return dlg;
}

export function viewDialog(title, content, onClose) {
  const dlg = h('dialog', {},
    h('header', {}, h('span', { class: 'grow' }, title), h('button', { type: 'button', class: 'small', onclick: () => dlg.close() }, '✕')),
    h('div', { class: 'content' }, content));
  document.body.append(dlg);
  dlg.addEventListener('close', () => { if (onClose) onClose(); dlg.remove(); });
  dlg.showModal();
  return dlg;
}

export function field(label, input, hint) {
  return h('label', { class: 'field' + (input.dataset && input.dataset.wide ? ' wide' : '') }, label, input, hint ? h('span', { class: 'hint' }, hint) : null);
}

export function confirmAction(text) {
  return window.confirm(text);
}

/** Runs an action from a button: disables it, toasts success or the error code. */
export async function runAction(button, fn, okText) {
  if (button) button.disabled = true;
  try {
    await fn();
    if (okText) toast(okText);
    return true;
  } catch (e) {
    toastError(e);
    return false;
  } finally {
    if (button) button.disabled = false;
  }
}

// ---- formatters ----
export function fmtTime(unixSeconds) {
  if (!unixSeconds) return '—';
  const d = new Date(unixSeconds * 1000);
  return d.toLocaleString(undefined, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

export function fmtDuration(seconds) {
  seconds = Math.max(0, Math.round(seconds || 0));
  const hh = Math.floor(seconds / 3600), mm = Math.floor((seconds % 3600) / 60), ss = seconds % 60;
  return hh > 0 ? `${hh}h ${String(mm).padStart(2, '0')}m ${String(ss).padStart(2, '0')}s`
    : mm > 0 ? `${mm}m ${String(ss).padStart(2, '0')}s` : `${ss}s`;
}

export function fmtBytes(n) {
  n = Number(n || 0);
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
  return `${n.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}

export function fmtBitrate(bps) {
  bps = Number(bps || 0);
  return bps >= 1e6 ? `${(bps / 1e6).toFixed(2)} Mbit/s` : `${Math.round(bps / 1000)} kbit/s`;
}

/** datetime-local value (local time) <-> Unix seconds */
export function toLocalInput(unixSeconds) {
  const d = new Date(unixSeconds * 1000);
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

export function fromLocalInput(value) {
  return Math.floor(new Date(value).getTime() / 1000);
}

export function now() {
  return Math.floor(Date.now() / 1000);
}

export function shortId(id) {
  id = String(id || '');
  return id.length > 14 ? id.slice(0, 6) + '…' + id.slice(-6) : id;
}

export function input(attrs) {
  return h('input', attrs);
}

export function select(name, options, value) {
  return h('select', { name }, options.map(([v, label]) => h('option', { value: v, selected: String(v) === String(value) }, label)));
}
