use web_sys::Element;
use yew::prelude::*;

use crate::components::read_out;
use crate::layout::{Rect, CHIP, WIDTH};
use crate::shared::Shared;
use crate::state::Action;
use crate::view_model::diagram::{DiagramView, Label, NodeCardView, PacketView};

#[derive(Properties, PartialEq)]
pub struct ClusterDiagramProps {
    pub diagram: Shared<DiagramView>,
    /// The followed packet at its hop, if there is one.
    #[prop_or_default]
    pub packet: Option<PacketView>,
    /// The frame around a source clicked in the diagram, waiting for its destination.
    #[prop_or_default]
    pub source: Option<Rect>,
    /// How long the packet takes to move from one hop to the next.
    pub move_ms: u32,
    pub on_action: Callback<Action>,
}

/// The whole network: outside hosts, Azure's edge, the VNet with its nodes
/// and pods, and the Services; the followed packet moves over it. Clicking
/// (or Enter on) a host, node, pod or load balancer picks a packet's source,
/// then its destination. Pointing at or focusing anything reads its
/// addresses out under the drawing.
#[component]
pub fn ClusterDiagram(props: &ClusterDiagramProps) -> Html {
    let diagram = &props.diagram;
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
    // In a narrow column the diagram keeps a legible size and scrolls on its
    // own (focusable, so the keyboard can scroll it too).
    html! {
        <>
        <div class="diagram-scroller" tabindex="0" role="group" aria-label="Cluster diagram (scrolls sideways in a narrow column)">
            <svg class="diagram" viewBox={format!("0 0 {WIDTH} {}", diagram.layout.height)} role="group"
                aria-label={diagram.aria_label.clone()}
                style={format!("--packet-move: {}ms", props.move_ms)}
                onmouseover={on_point.reform(Event::from)} onfocusin={on_point.reform(Event::from)}
                onclick={on_click} onkeydown={on_key}>
                <Topology diagram={diagram.clone()} />
                if let Some(area) = props.source {
                    { rect("pick-source", area, "8") }
                }
                if let Some(packet) = &props.packet {
                    { packet_layer(packet) }
                }
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
fn packet_layer(packet: &PacketView) -> Html {
    let (x, y) = packet.at;
    html! {
        <g class="packet-layer" aria-hidden="true">
            <polyline class="packet-trail" points={packet.trail.clone()} />
            { rect("packet-frame", packet.frame, "6") }
            <g key={packet.key.clone()} class={classes!("packet-dot", packet.failure.is_some().then_some("packet-dot--failed"))}
                data-testid="packet" style={format!("transform: translate({x}px, {y}px)")}>
                <circle r="8" />
                <circle class="packet-dot__core" r="3" />
            </g>
            if let Some(failure) = &packet.failure {
                { text("packet-failure", failure) }
            }
        </g>
    }
}

#[derive(Properties, PartialEq)]
struct TopologyProps {
    diagram: Shared<DiagramView>,
}

/// Everything but the packet: drawn again only when the plan changes, not
/// at every hop.
#[component]
fn Topology(props: &TopologyProps) -> Html {
    let diagram = &props.diagram;
    let (fabric, routing) = &diagram.fabric;
    html! {
        <g class="topology">
            { for diagram.regions.iter().map(|region| html! {
                <>
                    { rect(region.class, region.rect, "10") }
                    { text("region__label", &region.title) }
                </>
            }) }
            <g class="fabric" data-label={routing.text.clone()}>
                { rect("", *fabric, "9") }
                <text x={routing.at.0.to_string()} y={routing.at.1.to_string()} text-anchor="middle">{ routing.text.clone() }</text>
            </g>
            { text("region__note", &diagram.services_note) }
            { for diagram.boxes.iter().map(|view| html! {
                <g class={classes!("block", view.pick.is_some().then_some("block--pickable"))}
                    data-pick={view.pick.clone()} data-label={view.spoken.clone()}
                    tabindex={view.pick.is_some().then_some("0")} aria-label={view.pick.is_some().then(|| view.spoken.clone())}>
                    { rect("", view.rect, "6") }
                    { text("block__title", &view.title) }
                    { for view.lines.iter().map(|line| text("block__line", line)) }
                </g>
            }) }
            { for diagram.cards.iter().map(|card| html! {
                <NodeCard key={card.key} card={card.clone()} />
            }) }
            if let Some(more) = &diagram.more_nodes {
                { text("region__note diagram__more-nodes", more) }
            }
        </g>
    }
}

#[derive(Properties, PartialEq)]
struct NodeCardProps {
    card: NodeCardView,
}

/// A node as a VM: its name, its NIC's address, its pod range, and its pods
/// as chips (or a count beyond what fits). A component of its own, so that
/// an unchanged card is not drawn again when the plan changes elsewhere (a
/// node added at 100 × 110 leaves the 24 drawn cards as they were).
#[component]
fn NodeCard(props: &NodeCardProps) -> Html {
    let card = &props.card;
    let classes = ["node__name", "node__ip", "node__ip"];
    html! {
        <g class={classes!("node", card.missing.then_some("node--missing"))}
            data-testid="node" data-ip={card.ip.clone()} data-pick={card.pick.clone()} data-label={card.label.clone()}
            tabindex="0" aria-label={card.label.clone()}>
            { rect("node__box", card.rect, "6") }
            { for card.lines.iter().zip(classes).map(|(line, class)| text(class, line)) }
            { for card.chips.iter().map(|chip| html! {
                <rect key={chip.key} class={classes!("pod", chip.waiting.then_some("pod--waiting"))}
                    data-testid="pod" data-ip={chip.ip.clone()} data-pick={chip.pick.clone()} data-label={chip.label.clone()}
                    x={chip.at.0.to_string()} y={chip.at.1.to_string()}
                    width={CHIP.to_string()} height={CHIP.to_string()} rx="4" />
            }) }
            if let Some(more) = &card.more_pods {
                <text class="node__more" x={more.at.0.to_string()} y={more.at.1.to_string()} text-anchor="end">
                    { more.text.clone() }
                </text>
            }
        </g>
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
fn text(class: &'static str, label: &Label) -> Html {
    html! { <text class={class} x={label.at.0.to_string()} y={label.at.1.to_string()}>{ label.text.clone() }</text> }
}
