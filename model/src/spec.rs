//! The cluster a learner describes: the inputs of a plan.

use std::net::Ipv4Addr;

use ipnet::Ipv4Net;

use crate::plugin::{NetworkPlugin, PodIpAllocation};
use crate::subnet::cidr;

/// AKS's default pod CIDR for kubenet and Overlay.
/// Source: aks-facts §0 and §2 (learn: aks/configure-kubenet; aks/azure-cni-overlay).
pub const DEFAULT_POD_CIDR: Ipv4Net = cidr(10, 244, 0, 0, 16);
/// AKS's default service CIDR. Source: aks-facts §0 and §2 (learn: aks/configure-kubenet).
pub const DEFAULT_SERVICE_CIDR: Ipv4Net = cidr(10, 0, 0, 0, 16);
/// AKS's default DNS service IP. Source: aks-facts §0 and §2 (learn: aks/configure-kubenet).
pub const DEFAULT_DNS_SERVICE_IP: Ipv4Addr = Ipv4Addr::new(10, 0, 0, 10);
/// The address space of the VNet AKS creates when you bring none, since
/// 2022-02-24. Source: aks-facts §1.7 [obs].
pub const DEFAULT_VNET: Ipv4Net = cidr(10, 224, 0, 0, 12);
/// The `aks-subnet` of that VNet. Source: aks-facts §1.7 [obs].
pub const DEFAULT_NODE_SUBNET: Ipv4Net = cidr(10, 224, 0, 0, 16);
/// The lab's pod subnet for Azure CNI Pod Subnet. AKS has no default: that
/// model needs your own VNet, so the lab takes the /16 after the node subnet.
pub const DEFAULT_POD_SUBNET: Ipv4Net = cidr(10, 225, 0, 0, 16);
/// `az aks create --node-count` defaults to 3.
pub const DEFAULT_NODE_COUNT: u32 = 3;
/// The port the lab's example app listens on, as in aks-facts §5.0.
pub const DEFAULT_LISTEN_PORT: u16 = 8080;
/// Max surge defaults to 1 node. Source: aks-facts §1.9 and §9, a [CONFLICT]
/// (1 node on the rolling-upgrade page, 10% on the large-cluster page); the
/// planning formula's example uses 1, and so does the lab.
pub const DEFAULT_MAX_SURGE: u32 = 1;

/// Everything that decides the address plan of one cluster with one node pool.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClusterSpec {
    pub plugin: NetworkPlugin,
    /// Only read for [`NetworkPlugin::AzureCniPodSubnet`].
    pub pod_ip_allocation: PodIpAllocation,
    pub vnet: Ipv4Net,
    pub node_subnet: Ipv4Net,
    /// Only read for [`NetworkPlugin::AzureCniPodSubnet`].
    pub pod_subnet: Ipv4Net,
    /// Only read for kubenet and Overlay.
    pub pod_cidr: Ipv4Net,
    pub service_cidr: Ipv4Net,
    pub dns_service_ip: Ipv4Addr,
    pub node_count: u32,
    pub max_pods: u32,
    pub max_surge: u32,
    /// How pods and nodes reach the internet.
    pub outbound_type: OutboundType,
    pub deployments: Vec<Deployment>,
    pub services: Vec<ServiceSpec>,
    /// Further subnets of the VNet, for example one for internal load balancers.
    pub extra_subnets: Vec<SubnetSpec>,
}

impl ClusterSpec {
    /// AKS's defaults for `plugin`, with one deployment `web` of 3 replicas
    /// behind a public LoadBalancer Service (port 80 → targetPort 8080).
    pub fn defaults_for(plugin: NetworkPlugin) -> Self {
        Self {
            plugin,
            pod_ip_allocation: PodIpAllocation::default(),
            vnet: DEFAULT_VNET,
            node_subnet: DEFAULT_NODE_SUBNET,
            pod_subnet: DEFAULT_POD_SUBNET,
            pod_cidr: DEFAULT_POD_CIDR,
            service_cidr: DEFAULT_SERVICE_CIDR,
            dns_service_ip: DEFAULT_DNS_SERVICE_IP,
            node_count: DEFAULT_NODE_COUNT,
            max_pods: plugin.default_max_pods(),
            max_surge: DEFAULT_MAX_SURGE,
            outbound_type: OutboundType::default(),
            deployments: vec![Deployment::new("web", 3)],
            services: vec![ServiceSpec {
                name: "web".into(),
                selector: "web".into(),
                kind: ServiceKind::LoadBalancer(LoadBalancerScope::Public),
                port: 80,
                target_port: DEFAULT_LISTEN_PORT,
                node_port: None,
                external_traffic_policy: TrafficPolicy::default(),
            }],
            extra_subnets: Vec::new(),
        }
    }

