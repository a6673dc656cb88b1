//! Input validation: every way a cluster description can be impossible, with
//! the message the widget shows next to the field. A spec that passes is safe
//! to plan: planning never panics, and these checks keep its sizes bounded.

use std::fmt;
use std::net::Ipv4Addr;
use std::ops::RangeInclusive;

use ipnet::Ipv4Net;

use crate::input::ParseError;
use crate::limits::{
    Grouped, CLUSTER_NODE_LIMIT, FORBIDDEN_RANGES, MAX_DEPLOYMENTS, MAX_NAME_LENGTH,
    MAX_PODS_RANGE, MAX_PORT_NAME_LENGTH, MAX_SERVICES, MAX_TOTAL_PODS, MAX_USER_POOLS,
    MIN_PODS_PER_POOL, NODE_COUNT_RANGE, NODE_PORT_RANGE, POOL_NAME_MAX_LENGTH,
    SERVICE_CIDR_LONGEST_FORBIDDEN_PREFIX, SMALLEST_SUBNET_PREFIX, USER_POOL_NODE_COUNT_RANGE,
    VNET_SHORTEST_PREFIX,
};
use crate::names::{Field, PoolSetting, Port, RangeName};
use crate::plugin::NetworkPlugin;
use crate::spec::{
    ClusterSpec, Dataplane, Deployment, LoadBalancerScope, MaxSurge, PolicyEngine, PoolSettings,
    RequiredNsgRule, ServiceKind, TargetPort, SYSTEM_POOL_NAME,
};
use crate::subnet::offset_of;

