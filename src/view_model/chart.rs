//! The picture behind "kubenet against Azure CNI": the VNet addresses each
//! model takes as the node count grows, with the current inputs, against the
//! node subnet's usable addresses. Drawn as a few SVG polylines; every
//! figure comes from the model's planning formulas (aks-facts §3.2).

use aks_model::capacity::{
    model_node_limits, node_subnet_addresses_per_node, vnet_addresses_for, NodeShortage, Sizing,
};
use aks_model::limits::{Grouped, NODE_COUNT_RANGE};
use aks_model::spec::DEFAULT_POD_CIDR;
use aks_model::{NetworkPlugin, Owner, Plan, RangeName};

/// The drawing's size and its plot area, in SVG units.
pub const CHART_WIDTH: i32 = 480;
pub const CHART_HEIGHT: i32 = 200;
pub const PLOT_LEFT: i32 = 8;
pub const PLOT_RIGHT: i32 = CHART_WIDTH - 8;
pub const PLOT_TOP: i32 = 10;
pub const PLOT_BOTTOM: i32 = CHART_HEIGHT - 24;
/// Node counts sampled along the x axis.
const SAMPLES: u32 = 60;

/// One model's curve.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChartLine {
    pub plugin: NetworkPlugin,
    /// The CSS modifier (`chart__line--{class}`), its colour and dash.
    pub class: &'static str,
    /// The legend: the model, and where it outgrows the node subnet.
    pub label: String,
    /// The polyline's `points`, cut where it leaves the plot.
    pub points: String,
    /// The model on screen (and the one compared): drawn stronger.
    pub emphasised: bool,
}

/// The chart of one plan's inputs under every model.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChartView {
    pub lines: Vec<ChartLine>,
    /// The node subnet's usable addresses, as a line across: its y and words.
    pub limit_y: i32,
    pub limit_label: String,
    /// The current node count, as a line up: its x and words.
    pub now_x: i32,
    pub now_label: String,
    /// The cluster autoscaler's max count, which AKS plans for, as a line
    /// up: its x and words.
    pub max_count: Option<(i32, String)>,
    /// The x axis' last node count, and the y axis' top, in words.
    pub x_end: String,
    pub y_top: String,
    /// What the chart is, for a screen reader.
    pub summary: String,
    /// The inputs every curve shares, said under the chart.
    pub caption: String,
}

