//! The controls' values and messages: each count and text field with what
//! it shows and the problem under it, and the scenario's choices.

use aks_model::limits::{MAX_PODS_RANGE, NODE_COUNT_RANGE};
use aks_model::{NetworkPlugin, OutboundType, PodIpAllocation, TrafficPolicy};

use crate::fields::TextInput;
use crate::presets::Preset;
use crate::service_choice::ServiceChoice;
use crate::settings::Count;
use crate::state::Scenario;

/// How a count's slider maps its positions to counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scale {
    /// A position is a count, from the minimum to `max`.
    Linear { max: u32 },
    /// A position is an entry of [`NODE_STOPS`]: round counts, about evenly
    /// spread in ratio, so that 1–10 nodes get as much of the slider as
    /// 100–1,000 (the number box takes every count between).
    Log,
}

/// The node counts the slider stops at: 1 to a node pool's 1,000
/// (aks-facts §1.9): every count up to 10, then round counts.
pub const NODE_STOPS: [u32; 22] = [
    1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 15, 20, 30, 50, 75, 100, 150, 200, 300, 500, 750, 1_000,
];

impl Scale {
    /// The slider's last position.
    pub fn last_position(self) -> u32 {
        match self {
            Self::Linear { max } => max,
            Self::Log => NODE_STOPS.len() as u32 - 1,
        }
    }

    /// The slider's position for `count`: the last stop at or under it (a
    /// count past the end is at the end).
    pub fn position(self, count: u32) -> u32 {
        match self {
            Self::Linear { max } => count.min(max),
            Self::Log => NODE_STOPS
                .iter()
                .take_while(|stop| **stop <= count)
                .count()
                .saturating_sub(1) as u32,
        }
    }

    /// The count at slider `position`.
    pub fn count_at(self, position: u32) -> u32 {
        match self {
            Self::Linear { max } => position.min(max),
            Self::Log => NODE_STOPS
                .get(position as usize)
                .or(NODE_STOPS.last())
                .copied()
                .unwrap_or(1),
        }
    }
}

/// A count field: its value and the problem under it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CountView {
    pub count: Count,
    pub id: &'static str,
    pub label: String,
    pub value: u32,
    /// What the number box shows: the value, or what was typed while it
    /// does not make a plan.
    pub text: String,
    pub min: u32,
    pub scale: Scale,
    pub problem: Option<String>,
}

/// A text field: what is typed in it and the problem under it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextView {
    pub input: TextInput,
    pub text: String,
    pub problem: Option<String>,
}

/// Everything the scenario's controls show.
#[derive(Clone, Debug, PartialEq)]
pub struct ControlsView {
    pub plugin: NetworkPlugin,
    pub counts: Vec<CountView>,
    pub service_name: String,
    pub service: ServiceChoice,
    pub policy: TrafficPolicy,
    pub outbound: OutboundType,
    pub pod_ip_allocation: PodIpAllocation,
    /// Every text field, indexed by [`TextInput`].
    pub texts: Vec<TextView>,
    pub preset: Option<&'static Preset>,
    pub lesson: Option<&'static str>,
}

