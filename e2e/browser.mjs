// Shared browser set-up for the end-to-end tests and the benchmark: Debian's
// Chromium driven by playwright-core (never a downloaded browser).
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { chromium } from 'playwright-core';
import { startStaticServer } from './static-server.mjs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
/** The release build under test: dist/, or another build's folder for an A/B run. */
export const DIST = process.env.DIST_DIR ?? join(ROOT, 'dist');
export const ARTIFACTS = join(ROOT, 'e2e', 'artifacts');

/** The mark the widget sets after its first render (src/first_render.rs). */
export const FIRST_RENDER_MARK = 'aks-lab:first-render';

// Flags that work on these machines: root, no GPU, and a closed network that
// refuses Chromium's own background connections.
const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_FLAGS,
  });
}

/**
 * Opens a page that records what a reader would not want: console errors,
 * uncaught exceptions, and any request that leaves the widget's own origin
 * (which is also blocked, so it cannot succeed by accident).
 */
export async function openWatchedPage(browser, origin, viewport = { width: 1280, height: 800 }) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const problems = { consoleErrors: [], pageErrors: [], foreignRequests: [] };
  page.on('console', (message) => {
    if (message.type() === 'error') problems.consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => problems.pageErrors.push(String(error)));
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('data:') || new URL(url).origin === origin) return route.continue();
    problems.foreignRequests.push(url);
    return route.abort('blockedbyclient');
  });
  return { context, page, problems };
}

/** Waits until the widget has rendered, and returns ms from navigation. */
export async function waitForFirstRender(page) {
  const handle = await page.waitForFunction(
    (mark) => performance.getEntriesByName(mark)[0]?.startTime,
    FIRST_RENDER_MARK,
  );
  return handle.jsonValue();
}

/**
 * Waits until the widget has drawn the panels below its first screen too
 * (they follow the first render in the next task), and returns the time of
 * the first render.
 */
export async function waitForWholeWidget(page) {
  const time = await waitForFirstRender(page);
  await page.locator('[data-testid=app][data-settled]').waitFor({ state: 'attached' });
  return time;
}

/**
 * Waits until the address bar matches `pattern` (a RegExp without flags):
 * the widget writes the link in the task after a change. With `present`
 * false, lets any pending write land (two frames and 50 ms), then asserts
 * that the link does not match.
 */
export async function waitForLink(page, pattern, present = true) {
  if (present) {
    await page.waitForFunction((source) => new RegExp(source).test(location.href), pattern.source);
    return;
  }
  assert.doesNotMatch(await writtenLink(page), pattern);
}

/** The link in the address bar once any pending write has landed (two frames and 50 ms). */
export async function writtenLink(page) {
  await page.evaluate(
    () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 50)))),
  );
  return page.evaluate(() => location.href);
}

/**
 * A test file's widget: serves the release build and launches Chromium
 * before its tests, closes both after them. `withWidget(query, check,
 * viewport, media)` opens the widget at `query` (with `media` emulated, such
 * as `{ reducedMotion: 'reduce' }`), runs `check(page)`, then asserts a clean
 * console and no request outside the widget's origin.
 */
export function widgetSuite() {
  const suite = {
    server: null,
    browser: null,
    async withWidget(query, check, viewport, media = {}) {
      const { context, page, problems } = await openWatchedPage(suite.browser, suite.server.origin, viewport);
      try {
        await page.emulateMedia(media);
        await page.goto(`${suite.server.url}${query}`);
        await waitForWholeWidget(page);
        await check(page);
        assert.deepEqual(problems.consoleErrors, [], 'console errors');
        assert.deepEqual(problems.pageErrors, [], 'uncaught exceptions');
        assert.deepEqual(problems.foreignRequests, [], 'requests outside the origin');
      } finally {
        await context.close();
      }
    },
  };
  before(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    suite.server = await startStaticServer({ root: DIST });
    suite.browser = await launchChromium();
  });
  after(async () => {
    await suite.browser?.close();
    await suite.server?.close();
  });
  return suite;
}
