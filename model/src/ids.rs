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
    /// A node: its place in [`crate::Plan::nodes`], which is also its VMSS
    /// instance number.
    NodeId
);
id!(
    /// A Service: its place in [`crate::Plan::services`].
    ServiceId
);
id!(
    /// A deployment: its place in [`crate::Plan::deployments`].
    DeploymentId
);
