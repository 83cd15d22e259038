//! States and policies as `ip xfrm ... list` prints them.

use super::*;

/// `xfrm_selector_print`: `src P dst P [proto N [ports]] `, a newline.
pub(super) fn selector_text(out: &mut String, s: &SelectorRef<'_>, family: u16) {
    let f = if s.family() == 0 { family } else { s.family() };
    push_prefix(out, "src ", &s.saddr(), s.prefixlen_s(), f);
    push_prefix(out, "dst ", &s.daddr(), s.prefixlen_d(), f);
    if s.proto() != 0 {
        let _ = write!(out, "proto {} ", proto_name(s.proto()));
        let (sw, dw) = if matches!(s.proto(), 1 | 58) {
            ("type ", "code ")
        } else {
            ("sport ", "dport ")
        };
        if s.sport_mask() != 0 {
            out.push_str(sw);
            push_num(out, s.sport().into());
            out.push(' ');
        }
        if s.dport_mask() != 0 {
            out.push_str(dw);
            push_num(out, s.dport().into());
            out.push(' ');
        }
    }
    if s.ifindex() > 0 {
        let _ = write!(out, "dev if{} ", s.ifindex());
    }
    out.push('\n');
}

/// The attributes `ip`'s `xfrm_xfrma_print` shows, in its order.
pub(super) fn xfrma_text<A: Xfrma>(out: &mut String, a: &A, family: u16, keys: bool) {
    if let Some(m) = a.x_mark() {
        let _ = writeln!(out, "\tmark {:#x}/{:#x} ", m.v(), m.m());
    }
    let key = |k: &[u8]| {
        if keys {
            hex(k)
        } else {
            format!("<{} bytes>", k.len())
        }
    };
    if let (Some(x), None) = (a.x_auth(), a.x_auth_trunc()) {
        let _ = writeln!(
            out,
            "\tauth {} {}",
            String::from_utf8_lossy(x.name()),
            key(x.key())
        );
    }
    if let Some(x) = a.x_auth_trunc() {
        let _ = writeln!(
            out,
            "\tauth-trunc {} {} {}",
            String::from_utf8_lossy(x.name()),
            key(x.key()),
            x.trunc_bits()
        );
    }
    if let Some(x) = a.x_aead() {
        let _ = writeln!(
            out,
            "\taead {} {} {}",
            String::from_utf8_lossy(x.name()),
            key(x.key()),
            x.trunc_bits()
        );
    }
    if let Some(x) = a.x_crypt() {
        let _ = writeln!(
            out,
            "\tenc {} {}",
            String::from_utf8_lossy(x.name()),
            key(x.key())
        );
    }
    if let Some(x) = a.x_comp() {
        let _ = writeln!(
            out,
            "\tcomp {} {}",
            String::from_utf8_lossy(x.name()),
            key(x.key())
        );
    }
    if let Some(e) = a.x_encap() {
        let t = match e.encap_type() {
            1 => "espinudp-nonike".to_string(),
            2 => "espinudp".to_string(),
            7 => "espintcp".to_string(),
            n => n.to_string(),
        };
        let _ = writeln!(
            out,
            "\tencap type {t} sport {} dport {} addr {}",
            e.encap_sport(),
            e.encap_dport(),
            e.encap_oa().ip(family)
        );
    }
    if let Some(ts) = a.x_tmpl() {
        for t in ts.iter() {
            out.push_str("\ttmpl src ");
            push_addr(out, &t.saddr(), t.family());
            out.push_str(" dst ");
            push_addr(out, &t.id().daddr(), t.family());
            out.push_str("\n\t\tproto ");
            match t.id().proto() {
                50 => out.push_str("esp"),
                51 => out.push_str("ah"),
                p => out.push_str(&xfrm_proto_name(p)),
            }
            out.push(' ');
            if t.id().spi() != 0 {
                let _ = write!(out, "spi 0x{:08x} ", t.id().spi());
            }
            out.push_str("reqid ");
            push_num(out, t.reqid());
            out.push_str(" mode ");
            match t.mode() {
                0 => out.push_str("transport"),
                1 => out.push_str("tunnel"),
                m => out.push_str(&mode_name(m)),
            }
            out.push('\n');
            if t.optional() != 0 {
                out.push_str("\t\tlevel use \n");
            }
        }
    }
    if let Some(r) = a.x_replay() {
        let _ = writeln!(
            out,
            "\tanti-replay context: seq {:#x}, oseq {:#x}, bitmap 0x{:08x}",
            r.seq(),
            r.oseq(),
            r.bitmap()
        );
    }
    if let Some(r) = a.x_replay_esn() {
        let _ = writeln!(
            out,
            "\tanti-replay esn context:\n\t seq-hi {:#x}, seq {:#x}, oseq-hi {:#x}, oseq {:#x}\n\t replay_window {}, bitmap-length {}",
            r.seq_hi(),
            r.seq(),
            r.oseq_hi(),
            r.oseq(),
            r.replay_window(),
            r.bmp_len()
        );
    }
    if let Some(m) = a.x_set_mark() {
        let _ = write!(out, "\toutput-mark {m:#x}");
        if let Some(mm) = a.x_set_mark_mask() {
            let _ = write!(out, "/{mm:#x}");
        }
        out.push('\n');
    }
    if let Some(id) = a.x_if_id() {
        let _ = writeln!(out, "\tif_id {id:#x}");
    }
    if let Some(p) = a.x_tfcpad() {
        let _ = writeln!(out, "\ttfcpad {p}");
    }
}

