//! The query string: the only module that knows its format. Every control
//! round-trips through it, so a link reproduces the view; a malformed or
//! out-of-range parameter is reported and the rest still applies.

use aks_model::input::parse_count;
use aks_model::validation::{validate, Field, InputError};
use aks_model::{ClusterSpec, NetworkPlugin};

use crate::fields::TextInput;
use crate::flows::Flow;
use crate::lessons::{lesson_named, Lesson, LESSONS};
use crate::presets::{preset_named, Preset, PRESETS};
use crate::service_choice::{
    outbound_url_name, policy_url_name, ServiceChoice, OUTBOUND_TYPES, POLICIES,
};
use crate::state::Action;

/// A cluster read from a URL, and what in the URL could not be used.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FromUrl {
    pub spec: ClusterSpec,
    pub problems: Vec<String>,
    /// The followed packet's code ([`Flow::code`]), read once the plan exists.
    pub flow: Option<String>,
    /// The hop shown, counted from 1 (0: the first).
    pub hop: usize,
    /// `projector=1`: larger type and a wider diagram.
    pub projector: bool,
    /// The preset the link names, when it changes none of its settings.
    pub preset: Option<&'static Preset>,
    /// `embed=1`: compact chrome for a blog's iframe, and messages to the host.
    pub embed: bool,
    /// `compare=<model>`: the same inputs under a second model.
    pub compare: Option<NetworkPlugin>,
    /// `lesson=<name>&step=<n>`: the lesson on screen and its step (from 0).
    pub lesson: Option<(&'static Lesson, usize)>,
}

/// The parameters, in the order links write them.
const PARAMETERS: [&str; 22] = [
    "model",
    "nodes",
    "replicas",
    "maxPods",
    "surge",
    "vnet",
    "nodeSubnet",
    "podSubnet",
    "podCidr",
    "serviceCidr",
    "dnsIp",
    "servicesSubnet",
    "service",
    "port",
    "targetPort",
    "nodePort",
    "listenPort",
    "containerPort",
    "portName",
    "hostPort",
    "etp",
    "outbound",
];

/// Reads a query string (with or without its leading `?`).
pub fn read_query(query: &str) -> FromUrl {
    let mut problems = Vec::new();
    let mut pairs = pairs_of(query);
    let lesson = lesson_of(&mut pairs, &mut problems);
    let mut preset = None;
    // A preset's parameters come first, so the link's own override them.
    if let Some(at) = pairs.iter().position(|(key, _)| key == "preset") {
        let (_, name) = pairs.remove(at);
        match preset_named(&name) {
            Some(named) => {
                let view_only = ["flow", "hop", "projector", "embed", "compare"];
                if pairs
                    .iter()
                    .all(|(key, _)| view_only.contains(&key.as_str()))
                {
                    preset = Some(named);
                }
                pairs.splice(0..0, pairs_of(named.query)).for_each(drop);
            }
            None => problems.push(format!(
                "preset: \"{name}\" is not a preset ({}).",
                PRESETS.map(|preset| preset.name).join(", ")
            )),
        }
    }
    let mut flow = None;
    let mut hop = 0;
    let mut projector = false;
    let mut embed = false;
    let mut compare = None;

    // The last `model` wins, like every other parameter: a link's own
    // overrides its preset's or lesson step's.
    let plugin = match pairs.iter().rev().find(|(key, _)| key == "model") {
        Some((_, name)) => NetworkPlugin::from_url_name(name).unwrap_or_else(|| {
            problems.push(format!(
                "model: \"{name}\" is not a network model (kubenet, cni, overlay or podsubnet); showing overlay."
            ));
            NetworkPlugin::AzureCniOverlay
        }),
        None => NetworkPlugin::AzureCniOverlay,
    };
    let defaults = ClusterSpec::defaults_for(plugin);
    let mut spec = defaults.clone();
    for (key, value) in &pairs {
        match key.as_str() {
            "model" => continue,
            "flow" => {
                flow = Some(value.clone());
                continue;
            }
            "compare" => {
                compare = NetworkPlugin::from_url_name(value);
                if compare.is_none() {
                    problems.push(format!(
                        "compare: \"{value}\" is not a network model (kubenet, cni, overlay or podsubnet)."
                    ));
                }
                continue;
            }
            "projector" | "embed" => {
                let on = match value.as_str() {
                    "1" => true,
                    "0" => false,
                    _ => {
                        problems.push(format!("{key}: \"{value}\" is not 1 or 0."));
                        false
                    }
                };
                if key == "embed" {
                    embed = on;
                } else {
                    projector = on;
                }
                continue;
            }
            "hop" => {
                match parse_count(value) {
                    Ok(number) => hop = number as usize,
                    Err(error) => problems.push(format!("hop: {error}")),
                }
                continue;
            }
            _ => {}
        }
        if !PARAMETERS.contains(&key.as_str()) {
            problems.push(format!(
                "\"{key}\" is not a parameter of this widget; it was ignored."
            ));
            continue;
        }
        if let Err(error) = apply(&mut spec, key, value) {
            problems.push(format!("{key}: {error}"));
        }
    }

    // A value that reads but is impossible (5,000 nodes, a DNS IP outside the
    // service CIDR) is reported and falls back to its default.
    for _ in 0..PARAMETERS.len() {
        let Err(errors) = validate(&spec) else { break };
        for error in errors {
            let parameter = parameter_for(&error);
            let reverted = revert(&mut spec, &defaults, parameter);
            problems.push(format!("{parameter}: {error} Using {reverted}."));
        }
    }
    if validate(&spec).is_err() {
        spec = defaults;
    }
    FromUrl {
        spec,
        problems,
        flow,
        hop,
        projector,
        preset,
        embed,
        compare,
        lesson,
    }
}

