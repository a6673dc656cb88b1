//! The common flows a learner can pick, built from what the plan has: pure,
//! tested natively.

use aks_model::path::{Endpoint, Target};
use aks_model::{LoadBalancerScope, Plan, PodState, ServiceKind};

/// A flow with the words the picker shows.
#[derive(Clone, Debug, PartialEq)]
pub struct Flow {
    pub label: String,
    pub from: Endpoint,
    pub to: Target,
}

/// The flows worth showing for `plan`, in teaching order. A flow appears only
/// when the plan has what it needs (two running pods on different nodes, a
/// load balancer of the right kind, …).
pub fn common_flows(plan: &Plan) -> Vec<Flow> {
    let running: Vec<usize> = plan
        .pods
        .iter()
        .enumerate()
        .filter(|(_, pod)| pod.state == PodState::Running)
        .map(|(index, _)| index)
        .collect();
    let node_of = |pod: usize| plan.pods[pod].placement.map(|p| p.node);
    let port_of = |pod: usize| plan.deployments[plan.pods[pod].deployment].listen_port;
    let name_of = |pod: usize| plan.pod_name(&plan.pods[pod]);
    let mut flows = Vec::new();
    let mut add = |label: String, from, to| flows.push(Flow { label, from, to });

    if let Some(&first) = running.first() {
        if let Some(&other) = running.iter().find(|&&p| node_of(p) != node_of(first)) {
            add(
                format!(
                    "Pod to pod on another node ({} → {})",
                    name_of(first),
                    name_of(other)
                ),
                Endpoint::Pod(first),
                Target::Pod {
                    pod: other,
                    port: port_of(other),
                },
            );
        }
        if let Some(&same) = running
            .iter()
            .find(|&&p| p != first && node_of(p) == node_of(first))
        {
            add(
                format!(
                    "Pod to pod on the same node ({} → {})",
                    name_of(first),
                    name_of(same)
                ),
                Endpoint::Pod(first),
                Target::Pod {
                    pod: same,
                    port: port_of(same),
                },
            );
        }
    }
    for (index, service) in plan.services.iter().enumerate() {
        if let Some(&first) = running.first() {
            add(
                format!("Pod to Service \"{}\" by name", service.name),
                Endpoint::Pod(first),
                Target::ServiceName { service: index },
            );
        }
        match &service.kind {
            ServiceKind::LoadBalancer(LoadBalancerScope::Public) => add(
                format!(
                    "Internet client to the public load balancer of \"{}\"",
                    service.name
                ),
                Endpoint::Internet,
                Target::LoadBalancer { service: index },
            ),
            ServiceKind::LoadBalancer(LoadBalancerScope::Internal { .. }) => add(
                format!(
                    "On-premises client to the internal load balancer of \"{}\"",
                    service.name
                ),
                Endpoint::OnPremises,
                Target::LoadBalancer { service: index },
            ),
            _ => {}
        }
        if service.node_port.is_some() {
            add(
                format!("VM in the VNet to the nodePort of \"{}\"", service.name),
                Endpoint::VnetVm,
                Target::NodePort {
                    service: index,
                    node: 0,
                },
            );
        }
    }
    if let Some(&first) = running.first() {
        add(
            format!("VM in the VNet to {}'s own IP", name_of(first)),
            Endpoint::VnetVm,
            Target::Pod {
                pod: first,
                port: port_of(first),
            },
        );
        add(
            format!("{} to a VM in the same VNet", name_of(first)),
            Endpoint::Pod(first),
            Target::VnetVm,
        );
        add(
            format!("{} to a VM in a peered VNet", name_of(first)),
            Endpoint::Pod(first),
            Target::PeeredVnetVm,
        );
        add(
            format!("{} to a server on the internet", name_of(first)),
            Endpoint::Pod(first),
            Target::InternetServer,
        );
    }
    flows
}

/// Where a hop happens, in words.
pub fn place_name(plan: &Plan, at: aks_model::path::Location) -> String {
    use aks_model::path::Location;
    let node_name = |node: u32| {
        plan.nodes
            .get(node as usize)
            .map_or_else(|| format!("node {node}"), |n| n.name())
    };
    match at {
        Location::Pod(pod) => plan
            .pods
            .get(pod)
            .map_or_else(|| "a pod".into(), |p| format!("pod {}", plan.pod_name(p))),
        Location::PodNetwork(node) => format!("{}'s pod network", node_name(node)),
        Location::Node(node) => node_name(node),
        Location::RouteTable => "route table".into(),
        Location::VnetFabric => "VNet routing".into(),
        Location::OverlayRouting => "overlay routing".into(),
        Location::CoreDns => "CoreDNS".into(),
        Location::LoadBalancer(service) => plan.services.get(service).map_or_else(
            || "load balancer".into(),
            |s| format!("load balancer of \"{}\"", s.name),
        ),
        Location::OutboundRule => "outbound rule".into(),
        Location::NatGateway => "NAT gateway".into(),
        Location::Firewall => "firewall".into(),
        Location::Gateway => "VPN gateway".into(),
        Location::Host(host) => host.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aks_model::{ClusterSpec, NetworkPlugin};

    #[test]
    fn the_default_cluster_offers_every_kind_of_flow_and_each_traces() {
        let plan = Plan::build(&ClusterSpec::defaults_for(NetworkPlugin::Kubenet)).expect("valid");
        let flows = common_flows(&plan);
        let labels: Vec<&str> = flows.iter().map(|f| f.label.as_str()).collect();
        assert!(
            labels.contains(&"Pod to pod on another node (web-0 → web-1)"),
            "{labels:?}"
        );
        assert!(labels
            .iter()
            .any(|l| l.starts_with("Internet client to the public load balancer")));
        assert!(labels
            .iter()
            .any(|l| l.starts_with("VM in the VNet to the nodePort")));
        // Three pods on three nodes: no two share a node.
        assert!(!labels.iter().any(|l| l.contains("same node")));
        for flow in &flows {
            assert!(
                aks_model::path::trace(&plan, flow.from, flow.to).is_ok(),
                "{}",
                flow.label
            );
        }
    }

    #[test]
    fn a_cluster_without_running_pods_offers_only_what_needs_none() {
        let mut spec = ClusterSpec::defaults_for(NetworkPlugin::Kubenet);
        spec.deployments[0].replicas = 0;
        let plan = Plan::build(&spec).expect("valid");
        let flows = common_flows(&plan);
        assert!(flows.iter().all(|f| !matches!(f.from, Endpoint::Pod(_))));
        assert!(!flows.is_empty());
    }
}
