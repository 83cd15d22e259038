//! Full ESP/AH/AEAD states (which this kernel cannot hold: it has no ESP
//! or AH) encoded by nlstack and compared byte for byte with what
//! `ip xfrm state add` sends, recorded once by
//! `tests/fixtures/xfrm/record.sh` with `strace -e write`; and the
//! recorded requests decoded back through the state view.

use std::net::IpAddr;

use nlstack::wire::{Attrs, Encoder, Flags, Message, NLA_TYPE_MASK};
use nlstack::xfrm::{
    Algo, Encap, SaInfo, State, StateFlags, StateRequest, UDP_ENCAP_ESPINUDP, XFRM_MODE_TUNNEL,
    XFRM_MSG_NEWSA,
};

const ESP: u8 = 50;
const AH: u8 = 51;

fn recorded(name: &str) -> Vec<u8> {
    let text = include_str!("fixtures/xfrm/states.txt");
    let hex = text
        .lines()
        .find_map(|l| l.strip_prefix(&format!("{name} ")))
        .unwrap_or_else(|| panic!("no recording for {name}"));
    (0..hex.len() / 2)
        .map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).unwrap())
        .collect()
}

fn ours(req: &StateRequest) -> Vec<u8> {
    let mut b = Vec::new();
    let mut e = Encoder::new(&mut b, XFRM_MSG_NEWSA, Flags::REQUEST | Flags::ACK, 0, 0);
    req.encode(&mut e);
    e.finish().unwrap();
    b
}

/// The attributes, sorted by kind: ip and nlstack may order them
/// differently, which the kernel does not mind.
fn attrs(b: &[u8]) -> Vec<(u16, Vec<u8>)> {
    let mut v: Vec<(u16, Vec<u8>)> = Attrs::new(b)
        .map(|a| {
            let a = a.unwrap();
            (a.kind() & NLA_TYPE_MASK, a.value().to_vec())
        })
        .collect();
    v.sort();
    v
}

/// The same message as ip's, but for sequence number and port.
fn same_as_ip(name: &str, req: &StateRequest) {
    let theirs = recorded(name);
    let mine = ours(req);
    let (t, m) = (
        Message::parse(&theirs).unwrap(),
        Message::parse(&mine).unwrap(),
    );
    assert_eq!(
        (t.kind(), t.flags()),
        (m.kind(), m.flags()),
        "{name}: header"
    );
    assert_eq!(t.len(), m.len(), "{name}: length");
    assert_eq!(
        t.payload()[..SaInfo::LEN],
        m.payload()[..SaInfo::LEN],
        "{name}: xfrm_usersa_info"
    );
    assert_eq!(
        attrs(&t.payload()[SaInfo::LEN..]),
        attrs(&m.payload()[SaInfo::LEN..]),
        "{name}: attributes"
    );
}

fn ip(s: &str) -> IpAddr {
    s.parse().unwrap()
}

fn key(hex: &str) -> Vec<u8> {
    (0..hex.len() / 2)
        .map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).unwrap())
        .collect()
}

const K16: &str = "00112233445566778899aabbccddeeff";
const K20: &str = "00112233445566778899aabbccddeeff00112233";
const K32: &str = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

#[test]
fn esp_cbc_hmac_sha256_as_ip_sends_it() {
    let req = StateRequest::new(ip("192.0.2.1"), ip("192.0.2.2"), ESP, 0x1000)
        .reqid(7)
        .mode(XFRM_MODE_TUNNEL)
        .crypt(Algo::new("cbc(aes)", &key(K16)))
        .auth_trunc(Algo::new("hmac(sha256)", &key(K32)).trunc(128));
    same_as_ip("esp_cbc_sha256", &req);
}

#[test]
fn ah_hmac_sha1_as_ip_sends_it() {
    let req = StateRequest::new(ip("10.0.0.1"), ip("10.0.0.2"), AH, 0x2000)
        .auth(Algo::new("hmac(sha1)", &key(K20)));
    same_as_ip("ah_sha1", &req);
}

#[test]
fn esp_aead_v6_as_ip_sends_it() {
    let req = StateRequest::new(ip("fd00::1"), ip("fd00::2"), ESP, 0x3000)
        .reqid(9)
        .mode(XFRM_MODE_TUNNEL)
        .replay_window(32)
        .aead(Algo::new("rfc4106(gcm(aes))", &key(K20)).trunc(128));
    same_as_ip("esp_gcm_v6", &req);
}

#[test]
fn esp_nat_t_mark_if_id_as_ip_sends_it() {
    let req = StateRequest::new(ip("198.51.100.1"), ip("198.51.100.2"), ESP, 0x4000)
        .mode(XFRM_MODE_TUNNEL)
        .flags(StateFlags::NOECN)
        .crypt(Algo::new("cbc(aes)", &key(K16)))
        .auth(Algo::new("hmac(sha1)", &key(K20)))
        .encap(Encap {
            encap_type: UDP_ENCAP_ESPINUDP,
            encap_sport: 4500,
            encap_dport: 4500,
            ..Encap::default()
        })
        .mark(0x10, 0xff)
        .if_id(0x20);
    same_as_ip("esp_nat_mark", &req);
}

