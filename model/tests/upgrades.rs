//! An upgrade's surge nodes need what every node needs, in every range: the
//! upgrade fails where any of them runs out, with AKS's code and wording
//! (aks-facts §6.1–§6.5 and §10). Each test cites its figures.

mod common;

use aks_model::{Failure, MaxSurge, NetworkPlugin, PodIpAllocation, RangeName};
use common::{build, example_spec, net};

/// aks-facts §6.2 and §10: "Pre-allocated IPs 1280 exceeds IPs available
/// 1024 in Subnet Cidr 10.240.100.0/22": four Overlay nodes fill a /22 pod
/// CIDR, and the upgrade's surge node (10 % of 4, rounded up: 1) needs a
/// fifth /24. The cluster runs; its upgrade fails.
#[test]
fn four_overlay_nodes_in_a_slash_22_cannot_upgrade() {
    for plugin in [NetworkPlugin::AzureCniOverlay, NetworkPlugin::Kubenet] {
        let mut spec = example_spec(plugin);
        spec.pod_cidr = net("10.240.100.0/22");
        spec.node_count = 4;
        let plan = build(&spec);
        assert_eq!(plan.ready_nodes().count(), 4, "{plugin}: the cluster runs");
        let upgrade = plan
            .failures
            .iter()
            .find(|f| {
                matches!(
                    f,
                    Failure::InsufficientSubnetSize {
                        range: RangeName::PodCidr,
                        ..
                    }
                )
            })
            .expect("the upgrade's pre-check fails");
        assert!(
            upgrade.to_string().starts_with(
                "InsufficientSubnetSize: Pre-allocated IPs 1280 exceeds IPs available 1024 in Subnet Cidr 10.240.100.0/22, Subnet Name networkProfile.podCIDR."
            ),
            "{upgrade}"
        );
        assert!(
            upgrade.explanation().contains("next upgrade fails"),
            "{plugin}"
        );
    }
}

/// aks-facts §6.3: a route table holds 400 routes, one per kubenet node; 400
/// nodes run, but the upgrade's 40 surge nodes (10 % of 400) get none.
#[test]
fn four_hundred_kubenet_nodes_cannot_upgrade() {
    let mut spec = example_spec(NetworkPlugin::Kubenet);
    spec.vnet = net("10.10.0.0/16");
    spec.node_subnet = net("10.10.0.0/20");
    spec.pod_cidr = net("10.244.0.0/15");
    spec.deployments.clear();
    spec.node_count = 400;
    let plan = build(&spec);
    assert_eq!(plan.ready_nodes().count(), 400);
    assert!(plan.failures.contains(&Failure::RouteTableLimit {
        nodes: 400,
        surge: Some(40)
    }));
    spec.node_count = 399;
    spec.max_surge = MaxSurge::Nodes(1);
    assert!(build(&spec).failures.is_empty());
}

/// aks-facts §6.5 (Azure/AKS #4035): a /24 pod subnet holds 15 batches of
/// 16 (251 usable → 240). Fifteen nodes hold them all; the upgrade's 2 surge
/// nodes (10 % of 15, rounded up) get no batch, and the pods drained onto
/// them wait on CNS, in its current wording (§10).
#[test]
fn fifteen_dynamic_pod_subnet_nodes_fill_a_slash_24() {
    let mut spec = example_spec(NetworkPlugin::AzureCniPodSubnet);
    spec.pod_subnet = net("10.10.2.0/24");
    spec.node_count = 15;
    let plan = build(&spec);
    let stalled = plan
        .failures
        .iter()
        .find(|f| matches!(f, Failure::SurgeWithoutPodAddresses { .. }))
        .expect("the surge nodes get no batch");
    assert_eq!(
        stalled,
        &Failure::SurgeWithoutPodAddresses {
            cidr: spec.pod_subnet,
            surge: 2,
            required: 32,
            available: 11,
        }
    );
    assert!(stalled
        .to_string()
        .contains("not enough IPs available for <NC id>, waiting on Azure CNS to allocate more with NC Status"));
    spec.node_count = 14;
    spec.max_surge = MaxSurge::Nodes(1);
    assert!(build(&spec).failures.is_empty(), "14 + 1 batches fit");
}

/// `nodes` static-block nodes in a /24 pod subnet, at 15 max pods: one /28
/// block each (aks-facts §1.4), a pod on each.
fn one_block_per_node(nodes: u32) -> aks_model::ClusterSpec {
    let mut spec = example_spec(NetworkPlugin::AzureCniPodSubnet);
    spec.pod_ip_allocation = PodIpAllocation::StaticBlock;
    spec.pod_subnet = net("10.10.2.0/24");
    spec.max_pods = 15;
    spec.node_count = nodes;
    spec.deployments[0].replicas = nodes;
    spec
}

/// aks-facts §1.4: static blocks are /28s, ⌈(max pods + 1) / 16⌉ per node; a
/// /24 has 16 of them, 14 whole without the reserved addresses [derived].
/// Fourteen nodes at 15 max pods take all 14; the surge node finds none.
#[test]
fn static_blocks_leave_no_room_for_the_surge() {
    let spec = one_block_per_node(14);
    let plan = build(&spec);
    assert_eq!(plan.ready_nodes().count(), 14);
    assert!(plan.failures.contains(&Failure::SubnetIsFull {
        range: RangeName::PodSubnet,
        cidr: spec.pod_subnet,
        surge: 2,
        required: 32,
        available: 0,
    }));
}

/// aks-facts §1.4: static blocks are handed out whole, so the "nearly full"
/// warning counts /28 blocks: 13 of a /24's 14 blocks is 92 %, though the
/// pods use far fewer addresses.
#[test]
fn a_static_pod_subnet_is_as_full_as_its_blocks() {
    let spec = one_block_per_node(13);
    let plan = build(&spec);
    assert!(plan.warnings.contains(&aks_model::Warning::NearlyFull {
        range: RangeName::PodSubnet,
        cidr: spec.pod_subnet,
        percent: 92,
    }));
}

/// aks-facts §10: Node Subnet and dynamic Pod Subnet give every pod a VNet IP,
/// and are limited to about 64,000 ("Limitation of 64,000 IPs"): 1,000
/// nodes × 100 max pods pre-allocate 100,000. Overlay takes none.
#[test]
fn the_64000_pod_ip_limit_is_said() {
    let mut spec = example_spec(NetworkPlugin::AzureCni);
    spec.vnet = net("10.0.0.0/8");
    spec.node_subnet = net("10.64.0.0/13");
    spec.service_cidr = net("172.16.0.0/16");
    spec.dns_service_ip = "172.16.0.10".parse().expect("valid");
    spec.node_count = 1_000;
    spec.max_pods = 100;
    spec.deployments.clear();
    let plan = build(&spec);
    assert!(plan.warnings.contains(&aks_model::Warning::PodIpLimit {
        plugin: NetworkPlugin::AzureCni,
        ips: 100_000,
    }));
    spec.plugin = NetworkPlugin::AzureCniOverlay;
    spec.pod_cidr = net("100.64.0.0/10");
    let overlay = build(&spec);
    assert!(!overlay
        .warnings
        .iter()
        .any(|w| matches!(w, aks_model::Warning::PodIpLimit { .. })));
}
