//! What AKS says to changing a cluster that already runs: a learner may
//! move any control and explore the new plan, but some settings are fixed
//! at creation (a kubenet pod CIDR, a node pool's subnet), some change only
//! one way (an Overlay pod CIDR grows to a superset; kubenet and Node Subnet
//! migrate to Overlay), and the rest need a new cluster.

use std::fmt;

use ipnet::Ipv4Net;

use crate::plugin::NetworkPlugin;
use crate::spec::{ClusterSpec, Dataplane};

/// A change the learner made that a running AKS cluster would not take as it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RunningChange {
    /// kubenet's pod CIDR is fixed at creation. Source: aks-facts §1.1.
    KubenetPodCidr {
        before: Ipv4Net,
        after: Ipv4Net,
    },
    /// Overlay's pod CIDR only grows, to a contiguous superset, on Linux-only
    /// clusters. Source: aks-facts §1.3 (aks/azure-cni-overlay-pod-expand).
    OverlayPodCidrExpanded {
        before: Ipv4Net,
        after: Ipv4Net,
    },
    OverlayPodCidrNotASuperset {
        before: Ipv4Net,
        after: Ipv4Net,
    },
    /// A node pool's subnet cannot be resized or swapped. Source: aks-facts §6.1.
    NodeSubnet {
        before: Ipv4Net,
        after: Ipv4Net,
    },
    /// Max pods is set when a pool is created. Source: aks-facts §1.8.
    MaxPods {
        before: u32,
        after: u32,
    },
    /// The service CIDR and DNS service IP are fixed (before Kubernetes
    /// 1.33, which can extend the service range). Source: aks-facts §2.
    ServiceRange,
    /// Pod Subnet's subnet and allocation mode come with new clusters or new
    /// pools on a different subnet only. Source: aks-facts §1.4.
    PodSubnet,
    /// kubenet or Node Subnet to Overlay: a supported, one-way migration
    /// that reimages every pool. Source: aks-facts §1.3 (aks/update-azure-cni).
    Migration {
        from: NetworkPlugin,
    },
    /// Any other change of model needs a new cluster. Source: aks-facts §1.3.
    NewCluster {
        from: NetworkPlugin,
        to: NetworkPlugin,
    },
    /// kube-proxy → Cilium on Azure CNI: an update of the dataplane alone,
    /// which reimages every pool (learn: aks/update-azure-cni).
    DataplaneToCilium,
    /// Cilium → kube-proxy: no documented way back.
    DataplaneFromCilium,
    /// A change of a user pool that runs: its subnets and max pods are as
    /// fixed as the system pool's (learn: aks/create-node-pools: "You can't
    /// change the max pods setting of a node pool after you create it").
    InPool {
        pool: String,
        change: Box<RunningChange>,
    },
}

