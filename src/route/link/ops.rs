//! Link operations on `Conn<Route>`.

use crate::conn::{Conn, Route, Transport};
use crate::error::{Error, Result};
use crate::route::IFNAME_MAX;
use crate::route::IfIndex;
use crate::route::link::alt_names::IFLA_ALT_IFNAME;
use crate::route::link::request::{LinkChange, LinkRequest};
use crate::route::link::view::{IFLA_IFNAME, IFLA_PROP_LIST, Link, LinkMsg};
use crate::wire::{Flags, IfInfoMsg, List, MsgType, NLMSG_HDRLEN};

impl<T: Transport> Conn<Route, T> {
    /// Lists every link in the connection's namespace, through the dump
    /// consistency policy: the received bytes kept in a [`List`], handing out
    /// [`LinkMsg`] views. A link with an attribute that did not decode is
    /// listed with what did, and says so in [`LinkMsg::malformed`].
    pub fn links(&mut self) -> Result<List<LinkMsg>> {
        self.links_with(false)
    }

    /// [`links`](Self::links), strict: a link with an attribute that did
    /// not decode is an error.
    pub fn links_strict(&mut self) -> Result<List<LinkMsg>> {
        self.links_with(true)
    }

    fn links_with(&mut self, strict: bool) -> Result<List<LinkMsg>> {
        self.dump_fold(
            MsgType::RTM_GETLINK,
            Flags::empty(),
            |e| {
                e.header(&IfInfoMsg::default());
            },
            List::new,
            |list, m| {
                if m.kind() != MsgType::RTM_NEWLINK {
                    return Ok(());
                }
                let l = LinkMsg::parse(m.payload())?;
                if strict {
                    // As every error a connection hands out: counted from
                    // the start of the datagram.
                    l.check_all().map_err(|e| match e {
                        Error::Decode(mut d) => {
                            d.offset += m.offset() + NLMSG_HDRLEN;
                            Error::Decode(d)
                        }
                        e => e,
                    })?;
                }
                list.push(&l);
                Ok(())
            },
        )
    }

    /// Streams every link: `each` sees every one as a borrowed view as it
    /// arrives, nothing collected (see [`Conn::dump_each`] for what an
    /// inconsistent dump does then).
    pub fn links_each(
        &mut self,
        mut each: impl FnMut(&LinkMsg<&[u8]>) -> Result<()>,
    ) -> Result<()> {
        self.dump_each(
            MsgType::RTM_GETLINK,
            Flags::empty(),
            |e| {
                e.header(&IfInfoMsg::default());
            },
            |m| {
                if m.kind() != MsgType::RTM_NEWLINK {
                    return Ok(());
                }
                each(&LinkMsg::parse(m.payload())?)
            },
        )
        .map(drop)
    }

    /// The link with index `index`, asked of the kernel directly (no
    /// dump). A missing link is the kernel's error (`ENODEV`,
    /// [`is_not_found`](crate::Error::is_not_found)).
    pub fn link_by_index(&mut self, index: IfIndex) -> Result<Link> {
        let m = self.request(MsgType::RTM_GETLINK, Flags::empty(), |e| {
            e.header(&IfInfoMsg {
                index: index as i32,
                ..Default::default()
            });
        })?;
        Ok(LinkMsg::parse(m.payload())?.owned())
    }

    /// The link named `name`, or with `name` among its alternative names,
    /// asked of the kernel directly (no dump). A name over 15 bytes can
    /// only be an alternative name (up to 127 bytes) and is sent as
    /// `IFLA_ALT_IFNAME`, as `ip` does. A missing link is the kernel's
    /// error (`ENODEV`, [`is_not_found`](crate::Error::is_not_found)).
    pub fn link_by_name(&mut self, name: impl AsRef<[u8]>) -> Result<Link> {
        let name = name.as_ref();
        let kind = if name.len() > IFNAME_MAX {
            IFLA_ALT_IFNAME
        } else {
            IFLA_IFNAME
        };
        let m = self.request(MsgType::RTM_GETLINK, Flags::empty(), |e| {
            e.header(&IfInfoMsg::default());
            e.put_cstr(kind, name);
        })?;
        Ok(LinkMsg::parse(m.payload())?.owned())
    }

    /// Gives link `index` the alternative name `name` (bytes, up to 127;
    /// `ip link property add dev D altname N`). A name any link already
    /// has is the kernel's `EEXIST`.
    pub fn link_alt_name_add(&mut self, index: IfIndex, name: impl AsRef<[u8]>) -> Result<()> {
        self.link_prop(MsgType::RTM_NEWLINKPROP, index, name.as_ref())
    }

    /// Takes the alternative name `name` from link `index` (`ip link
    /// property del dev D altname N`). A name the link lacks is the
    /// kernel's `ENOENT`.
    pub fn link_alt_name_del(&mut self, index: IfIndex, name: impl AsRef<[u8]>) -> Result<()> {
        self.link_prop(MsgType::RTM_DELLINKPROP, index, name.as_ref())
    }

    fn link_prop(&mut self, kind: MsgType, index: IfIndex, name: &[u8]) -> Result<()> {
        self.ack(kind, Flags::empty(), |e| {
            e.header(&IfInfoMsg {
                index: index as i32,
                ..Default::default()
            });
            let mut list = e.nest(IFLA_PROP_LIST);
            list.put_cstr(IFLA_ALT_IFNAME, name);
        })
    }

    /// Creates a link; fails with `EEXIST` if the name is taken.
    pub fn link_add(&mut self, req: &LinkRequest<'_>) -> Result<()> {
        self.ack(MsgType::RTM_NEWLINK, Flags::CREATE | Flags::EXCL, |e| {
            req.encode(e)
        })
    }

    /// Creates a link and returns it as the kernel made it (its index,
    /// its generated MAC address), in the same round trip: the request
    /// carries `NLM_F_ECHO`. On a kernel that echoes nothing (before 6.1)
    /// the link is looked up by name instead.
    pub fn link_add_echo(&mut self, req: &LinkRequest<'_>) -> Result<Link> {
        let made = self.echo(
            MsgType::RTM_NEWLINK,
            Flags::CREATE | Flags::EXCL,
            |e| req.encode(e),
            |m| {
                if m.kind() != MsgType::RTM_NEWLINK {
                    return Ok(None);
                }
                let l = LinkMsg::parse(m.payload())?;
                let mine = l
                    .ifname()
                    .is_some_and(|n| n.as_bytes() == req.name.as_slice());
                Ok(mine.then(|| l.owned()))
            },
        )?;
        match made {
            Some(l) => Ok(l),
            None => self.link_by_name(&req.name),
        }
    }

    /// Changes a link. Port options go in an `RTM_NEWLINK` on the existing
    /// link (as `ip link set` sends): the kernel reads
    /// `IFLA_INFO_SLAVE_DATA` only there, and ignores it in `RTM_SETLINK`.
    pub fn link_set(&mut self, change: &LinkChange<'_>) -> Result<()> {
        let kind = if change.port.is_some() {
            MsgType::RTM_NEWLINK
        } else {
            MsgType::RTM_SETLINK
        };
        self.ack(kind, Flags::empty(), |e| change.encode(e))
    }

    /// Deletes link `index` (a veth's peer goes with it). A missing link
    /// is the kernel's error (`ENODEV`).
    pub fn link_del(&mut self, index: IfIndex) -> Result<()> {
        self.ack(MsgType::RTM_DELLINK, Flags::empty(), |e| {
            e.header(&IfInfoMsg {
                index: index as i32,
                ..Default::default()
            });
        })
    }
}
