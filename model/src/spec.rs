//! The cluster a learner describes: the inputs of a plan.

use std::borrow::Cow;
use std::net::Ipv4Addr;

use ipnet::Ipv4Net;

use crate::names::RangeName;
use crate::plugin::{NetworkPlugin, PodIpAllocation};

/// AKS's default pod CIDR for kubenet and Overlay.
/// Source: aks-facts §0 and §2 (learn: aks/configure-kubenet; aks/azure-cni-overlay).
pub const DEFAULT_POD_CIDR: Ipv4Net = Ipv4Net::new_assert(Ipv4Addr::new(10, 244, 0, 0), 16);
/// AKS's default service CIDR. Source: aks-facts §0 and §2 (learn: aks/configure-kubenet).
pub const DEFAULT_SERVICE_CIDR: Ipv4Net = Ipv4Net::new_assert(Ipv4Addr::new(10, 0, 0, 0), 16);
/// AKS's default DNS service IP. Source: aks-facts §0 and §2 (learn: aks/configure-kubenet).
pub const DEFAULT_DNS_SERVICE_IP: Ipv4Addr = Ipv4Addr::new(10, 0, 0, 10);
/// The address space of the VNet AKS creates when you bring none, since
/// 2022-02-24. Source: aks-facts §1.7 [obs].
pub const DEFAULT_VNET: Ipv4Net = Ipv4Net::new_assert(Ipv4Addr::new(10, 224, 0, 0), 12);
/// The `aks-subnet` of that VNet. Source: aks-facts §1.7 [obs].
pub const DEFAULT_NODE_SUBNET: Ipv4Net = Ipv4Net::new_assert(Ipv4Addr::new(10, 224, 0, 0), 16);
/// The lab's pod subnet for Azure CNI Pod Subnet. AKS has no default: that
/// model needs your own VNet, so the lab takes the /16 after the node subnet.
pub const DEFAULT_POD_SUBNET: Ipv4Net = Ipv4Net::new_assert(Ipv4Addr::new(10, 225, 0, 0), 16);
/// `az aks create --node-count` defaults to 3.
pub const DEFAULT_NODE_COUNT: u32 = 3;
/// The port the lab's example app listens on, as in aks-facts §5.0.
pub const DEFAULT_LISTEN_PORT: u16 = 8080;
/// When max surge is not set, AKS surges 10 % of the pool, fractional nodes
/// rounded up. Source: aks-facts §10 (the Az.Aks `MaxSurge` reference; the
/// support article corrected in 2026), which settles §9's [CONFLICT]: the
/// rolling-upgrade page still says 1 node.
pub const DEFAULT_MAX_SURGE: MaxSurge = MaxSurge::Percent(10);

/// Max surge as AKS takes it (`--max-surge 2` or `--max-surge 33%`): the
/// extra nodes an upgrade adds before it drains the first old one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MaxSurge {
    Nodes(u32),
    /// A percentage of the pool's node count, rounded up to whole nodes.
    Percent(u32),
}

impl MaxSurge {
    /// The surge nodes for a pool of `nodes`: never more than the nodes to
    /// upgrade ("the number of nodes to be upgraded is used", learn:
    /// aks/upgrade-aks-node-pools-rolling).
    ///
    /// ```
    /// # use aks_model::MaxSurge;
    /// assert_eq!(MaxSurge::Percent(10).nodes_for(3), 1); // 0.3 rounds up
    /// assert_eq!(MaxSurge::Percent(33).nodes_for(10), 4); // 3.3 rounds up
    /// assert_eq!(MaxSurge::Nodes(2).nodes_for(50), 2);
    /// assert_eq!(MaxSurge::Nodes(5).nodes_for(3), 3);
    /// ```
    pub fn nodes_for(self, nodes: u32) -> u32 {
        match self {
            Self::Nodes(count) => count.min(nodes),
            Self::Percent(percent) => {
                let surge = (u64::from(nodes) * u64::from(percent)).div_ceil(100);
                u32::try_from(surge).unwrap_or(u32::MAX)
            }
        }
    }
}

