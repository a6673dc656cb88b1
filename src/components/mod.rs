//! One component per thing the learner sees.

mod address_map_view;
mod capacity_chart;
mod choice_field;
mod cluster_diagram;
mod count_field;
mod export_panel;
mod hops;
mod lesson_panel;
mod masthead;
mod model_comparison;
mod node_pools;
mod operation_story;
mod panel;
mod plan_figures;
mod scenario_controls;
mod service_anatomy;
mod text_field;
mod transport;

pub use address_map_view::address_maps;
pub use capacity_chart::capacity_chart;
pub use choice_field::choice_field;
pub use cluster_diagram::ClusterDiagram;
pub use count_field::count_field;
pub use export_panel::ExportPanel;
pub use hops::{hop_list, hop_story};
pub use lesson_panel::lesson_panel;
pub use masthead::masthead;
pub use model_comparison::{compare_tabs, model_comparison};
pub use node_pools::node_pools;
pub use operation_story::operation_story;
pub use panel::panel;
pub use plan_figures::plan_figures;
pub use scenario_controls::ScenarioControls;
pub use service_anatomy::ServiceAnatomy;
pub use text_field::text_field;
pub use transport::Transport;

/// A packet's verdict as every part of the widget shows it: its words
/// (after `lead`, if any), marked by outcome in colour and in words.
pub fn verdict_view(
    verdict: &crate::view_model::packet::VerdictView,
    test_id: &'static str,
    lead: Option<String>,
) -> yew::Html {
    yew::html! {
        <p class={format!("verdict verdict--{}", verdict.outcome.class())} data-testid={test_id}>
            if let Some(lead) = lead {
                <strong>{ lead }</strong>
            }
            { verdict.text.clone() }
        </p>
    }
}

/// What stands for a figure a lesson asks the learner to predict.
pub const CONCEALED: &str = "?";

/// One line that says whether the diagram shows what was asked, announced to
/// screen readers as it changes; the rest of its list opens under it. A
/// plain function: it holds no state.
pub fn status_line(status: &crate::view_model::Status) -> yew::Html {
    yew::html! {
        <div class={format!("status-line status-line--{}", status.tone.class())} data-testid="status-line">
            <p class="status-line__message" role="status" aria-live="polite" data-testid="status">
                { status.message.clone() }
            </p>
            if !status.more.is_empty() {
                <details class="status-line__more" data-testid="status-more">
                    <summary>{ format!("{} more", status.more.len()) }</summary>
                    <ul>{ for status.more.iter().map(|line| yew::html! { <li>{ line.clone() }</li> }) }</ul>
                </details>
            }
        </div>
    }
}

/// Writes `text` into a readout element (what the pointer is on) directly,
/// without a re-render of what the pointer moves over.
pub fn read_out(readout: &yew::NodeRef, text: &str) {
    if let Some(out) = readout.cast::<web_sys::HtmlElement>() {
        out.set_text_content(Some(text));
    }
}
