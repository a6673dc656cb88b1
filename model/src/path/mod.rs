//! Packet paths: the hops a packet takes from a source to a destination, the
//! address and port it carries as it leaves each hop, who rewrote them, the
//! verdict, and the reply's way back.
//!
//! The rules and example tables are aks-facts §4, §5 and §7. Every hop cites
//! its section. The reply is derived, not written out: conntrack undoes each
//! rewrite in reverse order, so a reply hop exists for every rewrite.
//!
//! Organization: this file holds the vocabulary (endpoints, locations,
//! hops, verdicts), [`trace`] and the tracer's bookkeeping; the tracer's
//! steps are `impl Tracer` blocks by concern, as smoltcp splits its
//! interface by protocol: `inside` (traffic that starts on a pod or node,
//! and leaves it), `outside` (traffic from hosts outside the cluster),
//! `service` (ClusterIPs, nodePorts, hostPorts, load balancers and DNS);
//! `hosts` places the outside hosts.
//!
//! Invariant: tracing never panics. Every id is looked up through the
//! plan's accessors, and one that names nothing is a [`PathError`].

mod hosts;
mod inside;
mod nsg;
mod outside;
mod policy;
mod service;

use std::fmt;
use std::net::{Ipv4Addr, SocketAddrV4};

pub use hosts::{outbound_ports_per_node, Hosts};

use crate::ids::{DeploymentId, NodeId, PodId, ServiceId};
use crate::plan::{Node, Plan, Pod, PodState, ServicePlan, Unschedulable};
use crate::spec::{Dataplane, Deployment, ServiceKind};

/// Where a packet starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Endpoint {
    Pod(PodId),
    /// A node's own network namespace (hostNetwork).
    Node(NodeId),
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
        pod: PodId,
        port: u16,
    },
    /// A node's own IP, on `port` (the kubelet's 10250, say).
    Node {
        node: NodeId,
        port: u16,
    },
    /// A Service's ClusterIP and `port`.
    ClusterIp {
        service: ServiceId,
    },
    /// A Service by DNS name: the lookup to the DNS service IP comes first.
    ServiceName {
        service: ServiceId,
    },
    /// A Service's nodePort on one node's IP.
    NodePort {
        service: ServiceId,
        node: NodeId,
    },
    /// A LoadBalancer Service's frontend (internal or public).
    LoadBalancer {
        service: ServiceId,
    },
    /// A deployment's hostPort on one node's IP.
    HostPort {
        deployment: DeploymentId,
        node: NodeId,
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
    Pod(PodId),
    /// The node's pod network: kubenet's `cbr0` bridge, or Azure CNI's host routes.
    PodNetwork(NodeId),
    Node(NodeId),
    /// kubenet's route table on the node subnet.
    RouteTable,
    /// The VNet's own routing (Azure SDN), including peering.
    VnetFabric,
    /// Azure CNI Overlay's routing domain for the pod CIDR.
    OverlayRouting,
    /// CoreDNS behind the DNS service IP.
    CoreDns,
    LoadBalancer(ServiceId),
    /// The public load balancer's outbound rule.
    OutboundRule,
    NatGateway,
    Firewall,
    /// The VPN or ExpressRoute gateway to on premises.
    Gateway,
    Host(Host),
}

impl Location {
    /// The kind of place, as the widget's `data-at` names it.
    pub fn kind(self) -> &'static str {
        match self {
            Self::Pod(_) => "pod",
            Self::PodNetwork(_) => "pod-network",
            Self::Node(_) => "node",
            Self::RouteTable => "route-table",
            Self::VnetFabric => "vnet",
            Self::OverlayRouting => "overlay",
            Self::CoreDns => "coredns",
            Self::LoadBalancer(_) => "load-balancer",
            Self::OutboundRule => "outbound-rule",
            Self::NatGateway => "nat-gateway",
            Self::Firewall => "firewall",
            Self::Gateway => "gateway",
            Self::Host(_) => "host",
        }
    }
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
    /// Cilium's eBPF programs, which replace kube-proxy (aks-facts §1.5): at
    /// the socket for a pod's or a node's own connections, on the node's
    /// interface for traffic from the network.
    Cilium,
    /// azure-ip-masq-agent's MASQUERADE on the node: everything outside its
    /// non-masquerade ranges (the pod CIDR under kubenet and Overlay, the
    /// VNet under Node Subnet) leaves as the node's IP. On AKS it, not the
    /// CNI bridge, does kubenet's and Overlay's SNAT too (aks-facts §5.7).
    IpMasqAgent,
    /// The public load balancer's outbound rule.
    OutboundRule,
    NatGateway,
    Firewall,
    /// The CNI portmap plugin's DNAT from nodeIP:hostPort to the pod.
    HostPort,
    /// Connection tracking, undoing a rewrite on the way back.
    Conntrack,
    /// An outside client's own way to the internet (its public IP or its
    /// network's NAT), not the cluster's.
    ClientNat,
}