/// What AKS would say to changing a running cluster from `before` to `after`.
///
/// ```
/// # use aks_model::{running::{changes_to_running_cluster, RunningChange}, ClusterSpec, NetworkPlugin};
/// let before = ClusterSpec::defaults_for(NetworkPlugin::Kubenet);
/// let mut after = before.clone();
/// after.plugin = NetworkPlugin::AzureCniOverlay;
/// assert_eq!(
///     changes_to_running_cluster(&before, &after),
///     [RunningChange::Migration { from: NetworkPlugin::Kubenet }]
/// );
/// ```
pub fn changes_to_running_cluster(before: &ClusterSpec, after: &ClusterSpec) -> Vec<RunningChange> {
    let mut changes = Vec::new();
    if before.plugin != after.plugin {
        changes.push(match (before.plugin, after.plugin) {
            (NetworkPlugin::Kubenet | NetworkPlugin::AzureCni, NetworkPlugin::AzureCniOverlay) => {
                RunningChange::Migration {
                    from: before.plugin,
                }
            }
            (from, to) => RunningChange::NewCluster { from, to },
        });
        return changes;
    }
    match (before.dataplane, after.dataplane) {
        (Dataplane::KubeProxy, Dataplane::Cilium) => changes.push(RunningChange::DataplaneToCilium),
        (Dataplane::Cilium, Dataplane::KubeProxy) => {
            changes.push(RunningChange::DataplaneFromCilium)
        }
        _ => {}
    }
    let (was, is) = (before.pod_cidr, after.pod_cidr);
    if was != is {
        match after.plugin {
            NetworkPlugin::Kubenet => changes.push(RunningChange::KubenetPodCidr {
                before: was,
                after: is,
            }),
            NetworkPlugin::AzureCniOverlay if is.contains(&was) => {
                changes.push(RunningChange::OverlayPodCidrExpanded {
                    before: was,
                    after: is,
                });
            }
            NetworkPlugin::AzureCniOverlay => {
                changes.push(RunningChange::OverlayPodCidrNotASuperset {
                    before: was,
                    after: is,
                });
            }
            _ => {}
        }
    }
    if before.node_subnet != after.node_subnet {
        changes.push(RunningChange::NodeSubnet {
            before: before.node_subnet,
            after: after.node_subnet,
        });
    }
    if before.max_pods != after.max_pods {
        changes.push(RunningChange::MaxPods {
            before: before.max_pods,
            after: after.max_pods,
        });
    }
    if (before.service_cidr, before.dns_service_ip) != (after.service_cidr, after.dns_service_ip) {
        changes.push(RunningChange::ServiceRange);
    }
    if after.plugin.uses_pod_subnet()
        && (before.pod_subnet, before.pod_ip_allocation)
            != (after.pod_subnet, after.pod_ip_allocation)
    {
        changes.push(RunningChange::PodSubnet);
    }
    // A user pool that was there, by its name; one added or deleted is a
    // `nodepool add` or `delete`, which AKS takes.
    for pool in &after.user_pools {
        let Some(was) = before.user_pools.iter().find(|was| was.name == pool.name) else {
            continue;
        };
        let mut in_pool = |change| {
            changes.push(RunningChange::InPool {
                pool: pool.name.clone(),
                change: Box::new(change),
            });
        };
        let (subnet_was, subnet_is) = (
            was.node_subnet.unwrap_or(before.node_subnet),
            pool.node_subnet.unwrap_or(after.node_subnet),
        );
        if subnet_was != subnet_is {
            in_pool(RunningChange::NodeSubnet {
                before: subnet_was,
                after: subnet_is,
            });
        }
        if was.max_pods != pool.max_pods {
            in_pool(RunningChange::MaxPods {
                before: was.max_pods,
                after: pool.max_pods,
            });
        }
        let (pod_subnet_was, pod_subnet_is) = (
            was.pod_subnet.unwrap_or(before.pod_subnet),
            pool.pod_subnet.unwrap_or(after.pod_subnet),
        );
        if after.plugin.uses_pod_subnet() && pod_subnet_was != pod_subnet_is {
            in_pool(RunningChange::PodSubnet);
        }
    }
    changes
}

