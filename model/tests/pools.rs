//! Node pools: a system pool and user pools, each with its own count or
//! autoscaler range, max pods, surge and subnets (aks-facts §1.4, §1.9, §3.2,
//! §6.1–6.3; learn: aks/create-node-pools, aks/node-pool-unique-subnet).

mod common;

use std::collections::HashSet;
use std::net::Ipv4Addr;

use aks_model::subnet::reserved_addresses;
use aks_model::{
    ClusterSpec, Failure, Field, InputError, MaxSurge, NetworkPlugin, NodePoolSpec, NodeState,
    Plan, PodIpAllocation, PoolSetting, RangeName,
};
use common::{build, example_spec, ip, net};
use proptest::prelude::*;

/// The example network (aks-facts §5.0) with a user pool `apps` of `nodes`.
fn with_user_pool(plugin: NetworkPlugin, nodes: u32) -> ClusterSpec {
    let mut spec = example_spec(plugin);
    spec.user_pools
        .push(NodePoolSpec::new("apps", nodes, plugin));
    spec
}

/// With a user pool, the deployment's pods run on it, never on the system
/// pool (learn: aks/use-system-pools: "schedule your application pods on user
/// node pools"); the system pool keeps its nodes and addresses.
#[test]
fn the_deployments_pods_run_on_the_user_pools() {
    let plan = build(&with_user_pool(NetworkPlugin::AzureCniOverlay, 2));
    assert_eq!(plan.nodes.len(), 5);
    for pod in &plan.pods {
        let node = pod.running_on().expect("every pod runs");
        assert_eq!(
            node.pool(),
            1,
            "{} runs on the system pool",
            plan.pod_name(pod)
        );
    }
    let system = plan.pool(0).expect("a system pool");
    assert!(!system.runs_workloads);
    assert_eq!(&*system.name, "nodepool1");
}

/// Each pool's nodes are named after it: `aks-<pool>-<number>-vmss<instance>`
/// (aks-facts §10, learn: aks/concepts-clusters-workloads).
#[test]
fn a_pools_nodes_are_named_after_it() {
    let plan = build(&with_user_pool(NetworkPlugin::AzureCniOverlay, 2));
    let names: Vec<String> = plan.nodes.iter().map(|node| node.name()).collect();
    assert!(names[0].starts_with("aks-nodepool1-"), "{names:?}");
    assert!(
        names[3].starts_with("aks-apps-") && names[3].ends_with("-vmss000000"),
        "{names:?}"
    );
    assert!(names[4].ends_with("-vmss000001"), "{names:?}");
}

/// Azure CNI Node Subnet: each node takes maxPods + 1 subnet addresses
/// (aks-facts §1.2), its own pool's max pods: in one /24, 3 system nodes of
/// 30 (31 each from .4: .4, .35, .66) and then a user node of 50 at .97,
/// which holds 51.
#[test]
fn under_node_subnet_each_pool_preallocates_its_own_max_pods() {
    let mut spec = with_user_pool(NetworkPlugin::AzureCni, 1);
    spec.user_pools[0].max_pods = 50;
    let plan = build(&spec);
    let ips: Vec<Ipv4Addr> = plan.nodes.iter().filter_map(|node| node.ip).collect();
    assert_eq!(
        ips,
        [
            ip("10.10.1.4"),
            ip("10.10.1.35"),
            ip("10.10.1.66"),
            ip("10.10.1.97")
        ]
    );
    let user = plan.pool(1).expect("the user pool");
    assert_eq!(user.addresses, [(RangeName::NodeSubnet, 51)]);
    let system = plan.pool(0).expect("the system pool");
    assert_eq!(system.addresses, [(RangeName::NodeSubnet, 93)]);
}

