//! The documented planning formulas: how many addresses a cluster needs in
//! each range, per model, and the smallest range that holds them. The
//! allocator in [`crate::plan`] must agree with these; the tests check it.

use crate::plugin::{NetworkPlugin, PodIpAllocation};
use crate::subnet::{smallest_prefix_for, smallest_subnet_prefix_for, SMALLEST_SUBNET_PREFIX};

/// Each kubenet or Overlay node gets a /24 of the pod CIDR (256 addresses).
/// Source: aks-facts §0 (learn: aks/configure-kubenet; aks/concepts-network-azure-cni-overlay).
pub const NODE_POD_RANGE_PREFIX: u8 = 24;
pub const NODE_POD_RANGE_SIZE: u64 = 256;
/// Pod Subnet (dynamic) hands out addresses in batches of 16, and asks for
/// another batch when fewer than 8 are free. Source: aks-facts §1.4
/// (learn: aks/concepts-network-azure-cni-pod-subnet).
pub const POD_IP_BATCH: u64 = 16;
pub const POD_IP_BATCH_LOW_WATER: u64 = 8;
/// Pod Subnet (static block) hands out /28 blocks. Source: aks-facts §1.4.
pub const STATIC_BLOCK_SIZE: u64 = 16;
/// Where kubenet and Overlay pods start in their node's /24: .0 is the network
/// address and .1 the bridge (`cbr0`, observed for kubenet in aks-facts §1.1).
/// Where Overlay starts is not documented (aks-facts §9): the lab uses the
/// same offset and says so.
pub const FIRST_POD_OFFSET_IN_NODE_RANGE: u64 = 2;

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
    let (pod_range_addresses, pod_range_prefix) = match plugin {
        NetworkPlugin::Kubenet | NetworkPlugin::AzureCniOverlay => {
            let addresses = nodes * NODE_POD_RANGE_SIZE;
            (
                Some(addresses),
                smallest_prefix_for(addresses, NODE_POD_RANGE_PREFIX),
            )
        }
        NetworkPlugin::AzureCniPodSubnet => match sizing.pod_ip_allocation {
            PodIpAllocation::Dynamic => {
                let running = u64::from(sizing.nodes)
                    * dynamic_pod_addresses_for(sizing.pods_per_busiest_node());
                let surge = u64::from(sizing.max_surge) * dynamic_pod_addresses_for(0);
                let addresses = running + surge;
                (Some(addresses), smallest_subnet_prefix_for(addresses))
            }
            PodIpAllocation::StaticBlock => {
                let blocks = nodes * static_blocks_per_node(sizing.max_pods);
                let prefix = (8..=SMALLEST_SUBNET_PREFIX)
                    .rev()
                    .find(|&prefix| static_blocks_in_subnet(1u64 << (32 - prefix)) >= blocks);
                (Some(blocks * STATIC_BLOCK_SIZE), prefix)
            }
        },
        NetworkPlugin::AzureCni => (None, None),
    };
    Requirement {
        plugin,
        node_subnet_addresses,
        node_subnet_prefix: smallest_subnet_prefix_for(node_subnet_addresses),
        pod_range_addresses,
        pod_range_prefix,
    }
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
