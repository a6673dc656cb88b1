//! Packet flows: the one code grammar that names a flow's ends in links and
//! in the diagram's `data-pick` (`pod0`, `node1`, `lb0`, `nodeport0on1`, …),
//! the common flows of a plan with their names, and the Service's test
//! packets. Pure, tested natively.

use std::fmt;

use aks_model::limits::KUBELET_PORT;
use aks_model::path::{trace, Endpoint, Host, PathError, Target, Trace};
use aks_model::{
    DeploymentId, LoadBalancerScope, NodeId, OutboundType, Plan, Pod, PodId, ServiceId, ServiceKind,
};

/// A packet to follow: where it starts and where it goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Flow {
    pub from: Endpoint,
    pub to: Target,
}

/// A flow and the words the picker shows for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NamedFlow {
    pub flow: Flow,
    pub label: String,
}

/// Why a flow's code cannot be followed in a plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FlowError {
    /// The code names no flow (or nothing in this plan).
    Unknown(String),
    /// The model cannot trace it: it names nothing, or it cannot be.
    Path(PathError),
}

impl fmt::Display for FlowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Unknown(code) => write!(f, "\"{code}\" is not a flow in this cluster."),
            Self::Path(error) => error.fmt(f),
        }
    }
}

impl Flow {
    /// The flow's name in a link: source and destination, joined by a dot.
    pub fn code(&self) -> String {
        format!("{}.{}", endpoint_code(self.from), target_code(self.to))
    }

    /// Reads a flow's name in a link (see [`Flow::code`]) and traces it
    /// through `plan`, if it can be traced there.
    pub fn from_code(plan: &Plan, code: &str) -> Result<(Flow, Trace), FlowError> {
        let unknown = || FlowError::Unknown(code.to_string());
        let (from, to) = code.split_once('.').ok_or_else(unknown)?;
        let from = parse_endpoint(from).ok_or_else(unknown)?;
        let to = parse_target(plan, to).ok_or_else(unknown)?;
        Flow::between(plan, from, to)
    }

    /// The flow from `from` to `to`, traced through `plan`, if it can be
    /// traced there: whoever asks gets the trace made to check it.
    pub fn between(plan: &Plan, from: Endpoint, to: Target) -> Result<(Flow, Trace), FlowError> {
        let traced = trace(plan, from, to).map_err(FlowError::Path)?;
        Ok((Flow { from, to }, traced))
    }
}