/// Pod Subnet: a user pool on its own pod subnet takes its pods' addresses
/// there, and the cluster's pod subnet only holds the system pool's
/// (aks-facts §1.4: "One pod subnet can be shared by several node pools", or
/// each pool has its own; 16 per node at start).
#[test]
fn a_pool_on_its_own_pod_subnet_takes_its_pods_addresses_there() {
    let mut spec = with_user_pool(NetworkPlugin::AzureCniPodSubnet, 2);
    spec.user_pools[0].pod_subnet = Some(net("10.10.3.0/24"));
    spec.deployments[0].replicas = 20;
    let plan = build(&spec);
    let own = net("10.10.3.0/24");
    for pod in &plan.pods {
        assert!(
            own.contains(&pod.ip.expect("an address")),
            "{}",
            plan.pod_name(pod)
        );
    }
    let cluster_pod_subnet = plan.range(&RangeName::PodSubnet).expect("the pod subnet");
    // 3 system nodes × one batch of 16.
    assert_eq!(cluster_pod_subnet.used(), 48);
    let pool_pod_subnet = plan
        .range(&RangeName::PoolPodSubnet("apps".into()))
        .expect("the pool's own pod subnet");
    // 10 pods a node: 16 × ⌈(10 + 8) / 16⌉ = 32 each (aks-facts §1.4).
    assert_eq!(pool_pod_subnet.used(), 64);
}

/// A pool on its own node subnet takes its nodes' addresses there
/// (learn: aks/node-pool-unique-subnet), from .4 (aks-facts §3.1).
#[test]
fn a_pool_on_its_own_node_subnet_takes_its_addresses_there() {
    let mut spec = with_user_pool(NetworkPlugin::Kubenet, 2);
    spec.user_pools[0].node_subnet = Some(net("10.10.4.0/24"));
    let plan = build(&spec);
    let user_ips: Vec<Ipv4Addr> = plan
        .nodes
        .iter()
        .filter(|node| node.id.pool() == 1)
        .filter_map(|node| node.ip)
        .collect();
    assert_eq!(user_ips, [ip("10.10.4.4"), ip("10.10.4.5")]);
    // One route table for the cluster: a route for every node of every pool
    // (aks-facts §1.1).
    assert_eq!(plan.routes.len(), 5);
}

/// kubenet's route table holds 400 routes for the whole cluster, whatever
/// the pools (aks-facts §6.3): 200 + 201 nodes are refused.
#[test]
fn kubenets_400_routes_count_every_pool() {
    let mut spec = ClusterSpec::defaults_for(NetworkPlugin::Kubenet);
    // A /15 holds 512 nodes' /24s: only the routes run out.
    spec.pod_cidr = net("10.244.0.0/15");
    spec.node_count = 200;
    spec.user_pools
        .push(NodePoolSpec::new("apps", 201, NetworkPlugin::Kubenet));
    let plan = build(&spec);
    assert!(plan.failures.contains(&Failure::RouteTableLimit {
        nodes: 401,
        surge: None
    }));
    let not_created = plan
        .nodes
        .iter()
        .filter(|node| matches!(node.state, NodeState::NotCreated(_)))
        .count();
    assert_eq!(not_created, 1);
}

/// Overlay: one pod CIDR for the cluster, a /24 per node of every pool
/// (aks-facts §1.3); the pre-check counts each pool at its autoscaler's max
/// count ("If Autoscaler is enabled, the max-count from each nodepool is
/// counted", §6.2): 2 system nodes and a user pool of 1–3 plan 5 /24s, 1,280
/// addresses, in a /22 of 1,024.
#[test]
fn the_pre_check_counts_each_pools_max_count_in_the_shared_pod_cidr() {
    let mut spec = with_user_pool(NetworkPlugin::AzureCniOverlay, 1);
    spec.pod_cidr = net("10.244.0.0/22");
    spec.node_count = 2;
    spec.max_pods = 50;
    spec.user_pools[0].max_count = Some(3);
    let plan = build(&spec);
    assert!(plan.failures.contains(&Failure::InsufficientSubnetSize {
        range: RangeName::PodCidr,
        cidr: net("10.244.0.0/22"),
        required: 1_280,
        available: 1_024,
        surge: None,
        max_count: Some(5),
    }));
    let ranges: HashSet<_> = plan
        .nodes
        .iter()
        .filter_map(|node| node.pod_range)
        .collect();
    assert_eq!(
        ranges.len(),
        plan.nodes.iter().filter(|node| node.is_ready()).count()
    );
}

