//! Azure CNI powered by Cilium: the same flows with no kube-proxy, Services
//! translated by Cilium's eBPF (aks-facts §1.5; §10: at the socket for pod
//! traffic). Addresses as in aks-facts §5.0.

mod common;

use aks_model::path::{trace, Device, Endpoint, Location, Target, Trace};
use aks_model::{ClusterSpec, Dataplane, Field, InputError, NetworkPlugin, Plan, PodId, ServiceId};
use common::{build, example_spec};

fn cilium(plugin: NetworkPlugin) -> ClusterSpec {
    ClusterSpec {
        dataplane: Dataplane::Cilium,
        ..example_spec(plugin)
    }
}

fn devices(trace: &Trace) -> Vec<Device> {
    trace
        .hops
        .iter()
        .filter_map(|hop| hop.rewritten_by)
        .collect()
}

/// Cilium runs with Overlay, Pod Subnet and Node Subnet addressing, not
/// kubenet, which migrates to Overlay first (aks-facts §1.5).
#[test]
fn cilium_runs_on_azure_cni_only() {
    for plugin in [
        NetworkPlugin::AzureCniOverlay,
        NetworkPlugin::AzureCniPodSubnet,
        NetworkPlugin::AzureCni,
    ] {
        assert!(Plan::build(&cilium(plugin)).is_ok(), "{plugin}");
    }
    let errors = Plan::build(&cilium(NetworkPlugin::Kubenet)).expect_err("kubenet");
    assert_eq!(errors, [InputError::CiliumWithKubenet]);
    assert_eq!(errors[0].field(), Field::Dataplane);
    assert!(errors[0].to_string().contains("migrates to Overlay first"));
}

/// A pod to a ClusterIP: with kube-proxy, the client's node DNATs; with
/// Cilium, the socket-level load balancer translates in the pod before a
/// packet leaves (derived), and nothing is kube-proxy's. The receiver sees
/// the sending pod either way (aks-facts §5.3), and the reply is undone by
/// Cilium.
#[test]
fn a_cluster_ip_is_translated_at_the_socket() {
    let to_service = |spec: &ClusterSpec| {
        let plan = build(spec);
        trace(
            &plan,
            Endpoint::Pod(PodId::new(0)),
            Target::ClusterIp {
                service: ServiceId::new(0),
            },
        )
        .expect("a flow")
    };
    let kube_proxy = to_service(&example_spec(NetworkPlugin::AzureCniOverlay));
    let ebpf = to_service(&cilium(NetworkPlugin::AzureCniOverlay));
    assert_eq!(devices(&kube_proxy), [Device::KubeProxy]);
    assert_eq!(devices(&ebpf), [Device::Cilium]);
    let translated = ebpf
        .hops
        .iter()
        .find(|hop| hop.rewritten_by == Some(Device::Cilium))
        .expect("Cilium's hop");
    assert_eq!(translated.at, Location::Pod(PodId::new(0)));
    assert!(translated.derived);
    assert_eq!(ebpf.verdict.seen_source(), kube_proxy.verdict.seen_source());
    assert!(ebpf
        .reply
        .iter()
        .any(|hop| hop.rewritten_by == Some(Device::Cilium)));
}

/// A pod that reaches itself through its Service: kube-proxy's hairpin rule
/// masquerades it (aks-facts §10: hairpin), so it sees its node; Cilium
/// connects the socket to the pod itself, and it sees its own address (derived).
#[test]
fn a_pod_reaching_itself_keeps_its_address_under_cilium() {
    let hairpin = |spec: &mut ClusterSpec| {
        spec.deployments[0].replicas = 1;
        let plan = build(spec);
        let pod_ip = plan.pods[0].ip.expect("an address");
        let traced = trace(
            &plan,
            Endpoint::Pod(PodId::new(0)),
            Target::ClusterIp {
                service: ServiceId::new(0),
            },
        )
        .expect("a flow");
        (pod_ip, traced.verdict.seen_source().map(|seen| *seen.ip()))
    };
    let (pod, seen) = hairpin(&mut example_spec(NetworkPlugin::AzureCniOverlay));
    assert_ne!(seen, Some(pod));
    let (pod, seen) = hairpin(&mut cilium(NetworkPlugin::AzureCniOverlay));
    assert_eq!(seen, Some(pod));
}

