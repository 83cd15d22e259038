//! Routing policy rules: `RTM_NEWRULE`/`RTM_DELRULE`/`RTM_GETRULE`.
//!
//! [`RuleMsg`] is declared once as a table: `RuleMsg<&[u8]>` is a view
//! over a received message (no allocation), [`Rule`] the owned value.
//!
//! ```no_run
//! use nlstack::conn::{Config, Conn, Route};
//! use nlstack::route::family;
//! use nlstack::route::rule::{RuleAction, RuleRequest};
//!
//! let mut conn = Conn::<Route>::dial(Config::default())?;
//! // Packets marked 0x10/0xff look in table 100.
//! let r = RuleRequest::v4().priority(100).fwmark(0x10, 0xff).table(100);
//! conn.rule_add(&r)?;
//! // Anything from 192.0.2.0/24 is refused.
//! let deny = RuleRequest::v4()
//!     .priority(101)
//!     .from("192.0.2.0".parse().unwrap(), 24)
//!     .action(RuleAction::PROHIBIT);
//! conn.rule_add(&deny)?;
//! for r in conn.rules(Some(family::INET))?.iter() {
//!     println!("{} {:?} table {}", r.pref(), r.action(), r.table());
//! }
//! conn.rule_del(&r)?;
//! # Ok::<(), nlstack::Error>(())
//! ```

mod action;
mod msg;
mod names;
mod ops;
mod ports;
mod request;
mod uids;

pub use crate::route::table_id::{
    RT_TABLE_DEFAULT, RT_TABLE_LOCAL, RT_TABLE_MAIN, RT_TABLE_UNSPEC,
};
pub use action::{RuleAction, RuleFlags};
pub use msg::{
    FRA_DPORT_MASK, FRA_DPORT_RANGE, FRA_DSCP, FRA_DSCP_MASK, FRA_DST, FRA_FLOW, FRA_FLOWLABEL,
    FRA_FLOWLABEL_MASK, FRA_FWMARK, FRA_FWMASK, FRA_GOTO, FRA_IIFNAME, FRA_IP_PROTO, FRA_L3MDEV,
    FRA_OIFNAME, FRA_PAD, FRA_PRIORITY, FRA_PROTOCOL, FRA_SPORT_MASK, FRA_SPORT_RANGE, FRA_SRC,
    FRA_SUPPRESS_IFGROUP, FRA_SUPPRESS_PREFIXLEN, FRA_TABLE, FRA_TUN_ID, FRA_UID_RANGE, Rule,
    RuleMsg, RuleSpec,
};
pub use names::RuleIfName;
pub use ports::PortRange;
pub use request::RuleRequest;
pub use uids::UidRange;
