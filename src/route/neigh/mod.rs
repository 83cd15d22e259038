//! Neighbours (the ARP and NDP caches, proxy entries, bridge FDB entries):
//! `RTM_NEWNEIGH`/`RTM_DELNEIGH`/`RTM_GETNEIGH`.
//!
//! [`NeighMsg`] is declared once as a table: `NeighMsg<&[u8]>` is a view
//! over a received message (no allocation), [`Neigh`] the owned value.
//!
//! ```no_run
//! use nlstack::conn::{Config, Conn, Route};
//! use nlstack::route::neigh::{NeighFilter, NeighRequest, NeighState};
//!
//! let mut conn = Conn::<Route>::dial(Config::default())?;
//! // 10.0.0.2 is at 02:00:00:00:00:02 on link 2, for good.
//! let req = NeighRequest::new(2, "10.0.0.2".parse().unwrap())
//!     .lladdr([2, 0, 0, 0, 0, 2])
//!     .state(NeighState::PERMANENT);
//! conn.neigh_add(&req)?;
//! for n in conn.neighbours(NeighFilter::default().link(2))?.iter() {
//!     println!("{:?} {:02x?} {:?}", n.dst(), n.lladdr(), n.state());
//! }
//! conn.neigh_del(&req)?;
//! # Ok::<(), nlstack::Error>(())
//! ```

mod cacheinfo;
mod filter;
mod flags;
mod msg;
mod ops;
mod request;

pub use cacheinfo::NeighCacheInfo;
pub use filter::NeighFilter;
pub use flags::{NeighFlags, NeighFlagsExt, NeighState};
pub use msg::{
    NDA_CACHEINFO, NDA_DST, NDA_FDB_EXT_ATTRS, NDA_FLAGS_EXT, NDA_IFINDEX, NDA_LINK_NETNSID,
    NDA_LLADDR, NDA_MASTER, NDA_NH_ID, NDA_PORT, NDA_PROBES, NDA_PROTOCOL, NDA_SRC_VNI, NDA_VLAN,
    NDA_VNI, Neigh, NeighMsg, NeighSpec,
};
pub use request::NeighRequest;
