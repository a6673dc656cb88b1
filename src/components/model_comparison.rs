use aks_model::NetworkPlugin;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::components::{verdict_view, ClusterDiagram};
use crate::state::Action;
use crate::url::LinkName;
use crate::view_model::comparison::ComparisonView;

/// The picker for a second model, and when one is picked: the same inputs
/// drawn under it (with the followed packet at the same hop, as far as its
/// path goes) and the differences between the two, in words. `plugin` is
/// the model on screen. A plain function: it holds no state.
pub fn model_comparison(
    plugin: NetworkPlugin,
    comparison: Option<&ComparisonView>,
    move_ms: u32,
    on_action: &Callback<Action>,
) -> Html {
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
                    { for NetworkPlugin::ALL.into_iter().filter(|other| *other != plugin).map(|plugin| html! {
                        <option value={plugin.link_name()} selected={picked == Some(plugin)}>{ plugin.to_string() }</option>
                    }) }
                </select>
            </div>
            if let Some(view) = comparison {
                <figure class="comparison__second" data-testid="compared">
                    <figcaption>{ format!("The same inputs under {}", view.plugin) }</figcaption>
                    { match &view.shown {
                        Ok(compared) => html! {
                            <>
                                <ClusterDiagram diagram={compared.diagram.clone()}
                                    packet={compared.packet.as_ref().map(|(packet, _)| packet.clone())}
                                    {move_ms} on_action={on_action.clone()} />
                                if let Some((_, verdict)) = &compared.packet {
                                    { verdict_view(verdict, "compared-verdict", Some(format!("Under {}: ", view.plugin))) }
                                }
                            </>
                        },
                        Err(why) => html! { <p class="field-error">{ why.clone() }</p> },
                    } }
                </figure>
                if let Ok(compared) = &view.shown {
                    <table class="comparison__table" data-testid="differences">
                        <thead>
                            <tr><th scope="col">{ "" }</th><th scope="col">{ plugin.to_string() }</th><th scope="col">{ view.plugin.to_string() }</th></tr>
                        </thead>
                        <tbody>
                            { for compared.differences.iter().map(|row| html! {
                                <tr>
                                    <th scope="row">{ row.what }</th>
                                    <td>{ row.values[0].clone() }</td>
                                    <td>{ row.values[1].clone() }</td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                }
            }
        </div>
    }
}
