//! AKS Network Lab: an interactive widget that shows how Azure Kubernetes
//! Service wires its network.
//!
//! The simulation lives in the `aks-model` crate, which has no web dependency;
//! this crate only renders it. Organization:
//! - [`app`]: the root component and the page frame;
//! - `components`: one small component per thing the learner sees;
//! - [`compare`]: the same inputs under a second model, and the differences;
//! - [`embed`]: embed mode's messages to the host page;
//! - [`export`]: the `az` commands and the manifest of the scenario;
//! - [`fields`]: the text fields (address ranges and ports), named once for the text boxes and the URL;
//! - [`flows`]: the common packet flows a learner can pick;
//! - [`labels`]: what each box of the diagram says and what clicking it picks;
//! - [`lessons`]: the guided lessons and their questions, answered by the model;
//! - [`layout`]: SVG coordinates for the diagram, condensed for large clusters;
//! - [`presets`]: the prepared scenarios, each a query string;
//! - [`service_choice`]: the Service type, traffic policy and outbound type, named once;
//! - [`shared`]: values components compare by pointer;
//! - [`state`]: the one reducer, its actions and the last good plan;
//! - [`address_map`]: each range as a grid of cells counted by use;
//! - [`url`]: the query string, the only place that knows its format;
//! - [`first_render`]: the mark the benchmark and end-to-end tests wait for.

pub mod address_map;
mod app;
pub mod compare;
mod components;
pub mod embed;
pub mod export;
pub mod fields;
pub mod first_render;
pub mod flows;
pub mod labels;
pub mod layout;
pub mod lessons;
pub mod presets;
pub mod service_choice;
pub mod shared;
pub mod state;
pub mod url;

pub use app::App;
