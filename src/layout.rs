//! Where the diagram draws things: pure coordinates from a plan, tested
//! natively. The topology reads top to bottom as a packet from outside does:
//! the outside world, Azure's public edge, the VNet (gateway, other hosts,
//! route table, the node subnet with its nodes and pods), and last the
//! Service addresses that exist only as rules on every node.
//!
//! Two frames: [`Frame::WIDE`] lays boxes and nodes three abreast; on a
//! phone, [`Frame::NARROW`] stacks them one per row with larger text and
//! larger pods, so the drawing fits the width rather than being clipped.
//!
//! Coordinates are whole SVG units: formatting floats would add ~11 KB of
//! code to the bundle for no visible difference. Large clusters are
//! summarised so the SVG stays small and short: beyond a frame's
//! `all_nodes_up_to`, the first nodes and the last are drawn, and a summary
//! box counts the rest; at most [`MAX_PODS_PER_CARD`] pod chips a card.

use aks_model::path::{Host, Hosts, Location};
use aks_model::{
    LoadBalancerScope, NetworkPlugin, Node, NodeId, NodeState, OutboundType, Plan, PodId, PodState,
    RangeName, ServiceId, ServiceKind,
};

pub const MAX_PODS_PER_CARD: usize = 24;
/// Routes listed in the route table's box; the rest are counted.
pub const ROUTES_LISTED: usize = 3;
const MARGIN: i32 = 16;
const GAP: i32 = 12;
/// A region's title line (VNet, node subnet, Services).
const TITLE: i32 = 28;

/// The proportions of one way to lay out the diagram.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Frame {
    /// The drawing's width in SVG units; the height follows the content.
    pub width: i32,
    /// Boxes in a row.
    pub columns: usize,
    /// Node cards in a row.
    pub card_columns: usize,
    /// Height of one line of a box's text.
    pub line: i32,
    /// Where a box's title and first line are written, from its top.
    pub title_baseline: i32,
    /// A pod chip's side: a touch target on a phone.
    pub chip: i32,
    pub chips_per_row: usize,
    /// Every node is drawn up to this many; beyond, a summary.
    pub all_nodes_up_to: usize,
    /// With a summary, the nodes drawn before it (the last one is drawn after).
    pub leading_nodes: usize,
    /// The modifier class of the drawing (`diagram--{class}`).
    pub class: &'static str,
}

impl Frame {
    /// Boxes and nodes three abreast.
    pub const WIDE: Frame = Frame {
        width: 600,
        columns: 3,
        card_columns: 3,
        line: 14,
        title_baseline: 15,
        chip: 18,
        chips_per_row: 7,
        all_nodes_up_to: 12,
        leading_nodes: 3,
        class: "wide",
    };

    /// One box and one node a row, larger text and pods: a phone.
    pub const NARROW: Frame = Frame {
        width: 340,
        columns: 1,
        card_columns: 1,
        line: 16,
        title_baseline: 18,
        chip: 24,
        chips_per_row: 9,
        all_nodes_up_to: 4,
        leading_nodes: 1,
        class: "narrow",
    };

    /// A box's height for `lines` lines under its title.
    fn block_height(&self, lines: i32) -> i32 {
        self.title_baseline + lines * self.line + 8
    }

    /// Where a box's title is written.
    pub fn box_title(&self, rect: Rect) -> Point {
        (rect.x + 8, rect.y + self.title_baseline)
    }

    /// Where the `index`-th line under a box's title is written.
    pub fn box_line(&self, rect: Rect, index: usize) -> Point {
        (
            rect.x + 8,
            rect.y + self.title_baseline + (index as i32 + 1) * self.line,
        )
    }

    /// Where a node card's lines (name, address, pod range) are written.
    pub fn card_line(&self, rect: Rect, index: usize) -> Point {
        (
            rect.x + 8,
            rect.y + self.title_baseline + 1 + index as i32 * (self.line + 1),
        )
    }

    /// Where a node card counts the pods it does not draw (right-aligned),
    /// on its second line: the address there is short, where the first
    /// line's name may fill a narrow card.
    pub fn card_count(&self, rect: Rect) -> Point {
        (rect.x + rect.width - 8, self.card_line(rect, 1).1)
    }

