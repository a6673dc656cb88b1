//! Reading what a learner typed (in a field or a URL): addresses, ranges and
//! counts, each with a message that says what is wrong and what would do.

use std::fmt;
use std::net::Ipv4Addr;

use ipnet::Ipv4Net;

use crate::names::PoolSetting;
use crate::plugin::NetworkPlugin;
use crate::spec::{MaxSurge, NodePoolSpec, NsgRule, DEFAULT_MAX_SURGE, DEFAULT_NODE_COUNT};

/// Why a typed value could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParseError {
    NotARange {
        text: String,
    },
    PrefixTooLong {
        text: String,
    },
    NotAnAddress {
        text: String,
    },
    NotACount {
        text: String,
    },
    CountTooLarge {
        text: String,
    },
    /// A count below zero ("-5"): a whole number, but not a count.
    NegativeCount {
        text: String,
    },
    /// A whole number too large for a port.
    NotAPort {
        given: u32,
    },
    /// A port name typed where no container port is declared.
    PortNameWithoutPort,
    /// Not an NSG rule as the lab writes them.
    NotAnNsgRule {
        text: String,
    },
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotARange { text } => write!(
                f,
                "\"{text}\" is not an IPv4 range: write it as an address and a prefix, like 10.224.0.0/16."
            ),
            Self::PrefixTooLong { text } => write!(
                f,
                "\"{text}\": an IPv4 prefix is between /0 and /32."
            ),
            Self::NotAnAddress { text } => write!(
                f,
                "\"{text}\" is not an IPv4 address: write four numbers from 0 to 255, like 10.0.0.10."
            ),
            Self::NotACount { text } => write!(f, "\"{text}\" is not a whole number."),
            Self::CountTooLarge { text } => write!(f, "{text} is far too large for this count."),
            Self::NegativeCount { text } => {
                write!(f, "{text} is below zero: a count starts at 0.")
            }
            Self::NotAPort { given } => write!(
                f,
                "{given} is not a port: ports go from 1 to {}.",
                u16::MAX
            ),
            Self::PortNameWithoutPort => f.write_str(
                "A port name belongs to a containerPort: set containerPort first.",
            ),
            Self::NotAnNsgRule { text } => write!(
                f,
                "\"{text}\" is not an NSG rule: write PRIORITY-allow|deny-SOURCE[-PORT], like 4000-deny-0.0.0.0/0, rules separated by commas."
            ),
        }
    }
}

/// An IPv4 range as written in CIDR notation. Host bits are kept, so that
/// validation can point them out instead of silently fixing them.
///
/// ```
/// # use aks_model::input::parse_range;
/// assert_eq!(parse_range(" 10.244.0.0/16 ").unwrap().to_string(), "10.244.0.0/16");
/// assert!(parse_range("10.244.0.0").is_err());
/// ```
pub fn parse_range(text: &str) -> Result<Ipv4Net, ParseError> {
    let text = text.trim();
    let (address, prefix) = text
        .split_once('/')
        .ok_or_else(|| ParseError::NotARange { text: text.into() })?;
    let address: Ipv4Addr = address
        .parse()
        .map_err(|_| ParseError::NotARange { text: text.into() })?;
    let prefix: u8 = prefix
        .parse()
        .map_err(|_| ParseError::NotARange { text: text.into() })?;
    Ipv4Net::new(address, prefix).map_err(|_| ParseError::PrefixTooLong { text: text.into() })
}

/// An IPv4 address in dotted notation.
pub fn parse_address(text: &str) -> Result<Ipv4Addr, ParseError> {
    let text = text.trim();
    text.parse()
        .map_err(|_| ParseError::NotAnAddress { text: text.into() })
}

/// A whole number (a count of nodes, replicas, pods). Bounds are checked by
/// validation, which knows what each count means.
pub fn parse_count(text: &str) -> Result<u32, ParseError> {
    let text = text.trim();
    let digits = |text: &str| !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit());
    text.parse().map_err(|_| {
        if digits(text) {
            ParseError::CountTooLarge { text: text.into() }
        } else if text.strip_prefix('-').is_some_and(digits) {
            ParseError::NegativeCount { text: text.into() }
        } else {
            ParseError::NotACount { text: text.into() }
        }
    })
}

