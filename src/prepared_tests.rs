//! The prepared scenarios, loaded as a learner loads them (through a link
//! and the reducer): every preset and lesson step loads cleanly, and shows
//! what it promises. Test-only: it reads presets and lessons through the
//! state, which no other module may import them back through.

use aks_model::path::{Host, Location, Verdict};
use aks_model::{Failure, NetworkPlugin, Plan, RangeName};

use crate::lessons::{grade, Pointer, Question, LESSONS};
use crate::presets::{preset_named, PRESETS};
use crate::state::{Action, Comparison, Lab};
use crate::url::read_query;

fn load(query: &str) -> Lab {
    let link = read_query(query);
    assert_eq!(link.problems, Vec::new(), "{query}");
    let lab = Lab::from_link(link);
    assert!(
        lab.link_problems.is_empty(),
        "{query}: {:?}",
        lab.link_problems
    );
    lab
}

fn preset(name: &str) -> Lab {
    load(preset_named(name).expect("a preset").query)
}

fn verdict(lab: &Lab) -> Verdict {
    let packet = lab.packet.as_ref().expect("the preset follows a packet");
    packet.trace.verdict.clone()
}

fn plan_of(query: &str) -> Plan {
    (**load(query).plan()).clone()
}

/// Every preset loads without a problem, under a unique name (presets are
/// compared by name).
#[test]
fn every_preset_loads_cleanly() {
    for preset in PRESETS {
        load(preset.query);
        assert_eq!(PRESETS.iter().filter(|p| p.name == preset.name).count(), 1);
    }
}

/// aks-facts §7.1: targetPort 85 reaches nothing when the container
/// listens on 80, so the load balancer's probe fails on every node and the
/// on-premises client times out (§10, derived); the internal LB's frontend
/// is in the services subnet.
#[test]
fn the_source_posts_scenario_times_out_on_port_85() {
    let lab = preset("advanced");
    let plan = lab.plan();
    assert_eq!((plan.nodes.len(), plan.pods.len()), (3, 3));
    let frontend = plan.services[0].frontend.expect("a frontend");
    assert!(frontend.to_string().starts_with("10.225.0."), "{frontend}");
    assert!(
        matches!(verdict(&lab), Verdict::Dropped { reason } if reason.contains("times out") && reason.contains("targetPort 85"))
    );
    assert_eq!(
        lab.step + 1,
        lab.packet.as_ref().expect("a packet").trace.step_count()
    );
}

/// aks-facts §3.1 and §6.1: a /24 has 251 usable addresses; 8 nodes × 31
/// fit (248), and AKS's pre-check refuses the upgrade: 3 free addresses,
/// fewer than the surge node's 30 max pods.
#[test]
fn the_slash_24_preset_runs_out_for_the_upgrade() {
    let lab = preset("fill24");
    assert_eq!(lab.plan().capacity.node_subnet_usable, 251);
    assert!(
        lab.plan()
            .failures
            .iter()
            .any(|f| matches!(f, Failure::InsufficientSubnetSize { surge: Some(1), .. })),
        "{:?}",
        lab.plan().failures
    );
}

/// The InsufficientSubnetSize support article ("If Autoscaler is enabled,
/// the max-count from each nodepool is counted") and aks-facts §3.1: 9 × 31
/// = 279 > 251 is refused while 3 nodes run; a max count of 8 (248) passes.
#[test]
fn the_autoscaler_preset_is_refused_for_its_max_count_and_passes_at_eight() {
    let refused = |lab: &Lab| {
        lab.plan().failures.iter().any(|failure| {
            matches!(
                failure,
                Failure::InsufficientSubnetSize {
                    max_count: Some(_),
                    required: 279,
                    ..
                }
            )
        })
    };
    let lab = preset("autoscaler");
    assert_eq!(lab.plan().nodes.len(), 3);
    assert!(refused(&lab), "{:?}", lab.plan().failures);
    // At 8, 248 fit: the cluster can be created (the upgrade's surge node
    // then finds 3 addresses, and is refused), and 5 more nodes may come.
    let eight = load("preset=autoscaler&nodes=3-8");
    assert!(!eight.plan().failures.iter().any(Failure::rejects_create));
    assert_eq!(eight.plan().autoscaler_headroom.len(), 5);
    let seven = load("preset=autoscaler&nodes=3-7");
    assert!(
        seven.plan().failures.is_empty(),
        "{:?}",
        seven.plan().failures
    );
}

