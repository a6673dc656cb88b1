//! The root component: state from the URL, one reducer, the view model, the
//! page frame.

use yew::prelude::*;

use crate::components::{
    address_maps, lesson_panel, masthead, model_comparison, panel, plan_figures, status_line,
    ClusterDiagram, ExportPanel, PacketPath, ScenarioControls, ServiceAnatomy,
};
use crate::embed::{tell_host, HeightWatcher};
use crate::shared::Shared;
use crate::state::Lab;
use crate::url::read_query;
use crate::view_model::ViewModel;

/// The whole widget: a masthead and a status line over three regions
/// (controls, diagram, details) that stack into one column in a blog column.
#[component]
pub fn App() -> Html {
    let lab = use_reducer(|| Lab::from_link(read_query(&current_query())));
    let view = use_view_model(&lab);
    use_effect_with((), |_| crate::first_render::mark());
    // In an iframe, the host page hears when the widget is ready and how tall
    // it is, for as long as the widget lives.
    use_effect_with(lab.embed, |embed| {
        let watcher = embed.then(HeightWatcher::start).flatten();
        move || drop(watcher)
    });
    // Every change is written back to the address bar, so a link reproduces
    // it; in an iframe, the host page hears it too.
    use_effect_with((view.query.clone(), lab.embed), |(query, embed)| {
        replace_query(query);
        if *embed {
            tell_host("state", &[("query", query.into())]);
        }
    });
    // One callback for the widget's life, so components that take only it
    // and their part of the view are not redrawn when something else changes.
    let on_action = {
        let dispatcher = lab.dispatcher();
        use_callback((), move |action, _| dispatcher.dispatch(action))
    };
    let move_ms = lab.speed.hop_ms() / 2;
    let plugin = lab.scenario.spec.plugin;
    let full_view = lab.embed.then(|| view.full_view_query.clone());
    html! {
        <div class={classes!("lab", lab.projector.then_some("lab--projector"), lab.embed.then_some("lab--embed"), lab.compare.is_some().then_some("lab--compare"))} data-testid="app">
            { masthead(lab.projector, full_view, &on_action) }
            { status_line(&view.status) }
            if let Some(lesson) = &view.lesson {
                { lesson_panel(lesson, &on_action) }
            }
            <main class="lab__regions">
                { panel("controls", "Scenario", html! {
                    <ScenarioControls controls={view.controls.clone()} on_action={on_action.clone()} />
                }) }
                { panel("diagram", "Cluster network", html! {
                    <>
                        <div class="diagram-pair">
                            <figure class="diagram-pair__first">
                                if lab.compare.is_some() {
                                    <figcaption>{ format!("Under {plugin}") }</figcaption>
                                }
                                <ClusterDiagram diagram={view.diagram.clone()} packet={view.packet.clone()}
                                    source={view.source} {move_ms} on_action={on_action.clone()} />
                            </figure>
                            { model_comparison(plugin, view.comparison.as_deref(), move_ms, &on_action) }
                        </div>
                        <PacketPath path={view.path.clone()} on_action={on_action.clone()} />
                    </>
                }) }
                { panel("anatomy", "Service anatomy: from image to load balancer", html! {
                    <ServiceAnatomy anatomy={view.anatomy.clone()} controls={view.controls.clone()} claims_open={view.claims_open} {on_action} />
                }) }
                { panel("details", "Address plan", html! {
                    <>
                        { plan_figures(&view.figures) }
                        { address_maps(&view.figures) }
                        <ExportPanel export={view.export.clone()} embed_query={view.embed_query.clone()} />
                    </>
                }) }
            </main>
        </div>
    }
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
