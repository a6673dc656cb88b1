//! The address plan's words: the capacity figures, what fails (AKS's
//! message, what it means, the documented fix), the warnings, the lab's
//! modelling notes, and each range's address map with its caption.

use aks_model::limits::{Grouped, AZURE_RESERVED_PER_SUBNET, VNET_SHORTEST_PREFIX};
use aks_model::{Plan, RangeName, RangePlan};

use super::chart::ChartView;
use crate::address_map::{address_map, changed_cells, AddressMap, Use, CELL_SIDE};
use crate::layout::Point;
use crate::lessons::Giveaway;
use crate::shared::Shared;

/// The test ids of the figures a lesson asks for.
const NEEDED_FIGURE: &str = "ips-required";
const MAX_NODES_FIGURE: &str = "max-nodes";

/// The test id of the figure that shows what a lesson asks (`giveaway`),
/// concealed until the answer is revealed.
pub fn concealed_figure(giveaway: Option<Giveaway>) -> Option<&'static str> {
    match giveaway? {
        Giveaway::NodeSubnetNeeded => Some(NEEDED_FIGURE),
        Giveaway::LargestNodeCount => Some(MAX_NODES_FIGURE),
        Giveaway::VnetAddresses | Giveaway::PacketPath => None,
    }
}

/// One figure: its test id, what it is, its value and how it is counted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Figure {
    pub test_id: &'static str,
    pub label: String,
    pub value: String,
    pub note: String,
}

/// A failure, in AKS's words and ours.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FailureView {
    pub message: String,
    pub explanation: String,
    pub fix: String,
}

/// One range's address map, its caption, and how to draw it: one path per
/// use (a few elements, not one per cell), and the cells that changed since
/// the map before, each with the use it had.
#[derive(Clone, Debug)]
pub struct MapView {
    /// The range's CIDR, which names it.
    pub key: String,
    pub caption: String,
    pub map: AddressMap,
    pub columns: usize,
    pub rows: usize,
    /// (the use, how many cells, the path's `d`), one per use shown.
    pub paths: Vec<(Use, usize, String)>,
    /// (the cell's top-left corner, the use it had), for each changed cell.
    pub changed: Vec<(Point, Use)>,
    /// With several pools in the range: each pool's index, its name and
    /// addresses in words, and the outline of the cells it holds most of.
    pub pools: Vec<(u8, String, String)>,
    /// Counts the maps of this range, so that a change's cells are new
    /// elements (and fade again) each time.
    pub generation: u32,
}

impl MapView {
    /// `range`'s `map`, as it changed since `before` (the map of the same
    /// range in the previous plan, if any).
    fn of(
        range: &RangePlan,
        map: AddressMap,
        pools: Vec<(u8, String, String)>,
        before: Option<&MapView>,
    ) -> Self {
        let columns = map.columns();
        let per_cell = map.cells.first().map_or(1, |cell| cell.size);
        let corner = |index: usize| {
            let (x, y) = ((index % columns) * CELL_SIDE, (index / columns) * CELL_SIDE);
            (x as i32, y as i32)
        };
        let changed = before
            .map(|before| changed_cells(&before.map, &map))
            .unwrap_or_default()
            .into_iter()
            .map(|(index, was, _)| (corner(index), was))
            .collect();
        MapView {
            key: range.cidr.to_string(),
            caption: format!(
                "{} {} — {}% of {} usable in use{}{}",
                range_title(&range.name),
                range.cidr,
                map.used_percent(),
                map.usable,
                match map.total(Use::Autoscaler) {
                    0 => String::new(),
                    free => format!(", {} more at the autoscaler's max count", Grouped(free)),
                },
                if per_cell > 1 {
                    format!(" · {per_cell} addresses per cell")
                } else {
                    String::new()
                }
            ),
            paths: map.paths(),
            rows: map.cells.len().div_ceil(columns),
            columns,
            changed,
            pools,
            generation: before.map_or(0, |before| before.generation + 1),
            map,
        }
    }
}

