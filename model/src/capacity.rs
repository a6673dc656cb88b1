//! The documented planning formulas: how many addresses a cluster needs in
//! each range, per model, and the smallest range that holds them. The
//! allocator in [`crate::plan`] must agree with these; the tests check it.
//! Also the capacity figures of a plan: the largest node count its ranges
//! and limits allow, and what stops it.

use std::fmt;

use ipnet::Ipv4Net;

use crate::limits::{
    Grouped, NODE_COUNT_RANGE, NODE_POD_RANGE_PREFIX, NODE_POD_RANGE_SIZE, POD_IP_BATCH,
    POD_IP_BATCH_LOW_WATER, ROUTE_TABLE_LIMIT, SMALLEST_SUBNET_PREFIX, STATIC_BLOCK_PREFIX,
    STATIC_BLOCK_SIZE, VNET_POD_IP_LIMIT, VNET_SHORTEST_PREFIX,
};
use crate::plugin::{NetworkPlugin, PodIpAllocation};
use crate::spec::{ClusterSpec, MaxSurge, PoolSettings};
use crate::subnet::{size_of, smallest_prefix_for, smallest_subnet_prefix_for, usable_in_subnet};

/// Node-subnet addresses one node takes: its own, plus (Azure CNI Node
/// Subnet) the maxPods addresses pre-allocated for its pods.
/// Source: aks-facts §1.2 ("each node uses maxPods + 1 subnet IPs").
pub fn node_subnet_addresses_per_node(plugin: NetworkPlugin, max_pods: u32) -> u64 {
    match plugin {
        NetworkPlugin::AzureCni => 1 + u64::from(max_pods),
        _ => 1,
    }
}

/// Pod Subnet addresses a node holds while it runs `pods` pods (dynamic):
/// 16 at start, then 16 more whenever fewer than 8 are free, i.e.
/// 16 × ⌈(pods + 8) / 16⌉. Source: aks-facts §1.4.
///
/// ```
/// # use aks_model::capacity::dynamic_pod_addresses_for;
/// assert_eq!(dynamic_pod_addresses_for(0), 16);
/// assert_eq!(dynamic_pod_addresses_for(8), 16);  // 8 still free: no new batch
/// assert_eq!(dynamic_pod_addresses_for(9), 32);  // 7 free: one more batch
/// ```
pub fn dynamic_pod_addresses_for(pods: u64) -> u64 {
    POD_IP_BATCH * (pods + POD_IP_BATCH_LOW_WATER).div_ceil(POD_IP_BATCH)
}

/// /28 blocks a node holds in static-block mode: ⌈(maxPods + 1) / 16⌉, one
/// address being kept for the node. Source: aks-facts §1.4 [derived] (fits
/// the documented max_pods = 16 × N − 1).
pub fn static_blocks_per_node(max_pods: u32) -> u64 {
    (u64::from(max_pods) + 1).div_ceil(STATIC_BLOCK_SIZE)
}

/// /28 blocks of a pod subnet that Azure can hand out whole: all but the
/// first and the last, which hold reserved addresses [derived from aks-facts §3.1].
pub fn static_blocks_in_subnet(subnet_size: u64) -> u64 {
    (subnet_size / STATIC_BLOCK_SIZE).saturating_sub(2)
}

/// Whole /24s in a pod CIDR of this prefix (0 if it is smaller than a /24).
pub fn node_pod_ranges_in(prefix: u8) -> u64 {
    if prefix <= NODE_POD_RANGE_PREFIX {
        1u64 << (NODE_POD_RANGE_PREFIX - prefix)
    } else {
        0
    }
}

