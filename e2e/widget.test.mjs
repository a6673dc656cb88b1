// The widget as a learner uses it: controls change the diagram and the
// figures, the URL round-trips, bad input is explained, the keyboard reaches
// every control. Expected figures cite the fact sheet (shared/reference/aks-facts.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ARTIFACTS, openWatchedPage, waitForLink, waitForWholeWidget, widgetSuite, writtenLink } from './browser.mjs';

const suite = widgetSuite();
const { withWidget } = suite;

const text = (page, testId) => page.getByTestId(testId).first().textContent();

test('the default cluster: 3 nodes, 3 pods, the node subnet figures', async () => {
  await withWidget('', async (page) => {
    assert.equal(await page.getByTestId('node').count(), 3);
    assert.equal(await page.getByTestId('pod').count(), 3);
    // aks-facts §3.1: the first address a node can get is .4.
    assert.equal(await page.getByTestId('node').first().getAttribute('data-ip'), '10.224.0.4');
    // aks-facts §3.1: a /16 has 65,531 usable addresses.
    assert.equal(await text(page, 'subnet-usable'), '65531');
    assert.match(await text(page, 'status'), /3 node\(s\) Ready, 3 pod\(s\) Running/);
    assert.ok(await page.getByRole('radio', { name: 'Azure CNI Overlay' }).isChecked());
  });
});

// Issue 17: the cluster autoscaler. The InsufficientSubnetSize support
// article: "If Autoscaler is enabled, the max-count from each nodepool is
// counted"; learn: aks/cluster-autoscaler: it adds nodes for pods that cannot
// be scheduled. Azure CNI: 31 addresses a node in a /24 of 251 (aks-facts §3).
test('the autoscaler\'s max count is what AKS counts, and it adds nodes for pods', async () => {
  await withWidget('?model=cni&vnet=10.10.0.0/16&nodeSubnet=10.10.1.0/24&nodes=3-9', async (page) => {
    assert.equal(await page.locator('#max-count').inputValue(), '9');
    assert.match(await text(page, 'status'), /InsufficientSubnetSize: Pre-allocated IPs 279 exceeds IPs available 251/);
    assert.equal(await page.getByTestId('node').count(), 3);
    // At 8 the cluster is created (248 fit), but AKS refuses its upgrade:
    // the surge node's 30 max pods find 3 addresses at the max count.
    await page.locator('#max-count').fill('8');
    await page.locator('#max-count').press('Enter');
    await page.getByTestId('status').filter({ hasText: 'Pre-allocated IPs 30 exceeds IPs available 3' }).waitFor();
    await waitForLink(page, /[?&]nodes=3-8(&|$)/);
    await page.locator('#max-count').fill('7');
    await page.locator('#max-count').press('Enter');
    await page.getByTestId('status').filter({ hasText: '3 node(s) Ready (autoscaler: 3 to 7)' }).waitFor();
    // 100 replicas at 30 max pods: the autoscaler adds a fourth node, at .97.
    await page.locator('#replicas').fill('100');
    await page.locator('#replicas').press('Enter');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=node]').length === 4);
    assert.equal(await page.getByTestId('node').nth(3).getAttribute('data-ip'), '10.10.1.97');
    // That change plays as the autoscaler's scale, with its page.
    await page.getByTestId('replay-scale').click();
    assert.match(await page.getByTestId('operation-story').textContent(), /the cluster autoscaler adds nodes for them, up to 4\..*Use the cluster autoscaler in AKS/s);
    await page.getByTestId('end-operation').click();
    // The 3 nodes it may still add would take 3 × 31 of the free addresses.
    const caption = page.locator('.address-map figcaption').first();
    await caption.filter({ hasText: '93 more at the autoscaler\'s max count' }).waitFor();
    assert.match(await page.locator('.legend').first().textContent(), /93 free, for the autoscaler's max count/);
    // 0 turns it off: 3 nodes, the default, which the link leaves out.
    await page.locator('#max-count').fill('0');
    await page.locator('#max-count').press('Enter');
    await waitForLink(page, /nodes=/, false);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=node]').length === 3);
  });
});

test('changing the node count redraws the nodes and writes the URL', async () => {
  await withWidget('?model=kubenet', async (page) => {
    await page.locator('#nodes').fill('5');
    await page.locator('#nodes').press('Enter');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=node]').length === 5);
    // The new node takes the next address; the others keep theirs (aks-facts §3.1).
    const ips = await page.getByTestId('node').evaluateAll((nodes) => nodes.map((n) => n.dataset.ip));
    assert.deepEqual(ips, ['10.224.0.4', '10.224.0.5', '10.224.0.6', '10.224.0.7', '10.224.0.8']);
    await waitForLink(page, /[?&]nodes=5(&|$)/);
    await waitForLink(page, /model=kubenet/);
    // Something that is not a count is explained in the learner's words, the
    // box keeps what was typed, and the diagram stays.
    await page.locator('#nodes').fill('-5');
    await page.locator('#nodes').press('Enter');
    assert.match(await page.locator('#nodes-error').textContent(), /-5 is below zero: a count starts at 0\./);
    assert.match(await text(page, 'status'), /still shows the last valid cluster/);
    assert.equal(await page.getByTestId('node').count(), 5);
    assert.equal(await page.locator('#nodes').inputValue(), '-5');
    // aks-facts §1.9: a node pool holds at most 1,000 nodes.
    await page.locator('#nodes').fill('100000');
    await page.locator('#nodes').press('Enter');
    await page.locator('#nodes-error').filter({ hasText: '1000' }).waitFor();
    assert.equal(await page.locator('#nodes').inputValue(), '100000');
    assert.equal(await page.locator('#nodes').getAttribute('aria-invalid'), 'true');
    // The slider reaches the same 1,000 nodes, on a log scale.
    const slider = page.locator('#nodes-slider');
    assert.equal(await slider.getAttribute('aria-valuetext'), '5');
    await slider.press('End');
    await page.waitForFunction(() => location.search.includes('nodes=1000'));
    await page.getByTestId('node-summary').waitFor();
  });
});

