//! The planner's last step: each Service's ClusterIP, nodePort, load
//! balancer frontend and endpoints.

use std::net::Ipv4Addr;
use std::ops::RangeInclusive;

use super::planner::Planner;
use super::{stable_hash, Pod, ServicePlan};
use crate::allocation::Owner;
use crate::failure::Failure;
use crate::ids::{DeploymentId, ServiceId};
use crate::limits::{
    CLUSTER_IP_BAND_DIVISOR, CLUSTER_IP_BAND_MAX, CLUSTER_IP_BAND_MIN, NODE_PORT_RANGE,
    NODE_PORT_STATIC_BAND,
};
use crate::names::RangeName;
use crate::spec::{LoadBalancerScope, ServiceKind};
use crate::subnet::size_of;

impl Planner<'_> {
    pub(super) fn add_services(&mut self, pods: &[Pod]) -> Vec<ServicePlan> {
        let spec = self.spec;
        let mut taken_node_ports: Vec<u16> =
            spec.services.iter().filter_map(|s| s.node_port).collect();
        let mut services = Vec::with_capacity(spec.services.len());
        for (id, service) in (0..).map(ServiceId::new).zip(&spec.services) {
            let cluster_ip = self.claim_cluster_ip(&service.name);
            if cluster_ip.is_none() {
                self.failures.push(Failure::ServiceCidrFull {
                    service: service.name.clone(),
                    cidr: spec.service_cidr,
                });
            }
            let node_port = service.kind.has_node_port().then(|| {
                service
                    .node_port
                    .unwrap_or_else(|| pick_node_port(&service.name, &mut taken_node_ports))
            });
            let frontend = match &service.kind {
                ServiceKind::LoadBalancer(scope) => self.claim_frontend(&service.name, scope),
                _ => None,
            };
            let selected = (0..)
                .map(DeploymentId::new)
                .zip(&spec.deployments)
                .find(|(_, d)| d.name == service.selector);
            // A pod whose container has no port of the targetPort's name is
            // left out of the EndpointSlice (aks-facts §4.2).
            let target_port = selected.and_then(|(_, d)| d.resolve(&service.target_port));
            let selected = selected.map(|(id, _)| id);
            let endpoints = pods
                .iter()
                .filter(|pod| {
                    Some(pod.deployment) == selected && pod.is_running() && target_port.is_some()
                })
                .map(|pod| pod.id)
                .collect();
            services.push(ServicePlan {
                id,
                name: service.name.clone(),
                kind: service.kind.clone(),
                port: service.port,
                target: service.target_port.clone(),
                target_port,
                external_traffic_policy: service.external_traffic_policy,
                deployment: selected,
                cluster_ip,
                node_port,
                frontend,
                endpoints,
            });
        }
        services
    }

    /// Kubernetes picks a ClusterIP at random from the upper band of the
    /// service range first (aks-facts §2). The lab stands in a hash of the
    /// name for the random pick, so the same Service always gets the same
    /// address, then probes upward; when the upper band is full it uses the
    /// lower one.
    fn claim_cluster_ip(&mut self, name: &str) -> Option<Ipv4Addr> {
        let owner = Owner::ClusterIp(name.to_string());
        let range = &mut self.service_cidr;
        if let Some(start) = range.reuse_kept(&owner, 1) {
            return Some(range.address(start, 1));
        }
        let size = size_of(range.cidr);
        let band = (size / CLUSTER_IP_BAND_DIVISOR)
            .clamp(CLUSTER_IP_BAND_MIN, CLUSTER_IP_BAND_MAX)
            .min(size);
        let upper = band..size.saturating_sub(1);
        let lower = 1..band.min(size.saturating_sub(1));
        for candidates in [upper, lower] {
            let span = candidates.end.saturating_sub(candidates.start);
            if span == 0 {
                continue;
            }
            let first = stable_hash(name.as_bytes()) % span;
            for step in 0..span {
                let offset = candidates.start + (first + step) % span;
                if range.reserve(offset, 1, owner.clone()) {
                    return Some(range.address(offset, 1));
                }
            }
        }
        None
    }

    /// An internal frontend takes the lowest free address of its subnet when
    /// the Service is created, after the nodes, as Azure hands out dynamic
    /// private IPs (aks-facts §10: 10.240.0.7 after nodes .4–.6), and keeps
    /// it as the cluster grows: nodes added later skip it. A public one
    /// comes from the lab's public range.
    fn claim_frontend(&mut self, service: &str, scope: &LoadBalancerScope) -> Option<Ipv4Addr> {
        let owner = Owner::LoadBalancerFrontend(service.to_string());
        let range = match scope {
            LoadBalancerScope::Public => {
                let start = self.public.claim(owner, 1, 1)?;
                return Some(self.public.address(start, 1));
            }
            LoadBalancerScope::Internal { subnet: None } => &mut self.node_subnet,
            LoadBalancerScope::Internal { subnet: Some(name) } => self
                .extra_subnets
                .iter_mut()
                .find(|range| range.name == RangeName::Subnet(name.clone()))?,
        };
        match range.claim(owner, 1, 1) {
            Some(start) => Some(range.address(start, 1)),
            None => {
                self.failures.push(Failure::FrontendPending {
                    service: service.to_string(),
                    cidr: range.cidr,
                });
                None
            }
        }
    }
}

/// A free nodePort for `service`, standing in a hash for Kubernetes' random
/// pick: above the static band first, then in it (aks-facts §10).
fn pick_node_port(service: &str, taken: &mut Vec<u16>) -> u16 {
    let (first, last) = (*NODE_PORT_RANGE.start(), *NODE_PORT_RANGE.end());
    let upper = first + NODE_PORT_STATIC_BAND..=last;
    let static_band = first..=first + NODE_PORT_STATIC_BAND - 1;
    let free_in = |band: RangeInclusive<u16>| {
        let start = *band.start();
        let span = u64::from(band.end() - start) + 1;
        let from = stable_hash(service.as_bytes()) % span;
        (0..span)
            .filter_map(|step| u16::try_from((from + step) % span).ok())
            .map(|offset| start + offset)
            .find(|port| !taken.contains(port))
    };
    let port = free_in(upper)
        .or_else(|| free_in(static_band))
        .unwrap_or(first);
    taken.push(port);
    port
}
