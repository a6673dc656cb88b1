//! The lab's modelling choices where the documentation leaves room, as notes
//! the widget shows beside the plan (aks-facts asks for every [CONFLICT] and
//! every simplification to be said in the UI).

use crate::capacity::static_blocks_in_subnet;
use crate::limits::{
    NODE_POD_RANGE_PREFIX, NODE_POD_RANGE_SIZE, POD_IP_BATCH, STATIC_BLOCK_PREFIX,
};
use crate::plugin::{NetworkPlugin, PodIpAllocation};
use crate::spec::DEFAULT_MAX_SURGE;

/// Every note that applies to a cluster of this model and allocation mode.
pub fn modelling_notes(plugin: NetworkPlugin, allocation: PodIpAllocation) -> Vec<String> {
    let mut notes: Vec<String> = vec![
        "System pods (CoreDNS, kube-proxy, CSI drivers, …) also count against max pods per node; \
         this plan counts only your deployments' pods."
            .into(),
        format!(
            "Max surge, when not set, is {DEFAULT_MAX_SURGE} of the pool rounded up, as the AKS API and the Az.Aks reference say; \
             the rolling-upgrade page still says 1 node, and the planning formula's example uses 1."
        ),
        "Kubernetes picks ClusterIPs and nodePorts at random; the lab derives them from the Service's name, \
         so the same Service always gets the same address."
            .into(),
        "kube-proxy picks a Service's endpoint at random; the lab shows one on another node when there is one, \
         else another pod, else the caller itself (where the hairpin rule masquerades it)."
            .into(),
        "A VM or an on-premises host reaching a public load balancer leaves by its own public IP: the lab gives them \
         203.0.113.60, .61 and .62 (documentation addresses)."
            .into(),
        "An internal load balancer's frontend takes the lowest free address of its subnet, as Azure gives it \
         when the Service is created; the lab creates the Service after the nodes, and the frontend keeps its address \
         as nodes are added (they skip it). An annotation can pin another."
            .into(),
    ];
    if let Some(note) = plugin.max_pods_default_note() {
        notes.push(note.into());
    }
    match plugin {
        NetworkPlugin::Kubenet | NetworkPlugin::AzureCniOverlay => {
            notes.push(format!(
                "Node N gets the N-th /{NODE_POD_RANGE_PREFIX} of the pod CIDR, as in the docs' example; real clusters may hand \
                 them out in another order."
            ));
            notes.push(format!(
                "Pods start at .2 of their node's /{NODE_POD_RANGE_PREFIX} (kubenet's bridge cbr0 takes .1); where Overlay \
                 starts is not documented, and the lab uses the same offset."
            ));
        }
        NetworkPlugin::AzureCni => notes.push(
            "Each node's max-pods addresses are drawn right after the node's own; Azure reserves the same \
             number but does not promise they are contiguous."
                .into(),
        ),
        NetworkPlugin::AzureCniPodSubnet => notes.push(match allocation {
            PodIpAllocation::Dynamic => format!(
                "Batches of {POD_IP_BATCH} are drawn as contiguous runs; Azure may hand out non-contiguous addresses."
            ),
            PodIpAllocation::StaticBlock => format!(
                "/{STATIC_BLOCK_PREFIX} blocks are aligned and avoid the subnet's reserved addresses, \
                 so a /{NODE_POD_RANGE_PREFIX} holds {} of them.",
                static_blocks_in_subnet(NODE_POD_RANGE_SIZE)
            ),
        }),
    }
    notes
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every [CONFLICT] the lab resolves is said (aks-facts §9).
    #[test]
    fn the_pod_subnet_conflict_and_surge_choice_are_stated() {
        let notes = modelling_notes(NetworkPlugin::AzureCniPodSubnet, PodIpAllocation::Dynamic);
        assert!(notes.iter().any(|n| n.contains("110")));
        assert!(notes
            .iter()
            .any(|n| n.contains("10% of the pool") && n.contains("1 node")));
        let kubenet = modelling_notes(NetworkPlugin::Kubenet, PodIpAllocation::Dynamic);
        assert!(kubenet.iter().any(|n| n.contains("cbr0")));
        assert!(!kubenet.iter().any(|n| n.contains("110")));
    }
}