impl fmt::Display for Device {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::KubeProxy => "kube-proxy",
            Self::Cilium => "Cilium (eBPF)",
            Self::IpMasqAgent => "ip-masq-agent",
            Self::OutboundRule => "load balancer outbound rule",
            Self::NatGateway => "NAT gateway",
            Self::Firewall => "firewall",
            Self::HostPort => "hostPort DNAT (CNI portmap)",
            Self::Conntrack => "conntrack",
            Self::ClientNat => "the client's own outbound NAT",
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
    pub(crate) fn between(
        before: (SocketAddrV4, SocketAddrV4),
        after: (SocketAddrV4, SocketAddrV4),
    ) -> Self {
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
    /// Reasoned from documented behaviour rather than documented as such
    /// (aks-facts marks these [derived]); the widget says so.
    pub derived: bool,
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
    /// A change to the scenario that makes this flow work, when there is a
    /// well-known one.
    pub fix: Option<Fix>,
}

/// A documented fix for a flow that fails, for the widget to offer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fix {
    /// userDefinedRouting with a public load balancer: expose the Service on
    /// an internal load balancer instead, behind a DNAT rule on the
    /// firewall's public IP (aks-facts §10; learn: aks/limit-egress-traffic).
    InternalLoadBalancerBehindFirewall,
}

/// A flow that cannot be traced as asked (the widget offers only valid ones).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PathError {
    NoSuchPod(PodId),
    NoSuchNode(NodeId),
    NoSuchService(ServiceId),
    NoSuchDeployment(DeploymentId),
    NoNodePort {
        service: String,
    },
    NotALoadBalancer {
        service: String,
    },
    /// The source cannot use this destination.
    ClientMismatch(Mismatch),
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
            Self::NoSuchDeployment(index) => {
                write!(f, "There is no deployment number {index} in this cluster.")
            }
            Self::NoNodePort { service } => write!(
                f,
                "Service \"{service}\" is a ClusterIP Service: it has no nodePort."
            ),
            Self::NotALoadBalancer { service } => write!(
                f,
                "Service \"{service}\" is not of type LoadBalancer: it has no load balancer frontend."
            ),
            Self::ClientMismatch(mismatch) => mismatch.fmt(f),
            Self::NotAFlow => f.write_str("Pick a source and a destination that differ."),
            Self::NoHostPort { deployment } => write!(
                f,
                "Deployment \"{deployment}\" declares no hostPort."
            ),
        }
    }
}

/// Why a source cannot use a destination.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mismatch {
    /// Only CoreDNS, behind a ClusterIP, answers for `cluster.local` names.
    ClusterDnsFromOutside,
    /// A node (its own network namespace) resolves names through Azure DNS.
    ClusterDnsFromNode,
    /// Both ends are hosts outside the cluster.
    BothOutside,
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::ClusterDnsFromOutside => {
                "Nothing outside the cluster resolves cluster.local names: only CoreDNS answers for them, \
                 behind the DNS service IP, a ClusterIP that no host outside reaches. \
                 A VM asks its own DNS (Azure DNS at 168.63.129.16, which the nodes use too) and gets no answer. \
                 Use the load balancer's address, or a DNS record you create for it."
            }
            Self::ClusterDnsFromNode => {
                "A node resolves names through Azure DNS (168.63.129.16, in its resolv.conf), which knows nothing of cluster.local: \
                 only pods (dnsPolicy ClusterFirst) ask CoreDNS. Pick a pod as the client, or the Service's ClusterIP."
            }
            Self::BothOutside => {
                "Both ends are outside the cluster: pick a pod, a node or a Service at one end."
            }
        })
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

