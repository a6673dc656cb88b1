//! Traffic that starts on a pod or a node: its first hop, how it crosses to
//! another node under each model, how it reaches a pod, and how it leaves
//! the cluster (who SNATs it, and the outbound type's way to the internet).

use std::net::{Ipv4Addr, SocketAddrV4};

use super::service::{client_pod, NodeEntry, Origin};
use super::{
    dropped, not_running, outbound_ports_per_node, Device, Endpoint, Host, Location, PathError,
    Step, Target, Tracer, Verdict, CROSS_NODE, EGRESS, MASQUERADE_ALL, POD_CLIENT_PORT, PORTS,
    SAME_NODE, SERVER_PORT,
};
use crate::ids::{NodeId, PodId};
use crate::limits::NODE_POD_RANGE_PREFIX;
use crate::plugin::NetworkPlugin;
use crate::spec::OutboundType;

/// Where traffic that leaves a node goes.
#[derive(Clone, Copy)]
pub(super) enum Away {
    Host(Host),
    Node(NodeId),
}

/// A pod or node that sends, resolved.
struct InsideSource {
    node: NodeId,
    ip: Ipv4Addr,
    at: Location,
    who: String,
}

/// The first port of the outbound rule's range: node n's share starts
/// n shares above it (the lab's choice, aks-facts §4.6).
const FIRST_OUTBOUND_PORT: u16 = 1_024;

