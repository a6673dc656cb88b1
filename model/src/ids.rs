//! Typed ids for the things of a plan. Each is the position of its thing in
//! the plan's list; [`crate::Plan`]'s accessors take an id and return an
//! `Option`, so an id that names nothing is a `None` to handle, never an
//! out-of-bounds panic, and a pod can never be passed where a node is meant.

use std::fmt;

macro_rules! id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(u32);

        impl $name {
            pub const fn new(index: u32) -> Self {
                Self(index)
            }

            /// The position in the plan's list.
            pub const fn index(self) -> usize {
                self.0 as usize
            }

            /// The number written in links and names (`pod3`, node 3).
            pub const fn number(self) -> u32 {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}", self.0)
            }
        }
    };
}

id!(
    /// A pod: its place in [`crate::Plan::pods`].
    PodId
);
id!(
    /// A Service: its place in [`crate::Plan::services`].
    ServiceId
);
id!(
    /// A deployment: its place in [`crate::Plan::deployments`].
    DeploymentId
);

/// A node: its pool and its VMSS instance number in that pool, which stay
/// the same while other pools grow or shrink. The system pool is pool 0, so
/// its nodes' ids are their instance numbers. [`crate::Plan::nodes`] is
/// sorted by id: pool by pool, instance by instance.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeId(u32);

impl NodeId {
    /// Bits of the id that hold the instance; the pool's index is above them.
    const INSTANCE_BITS: u32 = 24;

    /// Instance `instance` of the system pool.
    pub const fn new(instance: u32) -> Self {
        Self::in_pool(0, instance)
    }

    /// Instance `instance` of the pool at `pool` (0: the system pool, then
    /// the user pools in order).
    pub const fn in_pool(pool: u8, instance: u32) -> Self {
        Self(((pool as u32) << Self::INSTANCE_BITS) | (instance & ((1 << Self::INSTANCE_BITS) - 1)))
    }

    /// The pool's index: 0 for the system pool.
    pub const fn pool(self) -> u8 {
        (self.0 >> Self::INSTANCE_BITS) as u8
    }

    /// The VMSS instance number within its pool.
    pub const fn instance(self) -> u32 {
        self.0 & ((1 << Self::INSTANCE_BITS) - 1)
    }

    /// The id as one number, unique across pools: for a view's keys.
    pub const fn key(self) -> u32 {
        self.0
    }

    /// The id of a [`NodeId::key`].
    pub const fn from_key(key: u32) -> Self {
        Self(key)
    }
}

impl fmt::Display for NodeId {
    /// The instance number, after its pool's index outside the system pool.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.pool() {
            0 => write!(f, "{}", self.instance()),
            pool => write!(f, "{} of pool {pool}", self.instance()),
        }
    }
}
