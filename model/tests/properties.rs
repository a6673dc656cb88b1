//! Invariants of every plan, checked on generated clusters (proptest):
//! no address owned twice, every address inside its range, reserved addresses
//! never handed out, capacity figures that agree with the allocation, failures
//! reported exactly when the documented formula says, determinism, stability
//! under change, and no panic on any input at all.

mod common;

use std::collections::HashSet;
use std::net::Ipv4Addr;

use aks_model::capacity::{
    node_pod_ranges_in, node_subnet_addresses_per_node, static_blocks_in_subnet,
    static_blocks_per_node,
};
use aks_model::limits::ROUTE_TABLE_LIMIT;
use aks_model::subnet::{reserved_addresses, size_of, usable_in_subnet};
use aks_model::{
    ClusterSpec, ContainerPort, Dataplane, Deployment, Failure, LoadBalancerScope, MaxSurge,
    NetworkPlugin, NetworkPolicy, NodeState, NsgRule, Owner, Plan, PodIpAllocation, PodState,
    PolicyEngine, RangeName, RequiredNsgRule, ServiceKind, ServiceSpec, SubnetSpec, TargetPort,
    TrafficPolicy,
};
use aks_model::{DeploymentId, NodeId, PodId, ServiceId};
use common::net;
use ipnet::Ipv4Net;
use proptest::prelude::*;

fn plugins() -> impl Strategy<Value = NetworkPlugin> {
    prop::sample::select(NetworkPlugin::ALL.to_vec())
}

fn service_kinds() -> impl Strategy<Value = ServiceKind> {
    prop_oneof![
        Just(ServiceKind::ClusterIp),
        Just(ServiceKind::NodePort),
        Just(ServiceKind::LoadBalancer(LoadBalancerScope::Public)),
        Just(ServiceKind::LoadBalancer(LoadBalancerScope::Internal {
            subnet: None
        })),
        Just(ServiceKind::LoadBalancer(LoadBalancerScope::Internal {
            subnet: Some("services".into())
        })),
    ]
}

/// Max surge as a few nodes or any valid percentage (aks-facts §10).
fn max_surges() -> impl Strategy<Value = MaxSurge> {
    prop_oneof![
        (1u32..=3).prop_map(MaxSurge::Nodes),
        (1u32..=100).prop_map(MaxSurge::Percent),
    ]
}

/// The largest pool that leaves room for its own surge among `fit` nodes,
/// counted one pool size at a time.
fn largest_pool_with_its_surge(fit: u64, surge: MaxSurge) -> u64 {
    (0..=fit)
        .rev()
        .find(|&nodes| {
            let pool = u32::try_from(nodes).unwrap_or(u32::MAX);
            nodes + u64::from(surge.nodes_for(pool)) <= fit
        })
        .unwrap_or(0)
}

