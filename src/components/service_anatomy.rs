use aks_model::claims::CLAIMS;
use aks_model::path::{trace, Verdict};
use aks_model::{LoadBalancerScope, Plan, PodState, ServiceKind, TrafficPolicy};
use yew::prelude::*;

use crate::components::{verdict_view, TextField};
use crate::fields::TextInput;
use crate::flows::{port_test_flows, Flow};
use crate::service_choice::ServiceChoice;
use crate::shared::Shared;
use crate::state::{Action, Lab};

#[derive(Properties, PartialEq)]
pub struct ServiceAnatomyProps {
    pub lab: Shared<Lab>,
    pub on_action: Callback<Action>,
}

/// How many pods the anatomy lists by name; the rest are counted.
const PODS_LISTED: usize = 4;

/// The first Service from the container image to the load balancer: each
/// layer with its ports and addresses (the ports editable), each arrow with
/// the mapping and what implements it, test packets that show at once what
/// works, the Service's two addresses, the cluster's two halves, and what
/// the source posts said.
#[component]
pub fn ServiceAnatomy(props: &ServiceAnatomyProps) -> Html {
    let lab = &props.lab;
    let plan = &lab.plan;
    // Traced once per plan, not at every hop of a playing packet.
    let tests = use_memo(plan.clone(), |plan| {
        port_test_flows(plan)
            .into_iter()
            .filter_map(|flow| Some((flow.clone(), trace(plan, flow.from, flow.to).ok()?.verdict)))
            .collect::<Vec<_>>()
    });
    let spec = &lab.spec;
    let (Some(deployment), Some(service)) = (plan.deployments.first(), plan.services.first())
    else {
        return html! { <p>{ "This cluster has no Service to take apart." }</p> };
    };
    let field = |input: TextInput, placeholder: Option<&'static str>| {
        html! {
            <TextField id={input.id()} label={input.label()} text={lab.drafts[input as usize].clone()}
                placeholder={placeholder.map(AttrValue::from)}
                on_edit={props.on_action.reform(move |text| Action::EditText(input, text))} />
        }
    };
    let problem = |input: TextInput| {
        lab.problem_for(&input.field(spec)).map(
            |message| html! { <p class="field-error" role="alert">{ message.to_string() }</p> },
        )
    };
    let running: Vec<usize> = (0..plan.pods.len())
        .filter(|&pod| plan.pods[pod].state == PodState::Running)
        .collect();
    let pending = plan.pods.len() - running.len();
    let node_port = service.node_port.map(|port| port.to_string());
    let auto_node_port = spec.services.first().is_some_and(|s| s.node_port.is_none());
    let cluster_ip = service
        .cluster_ip
        .map_or("none free".into(), |ip| ip.to_string());
    let selector = spec.services.first().map_or("", |s| s.selector.as_str());
    let container = deployment.container_port.as_ref();
    let host_port = deployment.host_port;
    html! {
        <div class="anatomy">
            <div class="anatomy__halves">
                <div class="anatomy__half anatomy__half--managed">
                    <h3>{ "AKS runs this for you" }</h3>
                    <p>{ "The control plane: API server, scheduler, controller manager, etcd. Azure runs it outside your VNet (unless you opt into API Server VNet Integration), so it takes none of your subnet's addresses." }</p>
                </div>
                <div class="anatomy__half">
                    <h3>{ "This is yours" }</h3>
                    <p>{ format!("{} worker node VMs in your node subnet, each with kubelet and kube-proxy, running your {} pods and CoreDNS. Your address plan must hold them.", plan.nodes.len(), plan.pods.len()) }</p>
                </div>
            </div>
            <ol class="anatomy__layers">
                { layer("Image", html! {
                    <>
                        <p>{ format!("The app in the image binds 0.0.0.0:{}: the only port that answers.", deployment.listen_port) }</p>
                        { field(TextInput::ListenPort, None) }
                    </>
                }) }
                { arrow("no mapping", "The container shares the pod's network namespace: pod IP:port is the process's port. Nothing remaps it.") }
                { layer("Container", html! {
                    <>
                        <div class="anatomy__fields">
                            { field(TextInput::ContainerPort, Some("none declared")) }
                            { field(TextInput::PortName, Some("unnamed")) }
                            { field(TextInput::HostPort, Some("none")) }
                        </div>
                        <p class="anatomy__note">{ "containerPort is informational: leaving it out does not close the port. It matters when a targetPort names it, and for a hostPort." }</p>
                        { problem(TextInput::ContainerPort).unwrap_or_default() }
                    </>
                }) }
                { arrow("hostPort", &match (host_port, container) {
                    (Some(host), Some(container)) => format!("node IP:{host} → pod IP:{} by the CNI portmap rule on the pod's node; a node binds it once, so one such pod per node.", container.number),
                    _ => "none: pods are reached on their own IP, or through the Service.".to_string(),
                }) }
                { layer(&format!("Pods ({} Running, {pending} Pending)", running.len()), html! {
                    <ul class="anatomy__pods">
                        { for running.iter().take(PODS_LISTED).map(|&pod| {
                            let p = &plan.pods[pod];
                            let node = p.placement.and_then(|at| plan.nodes.get(at.node as usize)).map(|n| n.name()).unwrap_or_default();
                            html! { <li>{ format!("{} {} on {node}", plan.pod_name(p), p.ip.map(|ip| ip.to_string()).unwrap_or_default()) }</li> }
                        }) }
                        if running.len() > PODS_LISTED {
                            <li>{ format!("+{} more", running.len() - PODS_LISTED) }</li>
                        }
                    </ul>
                }) }
                { layer("ReplicaSet", html! {
                    <p>{ format!("Keeps {} replicas of \"{}\" alive, labelled app={}. It has no address and moves no packet.", deployment.replicas, deployment.name, deployment.name) }</p>
                }) }
                { arrow("selector, kube-proxy", &format!(
                    "kube-proxy on every node sends {cluster_ip}:{}{} to one of the {} endpoint(s) on its targetPort {}: the Running pods that the selector app={selector} picks and whose container has that port.",
                    service.port,
                    node_port.as_ref().map(|port| format!(" and node IP:{port}")).unwrap_or_default(),
                    service.endpoints.len(),
                    service.target_text()
                )) }
                { layer(&format!("Service \"{}\" · {}", service.name, ServiceChoice::of(&service.kind).label()), html! {
                    <>
                        <p>{ format!("ClusterIP {cluster_ip}, virtual: it exists only as kube-proxy rules on every node.") }</p>
                        <div class="anatomy__fields">
                            { field(TextInput::ServicePort, None) }
                            { field(TextInput::TargetPort, None) }
                            if service.kind.has_node_port() {
                                { field(TextInput::NodePort, if auto_node_port { Some("automatic") } else { None }) }
                            }
                        </div>
                        if let (true, Some(port)) = (auto_node_port, &node_port) {
                            <p class="anatomy__note">{ format!("Kubernetes picked nodePort {port} from 30000–32767.") }</p>
                        }
                        { problem(TextInput::ServicePort).unwrap_or_default() }
                    </>
                }) }
                if let ServiceKind::LoadBalancer(scope) = &service.kind {
                    { load_balancer(plan, scope, service.frontend.map(|ip| ip.to_string()), service.port, node_port.as_deref(), service.external_traffic_policy) }
                }
            </ol>
            { two_addresses(plan, &cluster_ip) }
            { port_tests(&tests, &props.on_action) }
            // The source posts' preset opens the claims it is about.
            <details class="claims" id="claims" open={lab.preset.is_some_and(|preset| preset.name == "advanced")}>
                <summary>{ "What the source posts said, and what actually happens" }</summary>
                <ol>
                    { for CLAIMS.iter().map(|claim| html! {
                        <li class="claim">
                            <p class="claim__said"><span class="claim__standing">{ claim.standing.label() }</span>{ format!(" “{}”", claim.said) }</p>
                            <p>{ claim.actually }</p>
                            <p class="claim__sources">{ format!("Sources: {}", claim.sources) }</p>
                        </li>
                    }) }
                </ol>
            </details>
        </div>
    }
}

