//! Plans checked against the figures of the team's fact sheet
//! (`shared/reference/aks-facts.md`); each test cites its source.

mod common;

use aks_model::limits::ROUTE_TABLE_LIMIT;
use aks_model::NodeId;
use aks_model::{
    ClusterSpec, Deployment, Failure, LoadBalancerScope, NetworkPlugin, NodeShortage, NodeState,
    Owner, Plan, PodIpAllocation, PodShortage, PodState, RangeName, ServiceKind, ServiceSpec,
    SubnetSpec, TrafficPolicy, Warning,
};
use common::{build, example_spec, ip, net};

fn insufficient(plan: &aks_model::Plan, range: &RangeName) -> Option<String> {
    plan.failures.iter().find_map(|failure| match failure {
        Failure::InsufficientSubnetSize { range: r, .. } if r == range => Some(failure.to_string()),
        _ => None,
    })
}

/// aks-facts §3.1: the first address a node can get is x.x.x.4; the published
/// kubenet nodes were .4, .5 and .6. §1.1: the doc's /24s are 10.244.0.0/24,
/// .1.0/24, .2.0/24, cbr0 takes the first address, and each route sends the
/// node's /24 to the node's IP as a VirtualAppliance.
#[test]
fn kubenet_nodes_their_slash_24s_bridges_and_routes() {
    let plan = build(&example_spec(NetworkPlugin::Kubenet));
    let ips: Vec<_> = plan.nodes.iter().map(|n| n.ip).collect();
    assert_eq!(
        ips,
        [
            Some(ip("10.10.1.4")),
            Some(ip("10.10.1.5")),
            Some(ip("10.10.1.6"))
        ]
    );
    let ranges: Vec<_> = plan.nodes.iter().map(|n| n.pod_range).collect();
    assert_eq!(
        ranges,
        [
            Some(net("10.244.0.0/24")),
            Some(net("10.244.1.0/24")),
            Some(net("10.244.2.0/24"))
        ]
    );
    assert_eq!(plan.nodes[0].bridge_ip, Some(ip("10.244.0.1")));
    let routes: Vec<String> = plan.routes.iter().map(ToString::to_string).collect();
    assert_eq!(
        routes,
        [
            "10.244.0.0/24 → VirtualAppliance 10.10.1.4",
            "10.244.1.0/24 → VirtualAppliance 10.10.1.5",
            "10.244.2.0/24 → VirtualAppliance 10.10.1.6",
        ]
    );
    // Pods come from their node's /24, never the VNet.
    for pod in &plan.pods {
        let node = plan
            .node(pod.placement.expect("placed").node)
            .expect("its node");
        assert!(node
            .pod_range
            .expect("a /24")
            .contains(&pod.ip.expect("an IP")));
    }
    assert!(plan.warnings.contains(&Warning::KubenetRetirement));
}

/// aks-facts §3.1: a /24 subnet has 251 usable addresses; §0: AKS's default
/// service CIDR 10.0.0.0/16 holds `kubernetes` at 10.0.0.1 and `kube-dns` at
/// 10.0.0.10; §2 [derived]: automatic ClusterIPs come from above the first 256.
#[test]
fn service_cidr_holds_kubernetes_dns_and_upper_band_cluster_ips() {
    let plan = build(&example_spec(NetworkPlugin::AzureCniOverlay));
    assert_eq!(plan.capacity.node_subnet_usable, 251);
    let services = plan
        .range(&RangeName::ServiceCidr)
        .expect("a service range");
    let owner_of = |address| {
        services
            .allocations
            .iter()
            .find(|a| a.first == ip(address))
            .map(|a| a.owner.clone())
    };
    assert_eq!(owner_of("10.0.0.1"), Some(Owner::KubernetesService));
    assert_eq!(owner_of("10.0.0.10"), Some(Owner::DnsService));
    let web = plan.services[0].cluster_ip.expect("a ClusterIP");
    assert!(net("10.0.0.0/16").contains(&web));
    assert!(
        u32::from(web) >= u32::from(ip("10.0.1.0")),
        "{web} is in the upper band"
    );
}

