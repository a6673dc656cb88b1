//! What the diagram draws: every region, box, node card and pod chip with
//! its words, where they are written, and what clicking it picks (through
//! the flows' one code grammar); and the followed packet over it.

use aks_model::limits::{DNS_PORT, NODE_POD_RANGE_PREFIX, ROUTE_TABLE_LIMIT};
use aks_model::path::{Endpoint, Host, Hosts, Trace, Verdict};
use aks_model::rollout::NodeProgress;
use aks_model::{
    Dataplane, LoadBalancerScope, NetworkPlugin, Node, NodeId, NodeState, OutboundType, Plan,
    PodId, PodState, PoolPlan, RangeName, ServiceId, ServiceKind, ServicePlan,
};

use ipnet::Ipv4Net;
use yew::AttrValue;

use super::hides_hop;
use crate::flows::{host_code, node_code, pod_code, target_code};
use crate::layout::{
    header_box, layout, Frame, Layout, NodeCard, Part, Point, Rect, Summary, PACKET_FRAME_MARGIN,
    PICK_FRAME_MARGIN, ROUTES_LISTED,
};
use crate::lessons::Pointer;
use crate::service_choice::ServiceChoice;

/// Words written at a point. The diagram's words are `AttrValue`s: drawing
/// them again shares them rather than copying them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    pub at: Point,
    pub text: AttrValue,
}

impl Label {
    fn new(at: Point, text: impl Into<AttrValue>) -> Self {
        Self {
            at,
            text: text.into(),
        }
    }
}

/// A region of the network (the VNet, a subnet, the Service range).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Region {
    pub class: &'static str,
    pub rect: Rect,
    pub title: Label,
}

/// A labelled box of the topology other than a node.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BoxView {
    pub rect: Rect,
    pub title: Label,
    pub lines: Vec<Label>,
    /// The `data-pick` code, if the box can be a packet's source or destination.
    pub pick: Option<AttrValue>,
    /// Everything the box says, for screen readers and the readout.
    pub spoken: AttrValue,
    /// A load balancer frontend new to the drawing: where its address comes
    /// from (the band of the subnet it is in), relative to the box.
    pub arrives_from: Option<Point>,
}

/// A pod as a chip inside its node.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChipView {
    pub key: u32,
    pub at: Point,
    pub pick: AttrValue,
    pub ip: AttrValue,
    pub label: AttrValue,
    /// ContainerCreating: scheduled, with no address.
    pub waiting: bool,
    /// New on this node, or with a new address: where its address comes
    /// from (its range), relative to the chip, to move from.
    pub arrives_from: Option<Point>,
}

/// A node as a VM: its name, its NIC's address, its pod range, its pods.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeCardView {
    pub key: u32,
    /// Its pool's index.
    pub pool: u8,
    pub rect: Rect,
    pub pick: AttrValue,
    pub ip: AttrValue,
    /// What the card says, for screen readers and the readout.
    pub label: AttrValue,
    pub missing: bool,
    pub lines: Vec<Label>,
    pub chips: Vec<ChipView>,
    /// The pods not drawn, counted in the card's corner.
    pub more_pods: Option<Label>,
    /// Where the node is in an upgrade or a scale, as a CSS modifier
    /// (`node--{progress}`).
    pub progress: Option<&'static str>,
    /// A node new to the drawing: where its address comes from (the node
    /// subnet's band), relative to the card, to move from.
    pub arrives_from: Option<Point>,
}

/// At most this many pods move in one change, arriving and leaving
/// together (measured: a drain that moved 264 pods at 100 × 110 dropped to
/// 48 fps at 4× CPU throttling).
const MOVING_PODS: usize = 24;

/// A node or a pod gone since the drawing before, drawn where it was while
/// it leaves, toward the range its address goes back to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Departed {
    pub key: String,
    pub rect: Rect,
    /// The range's band, relative to `rect`.
    pub toward: Point,
    /// A pod (a chip) rather than a node (a card).
    pub pod: bool,
}

/// A node pool's part of the drawing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PoolView {
    pub pool: u8,
    pub name: AttrValue,
    pub rect: Rect,
    /// Its name, role and size, with several pools.
    pub label: Option<Label>,
}

/// Everything the static drawing shows, for one plan.
#[derive(Clone, Debug, PartialEq)]
pub struct DiagramView {
    pub layout: Layout,
    pub aria_label: String,
    pub regions: Vec<Region>,
    /// The VNet's own routing, a box with its name.
    pub fabric: (Rect, Label),
    /// Under the Services: where pod addresses come from.
    pub services_note: Label,
    pub boxes: Vec<BoxView>,
    pub cards: Vec<NodeCardView>,
    /// Each node pool: where its part is, and its label with several pools.
    pub pools: Vec<PoolView>,
    /// The nodes not drawn as cards, counted in a box of their own per pool.
    pub summaries: Vec<(u8, BoxView)>,
    /// What left since the drawing before: drawn leaving, then gone.
    pub departed: Vec<Departed>,
}

/// The followed packet over the drawing at one hop: the way it has come, a
/// frame around where it is, and the packet itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PacketView {
    /// The trail's points, as the SVG `points` attribute.
    pub trail: String,
    pub frame: Rect,
    pub at: Point,
    /// Stays the same while the same flow steps, so the packet glides.
    pub key: String,
    /// A refused or dropped packet, said in words at the head of its header
    /// (where nothing else is written), where it happens.
    pub failure: Option<AttrValue>,
    /// The packet's header as it leaves this hop (`src → dst`), written
    /// beside it, and whether it reads leftwards (anchored at its end).
    pub header: AttrValue,
    pub header_at: Point,
    pub header_anchor: &'static str,
    /// The box behind the header, so that what it crosses does not show
    /// through (in the packet's coordinates too).
    pub header_box: Rect,
}

