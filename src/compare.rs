//! Two models side by side: the same inputs planned under another network
//! model, and the differences a learner should notice, in words. Pure, so
//! every figure is tested natively.

use aks_model::path::{trace, Endpoint, Target};
use aks_model::{ClusterSpec, NetworkPlugin, Plan, RangeName};

/// One line of the difference summary: what, and its value under each model.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Difference {
    pub what: &'static str,
    pub values: [String; 2],
}

/// `spec` under `plugin` instead of its own model: the same counts, ranges
/// and Service (max pods included: "the same inputs").
pub fn under(spec: &ClusterSpec, plugin: NetworkPlugin) -> ClusterSpec {
    ClusterSpec {
        plugin,
        ..spec.clone()
    }
}

/// The differences between two plans of the same inputs (aks-facts §1.0's
/// matrix, computed rather than quoted).
pub fn differences(plans: [&Plan; 2]) -> Vec<Difference> {
    let row = |what, value: &dyn Fn(&Plan) -> String| Difference {
        what,
        values: plans.map(value),
    };
    vec![
        row("VNet addresses in use", &|plan| {
            plan.vnet_addresses_in_use().to_string()
        }),
        row("Pod addresses come from", &|plan| match (
            plan.range(&RangeName::PodCidr),
            plan.range(&RangeName::PodSubnet),
        ) {
            (Some(range), _) => format!("the pod CIDR {}, outside the VNet", range.cidr),
            (None, Some(range)) => format!("the pod subnet {}", range.cidr),
            _ => plan
                .range(&RangeName::NodeSubnet)
                .map_or_else(String::new, |range| {
                    format!("the node subnet {}, reserved per node", range.cidr)
                }),
        }),
        row("A VM in a peered VNet sees a pod's packet from", &|plan| {
            peer_sees(plan)
        }),
        row("Route tables needed", &|plan| {
            if plan.routes.is_empty() {
                "none".to_string()
            } else {
                format!("1, with {} routes (400 at most)", plan.routes.len())
            }
        }),
        row("Largest node count", &|plan| {
            format!(
                "{} ({})",
                plan.capacity.max_nodes,
                plan.capacity.limited_by.short()
            )
        }),
    ]
}

/// Whose address a peered VM sees on the first pod's packet (aks-facts §5.7).
pub fn peer_sees(plan: &Plan) -> String {
    let Some((index, pod)) = plan
        .pods
        .iter()
        .enumerate()
        .find(|(_, pod)| pod.ip.is_some())
    else {
        return "no pod runs".into();
    };
    let Some(seen) = trace(plan, Endpoint::Pod(index), Target::PeeredVnetVm)
        .ok()
        .and_then(|t| t.verdict.seen_source())
        .map(|source| *source.ip())
    else {
        return "nothing: the packet does not arrive".into();
    };
    if Some(seen) == pod.ip {
        format!("the pod's own IP, {seen}")
    } else if plan.nodes.iter().any(|node| node.ip == Some(seen)) {
        format!("its node's IP, {seen}")
    } else {
        seen.to_string()
    }
}

/// Whether the `owner` is one the VNet spends on pods (for the tests).
#[cfg(test)]
fn for_pods(owner: &aks_model::Owner) -> bool {
    use aks_model::Owner;
    matches!(
        owner,
        Owner::PreallocatedPodIps(_) | Owner::PodIpBatch { .. } | Owner::PodIpBlock { .. }
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn both(first: NetworkPlugin, second: NetworkPlugin) -> (Plan, Plan) {
        let spec = ClusterSpec::defaults_for(first);
        let a = Plan::build(&spec).expect("valid");
        let b = Plan::build(&under(&spec, second)).expect("valid");
        (a, b)
    }

    /// aks-facts §1.0, §3.2 and §5.7 for the default cluster (3 nodes, max
    /// pods 110, 3 replicas): kubenet spends 3 node addresses and a route
    /// table; Azure CNI Node Subnet spends 3 × (1 + 110) and SNATs to the
    /// node for a peered VNet.
    #[test]
    fn kubenet_against_azure_cni() {
        let (kubenet, cni) = both(NetworkPlugin::Kubenet, NetworkPlugin::AzureCni);
        let rows = differences([&kubenet, &cni]);
        let value = |what: &str| {
            rows.iter()
                .find(|r| r.what == what)
                .expect(what)
                .values
                .clone()
        };
        assert_eq!(value("VNet addresses in use"), ["3", "333"]);
        assert_eq!(cni.max_pods, 110, "the same inputs, max pods included");
        let [kubenet_source, cni_source] = value("A VM in a peered VNet sees a pod's packet from");
        assert!(
            kubenet_source.starts_with("its node's IP, 10.224.0.4"),
            "{kubenet_source}"
        );
        assert!(cni_source.starts_with("its node's IP"), "{cni_source}");
        assert_eq!(
            value("Route tables needed"),
            ["1, with 3 routes (400 at most)", "none"]
        );
        assert!(value("Pod addresses come from")[0].contains("outside the VNet"));
        let pods_held = |plan: &Plan| {
            plan.range(&RangeName::NodeSubnet)
                .map_or(0, |r| r.held_by(for_pods))
        };
        assert_eq!(pods_held(&cni), 330);
    }

    /// aks-facts §5.7: Pod Subnet keeps the pod's address towards a peer.
    #[test]
    fn pod_subnet_shows_the_pods_own_address() {
        let (_, podsubnet) = both(
            NetworkPlugin::AzureCniOverlay,
            NetworkPlugin::AzureCniPodSubnet,
        );
        let rows = differences([&podsubnet, &podsubnet]);
        assert!(
            rows[2].values[0].starts_with("the pod's own IP, 10.225."),
            "{:?}",
            rows[2]
        );
        assert!(rows[1].values[0].starts_with("the pod subnet 10.225.0.0/16"));
    }
}
