// Record rules: bind a template to a domain (and optionally an app and a stream); every matching publish records.
import { call } from '../api.js';
import { h, clear, table, panel, pageHead, errorBox, formDialog, field, select, runAction, confirmAction } from '../ui.js';

export async function render(main) {
  const host = h('div');
  main.append(pageHead('Record rules', 'Every publish matching a rule is recorded with its template, without a task.',
    h('button', { class: 'primary', id: 'new-rule', onclick: () => ruleDialog(load) }, 'New rule')), host);
  async function load() {
    try {
      const [r, tpl] = await Promise.all([call('DescribeLiveRecordRules', {}), call('DescribeLiveRecordTemplates', {})]);
      const names = new Map((tpl.Templates || []).map((t) => [t.TemplateId, t.TemplateName]));
      clear(host, panel(`Rules (${(r.Rules || []).length})`, table([
        { title: 'Domain', render: (x) => x.DomainName },
        { title: 'AppName', render: (x) => x.AppName || h('span', { class: 'muted' }, 'any') },
        { title: 'StreamName', render: (x) => x.StreamName || h('span', { class: 'muted' }, 'any') },
        { title: 'Template', render: (x) => `${names.get(x.TemplateId) || '?'} (#${x.TemplateId})` },
        { title: 'Updated', render: (x) => h('span', { class: 'muted small' }, x.UpdateTime || x.CreateTime || '') },
        { title: '', class: 'actions', render: (x) => h('button', { class: 'small danger', onclick: (ev) => {
          if (!confirmAction('Delete this rule?')) return;
          runAction(ev.target, () => call('DeleteLiveRecordRule', { DomainName: x.DomainName, AppName: x.AppName || '', StreamName: x.StreamName || '' }), 'Rule deleted').then(load);
        } }, 'Delete') },
      ], r.Rules, 'No rule.')));
    } catch (e) {
      clear(host, errorBox(e));
    }
  }
  await load();
}

async function ruleDialog(done) {
  const tpl = (await call('DescribeLiveRecordTemplates', {})).Templates || [];
  const domain = h('input', { name: 'DomainName', required: true });
  const app = h('input', { name: 'AppName', placeholder: 'any' });
  const stream = h('input', { name: 'StreamName', placeholder: 'any' });
  const t = select('TemplateId', tpl.map((x) => [x.TemplateId, `${x.TemplateName} (#${x.TemplateId})`]));
  t.required = true;
  formDialog('New record rule', [field('Push domain', domain), field('AppName', app), field('StreamName', stream), field('Template', t, tpl.length ? null : 'create a template first')], async () => {
    const p = { DomainName: domain.value.trim(), TemplateId: Number(t.value) };
    if (app.value.trim()) p.AppName = app.value.trim();
    if (stream.value.trim()) p.StreamName = stream.value.trim();
    await call('CreateLiveRecordRule', p);
    done();
  }, 'Create');
}