const CROSS_NODE: &str = "aks-facts §5.2";
const SAME_NODE: &str = "aks-facts §5.1";
const CLUSTER_IP: &str = "aks-facts §5.3";
const VM_TO_POD: &str = "aks-facts §5.4";
const INTERNAL_LB: &str = "aks-facts §5.5";
const PUBLIC_LB: &str = "aks-facts §5.6";
const EGRESS: &str = "aks-facts §5.7";
const POLICY: &str = "aks-facts §4.5";
const PORTS: &str = "aks-facts §4.2";
const DNS: &str = "aks-facts §4.7";
/// The facts of aks-facts §10, each with its own public source.
const LB_CAPTURE: &str = "aks-facts §10: kube-proxy captures load balancer IPs";
const HAIRPIN: &str = "aks-facts §10: hairpin";
const MASQUERADE_ALL: &str = "aks-facts §10: kubenet and Overlay masquerade";
const BRIDGE_SOURCE: &str = "aks-facts §10: kubenet bridge source";
const ASYMMETRIC: &str = "aks-facts §10: userDefinedRouting and a public LB";
const HEALTH_PROBE: &str = "aks-facts §10: health probes";
/// Azure CNI powered by Cilium: no kube-proxy; eBPF translates Services.
const CILIUM: &str = "aks-facts §1.5";
/// The NSG on the cluster's subnets, and the rules the docs require.
const NSG: &str = "learn: aks/concepts-network-azure-cni-overlay";
/// Which engine enforces NetworkPolicy, and Kubernetes' rules for it.
const NETWORK_POLICY: &str = "aks-facts §10: Network policy engines";
/// Cilium translates at the socket for pod traffic.
const SOCKET_LB: &str = "aks-facts §10: Azure CNI powered by Cilium";
/// Not in the fact sheet: Microsoft's "Azure Firewall NAT behaviors".
const FIREWALL_DNAT: &str = "Azure Firewall NAT behaviors";

/// Every source a hop cites, for the widget to give each a public page.
pub const REFERENCES: [&str; 21] = [
    CROSS_NODE,
    SAME_NODE,
    CLUSTER_IP,
    VM_TO_POD,
    INTERNAL_LB,
    PUBLIC_LB,
    EGRESS,
    POLICY,
    PORTS,
    DNS,
    LB_CAPTURE,
    HAIRPIN,
    MASQUERADE_ALL,
    BRIDGE_SOURCE,
    ASYMMETRIC,
    HEALTH_PROBE,
    FIREWALL_DNAT,
    CILIUM,
    SOCKET_LB,
    NETWORK_POLICY,
    NSG,
];

/// Traces `from` → `to` through `plan`: the hops, the verdict and the reply.
/// An error says why the flow cannot be asked of this plan (an id that
/// names nothing, a Service of the wrong type, two outside hosts).
///
/// ```
/// use aks_model::path::{trace, Device, Endpoint, Target};
/// use aks_model::{ClusterSpec, NetworkPlugin, PodId, Plan};
///
/// let plan = Plan::build(&ClusterSpec::defaults_for(NetworkPlugin::Kubenet)).unwrap();
/// let (web0, web1) = (PodId::new(0), PodId::new(1));
/// // kubenet: a pod's packet to a pod on another node crosses the route
/// // table untranslated, and the receiver sees the sending pod.
/// let to_pod = trace(&plan, Endpoint::Pod(web0), Target::Pod { pod: web1, port: 8080 }).unwrap();
/// assert_eq!(to_pod.verdict.seen_source(), Some("10.244.0.2:40000".parse().unwrap()));
/// // To a server on the internet, the node's ip-masq-agent rewrites the
/// // source to the node, then the load balancer's outbound rule to its public IP.
/// let out = trace(&plan, Endpoint::Pod(web0), Target::InternetServer).unwrap();
/// let rewriters: Vec<_> = out.hops.iter().filter_map(|hop| hop.rewritten_by).collect();
/// assert_eq!(rewriters, [Device::IpMasqAgent, Device::OutboundRule]);
/// // A pod that is not in the plan is an error, not a panic.
/// assert!(trace(&plan, Endpoint::Pod(PodId::new(99)), Target::InternetServer).is_err());
/// ```
pub fn trace(plan: &Plan, from: Endpoint, to: Target) -> Result<Trace, PathError> {
    Tracer::new(plan).run(from, to)
}