/// A pod to its cluster's own load balancer frontend, policy Cluster:
/// kube-proxy catches it on the pod's node and masquerades it (aks-facts
/// §10), so the endpoint sees the node; Cilium translates it at the socket
/// and the endpoint sees the pod (derived).
#[test]
fn a_frontend_called_from_a_pod_keeps_the_pods_address_under_cilium() {
    let seen = |spec: &ClusterSpec| {
        let plan = build(spec);
        let traced = trace(
            &plan,
            Endpoint::Pod(PodId::new(0)),
            Target::LoadBalancer {
                service: ServiceId::new(0),
            },
        )
        .expect("a flow");
        (
            plan.pods[0].ip,
            traced.verdict.seen_source().map(|seen| *seen.ip()),
            devices(&traced),
        )
    };
    let (pod, by_kube_proxy, kube_proxy) = seen(&example_spec(NetworkPlugin::AzureCniOverlay));
    assert_ne!(by_kube_proxy, pod);
    assert!(kube_proxy.contains(&Device::KubeProxy));
    let (pod, by_cilium, ebpf) = seen(&cilium(NetworkPlugin::AzureCniOverlay));
    assert_eq!(by_cilium, pod);
    assert_eq!(ebpf, [Device::Cilium]);
}

/// From the internet through the public load balancer, policy Cluster:
/// Cilium's program on the node's interface DNATs and SNATs as kube-proxy
/// would (aks-facts §5.6), so the pod sees the node either way.
#[test]
fn the_internet_through_the_load_balancer_is_translated_on_the_node() {
    let through = |spec: &ClusterSpec| {
        let plan = build(spec);
        trace(
            &plan,
            Endpoint::Internet,
            Target::LoadBalancer {
                service: ServiceId::new(0),
            },
        )
        .expect("a flow")
    };
    let kube_proxy = through(&example_spec(NetworkPlugin::AzureCniOverlay));
    let ebpf = through(&cilium(NetworkPlugin::AzureCniOverlay));
    assert_eq!(ebpf.verdict.seen_source(), kube_proxy.verdict.seen_source());
    assert!(devices(&ebpf).contains(&Device::Cilium));
    assert!(!devices(&ebpf).contains(&Device::KubeProxy));
    let on_node = ebpf
        .hops
        .iter()
        .find(|hop| hop.rewritten_by == Some(Device::Cilium))
        .expect("Cilium's hop");
    assert!(matches!(on_node.at, Location::Node(_)));
    assert!(on_node.explanation.contains("interface"));
}

/// A pod calling its own node's hostPort reaches itself: the CNI portmap's
/// hairpin rule masquerades it (aks-facts §4.2); under Cilium, whose eBPF
/// implements hostPort, it is translated at the socket and keeps the pod's
/// address (derived).
#[test]
fn a_host_port_on_the_pods_own_node_is_translated_by_cilium() {
    let seen = |spec: &mut ClusterSpec| {
        spec.deployments[0].host_port = Some(8443);
        let plan = build(spec);
        let node = plan.pods[0].running_on().expect("running");
        let traced = trace(
            &plan,
            Endpoint::Pod(PodId::new(0)),
            Target::HostPort {
                deployment: aks_model::DeploymentId::new(0),
                node,
            },
        )
        .expect("a flow");
        (
            plan.pods[0].ip,
            traced.verdict.seen_source().map(|seen| *seen.ip()),
            devices(&traced),
        )
    };
    let (pod, by_portmap, portmap) = seen(&mut example_spec(NetworkPlugin::AzureCniOverlay));
    assert_ne!(by_portmap, pod);
    assert!(portmap.contains(&Device::HostPort));
    let (pod, by_cilium, ebpf) = seen(&mut cilium(NetworkPlugin::AzureCniOverlay));
    assert_eq!(by_cilium, pod);
    assert_eq!(ebpf, [Device::Cilium]);
}
