//! An upgrade or a scale on the stage, in words: the step, what it does
//! and its source, and where the operation stops, with AKS's failure and a
//! fix that plays it again.

use aks_model::rollout::{upgrade_fix, RolloutKind, UpgradeFix};
use aks_model::{Failure, MaxSurge, NetworkPlugin, RangeName};

use crate::fields::TextInput;
use crate::settings::Setting;
use crate::state::{Action, Lab, Operation};
use crate::url::{write_query, Shown};
use crate::view_model::citations::{citation, Citation};

/// What the stage tells of the operation at its step.
#[derive(Clone, Debug, PartialEq)]
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
#[derive(Clone, Debug, PartialEq)]
pub struct StopView {
    pub message: String,
    pub explanation: String,
    pub documented_fix: &'static str,
    /// A change that lets the upgrade run to its end: its offer, the
    /// action that makes it, and the link that plays it (`upgrade=1`).
    pub fix: Option<(String, Action, String)>,
}

impl OperationView {
    pub fn of(operation: &Operation, lab: &Lab) -> Self {
        let rollout = &operation.rollout;
        let step = lab.step;
        let title = match rollout.kind {
            RolloutKind::Upgrade { surge } => format!("Rolling upgrade, {surge} surge node(s)"),
            RolloutKind::Scale {
                from,
                to,
                by_autoscaler: true,
            } => format!("The cluster autoscaler, {from} → {to} nodes"),
            RolloutKind::Scale { from, to, .. } => format!("Scale {from} → {to} nodes"),
        };
        let plan = lab.plan();
        let stop = rollout
            .stop
            .as_ref()
            .filter(|stop| stop.step == step)
            .map(|stop| StopView {
                message: stop.failure.to_string(),
                explanation: match stop.failure {
                    // learn: aks/upgrade-aks-node-pools-rolling.
                    Failure::SubnetIsFull { .. } => format!(
                        "{} On Kubernetes 1.35 and later AKS retries with a surge of 1 when the surge nodes cannot be created for quota or capacity; \
                         whether a full subnet counts is not documented.",
                        stop.failure.explanation()
                    ),
                    _ => stop.failure.explanation(),
                },
                documented_fix: stop.failure.fix(),
                fix: operation.is_upgrade().then(|| fix_offer(lab)).flatten(),
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

/// The change that lets the upgrade run to its end, offered as a link that
/// plays it from the start.
fn fix_offer(lab: &Lab) -> Option<(String, Action, String)> {
    let spec = &lab.scenario.spec;
    let (offer, change) = match upgrade_fix(lab.plan(), spec)? {
        UpgradeFix::LowerSurge(surge) => (
            format!("Play it again with max surge {surge}: \"Lower maxSurge if subnet expansion isn't possible\" (Microsoft Learn: AKS upgrade options)"),
            Action::Set(Setting::MaxSurge(MaxSurge::Nodes(surge))),
        ),
        UpgradeFix::LargerRange { range, cidr } => {
            let input = match range {
                RangeName::NodeSubnet => TextInput::NodeSubnet,
                RangeName::PodSubnet => TextInput::PodSubnet,
                _ => TextInput::PodCidr,
            };
            let offer = match (range, spec.plugin) {
                (RangeName::PodCidr, NetworkPlugin::Kubenet) => format!(
                    "Play it again on a new cluster with a larger pod CIDR, {cidr}: kubenet's pod CIDR cannot change"
                ),
                (RangeName::PodCidr, _) => format!(
                    "Play it again with the pod CIDR expanded to {cidr} (Overlay expands to a superset, on Linux-only clusters)"
                ),
                _ => format!(
                    "Play it again with the subnet expanded to {cidr}, as AKS's upgrade guidance suggests; \
                     the InsufficientSubnetSize article says a pool's subnet cannot be resized and moves the pool to a new subnet instead: the sources conflict"
                ),
            };
            (offer, Action::EditText(input, cidr.to_string()))
        }
    };
    // The link's cluster is the one the button makes: the same action.
    let fixed = lab.apply(change.clone());
    let query = write_query(
        &fixed.scenario.spec,
        Shown {
            upgrade: Some(0),
            flow: None,
            ..lab.shown()
        },
    );
    Some((offer, Action::UpgradeAfter(Box::new(change)), query))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::url::read_query;

    /// aks-facts §6.1 and learn: aks/configure-kubenet: 8 Azure CNI nodes
    /// fill a /24 (8 × 31 = 248 of 251), so not even one surge node fits
    /// and AKS's pre-check refuses the upgrade. The fix offered is the
    /// subnet expanded (a /23 holds 9 × 31), with the sources' conflict
    /// said, and its link plays the upgrade from its start.
    #[test]
    fn a_full_subnet_is_fixed_by_expanding_it() {
        let lab = Lab::from_link(read_query(
            "model=cni&nodes=8&nodeSubnet=10.224.0.0/24&upgrade=1",
        ));
        let operation = lab.operation.as_ref().expect("an upgrade");
        let view = OperationView::of(operation, &lab);
        let stop = view.stop.expect("it stops before it starts");
        assert!(
            stop.message.starts_with(
                "InsufficientSubnetSize: Pre-allocated IPs 30 exceeds IPs available 3"
            ),
            "{}",
            stop.message
        );
        let (offer, action, query) = stop.fix.expect("a fix");
        assert!(
            offer.contains("expanded to 10.224.0.0/23") && offer.contains("conflict"),
            "{offer}"
        );
        assert!(
            query.contains("nodeSubnet=10.224.0.0/23") && query.ends_with("upgrade=1"),
            "{query}"
        );
        let fixed = lab.apply(action);
        let operation = fixed.operation.as_ref().expect("the upgrade again");
        assert!(operation.rollout.stop.is_none());
        assert_eq!(fixed.step, 0);
        let linked = Lab::from_link(read_query(&query));
        assert_eq!(linked.scenario.spec, fixed.scenario.spec);
    }
}
