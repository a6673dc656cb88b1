//! Services: the DNS lookup of a name, kube-proxy's DNAT of a ClusterIP, a
//! nodePort or a load balancer frontend to an endpoint, the CNI portmap's
//! DNAT of a hostPort, and the Azure load balancer's choice of a node.

use std::net::{Ipv4Addr, SocketAddrV4};

use super::{
    dropped, Changed, Device, Endpoint, Fix, Hop, Location, PathError, Step, Target, Tracer,
    Verdict, ASYMMETRIC, BRIDGE_SOURCE, CLUSTER_IP, DNS, DNS_CLIENT_PORT, HAIRPIN, HEALTH_PROBE,
    INTERNAL_LB, LB_CAPTURE, NSG, POLICY, PORTS, PUBLIC_LB, SOCKET_LB, VM_TO_POD,
};
use crate::ids::{DeploymentId, NodeId, PodId, ServiceId};
use crate::limits::DNS_PORT;
use crate::plan::ServicePlan;
use crate::plugin::NetworkPlugin;
use crate::spec::{OutboundType, TargetPort, TrafficPolicy};

/// How a packet entered a node for a Service.
#[derive(Clone, Copy)]
pub(super) enum NodeEntry {
    /// To the node's own address, on the nodePort.
    NodePort,
    /// From the Azure load balancer, still to the frontend (floating IP).
    Frontend,
    /// From a pod or the node itself, to the frontend: kube-proxy's rule for
    /// the load balancer IP catches it before it leaves (aks-facts §10).
    CapturedFrontend,
}

/// Who sent a packet that kube-proxy's rules for external traffic handle.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Origin {
    /// A pod on this node.
    LocalPod(PodId),
    /// The node itself.
    LocalHost,
    /// Anything that came in from the network.
    Remote,
}

impl Origin {
    /// `from`, seen from its own node.
    pub(super) fn on_own_node(from: Endpoint) -> Self {
        match from {
            Endpoint::Pod(pod) => Self::LocalPod(pod),
            Endpoint::Node(_) => Self::LocalHost,
            _ => Self::Remote,
        }
    }
}

