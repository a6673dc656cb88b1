//! Packet paths: the hops a packet takes from a source to a destination, the
//! address and port it carries as it leaves each hop, who rewrote them, the
//! verdict, and the reply's way back.
//!
//! The rules and example tables are aks-facts §4, §5 and §7. Every hop cites
//! its section. The reply is derived, not written out: conntrack undoes each
//! rewrite in reverse order, so a reply hop exists for every rewrite.

use std::fmt;
use std::net::{Ipv4Addr, SocketAddrV4};

use ipnet::Ipv4Net;

use crate::plan::{Plan, PodState, ServicePlan, Unschedulable, EGRESS_PUBLIC_IP};
use crate::plugin::NetworkPlugin;
use crate::spec::{LoadBalancerScope, OutboundType, ServiceKind, TargetPort, TrafficPolicy};

/// Where a packet starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Endpoint {
    /// A pod, by index into [`Plan::pods`].
    Pod(usize),
    /// A node's own network namespace (hostNetwork), by node index.
    Node(u32),
    /// A VM in a subnet of the cluster's VNet.
    VnetVm,
    /// A VM in a peered VNet.
    PeeredVnetVm,
    /// A client on premises, over VPN or ExpressRoute.
    OnPremises,
    /// A client on the internet.
    Internet,
}

/// Where a packet is going.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// A pod's own IP, on `port`.
    Pod {
        pod: usize,
        port: u16,
    },
    /// A node's own IP, on `port` (the kubelet's 10250, say).
    Node {
        node: u32,
        port: u16,
    },
    /// A Service's ClusterIP and `port`.
    ClusterIp {
        service: usize,
    },
    /// A Service by DNS name: the lookup to the DNS service IP comes first.
    ServiceName {
        service: usize,
    },
    /// A Service's nodePort on one node's IP.
    NodePort {
        service: usize,
        node: u32,
    },
    /// A LoadBalancer Service's frontend (internal or public).
    LoadBalancer {
        service: usize,
    },
    /// A deployment's hostPort on one node's IP.
    HostPort {
        deployment: usize,
        node: u32,
    },
    /// A server on a VM in the VNet, a peered VNet, on premises, or the internet.
    VnetVm,
    PeeredVnetVm,
    OnPremises,
    InternetServer,
}

/// Where a hop happens, for the diagram to highlight.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Location {
    Pod(usize),
    /// The node's pod network: kubenet's `cbr0` bridge, or Azure CNI's host routes.
    PodNetwork(u32),
    Node(u32),
    /// kubenet's route table on the node subnet.
    RouteTable,
    /// The VNet's own routing (Azure SDN), including peering.
    VnetFabric,
    /// Azure CNI Overlay's routing domain for the pod CIDR.
    OverlayRouting,
    /// CoreDNS behind the DNS service IP.
    CoreDns,
    LoadBalancer(usize),
    /// The public load balancer's outbound rule.
    OutboundRule,
    NatGateway,
    Firewall,
    /// The VPN or ExpressRoute gateway to on premises.
    Gateway,
    Host(Host),
}

/// The hosts outside the cluster.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Host {
    VnetVm,
    PeeredVnetVm,
    OnPremises,
    InternetClient,
    InternetServer,
}

impl fmt::Display for Host {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::VnetVm => "VM in the VNet",
            Self::PeeredVnetVm => "VM in a peered VNet",
            Self::OnPremises => "on-premises host",
            Self::InternetClient => "internet client",
            Self::InternetServer => "internet server",
        })
    }
}

/// Who rewrote the packet's addresses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Device {
    /// kube-proxy's iptables rules (DNAT to an endpoint; SNAT for external traffic).
    KubeProxy,
    /// kubenet's iptables MASQUERADE rule on the node.
    NodeMasquerade,
    /// Azure CNI's ip-masq-agent on the node.
    IpMasqAgent,
    /// Azure CNI Overlay's SNAT to the node IP.
    OverlaySnat,
    /// The public load balancer's outbound rule.
    OutboundRule,
    NatGateway,
    Firewall,
    /// The CNI portmap plugin's DNAT from nodeIP:hostPort to the pod.
    HostPort,
    /// Connection tracking, undoing a rewrite on the way back.
    Conntrack,
}

impl fmt::Display for Device {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::KubeProxy => "kube-proxy",
            Self::NodeMasquerade => "node MASQUERADE (kubenet)",
            Self::IpMasqAgent => "ip-masq-agent",
            Self::OverlaySnat => "node SNAT (Overlay)",
            Self::OutboundRule => "load balancer outbound rule",
            Self::NatGateway => "NAT gateway",
            Self::Firewall => "firewall",
            Self::HostPort => "hostPort DNAT (CNI portmap)",
            Self::Conntrack => "conntrack",
        })
    }
}

/// Which fields of the packet a hop changed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Changed {
    pub src_ip: bool,
    pub src_port: bool,
    pub dst_ip: bool,
    pub dst_port: bool,
}

impl Changed {
    fn between(before: (SocketAddrV4, SocketAddrV4), after: (SocketAddrV4, SocketAddrV4)) -> Self {
        Self {
            src_ip: before.0.ip() != after.0.ip(),
            src_port: before.0.port() != after.0.port(),
            dst_ip: before.1.ip() != after.1.ip(),
            dst_port: before.1.port() != after.1.port(),
        }
    }

    pub fn any(&self) -> bool {
        self.src_ip || self.src_port || self.dst_ip || self.dst_port
    }
}

/// One hop: where the packet is, its addresses as it leaves, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hop {
    pub at: Location,
    pub src: SocketAddrV4,
    pub dst: SocketAddrV4,
    /// Fields that differ from the previous hop.
    pub changed: Changed,
    /// Who changed them, if anything did.
    pub rewritten_by: Option<Device>,
    /// One sentence in plain words.
    pub explanation: String,
    /// The fact-sheet section the hop comes from.
    pub reference: &'static str,
}

/// How the path ends.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Delivered; the receiver sees this source.
    Delivered { seen_source: SocketAddrV4 },
    /// The destination answers with a reset: nothing listens there.
    Refused { reason: String },
    /// The packet never arrives.
    Dropped { reason: String },
}

impl Verdict {
    /// The source address the receiver sees, if the packet arrives.
    pub fn seen_source(&self) -> Option<SocketAddrV4> {
        match self {
            Self::Delivered { seen_source } => Some(*seen_source),
            _ => None,
        }
    }
}

