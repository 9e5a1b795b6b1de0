// The console shell: sign-in, navigation (hash routes), and page lifecycle (each page may return a cleanup).
import { call, session, saveSession, signOut, ApiError } from './api.js';
import { h, clear, errorBox } from './ui.js';
import * as streams from './pages/streams.js';
import * as tasks from './pages/tasks.js';
import * as recordings from './pages/recordings.js';
import * as templates from './pages/templates.js';
import * as rules from './pages/rules.js';
import * as callbacks from './pages/callbacks.js';
import * as deliveries from './pages/deliveries.js';
import * as domains from './pages/domains.js';

const PAGES = [
  ['streams', 'Live streams', streams],
  ['tasks', 'Record tasks', tasks],
  ['recordings', 'Recordings', recordings],
  ['templates', 'Record templates', templates],
  ['rules', 'Record rules', rules],
  ['callbacks', 'Callbacks', callbacks],
  ['deliveries', 'Callback deliveries', deliveries],
  ['domains', 'Domains & push keys', domains],
];

const root = document.getElementById('app');
let cleanup = null;

function currentRoute() {
  const [name, query] = location.hash.replace(/^#\/?/, '').split('?');
  return { name: name || 'streams', params: new URLSearchParams(query || '') };
}

function renderSignIn(error) {
  const id = h('input', { name: 'secretId', required: true, autocomplete: 'username', placeholder: 'AKID…', spellcheck: false });
  const key = h('input', { name: 'secretKey', type: 'password', required: true, autocomplete: 'current-password' });
  const region = h('input', { name: 'region', value: 'ap-guangzhou', placeholder: '(none)' });
  const errHost = h('div', {}, error ? errorBox(error) : null);
  const btn = h('button', { class: 'primary', type: 'submit' }, 'Sign in');
  const form = h('form', {
    onsubmit: async (ev) => {
      ev.preventDefault();
      btn.disabled = true;
      clear(errHost);
      const cred = { secretId: id.value.trim(), secretKey: key.value.trim(), region: region.value.trim() };
      try {
        // a cheap signed call proves the credential before it is kept
        await call('DescribeLiveRecordTemplates', {}, cred);
        saveSession(cred);
        if (!location.hash) location.hash = '#/streams';
        route();
      } catch (e) {
        // the probe call is ours, not the user's: show the code and message without its action name
        if (e instanceof ApiError) e.action = '';
        errHost.append(errorBox(e));
      } finally {
        btn.disabled = false;
      }
    },
  },
  h('label', { class: 'field' }, 'SecretId', id),
  h('label', { class: 'field' }, 'SecretKey', key),
  h('details', {}, h('summary', {}, 'Advanced'), h('label', { class: 'field' }, 'Region (X-TC-Region)', region)),
  btn);
  clear(root, h('div', { class: 'signin' }, h('div', { class: 'card' },
    h('h1', {}, 'liverec'),
    h('p', {}, 'Sign in with an API credential. Requests are signed in this page with TC3-HMAC-SHA256; the key stays in this tab only.'),
    errHost, form)));
  id.focus();
}

async function route() {
  if (cleanup) { try { cleanup(); } catch { /* page already gone */ } cleanup = null; }
  const s = session();
  if (!s) { renderSignIn(); return; }
  const { name, params } = currentRoute();
  const page = PAGES.find((p) => p[0] === name) || PAGES[0];
  const main = h('main', { id: 'page-' + page[0] });
  clear(root, h('div', { class: 'shell' },
    h('nav', { class: 'side' },
      h('div', { class: 'brand' }, 'live', h('span', {}, 'rec')),
      PAGES.map(([n, label]) => h('a', { href: '#/' + n, class: n === page[0] ? 'active' : '', dataset: { page: n } }, label)),
      h('div', { class: 'foot' }, 'Signed in as ', h('span', { class: 'mono' }, s.secretId),
        h('button', { type: 'button', id: 'sign-out', onclick: () => { signOut(); location.hash = ''; renderSignIn(); } }, 'Sign out'))),
    main));
  document.title = `${page[1]} · liverec`;
  try {
    cleanup = (await page[2].render(main, params)) || null;
    focusHeading(main);
  } catch (e) {
    if (e instanceof ApiError && e.code.startsWith('AuthFailure')) {
      e.action = '';
      signOut();
      renderSignIn(e);
      return;
    }
    main.append(errorBox(e));
  }
}

/** After navigation the page's heading takes the focus, so keyboard and screen-reader users start at the page. */
let navigated = false;
function focusHeading(main) {
  if (!navigated) return;
  const h1 = main.querySelector('h1');
  if (h1) { h1.tabIndex = -1; h1.focus({ preventScroll: false }); }
}

// a call refused because the credential no longer works (disabled, deleted): back to sign-in with the reason
window.addEventListener('liverec:signed-out', (ev) => {
  if (!session()) return;
  if (cleanup) { try { cleanup(); } catch { /* page already gone */ } cleanup = null; }
  signOut();
  const e = ev.detail;
  if (e instanceof ApiError) e.action = '';
  renderSignIn(e);
});

window.addEventListener('hashchange', () => { navigated = true; route(); });
route();
