//! Where named namespaces live: `/run/netns/NAME`.

use std::path::{Path, PathBuf};

use super::error::{NetNsError, NetNsErrorKind};

/// Where named namespaces are bind-mounted, as iproute2 does.
pub const NETNS_RUN_DIR: &str = "/run/netns";

/// `/run/netns/NAME`, after checking that `name` is one file name.
pub(crate) fn path_of(name: &str) -> Result<PathBuf, NetNsError> {
    let bad = name.is_empty()
        || name == "."
        || name == ".."
        || name.len() > 255
        || name.bytes().any(|b| b == b'/' || b == 0);
    if bad {
        let mut e = NetNsError::new(NetNsErrorKind::InvalidName, None);
        e.path = Some(PathBuf::from(name));
        return Err(e);
    }
    Ok(Path::new(NETNS_RUN_DIR).join(name))
}
