// Record templates: formats (FLV/HLS/MP4/AAC) with split interval, retention and file-name pattern; HLS resume.
import { call } from '../api.js';
import { h, clear, table, panel, pageHead, errorBox, formDialog, field, runAction, confirmAction, fmtDuration } from '../ui.js';

const FORMATS = [['Hls', 'HLS'], ['Mp4', 'MP4'], ['Flv', 'FLV'], ['Aac', 'AAC']];

export async function render(main) {
  const host = h('div');
  main.append(pageHead('Record templates', 'What a task or rule records: formats, file split interval, retention, names.',
    h('button', { class: 'primary', id: 'new-template', onclick: () => templateDialog(null, load) }, 'New template')), host);
  async function load() {
    try {
      const r = await call('DescribeLiveRecordTemplates', {});
      clear(host, panel(`Templates (${(r.Templates || []).length})`, table([
        { title: 'Id', render: (t) => h('span', { class: 'mono' }, t.TemplateId) },
        { title: 'Name', render: (t) => h('div', {}, t.TemplateName, t.Description ? h('div', { class: 'muted small' }, t.Description) : null) },
        { title: 'Formats', render: (t) => FORMATS.filter(([k]) => t[k + 'Param'] && Number(t[k + 'Param'].Enable) === 1).map(([k, l]) =>
          h('span', { class: 'badge', style: 'margin-right:4px', title: `split ${fmtDuration(t[k + 'Param'].RecordInterval)}` }, l)) },
        { title: 'HLS resume', render: (t) => t.HlsSpecialParam && t.HlsSpecialParam.FlowContinueDuration ? `${t.HlsSpecialParam.FlowContinueDuration} s` : '—' },
        { title: '', class: 'actions', render: (t) => [
          h('button', { class: 'small', onclick: () => templateDialog(t, load) }, 'Edit'),
          h('button', { class: 'small danger', onclick: (ev) => {
            if (!confirmAction(`Delete template ${t.TemplateName}?`)) return;
            runAction(ev.target, () => call('DeleteLiveRecordTemplate', { TemplateId: t.TemplateId }), 'Template deleted').then(load);
          } }, 'Delete'),
        ] },
      ], r.Templates, 'No template: tasks without one record HLS.')));
    } catch (e) {
      clear(host, errorBox(e));
    }
  }
  await load();
}

function templateDialog(t, done) {
  const name = h('input', { name: 'TemplateName', required: true, pattern: '[\\p{L}\\p{N}_\\-]+', value: t ? t.TemplateName : '' });
  const desc = h('input', { name: 'Description', value: t ? t.Description || '' : '' });
  const resume = h('input', { type: 'number', min: 0, max: 1800, name: 'FlowContinueDuration', value: t && t.HlsSpecialParam ? t.HlsSpecialParam.FlowContinueDuration || 0 : 0 });
  const formats = FORMATS.map(([k, label]) => {
    const p = (t && t[k + 'Param']) || {};
    const enable = h('input', { type: 'checkbox', name: k + 'Enable', checked: t ? Number(p.Enable) === 1 : k === 'Hls' });
    const interval = h('input', { type: 'number', min: k === 'Hls' ? 0 : 60, max: k === 'Aac' ? 7200 : 43200, name: k + 'Interval', value: p.RecordInterval || 1800 });
    const storage = h('input', { type: 'number', min: 0, name: k + 'Storage', value: p.StorageTime || 0 });
    const vodName = h('input', { name: k + 'VodFileName', value: p.VodFileName || '', placeholder: '{StreamID}_{StartYear}-{StartMonth}-…' });
    if (k === 'Hls') interval.disabled = true;
    return { k, enable, interval, storage, vodName, node: h('fieldset', { class: 'wide compact' }, h('legend', {}, label),
      h('div', { class: 'format-row' }, h('label', { class: 'check' }, enable, 'Record ' + label),
        field(k === 'Hls' ? 'Split (one file per push)' : 'Split interval (s)', interval), field('Storage time (s, 0 = forever)', storage),
        field('File name pattern', vodName))) };
  });
  formDialog(t ? `Edit template #${t.TemplateId}` : 'New record template', [
    field('Name', name), field('Description', desc), formats.map((f) => f.node),
    field('HLS resume window (s)', resume, 'a re-push within this time continues the same HLS recording'),
  ], async () => {
    const params = { TemplateName: name.value.trim(), Description: desc.value.trim() };
    for (const f of formats) {
      const rp = { Enable: f.enable.checked ? 1 : 0, StorageTime: Number(f.storage.value) || 0 };
      if (f.k !== 'Hls') rp.RecordInterval = Number(f.interval.value) || 1800;
      if (f.vodName.value.trim()) rp.VodFileName = f.vodName.value.trim();
      params[f.k + 'Param'] = rp;
    }
    params.HlsSpecialParam = { FlowContinueDuration: Number(resume.value) || 0 };
    if (t) await call('ModifyLiveRecordTemplate', { TemplateId: t.TemplateId, ...params });
    else await call('CreateLiveRecordTemplate', params);
    done();
  }, t ? 'Save' : 'Create');
}
