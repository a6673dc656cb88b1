//! Operations that change a running pool node by node, as steps the view
//! plays: AKS's rolling upgrade and a manual scale.
//!
//! The upgrade follows Microsoft's description (learn: aks/upgrade-conceptual,
//! aks/upgrade-aks-node-pools-rolling; aks-facts §1.9, §6.1): max-surge new
//! nodes join first, with addresses of their own; then as many old nodes at a
//! time are cordoned and drained (their pods are evicted and replaced
//! elsewhere) and reimaged, which keeps the VM and its name (and, derived,
//! its addresses); at the end the surge nodes are drained and deleted, and
//! their addresses go back to their ranges. Where AKS stops it: its
//! pre-check (`InsufficientSubnetSize`) before anything changes, the scale
//! set's `SubnetIsFull` where a surge node finds no address. A scale adds
//! nodes, or cordons, drains and deletes the newest ones (learn:
//! aks/scale-cluster), shown one at a time.
//!
//! Each step's plan is the previous step's, evolved: what stays keeps its
//! address, so only the difference moves. The steps are listed up front
//! and planned one after another ([`Rollout::plan_after`]): stepping on
//! costs one plan (the app keeps checkpoints for stepping back).
//!
//! Invariants (`tests/rollouts.rs`): a step never hands out an address
//! twice; an upgrade that AKS's checks let through creates every surge node;
//! it ends with the pool it started with, every node and pod address kept
//! but the pods', which moved with their pods.

use std::ops::Range;

use ipnet::Ipv4Net;

use crate::capacity::node_subnet_addresses_per_node;
use crate::failure::Failure;
use crate::ids::NodeId;
use crate::limits::POD_IP_BATCH;
use crate::names::RangeName;
use crate::plan::{Node, NodeState, Plan};
use crate::plugin::{NetworkPlugin, PodIpAllocation};
use crate::spec::{ClusterSpec, MaxSurge};

const HOW_UPGRADES_WORK: &str = "learn: aks/upgrade-conceptual";
const ROLLING_UPGRADE: &str = "learn: aks/upgrade-aks-node-pools-rolling";
const SCALE: &str = "learn: aks/scale-cluster";
const CLUSTER_AUTOSCALER: &str = "learn: aks/cluster-autoscaler";

/// Every source a step cites (the app gives each a public page).
pub const REFERENCES: [&str; 4] = [
    HOW_UPGRADES_WORK,
    ROLLING_UPGRADE,
    SCALE,
    CLUSTER_AUTOSCALER,
];

/// What the operation is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RolloutKind {
    /// A rolling upgrade with this many surge nodes.
    Upgrade { surge: u32 },
    /// A scale from one node count to another: manual, or the cluster
    /// autoscaler's for the pods (its range unchanged).
    Scale {
        from: u32,
        to: u32,
        by_autoscaler: bool,
    },
}

/// What happens at one step, to the node numbers in its range.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    /// The pool as it runs before the operation.
    Before,
    /// New nodes join, with their addresses.
    Added(Range<u32>),
    /// Cordoned and drained: their pods are evicted and start elsewhere.
    Drained(Range<u32>),
    /// Reimaged with the new version: the same VM, name and addresses,
    /// schedulable again.
    Reimaged(Range<u32>),
    /// Deleted: their addresses go back to their ranges.
    Deleted(Range<u32>),
}

/// One step: what happens, to which pool, and the pool it leaves.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    pub event: Event,
    /// The pool the step changes (0: the system pool).
    pub pool: u8,
    /// The pool's nodes after the step (numbers `0..nodes`).
    nodes: u32,
    /// The pool's nodes cordoned after the step.
    cordoned: Range<u32>,
}

/// A pool an upgrade goes through: its index, its nodes and its surge.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Upgraded {
    pool: u8,
    nodes: u32,
    surge: u32,
}

/// Where a node is in the operation, as a step leaves it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeProgress {
    /// Not yet touched: the old version.
    Waiting,
    /// Cordoned and drained.
    Cordoned,
    /// On the new version: reimaged, or a surge node.
    Upgraded,
    /// A surge node (the upgrade removes it at the end).
    Surge,
    /// Joined in this scale.
    Joined,
    /// Not part of this scale.
    Unchanged,
}

