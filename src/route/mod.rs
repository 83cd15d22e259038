//! rtnetlink: links, addresses, routes, neighbours, rules and namespace
//! ids, each with a view, an owned value, a request builder, and
//! operations on a `Conn<Route>`.
//!
//! Links, addresses, routes, neighbours and rules are declared tables:
//! `LinkMsg<&[u8]>` is a view over a message's payload (its bytes and a
//! one-pass index, no allocation), `Link` (= `LinkMsg<Box<[u8]>>`) the
//! owned value, one copy of the bytes; getters decode on demand. One
//! malformed attribute spoils only itself and is counted in `malformed()`
//! (`check()` turns the first into an error); a malformed duplicate keeps
//! the earlier good value; `attr(kind)` reads any attribute as sent.
//! Collected lists (`links()`, ...) are a [`List`](crate::wire::List): the
//! dump's bytes kept in chunks, handing out views. Namespace ids and
//! netconf are small eager views that record problems in [`AttrErrors`].

pub mod addr;
mod decode;
pub mod family;
mod hwaddr;
mod ifname;
pub mod link;
pub mod neigh;
pub mod netconf;
pub mod nsid;
mod prefix;
mod routes;
pub mod rule;
mod table_id;

pub use addr::{Addr, AddrFilter, AddrFlags, AddrMsg, AddrRequest, AddrSpec, CacheInfo};
pub use decode::AttrErrors;
pub use family::AddrFamily;
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
pub use table_id::{
    RT_TABLE_COMPAT, RT_TABLE_DEFAULT, RT_TABLE_LOCAL, RT_TABLE_MAIN, RT_TABLE_UNSPEC, table_name,
};

/// An interface index (`ifindex`), the same type for links, addresses,
/// routes, neighbours, rules and every request. The kernel's is an `int`
/// that is always positive; 0 means none.
pub type IfIndex = u32;

/// The loopback device's index: `lo` is index 1 in every namespace (the
/// kernel's `LOOPBACK_IFINDEX`).
pub const LOOPBACK_IFINDEX: IfIndex = 1;