/// aks-facts §1.2 and Azure/AKS #456: at 30 max pods each node uses 31
/// addresses, and 10 nodes need 310 — more than a /24's 251. §6.1: AKS fails
/// with InsufficientSubnetSize; the wording is that of §6.2 with the
/// continuation §10 quotes.
#[test]
fn azure_cni_ten_nodes_exhaust_a_slash_24() {
    let mut spec = example_spec(NetworkPlugin::AzureCni);
    spec.node_count = 10;
    let plan = build(&spec);
    assert_eq!(
        insufficient(&plan, &RangeName::NodeSubnet).as_deref(),
        Some("InsufficientSubnetSize: Pre-allocated IPs 310 exceeds IPs available 251 in Subnet Cidr 10.10.1.0/24, Subnet Name aks-subnet. \
              If Autoscaler is enabled, the max-count from each nodepool is counted towards this total \
              (which means that pre-allocated IPs count represents a theoretical max value, not the actual number of IPs requested).")
    );
    // 8 × 31 = 248 ≤ 251: eight nodes fit, the ninth and tenth do not.
    let ready = plan.ready_nodes().count();
    assert_eq!(ready, 8);
    assert_eq!(
        plan.nodes[8].state,
        NodeState::NotCreated(NodeShortage::NodeSubnet)
    );
    // Each node holds its own address and 30 pre-allocated ones right after it.
    let first = &plan.nodes[0];
    assert_eq!(first.ip, Some(ip("10.10.1.4")));
    assert_eq!(first.pod_ip_runs, [(ip("10.10.1.5"), 30)]);
    assert_eq!(plan.nodes[1].ip, Some(ip("10.10.1.35")));
    // Pods get VNet addresses from their node's pre-allocated block.
    assert_eq!(plan.pods[0].ip, Some(ip("10.10.1.5")));
    // The address map lists the node's own address and its block apart.
    let subnet = plan.range(&RangeName::NodeSubnet).expect("planned");
    let first = NodeId::new(0);
    let owners: Vec<_> = subnet
        .allocations
        .iter()
        .filter(|a| a.owner == Owner::Node(first) || a.owner == Owner::PreallocatedPodIps(first))
        .map(|a| (a.first, a.len, a.owner.clone()))
        .collect();
    assert_eq!(
        owners,
        [
            (ip("10.10.1.4"), 1, Owner::Node(first)),
            (ip("10.10.1.5"), 30, Owner::PreallocatedPodIps(first)),
        ]
    );
}

/// aks-facts §6.1: the surge node of an upgrade needs its addresses too.
/// AKS's pre-check counts nodes × max pods for Azure CNI: 8 nodes leave 3
/// of 251 free, fewer than the surge node's 30, so the upgrade is refused
/// with InsufficientSubnetSize before it starts.
#[test]
fn azure_cni_eight_nodes_fit_but_cannot_upgrade() {
    let mut spec = example_spec(NetworkPlugin::AzureCni);
    spec.node_count = 8;
    spec.services.clear();
    let plan = build(&spec);
    assert_eq!(plan.ready_nodes().count(), 8);
    let upgrade = insufficient(&plan, &RangeName::NodeSubnet).expect("the pre-check refuses");
    assert!(
        upgrade.starts_with(
            "InsufficientSubnetSize: Pre-allocated IPs 30 exceeds IPs available 3 in Subnet Cidr 10.10.1.0/24"
        ),
        "{upgrade}"
    );
    // 248 of 251 used: the widget warns before it breaks.
    assert!(plan.warnings.iter().any(|w| matches!(
        w,
        Warning::NearlyFull {
            range: RangeName::NodeSubnet,
            percent: 98,
            ..
        }
    )));
    // The planner: (8 + 1) + (8 + 1) × 30 = 279 addresses, a /23.
    let cni = &plan.capacity.requirements[1];
    assert_eq!(
        (cni.node_subnet_addresses, cni.node_subnet_prefix),
        (279, Some(23))
    );
    assert_eq!(plan.capacity.max_nodes, 7);
}

