//! The query string: the only module that knows its format. Every control
//! round-trips through it, so a link reproduces the view; a malformed or
//! out-of-range parameter is reported and the rest still applies.
//!
//! Each parameter is a [`Param`]: its name, how it is read into a cluster
//! description, how it is written from one, and which input errors send it
//! back to its default, all in one place. The module depends on the
//! settings, fields, presets and lessons it names, never on the state:
//! the state reads links through [`read_query`], [`read_preset`] and
//! [`read_lesson_step`], and writes them with [`write_query`].

use std::fmt;

use aks_model::input::{
    parse_count, parse_node_counts, parse_pool, write_pool, ParseError, PoolParseError,
};
use aks_model::limits::MAX_USER_POOLS;
use aks_model::spec::{DEFAULT_DNS_SERVICE_IP, DEFAULT_SERVICE_CIDR};
use aks_model::subnet::{address_at, offset_of};
use aks_model::{
    validate, ClusterSpec, Dataplane, Field, InputError, NetworkPlugin, NetworkPolicy,
    OutboundType, PodIpAllocation, PolicyEngine, RequiredNsgRule, TrafficPolicy,
};
use ipnet::Ipv4Net;

use crate::fields::TextInput;
use crate::flows::FlowError;
use crate::lessons::{lesson_named, Lesson, LESSONS};
use crate::panels::{Panel, Panels};
use crate::presets::{preset_named, Preset, PRESETS};
use crate::service_choice::{
    ServiceChoice, DATAPLANES, OUTBOUND_TYPES, POD_IP_ALLOCATIONS, POLICIES, POLICY_ENGINES,
};
use crate::settings::{Count, Setting};

/// A choice with a name in links (and in the controls' values): one table
/// per kind of choice, read both ways.
pub trait LinkName: Copy + PartialEq + 'static {
    /// Every choice, in the order the controls list them.
    const ALL: &'static [Self];

    /// The choice's name in a link.
    fn link_name(self) -> &'static str;

    /// The choice of this name.
    fn named(name: &str) -> Option<Self> {
        Self::ALL
            .iter()
            .copied()
            .find(|choice| choice.link_name() == name)
    }

    /// Every choice's name, in order.
    fn names() -> Vec<&'static str> {
        Self::ALL.iter().map(|choice| choice.link_name()).collect()
    }
}

impl LinkName for NetworkPlugin {
    const ALL: &'static [Self] = &NetworkPlugin::ALL;

    fn link_name(self) -> &'static str {
        match self {
            Self::Kubenet => "kubenet",
            Self::AzureCni => "cni",
            Self::AzureCniOverlay => "overlay",
            Self::AzureCniPodSubnet => "podsubnet",
        }
    }
}

impl LinkName for ServiceChoice {
    const ALL: &'static [Self] = &ServiceChoice::ALL;

    fn link_name(self) -> &'static str {
        match self {
            Self::ClusterIp => "clusterip",
            Self::NodePort => "nodeport",
            Self::PublicLoadBalancer => "public",
            Self::InternalLoadBalancer => "internal",
        }
    }
}

impl LinkName for TrafficPolicy {
    const ALL: &'static [Self] = &POLICIES;

    fn link_name(self) -> &'static str {
        match self {
            Self::Cluster => "cluster",
            Self::Local => "local",
        }
    }
}

impl LinkName for Panel {
    const ALL: &'static [Self] = &Panel::ALL;

    fn link_name(self) -> &'static str {
        match self {
            Self::Diagram => "diagram",
            Self::Packet => "packet",
            Self::Controls => "controls",
            Self::Plan => "plan",
            Self::Anatomy => "anatomy",
            Self::Compare => "compare",
            Self::Lesson => "lesson",
            Self::Export => "export",
        }
    }
}

impl LinkName for Dataplane {
    const ALL: &'static [Self] = &DATAPLANES;

    fn link_name(self) -> &'static str {
        match self {
            Self::KubeProxy => "kube-proxy",
            Self::Cilium => "cilium",
        }
    }
}

impl LinkName for NetworkPolicy {
    const ALL: &'static [Self] = &NetworkPolicy::ALL;

    fn link_name(self) -> &'static str {
        self.name()
    }
}

impl LinkName for RequiredNsgRule {
    const ALL: &'static [Self] = &RequiredNsgRule::ALL;

    fn link_name(self) -> &'static str {
        self.name()
    }
}

impl LinkName for PolicyEngine {
    const ALL: &'static [Self] = &POLICY_ENGINES;

    fn link_name(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::AzureNpm => "npm",
            Self::Calico => "calico",
            Self::Cilium => "cilium",
        }
    }
}