/// The flows worth showing for `plan`, in teaching order, with their names.
/// A flow appears only when the plan has what it needs (two running pods on
/// different nodes, a load balancer of the right kind, …).
pub fn common_flows(plan: &Plan) -> Vec<NamedFlow> {
    let running: Vec<&Pod> = plan.running_pods().collect();
    let port_of = |pod: &Pod| plan.deployment_of(pod).map_or(0, |d| d.listen_port);
    let to_pod = |pod: &Pod| Target::Pod {
        pod: pod.id,
        port: port_of(pod),
    };
    let mut flows = Vec::new();
    let mut add = |label: String, from, to| {
        flows.push(NamedFlow {
            flow: Flow { from, to },
            label,
        });
    };

    if let Some(&first) = running.first() {
        let name = plan.pod_name(first);
        let node = first.running_on();
        if let Some(&other) = running.iter().find(|p| p.running_on() != node) {
            add(
                format!(
                    "Pod to pod on another node ({name} → {})",
                    plan.pod_name(other)
                ),
                Endpoint::Pod(first.id),
                to_pod(other),
            );
        }
        // Pools share one network: a pod reaches a pod of another pool as
        // it reaches one on another node of its own.
        let pool_of = |pod: &Pod| pod.running_on().map(|node| node.pool());
        if let Some(&other) = running.iter().find(|p| pool_of(p) != pool_of(first)) {
            let pool = |pod: &Pod| {
                pool_of(pod)
                    .and_then(|index| plan.pool(index))
                    .map_or(String::new(), |pool| pool.name.to_string())
            };
            add(
                format!(
                    "Pod to pod in another pool ({name} on {} → {} on {})",
                    pool(first),
                    plan.pod_name(other),
                    pool(other)
                ),
                Endpoint::Pod(first.id),
                to_pod(other),
            );
        }
        if let Some(&same) = running
            .iter()
            .find(|p| p.id != first.id && p.running_on() == node)
        {
            add(
                format!(
                    "Pod to pod on the same node ({name} → {})",
                    plan.pod_name(same)
                ),
                Endpoint::Pod(first.id),
                to_pod(same),
            );
        }
    }
    for service in &plan.services {
        let id = service.id;
        if let Some(first) = running.first() {
            add(
                format!("Pod to Service \"{}\" by name", service.name),
                Endpoint::Pod(first.id),
                Target::ServiceName { service: id },
            );
        }
        if let (Some(first), ServiceKind::LoadBalancer(_)) = (running.first(), &service.kind) {
            add(
                format!(
                    "{} to the load balancer frontend of \"{}\"",
                    plan.pod_name(first),
                    service.name
                ),
                Endpoint::Pod(first.id),
                Target::LoadBalancer { service: id },
            );
        }
        let internal = matches!(
            service.kind,
            ServiceKind::LoadBalancer(LoadBalancerScope::Internal { .. })
        );
        if internal && plan.outbound_type == OutboundType::UserDefinedRouting {
            add(
                format!(
                    "Internet client through the firewall's DNAT to the internal load balancer of \"{}\"",
                    service.name
                ),
                Endpoint::Internet,
                Target::LoadBalancer { service: id },
            );
        }
        match &service.kind {
            ServiceKind::LoadBalancer(LoadBalancerScope::Public) => add(
                format!(
                    "Internet client to the public load balancer of \"{}\"",
                    service.name
                ),
                Endpoint::Internet,
                Target::LoadBalancer { service: id },
            ),
            ServiceKind::LoadBalancer(LoadBalancerScope::Internal { .. }) => add(
                format!(
                    "On-premises client to the internal load balancer of \"{}\"",
                    service.name
                ),
                Endpoint::OnPremises,
                Target::LoadBalancer { service: id },
            ),
            _ => {}
        }
        if service.node_port.is_some() {
            add(
                format!("VM in the VNet to the nodePort of \"{}\"", service.name),
                Endpoint::VnetVm,
                Target::NodePort {
                    service: id,
                    node: NodeId::new(0),
                },
            );
        }
    }
    let with_host_port = running.iter().find_map(|&pod| {
        let deployment = plan.deployment_of(pod).filter(|d| d.host_port.is_some())?;
        Some((pod, deployment, pod.running_on()?))
    });
    if let Some((pod, deployment, node)) = with_host_port {
        add(
            format!(
                "VM in the VNet to the hostPort of \"{}\" on {}'s node",
                deployment.name,
                plan.pod_name(pod)
            ),
            Endpoint::VnetVm,
            Target::HostPort {
                deployment: pod.deployment,
                node,
            },
        );
    }
    if let Some(&first) = running.first() {
        let name = plan.pod_name(first);
        add(
            format!("VM in the VNet to {name}'s own IP"),
            Endpoint::VnetVm,
            to_pod(first),
        );
        for (to, what) in [
            (Target::VnetVm, "a VM in the same VNet"),
            (Target::PeeredVnetVm, "a VM in a peered VNet"),
            (Target::InternetServer, "a server on the internet"),
        ] {
            add(format!("{name} to {what}"), Endpoint::Pod(first.id), to);
        }
    }
    flows
}

