//! The widget's state: one reducer, one action per thing a learner does.
//!
//! The reducer is pure: it turns an action into a new cluster description,
//! plans it (keeping what already exists in place, via `Plan::evolve`), and
//! keeps the last good plan on screen when the input is not valid. The state
//! holds typed values only (errors as `InputError`s, notes as enums); the
//! words are the view model's. A packet is traced when it or the plan
//! changes, never when it only steps.

use std::rc::Rc;

use aks_model::input::write_pool_setting;
use aks_model::path::{trace, Endpoint, Fix, Target, Trace};
use aks_model::rollout::Rollout;
use aks_model::spec::DEFAULT_NODE_COUNT;
use aks_model::{
    ClusterSpec, Field, InputError, NetworkPlugin, NodePoolSpec, Plan, PoolSetting, ServiceId,
};
use yew::Reducible;

use crate::fields::TextInput;
use crate::flows::{common_flows, parse_endpoint, parse_target, Flow, FlowError};
use crate::lessons::Lesson;
use crate::panels::{Panel, Panels};
use crate::presets::Preset;
use crate::service_choice::ServiceChoice;
use crate::settings::{Count, Setting};
use crate::shared::Shared;
use crate::url::{read_lesson_step, read_preset, Link, LinkProblem, Shown};

/// What a learner does.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// A control that sets the scenario (the model, a count, a choice).
    Set(Setting),
    /// Typing into a count: applied as soon as it reads.
    EditCount(Count, String),
    /// Typing into a text field (an address range, a port): applied as
    /// soon as it is valid.
    EditText(TextInput, String),
    /// Follows the flow of this code (`Flow::code`) from its first hop
    /// (`None`: no packet).
    FollowFlow(Option<String>),
    /// A click in the diagram, by its `data-pick` code: the first click
    /// picks the packet's source, the second its destination.
    Pick(String),
    StepForward,
    StepBack,
    StepToStart,
    /// Plays the packet hop by hop from where it is (from the start if it
    /// has arrived), or pauses it.
    TogglePlay,
    /// Nobody is watching (a hidden tab, the diagram scrolled away): the
    /// player stops, and the packet stays the widget's own.
    Pause,
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
    /// Shows the answer to the lesson step's question, and what it conceals.
    Reveal,
    /// The screen is narrow (a phone), or not: the diagram is laid out for it.
    SetNarrow(bool),
    /// When comparing, shows the diagram of the first model or the second.
    ShowSide(Side),
    /// Adds a panel to what the copied iframe shows, or takes it out.
    ToggleSnippetPanel(Panel),
    /// Changes the scenario as the documented fix for the followed packet
    /// says, and follows the packet that shows it working.
    ApplyFix(Fix),
    /// Adds a user pool, named after the first free `userpoolN`.
    AddPool,
    /// Removes the user pool at this place.
    RemovePool(usize),
    /// Typing into a user pool's setting: applied as soon as it is valid.
    EditPool(usize, PoolSetting, String),
    /// Plays the cluster's rolling upgrade on the stage, pool by pool, from its start.
    Upgrade,
    /// Plays the last change of the node count as a scale, node by node.
    ReplayScale,
    /// Changes the scenario as the fix for a stopped upgrade says (a
    /// setting or a range), and plays the upgrade again.
    UpgradeAfter(Box<Action>),
    /// Back from an upgrade or a scale to the packets.
    EndOperation,
}

/// Which of two compared diagrams the stage shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Side {
    #[default]
    First,
    Second,
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

/// The text in each text field, indexed by [`TextInput`] (a list rather
/// than a map: it is always full, and a map's code costs ~2 KB of bundle).
pub type Drafts = Vec<String>;

/// The cluster being edited: the last valid description, its plan, what is
/// typed in each field and why the input is not (yet) the plan.
#[derive(Clone, Debug)]
pub struct Scenario {
    pub spec: ClusterSpec,
    /// The cluster as the link, preset or lesson created it: what a change
    /// is a change to a running cluster from.
    pub created: Shared<ClusterSpec>,
    pub plan: Shared<Plan>,
    pub drafts: Drafts,
    /// A count as typed, while it does not make a plan (its box keeps it).
    pub typed_count: Option<(Count, String)>,
    /// A user pool's settings as typed (the pool's place, the setting, the
    /// text), while they do not make a plan.
    pub typed_pools: Vec<(usize, PoolSetting, String)>,
    /// Why the input cannot be shown, in the order found.
    pub problems: Vec<InputError>,
}

impl Scenario {
    /// The first problem about `field`, if any.
    pub fn problem_for(&self, field: &Field) -> Option<&InputError> {
        self.problems.iter().find(|error| error.field() == *field)
    }
}

/// The packet being followed, traced once through the current plan.
#[derive(Clone, Debug, PartialEq)]
pub struct Followed {
    pub flow: Flow,
    pub trace: Shared<Trace>,
}

impl Followed {
    /// The plan's first common flow: the packet the widget plays on its own.
    fn first_of(plan: &Plan) -> Option<Followed> {
        common_flows(plan)
            .first()
            .and_then(|named| Followed::through(plan, named.flow))
    }

    /// `flow` through `plan`, if it can be traced there.
    fn through(plan: &Plan, flow: Flow) -> Option<Followed> {
        let traced = trace(plan, flow.from, flow.to).ok()?;
        Some(Followed::traced((flow, traced)))
    }

    /// A flow with the trace made when it was read.
    fn traced((flow, trace): (Flow, Trace)) -> Followed {
        Followed {
            flow,
            trace: Shared::new(trace),
        }
    }

    /// The index of the last hop.
    pub fn last_step(&self) -> usize {
        self.trace.step_count().saturating_sub(1)
    }
}

/// The same inputs under a second model: the model, and its plan or why the
/// inputs do not fit it.
#[derive(Clone, Debug)]
pub struct Comparison {
    pub plugin: NetworkPlugin,
    pub plan: Result<Shared<Plan>, Vec<InputError>>,
}

impl Comparison {
    /// `spec`'s inputs planned under `plugin` (max pods included: "the same
    /// inputs"), keeping what `previous` placed where it was.
    fn of(spec: &ClusterSpec, plugin: NetworkPlugin, previous: Option<&Comparison>) -> Self {
        let mut spec = ClusterSpec {
            plugin,
            ..spec.clone()
        };
        spec.forget_unused_pod_subnets();
        let previous = previous
            .filter(|comparison| comparison.plugin == plugin)
            .and_then(|comparison| comparison.plan.as_ref().ok());
        let plan = match previous {
            Some(previous) => Plan::evolve(previous, &spec),
            None => Plan::build(&spec),
        };
        Self {
            plugin,
            plan: plan.map(Shared::new),
        }
    }
}

/// An upgrade or a scale the stage plays in place of a packet, at the
/// lab's `step`.
#[derive(Clone, Debug, PartialEq)]
pub struct Operation {
    pub rollout: Shared<Rollout>,
    /// Plans it has passed, in step order, from step 0 (the plan it starts
    /// from) and then every `spacing` steps: stepping back or jumping plans
    /// from the nearest one, not from the start.
    checkpoints: Shared<Vec<(usize, Shared<Plan>)>>,
    /// The step `plan` is the plan after.
    at: usize,
    /// The plans before and after the step shown.
    pub before: Shared<Plan>,
    pub plan: Shared<Plan>,
}

/// How much planning a link may ask for when it opens at an upgrade's
/// step, in pods and nodes planned (steps × plan size): 2,000,000 is 180
/// steps at 100 nodes × 110 pods, about a tenth of a second of wasm.
const LINK_PLANNING_BUDGET: usize = 2_000_000;

/// At most this many plans are kept as checkpoints of an operation...
const CHECKPOINTS: usize = 16;
/// ...and none but its start above this many pods: such a plan is tens of
/// megabytes.
const LARGE_PLAN_PODS: usize = 100_000;