/// The verdict in the words the widget shows everywhere.
impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Delivered { seen_source } => write!(
                f,
                "Delivered. The receiver sees the packet come from {seen_source}."
            ),
            Self::Refused { reason } => write!(f, "Refused. {reason}"),
            Self::Dropped { reason } => write!(f, "Dropped. {reason}"),
        }
    }
}

/// A traced flow.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Trace {
    /// The DNS lookup before the flow, when the destination is a name.
    pub lookup: Vec<Hop>,
    pub hops: Vec<Hop>,
    pub verdict: Verdict,
    /// The reply's way back, when the packet was delivered.
    pub reply: Vec<Hop>,
}

/// A flow that cannot be traced as asked (the widget offers only valid ones).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PathError {
    NoSuchPod(usize),
    NoSuchNode(u32),
    NoSuchService(usize),
    NoNodePort {
        service: String,
    },
    NotALoadBalancer {
        service: String,
    },
    /// The source cannot use this kind of frontend (an internal client for a
    /// public load balancer, for instance).
    ClientMismatch {
        why: &'static str,
    },
    /// Source and destination are the same outside host.
    NotAFlow,
    NoHostPort {
        deployment: String,
    },
}

impl fmt::Display for PathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NoSuchPod(index) => write!(f, "There is no pod number {index} in this cluster."),
            Self::NoSuchNode(index) => write!(f, "There is no node number {index} in this cluster."),
            Self::NoSuchService(index) => {
                write!(f, "There is no Service number {index} in this cluster.")
            }
            Self::NoNodePort { service } => write!(
                f,
                "Service \"{service}\" is a ClusterIP Service: it has no nodePort."
            ),
            Self::NotALoadBalancer { service } => write!(
                f,
                "Service \"{service}\" is not of type LoadBalancer: it has no load balancer frontend."
            ),
            Self::ClientMismatch { why } => f.write_str(why),
            Self::NotAFlow => f.write_str("Pick a source and a destination that differ."),
            Self::NoHostPort { deployment } => write!(
                f,
                "Deployment \"{deployment}\" declares no hostPort."
            ),
        }
    }
}

/// The client port a source uses (the fact sheet's examples, §5.0).
const POD_CLIENT_PORT: u16 = 40_000;
const DNS_CLIENT_PORT: u16 = 40_001;
const VM_CLIENT_PORT: u16 = 50_000;
const INTERNET_CLIENT_PORT: u16 = 51_000;
const ON_PREMISES_CLIENT_PORT: u16 = 52_000;
/// Outside servers listen on HTTPS, as the internet server of §5.0.
const SERVER_PORT: u16 = 443;
const DNS_PORT: u16 = 53;

/// The outside hosts of the lab, with addresses that collide with none of the
/// cluster's ranges (aks-facts §5.0 where they fit).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hosts {
    /// `None` when the VNet has no room outside its subnets for another one.
    pub vnet_vm: Option<Ipv4Addr>,
    /// The firewall's private address (outbound type userDefinedRouting).
    pub firewall: Option<Ipv4Addr>,
    pub peered_vm: Ipv4Addr,
    pub on_premises: Ipv4Addr,
    pub internet_client: Ipv4Addr,
    pub internet_server: Ipv4Addr,
    /// The cluster's egress public IP: the outbound rule's, the NAT gateway's
    /// or the firewall's, whichever the outbound type uses.
    pub egress: Ipv4Addr,
}

impl Hosts {
    pub fn of(plan: &Plan) -> Hosts {
        let taken: Vec<Ipv4Net> = plan
            .ranges
            .iter()
            .map(|range| range.cidr)
            .chain([plan.vnet])
            .collect();
        let free_in_vnet = free_slash_24s(plan, 2);
        let first_outside = |candidates: &[Ipv4Addr]| {
            candidates
                .iter()
                .copied()
                .find(|ip| !taken.iter().any(|net| net.contains(ip)))
                .unwrap_or(candidates[0])
        };
        Hosts {
            vnet_vm: free_in_vnet.first().map(|net| host(net, 4)),
            firewall: free_in_vnet.get(1).map(|net| host(net, 4)),
            peered_vm: first_outside(&[
                Ipv4Addr::new(10, 20, 0, 4),
                Ipv4Addr::new(172, 20, 0, 4),
                Ipv4Addr::new(192, 168, 100, 4),
            ]),
            on_premises: first_outside(&[
                Ipv4Addr::new(192, 168, 50, 10),
                Ipv4Addr::new(172, 22, 0, 10),
                Ipv4Addr::new(10, 50, 0, 10),
            ]),
            internet_client: Ipv4Addr::new(203, 0, 113, 50),
            internet_server: Ipv4Addr::new(203, 0, 113, 80),
            egress: EGRESS_PUBLIC_IP,
        }
    }
}

fn host(net: &Ipv4Net, offset: u32) -> Ipv4Addr {
    Ipv4Addr::from(u32::from(net.network()) + offset)
}

/// Up to `count` /24s of the VNet that no subnet of the plan overlaps.
fn free_slash_24s(plan: &Plan, count: usize) -> Vec<Ipv4Net> {
    let subnets: Vec<Ipv4Net> = plan
        .ranges
        .iter()
        .map(|range| range.cidr)
        .filter(|net| plan.vnet.contains(net))
        .collect();
    let Ok(mut candidates) = plan.vnet.subnets(24.max(plan.vnet.prefix_len())) else {
        return Vec::new();
    };
    let mut free = Vec::new();
    while free.len() < count {
        let Some(candidate) = candidates.next() else {
            break;
        };
        let overlaps = subnets.iter().any(|subnet| {
            subnet.contains(&candidate.network()) || candidate.contains(&subnet.network())
        });
        if !overlaps {
            free.push(candidate);
        }
    }
    free
}

/// SNAT ports each node gets from one outbound IP, by backend pool size.
/// Source: aks-facts §4.6 (Azure's automatic allocation table).
pub fn outbound_ports_per_node(nodes: u32) -> u16 {
    match nodes {
        0..=50 => 1_024,
        51..=100 => 512,
        101..=200 => 256,
        201..=400 => 128,
        401..=800 => 64,
        _ => 32,
    }
}

/// Traces `from` → `to` through `plan`.
pub fn trace(plan: &Plan, from: Endpoint, to: Target) -> Result<Trace, PathError> {
    Tracer::new(plan).run(from, to)
}

const CROSS_NODE: &str = "aks-facts §5.2";
const SAME_NODE: &str = "aks-facts §5.1";
const CLUSTER_IP: &str = "aks-facts §5.3";
const VM_TO_POD: &str = "aks-facts §5.4";
const INTERNAL_LB: &str = "aks-facts §5.5";
const PUBLIC_LB: &str = "aks-facts §5.6";
const EGRESS: &str = "aks-facts §5.7";
const POLICY: &str = "aks-facts §4.5";
const BOTH_OUTSIDE: &str =
    "Both ends are outside the cluster: pick a pod, a node or a Service at one end.";
