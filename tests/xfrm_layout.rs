//! The fixed XFRM structs as the kernel lays them out: every size and
//! field offset nlstack declares, checked against gcc's `sizeof` and
//! `offsetof` on `<linux/xfrm.h>` (`tests/fixtures/xfrm/layout.c`), and
//! the x86_64 sizes stated.

use std::collections::HashMap;
use std::process::Command;

use nlstack::xfrm::*;

/// Each struct nlstack declares: its C name, size, fields and offsets.
type Decl = (&'static str, usize, &'static [(&'static str, usize)]);

fn declared() -> Vec<Decl> {
    macro_rules! d {
        ($($t:ty),*) => { vec![$( (<$t>::C_NAME, <$t>::LEN, <$t>::FIELDS) ),*] };
    }
    d!(
        Selector,
        Id,
        LifetimeCfg,
        LifetimeCur,
        Stats,
        SaInfo,
        SaId,
        SpiInfo,
        AeventId,
        SaFlush,
        PolicyInfo,
        PolicyId,
        Tmpl,
        Expire,
        PolExpire,
        Acquire,
        Mapping,
        Report,
        Encap,
        Mark,
        ReplayState,
        Offload,
        PolicyType,
        AddressFilter,
        SadHinfo,
        SpdCounts,
        SpdHinfo,
        SpdHthresh
    )
}

/// The sizes on x86_64, as stated in `docs/xfrm.md` (computed from the
/// header: `u64` members align to 8, which pads `xfrm_usersa_info` to 224
/// and `xfrm_userpolicy_info` to 168, where i386 has 220 and 164).
#[test]
fn sizes_stated() {
    let want = [
        ("xfrm_selector", 56),
        ("xfrm_id", 24),
        ("xfrm_lifetime_cfg", 64),
        ("xfrm_lifetime_cur", 32),
        ("xfrm_usersa_info", 224),
        ("xfrm_usersa_id", 24),
        ("xfrm_userspi_info", 232),
        ("xfrm_aevent_id", 48),
        ("xfrm_userpolicy_info", 168),
        ("xfrm_userpolicy_id", 64),
        ("xfrm_user_tmpl", 64),
        ("xfrm_user_expire", 232),
        ("xfrm_user_polexpire", 176),
        ("xfrm_user_acquire", 280),
        ("xfrm_user_mapping", 64),
        ("xfrm_encap_tmpl", 24),
        ("xfrm_address_filter", 36),
        ("xfrm_userpolicy_type", 6),
    ];
    let have: HashMap<_, _> = declared().into_iter().map(|(n, l, _)| (n, l)).collect();
    for (name, len) in want {
        assert_eq!(have.get(name), Some(&len), "{name}");
    }
}

/// Every declared size and offset equals gcc's.
#[test]
fn layout_matches_gcc() {
    let dir = std::env::temp_dir().join(format!("nlstack-xfrm-layout-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let exe = dir.join("layout");
    let src = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/xfrm/layout.c");
    let built = Command::new("gcc").arg("-o").arg(&exe).arg(src).status();
    match built {
        Ok(s) if s.success() => {}
        other => {
            let _ = std::fs::remove_dir_all(&dir);
            if std::env::var_os("NLSTACK_REQUIRE_KERNEL").is_some_and(|v| v != "0" && !v.is_empty())
            {
                panic!("gcc could not build layout.c: {other:?}");
            }
            eprintln!("skipped: gcc could not build layout.c ({other:?})");
            return;
        }
    }
    let out = Command::new(&exe).output().unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    let text = String::from_utf8(out.stdout).unwrap();
    let mut sizes = HashMap::new();
    let mut offsets = HashMap::new();
    for line in text.lines() {
        let w: Vec<&str> = line.split(' ').collect();
        match w.as_slice() {
            ["S", name, size] => {
                sizes.insert(name.to_string(), size.parse::<usize>().unwrap());
            }
            ["F", name, field, off] => {
                offsets.insert(
                    (name.to_string(), field.to_string()),
                    off.parse::<usize>().unwrap(),
                );
            }
            _ => panic!("bad line {line}"),
        }
    }
    let mut checked = 0;
    for (name, len, fields) in declared() {
        assert_eq!(sizes.get(name), Some(&len), "sizeof(struct {name})");
        for &(field, off) in fields {
            // Rust names `type` `kind`.
            let c = if field == "kind" { "type" } else { field };
            assert_eq!(
                offsets.get(&(name.to_string(), c.to_string())),
                Some(&off),
                "offsetof(struct {name}, {c})"
            );
            checked += 1;
        }
    }
    assert!(checked >= 125, "only {checked} fields checked");
}

/// A struct written and read back is the same, and its padding is zero.
#[test]
fn round_trip_and_zero_padding() {
    let mut info = SaInfo::new(
        "192.0.2.1".parse().unwrap(),
        "192.0.2.2".parse().unwrap(),
        50,
        7,
    );
    info.flags = 0xff;
    let b = info.to_bytes();
    assert_eq!(b[217..224], [0; 7], "tail padding of xfrm_usersa_info");
    assert_eq!(SaInfo::parse(&b), Some(info));
    assert_eq!(SaInfo::parse(&b[..223]), None);
    let v = SaInfoRef::new(&b).unwrap();
    assert_eq!(v.id().spi(), 7);
    assert_eq!(
        &b[56 + 16..56 + 20],
        &7u32.to_be_bytes(),
        "spi is big-endian"
    );
    let t = Tmpl::new("::".parse().unwrap(), "fd00::1".parse().unwrap(), 50, 1);
    assert_eq!(Tmpl::parse(&t.to_bytes()), Some(t));
}