impl LinkName for PodIpAllocation {
    const ALL: &'static [Self] = &POD_IP_ALLOCATIONS;

    fn link_name(self) -> &'static str {
        match self {
            Self::Dynamic => "dynamic",
            Self::StaticBlock => "static",
        }
    }
}

impl LinkName for OutboundType {
    const ALL: &'static [Self] = &OUTBOUND_TYPES;

    fn link_name(self) -> &'static str {
        match self {
            Self::LoadBalancer => "loadbalancer",
            Self::NatGateway => "natgateway",
            Self::UserDefinedRouting => "udr",
        }
    }
}

/// A parameter of the link.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Param {
    Model,
    /// `--network-dataplane`: `kube-proxy` or `cilium`.
    Dataplane,
    Count(Count),
    Text(TextInput),
    Service,
    Etp,
    Outbound,
    PodIpAllocation,
    /// A user pool (repeatable): `pool=NAME,NODES[,MAXPODS[,NODESUBNET[,PODSUBNET[,SURGE]]]]`.
    Pool,
    /// A NetworkPolicy applied to the namespace (repeatable), by name.
    Policy,
    /// The NetworkPolicy engine: `none`, `npm`, `calico` or `cilium`.
    PolicyEngine,
    /// The required NSG rules taken off, comma-separated.
    NsgRemove,
    Flow,
    Hop,
    Upgrade,
    Compare,
    Preset,
    Lesson,
    Step,
    Projector,
    Embed,
    Show,
}

impl Param {
    /// The parameters that describe the cluster, in the order links write them.
    pub const SCENARIO: [Param; 29] = [
        Self::Model,
        Self::Dataplane,
        Self::Count(Count::Nodes),
        Self::Count(Count::Replicas),
        Self::Count(Count::MaxPods),
        Self::Count(Count::MaxSurge),
        Self::Text(TextInput::Vnet),
        Self::Text(TextInput::NodeSubnet),
        Self::Text(TextInput::PodSubnet),
        Self::Text(TextInput::PodCidr),
        Self::Text(TextInput::ServiceCidr),
        Self::Text(TextInput::DnsServiceIp),
        Self::Text(TextInput::ServicesSubnet),
        Self::Service,
        Self::Text(TextInput::ServicePort),
        Self::Text(TextInput::TargetPort),
        Self::Text(TextInput::NodePort),
        Self::Text(TextInput::NsgRules),
        Self::Text(TextInput::ListenPort),
        Self::Text(TextInput::ContainerPort),
        Self::Text(TextInput::PortName),
        Self::Text(TextInput::HostPort),
        Self::Etp,
        Self::Outbound,
        Self::PodIpAllocation,
        Self::Pool,
        Self::Policy,
        Self::PolicyEngine,
        Self::NsgRemove,
    ];

    /// The parameters that say how the widget shows the cluster, then the
    /// prepared scenarios (a preset, a lesson's step) it starts from.
    const VIEW: [Param; 10] = [
        Self::Flow,
        Self::Hop,
        Self::Upgrade,
        Self::Compare,
        Self::Projector,
        Self::Embed,
        Self::Show,
        Self::Preset,
        Self::Lesson,
        Self::Step,
    ];

    /// Whether the parameter only says how the cluster is shown: a link with
    /// a preset and only these still shows the preset as it is described.
    fn only_shows(self) -> bool {
        matches!(
            self,
            Self::Flow
                | Self::Hop
                | Self::Upgrade
                | Self::Compare
                | Self::Projector
                | Self::Embed
                | Self::Show
        )
    }