/// Takes `lesson` and `step` out of `pairs`, and puts the step's own query
/// first, so the link's other parameters override it.
fn lesson_of(
    pairs: &mut Vec<(String, String)>,
    problems: &mut Vec<String>,
) -> Option<(&'static Lesson, usize)> {
    let mut take = |key: &str| {
        let at = pairs.iter().position(|(k, _)| k == key)?;
        Some(pairs.remove(at).1)
    };
    let name = take("lesson");
    let step = take("step");
    let name = name?;
    let Some(lesson) = lesson_named(&name) else {
        problems.push(format!(
            "lesson: \"{name}\" is not a lesson ({}).",
            LESSONS.map(|lesson| lesson.name).join(", ")
        ));
        return None;
    };
    let number = step.as_deref().map_or(Ok(1), parse_count).unwrap_or(0) as usize;
    let index = if (1..=lesson.steps.len()).contains(&number) {
        number - 1
    } else {
        problems.push(format!(
            "step: the lesson \"{name}\" has steps 1 to {}; showing the first.",
            lesson.steps.len()
        ));
        0
    };
    pairs
        .splice(0..0, pairs_of(lesson.steps[index].query))
        .for_each(drop);
    Some((lesson, index))
}

/// The decoded `key=value` pairs of a query string, in order.
fn pairs_of(query: &str) -> Vec<(String, String)> {
    query
        .trim_start_matches('?')
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(key), decode(value))
        })
        .collect()
}

