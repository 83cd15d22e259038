//! `NetNs`: an owned handle to a network namespace, and its identity.

use std::fmt;
use std::fs::{File, OpenOptions};
use std::hash::{Hash, Hasher};
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, OwnedFd, RawFd};
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

use super::error::{NetNsError, NetNsErrorKind};
use super::path::path_of;
use super::raw;

/// The identity of a namespace: the device and inode of its nsfs file.
///
/// Two handles refer to the same namespace exactly when their ids are
/// equal; `ino` is the number `ip netns identify` and `readlink
/// /proc/PID/ns/net` (`net:[INO]`) show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NsId {
    /// `st_dev` of the namespace file (the nsfs device).
    pub dev: u64,
    /// `st_ino` of the namespace file: the namespace's inode number.
    pub ino: u64,
}

impl fmt::Display for NsId {
    /// Formats like the `/proc/PID/ns/net` link: `net:[4026531840]`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "net:[{}]", self.ino)
    }
}

/// An owned handle to a network namespace: an open nsfs file descriptor,
/// closed on drop. The namespace lives at least as long as the handle.
///
/// Every constructor checks that the fd really is a network namespace.
/// Handles compare (`==`, `Hash`) by [`id`](Self::id), so two handles to
/// the same namespace are equal whichever path opened them.
///
/// Work inside the namespace with [`run`](Self::run) (a fresh thread; the
/// default) or [`enter`](Self::enter) (the current thread, restored by a
/// guard). See `docs/netns.md` for the threading model.
///
/// ```no_run
/// use nlstack::netns::NetNs;
/// let ns = NetNs::new_anonymous()?;
/// let here = NetNs::current()?;
/// let inside = ns.run(|| NetNs::current().map(|n| n.id()))??;
/// assert_eq!(inside, ns.id());
/// assert_ne!(here, ns);
/// # Ok::<(), nlstack::Error>(())
/// ```
pub struct NetNs {
    fd: OwnedFd,
    id: NsId,
    path: Option<PathBuf>,
}

impl NetNs {
    /// Opens the network namespace at `path`: `/proc/PID/ns/net`,
    /// `/proc/PID/task/TID/ns/net`, `/run/netns/NAME`, or any bind mount of
    /// a namespace file.
    ///
    /// The path is checked with `statfs` before it is opened (so a FIFO or a
    /// device is never opened), and the open fd is checked again: the
    /// errors are [`NotFound`](NetNsErrorKind::NotFound),
    /// [`NotNamespace`](NetNsErrorKind::NotNamespace) (not on nsfs),
    /// [`WrongType`](NetNsErrorKind::WrongType) (a mount, user, ...
    /// namespace) and [`Permission`](NetNsErrorKind::Permission).
    pub fn open(path: impl AsRef<Path>) -> Result<NetNs, NetNsError> {
        let path = path.as_ref();
        NetNs::open_path(path, Some(path))
    }

    /// Opens the network namespace of process `pid` (`/proc/PID/ns/net`,
    /// the namespace of its main thread).
    pub fn from_pid(pid: u32) -> Result<NetNs, NetNsError> {
        let path = PathBuf::from(format!("/proc/{pid}/ns/net"));
        NetNs::open_path(&path, Some(&path))
    }

    /// Opens the named namespace `/run/netns/NAME` (made by
    /// [`create`](Self::create) or `ip netns add`).
    pub fn named(name: &str) -> Result<NetNs, NetNsError> {
        let path = path_of(name)?;
        NetNs::open_path(&path, Some(&path))
    }

    /// Opens the calling **thread's** network namespace
    /// (`/proc/thread-self/ns/net`; `/proc/self` would be the main
    /// thread's). [`path`](Self::path) is `None`: the file names whichever
    /// thread looks at it.
    pub fn current() -> Result<NetNs, NetNsError> {
        // The file is procfs's own, never a FIFO or device: no need for the
        // statfs before opening that `open` does; the fd is still checked.
        match NetNs::open_checked(Path::new("/proc/thread-self/ns/net"), None) {
            Err(e) if e.kind == NetNsErrorKind::NotFound => {
                // Kernels before 3.17 have no /proc/thread-self.
                let path = format!("/proc/self/task/{}/ns/net", raw::gettid());
                NetNs::open_checked(Path::new(&path), None)
            }
            r => r,
        }
    }