test('a link reproduces the view: Azure CNI exhausting a /24', async () => {
  const query = '?model=cni&nodes=10&vnet=10.10.0.0/16&nodeSubnet=10.10.1.0/24';
  let url;
  for (const [name, viewport] of [
    ['wide', { width: 1280, height: 900 }],
    ['narrow', { width: 360, height: 800 }],
  ]) {
    await withWidget(query, async (page) => {
      assert.ok(await page.getByRole('radio', { name: 'Azure CNI Node Subnet' }).isChecked());
      // aks-facts §1.2 and §6.1 (Azure/AKS #456): 10 × 31 = 310 > 251.
      assert.match(
        await text(page, 'status'),
        /InsufficientSubnetSize: Pre-allocated IPs 310 exceeds IPs available 251 in Subnet Cidr 10\.10\.1\.0\/24/,
      );
      assert.equal(await text(page, 'subnet-usable'), '251');
      // learn: aks/configure-kubenet: a /24 holds eight Azure CNI nodes and 240 pods.
      assert.equal(await text(page, 'max-pod-count'), '240');
      const ips = await page.getByTestId('node').evaluateAll((nodes) => nodes.map((n) => n.dataset.ip));
      if (name === 'wide') {
        assert.equal(ips.filter(Boolean).length, 8, 'eight nodes fit: 8 × 31 = 248');
        assert.deepEqual(ips.slice(0, 2), ['10.10.1.4', '10.10.1.35']);
      } else {
        // A phone draws the first and last nodes and a summary of the others.
        assert.deepEqual(ips, ['10.10.1.4', '']);
        assert.match(await page.getByTestId('node-summary').textContent(), /8 more nodes.*each: 1 \+ 30 node-subnet addresses/s);
        // Nothing is clipped: the drawing fits the column.
        assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth));
      }
      url = await writtenLink(page);
      // Labels stay legible at every width: 12 px or more on a phone.
      const labelHeight = await page.locator('.node__ip').first().evaluate((el) => el.getBoundingClientRect().height);
      assert.ok(labelHeight >= (name === 'wide' ? 9 : 12), `node labels are ${labelHeight}px tall at ${viewport.width}px`);
      await page.screenshot({ path: join(ARTIFACTS, `cni-exhausted-${name}.png`), fullPage: true });
    }, viewport);
  }
  // Loading the URL the page wrote gives the same view.
  await withWidget(new URL(url).search, async (page) => {
    assert.equal(await page.getByTestId('node').count(), 10);
    assert.equal(await text(page, 'subnet-usable'), '251');
  });
});

test('bad URL parameters are reported, the rest applies, nothing breaks', async () => {
  await withWidget('?model=kubenet&nodes=abc&replicas=4&maxPods=9999&podCidr=10.0.0.0/33', async (page) => {
    const status = await text(page, 'status');
    assert.match(status, /From the link: nodes: "abc" is not a whole number\./);
    // The rest of the list opens in full.
    await page.getByTestId('status-more').getByText('2 more').click();
    assert.match(await page.getByTestId("status-more").textContent(), /podCidr.*maxPods/s);
    assert.equal(await page.getByTestId('node').count(), 3);
    assert.equal(await page.getByTestId('pod').count(), 4);
    assert.ok(await page.getByRole('radio', { name: 'kubenet' }).isChecked());
  });
});

test('a half-typed range shows its error and keeps the last good diagram', async () => {
  await withWidget('?model=kubenet', async (page) => {
    const field = page.getByLabel('Pod CIDR');
    await field.fill('10.244.0.0/');
    assert.equal(await field.getAttribute('aria-invalid'), 'true');
    assert.match(await page.locator('#range-pod-cidr-error').textContent(), /not an IPv4 range/);
    assert.match(await text(page, 'status'), /still shows the last valid cluster/);
    assert.equal(await page.getByTestId('node').count(), 3);
    await field.fill('10.100.0.0/16');
    await page.waitForFunction(() => !document.querySelector('[aria-invalid="true"]'));
    await waitForLink(page, /podCidr=10\.100\.0\.0\/16/);
    // aks-facts §1.1: node N gets the N-th /24 of the pod CIDR.
    assert.match(await page.getByTestId('node').first().getAttribute('data-label'), /10\.224\.0\.4/);
    assert.match(await page.locator('.node__ip').nth(1).textContent(), /pods 10\.100\.0\.0\/24/);
  });
});

test('the keyboard reaches every control', async () => {
  await withWidget('', async (page) => {
    const reached = new Set();
    for (let press = 0; press < 90; press += 1) {
      await page.keyboard.press('Tab');
      reached.add(await page.evaluate(() => document.activeElement?.id || document.activeElement?.getAttribute('name') || ''));
    }
    for (const id of ['network-model', 'nodes-slider', 'nodes', 'replicas', 'max-pods', 'surge', 'range-vnet', 'range-node-subnet', 'range-pod-cidr', 'range-service-cidr', 'range-dns-service-ip']) {
      assert.ok(reached.has(id), `Tab reaches ${id}; reached ${[...reached].join(', ')}`);
    }
  });
});

