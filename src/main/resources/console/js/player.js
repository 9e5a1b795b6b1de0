// Plays a recording in the page: hls.js for HLS (served from the node, not a CDN), <video> for MP4, <audio> for
// AAC/MP3; FLV has no browser decoder path without an extra library, so it is offered as a download.
import { h, viewDialog, fmtTime, fmtDuration, errorBox } from './ui.js';
import { listFiles } from './files.js';

let hlsModule;
async function loadHls() {
  if (!hlsModule) hlsModule = (await import('../vendor/hls/hls.mjs')).default;
  return hlsModule;
}

/** Attaches a source to a media element; returns a detach function. */
export async function attach(media, url, format) {
  if (format === 'hls' || /\.m3u8(\?|$)/.test(url)) {
    if (media.canPlayType('application/vnd.apple.mpegurl')) {
      media.src = url;
      return () => { media.removeAttribute('src'); media.load(); };
    }
    const Hls = await loadHls();
    if (!Hls.isSupported()) throw new Error('This browser cannot play HLS (no Media Source Extensions).');
    const hls = new Hls({ enableWorker: true });
    hls.loadSource(url);
    hls.attachMedia(media);
    hls.on(Hls.Events.ERROR, (_, data) => { if (data.fatal) media.dispatchEvent(new CustomEvent('hlserror', { detail: data })); });
    window.__liverecHls = hls;
    return () => hls.destroy();
  }
  media.src = url;
  return () => { media.removeAttribute('src'); media.load(); };
}

export async function playFile(f) {
  const audioOnly = f.format === 'aac' || f.format === 'mp3';
  const box = h('div', { class: 'player' });
  let detach = null;
  const meta = h('div', { class: 'meta' }, `${f.format.toUpperCase()} · ${fmtTime(f.start)}`,
    f.duration !== undefined ? ` · ${fmtDuration(f.duration)}` : '', ' · ', h('a', { href: f.downloadUrl || f.url, target: '_blank', rel: 'noopener' }, 'download'));
  viewDialog(`Recording ${f.app || ''}/${f.stream || ''}`, box, () => { if (detach) detach(); });
  if (f.format === 'flv') {
    box.append(h('p', {}, 'Browsers cannot play FLV directly. Download it, or play it with ffplay / VLC.'),
      h('a', { class: 'btn primary', href: f.downloadUrl || f.url, download: '' }, 'Download FLV'), meta);
    return;
  }
  const media = h(audioOnly ? 'audio' : 'video', { controls: true, autoplay: true, muted: !audioOnly, playsInline: true, id: 'player-media' });
  const err = h('div');
  media.addEventListener('error', () => err.replaceChildren(errorBox(new Error('The browser could not play this file.'))));
  media.addEventListener('hlserror', (ev) => err.replaceChildren(errorBox(new Error(`HLS: ${ev.detail.details}`))));
  box.append(err, media, meta);
  try {
    detach = await attach(media, f.url, f.format);
  } catch (e) {
    err.replaceChildren(errorBox(e));
  }
}

/**
 * Live preview: the stream's most recent recording that is still being written (an HLS EVENT playlist grows while
 * recording, so hls.js follows it close to live); without one, the latest finished file.
 */
export async function previewStream(s) {
  const files = await listFiles({ DomainName: s.domain, AppName: s.app, StreamName: s.stream }).catch(() => null);
  const playable = (files || []).filter((f) => f.url && f.format !== 'flv').sort((a, b) => (b.start || 0) - (a.start || 0));
  if (playable.length === 0) {
    viewDialog(`Preview ${s.app}/${s.stream}`, h('p', {}, 'Nothing to preview yet: create a record task (HLS) for this stream and its recording plays here while it grows.'));
    return;
  }
  await playFile(playable[0]);
}
