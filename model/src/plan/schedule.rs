//! Placing pods on nodes: what the Kubernetes scheduler decides for a
//! Deployment's replicas when nodes have a max-pods limit.
//!
//! New pods go to the least-loaded Ready node (ties to the lowest index), the
//! spread the default scheduler gives identical replicas. Pods that already
//! run keep their node and slot: Kubernetes never moves a running pod, so a
//! new node starts empty and only new or rescheduled pods go to it.

use crate::ids::NodeId;

/// Where a pod runs: its node, and its slot among that node's max pods. The
/// slot decides which of the node's pod addresses the pod gets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Placement {
    pub node: NodeId,
    pub slot: u32,
}

/// Places `pod_count` pods on `nodes` (sorted by id), each with the pods it
/// may still take: its pool's max pods, or 0 while it is not schedulable
/// (not Ready, or cordoned). `kept(pod)` is where the pod ran before, if
/// anywhere; it stays there when that node is still schedulable and the slot
/// is still free: a drained node's pods go elsewhere. Returns each pod's
/// placement, or `None` for a pod that stays Pending.
pub fn schedule(
    pod_count: usize,
    nodes: &[(NodeId, u32)],
    kept: impl Fn(usize) -> Option<Placement>,
) -> Vec<Option<Placement>> {
    let max_pods: Vec<u32> = nodes.iter().map(|&(_, max_pods)| max_pods).collect();
    let mut slots = Slots::new(&max_pods);
    let mut load = vec![0u32; nodes.len()];
    let mut placements: Vec<Option<Placement>> = vec![None; pod_count];

    for (pod, placement) in placements.iter_mut().enumerate() {
        let Some(previous) = kept(pod) else { continue };
        let Ok(node) = nodes.binary_search_by_key(&previous.node, |&(id, _)| id) else {
            continue;
        };
        if let (true, Some(node_load)) = (slots.take(node, previous.slot), load.get_mut(node)) {
            *node_load += 1;
            *placement = Some(previous);
        }
    }

    // Loads only grow by one, so "least loaded, then lowest id" is a sweep
    // over the nodes level by level: every node at the lowest load, in id
    // order, takes one pod before any takes a second; a node at its max
    // pods takes no more.
    let mut unplaced = placements.iter_mut().filter(|p| p.is_none()).peekable();
    let highest = max_pods.iter().copied().max().unwrap_or(0);
    let mut level = load.iter().copied().min().unwrap_or(highest);
    while level < highest && unplaced.peek().is_some() {
        for (index, (&(node, max), node_load)) in nodes.iter().zip(load.iter_mut()).enumerate() {
            if *node_load != level || level >= max {
                continue;
            }
            let Some(placement) = unplaced.next() else {
                break;
            };
            let Some(slot) = slots.take_lowest(index) else {
                continue;
            };
            *node_load += 1;
            *placement = Some(Placement { node, slot });
        }
        level += 1;
    }
    placements
}

/// Which of each node's max-pods slots are taken.
struct Slots {
    taken: Vec<Vec<bool>>,
    /// Per node, every slot below this one is taken.
    lowest_free: Vec<u32>,
}

impl Slots {
    fn new(max_pods: &[u32]) -> Self {
        Self {
            taken: max_pods
                .iter()
                .map(|&max| vec![false; max as usize])
                .collect(),
            lowest_free: vec![0; max_pods.len()],
        }
    }

    /// Takes `slot` of `node` if it is free.
    fn take(&mut self, node: usize, slot: u32) -> bool {
        match self
            .taken
            .get_mut(node)
            .and_then(|slots| slots.get_mut(slot as usize))
        {
            Some(taken) if !*taken => {
                *taken = true;
                true
            }
            _ => false,
        }
    }

    /// Takes the lowest free slot of `node`.
    fn take_lowest(&mut self, node: usize) -> Option<u32> {
        let slots = self.taken.get_mut(node)?;
        let from = self.lowest_free.get_mut(node)?;
        let (offset, free) = slots
            .iter_mut()
            .skip(*from as usize)
            .enumerate()
            .find(|(_, taken)| !**taken)?;
        *free = true;
        let slot = *from + offset as u32;
        *from = slot + 1;
        Some(slot)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nodes_of(placements: &[Option<Placement>]) -> Vec<Option<u32>> {
        placements
            .iter()
            .map(|p| p.map(|p| p.node.instance()))
            .collect()
    }

    /// System-pool nodes, schedulable or not, of `max_pods` each.
    fn nodes(schedulable: &[bool], max_pods: u32) -> Vec<(NodeId, u32)> {
        (0..)
            .zip(schedulable)
            .map(|(number, open)| (NodeId::new(number), if *open { max_pods } else { 0 }))
            .collect()
    }

    #[test]
    fn replicas_spread_one_per_node_before_doubling_up() {
        let placements = schedule(5, &nodes(&[true, true, true], 110), |_| None);
        assert_eq!(
            nodes_of(&placements),
            [Some(0), Some(1), Some(2), Some(0), Some(1)]
        );
        assert_eq!(placements[3].map(|p| p.slot), Some(1));
    }

    /// aks-facts §6.4: a node at maxPods takes no more pods; they stay Pending.
    #[test]
    fn pods_beyond_max_pods_stay_pending_and_unready_nodes_get_none() {
        let placements = schedule(5, &nodes(&[true, false], 2), |_| None);
        assert_eq!(nodes_of(&placements), [Some(0), Some(0), None, None, None]);
    }

    #[test]
    fn kept_pods_stay_and_a_new_node_only_gets_new_pods() {
        let before = schedule(4, &nodes(&[true, true], 110), |_| None);
        let after = schedule(5, &nodes(&[true, true, true], 110), |pod| {
            before.get(pod).copied().flatten()
        });
        assert_eq!(&after[..4], &before[..]);
        assert_eq!(
            after[4],
            Some(Placement {
                node: NodeId::new(2),
                slot: 0
            })
        );
    }

    #[test]
    fn pods_of_a_removed_node_are_rescheduled() {
        let before = schedule(4, &nodes(&[true, true], 110), |_| None);
        let after = schedule(4, &nodes(&[true], 110), |pod| before[pod]);
        assert_eq!(nodes_of(&after), [Some(0); 4]);
        let slots: Vec<u32> = after.iter().flatten().map(|p| p.slot).collect();
        assert_eq!(slots, [0, 2, 1, 3]);
    }

    /// Pools' nodes take pods up to their own pool's max pods.
    #[test]
    fn each_node_takes_up_to_its_pools_max_pods() {
        let nodes = [(NodeId::in_pool(1, 0), 1), (NodeId::in_pool(2, 0), 3)];
        let placements = schedule(5, &nodes, |_| None);
        let pools: Vec<Option<u8>> = placements
            .iter()
            .map(|p| p.map(|p| p.node.pool()))
            .collect();
        assert_eq!(pools, [Some(1), Some(2), Some(2), Some(2), None]);
    }
}