impl MaxSurge {
    /// How the surge of a pool of `nodes` comes about, in words.
    ///
    /// ```
    /// # use aks_model::MaxSurge;
    /// assert_eq!(MaxSurge::Percent(10).explained_for(232), "10% of 232, rounded up");
    /// assert_eq!(MaxSurge::Nodes(2).explained_for(50), "max surge 2");
    /// ```
    pub fn explained_for(self, nodes: u32) -> String {
        match self {
            Self::Nodes(count) => format!("max surge {count}"),
            Self::Percent(percent) => format!("{percent}% of {nodes}, rounded up"),
        }
    }

    /// The largest pool that still has room for its own surge when the
    /// ranges hold `room` nodes in all: n + surge(n) ≤ room.
    ///
    /// ```
    /// # use aks_model::MaxSurge;
    /// assert_eq!(MaxSurge::Nodes(1).largest_pool_within(8), 7);
    /// assert_eq!(MaxSurge::Nodes(20).largest_pool_within(8), 4); // 4 + 4
    /// assert_eq!(MaxSurge::Percent(10).largest_pool_within(8), 7); // 7 + 1
    /// assert_eq!(MaxSurge::Percent(10).largest_pool_within(256), 232); // 232 + 24
    /// ```
    pub fn largest_pool_within(self, room: u64) -> u64 {
        match self {
            // A pool of n surges min(count, n) nodes.
            Self::Nodes(count) if room >= 2 * u64::from(count) => room - u64::from(count),
            Self::Nodes(_) => room / 2,
            Self::Percent(percent) => {
                let percent = u64::from(percent);
                let fits = |nodes: u64| nodes + (nodes * percent).div_ceil(100) <= room;
                // The exact answer is within a node of room × 100 / (100 + percent).
                let estimate = room * 100 / (100 + percent);
                (estimate.saturating_sub(1)..=estimate + 1)
                    .rev()
                    .find(|&nodes| fits(nodes))
                    .unwrap_or(0)
            }
        }
    }
}

impl std::fmt::Display for MaxSurge {
    /// As `--max-surge` and the link write it: `2` or `33%`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Nodes(count) => write!(f, "{count}"),
            Self::Percent(percent) => write!(f, "{percent}%"),
        }
    }
}

/// The dataplane that translates Services and enforces policy
/// (`--network-dataplane`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Dataplane {
    /// kube-proxy's iptables rules, AKS's default.
    #[default]
    KubeProxy,
    /// Azure CNI powered by Cilium: eBPF, no kube-proxy (aks-facts §1.5).
    Cilium,
}

impl std::fmt::Display for Dataplane {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::KubeProxy => "kube-proxy (iptables)",
            Self::Cilium => "Cilium (eBPF)",
        })
    }
}

/// A NetworkPolicy the lab applies to the Deployment's namespace, by the
/// name a link gives it. Each selects every pod of the namespace.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NetworkPolicy {
    /// Default deny ingress: no rule, so nothing may come in.
    DenyIngress,
    /// Ingress only from pods with the same `app` label.
    SameApp,
    /// Ingress only from the VNet's range and the on-premises network (`ipBlock`).
    FromVnet,
    /// Default deny egress, DNS (port 53) allowed.
    DenyEgress,
}

impl NetworkPolicy {
    pub const ALL: [NetworkPolicy; 4] = [
        Self::DenyIngress,
        Self::SameApp,
        Self::FromVnet,
        Self::DenyEgress,
    ];

