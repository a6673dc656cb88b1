//! Input validation: every way a cluster description can be impossible, with
//! the message the widget shows next to the field. A spec that passes is safe
//! to plan: planning never panics, and these checks keep its sizes bounded.

use std::fmt;
use std::net::Ipv4Addr;
use std::ops::RangeInclusive;

use ipnet::Ipv4Net;

use crate::spec::{ClusterSpec, Deployment, LoadBalancerScope, ServiceKind, TargetPort};
use crate::subnet::{cidr, SMALLEST_SUBNET_PREFIX};

/// Max pods per node, all models: minimum 10, maximum 250.
/// Source: aks-facts §0 (learn: aks/concepts-network-ip-address-planning).
pub const MAX_PODS_RANGE: RangeInclusive<u32> = 10..=250;
/// A node pool must have room for at least 30 pods in all (so maxPods 10 needs
/// 3 nodes). Source: aks-facts §1.8 notes (learn: aks/concepts-network-ip-address-planning).
pub const MIN_PODS_PER_POOL: u64 = 30;
/// Nodes in one node pool (the lab models one pool).
/// Source: aks-facts §1.9 (azure-docs includes/container-service-limits.md).
pub const NODE_COUNT_RANGE: RangeInclusive<u32> = 1..=1_000;
/// Ranges AKS rejects for the VNet, pod and service ranges.
/// Source: aks-facts §0 and §2 (learn: aks/concepts-network-cni-overview).
pub const FORBIDDEN_RANGES: [Ipv4Net; 4] = [
    cidr(169, 254, 0, 0, 16),
    cidr(172, 30, 0, 0, 16),
    cidr(172, 31, 0, 0, 16),
    cidr(192, 0, 2, 0, 24),
];
/// The service CIDR must be "smaller than /12".
/// Source: aks-facts §2 (learn: aks/concepts-network-ip-address-planning).
pub const SERVICE_CIDR_LONGEST_FORBIDDEN_PREFIX: u8 = 12;
/// A VNet is at most a /8. Source: aks-facts §2.
pub const VNET_SHORTEST_PREFIX: u8 = 8;
/// Kubernetes' default `--service-node-port-range`.
/// Source: aks-facts §0 and §4.1 (k8s: concepts/services-networking/service).
pub const NODE_PORT_RANGE: RangeInclusive<u16> = 30_000..=32_767;
/// The lab's own bound on pods, so a plan stays quick to draw: the larger of
/// the two documented Overlay pods-per-cluster figures (aks-facts §1.3, a
/// [CONFLICT] between 200,000 and 250,000).
pub const MAX_TOTAL_PODS: u64 = 250_000;
/// The lab's own bound on Services and deployments, to keep the diagram legible.
pub const MAX_SERVICES: usize = 100;
pub const MAX_DEPLOYMENTS: usize = 20;
/// Kubernetes object names are DNS labels: at most 63 characters.
pub const MAX_NAME_LENGTH: usize = 63;
/// A port name is an IANA service name: at most 15 characters (RFC 6335
/// §5.1; the Pod API's `ports[].name`, aks-facts §4.2).
pub const MAX_PORT_NAME_LENGTH: usize = 15;

/// The control an error belongs to, so the widget can show it there.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    Vnet,
    NodeSubnet,
    PodSubnet,
    PodCidr,
    ServiceCidr,
    DnsServiceIp,
    NodeCount,
    MaxPods,
    MaxSurge,
    Deployment(String),
    Service(String),
    Subnet(String),
}

/// The address ranges of a cluster, named as the widget names them.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum RangeName {
    Vnet,
    NodeSubnet,
    PodSubnet,
    PodCidr,
    ServiceCidr,
    Subnet(String),
}

impl RangeName {
    pub fn field(&self) -> Field {
        match self {
            Self::Vnet => Field::Vnet,
            Self::NodeSubnet => Field::NodeSubnet,
            Self::PodSubnet => Field::PodSubnet,
            Self::PodCidr => Field::PodCidr,
            Self::ServiceCidr => Field::ServiceCidr,
            Self::Subnet(name) => Field::Subnet(name.clone()),
        }
    }
}