impl fmt::Display for RunningChange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::KubenetPodCidr { before, after } => write!(
                f,
                "On a running cluster AKS refuses this: kubenet's pod CIDR ({before} → {after}) is fixed at creation. It needs a new cluster."
            ),
            Self::OverlayPodCidrExpanded { before, after } => write!(
                f,
                "On a running cluster AKS can do this: Overlay's pod CIDR can grow from {before} to {after}, a superset, on Linux-only clusters."
            ),
            Self::OverlayPodCidrNotASuperset { before, after } => write!(
                f,
                "On a running cluster AKS refuses this: Overlay's pod CIDR only grows, to a superset of {before}; {after} is not one. It needs a new cluster."
            ),
            Self::NodeSubnet { before, after } => write!(
                f,
                "On a running cluster AKS refuses this: a node pool's subnet ({before} → {after}) cannot be resized or swapped. \
                 Add a node pool on the new subnet, drain and delete the old one."
            ),
            Self::Migration { from } => write!(
                f,
                "On a running cluster this is a migration: {from} → Azure CNI Overlay is supported in place (az aks update \
                 --network-plugin azure --network-plugin-mode overlay --pod-cidr …), one way, with no network policy enabled, \
                 and it reimages every node pool{}.",
                if *from == NetworkPlugin::Kubenet {
                    "; kubenet needs a user-assigned identity to detach its route table"
                } else {
                    ""
                }
            ),
            Self::MaxPods { before, after } => write!(
                f,
                "On a running cluster AKS refuses this: max pods ({before} → {after}) is set when a node pool is created. \
                 Add a node pool with the new value."
            ),
            Self::ServiceRange => f.write_str(
                "On a running cluster AKS refuses this: the service CIDR and the DNS service IP are fixed at creation \
                 (Kubernetes 1.33 and later can extend the service range, not move it).",
            ),
            Self::PodSubnet => f.write_str(
                "On a running cluster AKS refuses this: a pod subnet and its allocation mode come with a new cluster, \
                 or a new node pool on another subnet.",
            ),
            Self::NewCluster { from, to } => write!(
                f,
                "On a running cluster AKS refuses this: {from} → {to} is no supported migration (only kubenet and Node Subnet \
                 move, to Overlay). It needs a new cluster."
            ),
            Self::InPool { pool, change } => write!(f, "Node pool {pool}: {change}"),
            Self::DataplaneToCilium => f.write_str(
                "On a running cluster this is an update of the dataplane alone (az aks update --network-dataplane cilium), \
                 from any Azure CNI addressing; it reimages every node pool at once, and replaces Azure Network Policy \
                 Manager or Calico with Cilium's policy enforcement.",
            ),
            Self::DataplaneFromCilium => f.write_str(
                "On a running cluster AKS documents no way back from Cilium to kube-proxy: it needs a new cluster.",
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn net(text: &str) -> Ipv4Net {
        text.parse().expect("a valid CIDR")
    }

    /// aks-facts §1.1: kubenet's pod CIDR "cannot be changed after
    /// deployment"; §1.3: Overlay's grows to a superset (/18 → /16) and
    /// never shrinks; §6.1: a pool's subnet cannot be resized.
    #[test]
    fn fixed_settings_are_said_with_the_way_out() {
        let kubenet = ClusterSpec::defaults_for(NetworkPlugin::Kubenet);
        let mut wider = kubenet.clone();
        wider.pod_cidr = net("10.244.0.0/15");
        assert!(matches!(
            changes_to_running_cluster(&kubenet, &wider)[..],
            [RunningChange::KubenetPodCidr { .. }]
        ));
        let mut overlay = ClusterSpec::defaults_for(NetworkPlugin::AzureCniOverlay);
        overlay.pod_cidr = net("10.244.0.0/18");
        let mut grown = overlay.clone();
        grown.pod_cidr = net("10.244.0.0/16");
        assert!(matches!(
            changes_to_running_cluster(&overlay, &grown)[..],
            [RunningChange::OverlayPodCidrExpanded { .. }]
        ));
        let shrunk = changes_to_running_cluster(&grown, &overlay);
        assert!(matches!(
            shrunk[..],
            [RunningChange::OverlayPodCidrNotASuperset { .. }]
        ));
        assert!(shrunk[0].to_string().contains("needs a new cluster"));
        let mut moved = overlay.clone();
        moved.node_subnet = net("10.224.0.0/20");
        assert!(changes_to_running_cluster(&overlay, &moved)[0]
            .to_string()
            .contains("Add a node pool on the new subnet"));
        assert!(changes_to_running_cluster(&overlay, &overlay).is_empty());
        // aks-facts §1.8: max pods comes with a new pool; §2: the service
        // range is fixed; §1.4: a pod subnet's mode comes with a new pool.
        let mut more_pods = overlay.clone();
        more_pods.max_pods = 110;
        more_pods.service_cidr = net("10.1.0.0/16");
        assert!(matches!(
            changes_to_running_cluster(&overlay, &more_pods)[..],
            [
                RunningChange::MaxPods {
                    before: 250,
                    after: 110
                },
                RunningChange::ServiceRange
            ]
        ));
        let pod_subnet = ClusterSpec::defaults_for(NetworkPlugin::AzureCniPodSubnet);
        let mut blocks = pod_subnet.clone();
        blocks.pod_ip_allocation = crate::plugin::PodIpAllocation::StaticBlock;
        assert_eq!(
            changes_to_running_cluster(&pod_subnet, &blocks),
            [RunningChange::PodSubnet]
        );
    }

    /// aks-facts §1.3 (learn: aks/update-azure-cni): kubenet and Node Subnet
    /// migrate to Overlay, one way; Pod Subnet cannot be migrated.
    #[test]
    fn only_the_documented_migrations_are_migrations() {
        let spec = |plugin| ClusterSpec::defaults_for(plugin);
        for (from, to, migration) in [
            (NetworkPlugin::Kubenet, NetworkPlugin::AzureCniOverlay, true),
            (
                NetworkPlugin::AzureCni,
                NetworkPlugin::AzureCniOverlay,
                true,
            ),
            (
                NetworkPlugin::AzureCniPodSubnet,
                NetworkPlugin::AzureCniOverlay,
                false,
            ),
            (
                NetworkPlugin::AzureCniOverlay,
                NetworkPlugin::Kubenet,
                false,
            ),
        ] {
            let changes = changes_to_running_cluster(&spec(from), &spec(to));
            assert_eq!(
                matches!(changes[..], [RunningChange::Migration { .. }]),
                migration,
                "{from} → {to}"
            );
        }
    }

    /// A user pool that runs keeps its subnet and max pods, as the system
    /// pool does (learn: aks/create-node-pools); adding a pool is no change.
    #[test]
    fn a_running_user_pool_keeps_its_subnet_and_max_pods() {
        let mut before = ClusterSpec::defaults_for(NetworkPlugin::AzureCniOverlay);
        before
            .user_pools
            .push(crate::spec::NodePoolSpec::new("apps", 2, before.plugin));
        let mut after = before.clone();
        after.user_pools[0].max_pods = 50;
        after
            .user_pools
            .push(crate::spec::NodePoolSpec::new("batch", 2, after.plugin));
        let changes = changes_to_running_cluster(&before, &after);
        assert_eq!(changes.len(), 1);
        assert_eq!(
            changes[0].to_string(),
            "Node pool apps: On a running cluster AKS refuses this: max pods (250 → 50) is set when a node pool is created. \
             Add a node pool with the new value."
        );
    }
}