impl Operation {
    fn new(rollout: Rollout, start: &Shared<Plan>) -> Self {
        Self {
            rollout: Shared::new(rollout),
            checkpoints: Shared::new(vec![(0, start.clone())]),
            at: 0,
            before: start.clone(),
            plan: start.clone(),
        }
    }

    /// The same operation at `step`: one plan further when it moves on by
    /// one, else planned on from the nearest checkpoint before it. The
    /// checkpoints passed on the way are kept.
    fn at(&self, step: usize) -> Self {
        if step == self.at {
            return self.clone();
        }
        let mut passed = Vec::new();
        let before = match step.checked_sub(1) {
            None => None,
            Some(previous) if previous == self.at => Some(self.plan.clone()),
            Some(previous) => Some(self.planned_to(previous, &mut passed)),
        };
        let plan = match &before {
            Some(before) => {
                let plan = Shared::new(self.rollout.plan_after(step, before));
                passed.push((step, plan.clone()));
                plan
            }
            None => self.planned_to(0, &mut passed),
        };
        Self {
            at: step,
            before: before.unwrap_or_else(|| plan.clone()),
            plan,
            checkpoints: self.keeping(passed),
            ..self.clone()
        }
    }

    /// The plan after `step`, planned on from the nearest checkpoint; the
    /// plans on the way that fall on the spacing are added to `passed`.
    fn planned_to(&self, step: usize, passed: &mut Vec<(usize, Shared<Plan>)>) -> Shared<Plan> {
        let nearest = self.checkpoints.iter().rev().find(|(at, _)| *at <= step);
        let Some((from, start)) = nearest else {
            return self.plan.clone();
        };
        let spacing = self.spacing();
        let mut plan = start.clone();
        for next in from + 1..=step {
            plan = Shared::new(self.rollout.plan_after(next, &plan));
            if next % spacing == 0 {
                passed.push((next, plan.clone()));
            }
        }
        plan
    }

    /// The checkpoints with those of `passed` that fall on the spacing.
    fn keeping(&self, passed: Vec<(usize, Shared<Plan>)>) -> Shared<Vec<(usize, Shared<Plan>)>> {
        let spacing = self.spacing();
        let mut new = passed
            .into_iter()
            .filter(|(at, _)| at % spacing == 0)
            .filter(|(at, _)| !self.checkpoints.iter().any(|(kept, _)| kept == at))
            .peekable();
        if new.peek().is_none() {
            return self.checkpoints.clone();
        }
        let mut kept = (*self.checkpoints).clone();
        kept.extend(new);
        kept.sort_by_key(|(at, _)| *at);
        Shared::new(kept)
    }

    /// How many steps apart checkpoints are kept.
    fn spacing(&self) -> usize {
        let large = self
            .checkpoints
            .first()
            .is_some_and(|(_, start)| start.pods.len() > LARGE_PLAN_PODS);
        if large {
            return usize::MAX;
        }
        self.rollout.steps.len().div_ceil(CHECKPOINTS).max(1)
    }

    /// Whether it is an upgrade (a link keeps it) rather than a scale.
    pub fn is_upgrade(&self) -> bool {
        matches!(
            self.rollout.kind,
            aks_model::rollout::RolloutKind::Upgrade { .. }
        )
    }
}

/// What the last click in the diagram did, or why it could not.
#[derive(Clone, Debug, PartialEq)]
pub enum PickNote {
    /// A source is picked: the next click picks the destination.
    ChooseDestination,
    /// The first click was on something that can only be a destination.
    DestinationOnly,
    /// The second click was on something that cannot be a destination.
    NotADestination,
    /// The two ends make no flow.
    Refused(FlowError),
}

/// Everything on screen. Cheap to clone: what is large is shared.
#[derive(Clone, Debug)]
pub struct Lab {
    /// Counts the actions applied: a new state has a new revision, which is
    /// what the view model is kept by.
    pub revision: u64,
    pub scenario: Shared<Scenario>,
    /// What the page's link asked for that could not be used.
    pub link_problems: Shared<Vec<LinkProblem>>,
    /// The packet being followed, and the hop shown (from 0).
    pub packet: Option<Followed>,
    pub step: usize,
    /// The packet is the one the widget plays on its own (the link named
    /// none): the link it writes leaves it out until the learner picks,
    /// plays or steps a packet.
    pub auto_flow: bool,
    /// A source clicked in the diagram, waiting for its destination.
    pub source: Option<Endpoint>,
    pub pick_note: Option<PickNote>,
    pub playing: bool,
    pub speed: Speed,
    /// Larger type and a wider diagram, for a classroom projector.
    pub projector: bool,
    /// In a blog's iframe: compact chrome, and messages to the host page.
    pub embed: bool,
    /// The prepared scenario on screen, until the learner changes it.
    pub preset: Option<&'static Preset>,
    pub compare: Option<Shared<Comparison>>,
    /// The lesson on screen and its step (from 0). It stays while the
    /// learner changes the scenario: its questions follow the plan.
    pub lesson: Option<(&'static Lesson, usize)>,
    /// Whether the lesson step's answer is shown (until then, what would
    /// give it away is concealed).
    pub revealed: bool,
    /// The panels the page shows.
    pub panels: Panels,
    /// The panels the copied iframe snippet shows.
    pub snippet_panels: Panels,
    /// A phone's narrow screen: the diagram stacks its boxes.
    pub narrow: bool,
    /// When comparing, which model's diagram the stage shows.
    pub side: Side,
    /// The upgrade or scale the stage plays, in place of the packet.
    pub operation: Option<Operation>,
    /// The plan before the last change of the node count, which the stage
    /// offers to play as a scale.
    pub scaled_from: Option<Shared<Plan>>,
}

impl Lab {
    /// The widget as a link asks for it.
    pub fn from_link(link: Link) -> Self {
        let Link {
            spec,
            mut problems,
            flow,
            hop,
            projector,
            preset,
            embed,
            compare,
            show,
            lesson,
            upgrade,
        } = link;
        let (spec, plan) = match Plan::build(&spec) {
            Ok(plan) => (spec, plan),
            Err(_) => (ClusterSpec::default(), Plan::default()),
        };
        // A link without a packet follows the plan's first flow, so the
        // reader sees at once what the widget does.
        let auto_flow = flow.is_none();
        // An upgrade the link names takes the stage: its packet is not followed.
        let flow = match flow {
            Some(_) if upgrade.is_some() => {
                problems.push(LinkProblem::FlowDuringUpgrade);
                None
            }
            flow => flow,
        };
        let packet = match flow {
            Some(code) => Flow::from_code(&plan, &code)
                .map_err(|why| problems.push(LinkProblem::NotAFlow(why)))
                .ok()
                .map(Followed::traced),
            None => Followed::first_of(&plan),
        };
        let last = packet.as_ref().map_or(0, Followed::last_step);
        if hop > last + 1 && upgrade.is_none() {
            problems.push(LinkProblem::HopBeyond { hops: last + 1 });
        }
        // A packet the link does not pin to a hop plays once, from its start.
        let playing = packet.is_some() && hop == 0;
        let default_panels = default_panels(embed, lesson.is_some(), compare.is_some());
        let plan = Shared::new(plan);
        // An upgrade the link names takes the stage from the packet, at its step.
        let operation = upgrade.map(|number| {
            let operation = Operation::new(Rollout::upgrade(&plan, &spec), &plan);
            let last = operation.rollout.last_step();
            if number > last + 1 {
                problems.push(LinkProblem::StepBeyond { steps: last + 1 });
            }
            // Each step is planned from the one before: a far step of a
            // large cluster is shown as far as a moment of planning goes.
            let reachable = LINK_PLANNING_BUDGET / (plan.pods.len() + plan.nodes.len() + 1);
            let wanted = number.saturating_sub(1).min(last);
            if wanted > reachable.max(1) {
                problems.push(LinkProblem::StepTooFar {
                    asked: wanted + 1,
                    shown: reachable.max(1) + 1,
                });
            }
            operation.at(wanted.min(reachable.max(1)))
        });
        let (packet, step, playing) = match &operation {
            Some(operation) => (None, operation.at, false),
            None => (packet, hop.saturating_sub(1).min(last), playing),
        };
        Self {
            revision: 0,
            compare: compare.map(|plugin| Shared::new(Comparison::of(&spec, plugin, None))),
            scenario: Shared::new(Scenario {
                drafts: drafts_of(&spec),
                created: Shared::new(spec.clone()),
                spec,
                plan,
                typed_count: None,
                typed_pools: Vec::new(),
                problems: Vec::new(),
            }),
            link_problems: Shared::new(problems),
            packet,
            step,
            auto_flow,
            source: None,
            pick_note: None,
            playing,
            speed: Speed::default(),
            projector,
            embed,
            preset,
            lesson,
            revealed: false,
            panels: show.unwrap_or(default_panels),
            snippet_panels: show
                .unwrap_or_else(|| Panels::embedded(lesson.is_some(), compare.is_some())),
            narrow: false,
            side: Side::default(),
            operation,
            scaled_from: None,
        }
    }

