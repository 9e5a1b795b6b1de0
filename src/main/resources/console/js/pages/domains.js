// Push domains and their push authentication keys (txSecret = MD5(key + StreamName + txTime)).
import { call } from '../api.js';
import { h, clear, table, panel, pageHead, errorBox, formDialog, viewDialog, field, select, runAction, confirmAction, now, fmtTime } from '../ui.js';
import { pushUrl } from '../md5.js';

export async function render(main) {
  const host = h('div');
  main.append(pageHead('Domains & push keys', 'Push domains owned by this account; a domain with a push key accepts only signed push URLs.',
    h('button', { class: 'primary', id: 'new-domain', onclick: () => domainDialog(load) }, 'Add domain')), host);
  async function load() {
    try {
      const r = await call('DescribeLiveDomains', { PageSize: 100 });
      // push authentication per push domain (AddLiveDomain switches it on with a generated key)
      const auth = new Map(await Promise.all((r.DomainList || []).filter((d) => d.Type !== 1).map((d) =>
        call('DescribeLivePushAuthKey', { DomainName: d.Name }).then((k) => [d.Name, Number(k.PushAuthKeyInfo.Enable) === 1])
          .catch(() => [d.Name, null]))));
      clear(host, panel(`Domains (${r.AllCount ?? (r.DomainList || []).length})`, table([
        { title: 'Domain', render: (d) => h('span', { class: 'mono' }, d.Name) },
        { title: 'Type', render: (d) => d.Type === 1 ? 'play' : 'push' },
        { title: 'Status', render: (d) => h('span', { class: 'badge ' + (d.Status === 1 ? 'ok' : 'stopped') }, d.Status === 1 ? 'enabled' : 'disabled') },
        { title: 'Push auth', render: (d) => d.Type === 1 || auth.get(d.Name) === null ? h('span', { class: 'muted' }, '—')
          : h('span', { class: 'badge ' + (auth.get(d.Name) ? 'ok' : 'finished'), dataset: { pushAuth: d.Name } }, auth.get(d.Name) ? 'signed URLs' : 'off') },
        { title: 'Created', render: (d) => h('span', { class: 'muted small' }, beijingToLocal(d.CreateTime)) },
        { title: '', class: 'actions', render: (d) => [
          d.Type === 1 ? null : h('button', { class: 'small', onclick: () => pushUrlDialog(d.Name) }, 'Push URL'),
          d.Type === 1 ? null : h('button', { class: 'small', onclick: () => keyDialog(d.Name) }, 'Push key'),
          h('button', { class: 'small danger', onclick: (ev) => {
            if (!confirmAction(`Delete domain ${d.Name}?`)) return;
            runAction(ev.target, () => call('DeleteLiveDomain', { DomainName: d.Name, DomainType: d.Type || 0 }), 'Domain deleted').then(load);
          } }, 'Delete')] },
      ], r.DomainList, 'No domain. Streams pushed to an unregistered domain belong to no account.')));
    } catch (e) {
      clear(host, errorBox(e));
    }
  }
  await load();
}

function domainDialog(done) {
  const name = h('input', { name: 'DomainName', required: true, placeholder: 'push.example.com' });
  const type = select('DomainType', [[0, 'push'], [1, 'play']], 0);
  const note = h('p', { class: 'muted small wide', id: 'domain-auth-note' });
  const explain = () => { note.textContent = Number(type.value) === 0
    ? 'A push domain starts with push authentication ON: only signed push URLs (txSecret/txTime) are accepted. '
      + 'Its key is generated; see “Push key” or “Push URL”, or switch it off there.'
    : 'A play domain has no push key.'; };
  type.addEventListener('change', explain);
  explain();
  formDialog('Add domain', [field('Domain name', name), field('Type', type), note], async () => {
    await call('AddLiveDomain', { DomainName: name.value.trim(), DomainType: Number(type.value) });
    done();
  }, 'Add');
}

