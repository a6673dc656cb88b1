//! The scenario as something to run: the `az` commands that create the
//! cluster, and the Deployment and Service manifest. Pure text from the
//! spec, tested natively. Flags: aks-facts §1.7 (`--network-plugin`,
//! `--network-plugin-mode`), §2 (the ranges), §4.4 (the internal load
//! balancer annotations), §4.6 (`--outbound-type`).

use std::fmt::Write;

use aks_model::path::Hosts;
use aks_model::spec::{DEFAULT_MAX_SURGE, DEFAULT_NODE_SUBNET, DEFAULT_VNET};
use aks_model::{
    ClusterSpec, Dataplane, LoadBalancerScope, NetworkPlugin, NetworkPolicy, OutboundType, Plan,
    PodIpAllocation, PolicyEngine, PoolSettings, RangeName, RequiredNsgRule, ServiceKind,
    TargetPort, TrafficPolicy,
};
use ipnet::Ipv4Net;

use crate::service_choice::outbound_label;

const GROUP: &str = "myResourceGroup";
const VNET: &str = "aks-vnet";
const NODE_SUBNET: &str = "aks-subnet";
const POD_SUBNET: &str = "pod-subnet";
const NAT_GATEWAY: &str = "aks-nat-gateway";
const IDENTITY: &str = "myAKSIdentity";

