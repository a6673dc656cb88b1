//! Packet paths checked against the fact sheet's hop tables (aks-facts §4, §5
//! and §7), for every network model; each test cites its section.

mod common;

use std::net::SocketAddrV4;

use aks_model::path::{trace, Device, Endpoint, Hosts, Location, PathError, Target, Verdict};
use aks_model::{
    ClusterSpec, Deployment, LoadBalancerScope, NetworkPlugin, OutboundType, ServiceKind,
    ServiceSpec, SubnetSpec, TrafficPolicy,
};
use aks_model::{DeploymentId, NodeId, PodId, ServiceId};
use common::lab::*;
use common::{build, example_spec, ip, net};

/// §5.1: pod to pod on the same node never leaves the VM, with no NAT.
/// §5.2: across nodes, kubenet goes through the route table to the other
/// node as a virtual appliance; Azure CNI through the VNet; Overlay through
/// its routing domain; none of them translates anything.
#[test]
fn pod_to_pod_is_never_translated_and_takes_each_models_route() {
    for plugin in NetworkPlugin::ALL {
        // 4 replicas on 3 nodes: web-0 and web-3 share node 0, web-1 is on node 1.
        let plan = lab(plugin, 4);
        let same = run(
            &plan,
            Endpoint::Pod(PodId::new(0)),
            Target::Pod {
                pod: PodId::new(3),
                port: 8080,
            },
        );
        assert!(
            same.hops
                .iter()
                .any(|h| h.at == Location::PodNetwork(NodeId::new(0))),
            "{plugin}"
        );
        assert!(!same
            .hops
            .iter()
            .any(|h| matches!(h.at, Location::RouteTable | Location::VnetFabric)));
        assert_eq!(seen_source(&same).ip(), &plan.pods[0].ip.expect("running"));

        let cross = run(
            &plan,
            Endpoint::Pod(PodId::new(0)),
            Target::Pod {
                pod: PodId::new(1),
                port: 8080,
            },
        );
        assert_eq!(rewriters(&cross), [], "{plugin}: no NAT between pods");
        assert_eq!(
            seen_source(&cross),
            SocketAddrV4::new(plan.pods[0].ip.expect("running"), 40_000)
        );
        let via = |location| cross.hops.iter().any(|h| h.at == location);
        match plugin {
            NetworkPlugin::Kubenet => {
                let route = cross
                    .hops
                    .iter()
                    .find(|h| h.at == Location::RouteTable)
                    .expect("a UDR hop");
                assert!(route
                    .explanation
                    .contains("10.244.1.0/24 to VirtualAppliance 10.10.1.5"));
            }
            NetworkPlugin::AzureCni | NetworkPlugin::AzureCniPodSubnet => {
                assert!(via(Location::VnetFabric) && !via(Location::RouteTable));
            }
            NetworkPlugin::AzureCniOverlay => {
                assert!(via(Location::OverlayRouting) && !via(Location::RouteTable));
            }
        }
    }
}

/// §5.3: kube-proxy on the client's node DNATs the ClusterIP to an
/// endpoint's targetPort without touching the source; the reply comes back
/// from the ClusterIP. The DNS lookup goes to 10.0.0.10:53 first.
#[test]
fn cluster_ip_is_dnatted_on_the_clients_node_and_the_reply_comes_from_it() {
    for plugin in NetworkPlugin::ALL {
        let plan = lab(plugin, 3);
        let cluster_ip = plan.services[CLUSTER_ONLY.index()]
            .cluster_ip
            .expect("a ClusterIP");
        let traced = run(
            &plan,
            Endpoint::Pod(PodId::new(1)),
            Target::ServiceName {
                service: CLUSTER_ONLY,
            },
        );
        assert_eq!(traced.lookup[0].dst, "10.0.0.10:53".parse().expect("valid"));
        assert!(traced.lookup[1]
            .explanation
            .contains(&cluster_ip.to_string()));

        let dnat = traced
            .hops
            .iter()
            .find(|h| h.rewritten_by.is_some())
            .expect("a DNAT");
        assert_eq!(
            dnat.at,
            Location::Node(NodeId::new(1)),
            "{plugin}: on the client's node"
        );
        assert_eq!(dnat.rewritten_by, Some(Device::KubeProxy));
        assert!(dnat.changed.dst_ip && dnat.changed.dst_port && !dnat.changed.src_ip);
        assert_eq!(
            dnat.dst,
            SocketAddrV4::new(plan.pods[0].ip.expect("running"), 8080)
        );
        assert_eq!(
            seen_source(&traced).ip(),
            &plan.pods[1].ip.expect("running")
        );

        let back = traced.reply.last().expect("a reply");
        assert_eq!(back.src, SocketAddrV4::new(cluster_ip, 80));
        assert_eq!(
            back.dst,
            SocketAddrV4::new(plan.pods[1].ip.expect("running"), 40_000)
        );
    }
}