/// aks-facts §3.1 and §6.1: 7 nodes × 31 = 217 of 251; the upgrade with one
/// surge node (31 more) runs to its end and leaves the nodes' addresses as
/// they were; with two, AKS's pre-check (2 × 30 = 60 > 34 free) refuses it.
#[test]
fn the_upgrade_preset_runs_and_stops_with_two_surge_nodes() {
    let lab = preset("upgrade24");
    let operation = lab.operation.clone().expect("the upgrade is on the stage");
    assert!(operation.rollout.stop.is_none());
    let ips = |plan: &Plan| plan.nodes.iter().map(|node| node.ip).collect::<Vec<_>>();
    let mut end = lab.clone();
    while end.step < end.last_step() {
        end = end.apply(Action::StepForward);
    }
    assert_eq!(ips(end.stage_plan()), ips(lab.plan()));
    assert_eq!(end.stage_plan().running_pods().count(), 14);
    let two = load("preset=upgrade24&surge=2");
    let stop = two
        .operation
        .and_then(|operation| operation.rollout.stop.clone());
    assert!(matches!(
        stop.map(|stop| (stop.step, stop.failure)),
        Some((0, Failure::InsufficientSubnetSize { .. }))
    ));
}

/// aks-facts §1.3: Overlay needs no VNet address per pod, and a /14 pod
/// CIDR holds 1,024 node /24s.
#[test]
fn overlay_at_scale_runs_every_pod() {
    let lab = preset("overlay-scale");
    assert_eq!(lab.plan().plugin, NetworkPlugin::AzureCniOverlay);
    assert_eq!(lab.plan().capacity.pods_running, 50_000);
    assert!(lab.plan().failures.is_empty(), "{:?}", lab.plan().failures);
}

/// aks-facts §5.7: Pod Subnet keeps the pod's address; Overlay SNATs it.
#[test]
fn the_source_ip_presets_show_who_sees_what() {
    let seen = |lab: &Lab| match verdict(lab) {
        Verdict::Delivered { seen_source } => *seen_source.ip(),
        other => panic!("{other:?}"),
    };
    let podsubnet = preset("podsubnet");
    assert_eq!(Some(seen(&podsubnet)), podsubnet.plan().pods[0].ip);
    let overlay = preset("source-ip");
    assert_eq!(Some(seen(&overlay)), overlay.plan().nodes[0].ip);
    let Some(Comparison {
        plan: Ok(pod_subnet),
        ..
    }) = overlay.compare.as_deref()
    else {
        panic!("compared")
    };
    let flow = overlay.packet.as_ref().expect("a packet").flow;
    let beside = aks_model::path::trace(pod_subnet, flow.from, flow.to).expect("traces");
    assert_eq!(
        beside.verdict.seen_source().map(|source| *source.ip()),
        pod_subnet.pods[0].ip
    );
}

/// Every lesson step loads cleanly and its question has an answer on its
/// plan; lessons have unique names (they are compared by name). Only the
/// lesson on rules that drop packets asks about a packet that never arrives.
#[test]
fn every_lesson_step_loads_and_answers() {
    for lesson in LESSONS {
        assert_eq!(LESSONS.iter().filter(|l| l.name == lesson.name).count(), 1);
        for step in lesson.steps {
            let plan = plan_of(step.query);
            if let Some((_, question)) = step.ask {
                let answer = question.solve(&plan).answer;
                assert!(
                    !answer.is_empty() && (answer != "nothing arrives" || lesson.name == "rules"),
                    "{}: {}",
                    lesson.name,
                    step.title
                );
                assert!(grade(&answer, &answer));
            }
        }
    }
}

