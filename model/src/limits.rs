//! Every Azure and Kubernetes limit the model applies, once, each with its
//! source in the fact sheet (`shared/reference/aks-facts.md`), and the lab's
//! own bounds, marked as such. Messages format these constants rather than
//! retype their values, so a corrected limit corrects every sentence.

use std::fmt;
use std::net::Ipv4Addr;
use std::ops::RangeInclusive;

use ipnet::Ipv4Net;

// ----- Azure virtual networks -----

/// Addresses Azure reserves in every subnet: x.x.x.0, .1, .2, .3 and the last.
/// Source: aks-facts §0 and §3.1 (azure-docs virtual-networks-faq.md).
pub const AZURE_RESERVED_PER_SUBNET: u64 = 5;
/// The offset of the first address Azure lets a VM or pod use (x.x.x.4).
/// Source: aks-facts §3.1.
pub const FIRST_USABLE_OFFSET: u64 = 4;
/// The longest prefix Azure accepts for an IPv4 subnet (/29, 3 usable).
/// Source: aks-facts §3.1 (virtual-networks-faq.md).
pub const SMALLEST_SUBNET_PREFIX: u8 = 29;
/// A VNet is at most a /8. Source: aks-facts §2.
pub const VNET_SHORTEST_PREFIX: u8 = 8;
/// A route table holds at most 400 routes, and kubenet needs one per node.
/// Source: aks-facts §1.1 (learn: aks/configure-kubenet; azure-virtual-network-limits).
pub const ROUTE_TABLE_LIMIT: u32 = 400;
/// SNAT ports each node gets from one outbound IP of the public load
/// balancer, by the number of nodes in the backend pool: (up to this many
/// nodes, ports each). Above the last row, 32 ports each.
/// Source: aks-facts §4.6 (Azure's automatic allocation table).
pub const OUTBOUND_PORTS_BY_POOL_SIZE: [(u32, u16); 5] =
    [(50, 1_024), (100, 512), (200, 256), (400, 128), (800, 64)];
/// SNAT ports each node gets beyond the table's last row. Source: aks-facts §4.6.
pub const OUTBOUND_PORTS_LARGEST_POOL: u16 = 32;

// ----- AKS -----

/// Max pods per node, all models: minimum 10, maximum 250.
/// Source: aks-facts §0 (learn: aks/concepts-network-ip-address-planning).
pub const MAX_PODS_RANGE: RangeInclusive<u32> = 10..=250;
/// A node pool must have room for at least 30 pods in all (so maxPods 10 needs
/// 3 nodes). Source: aks-facts §1.8 notes (learn: aks/concepts-network-ip-address-planning).
pub const MIN_PODS_PER_POOL: u64 = 30;
/// Nodes in one node pool; a user pool may have 0 ([`USER_POOL_NODE_COUNT_RANGE`]).
/// Source: aks-facts §1.9 (azure-docs includes/container-service-limits.md).
pub const NODE_COUNT_RANGE: RangeInclusive<u32> = 1..=1_000;
/// Nodes in a user pool: "user node pools may contain zero or more nodes"
/// (learn: aks/create-node-pools), up to the 1,000 of aks-facts §1.9.
pub const USER_POOL_NODE_COUNT_RANGE: RangeInclusive<u32> = 0..=1_000;
/// Nodes in one cluster, every pool together. Source: aks-facts §1.9.
pub const CLUSTER_NODE_LIMIT: u64 = 5_000;
/// A Linux pool's name: 1 to 12 lowercase letters and digits, starting with
/// a letter (learn: aks/create-node-pools; learn: aks/scale-cluster says 1 to
/// 11, the lab follows the pool-creation page).
pub const POOL_NAME_MAX_LENGTH: usize = 12;
/// User pools the lab draws (AKS allows 100 pools, aks-facts §1.9): the lab's own bound.
pub const MAX_USER_POOLS: usize = 9;
/// Ranges AKS rejects for the VNet, pod and service ranges.
/// Source: aks-facts §0 and §2 (learn: aks/concepts-network-cni-overview).
pub const FORBIDDEN_RANGES: [Ipv4Net; 4] = [
    Ipv4Net::new_assert(Ipv4Addr::new(169, 254, 0, 0), 16),
    Ipv4Net::new_assert(Ipv4Addr::new(172, 30, 0, 0), 16),
    Ipv4Net::new_assert(Ipv4Addr::new(172, 31, 0, 0), 16),
    Ipv4Net::new_assert(Ipv4Addr::new(192, 0, 2, 0), 24),
];
/// The service CIDR must be "smaller than /12".
/// Source: aks-facts §2 (learn: aks/concepts-network-ip-address-planning).
pub const SERVICE_CIDR_LONGEST_FORBIDDEN_PREFIX: u8 = 12;
/// Each kubenet or Overlay node gets a /24 of the pod CIDR (256 addresses).
/// Source: aks-facts §0 (learn: aks/configure-kubenet; aks/concepts-network-azure-cni-overlay).
pub const NODE_POD_RANGE_PREFIX: u8 = 24;
/// The addresses of one node's pod range.
pub const NODE_POD_RANGE_SIZE: u64 = 1 << (32 - NODE_POD_RANGE_PREFIX);
/// Where kubenet and Overlay pods start in their node's /24: .0 is the network
/// address and .1 the bridge (`cbr0`, observed for kubenet in aks-facts §1.1).
/// Where Overlay starts is not documented (aks-facts §9): the lab uses the
/// same offset and says so.
pub const FIRST_POD_OFFSET_IN_NODE_RANGE: u64 = 2;
/// Pod Subnet (dynamic) hands out addresses in batches of 16, and asks for
/// another batch when fewer than 8 are free. Source: aks-facts §1.4
/// (learn: aks/concepts-network-azure-cni-pod-subnet).
pub const POD_IP_BATCH: u64 = 16;
/// Azure CNI Node Subnet and dynamic Pod Subnet give each pod a VNet IP, and
/// a VNet holds about 64,000: "Limitation of 64,000 IPs" (learn:
/// aks/plan-pod-networking; "65K pods" on the Pod Subnet page; 65,536 private
/// IPs per VNet in Azure's limits). Source: aks-facts §10.
pub const VNET_POD_IP_LIMIT: u64 = 64_000;
/// A node asks for another batch when fewer than this many of its addresses are free.
pub const POD_IP_BATCH_LOW_WATER: u64 = 8;
/// Pod Subnet (static block) hands out /28 blocks. Source: aks-facts §1.4.
pub const STATIC_BLOCK_PREFIX: u8 = 28;
/// The addresses of one static block.
pub const STATIC_BLOCK_SIZE: u64 = 1 << (32 - STATIC_BLOCK_PREFIX);