    /// The parameter's name in a link.
    pub fn name(self) -> &'static str {
        match self {
            Self::Model => "model",
            Self::Dataplane => "dataplane",
            // The autoscaler's max count is written with the node count: `nodes=3-9`.
            Self::Count(Count::Nodes | Count::MaxCount) => "nodes",
            Self::Count(Count::Replicas) => "replicas",
            Self::Count(Count::MaxPods) => "maxPods",
            Self::Count(Count::MaxSurge) => "surge",
            Self::Text(TextInput::Vnet) => "vnet",
            Self::Text(TextInput::NodeSubnet) => "nodeSubnet",
            Self::Text(TextInput::PodSubnet) => "podSubnet",
            Self::Text(TextInput::PodCidr) => "podCidr",
            Self::Text(TextInput::ServiceCidr) => "serviceCidr",
            Self::Text(TextInput::DnsServiceIp) => "dnsIp",
            Self::Text(TextInput::ServicesSubnet) => "servicesSubnet",
            Self::Text(TextInput::ListenPort) => "listenPort",
            Self::Text(TextInput::ContainerPort) => "containerPort",
            Self::Text(TextInput::PortName) => "portName",
            Self::Text(TextInput::HostPort) => "hostPort",
            Self::Text(TextInput::ServicePort) => "port",
            Self::Text(TextInput::TargetPort) => "targetPort",
            Self::Text(TextInput::NodePort) => "nodePort",
            Self::Text(TextInput::NsgRules) => "nsg",
            Self::NsgRemove => "nsgRemove",
            Self::Service => "service",
            Self::Etp => "etp",
            Self::Outbound => "outbound",
            Self::PodIpAllocation => "podIpAllocation",
            Self::Pool => "pool",
            Self::Policy => "policy",
            Self::PolicyEngine => "policyEngine",
            Self::Flow => "flow",
            Self::Hop => "hop",
            Self::Upgrade => "upgrade",
            Self::Compare => "compare",
            Self::Preset => "preset",
            Self::Lesson => "lesson",
            Self::Step => "step",
            Self::Projector => "projector",
            Self::Embed => "embed",
            Self::Show => "show",
        }
    }

    /// The parameter of this name.
    pub fn named(name: &str) -> Option<Param> {
        Self::SCENARIO
            .into_iter()
            .chain(Self::VIEW)
            .find(|param| param.name() == name)
    }

    /// The parameter that sets what an input error is about, so that a bad
    /// value can be put back to its default.
    pub fn of_field(field: &Field) -> Param {
        match field {
            Field::NodeCount | Field::MaxCount => Self::Count(Count::Nodes),
            Field::MaxPods => Self::Count(Count::MaxPods),
            Field::MaxSurge => Self::Count(Count::MaxSurge),
            Field::Replicas | Field::Deployment(_) => Self::Count(Count::Replicas),
            Field::Service(_) => Self::Service,
            Field::Pool { .. } => Self::Pool,
            Field::Dataplane => Self::Dataplane,
            Field::PolicyEngine => Self::PolicyEngine,
            // Every other field is a text field's (a test checks the round trip).
            field => TextInput::of_field(field).map_or(Self::Model, Self::Text),
        }
    }

    /// The values a choice parameter takes, and what they are.
    fn choices(self) -> Option<(&'static str, Vec<&'static str>)> {
        Some(match self {
            Self::Model | Self::Compare => ("a network model", NetworkPlugin::names()),
            Self::Service => ("a Service type", ServiceChoice::names()),
            Self::Etp => ("a traffic policy", TrafficPolicy::names()),
            Self::Outbound => ("an outbound type", OutboundType::names()),
            Self::PodIpAllocation => ("a pod IP allocation mode", PodIpAllocation::names()),
            Self::Dataplane => ("a dataplane", Dataplane::names()),
            Self::Policy => ("a policy", NetworkPolicy::names()),
            Self::NsgRemove => ("a required NSG rule", RequiredNsgRule::names()),
            Self::PolicyEngine => ("a policy engine", PolicyEngine::names()),
            Self::Projector | Self::Embed => ("1 or 0", vec!["1", "0"]),
            Self::Show => ("a panel", Panel::names()),
            _ => return None,
        })
    }

    /// Reads the value of a scenario parameter into `spec`.
    fn read(self, spec: &mut ClusterSpec, value: &str) -> Result<(), LinkProblem> {
        let unreadable = |error| LinkProblem::Unreadable { param: self, error };
        let setting = match self {
            // A count, or the autoscaler's min and max counts: `3-9`.
            Self::Count(Count::Nodes) => {
                // A link's max count of 0 is reported, not read as "off".
                let (count, max) = parse_node_counts(value).map_err(unreadable)?;
                spec.max_count = max;
                Setting::Count(Count::Nodes, count)
            }
            Self::Count(count) => count.read(value).map_err(unreadable)?,
            Self::Text(input) => return input.write(spec, value).map_err(unreadable),
            Self::Model => Setting::Plugin(self.choose(value)?),
            Self::Service => Setting::ServiceType(self.choose(value)?),
            Self::Etp => Setting::TrafficPolicy(self.choose(value)?),
            Self::Outbound => Setting::OutboundType(self.choose(value)?),
            Self::PodIpAllocation => Setting::PodIpAllocation(self.choose(value)?),
            Self::Dataplane => Setting::Dataplane(self.choose(value)?),
            Self::Policy => {
                let policy: NetworkPolicy = self.choose(value)?;
                if !spec.policies.contains(&policy) {
                    spec.policies.push(policy);
                }
                return Ok(());
            }
            Self::PolicyEngine => Setting::PolicyEngine(self.choose(value)?),
            Self::NsgRemove => {
                for name in value.split(',').filter(|name| !name.is_empty()) {
                    let rule: RequiredNsgRule = self.choose(name)?;
                    if !spec.nsg_removed.contains(&rule) {
                        spec.nsg_removed.push(rule);
                    }
                }
                return Ok(());
            }
            Self::Pool => {
                let pool = parse_pool(value, spec.plugin).map_err(LinkProblem::BadPool)?;
                spec.user_pools.push(pool);
                return Ok(());
            }
            _ => return Ok(()),
        };
        setting.write_into(spec);
        Ok(())
    }

    /// The choice a choice parameter's value names, or the problem.
    fn choose<T: LinkName>(self, value: &str) -> Result<T, LinkProblem> {
        T::named(value).ok_or_else(|| LinkProblem::NotAChoice {
            param: self,
            given: value.to_string(),
        })
    }

    /// The value of a scenario parameter in `spec`, as a link writes it
    /// (empty for "none" or "automatic").
    fn value_in(self, spec: &ClusterSpec) -> String {
        let service = spec.services.first();
        match self {
            Self::Model => spec.plugin.link_name().into(),
            Self::Count(Count::Nodes) => match spec.max_count {
                Some(max) => format!("{}-{max}", spec.node_count),
                None => spec.node_count.to_string(),
            },
            Self::Count(count) => count.text_in(spec),
            Self::Text(input) => input.value_in(spec),
            Self::Service => service
                .map_or("", |s| ServiceChoice::of(&s.kind).link_name())
                .into(),
            Self::Etp => service
                .map_or("", |s| s.external_traffic_policy.link_name())
                .into(),
            Self::Outbound => spec.outbound_type.link_name().into(),
            // Only Pod Subnet reads it: under another model the link leaves it out.
            Self::PodIpAllocation if spec.plugin.uses_pod_subnet() => {
                spec.pod_ip_allocation.link_name().into()
            }
            Self::Dataplane => spec.dataplane.link_name().into(),
            Self::NsgRemove => {
                let names: Vec<&str> = spec
                    .nsg_removed
                    .iter()
                    .map(|rule| rule.link_name())
                    .collect();
                names.join(",")
            }
            // Written only when chosen: the default follows the dataplane.
            Self::PolicyEngine => spec
                .policy_engine
                .map_or("", |engine| engine.link_name())
                .into(),
            // One parameter per pool: see `write_query`.
            _ => String::new(),
        }
    }
}

