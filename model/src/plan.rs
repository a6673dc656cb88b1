//! The address plan: every address of every range with its owner, the nodes,
//! the pods and where they run, the Services, kubenet's route table, the
//! capacity figures and what fails.

use std::collections::HashMap;
use std::fmt;
use std::net::Ipv4Addr;

use ipnet::Ipv4Net;

use crate::capacity::{
    dynamic_pod_addresses_for, node_pod_ranges_in, node_subnet_addresses_per_node, requirement,
    static_blocks_in_subnet, static_blocks_per_node, Requirement, Sizing,
    FIRST_POD_OFFSET_IN_NODE_RANGE, NODE_POD_RANGE_PREFIX, NODE_POD_RANGE_SIZE, POD_IP_BATCH,
    STATIC_BLOCK_SIZE,
};
use crate::failure::{Failure, Warning, NEARLY_FULL_PERCENT, ROUTE_TABLE_LIMIT};
use crate::plugin::{NetworkPlugin, PodIpAllocation};
use crate::pool::{Pool, Run};
use crate::schedule::{schedule, Placement};
use crate::spec::{
    ClusterSpec, Deployment, LoadBalancerScope, OutboundType, ServiceKind, TargetPort,
    TrafficPolicy,
};
use crate::subnet::{
    address_at, cidr, reserved_addresses, size_of, usable_in_subnet, ReservedRole,
};
use crate::validation::{validate, InputError, RangeName, NODE_PORT_RANGE};

/// Illustrative public addresses (TEST-NET-2, RFC 5737) for public load
/// balancer frontends and the egress IP, as in aks-facts §5.0.
pub const PUBLIC_ADDRESSES: Ipv4Net = cidr(198, 51, 100, 0, 24);
/// The name of the range that stands for the public addresses: not a
/// range of the cluster's, so views that list the cluster's ranges skip it.
pub const PUBLIC_RANGE: &str = "public";
/// The cluster's outbound (egress) public IP in the lab, aks-facts §5.0.
pub const EGRESS_PUBLIC_IP: Ipv4Addr = Ipv4Addr::new(198, 51, 100, 20);
/// The first public frontend in the lab, aks-facts §5.0.
const FIRST_PUBLIC_FRONTEND_OFFSET: u64 = 10;

/// Who holds a run of addresses.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Owner {
    /// One of the 5 addresses Azure keeps in every subnet.
    AzureReserved(ReservedRole),
    /// A node's own address (its NIC's primary IP).
    Node(u32),
    /// Azure CNI Node Subnet: the maxPods addresses pre-allocated to a node.
    PreallocatedPodIps(u32),
    /// kubenet or Overlay: the node's /24 of the pod CIDR.
    NodePodRange(u32),
    /// Pod Subnet (dynamic): the node's n-th batch of 16.
    PodIpBatch { node: u32, batch: u32 },
    /// Pod Subnet (static): the node's n-th /28 block.
    PodIpBlock { node: u32, block: u32 },
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
        size_of(self.cidr) - self.held_by(|_| true)
    }
}

/// Whether a node exists, and if not, which limit stopped it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeState {
    Ready,
    /// The node could not be added: the named limit ran out first.
    NotCreated(NodeShortage),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeShortage {
    /// A node pool holds at most 1,000 nodes. Only ever a capacity limit:
    /// validation keeps the node count within it.
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
    pub fn limit(&self) -> &'static str {
        match self {
            Self::NodePool => "the node pool (1,000 nodes at most)",
            Self::RouteTable => "the route table (400 routes, one per node)",
            Self::PodCidr => "the pod CIDR (a /24 per node)",
            Self::PodSubnet => "the pod subnet",
            Self::NodeSubnet => "the node subnet",
        }
    }
}

impl fmt::Display for NodeShortage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::NodePool => "the node pool is at its 1,000 nodes",
            Self::RouteTable => "no route left in the route table",
            Self::PodCidr => "no /24 left in the pod CIDR",
            Self::PodSubnet => "no /28 block left in the pod subnet",
            Self::NodeSubnet => "no address left in the node subnet",
        })
    }
}

/// A VM of the node pool.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Node {
    pub index: u32,
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
}

impl Node {
    /// The VMSS instance name, as `kubectl get nodes` shows it (instance ids
    /// are base 36).
    pub fn name(&self) -> String {
        format!("aks-nodepool1-vmss{}", base36(self.index, 6))
    }
}

fn base36(mut value: u32, width: usize) -> String {
    const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut digits = vec![b'0'; width];
    for digit in digits.iter_mut().rev() {
        *digit = DIGITS[(value % 36) as usize];
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
    /// Index into [`Plan::deployments`].
    pub deployment: usize,
    /// Its number within the deployment, from 0.
    pub ordinal: u32,
    pub placement: Option<Placement>,
    pub ip: Option<Ipv4Addr>,
    pub state: PodState,
}

/// A Service with its addresses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServicePlan {
    pub name: String,
    pub kind: ServiceKind,
    pub port: u16,
    /// `targetPort` as written: a number or a container port's name.
    pub target: TargetPort,
    /// The number it stands for on the selected pods; `None` when a name
    /// matches none of their container ports, and then there are no endpoints.
    pub target_port: Option<u16>,
    pub external_traffic_policy: TrafficPolicy,
    /// Index into [`Plan::deployments`] of the deployment it selects, if any.
    pub deployment: Option<usize>,
    pub cluster_ip: Option<Ipv4Addr>,
    pub node_port: Option<u16>,
    /// The load balancer frontend, private (internal) or public.
    pub frontend: Option<Ipv4Addr>,
    /// Indices into [`Plan::pods`] of the Running pods it selects.
    pub endpoints: Vec<usize>,
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
    pub node: u32,
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
    /// Pods the Ready nodes can run: Ready nodes × max pods, bounded by the
    /// pod addresses the pod subnet can hand out (Pod Subnet, dynamic).
    pub pod_capacity: u64,
    pub pods_running: u64,
    pub pods_pending: u64,
    pub pods_without_address: u64,
    /// The planner's answer for this cluster under every model.
    pub requirements: Vec<Requirement>,
}