/// The recorded requests read back through the view: what `ip` asked for
/// is what the getters say.
#[test]
fn recorded_states_decode() {
    let b = recorded("esp_nat_mark");
    let m = Message::parse(&b).unwrap();
    let s = State::from_message(&m).unwrap();
    assert_eq!(s.malformed(), 0);
    assert_eq!(s.src(), ip("198.51.100.1"));
    assert_eq!(s.dst(), ip("198.51.100.2"));
    assert_eq!((s.spi(), s.proto()), (0x4000, ESP));
    assert_eq!(s.info().mode(), XFRM_MODE_TUNNEL);
    assert!(s.info().state_flags().contains(StateFlags::NOECN));
    let enc = s.crypt().unwrap();
    assert_eq!((enc.name(), enc.key_bits()), (&b"cbc(aes)"[..], 128));
    assert_eq!(enc.key(), key(K16).as_slice());
    let auth = s.auth().unwrap();
    assert_eq!((auth.name(), auth.key_bits()), (&b"hmac(sha1)"[..], 160));
    let encap = s.encap().unwrap();
    assert_eq!(
        (encap.encap_type(), encap.encap_sport(), encap.encap_dport()),
        (UDP_ENCAP_ESPINUDP, 4500, 4500)
    );
    let mark = s.mark().unwrap();
    assert_eq!((mark.v(), mark.m()), (0x10, 0xff));
    assert_eq!(s.if_id(), Some(0x20));

    let b = recorded("esp_gcm_v6");
    let m = Message::parse(&b).unwrap();
    let s = State::from_message(&m).unwrap();
    let aead = s.aead().unwrap();
    assert_eq!(
        (aead.name(), aead.key_bits(), aead.trunc_bits()),
        (&b"rfc4106(gcm(aes))"[..], 160, 128)
    );
    assert_eq!(s.info().replay_window(), 32);
    assert_eq!(s.src(), ip("fd00::1"));
}

/// Keys never print: not in a view's Debug, not in the request's.
#[test]
fn keys_never_print() {
    let b = recorded("esp_cbc_sha256");
    let m = Message::parse(&b).unwrap();
    let s = State::from_message(&m).unwrap();
    let secret = s.to_secret();
    let req = StateRequest::new(ip("192.0.2.1"), ip("192.0.2.2"), ESP, 1)
        .crypt(Algo::new("cbc(aes)", &key(K16)));
    for text in [
        format!("{s:?}"),
        format!("{secret:?}"),
        format!("{:?}", s.to_spec()),
        format!("{req:?}"),
    ] {
        assert!(text.contains("cbc(aes)"), "{text}");
        assert!(!text.contains("112233"), "key bytes printed: {text}");
        assert!(!text.contains("17, 34, 51"), "key bytes printed: {text}");
        assert!(text.contains("<16 bytes>"), "{text}");
    }
}

/// A bad attribute spoils only itself; a short fixed part is an error,
/// not a panic; events of every kind decode from their fixed structs.
#[test]
fn malformed_input_spoils_only_itself() {
    let mut b = recorded("esp_nat_mark");
    // Append a 4-byte XFRMA_MARK (the kernel's is 8) after the good one.
    b.extend_from_slice(&8u16.to_ne_bytes());
    b.extend_from_slice(&nlstack::xfrm::XFRMA_MARK.to_ne_bytes());
    b.extend_from_slice(&1u32.to_ne_bytes());
    let len = b.len() as u32;
    b[..4].copy_from_slice(&len.to_ne_bytes());
    let m = Message::parse(&b).unwrap();
    let s = State::from_message(&m).unwrap();
    assert_eq!(s.malformed(), 1);
    assert!(s.check().is_err());
    // The earlier good mark stays, and everything else reads.
    assert_eq!(s.mark().map(|m| (m.v(), m.m())), Some((0x10, 0xff)));
    assert_eq!(s.if_id(), Some(0x20));
    assert!(s.crypt().is_some());

    // Every prefix of the message: an error or a state, never a panic.
    let whole = recorded("esp_cbc_sha256");
    for n in 0..whole.len() {
        let r = State::parse(&whole[16..16 + n.min(whole.len() - 16)]);
        assert_eq!(r.is_ok(), n >= SaInfo::LEN);
    }
    // Truncated events are errors.
    let mut e = whole.clone();
    e[4..6].copy_from_slice(&nlstack::xfrm::XFRM_MSG_EXPIRE.0.to_ne_bytes());
    let m = Message::parse(&e).unwrap();
    assert!(matches!(
        nlstack::xfrm::Event::parse(&m).unwrap(),
        nlstack::xfrm::Event::Expire { .. }
    ));
    let short = &mut e[..16 + 100];
    short[..4].copy_from_slice(&116u32.to_ne_bytes());
    let m = Message::parse(short).unwrap();
    assert!(nlstack::xfrm::Event::parse(&m).is_err());
}
