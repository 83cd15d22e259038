//! [`NeighFilter`]: which neighbours a list asks for, and what it keeps.

use crate::route::family::AddrFamily;
use crate::wire::{Encoder, NdMsg};

use super::flags::NeighFlags;
use super::msg::{NDA_IFINDEX, NDA_MASTER, NeighMsg};

/// Which neighbours to list. The kernel filters by link and master; the
/// result is filtered again here by family, link and proxy-ness.
///
/// ```
/// use nlstack::route::neigh::NeighFilter;
/// let f = NeighFilter::default().family(nlstack::route::family::INET6).link(3);
/// assert_eq!(f.ifindex, Some(3));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct NeighFilter {
    /// Only this family (`AF_INET`, `AF_INET6`).
    pub family: Option<AddrFamily>,
    /// Only entries on this link (`NDA_IFINDEX` in the request).
    pub ifindex: Option<u32>,
    /// Only entries on links enslaved to this master (`NDA_MASTER`; the
    /// kernel does this filtering).
    pub master: Option<u32>,
    /// List the proxy entries (`NTF_PROXY`) instead of the cache.
    pub proxy: bool,
}

impl NeighFilter {
    /// Only this family.
    #[must_use]
    pub fn family(mut self, family: AddrFamily) -> Self {
        self.family = Some(family);
        self
    }
    /// Only entries on this link.
    #[must_use]
    pub fn link(mut self, ifindex: u32) -> Self {
        self.ifindex = Some(ifindex);
        self
    }
    /// Only entries on links enslaved to this master.
    #[must_use]
    pub fn master(mut self, ifindex: u32) -> Self {
        self.master = Some(ifindex);
        self
    }
    /// The proxy entries instead of the cache.
    #[must_use]
    pub fn proxy(mut self) -> Self {
        self.proxy = true;
        self
    }

    pub(super) fn encode_dump(&self, e: &mut Encoder<'_>) {
        e.header(&NdMsg {
            family: self.family.unwrap_or(0),
            flags: if self.proxy {
                NeighFlags::PROXY.bits()
            } else {
                0
            },
            ..Default::default()
        });
        if let Some(i) = self.ifindex {
            e.put_u32(NDA_IFINDEX, i);
        }
        if let Some(m) = self.master {
            e.put_u32(NDA_MASTER, m);
        }
    }

    /// True when `n` is one this filter selects.
    pub fn keeps<T: AsRef<[u8]>>(&self, n: &NeighMsg<T>) -> bool {
        let h = n.header();
        self.family.is_none_or(|f| f == h.family)
            && self.ifindex.is_none_or(|i| i == h.ifindex as u32)
            && NeighFlags::from_bits_retain(h.flags).contains(NeighFlags::PROXY) == self.proxy
    }
}
