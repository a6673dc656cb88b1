//! The root component: state from the URL, one reducer, the page frame.

use yew::prelude::*;

use crate::components::{
    masthead, panel, AddressMapView, ClusterDiagram, ExportPanel, LessonPanel, ModelComparison,
    PacketPath, PlanFigures, ScenarioControls, ServiceAnatomy, StatusLine,
};
use crate::embed::{tell_host, HeightWatcher};
use crate::flows::endpoint_code;
use crate::shared::Shared;
use crate::state::{trace_of, Lab};
use crate::url::{query_from_view, read_query, View};

/// The whole widget: a masthead and a status line over three regions
/// (controls, diagram, details) that stack into one column in a blog column.
#[component]
pub fn App() -> Html {
    let lab = use_reducer(|| Lab::from_url(read_query(&current_query())));
    use_effect_with((), |_| crate::first_render::mark());
    // In an iframe, the host page hears when the widget is ready and how tall
    // it is, for as long as the widget lives.
    use_effect_with(lab.embed, |embed| {
        let watcher = embed.then(HeightWatcher::start).flatten();
        move || drop(watcher)
    });
    // Every change is written back to the address bar, so a link reproduces
    // it; in an iframe, the host page hears it too.
    let query = query_from_view(&lab.spec, lab.view());
    use_effect_with((query, lab.embed), |(query, embed)| {
        replace_query(query);
        if *embed {
            tell_host("state", &[("query", query.as_str().into())]);
        }
    });

    // Traced once per change of plan or packet, for the diagram and the hop list.
    let trace = use_memo((lab.plan.clone(), lab.flow.clone()), |(plan, flow)| {
        trace_of(plan, flow.as_ref())
    });
    // One shared copy of the state per change for the components that read
    // it, compared by pointer (a deep comparison would only cost bundle: the
    // state changes on every action).
    let lab_rc = Shared::new((*lab).clone());
    // One callback for the widget's life, so components that take only it
    // and the plan are not redrawn when something else changes.
    let on_action = {
        let dispatcher = lab.dispatcher();
        use_callback((), move |action, _| dispatcher.dispatch(action))
    };
    let source = lab.source.map(endpoint_code);
    let full_view = lab.embed.then(|| {
        query_from_view(
            &lab.spec,
            View {
                embed: false,
                ..lab.view()
            },
        )
    });
    html! {
        <div class={classes!("lab", lab.projector.then_some("lab--projector"), lab.embed.then_some("lab--embed"), lab.compare.is_some().then_some("lab--compare"))} data-testid="app">
            { masthead(lab.projector, full_view, &on_action) }
            <StatusLine lab={lab_rc.clone()} />
            <LessonPanel lab={lab_rc.clone()} on_action={on_action.clone()} />
            <main class="lab__regions">
                { panel("controls", "Scenario", html! {
                    <ScenarioControls lab={lab_rc.clone()} on_action={on_action.clone()} />
                }) }
                { panel("diagram", "Cluster network", html! {
                    <>
                        <div class="diagram-pair">
                            <figure class="diagram-pair__first">
                                if lab.compare.is_some() {
                                    <figcaption>{ format!("Under {}", lab.spec.plugin) }</figcaption>
                                }
                                <ClusterDiagram plan={lab.plan.clone()} trace={trace.clone()} step={lab.step}
                                    move_ms={lab.speed.hop_ms() / 2} {source} on_action={on_action.clone()} />
                            </figure>
                            <ModelComparison lab={lab_rc.clone()} on_action={on_action.clone()} />
                        </div>
                        <PacketPath lab={lab_rc.clone()} {trace} on_action={on_action.clone()} />
                    </>
                }) }
                { panel("anatomy", "Service anatomy: from image to load balancer", html! {
                    <ServiceAnatomy lab={lab_rc.clone()} {on_action} />
                }) }
                { panel("details", "Address plan", html! {
                    <>
                        <PlanFigures plan={lab.plan.clone()} />
                        <AddressMapView plan={lab.plan.clone()} />
                        <ExportPanel lab={lab_rc.clone()} />
                    </>
                }) }
            </main>
        </div>
    }
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
