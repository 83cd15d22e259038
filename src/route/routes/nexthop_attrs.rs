//! What a next hop's attributes say (`RTA_GATEWAY`, `RTA_VIA`,
//! `RTA_FLOW`, `RTA_ENCAP_TYPE` inside `RTA_MULTIPATH`, numbered by the
//! route's table), and the [`Multipath`] codec that writes them.

use crate::route::family::AddrFamily;
use std::fmt;
use std::net::IpAddr;

use crate::error::{DecodeError, DecodeErrorKind, Error, Result};
use crate::route::family;
use crate::route::routes::nexthop::{
    Multipath, NextHop, NextHopMsg, NextHops, put_multipath, put_rtnh,
};
use crate::route::routes::via::Via;
use crate::route::routes::view::{RTA_ENCAP_TYPE, RTA_FLOW, RTA_GATEWAY, RTA_VIA};
use crate::wire::{Encoder, Limit, Value};

impl<'a> NextHopMsg<'a> {
    /// `RTA_GATEWAY`: 4 or 16 bytes.
    pub fn gateway(&self) -> Option<IpAddr> {
        self.find::<IpAddr>(RTA_GATEWAY)
    }
    /// `RTA_VIA`.
    pub fn via(&self) -> Option<Via> {
        self.find::<Via>(RTA_VIA)
    }
    /// `RTA_FLOW`: realms.
    pub fn flow(&self) -> Option<u32> {
        self.find::<u32>(RTA_FLOW)
    }
    /// `RTA_ENCAP_TYPE`.
    pub fn encap_type(&self) -> Option<u16> {
        self.find::<u16>(RTA_ENCAP_TYPE)
    }
    /// The gateway as an IP address: `RTA_GATEWAY`, else an IP `RTA_VIA`.
    pub fn gateway_ip(&self) -> Option<IpAddr> {
        self.gateway().or_else(|| self.via().and_then(|v| v.ip()))
    }
    /// The last value of `kind` of a size `V` accepts.
    fn find<V: Value>(&self, kind: u16) -> Option<V::Out<'a>> {
        let limit = Limit::of::<V>();
        let mut found = None;
        for a in self.attrs() {
            let Ok(a) = a else { break };
            if a.kind() == kind && limit.accepts(a.value().len()) {
                found = Some(a.value());
            }
        }
        found.map(V::decode)
    }

    /// The first malformed attribute, and how many there are: a decoded
    /// kind of a wrong size, or a bad list (which ends the walk).
    fn errors(&self) -> (u16, Option<Error>) {
        let mut count = 0u16;
        let mut first = None;
        for a in self.attrs() {
            let a = match a {
                Ok(a) => a,
                Err(e) => {
                    count = count.saturating_add(1);
                    first.get_or_insert(e);
                    break;
                }
            };
            let sizes = match a.kind() {
                RTA_GATEWAY => <IpAddr as Value>::SIZES,
                RTA_VIA => <Via as Value>::SIZES,
                RTA_FLOW => <u32 as Value>::SIZES,
                RTA_ENCAP_TYPE => <u16 as Value>::SIZES,
                _ => continue,
            };
            let got = a.value().len();
            if !sizes.contains(&got) {
                count = count.saturating_add(1);
                first.get_or_insert_with(|| {
                    Error::Decode(DecodeError::new(
                        "nlattr",
                        DecodeErrorKind::WrongSize {
                            attr: a.kind(),
                            want: sizes,
                            got,
                        },
                        a.offset(),
                    ))
                });
            }
        }
        (count, first)
    }

    /// How many of its attributes did not decode.
    pub fn malformed(&self) -> u16 {
        self.errors().0
    }

    /// The first of its attributes that did not decode, as an error.
    pub fn check(&self) -> Result<()> {
        match self.errors().1 {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    /// An owned copy.
    pub fn to_owned(&self) -> NextHop {
        NextHop {
            flags: self.flags(),
            weight: self.weight(),
            ifindex: self.ifindex(),
            gateway: self.gateway(),
            via: self.via(),
            flow: self.flow(),
            encap_type: self.encap_type(),
        }
    }
}

impl fmt::Debug for NextHopMsg<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("NextHopMsg");
        d.field("flags", &self.flags())
            .field("weight", &self.weight())
            .field("ifindex", &self.ifindex());
        if let Some(g) = self.gateway() {
            d.field("gateway", &g);
        }
        if let Some(v) = self.via() {
            d.field("via", &v);
        }
        if let Some(v) = self.flow() {
            d.field("flow", &v);
        }
        if let Some(v) = self.encap_type() {
            d.field("encap_type", &v);
        }
        d.finish()
    }
}

impl From<&NextHopMsg<'_>> for NextHop {
    fn from(v: &NextHopMsg<'_>) -> NextHop {
        v.to_owned()
    }
}

/// Puts `gw` as `RTA_GATEWAY` if it is of `family`, else as `RTA_VIA`.
pub(crate) fn put_gateway(e: &mut Encoder<'_>, family: AddrFamily, gw: IpAddr) {
    if family::of(gw) == family {
        e.put_ip(RTA_GATEWAY, gw);
    } else {
        Via::from(gw).write(RTA_VIA, e);
    }
}

impl Value for Multipath {
    type Out<'a> = NextHops<'a>;
    type Owned = Vec<NextHop>;
    const SIZES: &'static [usize] = &[];

    #[inline]
    fn decode(v: &[u8]) -> NextHops<'_> {
        NextHops::new(v, 0)
    }

    /// The next hops up to the first malformed one.
    fn to_owned(v: NextHops<'_>) -> Vec<NextHop> {
        v.map_while(|nh| nh.ok()).map(|nh| nh.to_owned()).collect()
    }

    fn put(v: &Vec<NextHop>, kind: u16, e: &mut Encoder<'_>) {
        let body = v.iter().map(NextHop::len).sum();
        put_multipath(e, kind, body, |e| {
            for nh in v {
                put_rtnh(e, nh.len(), nh.flags, nh.weight, nh.ifindex);
                if let Some(g) = nh.gateway {
                    e.put_ip(RTA_GATEWAY, g);
                }
                if let Some(via) = nh.via {
                    via.write(RTA_VIA, e);
                }
                if let Some(f) = nh.flow {
                    e.put_u32(RTA_FLOW, f);
                }
                if let Some(t) = nh.encap_type {
                    e.put_u16(RTA_ENCAP_TYPE, t);
                }
            }
        });
    }
}
