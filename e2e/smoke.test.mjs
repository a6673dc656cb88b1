// The release build, hosted under a sub-path, renders in real Chromium with
// no console error and no request outside its own origin.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { startStaticServer } from './static-server.mjs';
import { ARTIFACTS, DIST, launchChromium, openWatchedPage, waitForWholeWidget } from './browser.mjs';

let server;
let browser;

before(async () => {
  await mkdir(ARTIFACTS, { recursive: true });
  server = await startStaticServer({ root: DIST, prefix: '/widgets/aks/' });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

for (const [name, viewport] of [
  ['wide', { width: 1280, height: 800 }],
  ['narrow', { width: 360, height: 740 }],
]) {
  test(`renders the frame under a sub-path (${name}, ${viewport.width}px)`, async () => {
    const { context, page, problems } = await openWatchedPage(browser, server.origin, viewport);
    try {
      await page.goto(server.url);
      await waitForWholeWidget(page);

      await assert.doesNotReject(
        page.getByRole('heading', { level: 1, name: 'AKS Network Lab' }).waitFor(),
      );
      for (const region of ['Scenario', 'Cluster network', 'Address plan']) {
        assert.ok(
          await page.getByRole('region', { name: region }).isVisible(),
          `the "${region}" region is visible`,
        );
      }
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      assert.equal(overflow, 0, 'no horizontal scrolling');

      await page.screenshot({ path: join(ARTIFACTS, `frame-${name}.png`), fullPage: true });
      assert.deepEqual(problems.consoleErrors, [], 'console errors');
      assert.deepEqual(problems.pageErrors, [], 'uncaught exceptions');
      assert.deepEqual(problems.foreignRequests, [], 'requests outside the origin');
    } finally {
      await context.close();
    }
  });
}
