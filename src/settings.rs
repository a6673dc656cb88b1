//! The scenario's settings, each written into a cluster description in one
//! place: the controls (through the reducer) and a link (through `url`)
//! both change a cluster only with these pure setters.

use aks_model::input::{parse_count, parse_max_surge, ParseError};
use aks_model::{
    ClusterSpec, Dataplane, Field, MaxSurge, NetworkPlugin, NetworkPolicy, OutboundType,
    PodIpAllocation, PolicyEngine, RequiredNsgRule, TrafficPolicy,
};

use crate::fields::place_internal_load_balancers;
use crate::service_choice::ServiceChoice;

/// One change a learner makes to the scenario, other than typed text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Setting {
    Plugin(NetworkPlugin),
    Count(Count, u32),
    /// Max surge as typed: a node count or a percentage of the pool.
    MaxSurge(MaxSurge),
    ServiceType(ServiceChoice),
    TrafficPolicy(TrafficPolicy),
    OutboundType(OutboundType),
    /// How Azure CNI Pod Subnet hands pod addresses to nodes.
    PodIpAllocation(PodIpAllocation),
    /// kube-proxy or Cilium's eBPF.
    Dataplane(Dataplane),
    /// What enforces NetworkPolicy.
    PolicyEngine(PolicyEngine),
    /// Applies a NetworkPolicy to the namespace, or takes it off.
    TogglePolicy(NetworkPolicy),
    /// Takes a required NSG rule off, or puts it back.
    ToggleRequiredNsgRule(RequiredNsgRule),
}

impl Setting {
    /// Writes this setting into `spec`; the first deployment and Service are
    /// the ones the controls edit.
    pub fn write_into(self, spec: &mut ClusterSpec) {
        match self {
            Self::Plugin(plugin) => {
                // Follow the model's max-pods default unless the learner changed it.
                let old_default = spec.plugin.default_max_pods();
                if spec.max_pods == old_default {
                    spec.max_pods = plugin.default_max_pods();
                }
                for pool in &mut spec.user_pools {
                    if pool.max_pods == old_default {
                        pool.max_pods = plugin.default_max_pods();
                    }
                }
                spec.plugin = plugin;
                spec.forget_unused_pod_subnets();
            }
            Self::Count(Count::Nodes, count) => spec.node_count = count,
            // 0 turns the autoscaler off: its max count is at least 1.
            Self::Count(Count::MaxCount, count) => spec.max_count = (count > 0).then_some(count),
            Self::Count(Count::MaxPods, count) => spec.max_pods = count,
            Self::Count(Count::MaxSurge, count) => spec.max_surge = MaxSurge::Nodes(count),
            Self::MaxSurge(surge) => spec.max_surge = surge,
            Self::Count(Count::Replicas, count) => {
                if let Some(deployment) = spec.deployments.first_mut() {
                    deployment.replicas = count;
                }
            }
            Self::ServiceType(choice) => {
                if let Some(service) = spec.services.first_mut() {
                    service.kind = choice.kind();
                    // A fixed nodePort only exists on NodePort and LoadBalancer Services.
                    if !service.kind.has_node_port() {
                        service.node_port = None;
                    }
                }
                place_internal_load_balancers(spec);
            }
            Self::TrafficPolicy(policy) => {
                if let Some(service) = spec.services.first_mut() {
                    service.external_traffic_policy = policy;
                }
            }
            Self::OutboundType(outbound) => spec.outbound_type = outbound,
            Self::PodIpAllocation(allocation) => spec.pod_ip_allocation = allocation,
            Self::Dataplane(dataplane) => {
                spec.dataplane = dataplane;
                // The engine follows the dataplane unless it still runs there.
                let stops = matches!(
                    (spec.policy_engine, dataplane),
                    (Some(PolicyEngine::Cilium), Dataplane::KubeProxy)
                        | (
                            Some(PolicyEngine::AzureNpm | PolicyEngine::Calico),
                            Dataplane::Cilium
                        )
                );
                if stops {
                    spec.policy_engine = None;
                }
            }
            Self::PolicyEngine(engine) => spec.policy_engine = Some(engine),
            Self::ToggleRequiredNsgRule(rule) => {
                if spec.nsg_removed.contains(&rule) {
                    spec.nsg_removed.retain(|removed| *removed != rule);
                } else {
                    spec.nsg_removed.push(rule);
                }
            }
            Self::TogglePolicy(policy) => {
                if spec.policies.contains(&policy) {
                    spec.policies.retain(|applied| *applied != policy);
                } else {
                    spec.policies.push(policy);
                }
            }
        }
    }
}

