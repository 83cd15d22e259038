//! Route operations on `Conn<Route>`.

use std::net::IpAddr;

use crate::conn::{Conn, Route as RouteProto, Transport};
use crate::error::Result;
use crate::route::routes::owned::RouteEntry;
use crate::route::routes::query::{RouteFilter, RouteLookup};
use crate::route::routes::request::RouteRequest;
use crate::route::routes::view::RouteMsg;
use crate::wire::{Flags, List, MsgType};

impl<T: Transport> Conn<RouteProto, T> {
    /// Lists routes (one table, by default main, or all; one family or
    /// both), through the dump consistency policy. The list keeps the
    /// received bytes and hands out views.
    ///
    /// Listing a table that does not exist gives an empty list (the
    /// kernel answers `ENOENT` when a family is given).
    pub fn routes(&mut self, filter: RouteFilter) -> Result<List<RouteEntry>> {
        self.routes_with(filter, false)
    }

    /// [`routes`](Self::routes), strict: a route with an attribute that
    /// did not decode (its next hops' and metrics' included) is an error.
    pub fn routes_strict(&mut self, filter: RouteFilter) -> Result<List<RouteEntry>> {
        self.routes_with(filter, true)
    }

    fn routes_with(&mut self, filter: RouteFilter, strict: bool) -> Result<List<RouteEntry>> {
        let listed = self.dump_fold(
            MsgType::RTM_GETROUTE,
            Flags::empty(),
            |e| filter.encode(e),
            List::new,
            |list, m| {
                if m.kind() != MsgType::RTM_NEWROUTE {
                    return Ok(());
                }
                let r = RouteMsg::parse(m.payload())?;
                if strict {
                    r.check_all()?;
                }
                if filter.matches(&r) {
                    list.push(&r);
                }
                Ok(())
            },
        );
        match listed {
            Err(e) if filter.table.is_some() && e.errno() == Some(libc::ENOENT) => Ok(List::new()),
            other => other,
        }
    }

    /// Streams the routes `filter` selects: `each` sees every one as a
    /// borrowed view as it arrives, nothing collected (see
    /// [`Conn::dump_each`] for what an inconsistent dump does then).
    pub fn routes_each(
        &mut self,
        filter: RouteFilter,
        mut each: impl FnMut(&RouteMsg<&[u8]>) -> Result<()>,
    ) -> Result<()> {
        let streamed = self.dump_each(
            MsgType::RTM_GETROUTE,
            Flags::empty(),
            |e| filter.encode(e),
            |m| {
                if m.kind() != MsgType::RTM_NEWROUTE {
                    return Ok(());
                }
                let r = RouteMsg::parse(m.payload())?;
                if filter.matches(&r) { each(&r) } else { Ok(()) }
            },
        );
        match streamed {
            Err(e) if filter.table.is_some() && e.errno() == Some(libc::ENOENT) => Ok(()),
            other => other.map(drop),
        }
    }

    /// Looks up the route to `dst`, as `ip route get DST`.
    pub fn route_get(&mut self, dst: IpAddr) -> Result<RouteEntry> {
        self.route_lookup(&RouteLookup::new(dst))
    }

    /// Looks up a route with the lookup's keys (source, interfaces, mark,
    /// uid), as `ip route get`.
    pub fn route_lookup(&mut self, q: &RouteLookup) -> Result<RouteEntry> {
        let m = self.request(MsgType::RTM_GETROUTE, Flags::empty(), |e| q.encode(e))?;
        Ok(RouteMsg::parse(m.payload())?.owned())
    }

    /// Adds a route; fails with `EEXIST` if it is there already
    /// (`ip route add`).
    pub fn route_add(&mut self, r: &RouteRequest) -> Result<()> {
        self.ack(MsgType::RTM_NEWROUTE, Flags::CREATE | Flags::EXCL, |e| {
            r.encode(e)
        })
    }

    /// Adds a route and returns it as the kernel made it (its table,
    /// protocol, scope and preferred source filled in), in the same round
    /// trip (`NLM_F_ECHO`). `None` on a kernel that echoes nothing.
    pub fn route_add_echo(&mut self, r: &RouteRequest) -> Result<Option<RouteEntry>> {
        self.echo(
            MsgType::RTM_NEWROUTE,
            Flags::CREATE | Flags::EXCL,
            |e| r.encode(e),
            |m| {
                if m.kind() != MsgType::RTM_NEWROUTE {
                    return Ok(None);
                }
                Ok(Some(RouteMsg::parse(m.payload())?.owned()))
            },
        )
    }

    /// Adds a route or replaces the one with the same destination, table,
    /// tos and (IPv4) metric (`ip route replace`).
    pub fn route_replace(&mut self, r: &RouteRequest) -> Result<()> {
        self.ack(MsgType::RTM_NEWROUTE, Flags::CREATE | Flags::REPLACE, |e| {
            r.encode(e)
        })
    }

    /// Adds a route after those with the same key (`ip route append`); for
    /// IPv6 the next hops join the existing route's.
    pub fn route_append(&mut self, r: &RouteRequest) -> Result<()> {
        self.ack(MsgType::RTM_NEWROUTE, Flags::CREATE | Flags::APPEND, |e| {
            r.encode(e)
        })
    }

    /// Deletes the first route that matches what the request sets
    /// (`ip route del`).
    pub fn route_del(&mut self, r: &RouteRequest) -> Result<()> {
        self.ack(MsgType::RTM_DELROUTE, Flags::empty(), |e| {
            r.encode_delete(e)
        })
    }
}