/// The answers come from the model: aks-facts §3.2 (nodes + surge for
/// kubenet; (nodes + surge) × (1 + max pods) for Azure CNI), §1.3 (a /24
/// of the pod CIDR per Overlay node: 256 in a /16, 512 in a /15), §10 (the
/// surge, 10 % of the pool rounded up: 232 + 24 = 256, 465 + 47 = 512; one
/// node with surge=1) and §5.7 (who sees which source).
#[test]
fn lesson_answers_follow_the_scenario() {
    let answer = |question: Question, query: &str| question.solve(&plan_of(query)).answer;
    assert_eq!(
        answer(Question::NodeSubnetNeeded, "model=kubenet&nodes=3"),
        "4"
    );
    let cni = answer(Question::NodeSubnetNeeded, "model=cni&nodes=3");
    assert_eq!(cni, "124");
    assert!(grade(&cni, " 124 "));
    assert!(!grade(&cni, "4"));
    assert_eq!(answer(Question::LargestNodeCount, "model=overlay"), "232");
    assert_eq!(
        answer(Question::LargestNodeCount, "model=overlay&surge=1"),
        "255"
    );
    assert!(grade(
        &answer(
            Question::LargestNodeCount,
            "model=overlay&podCidr=10.240.0.0/15"
        ),
        "465"
    ));
    // (40 + 1) × 31 with the "+1" of the 2023 formula; 40 + 4 (10 %) by default.
    assert!(grade(
        &answer(Question::NodeSubnetNeeded, "model=cni&nodes=40&surge=1"),
        "1,271"
    ));
    assert!(grade(
        &answer(Question::NodeSubnetNeeded, "model=cni&nodes=40"),
        "1,364"
    ));
    let peered = LESSONS[0].steps[2].ask.expect("a question").1;
    let kubenet = plan_of("model=kubenet&nodes=3");
    assert_eq!(
        peered.solve(&kubenet).answer,
        kubenet.nodes[0].ip.expect("created").to_string()
    );
    let podsubnet = plan_of("model=podsubnet");
    let pod_ip = podsubnet.pods[0].ip.expect("running").to_string();
    assert_eq!(peered.solve(&podsubnet).answer, pod_ip);
    assert!(grade(
        &peered.solve(&podsubnet).answer,
        &format!(" {pod_ip}")
    ));
}

/// Answers are read as a learner writes them: units and thousands
/// separators around a number, a port or a prefix after an address.
#[test]
fn predictions_are_read_loosely() {
    assert!(grade("4", "4 addresses"));
    assert!(grade("1271", "about 1,271 IPs"));
    assert!(!grade("4", "40 addresses"));
    assert!(!grade("4", "no idea"));
    // Working shown: the last figure is the answer.
    assert!(grade("124", "4 × 31 = 124"));
    assert!(!grade("124", "124 / 31 = 4"));
    // Commas group thousands only.
    assert!(!grade("123", "1,2,3"));
    assert!(grade("3", "1,2,3"));
    assert!(grade("10.244.0.2", "10.244.0.2:40000"));
    assert!(grade("10.244.0.2", "the pod, 10.244.0.2/32"));
    assert!(!grade("10.244.0.2", "10.244.0.20"));
    assert!(!grade("10.244.0.2", "10"));
    assert!(grade("nothing arrives", " Nothing arrives "));
}

