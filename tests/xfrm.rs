//! XFRM against the real kernel, each test in a namespace of its own,
//! with `ip xfrm` as the oracle: policies (every operation, v4 and v6
//! selectors, templates, marks, priorities, directions), the states this
//! kernel can hold (`ALLOCSPI` larval states: get, list, filters, delete,
//! flush, SAD info), events on the XFRM groups, and extended-ack offsets
//! resolved inside xfrm requests.

#[macro_use]
mod common;

use std::collections::HashMap;
use std::net::IpAddr;
use std::time::Duration;

use common::{ip, ip_output};
use nlstack::conn::{Config, Conn, Xfrm};
use nlstack::netns::NetNs;
use nlstack::wire::Flags;
use nlstack::xfrm::*;

const ESP: u8 = 50;
const AH: u8 = 51;

fn dial(ns: &NetNs) -> Conn<Xfrm> {
    Conn::<Xfrm>::dial(
        Config::default()
            .netns(ns)
            .read_timeout(Duration::from_secs(10)),
    )
    .expect("dial")
}

fn addr(s: &str) -> IpAddr {
    s.parse().unwrap()
}

/// `ip -s xfrm policy list` (or `state list`) as blocks of `key -> value`,
/// one per object: the words that `ip` prints before a value, the template
/// ones prefixed `tmpl.`; values as printed, without `ip -s`'s
/// parenthesised repeats (`3(0x00000003)` is `3`).
fn ip_blocks(text: &str) -> Vec<HashMap<String, String>> {
    const KEYS: &[&str] = &[
        "src",
        "dst",
        "proto",
        "sport",
        "dport",
        "type",
        "code",
        "dir",
        "action",
        "index",
        "priority",
        "ptype",
        "share",
        "mark",
        "spi",
        "reqid",
        "mode",
        "level",
        "if_id",
        "replay-window",
        "dev",
        "uid",
    ];
    let mut blocks: Vec<HashMap<String, String>> = Vec::new();
    let mut tmpls = 0;
    for line in text.lines() {
        if !line.starts_with('\t') && !line.trim().is_empty() {
            blocks.push(HashMap::new());
            tmpls = 0;
        }
        let Some(b) = blocks.last_mut() else { continue };
        let words: Vec<&str> = line.split_whitespace().collect();
        if line.starts_with("\ttmpl") {
            tmpls += 1;
        }
        let prefix = if line.starts_with("\ttmpl") || line.starts_with("\t\t") {
            format!("tmpl{}.", tmpls - 1)
        } else if line.starts_with("\tsel") {
            "sel.".to_string()
        } else {
            String::new()
        };
        let mut i = 0;
        while i < words.len() {
            if KEYS.contains(&words[i]) && i + 1 < words.len() {
                let v = words[i + 1].split('(').next().unwrap_or("").to_string();
                b.insert(format!("{prefix}{}", words[i]), v);
                i += 2;
            } else {
                i += 1;
            }
        }
    }
    blocks
}

fn proto_name(p: u8) -> String {
    match p {
        1 => "icmp".into(),
        6 => "tcp".into(),
        17 => "udp".into(),
        50 => "esp".into(),
        51 => "ah".into(),
        58 => "ipv6-icmp".into(),
        108 => "comp".into(),
        n => n.to_string(),
    }
}

fn dir_name(d: u8) -> &'static str {
    ["in", "out", "fwd"].get(d as usize).copied().unwrap_or("?")
}

fn mode_name(m: u8) -> &'static str {
    ["transport", "tunnel", "ro", "in_trigger", "beet"]
        .get(m as usize)
        .copied()
        .unwrap_or("?")
}

