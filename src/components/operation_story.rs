use yew::prelude::*;

use crate::components::hops::cited;
use crate::state::Action;
use crate::view_model::operation::OperationView;

/// The step of an upgrade or a scale, told beside the diagram: what it
/// does, with its source; where the operation stops, AKS's failure, what
/// it means, the documented fix and a link that plays it again with a fix
/// that works. A plain function: it holds no state.
pub fn operation_story(operation: &OperationView, on_action: &Callback<Action>) -> Html {
    let stop = operation.stop.as_ref().map(|stop| {
        let fix = stop.fix.clone().map(|(offer, action, query)| {
            // A link (it can be copied or opened apart), played here.
            let onclick = on_action.reform(move |event: MouseEvent| {
                event.prevent_default();
                action.clone()
            });
            html! { <a class="verdict__fix" data-testid="upgrade-fix" href={query} {onclick}>{ offer }</a> }
        });
        html! {
            <div class="verdict verdict--failed" data-testid="operation-stop">
                <p class="verdict__message">{ stop.message.clone() }</p>
                <p>{ stop.explanation.clone() }</p>
                <p>{ format!("Documented fix: {}", stop.documented_fix) }</p>
                { fix.unwrap_or_default() }
            </div>
        }
    });
    html! {
        <div class="story" aria-live="polite" data-testid="operation-story">
            <p class="story__where">{ format!("Step {}", operation.step + 1) }</p>
            <p class="story__why">{ operation.sentence.clone() }{ cited(operation.source, operation.reference) }</p>
            { stop.unwrap_or_default() }
        </div>
    }
}