const PORTS: &str = "aks-facts §4.2";

/// What the packet looks like now, and what changed it on the way.
struct Tracer<'p> {
    plan: &'p Plan,
    hosts: Hosts,
    hops: Vec<Hop>,
    /// (src, dst) before each rewrite, with where and who: what conntrack undoes.
    rewrites: Vec<(Location, Device, (SocketAddrV4, SocketAddrV4))>,
}

/// Where the flow is while it is inside the cluster: on a node.
#[derive(Clone, Copy)]
struct OnNode(u32);

impl<'p> Tracer<'p> {
    fn new(plan: &'p Plan) -> Self {
        Self {
            plan,
            hosts: Hosts::of(plan),
            hops: Vec::new(),
            rewrites: Vec::new(),
        }
    }

    fn current(&self) -> Option<(SocketAddrV4, SocketAddrV4)> {
        self.hops.last().map(|hop| (hop.src, hop.dst))
    }

    /// The packet's (src, dst) now. Every path records its first hop before
    /// it asks, so the unspecified fallback never reaches a learner.
    fn packet(&self) -> (SocketAddrV4, SocketAddrV4) {
        self.current().unwrap_or((any_socket(), any_socket()))
    }

    /// Adds a hop; `by` names the device when the addresses change.
    fn hop(
        &mut self,
        at: Location,
        (src, dst): (SocketAddrV4, SocketAddrV4),
        by: Option<Device>,
        explanation: String,
        reference: &'static str,
    ) {
        let before = self.current().unwrap_or((src, dst));
        let changed = Changed::between(before, (src, dst));
        let rewritten_by = by.filter(|_| changed.any());
        if let Some(device) = rewritten_by {
            self.rewrites.push((at, device, before));
        }
        self.hops.push(Hop {
            at,
            src,
            dst,
            changed,
            rewritten_by,
            explanation,
            reference,
        });
    }

    /// Adds a hop that changes nothing.
    fn pass(&mut self, at: Location, explanation: String, reference: &'static str) {
        let addresses = self.packet();
        self.hop(at, addresses, None, explanation, reference);
    }

    fn run(mut self, from: Endpoint, to: Target) -> Result<Trace, PathError> {
        self.check(from, to)?;
        let mut lookup = Vec::new();
        let to = match to {
            Target::ServiceName { service } => {
                lookup = self.dns_lookup(from, service)?;
                Target::ClusterIp { service }
            }
            other => other,
        };
        let verdict = self.forward(from, to);
        let reply = match &verdict {
            Verdict::Delivered { .. } => self.reply(),
            _ => Vec::new(),
        };
        Ok(Trace {
            lookup,
            hops: self.hops,
            verdict,
            reply,
        })
    }

    /// Rejects flows that name things the plan does not have.
    fn check(&self, from: Endpoint, to: Target) -> Result<(), PathError> {
        let plan = self.plan;
        let pod_exists = |pod: usize| {
            (pod < plan.pods.len())
                .then_some(())
                .ok_or(PathError::NoSuchPod(pod))
        };
        let node_exists = |node: u32| {
            ((node as usize) < plan.nodes.len())
                .then_some(())
                .ok_or(PathError::NoSuchNode(node))
        };
        match from {
            Endpoint::Pod(pod) => pod_exists(pod)?,
            Endpoint::Node(node) => node_exists(node)?,
            _ => {}
        }
        match to {
            Target::Pod { pod, .. } => pod_exists(pod)?,
            Target::Node { node, .. } => node_exists(node)?,
            Target::ClusterIp { service } | Target::ServiceName { service } => {
                self.service(service)?;
            }
            Target::NodePort { service, node } => {
                node_exists(node)?;
                let plan_service = self.service(service)?;
                if plan_service.node_port.is_none() {
                    return Err(PathError::NoNodePort {
                        service: plan_service.name.clone(),
                    });
                }
            }
            Target::LoadBalancer { service } => {
                let plan_service = self.service(service)?;
                let ServiceKind::LoadBalancer(scope) = &plan_service.kind else {
                    return Err(PathError::NotALoadBalancer {
                        service: plan_service.name.clone(),
                    });
                };
                if *scope == LoadBalancerScope::Public && from != Endpoint::Internet {
                    return Err(PathError::ClientMismatch {
                        why: "A public load balancer is for clients on the internet: pick the internet client.",
                    });
                }
            }
            Target::HostPort { deployment, node } => {
                node_exists(node)?;
                let d = plan
                    .deployments
                    .get(deployment)
                    .ok_or(PathError::NoSuchPod(deployment))?;
                if d.host_port.is_none() {
                    return Err(PathError::NoHostPort {
                        deployment: d.name.clone(),
                    });
                }
            }
            Target::VnetVm if from == Endpoint::VnetVm => return Err(PathError::NotAFlow),
            Target::PeeredVnetVm if from == Endpoint::PeeredVnetVm => {
                return Err(PathError::NotAFlow)
            }
            Target::OnPremises if from == Endpoint::OnPremises => return Err(PathError::NotAFlow),
            _ => {}
        }
        if matches!(
            from,
            Endpoint::VnetVm | Endpoint::PeeredVnetVm | Endpoint::OnPremises | Endpoint::Internet
        ) && matches!(
            to,
            Target::VnetVm | Target::PeeredVnetVm | Target::OnPremises | Target::InternetServer
        ) {
            return Err(PathError::ClientMismatch {
                why:
                    "Both ends are outside the cluster: pick a pod, a node or a Service at one end.",
            });
        }
        Ok(())
    }

