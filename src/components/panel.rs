use yew::prelude::*;

/// One region of the page: a labelled section with a heading, so that screen
/// readers list it among the page's landmarks. `name` names the region, its
/// heading (`{name}-heading`) and its CSS modifier. A plain function, like
/// [`super::masthead`]: no state, and no component's cost in the bundle.
pub fn panel(name: &str, title: &'static str, children: Html) -> Html {
    let heading_id = format!("{name}-heading");
    html! {
        <section class={format!("panel panel--{name}")} aria-labelledby={heading_id.clone()}>
            <h2 id={heading_id} class="panel__heading">{ title }</h2>
            { children }
        </section>
    }
}
