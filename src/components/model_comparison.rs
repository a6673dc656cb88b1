use aks_model::NetworkPlugin;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::components::{capacity_chart, verdict_view, CONCEALED};
use crate::state::{Action, Side};
use crate::url::LinkName;
use crate::view_model::comparison::ComparisonView;

/// The picker for a second model, and when one is picked: the followed
/// packet's verdict under it and the differences between the two, in
/// words. `plugin` is the model on screen; the stage shows either model's
/// drawing. A plain function: it holds no state.
pub fn model_comparison(
    plugin: NetworkPlugin,
    comparison: Option<&ComparisonView>,
    concealed_row: Option<&'static str>,
    path_concealed: bool,
    on_action: &Callback<Action>,
) -> Html {
    let hidden = |what: &str| concealed_row == Some(what);
    let on_pick = on_action.reform(|event: Event| {
        let select: HtmlSelectElement = event.target_unchecked_into();
        Action::Compare(NetworkPlugin::named(&select.value()))
    });
    let picked = comparison.map(|view| view.plugin);
    html! {
        <div class="comparison">
            <div class="comparison__picker">
                <label for="compare">{ "Compare with" }</label>
                <select id="compare" onchange={on_pick}>
                    <option value="" selected={picked.is_none()}>{ "No second model" }</option>
                    { for NetworkPlugin::ALL.into_iter().filter(|other| *other != plugin).map(|other| html! {
                        <option value={other.link_name()} selected={picked == Some(other)}>{ other.to_string() }</option>
                    }) }
                </select>
            </div>
            if let Some(view) = comparison {
                <div class="comparison__second" data-testid="compared">
                    { match &view.shown {
                        Ok(compared) => html! {
                            <>
                                if let Some((_, verdict)) = compared.packet.as_ref().filter(|_| !path_concealed) {
                                    { verdict_view(verdict, "compared-verdict", Some(format!("Under {}: ", view.plugin))) }
                                }
                                <table class="comparison__table" data-testid="differences">
                                    <thead>
                                        <tr><th scope="col">{ "" }</th><th scope="col">{ plugin.to_string() }</th><th scope="col">{ view.plugin.to_string() }</th></tr>
                                    </thead>
                                    <tbody>
                                        { for compared.differences.iter().map(|row| if hidden(row.what) {
                                            html! {
                                                <tr data-concealed="true">
                                                    <th scope="row">{ row.what }</th>
                                                    <td>{ CONCEALED }</td>
                                                    <td>{ CONCEALED }</td>
                                                </tr>
                                            }
                                        } else {
                                            html! {
                                                <tr>
                                                    <th scope="row">{ row.what }</th>
                                                    <td>{ row.values[0].clone() }</td>
                                                    <td>{ row.values[1].clone() }</td>
                                                </tr>
                                            }
                                        }) }
                                    </tbody>
                                </table>
                                { capacity_chart(&compared.chart) }
                            </>
                        },
                        Err(why) => html! { <p class="field-error">{ why.clone() }</p> },
                    } }
                </div>
            }
        </div>
    }
}

/// The two models' drawings as a pair of toggle buttons over the stage:
/// one drawing, readable, rather than two shrunken side by side.
pub fn compare_tabs(
    plugin: NetworkPlugin,
    compared: NetworkPlugin,
    side: Side,
    on_action: &Callback<Action>,
) -> Html {
    let tab = |which: Side, model: NetworkPlugin| {
        let selected = which == side;
        html! {
            <button type="button" class="stage__tab" aria-pressed={selected.to_string()}
                data-testid={if which == Side::First { "tab-first" } else { "tab-second" }}
                onclick={on_action.reform(move |_| Action::ShowSide(which))}>
                { format!("Under {model}") }
            </button>
        }
    };
    html! {
        <div class="stage__tabs" role="group" aria-label="Which model the diagram shows">
            { tab(Side::First, plugin) }
            { tab(Side::Second, compared) }
        </div>
    }
}