/// The complete, explainable plan of one cluster.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    pub plugin: NetworkPlugin,
    pub pod_ip_allocation: PodIpAllocation,
    pub max_pods: u32,
    pub max_surge: u32,
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
    pub warnings: Vec<Warning>,
}

impl Plan {
    /// Plans `spec` from scratch, as a freshly created cluster.
    ///
    /// ```
    /// use aks_model::{ClusterSpec, NetworkPlugin, Plan};
    /// let plan = Plan::build(&ClusterSpec::defaults_for(NetworkPlugin::Kubenet)).unwrap();
    /// // The first node takes x.x.x.4, the first address Azure does not reserve.
    /// assert_eq!(plan.nodes[0].ip, Some("10.224.0.4".parse().unwrap()));
    /// ```
    pub fn build(spec: &ClusterSpec) -> Result<Plan, Vec<InputError>> {
        validate(spec)?;
        Ok(Planner::new(spec, None).plan())
    }

    /// Plans `spec` as a change to a running cluster planned as `previous`:
    /// whatever still exists keeps its address, node and slot (Kubernetes
    /// never moves a running pod; Azure never renumbers a NIC), and only what
    /// is new is handed out.
    pub fn evolve(previous: &Plan, spec: &ClusterSpec) -> Result<Plan, Vec<InputError>> {
        validate(spec)?;
        Ok(Planner::new(spec, Some(previous)).plan())
    }

    /// `kubectl get pods` style name: `<deployment>-<ordinal>`.
    pub fn pod_name(&self, pod: &Pod) -> String {
        let deployment = self
            .deployments
            .get(pod.deployment)
            .map_or("pod", |d| d.name.as_str());
        format!("{deployment}-{}", pod.ordinal)
    }

    /// The range with this name, if the plan has one.
    pub fn range(&self, name: &RangeName) -> Option<&RangePlan> {
        self.ranges.iter().find(|range| &range.name == name)
    }

    /// The usable addresses of the VNet's subnets that the plan hands out
    /// (nodes, pods' reservations, load balancer frontends): what the model
    /// costs the VNet (aks-facts §3.2).
    pub fn vnet_addresses_in_use(&self) -> u64 {
        self.ranges
            .iter()
            .filter(|range| self.vnet.contains(&range.cidr) && range.name != RangeName::Vnet)
            .map(|range| range.usable - range.free().min(range.usable))
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
    pub fn modelling_notes(&self) -> Vec<&'static str> {
        crate::notes::modelling_notes(self.plugin, self.pod_ip_allocation)
    }

    /// Ready nodes.
    pub fn ready_nodes(&self) -> impl Iterator<Item = &Node> {
        self.nodes
            .iter()
            .filter(|node| node.state == NodeState::Ready)
    }
}

impl Default for Plan {
    /// The plan of [`ClusterSpec::default`], which is valid by construction
    /// (a test checks it), so it needs no `Result`.
    fn default() -> Self {
        Planner::new(&ClusterSpec::default(), None).plan()
    }
}

/// A pool for one range, with the runs kept from a previous plan.
struct RangeAllocator {
    name: RangeName,
    cidr: Ipv4Net,
    usable: u64,
    pool: Pool<Owner>,
    /// Runs kept from the previous plan, not yet confirmed by this one.
    kept: HashMap<Owner, (u64, u64)>,
}

impl RangeAllocator {
    fn new(name: RangeName, cidr: Ipv4Net, size: u64, usable: u64) -> Self {
        Self {
            name,
            cidr,
            usable,
            pool: Pool::new(size),
            kept: HashMap::new(),
        }
    }

    /// An Azure subnet: its 5 reserved addresses are taken first.
    fn azure_subnet(name: RangeName, cidr: Ipv4Net) -> Self {
        let mut range = Self::new(name, cidr, size_of(cidr), usable_in_subnet(cidr));
        for (address, role) in reserved_addresses(cidr) {
            let offset = u64::from(u32::from(address) - u32::from(cidr.network()));
            range.pool.take_exact(offset, 1, Owner::AzureReserved(role));
        }
        range
    }

    /// Keeps the previous plan's runs of the same range, for owners `wanted`.
    fn keep_from(&mut self, previous: Option<&Plan>, unit: u64, wanted: impl Fn(&Owner) -> bool) {
        let Some(range) = previous.and_then(|plan| plan.range(&self.name)) else {
            return;
        };
        if range.cidr != self.cidr {
            return;
        }
        for allocation in range.allocations.iter().filter(|a| wanted(&a.owner)) {
            let offset = u64::from(u32::from(allocation.first) - u32::from(self.cidr.network()));
            let (start, len) = (offset / unit, allocation.len.div_ceil(unit));
            if self.pool.take_exact(start, len, allocation.owner.clone()) {
                self.kept.insert(allocation.owner.clone(), (start, len));
            }
        }
    }

    /// The run kept for `owner` if it has the right length, else the lowest free one.
    fn claim(&mut self, owner: Owner, len: u64, align: u64) -> Option<u64> {
        self.reuse_kept(&owner, len)
            .or_else(|| self.pool.claim_lowest(len, align, owner))
    }

    /// Like [`RangeAllocator::claim`], but the highest free run.
    fn claim_from_top(&mut self, owner: Owner, len: u64) -> Option<u64> {
        self.reuse_kept(&owner, len)
            .or_else(|| self.pool.claim_highest(len, owner))
    }