/// The `az` commands for `spec`: the VNet and subnets when the cluster
/// brings its own (any range other than AKS's managed 10.224.0.0/12 and
/// its aks-subnet, a pod subnet, an extra subnet, or userDefinedRouting),
/// what a rule asks of such a VNet (a NAT gateway on its subnets, a
/// user-assigned identity), then `az aks create`, each flag that a rule put
/// there explained above it.
pub fn az_commands(spec: &ClusterSpec) -> String {
    let pod_subnet = spec.plugin == NetworkPlugin::AzureCniPodSubnet;
    // The subnets user pools have of their own, each once.
    let mut pool_subnets: Vec<(String, Ipv4Net)> = Vec::new();
    for pool in spec.pools() {
        for (range, cidr) in [Some(&pool.node_subnet), pool.pod_subnet.as_ref()]
            .into_iter()
            .flatten()
        {
            let name = range.resource_name();
            if range.pool().is_some() && !pool_subnets.iter().any(|(listed, _)| *listed == name) {
                pool_subnets.push((name, *cidr));
            }
        }
    }
    let own_vnet = spec.vnet != DEFAULT_VNET
        || spec.node_subnet != DEFAULT_NODE_SUBNET
        || pod_subnet
        || !spec.extra_subnets.is_empty()
        || !pool_subnets.is_empty()
        || spec.outbound_type == OutboundType::UserDefinedRouting;
    // aks-facts §10 (learn: aks/nat-gateway): a managed NAT gateway "isn't
    // compatible with custom virtual networks"; yours goes on the subnets.
    let own_nat_gateway = own_vnet && spec.outbound_type == OutboundType::NatGateway;
    // aks-facts §10 (learn: aks/configure-kubenet, aks/nat-gateway): kubenet
    // in your VNet, and your own NAT gateway, come with a user-assigned identity.
    let identity = own_vnet && (spec.plugin == NetworkPlugin::Kubenet || own_nat_gateway);
    let mut out = String::new();
    let mut line = |text: String| {
        out.push_str(&text);
        out.push('\n');
    };
    let mut reasons = Vec::new();
    if own_nat_gateway {
        line(format!(
            "az network public-ip create --resource-group {GROUP} --name {NAT_GATEWAY}-ip --sku Standard --allocation-method Static\n\
             az network nat gateway create --resource-group {GROUP} --name {NAT_GATEWAY} --public-ip-addresses {NAT_GATEWAY}-ip"
        ));
    }
    if own_vnet {
        let nat = if own_nat_gateway {
            format!(" --nat-gateway {NAT_GATEWAY}")
        } else {
            String::new()
        };
        line(format!(
            "az network vnet create --resource-group {GROUP} --name {VNET} \\\n  --address-prefixes {}",
            spec.vnet
        ));
        let subnets = std::iter::once((NODE_SUBNET.to_string(), spec.node_subnet, nat.as_str()))
            .chain(pod_subnet.then(|| (POD_SUBNET.to_string(), spec.pod_subnet, nat.as_str())))
            .chain(
                pool_subnets
                    .iter()
                    .map(|(name, cidr)| (name.clone(), *cidr, nat.as_str())),
            )
            .chain(
                spec.extra_subnets
                    .iter()
                    .map(|s| (s.name.clone(), s.cidr, "")),
            );
        for (name, cidr, nat) in subnets {
            line(format!(
                "az network vnet subnet create --resource-group {GROUP} --vnet-name {VNET} \\\n  --name {name} --address-prefixes {cidr}{nat}"
            ));
        }
        if spec.outbound_type == OutboundType::UserDefinedRouting {
            line(format!(
                "# userDefinedRouting: attach a route table to {NODE_SUBNET} that sends 0.0.0.0/0 to your firewall first."
            ));
        }
        line(subnet_id("NODE_SUBNET_ID", NODE_SUBNET));
        if pod_subnet {
            line(subnet_id("POD_SUBNET_ID", POD_SUBNET));
        }
        for (name, _) in &pool_subnets {
            line(subnet_id(&subnet_variable(name), name));
        }
        reasons.push("--vnet-subnet-id: the cluster goes into your VNet's subnet.");
    }
    if identity {
        line(format!(
            "az identity create --resource-group {GROUP} --name {IDENTITY}\n\
             IDENTITY_ID=$(az identity show --resource-group {GROUP} --name {IDENTITY} --query id --output tsv)\n\
             az role assignment create --role \"Network Contributor\" \\\n  \
             --assignee \"$(az identity show --resource-group {GROUP} --name {IDENTITY} --query principalId --output tsv)\" \\\n  \
             --scope \"$(az network vnet show --resource-group {GROUP} --name {VNET} --query id --output tsv)\""
        ));
        reasons.push(if spec.plugin == NetworkPlugin::Kubenet {
            "--assign-identity: a user-assigned identity with Network Contributor edits kubenet's route table in your VNet, and a later migration to Overlay needs one (learn: aks/configure-kubenet, aks/update-azure-cni)."
        } else {
            "--assign-identity: the cluster's identity uses your NAT gateway and subnets (learn: aks/nat-gateway)."
        });
    }
    if own_nat_gateway {
        reasons.push("--outbound-type userAssignedNATGateway: a managed NAT gateway isn't compatible with your own VNet; yours is on the subnets (learn: aks/nat-gateway).");
    }
    if pod_subnet {
        reasons.push("--pod-subnet-id: Pod Subnet takes pod addresses from a subnet of their own.");
    }
    let outbound = if own_nat_gateway {
        "userAssignedNATGateway"
    } else {
        outbound_label(spec.outbound_type)
    };
    for reason in reasons {
        line(format!("# {reason}"));
    }
    let mut create = format!(
        "az aks create --resource-group {GROUP} --name myAKSCluster \\\n  --node-count {} --max-pods {} \\\n  --network-plugin {}",
        spec.node_count,
        spec.max_pods,
        if spec.plugin == NetworkPlugin::Kubenet { "kubenet" } else { "azure" }
    );
    let mut flag = |text: String| {
        let _ = write!(create, " \\\n  {text}");
    };
    if let Some(max) = spec.max_count {
        flag(format!(
            "--enable-cluster-autoscaler --min-count {} --max-count {max}",
            spec.node_count
        ));
    }
    if spec.plugin == NetworkPlugin::AzureCniOverlay {
        flag("--network-plugin-mode overlay".into());
    }
    // Azure CNI powered by Cilium (learn: aks/azure-cni-powered-by-cilium),
    // which enforces NetworkPolicy itself.
    if spec.dataplane == Dataplane::Cilium {
        flag("--network-dataplane cilium".into());
    }
    // The policy engine, when policies are applied or an engine is chosen
    // (learn: aks/use-network-policies).
    let engine = match spec.policy_engine() {
        PolicyEngine::AzureNpm => Some("azure"),
        PolicyEngine::Calico => Some("calico"),
        PolicyEngine::Cilium => Some("cilium"),
        PolicyEngine::None => None,
    };
    if let Some(engine) =
        engine.filter(|_| !spec.policies.is_empty() || spec.policy_engine.is_some())
    {
        flag(format!("--network-policy {engine}"));
    }
    if spec.plugin.uses_pod_cidr() {
        flag(format!("--pod-cidr {}", spec.pod_cidr));
    }
    if own_vnet {
        flag("--vnet-subnet-id \"$NODE_SUBNET_ID\"".into());
    }
    if identity {
        flag("--assign-identity \"$IDENTITY_ID\"".into());
    }
    if pod_subnet {
        flag("--pod-subnet-id \"$POD_SUBNET_ID\"".into());
        if spec.pod_ip_allocation == PodIpAllocation::StaticBlock {
            flag("--pod-ip-allocation-mode StaticBlock".into());
        }
    }
    flag(format!(
        "--service-cidr {} --dns-service-ip {}",
        spec.service_cidr, spec.dns_service_ip
    ));
    flag(format!("--outbound-type {outbound}"));
    flag("--generate-ssh-keys".into());
    line(create);
    if spec.max_surge != DEFAULT_MAX_SURGE {
        line(format!(
            "az aks nodepool update --resource-group {GROUP} --cluster-name myAKSCluster \\\n  --name nodepool1 --max-surge {}",
            spec.max_surge
        ));
    }
    if !spec.nsg_rules.is_empty() {
        line(nsg_commands(spec, own_vnet, &pool_subnets));
    }
    if !spec.user_pools.is_empty() {
        line("# The user pools: the Deployment's pods run on them; nodepool1, the system pool, keeps the system pods (learn: aks/use-system-pools).".into());
    }
    for pool in spec.pools().iter().skip(1) {
        line(nodepool_add(pool, own_vnet));
    }
    // kubenet: "Each AKS cluster must use a single, unique route table for
    // all subnets associated with the cluster" (learn: aks/configure-kubenet).
    if spec.plugin == NetworkPlugin::Kubenet {
        for (name, _) in &pool_subnets {
            line(format!(
                "# kubenet: one route table serves all of the cluster's subnets; associate the cluster's with {name} too:\n\
                 # az network vnet subnet update --resource-group {GROUP} --vnet-name {VNET} --name {name} --route-table <the cluster's route table>"
            ));
        }
    }
    out
}

