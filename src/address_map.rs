//! The address map: a range drawn as a grid of cells, each cell counting its
//! addresses by use. Pure, tested natively. A /24 is one address per cell;
//! larger ranges group addresses so that no map has more than [`MAX_CELLS`].

use std::net::Ipv4Addr;

use aks_model::subnet::{address_at, offset_of, size_of};
use aks_model::{Owner, Plan, RangePlan};

pub const MAX_CELLS: u64 = 256;

/// What an address is used for, in the legend's order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Use {
    Reserved,
    Node,
    PodRunning,
    /// Held for pods but idle: CNI's pre-allocated block, a batch or block
    /// not yet used, the rest of a node's /24.
    PodIdle,
    Frontend,
    Service,
    /// Free today, but taken by the nodes the cluster autoscaler may add up
    /// to its max count (the addresses AKS's pre-check counts).
    Autoscaler,
    Free,
}

/// How many uses there are: a cell's counts, one per use.
const USES: usize = 8;

impl Use {
    pub const ALL: [Use; USES] = [
        Self::Reserved,
        Self::Node,
        Self::PodRunning,
        Self::PodIdle,
        Self::Frontend,
        Self::Service,
        Self::Autoscaler,
        Self::Free,
    ];

    fn index(self) -> usize {
        self as usize
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Reserved => "reserved",
            Self::Node => "node",
            Self::PodRunning => "pod",
            Self::PodIdle => "held for pods, idle",
            Self::Frontend => "load balancer",
            Self::Service => "Service",
            Self::Autoscaler => "free, for the autoscaler's max count",
            Self::Free => "free",
        }
    }

    /// The CSS modifier (`cell--{class}`), one per use.
    pub fn class(self) -> &'static str {
        match self {
            Self::Reserved => "reserved",
            Self::Node => "node",
            Self::PodRunning => "pod",
            Self::PodIdle => "idle",
            Self::Frontend => "frontend",
            Self::Service => "service",
            Self::Autoscaler => "autoscaler",
            Self::Free => "free",
        }
    }

    fn of(owner: &Owner) -> Use {
        match owner {
            Owner::AzureReserved(_) | Owner::ServiceRangeEdge => Self::Reserved,
            Owner::Node(_) => Self::Node,
            Owner::PreallocatedPodIps(_)
            | Owner::NodePodRange(_)
            | Owner::PodIpBatch { .. }
            | Owner::PodIpBlock { .. } => Self::PodIdle,
            Owner::KubernetesService | Owner::DnsService | Owner::ClusterIp(_) => Self::Service,
            Owner::LoadBalancerFrontend(_) | Owner::Egress => Self::Frontend,
        }
    }
}

/// One cell: `size` addresses from `first`, counted by use.
#[derive(Clone, Debug, PartialEq)]
pub struct Cell {
    pub first: Ipv4Addr,
    pub size: u64,
    pub counts: [u64; USES],
    /// The pool whose nodes hold most of its addresses (today's or the
    /// autoscaler's next), if any pool's do.
    pub pool: Option<u8>,
}

impl Cell {
    /// The use the cell is drawn with: its most telling one, so that a
    /// group of addresses with a few running pods shows as pods, not idle.
    pub fn shown_as(&self) -> Use {
        const SIGNIFICANCE: [Use; 7] = [
            Use::PodRunning,
            Use::Frontend,
            Use::Node,
            Use::Service,
            Use::PodIdle,
            Use::Reserved,
            Use::Autoscaler,
        ];
        SIGNIFICANCE
            .into_iter()
            .find(|u| self.counts[u.index()] > 0)
            .unwrap_or(Use::Free)
    }

    pub fn count(&self, use_: Use) -> u64 {
        self.counts[use_.index()]
    }
}

/// A range's map.
#[derive(Clone, Debug, PartialEq)]
pub struct AddressMap {
    pub cells: Vec<Cell>,
    pub totals: [u64; USES],
    pub usable: u64,
    /// The addresses each pool's nodes hold in the range (with the
    /// autoscaler's next), for the pools that hold any, by pool index.
    pub pools: Vec<(u8, u64)>,
}

impl AddressMap {
    pub fn total(&self, use_: Use) -> u64 {
        self.totals[use_.index()]
    }

    /// Addresses in use (not free, even for the autoscaler, and not
    /// reserved), as a share of usable.
    pub fn used_percent(&self) -> u64 {
        let used = self.totals.iter().sum::<u64>()
            - self.total(Use::Free)
            - self.total(Use::Autoscaler)
            - self.total(Use::Reserved);
        (used * 100).checked_div(self.usable).unwrap_or(0)
    }
}

/// A cell's side in the grid, in SVG units, and the gap between cells.
pub const CELL_SIDE: usize = 12;

