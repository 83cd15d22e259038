//! Links: `RTM_NEWLINK`/`RTM_DELLINK`/`RTM_GETLINK`/`RTM_SETLINK`.
//!
//! [`LinkMsg`] is one link message, declared once as a table of its
//! attributes: `LinkMsg<&[u8]>` is a view over received bytes (indexed in
//! one pass, no allocation), [`Link`] (`LinkMsg<Box<[u8]>>`) the owned
//! value. [`LinkRequest`] creates
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
//! conn.link_set(&LinkChange::new(ve.index()).mtu(1400).master(br.index()).up())?;
//! for l in &conn.links()? {
//!     println!("{} {} {:?}", l.index(), l.name(), l.operstate());
//! }
//! # Ok::<(), nlstack::Error>(())
//! ```

mod af_spec;
mod alt_names;
mod consts;
mod data;
mod info;
mod kind;
mod ops;
mod request;
mod state;
mod stats;
mod view;

pub use crate::route::hwaddr::{HwAddr, HwAddrParseError, MAX_ADDR_LEN};
pub use af_spec::*;
pub use alt_names::{AltNames, AltNamesIter, IFLA_ALT_IFNAME, PropList};
pub use consts::*;
pub use data::InfoData;
pub use info::*;
pub use kind::bond::BondInfo;
pub use kind::bridge::*;
pub use kind::bridge_port::BridgePortInfo;
pub use kind::dummy::DummyInfo;
pub use kind::geneve::GeneveInfo;
pub use kind::ipvlan::IpvlanInfo;
pub use kind::macvlan::MacvlanInfo;
pub use kind::macvtap::MacvtapInfo;
pub use kind::table::{PortKind, TableKind};
pub use kind::value::{NetU16, NetU32, TableValue};
pub use kind::veth::*;
pub use kind::vlan::VlanInfo;
pub use kind::vrf::VrfInfo;
pub use kind::vxlan::*;
pub use kind::wireguard::WireguardInfo;
pub use request::{LinkChange, LinkKind, LinkRequest};
pub use state::{LinkFlags, LinkMode, OperState};
pub use stats::LinkStats64;
pub use view::*;
