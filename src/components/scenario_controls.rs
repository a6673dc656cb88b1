use aks_model::input::parse_count;
use aks_model::validation::Field;
use yew::prelude::*;

use crate::components::{ChoiceField, CountField, PluginPicker, TextField};
use crate::fields::TextInput;
use crate::lessons::LESSONS;
use crate::presets::PRESETS;
use crate::service_choice::{
    outbound_label, outbound_url_name, policy_url_name, ServiceChoice, OUTBOUND_TYPES, POLICIES,
};
use crate::shared::Shared;
use crate::state::{Action, Lab};

#[derive(Properties, PartialEq)]
pub struct ScenarioControlsProps {
    pub lab: Shared<Lab>,
    pub on_action: Callback<Action>,
}

/// Every input of the scenario: the model, the counts and the ranges.
#[component]
pub fn ScenarioControls(props: &ScenarioControlsProps) -> Html {
    let lab = &props.lab;
    let spec = &lab.spec;
    let problem = |field: &Field| lab.problem_for(field).map(AttrValue::from);
    // A count is read by the model; what does not read is shown, not applied.
    let action = |make: fn(u32) -> Action, field: Field| {
        props
            .on_action
            .reform(move |text: String| match parse_count(&text) {
                Ok(count) => make(count),
                Err(error) => Action::Unreadable(field.clone(), error.to_string()),
            })
    };
    let deployment = spec.deployments.first();
    let deployment_name = deployment.map_or("", |d| d.name.as_str());
    let replicas = deployment.map_or(0, |d| d.replicas);
    let service = spec.services.first();
    let choice = service.map_or(ServiceChoice::ClusterIp, |s| ServiceChoice::of(&s.kind));
    // Pod-count errors name no deployment (they are about all of them).
    let replicas_field = Field::Deployment(String::new());
    let options = |pairs: Vec<(&'static str, &'static str)>| -> Vec<(AttrValue, AttrValue)> {
        pairs
            .into_iter()
            .map(|(value, label)| (value.into(), label.into()))
            .collect()
    };
    let service_options = options(
        ServiceChoice::ALL
            .iter()
            .map(|c| (c.url_name(), c.label()))
            .collect(),
    );
    let policy_options = options(
        POLICIES
            .iter()
            .map(|&p| (policy_url_name(p), policy_url_name(p)))
            .collect(),
    );
    let outbound_options = options(
        OUTBOUND_TYPES
            .iter()
            .map(|&o| (outbound_url_name(o), outbound_label(o)))
            .collect(),
    );
    let on_service = props.on_action.reform(|value: String| {
        let chosen = ServiceChoice::ALL
            .into_iter()
            .find(|c| c.url_name() == value);
        Action::SetServiceType(chosen.unwrap_or(ServiceChoice::ClusterIp))
    });
    let on_policy = props.on_action.reform(|value: String| {
        let chosen = POLICIES.into_iter().find(|&p| policy_url_name(p) == value);
        Action::SetTrafficPolicy(chosen.unwrap_or_default())
    });
    let on_outbound = props.on_action.reform(|value: String| {
        let chosen = OUTBOUND_TYPES
            .into_iter()
            .find(|&o| outbound_url_name(o) == value);
        Action::SetOutboundType(chosen.unwrap_or_default())
    });
    let preset_options: Vec<(AttrValue, AttrValue)> =
        std::iter::once(("", "Choose a prepared scenario…"))
            .chain(PRESETS.iter().map(|preset| (preset.name, preset.title)))
            .map(|(value, label)| (value.into(), label.into()))
            .collect();
    let lesson_options: Vec<(AttrValue, AttrValue)> = std::iter::once(("", "No lesson"))
        .chain(LESSONS.iter().map(|lesson| (lesson.name, lesson.title)))
        .map(|(value, label)| (value.into(), label.into()))
        .collect();
    html! {
        <div class="scenario-controls">
            <ChoiceField id="preset" label="Start from a preset" options={preset_options}
                selected={lab.preset.map_or("", |preset| preset.name)}
                on_change={props.on_action.reform(Action::LoadPreset)} />
            if let Some(preset) = lab.preset {
                <p class="scenario-controls__preset" data-testid="preset-shows">{ preset.shows }</p>
            }
            <ChoiceField id="lesson" label="Follow a lesson" options={lesson_options}
                selected={lab.lesson.map_or("", |(lesson, _)| lesson.name)}
                on_change={props.on_action.reform(|name: String| if name.is_empty() { Action::EndLesson } else { Action::GoToLessonStep(name, 0) })} />
            <PluginPicker
                selected={spec.plugin}
                on_select={props.on_action.reform(Action::SelectPlugin)}
            />
            <CountField id="nodes" label="Nodes" value={spec.node_count} min={1} slider_max={Some(50)}
                problem={problem(&Field::NodeCount)} on_change={action(Action::SetNodeCount, Field::NodeCount)} />
            <CountField id="replicas" label={format!("Replicas of {deployment_name}")} value={replicas} min={0} slider_max={Some(500)}
                problem={problem(&replicas_field)} on_change={action(Action::SetReplicas, replicas_field.clone())} />
            <CountField id="max-pods" label="Max pods per node" value={spec.max_pods} min={10} slider_max={Some(250)}
                problem={problem(&Field::MaxPods)} on_change={action(Action::SetMaxPods, Field::MaxPods)} />
            <CountField id="surge" label="Max surge (upgrade)" value={spec.max_surge} min={0} slider_max={Some(10)}
                problem={problem(&Field::MaxSurge)} on_change={action(Action::SetMaxSurge, Field::MaxSurge)} />
            <fieldset class="scenario-controls__service">
                <legend>{ format!("Service \"{}\" and egress", service.map_or("", |s| s.name.as_str())) }</legend>
                <ChoiceField id="service-type" label="Service type" options={service_options}
                    selected={choice.url_name()} on_change={on_service} />
                if choice != ServiceChoice::ClusterIp {
                    <ChoiceField id="traffic-policy" label="externalTrafficPolicy" options={policy_options}
                        selected={service.map_or("cluster", |s| policy_url_name(s.external_traffic_policy))}
                        on_change={on_policy} />
                }
                <ChoiceField id="outbound-type" label="Outbound type" options={outbound_options}
                    selected={outbound_url_name(spec.outbound_type)} on_change={on_outbound} />
            </fieldset>
            <fieldset class="scenario-controls__ranges">
                <legend>{ "Address ranges" }</legend>
                { for TextInput::RANGES.iter().copied().filter(|input| input.applies_to(spec.plugin)).map(|input| html! {
                    <TextField
                        key={input.label()}
                        id={input.id()}
                        label={input.label()}
                        text={lab.drafts[input as usize].clone()}
                        problem={problem(&input.field(spec))}
                        placeholder={(input == TextInput::ServicesSubnet).then_some(AttrValue::from("none: the node subnet"))}
                        on_edit={props.on_action.reform(move |text| Action::EditText(input, text))}
                    />
                }) }
            </fieldset>
        </div>
    }
}
