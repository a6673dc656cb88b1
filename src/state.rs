//! The widget's state: one reducer, one action per thing a learner does.
//!
//! The reducer is pure: it turns an action into a new cluster description,
//! plans it (keeping what already exists in place, via `Plan::evolve`), and
//! keeps the last good plan on screen when the input is not valid.

use std::rc::Rc;

use aks_model::path::{trace, Endpoint, Trace};
use aks_model::validation::Field;
use aks_model::{ClusterSpec, NetworkPlugin, OutboundType, Plan, TrafficPolicy};
use yew::Reducible;

use crate::compare::under;
use crate::fields::{place_internal_load_balancers, TextInput};
use crate::flows::{common_flows, parse_endpoint, parse_target, Flow};
use crate::lessons::{lesson_named, Lesson};
use crate::presets::{preset_named, Preset};
use crate::service_choice::ServiceChoice;
use crate::shared::Shared;
use crate::url::{read_query, FromUrl, View};

/// What a learner does.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    SelectPlugin(NetworkPlugin),
    SetNodeCount(u32),
    SetReplicas(u32),
    SetMaxPods(u32),
    SetMaxSurge(u32),
    SetServiceType(ServiceChoice),
    SetTrafficPolicy(TrafficPolicy),
    SetOutboundType(OutboundType),
    /// Typing into a text field (an address range, a port): applied as
    /// soon as it is valid.
    EditText(TextInput, String),
    /// Something typed into a count that is not a number: shown, not applied.
    Unreadable(Field, String),
    /// Picks the n-th of the plan's common flows (`None`: no packet).
    SelectFlow(Option<usize>),
    /// Follows the flow of this code ([`Flow::code`]) from its first hop.
    FollowFlow(String),
    /// A click on something in the diagram, by its `data-pick` code: the
    /// first click picks the packet's source, the second its destination.
    Pick(String),
    StepForward,
    StepBack,
    StepToStart,
    /// Plays the packet hop by hop from where it is (from the start if it
    /// has arrived), or pauses it.
    TogglePlay,
    /// The player's clock: the next hop, stopping at the last.
    Tick,
    SetSpeed(Speed),
    /// Larger type and a wider diagram, for a classroom projector.
    ToggleProjector,
    /// Replaces the scenario with a prepared one, by its `?preset=` name.
    LoadPreset(String),
    /// Shows the same inputs under a second model beside the first (`None`:
    /// stop comparing).
    Compare(Option<NetworkPlugin>),
    /// Goes to a step (from 0) of the lesson of this name.
    GoToLessonStep(String, usize),
    EndLesson,
}

/// How fast a playing packet moves: the time per hop.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Speed {
    Slow,
    #[default]
    Normal,
    Fast,
}

impl Speed {
    pub const ALL: [Speed; 3] = [Speed::Slow, Speed::Normal, Speed::Fast];

    /// Milliseconds per hop; the move between two hops takes half of it.
    pub fn hop_ms(self) -> u32 {
        match self {
            Speed::Slow => 3_000,
            Speed::Normal => 1_600,
            Speed::Fast => 800,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Speed::Slow => "Slow",
            Speed::Normal => "Normal",
            Speed::Fast => "Fast",
        }
    }
}