    /// The height of a node card's three lines of words.
    fn card_header(&self) -> i32 {
        self.title_baseline + 3 * (self.line + 1) + 2
    }
}

/// A rectangle in SVG units.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
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
    /// Whether `inner` lies wholly inside this rectangle.
    pub fn holds(&self, inner: &Rect) -> bool {
        inner.x >= self.x
            && inner.y >= self.y
            && inner.x + inner.width <= self.x + self.width
            && inner.y + inner.height <= self.y + self.height
    }

    pub fn region_title(&self) -> Point {
        (self.x + 12, self.y + 19)
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

// A pod on a phone is a touch target of at least 24 CSS px (WCAG 2.5.8):
// the narrow frame is drawn at about a pixel per unit.
const _: () = assert!(Frame::NARROW.chip >= 24);

/// How far the frame around the packet's place, and around a clicked
/// source, stands off what it frames.
pub const PACKET_FRAME_MARGIN: i32 = 2;
pub const PICK_FRAME_MARGIN: i32 = 3;

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

/// The nodes not drawn as cards, counted in a box between the first nodes
/// and the last.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Summary {
    pub rect: Rect,
    /// The first and the last node it stands for, and how many.
    pub first: NodeId,
    pub last: NodeId,
    pub count: usize,
}

/// The whole diagram.
#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    pub frame: Frame,
    pub height: i32,
    pub blocks: Vec<Block>,
    pub vnet: Rect,
    /// Where packets cross the VNet's own routing (Azure SDN, or the overlay).
    pub fabric: Rect,
    /// The cluster's node subnet.
    pub node_subnet: Rect,
    /// The subnets pools have of their own: node subnets with their pools'
    /// nodes inside, and (Pod Subnet) pod subnets' bands.
    pub pool_subnets: Vec<SubnetArea>,
    /// Pod Subnet only: the cluster's pod subnet.
    pub pod_subnet: Option<Rect>,
    /// The band of addresses that exist only as rules on the nodes.
    pub services: Rect,
    /// Each pool's part, in the order of the plan's pools.
    pub pools: Vec<PoolGroup>,
    pub cards: Vec<NodeCard>,
    /// A summary per pool too large to draw whole.
    pub summaries: Vec<Summary>,
}

impl Layout {
    pub fn block(&self, part: Part) -> Option<&Block> {
        self.blocks.iter().find(|block| block.part == part)
    }

    /// What stands for `at` in the drawing, and the point the packet is drawn
    /// at there. Anything not drawn (a node in the summary, a pod beyond the
    /// chips) is stood for by its node's card, or the summary.
    pub fn place(&self, plan: &Plan, at: Location) -> (Rect, Point) {
        let frame = self.frame;
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
                                width: frame.chip,
                                height: frame.chip,
                            })
                        },
                    )
                })
            }
            Location::Node(node) => card(node).map(|c| {
                let y = c.rect.y + frame.title_baseline + 9;
                (c.rect, (c.rect.center().0, y))
            }),
            Location::PodNetwork(node) => card(node).map(|c| {
                let y = c.rect.y + frame.card_header() - 8;
                (c.rect, (c.rect.center().0, y))
            }),
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
        // A node not drawn is in its pool's summary.
        let pool = match at {
            Location::Pod(pod) => plan
                .pod(pod)
                .and_then(|pod| pod.placement)
                .map(|placement| placement.node.pool()),
            Location::Node(node) | Location::PodNetwork(node) => Some(node.pool()),
            _ => None,
        };
        let summary = pool.and_then(|pool| {
            self.summaries
                .iter()
                .find(|summary| summary.first.pool() == pool)
        });
        found.unwrap_or_else(|| match summary {
            Some(summary) => centred(summary.rect),
            None => centred(self.fabric),
        })
    }

    /// Where the words about the packet go, and how they are anchored
    /// there (SVG's `text-anchor`): just over `frame`, what the packet is at
    /// (so they do not cover its title; under it on the top row), starting at the packet on the
    /// drawing's left half and ending at it on the right half; in a narrow
    /// frame centred on the drawing, where a full header fits.
    pub fn label_beside(&self, (x, _): Point, frame: Rect) -> (Point, &'static str) {
        // Over the frame, unless that leaves the drawing (the top row): under it.
        let over = frame.y - 3;
        let y = if over - HEADER_ASCENT < 0 {
            frame.bottom() + HEADER_ASCENT + 1
        } else {
            over
        };
        if self.frame.columns == 1 {
            ((self.frame.width / 2, y), "middle")
        } else if x > self.frame.width / 2 {
            ((x + 6, y), "end")
        } else {
            ((x - 6, y), "start")
        }
    }
}