/// aks-facts §6.1: the pre-check counts max pods per Azure CNI surge node
/// but the node needs its own address too. At 27 max pods, 8 nodes take
/// 8 × 28 = 224 of 251; the 27 left pass the pre-check, and the surge node's
/// 28th address is missing: the scale set fails with SubnetIsFull
/// (error-code-subnetisfull-upgrade) [derived].
#[test]
fn one_address_short_of_a_cni_surge_node_is_subnet_is_full() {
    let mut spec = example_spec(NetworkPlugin::AzureCni);
    spec.node_count = 8;
    spec.max_pods = 27;
    let plan = build(&spec);
    assert_eq!(insufficient(&plan, &RangeName::NodeSubnet), None);
    let full = plan
        .failures
        .iter()
        .find(|f| matches!(f, Failure::SubnetIsFull { .. }))
        .expect("the surge node cannot be created");
    assert_eq!(
        full.to_string(),
        "SubnetIsFull: Code='SubnetIsFull' Message='aks-subnet with address prefix 10.10.1.0/24 \
         doesn't have enough capacity for IP addresses.'"
    );
}

/// aks-facts §6.2, quoting AKS: "Pre-allocated IPs 1280 exceeds IPs available
/// 1024 in Subnet Cidr 10.240.100.0/22" — five nodes' /24s in a /22 pod CIDR.
#[test]
fn overlay_pod_cidr_too_small_for_five_nodes() {
    let mut spec = example_spec(NetworkPlugin::AzureCniOverlay);
    spec.pod_cidr = net("10.240.100.0/22");
    spec.node_count = 5;
    let plan = build(&spec);
    assert_eq!(
        insufficient(&plan, &RangeName::PodCidr).as_deref(),
        Some("InsufficientSubnetSize: Pre-allocated IPs 1280 exceeds IPs available 1024 in Subnet Cidr 10.240.100.0/22, Subnet Name networkProfile.podCIDR. \
              If Autoscaler is enabled, the max-count from each nodepool is counted towards this total \
              (which means that pre-allocated IPs count represents a theoretical max value, not the actual number of IPs requested).")
    );
    assert_eq!(plan.ready_nodes().count(), 4);
    assert_eq!(
        plan.nodes[4].state,
        NodeState::NotCreated(NodeShortage::PodCidr)
    );
}

/// aks-facts §1.1 [derived]: a /16 pod CIDR has 256 /24s, fewer than the
/// 400-route limit; §6.3: more than 400 kubenet nodes is impossible.
#[test]
fn kubenet_is_bounded_by_its_pod_cidr_and_its_route_table() {
    let mut spec = example_spec(NetworkPlugin::Kubenet);
    spec.vnet = net("10.10.0.0/16");
    spec.node_subnet = net("10.10.0.0/20");
    spec.deployments.clear();
    spec.node_count = 300;
    let plan = build(&spec);
    assert_eq!(plan.ready_nodes().count(), 256);
    assert_eq!(plan.capacity.limited_by, NodeShortage::PodCidr);

    spec.pod_cidr = net("10.244.0.0/15");
    spec.node_count = 401;
    let plan = build(&spec);
    assert_eq!(plan.ready_nodes().count(), ROUTE_TABLE_LIMIT as usize);
    assert_eq!(plan.routes.len(), 400);
    assert!(plan.failures.contains(&Failure::RouteTableLimit {
        nodes: 401,
        surge: None
    }));
    assert_eq!(
        plan.nodes[400].state,
        NodeState::NotCreated(NodeShortage::RouteTable)
    );
    assert_eq!(plan.capacity.limited_by, NodeShortage::RouteTable);
}

