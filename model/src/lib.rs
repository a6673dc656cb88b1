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
//! - [`limits`]: every Azure and Kubernetes limit, once, with its source;
//! - [`names`] and [`ids`]: the ranges and settings errors belong to, and
//!   the typed ids of a plan's pods, nodes, Services and deployments;
//! - [`subnet`]: Azure subnet arithmetic (the 5 reserved addresses, usable
//!   counts, smallest prefixes, offsets);
//! - [`plugin`] and [`spec`]: the vocabulary and the cluster description;
//! - [`input`]: reading typed values (ranges, addresses, counts, ports);
//! - [`validation`]: input errors;
//! - [`capacity`]: the documented planning formulas and a plan's capacity figures;
//! - [`allocation`]: who holds which addresses of a range;
//! - [`plan`]: allocation of every range, nodes, pods, Services, routes;
//! - [`failure`] and [`warning`]: what fails, with real codes, fixes and
//!   wording, and what is worth a warning;
//! - [`path`]: packet paths, hop by hop, with every rewrite and the reply;
//! - [`rollout`]: an upgrade or a scale, step by step, as AKS does it;
//! - [`notes`]: the lab's modelling choices, which the widget states;
//! - [`claims`]: the source posts' claims that aks-facts §7 corrects.
//!
//! Invariants: no web dependency (the compiler enforces it: none is in
//! `Cargo.toml`); no panic on any input, and no indexing that could panic
//! (clippy's `indexing_slicing` is denied outside tests).

#![cfg_attr(not(test), deny(clippy::indexing_slicing))]

pub mod allocation;
pub mod capacity;
pub mod claims;
pub mod failure;
pub mod ids;
pub mod input;
pub mod limits;
pub mod mapping;
pub mod names;
pub mod notes;
pub mod path;
pub mod plan;
pub mod plugin;
pub mod rollout;
pub mod running;
pub mod spec;
pub mod subnet;
pub mod validation;
pub mod warning;

pub use allocation::{Allocation, Owner, RangePlan};
pub use capacity::{Capacity, NodeShortage, PodShortage};
pub use failure::Failure;
pub use ids::{DeploymentId, NodeId, PodId, ServiceId};
pub use mapping::BrokenMapping;
pub use names::{Field, PoolSetting, Port, RangeName};
pub use plan::{
    AutoscalerRange, Node, NodeState, Placement, Plan, Pod, PodState, PoolPlan, Route, ServicePlan,
    Unschedulable,
};
pub use plugin::{NetworkPlugin, PodIpAllocation};
pub use spec::{
    ClusterSpec, ContainerPort, Dataplane, Deployment, LoadBalancerScope, MaxSurge, NetworkPolicy,
    NodePoolSpec, NsgRule, OutboundType, PolicyEngine, PoolSettings, RequiredNsgRule, ServiceKind,
    ServiceSpec, SubnetSpec, TargetPort, TrafficPolicy, SYSTEM_POOL_NAME,
};
pub use validation::{validate, InputError};
pub use warning::Warning;
