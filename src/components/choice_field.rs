use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// One choice among a few, as a labelled select: `options` are (value,
/// label) pairs, in order. A plain function, like [`super::masthead`]: it
/// holds no state, and each component costs ~1 KB of bundle.
pub fn choice_field(
    id: &'static str,
    label: &str,
    options: &[(&'static str, &'static str)],
    selected: &str,
    on_change: Callback<String>,
) -> Html {
    let on_change = on_change.reform(|event: Event| {
        let select: HtmlSelectElement = event.target_unchecked_into();
        select.value()
    });
    html! {
        <div class="choice-field">
            <label class="choice-field__label" for={id}>{ label.to_string() }</label>
            <select class="choice-field__select" {id} onchange={on_change}>
                { for options.iter().map(|&(value, label)| html! {
                    <option {value} selected={value == selected}>{ label }</option>
                }) }
            </select>
        </div>
    }
}
