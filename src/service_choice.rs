//! The Service and egress choices a learner makes, with the words the
//! controls show for them. A link names them in `url`.

use aks_model::{
    Dataplane, LoadBalancerScope, OutboundType, PodIpAllocation, PolicyEngine, ServiceKind,
    TrafficPolicy,
};

/// The `web` Service's type, as the picker offers it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ServiceChoice {
    ClusterIp,
    NodePort,
    PublicLoadBalancer,
    InternalLoadBalancer,
}

impl ServiceChoice {
    pub const ALL: [ServiceChoice; 4] = [
        Self::ClusterIp,
        Self::NodePort,
        Self::PublicLoadBalancer,
        Self::InternalLoadBalancer,
    ];

    pub fn of(kind: &ServiceKind) -> Self {
        match kind {
            ServiceKind::ClusterIp => Self::ClusterIp,
            ServiceKind::NodePort => Self::NodePort,
            ServiceKind::LoadBalancer(LoadBalancerScope::Public) => Self::PublicLoadBalancer,
            ServiceKind::LoadBalancer(LoadBalancerScope::Internal { .. }) => {
                Self::InternalLoadBalancer
            }
        }
    }

    pub fn kind(self) -> ServiceKind {
        match self {
            Self::ClusterIp => ServiceKind::ClusterIp,
            Self::NodePort => ServiceKind::NodePort,
            Self::PublicLoadBalancer => ServiceKind::LoadBalancer(LoadBalancerScope::Public),
            Self::InternalLoadBalancer => {
                ServiceKind::LoadBalancer(LoadBalancerScope::Internal { subnet: None })
            }
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::ClusterIp => "ClusterIP",
            Self::NodePort => "NodePort",
            Self::PublicLoadBalancer => "LoadBalancer, public",
            Self::InternalLoadBalancer => "LoadBalancer, internal",
        }
    }
}

pub const POLICIES: [TrafficPolicy; 2] = [TrafficPolicy::Cluster, TrafficPolicy::Local];

/// The traffic policy as the Service's `externalTrafficPolicy` field names it.
pub fn policy_label(policy: TrafficPolicy) -> &'static str {
    match policy {
        TrafficPolicy::Cluster => "Cluster",
        TrafficPolicy::Local => "Local",
    }
}

/// The outbound type as `az aks create --outbound-type` names it.
pub fn outbound_label(outbound: OutboundType) -> &'static str {
    match outbound {
        OutboundType::LoadBalancer => "loadBalancer",
        OutboundType::NatGateway => "managedNATGateway",
        OutboundType::UserDefinedRouting => "userDefinedRouting",
    }
}

/// The Pod Subnet allocation mode, as `--pod-ip-allocation-mode` names it.
pub fn allocation_label(allocation: PodIpAllocation) -> &'static str {
    match allocation {
        PodIpAllocation::Dynamic => "DynamicIndividual: batches of 16",
        PodIpAllocation::StaticBlock => "StaticBlock: /28 blocks",
    }
}

/// The dataplane, as the controls name it.
pub fn dataplane_label(dataplane: Dataplane) -> &'static str {
    match dataplane {
        Dataplane::KubeProxy => "kube-proxy (iptables)",
        Dataplane::Cilium => "Cilium (eBPF, Azure CNI only)",
    }
}

pub const DATAPLANES: [Dataplane; 2] = [Dataplane::KubeProxy, Dataplane::Cilium];

/// The NetworkPolicy engine, as the controls name it.
pub fn policy_engine_label(engine: PolicyEngine) -> &'static str {
    match engine {
        PolicyEngine::None => "none: policies have no effect",
        PolicyEngine::AzureNpm => "Azure NPM (Azure CNI; retires 2028)",
        PolicyEngine::Calico => "Calico",
        PolicyEngine::Cilium => "Cilium (with its dataplane)",
    }
}

pub const POLICY_ENGINES: [PolicyEngine; 4] = [
    PolicyEngine::Calico,
    PolicyEngine::AzureNpm,
    PolicyEngine::Cilium,
    PolicyEngine::None,
];

pub const POD_IP_ALLOCATIONS: [PodIpAllocation; 2] =
    [PodIpAllocation::Dynamic, PodIpAllocation::StaticBlock];

pub const OUTBOUND_TYPES: [OutboundType; 3] = [
    OutboundType::LoadBalancer,
    OutboundType::NatGateway,
    OutboundType::UserDefinedRouting,
];