/// The node counts `plugin` allows besides its node and pod subnets: the
/// pod CIDR's /24s (kubenet, Overlay; aks-facts §1.1, §1.3), kubenet's
/// routes (§6.3), and last a pool's nodes (§1.9), so that a range wins a tie.
pub fn model_node_limits(plugin: NetworkPlugin, pod_cidr: Ipv4Net) -> Vec<(u64, NodeShortage)> {
    let mut limits = Vec::new();
    if plugin.uses_pod_cidr() {
        limits.push((
            node_pod_ranges_in(pod_cidr.prefix_len()),
            NodeShortage::PodCidr,
        ));
    }
    if plugin == NetworkPlugin::Kubenet {
        limits.push((u64::from(ROUTE_TABLE_LIMIT), NodeShortage::RouteTable));
    }
    limits.push((u64::from(*NODE_COUNT_RANGE.end()), NodeShortage::NodePool));
    limits
}

/// What a cluster needs from its ranges, for one model.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Requirement {
    pub plugin: NetworkPlugin,
    /// Node-subnet addresses for nodes + surge (+ internal load balancer
    /// frontends in that subnet).
    pub node_subnet_addresses: u64,
    /// The smallest node subnet prefix that holds them.
    pub node_subnet_prefix: Option<u8>,
    /// Pod-range addresses (pod CIDR or pod subnet) for nodes + surge, if the
    /// model has a separate pod range.
    pub pod_range_addresses: Option<u64>,
    pub pod_range_prefix: Option<u8>,
}

/// The cluster sizes a requirement is computed from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sizing {
    pub nodes: u32,
    pub max_surge: u32,
    pub max_pods: u32,
    /// Pods the workloads ask for, in all.
    pub replicas: u64,
    /// Internal load balancer frontends that take node-subnet addresses.
    pub frontends_in_node_subnet: u64,
    pub pod_ip_allocation: PodIpAllocation,
}

impl Sizing {
    fn nodes_with_surge(&self) -> u64 {
        u64::from(self.nodes) + u64::from(self.max_surge)
    }

    /// Pods per node when the replicas are spread evenly and capped at max pods.
    fn pods_per_busiest_node(&self) -> u64 {
        let nodes = u64::from(self.nodes.max(1));
        self.replicas.div_ceil(nodes).min(u64::from(self.max_pods))
    }
}

/// The planner's answer for `plugin`: addresses needed including the upgrade
/// surge, and the smallest range that holds them.
///
/// Source: aks-facts §3.2. Node Subnet: (nodes + surge) + (nodes + surge) ×
/// maxPods; kubenet and Overlay: nodes + surge in the node subnet, one /24 per
/// node (and surge node) in the pod CIDR; Pod Subnet: nodes + surge in the
/// node subnet, batches of 16 per node (dynamic) or its /28 blocks (static)
/// in the pod subnet.
pub fn requirement(plugin: NetworkPlugin, sizing: &Sizing) -> Requirement {
    let nodes = sizing.nodes_with_surge();
    let node_subnet_addresses = nodes * node_subnet_addresses_per_node(plugin, sizing.max_pods)
        + sizing.frontends_in_node_subnet;
    let pod_range_addresses = match plugin {
        NetworkPlugin::Kubenet | NetworkPlugin::AzureCniOverlay => {
            Some(nodes * NODE_POD_RANGE_SIZE)
        }
        NetworkPlugin::AzureCniPodSubnet => Some(match sizing.pod_ip_allocation {
            PodIpAllocation::Dynamic => {
                let running = u64::from(sizing.nodes)
                    * dynamic_pod_addresses_for(sizing.pods_per_busiest_node());
                running + u64::from(sizing.max_surge) * dynamic_pod_addresses_for(0)
            }
            PodIpAllocation::StaticBlock => {
                nodes * static_blocks_per_node(sizing.max_pods) * STATIC_BLOCK_SIZE
            }
        }),
        NetworkPlugin::AzureCni => None,
    };
    sized(
        plugin,
        sizing.pod_ip_allocation,
        node_subnet_addresses,
        pod_range_addresses,
    )
}

