//! Where a hop's facts come from, as a page the reader can open: the public
//! Microsoft Learn or Kubernetes page behind each section of the team's fact
//! sheet that hops cite (aks-facts "How to read the citations" gives the
//! addresses). A link the reader follows; the widget requests nothing.

use aks_model::NetworkPlugin;

/// A public page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Citation {
    pub title: &'static str,
    pub url: &'static str,
}

const fn page(title: &'static str, url: &'static str) -> Citation {
    Citation { title, url }
}

/// Kubernetes' tutorial on the source address a Service's pods see.
const SOURCE_IP: Citation = page(
    "Kubernetes: Using source IP",
    "https://kubernetes.io/docs/tutorials/services/source-ip/",
);

/// Microsoft's page on Azure CNI powered by Cilium.
const CILIUM: Citation = page(
    "Microsoft Learn: Azure CNI powered by Cilium",
    "https://learn.microsoft.com/azure/aks/azure-cni-powered-by-cilium",
);

/// The page behind a hop's `reference` (a fact-sheet section, "aks-facts
/// §5.2", or an outside source), for `plugin` where the section differs by
/// model.
pub fn citation(reference: &str, plugin: NetworkPlugin) -> Option<Citation> {
    if reference == "Azure Firewall NAT behaviors" {
        return Some(page(
            "Microsoft: Azure Firewall NAT behaviors",
            "https://techcommunity.microsoft.com/blog/azurenetworksecurityblog/azure-firewall-nat-behaviors/3825834",
        ));
    }
    if let Some(page) = reference.strip_prefix("learn: aks/") {
        return learn_page(page);
    }
    let section = reference.strip_prefix("aks-facts §")?;
    if let Some(topic) = section.strip_prefix("10: ") {
        return additions(topic, plugin);
    }
    Some(match section {
        "1.5" => CILIUM,
        "4.2" => page(
            "Kubernetes: Service ports and targetPort",
            "https://kubernetes.io/docs/concepts/services-networking/service/",
        ),
        "4.5" => SOURCE_IP,
        "4.7" => page(
            "Microsoft Learn: DNS resolution in AKS",
            "https://learn.microsoft.com/azure/aks/dns-concepts",
        ),
        "5.1" => page(
            "Microsoft Learn: AKS networking concepts",
            "https://learn.microsoft.com/azure/aks/concepts-network",
        ),
        "5.2" => model_page(plugin),
        "5.3" => page(
            "Kubernetes: Virtual IPs and service proxies",
            "https://kubernetes.io/docs/reference/networking/virtual-ips/",
        ),
        "5.4" => page(
            "Microsoft Learn: Azure CNI networking overview",
            "https://learn.microsoft.com/azure/aks/concepts-network-cni-overview",
        ),
        "5.5" => page(
            "Microsoft Learn: Use an internal load balancer with AKS",
            "https://learn.microsoft.com/azure/aks/internal-lb",
        ),
        "5.6" => page(
            "Microsoft Learn: Use a public Standard Load Balancer in AKS",
            "https://learn.microsoft.com/azure/aks/load-balancer-standard",
        ),
        "5.7" => page(
            "Microsoft Learn: Customize cluster egress with outbound types",
            "https://learn.microsoft.com/azure/aks/egress-outboundtype",
        ),
        _ => return None,
    })
}

