//! The controls' values and messages: each count and text field with what
//! it shows and the problem under it, and the scenario's choices.

use aks_model::input::pool_setting_text;
use aks_model::limits::{MAX_PODS_RANGE, MAX_USER_POOLS, NODE_COUNT_RANGE};
use aks_model::{
    Dataplane, Field, NetworkPlugin, NetworkPolicy, OutboundType, PodIpAllocation, PolicyEngine,
    PoolSetting, RequiredNsgRule, TrafficPolicy,
};

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

/// A user pool's settings, each a text box with the problem under it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PoolControlView {
    /// Its place among the user pools.
    pub index: usize,
    /// Its name as planned.
    pub name: String,
    pub fields: Vec<PoolFieldView>,
}

/// One setting of a user pool.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PoolFieldView {
    pub setting: PoolSetting,
    pub id: String,
    pub label: &'static str,
    /// What the box shows: the value, or what was typed while it does not plan.
    pub text: String,
    /// What leaving it empty means.
    pub placeholder: Option<&'static str>,
    pub problem: Option<String>,
}

/// The settings a user pool's form shows, in order.
const POOL_FIELDS: [PoolSetting; 6] = [
    PoolSetting::Name,
    PoolSetting::NodeCount,
    PoolSetting::MaxPods,
    PoolSetting::MaxSurge,
    PoolSetting::NodeSubnet,
    PoolSetting::PodSubnet,
];

impl PoolControlView {
    /// Every user pool of `scenario`, with what is typed in its boxes.
    fn all_of(scenario: &Scenario) -> Vec<Self> {
        let spec = &scenario.spec;
        (0..)
            .zip(&spec.user_pools)
            .map(|(index, pool)| {
                let typed = |setting: PoolSetting| {
                    scenario
                        .typed_pools
                        .iter()
                        .find(|(at, typed, _)| (*at, *typed) == (index, setting))
                        .map(|(.., text)| text.clone())
                };
                // Its errors name it as planned, or as its name is typed.
                let names: Vec<String> = std::iter::once(pool.name.clone())
                    .chain(typed(PoolSetting::Name))
                    .collect();
                let problem = |setting: PoolSetting| {
                    scenario
                        .problems
                        .iter()
                        .find_map(|error| match error.field() {
                            Field::Pool { pool, setting: of }
                                if names.contains(&pool)
                                    && (of == setting
                                        || (of == PoolSetting::MaxCount
                                            && setting == PoolSetting::NodeCount)) =>
                            {
                                Some(error.to_string())
                            }
                            _ => None,
                        })
                };
                let fields = POOL_FIELDS
                    .into_iter()
                    .filter(|setting| {
                        *setting != PoolSetting::PodSubnet || spec.plugin.uses_pod_subnet()
                    })
                    .map(|setting| PoolFieldView {
                        setting,
                        id: format!("pool-{index}-{}", pool_field_id(setting)),
                        label: pool_field_label(setting),
                        text: typed(setting).unwrap_or_else(|| pool_setting_text(pool, setting)),
                        placeholder: matches!(
                            setting,
                            PoolSetting::NodeSubnet | PoolSetting::PodSubnet
                        )
                        .then_some("none: the cluster's"),
                        problem: problem(setting),
                    })
                    .collect();
                Self {
                    index,
                    name: pool.name.clone(),
                    fields,
                }
            })
            .collect()
    }
}

/// The label of a user pool's setting.
fn pool_field_label(setting: PoolSetting) -> &'static str {
    match setting {
        PoolSetting::Name => "Name",
        PoolSetting::NodeCount | PoolSetting::MaxCount => "Nodes, or min-max",
        PoolSetting::MaxPods => "Max pods per node",
        PoolSetting::MaxSurge => "Max surge",
        PoolSetting::NodeSubnet => "Its own node subnet",
        PoolSetting::PodSubnet => "Its own pod subnet",
    }
}

/// The end of a user pool's box's element id.
fn pool_field_id(setting: PoolSetting) -> &'static str {
    match setting {
        PoolSetting::Name => "name",
        PoolSetting::NodeCount | PoolSetting::MaxCount => "nodes",
        PoolSetting::MaxPods => "max-pods",
        PoolSetting::MaxSurge => "surge",
        PoolSetting::NodeSubnet => "node-subnet",
        PoolSetting::PodSubnet => "pod-subnet",
    }
}

/// Everything the scenario's controls show.
#[derive(Clone, Debug, PartialEq)]
pub struct ControlsView {
    pub plugin: NetworkPlugin,
    pub dataplane: Dataplane,
    /// Why the dataplane cannot be planned, if it cannot.
    pub dataplane_problem: Option<String>,
    /// Each NetworkPolicy the lab offers, and whether it is applied.
    pub policies: Vec<(NetworkPolicy, bool)>,
    /// The engine that enforces them (the one chosen, or the default).
    pub policy_engine: PolicyEngine,
    pub policy_engine_problem: Option<String>,
    /// AKS's required NSG rules, whether each is on the NSG, and what it allows.
    pub required_nsg: Vec<(RequiredNsgRule, bool, &'static str)>,
    pub counts: Vec<CountView>,
    pub service_name: String,
    pub service: ServiceChoice,
    pub policy: TrafficPolicy,
    pub outbound: OutboundType,
    pub pod_ip_allocation: PodIpAllocation,
    /// Every text field, indexed by [`TextInput`].
    pub texts: Vec<TextView>,
    /// The user pools' settings.
    pub pools: Vec<PoolControlView>,
    /// Whether another user pool may be added (the lab's bound).
    pub can_add_pool: bool,
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
            dataplane: spec.dataplane,
            dataplane_problem: problem(Field::Dataplane),
            policies: NetworkPolicy::ALL
                .into_iter()
                .map(|policy| (policy, spec.policies.contains(&policy)))
                .collect(),
            policy_engine: spec.policy_engine(),
            policy_engine_problem: problem(Field::PolicyEngine),
            required_nsg: RequiredNsgRule::ALL
                .into_iter()
                .map(|rule| {
                    let allows = match rule {
                        RequiredNsgRule::NodeToNode => "node CIDR → node CIDR, all ports",
                        RequiredNsgRule::NodeToPods => "node CIDR → pod range, all ports",
                        RequiredNsgRule::PodToPod => "pod range → pod range, all ports (DNS too)",
                        RequiredNsgRule::LoadBalancers => {
                            "any → each load balancer frontend and port (AKS adds it)"
                        }
                    };
                    (rule, !spec.nsg_removed.contains(&rule), allows)
                })
                .collect(),
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
            pools: PoolControlView::all_of(scenario),
            can_add_pool: spec.user_pools.len() < MAX_USER_POOLS,
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