impl Tracer<'_> {
    /// The whole path from `from` to `to`.
    pub(super) fn forward(&mut self, from: Endpoint, to: Target) -> Step {
        let plan = self.plan;
        let inside = match from {
            Endpoint::Pod(id) => {
                let pod = self.pod(id)?;
                let (Some(ip), Some(placement)) = (pod.ip, pod.placement) else {
                    return Ok(not_running(plan, pod));
                };
                InsideSource {
                    node: placement.node,
                    ip,
                    at: Location::Pod(id),
                    who: plan.pod_name(pod),
                }
            }
            Endpoint::Node(id) => {
                let node = self.node(id)?;
                let Some(ip) = node.ip else {
                    return Ok(dropped(format!(
                        "{} was never created: it has no address.",
                        node.name()
                    )));
                };
                // kubenet: the route to the node's own pods goes by cbr0,
                // whose address the kernel picks as the source (aks-facts §10).
                let to_own_pod = match to {
                    Target::Pod { pod, .. } => self.pod(pod)?.running_on() == Some(id),
                    _ => false,
                };
                let ip = node
                    .bridge_ip
                    .filter(|_| to_own_pod && plan.plugin == NetworkPlugin::Kubenet)
                    .unwrap_or(ip);
                InsideSource {
                    node: id,
                    ip,
                    at: Location::Node(id),
                    who: node.name(),
                }
            }
            _ => return self.start_outside(from, to),
        };
        self.start_inside(from, inside, to)
    }

    fn start_inside(&mut self, from: Endpoint, source: InsideSource, to: Target) -> Step {
        let InsideSource { node, ip, at, who } = source;
        let src = SocketAddrV4::new(ip, POD_CLIENT_PORT);
        let dst = match self.destination(to)? {
            Ok(dst) => dst,
            Err(verdict) => return Ok(verdict),
        };
        self.hop(
            at,
            (src, dst),
            None,
            format!("{who} sends the packet from its own address to {dst}."),
            SAME_NODE,
        );
        // Egress policy is checked where the packet leaves the pod's node or
        // reaches a pod, after any Service translation, as the engines do.
        if let Endpoint::Pod(pod) = from {
            self.egress_from = Some((pod, node));
        }
        match to {
            Target::Pod { pod, .. } => self.reach_pod(node, pod, from),
            Target::Node { node: target, .. } if target == node => {
                self.pass(
                    Location::Node(node),
                    "The node's own address is local: the packet goes straight into the node's network namespace, untranslated.".into(),
                    SAME_NODE,
                );
                Ok(self.delivered())
            }
            Target::Node { node: target, .. } => self.egress(node, from, Away::Node(target)),
            Target::ClusterIp { service } | Target::ServiceName { service } => {
                self.via_cluster_ip(node, service, from)
            }
            Target::NodePort {
                service,
                node: target,
            } => {
                let origin = if target == node {
                    Origin::on_own_node(from)
                } else {
                    if let Some(verdict) = self.leave_node(node, from)? {
                        return Ok(verdict);
                    }
                    Origin::Remote
                };
                self.enter_node_for_service(target, service, NodeEntry::NodePort, origin)
            }
            // kube-proxy on the client's own node catches a load balancer's
            // frontend: the packet never leaves for the Azure load balancer.
            Target::LoadBalancer { service } => self.enter_node_for_service(
                node,
                service,
                NodeEntry::CapturedFrontend,
                Origin::on_own_node(from),
            ),
            Target::HostPort {
                deployment,
                node: target,
            } => {
                if target != node {
                    if let Some(verdict) = self.leave_node(node, from)? {
                        return Ok(verdict);
                    }
                    if let Some(verdict) = self.nsg_dropped(target)? {
                        return Ok(verdict);
                    }
                }
                self.enter_node_on_host_port(target, deployment, client_pod(from))
            }
            Target::VnetVm => self.egress(node, from, Away::Host(Host::VnetVm)),
            Target::PeeredVnetVm => self.egress(node, from, Away::Host(Host::PeeredVnetVm)),
            Target::OnPremises => self.egress(node, from, Away::Host(Host::OnPremises)),
            Target::InternetServer => self.egress(node, from, Away::Host(Host::InternetServer)),
        }
    }

    /// The address and port a source sends to, or why there is none.
    pub(super) fn destination(
        &self,
        to: Target,
    ) -> Result<Result<SocketAddrV4, Verdict>, PathError> {
        let hosts = &self.hosts;
        let socket = |ip: Option<Ipv4Addr>, port: u16, missing: &str| {
            ip.map(|ip| SocketAddrV4::new(ip, port))
                .ok_or_else(|| dropped(missing.to_string()))
        };
        let on_node = |node: NodeId, port: u16| -> Result<_, PathError> {
            Ok(socket(
                self.node(node)?.ip,
                port,
                "That node was never created.",
            ))
        };
        Ok(match to {
            Target::Pod { pod, port } => {
                let target = self.pod(pod)?;
                target
                    .ip
                    .map(|ip| SocketAddrV4::new(ip, port))
                    .ok_or_else(|| not_running(self.plan, target))
            }
            Target::ClusterIp { service } | Target::ServiceName { service } => {
                let s = self.service(service)?;
                socket(
                    s.cluster_ip,
                    s.port,
                    "The Service has no ClusterIP: the service CIDR is full.",
                )
            }
            Target::Node { node, port } => on_node(node, port)?,
            Target::NodePort { service, node } => {
                on_node(node, self.service(service)?.node_port.unwrap_or(0))?
            }
            Target::LoadBalancer { service } => {
                let s = self.service(service)?;
                socket(
                    s.frontend,
                    s.port,
                    "The load balancer has no frontend yet: EXTERNAL-IP is <pending>.",
                )
            }
            Target::HostPort { deployment, node } => {
                on_node(node, self.deployment(deployment)?.host_port.unwrap_or(0))?
            }
            Target::VnetVm => socket(
                hosts.vnet_vm,
                SERVER_PORT,
                "The VNet has no room outside its subnets for a VM.",
            ),
            Target::PeeredVnetVm => Ok(SocketAddrV4::new(hosts.peered_vm, SERVER_PORT)),
            Target::OnPremises => Ok(SocketAddrV4::new(hosts.on_premises, SERVER_PORT)),
            Target::InternetServer => Ok(SocketAddrV4::new(hosts.internet_server, SERVER_PORT)),
        })
    }

    /// A packet on node `here` (already addressed to the pod) reaches the pod.
    pub(super) fn reach_pod(&mut self, here: NodeId, pod: PodId, from: Endpoint) -> Step {
        if let Some(verdict) = self.departing()? {
            return Ok(verdict);
        }
        let target = self.pod(pod)?;
        let Some(there) = target.running_on() else {
            return Ok(not_running(self.plan, target));
        };
        if here != there {
            if let Some(verdict) = self.cross_nodes(here, there, from)? {
                return Ok(verdict);
            }
        } else {
            let how = if self.plan.plugin == NetworkPlugin::Kubenet {
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
    fn cross_nodes(
        &mut self,
        here: NodeId,
        there: NodeId,
        from: Endpoint,
    ) -> Result<Option<Verdict>, PathError> {
        let here_node = self.node(here)?;
        let there_node = self.node(there)?;
        let there_ip = there_node.ip.map_or("?".into(), |ip| ip.to_string());
        let leaving = matches!(from, Endpoint::Pod(_)) && self.hops.len() == 1;
        match self.plan.plugin {
            NetworkPlugin::Kubenet => {
                self.pass(
                    Location::Node(here),
                    format!(
                        "Node {} has no route for the other node's pod range but its default gateway, so the packet leaves eth0{}.",
                        here_node.name(),
                        if leaving { " untranslated: ip-masq-agent leaves the pod CIDR alone" } else { "" }
                    ),
                    CROSS_NODE,
                );
                let route = there_node
                    .pod_range
                    .map_or(format!("the node's /{NODE_POD_RANGE_PREFIX}"), |r| {
                        r.to_string()
                    });
                self.pass(
                    Location::RouteTable,
                    format!(
                        "The subnet's route table sends {route} to VirtualAppliance {there_ip}: the extra hop kubenet needs, through the node that owns the range."
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
            }
        }
        // The subnet's NSG is crossed before the node takes the packet in.
        if let Some(verdict) = self.nsg_dropped(there)? {
            return Ok(Some(verdict));
        }
        let arrival = match self.plan.plugin {
            NetworkPlugin::Kubenet => format!(
                "Node {} forwards it (IP forwarding is on) to cbr0 and the pod's veth.",
                there_node.name()
            ),
            NetworkPlugin::AzureCni | NetworkPlugin::AzureCniPodSubnet => {
                "A host route on the node hands it to the pod's veth.".into()
            }
            NetworkPlugin::AzureCniOverlay => "The node hands it to the pod's veth.".into(),
        };
        self.pass(Location::Node(there), arrival, CROSS_NODE);
        Ok(None)
    }

    /// The packet arrives at a pod: accepted if something listens on the port.
    pub(super) fn deliver_to_pod(&mut self, id: PodId) -> Step {
        if let Some(verdict) = self.ingress_dropped(id)? {
            return Ok(verdict);
        }
        let pod = self.pod(id)?;
        let listen = self.deployment(pod.deployment)?.listen_port;
        let name = self.plan.pod_name(pod);
        let port = self.packet().1.port();
        if port != listen {
            self.pass(
                Location::Pod(id),
                format!(
                    "The packet reaches {name}, but its container listens on {listen}, not {port}: the kernel answers with a reset."
                ),
                PORTS,
            );
            return Ok(Verdict::Refused {
                reason: format!(
                    "Connection refused: nothing in {name} listens on port {port} (the container listens on {listen}). \
                     Kubernetes does not remap ports inside a pod: the port a packet is sent to (a Service's targetPort, \
                     or the containerPort a hostPort maps to) must be the one the container listens on."
                ),
            });
        }
        self.pass(
            Location::Pod(id),
            format!("{name} receives the packet on port {listen}, where its container listens."),
            SAME_NODE,
        );
        Ok(self.delivered())
    }

    /// Traffic leaving the node for another node or a host outside the cluster.
    fn egress(&mut self, node: NodeId, from: Endpoint, away: Away) -> Step {
        if let Some(verdict) = self.departing()? {
            return Ok(verdict);
        }
        // Another node is a VNet destination, like a VM in the VNet.
        let host = match away {
            Away::Host(host) => host,
            Away::Node(_) => Host::VnetVm,
        };
        self.masquerade_leaving(node, from, host, EGRESS)?;
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
            Away::Node(target) => {
                if let Some(verdict) = self.nsg_dropped(target)? {
                    return Ok(verdict);
                }
                let name = self.node(target)?.name();
                self.pass(
                    Location::Node(target),
                    format!("{name} receives it."),
                    EGRESS,
                );
            }
        }
        Ok(self.delivered())
    }

    /// The last step to the internet: the outbound type's SNAT.
    fn reach_internet(&mut self, node: NodeId) {
        let plan = self.plan;
        let (src, dst) = self.packet();
        let egress = self.hosts.egress;
        match plan.outbound_type {
            OutboundType::LoadBalancer => {
                let ready = plan.ready_nodes().count() as u32;
                let ports = outbound_ports_per_node(ready);
                let position = plan.nodes.iter().position(|each| each.id == node);
                let share = position.map_or(u16::MAX, |at| u16::try_from(at).unwrap_or(u16::MAX));
                let port = FIRST_OUTBOUND_PORT.wrapping_add(share.wrapping_mul(ports));
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

    /// A pod's or node's packet for another node's address leaves its node
    /// (kubenet and Overlay masquerade a pod's: the node's address is
    /// outside the pod CIDR), and the VNet carries it on.
    fn leave_node(&mut self, node: NodeId, from: Endpoint) -> Result<Option<Verdict>, PathError> {
        if let Some(verdict) = self.departing()? {
            return Ok(Some(verdict));
        }
        if matches!(from, Endpoint::Pod(_)) {
            self.masquerade_leaving(node, from, Host::VnetVm, MASQUERADE_ALL)?;
        }
        self.pass(
            Location::VnetFabric,
            "The VNet carries it to the other node.".into(),
            EGRESS,
        );
        Ok(None)
    }

    /// The packet leaves `node` for `host` (another node counts as a VNet
    /// host): who SNATs a pod's packet to the node IP, per model and
    /// destination (aks-facts §5.7, §10).
    fn masquerade_leaving(
        &mut self,
        node: NodeId,
        from: Endpoint,
        host: Host,
        reference: &'static str,
    ) -> Result<(), PathError> {
        let plugin = self.plan.plugin;
        let from_pod = matches!(from, Endpoint::Pod(_));
        let node_ip = self.node(node)?.ip.unwrap_or(Ipv4Addr::UNSPECIFIED);
        let (src, dst) = self.packet();
        let snat = match (plugin, host) {
            _ if !from_pod => None,
            (NetworkPlugin::Kubenet | NetworkPlugin::AzureCniOverlay, _) => Some((
                Device::IpMasqAgent,
                "The node's ip-masq-agent masquerades everything not bound for the pod CIDR to the node's IP — other VNet hosts and nodes, peered VNets and on premises included.",
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
                Location::Node(node),
                (SocketAddrV4::new(node_ip, src.port()), dst),
                Some(device),
                why.into(),
                reference,
            ),
            None => self.pass(
                Location::Node(node),
                if from_pod {
                    match plugin {
                        NetworkPlugin::AzureCniPodSubnet => "Pod Subnet never masquerades: the pod's VNet address is always the source.".into(),
                        _ => "ip-masq-agent does not masquerade destinations inside the VNet: the pod's own VNet address stays the source.".into(),
                    }
                } else {
                    "The node sends from its own address.".into()
                },
                EGRESS,
            ),
        }
        Ok(())
    }
}