    /// Takes ownership of an fd that should refer to a network namespace
    /// (from `pidfd`, `SCM_RIGHTS`, ...) and checks that it does. On error
    /// the fd is closed.
    pub fn from_fd(fd: OwnedFd) -> Result<NetNs, NetNsError> {
        NetNs::check(fd, None, None)
    }

    fn open_path(path: &Path, keep: Option<&Path>) -> Result<NetNs, NetNsError> {
        match raw::fs_type(path) {
            Err(e) => return Err(NetNsError::io(e, Some(path))),
            Ok(t) if t != raw::NSFS_MAGIC => {
                return Err(NetNsError::new(NetNsErrorKind::NotNamespace, Some(path)));
            }
            Ok(_) => {}
        }
        NetNs::open_checked(path, keep)
    }

    /// Opens `path` and checks the fd.
    fn open_checked(path: &Path, keep: Option<&Path>) -> Result<NetNs, NetNsError> {
        let file = OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY)
            .open(path)
            .map_err(|e| NetNsError::io(e, Some(path)))?;
        NetNs::check(file.into(), Some(path), keep)
    }

    /// Checks that `fd` is a network namespace and reads its identity.
    fn check(fd: OwnedFd, path: Option<&Path>, keep: Option<&Path>) -> Result<NetNs, NetNsError> {
        let t = raw::fd_fs_type(fd.as_fd()).map_err(|e| NetNsError::io(e, path))?;
        if t != raw::NSFS_MAGIC {
            return Err(NetNsError::new(NetNsErrorKind::NotNamespace, path));
        }
        match raw::ns_type(fd.as_fd()) {
            Ok(raw::CLONE_NEWNET) => {}
            Ok(_) => return Err(NetNsError::new(NetNsErrorKind::WrongType, path)),
            // Kernels before 4.11 cannot tell; setns checks the type later.
            Err(e) if e.raw_os_error() == Some(libc::ENOTTY) => {}
            Err(e) => return Err(NetNsError::io(e, path)),
        }
        let file = File::from(fd);
        let meta = file.metadata().map_err(|e| NetNsError::io(e, path))?;
        Ok(NetNs {
            fd: file.into(),
            id: NsId {
                dev: meta.dev(),
                ino: meta.ino(),
            },
            path: keep.map(Path::to_path_buf),
        })
    }

    /// The path this handle was opened from, when it names the namespace
    /// for others too: `None` for [`current`](Self::current),
    /// [`new_anonymous`](Self::new_anonymous) and [`from_fd`](Self::from_fd).
    /// A `/proc/PID/...` path names the namespace only while that process
    /// stays in it; the handle keeps it regardless.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The namespace's fd, borrowed (also available through [`AsFd`]).
    pub fn as_fd(&self) -> BorrowedFd<'_> {
        self.fd.as_fd()
    }

    /// The namespace's identity (device and inode).
    pub fn id(&self) -> NsId {
        self.id
    }

    /// A second handle to the same namespace (a `dup` of the fd).
    pub fn try_clone(&self) -> Result<NetNs, NetNsError> {
        Ok(NetNs {
            fd: self
                .fd
                .try_clone()
                .map_err(|e| NetNsError::io(e, self.path()))?,
            id: self.id,
            path: self.path.clone(),
        })
    }
}

/// True when `path` is a network namespace that can be opened: the checks
/// of [`NetNs::open`], without keeping the handle.
pub fn is_netns(path: impl AsRef<Path>) -> bool {
    NetNs::open_path(path.as_ref(), None).is_ok()
}

impl PartialEq for NetNs {
    fn eq(&self, other: &NetNs) -> bool {
        self.id == other.id
    }
}

impl Eq for NetNs {}

impl Hash for NetNs {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.id.hash(state);
    }
}

impl fmt::Debug for NetNs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NetNs")
            .field("ino", &self.id.ino)
            .field("dev", &self.id.dev)
            .field("fd", &self.fd.as_raw_fd())
            .field("path", &self.path)
            .finish()
    }
}

impl AsFd for NetNs {
    fn as_fd(&self) -> BorrowedFd<'_> {
        NetNs::as_fd(self)
    }
}

impl AsRawFd for NetNs {
    fn as_raw_fd(&self) -> RawFd {
        self.fd.as_raw_fd()
    }
}

impl From<NetNs> for OwnedFd {
    fn from(ns: NetNs) -> OwnedFd {
        ns.fd
    }
}