test('a packet can be stepped through, hop by hop, to its verdict', async () => {
  await withWidget('?model=kubenet&flow=internet.lb0&hop=1', async (page) => {
    await page.getByLabel('Follow a packet').selectOption({ label: 'Pod to pod on another node (web-0 → web-1)' });
    const hops = page.getByTestId('hop');
    // aks-facts §5.2 (kubenet): pod → node A → route table → node B → pod, never translated.
    assert.equal(await hops.count(), 5);
    const addresses = await hops.evaluateAll((rows) => rows.map((r) => `${r.dataset.src} ${r.dataset.dst}`));
    assert.deepEqual(new Set(addresses), new Set(['10.244.0.2:40000 10.244.1.2:8080']));
    assert.equal(await page.getByTestId('verdict').count(), 0, 'no verdict before the last hop');
    assert.match(await page.locator('.hop--current .hop__where').textContent(), /pod web-0/);
    for (let step = 0; step < 4; step += 1) await page.getByRole('button', { name: 'Next ▶' }).click();
    assert.match(await page.getByTestId('verdict').textContent(), /Delivered\. The receiver sees the packet come from 10\.244\.0\.2:40000/);
    assert.match(await page.locator('.hop').nth(2).textContent(), /route table.*10\.244\.1\.0\/24 to VirtualAppliance 10\.224\.0\.5/s);
    await page.getByRole('button', { name: '◀ Back' }).click();
    assert.equal(await page.getByTestId('verdict').count(), 0);
    // ← and → on the stage step too.
    await page.locator('#stage').press('ArrowRight');
    assert.match(await page.getByTestId('verdict').textContent(), /^Delivered\./);
    await page.locator('#stage').press('ArrowLeft');
    assert.equal(await page.getByTestId('verdict').count(), 0);
  });
});

test('the internet client behind the public load balancer is SNATed to the node', async () => {
  await withWidget('?model=overlay', async (page) => {
    await page.getByLabel('Follow a packet').selectOption({ label: 'Internet client to the public load balancer of "web"' });
    const next = page.getByRole('button', { name: 'Next ▶' });
    while (await next.isEnabled()) await next.click();
    // aks-facts §5.6: with externalTrafficPolicy Cluster the pod sees the node's IP.
    assert.match(await page.getByTestId('verdict').textContent(), /come from 10\.224\.0\.4:51000/);
    const rewritten = page.getByTestId('hop').filter({ hasText: 'rewritten by kube-proxy' });
    assert.equal(await rewritten.getAttribute('data-src'), '10.224.0.4:51000');
    // The reply: conntrack undoes the rewrite, and the client hears from the frontend.
    await page.getByText("The reply's way back").click();
    const back = page.getByTestId('reply-hop').last();
    assert.equal(await back.getAttribute('data-src'), '198.51.100.10:80');
    assert.equal(await back.getAttribute('data-dst'), '203.0.113.50:51000');
    await page.screenshot({ path: join(ARTIFACTS, 'packet-public-lb.png'), fullPage: true });
  });
});

/** Steps the followed packet to its last hop and returns the verdict's text. */
async function verdictOf(page) {
  const next = page.getByRole('button', { name: 'Next ▶' });
  while (await next.isEnabled()) await next.click();
  return page.getByTestId('verdict').textContent();
}