impl Action {
    /// Writes this change into a cluster description. The controls and the
    /// URL both go through here, so each setting is written in one place.
    /// Actions that change no setting (packets, typing) leave `spec` alone.
    pub fn write_into(&self, spec: &mut ClusterSpec) {
        let service = spec.services.first_mut();
        let deployment = spec.deployments.first_mut();
        match *self {
            Action::SelectPlugin(plugin) => {
                // Follow the model's max-pods default unless the learner changed it.
                if spec.max_pods == spec.plugin.default_max_pods() {
                    spec.max_pods = plugin.default_max_pods();
                }
                spec.plugin = plugin;
            }
            Action::SetNodeCount(count) => spec.node_count = count,
            Action::SetMaxPods(count) => spec.max_pods = count,
            Action::SetMaxSurge(count) => spec.max_surge = count,
            Action::SetOutboundType(outbound) => spec.outbound_type = outbound,
            Action::SetReplicas(count) => {
                if let Some(deployment) = deployment {
                    deployment.replicas = count;
                }
            }
            Action::SetServiceType(choice) => {
                if let Some(service) = service {
                    service.kind = choice.kind();
                    // A fixed nodePort only exists on NodePort and LoadBalancer Services.
                    if !service.kind.has_node_port() {
                        service.node_port = None;
                    }
                }
                place_internal_load_balancers(spec);
            }
            Action::SetTrafficPolicy(policy) => {
                if let Some(service) = service {
                    service.external_traffic_policy = policy;
                }
            }
            Action::EditText(..)
            | Action::Unreadable(..)
            | Action::SelectFlow(_)
            | Action::Pick(_)
            | Action::FollowFlow(_)
            | Action::StepForward
            | Action::StepBack
            | Action::StepToStart
            | Action::TogglePlay
            | Action::Tick
            | Action::SetSpeed(_)
            | Action::ToggleProjector
            | Action::LoadPreset(_)
            | Action::Compare(_)
            | Action::GoToLessonStep(..)
            | Action::EndLesson => {}
        }
    }
}

/// The text in each text field, indexed by [`TextInput`] (an array rather
/// than a map: it is always full, and a map's code costs ~2 KB of bundle).
pub type Drafts = [String; TextInput::ALL.len()];

/// Everything on screen.
#[derive(Clone, Debug, PartialEq)]
pub struct Lab {
    /// The last valid cluster description: what the plan shows.
    pub spec: ClusterSpec,
    pub plan: Shared<Plan>,
    /// The text in each address field, as typed.
    pub drafts: Drafts,
    /// Why the current input cannot be shown, per field, in the order found.
    pub problems: Vec<(Field, String)>,
    /// What the page's URL asked for that could not be used.
    pub url_problems: Vec<String>,
    /// The packet being followed, and how many of its hops are shown.
    pub flow: Option<Flow>,
    pub step: usize,
    /// A source clicked in the diagram, waiting for its destination.
    pub source: Option<Endpoint>,
    /// What the last click in the diagram did, or why it could not.
    pub pick_note: Option<String>,
    pub playing: bool,
    pub speed: Speed,
    /// Larger type and a wider diagram, for a classroom projector.
    pub projector: bool,
    /// The prepared scenario on screen, until the learner changes it.
    pub preset: Option<&'static Preset>,
    /// In a blog's iframe: compact chrome, and messages to the host page.
    pub embed: bool,
    /// The same inputs under a second model, side by side: the model, and
    /// its plan or why the inputs do not fit it.
    pub compare: Option<(NetworkPlugin, Result<Shared<Plan>, String>)>,
    /// The lesson on screen and its step (from 0). It stays while the
    /// learner changes the scenario: its questions follow the plan.
    pub lesson: Option<(&'static Lesson, usize)>,
}

impl Lab {
    /// The widget as a URL asks for it.
    pub fn from_url(read: FromUrl) -> Self {
        let FromUrl {
            spec,
            mut problems,
            flow,
            hop,
            projector,
            preset,
            embed,
            compare,
            lesson,
        } = read;
        let (spec, plan) = match Plan::build(&spec) {
            Ok(plan) => (spec, plan),
            Err(_) => (ClusterSpec::default(), Plan::default()),
        };
        let flow = flow.and_then(|code| {
            Flow::from_code(&plan, &code)
                .map_err(|why| problems.push(format!("flow: {why} No packet is shown.")))
                .ok()
        });
        let mut lab = Self {
            drafts: drafts_of(&spec),
            spec,
            plan: Shared::new(plan),
            problems: Vec::new(),
            url_problems: problems,
            flow,
            step: 0,
            source: None,
            pick_note: None,
            playing: false,
            speed: Speed::default(),
            projector,
            preset,
            embed,
            compare: None,
            lesson,
        };
        lab.compare = compare.map(|plugin| lab.compared(plugin, None));
        let last = lab.last_step();
        if hop > last + 1 {
            lab.url_problems.push(format!(
                "hop: this packet has {} hops; showing the last.",
                last + 1
            ));
        }
        lab.step = hop.saturating_sub(1).min(last);
        lab
    }