    /// The scenario's plan: the cluster as it is, which packets are traced
    /// through.
    pub fn plan(&self) -> &Shared<Plan> {
        &self.scenario.plan
    }

    /// The plan the stage draws: an upgrade's or a scale's step, or the
    /// scenario's.
    pub fn stage_plan(&self) -> &Shared<Plan> {
        self.operation
            .as_ref()
            .map_or(&self.scenario.plan, |operation| &operation.plan)
    }

    /// What the link keeps besides the cluster.
    pub fn shown(&self) -> Shown {
        let default_panels =
            default_panels(self.embed, self.lesson.is_some(), self.compare.is_some());
        Shown {
            flow: self
                .packet
                .as_ref()
                .filter(|_| !self.auto_flow)
                .map(|packet| (packet.flow.code(), self.step)),
            upgrade: self
                .operation
                .as_ref()
                .filter(|operation| operation.is_upgrade())
                .map(|_| self.step),
            lesson: self.lesson.map(|(lesson, step)| (lesson.name, step)),
            compare: self.compare.as_ref().map(|comparison| comparison.plugin),
            projector: self.projector,
            embed: self.embed,
            show: (self.panels != default_panels).then_some(self.panels),
        }
    }

    /// The index of the last step the stage plays: the operation's, else
    /// the packet's last hop (0 without either).
    pub fn last_step(&self) -> usize {
        match &self.operation {
            Some(operation) => operation.rollout.last_step(),
            None => self.packet.as_ref().map_or(0, Followed::last_step),
        }
    }

    /// Applies one action; an operation on the stage follows the step.
    pub fn apply(&self, action: Action) -> Lab {
        let mut next = self.applied(action);
        // A packet on the stage ends an operation; an operation follows the step.
        if next.packet.is_some() {
            next.operation = None;
        }
        if let Some(operation) = &next.operation {
            next.operation = Some(operation.at(next.step));
        }
        next
    }

    fn applied(&self, action: Action) -> Lab {
        let last = self.last_step();
        // Most actions are about the packet or the view: a click in the
        // diagram waiting for its destination is forgotten, and the player stops.
        let viewed = || Lab {
            source: None,
            pick_note: None,
            playing: false,
            ..self.clone()
        };
        // The learner takes the packet over: the link keeps it from now on.
        let taken = || Lab {
            auto_flow: false,
            ..viewed()
        };
        match action {
            Action::Set(setting) => self.replanned(|spec, _| setting.write_into(spec)),
            Action::EditCount(count, text) => {
                let base = self.forgetting_typed(count);
                match count.read(&text) {
                    Ok(setting) => base.replanned(|spec, _| setting.write_into(spec)),
                    Err(error) => base.with_problems(vec![InputError::Unreadable {
                        field: count.field(),
                        error,
                    }]),
                }
                .keeping_typed(count, text)
            }
            Action::AddPool => self.forgetting_all_typed().replanned(|spec, _| {
                let name = (1..)
                    .map(|number| format!("userpool{number}"))
                    .find(|name| spec.user_pools.iter().all(|pool| &pool.name != name))
                    .unwrap_or_default();
                spec.user_pools
                    .push(NodePoolSpec::new(name, DEFAULT_NODE_COUNT, spec.plugin));
            }),
            Action::RemovePool(index) => self.forgetting_all_typed().replanned(|spec, _| {
                if index < spec.user_pools.len() {
                    spec.user_pools.remove(index);
                }
            }),
            Action::EditPool(index, setting, text) => {
                self.typing_pool(index, setting, text).replanned(|_, _| {})
            }
            Action::EditText(input, text) => self.replanned(|_, drafts| {
                if let Some(draft) = drafts.get_mut(input as usize) {
                    *draft = text;
                }
            }),
            Action::FollowFlow(code) => {
                let plan = self.plan();
                let traced = code.and_then(|code| Flow::from_code(plan, &code).ok());
                Lab {
                    packet: traced.map(Followed::traced),
                    step: 0,
                    ..taken()
                }
            }
            // The drawing is an operation's step, whose nodes and pods the
            // scenario may not have: nothing is picked until it ends.
            Action::Pick(_) if self.operation.is_some() => self.clone(),
            Action::Pick(code) => self.picked(&code),
            Action::StepForward => Lab {
                step: (self.step + 1).min(last),
                ..taken()
            },
            Action::StepBack => Lab {
                step: self.step.saturating_sub(1),
                ..taken()
            },
            Action::StepToStart => Lab { step: 0, ..taken() },
            Action::TogglePlay => {
                let playing = !self.playing && (self.packet.is_some() || self.operation.is_some());
                Lab {
                    playing,
                    step: if playing && self.step >= last {
                        0
                    } else {
                        self.step
                    },
                    ..taken()
                }
            }
            Action::Pause => viewed(),
            // A timer left over from a player that stopped moves nothing.
            Action::Tick if !self.playing => self.clone(),
            Action::Tick => {
                let step = (self.step + 1).min(last);
                Lab {
                    step,
                    playing: step < last,
                    ..viewed()
                }
            }
            Action::SetSpeed(speed) => Lab {
                speed,
                playing: self.playing,
                ..viewed()
            },
            Action::ToggleProjector => Lab {
                projector: !self.projector,
                playing: self.playing,
                ..viewed()
            },
            Action::Compare(plugin) => Lab {
                compare: plugin
                    .map(|plugin| Shared::new(Comparison::of(&self.scenario.spec, plugin, None))),
                playing: self.playing,
                side: Side::First,
                ..viewed()
            },
            Action::EndLesson => Lab {
                lesson: None,
                ..viewed()
            },
            Action::Reveal => Lab {
                revealed: true,
                playing: self.playing,
                ..self.clone()
            },
            Action::SetNarrow(narrow) => Lab {
                narrow,
                ..self.clone()
            },
            Action::ShowSide(side) => Lab { side, ..viewed() },
            Action::ToggleSnippetPanel(panel) => Lab {
                snippet_panels: self.snippet_panels.toggled(panel),
                ..self.clone()
            },
            Action::ApplyFix(Fix::InternalLoadBalancerBehindFirewall) => {
                let internal = ServiceChoice::InternalLoadBalancer;
                let fixed = self.apply(Action::Set(Setting::ServiceType(internal)));
                let through_firewall = Flow {
                    from: Endpoint::Internet,
                    to: Target::LoadBalancer {
                        service: ServiceId::new(0),
                    },
                };
                fixed.apply(Action::FollowFlow(Some(through_firewall.code())))
            }
            Action::Upgrade => self.operating(
                Rollout::upgrade(self.plan(), &self.scenario.spec),
                self.plan(),
            ),
            Action::ReplayScale => match &self.scaled_from {
                Some(before) => self.operating(
                    Rollout::scale(before, self.plan(), &self.scenario.spec),
                    before,
                ),
                None => self.clone(),
            },
            Action::UpgradeAfter(change) => self.applied(*change).applied(Action::Upgrade),
            Action::EndOperation => Lab {
                operation: None,
                packet: Followed::first_of(self.plan()),
                auto_flow: true,
                step: 0,
                ..viewed()
            },
            Action::LoadPreset(name) => match read_preset(&name) {
                Some(link) => {
                    let mut next = self.linked(link);
                    // A preset keeps the learner's comparison, under its own inputs.
                    if next.compare.is_none() {
                        next.compare = self.compare.as_ref().map(|comparison| {
                            Shared::new(Comparison::of(
                                &next.scenario.spec,
                                comparison.plugin,
                                None,
                            ))
                        });
                    }
                    next
                }
                None => self.clone(),
            },
            // A lesson step sets its own comparison.
            Action::GoToLessonStep(name, step) => {
                read_lesson_step(&name, step).map_or_else(|| self.clone(), |link| self.linked(link))
            }
        }
    }

