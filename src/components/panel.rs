use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PanelProps {
    /// Names the region and its heading (`{name}-heading`), and its CSS modifier.
    pub name: AttrValue,
    pub title: AttrValue,
    #[prop_or_default]
    pub children: Html,
}

/// One region of the page: a labelled section with a heading, so that screen
/// readers list it among the page's landmarks.
#[component]
pub fn Panel(props: &PanelProps) -> Html {
    let heading_id = format!("{}-heading", props.name);
    html! {
        <section class={classes!("panel", format!("panel--{}", props.name))} aria-labelledby={heading_id.clone()}>
            <h2 id={heading_id} class="panel__heading">{ props.title.clone() }</h2>
            { props.children.clone() }
        </section>
    }
}
