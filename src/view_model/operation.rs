//! An upgrade or a scale on the stage, in words: the step, what it does
//! and its source, and where the operation stops, with AKS's failure and a
//! fix that plays it again.

use aks_model::rollout::{largest_surge_that_fits, RolloutKind};
use aks_model::{ClusterSpec, MaxSurge, Plan};

use crate::settings::Setting;
use crate::state::{Lab, Operation};
use crate::url::{write_query, Shown};
use crate::view_model::citations::{citation, Citation};

/// What the stage tells of the operation at its step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OperationView {
    /// "Rolling upgrade, 1 surge node" or "Scale 3 → 5 nodes".
    pub title: String,
    /// The step shown (from 0) and how many there are.
    pub step: usize,
    pub steps: usize,
    pub sentence: String,
    /// The step's source, and its public page.
    pub reference: &'static str,
    pub source: Option<Citation>,
    /// The failure the operation stops at, at its step.
    pub stop: Option<StopView>,
}

/// Where an operation stops: AKS's message, what it means, and the fix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StopView {
    pub message: String,
    pub explanation: String,
    pub documented_fix: &'static str,
    /// A max surge that lets the upgrade run to its end, as a setting and
    /// the link that plays it (`upgrade=1`).
    pub fix: Option<(String, Setting, String)>,
}

impl OperationView {
    pub fn of(operation: &Operation, lab: &Lab) -> Self {
        let rollout = &operation.rollout;
        let step = lab.step;
        let title = match rollout.kind {
            RolloutKind::Upgrade { surge } => format!("Rolling upgrade, {surge} surge node(s)"),
            RolloutKind::Scale { from, to } => format!("Scale {from} → {to} nodes"),
        };
        let plan = lab.plan();
        let stop = rollout
            .stop
            .as_ref()
            .filter(|stop| stop.step == step)
            .map(|stop| StopView {
                message: stop.failure.to_string(),
                explanation: stop.failure.explanation(),
                documented_fix: stop.failure.fix(),
                fix: operation
                    .is_upgrade()
                    .then(|| surge_fix(plan, &lab.scenario.spec, lab))
                    .flatten(),
            });
        Self {
            title,
            step,
            steps: rollout.steps.len(),
            sentence: rollout.sentence(step, &operation.before, &operation.plan),
            reference: rollout.source(step),
            source: citation(rollout.source(step), plan.plugin),
            stop,
        }
    }
}

/// The largest max surge that lets the upgrade run, offered as a link that
/// plays it from the start.
fn surge_fix(plan: &Plan, spec: &ClusterSpec, lab: &Lab) -> Option<(String, Setting, String)> {
    let surge = largest_surge_that_fits(plan, spec)?;
    let fixed = ClusterSpec {
        max_surge: MaxSurge::Nodes(surge),
        ..spec.clone()
    };
    let query = write_query(
        &fixed,
        Shown {
            upgrade: Some(0),
            flow: None,
            ..lab.shown()
        },
    );
    Some((
        format!("Play it again with max surge {surge}: fewer surge nodes need fewer addresses (derived from the planning formula)"),
        Setting::MaxSurge(MaxSurge::Nodes(surge)),
        query,
    ))
}
