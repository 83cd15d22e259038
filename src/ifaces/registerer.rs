//! The registerer: (interface index, MAC) → name, answered from memory for
//! what the informer has seen, in the lookup order of netobserv's
//! `ifaces.Registerer`.

use std::collections::HashMap;
use std::fmt;
use std::sync::RwLock;

use crate::ifaces::{Event, Interface};
use crate::route::{IfName, IfNameError};

/// A preferred name for the interfaces whose MAC starts with `prefix`
/// (netobserv's `PREFERRED_INTERFACE_FOR_MAC_PREFIX`: Kubernetes pods'
/// `0a:58` MACs are seen on the host's `eth0` side too).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrefixRule {
    prefix: [u8; 6],
    len: u8,
    /// The name to answer.
    pub name: IfName,
}

impl PrefixRule {
    /// The MAC prefix's bytes.
    pub fn prefix(&self) -> &[u8] {
        &self.prefix[..usize::from(self.len)]
    }

    fn matches(&self, mac: &[u8; 6]) -> bool {
        mac.starts_with(self.prefix())
    }
}

/// Why a rule list does not parse.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PrefixRuleError {
    /// An entry without `=` (or with nothing before or after it).
    Format(String),
    /// A prefix byte that is not two hex digits.
    Hex(String),
    /// An empty prefix.
    EmptyPrefix,
    /// A prefix longer than a MAC (6 bytes).
    TooLong(usize),
    /// A name that cannot be an interface name.
    Name(IfNameError),
}

