use std::rc::Rc;

use aks_model::path::Location;
use aks_model::{NodeState, Plan, PodState};
use yew::prelude::*;

use crate::layout::{layout, CHIP, WIDTH};

#[derive(Properties, PartialEq)]
pub struct ClusterDiagramProps {
    pub plan: Rc<Plan>,
    /// Where the followed packet is, to highlight it.
    #[prop_or_default]
    pub active: Option<Location>,
}

/// The node subnet with every node (its NIC address and, for kubenet and
/// Overlay, its /24 of the pod CIDR) and the pods inside each node.
#[component]
pub fn ClusterDiagram(props: &ClusterDiagramProps) -> Html {
    let plan = &props.plan;
    let drawn = use_memo(plan.clone(), |plan| layout(plan));
    let (sx, sy, sw, sh) = drawn.subnet;
    let subnet = plan
        .range(&aks_model::RangeName::NodeSubnet)
        .map_or(String::new(), |range| range.cidr.to_string());
    let pod_range_note = match plan.range(&aks_model::RangeName::PodCidr) {
        Some(range) => format!("Pod CIDR {} — outside the VNet, a /24 per node", range.cidr),
        None => match plan.range(&aks_model::RangeName::PodSubnet) {
            Some(range) => format!(
                "Pods take VNet addresses from the pod subnet {}",
                range.cidr
            ),
            None => "Pods take VNet addresses from the node subnet, reserved per node".to_string(),
        },
    };
    // In a narrow column the diagram keeps a legible size and scrolls on its
    // own (focusable, so the keyboard can scroll it too).
    html! {
        <div class="diagram-scroller" tabindex="0" role="group" aria-label="Cluster diagram (scrolls sideways in a narrow column)">
        <svg class="diagram" viewBox={format!("0 0 {WIDTH} {}", drawn.height)} role="img"
            aria-label={format!("{} nodes in the node subnet {subnet}", plan.nodes.len())}>
            <rect class="diagram__subnet" x={sx.to_string()} y={sy.to_string()} width={sw.to_string()} height={sh.to_string()} rx="8" />
            <text class="diagram__label" x={(sx + 12).to_string()} y={(sy + 20).to_string()}>
                { format!("Node subnet {subnet} · VNet {}", plan.vnet) }
            </text>
            { for drawn.cards.iter().map(|card| {
                let node = &plan.nodes[card.node as usize];
                let ip = node.ip.map(|ip| ip.to_string()).unwrap_or_default();
                let ready = node.state == NodeState::Ready;
                let active_pod = match props.active {
                    Some(Location::Pod(pod)) => Some(pod),
                    _ => None,
                };
                let active = match props.active {
                    Some(Location::Node(n) | Location::PodNetwork(n)) => n == card.node,
                    Some(Location::Pod(pod)) => plan.pods.get(pod).and_then(|p| p.placement).is_some_and(|p| p.node == card.node),
                    _ => false,
                };
                let (detail, second_line, label) = match node.state {
                    NodeState::NotCreated(why) => (
                        "not created".to_string(),
                        Some(why.short().to_string()),
                        format!("{}: not created, {why}", node.name()),
                    ),
                    NodeState::Ready => (
                        ip.clone(),
                        node.pod_range.map(|range| format!("pods {range}")),
                        format!("{}: {ip}", node.name()),
                    ),
                };
                html! {
                    <g key={card.node} class={classes!("node", (!ready).then_some("node--missing"), active.then_some("node--active"))}
                        data-testid="node" data-ip={ip.clone()} tabindex="0"
                        aria-label={label}>
                        <rect class="node__box" x={card.x.to_string()} y={card.y.to_string()}
                            width={card.width.to_string()} height={card.height.to_string()} rx="6" />
                        <text class="node__name" x={(card.x + 8).to_string()} y={(card.y + 16).to_string()}>{ node.name() }</text>
                        <text class="node__ip" x={(card.x + 8).to_string()} y={(card.y + 32).to_string()}>{ detail.clone() }</text>
                        if let Some(line) = second_line {
                            <text class="node__ip" x={(card.x + 8).to_string()} y={(card.y + 47).to_string()}>{ line }</text>
                        }
                        { for card.pods.iter().map(|chip| {
                            let pod = &plan.pods[chip.pod];
                            let pod_ip = pod.ip.map(|ip| ip.to_string()).unwrap_or_default();
                            let waiting = pod.state == PodState::ContainerCreating;
                            let label = if waiting {
                                format!("{}: ContainerCreating, no address", plan.pod_name(pod))
                            } else {
                                format!("{} {pod_ip}", plan.pod_name(pod))
                            };
                            html! {
                                <rect key={chip.pod} class={classes!("pod", waiting.then_some("pod--waiting"), (active_pod == Some(chip.pod)).then_some("pod--active"))}
                                    data-testid="pod" data-ip={pod_ip} x={chip.x.to_string()} y={chip.y.to_string()}
                                    width={CHIP.to_string()} height={CHIP.to_string()} rx="4">
                                    <title>{ label }</title>
                                </rect>
                            }
                        }) }
                        if card.more_pods > 0 {
                            <text class="node__more" x={(card.x + card.width - 8).to_string()} y={(card.y + 16).to_string()} text-anchor="end">
                                { format!("+{} pods", card.more_pods) }
                            </text>
                        }
                    </g>
                }
            }) }
            <text class="diagram__label" x={(sx + 12).to_string()} y={(sy + sh - 8).to_string()}>
                { if drawn.more_nodes > 0 { format!("+{} more nodes not drawn · {pod_range_note}", drawn.more_nodes) } else { pod_range_note } }
            </text>
        </svg>
        </div>
    }
}
