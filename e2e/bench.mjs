// The benchmark: prints figures, asserts nothing. Run through scripts/bench.sh,
// which builds the release first.
//   - bytes on the wire: each kind of file in dist/, raw and gzip (level 9),
//     beside a bare yew app's (bench/bare, the same profile and toolchain);
//   - time from navigation to first render in headless Chromium (the first
//     screen in the DOM, the first effects, the first paint), median and
//     spread over cold loads alternating with the bare app's, and their
//     ratios, with the widget's layout shift while its lower panels arrive;
//   - node count change → repainted diagram with 100 × 110 on screen, and a
//     change to one pool of 5 pools × 200 × 50 beside one pool of that size;
//   - frames per second and tasks over 50 ms while a packet plays (10 × 30
//     and 100 × 110 on screen) and while a rolling upgrade of 100 × 110
//     plays, unthrottled and at 4× CPU throttling;
//   - the model's plan time in wasm, in Chromium (bench/, built by bench.sh
//     into target/bench-web with the release profile the widget ships with).
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { startStaticServer } from './static-server.mjs';
import { DIST, ROOT, launchChromium, openWatchedPage, waitForFirstRender, waitForWholeWidget } from './browser.mjs';

const MODEL_BENCH_DIR = join(ROOT, 'target', 'bench-web');
/** The bare yew app, built by bench.sh with the widget's profile and trunk settings. */
const BARE_DIST = join(ROOT, 'target', 'bare-dist');

const LOADS = Number(process.env.BENCH_LOADS ?? 11);
const REPAINT_RUNS = 21;

const kb = (bytes) => (bytes / 1000).toFixed(1).padStart(7);
const ms = (value) => value.toFixed(1).padStart(6);

function quantile(sorted, q) {
  const index = (sorted.length - 1) * q;
  const low = Math.floor(index);
  const high = Math.ceil(index);
  return sorted[low] + (sorted[high] - sorted[low]) * (index - low);
}

/** Bytes per kind of file in `dir`, raw and gzip (level 9). */
async function bytesByKind(dir) {
  const totals = new Map();
  for (const file of await readdir(dir, { withFileTypes: true })) {
    if (!file.isFile()) continue; // trunk's staging folder, left by a failed build
    const name = file.name;
    const kind = extname(name).slice(1) || name;
    const body = await readFile(join(dir, name));
    const entry = totals.get(kind) ?? { raw: 0, gzip: 0 };
    entry.raw += body.length;
    entry.gzip += gzipSync(body, { level: 9 }).length;
    totals.set(kind, entry);
  }
  return totals;
}

async function bundleSizes() {
  const [widget, bare] = [await bytesByKind(DIST), await bytesByKind(BARE_DIST)];
  console.log('Bundle, KB = 1000 bytes: the widget (dist/) and a bare yew app (bench/bare)');
  console.log('  kind       widget raw  gzip     bare raw  gzip');
  const sum = { widget: { raw: 0, gzip: 0 }, bare: { raw: 0, gzip: 0 } };
  for (const kind of ['wasm', 'js', 'css', 'html']) {
    const [w, b] = [widget.get(kind) ?? { raw: 0, gzip: 0 }, bare.get(kind) ?? { raw: 0, gzip: 0 }];
    for (const [total, entry] of [[sum.widget, w], [sum.bare, b]]) {
      total.raw += entry.raw;
      total.gzip += entry.gzip;
    }
    console.log(`  ${kind.padEnd(6)}  ${kb(w.raw)}  ${kb(w.gzip)}   ${kb(b.raw)}  ${kb(b.gzip)}`);
  }
  console.log(
    `  total   ${kb(sum.widget.raw)}  ${kb(sum.widget.gzip)}   ${kb(sum.bare.raw)}  ${kb(sum.bare.gzip)}   ` +
      `(widget / bare, gzip: ${(sum.widget.gzip / sum.bare.gzip).toFixed(2)}×; budget 120 KB gzip, ceiling 150)`,
  );
}

/**
 * What each app shows on its first screen: the widget's status line,
 * diagram, figures and controls; the bare app's status line.
 */
