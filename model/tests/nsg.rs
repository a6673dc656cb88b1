//! The NSG on the cluster's subnets: rules by priority, AKS's required rules
//! where a rule denies (learn: aks/concepts-network-azure-cni-overlay,
//! "Network security groups": node → node, node → pods, pods → pods), the
//! rule AKS adds for each load balancer, and Azure's defaults.

mod common;

use aks_model::path::{trace, Endpoint, Location, Target, Verdict};
use aks_model::{
    ClusterSpec, Field, InputError, NetworkPlugin, NsgRule, Plan, PodId, RequiredNsgRule,
    ServiceId, TrafficPolicy,
};
use common::{build, example_spec, net, pod0_to_pod1};

fn deny_all() -> NsgRule {
    NsgRule {
        priority: 4000,
        allow: false,
        source: net("0.0.0.0/0"),
        port: None,
    }
}

fn pod_to_pod(plan: &Plan) -> Verdict {
    pod0_to_pod1(plan).verdict
}

/// With a deny-all rule, AKS's required rules keep Overlay's pods talking
/// across nodes; take "pod-to-pod" off and the packet is dropped at the
/// other node's subnet boundary, the deny rule and the missing rule named.
#[test]
fn a_deny_all_rule_needs_the_required_rules_under_overlay() {
    let mut spec = ClusterSpec {
        nsg_rules: vec![deny_all()],
        ..example_spec(NetworkPlugin::AzureCniOverlay)
    };
    assert!(matches!(
        pod_to_pod(&build(&spec)),
        Verdict::Delivered { .. }
    ));
    spec.nsg_removed = vec![RequiredNsgRule::PodToPod];
    let plan = build(&spec);
    let traced = pod0_to_pod1(&plan);
    let Verdict::Dropped { reason } = &traced.verdict else {
        panic!("{:?}", traced.verdict);
    };
    assert!(
        reason.contains("rule 4000 (Deny from 0.0.0.0/0, any port)"),
        "{reason}"
    );
    assert!(
        reason.contains("\"pod-to-pod\" would have allowed it"),
        "{reason}"
    );
    let other_node = plan.pods[1].running_on().expect("running");
    assert_eq!(
        traced.hops.last().map(|hop| hop.at),
        Some(Location::Node(other_node))
    );
}

/// A deny-all rule at 4000 comes before Azure's 65001
/// AllowAzureLoadBalancerInBound (learn:
/// virtual-network/network-security-groups-overview, "Default security
/// rules"; 168.63.129.16 is the probes' source, learn:
/// virtual-network/what-is-ip-address-168-63-129-16): the load balancer's health probes from
/// 168.63.129.16 are denied, every node is down, and the internet's
/// connection times out [derived]. Allowed ahead of it, the probes pass,
/// and the rule AKS adds for the frontend lets the internet in, until a
/// learner's rule of a higher priority denies it.
#[test]
fn a_deny_all_rule_needs_the_probes_and_the_load_balancers_rule() {
    let internet = |spec: &ClusterSpec| {
        trace(
            &build(spec),
            Endpoint::Internet,
            Target::LoadBalancer {
                service: ServiceId::new(0),
            },
        )
        .expect("a flow")
        .verdict
    };
    let mut spec = ClusterSpec {
        nsg_rules: vec![deny_all()],
        ..example_spec(NetworkPlugin::AzureCniOverlay)
    };
    let Verdict::Dropped { reason } = internet(&spec) else {
        panic!("the probes pass");
    };
    assert!(
        reason.contains("denies the load balancer's health probes (rule 4000"),
        "{reason}"
    );
    spec.nsg_rules.push(NsgRule {
        priority: 3900,
        allow: true,
        source: net("168.63.129.16/32"),
        port: None,
    });
    assert!(matches!(internet(&spec), Verdict::Delivered { .. }));
    spec.nsg_rules.push(NsgRule {
        priority: 200,
        allow: false,
        source: net("203.0.113.0/24"),
        port: Some(80),
    });
    let Verdict::Dropped { reason } = internet(&spec) else {
        panic!("not dropped");
    };
    assert!(
        reason.contains("rule 200 (Deny from 203.0.113.0/24, port 80)"),
        "{reason}"
    );
    spec.nsg_rules.truncate(2);
    spec.nsg_removed = vec![RequiredNsgRule::LoadBalancers];
    let Verdict::Dropped { reason } = internet(&spec) else {
        panic!("not dropped");
    };
    assert!(
        reason.contains("\"load-balancers\" would have allowed it"),
        "{reason}"
    );
}

