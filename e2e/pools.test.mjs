// Node pools as a learner meets them: a link with user pools, the diagram
// grouped by pool with each pool's own subnets, the controls that add,
// edit and remove pools, a bad pool spec named in the status, the export's
// `az aks nodepool add`, and an upgrade that goes pool by pool. Expected
// figures cite the fact sheet (shared/reference/aks-facts.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ARTIFACTS, waitForLink, widgetSuite } from './browser.mjs';

const suite = widgetSuite();
const { withWidget } = suite;

const POOLS =
  '?model=podsubnet&vnet=10.10.0.0/16&nodeSubnet=10.10.1.0/24&podSubnet=10.10.2.0/24&nodes=2&replicas=12' +
  '&pool=apps,3-6,50,10.10.4.0/24,10.10.5.0/24&pool=batch,2';

test('a link with user pools draws each pool with its nodes, in its own subnets', async () => {
  await withWidget(POOLS, async (page) => {
    const pools = page.locator('[data-testid=pool]');
    assert.deepEqual(await pools.evaluateAll((groups) => groups.map((g) => g.dataset.name)), ['nodepool1', 'batch', 'apps']);
    // apps' nodes take .4, .5, .6 of its own /24 (aks-facts §3.1: the first 4 are Azure's).
    const apps = page.locator('[data-testid=pool][data-name=apps] [data-testid=node]');
    assert.deepEqual(await apps.evaluateAll((nodes) => nodes.map((n) => n.dataset.ip)), ['10.10.4.4', '10.10.4.5', '10.10.4.6']);
    // batch shares the cluster's subnet, after the system pool's 2 nodes.
    const batch = page.locator('[data-testid=pool][data-name=batch] [data-testid=node]');
    assert.deepEqual(await batch.evaluateAll((nodes) => nodes.map((n) => n.dataset.ip)), ['10.10.1.6', '10.10.1.7']);
    // The Deployment's pods run on the user pools only; apps' pods take
    // addresses of its own pod subnet.
    assert.equal(await page.locator('[data-testid=pool][data-name=nodepool1] [data-testid=pod]').count(), 0);
    const appsPods = await page.locator('[data-testid=pool][data-name=apps] [data-testid=pod]').evaluateAll((pods) => pods.map((p) => p.dataset.ip));
    assert.ok(appsPods.length > 0 && appsPods.every((ip) => ip.startsWith('10.10.5.')), appsPods.join());
    const diagram = await page.getByTestId('diagram').textContent();
    assert.match(diagram, /Node subnet apps-nodes 10\.10\.4\.0\/24/);
    assert.match(diagram, /apps · user · 3 nodes \(autoscaler 3–6\) · max pods 50/);
    assert.match(await page.getByTestId('status-line').textContent(), /7 node\(s\) Ready in 3 pools/);
    // Each user pool's largest node count is a figure of its own.
    assert.match(await page.locator('.plan-figures').textContent(), /Largest node count of apps/);
    await page.screenshot({ path: join(ARTIFACTS, 'pools.png'), fullPage: true });
  });
});

test('pools are added, edited as typed and removed from the controls; the link follows', async () => {
  await withWidget('?model=overlay', async (page) => {
    await page.getByRole('button', { name: 'Add a user pool' }).click();
    await waitForLink(page, /pool=userpool1,3/);
    assert.equal(await page.locator('[data-testid=pool]').count(), 2);
    // A bad value keeps the last good plan and says why under its box.
    const maxPods = page.locator('#pool-0-max-pods');
    await maxPods.fill('300');
    assert.match(await page.locator('#pool-0-max-pods-error').textContent(), /Node pool userpool1: Max pods per node must be between 10 and 250/);
    await maxPods.fill('50');
    await waitForLink(page, /pool=userpool1,3,50/);
    // A name AKS refuses (learn: aks/create-node-pools) is named as such.
    await page.locator('#pool-0-name').fill('Apps');
    assert.match(await page.locator('#pool-0-name-error').textContent(), /"Apps" is not a valid node pool name/);
    await page.locator('#pool-0-name').fill('apps');
    await waitForLink(page, /pool=apps,3,50/);
    await page.locator('#pool-0-nodes').fill('2-5');
    await waitForLink(page, /pool=apps,2-5,50/);
    assert.match(await page.getByTestId('diagram').textContent(), /apps · user · 2 nodes \(autoscaler 2–5\)/);
    await page.getByRole('button', { name: 'Remove apps' }).click();
    await waitForLink(page, /pool=/, false);
    assert.equal(await page.locator('[data-testid=pool]').count(), 1);
  });
});

test('a bad pool spec is named with its setting, and the rest of the link applies', async () => {
  await withWidget('?model=overlay&replicas=7&pool=apps,two&pool=ok,2', async (page) => {
    const status = await page.getByTestId('status-line').textContent();
    assert.match(status, /pool: node pool apps, its node count: "two" is not a whole number\. The pool is left out\./);
    assert.deepEqual(await page.locator('[data-testid=pool]').evaluateAll((g) => g.map((e) => e.dataset.name)), ['nodepool1', 'ok']);
    assert.equal(await page.locator('[data-testid=pod]').count(), 7);
  });
});

test('the export adds each user pool with its own flags', async () => {
  await withWidget(POOLS, async (page) => {
    await page.getByText('Export: az commands, manifest, embed snippet, diagram').click();
    const commands = await page.getByTestId('az-commands').textContent();
    assert.match(commands, /az aks nodepool add .*\\\n\s+--name apps --mode User --node-count 3 --max-pods 50 \\\n\s+--enable-cluster-autoscaler --min-count 3 --max-count 6 \\\n\s+--vnet-subnet-id "\$APPS_NODES_ID" \\\n\s+--pod-subnet-id "\$APPS_PODS_ID"/);
    assert.match(commands, /--name batch --mode User --node-count 2 --max-pods 250/);
  });
});

test('an upgrade goes through every pool, each with its own surge node', async () => {
  await withWidget('?model=kubenet&nodes=2&pool=apps,2', async (page) => {
    await page.getByTestId('upgrade').click();
    await page.getByRole('button', { name: '« Start' }).click();
    const story = page.getByTestId('operation-story');
    assert.match(await story.textContent(), /AKS upgrades them one after the other, each with its own surge: nodepool1: 2 node\(s\), 1 surge node\(s\).*apps: 2 node\(s\), 1 surge node\(s\)/);
    // After the step before: the system pool's surge node, 2 × (drain,
    // reimage), its drain and deletion (7 steps); then apps' surge node.
    for (let step = 0; step < 8; step += 1) await page.getByRole('button', { name: 'Next ▶' }).click();
    assert.equal(await page.getByTestId('hop-position').textContent(), 'Step 9 of 15');
    assert.match(await story.textContent(), /Pool apps: AKS adds 1 surge node\(s\)/);
    const surge = page.locator('[data-testid=pool][data-name=apps] .node--surge');
    assert.equal(await surge.count(), 1);
  });
});