/// Why the operation stops, at which step, in whose pool, in AKS's words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stop {
    pub step: usize,
    /// The pool it stops in (0: the system pool).
    pub pool: u8,
    pub failure: Failure,
}

/// An upgrade (of every pool, one after the other) or a scale of a pool, as steps.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rollout {
    /// For an upgrade, the first pool's surge.
    pub kind: RolloutKind,
    /// An upgrade's pools, in the order it goes through them.
    upgraded: Vec<Upgraded>,
    /// The pool's description (its node count is the pool's before the
    /// operation for an upgrade, after it for a scale).
    spec: ClusterSpec,
    pub steps: Vec<Step>,
    /// The failure the operation stops at, if any: the steps end there.
    pub stop: Option<Stop>,
    /// A scale's last step is the plan the scale was asked for, so that
    /// playing it ends where the widget's scenario is (pods waiting for a
    /// node are placed as the one change placed them).
    target: Option<Box<Plan>>,
}

impl Rollout {
    /// AKS's rolling upgrade of the pool planned as `plan` from `spec`.
    /// The failures the plan already carries for its next upgrade decide
    /// where it stops: a pre-check AKS runs before anything changes stops
    /// it at the start, a range that cannot hold the surge nodes at the
    /// step that adds them.
    ///
    /// ```
    /// use aks_model::rollout::{Event, Rollout};
    /// use aks_model::{ClusterSpec, MaxSurge, NetworkPlugin, Plan};
    /// let mut spec = ClusterSpec::defaults_for(NetworkPlugin::Kubenet);
    /// spec.max_surge = MaxSurge::Nodes(1);
    /// let plan = Plan::build(&spec).unwrap();
    /// let upgrade = Rollout::upgrade(&plan, &spec);
    /// // 3 nodes: the surge node joins, each old node is drained and
    /// // reimaged, and the surge node is drained and deleted.
    /// assert_eq!(upgrade.steps.len(), 1 + 1 + 3 * 2 + 2);
    /// assert_eq!(upgrade.steps[1].event, Event::Added(3..4));
    /// assert!(upgrade.stop.is_none());
    /// ```
    pub fn upgrade(plan: &Plan, spec: &ClusterSpec) -> Rollout {
        // The pools as they run: with the autoscaler on, the nodes they run now.
        let spec = spec.running();
        // Pools upgrade one after the other, each with its own surge
        // (learn: aks/upgrade-cluster); an empty pool has nothing to upgrade.
        let upgraded: Vec<Upgraded> = spec
            .pools()
            .iter()
            .filter(|pool| pool.node_count > 0)
            .map(|pool| Upgraded {
                pool: pool.index,
                nodes: pool.node_count,
                surge: pool.surge_nodes().max(1),
            })
            .collect();
        let first = upgraded.first().copied();
        let mut steps = vec![Step::new(
            Event::Before,
            first.map_or(0, |pool| pool.pool),
            first.map_or(0, |pool| pool.nodes),
            0..0,
        )];
        for &Upgraded { pool, nodes, surge } in &upgraded {
            let surge_nodes = nodes..nodes + surge;
            let with_surge = nodes + surge;
            steps.push(Step::new(
                Event::Added(surge_nodes.clone()),
                pool,
                with_surge,
                0..0,
            ));
            let mut first = 0;
            while first < nodes {
                let batch = first..(first + surge).min(nodes);
                steps.push(Step::new(
                    Event::Drained(batch.clone()),
                    pool,
                    with_surge,
                    batch.clone(),
                ));
                steps.push(Step::new(
                    Event::Reimaged(batch.clone()),
                    pool,
                    with_surge,
                    0..0,
                ));
                first = batch.end;
            }
            steps.push(Step::new(
                Event::Drained(surge_nodes.clone()),
                pool,
                with_surge,
                surge_nodes.clone(),
            ));
            steps.push(Step::new(Event::Deleted(surge_nodes), pool, nodes, 0..0));
        }
        let mut upgrade = Rollout {
            kind: RolloutKind::Upgrade {
                surge: first.map_or(1, |pool| pool.surge),
            },
            upgraded,
            spec: spec.into_owned(),
            steps,
            stop: None,
            target: None,
        };
        upgrade.stop = upgrade.upgrade_stop(plan);
        if upgrade.stop.is_none() {
            upgrade.stop = upgrade.surge_not_created(plan);
        }
        if let Some(stop) = &upgrade.stop {
            upgrade.steps.truncate(stop.step + 1);
        }
        upgrade
    }