/// What a link asked for that could not be used. `Display` is the message,
/// led by the parameter's name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkProblem {
    NotAParameter(String),
    /// The value does not read (not a number, not a range, …).
    Unreadable {
        param: Param,
        error: ParseError,
    },
    /// The value is not one of the parameter's choices.
    NotAChoice {
        param: Param,
        given: String,
    },
    /// A default the link did not set was in the way of the link's own
    /// ranges: it moved from `was` to `now`.
    MovedDefault {
        param: Param,
        was: String,
        now: String,
    },
    /// The value reads but is impossible; the parameter is back to `now`.
    Reverted {
        param: Param,
        error: InputError,
        now: String,
    },
    NotAPreset(String),
    NotALesson(String),
    /// The lesson has fewer steps than the link asks for.
    StepOutOfRange {
        lesson: &'static str,
        steps: usize,
    },
    /// The flow cannot be followed in this cluster.
    NotAFlow(FlowError),
    /// The packet has fewer hops than the link asks for.
    HopBeyond {
        hops: usize,
    },
    /// The upgrade has fewer steps than the link asks for (it stops early,
    /// or the pool is smaller).
    StepBeyond {
        steps: usize,
    },
    /// The link names a packet and an upgrade: the upgrade takes the stage.
    FlowDuringUpgrade,
    /// A `pool=` whose setting does not read: the pool is left out.
    BadPool(PoolParseError),
    /// A `pool=` that reads but is impossible: the pool is left out.
    PoolLeftOut {
        pool: String,
        error: InputError,
    },
    /// The step is too far into a large cluster's upgrade to plan at once.
    StepTooFar {
        asked: usize,
        shown: usize,
    },
}

