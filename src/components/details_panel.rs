use yew::prelude::*;

/// The panel with the address plan's figures and the selected hop's details.
#[component]
pub fn DetailsPanel() -> Html {
    html! {
        <section class="panel panel--details" aria-labelledby="details-heading">
            <h2 id="details-heading" class="panel__heading">{ "Address plan" }</h2>
            <p class="panel__hint">
                { "Usable addresses, what is used and reserved, and what runs out first." }
            </p>
        </section>
    }
}
