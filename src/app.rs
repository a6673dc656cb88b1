//! The root component: state from the URL, one reducer, the view model, the
//! page frame: the stage (the diagram, the packet's transport and its
//! current hop) first, and around it the panels the page shows.

use gloo_events::EventListener;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::components::{
    address_maps, compare_tabs, hop_list, hop_story, lesson_panel, masthead, model_comparison,
    operation_story, panel, plan_figures, status_line, ClusterDiagram, ExportPanel,
    ScenarioControls, ServiceAnatomy, Transport,
};
use crate::embed::{tell_host, HeightWatcher};
use crate::panels::Panel;
use crate::shared::Shared;
use crate::state::{Action, Lab};
use crate::url::read_query;
use crate::view_model::ViewModel;

/// Below this width the diagram stacks its boxes, a node a row (a phone).
const NARROW_SCREEN: &str = "(max-width: 40rem)";

/// The whole widget: a masthead and a status line over the stage and the
/// panels, which sit side by side on a wide screen and stack on a phone.
#[component]
pub fn App() -> Html {
    let lab = use_reducer(|| {
        Lab::from_link(read_query(&current_query())).apply(Action::SetNarrow(narrow_screen()))
    });
    let view = use_view_model(&lab);
    // The first screen first: the panels below it (the packet's hops, the
    // comparison, the anatomy, the address maps, the export) are drawn
    // after the browser has painted the first screen, in space held for
    // them (issue 16).
    let settled = use_state_eq(|| false);
    {
        let settled = settled.clone();
        use_effect_with((), move |_| {
            crate::first_render::mark();
            after_first_paint(move || settled.set(true))
        });
    }
    let settled = *settled;
    let later = |content: &dyn Fn() -> Html| {
        if settled {
            content()
        } else {
            html! { <div class="panel__pending" aria-busy="true"></div> }
        }
    };
    // In an iframe, the host page hears when the widget is ready and how tall
    // it is, for as long as the widget lives: from when the panels below the
    // first screen are drawn, so that the host sizes the frame once.
    use_effect_with(lab.embed && settled, |watched| {
        let watcher = watched.then(HeightWatcher::start).flatten();
        move || drop(watcher)
    });
    // Every change is written back to the address bar, so a link reproduces
    // it; in an iframe, the host page hears it too. In the task after the
    // change, off the repaint's path (`history.replaceState` costs a few
    // milliseconds); a change within the same task replaces the pending write.
    use_effect_with((view.query.clone(), lab.embed), |(query, embed)| {
        let (query, embed) = (query.clone(), *embed);
        let write = gloo_timers::callback::Timeout::new(0, move || {
            replace_query(&query);
            if embed {
                tell_host("state", &[("query", query.as_str().into())]);
            }
        });
        move || drop(write)
    });
    // One callback for the widget's life, so components that take only it
    // and their part of the view are not redrawn when something else changes.
    let on_action = {
        let dispatcher = lab.dispatcher();
        use_callback((), move |action, _| dispatcher.dispatch(action))
    };
    use_narrow_screen(&on_action);
    // While an upgrade or a scale plays, the address plan below the stage
    // follows a step in the task after it, so that no step is one long task.
    let figures = use_next_task(view.figures.clone(), lab.playing && lab.operation.is_some());
    let move_ms = lab.speed.hop_ms() / 2;
    let plugin = lab.scenario.spec.plugin;
    let full_view = lab.embed.then(|| view.full_view_query.clone());
    let shows = |panel: Panel| lab.panels.contains(panel);
    let lesson = view
        .lesson
        .as_ref()
        .filter(|_| shows(Panel::Lesson))
        .map(|lesson| lesson_panel(lesson, view.revealed, &on_action));
    let comparing = view.comparison.as_deref().filter(|_| shows(Panel::Compare));
    let controls = shows(Panel::Controls).then(|| {
        html! { <ScenarioControls controls={view.controls.clone()} on_action={on_action.clone()} /> }
    });
    // On a projector the controls are a drawer in the title bar, and the
    // preset's story is told beside the drawing, so the stage has the screen.
    let drawer = controls
        .clone()
        .filter(|_| lab.projector)
        .map(controls_drawer)
        .unwrap_or_default();
    // A lesson's question sits beside the drawing it is about, except on a
    // phone, where it follows the stage.
    let lesson_beside = lab.projector || !lab.narrow;
    let caption = view.caption.map(|caption| {
        html! { <p class="stage__caption" data-testid="preset-shows">{ caption }</p> }
    });
    html! {
        <div class={classes!("lab", lab.projector.then_some("lab--projector"), lab.embed.then_some("lab--embed"))} data-testid="app" data-settled={settled.then_some("true")}>
            <a class="skip-link" href="#stage" onclick={Callback::from(skip_to_stage)}>{ "Skip to the diagram" }</a>
            { masthead(lab.projector, full_view, drawer, &on_action) }
            { status_line(&view.status) }
            <main class="lab__regions">
                if shows(Panel::Diagram) {
                    <section id="stage" class="stage" aria-labelledby="stage-heading" tabindex="-1"
                        onkeydown={step_by_arrows(&on_action)}>
                        <h2 id="stage-heading" class="panel__heading stage__heading">{ "Cluster network" }</h2>
                        if !lab.projector {
                            { caption.clone().unwrap_or_default() }
                        }
                        // An operation draws the first model only.
                        if let Some(comparison) = comparing.filter(|_| view.operation.is_none()) {
                            { compare_tabs(plugin, comparison.plugin, lab.side, &on_action) }
                        }
                        <div class="stage__body">
                            <div class="stage__drawing">
                                <ClusterDiagram diagram={view.stage.diagram.clone()} packet={view.stage.packet.clone()}
                                    source={view.stage.source.clone()} highlight={view.highlight} {move_ms}
                                    on_action={on_action.clone()} />
                            </div>
                            <div class="stage__story">
                                if lab.projector {
                                    { caption.unwrap_or_default() }
                                }
                                <Transport path={view.path.clone()} operation={view.operation.clone()}
                                    offers_scale={view.offers_scale} on_action={on_action.clone()} />
                                { match &view.operation {
                                    Some(operation) => operation_story(operation, &on_action),
                                    None => hop_story(&view.path, &on_action),
                                } }
                                if lesson_beside {
                                    { lesson.clone().unwrap_or_default() }
                                }
                            </div>
                        </div>
                    </section>
                }
                if !lesson_beside {
                    if let Some(lesson) = lesson {
                        <div class="region region--lesson">{ lesson }</div>
                    }
                }
                if shows(Panel::Packet) {
                    { panel("packet", "Hop by hop", later(&|| hop_list(&view.path, &on_action))) }
                }
                if shows(Panel::Compare) {
                    { panel("compare", "Compare models", later(&|| model_comparison(plugin, comparing, view.concealed_row, view.path.concealed, &on_action))) }
                }
                if !lab.projector {
                    if let Some(controls) = controls {
                        { panel("controls", "Scenario", controls) }
                    }
                }
                if shows(Panel::Anatomy) {
                    { panel("anatomy", "Service anatomy: from image to load balancer", later(&|| html! {
                        <ServiceAnatomy anatomy={view.anatomy.clone()} controls={view.controls.clone()}
                            claims_open={view.claims_open} on_action={on_action.clone()} />
                    })) }
                }
                if shows(Panel::Plan) {
                    { panel("details", "Address plan", html! {
                        <>
                            { plan_figures(&figures, view.concealed_figure) }
                            { later(&|| address_maps(&figures)) }
                        </>
                    }) }
                }
                if shows(Panel::Export) {
                    { panel("export", "Export", later(&|| html! {
                        <ExportPanel export={view.export.clone()} snippet={view.snippet.clone()}
                            warning={view.export_warning.clone()} on_action={on_action.clone()} />
                    })) }
                }
            </main>
        </div>
    }
}

