//! Warnings: what is worth knowing about a valid cluster and does not stop
//! it (a range nearly full, a pod CIDR in public space, kubenet's retirement).

use std::fmt;

use ipnet::Ipv4Net;

use crate::allocation::RangePlan;
use crate::limits::NEARLY_FULL_PERCENT;
use crate::names::RangeName;
use crate::plugin::NetworkPlugin;
use crate::spec::ClusterSpec;

/// Something worth knowing that does not stop the cluster.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Warning {
    /// A range is at least [`NEARLY_FULL_PERCENT`] used.
    NearlyFull {
        range: RangeName,
        cidr: Ipv4Net,
        percent: u8,
    },
    /// An Overlay pod CIDR outside RFC 1918 and RFC 6598 space is out of
    /// support. Source: aks-facts §1.3 (learn: aks/concepts-network-azure-cni-overlay).
    PublicPodCidr { cidr: Ipv4Net },
    /// kubenet is retired on 31 March 2028. Source: aks-facts §1.1.
    KubenetRetirement,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NearlyFull { range, cidr, percent } => write!(
                f,
                "{} {cidr} is {percent}% used: little room is left to scale or upgrade.",
                capitalised(&range.to_string())
            ),
            Self::PublicPodCidr { cidr } => write!(
                f,
                "The pod CIDR {cidr} is public address space: Overlay supports only RFC 1918 or RFC 6598 ranges, \
                 and public hosts inside it become unreachable from pods."
            ),
            Self::KubenetRetirement => f.write_str(
                "kubenet is retired on 31 March 2028; Microsoft's migration target is Azure CNI Overlay.",
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

/// The warnings for `spec`, planned as `ranges`.
pub fn warnings_of(spec: &ClusterSpec, ranges: &[RangePlan]) -> Vec<Warning> {
    let mut warnings = Vec::new();
    for range in ranges.iter().filter(|range| {
        matches!(
            range.name,
            RangeName::NodeSubnet
                | RangeName::PodSubnet
                | RangeName::PodCidr
                | RangeName::ServiceCidr
        )
    }) {
        let percent = range.percent_used();
        if percent >= NEARLY_FULL_PERCENT {
            warnings.push(Warning::NearlyFull {
                range: range.name.clone(),
                cidr: range.cidr,
                percent,
            });
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
    warnings
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