/// The NSG on the cluster's subnets: the learner's rules, with the rules
/// AKS's docs require where an NSG denies (learn:
/// aks/concepts-network-azure-cni-overlay), unless taken off.
fn nsg_commands(spec: &ClusterSpec, own_vnet: bool, pool_subnets: &[(String, Ipv4Net)]) -> String {
    let mut out = format!(
        "# The NSG on the cluster's subnets; AKS adds the rule for each load balancer itself.\n\
         az network nsg create --resource-group {GROUP} --name aks-nsg"
    );
    let node = spec.node_subnet.to_string();
    let pods = match spec.plugin {
        NetworkPlugin::AzureCni => node.clone(),
        NetworkPlugin::AzureCniPodSubnet => spec.pod_subnet.to_string(),
        _ => spec.pod_cidr.to_string(),
    };
    let mut rule = |priority: u16,
                    name: &str,
                    access: &str,
                    source: &str,
                    destination: &str,
                    port: &str| {
        let _ = write!(
            out,
            "\naz network nsg rule create --resource-group {GROUP} --nsg-name aks-nsg --name {name} \\\n  \
             --priority {priority} --direction Inbound --access {access} --protocol '*' \\\n  \
             --source-address-prefixes {source} --destination-address-prefixes {destination} --destination-port-ranges {port}"
        );
    };
    for (required, source, destination) in [
        (RequiredNsgRule::NodeToNode, &node, &node),
        (RequiredNsgRule::NodeToPods, &node, &pods),
        (RequiredNsgRule::PodToPod, &pods, &pods),
    ] {
        if !spec.nsg_removed.contains(&required) {
            rule(
                required.priority(),
                required.name(),
                "Allow",
                source,
                destination,
                "'*'",
            );
        }
    }
    for learner in &spec.nsg_rules {
        let access = if learner.allow { "Allow" } else { "Deny" };
        let port = learner
            .port
            .map_or("'*'".to_string(), |port| port.to_string());
        rule(
            learner.priority,
            &format!("rule-{}", learner.priority),
            access,
            &learner.source.to_string(),
            "'*'",
            &port,
        );
    }
    if own_vnet {
        // On every subnet of the cluster: the node subnet, the pod subnet,
        // and the pools' own.
        let pod_subnet = (spec.plugin == NetworkPlugin::AzureCniPodSubnet).then_some(POD_SUBNET);
        let subnets = std::iter::once(NODE_SUBNET)
            .chain(pod_subnet)
            .chain(pool_subnets.iter().map(|(name, _)| name.as_str()));
        for subnet in subnets {
            let _ = write!(
                out,
                "\naz network vnet subnet update --resource-group {GROUP} --vnet-name {VNET} --name {subnet} --network-security-group aks-nsg"
            );
        }
    } else {
        out.push_str("\n# Associate aks-nsg with the cluster's subnet (az network vnet subnet update --network-security-group aks-nsg).");
    }
    out
}