impl fmt::Display for LinkProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotAParameter(key) => write!(
                f,
                "\"{key}\" is not a parameter of this widget; it was ignored."
            ),
            Self::Unreadable { param, error } => write!(f, "{}: {error}", param.name()),
            Self::NotAChoice { param, given } => {
                let (what, names) = param.choices().unwrap_or_default();
                let list = match (names.split_last(), *param) {
                    (_, Param::Projector | Param::Embed) | (None, _) => String::new(),
                    (Some(_), Param::Show) => {
                        format!(" ({}; several, with commas)", names.join(", "))
                    }
                    (Some((last, [])), _) => format!(" ({last})"),
                    (Some((last, rest)), Param::Model | Param::Compare) => {
                        format!(" ({} or {last})", rest.join(", "))
                    }
                    (Some(_), _) => format!(" ({})", names.join(", ")),
                };
                write!(f, "{}: \"{given}\" is not {what}{list}", param.name())?;
                if *param == Param::Model {
                    write!(f, "; showing {}", NetworkPlugin::default().link_name())?;
                }
                f.write_str(".")
            }
            Self::MovedDefault { param, was, now } => {
                let name = param.name();
                if *param == Param::Text(TextInput::DnsServiceIp) {
                    write!(
                        f,
                        "{name}: {was} moved with the service CIDR to {name}={now}."
                    )
                } else {
                    write!(f, "{name}: the default {was} is in the way of the link's ranges, so the lab moved it to {name}={now}.")
                }
            }
            Self::Reverted { param, error, now } => {
                let name = param.name();
                if now.is_empty() {
                    write!(f, "{name}: {error} Using no {name}.")
                } else {
                    write!(f, "{name}: {error} Using {name}={now}.")
                }
            }
            Self::BadPool(error) => write!(f, "pool: {error} The pool is left out."),
            Self::PoolLeftOut { pool, error } => {
                write!(f, "pool: {error} Pool {pool} is left out.")
            }
            Self::NotAPreset(name) => write!(
                f,
                "preset: \"{name}\" is not a preset ({}).",
                PRESETS.map(|preset| preset.name).join(", ")
            ),
            Self::NotALesson(name) => write!(
                f,
                "lesson: \"{name}\" is not a lesson ({}).",
                LESSONS.map(|lesson| lesson.name).join(", ")
            ),
            Self::StepOutOfRange { lesson, steps } => write!(
                f,
                "step: the lesson \"{lesson}\" has steps 1 to {steps}; showing the first."
            ),
            Self::NotAFlow(why) => write!(f, "flow: {why} No packet is shown."),
            Self::HopBeyond { hops } => {
                write!(f, "hop: this packet has {hops} hops; showing the last.")
            }
            Self::StepBeyond { steps } => {
                write!(
                    f,
                    "upgrade: this upgrade has {steps} steps; showing the last."
                )
            }
            Self::StepTooFar { asked, shown } => write!(
                f,
                "upgrade: step {asked} of this large cluster takes long to plan, so the link opens at step {shown}; Next ▶ goes on from there."
            ),
            Self::FlowDuringUpgrade => write!(
                f,
                "flow: the upgrade takes the stage, so no packet is followed (Back to packets shows them)."
            ),
        }
    }
}

/// A cluster read from a link, how to show it, and what in the link could
/// not be used.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Link {
    pub spec: ClusterSpec,
    pub problems: Vec<LinkProblem>,
    /// The followed packet's code (`flows::Flow::code`), read once the plan exists.
    pub flow: Option<String>,
    /// The hop shown, counted from 1 (0: the first).
    pub hop: usize,
    /// `upgrade=N`: the stage plays the pool's rolling upgrade, at step N
    /// (counted from 1; 0: the first).
    pub upgrade: Option<usize>,
    /// `projector=1`: larger type and a wider diagram.
    pub projector: bool,
    /// `embed=1`: compact chrome for a blog's iframe, and messages to the host.
    pub embed: bool,
    /// `compare=<model>`: the same inputs under a second model.
    pub compare: Option<NetworkPlugin>,
    /// `show=diagram,packet,…`: the panels to show, if the link chooses.
    pub show: Option<Panels>,
    /// The preset the link names, when it changes none of its settings.
    pub preset: Option<&'static Preset>,
    /// `lesson=<name>&step=<n>`: the lesson on screen and its step (from 0).
    pub lesson: Option<(&'static Lesson, usize)>,
}

/// Reads a query string (with or without its leading `?`).
pub fn read_query(query: &str) -> Link {
    let query = query.trim_start_matches('?');
    read_pairs(decoded(query))
}

/// The link of a preset, by its `?preset=` name.
pub fn read_preset(name: &str) -> Option<Link> {
    let preset = preset_named(name)?;
    Some(read_pairs(vec![(
        Param::Preset.name().into(),
        preset.name.into(),
    )]))
}

/// The link of a lesson's step (from 0), by the lesson's `?lesson=` name.
pub fn read_lesson_step(name: &str, step: usize) -> Option<Link> {
    let lesson = lesson_named(name)?;
    Some(read_pairs(vec![
        (Param::Lesson.name().into(), lesson.name.into()),
        (Param::Step.name().into(), (step + 1).to_string()),
    ]))
}