test('the source posts\' port story, told with the controls (aks-facts §7.1)', async () => {
  await withWidget('?model=cni', async (page) => {
    await page.getByLabel('Service type').selectOption({ label: 'LoadBalancer, internal' });
    for (const [label, value] of [['Container listens on', '80'], ['Service port', '90'], ['targetPort', '85']]) {
      await page.getByLabel(label, { exact: true }).fill(value);
      await page.getByLabel(label, { exact: true }).press('Enter');
    }
    await page.waitForFunction(() => location.search.includes('targetPort=85'));
    await page.getByLabel('Follow a packet').selectOption({ label: 'On-premises client to the internal load balancer of "web"' });
    // The post's "pod remaps 80 to 85" read as targetPort 85: nothing listens there, so the
    // load balancer's TCP probe on the nodePort fails on every node and the client times out
    // (aks-facts §10, derived, and said so on the hop).
    assert.match(await verdictOf(page), /Dropped\. The connection times out\. In Service "web", nothing listens on targetPort 85 in its pods \(the container listens on 80\): every node fails the load balancer's TCP probe/);
    const probe = page.getByTestId('hop').last();
    assert.equal(await probe.getAttribute('data-at'), 'load-balancer');
    assert.equal(await probe.getByTestId('derived').textContent(), 'derived');
    // The diagram shows the failure where it happens, in words as well as red.
    assert.equal(await page.locator('.packet-failure').textContent(), '✕ Dropped');
    // A pod calling the Service through its ClusterIP is refused at once.
    await page.getByLabel('Follow a packet').selectOption({ label: 'Pod to Service "web" by name' });
    assert.match(await verdictOf(page), /Refused\. Connection refused: nothing in web-1 listens on port 85 \(the container listens on 80\)/);
    assert.equal(await page.locator('.packet-failure').textContent(), '✕ Refused');
    await page.getByLabel('targetPort', { exact: true }).fill('80');
    await page.getByLabel('targetPort', { exact: true }).press('Enter');
    await page.waitForFunction(() => location.search.includes('targetPort=80'));
    assert.match(await verdictOf(page), /^Delivered\./);
    assert.equal(await page.locator('.packet-failure').count(), 0);
    await waitForLink(page, /service=internal&port=90&targetPort=80&listenPort=80/);
  });
});

test('paths as kube-proxy and the load balancer handle them (aks-facts §10)', async () => {
  const places = ['pod', 'pod-network', 'node', 'route-table', 'vnet', 'overlay', 'coredns', 'load-balancer',
    'outbound-rule', 'nat-gateway', 'firewall', 'gateway', 'host'];
  const at = (page) => page.getByTestId('hop').evaluateAll((rows) => rows.map((row) => row.dataset.at));
  // A pod calling its Service's frontend is DNATed on its own node: no hop at the load balancer.
  await withWidget('?model=kubenet&service=internal&flow=pod0.lb0', async (page) => {
    const kinds = await at(page);
    assert.ok(kinds.every((kind) => places.includes(kind)), kinds.join());
    assert.ok(!kinds.includes('load-balancer'), kinds.join());
    assert.equal(kinds[1], 'node');
    assert.match(await verdictOf(page), /Delivered\. The receiver sees the packet come from 10\.224\.0\.4:40000/);
  });
  // userDefinedRouting: the answer to the public load balancer dies at the firewall; the fix
  // is an internal load balancer behind the firewall's DNAT rule.
  await withWidget('?model=overlay&outbound=udr&flow=internet.lb0', async (page) => {
    assert.match(await verdictOf(page), /Dropped\. The connection times out: asymmetric routing/);
    assert.deepEqual((await at(page)).slice(-2), ['route-table', 'firewall']);
    await page.screenshot({ path: join(ARTIFACTS, 'udr-asymmetric.png'), fullPage: true });
    await page.getByTestId('apply-fix').first().click();
    await page.waitForFunction(() => location.search.includes('service=internal') && location.search.includes('flow=internet.lb0'));
    assert.equal(await page.getByTestId('hop').first().getAttribute('data-dst'), '198.51.100.20:80');
    const firewall = page.getByTestId('hop').filter({ hasText: 'rewritten by firewall' });
    assert.equal(await firewall.getAttribute('data-at'), 'firewall');
    assert.match(await verdictOf(page), /^Delivered\./);
  });
});

test('capacity as AKS counts it: surge as a percentage, the allocation mode, a change to a running cluster', async () => {
  await withWidget('?model=kubenet', async (page) => {
    // aks-facts §10: max surge is a count or a percentage of the pool; 10 % when not set.
    assert.equal(await page.locator('#surge').inputValue(), '10%');
    await page.locator('#surge').fill('33%');
    await page.locator('#surge').press('Enter');
    await page.waitForFunction(() => location.search.includes('surge=33%25'));
    // aks-facts §1.1, §1.3: kubenet → Overlay is a migration; to Pod Subnet, a new cluster.
    await page.getByRole('radio', { name: 'Azure CNI Overlay' }).check();
    await page.waitForFunction(() => location.search.startsWith('?model=overlay'));
    assert.match(await text(page, 'status'), /this is a migration: kubenet → Azure CNI Overlay is supported in place/);
    await page.getByRole('radio', { name: 'Azure CNI Pod Subnet' }).check();
    assert.match(await text(page, 'status'), /kubenet → Azure CNI Pod Subnet is no supported migration.*needs a new cluster/);
    // aks-facts §1.4: Pod Subnet hands out batches of 16, or /28 blocks.
    await page.getByLabel('Pod IP allocation').selectOption('static');
    await page.waitForFunction(() => location.search.includes('podIpAllocation=static'));
  });
});

test('the address map shows Azure CNI filling a /24 (aks-facts §1.2, §3.1)', async () => {
  await withWidget('?model=cni&nodes=8&replicas=40&vnet=10.10.0.0/16&nodeSubnet=10.10.1.0/24', async (page) => {
    const map = page.getByTestId('address-map').first();
    // One path per use, each saying how many cells it draws.
    const cells = Object.fromEntries(await map.locator('path.cell').evaluateAll((paths) => paths.map((p) => [p.dataset.use, Number(p.dataset.cells)])));
    const count = (use) => cells[use] ?? 0;
    // One cell per address: 5 reserved, 8 nodes, 40 pods, 8 × 30 − 40 = 200 idle, 256 − 253 = 3 free.
    assert.deepEqual(
      [count('reserved'), count('node'), count('pod'), count('idle'), count('free')],
      [5, 8, 40, 200, 3],
    );
    assert.match(await map.locator('figcaption').textContent(), /98% of 251 usable in use/);
    // The picture behind it: each model's addresses as the node count grows, against the
    // subnet's 251 (learn: aks/configure-kubenet: 8 Azure CNI nodes, 251 kubenet nodes in a /24,
    // here keeping room for the surge).
    const chart = page.getByTestId('capacity-chart').first();
    assert.equal(await chart.locator('polyline').count(), 4);
    assert.match(await chart.locator('figcaption').textContent(), /kubenet: room for 228 nodes and their surge.*Azure CNI Node Subnet: room for 7 nodes and their surge/s);
    // Pointing at a cell reads its address and use out under the grid (aks-facts §3.1: .0 is reserved).
    await map.locator('svg').hover({ position: { x: 2, y: 2 } });
    assert.equal(await map.locator('.address-map__readout').textContent(), '10.10.1.0: reserved');
    // Removing a node releases its 1 + 30 addresses (aks-facts §1.2): the
    // changed cells are drawn over in their old use and fade to the new.
    await page.locator('#nodes').fill('7');
    await page.locator('#nodes').press('Enter');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=address-map] rect.cell-change').length > 0);
    assert.equal(await map.locator('rect.cell-change.cell--node').count(), 1);
    assert.ok(await map.locator('rect.cell-change').count() >= 31);
    assert.equal(count('free'), 3, 'the counts above were read before the change');
  });
});