impl Trace {
    /// The hops the widget steps through: the DNS lookup first, then the flow.
    pub fn steps(&self) -> impl Iterator<Item = &Hop> {
        self.lookup.iter().chain(&self.hops)
    }

    /// How many hops [`Trace::steps`] has.
    pub fn step_count(&self) -> usize {
        self.lookup.len() + self.hops.len()
    }
}

/// What the packet looks like now, and what changed it on the way.
struct Tracer<'p> {
    plan: &'p Plan,
    hosts: Hosts,
    hops: Vec<Hop>,
    /// (src, dst) before each rewrite, with where and who: what conntrack undoes.
    rewrites: Vec<(Location, Device, (SocketAddrV4, SocketAddrV4))>,
    fix: Option<Fix>,
    /// A pod that sent the packet, and its node, until its egress policy
    /// has been checked (where the packet leaves the node or reaches a pod).
    egress_from: Option<(PodId, NodeId)>,
}

/// The result of a tracing step: a verdict, or an id that names nothing.
type Step = Result<Verdict, PathError>;

impl<'p> Tracer<'p> {
    fn new(plan: &'p Plan) -> Self {
        Self {
            plan,
            hosts: Hosts::of(plan),
            hops: Vec::new(),
            rewrites: Vec::new(),
            fix: None,
            egress_from: None,
        }
    }