/// aks-facts §6.4: a node at max pods takes no more; the rest stay Pending
/// with "0/N nodes are available: N Too many pods."
#[test]
fn pods_beyond_max_pods_stay_pending() {
    let mut spec = example_spec(NetworkPlugin::AzureCniOverlay);
    spec.max_pods = 10;
    spec.deployments = vec![Deployment::new("web", 35)];
    let plan = build(&spec);
    assert_eq!(plan.capacity.pod_capacity, 30);
    assert_eq!(plan.capacity.pods_running, 30);
    assert_eq!(plan.capacity.pods_pending, 5);
    let pending = plan
        .failures
        .iter()
        .find(|f| matches!(f, Failure::PodsPending { .. }))
        .expect("pending pods are a failure");
    assert_eq!(
        pending.to_string(),
        "FailedScheduling: 0/3 nodes are available: 3 Too many pods."
    );
    assert_eq!(plan.services[0].endpoints.len(), 30);
}

/// aks-facts §1.4: Pod Subnet nodes get 16 addresses at start and 16 more
/// when fewer than 8 are free; §6.5 (Azure/AKS #4035): a /24 gives 15 batches.
#[test]
fn pod_subnet_hands_out_batches_of_sixteen() {
    let mut spec = example_spec(NetworkPlugin::AzureCniPodSubnet);
    spec.node_count = 3;
    spec.deployments = vec![Deployment::new("web", 27)]; // 9 per node: 7 free → a 2nd batch
    let plan = build(&spec);
    for node in &plan.nodes {
        let held: u64 = node.pod_ip_runs.iter().map(|(_, len)| len).sum();
        assert_eq!(held, 32, "node {}", node.id);
    }
    for pod in &plan.pods {
        assert!(net("10.10.2.0/24").contains(&pod.ip.expect("an IP")));
    }
    // Nodes come from the node subnet only.
    assert_eq!(plan.nodes[0].ip, Some(ip("10.10.1.4")));

    spec.node_count = 16;
    spec.deployments.clear();
    let plan = build(&spec);
    let with_batch = plan
        .nodes
        .iter()
        .filter(|n| !n.pod_ip_runs.is_empty())
        .count();
    assert_eq!(with_batch, 15);
    assert_eq!(plan.capacity.limited_by, NodeShortage::PodSubnet);
}

/// aks-facts §6.5: when the pod subnet is exhausted, pods are scheduled but
/// stuck in ContainerCreating with FailedCreatePodSandBox.
#[test]
fn exhausted_pod_subnet_leaves_pods_without_an_address() {
    let mut spec = example_spec(NetworkPlugin::AzureCniPodSubnet);
    spec.deployments = vec![Deployment::new("web", 300)];
    let plan = build(&spec);
    let running = plan
        .pods
        .iter()
        .filter(|p| p.state == PodState::Running)
        .count();
    assert_eq!(running, 240);
    assert_eq!(plan.capacity.pods_without_address, 60);
    assert!(plan
        .failures
        .iter()
        .any(|f| f.code() == Some("FailedCreatePodSandBox")));
}

/// aks-facts §1.4: static mode gives /28 blocks, max_pods = 16 × N − 1 per
/// node, and one address of the node's blocks is kept for the node.
#[test]
fn pod_subnet_static_blocks_keep_one_address_for_the_node() {
    let mut spec = example_spec(NetworkPlugin::AzureCniPodSubnet);
    spec.pod_ip_allocation = PodIpAllocation::StaticBlock;
    spec.max_pods = 31;
    let plan = build(&spec);
    let runs = &plan.nodes[0].pod_ip_runs;
    assert_eq!(runs, &[(ip("10.10.2.16"), 16), (ip("10.10.2.32"), 16)]);
    assert_eq!(plan.pods[0].ip, Some(ip("10.10.2.17")));
    // A /24 has 14 whole /28 blocks outside the reserved addresses: 7 nodes.
    spec.node_count = 8;
    spec.deployments.clear();
    let plan = build(&spec);
    assert_eq!(plan.ready_nodes().count(), 7);
    assert!(insufficient(&plan, &RangeName::PodSubnet).is_some());
}