/// A requirement of these addresses, with the smallest ranges that hold them.
fn sized(
    plugin: NetworkPlugin,
    pod_ip_allocation: PodIpAllocation,
    node_subnet_addresses: u64,
    pod_range_addresses: Option<u64>,
) -> Requirement {
    let pod_range_prefix = pod_range_addresses.and_then(|addresses| match plugin {
        NetworkPlugin::Kubenet | NetworkPlugin::AzureCniOverlay => {
            smallest_prefix_for(addresses, NODE_POD_RANGE_PREFIX)
        }
        _ if pod_ip_allocation == PodIpAllocation::StaticBlock => {
            let blocks = addresses / STATIC_BLOCK_SIZE;
            (VNET_SHORTEST_PREFIX..=SMALLEST_SUBNET_PREFIX)
                .rev()
                .find(|&prefix| static_blocks_in_subnet(1u64 << (32 - prefix)) >= blocks)
        }
        _ => smallest_subnet_prefix_for(addresses),
    });
    Requirement {
        plugin,
        node_subnet_addresses,
        node_subnet_prefix: smallest_subnet_prefix_for(node_subnet_addresses),
        pod_range_addresses,
        pod_range_prefix,
    }
}

/// The requirement of several pools together: each pool's addresses
/// without its surge, plus the largest surge's, since pools upgrade one
/// after the other and each pool's surge nodes are gone before the next
/// pool's join (learn: aks/upgrade-cluster). One pool's is [`requirement`].
pub fn pools_requirement(plugin: NetworkPlugin, pools: &[Sizing]) -> Requirement {
    let without_surge = |sizing: &Sizing| {
        requirement(
            plugin,
            &Sizing {
                max_surge: 0,
                ..*sizing
            },
        )
    };
    let (mut node_subnet, mut pod_range) = (0, None::<u64>);
    let (mut node_surge, mut pod_surge) = (0, 0);
    for sizing in pools {
        let (with, without) = (requirement(plugin, sizing), without_surge(sizing));
        node_subnet += without.node_subnet_addresses;
        node_surge = node_surge.max(with.node_subnet_addresses - without.node_subnet_addresses);
        if let (Some(with), Some(without)) = (with.pod_range_addresses, without.pod_range_addresses)
        {
            pod_range = Some(pod_range.unwrap_or(0) + without);
            pod_surge = pod_surge.max(with - without);
        }
    }
    let pod_ip_allocation = pools.first().map_or(PodIpAllocation::default(), |sizing| {
        sizing.pod_ip_allocation
    });
    sized(
        plugin,
        pod_ip_allocation,
        node_subnet + node_surge,
        pod_range.map(|addresses| addresses + pod_surge),
    )
}

/// VNet addresses `plugin` takes for a pool sized as `sizing` (its surge
/// included): the node subnet's, plus the pod subnet's under Pod Subnet. A
/// pod CIDR takes none (it is not in the VNet). The curve behind "kubenet
/// against Azure CNI". Source: aks-facts §3.2.
///
/// ```
/// # use aks_model::capacity::{vnet_addresses_for, Sizing};
/// # use aks_model::{NetworkPlugin, PodIpAllocation};
/// let eight = Sizing { nodes: 8, max_surge: 1, max_pods: 30, replicas: 0,
///     frontends_in_node_subnet: 0, pod_ip_allocation: PodIpAllocation::Dynamic };
/// assert_eq!(vnet_addresses_for(NetworkPlugin::Kubenet, &eight), 9);
/// assert_eq!(vnet_addresses_for(NetworkPlugin::AzureCni, &eight), 9 * 31);
/// ```
pub fn vnet_addresses_for(plugin: NetworkPlugin, sizing: &Sizing) -> u64 {
    let needed = requirement(plugin, sizing);
    let pod_subnet = needed
        .pod_range_addresses
        .filter(|_| plugin.uses_pod_subnet())
        .unwrap_or(0);
    needed.node_subnet_addresses + pod_subnet
}

/// Which limit stops a node from being added.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeShortage {
    /// A node pool holds at most [`NODE_COUNT_RANGE`]'s end. Only ever a
    /// capacity limit: validation keeps the node count within it.
    NodePool,
    RouteTable,
    PodCidr,
    PodSubnet,
    NodeSubnet,
}