/// What `ip -s xfrm policy list` should print for `p`, as the same keys.
fn expected_policy(p: &Policy<&[u8]>) -> HashMap<String, String> {
    let mut m = HashMap::new();
    let s = p.sel();
    let mut put = |k: &str, v: String| {
        m.insert(k.to_string(), v);
    };
    put("src", format!("{}/{}", s.src(), s.prefixlen_s()));
    put("dst", format!("{}/{}", s.dst(), s.prefixlen_d()));
    if s.proto() != 0 {
        put("proto", proto_name(s.proto()));
        if s.sport_mask() != 0 {
            put("sport", s.sport().to_string());
        }
        if s.dport_mask() != 0 {
            put("dport", s.dport().to_string());
        }
    }
    put("uid", s.user().to_string());
    put("dir", dir_name(p.dir()).into());
    put(
        "action",
        if p.info().action() == XFRM_POLICY_BLOCK {
            "block".into()
        } else {
            "allow".into()
        },
    );
    put("index", p.index().to_string());
    put("priority", p.priority().to_string());
    put("ptype", if p.kind() == 0 { "main" } else { "sub" }.into());
    put("share", "any".into());
    if let Some(mk) = p.mark() {
        put("mark", format!("{:#x}/{:#x}", mk.v(), mk.m()));
    }
    if let Some(id) = p.if_id() {
        put("if_id", format!("{id:#x}"));
    }
    for (i, t) in p.tmpl().iter().flat_map(|t| t.iter()).enumerate() {
        put(&format!("tmpl{i}.src"), t.src().to_string());
        put(&format!("tmpl{i}.dst"), t.dst().to_string());
        put(&format!("tmpl{i}.proto"), proto_name(t.id().proto()));
        put(&format!("tmpl{i}.spi"), format!("0x{:08x}", t.id().spi()));
        put(&format!("tmpl{i}.reqid"), t.reqid().to_string());
        put(&format!("tmpl{i}.mode"), mode_name(t.mode()).into());
        put(
            &format!("tmpl{i}.level"),
            if t.optional() != 0 { "use" } else { "required" }.into(),
        );
        put(&format!("tmpl{i}.share"), "any".into());
    }
    m
}

fn sel(src: &str, sl: u8, dst: &str, dl: u8) -> Selector {
    Selector::between(addr(src), sl, addr(dst), dl)
}

/// The policies nlstack lists and the ones `ip -s xfrm policy list`
/// prints, matched by index, field by field; the count too.
fn same_policies_as_ip(ns: &NetNs, c: &mut Conn<Xfrm>) -> usize {
    let mine = c.policies().unwrap();
    let theirs = ip_blocks(&ip(ns, &["-s", "xfrm", "policy", "list"]));
    assert_eq!(mine.len(), theirs.len(), "policy count");
    for p in &mine {
        let want = expected_policy(&p.as_view());
        let got = theirs
            .iter()
            .find(|b| b.get("index") == Some(&p.index().to_string()))
            .unwrap_or_else(|| panic!("ip lacks policy {}", p.index()));
        for (k, v) in &want {
            assert_eq!(
                got.get(k),
                Some(v),
                "policy {} field {k}: {got:?}",
                p.index()
            );
        }
        assert_eq!(p.malformed(), 0);
    }
    mine.len()
}