    /// The run kept for `owner`, if it still has the length wanted; a kept
    /// run of another length is given back to the pool.
    fn reuse_kept(&mut self, owner: &Owner, len: u64) -> Option<u64> {
        let (start, kept_len) = self.kept.remove(owner)?;
        if kept_len == len {
            return Some(start);
        }
        self.pool.release(start);
        None
    }

    fn release(&mut self, start: u64) {
        self.pool.release(start);
    }

    fn address(&self, offset: u64, unit: u64) -> Ipv4Addr {
        address_at(self.cidr, offset * unit)
    }

    /// Drops kept runs nobody claimed again, and lists the rest.
    fn finish(mut self, unit: u64) -> RangePlan {
        for (start, _) in std::mem::take(&mut self.kept).into_values() {
            self.pool.release(start);
        }
        let cidr = self.cidr;
        let allocations = self
            .pool
            .into_runs()
            .into_iter()
            .map(|Run { start, len, owner }| Allocation {
                first: address_at(cidr, start * unit),
                len: len * unit,
                owner,
            })
            .collect();
        RangePlan {
            name: self.name,
            cidr,
            usable: self.usable,
            allocations,
        }
    }
}

/// Builds one plan. Each step is a method, in the order AKS does things:
/// nodes (with their addresses and pod ranges), then pods, then Services.
struct Planner<'a> {
    spec: &'a ClusterSpec,
    previous: Option<&'a Plan>,
    node_subnet: RangeAllocator,
    pod_subnet: Option<RangeAllocator>,
    /// Counted in /24s, one unit per node.
    pod_cidr: Option<RangeAllocator>,
    extra_subnets: Vec<RangeAllocator>,
    service_cidr: RangeAllocator,
    public: RangeAllocator,
    nodes: Vec<Node>,
    failures: Vec<Failure>,
}

impl<'a> Planner<'a> {
    fn new(spec: &'a ClusterSpec, previous: Option<&'a Plan>) -> Self {
        let plugin = spec.plugin;
        let pod_subnet = plugin
            .uses_pod_subnet()
            .then(|| RangeAllocator::azure_subnet(RangeName::PodSubnet, spec.pod_subnet));
        let pod_cidr = plugin.uses_pod_cidr().then(|| {
            let blocks = node_pod_ranges_in(spec.pod_cidr.prefix_len());
            RangeAllocator::new(
                RangeName::PodCidr,
                spec.pod_cidr,
                blocks,
                size_of(spec.pod_cidr),
            )
        });
        let extra_subnets = spec
            .extra_subnets
            .iter()
            .map(|s| RangeAllocator::azure_subnet(RangeName::Subnet(s.name.clone()), s.cidr))
            .collect();
        let service_size = size_of(spec.service_cidr);
        let mut service_cidr = RangeAllocator::new(
            RangeName::ServiceCidr,
            spec.service_cidr,
            service_size,
            service_size.saturating_sub(2),
        );
        // Validation guarantees the DNS IP is inside and distinct from these.
        for (offset, owner) in [
            (0, Owner::ServiceRangeEdge),
            (service_size - 1, Owner::ServiceRangeEdge),
            (1, Owner::KubernetesService),
            (
                u64::from(u32::from(spec.dns_service_ip) - u32::from(spec.service_cidr.network())),
                Owner::DnsService,
            ),
        ] {
            service_cidr.pool.take_exact(offset, 1, owner);
        }
        let mut public = RangeAllocator::new(
            RangeName::Subnet(PUBLIC_RANGE.into()),
            PUBLIC_ADDRESSES,
            size_of(PUBLIC_ADDRESSES),
            size_of(PUBLIC_ADDRESSES) - FIRST_PUBLIC_FRONTEND_OFFSET,
        );
        public
            .pool
            .take_exact(0, FIRST_PUBLIC_FRONTEND_OFFSET, Owner::ServiceRangeEdge);
        let egress = u64::from(u32::from(EGRESS_PUBLIC_IP) - u32::from(PUBLIC_ADDRESSES.network()));
        public.pool.take_exact(egress, 1, Owner::Egress);

        Self {
            spec,
            previous,
            node_subnet: RangeAllocator::azure_subnet(RangeName::NodeSubnet, spec.node_subnet),
            pod_subnet,
            pod_cidr,
            extra_subnets,
            service_cidr,
            public,
            nodes: Vec::new(),
            failures: Vec::new(),
        }
    }

    fn plan(mut self) -> Plan {
        self.keep_previous_addresses();
        self.add_nodes();
        let routes = self.route_table();
        let pods = self.place_pods();
        let pods = self.address_pods(pods);
        let services = self.add_services(&pods);
        self.check_upgrade_headroom();

        let spec = self.spec;
        let mut ranges = vec![split_preallocated(self.node_subnet.finish(1))];
        ranges.extend(self.pod_subnet.map(|range| range.finish(1)));
        ranges.extend(self.extra_subnets.into_iter().map(|range| range.finish(1)));
        ranges.extend(self.pod_cidr.map(|range| range.finish(NODE_POD_RANGE_SIZE)));
        ranges.push(self.service_cidr.finish(1));
        ranges.push(self.public.finish(1));

        let capacity = capacity_of(spec, &self.nodes, &pods, &ranges);
        let mut failures = self.failures;
        failures.extend(pod_failures(&capacity, &self.nodes, &pods));
        let warnings = warnings_of(spec, &ranges);
        Plan {
            plugin: spec.plugin,
            pod_ip_allocation: spec.pod_ip_allocation,
            max_pods: spec.max_pods,
            max_surge: spec.max_surge,
            vnet: spec.vnet,
            outbound_type: spec.outbound_type,
            deployments: spec.deployments.clone(),
            nodes: self.nodes,
            pods,
            services,
            ranges,
            routes,
            capacity,
            failures,
            warnings,
        }
    }