/// §5.4 and the §1.0 matrix: a VM in the VNet, a peered VNet or on premises
/// reaches a Node Subnet or Pod Subnet pod directly and untranslated; a
/// kubenet or Overlay pod IP is not routable from outside.
#[test]
fn outside_hosts_reach_pod_ips_only_with_vnet_addressed_pods() {
    for plugin in NetworkPlugin::ALL {
        let plan = lab(plugin, 3);
        let hosts = Hosts::of(&plan);
        for (from, client) in [
            (Endpoint::VnetVm, hosts.vnet_vm.expect("room in the VNet")),
            (Endpoint::PeeredVnetVm, hosts.peered_vm),
            (Endpoint::OnPremises, hosts.on_premises),
        ] {
            let traced = run(
                &plan,
                from,
                Target::Pod {
                    pod: PodId::new(0),
                    port: 8080,
                },
            );
            if plugin.uses_pod_cidr() {
                assert!(
                    matches!(&traced.verdict, Verdict::Dropped { reason } if reason.contains("not part of the VNet")),
                    "{plugin} {from:?}: {:?}",
                    traced.verdict
                );
            } else {
                assert_eq!(seen_source(&traced).ip(), &client, "{plugin} {from:?}");
                assert_eq!(rewriters(&traced), []);
            }
        }
    }
    // §5.0's example VM sits in the next free /24 of the VNet.
    assert_eq!(
        Hosts::of(&lab(NetworkPlugin::AzureCni, 1)).vnet_vm,
        Some(ip("10.10.0.4"))
    );
}

/// §5.7: what a destination outside the cluster sees as the source.
#[test]
fn what_outside_destinations_see_matches_the_fact_sheet_table() {
    for plugin in NetworkPlugin::ALL {
        let plan = lab(plugin, 3);
        let pod_ip = plan.pods[0].ip.expect("running");
        let node = node_ip(&plan, 0);
        let hosts = Hosts::of(&plan);
        let seen = |to| *seen_source(&run(&plan, Endpoint::Pod(PodId::new(0)), to)).ip();
        let (vnet, peered) = match plugin {
            NetworkPlugin::Kubenet | NetworkPlugin::AzureCniOverlay => (node, node),
            NetworkPlugin::AzureCni => (pod_ip, node),
            NetworkPlugin::AzureCniPodSubnet => (pod_ip, pod_ip),
        };
        assert_eq!(seen(Target::VnetVm), vnet, "{plugin}: VM in the same VNet");
        // Another node is a VNet destination too; its own node is local.
        assert_eq!(
            seen(Target::Node {
                node: NodeId::new(1),
                port: 10250
            }),
            vnet,
            "{plugin}: node B"
        );
        assert_eq!(
            seen(Target::Node {
                node: NodeId::new(0),
                port: 10250
            }),
            pod_ip,
            "{plugin}: own node"
        );
        assert_eq!(seen(Target::PeeredVnetVm), peered, "{plugin}: peered VNet");
        assert_eq!(seen(Target::OnPremises), peered, "{plugin}: on premises");
        assert_eq!(
            seen(Target::InternetServer),
            hosts.egress,
            "{plugin}: internet"
        );
        assert_eq!(hosts.egress, ip("198.51.100.20"));
    }
}