/// What a link keeps besides the cluster: the followed packet and its step
/// (from 0), and how the widget shows it.
#[derive(Clone, Copy, Debug, Default)]
pub struct View<'a> {
    pub packet: Option<(&'a Flow, usize)>,
    pub projector: bool,
    pub embed: bool,
    pub compare: Option<NetworkPlugin>,
    pub lesson: Option<(&'static str, usize)>,
}

/// Writes the query string that reproduces the view: the model, every
/// parameter that differs from that model's defaults, the followed packet
/// with its hop (counted from 1), and the view's switches.
pub fn query_from_view(spec: &ClusterSpec, view: View) -> String {
    let defaults = ClusterSpec::defaults_for(spec.plugin);
    let mut parts = vec![format!("model={}", spec.plugin.url_name())];
    for name in &PARAMETERS[1..] {
        let value = value_of(spec, name);
        if value != value_of(&defaults, name) {
            parts.push(format!("{name}={value}"));
        }
    }
    if let Some((flow, step)) = view.packet {
        parts.push(format!("flow={}", flow.code()));
        if step > 0 {
            parts.push(format!("hop={}", step + 1));
        }
    }
    if let Some((lesson, step)) = view.lesson {
        parts.push(format!("lesson={lesson}&step={}", step + 1));
    }
    if let Some(plugin) = view.compare {
        parts.push(format!("compare={}", plugin.url_name()));
    }
    if view.projector {
        parts.push("projector=1".into());
    }
    if view.embed {
        parts.push("embed=1".into());
    }
    format!("?{}", parts.join("&"))
}

/// Applies one parameter: an address field directly, anything else as the
/// same [`Action`] its control dispatches.
fn apply(spec: &mut ClusterSpec, key: &str, value: &str) -> Result<(), String> {
    if let Some(input) = TextInput::from_url_name(key) {
        return input.write(spec, value);
    }
    let count = || parse_count(value).map_err(|error| error.to_string());
    let named = |names: &[&str], what: &str| {
        names
            .iter()
            .position(|name| *name == value)
            .ok_or_else(|| format!("\"{value}\" is not {what} ({}).", names.join(", ")))
    };
    let action = match key {
        "nodes" => Action::SetNodeCount(count()?),
        "replicas" => Action::SetReplicas(count()?),
        "maxPods" => Action::SetMaxPods(count()?),
        "surge" => Action::SetMaxSurge(count()?),
        "service" => {
            let names = ServiceChoice::ALL.map(ServiceChoice::url_name);
            Action::SetServiceType(ServiceChoice::ALL[named(&names, "a Service type")?])
        }
        "etp" => {
            let names = POLICIES.map(policy_url_name);
            Action::SetTrafficPolicy(POLICIES[named(&names, "a traffic policy")?])
        }
        "outbound" => {
            let names = OUTBOUND_TYPES.map(outbound_url_name);
            Action::SetOutboundType(OUTBOUND_TYPES[named(&names, "an outbound type")?])
        }
        _ => return Ok(()),
    };
    action.write_into(spec);
    Ok(())
}

fn value_of(spec: &ClusterSpec, name: &str) -> String {
    if let Some(input) = TextInput::from_url_name(name) {
        return input.value_in(spec);
    }
    let service = spec.services.first();
    match name {
        "service" => service
            .map_or("", |s| ServiceChoice::of(&s.kind).url_name())
            .to_string(),
        "etp" => service
            .map_or("", |s| policy_url_name(s.external_traffic_policy))
            .to_string(),
        "outbound" => outbound_url_name(spec.outbound_type).to_string(),
        "nodes" => spec.node_count.to_string(),
        "replicas" => spec
            .deployments
            .first()
            .map_or(0, |d| d.replicas)
            .to_string(),
        "maxPods" => spec.max_pods.to_string(),
        "surge" => spec.max_surge.to_string(),
        _ => String::new(),
    }
}

/// The URL parameter an error is about.
fn parameter_for(error: &InputError) -> &'static str {
    match error {
        InputError::DeploymentPortZero { which, .. } => match *which {
            "listen port" => "listenPort",
            other => other,
        },
        InputError::PortZero { which, .. } => which,
        InputError::InvalidPortName { field, .. } => match field {
            Field::Service(_) => "targetPort",
            _ => "portName",
        },
        InputError::HostPortWithoutContainerPort { .. } => "hostPort",
        InputError::NodePortOutOfRange { .. }
        | InputError::NodePortOnClusterIp { .. }
        | InputError::NodePortTaken { .. } => "nodePort",
        _ => match error.field() {
            Field::Vnet => "vnet",
            Field::NodeSubnet => "nodeSubnet",
            Field::PodSubnet => "podSubnet",
            Field::PodCidr => "podCidr",
            Field::ServiceCidr => "serviceCidr",
            Field::DnsServiceIp => "dnsIp",
            Field::NodeCount => "nodes",
            Field::MaxPods => "maxPods",
            Field::MaxSurge => "surge",
            Field::Service(_) => "service",
            Field::Deployment(_) => "replicas",
            Field::Subnet(_) => "servicesSubnet",
        },
    }
}

/// Puts one parameter back to its default; returns the value now used.
fn revert(spec: &mut ClusterSpec, defaults: &ClusterSpec, parameter: &str) -> String {
    let value = value_of(defaults, parameter);
    // The default's own value always reads back.
    let _ = apply(spec, parameter, &value);
    if value.is_empty() {
        format!("no {parameter}")
    } else {
        format!("{parameter}={value}")
    }
}