/// Pools upgrade one after the other, each with its own surge (learn:
/// aks/upgrade-aks-node-pools-rolling): a user pool whose own /28 (11 usable,
/// aks-facts §3.1) is full cannot surge, while the system pool can.
#[test]
fn a_pool_surges_in_its_own_subnet() {
    let mut spec = with_user_pool(NetworkPlugin::AzureCniOverlay, 11);
    spec.user_pools[0].node_subnet = Some(net("10.10.5.0/28"));
    spec.user_pools[0].max_surge = MaxSurge::Nodes(1);
    let plan = build(&spec);
    assert_eq!(
        plan.failures,
        [Failure::InsufficientSubnetSize {
            range: RangeName::PoolNodeSubnet("apps".into()),
            cidr: net("10.10.5.0/28"),
            required: 1,
            available: 0,
            surge: Some(1),
            max_count: None,
        }]
    );
}

/// A pool's bad setting names the pool and the setting; the names follow
/// AKS's rule for Linux pools (learn: aks/create-node-pools).
#[test]
fn bad_pool_settings_name_the_pool_and_the_setting() {
    let mut spec = with_user_pool(NetworkPlugin::AzureCniOverlay, 2);
    spec.user_pools[0].max_pods = 300;
    spec.user_pools.push(NodePoolSpec::new(
        "Gpu-Pool",
        1,
        NetworkPlugin::AzureCniOverlay,
    ));
    spec.user_pools
        .push(NodePoolSpec::new("apps", 1, NetworkPlugin::AzureCniOverlay));
    spec.user_pools.push(NodePoolSpec::new(
        "toolongpoolname",
        1,
        NetworkPlugin::AzureCniOverlay,
    ));
    let errors = Plan::build(&spec).expect_err("invalid pools");
    let fields: Vec<Field> = errors.iter().map(InputError::field).collect();
    assert!(
        fields.contains(&Field::pool("apps", PoolSetting::MaxPods)),
        "{fields:?}"
    );
    assert!(
        fields.contains(&Field::pool("Gpu-Pool", PoolSetting::Name)),
        "{fields:?}"
    );
    assert!(
        fields.contains(&Field::pool("apps", PoolSetting::Name)),
        "{fields:?}"
    );
    assert!(fields.contains(&Field::pool("toolongpoolname", PoolSetting::Name)));
    let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert!(
        messages.contains(
            &"Node pool apps: Max pods per node must be between 10 and 250; 300 is outside that."
                .to_string()
        ),
        "{messages:?}"
    );
}

/// A user pool may have 0 nodes, the system pool not (learn:
/// aks/scale-cluster, "Scale user node pools to 0"); an AKS cluster has at
/// most 5,000 nodes (aks-facts §1.9).
#[test]
fn a_user_pool_may_be_empty_but_the_cluster_has_at_most_5000_nodes() {
    let empty = with_user_pool(NetworkPlugin::AzureCniOverlay, 0);
    let plan = build(&empty);
    assert!(plan.pods.iter().all(|pod| pod.running_on().is_none()));
    assert!(plan
        .failures
        .iter()
        .any(|f| matches!(f, Failure::PodsPending { ready_nodes: 0, .. })));

    let mut spec = ClusterSpec::defaults_for(NetworkPlugin::AzureCniOverlay);
    spec.vnet = net("10.0.0.0/8");
    spec.node_subnet = net("10.1.0.0/16");
    spec.service_cidr = net("172.16.0.0/16");
    spec.dns_service_ip = ip("172.16.0.10");
    spec.pod_cidr = net("192.168.0.0/16");
    spec.node_count = 1_000;
    for name in ["a", "b", "c", "d", "e"] {
        spec.user_pools.push(NodePoolSpec::new(
            name,
            1_000,
            NetworkPlugin::AzureCniOverlay,
        ));
    }
    let errors = Plan::build(&spec).expect_err("6,000 nodes");
    assert!(
        errors.contains(&InputError::TooManyNodes { planned: 6_000 }),
        "{errors:?}"
    );
}

