//! Guided lessons: steps that each set the widget's state (a query string,
//! like a link), say a few sentences, and ask the learner to predict a
//! figure before revealing it. The answer is never written in the lesson:
//! it is computed from the plan on screen, so if the learner changes the
//! scenario, the expected answer changes with it.

use std::net::Ipv4Addr;

use aks_model::capacity::node_subnet_addresses_per_node;
use aks_model::limits::Grouped;
use aks_model::path::{trace, Endpoint, Location, Target};
use aks_model::{Plan, PodId, ServiceId};

/// A figure the model computes for the plan on screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Question {
    /// Node-subnet addresses the nodes and the surge node need.
    NodeSubnetNeeded,
    /// The largest node count the ranges allow.
    LargestNodeCount,
    /// Usable VNet addresses the plan hands out.
    VnetAddressesInUse,
    /// The source address the receiver sees on this packet.
    SourceSeen(Endpoint, Target),
}

/// What on screen already shows a question's answer, concealed until the
/// learner reveals it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Giveaway {
    /// The address plan's count of node-subnet addresses needed.
    NodeSubnetNeeded,
    /// The address plan's largest node count.
    LargestNodeCount,
    /// The comparison's count of VNet addresses in use.
    VnetAddresses,
    /// The packet's addresses after its first hop, and its verdict.
    PacketPath,
}

/// Where in the diagram the answer is to be seen, once revealed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pointer {
    NodeSubnet,
    Vnet,
    At(Location),
}

/// A question answered on a plan: the answer as the learner would type it,
/// why it is what it is (with the plan's figures), and where it is in the
/// diagram.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Solution {
    pub answer: String,
    pub explanation: String,
    pub pointer: Pointer,
}

impl Question {
    /// The question answered and explained on `plan` (a packet is traced
    /// once).
    pub fn solve(self, plan: &Plan) -> Solution {
        let solution = |answer: String, explanation: String, pointer| Solution {
            answer,
            explanation,
            pointer,
        };
        match self {
            Self::NodeSubnetNeeded => {
                let needed = node_subnet_needed(plan);
                // With the autoscaler on, the plan is for its max count and
                // that count's surge (aks-facts §3.2).
                let node_count = u64::from(plan.capacity.planned_nodes);
                let surge = plan.capacity.planned_surge;
                let nodes = node_count + u64::from(surge);
                let per_node = node_subnet_addresses_per_node(plan.plugin, plan.max_pods());
                let each = if per_node > 1 {
                    format!("1 + {} max pods = {per_node} addresses", plan.max_pods())
                } else {
                    "1 address".into()
                };
                let frontends = needed.saturating_sub(nodes * per_node);
                let frontends = if frontends > 0 {
                    format!(", plus {frontends} internal load balancer frontend(s)")
                } else {
                    String::new()
                };
                solution(
                    needed.to_string(),
                    format!(
                        "{}{node_count} nodes + {surge} surge node(s) ({}) = {nodes} nodes; under {} each takes {each}: {nodes} × {per_node} = {}{frontends}.",
                        if plan.autoscaler().is_some() { "The autoscaler's max count, " } else { "" },
                        plan.capacity.max_surge.explained_for(node_count as u32),
                        plan.plugin,
                        Grouped(nodes * per_node),
                    ),
                    Pointer::NodeSubnet,
                )
            }
            Self::LargestNodeCount => {
                let largest = plan.capacity.max_nodes;
                solution(
                    largest.to_string(),
                    format!(
                        "{}: {}, keeping room for {} surge node(s) ({}).",
                        Grouped(u64::from(largest)),
                        plan.capacity.limited_by.limit(),
                        plan.capacity.surge_at_max,
                        plan.capacity.max_surge.explained_for(largest)
                    ),
                    Pointer::NodeSubnet,
                )
            }
            Self::VnetAddressesInUse => {
                let in_use = plan.vnet_addresses_in_use();
                let parts: Vec<String> = plan
                    .ranges
                    .iter()
                    .filter(|range| range.name.is_vnet_subnet())
                    .map(|range| format!("{} {}", range.name, Grouped(range.used())))
                    .collect();
                solution(
                    in_use.to_string(),
                    format!(
                        "{} = {}: every address handed out in the VNet's subnets.",
                        parts.join(" + "),
                        Grouped(in_use)
                    ),
                    Pointer::Vnet,
                )
            }
            Self::SourceSeen(from, to) => source_seen(plan, from, to),
        }
    }

    /// What on screen gives the answer away.
    pub fn giveaway(self) -> Giveaway {
        match self {
            Self::NodeSubnetNeeded => Giveaway::NodeSubnetNeeded,
            Self::LargestNodeCount => Giveaway::LargestNodeCount,
            Self::VnetAddressesInUse => Giveaway::VnetAddresses,
            Self::SourceSeen(..) => Giveaway::PacketPath,
        }
    }
}

