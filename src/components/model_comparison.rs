use std::rc::Rc;

use aks_model::path::Trace;
use aks_model::NetworkPlugin;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::compare::differences;
use crate::components::{verdict_view, ClusterDiagram};
use crate::shared::Shared;
use crate::state::{Action, Lab};

#[derive(Properties, PartialEq)]
pub struct ModelComparisonProps {
    pub lab: Shared<Lab>,
    pub on_action: Callback<Action>,
}

/// The picker for a second model, and when one is picked: the same inputs
/// drawn under it (with the followed packet at the same hop, as far as its
/// path goes) and the differences between the two, in words.
#[component]
pub fn ModelComparison(props: &ModelComparisonProps) -> Html {
    let lab = &props.lab;
    let compared = use_memo(
        (
            lab.compare.as_ref().map(|(plugin, _)| *plugin),
            lab.plan.clone(),
            lab.flow.clone(),
        ),
        {
            let lab = lab.clone();
            move |_| lab.compared_trace()
        },
    );
    let on_pick = props.on_action.reform(|event: Event| {
        let select: HtmlSelectElement = event.target_unchecked_into();
        Action::Compare(NetworkPlugin::from_url_name(&select.value()))
    });
    let picked = lab.compare.as_ref().map(|(plugin, _)| *plugin);
    html! {
        <div class="comparison">
            <div class="comparison__picker">
                <label for="compare">{ "Compare with" }</label>
                <select id="compare" onchange={on_pick}>
                    <option value="" selected={picked.is_none()}>{ "No second model" }</option>
                    { for NetworkPlugin::ALL.into_iter().filter(|plugin| *plugin != lab.spec.plugin).map(|plugin| html! {
                        <option value={plugin.url_name()} selected={picked == Some(plugin)}>{ plugin.to_string() }</option>
                    }) }
                </select>
            </div>
            if let Some((plugin, planned)) = &lab.compare {
                <figure class="comparison__second" data-testid="compared">
                    <figcaption>{ format!("The same inputs under {plugin}") }</figcaption>
                    { match planned {
                        Ok(plan) => {
                            let trace: Rc<Option<Trace>> = Rc::new((*compared).clone());
                            let last = trace.as_ref().as_ref().map_or(0, |t| (t.lookup.len() + t.hops.len()).saturating_sub(1));
                            html! {
                                <>
                                    <ClusterDiagram plan={plan.clone()} trace={trace.clone()} step={lab.step.min(last)}
                                        move_ms={lab.speed.hop_ms() / 2} on_action={props.on_action.clone()} />
                                    if let Some(t) = trace.as_ref() {
                                        { verdict_view(&t.verdict, "compared-verdict", Some(format!("Under {plugin}: "))) }
                                    }
                                </>
                            }
                        }
                        Err(why) => html! { <p class="field-error">{ format!("These inputs do not fit {plugin}: {why}") }</p> },
                    } }
                </figure>
                if let Ok(plan) = planned {
                    <table class="comparison__table" data-testid="differences">
                        <thead>
                            <tr><th scope="col">{ "" }</th><th scope="col">{ lab.spec.plugin.to_string() }</th><th scope="col">{ plugin.to_string() }</th></tr>
                        </thead>
                        <tbody>
                            { for differences([&lab.plan, plan]).into_iter().map(|row| html! {
                                <tr>
                                    <th scope="row">{ row.what }</th>
                                    <td>{ row.values[0].clone() }</td>
                                    <td>{ row.values[1].clone() }</td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                }
            }
        </div>
    }
}