test('the topology shows the hosts, the VNet and the Services of each model', async () => {
  await withWidget('?model=kubenet', async (page) => {
    const block = (name) => page.locator('.block', { hasText: name }).first();
    // aks-facts §5.0: the lab's outside hosts.
    assert.match(await block('Internet').textContent(), /client 203\.0\.113\.50.*server 203\.0\.113\.80/s);
    // aks-facts §1.1: kubenet routes each node's /24 of the pod CIDR to the node's IP.
    assert.match(await block('Route table').textContent(), /3 of 400 routes.*10\.244\.0\.0\/24 → 10\.224\.0\.4/s);
    // aks-facts §2: the DNS service IP is 10.0.0.10 by default.
    assert.match(await block('kube-dns').textContent(), /10\.0\.0\.10:53/);
    await page.getByRole('radio', { name: 'Azure CNI Overlay' }).check();
    await page.waitForFunction(() => !document.querySelector('.diagram').textContent.includes('Route table'));
    // aks-facts §4.4: an internal load balancer's frontend comes from the node subnet.
    await page.getByLabel('Service type').selectOption({ label: 'LoadBalancer, internal' });
    const internal = block('Internal load balancer');
    await internal.waitFor();
    assert.match(await internal.textContent(), /web 10\.224\.\d+\.\d+:80.*in the node subnet/s);
    await page.screenshot({ path: join(ARTIFACTS, 'topology-overlay-internal.png'), fullPage: true });
  });
});

test('clicking a source, then a destination, follows that packet', async () => {
  await withWidget('?model=kubenet', async (page) => {
    const note = page.locator('.transport__note');
    // A load balancer can only be a destination: the widget says so.
    await page.locator('.block', { hasText: 'Public load balancer' }).click();
    assert.match(await note.textContent(), /destination only/);
    await page.locator('.block', { hasText: 'Internet' }).first().click();
    assert.match(await note.textContent(), /Now click where the packet goes/);
    await page.locator('.block', { hasText: 'Public load balancer' }).click();
    await page.waitForFunction(() => location.search.includes('flow=internet.lb0'));
    assert.equal(await page.getByTestId('hop').first().getAttribute('data-src'), '203.0.113.50:51000');
    // By keyboard: Enter on a node picks it as the source; then a pod.
    await page.getByTestId('node').nth(1).locator('.node__box').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('pod').first().click();
    await page.waitForFunction(() => location.search.includes('flow=node1.pod0'));
    // The picker names the picked flow, by its code and its ends.
    assert.equal(await page.getByLabel('Follow a packet').inputValue(), 'node1.pod0');
    assert.match(await page.locator('#flow option:checked').textContent(), /^Picked in the diagram: aks-nodepool1-\d{8}-vmss000001 → pod web-0:8080$/);
    assert.equal(await page.getByTestId('hop').last().getAttribute('data-dst'), '10.244.0.2:8080');
    // Pointing at a pod reads its address out, without a tooltip.
    await page.getByTestId('pod').nth(1).hover();
    assert.match(await page.locator('.diagram__readout').textContent(), /web-1 10\.244\.1\.2 on aks-nodepool1-\d{8}-vmss000001/);
  });
});

test('a packet plays hop by hop at the chosen speed, and steps without motion when asked', async () => {
  await withWidget('?model=kubenet&flow=pod0.pod1&hop=1', async (page) => {
    const dot = page.getByTestId('packet');
    const duration = () => dot.evaluate((element) => getComputedStyle(element).transitionDuration);
    await page.getByLabel('Packet speed').selectOption('Fast');
    assert.equal(await duration(), '0.4s');
    const start = await dot.getAttribute('style');
    await page.getByRole('button', { name: '▶ Play', exact: true }).click();
    assert.equal(await page.locator('.transport__play').getAttribute('aria-pressed'), 'true');
    // aks-facts §5.2: five hops; the player stops on the last, with the verdict.
    await page.getByTestId('verdict').waitFor({ timeout: 15_000 });
    assert.equal(await page.locator('.transport__play').textContent(), '▶ Play');
    await waitForLink(page, /hop=5/);
    assert.notEqual(await dot.getAttribute('style'), start);
    await page.emulateMedia({ reducedMotion: 'reduce' });
    assert.equal(await duration(), '0s');
  });
});

test('projector view enlarges the type and stays in the link', async () => {
  await withWidget('?model=kubenet&flow=internet.lb0&hop=3', async (page) => {
    const rootSize = () => page.evaluate(() => getComputedStyle(document.documentElement).fontSize);
    assert.equal(await rootSize(), '16px');
    await page.getByRole('button', { name: 'Projector view' }).click();
    assert.equal(await rootSize(), '20px');
    await page.waitForFunction(() => location.search.endsWith('hop=3&projector=1'));
    await page.screenshot({ path: join(ARTIFACTS, 'projector-1280x720.png') });
  }, { width: 1280, height: 720 });
});

