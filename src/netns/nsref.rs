//! [`NsRef`]: a namespace named by an fd or by a process inside it.

use std::os::fd::{AsFd, AsRawFd, BorrowedFd};

use crate::wire::Encoder;

/// A network namespace named by an open namespace file or by a process
/// inside it: the peer of a namespace id (`NETNSA_FD`/`NETNSA_PID`) and
/// the namespace a link moves to or is born in (`IFLA_NET_NS_FD`/`_PID`).
///
/// Anything with a file descriptor converts: `&NetNs`, `&File`,
/// `BorrowedFd`.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub enum NsRef<'a> {
    /// A namespace file descriptor.
    Fd(BorrowedFd<'a>),
    /// A process living in the namespace.
    Pid(u32),
}

impl<'a, F: AsFd> From<&'a F> for NsRef<'a> {
    fn from(f: &'a F) -> NsRef<'a> {
        NsRef::Fd(f.as_fd())
    }
}

impl<'a> From<BorrowedFd<'a>> for NsRef<'a> {
    fn from(f: BorrowedFd<'a>) -> NsRef<'a> {
        NsRef::Fd(f)
    }
}

impl NsRef<'_> {
    /// Puts the namespace as attribute `fd_kind` (the fd, `u32`) or
    /// `pid_kind` (the process id, `u32`).
    pub(crate) fn encode(&self, e: &mut Encoder<'_>, fd_kind: u16, pid_kind: u16) {
        match self {
            NsRef::Fd(fd) => e.put_u32(fd_kind, fd.as_raw_fd() as u32),
            NsRef::Pid(pid) => e.put_u32(pid_kind, *pid),
        };
    }
}
