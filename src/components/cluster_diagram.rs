use web_sys::Element;
use yew::prelude::*;

use crate::components::read_out;
use crate::layout::{Point, Rect};
use crate::shared::Shared;
use crate::state::Action;
use crate::view_model::diagram::{
    BoxView, DiagramView, Label, NodeCardView, PacketView, FAILURE_GAP,
};

#[derive(Properties, PartialEq)]
pub struct ClusterDiagramProps {
    pub diagram: Shared<DiagramView>,
    /// The followed packet at its hop, if there is one.
    #[prop_or_default]
    pub packet: Option<PacketView>,
    /// A source clicked in the diagram, waiting for its destination: its
    /// frame and its code.
    #[prop_or_default]
    pub source: Option<(Rect, String)>,
    /// What a lesson's answer points at.
    #[prop_or_default]
    pub highlight: Option<Rect>,
    /// How long the packet takes to move from one hop to the next.
    pub move_ms: u32,
    pub on_action: Callback<Action>,
}

/// The whole network: outside hosts, Azure's edge, the VNet with its nodes
/// and pods, and the Services; the followed packet moves over it, its
/// header beside it. Clicking (or Enter or Space on) a host, node, pod or
/// load balancer picks a packet's source, then its destination. Pointing
/// at, tapping or focusing anything reads its addresses out under the drawing.
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
    let picked = props.source.as_ref().map(|(_, code)| code.as_str());
    let frame = diagram.layout.frame;
    // In a narrow column the wide drawing keeps a legible size and scrolls
    // on its own (focusable, so the keyboard can scroll it too).
    html! {
        <>
        <div class="diagram-scroller" tabindex="0" role="group" aria-label="Cluster diagram">
            <svg class={format!("diagram diagram--{}", frame.class)} data-testid="diagram"
                viewBox={format!("0 0 {} {}", frame.width, diagram.layout.height)} role="group"
                aria-label={diagram.aria_label.clone()}
                style={format!("--packet-move: {}ms", props.move_ms)}
                onmouseover={on_point.reform(Event::from)} onfocusin={on_point.reform(Event::from)}
                onclick={on_click} onkeydown={on_key}>
                // The way the packet came, under the boxes' words.
                if let Some(packet) = &props.packet {
                    <polyline class="packet-trail" points={packet.trail.clone()} aria-hidden="true" />
                }
                <Topology diagram={diagram.clone()} picked={picked.map(AttrValue::from)} />
                if let Some((area, _)) = &props.source {
                    { rect("pick-source", *area, "8") }
                }
                if let Some(area) = props.highlight {
                    { rect("lesson-pointer", area, "8") }
                }
                if let Some(packet) = &props.packet {
                    { packet_layer(packet) }
                }
            </svg>
        </div>
        <p class="readout diagram__readout" ref={readout} aria-hidden="true">
            { "Tap, point at or focus a box, node or pod to read its addresses here. Tap or click a source, then a destination, to follow a packet." }
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

/// The followed packet: a frame around where it is, and the packet itself
/// with its header, which glide to each new hop (a CSS transition on their
/// transform, so no frame goes through yew; none under reduced motion).
fn packet_layer(packet: &PacketView) -> Html {
    let (x, y) = packet.at;
    let (header_x, header_y) = packet.header_at;
    html! {
        <g class="packet-layer" aria-hidden="true">
            { rect("packet-frame", packet.frame, "6") }
            <g key={packet.key.clone()} class={classes!("packet-dot", packet.failure.is_some().then_some("packet-dot--failed"))}
                data-testid="packet" style={format!("transform: translate({x}px, {y}px)")}>
                <circle r="8" />
                <circle class="packet-dot__core" r="3" />
                { rect("packet-header__box", packet.header_box, "3") }
                <text class="packet-header" x={header_x.to_string()} y={header_y.to_string()}
                    text-anchor={packet.header_anchor}>
                    if let Some(failure) = &packet.failure {
                        <tspan class="packet-failure">{ failure.clone() }</tspan>{ FAILURE_GAP }
                    }
                    { packet.header.clone() }
                </text>
            </g>
        </g>
    }
}

#[derive(Properties, PartialEq)]
struct TopologyProps {
    diagram: Shared<DiagramView>,
    /// The code of a source picked and waiting for its destination.
    picked: Option<AttrValue>,
}

/// Everything but the packet: drawn again only when the plan changes or a
/// source is picked, not at every hop.
#[component]
fn Topology(props: &TopologyProps) -> Html {
    let diagram = &props.diagram;
    let (fabric, routing) = &diagram.fabric;
    let picked = props.picked.as_deref();
    let chip = diagram.layout.frame.chip.to_string();
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
            { for diagram.boxes.iter().map(|view| block(view, picked)) }
            // Each pool's nodes in a group of their own, under its label.
            { for diagram.pools.iter().map(|pool| html! {
                <g key={pool.name.as_str()} class="pool" data-testid="pool" data-name={pool.name.clone()}>
                    if let Some(label) = &pool.label {
                        { rect("pool__area", pool.rect, "8") }
                        { text("pool__label", label) }
                    }
                    { for diagram.summaries.iter().filter(|(of, _)| *of == pool.pool).map(|(_, summary)| html! {
                        <g data-testid="node-summary">{ block(summary, picked) }</g>
                    }) }
                    { for diagram.cards.iter().filter(|card| card.pool == pool.pool).map(|card| html! {
                        <NodeCard key={card.key} card={card.clone()} picked={picked == Some(card.pick.as_str())}
                            picked_pod={picked.filter(|code| card.chips.iter().any(|chip| chip.pick == *code)).map(AttrValue::from)}
                            chip={chip.clone()} />
                    }) }
                </g>
            }) }
            // What left since the last change, leaving toward its range: in a
            // group of its own, so that the topology's children keep their
            // places whether anything left or not.
            <g class="departures" aria-hidden="true">{ for diagram.departed.iter().map(|gone| html! {
                <rect key={gone.key.clone()} class={if gone.pod { "departed departed--pod" } else { "departed departed--node" }}
                    x={gone.rect.x.to_string()} y={gone.rect.y.to_string()} width={gone.rect.width.to_string()}
                    height={gone.rect.height.to_string()} rx={if gone.pod { "4" } else { "6" }}
                    style={shift("to", gone.toward)} />
            }) }</g>
        </g>
    }
}

