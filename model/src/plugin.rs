//! The AKS network models and the defaults AKS gives each of them.

use std::fmt;

use crate::limits::{POD_IP_BATCH, STATIC_BLOCK_PREFIX};

/// An AKS network model, named as Microsoft names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NetworkPlugin {
    /// kubenet (legacy, retired 31 March 2028): pods get addresses from a pod
    /// CIDR outside the VNet, a /24 per node, routed by a route table.
    Kubenet,
    /// Azure CNI Node Subnet (legacy "flat" Azure CNI): pods take VNet
    /// addresses from the node subnet, pre-allocated maxPods per node.
    AzureCni,
    /// Azure CNI Overlay: pods get addresses from a private pod CIDR, a /24
    /// per node, routed by Azure without a route table.
    AzureCniOverlay,
    /// Azure CNI Pod Subnet: pods take VNet addresses from a separate pod subnet.
    AzureCniPodSubnet,
}

impl NetworkPlugin {
    /// Every model, in the order the widget lists them.
    pub const ALL: [NetworkPlugin; 4] = [
        Self::Kubenet,
        Self::AzureCni,
        Self::AzureCniOverlay,
        Self::AzureCniPodSubnet,
    ];

    /// The max-pods-per-node default of `az aks create` for this model.
    /// Source: aks-facts §1.8 (CLI column). Pod Subnet is a [CONFLICT]: 250 on
    /// learn: aks/configure-azure-cni-dynamic-ip-allocation, 110 on
    /// learn: aks/concepts-network-ip-address-planning; the lab follows §9's
    /// suggestion (250) and says so through [`NetworkPlugin::max_pods_default_note`].
    pub const fn default_max_pods(self) -> u32 {
        match self {
            Self::Kubenet => 110,
            Self::AzureCni => 30,
            Self::AzureCniOverlay => 250,
            Self::AzureCniPodSubnet => 250,
        }
    }

    /// Where the documentation disagrees about this model's default, the
    /// footnote the widget shows beside it.
    pub const fn max_pods_default_note(self) -> Option<&'static str> {
        match self {
            Self::AzureCniPodSubnet => Some(
                "Microsoft's docs disagree on this default: 250 (Configure Azure CNI dynamic IP allocation) \
                 or 110 (IP address planning). The lab uses 250.",
            ),
            _ => None,
        }
    }

    /// Whether pods get addresses from a pod CIDR outside the VNet (a /24 per node).
    pub const fn uses_pod_cidr(self) -> bool {
        matches!(self, Self::Kubenet | Self::AzureCniOverlay)
    }

    /// Whether pods get addresses from a separate pod subnet in the VNet.
    pub const fn uses_pod_subnet(self) -> bool {
        matches!(self, Self::AzureCniPodSubnet)
    }
}

impl Default for NetworkPlugin {
    /// The CLI's default model when `--network-plugin` is omitted: Azure CNI
    /// Overlay. Source: aks-facts §1.7 (learn: aks/azure-cni-overlay).
    fn default() -> Self {
        Self::AzureCniOverlay
    }
}

impl fmt::Display for NetworkPlugin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Kubenet => "kubenet",
            Self::AzureCni => "Azure CNI Node Subnet",
            Self::AzureCniOverlay => "Azure CNI Overlay",
            Self::AzureCniPodSubnet => "Azure CNI Pod Subnet",
        })
    }
}

/// How Azure CNI Pod Subnet hands pod addresses to nodes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum PodIpAllocation {
    /// `DynamicIndividual`, the default: batches of 16 addresses on demand.
    #[default]
    Dynamic,
    /// `StaticBlock`: /28 blocks for the node's lifetime, enough for maxPods.
    StaticBlock,
}

impl fmt::Display for PodIpAllocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Dynamic => write!(f, "dynamic (batches of {POD_IP_BATCH})"),
            Self::StaticBlock => write!(f, "static blocks (/{STATIC_BLOCK_PREFIX})"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// aks-facts §1.8, CLI column: kubenet 110, Node Subnet 30, Overlay 250,
    /// Pod Subnet 250 (conflict resolved per §9).
    #[test]
    fn default_max_pods_follow_the_cli() {
        assert_eq!(NetworkPlugin::Kubenet.default_max_pods(), 110);
        assert_eq!(NetworkPlugin::AzureCni.default_max_pods(), 30);
        assert_eq!(NetworkPlugin::AzureCniOverlay.default_max_pods(), 250);
        assert_eq!(NetworkPlugin::AzureCniPodSubnet.default_max_pods(), 250);
        assert!(NetworkPlugin::AzureCniPodSubnet
            .max_pods_default_note()
            .is_some_and(|note| note.contains("110")));
    }
}
