//! Port mappings that no packet gets through (aks-facts §4.2), found from the
//! plan before any packet is traced, so that the widget can mark them where
//! they are set. Nothing remaps a port inside a pod: a Service's targetPort,
//! or the containerPort a hostPort forwards to, must be the port the
//! container listens on, and a named targetPort must name a containerPort.

use std::fmt;

use crate::ids::{DeploymentId, ServiceId};
use crate::plan::Plan;
use crate::spec::{ServiceKind, TargetPort, TrafficPolicy};

/// A port mapping that refuses every packet sent through it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BrokenMapping {
    /// A named targetPort that names no containerPort of the pods the
    /// Service selects: the Service has no endpoints.
    UnnamedTargetPort {
        service: ServiceId,
        name: String,
        deployment: String,
        behind_probe: bool,
    },
    /// The targetPort reaches the pods, where nothing listens on it.
    TargetPortNotListening {
        service: ServiceId,
        target_port: u16,
        listen_port: u16,
        behind_probe: bool,
    },
    /// The hostPort forwards to a containerPort nothing listens on.
    HostPortNotListening {
        deployment: DeploymentId,
        host_port: u16,
        container_port: u16,
        listen_port: u16,
    },
}

impl fmt::Display for BrokenMapping {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnnamedTargetPort {
                name,
                deployment,
                behind_probe,
                ..
            } => write!(
                f,
                "targetPort \"{name}\" names no containerPort of \"{deployment}\": the Service has no endpoints, and packets to it are refused{}.",
                probe_failure(*behind_probe)
            ),
            Self::TargetPortNotListening {
                target_port,
                listen_port,
                behind_probe,
                ..
            } => write!(
                f,
                "targetPort {target_port} reaches the pods, but the container listens on {listen_port}: packets to the Service are refused{}.",
                probe_failure(*behind_probe)
            ),
            Self::HostPortNotListening {
                host_port,
                container_port,
                listen_port,
                ..
            } => write!(
                f,
                "hostPort {host_port} forwards to containerPort {container_port}, but the container listens on {listen_port}: packets to node IP:{host_port} are refused."
            ),
        }
    }
}

/// What a load balancer's failed health probe adds: outside clients time
/// out rather than being refused (aks-facts §10, derived).
fn probe_failure(behind_probe: bool) -> &'static str {
    if behind_probe {
        "; through the load balancer they time out, since every node fails its health probe"
    } else {
        ""
    }
}

impl Plan {
    /// Every broken port mapping of the plan: each Service's, then each
    /// deployment's hostPort.
    pub fn broken_mappings(&self) -> Vec<BrokenMapping> {
        let services = self.services.iter().filter_map(|service| {
            let deployment = service.deployment.and_then(|id| self.deployment(id))?;
            // A load balancer with policy Cluster probes TCP on the nodePort,
            // which kube-proxy forwards to the targetPort (aks-facts §4.4).
            let behind_probe = matches!(service.kind, ServiceKind::LoadBalancer(_))
                && service.external_traffic_policy == TrafficPolicy::Cluster;
            match (&service.target, service.target_port) {
                (TargetPort::Name(name), None) => Some(BrokenMapping::UnnamedTargetPort {
                    service: service.id,
                    name: name.clone(),
                    deployment: deployment.name.clone(),
                    behind_probe,
                }),
                (_, Some(port)) if port != deployment.listen_port => {
                    Some(BrokenMapping::TargetPortNotListening {
                        service: service.id,
                        target_port: port,
                        listen_port: deployment.listen_port,
                        behind_probe,
                    })
                }
                _ => None,
            }
        });
        let host_ports = (0..)
            .map(DeploymentId::new)
            .zip(&self.deployments)
            .filter_map(|(id, deployment)| {
                let host_port = deployment.host_port?;
                let container = deployment.container_port.as_ref()?;
                (container.number != deployment.listen_port).then_some(
                    BrokenMapping::HostPortNotListening {
                        deployment: id,
                        host_port,
                        container_port: container.number,
                        listen_port: deployment.listen_port,
                    },
                )
            });
        services.chain(host_ports).collect()
    }
}
