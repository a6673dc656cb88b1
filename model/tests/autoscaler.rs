//! The cluster autoscaler on the pool (`--enable-cluster-autoscaler
//! --min-count --max-count`): AKS's pre-check counts its max count, the
//! plan is sized for it, and the pool runs as many nodes within its range
//! as the pods need. Each test cites its figures.

mod common;

use aks_model::rollout::{Event, Rollout};
use aks_model::{
    AutoscalerRange, ClusterSpec, Failure, InputError, MaxSurge, NetworkPlugin, PodState,
};
use common::{build, example_spec, ip, net};

/// The example network's Azure CNI cluster (a /24 node subnet, 251 usable,
/// 30 max pods: 31 addresses a node, aks-facts §3.1 and §3.2) with the
/// autoscaler between `min` and `max`.
fn autoscaled_cni(min: u32, max: u32) -> ClusterSpec {
    ClusterSpec {
        node_count: min,
        max_count: Some(max),
        ..example_spec(NetworkPlugin::AzureCni)
    }
}

/// aks-facts §3.2 and §6.1 (the InsufficientSubnetSize support article):
/// "With the autoscaler, max-count is what counts". 3 nodes take 93 of the
/// 251 addresses, but the pre-check counts 9 × 31 = 279, and refuses.
#[test]
fn the_pre_check_counts_the_autoscalers_max_count() {
    let plan = build(&autoscaled_cni(3, 9));
    let refusal = plan
        .failures
        .iter()
        .find(|failure| matches!(failure, Failure::InsufficientSubnetSize { surge: None, .. }))
        .expect("refused for the max count");
    assert!(refusal
        .to_string()
        .starts_with("InsufficientSubnetSize: Pre-allocated IPs 279 exceeds IPs available 251"));
    // The support article: "In the node pools that use the autoscaler, the
    // number of nodes is the value in the --max-count parameter", and its
    // workaround, "temporarily decrease the MaxCount".
    assert!(refusal
        .explanation()
        .contains("max count, 9 nodes, not the nodes running now"));
    assert!(refusal.fix().contains("temporarily decrease the MaxCount"));
    // 8 × 31 = 248 fit: the docs' 8 Azure CNI nodes in a /24 (aks-facts §6.1).
    let fits = build(&autoscaled_cni(3, 8));
    assert!(!fits
        .failures
        .iter()
        .any(|failure| matches!(failure, Failure::InsufficientSubnetSize { surge: None, .. })));
    // Without the autoscaler the same 3 nodes pass.
    let fixed = build(&example_spec(NetworkPlugin::AzureCni));
    assert!(fixed.failures.is_empty());
}

/// aks-facts §6.2, AKS's message as Azure/AKS-Construction #701 quotes it:
/// "Pre-allocated IPs 1280 exceeds IPs available 1024 in Subnet Cidr
/// 10.240.100.0/22": a /22 pod CIDR holds four /24s, the max count needs five.
#[test]
fn the_pod_cidr_check_counts_the_max_count() {
    let spec = ClusterSpec {
        pod_cidr: net("10.240.100.0/22"),
        node_count: 3,
        max_count: Some(5),
        ..example_spec(NetworkPlugin::AzureCniOverlay)
    };
    let plan = build(&spec);
    let messages: Vec<String> = plan.failures.iter().map(ToString::to_string).collect();
    assert!(messages.iter().any(|message| message.starts_with(
        "InsufficientSubnetSize: Pre-allocated IPs 1280 exceeds IPs available 1024 in Subnet Cidr 10.240.100.0/22, \
         Subnet Name networkProfile.podCIDR. If Autoscaler is enabled, the max-count from each nodepool is counted"
    )));
}

/// learn: aks/cluster-autoscaler: the autoscaler adds nodes when pods cannot
/// be scheduled. 100 replicas at 30 max pods need 4 nodes; the fourth takes
/// .97, after three nodes of 31 addresses from .4 (aks-facts §3.1, §3.2).
#[test]
fn the_autoscaler_adds_nodes_for_pods_that_would_be_pending() {
    let mut spec = autoscaled_cni(3, 8);
    spec.deployments[0].replicas = 100;
    let plan = build(&spec);
    assert_eq!(plan.autoscaler(), Some(AutoscalerRange { min: 3, max: 8 }));
    assert_eq!(plan.nodes.len(), 4);
    assert_eq!(plan.nodes[3].ip, Some(ip("10.10.1.97")));
    assert!(plan.pods.iter().all(|pod| pod.state == PodState::Running));
    assert!(!plan.failures.iter().any(Failure::rejects_create));
}