    /// This lab's inputs planned under `plugin`, keeping what `previous`
    /// placed where it was.
    fn compared(
        &self,
        plugin: NetworkPlugin,
        previous: Option<&Plan>,
    ) -> (NetworkPlugin, Result<Shared<Plan>, String>) {
        let spec = under(&self.spec, plugin);
        let planned = match previous {
            Some(previous) => Plan::evolve(previous, &spec),
            None => Plan::build(&spec),
        };
        let planned = planned.map(Shared::new).map_err(|errors| {
            errors
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(" ")
        });
        (plugin, planned)
    }

    /// Compares with the model `before` compared with, replanned for these inputs.
    fn with_compare_of(mut self, before: &Lab) -> Lab {
        self.compare = before.compare.as_ref().map(|(plugin, planned)| {
            self.compared(*plugin, planned.as_ref().ok().map(|plan| &**plan))
        });
        self
    }

    /// The followed packet's trace through the compared plan, if it exists there.
    pub fn compared_trace(&self) -> Option<Trace> {
        let (_, Ok(plan)) = self.compare.as_ref()? else {
            return None;
        };
        trace_of(plan, self.flow.as_ref())
    }

    /// What the link keeps besides the cluster.
    pub fn view(&self) -> View<'_> {
        View {
            packet: self.flow.as_ref().map(|flow| (flow, self.step)),
            projector: self.projector,
            embed: self.embed,
            compare: self.compare.as_ref().map(|(plugin, _)| *plugin),
            lesson: self.lesson.map(|(lesson, step)| (lesson.name, step)),
        }
    }

    /// The index of the packet's last hop (0 without a packet).
    pub fn last_step(&self) -> usize {
        self.trace()
            .map_or(0, |t| (t.lookup.len() + t.hops.len()).saturating_sub(1))
    }

    /// The followed packet's trace through the current plan.
    pub fn trace(&self) -> Option<Trace> {
        trace_of(&self.plan, self.flow.as_ref())
    }

    /// Moves through the packet's hops (the DNS lookup first, if any), or
    /// picks another packet. Stepping by hand pauses the player.
    fn stepped(&self, action: &Action) -> Option<Lab> {
        let last = self.last_step();
        let mut next = Lab {
            source: None,
            pick_note: None,
            playing: false,
            ..self.clone()
        };
        match action {
            Action::SelectFlow(index) => {
                next.flow = index.and_then(|i| common_flows(&self.plan).get(i).cloned());
                next.step = 0;
            }
            Action::Pick(code) => return Some(self.picked(code)),
            Action::FollowFlow(code) => {
                next.flow = Flow::from_code(&self.plan, code).ok();
                next.step = 0;
            }
            Action::StepForward => next.step = (self.step + 1).min(last),
            Action::StepBack => next.step = self.step.saturating_sub(1),
            Action::StepToStart => next.step = 0,
            Action::TogglePlay => {
                next.playing = !self.playing && self.flow.is_some();
                if next.playing && self.step >= last {
                    next.step = 0;
                }
            }
            Action::Tick => {
                next.step = (self.step + 1).min(last);
                next.playing = self.playing && next.step < last;
            }
            Action::SetSpeed(speed) => {
                next.speed = *speed;
                next.playing = self.playing;
            }
            Action::ToggleProjector => {
                next.projector = !self.projector;
                next.playing = self.playing;
            }
            Action::Compare(plugin) => {
                next.compare = plugin.map(|plugin| self.compared(plugin, None));
                next.playing = self.playing;
            }
            Action::EndLesson => next.lesson = None,
            _ => return None,
        }
        Some(next)
    }

