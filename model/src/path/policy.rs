//! NetworkPolicy: what the engine lets through and what it drops, where it
//! enforces (the destination pod's node for ingress, the source's for
//! egress). The rules are Kubernetes' (a pod cannot block access to itself;
//! traffic to and from a pod's own node is always allowed; policies add up),
//! with Cilium's documented limit: its `ipBlock` selects no pod or node IP.

use std::net::Ipv4Addr;

use ipnet::Ipv4Net;

use super::{dropped, Location, PathError, Tracer, Verdict, NETWORK_POLICY};
use crate::ids::{NodeId, PodId};
use crate::limits::DNS_PORT;
use crate::spec::{NetworkPolicy, PolicyEngine};

impl Tracer<'_> {
    /// The ingress policies at `pod`'s node: a Dropped verdict when none
    /// allows the packet as it arrives.
    pub(super) fn ingress_dropped(&mut self, pod: PodId) -> Result<Option<Verdict>, PathError> {
        let plan = self.plan;
        let ingress: Vec<NetworkPolicy> = plan
            .policies
            .iter()
            .copied()
            .filter(|policy| policy.is_ingress())
            .collect();
        if ingress.is_empty() {
            return Ok(None);
        }
        let target = self.pod(pod)?;
        let Some(node_id) = target.running_on() else {
            return Ok(None);
        };
        let node = self.node(node_id)?;
        let at = Location::Node(node_id);
        let names = names_of(&ingress);
        if plan.policy_engine == PolicyEngine::None {
            self.unenforced(at, &names);
            return Ok(None);
        }
        let src = *self.packet().0.ip();
        let engine = plan.policy_engine;
        let exempt = if Some(src) == target.ip {
            Some("a pod cannot block access to itself")
        } else if Some(src) == node.ip || Some(src) == node.bridge_ip {
            Some("traffic from the pod's own node is always allowed")
        } else {
            None
        };
        if let Some(why) = exempt {
            self.pass(
                at,
                format!("{engine} on {} checks {names}: {why}.", node.name()),
                NETWORK_POLICY,
            );
            return Ok(None);
        }
        if let Some((policy, why)) = ingress
            .iter()
            .find_map(|policy| self.admits(*policy, src, pod).map(|why| (policy, why)))
        {
            self.pass(
                at,
                format!(
                    "{engine} on {} checks {names}: \"{}\" allows {src} ({why}).",
                    node.name(),
                    policy.name()
                ),
                NETWORK_POLICY,
            );
            return Ok(None);
        }
        let rules: Vec<String> = ingress
            .iter()
            .map(|policy| format!("\"{}\" ({})", policy.name(), policy.rule()))
            .collect();
        let why = format!(
            "Dropped by NetworkPolicy {}: nothing allows {src} in{}. {engine} enforces it on {}, the destination pod's node, and the sender sees its connection time out.",
            match rules.as_slice() {
                [one] => one.clone(),
                _ => rules.join("; "),
            },
            self.cilium_ip_block_note(&ingress, src),
            node.name()
        );
        self.pass(at, why.clone(), NETWORK_POLICY);
        Ok(Some(dropped(why)))
    }

    /// Whether `policy` lets `src` in to `pod`, and why.
    fn admits(&self, policy: NetworkPolicy, src: Ipv4Addr, pod: PodId) -> Option<String> {
        let plan = self.plan;
        match policy {
            NetworkPolicy::DenyIngress | NetworkPolicy::DenyEgress => None,
            NetworkPolicy::SameApp => {
                let target = plan.pod(pod)?;
                let sender = plan
                    .running_pods()
                    .find(|other| other.ip == Some(src) && other.deployment == target.deployment)?;
                Some(format!(
                    "it is {}, a pod of the same app",
                    plan.pod_name(sender)
                ))
            }
            NetworkPolicy::FromVnet => {
                let on_premises = Ipv4Net::new(self.hosts.on_premises, 24).ok()?.trunc();
                let in_block = plan.vnet.contains(&src) || on_premises.contains(&src);
                // Cilium's ipBlock selects no pod or node IP (learn:
                // aks/azure-cni-powered-by-cilium, limitations).
                let cilium_blind =
                    plan.policy_engine == PolicyEngine::Cilium && self.is_cluster_ip(src);
                (in_block && !cilium_blind)
                    .then(|| format!("it is inside the ipBlock {} or {on_premises}", plan.vnet))
            }
        }
    }

    /// Under Cilium, why an ipBlock that holds the source does not match it.
    fn cilium_ip_block_note(&self, ingress: &[NetworkPolicy], src: Ipv4Addr) -> &'static str {
        let blind = self.plan.policy_engine == PolicyEngine::Cilium
            && ingress.contains(&NetworkPolicy::FromVnet)
            && self.plan.vnet.contains(&src)
            && self.is_cluster_ip(src);
        if blind {
            " (it is inside the VNet, but Cilium's ipBlock selects no pod or node IP: a documented limit)"
        } else {
            ""
        }
    }

    /// Whether `ip` is a node's or a pod's address in this cluster.
    fn is_cluster_ip(&self, ip: Ipv4Addr) -> bool {
        let plan = self.plan;
        plan.nodes
            .iter()
            .any(|node| node.ip == Some(ip) || node.bridge_ip == Some(ip))
            || plan.pods.iter().any(|pod| pod.ip == Some(ip))
    }

    /// The egress policy of the pod that sent the packet, once, where the
    /// packet leaves its node or reaches a pod (after any translation).
    pub(super) fn departing(&mut self) -> Result<Option<Verdict>, PathError> {
        match self.egress_from.take() {
            Some((pod, node)) => self.egress_dropped(pod, node),
            None => Ok(None),
        }
    }

    /// `deny-egress` at the sending pod's node: a Dropped verdict for
    /// anything but DNS and the pod's own node.
    fn egress_dropped(
        &mut self,
        pod: PodId,
        node_id: NodeId,
    ) -> Result<Option<Verdict>, PathError> {
        let plan = self.plan;
        if !plan.policies.contains(&NetworkPolicy::DenyEgress) {
            return Ok(None);
        }
        let at = Location::Node(node_id);
        let names = names_of(&[NetworkPolicy::DenyEgress]);
        if plan.policy_engine == PolicyEngine::None {
            self.unenforced(at, &names);
            return Ok(None);
        }
        let node = self.node(node_id)?;
        let (_, dst) = self.packet();
        let engine = plan.policy_engine;
        let sender = plan.pod_name(self.pod(pod)?);
        if dst.port() == DNS_PORT || Some(*dst.ip()) == node.ip {
            return Ok(None);
        }
        let why = format!(
            "Dropped by NetworkPolicy \"{}\" ({}): {sender} may not send to {dst}. {engine} enforces it on {}, the sending pod's node.",
            NetworkPolicy::DenyEgress.name(),
            NetworkPolicy::DenyEgress.rule(),
            node.name()
        );
        self.pass(at, why.clone(), NETWORK_POLICY);
        Ok(Some(dropped(why)))
    }

    /// A policy with no engine to enforce it: said, and the packet goes on.
    fn unenforced(&mut self, at: Location, names: &str) {
        self.pass(
            at,
            format!(
                "NetworkPolicy {names} selects this pod, but no policy engine runs in this cluster: the API server \
                 accepted it, and nothing enforces it. AKS lets this happen; choose an engine to make it count."
            ),
            NETWORK_POLICY,
        );
    }
}

/// Policies' names, quoted: `"deny-ingress" and "same-app"`.
fn names_of(policies: &[NetworkPolicy]) -> String {
    let quoted: Vec<String> = policies
        .iter()
        .map(|policy| format!("\"{}\"", policy.name()))
        .collect();
    quoted.join(" and ")
}
