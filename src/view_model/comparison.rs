//! Two models side by side: the second model's drawing with the followed
//! packet through it, and the differences a learner should notice, in words.

use aks_model::limits::{Grouped, ROUTE_TABLE_LIMIT};
use aks_model::path::{trace, Endpoint, Target, Trace};
use aks_model::{NetworkPlugin, Plan, RangeName};

use super::chart::ChartView;
use super::diagram::{DiagramView, PacketView};
use super::packet::VerdictView;
use crate::flows::Flow;
use crate::layout::Frame;
use crate::lessons::Giveaway;
use crate::shared::Shared;
use crate::state::Comparison;

/// The differences' rows a lesson may ask for.
const VNET_IN_USE: &str = "VNet addresses in use";
const PEER_SEES: &str = "A VM in a peered VNet sees a pod's packet from";
const LARGEST_NODE_COUNT: &str = "Largest node count";

/// The differences' row that shows what a lesson's question asks
/// (`giveaway`), concealed until the answer is revealed.
pub fn concealed_row(giveaway: Option<Giveaway>) -> Option<&'static str> {
    match giveaway? {
        Giveaway::VnetAddresses => Some(VNET_IN_USE),
        Giveaway::LargestNodeCount => Some(LARGEST_NODE_COUNT),
        Giveaway::PacketPath => Some(PEER_SEES),
        Giveaway::NodeSubnetNeeded => None,
    }
}

/// One line of the difference summary: what, and its value under each model.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Difference {
    pub what: &'static str,
    pub values: [String; 2],
}

/// The second model, as the comparison shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct ComparisonView {
    pub plugin: NetworkPlugin,
    pub shown: Result<Compared, String>,
}

/// The second plan: its drawing, the packet through it, and the differences.
#[derive(Clone, Debug, PartialEq)]
pub struct Compared {
    /// The two plans compared, first and second.
    pub plans: [Shared<Plan>; 2],
    pub diagram: Shared<DiagramView>,
    pub differences: Shared<Vec<Difference>>,
    /// Both models' curves, and the others', as the cluster grows.
    pub chart: Shared<ChartView>,
    /// The followed packet through the second plan, if it exists there.
    pub trace: Option<(Flow, Shared<Trace>)>,
    /// The packet at the same hop as in the first plan, as far as its path
    /// goes, with its verdict.
    pub packet: Option<(PacketView, VerdictView)>,
}

impl ComparisonView {
    /// The comparison with `plan`, following `flow` to hop `step`. What did
    /// not change since `previous` (the drawing, the differences, the
    /// trace) is kept rather than computed again.
    pub fn of(
        comparison: &Comparison,
        plan: &Shared<Plan>,
        frame: Frame,
        flow: Option<Flow>,
        step: usize,
        previous: Option<&ComparisonView>,
    ) -> Self {
        let plugin = comparison.plugin;
        let shown = match &comparison.plan {
            Ok(second) => {
                let plans = [plan.clone(), second.clone()];
                let kept = previous
                    .and_then(|view| view.shown.as_ref().ok())
                    .filter(|kept| kept.plans == plans && kept.diagram.layout.frame == frame);
                let (diagram, differences, chart) = kept.map_or_else(
                    || {
                        (
                            Shared::new(DiagramView::of(second, frame)),
                            Shared::new(differences([plan, second])),
                            Shared::new(ChartView::of(plan, &[plan.plugin, plugin])),
                        )
                    },
                    |kept| {
                        (
                            kept.diagram.clone(),
                            kept.differences.clone(),
                            kept.chart.clone(),
                        )
                    },
                );
                let kept_trace = kept
                    .and_then(|kept| kept.trace.clone())
                    .filter(|(traced, _)| Some(*traced) == flow);
                let trace = kept_trace.or_else(|| {
                    let flow = flow?;
                    let traced = trace(second, flow.from, flow.to).ok()?;
                    Some((flow, Shared::new(traced)))
                });
                let packet = trace.as_ref().and_then(|(_, traced)| {
                    let last = traced.step_count().saturating_sub(1);
                    let drawn = diagram.packet(second, traced, step.min(last))?;
                    Some((drawn, VerdictView::of(&traced.verdict)))
                });
                Ok(Compared {
                    plans,
                    diagram,
                    differences,
                    chart,
                    trace,
                    packet,
                })
            }
            Err(errors) => Err(format!(
                "These inputs do not fit {plugin}: {}",
                errors
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join(" ")
            )),
        };
        Self { plugin, shown }
    }
}