/// The attribute getters the printers use, over a state or a policy.
pub(super) trait Xfrma {
    fn x_mark(&self) -> Option<MarkRef<'_>>;
    fn x_auth(&self) -> Option<AlgoRef<'_>>;
    fn x_auth_trunc(&self) -> Option<AlgoRef<'_>>;
    fn x_aead(&self) -> Option<AlgoRef<'_>>;
    fn x_crypt(&self) -> Option<AlgoRef<'_>>;
    fn x_comp(&self) -> Option<AlgoRef<'_>>;
    fn x_encap(&self) -> Option<EncapRef<'_>>;
    fn x_tmpl(&self) -> Option<Tmpls<'_>>;
    fn x_replay(&self) -> Option<ReplayStateRef<'_>>;
    fn x_replay_esn(&self) -> Option<ReplayEsnRef<'_>>;
    fn x_set_mark(&self) -> Option<u32>;
    fn x_set_mark_mask(&self) -> Option<u32>;
    fn x_if_id(&self) -> Option<u32>;
    fn x_tfcpad(&self) -> Option<u32>;
}

macro_rules! xfrma_impl {
    ($($t:ident),*) => {$(
        impl<S: AsRef<[u8]>> Xfrma for $t<S> {
            fn x_mark(&self) -> Option<MarkRef<'_>> { self.as_view().mark() }
            fn x_auth(&self) -> Option<AlgoRef<'_>> { self.as_view().auth() }
            fn x_auth_trunc(&self) -> Option<AlgoRef<'_>> { self.as_view().auth_trunc() }
            fn x_aead(&self) -> Option<AlgoRef<'_>> { self.as_view().aead() }
            fn x_crypt(&self) -> Option<AlgoRef<'_>> { self.as_view().crypt() }
            fn x_comp(&self) -> Option<AlgoRef<'_>> { self.as_view().comp() }
            fn x_encap(&self) -> Option<EncapRef<'_>> { self.as_view().encap() }
            fn x_tmpl(&self) -> Option<Tmpls<'_>> { self.as_view().tmpl() }
            fn x_replay(&self) -> Option<ReplayStateRef<'_>> { self.as_view().replay_val() }
            fn x_replay_esn(&self) -> Option<ReplayEsnRef<'_>> { self.as_view().replay_esn() }
            fn x_set_mark(&self) -> Option<u32> { self.as_view().set_mark() }
            fn x_set_mark_mask(&self) -> Option<u32> { self.as_view().set_mark_mask() }
            fn x_if_id(&self) -> Option<u32> { self.as_view().if_id() }
            fn x_tfcpad(&self) -> Option<u32> { self.as_view().tfcpad() }
        }
    )*};
}
xfrma_impl!(State, Policy, XfrmAttrs);

/// A policy as `ip xfrm policy list` prints it.
pub(super) fn policy_text<S: AsRef<[u8]>>(out: &mut String, p: &Policy<S>) {
    policy_parts_text(out, &p.info(), p.kind(), p);
}

/// A policy's fixed part and attributes as `ip` prints them.
pub(super) fn policy_parts_text<A: Xfrma>(
    out: &mut String,
    i: &PolicyInfoRef<'_>,
    kind: u8,
    p: &A,
) {
    selector_text(out, &i.sel(), i.sel().family());
    out.push_str("\tdir ");
    match i.dir() {
        0 => out.push_str("in"),
        1 => out.push_str("out"),
        2 => out.push_str("fwd"),
        d => push_num(out, d.into()),
    }
    out.push(' ');
    if i.action() != XFRM_POLICY_ALLOW {
        out.push_str("action block ");
    }
    out.push_str("priority ");
    push_num(out, i.priority());
    out.push_str(if kind == 0 {
        " ptype main "
    } else {
        " ptype sub "
    });
    if i.flags() != 0 {
        out.push_str("flag ");
        if i.flags() & XFRM_POLICY_LOCALOK != 0 {
            out.push_str("localok ");
        }
        if i.flags() & XFRM_POLICY_ICMP != 0 {
            out.push_str("icmp ");
        }
    }
    out.push('\n');
    xfrma_text(out, p, i.sel().family(), false);
}

/// A state as `ip xfrm state list` prints it (keys as their length unless
/// `keys`).
pub(super) fn state_text<S: AsRef<[u8]>>(out: &mut String, s: &State<S>, keys: bool) {
    state_parts_text(out, &s.info(), s, keys);
}

/// A state's fixed part and attributes as `ip` prints them.
pub(super) fn state_parts_text<A: Xfrma>(out: &mut String, i: &SaInfoRef<'_>, s: &A, keys: bool) {
    let _ = writeln!(out, "src {} dst {}", i.src(), i.dst());
    let _ = writeln!(
        out,
        "\tproto {} spi 0x{:08x} reqid {} mode {}",
        xfrm_proto_name(i.id().proto()),
        i.id().spi(),
        i.reqid(),
        mode_name(i.mode())
    );
    let _ = write!(out, "\treplay-window {} ", i.replay_window());
    if i.flags() != 0 {
        out.push_str("flag ");
        let names = [
            "noecn",
            "decap-dscp",
            "nopmtudisc",
            "wildrecv",
            "icmp",
            "af-unspec",
            "align4",
            "esn",
        ];
        for (b, n) in names.iter().enumerate() {
            if i.flags() & (1 << b) != 0 {
                let _ = write!(out, "{n} ");
            }
        }
    }
    out.push('\n');
    xfrma_text(out, s, i.family(), keys);
    let sel = i.sel();
    if sel.as_bytes().iter().any(|&b| b != 0) {
        out.push_str("\tsel ");
        selector_text(out, &sel, i.family());
    }
}