    /// The step at which pool `pool`'s surge nodes are added.
    fn added_step(&self, pool: u8) -> Option<usize> {
        self.steps
            .iter()
            .position(|step| step.pool == pool && matches!(step.event, Event::Added(_)))
    }

    /// Where the next upgrade of `plan` stops, from the failures it carries:
    /// a cluster that is not whole, or an upgrade AKS's pre-check rejects,
    /// at the start; surge nodes that cannot get their addresses where their
    /// pool's are added; surge nodes without pod addresses, at their pool's
    /// first drain. Each is the pool's whose upgrade it stops (the first
    /// pool's when the failure is the cluster's).
    fn upgrade_stop(&self, plan: &Plan) -> Option<Stop> {
        let first = self.upgraded.first().map_or(0, |upgraded| upgraded.pool);
        let found = |wanted: fn(&Failure) -> bool| {
            plan.failures
                .iter()
                .enumerate()
                .find(|(_, failure)| wanted(failure))
                .map(|(index, failure)| {
                    (plan.failure_pool(index).unwrap_or(first), failure.clone())
                })
        };
        let stop = |step: usize, (pool, failure): (u8, Failure)| Stop {
            step,
            pool,
            failure,
        };
        if let Some(rejected) = found(|failure| {
            matches!(
                failure,
                Failure::InsufficientSubnetSize { .. }
                    | Failure::RouteTableLimit { .. }
                    | Failure::SurgeOverPoolLimit { .. }
            )
        }) {
            return Some(stop(0, rejected));
        }
        if let Some(short) = found(|failure| matches!(failure, Failure::SubnetIsFull { .. })) {
            let step = self.added_step(short.0).unwrap_or(1);
            return Some(stop(step, short));
        }
        // The surge nodes join without pod addresses; the first pods drained
        // onto them are the ones that cannot start [derived].
        let stuck = found(|failure| matches!(failure, Failure::SurgeWithoutPodAddresses { .. }))?;
        let step = self.added_step(stuck.0).map_or(2, |added| added + 1);
        Some(stop(step, stuck))
    }

    /// The lab's allocator keeps a node's pre-allocated addresses in one
    /// run, where Azure would take scattered ones: in a fragmented subnet a
    /// surge node the checks let through may find no room. The upgrade then
    /// stops there, as the scale set's `SubnetIsFull` (§6.1) would, rather
    /// than play on without it.
    fn surge_not_created(&self, plan: &Plan) -> Option<Stop> {
        // The first pool's, planned from the start; a later pool's would
        // need every step before it planned.
        let first = self.upgraded.first()?;
        let pool = plan.pool(first.pool)?;
        let added = self.plan_after(1, plan);
        let missing = added
            .nodes
            .iter()
            .filter(|node| node.id.pool() == first.pool && node.id.instance() >= first.nodes)
            .any(|node| !node.is_ready());
        let subnet = plan.range(&pool.node_subnet)?;
        missing.then(|| Stop {
            step: 1,
            pool: first.pool,
            failure: Failure::SubnetIsFull {
                range: subnet.name.clone(),
                cidr: subnet.cidr,
                surge: first.surge,
                required: u64::from(first.surge)
                    * node_subnet_addresses_per_node(self.spec.plugin, pool.max_pods),
                available: subnet.free(),
            },
        })
    }

