//! The address plan: every address of every range with its owner, the nodes,
//! the pods and where they run, the Services, kubenet's route table, the
//! capacity figures and what fails.
//!
//! Organization: this file holds the plan's public types and accessors;
//! `allocator` hands out the runs of one range (over `pool`), `schedule`
//! places pods on nodes, and `planner` (nodes and pods) with `services`
//! builds a plan in the order AKS does things.
//!
//! Invariants: planning a valid spec never panics and is deterministic;
//! [`Plan::evolve`] keeps every existing address, node and pod in place; no
//! address is handed out twice and none of Azure's reserved ones at all
//! (`tests/properties.rs`). Every id a plan hands out names something in it.

mod allocator;
mod planner;
mod pool;
mod schedule;
mod services;

use std::fmt;
use std::net::Ipv4Addr;
use std::sync::Arc;

use ipnet::Ipv4Net;

pub use crate::allocation::{Allocation, Owner, RangePlan};
use crate::capacity::{Capacity, NodeShortage, PoolCapacity, Requirement};
use crate::failure::Failure;
use crate::ids::{DeploymentId, NodeId, PodId, ServiceId};
use crate::names::RangeName;
pub use crate::plan::schedule::Placement;
use crate::plugin::{NetworkPlugin, PodIpAllocation};
use crate::spec::{
    Dataplane, Deployment, MaxSurge, NetworkPolicy, NsgRule, OutboundType, PolicyEngine,
    PoolSettings, RequiredNsgRule, ServiceKind, TargetPort, TrafficPolicy,
};
use crate::warning::Warning;

/// Illustrative public addresses (TEST-NET-2, RFC 5737) for public load
/// balancer frontends and the egress IP, as in aks-facts §5.0.
pub const PUBLIC_ADDRESSES: Ipv4Net = Ipv4Net::new_assert(Ipv4Addr::new(198, 51, 100, 0), 24);
/// The cluster's outbound (egress) public IP in the lab, aks-facts §5.0.
pub const EGRESS_PUBLIC_IP: Ipv4Addr = Ipv4Addr::new(198, 51, 100, 20);

/// Whether a node exists, and if not, which limit stopped it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeState {
    Ready,
    /// The node could not be added: the named limit ran out first.
    NotCreated(NodeShortage),
}

/// `--min-count` and `--max-count` of the cluster autoscaler.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AutoscalerRange {
    pub min: u32,
    pub max: u32,
}

impl AutoscalerRange {
    /// The range `pool` sets, if its autoscaler is on.
    pub fn of(pool: &PoolSettings) -> Option<Self> {
        pool.max_count.map(|max| Self {
            min: pool.node_count,
            max,
        })
    }
}

/// A node pool as planned: its settings as the cluster runs it, and the
/// addresses its nodes hold.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PoolPlan {
    /// Its place in [`Plan::pools`], and in its nodes' ids: 0 for the system pool.
    pub index: u8,
    pub name: Arc<str>,
    /// The nodes it runs (in a rollout's step, its surge nodes too).
    pub node_count: u32,
    /// The cluster autoscaler's range, when it is on for this pool.
    pub autoscaler: Option<AutoscalerRange>,
    pub max_pods: u32,
    pub max_surge: MaxSurge,
    /// The surge nodes an upgrade of this pool adds.
    pub surge: u32,
    pub node_subnet: RangeName,
    /// Pod Subnet: the subnet its pods take their addresses from.
    pub pod_subnet: Option<RangeName>,
    /// Whether the deployments' pods run on it.
    pub runs_workloads: bool,
    /// The addresses its nodes hold, by range, in the plan's order of ranges.
    pub addresses: Vec<(RangeName, u64)>,
    /// How far it can grow in what the other pools leave.
    pub capacity: PoolCapacity,
}

impl PoolPlan {
    pub fn is_system(&self) -> bool {
        self.index == 0
    }

    /// The node count AKS plans for: the autoscaler's max count, if it is on.
    pub fn planned_node_count(&self) -> u32 {
        self.autoscaler
            .map_or(self.node_count, |range| range.max.max(self.node_count))
    }
}