/// Reads decoded `key=value` pairs, in order.
fn read_pairs(mut pairs: Vec<(String, String)>) -> Link {
    let mut link = Link::default();
    link.lesson = lesson_of(&mut pairs, &mut link.problems);
    // A preset's parameters come first, so the link's own override them.
    if let Some(at) = pairs
        .iter()
        .position(|(key, _)| key == Param::Preset.name())
    {
        let (_, name) = pairs.remove(at);
        match preset_named(&name) {
            Some(named) => {
                let only_view = pairs
                    .iter()
                    .all(|(key, _)| Param::named(key).is_some_and(Param::only_shows));
                if only_view {
                    link.preset = Some(named);
                }
                pairs.splice(0..0, decoded(named.query));
            }
            None => link.problems.push(LinkProblem::NotAPreset(name)),
        }
    }
    // The last `model` wins, like every other parameter: a link's own
    // overrides its preset's or lesson step's.
    let plugin = match pairs
        .iter()
        .rev()
        .find(|(key, _)| key == Param::Model.name())
    {
        Some((_, name)) => NetworkPlugin::named(name).unwrap_or_else(|| {
            link.problems.push(LinkProblem::NotAChoice {
                param: Param::Model,
                given: name.clone(),
            });
            NetworkPlugin::default()
        }),
        None => NetworkPlugin::default(),
    };
    let defaults = ClusterSpec::defaults_for(plugin);
    let mut spec = defaults.clone();
    for (key, value) in &pairs {
        let Some(param) = Param::named(key) else {
            link.problems.push(LinkProblem::NotAParameter(key.clone()));
            continue;
        };
        if let Err(problem) = read_view(&mut link, param, value).and_then(|()| match param {
            Param::Model => Ok(()),
            _ => param.read(&mut spec, value),
        }) {
            link.problems.push(problem);
        }
    }
    let mut given: Vec<Param> = pairs
        .iter()
        .filter_map(|(key, _)| Param::named(key))
        .collect();
    // A value that reads but is impossible (5,000 nodes, a DNS IP outside the
    // service CIDR) is reported and falls back to its default, which may then
    // move aside like any default the link did not set.
    for _ in 0..Param::SCENARIO.len() {
        move_defaults_aside(&mut spec, &given, &mut link.problems);
        let Err(errors) = validate(&spec) else { break };
        let mut reverted = false;
        for error in errors {
            // A pool that cannot stand is left out (the later of two of one
            // name; the last ones past the lab's or the cluster's bounds);
            // the rest of the link applies.
            let left_out = match (&error, error.field()) {
                (InputError::TooManyNodes { .. }, _) => spec.user_pools.pop(),
                (InputError::TooManyPools { .. }, _) => {
                    let extra = spec
                        .user_pools
                        .split_off(MAX_USER_POOLS.min(spec.user_pools.len()));
                    extra.into_iter().next()
                }
                (_, Field::Pool { pool, .. }) => spec
                    .user_pools
                    .iter()
                    .rposition(|each| each.name == pool)
                    .map(|at| spec.user_pools.remove(at)),
                _ => None,
            };
            if let Some(pool) = left_out {
                link.problems.push(LinkProblem::PoolLeftOut {
                    pool: pool.name,
                    error,
                });
                reverted = true;
                continue;
            }
            // An engine the model does not run: back to the default one.
            if error.field() == Field::PolicyEngine && spec.policy_engine.is_some() {
                spec.policy_engine = None;
                link.problems.push(LinkProblem::Reverted {
                    param: Param::PolicyEngine,
                    error,
                    now: String::new(),
                });
                reverted = true;
                continue;
            }
            let param = Param::of_field(&error.field());
            let now = param.value_in(&defaults);
            // A default the link did not set is for `move_defaults_aside`.
            let at_default = param.value_in(&spec) == now;
            if at_default && !given.contains(&param) {
                continue;
            }
            // The default's own value always reads back.
            let _ = param.read(&mut spec, &now);
            given.retain(|other| *other != param);
            link.problems
                .push(LinkProblem::Reverted { param, error, now });
            reverted = true;
        }
        if !reverted {
            break;
        }
    }
    if validate(&spec).is_err() {
        spec = defaults;
    }
    link.spec = spec;
    link
}

/// The defaults a link's own ranges may be in the way of, in the order they
/// move: the subnets into the link's VNet (its first /16s, or its halves
/// when it is a /16 or smaller), then the service CIDR and the pod CIDR out of
/// it (a /8 VNet overlaps their defaults), to private ranges clear of the
/// ranges AKS forbids.
const MOVABLE_DEFAULTS: [TextInput; 4] = [
    TextInput::NodeSubnet,
    TextInput::PodSubnet,
    TextInput::ServiceCidr,
    TextInput::PodCidr,
];

/// The largest subnet a moved default subnet takes in a large VNet.
const MOVED_SUBNET_PREFIX: u8 = 16;

