//! Address operations on a `Conn<Route>`.

use crate::conn::{Conn, Route, Transport};
use crate::error::Result;
use crate::wire::{Flags, List, MsgType};

use super::filter::AddrFilter;
use super::msg::{Addr, AddrMsg};
use super::request::AddrRequest;

impl<T: Transport> Conn<Route, T> {
    /// Lists addresses (all, one family, one link), through the dump
    /// consistency policy: the received bytes kept in a [`List`], handed out
    /// as views.
    pub fn addresses(&mut self, filter: AddrFilter) -> Result<List<AddrMsg>> {
        self.addresses_with(filter, false)
    }

    /// [`addresses`](Self::addresses), strict: an address with an
    /// attribute that did not decode is an error.
    pub fn addresses_strict(&mut self, filter: AddrFilter) -> Result<List<AddrMsg>> {
        self.addresses_with(filter, true)
    }

    fn addresses_with(&mut self, filter: AddrFilter, strict: bool) -> Result<List<AddrMsg>> {
        self.dump_fold(
            MsgType::RTM_GETADDR,
            Flags::empty(),
            |e| filter.encode_dump(e),
            List::new,
            |list, m| {
                let a = AddrMsg::parse(m.payload())?;
                if strict {
                    a.check()?;
                }
                if filter.keeps(&a) {
                    list.push(&a);
                }
                Ok(())
            },
        )
    }

    /// Streams the addresses `filter` selects: `each` sees every one as a
    /// borrowed view as it arrives, nothing collected (see
    /// [`Conn::dump_each`] for what an inconsistent dump does then).
    pub fn addresses_each(
        &mut self,
        filter: AddrFilter,
        mut each: impl FnMut(&AddrMsg<&[u8]>) -> Result<()>,
    ) -> Result<()> {
        self.dump_each(
            MsgType::RTM_GETADDR,
            Flags::empty(),
            |e| filter.encode_dump(e),
            |m| {
                let a = AddrMsg::parse(m.payload())?;
                if filter.keeps(&a) { each(&a) } else { Ok(()) }
            },
        )
        .map(drop)
    }

    /// Adds an address; fails with `EEXIST` if it is there already.
    pub fn addr_add(&mut self, a: &AddrRequest) -> Result<()> {
        self.ack(MsgType::RTM_NEWADDR, Flags::CREATE | Flags::EXCL, |e| {
            a.encode(e)
        })
    }

    /// Adds an address and returns it as the kernel made it (flags,
    /// scope, lifetimes), in the same round trip (`NLM_F_ECHO`). `None` on
    /// a kernel that echoes nothing (before 6.1).
    pub fn addr_add_echo(&mut self, a: &AddrRequest) -> Result<Option<Addr>> {
        self.echo(
            MsgType::RTM_NEWADDR,
            Flags::CREATE | Flags::EXCL,
            |e| a.encode(e),
            |m| {
                if m.kind() != MsgType::RTM_NEWADDR {
                    return Ok(None);
                }
                Ok(Some(AddrMsg::parse(m.payload())?.owned()))
            },
        )
    }

    /// Adds an address or updates it if it exists.
    pub fn addr_replace(&mut self, a: &AddrRequest) -> Result<()> {
        self.ack(MsgType::RTM_NEWADDR, Flags::CREATE | Flags::REPLACE, |e| {
            a.encode(e)
        })
    }

    /// Deletes an address.
    pub fn addr_del(&mut self, a: &AddrRequest) -> Result<()> {
        self.ack(MsgType::RTM_DELADDR, Flags::empty(), |e| a.encode(e))
    }
}