/// The source the receiver of `from` → `to` sees on `plan`, who rewrote it,
/// and the receiver's place (where the packet last is).
fn source_seen(plan: &Plan, from: Endpoint, to: Target) -> Solution {
    let path = match trace(plan, from, to) {
        Ok(path) => path,
        Err(why) => {
            return Solution {
                answer: NOTHING_ARRIVES.into(),
                explanation: why.to_string(),
                pointer: Pointer::NodeSubnet,
            }
        }
    };
    let pointer = path
        .steps()
        .last()
        .map_or(Pointer::NodeSubnet, |hop| Pointer::At(hop.at));
    let Some(seen) = path.verdict.seen_source().map(|seen| *seen.ip()) else {
        return Solution {
            answer: NOTHING_ARRIVES.into(),
            explanation: path.verdict.to_string(),
            pointer,
        };
    };
    let rewriter = path
        .steps()
        .filter(|hop| hop.changed.src_ip)
        .last()
        .and_then(|hop| hop.rewritten_by);
    let explanation = match rewriter {
        Some(device) => format!("{device} rewrote the source to {seen}: the receiver sees {seen}."),
        None => format!(
            "Nothing rewrote the source on the way: the receiver sees the sender's own address, {seen}."
        ),
    };
    Solution {
        answer: seen.to_string(),
        explanation,
        pointer,
    }
}

/// The answer when the packet never reaches its receiver.
const NOTHING_ARRIVES: &str = "nothing arrives";

/// Node-subnet addresses the plan needs (nodes, surge, frontends).
fn node_subnet_needed(plan: &Plan) -> u64 {
    plan.requirement()
        .map_or(0, |requirement| requirement.node_subnet_addresses)
}

/// Whether `prediction` is the model's `answer`, read loosely: for a number,
/// the last number written, with `,` between groups of three digits
/// ("1,024 addresses" is 1024, and "4 × 31 = 124" is 124); for an address,
/// the last IPv4 address written, without a port or a prefix
/// ("10.244.0.2:40000" is 10.244.0.2).
pub fn grade(answer: &str, prediction: &str) -> bool {
    if let Ok(truth) = answer.parse::<Ipv4Addr>() {
        return last_address(prediction) == Some(truth);
    }
    if let Some(truth) = last_number(answer) {
        return last_number(prediction) == Some(truth);
    }
    prediction.trim().eq_ignore_ascii_case(answer)
}

/// The last number in `text`: a run of digits, or digits in groups of three
/// after the first, separated by commas ("1,2,3" is three numbers).
fn last_number(text: &str) -> Option<u64> {
    text.split(|c: char| !(c.is_ascii_digit() || c == ','))
        .flat_map(|run| {
            let groups: Vec<&str> = run.split(',').filter(|group| !group.is_empty()).collect();
            let thousands = groups.len() > 1 && groups.iter().skip(1).all(|group| group.len() == 3);
            if thousands {
                vec![groups.concat()]
            } else {
                groups.into_iter().map(str::to_string).collect()
            }
        })
        .rev()
        .find_map(|number| number.parse().ok())
}

/// The last IPv4 address in `text`: the last word made of digits and dots
/// that reads as one.
fn last_address(text: &str) -> Option<Ipv4Addr> {
    text.split(|c: char| !(c.is_ascii_digit() || c == '.'))
        .rev()
        .find_map(|word| word.trim_matches('.').parse().ok())
}

/// One step of a lesson.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Step {
    pub title: &'static str,
    pub text: &'static str,
    /// The widget's state for this step, as a link's query.
    pub query: &'static str,
    pub ask: Option<(&'static str, Question)>,
}

/// A lesson: its `?lesson=` name, its title and its steps.
#[derive(Clone, Copy, Debug)]
pub struct Lesson {
    pub name: &'static str,
    pub title: &'static str,
    pub steps: &'static [Step],
}

/// Lessons are the same when their names are: names are unique (a test
/// checks it), and comparing them spares the bundle a deep comparison.
impl PartialEq for Lesson {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}

impl Eq for Lesson {}

const FIRST_POD: PodId = PodId::new(0);
const PEERED: Question = Question::SourceSeen(Endpoint::Pod(FIRST_POD), Target::PeeredVnetVm);

/// A pod reaching its own Service, for the dataplane lesson.
const TO_OWN_SERVICE: Question = Question::SourceSeen(
    Endpoint::Pod(FIRST_POD),
    Target::ClusterIp {
        service: ServiceId::new(0),
    },
);