/// The packet's header is monospace at 12 units (12.5 in a narrow frame):
/// each character at most this wide, in tenths of a unit (0.6 em at 12.5),
/// so its backing box is sized without measuring text.
const HEADER_CHAR_TENTHS: i32 = 75;

/// How far the header's box reaches above its baseline, and its height.
const HEADER_ASCENT: i32 = 12;
const HEADER_HEIGHT: i32 = 16;

/// The box behind a header of `chars` characters written at `at` with
/// `anchor`, a few units of margin around it.
pub fn header_box(chars: usize, (x, y): Point, anchor: &str) -> Rect {
    let width = i32::try_from(chars).unwrap_or(i32::MAX / 100) * HEADER_CHAR_TENTHS / 10 + 8;
    let left = match anchor {
        "end" => x - width + 4,
        "middle" => x - width / 2,
        _ => x - 4,
    };
    Rect {
        x: left,
        y: y - HEADER_ASCENT,
        width,
        height: HEADER_HEIGHT,
    }
}

/// Lays out `plan` in `frame`, top to bottom.
pub fn layout(plan: &Plan, frame: Frame) -> Layout {
    let inner = Rect {
        x: MARGIN,
        y: MARGIN,
        width: frame.width - 2 * MARGIN,
        height: 0,
    };
    let mut blocks = Vec::new();
    let mut y = row(
        &mut blocks,
        frame,
        &outside_parts(),
        inner.x,
        inner.width,
        MARGIN,
    );
    y = row(
        &mut blocks,
        frame,
        &edge_parts(plan),
        inner.x,
        inner.width,
        y,
    );

    let vnet_top = y;
    let vnet_inner_x = inner.x + GAP;
    let vnet_inner_width = inner.width - 2 * GAP;
    y = row(
        &mut blocks,
        frame,
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
            height: frame.block_height(listed + more),
        };
        blocks.push(Block {
            part: Part::RouteTable,
            rect,
        });
        y = rect.bottom() + GAP;
    }
    let nodes = node_area(plan, frame, vnet_inner_x, vnet_inner_width, y);
    y = nodes.bottom + GAP;
    let mut band = || {
        let rect = Rect {
            x: vnet_inner_x,
            y,
            width: vnet_inner_width,
            height: TITLE + 4,
        };
        y = rect.bottom() + GAP;
        rect
    };
    let pod_subnet = (plan.plugin == NetworkPlugin::AzureCniPodSubnet).then(&mut band);
    // The pod subnets pools have of their own, a band each.
    let mut pool_subnets = nodes.pool_subnets;
    for pool in &plan.pools {
        let Some(range @ RangeName::PoolPodSubnet(_)) = &pool.pod_subnet else {
            continue;
        };
        if !pool_subnets.iter().any(|area| &area.range == range) {
            pool_subnets.push(SubnetArea {
                range: range.clone(),
                rect: band(),
            });
        }
    }
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
        frame,
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
        height: y - services_top + 12 + frame.line,
    };
    // The routing fabric's tag sits on the VNet's border, on the right: at
    // the top beside its title, or in a narrow frame at the bottom.
    let fabric_width = 160.min(vnet.width / 2);
    let fabric_y = if frame.columns == 1 {
        vnet.bottom() - 9
    } else {
        vnet.y + 5
    };
    Layout {
        frame,
        height: services.bottom() + MARGIN,
        fabric: Rect {
            x: vnet.x + vnet.width - fabric_width - 12,
            y: fabric_y,
            width: fabric_width,
            height: 18,
        },
        blocks,
        vnet,
        node_subnet: nodes.node_subnet,
        pool_subnets,
        pod_subnet,
        services,
        pools: nodes.pools,
        cards: nodes.cards,
        summaries: nodes.summaries,
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

/// Places `parts` in rows of the frame's columns from `y`, and returns the
/// `y` below them (unchanged when there are none).
fn row(blocks: &mut Vec<Block>, frame: Frame, parts: &[Part], x: i32, width: i32, y: i32) -> i32 {
    let height = frame.block_height(2);
    let mut bottom = y;
    for (row, chunk) in parts.chunks(frame.columns).enumerate() {
        let count = chunk.len() as i32;
        let block_width = (width - (count - 1) * GAP) / count;
        let top = y + row as i32 * (height + GAP);
        for (column, &part) in chunk.iter().enumerate() {
            blocks.push(Block {
                part,
                rect: Rect {
                    x: x + column as i32 * (block_width + GAP),
                    y: top,
                    width: block_width,
                    height,
                },
            });
        }
        bottom = top + height + GAP;
    }
    bottom
}

/// A node pool's part of the drawing: its cards (and summary), under its
/// label when the cluster has several pools.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PoolGroup {
    pub pool: u8,
    pub rect: Rect,
    /// Where its label is written, with several pools.
    pub label_at: Option<Point>,
}