/// Runs `then` once the browser has painted the first screen: in the task
/// after the next frame (a frame's callback runs just before its paint), or
/// after 250 ms where frames are held back (a hidden tab, an iframe out of
/// view). Returns what cancels it.
fn after_first_paint(then: impl Fn() + Clone + 'static) -> impl FnOnce() {
    let after_paint = then.clone();
    let frame = gloo_render::request_animation_frame(move |_| {
        gloo_timers::callback::Timeout::new(0, after_paint).forget();
    });
    let fallback = gloo_timers::callback::Timeout::new(250, then);
    move || drop((frame, fallback))
}

/// The controls in projector view: a drawer that opens over the stage.
fn controls_drawer(controls: Html) -> Html {
    html! {
        <details class="panel panel--controls drawer">
            <summary class="panel__heading">{ "Scenario" }</summary>
            { controls }
        </details>
    }
}

/// Moves the focus to the stage. The link's own jump is not taken: under a
/// `<base>` (a sub-path) `#stage` would load the page again without its query.
fn skip_to_stage(event: MouseEvent) {
    event.prevent_default();
    let stage = web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.get_element_by_id("stage"))
        .and_then(|stage| stage.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(stage) = stage {
        let _ = stage.focus();
        stage.scroll_into_view();
    }
}

