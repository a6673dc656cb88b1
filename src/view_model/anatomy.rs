//! The Service anatomy's words: the first Service from the container image
//! to the load balancer, each layer and each mapping, its two addresses,
//! and its test packets with their verdicts.

use aks_model::limits::{NODE_PORT_RANGE, NODE_PORT_STATIC_BAND};
use aks_model::{
    BrokenMapping, ClusterSpec, DeploymentId, LoadBalancerScope, Plan, ServiceId, ServiceKind,
    ServicePlan, TrafficPolicy,
};

use super::packet::{flow_label, VerdictView};
use crate::flows::port_test_flows;
use crate::service_choice::ServiceChoice;

/// How many pods the anatomy lists by name; the rest are counted.
const PODS_LISTED: usize = 4;

/// A test packet through the Service's ports, with its verdict.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PortTest {
    pub code: String,
    pub label: String,
    pub verdict: VerdictView,
}

/// The load balancer's mapping and layer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadBalancerView {
    pub rule: String,
    pub title: String,
    pub frontend: String,
}

/// A mapping between two layers that no packet gets through, named by its
/// arrow, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BrokenLink {
    pub arrow: &'static str,
    pub why: String,
}

/// The arrows of the anatomy, by name (a broken link names one).
pub const HOST_PORT_ARROW: &str = "hostPort";
pub const SELECTOR_ARROW: &str = "selector, kube-proxy";

/// The first Service taken apart, in words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnatomyView {
    /// What is in your subnet, counted.
    pub yours: String,
    pub image: String,
    pub host_port: String,
    pub pods_title: String,
    pub pods: Vec<String>,
    pub replica_set: String,
    pub selector: String,
    pub service_title: String,
    pub cluster_ip: String,
    /// Whether the Service has a nodePort field (NodePort and LoadBalancer).
    pub has_node_port: bool,
    /// The nodePort Kubernetes picked, when none is set.
    pub picked_node_port: Option<String>,
    pub load_balancer: Option<LoadBalancerView>,
    /// The Service's two addresses side by side: who can reach each, and why.
    pub cluster_ip_reach: String,
    pub frontend_reach: String,
    pub tests: Vec<PortTest>,
    /// The first mapping the ports break, if any.
    pub broken: Option<BrokenLink>,
}

