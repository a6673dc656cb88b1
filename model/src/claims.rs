//! What the source posts said that the fact sheet corrects (aks-facts §7,
//! and the further claims issue 13 lists, checked against §1, §4, §5, §10):
//! the claim, how it stands, what actually happens, and the sources. Each
//! correction is shown by the model itself in `tests/claims.rs`.

/// How a claim stands against the documentation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Standing {
    Wrong,
    Correct,
    Misleading,
    PartlyTrue,
    /// True once, no longer.
    Outdated,
}

impl Standing {
    pub fn label(self) -> &'static str {
        match self {
            Self::Wrong => "Wrong",
            Self::Correct => "Correct",
            Self::Misleading => "Misleading",
            Self::PartlyTrue => "Partly true",
            Self::Outdated => "Out of date",
        }
    }
}

/// One claim of the source posts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Claim {
    pub said: &'static str,
    pub standing: Standing,
    pub actually: &'static str,
    /// The public pages a reader can open.
    pub sources: &'static str,
    /// The fact-sheet sections behind it, for whoever checks the claim.
    pub reference: &'static str,
}

/// The claims of aks-facts §7, in its order, then the posts' other claims.
pub const CLAIMS: [Claim; 11] = [
    Claim {
        said: "The pod remaps container port 80 to its port 85, and the Service exposes port 90.",
        standing: Standing::Wrong,
        actually: "Kubernetes has no pod-level port remapping: a pod's containers share one IP and one port space, and containerPort is informational. \
                   The Service maps its port 90 to targetPort, which must be the port the container listens on (80). \
                   nodePort maps to the Service port; hostPort maps nodeIP:hostPort to the container port.",
        sources: "kubernetes.io: Pods (pod networking), Pod v1 API (containerPort), Services (targetPort)",
        reference: "aks-facts §4.2, §7.1",
    },
    Claim {
        said: "With kubenet you can only have one AKS cluster per subnet.",
        standing: Standing::Correct,
        actually: "Kubenet clusters can't share a subnet: each needs its own route table, with a route per node. \
                   One cluster may span several subnets (one per node pool) sharing its route table; every Azure CNI mode allows subnet sharing.",
        sources: "learn.microsoft.com: aks/configure-kubenet, aks/concepts-network-cni-overview",
        reference: "aks-facts §7.2",
    },
    Claim {
        said: "Since pods don't have IP addresses with kubenet, there is additional latency.",
        standing: Standing::Wrong,
        actually: "Kubenet pods do have IPs, from the pod CIDR (10.244.x.y); the VNet just can't route them alone. \
                   The extra latency is an extra hop: traffic between nodes follows a route whose next hop is the destination node. \
                   Traffic between pods on one node is not affected.",
        sources: "learn.microsoft.com: aks/configure-kubenet",
        reference: "aks-facts §7.3",
    },
    Claim {
        said: "Azure CNI supports up to 250 pods per node.",
        standing: Standing::Misleading,
        actually: "250 is the maximum, for kubenet too. The defaults differ: 110 for kubenet, 30 for Azure CNI Node Subnet, 250 for Overlay, \
                   and 110 or 250 for Pod Subnet (the docs conflict; the lab uses 250).",
        sources: "learn.microsoft.com: aks/concepts-network-ip-address-planning, AKS limits",
        reference: "aks-facts §1.8, §7.4, §9",
    },
    Claim {
        said: "If the resource is outside the VNet, the target sees the node IP.",
        standing: Standing::PartlyTrue,
        actually: "Only for Azure CNI Node Subnet reaching private addresses outside the VNet (peered VNets, on-premises). \
                   With Pod Subnet the pod IP is always the source; with kubenet and Overlay even hosts in the same VNet see the node IP. \
                   Internet servers never see a node IP: they see the egress public IP of the load balancer, NAT gateway or firewall.",
        sources: "learn.microsoft.com: aks/concepts-network-legacy-cni, aks/azure-cni-overlay",
        reference: "aks-facts §5.7, §7.5",
    },
    Claim {
        said: "Kubenet is the default configuration for AKS.",
        standing: Standing::Outdated,
        actually: "The Azure CLI now creates Azure CNI Overlay clusters when no network plugin is given; older pages that say kubenet is the default are stale. \
                   Kubenet is legacy: AKS stops supporting it on 31 March 2028, and Overlay is the migration target.",
        sources: "learn.microsoft.com: aks/azure-cni-overlay, aks/configure-kubenet",
        reference: "aks-facts §1.1, §1.7",
    },
    Claim {
        said: "With kubenet, both your nodes and your pods get IP addresses from the VNet.",
        standing: Standing::Wrong,
        actually: "Only the nodes do. Pods get addresses from the pod CIDR (10.244.0.0/16 by default, a /24 per node), a space outside the VNet: \
                   the VNet reaches them only through the route table's entry for each node, and traffic from pods to the VNet is masqueraded to the node's IP.",
        sources: "learn.microsoft.com: aks/configure-kubenet",
        reference: "aks-facts §1.1",
    },
    Claim {
        said: "Kubernetes' DNS plugin allows IP virtualization; that is why some IPs are reachable only inside the cluster.",
        standing: Standing::Wrong,
        actually: "kube-proxy does: a ClusterIP exists only in kube-proxy's rules on every node (or in Cilium's eBPF programs), which DNAT it to a pod. \
                   DNS only names things: CoreDNS answers a Service's name with its ClusterIP, and nothing outside the cluster can ask it.",
        sources: "kubernetes.io: Virtual IPs and service proxies, DNS for Services and Pods",
        reference: "aks-facts §4.3, §4.7, §10",
    },
    Claim {
        said: "The Service's internal IP simply routes to the load balancer's private IP.",
        standing: Standing::Wrong,
        actually: "kube-proxy on the client's node DNATs the ClusterIP straight to a pod; the load balancer is never on that path. \
                   Even a pod that calls the load balancer's own frontend is caught by kube-proxy on its node and never reaches the Azure load balancer.",
        sources: "kubernetes.io: Virtual IPs and service proxies, Services (load balancer IP mode)",
        reference: "aks-facts §5.3, §10",
    },
    Claim {
        said: "The Azure Load Balancer forwards traffic to pods.",
        standing: Standing::Misleading,
        actually: "Its backends are nodes, not pods. With floating IP the packet reaches a node still addressed to the frontend, and kube-proxy on that node DNATs it to a pod \
                   (and, with externalTrafficPolicy Cluster, SNATs it to the node), possibly on another node.",
        sources: "learn.microsoft.com: aks/load-balancer-standard, aks/configure-load-balancer-standard",
        reference: "aks-facts §4.4, §5.6",
    },
    Claim {
        said: "There are two network modes for AKS: Basic and Advanced.",
        standing: Standing::Outdated,
        actually: "Old names, left only on the kubenet page: \"kubenet (basic networking) or Azure CNI (advanced networking)\". The current pages name the models: \
                   kubenet (legacy), Azure CNI Node Subnet (legacy), Azure CNI Overlay and Azure CNI Pod Subnet, with the Cilium dataplane on any of the Azure CNI ones. \
                   \"Advanced\" now names something else: Advanced Container Networking Services, an add-on for observability and security.",
        sources: "learn.microsoft.com: aks/configure-kubenet, aks/concepts-network-cni-overview, aks/advanced-container-networking-services-overview",
        reference: "aks-facts §1.0, §1.1",
    },
];
