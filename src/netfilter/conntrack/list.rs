//! [`Entries`]: a collected list of conntrack entries, kept as the
//! received bytes in chunks (see [`List`]).

use crate::wire::List;

use super::entry::Entry;

/// Conntrack entries collected from a dump, handed out as
/// `Entry<&[u8]>` views; `to_vec` gives owned entries.
pub type Entries = List<Entry>;
