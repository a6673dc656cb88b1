use yew::prelude::*;

use crate::view_model::Status;

#[derive(Properties, PartialEq)]
pub struct StatusLineProps {
    pub status: Status,
}

/// One line that says whether the diagram shows what was asked, announced to
/// screen readers as it changes.
#[component]
pub fn StatusLine(props: &StatusLineProps) -> Html {
    let Status { tone, message } = &props.status;
    html! {
        <p class={classes!("status-line", format!("status-line--{tone}"))} role="status" aria-live="polite" data-testid="status">
            { message.clone() }
        </p>
    }
}