/// The differences between two plans of the same inputs (aks-facts §1.0's
/// matrix, computed rather than quoted).
pub fn differences(plans: [&Plan; 2]) -> Vec<Difference> {
    let row = |what, value: &dyn Fn(&Plan) -> String| Difference {
        what,
        values: plans.map(value),
    };
    vec![
        row(VNET_IN_USE, &|plan| {
            plan.vnet_addresses_in_use().to_string()
        }),
        row("Pod addresses come from", &|plan| match (
            plan.range(&RangeName::PodCidr),
            plan.range(&RangeName::PodSubnet),
        ) {
            (Some(range), _) => format!("the pod CIDR {}, outside the VNet", range.cidr),
            (None, Some(range)) => format!("the pod subnet {}", range.cidr),
            _ => plan
                .range(&RangeName::NodeSubnet)
                .map_or_else(String::new, |range| {
                    format!("the node subnet {}, reserved per node", range.cidr)
                }),
        }),
        row(PEER_SEES, &|plan| peer_sees(plan)),
        row("Route tables needed", &|plan| {
            if plan.routes.is_empty() {
                "none".to_string()
            } else {
                format!(
                    "1, with {} routes ({ROUTE_TABLE_LIMIT} at most)",
                    plan.routes.len()
                )
            }
        }),
        row(LARGEST_NODE_COUNT, &|plan| {
            format!(
                "{} ({})",
                plan.capacity.max_nodes,
                plan.capacity.limited_by.short()
            )
        }),
        row("Largest pod count", &|plan| {
            format!(
                "{} (limited by {})",
                Grouped(plan.capacity.max_pod_count),
                plan.capacity.pods_limited_by
            )
        }),
    ]
}

/// Whose address a peered VM sees on the first pod's packet (aks-facts §5.7).
fn peer_sees(plan: &Plan) -> String {
    let Some(pod) = plan.pods.iter().find(|pod| pod.ip.is_some()) else {
        return "no pod runs".into();
    };
    let Some(seen) = trace(plan, Endpoint::Pod(pod.id), Target::PeeredVnetVm)
        .ok()
        .and_then(|t| t.verdict.seen_source())
        .map(|source| *source.ip())
    else {
        return "nothing: the packet does not arrive".into();
    };
    if Some(seen) == pod.ip {
        format!("the pod's own IP, {seen}")
    } else if plan.nodes.iter().any(|node| node.ip == Some(seen)) {
        format!("its node's IP, {seen}")
    } else {
        seen.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aks_model::{ClusterSpec, Owner};

    fn both(first: NetworkPlugin, second: NetworkPlugin) -> (Plan, Plan) {
        let spec = ClusterSpec::defaults_for(first);
        let a = Plan::build(&spec).expect("valid");
        let b = Plan::build(&ClusterSpec {
            plugin: second,
            ..spec
        })
        .expect("valid");
        (a, b)
    }

    /// aks-facts §1.0, §3.2 and §5.7 for the default cluster (3 nodes, max
    /// pods 110, 3 replicas): kubenet spends 3 node addresses and a route
    /// table; Azure CNI Node Subnet spends 3 × (1 + 110) and SNATs to the
    /// node for a peered VNet.
    #[test]
    fn kubenet_against_azure_cni() {
        let (kubenet, cni) = both(NetworkPlugin::Kubenet, NetworkPlugin::AzureCni);
        let rows = differences([&kubenet, &cni]);
        let value = |what: &str| {
            rows.iter()
                .find(|r| r.what == what)
                .expect(what)
                .values
                .clone()
        };
        assert_eq!(value("VNet addresses in use"), ["3", "333"]);
        assert_eq!(cni.max_pods(), 110, "the same inputs, max pods included");
        let [kubenet_source, cni_source] = value("A VM in a peered VNet sees a pod's packet from");
        assert!(
            kubenet_source.starts_with("its node's IP, 10.224.0.4"),
            "{kubenet_source}"
        );
        assert!(cni_source.starts_with("its node's IP"), "{cni_source}");
        assert_eq!(
            value("Route tables needed"),
            ["1, with 3 routes (400 at most)", "none"]
        );
        assert!(value("Pod addresses come from")[0].contains("outside the VNet"));
        let pods_held = cni.range(&RangeName::NodeSubnet).map_or(0, |r| {
            r.held_by(|owner| matches!(owner, Owner::PreallocatedPodIps(_)))
        });
        assert_eq!(pods_held, 330);
    }

    /// aks-facts §5.7: Pod Subnet keeps the pod's address towards a peer.
    #[test]
    fn pod_subnet_shows_the_pods_own_address() {
        let (_, podsubnet) = both(
            NetworkPlugin::AzureCniOverlay,
            NetworkPlugin::AzureCniPodSubnet,
        );
        let rows = differences([&podsubnet, &podsubnet]);
        assert!(
            rows[2].values[0].starts_with("the pod's own IP, 10.225."),
            "{:?}",
            rows[2]
        );
        assert!(rows[1].values[0].starts_with("the pod subnet 10.225.0.0/16"));
    }
}
