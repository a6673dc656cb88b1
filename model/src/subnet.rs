//! Azure subnet arithmetic: which addresses Azure keeps for itself, how many
//! are left, and the smallest prefix that holds a given number of addresses.
//!
//! `ipnet`'s `hosts()` drops 2 addresses (network and broadcast); Azure
//! reserves 5, so this module applies Azure's rule itself.

use std::fmt;
use std::net::Ipv4Addr;

use ipnet::{IpAdd, IpSub, Ipv4Net};

use crate::limits::{
    AZURE_RESERVED_PER_SUBNET, FIRST_USABLE_OFFSET, SMALLEST_SUBNET_PREFIX, VNET_SHORTEST_PREFIX,
};

/// What one of the five reserved addresses is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ReservedRole {
    /// x.x.x.0, the network address.
    Network,
    /// x.x.x.1, the default gateway.
    Gateway,
    /// x.x.x.2 and x.x.x.3, which map Azure DNS into the VNet.
    AzureDns,
    /// The last address of the subnet.
    Broadcast,
}

impl fmt::Display for ReservedRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Network => "network address",
            Self::Gateway => "default gateway",
            Self::AzureDns => "Azure DNS mapping",
            Self::Broadcast => "broadcast",
        })
    }
}

/// Number of addresses in a prefix, as u64 so that a /0 does not overflow.
pub fn size_of(net: Ipv4Net) -> u64 {
    1u64 << (32 - u32::from(net.prefix_len()))
}

/// Addresses a VM or pod can get in an Azure subnet: size − 5, or 0 when the
/// prefix is too small to be an Azure subnet at all.
///
/// ```
/// # use aks_model::subnet::usable_in_subnet;
/// // aks-facts §0: a /24 leaves 251 usable addresses.
/// assert_eq!(usable_in_subnet("10.10.1.0/24".parse().unwrap()), 251);
/// ```
pub fn usable_in_subnet(net: Ipv4Net) -> u64 {
    size_of(net).saturating_sub(AZURE_RESERVED_PER_SUBNET)
}

/// The role of the address at `offset` in a subnet of `size` addresses, if
/// Azure reserves it.
pub fn reserved_role(offset: u64, size: u64) -> Option<ReservedRole> {
    match offset {
        0 => Some(ReservedRole::Network),
        1 => Some(ReservedRole::Gateway),
        2 | 3 => Some(ReservedRole::AzureDns),
        _ if offset + 1 == size => Some(ReservedRole::Broadcast),
        _ => None,
    }
}

/// The five reserved addresses of a subnet with their roles.
pub fn reserved_addresses(net: Ipv4Net) -> Vec<(Ipv4Addr, ReservedRole)> {
    let size = size_of(net);
    (0..FIRST_USABLE_OFFSET)
        .chain([size - 1])
        .filter_map(|offset| Some((address_at(net, offset), reserved_role(offset, size)?)))
        .collect()
}

/// The smallest Azure subnet (longest prefix, never longer than /29) whose
/// usable addresses hold `required` addresses; `None` if not even a /8 does.
///
/// ```
/// # use aks_model::subnet::smallest_subnet_prefix_for;
/// assert_eq!(smallest_subnet_prefix_for(251), Some(24));
/// assert_eq!(smallest_subnet_prefix_for(252), Some(23));
/// ```
pub fn smallest_subnet_prefix_for(required: u64) -> Option<u8> {
    (VNET_SHORTEST_PREFIX..=SMALLEST_SUBNET_PREFIX)
        .rev()
        .find(|&prefix| (1u64 << (32 - prefix)) - AZURE_RESERVED_PER_SUBNET >= required)
}

/// The smallest plain prefix (no Azure reservation, as for a pod CIDR or the
/// service CIDR) that holds `required` addresses, not longer than `longest`.
pub fn smallest_prefix_for(required: u64, longest: u8) -> Option<u8> {
    (0..=longest)
        .rev()
        .find(|&prefix| (1u64 << (32 - prefix)) >= required)
}

/// The address at `offset` from the start of `net`: the one place the model
/// turns an offset into an address. An offset past the end of the address
/// space stays at 255.255.255.255 (callers keep offsets inside the range).
pub fn address_at(net: Ipv4Net, offset: u64) -> Ipv4Addr {
    net.network()
        .saturating_add(u32::try_from(offset).unwrap_or(u32::MAX))
}

/// The offset of `address` inside `net`, if it is inside.
pub fn offset_of(net: Ipv4Net, address: Ipv4Addr) -> Option<u64> {
    net.contains(&address)
        .then(|| u64::from(address.saturating_sub(net.network())))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn net(text: &str) -> Ipv4Net {
        text.parse().expect("a valid CIDR in the test")
    }

    /// aks-facts §3.1 "Usable addresses per prefix": /29 = 3 … /16 = 65,531.
    #[test]
    fn usable_addresses_per_prefix_match_the_fact_sheet_table() {
        let table = [
            ("10.0.0.0/29", 3),
            ("10.0.0.0/28", 11),
            ("10.0.0.0/27", 27),
            ("10.0.0.0/26", 59),
            ("10.0.0.0/25", 123),
            ("10.0.0.0/24", 251),
            ("10.0.0.0/23", 507),
            ("10.0.0.0/22", 1_019),
            ("10.0.0.0/21", 2_043),
            ("10.0.0.0/20", 4_091),
            ("10.0.0.0/16", 65_531),
        ];
        for (cidr, usable) in table {
            assert_eq!(usable_in_subnet(net(cidr)), usable, "{cidr}");
        }
    }

    /// aks-facts §3.1: .0 network, .1 gateway, .2/.3 Azure DNS, last = broadcast,
    /// "x.x.x.255 only for a /24".
    #[test]
    fn reserved_addresses_are_the_first_four_and_the_last() {
        let reserved = reserved_addresses(net("10.10.1.0/25"));
        let expected = [
            ("10.10.1.0", ReservedRole::Network),
            ("10.10.1.1", ReservedRole::Gateway),
            ("10.10.1.2", ReservedRole::AzureDns),
            ("10.10.1.3", ReservedRole::AzureDns),
            ("10.10.1.127", ReservedRole::Broadcast),
        ];
        let expected: Vec<_> = expected
            .iter()
            .map(|(ip, role)| (ip.parse::<Ipv4Addr>().expect("valid"), *role))
            .collect();
        assert_eq!(reserved, expected);
    }

    #[test]
    fn smallest_prefix_never_goes_past_slash_29() {
        assert_eq!(smallest_subnet_prefix_for(0), Some(29));
        assert_eq!(smallest_subnet_prefix_for(3), Some(29));
        assert_eq!(smallest_subnet_prefix_for(4), Some(28));
        // aks-facts §3.1: /16 = 65,531 usable.
        assert_eq!(smallest_subnet_prefix_for(65_531), Some(16));
        assert_eq!(smallest_subnet_prefix_for(65_532), Some(15));
        assert_eq!(smallest_subnet_prefix_for(u64::MAX), None);
    }

    #[test]
    fn plain_prefix_for_pod_ranges() {
        // Three /24s need 768 addresses: a /22 (1,024).
        assert_eq!(smallest_prefix_for(768, 24), Some(22));
        assert_eq!(smallest_prefix_for(256, 24), Some(24));
        assert_eq!(smallest_prefix_for(1, 24), Some(24));
    }
}
