//! The names the model and the widget share: the address ranges of a
//! cluster, and the settings an input error belongs to, so that the widget
//! can show each error next to its control and a link can name its parameter.

use std::fmt;

/// The address ranges of a cluster, named as the widget names them.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum RangeName {
    Vnet,
    NodeSubnet,
    PodSubnet,
    PodCidr,
    ServiceCidr,
    /// A further subnet of the VNet, by name.
    Subnet(String),
    /// The node subnet a user pool has of its own, by the pool's name.
    PoolNodeSubnet(String),
    /// Pod Subnet: the pod subnet a user pool has of its own, by the pool's name.
    PoolPodSubnet(String),
    /// The lab's stand-in for public addresses (load balancer frontends and
    /// the egress IP): not a range of the cluster's.
    Public,
}

impl RangeName {
    /// The setting to change when this range is wrong.
    pub fn field(&self) -> Field {
        match self {
            Self::Vnet | Self::Public => Field::Vnet,
            Self::NodeSubnet => Field::NodeSubnet,
            Self::PodSubnet => Field::PodSubnet,
            Self::PodCidr => Field::PodCidr,
            Self::ServiceCidr => Field::ServiceCidr,
            Self::Subnet(name) => Field::Subnet(name.clone()),
            Self::PoolNodeSubnet(pool) => Field::pool(pool, PoolSetting::NodeSubnet),
            Self::PoolPodSubnet(pool) => Field::pool(pool, PoolSetting::PodSubnet),
        }
    }

    /// A user pool's own node subnet (`pod` false) or pod subnet.
    pub fn pool_subnet(pool: &str, pod: bool) -> Self {
        if pod {
            Self::PoolPodSubnet(pool.into())
        } else {
            Self::PoolNodeSubnet(pool.into())
        }
    }

    /// The pool whose own subnet this is, if it is one.
    pub fn pool(&self) -> Option<&str> {
        match self {
            Self::PoolNodeSubnet(pool) | Self::PoolPodSubnet(pool) => Some(pool),
            _ => None,
        }
    }

    /// The name of the Azure resource, as an error message names it: AKS's
    /// own default for the node subnet (`aks-subnet`, aks-facts §1.7).
    /// A pool's own subnets are the lab's names: `<pool>-nodes`, `<pool>-pods` (no clash with `aks-subnet`, `pod-subnet`).
    pub fn resource_name(&self) -> String {
        match self {
            Self::Vnet => "aks-vnet".into(),
            Self::NodeSubnet => "aks-subnet".into(),
            Self::PodSubnet => "pod-subnet".into(),
            Self::PodCidr => "podCIDR".into(),
            Self::ServiceCidr => "serviceCIDR".into(),
            Self::Subnet(name) => name.clone(),
            Self::PoolNodeSubnet(pool) => format!("{pool}-nodes"),
            Self::PoolPodSubnet(pool) => format!("{pool}-pods"),
            Self::Public => "public".into(),
        }
    }

    /// Whether this is a subnet of the VNet (which must lie inside it).
    pub fn is_vnet_subnet(&self) -> bool {
        matches!(
            self,
            Self::NodeSubnet
                | Self::PodSubnet
                | Self::Subnet(_)
                | Self::PoolNodeSubnet(_)
                | Self::PoolPodSubnet(_)
        )
    }
}

impl fmt::Display for RangeName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Vnet => f.write_str("the VNet"),
            Self::NodeSubnet => f.write_str("the node subnet"),
            Self::PodSubnet => f.write_str("the pod subnet"),
            Self::PodCidr => f.write_str("the pod CIDR"),
            Self::ServiceCidr => f.write_str("the service CIDR"),
            Self::Subnet(name) => write!(f, "subnet \"{name}\""),
            Self::PoolNodeSubnet(pool) => write!(f, "pool {pool}'s node subnet"),
            Self::PoolPodSubnet(pool) => write!(f, "pool {pool}'s pod subnet"),
            Self::Public => f.write_str("the public addresses"),
        }
    }
}

/// The setting an input error belongs to, so the widget can show it there.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    Vnet,
    NodeSubnet,
    PodSubnet,
    PodCidr,
    ServiceCidr,
    DnsServiceIp,
    /// The dataplane (`--network-dataplane`).
    Dataplane,
    /// The NetworkPolicy engine (`--network-policy`).
    PolicyEngine,
    /// The NSG's rules.
    Nsg,
    NodeCount,
    /// The cluster autoscaler's max count.
    MaxCount,
    MaxPods,
    MaxSurge,
    /// The replicas of every deployment together (the lab's bound on pods).
    Replicas,
    /// A deployment, by name: its name, or how many there are.
    Deployment(String),
    /// A Service, by name: its name, its type, or how many there are.
    Service(String),
    /// A further subnet of the VNet, by name.
    Subnet(String),
    /// One port of the named deployment or Service.
    Port {
        owner: String,
        port: Port,
    },
    /// A setting of the named user pool.
    Pool {
        pool: String,
        setting: PoolSetting,
    },
}

impl Field {
    pub fn pool(pool: &str, setting: PoolSetting) -> Self {
        Self::Pool {
            pool: pool.into(),
            setting,
        }
    }
}

/// The settings of a user pool.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PoolSetting {
    Name,
    NodeCount,
    MaxCount,
    MaxPods,
    MaxSurge,
    NodeSubnet,
    PodSubnet,
}

impl PoolSetting {
    /// The pool's setting that stands where the system pool's `field` does.
    pub fn standing_for(field: &Field) -> Option<Self> {
        Some(match field {
            Field::NodeCount => Self::NodeCount,
            Field::MaxCount => Self::MaxCount,
            Field::MaxPods => Self::MaxPods,
            Field::MaxSurge => Self::MaxSurge,
            Field::NodeSubnet => Self::NodeSubnet,
            Field::PodSubnet => Self::PodSubnet,
            _ => return None,
        })
    }
}

impl fmt::Display for PoolSetting {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Name => "name",
            Self::NodeCount => "node count",
            Self::MaxCount => "max count",
            Self::MaxPods => "max pods",
            Self::MaxSurge => "max surge",
            Self::NodeSubnet => "node subnet",
            Self::PodSubnet => "pod subnet",
        })
    }
}

/// The ports a learner sets: a deployment's and a Service's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Port {
    /// The port the container's process listens on.
    Listen,
    /// The declared `containerPort`.
    Container,
    /// The container port's name.
    ContainerName,
    /// The `hostPort` on the container port.
    Host,
    /// The Service's `port`.
    Service,
    /// The Service's `targetPort`.
    Target,
    /// The Service's `nodePort`.
    Node,
}

impl Port {
    /// Whether the port belongs to a deployment (otherwise, to a Service).
    pub fn of_deployment(self) -> bool {
        matches!(
            self,
            Self::Listen | Self::Container | Self::ContainerName | Self::Host
        )
    }
}

impl fmt::Display for Port {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Listen => "listen port",
            Self::Container => "containerPort",
            Self::ContainerName => "port name",
            Self::Host => "hostPort",
            Self::Service => "port",
            Self::Target => "targetPort",
            Self::Node => "nodePort",
        })
    }
}