impl PacketView {
    /// The packet with no failure written beside it, and its header hidden
    /// after the first hop (`step` 0): a lesson asks what they show.
    pub fn concealed(self, step: usize) -> Self {
        let unmarked = Self {
            failure: None,
            ..self
        };
        let header = if hides_hop(step) {
            CONCEALED_HEADER.into()
        } else {
            unmarked.header.clone()
        };
        unmarked.with_header(header)
    }

    /// The packet with `header` written over it, after its failure if it
    /// failed, its box sized to both.
    fn with_header(self, header: AttrValue) -> Self {
        // The failure's words are bold: a character more than they count.
        let failure = self
            .failure
            .as_ref()
            .map_or(0, |words| words.chars().count() + FAILURE_GAP.len() + 1);
        Self {
            header_box: header_box(
                failure + header.chars().count(),
                self.header_at,
                self.header_anchor,
            ),
            header,
            ..self
        }
    }
}

/// What separates a failure's words from the header's addresses.
pub const FAILURE_GAP: &str = "  ";

/// The header of a packet whose addresses a lesson asks for.
pub const CONCEALED_HEADER: &str = "? → ?";

impl DiagramView {
    /// The drawing of `plan` in `frame` (wide, or narrow for a phone).
    pub fn of(plan: &Plan, frame: Frame) -> Self {
        let drawn = layout(plan, frame);
        let hosts = Hosts::of(plan);
        let cidr = |name: RangeName| {
            plan.range(&name)
                .map(|range| range.cidr.to_string())
                .unwrap_or_default()
        };
        let region = |class, rect: Rect, title: String| Region {
            class,
            rect,
            title: Label::new(rect.region_title(), title),
        };
        // With pools on subnets of their own, each subnet is named (on a
        // phone by its name and range alone).
        let pooled = !drawn.pool_subnets.is_empty();
        let wide = frame.columns > 1;
        let subnet_title = |kind: &str, name: &RangeName, detail: &str| match (pooled, wide) {
            (false, _) => format!("{kind} subnet {}{detail}", cidr(name.clone())),
            (true, true) => format!(
                "{kind} subnet {} {}{detail}",
                name.resource_name(),
                cidr(name.clone())
            ),
            (true, false) => format!("{} {}", name.resource_name(), cidr(name.clone())),
        };
        let mut regions = vec![
            region(
                "region region--vnet",
                drawn.vnet,
                format!("VNet {}", plan.vnet),
            ),
            region(
                "region region--subnet",
                drawn.node_subnet,
                subnet_title("Node", &RangeName::NodeSubnet, ""),
            ),
        ];
        regions.extend(drawn.pod_subnet.map(|rect| {
            let detail = if pooled {
                ": pods' addresses"
            } else {
                ": pods' addresses (drawn inside their node)"
            };
            region(
                "region region--subnet",
                rect,
                subnet_title("Pod", &RangeName::PodSubnet, detail),
            )
        }));
        regions.extend(drawn.pool_subnets.iter().map(|area| {
            let title = match &area.range {
                RangeName::PoolPodSubnet(pool) => {
                    subnet_title("Pod", &area.range, &format!(": the pods of {pool}"))
                }
                range => subnet_title("Node", range, ""),
            };
            region("region region--subnet", area.rect, title)
        }));
        regions.push(region(
            "region region--virtual",
            drawn.services,
            format!(
                "Service CIDR {}: virtual, {} on every node",
                cidr(RangeName::ServiceCidr),
                match plan.dataplane {
                    Dataplane::KubeProxy => "kube-proxy rules",
                    Dataplane::Cilium => "Cilium eBPF maps",
                }
            ),
        ));
        let routing = if plan.plugin == NetworkPlugin::AzureCniOverlay {
            "VNet + overlay routing"
        } else {
            "VNet routing (Azure SDN)"
        };
        let pod_range_note = match plan.range(&RangeName::PodCidr) {
            Some(range) => format!(
                "Pod CIDR {}: not in the VNet, a /{NODE_POD_RANGE_PREFIX} per node",
                range.cidr
            ),
            // As the paths show it (aks-facts §5.7): ip-masq-agent keeps a
            // Node Subnet pod's address inside the VNet only.
            None if plan.plugin == NetworkPlugin::AzureCni => {
                "Pod IPs are VNet IPs; beyond the VNet they leave as the node's".into()
            }
            None => "Pod IPs are VNet IPs: every peer sees them as they are".into(),
        };
        let boxes = drawn
            .blocks
            .iter()
            .map(|block| {
                let (title, lines, pick) = box_text(plan, &hosts, block.part);
                box_view(frame, block.rect, title, lines, pick)
            })
            .collect();
        let cards = drawn
            .cards
            .iter()
            .filter_map(|card| Some(card_view(plan, frame, plan.node(card.node)?, card)))
            .collect();
        let summaries = drawn
            .summaries
            .iter()
            .map(|summary| {
                let (title, lines) = summary_text(plan, *summary);
                (
                    summary.first.pool(),
                    box_view(frame, summary.rect, title, lines, None),
                )
            })
            .collect();
        let pools = drawn
            .pools
            .iter()
            .filter_map(|group| {
                let pool = plan.pool(group.pool)?;
                Some(PoolView {
                    pool: group.pool,
                    name: AttrValue::from(pool.name.to_string()),
                    rect: group.rect,
                    label: group
                        .label_at
                        .map(|at| Label::new(at, pool_label(pool, frame.columns > 1))),
                })
            })
            .collect();
        Self {
            aria_label: format!("{} nodes in VNet {}", plan.nodes.len(), plan.vnet),
            regions,
            fabric: (
                drawn.fabric,
                Label::new(drawn.fabric.centred_label(), routing),
            ),
            services_note: Label::new(drawn.services.region_note(), pod_range_note),
            boxes,
            cards,
            pools,
            summaries,
            departed: Vec::new(),
            layout: drawn,
        }
    }

