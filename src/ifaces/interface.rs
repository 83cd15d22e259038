//! What the informer reports: an interface, where it lives, and whether it
//! came or went.

use std::fmt;

use crate::netns::NsId;
use crate::route::IfName;

/// The namespace an interface lives in: its identity, and its name under
/// `/run/netns` when it has one (the host's namespace has none).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Netns {
    /// The namespace's identity (device and inode of its nsfs file).
    pub id: NsId,
    /// Its name under `/run/netns`; `None` for the host's namespace.
    pub name: Option<String>,
}

/// A network interface somewhere on the host.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub struct Interface {
    /// Its index in its namespace.
    pub index: u32,
    /// Its name: bytes, not necessarily UTF-8.
    pub name: IfName,
    /// Its MAC address, when it has a 6-byte one.
    pub mac: Option<[u8; 6]>,
    /// The namespace it lives in.
    pub netns: Netns,
    /// The index of the link it sits on (a veth's peer, a VLAN's parent),
    /// when it has one.
    pub parent: Option<u32>,
}

impl Interface {
    /// An interface with no MAC and no parent (set those fields as needed).
    pub fn new(index: u32, name: IfName, netns: Netns) -> Interface {
        Interface {
            index,
            name,
            mac: None,
            netns,
            parent: None,
        }
    }
}

/// An interface came or went.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Event {
    /// It is present now (or was, when the informer started).
    Added(Interface),
    /// It is gone (deleted, moved away, its namespace gone, or no longer
    /// counted as present).
    Removed(Interface),
}

impl Event {
    /// The interface the event is about.
    pub fn interface(&self) -> &Interface {
        match self {
            Event::Added(i) | Event::Removed(i) => i,
        }
    }
}

impl fmt::Display for Event {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (what, i) = match self {
            Event::Added(i) => ("added", i),
            Event::Removed(i) => ("removed", i),
        };
        write!(f, "{what} {}: {}", i.index, i.name)?;
        if let Some(m) = i.mac {
            write!(
                f,
                " {:02x}:{:02x}:{:02x}:{:02x}:{:02x}:{:02x}",
                m[0], m[1], m[2], m[3], m[4], m[5]
            )?;
        }
        match &i.netns.name {
            Some(n) => write!(f, " netns {n}"),
            None => f.write_str(" netns (host)"),
        }
    }
}