fn layer(title: &str, body: Html) -> Html {
    html! {
        <li class="anatomy__layer">
            <h3 class="anatomy__title">{ title.to_string() }</h3>
            { body }
        </li>
    }
}

/// The mapping between two layers, named, and what implements it. The arrow
/// points the way a packet goes: in from the load balancer, up to the image.
fn arrow(name: &'static str, how: &str) -> Html {
    html! {
        <li class="anatomy__arrow" aria-label={format!("{name}: {how}")}>
            <span class="anatomy__arrow-name" aria-hidden="true">{ format!("↑ {name}") }</span>
            <span aria-hidden="true">{ how.to_string() }</span>
        </li>
    }
}

fn load_balancer(
    plan: &Plan,
    scope: &LoadBalancerScope,
    frontend: Option<String>,
    port: u16,
    node_port: Option<&str>,
    policy: TrafficPolicy,
) -> Html {
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
    let probe = match policy {
        TrafficPolicy::Cluster => format!("TCP on nodePort {}", node_port.unwrap_or("?")),
        TrafficPolicy::Local => "HTTP /healthz on the healthCheckNodePort".to_string(),
    };
    html! {
        <>
            { arrow("Azure load balancer", &format!("Rule: frontend:{port} → each of the {} nodes on port {port}, floating IP on (the destination stays the frontend); health probe {probe}.", plan.ready_nodes().count())) }
            { layer(&format!("Load balancer ({kind})"), html! {
                <p>{ format!("Frontend {}:{port}, from {place}.", frontend.unwrap_or_else(|| "<pending>".into())) }</p>
            }) }
        </>
    }
}