test('the Service anatomy: editing a port changes the test packet at once (aks-facts §4.2)', async () => {
  await withWidget('?model=cni&service=nodeport', async (page) => {
    const verdict = () => page.getByTestId('port-test').first().textContent();
    // Each edit is applied when the link shows it (a default is left out).
    const edit = async (label, value, isDefault = false) => {
      await page.getByLabel(label, { exact: true }).fill(value);
      await page.waitForFunction(
        ([parameter, expected, gone]) => (gone ? !location.search.includes(`${parameter}=`) : location.search.includes(`${parameter}=${expected}`)),
        [label, value, isDefault],
      );
    };
    assert.match(await verdict(), /VM in the VNet to the nodePort of "web".*Delivered/s);
    // targetPort must be the port the container listens on: nothing remaps it.
    await edit('targetPort', '85');
    assert.match(await verdict(), /Refused\. Connection refused: nothing in web-1 listens on port 85/);
    // A named targetPort resolves through the container port's name.
    await edit('targetPort', 'http');
    assert.match(await verdict(), /Delivered/);
    await edit('targetPort', 'metrics');
    assert.match(await verdict(), /targetPort "metrics" names no container port/);
    await edit('targetPort', '8080', true);
    // A nodePort outside 30000–32767 is rejected, and the last good plan stays.
    await page.getByLabel('nodePort', { exact: true }).fill('80');
    await page.getByRole('alert').filter({ hasText: 'outside the NodePort range 30000–32767' }).waitFor();
    assert.match(await verdict(), /Delivered/);
    await page.getByLabel('nodePort', { exact: true }).fill('31000');
    await page.waitForFunction(() => location.search.includes('nodePort=31000'));
    assert.equal(await page.getByTestId('port-test').first().getAttribute('class'), 'verdict verdict--delivered');
    // A hostPort adds its own test packet, which reaches the containerPort.
    await edit('hostPort', '8443');
    assert.match(await page.getByTestId('port-test').nth(1).textContent(), /hostPort of "web".*Delivered/s);
    await edit('containerPort', '9090');
    assert.match(await page.getByTestId('port-test').nth(1).textContent(), /Refused.*port 9090/s);
    // The claims of the source posts, each with its standing and sources.
    await page.getByText('What the source posts said, and what actually happens').click();
    assert.equal(await page.locator('.claim').count(), 11);
    assert.match(await page.locator('.claim').nth(5).textContent(), /^Out of date.*Kubenet is the default.*Azure CNI Overlay/s);
    assert.match(await page.locator('.claim').first().textContent(), /^Wrong.*no pod-level port remapping.*Sources:/s);
    await page.screenshot({ path: join(ARTIFACTS, 'service-anatomy.png'), fullPage: true });
  });
});

test('every preset loads from its link and shows what it promises', async () => {
  // Each promise is a figure of the fact sheet: §7.1 (port 85), §1.1 (route table),
  // §5.4 (a VM reaches a CNI pod directly), §6.1 (the upgrade's pre-check), §1.3 (Overlay at
  // scale), §5.7 (who sees which source address).
  const promises = {
    advanced: async (page) => {
      assert.match(await page.getByTestId('verdict').textContent(), /Dropped\..*times out.*targetPort 85/);
      assert.ok(await page.locator('details.claims').evaluate((details) => details.open), 'the claims are open');
      // aks-facts §4.4: the internal load balancer's frontend is in the services subnet's map.
      const services = page.getByTestId('address-map').filter({ hasText: 'Subnet services 10.225.0.0/24' });
      assert.equal(await services.locator('path.cell[data-use=frontend]').getAttribute('data-cells'), '1');
    },
    kubenet: async (page) => assert.ok((await page.getByTestId('hop').allTextContents()).some((hop) => hop.startsWith('route table'))),
    cni: async (page) => assert.match(await page.getByTestId('hop').last().getAttribute('data-dst'), /^10\.224\.0\.\d+:8080$/),
    fill24: async (page) => assert.match(await page.locator('.panel--details').textContent(), /InsufficientSubnetSize: Pre-allocated IPs 30 exceeds IPs available 3/),
    // §6.1: 7 × 31 = 217 of 251; the upgrade's surge node takes the next 31 (.221).
    upgrade24: async (page) => {
      assert.equal(await page.getByTestId('hop-position').textContent(), 'Step 1 of 18');
      await page.getByRole('button', { name: 'Next ▶' }).click();
      assert.match(await page.getByTestId('operation-story').textContent(), /vmss000007 takes 10\.10\.1\.221, with 30 pre-allocated pod addresses from 10\.10\.1\.222/);
    },
    'overlay-scale': async (page) => assert.match(await text(page, 'status'), /500 node\(s\) Ready, 50000 pod\(s\) Running/),
    podsubnet: async (page) => assert.match(await page.getByTestId('hop').last().getAttribute('data-src'), /^10\.225\./),
    'source-ip': async (page) => assert.match(await page.getByTestId('hop').last().getAttribute('data-src'), /^10\.224\.0\.4:/),
  };
  for (const [name, promise] of Object.entries(promises)) {
    await withWidget(`?preset=${name}`, async (page) => {
      assert.doesNotMatch(await text(page, 'status'), /could not|not a parameter|ignored/i, name);
      await promise(page);
    });
  }
  // The picker loads one too, and says what it shows.
  await withWidget('', async (page) => {
    await page.getByLabel('Start from a preset').selectOption({ label: 'kubenet basics' });
    assert.match(await page.getByTestId('preset-shows').textContent(), /route table/);
    await page.waitForFunction(() => location.search.startsWith('?model=kubenet'));
  });
});