#[test]
fn policies_every_operation_against_ip() {
    need_root!();
    let ns = NetNs::new_anonymous().unwrap();
    let mut c = dial(&ns);

    // v4, protocol and ports, priority, mark, interface id, a tunnel
    // template.
    let mut s4 = sel("10.0.0.0", 24, "10.0.1.0", 24);
    s4.proto = 6;
    s4.sport = 80;
    s4.sport_mask = 0xffff;
    s4.dport = 443;
    s4.dport_mask = 0xffff;
    let out = PolicyRequest::new(s4, XFRM_POLICY_OUT)
        .priority(100)
        .mark(5, 0xff)
        .if_id(7)
        .tmpl(Tmpl {
            reqid: 3,
            ..Tmpl::new(addr("192.0.2.1"), addr("192.0.2.2"), ESP, XFRM_MODE_TUNNEL)
        });
    c.policy_add(&out).unwrap();
    // v6, blocking, inbound.
    let s6 = sel("fd00::", 64, "fd01::1", 128);
    c.policy_add(
        &PolicyRequest::new(s6, XFRM_POLICY_IN)
            .action(XFRM_POLICY_BLOCK)
            .priority(7),
    )
    .unwrap();
    // Forward, an optional transport template with wildcard addresses.
    let sf = sel("10.1.0.0", 16, "0.0.0.0", 0);
    let optional = Tmpl {
        optional: 1,
        ..Tmpl::new(addr("0.0.0.0"), addr("0.0.0.0"), AH, XFRM_MODE_TRANSPORT)
    };
    c.policy_add(&PolicyRequest::new(sf, XFRM_POLICY_FWD).tmpl(optional))
        .unwrap();
    // One that ip adds, which nlstack reads.
    ip(
        &ns,
        &[
            "xfrm",
            "policy",
            "add",
            "src",
            "fd02::/48",
            "dst",
            "fd03::/48",
            "proto",
            "udp",
            "dport",
            "4500",
            "dir",
            "out",
            "priority",
            "9",
            "tmpl",
            "src",
            "fd02::1",
            "dst",
            "fd03::1",
            "proto",
            "esp",
            "reqid",
            "12",
            "mode",
            "tunnel",
        ],
    );
    assert_eq!(same_policies_as_ip(&ns, &mut c), 4);

    // Adding the same again is EEXIST.
    let e = c.policy_add(&out).unwrap_err();
    assert!(e.is_exists(), "{e}");

    // Get by selector and direction, and by index.
    let id = PolicyId {
        sel: s4,
        index: 0,
        dir: XFRM_POLICY_OUT,
    };
    let extra = XfrmAttrsSpec::new().mark(Mark::new(5, 0xff)).if_id(7);
    let got = c.policy_get_with(&id, &extra).unwrap();
    assert_eq!(got.priority(), 100);
    assert_eq!(got.tmpl().unwrap().get(0).unwrap().reqid(), 3);
    // By index the mark and interface id must match too.
    let by_index = c
        .policy_get_with(
            &PolicyId {
                index: got.index(),
                dir: XFRM_POLICY_OUT,
                ..PolicyId::default()
            },
            &extra,
        )
        .unwrap();
    assert_eq!(by_index.as_bytes(), got.as_bytes());

    // Update: a new priority and a second template, as ip sees it.
    c.policy_update(&out.clone().priority(50).tmpl(Tmpl::new(
        addr("192.0.2.1"),
        addr("192.0.2.2"),
        AH,
        XFRM_MODE_TUNNEL,
    )))
    .unwrap();
    let after = c.policy_get_with(&id, &extra).unwrap();
    assert_eq!(after.priority(), 50);
    assert_eq!(after.tmpl().unwrap().len(), 2);
    same_policies_as_ip(&ns, &mut c);
    let shown = ip(&ns, &["xfrm", "policy", "list"]);
    assert!(shown.contains("priority 50 "), "{shown}");
    assert_eq!(shown.matches("\ttmpl ").count(), 4, "{shown}");

    // The streaming list sees the same as the collecting one.
    let mut seen = Vec::new();
    c.policies_each(|p| {
        seen.push(p.index());
        Ok(())
    })
    .unwrap();
    let mut all: Vec<u32> = c.policies().unwrap().iter().map(|p| p.index()).collect();
    seen.sort();
    all.sort();
    assert_eq!(seen, all);

    // SPD info against `ip xfrm policy count`.
    let spd = c.spd_info().unwrap();
    let n = spd.counts().unwrap();
    let count = ip(&ns, &["xfrm", "policy", "count"]);
    let want = format!(
        "SPD IN  {} OUT {} FWD {}",
        n.incnt(),
        n.outcnt(),
        n.fwdcnt()
    );
    assert!(count.contains(&want), "{count} vs {want}");
    assert_eq!((n.incnt(), n.outcnt(), n.fwdcnt()), (1, 2, 1));

    // Delete by selector, by index; ip sees them go.
    c.policy_delete_with(&id, &extra).unwrap();
    let e = c.policy_delete_with(&id, &extra).unwrap_err();
    assert!(e.is_not_found(), "{e}");
    let v6 = c
        .policies()
        .unwrap()
        .into_iter()
        .find(|p| p.dir() == XFRM_POLICY_IN)
        .unwrap();
    c.policy_delete(&PolicyId {
        index: v6.index(),
        dir: XFRM_POLICY_IN,
        ..PolicyId::default()
    })
    .unwrap();
    assert_eq!(same_policies_as_ip(&ns, &mut c), 2);

    // Flush: none left, for ip too.
    c.policy_flush().unwrap();
    assert_eq!(same_policies_as_ip(&ns, &mut c), 0);
    assert_eq!(ip(&ns, &["xfrm", "policy", "list"]).trim(), "");
}