/// §5.7: to the internet, kubenet masquerades to the node first and the load
/// balancer's outbound rule SNATs to its public IP with a port from the
/// node's 1,024 (§4.6: 1–50 nodes get 1,024 each); a NAT gateway or your
/// firewall (userDefinedRouting, 0.0.0.0/0 → VirtualAppliance) SNAT instead.
/// With Pod Subnet the node leaves the pod IP alone.
#[test]
fn egress_to_the_internet_follows_the_outbound_type() {
    let plan = lab(NetworkPlugin::Kubenet, 3);
    let traced = run(&plan, Endpoint::Pod(PodId::new(1)), Target::InternetServer);
    assert_eq!(
        rewriters(&traced),
        [
            (Location::Node(NodeId::new(1)), Device::IpMasqAgent),
            (Location::OutboundRule, Device::OutboundRule)
        ]
    );
    assert_eq!(
        traced.hops[1].src,
        SocketAddrV4::new(node_ip(&plan, 1), 40_000)
    );
    assert_eq!(
        seen_source(&traced),
        "198.51.100.20:2048".parse().expect("valid")
    );

    let pod_subnet = lab(NetworkPlugin::AzureCniPodSubnet, 3);
    let traced = run(
        &pod_subnet,
        Endpoint::Pod(PodId::new(0)),
        Target::InternetServer,
    );
    assert_eq!(
        rewriters(&traced),
        [(Location::OutboundRule, Device::OutboundRule)]
    );

    for (outbound, device) in [
        (OutboundType::NatGateway, Device::NatGateway),
        (OutboundType::UserDefinedRouting, Device::Firewall),
    ] {
        let spec = ClusterSpec {
            outbound_type: outbound,
            ..example_spec(NetworkPlugin::AzureCniOverlay)
        };
        let plan = build(&spec);
        let traced = run(&plan, Endpoint::Pod(PodId::new(0)), Target::InternetServer);
        assert_eq!(rewriters(&traced).last().map(|(_, d)| *d), Some(device));
        assert_eq!(seen_source(&traced).ip(), &ip("198.51.100.20"));
        if outbound == OutboundType::UserDefinedRouting {
            let route = traced
                .hops
                .iter()
                .find(|h| h.at == Location::RouteTable)
                .expect("the UDR");
            assert!(route.explanation.contains("0.0.0.0/0 to VirtualAppliance"));
        }
    }
}

/// §5.5: on premises → internal load balancer. Floating IP leaves the
/// destination unchanged at the load balancer; with Cluster, kube-proxy DNATs
/// and SNATs to the node; with Local, only DNAT, and the client IP survives.
/// The reply comes from the frontend.
#[test]
fn internal_load_balancer_from_on_premises_under_both_policies() {
    for plugin in NetworkPlugin::ALL {
        let plan = lab(plugin, 3);
        let hosts = Hosts::of(&plan);
        let cluster = run(
            &plan,
            Endpoint::OnPremises,
            Target::LoadBalancer { service: INTERNAL },
        );
        let frontend = plan.services[INTERNAL.index()]
            .frontend
            .expect("a frontend");
        let at_lb = cluster
            .hops
            .iter()
            .find(|h| matches!(h.at, Location::LoadBalancer(_)))
            .expect("the LB");
        assert!(
            !at_lb.changed.any(),
            "floating IP: nothing rewritten at the LB"
        );
        assert_eq!(at_lb.dst, SocketAddrV4::new(frontend, 80));
        assert!(cluster.hops.iter().any(|h| h.at == Location::Gateway));
        assert_eq!(
            rewriters(&cluster),
            [(Location::Node(NodeId::new(0)), Device::KubeProxy)]
        );
        assert_eq!(
            seen_source(&cluster).ip(),
            &node_ip(&plan, 0),
            "{plugin}: SNAT to the node"
        );
        let back = cluster.reply.last().expect("a reply");
        assert_eq!(back.src, SocketAddrV4::new(frontend, 80));
        assert_eq!(back.dst, SocketAddrV4::new(hosts.on_premises, 52_000));

        let local = run(
            &plan,
            Endpoint::OnPremises,
            Target::LoadBalancer {
                service: INTERNAL_LOCAL,
            },
        );
        assert_eq!(
            seen_source(&local),
            SocketAddrV4::new(hosts.on_premises, 52_000),
            "{plugin}"
        );
    }
    assert_eq!(
        Hosts::of(&lab(NetworkPlugin::Kubenet, 1)).on_premises,
        ip("192.168.50.10")
    );
}