test('export: the az commands, the manifest and the diagram as an SVG file', async () => {
  await withWidget('?model=kubenet&service=internal&targetPort=http&nodes=4', async (page) => {
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: suite.server.origin });
    await page.getByText('Export: az commands, manifest, embed snippet, diagram').click();
    // aks-facts §1.7 and §2: kubenet takes --network-plugin kubenet and its pod CIDR.
    const commands = await page.getByTestId('az-commands').textContent();
    assert.match(commands, /--node-count 4 --max-pods 110 \\\n\s+--network-plugin kubenet \\\n\s+--pod-cidr 10\.244\.0\.0\/16/);
    await page.getByRole('button', { name: 'Copy the az commands' }).click();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), commands);
    assert.ok(await page.getByRole('button', { name: 'Copied' }).isVisible());
    // aks-facts §4.4: the internal load balancer's annotation.
    assert.match(await page.getByTestId('manifest').textContent(), /azure-load-balancer-internal: "true"[\s\S]*targetPort: http/);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download the diagram (SVG)' }).click(),
    ]);
    assert.equal(download.suggestedFilename(), 'aks-network-lab.svg');
    const svg = await readFile(await download.path(), 'utf8');
    assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]*><style>/);
    assert.equal((svg.match(/data-testid="node"/g) ?? []).length, 4);
    assert.match(svg, /\.node__box \{/);
  });
});

test('the page runs under a strict Content-Security-Policy, enforced', async () => {
  const { context, page, problems } = await openWatchedPage(suite.browser, suite.server.origin);
  try {
    await page.goto(`${suite.server.url}?model=kubenet&flow=pod0.pod1&hop=3`);
    await waitForWholeWidget(page);
    const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    assert.match(policy, /^default-src 'none'; script-src 'self' 'wasm-unsafe-eval' 'sha256-[^']+'; style-src 'self';/);
    // Everything the widget does ran under it without a violation (each would be a console error).
    assert.deepEqual(problems.consoleErrors, []);
    // A script injected into the page is refused: the policy is enforced, not only written.
    const outcome = await page.evaluate(() => new Promise((resolve) => {
      document.addEventListener('securitypolicyviolation', (event) => resolve(`blocked ${event.violatedDirective}`), { once: true });
      const script = document.createElement('script');
      script.textContent = 'window.injected = true';
      document.body.append(script);
      setTimeout(() => resolve(window.injected ? 'ran' : 'not run, no report'), 1000);
    }));
    assert.equal(outcome, 'blocked script-src-elem');
  } finally {
    await context.close();
  }
});

test('embed mode fits a 360 px iframe and tells the host its height and state', async () => {
  const { context, page, problems } = await openWatchedPage(suite.browser, suite.server.origin, { width: 800, height: 900 });
  try {
    // A blog page with the widget's iframe in a 360 px column; it records the widget's messages.
    await page.setContent(`<body style="margin:0"><script>window.messages = []; addEventListener('message', (e) => messages.push(e.data));</script>
      <iframe id="widget" title="AKS Network Lab" src="${suite.server.url}?model=kubenet&embed=1" style="border:0; width:360px; height:700px"></iframe></body>`);
    const messages = (type) => page.evaluate((t) => window.messages.filter((m) => m.type === t), type);
    await page.waitForFunction(() => window.messages.some((m) => m.type === 'aks-network-lab:ready'));
    const [ready] = await messages('aks-network-lab:ready');
    assert.ok(ready.height > 700, `ready with the widget's height (${ready.height})`);
    const frame = page.frames().find((f) => f.url().includes('embed=1'));
    // Nothing wider than the column: the diagram scrolls inside its own box.
    assert.ok(await frame.evaluate(() => document.documentElement.scrollWidth <= 360));
    assert.equal(await frame.locator('h1').count(), 0, 'compact chrome');
    const fullView = await frame.getByRole('link', { name: 'Open full view ↗' }).getAttribute('href');
    assert.equal(fullView, '?model=kubenet');
    // Following a packet changes the state and the height; the host hears
    // both (counted after the watcher's first report of the settled page).
    await page.waitForFunction(() => window.messages.some((m) => m.type === 'aks-network-lab:height'));
    assert.equal(ready.height, await frame.evaluate(() => document.documentElement.scrollHeight), 'ready once settled');
    const heightsBefore = (await messages('aks-network-lab:height')).length;
    await frame.getByLabel('Follow a packet').selectOption({ index: 2 });
    await page.waitForFunction(() => window.messages.some((m) => m.type === 'aks-network-lab:state' && m.query.includes('flow=')));
    await page.waitForFunction((n) => window.messages.filter((m) => m.type === 'aks-network-lab:height').length > n, heightsBefore);
    await page.screenshot({ path: join(ARTIFACTS, 'embed-360.png'), fullPage: true });
    assert.deepEqual(problems.consoleErrors, []);
    assert.deepEqual(problems.pageErrors, []);
  } finally {
    await context.close();
  }
});

