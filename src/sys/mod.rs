//! The raw `AF_NETLINK` socket calls: socket, bind, getsockname, send,
//! receive (sized with `MSG_PEEK | MSG_TRUNC`), socket options, poll.
//!
//! This is the only place besides namespace handling where nlstack calls
//! into libc; every `unsafe` block says why it is sound.

use std::io;
use std::mem;
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, FromRawFd, OwnedFd, RawFd};

use crate::error::{Error, Result};

mod epoll;
mod inotify;
pub use epoll::{Epoll, TimerFd};
pub use inotify::{IN_CREATE, IN_DELETE, IN_MOVED_FROM, IN_MOVED_TO, Inotify, InotifyEvent};

/// `NETLINK_ROUTE`: rtnetlink.
pub const NETLINK_ROUTE: i32 = libc::NETLINK_ROUTE;
/// `NETLINK_XFRM`: IPsec.
pub const NETLINK_XFRM: i32 = libc::NETLINK_XFRM;
/// `NETLINK_NETFILTER`: nfnetlink (conntrack, ...).
pub const NETLINK_NETFILTER: i32 = libc::NETLINK_NETFILTER;
/// `NETLINK_GENERIC`: generic netlink.
pub const NETLINK_GENERIC: i32 = libc::NETLINK_GENERIC;

/// `POLLIN` for [`poll`]: there is something to read.
pub const POLLIN: i16 = libc::POLLIN;
/// `POLLOUT` for [`poll`]: a send would not block.
pub const POLLOUT: i16 = libc::POLLOUT;

/// `SOL_NETLINK`, the level of netlink's own socket options.
pub const SOL_NETLINK: i32 = libc::SOL_NETLINK;
/// `NETLINK_CAP_ACK`: error replies echo only the request's header.
pub const NETLINK_CAP_ACK: i32 = 10;
/// `NETLINK_EXT_ACK`: error replies carry extended-ack TLVs.
pub const NETLINK_EXT_ACK: i32 = 11;
/// `NETLINK_GET_STRICT_CHK`: the kernel checks dump requests strictly.
pub const NETLINK_GET_STRICT_CHK: i32 = 12;
/// `NETLINK_ADD_MEMBERSHIP`: join a multicast group (any number).
pub const NETLINK_ADD_MEMBERSHIP: i32 = 1;
/// `NETLINK_DROP_MEMBERSHIP`: leave a multicast group.
pub const NETLINK_DROP_MEMBERSHIP: i32 = 2;
/// `NETLINK_PKTINFO`: each datagram carries its group as ancillary data.
pub const NETLINK_PKTINFO: i32 = 3;
/// `NETLINK_BROADCAST_ERROR`: report multicast delivery failures to the sender.
pub const NETLINK_BROADCAST_ERROR: i32 = 4;
/// `NETLINK_NO_ENOBUFS`: do not report `ENOBUFS` on overrun.
pub const NETLINK_NO_ENOBUFS: i32 = 5;
/// `NETLINK_LISTEN_ALL_NSID`: receive multicast from every peer namespace
/// with an id; each datagram carries the id as ancillary data.
pub const NETLINK_LISTEN_ALL_NSID: i32 = 8;

/// One classic BPF instruction (`struct sock_filter`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(C)]
pub struct SockFilter {
    /// `code`: the opcode.
    pub code: u16,
    /// `jt`: jump offset if true.
    pub jt: u8,
    /// `jf`: jump offset if false.
    pub jf: u8,
    /// `k`: the generic field.
    pub k: u32,
}

/// The smallest buffer [`Socket::recv`] offers the kernel (32 KiB, the
/// largest datagram the kernel builds for a dump).
pub const MIN_RECV_BUFFER: usize = 32 << 10;

/// What came with a received datagram besides its bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RecvMeta {
    /// The sender's address.
    pub from: SockAddr,
    /// The multicast group it was sent to (with `NETLINK_PKTINFO`; 0 for
    /// unicast).
    pub group: Option<u32>,
    /// The peer namespace id it came from (with `NETLINK_LISTEN_ALL_NSID`).
    pub nsid: Option<i32>,
}

/// Four random bytes from `getrandom(2)`, or a time-derived value if it fails.
pub fn random_u32() -> u32 {
    let mut v = 0u32;
    // SAFETY: v is valid for writes of its 4 bytes.
    let n = unsafe { libc::getrandom(&mut v as *mut u32 as *mut libc::c_void, 4, 0) };
    if n == 4 {
        return v;
    }
    let t = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos() ^ d.as_secs() as u32)
        .unwrap_or(0x9e37_79b9);
    t ^ std::process::id().rotate_left(16)
}

