//! Decodes address messages with `AddrMsg` (see `nlstack_fuzz::route` for
//! how the input becomes messages) and checks every field against a model
//! of the attributes (addresses of the header's family, the label, cache
//! info, 32-bit flags over the header's 8 bits, ...), the error count and
//! the first error's offset, the helpers, and the owned copy.
#![no_main]

use std::hint::black_box;
use std::net::IpAddr;

use libfuzzer_sys::fuzz_target;
use nlstack::Result;
use nlstack::route::AttrErrors;
use nlstack::route::addr::*;
use nlstack::wire::{Attr, Attrs, FamilyHeader, IfAddrMsg, Message};
use nlstack_fuzz::allow_formats;
use nlstack_fuzz::route::{FORMATS, View, check_errors, field, ip_of, list, run, simple};

struct Target;

impl View for Target {
    const HDR_LEN: usize = IfAddrMsg::LEN;
    type Msg<'a> = AddrMsg<'a>;
    type Owned = Addr;
    fn parse<'a>(m: &Message<'a>) -> Result<Self::Msg<'a>> {
        AddrMsg::parse(m)
    }
    fn parse_strict<'a>(m: &Message<'a>) -> Result<Self::Msg<'a>> {
        AddrMsg::parse_strict(m)
    }
    fn errors(v: &Self::Msg<'_>) -> AttrErrors {
        v.errors
    }
    fn attrs<'a>(v: &Self::Msg<'a>) -> Attrs<'a> {
        v.attrs.clone()
    }
    fn owned(v: &Self::Msg<'_>) -> Addr {
        v.to_owned()
    }
    fn owned_from(v: &Self::Msg<'_>) -> Addr {
        Addr::from(v)
    }
    fn check<'a>(v: &Self::Msg<'a>, _msg: &Message<'a>, _buf: &'a [u8]) {
        check(v);
    }
}

fn cache_info_of(a: &Attr<'_>) -> Option<CacheInfo> {
    let b = a.array::<16>().ok()?;
    let w = |i: usize| u32::from_ne_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
    Some(CacheInfo {
        preferred: w(0),
        valid: w(4),
        created: w(8),
        updated: w(12),
    })
}

fn check(v: &AddrMsg<'_>) {
    let fam = v.header.family;
    let (l, err) = list(v.attrs.clone());

    // Errors: every malformed attribute of a kind the view decodes, then
    // a malformed list.
    let mut model = Vec::new();
    for a in &l {
        let bad = match a.kind() {
            IFA_ADDRESS | IFA_LOCAL | IFA_ANYCAST | IFA_MULTICAST => ip_of(fam, a).is_none(),
            IFA_BROADCAST => a.value().len() != 4,
            IFA_LABEL => a.text().is_err(),
            IFA_CACHEINFO => a.value().len() != 16,
            IFA_FLAGS | IFA_RT_PRIORITY => a.value().len() != 4,
            IFA_PROTO => a.value().len() != 1,
            _ => false,
        };
        if bad {
            model.push(a.offset());
        }
    }
    model.extend(err);
    check_errors("addr", &v.errors, &model);

    let ip = |a: &Attr<'_>| ip_of(fam, a);
    simple("address", &l, IFA_ADDRESS, v.address, ip);
    simple("local", &l, IFA_LOCAL, v.local, ip);
    simple("anycast", &l, IFA_ANYCAST, v.anycast, ip);
    simple("multicast", &l, IFA_MULTICAST, v.multicast, ip);
    simple("broadcast", &l, IFA_BROADCAST, v.broadcast, |a| {
        a.ipv4().ok()
    });
    simple("label", &l, IFA_LABEL, v.label, |a| a.text().ok());
    simple("cache_info", &l, IFA_CACHEINFO, v.cache_info, cache_info_of);
    simple("rt_priority", &l, IFA_RT_PRIORITY, v.rt_priority, |a| {
        a.u32().ok()
    });
    simple("protocol", &l, IFA_PROTO, v.protocol, |a| a.u8().ok());
    field(
        "flags",
        &l,
        IFA_FLAGS,
        Some(v.flags),
        Some(AddrFlags::from_bits_retain(v.header.flags as u32)),
        |a| a.u32().ok().map(|f| Some(AddrFlags::from_bits_retain(f))),
    );
    // Addresses are of the header's family.
    for a in [v.address, v.local, v.anycast, v.multicast]
        .into_iter()
        .flatten()
    {
        match a {
            IpAddr::V4(_) => assert_ne!(fam, 10),
            IpAddr::V6(_) => assert_ne!(fam, 2),
        }
    }

    assert_eq!(v.addr(), v.local.or(v.address));
    black_box((v.header.prefixlen, v.header.scope, v.header.index));

    let o = v.to_owned();
    assert_eq!(o.addr(), v.addr());
    assert_eq!(
        (o.family, o.prefixlen, o.scope, o.index),
        (fam, v.header.prefixlen, v.header.scope, v.header.index)
    );
    assert_eq!(o.flags, v.flags);
    assert_eq!(o.label.as_deref(), v.label);
    assert_eq!(o.cache_info, v.cache_info);
}

fuzz_target!(|data: &[u8]| {
    allow_formats(FORMATS);
    run::<Target>(data);
});
