//! Prepared scenarios: each a name for `?preset=`, a title for the picker,
//! a sentence on what it shows, and the query string that sets it up. The
//! queries use the widget's own URL parameters, so a preset is just a link.

/// One prepared scenario.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Preset {
    /// The value of `?preset=`.
    pub name: &'static str,
    pub title: &'static str,
    pub shows: &'static str,
    pub query: &'static str,
}

pub const PRESETS: [Preset; 7] = [
    Preset {
        name: "advanced",
        title: "Advanced networking (the source posts)",
        shows: "The posts' scenario: 3 nodes, 3 replicas, a private Service on an internal load balancer in its own services subnet, \
                the container on 80, the Service on 90, and the posts' \"pod port 85\" read as targetPort 85. Nothing listens on 85: \
                the packet is refused. Kubernetes remaps no port inside a pod; set targetPort to 80 (see what the posts said, under the Service anatomy).",
        query: "model=cni&service=internal&servicesSubnet=10.225.0.0/24&listenPort=80&containerPort=80&port=90&targetPort=85&flow=onprem.lb0&hop=6",
    },
    Preset {
        name: "kubenet",
        title: "kubenet basics",
        shows: "Pods get addresses from the pod CIDR, a /24 per node, outside the VNet. A packet to a pod on another node leaves its node \
                untranslated and follows the route table to the other node.",
        query: "model=kubenet&replicas=6&flow=pod0.pod1",
    },
    Preset {
        name: "cni",
        title: "Azure CNI Node Subnet basics",
        shows: "Every node reserves max pods (30) addresses of the node subnet up front, so pods are VNet addresses: a VM in the VNet reaches a pod directly.",
        query: "model=cni&replicas=6&flow=vm.pod0",
    },
    Preset {
        name: "fill24",
        title: "Azure CNI fills a /24",
        shows: "A /24 node subnet has 251 usable addresses. With 31 per node (the node and its 30 pods), 8 nodes fit, but not the surge node an upgrade needs; a 9th node does not fit at all.",
        query: "model=cni&nodes=8&replicas=40&vnet=10.10.0.0/16&nodeSubnet=10.10.1.0/24",
    },
    Preset {
        name: "overlay-scale",
        title: "Azure CNI Overlay at scale",
        shows: "500 nodes with 100 pods each: the node subnet holds only the nodes, and each node takes a /24 of a pod CIDR that must be large enough (a /16 holds 256 nodes; this one is a /14).",
        query: "model=overlay&nodes=500&replicas=50000&maxPods=110&podCidr=10.240.0.0/14",
    },
    Preset {
        name: "podsubnet",
        title: "Azure CNI Pod Subnet",
        shows: "Pods take VNet addresses from their own subnet, in batches of 16 per node, and keep them on the way out: a VM in a peered VNet sees the pod's own address.",
        query: "model=podsubnet&replicas=12&flow=pod0.peered",
    },
    Preset {
        name: "source-ip",
        title: "Where does my source IP go?",
        shows: "A pod talks to a VM in a peered VNet, under Overlay and, beside it, Pod Subnet: Overlay SNATs the packet to the node, \
                Pod Subnet keeps the pod's address. Switch either model to see the others: kubenet SNATs like Overlay, \
                Azure CNI Node Subnet too (the destination is outside the VNet).",
        query: "model=overlay&compare=podsubnet&flow=pod0.peered",
    },
];

/// The preset of this name.
pub fn preset_named(name: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|preset| preset.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::Lab;
    use crate::url::read_query;
    use aks_model::path::Verdict;
    use aks_model::{Failure, NetworkPlugin};

    fn load(name: &str) -> Lab {
        let preset = preset_named(name).expect("a preset");
        let read = read_query(preset.query);
        assert_eq!(read.problems, Vec::<String>::new(), "{name}");
        let lab = Lab::from_url(read);
        assert!(
            lab.url_problems.is_empty(),
            "{name}: {:?}",
            lab.url_problems
        );
        lab
    }

    fn verdict(lab: &Lab) -> Verdict {
        lab.trace().expect("the preset follows a packet").verdict
    }

    /// Every preset loads without a problem, under a unique name.
    #[test]
    fn every_preset_loads_cleanly() {
        for preset in PRESETS {
            load(preset.name);
            assert_eq!(PRESETS.iter().filter(|p| p.name == preset.name).count(), 1);
        }
    }

    /// aks-facts §7.1: targetPort 85 reaches nothing when the container
    /// listens on 80; the internal LB's frontend is in the services subnet.
    #[test]
    fn the_source_posts_scenario_refuses_port_85() {
        let lab = load("advanced");
        assert_eq!((lab.plan.nodes.len(), lab.plan.pods.len()), (3, 3));
        let frontend = lab.plan.services[0].frontend.expect("a frontend");
        assert!(frontend.to_string().starts_with("10.225.0."), "{frontend}");
        assert!(matches!(verdict(&lab), Verdict::Refused { reason } if reason.contains("port 85")));
    }

    /// aks-facts §3.1 and §6.1: a /24 has 251 usable addresses; 8 nodes × 31
    /// fit (248), the surge node's 31 more do not.
    #[test]
    fn the_slash_24_preset_runs_out_for_the_upgrade() {
        let lab = load("fill24");
        assert_eq!(lab.plan.capacity.node_subnet_usable, 251);
        assert!(
            lab.plan
                .failures
                .iter()
                .any(|f| matches!(f, Failure::SubnetIsFull { .. })),
            "{:?}",
            lab.plan.failures
        );
    }

    /// aks-facts §1.3: Overlay needs no VNet address per pod, and a /14 pod
    /// CIDR holds 1,024 node /24s.
    #[test]
    fn overlay_at_scale_runs_every_pod() {
        let lab = load("overlay-scale");
        assert_eq!(lab.plan.plugin, NetworkPlugin::AzureCniOverlay);
        assert_eq!(lab.plan.capacity.pods_running, 50_000);
        assert!(lab.plan.failures.is_empty(), "{:?}", lab.plan.failures);
    }

    /// aks-facts §5.7: Pod Subnet keeps the pod's address; Overlay SNATs it.
    #[test]
    fn the_source_ip_presets_show_who_sees_what() {
        let seen = |lab: &Lab| match verdict(lab) {
            Verdict::Delivered { seen_source } => *seen_source.ip(),
            other => panic!("{other:?}"),
        };
        let podsubnet = load("podsubnet");
        assert_eq!(Some(seen(&podsubnet)), podsubnet.plan.pods[0].ip);
        let overlay = load("source-ip");
        assert_eq!(Some(seen(&overlay)), overlay.plan.nodes[0].ip);
        let beside = overlay
            .compared_trace()
            .expect("the same packet under Pod Subnet");
        let Some((_, Ok(pod_subnet))) = &overlay.compare else {
            panic!("compared")
        };
        assert!(
            matches!(beside.verdict, Verdict::Delivered { seen_source } if Some(*seen_source.ip()) == pod_subnet.pods[0].ip)
        );
    }
}