/// The packets that test the first Service's ports end to end: one from the
/// client its type is for (the internet for a public load balancer,
/// on-premises for an internal one, a VM in the VNet for a NodePort, a pod
/// for a ClusterIP); for a load balancer, one from a pod by name as well
/// (a closed targetPort times out outside and is refused inside, aks-facts
/// §10); and, with a hostPort, one from a VM to the hostPort on the node of
/// the first running pod.
pub fn port_test_flows(plan: &Plan) -> Vec<(Flow, Trace)> {
    let first_running = plan.running_pods().next();
    let first_service = ServiceId::new(0);
    let mut ends = Vec::new();
    if let Some(service) = plan.service(first_service) {
        ends.push(match service.kind {
            ServiceKind::LoadBalancer(LoadBalancerScope::Public) => (
                Endpoint::Internet,
                Target::LoadBalancer {
                    service: first_service,
                },
            ),
            ServiceKind::LoadBalancer(LoadBalancerScope::Internal { .. }) => (
                Endpoint::OnPremises,
                Target::LoadBalancer {
                    service: first_service,
                },
            ),
            ServiceKind::NodePort => (
                Endpoint::VnetVm,
                Target::NodePort {
                    service: first_service,
                    node: NodeId::new(0),
                },
            ),
            ServiceKind::ClusterIp => (
                first_running.map_or(Endpoint::Node(NodeId::new(0)), |pod| Endpoint::Pod(pod.id)),
                Target::ClusterIp {
                    service: first_service,
                },
            ),
        });
    }
    let balanced = plan
        .service(first_service)
        .is_some_and(|s| matches!(s.kind, ServiceKind::LoadBalancer(_)));
    if let (true, Some(pod)) = (balanced, first_running) {
        ends.push((
            Endpoint::Pod(pod.id),
            Target::ServiceName {
                service: first_service,
            },
        ));
    }
    let first_deployment = DeploymentId::new(0);
    let host_port_node = plan
        .deployment(first_deployment)
        .and_then(|d| d.host_port)
        .and(first_running)
        .and_then(Pod::running_on);
    if let Some(node) = host_port_node {
        ends.push((
            Endpoint::VnetVm,
            Target::HostPort {
                deployment: first_deployment,
                node,
            },
        ));
    }
    ends.into_iter()
        .filter_map(|(from, to)| Flow::between(plan, from, to).ok())
        .collect()
}

/// The hosts outside the cluster: each box's code, as a packet's source
/// and as its destination (the internet's client sends, its server receives).
const OUTSIDE: [(&str, Endpoint, Target); 4] = [
    ("vm", Endpoint::VnetVm, Target::VnetVm),
    ("peered", Endpoint::PeeredVnetVm, Target::PeeredVnetVm),
    ("onprem", Endpoint::OnPremises, Target::OnPremises),
    ("internet", Endpoint::Internet, Target::InternetServer),
];

/// A source's short name in links and in the diagram's `data-pick`.
pub fn endpoint_code(from: Endpoint) -> String {
    match from {
        Endpoint::Pod(pod) => pod_code(pod),
        Endpoint::Node(node) => node_code(node),
        outside => outside_code(|(_, endpoint, _)| *endpoint == outside).into(),
    }
}

/// A destination's short name: the same names as [`endpoint_code`] for what
/// can be both, plus the Service addresses.
pub fn target_code(to: Target) -> String {
    match to {
        Target::Pod { pod, .. } => pod_code(pod),
        Target::Node { node, .. } => node_code(node),
        Target::ClusterIp { service } => format!("svc{service}"),
        Target::ServiceName { service } => format!("dns{service}"),
        Target::NodePort { service, node } => format!("nodeport{service}on{}", node_number(node)),
        Target::HostPort { deployment, node } => {
            format!("hostport{deployment}on{}", node_number(node))
        }
        Target::LoadBalancer { service } => format!("lb{service}"),
        outside => outside_code(|(_, _, target)| *target == outside).into(),
    }
}

/// The code of a pod, as a source or a destination.
pub fn pod_code(pod: PodId) -> String {
    format!("pod{pod}")
}

/// The code of a node, as a source or a destination.
pub fn node_code(node: NodeId) -> String {
    format!("node{}", node_number(node))
}

/// A node's number in codes: its instance, then `p` and its pool's index
/// outside the system pool (`node3`, `node0p1`: node 0 of the first user pool).
fn node_number(node: NodeId) -> String {
    match node.pool() {
        0 => node.instance().to_string(),
        pool => format!("{}p{pool}", node.instance()),
    }
}

/// Reads a [`node_number`].
fn parse_node_number(number: &str) -> Option<NodeId> {
    match number.split_once('p') {
        Some((instance, pool)) => Some(NodeId::in_pool(pool.parse().ok()?, instance.parse().ok()?)),
        None => Some(NodeId::new(number.parse().ok()?)),
    }
}

/// The code of an outside host's box.
pub fn host_code(host: Host) -> &'static str {
    let endpoint = match host {
        Host::VnetVm => Endpoint::VnetVm,
        Host::PeeredVnetVm => Endpoint::PeeredVnetVm,
        Host::OnPremises => Endpoint::OnPremises,
        Host::InternetClient | Host::InternetServer => Endpoint::Internet,
    };
    outside_code(|(_, outside, _)| *outside == endpoint)
}

/// The code of the outside host that `is` picks.
fn outside_code(is: impl Fn(&(&str, Endpoint, Target)) -> bool) -> &'static str {
    OUTSIDE
        .iter()
        .find(|host| is(host))
        .map_or("", |(code, ..)| code)
}

