//! The address fields of a cluster that a learner types (in a text box or
//! a URL): how each is named, read from and written into a spec.

use aks_model::input::{parse_address, parse_range};
use aks_model::validation::Field;
use aks_model::{ClusterSpec, NetworkPlugin};

/// The address fields a learner types into. `ALL` lists them in declaration
/// order, so `input as usize` indexes per-field arrays.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RangeInput {
    Vnet,
    NodeSubnet,
    PodSubnet,
    PodCidr,
    ServiceCidr,
    DnsServiceIp,
}

impl RangeInput {
    pub const ALL: [RangeInput; 6] = [
        Self::Vnet,
        Self::NodeSubnet,
        Self::PodSubnet,
        Self::PodCidr,
        Self::ServiceCidr,
        Self::DnsServiceIp,
    ];

    /// The URL parameter that carries this field.
    pub fn url_name(self) -> &'static str {
        match self {
            Self::Vnet => "vnet",
            Self::NodeSubnet => "nodeSubnet",
            Self::PodSubnet => "podSubnet",
            Self::PodCidr => "podCidr",
            Self::ServiceCidr => "serviceCidr",
            Self::DnsServiceIp => "dnsIp",
        }
    }

    pub fn from_url_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|input| input.url_name() == name)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Vnet => "VNet",
            Self::NodeSubnet => "Node subnet",
            Self::PodSubnet => "Pod subnet",
            Self::PodCidr => "Pod CIDR",
            Self::ServiceCidr => "Service CIDR",
            Self::DnsServiceIp => "DNS service IP",
        }
    }

    /// Whether the model uses this range at all.
    pub fn applies_to(self, plugin: NetworkPlugin) -> bool {
        match self {
            Self::PodSubnet => plugin.uses_pod_subnet(),
            Self::PodCidr => plugin.uses_pod_cidr(),
            _ => true,
        }
    }

    /// The field validation errors name for this input.
    pub fn field(self) -> Field {
        match self {
            Self::Vnet => Field::Vnet,
            Self::NodeSubnet => Field::NodeSubnet,
            Self::PodSubnet => Field::PodSubnet,
            Self::PodCidr => Field::PodCidr,
            Self::ServiceCidr => Field::ServiceCidr,
            Self::DnsServiceIp => Field::DnsServiceIp,
        }
    }

    /// The field's value in `spec`, as text.
    pub fn value_in(self, spec: &ClusterSpec) -> String {
        match self {
            Self::Vnet => spec.vnet.to_string(),
            Self::NodeSubnet => spec.node_subnet.to_string(),
            Self::PodSubnet => spec.pod_subnet.to_string(),
            Self::PodCidr => spec.pod_cidr.to_string(),
            Self::ServiceCidr => spec.service_cidr.to_string(),
            Self::DnsServiceIp => spec.dns_service_ip.to_string(),
        }
    }

    /// Writes `text` into `spec`, or says why it cannot be read.
    pub fn write(self, spec: &mut ClusterSpec, text: &str) -> Result<(), String> {
        let range = || parse_range(text).map_err(|error| error.to_string());
        match self {
            Self::Vnet => spec.vnet = range()?,
            Self::NodeSubnet => spec.node_subnet = range()?,
            Self::PodSubnet => spec.pod_subnet = range()?,
            Self::PodCidr => spec.pod_cidr = range()?,
            Self::ServiceCidr => spec.service_cidr = range()?,
            Self::DnsServiceIp => {
                spec.dns_service_ip = parse_address(text).map_err(|error| error.to_string())?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_lists_the_fields_in_declaration_order() {
        for (index, input) in RangeInput::ALL.into_iter().enumerate() {
            assert_eq!(input as usize, index);
        }
    }
}
