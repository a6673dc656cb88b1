//! An upgrade and a scale, step by step, as AKS does them: surge nodes
//! first, old nodes drained and reimaged a batch at a time, surge nodes
//! deleted at the end (learn: aks/upgrade-conceptual,
//! aks/upgrade-aks-node-pools-rolling; aks-facts §1.9, §6.1, §10), and the
//! addresses each step takes and gives back. Each test cites its figures.

mod common;

use aks_model::rollout::{Event, NodeProgress, Rollout};
use aks_model::{
    ClusterSpec, Failure, MaxSurge, NetworkPlugin, NodeId, NodeState, Owner, Plan, RangeName,
};
use common::{build, example_spec, ip, net};

/// Every plan of the rollout, from its start.
fn plans(rollout: &Rollout, start: &Plan) -> Vec<Plan> {
    let mut plans = vec![start.clone()];
    for index in 1..rollout.steps.len() {
        let next = rollout.plan_after(index, plans.last().expect("the start"));
        plans.push(next);
    }
    plans
}

/// What each step does, in order.
fn events(rollout: &Rollout) -> Vec<Event> {
    rollout
        .steps
        .iter()
        .map(|step| step.event.clone())
        .collect()
}

fn node_ips(plan: &Plan) -> Vec<Option<std::net::Ipv4Addr>> {
    plan.nodes.iter().map(|node| node.ip).collect()
}

/// learn: aks/upgrade-conceptual, "Rolling upgrade example": two nodes,
/// maxSurge 1: the surge node joins; node 1 is cordoned and drained, then
/// reimaged; node 2 likewise; the surge node is drained and deleted.
#[test]
fn microsofts_two_node_example_step_by_step() {
    let mut spec = example_spec(NetworkPlugin::Kubenet);
    spec.node_count = 2;
    spec.max_surge = MaxSurge::Nodes(1);
    spec.deployments[0].replicas = 4;
    let start = build(&spec);
    let upgrade = Rollout::upgrade(&start, &spec);
    assert_eq!(
        events(&upgrade),
        [
            Event::Before,
            Event::Added(2..3),
            Event::Drained(0..1),
            Event::Reimaged(0..1),
            Event::Drained(1..2),
            Event::Reimaged(1..2),
            Event::Drained(2..3),
            Event::Deleted(2..3),
        ]
    );
    let plans = plans(&upgrade, &start);
    // Step 2: node 1 (vmss000000) runs nothing; its two pods run elsewhere.
    let drained = &plans[2];
    assert!(drained.nodes[0].cordoned);
    assert_eq!(drained.nodes[0].pod_count, 0);
    assert_eq!(drained.running_pods().count(), 4);
    assert_eq!(upgrade.progress(2, NodeId::new(0)), NodeProgress::Cordoned);
    let told = upgrade.sentence(2, &plans[1], drained);
    assert!(
        told.starts_with("vmss000000 cordoned and drained"),
        "{told}"
    );
    assert!(told.contains("web-0 → vmss000002 at 10.244.2.2"), "{told}");
    let deleted = upgrade.sentence(7, &plans[6], &plans[7]);
    assert!(
        deleted.ends_with("go back: 10.10.1.6, 10.244.2.0/24."),
        "{deleted}"
    );
    // Step 3: reimaged, the same name and address, schedulable again.
    let reimaged = &plans[3];
    assert!(!reimaged.nodes[0].cordoned);
    assert_eq!(reimaged.nodes[0].name(), start.nodes[0].name());
    assert_eq!(reimaged.nodes[0].ip, start.nodes[0].ip);
    assert_eq!(upgrade.progress(3, NodeId::new(0)), NodeProgress::Upgraded);
    assert_eq!(upgrade.progress(3, NodeId::new(1)), NodeProgress::Waiting);
    assert_eq!(upgrade.progress(3, NodeId::new(2)), NodeProgress::Surge);
    // The end: the pool it started with, every pod running again.
    let end = plans.last().expect("the last step");
    assert_eq!(node_ips(end), node_ips(&start));
    assert_eq!(end.running_pods().count(), 4);
    assert!(end.nodes.iter().all(|node| !node.cordoned));
}

/// kubenet (aks-facts §1.1, §2): the surge node takes the next node-subnet
/// address (.7 after .4–.6, the 5 reserved first), the next /24 of the pod
/// CIDR and a route; all three go back when it is deleted.
#[test]
fn a_kubenet_surge_node_takes_an_address_a_slash_24_and_a_route() {
    let spec = example_spec(NetworkPlugin::Kubenet);
    let start = build(&spec);
    let upgrade = Rollout::upgrade(&start, &spec);
    let plans = plans(&upgrade, &start);
    let surge = &plans[1].nodes[3];
    assert_eq!(surge.ip, Some(ip("10.10.1.7")));
    assert_eq!(surge.pod_range, Some(net("10.244.3.0/24")));
    assert_eq!(surge.instance(), "vmss000003");
    assert_eq!(plans[1].routes.len(), 4);
    let end = plans.last().expect("the last step");
    assert_eq!(end.nodes.len(), 3);
    assert_eq!(end.routes.len(), 3);
    let pod_cidr = end.range(&RangeName::PodCidr).expect("kubenet has one");
    assert_eq!(pod_cidr.used(), 3 * 256);
}

