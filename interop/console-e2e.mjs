// Browser test of the liverec console, driven by playwright-core with Debian's chromium (headless).
// Usage: node console-e2e.mjs '<json config>'   (config: see below). Prints one line per check and a closing
// "N passed, N failed" line; exits non-zero on any failure. Screenshots of each page go to cfg.screenshots.
//
// cfg = { url, secretId, secretKey, screenshots,
//         flow: "signin" | "full",
//         recording: false                              // full flow on a build without format writers
//         stream: { domain, app, name },              // full flow: a stream ffmpeg is pushing
//         expectRetriedDelivery: true,                  // full flow: a callback that failed first, then delivered
//         taskId, watchMillis }                         // watch flow: a task recording HLS now
//         clipStart, clipEnd                            // clip flow: the range to clip from stream (Unix s)
import { chromium } from 'playwright-core';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const cfg = JSON.parse(process.argv[2] || '{}');
const shots = cfg.screenshots || 'target/console-screenshots';
mkdirSync(shots, { recursive: true });
let passed = 0, failed = 0;
const results = [];

async function check(name, fn) {
  const t0 = Date.now();
  try {
    await fn();
    passed++;
    results.push(`ok   ${name} (${Date.now() - t0} ms)`);
    console.log(`ok   ${name} (${Date.now() - t0} ms)`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${name}: ${e && e.stack || e}`);
    throw e;
  }
}

const profile = mkdtempSync(join(tmpdir(), 'liverec-chromium-'));
// a fresh profile per run (persistent context = our own user-data-dir, removed at the end)
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1360, height: 860 },
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--autoplay-policy=no-user-gesture-required'],
});
const page = context.pages()[0] || await context.newPage();
const consoleErrors = [];
const pageErrors = []; // uncaught exceptions in the page: each one fails the run
page.on('pageerror', (e) => { pageErrors.push(String(e)); consoleErrors.push(String(e)); });
page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
page.setDefaultTimeout(20000);
const shot = (name) => page.screenshot({ path: join(shots, name + '.png'), fullPage: true });
const go = async (route) => {
  await page.evaluate((r) => { location.hash = r; }, route);
  await page.waitForSelector(`#page-${route.replace(/^#\//, '').split('?')[0]}`);
};

async function signIn(id, key) {
  await page.fill('input[name=secretId]', id);
  await page.fill('input[name=secretKey]', key);
  await page.click('form button[type=submit]');
}

try {
  await check('sign-in page loads without script errors', async () => {
    await page.goto(cfg.url + '/console/', { waitUntil: 'load' });
    await page.waitForSelector('input[name=secretId]');
    await shot('01-sign-in');
    if (consoleErrors.length) throw new Error('script errors: ' + consoleErrors.join('; '));
  });

  await check('a wrong key is refused with its Tencent error code', async () => {
    await signIn(cfg.secretId || 'AKIDnobody', 'not-the-key');
    const err = await page.waitForSelector('.error[data-code]');
    const code = await err.getAttribute('data-code');
    const text = await err.innerText();
    if (!code.startsWith('AuthFailure.')) throw new Error('expected an AuthFailure code, got ' + code);
    if (!text.includes(code)) throw new Error('the message does not show the code: ' + text);
    if (/Describe|failed:/.test(text)) throw new Error('the sign-in error names an internal action: ' + text);
    await shot('02-sign-in-error');
  });

  if (cfg.flow === 'full') await fullFlow();
  if (cfg.flow === 'watch') await watchFlow();
  if (cfg.flow === 'clip') await clipFlow();
} catch (e) {
  // already counted; keep the screenshot of the failing state
  await shot('zz-failure').catch(() => {});
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);

async function fullFlow() {
  const s = cfg.stream;
  const key = `${s.app}/${s.name}`;
  await check('sign in with the credential', async () => {
    await signIn(cfg.secretId, cfg.secretKey);
    await page.waitForSelector('#page-streams');
    const stored = await page.evaluate(() => ({ session: sessionStorage.getItem('liverec.credential'), local: localStorage.length, cookie: document.cookie }));
    if (!stored.session || stored.local !== 0 || stored.cookie) throw new Error('the key must live in sessionStorage only');
  });

  await check('the pushed stream is listed live with codec, resolution and bitrate', async () => {
    await page.waitForFunction((k) => [...document.querySelectorAll('#page-streams td')].some((td) => td.textContent.includes(k)), key);
    await page.waitForFunction(() => /H264 \d+×\d+/.test(document.querySelector('#page-streams').textContent)
      && /\d+(\.\d+)? (k|M)bit\/s/.test(document.querySelector('#page-streams table').textContent), null, { timeout: 15000 });
    await shot('03-streams');
  });

  await check('live preview plays the stream in the page (currentTime advances)', async () => {
    const row = page.locator('tr', { has: page.locator(`button[data-stream="${s.name}"]`) });
    await row.locator('button', { hasText: 'Preview' }).click();
    await page.waitForSelector('dialog[open] #preview-media');
    await page.waitForFunction(() => { const v = document.querySelector('#preview-media'); return v && v.currentTime > 0.5; }, null, { timeout: 20000 });
    const t1 = await page.evaluate(() => document.querySelector('#preview-media').currentTime);
    await page.waitForTimeout(1500);
    const t2 = await page.evaluate(() => document.querySelector('#preview-media').currentTime);
    if (!(t2 > t1)) throw new Error(`preview currentTime did not advance: ${t1} -> ${t2}`);
    await shot('03b-live-preview');
    await page.keyboard.press('Escape');
  });

  let taskId;
  await check('create a record task for the stream from the console', async () => {
    await page.click(`button[data-stream="${s.name}"]`);
    await page.waitForSelector('dialog[open] input[name=StreamName]');
    const value = await page.inputValue('dialog[open] input[name=StreamName]');
    if (value !== s.name) throw new Error('the dialog is not prefilled: ' + value);
    if (cfg.templateId) await page.selectOption('dialog[open] select[name=TemplateId]', String(cfg.templateId));
    await shot('04-create-task');
    await page.click('dialog[open] footer button.primary');
    await page.waitForSelector('#page-tasks');
    const badge = await page.waitForSelector('.badge[data-task]');
    taskId = await badge.getAttribute('data-task');
  });

  if (cfg.recording === false) {
    // this build records nothing (no format writer): the task must say so instead of pretending to record
    await check('the task waits (nothing records it)', async () => {
      await page.waitForSelector(`.badge[data-task="${taskId}"][data-state="waiting"]`, { timeout: 15000 });
      await shot('05-task-waiting');
    });
    await otherPages();
    return;
  }

  await check('the task switches to recording', async () => {
    await page.waitForSelector(`.badge[data-task="${taskId}"][data-state="recording"]`, { timeout: 30000 });
    await shot('05-task-recording');
  });

  await check('stop it: the task shows stopped', async () => {
    await page.waitForTimeout(cfg.recordMillis || 6000);
    const row = page.locator('tr', { has: page.locator(`.badge[data-task="${taskId}"]`) });
    await row.locator('button[data-action=stop]').click();
    await page.waitForSelector(`.badge[data-task="${taskId}"][data-state="stopped"]`);
    await shot('06-task-stopped');
  });

  await check('the task lists its recorded HLS file', async () => {
    // the files row stays open across the page's refreshes and is re-read each time
    const row = page.locator('tr', { has: page.locator(`.badge[data-task="${taskId}"]`) });
    await row.locator('button[data-action=files]').click();
    await page.waitForSelector('tr.files-row button[data-play=hls]:not([disabled])', { timeout: 45000 });
    await shot('07-task-files');
  });

  await check('play the recorded HLS in the page (currentTime advances)', async () => {
    await page.click('tr.files-row button[data-play=hls]');
    await page.waitForSelector('dialog[open] #player-media');
    await page.waitForFunction(() => { const v = document.querySelector('#player-media'); return v && v.currentTime > 1.0; }, null, { timeout: 30000 });
    const t1 = await page.evaluate(() => document.querySelector('#player-media').currentTime);
    await page.waitForTimeout(1200);
    const t2 = await page.evaluate(() => document.querySelector('#player-media').currentTime);
    if (!(t2 > t1)) throw new Error(`currentTime did not advance: ${t1} -> ${t2}`);
    await shot('08-player-hls');
    await page.keyboard.press('Escape');
  });

  for (const format of cfg.alsoPlay || []) {
    await check(`play the recorded ${format.toUpperCase()} in the page (currentTime advances)`, async () => {
      await go('#/tasks');
      if (!(await page.locator('tr.files-row').count())) {
        const row = page.locator('tr', { has: page.locator(`.badge[data-task="${taskId}"]`) });
        await row.locator('button[data-action=files]').click();
      }
      await page.waitForSelector(`tr.files-row button[data-play=${format}]:not([disabled])`, { timeout: 45000 });
      await page.click(`tr.files-row button[data-play=${format}]`);
      await page.waitForSelector('dialog[open] #player-media');
      await page.waitForFunction(() => { const v = document.querySelector('#player-media'); return v && v.currentTime > 1.0; }, null, { timeout: 30000 });
      await shot(`08-player-${format}`);
      await page.keyboard.press('Escape');
    });
  }

  await check('recordings page shows a timeline for the stream', async () => {
    await go('#/recordings');
    await page.waitForSelector('#page-recordings .timeline .seg');
    await shot('09-recordings');
  });

  if (cfg.expectRetriedDelivery) {
    await check('a failed callback is shown failing, retried from the console, then delivered', async () => {
      await go('#/deliveries');
      // the delivery the receiver refused: pending, at least one attempt, an error shown
      const handle = await page.waitForFunction(() => {
        for (const b of document.querySelectorAll('.badge[data-delivery][data-status=pending]')) {
          const row = b.closest('tr');
          if (Number(row.querySelector('[data-attempts]').dataset.attempts) >= 1 && /500/.test(row.textContent)) return b.dataset.delivery;
        }
        return null;
      }, null, { timeout: 30000 });
      const id = await handle.jsonValue();
      await shot('10-deliveries-failed');
      await page.click(`button[data-retry="${id}"]`);
      await page.waitForSelector(`.badge[data-delivery="${id}"][data-status=delivered]`, { timeout: 30000 });
      await shot('11-deliveries-delivered');
    });
  }

  await otherPages();
  await layoutChecks();
  await check('a credential that stops working (SecretIdNotFound) returns to sign-in', async () => {
    await go('#/tasks');
    // what a disabled or deleted credential answers: the same code for an id the server does not know
    await page.evaluate(() => {
      const c = JSON.parse(sessionStorage.getItem('liverec.credential'));
      sessionStorage.setItem('liverec.credential', JSON.stringify({ ...c, secretId: 'AKIDnotknownanymore0000000000000000' }));
    });
    await page.evaluate(() => { location.hash = '#/templates'; });
    const err = await page.waitForSelector('.signin .error[data-code]');
    const code = await err.getAttribute('data-code');
    if (code !== 'AuthFailure.SecretIdNotFound') throw new Error('unexpected code ' + code);
    if (await page.evaluate(() => sessionStorage.getItem('liverec.credential'))) throw new Error('the credential is still kept');
    await shot('40-credential-gone');
    await signIn(cfg.secretId, cfg.secretKey);
    await page.waitForSelector('#page-templates');
  });
  await check('no uncaught page error during the whole run', async () => {
    if (pageErrors.length) throw new Error(pageErrors.join(' | '));
  });
  if (consoleErrors.length) console.log('browser console errors (informational): ' + consoleErrors.join(' | '));
}

/** Every page at a desktop and a phone viewport: no horizontal page overflow, Sign out reachable, dialogs on screen. */
async function layoutChecks() {
  const routes = ['#/streams', '#/tasks', '#/recordings', '#/templates', '#/rules', '#/callbacks', '#/deliveries', '#/domains'];
  for (const [w, hgt] of [[1400, 900], [390, 844]]) {
    await page.setViewportSize({ width: w, height: hgt });
    for (const route of routes) {
      await check(`${w}×${hgt} ${route}: no horizontal overflow, Sign out reachable, heading focused`, async () => {
        await go(route);
        await page.waitForSelector(`${route.replace('#/', '#page-')} .panel, ${route.replace('#/', '#page-')} .empty`);
        await page.waitForTimeout(150);
        const m = await page.evaluate(() => ({ sw: document.documentElement.scrollWidth, iw: window.innerWidth,
          focus: document.activeElement && document.activeElement.tagName }));
        if (m.sw > m.iw + 1) throw new Error(`the page is ${m.sw}px wide in a ${m.iw}px viewport`);
        if (m.focus !== 'H1') throw new Error('focus is on ' + m.focus + ', not the page heading');
        const out = page.locator('#sign-out');
        await out.scrollIntoViewIfNeeded();
        const box = await out.boundingBox();
        if (!box || box.width === 0 || box.x < 0 || box.x + box.width > m.iw + 1) throw new Error('Sign out is not reachable: ' + JSON.stringify(box));
        await shot(`30-${w}-${route.replace('#/', '')}`);
      });
    }
    await check(`${w}×${hgt}: the task dialog opens fully on screen`, async () => {
      await go('#/tasks');
      await page.click('#new-task');
      const dlg = await page.waitForSelector('dialog[open]');
      const r = await dlg.evaluate((d) => { const b = d.getBoundingClientRect(); return { l: b.left, t: b.top, r: b.right, b: b.bottom, w: innerWidth, h: innerHeight }; });
      if (r.l < 0 || r.t < 0 || r.r > r.w + 1 || r.b > r.h + 1) throw new Error('dialog off screen: ' + JSON.stringify(r));
      await shot(`31-${w}-task-dialog`);
      await page.keyboard.press('Escape');
    });
    if (cfg.recording !== false) {
      await check(`${w}×${hgt}: timeline segments never overlap and each is a button`, async () => {
        await go('#/recordings');
        await page.waitForSelector('#page-recordings .timeline .seg');
        const bad = await page.evaluate(() => {
          const segs = [...document.querySelectorAll('#page-recordings .timeline .seg')];
          if (segs.some((s) => s.tagName !== 'BUTTON')) return 'a segment is not a button';
          const boxes = segs.map((s) => s.getBoundingClientRect());
          for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
            const a = boxes[i], b = boxes[j];
            if (a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5) {
              return `segments ${segs[i].title} and ${segs[j].title} overlap`;
            }
          }
          return null;
        });
        if (bad) throw new Error(bad);
      });
    }
  }
  await page.setViewportSize({ width: 1360, height: 860 });
}

async function otherPages() {
  for (const [route, name] of [['#/recordings', '17-recordings'], ['#/deliveries', '18-deliveries'], ['#/templates', '12-templates'], ['#/rules', '13-rules'], ['#/callbacks', '14-callbacks'], ['#/domains', '15-domains']]) {
    await check(`page ${route} renders without an error`, async () => {
      await go(route);
      await page.waitForSelector(`${route.replace('#/', '#page-')} .panel`);
      if (await page.locator('main .error').count()) throw new Error(await page.locator('main .error').first().innerText());
      await shot(name);
    });
  }

  await check('the domains page builds a push URL', async () => {
    await go('#/domains');
    await page.locator('button', { hasText: 'Push URL' }).first().click();
    const url = await (await page.waitForSelector('dialog[open] #push-url')).innerText();
    if (!/^rtmp:\/\/[^/]+\/live\/stream1/.test(url)) throw new Error('unexpected push URL ' + url);
    if (cfg.rtmpPort && !url.includes(`:${cfg.rtmpPort}/`)) throw new Error(`the push URL does not use RTMP port ${cfg.rtmpPort}: ${url}`);
    await shot('19-push-url');
    await page.keyboard.press('Escape');
  });

  await check('a template can be created from the console and an API error shows its code', async () => {
    await go('#/templates');
    await page.click('#new-template');
    await page.fill('dialog[open] input[name=TemplateName]', 'console_e2e');
    await page.click('dialog[open] footer button.primary');
    await page.waitForFunction(() => document.querySelector('#page-templates').textContent.includes('console_e2e'));
    // a second template with an invalid interval: the server's error code is shown in the dialog
    await page.click('#new-template');
    await page.fill('dialog[open] input[name=TemplateName]', 'bad_interval');
    await page.check('dialog[open] input[name=Mp4Enable]');
    await page.evaluate(() => { const i = document.querySelector('dialog[open] input[name=Mp4Interval]'); i.min = ''; i.value = '5'; });
    await page.click('dialog[open] footer button.primary');
    const err = await page.waitForSelector('dialog[open] .error[data-code]');
    const code = await err.getAttribute('data-code');
    if (!/^(InvalidParameter|InvalidParameterValue)/.test(code)) throw new Error('unexpected code ' + code);
    await shot('16-template-error');
    await page.keyboard.press('Escape');
  });
}

// Watch while recording: the task's HLS file being written plays live in the console (near the live edge), then the
// task stops and the same player, on the same URL, plays on to ENDLIST.
async function watchFlow() {
  await check('sign in with the credential', async () => {
    await signIn(cfg.secretId, cfg.secretKey);
    await page.waitForSelector('#page-streams');
  });
  await check('the task lists its HLS file being recorded', async () => {
    await go('#/tasks');
    await page.waitForSelector(`.badge[data-task="${cfg.taskId}"][data-state="recording"]`, { timeout: 30000 });
    const row = page.locator('tr', { has: page.locator(`.badge[data-task="${cfg.taskId}"]`) });
    await row.locator('button[data-action=files]').click();
    await page.waitForSelector('tr.files-row button[data-play=hls][data-state=recording]:not([disabled])', { timeout: 30000 });
    await page.waitForSelector('tr.files-row .badge[data-file-state=recording]');
    await shot('w1-task-file-recording');
  });
  let liveUrl;
  await check('the in-progress HLS plays live: currentTime advances and stays within 10 s of the live edge', async () => {
    await page.click('tr.files-row button[data-play=hls][data-state=recording]');
    await page.waitForSelector('dialog[open] #player-media');
    // playing: currentTime moves (hls.js first seeks near the live edge, then the element starts)
    await page.waitForFunction(() => { const v = document.querySelector('#player-media');
      if (!v || !window.__liverecHls) return false;
      const moved = window.__lastT !== undefined && v.currentTime > window.__lastT + 0.3;
      window.__lastT = v.currentTime;
      return moved && !v.paused; }, null, { timeout: 30000, polling: 500 });
    liveUrl = await page.evaluate(() => window.__liverecHls.url);
    const samples = [];
    const t0 = Date.now();
    while (Date.now() - t0 < (cfg.watchMillis || 12000)) {
      await page.waitForTimeout(1000);
      samples.push(await page.evaluate(() => {
        const hls = window.__liverecHls;
        const v = document.querySelector('#player-media');
        const d = hls.levels[hls.currentLevel] && hls.levels[hls.currentLevel].details;
        return { at: Date.now(), t: v.currentTime, edge: hls.latency, pedge: d ? d.edge - v.currentTime : null, age: d ? d.age : null,
          buf: v.buffered.length ? v.buffered.end(v.buffered.length - 1) - v.currentTime : 0, rate: v.playbackRate,
          behind: hls.playingDate ? (Date.now() - hls.playingDate.getTime()) / 1000 : null,
          live: !!(hls.levels[hls.currentLevel] && hls.levels[hls.currentLevel].details && hls.levels[hls.currentLevel].details.live) };
      }));
    }
    console.log('samples: ' + JSON.stringify(samples));
    const first = samples[0], last = samples[samples.length - 1];
    const advanced = last.t - first.t, wall = (last.at - first.at) / 1000;
    if (!(advanced > 0.6 * wall)) throw new Error(`currentTime advanced ${advanced.toFixed(1)} s in ${wall.toFixed(1)} s`);
    if (!samples.every((x) => x.live)) throw new Error('the playlist was not live while recording');
    const edges = samples.map((x) => x.pedge);
    if (edges.some((e) => !(e >= 0 && e <= 10))) throw new Error('behind the live edge by ' + edges.join(', ') + ' s');
    const behind = samples.map((x) => x.behind).filter((x) => x !== null);
    console.log(`figure: player behind the live edge ${Math.min(...edges).toFixed(1)}-${Math.max(...edges).toFixed(1)} s`
      + ` (mean ${(edges.reduce((a, b) => a + b, 0) / edges.length).toFixed(1)} s); behind the publisher's wall clock`
      + ` ${Math.min(...behind).toFixed(1)}-${Math.max(...behind).toFixed(1)} s; currentTime +${advanced.toFixed(1)} s in ${wall.toFixed(1)} s`);
    await shot('w2-playing-live');
  });
  await check('stop the task: the same URL plays on as VOD to ENDLIST', async () => {
    await page.evaluate(async (id) => { const { call } = await import('/console/js/api.js'); await call('StopRecordTask', { TaskId: id }); }, cfg.taskId);
    const tStop = Date.now();
    await page.waitForFunction(() => { const hls = window.__liverecHls; const l = hls.levels[hls.currentLevel];
      return l && l.details && !l.details.live; }, null, { timeout: 30000 });
    const sameUrl = await page.evaluate(() => window.__liverecHls.url);
    if (sameUrl !== liveUrl) throw new Error('the player changed URL: ' + sameUrl);
    const text = await page.evaluate(async (u) => (await fetch(u, { cache: 'no-store' })).text(), liveUrl);
    if (!text.includes('#EXT-X-ENDLIST')) throw new Error('no ENDLIST in ' + text);
    await page.waitForFunction(() => document.querySelector('#player-state')?.textContent === 'recording finished');
    await page.waitForFunction(() => { const v = document.querySelector('#player-media'); return v.ended || (v.duration > 0 && v.duration - v.currentTime < 0.5); },
      null, { timeout: 40000 });
    const end = await page.evaluate(() => { const v = document.querySelector('#player-media'); return { t: v.currentTime, d: v.duration }; });
    console.log(`figure: ENDLIST seen ${(Date.now() - tStop) / 1000} s after StopRecordTask; played to ${end.t.toFixed(1)} of ${end.d.toFixed(1)} s`);
    await shot('w3-played-to-end');
  });
  await check('no script errors in the page', async () => {
    if (pageErrors.length) throw new Error('page errors: ' + pageErrors.join('; '));
  });
}

// Recordings page: select a range under the stream's timeline, Clip, and the MP4 clip plays and joins the timeline.
async function clipFlow() {
  const s = cfg.stream;
  await check('sign in and open the stream on the recordings page', async () => {
    await signIn(cfg.secretId, cfg.secretKey);
    await page.waitForSelector('#page-streams');
    await go(`#/recordings?domain=${s.domain}&app=${s.app}&stream=${s.name}`);
    await page.waitForSelector('#page-recordings .timeline .seg.flv');
    await page.waitForSelector('#page-recordings .clip-button');
  });
  await check('select a range, Clip: the MP4 clip plays in the page', async () => {
    await page.evaluate(([a, b]) => {
      const p = (n) => String(n).padStart(2, '0');
      const local = (t) => { const d = new Date(t * 1000); return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`; };
      for (const [sel, v] of [['.clip-from', a], ['.clip-to', b]]) {
        const i = document.querySelector('#page-recordings ' + sel);
        i.value = local(v);
        i.dispatchEvent(new Event('change'));
      }
    }, [cfg.clipStart, cfg.clipEnd]);
    await shot('30-clip-range');
    await page.click('#page-recordings .clip-button');
    await page.waitForSelector('dialog[open] #player-media', { timeout: 60000 });
    await page.waitForFunction(() => { const v = document.querySelector('#player-media'); return v && v.currentTime > 1.0; }, null, { timeout: 30000 });
    await shot('31-clip-playing');
    await page.keyboard.press('Escape');
  });
  await check('the clip appears on the timeline and in the files with a download link', async () => {
    await page.waitForSelector('#page-recordings .timeline .seg.mp4');
    await page.waitForSelector('#page-recordings button[data-play=mp4]:not([disabled])');
    const links = await page.locator('#page-recordings tr', { has: page.locator('button[data-play=mp4]') }).locator('a[download]').count();
    if (links < 1) throw new Error('no download link for the clip');
    await shot('32-clip-listed');
  });
}