/// The reveal explains the answer with the plan's own figures: aks-facts
/// §3.2's formulas, and the device that rewrote the source (§5.7).
#[test]
fn a_revealed_answer_is_explained_with_its_figures() {
    let explain = |question: Question, query: &str| question.solve(&plan_of(query)).explanation;
    assert_eq!(
        explain(Question::NodeSubnetNeeded, "model=cni&nodes=3"),
        "3 nodes + 1 surge node(s) (10% of 3, rounded up) = 4 nodes; under Azure CNI Node Subnet each takes 1 + 30 max pods = 31 addresses: 4 × 31 = 124."
    );
    assert!(explain(Question::NodeSubnetNeeded, "model=kubenet&nodes=3")
        .ends_with("each takes 1 address: 4 × 1 = 4."));
    // With the autoscaler on, the plan is for its max count (aks-facts §3.2):
    // (9 + 1) × 31 = 310, though 3 nodes run; the cni lesson's fifth step asks it.
    let step = &LESSONS[1].steps[4];
    assert_eq!(
        step.ask
            .map(|(_, question)| question.solve(&plan_of(step.query)).answer),
        Some("310".to_string())
    );
    assert_eq!(
        explain(Question::NodeSubnetNeeded, "model=cni&nodes=3-9"),
        "The autoscaler's max count, 9 nodes + 1 surge node(s) (10% of 9, rounded up) = 10 nodes; under Azure CNI Node Subnet each takes 1 + 30 max pods = 31 addresses: 10 × 31 = 310."
    );
    let peered = LESSONS[0].steps[2].ask.expect("a question").1;
    let kubenet = plan_of("model=kubenet&nodes=3");
    let node = kubenet.nodes[0].ip.expect("created");
    let why = peered.solve(&kubenet).explanation;
    assert!(
        why.ends_with(&format!(
            "rewrote the source to {node}: the receiver sees {node}."
        )),
        "{why}"
    );
    let podsubnet = peered.solve(&plan_of("model=podsubnet"));
    assert!(podsubnet
        .explanation
        .starts_with("Nothing rewrote the source"));
    // The reveal frames the peered VM, where the packet arrives.
    assert_eq!(
        podsubnet.pointer,
        Pointer::At(Location::Host(Host::PeeredVnetVm))
    );
    let overlay = explain(Question::LargestNodeCount, "model=overlay");
    assert_eq!(
        overlay,
        "232: the pod CIDR (a /24 per node), keeping room for 24 surge node(s) (10% of 232, rounded up)."
    );
    // aks-facts §1.4: Pod Subnet hands out node-subnet addresses and pod
    // addresses in blocks of 16 (3 nodes: 3 and 3 × 16 = 48).
    let in_use = explain(Question::VnetAddressesInUse, "model=podsubnet&nodes=3");
    assert_eq!(
        in_use,
        "the node subnet 3 + the pod subnet 48 = 51: every address handed out in the VNet's subnets."
    );
    // An internal load balancer's frontend in the node subnet counts too.
    let frontend = explain(
        Question::NodeSubnetNeeded,
        "model=kubenet&nodes=3&service=internal",
    );
    assert!(
        frontend.ends_with("4 × 1 = 4, plus 1 internal load balancer frontend(s)."),
        "{frontend}"
    );
}

/// Beyond the fact sheet's cases: every source-address question of every
/// lesson, under every model, outbound type and traffic policy, answers with
/// the address the traced packet arrives from, and its explanation names
/// the device that rewrote the source exactly when the answer is not the
/// sender's own address.
#[test]
fn every_source_question_is_explained_under_every_model_and_egress() {
    use aks_model::path::trace;
    let questions = LESSONS
        .iter()
        .flat_map(|lesson| lesson.steps)
        .filter_map(|step| match step.ask {
            Some((_, Question::SourceSeen(from, to))) => Some((from, to)),
            _ => None,
        });
    for (from, to) in questions {
        for model in ["kubenet", "cni", "overlay", "podsubnet"] {
            for outbound in ["loadbalancer", "natgateway", "udr"] {
                for etp in ["cluster", "local"] {
                    let query = format!("model={model}&outbound={outbound}&etp={etp}");
                    let plan = plan_of(&query);
                    let solution = Question::SourceSeen(from, to).solve(&plan);
                    let path = trace(&plan, from, to).expect("a lesson's flow exists");
                    let first = path.steps().next().expect("a first hop").src;
                    match path.verdict.seen_source() {
                        Some(seen) => {
                            assert_eq!(solution.answer, seen.ip().to_string(), "{query}");
                            let rewritten = seen.ip() != first.ip();
                            assert_eq!(
                                solution.explanation.starts_with("Nothing rewrote"),
                                !rewritten,
                                "{query}: {}",
                                solution.explanation
                            );
                        }
                        None => assert_eq!(solution.answer, "nothing arrives", "{query}"),
                    }
                    assert!(matches!(solution.pointer, Pointer::At(_)), "{query}");
                }
            }
        }
    }
}

