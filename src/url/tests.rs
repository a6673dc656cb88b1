//! The link, read and written: every parameter, every problem a link can
//! have, presets and lessons.

use super::*;
use aks_model::{MaxSurge, Plan};

use crate::flows::Flow;

/// Fails unless every `expected` message is among the `problems`.
fn assert_reported(problems: &[LinkProblem], expected: &[&str]) {
    let all: Vec<String> = problems.iter().map(ToString::to_string).collect();
    let all = all.join("\n");
    for message in expected {
        assert!(all.contains(message), "missing {message:?} in:\n{all}");
    }
}

/// Fails unless the `problems` are exactly these, each starting as given.
fn assert_exactly(problems: &[LinkProblem], expected: &[&str]) {
    let all: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert_eq!(all.len(), expected.len(), "{all:?}");
    for (problem, start) in all.iter().zip(expected) {
        assert!(problem.starts_with(start), "{problem:?} is not {start:?}…");
    }
}

#[test]
fn an_empty_query_is_the_cli_default_model() {
    let read = read_query("");
    assert_eq!(read.spec, ClusterSpec::default());
    assert_eq!(read.problems, Vec::new());
    assert_eq!(write_query(&read.spec, Shown::default()), "?model=overlay");
}

#[test]
fn every_parameter_round_trips() {
    let query = "?model=cni&nodes=8&replicas=40&maxPods=30&surge=2&vnet=10.10.0.0/16\
                 &nodeSubnet=10.10.1.0/24&podSubnet=10.10.2.0/24&podCidr=10.244.0.0/16\
                 &serviceCidr=10.0.0.0/16&dnsIp=10.0.0.10";
    let read = read_query(query);
    assert_eq!(read.problems, Vec::new());
    assert_eq!(read.spec.plugin, NetworkPlugin::AzureCni);
    assert_eq!(read.spec.node_count, 8);
    assert_eq!(read.spec.deployments[0].replicas, 40);
    assert_eq!(read.spec.max_surge, MaxSurge::Nodes(2));
    assert_eq!(read.spec.node_subnet.to_string(), "10.10.1.0/24");
    let written = write_query(&read.spec, Shown::default());
    assert_eq!(read_query(&written).spec, read.spec);
    // Defaults are left out: the link stays short.
    assert!(!written.contains("maxPods"), "{written}");
    // Max surge as a percentage of the pool, as `--max-surge 33%` takes it;
    // the default, 10 % (aks-facts §10), is left out.
    let percent = read_query("?model=cni&surge=33%25");
    assert_eq!(percent.problems, Vec::new());
    assert_eq!(percent.spec.max_surge, MaxSurge::Percent(33));
    assert!(write_query(&percent.spec, Shown::default()).ends_with("surge=33%25"));
    assert_eq!(
        read_query("?surge=33%").spec.max_surge,
        MaxSurge::Percent(33)
    );
    assert!(!write_query(&ClusterSpec::default(), Shown::default()).contains("surge"));
    // Pod Subnet's allocation mode (aks-facts §1.4); other models ignore it.
    let blocks = read_query("?model=podsubnet&podIpAllocation=static");
    assert_eq!(blocks.problems, Vec::new());
    assert_eq!(blocks.spec.pod_ip_allocation, PodIpAllocation::StaticBlock);
    assert!(write_query(&blocks.spec, Shown::default()).ends_with("podIpAllocation=static"));
    let mut overlay = blocks.spec.clone();
    overlay.plugin = NetworkPlugin::AzureCniOverlay;
    assert!(!write_query(&overlay, Shown::default()).contains("podIpAllocation"));
}

/// Every parameter has its own name, and every name reads back.
#[test]
fn parameter_names_are_unique_and_read_back() {
    let all: Vec<Param> = Param::SCENARIO.into_iter().chain(Param::VIEW).collect();
    for (index, param) in all.iter().enumerate() {
        assert_eq!(Param::named(param.name()), Some(*param));
        assert!(!all[index + 1..]
            .iter()
            .any(|other| other.name() == param.name()));
    }
    for input in TextInput::ALL {
        assert!(Param::SCENARIO.contains(&Param::Text(input)), "{input:?}");
    }
}

