// Allocation as the learner watches it: a rolling upgrade played step by
// step (surge nodes first, old nodes drained and reimaged, surge nodes
// deleted: learn: aks/upgrade-conceptual), where it stops with AKS's error
// and its fix, a scale played node by node, and addresses that move from
// their range. Expected figures cite the fact sheet (shared/reference/aks-facts.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ARTIFACTS, waitForLink, widgetSuite } from './browser.mjs';

const suite = widgetSuite();
const { withWidget } = suite;

const position = (page) => page.getByTestId('hop-position').textContent();
const node = (page, name) => page.locator(`[data-testid=node][data-label^="${name}"]`);

test('the upgrade plays on the stage: a surge node with its own addresses first', async () => {
  await withWidget('?model=kubenet', async (page) => {
    await page.getByTestId('upgrade').click();
    assert.equal(await page.getByTestId('operation-title').textContent(), 'Rolling upgrade, 1 surge node(s)');
    assert.equal(await page.locator('.transport__play').getAttribute('aria-pressed'), 'true', 'it plays');
    // The pressed button is gone: the focus moves to the player.
    assert.equal(await page.evaluate(() => document.activeElement.className), 'transport__play');
    await waitForLink(page, /upgrade=\d+/);
    // Back to its start, paused, then one step: the surge node joins with
    // the next node-subnet address and /24 (aks-facts §1.1, §2: .4–.6 are taken).
    await page.getByRole('button', { name: '« Start' }).click();
    await page.getByRole('button', { name: 'Next ▶' }).click();
    assert.equal(await position(page), 'Step 2 of 10');
    const surge = page.locator('[data-testid=node][data-ip="10.224.0.7"]');
    assert.match(await surge.getAttribute('data-label'), /vmss000003.*\(surge node\)$/);
    assert.match(await page.getByTestId('operation-story').textContent(), /vmss000003 takes 10\.224\.0\.7 and the pod range 10\.244\.3\.0\/24/);
    // The route table gains the surge node's route (aks-facts §1.1).
    assert.match(await page.locator('[data-testid=diagram]').textContent(), /Route table · 4 of 400 routes/);
    assert.match(await page.getByTestId('status').textContent(), /step 2 of 10/);
    await page.screenshot({ path: join(ARTIFACTS, 'upgrade-surge.png') });
  });
});

