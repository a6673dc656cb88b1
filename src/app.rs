//! The root component: the page frame that every later view fills.

use yew::prelude::*;

use crate::components::{ControlsPanel, DetailsPanel, DiagramArea, Masthead};

/// The whole widget: a masthead over three regions (controls, diagram,
/// details) that stack into one column on a narrow blog column.
#[component]
pub fn App() -> Html {
    use_effect_with((), |_| crate::first_render::mark());

    html! {
        <div class="lab" data-testid="app">
            <Masthead />
            <main class="lab__regions">
                <ControlsPanel />
                <DiagramArea />
                <DetailsPanel />
            </main>
        </div>
    }
}
