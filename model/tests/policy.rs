//! NetworkPolicy: flows a policy drops, where and by which engine, and the
//! engines each model and dataplane run (aks-facts §10: network policy
//! engines; learn: aks/use-network-policies; Kubernetes' NetworkPolicy rules).

mod common;

use aks_model::path::{trace, Endpoint, Location, Target, Verdict};
use aks_model::{
    ClusterSpec, Dataplane, Field, InputError, NetworkPlugin, NetworkPolicy, Plan, PodId,
    PolicyEngine, ServiceId,
};
use common::{build, example_spec};

fn with(plugin: NetworkPlugin, policies: &[NetworkPolicy]) -> ClusterSpec {
    ClusterSpec {
        policies: policies.to_vec(),
        ..example_spec(plugin)
    }
}

use common::pod0_to_pod1 as pod_to_pod;

fn dropped(verdict: &Verdict) -> Option<&str> {
    match verdict {
        Verdict::Dropped { reason } => Some(reason),
        _ => None,
    }
}

/// Default deny ingress drops a pod's packet to another pod at the
/// destination pod's node, naming the policy and the engine that enforces it.
#[test]
fn deny_ingress_drops_at_the_destination_node() {
    let plan = build(&with(
        NetworkPlugin::AzureCniOverlay,
        &[NetworkPolicy::DenyIngress],
    ));
    let traced = pod_to_pod(&plan);
    let why = dropped(&traced.verdict).expect("dropped");
    assert!(why.contains("NetworkPolicy \"deny-ingress\""), "{why}");
    assert!(why.contains("Calico enforces it"), "{why}");
    let target_node = plan.pods[1].running_on().expect("running");
    assert_eq!(
        traced.hops.last().map(|hop| hop.at),
        Some(Location::Node(target_node))
    );
}

/// same-app lets a pod of the app in; the internet through the load
/// balancer, masqueraded to a node by policy Cluster (aks-facts §5.6), is
/// not a pod of the app and is dropped.
#[test]
fn same_app_admits_the_apps_pods_only() {
    let plan = build(&with(
        NetworkPlugin::AzureCniOverlay,
        &[NetworkPolicy::SameApp],
    ));
    assert!(matches!(
        pod_to_pod(&plan).verdict,
        Verdict::Delivered { .. }
    ));
    let from_internet = trace(
        &plan,
        Endpoint::Internet,
        Target::LoadBalancer {
            service: ServiceId::new(0),
        },
    )
    .expect("a flow");
    // The load balancer's node forwards to a pod on another node (the lab's
    // pick), masqueraded to itself: not the pod's own node, not a pod.
    let why = dropped(&from_internet.verdict).expect("dropped");
    assert!(why.contains("\"same-app\""), "{why}");
}

/// from-vnet (an ipBlock of the VNet): a VM in the VNet reaches a Node
/// Subnet pod; a pod's own address is in the VNet too, but Cilium's ipBlock
/// selects no pod or node IP (learn: aks/azure-cni-powered-by-cilium), so
/// under Cilium the same pod-to-pod packet is dropped.
#[test]
fn from_vnet_is_blind_to_pod_addresses_under_cilium() {
    let spec = with(NetworkPlugin::AzureCni, &[NetworkPolicy::FromVnet]);
    let plan = build(&spec);
    let from_vm = trace(
        &plan,
        Endpoint::VnetVm,
        Target::Pod {
            pod: PodId::new(0),
            port: 8080,
        },
    )
    .expect("a flow");
    assert!(
        matches!(from_vm.verdict, Verdict::Delivered { .. }),
        "{:?}",
        from_vm.verdict
    );
    assert!(matches!(
        pod_to_pod(&plan).verdict,
        Verdict::Delivered { .. }
    ));
    let cilium = build(&ClusterSpec {
        dataplane: Dataplane::Cilium,
        ..spec
    });
    assert_eq!(cilium.policy_engine, PolicyEngine::Cilium);
    let why = dropped(&pod_to_pod(&cilium).verdict)
        .map(str::to_string)
        .expect("dropped");
    assert!(
        why.contains("Cilium's ipBlock selects no pod or node IP"),
        "{why}"
    );
}

/// deny-egress drops at the sending pod's node, and lets DNS through: the
/// lookup of a Service's name is answered, the connection is not.
#[test]
fn deny_egress_lets_dns_through_and_drops_the_rest() {
    let plan = build(&with(
        NetworkPlugin::AzureCniOverlay,
        &[NetworkPolicy::DenyEgress],
    ));
    let by_name = trace(
        &plan,
        Endpoint::Pod(PodId::new(0)),
        Target::ServiceName {
            service: ServiceId::new(0),
        },
    )
    .expect("a flow");
    assert!(!by_name.lookup.is_empty());
    let why = dropped(&by_name.verdict).expect("dropped");
    assert!(why.contains("\"deny-egress\""), "{why}");
    let sender_node = plan.pods[0].running_on().expect("running");
    assert_eq!(
        by_name.hops.last().map(|hop| hop.at),
        Some(Location::Node(sender_node))
    );
}

