use web_sys::HtmlSelectElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ChoiceFieldProps {
    pub id: AttrValue,
    pub label: AttrValue,
    /// (value, label) pairs, in order.
    pub options: Vec<(AttrValue, AttrValue)>,
    pub selected: AttrValue,
    pub on_change: Callback<String>,
}

/// One choice among a few, as a labelled select.
#[component]
pub fn ChoiceField(props: &ChoiceFieldProps) -> Html {
    let on_change = props.on_change.reform(|event: Event| {
        let select: HtmlSelectElement = event.target_unchecked_into();
        select.value()
    });
    html! {
        <div class="choice-field">
            <label class="choice-field__label" for={props.id.clone()}>{ props.label.clone() }</label>
            <select class="choice-field__select" id={props.id.clone()} onchange={on_change}>
                { for props.options.iter().map(|(value, label)| html! {
                    <option value={value.clone()} selected={*value == props.selected}>{ label.clone() }</option>
                }) }
            </select>
        </div>
    }
}