/// A VM of a node pool.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Node {
    pub id: NodeId,
    /// The name of its pool.
    pub pool: Arc<str>,
    pub state: NodeState,
    /// The NIC's primary IP in the node subnet.
    pub ip: Option<Ipv4Addr>,
    /// kubenet and Overlay: the node's /24 of the pod CIDR.
    pub pod_range: Option<Ipv4Net>,
    /// kubenet: the `cbr0` bridge, the first address of the node's /24.
    pub bridge_ip: Option<Ipv4Addr>,
    /// The addresses this node holds for its pods, as (first, len) runs:
    /// CNI's pre-allocated block, Pod Subnet batches or blocks.
    pub pod_ip_runs: Vec<(Ipv4Addr, u64)>,
    /// Pods running (or waiting for an address) on this node.
    pub pod_count: u32,
    /// Cordoned and drained (`kubectl get nodes`: `SchedulingDisabled`):
    /// the node keeps its addresses, but no pod is placed on it. Only an
    /// upgrade or a scale-in in progress ([`crate::rollout`]) cordons nodes.
    pub cordoned: bool,
}

impl Node {
    /// The VMSS instance name, as `kubectl get nodes` shows it: the pool,
    /// the cluster's number, the instance id in base 36 (aks-facts §10:
    /// `aks-nodepool1-12345678-vmss000000`).
    pub fn name(&self) -> String {
        let number = if self.id.pool() == 0 {
            NODE_NAME_NUMBER
        } else {
            // Each pool's scale set has its own number [derived].
            let mut seed = b"myResourceGroup/myAKSCluster/".to_vec();
            seed.extend_from_slice(self.pool.as_bytes());
            stable_hash(&seed) % 100_000_000
        };
        format!("aks-{}-{number:08}-{}", self.pool, self.instance())
    }

    /// The VMSS instance: the end of the name (`vmss000000`).
    pub fn instance(&self) -> String {
        format!("vmss{}", base36(self.id.instance(), 6))
    }

    /// The name short enough for a node's card: its pool and its instance.
    pub fn short_name(&self) -> String {
        format!("{} · {}", self.pool, self.instance())
    }

    pub fn is_ready(&self) -> bool {
        self.state == NodeState::Ready
    }

    /// Every run of addresses the node holds, as (first, len): its own,
    /// its pod runs, and its /24 of the pod CIDR.
    pub fn address_runs(&self) -> impl Iterator<Item = (Ipv4Addr, u64)> + '_ {
        self.ip
            .map(|ip| (ip, 1))
            .into_iter()
            .chain(self.pod_ip_runs.iter().copied())
            .chain(
                self.pod_range
                    .map(|range| (range.network(), crate::subnet::size_of(range))),
            )
    }

    /// Whether the scheduler may place pods on it: Ready and not cordoned.
    pub fn is_schedulable(&self) -> bool {
        self.is_ready() && !self.cordoned
    }
}

/// The place of the node with this id in `nodes`, laid out pool by pool
/// with each pool's instances from 0 in turn, `counts` nodes a pool: found
/// directly, which every change of a 100,000-pod plan does once a pod.
pub(crate) fn node_position(
    nodes: &[Node],
    counts: impl Iterator<Item = u32>,
    id: NodeId,
) -> Option<usize> {
    let start: usize = counts
        .take(usize::from(id.pool()))
        .map(|count| count as usize)
        .sum();
    let position = start + id.instance() as usize;
    nodes
        .get(position)
        .is_some_and(|node| node.id == id)
        .then_some(position)
}

/// The eight digits AKS puts in a pool's node names, a hash of the cluster:
/// the lab hashes the names its exported commands use, so that every plan
/// names its nodes alike.
const NODE_NAME_NUMBER: u64 = stable_hash(b"myResourceGroup/myAKSCluster") % 100_000_000;

/// FNV-1a: a fixed, platform-independent stand-in for a random pick or a
/// hash Azure computes.
pub(crate) const fn stable_hash(mut bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    while let [first, rest @ ..] = bytes {
        hash = (hash ^ *first as u64).wrapping_mul(0x0100_0000_01b3);
        bytes = rest;
    }
    hash
}

fn base36(mut value: u32, width: usize) -> String {
    const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut digits = vec![b'0'; width];
    for digit in digits.iter_mut().rev() {
        *digit = DIGITS.get((value % 36) as usize).copied().unwrap_or(b'0');
        value /= 36;
    }
    String::from_utf8(digits).unwrap_or_default()
}

