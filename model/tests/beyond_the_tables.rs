//! Paths the fact sheet's hop tables do not list, as kube-proxy, the CNIs
//! and Azure's load balancer handle them (aks-facts §10); each test cites
//! its source.

mod common;

use std::net::{Ipv4Addr, SocketAddrV4};

use aks_model::path::{
    trace, Device, Endpoint, Fix, Hop, Hosts, Location, Mismatch, PathError, Target, Trace,
    Verdict, REFERENCES,
};
use aks_model::{Deployment, NetworkPlugin, NodeId, OutboundType, Plan, PodId, RangeName};
use common::lab::*;
use common::{build, example_spec};

fn pod_ip(plan: &Plan, pod: u32) -> Ipv4Addr {
    plan.pods[pod as usize].ip.expect("a running pod")
}

fn with_outbound(plugin: NetworkPlugin, replicas: u32, outbound: OutboundType) -> Plan {
    let mut spec = lab_spec(plugin, replicas);
    spec.outbound_type = outbound;
    build(&spec)
}

fn at(trace: &Trace, place: fn(&Location) -> bool) -> Vec<&Hop> {
    trace.hops.iter().filter(|hop| place(&hop.at)).collect()
}

/// kube-proxy installs rules for every Service's load balancer IP on every
/// node (k8s KEP-1860; floating IP is `ipMode: VIP`): a pod's or a node's
/// packet to a frontend, internal or public, is DNATed on its own node and
/// never reaches the Azure load balancer. With policy Cluster the KUBE-EXT
/// chain masquerades it ("masquerade traffic for … external destinations",
/// kubernetes pkg/proxy/iptables/proxier.go); with Local, pod traffic goes
/// to any endpoint untouched and the node's own traffic is masqueraded.
#[test]
fn a_frontend_called_from_inside_is_caught_on_the_callers_node() {
    for plugin in NetworkPlugin::ALL {
        let plan = lab(plugin, 3);
        for service in [INTERNAL, PUBLIC] {
            let traced = run(
                &plan,
                Endpoint::Pod(PodId::new(0)),
                Target::LoadBalancer { service },
            );
            assert!(
                at(&traced, |at| matches!(at, Location::LoadBalancer(_))).is_empty(),
                "{plugin}: {traced:#?}"
            );
            let caught = traced
                .hops
                .iter()
                .position(|hop| hop.rewritten_by.is_some());
            let on_the_vnet = traced
                .hops
                .iter()
                .position(|hop| hop.at == Location::VnetFabric);
            assert!(
                on_the_vnet.is_none() || on_the_vnet > caught,
                "{plugin}: DNATed first"
            );
            assert_eq!(
                rewriters(&traced)[0],
                (Location::Node(NodeId::new(0)), Device::KubeProxy),
                "{plugin}"
            );
            assert_eq!(
                seen_source(&traced).ip(),
                &node_ip(&plan, 0),
                "{plugin}: masqueraded"
            );
        }
        let local = run(
            &plan,
            Endpoint::Pod(PodId::new(0)),
            Target::LoadBalancer {
                service: INTERNAL_LOCAL,
            },
        );
        assert_eq!(
            seen_source(&local).ip(),
            &pod_ip(&plan, 0),
            "{plugin}: pod traffic untouched"
        );
        let from_node = run(
            &plan,
            Endpoint::Node(NodeId::new(0)),
            Target::LoadBalancer {
                service: INTERNAL_LOCAL,
            },
        );
        assert_eq!(seen_source(&from_node).ip(), &node_ip(&plan, 0), "{plugin}");
    }
}