    /// Pins what the previous plan handed out to owners that still exist.
    fn keep_previous_addresses(&mut self) {
        let spec = self.spec;
        let node_exists = |node: u32| node < spec.node_count;
        let node_len = node_subnet_addresses_per_node(spec.plugin, spec.max_pods);
        let same_plugin = self.previous.is_some_and(|p| p.plugin == spec.plugin);
        let same_pod_mode = self.previous.is_some_and(|p| {
            p.pod_ip_allocation == spec.pod_ip_allocation && p.max_pods == spec.max_pods
        });
        let internal_frontend_in = |name: &str, subnet: &RangeName| {
            spec.services.iter().any(|service| {
                service.name == name
                    && match (&service.kind, subnet) {
                        (
                            ServiceKind::LoadBalancer(LoadBalancerScope::Internal { subnet: None }),
                            RangeName::NodeSubnet,
                        ) => true,
                        (
                            ServiceKind::LoadBalancer(LoadBalancerScope::Internal {
                                subnet: Some(wanted),
                            }),
                            RangeName::Subnet(actual),
                        ) => wanted == actual,
                        _ => false,
                    }
            })
        };
        let previous = self.previous;

        if same_plugin && node_len == 1 {
            self.node_subnet.keep_from(
                previous,
                1,
                |owner| matches!(owner, Owner::Node(i) if node_exists(*i)),
            );
        } else if same_plugin {
            // The node's run, merged back with CNI's pre-allocated block.
            self.keep_cni_node_runs(previous, node_len);
        }
        let node_subnet_name = self.node_subnet.name.clone();
        self.node_subnet.keep_from(previous, 1, |owner| {
            matches!(owner, Owner::LoadBalancerFrontend(name) if internal_frontend_in(name, &node_subnet_name))
        });
        for subnet in &mut self.extra_subnets {
            let name = subnet.name.clone();
            subnet.keep_from(previous, 1, |owner| {
                matches!(owner, Owner::LoadBalancerFrontend(service) if internal_frontend_in(service, &name))
            });
        }
        if let Some(pod_cidr) = &mut self.pod_cidr {
            pod_cidr.keep_from(
                previous,
                NODE_POD_RANGE_SIZE,
                |owner| matches!(owner, Owner::NodePodRange(i) if node_exists(*i)),
            );
        }
        if let (Some(pod_subnet), true) = (&mut self.pod_subnet, same_pod_mode) {
            pod_subnet.keep_from(previous, 1, |owner| match owner {
                Owner::PodIpBatch { node, .. } | Owner::PodIpBlock { node, .. } => {
                    node_exists(*node)
                }
                _ => false,
            });
        }
        self.service_cidr.keep_from(previous, 1, |owner| {
            matches!(owner, Owner::ClusterIp(name) if spec.services.iter().any(|s| &s.name == name))
        });
        self.public.keep_from(previous, 1, |owner| {
            matches!(owner, Owner::LoadBalancerFrontend(name) if spec.services.iter().any(|s| {
                &s.name == name && s.kind == ServiceKind::LoadBalancer(LoadBalancerScope::Public)
            }))
        });
    }

    /// Azure CNI Node Subnet: a node's address and its pre-allocated block
    /// are one run in the pool; the previous plan lists them as two.
    fn keep_cni_node_runs(&mut self, previous: Option<&Plan>, node_len: u64) {
        let Some(nodes) = previous.map(|plan| &plan.nodes) else {
            return;
        };
        let network = u32::from(self.node_subnet.cidr.network());
        for node in nodes.iter().filter(|n| n.index < self.spec.node_count) {
            let (Some(ip), Some(&(block, block_len))) = (node.ip, node.pod_ip_runs.first()) else {
                continue;
            };
            if u32::from(block) != u32::from(ip) + 1 || block_len + 1 != node_len {
                continue;
            }
            let start = u64::from(u32::from(ip) - network);
            if self
                .node_subnet
                .pool
                .take_exact(start, node_len, Owner::Node(node.index))
            {
                self.node_subnet
                    .kept
                    .insert(Owner::Node(node.index), (start, node_len));
            }
        }
    }

    /// Adds the pool's nodes one by one, each only if every range it needs
    /// has room. Failures come from AKS's pre-check first: the documented
    /// requirement of each range against what it has.
    fn add_nodes(&mut self) {
        let spec = self.spec;
        let node_len = node_subnet_addresses_per_node(spec.plugin, spec.max_pods);
        let static_blocks = (spec.plugin.uses_pod_subnet()
            && spec.pod_ip_allocation == PodIpAllocation::StaticBlock)
            .then(|| static_blocks_per_node(spec.max_pods));
        self.pre_check(node_len, static_blocks);

        for index in 0..spec.node_count {
            let mut node = Node {
                index,
                state: NodeState::Ready,
                ip: None,
                pod_range: None,
                bridge_ip: None,
                pod_ip_runs: Vec::new(),
                pod_count: 0,
            };
            if let Err(shortage) = self.allocate_node(&mut node, node_len, static_blocks) {
                node.state = NodeState::NotCreated(shortage);
            }
            self.nodes.push(node);
        }
    }