    /// A manual scale of the pool planned as `before` to `spec`, planned
    /// as `after`: nodes join one at a time, or the newest are cordoned,
    /// drained and deleted one at a time. The pace is the lab's (AKS changes
    /// the scale set in one operation), and so is the order: the newest
    /// leave first, as the scale set's default scale-in policy removes the
    /// highest instance ids [derived]. AKS's pre-check counts every node to
    /// add before it adds one, so a scale-out `after` reports short stops at
    /// the start.
    pub fn scale(before: &Plan, after: &Plan, spec: &ClusterSpec) -> Rollout {
        let spec = spec.running();
        // The pool that scaled: the first whose node count changed.
        let count_in = |plan: &Plan, name: &str| {
            plan.pools
                .iter()
                .find(|pool| &*pool.name == name)
                .map_or(0, |pool| pool.node_count)
        };
        let scaled = after
            .pools
            .iter()
            .find(|pool| count_in(before, &pool.name) != pool.node_count)
            .or(after.pools.first());
        let pool = scaled.map_or(0, |pool| pool.index);
        let from = scaled.map_or(0, |pool| count_in(before, &pool.name));
        let to = scaled.map_or(0, |pool| pool.node_count);
        // The range stayed and the pods changed: the autoscaler moved.
        let range_of = |plan: &Plan| {
            scaled.and_then(|scaled| {
                plan.pools
                    .iter()
                    .find(|pool| pool.name == scaled.name)
                    .and_then(|pool| pool.autoscaler)
            })
        };
        let by_autoscaler = range_of(before).is_some() && range_of(before) == range_of(after);
        let mut steps = vec![Step::new(Event::Before, pool, from, 0..0)];
        // A scale-in asks for no address, so only a scale-out is checked.
        let stop = after
            .failures
            .iter()
            .find(|failure| to > from && failure.rejects_create())
            .map(|failure| Stop {
                step: 0,
                pool,
                failure: failure.clone(),
            });
        if stop.is_none() && to > from {
            steps.extend(
                (from..to)
                    .map(|node| Step::new(Event::Added(node..node + 1), pool, node + 1, 0..0)),
            );
        } else if stop.is_none() {
            // Every leaving node is cordoned from the first drain on, so no
            // evicted pod lands on a node that leaves next.
            for node in (to..from).rev() {
                let leaving = node..node + 1;
                steps.push(Step::new(
                    Event::Drained(leaving.clone()),
                    pool,
                    node + 1,
                    to..node + 1,
                ));
                steps.push(Step::new(Event::Deleted(leaving), pool, node, to..node));
            }
        }
        Rollout {
            kind: RolloutKind::Scale {
                from,
                to,
                by_autoscaler,
            },
            upgraded: Vec::new(),
            spec: spec.into_owned(),
            target: stop.is_none().then(|| Box::new(after.clone())),
            steps,
            stop,
        }
    }

    /// The index of the last step.
    pub fn last_step(&self) -> usize {
        self.steps.len().saturating_sub(1)
    }

    /// The plan after step `index`, given the plan after the step before
    /// it (for step 0, the plan the operation starts from, which it keeps).
    pub fn plan_after(&self, index: usize, previous: &Plan) -> Plan {
        match (self.steps.get(index), &self.target) {
            (Some(_), Some(target)) if index > 0 && index == self.last_step() => (**target).clone(),
            (Some(step), _) if index > 0 => {
                let mut spec = self.spec.clone();
                match step.pool.checked_sub(1) {
                    None => spec.node_count = step.nodes,
                    Some(user) => {
                        if let Some(pool) = spec.user_pools.get_mut(usize::from(user)) {
                            pool.node_count = step.nodes;
                        }
                    }
                }
                Plan::during_rollout(previous, &spec, (step.pool, step.cordoned.clone()))
            }
            _ => previous.clone(),
        }
    }

    /// The plan after step `index`, planned step by step from `start`.
    pub fn plan_at(&self, index: usize, start: &Plan) -> Plan {
        (1..=index.min(self.last_step()))
            .fold(start.clone(), |plan, step| self.plan_after(step, &plan))
    }

