//! Where the diagram draws things: pure coordinates from a plan, tested
//! natively. The topology reads top to bottom as a packet from outside does:
//! the outside world, Azure's public edge, the VNet (gateway, other hosts,
//! route table, the node subnet with its nodes and pods), and last the
//! Service addresses that exist only as rules on every node.
//!
//! Coordinates are whole SVG units: formatting floats would add ~11 KB of
//! code to the bundle for no visible difference. Large clusters are condensed
//! so the SVG stays small (at most [`MAX_NODE_CARDS`] node cards and
//! [`MAX_PODS_PER_CARD`] pod chips each).

use aks_model::path::{Host, Hosts, Location};
use aks_model::{
    LoadBalancerScope, NetworkPlugin, Node, NodeId, NodeState, OutboundType, Plan, PodId, PodState,
    ServiceId, ServiceKind,
};

/// The diagram's width in SVG units; the height follows the content.
pub const WIDTH: i32 = 600;
pub const MAX_NODE_CARDS: usize = 24;
pub const MAX_PODS_PER_CARD: usize = 24;
/// Routes listed in the route table's box; the rest are counted.
pub const ROUTES_LISTED: usize = 3;
const COLUMNS: usize = 3;
const MARGIN: i32 = 16;
const GAP: i32 = 12;
/// A region's title line (VNet, node subnet, Services).
const TITLE: i32 = 28;
const BLOCK_HEIGHT: i32 = 50;
const CARD_HEADER: i32 = 60;
/// A pod chip's side.
pub const CHIP: i32 = 18;
const CHIPS_PER_ROW: usize = 7;
/// Height of one listed line inside a box.
pub const LINE: i32 = 14;

/// A rectangle in SVG units.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rect {
    pub x: i32,
    pub y: i32,
    pub width: i32,
    pub height: i32,
}

impl Rect {
    pub fn center(&self) -> Point {
        (self.x + self.width / 2, self.y + self.height / 2)
    }

    /// The rectangle with `by` more on every side, to frame it.
    pub fn grown(&self, by: i32) -> Rect {
        Rect {
            x: self.x - by,
            y: self.y - by,
            width: self.width + 2 * by,
            height: self.height + 2 * by,
        }
    }

    pub fn bottom(&self) -> i32 {
        self.y + self.height
    }

    /// Where a region's title is written: its top-left corner.
    pub fn region_title(&self) -> Point {
        (self.x + 12, self.y + 19)
    }

    /// Where a box's title is written.
    pub fn box_title(&self) -> Point {
        (self.x + 8, self.y + 15)
    }

    /// Where the `index`-th line under a box's title is written.
    pub fn box_line(&self, index: usize) -> Point {
        (self.x + 8, self.y + 29 + index as i32 * LINE)
    }

    /// Where a node card's lines (name, address, pod range) are written.
    pub fn card_line(&self, index: usize) -> Point {
        const BASELINES: [i32; 3] = [16, 32, 47];
        let baseline = BASELINES.get(index).copied().unwrap_or(CARD_HEADER);
        (self.x + 8, self.y + baseline)
    }

    /// Where a node card counts the pods it does not draw (right-aligned).
    pub fn card_count(&self) -> Point {
        (self.x + self.width - 8, self.y + 16)
    }

    /// Where a note is written at the bottom of a region.
    pub fn region_note(&self) -> Point {
        (self.x + 12, self.bottom() - 6)
    }

    /// Where a label is written centred in a short box (the routing fabric).
    pub fn centred_label(&self) -> Point {
        (self.x + self.width / 2, self.y + 13)
    }
}

/// How far the frame around the packet's place, and around a clicked
/// source, stands off what it frames.
pub const PACKET_FRAME_MARGIN: i32 = 2;
pub const PICK_FRAME_MARGIN: i32 = 3;

/// Where the words that mark a failed packet are written, beside it.
pub fn failure_label((x, y): Point) -> Point {
    (x + 12, y - 10)
}

/// A point in SVG units.
pub type Point = (i32, i32);

/// A labelled box of the topology other than a node.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    /// The internet: a client on the left, a server on the right.
    Internet,
    OnPremises,
    PeeredVnet,
    /// Public frontends and, with outbound type loadBalancer, the outbound rule.
    PublicLoadBalancer,
    NatGateway,
    /// The VPN or ExpressRoute gateway that on-premises traffic enters by.
    VpnGateway,
    VnetVm,
    Firewall,
    /// The internal load balancer of the n-th Service.
    InternalLoadBalancer(ServiceId),
    /// kubenet's route table on the node subnet.
    RouteTable,
    /// The n-th Service's ClusterIP: rules on every node, no box of its own.
    Service(ServiceId),
    /// The `kube-dns` Service at the DNS service IP, answered by CoreDNS.
    Dns,
}

