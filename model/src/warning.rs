//! Warnings: what is worth knowing about a valid cluster and does not stop
//! it (a range nearly full, a pod CIDR in public space, kubenet's retirement).

use std::fmt;

use ipnet::Ipv4Net;

use crate::allocation::{Owner, RangePlan};
use crate::capacity::static_blocks_in_subnet;
use crate::limits::{Grouped, NEARLY_FULL_PERCENT, STATIC_BLOCK_SIZE, VNET_POD_IP_LIMIT};
use crate::names::RangeName;
use crate::plan::Node;
use crate::plugin::{NetworkPlugin, PodIpAllocation};
use crate::spec::{ClusterSpec, PolicyEngine};
use crate::subnet::size_of;

/// Something worth knowing that does not stop the cluster.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Warning {
    /// A range is at least [`NEARLY_FULL_PERCENT`] used.
    NearlyFull {
        range: RangeName,
        cidr: Ipv4Net,
        percent: u8,
    },
    /// A range the cluster autoscaler's max count would fill to at least
    /// [`NEARLY_FULL_PERCENT`], though it is not that full today.
    NearlyFullAtMaxCount {
        range: RangeName,
        cidr: Ipv4Net,
        percent: u8,
        at_max: u8,
        max_count: u32,
    },
    /// An Overlay pod CIDR outside RFC 1918 and RFC 6598 space is out of
    /// support. Source: aks-facts §1.3 (learn: aks/concepts-network-azure-cni-overlay).
    PublicPodCidr { cidr: Ipv4Net },
    /// kubenet is retired on 31 March 2028. Source: aks-facts §1.1.
    KubenetRetirement,
    /// More pod IPs in the VNet than Node Subnet and dynamic Pod Subnet
    /// clusters reach (about 64,000). Source: aks-facts §10.
    PodIpLimit { plugin: NetworkPlugin, ips: u64 },
    /// Azure Network Policy Manager beyond what it supports: 250 nodes and
    /// 20,000 pods (learn: aks/use-network-policies).
    NpmScale { nodes: u64, pods: u64 },
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NearlyFull { range, cidr, percent } => write!(
                f,
                "{} {cidr} is {percent}% used: little room is left to scale or upgrade.",
                capitalised(&range.to_string())
            ),
            Self::NearlyFullAtMaxCount {
                range,
                cidr,
                percent,
                at_max,
                max_count,
            } => write!(
                f,
                "{} {cidr} is {percent}% used, and {at_max}% when the cluster autoscaler reaches its max count of {max_count} nodes: \
                 little room would be left to scale or upgrade.",
                capitalised(&range.to_string())
            ),
            Self::PublicPodCidr { cidr } => write!(
                f,
                "The pod CIDR {cidr} is public address space: Overlay supports only RFC 1918 or RFC 6598 ranges, \
                 and public hosts inside it become unreachable from pods."
            ),
            Self::NpmScale { nodes, pods } => write!(
                f,
                "Azure Network Policy Manager is not supported beyond 250 nodes and 20,000 pods (out-of-memory errors); this \
                 cluster plans {} nodes and {} pods. Microsoft recommends Cilium for larger clusters, and retires NPM for Linux \
                 on 30 September 2028.",
                Grouped(*nodes),
                Grouped(*pods)
            ),
            Self::KubenetRetirement => f.write_str(
                "kubenet is retired on 31 March 2028; Microsoft's migration target is Azure CNI Overlay.",
            ),
            Self::PodIpLimit { plugin, ips } => write!(
                f,
                "This plan gives pods {} VNet addresses, but {plugin} clusters are limited to about {} pod IPs \
                 (\"Limitation of 64,000 IPs\", plan-pod-networking): use Azure CNI Overlay, or static blocks, for more pods.",
                Grouped(*ips),
                Grouped(VNET_POD_IP_LIMIT)
            ),
        }
    }
}

/// `text` with its first letter in upper case, to open a sentence. Range
/// names are ASCII, and the ASCII rule spares the bundle Unicode's case
/// tables (measured: ~8 KB of gzip for `to_lowercase` alone).
fn capitalised(text: &str) -> String {
    let mut text = text.to_string();
    if let Some(first) = text.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    text
}

