//! The NSG on the cluster's subnets: inbound rules by priority, the first
//! that matches decides (learn: virtual-network/network-security-groups-overview).
//! The learner's rules; the rules AKS's docs require where an NSG denies
//! traffic (node → node, node → pods, pods → pods) and the one AKS adds for
//! each load balancer frontend; then Azure's defaults: AllowVnetInBound,
//! AllowAzureLoadBalancerInBound (the health probes from 168.63.129.16),
//! (the VNet, peered VNets, on-premises, and the pod range, which the docs
//! imply passes unless a deny rule catches it [derived]), DenyAllInBound.
//! The lab puts one NSG on the node subnet and, with Pod Subnet, the pod subnet.

use std::net::Ipv4Addr;

use ipnet::Ipv4Net;

use super::{dropped, Location, PathError, Tracer, Verdict, NSG};
use crate::ids::NodeId;
use crate::names::RangeName;
use crate::spec::{NsgRule, RequiredNsgRule, ServiceKind};

/// The rule that decides, in words, and whether it allows.
struct Decision {
    allow: bool,
    rule: String,
}

impl Tracer<'_> {
    /// The NSG where the packet enters `node` (or a pod on it) from the
    /// network: a Dropped verdict when a rule denies it.
    pub(super) fn nsg_dropped(&mut self, node: NodeId) -> Result<Option<Verdict>, PathError> {
        let plan = self.plan;
        let (src, dst) = self.packet();
        let decision = self.nsg_decision(*src.ip(), *dst.ip(), Some(dst.port()));
        if decision.allow {
            return Ok(None);
        }
        let name = self.node(node)?.name();
        let removed: Vec<&str> = [
            RequiredNsgRule::NodeToNode,
            RequiredNsgRule::NodeToPods,
            RequiredNsgRule::PodToPod,
            RequiredNsgRule::LoadBalancers,
        ]
        .into_iter()
        .filter(|rule| {
            !plan.nsg_required.contains(rule)
                && self.required_matches(*rule, *src.ip(), *dst.ip(), Some(dst.port()))
        })
        .map(RequiredNsgRule::name)
        .collect();
        let note = match removed.as_slice() {
            [] => String::new(),
            names => format!(
                " The required rule \"{}\" would have allowed it, and it was removed.",
                names.join("\", \"")
            ),
        };
        let why = format!(
            "Dropped by the NSG at the subnet boundary, before {name}: {} matches {src} → {dst}.{note}",
            decision.rule
        );
        self.pass(Location::Node(node), why.clone(), NSG);
        Ok(Some(dropped(why)))
    }

    /// The first rule, by priority, that matches `src` → `dst`:`port`;
    /// `None`, a port the lab does not allocate: only rules for any port match.
    fn nsg_decision(&self, src: Ipv4Addr, dst: Ipv4Addr, port: Option<u16>) -> Decision {
        let plan = self.plan;
        let mut rules: Vec<(u16, Decision)> = plan
            .nsg_rules
            .iter()
            .filter(|rule| {
                rule.source.contains(&src) && rule.port.is_none_or(|wanted| Some(wanted) == port)
            })
            .map(|rule| {
                (
                    rule.priority,
                    Decision {
                        allow: rule.allow,
                        rule: learner_rule(rule),
                    },
                )
            })
            .collect();
        rules.extend(
            plan.nsg_required
                .iter()
                .filter(|rule| self.required_matches(**rule, src, dst, port))
                .map(|rule| {
                    (
                        rule.priority(),
                        Decision {
                            allow: true,
                            rule: format!(
                                "the required rule {} \"{}\" (Allow)",
                                rule.priority(),
                                rule.name()
                            ),
                        },
                    )
                }),
        );
        rules.sort_by_key(|(priority, _)| *priority);
        if let Some((_, decision)) = rules.into_iter().next() {
            return decision;
        }
        if src == AZURE_LOAD_BALANCER {
            Decision {
                allow: true,
                rule: "Azure's default rule 65001 AllowAzureLoadBalancerInBound".into(),
            }
        } else if self.in_virtual_network(src) {
            Decision {
                allow: true,
                rule: "Azure's default rule 65000 AllowVnetInBound".into(),
            }
        } else {
            Decision {
                allow: false,
                rule: "Azure's default rule 65500 DenyAllInBound (no rule allows it)".into(),
            }
        }
    }

    /// The NSG rule that denies the load balancer's health probes to the
    /// nodes (from 168.63.129.16, the AzureLoadBalancer tag, on `port`), if
    /// one does. `None`: the healthCheckNodePort of policy Local, which the
    /// lab does not allocate.
    pub(super) fn nsg_denies_probes(&self, port: Option<u16>) -> Option<String> {
        let node = self.plan.ready_nodes().find_map(|node| node.ip)?;
        let decision = self.nsg_decision(AZURE_LOAD_BALANCER, node, port);
        (!decision.allow).then_some(decision.rule)
    }

    /// Whether required rule `rule` matches `src` → `dst`:`port`.
    fn required_matches(
        &self,
        rule: RequiredNsgRule,
        src: Ipv4Addr,
        dst: Ipv4Addr,
        port: Option<u16>,
    ) -> bool {
        let (nodes, pods) = (self.node_ranges(), self.pod_ranges());
        let any = |ranges: &[Ipv4Net], ip: Ipv4Addr| ranges.iter().any(|range| range.contains(&ip));
        match rule {
            RequiredNsgRule::NodeToNode => any(&nodes, src) && any(&nodes, dst),
            RequiredNsgRule::NodeToPods => any(&nodes, src) && any(&pods, dst),
            RequiredNsgRule::PodToPod => any(&pods, src) && any(&pods, dst),
            RequiredNsgRule::LoadBalancers => self.plan.services.iter().any(|service| {
                matches!(service.kind, ServiceKind::LoadBalancer(_))
                    && service.frontend == Some(dst)
                    && Some(service.port) == port
            }),
        }
    }

    /// The node subnets.
    fn node_ranges(&self) -> Vec<Ipv4Net> {
        self.plan
            .ranges
            .iter()
            .filter(|range| {
                matches!(
                    range.name,
                    RangeName::NodeSubnet | RangeName::PoolNodeSubnet(_)
                )
            })
            .map(|range| range.cidr)
            .collect()
    }

    /// Where pods take their addresses: the pod CIDR, the pod subnets, or
    /// (Node Subnet) the node subnets.
    fn pod_ranges(&self) -> Vec<Ipv4Net> {
        let ranges: Vec<Ipv4Net> = self
            .plan
            .ranges
            .iter()
            .filter(|range| {
                matches!(
                    range.name,
                    RangeName::PodCidr | RangeName::PodSubnet | RangeName::PoolPodSubnet(_)
                )
            })
            .map(|range| range.cidr)
            .collect();
        if ranges.is_empty() {
            self.node_ranges()
        } else {
            ranges
        }
    }

    /// The VirtualNetwork service tag as the lab has it: the VNet, the
    /// peered VNet, on-premises through the gateway, and the pod range.
    fn in_virtual_network(&self, ip: Ipv4Addr) -> bool {
        let around = |host: Ipv4Addr, prefix| Ipv4Net::new(host, prefix).map(|net| net.trunc());
        self.plan.vnet.contains(&ip)
            || around(self.hosts.peered_vm, 16).is_ok_and(|net| net.contains(&ip))
            || around(self.hosts.on_premises, 24).is_ok_and(|net| net.contains(&ip))
            || self.pod_ranges().iter().any(|range| range.contains(&ip))
    }
}

/// Where Azure's load balancer probes from (the AzureLoadBalancer tag;
/// learn: virtual-network/what-is-ip-address-168-63-129-16).
pub(super) const AZURE_LOAD_BALANCER: Ipv4Addr = Ipv4Addr::new(168, 63, 129, 16);

/// A learner's rule, in words.
fn learner_rule(rule: &NsgRule) -> String {
    format!(
        "rule {} ({} from {}, {})",
        rule.priority,
        if rule.allow { "Allow" } else { "Deny" },
        rule.source,
        rule.port
            .map_or("any port".into(), |port| format!("port {port}"))
    )
}