impl RangeName {
    /// The name of the Azure resource, as an error message names it: AKS's
    /// own default for the node subnet (`aks-subnet`, aks-facts §1.7).
    pub fn resource_name(&self) -> String {
        match self {
            Self::Vnet => "aks-vnet".into(),
            Self::NodeSubnet => "aks-subnet".into(),
            Self::PodSubnet => "pod-subnet".into(),
            Self::PodCidr => "podCIDR".into(),
            Self::ServiceCidr => "serviceCIDR".into(),
            Self::Subnet(name) => name.clone(),
        }
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
        }
    }
}

/// Why a cluster description cannot be planned. `Display` is the message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InputError {
    HostBitsSet {
        range: RangeName,
        given: Ipv4Net,
    },
    ForbiddenRange {
        range: RangeName,
        given: Ipv4Net,
        forbidden: Ipv4Net,
    },
    RangesOverlap {
        first: (RangeName, Ipv4Net),
        second: (RangeName, Ipv4Net),
    },
    OutsideVnet {
        range: RangeName,
        given: Ipv4Net,
        vnet: Ipv4Net,
    },
    SubnetTooSmall {
        range: RangeName,
        given: Ipv4Net,
    },
    VnetTooLarge {
        given: Ipv4Net,
    },
    ServiceCidrTooLarge {
        given: Ipv4Net,
    },
    DnsIpOutsideServiceCidr {
        dns: Ipv4Addr,
        service_cidr: Ipv4Net,
    },
    DnsIpReserved {
        dns: Ipv4Addr,
        service_cidr: Ipv4Net,
        why: &'static str,
    },
    NodeCountOutOfRange {
        given: u32,
    },
    MaxPodsOutOfRange {
        given: u32,
    },
    TooFewPodsInPool {
        max_pods: u32,
        nodes: u32,
    },
    MaxSurgeTooLarge {
        given: u32,
    },
    TooManyPods {
        total: u64,
    },
    TooManyDeployments {
        count: usize,
    },
    TooManyServices {
        count: usize,
    },
    InvalidName {
        field: Field,
        name: String,
    },
    DuplicateName {
        field: Field,
        name: String,
    },
    PortZero {
        service: String,
        which: &'static str,
    },
    /// The listen port, containerPort or hostPort of a deployment is 0.
    DeploymentPortZero {
        deployment: String,
        which: &'static str,
    },
    /// A port name that is not an IANA service name.
    InvalidPortName {
        field: Field,
        given: String,
    },
    /// A hostPort without the container port it maps to.
    HostPortWithoutContainerPort {
        deployment: String,
    },
    NodePortOutOfRange {
        service: String,
        given: u16,
    },
    NodePortOnClusterIp {
        service: String,
    },
    NodePortTaken {
        service: String,
        port: u16,
        other: String,
    },
    UnknownSubnet {
        service: String,
        subnet: String,
    },
}