    /// The drawing of `plan` as a change from `before`, the plan drawn as
    /// `previous` in the same frame: a node new to the cluster comes from
    /// the node subnet's band, a pod new to its node or with a new address
    /// from its node's range (the pod subnet's band under Pod Subnet), a
    /// load balancer with a new frontend from its subnet's band, and nodes
    /// and pods gone leave toward where their addresses go back. What only
    /// enters or leaves the drawn part (a summarised pool's last card, a
    /// card's first 24 pods) does not move.
    pub fn moving_from(mut self, previous: &DiagramView, before: &Plan, plan: &Plan) -> Self {
        // The band of the node subnet, and of the pod subnet, of a node's pool.
        let subnet_band = |name: Option<&RangeName>| {
            let name = name?;
            match name {
                RangeName::NodeSubnet => Some(self.layout.node_subnet),
                RangeName::PodSubnet => self.layout.pod_subnet,
                _ => self
                    .layout
                    .pool_subnets
                    .iter()
                    .find(|area| &area.range == name)
                    .map(|area| area.rect),
            }
            .map(|rect| rect.region_title())
        };
        let node_band = |key: u32| {
            let pool = plan.pool(NodeId::from_key(key).pool());
            subnet_band(pool.map(|pool| &pool.node_subnet))
                .unwrap_or(self.layout.node_subnet.region_title())
        };
        let pod_subnet_band = |key: u32| {
            let pool = plan.pool(NodeId::from_key(key).pool());
            subnet_band(pool.and_then(|pool| pool.pod_subnet.as_ref()))
        };
        let frame = self.layout.frame;
        // The card line that holds the node's pod range: the /24 under
        // kubenet and Overlay, the address its pre-allocated ones follow
        // under Node Subnet.
        let range_line = if plan.plugin.uses_pod_cidr() { 2 } else { 1 };
        let relative = |from: Point, to: Point| (from.0 - to.0, from.1 - to.1);
        let existed =
            |plan: &Plan, key: u32| plan.node(NodeId::from_key(key)).is_some_and(Node::is_ready);
        // Where a pod runs and with which address, in a plan.
        let held = |plan: &Plan, key: u32| {
            plan.pod(PodId::new(key))
                .and_then(|pod| Some((pod.running_on()?, pod.ip?)))
        };
        // Each moving shape costs the main thread a repaint every frame
        // (SVG shapes are not composited): a drain of ten drawn nodes would
        // move 240 pods. The first few move; the rest are simply there.
        let mut moving_pods = 0;
        for card in &mut self.cards {
            let corner = (card.rect.x, card.rect.y);
            // A new node brings its pods with it.
            if !existed(before, card.key) {
                card.arrives_from = Some(relative(node_band(card.key), corner));
                continue;
            }
            let band = pod_subnet_band(card.key).unwrap_or(frame.card_line(card.rect, range_line));
            for chip in &mut card.chips {
                if moving_pods < MOVING_PODS && held(before, chip.key) != held(plan, chip.key) {
                    chip.arrives_from = Some(relative(band, chip.at));
                    moving_pods += 1;
                }
            }
        }
        // A load balancer with a new frontend: from the band of the subnet
        // that holds its address (a public frontend's range is not drawn).
        for block in &mut self.boxes {
            let service = block
                .pick
                .as_deref()
                .and_then(|code| code.strip_prefix("lb")?.parse().ok())
                .map(ServiceId::new);
            let frontend = |plan: &Plan| plan.service(service?)?.frontend;
            let Some(address) = frontend(plan).filter(|_| frontend(before) != frontend(plan))
            else {
                continue;
            };
            let corner = (block.rect.x, block.rect.y);
            block.arrives_from = self
                .regions
                .iter()
                .filter(|region| region.class.contains("subnet"))
                .find(|region| {
                    let cidr = region.title.text.rsplit(' ').next();
                    cidr.and_then(|cidr| cidr.parse::<Ipv4Net>().ok())
                        .is_some_and(|range| range.contains(&address))
                })
                .map(|region| relative(region.rect.region_title(), corner));
        }
        for old in &previous.cards {
            let now = self.cards.iter().find(|card| card.key == old.key);
            let corner = (old.rect.x, old.rect.y);
            match now {
                None if !existed(plan, old.key) => {
                    self.departed.push(Departed {
                        key: format!("node{}", old.key),
                        rect: old.rect,
                        toward: relative(node_band(old.key), corner),
                        pod: false,
                    });
                }
                // Drawn no more but still there (in the summary), or drawn
                // elsewhere (the layout changed with the model): nothing leaves
                // from where it was.
                None => {}
                Some(now) if now.rect != old.rect => {}
                Some(_) => {
                    let band =
                        pod_subnet_band(old.key).unwrap_or(frame.card_line(old.rect, range_line));
                    let side = frame.chip;
                    let room = MOVING_PODS.saturating_sub(moving_pods);
                    let leaving: Vec<&ChipView> = old
                        .chips
                        .iter()
                        .filter(|chip| held(before, chip.key) != held(plan, chip.key))
                        .take(room)
                        .collect();
                    moving_pods += leaving.len();
                    self.departed
                        .extend(leaving.into_iter().map(|chip| Departed {
                            key: format!("pod{}on{}", chip.key, old.key),
                            rect: Rect {
                                x: chip.at.0,
                                y: chip.at.1,
                                width: side,
                                height: side,
                            },
                            toward: relative(band, chip.at),
                            pod: true,
                        }));
                }
            }
        }
        self
    }