const FIRST_SCREEN = [
  ['[data-testid=status-line]', '[data-testid=diagram] [data-testid=node]', '.figure__value', '#nodes'],
  ['[role=status]'],
];

/**
 * Time from navigation to first render, the widget's and the bare app's
 * loads alternating (a fresh browser context each time), so that both meet
 * the same machine at the same moment; then their ratios. Three moments:
 *   - in the DOM: the first screen is in the document (a MutationObserver,
 *     the issue's "navigation → the status line in the DOM");
 *   - effects: the app's first effects have run (the mark the tests wait
 *     for); yew runs them after it yields to the browser when the first
 *     render took longer than its 16 ms slice, so this includes a layout;
 *   - painted: first contentful paint, what a reader sees.
 */
async function firstRender() {
  const servers = [await startStaticServer({ root: DIST }), await startStaticServer({ root: BARE_DIST })];
  const browser = await launchChromium();
  const moments = ['in the DOM', 'effects', 'painted'];
  const times = [moments.map(() => []), moments.map(() => [])];
  const shifts = [];
  try {
    for (let load = 0; load < LOADS; load += 1) {
      // Each app loads first in every other pair.
      const order = load % 2 === 0 ? [0, 1] : [1, 0];
      for (const index of order) {
        const server = servers[index];
        const { context, page } = await openWatchedPage(browser, server.origin);
        await page.addInitScript((selectors) => {
          // The MutationObserver reports after the task that built the
          // DOM; for yew, after its first effects too unless it yielded.
          const seen = () => selectors.every((selector) => document.querySelector(selector));
          const observer = new MutationObserver(() => {
            if (seen()) {
              observer.disconnect();
              window.firstScreenInDom = performance.now();
            }
          });
          observer.observe(document, { childList: true, subtree: true });
          // Layout shift as CLS counts it: every entry without recent input.
          window.layoutShift = 0;
          new PerformanceObserver((list) => {
            for (const entry of list.getEntries()) window.layoutShift += entry.hadRecentInput ? 0 : entry.value;
          }).observe({ type: 'layout-shift', buffered: true });
        }, FIRST_SCREEN[index]);
        await page.goto(server.url);
        const effects = await waitForFirstRender(page);
        const moments = await page
          .waitForFunction(
            () => {
              const paint = performance.getEntriesByName('first-contentful-paint')[0];
              return window.firstScreenInDom && paint && [window.firstScreenInDom, paint.startTime];
            },
            null,
            { timeout: 10_000 },
          )
          .catch(() => {
            throw new Error('no first contentful paint, or the first screen never reached the DOM, within 10 s');
          });
        const [inDom, painted] = await moments.jsonValue();
        for (const [moment, time] of [inDom, effects, painted].entries()) times[index][moment].push(time);
        if (index === 0) {
          // Layout shift while the panels below the first screen arrive:
          // counted until two frames and 300 ms after they are drawn.
          await waitForWholeWidget(page);
          shifts.push(
            await page.evaluate(
              () =>
                new Promise((resolve) => {
                  requestAnimationFrame(() =>
                    requestAnimationFrame(() => setTimeout(() => resolve(window.layoutShift), 300)),
                  );
                }),
            ),
          );
        }
        await context.close();
      }
    }
  } finally {
    await browser.close();
    await Promise.all(servers.map((server) => server.close()));
  }
  console.log(`\nFirst render, ms from navigation (${LOADS} cold loads each, alternating, loopback)`);
  for (const [moment, name] of moments.entries()) {
    const medians = [];
    for (const [index, app] of ['widget', 'bare yew'].entries()) {
      const sorted = times[index][moment].sort((a, b) => a - b);
      medians.push(quantile(sorted, 0.5));
      console.log(
        `  ${name.padEnd(11)} ${app.padEnd(8)}  median ${ms(quantile(sorted, 0.5))}   p25 ${ms(quantile(sorted, 0.25))}   p75 ${ms(quantile(sorted, 0.75))}   min ${ms(sorted[0])}   max ${ms(sorted.at(-1))}`,
      );
    }
    console.log(`  ${''.padEnd(11)} widget / bare yew, medians: ${(medians[0] / medians[1]).toFixed(2)}×${moment === 0 ? '   (target 1.5×)' : ''}`);
  }
  console.log(`  widget's layout shift while the rest arrives: max ${Math.max(...shifts).toFixed(3)} (CLS "good" is under 0.1)`);
}