/// Where a default of `input` may move to, in order, in `vnet`.
fn places_for(input: TextInput, vnet: Ipv4Net) -> Vec<String> {
    match input {
        TextInput::ServiceCidr => vec!["172.16.0.0/16".into(), "192.168.0.0/16".into()],
        TextInput::PodCidr => vec!["192.168.0.0/16".into(), "172.16.0.0/16".into()],
        _ => vnet
            .subnets((vnet.prefix_len() + 1).max(MOVED_SUBNET_PREFIX))
            .map(|subnets| subnets.take(4).map(|subnet| subnet.to_string()).collect())
            .unwrap_or_default(),
    }
}

/// Moves each default range the link did not set out of the way of the
/// ranges it did, rather than reverting the link's ranges to make room; a
/// moved service CIDR takes the DNS service IP with it (the link's own DNS
/// IP too: it must be inside the service CIDR). Each move is said.
fn move_defaults_aside(spec: &mut ClusterSpec, given: &[Param], problems: &mut Vec<LinkProblem>) {
    for input in MOVABLE_DEFAULTS {
        if given.contains(&Param::Text(input)) || !input.applies_to(spec.plugin) {
            continue;
        }
        let field = input.field(spec);
        // In the way: overlapping another range, or a subnet outside the VNet.
        let overlaps = |spec: &ClusterSpec| {
            validate(spec).err().is_some_and(|errors| {
                errors.iter().any(|error| match error {
                    InputError::RangesOverlap { first, second } => {
                        first.0.field() == field || second.0.field() == field
                    }
                    InputError::OutsideVnet { range, .. } => range.field() == field,
                    _ => false,
                })
            })
        };
        if !overlaps(spec) {
            continue;
        }
        let places = places_for(input, spec.vnet);
        let moves_dns = input == TextInput::ServiceCidr;
        let moved = places.iter().find_map(|place| {
            let mut moved = spec.clone();
            input.write(&mut moved, place).ok()?;
            if moves_dns {
                // The DNS IP keeps its place in the range (.10 by default).
                let range: Ipv4Net = place.parse().ok()?;
                let offset = offset_of(spec.service_cidr, spec.dns_service_ip)
                    .or_else(|| offset_of(DEFAULT_SERVICE_CIDR, DEFAULT_DNS_SERVICE_IP))?;
                let dns = address_at(range, offset);
                TextInput::DnsServiceIp
                    .write(&mut moved, &dns.to_string())
                    .ok()?;
            }
            (!overlaps(&moved)).then_some(moved)
        });
        let Some(moved) = moved else { continue };
        let mut say = |input: TextInput| {
            let (was, now) = (input.value_in(spec), input.value_in(&moved));
            if was != now {
                problems.push(LinkProblem::MovedDefault {
                    param: Param::Text(input),
                    was,
                    now,
                });
            }
        };
        say(input);
        say(TextInput::DnsServiceIp);
        *spec = moved;
    }
}

/// Reads a parameter that says how to show the cluster into `link`.
fn read_view(link: &mut Link, param: Param, value: &str) -> Result<(), LinkProblem> {
    let switch = || match value {
        "1" => Ok(true),
        "0" => Ok(false),
        _ => Err(LinkProblem::NotAChoice {
            param,
            given: value.to_string(),
        }),
    };
    match param {
        Param::Flow => link.flow = Some(value.to_string()),
        Param::Hop | Param::Upgrade => {
            let number = parse_count(value)
                .map_err(|error| LinkProblem::Unreadable { param, error })?
                as usize;
            if param == Param::Hop {
                link.hop = number;
            } else {
                link.upgrade = Some(number);
            }
        }
        Param::Compare => {
            link.compare = Some(param.choose(value)?);
        }
        Param::Projector => link.projector = switch()?,
        Param::Embed => link.embed = switch()?,
        Param::Show => {
            let panels = value
                .split(',')
                .filter(|name| !name.is_empty())
                .map(|name| param.choose::<Panel>(name))
                .collect::<Result<Panels, _>>()?;
            if panels == Panels::NONE {
                return Err(LinkProblem::NotAChoice {
                    param,
                    given: value.to_string(),
                });
            }
            link.show = Some(panels);
        }
        _ => {}
    }
    Ok(())
}

