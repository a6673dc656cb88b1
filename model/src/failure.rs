//! What goes wrong in a valid cluster: the failures a learner would meet in
//! AKS or Kubernetes, with their real codes and wording, a plain explanation
//! and the documented fix. Warnings that still render are in [`crate::warning`].

use std::fmt;

use ipnet::Ipv4Net;

use crate::limits::{Grouped, NODE_COUNT_RANGE, ROUTE_TABLE_LIMIT};
use crate::names::RangeName;

/// A failure AKS or Kubernetes reports for this cluster. `Display` gives the
/// message as the learner would see it (error code first, where one exists).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Failure {
    /// Create or scale is refused before anything is built: the range cannot
    /// hold what the nodes need. An upgrade's pre-check counts its surge
    /// nodes too (`surge`: the cluster runs, its upgrade fails). Source:
    /// aks-facts §6.1 and §6.2 (1,280 > 1,024: 4 nodes and a surge node's
    /// /24s in a /22).
    InsufficientSubnetSize {
        range: RangeName,
        cidr: Ipv4Net,
        required: u64,
        available: u64,
        surge: Option<u32>,
        /// The cluster autoscaler's max count, which the check counted in
        /// place of the running nodes.
        max_count: Option<u32>,
    },
    /// The cluster runs, but an upgrade fails: the surge node(s) cannot get
    /// their addresses. Source: aks-facts §6.1 (error-code-subnetisfull-upgrade).
    SubnetIsFull {
        range: RangeName,
        cidr: Ipv4Net,
        surge: u32,
        required: u64,
        available: u64,
    },
    /// kubenet cannot have more nodes than its route table has routes; an
    /// upgrade's surge nodes need routes too (`surge`). Source: aks-facts
    /// §6.3 (learn: aks/configure-kubenet).
    RouteTableLimit { nodes: u32, surge: Option<u32> },
    /// Dynamic Pod Subnet: the upgrade's surge nodes join but get no batch of
    /// pod addresses, so the pods drained onto them cannot start and the
    /// upgrade stalls. Source: aks-facts §6.5 (the CNS message, §10's
    /// wording) [derived].
    SurgeWithoutPodAddresses {
        cidr: Ipv4Net,
        surge: u32,
        required: u64,
        available: u64,
    },
    /// A pool and its surge would pass the pool's node limit: "AKS rejects
    /// the upgrade before it starts" (learn: aks/upgrade-aks-node-pools-rolling).
    SurgeOverPoolLimit { nodes: u32, surge: u32 },
    /// Pods the scheduler cannot place: every node holds max pods.
    /// Source: aks-facts §6.4 [obs].
    PodsPending { count: u64, ready_nodes: u32 },
    /// Pods the scheduler cannot place because every node with room already
    /// binds their hostPort. Source: aks-facts §4.2 (hostPort); the event
    /// text is the kube-scheduler NodePorts filter's.
    HostPortTaken { count: u64, ready_nodes: u32 },
    /// Pods placed on a node that has no pod address left to give them (Pod
    /// Subnet dynamic allocation). Source: aks-facts §6.5.
    PodsWithoutAddress { count: u64 },
    /// An internal load balancer's subnet has no free address left, so the
    /// Service's EXTERNAL-IP stays `<pending>`.
    FrontendPending { service: String, cidr: Ipv4Net },
    /// The service CIDR has no free address for another ClusterIP.
    ServiceCidrFull { service: String, cidr: Ipv4Net },
}

impl Failure {
    /// Whether AKS's pre-check refuses to create or scale the pool as it
    /// is: its ranges cannot hold the nodes asked for (not counting an
    /// upgrade's surge).
    pub fn rejects_create(&self) -> bool {
        matches!(
            self,
            Self::InsufficientSubnetSize { surge: None, .. }
                | Self::RouteTableLimit { surge: None, .. }
        )
    }

    /// The range this failure is about, where it names one.
    pub fn range(&self) -> Option<&RangeName> {
        match self {
            Self::InsufficientSubnetSize { range, .. } | Self::SubnetIsFull { range, .. } => {
                Some(range)
            }
            _ => None,
        }
    }