/// A [`Part`] and where it is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Block {
    pub part: Part,
    pub rect: Rect,
}

/// A node card and what it holds.
#[derive(Clone, Debug, PartialEq)]
pub struct NodeCard {
    pub node: NodeId,
    pub rect: Rect,
    /// Pods drawn one by one, with their chip's top-left corner.
    pub pods: Vec<PodChip>,
    /// Pods on the node beyond those drawn.
    pub more_pods: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PodChip {
    pub pod: PodId,
    pub x: i32,
    pub y: i32,
}

/// The whole diagram.
#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    pub height: i32,
    pub blocks: Vec<Block>,
    pub vnet: Rect,
    /// Where packets cross the VNet's own routing (Azure SDN, or the overlay).
    pub fabric: Rect,
    pub node_subnet: Rect,
    /// Pod Subnet only: the subnet pods take their addresses from.
    pub pod_subnet: Option<Rect>,
    /// The band of addresses that exist only as rules on the nodes.
    pub services: Rect,
    pub cards: Vec<NodeCard>,
    /// Nodes not drawn as cards, and the line where they are counted.
    pub more_nodes: usize,
    pub more_nodes_label: Rect,
}

impl Layout {
    /// Where the nodes not drawn as cards are counted.
    pub fn more_nodes_at(&self) -> Point {
        (self.more_nodes_label.x, self.more_nodes_label.y + 14)
    }

    pub fn block(&self, part: Part) -> Option<&Block> {
        self.blocks.iter().find(|block| block.part == part)
    }

    /// What stands for `at` in the drawing, and the point the packet is drawn
    /// at there. Anything not drawn (a node beyond the cards, a pod beyond
    /// the chips) is stood for by its node's card, or the count of nodes not
    /// drawn.
    pub fn place(&self, plan: &Plan, at: Location) -> (Rect, Point) {
        let block = |part: Part| self.block(part).map(|b| b.rect);
        let card = |node: NodeId| self.cards.iter().find(|card| card.node == node);
        let centred = |rect: Rect| (rect, rect.center());
        let found = match at {
            Location::Pod(pod) => {
                let node = plan.pod(pod).and_then(|p| p.placement).map(|p| p.node);
                node.and_then(card).map(|card| {
                    card.pods.iter().find(|chip| chip.pod == pod).map_or(
                        centred(card.rect),
                        |chip| {
                            centred(Rect {
                                x: chip.x,
                                y: chip.y,
                                width: CHIP,
                                height: CHIP,
                            })
                        },
                    )
                })
            }
            Location::Node(node) => {
                card(node).map(|c| (c.rect, (c.rect.center().0, c.rect.y + 24)))
            }
            Location::PodNetwork(node) => {
                card(node).map(|c| (c.rect, (c.rect.center().0, c.rect.y + CARD_HEADER - 8)))
            }
            Location::VnetFabric | Location::OverlayRouting => Some(centred(self.fabric)),
            Location::RouteTable => block(Part::RouteTable).map(centred),
            Location::CoreDns => block(Part::Dns).map(centred),
            Location::LoadBalancer(service) => block(Part::InternalLoadBalancer(service))
                .or_else(|| block(Part::PublicLoadBalancer))
                .map(centred),
            Location::OutboundRule => block(Part::PublicLoadBalancer).map(centred),
            Location::NatGateway => block(Part::NatGateway).map(centred),
            Location::Firewall => block(Part::Firewall).map(centred),
            Location::Gateway => block(Part::VpnGateway).map(centred),
            Location::Host(host) => match host {
                Host::InternetClient | Host::InternetServer => block(Part::Internet).map(|rect| {
                    let quarter = rect.width / 4;
                    let x = if host == Host::InternetClient {
                        rect.x + quarter
                    } else {
                        rect.x + 3 * quarter
                    };
                    (rect, (x, rect.center().1))
                }),
                Host::OnPremises => block(Part::OnPremises).map(centred),
                Host::PeeredVnetVm => block(Part::PeeredVnet).map(centred),
                Host::VnetVm => block(Part::VnetVm).map(centred),
            },
        };
        found.unwrap_or_else(|| match at {
            Location::Pod(_) | Location::Node(_) | Location::PodNetwork(_) => {
                centred(self.more_nodes_label)
            }
            _ => centred(self.fabric),
        })
    }
}

