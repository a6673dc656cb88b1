//! Helpers shared by the model's integration tests.
#![allow(dead_code)] // each test file uses its own subset

pub mod lab;

use std::net::Ipv4Addr;

use aks_model::{ClusterSpec, NetworkPlugin, Plan};
use ipnet::Ipv4Net;

pub fn ip(text: &str) -> Ipv4Addr {
    text.parse().expect("a valid address in the test")
}

pub fn net(text: &str) -> Ipv4Net {
    text.parse().expect("a valid CIDR in the test")
}

/// The fact sheet's example network (aks-facts §5.0): VNet 10.10.0.0/16, node
/// subnet 10.10.1.0/24, pod subnet 10.10.2.0/24, default pod and service CIDRs.
pub fn example_spec(plugin: NetworkPlugin) -> ClusterSpec {
    ClusterSpec {
        vnet: net("10.10.0.0/16"),
        node_subnet: net("10.10.1.0/24"),
        pod_subnet: net("10.10.2.0/24"),
        ..ClusterSpec::defaults_for(plugin)
    }
}

pub fn build(spec: &ClusterSpec) -> Plan {
    match Plan::build(spec) {
        Ok(plan) => plan,
        Err(errors) => panic!("the test spec is valid, but: {errors:?}"),
    }
}

/// web-0 to web-1 on the port its container listens on (8080, aks-facts §5.0).
pub fn pod0_to_pod1(plan: &Plan) -> aks_model::path::Trace {
    aks_model::path::trace(
        plan,
        aks_model::path::Endpoint::Pod(aks_model::PodId::new(0)),
        aks_model::path::Target::Pod {
            pod: aks_model::PodId::new(1),
            port: 8080,
        },
    )
    .expect("web-0 to web-1 is a flow")
}