/// aks-facts §4.4: an internal load balancer's frontend is a private IP from
/// the node subnet, or from the subnet named by the
/// azure-load-balancer-internal-subnet annotation; §10: Azure gives the
/// lowest free address when the Service is created, after the nodes (here
/// 3 Azure CNI nodes × 31 addresses from .4: .97; the services subnet's first,
/// .4).
#[test]
fn internal_load_balancer_frontends_come_from_their_subnet() {
    let mut spec = example_spec(NetworkPlugin::AzureCni);
    spec.extra_subnets = vec![SubnetSpec {
        name: "services".into(),
        cidr: net("10.10.3.0/24"),
    }];
    spec.services = vec![
        ServiceSpec {
            name: "private".into(),
            selector: "web".into(),
            kind: ServiceKind::LoadBalancer(LoadBalancerScope::Internal { subnet: None }),
            port: 90,
            target_port: 80.into(),
            node_port: None,
            external_traffic_policy: TrafficPolicy::Cluster,
        },
        ServiceSpec {
            name: "separate".into(),
            selector: "web".into(),
            kind: ServiceKind::LoadBalancer(LoadBalancerScope::Internal {
                subnet: Some("services".into()),
            }),
            port: 90,
            target_port: 80.into(),
            node_port: Some(30090),
            external_traffic_policy: TrafficPolicy::Cluster,
        },
    ];
    let plan = build(&spec);
    assert_eq!(plan.services[0].frontend, Some(ip("10.10.1.97")));
    assert_eq!(plan.services[1].frontend, Some(ip("10.10.3.4")));
    assert_eq!(plan.services[1].node_port, Some(30090));
    let auto = plan.services[0]
        .node_port
        .expect("a LoadBalancer Service has a nodePort");
    // Above the static band Kubernetes keeps for explicit ports (§10: 86
    // ports, 30000–30085).
    assert_eq!(aks_model::limits::NODE_PORT_STATIC_BAND, 86);
    assert!((30086..=32767).contains(&auto), "{auto}");
}

/// aks-facts §10, Microsoft's internal-lb example: nodes .4–.6 in
/// 10.240.0.0/16, the frontend 10.240.0.7. As the cluster grows the frontend
/// stays, and the next node skips it (.8).
#[test]
fn an_internal_frontend_takes_the_next_free_address_and_keeps_it() {
    let mut spec = ClusterSpec::defaults_for(NetworkPlugin::Kubenet);
    spec.vnet = net("10.240.0.0/16");
    spec.node_subnet = net("10.240.0.0/16");
    spec.services[0].kind = ServiceKind::LoadBalancer(LoadBalancerScope::Internal { subnet: None });
    let plan = build(&spec);
    assert_eq!(plan.services[0].frontend, Some(ip("10.240.0.7")));
    spec.node_count = 4;
    let grown = Plan::evolve(&plan, &spec).expect("valid");
    assert_eq!(grown.services[0].frontend, Some(ip("10.240.0.7")));
    assert_eq!(grown.nodes[3].ip, Some(ip("10.240.0.8")));
}

