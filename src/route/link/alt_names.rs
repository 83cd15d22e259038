//! A link's alternative names: `IFLA_PROP_LIST`, a list of
//! `IFLA_ALT_IFNAME`s (one attribute kind, repeated), walked on demand.

use crate::wire::{Attrs, Encoder, Value, without_nul};

/// `IFLA_ALT_IFNAME`: an alternative name (up to 127 bytes), inside
/// `IFLA_PROP_LIST` in messages, at the top level in requests.
pub const IFLA_ALT_IFNAME: u16 = 53;

/// The alternative names in `IFLA_PROP_LIST` (`IFLA_ALT_IFNAME`s), bytes
/// as set, walked without allocating. A walk stops at a malformed list.
///
/// `Copy`: each [`iter`](Self::iter) walks from the start.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AltNames<'a> {
    list: &'a [u8],
}

impl<'a> AltNames<'a> {
    /// The names, in the order the kernel sent them.
    pub fn iter(&self) -> AltNamesIter<'a> {
        AltNamesIter {
            attrs: Attrs::new(self.list),
        }
    }

    /// True when there is no name.
    pub fn is_empty(&self) -> bool {
        self.iter().next().is_none()
    }

    /// The `IFLA_PROP_LIST` value, as sent.
    pub fn as_bytes(&self) -> &'a [u8] {
        self.list
    }
}

impl<'a> IntoIterator for AltNames<'a> {
    type Item = &'a [u8];
    type IntoIter = AltNamesIter<'a>;
    fn into_iter(self) -> AltNamesIter<'a> {
        self.iter()
    }
}

/// The iterator of [`AltNames`].
#[derive(Debug, Clone)]
pub struct AltNamesIter<'a> {
    attrs: Attrs<'a>,
}

impl<'a> Iterator for AltNamesIter<'a> {
    type Item = &'a [u8];

    fn next(&mut self) -> Option<&'a [u8]> {
        loop {
            match self.attrs.next()? {
                Ok(a) if a.kind() == IFLA_ALT_IFNAME => {
                    return Some(without_nul(a.value()));
                }
                Ok(_) => {}
                Err(_) => {
                    // Fused: a bad length ends the walk for good.
                    self.attrs = Attrs::new(&[]);
                    return None;
                }
            }
        }
    }
}

impl std::iter::FusedIterator for AltNamesIter<'_> {}

/// The codec of `IFLA_PROP_LIST`: the names; sent as a nest of
/// `IFLA_ALT_IFNAME`s.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PropList {}

impl Value for PropList {
    type Out<'a> = AltNames<'a>;
    type Owned = Vec<Vec<u8>>;
    const SIZES: &'static [usize] = &[];
    #[inline]
    fn decode(v: &[u8]) -> AltNames<'_> {
        AltNames { list: v }
    }
    fn to_owned(v: AltNames<'_>) -> Vec<Vec<u8>> {
        v.iter().map(<[u8]>::to_vec).collect()
    }
    fn put(v: &Vec<Vec<u8>>, kind: u16, e: &mut Encoder<'_>) {
        let mut nest = e.nest(kind);
        for n in v {
            nest.put_cstr(IFLA_ALT_IFNAME, n);
        }
    }
}