/// §5.6 and §4.5: internet → public load balancer; Cluster hides the client
/// behind the node's IP, Local keeps 203.0.113.50:51000. A Local Service only
/// gets traffic on nodes that run one of its pods (the others fail the probe).
#[test]
fn public_load_balancer_and_external_traffic_policy() {
    let plan = lab(NetworkPlugin::AzureCniOverlay, 1); // one pod, on node 0
    let cluster = run(
        &plan,
        Endpoint::Internet,
        Target::LoadBalancer { service: PUBLIC },
    );
    assert_eq!(seen_source(&cluster).ip(), &node_ip(&plan, 0));
    let local = run(
        &plan,
        Endpoint::Internet,
        Target::LoadBalancer {
            service: PUBLIC_LOCAL,
        },
    );
    assert_eq!(
        seen_source(&local),
        "203.0.113.50:51000".parse().expect("valid")
    );

    // §6.8: a NodePort with Local on a node without a local pod drops the packet.
    let on_empty_node = run(
        &plan,
        Endpoint::VnetVm,
        Target::NodePort {
            service: NODE_PORT_LOCAL,
            node: NodeId::new(1),
        },
    );
    assert!(
        matches!(on_empty_node.verdict, Verdict::Dropped { ref reason } if reason.contains("runs no pod"))
    );
    let on_pods_node = run(
        &plan,
        Endpoint::VnetVm,
        Target::NodePort {
            service: NODE_PORT_LOCAL,
            node: NodeId::new(0),
        },
    );
    assert_eq!(
        seen_source(&on_pods_node).ip(),
        &Hosts::of(&plan).vnet_vm.expect("room")
    );
    // §5.4: with Cluster the NodePort SNATs to the node that received it,
    // which forwards to the pod on another node.
    let forwarded = run(
        &plan,
        Endpoint::VnetVm,
        Target::NodePort {
            service: NODE_PORT,
            node: NodeId::new(2),
        },
    );
    assert_eq!(seen_source(&forwarded).ip(), &node_ip(&plan, 2));
    assert_eq!(
        forwarded.hops[0].dst,
        SocketAddrV4::new(node_ip(&plan, 2), 31080)
    );
}

/// §4.1: a ClusterIP is reachable only inside the cluster; an internal load
/// balancer's frontend is private, so the internet cannot reach it either.
#[test]
fn unreachable_addresses_are_dropped_with_the_reason() {
    let plan = lab(NetworkPlugin::AzureCni, 3);
    let outside = run(
        &plan,
        Endpoint::VnetVm,
        Target::ClusterIp {
            service: CLUSTER_ONLY,
        },
    );
    assert!(
        matches!(outside.verdict, Verdict::Dropped { ref reason } if reason.contains("virtual address"))
    );
    let internet = run(
        &plan,
        Endpoint::Internet,
        Target::LoadBalancer { service: INTERNAL },
    );
    assert!(
        matches!(internet.verdict, Verdict::Dropped { ref reason } if reason.contains("private address"))
    );
    assert_eq!(internet.reply, []);

    // A pod that is Pending has no address to reach.
    let mut spec = example_spec(NetworkPlugin::AzureCni);
    spec.deployments = vec![Deployment::new("web", 100)]; // 3 × 30 fit
    let crowded = build(&spec);
    let traced = run(
        &crowded,
        Endpoint::Pod(PodId::new(0)),
        Target::Pod {
            pod: PodId::new(99),
            port: 8080,
        },
    );
    assert!(
        matches!(traced.verdict, Verdict::Dropped { ref reason } if reason.contains("Pending"))
    );
}

/// §7.1 and §4.2: the source posts' scenario. The container listens on 80 and
/// the private Service exposes port 90 on an internal load balancer in a
/// separate "services" subnet. Reading "the pod remaps 80 to 85" as
/// targetPort 85 sends traffic to a port nothing listens on. A pod calling
/// the Service is refused at once; the on-premises client times out, because
/// the load balancer's TCP probe on the nodePort fails on every node
/// (§10, derived from §4.4's probe). targetPort 80 is the real mapping.
#[test]
fn the_source_posts_port_story_under_both_readings() {
    for (target_port, works) in [(85, false), (80, true)] {
        let mut web = Deployment::new("web", 3);
        web.listen_port = 80;
        let spec = ClusterSpec {
            extra_subnets: vec![SubnetSpec {
                name: "services".into(),
                cidr: net("10.10.3.0/24"),
            }],
            deployments: vec![web],
            services: vec![ServiceSpec {
                name: "private".into(),
                selector: "web".into(),
                kind: ServiceKind::LoadBalancer(LoadBalancerScope::Internal {
                    subnet: Some("services".into()),
                }),
                port: 90,
                target_port: target_port.into(),
                node_port: None,
                external_traffic_policy: TrafficPolicy::Cluster,
            }],
            ..example_spec(NetworkPlugin::AzureCni)
        };
        let plan = build(&spec);
        let private = ServiceId::new(0);
        let outside = run(
            &plan,
            Endpoint::OnPremises,
            Target::LoadBalancer { service: private },
        );
        assert_eq!(outside.hops[0].dst, SocketAddrV4::new(ip("10.10.3.4"), 90));
        let inside = run(
            &plan,
            Endpoint::Pod(PodId::new(0)),
            Target::ServiceName { service: private },
        );
        match (&outside.verdict, &inside.verdict, works) {
            (Verdict::Delivered { .. }, Verdict::Delivered { .. }, true) => {}
            (Verdict::Dropped { reason: timeout }, Verdict::Refused { reason: refused }, false) => {
                assert!(timeout.contains("times out"), "{timeout}");
                let probe = outside.hops.last().expect("the probe's hop");
                assert!(matches!(probe.at, Location::LoadBalancer(_)) && probe.derived);
                assert!(
                    refused.contains("port 85") && refused.contains("listens on 80"),
                    "{refused}"
                );
            }
            (other, inner, _) => panic!("targetPort {target_port}: {other:?} / {inner:?}"),
        }
    }
}