/// A VM in the VNet, a peered VNet or on premises reaches a public frontend
/// the way it reaches the internet, through its own egress, and comes back in
/// from the internet (issue 13; derived). With policy Local the pod sees that
/// public address.
#[test]
fn outside_hosts_reach_a_public_frontend_through_their_own_egress() {
    let plan = lab(NetworkPlugin::AzureCniOverlay, 3);
    for (from, host) in [
        (Endpoint::VnetVm, aks_model::path::Host::VnetVm),
        (Endpoint::PeeredVnetVm, aks_model::path::Host::PeeredVnetVm),
        (Endpoint::OnPremises, aks_model::path::Host::OnPremises),
    ] {
        let traced = run(
            &plan,
            from,
            Target::LoadBalancer {
                service: PUBLIC_LOCAL,
            },
        );
        let own_egress = &traced.hops[1];
        assert_eq!(own_egress.rewritten_by, Some(Device::ClientNat));
        assert!(own_egress.derived);
        // Behind userDefinedRouting the answer dies at the firewall, before
        // it reaches the client's own NAT.
        let mut spec = lab_spec(NetworkPlugin::AzureCniOverlay, 3);
        spec.outbound_type = OutboundType::UserDefinedRouting;
        let udr = build(&spec);
        let dropped = run(
            &udr,
            from,
            Target::LoadBalancer {
                service: PUBLIC_LOCAL,
            },
        );
        let undone: Vec<Location> = dropped
            .hops
            .iter()
            .filter(|hop| hop.rewritten_by == Some(Device::Conntrack))
            .map(|hop| hop.at)
            .collect();
        assert_eq!(undone, [Location::Node(NodeId::new(0))], "{host}");
        assert!(
            at(&traced, |at| *at == Location::Gateway).is_empty(),
            "not over the VPN"
        );
        assert_eq!(seen_source(&traced).ip(), &Hosts::public_address(host));
    }
}

/// kubenet and Overlay masquerade everything leaving the pod CIDR, NodePorts,
/// hostPorts and other nodes included (aks-facts §1.1, §1.3, §10): no hop
/// on the wire (the VNet, its route table, a gateway, a load balancer, a
/// firewall, an outside host) carries a pod-CIDR source to anything but a
/// pod, under every outbound type, whoever sends and whatever the destination.
#[test]
fn kubenet_and_overlay_never_put_a_pod_address_on_the_vnet() {
    for plugin in [NetworkPlugin::Kubenet, NetworkPlugin::AzureCniOverlay] {
        for outbound in [
            OutboundType::LoadBalancer,
            OutboundType::NatGateway,
            OutboundType::UserDefinedRouting,
        ] {
            let plan = with_outbound(plugin, 4, outbound);
            let pod_cidr = plan.range(&RangeName::PodCidr).expect("a pod CIDR").cidr;
            for (from, to) in every_flow(&plan) {
                let Ok(traced) = trace(&plan, from, to) else {
                    continue;
                };
                let on_the_wire = |hop: &&Hop| {
                    !matches!(
                        hop.at,
                        Location::Pod(_) | Location::PodNetwork(_) | Location::Node(_)
                    )
                };
                for hop in traced.hops.iter().filter(on_the_wire) {
                    assert!(
                        !pod_cidr.contains(hop.src.ip()) || pod_cidr.contains(hop.dst.ip()),
                        "{plugin} {outbound:?} {from:?} → {to:?}: {hop:#?}"
                    );
                }
            }
        }
    }
    // A pod to another node's nodePort: the receiver with policy Local sees
    // the sending node, not the pod.
    let plan = lab(NetworkPlugin::Kubenet, 3);
    let traced = run(
        &plan,
        Endpoint::Pod(PodId::new(0)),
        Target::NodePort {
            service: NODE_PORT_LOCAL,
            node: NodeId::new(1),
        },
    );
    assert_eq!(seen_source(&traced).ip(), &node_ip(&plan, 0));
}

