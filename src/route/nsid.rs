//! Namespace ids: the numbers a network namespace gives its peers
//! (`RTM_NEWNSID`/`RTM_DELNSID`/`RTM_GETNSID`).
//!
//! Each namespace keeps its own table from peer namespaces to small
//! integers: the `link-netnsid` of a veth whose other end lives
//! elsewhere, the `nsid` a `NETLINK_LISTEN_ALL_NSID` socket reports. The
//! operations below act on the table of the namespace the connection was
//! dialled in.
//!
//! ```no_run
//! use nlstack::conn::{Config, Conn, Route};
//! use nlstack::netns::NetNs;
//!
//! let peer = NetNs::new_anonymous()?;
//! let mut conn = Conn::<Route>::dial(Config::default())?;
//! conn.nsid_set(&peer, 7)?;
//! assert_eq!(conn.nsid_of(&peer)?, Some(7));
//! for e in conn.nsids()? {
//!     println!("{:?}", e.nsid);
//! }
//! # Ok::<(), nlstack::Error>(())
//! ```

use crate::conn::{Conn, Route, Transport};
use crate::error::Result;
pub use crate::netns::NsRef;
use crate::route::decode::AttrErrors;
use crate::route::family::AddrFamily;
use crate::wire::{Attrs, Encoder, FamilyHeader, Flags, Message, MsgType, RtGenMsg};

/// `NETNSA_NSID`: the id (`i32`; [`NETNSA_NSID_NOT_ASSIGNED`] when none).
pub const NETNSA_NSID: u16 = 1;
/// `NETNSA_PID`: the peer, as a process living in it.
pub const NETNSA_PID: u16 = 2;
/// `NETNSA_FD`: the peer, as a namespace file descriptor.
pub const NETNSA_FD: u16 = 3;
/// `NETNSA_TARGET_NSID`: answer as seen from the namespace with this id.
pub const NETNSA_TARGET_NSID: u16 = 4;
/// `NETNSA_CURRENT_NSID`: in a reply seen from a target namespace, the id
/// the requester's own namespace gives the same peer (-1: none).
pub const NETNSA_CURRENT_NSID: u16 = 5;
/// `NETNSA_NSID_NOT_ASSIGNED`: the peer has no id.
pub const NETNSA_NSID_NOT_ASSIGNED: i32 = -1;

/// A namespace id message, decoded in one pass without allocating.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct NsIdMsg<'a> {
    /// `rtgen_family` (`AF_UNSPEC`).
    pub family: AddrFamily,
    /// `NETNSA_NSID` (may be [`NETNSA_NSID_NOT_ASSIGNED`]).
    pub nsid: Option<i32>,
    /// `NETNSA_PID`.
    pub pid: Option<u32>,
    /// `NETNSA_FD`.
    pub fd: Option<u32>,
    /// `NETNSA_TARGET_NSID`.
    pub target_nsid: Option<i32>,
    /// `NETNSA_CURRENT_NSID`.
    pub current_nsid: Option<i32>,
    /// Every attribute, for kinds not decoded above.
    pub attrs: Attrs<'a>,
    /// Attributes that did not decode.
    pub errors: AttrErrors,
}