/// The outside host of this code, if it is one.
fn outside(code: &str) -> Option<(Endpoint, Target)> {
    OUTSIDE
        .iter()
        .find(|(name, ..)| *name == code)
        .map(|(_, endpoint, target)| (*endpoint, *target))
}

/// Reads a source's short name.
pub fn parse_endpoint(code: &str) -> Option<Endpoint> {
    if let Some((endpoint, _)) = outside(code) {
        Some(endpoint)
    } else if let Some(pod) = numbered(code, "pod") {
        Some(Endpoint::Pod(PodId::new(pod)))
    } else {
        Some(Endpoint::Node(parse_node_number(
            code.strip_prefix("node")?,
        )?))
    }
}

/// Reads a destination's short name; a pod is reached on the port its
/// container listens on, a node on the kubelet's.
pub fn parse_target(plan: &Plan, code: &str) -> Option<Target> {
    Some(if let Some((_, target)) = outside(code) {
        target
    } else if let Some(pod) = numbered(code, "pod").map(PodId::new) {
        // A pod the plan lacks is the model's to report, as for a source.
        let listen_port = plan.pod(pod).and_then(|pod| plan.deployment_of(pod));
        Target::Pod {
            pod,
            port: listen_port.map_or(0, |d| d.listen_port),
        }
    } else if let Some(node) = code.strip_prefix("node").and_then(parse_node_number) {
        Target::Node {
            node,
            port: KUBELET_PORT,
        }
    } else if let Some(service) = numbered(code, "svc") {
        Target::ClusterIp {
            service: ServiceId::new(service),
        }
    } else if let Some(service) = numbered(code, "dns") {
        Target::ServiceName {
            service: ServiceId::new(service),
        }
    } else if let Some(service) = numbered(code, "lb") {
        Target::LoadBalancer {
            service: ServiceId::new(service),
        }
    } else if let Some((deployment, node)) = numbered_on(code, "hostport") {
        Target::HostPort {
            deployment: DeploymentId::new(deployment),
            node,
        }
    } else {
        let (service, node) = numbered_on(code, "nodeport")?;
        Target::NodePort {
            service: ServiceId::new(service),
            node,
        }
    })
}

/// `code` as `prefix` and a number.
fn numbered(code: &str, prefix: &str) -> Option<u32> {
    code.strip_prefix(prefix)?.parse().ok()
}

