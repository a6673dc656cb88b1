use yew::prelude::*;

use crate::state::Action;

/// The title bar: what the widget is, in one line, and the projector switch.
/// A plain function rather than a component: it has no state of its own, and
/// each component costs ~1 KB of bundle.
pub fn masthead(projector: bool, on_action: &Callback<Action>) -> Html {
    html! {
        <header class="masthead">
            <div class="masthead__text">
                <h1 class="masthead__title">{ "AKS Network Lab" }</h1>
                <p class="masthead__tagline">
                    { "How Azure Kubernetes Service hands out addresses and moves packets, node by node and hop by hop." }
                </p>
            </div>
            <button type="button" class="masthead__projector" aria-pressed={projector.to_string()}
                onclick={on_action.reform(|_| Action::ToggleProjector)}>
                { "Projector view" }
            </button>
        </header>
    }
}
