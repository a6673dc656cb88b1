use std::rc::Rc;

use aks_model::path::{Hosts, Trace};
use aks_model::{NetworkPlugin, NodeState, Plan, PodState, RangeName};
use web_sys::{Element, HtmlElement};
use yew::prelude::*;

use crate::flows::{endpoint_location, parse_endpoint};
use crate::labels::box_text;
use crate::layout::{layout, Layout, NodeCard, Rect, CHIP, LINE, WIDTH};
use crate::state::Action;

#[derive(Properties, PartialEq)]
pub struct ClusterDiagramProps {
    pub plan: Rc<Plan>,
    /// The followed packet's trace, computed once per change by the app.
    pub trace: Rc<Option<Trace>>,
    /// The hop the packet is at.
    pub step: usize,
    /// How long the packet takes to move from one hop to the next.
    pub move_ms: u32,
    /// A source clicked in the diagram, waiting for its destination.
    #[prop_or_default]
    pub source: Option<String>,
    pub on_action: Callback<Action>,
}

/// The whole network: outside hosts, Azure's edge, the VNet with its nodes
/// and pods, and the Services; the followed packet moves over it. Clicking
/// (or Enter on) a host, node, pod or load balancer picks a packet's source,
/// then its destination. Pointing at or focusing anything reads its
/// addresses out under the drawing.
#[component]
pub fn ClusterDiagram(props: &ClusterDiagramProps) -> Html {
    let drawn = use_memo(props.plan.clone(), |plan| layout(plan));
    let readout = use_node_ref();
    // The readout is written straight into its element: pointing at a pod
    // must not re-render a diagram of a thousand elements.
    let on_point = {
        let readout = readout.clone();
        Callback::from(move |event: Event| {
            let label = closest_attribute(&event, "data-label");
            if let (Some(label), Some(out)) = (label, readout.cast::<HtmlElement>()) {
                out.set_text_content(Some(&label));
            }
        })
    };
    let on_click = props.on_action.reform(|event: MouseEvent| {
        Action::Pick(closest_attribute(&event, "data-pick").unwrap_or_default())
    });
    let on_key = {
        let on_action = props.on_action.clone();
        Callback::from(move |event: KeyboardEvent| {
            if event.key() == "Enter" || event.key() == " " {
                if let Some(code) = closest_attribute(&event, "data-pick") {
                    event.prevent_default();
                    on_action.emit(Action::Pick(code));
                }
            }
        })
    };
    let source = props
        .source
        .as_deref()
        .and_then(parse_endpoint)
        .map(|from| drawn.place(&props.plan, endpoint_location(from)).0);
    // In a narrow column the diagram keeps a legible size and scrolls on its
    // own (focusable, so the keyboard can scroll it too).
    html! {
        <>
        <div class="diagram-scroller" tabindex="0" role="group" aria-label="Cluster diagram (scrolls sideways in a narrow column)">
            <svg class="diagram" viewBox={format!("0 0 {WIDTH} {}", drawn.height)} role="group"
                aria-label={format!("{} nodes in VNet {}", props.plan.nodes.len(), props.plan.vnet)}
                style={format!("--packet-move: {}ms", props.move_ms)}
                onmouseover={on_point.reform(Event::from)} onfocusin={on_point.reform(Event::from)}
                onclick={on_click} onkeydown={on_key}>
                <Topology plan={props.plan.clone()} drawn={drawn.clone()} />
                if let Some(rect) = source {
                    <rect class="pick-source" x={(rect.x - 3).to_string()} y={(rect.y - 3).to_string()}
                        width={(rect.width + 6).to_string()} height={(rect.height + 6).to_string()} rx="8" />
                }
                { packet(&props.plan, &drawn, props.trace.as_ref().as_ref(), props.step) }
            </svg>
        </div>
        <p class="diagram__readout" ref={readout} aria-hidden="true">
            { "Point at or focus a box, node or pod to read its addresses here. Click a source, then a destination, to follow a packet." }
        </p>
        </>
    }
}

/// The attribute `name` of the event's target or its nearest ancestor.
fn closest_attribute(event: &Event, name: &str) -> Option<String> {
    event
        .target_dyn_into::<Element>()?
        .closest(&format!("[{name}]"))
        .ok()??
        .get_attribute(name)
}

