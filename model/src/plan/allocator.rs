//! One range's allocator: the pool of its offsets, with the runs a previous
//! plan handed out kept for owners that still exist.

use std::collections::HashMap;
use std::net::Ipv4Addr;

use ipnet::Ipv4Net;

use super::pool::{Pool, Run};
use super::Plan;
use crate::allocation::{Allocation, Owner, RangePlan};
use crate::names::RangeName;
use crate::subnet::{address_at, offset_of, reserved_addresses, size_of, usable_in_subnet};

/// A pool for one range, with the runs kept from a previous plan.
#[derive(Clone)]
pub(super) struct RangeAllocator {
    pub(super) name: RangeName,
    pub(super) cidr: Ipv4Net,
    pub(super) usable: u64,
    pool: Pool<Owner>,
    /// Runs kept from the previous plan, not yet confirmed by this one.
    kept: HashMap<Owner, (u64, u64)>,
}

impl RangeAllocator {
    pub(super) fn new(name: RangeName, cidr: Ipv4Net, size: u64, usable: u64) -> Self {
        Self {
            name,
            cidr,
            usable,
            pool: Pool::new(size),
            kept: HashMap::new(),
        }
    }

    /// An Azure subnet: its 5 reserved addresses are taken first.
    pub(super) fn azure_subnet(name: RangeName, cidr: Ipv4Net) -> Self {
        let mut range = Self::new(name, cidr, size_of(cidr), usable_in_subnet(cidr));
        for (address, role) in reserved_addresses(cidr) {
            if let Some(offset) = offset_of(cidr, address) {
                range.pool.take_exact(offset, 1, Owner::AzureReserved(role));
            }
        }
        range
    }

    /// Keeps the previous plan's runs of the same range for the owners
    /// `kept_as` keeps, under the owner it gives (a node renumbered).
    pub(super) fn keep_from(
        &mut self,
        previous: &Plan,
        unit: u64,
        kept_as: impl Fn(&Owner) -> Option<Owner>,
    ) {
        let Some(range) = previous.range_as(&self.name, self.cidr) else {
            return;
        };
        for allocation in &range.allocations {
            let (Some(owner), Some(offset)) = (
                kept_as(&allocation.owner),
                offset_of(self.cidr, allocation.first),
            ) else {
                continue;
            };
            let (start, len) = (offset / unit, allocation.len.div_ceil(unit));
            self.keep(start, len, owner);
        }
    }

    /// Takes exactly `len` offsets from `start` for `owner`, if they are free.
    pub(super) fn reserve(&mut self, start: u64, len: u64, owner: Owner) -> bool {
        self.pool.take_exact(start, len, owner)
    }

    /// Takes the run a previous plan gave `owner`, to be claimed again.
    pub(super) fn keep(&mut self, start: u64, len: u64, owner: Owner) {
        if self.pool.take_exact(start, len, owner.clone()) {
            self.kept.insert(owner, (start, len));
        }
    }

    /// Offsets nobody holds.
    pub(super) fn free(&self) -> u64 {
        self.pool.free()
    }

    /// Offsets held by the owners `wanted` picks.
    pub(super) fn held(&self, wanted: impl Fn(&Owner) -> bool) -> u64 {
        self.pool
            .runs()
            .iter()
            .filter(|run| wanted(&run.owner))
            .map(|run| run.len)
            .sum()
    }

    /// Addresses held by anything but nodes and Azure's reservation.
    pub(super) fn held_by_others(&self) -> u64 {
        self.held(|owner| !matches!(owner, Owner::Node(_) | Owner::AzureReserved(_)))
    }

    /// The run kept for `owner` if it has the right length, else the lowest free one.
    pub(super) fn claim(&mut self, owner: Owner, len: u64, align: u64) -> Option<u64> {
        self.reuse_kept(&owner, len)
            .or_else(|| self.pool.claim_lowest(len, align, owner))
    }

    /// The run kept for `owner`, if it still has the length wanted; a kept
    /// run of another length is given back to the pool.
    pub(super) fn reuse_kept(&mut self, owner: &Owner, len: u64) -> Option<u64> {
        let (start, kept_len) = self.kept.remove(owner)?;
        if kept_len == len {
            return Some(start);
        }
        self.pool.release(start);
        None
    }

    pub(super) fn release(&mut self, start: u64) {
        self.pool.release(start);
    }

    pub(super) fn address(&self, offset: u64, unit: u64) -> Ipv4Addr {
        address_at(self.cidr, offset * unit)
    }

    /// Drops kept runs nobody claimed again, and lists the rest.
    pub(super) fn finish(mut self, unit: u64) -> RangePlan {
        for (start, _) in std::mem::take(&mut self.kept).into_values() {
            self.pool.release(start);
        }
        let cidr = self.cidr;
        let allocations = self
            .pool
            .into_runs()
            .into_iter()
            .map(|Run { start, len, owner }| Allocation {
                first: address_at(cidr, start * unit),
                len: len * unit,
                owner,
            })
            .collect();
        RangePlan {
            name: self.name,
            cidr,
            usable: self.usable,
            allocations,
        }
    }
}
