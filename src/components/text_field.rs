use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TextFieldProps {
    pub id: AttrValue,
    pub label: AttrValue,
    /// The text as typed.
    pub text: AttrValue,
    #[prop_or_default]
    pub problem: Option<AttrValue>,
    /// Shown in an empty box: what leaving it empty means.
    #[prop_or_default]
    pub placeholder: Option<AttrValue>,
    pub on_edit: Callback<String>,
}

/// A value typed as text (an address range, an address, a port), read by
/// the model as you type, with its problem under it.
#[component]
pub fn TextField(props: &TextFieldProps) -> Html {
    let on_edit = props.on_edit.clone();
    let oninput = Callback::from(move |event: InputEvent| {
        let input: HtmlInputElement = event.target_unchecked_into();
        on_edit.emit(input.value());
    });
    let error_id = format!("{}-error", props.id);
    html! {
        <div class={classes!("text-field", props.problem.is_some().then_some("text-field--invalid"))}>
            <label class="text-field__label" for={props.id.clone()}>{ props.label.clone() }</label>
            <input
                class="text-field__input"
                id={props.id.clone()}
                type="text"
                spellcheck="false"
                autocomplete="off"
                value={props.text.clone()}
                placeholder={props.placeholder.clone()}
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