    /// Where node `node` is in the operation after step `index`.
    pub fn progress(&self, index: usize, node: NodeId) -> NodeProgress {
        let number = node.instance();
        let Some(step) = self.steps.get(index) else {
            return NodeProgress::Waiting;
        };
        if step.pool == node.pool() && step.cordoned.contains(&number) {
            return NodeProgress::Cordoned;
        }
        let done = |range: &Range<u32>| {
            self.steps.get(1..=index).into_iter().flatten().any(|step| {
                step.pool == node.pool() && step.event == Event::Reimaged(range.clone())
            })
        };
        match self.kind {
            RolloutKind::Upgrade { .. } => {
                let Some(upgraded) = self.upgraded.iter().find(|each| each.pool == node.pool())
                else {
                    return NodeProgress::Unchanged;
                };
                if number >= upgraded.nodes {
                    return NodeProgress::Surge;
                }
                let surge = upgraded.surge.max(1);
                let batch_start = number - number % surge;
                let batch = batch_start..(batch_start + surge).min(upgraded.nodes);
                if done(&batch) {
                    NodeProgress::Upgraded
                } else {
                    NodeProgress::Waiting
                }
            }
            RolloutKind::Scale { .. } if node.pool() != step.pool => NodeProgress::Unchanged,
            RolloutKind::Scale { from, .. } if number >= from => NodeProgress::Joined,
            RolloutKind::Scale { .. } => NodeProgress::Unchanged,
        }
    }

    /// What step `index` does, in one sentence, with the figures of the
    /// plans before and after it.
    pub fn sentence(&self, index: usize, before: &Plan, plan: &Plan) -> String {
        let Some(step) = self.steps.get(index) else {
            return String::new();
        };
        let pool = step.pool;
        let names = |range: &Range<u32>| named(plan, pool, range);
        match (&step.event, self.kind) {
            (Event::Before, RolloutKind::Upgrade { .. }) => {
                let pools = self.spec.pools();
                let each: Vec<String> = self
                    .upgraded
                    .iter()
                    .filter_map(|upgraded| {
                        let settings = pools.get(usize::from(upgraded.pool))?;
                        let (nodes, surge) = (upgraded.nodes, upgraded.surge);
                        let capped = match settings.max_surge {
                            MaxSurge::Nodes(asked) if asked > surge => {
                                format!(", capped at the {nodes} node(s) to upgrade")
                            }
                            _ => String::new(),
                        };
                        let how = format!("{}{capped}", settings.max_surge.explained_for(nodes));
                        Some(if self.upgraded.len() == 1 {
                            format!(
                                "The pool runs {nodes} node(s) on the old version. AKS upgrades it with {surge} surge node(s) ({how})."
                            )
                        } else {
                            format!("{}: {nodes} node(s), {surge} surge node(s) ({how})", settings.name)
                        })
                    })
                    .collect();
                if self.upgraded.len() == 1 {
                    each.concat()
                } else {
                    format!(
                        "The cluster's pools run the old version. AKS upgrades them one after the other, each with its own surge: {}.",
                        each.join("; ")
                    )
                }
            }
            (Event::Before, RolloutKind::Scale { from, to, by_autoscaler: true }) if to > from => format!(
                "The pool runs {from} node(s), and pods the scheduler cannot place stay Pending: the cluster autoscaler adds nodes for them, up to {to}. \
                 The lab shows them one at a time."
            ),
            (Event::Before, RolloutKind::Scale { from, to, by_autoscaler: true }) => format!(
                "The pool runs {from} node(s); its pods need {to}: the cluster autoscaler removes the nodes they no longer need, \
                 once a node has been unneeded for 10 minutes (scale-down-unneeded-time). The lab shows them one at a time."
            ),
            (Event::Before, RolloutKind::Scale { from, to, .. }) => format!(
                "The pool runs {from} node(s); it is scaled to {to}. AKS changes the scale set in one operation; the lab shows the nodes one at a time."
            ),
            (Event::Added(range), RolloutKind::Upgrade { .. }) => format!(
                "{}AKS adds {} surge node(s) on the new version first, so the pool keeps its capacity: {}.",
                self.pool_named(pool),
                range.len(),
                addresses_of(plan, pool, range)
            ),
            (Event::Added(range), RolloutKind::Scale { .. }) => {
                format!("A node joins: {}.", addresses_of(plan, pool, range))
            }
            (Event::Drained(range), _) => format!(
                "{} cordoned and drained: the Deployment replaces each evicted pod with a new one where the scheduler finds room, with a new address (the lab keeps the pods' names): {}.",
                names(range),
                moved_pods(before, plan)
            ),
            (Event::Reimaged(range), _) => format!(
                "{} reimaged with the new version: the same VM and name, schedulable again and empty until pods need a place. It keeps its addresses (derived: the docs say reimaged, not recreated).",
                names(range)
            ),
            (Event::Deleted(range), RolloutKind::Upgrade { .. }) => format!(
                "{}Every node runs the new version; the surge node(s) are deleted and their addresses go back: {}.",
                self.pool_named(pool),
                released(before, pool, range)
            ),
            (Event::Deleted(range), RolloutKind::Scale { .. }) => {
                format!("Deleted; its addresses go back: {}.", released(before, pool, range))
            }
        }
    }

