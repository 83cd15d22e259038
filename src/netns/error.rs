//! Why a namespace could not be opened, created or entered.

use std::fmt;
use std::path::PathBuf;

/// What went wrong with a namespace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum NetNsErrorKind {
    /// The path does not exist.
    NotFound,
    /// The path exists but is not a namespace file (not on nsfs).
    NotNamespace,
    /// A namespace, but not a network namespace.
    WrongType,
    /// Not permitted.
    Permission,
    /// Another system call failed; see the source.
    Other,
}

/// A namespace error: what, for which path, and the underlying I/O error.
#[derive(Debug)]
pub struct NetNsError {
    /// What went wrong.
    pub kind: NetNsErrorKind,
    /// The path involved, when there is one.
    pub path: Option<PathBuf>,
    /// The system call's error, when there is one.
    pub source: Option<std::io::Error>,
}

impl fmt::Display for NetNsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            NetNsErrorKind::NotFound => "does not exist",
            NetNsErrorKind::NotNamespace => "is not a namespace",
            NetNsErrorKind::WrongType => "is a namespace, but not a network namespace",
            NetNsErrorKind::Permission => "permission denied",
            NetNsErrorKind::Other => "namespace operation failed",
        };
        match &self.path {
            Some(p) => write!(f, "netns {}: {what}", p.display())?,
            None => write!(f, "netns: {what}")?,
        }
        if let Some(e) = &self.source {
            write!(f, ": {e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for NetNsError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_ref().map(|e| e as _)
    }
}

impl From<NetNsError> for crate::Error {
    fn from(e: NetNsError) -> Self {
        crate::Error::Netns(e)
    }
}