/// ← and → on the stage step the packet, unless a field or a choice has
/// the keyboard.
fn step_by_arrows(on_action: &Callback<Action>) -> Callback<KeyboardEvent> {
    let on_action = on_action.clone();
    Callback::from(move |event: KeyboardEvent| {
        let in_field = event
            .target_dyn_into::<web_sys::Element>()
            .is_some_and(|target| {
                matches!(target.tag_name().as_str(), "INPUT" | "SELECT" | "TEXTAREA")
            });
        let action = match event.key().as_str() {
            _ if in_field => return,
            "ArrowRight" => Action::StepForward,
            "ArrowLeft" => Action::StepBack,
            _ => return,
        };
        event.prevent_default();
        on_action.emit(action);
    })
}

/// The view model of `lab`, made once per change of state and kept with
/// the parts that did not change since the last one.
#[hook]
fn use_view_model(lab: &UseReducerHandle<Lab>) -> Shared<ViewModel> {
    let previous = use_mut_ref(|| None::<Shared<ViewModel>>);
    let state = (**lab).clone();
    (*use_memo(lab.revision, move |_| {
        let next = Shared::new(ViewModel::next(previous.borrow().as_deref(), &state));
        *previous.borrow_mut() = Some(next.clone());
        next
    }))
    .clone()
}

/// `value`, or while `lag` holds, the value of the last task: a part of
/// the page that may follow the rest a task later. Without a lag nothing is
/// drawn twice.
#[hook]
fn use_next_task<T: Clone + PartialEq + 'static>(value: T, lag: bool) -> T {
    let shown = use_mut_ref(|| value.clone());
    let redraw = use_force_update();
    {
        let shown = shown.clone();
        use_effect_with((value.clone(), lag), move |(value, lag)| {
            let value = value.clone();
            let timer = if *lag {
                Some(gloo_timers::callback::Timeout::new(0, move || {
                    *shown.borrow_mut() = value;
                    redraw.force_update();
                }))
            } else {
                *shown.borrow_mut() = value;
                None
            };
            move || drop(timer)
        });
    }
    if lag {
        shown.borrow().clone()
    } else {
        value
    }
}

/// The narrow-screen media query, if the browser answers it.
fn narrow_query() -> Option<web_sys::MediaQueryList> {
    web_sys::window()?.match_media(NARROW_SCREEN).ok()?
}

/// Whether the screen is narrow now: the first drawing is laid out for it.
fn narrow_screen() -> bool {
    narrow_query().is_some_and(|query| query.matches())
}

/// Tells the state whenever the screen turns narrow or wide.
#[hook]
fn use_narrow_screen(on_action: &Callback<Action>) {
    use_effect_with(on_action.clone(), |on_action| {
        let listener = narrow_query().map(|query| {
            let on_action = on_action.clone();
            EventListener::new(&query.clone().unchecked_into(), "change", move |_| {
                on_action.emit(Action::SetNarrow(query.matches()));
            })
        });
        move || drop(listener)
    });
}

fn current_query() -> String {
    web_sys::window()
        .and_then(|window| window.location().search().ok())
        .unwrap_or_default()
}

/// Replaces the query string without a reload or a history entry. A browser
/// that refuses (a sandboxed iframe) leaves the address as it was.
fn replace_query(query: &str) {
    if let Some(history) = web_sys::window().and_then(|window| window.history().ok()) {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(query));
    }
}