/// kube-proxy's per-endpoint chain masquerades traffic from an endpoint to
/// itself (`-s <endpointIP> -j KUBE-MARK-MASQ`, "Handle traffic that loops
/// back to the originator with SNAT", pkg/proxy/iptables/proxier.go): a pod
/// that reaches itself through its Service sees a masqueraded source — the
/// cbr0 bridge under kubenet, the node's address under Azure CNI (derived).
/// With other endpoints, the lab shows one on another node, unmasqueraded.
#[test]
fn a_pod_calling_its_own_service_is_masqueraded_by_the_hairpin_rule() {
    for plugin in NetworkPlugin::ALL {
        let alone = lab(plugin, 1);
        let traced = run(
            &alone,
            Endpoint::Pod(PodId::new(0)),
            Target::ServiceName {
                service: CLUSTER_ONLY,
            },
        );
        let dnat = traced
            .hops
            .iter()
            .find(|hop| hop.rewritten_by.is_some())
            .expect("DNAT");
        assert_eq!(dnat.dst.ip(), &pod_ip(&alone, 0), "{plugin}: to itself");
        let expected = match plugin {
            NetworkPlugin::Kubenet => alone.nodes[0].bridge_ip.expect("cbr0"),
            _ => node_ip(&alone, 0),
        };
        assert_eq!(seen_source(&traced).ip(), &expected, "{plugin}");
        assert_eq!(dnat.derived, plugin != NetworkPlugin::Kubenet, "{plugin}");

        let three = lab(plugin, 3);
        let common = run(
            &three,
            Endpoint::Pod(PodId::new(0)),
            Target::ServiceName {
                service: CLUSTER_ONLY,
            },
        );
        assert_eq!(seen_source(&common).ip(), &pod_ip(&three, 0), "{plugin}");
        assert_ne!(three.pods[1].running_on(), three.pods[0].running_on());
        let dnat = common
            .hops
            .iter()
            .find(|hop| hop.rewritten_by.is_some())
            .expect("DNAT");
        assert_eq!(
            dnat.dst.ip(),
            &pod_ip(&three, 1),
            "{plugin}: another node's pod"
        );
    }
    assert_eq!(
        lab(NetworkPlugin::Kubenet, 1).nodes[0].bridge_ip,
        Some("10.244.0.1".parse().expect("ip"))
    );
}

/// kubenet, policy Cluster, the backend on the receiving node: the
/// masqueraded source is the bridge address (Kubernetes' source-IP tutorial,
/// `client_address=10.180.1.1`, aks-facts §10); Overlay has no bridge, and
/// the pod sees the node.
#[test]
fn kubenet_masquerades_to_the_bridge_for_a_pod_on_the_receiving_node() {
    for (plugin, expected) in [
        (NetworkPlugin::Kubenet, "10.244.0.1"),
        (NetworkPlugin::AzureCniOverlay, "10.10.1.4"),
    ] {
        let plan = lab(plugin, 1); // one pod, on node 0, which the LB picks
        let traced = run(
            &plan,
            Endpoint::Internet,
            Target::LoadBalancer { service: PUBLIC },
        );
        assert_eq!(seen_source(&traced).ip().to_string(), expected, "{plugin}");
    }
}

/// userDefinedRouting with a public load balancer: the answer follows
/// 0.0.0.0/0 to the firewall, which never saw the connection and drops it
/// (learn: aks/limit-egress-traffic, "asymmetric routing"). The fix it gives:
/// DNAT the firewall's public IP to an internal load balancer; Azure Firewall
/// then SNATs to its private address, so the answer comes back through it
/// (Microsoft's "Azure Firewall NAT behaviors").
#[test]
fn user_defined_routing_drops_the_answer_to_a_public_load_balancer() {
    for plugin in NetworkPlugin::ALL {
        let plan = with_outbound(plugin, 3, OutboundType::UserDefinedRouting);
        let hosts = Hosts::of(&plan);
        let dropped = run(
            &plan,
            Endpoint::Internet,
            Target::LoadBalancer { service: PUBLIC },
        );
        assert!(
            matches!(&dropped.verdict, Verdict::Dropped { reason } if reason.contains("asymmetric")),
            "{plugin}: {:?}",
            dropped.verdict
        );
        let places: Vec<Location> = dropped.hops.iter().map(|hop| hop.at).collect();
        assert_eq!(
            places[places.len() - 2..],
            [Location::RouteTable, Location::Firewall]
        );
        assert!(
            places.iter().any(|at| matches!(at, Location::Pod(_))),
            "it did arrive"
        );
        assert_eq!(dropped.fix, Some(Fix::InternalLoadBalancerBehindFirewall));
        assert_eq!(dropped.reply, []);

        let fixed = run(
            &plan,
            Endpoint::Internet,
            Target::LoadBalancer {
                service: INTERNAL_LOCAL,
            },
        );
        assert_eq!(fixed.hops[0].dst, SocketAddrV4::new(hosts.egress, 80));
        let firewall = fixed
            .hops
            .iter()
            .find(|hop| hop.at == Location::Firewall)
            .expect("DNAT");
        assert_eq!(firewall.rewritten_by, Some(Device::Firewall));
        let frontend = plan.services[INTERNAL_LOCAL.index()]
            .frontend
            .expect("frontend");
        assert_eq!(firewall.dst, SocketAddrV4::new(frontend, 80));
        let private = hosts.firewall.expect("room for the firewall");
        assert_eq!(
            seen_source(&fixed),
            SocketAddrV4::new(private, 51_000),
            "{plugin}"
        );
        let back = fixed.reply.last().expect("a reply");
        assert_eq!((back.src, back.dst), (fixed.hops[0].dst, fixed.hops[0].src));
        assert_eq!(fixed.fix, None);
    }
    // A reset is an answer too: with nothing on the targetPort, policy
    // Local's probe still passes, and the pod's reset dies at the firewall.
    let mut closed = lab_spec(NetworkPlugin::Kubenet, 3);
    closed.outbound_type = OutboundType::UserDefinedRouting;
    closed.deployments[0].listen_port = 80;
    let closed = build(&closed);
    let reset = run(
        &closed,
        Endpoint::Internet,
        Target::LoadBalancer {
            service: PUBLIC_LOCAL,
        },
    );
    assert!(matches!(&reset.verdict, Verdict::Dropped { reason } if reason.contains("asymmetric")));
    let plain = lab(NetworkPlugin::Kubenet, 3);
    let delivered = run(
        &plain,
        Endpoint::Internet,
        Target::LoadBalancer { service: PUBLIC },
    );
    assert!(matches!(delivered.verdict, Verdict::Delivered { .. }));
}

