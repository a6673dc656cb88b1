//! The packet's words: the flows to pick from, each hop as a row (where it
//! is, its addresses as it leaves, who rewrote them and why), the verdict
//! and the reply.

use aks_model::path::{Fix, Hop, Host, Location, Target, Trace, Verdict};
use aks_model::Plan;
use yew::AttrValue;

use super::citations::{citation, Citation};
use crate::flows::{common_flows, Flow};

/// A flow to pick, by its code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FlowChoice {
    pub code: String,
    pub label: String,
}

/// The flows a plan offers, in teaching order.
pub fn flow_choices(plan: &Plan) -> Vec<FlowChoice> {
    common_flows(plan)
        .into_iter()
        .map(|named| FlowChoice {
            code: named.flow.code(),
            label: named.label,
        })
        .collect()
}

/// A flow's name: the common flow's of the same ends, if there is one;
/// otherwise its source and destination in words.
pub fn flow_label(plan: &Plan, flow: &Flow) -> String {
    common_flows(plan)
        .into_iter()
        .find(|named| named.flow == *flow)
        .map_or_else(
            || {
                format!(
                    "{} → {}",
                    place_name(plan, flow.from.location()),
                    target_name(plan, flow.to)
                )
            },
            |named| named.label,
        )
}

/// How a packet ended, for its colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Delivered,
    Refused,
    Dropped,
}

impl Outcome {
    /// The CSS modifier (`verdict--{class}`).
    pub fn class(self) -> &'static str {
        match self {
            Self::Delivered => "delivered",
            Self::Refused => "refused",
            Self::Dropped => "dropped",
        }
    }
}

/// A verdict, as every part of the widget shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerdictView {
    pub outcome: Outcome,
    pub text: String,
}

impl VerdictView {
    pub fn of(verdict: &Verdict) -> Self {
        Self {
            outcome: match verdict {
                Verdict::Delivered { .. } => Outcome::Delivered,
                Verdict::Refused { .. } => Outcome::Refused,
                Verdict::Dropped { .. } => Outcome::Dropped,
            },
            text: verdict.to_string(),
        }
    }
}

/// One hop, in words (shared, not copied, each time the hops are drawn
/// again as the packet steps).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HopRow {
    pub place: AttrValue,
    /// The kind of place (`pod`, `node`, `vnet`, …), for `data-at`.
    pub at: &'static str,
    pub src: AttrValue,
    pub dst: AttrValue,
    pub src_changed: bool,
    pub dst_changed: bool,
    /// "rewritten by …", when something rewrote the addresses.
    pub device: Option<AttrValue>,
    pub explanation: AttrValue,
    /// The fact-sheet section the hop comes from, and the public page behind it.
    pub reference: &'static str,
    pub source: Option<Citation>,
    /// Reasoned from documented behaviour, not documented as such.
    pub derived: bool,
}

/// A traced packet, in words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TraceView {
    /// The DNS lookup's hops, then the flow's.
    pub hops: Vec<HopRow>,
    pub verdict: VerdictView,
    pub reply: Vec<HopRow>,
    /// The documented fix for a flow that fails, and the words that offer it.
    pub fix: Option<(Fix, &'static str)>,
}

impl TraceView {
    pub fn of(plan: &Plan, trace: &Trace) -> Self {
        let row = |hop: &Hop| HopRow {
            place: place_name(plan, hop.at).into(),
            at: hop.at.kind(),
            src: hop.src.to_string().into(),
            dst: hop.dst.to_string().into(),
            src_changed: hop.changed.src_ip || hop.changed.src_port,
            dst_changed: hop.changed.dst_ip || hop.changed.dst_port,
            device: hop
                .rewritten_by
                .map(|device| format!("rewritten by {device}").into()),
            explanation: hop.explanation.clone().into(),
            reference: hop.reference,
            source: citation(hop.reference, plan.plugin),
            derived: hop.derived,
        };
        Self {
            hops: trace.steps().map(row).collect(),
            verdict: VerdictView::of(&trace.verdict),
            reply: trace.reply.iter().map(row).collect(),
            fix: trace.fix.map(|fix| (fix, fix_offer(fix))),
        }
    }
}

/// A fix, offered in words.
fn fix_offer(fix: Fix) -> &'static str {
    match fix {
        Fix::InternalLoadBalancerBehindFirewall => {
            "Apply the fix: an internal load balancer behind the firewall's DNAT rule"
        }
    }
}

