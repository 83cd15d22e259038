//! Why a namespace could not be opened, created or entered.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

/// What went wrong with a namespace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum NetNsErrorKind {
    /// The path does not exist (`ENOENT`, `ENOTDIR`), or no process has
    /// that pid.
    NotFound,
    /// The path exists but is not a namespace file (not on nsfs).
    NotNamespace,
    /// A namespace, but not a network namespace.
    WrongType,
    /// Not permitted (`EPERM`, `EACCES`): opening needs access to the file
    /// (and ptrace read access for `/proc/PID/ns/net`), entering needs
    /// `CAP_SYS_ADMIN`.
    Permission,
    /// A namespace name that cannot be a file name under `/run/netns`
    /// (empty, `.`, `..`, with `/` or NUL, longer than 255 bytes).
    InvalidName,
    /// A named namespace of that name exists already.
    Exists,
    /// A sysctl key that is not a well-formed key under `net.` (empty
    /// components, `..`, NUL, or outside `/proc/sys/net`).
    InvalidKey,
    /// A sysctl key this namespace does not have (`ENOENT`): a misspelt
    /// key, or a device that does not exist here.
    UnknownKey,
    /// A value the kernel refused for that key (`EINVAL`).
    BadValue,
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
    pub source: Option<io::Error>,
}

impl NetNsError {
    /// An error of `kind` with no system call behind it.
    pub(crate) fn new(kind: NetNsErrorKind, path: Option<&Path>) -> NetNsError {
        NetNsError {
            kind,
            path: path.map(Path::to_path_buf),
            source: None,
        }
    }

    /// Classifies a failed system call by its errno.
    pub(crate) fn io(source: io::Error, path: Option<&Path>) -> NetNsError {
        let kind = match source.raw_os_error() {
            Some(libc::ENOENT | libc::ENOTDIR | libc::ESRCH) => NetNsErrorKind::NotFound,
            Some(libc::EPERM | libc::EACCES) => NetNsErrorKind::Permission,
            Some(libc::EEXIST) => NetNsErrorKind::Exists,
            _ => NetNsErrorKind::Other,
        };
        NetNsError {
            kind,
            path: path.map(Path::to_path_buf),
            source: Some(source),
        }
    }

    /// Like [`io`](Self::io), but for `setns`: `EINVAL` there means the
    /// file is a namespace of another type.
    pub(crate) fn setns(source: io::Error, path: Option<&Path>) -> NetNsError {
        let mut e = NetNsError::io(source, path);
        if e.source.as_ref().and_then(io::Error::raw_os_error) == Some(libc::EINVAL) {
            e.kind = NetNsErrorKind::WrongType;
        }
        e
    }

    /// What went wrong.
    pub fn kind(&self) -> NetNsErrorKind {
        self.kind
    }
}

impl fmt::Display for NetNsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            NetNsErrorKind::NotFound => "does not exist",
            NetNsErrorKind::NotNamespace => "is not a namespace",
            NetNsErrorKind::WrongType => "is a namespace, but not a network namespace",
            NetNsErrorKind::Permission => "permission denied",
            NetNsErrorKind::InvalidName => "is not a valid namespace name",
            NetNsErrorKind::Exists => "exists already",
            NetNsErrorKind::InvalidKey => "is not a sysctl key under net.",
            NetNsErrorKind::UnknownKey => "no such sysctl in this namespace",
            NetNsErrorKind::BadValue => "value refused by the kernel",
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