    /// A click in the diagram: the source first, then the destination.
    fn picked(&self, code: &str) -> Lab {
        let mut next = Lab {
            playing: false,
            ..self.clone()
        };
        match self.source {
            None => match parse_endpoint(code) {
                Some(from) => {
                    next.source = Some(from);
                    next.pick_note = Some("Now click where the packet goes.".into());
                }
                None => {
                    next.pick_note = Some(
                        "That is a destination only: click a source first (a pod, a node, or a host outside the cluster)."
                            .into(),
                    );
                }
            },
            Some(from) => {
                next.source = None;
                let flow = parse_target(&self.plan, code)
                    .ok_or_else(|| "That cannot be a destination.".to_string())
                    .and_then(|to| Flow::between(&self.plan, from, to));
                match flow {
                    Ok(flow) => {
                        next.flow = Some(flow);
                        next.step = 0;
                        next.pick_note = None;
                    }
                    Err(why) => next.pick_note = Some(why),
                }
            }
        }
        next
    }

    /// The problem shown next to `field`, if any.
    pub fn problem_for(&self, field: &Field) -> Option<&str> {
        self.problems
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, message)| message.as_str())
    }

    /// Applies one action: a new plan, or the problems that prevent one.
    pub fn apply(&self, action: Action) -> Lab {
        if let Some(stepped) = self.stepped(&action) {
            return stepped;
        }
        // A preset or a lesson step is a link: the widget loads it (an
        // unknown name changes nothing).
        let link = match &action {
            Action::LoadPreset(name) => {
                Some(preset_named(name).map(|preset| format!("preset={}", preset.name)))
            }
            Action::GoToLessonStep(name, step) => Some(
                lesson_named(name)
                    .map(|lesson| format!("lesson={}&step={}", lesson.name, step + 1)),
            ),
            _ => None,
        };
        if let Some(link) = link {
            let Some(link) = link else {
                return self.clone();
            };
            let mut next = Lab::from_url(read_query(&link));
            next.projector = self.projector;
            next.embed = self.embed;
            // A lesson step sets its own comparison; a preset keeps the learner's.
            if next.compare.is_none() && matches!(action, Action::LoadPreset(_)) {
                next = next.with_compare_of(self);
            }
            return next;
        }
        let mut candidate = self.spec.clone();
        let mut drafts = self.drafts.clone();
        let mut unreadable = Vec::new();
        action.write_into(&mut candidate);
        match action {
            Action::EditText(input, text) => {
                drafts[input as usize] = text;
            }
            Action::Unreadable(field, message) => {
                return Lab {
                    problems: vec![(field, message)],
                    ..self.clone()
                };
            }
            _ => {}
        }
        // Every field still being typed (its text is not the last good
        // value) is applied, so fixing one field while another is half-typed
        // keeps both.
        for (input, text) in TextInput::ALL.into_iter().zip(&drafts) {
            if *text == input.value_in(&self.spec) {
                continue;
            }
            if let Err(message) = input.write(&mut candidate, text) {
                unreadable.push((input.field(&candidate), message));
            }
        }
        if !unreadable.is_empty() {
            return Lab {
                drafts,
                problems: unreadable,
                ..self.clone()
            };
        }
        match Plan::evolve(&self.plan, &candidate) {
            Ok(plan) => {
                // The packet is followed again from the start through the new
                // plan, if it still exists there.
                let flow = self
                    .flow
                    .clone()
                    .filter(|flow| trace(&plan, flow.from, flow.to).is_ok());
                Lab {
                    drafts: drafts_of(&candidate),
                    spec: candidate,
                    plan: Shared::new(plan),
                    problems: Vec::new(),
                    url_problems: self.url_problems.clone(),
                    flow,
                    step: 0,
                    source: None,
                    pick_note: None,
                    playing: false,
                    speed: self.speed,
                    projector: self.projector,
                    preset: None,
                    embed: self.embed,
                    compare: None,
                    lesson: self.lesson,
                }
                .with_compare_of(self)
            }
            Err(errors) => Lab {
                drafts,
                problems: errors
                    .into_iter()
                    .map(|error| (error.field(), error.to_string()))
                    .collect(),
                ..self.clone()
            },
        }
    }
}

impl Reducible for Lab {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        Rc::new(self.apply(action))
    }
}

/// The trace of `flow` through `plan`, if there is a flow and it exists there.
pub fn trace_of(plan: &Plan, flow: Option<&Flow>) -> Option<Trace> {
    let flow = flow?;
    trace(plan, flow.from, flow.to).ok()
}

