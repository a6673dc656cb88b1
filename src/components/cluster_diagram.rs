use std::net::Ipv4Addr;
use std::rc::Rc;

use aks_model::path::{Hosts, Trace, Verdict};

use aks_model::{NetworkPlugin, Node, NodeState, Plan, PodState, RangeName};
use web_sys::Element;
use yew::prelude::*;

use crate::components::read_out;
use crate::flows::{endpoint_location, parse_endpoint};
use crate::labels::box_text;
use crate::layout::{layout, Layout, NodeCard, PodChip, Rect, CHIP, LINE, WIDTH};
use crate::shared::Shared;
use crate::state::Action;

#[derive(Properties, PartialEq)]
pub struct ClusterDiagramProps {
    pub plan: Shared<Plan>,
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
            if let Some(label) = closest_attribute(&event, "data-label") {
                read_out(&readout, &label);
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
                if let Some(area) = source {
                    { rect("pick-source", area.grown(3), "8") }
                }
                { packet(&props.plan, &drawn, props.trace.as_ref().as_ref(), props.step) }
            </svg>
        </div>
        <p class="readout diagram__readout" ref={readout} aria-hidden="true">
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
    // A failure is shown where it happens: on the last hop, in words too.
    let arrived = step + 1 >= trace.lookup.len() + trace.hops.len();
    let failure = match &trace.verdict {
        Verdict::Refused { .. } if arrived => Some("✕ Refused"),
        Verdict::Dropped { .. } if arrived => Some("✕ Dropped"),
        _ => None,
    };
    html! {
        <g class="packet-layer" aria-hidden="true">
            <polyline class="packet-trail" points={trail} />
            { rect("packet-frame", frame.grown(2), "6") }
            <g key={key} class={classes!("packet-dot", failure.is_some().then_some("packet-dot--failed"))}
                data-testid="packet" style={format!("transform: translate({x}px, {y}px)")}>
                <circle r="8" />
                <circle class="packet-dot__core" r="3" />
            </g>
            if let Some(words) = failure {
                { text("packet-failure", x + 12, y - 10, words.to_string()) }
            }
        </g>
    }
}

#[derive(Properties, PartialEq)]
struct TopologyProps {
    plan: Shared<Plan>,
    drawn: Rc<Layout>,
}

/// Everything but the packet: drawn again only when the plan changes, not
/// at every hop.
#[component]
fn Topology(props: &TopologyProps) -> Html {
    let plan = &props.plan;
    let drawn = &props.drawn;
    let hosts = Hosts::of(plan);
    let cidr = |name: RangeName| {
        plan.range(&name)
            .map(|range| range.cidr.to_string())
            .unwrap_or_default()
    };
    let routing = if plan.plugin == NetworkPlugin::AzureCniOverlay {
        "VNet + overlay routing"
    } else {
        "VNet routing (Azure SDN)"
    };
    let pod_range_note = match plan.range(&RangeName::PodCidr) {
        Some(range) => format!("Pod CIDR {}: not in the VNet, a /24 per node", range.cidr),
        None => "Pod addresses are VNet addresses: a peer sees them as they are".into(),
    };
    html! {
        <g class="topology">
            { region("region region--vnet", drawn.vnet, format!("VNet {}", plan.vnet)) }
            <g class="fabric" data-label={routing}>
                { rect("", drawn.fabric, "9") }
                <text x={(drawn.fabric.x + drawn.fabric.width / 2).to_string()} y={(drawn.fabric.y + 13).to_string()} text-anchor="middle">{ routing }</text>
            </g>
            { region("region region--subnet", drawn.node_subnet, format!("Node subnet {}", cidr(RangeName::NodeSubnet))) }
            if let Some(pods) = drawn.pod_subnet {
                { region("region region--subnet", pods, format!("Pod subnet {}: pods' addresses (drawn inside their node)", cidr(RangeName::PodSubnet))) }
            }
            { region("region region--virtual", drawn.services, format!("Service CIDR {}: virtual, kube-proxy rules on every node", cidr(RangeName::ServiceCidr))) }
            { text("region__note", drawn.services.x + 12, drawn.services.bottom() - 6, pod_range_note) }
            { for drawn.blocks.iter().map(|block| {
                let words = box_text(plan, &hosts, block.part);
                let r = block.rect;
                let spoken = words.spoken();
                html! {
                    <g class={classes!("block", words.pick.is_some().then_some("block--pickable"))}
                        data-pick={words.pick.clone()} data-label={spoken.clone()}
                        tabindex={words.pick.is_some().then_some("0")} aria-label={words.pick.is_some().then_some(spoken)}>
                        { rect("", r, "6") }
                        { text("block__title", r.x + 8, r.y + 15, words.title) }
                        { for words.lines.into_iter().enumerate().map(|(i, line)| text("block__line", r.x + 8, r.y + 29 + i as i32 * LINE, line)) }
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

/// What a pod chip shows: its name, its address, and whether it waits for one.
#[derive(Clone, Debug, PartialEq)]
struct PodChipView {
    chip: PodChip,
    name: String,
    ip: Option<Ipv4Addr>,
    waiting: bool,
}

#[derive(Properties, PartialEq)]
struct NodeCardProps {
    card: NodeCard,
    node: Node,
    pods: Vec<PodChipView>,
}

/// What one card shows, taken out of the plan so that an unchanged card is
/// not drawn again when the plan changes elsewhere (a node added at 100 ×
/// 110 leaves the 24 drawn cards as they were).
fn node_card(plan: &Plan, card: &NodeCard) -> Html {
    let pods: Vec<PodChipView> = card
        .pods
        .iter()
        .map(|chip| {
            let pod = &plan.pods[chip.pod];
            PodChipView {
                chip: chip.clone(),
                name: plan.pod_name(pod),
                ip: pod.ip,
                waiting: pod.state == PodState::ContainerCreating,
            }
        })
        .collect();
    html! {
        <NodeCardView key={card.node} card={card.clone()} node={plan.nodes[card.node as usize].clone()} {pods} />
    }
}

/// A node as a VM: its name, its NIC's address, its pod range, and its pods
/// as chips (or a count beyond what fits).
#[component]
fn NodeCardView(props: &NodeCardProps) -> Html {
    let NodeCardProps { card, node, pods } = props;
    let ip = node.ip.map(|ip| ip.to_string()).unwrap_or_default();
    let ready = node.state == NodeState::Ready;
    let (detail, second_line) = match node.state {
        NodeState::NotCreated(why) => ("not created".to_string(), Some(why.short().to_string())),
        NodeState::Ready => (
            ip.clone(),
            node.pod_range.map(|range| format!("pods {range}")),
        ),
    };
    let label = match node.state {
        NodeState::NotCreated(why) => format!("{}: not created, {why}", node.name()),
        NodeState::Ready => {
            let count = card.pods.len() + card.more_pods;
            let hidden = if card.more_pods > 0 {
                format!(" ({} not drawn)", card.more_pods)
            } else {
                String::new()
            };
            let range = second_line
                .as_deref()
                .map(|l| format!(" · {l}"))
                .unwrap_or_default();
            format!("{}: {ip}{range} · {count} pods{hidden}", node.name())
        }
    };
    let r = card.rect;
    html! {
        <g class={classes!("node", (!ready).then_some("node--missing"))}
            data-testid="node" data-ip={ip} data-pick={format!("node{}", card.node)} data-label={label.clone()}
            tabindex="0" aria-label={label}>
            { rect("node__box", r, "6") }
            { text("node__name", r.x + 8, r.y + 16, node.name()) }
            { text("node__ip", r.x + 8, r.y + 32, detail) }
            if let Some(line) = second_line {
                { text("node__ip", r.x + 8, r.y + 47, line) }
            }
            { for pods.iter().map(|pod| {
                let pod_ip = pod.ip.map(|ip| ip.to_string()).unwrap_or_default();
                let label = if pod.waiting {
                    format!("{}: ContainerCreating, no address", pod.name)
                } else {
                    format!("{} {pod_ip} on {}", pod.name, node.name())
                };
                html! {
                    <rect key={pod.chip.pod} class={classes!("pod", pod.waiting.then_some("pod--waiting"))}
                        data-testid="pod" data-ip={pod_ip} data-pick={format!("pod{}", pod.chip.pod)} data-label={label}
                        x={pod.chip.x.to_string()} y={pod.chip.y.to_string()}
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

/// A region of the network (the VNet, a subnet, the Service range) with its
/// title in the top-left corner.
fn region(class: &'static str, area: Rect, title: String) -> Html {
    html! {
        <>
            { rect(class, area, "10") }
            { text("region__label", area.x + 12, area.y + 19, title) }
        </>
    }
}

/// The diagram's one way to draw a box (one copy of the code in the bundle).
fn rect(class: &'static str, area: Rect, corner: &'static str) -> Html {
    html! {
        <rect class={class} x={area.x.to_string()} y={area.y.to_string()}
            width={area.width.to_string()} height={area.height.to_string()} rx={corner} />
    }
}

/// The diagram's one way to write a line of text.
fn text(class: &'static str, x: i32, y: i32, words: String) -> Html {
    html! { <text class={class} x={x.to_string()} y={y.to_string()}>{ words }</text> }
}