impl InputError {
    /// The control the learner has to change.
    pub fn field(&self) -> Field {
        match self {
            Self::HostBitsSet { range, .. }
            | Self::ForbiddenRange { range, .. }
            | Self::OutsideVnet { range, .. }
            | Self::SubnetTooSmall { range, .. } => range.field(),
            Self::RangesOverlap { second, .. } => second.0.field(),
            Self::VnetTooLarge { .. } => Field::Vnet,
            Self::ServiceCidrTooLarge { .. } => Field::ServiceCidr,
            Self::DnsIpOutsideServiceCidr { .. } | Self::DnsIpReserved { .. } => {
                Field::DnsServiceIp
            }
            Self::NodeCountOutOfRange { .. } => Field::NodeCount,
            Self::MaxPodsOutOfRange { .. } | Self::TooFewPodsInPool { .. } => Field::MaxPods,
            Self::MaxSurgeTooLarge { .. } => Field::MaxSurge,
            Self::TooManyPods { .. } | Self::TooManyDeployments { .. } => {
                Field::Deployment(String::new())
            }
            Self::TooManyServices { .. } => Field::Service(String::new()),
            Self::InvalidName { field, .. } | Self::DuplicateName { field, .. } => field.clone(),
            Self::DeploymentPortZero { deployment, .. }
            | Self::HostPortWithoutContainerPort { deployment } => {
                Field::Deployment(deployment.clone())
            }
            Self::InvalidPortName { field, .. } => field.clone(),
            Self::PortZero { service, .. }
            | Self::NodePortOutOfRange { service, .. }
            | Self::NodePortOnClusterIp { service }
            | Self::NodePortTaken { service, .. }
            | Self::UnknownSubnet { service, .. } => Field::Service(service.clone()),
        }
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::HostBitsSet { range, given } => write!(
                f,
                "{given} is not a network address: for {range}, did you mean {}?",
                given.trunc()
            ),
            Self::ForbiddenRange { range, given, forbidden } => write!(
                f,
                "{range} {given} overlaps {forbidden}, a range AKS does not allow \
                 (169.254.0.0/16, 172.30.0.0/16, 172.31.0.0/16 and 192.0.2.0/24 are reserved)."
            ),
            Self::RangesOverlap { first, second } => write!(
                f,
                "{} {} overlaps {} {}: every range must be separate, or traffic goes to the wrong place.",
                second.0, second.1, first.0, first.1
            ),
            Self::OutsideVnet { range, given, vnet } => {
                write!(f, "{range} {given} is not inside the VNet {vnet}.")
            }
            Self::SubnetTooSmall { range, given } => write!(
                f,
                "{range} {given} is smaller than /{SMALLEST_SUBNET_PREFIX}, the smallest subnet Azure allows."
            ),
            Self::VnetTooLarge { given } => write!(
                f,
                "The VNet {given} is larger than /{VNET_SHORTEST_PREFIX}, the largest Azure allows."
            ),
            Self::ServiceCidrTooLarge { given } => write!(
                f,
                "The service CIDR {given} is too large: AKS needs it smaller than /{SERVICE_CIDR_LONGEST_FORBIDDEN_PREFIX}."
            ),
            Self::DnsIpOutsideServiceCidr { dns, service_cidr } => write!(
                f,
                "The DNS service IP {dns} must be inside the service CIDR {service_cidr}."
            ),
            Self::DnsIpReserved { dns, service_cidr, why } => write!(
                f,
                "The DNS service IP {dns} cannot be used: it is {why} of the service CIDR {service_cidr}. \
                 AKS suggests the .10 address."
            ),
            Self::NodeCountOutOfRange { given } => write!(
                f,
                "A node pool has {} to {} nodes; {given} is outside that.",
                NODE_COUNT_RANGE.start(),
                NODE_COUNT_RANGE.end()
            ),
            Self::MaxPodsOutOfRange { given } => write!(
                f,
                "Max pods per node must be between {} and {}; {given} is outside that.",
                MAX_PODS_RANGE.start(),
                MAX_PODS_RANGE.end()
            ),
            Self::TooFewPodsInPool { max_pods, nodes } => write!(
                f,
                "{nodes} node(s) × {max_pods} max pods = {} pods: AKS needs room for at least \
                 {MIN_PODS_PER_POOL} pods per node pool. Add nodes or raise max pods.",
                u64::from(*nodes) * u64::from(*max_pods)
            ),
            Self::MaxSurgeTooLarge { given } => write!(
                f,
                "Max surge {given} is more nodes than a pool can have ({}).",
                NODE_COUNT_RANGE.end()
            ),
            Self::TooManyPods { total } => write!(
                f,
                "{total} replicas in all: the lab simulates up to {MAX_TOTAL_PODS} pods."
            ),
            Self::TooManyDeployments { count } => write!(
                f,
                "{count} deployments: the lab draws up to {MAX_DEPLOYMENTS}."
            ),
            Self::TooManyServices { count } => {
                write!(f, "{count} Services: the lab draws up to {MAX_SERVICES}.")
            }
            Self::InvalidName { name, .. } => write!(
                f,
                "\"{name}\" is not a valid name: use 1 to {MAX_NAME_LENGTH} lower-case letters, \
                 digits and '-', starting with a letter and not ending with '-'."
            ),
            Self::DuplicateName { name, .. } => write!(f, "The name \"{name}\" is used twice."),
            Self::PortZero { service, which } => {
                write!(f, "Service \"{service}\": {which} must be between 1 and 65535.")
            }
            Self::DeploymentPortZero { deployment, which } => write!(
                f,
                "Deployment \"{deployment}\": its {which} must be between 1 and 65535."
            ),
            Self::InvalidPortName { given, .. } => write!(
                f,
                "\"{given}\" is not a valid port name: 1 to {MAX_PORT_NAME_LENGTH} lower-case letters, digits and '-', \
                 with at least one letter, not starting or ending with '-' (an IANA service name)."
            ),
            Self::HostPortWithoutContainerPort { deployment } => write!(
                f,
                "Deployment \"{deployment}\": a hostPort maps to a declared container port: set containerPort too."
            ),
            Self::NodePortOutOfRange { service, given } => write!(
                f,
                "Service \"{service}\": nodePort {given} is outside the NodePort range {}–{}.",
                NODE_PORT_RANGE.start(),
                NODE_PORT_RANGE.end()
            ),
            Self::NodePortOnClusterIp { service } => write!(
                f,
                "Service \"{service}\": a nodePort needs type NodePort or LoadBalancer, not ClusterIP."
            ),
            Self::NodePortTaken { service, port, other } => write!(
                f,
                "Service \"{service}\": nodePort {port} is already used by Service \"{other}\"."
            ),
            Self::UnknownSubnet { service, subnet } => write!(
                f,
                "Service \"{service}\": there is no subnet \"{subnet}\" in the VNet for its internal load balancer."
            ),
        }
    }
}