/// At its max count the autoscaler adds no node: 150 replicas on 4 nodes of
/// 30 max pods leave 30 Pending, with the scheduler's event (aks-facts §6.4).
#[test]
fn at_its_max_count_pods_stay_pending() {
    let mut spec = autoscaled_cni(3, 4);
    spec.deployments[0].replicas = 150;
    let plan = build(&spec);
    assert_eq!(plan.nodes.len(), 4);
    let pending = plan
        .pods
        .iter()
        .filter(|pod| matches!(pod.state, PodState::Pending(_)))
        .count();
    assert_eq!(pending, 30);
    assert!(plan.failures.iter().any(|failure| failure.to_string()
        == "FailedScheduling: 0/4 nodes are available: 4 Too many pods."));
}

/// The autoscaler removes nodes the pods no longer need, down to its min
/// count (learn: aks/cluster-autoscaler); the nodes that stay keep their
/// addresses.
#[test]
fn the_autoscaler_removes_nodes_the_pods_no_longer_need() {
    let mut spec = autoscaled_cni(3, 8);
    spec.deployments[0].replicas = 100;
    let busy = build(&spec);
    spec.deployments[0].replicas = 3;
    let quiet = aks_model::Plan::evolve(&busy, &spec).expect("valid");
    assert_eq!(quiet.nodes.len(), 3);
    for (kept, before) in quiet.nodes.iter().zip(&busy.nodes) {
        assert_eq!(kept.ip, before.ip);
    }
}

/// The planning formula (aks-facts §3.2) with the max count as the node
/// count: (9 + 1 surge node, 10 % of 9 rounded up) × 31 = 310, the figure
/// of Azure/AKS #456 ("Pre-allocated IPs 310 exceeds IPs available in
/// Subnet 251").
#[test]
fn the_plan_is_sized_for_the_max_count_and_its_surge() {
    let mut spec = autoscaled_cni(3, 9);
    spec.max_surge = MaxSurge::Percent(10);
    let plan = build(&spec);
    let needed = plan.requirement().expect("this model's requirement");
    assert_eq!(needed.node_subnet_addresses, 310);
    assert_eq!(
        (plan.capacity.planned_nodes, plan.capacity.planned_surge),
        (9, 1)
    );
}

/// The upgrade, one surge node at a time, of the autoscaled pool of 3 to
/// `max` nodes running 100 replicas on 4 of them.
fn upgrade_of_four_running_nodes(max: u32) -> Rollout {
    let mut spec = autoscaled_cni(3, max);
    spec.deployments[0].replicas = 100;
    spec.max_surge = MaxSurge::Nodes(1);
    Rollout::upgrade(&build(&spec), &spec)
}

/// An upgrade surges and reimages the nodes the pool runs, not its min
/// count. At a max count of 7 the pre-check leaves 251 − 7 × 31 = 34 free,
/// room for the surge node's 30 max pods.
#[test]
fn an_upgrade_rolls_the_nodes_the_autoscaler_runs() {
    let upgrade = upgrade_of_four_running_nodes(7);
    assert!(upgrade.stop.is_none());
    assert_eq!(upgrade.steps[1].event, Event::Added(4..5));
    assert_eq!(upgrade.steps.len(), 1 + 1 + 4 * 2 + 2);
}

/// The support article puts its autoscaler note under the upgrade too: "In
/// the node pools that use autoscaler, the number of nodes is the value in
/// the --max-count parameter". At a max count of 8, 8 × 31 = 248 leave 3
/// addresses, fewer than the surge node's 30 max pods: AKS refuses the
/// upgrade before it starts, though 4 nodes run and 127 addresses are free.
#[test]
fn the_upgrade_pre_check_counts_the_max_count_too() {
    let stop = upgrade_of_four_running_nodes(8).stop.expect("refused");
    assert_eq!(stop.step, 0);
    assert!(stop
        .failure
        .to_string()
        .starts_with("InsufficientSubnetSize: Pre-allocated IPs 30 exceeds IPs available 3"));
    assert!(stop.failure.explanation().contains("max count, 8 nodes"));
}

