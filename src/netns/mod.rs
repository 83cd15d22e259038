//! Network namespaces: handles, `setns`/`gettid`, running work inside a
//! namespace without moving the caller's thread.
//!
//! On Linux every *thread* has its own network namespace, and a socket
//! stays in the namespace it was created in, whichever thread uses it
//! later. So:
//!
//! - [`NetNs`] is an owned fd to a namespace: [`open`](NetNs::open) a path,
//!   [`from_pid`](NetNs::from_pid), [`named`](NetNs::named),
//!   [`current`](NetNs::current) (this thread's),
//!   [`new_anonymous`](NetNs::new_anonymous), or
//!   [`create`](NetNs::create)/[`delete`](NetNs::delete)/[`list`](NetNs::list)
//!   named ones like `ip netns`.
//! - [`NetNs::run`] runs a closure on a fresh thread inside the namespace:
//!   the caller never moves. This is the default.
//! - [`NetNs::enter`] moves the current thread until its [`EnterGuard`] is
//!   dropped; a failed restore aborts the process.
//! - The raw calls: [`gettid`], [`setns`], [`unshare`], [`is_netns`],
//!   [`SO_MARK`] with [`set_mark`]/[`mark`].
//!
//! See `docs/netns.md` for the threading model and the pitfalls.

pub(crate) mod error;
mod exec;
mod handle;
mod named;
mod nsref;
mod path;
mod raw;
mod sysctl;

pub use error::{NetNsError, NetNsErrorKind};
pub use exec::EnterGuard;
pub use handle::{NetNs, NsId, is_netns};
pub use nsref::NsRef;
pub use path::NETNS_RUN_DIR;
pub use raw::{CLONE_NEWNET, SO_MARK, gettid, mark, set_mark, setns, unshare};
pub use sysctl::sysctl_path;
