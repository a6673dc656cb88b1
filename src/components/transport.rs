use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::state::{Action, Speed};
use crate::view_model::PathView;

#[derive(Properties, PartialEq)]
pub struct TransportProps {
    pub path: PathView,
    pub on_action: Callback<Action>,
}

/// The packet's transport bar: which flow to follow (from the list, or one
/// clicked in the diagram), play or pause it, step it, its speed, and where
/// it is. Holds the player's clock.
#[component]
pub fn Transport(props: &TransportProps) -> Html {
    let path = &props.path;
    let on_action = &props.on_action;
    let on_pick = on_action.reform(|event: Event| {
        let select: HtmlSelectElement = event.target_unchecked_into();
        let code = select.value();
        Action::FollowFlow((!code.is_empty()).then_some(code))
    });
    let on_speed = on_action.reform(|event: Event| {
        let select: HtmlSelectElement = event.target_unchecked_into();
        let chosen = Speed::ALL.into_iter().find(|s| s.label() == select.value());
        Action::SetSpeed(chosen.unwrap_or_default())
    });
    // The player's clock: one timer per hop, dropped (cancelled) when the
    // packet pauses, steps or changes. Nobody watching pauses the packet.
    use_effect_with(
        (path.playing, path.step, path.speed, on_action.clone()),
        |(playing, _, speed, on_action)| {
            let on_action = on_action.clone();
            let timer = playing.then(|| {
                gloo_timers::callback::Timeout::new(speed.hop_ms(), move || {
                    on_action.emit(if diagram_unseen() {
                        Action::Pause
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
    let button = |label: &'static str, action: Action, disabled: bool| {
        html! {
            <button type="button" onclick={on_action.reform(move |_| action.clone())} {disabled}>{ label }</button>
        }
    };
    html! {
        <div class="transport" role="group" aria-label="Packet player">
            <div class="transport__picker">
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
                <p class="transport__note" role="status">{ note.clone() }</p>
            }
            if path.trace.is_some() {
                <div class="transport__bar" role="group" aria-label="Step through the hops (or press ← and → on the diagram)">
                    <button type="button" class="transport__play" onclick={on_action.reform(|_| Action::TogglePlay)}
                        aria-pressed={path.playing.to_string()}>{ if path.playing { "❚❚ Pause" } else { "▶ Play" } }</button>
                    { button("« Start", Action::StepToStart, step == 0) }
                    { button("◀ Back", Action::StepBack, step == 0) }
                    { button("Next ▶", Action::StepForward, step >= last) }
                    <select class="transport__speed" aria-label="Packet speed" onchange={on_speed}>
                        { for Speed::ALL.iter().map(|speed| html! {
                            <option selected={*speed == path.speed}>{ speed.label() }</option>
                        }) }
                    </select>
                    <span class="transport__position" data-testid="hop-position">{ format!("Hop {} of {hops}", step + 1) }</span>
                </div>
            }
        </div>
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
