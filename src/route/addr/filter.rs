//! [`AddrFilter`]: which addresses a listing asks for.

use crate::route::IfIndex;
use crate::route::family::AddrFamily;
use crate::wire::{Encoder, IfAddrMsg};

use super::msg::AddrMsg;

/// Which addresses to list. With strict checking (on by default) the
/// kernel filters; the result is filtered again here either way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct AddrFilter {
    /// Only this family (`AF_INET`, `AF_INET6`).
    pub family: Option<AddrFamily>,
    /// Only addresses on this link.
    pub index: Option<IfIndex>,
}

impl AddrFilter {
    /// Only this family.
    #[must_use]
    pub fn family(mut self, family: AddrFamily) -> Self {
        self.family = Some(family);
        self
    }

    /// Only addresses on this link.
    #[must_use]
    pub fn link(mut self, index: IfIndex) -> Self {
        self.index = Some(index);
        self
    }

    pub(crate) fn encode_dump(&self, e: &mut Encoder<'_>) {
        e.header(&IfAddrMsg {
            family: self.family.unwrap_or(0),
            index: self.index.unwrap_or(0),
            ..Default::default()
        });
    }

    pub(crate) fn keeps(&self, a: &AddrMsg<&[u8]>) -> bool {
        let h = a.header();
        self.family.is_none_or(|f| f == h.family) && self.index.is_none_or(|i| i == h.index)
    }
}