/// A pod's lifecycle phase as `kubectl get pods` would show it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PodState {
    Running,
    /// No node can take it: `FailedScheduling`.
    Pending(Unschedulable),
    /// Scheduled, but its node has no address to give it: `FailedCreatePodSandBox`.
    ContainerCreating,
}

/// Why the scheduler found no node for a pod.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unschedulable {
    /// Every Ready node runs its max pods.
    MaxPods,
    /// Every Ready node with room already runs a pod on the same hostPort.
    HostPort,
}

/// One replica of a deployment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pod {
    pub id: PodId,
    pub deployment: DeploymentId,
    /// Its number within the deployment, from 0.
    pub ordinal: u32,
    pub placement: Option<Placement>,
    pub ip: Option<Ipv4Addr>,
    pub state: PodState,
}

impl Pod {
    pub fn is_running(&self) -> bool {
        self.state == PodState::Running
    }

    /// The node the pod runs on, if it is Running.
    pub fn running_on(&self) -> Option<NodeId> {
        self.placement
            .filter(|_| self.is_running())
            .map(|placement| placement.node)
    }
}

/// A Service with its addresses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServicePlan {
    pub id: ServiceId,
    pub name: String,
    pub kind: ServiceKind,
    pub port: u16,
    /// `targetPort` as written: a number or a container port's name.
    pub target: TargetPort,
    /// The number it stands for on the selected pods; `None` when a name
    /// matches none of their container ports, and then there are no endpoints.
    pub target_port: Option<u16>,
    pub external_traffic_policy: TrafficPolicy,
    /// The deployment it selects, if any.
    pub deployment: Option<DeploymentId>,
    pub cluster_ip: Option<Ipv4Addr>,
    pub node_port: Option<u16>,
    /// The load balancer frontend, private (internal) or public.
    pub frontend: Option<Ipv4Addr>,
    /// The Running pods it selects.
    pub endpoints: Vec<PodId>,
}

impl ServicePlan {
    /// `targetPort` in words: the number, or the name and what it stands for.
    pub fn target_text(&self) -> String {
        match (&self.target, self.target_port) {
            (TargetPort::Name(name), Some(number)) => format!("{name} ({number})"),
            (target, _) => target.to_string(),
        }
    }
}

/// A kubenet route: the node's pod /24 goes to the node as a virtual appliance.
/// Source: aks-facts §1.1 (cpa azure_routes.go).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Route {
    pub destination: Ipv4Net,
    pub next_hop: Ipv4Addr,
    pub node: NodeId,
}

impl fmt::Display for Route {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} → VirtualAppliance {}",
            self.destination, self.next_hop
        )
    }
}

/// The complete, explainable plan of one cluster.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    pub plugin: NetworkPlugin,
    pub dataplane: Dataplane,
    /// The NetworkPolicies applied, and what enforces them.
    pub policies: Vec<NetworkPolicy>,
    pub policy_engine: PolicyEngine,
    /// The NSG on the cluster's subnets: the learner's rules, and the
    /// required rules still on it.
    pub nsg_rules: Vec<NsgRule>,
    pub nsg_required: Vec<RequiredNsgRule>,
    pub pod_ip_allocation: PodIpAllocation,
    /// The nodes the autoscalers may still add up to their max counts, with
    /// the addresses each would take; no range holds them yet.
    pub autoscaler_headroom: Vec<Node>,
    /// The system pool, then the user pools.
    pub pools: Vec<PoolPlan>,
    pub vnet: Ipv4Net,
    pub outbound_type: OutboundType,
    pub deployments: Vec<Deployment>,
    pub nodes: Vec<Node>,
    pub pods: Vec<Pod>,
    pub services: Vec<ServicePlan>,
    /// VNet subnets, then the pod CIDR, the service CIDR and the public range.
    pub ranges: Vec<RangePlan>,
    /// kubenet only: one route per Ready node.
    pub routes: Vec<Route>,
    pub capacity: Capacity,
    pub failures: Vec<Failure>,
    /// Beside each failure, the pool whose upgrade it stops, if it is one pool's.
    pub failure_pools: Vec<Option<u8>>,
    pub warnings: Vec<Warning>,
}

