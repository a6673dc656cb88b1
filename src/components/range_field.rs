use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct RangeFieldProps {
    pub id: AttrValue,
    pub label: AttrValue,
    /// The text as typed.
    pub text: AttrValue,
    #[prop_or_default]
    pub problem: Option<AttrValue>,
    pub on_edit: Callback<String>,
}

/// An address range (or address) typed as text, checked as you type.
#[component]
pub fn RangeField(props: &RangeFieldProps) -> Html {
    let on_edit = props.on_edit.clone();
    let oninput = Callback::from(move |event: InputEvent| {
        let input: HtmlInputElement = event.target_unchecked_into();
        on_edit.emit(input.value());
    });
    let error_id = format!("{}-error", props.id);
    html! {
        <div class={classes!("range-field", props.problem.is_some().then_some("range-field--invalid"))}>
            <label class="range-field__label" for={props.id.clone()}>{ props.label.clone() }</label>
            <input
                class="range-field__input"
                id={props.id.clone()}
                type="text"
                spellcheck="false"
                autocomplete="off"
                value={props.text.clone()}
                aria-invalid={props.problem.is_some().then_some("true")}
                aria-describedby={props.problem.is_some().then_some(error_id.clone())}
                {oninput}
            />
            if let Some(problem) = &props.problem {
                <p class="field-error" id={error_id}>{ problem.clone() }</p>
            }
        </div>
    }
}