/// A subnet of a pool's own: a node subnet with the pool's nodes inside, or
/// (Pod Subnet) a band for its pod subnet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SubnetArea {
    pub range: RangeName,
    pub rect: Rect,
}

/// The node subnets and their pools' groups, cards and summaries.
struct NodeArea {
    node_subnet: Rect,
    pool_subnets: Vec<SubnetArea>,
    pools: Vec<PoolGroup>,
    cards: Vec<NodeCard>,
    summaries: Vec<Summary>,
    bottom: i32,
}

/// The height of a pool's label row.
const POOL_LABEL: i32 = 18;

/// The node subnets, the cluster's first, each a box with its pools inside:
/// each pool's node cards in a grid, pods as chips inside their node. A pool
/// beyond its share of the frame's `all_nodes_up_to` draws its first nodes,
/// a summary, and its last node.
fn node_area(plan: &Plan, frame: Frame, x: i32, width: i32, top: i32) -> NodeArea {
    let labelled = plan.pools.len() > 1;
    // Every pool drawn whole when the cluster fits; else a share each.
    let budget = if plan.nodes.len() <= frame.all_nodes_up_to {
        usize::MAX
    } else if labelled {
        (frame.all_nodes_up_to / plan.pools.len()).max(1)
    } else {
        frame.all_nodes_up_to
    };
    let mut subnets: Vec<&RangeName> = Vec::new();
    for pool in &plan.pools {
        if !subnets.contains(&&pool.node_subnet) {
            subnets.push(&pool.node_subnet);
        }
    }
    let mut area = NodeArea {
        node_subnet: Rect::default(),
        pool_subnets: Vec::new(),
        pools: Vec::new(),
        cards: Vec::new(),
        summaries: Vec::new(),
        bottom: top,
    };
    let mut y = top;
    for subnet in subnets {
        let subnet_top = y;
        y += TITLE;
        for pool in plan.pools.iter().filter(|pool| &pool.node_subnet == subnet) {
            let group_top = y;
            if labelled {
                y += POOL_LABEL;
            }
            let nodes: Vec<&Node> = plan
                .nodes
                .iter()
                .filter(|node| node.id.pool() == pool.index)
                .collect();
            let (cards, summary, bottom) = pool_cards(plan, frame, &nodes, budget, x, width, y);
            area.cards.extend(cards);
            area.summaries.extend(summary);
            y = bottom;
            area.pools.push(PoolGroup {
                pool: pool.index,
                rect: Rect {
                    x: x + GAP / 2,
                    y: group_top,
                    width: width - GAP,
                    height: y - group_top,
                },
                label_at: labelled.then_some((x + GAP, group_top + 13)),
            });
        }
        let rect = Rect {
            x,
            y: subnet_top,
            width,
            height: y - subnet_top + 4,
        };
        y = rect.bottom() + GAP;
        if *subnet == RangeName::NodeSubnet {
            area.node_subnet = rect;
        } else {
            area.pool_subnets.push(SubnetArea {
                range: subnet.clone(),
                rect,
            });
        }
    }
    area.bottom = y - GAP;
    area
}