    /// `rollout` on the stage from `start`, playing, in place of the packet.
    fn operating(&self, rollout: Rollout, start: &Shared<Plan>) -> Lab {
        Lab {
            playing: rollout.last_step() > 0,
            operation: Some(Operation::new(rollout, start)),
            packet: None,
            auto_flow: false,
            step: 0,
            source: None,
            pick_note: None,
            // The stage draws the operation, not a compared model.
            side: Side::First,
            ..self.clone()
        }
    }

    /// The widget as `link` asks for it, in this one's projector, embed and
    /// screen modes, showing the same panels.
    fn linked(&self, link: Link) -> Lab {
        Lab {
            projector: self.projector,
            embed: self.embed,
            narrow: self.narrow,
            panels: self.panels,
            snippet_panels: self.snippet_panels,
            ..Lab::from_link(link)
        }
    }

    /// The same lab, its `count`'s box keeping `text` as typed while the
    /// plan does not have it (it does not read, is out of range, or another
    /// field stops the plan).
    fn keeping_typed(self, count: Count, text: String) -> Lab {
        // The text is the plan's when writing what it reads changes nothing
        // (a count, or max surge as "2" or "33%").
        let spec = &self.scenario.spec;
        let applied = count.read(&text).is_ok_and(|setting| {
            let mut written = spec.clone();
            setting.write_into(&mut written);
            written == *spec
        });
        if applied {
            return self;
        }
        Lab {
            scenario: Shared::new(Scenario {
                typed_count: Some((count, text)),
                ..(*self.scenario).clone()
            }),
            ..self
        }
    }

    /// The same lab, without what was typed in `count`'s box (typed again).
    fn forgetting_typed(&self, count: Count) -> Lab {
        match &self.scenario.typed_count {
            Some((typed, _)) if *typed == count => self.forgetting_all_typed(),
            _ => self.clone(),
        }
    }

    /// The same lab, with no count being typed.
    fn forgetting_all_typed(&self) -> Lab {
        if self.scenario.typed_count.is_none() && self.scenario.typed_pools.is_empty() {
            return self.clone();
        }
        Lab {
            scenario: Shared::new(Scenario {
                typed_count: None,
                typed_pools: Vec::new(),
                ..(*self.scenario).clone()
            }),
            ..self.clone()
        }
    }

    /// The same lab, with `text` typed as the `setting` of the user pool at
    /// `index` (replacing what was typed there before).
    fn typing_pool(&self, index: usize, setting: PoolSetting, text: String) -> Lab {
        let mut typed = self.scenario.typed_pools.clone();
        typed.retain(|(pool, typed, _)| (*pool, *typed) != (index, setting));
        typed.push((index, setting, text));
        Lab {
            scenario: Shared::new(Scenario {
                typed_pools: typed,
                ..(*self.scenario).clone()
            }),
            ..self.clone()
        }
    }

    /// The same lab, showing why the input is not the plan.
    fn with_problems(&self, problems: Vec<InputError>) -> Lab {
        self.with_drafts_and_problems(self.scenario.drafts.clone(), problems)
    }

    /// The scenario after `change`, planned: a new plan, or the problems
    /// that prevent one. Every field still being typed (its text is not the
    /// last good value) is applied too, so fixing one field while another
    /// is half-typed keeps both.
    fn replanned(&self, change: impl FnOnce(&mut ClusterSpec, &mut Drafts)) -> Lab {
        let scenario = &self.scenario;
        let mut candidate = scenario.spec.clone();
        let mut unreadable = Vec::new();
        // A count still being typed in its box is applied again first.
        if let Some((count, text)) = &scenario.typed_count {
            match count.read(text) {
                Ok(setting) => setting.write_into(&mut candidate),
                Err(error) => unreadable.push(InputError::Unreadable {
                    field: count.field(),
                    error,
                }),
            }
        }
        // So are the pools' settings still being typed.
        for (index, setting, text) in &scenario.typed_pools {
            let Some(pool) = candidate.user_pools.get_mut(*index) else {
                continue;
            };
            let field = Field::pool(&pool.name, *setting);
            if let Err(error) = write_pool_setting(pool, *setting, text) {
                unreadable.push(InputError::Unreadable { field, error });
            }
        }
        let mut drafts = scenario.drafts.clone();
        change(&mut candidate, &mut drafts);
        unreadable.extend(
            TextInput::ALL
                .into_iter()
                .zip(&drafts)
                .filter(|(input, text)| **text != input.value_in(&scenario.spec))
                .filter_map(|(input, text)| {
                    let field = input.field(&candidate);
                    input
                        .write(&mut candidate, text)
                        .err()
                        .map(|error| InputError::Unreadable { field, error })
                }),
        );
        if !unreadable.is_empty() {
            return self.with_drafts_and_problems(drafts, unreadable);
        }
        // Nothing changed (a value typed again, a choice chosen again): the
        // plan, the packet and the preset stay as they are.
        if candidate == scenario.spec {
            return self
                .forgetting_all_typed()
                .with_drafts_and_problems(drafts_of(&candidate), Vec::new());
        }
        match Plan::evolve(&scenario.plan, &candidate) {
            Ok(plan) => {
                // The packet is followed again from the start through the new
                // plan, if it still exists there; an operation on the stage
                // ends, and the plan's first flow takes the stage again.
                let ending = self.operation.is_some();
                let packet = match &self.packet {
                    Some(packet) => Followed::through(&plan, packet.flow),
                    None if ending => Followed::first_of(&plan),
                    None => None,
                };
                let compare = self.compare.as_ref().map(|comparison| {
                    Shared::new(Comparison::of(
                        &candidate,
                        comparison.plugin,
                        Some(comparison),
                    ))
                });
                // A change of the node count alone can be played as a scale,
                // from before the first of consecutive count changes.
                let count_only = {
                    let mut counted = scenario.spec.clone();
                    counted.node_count = candidate.node_count;
                    for (pool, now) in counted.user_pools.iter_mut().zip(&candidate.user_pools) {
                        pool.node_count = now.node_count;
                    }
                    candidate == counted
                };
                // With the autoscaler on, a change of the pods alone can move
                // the node count too.
                let autoscaled = candidate.max_count.is_some()
                    || candidate
                        .user_pools
                        .iter()
                        .any(|pool| pool.max_count.is_some());
                let pods_only = autoscaled
                    && candidate
                        == ClusterSpec {
                            deployments: candidate.deployments.clone(),
                            ..scenario.spec.clone()
                        };
                let scaled_from = (count_only || pods_only)
                    .then(|| {
                        self.scaled_from
                            .clone()
                            .unwrap_or_else(|| scenario.plan.clone())
                    })
                    .filter(|before| before.nodes.len() != plan.nodes.len());
                Lab {
                    scenario: Shared::new(Scenario {
                        drafts: drafts_of(&candidate),
                        created: scenario.created.clone(),
                        spec: candidate,
                        plan: Shared::new(plan),
                        typed_count: None,
                        typed_pools: Vec::new(),
                        problems: Vec::new(),
                    }),
                    packet,
                    auto_flow: self.auto_flow || ending,
                    step: 0,
                    source: None,
                    pick_note: None,
                    playing: false,
                    preset: None,
                    compare,
                    operation: None,
                    scaled_from,
                    ..self.clone()
                }
            }
            Err(errors) => self.with_drafts_and_problems(drafts, errors),
        }
    }