/// The Service's two addresses side by side: who can reach each, and why.
fn two_addresses(plan: &Plan, cluster_ip: &str) -> Html {
    let service = &plan.services[0];
    let dns = plan
        .dns_service_ip()
        .map(|ip| ip.to_string())
        .unwrap_or_default();
    let frontend = match (&service.kind, service.frontend) {
        (ServiceKind::LoadBalancer(LoadBalancerScope::Public), Some(ip)) => format!(
            "{ip}: a real public address on an Azure load balancer, reachable from the internet."
        ),
        (ServiceKind::LoadBalancer(_), Some(ip)) => format!(
            "{ip}: a real address in your VNet, reachable from the VNet, peered VNets and on-premises — never from the internet."
        ),
        _ => "None: only a LoadBalancer Service gets one.".to_string(),
    };
    html! {
        <div class="anatomy__addresses">
            <div>
                <h3>{ "ClusterIP" }</h3>
                <p>{ format!("{cluster_ip}: virtual. No NIC holds it, so with kube-proxy's default iptables rules it answers no ping: only TCP/UDP to its ports, rewritten on each node, and only from inside the cluster. CoreDNS at {dns} turns {}.default.svc.cluster.local into it.", service.name) }</p>
            </div>
            <div>
                <h3>{ "Load balancer frontend" }</h3>
                <p>{ frontend }</p>
            </div>
        </div>
    }
}

/// Test packets through the Service's ports, with their verdicts (traced
/// once per plan by the anatomy).
fn port_tests(tests: &[(Flow, Verdict)], on_action: &Callback<Action>) -> Html {
    html! {
        <div class="anatomy__tests" aria-live="polite">
            <h3>{ "Test packets" }</h3>
            { for tests.iter().map(|(flow, verdict)| {
                let code = flow.code();
                html! {
                    <div class="anatomy__test">
                        { verdict_view(verdict, "port-test", Some(format!("{}: ", flow.label))) }
                        <button type="button" onclick={on_action.reform(move |_| Action::FollowFlow(code.clone()))}>
                            { "Follow it hop by hop" }
                        </button>
                    </div>
                }
            }) }
        </div>
    }
}
