//! Decodes neighbour messages with `NeighMsg` (see `nlstack_fuzz::route`
//! for how the input becomes messages) and checks every field against a
//! model of the attributes (the destination of the header's family, the
//! link-layer address as sent, cache info, VXLAN FDB fields, extended
//! flags over none, ...), the error count and the first error's offset,
//! the helpers, and the owned copy.
#![no_main]

use std::hint::black_box;

use libfuzzer_sys::fuzz_target;
use nlstack::Result;
use nlstack::route::AttrErrors;
use nlstack::route::neigh::*;
use nlstack::wire::{Attr, Attrs, FamilyHeader, Message, NdMsg};
use nlstack_fuzz::route::{FORMATS, View, check_errors, field, ip_of, last, list, run, simple};
use nlstack_fuzz::{allow_formats, debug};

struct Target;

impl View for Target {
    const HDR_LEN: usize = NdMsg::LEN;
    type Msg<'a> = NeighMsg<'a>;
    type Owned = Neigh;
    fn parse<'a>(m: &Message<'a>) -> Result<Self::Msg<'a>> {
        NeighMsg::parse(m)
    }
    fn parse_strict<'a>(m: &Message<'a>) -> Result<Self::Msg<'a>> {
        NeighMsg::parse_strict(m)
    }
    fn errors(v: &Self::Msg<'_>) -> AttrErrors {
        v.errors
    }
    fn attrs<'a>(v: &Self::Msg<'a>) -> Attrs<'a> {
        v.attrs.clone()
    }
    fn owned(v: &Self::Msg<'_>) -> Neigh {
        v.to_owned()
    }
    fn owned_from(v: &Self::Msg<'_>) -> Neigh {
        Neigh::from(v)
    }
    fn check<'a>(v: &Self::Msg<'a>, _msg: &Message<'a>, _buf: &'a [u8]) {
        check(v);
    }
}

fn cache_info_of(a: &Attr<'_>) -> Option<NeighCacheInfo> {
    let b = a.array::<16>().ok()?;
    let w = |i: usize| u32::from_ne_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
    Some(NeighCacheInfo {
        confirmed: w(0),
        used: w(4),
        updated: w(8),
        refcnt: w(12),
    })
}

fn check(v: &NeighMsg<'_>) {
    let fam = v.header.family;
    let (l, err) = list(v.attrs.clone());

    let mut model = Vec::new();
    for a in &l {
        let n = a.value().len();
        let bad = match a.kind() {
            NDA_DST => ip_of(fam, a).is_none(),
            NDA_CACHEINFO => n != 16,
            NDA_PROBES | NDA_VNI | NDA_IFINDEX | NDA_MASTER | NDA_LINK_NETNSID | NDA_SRC_VNI
            | NDA_NH_ID | NDA_FLAGS_EXT => n != 4,
            NDA_VLAN | NDA_PORT => n != 2,
            NDA_PROTOCOL => n != 1,
            _ => false,
        };
        if bad {
            model.push(a.offset());
        }
    }
    model.extend(err);
    check_errors("neigh", &v.errors, &model);

    let u32_of = |a: &Attr<'_>| a.u32().ok();
    simple("dst", &l, NDA_DST, v.dst, |a| ip_of(fam, a));
    simple("lladdr", &l, NDA_LLADDR, v.lladdr, |a| Some(a.value()));
    simple("cache_info", &l, NDA_CACHEINFO, v.cache_info, cache_info_of);
    simple("probes", &l, NDA_PROBES, v.probes, u32_of);
    simple("vlan", &l, NDA_VLAN, v.vlan, |a| a.u16().ok());
    simple("port", &l, NDA_PORT, v.port, |a| a.be16().ok());
    simple("vni", &l, NDA_VNI, v.vni, u32_of);
    simple("link", &l, NDA_IFINDEX, v.link, u32_of);
    simple("master", &l, NDA_MASTER, v.master, u32_of);
    simple("link_netnsid", &l, NDA_LINK_NETNSID, v.link_netnsid, |a| {
        a.i32().ok()
    });
    simple("src_vni", &l, NDA_SRC_VNI, v.src_vni, u32_of);
    simple("protocol", &l, NDA_PROTOCOL, v.protocol, |a| a.u8().ok());
    simple("nh_id", &l, NDA_NH_ID, v.nh_id, u32_of);
    field(
        "flags_ext",
        &l,
        NDA_FLAGS_EXT,
        Some(v.flags_ext),
        Some(NeighFlagsExt::empty()),
        |a| {
            a.u32()
                .ok()
                .map(|f| Some(NeighFlagsExt::from_bits_retain(f)))
        },
    );
    // The link-layer address is the value as sent, in place.
    if let (Some(ll), Some(a)) = (v.lladdr, last(&l, NDA_LLADDR)) {
        assert!(std::ptr::eq(ll, a.value()));
    }

    assert_eq!(v.state, NeighState::from_bits_retain(v.header.state));
    assert_eq!(v.flags, NeighFlags::from_bits_retain(v.header.flags));
    assert_eq!(v.family(), fam);
    assert_eq!(v.ifindex(), v.header.ifindex as u32);
    assert_eq!(v.mac().is_some(), v.lladdr.is_some_and(|l| l.len() == 6));
    if let Some(m) = v.mac() {
        assert_eq!(Some(&m[..]), v.lladdr);
    }
    black_box(v.header.kind);
    debug(&v.state);

    let o = v.to_owned();
    assert_eq!(o.mac(), v.mac());
    assert_eq!(o.lladdr.as_deref(), v.lladdr);
    assert_eq!(
        (o.family, o.ifindex, o.kind),
        (fam, v.ifindex(), v.header.kind)
    );
    assert_eq!(
        (o.state, o.flags, o.flags_ext),
        (v.state, v.flags, v.flags_ext)
    );
    assert_eq!(o.dst, v.dst);
}

fuzz_target!(|data: &[u8]| {
    allow_formats(FORMATS);
    run::<Target>(data);
});
