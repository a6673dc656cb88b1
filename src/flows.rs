//! The common flows a learner can pick, built from what the plan has: pure,
//! tested natively.

use aks_model::path::{Endpoint, Host, Location, Target};
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
    let host_port = |pod: usize| plan.deployments[plan.pods[pod].deployment].host_port;
    if let Some(&first) = running.iter().find(|&&pod| host_port(pod).is_some()) {
        if let Some(node) = node_of(first) {
            add(
                format!(
                    "VM in the VNet to the hostPort of \"{}\" on {}'s node",
                    plan.deployments[plan.pods[first].deployment].name,
                    name_of(first)
                ),
                Endpoint::VnetVm,
                Target::HostPort {
                    deployment: plan.pods[first].deployment,
                    node,
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

/// The packets that test the first Service's ports end to end: one from the
/// client its type is for (the internet for a public load balancer,
/// on-premises for an internal one, a VM in the VNet for a NodePort, a pod
/// for a ClusterIP), and, with a hostPort, one from a VM to the hostPort on
/// the node of the first running pod.
pub fn port_test_flows(plan: &Plan) -> Vec<Flow> {
    let first_running = plan
        .pods
        .iter()
        .position(|pod| pod.state == PodState::Running);
    let mut ends = Vec::new();
    if let Some(service) = plan.services.first() {
        ends.push(match service.kind {
            ServiceKind::LoadBalancer(LoadBalancerScope::Public) => {
                (Endpoint::Internet, Target::LoadBalancer { service: 0 })
            }
            ServiceKind::LoadBalancer(LoadBalancerScope::Internal { .. }) => {
                (Endpoint::OnPremises, Target::LoadBalancer { service: 0 })
            }
            ServiceKind::NodePort => (
                Endpoint::VnetVm,
                Target::NodePort {
                    service: 0,
                    node: 0,
                },
            ),
            ServiceKind::ClusterIp => (
                first_running.map_or(Endpoint::Node(0), Endpoint::Pod),
                Target::ClusterIp { service: 0 },
            ),
        });
    }
    let host_port_node = plan
        .deployments
        .first()
        .and_then(|d| d.host_port)
        .and(first_running)
        .and_then(|pod| plan.pods[pod].placement);
    if let Some(placement) = host_port_node {
        ends.push((
            Endpoint::VnetVm,
            Target::HostPort {
                deployment: 0,
                node: placement.node,
            },
        ));
    }
    ends.into_iter()
        .filter_map(|(from, to)| Flow::between(plan, from, to).ok())
        .collect()
}

/// The port a node listens on for the packets the lab sends it: the kubelet's.
const KUBELET_PORT: u16 = 10_250;

/// A source's short name in links and in the diagram's `data-pick`.
pub fn endpoint_code(from: Endpoint) -> String {
    match from {
        Endpoint::Pod(pod) => format!("pod{pod}"),
        Endpoint::Node(node) => format!("node{node}"),
        Endpoint::VnetVm => "vm".into(),
        Endpoint::PeeredVnetVm => "peered".into(),
        Endpoint::OnPremises => "onprem".into(),
        Endpoint::Internet => "internet".into(),
    }
}

/// A destination's short name: the same names as [`endpoint_code`] for what
/// can be both, plus the Service addresses.
pub fn target_code(to: Target) -> String {
    match to {
        Target::Pod { pod, .. } => format!("pod{pod}"),
        Target::Node { node, .. } => format!("node{node}"),
        Target::ClusterIp { service } => format!("svc{service}"),
        Target::ServiceName { service } => format!("dns{service}"),
        Target::NodePort { service, node } => format!("nodeport{service}on{node}"),
        Target::HostPort { deployment, node } => format!("hostport{deployment}on{node}"),
        Target::LoadBalancer { service } => format!("lb{service}"),
        Target::VnetVm => "vm".into(),
        Target::PeeredVnetVm => "peered".into(),
        Target::OnPremises => "onprem".into(),
        Target::InternetServer => "internet".into(),
    }
}

/// Where a source is in the diagram.
pub fn endpoint_location(from: Endpoint) -> Location {
    match from {
        Endpoint::Pod(pod) => Location::Pod(pod),
        Endpoint::Node(node) => Location::Node(node),
        Endpoint::VnetVm => Location::Host(Host::VnetVm),
        Endpoint::PeeredVnetVm => Location::Host(Host::PeeredVnetVm),
        Endpoint::OnPremises => Location::Host(Host::OnPremises),
        Endpoint::Internet => Location::Host(Host::InternetClient),
    }
}

/// Reads a source's short name.
pub fn parse_endpoint(code: &str) -> Option<Endpoint> {
    Some(match code {
        "vm" => Endpoint::VnetVm,
        "peered" => Endpoint::PeeredVnetVm,
        "onprem" => Endpoint::OnPremises,
        "internet" => Endpoint::Internet,
        _ => {
            if let Some(pod) = numbered(code, "pod") {
                Endpoint::Pod(pod)
            } else {
                Endpoint::Node(numbered(code, "node")?)
            }
        }
    })
}

/// Reads a destination's short name; a pod is reached on the port its
/// container listens on, a node on the kubelet's.
pub fn parse_target(plan: &Plan, code: &str) -> Option<Target> {
    Some(match code {
        "vm" => Target::VnetVm,
        "peered" => Target::PeeredVnetVm,
        "onprem" => Target::OnPremises,
        "internet" => Target::InternetServer,
        _ => {
            if let Some(pod) = numbered::<usize>(code, "pod") {
                let deployment = plan.pods.get(pod)?.deployment;
                Target::Pod {
                    pod,
                    port: plan.deployments.get(deployment)?.listen_port,
                }
            } else if let Some(node) = numbered(code, "node") {
                Target::Node {
                    node,
                    port: KUBELET_PORT,
                }
            } else if let Some(service) = numbered(code, "svc") {
                Target::ClusterIp { service }
            } else if let Some(service) = numbered(code, "dns") {
                Target::ServiceName { service }
            } else if let Some(service) = numbered(code, "lb") {
                Target::LoadBalancer { service }
            } else if let Some(rest) = code.strip_prefix("hostport") {
                let (deployment, node) = rest.split_once("on")?;
                Target::HostPort {
                    deployment: deployment.parse().ok()?,
                    node: node.parse().ok()?,
                }
            } else {
                let (service, node) = code.strip_prefix("nodeport")?.split_once("on")?;
                Target::NodePort {
                    service: service.parse().ok()?,
                    node: node.parse().ok()?,
                }
            }
        }
    })
}

/// `code` as `prefix` and a number.
fn numbered<T: std::str::FromStr>(code: &str, prefix: &str) -> Option<T> {
    code.strip_prefix(prefix)?.parse().ok()
}

impl Flow {
    /// The flow's name in a link: source and destination, joined by a dot.
    pub fn code(&self) -> String {
        format!("{}.{}", endpoint_code(self.from), target_code(self.to))
    }

    /// The flow from `from` to `to` in `plan`, named as the common flow of the
    /// same ends if there is one; an error says why it cannot be followed.
    pub fn between(plan: &Plan, from: Endpoint, to: Target) -> Result<Flow, String> {
        aks_model::path::trace(plan, from, to).map_err(|error| error.to_string())?;
        let label = common_flows(plan)
            .into_iter()
            .find(|flow| flow.from == from && flow.to == to)
            .map_or_else(
                || format!("{} → {}", source_name(plan, from), target_name(plan, to)),
                |flow| flow.label,
            );
        Ok(Flow { label, from, to })
    }

    /// Reads a flow's name in a link (see [`Flow::code`]).
    pub fn from_code(plan: &Plan, code: &str) -> Result<Flow, String> {
        let unknown = || format!("\"{code}\" is not a flow in this cluster.");
        let (from, to) = code.split_once('.').ok_or_else(unknown)?;
        let from = parse_endpoint(from).ok_or_else(unknown)?;
        let to = parse_target(plan, to).ok_or_else(unknown)?;
        Flow::between(plan, from, to)
    }
}

fn source_name(plan: &Plan, from: Endpoint) -> String {
    place_name(plan, endpoint_location(from))
}

fn target_name(plan: &Plan, to: Target) -> String {
    let service = |index: usize| {
        plan.services
            .get(index)
            .map_or_else(String::new, |s| format!("\"{}\"", s.name))
    };
    match to {
        Target::Pod { pod, port } => format!("{}:{port}", place_name(plan, Location::Pod(pod))),
        Target::Node { node, port } => format!("{}:{port}", place_name(plan, Location::Node(node))),
        Target::ClusterIp { service: s } => format!("the ClusterIP of {}", service(s)),
        Target::ServiceName { service: s } => format!("{} by name", service(s)),
        Target::NodePort { service: s, node } => format!(
            "the nodePort of {} on {}",
            service(s),
            place_name(plan, Location::Node(node))
        ),
        Target::HostPort { deployment, node } => format!(
            "the hostPort of \"{}\" on {}",
            plan.deployments
                .get(deployment)
                .map_or("", |d| d.name.as_str()),
            place_name(plan, Location::Node(node))
        ),
        Target::LoadBalancer { service: s } => format!("the load balancer of {}", service(s)),
        Target::VnetVm => Host::VnetVm.to_string(),
        Target::PeeredVnetVm => Host::PeeredVnetVm.to_string(),
        Target::OnPremises => Host::OnPremises.to_string(),
        Target::InternetServer => Host::InternetServer.to_string(),
    }
}

/// Where a hop happens, in words.
pub fn place_name(plan: &Plan, at: Location) -> String {
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

    /// The test packet follows the Service's type, and a hostPort adds its own.
    #[test]
    fn port_tests_fit_the_service_type() {
        let mut spec = ClusterSpec::defaults_for(NetworkPlugin::AzureCni);
        let codes = |spec: &ClusterSpec| -> Vec<String> {
            let plan = Plan::build(spec).expect("valid");
            port_test_flows(&plan).iter().map(Flow::code).collect()
        };
        assert_eq!(codes(&spec), ["internet.lb0"]);
        spec.services[0].kind = aks_model::ServiceKind::NodePort;
        spec.deployments[0].host_port = Some(8443);
        assert_eq!(codes(&spec), ["vm.nodeport0on0", "vm.hostport0on0"]);
        spec.services[0].kind = aks_model::ServiceKind::ClusterIp;
        spec.deployments[0].replicas = 0;
        assert_eq!(codes(&spec), ["node0.svc0"]);
    }

    #[test]
    fn every_common_flow_reads_back_from_its_code() {
        for plugin in NetworkPlugin::ALL {
            let plan = Plan::build(&ClusterSpec::defaults_for(plugin)).expect("valid");
            for flow in common_flows(&plan) {
                assert_eq!(Flow::from_code(&plan, &flow.code()), Ok(flow.clone()));
            }
        }
    }

    #[test]
    fn a_flow_between_any_two_places_is_named_or_refused_with_a_reason() {
        let plan = Plan::build(&ClusterSpec::defaults_for(NetworkPlugin::Kubenet)).expect("valid");
        let flow = Flow::from_code(&plan, "node1.pod0").expect("a node reaches a pod");
        assert_eq!(flow.label, "aks-nodepool1-vmss000001 → pod web-0:8080");
        // The default Service is public: an on-premises client cannot use it.
        let refused = Flow::from_code(&plan, "onprem.lb0").expect_err("public frontend");
        assert!(refused.contains("internet"), "{refused}");
        for nonsense in [
            "",
            "pod0",
            "pod0.",
            "x.pod0",
            "pod0.lb",
            "pod0.nodeport0onx",
            "pod99.pod0",
        ] {
            assert!(Flow::from_code(&plan, nonsense).is_err(), "{nonsense}");
        }
    }
}