    /// "Pool apps: " when the upgrade goes through several pools.
    fn pool_named(&self, pool: u8) -> String {
        if self.upgraded.len() < 2 {
            return String::new();
        }
        let pools = self.spec.pools();
        pools
            .get(usize::from(pool))
            .map_or(String::new(), |settings| {
                format!("Pool {}: ", settings.name)
            })
    }

    /// The public page step `index` rests on.
    pub fn source(&self, index: usize) -> &'static str {
        match (self.steps.get(index).map(|step| &step.event), self.kind) {
            (
                _,
                RolloutKind::Scale {
                    by_autoscaler: true,
                    ..
                },
            ) => CLUSTER_AUTOSCALER,
            (_, RolloutKind::Scale { .. }) => SCALE,
            (Some(Event::Added(_)) | Some(Event::Before), _) => ROLLING_UPGRADE,
            _ => HOW_UPGRADES_WORK,
        }
    }
}

/// A change that lets a stopped upgrade run to its end.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UpgradeFix {
    /// The largest max surge, below the pool's own, that fits: "Lower
    /// maxSurge if subnet expansion isn't possible" (learn:
    /// aks/upgrade-options, IP exhaustion).
    LowerSurge(u32),
    /// The short range one or two prefix lengths larger, holding the old
    /// one: a subnet expanded "from /24 to /22" (learn: aks/upgrade-options,
    /// aks/upgrade-capacity-cost-planning; the InsufficientSubnetSize
    /// article says instead that a pool's subnet cannot be resized, and
    /// offers a new pool on a new subnet: aks-facts §6.1); a pod CIDR
    /// expanded to a superset (Overlay, Linux-only clusters) or chosen
    /// larger at creation (kubenet).
    LargerRange { range: RangeName, cidr: Ipv4Net },
}

