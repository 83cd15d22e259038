//! IPsec over `NETLINK_XFRM`: states (security associations) and policies
//! on [`Conn<Xfrm>`](crate::conn::Xfrm), their events, and the fixed
//! kernel structs they are made of.
//!
//! - The fixed structs (`xfrm_selector`, `xfrm_usersa_info`,
//!   `xfrm_userpolicy_info`, `xfrm_user_tmpl`, ...) are declared once each
//!   with their offsets: an owned value ([`Selector`], [`SaInfo`], ...) for
//!   requests and a zero-copy view ([`SelectorRef`], [`SaInfoRef`], ...)
//!   with a checked length. Sizes are the kernel's on x86_64.
//! - The `XFRMA_*` attributes are declared once ([`XfrmAttrs`]), and
//!   expanded after each message's fixed struct: [`State`] and [`Policy`]
//!   are one type over their storage with a getter per attribute.
//! - Keys are secret: [`Key`] and [`Secret`] zero their bytes when
//!   dropped, and nothing prints key bytes in `Debug`.
//!
//! See `docs/xfrm.md`.
//!
//! ```
//! use std::net::IpAddr;
//! use nlstack::xfrm::{PolicyRequest, Selector, Tmpl, XFRM_MODE_TUNNEL, XFRM_POLICY_OUT};
//!
//! let any: IpAddr = "0.0.0.0".parse().unwrap();
//! let sel = Selector::between("10.0.0.0".parse().unwrap(), 24, "10.0.1.0".parse().unwrap(), 24);
//! let req = PolicyRequest::new(sel, XFRM_POLICY_OUT)
//!     .priority(100)
//!     .tmpl(Tmpl::new("192.0.2.1".parse().unwrap(), "192.0.2.2".parse().unwrap(), 50, XFRM_MODE_TUNNEL));
//! assert_eq!(req.attrs.tmpl.as_ref().map(Vec::len), Some(1));
//! # let _ = any;
//! ```

mod algo;
mod attrs;
mod event;
mod info;
pub mod layout;
mod msg;
mod notify;
mod ops;
mod parts;
mod policy;
mod policy_info;
mod sa_info;
mod selector;
mod shared;
mod state;
mod varlen;

pub use algo::{Algo, AlgoRef, Key, Secret, XfrmAlgo, XfrmAlgoTrunc};
pub use attrs::*;
pub use event::Event;
pub use info::*;
pub use layout::Address;
pub use msg::*;
pub use notify::*;
pub use ops::{Aevent, StateFilter, policy_id_of, sa_id_of};
pub use parts::*;
pub use policy::{Policy, PolicyAttrs, PolicyRequest};
pub use policy_info::*;
pub use sa_info::*;
pub use selector::*;
pub use shared::Shared;
pub use state::{State, StateAttrs, StateRequest};
pub use varlen::*;