/// Checks everything about `spec` that would make AKS or Kubernetes reject it
/// outright. Returns every problem, not only the first.
pub fn validate(spec: &ClusterSpec) -> Result<(), Vec<InputError>> {
    let mut errors = Vec::new();
    check_counts(spec, &mut errors);
    check_ranges(spec, &mut errors);
    check_dns_ip(spec, &mut errors);
    check_names(spec, &mut errors);
    check_services(spec, &mut errors);
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

fn check_counts(spec: &ClusterSpec, errors: &mut Vec<InputError>) {
    if !NODE_COUNT_RANGE.contains(&spec.node_count) {
        errors.push(InputError::NodeCountOutOfRange {
            given: spec.node_count,
        });
    }
    if !MAX_PODS_RANGE.contains(&spec.max_pods) {
        errors.push(InputError::MaxPodsOutOfRange {
            given: spec.max_pods,
        });
    } else if NODE_COUNT_RANGE.contains(&spec.node_count)
        && u64::from(spec.node_count) * u64::from(spec.max_pods) < MIN_PODS_PER_POOL
    {
        errors.push(InputError::TooFewPodsInPool {
            max_pods: spec.max_pods,
            nodes: spec.node_count,
        });
    }
    if spec.max_surge > *NODE_COUNT_RANGE.end() {
        errors.push(InputError::MaxSurgeTooLarge {
            given: spec.max_surge,
        });
    }
    let total = spec.total_replicas();
    if total > MAX_TOTAL_PODS {
        errors.push(InputError::TooManyPods { total });
    }
    if spec.deployments.len() > MAX_DEPLOYMENTS {
        errors.push(InputError::TooManyDeployments {
            count: spec.deployments.len(),
        });
    }
    for deployment in &spec.deployments {
        check_deployment_ports(deployment, errors);
    }
    if spec.services.len() > MAX_SERVICES {
        errors.push(InputError::TooManyServices {
            count: spec.services.len(),
        });
    }
}

/// The ranges this spec's model actually uses, VNet first.
pub fn ranges_in_use(spec: &ClusterSpec) -> Vec<(RangeName, Ipv4Net)> {
    let mut ranges = vec![
        (RangeName::Vnet, spec.vnet),
        (RangeName::NodeSubnet, spec.node_subnet),
    ];
    if spec.plugin.uses_pod_subnet() {
        ranges.push((RangeName::PodSubnet, spec.pod_subnet));
    }
    ranges.extend(
        spec.extra_subnets
            .iter()
            .map(|subnet| (RangeName::Subnet(subnet.name.clone()), subnet.cidr)),
    );
    if spec.plugin.uses_pod_cidr() {
        ranges.push((RangeName::PodCidr, spec.pod_cidr));
    }
    ranges.push((RangeName::ServiceCidr, spec.service_cidr));
    ranges
}

fn is_vnet_subnet(name: &RangeName) -> bool {
    matches!(
        name,
        RangeName::NodeSubnet | RangeName::PodSubnet | RangeName::Subnet(_)
    )
}

fn check_ranges(spec: &ClusterSpec, errors: &mut Vec<InputError>) {
    let ranges = ranges_in_use(spec);
    for (name, given) in &ranges {
        if given.trunc() != *given {
            errors.push(InputError::HostBitsSet {
                range: name.clone(),
                given: *given,
            });
        }
        if let Some(forbidden) = FORBIDDEN_RANGES
            .iter()
            .find(|forbidden| overlaps(forbidden, given))
        {
            errors.push(InputError::ForbiddenRange {
                range: name.clone(),
                given: *given,
                forbidden: *forbidden,
            });
        }
        if is_vnet_subnet(name) {
            if given.prefix_len() > SMALLEST_SUBNET_PREFIX {
                errors.push(InputError::SubnetTooSmall {
                    range: name.clone(),
                    given: *given,
                });
            }
            if !spec.vnet.contains(given) {
                errors.push(InputError::OutsideVnet {
                    range: name.clone(),
                    given: *given,
                    vnet: spec.vnet,
                });
            }
        }
    }
    if spec.vnet.prefix_len() < VNET_SHORTEST_PREFIX {
        errors.push(InputError::VnetTooLarge { given: spec.vnet });
    }
    if spec.service_cidr.prefix_len() <= SERVICE_CIDR_LONGEST_FORBIDDEN_PREFIX {
        errors.push(InputError::ServiceCidrTooLarge {
            given: spec.service_cidr,
        });
    }
    // Subnets must be disjoint from each other; the pod CIDR and the service
    // CIDR must be disjoint from the VNet and from each other. (A subnet is
    // inside the VNet by design, so that pair is not an overlap.)
    for (index, (first_name, first)) in ranges.iter().enumerate() {
        for (second_name, second) in &ranges[index + 1..] {
            let nested_by_design = *first_name == RangeName::Vnet && is_vnet_subnet(second_name);
            if !nested_by_design && overlaps(first, second) {
                errors.push(InputError::RangesOverlap {
                    first: (first_name.clone(), *first),
                    second: (second_name.clone(), *second),
                });
            }
        }
    }
}

fn check_dns_ip(spec: &ClusterSpec, errors: &mut Vec<InputError>) {
    let cidr = spec.service_cidr;
    let dns = spec.dns_service_ip;
    if !cidr.contains(&dns) {
        errors.push(InputError::DnsIpOutsideServiceCidr {
            dns,
            service_cidr: cidr,
        });
        return;
    }
    // Kubernetes never hands out the network and broadcast addresses of the
    // service range, and the first address belongs to the `kubernetes`
    // Service. Source: aks-facts §2 (learn: aks/configure-kubenet).
    let why = if dns == cidr.network() {
        Some("the network address")
    } else if dns == cidr.broadcast() {
        Some("the broadcast address")
    } else if u32::from(dns) == u32::from(cidr.network()).wrapping_add(1) {
        Some("the first address, taken by the kubernetes Service,")
    } else {
        None
    };
    if let Some(why) = why {
        errors.push(InputError::DnsIpReserved {
            dns,
            service_cidr: cidr,
            why,
        });
    }
}

/// A DNS-1035 label, the rule Kubernetes applies to Service names.
pub fn is_valid_name(name: &str) -> bool {
    let bytes = name.as_bytes();
    !bytes.is_empty()
        && bytes.len() <= MAX_NAME_LENGTH
        && bytes[0].is_ascii_lowercase()
        && bytes[bytes.len() - 1] != b'-'
        && bytes
            .iter()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-')
}

/// The names of one kind of object, and the field an error about one goes to.
type NamedGroup<'a> = (Vec<&'a str>, fn(String) -> Field);