/**
 * A count change → repainted diagram: the box is changed as a learner would,
 * then the page measures until the summary the change moves (`summary`, a
 * selector) has new words and the diagram is laid out, and until the next
 * frame. Each change starts from an idle page (two frames and 50 ms after the
 * last), as a learner's click does: back to back, a change would also pay for
 * the previous one's paint.
 */
async function changeToRepaint(title, query, box, values, summary) {
  const server = await startStaticServer({ root: DIST });
  const browser = await launchChromium();
  const updated = [];
  const painted = [];
  try {
    const { page } = await openWatchedPage(browser, server.origin, { width: 1280, height: 900 });
    await page.goto(`${server.url}${query}`);
    await waitForWholeWidget(page);
    for (let run = 0; run < REPAINT_RUNS; run += 1) {
      const [toLayout, toFrame] = await page.evaluate(async ([box, value, summary]) => {
        // Idle, at a random point of the frame, so that "next frame" is not
        // always measured from the same phase of the display's refresh.
        const idle = () => new Promise((resolve) => {
          requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 50 + Math.random() * 17)));
        });
        await idle();
        const input = document.querySelector(box);
        const label = () => document.querySelector(summary)?.textContent;
        const before = label();
        const start = performance.now();
        input.value = String(value);
        // A slider's box applies on change, a pool's box as it is typed.
        input.dispatchEvent(new Event('change', { bubbles: true }));
        input.dispatchEvent(new Event('input', { bubbles: true }));
        // Only an observer: polling with microtasks would starve yew, which
        // continues long renders in a later task.
        await new Promise((resolve) => {
          const observer = new MutationObserver(() => {
            if (label() !== before) {
              observer.disconnect();
              resolve();
            }
          });
          observer.observe(document.body, { subtree: true, childList: true, characterData: true });
        });
        document.querySelector('.diagram').getBoundingClientRect();
        const laidOut = performance.now() - start;
        await new Promise((resolve) => requestAnimationFrame(() => resolve()));
        return [laidOut, performance.now() - start];
      }, [box, values[run % 2], summary]);
      updated.push(toLayout);
      painted.push(toFrame);
    }
  } finally {
    await browser.close();
    await server.close();
  }
  updated.sort((a, b) => a - b);
  painted.sort((a, b) => a - b);
  console.log(`\n${title} (${REPAINT_RUNS} changes, each from idle)`);
  console.log(`  DOM updated and laid out: median ${ms(quantile(updated, 0.5))}   min ${ms(updated[0])}   max ${ms(updated.at(-1))}`);
  console.log(`  next frame:               median ${ms(quantile(painted, 0.5))}   min ${ms(painted[0])}   max ${ms(painted.at(-1))}`);
}

/** The repaint figures: a node count change at 100 × 110, and a change to
 * one pool of 5 pools × 200 × 50 beside one pool of 1,000 × 50. */
async function repaints() {
  const summary = '[data-testid=node-summary]';
  await changeToRepaint('Node count change → diagram, 100 × 110 on screen',
    '?model=kubenet&nodes=100&replicas=11000&maxPods=110', '#nodes', [101, 100], summary);
  await changeToRepaint('Node count change → diagram, 1,000 × 50 Overlay (one pool) on screen',
    '?model=overlay&nodes=1000&replicas=50000&maxPods=50&podCidr=10.240.0.0/13', '#nodes', [999, 1000], summary);
  const pools = ['apps', 'batch', 'gpu', 'web'].map((name) => `&pool=${name},200,50`).join('');
  await changeToRepaint('One pool\'s count change → diagram, 5 pools × 200 × 50 Overlay on screen',
    `?model=overlay&nodes=200&replicas=40000&maxPods=50&podCidr=10.240.0.0/13${pools}`, '#pool-1-nodes', [201, 200],
    `[data-testid=pool][data-name=batch] ${summary}`);
}