/// Health probes (aks-facts §4.4; §10, derived): with policy Cluster the
/// probe is TCP on the nodePort, which kube-proxy forwards to an endpoint; a
/// Service with no ready endpoint fails it on every node, so an outside client
/// times out. With Local, the /healthz probe counts local endpoints, and a
/// node without one is the only one left out.
#[test]
fn a_service_with_no_endpoint_times_out_behind_its_load_balancer() {
    let plan = lab(NetworkPlugin::AzureCni, 0);
    let traced = run(
        &plan,
        Endpoint::OnPremises,
        Target::LoadBalancer { service: INTERNAL },
    );
    assert!(
        matches!(&traced.verdict, Verdict::Dropped { reason } if reason.contains("times out") && reason.contains("no ready endpoint")),
        "{:?}",
        traced.verdict
    );
    let inside = run(
        &plan,
        Endpoint::Node(NodeId::new(0)),
        Target::ClusterIp { service: INTERNAL },
    );
    assert!(matches!(inside.verdict, Verdict::Refused { .. }));
}

/// Nothing outside the cluster reaches a ClusterIP or resolves cluster.local;
/// nodes resolve through Azure DNS, 168.63.129.16 (learn: aks/coredns-custom;
/// learn: virtual-network/what-is-ip-address-168-63-129-16).
#[test]
fn nothing_outside_the_cluster_resolves_cluster_local_names() {
    let plan = lab(NetworkPlugin::AzureCniPodSubnet, 3);
    for from in [
        Endpoint::VnetVm,
        Endpoint::PeeredVnetVm,
        Endpoint::OnPremises,
        Endpoint::Internet,
    ] {
        let refused = trace(
            &plan,
            from,
            Target::ServiceName {
                service: CLUSTER_ONLY,
            },
        );
        assert_eq!(
            refused,
            Err(PathError::ClientMismatch(Mismatch::ClusterDnsFromOutside))
        );
    }
    assert!(Mismatch::ClusterDnsFromOutside
        .to_string()
        .contains("168.63.129.16"));
    assert!(trace(
        &plan,
        Endpoint::Pod(PodId::new(0)),
        Target::ServiceName {
            service: CLUSTER_ONLY
        }
    )
    .is_ok());
}

