//! Where the diagram draws things: pure coordinates from a plan, tested
//! natively. Coordinates are whole SVG units: formatting floats would add
//! ~11 KB of code to the bundle for no visible difference. Large clusters are condensed so the SVG stays small (at most
//! [`MAX_NODE_CARDS`] node cards and [`MAX_PODS_PER_CARD`] pod chips each).

use aks_model::{NodeState, Plan, PodState};

/// The diagram's width in SVG units; the height follows the content.
pub const WIDTH: i32 = 600;
pub const MAX_NODE_CARDS: usize = 24;
pub const MAX_PODS_PER_CARD: usize = 24;
const COLUMNS: usize = 3;
const MARGIN: i32 = 16;
const GAP: i32 = 12;
const CARD_HEADER: i32 = 60;
/// A pod chip's side.
pub const CHIP: i32 = 18;
const CHIPS_PER_ROW: usize = 7;

/// A node card and what it holds.
#[derive(Clone, Debug, PartialEq)]
pub struct NodeCard {
    pub node: u32,
    pub x: i32,
    pub y: i32,
    pub width: i32,
    pub height: i32,
    /// Pods drawn one by one, with their chip's top-left corner.
    pub pods: Vec<PodChip>,
    /// Pods on the node beyond those drawn.
    pub more_pods: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PodChip {
    pub pod: usize,
    pub x: i32,
    pub y: i32,
}

/// The whole diagram.
#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    pub height: i32,
    /// The node subnet's box, around the node cards.
    pub subnet: (i32, i32, i32, i32),
    pub cards: Vec<NodeCard>,
    /// Nodes not drawn as cards.
    pub more_nodes: usize,
}

/// Lays out `plan`: node cards in a grid inside the node subnet, pods as
/// chips inside their node.
pub fn layout(plan: &Plan) -> Layout {
    let mut pods_by_node: Vec<Vec<usize>> = vec![Vec::new(); plan.nodes.len()];
    for (index, pod) in plan.pods.iter().enumerate() {
        if let (Some(placement), true) = (pod.placement, pod.state != PodState::Pending) {
            if let Some(list) = pods_by_node.get_mut(placement.node as usize) {
                list.push(index);
            }
        }
    }
    let shown = plan.nodes.len().min(MAX_NODE_CARDS);
    let busiest = pods_by_node[..shown]
        .iter()
        .map(|pods| pods.len().min(MAX_PODS_PER_CARD))
        .max()
        .unwrap_or(0);
    let chip_rows = busiest.div_ceil(CHIPS_PER_ROW).max(1);
    let card_height = CARD_HEADER + chip_rows as i32 * (CHIP + 4) + 8;
    let columns = COLUMNS as i32;
    let card_width = (WIDTH - 2 * MARGIN - (columns + 1) * GAP) / columns;
    let top = MARGIN + 28;

    let cards = plan.nodes[..shown]
        .iter()
        .enumerate()
        .map(|(slot, node)| {
            let x = MARGIN + GAP + (slot % COLUMNS) as i32 * (card_width + GAP);
            let y = top + GAP + (slot / COLUMNS) as i32 * (card_height + GAP);
            let pods: &[usize] = match node.state {
                NodeState::Ready => &pods_by_node[node.index as usize],
                NodeState::NotCreated(_) => &[],
            };
            let drawn = pods.len().min(MAX_PODS_PER_CARD);
            NodeCard {
                node: node.index,
                x,
                y,
                width: card_width,
                height: card_height,
                pods: pods[..drawn]
                    .iter()
                    .enumerate()
                    .map(|(i, &pod)| PodChip {
                        pod,
                        x: x + 8 + (i % CHIPS_PER_ROW) as i32 * (CHIP + 3),
                        y: y + CARD_HEADER + (i / CHIPS_PER_ROW) as i32 * (CHIP + 4),
                    })
                    .collect(),
                more_pods: pods.len() - drawn,
            }
        })
        .collect::<Vec<_>>();
    let rows = shown.div_ceil(COLUMNS).max(1);
    let subnet_height = 28 + GAP + rows as i32 * (card_height + GAP) + 8;
    Layout {
        height: MARGIN + subnet_height + MARGIN + 24,
        subnet: (MARGIN, MARGIN, WIDTH - 2 * MARGIN, subnet_height),
        cards,
        more_nodes: plan.nodes.len() - shown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aks_model::{ClusterSpec, Deployment, NetworkPlugin};

    fn plan(nodes: u32, max_pods: u32, replicas: u32) -> Plan {
        let mut spec = ClusterSpec::defaults_for(NetworkPlugin::Kubenet);
        spec.node_count = nodes;
        spec.max_pods = max_pods;
        spec.deployments = vec![Deployment::new("web", replicas)];
        Plan::build(&spec).expect("valid")
    }

    #[test]
    fn small_clusters_show_every_node_and_pod_inside_its_card() {
        let plan = plan(3, 110, 5);
        let layout = layout(&plan);
        assert_eq!(layout.cards.len(), 3);
        assert_eq!(layout.cards.iter().map(|c| c.pods.len()).sum::<usize>(), 5);
        for card in &layout.cards {
            for chip in &card.pods {
                assert!(chip.x >= card.x && chip.x + CHIP <= card.x + card.width);
                assert!(chip.y >= card.y && chip.y + CHIP <= card.y + card.height);
            }
            assert!(card.x + card.width <= WIDTH);
        }
    }

    /// PERFORMANCE.md: keep the static SVG near or under ~1,000 elements.
    #[test]
    fn large_clusters_are_condensed() {
        let plan = plan(100, 110, 11_000);
        let layout = layout(&plan);
        assert_eq!(layout.cards.len(), MAX_NODE_CARDS);
        assert_eq!(layout.more_nodes, 76);
        assert_eq!(layout.cards[0].pods.len(), MAX_PODS_PER_CARD);
        assert_eq!(layout.cards[0].more_pods, 110 - MAX_PODS_PER_CARD);
        let chips: usize = layout.cards.iter().map(|c| c.pods.len()).sum();
        assert!(chips <= MAX_NODE_CARDS * MAX_PODS_PER_CARD);
    }
}