    /// AKS's pre-check: one failure per range (or limit) whose documented
    /// requirement for all the nodes exceeds what it has. Source: aks-facts
    /// §6.1 (nodes × addresses per node), §6.2 (a /24 per node), §6.3 (400 routes).
    fn pre_check(&mut self, node_len: u64, static_blocks: Option<u64>) {
        let spec = self.spec;
        let nodes = u64::from(spec.node_count);
        let mut shortfalls = vec![(
            RangeName::NodeSubnet,
            spec.node_subnet,
            nodes * node_len,
            self.node_subnet.usable - held_by_others(&self.node_subnet.pool),
        )];
        if spec.plugin.uses_pod_cidr() {
            shortfalls.push((
                RangeName::PodCidr,
                spec.pod_cidr,
                nodes * NODE_POD_RANGE_SIZE,
                node_pod_ranges_in(spec.pod_cidr.prefix_len()) * NODE_POD_RANGE_SIZE,
            ));
        }
        if let Some(blocks) = static_blocks {
            shortfalls.push((
                RangeName::PodSubnet,
                spec.pod_subnet,
                nodes * blocks * STATIC_BLOCK_SIZE,
                static_blocks_in_subnet(size_of(spec.pod_subnet)) * STATIC_BLOCK_SIZE,
            ));
        }
        for (range, cidr, required, available) in shortfalls {
            if required > available {
                self.failures.push(Failure::InsufficientSubnetSize {
                    range,
                    cidr,
                    required,
                    available,
                });
            }
        }
        if spec.plugin == NetworkPlugin::Kubenet && spec.node_count > ROUTE_TABLE_LIMIT {
            self.failures.push(Failure::RouteTableLimit {
                nodes: spec.node_count,
            });
        }
    }

    fn allocate_node(
        &mut self,
        node: &mut Node,
        node_len: u64,
        static_blocks: Option<u64>,
    ) -> Result<(), NodeShortage> {
        let index = node.index;
        if self.spec.plugin == NetworkPlugin::Kubenet && index >= ROUTE_TABLE_LIMIT {
            return Err(NodeShortage::RouteTable);
        }
        let mut pod_range_start = None;
        if let Some(pod_cidr) = &mut self.pod_cidr {
            let start = pod_cidr
                .claim(Owner::NodePodRange(index), 1, 1)
                .ok_or(NodeShortage::PodCidr)?;
            pod_range_start = Some(start);
        }
        let mut blocks = Vec::new();
        if let (Some(count), Some(pod_subnet)) = (static_blocks, &mut self.pod_subnet) {
            for block in 0..count as u32 {
                let owner = Owner::PodIpBlock { node: index, block };
                match pod_subnet.claim(owner, STATIC_BLOCK_SIZE, STATIC_BLOCK_SIZE) {
                    Some(start) => blocks.push(start),
                    None => {
                        blocks
                            .into_iter()
                            .for_each(|start| pod_subnet.release(start));
                        self.release_pod_range(pod_range_start);
                        return Err(NodeShortage::PodSubnet);
                    }
                }
            }
        }
        let Some(start) = self.node_subnet.claim(Owner::Node(index), node_len, 1) else {
            if let Some(pod_subnet) = &mut self.pod_subnet {
                blocks
                    .into_iter()
                    .for_each(|start| pod_subnet.release(start));
            }
            self.release_pod_range(pod_range_start);
            return Err(NodeShortage::NodeSubnet);
        };

        node.ip = Some(self.node_subnet.address(start, 1));
        if node_len > 1 {
            node.pod_ip_runs
                .push((self.node_subnet.address(start + 1, 1), node_len - 1));
        }
        if let (Some(pod_cidr), Some(block)) = (&self.pod_cidr, pod_range_start) {
            let first = pod_cidr.address(block, NODE_POD_RANGE_SIZE);
            node.pod_range = Ipv4Net::new(first, NODE_POD_RANGE_PREFIX).ok();
            if self.spec.plugin == NetworkPlugin::Kubenet {
                node.bridge_ip = Some(Ipv4Addr::from(u32::from(first) + 1));
            }
        }
        if let Some(pod_subnet) = &mut self.pod_subnet {
            if static_blocks.is_some() {
                node.pod_ip_runs.extend(
                    blocks
                        .into_iter()
                        .map(|start| (pod_subnet.address(start, 1), STATIC_BLOCK_SIZE)),
                );
            } else if let Some(start) = pod_subnet.claim(
                Owner::PodIpBatch {
                    node: index,
                    batch: 0,
                },
                POD_IP_BATCH,
                1,
            ) {
                // Dynamic: the first batch comes with the node.
                node.pod_ip_runs
                    .push((pod_subnet.address(start, 1), POD_IP_BATCH));
            }
        }
        Ok(())
    }

    fn release_pod_range(&mut self, start: Option<u64>) {
        if let (Some(pod_cidr), Some(start)) = (&mut self.pod_cidr, start) {
            pod_cidr.release(start);
        }
    }

    fn route_table(&self) -> Vec<Route> {
        if self.spec.plugin != NetworkPlugin::Kubenet {
            return Vec::new();
        }
        self.nodes
            .iter()
            .filter_map(|node| {
                Some(Route {
                    destination: node.pod_range?,
                    next_hop: node.ip?,
                    node: node.index,
                })
            })
            .collect()
    }

