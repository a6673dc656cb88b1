use web_sys::HtmlInputElement;
use yew::prelude::*;

use aks_model::{PoolSetting, SYSTEM_POOL_NAME};

use crate::state::Action;
use crate::view_model::controls::{ControlsView, PoolControlView, PoolFieldView};

/// The cluster's node pools: the system pool (the counts above) and each
/// user pool with its own settings, added and removed here. A plain
/// function: it holds no state.
pub fn node_pools(controls: &ControlsView, on_action: &Callback<Action>) -> Html {
    let system_note = if controls.pools.is_empty() {
        "runs the Deployment's pods (the counts above)."
    } else {
        "the counts above; it keeps the system pods (CoreDNS, metrics-server…), which the lab does not draw, and the Deployment's pods run on the user pools."
    };
    html! {
        <fieldset class="node-pools" data-testid="node-pools">
            <legend>{ "Node pools" }</legend>
            <p class="node-pools__system">
                <strong>{ format!("{SYSTEM_POOL_NAME} (system): ") }</strong>{ system_note }
            </p>
            { for controls.pools.iter().map(|pool| user_pool(pool, on_action)) }
            if controls.can_add_pool {
                <button type="button" class="node-pools__add" onclick={on_action.reform(|_| Action::AddPool)}>
                    { "Add a user pool" }
                </button>
            }
        </fieldset>
    }
}

/// One user pool's boxes and its Remove button.
fn user_pool(pool: &PoolControlView, on_action: &Callback<Action>) -> Html {
    let index = pool.index;
    html! {
        // Keyed by its place: renaming it as it is typed keeps its boxes (and the focus).
        <fieldset key={index} class="node-pools__pool" data-testid="pool-controls" data-name={pool.name.clone()}>
            <legend>{ format!("User pool {}", pool.name) }</legend>
            <div class="node-pools__fields">
                { for pool.fields.iter().map(|field| pool_field(index, field, on_action)) }
            </div>
            <button type="button" class="node-pools__remove"
                onclick={on_action.reform(move |_| Action::RemovePool(index))}>
                { format!("Remove {}", pool.name) }
            </button>
        </fieldset>
    }
}

/// A box of a user pool's setting, read as it is typed.
fn pool_field(index: usize, field: &PoolFieldView, on_action: &Callback<Action>) -> Html {
    let setting = field.setting;
    let oninput = on_action.reform(move |event: InputEvent| {
        let element: HtmlInputElement = event.target_unchecked_into();
        Action::EditPool(index, setting, element.value())
    });
    let error_id = format!("{}-error", field.id);
    let problem = field.problem.as_ref();
    // A range, or a message, takes the pool's whole width.
    let wide =
        matches!(setting, PoolSetting::NodeSubnet | PoolSetting::PodSubnet) || problem.is_some();
    html! {
        <div class={classes!("text-field", problem.is_some().then_some("text-field--invalid"), wide.then_some("node-pools__field--wide"))}>
            <label class="text-field__label" for={field.id.clone()}>{ field.label }</label>
            <input class="text-field__input" id={field.id.clone()} type="text" spellcheck="false"
                autocomplete="off" value={field.text.clone()} placeholder={field.placeholder}
                aria-invalid={problem.is_some().then_some("true")}
                aria-describedby={problem.is_some().then_some(error_id.clone())}
                {oninput} />
            if let Some(problem) = problem {
                <p class="field-error" id={error_id}>{ problem.clone() }</p>
            }
        </div>
    }
}