/// `az aks nodepool add` for a user pool, with its own flags.
fn nodepool_add(pool: &PoolSettings, own_vnet: bool) -> String {
    let mut add = format!(
        "az aks nodepool add --resource-group {GROUP} --cluster-name myAKSCluster \\\n  --name {} --mode User --node-count {} --max-pods {}",
        pool.name, pool.node_count, pool.max_pods
    );
    let mut flag = |text: String| {
        let _ = write!(add, " \\\n  {text}");
    };
    if let Some(max) = pool.max_count {
        flag(format!(
            "--enable-cluster-autoscaler --min-count {} --max-count {max}",
            pool.node_count
        ));
    }
    let variable = |range: &RangeName, cluster: &str| match range.pool() {
        Some(_) => subnet_variable(&range.resource_name()),
        None => cluster.to_string(),
    };
    if own_vnet {
        flag(format!(
            "--vnet-subnet-id \"${}\"",
            variable(&pool.node_subnet.0, "NODE_SUBNET_ID")
        ));
    }
    if let Some((range, _)) = &pool.pod_subnet {
        flag(format!(
            "--pod-subnet-id \"${}\"",
            variable(range, "POD_SUBNET_ID")
        ));
    }
    if pool.max_surge != DEFAULT_MAX_SURGE {
        flag(format!("--max-surge {}", pool.max_surge));
    }
    add
}

/// The shell variable holding a subnet's id: `apps-nodes` → `APPS_NODES_ID`.
fn subnet_variable(subnet: &str) -> String {
    format!("{}_ID", subnet.to_uppercase().replace('-', "_"))
}

fn subnet_id(variable: &str, subnet: &str) -> String {
    format!(
        "{variable}=$(az network vnet subnet show --resource-group {GROUP} --vnet-name {VNET} \\\n  --name {subnet} --query id --output tsv)"
    )
}