    /// Schedules every replica of every deployment.
    fn place_pods(&mut self) -> Vec<Pod> {
        let spec = self.spec;
        let mut pods: Vec<Pod> = Vec::with_capacity(spec.total_replicas() as usize);
        for (deployment, d) in spec.deployments.iter().enumerate() {
            pods.extend((0..d.replicas).map(|ordinal| Pod {
                deployment,
                ordinal,
                placement: None,
                ip: None,
                state: PodState::Pending(Unschedulable::MaxPods),
            }));
        }
        let kept = self.kept_placements();
        let ready: Vec<bool> = self
            .nodes
            .iter()
            .map(|n| n.state == NodeState::Ready)
            .collect();
        let placements = schedule(pods.len(), &ready, spec.max_pods, |index| {
            let pod = &pods[index];
            kept.get(&(spec.deployments[pod.deployment].name.as_str(), pod.ordinal))
                .copied()
        });
        // A hostPort can be bound once per node: a second pod of the same
        // deployment on a node stays Pending (the scheduler's NodePorts
        // filter). The replicas are spread one per node first, so this only
        // bites when there are more replicas than nodes. With several
        // deployments competing for slots this is an approximation: the
        // real scheduler would place the pod on another node with room.
        let mut host_ports_taken: Vec<(usize, u32)> = Vec::new();
        for (pod, mut placement) in pods.iter_mut().zip(placements) {
            let host_port = spec.deployments[pod.deployment].host_port.is_some();
            if let (Some(taken), true) = (placement, host_port) {
                if host_ports_taken.contains(&(pod.deployment, taken.node)) {
                    placement = None;
                    pod.state = PodState::Pending(Unschedulable::HostPort);
                } else {
                    host_ports_taken.push((pod.deployment, taken.node));
                }
            }
            pod.placement = placement;
            if let Some(placement) = placement {
                self.nodes[placement.node as usize].pod_count += 1;
            }
        }
        pods
    }

    fn kept_placements(&self) -> HashMap<(&'a str, u32), Placement> {
        let Some(previous) = self.previous else {
            return HashMap::new();
        };
        previous
            .pods
            .iter()
            .filter_map(|pod| {
                let deployment = previous.deployments.get(pod.deployment)?;
                Some(((deployment.name.as_str(), pod.ordinal), pod.placement?))
            })
            .collect()
    }

    /// Gives each placed pod the address its model gives it.
    fn address_pods(&mut self, mut pods: Vec<Pod>) -> Vec<Pod> {
        if self.spec.plugin.uses_pod_subnet()
            && self.spec.pod_ip_allocation == PodIpAllocation::Dynamic
        {
            self.add_dynamic_batches(&pods);
        }
        let plugin = self.spec.plugin;
        for pod in &mut pods {
            let Some(placement) = pod.placement else {
                continue;
            };
            let node = &self.nodes[placement.node as usize];
            let slot = u64::from(placement.slot);
            pod.ip = match plugin {
                NetworkPlugin::Kubenet | NetworkPlugin::AzureCniOverlay => node
                    .pod_range
                    .map(|range| address_at(range, FIRST_POD_OFFSET_IN_NODE_RANGE + slot)),
                NetworkPlugin::AzureCni => nth_address(&node.pod_ip_runs, slot),
                NetworkPlugin::AzureCniPodSubnet => match self.spec.pod_ip_allocation {
                    // Static: the first address of the node's blocks is kept
                    // for the node. Source: aks-facts §1.4.
                    PodIpAllocation::StaticBlock => nth_address(&node.pod_ip_runs, slot + 1),
                    PodIpAllocation::Dynamic => nth_address(&node.pod_ip_runs, slot),
                },
            };
            pod.state = if pod.ip.is_some() {
                PodState::Running
            } else {
                PodState::ContainerCreating
            };
        }
        pods
    }

    /// Pod Subnet (dynamic): after the first batch each node got at start, a
    /// node asks for more batches until 8 or more of its addresses are free
    /// (aks-facts §1.4). Pods start on all nodes at once, so the nodes take
    /// their further batches in turn, one round at a time.
    fn add_dynamic_batches(&mut self, pods: &[Pod]) {
        let Some(pod_subnet) = &mut self.pod_subnet else {
            return;
        };
        let mut highest_slot = vec![0u64; self.nodes.len()];
        for placement in pods.iter().filter_map(|pod| pod.placement) {
            let node = placement.node as usize;
            highest_slot[node] = highest_slot[node].max(u64::from(placement.slot) + 1);
        }
        // A node that never got its first batch (the subnet was full) asks for none.
        let batches_wanted: Vec<u32> = self
            .nodes
            .iter()
            .map(|node| {
                if node.pod_ip_runs.is_empty() {
                    return 0;
                }
                let addresses = dynamic_pod_addresses_for(u64::from(node.pod_count))
                    .max(highest_slot[node.index as usize].next_multiple_of(POD_IP_BATCH));
                (addresses / POD_IP_BATCH) as u32
            })
            .collect();
        let rounds = batches_wanted.iter().copied().max().unwrap_or(0);
        for batch in 1..rounds {
            for node in self.nodes.iter_mut() {
                // A node whose previous batch failed stops asking.
                if batches_wanted[node.index as usize] <= batch
                    || node.pod_ip_runs.len() != batch as usize
                {
                    continue;
                }
                let owner = Owner::PodIpBatch {
                    node: node.index,
                    batch,
                };
                if let Some(start) = pod_subnet.claim(owner, POD_IP_BATCH, 1) {
                    node.pod_ip_runs
                        .push((pod_subnet.address(start, 1), POD_IP_BATCH));
                }
            }
        }
    }

    fn add_services(&mut self, pods: &[Pod]) -> Vec<ServicePlan> {
        let spec = self.spec;
        let mut taken_node_ports: Vec<u16> =
            spec.services.iter().filter_map(|s| s.node_port).collect();
        let mut services = Vec::with_capacity(spec.services.len());
        for service in &spec.services {
            let cluster_ip = self.claim_cluster_ip(&service.name);
            if cluster_ip.is_none() {
                self.failures.push(Failure::ServiceCidrFull {
                    service: service.name.clone(),
                    cidr: spec.service_cidr,
                });
            }
            let node_port = service.kind.has_node_port().then(|| {
                service
                    .node_port
                    .unwrap_or_else(|| pick_node_port(&service.name, &mut taken_node_ports))
            });
            let frontend = match &service.kind {
                ServiceKind::LoadBalancer(scope) => self.claim_frontend(&service.name, scope),
                _ => None,
            };
            let selected = spec
                .deployments
                .iter()
                .position(|d| d.name == service.selector);
            // A pod whose container has no port of the targetPort's name is
            // left out of the EndpointSlice (aks-facts §4.2).
            let target_port =
                selected.and_then(|d| spec.deployments[d].resolve(&service.target_port));
            let endpoints = pods
                .iter()
                .enumerate()
                .filter(|(_, pod)| {
                    Some(pod.deployment) == selected
                        && pod.state == PodState::Running
                        && target_port.is_some()
                })
                .map(|(index, _)| index)
                .collect();
            services.push(ServicePlan {
                name: service.name.clone(),
                kind: service.kind.clone(),
                port: service.port,
                target: service.target_port.clone(),
                target_port,
                external_traffic_policy: service.external_traffic_policy,
                deployment: selected,
                cluster_ip,
                node_port,
                frontend,
                endpoints,
            });
        }
        services
    }