/// A Linux pool's name is 1 to 12 lowercase letters and digits, starting
/// with a letter (learn: aks/create-node-pools and aks/use-system-pools;
/// aks/scale-cluster says 1 to 11, and the lab takes 12), and no pool may
/// take another's name, the system pool's included.
#[test]
fn a_pool_name_follows_aks_rule_and_is_unique() {
    let named = |name: &str| {
        let mut spec = with_user_pool(NetworkPlugin::AzureCniOverlay, 1);
        spec.user_pools[0].name = name.into();
        Plan::build(&spec).err().unwrap_or_default()
    };
    for fine in ["a", "apps2", "abcdefghijkl"] {
        assert_eq!(named(fine), [], "{fine}");
    }
    for bad in ["", "abcdefghijklm", "2apps", "Apps", "app-s"] {
        assert_eq!(
            named(bad),
            [InputError::InvalidPoolName { pool: bad.into() }],
            "{bad:?}"
        );
    }
    assert_eq!(
        named("nodepool1"),
        [InputError::DuplicateName {
            field: Field::pool("nodepool1", PoolSetting::Name),
            name: "nodepool1".into(),
        }]
    );
}

/// Pools with the pod subnet of a model that has none are refused.
#[test]
fn a_pod_subnet_needs_the_pod_subnet_model() {
    let mut spec = with_user_pool(NetworkPlugin::AzureCniOverlay, 1);
    spec.user_pools[0].pod_subnet = Some(net("10.10.3.0/24"));
    let errors = Plan::build(&spec).expect_err("Overlay has no pod subnet");
    assert_eq!(
        errors.iter().map(InputError::field).collect::<Vec<_>>(),
        [Field::pool("apps", PoolSetting::PodSubnet)]
    );
}

/// The autoscaler grows the pools that run pods, within their ranges
/// (learn: aks/cluster-autoscaler): 35 pods at 10 a node need 4 user nodes.
#[test]
fn the_autoscaler_grows_the_pool_that_runs_the_pods() {
    let mut spec = with_user_pool(NetworkPlugin::AzureCniOverlay, 1);
    spec.user_pools[0].max_pods = 10;
    spec.user_pools[0].node_count = 3;
    spec.user_pools[0].max_count = Some(6);
    spec.deployments[0].replicas = 35;
    let plan = build(&spec);
    let user = plan.pool(1).expect("the user pool");
    assert_eq!(user.node_count, 4);
    assert_eq!(
        user.autoscaler.map(|range| (range.min, range.max)),
        Some((3, 6))
    );
    // The headroom: the 2 nodes it may still add.
    assert_eq!(plan.autoscaler_headroom.len(), 2);
    assert!(plan.pods.iter().all(|pod| pod.is_running()));
}

// ----- Invariants, on generated clusters with pools -----

fn pooled_clusters() -> impl Strategy<Value = (ClusterSpec, usize)> {
    (
        prop::sample::select(NetworkPlugin::ALL.to_vec()),
        any::<bool>(),
        1u32..=8,
        prop::collection::vec(
            (
                0u32..=12,
                prop::option::of(1u32..=6),
                10u32..=120,
                0u8..=2,
                1u32..=3,
            ),
            0..=3,
        ),
        0u32..=300,
        any::<prop::sample::Index>(),
    )
        .prop_map(
            |(plugin, static_blocks, system_nodes, pools, replicas, pick)| {
                let mut spec = example_spec(plugin);
                spec.vnet = net("10.10.0.0/16");
                spec.node_subnet = net("10.10.0.0/24");
                spec.pod_subnet = net("10.10.1.0/24");
                spec.pod_cidr = net("10.244.0.0/20");
                spec.pod_ip_allocation = if static_blocks {
                    PodIpAllocation::StaticBlock
                } else {
                    PodIpAllocation::Dynamic
                };
                spec.node_count = system_nodes;
                spec.max_pods = 30;
                spec.deployments[0].replicas = replicas;
                for (index, (nodes, more, max_pods, own, surge)) in pools.into_iter().enumerate() {
                    let mut pool = NodePoolSpec::new(format!("pool{index}"), nodes, plugin);
                    pool.max_count = more.map(|more| nodes + more);
                    pool.max_pods = max_pods;
                    pool.max_surge = MaxSurge::Nodes(surge);
                    // 0: the cluster's subnets; 1: its own; 2: the first pool's own.
                    let third = if own == 2 { 0 } else { index };
                    if own > 0 {
                        pool.node_subnet = Some(net(&format!("10.10.{}.0/26", 10 + third)));
                        if plugin.uses_pod_subnet() {
                            pool.pod_subnet = Some(net(&format!("10.10.{}.0/25", 20 + third)));
                        }
                    }
                    spec.user_pools.push(pool);
                }
                // A pool too small for 30 pods is refused: give it room.
                for pool in &mut spec.user_pools {
                    let planned = pool.max_count.unwrap_or(pool.node_count);
                    if planned > 0 && u64::from(planned) * u64::from(pool.max_pods) < 30 {
                        pool.max_pods = 30;
                    }
                }
                let index = pick.index(spec.user_pools.len() + 1);
                (spec, index)
            },
        )
}