/// aks-facts §1.8 notes: max pods 10 needs room for 30 pods in the pool;
/// §2: 172.16.0.0/12 is invalid as a pod CIDR (it contains 172.30/16 and
/// 172.31/16); the DNS IP must be inside the service CIDR and not its first
/// address; the service CIDR must be smaller than /12.
#[test]
fn invalid_inputs_are_rejected_with_their_reason() {
    let base = example_spec(NetworkPlugin::Kubenet);
    let errors_for = |change: &dyn Fn(&mut aks_model::ClusterSpec)| {
        let mut spec = base.clone();
        change(&mut spec);
        aks_model::Plan::build(&spec)
            .err()
            .unwrap_or_default()
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
    };
    type Change<'a> = &'a dyn Fn(&mut aks_model::ClusterSpec);
    let cases: [(Change, &str); 12] = [
        (
            &|s| s.deployments[0].listen_port = 0,
            "its listen port must be between 1 and 65535",
        ),
        // aks-facts §4.2: a hostPort maps to a declared containerPort.
        (
            &|s| {
                s.deployments[0].container_port = None;
                s.deployments[0].host_port = Some(8080)
            },
            "set containerPort too",
        ),
        (
            &|s| s.deployments[0].host_port = Some(0),
            "its hostPort must be between 1 and 65535",
        ),
        // A port name is an IANA service name (RFC 6335 §5.1), as the Pod API asks.
        (
            &|s| s.services[0].target_port = aks_model::TargetPort::Name("HTTP_port".into()),
            "is not a valid port name",
        ),
        (
            &|s| s.pod_cidr = net("172.16.0.0/12"),
            "overlaps 172.30.0.0/16",
        ),
        (
            &|s| s.dns_service_ip = ip("10.0.0.1"),
            "taken by the kubernetes Service",
        ),
        (
            &|s| s.dns_service_ip = ip("10.1.0.10"),
            "must be inside the service CIDR",
        ),
        (&|s| s.service_cidr = net("10.0.0.0/12"), "smaller than /12"),
        (&|s| s.max_pods = 251, "between 10 and 250"),
        (
            &|s| {
                s.max_pods = 10;
                s.node_count = 2
            },
            "at least 30 pods",
        ),
        (&|s| s.node_subnet = net("10.10.1.0/30"), "smaller than /29"),
        (
            &|s| s.node_subnet = net("10.11.1.0/24"),
            "is not inside the VNet",
        ),
    ];
    for (change, expected) in cases {
        let errors = errors_for(change);
        assert!(
            errors.iter().any(|e| e.contains(expected)),
            "expected an error containing {expected:?}, got {errors:?}"
        );
    }
    // The boundaries themselves are valid.
    let mut spec = base.clone();
    spec.max_pods = 10;
    spec.service_cidr = net("10.0.0.0/13");
    assert!(aks_model::Plan::build(&spec).is_ok());
}

/// The scenario of the source posts (aks-facts §7.1): 3 nodes, 3 replicas of
/// a container listening on 80, a private Service on port 90 in front of it,
/// its internal load balancer in a separate "services" subnet.
#[test]
fn the_source_posts_scenario_spreads_one_pod_per_node() {
    let mut spec = example_spec(NetworkPlugin::AzureCni);
    spec.extra_subnets = vec![SubnetSpec {
        name: "services".into(),
        cidr: net("10.10.3.0/24"),
    }];
    spec.services = vec![ServiceSpec {
        name: "private".into(),
        selector: "web".into(),
        kind: ServiceKind::LoadBalancer(LoadBalancerScope::Internal {
            subnet: Some("services".into()),
        }),
        port: 90,
        target_port: 80.into(),
        node_port: None,
        external_traffic_policy: TrafficPolicy::Cluster,
    }];
    let plan = build(&spec);
    let nodes: Vec<_> = plan
        .pods
        .iter()
        .map(|p| p.placement.map(|p| p.node))
        .collect();
    assert_eq!(nodes, [0, 1, 2].map(|n| Some(NodeId::new(n))));
    // Azure CNI Node Subnet: each pod's address is in the same subnet as the VMs.
    for pod in &plan.pods {
        assert!(net("10.10.1.0/24").contains(&pod.ip.expect("an IP")));
    }
    assert_eq!(plan.services[0].endpoints.len(), 3);
    assert!(net("10.10.3.0/24").contains(&plan.services[0].frontend.expect("a frontend")));
}