impl Plan {
    pub fn pod(&self, id: PodId) -> Option<&Pod> {
        self.pods.get(id.index())
    }

    pub fn node(&self, id: NodeId) -> Option<&Node> {
        let counts = self.pools.iter().map(|pool| pool.node_count);
        self.nodes.get(node_position(&self.nodes, counts, id)?)
    }

    /// The pool at `index` (0: the system pool).
    pub fn pool(&self, index: u8) -> Option<&PoolPlan> {
        self.pools.get(usize::from(index))
    }

    /// The pool whose upgrade the failure at `index` of `failures` stops, if
    /// it is one pool's.
    pub fn failure_pool(&self, index: usize) -> Option<u8> {
        self.failure_pools.get(index).copied().flatten()
    }

    /// The system pool's max pods.
    pub fn max_pods(&self) -> u32 {
        self.pool(0).map_or(0, |pool| pool.max_pods)
    }

    /// The system pool's cluster autoscaler range, when it is on: the pool
    /// runs as many nodes within it as the pods need
    /// ([`crate::ClusterSpec::running_node_count`]).
    pub fn autoscaler(&self) -> Option<AutoscalerRange> {
        self.pool(0)?.autoscaler
    }

    /// The max pods of `node`'s pool.
    pub fn max_pods_on(&self, node: NodeId) -> u32 {
        self.pool(node.pool()).map_or(0, |pool| pool.max_pods)
    }

    pub fn service(&self, id: ServiceId) -> Option<&ServicePlan> {
        self.services.get(id.index())
    }

    pub fn deployment(&self, id: DeploymentId) -> Option<&Deployment> {
        self.deployments.get(id.index())
    }

    /// `kubectl get pods` style name: `<deployment>-<ordinal>`.
    pub fn pod_name(&self, pod: &Pod) -> String {
        let deployment = self
            .deployment(pod.deployment)
            .map_or("pod", |d| d.name.as_str());
        format!("{deployment}-{}", pod.ordinal)
    }

    /// The deployment a pod belongs to.
    pub fn deployment_of(&self, pod: &Pod) -> Option<&Deployment> {
        self.deployment(pod.deployment)
    }

    /// The range with this name, if the plan has one.
    pub fn range(&self, name: &RangeName) -> Option<&RangePlan> {
        self.ranges.iter().find(|range| &range.name == name)
    }

    /// The range a range named `name` of `cidr` was in this plan: the same
    /// name and range, or the same subnet of the VNet under another name
    /// (pools that share a subnet name it after the first of them, so it is
    /// renamed when that pool goes). Subnets never overlap, so the range finds it.
    pub(crate) fn range_as(&self, name: &RangeName, cidr: Ipv4Net) -> Option<&RangePlan> {
        self.ranges.iter().find(|range| {
            range.cidr == cidr
                && (range.name == *name || (range.name.is_vnet_subnet() && name.is_vnet_subnet()))
        })
    }

    /// The ranges of the cluster itself: every range but the lab's stand-in
    /// for public addresses.
    pub fn cluster_ranges(&self) -> impl Iterator<Item = &RangePlan> {
        self.ranges
            .iter()
            .filter(|range| range.name != RangeName::Public)
    }

    /// The usable addresses of the VNet's subnets that the plan hands out
    /// (nodes, pods' reservations, load balancer frontends): what the model
    /// costs the VNet (aks-facts §3.2).
    pub fn vnet_addresses_in_use(&self) -> u64 {
        self.ranges
            .iter()
            .filter(|range| range.name.is_vnet_subnet())
            .map(RangePlan::used)
            .sum()
    }

    /// The planning requirement of this plan's own model.
    pub fn requirement(&self) -> Option<&Requirement> {
        self.capacity
            .requirements
            .iter()
            .find(|requirement| requirement.plugin == self.plugin)
    }

    /// The `kube-dns` Service's address (the DNS service IP), as allocated.
    pub fn dns_service_ip(&self) -> Option<Ipv4Addr> {
        self.range(&RangeName::ServiceCidr)?
            .allocations
            .iter()
            .find(|allocation| allocation.owner == Owner::DnsService)
            .map(|allocation| allocation.first)
    }