    /// The same plan, with what is typed and why it is not the plan.
    fn with_drafts_and_problems(&self, drafts: Drafts, problems: Vec<InputError>) -> Lab {
        Lab {
            scenario: Shared::new(Scenario {
                drafts,
                problems,
                ..(*self.scenario).clone()
            }),
            ..self.clone()
        }
    }

    /// A click in the diagram: the source first, then the destination.
    fn picked(&self, code: &str) -> Lab {
        let mut next = Lab {
            playing: false,
            ..self.clone()
        };
        let plan = self.plan();
        match self.source {
            None => match parse_endpoint(code) {
                Some(from) => {
                    next.source = Some(from);
                    next.pick_note = Some(PickNote::ChooseDestination);
                }
                None => next.pick_note = Some(PickNote::DestinationOnly),
            },
            Some(from) => {
                next.source = None;
                let picked = parse_target(plan, code).map(|to| Flow::between(plan, from, to));
                match picked {
                    Some(Ok(traced)) => {
                        next.packet = Some(Followed::traced(traced));
                        next.step = 0;
                        next.auto_flow = false;
                        next.pick_note = None;
                    }
                    Some(Err(why)) => next.pick_note = Some(PickNote::Refused(why)),
                    None => next.pick_note = Some(PickNote::NotADestination),
                }
            }
        }
        next
    }
}

impl Reducible for Lab {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        Rc::new(Lab {
            revision: self.revision + 1,
            ..self.apply(action)
        })
    }
}

/// What a page shows unless its link says: every panel, or in a blog's
/// iframe the stage and the hop list (and the lesson or the comparison).
fn default_panels(embed: bool, lesson: bool, compare: bool) -> Panels {
    if embed {
        Panels::embedded(lesson, compare)
    } else {
        Panels::ALL
    }
}