/// The sender of a received datagram (`struct sockaddr_nl`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SockAddr {
    /// `nl_pid`: 0 for the kernel.
    pub port: u32,
    /// `nl_groups`: the multicast group bitmask, 0 for unicast.
    pub groups: u32,
}

fn sockaddr(port: u32, groups: u32) -> libc::sockaddr_nl {
    // SAFETY: sockaddr_nl is plain old data; all-zero is a valid value.
    let mut sa: libc::sockaddr_nl = unsafe { mem::zeroed() };
    sa.nl_family = libc::AF_NETLINK as libc::sa_family_t;
    sa.nl_pid = port;
    sa.nl_groups = groups;
    sa
}

fn cvt(r: libc::c_int) -> io::Result<libc::c_int> {
    if r < 0 {
        Err(io::Error::last_os_error())
    } else {
        Ok(r)
    }
}

fn cvt_size(r: libc::ssize_t) -> io::Result<usize> {
    if r < 0 {
        Err(io::Error::last_os_error())
    } else {
        Ok(r as usize)
    }
}

/// A raw netlink socket, closed on drop.
///
/// ```no_run
/// use nlstack::sys::{Socket, NETLINK_ROUTE};
/// let sock = Socket::new(NETLINK_ROUTE)?;
/// sock.bind(0, 0)?;
/// println!("kernel gave us port {}", sock.local_addr()?.port);
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Debug)]
pub struct Socket {
    fd: OwnedFd,
}

impl Socket {
    /// `socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, protocol)`.
    pub fn new(protocol: i32) -> io::Result<Socket> {
        // SAFETY: socket(2) takes no pointers; the result is checked.
        let fd = cvt(unsafe {
            libc::socket(
                libc::AF_NETLINK,
                libc::SOCK_RAW | libc::SOCK_CLOEXEC,
                protocol,
            )
        })?;
        // SAFETY: fd was just returned by socket(2) and is owned by nobody else.
        Ok(Socket {
            fd: unsafe { OwnedFd::from_raw_fd(fd) },
        })
    }

