//! Every port mapping rule of aks-facts §4.2, checked through the model: what
//! a test packet meets when the image, container, Service and node ports
//! agree or disagree. Each test cites its source.

mod common;

use std::net::SocketAddrV4;

use aks_model::path::{trace, Device, Endpoint, Target, Trace, Verdict};
use aks_model::validation::validate;
use aks_model::{
    BrokenMapping, ClusterSpec, ContainerPort, Failure, LoadBalancerScope, NetworkPlugin, Plan,
    PodState, ServiceKind, TargetPort, TrafficPolicy, Unschedulable,
};
use aks_model::{DeploymentId, PodId, ServiceId};
use common::{build, example_spec, ip};

/// Azure CNI on the fact sheet's network: `web` (3 replicas, listening on
/// 8080, containerPort 8080 named "http") behind a NodePort Service 80.
fn spec() -> ClusterSpec {
    let mut spec = example_spec(NetworkPlugin::AzureCni);
    spec.services[0].kind = ServiceKind::NodePort;
    spec
}

fn from_pod_to_service(plan: &Plan) -> Trace {
    trace(
        plan,
        Endpoint::Pod(PodId::new(0)),
        Target::ClusterIp {
            service: ServiceId::new(0),
        },
    )
    .expect("a valid flow")
}