impl<'a> NsIdMsg<'a> {
    /// Decodes a namespace id message (`rtgenmsg`, padded to 4 bytes, then
    /// attributes); a malformed attribute is recorded in `errors` and
    /// skipped. Only a header too short is an error.
    pub fn parse(msg: &Message<'a>) -> Result<NsIdMsg<'a>> {
        let header = msg.family_header::<RtGenMsg>()?;
        let attrs = msg.attrs(RtGenMsg::LEN)?;
        let mut n = NsIdMsg {
            family: header.family,
            nsid: None,
            pid: None,
            fd: None,
            target_nsid: None,
            current_nsid: None,
            attrs: attrs.clone(),
            errors: AttrErrors::default(),
        };
        let e = &mut n.errors;
        for at in attrs {
            let at = match at {
                Ok(at) => at,
                Err(err) => {
                    e.record(err);
                    break;
                }
            };
            match at.kind() {
                NETNSA_NSID => e.set(&mut n.nsid, at.i32()),
                NETNSA_PID => e.set(&mut n.pid, at.u32()),
                NETNSA_FD => e.set(&mut n.fd, at.u32()),
                NETNSA_TARGET_NSID => e.set(&mut n.target_nsid, at.i32()),
                NETNSA_CURRENT_NSID => e.set(&mut n.current_nsid, at.i32()),
                _ => {}
            }
        }
        Ok(n)
    }

    /// Decodes, failing on the first malformed attribute.
    pub fn parse_strict(msg: &Message<'a>) -> Result<NsIdMsg<'a>> {
        let n = NsIdMsg::parse(msg)?;
        n.errors.check()?;
        Ok(n)
    }

    /// The id, unless absent or [`NETNSA_NSID_NOT_ASSIGNED`].
    pub fn assigned(&self) -> Option<i32> {
        self.nsid.filter(|&n| n >= 0)
    }

    /// An owned copy.
    pub fn to_owned(&self) -> NsIdEntry {
        NsIdEntry {
            nsid: self.nsid,
            pid: self.pid,
            fd: self.fd,
            target_nsid: self.target_nsid,
            current_nsid: self.current_nsid,
        }
    }
}

/// A namespace id message, owned: one entry of a [`Conn::nsids`] list, or
/// a notification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct NsIdEntry {
    /// `NETNSA_NSID`.
    pub nsid: Option<i32>,
    /// `NETNSA_PID`.
    pub pid: Option<u32>,
    /// `NETNSA_FD`.
    pub fd: Option<u32>,
    /// `NETNSA_TARGET_NSID`.
    pub target_nsid: Option<i32>,
    /// `NETNSA_CURRENT_NSID`.
    pub current_nsid: Option<i32>,
}

impl From<&NsIdMsg<'_>> for NsIdEntry {
    fn from(v: &NsIdMsg<'_>) -> NsIdEntry {
        v.to_owned()
    }
}

/// A namespace id request: `RTM_NEWNSID` (set), `RTM_GETNSID` (get, or a
/// dump), `RTM_DELNSID`.
///
/// ```
/// use nlstack::route::nsid::{NsIdRequest, NsRef};
/// let r = NsIdRequest::default().peer(NsRef::Pid(1)).nsid(3);
/// assert_eq!(r.nsid, Some(3));
/// ```
#[derive(Debug, Clone, Copy, Default)]
#[non_exhaustive]
pub struct NsIdRequest<'a> {
    /// `NETNSA_NSID` (in a set request, -1 lets the kernel pick).
    pub nsid: Option<i32>,
    /// `NETNSA_FD` or `NETNSA_PID`.
    pub peer: Option<NsRef<'a>>,
    /// `NETNSA_TARGET_NSID`.
    pub target_nsid: Option<i32>,
}

impl<'a> NsIdRequest<'a> {
    /// Sets the id.
    #[must_use]
    pub fn nsid(mut self, nsid: i32) -> Self {
        self.nsid = Some(nsid);
        self
    }
    /// Sets the peer namespace.
    #[must_use]
    pub fn peer(mut self, peer: impl Into<NsRef<'a>>) -> Self {
        self.peer = Some(peer.into());
        self
    }
    /// Asks as seen from the namespace with id `nsid`.
    #[must_use]
    pub fn target(mut self, nsid: i32) -> Self {
        self.target_nsid = Some(nsid);
        self
    }

