//! Interface names by index, asked of the kernel one at a time
//! (`SIOCGIFNAME` on the connection's socket, which lives in the namespace
//! being listed), cached: a list that names a few hundred devices costs a
//! few hundred small calls, not a dump of every link with its statistics
//! and per-family data (9 ms of kernel time for 2,000 links).

use std::collections::HashMap;
use std::os::fd::{AsRawFd as _, RawFd};

use nlstack::conn::{Conn, Route as Rt};

/// `struct ifreq` as `SIOCGIFNAME` reads and writes it: the name, then
/// the index in the union (40 bytes in all).
#[repr(C)]
struct IfReq {
    name: [u8; 16],
    index: i32,
    _pad: [u8; 20],
}

/// Names by index, asked on first use and kept.
pub(crate) struct IfNames {
    fd: RawFd,
    seen: HashMap<u32, Vec<u8>>,
}

impl IfNames {
    /// Names asked on `c`'s socket; `c` must outlive the lookups (it does
    /// in nl: one connection for the whole command).
    pub(crate) fn new(c: &Conn<Rt>) -> IfNames {
        IfNames {
            fd: c.as_raw_fd(),
            seen: HashMap::new(),
        }
    }

    /// The name of link `i` as bytes, or `ifI` (as ip prints a link it
    /// cannot name).
    pub(crate) fn get(&mut self, i: u32) -> &[u8] {
        let fd = self.fd;
        self.seen.entry(i).or_insert_with(|| {
            let mut r = IfReq {
                name: [0; 16],
                index: i as i32,
                _pad: [0; 20],
            };
            // SAFETY: SIOCGIFNAME reads ifr_ifindex and writes at most
            // IFNAMSIZ bytes into ifr_name of the 40-byte request we own;
            // the kernel answers for the socket's namespace.
            let rc = unsafe { libc::ioctl(fd, libc::SIOCGIFNAME, &mut r as *mut IfReq) };
            if rc == 0 {
                let n = r.name.iter().position(|&b| b == 0).unwrap_or(16);
                r.name[..n].to_vec()
            } else {
                format!("if{i}").into_bytes()
            }
        })
    }
}
