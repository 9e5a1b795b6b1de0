// Clips from a stream's timeline (liverec extension CreateRecordClip): drag on the strip under the lanes (or edit the
// two times) to select a range, then Clip: the server remuxes the recordings of that range into one MP4, which plays
// at once and appears in the lists after the reload.
import { call } from './api.js';
import { h, runAction, toLocalInput, fromLocalInput } from './ui.js';
import { normalizeFile } from './files.js';
import { playFile } from './player.js';

/** The selection strip and its controls for stream {domain, app, stream} over [a, b] (Unix seconds). */
export function clipBar(s, a, b, onClipped) {
  const span = Math.max(1, b - a);
  const band = h('div', { class: 'clip-band' });
  const strip = h('div', { class: 'clip-strip', title: 'Drag to select a range to clip' }, band);
  const from = h('input', { type: 'datetime-local', step: 1, class: 'clip-from', value: toLocalInput(Math.round(a + span / 3)) });
  const to = h('input', { type: 'datetime-local', step: 1, class: 'clip-to', value: toLocalInput(Math.round(a + 2 * span / 3)) });
  const show = () => {
    const x = fromLocalInput(from.value), y = fromLocalInput(to.value);
    band.style.left = `${Math.max(0, ((x - a) / span) * 100)}%`;
    band.style.width = `${Math.max(0, ((Math.min(b, y) - Math.max(a, x)) / span) * 100)}%`;
  };
  const at = (ev) => {
    const r = strip.getBoundingClientRect();
    return Math.round(a + Math.min(1, Math.max(0, (ev.clientX - r.left) / r.width)) * span);
  };
  let anchor = null;
  strip.addEventListener('pointerdown', (ev) => { anchor = at(ev); strip.setPointerCapture(ev.pointerId); });
  strip.addEventListener('pointermove', (ev) => {
    if (anchor === null) return;
    const t = at(ev);
    from.value = toLocalInput(Math.min(anchor, t));
    to.value = toLocalInput(Math.max(anchor, t) + 1);
    show();
  });
  strip.addEventListener('pointerup', () => { anchor = null; });
  from.addEventListener('change', show);
  to.addEventListener('change', show);
  show();
  const button = h('button', { class: 'small primary clip-button', onclick: () => runAction(button, async () => {
    const params = { DomainName: s.domain, StreamName: s.stream, StartTime: fromLocalInput(from.value), EndTime: fromLocalInput(to.value) };
    if (s.app) params.AppName = s.app;
    const r = await call('CreateRecordClip', params);
    const f = normalizeFile({ ...r, DomainName: s.domain, AppName: s.app, StreamName: s.stream });
    if (onClipped) await onClipped(f);
    playFile(f);
  }, 'Clip made') }, 'Clip');
  return h('div', { class: 'clip-row' }, strip,
    h('div', { class: 'toolbar small' }, 'Clip from', from, 'to', to, button,
      h('span', { class: 'muted' }, 'MP4, cut on keyframes without re-encoding')));
}