/// The first Deployment and Service as Kubernetes manifests.
pub fn manifest(spec: &ClusterSpec) -> String {
    let mut out = String::new();
    if let Some(d) = spec.deployments.first() {
        let _ = writeln!(out, "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\nspec:\n  replicas: {replicas}\n  selector:\n    matchLabels:\n      app: {name}\n  template:\n    metadata:\n      labels:\n        app: {name}\n    spec:\n      containers:\n        - name: {name}\n          image: your-registry/{name}:1.0  # its process listens on {listen}",
            name = d.name,
            replicas = d.replicas,
            listen = d.listen_port
        );
        if let Some(port) = &d.container_port {
            out.push_str("          ports:\n");
            let _ = writeln!(out, "            - containerPort: {}", port.number);
            if let Some(name) = &port.name {
                let _ = writeln!(out, "              name: {name}");
            }
            if let Some(host) = d.host_port {
                let _ = writeln!(out, "              hostPort: {host}");
            }
        }
    }
    if let Some(s) = spec.services.first() {
        out.push_str("---\napiVersion: v1\nkind: Service\nmetadata:\n");
        let _ = writeln!(out, "  name: {}", s.name);
        if let ServiceKind::LoadBalancer(LoadBalancerScope::Internal { subnet }) = &s.kind {
            out.push_str("  annotations:\n    service.beta.kubernetes.io/azure-load-balancer-internal: \"true\"\n");
            if let Some(subnet) = subnet {
                let _ = writeln!(out, "    service.beta.kubernetes.io/azure-load-balancer-internal-subnet: \"{subnet}\""
                );
            }
        }
        let kind = match s.kind {
            ServiceKind::ClusterIp => "ClusterIP",
            ServiceKind::NodePort => "NodePort",
            ServiceKind::LoadBalancer(_) => "LoadBalancer",
        };
        let _ = writeln!(out, "spec:\n  type: {kind}");
        if s.kind.has_node_port() && s.external_traffic_policy == TrafficPolicy::Local {
            out.push_str("  externalTrafficPolicy: Local\n");
        }
        let target = match &s.target_port {
            TargetPort::Number(number) => number.to_string(),
            TargetPort::Name(name) => name.clone(),
        };
        let _ = writeln!(
            out,
            "  selector:\n    app: {}\n  ports:\n    - port: {}\n      targetPort: {target}",
            s.selector, s.port
        );
        if let Some(node_port) = s.node_port {
            let _ = writeln!(out, "      nodePort: {node_port}");
        }
    }
    for policy in &spec.policies {
        out.push_str(&network_policy(spec, *policy));
    }
    out
}

/// A NetworkPolicy of the lab's as a manifest, for the first deployment's app.
fn network_policy(spec: &ClusterSpec, policy: NetworkPolicy) -> String {
    let app = spec.deployments.first().map_or("web", |d| d.name.as_str());
    let mut out = format!(
        "---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: {}\nspec:\n",
        policy.name()
    );
    match policy {
        NetworkPolicy::DenyIngress => out.push_str("  podSelector: {}\n  policyTypes:\n    - Ingress\n"),
        NetworkPolicy::SameApp => {
            let _ = write!(
                out,
                "  podSelector:\n    matchLabels:\n      app: {app}\n  policyTypes:\n    - Ingress\n  ingress:\n    - from:\n        - podSelector:\n            matchLabels:\n              app: {app}\n"
            );
        }
        NetworkPolicy::FromVnet => {
            // The on-premises network is the lab's /24 around its client.
            let on_premises = Plan::build(spec)
                .ok()
                .and_then(|plan| Ipv4Net::new(Hosts::of(&plan).on_premises, 24).ok())
                .map(|net| net.trunc());
            let _ = write!(
                out,
                "  podSelector: {{}}\n  policyTypes:\n    - Ingress\n  ingress:\n    - from:\n        - ipBlock:\n            cidr: {}\n",
                spec.vnet
            );
            if let Some(on_premises) = on_premises {
                let _ = writeln!(out, "        - ipBlock:\n            cidr: {on_premises}");
            }
        }
        NetworkPolicy::DenyEgress => out.push_str(
            "  podSelector: {}\n  policyTypes:\n    - Egress\n  egress:\n    - ports:  # DNS only\n        - port: 53\n          protocol: UDP\n        - port: 53\n          protocol: TCP\n",
        ),
    }
    out
}

