use aks_model::Plan;
use yew::prelude::*;

use crate::shared::Shared;

#[derive(Properties, PartialEq)]
pub struct PlanFiguresProps {
    pub plan: Shared<Plan>,
}

/// The capacity figures, what fails and why, and the lab's modelling notes.
#[component]
pub fn PlanFigures(props: &PlanFiguresProps) -> Html {
    let plan = &props.plan;
    let capacity = &plan.capacity;
    let requirement = plan.requirement();
    let required = requirement.map_or(0, |r| r.node_subnet_addresses);
    let prefix = requirement
        .and_then(|r| r.node_subnet_prefix)
        .map_or("larger than a /8".to_string(), |p| format!("/{p}"));
    let figure = |test_id: &'static str, label: &str, value: String, note: String| {
        html! {
            <div class="figure">
                <dt>{ label.to_string() }</dt>
                <dd><span class="figure__value" data-testid={test_id}>{ value }</span>
                    <span class="figure__note">{ note }</span></dd>
            </div>
        }
    };
    html! {
        <div class="plan-figures">
            <dl class="plan-figures__list">
                { figure("subnet-usable", "Node subnet, usable", capacity.node_subnet_usable.to_string(),
                    "size − 5 reserved by Azure".into()) }
                { figure("ips-required", "Node subnet, needed", required.to_string(),
                    format!("with {} surge node(s); smallest fit {prefix}", plan.max_surge)) }
                { figure("max-nodes", "Largest node count", capacity.max_nodes.to_string(),
                    format!("limited by {}, keeping room for the surge", capacity.limited_by.limit())) }
                { figure("pod-capacity", "Pod capacity", capacity.pod_capacity.to_string(),
                    format!("{} Ready × {} max pods", plan.ready_nodes().count(), plan.max_pods)) }
                { figure("pods-pending", "Pods Pending", capacity.pods_pending.to_string(),
                    format!("{} Running, {} without an address", capacity.pods_running, capacity.pods_without_address)) }
            </dl>
            if !plan.failures.is_empty() {
                <ul class="failures" aria-label="What fails">
                    { for plan.failures.iter().map(|failure| html! {
                        <li class="failure">
                            <p class="failure__message">{ failure.to_string() }</p>
                            <p class="failure__explanation">{ failure.explanation() }</p>
                            <p class="failure__fix">{ format!("Fix: {}", failure.fix()) }</p>
                        </li>
                    }) }
                </ul>
            }
            if !plan.warnings.is_empty() {
                <ul class="warnings" aria-label="Warnings">
                    { for plan.warnings.iter().map(|warning| html! { <li>{ warning.to_string() }</li> }) }
                </ul>
            }
            <details class="notes">
                <summary>{ "How the lab models this" }</summary>
                <ul>{ for plan.modelling_notes().into_iter().map(|note| html! { <li>{ note }</li> }) }</ul>
            </details>
        </div>
    }
}
