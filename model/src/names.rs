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
        }
    }

    /// The name of the Azure resource, as an error message names it: AKS's
    /// own default for the node subnet (`aks-subnet`, aks-facts §1.7).
    pub fn resource_name(&self) -> &str {
        match self {
            Self::Vnet => "aks-vnet",
            Self::NodeSubnet => "aks-subnet",
            Self::PodSubnet => "pod-subnet",
            Self::PodCidr => "podCIDR",
            Self::ServiceCidr => "serviceCIDR",
            Self::Subnet(name) => name,
            Self::Public => "public",
        }
    }

    /// Whether this is a subnet of the VNet (which must lie inside it).
    pub fn is_vnet_subnet(&self) -> bool {
        matches!(self, Self::NodeSubnet | Self::PodSubnet | Self::Subnet(_))
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
