//! States and policies as the fields of their JSON objects.

use super::*;

pub(super) fn selector_fields(s: &SelectorRef<'_>, family: u16) -> Fields {
    let f = if s.family() == 0 { family } else { s.family() };
    let mut v: Fields = vec![
        (
            "src",
            V::S(format!("{}/{}", s.saddr().ip(f), s.prefixlen_s())),
        ),
        (
            "dst",
            V::S(format!("{}/{}", s.daddr().ip(f), s.prefixlen_d())),
        ),
    ];
    if s.proto() != 0 {
        v.push(("proto", V::S(proto_name(s.proto()))));
        let icmp = matches!(s.proto(), 1 | 58);
        if s.sport_mask() != 0 {
            v.push((if icmp { "type" } else { "sport" }, V::N(s.sport().into())));
        }
        if s.dport_mask() != 0 {
            v.push((if icmp { "code" } else { "dport" }, V::N(s.dport().into())));
        }
    }
    if s.ifindex() > 0 {
        v.push(("ifindex", V::N(s.ifindex() as u64)));
    }
    v
}

pub(super) fn attr_fields<A: Xfrma>(v: &mut Fields, a: &A, keys: bool) {
    if let Some(m) = a.x_mark() {
        v.push(("mark", V::S(format!("{:#x}/{:#x}", m.v(), m.m()))));
    }
    let algo = |x: AlgoRef<'_>| {
        let mut f: Fields = vec![
            ("name", V::S(String::from_utf8_lossy(x.name()).into_owned())),
            ("key_bits", V::N(x.key_bits().into())),
        ];
        if x.trunc_bits() != 0 {
            f.push(("trunc_bits", V::N(x.trunc_bits().into())));
        }
        if keys {
            f.push(("key", V::S(hex(x.key()))));
        }
        V::O(vec![f])
    };
    for (k, x) in [
        ("auth", a.x_auth()),
        ("auth_trunc", a.x_auth_trunc()),
        ("aead", a.x_aead()),
        ("enc", a.x_crypt()),
        ("comp", a.x_comp()),
    ] {
        if let Some(x) = x {
            v.push((k, algo(x)));
        }
    }
    if let Some(e) = a.x_encap() {
        v.push((
            "encap",
            V::O(vec![vec![
                ("type", V::N(e.encap_type().into())),
                ("sport", V::N(e.encap_sport().into())),
                ("dport", V::N(e.encap_dport().into())),
            ]]),
        ));
    }
    if let Some(ts) = a.x_tmpl() {
        let l = ts
            .iter()
            .map(|t| {
                let f: Fields = vec![
                    ("src", V::S(t.src().to_string())),
                    ("dst", V::S(t.dst().to_string())),
                    ("proto", V::S(xfrm_proto_name(t.id().proto()))),
                    ("spi", V::N(t.id().spi().into())),
                    ("reqid", V::N(t.reqid().into())),
                    ("mode", V::S(mode_name(t.mode()))),
                    (
                        "level",
                        V::S(if t.optional() != 0 { "use" } else { "required" }.into()),
                    ),
                ];
                f
            })
            .collect();
        v.push(("tmpl", V::O(l)));
    }
    if let Some(id) = a.x_if_id() {
        v.push(("if_id", V::N(id.into())));
    }
}

pub(super) fn policy_fields<S: AsRef<[u8]>>(p: &Policy<S>) -> Fields {
    let i = p.info();
    let mut v = selector_fields(&i.sel(), i.sel().family());
    v.push(("dir", V::S(dir_name(i.dir()))));
    v.push((
        "action",
        V::S(
            if i.action() == XFRM_POLICY_BLOCK {
                "block"
            } else {
                "allow"
            }
            .into(),
        ),
    ));
    v.push(("index", V::N(i.index().into())));
    v.push(("priority", V::N(i.priority().into())));
    v.push((
        "ptype",
        V::S(if p.kind() == 0 { "main" } else { "sub" }.into()),
    ));
    attr_fields(&mut v, p, false);
    v
}

pub(super) fn state_fields<S: AsRef<[u8]>>(s: &State<S>, keys: bool) -> Fields {
    let i = s.info();
    let mut v: Fields = vec![
        ("src", V::S(s.src().to_string())),
        ("dst", V::S(s.dst().to_string())),
        ("proto", V::S(xfrm_proto_name(i.id().proto()))),
        ("spi", V::N(i.id().spi().into())),
        ("reqid", V::N(i.reqid().into())),
        ("mode", V::S(mode_name(i.mode()))),
        ("replay_window", V::N(i.replay_window().into())),
        ("flags", V::N(i.flags().into())),
        ("sel", V::O(vec![selector_fields(&i.sel(), i.family())])),
    ];
    attr_fields(&mut v, s, keys);
    v
}
