//! Prepared scenarios: each a name for `?preset=`, a title for the picker,
//! a sentence on what it shows, and the query string that sets it up. The
//! queries use the widget's own URL parameters, so a preset is just a link.

/// One prepared scenario.
#[derive(Clone, Copy, Debug)]
pub struct Preset {
    /// The value of `?preset=`.
    pub name: &'static str,
    pub title: &'static str,
    pub shows: &'static str,
    pub query: &'static str,
    /// Whether it opens the source posts' claims under the Service anatomy
    /// (the preset that tells their story does).
    pub opens_claims: bool,
}

pub const PRESETS: [Preset; 10] = [
    Preset {
        name: "advanced",
        title: "Advanced networking (the source posts)",
        shows: "The posts' scenario: 3 nodes, 3 replicas, a private Service on an internal load balancer in its own services subnet, \
                the container on 80, the Service on 90, and the posts' \"pod port 85\" read as targetPort 85. Nothing listens on 85, so the load balancer's \
                health probe fails on every node and the on-premises client times out; a pod calling the Service is refused at once. \
                Kubernetes remaps no port inside a pod; set targetPort to 80 (see what the posts said, under the Service anatomy).",
        query: "model=cni&service=internal&servicesSubnet=10.225.0.0/24&listenPort=80&containerPort=80&port=90&targetPort=85&flow=onprem.lb0&hop=3",
        opens_claims: true,
    },
    Preset {
        name: "kubenet",
        title: "kubenet basics",
        shows: "Pods get addresses from the pod CIDR, a /24 per node, outside the VNet. A packet to a pod on another node leaves its node \
                untranslated and follows the route table to the other node.",
        query: "model=kubenet&replicas=6&flow=pod0.pod1",
        opens_claims: false,
    },
    Preset {
        name: "cni",
        title: "Azure CNI Node Subnet basics",
        shows: "Every node reserves max pods (30) addresses of the node subnet up front, so pods are VNet addresses: a VM in the VNet reaches a pod directly.",
        query: "model=cni&replicas=6&flow=vm.pod0",
        opens_claims: false,
    },
    Preset {
        name: "fill24",
        title: "Azure CNI fills a /24",
        shows: "A /24 node subnet has 251 usable addresses. With 31 per node (the node and its 30 pods), 8 nodes fit, but not the surge node an upgrade needs \
                (AKS's pre-check refuses the upgrade); a 9th node does not fit at all.",
        query: "model=cni&nodes=8&replicas=40&vnet=10.10.0.0/16&nodeSubnet=10.10.1.0/24",
        opens_claims: false,
    },
    Preset {
        name: "autoscaler",
        title: "The autoscaler's max count in a /24",
        shows: "3 Azure CNI nodes take 93 of a /24's 251 addresses, but with the cluster autoscaler allowed 9, AKS's pre-check counts 9 × 31 = 279 \
                and refuses (\"If Autoscaler is enabled, the max-count from each nodepool is counted\"). At 8 the cluster is created, but its \
                upgrade is refused: the surge node's 30 find 3 addresses. At 7 both pass, and the address map shows what the 4 nodes the \
                autoscaler may add would take. More replicas make it add them.",
        query: "model=cni&nodes=3-9&replicas=40&vnet=10.10.0.0/16&nodeSubnet=10.10.1.0/24",
        opens_claims: false,
    },
    Preset {
        name: "upgrade24",
        title: "Upgrade Azure CNI nodes in a /24",
        shows: "7 nodes hold 217 of the /24's 251 addresses (31 each). Press Play: the surge node takes 31 more; each old node is drained, its pods \
                replaced with new addresses, and reimaged; the surge node's addresses go back at the end. With max surge 2 AKS's pre-check \
                refuses the upgrade (InsufficientSubnetSize: 2 × 30 max pods against 34 free).",
        query: "model=cni&nodes=7&replicas=14&vnet=10.10.0.0/16&nodeSubnet=10.10.1.0/24&surge=1&upgrade=1",
        opens_claims: false,
    },
    Preset {
        name: "overlay-scale",
        title: "Azure CNI Overlay at scale",
        shows: "500 nodes with 100 pods each: the node subnet holds only the nodes, and each node takes a /24 of a pod CIDR that must be large enough (a /16 holds 256 nodes; this one is a /14).",
        query: "model=overlay&nodes=500&replicas=50000&maxPods=110&podCidr=10.240.0.0/14",
        opens_claims: false,
    },
    Preset {
        name: "podsubnet",
        title: "Azure CNI Pod Subnet",
        shows: "Pods take VNet addresses from their own subnet, in batches of 16 per node, and keep them on the way out: a VM in a peered VNet sees the pod's own address.",
        query: "model=podsubnet&replicas=12&flow=pod0.peered",
        opens_claims: false,
    },
    Preset {
        name: "pools",
        title: "Pod Subnet: pools with their own subnets",
        shows: "The system pool's 2 nodes keep a /28 node subnet and a /26 pod subnet: only its nodes and their first batches of 16. \
                The 300 pods run on the user pool apps, whose own /24 node subnet and /22 pod subnet grow with it (learn: \
                aks/node-pool-unique-subnet), so the system pool's subnets stay small. Remove apps and the 300 pods land on the \
                system pool: its /26 cannot hold their batches, and most of them wait without an address.",
        query: "model=podsubnet&vnet=10.10.0.0/16&nodeSubnet=10.10.0.0/28&podSubnet=10.10.0.64/26&nodes=2&replicas=300\
                &pool=apps,10,,10.10.4.0/24,10.10.8.0/22",
        opens_claims: false,
    },
    Preset {
        name: "source-ip",
        title: "Where does my source IP go?",
        shows: "A pod talks to a VM in a peered VNet, under Overlay and, beside it, Pod Subnet: Overlay SNATs the packet to the node, \
                Pod Subnet keeps the pod's address. Switch either model to see the others: kubenet SNATs like Overlay, \
                Azure CNI Node Subnet too (the destination is outside the VNet).",
        query: "model=overlay&compare=podsubnet&flow=pod0.peered",
        opens_claims: false,
    },
];

/// Presets are the same when their names are: names are unique (a test
/// checks it), and comparing them spares the bundle a deep comparison.
impl PartialEq for Preset {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}

impl Eq for Preset {}

/// The preset of this name.
pub fn preset_named(name: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|preset| preset.name == name)
}