/// With no engine, a policy has no effect: the packet arrives, and the
/// trace says why (Kubernetes: posting a NetworkPolicy to a cluster that
/// does not support it has no effect).
#[test]
fn without_an_engine_a_policy_has_no_effect() {
    let plan = build(&ClusterSpec {
        policy_engine: Some(PolicyEngine::None),
        ..with(
            NetworkPlugin::AzureCniOverlay,
            &[NetworkPolicy::DenyIngress],
        )
    });
    let traced = pod_to_pod(&plan);
    assert!(matches!(traced.verdict, Verdict::Delivered { .. }));
    assert!(traced
        .hops
        .iter()
        .any(|hop| hop.explanation.contains("nothing enforces it")));
}

/// Which engine runs where (learn: aks/use-network-policies): kubenet runs
/// Calico only; Cilium enforces with its own dataplane only, and replaces
/// the others there.
#[test]
fn engines_run_where_aks_supports_them() {
    let refused = |plugin, dataplane, engine| {
        Plan::build(&ClusterSpec {
            dataplane,
            policy_engine: Some(engine),
            ..example_spec(plugin)
        })
        .err()
        .map(|errors| errors.iter().map(InputError::field).collect::<Vec<_>>())
    };
    let engine = Some(vec![Field::PolicyEngine]);
    assert_eq!(
        refused(
            NetworkPlugin::Kubenet,
            Dataplane::KubeProxy,
            PolicyEngine::AzureNpm
        ),
        engine
    );
    assert_eq!(
        refused(
            NetworkPlugin::Kubenet,
            Dataplane::KubeProxy,
            PolicyEngine::Calico
        ),
        None
    );
    assert_eq!(
        refused(
            NetworkPlugin::AzureCniOverlay,
            Dataplane::KubeProxy,
            PolicyEngine::Cilium
        ),
        engine
    );
    assert_eq!(
        refused(
            NetworkPlugin::AzureCniOverlay,
            Dataplane::Cilium,
            PolicyEngine::Calico
        ),
        engine
    );
    assert_eq!(
        refused(
            NetworkPlugin::AzureCni,
            Dataplane::KubeProxy,
            PolicyEngine::AzureNpm
        ),
        None
    );
    assert_eq!(
        ClusterSpec {
            dataplane: Dataplane::Cilium,
            ..example_spec(NetworkPlugin::AzureCniPodSubnet)
        }
        .policy_engine(),
        PolicyEngine::Cilium
    );
}

/// Egress is checked after the Service's translation, as the engines do:
/// a Service on port 53 is not DNS once it is translated to 8080, and a
/// NodePort on the pod's own node that leads to a pod on another node is
/// not the node (review of this lab's first version).
#[test]
fn deny_egress_sees_the_translated_destination() {
    let mut spec = with(NetworkPlugin::AzureCniOverlay, &[NetworkPolicy::DenyEgress]);
    spec.services[0].port = 53;
    spec.services[0].kind = aks_model::ServiceKind::NodePort;
    let plan = build(&spec);
    let to_service = trace(
        &plan,
        Endpoint::Pod(PodId::new(0)),
        Target::ClusterIp {
            service: ServiceId::new(0),
        },
    )
    .expect("a flow");
    assert!(
        dropped(&to_service.verdict).is_some(),
        "{:?}",
        to_service.verdict
    );
    let own_node = plan.pods[0].running_on().expect("running");
    let node_port = trace(
        &plan,
        Endpoint::Pod(PodId::new(0)),
        Target::NodePort {
            service: ServiceId::new(0),
            node: own_node,
        },
    )
    .expect("a flow");
    assert!(
        dropped(&node_port.verdict).is_some(),
        "{:?}",
        node_port.verdict
    );
}

/// Azure NPM beyond 250 nodes is warned of (learn: aks/use-network-policies).
#[test]
fn azure_npm_beyond_its_scale_is_warned_of() {
    let mut spec = ClusterSpec {
        policy_engine: Some(PolicyEngine::AzureNpm),
        ..example_spec(NetworkPlugin::AzureCniOverlay)
    };
    spec.node_subnet = "10.10.0.0/20".parse().expect("valid");
    spec.pod_cidr = "10.128.0.0/14".parse().expect("valid");
    assert!(!build(&spec)
        .warnings
        .iter()
        .any(|w| matches!(w, aks_model::Warning::NpmScale { .. })));
    spec.node_count = 251;
    assert!(build(&spec)
        .warnings
        .contains(&aks_model::Warning::NpmScale {
            nodes: 251,
            pods: 3
        }));
}
