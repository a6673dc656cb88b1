//! The root component: the page frame that every later view fills.

use yew::prelude::*;

use crate::components::{Masthead, Panel};

/// The whole widget: a masthead over three regions (controls, diagram,
/// details) that stack into one column on a narrow blog column.
#[component]
pub fn App() -> Html {
    use_effect_with((), |_| crate::first_render::mark());

    html! {
        <div class="lab" data-testid="app">
            <Masthead />
            <main class="lab__regions">
                <Panel name="controls" title="Scenario">
                    <p class="panel__hint">
                        { "Network model, node count, replicas, max pods per node and address ranges." }
                    </p>
                </Panel>
                <Panel name="diagram" title="Cluster network">
                    <p class="panel__hint">
                        { "The VNet, its subnets, every node and pod with its address, and the path a packet takes." }
                    </p>
                </Panel>
                <Panel name="details" title="Address plan">
                    <p class="panel__hint">
                        { "Usable addresses, what is used and reserved, and what runs out first." }
                    </p>
                </Panel>
            </main>
        </div>
    }
}