    /// The AKS or Kubernetes code, where the real error has one.
    pub fn code(&self) -> Option<&'static str> {
        match self {
            Self::InsufficientSubnetSize { .. } => Some("InsufficientSubnetSize"),
            Self::SubnetIsFull { .. } => Some("SubnetIsFull"),
            Self::PodsPending { .. } | Self::HostPortTaken { .. } => Some("FailedScheduling"),
            Self::PodsWithoutAddress { .. } | Self::SurgeWithoutPodAddresses { .. } => {
                Some("FailedCreatePodSandBox")
            }
            Self::RouteTableLimit { .. }
            | Self::SurgeOverPoolLimit { .. }
            | Self::FrontendPending { .. }
            | Self::ServiceCidrFull { .. } => None,
        }
    }

    /// One line in plain words: what this means for the cluster.
    pub fn explanation(&self) -> String {
        match self {
            Self::InsufficientSubnetSize {
                range,
                surge: Some(surge),
                max_count: Some(max),
                ..
            } => format!(
                "The cluster runs, but AKS refuses its next upgrade: it counts the cluster autoscaler's max count, {max} nodes, \
                 as the pool's nodes, and their {surge} surge node(s) find no room in {range}."
            ),
            Self::InsufficientSubnetSize {
                range,
                surge: Some(surge),
                ..
            } => format!(
                "The cluster runs, but the next upgrade fails: AKS counts its {surge} surge node(s) too, and {range} has no room for them."
            ),
            Self::InsufficientSubnetSize {
                range,
                max_count: Some(max),
                ..
            } => format!(
                "AKS checks {range} before it creates or scales anything, and counts the cluster autoscaler's max count, \
                 {max} nodes, not the nodes running now (\"In the node pools that use the autoscaler, the number of nodes is \
                 the value in the --max-count parameter\"): the whole operation fails, and the diagram shows the nodes the pods need."
            ),
            Self::InsufficientSubnetSize { range, .. } => format!(
                "AKS checks {range} before it creates or scales anything, so the whole operation fails; \
                 a running cluster keeps the nodes that fit, and the diagram shows how far the addresses go."
            ),
            Self::SubnetIsFull { surge, .. } => format!(
                "The cluster runs, but the next upgrade fails: the {surge} surge node(s) it adds first cannot get addresses."
            ),
            Self::RouteTableLimit {
                surge: Some(surge),
                ..
            } => format!(
                "The cluster runs, but the next upgrade fails: its {surge} surge node(s) need routes the table does not have (derived from the {ROUTE_TABLE_LIMIT}-route limit)."
            ),
            Self::SurgeWithoutPodAddresses { surge, .. } => format!(
                "The cluster runs, but the next upgrade stalls: its {surge} surge node(s) join without a batch of pod addresses, so the pods drained onto them stay in ContainerCreating (derived from how the pod subnet hands out batches)."
            ),
            Self::SurgeOverPoolLimit { .. } => {
                "The cluster runs, but AKS rejects its next upgrade before it starts: the pool and its surge would pass the pool's node limit.".into()
            }
            Self::RouteTableLimit { nodes, .. } => format!(
                "kubenet needs one route per node and a route table holds {ROUTE_TABLE_LIMIT}; {} of the {nodes} nodes cannot be added.",
                nodes.saturating_sub(ROUTE_TABLE_LIMIT)
            ),
            Self::PodsPending { count, .. } => format!(
                "{count} pod(s) stay Pending: every node already runs its max pods."
            ),
            Self::HostPortTaken { count, .. } => format!(
                "{count} pod(s) stay Pending: each asks for the same hostPort, and a node can bind a port only once."
            ),
            Self::PodsWithoutAddress { count } => format!(
                "{count} pod(s) are scheduled but stuck in ContainerCreating: the pod subnet has no address left for their node."
            ),
            Self::FrontendPending { service, .. } => format!(
                "Service \"{service}\" shows EXTERNAL-IP <pending>: its subnet has no free address for the load balancer frontend."
            ),
            Self::ServiceCidrFull { service, .. } => format!(
                "Service \"{service}\" cannot be created: every address of the service CIDR is taken."
            ),
        }
    }

    /// The fix AKS documents.
    pub fn fix(&self) -> &'static str {
        match self {
            Self::InsufficientSubnetSize {
                surge: None,
                max_count: Some(_),
                ..
            } => {
                "Lower the autoscaler's max count (the support article's workaround: \"temporarily decrease the MaxCount\"), \
                 or give the pool a range that holds it."
            }
            Self::InsufficientSubnetSize { range: RangeName::PodCidr, .. } => {
                "Pick a larger pod CIDR when you create the cluster (it cannot change later; Overlay can expand it on Linux-only clusters)."
            }
            Self::SurgeOverPoolLimit { .. } => {
                "Lower max surge for the upgrade, or split the nodes into two pools."
            }
            Self::InsufficientSubnetSize { .. }
            | Self::SubnetIsFull { .. }
            | Self::SurgeWithoutPodAddresses { .. } => {
                "Create a larger subnet, add a node pool on it (--vnet-subnet-id), drain and delete the old pool: \
                 a node pool's subnet cannot be resized."
            }
            Self::RouteTableLimit { .. } => {
                "Use Azure CNI Overlay (the documented migration target for kubenet), which needs no route table."
            }
            Self::PodsPending { .. } => {
                "Add nodes (or let the cluster autoscaler add them), or add a node pool with a higher max pods."
            }
            Self::HostPortTaken { .. } => {
                "Drop the hostPort and reach the pods through a Service (NodePort or LoadBalancer), or add nodes."
            }
            Self::PodsWithoutAddress { .. } => {
                "Give the pods a larger pod subnet (a new node pool on it), or run fewer pods per node."
            }
            Self::FrontendPending { .. } => {
                "Put internal load balancers in a subnet with room (annotation azure-load-balancer-internal-subnet)."
            }
            Self::ServiceCidrFull { .. } => {
                "Plan the service CIDR by the number of Services: a larger one holds more."
            }
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(code) = self.code() {
            write!(f, "{code}: ")?;
        }
        match self {
            // AKS's message, as aks-facts §6.2 and §10 quote it (AKS-Construction
            // #701, and the Overlay example it gives in full).
            Self::InsufficientSubnetSize {
                range,
                cidr,
                required,
                available,
                ..
            } => write!(
                f,
                "Pre-allocated IPs {required} exceeds IPs available {available} in Subnet Cidr {cidr}, Subnet Name {}. \
                 If Autoscaler is enabled, the max-count from each nodepool is counted towards this total \
                 (which means that pre-allocated IPs count represents a theoretical max value, not the actual number of IPs requested).",
                match range {
                    RangeName::PodCidr => "networkProfile.podCIDR".into(),
                    other => other.resource_name(),
                }
            ),
            // Wording from aks-facts §6.1 (error-code-subnetisfull-upgrade).
            Self::SubnetIsFull { range, cidr, .. } => write!(
                f,
                "Code='SubnetIsFull' Message='{} with address prefix {cidr} doesn't have enough capacity for IP addresses.'",
                range.resource_name()
            ),
            Self::RouteTableLimit { nodes, surge: None } => write!(
                f,
                "{nodes} nodes need {nodes} routes; a route table holds at most {ROUTE_TABLE_LIMIT} user-defined routes."
            ),
            Self::RouteTableLimit { nodes, surge: Some(surge) } => write!(
                f,
                "{nodes} nodes and {surge} surge node(s) need {} routes; a route table holds at most {ROUTE_TABLE_LIMIT} user-defined routes.",
                nodes + surge
            ),
            Self::SurgeOverPoolLimit { nodes, surge } => write!(
                f,
                "{nodes} nodes and {surge} surge node(s) make {}: a node pool holds at most {} nodes.",
                nodes + surge,
                Grouped(u64::from(*NODE_COUNT_RANGE.end()))
            ),
            // The CNS message of aks-facts §10, for a surge node's first pod.
            Self::SurgeWithoutPodAddresses { .. } => f.write_str(CNS_MESSAGE),
            // The event text of aks-facts §6.4.
            Self::PodsPending { ready_nodes, .. } => write!(
                f,
                "0/{ready_nodes} nodes are available: {ready_nodes} Too many pods."
            ),
            // The kube-scheduler's NodePorts filter reason.
            Self::HostPortTaken { ready_nodes, .. } => write!(
                f,
                "0/{ready_nodes} nodes are available: {ready_nodes} node(s) didn't have free ports for the requested pod ports."
            ),
            Self::PodsWithoutAddress { .. } => f.write_str(CNS_MESSAGE),
            Self::FrontendPending { service, cidr } => write!(
                f,
                "Service \"{service}\": no free address in {cidr} for the internal load balancer frontend."
            ),
            // Kubernetes' allocator error when the service range is exhausted.
            Self::ServiceCidrFull { cidr, .. } => write!(
                f,
                "failed to allocate a serviceIP: range is full ({cidr})."
            ),
        }
    }
}