    fn service(&self, index: usize) -> Result<&'p ServicePlan, PathError> {
        self.plan
            .services
            .get(index)
            .ok_or(PathError::NoSuchService(index))
    }

    /// The DNS lookup a client makes before it connects to a Service by name.
    fn dns_lookup(&self, from: Endpoint, service: usize) -> Result<Vec<Hop>, PathError> {
        let plan_service = self.service(service)?;
        let Some(client) = self.source_address(from) else {
            return Ok(Vec::new());
        };
        let dns_ip = self.dns_service_ip();
        let name = format!("{}.default.svc.cluster.local", plan_service.name);
        let answer = plan_service
            .cluster_ip
            .map_or("no address".to_string(), |ip| ip.to_string());
        let query = (
            SocketAddrV4::new(client, DNS_CLIENT_PORT),
            SocketAddrV4::new(dns_ip, DNS_PORT),
        );
        let at = match from {
            Endpoint::Pod(pod) => Location::Pod(pod),
            Endpoint::Node(node) => Location::Node(node),
            _ => Location::CoreDns,
        };
        Ok(vec![
            Hop {
                at,
                src: query.0,
                dst: query.1,
                changed: Changed::default(),
                rewritten_by: None,
                explanation: format!(
                    "First the client asks the cluster DNS for {name}: the query goes to the DNS service IP {dns_ip}, itself a ClusterIP."
                ),
                reference: CLUSTER_IP,
            },
            Hop {
                at: Location::CoreDns,
                src: query.1,
                dst: query.0,
                changed: Changed::between(query, (query.1, query.0)),
                rewritten_by: None,
                explanation: format!(
                    "kube-proxy sends the query to a CoreDNS pod in kube-system, which answers: {name} is {answer}."
                ),
                reference: "aks-facts §4.7",
            },
        ])
    }

    fn dns_service_ip(&self) -> Ipv4Addr {
        self.plan.dns_service_ip().unwrap_or(Ipv4Addr::UNSPECIFIED)
    }

    /// The address a source sends from, if it has one.
    fn source_address(&self, from: Endpoint) -> Option<Ipv4Addr> {
        match from {
            Endpoint::Pod(pod) => self.plan.pods.get(pod)?.ip,
            Endpoint::Node(node) => self.plan.nodes.get(node as usize)?.ip,
            Endpoint::VnetVm => self.hosts.vnet_vm,
            Endpoint::PeeredVnetVm => Some(self.hosts.peered_vm),
            Endpoint::OnPremises => Some(self.hosts.on_premises),
            Endpoint::Internet => Some(self.hosts.internet_client),
        }
    }

    fn forward(&mut self, from: Endpoint, to: Target) -> Verdict {
        let plan = self.plan;
        let inside = match from {
            Endpoint::Pod(index) => {
                let pod = &plan.pods[index];
                let (Some(ip), Some(placement)) = (pod.ip, pod.placement) else {
                    return not_running(plan, index);
                };
                InsideSource {
                    node: placement.node,
                    ip,
                    at: Location::Pod(index),
                    who: plan.pod_name(pod),
                }
            }
            Endpoint::Node(index) => {
                let node = &plan.nodes[index as usize];
                let Some(ip) = node.ip else {
                    return dropped(format!(
                        "{} was never created: it has no address.",
                        node.name()
                    ));
                };
                InsideSource {
                    node: index,
                    ip,
                    at: Location::Node(index),
                    who: node.name(),
                }
            }
            _ => return self.start_outside(from, to),
        };
        self.start_inside(from, inside, to)
    }

    // ----- Traffic that starts inside the cluster -----

    fn start_inside(&mut self, from: Endpoint, source: InsideSource, to: Target) -> Verdict {
        let InsideSource { node, ip, at, who } = source;
        let src = SocketAddrV4::new(ip, POD_CLIENT_PORT);
        let dst = match self.inside_destination(to) {
            Ok(dst) => dst,
            Err(verdict) => return verdict,
        };
        self.hop(
            at,
            (src, dst),
            None,
            format!("{who} sends the packet from its own address to {dst}."),
            SAME_NODE,
        );
        match to {
            Target::Pod { pod, .. } => self.reach_pod(OnNode(node), pod, from),
            Target::Node { node: target, .. } if target == node => {
                self.pass(
                    Location::Node(node),
                    "The node's own address is local: the packet goes straight into the node's network namespace, untranslated.".into(),
                    SAME_NODE,
                );
                self.delivered()
            }
            Target::Node { node: target, .. } => {
                self.egress(OnNode(node), from, Away::Node(target))
            }
            Target::ClusterIp { service } | Target::ServiceName { service } => {
                self.via_cluster_ip(OnNode(node), service, from)
            }
            Target::NodePort {
                service,
                node: target,
            } => {
                self.leave_node_towards(OnNode(node), from, Location::VnetFabric);
                self.enter_node_for_service(target, service, NodeEntry::NodePort)
            }
            Target::LoadBalancer { service } => {
                self.leave_node_towards(OnNode(node), from, Location::VnetFabric);
                self.via_load_balancer(service)
            }
            Target::HostPort {
                deployment,
                node: target,
            } => {
                self.leave_node_towards(OnNode(node), from, Location::VnetFabric);
                self.enter_node_on_host_port(target, deployment)
            }
            Target::VnetVm => self.egress(OnNode(node), from, Away::Host(Host::VnetVm)),
            Target::PeeredVnetVm => self.egress(OnNode(node), from, Away::Host(Host::PeeredVnetVm)),
            Target::OnPremises => self.egress(OnNode(node), from, Away::Host(Host::OnPremises)),
            Target::InternetServer => {
                self.egress(OnNode(node), from, Away::Host(Host::InternetServer))
            }
        }
    }

    /// The address and port an inside source sends to.
    fn inside_destination(&self, to: Target) -> Result<SocketAddrV4, Verdict> {
        let plan = self.plan;
        let hosts = &self.hosts;
        let socket = |ip: Option<Ipv4Addr>, port: u16, missing: &str| {
            ip.map(|ip| SocketAddrV4::new(ip, port))
                .ok_or_else(|| dropped(missing.to_string()))
        };
        let on_node = |node: u32, port: u16| {
            socket(
                plan.nodes[node as usize].ip,
                port,
                "That node was never created.",
            )
        };
        match to {
            Target::Pod { pod, port } => plan.pods[pod]
                .ip
                .map(|ip| SocketAddrV4::new(ip, port))
                .ok_or_else(|| not_running(plan, pod)),
            Target::ClusterIp { service } | Target::ServiceName { service } => {
                let s = &plan.services[service];
                socket(
                    s.cluster_ip,
                    s.port,
                    "The Service has no ClusterIP: the service CIDR is full.",
                )
            }
            Target::Node { node, port } => on_node(node, port),
            Target::NodePort { service, node } => {
                on_node(node, plan.services[service].node_port.unwrap_or(0))
            }
            Target::LoadBalancer { service } => {
                let s = &plan.services[service];
                socket(
                    s.frontend,
                    s.port,
                    "The load balancer has no frontend yet: EXTERNAL-IP is <pending>.",
                )
            }
            Target::HostPort { deployment, node } => {
                on_node(node, plan.deployments[deployment].host_port.unwrap_or(0))
            }
            Target::VnetVm => socket(
                hosts.vnet_vm,
                SERVER_PORT,
                "The VNet has no room outside its subnets for a VM.",
            ),
            Target::PeeredVnetVm => Ok(SocketAddrV4::new(hosts.peered_vm, SERVER_PORT)),
            Target::OnPremises => Ok(SocketAddrV4::new(hosts.on_premises, SERVER_PORT)),
            Target::InternetServer => Ok(SocketAddrV4::new(hosts.internet_server, SERVER_PORT)),
        }
    }

    /// A packet on `node` (already addressed to the pod) reaches the pod.
    fn reach_pod(&mut self, node: OnNode, pod: usize, from: Endpoint) -> Verdict {
        let plan = self.plan;
        let target = &plan.pods[pod];
        let Some(placement) = target
            .placement
            .filter(|_| target.state == PodState::Running)
        else {
            return not_running(plan, pod);
        };
        let OnNode(here) = node;
        let there = placement.node;
        let bridge = plan.plugin == NetworkPlugin::Kubenet;
        if here != there {
            self.cross_nodes(here, there, from);
        } else {
            let how = if bridge {
                "The packet crosses the node's cbr0 bridge to the pod's veth, at layer 2"
            } else {
                "A host route on the node sends the packet straight to the pod's veth"
            };
            self.pass(
                Location::PodNetwork(here),
                format!("{how}: it never leaves the VM, and nothing is translated."),
                SAME_NODE,
            );
        }
        self.deliver_to_pod(pod)
    }

    /// Node `here` to node `there`, as each model routes pod traffic.
    fn cross_nodes(&mut self, here: u32, there: u32, from: Endpoint) {
        let plan = self.plan;
        let there_node = &plan.nodes[there as usize];
        let there_ip = there_node.ip.map_or("?".into(), |ip| ip.to_string());
        let leaving = matches!(from, Endpoint::Pod(_)) && self.hops.len() == 1;
        match plan.plugin {
            NetworkPlugin::Kubenet => {
                self.pass(
                    Location::Node(here),
                    format!(
                        "Node {} has no route for the other node's pod range but its default gateway, so the packet leaves eth0{}.",
                        plan.nodes[here as usize].name(),
                        if leaving { " untranslated: the masquerade rule skips the pod CIDR" } else { "" }
                    ),
                    CROSS_NODE,
                );
                let route = there_node
                    .pod_range
                    .map_or(String::from("the node's /24"), |r| r.to_string());
                self.pass(
                    Location::RouteTable,
                    format!(
                        "The subnet's route table sends {route} to VirtualAppliance {there_ip}: the extra hop kubenet needs, through the node that owns the range."
                    ),
                    CROSS_NODE,
                );
                self.pass(
                    Location::Node(there),
                    format!(
                        "Node {} forwards it (IP forwarding is on) to cbr0 and the pod's veth.",
                        there_node.name()
                    ),
                    CROSS_NODE,
                );
            }
            NetworkPlugin::AzureCni | NetworkPlugin::AzureCniPodSubnet => {
                self.pass(
                    Location::VnetFabric,
                    format!(
                        "The pod's address is a VNet address, an IP configuration of node {}'s NIC: the VNet's own routes deliver it there, with no route table and no NAT.",
                        there_node.name()
                    ),
                    CROSS_NODE,
                );
                self.pass(
                    Location::Node(there),
                    "A host route on the node hands it to the pod's veth.".into(),
                    CROSS_NODE,
                );
            }
            NetworkPlugin::AzureCniOverlay => {
                self.pass(
                    Location::OverlayRouting,
                    format!(
                        "Azure's routing domain for the pod CIDR delivers it to node {} ({there_ip}): no route table, no encapsulation, no NAT.",
                        there_node.name()
                    ),
                    CROSS_NODE,
                );
                self.pass(
                    Location::Node(there),
                    "The node hands it to the pod's veth.".into(),
                    CROSS_NODE,
                );
            }
        }
    }

    /// The packet arrives at a pod: accepted if something listens on the port.
    fn deliver_to_pod(&mut self, pod: usize) -> Verdict {
        let plan = self.plan;
        let target = &plan.pods[pod];
        let listen = plan.deployments[target.deployment].listen_port;
        let name = plan.pod_name(target);
        let port = self.packet().1.port();
        if port != listen {
            self.pass(
                Location::Pod(pod),
                format!(
                    "The packet reaches {name}, but its container listens on {listen}, not {port}: the kernel answers with a reset."
                ),
                PORTS,
            );
            return Verdict::Refused {
                reason: format!(
                    "Connection refused: nothing in {name} listens on port {port} (the container listens on {listen}). \
                     Kubernetes does not remap ports inside a pod: the port a packet is sent to (a Service's targetPort, \
                     or the containerPort a hostPort maps to) must be the one the container listens on."
                ),
            };
        }
        self.pass(
            Location::Pod(pod),
            format!("{name} receives the packet on port {listen}, where its container listens."),
            SAME_NODE,
        );
        self.delivered()
    }

    /// To a Service's ClusterIP: kube-proxy on the client's node DNATs.
    fn via_cluster_ip(&mut self, node: OnNode, service: usize, from: Endpoint) -> Verdict {
        let plan = self.plan;
        let s = &plan.services[service];
        let (Some(endpoint), Some(target_port)) = (s.endpoints.first().copied(), s.target_port)
        else {
            let why = Self::no_endpoints(s);
            self.pass(Location::Node(node.0), why.clone(), CLUSTER_IP);
            return Verdict::Refused { reason: why };
        };
        let (src, _) = self.packet();
        let pod_ip = plan.pods[endpoint].ip.unwrap_or(Ipv4Addr::UNSPECIFIED);
        let dst = SocketAddrV4::new(pod_ip, target_port);
        let masquerade = matches!(from, Endpoint::Node(_))
            && plan.plugin != NetworkPlugin::AzureCni
            && plan.plugin != NetworkPlugin::AzureCniPodSubnet;
        self.hop(
            Location::Node(node.0),
            (src, dst),
            Some(Device::KubeProxy),
            format!(
                "kube-proxy on this node (the client's) matches {}:{} and DNATs to one endpoint chosen at random — here {} — on targetPort {}. The source is {}.",
                s.cluster_ip.map_or("?".into(), |ip| ip.to_string()),
                s.port,
                plan.pod_name(&plan.pods[endpoint]),
                s.target_text(),
                if masquerade { "the node's own address, which is already outside the pod CIDR" } else { "not rewritten" }
            ),
            CLUSTER_IP,
        );
        self.reach_pod(node, endpoint, from)
    }

    /// Traffic leaving the node for another node or a host outside the cluster.
    fn egress(&mut self, node: OnNode, from: Endpoint, away: Away) -> Verdict {
        let plan = self.plan;
        // Another node is a VNet destination, like a VM in the VNet.
        let host = match away {
            Away::Host(host) => host,
            Away::Node(_) => Host::VnetVm,
        };
        let from_pod = matches!(from, Endpoint::Pod(_));
        let node_ip = plan.nodes[node.0 as usize]
            .ip
            .unwrap_or(Ipv4Addr::UNSPECIFIED);
        let (src, dst) = self.packet();
        // Who SNATs the pod to the node IP, per model and destination (aks-facts §5.7).
        let snat = match (plan.plugin, host) {
            _ if !from_pod => None,
            (NetworkPlugin::Kubenet, _) => Some((
                Device::NodeMasquerade,
                "kubenet's MASQUERADE rule rewrites everything not bound for the pod CIDR to the node's IP — other VNet hosts included.",
            )),
            (NetworkPlugin::AzureCniOverlay, _) => Some((
                Device::OverlaySnat,
                "Overlay SNATs every destination outside the pod CIDR to the node's IP, peered VNets and on premises included.",
            )),
            (NetworkPlugin::AzureCni, Host::VnetVm) => None,
            (NetworkPlugin::AzureCni, _) => Some((
                Device::IpMasqAgent,
                "ip-masq-agent leaves VNet destinations alone but masquerades everything outside the VNet to the node's IP.",
            )),
            (NetworkPlugin::AzureCniPodSubnet, _) => None,
        };
        match snat {
            Some((device, why)) => self.hop(
                Location::Node(node.0),
                (SocketAddrV4::new(node_ip, src.port()), dst),
                Some(device),
                why.into(),
                EGRESS,
            ),
            None => self.pass(
                Location::Node(node.0),
                if from_pod {
                    match plan.plugin {
                        NetworkPlugin::AzureCniPodSubnet => "Pod Subnet never masquerades: the pod's VNet address is always the source.".into(),
                        _ => "ip-masq-agent does not masquerade destinations inside the VNet: the pod's own VNet address stays the source.".into(),
                    }
                } else {
                    "The node sends from its own address.".into()
                },
                EGRESS,
            ),
        }
        match host {
            Host::VnetVm => self.pass(
                Location::VnetFabric,
                "The VNet's routes deliver it.".into(),
                EGRESS,
            ),
            Host::PeeredVnetVm => self.pass(
                Location::VnetFabric,
                "The VNet peering carries it to the other VNet.".into(),
                EGRESS,
            ),
            Host::OnPremises => self.pass(
                Location::Gateway,
                "The VPN or ExpressRoute gateway carries it on premises.".into(),
                EGRESS,
            ),
            _ => self.reach_internet(node),
        }
        match away {
            Away::Host(host) => self.pass(
                Location::Host(host),
                format!("The {host} receives it."),
                EGRESS,
            ),
            Away::Node(target) => self.pass(
                Location::Node(target),
                format!("{} receives it.", plan.nodes[target as usize].name()),
                EGRESS,
            ),
        }
        self.delivered()
    }

    /// Delivered, as the receiver sees the packet now.
    fn delivered(&self) -> Verdict {
        Verdict::Delivered {
            seen_source: self.packet().0,
        }
    }

    /// The last step to the internet: the outbound type's SNAT.
    fn reach_internet(&mut self, node: OnNode) {
        let plan = self.plan;
        let (src, dst) = self.packet();
        let egress = self.hosts.egress;
        match plan.outbound_type {
            OutboundType::LoadBalancer => {
                let ready = plan.ready_nodes().count() as u32;
                let ports = outbound_ports_per_node(ready);
                let port = 1_024 + (node.0 as u16).wrapping_mul(ports);
                self.hop(
                    Location::OutboundRule,
                    (SocketAddrV4::new(egress, port), dst),
                    Some(Device::OutboundRule),
                    format!(
                        "The public load balancer's outbound rule SNATs to its public IP {egress}, with a port from this node's share ({ports} ports per node with {ready} nodes)."
                    ),
                    EGRESS,
                );
            }
            OutboundType::NatGateway => self.hop(
                Location::NatGateway,
                (SocketAddrV4::new(egress, src.port()), dst),
                Some(Device::NatGateway),
                format!("The subnet's NAT gateway SNATs to its public IP {egress}."),
                EGRESS,
            ),
            OutboundType::UserDefinedRouting => {
                let firewall = self
                    .hosts
                    .firewall
                    .map_or("the firewall".into(), |ip| ip.to_string());
                self.pass(
                    Location::RouteTable,
                    format!("Your route table sends 0.0.0.0/0 to VirtualAppliance {firewall}: AKS creates no outbound IP."),
                    EGRESS,
                );
                self.hop(
                    Location::Firewall,
                    (SocketAddrV4::new(egress, src.port()), dst),
                    Some(Device::Firewall),
                    format!("The firewall SNATs to its own public IP {egress}."),
                    EGRESS,
                );
            }
        }
    }

    /// An inside source that targets a node IP or a frontend first leaves its node.
    fn leave_node_towards(&mut self, node: OnNode, from: Endpoint, via: Location) {
        if matches!(from, Endpoint::Pod(_)) {
            self.pass(
                Location::Node(node.0),
                "The packet leaves the pod's node.".into(),
                EGRESS,
            );
        }
        self.pass(via, "The VNet carries it on.".into(), EGRESS);
    }

    // ----- Traffic that starts outside the cluster -----

    fn start_outside(&mut self, from: Endpoint, to: Target) -> Verdict {
        let host = match from {
            Endpoint::VnetVm => Host::VnetVm,
            Endpoint::PeeredVnetVm => Host::PeeredVnetVm,
            Endpoint::OnPremises => Host::OnPremises,
            _ => Host::InternetClient,
        };
        let Some(client_ip) = self.source_address(from) else {
            return dropped("The VNet has no room outside its subnets for a VM.".into());
        };
        let port = match from {
            Endpoint::Internet => INTERNET_CLIENT_PORT,
            Endpoint::OnPremises => ON_PREMISES_CLIENT_PORT,
            _ => VM_CLIENT_PORT,
        };
        let src = SocketAddrV4::new(client_ip, port);
        let dst = match self.inside_destination(to) {
            Ok(dst) => dst,
            Err(verdict) => return verdict,
        };
        self.hop(
            Location::Host(host),
            (src, dst),
            None,
            format!("The {host} connects to {dst}."),
            self.reference_for(to),
        );
        let private_destination = match to {
            Target::LoadBalancer { service } => !matches!(
                self.plan.services[service].kind,
                ServiceKind::LoadBalancer(LoadBalancerScope::Public)
            ),
            _ => true,
        };
        if host == Host::InternetClient && private_destination {
            return dropped(format!(
                "{} is a private address: the internet has no route to it. Only a public load balancer is reachable from the internet.",
                dst.ip()
            ));
        }
        if host == Host::OnPremises {
            self.pass(
                Location::Gateway,
                "The VPN or ExpressRoute gateway brings it into the VNet.".into(),
                INTERNAL_LB,
            );
        }
        match to {
            Target::Pod { pod, .. } => self.outside_to_pod(pod, host),
            Target::ClusterIp { .. } | Target::ServiceName { .. } => dropped(format!(
                "{} is a ClusterIP: a virtual address that exists only in kube-proxy's rules on the cluster's nodes. \
                 Nothing outside the cluster routes it; use a load balancer or a NodePort.",
                dst.ip()
            )),
            Target::Node { node, .. } => {
                self.pass(
                    Location::VnetFabric,
                    "The node's address is a VNet address: the VNet's routes deliver it, untranslated.".into(),
                    VM_TO_POD,
                );
                self.pass(
                    Location::Node(node),
                    format!("{} receives it.", self.plan.nodes[node as usize].name()),
                    VM_TO_POD,
                );
                self.delivered()
            }
            Target::NodePort { service, node } => {
                self.pass(Location::VnetFabric, "The VNet's routes deliver it to the node.".into(), VM_TO_POD);
                self.enter_node_for_service(node, service, NodeEntry::NodePort)
            }
            Target::HostPort { deployment, node } => {
                self.pass(Location::VnetFabric, "The VNet's routes deliver it to the node.".into(), VM_TO_POD);
                self.enter_node_on_host_port(node, deployment)
            }
            Target::LoadBalancer { service } => self.via_load_balancer(service),
            _ => dropped(BOTH_OUTSIDE.into()),
        }
    }

    /// The fact-sheet section whose table a flow to `to` follows.
    fn reference_for(&self, to: Target) -> &'static str {
        match to {
            Target::LoadBalancer { service } => {
                match self.plan.services.get(service).map(|s| &s.kind) {
                    Some(ServiceKind::LoadBalancer(LoadBalancerScope::Public)) => PUBLIC_LB,
                    _ => INTERNAL_LB,
                }
            }
            _ => VM_TO_POD,
        }
    }

    /// A VM or on-premises host that connects to a pod's IP directly.
    fn outside_to_pod(&mut self, pod: usize, host: Host) -> Verdict {
        let plan = self.plan;
        if plan.plugin.uses_pod_cidr() {
            return dropped(format!(
                "With {} the pod's address comes from the pod CIDR, which is not part of the VNet: the {host} has no route to it. \
                 Connections to pods can only start in the pod; reach it through a load balancer or a NodePort.",
                plan.plugin
            ));
        }
        let Some(placement) = plan.pods[pod]
            .placement
            .filter(|_| plan.pods[pod].state == PodState::Running)
        else {
            return not_running(plan, pod);
        };
        let node = &plan.nodes[placement.node as usize];
        self.pass(
            Location::VnetFabric,
            format!(
                "The pod's address is a VNet address, an IP configuration of node {}'s NIC: the VNet delivers it there, untranslated.",
                node.name()
            ),
            VM_TO_POD,
        );
        self.pass(
            Location::Node(placement.node),
            "A host route on the node hands it to the pod's veth.".into(),
            VM_TO_POD,
        );
        self.deliver_to_pod(pod)
    }

    /// Through a load balancer's frontend to a node (floating IP: the
    /// destination is unchanged), then kube-proxy.
    fn via_load_balancer(&mut self, service: usize) -> Verdict {
        let plan = self.plan;
        let s = &plan.services[service];
        let public = matches!(s.kind, ServiceKind::LoadBalancer(LoadBalancerScope::Public));
        let reference = if public { PUBLIC_LB } else { INTERNAL_LB };
        let local = s.external_traffic_policy == TrafficPolicy::Local;
        let node = plan
            .ready_nodes()
            .find(|node| !local || self.has_local_endpoint(s, node.index));
        let Some(node) = node else {
            self.pass(
                Location::LoadBalancer(service),
                "Every node fails the health probe (HTTP /healthz on healthCheckNodePort answers \"No Service Endpoints Found\"): the load balancer has no backend to send to.".into(),
                POLICY,
            );
            return dropped(format!(
                "externalTrafficPolicy Local, and no node runs a pod of Service \"{}\": the load balancer has no healthy backend.",
                s.name
            ));
        };
        let probe = if local {
            "only nodes with a local endpoint pass the HTTP /healthz probe on healthCheckNodePort"
        } else {
            "every Ready node passes the TCP probe on the nodePort"
        };
        self.pass(
            Location::LoadBalancer(service),
            format!(
                "The {} load balancer picks a backend node ({probe}) — here {}. Floating IP is on, so the destination is still the frontend.",
                if public { "public" } else { "internal" },
                node.name()
            ),
            reference,
        );
        self.enter_node_for_service(node.index, service, NodeEntry::Frontend)
    }

    fn has_local_endpoint(&self, service: &ServicePlan, node: u32) -> bool {
        service.endpoints.iter().any(|&pod| {
            self.plan.pods[pod]
                .placement
                .is_some_and(|placement| placement.node == node)
        })
    }

    /// The packet is on `node`, addressed to the frontend or to the node's
    /// nodePort: kube-proxy DNATs it to an endpoint, and with policy Cluster
    /// SNATs it to the node.
    fn enter_node_for_service(&mut self, node: u32, service: usize, entry: NodeEntry) -> Verdict {
        let plan = self.plan;
        let s = &plan.services[service];
        let reference = match entry {
            NodeEntry::NodePort => VM_TO_POD,
            NodeEntry::Frontend => self.reference_for(Target::LoadBalancer { service }),
        };
        let Some(node_ip) = plan.nodes[node as usize].ip else {
            return dropped("That node was never created.".into());
        };
        let (src, _) = self.packet();
        let local = s.external_traffic_policy == TrafficPolicy::Local;
        let endpoint = if local {
            s.endpoints
                .iter()
                .copied()
                .find(|&pod| plan.pods[pod].placement.is_some_and(|p| p.node == node))
        } else {
            s.endpoints.first().copied()
        };
        let Some(endpoint) = endpoint else {
            let why = if local {
                format!(
                    "externalTrafficPolicy Local, and node {} runs no pod of Service \"{}\": the node drops the packet (and fails the load balancer's health probe).",
                    plan.nodes[node as usize].name(),
                    s.name
                )
            } else {
                Self::no_endpoints(s)
            };
            self.pass(Location::Node(node), why.clone(), POLICY);
            return if local {
                dropped(why)
            } else {
                Verdict::Refused { reason: why }
            };
        };
        let pod_ip = plan.pods[endpoint].ip.unwrap_or(Ipv4Addr::UNSPECIFIED);
        let dst = SocketAddrV4::new(pod_ip, s.target_port.unwrap_or(0));
        let (new_src, what) = if local {
            (
                src,
                "No SNAT: externalTrafficPolicy Local keeps the client's address.",
            )
        } else {
            (
                SocketAddrV4::new(node_ip, src.port()),
                "With externalTrafficPolicy Cluster it also SNATs the source to the node's own IP, so the reply comes back through this node.",
            )
        };
        let matched = match entry {
            NodeEntry::NodePort => format!("the nodePort {}", s.node_port.unwrap_or(0)),
            NodeEntry::Frontend => "the load balancer's frontend IP".to_string(),
        };
        self.hop(
            Location::Node(node),
            (new_src, dst),
            Some(Device::KubeProxy),
            format!(
                "kube-proxy on {} matches {matched} and DNATs to {} on targetPort {}. {what}",
                plan.nodes[node as usize].name(),
                plan.pod_name(&plan.pods[endpoint]),
                s.target_text()
            ),
            reference,
        );
        self.reach_pod(OnNode(node), endpoint, Endpoint::Node(node))
    }

    /// The packet is on `node`, addressed to its hostPort: the portmap rule
    /// DNATs it to the deployment's pod on this node, on the containerPort.
    /// No such pod here, and nothing on the node listens on that port.
    fn enter_node_on_host_port(&mut self, node: u32, deployment: usize) -> Verdict {
        let plan = self.plan;
        let d = &plan.deployments[deployment];
        let name = plan.nodes[node as usize].name();
        let host_port = d.host_port.unwrap_or(0);
        let pod = plan.pods.iter().position(|pod| {
            pod.deployment == deployment
                && pod.state == PodState::Running
                && pod.placement.is_some_and(|p| p.node == node)
        });
        let (Some(pod), Some(container)) = (pod, &d.container_port) else {
            let why = format!(
                "No pod of \"{}\" runs on {name}, so nothing binds hostPort {host_port} there: the node answers with a reset.",
                d.name
            );
            self.pass(Location::Node(node), why.clone(), PORTS);
            return Verdict::Refused { reason: why };
        };
        let (src, _) = self.packet();
        let pod_ip = plan.pods[pod].ip.unwrap_or(Ipv4Addr::UNSPECIFIED);
        self.hop(
            Location::Node(node),
            (src, SocketAddrV4::new(pod_ip, container.number)),
            Some(Device::HostPort),
            format!(
                "The CNI portmap rule on {name} DNATs hostPort {host_port} to {} on containerPort {}. Here containerPort is not informational: it is where the packet goes.",
                plan.pod_name(&plan.pods[pod]),
                container.number
            ),
            PORTS,
        );
        self.reach_pod(OnNode(node), pod, Endpoint::Node(node))
    }

    /// Why a Service has no endpoint to send to.
    fn no_endpoints(s: &ServicePlan) -> String {
        match (&s.target, s.target_port) {
            (TargetPort::Name(name), None) => format!(
                "Service \"{}\" has no endpoints: its targetPort \"{name}\" names no container port of the pods it selects, so they are left out of its EndpointSlice and kube-proxy rejects the connection.",
                s.name
            ),
            _ => format!(
                "Service \"{}\" has no running endpoints, so kube-proxy rejects the connection.",
                s.name
            ),
        }
    }

    /// The reply: conntrack undoes each rewrite in reverse order, so the
    /// client sees the reply come from the address it sent to.
    fn reply(&self) -> Vec<Hop> {
        let (Some(first), Some(last)) = (self.hops.first(), self.hops.last()) else {
            return Vec::new();
        };
        let mut packet = (last.dst, last.src);
        let mut reply = vec![Hop {
            at: last.at,
            src: packet.0,
            dst: packet.1,
            changed: Changed::default(),
            rewritten_by: None,
            explanation: format!("The receiver answers {}.", packet.1),
            reference: CLUSTER_IP,
        }];
        for (at, device, before) in self.rewrites.iter().rev() {
            let undone = (before.1, before.0);
            reply.push(Hop {
                at: *at,
                src: undone.0,
                dst: undone.1,
                changed: Changed::between(packet, undone),
                rewritten_by: Some(Device::Conntrack),
                explanation: format!(
                    "Connection tracking undoes the {device}'s translation: the reply now goes from {} to {}.",
                    undone.0, undone.1
                ),
                reference: CLUSTER_IP,
            });
            packet = undone;
        }
        reply.push(Hop {
            at: first.at,
            src: packet.0,
            dst: packet.1,
            changed: Changed::default(),
            rewritten_by: None,
            explanation: format!(
                "The client receives the reply from {}, the address it sent to.",
                packet.0
            ),
            reference: CLUSTER_IP,
        });
        reply
    }
}

/// Where traffic that leaves a node goes.
#[derive(Clone, Copy)]
enum Away {
    Host(Host),
    Node(u32),
}

/// A pod or node that sends, resolved.
struct InsideSource {
    node: u32,
    ip: Ipv4Addr,
    at: Location,
    who: String,
}

/// How a packet entered a node for a Service.
#[derive(Clone, Copy)]
enum NodeEntry {
    NodePort,
    Frontend,
}

fn any_socket() -> SocketAddrV4 {
    SocketAddrV4::new(Ipv4Addr::UNSPECIFIED, 0)
}

fn dropped(reason: String) -> Verdict {
    Verdict::Dropped { reason }
}

fn not_running(plan: &Plan, pod: usize) -> Verdict {
    let p = &plan.pods[pod];
    let state = match p.state {
        PodState::Pending(Unschedulable::MaxPods) => "Pending: no node has room for it",
        PodState::Pending(Unschedulable::HostPort) => {
            "Pending: every node with room already binds its hostPort"
        }
        PodState::ContainerCreating => "ContainerCreating: its node has no address to give it",
        PodState::Running => "not reachable",
    };
    dropped(format!(
        "{} is {state}, so nothing can reach it.",
        plan.pod_name(p)
    ))
}