    /// Encodes the `rtgenmsg` (padded to 4 bytes) and attributes.
    pub fn encode(&self, e: &mut Encoder<'_>) {
        e.header(&RtGenMsg {
            family: libc::AF_UNSPEC as u8,
        });
        if let Some(n) = self.nsid {
            e.put_i32(NETNSA_NSID, n);
        }
        if let Some(peer) = &self.peer {
            peer.encode(e, NETNSA_FD, NETNSA_PID);
        }
        if let Some(t) = self.target_nsid {
            e.put_i32(NETNSA_TARGET_NSID, t);
        }
    }
}

impl<T: Transport> Conn<Route, T> {
    /// Lists the ids this namespace has given its peers (an
    /// `RTM_GETNSID` dump), through the dump consistency policy.
    pub fn nsids(&mut self) -> Result<Vec<NsIdEntry>> {
        self.nsid_dump(None)
    }

    /// Lists the ids the namespace with id `target` has given its peers;
    /// each entry's `current_nsid` is the id this namespace gives the same
    /// peer (-1 when it has none, as for this namespace itself).
    pub fn nsids_seen_from(&mut self, target: i32) -> Result<Vec<NsIdEntry>> {
        self.nsid_dump(Some(target))
    }

    fn nsid_dump(&mut self, target: Option<i32>) -> Result<Vec<NsIdEntry>> {
        let req = NsIdRequest {
            target_nsid: target,
            ..Default::default()
        };
        self.dump_collect(
            MsgType::RTM_GETNSID,
            Flags::empty(),
            |e| req.encode(e),
            |m| Ok(Some(NsIdMsg::parse(&m)?.to_owned())),
        )
    }

    /// The id this namespace gives `peer`, or `None` if it has none.
    pub fn nsid_of<'f>(&mut self, peer: impl Into<NsRef<'f>>) -> Result<Option<i32>> {
        let req = NsIdRequest::default().peer(peer);
        let m = self.request(MsgType::RTM_GETNSID, Flags::empty(), |e| req.encode(e))?;
        Ok(NsIdMsg::parse_strict(&m)?.assigned())
    }

    /// Gives `peer` the id `nsid`. Fails with `EEXIST` if `peer` has an
    /// id already or `nsid` is taken.
    pub fn nsid_set<'f>(&mut self, peer: impl Into<NsRef<'f>>, nsid: i32) -> Result<()> {
        let req = NsIdRequest::default().peer(peer).nsid(nsid);
        self.ack(MsgType::RTM_NEWNSID, Flags::CREATE | Flags::EXCL, |e| {
            req.encode(e)
        })
    }

    /// Gives `peer` an id the kernel picks, and returns it. Fails with
    /// `EEXIST` if `peer` has an id already.
    pub fn nsid_alloc<'f>(&mut self, peer: impl Into<NsRef<'f>>) -> Result<i32> {
        let peer = peer.into();
        self.nsid_set(peer, NETNSA_NSID_NOT_ASSIGNED)?;
        match self.nsid_of(peer)? {
            Some(id) => Ok(id),
            // Another thread cannot take the id away between the two
            // requests (ids live as long as the peer, which `peer` pins),
            // so this would be a kernel that ignored the request.
            None => Err(crate::Error::Kernel(Box::new(crate::KernelError {
                errno: libc::ENOENT,
                message: Some("no namespace id was assigned".into()),
                ..Default::default()
            }))),
        }
    }

    /// Asks the kernel to remove the id `nsid` (`RTM_DELNSID`).
    ///
    /// Linux (through 6.18 at least) has no handler for this request and
    /// answers `EOPNOTSUPP`: an id lives as long as its peer namespace,
    /// and the kernel sends `RTM_DELNSID` to `RTNLGRP_NSID` listeners when
    /// it goes ([`NsIdMsg`] decodes that notification). The request is
    /// here for kernels that gain one.
    pub fn nsid_del(&mut self, nsid: i32) -> Result<()> {
        let req = NsIdRequest::default().nsid(nsid);
        self.ack(MsgType::RTM_DELNSID, Flags::empty(), |e| req.encode(e))
    }
}