/// A pod calling its own node's hostPort is DNATed by the CNI portmap rule
/// without leaving the node; when it is the hostPort's own pod, portmap's
/// hairpin rule masquerades it (derived).
#[test]
fn a_hostport_on_the_callers_own_node_never_leaves_it() {
    let mut spec = example_spec(NetworkPlugin::Kubenet);
    let mut web = Deployment::new("web", 2);
    web.host_port = Some(8443);
    spec.deployments = vec![web];
    let plan = build(&spec);
    let traced = run(
        &plan,
        Endpoint::Pod(PodId::new(0)),
        Target::HostPort {
            deployment: aks_model::DeploymentId::new(0),
            node: NodeId::new(0),
        },
    );
    assert!(at(&traced, |at| *at == Location::VnetFabric).is_empty());
    assert_eq!(
        seen_source(&traced).ip(),
        &plan.nodes[0].bridge_ip.expect("cbr0")
    );
    let other = run(
        &plan,
        Endpoint::Pod(PodId::new(1)),
        Target::HostPort {
            deployment: aks_model::DeploymentId::new(0),
            node: NodeId::new(0),
        },
    );
    assert_eq!(
        seen_source(&other).ip(),
        &node_ip(&plan, 1),
        "kubenet masquerades to its node"
    );
}

/// Every hop of every flow, under every model and outbound type, cites one
/// of the sources the widget links to a public page.
#[test]
fn every_hop_cites_a_listed_source() {
    for plugin in NetworkPlugin::ALL {
        for outbound in [OutboundType::LoadBalancer, OutboundType::UserDefinedRouting] {
            let plan = with_outbound(plugin, 1, outbound);
            for (from, to) in every_flow(&plan) {
                let Ok(traced) = trace(&plan, from, to) else {
                    continue;
                };
                for hop in traced.steps().chain(&traced.reply) {
                    assert!(REFERENCES.contains(&hop.reference), "{}", hop.reference);
                }
            }
        }
    }
}

/// A node resolves names through Azure DNS, 168.63.129.16, not CoreDNS
/// (aks-facts §10; Kubernetes' DNS page: hostNetwork with ClusterFirst
/// falls back to the node's resolver). Connecting to its own pods under
/// kubenet, it leaves by cbr0, whose address is the source (the route's
/// `src 10.244.N.1`, §10).
#[test]
fn a_node_is_a_client_with_the_nodes_resolver_and_routes() {
    let plan = lab(NetworkPlugin::Kubenet, 3);
    assert_eq!(
        trace(
            &plan,
            Endpoint::Node(NodeId::new(0)),
            Target::ServiceName {
                service: CLUSTER_ONLY
            }
        ),
        Err(PathError::ClientMismatch(Mismatch::ClusterDnsFromNode))
    );
    let own_pod = Target::Pod {
        pod: PodId::new(0),
        port: 8080,
    };
    let traced = run(&plan, Endpoint::Node(NodeId::new(0)), own_pod);
    assert_eq!(
        seen_source(&traced).ip(),
        &plan.nodes[0].bridge_ip.expect("cbr0")
    );
    let overlay = lab(NetworkPlugin::AzureCniOverlay, 3);
    let traced = run(&overlay, Endpoint::Node(NodeId::new(0)), own_pod);
    assert_eq!(seen_source(&traced).ip(), &node_ip(&overlay, 0));
}

/// kube-proxy drops traffic for a Local Service on a node without a local
/// endpoint, but rejects it when the Service has no endpoint at all
/// (pkg/proxy/iptables/proxier.go: "The service has no endpoints at all").
#[test]
fn a_local_service_without_endpoints_refuses() {
    let plan = lab(NetworkPlugin::AzureCniOverlay, 0);
    let traced = run(
        &plan,
        Endpoint::VnetVm,
        Target::NodePort {
            service: NODE_PORT_LOCAL,
            node: NodeId::new(0),
        },
    );
    assert!(
        matches!(traced.verdict, Verdict::Refused { .. }),
        "{:?}",
        traced.verdict
    );
    let one = lab(NetworkPlugin::AzureCniOverlay, 1);
    let elsewhere = run(
        &one,
        Endpoint::VnetVm,
        Target::NodePort {
            service: NODE_PORT_LOCAL,
            node: NodeId::new(1),
        },
    );
    assert!(matches!(elsewhere.verdict, Verdict::Dropped { .. }));
}
