//! The hosts outside the cluster that packets come from and go to, placed
//! where they collide with none of the cluster's ranges, and the outbound
//! rule's share of ports per node.

use std::net::Ipv4Addr;

use ipnet::Ipv4Net;

use super::Host;
use crate::limits::{
    FIRST_USABLE_OFFSET, OUTBOUND_PORTS_BY_POOL_SIZE, OUTBOUND_PORTS_LARGEST_POOL,
};
use crate::plan::{Plan, EGRESS_PUBLIC_IP};
use crate::subnet::address_at;

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
        let first_outside = |candidates: [Ipv4Addr; 3]| {
            let [first, ..] = candidates;
            candidates
                .into_iter()
                .find(|ip| !taken.iter().any(|net| net.contains(ip)))
                .unwrap_or(first)
        };
        Hosts {
            vnet_vm: free_in_vnet.first().map(first_usable),
            firewall: free_in_vnet.get(1).map(first_usable),
            peered_vm: first_outside([
                Ipv4Addr::new(10, 20, 0, 4),
                Ipv4Addr::new(172, 20, 0, 4),
                Ipv4Addr::new(192, 168, 100, 4),
            ]),
            on_premises: first_outside([
                Ipv4Addr::new(192, 168, 50, 10),
                Ipv4Addr::new(172, 22, 0, 10),
                Ipv4Addr::new(10, 50, 0, 10),
            ]),
            internet_client: Self::public_address(Host::InternetClient),
            internet_server: Self::public_address(Host::InternetServer),
            egress: EGRESS_PUBLIC_IP,
        }
    }
}

impl Hosts {
    /// The public address an outside client's own way to the internet gives
    /// it, when it connects to a public frontend (documentation addresses,
    /// like aks-facts §5.0's; the lab's choice).
    pub fn public_address(host: Host) -> Ipv4Addr {
        match host {
            Host::VnetVm => Ipv4Addr::new(203, 0, 113, 60),
            Host::PeeredVnetVm => Ipv4Addr::new(203, 0, 113, 61),
            Host::OnPremises => Ipv4Addr::new(203, 0, 113, 62),
            Host::InternetClient => Ipv4Addr::new(203, 0, 113, 50),
            Host::InternetServer => Ipv4Addr::new(203, 0, 113, 80),
        }
    }
}

/// The first address Azure lets a VM use in a subnet (x.x.x.4).
fn first_usable(net: &Ipv4Net) -> Ipv4Addr {
    address_at(*net, FIRST_USABLE_OFFSET)
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
    OUTBOUND_PORTS_BY_POOL_SIZE
        .iter()
        .find(|(up_to, _)| nodes <= *up_to)
        .map_or(OUTBOUND_PORTS_LARGEST_POOL, |(_, ports)| *ports)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// aks-facts §4.6: 1,024 ports per node up to 50 nodes, halving with
    /// each doubling of the pool, 32 above 800.
    #[test]
    fn outbound_ports_follow_azures_table() {
        let ports: Vec<u16> = [1, 50, 51, 100, 101, 200, 201, 400, 401, 800, 801, 1_000]
            .map(outbound_ports_per_node)
            .into();
        assert_eq!(
            ports,
            [1_024, 1_024, 512, 512, 256, 256, 128, 128, 64, 64, 32, 32]
        );
    }
}