/// Azure CNI Node Subnet (aks-facts §1.2, §3.1): the surge node takes its
/// own address and maxPods (30) more; a pod drained onto it takes one of
/// those, a new address.
#[test]
fn node_subnet_pods_drained_to_the_surge_node_take_its_pre_allocated_addresses() {
    let mut spec = example_spec(NetworkPlugin::AzureCni);
    spec.max_surge = MaxSurge::Nodes(1);
    let start = build(&spec);
    let upgrade = Rollout::upgrade(&start, &spec);
    let plans = plans(&upgrade, &start);
    // .4, .35 and .66 are the three nodes (31 addresses each); the surge node .97.
    let surge = &plans[1].nodes[3];
    assert_eq!(surge.ip, Some(ip("10.10.1.97")));
    assert_eq!(surge.pod_ip_runs, [(ip("10.10.1.98"), 30)]);
    let moved = plans[2]
        .pods
        .iter()
        .find(|pod| pod.placement.map(|p| p.node) == Some(NodeId::new(3)))
        .expect("web-0 went to the empty surge node");
    assert_eq!(moved.ip, Some(ip("10.10.1.98")));
    assert_ne!(moved.ip, start.pods[0].ip);
}

/// aks-facts §6.1: AKS's pre-check counts surge nodes × max pods for Azure
/// CNI. A /24 holds 8 nodes at 30 max pods (8 × 31 = 248 of 251); 3 free
/// addresses are fewer than 30, so the upgrade is refused before anything
/// changes. At 27 max pods 8 nodes take 224, and the 27 left pass the
/// pre-check but not the surge node's 28: the scale set fails to create it,
/// `SubnetIsFull` (error-code-subnetisfull-upgrade), where it is added.
#[test]
fn a_full_cni_subnet_stops_before_the_upgrade_or_where_the_surge_node_is_added() {
    let mut spec = example_spec(NetworkPlugin::AzureCni);
    spec.node_count = 8;
    let start = build(&spec);
    let refused = Rollout::upgrade(&start, &spec);
    let stop = refused.stop.expect("the pre-check refuses");
    assert_eq!(stop.step, 0);
    assert!(matches!(
        stop.failure,
        Failure::InsufficientSubnetSize {
            range: RangeName::NodeSubnet,
            required: 30,
            available: 3,
            surge: Some(1),
            ..
        }
    ));
    assert_eq!(refused.steps.len(), 1);

    spec.max_pods = 27;
    let start = build(&spec);
    let upgrade = Rollout::upgrade(&start, &spec);
    let stop = upgrade.stop.clone().expect("the upgrade stops");
    assert_eq!(stop.step, 1);
    assert!(stop
        .failure
        .to_string()
        .starts_with("SubnetIsFull: Code='SubnetIsFull' Message='aks-subnet with address prefix 10.10.1.0/24 doesn't have enough capacity for IP addresses.'"));
    assert_eq!(upgrade.last_step(), 1);
    let surge_step = upgrade.plan_at(1, &start);
    assert!(matches!(
        surge_step.nodes[8].state,
        NodeState::NotCreated(_)
    ));
    assert!(upgrade
        .sentence(1, &start, &surge_step)
        .contains("vmss000008 cannot be created (node subnet full)"));
}

/// aks-facts §6.5: fifteen dynamic Pod Subnet nodes take all 15 batches of
/// a /24 pod subnet; the 2 surge nodes join without one, and the upgrade
/// stalls at the first drain, where the pods evicted onto them cannot start
/// [derived].
#[test]
fn surge_nodes_without_pod_addresses_stall_at_the_first_drain() {
    let mut spec = example_spec(NetworkPlugin::AzureCniPodSubnet);
    spec.node_count = 15;
    spec.deployments[0].replicas = 30;
    let start = build(&spec);
    let upgrade = Rollout::upgrade(&start, &spec);
    let stop = upgrade.stop.clone().expect("it stalls");
    assert_eq!(stop.step, 2);
    assert!(matches!(
        stop.failure,
        Failure::SurgeWithoutPodAddresses { .. }
    ));
    let drained = upgrade.plan_at(2, &start);
    assert!(drained
        .pods
        .iter()
        .any(|pod| pod.state == aks_model::PodState::ContainerCreating));
}

/// aks-facts §6.2 and §10: four kubenet nodes fill a /22 pod CIDR, and
/// AKS's pre-check rejects the upgrade before it adds anything.
#[test]
fn a_pre_check_failure_stops_the_upgrade_before_it_starts() {
    let mut spec = example_spec(NetworkPlugin::Kubenet);
    spec.pod_cidr = net("10.240.100.0/22");
    spec.node_count = 4;
    let start = build(&spec);
    let upgrade = Rollout::upgrade(&start, &spec);
    let stop = upgrade.stop.expect("rejected");
    assert_eq!(stop.step, 0);
    assert!(stop
        .failure
        .to_string()
        .starts_with("InsufficientSubnetSize"));
    assert_eq!(upgrade.steps.len(), 1);
}

