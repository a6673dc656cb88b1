use aks_model::claims::CLAIMS;
use yew::prelude::*;

use crate::components::{text_field, verdict_view};
use crate::fields::TextInput;
use crate::shared::Shared;
use crate::state::Action;
use crate::view_model::anatomy::{AnatomyView, PortTest, HOST_PORT_ARROW, SELECTOR_ARROW};
use crate::view_model::controls::ControlsView;

#[derive(Properties, PartialEq)]
pub struct ServiceAnatomyProps {
    pub anatomy: Shared<Option<AnatomyView>>,
    /// The port fields, as the controls hold them.
    pub controls: Shared<ControlsView>,
    /// Whether the source posts' claims are open (their preset opens them).
    pub claims_open: bool,
    pub on_action: Callback<Action>,
}

/// The first Service from the container image to the load balancer: each
/// layer with its ports and addresses (the ports editable), each arrow with
/// the mapping and what implements it, test packets that show at once what
/// works, the Service's two addresses, the cluster's two halves, and what
/// the source posts said.
#[component]
pub fn ServiceAnatomy(props: &ServiceAnatomyProps) -> Html {
    let Some(anatomy) = props.anatomy.as_ref() else {
        return html! { <p>{ "This cluster has no Service to take apart." }</p> };
    };
    let controls = &props.controls;
    let field = |input: TextInput, placeholder: Option<&'static str>| {
        controls
            .text(input)
            .map(|view| text_field(view, placeholder, false, &props.on_action))
            .unwrap_or_default()
    };
    let problem = |inputs: &[TextInput]| {
        let message = inputs
            .iter()
            .find_map(|&input| controls.text(input)?.problem.clone());
        message.map(|message| html! { <p class="field-error" role="alert">{ message }</p> })
    };
    let broken = |name: &str| {
        anatomy
            .broken
            .as_ref()
            .filter(|link| link.arrow == name)
            .map(|link| link.why.as_str())
    };
    html! {
        <div class="anatomy">
            <div class="anatomy__halves">
                <div class="anatomy__half anatomy__half--managed">
                    <h3>{ "AKS runs this for you" }</h3>
                    <p>{ "The control plane: API server, scheduler, controller manager, etcd. Azure runs it outside your VNet, and a public cluster's API server takes none of your addresses. \
                         A private cluster's API endpoint takes one address in the first node pool's subnet (a private endpoint), and API Server VNet Integration puts it in a delegated subnet of its own, /28 or larger (aks-facts §10)." }</p>
                </div>
                <div class="anatomy__half">
                    <h3>{ "This is yours" }</h3>
                    <p>{ anatomy.yours.clone() }</p>
                </div>
            </div>
            <ol class="anatomy__layers">
                { layer("Image", html! {
                    <>
                        <p>{ anatomy.image.clone() }</p>
                        { field(TextInput::ListenPort, None) }
                    </>
                }) }
                { arrow("no mapping", "The container shares the pod's network namespace: pod IP:port is the process's port. Nothing remaps it.", None) }
                { layer("Container", html! {
                    <>
                        <div class="anatomy__fields">
                            { field(TextInput::ContainerPort, Some("none declared")) }
                            { field(TextInput::PortName, Some("unnamed")) }
                            { field(TextInput::HostPort, Some("none")) }
                        </div>
                        <p class="anatomy__note">{ "containerPort is informational: leaving it out does not close the port. It matters when a targetPort names it, and for a hostPort." }</p>
                        { problem(&[TextInput::ListenPort, TextInput::ContainerPort, TextInput::PortName, TextInput::HostPort]).unwrap_or_default() }
                    </>
                }) }
                { arrow(HOST_PORT_ARROW, &anatomy.host_port, broken(HOST_PORT_ARROW)) }
                { layer(&anatomy.pods_title, html! {
                    <ul class="anatomy__pods">
                        { for anatomy.pods.iter().map(|pod| html! { <li>{ pod.clone() }</li> }) }
                    </ul>
                }) }
                { layer("ReplicaSet", html! { <p>{ anatomy.replica_set.clone() }</p> }) }
                { arrow(SELECTOR_ARROW, &anatomy.selector, broken(SELECTOR_ARROW)) }
                { layer(&anatomy.service_title, html! {
                    <>
                        <p>{ anatomy.cluster_ip.clone() }</p>
                        <div class="anatomy__fields">
                            { field(TextInput::ServicePort, None) }
                            { field(TextInput::TargetPort, None) }
                            if anatomy.has_node_port {
                                { field(TextInput::NodePort, anatomy.picked_node_port.is_some().then_some("automatic")) }
                            }
                        </div>
                        if let Some(picked) = &anatomy.picked_node_port {
                            <p class="anatomy__note">{ picked.clone() }</p>
                        }
                        { problem(&[TextInput::ServicePort, TextInput::TargetPort, TextInput::NodePort]).unwrap_or_default() }
                    </>
                }) }
                if let Some(load_balancer) = &anatomy.load_balancer {
                    { arrow("Azure load balancer", &load_balancer.rule, None) }
                    { layer(&load_balancer.title, html! { <p>{ load_balancer.frontend.clone() }</p> }) }
                }
            </ol>
            <div class="anatomy__addresses">
                <div>
                    <h3>{ "ClusterIP" }</h3>
                    <p>{ anatomy.cluster_ip_reach.clone() }</p>
                </div>
                <div>
                    <h3>{ "Load balancer frontend" }</h3>
                    <p>{ anatomy.frontend_reach.clone() }</p>
                </div>
            </div>
            { port_tests(&anatomy.tests, &props.on_action) }
            // The source posts' preset opens the claims it is about.
            <details class="claims" id="claims" open={props.claims_open}>
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
/// A broken mapping is crossed out, with why.
fn arrow(name: &'static str, how: &str, broken: Option<&str>) -> Html {
    let glyph = if broken.is_some() { "✕ " } else { "↑ " };
    html! {
        <li class={classes!("anatomy__arrow", broken.is_some().then_some("anatomy__arrow--broken"))}
            data-testid={broken.is_some().then_some("broken-link")}>
            <span class="anatomy__arrow-name"><span aria-hidden="true">{ glyph }</span>{ name }</span>
            if let Some(why) = broken {
                <strong class="anatomy__broken">{ format!("Broken: {why}") }</strong>
            }
            <span>{ how.to_string() }</span>
        </li>
    }
}

/// Test packets through the Service's ports, with their verdicts (traced
/// once per plan by the anatomy).
fn port_tests(tests: &[PortTest], on_action: &Callback<Action>) -> Html {
    html! {
        <div class="anatomy__tests" aria-live="polite">
            <h3>{ "Test packets" }</h3>
            { for tests.iter().map(|test| {
                let code = test.code.clone();
                html! {
                    <div class="anatomy__test">
                        { verdict_view(&test.verdict, "port-test", Some(format!("{}: ", test.label))) }
                        <button type="button" onclick={on_action.reform(move |_| Action::FollowFlow(Some(code.clone())))}>
                            { "Follow it hop by hop" }
                        </button>
                    </div>
                }
            }) }
        </div>
    }
}