fn spi_info(src: &str, dst: &str, proto: u8, reqid: u32, min: u32, max: u32) -> SpiInfo {
    let mut info = SaInfo::new(addr(src), addr(dst), proto, 0);
    info.mode = XFRM_MODE_TUNNEL;
    info.reqid = reqid;
    SpiInfo { info, min, max }
}

fn sad_count(ns: &NetNs) -> u32 {
    let out = ip(ns, &["xfrm", "state", "count"]);
    out.split_whitespace()
        .last()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{out}"))
}

#[test]
fn states_allocspi_get_list_delete_flush_against_ip() {
    need_root!();
    let ns = NetNs::new_anonymous().unwrap();
    let mut c = dial(&ns);

    let a = c
        .state_alloc_spi(
            &spi_info("192.0.2.1", "192.0.2.2", ESP, 5, 0x100, 0x200),
            &StateAttrs::new(),
        )
        .unwrap();
    assert!((0x100..=0x200).contains(&a.spi()), "{:#x}", a.spi());
    assert_eq!(
        (a.src(), a.dst(), a.proto()),
        (addr("192.0.2.1"), addr("192.0.2.2"), ESP)
    );
    let b = c
        .state_alloc_spi(
            &spi_info("fd00::1", "fd00::2", AH, 6, 0x300, 0x300),
            &StateAttrs::new(),
        )
        .unwrap();
    assert_eq!(b.spi(), 0x300);
    // One that ip makes.
    ip(
        &ns,
        &[
            "xfrm",
            "state",
            "allocspi",
            "src",
            "198.51.100.1",
            "dst",
            "198.51.100.2",
            "proto",
            "esp",
            "mode",
            "transport",
            "reqid",
            "9",
            "min",
            "0x500",
            "max",
            "0x500",
        ],
    );

    // Every state, against `ip -s xfrm state list`, field by field.
    let mine = c.states().unwrap();
    let theirs = ip_blocks(&ip(&ns, &["-s", "xfrm", "state", "list"]));
    assert_eq!(mine.len(), 3);
    assert_eq!(theirs.len(), 3);
    for s in &mine {
        let i = s.info();
        // A selector without a family (ip's allocspi leaves it 0) is shown
        // in the state's.
        let fam = if i.sel().family() == 0 {
            i.family()
        } else {
            i.sel().family()
        };
        let got = theirs
            .iter()
            .find(|b| b.get("spi") == Some(&format!("0x{:08x}", s.spi())))
            .unwrap_or_else(|| panic!("ip lacks spi {:#x}", s.spi()));
        let want = [
            ("src", s.src().to_string()),
            ("dst", s.dst().to_string()),
            ("proto", proto_name(s.proto())),
            ("reqid", i.reqid().to_string()),
            ("mode", mode_name(i.mode()).to_string()),
            ("replay-window", i.replay_window().to_string()),
            (
                "sel.src",
                format!("{}/{}", i.sel().saddr().ip(fam), i.sel().prefixlen_s()),
            ),
            (
                "sel.dst",
                format!("{}/{}", i.sel().daddr().ip(fam), i.sel().prefixlen_d()),
            ),
        ];
        for (k, v) in want {
            assert_eq!(
                got.get(k),
                Some(&v),
                "state {:#x} field {k}: {got:?}",
                s.spi()
            );
        }
        assert_eq!(s.malformed(), 0);
    }

    // Get one by id; a missing one is ESRCH.
    let id = sa_id_of(&a);
    let got = c.state_get(&id).unwrap();
    assert_eq!(got.as_bytes(), a.as_bytes());
    let e = c.state_get(&SaId { spi: 0x99, ..id }).unwrap_err();
    assert!(e.is_not_found(), "{e}");

    // Filters the kernel applies: by protocol, by address.
    let esp = c.states_with(&StateFilter::all().proto(ESP)).unwrap();
    assert_eq!(esp.len(), 2);
    assert!(esp.iter().all(|s| s.proto() == ESP));
    let v6 = c
        .states_with(&StateFilter::all().address(AddressFilter::new(
            addr("fd00::"),
            64,
            addr("fd00::"),
            64,
        )))
        .unwrap();
    assert_eq!(v6.iter().map(|s| s.spi()).collect::<Vec<_>>(), [0x300]);
    let mut streamed = 0;
    c.states_each(&StateFilter::all(), |s| {
        assert!(s.spi() != 0);
        streamed += 1;
        Ok(())
    })
    .unwrap();
    assert_eq!(streamed, 3);

    // SAD info against `ip xfrm state count`.
    let sad = c.sad_info().unwrap();
    assert_eq!(sad.count(), Some(3));
    assert_eq!(sad_count(&ns), 3);
    assert!(sad.hinfo().is_some_and(|h| h.sadhmcnt() >= h.sadhcnt()));

    // Replay and lifetime values of a larval state.
    match c.state_ae(
        &AeventId {
            sa_id: id,
            saddr: a.info().saddr(),
            flags: XFRM_AE_RVAL | XFRM_AE_LVAL,
            reqid: 5,
        },
        None,
    ) {
        Ok(ae) => {
            assert_eq!(ae.id.sa_id.spi, a.spi());
            assert!(ae.attrs.ltime_val().is_some() || ae.attrs.replay_val().is_some());
        }
        Err(e) => eprintln!("GETAE on a larval state: {e}"),
    }

    // Setting replay values reaches the state: the kernel finds it (a
    // wrong SPI is ESRCH) and refuses it only because it is larval.
    let ae = |spi| AeventId {
        sa_id: SaId { spi, ..id },
        saddr: a.info().saddr(),
        flags: XFRM_AE_RVAL,
        reqid: 5,
    };
    let vals = XfrmAttrsSpec::new().replay_val(ReplayState {
        oseq: 1,
        seq: 2,
        bitmap: 0,
    });
    let e = c.state_set_ae(&ae(0x99), &vals).unwrap_err();
    assert!(e.is_not_found(), "{e}");
    let e = c.state_set_ae(&ae(a.spi()), &vals).unwrap_err();
    assert_eq!(e.errno(), Some(libc::EINVAL), "{e}");

    // Delete one; ip sees it go.
    c.state_delete(&id).unwrap();
    assert_eq!(sad_count(&ns), 2);
    let e = c.state_delete(&id).unwrap_err();
    assert!(e.is_not_found(), "{e}");

    // Flush ESP: the AH state stays; flush all: none.
    c.state_flush(ESP).unwrap();
    let left = c.states().unwrap();
    assert_eq!(left.iter().map(|s| s.proto()).collect::<Vec<_>>(), [AH]);
    let shown = ip(&ns, &["xfrm", "state", "list"]);
    assert!(
        shown.contains("proto ah") && !shown.contains("proto esp"),
        "{shown}"
    );
    c.state_flush(IPSEC_PROTO_ANY).unwrap();
    assert_eq!(sad_count(&ns), 0);
    assert!(c.states().unwrap().is_empty());
}