impl NodeShortage {
    /// A few words for a node card: which range or limit is full.
    pub fn short(&self) -> &'static str {
        match self {
            Self::NodePool => "node pool full",
            Self::RouteTable => "route table full",
            Self::PodCidr => "pod CIDR full",
            Self::PodSubnet => "pod subnet full",
            Self::NodeSubnet => "node subnet full",
        }
    }

    /// The limit itself, as in "limited by …".
    pub fn limit(&self) -> String {
        match self {
            Self::NodePool => format!(
                "the node pool ({} nodes at most)",
                Grouped(u64::from(*NODE_COUNT_RANGE.end()))
            ),
            Self::RouteTable => {
                format!("the route table ({ROUTE_TABLE_LIMIT} routes, one per node)")
            }
            Self::PodCidr => format!("the pod CIDR (a /{NODE_POD_RANGE_PREFIX} per node)"),
            Self::PodSubnet => "the pod subnet".into(),
            Self::NodeSubnet => "the node subnet".into(),
        }
    }
}

impl fmt::Display for NodeShortage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NodePool => write!(
                f,
                "the node pool is at its {} nodes",
                Grouped(u64::from(*NODE_COUNT_RANGE.end()))
            ),
            Self::RouteTable => f.write_str("no route left in the route table"),
            Self::PodCidr => write!(f, "no /{NODE_POD_RANGE_PREFIX} left in the pod CIDR"),
            Self::PodSubnet => write!(f, "no /{STATIC_BLOCK_PREFIX} block left in the pod subnet"),
            Self::NodeSubnet => f.write_str("no address left in the node subnet"),
        }
    }
}

/// What sets the largest pod count.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PodShortage {
    /// The largest node count, each node at max pods.
    Nodes(NodeShortage),
    /// Dynamic Pod Subnet: the batches of 16 the pod subnet holds.
    PodSubnetBatches,
    /// Node Subnet and dynamic Pod Subnet: the VNet's 64,000 pod IPs.
    VnetPodIps,
}

impl fmt::Display for PodShortage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Nodes(limit) => f.write_str(&limit.limit()),
            Self::PodSubnetBatches => {
                write!(f, "the pod subnet's batches of {POD_IP_BATCH} addresses")
            }
            Self::VnetPodIps => write!(
                f,
                "the {} pod IPs a VNet holds for Node Subnet and Pod Subnet",
                Grouped(VNET_POD_IP_LIMIT)
            ),
        }
    }
}

/// The capacity figures of a plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Capacity {
    /// Usable addresses of the node subnet (size − 5).
    pub node_subnet_usable: u64,
    /// The largest node count this cluster can reach with its ranges and
    /// limits, keeping room for the upgrade surge.
    pub max_nodes: u32,
    /// What sets [`Capacity::max_nodes`].
    pub limited_by: NodeShortage,
    /// The largest node count the ranges hold as they are, without room kept
    /// for the surge: the docs' "a /24 holds 251 kubenet nodes".
    pub nodes_that_fit: u32,
    /// The pods those nodes run at max pods, and what sets the count: the
    /// docs' "27,610 pods" (251 × 110) and "240" (8 Azure CNI nodes × 30).
    pub max_pod_count: u64,
    pub pods_limited_by: PodShortage,
    /// Max surge as set, and the surge nodes a pool of
    /// [`Capacity::max_nodes`] would add.
    pub max_surge: MaxSurge,
    pub surge_at_max: u32,
    /// Pods the Ready nodes can run: Ready nodes × max pods, bounded by the
    /// pod addresses the pod subnet can hand out (Pod Subnet, dynamic).
    pub pod_capacity: u64,
    pub pods_running: u64,
    pub pods_pending: u64,
    pub pods_without_address: u64,
    /// The node count and the surge nodes the requirements are sized for:
    /// the autoscaler's max count and its surge when it is on (aks-facts
    /// §3.2), else the node count and its surge.
    pub planned_nodes: u32,
    pub planned_surge: u32,
    /// The planner's answer for this cluster under every model.
    pub requirements: Vec<Requirement>,
}