    /// The policy's `metadata.name`, and its name in a link.
    pub fn name(self) -> &'static str {
        match self {
            Self::DenyIngress => "deny-ingress",
            Self::SameApp => "same-app",
            Self::FromVnet => "from-vnet",
            Self::DenyEgress => "deny-egress",
        }
    }

    /// What it allows, in words.
    pub fn rule(self) -> &'static str {
        match self {
            Self::DenyIngress => "default deny ingress",
            Self::SameApp => "ingress only from pods of the same app",
            Self::FromVnet => "ingress only from the VNet and on-premises (ipBlock)",
            Self::DenyEgress => "default deny egress, DNS on port 53 allowed",
        }
    }

    /// Whether it isolates the pods it selects for ingress (else for egress).
    pub fn is_ingress(self) -> bool {
        self != Self::DenyEgress
    }
}

/// An inbound rule a learner adds to the NSG on the cluster's subnets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NsgRule {
    /// 100 to 4096: lower is evaluated first.
    pub priority: u16,
    pub allow: bool,
    /// The sources it matches.
    pub source: Ipv4Net,
    /// The destination port it matches; `None`: any.
    pub port: Option<u16>,
}

/// The inbound rules AKS's docs require on a subnet NSG that denies
/// traffic (learn: aks/concepts-network-azure-cni-overlay, "Network security
/// groups"), and the rule AKS manages for each load balancer's frontend.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RequiredNsgRule {
    /// Node CIDR → node CIDR, all ports: node-to-node communication.
    NodeToNode,
    /// Node CIDR → pod range, all ports: Service traffic routing.
    NodeToPods,
    /// Pod range → pod range, all ports: pod-to-pod and pod-to-Service traffic, DNS included.
    PodToPod,
    /// Any source → each load balancer frontend and port: the rule AKS adds
    /// as a Service is exposed (learn: aks/configure-kubenet).
    LoadBalancers,
}

impl RequiredNsgRule {
    pub const ALL: [RequiredNsgRule; 4] = [
        Self::NodeToNode,
        Self::NodeToPods,
        Self::PodToPod,
        Self::LoadBalancers,
    ];

    /// Its name in a link and in messages.
    pub fn name(self) -> &'static str {
        match self {
            Self::NodeToNode => "node-to-node",
            Self::NodeToPods => "node-to-pods",
            Self::PodToPod => "pod-to-pod",
            Self::LoadBalancers => "load-balancers",
        }
    }

    /// Its priority in the lab's NSG.
    pub fn priority(self) -> u16 {
        match self {
            Self::NodeToNode => 100,
            Self::NodeToPods => 101,
            Self::PodToPod => 102,
            Self::LoadBalancers => 500,
        }
    }
}

/// What enforces NetworkPolicy (`--network-policy`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PolicyEngine {
    /// No engine: a NetworkPolicy is accepted by the API server and has no effect.
    None,
    /// Azure Network Policy Manager (Azure CNI; Linux retirement 30 September 2028).
    AzureNpm,
    /// Calico (Azure CNI and kubenet).
    Calico,
    /// Cilium, with the Cilium dataplane.
    Cilium,
}

impl std::fmt::Display for PolicyEngine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::None => "no policy engine",
            Self::AzureNpm => "Azure Network Policy Manager",
            Self::Calico => "Calico",
            Self::Cilium => "Cilium",
        })
    }
}

/// The name `az aks create` gives the system pool (`--nodepool-name`'s default).
pub const SYSTEM_POOL_NAME: &str = "nodepool1";

/// A user node pool (`az aks nodepool add --mode User`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodePoolSpec {
    /// Lowercase letters and digits, starting with a letter, at most 12
    /// characters (Linux).
    pub name: String,
    /// Its node count; with the cluster autoscaler on, its min count. A user
    /// pool may have 0 nodes.
    pub node_count: u32,
    /// The cluster autoscaler's max count, if it is on for this pool.
    pub max_count: Option<u32>,
    pub max_pods: u32,
    pub max_surge: MaxSurge,
    /// Its own node subnet (`--vnet-subnet-id`); `None`: the cluster's.
    pub node_subnet: Option<Ipv4Net>,
    /// Pod Subnet only: its own pod subnet (`--pod-subnet-id`); `None`: the cluster's.
    pub pod_subnet: Option<Ipv4Net>,
}