/// Percent-decoding for query values (`%2F` → `/`, `+` → space). Invalid
/// escapes are kept as typed, so that the parse error can quote them.
fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let hex = |at: usize| bytes.get(at).and_then(|b| (*b as char).to_digit(16));
        match bytes[index] {
            b'%' => match (hex(index + 1), hex(index + 2)) {
                (Some(high), Some(low)) => {
                    out.push((high * 16 + low) as u8);
                    index += 3;
                    continue;
                }
                _ => out.push(b'%'),
            },
            b'+' => out.push(b' '),
            byte => out.push(byte),
        }
        index += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Fails unless every `expected` message is among the `problems`.
    fn assert_reported(problems: &[String], expected: &[&str]) {
        let all = problems.join("\n");
        for message in expected {
            assert!(all.contains(message), "missing {message:?} in:\n{all}");
        }
    }

    #[test]
    fn an_empty_query_is_the_cli_default_model() {
        let read = read_query("");
        assert_eq!(read.spec, ClusterSpec::default());
        assert_eq!(read.problems, Vec::<String>::new());
        assert_eq!(
            query_from_view(&read.spec, View::default()),
            "?model=overlay"
        );
    }

    #[test]
    fn every_parameter_round_trips() {
        let query = "?model=cni&nodes=8&replicas=40&maxPods=30&surge=2&vnet=10.10.0.0/16\
                     &nodeSubnet=10.10.1.0/24&podSubnet=10.10.2.0/24&podCidr=10.244.0.0/16\
                     &serviceCidr=10.0.0.0/16&dnsIp=10.0.0.10";
        let read = read_query(query);
        assert_eq!(read.problems, Vec::<String>::new());
        assert_eq!(read.spec.plugin, NetworkPlugin::AzureCni);
        assert_eq!(read.spec.node_count, 8);
        assert_eq!(read.spec.deployments[0].replicas, 40);
        assert_eq!(read.spec.max_surge, 2);
        assert_eq!(read.spec.node_subnet.to_string(), "10.10.1.0/24");
        let written = query_from_view(&read.spec, View::default());
        assert_eq!(read_query(&written).spec, read.spec);
        // Defaults are left out: the link stays short.
        assert!(!written.contains("maxPods"), "{written}");
    }

    #[test]
    fn the_followed_packet_and_its_hop_round_trip() {
        let read = read_query("model=kubenet&flow=internet.lb0&hop=4");
        assert_eq!((read.flow.as_deref(), read.hop), (Some("internet.lb0"), 4));
        let plan = aks_model::Plan::build(&read.spec).expect("valid");
        let flow = Flow::from_code(&plan, "internet.lb0").expect("traces");
        assert_eq!(
            query_from_view(
                &read.spec,
                View {
                    packet: Some((&flow, 3)),
                    ..View::default()
                }
            ),
            "?model=kubenet&flow=internet.lb0&hop=4"
        );
        // The first hop is the default and is left out.
        assert_eq!(
            query_from_view(
                &read.spec,
                View {
                    packet: Some((&flow, 0)),
                    projector: true,
                    embed: true,
                    compare: Some(NetworkPlugin::AzureCni),
                    lesson: None,
                }
            ),
            "?model=kubenet&flow=internet.lb0&compare=cni&projector=1&embed=1"
        );
        assert!(read_query("projector=1").projector);
        assert!(read_query("embed=1").embed);
        assert_eq!(
            read_query("compare=cni").compare,
            Some(NetworkPlugin::AzureCni)
        );
        assert_eq!(read_query("compare=calico").problems.len(), 1);
        // A lesson step sets up its scenario; a step out of range is said.
        let lesson = read_query("lesson=cni&step=2&nodes=5");
        assert_eq!(
            lesson.lesson.map(|(l, step)| (l.name, step)),
            Some(("cni", 1))
        );
        assert_eq!(
            (lesson.spec.plugin, lesson.spec.node_count),
            (NetworkPlugin::AzureCni, 5)
        );
        assert_eq!(lesson.flow.as_deref(), Some("vm.pod0"));
        assert!(read_query("lesson=cni&step=9").problems[0]
            .starts_with("step: the lesson \"cni\" has steps 1 to 3"));
        assert!(
            read_query("lesson=nope").problems[0].starts_with("lesson: \"nope\" is not a lesson")
        );
        // A preset is a starting point; the link's own parameters win.
        let preset = read_query("preset=kubenet&replicas=2");
        assert_eq!(preset.spec.plugin, NetworkPlugin::Kubenet);
        assert_eq!(preset.spec.deployments[0].replicas, 2);
        assert_eq!(preset.flow.as_deref(), Some("pod0.pod1"));
        // The link's own model wins over the preset's too.
        assert_eq!(
            read_query("preset=kubenet&model=cni").spec.plugin,
            NetworkPlugin::AzureCni
        );
        // A port that reverts to "none" says so.
        assert!(read_query("hostPort=0").problems[0].ends_with("Using no hostPort."));
        // Changed by the link, it is no longer the preset as described.
        assert_eq!(preset.preset, None);
        assert_eq!(
            read_query("preset=kubenet&hop=2").preset.map(|p| p.name),
            Some("kubenet")
        );
        assert!(read_query("preset=nope").problems[0]
            .starts_with("preset: \"nope\" is not a preset (advanced, kubenet"));
        assert_eq!(read_query("hop=x&projector=yes").problems.len(), 2);
    }

    #[test]
    fn percent_encoded_values_are_read() {
        let read = read_query("model=kubenet&podCidr=10.100.0.0%2F16");
        assert_eq!(read.spec.pod_cidr.to_string(), "10.100.0.0/16");
    }

    #[test]
    fn bad_parameters_are_reported_and_the_rest_applies() {
        let read = read_query(
            "model=kubenet&nodes=abc&replicas=7&podCidr=10.0.0.0/33&maxPods=9999&dnsIp=10.0.0.1&color=red",
        );
        assert_eq!(read.spec.plugin, NetworkPlugin::Kubenet);
        assert_eq!(read.spec.deployments[0].replicas, 7);
        assert_eq!(read.spec.node_count, 3);
        assert_eq!(read.spec.max_pods, 110);
        assert_eq!(read.spec.dns_service_ip.to_string(), "10.0.0.10");
        assert_reported(
            &read.problems,
            &[
                "nodes: \"abc\" is not a whole number.",
                "podCidr: \"10.0.0.0/33\": an IPv4 prefix is between /0 and /32.",
                "maxPods: Max pods per node must be between 10 and 250",
                "Using maxPods=110.",
                "dnsIp: The DNS service IP 10.0.0.1 cannot be used",
                "\"color\" is not a parameter",
            ],
        );
    }

    /// The source posts' scenario as a link (aks-facts §7.1).
    #[test]
    fn service_parameters_round_trip_and_bad_ones_are_reported() {
        let query = "?model=cni&service=internal&port=90&targetPort=85&listenPort=80&etp=local&outbound=udr";
        let read = read_query(query);
        assert_eq!(read.problems, Vec::<String>::new());
        let service = &read.spec.services[0];
        assert_eq!(
            ServiceChoice::of(&service.kind),
            ServiceChoice::InternalLoadBalancer
        );
        assert_eq!((service.port, service.target_port.clone()), (90, 85.into()));
        assert_eq!(read.spec.deployments[0].listen_port, 80);
        assert_eq!(
            read_query(&query_from_view(&read.spec, View::default())).spec,
            read.spec
        );

        let bad = read_query("service=internal&port=70000&targetPort=0&etp=remote&outbound=vpn");
        assert_reported(
            &bad.problems,
            &[
                "port: 70000 is not a port: ports go from 1 to 65535.",
                "targetPort: Service \"web\": targetPort must be between 1 and 65535. Using targetPort=8080.",
                "etp: \"remote\" is not a traffic policy (cluster, local).",
                "outbound: \"vpn\" is not an outbound type",
            ],
        );
        assert_eq!(bad.spec.services[0].target_port, 8080.into());
        // Only the bad parameters fall back: the Service type still applies.
        assert_eq!(
            ServiceChoice::of(&bad.spec.services[0].kind),
            ServiceChoice::InternalLoadBalancer
        );
        assert_reported(
            &read_query("service=mesh").problems,
            &["service: \"mesh\" is not a Service type (clusterip, nodeport, public, internal)."],
        );
    }

    #[test]
    fn an_unknown_model_falls_back_to_overlay() {
        let read = read_query("model=calico&nodes=5");
        assert_eq!(read.spec.plugin, NetworkPlugin::AzureCniOverlay);
        assert_eq!(read.spec.node_count, 5);
        assert!(read.problems[0].contains("\"calico\" is not a network model"));
    }

    #[test]
    fn decoding_keeps_broken_escapes() {
        assert_eq!(decode("a%2Fb+c"), "a/b c");
        assert_eq!(decode("100%"), "100%");
        assert_eq!(decode("%zz"), "%zz");
    }
}