/// The `<iframe>` that embeds the widget at `page` (its address without a
/// query) showing the link of `query` (as `url::write_query` writes it in
/// embed mode, starting with `?`). The height fits the widget at a blog's
/// 360–720 px (see `SnippetView`); a host that listens to
/// `aks-network-lab:height` can adjust it.
pub fn iframe_snippet(page: &str, query: &str, height: u32) -> String {
    format!(
        "<iframe src=\"{page}{query}\" title=\"AKS Network Lab\" width=\"100%\" height=\"{height}\" style=\"border:0\" loading=\"lazy\"></iframe>"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::url::read_query;

    fn spec(query: &str) -> ClusterSpec {
        let read = read_query(query);
        assert!(read.problems.is_empty(), "{:?}", read.problems);
        read.spec
    }

    /// aks-facts §1.7: Overlay is `--network-plugin azure --network-plugin-mode
    /// overlay`; on AKS's managed VNet no subnet id is needed.
    #[test]
    fn overlay_on_the_managed_vnet_is_one_command() {
        let commands = az_commands(&spec("model=overlay"));
        assert!(commands.starts_with("az aks create"), "{commands}");
        assert!(commands.contains("--network-plugin azure \\\n  --network-plugin-mode overlay"));
        assert!(commands.contains("--pod-cidr 10.244.0.0/16"));
        assert!(commands.contains("--service-cidr 10.0.0.0/16 --dns-service-ip 10.0.0.10"));
        assert!(commands.contains("--max-pods 250"));
        assert!(!commands.contains("vnet-subnet-id"));
    }

    /// aks-facts §1.7: Node Subnet is `--network-plugin azure` without a mode;
    /// its own VNet comes first, and the subnet's id goes to `--vnet-subnet-id`.
    #[test]
    fn a_custom_vnet_is_created_first() {
        let commands = az_commands(&spec(
            "model=cni&vnet=10.10.0.0/16&nodeSubnet=10.10.1.0/24&surge=2",
        ));
        assert!(commands.starts_with(
            "az network vnet create --resource-group myResourceGroup --name aks-vnet \\\n  --address-prefixes 10.10.0.0/16\n\
             az network vnet subnet create --resource-group myResourceGroup --vnet-name aks-vnet \\\n  --name aks-subnet --address-prefixes 10.10.1.0/24\n"
        ), "{commands}");
        assert!(
            !commands.contains("--assign-identity"),
            "Azure CNI needs no identity of yours"
        );
        assert!(
            commands.contains("--network-plugin azure \\\n  --vnet-subnet-id \"$NODE_SUBNET_ID\"")
        );
        assert!(!commands.contains("network-plugin-mode") && !commands.contains("--pod-cidr"));
        assert!(commands.contains("--max-surge 2"));
    }

    /// `az aks create --enable-cluster-autoscaler --min-count --max-count`
    /// (learn: aks/cluster-autoscaler), with the min count as the node count.
    #[test]
    fn the_autoscaler_is_created_with_its_range() {
        let commands = az_commands(&spec("model=overlay&nodes=3-9"));
        assert!(commands.contains(
            "--node-count 3 --max-pods 250 \\\n  --network-plugin azure \\\n  --enable-cluster-autoscaler --min-count 3 --max-count 9"
        ), "{commands}");
        assert!(!az_commands(&spec("model=overlay")).contains("autoscaler"));
    }

    #[test]
    fn pod_subnet_gets_its_subnet_and_kubenet_its_pod_cidr() {
        let pod_subnet = az_commands(&spec("model=podsubnet"));
        assert!(pod_subnet.contains("--name pod-subnet --address-prefixes 10.225.0.0/16"));
        assert!(pod_subnet.contains("--pod-subnet-id \"$POD_SUBNET_ID\""));
        let kubenet = az_commands(&spec("model=kubenet&podCidr=10.100.0.0/16"));
        assert!(kubenet.contains("--network-plugin kubenet \\\n  --pod-cidr 10.100.0.0/16"));
        assert!(
            !kubenet.contains("--assign-identity"),
            "AKS's own VNet: no identity of yours"
        );
    }

    /// aks-facts §10: a managed NAT gateway is not compatible with your own
    /// VNet (always so with Pod Subnet): yours goes on the node and pod subnets,
    /// with --outbound-type userAssignedNATGateway and your identity
    /// (learn: aks/nat-gateway). On AKS's own VNet, the managed one is fine.
    #[test]
    fn your_own_vnet_takes_your_own_nat_gateway() {
        let commands = az_commands(&spec("model=podsubnet&outbound=natgateway"));
        assert!(
            commands.starts_with("az network public-ip create"),
            "{commands}"
        );
        assert!(commands.contains(
            "az network nat gateway create --resource-group myResourceGroup --name aks-nat-gateway"
        ));
        assert!(commands.contains(
            "--name aks-subnet --address-prefixes 10.224.0.0/16 --nat-gateway aks-nat-gateway"
        ));
        assert!(commands.contains(
            "--name pod-subnet --address-prefixes 10.225.0.0/16 --nat-gateway aks-nat-gateway"
        ));
        assert!(commands.contains("--outbound-type userAssignedNATGateway"));
        assert!(commands.contains("# --outbound-type userAssignedNATGateway: a managed NAT gateway isn't compatible with your own VNet"));
        assert!(commands.contains("--assign-identity \"$IDENTITY_ID\""));
        let managed = az_commands(&spec("model=overlay&outbound=natgateway"));
        assert!(
            managed.contains("--outbound-type managedNATGateway")
                && !managed.contains("nat gateway create")
        );
    }

    /// aks-facts §10 (learn: aks/configure-kubenet): kubenet in your own VNet,
    /// with its route table, needs a user-assigned identity with Network
    /// Contributor on the VNet.
    #[test]
    fn kubenet_in_your_own_vnet_brings_an_identity() {
        let commands = az_commands(&spec(
            "model=kubenet&vnet=10.10.0.0/16&nodeSubnet=10.10.1.0/24",
        ));
        assert!(commands
            .contains("az identity create --resource-group myResourceGroup --name myAKSIdentity"));
        assert!(commands.contains("az role assignment create --role \"Network Contributor\""));
        assert!(commands.contains(
            "# --assign-identity: a user-assigned identity with Network Contributor edits kubenet's route table"
        ));
        assert!(commands.contains(
            "--vnet-subnet-id \"$NODE_SUBNET_ID\" \\\n  --assign-identity \"$IDENTITY_ID\""
        ));
    }

    #[test]
    fn the_snippet_embeds_the_scenario() {
        assert_eq!(
            iframe_snippet("https://blog.example/widgets/aks/", "?model=kubenet&nodes=5&embed=1", 1470),
            "<iframe src=\"https://blog.example/widgets/aks/?model=kubenet&nodes=5&embed=1\" title=\"AKS Network Lab\" width=\"100%\" height=\"1470\" style=\"border:0\" loading=\"lazy\"></iframe>"
        );
    }

    /// aks-facts §4.2 and §4.4: ports as the scenario sets them, and the
    /// internal load balancer's annotations with its subnet.
    #[test]
    fn the_manifest_carries_every_port_and_annotation() {
        let text = manifest(&spec(
            "model=cni&service=internal&servicesSubnet=10.225.0.0/24&listenPort=80&containerPort=80&port=90&targetPort=http&hostPort=8443&nodePort=31000&etp=local",
        ));
        for expected in [
            "replicas: 3",
            "# its process listens on 80",
            "- containerPort: 80\n              name: http\n              hostPort: 8443",
            "service.beta.kubernetes.io/azure-load-balancer-internal: \"true\"",
            "azure-load-balancer-internal-subnet: \"services\"",
            "type: LoadBalancer\n  externalTrafficPolicy: Local",
            "- port: 90\n      targetPort: http\n      nodePort: 31000",
        ] {
            assert!(text.contains(expected), "missing {expected:?} in\n{text}");
        }
        let clusterip = manifest(&spec("service=clusterip"));
        assert!(clusterip.contains("type: ClusterIP") && !clusterip.contains("annotations"));
    }

    /// Each user pool is `az aks nodepool add --mode User` with its own
    /// flags (learn: aks/create-node-pools, aks/node-pool-unique-subnet,
    /// aks/cluster-autoscaler); its own subnets are created and looked up.
    #[test]
    fn each_user_pool_is_added_with_its_own_flags() {
        let link = crate::url::read_query(
            "?model=podsubnet&vnet=10.10.0.0/16&nodeSubnet=10.10.1.0/24&podSubnet=10.10.2.0/24\
             &pool=apps,3-9,50,10.10.4.0/24,10.10.5.0/24,2&pool=batch,0",
        );
        assert_eq!(link.problems, Vec::new());
        let commands = az_commands(&link.spec);
        for expected in [
            "--name apps-nodes --address-prefixes 10.10.4.0/24",
            "--name apps-pods --address-prefixes 10.10.5.0/24",
            "APPS_NODES_ID=$(az network vnet subnet show",
            "az aks nodepool add --resource-group myResourceGroup --cluster-name myAKSCluster \\\n  \
             --name apps --mode User --node-count 3 --max-pods 50 \\\n  \
             --enable-cluster-autoscaler --min-count 3 --max-count 9 \\\n  \
             --vnet-subnet-id \"$APPS_NODES_ID\" \\\n  --pod-subnet-id \"$APPS_PODS_ID\" \\\n  --max-surge 2",
            "--name batch --mode User --node-count 0 --max-pods 250 \\\n  \
             --vnet-subnet-id \"$NODE_SUBNET_ID\" \\\n  --pod-subnet-id \"$POD_SUBNET_ID\"",
        ] {
            assert!(commands.contains(expected), "missing {expected:?} in\n{commands}");
        }
    }

    /// Azure CNI powered by Cilium is `--network-dataplane cilium`
    /// (learn: aks/azure-cni-powered-by-cilium).
    #[test]
    fn cilium_is_created_with_its_dataplane() {
        let link = crate::url::read_query("?model=overlay&dataplane=cilium");
        let commands = az_commands(&link.spec);
        assert!(
            commands.contains("--network-plugin-mode overlay \\\n  --network-dataplane cilium"),
            "{commands}"
        );
        assert!(!az_commands(&ClusterSpec::default()).contains("dataplane"));
    }

    /// The policies are NetworkPolicy manifests, and the engine is
    /// `--network-policy` (learn: aks/use-network-policies).
    #[test]
    fn policies_are_exported_with_their_engine() {
        let link = crate::url::read_query("?model=overlay&policy=same-app&policy=deny-egress");
        let manifest = manifest(&link.spec);
        assert!(manifest.contains("kind: NetworkPolicy\nmetadata:\n  name: same-app"));
        assert!(manifest
            .contains("        - podSelector:\n            matchLabels:\n              app: web"));
        assert!(manifest.contains(
            "  name: deny-egress\nspec:\n  podSelector: {}\n  policyTypes:\n    - Egress"
        ));
        assert!(az_commands(&link.spec).contains("--network-policy calico"));
        let cilium = crate::url::read_query("?model=overlay&dataplane=cilium&policy=from-vnet");
        assert!(super::manifest(&cilium.spec).contains("cidr: 10.224.0.0/12"));
        assert!(az_commands(&cilium.spec).contains("--network-policy cilium"));
    }

    /// The learner's NSG rules are created with AKS's required ones, unless
    /// taken off (learn: aks/concepts-network-azure-cni-overlay).
    #[test]
    fn the_nsg_is_created_with_the_required_rules() {
        let link =
            crate::url::read_query("?model=overlay&nsg=4000-deny-0.0.0.0/0&nsgRemove=pod-to-pod");
        let commands = az_commands(&link.spec);
        assert!(
            commands.contains(
                "--name node-to-pods \\\n  --priority 101 --direction Inbound --access Allow"
            ),
            "{commands}"
        );
        assert!(commands.contains(
            "--source-address-prefixes 10.224.0.0/16 --destination-address-prefixes 10.244.0.0/16"
        ));
        assert!(!commands.contains("pod-to-pod"));
        assert!(commands
            .contains("--name rule-4000 \\\n  --priority 4000 --direction Inbound --access Deny"));
    }
}
