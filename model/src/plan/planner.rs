//! The planner: nodes (with their addresses and pod ranges), then pods, in
//! the order AKS does things. Services are in `services.rs`.

use std::collections::HashMap;
use std::net::Ipv4Addr;
use std::ops::Range;
use std::sync::Arc;

use ipnet::Ipv4Net;

use super::allocator::RangeAllocator;
use super::schedule::{schedule, Placement};
use super::{
    node_position, AutoscalerRange, Node, NodeState, Plan, Pod, PodState, PoolPlan, Route,
    Unschedulable, EGRESS_PUBLIC_IP, PUBLIC_ADDRESSES,
};
use crate::allocation::{Allocation, Owner, RangePlan};
use crate::capacity::{
    capacity_of, dynamic_pod_addresses_for, node_pod_ranges_in, node_subnet_addresses_per_node,
    pool_capacity, static_blocks_in_subnet, static_blocks_per_node, Counts, NodeShortage,
};
use crate::failure::{pod_failures, Failure, StuckPods};
use crate::ids::{DeploymentId, NodeId, PodId};
use crate::limits::{
    FIRST_POD_OFFSET_IN_NODE_RANGE, NODE_COUNT_RANGE, NODE_POD_RANGE_PREFIX, NODE_POD_RANGE_SIZE,
    POD_IP_BATCH, ROUTE_TABLE_LIMIT, STATIC_BLOCK_SIZE,
};
use crate::names::RangeName;
use crate::plugin::{NetworkPlugin, PodIpAllocation};
use crate::spec::{ClusterSpec, LoadBalancerScope, PoolSettings, RequiredNsgRule, ServiceKind};
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
    /// `spec` with the step's node counts, the nodes `cordoned` names (a
    /// pool and its node numbers) drained.
    /// AKS checked the whole operation before it started, so no pre-check
    /// runs here: a node that cannot get its addresses is `NotCreated`.
    pub(crate) fn during_rollout(
        previous: &Plan,
        spec: &ClusterSpec,
        cordoned: (u8, Range<u32>),
    ) -> Plan {
        let mut plan = Planner {
            cordoned,
            rollout: true,
            ..Planner::new(spec, Some(previous))
        }
        .plan();
        for (pool, before) in plan.pools.iter_mut().zip(&previous.pools) {
            pool.autoscaler = before.autoscaler;
        }
        plan
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
    /// Every pool, the system pool first, with its subnets resolved.
    pools: Vec<PoolSettings<'a>>,
    /// Their names, shared by their nodes.
    pool_names: Vec<Arc<str>>,
    /// Their node counts, as their nodes are laid out.
    pool_counts: Vec<u32>,
    /// Each of the previous plan's pools as this plan has it, by name: its
    /// index, its node count, and whether its max pods stayed the same.
    pools_now: Vec<Option<(u8, u32, bool)>>,
    /// The cluster's node subnet, where the system pool's nodes are.
    pub(super) node_subnet: RangeAllocator,
    /// The node subnets pools have of their own.
    pool_node_subnets: Vec<RangeAllocator>,
    /// Pod Subnet: the cluster's pod subnet.
    pod_subnet: Option<RangeAllocator>,
    /// Pod Subnet: the pod subnets pools have of their own.
    pool_pod_subnets: Vec<RangeAllocator>,
    /// Counted in /24s, one unit per node.
    pod_cidr: Option<RangeAllocator>,
    pub(super) extra_subnets: Vec<RangeAllocator>,
    pub(super) service_cidr: RangeAllocator,
    pub(super) public: RangeAllocator,
    nodes: Vec<Node>,
    pub(super) failures: Vec<Failure>,
    /// The failures of one pool's upgrade: (the failure's place, the pool).
    failure_pools: Vec<(usize, u8)>,
    /// The pool a rollout step upgrades or scales, and its node numbers
    /// drained in this step.
    cordoned: (u8, Range<u32>),
    /// A step of a rollout: the operation's checks ran before it started.
    rollout: bool,
}

/// The allocator of the subnet `name`: one a pool has of its own, else the
/// cluster's.
fn subnet_named<'s>(
    cluster: &'s mut RangeAllocator,
    own: &'s mut [RangeAllocator],
    name: &RangeName,
) -> &'s mut RangeAllocator {
    match own.iter_mut().find(|subnet| &subnet.name == name) {
        Some(subnet) => subnet,
        None => cluster,
    }
}