async function keyDialog(domain) {
  let info = {};
  try { info = (await call('DescribeLivePushAuthKey', { DomainName: domain })).PushAuthKeyInfo || {}; } catch (e) { info = { error: e }; }
  const enable = h('input', { type: 'checkbox', name: 'Enable', checked: Number(info.Enable) === 1 });
  const master = h('input', { name: 'MasterAuthKey', value: info.MasterAuthKey || '', autocomplete: 'off' });
  const backup = h('input', { name: 'BackupAuthKey', value: info.BackupAuthKey || '', autocomplete: 'off' });
  const delta = h('input', { type: 'number', min: 0, name: 'AuthDelta', value: info.AuthDelta ?? 0 });
  formDialog(`Push key · ${domain}`, [
    info.error ? h('div', { class: 'wide' }, errorBox(info.error)) : null,
    h('label', { class: 'check wide' }, enable, 'Require signed push URLs (txSecret/txTime)'),
    field('Master key', master), field('Backup key', backup), field('Validity after txTime (s)', delta),
  ], async () => {
    const p = { DomainName: domain, Enable: enable.checked ? 1 : 0, AuthDelta: Number(delta.value) || 0 };
    if (master.value.trim()) p.MasterAuthKey = master.value.trim();
    if (backup.value.trim()) p.BackupAuthKey = backup.value.trim();
    await call('ModifyLivePushAuthKey', p);
  }, 'Save');
}

/** Domain CreateTime is Beijing time (UTC+8) on the wire; the console shows every time in the viewer's zone. */
function beijingToLocal(s) {
  const m = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)$/.exec(s || '');
  if (!m) return s || '';
  return fmtTime(Date.UTC(+m[1], m[2] - 1, +m[3], m[4] - 8, +m[5], +m[6]) / 1000);
}

/** The RTMP port the node really listens on (from /readyz); 1935 when it cannot be read. */
async function rtmpPort() {
  try {
    const r = await fetch('/readyz', { cache: 'no-store' });
    const port = (await r.json()).rtmpPort;
    return Number.isInteger(port) && port > 0 ? port : 1935;
  } catch {
    return 1935;
  }
}

/** Builds a push URL for a stream of the domain, signed with its master key when push authentication is on. */
async function pushUrlDialog(domain) {
  let info = {};
  let err = null;
  try { info = (await call('DescribeLivePushAuthKey', { DomainName: domain })).PushAuthKeyInfo || {}; } catch (e) { err = e; }
  const host = h('input', { value: `${location.hostname}:${await rtmpPort()}` });
  const app = h('input', { value: 'live' });
  const stream = h('input', { value: 'stream1' });
  const hours = h('input', { type: 'number', min: 1, value: 24 });
  const out = h('code', { class: 'mono', id: 'push-url', style: 'display:block;word-break:break-all;padding:10px;background:#f2f4f7;border-radius:6px' });
  const signed = Number(info.Enable) === 1 && info.MasterAuthKey;
  const update = () => {
    out.textContent = pushUrl({ host: host.value.trim(), domain, app: app.value.trim(), stream: stream.value.trim(),
      key: signed ? info.MasterAuthKey : '', expiresAt: now() + Number(hours.value || 24) * 3600 });
  };
  for (const i of [host, app, stream, hours]) i.addEventListener('input', update);
  update();
  viewDialog(`Push URL · ${domain}`, h('div', {},
    err ? errorBox(err) : null,
    h('div', { class: 'form-grid' }, field('RTMP host:port', host), field('AppName', app), field('StreamName', stream),
      signed ? field('Valid for (hours)', hours) : null),
    h('p', { class: 'muted small' }, signed ? 'Signed with the master key: txSecret = MD5(key + StreamName + txTime), txTime in hex.'
      : 'Push authentication is off for this domain: the URL needs no signature.'),
    out,
    h('div', { class: 'row', style: 'margin-top:10px' }, h('button', { onclick: () => navigator.clipboard && navigator.clipboard.writeText(out.textContent) }, 'Copy'),
      h('span', { class: 'muted small' }, 'ffmpeg -re -i input.mp4 -c copy -f flv "<URL>"'))));
}
