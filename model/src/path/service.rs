//! Services: the DNS lookup of a name, kube-proxy's DNAT of a ClusterIP, a
//! nodePort or a load balancer frontend to an endpoint, the CNI portmap's
//! DNAT of a hostPort, and the Azure load balancer's choice of a node.

use std::net::{Ipv4Addr, SocketAddrV4};

use super::{
    dropped, Changed, Device, Endpoint, Hop, Location, PathError, Step, Target, Tracer, Verdict,
    CLUSTER_IP, DNS_CLIENT_PORT, INTERNAL_LB, POLICY, PORTS, PUBLIC_LB, VM_TO_POD,
};
use crate::ids::{DeploymentId, NodeId, PodId, ServiceId};
use crate::limits::DNS_PORT;
use crate::plan::ServicePlan;
use crate::plugin::NetworkPlugin;
use crate::spec::{TargetPort, TrafficPolicy};

/// How a packet entered a node for a Service.
#[derive(Clone, Copy)]
pub(super) enum NodeEntry {
    NodePort,
    Frontend,
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

    /// To a Service's ClusterIP: kube-proxy on the client's node DNATs.
    pub(super) fn via_cluster_ip(
        &mut self,
        node: NodeId,
        service: ServiceId,
        from: Endpoint,
    ) -> Step {
        let plan = self.plan;
        let s = self.service(service)?;
        let (Some(&endpoint), Some(target_port)) = (s.endpoints.first(), s.target_port) else {
            let why = no_endpoints(s);
            self.pass(Location::Node(node), why.clone(), CLUSTER_IP);
            return Ok(Verdict::Refused { reason: why });
        };
        let (src, _) = self.packet();
        let backend = self.pod(endpoint)?;
        let dst = SocketAddrV4::new(backend.ip.unwrap_or(Ipv4Addr::UNSPECIFIED), target_port);
        let masquerade = matches!(from, Endpoint::Node(_))
            && plan.plugin != NetworkPlugin::AzureCni
            && plan.plugin != NetworkPlugin::AzureCniPodSubnet;
        self.hop(
            Location::Node(node),
            (src, dst),
            Some(Device::KubeProxy),
            format!(
                "kube-proxy on this node (the client's) matches {}:{} and DNATs to one endpoint chosen at random — here {} — on targetPort {}. The source is {}.",
                s.cluster_ip.map_or("?".into(), |ip| ip.to_string()),
                s.port,
                plan.pod_name(backend),
                s.target_text(),
                if masquerade { "the node's own address, which is already outside the pod CIDR" } else { "not rewritten" }
            ),
            CLUSTER_IP,
        );
        self.reach_pod(node, endpoint, from)
    }

    /// Through a load balancer's frontend to a node (floating IP: the
    /// destination is unchanged), then kube-proxy.
    pub(super) fn via_load_balancer(&mut self, service: ServiceId) -> Step {
        let plan = self.plan;
        let s = self.service(service)?;
        let public = self.is_public_frontend(Target::LoadBalancer { service });
        let reference = if public { PUBLIC_LB } else { INTERNAL_LB };
        let local = s.external_traffic_policy == TrafficPolicy::Local;
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
        self.enter_node_for_service(node.id, service, NodeEntry::Frontend)
    }

    /// The first endpoint of `service` that runs on `node`.
    fn local_endpoint(&self, service: &ServicePlan, node: NodeId) -> Option<PodId> {
        service.endpoints.iter().copied().find(|&pod| {
            self.plan
                .pod(pod)
                .and_then(|pod| pod.placement)
                .is_some_and(|placement| placement.node == node)
        })
    }

    fn has_local_endpoint(&self, service: &ServicePlan, node: NodeId) -> bool {
        self.local_endpoint(service, node).is_some()
    }

    /// The packet is on `node`, addressed to the frontend or to the node's
    /// nodePort: kube-proxy DNATs it to an endpoint, and with policy Cluster
    /// SNATs it to the node.
    pub(super) fn enter_node_for_service(
        &mut self,
        node: NodeId,
        service: ServiceId,
        entry: NodeEntry,
    ) -> Step {
        let plan = self.plan;
        let s = self.service(service)?;
        let reference = match entry {
            NodeEntry::NodePort => VM_TO_POD,
            NodeEntry::Frontend if self.is_public_frontend(Target::LoadBalancer { service }) => {
                PUBLIC_LB
            }
            NodeEntry::Frontend => INTERNAL_LB,
        };
        let entered = self.node(node)?;
        let Some(node_ip) = entered.ip else {
            return Ok(dropped("That node was never created.".into()));
        };
        let (src, _) = self.packet();
        let local = s.external_traffic_policy == TrafficPolicy::Local;
        let endpoint = if local {
            self.local_endpoint(s, node)
        } else {
            s.endpoints.first().copied()
        };
        let Some(endpoint) = endpoint else {
            let why = if local {
                format!(
                    "externalTrafficPolicy Local, and node {} runs no pod of Service \"{}\": the node drops the packet (and fails the load balancer's health probe).",
                    entered.name(),
                    s.name
                )
            } else {
                no_endpoints(s)
            };
            self.pass(Location::Node(node), why.clone(), POLICY);
            return Ok(if local {
                dropped(why)
            } else {
                Verdict::Refused { reason: why }
            });
        };
        let backend = self.pod(endpoint)?;
        let dst = SocketAddrV4::new(
            backend.ip.unwrap_or(Ipv4Addr::UNSPECIFIED),
            s.target_port.unwrap_or(0),
        );
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
                entered.name(),
                plan.pod_name(backend),
                s.target_text()
            ),
            reference,
        );
        self.reach_pod(node, endpoint, Endpoint::Node(node))
    }

    /// The packet is on `node`, addressed to its hostPort: the portmap rule
    /// DNATs it to the deployment's pod on this node, on the containerPort.
    /// No such pod here, and nothing on the node listens on that port.
    pub(super) fn enter_node_on_host_port(
        &mut self,
        node: NodeId,
        deployment: DeploymentId,
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
        self.hop(
            Location::Node(node),
            (src, SocketAddrV4::new(pod_ip, container.number)),
            Some(Device::HostPort),
            format!(
                "The CNI portmap rule on {name} DNATs hostPort {host_port} to {} on containerPort {}. Here containerPort is not informational: it is where the packet goes.",
                plan.pod_name(pod),
                container.number
            ),
            PORTS,
        );
        self.reach_pod(node, pod.id, Endpoint::Node(node))
    }
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