// ----- Kubernetes -----

/// Kubernetes' default `--service-node-port-range`.
/// Source: aks-facts §0 and §4.1 (k8s: concepts/services-networking/service).
pub const NODE_PORT_RANGE: RangeInclusive<u16> = 30_000..=32_767;

/// The lowest nodePorts, which Kubernetes' allocator keeps for Services that
/// ask for one: min(max(16, size / 32), 128) ports, 86 for the default range
/// (30000–30085); automatic picks come from above them first. Source:
/// aks-facts §10 (kubernetes pkg/registry/core/service/portallocator,
/// KEP-3668).
pub const NODE_PORT_STATIC_BAND: u16 = {
    let size = *NODE_PORT_RANGE.end() - *NODE_PORT_RANGE.start() + 1;
    let band = size / 32;
    if band < 16 {
        16
    } else if band > 128 {
        128
    } else {
        band
    }
};
/// ClusterIPs: the lower band of the service range is kept for static
/// addresses, min(max(16, size / 16), 256) of them, and random picks come
/// from above it first. Source: aks-facts §2 (k8s: reference/networking/virtual-ips).
pub const CLUSTER_IP_BAND_DIVISOR: u64 = 16;
/// The lower band's smallest size, in addresses.
pub const CLUSTER_IP_BAND_MIN: u64 = 16;
/// The lower band's largest size, in addresses.
pub const CLUSTER_IP_BAND_MAX: u64 = 256;
/// Kubernetes object names are DNS labels: at most 63 characters.
pub const MAX_NAME_LENGTH: usize = 63;
/// A port name is an IANA service name: at most 15 characters (RFC 6335
/// §5.1; the Pod API's `ports[].name`, aks-facts §4.2).
pub const MAX_PORT_NAME_LENGTH: usize = 15;
/// The kubelet's API port on every node: what the lab's packets to a node
/// address reach. Source: kubernetes.io ports-and-protocols.
pub const KUBELET_PORT: u16 = 10_250;
/// CoreDNS answers on the DNS port of the DNS service IP (aks-facts §4.7).
pub const DNS_PORT: u16 = 53;

// ----- The lab's own bounds -----

/// The lab's bound on pods, so a plan stays quick to draw: the larger of
/// the two documented Overlay pods-per-cluster figures (aks-facts §1.3, a
/// [CONFLICT] between 200,000 and 250,000).
pub const MAX_TOTAL_PODS: u64 = 250_000;
/// The lab's bound on Services, to keep the diagram legible.
pub const MAX_SERVICES: usize = 100;
/// The lab's bound on deployments, to keep the diagram legible.
pub const MAX_DEPLOYMENTS: usize = 20;
/// The share of a range in use from which the lab warns.
pub const NEARLY_FULL_PERCENT: u8 = 90;

/// A number written with thousands separators ("1,000"), as the messages
/// that quote a limit write it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Grouped(pub u64);

impl fmt::Display for Grouped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digits = self.0.to_string();
        for (index, digit) in digits.chars().enumerate() {
            if index > 0 && (digits.len() - index) % 3 == 0 {
                f.write_str(",")?;
            }
            write!(f, "{digit}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grouped_numbers_have_thousands_separators() {
        assert_eq!(Grouped(0).to_string(), "0");
        assert_eq!(Grouped(400).to_string(), "400");
        assert_eq!(Grouped(1_000).to_string(), "1,000");
        assert_eq!(Grouped(250_000).to_string(), "250,000");
        assert_eq!(Grouped(1_234_567).to_string(), "1,234,567");
    }

    /// aks-facts §0: a /24 per node holds 256 addresses.
    #[test]
    fn a_node_pod_range_is_a_slash_24() {
        assert_eq!(NODE_POD_RANGE_SIZE, 256);
    }
}