/// Whether `value` needs no escaping in a query (see [`write_query`]).
fn is_query_safe(value: &str) -> bool {
    value
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'/' | b'-' | b','))
}

/// Every value a link writes needs no escaping, so it is written as is.
#[test]
fn written_values_need_no_escaping() {
    let read = read_query(
        "model=cni&service=internal&servicesSubnet=10.225.0.0/24&listenPort=80&containerPort=80\
         &portName=web-1&port=90&targetPort=web-1&hostPort=8443&nodePort=31000&etp=local&outbound=udr",
    );
    assert_eq!(read.problems, Vec::new());
    for param in Param::SCENARIO {
        // A percentage's `%` is the one character written escaped.
        let value = param.value_in(&read.spec).replace('%', "");
        assert!(is_query_safe(&value), "{}={value}", param.name());
    }
}

#[test]
fn the_followed_packet_and_its_hop_round_trip() {
    let read = read_query("model=kubenet&flow=internet.lb0&hop=4");
    assert_eq!((read.flow.as_deref(), read.hop), (Some("internet.lb0"), 4));
    let plan = Plan::build(&read.spec).expect("valid");
    let code = Flow::from_code(&plan, "internet.lb0")
        .expect("traces")
        .0
        .code();
    let shown = |step, projector| Shown {
        flow: Some((code.clone(), step)),
        projector,
        ..Shown::default()
    };
    assert_eq!(
        write_query(&read.spec, shown(3, false)),
        "?model=kubenet&flow=internet.lb0&hop=4"
    );
    // The first hop is the default and is left out.
    assert_eq!(
        write_query(
            &read.spec,
            Shown {
                compare: Some(NetworkPlugin::AzureCni),
                embed: true,
                ..shown(0, true)
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
    assert_exactly(
        &read_query("compare=calico").problems,
        &["compare: \"calico\" is not a network model (kubenet, cni, overlay or podsubnet)."],
    );
    assert_exactly(
        &read_query("hop=x&projector=yes").problems,
        &[
            "hop: \"x\" is not a whole number.",
            "projector: \"yes\" is not 1 or 0.",
        ],
    );
}

/// A lesson step sets up its scenario; a step out of range is said.
#[test]
fn lessons_and_presets_are_read_from_links() {
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
    assert_eq!(
        read_lesson_step("cni", 1).map(|link| link.flow),
        Some(Some("vm.pod0".into()))
    );
    assert_eq!(read_lesson_step("nope", 0), None);
    assert_exactly(
        &read_query("lesson=cni&step=9").problems,
        &["step: the lesson \"cni\" has steps 1 to 5; showing the first."],
    );
    assert_exactly(
        &read_query("lesson=nope").problems,
        &["lesson: \"nope\" is not a lesson"],
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
    // Changed by the link, it is no longer the preset as described.
    assert_eq!(preset.preset, None);
    assert_eq!(
        read_query("preset=kubenet&hop=2").preset.map(|p| p.name),
        Some("kubenet")
    );
    assert_eq!(
        read_preset("kubenet")
            .and_then(|link| link.preset)
            .map(|p| p.name),
        Some("kubenet")
    );
    assert_eq!(read_preset("nope"), None);
    assert_exactly(
        &read_query("preset=nope").problems,
        &["preset: \"nope\" is not a preset (advanced, kubenet"],
    );
}

#[test]
fn decoding_keeps_broken_escapes() {
    assert_eq!(decode("a%2Fb+c"), "a/b c");
    assert_eq!(decode("100%"), "100%");
    assert_eq!(decode("%zz"), "%zz");
    assert_eq!(decode("%e2%86%92"), "→");
    assert_eq!(
        decoded("model=cni&&flag&x=%3D"),
        [
            ("model".to_string(), "cni".to_string()),
            ("flag".into(), "".into()),
            ("x".into(), "=".into())
        ]
    );
}

#[test]
fn percent_encoded_values_are_read() {
    let read = read_query("model=kubenet&podCidr=10.100.0.0%2F16");
    assert_eq!(read.spec.pod_cidr.to_string(), "10.100.0.0/16");
    // A broken escape is kept as typed, so its message can quote it.
    assert_reported(
        &read_query("podCidr=10.100.0.0%2").problems,
        &["podCidr: \"10.100.0.0%2\" is not an IPv4 range"],
    );
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
    // A port that reverts to "none" says so.
    assert_reported(
        &read_query("hostPort=0").problems,
        &["hostPort: Deployment \"web\": its hostPort must be between 1 and 65535. Using no hostPort."],
    );
}

/// The source posts' scenario as a link (aks-facts §7.1).
#[test]
fn service_parameters_round_trip_and_bad_ones_are_reported() {
    let query =
        "?model=cni&service=internal&port=90&targetPort=85&listenPort=80&etp=local&outbound=udr";
    let read = read_query(query);
    assert_eq!(read.problems, Vec::new());
    let service = &read.spec.services[0];
    assert_eq!(
        ServiceChoice::of(&service.kind),
        ServiceChoice::InternalLoadBalancer
    );
    assert_eq!((service.port, service.target_port.clone()), (90, 85.into()));
    assert_eq!(read.spec.deployments[0].listen_port, 80);
    assert_eq!(
        read_query(&write_query(&read.spec, Shown::default())).spec,
        read.spec
    );

    let bad = read_query("service=internal&port=70000&targetPort=0&etp=remote&outbound=vpn");
    assert_reported(
        &bad.problems,
        &[
            "port: 70000 is not a port: ports go from 1 to 65535.",
            "targetPort: Service \"web\": targetPort must be between 1 and 65535. Using targetPort=8080.",
            "etp: \"remote\" is not a traffic policy (cluster, local).",
            "outbound: \"vpn\" is not an outbound type (loadbalancer, natgateway, udr).",
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
    assert_exactly(
        &read.problems,
        &["model: \"calico\" is not a network model (kubenet, cni, overlay or podsubnet); showing overlay."],
    );
}

/// Every choice reads back from its name in a link.
#[test]
fn every_choice_reads_back_from_its_name() {
    fn round_trip<T: LinkName + std::fmt::Debug>() {
        for &choice in T::ALL {
            assert_eq!(T::named(choice.link_name()), Some(choice));
        }
        assert_eq!(T::named("calico"), None);
    }
    round_trip::<NetworkPlugin>();
    round_trip::<ServiceChoice>();
    round_trip::<TrafficPolicy>();
    round_trip::<OutboundType>();
}

/// Every input error sends its own parameter back to the default.
#[test]
fn each_input_error_names_its_parameter() {
    for (query, param) in [
        ("nodes=0", "nodes"),
        ("maxPods=5", "maxPods"),
        ("surge=5000", "surge"),
        ("replicas=300000", "replicas"),
        ("listenPort=0", "listenPort"),
        ("containerPort=0", "containerPort"),
        ("portName=-x", "portName"),
        ("port=0", "port"),
        ("targetPort=Bad_Name", "targetPort"),
        ("nodePort=80", "nodePort"),
        ("vnet=10.0.0.0/7", "vnet"),
        ("serviceCidr=10.0.0.0/8", "serviceCidr"),
        ("dnsIp=10.1.0.10", "dnsIp"),
    ] {
        let problems = read_query(query).problems;
        assert!(
            problems.iter().any(|problem| matches!(problem,
                LinkProblem::Reverted { param: reverted, .. } if reverted.name() == param)),
            "{query}: {problems:?}"
        );
    }
}

/// A /8 VNet, common in enterprises, overlaps the default service CIDR
/// (10.0.0.0/16, aks-facts §1.1): the link's ranges stay, the default moves
/// out of their way with the DNS service IP, and the link says so.
#[test]
fn a_default_in_the_way_of_the_links_ranges_moves() {
    let read = read_query("model=cni&vnet=10.0.0.0/8&nodeSubnet=10.0.0.0/29");
    assert_eq!(read.spec.vnet.to_string(), "10.0.0.0/8");
    assert_eq!(read.spec.node_subnet.to_string(), "10.0.0.0/29");
    assert_eq!(read.spec.service_cidr.to_string(), "172.16.0.0/16");
    assert_eq!(read.spec.dns_service_ip.to_string(), "172.16.0.10");
    assert_exactly(
        &read.problems,
        &[
            "serviceCidr: the default 10.0.0.0/16 is in the way of the link's ranges, so the lab moved it to serviceCidr=172.16.0.0/16.",
            "dnsIp: 10.0.0.10 moved with the service CIDR to dnsIp=172.16.0.10.",
        ],
    );
    assert!(validate(&read.spec).is_ok());
    // kubenet's default pod CIDR moves too, and not onto the service CIDR.
    let kubenet = read_query("model=kubenet&vnet=10.0.0.0/8&nodeSubnet=10.240.0.0/16");
    assert!(validate(&kubenet.spec).is_ok(), "{:?}", kubenet.problems);
    assert_eq!(kubenet.spec.pod_cidr.to_string(), "192.168.0.0/16");
    // The link's own DNS IP moves with the service CIDR it must be in.
    let dns = read_query("model=cni&vnet=10.0.0.0/8&nodeSubnet=10.0.0.0/24&dnsIp=10.0.0.10");
    assert_eq!(dns.spec.vnet.to_string(), "10.0.0.0/8");
    assert_eq!(dns.spec.dns_service_ip.to_string(), "172.16.0.10");
    // It keeps its place in the range.
    let twentieth = read_query("model=cni&vnet=10.0.0.0/8&nodeSubnet=10.0.0.0/24&dnsIp=10.0.0.20");
    assert_eq!(twentieth.spec.dns_service_ip.to_string(), "172.16.0.20");
    // A range the link sets itself is not moved but reported; its default
    // then moves aside, and the link's other ranges stay.
    let own =
        read_query("model=cni&vnet=10.0.0.0/8&nodeSubnet=10.0.0.0/24&serviceCidr=10.0.0.0/16");
    assert_eq!(own.spec.vnet.to_string(), "10.0.0.0/8");
    assert_eq!(own.spec.service_cidr.to_string(), "172.16.0.0/16");
    assert_exactly(
        &own.problems,
        &[
            "serviceCidr: ",
            "serviceCidr: the default 10.0.0.0/16 is in the way",
            "dnsIp: 10.0.0.10 moved with the service CIDR",
        ],
    );
    // A VNet alone: the default subnets move into it, the other defaults
    // out of it, and the whole link holds.
    let alone = read_query("model=podsubnet&vnet=172.20.0.0/16");
    assert!(validate(&alone.spec).is_ok(), "{:?}", alone.problems);
    assert_eq!(alone.spec.vnet.to_string(), "172.20.0.0/16");
    assert_eq!(alone.spec.node_subnet.to_string(), "172.20.0.0/17");
    assert_eq!(alone.spec.pod_subnet.to_string(), "172.20.128.0/17");
    let wide = read_query("model=overlay&vnet=10.0.0.0/8");
    assert!(validate(&wide.spec).is_ok(), "{:?}", wide.problems);
    assert_eq!(wide.spec.node_subnet.to_string(), "10.224.0.0/16");
    assert_eq!(wide.spec.pod_cidr.to_string(), "192.168.0.0/16");
    assert_eq!(wide.spec.service_cidr.to_string(), "172.16.0.0/16");
    // An empty panel list would show nothing: it is reported.
    assert_exactly(
        &read_query("embed=1&show=").problems,
        &["show: \"\" is not"],
    );
}

/// `nodes=3-9`: the cluster autoscaler's min and max counts (issue 17), read
/// and written back alike; a range AKS refuses is reported, and the rest of
/// the link applies.
#[test]
fn an_autoscaler_range_round_trips_and_a_bad_one_is_reported() {
    let read = read_query("model=cni&nodes=3-9");
    assert_eq!(read.problems, Vec::new());
    assert_eq!((read.spec.node_count, read.spec.max_count), (3, Some(9)));
    assert_eq!(
        write_query(&read.spec, Shown::default()),
        "?model=cni&nodes=3-9"
    );
    assert_eq!(read_query("nodes=4").spec.max_count, None);
    let read = read_query("nodes=9-3&replicas=7");
    assert_eq!(read.spec.deployments[0].replicas, 7);
    assert_eq!((read.spec.node_count, read.spec.max_count), (3, None));
    assert_reported(
        &read.problems,
        &["nodes: The cluster autoscaler's max count (3) must be at least its min count (9), the node count. Using nodes=3."],
    );
    assert_reported(
        &read_query("nodes=3-x").problems,
        &["nodes: \"x\" is not a whole number."],
    );
    // Only the control's 0 turns the autoscaler off; a link's is reported.
    assert_reported(
        &read_query("nodes=3-0").problems,
        &["nodes: The cluster autoscaler's max count is 1 to 1,000 nodes"],
    );
}

/// The user pools' names, in order.
fn pool_names(spec: &ClusterSpec) -> Vec<&str> {
    spec.user_pools
        .iter()
        .map(|pool| pool.name.as_str())
        .collect()
}

/// `pool=NAME,NODES[,MAXPODS[,NODESUBNET[,PODSUBNET[,SURGE]]]]`, repeatable
/// and in order, round-trips; `nodes=` stays the system pool's.
#[test]
fn user_pools_round_trip_in_order() {
    let query = "?model=podsubnet&vnet=10.10.0.0/16&nodeSubnet=10.10.1.0/24&podSubnet=10.10.2.0/24\
                 &nodes=2&pool=apps,3-9,50,10.10.4.0/24,10.10.5.0/24&pool=batch,0-5,,,,2";
    let read = read_query(query);
    assert_eq!(read.problems, Vec::new());
    assert_eq!(read.spec.node_count, 2);
    assert_eq!(pool_names(&read.spec), ["apps", "batch"]);
    let apps = &read.spec.user_pools[0];
    assert_eq!(
        (apps.node_count, apps.max_count, apps.max_pods),
        (3, Some(9), 50)
    );
    assert_eq!(read.spec.user_pools[1].max_surge, MaxSurge::Nodes(2));
    let written = write_query(&read.spec, Shown::default());
    assert!(
        written.ends_with("&pool=apps,3-9,50,10.10.4.0/24,10.10.5.0/24&pool=batch,0-5,,,,2"),
        "{written}"
    );
    assert_eq!(read_query(&written).spec, read.spec);
    assert!(is_query_safe(&written.replace(['?', '&', '='], "")));
}

/// A bad pool is left out with a message naming the pool and its setting;
/// the rest of the link still applies.
#[test]
fn a_bad_pool_is_left_out_and_the_rest_applies() {
    let read =
        read_query("?model=overlay&replicas=7&pool=apps,two&pool=gpu,2,300&pool=Big,1&pool=ok,2");
    assert_exactly(
        &read.problems,
        &[
            "pool: node pool apps, its node count: \"two\" is not a whole number. The pool is left out.",
            "pool: Node pool gpu: Max pods per node must be between 10 and 250; 300 is outside that. Pool gpu is left out.",
            "pool: \"Big\" is not a valid node pool name",
        ],
    );
    assert_eq!(pool_names(&read.spec), ["ok"]);
    assert_eq!(read.spec.deployments[0].replicas, 7);
}

/// Of two pools of one name, the later is left out; pools past the
/// cluster's 5,000 nodes (aks-facts §1.9) are left out from the end, and
/// the rest of the link applies.
#[test]
fn pools_past_a_bound_are_left_out_one_by_one() {
    let twice = read_query("?model=overlay&pool=apps,2&pool=apps,5");
    assert_eq!(pool_names(&twice.spec), ["apps"]);
    assert_eq!(twice.spec.user_pools[0].node_count, 2);
    assert_reported(
        &twice.problems,
        &["The name \"apps\" is used twice. Pool apps is left out."],
    );
    let pools: String = ["a", "b", "c", "d", "e"]
        .iter()
        .map(|name| format!("&pool={name},1000"))
        .collect();
    let many = read_query(&format!(
        "?model=overlay&replicas=9&podCidr=10.128.0.0/11{pools}"
    ));
    assert_eq!(pool_names(&many.spec), ["a", "b", "c", "d"]);
    assert_reported(
        &many.problems,
        &["an AKS cluster has at most 5,000. Pool e is left out."],
    );
    assert_eq!(many.spec.deployments[0].replicas, 9);
}

/// `dataplane=cilium` round-trips; with kubenet it cannot be, and the link
/// says why and keeps kube-proxy (aks-facts §1.5).
#[test]
fn the_dataplane_round_trips_and_cilium_needs_azure_cni() {
    let read = read_query("?model=overlay&dataplane=cilium");
    assert_eq!(read.problems, Vec::new());
    assert_eq!(read.spec.dataplane, aks_model::Dataplane::Cilium);
    let written = write_query(&read.spec, Shown::default());
    assert!(written.contains("dataplane=cilium"), "{written}");
    assert_eq!(read_query(&written).spec, read.spec);
    let kubenet = read_query("?model=kubenet&dataplane=cilium");
    assert_eq!(kubenet.spec.dataplane, aks_model::Dataplane::KubeProxy);
    assert_reported(
        &kubenet.problems,
        &["dataplane: Azure CNI powered by Cilium runs with Azure CNI addressing"],
    );
    assert_reported(
        &read_query("?dataplane=ebpf").problems,
        &["dataplane: \"ebpf\" is not a dataplane (kube-proxy, cilium)."],
    );
}

/// `policy=` is repeatable and `policyEngine=` is written when chosen; an
/// engine the model does not run is said and put back to the default.
#[test]
fn policies_and_their_engine_round_trip() {
    let read = read_query("?model=cni&policy=deny-ingress&policy=same-app&policyEngine=npm");
    assert_eq!(read.problems, Vec::new());
    assert_eq!(
        read.spec.policies,
        [
            aks_model::NetworkPolicy::DenyIngress,
            aks_model::NetworkPolicy::SameApp
        ]
    );
    let written = write_query(&read.spec, Shown::default());
    assert!(
        written.ends_with("policyEngine=npm&policy=deny-ingress&policy=same-app"),
        "{written}"
    );
    assert_eq!(read_query(&written).spec, read.spec);
    let kubenet = read_query("?model=kubenet&nodes=5&policy=deny-ingress&policyEngine=npm");
    assert_eq!(kubenet.spec.policy_engine, None);
    // The rest of the link applies.
    assert_eq!(kubenet.spec.plugin, NetworkPlugin::Kubenet);
    assert_eq!(kubenet.spec.node_count, 5);
    assert_eq!(
        kubenet.spec.policies,
        [aks_model::NetworkPolicy::DenyIngress]
    );
    assert_reported(
        &kubenet.problems,
        &["policyEngine: Azure Network Policy Manager runs with Azure CNI, not kubenet"],
    );
    assert_reported(
        &read_query("?policy=deny-all").problems,
        &["policy: \"deny-all\" is not a policy"],
    );
}

/// `nsg=PRIORITY-allow|deny-SOURCE[-PORT],…` and `nsgRemove=` round-trip;
/// a rule that does not read is said.
#[test]
fn nsg_rules_round_trip() {
    let read = read_query(
        "?model=overlay&nsg=4000-deny-0.0.0.0/0,200-allow-10.10.0.0/16-80&nsgRemove=pod-to-pod",
    );
    assert_eq!(read.problems, Vec::new());
    assert_eq!(read.spec.nsg_rules.len(), 2);
    assert_eq!(
        read.spec.nsg_removed,
        [aks_model::RequiredNsgRule::PodToPod]
    );
    let written = write_query(&read.spec, Shown::default());
    assert!(
        written.contains("nsg=4000-deny-0.0.0.0/0,200-allow-10.10.0.0/16-80"),
        "{written}"
    );
    assert!(written.contains("nsgRemove=pod-to-pod"), "{written}");
    assert_eq!(read_query(&written).spec, read.spec);
    assert_reported(
        &read_query("?nsg=4000-block").problems,
        &["nsg: \"4000-block\" is not an NSG rule"],
    );
}