/// Valid clusters of every model, with ranges from roomy to far too small.
fn clusters() -> impl Strategy<Value = ClusterSpec> {
    (
        (
            plugins(),
            any::<bool>(),
            1u32..=40,
            10u32..=250,
            max_surges(),
        ),
        (20u8..=29, 20u8..=29, 16u8..=26, 16u8..=28),
        prop::collection::vec(0u32..=400, 1..=3),
        prop::collection::vec(service_kinds(), 0..=4),
        // A third of the clusters run the cluster autoscaler, up to 30 nodes more.
        prop_oneof![2 => Just(None), 1 => (0u32..=30).prop_map(Some)],
    )
        .prop_map(
            |(
                (plugin, static_blocks, node_count, max_pods, max_surge),
                (node_prefix, pod_subnet_prefix, pod_cidr_prefix, service_prefix),
                replicas,
                kinds,
                autoscaler_headroom,
            )| {
                let prefixed = |base: &str, prefix: u8| {
                    Ipv4Net::new(base.parse().expect("valid"), prefix).expect("valid prefix")
                };
                ClusterSpec {
                    plugin,
                    // Cilium on every other Azure CNI cluster (it runs on no kubenet one).
                    dataplane: if plugin != NetworkPlugin::Kubenet && node_count % 2 == 0 {
                        Dataplane::Cilium
                    } else {
                        Dataplane::KubeProxy
                    },
                    pod_ip_allocation: if static_blocks {
                        PodIpAllocation::StaticBlock
                    } else {
                        PodIpAllocation::Dynamic
                    },
                    vnet: net("10.16.0.0/12"),
                    node_subnet: prefixed("10.16.0.0", node_prefix),
                    pod_subnet: prefixed("10.17.0.0", pod_subnet_prefix),
                    pod_cidr: prefixed("10.244.0.0", pod_cidr_prefix),
                    service_cidr: prefixed("10.0.0.0", service_prefix),
                    dns_service_ip: "10.0.0.10".parse().expect("valid"),
                    node_count,
                    max_count: autoscaler_headroom.map(|more| node_count + more),
                    max_pods,
                    max_surge,
                    user_pools: Vec::new(),
                    // Some clusters with some of the lab's policies, enforced by the default engine.
                    policies: NetworkPolicy::ALL
                        .into_iter()
                        .filter(|policy| {
                            (max_pods >> (*policy as u32)) & 1 == 1 && max_pods % 3 == 0
                        })
                        .collect(),
                    policy_engine: None,
                    // Some clusters deny everything from outside the VNet but the required rules.
                    nsg_rules: if max_pods % 5 == 0 {
                        vec![NsgRule {
                            priority: 4000,
                            allow: false,
                            source: net("0.0.0.0/0"),
                            port: None,
                        }]
                    } else {
                        Vec::new()
                    },
                    nsg_removed: Vec::new(),
                    outbound_type: Default::default(),
                    deployments: replicas
                        .iter()
                        .enumerate()
                        .map(|(i, &n)| Deployment::new(format!("app{i}"), n))
                        .collect(),
                    services: kinds
                        .into_iter()
                        .enumerate()
                        .map(|(i, kind)| ServiceSpec {
                            name: format!("svc{i}"),
                            selector: "app0".into(),
                            kind,
                            port: 80,
                            target_port: 8080.into(),
                            node_port: None,
                            external_traffic_policy: TrafficPolicy::Cluster,
                        })
                        .collect(),
                    extra_subnets: vec![SubnetSpec {
                        name: "services".into(),
                        cidr: net("10.18.0.0/28"),
                    }],
                }
            },
        )
        .prop_filter("valid specs only", |spec| aks_model::validate(spec).is_ok())
}

fn plan_of(spec: &ClusterSpec) -> Plan {
    Plan::build(spec).expect("the strategy only makes valid specs")
}