/// `az aks create` refuses a max count below the min count, and a max count
/// beyond a pool's 1,000 nodes (aks-facts §2).
#[test]
fn a_max_count_below_the_min_count_or_past_a_pool_is_refused() {
    let errors = aks_model::Plan::build(&autoscaled_cni(5, 4)).expect_err("refused");
    assert_eq!(
        errors,
        vec![InputError::MaxCountBelowMin { min: 5, max: 4 }]
    );
    let errors = aks_model::Plan::build(&autoscaled_cni(3, 1_001)).expect_err("refused");
    assert_eq!(
        errors,
        vec![InputError::MaxCountOutOfRange { given: 1_001 }]
    );
}

/// The addresses the max count would take once the autoscaler adds its
/// nodes: the lowest free after everything else, as Azure hands them out
/// [derived]. 3 nodes hold .4–.96; the fourth would take .97 and 30 more;
/// the ninth finds no 31 addresses left (9 × 31 > 251, aks-facts §3.1).
#[test]
fn the_plan_shows_what_the_max_count_would_take() {
    let plan = build(&autoscaled_cni(3, 9));
    let headroom = &plan.autoscaler_headroom;
    assert_eq!(headroom.len(), 6);
    assert_eq!(headroom[0].ip, Some(ip("10.10.1.97")));
    assert_eq!(headroom[0].pod_ip_runs, vec![(ip("10.10.1.98"), 30)]);
    assert!(headroom[..5].iter().all(|node| node.is_ready()));
    assert_eq!(
        headroom[5].state,
        aks_model::NodeState::NotCreated(aks_model::NodeShortage::NodeSubnet)
    );
    // No range holds them: the node subnet still has 251 − 93 free.
    let node_subnet = plan
        .range(&aks_model::RangeName::NodeSubnet)
        .expect("planned");
    assert_eq!(node_subnet.free(), 251 - 93);
}

/// A range the max count would nearly fill is worth a warning before the
/// autoscaler gets there: 93 of 251 today, 93 + 5 × 31 = 248 (98 %) at 8.
#[test]
fn a_range_the_max_count_would_fill_is_warned_of() {
    let plan = build(&autoscaled_cni(3, 8));
    let warnings: Vec<String> = plan.warnings.iter().map(ToString::to_string).collect();
    assert!(warnings.contains(
        &"The node subnet 10.10.1.0/24 is 37% used, and 98% when the cluster autoscaler reaches its max count of 8 nodes: \
          little room would be left to scale or upgrade."
            .to_string()
    ), "{warnings:?}");
    // Without the autoscaler the same 3 nodes are no cause for a warning.
    assert!(build(&example_spec(NetworkPlugin::AzureCni))
        .warnings
        .is_empty());
}

/// Played as a scale, the autoscaler's own change says who made it and
/// cites its page (learn: aks/cluster-autoscaler): nodes for Pending pods,
/// and the unneeded ones removed after 10 minutes (not in the fact sheet:
/// the AKS API's ManagedClusterAutoScalerProfile, scale-down-unneeded-time,
/// "The default is '10m'").
#[test]
fn the_autoscalers_scale_says_it_is_the_autoscalers() {
    let mut spec = autoscaled_cni(3, 8);
    let quiet = build(&spec);
    spec.deployments[0].replicas = 100;
    let busy = aks_model::Plan::evolve(&quiet, &spec).expect("valid");
    let out = Rollout::scale(&quiet, &busy, &spec);
    assert_eq!(out.steps[1].event, Event::Added(3..4));
    assert!(out
        .sentence(0, &quiet, &quiet)
        .contains("pods the scheduler cannot place stay Pending: the cluster autoscaler adds nodes for them, up to 4"));
    assert_eq!(out.source(1), "learn: aks/cluster-autoscaler");
    spec.deployments[0].replicas = 3;
    let quiet_again = aks_model::Plan::evolve(&busy, &spec).expect("valid");
    let back = Rollout::scale(&busy, &quiet_again, &spec);
    assert!(back.sentence(0, &busy, &busy).contains(
        "removes the nodes they no longer need, once a node has been unneeded for 10 minutes"
    ));
    // A change of the range is the learner's, not the autoscaler's.
    let mut wider = spec.clone();
    wider.node_count = 4;
    let scaled = aks_model::Plan::evolve(&quiet_again, &wider).expect("valid");
    let manual = Rollout::scale(&quiet_again, &scaled, &wider);
    assert_eq!(manual.source(1), "learn: aks/scale-cluster");
}
