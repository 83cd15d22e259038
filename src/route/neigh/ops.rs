//! Neighbour operations on a `Conn<Route>`: list (collected or streamed),
//! get, add, replace, delete.

use std::net::IpAddr;

use crate::conn::{Conn, Route, Transport};
use crate::error::Result;
use crate::wire::{Flags, List, MsgType, NdMsg};

use super::filter::NeighFilter;
use super::flags::NeighFlags;
use super::msg::{NDA_DST, Neigh, NeighMsg};
use super::request::NeighRequest;

impl<T: Transport> Conn<Route, T> {
    /// Lists neighbours (all, one family, one link, one master's ports,
    /// or the proxy entries), through the dump consistency policy. The
    /// list keeps the received bytes and hands out views.
    pub fn neighbours(&mut self, filter: NeighFilter) -> Result<List<Neigh>> {
        self.neighbours_with(filter, false)
    }

    /// [`neighbours`](Self::neighbours), strict: an entry with an
    /// attribute that did not decode is an error.
    pub fn neighbours_strict(&mut self, filter: NeighFilter) -> Result<List<Neigh>> {
        self.neighbours_with(filter, true)
    }

    fn neighbours_with(&mut self, filter: NeighFilter, strict: bool) -> Result<List<Neigh>> {
        self.dump_fold(
            MsgType::RTM_GETNEIGH,
            Flags::empty(),
            |e| filter.encode_dump(e),
            List::new,
            |list, m| {
                let n = NeighMsg::parse(m.payload())?;
                if strict {
                    n.check()?;
                }
                if filter.keeps(&n) {
                    list.push(&n);
                }
                Ok(())
            },
        )
    }

    /// Streams the neighbours `filter` selects: `each` sees every one as a
    /// borrowed view as it arrives, nothing collected (see
    /// [`Conn::dump_each`] for what an inconsistent dump does then).
    pub fn neighbours_each(
        &mut self,
        filter: NeighFilter,
        mut each: impl FnMut(&NeighMsg<&[u8]>) -> Result<()>,
    ) -> Result<()> {
        self.dump_each(
            MsgType::RTM_GETNEIGH,
            Flags::empty(),
            |e| filter.encode_dump(e),
            |m| {
                let n = NeighMsg::parse(m.payload())?;
                if filter.keeps(&n) { each(&n) } else { Ok(()) }
            },
        )
        .map(drop)
    }

    /// Looks one neighbour up: `dst` on link `ifindex`. Not found is an
    /// error (`is_not_found()`).
    pub fn neigh_get(&mut self, ifindex: u32, dst: IpAddr) -> Result<Neigh> {
        self.neigh_get_flags(ifindex, dst, NeighFlags::empty())
    }

    /// Looks one proxy entry up: `dst` on link `ifindex`.
    pub fn neigh_get_proxy(&mut self, ifindex: u32, dst: IpAddr) -> Result<Neigh> {
        self.neigh_get_flags(ifindex, dst, NeighFlags::PROXY)
    }

    fn neigh_get_flags(&mut self, ifindex: u32, dst: IpAddr, flags: NeighFlags) -> Result<Neigh> {
        let family = match dst {
            IpAddr::V4(_) => libc::AF_INET,
            IpAddr::V6(_) => libc::AF_INET6,
        } as u8;
        let m = self.request(MsgType::RTM_GETNEIGH, Flags::empty(), |e| {
            e.header(&NdMsg {
                family,
                ifindex: ifindex as i32,
                flags: flags.bits(),
                ..Default::default()
            });
            e.put_ip(NDA_DST, dst);
        })?;
        NeighMsg::parse(Box::from(m.payload()))
    }

    /// Adds a neighbour; fails with `EEXIST` if it is there already.
    pub fn neigh_add(&mut self, n: &NeighRequest) -> Result<()> {
        self.ack(MsgType::RTM_NEWNEIGH, Flags::CREATE | Flags::EXCL, |e| {
            n.encode(e)
        })
    }

    /// Adds a neighbour or overwrites it (state and address) if it exists.
    pub fn neigh_replace(&mut self, n: &NeighRequest) -> Result<()> {
        self.ack(MsgType::RTM_NEWNEIGH, Flags::CREATE | Flags::REPLACE, |e| {
            n.encode(e)
        })
    }

    /// Deletes a neighbour (matched by family, link and `dst`).
    pub fn neigh_del(&mut self, n: &NeighRequest) -> Result<()> {
        self.ack(MsgType::RTM_DELNEIGH, Flags::empty(), |e| n.encode(e))
    }
}
