use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct CountFieldProps {
    /// The input's id; the slider's is `{id}-slider`.
    pub id: AttrValue,
    pub label: AttrValue,
    pub value: u32,
    pub min: u32,
    /// The slider's end, if the count has a slider (ports do not); the
    /// number box accepts anything, and validation says what is out of range.
    #[prop_or_default]
    pub slider_max: Option<u32>,
    #[prop_or_default]
    pub problem: Option<AttrValue>,
    /// The text as typed: reading it (and saying what is wrong with it) is
    /// the model's job, not the field's.
    pub on_change: Callback<String>,
}

/// A count: a slider for quick changes and a number box for exact ones, with
/// the validation message under them.
#[component]
pub fn CountField(props: &CountFieldProps) -> Html {
    let emit = |on_change: Callback<String>| {
        on_change.reform(|event: Event| {
            let input: HtmlInputElement = event.target_unchecked_into();
            input.value()
        })
    };
    let error_id = format!("{}-error", props.id);
    html! {
        <div class={classes!("count-field", props.problem.is_some().then_some("count-field--invalid"))}>
            <label class="count-field__label" for={props.id.clone()}>{ props.label.clone() }</label>
            <div class="count-field__inputs">
                if let Some(slider_max) = props.slider_max {
                    <input
                        class="count-field__slider"
                        id={format!("{}-slider", props.id)}
                        type="range"
                        aria-label={props.label.clone()}
                        min={props.min.to_string()}
                        max={slider_max.max(props.value).to_string()}
                        value={props.value.to_string()}
                        onchange={emit(props.on_change.clone())}
                    />
                }
                <input
                    class="count-field__number"
                    id={props.id.clone()}
                    type="number"
                    inputmode="numeric"
                    min={props.min.to_string()}
                    value={props.value.to_string()}
                    aria-invalid={props.problem.is_some().then_some("true")}
                    aria-describedby={props.problem.is_some().then_some(error_id.clone())}
                    onchange={emit(props.on_change.clone())}
                />
            </div>
            if let Some(problem) = &props.problem {
                <p class="field-error" id={error_id}>{ problem.clone() }</p>
            }
        </div>
    }
}