    /// Takes over a socket made elsewhere (passed over `SCM_RIGHTS`, made by
    /// a runtime), after checking that it is `AF_NETLINK` and, when
    /// `protocol` is given, of that protocol. Anything else is an
    /// `InvalidInput` error (and the fd is closed).
    pub fn from_fd(fd: OwnedFd, protocol: Option<i32>) -> io::Result<Socket> {
        let sock = Socket { fd };
        let domain = sock.option(libc::SOL_SOCKET, libc::SO_DOMAIN)?;
        if domain != libc::AF_NETLINK {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("not a netlink socket (address family {domain})"),
            ));
        }
        if let Some(want) = protocol {
            let got = sock.option(libc::SOL_SOCKET, libc::SO_PROTOCOL)?;
            if got != want {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidInput,
                    format!("netlink socket of protocol {got}, not {want}"),
                ));
            }
        }
        Ok(sock)
    }

    /// Binds to `port` (0: the kernel picks one) and the multicast groups in
    /// the `groups` bitmask (groups 1..=32).
    pub fn bind(&self, port: u32, groups: u32) -> io::Result<()> {
        let sa = sockaddr(port, groups);
        // SAFETY: sa is a valid sockaddr_nl and its exact size is passed.
        cvt(unsafe {
            libc::bind(
                self.fd.as_raw_fd(),
                &sa as *const libc::sockaddr_nl as *const libc::sockaddr,
                mem::size_of::<libc::sockaddr_nl>() as libc::socklen_t,
            )
        })?;
        Ok(())
    }

    /// `getsockname`: the port id and groups this socket is bound to.
    pub fn local_addr(&self) -> io::Result<SockAddr> {
        let mut sa = sockaddr(0, 0);
        let mut len = mem::size_of::<libc::sockaddr_nl>() as libc::socklen_t;
        // SAFETY: sa and len are valid for writes and len holds sa's size.
        cvt(unsafe {
            libc::getsockname(
                self.fd.as_raw_fd(),
                &mut sa as *mut libc::sockaddr_nl as *mut libc::sockaddr,
                &mut len,
            )
        })?;
        Ok(SockAddr {
            port: sa.nl_pid,
            groups: sa.nl_groups,
        })
    }

    /// Sets an integer socket option.
    pub fn set_option(&self, level: i32, name: i32, value: i32) -> io::Result<()> {
        // SAFETY: value lives across the call and its exact size is passed.
        cvt(unsafe {
            libc::setsockopt(
                self.fd.as_raw_fd(),
                level,
                name,
                &value as *const i32 as *const libc::c_void,
                mem::size_of::<i32>() as libc::socklen_t,
            )
        })?;
        Ok(())
    }

    /// Reads an integer socket option.
    pub fn option(&self, level: i32, name: i32) -> io::Result<i32> {
        let mut value: i32 = 0;
        let mut len = mem::size_of::<i32>() as libc::socklen_t;
        // SAFETY: value and len are valid for writes and len holds value's size.
        cvt(unsafe {
            libc::getsockopt(
                self.fd.as_raw_fd(),
                level,
                name,
                &mut value as *mut i32 as *mut libc::c_void,
                &mut len,
            )
        })?;
        Ok(value)
    }

    /// Sends `buf` to the kernel.
    pub fn send(&self, buf: &[u8]) -> io::Result<usize> {
        self.send_to(buf, SockAddr::default())
    }

    /// Sends `buf` to another address (a port id and/or groups).
    pub fn send_to(&self, buf: &[u8], to: SockAddr) -> io::Result<usize> {
        let sa = sockaddr(to.port, to.groups);
        loop {
            // SAFETY: buf and sa are valid for reads of the lengths passed.
            let r = cvt_size(unsafe {
                libc::sendto(
                    self.fd.as_raw_fd(),
                    buf.as_ptr() as *const libc::c_void,
                    buf.len(),
                    0,
                    &sa as *const libc::sockaddr_nl as *const libc::sockaddr,
                    mem::size_of::<libc::sockaddr_nl>() as libc::socklen_t,
                )
            });
            match r {
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                r => return r,
            }
        }
    }

    /// One `recvmsg` into `buf` with `flags`; returns the length the kernel
    /// reported, the sender, and `msg_flags`. Retries on `EINTR`.
    fn recvmsg(&self, buf: &mut [u8], flags: i32) -> io::Result<(usize, SockAddr, i32)> {
        let mut sa = sockaddr(0, 0);
        let mut iov = libc::iovec {
            iov_base: buf.as_mut_ptr() as *mut libc::c_void,
            iov_len: buf.len(),
        };
        // SAFETY: msghdr is plain old data; all-zero is a valid value.
        let mut msg: libc::msghdr = unsafe { mem::zeroed() };
        msg.msg_name = &mut sa as *mut libc::sockaddr_nl as *mut libc::c_void;
        msg.msg_namelen = mem::size_of::<libc::sockaddr_nl>() as libc::socklen_t;
        msg.msg_iov = &mut iov;
        msg.msg_iovlen = 1;
        loop {
            // SAFETY: msg points at sa and iov, which point at live buffers of
            // the lengths given; all outlive the call.
            match cvt_size(unsafe { libc::recvmsg(self.fd.as_raw_fd(), &mut msg, flags) }) {
                Ok(n) => {
                    let from = SockAddr {
                        port: sa.nl_pid,
                        groups: sa.nl_groups,
                    };
                    return Ok((n, from, msg.msg_flags));
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
        }
    }

    /// Joins multicast `group` (`NETLINK_ADD_MEMBERSHIP`; any number,
    /// above 32 too).
    pub fn join_group(&self, group: u32) -> io::Result<()> {
        self.set_option(SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, group as i32)
    }

    /// Leaves multicast `group`.
    pub fn leave_group(&self, group: u32) -> io::Result<()> {
        self.set_option(SOL_NETLINK, NETLINK_DROP_MEMBERSHIP, group as i32)
    }

    /// Attaches a classic BPF program (`SO_ATTACH_FILTER`), replacing any.
    pub fn attach_filter(&self, program: &[SockFilter]) -> io::Result<()> {
        let prog = libc::sock_fprog {
            len: u16::try_from(program.len())
                .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "BPF program too long"))?,
            filter: program.as_ptr() as *mut libc::sock_filter,
        };
        // SAFETY: SockFilter is repr(C) with sock_filter's layout; prog
        // points at `program`, which outlives the call; the kernel copies it.
        cvt(unsafe {
            libc::setsockopt(
                self.fd.as_raw_fd(),
                libc::SOL_SOCKET,
                libc::SO_ATTACH_FILTER,
                &prog as *const libc::sock_fprog as *const libc::c_void,
                mem::size_of::<libc::sock_fprog>() as libc::socklen_t,
            )
        })?;
        Ok(())
    }

    /// Removes the BPF program (`SO_DETACH_FILTER`).
    pub fn detach_filter(&self) -> io::Result<()> {
        self.set_option(libc::SOL_SOCKET, libc::SO_DETACH_FILTER, 0)
    }

    /// Sets the receive buffer: `SO_RCVBUFFORCE` (past `rmem_max`, needs
    /// `CAP_NET_ADMIN`), falling back to `SO_RCVBUF`. Returns the size the
    /// kernel granted (it doubles the request for bookkeeping).
    pub fn set_recv_buffer(&self, bytes: usize) -> io::Result<usize> {
        let v = bytes.min(i32::MAX as usize / 2) as i32;
        if self
            .set_option(libc::SOL_SOCKET, libc::SO_RCVBUFFORCE, v)
            .is_err()
        {
            self.set_option(libc::SOL_SOCKET, libc::SO_RCVBUF, v)?;
        }
        Ok(self.option(libc::SOL_SOCKET, libc::SO_RCVBUF)? as usize)
    }

    /// Sets the send buffer, like [`set_recv_buffer`](Self::set_recv_buffer).
    pub fn set_send_buffer(&self, bytes: usize) -> io::Result<usize> {
        let v = bytes.min(i32::MAX as usize / 2) as i32;
        if self
            .set_option(libc::SOL_SOCKET, libc::SO_SNDBUFFORCE, v)
            .is_err()
        {
            self.set_option(libc::SOL_SOCKET, libc::SO_SNDBUF, v)?;
        }
        Ok(self.option(libc::SOL_SOCKET, libc::SO_SNDBUF)? as usize)
    }

    /// Switches `O_NONBLOCK` on or off.
    pub fn set_nonblocking(&self, on: bool) -> io::Result<()> {
        // SAFETY: fcntl(F_GETFL) takes no pointer.
        let flags = cvt(unsafe { libc::fcntl(self.fd.as_raw_fd(), libc::F_GETFL) })?;
        let flags = if on {
            flags | libc::O_NONBLOCK
        } else {
            flags & !libc::O_NONBLOCK
        };
        // SAFETY: fcntl(F_SETFL) takes an int, no pointer.
        cvt(unsafe { libc::fcntl(self.fd.as_raw_fd(), libc::F_SETFL, flags) })?;
        Ok(())
    }

    /// Receives one datagram like [`recv`](Self::recv), also returning the
    /// ancillary data `NETLINK_PKTINFO` (group) and
    /// `NETLINK_LISTEN_ALL_NSID` (namespace id) attach when enabled.
    pub fn recv_meta(&self, buf: &mut Vec<u8>) -> Result<RecvMeta> {
        let (need, _, _) = self.recvmsg(&mut [], libc::MSG_PEEK | libc::MSG_TRUNC)?;
        self.recv_meta_sized(buf, need)
    }

    /// Like [`recv_meta`](Self::recv_meta) without peeking at the size
    /// first: one system call instead of two, for a stream of small
    /// datagrams (events). A datagram larger than `buf`'s capacity (at
    /// least 32 KiB) is lost, and reported as [`Error::Truncated`].
    pub fn recv_meta_unpeeked(&self, buf: &mut Vec<u8>) -> Result<RecvMeta> {
        self.recv_meta_sized(buf, 0)
    }

    fn recv_meta_sized(&self, buf: &mut Vec<u8>, need: usize) -> Result<RecvMeta> {
        // Offer at least 32 KiB: the kernel sizes its dump datagrams by the
        // largest buffer we have offered, up to 32 KiB, so a small offer
        // means many small datagrams.
        buf.clear();
        buf.reserve(need.max(MIN_RECV_BUFFER));
        let mut sa = sockaddr(0, 0);
        // Room for two int-sized control messages.
        let mut cbuf = [0u64; 8];
        let mut iov = libc::iovec {
            iov_base: buf.as_mut_ptr() as *mut libc::c_void,
            iov_len: buf.capacity(),
        };
        // SAFETY: msghdr is plain old data; all-zero is a valid value.
        let mut msg: libc::msghdr = unsafe { mem::zeroed() };
        msg.msg_name = &mut sa as *mut libc::sockaddr_nl as *mut libc::c_void;
        msg.msg_namelen = mem::size_of::<libc::sockaddr_nl>() as libc::socklen_t;
        msg.msg_iov = &mut iov;
        msg.msg_iovlen = 1;
        msg.msg_control = cbuf.as_mut_ptr() as *mut libc::c_void;
        msg.msg_controllen = mem::size_of_val(&cbuf);
        let n = loop {
            // SAFETY: msg points at sa, iov (over buf) and cbuf, all live and
            // of the lengths given.
            match cvt_size(unsafe { libc::recvmsg(self.fd.as_raw_fd(), &mut msg, libc::MSG_TRUNC) })
            {
                Ok(n) => break n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e.into()),
            }
        };
        if msg.msg_flags & libc::MSG_TRUNC != 0 || n > buf.capacity() {
            return Err(Error::Truncated {
                len: n,
                capacity: buf.capacity(),
            });
        }
        // SAFETY: recvmsg wrote n bytes (n <= capacity, checked above) to
        // the start of buf's allocation, so they are initialized.
        unsafe { buf.set_len(n) };
        let mut meta = RecvMeta {
            from: SockAddr {
                port: sa.nl_pid,
                groups: sa.nl_groups,
            },
            ..Default::default()
        };
        // SAFETY: msg was filled by recvmsg; CMSG_FIRSTHDR/NXTHDR walk
        // msg_control within msg_controllen, and each int read stays within
        // a cmsg whose length covers it (checked).
        unsafe {
            let mut c = libc::CMSG_FIRSTHDR(&msg);
            while !c.is_null() {
                let h = &*c;
                let data_len = h.cmsg_len as usize - libc::CMSG_LEN(0) as usize;
                if h.cmsg_level == SOL_NETLINK && data_len >= 4 {
                    let v = (libc::CMSG_DATA(c) as *const i32).read_unaligned();
                    match h.cmsg_type {
                        NETLINK_PKTINFO => meta.group = Some(v as u32),
                        NETLINK_LISTEN_ALL_NSID => meta.nsid = Some(v),
                        _ => {}
                    }
                }
                c = libc::CMSG_NXTHDR(&msg, c);
            }
        }
        Ok(meta)
    }

    /// Receives one datagram into `buf`, growing it to the datagram's size
    /// first (peeked with `MSG_PEEK | MSG_TRUNC`). `buf` is cleared and
    /// reused; its capacity only grows.
    pub fn recv(&self, buf: &mut Vec<u8>) -> Result<SockAddr> {
        self.recv_meta(buf).map(|m| m.from)
    }

    /// Receives one datagram into a fixed buffer. A datagram larger than
    /// `buf` is consumed and reported as [`Error::Truncated`], never
    /// returned in part.
    pub fn recv_into(&self, buf: &mut [u8]) -> Result<(usize, SockAddr)> {
        let (n, from, flags) = self.recvmsg(buf, libc::MSG_TRUNC)?;
        if flags & libc::MSG_TRUNC != 0 || n > buf.len() {
            return Err(Error::Truncated {
                len: n,
                capacity: buf.len(),
            });
        }
        Ok((n, from))
    }
}