impl NodePoolSpec {
    /// A pool of `node_count` nodes with the model's default max pods and
    /// max surge, in the cluster's subnets.
    pub fn new(name: impl Into<String>, node_count: u32, plugin: NetworkPlugin) -> Self {
        Self {
            name: name.into(),
            node_count,
            max_count: None,
            max_pods: plugin.default_max_pods(),
            max_surge: DEFAULT_MAX_SURGE,
            node_subnet: None,
            pod_subnet: None,
        }
    }
}

/// One node pool's settings as the planner reads them, the system pool's
/// and a user pool's alike, with its subnets resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PoolSettings<'a> {
    /// 0 for the system pool, then the user pools in order.
    pub index: u8,
    pub name: &'a str,
    pub node_count: u32,
    pub max_count: Option<u32>,
    pub max_pods: u32,
    pub max_surge: MaxSurge,
    /// The subnet its nodes take their addresses from, by name and range.
    pub node_subnet: (RangeName, Ipv4Net),
    /// Pod Subnet: the subnet its pods take their addresses from.
    pub pod_subnet: Option<(RangeName, Ipv4Net)>,
}

impl PoolSettings<'_> {
    pub fn is_system(&self) -> bool {
        self.index == 0
    }

    /// The surge nodes an upgrade of this pool adds.
    pub fn surge_nodes(&self) -> u32 {
        self.max_surge.nodes_for(self.node_count)
    }

    /// The node count AKS plans for: the autoscaler's max count, if it is on.
    pub fn planned_node_count(&self) -> u32 {
        self.max_count
            .unwrap_or(self.node_count)
            .max(self.node_count)
    }
}

