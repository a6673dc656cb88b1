use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::components::verdict_view;
use crate::state::{Action, Speed};
use crate::view_model::packet::HopRow;
use crate::view_model::PathView;

#[derive(Properties, PartialEq)]
pub struct PacketPathProps {
    pub path: PathView,
    pub on_action: Callback<Action>,
}

/// Pick a flow (from the list, or by clicking in the diagram), then play it
/// or step through its hops: where the packet is, its source and destination
/// as it leaves, what was rewritten and by whom.
#[component]
pub fn PacketPath(props: &PacketPathProps) -> Html {
    let path = &props.path;
    let on_pick = props.on_action.reform(|event: Event| {
        let select: HtmlSelectElement = event.target_unchecked_into();
        let code = select.value();
        Action::FollowFlow((!code.is_empty()).then_some(code))
    });
    let on_speed = props.on_action.reform(|event: Event| {
        let select: HtmlSelectElement = event.target_unchecked_into();
        let chosen = Speed::ALL.into_iter().find(|s| s.label() == select.value());
        Action::SetSpeed(chosen.unwrap_or_default())
    });
    // The player's clock: one timer per hop, dropped (cancelled) when the
    // packet pauses, steps or changes. Nobody watching pauses the packet.
    use_effect_with(
        (path.playing, path.step, path.speed, props.on_action.clone()),
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
    let step = path.step;
    let hops = path.hop_count();
    let last = hops.saturating_sub(1);
    let selected = path.selected.as_deref();
    html! {
        <section class="packet" aria-label="Packet path">
            <div class="packet__picker">
                <label for="flow">{ "Follow a packet" }</label>
                <select id="flow" onchange={on_pick}>
                    <option value="" selected={selected.is_none()}>{ "Pick a flow…" }</option>
                    { for path.flows.iter().map(|flow| html! {
                        <option value={flow.code.clone()} selected={selected == Some(flow.code.as_str())}>{ flow.label.clone() }</option>
                    }) }
                    if let Some(flow) = &path.picked {
                        <option value={flow.code.clone()} selected=true>{ format!("Picked in the diagram: {}", flow.label) }</option>
                    }
                </select>
            </div>
            if let Some(note) = &path.note {
                <p class="packet__note" role="status">{ note.clone() }</p>
            }
            if let Some(trace) = &path.trace {
                <div class="packet__controls" role="group" aria-label="Step through the hops">
                    <button type="button" class="packet__play" onclick={props.on_action.reform(|_| Action::TogglePlay)}
                        aria-pressed={path.playing.to_string()}>{ if path.playing { "❚❚ Pause" } else { "▶ Play" } }</button>
                    <button type="button" onclick={props.on_action.reform(|_| Action::StepToStart)} disabled={step == 0}>{ "« Start" }</button>
                    <button type="button" onclick={props.on_action.reform(|_| Action::StepBack)} disabled={step == 0}>{ "◀ Back" }</button>
                    <button type="button" onclick={props.on_action.reform(|_| Action::StepForward)} disabled={step >= last}>{ "Next ▶" }</button>
                    <select class="packet__speed" aria-label="Packet speed" onchange={on_speed}>
                        { for Speed::ALL.iter().map(|speed| html! {
                            <option selected={*speed == path.speed}>{ speed.label() }</option>
                        }) }
                    </select>
                    <span class="packet__position">{ format!("Hop {} of {hops}", step + 1) }</span>
                </div>
                <p class="sr-only" aria-live="polite">
                    { trace.hops.get(step).map(|hop| format!("Hop {}: {}. {}", step + 1, hop.place, hop.explanation)).unwrap_or_default() }
                </p>
                <ol class="hops">
                    { for trace.hops.iter().enumerate().map(|(index, hop)| hop_row(hop, index, step, "hop")) }
                </ol>
                if step >= last {
                    { verdict_view(&trace.verdict, "verdict", None) }
                    if !trace.reply.is_empty() {
                        <details class="reply">
                            <summary>{ "The reply's way back" }</summary>
                            <ol class="hops">
                                { for trace.reply.iter().enumerate().map(|(index, hop)| hop_row(hop, index, usize::MAX, "reply-hop")) }
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
fn hop_row(hop: &HopRow, index: usize, step: usize, test_id: &str) -> Html {
    let stage = match index.cmp(&step) {
        std::cmp::Ordering::Less => "hop--past",
        std::cmp::Ordering::Equal => "hop--current",
        std::cmp::Ordering::Greater => "hop--future",
    };
    let field = |changed: bool, text: AttrValue| {
        html! { <span class={classes!("hop__field", changed.then_some("hop__field--changed"))}>{ text }</span> }
    };
    html! {
        <li class={classes!("hop", stage)} data-testid={test_id.to_string()} data-src={hop.src.clone()} data-dst={hop.dst.clone()}
            aria-current={(index == step).then_some("step")}>
            <div class="hop__where">{ hop.place.clone() }</div>
            <div class="hop__addresses">
                { field(hop.src_changed, hop.src.clone()) }
                { " → " }
                { field(hop.dst_changed, hop.dst.clone()) }
                if let Some(device) = &hop.device {
                    <span class="hop__device">{ device.clone() }</span>
                }
            </div>
            if index <= step {
                <p class="hop__why">{ hop.explanation.clone() }<span class="hop__ref">{ format!(" ({})", hop.reference) }</span></p>
            }
        </li>
    }
}