/// What a plan has that its capacity figures are counted from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// The pods the Ready nodes that run the workloads can take: each one's max pods.
    pub pod_slots: u64,
    pub pods_running: u64,
    pub pods_pending: u64,
    pub pods_without_address: u64,
    /// Internal load balancer frontends that take node-subnet addresses.
    pub frontends_in_node_subnet: u64,
}

/// How far one pool can grow: the largest node count its ranges and limits
/// allow in what the other pools leave (each counted at its planned count),
/// with and without room kept for its own surge.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PoolCapacity {
    /// The largest node count, keeping room for the pool's upgrade surge.
    pub max_nodes: u32,
    /// The largest node count the ranges hold as they are, without the surge.
    pub nodes_that_fit: u32,
    /// What sets them.
    pub limited_by: NodeShortage,
}

/// The capacity of `pool`, one of `spec`'s `pools` (as `spec.pools()`
/// reads them): in its node subnet (less `frontends_in_subnet` and the other
/// pools there), its pod subnet, the shared pod CIDR, kubenet's one route
/// table (400 routes for the cluster, aks-facts §6.3) and a pool's 1,000
/// nodes (§1.9).
pub fn pool_capacity(
    spec: &ClusterSpec,
    pools: &[PoolSettings],
    pool: &PoolSettings,
    frontends_in_subnet: u64,
) -> PoolCapacity {
    let others =
        |same_range: &dyn Fn(&PoolSettings) -> bool, each: &dyn Fn(&PoolSettings) -> u64| -> u64 {
            pools
                .iter()
                .filter(|other| other.index != pool.index && same_range(other))
                .map(|other| u64::from(other.planned_node_count()) * each(other))
                .sum()
        };
    let per_node = |pool: &PoolSettings| node_subnet_addresses_per_node(spec.plugin, pool.max_pods);
    let (node_subnet, node_cidr) = &pool.node_subnet;
    let node_subnet_left = usable_in_subnet(*node_cidr)
        .saturating_sub(frontends_in_subnet)
        .saturating_sub(others(
            &|other| other.node_subnet.0 == *node_subnet,
            &per_node,
        ));
    let mut limits = vec![(node_subnet_left / per_node(pool), NodeShortage::NodeSubnet)];
    if let Some((pod_subnet, pod_cidr)) = &pool.pod_subnet {
        let in_it = |other: &PoolSettings| {
            other.pod_subnet.as_ref().map(|(name, _)| name) == Some(pod_subnet)
        };
        let nodes = match spec.pod_ip_allocation {
            PodIpAllocation::StaticBlock => {
                let blocks = |pool: &PoolSettings| static_blocks_per_node(pool.max_pods);
                static_blocks_in_subnet(size_of(*pod_cidr)).saturating_sub(others(&in_it, &blocks))
                    / blocks(pool)
            }
            PodIpAllocation::Dynamic => {
                (usable_in_subnet(*pod_cidr) / POD_IP_BATCH).saturating_sub(others(&in_it, &|_| 1))
            }
        };
        limits.push((nodes, NodeShortage::PodSubnet));
    }
    let every_other = others(&|_| true, &|_| 1);
    limits.extend(
        model_node_limits(spec.plugin, spec.pod_cidr)
            .into_iter()
            .map(|(nodes, limit)| match limit {
                // The pod CIDR and the route table are the cluster's.
                NodeShortage::PodCidr | NodeShortage::RouteTable => {
                    (nodes.saturating_sub(every_other), limit)
                }
                _ => (nodes, limit),
            }),
    );
    // The pool's limit holds a pool and its surge together: "If a node
    // pool's current size plus the calculated surge count would exceed 1,000
    // instances, AKS rejects the upgrade" (aks/upgrade-aks-node-pools-rolling).
    let (room, limited_by) = limits
        .into_iter()
        .min_by_key(|(nodes, _)| *nodes)
        .unwrap_or((0, NodeShortage::NodeSubnet));
    PoolCapacity {
        max_nodes: u32::try_from(pool.max_surge.largest_pool_within(room)).unwrap_or(u32::MAX),
        nodes_that_fit: u32::try_from(room).unwrap_or(u32::MAX),
        limited_by,
    }
}