/// This kernel has no ESP: a full state is refused with the kernel's
/// reason, as `ip` shows it.
#[test]
fn full_states_refused_like_ip() {
    need_root!();
    let ns = NetNs::new_anonymous().unwrap();
    let mut c = dial(&ns);
    let req = StateRequest::new(addr("192.0.2.1"), addr("192.0.2.2"), ESP, 0x10)
        .crypt(Algo::new("cbc(aes)", &[7; 16]))
        .auth_trunc(Algo::new("hmac(sha256)", &[9; 32]).trunc(128));
    let mine = c.state_add(&req);
    let theirs = ip_output(
        &ns,
        &[
            "xfrm",
            "state",
            "add",
            "src",
            "192.0.2.1",
            "dst",
            "192.0.2.2",
            "proto",
            "esp",
            "spi",
            "0x10",
            "enc",
            "cbc(aes)",
            "0x07070707070707070707070707070707",
            "auth-trunc",
            "hmac(sha256)",
            "0x0909090909090909090909090909090909090909090909090909090909090909",
            "128",
        ],
    );
    match mine {
        Ok(()) => {
            // A kernel with ESP: both work, and nlstack reads the state back.
            assert!(theirs.status.success() || !theirs.stderr.is_empty());
            let s = c
                .state_get(&SaId::new(addr("192.0.2.2"), ESP, 0x10))
                .unwrap();
            assert_eq!(s.crypt().unwrap().key(), [7; 16]);
        }
        Err(e) => {
            let k = e.as_kernel().expect("a kernel error");
            let said = String::from_utf8_lossy(&theirs.stderr);
            assert!(!theirs.status.success());
            if let Some(m) = &k.message {
                assert!(said.contains(m.as_str()), "{said} vs {m}");
            }
        }
    }
}