/// Every address handed out in the plan, with a description of its holder.
fn addresses_handed_out(plan: &Plan) -> Vec<(Ipv4Addr, String)> {
    let mut out = Vec::new();
    for node in plan.ready_nodes() {
        out.extend(node.ip.map(|ip| (ip, format!("node {}", node.id))));
        out.extend(node.bridge_ip.map(|ip| (ip, format!("bridge {}", node.id))));
    }
    for pod in &plan.pods {
        out.extend(pod.ip.map(|ip| (ip, plan.pod_name(pod))));
    }
    for service in &plan.services {
        out.extend(
            service
                .cluster_ip
                .map(|ip| (ip, format!("{} ClusterIP", service.name))),
        );
        out.extend(
            service
                .frontend
                .map(|ip| (ip, format!("{} frontend", service.name))),
        );
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn no_address_is_owned_twice(spec in clusters()) {
        let plan = plan_of(&spec);
        let mut seen = HashSet::new();
        for (address, holder) in addresses_handed_out(&plan) {
            prop_assert!(seen.insert(address), "{address} handed out twice (again to {holder})");
        }
        for range in &plan.ranges {
            for pair in range.allocations.windows(2) {
                let end = u64::from(u32::from(pair[0].first)) + pair[0].len;
                prop_assert!(end <= u64::from(u32::from(pair[1].first)), "overlap in {}", range.cidr);
            }
        }
    }

    /// What the autoscaler's max count would take is free today, inside its
    /// ranges, never one of Azure's reserved addresses, and taken once.
    #[test]
    fn the_autoscalers_headroom_is_free_and_taken_once(spec in clusters()) {
        let plan = plan_of(&spec);
        let held = |ip: Ipv4Addr| plan.ranges.iter().any(|range| range.allocations.iter().any(|a| {
            (u32::from(a.first)..u32::from(a.first).saturating_add(a.len as u32)).contains(&u32::from(ip))
        }));
        let mut seen = HashSet::new();
        prop_assert_eq!(
            plan.autoscaler_headroom.len() as u32,
            spec.max_count.map_or(0, |max| max - spec.running_node_count())
        );
        for node in plan.autoscaler_headroom.iter().filter(|node| node.is_ready()) {
            let ip = node.ip.expect("a node that fits has an address");
            prop_assert!(spec.node_subnet.contains(&ip));
            let runs = node.pod_ip_runs.iter().flat_map(|&(first, len)| {
                (0..len as u32).map(move |n| Ipv4Addr::from(u32::from(first) + n))
            });
            // Its /24 of the pod CIDR (kubenet, Overlay), by its first address.
            let pod_range = node.pod_range.map(|range| range.network());
            for address in std::iter::once(ip).chain(runs).chain(pod_range) {
                prop_assert!(!held(address), "{address} is held already");
                prop_assert!(seen.insert(address), "{address} taken twice");
            }
        }
    }

    #[test]
    fn every_address_is_inside_its_range(spec in clusters()) {
        let plan = plan_of(&spec);
        for range in &plan.ranges {
            for allocation in &range.allocations {
                let last = u32::from(allocation.first) as u64 + allocation.len - 1;
                prop_assert!(range.cidr.contains(&allocation.first));
                prop_assert!(range.cidr.contains(&Ipv4Addr::from(last as u32)));
            }
        }
        for node in plan.ready_nodes() {
            prop_assert!(spec.node_subnet.contains(&node.ip.expect("a Ready node has an IP")));
        }
        for pod in plan.pods.iter().filter(|p| p.state == PodState::Running) {
            let ip = pod.ip.expect("a Running pod has an IP");
            let node = plan.node(pod.placement.expect("placed").node).expect("its node");
            let inside_node_runs = node.pod_ip_runs.iter().any(|&(first, len)| {
                (u32::from(first)..u32::from(first) + len as u32).contains(&u32::from(ip))
            });
            match spec.plugin {
                NetworkPlugin::Kubenet | NetworkPlugin::AzureCniOverlay => {
                    prop_assert!(node.pod_range.expect("a /24").contains(&ip));
                }
                NetworkPlugin::AzureCni => {
                    prop_assert!(spec.node_subnet.contains(&ip) && inside_node_runs);
                }
                NetworkPlugin::AzureCniPodSubnet => {
                    prop_assert!(spec.pod_subnet.contains(&ip) && inside_node_runs);
                }
            }
        }
    }

    #[test]
    fn reserved_addresses_are_never_handed_out(spec in clusters()) {
        let plan = plan_of(&spec);
        let mut reserved: HashSet<Ipv4Addr> = HashSet::new();
        let mut subnets = vec![spec.node_subnet, net("10.18.0.0/28")];
        if spec.plugin.uses_pod_subnet() {
            subnets.push(spec.pod_subnet);
        }
        for subnet in subnets {
            reserved.extend(reserved_addresses(subnet).into_iter().map(|(ip, _)| ip));
        }
        reserved.insert(spec.service_cidr.network());
        reserved.insert(spec.service_cidr.broadcast());
        for (address, holder) in addresses_handed_out(&plan) {
            prop_assert!(!reserved.contains(&address), "{holder} got reserved {address}");
        }
        for pod in plan.pods.iter().filter_map(|p| p.ip) {
            if let Some(range) = plan.nodes.iter().find_map(|n| n.pod_range.filter(|r| r.contains(&pod))) {
                // .0 is the network address, .1 the bridge, .255 the broadcast.
                let host = u32::from(pod) - u32::from(range.network());
                prop_assert!((2..255).contains(&host), "pod at {pod}");
            }
        }
    }

    /// The pre-check failures appear exactly when the documented formula says
    /// the range is too small (aks-facts §6.1–6.3), and the nodes that exist
    /// are exactly as many as every limit allows.
    #[test]
    fn exhaustion_is_reported_exactly_when_the_formula_says(spec in clusters()) {
        let plan = plan_of(&spec);
        // With the autoscaler on, AKS counts its max count (aks-facts §3.2, §6.1).
        let nodes = u64::from(spec.planned_node_count());
        let reported = |range: RangeName| plan.failures.iter().any(|f| {
            matches!(f, Failure::InsufficientSubnetSize { range: r, surge: None, .. } if *r == range)
        });
        // An upgrade's pre-check counts the surge nodes too (§6.2, §10): the
        // ones the upgrade adds to the nodes the pool runs, on top of the
        // autoscaler's max count.
        let running = u64::from(spec.running_node_count());
        let surge = u64::from(spec.running().surge_nodes());
        let reported_for_upgrade = |range: RangeName| plan.failures.iter().any(|f| {
            matches!(f, Failure::InsufficientSubnetSize { range: r, surge: Some(_), .. } if *r == range)
        });

        let per_node = node_subnet_addresses_per_node(spec.plugin, spec.max_pods);
        let usable = usable_in_subnet(spec.node_subnet);
        prop_assert_eq!(reported(RangeName::NodeSubnet), nodes * per_node > usable);
        let mut fit = usable / per_node;

        let pod_cidr_blocks = node_pod_ranges_in(spec.pod_cidr.prefix_len());
        prop_assert_eq!(
            reported(RangeName::PodCidr),
            spec.plugin.uses_pod_cidr() && nodes > pod_cidr_blocks
        );
        prop_assert_eq!(
            reported_for_upgrade(RangeName::PodCidr),
            spec.plugin.uses_pod_cidr() && nodes <= pod_cidr_blocks && nodes + surge > pod_cidr_blocks
        );
        if spec.plugin.uses_pod_cidr() {
            fit = fit.min(pod_cidr_blocks);
        }
        let static_mode = spec.plugin.uses_pod_subnet()
            && spec.pod_ip_allocation == PodIpAllocation::StaticBlock;
        let blocks = static_blocks_in_subnet(size_of(spec.pod_subnet));
        let per_node_blocks = static_blocks_per_node(spec.max_pods);
        prop_assert_eq!(reported(RangeName::PodSubnet), static_mode && nodes * per_node_blocks > blocks);
        if static_mode {
            fit = fit.min(blocks / per_node_blocks);
        }
        if spec.plugin == NetworkPlugin::Kubenet {
            fit = fit.min(u64::from(ROUTE_TABLE_LIMIT));
        }
        prop_assert_eq!(plan.ready_nodes().count() as u64, running.min(fit));
        // Dynamic Pod Subnet nodes are created even without pod addresses, but
        // the largest useful node count gives each at least one batch of 16.
        if spec.plugin.uses_pod_subnet() && !static_mode {
            fit = fit.min(usable_in_subnet(spec.pod_subnet) / 16);
        }
        // Frontends an internal load balancer holds in the node subnet leave
        // less room for nodes.
        let frontends = plan.range(&RangeName::NodeSubnet).expect("planned")
            .held_by(|o| matches!(o, Owner::LoadBalancerFrontend(_)));
        fit = fit.min(usable.saturating_sub(frontends) / per_node);
        prop_assert_eq!(
            u64::from(plan.capacity.max_nodes),
            // A pool and its surge hold at most 1,000 nodes together.
            largest_pool_with_its_surge(fit.min(1_000), spec.max_surge)
        );
    }

    /// The capacity figures agree with the pods actually placed.
    #[test]
    fn capacity_figures_agree_with_the_allocation(spec in clusters()) {
        let plan = plan_of(&spec);
        let capacity = &plan.capacity;
        let replicas = spec.total_replicas();
        let ready = plan.ready_nodes().count() as u64;
        prop_assert_eq!(
            capacity.pods_running + capacity.pods_pending + capacity.pods_without_address,
            replicas
        );
        // The scheduler fills every Ready node up to max pods before any pod waits.
        prop_assert_eq!(replicas - capacity.pods_pending, replicas.min(ready * u64::from(spec.max_pods)));
        prop_assert!(capacity.pods_running <= capacity.pod_capacity);
        let dynamic = spec.plugin.uses_pod_subnet() && spec.pod_ip_allocation == PodIpAllocation::Dynamic;
        if !dynamic {
            prop_assert_eq!(capacity.pods_without_address, 0);
            prop_assert_eq!(capacity.pods_running, replicas.min(capacity.pod_capacity));
        }
        for node in plan.ready_nodes() {
            prop_assert!(node.pod_count <= spec.max_pods);
        }
        prop_assert_eq!(plan.routes.len() as u64, if spec.plugin == NetworkPlugin::Kubenet { ready } else { 0 });
        // The node subnet's owners account for every address handed out there.
        let node_subnet = plan.range(&RangeName::NodeSubnet).expect("always planned");
        prop_assert_eq!(node_subnet.held_by(|o| matches!(o, Owner::AzureReserved(_))), 5);
        prop_assert_eq!(
            node_subnet.held_by(|o| matches!(o, Owner::Node(_) | Owner::PreallocatedPodIps(_))),
            ready * node_subnet_addresses_per_node(spec.plugin, spec.max_pods)
        );
    }

    /// With the cluster autoscaler on, the pool runs within its range the
    /// fewest nodes that leave no pod Pending (learn: aks/cluster-autoscaler:
    /// it adds a node for pods that cannot be scheduled, and removes nodes
    /// they do not need): short of its max count only when every pod is
    /// placed, and above its min count only when one node fewer would leave
    /// a pod Pending.
    #[test]
    fn the_autoscaler_runs_the_fewest_nodes_that_place_every_pod(spec in clusters()) {
        let Some(max) = spec.max_count else { return Ok(()) };
        let pending = |plan: &Plan| plan.pods.iter().any(|pod| matches!(pod.state, PodState::Pending(_)));
        let plan = plan_of(&spec);
        let running = plan.nodes.len() as u32;
        prop_assert!((spec.node_count..=max).contains(&running));
        if running < max && plan.nodes.iter().all(|node| node.is_ready()) {
            prop_assert!(!pending(&plan));
        }
        if running > spec.node_count {
            let fewer = ClusterSpec { node_count: running - 1, max_count: None, ..spec.clone() };
            prop_assert!(pending(&plan_of(&fewer)));
        }
    }

    /// Determinism, and a re-plan of an unchanged cluster moves nothing. (Only
    /// a failure's "IPs available" may differ: in a running cluster an
    /// internal load balancer already holds its frontend.)
    #[test]
    fn the_same_spec_always_gives_the_same_plan(spec in clusters()) {
        prop_assert_eq!(plan_of(&spec), plan_of(&spec));
        let plan = plan_of(&spec);
        let evolved = Plan::evolve(&plan, &spec).expect("valid");
        prop_assert_eq!(&evolved.nodes, &plan.nodes);
        prop_assert_eq!(&evolved.pods, &plan.pods);
        prop_assert_eq!(&evolved.services, &plan.services);
        prop_assert_eq!(&evolved.ranges, &plan.ranges);
        prop_assert_eq!(&evolved.routes, &plan.routes);
    }

    /// Adding a node or a replica renumbers nothing that already exists.
    #[test]
    fn growing_the_cluster_renumbers_nothing(spec in clusters(), add_node in any::<bool>()) {
        let before = plan_of(&spec);
        let mut grown = spec.clone();
        if add_node {
            grown.node_count += 1;
        } else {
            grown.deployments[0].replicas += 1;
        }
        prop_assume!(aks_model::validate(&grown).is_ok());
        let after = Plan::evolve(&before, &grown).expect("valid");
        for (old, new) in before.nodes.iter().zip(&after.nodes) {
            if old.state == NodeState::Ready {
                prop_assert_eq!((old.ip, old.pod_range), (new.ip, new.pod_range));
                prop_assert!(new.pod_ip_runs.starts_with(&old.pod_ip_runs));
            }
        }
        for old in before.pods.iter().filter(|pod| pod.state == PodState::Running) {
            let new = after
                .pods
                .iter()
                .find(|pod| (pod.deployment, pod.ordinal) == (old.deployment, old.ordinal))
                .expect("no pod is removed");
            prop_assert_eq!((old.placement, old.ip), (new.placement, new.ip));
        }
        for (old, new) in before.services.iter().zip(&after.services) {
            prop_assert_eq!((old.cluster_ip, old.frontend), (new.cluster_ip, new.frontend));
        }
    }
}

/// Any input at all, however absurd, gives a plan or input errors: never a panic.
fn any_spec() -> impl Strategy<Value = ClusterSpec> {
    let any_net = (any::<u32>(), 0u8..=32)
        .prop_map(|(address, prefix)| Ipv4Net::new(Ipv4Addr::from(address), prefix).expect("≤ 32"));
    (
        (
            plugins(),
            any::<bool>(),
            any_net.clone(),
            any_net.clone(),
            any_net.clone(),
        ),
        (any_net.clone(), any_net, any::<u32>()),
        (any::<u32>(), any::<u32>(), any::<u32>()),
        prop::collection::vec(
            (
                any::<u32>(),
                any::<Option<u16>>(),
                any::<Option<u16>>(),
                any::<Option<String>>(),
            ),
            0..3,
        ),
        prop::collection::vec(
            (
                service_kinds(),
                any::<u16>(),
                prop_oneof![
                    any::<u16>().prop_map(TargetPort::Number),
                    "[a-z0-9_-]{0,17}".prop_map(TargetPort::Name)
                ],
                any::<Option<u16>>(),
            ),
            0..3,
        ),
    )
        .prop_map(|(a, b, c, deployments, services)| ClusterSpec {
            plugin: a.0,
            dataplane: if c.1 % 2 == 0 {
                Dataplane::Cilium
            } else {
                Dataplane::KubeProxy
            },
            pod_ip_allocation: if a.1 {
                PodIpAllocation::StaticBlock
            } else {
                PodIpAllocation::Dynamic
            },
            vnet: a.2,
            node_subnet: a.3,
            pod_subnet: a.4,
            pod_cidr: b.0,
            service_cidr: b.1,
            dns_service_ip: Ipv4Addr::from(b.2),
            node_count: c.0,
            // Any max count, or none; an odd one for every third input.
            max_count: (c.0 % 3 == 0).then_some(c.1 ^ c.2),
            max_pods: c.1,
            // Any number, as a node count or a percentage.
            max_surge: if c.2 % 2 == 0 {
                MaxSurge::Nodes(c.2 / 2)
            } else {
                MaxSurge::Percent(c.2 / 2)
            },
            user_pools: Vec::new(),
            policies: NetworkPolicy::ALL
                .into_iter()
                .filter(|policy| (c.2 >> (*policy as u32)) & 1 == 1)
                .collect(),
            policy_engine: [
                None,
                Some(PolicyEngine::None),
                Some(PolicyEngine::AzureNpm),
                Some(PolicyEngine::Calico),
                Some(PolicyEngine::Cilium),
            ]
            .get((c.0 % 5) as usize)
            .copied()
            .flatten(),
            nsg_rules: vec![NsgRule {
                priority: c.0 as u16,
                allow: c.1 % 2 == 0,
                source: b.0,
                port: Some(c.2 as u16),
            }],
            nsg_removed: RequiredNsgRule::ALL
                .into_iter()
                .filter(|rule| (c.1 >> (*rule as u32)) & 1 == 1)
                .collect(),
            outbound_type: Default::default(),
            deployments: deployments
                .into_iter()
                .map(
                    |(replicas, container_port, host_port, port_name)| Deployment {
                        container_port: container_port.map(|number| ContainerPort {
                            number,
                            name: port_name,
                        }),
                        host_port,
                        ..Deployment::new("app", replicas)
                    },
                )
                .collect(),
            services: services
                .into_iter()
                .map(|(kind, port, target_port, node_port)| ServiceSpec {
                    name: "svc".into(),
                    selector: "app".into(),
                    kind,
                    port,
                    target_port,
                    node_port,
                    external_traffic_policy: TrafficPolicy::Local,
                })
                .collect(),
            extra_subnets: Vec::new(),
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn no_input_makes_the_model_panic(spec in any_spec()) {
        if let Ok(plan) = Plan::build(&spec) {
            prop_assert_eq!(plan.nodes.len() as u32, spec.running_node_count());
        }
    }

    #[test]
    fn near_valid_inputs_never_panic_either(spec in clusters(), node_count in 0u32..=1_200, max_pods in 0u32..=300) {
        let mut spec = spec;
        spec.node_count = node_count;
        spec.max_pods = max_pods;
        let _ = Plan::build(&spec);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(150))]

    /// Flows through any plan — nodes that were never created, pods without
    /// addresses, frontends still pending — never panic, and every delivered
    /// flow's reply returns to the client from the address it sent to.
    #[test]
    fn paths_through_any_plan_are_sound(spec in clusters()) {
        use aks_model::path::{trace, Endpoint, Target, Verdict};
        let plan = plan_of(&spec);
        // The last pod and node, and ids one past them, which name nothing.
        let last_pod = PodId::new(plan.pods.len().saturating_sub(1) as u32);
        let no_pod = PodId::new(plan.pods.len() as u32);
        let last_node = NodeId::new(spec.running_node_count() - 1);
        let no_node = NodeId::new(spec.running_node_count());
        let mut sources = vec![
            Endpoint::Pod(PodId::new(0)), Endpoint::Pod(last_pod), Endpoint::Pod(no_pod),
            Endpoint::Node(NodeId::new(0)), Endpoint::Node(last_node), Endpoint::Node(no_node),
            Endpoint::VnetVm, Endpoint::PeeredVnetVm, Endpoint::OnPremises, Endpoint::Internet,
        ];
        sources.dedup();
        let mut targets = vec![
            Target::Pod { pod: PodId::new(0), port: 8080 }, Target::Pod { pod: last_pod, port: 8080 },
            Target::Pod { pod: no_pod, port: 8080 },
            Target::Node { node: last_node, port: 22 }, Target::Node { node: no_node, port: 22 },
            Target::VnetVm, Target::PeeredVnetVm, Target::OnPremises, Target::InternetServer,
            Target::HostPort { deployment: DeploymentId::new(spec.deployments.len() as u32), node: last_node },
        ];
        for service in (0..=plan.services.len() as u32).map(ServiceId::new) {
            targets.extend([
                Target::ClusterIp { service },
                Target::ServiceName { service },
                Target::LoadBalancer { service },
                Target::NodePort { service, node: last_node },
            ]);
        }
        for &from in &sources {
            for &to in &targets {
                let Ok(traced) = trace(&plan, from, to) else { continue };
                if let Verdict::Delivered { seen_source } = traced.verdict {
                    let first = &traced.hops[0];
                    prop_assert_eq!(Some(seen_source), traced.hops.last().map(|h| h.src));
                    let back = traced.reply.last().expect("a reply");
                    prop_assert_eq!((back.src, back.dst), (first.dst, first.src));
                }
            }
        }
    }
}

/// Every address handed out twice in `plan`, or a range whose runs overlap.
fn doubly_owned(plan: &Plan) -> Option<String> {
    let mut seen = HashSet::new();
    for (address, holder) in addresses_handed_out(plan) {
        if !seen.insert(address) {
            return Some(format!("{address} handed out twice (again to {holder})"));
        }
    }
    plan.ranges.iter().find_map(|range| {
        range.allocations.windows(2).find_map(|pair| {
            let end = u64::from(u32::from(pair[0].first)) + pair[0].len;
            (end > u64::from(u32::from(pair[1].first)))
                .then(|| format!("overlap in {}", range.cidr))
        })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// An upgrade, step by step (learn: aks/upgrade-conceptual): no step
    /// hands out an address twice; AKS's checks and the allocator agree on
    /// whether the surge nodes get their addresses; and a finished upgrade
    /// leaves the pool it started with, every node's addresses and every
    /// running pod kept (the pods' own addresses move with them).
    #[test]
    fn an_upgrade_keeps_the_pool_and_never_doubles_an_address(spec in clusters(), roomy in any::<bool>()) {
        use aks_model::rollout::Rollout;
        // Half the clusters get ranges with room for their upgrade, so that
        // most of those run to the end.
        let mut spec = spec;
        if roomy {
            spec.node_subnet = net("10.16.0.0/20");
            spec.pod_subnet = net("10.17.0.0/18");
            spec.pod_cidr = net("10.244.0.0/16");
        }
        let start = plan_of(&spec);
        let upgrade = Rollout::upgrade(&start, &spec);
        let mut plan = start.clone();
        for index in 1..upgrade.steps.len() {
            plan = upgrade.plan_after(index, &plan);
            if let Some(problem) = doubly_owned(&plan) {
                prop_assert!(false, "step {}: {}", index, problem);
            }
            if index == 1 {
                let surge_created = plan.nodes[spec.node_count as usize..]
                    .iter()
                    .all(|node| node.is_ready());
                let surge_full = matches!(
                    upgrade.stop.as_ref().map(|stop| &stop.failure),
                    Some(Failure::SubnetIsFull { .. })
                );
                prop_assert_eq!(surge_created, !surge_full, "{:?}", upgrade.stop);
            }
        }
        if upgrade.stop.is_none() {
            let kept = |plan: &Plan| -> Vec<_> {
                plan.nodes.iter().map(|node| (node.ip, node.pod_range, node.state)).collect()
            };
            prop_assert_eq!(kept(&plan), kept(&start));
            prop_assert_eq!(plan.running_pods().count(), start.running_pods().count());
            prop_assert!(plan.nodes.iter().all(|node| !node.cordoned));
        }
    }
}