fn check_names(spec: &ClusterSpec, errors: &mut Vec<InputError>) {
    let groups: [NamedGroup; 3] = [
        (
            spec.deployments.iter().map(|d| d.name.as_str()).collect(),
            Field::Deployment,
        ),
        (
            spec.services.iter().map(|s| s.name.as_str()).collect(),
            Field::Service,
        ),
        (
            spec.extra_subnets.iter().map(|s| s.name.as_str()).collect(),
            Field::Subnet,
        ),
    ];
    for (names, field) in groups {
        for (index, name) in names.iter().enumerate() {
            if !is_valid_name(name) {
                errors.push(InputError::InvalidName {
                    field: field(name.to_string()),
                    name: name.to_string(),
                });
            } else if names[..index].contains(name) {
                errors.push(InputError::DuplicateName {
                    field: field(name.to_string()),
                    name: name.to_string(),
                });
            }
        }
    }
}

/// A container's ports: each between 1 and 65535, a name an IANA service
/// name, and a hostPort only on a declared container port.
fn check_deployment_ports(deployment: &Deployment, errors: &mut Vec<InputError>) {
    let zero = |which| InputError::DeploymentPortZero {
        deployment: deployment.name.clone(),
        which,
    };
    if deployment.listen_port == 0 {
        errors.push(zero("listen port"));
    }
    if let Some(port) = &deployment.container_port {
        if port.number == 0 {
            errors.push(zero("containerPort"));
        }
        if let Some(name) = port.name.as_ref().filter(|name| !is_port_name(name)) {
            errors.push(InputError::InvalidPortName {
                field: Field::Deployment(deployment.name.clone()),
                given: name.clone(),
            });
        }
    }
    match (deployment.host_port, &deployment.container_port) {
        (Some(0), _) => errors.push(zero("hostPort")),
        (Some(_), None) => errors.push(InputError::HostPortWithoutContainerPort {
            deployment: deployment.name.clone(),
        }),
        _ => {}
    }
}