/// Why a cluster description cannot be planned. `Display` is the message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InputError {
    /// What was typed for `field` does not read as a value at all.
    Unreadable {
        field: Field,
        error: ParseError,
    },
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
    /// A pool's node count (its min count with the autoscaler) is outside
    /// `min` to 1,000: 1 for the system pool, 0 for a user pool.
    NodeCountOutOfRange {
        given: u32,
        min: u32,
    },
    /// The cluster autoscaler's max count is outside a pool's node range.
    MaxCountOutOfRange {
        given: u32,
    },
    /// The pools together plan more nodes than a cluster may have.
    TooManyNodes {
        planned: u64,
    },
    TooManyPools {
        count: usize,
    },
    /// A user pool's name breaks AKS's rule for Linux pools.
    InvalidPoolName {
        pool: String,
    },
    /// A user pool's setting is wrong: the error as it would be for the
    /// system pool, said of this pool.
    InPool {
        pool: String,
        error: Box<InputError>,
    },
    /// The cluster autoscaler's max count is below its min count.
    MaxCountBelowMin {
        min: u32,
        max: u32,
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
    MaxSurgePercentTooLarge {
        given: u32,
    },
    /// AKS requires a surge when maxUnavailable is 0, its default.
    MaxSurgeZero,
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
    /// A port of a deployment or a Service is 0.
    PortZero {
        owner: String,
        port: Port,
    },
    /// A port name (a container port's, or a named targetPort) that is not
    /// an IANA service name.
    InvalidPortName {
        owner: String,
        port: Port,
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
    /// A pod subnet given for a model that has none.
    PodSubnetUnused {
        plugin: NetworkPlugin,
    },
    /// Cilium's dataplane with kubenet, which it does not run on.
    CiliumWithKubenet,
    /// An NSG rule's priority outside Azure's 100–4096, or taken.
    NsgPriority {
        priority: u16,
    },
    /// A policy engine the model and dataplane do not run.
    PolicyEngineUnsupported {
        engine: PolicyEngine,
        plugin: NetworkPlugin,
        dataplane: Dataplane,
    },
}

impl InputError {
    /// The control the learner has to change.
    pub fn field(&self) -> Field {
        match self {
            Self::Unreadable { field, .. } => field.clone(),
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
            Self::TooManyNodes { .. } => Field::NodeCount,
            Self::TooManyPools { .. } => Field::pool("", PoolSetting::Name),
            Self::InvalidPoolName { pool } => Field::pool(pool, PoolSetting::Name),
            Self::InPool { pool, error } => match error.field() {
                Field::Pool { pool, setting } => Field::Pool { pool, setting },
                field => Field::pool(
                    pool,
                    PoolSetting::standing_for(&field).unwrap_or(PoolSetting::Name),
                ),
            },
            Self::MaxCountOutOfRange { .. } | Self::MaxCountBelowMin { .. } => Field::MaxCount,
            Self::MaxPodsOutOfRange { .. } | Self::TooFewPodsInPool { .. } => Field::MaxPods,
            Self::MaxSurgeTooLarge { .. }
            | Self::MaxSurgePercentTooLarge { .. }
            | Self::MaxSurgeZero => Field::MaxSurge,
            Self::TooManyPods { .. } => Field::Replicas,
            Self::TooManyDeployments { .. } => Field::Deployment(String::new()),
            Self::TooManyServices { .. } => Field::Service(String::new()),
            Self::InvalidName { field, .. } | Self::DuplicateName { field, .. } => field.clone(),
            Self::PortZero { owner, port } | Self::InvalidPortName { owner, port, .. } => {
                Field::Port {
                    owner: owner.clone(),
                    port: *port,
                }
            }
            Self::HostPortWithoutContainerPort { deployment } => Field::Port {
                owner: deployment.clone(),
                port: Port::Host,
            },
            Self::NodePortOutOfRange { service, .. }
            | Self::NodePortOnClusterIp { service }
            | Self::NodePortTaken { service, .. } => Field::Port {
                owner: service.clone(),
                port: Port::Node,
            },
            Self::UnknownSubnet { service, .. } => Field::Service(service.clone()),
            Self::PodSubnetUnused { .. } => Field::PodSubnet,
            Self::CiliumWithKubenet => Field::Dataplane,
            Self::PolicyEngineUnsupported { .. } => Field::PolicyEngine,
            Self::NsgPriority { .. } => Field::Nsg,
        }
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Unreadable { error, .. } => error.fmt(f),
            Self::HostBitsSet { range, given } => write!(
                f,
                "{given} is not a network address: for {range}, did you mean {}?",
                given.trunc()
            ),
            Self::ForbiddenRange { range, given, forbidden } => {
                let [a, b, c, d] = FORBIDDEN_RANGES;
                write!(
                    f,
                    "{range} {given} overlaps {forbidden}, a range AKS does not allow \
                     ({a}, {b}, {c} and {d} are reserved)."
                )
            }
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
            Self::NodeCountOutOfRange { given, min } => write!(
                f,
                "A node pool has {min} to {} nodes; {given} is outside that.",
                Grouped(u64::from(*NODE_COUNT_RANGE.end()))
            ),
            Self::TooManyNodes { planned } => write!(
                f,
                "The pools plan {} nodes together (max counts counted): an AKS cluster has at most {}.",
                Grouped(*planned),
                Grouped(CLUSTER_NODE_LIMIT)
            ),
            Self::TooManyPools { count } => write!(
                f,
                "{count} user pools: the lab draws up to {MAX_USER_POOLS} (AKS allows 100 pools)."
            ),
            Self::InvalidPoolName { pool } => write!(
                f,
                "\"{pool}\" is not a valid node pool name: 1 to {POOL_NAME_MAX_LENGTH} lowercase letters and digits, \
                 starting with a letter."
            ),
            Self::InPool { pool, error } => write!(f, "Node pool {pool}: {error}"),
            Self::MaxCountOutOfRange { given } => write!(
                f,
                "The cluster autoscaler's max count is {} to {} nodes, as a pool's node count; {given} is outside that.",
                NODE_COUNT_RANGE.start(),
                Grouped(u64::from(*NODE_COUNT_RANGE.end()))
            ),
            Self::MaxCountBelowMin { min, max } => write!(
                f,
                "The cluster autoscaler's max count ({max}) must be at least its min count ({min}), the node count."
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
                Grouped(u64::from(*NODE_COUNT_RANGE.end()))
            ),
            Self::MaxSurgeZero => f.write_str(
                "Max surge must be at least 1 node or 1%: AKS requires a surge when maxUnavailable is 0, its default.",
            ),
            Self::MaxSurgePercentTooLarge { given } => write!(
                f,
                "Max surge {given}% is more than the whole pool: a percentage goes up to 100%."
            ),
            Self::TooManyPods { total } => write!(
                f,
                "{total} replicas in all: the lab simulates up to {} pods.",
                Grouped(MAX_TOTAL_PODS)
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
            Self::PortZero { owner, port } if port.of_deployment() => write!(
                f,
                "Deployment \"{owner}\": its {port} must be between 1 and {}.",
                u16::MAX
            ),
            Self::PortZero { owner, port } => write!(
                f,
                "Service \"{owner}\": {port} must be between 1 and {}.",
                u16::MAX
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
            Self::NsgPriority { priority } => write!(
                f,
                "NSG rule priority {priority}: Azure takes 100 to 4096, each once; the lab's required rules hold 100, 101, 102 and 500."
            ),
            Self::PolicyEngineUnsupported { engine, plugin, dataplane } => match (engine, dataplane) {
                (PolicyEngine::Cilium, _) => write!(
                    f,
                    "Cilium enforces NetworkPolicy with the Cilium dataplane only, not with {dataplane} (learn: aks/use-network-policies)."
                ),
                (_, Dataplane::Cilium) => write!(
                    f,
                    "With the Cilium dataplane, Cilium enforces NetworkPolicy: enabling it replaces {engine} (learn: aks/update-azure-cni)."
                ),
                _ => write!(
                    f,
                    "{engine} runs with Azure CNI, not {plugin}: kubenet supports Calico only (learn: aks/use-network-policies)."
                ),
            },
            Self::CiliumWithKubenet => f.write_str(
                "Azure CNI powered by Cilium runs with Azure CNI addressing (Overlay, Pod Subnet, or Node Subnet), not kubenet: \
                 a kubenet cluster migrates to Overlay first, then to Cilium (learn: aks/update-azure-cni).",
            ),
            Self::PodSubnetUnused { plugin } => write!(
                f,
                "{plugin} has no pod subnet: only Azure CNI Pod Subnet gives pods addresses from a subnet of their own."
            ),
        }
    }
}

/// Checks everything about `spec` that would make AKS or Kubernetes reject it
/// outright. Returns every problem, not only the first.
pub fn validate(spec: &ClusterSpec) -> Result<(), Vec<InputError>> {
    let mut errors = Vec::new();
    check_counts(spec, &mut errors);
    check_pools(spec, &mut errors);
    if spec.dataplane == Dataplane::Cilium && spec.plugin == NetworkPlugin::Kubenet {
        errors.push(InputError::CiliumWithKubenet);
    }
    // NSG rule priorities: 100 to 4096 (learn:
    // virtual-network/network-security-groups-overview), each once.
    for (index, rule) in spec.nsg_rules.iter().enumerate() {
        let taken = RequiredNsgRule::ALL
            .iter()
            .any(|required| required.priority() == rule.priority)
            || spec
                .nsg_rules
                .iter()
                .take(index)
                .any(|earlier| earlier.priority == rule.priority);
        if !(100..=4096).contains(&rule.priority) || taken {
            errors.push(InputError::NsgPriority {
                priority: rule.priority,
            });
        }
    }
    // Which engine runs where (learn: aks/use-network-policies): Cilium with
    // its dataplane only; Azure NPM with Azure CNI; Calico everywhere but
    // with the Cilium dataplane, which replaces it.
    let engine = spec.policy_engine();
    let supported = match engine {
        PolicyEngine::None => true,
        PolicyEngine::Cilium => spec.dataplane == Dataplane::Cilium,
        PolicyEngine::AzureNpm => {
            spec.dataplane == Dataplane::KubeProxy && spec.plugin != NetworkPlugin::Kubenet
        }
        PolicyEngine::Calico => spec.dataplane == Dataplane::KubeProxy,
    };
    // Cilium with kubenet is said once, above.
    let cilium_on_kubenet =
        spec.dataplane == Dataplane::Cilium && spec.plugin == NetworkPlugin::Kubenet;
    if !supported && !cilium_on_kubenet {
        errors.push(InputError::PolicyEngineUnsupported {
            engine,
            plugin: spec.plugin,
            dataplane: spec.dataplane,
        });
    }
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
    for pool in spec.pools() {
        if pool.is_system() {
            check_pool_counts(&pool, &NODE_COUNT_RANGE, errors);
            continue;
        }
        let mut pool_errors = Vec::new();
        check_pool_counts(&pool, &USER_POOL_NODE_COUNT_RANGE, &mut pool_errors);
        errors.extend(pool_errors.into_iter().map(|error| InputError::InPool {
            pool: pool.name.to_string(),
            error: Box::new(error),
        }));
    }
    let planned: u64 = spec
        .pools()
        .iter()
        .map(|pool| u64::from(pool.planned_node_count()))
        .sum();
    if planned > CLUSTER_NODE_LIMIT {
        errors.push(InputError::TooManyNodes { planned });
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

/// One pool's counts: its node count within `node_range`, its autoscaler's
/// range, its max pods (with room for 30 pods, AKS's rule for every pool)
/// and its max surge.
fn check_pool_counts(
    pool: &PoolSettings,
    node_range: &RangeInclusive<u32>,
    errors: &mut Vec<InputError>,
) {
    if !node_range.contains(&pool.node_count) {
        errors.push(InputError::NodeCountOutOfRange {
            given: pool.node_count,
            min: *node_range.start(),
        });
    }
    match pool.max_count {
        Some(max) if !NODE_COUNT_RANGE.contains(&max) => {
            errors.push(InputError::MaxCountOutOfRange { given: max });
        }
        Some(max) if max < pool.node_count => errors.push(InputError::MaxCountBelowMin {
            min: pool.node_count,
            max,
        }),
        _ => {}
    }
    // A pool that can scale to 0 has room for no pods at its min count: the
    // rule is read at the count AKS plans for.
    let nodes = pool.planned_node_count();
    if !MAX_PODS_RANGE.contains(&pool.max_pods) {
        errors.push(InputError::MaxPodsOutOfRange {
            given: pool.max_pods,
        });
    } else if node_range.contains(&pool.node_count)
        && nodes > 0
        && u64::from(nodes) * u64::from(pool.max_pods) < MIN_PODS_PER_POOL
    {
        errors.push(InputError::TooFewPodsInPool {
            max_pods: pool.max_pods,
            nodes,
        });
    }
    match pool.max_surge {
        MaxSurge::Nodes(given) if given > *NODE_COUNT_RANGE.end() => {
            errors.push(InputError::MaxSurgeTooLarge { given });
        }
        MaxSurge::Percent(given) if given > 100 => {
            errors.push(InputError::MaxSurgePercentTooLarge { given });
        }
        MaxSurge::Nodes(0) | MaxSurge::Percent(0) => errors.push(InputError::MaxSurgeZero),
        _ => {}
    }
}

/// A Linux pool's name: lowercase letters and digits, starting with a
/// letter, 1 to 12 characters (learn: aks/create-node-pools).
pub fn is_valid_pool_name(name: &str) -> bool {
    name.len() <= POOL_NAME_MAX_LENGTH
        && name.bytes().next().is_some_and(|b| b.is_ascii_lowercase())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
}

/// The user pools' names (unique, and not the system pool's) and count.
fn check_pools(spec: &ClusterSpec, errors: &mut Vec<InputError>) {
    if spec.user_pools.len() > MAX_USER_POOLS {
        errors.push(InputError::TooManyPools {
            count: spec.user_pools.len(),
        });
    }
    for (index, pool) in spec.user_pools.iter().enumerate() {
        let name = &pool.name;
        if !is_valid_pool_name(name) {
            errors.push(InputError::InvalidPoolName { pool: name.clone() });
        } else if name == SYSTEM_POOL_NAME
            || spec
                .user_pools
                .iter()
                .take(index)
                .any(|earlier| &earlier.name == name)
        {
            errors.push(InputError::DuplicateName {
                field: Field::pool(name, PoolSetting::Name),
                name: name.clone(),
            });
        }
        if pool.pod_subnet.is_some() && !spec.plugin.uses_pod_subnet() {
            errors.push(InputError::InPool {
                pool: name.clone(),
                error: Box::new(InputError::PodSubnetUnused {
                    plugin: spec.plugin,
                }),
            });
        }
    }
}

fn check_ranges(spec: &ClusterSpec, errors: &mut Vec<InputError>) {
    let ranges = spec.ranges_in_use();
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
        if name.is_vnet_subnet() {
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
        for (second_name, second) in ranges.iter().skip(index + 1) {
            let nested_by_design = *first_name == RangeName::Vnet && second_name.is_vnet_subnet();
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
    } else if offset_of(cidr, dns) == Some(1) {
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
    name.len() <= MAX_NAME_LENGTH
        && name.bytes().next().is_some_and(|b| b.is_ascii_lowercase())
        && !name.ends_with('-')
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
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
            } else if names.iter().take(index).any(|earlier| earlier == name) {
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
    let zero = |port| InputError::PortZero {
        owner: deployment.name.clone(),
        port,
    };
    if deployment.listen_port == 0 {
        errors.push(zero(Port::Listen));
    }
    if let Some(container) = &deployment.container_port {
        if container.number == 0 {
            errors.push(zero(Port::Container));
        }
        if let Some(name) = container.name.as_ref().filter(|name| !is_port_name(name)) {
            errors.push(InputError::InvalidPortName {
                owner: deployment.name.clone(),
                port: Port::ContainerName,
                given: name.clone(),
            });
        }
    }
    match (deployment.host_port, &deployment.container_port) {
        (Some(0), _) => errors.push(zero(Port::Host)),
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
        for (port, zero) in [
            (Port::Service, service.port == 0),
            (Port::Target, target_zero),
        ] {
            if zero {
                errors.push(InputError::PortZero {
                    owner: name.clone(),
                    port,
                });
            }
        }
        if let TargetPort::Name(port_name) = &service.target_port {
            if !is_port_name(port_name) {
                errors.push(InputError::InvalidPortName {
                    owner: name.clone(),
                    port: Port::Target,
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
            } else if let Some(other) = spec
                .services
                .iter()
                .take(index)
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