    /// The total replicas of all deployments.
    pub fn total_replicas(&self) -> u64 {
        self.deployments.iter().map(|d| u64::from(d.replicas)).sum()
    }
}

impl Default for ClusterSpec {
    /// The CLI's default model when `--network-plugin` is omitted: Azure CNI
    /// Overlay. Source: aks-facts §1.7 (learn: aks/azure-cni-overlay).
    fn default() -> Self {
        Self::defaults_for(NetworkPlugin::AzureCniOverlay)
    }
}

/// A Deployment: a named set of identical pods.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Deployment {
    pub name: String,
    pub replicas: u32,
    /// The port the container's process listens on. Kubernetes has no
    /// pod-level port remapping: this is the port on the pod's IP too
    /// (aks-facts §4.2).
    pub listen_port: u16,
}

impl Deployment {
    /// A deployment whose app listens on [`DEFAULT_LISTEN_PORT`].
    pub fn new(name: impl Into<String>, replicas: u32) -> Self {
        Self {
            name: name.into(),
            replicas,
            listen_port: DEFAULT_LISTEN_PORT,
        }
    }
}

/// A Kubernetes Service in front of one deployment's pods.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceSpec {
    pub name: String,
    /// The deployment whose pods are the endpoints. A selector that matches
    /// nothing is legal: the Service then has no endpoints.
    pub selector: String,
    pub kind: ServiceKind,
    /// What clients use on the ClusterIP or the load balancer's frontend.
    pub port: u16,
    /// The port on the pod that traffic is sent to.
    pub target_port: u16,
    /// A fixed nodePort; `None` lets Kubernetes pick one (NodePort and
    /// LoadBalancer only).
    pub node_port: Option<u16>,
    /// Which nodes answer external traffic, and whether the client's address
    /// survives (aks-facts §4.5).
    pub external_traffic_policy: TrafficPolicy,
}

/// `spec.externalTrafficPolicy`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TrafficPolicy {
    /// Every Ready node forwards to any endpoint, SNATing to its own IP.
    #[default]
    Cluster,
    /// Only nodes with a local endpoint answer; the client IP is preserved.
    Local,
}

/// The cluster's outbound type (aks-facts §4.6).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum OutboundType {
    /// `loadBalancer`, the default: the public load balancer's outbound rule SNATs.
    #[default]
    LoadBalancer,
    /// `managedNATGateway` or `userAssignedNATGateway`.
    NatGateway,
    /// `userDefinedRouting`: 0.0.0.0/0 goes to your firewall, which SNATs.
    UserDefinedRouting,
}

/// The Service `type`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ServiceKind {
    ClusterIp,
    NodePort,
    LoadBalancer(LoadBalancerScope),
}

impl ServiceKind {
    /// NodePort and LoadBalancer Services get a port on every node.
    pub fn has_node_port(&self) -> bool {
        !matches!(self, Self::ClusterIp)
    }
}

/// Where an Azure load balancer's frontend lives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LoadBalancerScope {
    /// A public IP on the cluster's public Standard load balancer.
    Public,
    /// A private IP (annotation `azure-load-balancer-internal: "true"`) from
    /// the node subnet, or from the named subnet of the same VNet
    /// (annotation `azure-load-balancer-internal-subnet`).
    Internal { subnet: Option<String> },
}

/// A further subnet of the VNet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SubnetSpec {
    pub name: String,
    pub cidr: Ipv4Net,
}