/// learn: aks/upgrade-aks-node-pools-rolling: "it cordons and drains as
/// many nodes at the same time as the number of buffer nodes": 10 nodes at
/// 33 % surge 4 (rounded up), drained 4, 4 and 2 at a time.
#[test]
fn a_percentage_surge_drains_that_many_nodes_at_a_time() {
    let mut spec = ClusterSpec::defaults_for(NetworkPlugin::AzureCniOverlay);
    spec.node_count = 10;
    spec.max_surge = MaxSurge::Percent(33);
    let start = build(&spec);
    let upgrade = Rollout::upgrade(&start, &spec);
    let drained: Vec<Event> = upgrade
        .steps
        .iter()
        .filter(|step| matches!(step.event, Event::Drained(_)))
        .map(|step| step.event.clone())
        .collect();
    assert_eq!(
        drained,
        [
            Event::Drained(0..4),
            Event::Drained(4..8),
            Event::Drained(8..10),
            Event::Drained(10..14),
        ]
    );
}

/// learn: aks/scale-cluster: nodes join one at a time here, each with its
/// addresses; a scale-in drains the newest node, then deletes it, and its
/// route goes (kubenet, aks-facts §1.1).
#[test]
fn a_scale_adds_nodes_one_at_a_time_and_removes_the_newest_first() {
    let spec = example_spec(NetworkPlugin::Kubenet);
    let three = build(&spec);
    let five_spec = ClusterSpec {
        node_count: 5,
        ..spec.clone()
    };
    let five = Plan::evolve(&three, &five_spec).expect("valid");
    let out = Rollout::scale(&three, &five, &five_spec);
    assert_eq!(out.steps.len(), 3);
    let joined = out.plan_at(1, &three);
    assert_eq!(joined.nodes.len(), 4);
    assert_eq!(joined.routes.len(), 4);
    assert!(out
        .sentence(1, &three, &joined)
        .starts_with("A node joins: vmss000003 takes 10.10.1.7 and the pod range 10.244.3.0/24"));
    let end = out.plan_at(out.last_step(), &three);
    assert_eq!(
        end, five,
        "a played scale ends where the scale was asked to"
    );

    let back = Rollout::scale(&five, &three, &spec);
    assert_eq!(
        events(&back),
        [
            Event::Before,
            Event::Drained(4..5),
            Event::Deleted(4..5),
            Event::Drained(3..4),
            Event::Deleted(3..4)
        ]
    );
    let end = back.plan_at(back.last_step(), &five);
    assert_eq!(end.routes.len(), 3);
    assert!(end
        .range(&RangeName::NodeSubnet)
        .expect("a node subnet")
        .allocations
        .iter()
        .all(|allocation| !matches!(allocation.owner, Owner::Node(node) if node.instance() >= 3)));
}

/// aks-facts §6.1: AKS's pre-check counts every node a scale adds before it
/// adds one: 300 kubenet nodes in a /24 (251 usable) never start joining.
#[test]
fn a_scale_the_pre_check_rejects_adds_nothing() {
    let spec = example_spec(NetworkPlugin::Kubenet);
    let three = build(&spec);
    let big = ClusterSpec {
        node_count: 300,
        ..spec
    };
    let after = Plan::evolve(&three, &big).expect("valid");
    let out = Rollout::scale(&three, &after, &big);
    assert_eq!(out.steps.len(), 1);
    assert!(out.stop.is_some_and(|stop| stop.step == 0));
}

/// aks-facts §3.1 and §6.1: 7 Azure CNI nodes at 30 max pods hold 217 of a
/// /24's 251 addresses; a surge of 2 needs 62 more (34 free), a surge of 1
/// 31, so 1 is the largest that fits. With 8 nodes (3 free) none does, and
/// the fix is the documented new pool on a larger subnet: a /23 (507
/// usable) holds 8 + 1 nodes × 31 = 279.
#[test]
fn a_stopped_upgrade_is_fixed_by_a_lower_surge_or_a_larger_subnet() {
    use aks_model::rollout::{upgrade_fix, UpgradeFix};
    let mut spec = example_spec(NetworkPlugin::AzureCni);
    spec.node_count = 7;
    spec.max_surge = MaxSurge::Nodes(2);
    let plan = build(&spec);
    assert!(Rollout::upgrade(&plan, &spec).stop.is_some());
    assert_eq!(upgrade_fix(&plan, &spec), Some(UpgradeFix::LowerSurge(1)));
    spec.node_count = 8;
    let plan = build(&spec);
    assert_eq!(
        upgrade_fix(&plan, &spec),
        Some(UpgradeFix::LargerRange {
            range: RangeName::NodeSubnet,
            cidr: net("10.10.0.0/23"),
        })
    );
    // An upgrade that runs needs no fix.
    spec.node_count = 3;
    assert_eq!(upgrade_fix(&build(&spec), &spec), None);
}