impl AddressMap {
    /// Cells per row: the grid is as square as it can be.
    pub fn columns(&self) -> usize {
        let count = self.cells.len();
        (1..=count).find(|c| c * c >= count).unwrap_or(1)
    }

    /// The cell the arrow key `key` moves to from cell `from` (none yet: the
    /// first cell), or `None` for another key. Moves stop at the grid's edges.
    pub fn cell_after_key(&self, from: Option<usize>, key: &str) -> Option<usize> {
        let last = self.cells.len().checked_sub(1)?;
        let columns = self.columns();
        let Some(at) = from else {
            return matches!(
                key,
                "ArrowRight" | "ArrowLeft" | "ArrowUp" | "ArrowDown" | "Home" | "End"
            )
            .then_some(0);
        };
        match key {
            "ArrowRight" => Some((at + 1).min(last)),
            "ArrowLeft" => Some(at.saturating_sub(1)),
            "ArrowDown" => Some(if at + columns <= last {
                at + columns
            } else {
                at
            }),
            "ArrowUp" => Some(at.checked_sub(columns).unwrap_or(at)),
            "Home" => Some(0),
            "End" => Some(last),
            _ => None,
        }
    }

    /// The cell under grid coordinates (`x`, `y`), if any.
    pub fn cell_at(&self, x: f64, y: f64) -> Option<&Cell> {
        if x < 0.0 || y < 0.0 {
            return None;
        }
        let (column, row) = ((x as usize) / CELL_SIDE, (y as usize) / CELL_SIDE);
        let columns = self.columns();
        (column < columns)
            .then(|| self.cells.get(row * columns + column))
            .flatten()
    }

    /// With several pools in the range, one SVG path per pool outlining the
    /// cells it holds most of: each pool's share in its own shade.
    pub fn pool_paths(&self) -> Vec<(u8, String)> {
        if self.pools.len() < 2 {
            return Vec::new();
        }
        let columns = self.columns();
        let side = CELL_SIDE - 1;
        self.pools
            .iter()
            .map(|&(pool, _)| {
                let mut d = String::new();
                for (index, _) in self
                    .cells
                    .iter()
                    .enumerate()
                    .filter(|(_, cell)| cell.pool == Some(pool))
                {
                    let (x, y) = ((index % columns) * CELL_SIDE, (index / columns) * CELL_SIDE);
                    d.push_str(&format!("M{x} {y}h{side}v{side}h-{side}z"));
                }
                (pool, d)
            })
            .collect()
    }

    /// One SVG path per use shown, with how many cells it draws: a few
    /// elements per map instead of one per cell.
    pub fn paths(&self) -> Vec<(Use, usize, String)> {
        let columns = self.columns();
        let side = CELL_SIDE - 1;
        Use::ALL
            .into_iter()
            .filter_map(|use_| {
                let mut d = String::new();
                let mut count = 0;
                for (index, _) in self
                    .cells
                    .iter()
                    .enumerate()
                    .filter(|(_, cell)| cell.shown_as() == use_)
                {
                    let (x, y) = ((index % columns) * CELL_SIDE, (index / columns) * CELL_SIDE);
                    d.push_str(&format!("M{x} {y}h{side}v{side}h-{side}z"));
                    count += 1;
                }
                (count > 0).then_some((use_, count, d))
            })
            .collect()
    }
}

impl Cell {
    /// What the cell holds, in words, for the readout.
    pub fn describe(&self) -> String {
        if self.size == 1 {
            return format!("{}: {}", self.first, self.shown_as().label());
        }
        let detail = Use::ALL
            .iter()
            .filter(|u| self.count(**u) > 0)
            .map(|u| format!("{} {}", self.count(*u), u.label()))
            .collect::<Vec<_>>()
            .join(", ");
        format!("{} (+{}): {detail}", self.first, self.size - 1)
    }
}

/// The cells whose use changed from `before` to `after` (same range), with
/// the use each had and has: what the grid flashes in or fades out.
pub fn changed_cells(before: &AddressMap, after: &AddressMap) -> Vec<(usize, Use, Use)> {
    if before.cells.len() != after.cells.len() {
        return Vec::new();
    }
    before
        .cells
        .iter()
        .zip(&after.cells)
        .enumerate()
        .filter_map(|(index, (was, is))| {
            let (was, is) = (was.shown_as(), is.shown_as());
            (was != is).then_some((index, was, is))
        })
        .collect()
}

