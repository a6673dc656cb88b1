//! The AKS networking model: what Azure Kubernetes Service does with
//! addresses, computed without any web dependency so that every figure can be
//! tested natively against the team's fact sheet (`shared/reference/aks-facts.md`).
//!
//! Principles:
//! - **Correctness first.** Every Azure or Kubernetes constant lives once,
//!   with its source in a doc comment; tests cite the source of each figure.
//! - **Never panic.** [`validate`] rejects every impossible input with an
//!   [`InputError`] whose `Display` is the message the learner reads; a valid
//!   spec always plans. Failures that a real cluster meets (a full subnet,
//!   Pending pods) are data on the [`Plan`], with AKS's own codes and wording.
//! - **Deterministic and stable.** The same spec gives the same plan;
//!   [`Plan::evolve`] keeps every existing address, node and pod in place, so
//!   the view can animate the difference between two plans.
//!
//! Organization:
//! - [`subnet`]: Azure subnet arithmetic (the 5 reserved addresses, usable
//!   counts, smallest prefixes);
//! - [`plugin`] and [`spec`]: the vocabulary and the cluster description;
//! - [`input`]: reading typed values (ranges, addresses, counts);
//! - [`validation`]: input errors;
//! - [`capacity`]: the documented planning formulas;
//! - [`plan`]: allocation of every range, nodes, pods, Services, routes;
//! - [`failure`]: failures and warnings, with real codes, fixes and wording;
//! - [`path`]: packet paths, hop by hop, with every rewrite and the reply;
//! - [`notes`]: the lab's modelling choices, which the widget states;
//! - [`claims`]: the source posts' claims that aks-facts §7 corrects;
//! - `schedule` and `pool`: the scheduler and the address pool behind `plan`.

pub mod capacity;
pub mod claims;
pub mod failure;
pub mod input;
pub mod notes;
pub mod path;
pub mod plan;
pub mod plugin;
mod pool;
mod schedule;
pub mod spec;
pub mod subnet;
pub mod validation;

pub use failure::{Failure, Warning};
pub use plan::{
    Allocation, Capacity, Node, NodeShortage, NodeState, Owner, Plan, Pod, PodState, RangePlan,
    Route, ServicePlan, Unschedulable,
};
pub use plugin::{NetworkPlugin, PodIpAllocation};
pub use schedule::Placement;
pub use spec::{
    ClusterSpec, ContainerPort, Deployment, LoadBalancerScope, OutboundType, ServiceKind,
    ServiceSpec, SubnetSpec, TargetPort, TrafficPolicy,
};
pub use validation::{validate, Field, InputError, RangeName};
