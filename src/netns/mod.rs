//! Network namespaces: handles, `setns`/`gettid`, running work inside a
//! namespace without moving the caller's thread.

mod error;

pub use error::{NetNsError, NetNsErrorKind};
