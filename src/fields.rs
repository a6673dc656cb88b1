//! The text fields of a cluster that a learner types (in a text box or a
//! URL): address ranges and ports; how each is labelled, read from and
//! written into a spec. Reading is the model's job ([`aks_model::input`]);
//! validation then says what is impossible. A link names them in `url`.

use aks_model::input::{
    parse_address, parse_nsg_rules, parse_optional_port, parse_port, parse_range, write_nsg_rules,
    ParseError,
};
use aks_model::{
    ClusterSpec, ContainerPort, Field, LoadBalancerScope, NetworkPlugin, Port, ServiceKind,
    SubnetSpec, TargetPort,
};

/// The text fields a learner types into. `ALL` lists them in declaration
/// order, so `input as usize` indexes per-field arrays.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextInput {
    Vnet,
    NodeSubnet,
    PodSubnet,
    PodCidr,
    ServiceCidr,
    DnsServiceIp,
    /// A subnet of the VNet for internal load balancers (empty: none).
    ServicesSubnet,
    /// The port the image's process listens on.
    ListenPort,
    /// The declared containerPort (empty: none declared).
    ContainerPort,
    /// The containerPort's name (empty: unnamed).
    PortName,
    HostPort,
    ServicePort,
    /// A number, or a container port's name.
    TargetPort,
    /// Empty: Kubernetes picks one.
    NodePort,
    /// The learner's NSG rules, `PRIORITY-allow|deny-SOURCE[-PORT]`, comma-separated.
    NsgRules,
}

impl TextInput {
    pub const ALL: [TextInput; 15] = [
        Self::Vnet,
        Self::NodeSubnet,
        Self::PodSubnet,
        Self::PodCidr,
        Self::ServiceCidr,
        Self::DnsServiceIp,
        Self::ServicesSubnet,
        Self::ListenPort,
        Self::ContainerPort,
        Self::PortName,
        Self::HostPort,
        Self::ServicePort,
        Self::TargetPort,
        Self::NodePort,
        Self::NsgRules,
    ];

    /// The address ranges (the first seven fields), in the order the
    /// controls list them.
    pub const RANGES: &'static [TextInput] = Self::ALL.split_at(7).0;