/// The capacity figures of `spec`, from the documented formulas and what the
/// plan counted. The node counts are the system pool's (each pool's are on
/// its [`crate::PoolPlan`]); the pods are those of the pools that run them.
pub fn capacity_of(spec: &ClusterSpec, counts: Counts) -> Capacity {
    let pools = spec.pools();
    let system = pools
        .first()
        .map(|system| pool_capacity(spec, &pools, system, counts.frontends_in_node_subnet));
    let PoolCapacity {
        max_nodes,
        nodes_that_fit,
        limited_by,
    } = system.unwrap_or(PoolCapacity {
        max_nodes: 0,
        nodes_that_fit: 0,
        limited_by: NodeShortage::NodeSubnet,
    });
    // The pods the pools that run them hold at their largest: each grown in
    // turn to what its ranges hold once the pools before it have grown, so a
    // range they share is counted once.
    let mut grown = spec.clone();
    let mut slots = 0;
    for index in pools
        .iter()
        .filter(|pool| spec.runs_workloads(pool.index))
        .map(|pool| pool.index)
    {
        let (fit, max_pods) = {
            let grown_pools = grown.pools();
            let Some(pool) = grown_pools.get(usize::from(index)) else {
                continue;
            };
            let frontends = if pool.is_system() {
                counts.frontends_in_node_subnet
            } else {
                0
            };
            (
                pool_capacity(&grown, &grown_pools, pool, frontends).nodes_that_fit,
                pool.max_pods,
            )
        };
        slots += u64::from(fit) * u64::from(max_pods);
        match usize::from(index).checked_sub(1) {
            None => (grown.node_count, grown.max_count) = (fit, None),
            Some(user) => {
                if let Some(pool) = grown.user_pools.get_mut(user) {
                    (pool.node_count, pool.max_count) = (fit, None);
                }
            }
        }
    }
    let (max_pod_count, pods_limited_by) =
        pods_that_fit(spec, slots, PodShortage::Nodes(limited_by));

    let mut pod_capacity = counts.pod_slots;
    if let Some(addressable) = dynamic_pod_addresses(spec) {
        pod_capacity = pod_capacity.min(addressable);
    }
    // With the autoscaler on, each pool is planned at its max count and that
    // count's surge (aks-facts §3.2).
    let workload_nodes: u64 = pools
        .iter()
        .filter(|pool| spec.runs_workloads(pool.index))
        .map(|pool| u64::from(pool.planned_node_count()))
        .sum();
    let sizings: Vec<Sizing> = pools
        .iter()
        .map(|pool| {
            let planned = pool.planned_node_count();
            // The replicas spread over the pools that run them, by their nodes.
            let replicas = if spec.runs_workloads(pool.index) {
                (spec.total_replicas() * u64::from(planned)).div_ceil(workload_nodes.max(1))
            } else {
                0
            };
            Sizing {
                nodes: planned,
                max_surge: pool.max_surge.nodes_for(planned),
                max_pods: pool.max_pods,
                replicas,
                frontends_in_node_subnet: if pool.is_system() {
                    counts.frontends_in_node_subnet
                } else {
                    0
                },
                pod_ip_allocation: spec.pod_ip_allocation,
            }
        })
        .collect();
    let planned = spec.planned_node_count();
    Capacity {
        node_subnet_usable: usable_in_subnet(spec.node_subnet),
        max_nodes,
        limited_by,
        nodes_that_fit,
        max_pod_count,
        pods_limited_by,
        max_surge: spec.max_surge,
        surge_at_max: spec.max_surge.nodes_for(max_nodes),
        planned_nodes: planned,
        planned_surge: spec.max_surge.nodes_for(planned),
        pod_capacity,
        pods_running: counts.pods_running,
        pods_pending: counts.pods_pending,
        pods_without_address: counts.pods_without_address,
        requirements: NetworkPlugin::ALL
            .into_iter()
            .map(|plugin| cluster_requirement(spec, plugin, &sizings))
            .collect(),
    }
}