    /// The packet of `trace` at hop `step` (the DNS lookup's hops first).
    pub fn packet(&self, plan: &Plan, trace: &Trace, step: usize) -> Option<PacketView> {
        let places: Vec<(Rect, Point)> = trace
            .steps()
            .take(step + 1)
            .map(|hop| self.layout.place(plan, hop.at))
            .collect();
        let &(frame, at) = places.last()?;
        let hop = trace.steps().nth(step)?;
        let (beside, header_anchor) = self
            .layout
            .label_beside(at, frame.grown(PACKET_FRAME_MARGIN));
        let trail = places
            .iter()
            .map(|(_, (x, y))| format!("{x},{y}"))
            .collect::<Vec<_>>()
            .join(" ");
        // A new flow, or a new frame (the screen turned narrow), starts where
        // it starts, rather than gliding from the last one.
        let key = trace
            .hops
            .first()
            .map(|hop| format!("{}>{}@{}", hop.src, hop.dst, self.layout.frame.class))
            .unwrap_or_default();
        let arrived = step + 1 >= trace.step_count();
        let failure = match &trace.verdict {
            Verdict::Refused { .. } if arrived => Some("✕ Refused"),
            Verdict::Dropped { .. } if arrived => Some("✕ Dropped"),
            _ => None,
        };
        let packet = PacketView {
            trail,
            frame: frame.grown(PACKET_FRAME_MARGIN),
            at,
            key,
            failure: failure.map(AttrValue::from),
            header: AttrValue::default(),
            // Written in the packet's own coordinates, so it glides with it.
            header_at: (beside.0 - at.0, beside.1 - at.1),
            header_anchor,
            header_box: Rect::default(),
        }
        .with_header(format!("{} → {}", hop.src, hop.dst).into());
        // Where the failure's words and the addresses do not fit side by
        // side (a phone), the words stay: the addresses are in the hop's story.
        let (x, _) = at;
        let fits = x + packet.header_box.x >= 0
            && x + packet.header_box.x + packet.header_box.width <= self.layout.frame.width;
        Some(if fits || packet.failure.is_none() {
            packet
        } else {
            packet.with_header(AttrValue::default())
        })
    }

    /// The frame around what a lesson's answer `pointer` points at.
    pub fn pointed_at(&self, plan: &Plan, pointer: Pointer) -> Rect {
        match pointer {
            Pointer::NodeSubnet => self.layout.node_subnet,
            Pointer::Vnet => self.layout.vnet,
            Pointer::At(at) => self.layout.place(plan, at).0,
        }
        .grown(PICK_FRAME_MARGIN)
    }

    /// The frame around a source clicked in the diagram.
    pub fn source_frame(&self, plan: &Plan, source: Endpoint) -> Rect {
        self.layout
            .place(plan, source.location())
            .0
            .grown(PICK_FRAME_MARGIN)
    }
}

/// A box's words, placed in `rect`.
fn box_view(
    frame: Frame,
    rect: Rect,
    title: String,
    lines: Vec<String>,
    pick: Option<String>,
) -> BoxView {
    let spoken = std::iter::once(title.as_str())
        .chain(lines.iter().map(String::as_str))
        .collect::<Vec<_>>()
        .join(" · ");
    BoxView {
        rect,
        title: Label::new(frame.box_title(rect), title),
        lines: lines
            .into_iter()
            .enumerate()
            .map(|(index, line)| Label::new(frame.box_line(rect, index), line))
            .collect(),
        pick: pick.map(AttrValue::from),
        spoken: spoken.into(),
        arrives_from: None,
    }
}