fn drafts_of(spec: &ClusterSpec) -> Drafts {
    TextInput::ALL.map(|input| input.value_in(spec))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lab() -> Lab {
        Lab::from_url(FromUrl {
            spec: ClusterSpec::defaults_for(NetworkPlugin::Kubenet),
            ..FromUrl::default()
        })
    }

    #[test]
    fn a_count_change_replans_and_keeps_existing_nodes() {
        let before = lab();
        let after = before.apply(Action::SetNodeCount(4));
        assert_eq!(after.plan.nodes.len(), 4);
        assert_eq!(after.plan.nodes[0].ip, before.plan.nodes[0].ip);
        assert!(after.problems.is_empty());
    }

    #[test]
    fn an_invalid_value_keeps_the_last_good_plan_and_says_why() {
        let before = lab();
        let after = before.apply(Action::SetMaxPods(300));
        assert_eq!(after.plan, before.plan);
        assert_eq!(after.spec.max_pods, 110);
        assert!(after
            .problem_for(&Field::MaxPods)
            .is_some_and(|message| message.contains("between 10 and 250")));
        // Fixing it clears the problem.
        let fixed = after.apply(Action::SetMaxPods(50));
        assert_eq!(fixed.spec.max_pods, 50);
        assert!(fixed.problems.is_empty());
    }

    #[test]
    fn a_half_typed_range_is_kept_as_typed_with_its_message() {
        let before = lab();
        let typing = before.apply(Action::EditText(TextInput::PodCidr, "10.244.0.0/".into()));
        assert_eq!(typing.plan, before.plan);
        assert_eq!(typing.drafts[TextInput::PodCidr as usize], "10.244.0.0/");
        assert!(typing.problem_for(&Field::PodCidr).is_some());
        let done = typing.apply(Action::EditText(TextInput::PodCidr, "10.100.0.0/16".into()));
        assert_eq!(
            done.plan.nodes[0]
                .pod_range
                .map(|r| r.to_string())
                .as_deref(),
            Some("10.100.0.0/24")
        );
    }

    /// Switching models follows the new model's max-pods default (aks-facts
    /// §1.8) unless the learner chose one.
    #[test]
    fn switching_models_follows_the_default_max_pods() {
        let cni = lab().apply(Action::SelectPlugin(NetworkPlugin::AzureCni));
        assert_eq!(cni.spec.max_pods, 30);
        let custom = lab()
            .apply(Action::SetMaxPods(50))
            .apply(Action::SelectPlugin(NetworkPlugin::AzureCniOverlay));
        assert_eq!(custom.spec.max_pods, 50);
    }

    #[test]
    fn a_packet_steps_through_its_hops_and_stops_at_the_ends() {
        let lab = lab().apply(Action::SelectFlow(Some(0)));
        let trace = lab.trace().expect("a flow");
        let last = trace.lookup.len() + trace.hops.len() - 1;
        assert_eq!(lab.step, 0);
        assert_eq!(lab.apply(Action::StepBack).step, 0);
        let mut stepped = lab.clone();
        for _ in 0..last + 3 {
            stepped = stepped.apply(Action::StepForward);
        }
        assert_eq!(stepped.step, last);
        assert_eq!(stepped.apply(Action::StepToStart).step, 0);
        // A change to the cluster keeps the packet and starts it over.
        let replanned = stepped.apply(Action::SetNodeCount(4));
        assert_eq!((replanned.flow.is_some(), replanned.step), (true, 0));
        assert_eq!(lab.apply(Action::SelectFlow(None)).flow, None);
    }

    /// The source posts' port story (aks-facts §7.1): the container listens
    /// on 80 and the Service's targetPort 85 reaches nothing; 80 works.
    #[test]
    fn service_ports_and_type_follow_the_controls() {
        let lab = lab()
            .apply(Action::SetServiceType(ServiceChoice::InternalLoadBalancer))
            .apply(Action::EditText(TextInput::ListenPort, "80".into()))
            .apply(Action::EditText(TextInput::ServicePort, "90".into()))
            .apply(Action::EditText(TextInput::TargetPort, "85".into()))
            .apply(Action::SetTrafficPolicy(TrafficPolicy::Local))
            .apply(Action::SetOutboundType(OutboundType::NatGateway));
        let service = &lab.spec.services[0];
        assert_eq!(
            ServiceChoice::of(&service.kind),
            ServiceChoice::InternalLoadBalancer
        );
        assert_eq!(
            (service.port, service.target_port.clone()),
            (90, aks_model::TargetPort::Number(85))
        );
        assert_eq!(lab.spec.deployments[0].listen_port, 80);
        assert_eq!(service.external_traffic_policy, TrafficPolicy::Local);
        assert_eq!(lab.spec.outbound_type, OutboundType::NatGateway);
        let too_big = lab.apply(Action::EditText(TextInput::ServicePort, "70000".into()));
        assert!(too_big.problem_for(&Field::Service("web".into())).is_some());
        // A fixed nodePort goes with the NodePort type: back to ClusterIP, it is
        // dropped rather than reported.
        let fixed = lab
            .apply(Action::EditText(TextInput::NodePort, "31000".into()))
            .apply(Action::SetServiceType(ServiceChoice::ClusterIp));
        assert_eq!(fixed.spec.services[0].node_port, None);
        assert!(fixed.problems.is_empty(), "{:?}", fixed.problems);
    }

    #[test]
    fn an_unreadable_count_is_shown_and_the_plan_stays() {
        let before = lab();
        let after = before.apply(Action::Unreadable(
            Field::NodeCount,
            "\"-5\" is not a whole number.".into(),
        ));
        assert_eq!(after.plan, before.plan);
        assert_eq!(
            after.problem_for(&Field::NodeCount),
            Some("\"-5\" is not a whole number.")
        );
        assert!(after.apply(Action::SetNodeCount(4)).problems.is_empty());
    }

    #[test]
    fn two_clicks_pick_a_packet_and_a_wrong_one_says_why() {
        let source = lab().apply(Action::Pick("internet".into()));
        assert_eq!(source.source, Some(Endpoint::Internet));
        let followed = source.apply(Action::Pick("lb0".into()));
        assert_eq!(
            followed.flow.as_ref().map(Flow::code).as_deref(),
            Some("internet.lb0")
        );
        assert_eq!((followed.source, followed.step), (None, 0));
        // A load balancer is only ever a destination.
        let backwards = lab().apply(Action::Pick("lb0".into()));
        assert_eq!((backwards.source, backwards.flow.clone()), (None, None));
        assert!(backwards.pick_note.is_some());
        // The default public load balancer refuses an on-premises client.
        let refused = lab()
            .apply(Action::Pick("onprem".into()))
            .apply(Action::Pick("lb0".into()));
        assert_eq!(refused.flow, None);
        assert!(refused
            .pick_note
            .as_deref()
            .is_some_and(|n| n.contains("internet")));
    }

    #[test]
    fn the_player_runs_to_the_last_hop_and_stops() {
        let lab = lab().apply(Action::SelectFlow(Some(0)));
        let last = lab.last_step();
        let mut playing = lab.apply(Action::TogglePlay);
        assert!(playing.playing);
        for _ in 0..last {
            playing = playing.apply(Action::Tick);
        }
        assert_eq!((playing.step, playing.playing), (last, false));
        // Play again from the end starts over; a manual step pauses.
        let again = playing.apply(Action::TogglePlay);
        assert_eq!((again.step, again.playing), (0, true));
        assert!(!again.apply(Action::StepForward).playing);
        assert!(again.apply(Action::SetSpeed(Speed::Fast)).playing);
        // Nothing to play without a packet.
        assert!(!super::tests::lab().apply(Action::TogglePlay).playing);
    }

    #[test]
    fn a_preset_replaces_the_scenario_until_the_learner_changes_it() {
        let lab = lab()
            .apply(Action::ToggleProjector)
            .apply(Action::LoadPreset("cni".into()));
        assert_eq!(lab.spec.plugin, NetworkPlugin::AzureCni);
        assert_eq!(lab.preset.map(|p| p.name), Some("cni"));
        assert!(lab.projector, "projector view stays");
        assert_eq!(
            lab.flow.as_ref().map(Flow::code).as_deref(),
            Some("vm.pod0")
        );
        assert_eq!(
            lab.apply(Action::StepForward).preset.map(|p| p.name),
            Some("cni")
        );
        assert_eq!(lab.apply(Action::SetNodeCount(4)).preset, None);
        assert_eq!(
            lab.apply(Action::LoadPreset("nope".into()))
                .preset
                .map(|p| p.name),
            Some("cni")
        );
    }

    /// The compared plan follows every change of the inputs, and the
    /// followed packet is traced through both.
    #[test]
    fn a_comparison_follows_the_inputs() {
        let lab = lab()
            .apply(Action::Compare(Some(NetworkPlugin::AzureCni)))
            .apply(Action::SelectFlow(Some(0)));
        let compared = |lab: &Lab| match &lab.compare {
            Some((NetworkPlugin::AzureCni, Ok(plan))) => plan.clone(),
            other => panic!("{other:?}"),
        };
        assert_eq!(compared(&lab).nodes.len(), 3);
        assert!(lab.compared_trace().is_some());
        let grown = lab.apply(Action::SetNodeCount(5));
        assert_eq!(compared(&grown).nodes.len(), 5);
        assert_eq!(compared(&grown).nodes[0].ip, compared(&lab).nodes[0].ip);
        assert!(lab.apply(Action::Compare(None)).compare.is_none());
        // Inputs that do not fit the other model are said, not hidden: a /28
        // node subnet holds 3 kubenet nodes but not 3 × 111 Azure CNI addresses.
        let small = super::tests::lab()
            .apply(Action::EditText(
                TextInput::NodeSubnet,
                "10.224.0.0/27".into(),
            ))
            .apply(Action::Compare(Some(NetworkPlugin::AzureCni)));
        assert!(small.problems.is_empty(), "{:?}", small.problems);
        assert!(matches!(&small.compare, Some((_, Ok(plan))) if !plan.failures.is_empty()));
    }

    /// A lesson step sets the scenario; the lesson stays while the learner
    /// changes it, and ends on request.
    #[test]
    fn a_lesson_walks_its_steps_and_survives_changes() {
        let lab = lab().apply(Action::GoToLessonStep("compare".into(), 1));
        assert_eq!(
            lab.lesson.map(|(l, step)| (l.name, step)),
            Some(("compare", 1))
        );
        assert_eq!(lab.spec.plugin, NetworkPlugin::AzureCniPodSubnet);
        assert!(matches!(
            lab.compare,
            Some((NetworkPlugin::AzureCniOverlay, Ok(_)))
        ));
        let changed = lab.apply(Action::SetNodeCount(4));
        assert_eq!(changed.lesson.map(|(_, step)| step), Some(1));
        assert_eq!(changed.apply(Action::EndLesson).lesson, None);
        assert_eq!(
            lab.apply(Action::GoToLessonStep("nope".into(), 0))
                .lesson
                .map(|(l, _)| l.name),
            Some("compare")
        );
    }

    #[test]
    fn a_link_can_name_the_packet_and_its_hop() {
        let read = FromUrl {
            spec: ClusterSpec::defaults_for(NetworkPlugin::Kubenet),
            flow: Some("pod0.pod1".into()),
            hop: 3,
            ..FromUrl::default()
        };
        let lab = Lab::from_url(read.clone());
        assert_eq!(
            lab.flow.as_ref().map(Flow::code).as_deref(),
            Some("pod0.pod1")
        );
        assert_eq!(lab.step, 2);
        let beyond = Lab::from_url(FromUrl {
            hop: 99,
            ..read.clone()
        });
        assert_eq!(beyond.step, beyond.last_step());
        assert_eq!(beyond.url_problems.len(), 1);
        let unknown = Lab::from_url(FromUrl {
            flow: Some("pod0.lb7".into()),
            ..read
        });
        assert_eq!(unknown.flow, None);
        assert!(
            unknown.url_problems[0].starts_with("flow:"),
            "{:?}",
            unknown.url_problems
        );
    }
}