fn refused(verdict: &Verdict) -> &str {
    match verdict {
        Verdict::Refused { reason } => reason,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

/// §4.2: a Service "can map any incoming port to a targetPort": port 90 on
/// the ClusterIP reaches the pod on 8080.
#[test]
fn the_service_port_maps_to_any_target_port() {
    let mut spec = spec();
    spec.services[0].port = 90;
    let plan = build(&spec);
    let traced = from_pod_to_service(&plan);
    assert_eq!(traced.hops[0].dst.port(), 90);
    let dnat = traced
        .hops
        .iter()
        .find(|hop| hop.rewritten_by == Some(Device::KubeProxy))
        .expect("kube-proxy DNATs");
    assert_eq!(dnat.dst.port(), 8080);
    assert!(matches!(traced.verdict, Verdict::Delivered { .. }));
}

/// §4.2 and §7.1: targetPort must be the port the container listens on;
/// Kubernetes remaps nothing inside the pod.
#[test]
fn a_target_port_nothing_listens_on_is_refused() {
    let mut spec = spec();
    spec.services[0].target_port = 85.into();
    let plan = build(&spec);
    let reason = refused(&from_pod_to_service(&plan).verdict).to_string();
    assert!(
        reason.contains("port 85") && reason.contains("listens on 8080"),
        "{reason}"
    );
    // The plan says so before any packet is traced.
    assert_eq!(
        plan.broken_mappings(),
        [BrokenMapping::TargetPortNotListening {
            service: ServiceId::new(0),
            target_port: 85,
            listen_port: 8080,
            behind_probe: false,
        }]
    );
    // Behind a load balancer with policy Cluster, the probe fails on every
    // node and outside clients time out (aks-facts §10, derived); with Local
    // the probe counts local endpoints only, and they are refused too.
    let mut balanced = spec.clone();
    balanced.services[0].kind = ServiceKind::LoadBalancer(LoadBalancerScope::Public);
    let [broken] = build(&balanced).broken_mappings().try_into().expect("one");
    assert!(broken.to_string().contains("time out"), "{broken}");
    balanced.services[0].external_traffic_policy = TrafficPolicy::Local;
    let [broken] = build(&balanced).broken_mappings().try_into().expect("one");
    assert!(!broken.to_string().contains("time out"), "{broken}");
    // Set right, nothing is broken.
    assert_eq!(build(&self::spec()).broken_mappings(), []);
}

/// §4.2: a named targetPort resolves through the container port of that name.
#[test]
fn a_named_target_port_resolves_through_the_container_port_name() {
    let mut spec = spec();
    spec.services[0].target_port = TargetPort::Name("http".into());
    let plan = build(&spec);
    assert_eq!(plan.services[0].target_port, Some(8080));
    assert_eq!(plan.services[0].target_text(), "http (8080)");
    let traced = from_pod_to_service(&plan);
    assert!(matches!(traced.verdict, Verdict::Delivered { .. }));
    assert!(traced
        .hops
        .iter()
        .any(|hop| hop.explanation.contains("targetPort http (8080)")));
}

/// §4.2: a name no container port has leaves the pods out of the Service's
/// endpoints; kube-proxy rejects the connection.
#[test]
fn a_named_target_port_that_matches_nothing_leaves_no_endpoints() {
    let mut spec = spec();
    spec.services[0].target_port = TargetPort::Name("metrics".into());
    let plan = build(&spec);
    assert_eq!(plan.services[0].target_port, None);
    assert!(plan.services[0].endpoints.is_empty());
    let reason = refused(&from_pod_to_service(&plan).verdict).to_string();
    assert!(
        reason.contains("\"metrics\" names no container port"),
        "{reason}"
    );
    let [broken] = plan
        .broken_mappings()
        .try_into()
        .expect("one broken mapping");
    assert!(matches!(broken, BrokenMapping::UnnamedTargetPort { .. }));
    assert!(
        broken
            .to_string()
            .starts_with("targetPort \"metrics\" names no containerPort of \"web\""),
        "{broken}"
    );
}

/// §4.2: containerPort is informational: leaving it out, or declaring
/// another number, does not stop the listening port being reached.
#[test]
fn container_port_is_informational_for_a_numeric_target_port() {
    for declared in [None, Some(9090)] {
        let mut spec = spec();
        spec.deployments[0].container_port =
            declared.map(|number| ContainerPort { number, name: None });
        let plan = build(&spec);
        assert!(
            matches!(
                from_pod_to_service(&plan).verdict,
                Verdict::Delivered { .. }
            ),
            "containerPort {declared:?}"
        );
    }
}

/// §4.1: nodePort must lie in 30000–32767.
#[test]
fn a_node_port_outside_the_range_is_rejected() {
    for (node_port, valid) in [
        (29_999, false),
        (30_000, true),
        (32_767, true),
        (32_768, false),
    ] {
        let mut spec = spec();
        spec.services[0].node_port = Some(node_port);
        let errors = validate(&spec).err().unwrap_or_default();
        assert_eq!(errors.is_empty(), valid, "nodePort {node_port}: {errors:?}");
        if !valid {
            assert!(errors[0]
                .to_string()
                .contains("outside the NodePort range 30000–32767"));
        }
    }
}

/// §4.2: hostPort maps nodeIP:hostPort to the pod's containerPort; there,
/// containerPort must be the port the container listens on.
#[test]
fn a_host_port_reaches_the_container_port_on_that_node() {
    for (container_port, works) in [(8080, true), (9090, false)] {
        let mut spec = spec();
        spec.deployments[0].container_port = Some(ContainerPort {
            number: container_port,
            name: None,
        });
        spec.deployments[0].host_port = Some(8443);
        let plan = build(&spec);
        let node = plan.pods[0].placement.expect("running").node;
        let traced = trace(
            &plan,
            Endpoint::VnetVm,
            Target::HostPort {
                deployment: DeploymentId::new(0),
                node,
            },
        )
        .expect("a valid flow");
        let node_ip = plan.node(node).expect("a node").ip.expect("created");
        assert_eq!(traced.hops[0].dst, SocketAddrV4::new(node_ip, 8443));
        let dnat = traced
            .hops
            .iter()
            .find(|hop| hop.rewritten_by == Some(Device::HostPort))
            .expect("the portmap rule DNATs");
        assert_eq!(
            dnat.dst,
            SocketAddrV4::new(plan.pods[0].ip.expect("an address"), container_port)
        );
        // The source is untouched: the pod sees the VM (§5.4's VM, 10.10.x.4).
        assert_eq!(dnat.src.ip(), &ip("10.10.0.4"));
        match traced.verdict {
            Verdict::Delivered { .. } => assert!(works),
            ref verdict => assert!(
                !works && refused(verdict).contains("port 9090"),
                "{verdict:?}"
            ),
        }
        // The plan names the broken hostPort mapping before any packet.
        let broken = BrokenMapping::HostPortNotListening {
            deployment: DeploymentId::new(0),
            host_port: 8443,
            container_port,
            listen_port: 8080,
        };
        assert_eq!(plan.broken_mappings().contains(&broken), !works);
    }
}

/// §4.2: a node binds a hostPort once, so a deployment with a hostPort runs
/// at most one pod per node; the rest stay Pending with the scheduler's
/// NodePorts reason.
#[test]
fn a_host_port_allows_one_pod_per_node() {
    let mut spec = spec();
    spec.deployments[0].replicas = 5;
    spec.deployments[0].host_port = Some(8443);
    let plan = build(&spec);
    let pending = plan
        .pods
        .iter()
        .filter(|pod| pod.state == PodState::Pending(Unschedulable::HostPort))
        .count();
    assert_eq!((plan.capacity.pods_running, pending), (3, 2));
    let failure = plan
        .failures
        .iter()
        .find(|failure| matches!(failure, Failure::HostPortTaken { .. }))
        .expect("the scheduler's reason");
    assert_eq!(
        failure.to_string(),
        "FailedScheduling: 0/3 nodes are available: 3 node(s) didn't have free ports for the requested pod ports."
    );
    // A node without such a pod has nothing on the hostPort.
    spec.deployments[0].replicas = 1;
    let plan = build(&spec);
    let empty = plan
        .nodes
        .iter()
        .find(|node| node.id != plan.pods[0].placement.expect("running").node)
        .expect("another node")
        .id;
    let traced = trace(
        &plan,
        Endpoint::VnetVm,
        Target::HostPort {
            deployment: DeploymentId::new(0),
            node: empty,
        },
    )
    .expect("a valid flow");
    assert!(refused(&traced.verdict).contains("nothing binds hostPort 8443"));
}