impl ControlsView {
    pub fn of(
        scenario: &Scenario,
        preset: Option<&'static Preset>,
        lesson: Option<&'static str>,
    ) -> Self {
        let spec = &scenario.spec;
        let problem = |field| scenario.problem_for(&field).map(|error| error.to_string());
        let deployment_name = spec.deployments.first().map_or("", |d| d.name.as_str());
        let service = spec.services.first();
        Self {
            plugin: spec.plugin,
            counts: Count::ALL
                .into_iter()
                .map(|count| {
                    // The node slider reaches a node pool's limit on a log
                    // scale; the others stop where a learner usually stays. The
                    // number boxes take anything, and validation says what is
                    // out of range.
                    let (id, label, min, scale) = match count {
                        Count::Nodes => (
                            "nodes",
                            match spec.max_count {
                                Some(_) => "Nodes (the autoscaler's min count)".to_string(),
                                None => "Nodes".to_string(),
                            },
                            *NODE_COUNT_RANGE.start(),
                            Scale::Log,
                        ),
                        Count::MaxCount => (
                            "max-count",
                            "Autoscaler max count (0: off)".into(),
                            0,
                            Scale::Linear { max: 50 },
                        ),
                        Count::Replicas => (
                            "replicas",
                            format!("Replicas of {deployment_name}"),
                            0,
                            Scale::Linear { max: 500 },
                        ),
                        Count::MaxPods => (
                            "max-pods",
                            "Max pods per node".into(),
                            *MAX_PODS_RANGE.start(),
                            Scale::Linear {
                                max: *MAX_PODS_RANGE.end(),
                            },
                        ),
                        Count::MaxSurge => (
                            "surge",
                            "Max surge (nodes or %)".into(),
                            1,
                            Scale::Linear { max: 10 },
                        ),
                    };
                    CountView {
                        count,
                        id,
                        label,
                        value: count.value_in(spec),
                        text: match &scenario.typed_count {
                            Some((typed, text)) if *typed == count => text.clone(),
                            _ => count.text_in(spec),
                        },
                        min,
                        scale,
                        problem: problem(count.field()),
                    }
                })
                .collect(),
            service_name: service.map(|s| s.name.clone()).unwrap_or_default(),
            service: service.map_or(ServiceChoice::ClusterIp, |s| ServiceChoice::of(&s.kind)),
            policy: service
                .map(|s| s.external_traffic_policy)
                .unwrap_or_default(),
            outbound: spec.outbound_type,
            pod_ip_allocation: spec.pod_ip_allocation,
            texts: TextInput::ALL
                .into_iter()
                .zip(&scenario.drafts)
                .map(|(input, text)| TextView {
                    input,
                    text: text.clone(),
                    problem: problem(input.field(spec)),
                })
                .collect(),
            preset,
            lesson,
        }
    }

    /// The text field of `input`.
    pub fn text(&self, input: TextInput) -> Option<&TextView> {
        self.texts.get(input as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::{Action, Lab};
    use crate::url::read_query;

    /// A problem is shown under its own field, and only there.
    #[test]
    fn each_problem_is_shown_under_its_field() {
        let lab = Lab::from_link(read_query("model=kubenet"))
            .apply(Action::EditText(TextInput::TargetPort, "0".into()));
        let view = ControlsView::of(&lab.scenario, None, None);
        let target = view.text(TextInput::TargetPort).expect("a field");
        assert_eq!(target.text, "0");
        assert_eq!(
            target.problem.as_deref(),
            Some("Service \"web\": targetPort must be between 1 and 65535.")
        );
        assert_eq!(
            view.text(TextInput::ServicePort)
                .and_then(|t| t.problem.clone()),
            None
        );
        let unreadable = lab.apply(Action::EditCount(Count::Nodes, "x".into()));
        let view = ControlsView::of(&unreadable.scenario, None, None);
        let nodes = view
            .counts
            .iter()
            .find(|c| c.count == Count::Nodes)
            .expect("nodes");
        assert_eq!(
            nodes.problem.as_deref(),
            Some("\"x\" is not a whole number.")
        );
        assert_eq!((nodes.value, nodes.text.as_str()), (3, "x"));
    }

    /// The node slider reaches a node pool's 1,000 nodes (aks-facts §1.9)
    /// with every count from 1 to 10 on it; positions and counts agree
    /// both ways, and a count between stops sits at the stop under it.
    #[test]
    fn the_node_slider_is_logarithmic() {
        let scale = Scale::Log;
        assert_eq!(NODE_STOPS.first(), Some(NODE_COUNT_RANGE.start()));
        assert_eq!(NODE_STOPS.last(), Some(NODE_COUNT_RANGE.end()));
        assert!(NODE_STOPS.windows(2).all(|pair| pair[0] < pair[1]));
        assert_eq!(scale.count_at(scale.last_position()), 1_000);
        for count in 1..=10 {
            assert_eq!(scale.count_at(scale.position(count)), count);
        }
        assert_eq!(scale.count_at(scale.position(120)), 100);
        assert_eq!(scale.position(5_000), scale.last_position());
        assert_eq!(scale.count_at(99), 1_000);
        // A decade takes about as much of the slider at either end.
        let decade = |from| scale.position(from * 10) - scale.position(from);
        assert_eq!((decade(1), decade(10), decade(100)), (9, 6, 6));
        let linear = Scale::Linear { max: 10 };
        assert_eq!((linear.position(12), linear.count_at(7)), (10, 7));
    }
}