/// Every model's defaults are valid and plan cleanly (aks-facts §0, §1.8, §2),
/// and `Plan::default` is the plan of the default spec.
#[test]
fn every_models_defaults_plan_without_failures() {
    for plugin in NetworkPlugin::ALL {
        let plan = build(&aks_model::ClusterSpec::defaults_for(plugin));
        assert_eq!(plan.failures, [], "{plugin}");
        assert_eq!(plan.ready_nodes().count(), 3);
    }
    assert_eq!(
        aks_model::Plan::default(),
        build(&aks_model::ClusterSpec::default())
    );
}

/// aks-facts §1.9: a node pool holds at most 1,000 nodes, even where the
/// subnet would fit more (a /16 fits 2,113 Azure CNI nodes at 30 max pods);
/// a pool and its surge together too: "If a node pool's current size plus
/// the calculated surge count would exceed 1,000 instances, AKS rejects the
/// upgrade" (learn: aks/upgrade-aks-node-pools-rolling), so 909 + 91 at 10 %.
#[test]
fn the_node_pool_caps_the_largest_node_count() {
    let mut spec = aks_model::ClusterSpec::defaults_for(NetworkPlugin::AzureCni);
    let plan = build(&spec);
    assert_eq!(plan.capacity.max_nodes, 909);
    assert_eq!(plan.capacity.surge_at_max, 91);
    assert_eq!(plan.capacity.limited_by, NodeShortage::NodePool);
    spec.node_subnet = net("10.224.0.0/14");
    spec.node_count = 950;
    spec.deployments.clear();
    assert!(build(&spec)
        .failures
        .contains(&Failure::SurgeOverPoolLimit {
            nodes: 950,
            surge: 95
        }));
}

/// aks-facts §3.2: what each model costs the VNet for the same 3 nodes with
/// max pods 30: kubenet and Overlay one address per node; Azure CNI Node
/// Subnet 1 + max pods per node; Pod Subnet a node address plus a batch of
/// 16 pod addresses per node (dynamic allocation, §1.4).
#[test]
fn vnet_addresses_each_model_hands_out() {
    let in_use = |plugin| {
        let mut spec = example_spec(plugin);
        spec.max_pods = 30;
        build(&spec).vnet_addresses_in_use()
    };
    assert_eq!(in_use(NetworkPlugin::Kubenet), 3);
    assert_eq!(in_use(NetworkPlugin::AzureCniOverlay), 3);
    assert_eq!(in_use(NetworkPlugin::AzureCni), 3 * 31);
    assert_eq!(in_use(NetworkPlugin::AzureCniPodSubnet), 3 + 3 * 16);
}

/// learn: aks/configure-kubenet: "A simple /24 IP address range can support up
/// to 251 nodes … up to 27,610 pods, with a default maximum of 110 pods per
/// node"; "That same basic /24 subnet range can only support a maximum of
/// eight nodes … up to 240 pods, with a default maximum of 30". The largest
/// pod count is for the ranges as they are; the largest node count keeps
/// room for the surge.
#[test]
fn a_slash_24_holds_251_kubenet_nodes_or_8_azure_cni_nodes() {
    for (plugin, nodes, pods) in [
        (NetworkPlugin::Kubenet, 251, 27_610),
        (NetworkPlugin::AzureCni, 8, 240),
    ] {
        let plan = build(&example_spec(plugin));
        let capacity = &plan.capacity;
        assert_eq!(
            (capacity.nodes_that_fit, capacity.max_pod_count),
            (nodes, pods),
            "{plugin}"
        );
        assert_eq!(
            capacity.pods_limited_by,
            PodShortage::Nodes(NodeShortage::NodeSubnet)
        );
    }
    // §6.5 (Azure/AKS #4035): a /24 pod subnet hands out 15 batches, 240 pod IPs.
    let mut spec = example_spec(NetworkPlugin::AzureCniPodSubnet);
    spec.pod_subnet = net("10.10.2.0/24");
    let capacity = build(&spec).capacity;
    assert_eq!(
        (capacity.max_pod_count, capacity.pods_limited_by),
        (240, PodShortage::PodSubnetBatches)
    );
}