pub const LESSONS: [Lesson; 7] = [
    Lesson {
        name: "kubenet",
        title: "kubenet: pods outside the VNet",
        steps: &[
            Step {
                title: "Nodes take VNet addresses; pods do not",
                text: "Each node gets one address of the node subnet and a /24 of the pod CIDR, which is not part of the VNet. Upgrades add surge nodes first: 10% of the pool, rounded up, so one for 3 nodes.",
                query: "model=kubenet&nodes=3",
                ask: Some(("How many node-subnet addresses do these nodes need, counting the surge node?", Question::NodeSubnetNeeded)),
            },
            Step {
                title: "Between nodes, the route table",
                text: "A pod's packet to a pod on another node leaves its node untranslated; the VNet has no route for the pod CIDR, so the cluster's route table sends each /24 to its node. Step through the packet.",
                query: "model=kubenet&nodes=3&flow=pod0.pod1",
                ask: Some(("Which source address does web-1 see?", Question::SourceSeen(Endpoint::Pod(FIRST_POD), Target::Pod { pod: PodId::new(1), port: 8080 }))),
            },
            Step {
                title: "Out of the cluster, the node's address",
                text: "Anything outside the pod CIDR is masqueraded to the node's address, even in the same VNet.",
                query: "model=kubenet&nodes=3&flow=pod0.peered",
                ask: Some(("Which source address does the VM in the peered VNet see?", PEERED)),
            },
        ],
    },
    Lesson {
        name: "cni",
        title: "Azure CNI Node Subnet: addresses reserved up front",
        steps: &[
            Step {
                title: "Every node reserves max pods addresses",
                text: "A node takes its own address and max pods (30 by default) more from the node subnet when it is created, whether or not pods run.",
                query: "model=cni&nodes=3",
                ask: Some(("How many node-subnet addresses do 3 nodes and a surge node need?", Question::NodeSubnetNeeded)),
            },
            Step {
                title: "Pods are VNet addresses",
                text: "A VM in the VNet reaches a pod's own address directly, untranslated.",
                query: "model=cni&nodes=3&flow=vm.pod0",
                ask: Some(("Which source address does the pod see?", Question::SourceSeen(Endpoint::VnetVm, Target::Pod { pod: FIRST_POD, port: 8080 }))),
            },
            Step {
                title: "Outside the VNet, the node again",
                text: "Traffic to private addresses outside the VNet (a peered VNet, on-premises) is SNATed to the node's address.",
                query: "model=cni&nodes=3&flow=pod0.peered",
                ask: Some(("Which source address does the VM in the peered VNet see?", PEERED)),
            },
            Step {
                title: "An upgrade needs room for its surge node",
                text: "Press Play: AKS adds the surge node first, with its own 1 + 30 addresses, then drains and reimages the old nodes one \
                       at a time, and deletes the surge node at the end. Seven nodes leave 34 of the /24's 251 addresses free: room for one \
                       surge node, not two (set max surge to 2 and play it again).",
                query: "model=cni&nodes=7&replicas=14&vnet=10.10.0.0/16&nodeSubnet=10.10.1.0/24&surge=1&upgrade=1",
                ask: None,
            },
            Step {
                title: "The autoscaler's max count is what AKS counts",
                text: "With the cluster autoscaler allowed to grow the pool from 3 to 9 nodes, AKS plans for 9, not for the 3 running: \
                       its pre-check counts the max count (\"If Autoscaler is enabled, the max-count from each nodepool is counted\"), \
                       and so must your plan, with the max count's surge. The address map shows what those nodes would take.",
                query: "model=cni&nodes=3-9&vnet=10.10.0.0/16&nodeSubnet=10.10.1.0/24",
                ask: Some(("How many node-subnet addresses does the plan need for the autoscaler's max count and its surge?", Question::NodeSubnetNeeded)),
            },
        ],
    },
    Lesson {
        name: "overlay",
        title: "Azure CNI Overlay: a /24 per node, outside the VNet",
        steps: &[
            Step {
                title: "The node subnet holds only nodes",
                text: "As with kubenet, pods take addresses from a pod CIDR outside the VNet, a /24 per node, but no route table is needed.",
                query: "model=overlay&nodes=3",
                ask: Some(("How many node-subnet addresses do these nodes need, counting the surge node?", Question::NodeSubnetNeeded)),
            },
            Step {
                title: "The pod CIDR sets the node count",
                text: "Each node takes a /24 of the pod CIDR, whatever its max pods, and each of an upgrade's surge nodes takes one more \
                       (AKS surges 10% of the pool, rounded up, unless max surge is set).",
                query: "model=overlay&nodes=3",
                ask: Some(("What is the largest node count this cluster allows?", Question::LargestNodeCount)),
            },
            Step {
                title: "Out of the cluster",
                text: "Traffic that leaves the pod CIDR is SNATed to the node's address.",
                query: "model=overlay&nodes=3&flow=pod0.peered",
                ask: Some(("Which source address does the VM in the peered VNet see?", PEERED)),
            },
        ],
    },
    Lesson {
        name: "podsubnet",
        title: "Azure CNI Pod Subnet: pods in their own subnet",
        steps: &[
            Step {
                title: "Two subnets",
                text: "Nodes take node-subnet addresses; pods take pod-subnet addresses, handed to each node in batches of 16.",
                query: "model=podsubnet&nodes=3",
                ask: Some(("How many usable VNet addresses does the plan hand out?", Question::VnetAddressesInUse)),
            },
            Step {
                title: "The pod's address goes all the way",
                text: "Pod addresses are VNet addresses, and they are not translated on the way to a peered VNet.",
                query: "model=podsubnet&nodes=3&flow=pod0.peered",
                ask: Some(("Which source address does the VM in the peered VNet see?", PEERED)),
            },
        ],
    },
    Lesson {
        name: "dataplane",
        title: "kube-proxy or Cilium: who translates a Service",
        steps: &[
            Step {
                title: "kube-proxy, on the client's node",
                text: "One pod behind its Service, calling the Service itself. kube-proxy's rules on the pod's node DNAT the ClusterIP \
                       to an endpoint, here the caller itself, and its hairpin rule masquerades such a packet so the reply comes back \
                       through the node. Step through it.",
                query: "model=overlay&replicas=1&flow=pod0.svc0",
                ask: Some(("Which source address does web-0 see on the packet it sent itself?", TO_OWN_SERVICE)),
            },
            Step {
                title: "Cilium, at the socket",
                text: "The same pod and Service with the Cilium dataplane: there is no kube-proxy. Cilium's eBPF translates the ClusterIP \
                       when the pod connects, before any packet exists, so the socket simply connects to the pod itself.",
                query: "model=overlay&dataplane=cilium&replicas=1&flow=pod0.svc0",
                ask: Some(("Under Cilium, which source address does web-0 see?", TO_OWN_SERVICE)),
            },
        ],
    },
    Lesson {
        name: "rules",
        title: "Rules that drop packets: NetworkPolicy and the NSG",
        steps: &[
            Step {
                title: "same-app: only the app's own pods",
                text: "The NetworkPolicy same-app lets in only pods of the web app. A client on the internet comes through the load \
                       balancer; with externalTrafficPolicy Cluster the receiving node masquerades it. Does it arrive? \
                       (Answer with an address, or \"nothing arrives\".)",
                query: "model=overlay&policy=same-app&flow=internet.lb0",
                ask: Some(("Which source address does the pod see, if anything arrives?", Question::SourceSeen(Endpoint::Internet, Target::LoadBalancer { service: ServiceId::new(0) }))),
            },
            Step {
                title: "Pods of the app still talk",
                text: "The same policy, a pod of the app calling another one on another node: its own address travels untranslated \
                       under Overlay, so the policy sees a pod of the app.",
                query: "model=overlay&policy=same-app&flow=pod0.pod1",
                ask: Some(("Which source address does web-1 see?", Question::SourceSeen(Endpoint::Pod(FIRST_POD), Target::Pod { pod: PodId::new(1), port: 8080 }))),
            },
            Step {
                title: "An NSG that denies, without pod-to-pod",
                text: "No policy now, but the subnet's NSG denies everything at priority 4000, and AKS's required rule \
                       pod-to-pod (pod CIDR to pod CIDR, priority 102) has been taken off. Overlay's pod traffic is not \
                       encapsulated, so the NSG sees pod addresses.",
                query: "model=overlay&nsg=4000-deny-0.0.0.0/0&nsgRemove=pod-to-pod&flow=pod0.pod1",
                ask: Some(("Which source address does web-1 see, if anything arrives?", Question::SourceSeen(Endpoint::Pod(FIRST_POD), Target::Pod { pod: PodId::new(1), port: 8080 }))),
            },
        ],
    },
    Lesson {
        name: "compare",
        title: "Comparing the models",
        steps: &[
            Step {
                title: "The same cluster, two bills of addresses",
                text: "The same 3 nodes with max pods 110, under kubenet and Azure CNI Node Subnet. Read the differences under the diagrams.",
                query: "model=cni&nodes=3&maxPods=110&compare=kubenet",
                ask: Some(("How many usable VNet addresses does Azure CNI Node Subnet hand out here?", Question::VnetAddressesInUse)),
            },
            Step {
                title: "Who sees which source",
                text: "The same packet from a pod to a peered VNet, under Overlay and Pod Subnet. Follow it in both.",
                query: "model=podsubnet&nodes=3&compare=overlay&flow=pod0.peered",
                ask: Some(("Under Pod Subnet, which source address does the peered VM see?", PEERED)),
            },
        ],
    },
];

/// The lesson of this name.
pub fn lesson_named(name: &str) -> Option<&'static Lesson> {
    LESSONS.iter().find(|lesson| lesson.name == name)
}