/// A port name Kubernetes accepts: an IANA service name (RFC 6335 §5.1), as
/// the Pod API requires of `ports[].name` and a named `targetPort`.
pub fn is_port_name(name: &str) -> bool {
    (1..=MAX_PORT_NAME_LENGTH).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && name.bytes().any(|b| b.is_ascii_lowercase())
        && !name.starts_with('-')
        && !name.ends_with('-')
        && !name.contains("--")
}

fn check_services(spec: &ClusterSpec, errors: &mut Vec<InputError>) {
    for (index, service) in spec.services.iter().enumerate() {
        let name = &service.name;
        let target_zero = service.target_port == TargetPort::Number(0);
        for (which, zero) in [("port", service.port == 0), ("targetPort", target_zero)] {
            if zero {
                errors.push(InputError::PortZero {
                    service: name.clone(),
                    which,
                });
            }
        }
        if let TargetPort::Name(port_name) = &service.target_port {
            if !is_port_name(port_name) {
                errors.push(InputError::InvalidPortName {
                    field: Field::Service(name.clone()),
                    given: port_name.clone(),
                });
            }
        }
        if let Some(node_port) = service.node_port {
            if !service.kind.has_node_port() {
                errors.push(InputError::NodePortOnClusterIp {
                    service: name.clone(),
                });
            } else if !NODE_PORT_RANGE.contains(&node_port) {
                errors.push(InputError::NodePortOutOfRange {
                    service: name.clone(),
                    given: node_port,
                });
            } else if let Some(other) = spec.services[..index]
                .iter()
                .find(|other| other.kind.has_node_port() && other.node_port == Some(node_port))
            {
                errors.push(InputError::NodePortTaken {
                    service: name.clone(),
                    port: node_port,
                    other: other.name.clone(),
                });
            }
        }
        if let ServiceKind::LoadBalancer(LoadBalancerScope::Internal {
            subnet: Some(subnet),
        }) = &service.kind
        {
            if !spec.extra_subnets.iter().any(|s| &s.name == subnet) {
                errors.push(InputError::UnknownSubnet {
                    service: name.clone(),
                    subnet: subnet.clone(),
                });
            }
        }
    }
}

fn overlaps(a: &Ipv4Net, b: &Ipv4Net) -> bool {
    a.contains(&b.network()) || b.contains(&a.network())
}
