//! The Service and egress choices a learner makes, with the names the
//! controls and the URL use for them.

use aks_model::{LoadBalancerScope, OutboundType, ServiceKind, TrafficPolicy};

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

    pub fn url_name(self) -> &'static str {
        match self {
            Self::ClusterIp => "clusterip",
            Self::NodePort => "nodeport",
            Self::PublicLoadBalancer => "public",
            Self::InternalLoadBalancer => "internal",
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

pub fn policy_url_name(policy: TrafficPolicy) -> &'static str {
    match policy {
        TrafficPolicy::Cluster => "cluster",
        TrafficPolicy::Local => "local",
    }
}

pub const POLICIES: [TrafficPolicy; 2] = [TrafficPolicy::Cluster, TrafficPolicy::Local];

pub fn outbound_url_name(outbound: OutboundType) -> &'static str {
    match outbound {
        OutboundType::LoadBalancer => "loadbalancer",
        OutboundType::NatGateway => "natgateway",
        OutboundType::UserDefinedRouting => "udr",
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

pub const OUTBOUND_TYPES: [OutboundType; 3] = [
    OutboundType::LoadBalancer,
    OutboundType::NatGateway,
    OutboundType::UserDefinedRouting,
];
