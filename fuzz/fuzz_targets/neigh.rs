//! Parses the input as a neighbour message (its first 16 bytes stand for
//! the `nlmsghdr`, as in the seeds; the rest is the payload: `struct
//! ndmsg`, then `NDA_*` attributes) with the declared `NeighMsg` table and
//! reads
//! everything: every getter against a model of the attributes (an
//! address of 4 or 16 bytes, the link-layer address as sent, cache info,
//! VXLAN FDB fields, extended flags over none, ...), `malformed()` and
//! `check()` against the model, the header's getters and helpers, the
//! owned copy, `Debug`, the same bytes at another offset, and the request
//! form (`to_spec()` encoded and parsed again gives the same).
#![no_main]

use std::hint::black_box;

use libfuzzer_sys::fuzz_target;
use nlstack::route::neigh::*;
use nlstack::wire::{Attr, Encoder, FamilyHeader, Flags, MsgType, NdMsg};
use nlstack_fuzz::route::{FORMATS, field, last, simple};
use nlstack_fuzz::{allow_formats, debug};

#[path = "neigh_rule_common.rs"]
mod common;

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

fn check(data: &[u8], v: &NeighMsg<&[u8]>) {
    let (l, err) = common::attrs(data, NdMsg::LEN);

    let mut model = Vec::new();
    for a in &l {
        let n = a.value().len();
        let bad = match a.kind() {
            NDA_DST => common::ip_any(a).is_none(),
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
    common::check_malformed("neigh", v.malformed(), v.check(), &model);

    let u32_of = |a: &Attr<'_>| a.u32().ok();
    simple("dst", &l, NDA_DST, v.dst(), common::ip_any);
    simple("lladdr", &l, NDA_LLADDR, v.lladdr(), |a| Some(a.value()));
    simple(
        "cache_info",
        &l,
        NDA_CACHEINFO,
        v.cache_info(),
        cache_info_of,
    );
    simple("probes", &l, NDA_PROBES, v.probes(), u32_of);
    simple("vlan", &l, NDA_VLAN, v.vlan(), |a| a.u16().ok());
    simple("port", &l, NDA_PORT, v.port(), |a| a.be16().ok());
    simple("vni", &l, NDA_VNI, v.vni(), u32_of);
    simple("link", &l, NDA_IFINDEX, v.link(), u32_of);
    simple("master", &l, NDA_MASTER, v.master(), u32_of);
    simple(
        "link_netnsid",
        &l,
        NDA_LINK_NETNSID,
        v.link_netnsid(),
        |a| a.i32().ok(),
    );
    simple("src_vni", &l, NDA_SRC_VNI, v.src_vni(), u32_of);
    simple("protocol", &l, NDA_PROTOCOL, v.protocol(), |a| a.u8().ok());
    simple("nh_id", &l, NDA_NH_ID, v.nh_id(), u32_of);
    simple(
        "fdb_ext_attrs",
        &l,
        NDA_FDB_EXT_ATTRS,
        v.fdb_ext_attrs(),
        |a| Some(a.value()),
    );
    simple("flags_ext", &l, NDA_FLAGS_EXT, v.flags_ext(), |a| {
        a.u32().ok().map(NeighFlagsExt::from_bits_retain)
    });
    field(
        "flags_ext_or_empty",
        &l,
        NDA_FLAGS_EXT,
        Some(v.flags_ext_or_empty()),
        Some(NeighFlagsExt::empty()),
        |a| {
            a.u32()
                .ok()
                .map(|f| Some(NeighFlagsExt::from_bits_retain(f)))
        },
    );
    // The link-layer address is the value as sent, in place.
    if let (Some(ll), Some(a)) = (v.lladdr(), last(&l, NDA_LLADDR)) {
        assert!(std::ptr::eq(ll, a.value()));
    }

    // The header, from the first 12 bytes.
    let h = NdMsg::parse(data).expect("parse checked the header");
    assert_eq!(v.header(), h);
    assert_eq!(v.state(), NeighState::from_bits_retain(h.state));
    assert_eq!(v.flags(), NeighFlags::from_bits_retain(h.flags));
    assert_eq!((v.family(), v.kind()), (h.family, h.kind));
    assert_eq!(v.ifindex(), h.ifindex as u32);
    assert_eq!(v.mac().is_some(), v.lladdr().is_some_and(|l| l.len() == 6));
    if let Some(m) = v.mac() {
        assert_eq!(Some(&m[..]), v.lladdr());
    }
    assert_eq!(
        NeighFilter::default().keeps(v),
        !v.flags().contains(NeighFlags::PROXY)
    );
    debug(&v.state());
    debug(v);

    // The owned copy: the same bytes, the same index, the same getters.
    let o: Neigh = v.owned();
    assert_eq!(o.as_view(), *v);
    assert_eq!((o.malformed(), o.mac()), (v.malformed(), v.mac()));
    assert_eq!((o.dst(), o.lladdr()), (v.dst(), v.lladdr()));
    assert_eq!(o.cache_info(), v.cache_info());
    assert_eq!(NeighMsg::parse(Box::<[u8]>::from(data)).unwrap(), o);
    debug(&o);

    // The request form, encoded under the same header and parsed again.
    let spec = v.to_spec();
    let mut buf = Vec::new();
    let mut e = Encoder::new(&mut buf, MsgType::RTM_NEWNEIGH, Flags::REQUEST, 1, 0);
    e.header(&h);
    spec.encode(&mut e);
    e.finish().expect("a neighbour's spec encodes");
    let back = NeighMsg::parse(&buf[16..]).expect("an encoded neighbour");
    assert_eq!(back.malformed(), 0, "{spec:?}");
    assert_eq!(back.to_spec(), spec);
    black_box(NeighSpec::new().dst(std::net::Ipv4Addr::LOCALHOST.into()));
}

fuzz_target!(|input: &[u8]| {
    allow_formats(FORMATS);
    let data = input.get(16..).unwrap_or(&[]);
    let v = match NeighMsg::parse(data) {
        Ok(v) => v,
        Err(e) => {
            assert!(data.len() < NdMsg::LEN, "{e}");
            return;
        }
    };
    check(data, &v);
    // In a larger buffer, after other bytes: the same.
    let mut shifted = vec![0xa5u8; 8];
    shifted.extend_from_slice(data);
    let v2 = NeighMsg::parse(&shifted[8..]).unwrap();
    assert_eq!(v2, v);
    assert_eq!(v2.to_spec(), v.to_spec());
});
