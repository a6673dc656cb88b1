use yew::prelude::*;

use aks_model::NetworkPlugin;

use crate::components::{choice_field, count_field, text_field};
use crate::fields::TextInput;
use crate::lessons::LESSONS;
use crate::presets::PRESETS;
use crate::service_choice::{
    outbound_label, outbound_url_name, policy_url_name, ServiceChoice, OUTBOUND_TYPES, POLICIES,
};
use crate::settings::Setting;
use crate::shared::Shared;
use crate::state::Action;
use crate::view_model::controls::ControlsView;

#[derive(Properties, PartialEq)]
pub struct ScenarioControlsProps {
    pub controls: Shared<ControlsView>,
    pub on_action: Callback<Action>,
}

/// The choices a select offers, as (value, label) pairs.
fn options<T: Copy>(
    all: &[T],
    value: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
) -> Vec<(&'static str, &'static str)> {
    all.iter().map(|&item| (value(item), label(item))).collect()
}

/// Every input of the scenario: the model, the counts and the ranges.
#[component]
pub fn ScenarioControls(props: &ScenarioControlsProps) -> Html {
    let controls = &props.controls;
    let on_action = &props.on_action;
    // A choice's value names its setting; a value that names none changes nothing.
    let set = |read: fn(&str) -> Option<Setting>| {
        let on_action = on_action.clone();
        Callback::from(move |value: String| {
            if let Some(setting) = read(&value) {
                on_action.emit(Action::Set(setting));
            }
        })
    };
    let on_service = set(|value| {
        let chosen = ServiceChoice::ALL
            .into_iter()
            .find(|c| c.url_name() == value);
        chosen.map(Setting::ServiceType)
    });
    let on_policy = set(|value| {
        let chosen = POLICIES.into_iter().find(|&p| policy_url_name(p) == value);
        chosen.map(Setting::TrafficPolicy)
    });
    let on_outbound = set(|value| {
        let chosen = OUTBOUND_TYPES
            .into_iter()
            .find(|&o| outbound_url_name(o) == value);
        chosen.map(Setting::OutboundType)
    });
    let preset_options: Vec<(&str, &str)> = std::iter::once(("", "Choose a prepared scenario…"))
        .chain(PRESETS.iter().map(|preset| (preset.name, preset.title)))
        .collect();
    let lesson_options: Vec<(&str, &str)> = std::iter::once(("", "No lesson"))
        .chain(LESSONS.iter().map(|lesson| (lesson.name, lesson.title)))
        .collect();
    html! {
        <div class="scenario-controls">
            { choice_field("preset", "Start from a preset", &preset_options,
                controls.preset.map_or("", |preset| preset.name), on_action.reform(Action::LoadPreset)) }
            if let Some(preset) = controls.preset {
                <p class="scenario-controls__preset" data-testid="preset-shows">{ preset.shows }</p>
            }
            { choice_field("lesson", "Follow a lesson", &lesson_options, controls.lesson.unwrap_or_default(),
                on_action.reform(|name: String| if name.is_empty() { Action::EndLesson } else { Action::GoToLessonStep(name, 0) })) }
            // The network model, as a group of radio buttons (arrow keys move between them).
            <fieldset class="plugin-picker">
                <legend>{ "Network model" }</legend>
                { for NetworkPlugin::ALL.into_iter().map(|plugin| html! {
                    <label class="plugin-picker__option">
                        <input type="radio" name="network-model" value={plugin.url_name()}
                            checked={plugin == controls.plugin}
                            onchange={on_action.reform(move |_: Event| Action::Set(Setting::Plugin(plugin)))} />
                        { plugin.to_string() }
                    </label>
                }) }
            </fieldset>
            { for controls.counts.iter().map(|count| {
                let which = count.count;
                count_field(count, &on_action.reform(move |text| Action::EditCount(which, text)))
            }) }
            <fieldset class="scenario-controls__service">
                <legend>{ format!("Service \"{}\" and egress", controls.service_name) }</legend>
                { choice_field("service-type", "Service type",
                    &options(&ServiceChoice::ALL, ServiceChoice::url_name, ServiceChoice::label),
                    controls.service.url_name(), on_service) }
                if controls.service != ServiceChoice::ClusterIp {
                    { choice_field("traffic-policy", "externalTrafficPolicy",
                        &options(&POLICIES, policy_url_name, policy_url_name),
                        policy_url_name(controls.policy), on_policy) }
                }
                { choice_field("outbound-type", "Outbound type",
                    &options(&OUTBOUND_TYPES, outbound_url_name, outbound_label),
                    outbound_url_name(controls.outbound), on_outbound) }
            </fieldset>
            <fieldset class="scenario-controls__ranges">
                <legend>{ "Address ranges" }</legend>
                { for TextInput::RANGES.iter().copied().filter(|input| input.applies_to(controls.plugin)).filter_map(|input| {
                    let placeholder = (input == TextInput::ServicesSubnet).then_some("none: the node subnet");
                    Some(text_field(controls.text(input)?, placeholder, true, on_action))
                }) }
            </fieldset>
        </div>
    }
}