impl AnatomyView {
    /// The anatomy of `plan`'s first Service and deployment, as `spec` asks
    /// for them; `None` when the cluster has none.
    pub fn of(plan: &Plan, spec: &ClusterSpec) -> Option<Self> {
        let deployment = plan.deployment(DeploymentId::new(0))?;
        let service = plan.service(ServiceId::new(0))?;
        // Only the first few pods are named: a large cluster runs thousands.
        let running = plan.running_pods().count();
        let mut pods: Vec<String> = plan
            .running_pods()
            .take(PODS_LISTED)
            .map(|pod| {
                let node = pod
                    .running_on()
                    .and_then(|node| plan.node(node))
                    .map(|n| n.name())
                    .unwrap_or_default();
                let ip = pod.ip.map(|ip| ip.to_string()).unwrap_or_default();
                format!("{} {ip} on {node}", plan.pod_name(pod))
            })
            .collect();
        if running > PODS_LISTED {
            pods.push(format!("+{} more", running - PODS_LISTED));
        }
        let pending = plan.pods.len() - running;
        let node_port = service.node_port;
        let cluster_ip = service
            .cluster_ip
            .map_or("none free".into(), |ip| ip.to_string());
        let selector = spec.services.first().map_or("", |s| s.selector.as_str());
        let auto_node_port = spec.services.first().is_some_and(|s| s.node_port.is_none());
        let dns = plan
            .dns_service_ip()
            .map(|ip| ip.to_string())
            .unwrap_or_default();
        Some(Self {
            yours: format!(
                "{} worker node VMs in your node subnet, each with kubelet and kube-proxy, running your {} pods and CoreDNS. Your address plan must hold them{}.",
                plan.nodes.len(),
                plan.pods.len(),
                plan.autoscaler().map_or(String::new(), |range| format!(
                    ", and the {} the cluster autoscaler may grow to",
                    range.max
                ))
            ),
            image: format!(
                "The app in the image binds 0.0.0.0:{}: the only port that answers.",
                deployment.listen_port
            ),
            host_port: match (deployment.host_port, &deployment.container_port) {
                (Some(host), Some(container)) => format!(
                    "node IP:{host} → pod IP:{} by the CNI portmap rule on the pod's node; a node binds it once, so one such pod per node.",
                    container.number
                ),
                _ => "none: pods are reached on their own IP, or through the Service.".into(),
            },
            pods_title: format!("Pods ({running} Running, {pending} Pending)"),
            pods,
            replica_set: format!(
                "Keeps {} replicas of \"{}\" alive, labelled app={}. It has no address and moves no packet.",
                deployment.replicas, deployment.name, deployment.name
            ),
            selector: format!(
                "kube-proxy on every node sends {cluster_ip}:{}{} to one of the {} endpoint(s) on its targetPort {}: the Running pods that the selector app={selector} picks and whose container has that port.",
                service.port,
                node_port.map(|port| format!(" and node IP:{port}")).unwrap_or_default(),
                service.endpoints.len(),
                service.target_text()
            ),
            service_title: format!(
                "Service \"{}\" · {}",
                service.name,
                ServiceChoice::of(&service.kind).label()
            ),
            cluster_ip: format!(
                "ClusterIP {cluster_ip}, virtual: it exists only as kube-proxy rules on every node."
            ),
            has_node_port: service.kind.has_node_port(),
            picked_node_port: node_port.filter(|_| auto_node_port).map(|port| {
                let (first, last) = (*NODE_PORT_RANGE.start(), *NODE_PORT_RANGE.end());
                format!(
                    "Kubernetes picked nodePort {port} from {first}–{last}, above the {first}–{} it keeps for Services that ask for a port.",
                    first + NODE_PORT_STATIC_BAND - 1
                )
            }),
            load_balancer: load_balancer(plan, service),
            cluster_ip_reach: format!(
                "{cluster_ip}: virtual. No NIC holds it, so with kube-proxy's default iptables rules it answers no ping: only TCP/UDP to its ports, rewritten on each node, and only from inside the cluster. CoreDNS at {dns} turns {}.default.svc.cluster.local into it.",
                service.name
            ),
            frontend_reach: match (&service.kind, service.frontend) {
                (ServiceKind::LoadBalancer(LoadBalancerScope::Public), Some(ip)) => format!(
                    "{ip}: a real public address on an Azure load balancer, reachable from the internet."
                ),
                (ServiceKind::LoadBalancer(_), Some(ip)) => format!(
                    "{ip}: a real address in your VNet, reachable from the VNet, peered VNets and on-premises — never from the internet."
                ),
                _ => "None: only a LoadBalancer Service gets one.".into(),
            },
            tests: port_test_flows(plan)
                .into_iter()
                .map(|(flow, traced)| PortTest {
                    code: flow.code(),
                    label: flow_label(plan, &flow),
                    verdict: VerdictView::of(&traced.verdict),
                })
                .collect(),
            broken: broken_link(plan),
        })
    }
}

/// The first mapping the model finds broken on the first Service or the
/// first deployment's hostPort (the ones the anatomy shows), at its arrow.
fn broken_link(plan: &Plan) -> Option<BrokenLink> {
    plan.broken_mappings().into_iter().find_map(|mapping| {
        let arrow = match mapping {
            BrokenMapping::UnnamedTargetPort { service, .. }
            | BrokenMapping::TargetPortNotListening { service, .. } => {
                (service == ServiceId::new(0)).then_some(SELECTOR_ARROW)?
            }
            BrokenMapping::HostPortNotListening { deployment, .. } => {
                (deployment == DeploymentId::new(0)).then_some(HOST_PORT_ARROW)?
            }
        };
        Some(BrokenLink {
            arrow,
            why: mapping.to_string(),
        })
    })
}