#[test]
fn impossible_flows_are_errors_not_panics() {
    let plan = lab(NetworkPlugin::Kubenet, 3);
    let errors = [
        trace(&plan, Endpoint::Pod(PodId::new(99)), Target::VnetVm),
        trace(&plan, Endpoint::Node(NodeId::new(9)), Target::VnetVm),
        trace(
            &plan,
            Endpoint::VnetVm,
            Target::NodePort {
                service: CLUSTER_ONLY,
                node: NodeId::new(0),
            },
        ),
        trace(
            &plan,
            Endpoint::VnetVm,
            Target::LoadBalancer { service: NODE_PORT },
        ),
        trace(
            &plan,
            Endpoint::VnetVm,
            Target::ServiceName { service: PUBLIC },
        ),
        trace(&plan, Endpoint::OnPremises, Target::InternetServer),
        trace(&plan, Endpoint::VnetVm, Target::VnetVm),
    ];
    for result in errors {
        let error: PathError = result.expect_err("not a flow");
        assert!(!error.to_string().is_empty());
    }
    // Each missing thing is named for what it is.
    let missing_deployment = DeploymentId::new(7);
    assert_eq!(
        trace(
            &plan,
            Endpoint::VnetVm,
            Target::HostPort {
                deployment: missing_deployment,
                node: NodeId::new(0),
            },
        ),
        Err(PathError::NoSuchDeployment(missing_deployment))
    );
    assert_eq!(
        trace(&plan, Endpoint::Pod(PodId::new(99)), Target::VnetVm),
        Err(PathError::NoSuchPod(PodId::new(99)))
    );
}

/// Every source to every destination, under every model: never a panic; each
/// hop's changed fields match its addresses; only a named device rewrites;
/// a delivered flow's reply ends at the client, from the address it sent to.
#[test]
fn every_flow_is_consistent_and_its_reply_returns_to_the_client() {
    for plugin in NetworkPlugin::ALL {
        for (replicas, outbound) in [
            (0, OutboundType::LoadBalancer),
            (1, OutboundType::NatGateway),
            (4, OutboundType::UserDefinedRouting),
        ] {
            let mut spec = lab_spec(plugin, replicas);
            spec.outbound_type = outbound;
            let plan = build(&spec);
            for (from, to) in every_flow(&plan) {
                let Ok(traced) = trace(&plan, from, to) else {
                    continue;
                };
                let flow = format!("{plugin} {outbound:?} {from:?} → {to:?}");
                for pair in traced.hops.windows(2) {
                    // The receiver's answer turns the packet round (shown
                    // when the answer is what fails): nothing rewrites it.
                    let answer = (pair[1].src, pair[1].dst) == (pair[0].dst, pair[0].src);
                    let moved =
                        !answer && (pair[0].src != pair[1].src || pair[0].dst != pair[1].dst);
                    assert_eq!(pair[1].changed.any(), moved, "{flow}");
                    assert_eq!(pair[1].rewritten_by.is_some(), moved, "{flow}");
                }
                if let Verdict::Delivered { seen_source } = traced.verdict {
                    let first = &traced.hops[0];
                    let last = traced.hops.last().expect("hops");
                    assert_eq!(seen_source, last.src);
                    let back = traced.reply.last().expect("a reply");
                    assert_eq!((back.src, back.dst), (first.dst, first.src), "{flow}");
                }
            }
        }
    }
}