/// Every address a plan hands out, by range, with its holder.
fn held(plan: &Plan) -> Vec<(Ipv4Addr, String)> {
    let mut out = Vec::new();
    for range in plan.cluster_ranges() {
        for allocation in &range.allocations {
            for offset in 0..allocation.len.min(4_096) {
                let address = Ipv4Addr::from(u32::from(allocation.first) + offset as u32);
                out.push((address, format!("{:?} in {}", allocation.owner, range.name)));
            }
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(150))]

    /// No address is held twice, every one is inside its range, Azure's
    /// reserved addresses are never handed out (aks-facts §3.1), and every
    /// node's addresses are in its own pool's subnets.
    #[test]
    fn pools_never_share_an_address(spec_and_pick in pooled_clusters()) {
        let (spec, _) = spec_and_pick;
        let plan = Plan::build(&spec);
        prop_assert!(plan.is_ok(), "the strategy makes valid clusters: {:?}", plan.err());
        let Ok(plan) = plan else { return Ok(()); };
        let mut seen = HashSet::new();
        for (address, holder) in held(&plan) {
            prop_assert!(seen.insert(address), "{address} held twice (again by {holder})");
        }
        for range in plan.cluster_ranges() {
            for allocation in &range.allocations {
                prop_assert!(range.cidr.contains(&allocation.first));
            }
            if range.name.is_vnet_subnet() {
                let reserved: Vec<Ipv4Addr> =
                    reserved_addresses(range.cidr).into_iter().map(|(address, _)| address).collect();
                for allocation in range.allocations.iter().filter(|a| a.owner.node().is_some()) {
                    prop_assert!(!reserved.contains(&allocation.first));
                }
            }
        }
        for node in plan.ready_nodes() {
            let pool = plan.pool(node.id.pool()).expect("its pool");
            let subnet = plan.range(&pool.node_subnet).expect("its subnet");
            prop_assert!(subnet.cidr.contains(&node.ip.expect("an address")));
        }
        for pod in plan.running_pods() {
            let node = pod.running_on().expect("running");
            prop_assert!(plan.pool(node.pool()).expect("its pool").runs_workloads);
        }
    }

    /// Growing or shrinking one pool moves nothing of the others: every node
    /// that stays keeps its addresses (Azure never renumbers a NIC).
    #[test]
    fn resizing_one_pool_moves_no_other_pools_node(spec_and_pick in pooled_clusters(), grow in any::<bool>()) {
        let (spec, pick) = spec_and_pick;
        let Ok(before) = Plan::build(&spec) else {
            return Err(TestCaseError::fail("the strategy makes valid clusters"));
        };
        let mut changed = spec.clone();
        let count = match pick.checked_sub(1).and_then(|user| changed.user_pools.get_mut(user)) {
            Some(pool) => &mut pool.node_count,
            None => &mut changed.node_count,
        };
        *count = if grow { *count + 1 } else { count.saturating_sub(1).max(u32::from(pick == 0)) };
        let Ok(after) = Plan::evolve(&before, &changed) else { return Ok(()); };
        for node in before.ready_nodes() {
            let Some(now) = after.node(node.id) else { continue };
            if now.is_ready() {
                prop_assert_eq!(now.ip, node.ip, "{} moved", node.name());
                prop_assert_eq!(now.pod_range, node.pod_range);
            }
        }
    }
}

// ----- Upgrades and scales, pool by pool -----

use aks_model::rollout::{upgrade_fix, Event, Rollout, UpgradeFix};

