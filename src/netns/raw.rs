//! The namespace system calls: `gettid`, `setns`, `unshare`, `SO_MARK`,
//! and the `statfs`/`ioctl`/`mount` helpers the handle is built on.

use std::ffi::CString;
use std::io;
use std::mem;
use std::os::fd::{AsRawFd, BorrowedFd};
use std::os::unix::ffi::OsStrExt;
use std::path::Path;

/// `CLONE_NEWNET`: the `nstype` of a network namespace for [`setns`] and
/// the flag that makes [`unshare`] create one.
pub const CLONE_NEWNET: i32 = libc::CLONE_NEWNET;

/// `SO_MARK` (level `SOL_SOCKET`): the fwmark put on every packet a socket
/// sends, matched by policy routing (`ip rule fwmark`) and netfilter.
/// Setting it needs `CAP_NET_ADMIN` (or `CAP_NET_RAW`).
pub const SO_MARK: i32 = libc::SO_MARK;

/// `NSFS_MAGIC`: `statfs.f_type` of the namespace file system.
pub(crate) const NSFS_MAGIC: i64 = 0x6e73_6673;

/// `NS_GET_NSTYPE`, `_IO(0xb7, 0x3)`: which `CLONE_NEW*` a namespace fd is.
const NS_GET_NSTYPE: u32 = (0xb7 << 8) | 0x3;

fn cvt(r: libc::c_int) -> io::Result<libc::c_int> {
    if r < 0 {
        Err(io::Error::last_os_error())
    } else {
        Ok(r)
    }
}

/// A path as a C string. A path with a NUL byte cannot name any file, so
/// it fails as a missing file would (`ENOENT`).
pub(crate) fn cpath(path: &Path) -> io::Result<CString> {
    CString::new(path.as_os_str().as_bytes())
        .map_err(|_| io::Error::from_raw_os_error(libc::ENOENT))
}

/// The calling thread's id (`gettid(2)`): the `TID` of
/// `/proc/PID/task/TID`, different on every thread.
pub fn gettid() -> u32 {
    // SAFETY: gettid takes no arguments and cannot fail.
    let tid = unsafe { libc::syscall(libc::SYS_gettid) };
    tid as u32
}

/// Moves the **calling thread** into the namespace `fd` refers to
/// (`setns(2)`). `nstype` is [`CLONE_NEWNET`] to insist on a network
/// namespace (the kernel answers `EINVAL` for any other kind), or 0 to
/// accept any.
///
/// This is the raw call: nothing moves the thread back. Prefer
/// [`NetNs::run`](super::NetNs::run) or [`NetNs::enter`](super::NetNs::enter).
pub fn setns(fd: BorrowedFd<'_>, nstype: i32) -> io::Result<()> {
    // SAFETY: setns takes an fd and a flag word, no pointers; the fd is
    // open for the duration of the borrow.
    cvt(unsafe { libc::setns(fd.as_raw_fd(), nstype) })?;
    Ok(())
}

/// Gives the **calling thread** new namespaces of the kinds in `flags`
/// (`unshare(2)`), e.g. `unshare(CLONE_NEWNET)` for a fresh, empty network
/// namespace.
///
/// This is the raw call: nothing moves the thread back. To make a new
/// namespace without moving the caller use
/// [`NetNs::new_anonymous`](super::NetNs::new_anonymous) or
/// [`NetNs::create`](super::NetNs::create).
pub fn unshare(flags: i32) -> io::Result<()> {
    // SAFETY: unshare takes a flag word, no pointers.
    cvt(unsafe { libc::unshare(flags) })?;
    Ok(())
}

/// Sets `SO_MARK` on any socket `fd`: every packet it sends carries `mark`.
pub fn set_mark(fd: BorrowedFd<'_>, mark: u32) -> io::Result<()> {
    // SAFETY: mark lives across the call and its exact size is passed.
    cvt(unsafe {
        libc::setsockopt(
            fd.as_raw_fd(),
            libc::SOL_SOCKET,
            SO_MARK,
            &mark as *const u32 as *const libc::c_void,
            mem::size_of::<u32>() as libc::socklen_t,
        )
    })?;
    Ok(())
}

/// Reads `SO_MARK` from a socket `fd`.
pub fn mark(fd: BorrowedFd<'_>) -> io::Result<u32> {
    let mut mark: u32 = 0;
    let mut len = mem::size_of::<u32>() as libc::socklen_t;
    // SAFETY: mark and len are valid for writes and len holds mark's size.
    cvt(unsafe {
        libc::getsockopt(
            fd.as_raw_fd(),
            libc::SOL_SOCKET,
            SO_MARK,
            &mut mark as *mut u32 as *mut libc::c_void,
            &mut len,
        )
    })?;
    Ok(mark)
}

/// `statfs(path).f_type`, following symlinks (so `/proc/PID/ns/net`
/// reports nsfs).
pub(crate) fn fs_type(path: &Path) -> io::Result<i64> {
    let c = cpath(path)?;
    // SAFETY: statfs is plain old data; all-zero is a valid value.
    let mut st: libc::statfs = unsafe { mem::zeroed() };
    // SAFETY: c is a NUL-terminated string and st is valid for writes.
    cvt(unsafe { libc::statfs(c.as_ptr(), &mut st) })?;
    #[allow(clippy::unnecessary_cast)]
    Ok(st.f_type as i64)
}

/// `fstatfs(fd).f_type`.
pub(crate) fn fd_fs_type(fd: BorrowedFd<'_>) -> io::Result<i64> {
    // SAFETY: statfs is plain old data; all-zero is a valid value.
    let mut st: libc::statfs = unsafe { mem::zeroed() };
    // SAFETY: st is valid for writes; the fd is open for the borrow.
    cvt(unsafe { libc::fstatfs(fd.as_raw_fd(), &mut st) })?;
    #[allow(clippy::unnecessary_cast)]
    Ok(st.f_type as i64)
}

/// `ioctl(fd, NS_GET_NSTYPE)`: the `CLONE_NEW*` flag of a namespace fd.
pub(crate) fn ns_type(fd: BorrowedFd<'_>) -> io::Result<i32> {
    // SAFETY: NS_GET_NSTYPE takes no argument pointer; the fd is open for
    // the borrow and the result is checked.
    cvt(unsafe { libc::ioctl(fd.as_raw_fd(), NS_GET_NSTYPE as _) })
}

/// `mount(2)` with optional source and file system type and no data.
pub(crate) fn mount(
    source: Option<&Path>,
    target: &Path,
    fstype: Option<&std::ffi::CStr>,
    flags: libc::c_ulong,
) -> io::Result<()> {
    let source = source.map(cpath).transpose()?;
    let target = cpath(target)?;
    // SAFETY: every pointer is either null or a NUL-terminated string that
    // outlives the call; no data argument is passed.
    cvt(unsafe {
        libc::mount(
            source.as_ref().map_or(c"".as_ptr(), |s| s.as_ptr()),
            target.as_ptr(),
            fstype.map_or(std::ptr::null(), |t| t.as_ptr()),
            flags,
            std::ptr::null(),
        )
    })?;
    Ok(())
}

/// `umount2(target, flags)`.
pub(crate) fn umount2(target: &Path, flags: libc::c_int) -> io::Result<()> {
    let target = cpath(target)?;
    // SAFETY: target is a NUL-terminated string that outlives the call.
    cvt(unsafe { libc::umount2(target.as_ptr(), flags) })?;
    Ok(())
}
