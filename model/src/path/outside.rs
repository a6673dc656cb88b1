//! Traffic that starts on a host outside the cluster: a VM in the VNet or a
//! peered VNet, an on-premises host, an internet client.

use std::net::{Ipv4Addr, SocketAddrV4};

use super::service::{NodeEntry, Origin};
use super::{
    dropped, not_running, Device, Endpoint, Host, Hosts, Location, Mismatch, Step, Target, Tracer,
    ASYMMETRIC, FIREWALL_DNAT, INTERNAL_LB, INTERNET_CLIENT_PORT, ON_PREMISES_CLIENT_PORT,
    PUBLIC_LB, VM_CLIENT_PORT, VM_TO_POD,
};
use crate::ids::{PodId, ServiceId};
use crate::spec::{LoadBalancerScope, OutboundType, ServiceKind};

impl Tracer<'_> {
    pub(super) fn start_outside(&mut self, from: Endpoint, to: Target) -> Step {
        let host = match from {
            Endpoint::VnetVm => Host::VnetVm,
            Endpoint::PeeredVnetVm => Host::PeeredVnetVm,
            Endpoint::OnPremises => Host::OnPremises,
            _ => Host::InternetClient,
        };
        let Some(client_ip) = self.source_address(from) else {
            return Ok(dropped(
                "The VNet has no room outside its subnets for a VM.".into(),
            ));
        };
        let port = match from {
            Endpoint::Internet => INTERNET_CLIENT_PORT,
            Endpoint::OnPremises => ON_PREMISES_CLIENT_PORT,
            _ => VM_CLIENT_PORT,
        };
        let src = SocketAddrV4::new(client_ip, port);
        let dst = match self.destination(to)? {
            Ok(dst) => dst,
            Err(verdict) => return Ok(verdict),
        };
        let public_destination = self.is_public_frontend(to);
        let firewall = match to {
            Target::LoadBalancer { service } if host == Host::InternetClient => {
                self.firewall_in_front(service)
            }
            _ => None,
        };
        let sent_to = match firewall {
            Some(_) => SocketAddrV4::new(self.hosts.egress, dst.port()),
            None => dst,
        };
        self.hop(
            Location::Host(host),
            (src, sent_to),
            None,
            match firewall {
                Some(_) => format!(
                    "The {host} connects to {sent_to}, the firewall's public IP: with outbound type userDefinedRouting the internal load balancer is published through a DNAT rule on the firewall."
                ),
                None => format!("The {host} connects to {dst}."),
            },
            match to {
                Target::LoadBalancer { .. } if firewall.is_some() => ASYMMETRIC,
                Target::LoadBalancer { .. } if public_destination => PUBLIC_LB,
                Target::LoadBalancer { .. } => INTERNAL_LB,
                _ => VM_TO_POD,
            },
        );
        if let (Some(private), Target::LoadBalancer { service }) = (firewall, to) {
            self.hop(
                Location::Firewall,
                (SocketAddrV4::new(private, src.port()), dst),
                Some(Device::Firewall),
                format!(
                    "The firewall's DNAT rule translates its public IP to the internal load balancer's frontend {dst}, and SNATs the source to its own private address {private} (port kept), so the answer comes back through it."
                ),
                FIREWALL_DNAT,
            );
            return self.via_load_balancer(service);
        }
        if host == Host::InternetClient && !public_destination {
            return Ok(dropped(format!(
                "{} is a private address: the internet has no route to it. Only a public load balancer is reachable from the internet.",
                dst.ip()
            )));
        }
        if public_destination && host != Host::InternetClient {
            let public = Hosts::public_address(host);
            self.hop(
                Location::Host(host),
                (SocketAddrV4::new(public, src.port()), dst),
                Some(Device::ClientNat),
                format!(
                    "{} is a public address: the {host} reaches it as it reaches the internet, through its own public IP or NAT ({public}) — not through the cluster — and comes back in from the internet like any client.",
                    dst.ip()
                ),
                PUBLIC_LB,
            );
            self.derived();
        } else if host == Host::OnPremises {
            self.pass(
                Location::Gateway,
                "The VPN or ExpressRoute gateway brings it into the VNet.".into(),
                INTERNAL_LB,
            );
        }
        match to {
            Target::Pod { pod, .. } => self.outside_to_pod(pod, host),
            Target::ClusterIp { .. } | Target::ServiceName { .. } => Ok(dropped(format!(
                "{} is a ClusterIP: a virtual address that exists only in the rules of {} on the cluster's nodes. \
                 Nothing outside the cluster routes it; use a load balancer or a NodePort.",
                dst.ip(),
                self.service_proxy()
            ))),
            Target::Node { node, .. } => {
                let name = self.node(node)?.name();
                self.pass(
                    Location::VnetFabric,
                    "The node's address is a VNet address: the VNet's routes deliver it, untranslated.".into(),
                    VM_TO_POD,
                );
                if let Some(verdict) = self.nsg_dropped(node)? {
                    return Ok(verdict);
                }
                self.pass(Location::Node(node), format!("{name} receives it."), VM_TO_POD);
                Ok(self.delivered())
            }
            Target::NodePort { service, node } => {
                self.pass(Location::VnetFabric, "The VNet's routes deliver it to the node.".into(), VM_TO_POD);
                self.enter_node_for_service(node, service, NodeEntry::NodePort, Origin::Remote)
            }
            Target::HostPort { deployment, node } => {
                self.pass(Location::VnetFabric, "The VNet's routes deliver it to the node.".into(), VM_TO_POD);
                if let Some(verdict) = self.nsg_dropped(node)? {
                    return Ok(verdict);
                }
                self.enter_node_on_host_port(node, deployment, None)
            }
            Target::LoadBalancer { service } => self.via_load_balancer(service),
            Target::VnetVm | Target::PeeredVnetVm | Target::OnPremises | Target::InternetServer => {
                Ok(dropped(Mismatch::BothOutside.to_string()))
            }
        }
    }

    /// Whether `to` is the frontend of a public load balancer.
    pub(super) fn is_public_frontend(&self, to: Target) -> bool {
        match to {
            Target::LoadBalancer { service } => self
                .plan
                .service(service)
                .is_some_and(|s| s.kind == ServiceKind::LoadBalancer(LoadBalancerScope::Public)),
            _ => false,
        }
    }

    /// The firewall's private address, when outbound type userDefinedRouting
    /// puts a firewall in front of `service`'s internal load balancer: the
    /// documented way in from the internet (aks-facts §10).
    fn firewall_in_front(&self, service: ServiceId) -> Option<Ipv4Addr> {
        let internal = self.plan.service(service).is_some_and(|s| {
            matches!(
                s.kind,
                ServiceKind::LoadBalancer(LoadBalancerScope::Internal { .. })
            )
        });
        let behind_firewall = self.plan.outbound_type == OutboundType::UserDefinedRouting;
        self.hosts.firewall.filter(|_| internal && behind_firewall)
    }

    /// A VM or on-premises host that connects to a pod's IP directly.
    fn outside_to_pod(&mut self, id: PodId, host: Host) -> Step {
        let plan = self.plan;
        if plan.plugin.uses_pod_cidr() {
            return Ok(dropped(format!(
                "With {} the pod's address comes from the pod CIDR, which is not part of the VNet: the {host} has no route to it. \
                 Connections to pods can only start in the pod; reach it through a load balancer or a NodePort.",
                plan.plugin
            )));
        }
        let pod = self.pod(id)?;
        let Some(node) = pod.running_on() else {
            return Ok(not_running(plan, pod));
        };
        let name = self.node(node)?.name();
        self.pass(
            Location::VnetFabric,
            format!(
                "The pod's address is a VNet address, an IP configuration of node {name}'s NIC: the VNet delivers it there, untranslated."
            ),
            VM_TO_POD,
        );
        if let Some(verdict) = self.nsg_dropped(node)? {
            return Ok(verdict);
        }
        self.pass(
            Location::Node(node),
            "A host route on the node hands it to the pod's veth.".into(),
            VM_TO_POD,
        );
        self.deliver_to_pod(id)
    }
}
