//! AKS Network Lab: an interactive widget that shows how Azure Kubernetes
//! Service wires its network.
//!
//! The simulation lives in the `aks-model` crate, which has no web dependency;
//! this crate only renders it.
//!
//! Data flows one way: a link or a click becomes an [`state::Action`]; the
//! reducer ([`state`]) makes the next state, planning the cluster with the
//! model; [`view_model`] turns the state into words, rows and coordinates
//! once per change; the components draw them; the root writes the link
//! ([`url::write_query`]) back into the address bar. Organization:
//! - [`app`]: the root component and the page frame;
//! - `components`: one small component per thing the learner sees;
//! - [`view_model`]: everything the components draw, computed from the state;
//! - [`layout`]: SVG coordinates for the diagram, condensed for large clusters;
//! - [`state`]: the one reducer, its actions and the last good plan;
//! - [`settings`] and [`fields`]: the scenario's settings and text fields,
//!   each written into a cluster description in one place;
//! - [`url`]: the query string, the only place that knows its format and
//!   the names in it;
//! - [`flows`]: the code grammar of packet flows, and the common flows;
//! - [`presets`] and [`lessons`]: the prepared scenarios and guided lessons;
//! - [`panels`]: which panels a page shows (an embed's `show=`);
//! - [`service_choice`]: the Service type, traffic policy and outbound type, named once;
//! - [`address_map`]: each range as a grid of cells counted by use;
//! - [`export`]: the `az` commands and the manifest of the scenario;
//! - [`embed`]: embed mode's messages to the host page;
//! - [`shared`]: values components compare by pointer;
//! - [`first_render`]: the mark the benchmark and end-to-end tests wait for.

pub mod address_map;
mod app;
mod components;
pub mod embed;
pub mod export;
pub mod fields;
pub mod first_render;
pub mod flows;
pub mod layout;
pub mod lessons;
pub mod panels;
#[cfg(test)]
mod prepared_tests;
pub mod presets;
pub mod service_choice;
pub mod settings;
pub mod shared;
pub mod state;
pub mod url;
pub mod view_model;

pub use app::App;