fn drafts_of(spec: &ClusterSpec) -> Drafts {
    TextInput::ALL
        .iter()
        .map(|input| input.value_in(spec))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use aks_model::{OutboundType, TrafficPolicy};

    use crate::service_choice::ServiceChoice;

    fn lab() -> Lab {
        Lab::from_link(Link {
            spec: ClusterSpec::defaults_for(NetworkPlugin::Kubenet),
            ..Link::default()
        })
    }

    fn code(lab: &Lab) -> Option<String> {
        lab.packet.as_ref().map(|packet| packet.flow.code())
    }

    /// aks-facts §10 (learn: aks/limit-egress-traffic): with userDefinedRouting
    /// the answer to a public load balancer dies at the firewall; the fix, an
    /// internal load balancer behind the firewall's DNAT rule, is one action
    /// away, and the packet that shows it working is followed.
    #[test]
    fn the_asymmetric_routing_fix_is_applied_and_followed() {
        let broken = Lab::from_link(crate::url::read_query(
            "model=overlay&outbound=udr&flow=internet.lb0",
        ));
        let trace = &broken.packet.as_ref().expect("a packet").trace;
        assert!(matches!(
            trace.verdict,
            aks_model::path::Verdict::Dropped { .. }
        ));
        let fix = trace.fix.expect("a fix");
        let fixed = broken.apply(Action::ApplyFix(fix));
        assert_eq!(code(&fixed).as_deref(), Some("internet.lb0"));
        let trace = &fixed.packet.as_ref().expect("a packet").trace;
        assert!(trace.verdict.seen_source().is_some(), "{:?}", trace.verdict);
        assert!(crate::url::write_query(&fixed.scenario.spec, fixed.shown())
            .contains("service=internal"));
    }

    /// The upgrade plays on the stage in place of the packet: each step's
    /// plan is the model's (learn: aks/upgrade-conceptual), stepping back
    /// gives the same plan as stepping forward, the link keeps the step,
    /// and the way back restores the packet.
    #[test]
    fn an_upgrade_takes_the_stage_and_the_link_keeps_its_step() {
        let playing = lab().apply(Action::Upgrade);
        assert!(playing.playing && playing.packet.is_none());
        let operation = playing.operation.clone().expect("an upgrade");
        // 3 nodes, 10 % surge: 1 surge node, 3 batches of 1.
        assert_eq!(playing.last_step(), 1 + 1 + 3 * 2 + 2 - 1);
        let third = playing.apply(Action::Tick).apply(Action::Tick);
        let expected = operation.rollout.plan_at(2, playing.plan());
        assert_eq!(**third.stage_plan(), expected);
        assert!(third.stage_plan().nodes[0].cordoned);
        let query = crate::url::write_query(&third.scenario.spec, third.shown());
        assert!(query.ends_with("&upgrade=3"), "{query}");
        let linked = Lab::from_link(crate::url::read_query(&query));
        assert_eq!(linked.step, 2);
        assert_eq!(**linked.stage_plan(), **third.stage_plan());
        let back = third.apply(Action::StepForward).apply(Action::StepBack);
        assert_eq!(**back.stage_plan(), **third.stage_plan());
        // The scenario's own plan never changes.
        assert_eq!(third.plan(), playing.plan());
        let ended = third.apply(Action::EndOperation);
        assert!(ended.operation.is_none() && ended.packet.is_some());
        assert!(!crate::url::write_query(&ended.scenario.spec, ended.shown()).contains("upgrade"));
        // A change of the cluster ends it too.
        let changed = third.apply(Action::Set(Setting::Count(Count::Replicas, 4)));
        assert!(changed.operation.is_none());
    }

    /// learn: aks/upgrade-conceptual: 40 kubenet nodes with max surge 1 take
    /// 1 + 1 + 40 × 2 + 2 = 84 steps. Stepping back, jumping and linking
    /// all give the plan the model gives, planned on from kept checkpoints
    /// (at most 16) rather than from the start.
    #[test]
    fn stepping_back_through_a_long_upgrade_gives_the_models_plans() {
        let linked = Lab::from_link(crate::url::read_query(
            "model=kubenet&nodes=40&surge=1&replicas=80&upgrade=84",
        ));
        let operation = linked.operation.clone().expect("an upgrade");
        assert_eq!(linked.step, 83);
        let start = &operation.checkpoints[0].1;
        let expected = |step: usize| operation.rollout.plan_at(step, start);
        assert_eq!(**linked.stage_plan(), expected(83));
        let mut lab = linked;
        for step in (75..83).rev() {
            lab = lab.apply(Action::StepBack);
            assert_eq!(**lab.stage_plan(), expected(step), "step {step}");
            let operation = lab.operation.as_ref().expect("still on");
            assert_eq!(*operation.before, expected(step - 1), "before {step}");
        }
        let checkpoints = &lab.operation.as_ref().expect("on").checkpoints;
        assert!(
            checkpoints.len() > 1 && checkpoints.len() <= 17,
            "{}",
            checkpoints.len()
        );
        let back_to_start = lab.apply(Action::StepToStart);
        assert_eq!(back_to_start.stage_plan(), &checkpoints[0].1);
    }

    /// What a learner does during an operation: a change of the cluster
    /// ends it and brings the packet back; a click in the diagram (the
    /// step's nodes) picks nothing; a stray tick moves nothing; a link with
    /// both a packet and an upgrade says which takes the stage.
    #[test]
    fn an_operation_ends_cleanly_and_ignores_what_it_cannot_take() {
        let upgrading = lab().apply(Action::Upgrade).apply(Action::Tick);
        assert!(upgrading.packet.is_none());
        let changed = upgrading.apply(Action::Set(Setting::Count(Count::Replicas, 4)));
        assert!(changed.operation.is_none());
        assert!(changed.packet.is_some() && changed.auto_flow);
        let picked = upgrading.apply(Action::Pick("node3".into()));
        assert!(picked.operation.is_some() && picked.source.is_none());
        let paused = upgrading.apply(Action::Pause);
        assert_eq!(paused.apply(Action::Tick).step, paused.step);
        // A refused upgrade has one step: nothing to play.
        let refused = Lab::from_link(crate::url::read_query(
            "model=cni&nodes=8&nodeSubnet=10.224.0.0/24",
        ))
        .apply(Action::Upgrade);
        assert!(!refused.playing && refused.last_step() == 0);
        let both = Lab::from_link(crate::url::read_query(
            "model=kubenet&flow=pod0.pod1&hop=9&upgrade=2",
        ));
        assert!(both.packet.is_none());
        let said: Vec<String> = both.link_problems.iter().map(ToString::to_string).collect();
        assert_eq!(said.len(), 1, "{said:?}");
        assert!(said[0].starts_with("flow: the upgrade takes the stage"));
    }

    /// Consecutive node-count changes play as one scale from where they
    /// began; a change back to where it began, or of anything else, offers
    /// none.
    #[test]
    fn a_scale_is_offered_from_the_first_of_consecutive_count_changes() {
        let three = lab();
        let count = |lab: &Lab, nodes| lab.apply(Action::Set(Setting::Count(Count::Nodes, nodes)));
        let five = count(&count(&three, 4), 5);
        let from = five.scaled_from.as_ref().expect("offered");
        assert_eq!(from.nodes.len(), 3);
        assert!(count(&five, 3).scaled_from.is_none(), "back where it began");
        let max_pods = five.apply(Action::Set(Setting::Count(Count::MaxPods, 50)));
        assert!(max_pods.scaled_from.is_none());
    }

    /// A link deep into a large cluster's upgrade (999 nodes, max surge 1:
    /// 2,002 steps; aks-facts §1.9, a pool and its surge within 1,000) opens as far as a moment of planning goes, and says so,
    /// rather than freezing the page.
    #[test]
    fn a_link_too_far_into_a_large_upgrade_opens_where_planning_allows() {
        let linked = Lab::from_link(crate::url::read_query(
            "model=overlay&nodes=999&replicas=8000&podCidr=10.240.0.0/13&surge=1&upgrade=2002",
        ));
        let operation = linked.operation.as_ref().expect("an upgrade");
        assert_eq!(operation.rollout.steps.len(), 2002);
        let reachable = LINK_PLANNING_BUDGET / (8000 + 999 + 1);
        assert_eq!(linked.step, reachable);
        let said: Vec<String> = linked
            .link_problems
            .iter()
            .map(ToString::to_string)
            .collect();
        assert!(
            said.iter()
                .any(|problem| problem.starts_with("upgrade: step 2002 of this large cluster")),
            "{said:?}"
        );
    }

    /// A max surge typed as a percentage is applied and leaves the box
    /// (it stayed "being typed", and was read again at every change).
    #[test]
    fn a_percentage_surge_typed_is_applied_and_forgotten() {
        let typed = lab().apply(Action::EditCount(Count::MaxSurge, "33%".into()));
        assert_eq!(
            typed.scenario.spec.max_surge,
            aks_model::MaxSurge::Percent(33)
        );
        assert!(typed.scenario.typed_count.is_none());
        let over = lab().apply(Action::EditCount(Count::MaxSurge, "150%".into()));
        assert!(
            over.scenario.typed_count.is_some(),
            "an invalid one stays in its box"
        );
    }

    /// A link past the upgrade's last step shows the last, and says so.
    #[test]
    fn a_link_past_the_last_step_shows_the_last() {
        let linked = Lab::from_link(crate::url::read_query("model=kubenet&upgrade=99"));
        assert_eq!(linked.step, 9);
        assert!(linked
            .link_problems
            .iter()
            .any(|problem| problem.to_string().contains("this upgrade has 10 steps")));
    }

    /// aks-facts §6.1: 7 Azure CNI nodes in a /24 hold 217 of 251
    /// addresses; AKS's pre-check refuses a max surge of 2 (2 × 30 > 34
    /// free). The offered fix (max surge 1) plays to the end.
    #[test]
    fn a_stopped_upgrade_plays_again_with_the_surge_that_fits() {
        let stopped = Lab::from_link(crate::url::read_query(
            "model=cni&nodes=7&surge=2&nodeSubnet=10.224.0.0/24&upgrade=1",
        ));
        let operation = stopped.operation.as_ref().expect("an upgrade");
        assert_eq!(
            operation.rollout.stop.as_ref().map(|stop| stop.step),
            Some(0)
        );
        let fixed = stopped.apply(Action::UpgradeAfter(Box::new(Action::Set(
            Setting::MaxSurge(aks_model::MaxSurge::Nodes(1)),
        ))));
        let operation = fixed.operation.as_ref().expect("an upgrade");
        assert!(operation.rollout.stop.is_none());
        assert_eq!(fixed.step, 0);
        assert!(fixed.playing);
    }

    /// A change of the node count is offered as a scale to play, from the
    /// plan before it to the plan now (learn: aks/scale-cluster).
    #[test]
    fn a_node_count_change_can_be_played_as_a_scale() {
        let grown = lab().apply(Action::Set(Setting::Count(Count::Nodes, 5)));
        assert!(grown.scaled_from.is_some());
        let scale = grown.apply(Action::ReplayScale);
        assert_eq!(scale.stage_plan().nodes.len(), 3);
        let end = scale.apply(Action::StepForward).apply(Action::StepForward);
        assert_eq!(end.stage_plan().nodes.len(), 5);
        let ips = |plan: &Plan| plan.nodes.iter().map(|node| node.ip).collect::<Vec<_>>();
        assert_eq!(ips(end.stage_plan()), ips(grown.plan()));
        let typed = lab()
            .apply(Action::EditCount(Count::Nodes, String::new()))
            .apply(Action::EditCount(Count::Nodes, "5".into()));
        assert!(typed.scaled_from.is_some(), "typed in the box");
        let replica_change = grown.apply(Action::Set(Setting::Count(Count::Replicas, 4)));
        assert!(replica_change.scaled_from.is_none());
    }

    /// With the autoscaler on, more replicas than the nodes hold make it add
    /// a node (learn: aks/cluster-autoscaler): that too is offered as a
    /// scale to play, and told as the autoscaler's.
    #[test]
    fn the_autoscalers_change_can_be_played_too() {
        let autoscaled = Lab::from_link(crate::url::read_query("model=cni&nodes=3-8"));
        let busy = autoscaled.apply(Action::Set(Setting::Count(Count::Replicas, 100)));
        let from = busy.scaled_from.as_ref().expect("offered");
        assert_eq!((from.nodes.len(), busy.plan().nodes.len()), (3, 4));
        let scale = busy.apply(Action::ReplayScale);
        let operation = scale.operation.as_ref().expect("a scale on the stage");
        assert!(matches!(
            operation.rollout.kind,
            aks_model::rollout::RolloutKind::Scale {
                by_autoscaler: true,
                ..
            }
        ));
    }

    fn problem(lab: &Lab, field: &Field) -> Option<String> {
        lab.scenario.problem_for(field).map(ToString::to_string)
    }

    #[test]
    fn a_count_change_replans_and_keeps_existing_nodes() {
        let before = lab();
        let after = before.apply(Action::Set(Setting::Count(Count::Nodes, 4)));
        assert_eq!(after.plan().nodes.len(), 4);
        assert_eq!(after.plan().nodes[0].ip, before.plan().nodes[0].ip);
        assert!(after.scenario.problems.is_empty());
    }

    /// A value set again changes nothing: the packet stays where it was.
    #[test]
    fn setting_a_value_again_keeps_the_plan_and_the_packet() {
        let stepped = lab()
            .apply(Action::FollowFlow(Some("pod0.pod1".into())))
            .apply(Action::StepForward);
        let again = stepped.apply(Action::EditCount(Count::Nodes, " 3".into()));
        assert_eq!(again.plan(), stepped.plan());
        assert_eq!(again.step, 1);
        assert_eq!(again.scenario.drafts, stepped.scenario.drafts);
        let typed = stepped.apply(Action::EditText(TextInput::PodCidr, "10.244.0.0/16".into()));
        assert_eq!(typed.plan(), stepped.plan());
        assert!(typed.scenario.problems.is_empty());
    }

    #[test]
    fn an_invalid_value_keeps_the_last_good_plan_and_says_why() {
        let before = lab();
        let after = before.apply(Action::EditCount(Count::MaxPods, "300".into()));
        assert_eq!(after.plan(), before.plan());
        assert_eq!(after.scenario.spec.max_pods, 110);
        assert!(problem(&after, &Field::MaxPods).is_some_and(|m| m.contains("between 10 and 250")));
        // Fixing it clears the problem.
        let fixed = after.apply(Action::EditCount(Count::MaxPods, "50".into()));
        assert_eq!(fixed.scenario.spec.max_pods, 50);
        assert!(fixed.scenario.problems.is_empty());
    }

    #[test]
    fn an_unreadable_count_is_shown_and_the_plan_stays() {
        let before = lab();
        let after = before.apply(Action::EditCount(Count::Nodes, "-5".into()));
        assert_eq!(after.plan(), before.plan());
        assert_eq!(
            problem(&after, &Field::NodeCount).as_deref(),
            Some("-5 is below zero: a count starts at 0.")
        );
        // The box keeps what was typed, so the learner sees what is wrong.
        assert_eq!(
            after.scenario.typed_count,
            Some((Count::Nodes, "-5".to_string()))
        );
        // Editing another field keeps the typed count and its message.
        let elsewhere = after.apply(Action::EditText(TextInput::PodCidr, "10.100.0.0/16".into()));
        assert_eq!(
            elsewhere.scenario.typed_count,
            Some((Count::Nodes, "-5".to_string()))
        );
        assert!(problem(&elsewhere, &Field::NodeCount).is_some());
        assert_eq!(elsewhere.scenario.spec, before.scenario.spec);
        // A valid count typed while a range is half-typed is kept as typed,
        // and applied with the range once it reads.
        let half = before.apply(Action::EditText(TextInput::PodCidr, "10.100.0.0/".into()));
        let counted = half.apply(Action::EditCount(Count::Nodes, "5".into()));
        assert_eq!(
            counted.scenario.typed_count,
            Some((Count::Nodes, "5".to_string()))
        );
        let done = counted.apply(Action::EditText(TextInput::PodCidr, "10.100.0.0/16".into()));
        assert_eq!(
            (
                done.scenario.spec.node_count,
                done.scenario.typed_count.clone()
            ),
            (5, None)
        );
        let too_many = before.apply(Action::EditCount(Count::Nodes, "100000".into()));
        assert_eq!(too_many.plan(), before.plan());
        assert_eq!(
            too_many.scenario.typed_count,
            Some((Count::Nodes, "100000".to_string()))
        );
        assert!(after
            .apply(Action::EditCount(Count::Nodes, "4".into()))
            .scenario
            .problems
            .is_empty());
    }

    #[test]
    fn a_half_typed_range_is_kept_as_typed_with_its_message() {
        let before = lab();
        let typing = before.apply(Action::EditText(TextInput::PodCidr, "10.244.0.0/".into()));
        assert_eq!(typing.plan(), before.plan());
        assert_eq!(
            typing.scenario.drafts[TextInput::PodCidr as usize],
            "10.244.0.0/"
        );
        assert!(problem(&typing, &Field::PodCidr).is_some());
        let done = typing.apply(Action::EditText(TextInput::PodCidr, "10.100.0.0/16".into()));
        assert_eq!(
            done.plan().nodes[0]
                .pod_range
                .map(|r| r.to_string())
                .as_deref(),
            Some("10.100.0.0/24")
        );
    }

    #[test]
    fn a_packet_steps_through_its_hops_and_stops_at_the_ends() {
        let lab = lab().apply(Action::FollowFlow(Some("pod0.pod1".into())));
        let last = lab.last_step();
        assert!(last > 0);
        assert_eq!(lab.step, 0);
        assert_eq!(lab.apply(Action::StepBack).step, 0);
        let mut stepped = lab.clone();
        for _ in 0..last + 3 {
            stepped = stepped.apply(Action::StepForward);
        }
        assert_eq!(stepped.step, last);
        assert_eq!(stepped.apply(Action::StepToStart).step, 0);
        // Stepping keeps the trace: the packet is not traced again.
        let trace = &lab.packet.as_ref().expect("a packet").trace;
        assert_eq!(&stepped.packet.as_ref().expect("a packet").trace, trace);
        // A change to the cluster keeps the packet and starts it over.
        let replanned = stepped.apply(Action::Set(Setting::Count(Count::Nodes, 4)));
        assert_eq!(
            (code(&replanned).as_deref(), replanned.step),
            (Some("pod0.pod1"), 0)
        );
        assert_eq!(code(&lab.apply(Action::FollowFlow(None))), None);
        assert_eq!(
            code(&lab.apply(Action::FollowFlow(Some("pod0.lb9".into())))),
            None
        );
    }

    /// The source posts' port story (aks-facts §7.1): the container listens
    /// on 80 and the Service's targetPort 85 reaches nothing; 80 works.
    #[test]
    fn service_ports_and_type_follow_the_controls() {
        let lab = lab()
            .apply(Action::Set(Setting::ServiceType(
                ServiceChoice::InternalLoadBalancer,
            )))
            .apply(Action::EditText(TextInput::ListenPort, "80".into()))
            .apply(Action::EditText(TextInput::ServicePort, "90".into()))
            .apply(Action::EditText(TextInput::TargetPort, "85".into()))
            .apply(Action::Set(Setting::TrafficPolicy(TrafficPolicy::Local)))
            .apply(Action::Set(Setting::OutboundType(OutboundType::NatGateway)));
        let spec = &lab.scenario.spec;
        let service = &spec.services[0];
        assert_eq!(
            ServiceChoice::of(&service.kind),
            ServiceChoice::InternalLoadBalancer
        );
        assert_eq!(
            (service.port, service.target_port.clone()),
            (90, aks_model::TargetPort::Number(85))
        );
        assert_eq!(spec.deployments[0].listen_port, 80);
        assert_eq!(service.external_traffic_policy, TrafficPolicy::Local);
        assert_eq!(spec.outbound_type, OutboundType::NatGateway);
        let too_big = lab.apply(Action::EditText(TextInput::ServicePort, "70000".into()));
        let port_field = TextInput::ServicePort.field(&too_big.scenario.spec);
        assert!(problem(&too_big, &port_field).is_some());
        // A fixed nodePort goes with the NodePort type: back to ClusterIP, it is
        // dropped rather than reported.
        let fixed = lab
            .apply(Action::EditText(TextInput::NodePort, "31000".into()))
            .apply(Action::Set(Setting::ServiceType(ServiceChoice::ClusterIp)));
        assert_eq!(fixed.scenario.spec.services[0].node_port, None);
        assert!(
            fixed.scenario.problems.is_empty(),
            "{:?}",
            fixed.scenario.problems
        );
    }

    #[test]
    fn two_clicks_pick_a_packet_and_a_wrong_one_says_why() {
        let source = lab().apply(Action::Pick("internet".into()));
        assert_eq!(source.source, Some(Endpoint::Internet));
        assert_eq!(source.pick_note, Some(PickNote::ChooseDestination));
        let followed = source.apply(Action::Pick("lb0".into()));
        assert_eq!(code(&followed).as_deref(), Some("internet.lb0"));
        assert_eq!(
            (followed.source, followed.step, followed.pick_note),
            (None, 0, None)
        );
        // A load balancer is only ever a destination: the packet followed
        // before stays.
        let backwards = lab().apply(Action::Pick("lb0".into()));
        assert_eq!((backwards.source, code(&backwards)), (None, code(&lab())));
        assert_eq!(backwards.pick_note, Some(PickNote::DestinationOnly));
        // Two hosts outside the cluster make no flow of the cluster's.
        let refused = lab()
            .apply(Action::Pick("onprem".into()))
            .apply(Action::Pick("vm".into()));
        assert_eq!(code(&refused), code(&lab()));
        assert!(matches!(refused.pick_note, Some(PickNote::Refused(_))));
        let nowhere = lab()
            .apply(Action::Pick("onprem".into()))
            .apply(Action::Pick("nothing".into()));
        assert_eq!(nowhere.pick_note, Some(PickNote::NotADestination));
    }

    /// A link without a packet plays the plan's first flow once, from its
    /// first hop, and leaves it out of the link it writes until the learner
    /// steps or picks a packet.
    #[test]
    fn a_link_without_a_packet_plays_the_first_flow() {
        let first = lab();
        assert_eq!(code(&first).as_deref(), Some("pod0.pod1"));
        assert!(first.playing && first.auto_flow);
        assert_eq!(first.shown().flow, None);
        let ticked = first.apply(Action::Tick);
        assert_eq!((ticked.step, ticked.shown().flow), (1, None));
        let stepped = ticked.apply(Action::StepForward);
        assert_eq!(stepped.shown().flow, Some(("pod0.pod1".to_string(), 2)));
        // A link pinned to a hop stays there.
        let pinned = Lab::from_link(crate::url::read_query("model=kubenet&flow=pod0.pod1&hop=2"));
        assert!(!pinned.playing && !pinned.auto_flow);
        assert_eq!(pinned.step, 1);
    }

    #[test]
    fn the_player_runs_to_the_last_hop_and_stops() {
        let lab = lab().apply(Action::FollowFlow(Some("pod0.pod1".into())));
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
        assert_eq!(lab.scenario.spec.plugin, NetworkPlugin::AzureCni);
        assert_eq!(lab.preset.map(|p| p.name), Some("cni"));
        assert!(lab.projector, "projector view stays");
        assert_eq!(code(&lab).as_deref(), Some("vm.pod0"));
        assert_eq!(
            lab.apply(Action::StepForward).preset.map(|p| p.name),
            Some("cni")
        );
        assert_eq!(
            lab.apply(Action::Set(Setting::Count(Count::Nodes, 4)))
                .preset,
            None
        );
        assert_eq!(
            lab.apply(Action::LoadPreset("nope".into()))
                .preset
                .map(|p| p.name),
            Some("cni")
        );
    }

    /// The compared plan follows every change of the inputs.
    #[test]
    fn a_comparison_follows_the_inputs() {
        let lab = lab().apply(Action::Compare(Some(NetworkPlugin::AzureCni)));
        let compared = |lab: &Lab| match lab.compare.as_deref() {
            Some(Comparison {
                plugin: NetworkPlugin::AzureCni,
                plan: Ok(plan),
            }) => plan.clone(),
            other => panic!("{other:?}"),
        };
        assert_eq!(compared(&lab).nodes.len(), 3);
        let grown = lab.apply(Action::Set(Setting::Count(Count::Nodes, 5)));
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
        assert!(
            small.scenario.problems.is_empty(),
            "{:?}",
            small.scenario.problems
        );
        assert!(matches!(
            small.compare.as_deref(),
            Some(Comparison { plan: Ok(plan), .. }) if !plan.failures.is_empty()
        ));
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
        assert_eq!(lab.scenario.spec.plugin, NetworkPlugin::AzureCniPodSubnet);
        assert!(matches!(
            lab.compare.as_deref(),
            Some(Comparison {
                plugin: NetworkPlugin::AzureCniOverlay,
                plan: Ok(_)
            })
        ));
        let changed = lab.apply(Action::Set(Setting::Count(Count::Nodes, 4)));
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
        let link = Link {
            spec: ClusterSpec::defaults_for(NetworkPlugin::Kubenet),
            flow: Some("pod0.pod1".into()),
            hop: 3,
            ..Link::default()
        };
        let lab = Lab::from_link(link.clone());
        assert_eq!(code(&lab).as_deref(), Some("pod0.pod1"));
        assert_eq!(lab.step, 2);
        let beyond = Lab::from_link(Link {
            hop: 99,
            ..link.clone()
        });
        assert_eq!(beyond.step, beyond.last_step());
        assert_eq!(
            *beyond.link_problems,
            [LinkProblem::HopBeyond {
                hops: beyond.last_step() + 1
            }]
        );
        let unknown = Lab::from_link(Link {
            flow: Some("pod0.lb7".into()),
            ..link
        });
        assert_eq!(code(&unknown), None);
        assert!(matches!(
            unknown.link_problems.first(),
            Some(LinkProblem::NotAFlow(_))
        ));
    }

    /// A user pool is added under the first free name, edited as typed
    /// (what does not read or validate stays in its box with its problem,
    /// and the last good plan stays), and removed.
    #[test]
    fn user_pools_are_added_edited_and_removed() {
        let names = |lab: &Lab| -> Vec<String> {
            let pools = &lab.scenario.spec.user_pools;
            pools.iter().map(|pool| pool.name.clone()).collect()
        };
        let added = lab().apply(Action::AddPool).apply(Action::AddPool);
        assert_eq!(names(&added), ["userpool1", "userpool2"]);
        assert_eq!(added.plan().pools.len(), 3);
        let typed = added.apply(Action::EditPool(0, PoolSetting::MaxPods, "300".into()));
        assert_eq!(typed.plan(), added.plan());
        let field = Field::pool("userpool1", PoolSetting::MaxPods);
        assert!(typed
            .scenario
            .problem_for(&field)
            .is_some_and(|problem| problem.to_string().contains("between 10 and 250")));
        assert_eq!(
            typed.scenario.typed_pools,
            [(0, PoolSetting::MaxPods, "300".to_string())]
        );
        let fixed = typed.apply(Action::EditPool(0, PoolSetting::MaxPods, "50".into()));
        assert_eq!(fixed.scenario.spec.user_pools[0].max_pods, 50);
        assert!(fixed.scenario.typed_pools.is_empty() && fixed.scenario.problems.is_empty());
        let ranged = fixed.apply(Action::EditPool(1, PoolSetting::NodeCount, "2-5".into()));
        assert_eq!(ranged.scenario.spec.user_pools[1].max_count, Some(5));
        let removed = ranged.apply(Action::RemovePool(0));
        assert_eq!(names(&removed), ["userpool2"]);
    }

    /// A change of a user pool's count can be played as a scale of that pool.
    #[test]
    fn a_user_pools_scale_can_be_played() {
        let pooled = lab().apply(Action::AddPool);
        let grown = pooled.apply(Action::EditPool(0, PoolSetting::NodeCount, "5".into()));
        assert!(grown.scaled_from.is_some());
        let scale = grown.apply(Action::ReplayScale);
        let operation = scale.operation.as_ref().expect("a scale on the stage");
        assert!(operation
            .rollout
            .steps
            .iter()
            .skip(1)
            .all(|step| step.pool == 1));
    }
}
