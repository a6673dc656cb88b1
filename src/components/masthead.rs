use yew::prelude::*;

use crate::state::Action;

/// The title bar: what the widget is, in one line, the projector switch and,
/// in projector view, the controls' `drawer`.
/// Embedded in a post (`full_view` is then the same scenario's link without
/// embed mode), it shrinks to the title and a link to the full view. A plain
/// function rather than a component: it has no state of its own, and each
/// component costs ~1 KB of bundle.
pub fn masthead(
    projector: bool,
    full_view: Option<String>,
    drawer: Html,
    on_action: &Callback<Action>,
) -> Html {
    if let Some(href) = full_view {
        return html! {
            <header class="masthead masthead--embed">
                <p class="masthead__title">{ "AKS Network Lab" }</p>
                <a class="masthead__full-view" {href} target="_blank" rel="noopener">
                    { "Open full view ↗" }
                </a>
            </header>
        };
    }
    html! {
        <header class="masthead">
            <div class="masthead__text">
                <h1 class="masthead__title">{ "AKS Network Lab" }</h1>
                <p class="masthead__tagline">
                    { "How Azure Kubernetes Service hands out addresses and moves packets, node by node and hop by hop." }
                </p>
            </div>
            { drawer }
            <button type="button" class="masthead__projector" aria-pressed={projector.to_string()}
                onclick={on_action.reform(|_| Action::ToggleProjector)}>
                { "Projector view" }
            </button>
        </header>
    }
}
