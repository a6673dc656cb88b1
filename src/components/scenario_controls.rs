use yew::prelude::*;

use crate::components::{ChoiceField, CountField, PluginPicker, TextField};
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
) -> Vec<(AttrValue, AttrValue)> {
    all.iter()
        .map(|&item| (value(item).into(), label(item).into()))
        .collect()
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
                selected={controls.preset.map_or("", |preset| preset.name)}
                on_change={on_action.reform(Action::LoadPreset)} />
            if let Some(preset) = controls.preset {
                <p class="scenario-controls__preset" data-testid="preset-shows">{ preset.shows }</p>
            }
            <ChoiceField id="lesson" label="Follow a lesson" options={lesson_options}
                selected={controls.lesson.unwrap_or_default()}
                on_change={on_action.reform(|name: String| if name.is_empty() { Action::EndLesson } else { Action::GoToLessonStep(name, 0) })} />
            <PluginPicker
                selected={controls.plugin}
                on_select={on_action.reform(|plugin| Action::Set(Setting::Plugin(plugin)))}
            />
            { for controls.counts.iter().map(|count| {
                let which = count.count;
                html! {
                    <CountField key={count.id} id={count.id} label={count.label.clone()} value={count.value}
                        min={count.min} slider_max={Some(count.slider_max)} problem={count.problem.clone().map(AttrValue::from)}
                        on_change={on_action.reform(move |text| Action::EditCount(which, text))} />
                }
            }) }
            <fieldset class="scenario-controls__service">
                <legend>{ format!("Service \"{}\" and egress", controls.service_name) }</legend>
                <ChoiceField id="service-type" label="Service type"
                    options={options(&ServiceChoice::ALL, ServiceChoice::url_name, ServiceChoice::label)}
                    selected={controls.service.url_name()} on_change={on_service} />
                if controls.service != ServiceChoice::ClusterIp {
                    <ChoiceField id="traffic-policy" label="externalTrafficPolicy"
                        options={options(&POLICIES, policy_url_name, policy_url_name)}
                        selected={policy_url_name(controls.policy)} on_change={on_policy} />
                }
                <ChoiceField id="outbound-type" label="Outbound type"
                    options={options(&OUTBOUND_TYPES, outbound_url_name, outbound_label)}
                    selected={outbound_url_name(controls.outbound)} on_change={on_outbound} />
            </fieldset>
            <fieldset class="scenario-controls__ranges">
                <legend>{ "Address ranges" }</legend>
                { for TextInput::RANGES.iter().copied().filter(|input| input.applies_to(controls.plugin)).filter_map(|input| {
                    let field = controls.text(input)?;
                    Some(html! {
                        <TextField
                            key={input.label()}
                            id={input.id()}
                            label={input.label()}
                            text={field.text.clone()}
                            problem={field.problem.clone().map(AttrValue::from)}
                            placeholder={(input == TextInput::ServicesSubnet).then_some(AttrValue::from("none: the node subnet"))}
                            on_edit={on_action.reform(move |text| Action::EditText(input, text))}
                        />
                    })
                }) }
            </fieldset>
        </div>
    }
}
