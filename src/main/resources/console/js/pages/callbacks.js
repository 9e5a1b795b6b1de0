// Callback templates (where to send events, with the signing key) and callback rules (domain + app → template).
import { call } from '../api.js';
import { h, clear, table, panel, pageHead, errorBox, formDialog, field, select, runAction, confirmAction } from '../ui.js';

const URLS = [['StreamBeginNotifyUrl', 'Stream begin'], ['StreamEndNotifyUrl', 'Stream end'], ['RecordNotifyUrl', 'Recording file'],
  ['RecordStatusNotifyUrl', 'Recording status'], ['RecordExceptionNotifyUrl', 'Recording exception'], ['PushExceptionNotifyUrl', 'Push exception']];

export async function render(main) {
  const host = h('div');
  main.append(pageHead('Callbacks', 'HTTP notifications for stream and recording events, signed with the template key.',
    h('button', { id: 'new-callback-template', onclick: () => templateDialog(null, load) }, 'New template'),
    h('button', { class: 'primary', id: 'new-callback-rule', onclick: () => ruleDialog(load) }, 'New rule')), host);
  async function load() {
    try {
      const [t, r] = await Promise.all([call('DescribeLiveCallbackTemplates', {}), call('DescribeLiveCallbackRules', {})]);
      const names = new Map((t.Templates || []).map((x) => [x.TemplateId, x.TemplateName]));
      clear(host,
        panel('Callback templates', table([
          { title: 'Id', render: (x) => h('span', { class: 'mono' }, x.TemplateId) },
          { title: 'Name', render: (x) => h('div', {}, x.TemplateName, x.Description ? h('div', { class: 'muted small' }, x.Description) : null) },
          { title: 'URLs', render: (x) => h('div', { class: 'small' }, URLS.filter(([k]) => x[k]).map(([k, l]) => h('div', {}, h('span', { class: 'muted' }, l + ': '), h('span', { class: 'mono' }, x[k])))) },
          { title: 'Key', render: (x) => x.CallbackKey ? h('span', { class: 'badge ok' }, 'set') : h('span', { class: 'muted' }, 'none') },
          { title: '', class: 'actions', render: (x) => [
            h('button', { class: 'small', onclick: () => templateDialog(x, load) }, 'Edit'),
            h('button', { class: 'small danger', onclick: (ev) => {
              if (!confirmAction(`Delete callback template ${x.TemplateName}?`)) return;
              runAction(ev.target, () => call('DeleteLiveCallbackTemplate', { TemplateId: x.TemplateId }), 'Template deleted').then(load);
            } }, 'Delete')] },
        ], t.Templates, 'No callback template.')),
        panel('Callback rules', table([
          { title: 'Domain', render: (x) => x.DomainName },
          { title: 'AppName', render: (x) => x.AppName || h('span', { class: 'muted' }, 'any') },
          { title: 'Template', render: (x) => `${names.get(x.TemplateId) || '?'} (#${x.TemplateId})` },
          { title: '', class: 'actions', render: (x) => h('button', { class: 'small danger', onclick: (ev) => {
            if (!confirmAction('Delete this callback rule?')) return;
            runAction(ev.target, () => call('DeleteLiveCallbackRule', { DomainName: x.DomainName, AppName: x.AppName }), 'Rule deleted').then(load);
          } }, 'Delete') },
        ], r.Rules, 'No callback rule.')));
    } catch (e) {
      clear(host, errorBox(e));
    }
  }
  await load();
}

function templateDialog(t, done) {
  const name = h('input', { name: 'TemplateName', required: true, value: t ? t.TemplateName : '' });
  const desc = h('input', { name: 'Description', value: t ? t.Description || '' : '' });
  const key = h('input', { name: 'CallbackKey', value: t ? t.CallbackKey || '' : '', autocomplete: 'off' });
  const urls = URLS.map(([k, l]) => [k, h('input', { name: k, type: 'url', value: t ? t[k] || '' : '', placeholder: 'https://…' }), l]);
  formDialog(t ? `Edit callback template #${t.TemplateId}` : 'New callback template',
    [field('Name', name), field('Description', desc), field('Callback key', key, 'sign = MD5(key + t)'),
      urls.map(([, i, l]) => h('label', { class: 'field wide' }, l + ' URL', i))], async () => {
      const p = { TemplateName: name.value.trim(), Description: desc.value.trim(), CallbackKey: key.value.trim() };
      for (const [k, i] of urls) if (i.value.trim() || t) p[k] = i.value.trim();
      if (t) await call('ModifyLiveCallbackTemplate', { TemplateId: t.TemplateId, ...p });
      else await call('CreateLiveCallbackTemplate', p);
      done();
    }, t ? 'Save' : 'Create');
}

async function ruleDialog(done) {
  const tpl = (await call('DescribeLiveCallbackTemplates', {})).Templates || [];
  const domain = h('input', { name: 'DomainName', required: true });
  const app = h('input', { name: 'AppName', required: true, value: 'live' });
  const t = select('TemplateId', tpl.map((x) => [x.TemplateId, `${x.TemplateName} (#${x.TemplateId})`]));
  const hint = tpl.length ? null : h('p', { class: 'error wide', id: 'no-callback-template' },
    'No callback template yet: create one with “New template” first; a rule binds a domain and app to a template.');
  formDialog('New callback rule', [hint, field('Push domain', domain), field('AppName', app), field('Template', t)], async () => {
    await call('CreateLiveCallbackRule', { DomainName: domain.value.trim(), AppName: app.value.trim(), TemplateId: Number(t.value) });
    done();
  }, 'Create');
}
