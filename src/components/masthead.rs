use yew::prelude::*;

use crate::state::Action;

#[derive(Properties, PartialEq)]
pub struct MastheadProps {
    pub projector: bool,
    pub on_action: Callback<Action>,
}

/// The title bar: what the widget is, in one line, and the projector switch.
#[component]
pub fn Masthead(props: &MastheadProps) -> Html {
    html! {
        <header class="masthead">
            <div class="masthead__text">
                <h1 class="masthead__title">{ "AKS Network Lab" }</h1>
                <p class="masthead__tagline">
                    { "How Azure Kubernetes Service hands out addresses and moves packets, node by node and hop by hop." }
                </p>
            </div>
            <button type="button" class="masthead__projector" aria-pressed={props.projector.to_string()}
                onclick={props.on_action.reform(|_| Action::ToggleProjector)}>
                { "Projector view" }
            </button>
        </header>
    }
}
