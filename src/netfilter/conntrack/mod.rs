//! Connection tracking over nfnetlink (`NFNL_SUBSYS_CTNETLINK`): entries
//! and expectations as views and owned values declared once, their
//! operations on `Conn<Netfilter>`, delete-by-filters, statistics and
//! events.
//!
//! ```no_run
//! use nlstack::conn::{Config, Conn, Netfilter};
//! use nlstack::netfilter::conntrack::{Filter, Query};
//! use nlstack::route::family;
//! let mut conn = Conn::<Netfilter>::dial(Config::default())?;
//! for e in conn.conntrack_list(&Query::new().ipv4())?.iter() {
//!     println!("{:?} -> {:?}", e.orig().and_then(|t| t.src()), e.orig().and_then(|t| t.dst()));
//! }
//! let n = conn.conntrack_delete_matching(family::INET, &[Filter::new().protocol(17).orig_dst_port(53)])?;
//! println!("{n} deleted");
//! # Ok::<(), nlstack::Error>(())
//! ```

mod entry;
mod event;
mod expect;
mod filter;
pub mod labels;
mod list;
mod msg;
mod ops;
mod parts;
mod query;
mod stats;
mod status;
mod tuple;

pub use entry::*;
pub use event::Event;
pub use expect::*;
pub use filter::Filter;
pub use list::Entries;
pub use msg::*;
pub use parts::*;
pub use query::{Query, Table, filter_flag, tuple_flags};
pub use stats::*;
pub use status::{Status, tcp_state_by_name, tcp_state_name};
pub use tuple::*;