impl Tracer<'_> {
    /// The DNS lookup a client makes before it connects to a Service by name.
    pub(super) fn dns_lookup(
        &self,
        from: Endpoint,
        service: ServiceId,
    ) -> Result<Vec<Hop>, PathError> {
        let plan_service = self.service(service)?;
        let Some(client) = self.source_address(from) else {
            return Ok(Vec::new());
        };
        let dns_ip = self.plan.dns_service_ip().unwrap_or(Ipv4Addr::UNSPECIFIED);
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
                derived: false,
            },
            Hop {
                at: Location::CoreDns,
                src: query.1,
                dst: query.0,
                changed: Changed::between(query, (query.1, query.0)),
                rewritten_by: None,
                explanation: format!(
                    "{} sends the query to a CoreDNS pod in kube-system, which answers: {name} is {answer}.",
                    self.service_proxy()
                ),
                reference: DNS,
                derived: false,
            },
        ])
    }

    /// To a Service's ClusterIP: kube-proxy on the client's node DNATs.
    pub(super) fn via_cluster_ip(
        &mut self,
        node: NodeId,
        service: ServiceId,
        from: Endpoint,
    ) -> Step {
        let plan = self.plan;
        let s = self.service(service)?;
        let client = client_pod(from);
        let endpoint = self.pick_endpoint(s, node, client);
        let (Some(endpoint), Some(target_port)) = (endpoint, s.target_port) else {
            let why = no_endpoints(s, self.service_proxy());
            self.pass(Location::Node(node), why.clone(), CLUSTER_IP);
            return Ok(Verdict::Refused { reason: why });
        };
        let (src, _) = self.packet();
        let backend = self.pod(endpoint)?;
        let dst = SocketAddrV4::new(backend.ip.unwrap_or(Ipv4Addr::UNSPECIFIED), target_port);
        let hairpin = client == Some(endpoint);
        let cilium = self.cilium();
        // kube-proxy marks ClusterIP traffic from outside the pod CIDR (the
        // node itself under kubenet and Overlay) for masquerade (aks-facts
        // §4.3). Cilium translates at connect(), in the client's own network
        // namespace: the packet never carries the ClusterIP, and nothing
        // masquerades it, not even a pod that reaches itself [derived].
        let from_outside_pod_cidr =
            matches!(from, Endpoint::Node(_)) && plan.plugin.uses_pod_cidr();
        let masquerade = (!cilium && (hairpin || from_outside_pod_cidr))
            .then(|| self.masquerade_address(node, backend.running_on()))
            .transpose()?;
        let new_src = masquerade.map_or(src, |(ip, _)| SocketAddrV4::new(ip, src.port()));
        let source = match masquerade {
            Some((ip, bridge)) if hairpin => format!(
                "The endpoint is the caller itself: kube-proxy's per-endpoint rule marks traffic from an endpoint to itself for masquerade (the hairpin rule), so the source becomes {ip}{}.",
                bridge_or_node(bridge)
            ),
            Some((ip, bridge)) => format!(
                "The source, the node's own address, is outside the pod CIDR, so kube-proxy masquerades it to {ip}{}.",
                bridge_or_node(bridge)
            ),
            None if hairpin => "The endpoint is the caller itself: the socket connects to its own address, and the pod sees itself as the source.".into(),
            None => "The source is not rewritten.".into(),
        };
        let (at, device, who, translates, reference) = if cilium {
            (
                client.map_or(Location::Node(node), Location::Pod),
                Device::Cilium,
                "No kube-proxy here: Cilium's socket-level load balancer (eBPF, at connect()) translates",
                " before any packet leaves, so the packet on the wire is addressed to the pod",
                SOCKET_LB,
            )
        } else {
            (
                Location::Node(node),
                Device::KubeProxy,
                "kube-proxy on this node (the client's) matches and DNATs",
                "",
                if hairpin { HAIRPIN } else { CLUSTER_IP },
            )
        };
        self.hop(
            at,
            (new_src, dst),
            Some(device),
            format!(
                "{who} {}:{} to an endpoint chosen at random — here {}{} — on targetPort {}{translates}. {source}",
                s.cluster_ip.map_or("?".into(), |ip| ip.to_string()),
                s.port,
                plan.pod_name(backend),
                self.where_chosen(backend.running_on(), node, hairpin),
                s.target_text(),
            ),
            reference,
        );
        if cilium || (hairpin && plan.plugin != NetworkPlugin::Kubenet) {
            self.derived();
        }
        self.reach_pod(node, endpoint, from)
    }

    /// Through a load balancer's frontend to a node (floating IP: the
    /// destination is unchanged), then kube-proxy. Only outside clients get
    /// here: kube-proxy catches the frontend on every node first.
    pub(super) fn via_load_balancer(&mut self, service: ServiceId) -> Step {
        let plan = self.plan;
        let s = self.service(service)?;
        let public = self.is_public_frontend(Target::LoadBalancer { service });
        let reference = if public { PUBLIC_LB } else { INTERNAL_LB };
        let local = s.external_traffic_policy == TrafficPolicy::Local;
        if !local {
            if let Some(why) = self.failed_tcp_probe(s) {
                self.pass(Location::LoadBalancer(service), why, HEALTH_PROBE);
                self.derived();
                return Ok(dropped(format!(
                    "The connection times out. In Service \"{}\", {}: every node fails the load balancer's TCP probe \
                     on the nodePort, so it sends the connection nowhere (derived from the documented probe). \
                     A client inside the cluster, through the ClusterIP, is refused at once.",
                    s.name,
                    no_listener(self, s)
                )));
            }
        }
        // The probes cross the NSG too: a deny rule ahead of Azure's 65001
        // AllowAzureLoadBalancerInBound marks every node down [derived].
        // Under policy Local they probe healthCheckNodePort, not the nodePort.
        let probed_port = if local { None } else { s.node_port };
        if let Some(rule) = self.nsg_denies_probes(probed_port) {
            self.pass(
                Location::LoadBalancer(service),
                format!(
                    "The load balancer's health probes come from 168.63.129.16 (the AzureLoadBalancer tag), and the NSG on the nodes' subnet denies them: {rule} matches before Azure's rule 65001 AllowAzureLoadBalancerInBound. Every node is marked down."
                ),
                NSG,
            );
            self.derived();
            return Ok(dropped(format!(
                "The connection times out: the NSG denies the load balancer's health probes ({rule}), so it has no healthy backend. Allow 168.63.129.16 ahead of that rule."
            )));
        }
        let node = plan
            .ready_nodes()
            .find(|node| !local || self.has_local_endpoint(s, node.id));
        let Some(node) = node else {
            self.pass(
                Location::LoadBalancer(service),
                "Every node fails the health probe (HTTP /healthz on healthCheckNodePort answers \"No Service Endpoints Found\"): the load balancer has no backend to send to.".into(),
                POLICY,
            );
            return Ok(dropped(format!(
                "externalTrafficPolicy Local, and no node runs a pod of Service \"{}\": the load balancer has no healthy backend.",
                s.name
            )));
        };
        let probe = if local {
            format!(
                "only nodes with a local endpoint pass the HTTP /healthz probe on healthCheckNodePort, which {} answers by counting them",
                self.service_proxy()
            )
        } else {
            "every Ready node passes the TCP probe on the nodePort".to_string()
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
        let verdict =
            self.enter_node_for_service(node.id, service, NodeEntry::Frontend, Origin::Remote)?;
        // Whatever answers — the pod, or a reset from its node — answers by
        // the route table.
        if public
            && plan.outbound_type == OutboundType::UserDefinedRouting
            && !matches!(verdict, Verdict::Dropped { .. })
        {
            return Ok(self.asymmetric_return());
        }
        Ok(verdict)
    }

    /// Why every node fails the TCP probe on the nodePort (policy Cluster),
    /// if they do: kube-proxy forwards the probe to an endpoint's targetPort,
    /// and nothing there accepts it (aks-facts §10, derived).
    fn failed_tcp_probe(&self, s: &ServicePlan) -> Option<String> {
        let node_port = s.node_port.map_or("the nodePort".to_string(), |port| {
            format!("nodePort {port}")
        });
        let answered = s.target_port.is_some_and(|port| {
            s.endpoints
                .iter()
                .any(|&pod| self.listen_port(pod) == Some(port))
        });
        (!answered).then(|| {
            format!(
                "The load balancer probes every node with TCP on {node_port}. {} forwards each probe as it would a connection, and {}: every probe is reset, every node is marked down, and the load balancer sends new connections nowhere.",
                self.service_proxy(),
                no_listener(self, s)
            )
        })
    }

    /// userDefinedRouting: the answer to a connection that came in through
    /// the public load balancer follows 0.0.0.0/0 to the firewall, which
    /// never saw the connection and drops it (aks-facts §10).
    fn asymmetric_return(&mut self) -> Verdict {
        // The answer as far as it gets: out of the pod and through the
        // cluster's own conntrack, never back to the client's side.
        let answer = self.reply().into_iter().take_while(|hop| {
            matches!(
                hop.at,
                Location::Pod(_) | Location::PodNetwork(_) | Location::Node(_)
            )
        });
        self.hops.extend(answer);
        let firewall = self
            .hosts
            .firewall
            .map_or("the firewall".into(), |ip| ip.to_string());
        let client = self.packet().1;
        self.pass(
            Location::RouteTable,
            format!(
                "The answer to {client} leaves the node by the node subnet's route 0.0.0.0/0 → VirtualAppliance {firewall}, not back through the load balancer."
            ),
            ASYMMETRIC,
        );
        self.pass(
            Location::Firewall,
            "The firewall is stateful and never saw this connection arrive — it came in through the load balancer's public IP — so it drops the answer.".into(),
            ASYMMETRIC,
        );
        self.fix = Some(Fix::InternalLoadBalancerBehindFirewall);
        dropped(
            "The connection times out: asymmetric routing. With outbound type userDefinedRouting the answer goes to the firewall, which drops it. \
             The fix Microsoft gives: expose the Service on an internal load balancer, and DNAT the firewall's public IP to it."
                .into(),
        )
    }

    /// The first endpoint of `service` that runs on `node`.
    fn local_endpoint(&self, service: &ServicePlan, node: NodeId) -> Option<PodId> {
        service
            .endpoints
            .iter()
            .copied()
            .find(|&pod| self.node_of(pod) == Some(node))
    }

    fn has_local_endpoint(&self, service: &ServicePlan, node: NodeId) -> bool {
        self.local_endpoint(service, node).is_some()
    }

    fn node_of(&self, pod: PodId) -> Option<NodeId> {
        self.plan.pod(pod)?.running_on()
    }

    fn listen_port(&self, pod: PodId) -> Option<u16> {
        let pod = self.plan.pod(pod)?;
        Some(self.plan.deployment_of(pod)?.listen_port)
    }

    /// The endpoint kube-proxy's random choice lands on, as the lab shows
    /// it: one on another node than `here` when there is one (the more
    /// instructive path), else another pod, else the caller itself.
    fn pick_endpoint(
        &self,
        service: &ServicePlan,
        here: NodeId,
        client: Option<PodId>,
    ) -> Option<PodId> {
        let others = || {
            service
                .endpoints
                .iter()
                .copied()
                .filter(|&pod| Some(pod) != client)
        };
        others()
            .find(|&pod| self.node_of(pod) != Some(here))
            .or_else(|| others().next())
            .or_else(|| service.endpoints.first().copied())
    }

    /// Where the chosen endpoint is, in words.
    fn where_chosen(&self, backend: Option<NodeId>, here: NodeId, hairpin: bool) -> String {
        if hairpin {
            return ", the only endpoint".into();
        }
        match backend {
            Some(node) if node != here => self
                .plan
                .node(node)
                .map_or(String::new(), |node| format!(", on {}", node.name())),
            _ => ", on this node".into(),
        }
    }

    /// The address MASQUERADE gives a packet leaving `node` for a pod on
    /// `backend`: the interface it leaves by. For kubenet and a pod on this
    /// node that is the cbr0 bridge (aks-facts §10, the Kubernetes source-IP
    /// tutorial); otherwise the node's own address (for Azure CNI's pods
    /// on this node, derived: their veths have no address of their own).
    fn masquerade_address(
        &self,
        node: NodeId,
        backend: Option<NodeId>,
    ) -> Result<(Ipv4Addr, bool), PathError> {
        let here = self.node(node)?;
        let bridge = here
            .bridge_ip
            .filter(|_| self.plan.plugin == NetworkPlugin::Kubenet && backend == Some(node));
        Ok(match bridge {
            Some(bridge) => (bridge, true),
            None => (here.ip.unwrap_or(Ipv4Addr::UNSPECIFIED), false),
        })
    }

    /// The packet is on `node`, addressed to the frontend or to the node's
    /// nodePort: kube-proxy's chain for external traffic (KUBE-EXT) DNATs it
    /// to an endpoint, masquerading it with policy Cluster, when the node
    /// itself sends it, or when the endpoint is the caller.
    pub(super) fn enter_node_for_service(
        &mut self,
        node: NodeId,
        service: ServiceId,
        entry: NodeEntry,
        origin: Origin,
    ) -> Step {
        let plan = self.plan;
        let s = self.service(service)?;
        let reference = match entry {
            NodeEntry::NodePort => VM_TO_POD,
            NodeEntry::CapturedFrontend => LB_CAPTURE,
            NodeEntry::Frontend if self.is_public_frontend(Target::LoadBalancer { service }) => {
                PUBLIC_LB
            }
            NodeEntry::Frontend => INTERNAL_LB,
        };
        let entered = self.node(node)?;
        if entered.ip.is_none() {
            return Ok(dropped("That node was never created.".into()));
        }
        if origin == Origin::Remote {
            if let Some(verdict) = self.nsg_dropped(node)? {
                return Ok(verdict);
            }
        }
        let (src, _) = self.packet();
        let client = match origin {
            Origin::LocalPod(pod) => Some(pod),
            _ => None,
        };
        let policy_local = s.external_traffic_policy == TrafficPolicy::Local;
        // With Local, only traffic from the network is kept on this node's
        // endpoints; a pod or the node itself reaches them all (kube-proxy's
        // "pod traffic" and "route LOCAL traffic" rules).
        let local_only = policy_local && origin == Origin::Remote;
        let endpoint = if local_only {
            self.local_endpoint(s, node)
        } else {
            self.pick_endpoint(s, node, client)
        };
        let (Some(endpoint), Some(target_port)) = (endpoint, s.target_port) else {
            // kube-proxy drops what has endpoints elsewhere, and rejects
            // what has none at all (pkg/proxy/iptables/proxier.go).
            let local_only = local_only && !s.endpoints.is_empty() && s.target_port.is_some();
            let why = if local_only {
                format!(
                    "externalTrafficPolicy Local, and node {} runs no pod of Service \"{}\": the node drops the packet (and fails the load balancer's health probe).",
                    entered.name(),
                    s.name
                )
            } else {
                no_endpoints(s, self.service_proxy())
            };
            self.pass(Location::Node(node), why.clone(), POLICY);
            return Ok(if local_only {
                dropped(why)
            } else {
                Verdict::Refused { reason: why }
            });
        };
        let backend = self.pod(endpoint)?;
        let backend_node = backend.running_on();
        let dst = SocketAddrV4::new(backend.ip.unwrap_or(Ipv4Addr::UNSPECIFIED), target_port);
        let hairpin = client == Some(endpoint);
        // Cilium translates a pod's or the node's own connection at the
        // socket, to any endpoint, with nothing to masquerade [derived].
        let at_socket = self.cilium() && origin != Origin::Remote;
        let masquerade = !at_socket && (!policy_local || origin == Origin::LocalHost || hairpin);
        let (new_src, bridge) = if masquerade {
            let (ip, bridge) = self.masquerade_address(node, backend_node)?;
            (SocketAddrV4::new(ip, src.port()), bridge)
        } else {
            (src, false)
        };
        let masqueraded_to = bridge_or_node(bridge);
        let source = match (policy_local, origin) {
            _ if at_socket => "Translated at the socket: the source is not rewritten, whatever the traffic policy.".to_string(),
            _ if hairpin => format!(
                "The endpoint is the caller itself: kube-proxy's per-endpoint rule masquerades it to {}{masqueraded_to} (the hairpin rule).",
                new_src.ip()
            ),
            (false, _) => format!(
                "With externalTrafficPolicy Cluster it also masquerades the source to {}{masqueraded_to}, so the reply comes back through this node.",
                new_src.ip()
            ),
            (true, Origin::LocalHost) => format!(
                "The node itself is the client: kube-proxy masquerades it to {}{masqueraded_to} and sends it to any endpoint, Local policy or not.",
                new_src.ip()
            ),
            (true, Origin::LocalPod(_)) => "A pod is the client: kube-proxy sends pod traffic to any endpoint, Local policy or not, and leaves the source alone.".into(),
            (true, Origin::Remote) => "No SNAT: externalTrafficPolicy Local keeps the client's address.".into(),
        };
        let matched = match entry {
            NodeEntry::NodePort => format!("the nodePort {}", s.node_port.unwrap_or(0)),
            NodeEntry::Frontend => "the load balancer's frontend IP".to_string(),
            NodeEntry::CapturedFrontend => format!(
                "the load balancer's frontend IP {} — it has a rule for every Service's load balancer IP (ipMode VIP), so the packet never goes to the Azure load balancer —",
                self.packet().1.ip()
            ),
        };
        let (device, who) = match (self.cilium(), at_socket) {
            (false, _) => (
                Device::KubeProxy,
                format!("kube-proxy on {}", entered.name()),
            ),
            (true, true) => (
                Device::Cilium,
                "Cilium's socket-level load balancer (eBPF, at connect(); no kube-proxy)"
                    .to_string(),
            ),
            (true, false) => (
                Device::Cilium,
                format!(
                    "Cilium's eBPF program on {}'s interface (no kube-proxy)",
                    entered.name()
                ),
            ),
        };
        let at = match client {
            Some(pod) if at_socket => Location::Pod(pod),
            _ => Location::Node(node),
        };
        self.hop(
            at,
            (new_src, dst),
            Some(device),
            format!(
                "{who} matches {matched} and DNATs to {}{} on targetPort {}. {source}",
                plan.pod_name(backend),
                self.where_chosen(backend_node, node, hairpin),
                s.target_text()
            ),
            match () {
                _ if at_socket => SOCKET_LB,
                _ if hairpin => HAIRPIN,
                _ if bridge => BRIDGE_SOURCE,
                _ => reference,
            },
        );
        if at_socket || self.cilium() || (hairpin && !bridge) {
            self.derived();
        }
        self.reach_pod(node, endpoint, Endpoint::Node(node))
    }

    /// The packet is on `node`, addressed to its hostPort: the portmap rule
    /// DNATs it to the deployment's pod on this node, on the containerPort,
    /// and masquerades it when that pod is the caller (portmap's hairpin
    /// rule). No such pod here, and nothing on the node listens on that port.
    pub(super) fn enter_node_on_host_port(
        &mut self,
        node: NodeId,
        deployment: DeploymentId,
        client: Option<PodId>,
    ) -> Step {
        let plan = self.plan;
        let d = self.deployment(deployment)?;
        let name = self.node(node)?.name();
        let host_port = d.host_port.unwrap_or(0);
        let pod = plan
            .running_pods()
            .find(|pod| pod.deployment == deployment && pod.running_on() == Some(node));
        let (Some(pod), Some(container)) = (pod, &d.container_port) else {
            let why = format!(
                "No pod of \"{}\" runs on {name}, so nothing binds hostPort {host_port} there: the node answers with a reset.",
                d.name
            );
            self.pass(Location::Node(node), why.clone(), PORTS);
            return Ok(Verdict::Refused { reason: why });
        };
        let (src, _) = self.packet();
        let pod_ip = pod.ip.unwrap_or(Ipv4Addr::UNSPECIFIED);
        let hairpin = client == Some(pod.id);
        // With Cilium, its eBPF implements hostPort: a pod on this node is
        // translated at the socket, with nothing to masquerade [derived].
        let local_client = client
            .and_then(|client| plan.pod(client))
            .and_then(|client| client.running_on())
            == Some(node);
        let cilium = self.cilium();
        let (new_src, source) = if hairpin && !cilium {
            let (ip, bridge) = self.masquerade_address(node, Some(node))?;
            (
                SocketAddrV4::new(ip, src.port()),
                format!(
                    " The pod is calling itself, so portmap's hairpin rule masquerades the source to {ip}{}.",
                    bridge_or_node(bridge)
                ),
            )
        } else {
            (src, String::new())
        };
        let (device, who, at) = match (cilium, local_client, client) {
            (false, ..) => (Device::HostPort, format!("The CNI portmap rule on {name}"), Location::Node(node)),
            (true, true, Some(client)) => (
                Device::Cilium,
                "Cilium's socket-level load balancer (eBPF, at connect(); no kube-proxy, no portmap)".to_string(),
                Location::Pod(client),
            ),
            (true, ..) => (
                Device::Cilium,
                format!("Cilium's eBPF program on {name}'s interface (no portmap)"),
                Location::Node(node),
            ),
        };
        self.hop(
            at,
            (new_src, SocketAddrV4::new(pod_ip, container.number)),
            Some(device),
            format!(
                "{who} DNATs hostPort {host_port} to {} on containerPort {}. Here containerPort is not informational: it is where the packet goes.{source}",
                plan.pod_name(pod),
                container.number
            ),
            PORTS,
        );
        if hairpin || cilium {
            self.derived();
        }
        self.reach_pod(node, pod.id, Endpoint::Node(node))
    }
}

