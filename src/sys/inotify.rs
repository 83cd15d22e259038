//! `inotify(7)`: following a directory (`/run/netns`) for names that come
//! and go.

use std::io;
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, FromRawFd, OwnedFd};
use std::path::Path;

/// `IN_CREATE`: a name was created in the directory.
pub const IN_CREATE: u32 = libc::IN_CREATE;
/// `IN_DELETE`: a name was deleted from the directory.
pub const IN_DELETE: u32 = libc::IN_DELETE;
/// `IN_MOVED_FROM`: a name was moved out of the directory.
pub const IN_MOVED_FROM: u32 = libc::IN_MOVED_FROM;
/// `IN_MOVED_TO`: a name was moved into the directory.
pub const IN_MOVED_TO: u32 = libc::IN_MOVED_TO;

/// An inotify instance, non-blocking, closed on drop.
#[derive(Debug)]
pub struct Inotify {
    fd: OwnedFd,
    buf: Vec<u8>,
}

/// One inotify event: what happened to which name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InotifyEvent {
    /// The watch it belongs to.
    pub wd: i32,
    /// `IN_*` bits.
    pub mask: u32,
    /// The name inside the watched directory (bytes).
    pub name: Vec<u8>,
}

impl Inotify {
    /// `inotify_init1(IN_NONBLOCK | IN_CLOEXEC)`.
    pub fn new() -> io::Result<Inotify> {
        // SAFETY: inotify_init1 takes no pointers; the result is checked.
        let fd = unsafe { libc::inotify_init1(libc::IN_NONBLOCK | libc::IN_CLOEXEC) };
        if fd < 0 {
            return Err(io::Error::last_os_error());
        }
        // SAFETY: fd was just returned by inotify_init1 and is owned by nobody else.
        Ok(Inotify {
            fd: unsafe { OwnedFd::from_raw_fd(fd) },
            buf: vec![0; 64 << 10],
        })
    }

    /// Watches `dir` for the `mask` events; returns the watch descriptor.
    pub fn add_watch(&self, dir: &Path, mask: u32) -> io::Result<i32> {
        use std::os::unix::ffi::OsStrExt;
        let c = std::ffi::CString::new(dir.as_os_str().as_bytes())
            .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "path with NUL"))?;
        // SAFETY: c is a valid NUL-terminated string that outlives the call.
        let wd = unsafe { libc::inotify_add_watch(self.fd.as_raw_fd(), c.as_ptr(), mask) };
        if wd < 0 {
            return Err(io::Error::last_os_error());
        }
        Ok(wd)
    }

    /// Reads what is queued (nothing: an empty list) into `out`.
    pub fn read(&mut self, out: &mut Vec<InotifyEvent>) -> io::Result<()> {
        loop {
            // SAFETY: buf is valid for writes of its length, the count passed.
            let n = unsafe {
                libc::read(
                    self.fd.as_raw_fd(),
                    self.buf.as_mut_ptr() as *mut libc::c_void,
                    self.buf.len(),
                )
            };
            if n < 0 {
                let e = io::Error::last_os_error();
                return match e.kind() {
                    io::ErrorKind::WouldBlock => Ok(()),
                    io::ErrorKind::Interrupted => continue,
                    _ => Err(e),
                };
            }
            let mut at = 0;
            let n = n as usize;
            // struct inotify_event: wd i32, mask u32, cookie u32, len u32, name[len].
            while at + 16 <= n {
                let word = |i: usize| {
                    u32::from_ne_bytes([
                        self.buf[at + i],
                        self.buf[at + i + 1],
                        self.buf[at + i + 2],
                        self.buf[at + i + 3],
                    ])
                };
                let (wd, mask, len) = (word(0) as i32, word(4), word(12) as usize);
                let name = self.buf.get(at + 16..at + 16 + len).unwrap_or(&[]);
                let end = name.iter().position(|&b| b == 0).unwrap_or(name.len());
                out.push(InotifyEvent {
                    wd,
                    mask,
                    name: name[..end].to_vec(),
                });
                at += 16 + len;
            }
        }
    }
}

impl AsFd for Inotify {
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.fd.as_fd()
    }
}
