use yew::prelude::*;

/// The title bar: what the widget is, in one line.
#[component]
pub fn Masthead() -> Html {
    html! {
        <header class="masthead">
            <h1 class="masthead__title">{ "AKS Network Lab" }</h1>
            <p class="masthead__tagline">
                { "How Azure Kubernetes Service hands out addresses and moves packets, node by node and hop by hop." }
            </p>
        </header>
    }
}
