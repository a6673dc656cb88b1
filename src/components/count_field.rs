use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::view_model::controls::CountView;

/// A count: a slider for quick changes and a number box for exact ones, with
/// the validation message under them. The number box accepts anything:
/// reading it (and saying what is wrong with it) is the model's job. The
/// slider's id is `{id}-slider`. A plain function: it holds no state.
pub fn count_field(count: &CountView, on_change: &Callback<String>) -> Html {
    let typed = on_change.reform(|event: Event| {
        let input: HtmlInputElement = event.target_unchecked_into();
        input.value()
    });
    let scale = count.scale;
    let slid = on_change.reform(move |event: Event| {
        let input: HtmlInputElement = event.target_unchecked_into();
        let position = input.value().parse().unwrap_or_default();
        scale.count_at(position).to_string()
    });
    let error_id = format!("{}-error", count.id);
    let invalid = count.problem.is_some();
    html! {
        <div key={count.id} class={classes!("count-field", invalid.then_some("count-field--invalid"))}>
            <label class="count-field__label" for={count.id}>{ count.label.clone() }</label>
            <div class="count-field__inputs">
                <input
                    class="count-field__slider"
                    id={format!("{}-slider", count.id)}
                    type="range"
                    aria-label={count.label.clone()}
                    min={scale.position(count.min).to_string()}
                    max={scale.last_position().to_string()}
                    value={scale.position(count.value).to_string()}
                    aria-valuetext={count.value.to_string()}
                    onchange={slid}
                />
                <input
                    class="count-field__number"
                    id={count.id}
                    type={if count.count.takes_percent() { "text" } else { "number" }}
                    inputmode={if count.count.takes_percent() { "text" } else { "numeric" }}
                    min={count.min.to_string()}
                    value={count.text.clone()}
                    aria-invalid={invalid.then_some("true")}
                    aria-describedby={invalid.then_some(error_id.clone())}
                    onchange={typed}
                />
            </div>
            if let Some(problem) = &count.problem {
                <p class="field-error" id={error_id}>{ problem.clone() }</p>
            }
        </div>
    }
}