    /// Kubernetes picks a ClusterIP at random from the upper band of the
    /// service range first (aks-facts §2). The lab stands in a hash of the
    /// name for the random pick, so the same Service always gets the same
    /// address, then probes upward; when the upper band is full it uses the
    /// lower one.
    fn claim_cluster_ip(&mut self, name: &str) -> Option<Ipv4Addr> {
        let owner = Owner::ClusterIp(name.to_string());
        let range = &mut self.service_cidr;
        if let Some(start) = range.reuse_kept(&owner, 1) {
            return Some(range.address(start, 1));
        }
        let size = size_of(range.cidr);
        // The static band: min(max(16, size/16), 256). Source: aks-facts §2.
        let band = (size / 16).clamp(16, 256).min(size);
        let upper = band..size.saturating_sub(1);
        let lower = 1..band.min(size.saturating_sub(1));
        for candidates in [upper, lower] {
            let span = candidates.end.saturating_sub(candidates.start);
            if span == 0 {
                continue;
            }
            let first = stable_hash(name) % span;
            for step in 0..span {
                let offset = candidates.start + (first + step) % span;
                if range.pool.take_exact(offset, 1, owner.clone()) {
                    return Some(range.address(offset, 1));
                }
            }
        }
        None
    }

    /// An internal frontend comes from its subnet, highest free address
    /// first, so that nodes added later (from the bottom) never move it. A
    /// public one comes from the lab's public range.
    fn claim_frontend(&mut self, service: &str, scope: &LoadBalancerScope) -> Option<Ipv4Addr> {
        let owner = Owner::LoadBalancerFrontend(service.to_string());
        let range = match scope {
            LoadBalancerScope::Public => {
                let start = self.public.claim(owner, 1, 1)?;
                return Some(self.public.address(start, 1));
            }
            LoadBalancerScope::Internal { subnet: None } => &mut self.node_subnet,
            LoadBalancerScope::Internal { subnet: Some(name) } => self
                .extra_subnets
                .iter_mut()
                .find(|range| range.name == RangeName::Subnet(name.clone()))?,
        };
        match range.claim_from_top(owner, 1) {
            Some(start) => Some(range.address(start, 1)),
            None => {
                self.failures.push(Failure::FrontendPending {
                    service: service.to_string(),
                    cidr: range.cidr,
                });
                None
            }
        }
    }

    /// An upgrade first adds max-surge nodes: the node subnet must still have
    /// their addresses. Source: aks-facts §6.1.
    fn check_upgrade_headroom(&mut self) {
        let spec = self.spec;
        let already_short = self.failures.iter().any(|f| {
            matches!(
                f,
                Failure::InsufficientSubnetSize {
                    range: RangeName::NodeSubnet,
                    ..
                }
            )
        });
        let required =
            u64::from(spec.max_surge) * node_subnet_addresses_per_node(spec.plugin, spec.max_pods);
        let available = self.node_subnet.pool.free();
        if !already_short && required > available {
            self.failures.push(Failure::SubnetIsFull {
                range: RangeName::NodeSubnet,
                cidr: spec.node_subnet,
                surge: spec.max_surge,
                required,
                available,
            });
        }
    }
}

/// Azure CNI Node Subnet: the pool holds a node's address and its
/// pre-allocated pod addresses as one run; the plan lists them apart.
fn split_preallocated(mut range: RangePlan) -> RangePlan {
    range.allocations = range
        .allocations
        .into_iter()
        .flat_map(|allocation| match allocation.owner {
            Owner::Node(node) if allocation.len > 1 => vec![
                Allocation {
                    len: 1,
                    ..allocation.clone()
                },
                Allocation {
                    first: Ipv4Addr::from(u32::from(allocation.first) + 1),
                    len: allocation.len - 1,
                    owner: Owner::PreallocatedPodIps(node),
                },
            ],
            _ => vec![allocation],
        })
        .collect();
    range
}

/// Addresses of a pool held by anything but nodes and Azure's reservation.
fn held_by_others(pool: &Pool<Owner>) -> u64 {
    pool.runs()
        .iter()
        .filter(|run| !matches!(run.owner, Owner::Node(_) | Owner::AzureReserved(_)))
        .map(|run| run.len)
        .sum()
}

/// The n-th address across a node's runs of pod addresses.
fn nth_address(runs: &[(Ipv4Addr, u64)], mut n: u64) -> Option<Ipv4Addr> {
    for &(first, len) in runs {
        if n < len {
            return Some(Ipv4Addr::from(u32::from(first) + n as u32));
        }
        n -= len;
    }
    None
}