/// Pools upgrade one after the other, each with its own surge (learn:
/// aks/upgrade-cluster, aks/upgrade-aks-node-pools-rolling): the system
/// pool's 3 nodes with 1 surge node (10 % of 3, rounded up, aks-facts §10),
/// then `apps`' 4 nodes with its max surge of 2, whose surge nodes take the
/// next addresses of its own subnet; every address is back at the end.
#[test]
fn an_upgrade_goes_through_every_pool_with_its_own_surge() {
    let mut spec = with_user_pool(NetworkPlugin::AzureCniOverlay, 4);
    spec.user_pools[0].node_subnet = Some(net("10.10.4.0/24"));
    spec.user_pools[0].max_surge = MaxSurge::Nodes(2);
    let plan = build(&spec);
    let upgrade = Rollout::upgrade(&plan, &spec);
    assert!(upgrade.stop.is_none());
    let added: Vec<(u8, Event)> = upgrade
        .steps
        .iter()
        .filter(|step| matches!(step.event, Event::Added(_)))
        .map(|step| (step.pool, step.event.clone()))
        .collect();
    assert_eq!(added, [(0, Event::Added(3..4)), (1, Event::Added(4..6))]);
    // System: 1 + 3 × 2 + 2; apps: 1 + 2 × 2 + 2; and the step before.
    assert_eq!(upgrade.steps.len(), 1 + 9 + 7);
    let apps_added = upgrade
        .steps
        .iter()
        .position(|step| step.pool == 1 && matches!(step.event, Event::Added(_)))
        .expect("apps' surge");
    let surged = upgrade.plan_at(apps_added, &plan);
    let surge_ips: Vec<Ipv4Addr> = surged
        .nodes
        .iter()
        .filter(|node| node.id.pool() == 1 && node.id.instance() >= 4)
        .filter_map(|node| node.ip)
        .collect();
    assert_eq!(surge_ips, [ip("10.10.4.8"), ip("10.10.4.9")]);
    // The system pool's surge node is gone by then.
    assert_eq!(
        surged
            .nodes
            .iter()
            .filter(|node| node.id.pool() == 0)
            .count(),
        3
    );
    let done = upgrade.plan_at(upgrade.last_step(), &plan);
    let addresses = |plan: &Plan| plan.nodes.iter().map(|node| node.ip).collect::<Vec<_>>();
    assert_eq!(addresses(&done), addresses(&plan));
}

/// A user pool whose own subnet has no room for its surge stops the upgrade
/// before it starts, as AKS's pre-check does (aks-facts §6.1), and the fix
/// is that pool's: its subnet one prefix larger, a /27 of 27 usable
/// (§3.1) for 11 nodes and a surge node.
#[test]
fn a_stopped_pools_upgrade_is_fixed_in_that_pool() {
    let mut spec = with_user_pool(NetworkPlugin::AzureCniOverlay, 11);
    spec.user_pools[0].node_subnet = Some(net("10.10.5.0/28"));
    spec.user_pools[0].max_surge = MaxSurge::Nodes(1);
    let plan = build(&spec);
    let upgrade = Rollout::upgrade(&plan, &spec);
    assert_eq!(upgrade.stop.map(|stop| stop.step), Some(0));
    assert_eq!(
        upgrade_fix(&plan, &spec),
        Some(UpgradeFix::LargerRange {
            range: RangeName::PoolNodeSubnet("apps".into()),
            cidr: net("10.10.5.0/27"),
        })
    );
}

