//! Making namespaces: named ones under `/run/netns` (like `ip netns
//! add/del/list`) and anonymous ones kept alive by their handle alone.

use std::fs::{self, OpenOptions};
use std::io;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::Path;

use super::error::NetNsError;
use super::handle::NetNs;
use super::path::{NETNS_RUN_DIR, path_of};
use super::raw;

/// Runs `f` on a fresh thread that has just unshared its network
/// namespace, so the caller's thread never moves. The thread ends with
/// `f`; whatever `f` pinned (an fd, a bind mount) keeps the namespace.
fn in_fresh_namespace<T: Send>(
    f: impl FnOnce() -> Result<T, NetNsError> + Send,
) -> Result<T, NetNsError> {
    std::thread::scope(|s| {
        let h = std::thread::Builder::new()
            .name("nlstack-netns-new".into())
            .spawn_scoped(s, move || {
                raw::unshare(raw::CLONE_NEWNET).map_err(|e| NetNsError::io(e, None))?;
                f()
            })
            .map_err(|e| NetNsError::io(e, None))?;
        match h.join() {
            Ok(r) => r,
            Err(p) => std::panic::resume_unwind(p),
        }
    })
}

/// Makes `/run/netns` exist and be a shared mount point, as `ip netns add`
/// does, so that namespace mounts made under it propagate to every mount
/// namespace that has it.
fn prepare_run_dir() -> Result<(), NetNsError> {
    let dir = Path::new(NETNS_RUN_DIR);
    match fs::DirBuilder::new()
        .recursive(true)
        .mode(0o755)
        .create(dir)
    {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
        Err(e) => return Err(NetNsError::io(e, Some(dir))),
    }
    let mut bound = false;
    loop {
        match raw::mount(None, dir, Some(c"none"), libc::MS_SHARED | libc::MS_REC) {
            Ok(()) => return Ok(()),
            // EINVAL: not a mount point yet. Make it one by bind-mounting it
            // onto itself, then try again (once).
            Err(e) if e.raw_os_error() == Some(libc::EINVAL) && !bound => {
                raw::mount(Some(dir), dir, Some(c"none"), libc::MS_BIND | libc::MS_REC)
                    .map_err(|e| NetNsError::io(e, Some(dir)))?;
                bound = true;
            }
            Err(e) => return Err(NetNsError::io(e, Some(dir))),
        }
    }
}

impl NetNs {
    /// A fresh, empty network namespace that only this handle keeps alive:
    /// no name, no mount, nothing to clean up. It goes away when the last
    /// handle (and the last socket or thread inside it) is gone.
    ///
    /// Made by `unshare(CLONE_NEWNET)` on a short-lived thread; the
    /// caller's thread never moves. Needs `CAP_SYS_ADMIN`.
    pub fn new_anonymous() -> Result<NetNs, NetNsError> {
        in_fresh_namespace(NetNs::current)
    }

    /// Creates the named namespace `/run/netns/NAME` and returns a handle
    /// to it, like `ip netns add NAME`: `/run/netns` is created and made a
    /// shared mount point if needed, an empty file is made for the name,
    /// and a new namespace (from `unshare(CLONE_NEWNET)` on a short-lived
    /// thread) is bind-mounted onto it. It lives until
    /// [`delete`](Self::delete), whether handles are open or not.
    ///
    /// [`Exists`](super::NetNsErrorKind::Exists) if the name is taken,
    /// [`InvalidName`](super::NetNsErrorKind::InvalidName) if it is not a plain
    /// file name. On failure nothing is left behind under `/run/netns`.
    pub fn create(name: &str) -> Result<NetNs, NetNsError> {
        let path = path_of(name)?;
        prepare_run_dir()?;
        // O_CREAT | O_EXCL, mode 0, as iproute2 (std wants write access to
        // create; the file stays empty).
        OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o000)
            .open(&path)
            .map_err(|e| NetNsError::io(e, Some(&path)))?;
        let made = in_fresh_namespace(|| {
            raw::mount(
                Some(Path::new("/proc/thread-self/ns/net")),
                &path,
                Some(c"none"),
                libc::MS_BIND,
            )
            .map_err(|e| NetNsError::io(e, Some(&path)))
        })
        .and_then(|()| NetNs::open(&path));
        if made.is_err() {
            let _ = raw::umount2(&path, libc::MNT_DETACH);
            let _ = fs::remove_file(&path);
        }
        made
    }

    /// Deletes the named namespace `/run/netns/NAME`, like `ip netns del
    /// NAME`: lazily unmounts it (`MNT_DETACH`) and removes the file. The
    /// namespace itself lives on while handles, sockets or processes use
    /// it. [`NotFound`](super::NetNsErrorKind::NotFound) if there is no such name.
    pub fn delete(name: &str) -> Result<(), NetNsError> {
        let path = path_of(name)?;
        match raw::umount2(&path, libc::MNT_DETACH) {
            Ok(()) => {}
            // Not a mount point: a stale name; removing the file still
            // deletes it. ENOENT is reported by the unlink below.
            Err(e) if matches!(e.raw_os_error(), Some(libc::EINVAL | libc::ENOENT)) => {}
            Err(e) => return Err(NetNsError::io(e, Some(&path))),
        }
        fs::remove_file(&path).map_err(|e| NetNsError::io(e, Some(&path)))
    }

    /// The names under `/run/netns`, sorted, as `ip netns list` shows them
    /// (empty when the directory does not exist). Names that are not UTF-8
    /// cannot be opened through [`named`](Self::named) and are left out;
    /// use [`open`](Self::open) with the path for those.
    pub fn list() -> Result<Vec<String>, NetNsError> {
        let dir = Path::new(NETNS_RUN_DIR);
        let entries = match fs::read_dir(dir) {
            Ok(d) => d,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(NetNsError::io(e, Some(dir))),
        };
        let mut names = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|e| NetNsError::io(e, Some(dir)))?;
            if let Ok(name) = entry.file_name().into_string() {
                names.push(name);
            }
        }
        names.sort();
        Ok(names)
    }
}
