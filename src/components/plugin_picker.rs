use aks_model::NetworkPlugin;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PluginPickerProps {
    pub selected: NetworkPlugin,
    pub on_select: Callback<NetworkPlugin>,
}

/// The network model, as a group of radio buttons (arrow keys move between them).
#[component]
pub fn PluginPicker(props: &PluginPickerProps) -> Html {
    html! {
        <fieldset class="plugin-picker">
            <legend>{ "Network model" }</legend>
            { for NetworkPlugin::ALL.into_iter().map(|plugin| {
                let on_select = props.on_select.clone();
                html! {
                    <label class="plugin-picker__option">
                        <input
                            type="radio"
                            name="network-model"
                            value={plugin.url_name()}
                            checked={plugin == props.selected}
                            onchange={Callback::from(move |_: Event| on_select.emit(plugin))}
                        />
                        { plugin.to_string() }
                    </label>
                }
            }) }
        </fieldset>
    }
}
