//! The controls' values and messages: each count and text field with what
//! it shows and the problem under it, and the scenario's choices.

use aks_model::limits::{MAX_PODS_RANGE, NODE_COUNT_RANGE};
use aks_model::{NetworkPlugin, OutboundType, TrafficPolicy};

use crate::fields::TextInput;
use crate::presets::Preset;
use crate::service_choice::ServiceChoice;
use crate::settings::Count;
use crate::state::Scenario;

/// A count field: its value and the problem under it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CountView {
    pub count: Count,
    pub id: &'static str,
    pub label: String,
    pub value: u32,
    pub min: u32,
    pub slider_max: u32,
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
                    // The sliders stop where a learner usually stays; the number
                    // boxes take anything, and validation says what is out of range.
                    let (id, label, min, slider_max) = match count {
                        Count::Nodes => {
                            ("nodes", "Nodes".to_string(), *NODE_COUNT_RANGE.start(), 50)
                        }
                        Count::Replicas => {
                            ("replicas", format!("Replicas of {deployment_name}"), 0, 500)
                        }
                        Count::MaxPods => (
                            "max-pods",
                            "Max pods per node".into(),
                            *MAX_PODS_RANGE.start(),
                            *MAX_PODS_RANGE.end(),
                        ),
                        Count::MaxSurge => ("surge", "Max surge (upgrade)".into(), 0, 10),
                    };
                    CountView {
                        count,
                        id,
                        label,
                        value: count.value_in(spec),
                        min,
                        slider_max,
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
        assert_eq!(nodes.value, 3);
    }
}