/// An ext-ack offset in an xfrm request resolves to the attribute it
/// points at: the header length of `XFRM_MSG_NEWPOLICY` is
/// `xfrm_userpolicy_info`'s.
#[test]
fn ext_ack_points_inside_xfrm_requests() {
    need_root!();
    let ns = NetNs::new_anonymous().unwrap();
    let mut c = dial(&ns);
    let req = PolicyRequest::new(sel("10.0.0.0", 8, "10.1.0.0", 16), XFRM_POLICY_OUT);
    // A mark of 4 bytes: the kernel's policy wants 8.
    let e = c
        .ack(XFRM_MSG_NEWPOLICY, Flags::empty(), |e| {
            req.encode(e);
            e.put_u32(XFRMA_IF_ID, 1);
            e.put_u32(XFRMA_MARK, 1);
        })
        .unwrap_err();
    let k = e.as_kernel().expect("a kernel error");
    assert!([libc::EINVAL, libc::ERANGE].contains(&k.errno), "{k:?}");
    let Some(off) = k.offset else {
        eprintln!("no ext-ack offset from this kernel: {k:?}");
        return;
    };
    assert_eq!(off as usize, 16 + 168 + 8, "the mark follows the if_id");
    let path = k.attr_path.expect("the offset resolves");
    assert_eq!(path.kinds(), [XFRMA_MARK]);
}

