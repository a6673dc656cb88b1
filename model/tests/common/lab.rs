//! The lab the path tests trace through: the fact sheet's example network
//! with a Service of every kind, and helpers to read a trace.

use std::net::SocketAddrV4;

use aks_model::path::{trace, Device, Endpoint, Location, Target, Trace, Verdict};
use aks_model::{
    ClusterSpec, Deployment, LoadBalancerScope, NetworkPlugin, Plan, ServiceKind, ServiceSpec,
    TrafficPolicy,
};
use aks_model::{NodeId, PodId, ServiceId};

use super::{build, example_spec};

pub const INTERNAL: ServiceId = ServiceId::new(0);
pub const INTERNAL_LOCAL: ServiceId = ServiceId::new(1);
pub const PUBLIC: ServiceId = ServiceId::new(2);
pub const PUBLIC_LOCAL: ServiceId = ServiceId::new(3);
pub const NODE_PORT: ServiceId = ServiceId::new(4);
pub const NODE_PORT_LOCAL: ServiceId = ServiceId::new(5);
pub const CLUSTER_ONLY: ServiceId = ServiceId::new(6);

pub fn service(
    name: &str,
    kind: ServiceKind,
    policy: TrafficPolicy,
    node_port: Option<u16>,
) -> ServiceSpec {
    ServiceSpec {
        name: name.into(),
        selector: "web".into(),
        kind,
        port: 80,
        target_port: 8080.into(),
        node_port,
        external_traffic_policy: policy,
    }
}

/// The fact sheet's example network (§5.0) with a Service of every kind in
/// front of `replicas` pods of `web`, which listens on 8080.
pub fn lab(plugin: NetworkPlugin, replicas: u32) -> Plan {
    build(&lab_spec(plugin, replicas))
}

/// The spec of [`lab`], to vary before building.
pub fn lab_spec(plugin: NetworkPlugin, replicas: u32) -> ClusterSpec {
    let internal = ServiceKind::LoadBalancer(LoadBalancerScope::Internal { subnet: None });
    let public = ServiceKind::LoadBalancer(LoadBalancerScope::Public);
    ClusterSpec {
        deployments: vec![Deployment::new("web", replicas)],
        services: vec![
            service("internal", internal.clone(), TrafficPolicy::Cluster, None),
            service("internal-local", internal, TrafficPolicy::Local, None),
            service("public", public.clone(), TrafficPolicy::Cluster, None),
            service("public-local", public, TrafficPolicy::Local, None),
            service(
                "nodeport",
                ServiceKind::NodePort,
                TrafficPolicy::Cluster,
                Some(31080),
            ),
            service(
                "nodeport-local",
                ServiceKind::NodePort,
                TrafficPolicy::Local,
                Some(31081),
            ),
            service(
                "clusterip",
                ServiceKind::ClusterIp,
                TrafficPolicy::Cluster,
                None,
            ),
        ],
        ..example_spec(plugin)
    }
}

pub fn run(plan: &Plan, from: Endpoint, to: Target) -> Trace {
    trace(plan, from, to).unwrap_or_else(|error| panic!("{from:?} → {to:?}: {error}"))
}

pub fn seen_source(trace: &Trace) -> SocketAddrV4 {
    match &trace.verdict {
        Verdict::Delivered { seen_source } => *seen_source,
        other => panic!("expected delivery, got {other:?}"),
    }
}

pub fn node_ip(plan: &Plan, node: u32) -> std::net::Ipv4Addr {
    plan.nodes[node as usize].ip.expect("a Ready node")
}

pub fn rewriters(trace: &Trace) -> Vec<(Location, Device)> {
    trace
        .hops
        .iter()
        .filter_map(|hop| hop.rewritten_by.map(|device| (hop.at, device)))
        .collect()
}

/// Every source to every destination of `plan`: the outside hosts, each pod
/// and node, and each Service by address, name, frontend and nodePort.
pub fn every_flow(plan: &Plan) -> Vec<(Endpoint, Target)> {
    let pods = (0..plan.pods.len() as u32).map(PodId::new);
    let nodes = (0..plan.nodes.len() as u32).map(NodeId::new);
    let mut sources = vec![
        Endpoint::VnetVm,
        Endpoint::PeeredVnetVm,
        Endpoint::OnPremises,
        Endpoint::Internet,
    ];
    sources.extend(pods.clone().map(Endpoint::Pod));
    sources.extend(nodes.clone().map(Endpoint::Node));
    let mut targets = vec![
        Target::VnetVm,
        Target::PeeredVnetVm,
        Target::OnPremises,
        Target::InternetServer,
    ];
    targets.extend(pods.map(|pod| Target::Pod { pod, port: 8080 }));
    targets.extend(nodes.clone().map(|node| Target::Node { node, port: 10250 }));
    for service in plan.services.iter().map(|service| service.id) {
        targets.extend([
            Target::ClusterIp { service },
            Target::ServiceName { service },
            Target::LoadBalancer { service },
        ]);
        targets.extend(nodes.clone().map(|node| Target::NodePort { service, node }));
    }
    sources
        .iter()
        .flat_map(|&from| targets.iter().map(move |&to| (from, to)))
        .collect()
}