fn load_balancer(plan: &Plan, service: &ServicePlan) -> Option<LoadBalancerView> {
    let ServiceKind::LoadBalancer(scope) = &service.kind else {
        return None;
    };
    let port = service.port;
    let (kind, place) = match scope {
        LoadBalancerScope::Public => ("public", "a public IP".to_string()),
        LoadBalancerScope::Internal { subnet } => (
            "internal",
            match subnet {
                Some(name) => format!("subnet {name}"),
                None => "the node subnet".to_string(),
            },
        ),
    };
    let probe = match service.external_traffic_policy {
        TrafficPolicy::Cluster => format!(
            "TCP on nodePort {}",
            service
                .node_port
                .map_or("?".to_string(), |port| port.to_string())
        ),
        TrafficPolicy::Local => "HTTP /healthz on the healthCheckNodePort".to_string(),
    };
    Some(LoadBalancerView {
        rule: format!(
            "Rule: frontend:{port} → each of the {} nodes on port {port}, floating IP on (the destination stays the frontend); health probe {probe}.",
            plan.ready_nodes().count()
        ),
        title: format!("Load balancer ({kind})"),
        frontend: format!(
            "Frontend {}:{port}, from {place}.",
            service
                .frontend
                .map_or_else(|| "<pending>".into(), |ip| ip.to_string())
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use aks_model::NetworkPlugin;

    /// aks-facts §4.2: targetPort 85 reaches nothing when the container
    /// listens on 80; the test packet says so, and the nodePort Kubernetes
    /// picked is said to come from 30000–32767 (§4.1), above the static band
    /// (§10).
    #[test]
    fn the_anatomy_tells_the_ports_story() {
        let mut spec = ClusterSpec::defaults_for(NetworkPlugin::AzureCni);
        spec.deployments[0].listen_port = 80;
        spec.services[0].target_port = 85.into();
        let plan = Plan::build(&spec).expect("valid");
        let view = AnatomyView::of(&plan, &spec).expect("a Service");
        assert_eq!(view.pods_title, "Pods (3 Running, 0 Pending)");
        assert!(view.image.contains("0.0.0.0:80"));
        // Outside, the load balancer's probe fails on every node and the
        // client times out; inside, the ClusterIP refuses at once (§10).
        let [outside, inside] = view.tests.as_slice() else {
            panic!("{:?}", view.tests)
        };
        assert_eq!(outside.code, "internet.lb0");
        assert!(outside.verdict.text.contains("times out"), "{outside:?}");
        assert_eq!(inside.code, "pod0.dns0");
        assert!(inside.verdict.text.starts_with("Refused."), "{inside:?}");
        let broken = view.broken.as_ref().expect("a broken link");
        assert_eq!(broken.arrow, SELECTOR_ARROW);
        assert!(broken
            .why
            .starts_with("targetPort 85 reaches the pods, but the container listens on 80"));
        let picked = view.picked_node_port.expect("picked");
        assert!(
            picked.ends_with("from 30000–32767, above the 30000–30085 it keeps for Services that ask for a port."),
            "{picked}"
        );
        let lb = view.load_balancer.expect("a load balancer");
        assert_eq!(lb.title, "Load balancer (public)");
        assert!(view.frontend_reach.contains("reachable from the internet"));
        // Set right, no link is broken.
        spec.services[0].target_port = 80.into();
        let plan = Plan::build(&spec).expect("valid");
        assert_eq!(
            AnatomyView::of(&plan, &spec).expect("a Service").broken,
            None
        );
    }

    #[test]
    fn a_cluster_without_a_service_has_no_anatomy() {
        let mut spec = ClusterSpec::default();
        spec.services.clear();
        let plan = Plan::build(&spec).expect("valid");
        assert_eq!(AnatomyView::of(&plan, &spec), None);
    }
}