/// One pool's node cards from `top`: every node up to `budget`, else its
/// first nodes, a summary and its last node. Returns the cards, the summary
/// and the `y` under them.
fn pool_cards(
    plan: &Plan,
    frame: Frame,
    nodes: &[&Node],
    budget: usize,
    x: i32,
    width: i32,
    top: i32,
) -> (Vec<NodeCard>, Option<Summary>, i32) {
    let leading = frame.leading_nodes.min(budget.saturating_sub(1)).max(1);
    // A summary stands for two nodes or more: one more node is drawn instead.
    let drawn_with_summary = leading + usize::from(budget > 1);
    let summarised = nodes.len() > budget && nodes.len() > drawn_with_summary + 1;
    let shown: Vec<&Node> = if summarised {
        let last = nodes.last().filter(|_| budget > 1);
        nodes.iter().take(leading).chain(last).copied().collect()
    } else {
        nodes.to_vec()
    };
    let mut pods_by_node: Vec<Vec<PodId>> = vec![Vec::new(); shown.len()];
    for pod in plan
        .pods
        .iter()
        .filter(|pod| !matches!(pod.state, PodState::Pending(_)))
    {
        let node = pod.placement.map(|placement| placement.node);
        let slot = shown.iter().position(|shown| Some(shown.id) == node);
        if let Some(list) = slot.and_then(|slot| pods_by_node.get_mut(slot)) {
            list.push(pod.id);
        }
    }
    let busiest = pods_by_node
        .iter()
        .map(|pods| pods.len().min(MAX_PODS_PER_CARD))
        .max()
        .unwrap_or(0);
    let chip_rows = busiest.div_ceil(frame.chips_per_row).max(1);
    let card_height = frame.card_header() + chip_rows as i32 * (frame.chip + 4) + 8;
    let columns = frame.card_columns as i32;
    let card_width = (width - (columns + 1) * GAP) / columns;
    // The slot each shown node takes; with a summary, the slots between the
    // first nodes and the last are the summary's (a whole row on a phone).
    let summary_span = if summarised {
        (frame.card_columns - 1).max(1)
    } else {
        0
    };
    let slot_of = |index: usize| {
        if summarised && index >= leading {
            index + summary_span
        } else {
            index
        }
    };
    let slot_rect = |slot: usize, span: usize| Rect {
        x: x + GAP + (slot % frame.card_columns) as i32 * (card_width + GAP),
        y: top + (slot / frame.card_columns) as i32 * (card_height + GAP),
        width: span as i32 * card_width + (span as i32 - 1) * GAP,
        height: card_height,
    };

    let cards = shown
        .iter()
        .zip(&pods_by_node)
        .enumerate()
        .map(|(index, (node, pods))| {
            let rect = slot_rect(slot_of(index), 1);
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
                        x: rect.x + 8 + (i % frame.chips_per_row) as i32 * (frame.chip + 3),
                        y: rect.y
                            + frame.card_header()
                            + (i / frame.chips_per_row) as i32 * (frame.chip + 4),
                    })
                    .collect(),
                more_pods: pods.len() - drawn,
            }
        })
        .collect::<Vec<_>>();
    let summary = summarised
        .then(|| {
            let first = nodes.get(leading)?.id;
            let count = nodes.len() - shown.len();
            let last = nodes.get(leading + count - 1)?.id;
            Some(Summary {
                rect: slot_rect(leading, summary_span),
                first,
                last,
                count,
            })
        })
        .flatten();
    // An empty pool keeps a row for its label to stand over.
    let slots = (shown.len() + summary_span).max(usize::from(nodes.is_empty()));
    let rows = slots.div_ceil(frame.card_columns) as i32;
    let height = if nodes.is_empty() {
        8
    } else {
        rows * (card_height + GAP)
    };
    (cards, summary, top + height)
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
        let layout = layout(&plan, Frame::WIDE);
        assert_eq!(layout.cards.len(), 3);
        assert_eq!(layout.cards.iter().map(|c| c.pods.len()).sum::<usize>(), 5);
        for card in &layout.cards {
            assert!(inside(&layout.node_subnet, &card.rect));
            for chip in &card.pods {
                let chip = Rect {
                    x: chip.x,
                    y: chip.y,
                    width: Frame::WIDE.chip,
                    height: Frame::WIDE.chip,
                };
                assert!(inside(&card.rect, &chip));
            }
        }
    }

    /// Every box sits inside the drawing, the VNet's inside the VNet, the
    /// Services' in their band, and no two boxes overlap, in every model.
    #[test]
    fn boxes_stay_apart_and_inside_their_regions() {
        for (plugin, frame) in NetworkPlugin::ALL
            .into_iter()
            .flat_map(|plugin| [(plugin, Frame::WIDE), (plugin, Frame::NARROW)])
        {
            let plan = plan(plugin, 5, 30, 12);
            let layout = layout(&plan, frame);
            let drawing = Rect {
                x: 0,
                y: 0,
                width: frame.width,
                height: layout.height,
            };
            let mut rects: Vec<Rect> = layout.blocks.iter().map(|b| b.rect).collect();
            rects.push(layout.node_subnet);
            rects.extend(layout.pod_subnet);
            rects.push(layout.fabric);
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
            let layout = layout(&plan, Frame::WIDE);
            for named in common_flows(&plan) {
                let flow = named.flow;
                let trace = trace(&plan, flow.from, flow.to).expect("traces");
                for hop in trace.steps().chain(&trace.reply) {
                    let (x, y) = layout.place(&plan, hop.at).1;
                    assert!(
                        (0..=Frame::WIDE.width).contains(&x) && (0..=layout.height).contains(&y)
                    );
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
    /// repository): keep the static SVG near or under ~1,000 elements. Above
    /// a dozen nodes the first three and the last are drawn, and a summary
    /// stands for the rest; a phone draws one node, the summary, the last.
    #[test]
    fn large_clusters_are_summarised() {
        let plan = plan(NetworkPlugin::Kubenet, 100, 110, 11_000);
        let wide = layout(&plan, Frame::WIDE);
        let drawn: Vec<u32> = wide.cards.iter().map(|card| card.node.instance()).collect();
        assert_eq!(drawn, [0, 1, 2, 99]);
        let summary = *wide.summaries.first().expect("a summary");
        assert_eq!(
            (
                summary.first.instance(),
                summary.last.instance(),
                summary.count
            ),
            (3, 98, 96)
        );
        assert_eq!(wide.cards[0].pods.len(), MAX_PODS_PER_CARD);
        assert_eq!(wide.cards[0].more_pods, 110 - MAX_PODS_PER_CARD);
        // The summary and the last node share the second row.
        assert_eq!(summary.rect.y, wide.cards[3].rect.y);
        assert!(!overlap(&summary.rect, &wide.cards[3].rect));
        // A pod on a node without a card is drawn at the summary.
        let far = plan
            .pods
            .iter()
            .find(|pod| pod.placement.is_some_and(|p| p.node == NodeId::new(50)))
            .map(|pod| pod.id)
            .expect("a pod on node 50");
        assert_eq!(wide.place(&plan, Location::Pod(far)).0, summary.rect);
        let narrow = layout(&plan, Frame::NARROW);
        let drawn: Vec<u32> = narrow
            .cards
            .iter()
            .map(|card| card.node.instance())
            .collect();
        assert_eq!(drawn, [0, 99]);
        // No wall: the summarised drawing is shorter than a dozen nodes'.
        let dozen = layout(&plan_of_nodes(12), Frame::WIDE);
        assert!(
            wide.height <= dozen.height,
            "{} > {}",
            wide.height,
            dozen.height
        );
        assert!(dozen.summaries.is_empty() && dozen.cards.len() == 12);
    }

    /// On a phone, every box and node is a row of its own inside the narrow
    /// drawing, and pods are touch targets.
    #[test]
    fn a_narrow_frame_stacks_everything() {
        for plugin in NetworkPlugin::ALL {
            let layout = layout(&plan(plugin, 3, 30, 6), Frame::NARROW);
            for block in &layout.blocks {
                assert!(block.rect.x + block.rect.width <= Frame::NARROW.width - 16);
            }
            let xs: Vec<i32> = layout.cards.iter().map(|card| card.rect.x).collect();
            assert!(xs.windows(2).all(|pair| pair[0] == pair[1]), "{xs:?}");
        }
    }

    /// The packet's header is written just over what the packet is at, so
    /// it never covers that box's title; in a narrow frame, centred.
    #[test]
    fn the_packet_header_goes_over_what_the_packet_is_at() {
        let at = Rect {
            x: 400,
            y: 100,
            width: 150,
            height: 60,
        };
        let wide = layout(&plan(NetworkPlugin::Kubenet, 3, 30, 3), Frame::WIDE);
        assert_eq!(wide.label_beside(at.center(), at), ((481, 97), "end"));
        assert_eq!(wide.label_beside((50, 120), at), ((44, 97), "start"));
        let narrow = layout(&plan(NetworkPlugin::Kubenet, 3, 30, 3), Frame::NARROW);
        assert_eq!(narrow.label_beside((50, 120), at), ((170, 97), "middle"));
        // On the top row there is no room over the frame: under it.
        let top = Rect { y: 14, ..at };
        assert_eq!(wide.label_beside((50, 40), top), ((44, 87), "start"));
        // The box behind a 10-character header: 75 units and margins.
        let backing = |anchor| header_box(10, (100, 50), anchor);
        assert_eq!(
            backing("start"),
            Rect {
                x: 96,
                y: 38,
                width: 83,
                height: 16
            }
        );
        assert_eq!(backing("end").x + backing("end").width, 104);
        assert_eq!(backing("middle").x, 59);
    }

    fn plan_of_nodes(nodes: u32) -> Plan {
        plan(NetworkPlugin::Kubenet, nodes, 110, nodes * 10)
    }

    /// The benchmark's cluster (5 pools × 200 nodes × 50 pods): each pool
    /// is a group of its own, in order, with its first node, a summary and
    /// its last; no more than a dozen cards in all; a pod on a node not
    /// drawn is placed at its own pool's summary.
    #[test]
    fn pools_are_grouped_and_summarised_each() {
        let mut spec = ClusterSpec::defaults_for(NetworkPlugin::AzureCniOverlay);
        spec.pod_cidr = "10.128.0.0/11".parse().expect("valid");
        spec.node_count = 200;
        spec.max_pods = 50;
        spec.deployments = vec![Deployment::new("web", 40_000)];
        spec.user_pools = ["apps", "batch", "gpu", "web"]
            .into_iter()
            .map(|name| {
                let mut pool = aks_model::NodePoolSpec::new(name, 200, spec.plugin);
                pool.max_pods = 50;
                pool
            })
            .collect();
        let plan = Plan::build(&spec).expect("valid");
        let wide = layout(&plan, Frame::WIDE);
        let pools: Vec<u8> = wide.pools.iter().map(|group| group.pool).collect();
        assert_eq!(pools, [0, 1, 2, 3, 4]);
        assert!(wide.cards.len() <= 12, "{}", wide.cards.len());
        assert_eq!(wide.summaries.len(), 5);
        for group in &wide.pools {
            for card in wide
                .cards
                .iter()
                .filter(|card| card.node.pool() == group.pool)
            {
                assert!(inside(&group.rect, &card.rect));
            }
        }
        for pair in wide.pools.windows(2) {
            assert!(!overlap(&pair[0].rect, &pair[1].rect));
        }
        let far = plan
            .pods
            .iter()
            .find(|pod| {
                pod.placement
                    .is_some_and(|p| p.node == NodeId::in_pool(3, 100))
            })
            .map(|pod| pod.id)
            .expect("a pod on gpu's node 100");
        let gpu_summary = wide
            .summaries
            .iter()
            .find(|summary| summary.first.pool() == 3)
            .expect("gpu's summary");
        assert_eq!(wide.place(&plan, Location::Pod(far)).0, gpu_summary.rect);
    }
}