/// A node count (`3`), or the cluster autoscaler's min and max counts
/// (`3-9`), as a link's `nodes` takes them.
///
/// ```
/// # use aks_model::input::parse_node_counts;
/// assert_eq!(parse_node_counts("3"), Ok((3, None)));
/// assert_eq!(parse_node_counts(" 3-9 "), Ok((3, Some(9))));
/// assert!(parse_node_counts("3-").is_err());
/// assert!(parse_node_counts("-5").is_err());
/// ```
pub fn parse_node_counts(text: &str) -> Result<(u32, Option<u32>), ParseError> {
    let text = text.trim();
    match text.split_once('-') {
        // "-5" is a negative count, not a range without its min.
        Some((min, max)) if !min.trim().is_empty() => {
            Ok((parse_count(min)?, Some(parse_count(max)?)))
        }
        _ => Ok((parse_count(text)?, None)),
    }
}

/// Max surge as `--max-surge` takes it: a node count (`2`) or a
/// percentage of the pool (`33%`).
///
/// ```
/// # use aks_model::{input::parse_max_surge, MaxSurge};
/// assert_eq!(parse_max_surge(" 33% "), Ok(MaxSurge::Percent(33)));
/// assert_eq!(parse_max_surge("2"), Ok(MaxSurge::Nodes(2)));
/// assert!(parse_max_surge("a%").is_err());
/// ```
pub fn parse_max_surge(text: &str) -> Result<MaxSurge, ParseError> {
    let text = text.trim();
    match text.strip_suffix('%') {
        Some(percent) => parse_count(percent).map(MaxSurge::Percent),
        None => parse_count(text).map(MaxSurge::Nodes),
    }
}

/// A port number. 0 reads, and validation says it is out of range, so
/// that the message names the port it is about.
pub fn parse_port(text: &str) -> Result<u16, ParseError> {
    let count = parse_count(text)?;
    u16::try_from(count).map_err(|_| ParseError::NotAPort { given: count })
}