/// Takes `lesson` and `step` out of `pairs`, and puts the step's own query
/// first, so the link's other parameters override it.
fn lesson_of(
    pairs: &mut Vec<(String, String)>,
    problems: &mut Vec<LinkProblem>,
) -> Option<(&'static Lesson, usize)> {
    let mut take = |param: Param| {
        let at = pairs.iter().position(|(key, _)| key == param.name())?;
        Some(pairs.remove(at).1)
    };
    let name = take(Param::Lesson);
    let step = take(Param::Step);
    let name = name?;
    let Some(lesson) = lesson_named(&name) else {
        problems.push(LinkProblem::NotALesson(name));
        return None;
    };
    let number = step.as_deref().map_or(Ok(1), parse_count).unwrap_or(0) as usize;
    let (index, step) = match number
        .checked_sub(1)
        .and_then(|index| lesson.steps.get(index).map(|step| (index, step)))
    {
        Some(found) => found,
        None => {
            problems.push(LinkProblem::StepOutOfRange {
                lesson: lesson.name,
                steps: lesson.steps.len(),
            });
            (0, lesson.steps.first()?)
        }
    };
    pairs.splice(0..0, decoded(step.query));
    Some((lesson, index))
}

/// The decoded `key=value` pairs of a query string, in order.
fn decoded(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(key), decode(value))
        })
        .collect()
}

/// Percent-decoding for query values (`%2F` → `/`, `+` → space), as
/// `application/x-www-form-urlencoded` has it. An invalid escape is kept as
/// typed, so that the parse error can quote it. (The `form_urlencoded`
/// crate, already in the tree, does the same for 0.4 KB more gzip.)
fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let hex = |at: usize| bytes.get(at).and_then(|b| char::from(*b).to_digit(16));
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while let Some(&byte) = bytes.get(index) {
        match (byte, hex(index + 1), hex(index + 2)) {
            (b'%', Some(high), Some(low)) => {
                out.extend(u8::try_from(high * 16 + low));
                index += 3;
                continue;
            }
            (b'+', ..) => out.push(b' '),
            _ => out.push(byte),
        }
        index += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// What a link keeps besides the cluster.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Shown {
    /// The followed packet's code and its step (from 0).
    pub flow: Option<(String, usize)>,
    /// The upgrade on the stage, at its step (from 0).
    pub upgrade: Option<usize>,
    /// The lesson's name and its step (from 0).
    pub lesson: Option<(&'static str, usize)>,
    pub compare: Option<NetworkPlugin>,
    pub projector: bool,
    pub embed: bool,
    /// The panels, when they are not the mode's own default.
    pub show: Option<Panels>,
}

/// Writes the query string that reproduces the view: the model, every
/// parameter that differs from that model's defaults, the followed packet
/// with its hop (counted from 1), and the view's switches.
///
/// Values are written as they are, not percent-encoded: every value the
/// widget writes (model and choice names, counts, addresses and ranges,
/// ports and port names, flow codes, lists of panels) is made of letters,
/// digits, `.`, `/`, `-` and `,`, which a query carries unescaped, so links
/// stay readable; only a percentage's `%` is escaped (`surge=33%25`).
pub fn write_query(spec: &ClusterSpec, shown: Shown) -> String {
    let defaults = ClusterSpec::defaults_for(spec.plugin);
    let mut parts: Vec<(Param, String)> = Param::SCENARIO
        .into_iter()
        .map(|param| (param, param.value_in(spec)))
        .filter(|(param, value)| *param == Param::Model || *value != param.value_in(&defaults))
        .collect();
    parts.extend(
        spec.user_pools
            .iter()
            .map(|pool| (Param::Pool, write_pool(pool, spec.plugin))),
    );
    parts.extend(
        spec.policies
            .iter()
            .map(|policy| (Param::Policy, policy.link_name().into())),
    );
    if let Some((code, step)) = shown.flow {
        parts.push((Param::Flow, code));
        if step > 0 {
            parts.push((Param::Hop, (step + 1).to_string()));
        }
    }
    if let Some(step) = shown.upgrade {
        parts.push((Param::Upgrade, (step + 1).to_string()));
    }
    if let Some((lesson, step)) = shown.lesson {
        parts.push((Param::Lesson, lesson.into()));
        parts.push((Param::Step, (step + 1).to_string()));
    }
    if let Some(plugin) = shown.compare {
        parts.push((Param::Compare, plugin.link_name().into()));
    }
    for (param, on) in [
        (Param::Projector, shown.projector),
        (Param::Embed, shown.embed),
    ] {
        if on {
            parts.push((param, "1".into()));
        }
    }
    if let Some(panels) = shown.show {
        let names: Vec<&str> = panels.iter().map(Panel::link_name).collect();
        parts.push((Param::Show, names.join(",")));
    }
    let pairs: Vec<String> = parts
        .into_iter()
        .map(|(param, value)| format!("{}={}", param.name(), value.replace('%', "%25")))
        .collect();
    format!("?{}", pairs.join("&"))
}

#[cfg(test)]
mod tests;
