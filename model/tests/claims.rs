//! Each claim of the source posts that aks-facts §7 corrects, and the posts'
//! other claims, checked against the model: the correction the widget shows
//! is what the model computes.

mod common;

use aks_model::claims::{Standing, CLAIMS};
use aks_model::path::{trace, Device, Endpoint, Location, Mismatch, PathError, Target, Verdict};
use aks_model::validation::validate;
use aks_model::{LoadBalancerScope, NetworkPlugin, Plan, ServiceKind};
use aks_model::{PodId, ServiceId};
use common::{build, example_spec, ip, net};

fn seen_source(plan: &Plan, from: Endpoint, to: Target) -> std::net::Ipv4Addr {
    match trace(plan, from, to).expect("a valid flow").verdict {
        Verdict::Delivered { seen_source } => *seen_source.ip(),
        other => panic!("not delivered: {other:?}"),
    }
}

#[test]
fn the_claims_are_listed_with_their_standing() {
    let standings: Vec<Standing> = CLAIMS.iter().map(|claim| claim.standing).collect();
    assert_eq!(
        standings,
        [
            // aks-facts §7, in its order
            Standing::Wrong,
            Standing::Correct,
            Standing::Wrong,
            Standing::Misleading,
            Standing::PartlyTrue,
            // the posts' other claims (issue 13)
            Standing::Outdated,
            Standing::Wrong,
            Standing::Wrong,
            Standing::Wrong,
            Standing::Misleading,
            Standing::Outdated,
        ]
    );
    // Each claim names the public pages a reader can open, and the fact
    // sheet's sections behind it.
    assert!(CLAIMS.iter().all(|claim| {
        claim.reference.starts_with("aks-facts §")
            && ["learn.microsoft.com: ", "kubernetes.io: "]
                .iter()
                .any(|site| claim.sources.starts_with(site))
            && !claim.sources.contains("aks-facts")
    }));
}

/// §7.1: no pod-level remapping. With the container on 80, a Service on port
/// 90 works with targetPort 80 and is refused with targetPort 85.
#[test]
fn claim_1_there_is_no_pod_level_port_remapping() {
    let verdict = |target_port: u16| {
        let mut spec = example_spec(NetworkPlugin::AzureCni);
        spec.deployments[0].listen_port = 80;
        spec.services[0].port = 90;
        spec.services[0].target_port = target_port.into();
        let plan = build(&spec);
        trace(
            &plan,
            Endpoint::Pod(PodId::new(0)),
            Target::ClusterIp {
                service: ServiceId::new(0),
            },
        )
        .expect("a valid flow")
        .verdict
    };
    assert!(matches!(verdict(80), Verdict::Delivered { .. }));
    assert!(matches!(verdict(85), Verdict::Refused { .. }));
}

/// §7.2: a kubenet cluster brings its own route table, a route per node, so
/// its subnet cannot hold a second one; Azure CNI needs none.
#[test]
fn claim_2_kubenet_needs_a_route_table_of_its_own() {
    let kubenet = build(&example_spec(NetworkPlugin::Kubenet));
    assert_eq!(kubenet.routes.len(), kubenet.nodes.len());
    for plugin in [
        NetworkPlugin::AzureCni,
        NetworkPlugin::AzureCniOverlay,
        NetworkPlugin::AzureCniPodSubnet,
    ] {
        assert!(build(&example_spec(plugin)).routes.is_empty(), "{plugin:?}");
    }
}

/// §7.3: kubenet pods have addresses from the pod CIDR; the cost is the
/// route-table hop between nodes, absent on one node.
#[test]
fn claim_3_kubenet_pods_have_addresses_and_pay_a_hop_between_nodes() {
    let mut spec = example_spec(NetworkPlugin::Kubenet);
    spec.deployments[0].replicas = 4;
    let plan = build(&spec);
    assert!(plan
        .pods
        .iter()
        .all(|pod| pod.ip.is_some_and(|ip| net("10.244.0.0/16").contains(&ip))));
    let node_of = |pod: usize| plan.pods[pod].placement.map(|p| p.node);
    let via_route_table = |to: usize| {
        trace(
            &plan,
            Endpoint::Pod(PodId::new(0)),
            Target::Pod {
                pod: PodId::new(to as u32),
                port: 8080,
            },
        )
        .expect("a valid flow")
        .hops
        .iter()
        .any(|hop| hop.at == Location::RouteTable)
    };
    let other_node = (1..4).find(|&p| node_of(p) != node_of(0)).expect("spread");
    let same_node = (1..4)
        .find(|&p| node_of(p) == node_of(0))
        .expect("4 pods on 3 nodes");
    assert!(via_route_table(other_node));
    assert!(!via_route_table(same_node));
}

/// §7.4 and §1.8: 250 is the maximum for every model, kubenet included; the
/// defaults differ.
#[test]
fn claim_4_250_pods_per_node_is_not_an_azure_cni_feature() {
    let mut kubenet = example_spec(NetworkPlugin::Kubenet);
    kubenet.max_pods = 250;
    assert!(validate(&kubenet).is_ok());
    kubenet.max_pods = 251;
    assert!(validate(&kubenet).is_err());
    let defaults: Vec<u32> = NetworkPlugin::ALL
        .iter()
        .map(|plugin| plugin.default_max_pods())
        .collect();
    assert_eq!(defaults, [110, 30, 250, 250]);
}

