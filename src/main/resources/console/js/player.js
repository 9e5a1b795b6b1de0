// Plays a recording in the page: hls.js for HLS (served from the node, not a CDN), <video> for MP4, <audio> for
// AAC/MP3; FLV has no browser decoder path without an extra library, so it is offered as a download. A file still
// being recorded plays live: its HLS URL is an EVENT playlist that hls.js follows near the live edge until the
// recording ends and the same URL ends with ENDLIST; MP4 and AAC play as the file grows.
import { h, viewDialog, fmtTime, fmtDuration, errorBox } from './ui.js';
import { callOptional } from './api.js';
import { listFiles } from './files.js';

let hlsModule;
async function loadHls() {
  if (!hlsModule) hlsModule = (await import('../vendor/hls/hls.mjs')).default;
  return hlsModule;
}

/** Attaches a source to a media element; returns a detach function. */
export async function attach(media, url, format, live = false) {
  if (format === 'hls' || /\.m3u8(\?|$)/.test(url)) {
    const native = media.canPlayType('application/vnd.apple.mpegurl');
    // live: hls.js wherever it runs, for its live-edge control; native HLS (Safari, iOS) otherwise
    const Hls = native && !live ? null : await loadHls();
    if (!Hls || (native && !Hls.isSupported())) {
      media.src = url;
      return () => { media.removeAttribute('src'); media.load(); };
    }
    if (!Hls.isSupported()) throw new Error('This browser cannot play HLS (no Media Source Extensions).');
    // live: a few seconds behind the edge; a player that fell behind (a stall) plays faster until it is back there,
    // or jumps when more than 10 s behind
    const hls = new Hls(live ? { enableWorker: true, liveSyncDuration: 4, liveMaxLatencyDuration: 10,
      maxLiveSyncPlaybackRate: 1.5 } : { enableWorker: true });
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
  const live = f.state === 'recording';
  const meta = h('div', { class: 'meta' }, live ? h('span', { class: 'badge live', id: 'player-state' }, 'live, recording') : null,
    `${f.format.toUpperCase()} · ${fmtTime(f.start)}`,
    f.duration !== undefined ? ` · ${fmtDuration(f.duration)}${live ? ' so far' : ''}` : '', ' · ', h('a', { href: f.downloadUrl || f.url, target: '_blank', rel: 'noopener' }, 'download'));
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
    detach = await attach(media, f.url, f.format, live);
    if (live && window.__liverecHls && f.format === 'hls') followEnd(window.__liverecHls, meta);
  } catch (e) {
    err.replaceChildren(errorBox(e));
  }
}

/** The recording ended: the live playlist now carries ENDLIST and plays on as the finished file. */
function followEnd(hls, meta) {
  hls.on('hlsLevelUpdated', (_, data) => {
    const badge = meta.querySelector('#player-state');
    if (badge && data.details && !data.details.live) { badge.textContent = 'recording finished'; badge.classList.remove('live'); }
  });
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
