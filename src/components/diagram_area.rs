use yew::prelude::*;

/// The area where the VNet, its subnets, the nodes and their pods are drawn.
#[component]
pub fn DiagramArea() -> Html {
    html! {
        <section class="panel panel--diagram" aria-labelledby="diagram-heading">
            <h2 id="diagram-heading" class="panel__heading">{ "Cluster network" }</h2>
            <p class="panel__hint">
                { "The VNet, its subnets, every node and pod with its address, and the path a packet takes." }
            </p>
        </section>
    }
}