impl ChartView {
    /// The curves of `plan`'s inputs (max pods, surge, replicas, frontends),
    /// the models in `emphasised` drawn stronger.
    pub fn of(plan: &Plan, emphasised: &[NetworkPlugin]) -> Self {
        let usable = plan.capacity.node_subnet_usable;
        let last_nodes = u64::from(*NODE_COUNT_RANGE.end()).min(usable.max(10));
        let y_max = (usable + usable / 4).max(1);
        let replicas = plan.deployments.iter().map(|d| u64::from(d.replicas)).sum();
        let frontends = plan.range(&RangeName::NodeSubnet).map_or(0, |range| {
            range.held_by(|owner| matches!(owner, Owner::LoadBalancerFrontend(_)))
        });
        let sizing = |nodes: u32| Sizing {
            nodes,
            max_surge: plan.capacity.max_surge.nodes_for(nodes),
            max_pods: plan.max_pods(),
            replicas,
            frontends_in_node_subnet: frontends,
            pod_ip_allocation: plan.pod_ip_allocation,
        };
        let x = |nodes: u64| PLOT_LEFT + scaled(nodes, last_nodes, PLOT_RIGHT - PLOT_LEFT);
        let y = |addresses: u64| PLOT_BOTTOM - scaled(addresses, y_max, PLOT_BOTTOM - PLOT_TOP);
        let node_counts: Vec<u32> = (0..SAMPLES)
            .filter_map(|i| {
                u32::try_from(1 + u64::from(i) * (last_nodes - 1) / u64::from(SAMPLES - 1)).ok()
            })
            .collect();
        let pod_cidr = plan
            .range(&RangeName::PodCidr)
            .map_or(DEFAULT_POD_CIDR, |range| range.cidr);
        let lines = NetworkPlugin::ALL
            .into_iter()
            .map(|plugin| {
                let values: Vec<(u64, u64)> = node_counts
                    .iter()
                    .map(|&nodes| (u64::from(nodes), vnet_addresses_for(plugin, &sizing(nodes))))
                    .collect();
                let label = if plugin.uses_pod_subnet() {
                    format!("{plugin}: node and pod subnet addresses together")
                } else {
                    // The largest pool with room for its surge, under the
                    // node subnet and the model's other limits, as the
                    // capacity figures count it.
                    let per_node = node_subnet_addresses_per_node(plugin, plan.max_pods());
                    let in_subnet = (
                        usable.saturating_sub(frontends) / per_node,
                        NodeShortage::NodeSubnet,
                    );
                    let (room, limit) = std::iter::once(in_subnet)
                        .chain(model_node_limits(plugin, pod_cidr))
                        .min_by_key(|(nodes, _)| *nodes)
                        .unwrap_or(in_subnet);
                    format!(
                        "{plugin}: room for {} nodes and their surge, limited by {}",
                        Grouped(plan.capacity.max_surge.largest_pool_within(room)),
                        limit.limit()
                    )
                };
                ChartLine {
                    plugin,
                    class: line_class(plugin),
                    label,
                    points: polyline(&values, y_max, &x, &y),
                    emphasised: emphasised.contains(&plugin),
                }
            })
            .collect();
        let nodes_now = u64::from(plan.nodes.len() as u32);
        ChartView {
            lines,
            limit_y: y(usable),
            limit_label: format!("node subnet: {} usable", Grouped(usable)),
            now_x: x(nodes_now.min(last_nodes)),
            now_label: format!("{nodes_now} nodes now"),
            max_count: plan.autoscaler().map(|range| {
                let max = u64::from(range.max);
                (x(max.min(last_nodes)), format!("autoscaler max {max}"))
            }),
            x_end: format!("{} nodes", Grouped(last_nodes)),
            y_top: format!("{} VNet addresses", Grouped(y_max)),
            caption: format!(
                "Every model with these inputs: {} max pods, max surge {}.",
                plan.max_pods(), plan.capacity.max_surge
            ),
            summary: format!(
                "VNet addresses each model takes as the node count grows from 1 to {}, with {} max pods and the surge, against the node subnet's {} usable addresses.",
                Grouped(last_nodes),
                plan.max_pods(),
                Grouped(usable)
            ),
        }
    }
}

/// `value` of `of`, over `span` units, rounded down (`of` is never 0 here).
fn scaled(value: u64, of: u64, span: i32) -> i32 {
    let span = u64::try_from(span).unwrap_or(0);
    i32::try_from(value.min(of) * span / of.max(1)).unwrap_or(0)
}

/// The points of a curve, up to where it leaves the top of the plot (the
/// last point put on the edge, where the line between crosses it).
fn polyline(
    values: &[(u64, u64)],
    y_max: u64,
    x: &impl Fn(u64) -> i32,
    y: &impl Fn(u64) -> i32,
) -> String {
    let mut points = Vec::new();
    let mut previous: Option<(u64, u64)> = None;
    for &(nodes, addresses) in values {
        if addresses > y_max {
            let edge = previous.map_or(nodes, |(before_nodes, before)| {
                // Linear between the two samples, to where it meets y_max.
                let rise = addresses - before;
                before_nodes + (nodes - before_nodes) * (y_max - before) / rise.max(1)
            });
            points.push(format!("{},{}", x(edge), y(y_max)));
            break;
        }
        points.push(format!("{},{}", x(nodes), y(addresses)));
        previous = Some((nodes, addresses));
    }
    points.join(" ")
}