/// What lets the upgrade of `spec`, planned as `plan`, run to its end
/// where it stops: a lower max surge if one fits, else the range it stops
/// at made larger, if the VNet and the other ranges leave room.
pub fn upgrade_fix(plan: &Plan, spec: &ClusterSpec) -> Option<UpgradeFix> {
    let stop = Rollout::upgrade(plan, spec).stop?;
    let pool = stop.pool;
    let runs = |spec: &ClusterSpec| {
        Plan::evolve(plan, spec).is_ok_and(|plan| Rollout::upgrade(&plan, spec).stop.is_none())
    };
    if let Some(surge) = largest_surge_that_fits(spec, pool, &runs) {
        return Some(UpgradeFix::LowerSurge(surge));
    }
    let (range, cidr) = match stop.failure {
        Failure::SubnetIsFull { range, cidr, .. }
        | Failure::InsufficientSubnetSize { range, cidr, .. } => (range, cidr),
        Failure::SurgeWithoutPodAddresses { cidr, .. } => {
            let range = plan.cluster_ranges().find(|range| range.cidr == cidr)?;
            (range.name.clone(), cidr)
        }
        _ => return None,
    };
    (1..=2).find_map(|shorter| {
        let larger = Ipv4Net::new(cidr.network(), cidr.prefix_len().checked_sub(shorter)?)
            .ok()?
            .trunc();
        let mut fixed = spec.clone();
        match &range {
            RangeName::NodeSubnet => fixed.node_subnet = larger,
            RangeName::PodSubnet => fixed.pod_subnet = larger,
            RangeName::PodCidr => fixed.pod_cidr = larger,
            RangeName::PoolNodeSubnet(_) | RangeName::PoolPodSubnet(_) => {}
            _ => return None,
        }
        // Every pool that names the subnet, the cluster's or its own, names the larger one.
        let pod = matches!(range, RangeName::PodSubnet | RangeName::PoolPodSubnet(_));
        for pool in &mut fixed.user_pools {
            let named = if pod {
                &mut pool.pod_subnet
            } else {
                &mut pool.node_subnet
            };
            if *named == Some(cidr) {
                *named = Some(larger);
            }
        }
        runs(&fixed).then(|| UpgradeFix::LargerRange {
            range: range.clone(),
            cidr: larger,
        })
    })
}

/// The largest max surge for pool `pool`, below its own, with which the
/// upgrade `runs`. The upgrade's needs only grow with the surge, so the
/// search halves.
fn largest_surge_that_fits(
    spec: &ClusterSpec,
    pool: u8,
    runs: &dyn Fn(&ClusterSpec) -> bool,
) -> Option<u32> {
    let with_surge = |surge: u32| {
        let mut spec = spec.clone();
        match pool.checked_sub(1) {
            None => spec.max_surge = MaxSurge::Nodes(surge),
            Some(user) => {
                if let Some(each) = spec.user_pools.get_mut(usize::from(user)) {
                    each.max_surge = MaxSurge::Nodes(surge);
                }
            }
        }
        spec
    };
    let fits = |surge: u32| runs(&with_surge(surge));
    // The surge the upgrade adds: of the nodes the pool runs.
    let running = spec.running();
    let pools = running.pools();
    let (mut fitting, mut short) = (1, pools.get(usize::from(pool))?.surge_nodes());
    if short <= 1 || !fits(1) {
        return None;
    }
    while short - fitting > 1 {
        let middle = fitting + (short - fitting) / 2;
        if fits(middle) {
            fitting = middle;
        } else {
            short = middle;
        }
    }
    Some(fitting)
}

impl Step {
    fn new(event: Event, pool: u8, nodes: u32, cordoned: Range<u32>) -> Self {
        Self {
            event,
            pool,
            nodes,
            cordoned,
        }
    }
}

/// The nodes of `range` by their VMSS instance names.
fn named(plan: &Plan, pool: u8, range: &Range<u32>) -> String {
    let names: Vec<String> = range
        .clone()
        .filter_map(|number| plan.node(NodeId::in_pool(pool, number)))
        .map(|node| node.instance())
        .collect();
    match names.as_slice() {
        [] => "No node".into(),
        [one] => one.clone(),
        [first, .., last] => format!("{first} to {last}"),
    }
}

