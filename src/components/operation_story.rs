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
            // A link: opened apart with a modifier key, played here otherwise.
            let on_action = on_action.clone();
            let onclick = Callback::from(move |event: MouseEvent| {
                let apart = event.ctrl_key() || event.meta_key() || event.shift_key() || event.alt_key();
                if !apart && event.button() == 0 {
                    event.prevent_default();
                    on_action.emit(action.clone());
                }
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
        <div class="story" data-testid="operation-story">
            // Only the step is announced as it changes: the rest is read on demand.
            <p class="story__where" aria-live="polite" aria-atomic="true">{ format!("Step {} of {}", operation.step + 1, operation.steps) }</p>
            <p class="story__why">{ operation.sentence.clone() }{ cited(operation.source, operation.reference) }</p>
            { stop.unwrap_or_default() }
        </div>
    }
}