/// Pod Subnet: the allocator of the pod subnet `name`, a pool's own or the cluster's.
fn pod_subnet_named<'s>(
    cluster: &'s mut Option<RangeAllocator>,
    own: &'s mut [RangeAllocator],
    name: &RangeName,
) -> Option<&'s mut RangeAllocator> {
    match own.iter_mut().find(|subnet| &subnet.name == name) {
        Some(subnet) => Some(subnet),
        None => cluster.as_mut(),
    }
}

impl<'a> Planner<'a> {
    fn new(spec: &'a ClusterSpec, previous: Option<&'a Plan>) -> Self {
        let plugin = spec.plugin;
        let pools = spec.pools();
        let mut pool_node_subnets: Vec<RangeAllocator> = Vec::new();
        let mut pool_pod_subnets: Vec<RangeAllocator> = Vec::new();
        for pool in &pools {
            let (name, cidr) = &pool.node_subnet;
            if name.pool().is_some() && !pool_node_subnets.iter().any(|s| &s.name == name) {
                pool_node_subnets.push(RangeAllocator::azure_subnet(name.clone(), *cidr));
            }
            if let Some((name, cidr)) = &pool.pod_subnet {
                if name.pool().is_some() && !pool_pod_subnets.iter().any(|s| &s.name == name) {
                    pool_pod_subnets.push(RangeAllocator::azure_subnet(name.clone(), *cidr));
                }
            }
        }
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
            pool_names: pools.iter().map(|pool| Arc::from(pool.name)).collect(),
            pool_counts: pools.iter().map(|pool| pool.node_count).collect(),
            pools_now: previous.map_or_else(Vec::new, |previous| {
                previous
                    .pools
                    .iter()
                    .map(|old| {
                        let new = pools.iter().find(|pool| pool.name == &*old.name)?;
                        Some((new.index, new.node_count, new.max_pods == old.max_pods))
                    })
                    .collect()
            }),
            pools,
            node_subnet: RangeAllocator::azure_subnet(RangeName::NodeSubnet, spec.node_subnet),
            pool_node_subnets,
            pod_subnet,
            pool_pod_subnets,
            pod_cidr,
            extra_subnets,
            service_cidr,
            public,
            nodes: Vec::new(),
            failures: Vec::new(),
            failure_pools: Vec::new(),
            cordoned: (0, 0..0),
            rollout: false,
        }
    }

    /// The plan, with the autoscalers' ranges of `asked` (the spec before
    /// [`ClusterSpec::running`] set the node counts it runs).
    fn plan_for(self, asked: &ClusterSpec) -> Plan {
        let mut plan = self.plan();
        for (pool, settings) in plan.pools.iter_mut().zip(asked.pools()) {
            pool.autoscaler = AutoscalerRange::of(&settings);
        }
        plan
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
        ranges.extend(
            self.pool_node_subnets
                .into_iter()
                .map(|range| split_preallocated(range.finish(1))),
        );
        ranges.extend(self.pod_subnet.map(|range| range.finish(1)));
        ranges.extend(
            self.pool_pod_subnets
                .into_iter()
                .map(|range| range.finish(1)),
        );
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
        let ready_nodes = self
            .nodes
            .iter()
            .filter(|node| node.is_ready() && spec.runs_workloads(node.id.pool()))
            .count() as u32;
        let frontends_in_node_subnet = ranges.first().map_or(0, |node_subnet| {
            node_subnet.held_by(|owner| matches!(owner, Owner::LoadBalancerFrontend(_)))
        });
        let pools = pool_plans(&self.pools, spec, &self.pool_names, &ranges);
        let pod_slots = self
            .nodes
            .iter()
            .filter(|node| node.is_ready() && spec.runs_workloads(node.id.pool()))
            .map(|node| {
                self.pools
                    .get(usize::from(node.id.pool()))
                    .map_or(0, |pool| u64::from(pool.max_pods))
            })
            .sum();
        let capacity = capacity_of(
            spec,
            Counts {
                pod_slots,
                pods_running: count(PodState::Running),
                pods_pending: stuck.over_max_pods + stuck.host_port_taken,
                pods_without_address: stuck.without_address,
                frontends_in_node_subnet,
            },
        );
        let mut failures = self.failures;
        let mut failure_pools = vec![None; failures.len()];
        for (failure, pool) in self.failure_pools {
            if let Some(slot) = failure_pools.get_mut(failure) {
                *slot = Some(pool);
            }
        }
        failures.extend(pod_failures(stuck, ready_nodes));
        failure_pools.resize(failures.len(), None);
        let warnings = warnings_of(spec, &ranges, &autoscaler_headroom);
        Plan {
            plugin: spec.plugin,
            dataplane: spec.dataplane,
            policies: spec.policies.clone(),
            policy_engine: spec.policy_engine(),
            nsg_rules: spec.nsg_rules.clone(),
            nsg_required: RequiredNsgRule::ALL
                .into_iter()
                .filter(|rule| !spec.nsg_removed.contains(rule))
                .collect(),
            pod_ip_allocation: spec.pod_ip_allocation,
            autoscaler_headroom,
            pools,
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
            failure_pools,
            warnings,
        }
    }

    /// The previous plan's node `node` as this plan numbers it: the same
    /// pool (by name) and instance, if the pool still runs it and, when
    /// `same_max_pods`, its pool's max pods did not change (they decide the
    /// length of its runs).
    fn renumbered(&self, node: NodeId, same_max_pods: bool) -> Option<NodeId> {
        let (new, count, same_max) = (*self.pools_now.get(usize::from(node.pool()))?)?;
        let same_layout = !same_max_pods || same_max;
        (node.instance() < count && same_layout).then(|| NodeId::in_pool(new, node.instance()))
    }

    /// The place of node `id` among the nodes added so far.
    fn node_position(&self, id: NodeId) -> Option<usize> {
        node_position(&self.nodes, self.pool_counts.iter().copied(), id)
    }

    /// Pins what the previous plan handed out to owners that still exist.
    fn keep_previous_addresses(&mut self) {
        let spec = self.spec;
        let Some(previous) = self.previous else {
            return;
        };
        let same_plugin = previous.plugin == spec.plugin;
        let same_pod_mode = previous.pod_ip_allocation == spec.pod_ip_allocation;
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
        // Node subnets: a node's address, with (Azure CNI) its pre-allocated
        // block merged back into one run; the frontends of internal load
        // balancers.
        let cni = spec.plugin == NetworkPlugin::AzureCni;
        let kept_nodes: Vec<Vec<(u64, u64, NodeId)>> = std::iter::once(&self.node_subnet)
            .chain(&self.pool_node_subnets)
            .map(|subnet| {
                if !same_plugin {
                    return Vec::new();
                }
                previous
                    .range_as(&subnet.name, subnet.cidr)
                    .map(|range| self.kept_node_runs(range, cni))
                    .unwrap_or_default()
            })
            .collect();
        for (subnet, runs) in std::iter::once(&mut self.node_subnet)
            .chain(&mut self.pool_node_subnets)
            .zip(kept_nodes)
        {
            for (start, len, node) in runs {
                subnet.keep(start, len, Owner::Node(node));
            }
            let name = subnet.name.clone();
            subnet.keep_from(previous, 1, |owner| {
                matches!(owner, Owner::LoadBalancerFrontend(service) if internal_frontend_in(service, &name))
                    .then(|| owner.clone())
            });
        }
        for subnet in &mut self.extra_subnets {
            let name = subnet.name.clone();
            subnet.keep_from(previous, 1, |owner| {
                matches!(owner, Owner::LoadBalancerFrontend(service) if internal_frontend_in(service, &name))
                    .then(|| owner.clone())
            });
        }
        // Each previous node as this plan numbers it, with or without its
        // pool's max pods unchanged.
        let renumbering = |same_max_pods: bool| -> HashMap<NodeId, NodeId> {
            previous
                .nodes
                .iter()
                .filter_map(|node| Some((node.id, self.renumbered(node.id, same_max_pods)?)))
                .collect()
        };
        let (same_instance, same_layout) = (renumbering(false), renumbering(true));
        if let Some(pod_cidr) = &mut self.pod_cidr {
            pod_cidr.keep_from(previous, NODE_POD_RANGE_SIZE, |owner| match owner {
                Owner::NodePodRange(_) => {
                    owner.renumbered(|node| same_instance.get(&node).copied())
                }
                _ => None,
            });
        }
        if same_pod_mode {
            for subnet in self.pod_subnet.iter_mut().chain(&mut self.pool_pod_subnets) {
                subnet.keep_from(previous, 1, |owner| match owner {
                    Owner::PodIpBatch { .. } | Owner::PodIpBlock { .. } => {
                        owner.renumbered(|node| same_layout.get(&node).copied())
                    }
                    _ => None,
                });
            }
        }
        self.service_cidr.keep_from(previous, 1, |owner| {
            matches!(owner, Owner::ClusterIp(name) if spec.services.iter().any(|s| &s.name == name))
                .then(|| owner.clone())
        });
        self.public.keep_from(previous, 1, |owner| {
            matches!(owner, Owner::LoadBalancerFrontend(name) if spec.services.iter().any(|s| {
                &s.name == name && s.kind == ServiceKind::LoadBalancer(LoadBalancerScope::Public)
            }))
            .then(|| owner.clone())
        });
    }

    /// The runs (start, length, node as renumbered) the previous plan's
    /// nodes held in a node subnet: the node's address, and under Azure CNI
    /// its pre-allocated block, which the allocator holds as one run with it.
    fn kept_node_runs(&self, range: &RangePlan, cni: bool) -> Vec<(u64, u64, NodeId)> {
        let cidr = range.cidr;
        let mut runs = Vec::new();
        let mut allocations = range.allocations.iter().peekable();
        while let Some(allocation) = allocations.next() {
            let Owner::Node(old) = allocation.owner else {
                continue;
            };
            let Some(node) = self.renumbered(old, cni) else {
                continue;
            };
            let Some(start) = offset_of(cidr, allocation.first) else {
                continue;
            };
            let mut len = allocation.len;
            if cni {
                // Its block follows it: merged back, or the node is not kept.
                match allocations.peek() {
                    Some(block) if block.owner == Owner::PreallocatedPodIps(old) => {
                        len += block.len;
                        allocations.next();
                    }
                    _ => continue,
                }
                let Some(pool) = self.pools.get(usize::from(node.pool())) else {
                    continue;
                };
                if len != node_subnet_addresses_per_node(NetworkPlugin::AzureCni, pool.max_pods) {
                    continue;
                }
            }
            runs.push((start, len, node));
        }
        runs
    }

    /// Adds each pool's nodes one by one, each only if every range it needs
    /// has room. Failures come from AKS's pre-check first: the documented
    /// requirement of each range against what it has.
    fn add_nodes(&mut self) {
        if !self.rollout {
            self.pre_check();
        }
        for index in 0..self.pools.len() {
            let Some(pool) = self.pools.get(index).cloned() else {
                continue;
            };
            for number in 0..pool.node_count {
                let position = self.nodes.len();
                let node = self.new_node(&pool, number, position);
                self.nodes.push(node);
            }
        }
    }

    /// What each node of `pool` takes: its node-subnet addresses, and under
    /// Pod Subnet with static blocks, its /28 blocks.
    fn per_node(&self, pool: &PoolSettings) -> (u64, Option<u64>) {
        let spec = self.spec;
        let static_blocks = (spec.plugin.uses_pod_subnet()
            && spec.pod_ip_allocation == PodIpAllocation::StaticBlock)
            .then(|| static_blocks_per_node(pool.max_pods));
        (
            node_subnet_addresses_per_node(spec.plugin, pool.max_pods),
            static_blocks,
        )
    }

    /// Node `number` of `pool` with its addresses, or `NotCreated` if a
    /// range has no room; `position` is its place among the cluster's nodes
    /// (kubenet's route table holds 400).
    fn new_node(&mut self, pool: &PoolSettings, number: u32, position: usize) -> Node {
        let (rolling_pool, cordoned) = &self.cordoned;
        let mut node = Node {
            id: NodeId::in_pool(pool.index, number),
            pool: self
                .pool_names
                .get(usize::from(pool.index))
                .cloned()
                .unwrap_or_else(|| Arc::from(pool.name)),
            state: NodeState::Ready,
            ip: None,
            pod_range: None,
            bridge_ip: None,
            pod_ip_runs: Vec::new(),
            pod_count: 0,
            cordoned: *rolling_pool == pool.index && cordoned.contains(&number),
        };
        if let Err(shortage) = self.allocate_node(&mut node, pool, position) {
            node.state = NodeState::NotCreated(shortage);
        }
        node
    }

    /// The nodes the cluster autoscalers may still add, up to each pool's
    /// max count, each with the addresses it would take once everything else
    /// has its own: the lowest free, as Azure hands them out [derived];
    /// `NotCreated` where a range runs out. Planned on copies: no range keeps them.
    fn autoscaler_headroom(&mut self) -> Vec<Node> {
        if self.rollout || self.pools.iter().all(|pool| pool.max_count.is_none()) {
            return Vec::new();
        }
        let ranges = (
            self.node_subnet.clone(),
            self.pool_node_subnets.clone(),
            self.pod_subnet.clone(),
            self.pool_pod_subnets.clone(),
            self.pod_cidr.clone(),
        );
        let mut headroom = Vec::new();
        for pool in self.pools.clone() {
            for number in pool.node_count..pool.planned_node_count() {
                let position = self.nodes.len() + headroom.len();
                headroom.push(self.new_node(&pool, number, position));
            }
        }
        (
            self.node_subnet,
            self.pool_node_subnets,
            self.pod_subnet,
            self.pool_pod_subnets,
            self.pod_cidr,
        ) = ranges;
        headroom
    }

    /// Sums `each` over the pools, counting each pool at the node count AKS
    /// plans for it; with the autoscaler on any of them, also the nodes
    /// counted (for the message's "max-count from each nodepool").
    fn planned_in(
        pools: &[&PoolSettings],
        each: impl Fn(&PoolSettings) -> u64,
    ) -> (u64, Option<u32>) {
        let required = pools
            .iter()
            .map(|pool| u64::from(pool.planned_node_count()) * each(pool))
            .sum();
        let autoscaled = pools.iter().any(|pool| pool.max_count.is_some());
        let nodes: u32 = pools.iter().map(|pool| pool.planned_node_count()).sum();
        (required, autoscaled.then_some(nodes))
    }

    /// AKS's pre-check: one failure per range (or limit) whose documented
    /// requirement for all the nodes of the pools in it exceeds what it has.
    /// Source: aks-facts §6.1 (nodes × addresses per node), §6.2 (a /24 per
    /// node), §6.3 (400 routes); each pool counted at its max count with the
    /// autoscaler ("the max-count from each nodepool is counted", §6.2).
    fn pre_check(&mut self) {
        let spec = self.spec;
        let mut shortfalls = Vec::new();
        for subnet in std::iter::once(&self.node_subnet).chain(&self.pool_node_subnets) {
            let pools: Vec<&PoolSettings> = self
                .pools
                .iter()
                .filter(|pool| pool.node_subnet.0 == subnet.name)
                .collect();
            let (required, max_count) = Self::planned_in(&pools, |pool| self.per_node(pool).0);
            let available = subnet.usable - subnet.held_by_others();
            shortfalls.push((
                subnet.name.clone(),
                subnet.cidr,
                required,
                available,
                max_count,
            ));
        }
        let all: Vec<&PoolSettings> = self.pools.iter().collect();
        if spec.plugin.uses_pod_cidr() {
            let (required, max_count) = Self::planned_in(&all, |_| NODE_POD_RANGE_SIZE);
            shortfalls.push((
                RangeName::PodCidr,
                spec.pod_cidr,
                required,
                node_pod_ranges_in(spec.pod_cidr.prefix_len()) * NODE_POD_RANGE_SIZE,
                max_count,
            ));
        }
        if spec.plugin.uses_pod_subnet() && spec.pod_ip_allocation == PodIpAllocation::StaticBlock {
            for subnet in self.pod_subnet.iter().chain(&self.pool_pod_subnets) {
                let pools: Vec<&PoolSettings> = self
                    .pools
                    .iter()
                    .filter(|pool| {
                        pool.pod_subnet.as_ref().map(|(name, _)| name) == Some(&subnet.name)
                    })
                    .collect();
                let (required, max_count) = Self::planned_in(&pools, |pool| {
                    static_blocks_per_node(pool.max_pods) * STATIC_BLOCK_SIZE
                });
                shortfalls.push((
                    subnet.name.clone(),
                    subnet.cidr,
                    required,
                    static_blocks_in_subnet(size_of(subnet.cidr)) * STATIC_BLOCK_SIZE,
                    max_count,
                ));
            }
        }
        for (range, cidr, required, available, max_count) in shortfalls {
            if required > available {
                self.failures.push(Failure::InsufficientSubnetSize {
                    range,
                    cidr,
                    required,
                    available,
                    surge: None,
                    max_count,
                });
            }
        }
        let planned = self.planned_nodes();
        if spec.plugin == NetworkPlugin::Kubenet && planned > ROUTE_TABLE_LIMIT {
            self.failures.push(Failure::RouteTableLimit {
                nodes: planned,
                surge: None,
            });
        }
    }

    /// The cluster's nodes as AKS plans them: each pool at its max count
    /// with the autoscaler, else its node count.
    fn planned_nodes(&self) -> u32 {
        self.pools
            .iter()
            .map(PoolSettings::planned_node_count)
            .sum()
    }

    /// The allocator of `pool`'s node subnet.
    fn node_subnet_of(&mut self, pool: &PoolSettings) -> &mut RangeAllocator {
        subnet_named(
            &mut self.node_subnet,
            &mut self.pool_node_subnets,
            &pool.node_subnet.0,
        )
    }

    /// Pod Subnet: the allocator of `pool`'s pod subnet.
    fn pod_subnet_of(&mut self, pool: &PoolSettings) -> Option<&mut RangeAllocator> {
        let (name, _) = pool.pod_subnet.as_ref()?;
        pod_subnet_named(&mut self.pod_subnet, &mut self.pool_pod_subnets, name)
    }

    fn allocate_node(
        &mut self,
        node: &mut Node,
        pool: &PoolSettings,
        position: usize,
    ) -> Result<(), NodeShortage> {
        let id = node.id;
        if self.spec.plugin == NetworkPlugin::Kubenet && position >= ROUTE_TABLE_LIMIT as usize {
            return Err(NodeShortage::RouteTable);
        }
        let (node_len, static_blocks) = self.per_node(pool);
        let mut pod_range_start = None;
        if let Some(pod_cidr) = &mut self.pod_cidr {
            let start = pod_cidr
                .claim(Owner::NodePodRange(id), 1, 1)
                .ok_or(NodeShortage::PodCidr)?;
            pod_range_start = Some(start);
        }
        let mut blocks = Vec::new();
        if let (Some(count), Some(pod_subnet)) = (static_blocks, self.pod_subnet_of(pool)) {
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
        let node_subnet = self.node_subnet_of(pool);
        let Some(start) = node_subnet.claim(Owner::Node(id), node_len, 1) else {
            if let Some(pod_subnet) = self.pod_subnet_of(pool) {
                blocks
                    .into_iter()
                    .for_each(|start| pod_subnet.release(start));
            }
            self.release_pod_range(pod_range_start);
            return Err(NodeShortage::NodeSubnet);
        };

        node.ip = Some(node_subnet.address(start, 1));
        if node_len > 1 {
            node.pod_ip_runs
                .push((node_subnet.address(start + 1, 1), node_len - 1));
        }
        if let (Some(pod_cidr), Some(block)) = (&self.pod_cidr, pod_range_start) {
            let first = pod_cidr.address(block, NODE_POD_RANGE_SIZE);
            node.pod_range = Ipv4Net::new(first, NODE_POD_RANGE_PREFIX).ok();
            if self.spec.plugin == NetworkPlugin::Kubenet {
                node.bridge_ip = node.pod_range.map(|range| address_at(range, 1));
            }
        }
        if let Some(pod_subnet) = self.pod_subnet_of(pool) {
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
        // The nodes of the pools that run the deployments, each with its
        // pool's max pods, or none while it cannot take pods.
        let candidates: Vec<(NodeId, u32)> = self
            .nodes
            .iter()
            .filter(|node| spec.runs_workloads(node.id.pool()))
            .map(|node| {
                let max_pods = self
                    .pools
                    .get(usize::from(node.id.pool()))
                    .map_or(0, |pool| pool.max_pods);
                (node.id, if node.is_schedulable() { max_pods } else { 0 })
            })
            .collect();
        let placements = schedule(pods.len(), &candidates, |index| {
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
            let position = placement.and_then(|p| self.node_position(p.node));
            if let Some(node) = position.and_then(|at| self.nodes.get_mut(at)) {
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
            let placement = pod.placement.and_then(|placement| {
                Some(Placement {
                    node: self.renumbered(placement.node, false)?,
                    ..placement
                })
            });
            if pod.ordinal < replicas {
                if let Some(slot) = kept.get_mut(start + pod.ordinal as usize) {
                    *slot = placement;
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
        for pod in &mut pods {
            let Some(placement) = pod.placement else {
                continue;
            };
            let (Some(node), Some(pool)) = (
                self.node_position(placement.node)
                    .and_then(|at| self.nodes.get(at)),
                self.pools.get(usize::from(placement.node.pool())),
            ) else {
                continue;
            };
            // Where the node's runs of pod addresses are: the node subnet
            // (Azure CNI's pre-allocated block) or the pod subnet.
            let runs_in = match &pool.pod_subnet {
                Some((_, pod_subnet)) => *pod_subnet,
                None => pool.node_subnet.1,
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
        let mut nodes = std::mem::take(&mut self.nodes);
        for batch in 1..rounds {
            for (node, wanted) in nodes.iter_mut().zip(&batches_wanted) {
                // A node whose previous batch failed stops asking.
                if *wanted <= batch || node.pod_ip_runs.len() as u64 != batch {
                    continue;
                }
                let Some((name, _)) = self
                    .pools
                    .get(usize::from(node.id.pool()))
                    .and_then(|pool| pool.pod_subnet.as_ref())
                else {
                    continue;
                };
                let Some(pod_subnet) =
                    pod_subnet_named(&mut self.pod_subnet, &mut self.pool_pod_subnets, name)
                else {
                    continue;
                };
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
        self.nodes = nodes;
    }

    /// An upgrade first adds max-surge nodes, and each needs what a node
    /// needs in every range: node-subnet addresses (aks-facts §6.1), a /24 of
    /// the pod CIDR (§6.2, the pre-check's 1,280 > 1,024), a route (§6.3), a
    /// batch of 16 or its /28 blocks in the pod subnet (§1.4, §6.5). Pools
    /// upgrade one after the other, each with its own surge, whose nodes are
    /// gone before the next pool starts (learn: aks/upgrade-cluster: node
    /// pools upgrade sequentially). A range already found short is not
    /// reported twice.
    fn check_upgrade_headroom(&mut self) {
        let spec = self.spec;
        // AKS's pre-check counts each pool at its autoscaler's max count,
        // for an upgrade as for a scale (the InsufficientSubnetSize support
        // article), and the surge nodes the upgrade adds.
        let planned = self.planned_nodes();
        for pool in self.pools.clone() {
            let surge = pool.surge_nodes();
            if surge == 0 {
                continue;
            }
            // What fails from here on is this pool's upgrade's.
            let first_failure = self.failures.len();
            self.check_node_subnet_surge(&pool, surge);
            // The pool's limit counts its current size ("If a node pool's
            // current size plus the calculated surge count would exceed 1,000").
            if u64::from(pool.node_count) + u64::from(surge) > u64::from(*NODE_COUNT_RANGE.end()) {
                self.failures.push(Failure::SurgeOverPoolLimit {
                    nodes: pool.node_count,
                    surge,
                });
            }
            let nodes = u64::from(planned) + u64::from(surge);
            if spec.plugin.uses_pod_cidr() && !short_of(&self.failures, &RangeName::PodCidr) {
                let available =
                    node_pod_ranges_in(spec.pod_cidr.prefix_len()) * NODE_POD_RANGE_SIZE;
                let required = nodes * NODE_POD_RANGE_SIZE;
                if required > available {
                    let autoscaled = self.pools.iter().any(|pool| pool.max_count.is_some());
                    self.failures.push(Failure::InsufficientSubnetSize {
                        range: RangeName::PodCidr,
                        cidr: spec.pod_cidr,
                        required,
                        available,
                        surge: Some(surge),
                        max_count: autoscaled.then_some(planned),
                    });
                }
            }
            let route_table_short = self
                .failures
                .iter()
                .any(|failure| matches!(failure, Failure::RouteTableLimit { .. }));
            if spec.plugin == NetworkPlugin::Kubenet
                && !route_table_short
                && planned <= ROUTE_TABLE_LIMIT
                && nodes > u64::from(ROUTE_TABLE_LIMIT)
            {
                self.failures.push(Failure::RouteTableLimit {
                    nodes: planned,
                    surge: Some(surge),
                });
            }
            let pod_subnet = self.pod_subnet_of(&pool).map(|pod_subnet| {
                let blocks = pod_subnet.held(|owner| matches!(owner, Owner::PodIpBlock { .. }));
                (
                    pod_subnet.name.clone(),
                    pod_subnet.cidr,
                    pod_subnet.free(),
                    blocks,
                )
            });
            if let Some((name, cidr, free, blocks_held)) = pod_subnet {
                self.check_pod_subnet_surge(&pool, (name, cidr), free, blocks_held, surge);
            }
            self.failure_pools
                .extend((first_failure..self.failures.len()).map(|failure| (failure, pool.index)));
        }
    }

    /// The node subnet's room for a pool's surge nodes. AKS's pre-check
    /// compares its free addresses with the surge nodes (kubenet, Overlay,
    /// Pod Subnet) or the surge nodes × max pods (Azure CNI), and rejects
    /// the upgrade before it starts (aks-facts §6.1, InsufficientSubnetSize).
    /// An Azure CNI surge node needs its own address on top of its max pods,
    /// so a subnet the pre-check passes can still be one address short per
    /// surge node: the scale set then fails to create it, `SubnetIsFull`
    /// (§6.1, error-code-subnetisfull-upgrade) [derived].
    fn check_node_subnet_surge(&mut self, pool: &PoolSettings, surge: u32) {
        let spec = self.spec;
        let (range, cidr) = pool.node_subnet.clone();
        if self
            .failures
            .iter()
            .any(|failure| failure.range() == Some(&range))
        {
            return;
        }
        let per_node = node_subnet_addresses_per_node(spec.plugin, pool.max_pods);
        // The pre-check counts the nodes the autoscalers may still add to
        // the pools in this subnet as there: their addresses are not free to it.
        let not_yet_added: u64 = self
            .pools
            .iter()
            .filter(|other| other.node_subnet.0 == range)
            .map(|other| {
                u64::from(other.planned_node_count() - other.node_count)
                    * node_subnet_addresses_per_node(spec.plugin, other.max_pods)
            })
            .sum();
        let available = self.node_subnet_of(pool).free();
        let counted_free = available.saturating_sub(not_yet_added);
        let counted_per_node = match spec.plugin {
            NetworkPlugin::AzureCni => u64::from(pool.max_pods),
            _ => 1,
        };
        let counted = u64::from(surge) * counted_per_node;
        let needed = u64::from(surge) * per_node;
        if counted > counted_free {
            self.failures.push(Failure::InsufficientSubnetSize {
                range,
                cidr,
                required: counted,
                available: counted_free,
                surge: Some(surge),
                max_count: pool.max_count,
            });
        } else if needed > available {
            self.failures.push(Failure::SubnetIsFull {
                range,
                cidr,
                surge,
                required: needed,
                available,
            });
        }
    }

    /// The pod subnet's room for a pool's surge nodes: their /28 blocks
    /// (static), or a first batch of 16 each (dynamic).
    fn check_pod_subnet_surge(
        &mut self,
        pool: &PoolSettings,
        (range, cidr): (RangeName, Ipv4Net),
        free: u64,
        blocks_held: u64,
        surge: u32,
    ) {
        if self
            .failures
            .iter()
            .any(|failure| failure.range() == Some(&range))
        {
            return;
        }
        match self.spec.pod_ip_allocation {
            PodIpAllocation::StaticBlock => {
                let per_node = static_blocks_per_node(pool.max_pods);
                let free_blocks = static_blocks_in_subnet(size_of(cidr))
                    .saturating_sub(blocks_held / STATIC_BLOCK_SIZE);
                let required = u64::from(surge) * per_node;
                if required > free_blocks {
                    self.failures.push(Failure::SubnetIsFull {
                        range,
                        cidr,
                        surge,
                        required: required * STATIC_BLOCK_SIZE,
                        available: free_blocks * STATIC_BLOCK_SIZE,
                    });
                }
            }
            PodIpAllocation::Dynamic => {
                let required = u64::from(surge) * POD_IP_BATCH;
                let reported = self.failures.iter().any(|failure| {
                    matches!(failure, Failure::SurgeWithoutPodAddresses { cidr: short, .. } if *short == cidr)
                });
                if required > free && !reported {
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

/// Each pool as planned, with the addresses its nodes hold in each range.
fn pool_plans(
    pools: &[PoolSettings],
    spec: &ClusterSpec,
    names: &[Arc<str>],
    ranges: &[RangePlan],
) -> Vec<PoolPlan> {
    let mut held = vec![vec![0u64; ranges.len()]; pools.len()];
    for (index, range) in ranges.iter().enumerate() {
        for allocation in &range.allocations {
            let Some(node) = allocation.owner.node() else {
                continue;
            };
            if let Some(count) = held
                .get_mut(usize::from(node.pool()))
                .and_then(|counts| counts.get_mut(index))
            {
                *count += allocation.len;
            }
        }
    }
    pools
        .iter()
        .zip(names)
        .zip(held)
        .map(|((pool, name), held)| PoolPlan {
            capacity: pool_capacity(
                spec,
                pools,
                pool,
                // Internal load balancers' frontends in the pool's node subnet.
                ranges
                    .iter()
                    .find(|range| range.name == pool.node_subnet.0)
                    .map_or(0, |range| {
                        range.held_by(|owner| matches!(owner, Owner::LoadBalancerFrontend(_)))
                    }),
            ),
            index: pool.index,
            name: name.clone(),
            node_count: pool.node_count,
            autoscaler: None,
            max_pods: pool.max_pods,
            max_surge: pool.max_surge,
            surge: pool.surge_nodes(),
            node_subnet: pool.node_subnet.0.clone(),
            pod_subnet: pool.pod_subnet.as_ref().map(|(name, _)| name.clone()),
            runs_workloads: spec.runs_workloads(pool.index),
            addresses: ranges
                .iter()
                .zip(held)
                .filter(|(_, count)| *count > 0)
                .map(|(range, count)| (range.name.clone(), count))
                .collect(),
        })
        .collect()
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