/// The addresses the nodes of `range` took, in words: the first node's,
/// how many more took the like, and the first that could not be created.
fn addresses_of(plan: &Plan, pool: u8, range: &Range<u32>) -> String {
    let nodes: Vec<&Node> = range
        .clone()
        .filter_map(|number| plan.node(NodeId::in_pool(pool, number)))
        .collect();
    let (created, failed): (Vec<&Node>, Vec<&Node>) =
        nodes.into_iter().partition(|node| node.is_ready());
    let mut parts = Vec::new();
    if let Some(node) = created.first() {
        let mut words = format!("{} takes ", node.instance());
        words.push_str(&node.ip.map_or("no address".into(), |ip| ip.to_string()));
        if let Some(pod_range) = node.pod_range {
            words.push_str(&format!(" and the pod range {pod_range}"));
        }
        let total: u64 = node.pod_ip_runs.iter().map(|(_, len)| len).sum();
        // What the node holds for its pods, in the words of its model
        // (aks-facts §1.2 pre-allocated, §1.4 batches and /28 blocks).
        match (
            node.pod_ip_runs.first(),
            plan.plugin,
            plan.pod_ip_allocation,
        ) {
            (None, ..) => {}
            (Some((first, _)), NetworkPlugin::AzureCniPodSubnet, PodIpAllocation::StaticBlock) => {
                words.push_str(&format!(
                    ", with {} /28 blocks of the pod subnet ({total} addresses) from {first}",
                    node.pod_ip_runs.len()
                ))
            }
            (Some((first, _)), NetworkPlugin::AzureCniPodSubnet, PodIpAllocation::Dynamic) => words
                .push_str(&format!(
                    ", with {total} pod-subnet addresses (batches of {POD_IP_BATCH}) from {first}"
                )),
            (Some((first, _)), ..) => words.push_str(&format!(
                ", with {total} pre-allocated pod addresses from {first}"
            )),
        }
        if created.len() > 1 {
            words.push_str(&format!(", and {} more alike", created.len() - 1));
        }
        parts.push(words);
    }
    if let Some(node) = failed.first() {
        let why = match node.state {
            NodeState::NotCreated(why) => why.short(),
            NodeState::Ready => "",
        };
        let mut words = format!("{} cannot be created ({why})", node.instance());
        if failed.len() > 1 {
            words.push_str(&format!(", nor {} more", failed.len() - 1));
        }
        parts.push(words);
    }
    parts.join("; ")
}

/// The pods a drain moved, in words: where the first few run now and
/// their new addresses, and how many wait.
fn moved_pods(before: &Plan, after: &Plan) -> String {
    let mut moved = Vec::new();
    let mut waiting = 0;
    for (old, new) in before.pods.iter().zip(&after.pods) {
        // Only pods that ran before are moved; one that waited and now runs
        // was placed, not moved.
        if old.running_on().is_none() || old.running_on() == new.running_on() {
            continue;
        }
        match (new.running_on().and_then(|node| after.node(node)), new.ip) {
            (Some(node), Some(ip)) => moved.push(format!(
                "{} → {} at {ip}",
                after.pod_name(new),
                node.instance()
            )),
            _ => waiting += 1,
        }
    }
    let shown = moved.len().min(3);
    let mut words = moved.get(..shown).unwrap_or_default().join(", ");
    if moved.len() > shown {
        words.push_str(&format!(", and {} more", moved.len() - shown));
    }
    if waiting > 0 {
        if !words.is_empty() {
            words.push_str("; ");
        }
        words.push_str(&format!(
            "{waiting} find no node with room or an address and wait (Pending)"
        ));
    }
    if words.is_empty() {
        words.push_str("it ran no pods");
    }
    words
}

/// The addresses the nodes of `range` held in `before`, in words.
fn released(before: &Plan, pool: u8, range: &Range<u32>) -> String {
    let mut addresses = Vec::new();
    for node in range
        .clone()
        .filter_map(|number| before.node(NodeId::in_pool(pool, number)))
    {
        addresses.extend(node.ip.map(|ip| ip.to_string()));
        addresses.extend(node.pod_range.map(|range| range.to_string()));
        let pod_addresses: u64 = node.pod_ip_runs.iter().map(|(_, len)| len).sum();
        if pod_addresses > 0 {
            addresses.push(format!("{pod_addresses} pod addresses"));
        }
    }
    if addresses.is_empty() {
        return "none were held".into();
    }
    addresses.join(", ")
}

impl NodeProgress {
    /// The word a node's card carries, if any.
    pub fn label(self) -> Option<&'static str> {
        match self {
            Self::Waiting => Some("old version"),
            Self::Cordoned => Some("cordoned"),
            Self::Upgraded => Some("new version"),
            Self::Surge => Some("surge node"),
            Self::Joined => Some("joined"),
            Self::Unchanged => None,
        }
    }
}