/// A box's title, its lines, and its pick code.
fn box_text(plan: &Plan, hosts: &Hosts, part: Part) -> (String, Vec<String>, Option<String>) {
    let egress = hosts.egress;
    let frontend = |service: &ServicePlan| {
        let ip = service
            .frontend
            .map_or("none free".into(), |ip| ip.to_string());
        format!("{} {ip}:{}", service.name, service.port)
    };
    let lb_pick = |service: &ServicePlan| {
        target_code(aks_model::path::Target::LoadBalancer {
            service: service.id,
        })
    };
    let host = |host: Host| Some(host_code(host).to_string());
    match part {
        Part::Internet => (
            "Internet".into(),
            vec![
                format!("client {}", hosts.internet_client),
                format!("server {}", hosts.internet_server),
            ],
            host(Host::InternetClient),
        ),
        Part::OnPremises => (
            "On-premises".into(),
            vec![
                format!("host {}", hosts.on_premises),
                "via VPN or ExpressRoute".into(),
            ],
            host(Host::OnPremises),
        ),
        Part::PeeredVnet => (
            "Peered VNet".into(),
            vec![format!("VM {}", hosts.peered_vm)],
            host(Host::PeeredVnetVm),
        ),
        Part::PublicLoadBalancer => {
            let public: Vec<&ServicePlan> = plan
                .services
                .iter()
                .filter(|service| {
                    service.kind == ServiceKind::LoadBalancer(LoadBalancerScope::Public)
                })
                .collect();
            let mut lines: Vec<String> = public.iter().map(|service| frontend(service)).collect();
            if plan.outbound_type == OutboundType::LoadBalancer {
                lines.push(format!("outbound rule SNAT → {egress}"));
            }
            let pick = public.first().map(|service| lb_pick(service));
            ("Public load balancer".into(), lines, pick)
        }
        Part::NatGateway => ("NAT gateway".into(), vec![format!("egress {egress}")], None),
        Part::VpnGateway => (
            "VPN gateway".into(),
            vec!["GatewaySubnet".into(), "on-premises enters here".into()],
            None,
        ),
        Part::VnetVm => (
            "VM in the VNet".into(),
            hosts.vnet_vm.iter().map(|ip| ip.to_string()).collect(),
            host(Host::VnetVm),
        ),
        Part::Firewall => (
            "Firewall (UDR)".into(),
            hosts
                .firewall
                .iter()
                .map(|ip| format!("0.0.0.0/0 → {ip}"))
                .chain([format!("egress {egress}")])
                .collect(),
            None,
        ),
        Part::InternalLoadBalancer(id) => {
            let service = plan.service(id);
            let subnet = match service.map(|s| &s.kind) {
                Some(ServiceKind::LoadBalancer(LoadBalancerScope::Internal {
                    subnet: Some(name),
                })) => format!("in subnet {name}"),
                _ => "in the node subnet".into(),
            };
            (
                "Internal load balancer".into(),
                vec![service.map(frontend).unwrap_or_default(), subnet],
                service.map(lb_pick),
            )
        }
        Part::RouteTable => {
            let mut lines: Vec<String> = plan
                .routes
                .iter()
                .take(ROUTES_LISTED)
                .map(|route| format!("{} → {}", route.destination, route.next_hop))
                .collect();
            if plan.routes.len() > ROUTES_LISTED {
                lines.push(format!(
                    "+{} more routes",
                    plan.routes.len() - ROUTES_LISTED
                ));
            }
            (
                format!(
                    "Route table · {} of {ROUTE_TABLE_LIMIT} routes",
                    plan.routes.len()
                ),
                lines,
                None,
            )
        }
        Part::Service(id) => match plan.service(id) {
            Some(service) => service_text(service),
            None => ("Service".into(), Vec::new(), None),
        },
        Part::Dns => (
            "kube-dns · CoreDNS".into(),
            plan.dns_service_ip()
                .iter()
                .map(|ip| format!("{ip}:{DNS_PORT}, names → ClusterIPs"))
                .collect(),
            None,
        ),
    }
}

fn service_text(service: &ServicePlan) -> (String, Vec<String>, Option<String>) {
    let cluster_ip = service.cluster_ip.map_or("no ClusterIP free".into(), |ip| {
        format!(
            "ClusterIP {ip}:{} → pods :{}",
            service.port,
            service.target_text()
        )
    });
    let second = match service.node_port {
        Some(port) => format!("nodePort {port} · {} endpoints", service.endpoints.len()),
        None => format!("{} endpoints", service.endpoints.len()),
    };
    (
        format!(
            "Service {} · {}",
            service.name,
            ServiceChoice::of(&service.kind).label()
        ),
        vec![cluster_ip, second],
        Some(target_code(aks_model::path::Target::ClusterIp {
            service: service.id,
        })),
    )
}

/// A pool's label: its name, its role, its nodes (and autoscaler range), and
/// in a wide frame its max pods and its surge.
fn pool_label(pool: &PoolPlan, wide: bool) -> String {
    let role = if pool.is_system() { "system" } else { "user" };
    let autoscaler = pool
        .autoscaler
        .map(|range| format!(" (autoscaler {}–{})", range.min, range.max))
        .unwrap_or_default();
    let nodes = if pool.node_count == 1 {
        "node"
    } else {
        "nodes"
    };
    let mut label = format!(
        "{} · {role} · {} {nodes}{autoscaler}",
        pool.name, pool.node_count
    );
    if wide {
        label.push_str(&format!(
            " · max pods {} · surge {}",
            pool.max_pods, pool.surge
        ));
    }
    label
}

/// What the summary of the nodes not drawn says: how many, which, what each
/// holds, and their pods.
fn summary_text(plan: &Plan, summary: Summary) -> (String, Vec<String>) {
    let name = |id| plan.node(id).map(Node::instance).unwrap_or_default();
    let pods: u32 = plan
        .nodes
        .iter()
        .skip_while(|node| node.id != summary.first)
        .take(summary.count)
        .map(|node| node.pod_count)
        .sum();
    let each = match plan.plugin {
        NetworkPlugin::Kubenet | NetworkPlugin::AzureCniOverlay => {
            format!("each: 1 node-subnet address, a /{NODE_POD_RANGE_PREFIX} of the pod CIDR")
        }
        NetworkPlugin::AzureCni => {
            format!(
                "each: 1 + {} node-subnet addresses",
                plan.max_pods_on(summary.first)
            )
        }
        NetworkPlugin::AzureCniPodSubnet => {
            "each: 1 node-subnet address, pod-subnet addresses".into()
        }
    };
    (
        format!("{} more nodes, like those drawn", summary.count),
        vec![
            format!("{} … {}", name(summary.first), name(summary.last)),
            format!("{each} · {pods} pods"),
        ],
    )
}

