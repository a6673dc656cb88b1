use std::rc::Rc;

use aks_model::path::{Hop, Trace};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::components::verdict_view;
use crate::flows::{common_flows, place_name};
use crate::shared::Shared;
use crate::state::{Action, Lab, Speed};

#[derive(Properties, PartialEq)]
pub struct PacketPathProps {
    pub lab: Shared<Lab>,
    /// The followed packet's trace, computed once per change by the app.
    pub trace: Rc<Option<Trace>>,
    pub on_action: Callback<Action>,
}

/// Pick a flow (from the list, or by clicking in the diagram), then play it
/// or step through its hops: where the packet is, its source and destination
/// as it leaves, what was rewritten and by whom.
#[component]
pub fn PacketPath(props: &PacketPathProps) -> Html {
    let lab = &props.lab;
    let plan = &lab.plan;
    let flows = use_memo(plan.clone(), |plan| common_flows(plan));
    let selected = lab
        .flow
        .as_ref()
        .and_then(|flow| flows.iter().position(|f| f == flow));
    let picked_in_diagram = lab.flow.as_ref().filter(|_| selected.is_none());
    let on_pick = props.on_action.reform(|event: Event| {
        let select: HtmlSelectElement = event.target_unchecked_into();
        Action::SelectFlow(select.value().parse().ok())
    });
    let on_speed = props.on_action.reform(|event: Event| {
        let select: HtmlSelectElement = event.target_unchecked_into();
        let chosen = Speed::ALL.into_iter().find(|s| s.label() == select.value());
        Action::SetSpeed(chosen.unwrap_or_default())
    });
    // The player's clock: one timer per hop, dropped (cancelled) when the
    // packet pauses, steps or changes. Nobody watching pauses the packet.
    use_effect_with(
        (lab.playing, lab.step, lab.speed, props.on_action.clone()),
        |(playing, _, speed, on_action)| {
            let on_action = on_action.clone();
            let timer = playing.then(|| {
                gloo_timers::callback::Timeout::new(speed.hop_ms(), move || {
                    on_action.emit(if diagram_unseen() {
                        Action::TogglePlay
                    } else {
                        Action::Tick
                    });
                })
            });
            move || drop(timer)
        },
    );
    let trace = props.trace.as_ref();
    let hops: Vec<&Hop> = trace
        .iter()
        .flat_map(|t| t.lookup.iter().chain(&t.hops))
        .collect();
    let last = hops.len().saturating_sub(1);
    let current = hops.get(lab.step);
    html! {
        <section class="packet" aria-label="Packet path">
            <div class="packet__picker">
                <label for="flow">{ "Follow a packet" }</label>
                <select id="flow" onchange={on_pick}>
                    <option value="" selected={lab.flow.is_none()}>{ "Pick a flow…" }</option>
                    { for flows.iter().enumerate().map(|(index, flow)| html! {
                        <option value={index.to_string()} selected={selected == Some(index)}>{ flow.label.clone() }</option>
                    }) }
                    if let Some(flow) = picked_in_diagram {
                        <option value="picked" selected=true>{ format!("Picked in the diagram: {}", flow.label) }</option>
                    }
                </select>
            </div>
            if let Some(note) = &lab.pick_note {
                <p class="packet__note" role="status">{ note.clone() }</p>
            }
            if let Some(trace) = &trace {
                <div class="packet__controls" role="group" aria-label="Step through the hops">
                    <button type="button" class="packet__play" onclick={props.on_action.reform(|_| Action::TogglePlay)}
                        aria-pressed={lab.playing.to_string()}>{ if lab.playing { "❚❚ Pause" } else { "▶ Play" } }</button>
                    <button type="button" onclick={props.on_action.reform(|_| Action::StepToStart)} disabled={lab.step == 0}>{ "« Start" }</button>
                    <button type="button" onclick={props.on_action.reform(|_| Action::StepBack)} disabled={lab.step == 0}>{ "◀ Back" }</button>
                    <button type="button" onclick={props.on_action.reform(|_| Action::StepForward)} disabled={lab.step >= last}>{ "Next ▶" }</button>
                    <select class="packet__speed" aria-label="Packet speed" onchange={on_speed}>
                        { for Speed::ALL.iter().map(|speed| html! {
                            <option selected={*speed == lab.speed}>{ speed.label() }</option>
                        }) }
                    </select>
                    <span class="packet__position">{ format!("Hop {} of {}", lab.step + 1, hops.len()) }</span>
                </div>
                <p class="sr-only" aria-live="polite">
                    { current.map(|hop| format!("Hop {}: {}. {}", lab.step + 1, place_name(plan, hop.at), hop.explanation)).unwrap_or_default() }
                </p>
                <ol class="hops">
                    { for hops.iter().enumerate().map(|(index, hop)| hop_row(plan, hop, index, lab.step, "hop")) }
                </ol>
                if lab.step >= last {
                    { verdict_view(&trace.verdict, "verdict", None) }
                    if !trace.reply.is_empty() {
                        <details class="reply">
                            <summary>{ "The reply's way back" }</summary>
                            <ol class="hops">
                                { for trace.reply.iter().enumerate().map(|(index, hop)| hop_row(plan, hop, index, usize::MAX, "reply-hop")) }
                            </ol>
                        </details>
                    }
                }
            }
        </section>
    }
}

/// Whether no one can see the packet move: the tab is hidden, or the
/// diagram is scrolled out of the window (checked once a hop, which is all
/// an IntersectionObserver would tell us here).
fn diagram_unseen() -> bool {
    let Some(window) = web_sys::window() else {
        return true;
    };
    let Some(document) = window.document() else {
        return true;
    };
    let height = window
        .inner_height()
        .ok()
        .and_then(|height| height.as_f64())
        .unwrap_or(f64::MAX);
    let off_screen = document
        .query_selector(".diagram")
        .ok()
        .flatten()
        .map(|diagram| diagram.get_bounding_client_rect())
        .is_some_and(|rect| rect.bottom() < 0.0 || rect.top() > height);
    document.hidden() || off_screen
}

/// One hop; `step` is the hop shown as current (later ones are dimmed).
fn hop_row(plan: &aks_model::Plan, hop: &Hop, index: usize, step: usize, test_id: &str) -> Html {
    let stage = match index.cmp(&step) {
        std::cmp::Ordering::Less => "hop--past",
        std::cmp::Ordering::Equal => "hop--current",
        std::cmp::Ordering::Greater => "hop--future",
    };
    let field = |changed: bool, text: String| {
        html! { <span class={classes!("hop__field", changed.then_some("hop__field--changed"))}>{ text }</span> }
    };
    html! {
        <li class={classes!("hop", stage)} data-testid={test_id.to_string()} data-src={hop.src.to_string()} data-dst={hop.dst.to_string()}
            aria-current={(index == step).then_some("step")}>
            <div class="hop__where">{ place_name(plan, hop.at) }</div>
            <div class="hop__addresses">
                { field(hop.changed.src_ip || hop.changed.src_port, hop.src.to_string()) }
                { " → " }
                { field(hop.changed.dst_ip || hop.changed.dst_port, hop.dst.to_string()) }
                if let Some(device) = hop.rewritten_by {
                    <span class="hop__device">{ format!("rewritten by {device}") }</span>
                }
            </div>
            if index <= step {
                <p class="hop__why">{ hop.explanation.clone() }<span class="hop__ref">{ format!(" ({})", hop.reference) }</span></p>
            }
        </li>
    }
}
