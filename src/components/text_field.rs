use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::state::Action;
use crate::view_model::controls::TextView;

/// A value typed as text (an address range, an address, a port), read by
/// the model as you type, with its problem under it when `with_problem`.
/// `placeholder` says what leaving it empty means. A plain function: it
/// holds no state.
pub fn text_field(
    field: &TextView,
    placeholder: Option<&'static str>,
    with_problem: bool,
    on_action: &Callback<Action>,
) -> Html {
    let input = field.input;
    let oninput = on_action.reform(move |event: InputEvent| {
        let element: HtmlInputElement = event.target_unchecked_into();
        Action::EditText(input, element.value())
    });
    let problem = field.problem.as_ref().filter(|_| with_problem);
    let error_id = format!("{}-error", input.id());
    html! {
        <div key={input.id()} class={classes!("text-field", problem.is_some().then_some("text-field--invalid"))}>
            <label class="text-field__label" for={input.id()}>{ input.label() }</label>
            <input
                class="text-field__input"
                id={input.id()}
                type="text"
                spellcheck="false"
                autocomplete="off"
                value={field.text.clone()}
                {placeholder}
                aria-invalid={problem.is_some().then_some("true")}
                aria-describedby={problem.is_some().then_some(error_id.clone())}
                {oninput}
            />
            if let Some(problem) = problem {
                <p class="field-error" id={error_id}>{ problem.clone() }</p>
            }
        </div>
    }
}