/// The requirement of the cluster's own ranges under `plugin`, from each
/// pool's sizing: its node subnet holds the pools without one of their own;
/// a pod CIDR holds every pool; its pod subnet, the pools without one of
/// their own. A pool's own subnets are checked by AKS's pre-check, per subnet.
fn cluster_requirement(
    spec: &ClusterSpec,
    plugin: NetworkPlugin,
    sizings: &[Sizing],
) -> Requirement {
    let cluster_subnet =
        |own: Option<Ipv4Net>, cluster: Ipv4Net| own.is_none_or(|own| own == cluster);
    let in_cluster = |pod: bool| -> Vec<Sizing> {
        std::iter::once(true)
            .chain(spec.user_pools.iter().map(|pool| {
                if pod {
                    plugin.uses_pod_cidr() || cluster_subnet(pool.pod_subnet, spec.pod_subnet)
                } else {
                    cluster_subnet(pool.node_subnet, spec.node_subnet)
                }
            }))
            .zip(sizings)
            .filter_map(|(in_it, sizing)| in_it.then_some(*sizing))
            .collect()
    };
    let (nodes, pods) = (
        pools_requirement(plugin, &in_cluster(false)),
        pools_requirement(plugin, &in_cluster(true)),
    );
    Requirement {
        pod_range_addresses: pods.pod_range_addresses,
        pod_range_prefix: pods.pod_range_prefix,
        ..nodes
    }
}

/// Dynamic Pod Subnet: the pod addresses the pod subnets of the pools that
/// run the pods hand out in batches of 16, each subnet counted once
/// (aks-facts §6.5: a /24 hands out 240); `None` under another model.
fn dynamic_pod_addresses(spec: &ClusterSpec) -> Option<u64> {
    if !spec.plugin.uses_pod_subnet() || spec.pod_ip_allocation != PodIpAllocation::Dynamic {
        return None;
    }
    let mut subnets: Vec<Ipv4Net> = spec
        .pools()
        .iter()
        .filter(|pool| spec.runs_workloads(pool.index))
        .filter_map(|pool| pool.pod_subnet.as_ref().map(|(_, cidr)| *cidr))
        .collect();
    subnets.sort();
    subnets.dedup();
    Some(
        subnets
            .into_iter()
            .map(|cidr| usable_in_subnet(cidr) / POD_IP_BATCH * POD_IP_BATCH)
            .sum(),
    )
}

