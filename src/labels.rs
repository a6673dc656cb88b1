//! What each box of the diagram says, and what clicking it picks: pure, so
//! the words and addresses are tested natively.

use aks_model::failure::ROUTE_TABLE_LIMIT;
use aks_model::path::Hosts;
use aks_model::{LoadBalancerScope, OutboundType, Plan, ServiceKind, ServicePlan};

use crate::layout::{Part, ROUTES_LISTED};
use crate::service_choice::ServiceChoice;

/// A box's title, its lines, and its `data-pick` code if it can be a source
/// or destination of a packet.
#[derive(Clone, Debug, PartialEq)]
pub struct BoxText {
    pub title: String,
    pub lines: Vec<String>,
    pub pick: Option<String>,
}

impl BoxText {
    fn new(title: impl Into<String>, lines: Vec<String>, pick: Option<String>) -> Self {
        Self {
            title: title.into(),
            lines,
            pick,
        }
    }

    /// Everything the box says, for screen readers and the readout.
    pub fn spoken(&self) -> String {
        std::iter::once(self.title.as_str())
            .chain(self.lines.iter().map(String::as_str))
            .collect::<Vec<_>>()
            .join(" · ")
    }
}

/// The words of `part` in `plan`.
pub fn box_text(plan: &Plan, hosts: &Hosts, part: Part) -> BoxText {
    let egress = hosts.egress;
    let frontend = |index: usize, service: &ServicePlan| {
        let ip = service
            .frontend
            .map_or("none free".into(), |ip| ip.to_string());
        (
            format!("{} {ip}:{}", service.name, service.port),
            format!("lb{index}"),
        )
    };
    let is = |service: &ServicePlan, public: bool| match &service.kind {
        ServiceKind::LoadBalancer(LoadBalancerScope::Public) => public,
        ServiceKind::LoadBalancer(LoadBalancerScope::Internal { .. }) => !public,
        _ => false,
    };
    match part {
        Part::Internet => BoxText::new(
            "Internet",
            vec![
                format!("client {}", hosts.internet_client),
                format!("server {}", hosts.internet_server),
            ],
            Some("internet".into()),
        ),
        Part::OnPremises => BoxText::new(
            "On-premises",
            vec![
                format!("host {}", hosts.on_premises),
                "via VPN or ExpressRoute".into(),
            ],
            Some("onprem".into()),
        ),
        Part::PeeredVnet => BoxText::new(
            "Peered VNet",
            vec![format!("VM {}", hosts.peered_vm)],
            Some("peered".into()),
        ),
        Part::PublicLoadBalancer => {
            let public: Vec<(String, String)> = plan
                .services
                .iter()
                .enumerate()
                .filter(|(_, service)| is(service, true))
                .map(|(index, service)| frontend(index, service))
                .collect();
            let mut lines: Vec<String> = public.iter().map(|(line, _)| line.clone()).collect();
            if plan.outbound_type == OutboundType::LoadBalancer {
                lines.push(format!("outbound rule SNAT → {egress}"));
            }
            let pick = public.into_iter().next().map(|(_, pick)| pick);
            BoxText::new("Public load balancer", lines, pick)
        }
        Part::NatGateway => BoxText::new("NAT gateway", vec![format!("egress {egress}")], None),
        Part::VpnGateway => BoxText::new(
            "VPN gateway",
            vec!["GatewaySubnet".into(), "on-premises enters here".into()],
            None,
        ),
        Part::VnetVm => BoxText::new(
            "VM in the VNet",
            hosts.vnet_vm.iter().map(|ip| ip.to_string()).collect(),
            Some("vm".into()),
        ),
        Part::Firewall => BoxText::new(
            "Firewall (UDR)",
            hosts
                .firewall
                .iter()
                .map(|ip| format!("0.0.0.0/0 → {ip}"))
                .chain([format!("egress {egress}")])
                .collect(),
            None,
        ),
        Part::InternalLoadBalancer(index) => {
            let (line, pick) = plan
                .services
                .get(index)
                .map(|service| frontend(index, service))
                .unwrap_or_default();
            let subnet = match plan.services.get(index).map(|s| &s.kind) {
                Some(ServiceKind::LoadBalancer(LoadBalancerScope::Internal {
                    subnet: Some(name),
                })) => format!("in subnet {name}"),
                _ => "in the node subnet".into(),
            };
            BoxText::new("Internal load balancer", vec![line, subnet], Some(pick))
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
            BoxText::new(
                format!(
                    "Route table (kubenet) · {} of {ROUTE_TABLE_LIMIT} routes",
                    plan.routes.len()
                ),
                lines,
                None,
            )
        }
        Part::Service(index) => match plan.services.get(index) {
            Some(service) => service_text(index, service),
            None => BoxText::new("Service", Vec::new(), None),
        },
        Part::Dns => BoxText::new(
            "kube-dns · CoreDNS",
            plan.dns_service_ip()
                .iter()
                .map(|ip| format!("{ip}:53, names → ClusterIPs"))
                .collect(),
            None,
        ),
    }
}

fn service_text(index: usize, service: &ServicePlan) -> BoxText {
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
    BoxText::new(
        format!(
            "Service {} · {}",
            service.name,
            ServiceChoice::of(&service.kind).label()
        ),
        vec![cluster_ip, second],
        Some(format!("svc{index}")),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flows::{parse_endpoint, parse_target};
    use crate::layout::layout;
    use aks_model::{ClusterSpec, NetworkPlugin};

    fn kubenet() -> Plan {
        Plan::build(&ClusterSpec::defaults_for(NetworkPlugin::Kubenet)).expect("valid")
    }

    /// The addresses of aks-facts §5.0's example hosts, and the kubenet route
    /// table of §1.1 (one /24 of the pod CIDR per node, via the node's IP).
    #[test]
    fn boxes_show_the_addresses_of_the_plan() {
        let plan = kubenet();
        let hosts = Hosts::of(&plan);
        let internet = box_text(&plan, &hosts, Part::Internet);
        assert_eq!(
            internet.lines,
            ["client 203.0.113.50", "server 203.0.113.80"]
        );
        let routes = box_text(&plan, &hosts, Part::RouteTable);
        assert_eq!(routes.title, "Route table (kubenet) · 3 of 400 routes");
        assert_eq!(routes.lines[0], "10.244.0.0/24 → 10.224.0.4");
        let service = box_text(&plan, &hosts, Part::Service(0));
        assert!(
            service.lines[0].ends_with(":80 → pods :8080"),
            "{service:?}"
        );
        let dns = box_text(&plan, &hosts, Part::Dns);
        assert_eq!(dns.lines, ["10.0.0.10:53, names → ClusterIPs"]);
        let lb = box_text(&plan, &hosts, Part::PublicLoadBalancer);
        assert!(
            lb.lines
                .iter()
                .any(|l| l == "outbound rule SNAT → 198.51.100.20"),
            "{lb:?}"
        );
    }

    /// Whatever a box offers to click reads back as a source or a destination.
    #[test]
    fn every_pick_code_reads_back() {
        for plugin in NetworkPlugin::ALL {
            let plan = Plan::build(&ClusterSpec::defaults_for(plugin)).expect("valid");
            let hosts = Hosts::of(&plan);
            for block in layout(&plan).blocks {
                if let Some(code) = box_text(&plan, &hosts, block.part).pick {
                    assert!(
                        parse_endpoint(&code).is_some() || parse_target(&plan, &code).is_some(),
                        "{code}"
                    );
                }
            }
        }
    }
}