/// A port that may be left empty (none, or automatic).
pub fn parse_optional_port(text: &str) -> Result<Option<u16>, ParseError> {
    if text.trim().is_empty() {
        Ok(None)
    } else {
        parse_port(text).map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_addresses_and_counts_explain_what_is_wrong() {
        assert_eq!(
            parse_range("10.0.0.0/33").unwrap_err().to_string(),
            "\"10.0.0.0/33\": an IPv4 prefix is between /0 and /32."
        );
        assert!(matches!(
            parse_range("10.0.0/16"),
            Err(ParseError::NotARange { .. })
        ));
        assert!(matches!(
            parse_range("banana"),
            Err(ParseError::NotARange { .. })
        ));
        assert!(matches!(
            parse_range("10.0.0.0/x"),
            Err(ParseError::NotARange { .. })
        ));
        // Host bits survive parsing; validation reports them.
        assert_eq!(
            parse_range("10.0.0.5/24").unwrap().to_string(),
            "10.0.0.5/24"
        );
        assert_eq!(parse_address("10.0.0.10"), Ok(Ipv4Addr::new(10, 0, 0, 10)));
        assert!(parse_address("10.0.0.256").is_err());
        assert_eq!(parse_count(" 42 "), Ok(42));
        assert_eq!(
            parse_count("-5").unwrap_err().to_string(),
            "-5 is below zero: a count starts at 0."
        );
        assert!(matches!(
            parse_count("--5"),
            Err(ParseError::NotACount { .. })
        ));
        assert!(parse_count("1e3").is_err());
        assert_eq!(
            parse_count("99999999999").unwrap_err().to_string(),
            "99999999999 is far too large for this count."
        );
        assert_eq!(parse_port("0"), Ok(0));
        assert_eq!(
            parse_port("70000").unwrap_err().to_string(),
            "70000 is not a port: ports go from 1 to 65535."
        );
        assert_eq!(parse_optional_port(" "), Ok(None));
        assert_eq!(parse_optional_port("8443"), Ok(Some(8443)));
    }
}

/// Writes `text` as `pool`'s `setting`: the node count as a count or the
/// autoscaler's `MIN-MAX`, a subnet as a range or empty for the cluster's.
///
/// ```
/// # use aks_model::{input::write_pool_setting, NetworkPlugin, NodePoolSpec, PoolSetting};
/// let mut pool = NodePoolSpec::new("apps", 3, NetworkPlugin::AzureCni);
/// write_pool_setting(&mut pool, PoolSetting::NodeCount, "2-6").unwrap();
/// assert_eq!((pool.node_count, pool.max_count), (2, Some(6)));
/// write_pool_setting(&mut pool, PoolSetting::NodeSubnet, "").unwrap();
/// assert_eq!(pool.node_subnet, None);
/// assert!(write_pool_setting(&mut pool, PoolSetting::MaxPods, "many").is_err());
/// ```
pub fn write_pool_setting(
    pool: &mut NodePoolSpec,
    setting: PoolSetting,
    text: &str,
) -> Result<(), ParseError> {
    let text = text.trim();
    let subnet = || (!text.is_empty()).then(|| parse_range(text)).transpose();
    match setting {
        PoolSetting::Name => pool.name = text.to_string(),
        PoolSetting::NodeCount => (pool.node_count, pool.max_count) = parse_node_counts(text)?,
        PoolSetting::MaxCount => pool.max_count = Some(parse_count(text)?).filter(|max| *max > 0),
        PoolSetting::MaxPods => pool.max_pods = parse_count(text)?,
        PoolSetting::MaxSurge => pool.max_surge = parse_max_surge(text)?,
        PoolSetting::NodeSubnet => pool.node_subnet = subnet()?,
        PoolSetting::PodSubnet => pool.pod_subnet = subnet()?,
    }
    Ok(())
}

/// `pool`'s `setting` as [`write_pool_setting`] reads it.
pub fn pool_setting_text(pool: &NodePoolSpec, setting: PoolSetting) -> String {
    match setting {
        PoolSetting::Name => pool.name.clone(),
        PoolSetting::NodeCount => match pool.max_count {
            Some(max) => format!("{}-{max}", pool.node_count),
            None => pool.node_count.to_string(),
        },
        PoolSetting::MaxCount => pool.max_count.unwrap_or(0).to_string(),
        PoolSetting::MaxPods => pool.max_pods.to_string(),
        PoolSetting::MaxSurge => pool.max_surge.to_string(),
        PoolSetting::NodeSubnet => pool.node_subnet.map(|s| s.to_string()).unwrap_or_default(),
        PoolSetting::PodSubnet => pool.pod_subnet.map(|s| s.to_string()).unwrap_or_default(),
    }
}

/// The settings a link writes after a pool's name, in order.
const POOL_LINK_FIELDS: [PoolSetting; 5] = [
    PoolSetting::NodeCount,
    PoolSetting::MaxPods,
    PoolSetting::NodeSubnet,
    PoolSetting::PodSubnet,
    PoolSetting::MaxSurge,
];

/// A user pool as a link writes it: `NAME,NODES[,MAXPODS[,NODESUBNET[,PODSUBNET[,SURGE]]]]`,
/// where `NODES` is a count or the autoscaler's `MIN-MAX`, and an empty
/// field keeps its default (the model's max pods, the cluster's subnets,
/// 10 % surge). What does not read names the pool and its setting.
///
/// ```
/// # use aks_model::{input::parse_pool, NetworkPlugin, PoolSetting};
/// let pool = parse_pool("apps,3-9,50,10.10.4.0/24", NetworkPlugin::AzureCni).unwrap();
/// assert_eq!((pool.name.as_str(), pool.node_count, pool.max_count, pool.max_pods), ("apps", 3, Some(9), 50));
/// assert_eq!(pool.node_subnet, Some("10.10.4.0/24".parse().unwrap()));
/// let error = parse_pool("gpu,two", NetworkPlugin::AzureCni).unwrap_err();
/// assert_eq!((error.pool.as_str(), error.setting), ("gpu", PoolSetting::NodeCount));
/// ```
pub fn parse_pool(text: &str, plugin: NetworkPlugin) -> Result<NodePoolSpec, PoolParseError> {
    let mut fields = text.split(',');
    let name = fields.next().unwrap_or_default().trim();
    let mut pool = NodePoolSpec::new(name, DEFAULT_NODE_COUNT, plugin);
    for (setting, text) in POOL_LINK_FIELDS.into_iter().zip(fields) {
        // The node count is always written; an empty field after it keeps its default.
        if text.trim().is_empty() && setting != PoolSetting::NodeCount {
            continue;
        }
        write_pool_setting(&mut pool, setting, text).map_err(|error| PoolParseError {
            pool: name.to_string(),
            setting,
            error,
        })?;
    }
    Ok(pool)
}

/// A pool as [`parse_pool`] reads it, leaving out the defaults at its end.
///
/// ```
/// # use aks_model::{input::{parse_pool, write_pool}, NetworkPlugin};
/// let plugin = NetworkPlugin::AzureCniOverlay;
/// for text in ["apps,3", "apps,0-5,,10.10.4.0/24", "apps,2,30,,,33%"] {
///     assert_eq!(write_pool(&parse_pool(text, plugin).unwrap(), plugin), text);
/// }
/// ```
pub fn write_pool(pool: &NodePoolSpec, plugin: NetworkPlugin) -> String {
    let is_default = |setting: PoolSetting| match setting {
        PoolSetting::MaxPods => pool.max_pods == plugin.default_max_pods(),
        PoolSetting::MaxSurge => pool.max_surge == DEFAULT_MAX_SURGE,
        _ => false,
    };
    let mut fields: Vec<String> = std::iter::once(pool.name.clone())
        .chain(POOL_LINK_FIELDS.into_iter().map(|setting| {
            if is_default(setting) {
                String::new()
            } else {
                pool_setting_text(pool, setting)
            }
        }))
        .collect();
    while fields.last().is_some_and(String::is_empty) {
        fields.pop();
    }
    fields.join(",")
}

/// A pool's setting that does not read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PoolParseError {
    pub pool: String,
    pub setting: PoolSetting,
    pub error: ParseError,
}

