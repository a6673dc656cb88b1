//! Where the diagram draws things: pure coordinates from a plan, tested
//! natively. Large clusters are condensed so the SVG stays small (at most
//! [`MAX_NODE_CARDS`] node cards and [`MAX_PODS_PER_CARD`] pod chips each).

use aks_model::{NodeState, Plan, PodState};

/// The diagram's width in SVG units; the height follows the content.
pub const WIDTH: f64 = 600.0;
pub const MAX_NODE_CARDS: usize = 24;
pub const MAX_PODS_PER_CARD: usize = 24;
const COLUMNS: usize = 3;
const MARGIN: f64 = 16.0;
const GAP: f64 = 12.0;
const CARD_HEADER: f64 = 60.0;
const CHIP: f64 = 18.0;
const CHIPS_PER_ROW: usize = 7;

/// A node card and what it holds.
#[derive(Clone, Debug, PartialEq)]
pub struct NodeCard {
    pub node: u32,
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
    /// Pods drawn one by one, with their chip's top-left corner.
    pub pods: Vec<PodChip>,
    /// Pods on the node beyond those drawn.
    pub more_pods: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PodChip {
    pub pod: usize,
    pub x: f64,
    pub y: f64,
}

/// The whole diagram.
#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    pub height: f64,
    /// The node subnet's box, around the node cards.
    pub subnet: (f64, f64, f64, f64),
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
    let card_height = CARD_HEADER + chip_rows as f64 * (CHIP + 4.0) + 8.0;
    let card_width = (WIDTH - 2.0 * MARGIN - (COLUMNS as f64 + 1.0) * GAP) / COLUMNS as f64;
    let top = MARGIN + 28.0;

    let cards = plan.nodes[..shown]
        .iter()
        .enumerate()
        .map(|(slot, node)| {
            let x = MARGIN + GAP + (slot % COLUMNS) as f64 * (card_width + GAP);
            let y = top + GAP + (slot / COLUMNS) as f64 * (card_height + GAP);
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
                        x: x + 8.0 + (i % CHIPS_PER_ROW) as f64 * (CHIP + 3.0),
                        y: y + CARD_HEADER + (i / CHIPS_PER_ROW) as f64 * (CHIP + 4.0),
                    })
                    .collect(),
                more_pods: pods.len() - drawn,
            }
        })
        .collect::<Vec<_>>();
    let rows = shown.div_ceil(COLUMNS).max(1);
    let subnet_height = 28.0 + GAP + rows as f64 * (card_height + GAP) + 8.0;
    Layout {
        height: MARGIN + subnet_height + MARGIN + 24.0,
        subnet: (MARGIN, MARGIN, WIDTH - 2.0 * MARGIN, subnet_height),
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
                assert!(chip.x >= card.x && chip.x + 18.0 <= card.x + card.width);
                assert!(chip.y >= card.y && chip.y + 18.0 <= card.y + card.height);
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
