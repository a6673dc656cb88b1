//! The planner: nodes (with their addresses and pod ranges), then pods, in
//! the order AKS does things. Services are in `services.rs`.

use std::collections::HashMap;
use std::net::Ipv4Addr;
use std::ops::Range;

use ipnet::Ipv4Net;

use super::allocator::RangeAllocator;
use super::schedule::{schedule, Placement};
use super::{
    AutoscalerRange, Node, NodeState, Plan, Pod, PodState, Route, Unschedulable, EGRESS_PUBLIC_IP,
    PUBLIC_ADDRESSES,
};
use crate::allocation::{Allocation, Owner, RangePlan};
use crate::capacity::{
    capacity_of, dynamic_pod_addresses_for, node_pod_ranges_in, node_subnet_addresses_per_node,
    static_blocks_in_subnet, static_blocks_per_node, Counts, NodeShortage,
};
use crate::failure::{pod_failures, Failure, StuckPods};
use crate::ids::{DeploymentId, NodeId, PodId};
use crate::limits::{
    FIRST_POD_OFFSET_IN_NODE_RANGE, NODE_COUNT_RANGE, NODE_POD_RANGE_PREFIX, NODE_POD_RANGE_SIZE,
    POD_IP_BATCH, ROUTE_TABLE_LIMIT, STATIC_BLOCK_SIZE,
};
use crate::names::RangeName;
use crate::plugin::{NetworkPlugin, PodIpAllocation};
use crate::spec::{ClusterSpec, LoadBalancerScope, ServiceKind};
use crate::subnet::{address_at, offset_of, size_of};
use crate::validation::{validate, InputError};
use crate::warning::warnings_of;

/// The first public frontend in the lab, aks-facts §5.0: the addresses
/// below it stand for other tenants of the public range.
const FIRST_PUBLIC_FRONTEND_OFFSET: u64 = 10;

impl Plan {
    /// Plans `spec` from scratch, as a freshly created cluster: every input
    /// error at once, or the plan.
    ///
    /// ```
    /// use aks_model::{ClusterSpec, NetworkPlugin, Plan};
    /// let plan = Plan::build(&ClusterSpec::defaults_for(NetworkPlugin::Kubenet)).unwrap();
    /// // The first node takes x.x.x.4, the first address Azure does not reserve,
    /// // and the first /24 of the pod CIDR; its first pod takes .2 of it.
    /// assert_eq!(plan.nodes[0].ip, Some("10.224.0.4".parse().unwrap()));
    /// assert_eq!(plan.nodes[0].pod_range, Some("10.244.0.0/24".parse().unwrap()));
    /// assert_eq!(plan.pods[0].ip, Some("10.244.0.2".parse().unwrap()));
    /// // The default cluster fits: nothing fails.
    /// assert!(plan.failures.is_empty());
    ///
    /// // An impossible spec says why, with every problem.
    /// let mut spec = ClusterSpec::default();
    /// spec.node_count = 0;
    /// spec.max_pods = 300;
    /// assert_eq!(Plan::build(&spec).unwrap_err().len(), 2);
    /// ```
    pub fn build(spec: &ClusterSpec) -> Result<Plan, Vec<InputError>> {
        validate(spec)?;
        Ok(Planner::new(&spec.running(), None).plan_for(spec))
    }

    /// Plans `spec` as a change to a running cluster planned as `previous`:
    /// whatever still exists keeps its address, node and slot (Kubernetes
    /// never moves a running pod; Azure never renumbers a NIC), and only what
    /// is new is handed out.
    pub fn evolve(previous: &Plan, spec: &ClusterSpec) -> Result<Plan, Vec<InputError>> {
        validate(spec)?;
        Ok(Planner::new(&spec.running(), Some(previous)).plan_for(spec))
    }

    /// One step of an upgrade or a scale in progress ([`crate::rollout`]):
    /// `spec` with the step's node count, the nodes in `cordoned` drained.
    /// AKS checked the whole operation before it started, so no pre-check
    /// runs here: a node that cannot get its addresses is `NotCreated`.
    pub(crate) fn during_rollout(
        previous: &Plan,
        spec: &ClusterSpec,
        cordoned: Range<u32>,
    ) -> Plan {
        let plan = Planner {
            cordoned,
            rollout: true,
            ..Planner::new(spec, Some(previous))
        }
        .plan();
        Plan {
            autoscaler: previous.autoscaler,
            ..plan
        }
    }
}