impl fmt::Display for PrefixRuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PrefixRuleError::Format(e) => {
                write!(f, "expected PREFIX=NAME (like 0a:58=eth0), got {e:?}")
            }
            PrefixRuleError::Hex(b) => write!(f, "{b:?} is not a hex byte (two hex digits)"),
            PrefixRuleError::EmptyPrefix => f.write_str("a MAC prefix cannot be empty"),
            PrefixRuleError::TooLong(n) => {
                write!(f, "a MAC prefix has at most 6 bytes, not {n}")
            }
            PrefixRuleError::Name(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for PrefixRuleError {}

/// Parses `0a:58=eth0,00:15:5d=eth1`: comma-separated `PREFIX=NAME`, the
/// prefix as colon-separated hex bytes. Blank entries are skipped.
pub fn parse_prefix_rules(s: &str) -> Result<Vec<PrefixRule>, PrefixRuleError> {
    let mut out = Vec::new();
    for entry in s.split(',').map(str::trim).filter(|e| !e.is_empty()) {
        let Some((prefix, name)) = entry.split_once('=') else {
            return Err(PrefixRuleError::Format(entry.to_owned()));
        };
        let (prefix, name) = (prefix.trim(), name.trim());
        if name.is_empty() {
            return Err(PrefixRuleError::Format(entry.to_owned()));
        }
        if prefix.is_empty() {
            return Err(PrefixRuleError::EmptyPrefix);
        }
        let bytes: Vec<&str> = prefix.split(':').collect();
        if bytes.len() > 6 {
            return Err(PrefixRuleError::TooLong(bytes.len()));
        }
        let mut rule = PrefixRule {
            prefix: [0; 6],
            len: bytes.len() as u8,
            name: IfName::new(name.as_bytes()).map_err(PrefixRuleError::Name)?,
        };
        for (i, b) in bytes.iter().enumerate() {
            if b.len() != 2 {
                return Err(PrefixRuleError::Hex((*b).to_owned()));
            }
            rule.prefix[i] =
                u8::from_str_radix(b, 16).map_err(|_| PrefixRuleError::Hex((*b).to_owned()))?;
        }
        out.push(rule);
    }
    Ok(out)
}

/// What the registerer knows of one index: each (MAC, name) seen, in the
/// order first seen.
type Known = Vec<(Option<[u8; 6]>, IfName)>;

/// (index, MAC) → name, from what the informer reported and, when nothing
/// is known of an index, one kernel lookup.
///
/// `name_for(index, mac)` answers, in this order:
/// 1. the only name known for that index (the MAC is not looked at);
/// 2. the name known for that exact (index, MAC);
/// 3. the preferred name of the first prefix rule the MAC matches;
/// 4. the first name known for the index;
/// 5. only when nothing at all is known of the index: the kernel, asked by
///    index (`lookup`), its answer inserted under a double-checked write
///    lock, so that racing callers insert once and all get the same answer.
///
/// netobserv's documentation says a MAC miss with no rule falls back to
/// the kernel; its code answers the first known name. This follows the
/// code (step 4): a name known for the index beats a system call on the
/// packet path, and the kernel's answer for the index would name the same
/// interface anyway. Reads take the lock shared, never exclusively, and
/// allocate nothing.
pub struct Registerer<L: Fn(u32) -> Option<IfName>> {
    known: RwLock<HashMap<u32, Known>>,
    rules: Vec<PrefixRule>,
    lookup: L,
}

impl<L: Fn(u32) -> Option<IfName>> Registerer<L> {
    /// A registerer with these prefix rules, asking `lookup` for indexes
    /// nothing is known of.
    pub fn new(rules: Vec<PrefixRule>, lookup: L) -> Registerer<L> {
        Registerer {
            known: RwLock::new(HashMap::new()),
            rules,
            lookup,
        }
    }

    /// Keeps the registerer current: an interface added is recorded unless
    /// its (index, MAC) already has another name (the first stays); one
    /// removed is forgotten only if the name matches.
    pub fn apply(&self, e: &Event) {
        let mut known = self.known.write().unwrap_or_else(|p| p.into_inner());
        match e {
            Event::Added(i) => insert(&mut known, i.index, i.mac, i.name),
            Event::Removed(i) => remove(&mut known, i),
        }
    }

    /// The name for (`index`, `mac`), and whether it was found (`false`:
    /// nothing known and the kernel had none; the name is then empty).
    pub fn name_for(&self, index: u32, mac: &[u8; 6]) -> (IfName, bool) {
        {
            let known = self.known.read().unwrap_or_else(|p| p.into_inner());
            if let Some(n) = self.answer(&known, index, mac) {
                return (n, true);
            }
        }
        let Some(name) = (self.lookup)(index) else {
            return (IfName::default(), false);
        };
        let mut known = self.known.write().unwrap_or_else(|p| p.into_inner());
        // Another caller may have inserted meanwhile: its answer stands.
        if let Some(n) = self.answer(&known, index, mac) {
            return (n, true);
        }
        insert(&mut known, index, None, name);
        (name, true)
    }

    fn answer(&self, known: &HashMap<u32, Known>, index: u32, mac: &[u8; 6]) -> Option<IfName> {
        let names = known.get(&index).filter(|v| !v.is_empty())?;
        if let [(_, only)] = names.as_slice() {
            return Some(*only);
        }
        if let Some((_, n)) = names.iter().find(|(m, _)| m.as_ref() == Some(mac)) {
            return Some(*n);
        }
        if let Some(r) = self.rules.iter().find(|r| r.matches(mac)) {
            return Some(r.name);
        }
        names.first().map(|(_, n)| *n)
    }

    /// How many (index, MAC, name) entries are known.
    pub fn len(&self) -> usize {
        let known = self.known.read().unwrap_or_else(|p| p.into_inner());
        known.values().map(Vec::len).sum()
    }

    /// True when nothing is known.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

fn insert(known: &mut HashMap<u32, Known>, index: u32, mac: Option<[u8; 6]>, name: IfName) {
    let names = known.entry(index).or_default();
    if names.iter().any(|(m, _)| *m == mac) {
        return; // no overwrite of a name for the same (index, MAC)
    }
    names.push((mac, name));
}

fn remove(known: &mut HashMap<u32, Known>, i: &Interface) {
    if let Some(names) = known.get_mut(&i.index) {
        names.retain(|(m, n)| !(*m == i.mac && *n == i.name));
        if names.is_empty() {
            known.remove(&i.index);
        }
    }
}

impl<L: Fn(u32) -> Option<IfName>> fmt::Debug for Registerer<L> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Registerer")
            .field("entries", &self.len())
            .field("rules", &self.rules)
            .finish_non_exhaustive()
    }
}