/// Everything that decides the address plan of one cluster: its network, its
/// system pool (the fields `node_count` to `max_surge`, in `node_subnet` and
/// `pod_subnet`), its user pools and its workloads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClusterSpec {
    pub plugin: NetworkPlugin,
    /// kube-proxy, or Cilium's eBPF (Azure CNI only).
    pub dataplane: Dataplane,
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
    /// The pool's node count; with the cluster autoscaler on, its min count.
    pub node_count: u32,
    /// The cluster autoscaler's max count (`--enable-cluster-autoscaler
    /// --min-count node_count --max-count N`); `None` when it is off.
    pub max_count: Option<u32>,
    pub max_pods: u32,
    pub max_surge: MaxSurge,
    /// The user pools, in order. When there are any, the deployments' pods
    /// run on them and the system pool keeps the system pods.
    pub user_pools: Vec<NodePoolSpec>,
    /// The NetworkPolicies applied to the deployments' namespace.
    pub policies: Vec<NetworkPolicy>,
    /// The policy engine chosen; `None`: the one the model and dataplane
    /// default to ([`ClusterSpec::policy_engine`]).
    pub policy_engine: Option<PolicyEngine>,
    /// The learner's inbound rules on the NSG of the cluster's subnets.
    pub nsg_rules: Vec<NsgRule>,
    /// The required rules the learner took off that NSG.
    pub nsg_removed: Vec<RequiredNsgRule>,
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
            dataplane: Dataplane::default(),
            pod_ip_allocation: PodIpAllocation::default(),
            vnet: DEFAULT_VNET,
            node_subnet: DEFAULT_NODE_SUBNET,
            pod_subnet: DEFAULT_POD_SUBNET,
            pod_cidr: DEFAULT_POD_CIDR,
            service_cidr: DEFAULT_SERVICE_CIDR,
            dns_service_ip: DEFAULT_DNS_SERVICE_IP,
            node_count: DEFAULT_NODE_COUNT,
            max_count: None,
            max_pods: plugin.default_max_pods(),
            max_surge: DEFAULT_MAX_SURGE,
            user_pools: Vec::new(),
            policies: Vec::new(),
            policy_engine: None,
            nsg_rules: Vec::new(),
            nsg_removed: Vec::new(),
            outbound_type: OutboundType::default(),
            deployments: vec![Deployment::new("web", 3)],
            services: vec![ServiceSpec {
                name: "web".into(),
                selector: "web".into(),
                kind: ServiceKind::LoadBalancer(LoadBalancerScope::Public),
                port: 80,
                target_port: TargetPort::Number(DEFAULT_LISTEN_PORT),
                node_port: None,
                external_traffic_policy: TrafficPolicy::default(),
            }],
            extra_subnets: Vec::new(),
        }
    }

    /// The ranges this spec's model actually uses, VNet first.
    pub fn ranges_in_use(&self) -> Vec<(RangeName, Ipv4Net)> {
        let mut ranges = vec![
            (RangeName::Vnet, self.vnet),
            (RangeName::NodeSubnet, self.node_subnet),
        ];
        if self.plugin.uses_pod_subnet() {
            ranges.push((RangeName::PodSubnet, self.pod_subnet));
        }
        for pool in self.pools().iter().skip(1) {
            for (name, cidr) in [Some(&pool.node_subnet), pool.pod_subnet.as_ref()]
                .into_iter()
                .flatten()
            {
                if !ranges.iter().any(|(listed, _)| listed == name) {
                    ranges.push((name.clone(), *cidr));
                }
            }
        }
        ranges.extend(
            self.extra_subnets
                .iter()
                .map(|subnet| (RangeName::Subnet(subnet.name.clone()), subnet.cidr)),
        );
        if self.plugin.uses_pod_cidr() {
            ranges.push((RangeName::PodCidr, self.pod_cidr));
        }
        ranges.push((RangeName::ServiceCidr, self.service_cidr));
        ranges
    }

    /// The surge nodes an upgrade of the system pool adds.
    pub fn surge_nodes(&self) -> u32 {
        self.max_surge.nodes_for(self.node_count)
    }

    /// The node count AKS plans for the system pool: with the autoscaler
    /// on, its max count ("If Autoscaler is enabled, the max-count from each
    /// nodepool is counted", aks-facts §3.2 and §6.1), else the node count.
    pub fn planned_node_count(&self) -> u32 {
        self.max_count
            .unwrap_or(self.node_count)
            .max(self.node_count)
    }

    /// Every pool, the system pool first, with its subnets resolved. A user
    /// pool without its own subnet uses the cluster's; pools that name the
    /// same subnet share it, under the name of the first.
    pub fn pools(&self) -> Vec<PoolSettings<'_>> {
        let own_pod_subnet = self.plugin.uses_pod_subnet();
        let system = PoolSettings {
            index: 0,
            name: SYSTEM_POOL_NAME,
            node_count: self.node_count,
            max_count: self.max_count,
            max_pods: self.max_pods,
            max_surge: self.max_surge,
            node_subnet: (RangeName::NodeSubnet, self.node_subnet),
            pod_subnet: own_pod_subnet.then_some((RangeName::PodSubnet, self.pod_subnet)),
        };
        let mut pools = vec![system];
        for (index, pool) in (1..=u8::MAX).zip(&self.user_pools) {
            let subnet_named = |pools: &[PoolSettings], cidr: Ipv4Net, pod: bool| {
                let cluster = if pod {
                    self.pod_subnet
                } else {
                    self.node_subnet
                };
                if cidr == cluster {
                    return if pod {
                        RangeName::PodSubnet
                    } else {
                        RangeName::NodeSubnet
                    };
                }
                let first_named = pools.iter().find_map(|earlier| {
                    let (name, range) = if pod {
                        earlier.pod_subnet.as_ref()?
                    } else {
                        &earlier.node_subnet
                    };
                    (*range == cidr).then(|| name.clone())
                });
                first_named.unwrap_or_else(|| RangeName::pool_subnet(&pool.name, pod))
            };
            let node_subnet = pool.node_subnet.unwrap_or(self.node_subnet);
            let pod_subnet = pool.pod_subnet.unwrap_or(self.pod_subnet);
            let settings = PoolSettings {
                index,
                name: &pool.name,
                node_count: pool.node_count,
                max_count: pool.max_count,
                max_pods: pool.max_pods,
                max_surge: pool.max_surge,
                node_subnet: (subnet_named(&pools, node_subnet, false), node_subnet),
                pod_subnet: own_pod_subnet
                    .then(|| (subnet_named(&pools, pod_subnet, true), pod_subnet)),
            };
            pools.push(settings);
        }
        pools
    }

    /// The pools the deployments' pods run on: the user pools when there are
    /// any (the system pool keeps the system pods, which the lab does not
    /// draw), else the system pool.
    pub fn runs_workloads(&self, pool: u8) -> bool {
        (pool == 0) == self.user_pools.is_empty()
    }

    /// This spec as the cluster runs it: with the autoscaler on a pool, its
    /// node count is the one the autoscaler settles at: as many nodes
    /// within its range as the pods need (learn: aks/cluster-autoscaler).
    /// Pools that run the pods grow in order, each up to its max count
    /// before the next [derived: the autoscaler's default expander picks at
    /// random]; a pool that runs none stays at its min count.
    pub fn running(&self) -> Cow<'_, ClusterSpec> {
        let counts = self.running_node_counts();
        let unchanged = counts.first() == Some(&self.node_count)
            && self
                .user_pools
                .iter()
                .zip(counts.iter().skip(1))
                .all(|(pool, count)| pool.node_count == *count);
        if unchanged {
            return Cow::Borrowed(self);
        }
        let mut running = self.clone();
        running.node_count = counts.first().copied().unwrap_or(self.node_count);
        for (pool, count) in running.user_pools.iter_mut().zip(counts.iter().skip(1)) {
            pool.node_count = *count;
        }
        Cow::Owned(running)
    }

    /// The nodes the system pool runs (see [`ClusterSpec::running`]).
    pub fn running_node_count(&self) -> u32 {
        self.running_node_counts()
            .first()
            .copied()
            .unwrap_or(self.node_count)
    }

    /// Each pool's running node count, the system pool first.
    fn running_node_counts(&self) -> Vec<u32> {
        let pools = self.pools();
        let mut counts: Vec<u32> = pools.iter().map(|pool| pool.node_count).collect();
        let workload: Vec<&PoolSettings> = pools
            .iter()
            .filter(|pool| self.runs_workloads(pool.index))
            .collect();
        let slots = |counts: &[u32]| -> (u64, u64) {
            workload.iter().fold((0, 0), |(nodes, pods), pool| {
                let count = u64::from(counts.get(usize::from(pool.index)).copied().unwrap_or(0));
                (nodes + count, pods + count * u64::from(pool.max_pods))
            })
        };
        let replicas = self.total_replicas();
        let host_port_nodes = self
            .deployments
            .iter()
            .filter(|deployment| deployment.host_port.is_some())
            .map(|deployment| u64::from(deployment.replicas))
            .max()
            .unwrap_or(0);
        for pool in workload.iter().filter(|pool| pool.max_count.is_some()) {
            let max = pool.planned_node_count();
            let (nodes, pods) = slots(&counts);
            // Nodes this pool adds: enough for every pod and every hostPort replica.
            let for_pods = replicas
                .saturating_sub(pods)
                .div_ceil(u64::from(pool.max_pods.max(1)));
            let for_host_ports = host_port_nodes.saturating_sub(nodes);
            let wanted = for_pods.max(for_host_ports);
            let Some(count) = counts.get_mut(usize::from(pool.index)) else {
                continue;
            };
            let added = u32::try_from(wanted).unwrap_or(u32::MAX).min(max - *count);
            *count += added;
        }
        counts
    }

    /// The engine that enforces NetworkPolicy: the one chosen, else the one
    /// the dataplane comes with (Cilium) or that runs on every model
    /// (Calico: Azure CNI and kubenet; learn: aks/use-network-policies).
    pub fn policy_engine(&self) -> PolicyEngine {
        self.policy_engine.unwrap_or(match self.dataplane {
            Dataplane::Cilium => PolicyEngine::Cilium,
            Dataplane::KubeProxy => PolicyEngine::Calico,
        })
    }

    /// Drops the pools' own pod subnets when the model has none (only Pod
    /// Subnet gives pods a subnet), as after a change of model.
    pub fn forget_unused_pod_subnets(&mut self) {
        if !self.plugin.uses_pod_subnet() {
            for pool in &mut self.user_pools {
                pool.pod_subnet = None;
            }
        }
    }

    /// The total replicas of all deployments.
    pub fn total_replicas(&self) -> u64 {
        self.deployments.iter().map(|d| u64::from(d.replicas)).sum()
    }
}