/// A box of the topology: a button when it can be a packet's end.
fn block(view: &BoxView, picked: Option<&str>) -> Html {
    let pickable = view.pick.is_some();
    html! {
        <g class={classes!("block", pickable.then_some("block--pickable"), view.arrives_from.map(|_| "block--arriving"))}
            style={view.arrives_from.map(|from| shift("from", from))}
            data-pick={view.pick.clone()} data-label={view.spoken.clone()}
            role={pickable.then_some("button")} tabindex={pickable.then_some("0")}
            aria-label={pickable.then(|| view.spoken.clone())}
            aria-pressed={pickable.then(|| (view.pick.as_deref() == picked && picked.is_some()).to_string())}>
            { rect("", view.rect, "6") }
            { text("block__title", &view.title) }
            { for view.lines.iter().map(|line| text("block__line", line)) }
        </g>
    }
}

#[derive(Properties, PartialEq)]
struct NodeCardProps {
    card: NodeCardView,
    /// Whether the node is the source picked.
    picked: bool,
    /// The code of its pod picked as the source, if one is.
    picked_pod: Option<AttrValue>,
    /// A pod chip's side, in SVG units.
    chip: AttrValue,
}

/// A node as a VM: its name, its NIC's address, its pod range, and its pods
/// as chips (or a count beyond what fits). A component of its own, so that
/// an unchanged card is not drawn again when the plan changes elsewhere (a
/// node added at 100 × 110 leaves the drawn cards as they were).
#[component]
fn NodeCard(props: &NodeCardProps) -> Html {
    let card = &props.card;
    let classes = ["node__name", "node__ip", "node__ip"];
    html! {
        // A group: the node's box is its button, and each pod a button of
        // its own beside it (a button's content would hide the pods).
        <g class={classes!("node", card.missing.then_some("node--missing"), card.progress.map(|progress| format!("node--{progress}")), card.arrives_from.map(|_| "node--arriving"))}
            style={card.arrives_from.map(|from| shift("from", from))} role="group"
            data-testid="node" data-ip={card.ip.clone()} data-pick={card.pick.clone()} data-label={card.label.clone()}>
            <rect class="node__box" x={card.rect.x.to_string()} y={card.rect.y.to_string()}
                width={card.rect.width.to_string()} height={card.rect.height.to_string()} rx="6"
                role="button" tabindex="0" aria-label={card.label.clone()} aria-pressed={props.picked.to_string()} />
            { for card.lines.iter().zip(classes).map(|(line, class)| text(class, line)) }
            { for card.chips.iter().map(|chip| html! {
                <rect key={chip.key} class={classes!("pod", chip.waiting.then_some("pod--waiting"), chip.arrives_from.map(|_| "pod--arriving"))}
                    style={chip.arrives_from.map(|from| shift("from", from))}
                    data-testid="pod" data-ip={chip.ip.clone()} data-pick={chip.pick.clone()} data-label={chip.label.clone()}
                    role="button" tabindex="0" aria-label={chip.label.clone()}
                    aria-pressed={(props.picked_pod.as_ref() == Some(&chip.pick)).to_string()}
                    x={chip.at.0.to_string()} y={chip.at.1.to_string()}
                    width={props.chip.clone()} height={props.chip.clone()} rx="4" />
            }) }
            if let Some(more) = &card.more_pods {
                <text class="node__more" x={more.at.0.to_string()} y={more.at.1.to_string()} text-anchor="end">
                    { more.text.clone() }
                </text>
            }
        </g>
    }
}

/// Where an arriving or leaving thing moves from or to, relative to where
/// it is drawn, as the CSS variables its animation reads (`--from-x`, …).
fn shift(which: &str, (x, y): Point) -> String {
    format!("--{which}-x:{x}px;--{which}-y:{y}px")
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
