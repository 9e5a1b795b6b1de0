// Plays a recording in the page: hls.js for HLS (served from the node, not a CDN), <video> for MP4, <audio> for
// AAC/MP3; FLV has no browser decoder path without an extra library, so it is offered as a download.
import { h, viewDialog, fmtTime, fmtDuration, errorBox } from './ui.js';
import { callOptional } from './api.js';
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
 * Live preview: the node streams the live stream as fragmented MP4 (DescribeLivePreviewUrl, liverec extension),
 * played through Media Source Extensions, kept near the live edge. Without that action (or MSE), the stream's most
 * recent recording plays instead.
 */
export async function previewStream(s) {
  let url = null;
  let err = null;
  try {
    const r = await callOptional('DescribeLivePreviewUrl', { DomainName: s.domain, AppName: s.app, StreamName: s.stream });
    url = r && r.PreviewUrl;
  } catch (e) {
    err = e;
  }
  if (url && window.MediaSource) return playLive(s, url);
  const files = await listFiles({ DomainName: s.domain, AppName: s.app, StreamName: s.stream }).catch(() => null);
  const playable = (files || []).filter((f) => f.url && f.format !== 'flv').sort((a, b) => (b.start || 0) - (a.start || 0));
  if (playable.length === 0) {
    viewDialog(`Preview ${s.app}/${s.stream}`, h('div', {}, err ? errorBox(err) : null,
      h('p', {}, 'No live preview on this node and no recording of this stream yet.')));
    return;
  }
  await playFile(playable[0]);
}

function playLive(s, url) {
  const video = h('video', { controls: true, autoplay: true, muted: true, playsInline: true, id: 'preview-media' });
  const status = h('div', { class: 'meta' }, 'connecting…');
  const errHost = h('div');
  const abort = new AbortController();
  viewDialog(`Live · ${s.app}/${s.stream}`, h('div', { class: 'player' }, errHost, video, status), () => abort.abort());
  const ms = new MediaSource();
  video.src = URL.createObjectURL(ms);
  ms.addEventListener('sourceopen', async () => {
    try {
      const res = await fetch(url, { signal: abort.signal, cache: 'no-store' });
      if (!res.ok) throw new Error(`preview: HTTP ${res.status} ${await res.text()}`);
      const type = res.headers.get('Content-Type');
      if (!MediaSource.isTypeSupported(type)) throw new Error(`this browser cannot play ${type}`);
      const sb = ms.addSourceBuffer(type);
      const queue = [];
      let bytes = 0;
      const pump = () => {
        if (sb.updating || queue.length === 0 || ms.readyState !== 'open') return;
        sb.appendBuffer(queue.shift());
      };
      sb.addEventListener('updateend', () => {
        const b = video.buffered;
        if (b.length) {
          const end = b.end(b.length - 1);
          if (end - video.currentTime > 3) video.currentTime = end - 0.5; // stay near live
          if (!sb.updating && video.currentTime - b.start(0) > 30) { sb.remove(b.start(0), video.currentTime - 10); return; }
        }
        pump();
      });
      const reader = res.body.getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        bytes += value.byteLength;
        queue.push(value);
        pump();
        status.textContent = `live · ${type.replace(/^video\/mp4; /, '')} · ${(bytes / 1048576).toFixed(1)} MB received`;
      }
      status.textContent = 'the stream ended';
    } catch (e) {
      if (e.name !== 'AbortError') errHost.replaceChildren(errorBox(e));
    }
  }, { once: true });
}
