//! Who holds which addresses: the runs handed out in each range of a plan,
//! with their owners.

use std::net::Ipv4Addr;

use ipnet::Ipv4Net;

use crate::ids::NodeId;
use crate::names::RangeName;
use crate::subnet::{size_of, ReservedRole};

/// Who holds a run of addresses.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Owner {
    /// One of the 5 addresses Azure keeps in every subnet.
    AzureReserved(ReservedRole),
    /// A node's own address (its NIC's primary IP).
    Node(NodeId),
    /// Azure CNI Node Subnet: the maxPods addresses pre-allocated to a node.
    PreallocatedPodIps(NodeId),
    /// kubenet or Overlay: the node's /24 of the pod CIDR.
    NodePodRange(NodeId),
    /// Pod Subnet (dynamic): the node's n-th batch of 16.
    PodIpBatch { node: NodeId, batch: u32 },
    /// Pod Subnet (static): the node's n-th /28 block.
    PodIpBlock { node: NodeId, block: u32 },
    /// The service range's network or broadcast address, never handed out.
    ServiceRangeEdge,
    /// The `kubernetes` Service: the first address of the service CIDR.
    KubernetesService,
    /// The `kube-dns` Service: the DNS service IP.
    DnsService,
    /// A Service's ClusterIP.
    ClusterIp(String),
    /// An internal load balancer frontend (or, in the public range, a public one).
    LoadBalancerFrontend(String),
    /// The cluster's egress public IP.
    Egress,
}

impl Owner {
    /// The node that holds this run, if a node does.
    pub fn node(&self) -> Option<NodeId> {
        match self {
            Self::Node(node)
            | Self::PreallocatedPodIps(node)
            | Self::NodePodRange(node)
            | Self::PodIpBatch { node, .. }
            | Self::PodIpBlock { node, .. } => Some(*node),
            _ => None,
        }
    }

    /// The same run's owner with its node renumbered by `renumber`, or
    /// `None` when that node is gone; owners that are not nodes stay.
    pub fn renumbered(&self, renumber: impl Fn(NodeId) -> Option<NodeId>) -> Option<Self> {
        Some(match self {
            Self::Node(node) => Self::Node(renumber(*node)?),
            Self::PreallocatedPodIps(node) => Self::PreallocatedPodIps(renumber(*node)?),
            Self::NodePodRange(node) => Self::NodePodRange(renumber(*node)?),
            Self::PodIpBatch { node, batch } => Self::PodIpBatch {
                node: renumber(*node)?,
                batch: *batch,
            },
            Self::PodIpBlock { node, block } => Self::PodIpBlock {
                node: renumber(*node)?,
                block: *block,
            },
            other => other.clone(),
        })
    }
}

/// A run of addresses with its owner.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Allocation {
    pub first: Ipv4Addr,
    pub len: u64,
    pub owner: Owner,
}

/// One address range with every run handed out in it, in address order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RangePlan {
    pub name: RangeName,
    pub cidr: Ipv4Net,
    /// Addresses a VM, pod or Service can get: size − 5 for an Azure subnet,
    /// the whole range for the pod CIDR, size − 2 for the service CIDR.
    pub usable: u64,
    pub allocations: Vec<Allocation>,
}

impl RangePlan {
    /// Addresses held by owners matching `pred`.
    pub fn held_by(&self, pred: impl Fn(&Owner) -> bool) -> u64 {
        self.allocations
            .iter()
            .filter(|a| pred(&a.owner))
            .map(|a| a.len)
            .sum()
    }

    /// Addresses not held by anyone (reserved ones count as held).
    pub fn free(&self) -> u64 {
        size_of(self.cidr).saturating_sub(self.held_by(|_| true))
    }

    /// Usable addresses handed out.
    pub fn used(&self) -> u64 {
        self.usable.saturating_sub(self.free())
    }

    /// The share of the usable addresses handed out, in whole percent (at most 100).
    pub fn percent_used(&self) -> u8 {
        let percent = (self.used() * 100).checked_div(self.usable).unwrap_or(0);
        u8::try_from(percent.min(100)).unwrap_or(100)
    }
}