test('a link keeps the upgrade\'s step; the drain moves pods to new addresses', async () => {
  await withWidget('?model=kubenet&upgrade=3', async (page) => {
    assert.equal(await position(page), 'Step 3 of 10');
    const story = await page.getByTestId('operation-story').textContent();
    assert.match(story, /vmss000000 cordoned and drained: the Deployment replaces each evicted pod/);
    // web-0 leaves 10.244.0.2 for the empty surge node's /24.
    assert.match(story, /web-0 → vmss000003 at 10\.244\.3\.2/);
    const drained = page.locator('.node--cordoned');
    assert.equal(await drained.count(), 1);
    assert.equal(await drained.locator('[data-testid=pod]').count(), 0);
    // The step's source is a public page.
    assert.match(await page.getByTestId('operation-story').locator('a').getAttribute('href'), /learn\.microsoft\.com\/azure\/aks\/upgrade-conceptual/);
    // → steps it, and the link follows.
    await page.locator('#stage').focus();
    await page.keyboard.press('ArrowRight');
    assert.equal(await position(page), 'Step 4 of 10');
    await waitForLink(page, /upgrade=4/);
    assert.match(await page.getByTestId('operation-story').textContent(), /reimaged with the new version: the same VM and name, .* It keeps its addresses \(derived/);
    // Back to packets: the packet returns, the link forgets the upgrade.
    await page.getByTestId('end-operation').click();
    assert.match(await position(page), /^Hop 1 of/);
    assert.equal(await page.evaluate(() => document.activeElement.dataset.testid), 'upgrade', 'the focus returns');
    await waitForLink(page, /upgrade=/, false);
  });
});

test('an upgrade the subnet cannot hold is refused, or stops where its surge node finds no address; each fix plays it again', async () => {
  // aks-facts §6.1: 7 Azure CNI nodes at 30 max pods hold 217 of a /24's
  // 251 addresses; AKS's pre-check counts 2 surge nodes × 30 max pods = 60
  // against the 34 free, and refuses the upgrade before it starts.
  await withWidget('?model=cni&nodes=7&surge=2&nodeSubnet=10.224.0.0/24&upgrade=1', async (page) => {
    assert.equal(await position(page), 'Step 1 of 1');
    assert.match(await page.getByTestId('operation-stop').textContent(), /InsufficientSubnetSize: Pre-allocated IPs 60 exceeds IPs available 34/);
    const fix = page.getByTestId('upgrade-fix');
    assert.match(await fix.getAttribute('href'), /surge=1.*upgrade=1/);
    await fix.click();
    // 7 nodes a batch of 1 at a time: 1 + 1 + 7 × 2 + 2 steps.
    await page.waitForFunction(() => /^Step \d+ of 18$/.test(document.querySelector('[data-testid=hop-position]').textContent));
    await waitForLink(page, /surge=1/);
    assert.equal(await page.getByTestId('operation-stop').count(), 0);
  });
  // At 27 max pods, 8 nodes take 8 × 28 = 224: the 27 left pass the
  // pre-check (1 × 27) but not the surge node's 28, and the scale set fails
  // where it adds it, SubnetIsFull (error-code-subnetisfull-upgrade).
  await withWidget('?model=cni&nodes=8&maxPods=27&nodeSubnet=10.224.0.0/24&upgrade=2', async (page) => {
    assert.equal(await position(page), 'Step 2 of 2');
    assert.match(await page.getByTestId('operation-stop').textContent(), /SubnetIsFull.*doesn't have enough capacity for IP addresses/);
    assert.match(await page.getByTestId('operation-story').textContent(), /vmss000008 cannot be created \(node subnet full\)/);
    const fix = page.getByTestId('upgrade-fix');
    assert.match(await fix.textContent(), /subnet expanded to 10\.224\.0\.0\/23.*the sources conflict/);
    await page.screenshot({ path: join(ARTIFACTS, 'upgrade-stopped.png') });
    await fix.click();
    await page.waitForFunction(() => /^Step \d+ of 20$/.test(document.querySelector('[data-testid=hop-position]').textContent));
    await waitForLink(page, /nodeSubnet=10\.224\.0\.0\/23/);
  });
});

test('a node-count change plays as a scale, each node with its addresses', async () => {
  await withWidget('?model=kubenet', async (page) => {
    await page.locator('#nodes').fill('5');
    await page.locator('#nodes').press('Enter');
    assert.equal(await page.getByTestId('replay-scale').textContent(), '▶ Play the scale, 3 → 5 nodes');
    await page.getByTestId('replay-scale').click();
    assert.equal(await page.getByTestId('operation-title').textContent(), 'Scale 3 → 5 nodes');
    // Back to its start, paused.
    await page.getByRole('button', { name: '« Start' }).click();
    assert.equal(await position(page), 'Step 1 of 3');
    await page.getByRole('button', { name: 'Next ▶' }).click();
    assert.match(await page.getByTestId('operation-story').textContent(), /A node joins: vmss000003 takes 10\.224\.0\.7/);
    // It comes from the node subnet's band: an animation with an offset.
    const arriving = page.locator('.node--arriving');
    assert.equal(await arriving.count(), 1);
    assert.equal(await arriving.evaluate((card) => getComputedStyle(card).animationName), 'arrive');
    assert.match(await arriving.getAttribute('style'), /--from-y:-\d+px/);
  });
  // Under reduced motion the change is there at once, marked: what arrived
  // outlined, what left a faint ghost.
  await withWidget('?model=kubenet', async (page) => {
    await page.locator('#nodes').fill('4');
    await page.locator('#nodes').press('Enter');
    const arriving = page.locator('.node--arriving');
    assert.equal(await arriving.evaluate((card) => getComputedStyle(card).animationName), 'none');
    assert.equal(await arriving.locator('.node__box').evaluate((box) => getComputedStyle(box).strokeDasharray), '3px, 2px');
    await page.locator('#nodes').fill('3');
    await page.locator('#nodes').press('Enter');
    const ghost = page.locator('.departed');
    assert.equal(await ghost.count(), 1);
    assert.deepEqual(await ghost.evaluate((rect) => [getComputedStyle(rect).animationName, getComputedStyle(rect).opacity]), ['none', '0.45']);
  }, undefined, { reducedMotion: 'reduce' });
});