    pub fn label(self) -> &'static str {
        match self {
            Self::Vnet => "VNet",
            Self::NodeSubnet => "Node subnet",
            Self::PodSubnet => "Pod subnet",
            Self::PodCidr => "Pod CIDR",
            Self::ServiceCidr => "Service CIDR",
            Self::DnsServiceIp => "DNS service IP",
            Self::ServicesSubnet => "Services subnet",
            Self::ListenPort => "Container listens on",
            Self::ContainerPort => "containerPort",
            Self::PortName => "Port name",
            Self::HostPort => "hostPort",
            Self::ServicePort => "Service port",
            Self::TargetPort => "targetPort",
            Self::NodePort => "nodePort",
            Self::NsgRules => "Your NSG rules",
        }
    }

    /// The element id of the field's text box.
    pub fn id(self) -> &'static str {
        match self {
            Self::Vnet => "range-vnet",
            Self::NodeSubnet => "range-node-subnet",
            Self::PodSubnet => "range-pod-subnet",
            Self::PodCidr => "range-pod-cidr",
            Self::ServiceCidr => "range-service-cidr",
            Self::DnsServiceIp => "range-dns-service-ip",
            Self::ServicesSubnet => "range-services-subnet",
            Self::ListenPort => "listen-port",
            Self::ContainerPort => "container-port",
            Self::PortName => "port-name",
            Self::HostPort => "host-port",
            Self::ServicePort => "service-port",
            Self::TargetPort => "target-port",
            Self::NodePort => "node-port",
            Self::NsgRules => "nsg-rules",
        }
    }

    /// Whether the model uses this field at all.
    pub fn applies_to(self, plugin: NetworkPlugin) -> bool {
        match self {
            Self::PodSubnet => plugin.uses_pod_subnet(),
            Self::PodCidr => plugin.uses_pod_cidr(),
            _ => true,
        }
    }

    /// The setting validation errors name for this input: ports belong to
    /// the first deployment or the first Service.
    pub fn field(self, spec: &ClusterSpec) -> Field {
        let port = |port: Port| {
            let owner = if port.of_deployment() {
                spec.deployments.first().map(|d| d.name.clone())
            } else {
                spec.services.first().map(|s| s.name.clone())
            };
            Field::Port {
                owner: owner.unwrap_or_default(),
                port,
            }
        };
        match self {
            Self::Vnet => Field::Vnet,
            Self::NodeSubnet => Field::NodeSubnet,
            Self::PodSubnet => Field::PodSubnet,
            Self::PodCidr => Field::PodCidr,
            Self::ServiceCidr => Field::ServiceCidr,
            Self::DnsServiceIp => Field::DnsServiceIp,
            Self::ServicesSubnet => Field::Subnet(SERVICES_SUBNET.into()),
            Self::ListenPort => port(Port::Listen),
            Self::ContainerPort => port(Port::Container),
            Self::PortName => port(Port::ContainerName),
            Self::HostPort => port(Port::Host),
            Self::ServicePort => port(Port::Service),
            Self::TargetPort => port(Port::Target),
            Self::NodePort => port(Port::Node),
            Self::NsgRules => Field::Nsg,
        }
    }

    /// The input that sets what an error about `field` is about, if a text
    /// field does: the inverse of [`TextInput::field`].
    pub fn of_field(field: &Field) -> Option<TextInput> {
        Some(match field {
            Field::Vnet => Self::Vnet,
            Field::NodeSubnet => Self::NodeSubnet,
            Field::PodSubnet => Self::PodSubnet,
            Field::PodCidr => Self::PodCidr,
            Field::ServiceCidr => Self::ServiceCidr,
            Field::DnsServiceIp => Self::DnsServiceIp,
            Field::Subnet(_) => Self::ServicesSubnet,
            Field::Port { port, .. } => match port {
                Port::Listen => Self::ListenPort,
                Port::Container => Self::ContainerPort,
                Port::ContainerName => Self::PortName,
                Port::Host => Self::HostPort,
                Port::Service => Self::ServicePort,
                Port::Target => Self::TargetPort,
                Port::Node => Self::NodePort,
            },
            Field::Nsg => Self::NsgRules,
            _ => return None,
        })
    }

    /// The field's value in `spec`, as text (empty for "none" or "automatic").
    pub fn value_in(self, spec: &ClusterSpec) -> String {
        let deployment = spec.deployments.first();
        let service = spec.services.first();
        let text = |port: Option<u16>| port.map(|p| p.to_string()).unwrap_or_default();
        let container = deployment.and_then(|d| d.container_port.as_ref());
        match self {
            Self::Vnet => spec.vnet.to_string(),
            Self::NodeSubnet => spec.node_subnet.to_string(),
            Self::PodSubnet => spec.pod_subnet.to_string(),
            Self::PodCidr => spec.pod_cidr.to_string(),
            Self::ServiceCidr => spec.service_cidr.to_string(),
            Self::DnsServiceIp => spec.dns_service_ip.to_string(),
            Self::ServicesSubnet => services_subnet(spec)
                .map(|subnet| subnet.cidr.to_string())
                .unwrap_or_default(),
            Self::ListenPort => text(deployment.map(|d| d.listen_port)),
            Self::ContainerPort => text(container.map(|c| c.number)),
            Self::PortName => container.and_then(|c| c.name.clone()).unwrap_or_default(),
            Self::HostPort => text(deployment.and_then(|d| d.host_port)),
            Self::ServicePort => text(service.map(|s| s.port)),
            Self::TargetPort => service
                .map(|s| s.target_port.to_string())
                .unwrap_or_default(),
            Self::NodePort => text(service.and_then(|s| s.node_port)),
            Self::NsgRules => write_nsg_rules(&spec.nsg_rules),
        }
    }

    /// Writes `text` into `spec`, or says why it cannot be read.
    pub fn write(self, spec: &mut ClusterSpec, text: &str) -> Result<(), ParseError> {
        let text = text.trim();
        match self {
            Self::Vnet => spec.vnet = parse_range(text)?,
            Self::NodeSubnet => spec.node_subnet = parse_range(text)?,
            Self::PodSubnet => spec.pod_subnet = parse_range(text)?,
            Self::PodCidr => spec.pod_cidr = parse_range(text)?,
            Self::ServiceCidr => spec.service_cidr = parse_range(text)?,
            Self::DnsServiceIp => spec.dns_service_ip = parse_address(text)?,
            Self::ServicesSubnet => {
                spec.extra_subnets
                    .retain(|subnet| subnet.name != SERVICES_SUBNET);
                if !text.is_empty() {
                    spec.extra_subnets.push(SubnetSpec {
                        name: SERVICES_SUBNET.into(),
                        cidr: parse_range(text)?,
                    });
                }
                place_internal_load_balancers(spec);
            }
            Self::ListenPort | Self::ContainerPort | Self::PortName | Self::HostPort => {
                let Some(deployment) = spec.deployments.first_mut() else {
                    return Ok(());
                };
                match self {
                    Self::ListenPort => deployment.listen_port = parse_port(text)?,
                    Self::ContainerPort => {
                        let name = deployment.container_port.take().and_then(|c| c.name);
                        deployment.container_port =
                            parse_optional_port(text)?.map(|number| ContainerPort { number, name });
                    }
                    Self::PortName => match &mut deployment.container_port {
                        Some(container) => {
                            container.name = (!text.is_empty()).then(|| text.to_string());
                        }
                        None if text.is_empty() => {}
                        None => return Err(ParseError::PortNameWithoutPort),
                    },
                    _ => deployment.host_port = parse_optional_port(text)?,
                }
            }
            Self::ServicePort | Self::TargetPort | Self::NodePort => {
                let Some(service) = spec.services.first_mut() else {
                    return Ok(());
                };
                match self {
                    Self::ServicePort => service.port = parse_port(text)?,
                    Self::TargetPort => {
                        service.target_port = match parse_port(text) {
                            Ok(number) => TargetPort::Number(number),
                            // Not a number: a container port's name, checked by validation.
                            Err(_) if !text.bytes().all(|b| b.is_ascii_digit()) => {
                                TargetPort::Name(text.to_string())
                            }
                            Err(error) => return Err(error),
                        }
                    }
                    _ => service.node_port = parse_optional_port(text)?,
                }
            }
            Self::NsgRules => spec.nsg_rules = parse_nsg_rules(text)?,
        }
        Ok(())
    }
}