/// The page behind each of the fact sheet's additions (§10), by topic.
fn additions(topic: &str, plugin: NetworkPlugin) -> Option<Citation> {
    Some(match topic {
        "kube-proxy captures load balancer IPs" => page(
            "Kubernetes: Services, load balancer IP mode",
            "https://kubernetes.io/docs/concepts/services-networking/service/#load-balancer-ip-mode",
        ),
        "hairpin" => page(
            "Kubernetes source: kube-proxy's iptables rules",
            "https://github.com/kubernetes/kubernetes/blob/master/pkg/proxy/iptables/proxier.go",
        ),
        "kubenet and Overlay masquerade" => model_page(plugin),
        "kubenet bridge source" => SOURCE_IP,
        "userDefinedRouting and a public LB" => page(
            "Microsoft Learn: Limit egress traffic (a DNAT rule on the firewall)",
            "https://learn.microsoft.com/azure/aks/limit-egress-traffic",
        ),
        "Azure CNI powered by Cilium" => CILIUM,
        "Network policy engines" => page(
            "Kubernetes: Network Policies",
            "https://kubernetes.io/docs/concepts/services-networking/network-policies/",
        ),
        "health probes" => page(
            "Microsoft Learn: Load Balancer health probes",
            "https://learn.microsoft.com/azure/load-balancer/load-balancer-custom-probe-overview",
        ),
        _ => return None,
    })
}

/// The Microsoft Learn pages an upgrade or a scale cites, by their AKS
/// slug (`model::rollout`).
fn learn_page(slug: &str) -> Option<Citation> {
    Some(match slug {
        "upgrade-conceptual" => page(
            "Microsoft Learn: How AKS cluster upgrades work",
            "https://learn.microsoft.com/azure/aks/upgrade-conceptual",
        ),
        "upgrade-aks-node-pools-rolling" => page(
            "Microsoft Learn: Configure rolling upgrades for AKS node pools",
            "https://learn.microsoft.com/azure/aks/upgrade-aks-node-pools-rolling",
        ),
        "scale-cluster" => page(
            "Microsoft Learn: Scale the node count in an AKS cluster",
            "https://learn.microsoft.com/azure/aks/scale-cluster",
        ),
        "concepts-network-azure-cni-overlay" => page(
            "Microsoft Learn: Azure CNI Overlay, network security groups",
            "https://learn.microsoft.com/azure/aks/concepts-network-azure-cni-overlay#network-security-groups",
        ),
        "cluster-autoscaler" => page(
            "Microsoft Learn: Use the cluster autoscaler in AKS",
            "https://learn.microsoft.com/azure/aks/cluster-autoscaler",
        ),
        _ => return None,
    })
}

/// The page that explains how `plugin` routes pod traffic.
fn model_page(plugin: NetworkPlugin) -> Citation {
    match plugin {
        NetworkPlugin::Kubenet => page(
            "Microsoft Learn: Use kubenet networking in AKS",
            "https://learn.microsoft.com/azure/aks/configure-kubenet",
        ),
        NetworkPlugin::AzureCni => page(
            "Microsoft Learn: Azure CNI Node Subnet (legacy)",
            "https://learn.microsoft.com/azure/aks/concepts-network-legacy-cni",
        ),
        NetworkPlugin::AzureCniOverlay => page(
            "Microsoft Learn: Azure CNI Overlay networking",
            "https://learn.microsoft.com/azure/aks/concepts-network-azure-cni-overlay",
        ),
        NetworkPlugin::AzureCniPodSubnet => page(
            "Microsoft Learn: Azure CNI Pod Subnet",
            "https://learn.microsoft.com/azure/aks/concepts-network-azure-cni-pod-subnet",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aks_model::path::REFERENCES;

    /// Every source a hop can cite leads to a public page, and pod-to-pod
    /// routing to the page of the model on screen.
    #[test]
    fn every_cited_source_has_a_page() {
        for plugin in NetworkPlugin::ALL {
            for reference in REFERENCES.into_iter().chain(aks_model::rollout::REFERENCES) {
                let page = citation(reference, plugin);
                assert!(
                    page.is_some_and(|page| page.url.starts_with("https://")),
                    "{reference}"
                );
            }
        }
        let kubenet = citation("aks-facts §5.2", NetworkPlugin::Kubenet).expect("a page");
        assert!(kubenet.url.ends_with("/configure-kubenet"));
        assert_eq!(citation("RFC 1918", NetworkPlugin::Kubenet), None);
    }
}