impl Default for Plan {
    /// The plan of [`ClusterSpec::default`], which is valid by construction
    /// (a test checks it), so it needs no `Result`.
    fn default() -> Self {
        Planner::new(&ClusterSpec::default(), None).plan()
    }
}

/// Builds one plan. Each step is a method, in the order AKS does things:
/// nodes (with their addresses and pod ranges), then pods, then Services.
pub(super) struct Planner<'a> {
    pub(super) spec: &'a ClusterSpec,
    previous: Option<&'a Plan>,
    pub(super) node_subnet: RangeAllocator,
    pod_subnet: Option<RangeAllocator>,
    /// Counted in /24s, one unit per node.
    pod_cidr: Option<RangeAllocator>,
    pub(super) extra_subnets: Vec<RangeAllocator>,
    pub(super) service_cidr: RangeAllocator,
    pub(super) public: RangeAllocator,
    nodes: Vec<Node>,
    pub(super) failures: Vec<Failure>,
    /// The node numbers drained in this step of a rollout.
    cordoned: Range<u32>,
    /// A step of a rollout: the operation's checks ran before it started.
    rollout: bool,
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
        let dns = offset_of(spec.service_cidr, spec.dns_service_ip);
        for (offset, owner) in [
            (Some(0), Owner::ServiceRangeEdge),
            (service_size.checked_sub(1), Owner::ServiceRangeEdge),
            (Some(1), Owner::KubernetesService),
            (dns, Owner::DnsService),
        ] {
            if let Some(offset) = offset {
                service_cidr.reserve(offset, 1, owner);
            }
        }
        let public_size = size_of(PUBLIC_ADDRESSES);
        let mut public = RangeAllocator::new(
            RangeName::Public,
            PUBLIC_ADDRESSES,
            public_size,
            public_size - FIRST_PUBLIC_FRONTEND_OFFSET,
        );
        public.reserve(0, FIRST_PUBLIC_FRONTEND_OFFSET, Owner::ServiceRangeEdge);
        if let Some(egress) = offset_of(PUBLIC_ADDRESSES, EGRESS_PUBLIC_IP) {
            public.reserve(egress, 1, Owner::Egress);
        }

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
            cordoned: 0..0,
            rollout: false,
        }
    }

    /// The plan, with the autoscaler's range of `asked` (the spec before
    /// [`ClusterSpec::running`] set the node count it runs).
    fn plan_for(self, asked: &ClusterSpec) -> Plan {
        Plan {
            autoscaler: AutoscalerRange::of(asked),
            ..self.plan()
        }
    }

    fn plan(mut self) -> Plan {
        self.keep_previous_addresses();
        self.add_nodes();
        let routes = self.route_table();
        let pods = self.place_pods();
        let pods = self.address_pods(pods);
        let services = self.add_services(&pods);
        if !self.rollout {
            self.check_upgrade_headroom();
        }
        let autoscaler_headroom = self.autoscaler_headroom();

        let spec = self.spec;
        let mut ranges = vec![split_preallocated(self.node_subnet.finish(1))];
        ranges.extend(self.pod_subnet.map(|range| range.finish(1)));
        ranges.extend(self.extra_subnets.into_iter().map(|range| range.finish(1)));
        ranges.extend(self.pod_cidr.map(|range| range.finish(NODE_POD_RANGE_SIZE)));
        ranges.push(self.service_cidr.finish(1));
        ranges.push(self.public.finish(1));

        let count = |state: PodState| pods.iter().filter(|pod| pod.state == state).count() as u64;
        let stuck = StuckPods {
            over_max_pods: count(PodState::Pending(Unschedulable::MaxPods)),
            host_port_taken: count(PodState::Pending(Unschedulable::HostPort)),
            without_address: count(PodState::ContainerCreating),
        };
        let ready_nodes = self.nodes.iter().filter(|node| node.is_ready()).count() as u32;
        let frontends_in_node_subnet = ranges.first().map_or(0, |node_subnet| {
            node_subnet.held_by(|owner| matches!(owner, Owner::LoadBalancerFrontend(_)))
        });
        let capacity = capacity_of(
            spec,
            Counts {
                ready_nodes: u64::from(ready_nodes),
                pods_running: count(PodState::Running),
                pods_pending: stuck.over_max_pods + stuck.host_port_taken,
                pods_without_address: stuck.without_address,
                frontends_in_node_subnet,
            },
        );
        let mut failures = self.failures;
        failures.extend(pod_failures(stuck, ready_nodes));
        let warnings = warnings_of(spec, &ranges, &autoscaler_headroom);
        Plan {
            plugin: spec.plugin,
            pod_ip_allocation: spec.pod_ip_allocation,
            max_pods: spec.max_pods,
            max_surge: spec.surge_nodes(),
            autoscaler: None,
            autoscaler_headroom,
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
        let node_exists = |node: NodeId| node.number() < spec.node_count;
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
                |owner| matches!(owner, Owner::Node(node) if node_exists(*node)),
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
                |owner| matches!(owner, Owner::NodePodRange(node) if node_exists(*node)),
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
        let cidr = self.node_subnet.cidr;
        for node in nodes
            .iter()
            .filter(|n| n.id.number() < self.spec.node_count)
        {
            let (Some(ip), Some(&(block, block_len))) = (node.ip, node.pod_ip_runs.first()) else {
                continue;
            };
            let (Some(start), Some(block_start)) = (offset_of(cidr, ip), offset_of(cidr, block))
            else {
                continue;
            };
            if block_start == start + 1 && block_len + 1 == node_len {
                self.node_subnet.keep(start, node_len, Owner::Node(node.id));
            }
        }
    }

    /// Adds the pool's nodes one by one, each only if every range it needs
    /// has room. Failures come from AKS's pre-check first: the documented
    /// requirement of each range against what it has.
    fn add_nodes(&mut self) {
        let (node_len, static_blocks) = self.per_node();
        if !self.rollout {
            self.pre_check(node_len, static_blocks);
        }
        for number in 0..self.spec.node_count {
            let node = self.new_node(number, node_len, static_blocks);
            self.nodes.push(node);
        }
    }

    /// What each node takes: its node-subnet addresses, and under Pod Subnet
    /// with static blocks, its /28 blocks.
    fn per_node(&self) -> (u64, Option<u64>) {
        let spec = self.spec;
        let static_blocks = (spec.plugin.uses_pod_subnet()
            && spec.pod_ip_allocation == PodIpAllocation::StaticBlock)
            .then(|| static_blocks_per_node(spec.max_pods));
        (
            node_subnet_addresses_per_node(spec.plugin, spec.max_pods),
            static_blocks,
        )
    }

    /// Node `number` with its addresses, or `NotCreated` if a range has no room.
    fn new_node(&mut self, number: u32, node_len: u64, static_blocks: Option<u64>) -> Node {
        let mut node = Node {
            id: NodeId::new(number),
            state: NodeState::Ready,
            ip: None,
            pod_range: None,
            bridge_ip: None,
            pod_ip_runs: Vec::new(),
            pod_count: 0,
            cordoned: self.cordoned.contains(&number),
        };
        if let Err(shortage) = self.allocate_node(&mut node, node_len, static_blocks) {
            node.state = NodeState::NotCreated(shortage);
        }
        node
    }

    /// The nodes the cluster autoscaler may still add, up to its max count,
    /// each with the addresses it would take once everything else has its
    /// own: the lowest free, as Azure hands them out [derived]; `NotCreated`
    /// where a range runs out. Planned on copies: no range keeps them.
    fn autoscaler_headroom(&mut self) -> Vec<Node> {
        let Some(max) = self.spec.max_count.filter(|_| !self.rollout) else {
            return Vec::new();
        };
        let ranges = (
            self.node_subnet.clone(),
            self.pod_subnet.clone(),
            self.pod_cidr.clone(),
        );
        let (node_len, static_blocks) = self.per_node();
        let headroom = (self.spec.node_count..max)
            .map(|number| self.new_node(number, node_len, static_blocks))
            .collect();
        (self.node_subnet, self.pod_subnet, self.pod_cidr) = ranges;
        headroom
    }

    /// AKS's pre-check: one failure per range (or limit) whose documented
    /// requirement for all the nodes exceeds what it has. Source: aks-facts
    /// §6.1 (nodes × addresses per node), §6.2 (a /24 per node), §6.3 (400 routes).
    fn pre_check(&mut self, node_len: u64, static_blocks: Option<u64>) {
        let spec = self.spec;
        let nodes = u64::from(spec.planned_node_count());
        let mut shortfalls = vec![(
            RangeName::NodeSubnet,
            spec.node_subnet,
            nodes * node_len,
            self.node_subnet.usable - self.node_subnet.held_by_others(),
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
                    surge: None,
                    max_count: spec.max_count,
                });
            }
        }
        if spec.plugin == NetworkPlugin::Kubenet && spec.planned_node_count() > ROUTE_TABLE_LIMIT {
            self.failures.push(Failure::RouteTableLimit {
                nodes: spec.planned_node_count(),
                surge: None,
            });
        }
    }

    fn allocate_node(
        &mut self,
        node: &mut Node,
        node_len: u64,
        static_blocks: Option<u64>,
    ) -> Result<(), NodeShortage> {
        let id = node.id;
        if self.spec.plugin == NetworkPlugin::Kubenet && id.number() >= ROUTE_TABLE_LIMIT {
            return Err(NodeShortage::RouteTable);
        }
        let mut pod_range_start = None;
        if let Some(pod_cidr) = &mut self.pod_cidr {
            let start = pod_cidr
                .claim(Owner::NodePodRange(id), 1, 1)
                .ok_or(NodeShortage::PodCidr)?;
            pod_range_start = Some(start);
        }
        let mut blocks = Vec::new();
        if let (Some(count), Some(pod_subnet)) = (static_blocks, &mut self.pod_subnet) {
            for block in 0..count as u32 {
                let owner = Owner::PodIpBlock { node: id, block };
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
        let Some(start) = self.node_subnet.claim(Owner::Node(id), node_len, 1) else {
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
                node.bridge_ip = node.pod_range.map(|range| address_at(range, 1));
            }
        }
        if let Some(pod_subnet) = &mut self.pod_subnet {
            if static_blocks.is_some() {
                node.pod_ip_runs.extend(
                    blocks
                        .into_iter()
                        .map(|start| (pod_subnet.address(start, 1), STATIC_BLOCK_SIZE)),
                );
            } else if let Some(start) =
                pod_subnet.claim(Owner::PodIpBatch { node: id, batch: 0 }, POD_IP_BATCH, 1)
            {
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
                    node: node.id,
                })
            })
            .collect()
    }

    /// Schedules every replica of every deployment.
    fn place_pods(&mut self) -> Vec<Pod> {
        let spec = self.spec;
        let mut pods: Vec<Pod> = Vec::with_capacity(spec.total_replicas() as usize);
        for (deployment, d) in (0..).map(DeploymentId::new).zip(&spec.deployments) {
            let first = pods.len() as u32;
            pods.extend((0..d.replicas).map(|ordinal| Pod {
                id: PodId::new(first + ordinal),
                deployment,
                ordinal,
                placement: None,
                ip: None,
                state: PodState::Pending(Unschedulable::MaxPods),
            }));
        }
        let kept = self.kept_placements(pods.len());
        let schedulable: Vec<bool> = self.nodes.iter().map(Node::is_schedulable).collect();
        let placements = schedule(pods.len(), &schedulable, spec.max_pods, |index| {
            kept.get(index).copied().flatten()
        });
        // A hostPort can be bound once per node: a second pod of the same
        // deployment on a node stays Pending (the scheduler's NodePorts
        // filter). The replicas are spread one per node first, so this only
        // bites when there are more replicas than nodes. With several
        // deployments competing for slots this is an approximation: the
        // real scheduler would place the pod on another node with room.
        let mut host_ports_taken: Vec<(DeploymentId, NodeId)> = Vec::new();
        for (pod, mut placement) in pods.iter_mut().zip(placements) {
            let host_port = spec
                .deployments
                .get(pod.deployment.index())
                .is_some_and(|d| d.host_port.is_some());
            if let (Some(taken), true) = (placement, host_port) {
                if host_ports_taken.contains(&(pod.deployment, taken.node)) {
                    placement = None;
                    pod.state = PodState::Pending(Unschedulable::HostPort);
                } else {
                    host_ports_taken.push((pod.deployment, taken.node));
                }
            }
            pod.placement = placement;
            if let Some(node) = placement.and_then(|p| self.nodes.get_mut(p.node.index())) {
                node.pod_count += 1;
            }
        }
        pods
    }

    /// Where the previous plan placed each pod that still exists, indexed
    /// like the new plan's `pod_count` pods (a pod is its deployment's name
    /// and ordinal; pods are laid out deployment by deployment). Positions,
    /// not hashes: this runs at every change of a 11,000-pod plan.
    fn kept_placements(&self, pod_count: usize) -> Vec<Option<Placement>> {
        let mut kept = vec![None; pod_count];
        let Some(previous) = self.previous else {
            return kept;
        };
        // Each previous deployment's first pod index in the new plan, if the
        // deployment is still there.
        let mut first = 0usize;
        let starts: Vec<(&str, usize, u32)> = self
            .spec
            .deployments
            .iter()
            .map(|d| {
                let start = (d.name.as_str(), first, d.replicas);
                first += d.replicas as usize;
                start
            })
            .collect();
        let new_start: Vec<Option<(usize, u32)>> = previous
            .deployments
            .iter()
            .map(|d| {
                starts
                    .iter()
                    .find(|(name, ..)| *name == d.name)
                    .map(|&(_, start, replicas)| (start, replicas))
            })
            .collect();
        for pod in &previous.pods {
            let Some(&Some((start, replicas))) = new_start.get(pod.deployment.index()) else {
                continue;
            };
            if pod.ordinal < replicas {
                if let Some(slot) = kept.get_mut(start + pod.ordinal as usize) {
                    *slot = pod.placement;
                }
            }
        }
        kept
    }

    /// Gives each placed pod the address its model gives it.
    fn address_pods(&mut self, mut pods: Vec<Pod>) -> Vec<Pod> {
        if self.spec.plugin.uses_pod_subnet()
            && self.spec.pod_ip_allocation == PodIpAllocation::Dynamic
        {
            self.add_dynamic_batches(&pods);
        }
        let plugin = self.spec.plugin;
        // Where the node's runs of pod addresses are: the node subnet (Azure
        // CNI's pre-allocated block) or the pod subnet.
        let runs_in = match plugin {
            NetworkPlugin::AzureCniPodSubnet => self.spec.pod_subnet,
            _ => self.spec.node_subnet,
        };
        for pod in &mut pods {
            let Some(placement) = pod.placement else {
                continue;
            };
            let Some(node) = self.nodes.get(placement.node.index()) else {
                continue;
            };
            let slot = u64::from(placement.slot);
            pod.ip = match plugin {
                NetworkPlugin::Kubenet | NetworkPlugin::AzureCniOverlay => node
                    .pod_range
                    .map(|range| address_at(range, FIRST_POD_OFFSET_IN_NODE_RANGE + slot)),
                NetworkPlugin::AzureCni => nth_address(runs_in, &node.pod_ip_runs, slot),
                NetworkPlugin::AzureCniPodSubnet => match self.spec.pod_ip_allocation {
                    // Static: the first address of the node's blocks is kept
                    // for the node. Source: aks-facts §1.4.
                    PodIpAllocation::StaticBlock => {
                        nth_address(runs_in, &node.pod_ip_runs, slot + 1)
                    }
                    PodIpAllocation::Dynamic => nth_address(runs_in, &node.pod_ip_runs, slot),
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
        let mut highest_slot: HashMap<NodeId, u64> = HashMap::new();
        for placement in pods.iter().filter_map(|pod| pod.placement) {
            let highest = highest_slot.entry(placement.node).or_default();
            *highest = (*highest).max(u64::from(placement.slot) + 1);
        }
        // A node that never got its first batch (the subnet was full) asks for none.
        let batches_wanted: Vec<u64> = self
            .nodes
            .iter()
            .map(|node| {
                if node.pod_ip_runs.is_empty() {
                    return 0;
                }
                let highest = highest_slot.get(&node.id).copied().unwrap_or(0);
                dynamic_pod_addresses_for(u64::from(node.pod_count))
                    .max(highest.next_multiple_of(POD_IP_BATCH))
                    / POD_IP_BATCH
            })
            .collect();
        let rounds = batches_wanted.iter().copied().max().unwrap_or(0);
        for batch in 1..rounds {
            for (node, wanted) in self.nodes.iter_mut().zip(&batches_wanted) {
                // A node whose previous batch failed stops asking.
                if *wanted <= batch || node.pod_ip_runs.len() as u64 != batch {
                    continue;
                }
                let owner = Owner::PodIpBatch {
                    node: node.id,
                    batch: batch as u32,
                };
                if let Some(start) = pod_subnet.claim(owner, POD_IP_BATCH, 1) {
                    node.pod_ip_runs
                        .push((pod_subnet.address(start, 1), POD_IP_BATCH));
                }
            }
        }
    }

    /// An upgrade first adds max-surge nodes, and each needs what a node
    /// needs in every range: node-subnet addresses (aks-facts §6.1), a /24 of
    /// the pod CIDR (§6.2, the pre-check's 1,280 > 1,024), a route (§6.3), a
    /// batch of 16 or its /28 blocks in the pod subnet (§1.4, §6.5). A range
    /// the create pre-check already found short is not reported twice.
    fn check_upgrade_headroom(&mut self) {
        let spec = self.spec;
        let surge = spec.surge_nodes();
        if surge == 0 {
            return;
        }
        self.check_node_subnet_surge(surge);
        // The pool's limit counts its current size ("If a node pool's
        // current size plus the calculated surge count would exceed 1,000").
        if u64::from(spec.node_count) + u64::from(surge) > u64::from(*NODE_COUNT_RANGE.end()) {
            self.failures.push(Failure::SurgeOverPoolLimit {
                nodes: spec.node_count,
                surge,
            });
        }
        // AKS's pre-check counts the autoscaler's max count as the pool's
        // nodes, for an upgrade as for a scale (the InsufficientSubnetSize
        // support article), and the surge nodes the upgrade adds.
        let planned = spec.planned_node_count();
        let nodes = u64::from(planned) + u64::from(surge);
        if spec.plugin.uses_pod_cidr() && !short_of(&self.failures, &RangeName::PodCidr) {
            let available = node_pod_ranges_in(spec.pod_cidr.prefix_len()) * NODE_POD_RANGE_SIZE;
            let required = nodes * NODE_POD_RANGE_SIZE;
            if required > available {
                self.failures.push(Failure::InsufficientSubnetSize {
                    range: RangeName::PodCidr,
                    cidr: spec.pod_cidr,
                    required,
                    available,
                    surge: Some(surge),
                    max_count: spec.max_count,
                });
            }
        }
        if spec.plugin == NetworkPlugin::Kubenet
            && planned <= ROUTE_TABLE_LIMIT
            && nodes > u64::from(ROUTE_TABLE_LIMIT)
        {
            self.failures.push(Failure::RouteTableLimit {
                nodes: planned,
                surge: Some(surge),
            });
        }
        let pod_subnet = self.pod_subnet.as_ref().map(|pod_subnet| {
            let blocks = pod_subnet.held(|owner| matches!(owner, Owner::PodIpBlock { .. }));
            (pod_subnet.free(), blocks)
        });
        if let Some((free, blocks_held)) = pod_subnet {
            self.check_pod_subnet_surge(free, blocks_held, surge);
        }
    }

    /// The node subnet's room for the surge nodes. AKS's pre-check compares
    /// its free addresses with the surge nodes (kubenet, Overlay, Pod
    /// Subnet) or the surge nodes × max pods (Azure CNI), and rejects the
    /// upgrade before it starts (aks-facts §6.1, InsufficientSubnetSize).
    /// An Azure CNI surge node needs its own address on top of its max pods,
    /// so a subnet the pre-check passes can still be one address short per
    /// surge node: the scale set then fails to create it, `SubnetIsFull`
    /// (§6.1, error-code-subnetisfull-upgrade) [derived].
    fn check_node_subnet_surge(&mut self, surge: u32) {
        let spec = self.spec;
        if short_of(&self.failures, &RangeName::NodeSubnet) {
            return;
        }
        let per_node = node_subnet_addresses_per_node(spec.plugin, spec.max_pods);
        let available = self.node_subnet.free();
        // The pre-check counts the nodes the autoscaler may still add as
        // there: their addresses are not free to it.
        let not_yet_added = spec.planned_node_count() - spec.node_count;
        let counted_free = available.saturating_sub(u64::from(not_yet_added) * per_node);
        let counted_per_node = match spec.plugin {
            NetworkPlugin::AzureCni => u64::from(spec.max_pods),
            _ => 1,
        };
        let counted = u64::from(surge) * counted_per_node;
        let needed = u64::from(surge) * per_node;
        if counted > counted_free {
            self.failures.push(Failure::InsufficientSubnetSize {
                range: RangeName::NodeSubnet,
                cidr: spec.node_subnet,
                required: counted,
                available: counted_free,
                surge: Some(surge),
                max_count: spec.max_count,
            });
        } else if needed > available {
            self.failures.push(Failure::SubnetIsFull {
                range: RangeName::NodeSubnet,
                cidr: spec.node_subnet,
                surge,
                required: needed,
                available,
            });
        }
    }

    /// The pod subnet's room for the surge nodes: their /28 blocks (static),
    /// or a first batch of 16 each (dynamic).
    fn check_pod_subnet_surge(&mut self, free: u64, blocks_held: u64, surge: u32) {
        let spec = self.spec;
        let cidr = spec.pod_subnet;
        match spec.pod_ip_allocation {
            PodIpAllocation::StaticBlock => {
                if short_of(&self.failures, &RangeName::PodSubnet) {
                    return;
                }
                let per_node = static_blocks_per_node(spec.max_pods);
                let free_blocks = static_blocks_in_subnet(size_of(cidr))
                    .saturating_sub(blocks_held / STATIC_BLOCK_SIZE);
                let required = u64::from(surge) * per_node;
                if required > free_blocks {
                    self.failures.push(Failure::SubnetIsFull {
                        range: RangeName::PodSubnet,
                        cidr,
                        surge,
                        required: required * STATIC_BLOCK_SIZE,
                        available: free_blocks * STATIC_BLOCK_SIZE,
                    });
                }
            }
            PodIpAllocation::Dynamic => {
                let required = u64::from(surge) * POD_IP_BATCH;
                if required > free {
                    self.failures.push(Failure::SurgeWithoutPodAddresses {
                        cidr,
                        surge,
                        required,
                        available: free,
                    });
                }
            }
        }
    }
}

/// Whether the create pre-check already found `name` short.
fn short_of(failures: &[Failure], name: &RangeName) -> bool {
    failures
        .iter()
        .any(|f| matches!(f, Failure::InsufficientSubnetSize { range, .. } if range == name))
}

/// Azure CNI Node Subnet: the pool holds a node's address and its
/// pre-allocated pod addresses as one run; the plan lists them apart.
fn split_preallocated(mut range: RangePlan) -> RangePlan {
    let cidr = range.cidr;
    range.allocations = range
        .allocations
        .into_iter()
        .flat_map(|allocation| match allocation.owner {
            Owner::Node(node) if allocation.len > 1 => {
                let after_node = offset_of(cidr, allocation.first).map_or(0, |offset| offset + 1);
                vec![
                    Allocation {
                        len: 1,
                        ..allocation.clone()
                    },
                    Allocation {
                        first: address_at(cidr, after_node),
                        len: allocation.len - 1,
                        owner: Owner::PreallocatedPodIps(node),
                    },
                ]
            }
            _ => vec![allocation],
        })
        .collect();
    range
}

/// The n-th address across a node's runs of pod addresses in `cidr`.
fn nth_address(cidr: Ipv4Net, runs: &[(Ipv4Addr, u64)], mut n: u64) -> Option<Ipv4Addr> {
    for &(first, len) in runs {
        if n < len {
            return Some(address_at(cidr, offset_of(cidr, first)? + n));
        }
        n -= len;
    }
    None
}
