// A second dataplane and the rules that drop packets, as a learner meets
// them: the same flow through kube-proxy and then Cilium's eBPF (aks-facts
// §1.5, §10), Cilium refused on kubenet, and a NetworkPolicy that drops a
// packet at the destination pod's node, with its manifest in the export.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ARTIFACTS, waitForLink, widgetSuite } from './browser.mjs';

const suite = widgetSuite();
const { withWidget } = suite;

const hopList = (page) => page.getByRole('region', { name: 'Packet path, hop by hop' });

/** Steps the packet to its last hop, where the verdict is written. */
async function toTheEnd(page) {
  const next = page.getByRole('button', { name: 'Next ▶' });
  while (await next.isEnabled()) await next.click();
}

test('the same flow is translated by kube-proxy, then by Cilium at the socket', async () => {
  await withWidget('?model=overlay&replicas=2&flow=pod0.svc0&hop=2', async (page) => {
    const list = hopList(page);
    assert.match(await list.textContent(), /rewritten by kube-proxy/);
    await page.getByLabel('Dataplane').selectOption('cilium');
    await waitForLink(page, /dataplane=cilium/);
    const hops = await list.textContent();
    assert.match(hops, /rewritten by Cilium \(eBPF\)/);
    assert.doesNotMatch(hops, /rewritten by kube-proxy/);
    // Its second hop, in the pod itself: translated before a packet leaves.
    await page.getByRole('button', { name: 'Next ▶' }).click();
    assert.match(await page.getByTestId('story').textContent(), /No kube-proxy here: Cilium's socket-level load balancer/);
    // On the running cluster, an update of the dataplane alone (learn: aks/update-azure-cni).
    assert.match(await page.getByTestId('status-line').textContent(), /an update of the dataplane alone \(az aks update --network-dataplane cilium\)/);
    assert.match(await page.getByTestId('diagram').textContent(), /Cilium eBPF maps on every node/);
  });
});

test('Cilium on kubenet is refused with the way there', async () => {
  await withWidget('?model=kubenet&dataplane=cilium', async (page) => {
    assert.match(await page.getByTestId('status-line').textContent(), /migrates to Overlay first, then to Cilium/);
    assert.equal(await page.getByLabel('Dataplane').inputValue(), 'kube-proxy');
  });
});

test('a deny-ingress policy drops the packet at the destination pod\'s node, and is exported', async () => {
  await withWidget('?model=overlay&flow=pod0.pod1', async (page) => {
    await page.getByRole('checkbox', { name: /deny-ingress/ }).check();
    await waitForLink(page, /policy=deny-ingress/);
    await toTheEnd(page);
    const verdict = page.getByTestId('verdict-list');
    assert.match(await verdict.textContent(), /Dropped by NetworkPolicy "deny-ingress" \(default deny ingress\): nothing allows 10\.244\.0\.2 in\. Calico enforces it/);
    // No engine: the policy has no effect, and the trace says so.
    await page.getByLabel('Enforced by').selectOption('none');
    await waitForLink(page, /policyEngine=none/);
    await toTheEnd(page);
    assert.match(await verdict.textContent(), /^Delivered/);
    assert.match(await hopList(page).textContent(), /nothing enforces it/);
    await page.getByText('Export: az commands, manifest, embed snippet, diagram').click();
    assert.match(await page.getByTestId('manifest').textContent(), /kind: NetworkPolicy\s+metadata:\s+name: deny-ingress/);
    await page.screenshot({ path: join(ARTIFACTS, 'policy.png'), fullPage: true });
  });
});
