use std::rc::Rc;

use aks_model::validation::Field;
use yew::prelude::*;

use crate::components::{CountField, PluginPicker, RangeField};
use crate::fields::RangeInput;
use crate::state::{Action, Lab};

#[derive(Properties, PartialEq)]
pub struct ScenarioControlsProps {
    pub lab: Rc<Lab>,
    pub on_action: Callback<Action>,
}

/// Every input of the scenario: the model, the counts and the ranges.
#[component]
pub fn ScenarioControls(props: &ScenarioControlsProps) -> Html {
    let lab = &props.lab;
    let spec = &lab.spec;
    let problem = |field: &Field| lab.problem_for(field).map(AttrValue::from);
    let action = |make: fn(u32) -> Action| props.on_action.reform(make);
    let replicas = spec.deployments.first().map_or(0, |d| d.replicas);
    html! {
        <div class="scenario-controls">
            <PluginPicker
                selected={spec.plugin}
                on_select={props.on_action.reform(Action::SelectPlugin)}
            />
            <CountField id="nodes" label="Nodes" value={spec.node_count} min={1} slider_max={50}
                problem={problem(&Field::NodeCount)} on_change={action(Action::SetNodeCount)} />
            <CountField id="replicas" label="Replicas of web" value={replicas} min={0} slider_max={500}
                problem={problem(&Field::Deployment(String::new()))} on_change={action(Action::SetReplicas)} />
            <CountField id="max-pods" label="Max pods per node" value={spec.max_pods} min={10} slider_max={250}
                problem={problem(&Field::MaxPods)} on_change={action(Action::SetMaxPods)} />
            <CountField id="surge" label="Max surge (upgrade)" value={spec.max_surge} min={0} slider_max={10}
                problem={problem(&Field::MaxSurge)} on_change={action(Action::SetMaxSurge)} />
            <fieldset class="scenario-controls__ranges">
                <legend>{ "Address ranges" }</legend>
                { for RangeInput::ALL.into_iter().filter(|input| input.applies_to(spec.plugin)).map(|input| html! {
                    <RangeField
                        key={input.label()}
                        id={format!("range-{}", input.label().to_lowercase().replace(' ', "-"))}
                        label={input.label()}
                        text={lab.drafts.get(&input).cloned().unwrap_or_default()}
                        problem={problem(&input.field())}
                        on_edit={props.on_action.reform(move |text| Action::EditRange(input, text))}
                    />
                }) }
            </fieldset>
        </div>
    }
}
