//! Interface names by index, asked of the kernel one at a time
//! (`SIOCGIFNAME` on the connection's socket, which lives in the namespace
//! being listed), cached: a list that names a few hundred devices costs a
//! few hundred small calls, not a dump of every link with its statistics
//! and per-family data (9 ms of kernel time for 2,000 links).

use std::collections::HashMap;
use std::os::fd::{AsRawFd as _, RawFd};

use nlstack::conn::{Conn, Route as Rt};
use nlstack::route::IfName;

use crate::link_names::unknown;

/// `struct ifreq` as `SIOCGIFNAME` reads and writes it: the name, then
/// the index in the union (40 bytes in all).
#[repr(C)]
struct IfReq {
    name: [u8; 16],
    index: i32,
    _pad: [u8; 20],
}

/// Names by index, asked on first use and kept: in a table indexed by
/// ifindex (no hashing, no allocation per name) up to [`TABLE_MAX`],
/// in a map above it.
pub(crate) struct IfNames {
    fd: RawFd,
    table: Vec<Option<IfName>>,
    far: HashMap<u32, IfName>,
}

/// The largest ifindex kept in the table.
const TABLE_MAX: u32 = 1 << 16;

impl IfNames {
    /// Names asked on `c`'s socket; `c` must outlive the lookups (it does
    /// in nl: one connection for the whole command).
    pub(crate) fn new(c: &Conn<Rt>) -> IfNames {
        IfNames {
            fd: c.as_raw_fd(),
            table: Vec::new(),
            far: HashMap::new(),
        }
    }

    /// The name of link `i`, or `ifI` (as ip prints a link it cannot
    /// name).
    pub(crate) fn get(&mut self, i: u32) -> IfName {
        let fd = self.fd;
        if i >= TABLE_MAX {
            return *self.far.entry(i).or_insert_with(|| ask(fd, i));
        }
        let at = i as usize;
        if self.table.len() <= at {
            self.table.resize(at + 1, None);
        }
        *self.table[at].get_or_insert_with(|| ask(fd, i))
    }
}

/// Asks the kernel for the name of link `i` (`SIOCGIFNAME`).
fn ask(fd: RawFd, i: u32) -> IfName {
    let mut r = IfReq {
        name: [0; 16],
        index: i as i32,
        _pad: [0; 20],
    };
    // SAFETY: SIOCGIFNAME reads ifr_ifindex and writes at most IFNAMSIZ
    // bytes into ifr_name of the 40-byte request we own; the kernel
    // answers for the socket's namespace.
    let rc = unsafe { libc::ioctl(fd, libc::SIOCGIFNAME, &mut r as *mut IfReq) };
    let n = r.name.iter().position(|&b| b == 0).unwrap_or(16);
    // A name the kernel holds passes its own `dev_valid_name`, which is
    // what `IfName::new` checks.
    match (rc, IfName::new(&r.name[..n])) {
        (0, Ok(name)) => name,
        _ => unknown(i),
    }
}