/// Counts every address of `range` by use.
pub fn address_map(plan: &Plan, range: &RangePlan) -> AddressMap {
    let size = size_of(range.cidr);
    let cell_count = size.min(MAX_CELLS);
    let cell_size = size / cell_count;
    let mut cells: Vec<Cell> = (0..cell_count)
        .map(|index| Cell {
            first: address_at(range.cidr, index * cell_size),
            size: cell_size,
            counts: [0; USES],
            pool: None,
        })
        .collect();
    // Each run counted by use in the cells it spans, and by the pool whose
    // node holds it (today's, or the autoscaler's next).
    let pool_count = plan.pools.len().max(1);
    let mut by_pool = vec![0u64; cells.len() * pool_count];
    let mut add = |offset: u64, len: u64, use_: Use, pool: Option<u8>| {
        let mut at = offset;
        let end = offset + len;
        while at < end {
            let cell = (at / cell_size) as usize;
            let cell_end = (cell as u64 + 1) * cell_size;
            let run = end.min(cell_end) - at;
            if let Some(cell) = cells.get_mut(cell) {
                cell.counts[use_.index()] += run;
            }
            let held = pool.and_then(|pool| by_pool.get_mut(cell * pool_count + usize::from(pool)));
            if let Some(held) = held {
                *held += run;
            }
            at += run;
        }
    };
    for allocation in &range.allocations {
        if let Some(offset) = offset_of(range.cidr, allocation.first) {
            let pool = allocation.owner.node().map(|node| node.pool());
            add(offset, allocation.len, Use::of(&allocation.owner), pool);
        }
    }
    // What the autoscaler's next nodes would take, free today.
    for node in plan
        .autoscaler_headroom
        .iter()
        .filter(|node| node.is_ready())
    {
        for (first, len) in node.address_runs() {
            if let Some(offset) = offset_of(range.cidr, first) {
                add(offset, len, Use::Autoscaler, Some(node.id.pool()));
            }
        }
    }
    let mut pools = vec![0u64; pool_count];
    for (cell, counts) in cells.iter_mut().zip(by_pool.chunks(pool_count)) {
        let most = (0u8..).zip(counts).max_by_key(|(_, count)| **count);
        cell.pool = most.filter(|(_, count)| **count > 0).map(|(pool, _)| pool);
        for (total, count) in pools.iter_mut().zip(counts) {
            *total += count;
        }
    }
    // Running pods and kubenet bridges turn "held" addresses into used ones.
    let mut moved = Vec::new();
    for pod in plan.running_pods() {
        moved.extend(pod.ip.map(|ip| (ip, Use::PodRunning)));
    }
    for bridge in plan.nodes.iter().filter_map(|node| node.bridge_ip) {
        moved.push((bridge, Use::Node));
    }
    for (ip, to) in moved {
        let Some(offset) = offset_of(range.cidr, ip) else {
            continue;
        };
        if let Some(cell) = cells.get_mut((offset / cell_size) as usize) {
            if cell.counts[Use::PodIdle.index()] > 0 {
                cell.counts[Use::PodIdle.index()] -= 1;
                cell.counts[to.index()] += 1;
            }
        }
    }
    let mut totals = [0u64; USES];
    for cell in &mut cells {
        let held: u64 = cell.counts.iter().sum();
        cell.counts[Use::Free.index()] = cell.size.saturating_sub(held);
        for (total, count) in totals.iter_mut().zip(cell.counts) {
            *total += count;
        }
    }
    AddressMap {
        cells,
        totals,
        usable: range.usable,
        pools: (0u8..).zip(pools).filter(|(_, held)| *held > 0).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// aks-facts §3.1 and §3.2: with the autoscaler at 3 to 8 Azure CNI
    /// nodes, the 5 nodes it may add would take 5 × 31 of the /24's free
    /// addresses; the map shows them apart, and counts them as free.
    #[test]
    fn the_autoscalers_max_count_is_shown_apart_and_counted_free() {
        let map = map_of(NetworkPlugin::AzureCni, RangeName::NodeSubnet, |spec| {
            spec.max_count = Some(8);
        });
        assert_eq!(map.total(Use::Autoscaler), 5 * 31);
        assert_eq!(
            map.total(Use::Node) + map.total(Use::PodIdle) + map.total(Use::PodRunning),
            3 * 31
        );
        assert_eq!(map.used_percent(), 93 * 100 / 251);
        assert_eq!(
            map.cells[97].describe(),
            "10.10.1.97: free, for the autoscaler's max count"
        );
    }

    /// Geometry of the drawing: a square grid, a path per use covering each
    /// cell once, and the cell under a point.
    #[test]
    fn paths_draw_every_cell_once_and_points_find_their_cell() {
        let map = map_of(NetworkPlugin::AzureCni, RangeName::NodeSubnet, |spec| {
            spec.node_count = 8;
            spec.deployments[0].replicas = 40;
        });
        assert_eq!(map.columns(), 16);
        let paths = map.paths();
        assert_eq!(paths.iter().map(|(_, count, _)| count).sum::<usize>(), 256);
        let (_, reserved, d) = paths
            .iter()
            .find(|(u, ..)| *u == Use::Reserved)
            .expect("reserved");
        assert_eq!(*reserved, 5);
        assert!(d.starts_with("M0 0h11v11h-11z"), "{d}");
        assert_eq!(
            map.cell_at(1.0, 1.0).map(Cell::describe).as_deref(),
            Some("10.10.1.0: reserved")
        );
        assert_eq!(
            map.cell_at(13.0, 0.5)
                .map(|c| c.first.to_string())
                .as_deref(),
            Some("10.10.1.1")
        );
        assert!(map.cell_at(16.0 * 12.0 + 1.0, 0.0).is_none());
        // The keyboard walks the same 16 × 16 grid, and stops at its edges.
        assert_eq!(map.cell_after_key(None, "ArrowDown"), Some(0));
        assert_eq!(map.cell_after_key(None, "a"), None);
        assert_eq!(map.cell_after_key(Some(0), "ArrowDown"), Some(16));
        assert_eq!(map.cell_after_key(Some(16), "ArrowUp"), Some(0));
        assert_eq!(map.cell_after_key(Some(0), "ArrowUp"), Some(0));
        assert_eq!(map.cell_after_key(Some(0), "ArrowLeft"), Some(0));
        assert_eq!(map.cell_after_key(Some(250), "ArrowDown"), Some(250));
        assert_eq!(map.cell_after_key(Some(3), "End"), Some(255));
        assert_eq!(map.cell_after_key(Some(255), "ArrowRight"), Some(255));
    }

    /// A ninth node's 31 addresses are what changes (aks-facts §1.2).
    #[test]
    fn a_change_names_the_cells_it_changes() {
        let before = map_of(NetworkPlugin::AzureCni, RangeName::NodeSubnet, |spec| {
            spec.node_count = 7
        });
        let after = map_of(NetworkPlugin::AzureCni, RangeName::NodeSubnet, |spec| {
            spec.node_count = 8
        });
        let changed = changed_cells(&before, &after);
        assert_eq!(changed.len(), 31);
        assert!(changed.iter().all(|(_, was, _)| *was == Use::Free));
        assert!(changed_cells(&after, &after).is_empty());
    }
    use aks_model::{ClusterSpec, NetworkPlugin, RangeName};

    fn map_of(
        plugin: NetworkPlugin,
        range: RangeName,
        change: impl Fn(&mut ClusterSpec),
    ) -> AddressMap {
        let mut spec = ClusterSpec::defaults_for(plugin);
        spec.vnet = "10.10.0.0/16".parse().expect("valid");
        spec.node_subnet = "10.10.1.0/24".parse().expect("valid");
        change(&mut spec);
        let plan = Plan::build(&spec).expect("valid");
        address_map(&plan, plan.range(&range).expect("planned"))
    }

    /// aks-facts §3.1 and §1.2: a /24 is 251 usable after 5 reserved; with
    /// Azure CNI each node holds 1 + 30 addresses, its pods using some.
    #[test]
    fn a_slash_24_with_azure_cni_counts_every_address() {
        let map = map_of(NetworkPlugin::AzureCni, RangeName::NodeSubnet, |_| {});
        assert_eq!(map.cells.len(), 256);
        assert_eq!(map.total(Use::Reserved), 5);
        assert_eq!(map.total(Use::Node), 3);
        assert_eq!(map.total(Use::PodRunning), 3);
        assert_eq!(map.total(Use::PodIdle), 3 * 30 - 3);
        // The default public LoadBalancer's frontend is not in the VNet.
        assert_eq!(map.total(Use::Frontend), 0);
        assert_eq!(map.totals.iter().sum::<u64>(), 256);
        assert_eq!(map.cells[4].shown_as(), Use::Node);
        assert_eq!(map.cells[5].shown_as(), Use::PodRunning);
        assert_eq!(map.cells[255].shown_as(), Use::Reserved);
        assert_eq!(map.used_percent(), 93 * 100 / 251);
    }

    /// A /16 pod CIDR is drawn one cell per /24: each kubenet node's range,
    /// its bridge (.1) and its pods (aks-facts §1.1).
    #[test]
    fn a_pod_cidr_is_drawn_per_slash_24() {
        let map = map_of(NetworkPlugin::Kubenet, RangeName::PodCidr, |_| {});
        assert_eq!(map.cells.len(), 256);
        assert_eq!(map.cells[0].size, 256);
        assert_eq!(map.cells[0].count(Use::Node), 1);
        assert_eq!(map.cells[0].count(Use::PodRunning), 1);
        assert_eq!(map.cells[0].count(Use::PodIdle), 254);
        // A node's /24 with a running pod shows as pods, not as idle.
        assert_eq!(map.cells[0].shown_as(), Use::PodRunning);
        assert_eq!(map.cells[3].shown_as(), Use::Free);
    }
}