/// Whatever a link holds, the widget shows something and says what it
/// could not use: every parameter with values no one should write, alone,
/// on top of every preset and lesson, then the actions a reader takes.
#[test]
fn no_link_breaks_the_widget() {
    use crate::view_model::ViewModel;
    let names = [
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
        "podIpAllocation",
        "flow",
        "hop",
        "upgrade",
        "compare",
        "preset",
        "lesson",
        "step",
        "projector",
        "embed",
        "show",
    ];
    let values = [
        "",
        "0",
        "-1",
        "99999999999999",
        "1e3",
        "%",
        "%zz",
        "10.0.0.0/0",
        "0.0.0.0/32",
        "255.255.255.255/8",
        "10.0.0.0/8",
        "a,b,,c",
        "pod0.pod999",
        "pod0.",
        ".",
        "1,0",
        "150%",
        "0%",
        "33%25",
        "static",
        "vm.dns0",
        "node0.dns0",
        "internet.lb0",
    ];
    let starts = [
        "",
        "preset=fill24&",
        "preset=upgrade24&upgrade=400&",
        "lesson=compare&step=2&",
        "embed=1&vnet=10.0.0.0/8&",
        "model=podsubnet&outbound=udr&service=internal&",
    ];
    for start in starts {
        for name in names {
            for value in values {
                let query = format!("{start}{name}={value}");
                let lab = Lab::from_link(read_query(&query));
                let view = ViewModel::next(None, &lab);
                assert!(!view.status.message.is_empty(), "{query}");
                let mut next = lab;
                for action in [
                    Action::StepForward,
                    Action::TogglePlay,
                    Action::Tick,
                    Action::Reveal,
                    Action::SetNarrow(true),
                    Action::Upgrade,
                    Action::StepBack,
                    Action::EndOperation,
                ] {
                    next = next.apply(action);
                    ViewModel::next(Some(&view), &next);
                }
            }
        }
    }
}

/// The rules lesson: a same-app policy drops the internet's masqueraded
/// packet, lets a pod of the app through, and an NSG without pod-to-pod
/// drops it (learn: aks/concepts-network-azure-cni-overlay); the dataplane
/// lesson's hairpin keeps the pod's own address under Cilium only (aks-facts §10).
#[test]
fn the_rules_and_dataplane_lessons_are_answered_by_the_model() {
    let answers = |name: &str| -> Vec<String> {
        let lesson = LESSONS
            .iter()
            .find(|lesson| lesson.name == name)
            .expect("a lesson");
        lesson
            .steps
            .iter()
            .filter_map(|step| Some(step.ask?.1.solve(&plan_of(step.query)).answer))
            .collect()
    };
    let rules = answers("rules");
    assert_eq!(rules[0], "nothing arrives");
    assert_eq!(rules[1], "10.244.0.2");
    assert_eq!(rules[2], "nothing arrives");
    let dataplane = answers("dataplane");
    // kube-proxy's hairpin: masqueraded to the node; Cilium: the pod itself.
    assert_eq!(dataplane, ["10.224.0.4", "10.244.0.2"]);
}

/// The pools preset: the system pool's 2 nodes hold 2 × 16 of its /26 pod
/// subnet's 59 usable addresses (aks-facts §1.4: batches of 16; §3.1: 64 − 5),
/// and apps' 10 nodes, 30 pods each, hold 10 × 48 of its own /22 (16 ×
/// ⌈(30 + 8) / 16⌉ = 48 a node, §1.4). Without apps, the 300 pods land on
/// the system pool, and the /26 cannot give them addresses (§6.5).
#[test]
fn the_pools_preset_keeps_the_system_pools_subnets_small() {
    let lab = preset("pools");
    let plan = lab.plan();
    let used = |name: RangeName| plan.range(&name).map(|range| range.used());
    assert_eq!(used(RangeName::PodSubnet), Some(32));
    assert_eq!(used(RangeName::PoolPodSubnet("apps".into())), Some(480));
    assert!(plan.failures.is_empty(), "{:?}", plan.failures);
    assert!(plan
        .pods
        .iter()
        .all(|pod| pod.running_on().is_some_and(|node| node.pool() == 1)));
    let without = lab.apply(Action::RemovePool(0));
    let plan = without.plan();
    assert!(plan.pools.len() == 1);
    assert!(plan
        .failures
        .iter()
        .any(|failure| matches!(failure, Failure::PodsWithoutAddress { .. })));
}