/// Where a hop happens, in words.
pub fn place_name(plan: &Plan, at: Location) -> String {
    let node_name = |node| {
        plan.node(node)
            .map_or_else(|| format!("node {node}"), |n| n.name())
    };
    match at {
        Location::Pod(pod) => plan
            .pod(pod)
            .map_or_else(|| "a pod".into(), |p| format!("pod {}", plan.pod_name(p))),
        Location::PodNetwork(node) => format!("{}'s pod network", node_name(node)),
        Location::Node(node) => node_name(node),
        Location::RouteTable => "route table".into(),
        Location::VnetFabric => "VNet routing".into(),
        Location::OverlayRouting => "overlay routing".into(),
        Location::CoreDns => "CoreDNS".into(),
        Location::LoadBalancer(service) => plan.service(service).map_or_else(
            || "load balancer".into(),
            |s| format!("load balancer of \"{}\"", s.name),
        ),
        Location::OutboundRule => "outbound rule".into(),
        Location::NatGateway => "NAT gateway".into(),
        Location::Firewall => "firewall".into(),
        Location::Gateway => "VPN gateway".into(),
        Location::Host(host) => host.to_string(),
    }
}

/// A destination in words.
fn target_name(plan: &Plan, to: Target) -> String {
    let service = |id| {
        plan.service(id)
            .map_or_else(String::new, |s| format!("\"{}\"", s.name))
    };
    match to {
        Target::Pod { pod, port } => format!("{}:{port}", place_name(plan, Location::Pod(pod))),
        Target::Node { node, port } => format!("{}:{port}", place_name(plan, Location::Node(node))),
        Target::ClusterIp { service: s } => format!("the ClusterIP of {}", service(s)),
        Target::ServiceName { service: s } => format!("{} by name", service(s)),
        Target::NodePort { service: s, node } => format!(
            "the nodePort of {} on {}",
            service(s),
            place_name(plan, Location::Node(node))
        ),
        Target::HostPort { deployment, node } => format!(
            "the hostPort of \"{}\" on {}",
            plan.deployment(deployment).map_or("", |d| d.name.as_str()),
            place_name(plan, Location::Node(node))
        ),
        Target::LoadBalancer { service: s } => format!("the load balancer of {}", service(s)),
        Target::VnetVm => Host::VnetVm.to_string(),
        Target::PeeredVnetVm => Host::PeeredVnetVm.to_string(),
        Target::OnPremises => Host::OnPremises.to_string(),
        Target::InternetServer => Host::InternetServer.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aks_model::{ClusterSpec, NetworkPlugin};

    fn kubenet() -> Plan {
        Plan::build(&ClusterSpec::defaults_for(NetworkPlugin::Kubenet)).expect("valid")
    }

    /// A flow picked in the diagram is named as the common flow of the same
    /// ends, or by its ends.
    #[test]
    fn a_flow_is_named_by_the_list_or_by_its_ends() {
        let plan = kubenet();
        let named = |code| flow_label(&plan, &Flow::from_code(&plan, code).expect("a flow").0);
        assert_eq!(
            named("pod0.pod1"),
            "Pod to pod on another node (web-0 → web-1)"
        );
        assert_eq!(
            named("node1.pod0"),
            "aks-nodepool1-39054224-vmss000001 → pod web-0:8080"
        );
        assert_eq!(
            named("vm.nodeport0on2"),
            "VM in the VNet → the nodePort of \"web\" on aks-nodepool1-39054224-vmss000002"
        );
        assert_eq!(
            named("node0.peered"),
            "aks-nodepool1-39054224-vmss000000 → VM in a peered VNet"
        );
        let codes: Vec<String> = flow_choices(&plan).into_iter().map(|c| c.code).collect();
        assert!(codes.contains(&"internet.lb0".to_string()), "{codes:?}");
    }

    /// kubenet's ip-masq-agent rewrites the source on the way out
    /// (aks-facts §5.7): the row says so, and the verdict names the source.
    #[test]
    fn rows_say_what_was_rewritten_and_by_whom() {
        let plan = kubenet();
        let (_, trace) = Flow::from_code(&plan, "pod0.internet").expect("a flow");
        let view = TraceView::of(&plan, &trace);
        assert_eq!(view.hops.len(), trace.step_count());
        let masquerade = view
            .hops
            .iter()
            .find(|row| row.device.as_deref() == Some("rewritten by ip-masq-agent"))
            .expect("a masquerade hop");
        assert!(masquerade.src_changed && !masquerade.dst_changed);
        assert_eq!(masquerade.src, "10.224.0.4:40000");
        assert_eq!(view.verdict.outcome, Outcome::Delivered);
        assert!(view
            .verdict
            .text
            .starts_with("Delivered. The receiver sees"));
        assert_eq!(view.reply.len(), trace.reply.len());
    }
}
