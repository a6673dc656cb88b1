// The stage as each kind of reader meets it: a packet that plays on first
// load with its header and story in view, a phone's column, a projector's
// screen, a blog's iframe on another origin, the keyboard and a screen
// reader, lessons that do not give their answer away, and feedback where the
// learner looks. Expected figures cite the fact sheet (shared/reference/aks-facts.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { ARTIFACTS, waitForLink, widgetSuite } from './browser.mjs';

const suite = widgetSuite();
const { withWidget } = suite;

const PHONE = { width: 390, height: 844 };
const LAPTOP = { width: 1280, height: 800 };

/** Whether `locator`'s box lies wholly inside the window. */
async function inView(page, locator) {
  const box = await locator.boundingBox();
  const { width, height } = page.viewportSize();
  return box !== null && box.y >= 0 && box.x >= 0 && box.y + box.height <= height && box.x + box.width <= width;
}

/** The smallest size, in CSS pixels, at which the diagram's words are drawn. */
const smallestDiagramText = (page) => page.evaluate(() => {
  const svg = document.querySelector('[data-testid=diagram]');
  const scale = svg.getScreenCTM().a;
  return Math.min(...[...svg.querySelectorAll('text')].map((t) => parseFloat(getComputedStyle(t).fontSize) * scale));
});

test('on first load a packet plays on the stage, its header and its story in view', async () => {
  await withWidget('?model=kubenet', async (page) => {
    // aks-facts §5.2: on every hop the pod-to-pod packet is untranslated.
    assert.equal(await page.locator('.packet-header').textContent(), '10.244.0.2:40000 → 10.244.1.2:8080');
    assert.equal(await page.locator('.transport__play').getAttribute('aria-pressed'), 'true');
    // It moves on by itself.
    await page.waitForFunction(() => !document.querySelector('[data-testid=hop-position]').textContent.startsWith('Hop 1 '));
    // The drawing's packet, the transport and the current hop's story are all on screen.
    for (const what of [page.getByTestId('packet'), page.locator('.transport__play'), page.getByTestId('story')]) {
      assert.ok(await inView(page, what), 'in view while it plays');
    }
    // The current hop is marked in the hop list, once.
    assert.equal(await page.locator('[aria-current=step]').count(), 1);
    assert.equal(await page.locator('.hops [aria-current=step]').count(), 1);
    // The packet played on its own is not written into the link.
    await waitForLink(page, /flow=/, false);
    assert.ok(await smallestDiagramText(page) >= 9.5, 'legible at 1280 px');
    await page.screenshot({ path: join(ARTIFACTS, 'stage-1280x800.png') });
  });
  // Under reduced motion it steps, without gliding.
  await withWidget('?model=kubenet', async (page) => {
    assert.equal(await page.getByTestId('packet').evaluate((dot) => getComputedStyle(dot).transitionDuration), '0s');
    await page.waitForFunction(() => !document.querySelector('[data-testid=hop-position]').textContent.startsWith('Hop 1 '));
  }, LAPTOP, { reducedMotion: 'reduce' });
});

test('the packet played on its own pauses unseen, and stays out of the link', async () => {
  await withWidget('?model=kubenet', async (page) => {
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await page.waitForFunction(() => document.querySelector('.transport__play').getAttribute('aria-pressed') === 'false');
    await waitForLink(page, /flow=|hop=/, false);
  }, { width: 1280, height: 500 });
});

test('on a phone the stage comes first, fits the width, and reads at 12 px', async () => {
  await withWidget('?preset=kubenet', async (page) => {
    const stage = await page.locator('#stage').boundingBox();
    assert.ok(stage.y < 250, `the stage starts at ${stage.y}px`);
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth), 'nothing clipped sideways');
    assert.ok(await smallestDiagramText(page) >= 12, `diagram text is ${await smallestDiagramText(page)}px`);
    // Touch targets: every pod is 24 px or more.
    const pods = await page.getByTestId('pod').evaluateAll((rects) => rects.map((r) => r.getBoundingClientRect().width));
    assert.ok(Math.min(...pods) >= 24, `pods are ${Math.min(...pods)}px`);
    assert.match(await page.locator('.diagram__readout').textContent(), /^Tap/);
    // The transport stays on screen while the drawing scrolls past.
    await page.evaluate(() => window.scrollBy(0, 600));
    assert.ok(await inView(page, page.locator('.transport__play')));
    await page.screenshot({ path: join(ARTIFACTS, 'stage-phone-390.png') });
  }, PHONE);
});