/// Lays out `plan`, top to bottom.
pub fn layout(plan: &Plan) -> Layout {
    let inner = Rect {
        x: MARGIN,
        y: MARGIN,
        width: WIDTH - 2 * MARGIN,
        height: 0,
    };
    let mut blocks = Vec::new();
    let mut y = row(&mut blocks, &outside_parts(), inner.x, inner.width, MARGIN);
    y = row(&mut blocks, &edge_parts(plan), inner.x, inner.width, y);

    let vnet_top = y;
    let vnet_inner_x = inner.x + GAP;
    let vnet_inner_width = inner.width - 2 * GAP;
    y = row(
        &mut blocks,
        &vnet_parts(plan),
        vnet_inner_x,
        vnet_inner_width,
        vnet_top + TITLE,
    );
    if plan.plugin == NetworkPlugin::Kubenet {
        let listed = plan.routes.len().min(ROUTES_LISTED) as i32;
        let more = i32::from(plan.routes.len() > ROUTES_LISTED);
        let rect = Rect {
            x: vnet_inner_x,
            y,
            width: vnet_inner_width,
            height: 22 + (listed + more) * LINE,
        };
        blocks.push(Block {
            part: Part::RouteTable,
            rect,
        });
        y = rect.bottom() + GAP;
    }
    let (node_subnet, cards, more_nodes_label) =
        node_subnet(plan, vnet_inner_x, vnet_inner_width, y);
    y = node_subnet.bottom() + GAP;
    let pod_subnet = (plan.plugin == NetworkPlugin::AzureCniPodSubnet).then(|| {
        let rect = Rect {
            x: vnet_inner_x,
            y,
            width: vnet_inner_width,
            height: TITLE + 4,
        };
        y = rect.bottom() + GAP;
        rect
    });
    let vnet = Rect {
        x: inner.x,
        y: vnet_top,
        width: inner.width,
        height: y - vnet_top,
    };
    y = vnet.bottom() + GAP;

    let services_top = y;
    y = row(
        &mut blocks,
        &service_parts(plan),
        vnet_inner_x,
        vnet_inner_width,
        services_top + TITLE,
    );
    // Room for the note under the Services (kubenet and Overlay's pod CIDR).
    let services = Rect {
        x: inner.x,
        y: services_top,
        width: inner.width,
        height: y - services_top + 12,
    };
    Layout {
        height: services.bottom() + MARGIN,
        fabric: Rect {
            x: vnet.x + vnet.width - 172,
            y: vnet.y + 5,
            width: 160,
            height: 18,
        },
        blocks,
        vnet,
        node_subnet,
        pod_subnet,
        services,
        more_nodes: plan.nodes.len() - cards.len(),
        cards,
        more_nodes_label,
    }
}

fn outside_parts() -> Vec<Part> {
    vec![Part::Internet, Part::OnPremises, Part::PeeredVnet]
}

/// Azure's public side of the cluster: a public load balancer when a Service
/// has a public frontend or the outbound rule lives there, a NAT gateway.
fn edge_parts(plan: &Plan) -> Vec<Part> {
    let public_frontend = plan.services.iter().any(|service| {
        matches!(
            service.kind,
            ServiceKind::LoadBalancer(LoadBalancerScope::Public)
        )
    });
    let mut parts = Vec::new();
    if public_frontend || plan.outbound_type == OutboundType::LoadBalancer {
        parts.push(Part::PublicLoadBalancer);
    }
    if plan.outbound_type == OutboundType::NatGateway {
        parts.push(Part::NatGateway);
    }
    parts
}

/// The VNet's other tenants: the gateway to on-premises, a VM, the firewall
/// of userDefinedRouting, and internal load balancers.
fn vnet_parts(plan: &Plan) -> Vec<Part> {
    let hosts = Hosts::of(plan);
    let mut parts = vec![Part::VpnGateway];
    if hosts.vnet_vm.is_some() {
        parts.push(Part::VnetVm);
    }
    if plan.outbound_type == OutboundType::UserDefinedRouting {
        parts.push(Part::Firewall);
    }
    parts.extend(
        plan.services
            .iter()
            .filter(|service| {
                matches!(
                    service.kind,
                    ServiceKind::LoadBalancer(LoadBalancerScope::Internal { .. })
                )
            })
            .map(|service| Part::InternalLoadBalancer(service.id)),
    );
    parts
}

fn service_parts(plan: &Plan) -> Vec<Part> {
    plan.services
        .iter()
        .map(|service| Part::Service(service.id))
        .chain([Part::Dns])
        .collect()
}

