use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::shared::Shared;
use crate::state::{Action, Speed};
use crate::view_model::operation::OperationView;
use crate::view_model::PathView;

#[derive(Properties, PartialEq)]
pub struct TransportProps {
    pub path: PathView,
    /// An upgrade or a scale the stage plays in place of the packet.
    pub operation: Option<Shared<OperationView>>,
    /// The last change of the node count, from and to, to play as a scale.
    pub offers_scale: Option<(usize, usize)>,
    pub on_action: Callback<Action>,
}

/// The stage's transport bar: which flow to follow (from the list, or one
/// clicked in the diagram), or the pool's upgrade or last scale to play;
/// play or pause it, step it, its speed, and where it is. Holds the
/// player's clock, which plays a packet's hops and an operation's steps alike.
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
    // The button pressed to start or end an operation leaves the page, and
    // the focus with it: it goes to the transport's own player (or back to
    // the upgrade button). A change made elsewhere keeps the focus there.
    let focus_target = use_node_ref();
    let first_render = use_mut_ref(|| true);
    use_effect_with(props.operation.is_some(), {
        let focus_target = focus_target.clone();
        move |_| {
            let lost = web_sys::window()
                .and_then(|window| window.document())
                .and_then(|document| document.active_element())
                .is_none_or(|active| active.tag_name() == "BODY");
            if !std::mem::replace(&mut *first_render.borrow_mut(), false) && lost {
                if let Some(target) = focus_target.cast::<web_sys::HtmlElement>() {
                    let _ = target.focus();
                }
            }
        }
    });
    // The player's clock: one timer per hop, dropped (cancelled) when the
    // packet pauses, steps or changes. Nobody watching pauses the packet.
    // What plays is part of the key: a packet's timer never ticks the
    // upgrade that replaced it, nor the other way round.
    use_effect_with(
        (
            (path.playing, path.step, path.speed),
            (path.trace.clone(), props.operation.clone()),
            on_action.clone(),
        ),
        |((playing, _, speed), _, on_action)| {
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
    let bar = |count: usize, noun: &'static str, speed: &'static str, label: &'static str| {
        player_bar(
            path,
            (count, noun),
            (speed, label),
            on_action,
            on_speed.clone(),
            // An operation's Play takes the focus when it starts; a
            // packet's leaves it to the upgrade button.
            if props.operation.is_some() {
                focus_target.clone()
            } else {
                NodeRef::default()
            },
        )
    };
    if let Some(operation) = &props.operation {
        return html! {
            <div class="transport transport--operation" role="group" aria-label="Operation player">
                <div class="transport__picker">
                    <p class="transport__title" data-testid="operation-title">{ operation.title.clone() }</p>
                    <button type="button" data-testid="end-operation" onclick={on_action.reform(|_| Action::EndOperation)}>{ "Back to packets" }</button>
                </div>
                { bar(operation.steps, "Step", "Operation speed", "Step through the operation (or press ← and → on the diagram)") }
            </div>
        };
    }
    let selected = path.selected.as_deref();
    let scale = props.offers_scale.map(|(from, to)| html! {
        <button type="button" data-testid="replay-scale" onclick={on_action.reform(|_| Action::ReplayScale)}>{ format!("▶ Play the scale, {from} → {to} nodes") }</button>
    });
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
            <div class="transport__operations">
                <button type="button" data-testid="upgrade" ref={focus_target.clone()} onclick={on_action.reform(|_| Action::Upgrade)}>{ "▶ Play a rolling upgrade" }</button>
                { scale.unwrap_or_default() }
            </div>
            if let Some(note) = &path.note {
                <p class="transport__note" role="status">{ note.clone() }</p>
            }
            if path.trace.is_some() {
                { bar(path.hop_count(), "Hop", "Packet speed", "Step through the hops (or press ← and → on the diagram)") }
            }
        </div>
    }
}

/// Play or pause, step, the speed and where the player is, over `count`
/// hops or steps (`noun`); `speed` and `label` name the choice and the bar.
fn player_bar(
    path: &PathView,
    (count, noun): (usize, &'static str),
    (speed, label): (&'static str, &'static str),
    on_action: &Callback<Action>,
    on_speed: Callback<Event>,
    play: NodeRef,
) -> Html {
    let step = path.step;
    let last = count.saturating_sub(1);
    let button = |text: &'static str, action: Action, disabled: bool| {
        html! {
            <button type="button" onclick={on_action.reform(move |_| action.clone())} {disabled}>{ text }</button>
        }
    };
    html! {
        <div class="transport__bar" role="group" aria-label={label}>
            <button type="button" class="transport__play" ref={play} onclick={on_action.reform(|_| Action::TogglePlay)}
                aria-pressed={path.playing.to_string()}>{ if path.playing { "❚❚ Pause" } else { "▶ Play" } }</button>
            { button("« Start", Action::StepToStart, step == 0) }
            { button("◀ Back", Action::StepBack, step == 0) }
            { button("Next ▶", Action::StepForward, step >= last) }
            <select class="transport__speed" aria-label={speed} onchange={on_speed}>
                { for Speed::ALL.iter().map(|speed| html! {
                    <option selected={*speed == path.speed}>{ speed.label() }</option>
                }) }
            </select>
            <span class="transport__position" data-testid="hop-position">{ format!("{noun} {} of {count}", step + 1) }</span>
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