/// FNV-1a: a fixed, platform-independent stand-in for a random pick.
fn stable_hash(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// A free nodePort for `service`, standing in a hash for Kubernetes' random pick.
fn pick_node_port(service: &str, taken: &mut Vec<u16>) -> u16 {
    let start = *NODE_PORT_RANGE.start();
    let span = u64::from(NODE_PORT_RANGE.end() - start) + 1;
    let first = stable_hash(service) % span;
    let port = (0..span)
        .map(|step| start + ((first + step) % span) as u16)
        .find(|port| !taken.contains(port))
        .unwrap_or(start);
    taken.push(port);
    port
}

/// The capacity figures, from the documented formulas and the ranges as
/// planned.
fn capacity_of(spec: &ClusterSpec, nodes: &[Node], pods: &[Pod], ranges: &[RangePlan]) -> Capacity {
    let node_subnet = ranges
        .iter()
        .find(|range| range.name == RangeName::NodeSubnet);
    let frontends_in_node_subnet = node_subnet.map_or(0, |range| {
        range.held_by(|owner| matches!(owner, Owner::LoadBalancerFrontend(_)))
    });
    let usable = usable_in_subnet(spec.node_subnet);
    let per_node = node_subnet_addresses_per_node(spec.plugin, spec.max_pods);

    let mut limits = vec![(
        (usable.saturating_sub(frontends_in_node_subnet)) / per_node,
        NodeShortage::NodeSubnet,
    )];
    if spec.plugin.uses_pod_cidr() {
        limits.push((
            node_pod_ranges_in(spec.pod_cidr.prefix_len()),
            NodeShortage::PodCidr,
        ));
    }
    if spec.plugin == NetworkPlugin::Kubenet {
        limits.push((u64::from(ROUTE_TABLE_LIMIT), NodeShortage::RouteTable));
    }
    if spec.plugin.uses_pod_subnet() {
        let pod_subnet_size = size_of(spec.pod_subnet);
        let nodes = match spec.pod_ip_allocation {
            PodIpAllocation::StaticBlock => {
                static_blocks_in_subnet(pod_subnet_size) / static_blocks_per_node(spec.max_pods)
            }
            PodIpAllocation::Dynamic => usable_in_subnet(spec.pod_subnet) / POD_IP_BATCH,
        };
        limits.push((nodes, NodeShortage::PodSubnet));
    }
    let (fit, range_limit) = limits
        .into_iter()
        .min_by_key(|(nodes, _)| *nodes)
        .unwrap_or((0, NodeShortage::NodeSubnet));
    // A node pool holds at most 1,000 nodes (aks-facts §1.9), whatever the ranges allow.
    let pool_limit = u64::from(*crate::validation::NODE_COUNT_RANGE.end());
    let with_surge_room = fit.saturating_sub(u64::from(spec.max_surge));
    let (max_nodes, limited_by) = if with_surge_room > pool_limit {
        (pool_limit as u32, NodeShortage::NodePool)
    } else {
        (with_surge_room as u32, range_limit)
    };

    let ready = ready_count(nodes) as u64;
    let mut pod_capacity = ready * u64::from(spec.max_pods);
    if spec.plugin.uses_pod_subnet() && spec.pod_ip_allocation == PodIpAllocation::Dynamic {
        let addressable = usable_in_subnet(spec.pod_subnet) / POD_IP_BATCH * POD_IP_BATCH;
        pod_capacity = pod_capacity.min(addressable);
    }
    let count = |state: PodState| pods.iter().filter(|pod| pod.state == state).count() as u64;
    let sizing = Sizing {
        nodes: spec.node_count,
        max_surge: spec.max_surge,
        max_pods: spec.max_pods,
        replicas: spec.total_replicas(),
        frontends_in_node_subnet,
        pod_ip_allocation: spec.pod_ip_allocation,
    };
    Capacity {
        node_subnet_usable: usable,
        max_nodes,
        limited_by,
        pod_capacity,
        pods_running: count(PodState::Running),
        pods_pending: count(PodState::Pending(Unschedulable::MaxPods))
            + count(PodState::Pending(Unschedulable::HostPort)),
        pods_without_address: count(PodState::ContainerCreating),
        requirements: NetworkPlugin::ALL
            .into_iter()
            .map(|plugin| requirement(plugin, &sizing))
            .collect(),
    }
}

fn pod_failures(capacity: &Capacity, nodes: &[Node], pods: &[Pod]) -> Vec<Failure> {
    let mut failures = Vec::new();
    let ready_nodes = ready_count(nodes) as u32;
    let pending = |why: Unschedulable| {
        pods.iter()
            .filter(|pod| pod.state == PodState::Pending(why))
            .count() as u64
    };
    let (max_pods, host_port) = (
        pending(Unschedulable::MaxPods),
        pending(Unschedulable::HostPort),
    );
    if max_pods > 0 {
        failures.push(Failure::PodsPending {
            count: max_pods,
            ready_nodes,
        });
    }
    if host_port > 0 {
        failures.push(Failure::HostPortTaken {
            count: host_port,
            ready_nodes,
        });
    }
    if capacity.pods_without_address > 0 {
        failures.push(Failure::PodsWithoutAddress {
            count: capacity.pods_without_address,
        });
    }
    failures
}

fn ready_count(nodes: &[Node]) -> usize {
    nodes
        .iter()
        .filter(|node| node.state == NodeState::Ready)
        .count()
}

fn warnings_of(spec: &ClusterSpec, ranges: &[RangePlan]) -> Vec<Warning> {
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
        let used = size_of(range.cidr) - range.free() - (size_of(range.cidr) - range.usable);
        let percent = (used * 100).checked_div(range.usable).unwrap_or(0).min(100) as u8;
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
    cidr(10, 0, 0, 0, 8),
    cidr(172, 16, 0, 0, 12),
    cidr(192, 168, 0, 0, 16),
    cidr(100, 64, 0, 0, 10),
];

fn is_private(net: Ipv4Net) -> bool {
    PRIVATE_RANGES.iter().any(|range| range.contains(&net))
}