/// Places `parts` in rows of up to three boxes from `y`, and returns the `y`
/// below them (unchanged when there are none).
fn row(blocks: &mut Vec<Block>, parts: &[Part], x: i32, width: i32, y: i32) -> i32 {
    let mut bottom = y;
    for (row, chunk) in parts.chunks(COLUMNS).enumerate() {
        let count = chunk.len() as i32;
        let block_width = (width - (count - 1) * GAP) / count;
        let top = y + row as i32 * (BLOCK_HEIGHT + GAP);
        for (column, &part) in chunk.iter().enumerate() {
            blocks.push(Block {
                part,
                rect: Rect {
                    x: x + column as i32 * (block_width + GAP),
                    y: top,
                    width: block_width,
                    height: BLOCK_HEIGHT,
                },
            });
        }
        bottom = top + BLOCK_HEIGHT + GAP;
    }
    bottom
}

/// The node subnet's box with node cards in a grid, pods as chips inside
/// their node; returns the box, the cards and the line under them, where
/// nodes beyond the cards are counted.
fn node_subnet(plan: &Plan, x: i32, width: i32, top: i32) -> (Rect, Vec<NodeCard>, Rect) {
    let shown: Vec<&Node> = plan.nodes.iter().take(MAX_NODE_CARDS).collect();
    let mut pods_by_node: Vec<Vec<PodId>> = vec![Vec::new(); shown.len()];
    for pod in plan
        .pods
        .iter()
        .filter(|pod| !matches!(pod.state, PodState::Pending(_)))
    {
        let node = pod.placement.map(|placement| placement.node.index());
        if let Some(list) = node.and_then(|node| pods_by_node.get_mut(node)) {
            list.push(pod.id);
        }
    }
    let busiest = pods_by_node
        .iter()
        .map(|pods| pods.len().min(MAX_PODS_PER_CARD))
        .max()
        .unwrap_or(0);
    let chip_rows = busiest.div_ceil(CHIPS_PER_ROW).max(1);
    let card_height = CARD_HEADER + chip_rows as i32 * (CHIP + 4) + 8;
    let columns = COLUMNS as i32;
    let card_width = (width - (columns + 1) * GAP) / columns;

    let cards = shown
        .iter()
        .zip(&pods_by_node)
        .enumerate()
        .map(|(slot, (node, pods))| {
            let rect = Rect {
                x: x + GAP + (slot % COLUMNS) as i32 * (card_width + GAP),
                y: top + TITLE + (slot / COLUMNS) as i32 * (card_height + GAP),
                width: card_width,
                height: card_height,
            };
            let pods: &[PodId] = match node.state {
                NodeState::Ready => pods,
                NodeState::NotCreated(_) => &[],
            };
            let drawn = pods.len().min(MAX_PODS_PER_CARD);
            NodeCard {
                node: node.id,
                rect,
                pods: pods
                    .iter()
                    .take(drawn)
                    .enumerate()
                    .map(|(i, &pod)| PodChip {
                        pod,
                        x: rect.x + 8 + (i % CHIPS_PER_ROW) as i32 * (CHIP + 3),
                        y: rect.y + CARD_HEADER + (i / CHIPS_PER_ROW) as i32 * (CHIP + 4),
                    })
                    .collect(),
                more_pods: pods.len() - drawn,
            }
        })
        .collect::<Vec<_>>();
    let rows = shown.len().div_ceil(COLUMNS).max(1) as i32;
    let footer = top + TITLE + rows * (card_height + GAP);
    let rect = Rect {
        x,
        y: top,
        width,
        height: footer - top + 20,
    };
    let footer_line = Rect {
        x: x + GAP,
        y: footer - 4,
        width: width - 2 * GAP,
        height: 20,
    };
    (rect, cards, footer_line)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flows::common_flows;
    use aks_model::path::trace;
    use aks_model::{ClusterSpec, Deployment, NetworkPlugin};

    fn plan(plugin: NetworkPlugin, nodes: u32, max_pods: u32, replicas: u32) -> Plan {
        let mut spec = ClusterSpec::defaults_for(plugin);
        spec.node_count = nodes;
        spec.max_pods = max_pods;
        spec.deployments = vec![Deployment::new("web", replicas)];
        Plan::build(&spec).expect("valid")
    }

    fn inside(outer: &Rect, inner: &Rect) -> bool {
        inner.x >= outer.x
            && inner.y >= outer.y
            && inner.x + inner.width <= outer.x + outer.width
            && inner.bottom() <= outer.bottom()
    }

    fn overlap(a: &Rect, b: &Rect) -> bool {
        a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.bottom() && b.y < a.bottom()
    }

    #[test]
    fn small_clusters_show_every_node_and_pod_inside_its_card() {
        let plan = plan(NetworkPlugin::Kubenet, 3, 110, 5);
        let layout = layout(&plan);
        assert_eq!(layout.cards.len(), 3);
        assert_eq!(layout.cards.iter().map(|c| c.pods.len()).sum::<usize>(), 5);
        for card in &layout.cards {
            assert!(inside(&layout.node_subnet, &card.rect));
            for chip in &card.pods {
                let chip = Rect {
                    x: chip.x,
                    y: chip.y,
                    width: CHIP,
                    height: CHIP,
                };
                assert!(inside(&card.rect, &chip));
            }
        }
    }

    /// Every box sits inside the drawing, the VNet's inside the VNet, the
    /// Services' in their band, and no two boxes overlap, in every model.
    #[test]
    fn boxes_stay_apart_and_inside_their_regions() {
        for plugin in NetworkPlugin::ALL {
            let plan = plan(plugin, 5, 30, 12);
            let layout = layout(&plan);
            let drawing = Rect {
                x: 0,
                y: 0,
                width: WIDTH,
                height: layout.height,
            };
            let mut rects: Vec<Rect> = layout.blocks.iter().map(|b| b.rect).collect();
            rects.push(layout.node_subnet);
            rects.extend(layout.pod_subnet);
            for block in &layout.blocks {
                assert!(inside(&drawing, &block.rect), "{block:?}");
                let region = match block.part {
                    Part::VpnGateway
                    | Part::VnetVm
                    | Part::Firewall
                    | Part::InternalLoadBalancer(_)
                    | Part::RouteTable => Some(layout.vnet),
                    Part::Service(_) | Part::Dns => Some(layout.services),
                    _ => None,
                };
                if let Some(region) = region {
                    assert!(inside(&region, &block.rect), "{block:?} in {region:?}");
                }
            }
            assert!(inside(&layout.vnet, &layout.node_subnet));
            for (i, a) in rects.iter().enumerate() {
                for b in &rects[i + 1..] {
                    assert!(!overlap(a, b), "{plugin:?}: {a:?} overlaps {b:?}");
                }
            }
            assert_eq!(
                layout.pod_subnet.is_some(),
                plugin == NetworkPlugin::AzureCniPodSubnet
            );
            assert_eq!(
                layout.block(Part::RouteTable).is_some(),
                plugin == NetworkPlugin::Kubenet
            );
        }
    }

    /// Each hop of every common flow has a place on the drawing, and hops at
    /// different places are drawn at different points (the packet moves).
    #[test]
    fn every_hop_of_every_flow_has_its_own_place() {
        for plugin in NetworkPlugin::ALL {
            let plan = plan(plugin, 3, 30, 4);
            let layout = layout(&plan);
            for named in common_flows(&plan) {
                let flow = named.flow;
                let trace = trace(&plan, flow.from, flow.to).expect("traces");
                for hop in trace.steps().chain(&trace.reply) {
                    let (x, y) = layout.place(&plan, hop.at).1;
                    assert!((0..=WIDTH).contains(&x) && (0..=layout.height).contains(&y));
                }
                let hops: Vec<_> = trace.hops.iter().map(|hop| hop.at).collect();
                for pair in hops.windows(2) {
                    if pair[0] != pair[1] {
                        assert_ne!(
                            layout.place(&plan, pair[0]).1,
                            layout.place(&plan, pair[1]).1,
                            "{plugin:?} {}: {:?}",
                            named.label,
                            pair
                        );
                    }
                }
            }
        }
    }

    /// The team's performance budget (`shared/PERFORMANCE.md`, outside this
    /// repository): keep the static SVG near or under ~1,000 elements.
    #[test]
    fn large_clusters_are_condensed() {
        let plan = plan(NetworkPlugin::Kubenet, 100, 110, 11_000);
        let layout = layout(&plan);
        assert_eq!(layout.cards.len(), MAX_NODE_CARDS);
        assert_eq!(layout.more_nodes, 76);
        assert_eq!(layout.cards[0].pods.len(), MAX_PODS_PER_CARD);
        assert_eq!(layout.cards[0].more_pods, 110 - MAX_PODS_PER_CARD);
        let chips: usize = layout.cards.iter().map(|c| c.pods.len()).sum();
        assert!(chips <= MAX_NODE_CARDS * MAX_PODS_PER_CARD);
        // A pod on a node without a card is drawn where the rest are counted.
        let far = plan
            .pods
            .iter()
            .find(|pod| pod.placement.is_some_and(|p| p.node == NodeId::new(99)))
            .map(|pod| pod.id)
            .expect("a pod on the last node");
        assert_eq!(
            layout.place(&plan, Location::Pod(far)).0,
            layout.more_nodes_label
        );
    }
}