test('on a projector the stage fits the screen, with the lesson and the transport beside it', async () => {
  for (const viewport of [{ width: 1920, height: 1080 }, { width: 1280, height: 720 }]) {
    await withWidget('?lesson=kubenet&step=2&projector=1', async (page) => {
      const diagram = await page.getByTestId('diagram').boundingBox();
      assert.ok(diagram.y + diagram.height <= viewport.height, `the diagram ends at ${diagram.y + diagram.height}px of ${viewport.height}`);
      assert.ok(await inView(page, page.locator('.transport__play')));
      assert.ok(await inView(page, page.locator('#lesson-title')), 'the lesson over the stage');
      // The controls are a drawer that opens over the stage.
      assert.equal(await page.locator('#nodes').isVisible(), false);
      await page.locator('.drawer summary').click();
      assert.ok(await page.locator('#nodes').isVisible());
      assert.ok(await inView(page, page.locator('.drawer .scenario-controls')), 'the open drawer within the screen');
      await page.screenshot({ path: join(ARTIFACTS, `stage-projector-${viewport.width}.png`) });
    }, viewport);
  }
});

test('the keyboard: a skip link, boxes and pods as buttons, Space picks', async () => {
  await withWidget('?model=kubenet&flow=pod0.pod1&hop=1', async (page) => {
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to the diagram' });
    assert.ok(await skip.evaluate((link) => link === document.activeElement));
    assert.ok(await inView(page, skip), 'seen when focused');
    await page.keyboard.press('Enter');
    const focusedLabel = () => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? '');
    let presses = 0;
    do {
      await page.keyboard.press('Tab');
      presses += 1;
    } while (!(await page.evaluate(() => document.activeElement?.getAttribute('role') === 'button')) && presses < 10);
    assert.ok(presses <= 3, `${presses} Tabs from the stage to the first box`);
    assert.match(await focusedLabel(), /^Internet/);
    // Space picks the focused box as the packet's source.
    await page.keyboard.press('Space');
    assert.equal(await page.locator('.block[aria-pressed=true]').count(), 1);
    assert.match(await page.locator('.transport__note').textContent(), /Now click where the packet goes/);
    // Pods and nodes are buttons with a name, in the accessibility tree
    // (not hidden inside their node's button).
    assert.equal(await page.getByRole('button', { name: /^web-0 10\.244\.0\.2/ }).count(), 1);
    assert.equal(await page.getByRole('button', { name: /^aks-nodepool1-\d{8}-vmss000001/ }).count(), 1);
    // The focus ring marks the box's outline, not its words.
    const focused = page.locator('.block[aria-pressed=true]');
    await focused.focus();
    assert.equal(await focused.locator('rect').evaluate((r) => getComputedStyle(r).strokeWidth), '3px');
    assert.equal(await focused.locator('.block__title').evaluate((t) => getComputedStyle(t).strokeWidth), '1px');
    assert.equal(await focused.locator('.block__title').evaluate((t) => getComputedStyle(t).stroke), 'none');
  });
});

test('address-map cells are read out from the keyboard', async () => {
  await withWidget('?model=cni&nodes=8&vnet=10.10.0.0/16&nodeSubnet=10.10.1.0/24', async (page) => {
    const map = page.getByTestId('address-map').first();
    await map.locator('svg').focus();
    await page.keyboard.press('ArrowRight');
    // aks-facts §3.1: .0 is reserved; the keyboard starts at the first cell.
    assert.equal(await map.locator('.address-map__readout').textContent(), '10.10.1.0: reserved');
    for (let step = 0; step < 4; step += 1) await page.keyboard.press('ArrowRight');
    assert.match(await map.locator('.address-map__readout').textContent(), /^10\.10\.1\.4: node/);
    // A screen reader hears the keyboard's cells, not every cell the pointer crosses.
    assert.match(await map.locator('[aria-live=polite]').textContent(), /^10\.10\.1\.4: node/);
    assert.equal(await map.locator('.address-map__readout').getAttribute('aria-hidden'), 'true');
  });
});

test('free addresses stand out from those held for pods, in both themes', async () => {
  for (const colorScheme of ['light', 'dark']) {
    await withWidget('?preset=fill24', async (page) => {
      const luminance = (use) => page.evaluate((u) => {
        const path = document.querySelector(`[data-testid=address-map] path[data-use=${u}]`);
        const [r, g, b] = getComputedStyle(path).fill.match(/\d+/g).map(Number).map((c) => {
          const s = c / 255;
          return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
        });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
      }, use);
      const [free, idle] = [await luminance('free'), await luminance('idle')];
      const contrast = (Math.max(free, idle) + 0.05) / (Math.min(free, idle) + 0.05);
      assert.ok(contrast >= 3, `free against held-for-pods is ${contrast.toFixed(2)}:1 in ${colorScheme}`);
    }, LAPTOP, { colorScheme });
  }
});

test('a port change that breaks the Service is marked at the mapping and in the status line', async () => {
  await withWidget('?model=cni&listenPort=80&targetPort=85', async (page) => {
    // aks-facts §4.2: targetPort must be the port the container listens on.
    const broken = page.getByTestId('broken-link');
    assert.match(await broken.textContent(), /targetPort 85 reaches the pods, but the container listens on 80/);
    assert.match(await page.getByTestId('status').textContent(), /^Broken mapping: targetPort 85/);
    await page.getByLabel('targetPort', { exact: true }).fill('80');
    await page.waitForFunction(() => location.search.includes('targetPort=80'));
    assert.equal(await broken.count(), 0);
    assert.doesNotMatch(await page.getByTestId('status').textContent(), /Broken/);
  });
});

