use yew::prelude::*;

/// The column where the learner describes the cluster.
#[component]
pub fn ControlsPanel() -> Html {
    html! {
        <section class="panel panel--controls" aria-labelledby="controls-heading">
            <h2 id="controls-heading" class="panel__heading">{ "Scenario" }</h2>
            <p class="panel__hint">
                { "Network model, node count, replicas, max pods per node and address ranges." }
            </p>
        </section>
    }
}