/// Each model's line: colour and dash, so it reads without colour too.
fn line_class(plugin: NetworkPlugin) -> &'static str {
    match plugin {
        NetworkPlugin::Kubenet => "kubenet",
        NetworkPlugin::AzureCni => "cni",
        NetworkPlugin::AzureCniOverlay => "overlay",
        NetworkPlugin::AzureCniPodSubnet => "podsubnet",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aks_model::ClusterSpec;

    /// learn: aks/configure-kubenet: a /24 holds 8 Azure CNI nodes and 251
    /// kubenet nodes; keeping room for the surge (aks-facts §10, 10 %), 7 + 1
    /// and 228 + 23.
    #[test]
    fn the_curves_cross_the_node_subnet_where_the_formulas_say() {
        let mut spec = ClusterSpec::defaults_for(NetworkPlugin::AzureCni);
        spec.vnet = "10.10.0.0/16".parse().expect("valid");
        spec.node_subnet = "10.10.1.0/24".parse().expect("valid");
        let plan = Plan::build(&spec).expect("valid");
        let chart = ChartView::of(&plan, &[NetworkPlugin::AzureCni]);
        let label = |plugin| {
            chart
                .lines
                .iter()
                .find(|line| line.plugin == plugin)
                .map(|line| line.label.clone())
                .expect("a line per model")
        };
        assert_eq!(
            label(NetworkPlugin::AzureCni),
            "Azure CNI Node Subnet: room for 7 nodes and their surge, limited by the node subnet"
        );
        assert_eq!(
            label(NetworkPlugin::Kubenet),
            "kubenet: room for 228 nodes and their surge, limited by the node subnet"
        );
        assert!(chart
            .lines
            .iter()
            .all(|line| line.emphasised == (line.plugin == NetworkPlugin::AzureCni)));
        // Every point lies inside the plot.
        for line in &chart.lines {
            for point in line.points.split(' ') {
                let (x, y) = point.split_once(',').expect("x,y");
                let (x, y): (i32, i32) = (x.parse().expect("x"), y.parse().expect("y"));
                assert!(
                    (PLOT_LEFT..=PLOT_RIGHT).contains(&x) && (PLOT_TOP..=PLOT_BOTTOM).contains(&y),
                    "{point}"
                );
            }
        }
        assert_eq!(chart.limit_label, "node subnet: 251 usable");
        assert_eq!(
            chart.caption,
            "Every model with these inputs: 30 max pods, max surge 10%."
        );
    }

    /// On AKS's /16 node subnet kubenet and Overlay stop at the /16 pod
    /// CIDR's 256 /24s, less the surge (232 + 24; aks-facts §1.1, §10), and
    /// kubenet under a /15 at its 400 routes (363 + 37; §6.3).
    /// With the autoscaler on, the chart marks its max count, the node
    /// count AKS plans for (aks-facts §3.2), as well as the nodes running.
    #[test]
    fn the_autoscalers_max_count_is_marked() {
        let mut spec = ClusterSpec::defaults_for(NetworkPlugin::AzureCni);
        spec.vnet = "10.10.0.0/16".parse().expect("valid");
        spec.node_subnet = "10.10.1.0/24".parse().expect("valid");
        let fixed = ChartView::of(&Plan::build(&spec).expect("valid"), &[]);
        assert_eq!(fixed.max_count, None);
        spec.max_count = Some(8);
        let chart = ChartView::of(&Plan::build(&spec).expect("valid"), &[]);
        let (x, label) = chart.max_count.expect("marked");
        assert_eq!(label, "autoscaler max 8");
        assert!(x > chart.now_x, "8 nodes lie right of the 3 running");
    }

    #[test]
    fn the_curves_say_the_models_other_limits() {
        let mut spec = ClusterSpec::defaults_for(NetworkPlugin::Kubenet);
        let label = |spec: &ClusterSpec, plugin| {
            let plan = Plan::build(spec).expect("valid");
            ChartView::of(&plan, &[])
                .lines
                .into_iter()
                .find(|line| line.plugin == plugin)
                .map(|line| line.label)
                .expect("a line per model")
        };
        assert_eq!(
            label(&spec, NetworkPlugin::AzureCniOverlay),
            "Azure CNI Overlay: room for 232 nodes and their surge, limited by the pod CIDR (a /24 per node)"
        );
        spec.pod_cidr = "10.244.0.0/15".parse().expect("valid");
        assert_eq!(
            label(&spec, NetworkPlugin::Kubenet),
            "kubenet: room for 363 nodes and their surge, limited by the route table (400 routes, one per node)"
        );
    }
}