/// Waits up to `timeout_ms` (negative: forever) for `events` on `fd`;
/// returns the events that occurred, empty on timeout. Retries on `EINTR`
/// with the time that is left.
pub fn poll(fd: BorrowedFd<'_>, events: i16, timeout_ms: i32) -> io::Result<i16> {
    let deadline = (timeout_ms >= 0)
        .then(|| std::time::Instant::now() + std::time::Duration::from_millis(timeout_ms as u64));
    loop {
        let mut p = libc::pollfd {
            fd: fd.as_raw_fd(),
            events,
            revents: 0,
        };
        let wait = match deadline {
            None => -1,
            Some(d) => d
                .saturating_duration_since(std::time::Instant::now())
                .as_millis()
                .min(i32::MAX as u128) as i32,
        };
        // SAFETY: p is one valid pollfd and we pass a count of 1.
        match cvt(unsafe { libc::poll(&mut p, 1, wait) }) {
            Ok(0) => return Ok(0),
            Ok(_) => return Ok(p.revents),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        }
    }
}

impl AsFd for Socket {
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.fd.as_fd()
    }
}

impl AsRawFd for Socket {
    fn as_raw_fd(&self) -> RawFd {
        self.fd.as_raw_fd()
    }
}

impl From<Socket> for OwnedFd {
    fn from(s: Socket) -> OwnedFd {
        s.fd
    }
}