/// Azure CNS's answer when a node has no pod address to give (aks-facts
/// §6.5, in the current wording of §10: Azure/azure-container-networking,
/// cns/restserver/ipam.go). The NC is the node's network container.
const CNS_MESSAGE: &str = "AllocateIPConfig failed: not enough IPs available for <NC id>, \
     waiting on Azure CNS to allocate more with NC Status: …";

/// The pods of a plan by what keeps them from running.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StuckPods {
    /// Pending: every Ready node runs its max pods.
    pub over_max_pods: u64,
    /// Pending: every Ready node with room binds their hostPort already.
    pub host_port_taken: u64,
    /// Scheduled, but their node has no address to give them.
    pub without_address: u64,
}

/// The failures of pods that cannot run, with the Ready node count the
/// scheduler's message quotes.
pub fn pod_failures(stuck: StuckPods, ready_nodes: u32) -> Vec<Failure> {
    let mut failures = Vec::new();
    if stuck.over_max_pods > 0 {
        failures.push(Failure::PodsPending {
            count: stuck.over_max_pods,
            ready_nodes,
        });
    }
    if stuck.host_port_taken > 0 {
        failures.push(Failure::HostPortTaken {
            count: stuck.host_port_taken,
            ready_nodes,
        });
    }
    if stuck.without_address > 0 {
        failures.push(Failure::PodsWithoutAddress {
            count: stuck.without_address,
        });
    }
    failures
}