/// Everything the address plan panel shows, for one plan.
#[derive(Clone, Debug)]
pub struct FiguresView {
    pub figures: Vec<Figure>,
    pub failures: Vec<FailureView>,
    pub warnings: Vec<String>,
    pub notes: Vec<String>,
    /// The addresses each model would take as the cluster grows.
    pub chart: ChartView,
    /// Each map is shared, and kept from the previous view while its range
    /// does not change: only a grid whose map changed is drawn again.
    pub maps: Vec<Shared<MapView>>,
}

impl FiguresView {
    /// The figures of `plan`; the maps that did not change since `previous`
    /// are kept, the others say which of their cells changed.
    pub fn of(plan: &Plan, previous: Option<&FiguresView>) -> Self {
        let capacity = &plan.capacity;
        let requirement = plan.requirement();
        let required = requirement.map_or(0, |r| r.node_subnet_addresses);
        let prefix = requirement
            .and_then(|r| r.node_subnet_prefix)
            .map_or(format!("larger than a /{VNET_SHORTEST_PREFIX}"), |p| {
                format!("/{p}")
            });
        let figure = |test_id, label: &str, value: u64, note: String| Figure {
            test_id,
            label: label.to_string(),
            value: value.to_string(),
            note,
        };
        let pooled = plan.pools.len() > 1;
        // With user pools, the system pool's count and each user pool's.
        let pool_figures = plan.pools.iter().skip(1).map(|pool| Figure {
            test_id: "pool-max-nodes",
            label: format!("Largest node count of {}", pool.name),
            value: pool.capacity.max_nodes.to_string(),
            note: format!(
                "in what the other pools leave; limited by {}, keeping room for its {} surge node(s)",
                pool.capacity.limited_by.limit(),
                pool.max_surge.nodes_for(pool.capacity.max_nodes)
            ),
        });
        let workers = if pooled {
            "nodes of the user pools"
        } else {
            "nodes"
        };
        let mut figures = vec![
            figure(
                "subnet-usable",
                "Node subnet, usable",
                capacity.node_subnet_usable,
                format!("size − {AZURE_RESERVED_PER_SUBNET} reserved by Azure"),
            ),
            figure(
                NEEDED_FIGURE,
                "Node subnet, needed",
                required,
                if pooled {
                    format!(
                            "for {} pools, each at its node count (its max count with the autoscaler), and the largest \
                             pool's surge once: pools upgrade one after the other; smallest fit {prefix}",
                            plan.pools.len()
                        )
                } else {
                    format!(
                        "{}with {} surge node(s) ({}); smallest fit {prefix}",
                        // AKS plans for the autoscaler's max count (aks-facts §3.2).
                        match plan.autoscaler() {
                            Some(_) => format!(
                                "for the autoscaler's max count, {} nodes, ",
                                capacity.planned_nodes
                            ),
                            None => String::new(),
                        },
                        capacity.planned_surge,
                        capacity.max_surge.explained_for(capacity.planned_nodes)
                    )
                },
            ),
            figure(
                MAX_NODES_FIGURE,
                if pooled {
                    "Largest node count of nodepool1"
                } else {
                    "Largest node count"
                },
                u64::from(capacity.max_nodes),
                format!(
                    "limited by {}, keeping room for its {} surge node(s)",
                    capacity.limited_by.limit(),
                    capacity.surge_at_max
                ),
            ),
            figure(
                "max-pod-count",
                "Largest pod count",
                capacity.max_pod_count,
                if pooled {
                    format!(
                            "the user pools at their largest, each node at its pool's max pods, limited by {}",
                            capacity.pods_limited_by
                        )
                } else {
                    format!(
                        "{} nodes × {} max pods, limited by {}; {} keeping room for the surge",
                        Grouped(u64::from(capacity.nodes_that_fit)),
                        plan.max_pods(),
                        capacity.pods_limited_by,
                        Grouped(
                            (u64::from(capacity.max_nodes) * u64::from(plan.max_pods()))
                                .min(capacity.max_pod_count)
                        )
                    )
                },
            ),
            figure(
                "pod-capacity",
                "Pod capacity",
                capacity.pod_capacity,
                format!(
                    "{} Ready {workers} × {}",
                    plan.ready_nodes()
                        .filter(|node| plan
                            .pool(node.id.pool())
                            .is_some_and(|pool| pool.runs_workloads))
                        .count(),
                    if pooled {
                        "their pool's max pods".to_string()
                    } else {
                        format!("{} max pods", plan.max_pods())
                    }
                ),
            ),
            figure(
                "pods-pending",
                "Pods Pending",
                capacity.pods_pending,
                format!(
                    "{} Running, {} without an address",
                    capacity.pods_running, capacity.pods_without_address
                ),
            ),
        ];
        // Each user pool's largest count, after the system pool's.
        figures.splice(3..3, pool_figures);
        Self {
            figures,
            failures: plan
                .failures
                .iter()
                .enumerate()
                .map(|(index, failure)| {
                    // With several pools, whose upgrade it stops.
                    let pool = plan
                        .failure_pool(index)
                        .filter(|_| pooled)
                        .and_then(|pool| plan.pool(pool))
                        .map_or(String::new(), |pool| {
                            format!("Upgrading pool {}: ", pool.name)
                        });
                    FailureView {
                        message: failure.to_string(),
                        explanation: format!("{pool}{}", failure.explanation()),
                        fix: format!("Fix: {}", failure.fix()),
                    }
                })
                .collect(),
            warnings: plan.warnings.iter().map(ToString::to_string).collect(),
            notes: plan.modelling_notes(),
            chart: ChartView::of(plan, &[plan.plugin]),
            maps: plan
                .cluster_ranges()
                .map(|range| {
                    let key = range.cidr.to_string();
                    let before =
                        previous.and_then(|figures| figures.maps.iter().find(|map| map.key == key));
                    // A map that did not change is kept, and drawn no more.
                    let map = address_map(plan, range);
                    let pools = pool_shares(plan, &map);
                    match before {
                        Some(kept) if kept.map == map && kept.pools == pools => kept.clone(),
                        _ => Shared::new(MapView::of(range, map, pools, before.map(|map| &**map))),
                    }
                })
                .collect(),
        }
    }
}

