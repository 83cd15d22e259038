//! Connection tracking over nfnetlink (`NFNL_SUBSYS_CTNETLINK`): entries
//! and expectations as views and owned values declared once, their
//! operations on `Conn<Netfilter>`, delete-by-filters, statistics and
//! events.

mod entry;
pub mod labels;
mod parts;
mod status;
mod tuple;

pub use entry::*;
pub use parts::*;
pub use status::{Status, tcp_state_by_name, tcp_state_name};
pub use tuple::*;