/// The counts a learner sets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Count {
    Nodes,
    /// The cluster autoscaler's max count; 0 when it is off.
    MaxCount,
    Replicas,
    MaxPods,
    MaxSurge,
}

impl Count {
    pub const ALL: [Count; 5] = [
        Self::Nodes,
        Self::MaxCount,
        Self::Replicas,
        Self::MaxPods,
        Self::MaxSurge,
    ];

    /// The setting the input errors about this count belong to.
    pub fn field(self) -> Field {
        match self {
            Self::Nodes => Field::NodeCount,
            Self::MaxCount => Field::MaxCount,
            Self::Replicas => Field::Replicas,
            Self::MaxPods => Field::MaxPods,
            Self::MaxSurge => Field::MaxSurge,
        }
    }

    /// The count's value in `spec` (max surge: in nodes, for the slider).
    pub fn value_in(self, spec: &ClusterSpec) -> u32 {
        match self {
            Self::Nodes => spec.node_count,
            Self::MaxCount => spec.max_count.unwrap_or(0),
            Self::Replicas => spec.deployments.first().map_or(0, |d| d.replicas),
            Self::MaxPods => spec.max_pods,
            Self::MaxSurge => spec.running().surge_nodes(),
        }
    }

    /// The count as the number box and the link write it (max surge as set:
    /// `2` or `33%`).
    pub fn text_in(self, spec: &ClusterSpec) -> String {
        match self {
            Self::MaxSurge => spec.max_surge.to_string(),
            _ => self.value_in(spec).to_string(),
        }
    }

    /// Whether the box takes a percentage too, not only a whole number.
    pub fn takes_percent(self) -> bool {
        self == Self::MaxSurge
    }

    /// Reads a count as typed: the setting, or why it does not read.
    pub fn read(self, text: &str) -> Result<Setting, ParseError> {
        match self {
            Self::MaxSurge => parse_max_surge(text).map(Setting::MaxSurge),
            _ => parse_count(text).map(|count| Setting::Count(self, count)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Switching models follows the new model's max-pods default (aks-facts
    /// §1.8) unless the learner chose one.
    #[test]
    fn a_model_switch_follows_its_max_pods_default_unless_changed() {
        let mut spec = ClusterSpec::defaults_for(NetworkPlugin::Kubenet);
        Setting::Plugin(NetworkPlugin::AzureCni).write_into(&mut spec);
        assert_eq!(spec.max_pods, 30);
        Setting::Count(Count::MaxPods, 50).write_into(&mut spec);
        Setting::Plugin(NetworkPlugin::AzureCniOverlay).write_into(&mut spec);
        assert_eq!(spec.max_pods, 50);
    }

    /// A pool's own pod subnet goes with Pod Subnet (aks-facts §1.4: only
    /// Pod Subnet gives pods a subnet); its max pods follows the new model's
    /// default as the system pool's does (§1.8).
    #[test]
    fn a_model_switch_drops_the_pools_pod_subnets() {
        let mut spec = ClusterSpec::defaults_for(NetworkPlugin::AzureCniPodSubnet);
        let mut pool = aks_model::NodePoolSpec::new("apps", 2, spec.plugin);
        pool.pod_subnet = Some("10.226.0.0/24".parse().expect("valid"));
        spec.user_pools.push(pool);
        Setting::Plugin(NetworkPlugin::AzureCni).write_into(&mut spec);
        assert_eq!(spec.user_pools[0].pod_subnet, None);
        assert_eq!(spec.user_pools[0].max_pods, 30);
    }

    #[test]
    fn counts_read_or_say_why_and_write_back() {
        let mut spec = ClusterSpec::default();
        for count in Count::ALL {
            let setting = count.read(" 7 ").expect("a count");
            setting.write_into(&mut spec);
            assert_eq!(count.value_in(&spec), 7, "{count:?}");
        }
        let error = Count::Nodes.read("-5").expect_err("not a count");
        assert_eq!(error.to_string(), "-5 is below zero: a count starts at 0.");
        let error = Count::Nodes.read("five").expect_err("not a count");
        assert_eq!(error.to_string(), "\"five\" is not a whole number.");
    }

    /// A fixed nodePort goes with the NodePort type: back to ClusterIP, it is dropped.
    #[test]
    fn a_cluster_ip_service_drops_its_node_port() {
        let mut spec = ClusterSpec::default();
        spec.services[0].node_port = Some(31_000);
        Setting::ServiceType(ServiceChoice::ClusterIp).write_into(&mut spec);
        assert_eq!(spec.services[0].node_port, None);
    }
}
