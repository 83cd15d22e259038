//! Links: `RTM_NEWLINK`/`RTM_DELLINK`/`RTM_GETLINK`/`RTM_SETLINK`.
//!
//! [`LinkMsg`] is the borrowed view of one link message, decoded in one pass
//! without allocating; [`Link`] is its owned copy. [`LinkRequest`] creates
//! a link (veth, bridge, vxlan, or any kind by name), [`LinkChange`]
//! changes one, and the operations live on `Conn<Route>`:
//! [`links`](crate::conn::Conn::links), [`link_by_index`](crate::conn::Conn::link_by_index),
//! [`link_by_name`](crate::conn::Conn::link_by_name), [`link_add`](crate::conn::Conn::link_add),
//! [`link_set`](crate::conn::Conn::link_set), [`link_del`](crate::conn::Conn::link_del).
//!
//! ```no_run
//! use nlstack::conn::{Config, Conn, Route};
//! use nlstack::netns::NetNs;
//! use nlstack::route::link::{LinkChange, LinkRequest, VethPeer};
//!
//! let ns = NetNs::new_anonymous()?;
//! let other = NetNs::new_anonymous()?;
//! let mut conn = Conn::<Route>::dial(Config::default().netns(&ns))?;
//! // A veth pair whose peer is born inside `other`.
//! conn.link_add(&LinkRequest::veth("ve0", VethPeer::new("ve1").netns(&other)))?;
//! conn.link_add(&LinkRequest::bridge("br0"))?;
//! let br = conn.link_by_name("br0")?;
//! let ve = conn.link_by_name("ve0")?;
//! conn.link_set(&LinkChange::new(ve.index).mtu(1400).master(br.index).up())?;
//! for l in conn.links()? {
//!     println!("{} {} {:?}", l.index, l.name, l.operstate);
//! }
//! # Ok::<(), nlstack::Error>(())
//! ```

mod consts;
mod kind;
mod ops;
mod owned;
mod request;
mod state;
mod stats;
mod view;

pub use crate::route::hwaddr::{HwAddr, HwAddrParseError, MAX_ADDR_LEN};
pub use consts::*;
pub use kind::bridge::{BridgeId, BridgeInfo, BridgeOptions, attr as br};
pub use kind::table::{
    BondInfo, BridgePortInfo, DummyInfo, GeneveInfo, IpvlanInfo, MacvlanInfo, MacvtapInfo, NetU16,
    NetU32, PortKind, TableKind, TableValue, VlanInfo, VrfInfo, WireguardInfo,
};
pub use kind::veth::{VETH_INFO_PEER, VethPeer};
pub use kind::vxlan::{VxlanInfo, VxlanOptions, attr as vxlan};
pub use owned::{KindData, Link, LinkInfo};
pub use request::{LinkChange, LinkKind, LinkRequest};
pub use state::{LinkFlags, LinkMode, OperState};
pub use stats::LinkStats64;
pub use view::{AltNames, InfoData, LinkInfoMsg, LinkMsg, VethPeerMsg};