test('compare: the same inputs under two models, with the differences in words', async () => {
  await withWidget('?model=kubenet&replicas=6', async (page) => {
    await page.getByLabel('Compare with').selectOption({ label: 'Azure CNI Node Subnet' });
    await page.waitForFunction(() => location.search.includes('compare=cni'));
    const row = async (what) => (await page.getByTestId('differences').locator('tr', { hasText: what }).locator('td').allTextContents());
    // aks-facts §3.2: kubenet spends one VNet address per node; Azure CNI
    // reserves 1 + max pods (110, the same inputs) per node: 3 × 111.
    assert.deepEqual(await row('VNet addresses in use'), ['3', '333']);
    // aks-facts §1.1: only kubenet needs a route table (a route per node, 400 at most).
    assert.deepEqual(await row('Route tables needed'), ['1, with 3 routes (400 at most)', 'none']);
    // Pods that fit the ranges as they are: 256 kubenet nodes (the /16 pod CIDR's /24s) × 110;
    // Azure CNI's 590 nodes × 110 would pass the 64,000 pod IPs of a VNet (aks-facts §10).
    assert.deepEqual(await row('Largest pod count'), [
      '28,160 (limited by the pod CIDR (a /24 per node))',
      '64,000 (limited by the 64,000 pod IPs a VNet holds for Node Subnet and Pod Subnet)',
    ]);
    // One readable drawing on the stage, a tab per model: under Azure CNI
    // the pods take node-subnet addresses (aks-facts §1.2).
    const pod = () => page.getByTestId('pod').first().getAttribute('data-ip');
    assert.equal(await pod(), '10.244.0.2');
    await page.getByTestId('tab-second').click();
    assert.equal(await page.getByTestId('tab-second').getAttribute('aria-pressed'), 'true');
    assert.match(await pod(), /^10\.224\.0\.\d+$/);
    assert.equal(await page.getByTestId('diagram').count(), 1);
    // The controls drive both: a fourth node shows on the second model's tab.
    await page.locator('#nodes').fill('4');
    await page.locator('#nodes').press('Enter');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=node]').length === 4);
    assert.deepEqual(await row('VNet addresses in use'), ['4', '444']);
    // The same packet, through both: Pod Subnet keeps the pod's own address (§5.7).
    await page.getByLabel('Compare with').selectOption({ label: 'Azure CNI Pod Subnet' });
    await page.getByLabel('Follow a packet').selectOption({ label: 'web-0 to a VM in a peered VNet' });
    assert.match(await page.getByTestId('compared-verdict').textContent(), /come from 10\.225\.\d+\.\d+:40000/);
    await page.screenshot({ path: join(ARTIFACTS, 'compare-kubenet-podsubnet.png'), fullPage: true });
  });
});

test('a lesson: steps in the link, answers concealed until revealed, predictions graded by the model', async () => {
  await withWidget('?lesson=cni&step=1', async (page) => {
    const lesson = page.getByTestId('lesson');
    assert.match(await lesson.textContent(), /step 1 of 5/);
    // The figure that answers the question is concealed until the reveal.
    const needed = page.getByTestId('ips-required');
    assert.equal(await needed.textContent(), '?');
    assert.equal(await page.locator('.figure[data-concealed]').count(), 1);
    assert.equal(await page.locator('.lesson-pointer').count(), 0);
    const predict = async (guess) => {
      await page.getByPlaceholder('Your prediction').fill(guess);
      await page.getByPlaceholder('Your prediction').press('Enter');
      return page.getByTestId('lesson-answer').textContent();
    };
    // aks-facts §3.2: Azure CNI needs (3 nodes + 1 surge) × (1 + 30) = 124;
    // Enter submits, and the answer is read loosely.
    assert.equal(await predict('4 addresses'), 'Not quite: the model says 124.');
    assert.equal(await page.getByTestId('lesson-why').textContent(),
      '3 nodes + 1 surge node(s) (10% of 3, rounded up) = 4 nodes; under Azure CNI Node Subnet each takes 1 + 30 max pods = 31 addresses: 4 × 31 = 124.');
    assert.equal(await needed.textContent(), '124');
    assert.equal(await page.locator('.lesson-pointer').count(), 1, 'the reveal points at the diagram');
    assert.equal(await predict('124 IPs'), 'Right: 124.');
    // Change the scenario and the expected answer changes with it: kubenet
    // needs only nodes + surge = 4.
    await page.getByRole('radio', { name: 'kubenet' }).check();
    await page.waitForFunction(() => location.search.startsWith('?model=kubenet'));
    assert.equal(await predict('4'), 'Right: 4.');
    await waitForLink(page, /lesson=cni&step=1/);
    // The next step is a link of its own, with its packet, concealed after
    // its first hop: the hops would answer "which source".
    await page.getByRole('button', { name: 'Next step ▶' }).click();
    await page.waitForFunction(() => location.search.includes('lesson=cni&step=2'));
    assert.match(await lesson.textContent(), /step 2 of 5/);
    assert.equal(await page.getByPlaceholder('Your prediction').inputValue(), '', 'a fresh prediction');
    await waitForLink(page, /flow=vm\.pod0/);
    const hops = page.getByTestId('hop');
    assert.equal(await hops.first().getAttribute('data-src'), '10.225.0.4:50000');
    assert.equal(await hops.last().getAttribute('data-src'), null);
    assert.equal(await page.locator('.hop [data-concealed]').count(), (await hops.count()) - 1);
    // An address with a port is read as the address (aks-facts §5.4: the pod sees the VM).
    assert.equal(await predict('10.225.0.4:50000'), 'Right: 10.225.0.4.');
    assert.match(await hops.last().getAttribute('data-src'), /^10\.225\.0\.4:/);
    await page.screenshot({ path: join(ARTIFACTS, 'lesson-cni-step-2.png'), fullPage: false });
    await page.getByRole('button', { name: 'End the lesson' }).click();
    assert.equal(await lesson.count(), 0);
  });
});

test('a playing packet pauses when the diagram is scrolled out of view', async () => {
  await withWidget('?model=kubenet&flow=pod0.pod1&hop=1', async (page) => {
    await page.getByLabel('Packet speed').selectOption('Fast');
    await page.getByRole('button', { name: '▶ Play', exact: true }).click();
    // The team's performance budget (shared/PERFORMANCE.md, outside this repository): no
    // animation nobody sees. The next hop finds the diagram gone.
    await page.evaluate(() => {
      document.querySelector('.diagram').scrollIntoView();
      window.scrollBy(0, document.querySelector('.diagram').getBoundingClientRect().bottom + 10);
    });
    await page.waitForFunction(() => document.querySelector('.transport__play').getAttribute('aria-pressed') === 'false');
    // Stopped before the last hop.
    await waitForLink(page, /hop=5/, false);
    assert.equal(await page.getByTestId('verdict').count(), 0);
  }, { width: 1280, height: 500 });
});