impl Default for ClusterSpec {
    /// AKS's defaults for the CLI's default model ([`NetworkPlugin::default`]).
    fn default() -> Self {
        Self::defaults_for(NetworkPlugin::default())
    }
}

/// The name the lab gives its example container port, as manifests often do.
pub const DEFAULT_PORT_NAME: &str = "http";

/// A Deployment: a named set of identical pods, one container each.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Deployment {
    pub name: String,
    pub replicas: u32,
    /// The port the container's process listens on (the image decides it).
    /// Kubernetes has no pod-level port remapping: this is the port on the
    /// pod's IP too (aks-facts §4.2).
    pub listen_port: u16,
    /// The container's declared port, if any: informational (leaving it out
    /// does not stop the port being reached), but a named `targetPort`
    /// resolves through its name, and a `hostPort` maps to it (aks-facts §4.2).
    pub container_port: Option<ContainerPort>,
    /// nodeIP:hostPort → the container port, on the node the pod runs on.
    /// Rarely needed; it also allows one such pod per node (aks-facts §4.2).
    pub host_port: Option<u16>,
}

/// `ports[].containerPort` and its optional `name`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContainerPort {
    pub number: u16,
    pub name: Option<String>,
}

impl Deployment {
    /// A deployment whose app listens on [`DEFAULT_LISTEN_PORT`] and declares
    /// it as containerPort [`DEFAULT_PORT_NAME`].
    pub fn new(name: impl Into<String>, replicas: u32) -> Self {
        Self {
            name: name.into(),
            replicas,
            listen_port: DEFAULT_LISTEN_PORT,
            container_port: Some(ContainerPort {
                number: DEFAULT_LISTEN_PORT,
                name: Some(DEFAULT_PORT_NAME.into()),
            }),
            host_port: None,
        }
    }

    /// The number a `targetPort` stands for on this deployment's pods: a
    /// number is itself; a name is the container port of that name, or
    /// nothing (aks-facts §4.2).
    pub fn resolve(&self, target: &TargetPort) -> Option<u16> {
        match target {
            TargetPort::Number(number) => Some(*number),
            TargetPort::Name(name) => self
                .container_port
                .as_ref()
                .filter(|port| port.name.as_ref() == Some(name))
                .map(|port| port.number),
        }
    }
}

/// A Service's `targetPort`: a number, or the name of a container port.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TargetPort {
    Number(u16),
    Name(String),
}

impl From<u16> for TargetPort {
    fn from(number: u16) -> Self {
        Self::Number(number)
    }
}

impl std::fmt::Display for TargetPort {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Number(number) => write!(f, "{number}"),
            Self::Name(name) => f.write_str(name),
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
    /// The port on the pod that traffic is sent to, by number or by the
    /// name of a container port.
    pub target_port: TargetPort,
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