/// The probes reach the nodePort under policy Cluster and
/// healthCheckNodePort under Local (aks-facts §10: health probes): a rule
/// that denies 168.63.129.16 on the nodePort times the internet out under
/// Cluster only; a rule for every port does under both.
#[test]
fn a_probe_rule_on_the_node_port_matters_under_cluster_only() {
    let internet = |spec: &ClusterSpec| {
        trace(
            &build(spec),
            Endpoint::Internet,
            Target::LoadBalancer {
                service: ServiceId::new(0),
            },
        )
        .expect("a flow")
        .verdict
    };
    for (policy, port, times_out) in [
        (TrafficPolicy::Cluster, Some(0), true),
        (TrafficPolicy::Local, Some(0), false),
        (TrafficPolicy::Local, None, true),
    ] {
        let mut spec = example_spec(NetworkPlugin::AzureCniOverlay);
        spec.services[0].external_traffic_policy = policy;
        let node_port = build(&spec).services[0].node_port.expect("a nodePort");
        spec.nsg_rules.push(NsgRule {
            priority: 300,
            allow: false,
            source: net("168.63.129.16/32"),
            port: port.map(|_| node_port),
        });
        let timed_out = matches!(
            internet(&spec),
            Verdict::Dropped { reason } if reason.contains("health probes")
        );
        assert_eq!(timed_out, times_out, "{policy:?}, port {port:?}");
    }
}

/// A VM in the VNet reaches a Node Subnet pod's own address; a rule that
/// denies it on the container's port drops it at the pod's node.
#[test]
fn a_rule_drops_a_vm_on_the_pods_port() {
    let mut spec = example_spec(NetworkPlugin::AzureCni);
    let to_pod = |spec: &ClusterSpec| {
        trace(
            &build(spec),
            Endpoint::VnetVm,
            Target::Pod {
                pod: PodId::new(0),
                port: 8080,
            },
        )
        .expect("a flow")
        .verdict
    };
    assert!(matches!(to_pod(&spec), Verdict::Delivered { .. }));
    spec.nsg_rules.push(NsgRule {
        priority: 300,
        allow: false,
        source: net("10.10.0.0/16"),
        port: Some(8080),
    });
    assert!(matches!(to_pod(&spec), Verdict::Dropped { .. }));
}

/// Priorities are Azure's 100 to 4096, each once (learn:
/// virtual-network/network-security-groups-overview, "Security rules"); the lab's required rules
/// hold 100–102 and 500.
#[test]
fn a_priority_out_of_range_or_taken_is_refused() {
    for priority in [99, 101, 500, 4097] {
        let spec = ClusterSpec {
            nsg_rules: vec![NsgRule {
                priority,
                ..deny_all()
            }],
            ..example_spec(NetworkPlugin::AzureCniOverlay)
        };
        let errors = Plan::build(&spec).expect_err("refused");
        assert_eq!(errors, [InputError::NsgPriority { priority }]);
        assert_eq!(errors[0].field(), Field::Nsg);
    }
}

/// A deny rule counts where a packet enters a node from the network:
/// a VM to a node's own address, too.
#[test]
fn a_rule_drops_a_vm_on_a_nodes_address() {
    let spec = ClusterSpec {
        nsg_rules: vec![NsgRule {
            priority: 300,
            allow: false,
            source: net("10.10.0.0/16"),
            port: Some(10_250),
        }],
        ..example_spec(NetworkPlugin::AzureCniOverlay)
    };
    let plan = build(&spec);
    let to_node = trace(
        &plan,
        Endpoint::VnetVm,
        Target::Node {
            node: plan.nodes[0].id,
            port: 10_250,
        },
    )
    .expect("a flow");
    assert!(
        matches!(to_node.verdict, Verdict::Dropped { .. }),
        "{:?}",
        to_node.verdict
    );
}
