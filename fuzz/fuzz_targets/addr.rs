//! Parses the input as an address message's payload (`ifaddrmsg` and
//! `IFA_*` attributes) and reads everything: every getter against the
//! model of the table's index (`nlstack_fuzz::table`: a malformed
//! attribute spoils only itself, a malformed duplicate keeps the earlier
//! good value), `malformed()` and `check()`, the header and the helpers
//! (`flags()`: `IFA_FLAGS` over the header's 8 bits; `addr()`: local, else
//! address), the owned copy, a list holding it, `without`, and `Debug`.
//! The same bytes at another offset in a larger buffer give the same view.
#![no_main]

use std::hint::black_box;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use libfuzzer_sys::fuzz_target;
use nlstack::route::addr::*;
use nlstack::wire::{FamilyHeader, IfAddrMsg, List};
use nlstack_fuzz::table::verify;
use nlstack_fuzz::{allow_formats, debug};

fn ip(b: Option<&[u8]>) -> Option<IpAddr> {
    let b = b?;
    Some(match b.len() {
        4 => Ipv4Addr::from(<[u8; 4]>::try_from(b).unwrap()).into(),
        _ => Ipv6Addr::from(<[u8; 16]>::try_from(b).unwrap()).into(),
    })
}

fn u32_of(b: Option<&[u8]>) -> Option<u32> {
    Some(u32::from_ne_bytes(b?.try_into().unwrap()))
}

fn check(a: &AddrMsg<&[u8]>, data: &[u8]) {
    let m = verify(a);
    let raw = |k: u16| m.vals.get(k as usize).copied().flatten();

    assert_eq!(a.header(), IfAddrMsg::parse(data).unwrap());
    let h = a.header();
    assert_eq!(
        (a.family(), a.prefixlen(), a.scope(), a.index()),
        (h.family, h.prefixlen, h.scope, h.index)
    );
    assert_eq!(a.address(), ip(raw(IFA_ADDRESS)));
    assert_eq!(a.local(), ip(raw(IFA_LOCAL)));
    assert_eq!(a.anycast(), ip(raw(IFA_ANYCAST)));
    assert_eq!(a.multicast(), ip(raw(IFA_MULTICAST)));
    assert_eq!(
        a.broadcast().map(|b| b.octets().to_vec()),
        raw(IFA_BROADCAST).map(<[u8]>::to_vec)
    );
    let label = raw(IFA_LABEL).map(|l| &l[..l.iter().position(|&c| c == 0).unwrap_or(l.len())]);
    assert_eq!(a.label(), label);
    assert_eq!(a.rt_priority(), u32_of(raw(IFA_RT_PRIORITY)));
    assert_eq!(
        a.target_netnsid().map(|n| n as u32),
        u32_of(raw(IFA_TARGET_NETNSID))
    );
    assert_eq!(a.protocol(), raw(IFA_PROTO).map(|p| p[0]));
    let ci = a.cache_info();
    assert_eq!(ci.is_some(), raw(IFA_CACHEINFO).is_some());
    if let (Some(ci), Some(b)) = (ci, raw(IFA_CACHEINFO)) {
        assert_eq!(ci.preferred, u32_of(Some(&b[..4])).unwrap());
        assert_eq!(ci.updated, u32_of(Some(&b[12..])).unwrap());
    }
    let flags = u32_of(raw(IFA_FLAGS)).unwrap_or(h.flags as u32);
    assert_eq!(a.flags().bits(), flags);
    assert_eq!(a.flags32(), u32_of(raw(IFA_FLAGS)));
    assert_eq!(a.addr(), a.local().or(a.address()));
    black_box(a.to_spec());
}

fuzz_target!(|data: &[u8]| {
    allow_formats(4);
    let a = match AddrMsg::parse(data) {
        Ok(a) => a,
        Err(e) => {
            assert!(data.len() < IfAddrMsg::LEN, "{e}");
            return;
        }
    };
    check(&a, data);
    debug(&a);

    // The owned copy, and a list holding it, read the same.
    let owned = a.owned();
    assert_eq!(owned.as_view(), a);
    assert_eq!(owned.to_spec(), a.to_spec());
    debug(&owned);
    let mut list = List::<AddrMsg>::new();
    list.push(&a);
    list.push(&a);
    assert_eq!(list.len(), 2);
    assert_eq!(list.get(1), Some(a));
    // Without the volatile attributes: the rest as before.
    let w = a.without(&[IFA_CACHEINFO]);
    let wv = w.as_view();
    check(&wv, data);
    assert_eq!(wv.cache_info(), None);
    assert_eq!(
        (wv.local(), wv.label(), wv.flags()),
        (a.local(), a.label(), a.flags())
    );
    // A malformed IFA_CACHEINFO goes too; nothing else does.
    assert!(wv.malformed() <= a.malformed());
    assert_eq!(
        (
            wv.address(),
            wv.broadcast(),
            wv.rt_priority(),
            wv.protocol()
        ),
        (a.address(), a.broadcast(), a.rt_priority(), a.protocol())
    );

    // In a larger buffer, after other bytes: the same.
    let mut shifted = vec![0xa5u8; 8];
    shifted.extend_from_slice(data);
    let b = AddrMsg::parse(&shifted[8..]).unwrap();
    assert_eq!(b, a);
    let err = |x: &AddrMsg<&[u8]>| x.check().err().and_then(|e| e.as_decode().copied());
    assert_eq!(err(&b), err(&a));
});
