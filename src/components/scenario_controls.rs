use yew::prelude::*;

use aks_model::NetworkPlugin;

use crate::components::{choice_field, count_field, node_pools, text_field};
use crate::fields::TextInput;
use crate::lessons::LESSONS;
use crate::presets::PRESETS;
use crate::service_choice::{
    allocation_label, dataplane_label, outbound_label, policy_engine_label, policy_label,
    ServiceChoice,
};
use crate::settings::Setting;
use crate::shared::Shared;
use crate::state::Action;
use crate::url::LinkName;
use crate::view_model::controls::ControlsView;

#[derive(Properties, PartialEq)]
pub struct ScenarioControlsProps {
    pub controls: Shared<ControlsView>,
    pub on_action: Callback<Action>,
}

/// The choices a select offers, as (value, label) pairs: the value is the
/// choice's name in a link.
fn options<T: LinkName>(label: fn(T) -> &'static str) -> Vec<(&'static str, &'static str)> {
    T::ALL
        .iter()
        .map(|&choice| (choice.link_name(), label(choice)))
        .collect()
}

/// What choosing a value of a select of `T` does: sets the choice it names.
fn choose<T: LinkName>(
    on_action: &Callback<Action>,
    setting: fn(T) -> Setting,
) -> Callback<String> {
    let on_action = on_action.clone();
    Callback::from(move |value: String| {
        if let Some(choice) = T::named(&value) {
            on_action.emit(Action::Set(setting(choice)));
        }
    })
}

/// Every input of the scenario: the model, the counts and the ranges.
#[component]
pub fn ScenarioControls(props: &ScenarioControlsProps) -> Html {
    let controls = &props.controls;
    let on_action = &props.on_action;
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
            { choice_field("lesson", "Follow a lesson", &lesson_options, controls.lesson.unwrap_or_default(),
                on_action.reform(|name: String| if name.is_empty() { Action::EndLesson } else { Action::GoToLessonStep(name, 0) })) }
            // The network model, as a group of radio buttons (arrow keys move between them).
            <fieldset class="plugin-picker">
                <legend>{ "Network model" }</legend>
                { for NetworkPlugin::ALL.into_iter().map(|plugin| html! {
                    <label class="plugin-picker__option">
                        <input type="radio" name="network-model" value={plugin.link_name()}
                            checked={plugin == controls.plugin}
                            onchange={on_action.reform(move |_: Event| Action::Set(Setting::Plugin(plugin)))} />
                        { plugin.to_string() }
                    </label>
                }) }
            </fieldset>
            { choice_field("dataplane", "Dataplane", &options(dataplane_label),
                controls.dataplane.link_name(), choose(on_action, Setting::Dataplane)) }
            if let Some(problem) = &controls.dataplane_problem {
                <p class="field-error" id="dataplane-error">{ problem.clone() }</p>
            }
            { for controls.counts.iter().map(|count| {
                let which = count.count;
                count_field(count, &on_action.reform(move |text| Action::EditCount(which, text)))
            }) }
            { node_pools(controls, on_action) }
            <fieldset class="scenario-controls__service">
                <legend>{ format!("Service \"{}\" and egress", controls.service_name) }</legend>
                { choice_field("service-type", "Service type", &options(ServiceChoice::label),
                    controls.service.link_name(), choose(on_action, Setting::ServiceType)) }
                if controls.service != ServiceChoice::ClusterIp {
                    { choice_field("traffic-policy", "externalTrafficPolicy", &options(policy_label),
                        controls.policy.link_name(), choose(on_action, Setting::TrafficPolicy)) }
                }
                { choice_field("outbound-type", "Outbound type", &options(outbound_label),
                    controls.outbound.link_name(), choose(on_action, Setting::OutboundType)) }
            </fieldset>
            <fieldset class="scenario-controls__policies" data-testid="policies">
                <legend>{ "Network policy (namespace of \"web\")" }</legend>
                { for controls.policies.iter().map(|&(policy, applied)| html! {
                    <label class="scenario-controls__check">
                        <input type="checkbox" checked={applied} value={policy.name()}
                            onchange={on_action.reform(move |_: Event| Action::Set(Setting::TogglePolicy(policy)))} />
                        <span><code>{ policy.name() }</code>{ format!(": {}", policy.rule()) }</span>
                    </label>
                }) }
                { choice_field("policy-engine", "Enforced by", &options(policy_engine_label),
                    controls.policy_engine.link_name(), choose(on_action, Setting::PolicyEngine)) }
                if let Some(problem) = &controls.policy_engine_problem {
                    <p class="field-error" id="policy-engine-error">{ problem.clone() }</p>
                }
            </fieldset>
            <fieldset class="scenario-controls__policies" data-testid="nsg">
                <legend>{ "NSG on the cluster's subnets (inbound)" }</legend>
                { for controls.required_nsg.iter().map(|&(rule, kept, allows)| html! {
                    <label class="scenario-controls__check">
                        <input type="checkbox" checked={kept} value={rule.name()}
                            onchange={on_action.reform(move |_: Event| Action::Set(Setting::ToggleRequiredNsgRule(rule)))} />
                        <span>{ format!("{} ", rule.priority()) }<code>{ rule.name() }</code>{ format!(": Allow {allows}") }</span>
                    </label>
                }) }
                if let Some(field) = controls.text(TextInput::NsgRules) {
                    { text_field(field, Some("e.g. 4000-deny-0.0.0.0/0"), true, on_action) }
                }
                <p class="scenario-controls__hint">{ "Then Azure's defaults: 65000 AllowVnetInBound, 65001 AllowAzureLoadBalancerInBound (the health probes), 65500 DenyAllInBound." }</p>
            </fieldset>
            <fieldset class="scenario-controls__ranges">
                <legend>{ "Address ranges" }</legend>
                if controls.plugin.uses_pod_subnet() {
                    { choice_field("pod-ip-allocation", "Pod IP allocation", &options(allocation_label),
                        controls.pod_ip_allocation.link_name(), choose(on_action, Setting::PodIpAllocation)) }
                }
                { for TextInput::RANGES.iter().copied().filter(|input| input.applies_to(controls.plugin)).filter_map(|input| {
                    let placeholder = (input == TextInput::ServicesSubnet).then_some("none: the node subnet");
                    Some(text_field(controls.text(input)?, placeholder, true, on_action))
                }) }
            </fieldset>
        </div>
    }
}
