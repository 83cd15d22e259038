//! Per-namespace sysctls: the `net.*` keys of `/proc/sys/net`, read and
//! written inside a namespace (on a thread that entered it; the caller
//! never moves), as container runtimes set `ip_forward`, `disable_ipv6`,
//! `rp_filter` or `arp_notify` for every container.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use super::error::{NetNsError, NetNsErrorKind};
use super::handle::NetNs;

/// The path under `/proc/sys` of a `net.*` key, in either form:
/// `net.ipv4.ip_forward` or `net/ipv4/ip_forward`.
///
/// In the dotted form, as in `sysctl(8)`, a `/` stands for a `.` inside a
/// component, so that a device name with dots can be named:
/// `net.ipv4.conf.eth0/100.rp_filter` is
/// `/proc/sys/net/ipv4/conf/eth0.100/rp_filter`. A key with `/` and no
/// `.` after `net` is taken as the slash form.
pub fn sysctl_path(key: &str) -> Result<PathBuf, NetNsError> {
    let bad = || NetNsError::new(NetNsErrorKind::InvalidKey, Some(Path::new(key)));
    let parts: Vec<String> = if key.starts_with("net/") {
        key.split('/').map(str::to_owned).collect()
    } else if key.starts_with("net.") {
        key.split('.').map(|c| c.replace('/', ".")).collect()
    } else {
        return Err(bad());
    };
    if parts.len() < 2
        || parts
            .iter()
            .any(|c| c.is_empty() || c == "." || c == ".." || c.contains('\0'))
    {
        return Err(bad());
    }
    let mut p = PathBuf::from("/proc/sys");
    p.extend(parts);
    Ok(p)
}

/// Classifies a failed read or write of `path` for the sysctl errors.
fn sysctl_err(e: std::io::Error, path: &Path) -> NetNsError {
    let mut err = NetNsError::io(e, Some(path));
    match err.source.as_ref().and_then(std::io::Error::raw_os_error) {
        Some(libc::ENOENT | libc::ENOTDIR) => err.kind = NetNsErrorKind::UnknownKey,
        Some(libc::EINVAL | libc::ERANGE) => err.kind = NetNsErrorKind::BadValue,
        _ => {}
    }
    err
}

fn read_at(path: &Path) -> Result<String, NetNsError> {
    let mut s = String::new();
    std::fs::File::open(path)
        .and_then(|mut f| f.read_to_string(&mut s))
        .map_err(|e| sysctl_err(e, path))?;
    Ok(s.trim_end_matches('\n').to_owned())
}

fn write_at(path: &Path, value: &str) -> Result<(), NetNsError> {
    // One write of the whole value, as sysctl(8) does: procfs parses each
    // write on its own.
    std::fs::OpenOptions::new()
        .write(true)
        .open(path)
        .and_then(|mut f| f.write_all(value.as_bytes()))
        .map_err(|e| sysctl_err(e, path))
}

impl NetNs {
    /// Reads a `net.*` sysctl of this namespace (trailing newline
    /// removed). `/proc/sys/net` shows the namespace of the thread that
    /// opens it, so the read runs on a thread inside this namespace.
    ///
    /// ```no_run
    /// # use nlstack::netns::NetNs;
    /// let ns = NetNs::new_anonymous()?;
    /// ns.set_sysctl("net.ipv4.ip_forward", "1")?;
    /// assert_eq!(ns.sysctl("net.ipv4.ip_forward")?, "1");
    /// # Ok::<(), nlstack::Error>(())
    /// ```
    pub fn sysctl(&self, key: &str) -> Result<String, NetNsError> {
        let path = sysctl_path(key)?;
        self.run(|| read_at(&path))?
    }

    /// Writes a `net.*` sysctl of this namespace (inside it; the caller's
    /// thread never moves). A key this namespace does not have is
    /// [`NetNsErrorKind::UnknownKey`]; a value the kernel refuses,
    /// [`NetNsErrorKind::BadValue`].
    pub fn set_sysctl(&self, key: &str, value: &str) -> Result<(), NetNsError> {
        self.set_sysctls(&[(key, value)])
    }

    /// Writes several sysctls in one trip into the namespace (each trip
    /// costs a thread start), in order, stopping at the first error. Every
    /// key is checked before anything is written.
    pub fn set_sysctls(&self, pairs: &[(&str, &str)]) -> Result<(), NetNsError> {
        let paths = pairs
            .iter()
            .map(|(k, _)| sysctl_path(k))
            .collect::<Result<Vec<_>, _>>()?;
        self.run(|| {
            for (path, (_, value)) in paths.iter().zip(pairs) {
                write_at(path, value)?;
            }
            Ok(())
        })?
    }
}
