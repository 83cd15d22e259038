//! The interface informer: every network interface of the host, in every
//! namespace, as it comes and goes, and a registerer that names the
//! (interface index, MAC) a packet carries without a system call. See
//! `docs/ifaces.md`.

mod informer;
mod interface;
mod poller;
mod presence;
mod registerer;
mod watcher;

pub use informer::Informer;
pub use interface::{Event, Interface, Netns};
pub use poller::Poller;
pub use presence::Presence;
pub use registerer::{PrefixRule, PrefixRuleError, Registerer, parse_prefix_rules};
pub use watcher::Watcher;