/// §7.5 and §5.7: who sees the node IP depends on the model and on where the
/// destination is; internet servers always see the egress public IP.
#[test]
fn claim_5_the_source_a_destination_sees_depends_on_the_model() {
    let node_ip = |plan: &Plan| plan.nodes[0].ip.expect("created");
    let pod_ip = |plan: &Plan| plan.pods[0].ip.expect("running");
    for plugin in NetworkPlugin::ALL {
        let plan = build(&example_spec(plugin));
        let peered = seen_source(&plan, Endpoint::Pod(PodId::new(0)), Target::PeeredVnetVm);
        let same_vnet = seen_source(&plan, Endpoint::Pod(PodId::new(0)), Target::VnetVm);
        let internet = seen_source(&plan, Endpoint::Pod(PodId::new(0)), Target::InternetServer);
        let (expected_peered, expected_same_vnet) = match plugin {
            NetworkPlugin::AzureCni => (node_ip(&plan), pod_ip(&plan)),
            NetworkPlugin::AzureCniPodSubnet => (pod_ip(&plan), pod_ip(&plan)),
            NetworkPlugin::Kubenet | NetworkPlugin::AzureCniOverlay => {
                (node_ip(&plan), node_ip(&plan))
            }
        };
        assert_eq!(
            (peered, same_vnet),
            (expected_peered, expected_same_vnet),
            "{plugin:?}"
        );
        // aks-facts §5.0: the lab's egress public IP.
        assert_eq!(internet, ip("198.51.100.20"), "{plugin:?}");
    }
}

/// §1.7: omitting `--network-plugin` gives Azure CNI Overlay; the lab starts
/// there, not on kubenet.
#[test]
fn claim_6_kubenet_is_no_longer_the_default() {
    assert_eq!(NetworkPlugin::default(), NetworkPlugin::AzureCniOverlay);
}

/// §1.1: kubenet nodes take VNet addresses; its pods do not.
#[test]
fn claim_7_kubenet_pods_are_not_in_the_vnet() {
    let plan = build(&example_spec(NetworkPlugin::Kubenet));
    assert!(plan
        .nodes
        .iter()
        .all(|node| node.ip.is_some_and(|ip| plan.vnet.contains(&ip))));
    assert!(plan
        .pods
        .iter()
        .all(|pod| pod.ip.is_some_and(|ip| !plan.vnet.contains(&ip))));
}

/// §4.3, §4.7: the DNS lookup only answers with the ClusterIP; kube-proxy is
/// what turns it into a pod. Nothing outside the cluster can even ask (§10).
#[test]
fn claim_8_dns_names_and_kube_proxy_translates() {
    let plan = build(&example_spec(NetworkPlugin::AzureCniOverlay));
    let service = ServiceId::new(0);
    let traced = trace(
        &plan,
        Endpoint::Pod(PodId::new(0)),
        Target::ServiceName { service },
    )
    .expect("a valid flow");
    assert!(traced.lookup.iter().all(|hop| hop.rewritten_by.is_none()));
    let to_pod = traced
        .hops
        .iter()
        .find(|hop| hop.changed.dst_ip)
        .expect("a DNAT");
    assert_eq!(to_pod.rewritten_by, Some(Device::KubeProxy));
    assert_eq!(
        trace(&plan, Endpoint::VnetVm, Target::ServiceName { service }),
        Err(PathError::ClientMismatch(Mismatch::ClusterDnsFromOutside))
    );
}

/// §5.3, §10: neither the ClusterIP nor, from inside, the frontend itself
/// goes through the load balancer.
#[test]
fn claim_9_the_cluster_ip_does_not_route_to_the_load_balancer() {
    let mut spec = example_spec(NetworkPlugin::AzureCni);
    spec.services[0].kind = ServiceKind::LoadBalancer(LoadBalancerScope::Internal { subnet: None });
    let plan = build(&spec);
    let service = ServiceId::new(0);
    for to in [
        Target::ClusterIp { service },
        Target::LoadBalancer { service },
    ] {
        let traced = trace(&plan, Endpoint::Pod(PodId::new(0)), to).expect("a valid flow");
        assert!(
            !traced
                .hops
                .iter()
                .any(|hop| matches!(hop.at, Location::LoadBalancer(_))),
            "{to:?}"
        );
    }
}

/// §4.4, §5.6: the load balancer hands the packet to a node, still addressed
/// to the frontend (floating IP); kube-proxy on the node DNATs it to a pod.
#[test]
fn claim_10_the_load_balancers_backends_are_nodes() {
    let plan = build(&example_spec(NetworkPlugin::AzureCniPodSubnet));
    let service = ServiceId::new(0);
    let traced = trace(&plan, Endpoint::Internet, Target::LoadBalancer { service }).expect("valid");
    let at_lb = traced
        .hops
        .iter()
        .position(|hop| matches!(hop.at, Location::LoadBalancer(_)))
        .expect("the LB");
    let next = &traced.hops[at_lb + 1];
    assert!(matches!(next.at, Location::Node(_)));
    assert_eq!(next.rewritten_by, Some(Device::KubeProxy));
    assert_eq!(
        traced.hops[at_lb].dst, traced.hops[0].dst,
        "still the frontend at the LB"
    );
}

/// §1.0: the lab names the four models as the current pages do.
#[test]
fn claim_11_the_models_have_their_current_names() {
    let names: Vec<String> = NetworkPlugin::ALL.iter().map(ToString::to_string).collect();
    assert_eq!(
        names,
        [
            "kubenet",
            "Azure CNI Node Subnet",
            "Azure CNI Overlay",
            "Azure CNI Pod Subnet"
        ]
    );
}
