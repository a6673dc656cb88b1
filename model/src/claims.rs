//! What the source posts said that the fact sheet corrects (aks-facts §7):
//! the claim, how it stands, what actually happens, and the sources. Each
//! correction is shown by the model itself in `tests/claims.rs`.

/// How a claim stands against the documentation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Standing {
    Wrong,
    Correct,
    Misleading,
    PartlyTrue,
}

impl Standing {
    pub fn label(self) -> &'static str {
        match self {
            Self::Wrong => "Wrong",
            Self::Correct => "Correct",
            Self::Misleading => "Misleading",
            Self::PartlyTrue => "Partly true",
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

/// The claims of aks-facts §7, in its order.
pub const CLAIMS: [Claim; 5] = [
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
];