/// The warnings for `spec`, planned as `ranges`, with the nodes the
/// autoscaler may still add (`headroom`).
pub fn warnings_of(spec: &ClusterSpec, ranges: &[RangePlan], headroom: &[Node]) -> Vec<Warning> {
    let mut warnings = Vec::new();
    let pools = spec.pools();
    for range in ranges.iter().filter(|range| {
        matches!(
            range.name,
            RangeName::NodeSubnet
                | RangeName::PodSubnet
                | RangeName::PodCidr
                | RangeName::ServiceCidr
                | RangeName::PoolNodeSubnet(_)
                | RangeName::PoolPodSubnet(_)
        )
    }) {
        // Static blocks are handed out whole: a pod subnet is as full as its
        // /28 blocks are (aks-facts §1.4).
        let pod_subnet = matches!(
            range.name,
            RangeName::PodSubnet | RangeName::PoolPodSubnet(_)
        );
        let static_blocks = pod_subnet && spec.pod_ip_allocation == PodIpAllocation::StaticBlock;
        // The pools with addresses in it, and the nodes they plan for when
        // the autoscaler is on for any of them.
        let in_range: Vec<_> = pools
            .iter()
            .filter(|pool| {
                range.name == RangeName::PodCidr
                    || pool.node_subnet.0 == range.name
                    || pool
                        .pod_subnet
                        .as_ref()
                        .is_some_and(|(name, _)| *name == range.name)
            })
            .collect();
        let max_count = in_range
            .iter()
            .any(|pool| pool.max_count.is_some())
            .then(|| {
                in_range
                    .iter()
                    .map(|pool| pool.planned_node_count())
                    .sum::<u32>()
            });
        let percent = if static_blocks {
            let blocks = static_blocks_in_subnet(size_of(range.cidr));
            let held = range.held_by(|owner| matches!(owner, Owner::PodIpBlock { .. }))
                / STATIC_BLOCK_SIZE;
            u8::try_from((held * 100).checked_div(blocks).unwrap_or(100).min(100)).unwrap_or(100)
        } else {
            range.percent_used()
        };
        if percent >= NEARLY_FULL_PERCENT {
            warnings.push(Warning::NearlyFull {
                range: range.name.clone(),
                cidr: range.cidr,
                percent,
            });
        } else if let (Some(max_count), false) = (max_count, static_blocks) {
            let used = range.used() + headroom_in(range, headroom);
            let at_max = (used * 100).checked_div(range.usable).unwrap_or(0).min(100);
            let at_max = u8::try_from(at_max).unwrap_or(100);
            if at_max >= NEARLY_FULL_PERCENT {
                warnings.push(Warning::NearlyFullAtMaxCount {
                    range: range.name.clone(),
                    cidr: range.cidr,
                    percent,
                    at_max,
                    max_count,
                });
            }
        }
    }
    if spec.plugin == NetworkPlugin::AzureCniOverlay && !is_private(spec.pod_cidr) {
        warnings.push(Warning::PublicPodCidr {
            cidr: spec.pod_cidr,
        });
    }
    if spec.plugin == NetworkPlugin::Kubenet {
        warnings.push(Warning::KubenetRetirement);
    }
    let nodes: u64 = pools
        .iter()
        .map(|pool| u64::from(pool.planned_node_count()))
        .sum();
    let pods = spec.total_replicas();
    if spec.policy_engine() == PolicyEngine::AzureNpm && (nodes > 250 || pods > 20_000) {
        warnings.push(Warning::NpmScale { nodes, pods });
    }
    // The pod IPs each model takes from the VNet one by one.
    let pod_ips = |name: RangeName, wanted: fn(&Owner) -> bool| {
        ranges
            .iter()
            .find(|range| range.name == name)
            .map_or(0, |range| range.held_by(wanted))
    };
    let ips = match (spec.plugin, spec.pod_ip_allocation) {
        (NetworkPlugin::AzureCni, _) => pod_ips(RangeName::NodeSubnet, |owner| {
            matches!(owner, Owner::PreallocatedPodIps(_))
        }),
        (NetworkPlugin::AzureCniPodSubnet, PodIpAllocation::Dynamic) => {
            pod_ips(RangeName::PodSubnet, |owner| {
                matches!(owner, Owner::PodIpBatch { .. })
            })
        }
        _ => 0,
    };
    if ips > VNET_POD_IP_LIMIT {
        warnings.push(Warning::PodIpLimit {
            plugin: spec.plugin,
            ips,
        });
    }
    warnings
}

/// The addresses of `range` the nodes of `headroom` would take.
fn headroom_in(range: &RangePlan, headroom: &[Node]) -> u64 {
    headroom
        .iter()
        .filter(|node| node.is_ready())
        .flat_map(Node::address_runs)
        .filter(|(first, _)| range.cidr.contains(first))
        .map(|(_, len)| len)
        .sum()
}

/// Private address space: RFC 1918 and RFC 6598 (shared, 100.64.0.0/10).
const PRIVATE_RANGES: [Ipv4Net; 4] = [
    Ipv4Net::new_assert(std::net::Ipv4Addr::new(10, 0, 0, 0), 8),
    Ipv4Net::new_assert(std::net::Ipv4Addr::new(172, 16, 0, 0), 12),
    Ipv4Net::new_assert(std::net::Ipv4Addr::new(192, 168, 0, 0), 16),
    Ipv4Net::new_assert(std::net::Ipv4Addr::new(100, 64, 0, 0), 10),
];

fn is_private(net: Ipv4Net) -> bool {
    PRIVATE_RANGES.iter().any(|range| range.contains(&net))
}