/// One node card: the node as a VM and its pods as chips.
fn card_view(plan: &Plan, frame: Frame, node: &Node, card: &NodeCard) -> NodeCardView {
    let name = node.name();
    let ip = node.ip.map(|ip| ip.to_string()).unwrap_or_default();
    let (detail, second_line) = match node.state {
        NodeState::NotCreated(why) => ("not created".to_string(), Some(why.short().to_string())),
        NodeState::Ready => (
            ip.clone(),
            node.pod_range.map(|range| format!("pods {range}")),
        ),
    };
    let label = match node.state {
        NodeState::NotCreated(why) => format!("{name}: not created, {why}"),
        NodeState::Ready => {
            let count = card.pods.len() + card.more_pods;
            let hidden = if card.more_pods > 0 {
                format!(" ({} not drawn)", card.more_pods)
            } else {
                String::new()
            };
            let range = second_line
                .as_deref()
                .map(|line| format!(" · {line}"))
                .unwrap_or_default();
            let pods = if count == 1 { "pod" } else { "pods" };
            format!("{name}: {ip}{range} · {count} {pods}{hidden}")
        }
    };
    // A node above the autoscaler's min count is one it added for pods.
    let autoscaled = plan
        .pool(node.id.pool())
        .and_then(|pool| pool.autoscaler)
        .is_some_and(|range| node.id.instance() >= range.min);
    let (first_line, label) = if autoscaled {
        (
            format!("{} · autoscaled", node.instance()),
            format!(
                "{label} (added by the cluster autoscaler for pods that could not be scheduled)"
            ),
        )
    } else {
        (node.short_name(), label)
    };
    let rect = card.rect;
    let lines = [Some(first_line), Some(detail), second_line]
        .into_iter()
        .enumerate()
        .filter_map(|(index, line)| Some(Label::new(frame.card_line(rect, index), line?)))
        .collect();
    let chips = card
        .pods
        .iter()
        .filter_map(|chip| {
            let pod = plan.pod(chip.pod)?;
            let pod_name = plan.pod_name(pod);
            let pod_ip = pod.ip.map(|ip| ip.to_string()).unwrap_or_default();
            let waiting = pod.state == PodState::ContainerCreating;
            Some(ChipView {
                key: chip.pod.number(),
                at: (chip.x, chip.y),
                pick: pod_code(chip.pod).into(),
                label: if waiting {
                    format!("{pod_name}: ContainerCreating, no address")
                } else {
                    format!("{pod_name} {pod_ip} on {name}")
                }
                .into(),
                ip: pod_ip.into(),
                waiting,
                arrives_from: None,
            })
        })
        .collect();
    NodeCardView {
        key: card.node.key(),
        pool: card.node.pool(),
        rect,
        pick: node_code(card.node).into(),
        ip: ip.into(),
        label: label.into(),
        missing: !node.is_ready(),
        lines,
        chips,
        more_pods: (card.more_pods > 0).then(|| {
            Label::new(
                frame.card_count(rect),
                format!(
                    "+{} pod{}",
                    card.more_pods,
                    if card.more_pods == 1 { "" } else { "s" }
                ),
            )
        }),
        progress: None,
        arrives_from: None,
    }
}