    /// The lab's modelling choices that apply to this plan, for the widget to state.
    pub fn modelling_notes(&self) -> Vec<String> {
        let mut notes = crate::notes::modelling_notes(self.plugin, self.pod_ip_allocation);
        if self.autoscaler().is_some() {
            notes.push(
                "The cluster autoscaler here adds a node at once for pods the scheduler cannot place, and removes the nodes \
                 they do not need. The real one weighs the pods' CPU and memory requests too, which the lab does not model, \
                 and removes a node only after it has been unneeded for 10 minutes (scale-down-unneeded-time). The addresses \
                 its next nodes would take are the lowest free, as Azure hands them out (derived)."
                    .into(),
            );
        }
        if self.dataplane == Dataplane::Cilium {
            notes.push(
                "With Cilium there is no kube-proxy: its eBPF programs translate Services (aks-facts §1.5). The lab has them \
                 translate a pod's or a node's own connection at the socket, before any packet leaves, as Cilium's socket-level \
                 load balancer does (aks-facts §10), so nothing masquerades it; traffic from the network is translated on the \
                 node's interface, with SNAT under externalTrafficPolicy Cluster as kube-proxy does. AKS documents neither \
                 detail: both are derived from Cilium's kube-proxy replacement. Pod egress is still masqueraded by \
                 ip-masq-agent (eBPF host routing, which replaces it, is an option of Advanced Container Networking Services)."
                    .into(),
            );
        }
        if !self.policies.is_empty() {
            notes.push(format!(
                "The NetworkPolicies select every pod of the namespace and add up, as Kubernetes has them: a pod cannot block \
                 access to itself, and traffic from a pod's own node is always allowed. {} enforces them, ingress on the \
                 destination pod's node and egress on the sender's, against the addresses the packet carries there (after any \
                 SNAT). {}",
                self.policy_engine,
                if self.policy_engine == PolicyEngine::None {
                    "With no engine, the API server accepts a policy and nothing enforces it: AKS lets this happen."
                } else {
                    "The lab models the four policies it offers, not the engines' own extensions (Cilium's FQDN and L7 rules)."
                }
            ));
        }
        if !self.nsg_rules.is_empty() || self.nsg_required.len() < RequiredNsgRule::ALL.len() {
            notes.push(
                "One NSG on the cluster's subnets (the node subnets and, with Pod Subnet, the pod subnets), checked where a \
                 packet enters a node from the network: your rules and the required ones by priority, then Azure's 65000 \
                 AllowVnetInBound (the VNet, peered VNets, on-premises and, as the docs imply, the pod range) and 65500 \
                 DenyAllInBound. The load balancer's health probes (168.63.129.16) cross it too, allowed by 65001 unless a rule \
                 ahead denies them: on the nodePort under policy Cluster, on healthCheckNodePort under Local (the lab does not \
                 allocate it, so only a rule for every port denies those). The DNS lookup before a connection to a Service's name is shown answered, not checked."
                    .into(),
            );
        }
        if self.pools.len() > 1 {
            notes.push(
                "With user pools, the Deployment's pods run on them and the system pool keeps the system pods (CoreDNS, \
                 metrics-server, konnectivity), which the lab does not draw: AKS recommends it (learn: aks/use-system-pools), and a \
                 CriticalAddonsOnly taint on the system pool enforces it. The cluster autoscaler grows the pools that run the pods in \
                 order, each to its max count before the next; the real one's default expander picks at random (derived). An \
                 internal load balancer without a subnet annotation takes its frontend from the system pool's subnet; with pools on \
                 subnets of their own, AKS says only that it lands in one of them. Sources disagree on the system pool's size: \
                 the node pool page says a system pool has at least two nodes, while az aks create takes --node-count 1; the lab \
                 allows 1 [CONFLICT]. They disagree on a Linux pool's name too: 1 to 12 characters on the node pool pages, \
                 1 to 11 on the scaling page; the lab takes 12 [CONFLICT]."
                    .into(),
            );
        }
        notes
    }

    /// Ready nodes.
    pub fn ready_nodes(&self) -> impl Iterator<Item = &Node> {
        self.nodes.iter().filter(|node| node.is_ready())
    }

    /// Running pods.
    pub fn running_pods(&self) -> impl Iterator<Item = &Pod> {
        self.pods.iter().filter(|pod| pod.is_running())
    }
}