    fn pod(&self, id: PodId) -> Result<&'p Pod, PathError> {
        self.plan.pod(id).ok_or(PathError::NoSuchPod(id))
    }

    fn node(&self, id: NodeId) -> Result<&'p Node, PathError> {
        self.plan.node(id).ok_or(PathError::NoSuchNode(id))
    }

    fn service(&self, id: ServiceId) -> Result<&'p ServicePlan, PathError> {
        self.plan.service(id).ok_or(PathError::NoSuchService(id))
    }

    fn deployment(&self, id: DeploymentId) -> Result<&'p Deployment, PathError> {
        self.plan
            .deployment(id)
            .ok_or(PathError::NoSuchDeployment(id))
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
            derived: false,
        });
    }

    /// What translates Services on this cluster's nodes, by name.
    fn service_proxy(&self) -> &'static str {
        match self.plan.dataplane {
            Dataplane::KubeProxy => "kube-proxy",
            Dataplane::Cilium => "Cilium's eBPF (no kube-proxy)",
        }
    }

    /// Whether Cilium, not kube-proxy, translates Services.
    fn cilium(&self) -> bool {
        self.plan.dataplane == Dataplane::Cilium
    }

    /// Marks the last hop as derived from documented behaviour.
    fn derived(&mut self) {
        if let Some(hop) = self.hops.last_mut() {
            hop.derived = true;
        }
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
        let verdict = self.forward(from, to)?;
        let reply = match &verdict {
            Verdict::Delivered { .. } => self.reply(),
            _ => Vec::new(),
        };
        Ok(Trace {
            lookup,
            hops: self.hops,
            verdict,
            reply,
            fix: self.fix,
        })
    }

    /// Rejects flows that name things the plan does not have, or that cannot be.
    fn check(&self, from: Endpoint, to: Target) -> Result<(), PathError> {
        match from {
            Endpoint::Pod(pod) => {
                self.pod(pod)?;
            }
            Endpoint::Node(node) => {
                self.node(node)?;
            }
            _ => {}
        }
        match to {
            Target::Pod { pod, .. } => {
                self.pod(pod)?;
            }
            Target::Node { node, .. } => {
                self.node(node)?;
            }
            Target::ServiceName { .. } if from.is_outside() => {
                return Err(PathError::ClientMismatch(Mismatch::ClusterDnsFromOutside));
            }
            Target::ServiceName { .. } if matches!(from, Endpoint::Node(_)) => {
                return Err(PathError::ClientMismatch(Mismatch::ClusterDnsFromNode));
            }
            Target::ClusterIp { service } | Target::ServiceName { service } => {
                self.service(service)?;
            }
            Target::NodePort { service, node } => {
                self.node(node)?;
                let plan_service = self.service(service)?;
                if plan_service.node_port.is_none() {
                    return Err(PathError::NoNodePort {
                        service: plan_service.name.clone(),
                    });
                }
            }
            Target::LoadBalancer { service } => {
                let plan_service = self.service(service)?;
                if !matches!(plan_service.kind, ServiceKind::LoadBalancer(_)) {
                    return Err(PathError::NotALoadBalancer {
                        service: plan_service.name.clone(),
                    });
                }
            }
            Target::HostPort { deployment, node } => {
                self.node(node)?;
                let d = self.deployment(deployment)?;
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
        if from.is_outside() && to.is_outside() {
            return Err(PathError::ClientMismatch(Mismatch::BothOutside));
        }
        Ok(())
    }

    /// The address a source sends from, if it has one.
    fn source_address(&self, from: Endpoint) -> Option<Ipv4Addr> {
        match from {
            Endpoint::Pod(pod) => self.plan.pod(pod)?.ip,
            Endpoint::Node(node) => self.plan.node(node)?.ip,
            Endpoint::VnetVm => self.hosts.vnet_vm,
            Endpoint::PeeredVnetVm => Some(self.hosts.peered_vm),
            Endpoint::OnPremises => Some(self.hosts.on_premises),
            Endpoint::Internet => Some(self.hosts.internet_client),
        }
    }

    /// Delivered, as the receiver sees the packet now.
    fn delivered(&self) -> Verdict {
        Verdict::Delivered {
            seen_source: self.packet().0,
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
            derived: false,
        }];
        for (at, device, before) in self.rewrites.iter().rev() {
            let undone = (before.1, before.0);
            // Cilium keeps its own connection table in eBPF maps, and a
            // translation made at the socket is undone at the socket.
            let (by, explanation, reference) = if *device == Device::Cilium {
                (
                    Device::Cilium,
                    format!(
                        "Cilium reverses its own translation from its eBPF connection table (at the socket, for a connection it translated there): the reply now goes from {} to {}.",
                        undone.0, undone.1
                    ),
                    SOCKET_LB,
                )
            } else {
                (
                    Device::Conntrack,
                    format!(
                        "Connection tracking undoes the {device}'s translation: the reply now goes from {} to {}.",
                        undone.0, undone.1
                    ),
                    CLUSTER_IP,
                )
            };
            reply.push(Hop {
                at: *at,
                src: undone.0,
                dst: undone.1,
                changed: Changed::between(packet, undone),
                rewritten_by: Some(by),
                explanation,
                reference,
                derived: *device == Device::Cilium,
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
            derived: false,
        });
        reply
    }
}

impl Endpoint {
    /// Whether the source is a host outside the cluster.
    pub fn is_outside(self) -> bool {
        matches!(
            self,
            Self::VnetVm | Self::PeeredVnetVm | Self::OnPremises | Self::Internet
        )
    }

    /// Where the source is drawn.
    pub fn location(self) -> Location {
        match self {
            Self::Pod(pod) => Location::Pod(pod),
            Self::Node(node) => Location::Node(node),
            Self::VnetVm => Location::Host(Host::VnetVm),
            Self::PeeredVnetVm => Location::Host(Host::PeeredVnetVm),
            Self::OnPremises => Location::Host(Host::OnPremises),
            Self::Internet => Location::Host(Host::InternetClient),
        }
    }
}

impl Target {
    /// Whether the destination is a host outside the cluster.
    pub fn is_outside(self) -> bool {
        matches!(
            self,
            Self::VnetVm | Self::PeeredVnetVm | Self::OnPremises | Self::InternetServer
        )
    }
}

fn any_socket() -> SocketAddrV4 {
    SocketAddrV4::new(Ipv4Addr::UNSPECIFIED, 0)
}

fn dropped(reason: String) -> Verdict {
    Verdict::Dropped { reason }
}

/// Why a pod that is not Running cannot be reached.
fn not_running(plan: &Plan, pod: &Pod) -> Verdict {
    let state = match pod.state {
        PodState::Pending(Unschedulable::MaxPods) => "Pending: no node has room for it",
        PodState::Pending(Unschedulable::HostPort) => {
            "Pending: every node with room already binds its hostPort"
        }
        PodState::ContainerCreating => "ContainerCreating: its node has no address to give it",
        PodState::Running => "not reachable",
    };
    dropped(format!(
        "{} is {state}, so nothing can reach it.",
        plan.pod_name(pod)
    ))
}