/// `code` as `prefix`, a number, `on` and a node's number.
fn numbered_on(code: &str, prefix: &str) -> Option<(u32, NodeId)> {
    let (first, second) = code.strip_prefix(prefix)?.split_once("on")?;
    Some((first.parse().ok()?, parse_node_number(second)?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use aks_model::{ClusterSpec, NetworkPlugin};

    fn kubenet() -> Plan {
        Plan::build(&ClusterSpec::defaults_for(NetworkPlugin::Kubenet)).expect("valid")
    }

    #[test]
    fn the_default_cluster_offers_every_kind_of_flow_and_each_traces() {
        let plan = kubenet();
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
        for named in &flows {
            let Flow { from, to } = named.flow;
            assert!(trace(&plan, from, to).is_ok(), "{}", named.label);
        }
    }

    #[test]
    fn a_cluster_without_running_pods_offers_only_what_needs_none() {
        let mut spec = ClusterSpec::defaults_for(NetworkPlugin::Kubenet);
        spec.deployments[0].replicas = 0;
        let plan = Plan::build(&spec).expect("valid");
        let flows = common_flows(&plan);
        assert!(flows
            .iter()
            .all(|f| !matches!(f.flow.from, Endpoint::Pod(_))));
        assert!(!flows.is_empty());
    }

    /// The test packet follows the Service's type, and a hostPort adds its own.
    #[test]
    fn port_tests_fit_the_service_type() {
        let mut spec = ClusterSpec::defaults_for(NetworkPlugin::AzureCni);
        let codes = |spec: &ClusterSpec| -> Vec<String> {
            let plan = Plan::build(spec).expect("valid");
            port_test_flows(&plan)
                .iter()
                .map(|(flow, _)| flow.code())
                .collect()
        };
        assert_eq!(codes(&spec), ["internet.lb0", "pod0.dns0"]);
        spec.services[0].kind = ServiceKind::NodePort;
        spec.deployments[0].host_port = Some(8443);
        assert_eq!(codes(&spec), ["vm.nodeport0on0", "vm.hostport0on0"]);
        spec.services[0].kind = ServiceKind::ClusterIp;
        spec.deployments[0].replicas = 0;
        assert_eq!(codes(&spec), ["node0.svc0"]);
    }

    #[test]
    fn every_common_flow_reads_back_from_its_code() {
        for plugin in NetworkPlugin::ALL {
            let mut pooled = ClusterSpec::defaults_for(plugin);
            pooled.deployments[0].replicas = 4;
            pooled.user_pools = vec![
                aks_model::NodePoolSpec::new("apps", 1, plugin),
                aks_model::NodePoolSpec::new("batch", 1, plugin),
            ];
            for spec in [ClusterSpec::defaults_for(plugin), pooled] {
                let plan = Plan::build(&spec).expect("valid");
                for named in common_flows(&plan) {
                    assert_eq!(
                        Flow::from_code(&plan, &named.flow.code()).map(|(flow, _)| flow),
                        Ok(named.flow)
                    );
                }
            }
        }
    }

    /// With user pools, a pod reaches a pod of another pool, and a pool's
    /// node is written with its pool (`node0p1`) and read back.
    #[test]
    fn pods_reach_pods_of_another_pool() {
        let mut spec = ClusterSpec::defaults_for(NetworkPlugin::AzureCniOverlay);
        spec.user_pools = vec![
            aks_model::NodePoolSpec::new("apps", 1, spec.plugin),
            aks_model::NodePoolSpec::new("batch", 1, spec.plugin),
        ];
        let plan = Plan::build(&spec).expect("valid");
        let flows = common_flows(&plan);
        let across = flows
            .iter()
            .find(|named| named.label.starts_with("Pod to pod in another pool"))
            .expect("offered");
        assert_eq!(
            across.label,
            "Pod to pod in another pool (web-0 on apps → web-1 on batch)"
        );
        assert!(Flow::between(&plan, across.flow.from, across.flow.to).is_ok());
        let node = NodeId::in_pool(2, 0);
        assert_eq!(node_code(node), "node0p2");
        assert_eq!(parse_endpoint("node0p2"), Some(Endpoint::Node(node)));
        assert_eq!(
            parse_target(&plan, "nodeport0on0p1"),
            Some(Target::NodePort {
                service: ServiceId::new(0),
                node: NodeId::in_pool(1, 0)
            })
        );
    }

    /// Every source and destination reads back from its code.
    #[test]
    fn every_end_reads_back_from_its_code() {
        let plan = kubenet();
        for named in common_flows(&plan) {
            let Flow { from, to } = named.flow;
            assert_eq!(parse_endpoint(&endpoint_code(from)), Some(from));
            assert_eq!(parse_target(&plan, &target_code(to)), Some(to));
        }
        for host in [
            Host::VnetVm,
            Host::PeeredVnetVm,
            Host::OnPremises,
            Host::InternetClient,
        ] {
            assert!(parse_endpoint(host_code(host)).is_some(), "{host:?}");
        }
        assert_eq!(host_code(Host::InternetServer), "internet");
    }

    #[test]
    fn a_flow_that_cannot_be_followed_says_why() {
        let plan = kubenet();
        assert!(Flow::from_code(&plan, "node1.pod0").is_ok());
        // Any client can use a public frontend (aks-facts §10), but nothing
        // outside the cluster resolves a cluster.local name.
        assert!(Flow::from_code(&plan, "onprem.lb0").is_ok());
        let refused = Flow::from_code(&plan, "vm.dns0").expect_err("no cluster DNS outside");
        assert!(refused.to_string().contains("cluster.local"), "{refused}");
        for code in ["pod99.pod0", "pod0.pod99"] {
            assert_eq!(
                Flow::from_code(&plan, code),
                Err(FlowError::Path(PathError::NoSuchPod(PodId::new(99)))),
                "{code}"
            );
        }
        for nonsense in [
            "",
            "pod0",
            "pod0.",
            "x.pod0",
            "pod0.lb",
            "pod0.nodeport0onx",
            "pod0.hostport0on",
        ] {
            assert_eq!(
                Flow::from_code(&plan, nonsense),
                Err(FlowError::Unknown(nonsense.into())),
                "{nonsense}"
            );
        }
    }
}