/// The followed packet: the way it has come, a frame around where it is,
/// and the packet itself, which glides to each new hop (a CSS transition on
/// its transform, so no frame goes through yew; none under reduced motion).
fn packet(plan: &Plan, drawn: &Layout, trace: Option<&Trace>, step: usize) -> Html {
    let Some(trace) = trace else {
        return Html::default();
    };
    let places: Vec<(Rect, (i32, i32))> = trace
        .lookup
        .iter()
        .chain(&trace.hops)
        .take(step + 1)
        .map(|hop| drawn.place(plan, hop.at))
        .collect();
    let Some(&(frame, (x, y))) = places.last() else {
        return Html::default();
    };
    let trail = places
        .iter()
        .map(|(_, (x, y))| format!("{x},{y}"))
        .collect::<Vec<_>>()
        .join(" ");
    // A new flow starts where it starts, rather than gliding from the last one.
    let key = trace
        .hops
        .first()
        .map(|hop| format!("{}>{}", hop.src, hop.dst))
        .unwrap_or_default();
    html! {
        <g class="packet-layer" aria-hidden="true">
            <polyline class="packet-trail" points={trail} />
            <rect class="packet-frame" x={(frame.x - 2).to_string()} y={(frame.y - 2).to_string()}
                width={(frame.width + 4).to_string()} height={(frame.height + 4).to_string()} rx="6" />
            <g key={key} class="packet-dot" data-testid="packet" style={format!("transform: translate({x}px, {y}px)")}>
                <circle r="8" />
                <circle class="packet-dot__core" r="3" />
            </g>
        </g>
    }
}

#[derive(Properties, PartialEq)]
struct TopologyProps {
    plan: Rc<Plan>,
    drawn: Rc<Layout>,
}

/// Everything but the packet: drawn again only when the plan changes, not
/// at every hop.
#[component]
fn Topology(props: &TopologyProps) -> Html {
    let plan = &props.plan;
    let drawn = &props.drawn;
    let hosts = Hosts::of(plan);
    let cidr = |name: RangeName| plan.range(&name).map(|range| range.cidr.to_string());
    let vnet = drawn.vnet;
    let subnet = drawn.node_subnet;
    let fabric = drawn.fabric;
    let routing = if plan.plugin == NetworkPlugin::AzureCniOverlay {
        "VNet + overlay routing"
    } else {
        "VNet routing (Azure SDN)"
    };
    let pod_range_note = match cidr(RangeName::PodCidr) {
        Some(cidr) => format!("Pod CIDR {cidr}: not in the VNet, a /24 per node"),
        None => "Pod addresses are VNet addresses: a peer sees them as they are".into(),
    };
    html! {
        <g class="topology">
            <rect class="region region--vnet" x={vnet.x.to_string()} y={vnet.y.to_string()}
                width={vnet.width.to_string()} height={vnet.height.to_string()} rx="10" />
            <text class="region__label" x={(vnet.x + 12).to_string()} y={(vnet.y + 19).to_string()}>
                { format!("VNet {}", plan.vnet) }
            </text>
            <g class="fabric" data-label={routing}>
                <rect x={fabric.x.to_string()} y={fabric.y.to_string()} width={fabric.width.to_string()}
                    height={fabric.height.to_string()} rx="9" />
                <text x={(fabric.x + fabric.width / 2).to_string()} y={(fabric.y + 13).to_string()} text-anchor="middle">{ routing }</text>
            </g>
            <rect class="region region--subnet" x={subnet.x.to_string()} y={subnet.y.to_string()}
                width={subnet.width.to_string()} height={subnet.height.to_string()} rx="8" />
            <text class="region__label" x={(subnet.x + 12).to_string()} y={(subnet.y + 19).to_string()}>
                { format!("Node subnet {}", cidr(RangeName::NodeSubnet).unwrap_or_default()) }
            </text>
            if let Some(pods) = drawn.pod_subnet {
                <rect class="region region--subnet" x={pods.x.to_string()} y={pods.y.to_string()}
                    width={pods.width.to_string()} height={pods.height.to_string()} rx="8" />
                <text class="region__label" x={(pods.x + 12).to_string()} y={(pods.y + 20).to_string()}>
                    { format!("Pod subnet {}: pods' addresses (drawn inside their node)", cidr(RangeName::PodSubnet).unwrap_or_default()) }
                </text>
            }
            <rect class="region region--virtual" x={drawn.services.x.to_string()} y={drawn.services.y.to_string()}
                width={drawn.services.width.to_string()} height={drawn.services.height.to_string()} rx="10" />
            <text class="region__label" x={(drawn.services.x + 12).to_string()} y={(drawn.services.y + 19).to_string()}>
                { format!("Service CIDR {}: virtual, kube-proxy rules on every node", cidr(RangeName::ServiceCidr).unwrap_or_default()) }
            </text>
            <text class="region__note" x={(drawn.services.x + 12).to_string()} y={(drawn.services.y + drawn.services.height - 6).to_string()}>
                { pod_range_note }
            </text>
            { for drawn.blocks.iter().map(|block| {
                let text = box_text(plan, &hosts, block.part);
                let r = block.rect;
                html! {
                    <g key={format!("{:?}", block.part)} class={classes!("block", text.pick.is_some().then_some("block--pickable"))}
                        data-pick={text.pick.clone()} data-label={text.spoken()}
                        tabindex={text.pick.is_some().then_some("0")} aria-label={text.pick.is_some().then(|| text.spoken())}>
                        <rect x={r.x.to_string()} y={r.y.to_string()} width={r.width.to_string()} height={r.height.to_string()} rx="6" />
                        <text class="block__title" x={(r.x + 8).to_string()} y={(r.y + 15).to_string()}>{ text.title.clone() }</text>
                        { for text.lines.iter().enumerate().map(|(i, line)| html! {
                            <text class="block__line" x={(r.x + 8).to_string()} y={(r.y + 29 + i as i32 * LINE).to_string()}>{ line.clone() }</text>
                        }) }
                    </g>
                }
            }) }
            { for drawn.cards.iter().map(|card| node_card(plan, card)) }
            if drawn.more_nodes > 0 {
                <text class="region__note diagram__more-nodes" x={drawn.more_nodes_label.x.to_string()} y={(drawn.more_nodes_label.y + 14).to_string()}>
                    { format!("+{} more nodes not drawn", drawn.more_nodes) }
                </text>
            }
        </g>
    }
}