/// Events on the SA and policy groups, decoded.
#[test]
fn events_on_policy_and_state_changes() {
    need_root!();
    let ns = NetNs::new_anonymous().unwrap();
    let mut ev = Conn::<Xfrm>::dial(
        Config::default()
            .netns(&ns)
            .join(&[XFRMNLGRP_POLICY, XFRMNLGRP_SA])
            .read_timeout(Duration::from_secs(5)),
    )
    .unwrap();
    let mut c = dial(&ns);
    let s4 = sel("10.0.0.0", 24, "10.0.1.0", 24);
    c.policy_add(
        &PolicyRequest::new(s4, XFRM_POLICY_OUT)
            .priority(3)
            .tmpl(Tmpl::new(
                addr("192.0.2.1"),
                addr("192.0.2.2"),
                ESP,
                XFRM_MODE_TUNNEL,
            )),
    )
    .unwrap();
    ip(
        &ns,
        &[
            "xfrm",
            "policy",
            "delete",
            "src",
            "10.0.0.0/24",
            "dst",
            "10.0.1.0/24",
            "dir",
            "out",
        ],
    );
    c.policy_add(&PolicyRequest::new(s4, XFRM_POLICY_IN))
        .unwrap();
    c.policy_flush().unwrap();
    // A flush of nothing sends no event: make a (larval) state first.
    let mut info = SaInfo::new(addr("192.0.2.1"), addr("192.0.2.2"), ESP, 0);
    info.mode = XFRM_MODE_TUNNEL;
    c.state_alloc_spi(
        &SpiInfo {
            info,
            min: 0x100,
            max: 0x100,
        },
        &StateAttrs::new(),
    )
    .unwrap();
    c.state_flush(IPSEC_PROTO_ANY).unwrap();

    let mut kinds = Vec::new();
    while kinds.len() < 5 {
        let (_, m) = ev
            .recv_message()
            .unwrap_or_else(|e| panic!("an event after {kinds:?}: {e}"));
        match Event::parse(&m).unwrap() {
            Event::NewPolicy(p) => {
                assert_eq!(p.sel().dst(), addr("10.0.1.0"));
                assert_eq!(p.sel().prefixlen_d(), 24);
                if p.dir() == XFRM_POLICY_OUT {
                    assert_eq!(p.priority(), 3);
                    assert_eq!(p.tmpl().unwrap().get(0).unwrap().dst(), addr("192.0.2.2"));
                }
                kinds.push("new");
            }
            Event::DelPolicy { id, attrs } => {
                assert_eq!(id.dir(), XFRM_POLICY_OUT);
                assert_eq!(id.sel().src(), addr("10.0.0.0"));
                let p = attrs.policy().expect("XFRMA_POLICY");
                assert_eq!(p.priority(), 3);
                kinds.push("del");
            }
            Event::FlushPolicy { .. } => kinds.push("flushpolicy"),
            Event::FlushSa { proto } => {
                assert_eq!(proto, IPSEC_PROTO_ANY);
                kinds.push("flushsa");
            }
            other => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!(kinds, ["new", "del", "new", "flushpolicy", "flushsa"]);
}

#[test]
fn the_monitor_hands_out_xfrm_events_and_turns_loss_into_a_resync() {
    use nlstack::monitor::{Monitor, MonitorConfig, Received};
    use nlstack::sys::Socket;
    need_root!();
    let ns = NetNs::new_anonymous().unwrap();
    let cfg = MonitorConfig::default()
        .netns(&ns)
        .groups(&[XFRMNLGRP_POLICY])
        .read_timeout(Duration::from_secs(5));
    let mut mon = Monitor::<Socket, Xfrm>::open(cfg).unwrap();
    let mut c = dial(&ns);
    let s4 = sel("10.9.0.0", 24, "10.9.1.0", 24);
    c.policy_add(&PolicyRequest::new(s4, XFRM_POLICY_OUT).priority(7))
        .unwrap();
    match mon.next().unwrap() {
        Received::Event {
            event: Event::NewPolicy(p),
            group,
            ..
        } => {
            assert_eq!(group, XFRMNLGRP_POLICY);
            assert_eq!(p.priority(), 7);
        }
        other => panic!("{other:?}"),
    }

    // A small buffer and many policies: events are lost, and the monitor
    // says to list again; the list has them all.
    let cfg = MonitorConfig::default()
        .netns(&ns)
        .groups(&[XFRMNLGRP_POLICY])
        .recv_buffer(4096)
        .nonblocking(true);
    let mut small = Monitor::<Socket, Xfrm>::open(cfg).unwrap();
    for i in 0..200u8 {
        let s = sel(&format!("10.10.{i}.0"), 24, "10.9.1.0", 24);
        c.policy_add(&PolicyRequest::new(s, XFRM_POLICY_IN))
            .unwrap();
    }
    let mut resync = false;
    loop {
        match small.next() {
            Ok(Received::ResyncNeeded) => resync = true,
            Ok(_) => {}
            Err(e) if e.is_would_block() => break,
            Err(e) => panic!("{e}"),
        }
    }
    assert!(resync, "a 4 KiB buffer cannot hold 200 policy events");
    assert_eq!(c.policies().unwrap().len(), 201);
}