/// Scaling a user pool changes that pool only, node by node (learn:
/// aks/scale-cluster); the system pool's nodes stay where they are.
#[test]
fn a_scale_of_a_user_pool_changes_that_pool() {
    let spec = with_user_pool(NetworkPlugin::Kubenet, 2);
    let before = build(&spec);
    let mut scaled = spec.clone();
    scaled.user_pools[0].node_count = 4;
    let after = Plan::evolve(&before, &scaled).expect("valid");
    let scale = Rollout::scale(&before, &after, &scaled);
    let added: Vec<(u8, Event)> = scale
        .steps
        .iter()
        .skip(1)
        .map(|step| (step.pool, step.event.clone()))
        .collect();
    assert_eq!(added, [(1, Event::Added(2..3)), (1, Event::Added(3..4))]);
    let last = scale.plan_at(scale.last_step(), &before);
    assert_eq!(last.nodes.len(), 7);
    for node in before.nodes.iter() {
        assert_eq!(last.node(node.id).and_then(|now| now.ip), node.ip);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(60))]

    /// An upgrade through every pool never hands out an address twice at
    /// any step, and one that runs to its end leaves every node's address
    /// where it was.
    #[test]
    fn an_upgrade_of_every_pool_never_doubles_an_address(spec_and_pick in pooled_clusters()) {
        let (spec, _) = spec_and_pick;
        let Ok(plan) = Plan::build(&spec) else {
            return Err(TestCaseError::fail("the strategy makes valid clusters"));
        };
        let upgrade = Rollout::upgrade(&plan, &spec);
        let mut step_plan = plan.clone();
        for step in 1..=upgrade.last_step() {
            step_plan = upgrade.plan_after(step, &step_plan);
            let mut seen = HashSet::new();
            for (address, holder) in held(&step_plan) {
                prop_assert!(seen.insert(address), "step {step}: {address} held twice ({holder})");
            }
        }
        if upgrade.stop.is_none() {
            let ips = |plan: &Plan| plan.nodes.iter().map(|node| (node.id, node.ip)).collect::<Vec<_>>();
            prop_assert_eq!(ips(&step_plan), ips(&plan));
        }
    }
}

// ----- Capacity, pool by pool and for the cluster -----

/// A pool's largest node count is what its ranges hold once the other pools
/// have theirs: in a shared kubenet /24 (251 usable, aks-facts §3.1) the
/// system pool's 3 nodes leave 248, and with a 10 % surge (§10) `apps` can
/// reach 225 (225 + 23 = 248).
#[test]
fn a_pools_capacity_is_what_the_other_pools_leave() {
    let mut spec = with_user_pool(NetworkPlugin::Kubenet, 2);
    spec.pod_cidr = net("10.244.0.0/15");
    let plan = build(&spec);
    let apps = plan.pool(1).expect("apps");
    assert_eq!(apps.capacity.nodes_that_fit, 248);
    assert_eq!(apps.capacity.max_nodes, 225);
    // And the system pool: 251 − 2.
    assert_eq!(plan.pool(0).expect("system").capacity.nodes_that_fit, 249);
}

/// The planning formula over pools (aks-facts §3.2, Node Subnet: (nodes +
/// surge) × (maxPods + 1)), each pool at its own max pods, and the largest
/// pool's surge once, since pools upgrade one after the other: 3 × 31 + 2 ×
/// 51 + 51 = 246 addresses, a /24.
#[test]
fn the_planning_formula_adds_each_pool_and_the_largest_surge() {
    let mut spec = with_user_pool(NetworkPlugin::AzureCni, 2);
    spec.user_pools[0].max_pods = 50;
    spec.user_pools[0].max_surge = MaxSurge::Nodes(1);
    spec.max_surge = MaxSurge::Nodes(1);
    let plan = build(&spec);
    let needed = plan.requirement().expect("its own model's");
    assert_eq!(needed.node_subnet_addresses, 246);
    assert_eq!(needed.node_subnet_prefix, Some(24));
}

/// A pool's own subnet is warned of as the cluster's are: 10 nodes hold 10
/// of a /28's 11 usable addresses (aks-facts §3.1), 90 %.
#[test]
fn a_pools_own_subnet_nearly_full_is_warned_of() {
    let mut spec = with_user_pool(NetworkPlugin::AzureCniOverlay, 10);
    spec.user_pools[0].node_subnet = Some(net("10.10.5.0/28"));
    spec.user_pools[0].max_surge = MaxSurge::Nodes(1);
    let plan = build(&spec);
    assert!(
        plan.warnings.contains(&aks_model::Warning::NearlyFull {
            range: RangeName::PoolNodeSubnet("apps".into()),
            cidr: net("10.10.5.0/28"),
            percent: 90,
        }),
        "{:?}",
        plan.warnings
    );
}

// ----- Cases a review found -----