/// A node as a VM: its name, its NIC's address, its pod range, and its pods
/// as chips (or a count beyond what fits).
fn node_card(plan: &Plan, card: &NodeCard) -> Html {
    let node = &plan.nodes[card.node as usize];
    let ip = node.ip.map(|ip| ip.to_string()).unwrap_or_default();
    let ready = node.state == NodeState::Ready;
    let (detail, second_line) = match node.state {
        NodeState::NotCreated(why) => ("not created".to_string(), Some(why.short().to_string())),
        NodeState::Ready => (ip.clone(), node.pod_range.map(|range| format!("pods {range}"))),
    };
    let label = match node.state {
        NodeState::NotCreated(why) => format!("{}: not created, {why}", node.name()),
        NodeState::Ready => {
            let pods = card.pods.len() + card.more_pods;
            let hidden = if card.more_pods > 0 {
                format!(" ({} not drawn)", card.more_pods)
            } else {
                String::new()
            };
            let range = second_line.as_deref().map(|l| format!(" · {l}")).unwrap_or_default();
            format!("{}: {ip}{range} · {pods} pods{hidden}", node.name())
        }
    };
    let r = card.rect;
    html! {
        <g key={card.node} class={classes!("node", (!ready).then_some("node--missing"))}
            data-testid="node" data-ip={ip} data-pick={format!("node{}", card.node)} data-label={label.clone()}
            tabindex="0" aria-label={label}>
            <rect class="node__box" x={r.x.to_string()} y={r.y.to_string()}
                width={r.width.to_string()} height={r.height.to_string()} rx="6" />
            <text class="node__name" x={(r.x + 8).to_string()} y={(r.y + 16).to_string()}>{ node.name() }</text>
            <text class="node__ip" x={(r.x + 8).to_string()} y={(r.y + 32).to_string()}>{ detail }</text>
            if let Some(line) = second_line {
                <text class="node__ip" x={(r.x + 8).to_string()} y={(r.y + 47).to_string()}>{ line }</text>
            }
            { for card.pods.iter().map(|chip| {
                let pod = &plan.pods[chip.pod];
                let pod_ip = pod.ip.map(|ip| ip.to_string()).unwrap_or_default();
                let waiting = pod.state == PodState::ContainerCreating;
                let label = if waiting {
                    format!("{}: ContainerCreating, no address", plan.pod_name(pod))
                } else {
                    format!("{} {pod_ip} on {}", plan.pod_name(pod), node.name())
                };
                html! {
                    <rect key={chip.pod} class={classes!("pod", waiting.then_some("pod--waiting"))}
                        data-testid="pod" data-ip={pod_ip} data-pick={format!("pod{}", chip.pod)} data-label={label}
                        x={chip.x.to_string()} y={chip.y.to_string()}
                        width={CHIP.to_string()} height={CHIP.to_string()} rx="4" />
                }
            }) }
            if card.more_pods > 0 {
                <text class="node__more" x={(r.x + r.width - 8).to_string()} y={(r.y + 16).to_string()} text-anchor="end">
                    { format!("+{} pods", card.more_pods) }
                </text>
            }
        </g>
    }
}
