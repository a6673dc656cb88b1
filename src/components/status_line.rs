use yew::prelude::*;

use crate::shared::Shared;
use crate::state::Lab;

#[derive(Properties, PartialEq)]
pub struct StatusLineProps {
    pub lab: Shared<Lab>,
}

/// One line that says whether the diagram shows what was asked, announced to
/// screen readers as it changes.
#[component]
pub fn StatusLine(props: &StatusLineProps) -> Html {
    let lab = &props.lab;
    let plan = &lab.plan;
    let (tone, message) = if let Some((_, problem)) = lab.problems.first() {
        (
            "error",
            format!("{problem} The diagram still shows the last valid cluster."),
        )
    } else if let Some(problem) = lab.url_problems.first() {
        let more = lab.url_problems.len() - 1;
        let more = if more > 0 {
            format!(" (+{more} more)")
        } else {
            String::new()
        };
        ("warning", format!("From the link: {problem}{more}"))
    } else if let Some(failure) = plan.failures.first() {
        ("warning", failure.to_string())
    } else {
        (
            "ok",
            format!(
                "{}: {} node(s) Ready, {} pod(s) Running.",
                plan.plugin,
                plan.ready_nodes().count(),
                plan.capacity.pods_running
            ),
        )
    };
    html! {
        <p class={classes!("status-line", format!("status-line--{tone}"))} role="status" aria-live="polite" data-testid="status">
            { message }
        </p>
    }
}
