//! Watching the kernel: a monitor joined to rtnetlink's multicast groups
//! that decodes events with the same views as the lists and turns loss
//! (`ENOBUFS`, `NLMSG_OVERRUN`) into [`Received::ResyncNeeded`].
//!
//! Events are wake-ups, not deltas: the kernel drops them when a receive
//! buffer is full and sends none for what goes away implicitly (the routes
//! of a deleted link). See `docs/monitor.md`.

mod event;
mod events;
mod groups;
mod listener;
mod mirror;
mod objects;
mod watcher;

pub use event::Event;
pub use events::Events;
pub use groups::*;
pub use listener::{DEFAULT_RECV_BUFFER, Monitor, MonitorConfig, Received};
pub use mirror::Mirror;
pub use objects::{Change, Keep, Object, Objects};
pub use watcher::{Ready, TimerId, Token, Watcher};
