//! rtnetlink: links, addresses, routes, neighbours, rules and namespace
//! ids, each as a borrowed view parsed in one pass, an owned value, a
//! request builder, and operations on a `Conn<Route>`.
//!
//! Views tolerate malformed attributes: one bad attribute is recorded in
//! the view's [`AttrErrors`] and the rest of the message still decodes
//! (`parse_strict` turns the first one into an error instead). Unknown
//! attributes are skipped; every view keeps its raw attribute list
//! (`attrs`) for them.

pub mod addr;
mod decode;
mod hwaddr;
mod ifname;
pub mod link;
pub mod neigh;
pub mod netconf;
pub mod nsid;
mod prefix;
mod routes;
pub mod rule;

pub use addr::{Addr, AddrFilter, AddrFlags, AddrMsg, AddrRequest, AddrSpec, CacheInfo};
pub use decode::AttrErrors;
pub use hwaddr::HwAddr;
pub use ifname::{IFNAME_MAX, IfName, IfNameError};
pub use link::{
    BridgeInfo, BridgeOptions, InfoData, Link, LinkChange, LinkFlags, LinkInfoMsg, LinkKind,
    LinkMode, LinkMsg, LinkRequest, LinkStats64, OperState, VethPeer, VxlanInfo, VxlanOptions,
};
pub use neigh::{
    Neigh, NeighCacheInfo, NeighFilter, NeighFlags, NeighFlagsExt, NeighMsg, NeighRequest,
    NeighState,
};
pub use netconf::NetconfMsg;
pub use nsid::{NsIdEntry, NsIdMsg, NsIdRequest, NsRef};
pub use prefix::{ParsePrefixError, Prefix};
pub use routes::*;
pub use rule::{PortRange, Rule, RuleAction, RuleFlags, RuleMsg, RuleRequest, UidRange};

/// An interface index (`ifindex`), the same type for links, addresses,
/// routes, neighbours, rules and every request. The kernel's is an `int`
/// that is always positive; 0 means none.
pub type IfIndex = u32;

/// The loopback device's index: `lo` is index 1 in every namespace (the
/// kernel's `LOOPBACK_IFINDEX`).
pub const LOOPBACK_IFINDEX: IfIndex = 1;