/**
 * Frames while something plays at Fast (a step every 800 ms, motion between):
 * a requestAnimationFrame counter over 3 s, the longest gap between two
 * frames and the tasks over 50 ms. A packet's hops and an upgrade's steps go
 * through yew; the motion between them does not.
 */
async function framesWhilePlaying(title, rows, speedLabel) {
  const server = await startStaticServer({ root: DIST });
  const browser = await launchChromium();
  console.log(`\nFrames while ${title} plays (3 s, Fast)`);
  console.log('  on screen     CPU     fps   frame p95 ms   longest ms   tasks > 50 ms');
  try {
    for (const [label, query] of rows) {
      for (const throttle of [1, 4]) {
        const { context, page } = await openWatchedPage(browser, server.origin, { width: 1280, height: 900 });
        // Pinned to its first step, so it waits for Play.
        await page.goto(`${server.url}?${query}`);
        await waitForWholeWidget(page);
        const cdp = await context.newCDPSession(page);
        await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
        await page.getByLabel(speedLabel).selectOption('Fast');
        await page.getByRole('button', { name: '▶ Play', exact: true }).click();
        const { times, longTasks } = await page.evaluate(() => new Promise((resolve) => {
          const stamps = [];
          const longTasks = [];
          const observer = new PerformanceObserver((list) => {
            longTasks.push(...list.getEntries().map((entry) => entry.duration));
          });
          observer.observe({ type: 'longtask' });
          const frame = (now) => {
            stamps.push(now);
            if (now - stamps[0] < 3000) requestAnimationFrame(frame);
            else {
              observer.disconnect();
              resolve({ times: stamps, longTasks });
            }
          };
          requestAnimationFrame(frame);
        }));
        const gaps = times.slice(1).map((t, i) => t - times[i]).sort((a, b) => a - b);
        const fps = ((times.length - 1) * 1000) / (times.at(-1) - times[0]);
        const tasks = longTasks.length ? `${longTasks.length} (longest ${ms(Math.max(...longTasks))})` : '0';
        console.log(
          `  ${label.padEnd(10)} ${`${throttle}×`.padStart(4)}  ${fps.toFixed(1).padStart(6)}  ${ms(quantile(gaps, 0.95)).padStart(13)}  ${ms(gaps.at(-1)).padStart(11)}   ${tasks}`,
        );
        await context.close();
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }
}

async function modelInWasm() {
  await writeFile(
    join(MODEL_BENCH_DIR, 'index.html'),
    '<!doctype html><script type="module">import init, { run_model_bench } from "./aks_bench.js";' +
      'await init(); window.report = run_model_bench(21);</script>',
  );
  const server = await startStaticServer({ root: MODEL_BENCH_DIR });
  const browser = await launchChromium();
  try {
    const { page } = await openWatchedPage(browser, server.origin);
    await page.goto(server.url);
    const report = await page.waitForFunction(() => window.report, null, { timeout: 120_000 });
    console.log(`\n${(await report.jsonValue()).trimEnd()}`);
  } finally {
    await browser.close();
    await server.close();
  }
}

/** `BENCH_PARTS=bytes,first` runs only those parts; all of them by default. */
const PARTS = process.env.BENCH_PARTS?.split(',');
const runs = (part) => !PARTS || PARTS.includes(part);

if (runs('bytes')) await bundleSizes();
if (runs('first')) await firstRender();
if (runs('repaint')) await repaints();
if (runs('frames')) {
  await framesWhilePlaying('a packet (kubenet pod → pod on another node)', [
    ['10 × 30', 'model=kubenet&nodes=10&maxPods=30&replicas=300&flow=pod0.pod1&hop=1'],
    ['100 × 110', 'model=kubenet&nodes=100&maxPods=110&replicas=11000&flow=pod0.pod1&hop=1'],
  ], 'Packet speed');
  await framesWhilePlaying('a rolling upgrade (kubenet, 10 % surge)', [
    ['100 × 110', 'model=kubenet&nodes=100&maxPods=110&replicas=11000&upgrade=1'],
  ], 'Operation speed');
}
if (runs('model')) await modelInWasm();