/// Each pool's share of a range several pools hold: its index, its name
/// and addresses in words, and its cells' outline.
fn pool_shares(plan: &Plan, map: &AddressMap) -> Vec<(u8, String, String)> {
    map.pool_paths()
        .into_iter()
        .filter_map(|(pool, path)| {
            let name = &plan.pool(pool)?.name;
            let held = map.pools.iter().find(|(of, _)| *of == pool)?.1;
            Some((pool, format!("{name}: {} addresses", Grouped(held)), path))
        })
        .collect()
}

/// A range's name as a title.
fn range_title(name: &RangeName) -> String {
    match name {
        RangeName::NodeSubnet => "Node subnet".into(),
        RangeName::PodSubnet => "Pod subnet".into(),
        RangeName::PodCidr => "Pod CIDR".into(),
        RangeName::ServiceCidr => "Service CIDR".into(),
        RangeName::Subnet(subnet) => format!("Subnet {subnet}"),
        RangeName::PoolNodeSubnet(pool) => format!("Node subnet of {pool}"),
        RangeName::PoolPodSubnet(pool) => format!("Pod subnet of {pool}"),
        RangeName::Vnet => "VNet".into(),
        RangeName::Public => "Public addresses".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aks_model::{ClusterSpec, NetworkPlugin};

    /// aks-facts §3.1 and §6.1: a /24 has 251 usable addresses; 8 Azure CNI
    /// nodes × 31 fit (248), and the surge node's 31 more do not.
    #[test]
    fn a_full_slash_24_shows_its_figures_failure_and_maps() {
        let mut spec = ClusterSpec::defaults_for(NetworkPlugin::AzureCni);
        spec.vnet = "10.10.0.0/16".parse().expect("valid");
        spec.node_subnet = "10.10.1.0/24".parse().expect("valid");
        spec.node_count = 8;
        let view = FiguresView::of(&Plan::build(&spec).expect("valid"), None);
        let value = |id: &str| {
            view.figures
                .iter()
                .find(|f| f.test_id == id)
                .map(|f| f.value.clone())
        };
        assert_eq!(value("subnet-usable").as_deref(), Some("251"));
        assert_eq!(value("ips-required").as_deref(), Some("279"));
        assert!(view.failures[0]
            .message
            .starts_with("InsufficientSubnetSize"));
        assert!(view.failures[0].fix.starts_with("Fix: "));
        // The cluster's ranges, not the lab's public addresses.
        let captions: Vec<&str> = view.maps.iter().map(|m| m.caption.as_str()).collect();
        assert!(
            captions[0].starts_with("Node subnet 10.10.1.0/24 — 98% of 251 usable"),
            "{captions:?}"
        );
        assert!(captions.iter().all(|c| !c.starts_with("Public")));
    }

    /// aks-facts §1.2: a ninth Azure CNI node takes 31 more addresses of the
    /// node subnet; its map marks those cells as changed (they were free),
    /// and the maps of the ranges that did not change are kept as they were.
    #[test]
    fn a_change_marks_its_cells_and_keeps_the_other_maps() {
        let mut spec = ClusterSpec::defaults_for(NetworkPlugin::AzureCni);
        spec.vnet = "10.10.0.0/16".parse().expect("valid");
        spec.node_subnet = "10.10.1.0/24".parse().expect("valid");
        spec.node_count = 7;
        let before = Plan::build(&spec).expect("valid");
        let first = FiguresView::of(&before, None);
        assert!(first.maps.iter().all(|map| map.changed.is_empty()));
        spec.node_count = 8;
        let after = FiguresView::of(&Plan::evolve(&before, &spec).expect("valid"), Some(&first));
        let node_subnet = &after.maps[0];
        assert_eq!(node_subnet.changed.len(), 31);
        assert!(node_subnet.changed.iter().all(|(_, was)| *was == Use::Free));
        assert_eq!(node_subnet.generation, 1);
        let service_cidr = after.maps.last().expect("the service CIDR's map");
        assert!(first.maps.iter().any(|map| map == service_cidr), "kept");
        assert_eq!(
            node_subnet
                .paths
                .iter()
                .map(|(_, count, _)| count)
                .sum::<usize>(),
            256
        );
    }

    /// With the autoscaler on, the needed figure is the planning formula for
    /// its max count and that count's surge (aks-facts §3.2): (9 + 1) × 31 =
    /// 310, Azure/AKS #456's figure, though 3 nodes run today.
    #[test]
    fn the_needed_figure_counts_the_autoscalers_max_count() {
        let mut spec = ClusterSpec::defaults_for(NetworkPlugin::AzureCni);
        spec.vnet = "10.10.0.0/16".parse().expect("valid");
        spec.node_subnet = "10.10.1.0/24".parse().expect("valid");
        spec.max_count = Some(9);
        let view = FiguresView::of(&Plan::build(&spec).expect("valid"), None);
        let needed = view
            .figures
            .iter()
            .find(|figure| figure.test_id == NEEDED_FIGURE)
            .expect("the needed figure");
        assert_eq!(needed.value, "310");
        assert!(needed.note.starts_with(
            "for the autoscaler's max count, 9 nodes, with 1 surge node(s) (10% of 9, rounded up)"
        ));
    }
}
