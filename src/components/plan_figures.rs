use yew::prelude::*;

use crate::components::{capacity_chart, CONCEALED};
use crate::view_model::figures::FiguresView;

/// The capacity figures, what fails and why, and the lab's modelling notes;
/// the figure of test id `concealed` hidden (a lesson asks for it). A plain
/// function: it holds no state.
pub fn plan_figures(view: &FiguresView, concealed: Option<&str>) -> Html {
    html! {
        <div class="plan-figures">
            <dl class="plan-figures__list">
                { for view.figures.iter().map(|figure| {
                    let hidden = concealed == Some(figure.test_id);
                    html! {
                        <div class="figure" data-concealed={hidden.then_some("true")}>
                            <dt>{ figure.label.clone() }</dt>
                            <dd><span class="figure__value" data-testid={figure.test_id}>
                                { if hidden { CONCEALED.to_string() } else { figure.value.clone() } }</span>
                                if !hidden {
                                    <span class="figure__note">{ figure.note.clone() }</span>
                                }</dd>
                        </div>
                    }
                }) }
            </dl>
            if !view.failures.is_empty() {
                <ul class="failures" aria-label="What fails">
                    { for view.failures.iter().map(|failure| html! {
                        <li class="failure">
                            <p class="failure__message">{ failure.message.clone() }</p>
                            <p class="failure__explanation">{ failure.explanation.clone() }</p>
                            <p class="failure__fix">{ failure.fix.clone() }</p>
                        </li>
                    }) }
                </ul>
            }
            if !view.warnings.is_empty() {
                <ul class="warnings" aria-label="Warnings">
                    { for view.warnings.iter().map(|warning| html! { <li>{ warning.clone() }</li> }) }
                </ul>
            }
            { capacity_chart(&view.chart) }
            <details class="notes">
                <summary>{ "How the lab models this" }</summary>
                <ul>{ for view.notes.iter().map(|note| html! { <li>{ note.clone() }</li> }) }</ul>
            </details>
        </div>
    }
}