impl DiagramView {
    /// The drawing of a step of an upgrade or a scale: each card names
    /// where its node is (`progress`), in its first line and its label.
    pub fn in_operation(mut self, plan: &Plan, progress: impl Fn(NodeId) -> NodeProgress) -> Self {
        for card in &mut self.cards {
            let id = NodeId::from_key(card.key);
            let state = progress(id);
            let (Some(words), Some(node)) = (state.label(), plan.node(id)) else {
                continue;
            };
            if let Some(first) = card.lines.first_mut() {
                first.text = format!("{} · {words}", node.instance()).into();
            }
            card.label = format!("{} ({words})", card.label).into();
            card.progress = Some(match state {
                NodeProgress::Cordoned => "cordoned",
                NodeProgress::Upgraded => "upgraded",
                NodeProgress::Surge => "surge",
                NodeProgress::Joined => "joined",
                NodeProgress::Waiting | NodeProgress::Unchanged => "waiting",
            });
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flows::{parse_endpoint, parse_target, Flow};
    use aks_model::{ClusterSpec, PodId};

    fn kubenet() -> Plan {
        Plan::build(&ClusterSpec::defaults_for(NetworkPlugin::Kubenet)).expect("valid")
    }

    fn texts(view: &BoxView) -> Vec<&str> {
        view.lines.iter().map(|line| line.text.as_str()).collect()
    }

    /// The note on where pod addresses come from agrees with the paths: it
    /// says pods leave as the node exactly when a peered VNet sees the node
    /// (aks-facts §5.7: ip-masq-agent under Node Subnet, never Pod Subnet).
    #[test]
    fn the_pod_address_note_agrees_with_what_a_peer_sees() {
        for plugin in [NetworkPlugin::AzureCni, NetworkPlugin::AzureCniPodSubnet] {
            let plan = Plan::build(&ClusterSpec::defaults_for(plugin)).expect("valid");
            let seen = aks_model::path::trace(
                &plan,
                Endpoint::Pod(PodId::new(0)),
                aks_model::path::Target::PeeredVnetVm,
            )
            .expect("traces")
            .verdict
            .seen_source()
            .expect("delivered");
            let as_the_node = plan.nodes.iter().any(|node| node.ip == Some(*seen.ip()));
            let note = DiagramView::of(&plan, Frame::WIDE).services_note.text;
            assert_eq!(note.contains("node"), as_the_node, "{plugin}: {note}");
        }
    }

    /// The addresses of aks-facts §5.0's example hosts, and the kubenet route
    /// table of §1.1 (one /24 of the pod CIDR per node, via the node's IP).
    /// learn: aks/cluster-autoscaler: the nodes it adds for pods the
    /// scheduler cannot place are named as its own.
    #[test]
    fn nodes_the_autoscaler_added_say_so() {
        let mut spec = ClusterSpec::defaults_for(NetworkPlugin::AzureCni);
        spec.max_count = Some(8);
        spec.deployments[0].replicas = 100;
        let view = DiagramView::of(&Plan::build(&spec).expect("valid"), Frame::WIDE);
        let first_line = |card: &NodeCardView| card.lines[0].text.to_string();
        assert_eq!(first_line(&view.cards[2]), "nodepool1 · vmss000002");
        assert_eq!(first_line(&view.cards[3]), "vmss000003 · autoscaled");
        assert!(view.cards[3]
            .label
            .contains("added by the cluster autoscaler"));
    }

    #[test]
    fn boxes_show_the_addresses_of_the_plan() {
        let view = DiagramView::of(&kubenet(), Frame::WIDE);
        let titled = |title: &str| {
            view.boxes
                .iter()
                .find(|b| b.title.text.starts_with(title))
                .unwrap_or_else(|| panic!("no box {title}"))
        };
        assert_eq!(
            texts(titled("Internet")),
            ["client 203.0.113.50", "server 203.0.113.80"]
        );
        let routes = titled("Route table");
        assert_eq!(routes.title.text, "Route table · 3 of 400 routes");
        assert_eq!(texts(routes)[0], "10.244.0.0/24 → 10.224.0.4");
        let service = titled("Service web");
        assert!(
            texts(service)[0].ends_with(":80 → pods :8080"),
            "{service:?}"
        );
        assert_eq!(
            texts(titled("kube-dns")),
            ["10.0.0.10:53, names → ClusterIPs"]
        );
        assert!(
            texts(titled("Public load balancer")).contains(&"outbound rule SNAT → 198.51.100.20")
        );
        // Each line is written one line below the last, inside its box.
        for b in &view.boxes {
            for pair in b.lines.windows(2) {
                assert!(pair[0].at.1 < pair[1].at.1);
            }
            assert!(b.lines.iter().all(|line| line.at.0 > b.rect.x));
        }
    }

    /// The packet's header, at every hop of every common flow, under every
    /// model, in both frames, lies wholly inside the drawing — failed
    /// packets' too (a closed targetPort, userDefinedRouting's firewall).
    #[test]
    fn the_packet_header_stays_inside_the_drawing() {
        for plugin in NetworkPlugin::ALL {
            let mut failing = ClusterSpec::defaults_for(plugin);
            failing.services[0].target_port = 85.into();
            failing.outbound_type = aks_model::OutboundType::UserDefinedRouting;
            for (plan, frame) in [ClusterSpec::defaults_for(plugin), failing]
                .iter()
                .map(|spec| Plan::build(spec).expect("valid"))
                .flat_map(|plan| [(plan.clone(), Frame::WIDE), (plan, Frame::NARROW)])
            {
                let view = DiagramView::of(&plan, frame);
                for named in crate::flows::common_flows(&plan) {
                    let flow = named.flow;
                    let traced = aks_model::path::trace(&plan, flow.from, flow.to).expect("a flow");
                    for step in 0..traced.step_count() {
                        let packet = view.packet(&plan, &traced, step).expect("a packet");
                        let (x, y) = packet.at;
                        let header = packet.header_box;
                        let label = format!(
                            "{plugin} {} step {step}: {header:?} at {:?}",
                            named.label, packet.at
                        );
                        assert!(x + header.x >= 0 && y + header.y >= 0, "{label}");
                        assert!(x + header.x + header.width <= frame.width, "{label}");
                    }
                }
            }
        }
    }

    /// Whatever the diagram offers to click reads back as a source or a
    /// destination, through the one code grammar.
    #[test]
    fn every_pick_code_reads_back() {
        for plugin in NetworkPlugin::ALL {
            let plan = Plan::build(&ClusterSpec::defaults_for(plugin)).expect("valid");
            let view = DiagramView::of(&plan, Frame::WIDE);
            let picks = view
                .boxes
                .iter()
                .filter_map(|b| b.pick.clone())
                .chain(view.cards.iter().map(|card| card.pick.clone()))
                .chain(
                    view.cards
                        .iter()
                        .flat_map(|card| card.chips.iter().map(|c| c.pick.clone())),
                );
            for code in picks {
                assert!(
                    parse_endpoint(&code).is_some() || parse_target(&plan, &code).is_some(),
                    "{code}"
                );
            }
        }
    }

    /// A node card says what the node is; its pods are chips with their addresses.
    #[test]
    fn node_cards_name_their_node_and_pods() {
        let view = DiagramView::of(&kubenet(), Frame::WIDE);
        let card = &view.cards[0];
        assert_eq!(card.pick, "node0");
        assert_eq!(card.ip, "10.224.0.4");
        assert_eq!(
            card.label,
            "aks-nodepool1-39054224-vmss000000: 10.224.0.4 · pods 10.244.0.0/24 · 1 pod"
        );
        let lines: Vec<&str> = card.lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            lines,
            ["nodepool1 · vmss000000", "10.224.0.4", "pods 10.244.0.0/24"]
        );
        assert_eq!(card.chips[0].pick, "pod0");
        assert_eq!(
            card.chips[0].label,
            "web-0 10.244.0.2 on aks-nodepool1-39054224-vmss000000"
        );
    }

    /// The packet is drawn where its hop is, trailing the way it came; a
    /// refused one is marked on its last hop only.
    #[test]
    fn the_packet_is_drawn_at_its_hop() {
        let mut spec = ClusterSpec::defaults_for(NetworkPlugin::Kubenet);
        spec.services[0].target_port = 85.into();
        let plan = Plan::build(&spec).expect("valid");
        let view = DiagramView::of(&plan, Frame::WIDE);
        let (_, trace) = Flow::from_code(&plan, "pod0.svc0").expect("a flow");
        let first = view.packet(&plan, &trace, 0).expect("drawn");
        assert_eq!(first.trail.split(' ').count(), 1);
        assert_eq!(first.failure, None);
        let last = view
            .packet(&plan, &trace, trace.step_count() - 1)
            .expect("drawn");
        assert_eq!(last.trail.split(' ').count(), trace.step_count());
        assert_eq!(last.key, first.key);
        assert_eq!(last.failure.as_deref(), Some("✕ Refused"));
        let pod = view.source_frame(&plan, Endpoint::Pod(PodId::new(0)));
        assert_eq!(pod.width, Frame::WIDE.chip + 2 * PICK_FRAME_MARGIN);
    }

    /// Allocation as motion (issue 15): a change moves only its difference.
    /// A node added comes from the node subnet's band (above its card); the
    /// node removed leaves; cards that stay do not move. A model switch keeps
    /// the cards and brings each pod's new address from its node's range.
    #[test]
    fn what_a_change_adds_arrives_from_its_range_and_what_it_removes_leaves() {
        let spec = ClusterSpec::defaults_for(NetworkPlugin::Kubenet);
        let three = Plan::build(&spec).expect("valid");
        let four_spec = ClusterSpec {
            node_count: 4,
            ..spec.clone()
        };
        let four = Plan::evolve(&three, &four_spec).expect("valid");
        let before = DiagramView::of(&three, Frame::WIDE);
        let grown = DiagramView::of(&four, Frame::WIDE).moving_from(&before, &three, &four);
        let arriving: Vec<u32> = grown
            .cards
            .iter()
            .filter(|card| card.arrives_from.is_some())
            .map(|card| card.key)
            .collect();
        assert_eq!(arriving, [3]);
        let from = grown.cards[3].arrives_from.expect("it arrives");
        assert!(from.1 < 0, "from the band above: {from:?}");
        assert!(grown.departed.is_empty());
        let shrunk = DiagramView::of(&three, Frame::WIDE).moving_from(&grown, &four, &three);
        let gone: Vec<&str> = shrunk
            .departed
            .iter()
            .map(|gone| gone.key.as_str())
            .collect();
        assert_eq!(gone, ["node3"]);
        assert!(shrunk.cards.iter().all(|card| card.arrives_from.is_none()));

        let cni_spec = ClusterSpec {
            plugin: NetworkPlugin::AzureCni,
            ..spec.clone()
        };
        let cni = Plan::evolve(&three, &cni_spec).expect("valid");
        let switched = DiagramView::of(&cni, Frame::WIDE).moving_from(&before, &three, &cni);
        assert!(switched
            .cards
            .iter()
            .all(|card| card.arrives_from.is_none()));
        assert!(switched
            .cards
            .iter()
            .flat_map(|card| &card.chips)
            .all(|chip| chip.arrives_from.is_some()));
    }

    /// aks-facts §5.5: an internal load balancer's frontend is an address
    /// of the node subnet; made internal, its box comes from that band.
    #[test]
    fn a_new_internal_frontend_arrives_from_its_subnet() {
        let spec = ClusterSpec::defaults_for(NetworkPlugin::Kubenet);
        let public = Plan::build(&spec).expect("valid");
        let mut internal_spec = spec.clone();
        internal_spec.services[0].kind =
            aks_model::ServiceKind::LoadBalancer(aks_model::LoadBalancerScope::Internal {
                subnet: None,
            });
        let internal = Plan::evolve(&public, &internal_spec).expect("valid");
        let before = DiagramView::of(&public, Frame::WIDE);
        let after =
            DiagramView::of(&internal, Frame::WIDE).moving_from(&before, &public, &internal);
        let frontend = after
            .boxes
            .iter()
            .find(|block| block.pick.as_deref() == Some("lb0"))
            .expect("the load balancer");
        assert!(frontend.arrives_from.is_some(), "{}", frontend.spoken);
    }

    /// learn: aks/upgrade-conceptual: draining a batch of 10 drawn nodes
    /// evicts their 240 pods; at most `MOVING_PODS` of the drawn pods move
    /// (arriving and leaving together), since every moving SVG shape costs a
    /// repaint each frame.
    #[test]
    fn a_big_drain_moves_a_bounded_number_of_pods() {
        use aks_model::rollout::Rollout;
        use aks_model::MaxSurge;
        let spec = ClusterSpec {
            node_count: 20,
            max_surge: MaxSurge::Nodes(10),
            deployments: vec![aks_model::Deployment::new("web", 20 * 24)],
            ..ClusterSpec::defaults_for(NetworkPlugin::Kubenet)
        };
        let start = Plan::build(&spec).expect("valid");
        let upgrade = Rollout::upgrade(&start, &spec);
        let surged = upgrade.plan_at(1, &start);
        let drained = upgrade.plan_after(2, &surged);
        let before = DiagramView::of(&surged, Frame::WIDE);
        let after = DiagramView::of(&drained, Frame::WIDE).moving_from(&before, &surged, &drained);
        let arriving = after
            .cards
            .iter()
            .flat_map(|card| &card.chips)
            .filter(|chip| chip.arrives_from.is_some())
            .count();
        let leaving = after.departed.iter().filter(|gone| gone.pod).count();
        assert!(arriving + leaving > 0, "the evicted pods move");
        assert!(arriving + leaving <= MOVING_PODS, "{arriving} + {leaving}");
    }
}