test('a link with a /8 VNet keeps its ranges and moves the default service CIDR aside', async () => {
  await withWidget('?model=cni&vnet=10.0.0.0/8&nodeSubnet=10.0.0.0/24', async (page) => {
    assert.equal(await page.getByLabel('VNet', { exact: true }).inputValue(), '10.0.0.0/8');
    assert.equal(await page.getByLabel('Node subnet', { exact: true }).inputValue(), '10.0.0.0/24');
    assert.equal(await page.getByLabel('Service CIDR', { exact: true }).inputValue(), '172.16.0.0/16');
    assert.match(await page.getByTestId('status').textContent(), /serviceCidr: the default 10\.0\.0\.0\/16 is in the way of the link's ranges, so the lab moved it to serviceCidr=172\.16\.0\.0\/16/);
    assert.match(await page.getByTestId('status-more').textContent(), /dnsIp=172\.16\.0\.10/);
    assert.equal(await page.getByTestId('node').first().getAttribute('data-ip'), '10.0.0.4');
  });
});

/** A blog post on another origin (another port), with the widget's iframe `width` px wide. */
async function withBlogPost(query, width, check) {
  const post = `<!doctype html><body style="margin:20px"><p>A post about AKS.</p>
    <iframe id="widget" title="AKS Network Lab" src="${suite.server.url}${query}" style="border:0; width:${width}px; height:900px"></iframe>`;
  const blog = createServer((request, response) => response.writeHead(200, { 'content-type': 'text/html' }).end(post));
  await new Promise((resolve) => blog.listen(0, '127.0.0.1', resolve));
  const blogOrigin = `http://127.0.0.1:${blog.address().port}`;
  const context = await suite.browser.newContext({ viewport: { width: Math.max(width + 40, 800), height: 900 } });
  const page = await context.newPage();
  const foreign = [];
  const errors = [];
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.origin === blogOrigin || url.origin === suite.server.origin) return route.continue();
    foreign.push(url.href);
    return route.abort('blockedbyclient');
  });
  try {
    await page.goto(`${blogOrigin}/post`);
    const frame = page.frameLocator('#widget');
    await frame.getByTestId('diagram').waitFor();
    await check(page, frame, page.frames().find((f) => f.url().startsWith(suite.server.origin)));
    assert.deepEqual(foreign, [], 'the widget requests nothing outside its origin');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
    await new Promise((resolve) => blog.close(resolve));
  }
}

test('embedded in a blog on another origin: the preset\'s story, the stage and the hops, no more', async () => {
  for (const width of [700, 360]) {
    await withBlogPost('?embed=1&preset=kubenet', width, async (page, frame, widget) => {
      assert.match(await frame.getByTestId('preset-shows').textContent(), /route table/);
      assert.equal(await frame.locator('.panel--controls').count(), 0, 'the controls are left out');
      assert.equal(await frame.getByTestId('hop').count(), 5);
      const height = await widget.evaluate(() => document.documentElement.scrollHeight);
      const wide = await widget.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(wide <= width, `${wide}px wide in a ${width}px column`);
      const smallest = await smallestDiagramText(widget);
      assert.ok(smallest >= (width === 360 ? 12 : 10), `diagram text is ${smallest}px at ${width}px`);
      assert.ok(height < (width === 700 ? 2000 : 3200), `${height}px tall at ${width}px`);
      assert.ok(await frame.getByRole('link', { name: 'Open full view ↗' }).isVisible());
      await page.screenshot({ path: join(ARTIFACTS, `embed-blog-${width}.png`), fullPage: true });
    });
  }
  // The author chooses the panels; the full view shows them all.
  await withBlogPost('?embed=1&preset=kubenet&show=diagram,controls', 700, async (page, frame) => {
    assert.equal(await frame.locator('.panel--controls').count(), 1);
    assert.equal(await frame.getByTestId('hop').count(), 0);
    const fullView = await frame.getByRole('link', { name: 'Open full view ↗' }).getAttribute('href');
    assert.match(fullView, /kubenet/);
    assert.doesNotMatch(fullView, /show=|embed=/);
  });
});

test('export: the snippet shows the chosen panels, sized to them; a failing plan is flagged', async () => {
  await withWidget('?preset=fill24', async (page) => {
    await page.getByText('Export: az commands, manifest, embed snippet, diagram').click();
    // aks-facts §6.1: the preset's /24 is full for the upgrade.
    assert.match(await page.getByTestId('export-warning').textContent(), /fails in the widget/);
    const snippet = () => page.getByTestId('snippet').textContent();
    assert.match(await snippet(), /embed=1" title="AKS Network Lab" width="100%" height="1470" style="border:0" loading="lazy"/);
    await page.getByLabel('the hop list').uncheck();
    assert.match(await snippet(), /embed=1&show=diagram" title="AKS Network Lab" width="100%" height="910"/);
    await page.getByLabel('the controls').check();
    assert.match(await snippet(), /show=diagram,controls"/);
  });
});