impl fmt::Display for PoolParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "node pool {}, its {}: {}",
            self.pool, self.setting, self.error
        )
    }
}

/// The NSG rules a learner types, or a link carries:
/// `PRIORITY-allow|deny-SOURCE[-PORT]`, separated by commas.
///
/// ```
/// # use aks_model::input::{parse_nsg_rules, write_nsg_rules};
/// let rules = parse_nsg_rules("4000-deny-0.0.0.0/0, 200-allow-10.10.0.0/16-80").unwrap();
/// assert_eq!((rules[0].priority, rules[0].allow, rules[1].port), (4000, false, Some(80)));
/// assert_eq!(write_nsg_rules(&rules), "4000-deny-0.0.0.0/0,200-allow-10.10.0.0/16-80");
/// assert!(parse_nsg_rules("").unwrap().is_empty());
/// assert!(parse_nsg_rules("4000-block-any").is_err());
/// ```
pub fn parse_nsg_rules(text: &str) -> Result<Vec<NsgRule>, ParseError> {
    text.split(',')
        .map(str::trim)
        .filter(|rule| !rule.is_empty())
        .map(|rule| {
            let unreadable = || ParseError::NotAnNsgRule { text: rule.into() };
            let mut fields = rule.splitn(4, '-');
            let priority = fields
                .next()
                .and_then(|field| field.parse().ok())
                .ok_or_else(unreadable)?;
            let allow = match fields.next() {
                Some("allow") => true,
                Some("deny") => false,
                _ => return Err(unreadable()),
            };
            let source = fields
                .next()
                .and_then(|field| parse_range(field).ok())
                .ok_or_else(unreadable)?;
            let port = fields
                .next()
                .map(|field| field.parse().map_err(|_| unreadable()))
                .transpose()?;
            Ok(NsgRule {
                priority,
                allow,
                source,
                port,
            })
        })
        .collect()
}

/// NSG rules as [`parse_nsg_rules`] reads them.
pub fn write_nsg_rules(rules: &[NsgRule]) -> String {
    let written: Vec<String> = rules
        .iter()
        .map(|rule| {
            let access = if rule.allow { "allow" } else { "deny" };
            let port = rule.port.map(|port| format!("-{port}")).unwrap_or_default();
            format!("{}-{access}-{}{port}", rule.priority, rule.source)
        })
        .collect();
    written.join(",")
}