/// The pods `slots` (nodes × their max pods) hold, bounded by the pod addresses a dynamic
/// pod subnet hands out in batches (aks-facts §6.5: a /24 hands out 240)
/// and by the 64,000 pod IPs of Node Subnet and dynamic Pod Subnet (§10).
fn pods_that_fit(spec: &ClusterSpec, slots: u64, by_nodes: PodShortage) -> (u64, PodShortage) {
    let mut pods = (slots, by_nodes);
    let dynamic = dynamic_pod_addresses(spec);
    if let Some(batches) = dynamic {
        if batches < pods.0 {
            pods = (batches, PodShortage::PodSubnetBatches);
        }
    }
    if (dynamic.is_some() || spec.plugin == NetworkPlugin::AzureCni) && VNET_POD_IP_LIMIT < pods.0 {
        pods = (VNET_POD_IP_LIMIT, PodShortage::VnetPodIps);
    }
    pods
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sizing(nodes: u32, max_surge: u32, max_pods: u32) -> Sizing {
        Sizing {
            nodes,
            max_surge,
            max_pods,
            replicas: 0,
            frontends_in_node_subnet: 0,
            pod_ip_allocation: PodIpAllocation::Dynamic,
        }
    }

    /// aks-facts §1.2 and Azure/AKS #456: 10 nodes at the default 30 max pods
    /// pre-allocate 10 × 31 = 310 addresses.
    #[test]
    fn azure_cni_pre_allocates_max_pods_plus_one_per_node() {
        let req = requirement(NetworkPlugin::AzureCni, &sizing(10, 0, 30));
        assert_eq!(req.node_subnet_addresses, 310);
        // 310 > 251 (a /24): a /23 (507 usable) is the smallest that holds it.
        assert_eq!(req.node_subnet_prefix, Some(23));
    }

    /// aks-facts §3.2: (nodes + surge) + (nodes + surge) × maxPods; the
    /// planning page's "(51)" example is 50 nodes + 1 surge.
    #[test]
    fn azure_cni_formula_counts_the_surge_node() {
        let req = requirement(NetworkPlugin::AzureCni, &sizing(50, 1, 30));
        assert_eq!(req.node_subnet_addresses, 51 + 51 * 30);
    }

    /// aks-facts §3.2: kubenet and Overlay need nodes + surge in the node
    /// subnet and a /24 per node in the pod CIDR; AKS-Construction #701's
    /// message shows 5 nodes needing "Pre-allocated IPs 1280".
    #[test]
    fn pod_cidr_needs_a_slash_24_per_node_and_surge_node() {
        for plugin in [NetworkPlugin::Kubenet, NetworkPlugin::AzureCniOverlay] {
            let req = requirement(plugin, &sizing(4, 1, 110));
            assert_eq!(req.node_subnet_addresses, 5);
            // 5 addresses: a /29 has 3 usable, a /28 has 11 (aks-facts §3.1).
            assert_eq!(req.node_subnet_prefix, Some(28));
            assert_eq!(req.pod_range_addresses, Some(1_280));
            assert_eq!(req.pod_range_prefix, Some(21));
        }
    }

    /// aks-facts §1.1 [derived]: a /16 pod CIDR holds 256 node /24s.
    #[test]
    fn a_slash_16_pod_cidr_holds_256_nodes() {
        assert_eq!(node_pod_ranges_in(16), 256);
        assert_eq!(node_pod_ranges_in(24), 1);
        assert_eq!(node_pod_ranges_in(25), 0);
    }

    /// aks-facts §1.4: static blocks fit max_pods = 16 × N − 1.
    #[test]
    fn static_blocks_follow_sixteen_n_minus_one() {
        assert_eq!(static_blocks_per_node(15), 1);
        assert_eq!(static_blocks_per_node(16), 2);
        assert_eq!(static_blocks_per_node(31), 2);
        assert_eq!(static_blocks_per_node(250), 16);
    }

    /// Azure/AKS #4035 (aks-facts §6.5): a /24 pod subnet gives 15 batches of 16.
    #[test]
    fn dynamic_batches_in_a_slash_24() {
        let usable = crate::subnet::usable_in_subnet("10.10.2.0/24".parse().expect("valid"));
        assert_eq!(usable / POD_IP_BATCH, 15);
        assert_eq!(usable / POD_IP_BATCH * POD_IP_BATCH, 240);
    }

    #[test]
    fn pod_subnet_dynamic_requirement_counts_busy_nodes_and_surge() {
        let mut sized = sizing(3, 1, 250);
        sized.replicas = 30; // 10 per node → 16 × ⌈18/16⌉ = 32 each
        let req = requirement(NetworkPlugin::AzureCniPodSubnet, &sized);
        assert_eq!(req.node_subnet_addresses, 4);
        assert_eq!(req.pod_range_addresses, Some(3 * 32 + 16));
        assert_eq!(req.pod_range_prefix, Some(25));
    }
}