/// Two pools on one subnet of their own: the subnet is named after the
/// first, and removing that pool renames it. The other pool's nodes keep
/// their addresses all the same (Azure never renumbers a NIC).
#[test]
fn removing_the_first_of_two_pools_on_one_subnet_moves_nothing() {
    let mut spec = with_user_pool(NetworkPlugin::AzureCniOverlay, 2);
    spec.user_pools[0].node_subnet = Some(net("10.10.4.0/24"));
    let mut second = NodePoolSpec::new("batch", 2, spec.plugin);
    second.node_subnet = Some(net("10.10.4.0/24"));
    spec.user_pools.push(second);
    let before = build(&spec);
    let ips = |plan: &Plan| -> Vec<Option<Ipv4Addr>> {
        plan.nodes
            .iter()
            .filter(|node| &*node.pool == "batch")
            .map(|node| node.ip)
            .collect()
    };
    assert_eq!(ips(&before), [Some(ip("10.10.4.6")), Some(ip("10.10.4.7"))]);
    spec.user_pools.remove(0);
    let after = Plan::evolve(&before, &spec).expect("valid");
    assert_eq!(ips(&after), ips(&before));
}

/// The pods the pools can hold at their largest count a shared range once:
/// the /24 node subnet (251 usable, aks-facts §3.1) holds 248 nodes beside
/// the system pool's 3, for the two user pools together: 248 × 250 pods,
/// not 247 each; and Overlay's /16 pod CIDR (256 nodes' /24s, §1.3) with
/// the node subnet a /16, 253 × 250.
#[test]
fn the_largest_pod_count_shares_the_ranges_between_pools() {
    let mut spec = with_user_pool(NetworkPlugin::AzureCniOverlay, 1);
    spec.user_pools
        .push(NodePoolSpec::new("batch", 1, spec.plugin));
    assert_eq!(build(&spec).capacity.max_pod_count, 248 * 250);
    spec.vnet = net("10.10.0.0/15");
    spec.node_subnet = net("10.11.0.0/16");
    assert_eq!(build(&spec).capacity.max_pod_count, 253 * 250);
}

/// A pool that has its own pod subnet counts its batches there: the pools
/// preset's figures, with 300 pods on apps' /22 (1,019 usable, 63 batches of
/// 16: aks-facts §1.4, §3.1).
#[test]
fn dynamic_pod_capacity_counts_the_pools_own_pod_subnets() {
    let mut spec = example_spec(NetworkPlugin::AzureCniPodSubnet);
    spec.node_subnet = net("10.10.0.0/28");
    spec.pod_subnet = net("10.10.0.64/26");
    spec.node_count = 2;
    spec.deployments[0].replicas = 300;
    let mut apps = NodePoolSpec::new("apps", 10, spec.plugin);
    apps.node_subnet = Some(net("10.10.4.0/24"));
    apps.pod_subnet = Some(net("10.10.8.0/22"));
    spec.user_pools.push(apps);
    let plan = build(&spec);
    assert_eq!(plan.capacity.pod_capacity, 63 * 16);
    // The cluster's node subnet holds only the system pool: 2 nodes and 1
    // surge node (10 % of 2, rounded up), a /29 (3 usable) at the smallest.
    let needed = plan.requirement().expect("its own model's");
    assert_eq!(
        (needed.node_subnet_addresses, needed.node_subnet_prefix),
        (3, Some(29))
    );
}

/// A pool's surge that finds no room stops the upgrade at that pool's step,
/// and the fix offered is that pool's: with 62 addresses free in a /24,
/// the system pool's surge node (1 + 30) fits, b's 2 × (1 + 31) do not
/// (aks-facts §1.2, §6.1); b's max surge 1 fits.
#[test]
fn a_pools_upgrade_stops_and_is_fixed_in_that_pool() {
    let mut spec = ClusterSpec::defaults_for(NetworkPlugin::AzureCni);
    spec.node_subnet = net("10.224.0.0/24");
    let mut b = NodePoolSpec::new("b", 3, spec.plugin);
    b.max_pods = 31;
    b.max_surge = MaxSurge::Nodes(2);
    spec.user_pools.push(b);
    let plan = build(&spec);
    let upgrade = Rollout::upgrade(&plan, &spec);
    let stop = upgrade.stop.clone().expect("stopped");
    assert_eq!(stop.pool, 1);
    let stopped_at = upgrade.steps.get(stop.step).expect("the step");
    assert_eq!(stopped_at.pool, 1);
    assert_eq!(upgrade_fix(&plan, &spec), Some(UpgradeFix::LowerSurge(1)));
}