/// The pod a flow starts from, if it starts from a pod.
pub(super) fn client_pod(from: Endpoint) -> Option<PodId> {
    match from {
        Endpoint::Pod(pod) => Some(pod),
        _ => None,
    }
}

/// What a masqueraded source address is, in words.
fn bridge_or_node(bridge: bool) -> &'static str {
    if bridge {
        ", the cbr0 bridge's address (the pod is on this node's bridge)"
    } else {
        ", the node's own address"
    }
}

/// What answers at the Service's targetPort: nothing, or no endpoint.
fn no_listener(tracer: &Tracer<'_>, s: &ServicePlan) -> String {
    match (s.target_port, s.endpoints.first()) {
        (Some(port), Some(&pod)) => format!(
            "nothing listens on targetPort {port} in its pods (the container listens on {})",
            tracer
                .listen_port(pod)
                .map_or("?".into(), |port| port.to_string())
        ),
        _ => "it has no ready endpoint".into(),
    }
}

/// Why a Service has no endpoint to send to; `proxy` translates Services.
fn no_endpoints(s: &ServicePlan, proxy: &str) -> String {
    match (&s.target, s.target_port) {
        (TargetPort::Name(name), None) => format!(
            "Service \"{}\" has no endpoints: its targetPort \"{name}\" names no container port of the pods it selects, so they are left out of its EndpointSlice and {proxy} rejects the connection.",
            s.name
        ),
        _ => format!(
            "Service \"{}\" has no running endpoints, so {proxy} rejects the connection.",
            s.name
        ),
    }
}