/// The name of the subnet the services-subnet field describes.
pub const SERVICES_SUBNET: &str = "services";

fn services_subnet(spec: &ClusterSpec) -> Option<&SubnetSpec> {
    spec.extra_subnets
        .iter()
        .find(|subnet| subnet.name == SERVICES_SUBNET)
}

/// Internal load balancers take their frontend from the services subnet when
/// there is one (the `azure-load-balancer-internal-subnet` annotation), from
/// the node subnet otherwise (aks-facts §4.4).
pub fn place_internal_load_balancers(spec: &mut ClusterSpec) {
    let subnet = services_subnet(spec).map(|subnet| subnet.name.clone());
    for service in &mut spec.services {
        if let ServiceKind::LoadBalancer(LoadBalancerScope::Internal { subnet: annotated }) =
            &mut service.kind
        {
            annotated.clone_from(&subnet);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_lists_the_fields_in_declaration_order() {
        for (index, input) in TextInput::ALL.into_iter().enumerate() {
            assert_eq!(input as usize, index);
        }
    }

    /// Every field reads back what it writes, so the URL round-trips it.
    #[test]
    fn every_field_reads_back_what_it_writes() {
        let mut spec = ClusterSpec::default();
        for (input, text) in [
            (TextInput::Vnet, "10.10.0.0/16"),
            (TextInput::ServicesSubnet, "10.10.3.0/24"),
            (TextInput::ListenPort, "80"),
            (TextInput::ContainerPort, "80"),
            (TextInput::PortName, "web"),
            (TextInput::HostPort, "8443"),
            (TextInput::ServicePort, "90"),
            (TextInput::TargetPort, "web"),
            (TextInput::NodePort, "31000"),
        ] {
            input.write(&mut spec, text).expect("readable");
            assert_eq!(input.value_in(&spec), text, "{input:?}");
        }
        assert_eq!(spec.services[0].target_port, TargetPort::Name("web".into()));
        // Empty means none (or automatic, for nodePort).
        TextInput::NodePort.write(&mut spec, "").expect("readable");
        assert_eq!(spec.services[0].node_port, None);
        TextInput::ContainerPort
            .write(&mut spec, "")
            .expect("readable");
        assert!(TextInput::PortName.write(&mut spec, "web").is_err());
        assert!(TextInput::ServicePort.write(&mut spec, "70000").is_err());
        assert!(TextInput::TargetPort.write(&mut spec, "99999").is_err());
    }

    /// Every field's errors lead back to the field.
    #[test]
    fn each_field_is_found_from_its_errors_setting() {
        let spec = ClusterSpec::default();
        for input in TextInput::ALL {
            assert_eq!(TextInput::of_field(&input.field(&spec)), Some(input));
        }
        assert_eq!(TextInput::of_field(&Field::NodeCount), None);
    }

    /// Each box has its own id, which its label points at.
    #[test]
    fn ids_are_unique() {
        let ids: Vec<&str> = TextInput::ALL.iter().map(|input| input.id()).collect();
        for (index, id) in ids.iter().enumerate() {
            assert!(!ids[index + 1..].contains(id), "{id} twice");
        }
    }
}
