//! Conntrack against conntrack-tools, on real traffic: two namespaces
//! joined by a veth pair (IPv4 and IPv6), nftables rules with `ct state`
//! so conntrack runs, accounting on, and TCP, UDP and ICMP both ways, with
//! marks, zones and labels set by nftables. The library's entries are
//! compared field by field with `conntrack -L -o extended`, and `nl
//! conntrack list` line by line; delete-by-filter runs while traffic keeps
//! making entries; a connection's events are seen through the library and
//! through `nl conntrack events` next to `conntrack -E`.
//!
//! Needs root, `conntrack` (conntrack-tools), `nft` (nftables), `unshare`
//! and `mount` (util-linux, mount).

#[macro_use]
mod common;

use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream, UdpSocket};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::path::PathBuf;
use std::process::{Child, Command, Output, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use nlstack::conn::{Config, Conn, Netfilter};
use nlstack::netfilter::conntrack::{
    Entry, EntrySpec, Event, Filter, Query, Status, TupleSpec, tcp_state_name,
};
use nlstack::netns::NetNs;

const AF_INET: u8 = libc::AF_INET as u8;
const AF_INET6: u8 = libc::AF_INET6 as u8;

/// The `nl` example, built once.
fn nl_bin() -> PathBuf {
    common::example_bin("nl")
}

fn run(cmd: &mut Command) -> Output {
    let out = cmd.output().unwrap_or_else(|e| panic!("run {cmd:?}: {e}"));
    assert!(
        out.status.success(),
        "{cmd:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// A named namespace, deleted on drop.
struct Ns {
    name: String,
    ns: NetNs,
}

impl Ns {
    fn new(tag: &str) -> Ns {
        static N: AtomicUsize = AtomicUsize::new(0);
        let name = format!(
            "nlct-{}-{}-{tag}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        );
        let ns = NetNs::create(&name).expect("create a named namespace");
        ns.set_sysctls(&[
            ("net.ipv6.conf.all.accept_dad", "0"),
            ("net.ipv6.conf.default.accept_dad", "0"),
            ("net.netfilter.nf_conntrack_acct", "1"),
        ])
        .expect("sysctls");
        Ns { name, ns }
    }

    fn conn(&self) -> Conn<Netfilter> {
        Conn::<Netfilter>::dial(Config::default().netns(&self.ns)).expect("dial netfilter")
    }

    /// A command run inside the namespace.
    fn cmd(&self, prog: &str) -> Command {
        let mut c = Command::new("ip");
        c.args(["netns", "exec", &self.name, prog]);
        c
    }

    fn conntrack(&self, args: &[&str]) -> Output {
        self.cmd("conntrack")
            .args(args)
            .output()
            .expect("run conntrack (apt-get install conntrack)")
    }

    fn nl(&self, args: &[&str]) -> Output {
        Command::new(nl_bin())
            .args(["-n", &self.name])
            .args(args)
            .output()
            .expect("run nl")
    }

    fn nft(&self, script: &str) {
        let mut child = self
            .cmd("nft")
            .args(["-f", "-"])
            .stdin(Stdio::piped())
            .spawn()
            .expect("run nft (apt-get install nftables)");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(script.as_bytes())
            .expect("write the ruleset");
        assert!(child.wait().expect("nft").success(), "nft -f:\n{script}");
    }
}

impl Drop for Ns {
    fn drop(&mut self) {
        let _ = NetNs::delete(&self.name);
    }
}

/// The client side's rules: conntrack on both hooks, marks, labels and a
/// zone set by destination port.
const CLIENT_RULES: &str = "table inet t {
  chain raw_out { type filter hook output priority -300; udp dport 7300 ct zone set 3; }
  chain raw_pre { type filter hook prerouting priority -300; udp sport 7300 ct zone set 3; }
  chain in { type filter hook input priority 0; ct state new,established,related accept; }
  chain post { type nat hook postrouting priority 100; ip daddr 10.77.0.2 udp dport 7400 snat ip to 10.77.0.1:40000; }
  chain out {
    type filter hook output priority 0;
    udp dport 7100 ct mark set 0x42;
    udp dport 7200 ct label set 5;
    udp dport 7200 ct label set 9;
    ct state new,established accept;
  }
}
";

const SERVER_RULES: &str = "table inet t {
  chain in { type filter hook input priority 0; ct state new,established accept; }
  chain out { type filter hook output priority 0; ct state new,established accept; }
}
";

/// Two namespaces over a veth pair: the client `a` (10.77.0.1, fd77::1)
/// and the server `b` (10.77.0.2, fd77::2).
struct Lab {
    a: Ns,
    b: Ns,
}

const A4: &str = "10.77.0.1";
const B4: &str = "10.77.0.2";
const A6: &str = "fd77::1";
const B6: &str = "fd77::2";

impl Lab {
    fn new() -> Lab {
        let a = Ns::new("a");
        let b = Ns::new("b");
        run(Command::new("ip").args([
            "-n", &a.name, "link", "add", "va", "type", "veth", "peer", "name", "vb", "netns",
            &b.name,
        ]));
        for (ns, dev, v4, v6) in [(&a, "va", A4, A6), (&b, "vb", B4, B6)] {
            let ip = |args: &[&str]| run(Command::new("ip").args(["-n", &ns.name]).args(args));
            ip(&["addr", "add", &format!("{v4}/24"), "dev", dev]);
            ip(&["addr", "add", &format!("{v6}/64"), "dev", dev, "nodad"]);
            ip(&["link", "set", dev, "up"]);
            ip(&["link", "set", "lo", "up"]);
        }
        a.nft(CLIENT_RULES);
        b.nft(SERVER_RULES);
        Lab { a, b }
    }

    fn bind_udp(ns: &Ns, addr: &str, port: u16) -> UdpSocket {
        let sa = SocketAddr::new(addr.parse().unwrap(), port);
        ns.ns
            .run(|| UdpSocket::bind(sa))
            .unwrap()
            .expect("bind UDP")
    }

    /// One UDP datagram from a fresh socket in `a` to `dst:port`.
    /// Returns the socket: while it lives, its port is not handed out
    /// again, so each call makes a distinct flow.
    fn udp_once(&self, dst: &str, port: u16) -> UdpSocket {
        let any = if dst.contains(':') { "::" } else { "0.0.0.0" };
        let s = Self::bind_udp(&self.a, any, 0);
        s.send_to(b"x", SocketAddr::new(dst.parse().unwrap(), port))
            .expect("send UDP");
        s
    }

    /// A UDP exchange `a` -> `b` -> `a` (the entry sees a reply).
    fn udp_echo(&self, dst: &str, port: u16) {
        let server = Self::bind_udp(&self.b, dst, port);
        let any = if dst.contains(':') { "::" } else { "0.0.0.0" };
        let client = Self::bind_udp(&self.a, any, 0);
        client
            .send_to(b"ping", SocketAddr::new(dst.parse().unwrap(), port))
            .unwrap();
        let mut buf = [0u8; 16];
        server
            .set_read_timeout(Some(Duration::from_secs(3)))
            .unwrap();
        let (n, from) = server.recv_from(&mut buf).expect("the server gets it");
        server.send_to(&buf[..n], from).unwrap();
        client
            .set_read_timeout(Some(Duration::from_secs(3)))
            .unwrap();
        client
            .recv_from(&mut buf)
            .expect("the client gets the echo");
    }

    /// A TCP connection `a` -> `b:port` with some bytes each way, left
    /// open (ESTABLISHED) while the streams live.
    fn tcp_open(&self, dst: &str, port: u16) -> (TcpStream, TcpStream, u16) {
        let sa = SocketAddr::new(dst.parse().unwrap(), port);
        let l = self.b.ns.run(|| TcpListener::bind(sa)).unwrap().unwrap();
        let mut c = self.a.ns.run(|| TcpStream::connect(sa)).unwrap().unwrap();
        let (mut s, _) = l.accept().unwrap();
        c.write_all(b"hello").unwrap();
        let mut buf = [0u8; 5];
        s.read_exact(&mut buf).unwrap();
        s.write_all(b"world!").unwrap();
        let mut buf = [0u8; 6];
        c.read_exact(&mut buf).unwrap();
        let sport = c.local_addr().unwrap().port();
        (c, s, sport)
    }

    /// An ICMP (or ICMPv6) echo from `a` to `dst` with identifier `id`,
    /// through a raw socket; waits for the reply.
    fn ping(&self, dst: &str, id: u16) {
        let dst: IpAddr = dst.parse().unwrap();
        let fd = self.a.ns.run(|| raw_icmp(dst)).unwrap();
        let v6 = dst.is_ipv6();
        let mut pkt = vec![if v6 { 128 } else { 8 }, 0, 0, 0];
        pkt.extend_from_slice(&id.to_be_bytes());
        pkt.extend_from_slice(&1u16.to_be_bytes());
        pkt.extend_from_slice(b"nlstack");
        if !v6 {
            let c = checksum(&pkt);
            pkt[2..4].copy_from_slice(&c.to_be_bytes());
        }
        send_raw(&fd, dst, &pkt);
        // The reply comes back to every raw socket of the protocol.
        let deadline = Instant::now() + Duration::from_secs(3);
        let mut buf = [0u8; 256];
        loop {
            assert!(Instant::now() < deadline, "no echo reply from {dst}");
            // SAFETY: buf is valid for its length; fd is open.
            let n = unsafe {
                libc::recv(
                    fd.as_raw_fd(),
                    buf.as_mut_ptr().cast(),
                    buf.len(),
                    libc::MSG_DONTWAIT,
                )
            };
            if n > 0 {
                let n = n as usize;
                // IPv4 raw sockets get the IP header; ICMPv6 ones do not.
                let icmp = if v6 {
                    &buf[..n]
                } else {
                    let ihl = usize::from(buf[0] & 0xf) * 4;
                    &buf[ihl.min(n)..n]
                };
                let reply = if v6 { 129 } else { 0 };
                if icmp.len() >= 6 && icmp[0] == reply && icmp[4..6] == id.to_be_bytes() {
                    return;
                }
            } else {
                std::thread::sleep(Duration::from_millis(10));
            }
        }
    }
}

fn raw_icmp(dst: IpAddr) -> OwnedFd {
    let (fam, proto) = if dst.is_ipv6() {
        (libc::AF_INET6, libc::IPPROTO_ICMPV6)
    } else {
        (libc::AF_INET, libc::IPPROTO_ICMP)
    };
    // SAFETY: plain socket(2); the fd is owned at once.
    let fd = unsafe { libc::socket(fam, libc::SOCK_RAW | libc::SOCK_CLOEXEC, proto) };
    assert!(fd >= 0, "raw socket: {}", std::io::Error::last_os_error());
    // SAFETY: fd is a fresh descriptor we own.
    unsafe { OwnedFd::from_raw_fd(fd) }
}

fn send_raw(fd: &OwnedFd, dst: IpAddr, pkt: &[u8]) {
    let r = match dst {
        IpAddr::V4(a) => {
            // SAFETY: a zeroed sockaddr_in is valid; we fill it in.
            let mut sa: libc::sockaddr_in = unsafe { std::mem::zeroed() };
            sa.sin_family = libc::AF_INET as libc::sa_family_t;
            sa.sin_addr.s_addr = u32::from_ne_bytes(a.octets());
            // SAFETY: pointers and lengths describe live buffers.
            unsafe {
                libc::sendto(
                    fd.as_raw_fd(),
                    pkt.as_ptr().cast(),
                    pkt.len(),
                    0,
                    (&sa as *const libc::sockaddr_in).cast(),
                    std::mem::size_of::<libc::sockaddr_in>() as libc::socklen_t,
                )
            }
        }
        IpAddr::V6(a) => {
            // SAFETY: a zeroed sockaddr_in6 is valid; we fill it in.
            let mut sa: libc::sockaddr_in6 = unsafe { std::mem::zeroed() };
            sa.sin6_family = libc::AF_INET6 as libc::sa_family_t;
            sa.sin6_addr.s6_addr = a.octets();
            // SAFETY: pointers and lengths describe live buffers.
            unsafe {
                libc::sendto(
                    fd.as_raw_fd(),
                    pkt.as_ptr().cast(),
                    pkt.len(),
                    0,
                    (&sa as *const libc::sockaddr_in6).cast(),
                    std::mem::size_of::<libc::sockaddr_in6>() as libc::socklen_t,
                )
            }
        }
    };
    assert!(
        r == pkt.len() as isize,
        "sendto: {}",
        std::io::Error::last_os_error()
    );
}

fn checksum(b: &[u8]) -> u16 {
    let mut sum = 0u32;
    for c in b.chunks(2) {
        let w = u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]);
        sum += u32::from(w);
    }
    while sum > 0xffff {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    !(sum as u16)
}

/// The traffic every comparison looks at, made from `a`: TCP left open,
/// UDP echoed and one-way, ICMP, each over IPv4 and IPv6, plus the marked,
/// labelled and zoned UDP flows.
fn make_traffic(lab: &Lab) -> Vec<(TcpStream, TcpStream, u16)> {
    let mut keep = Vec::new();
    for (dst, port) in [(B4, 8080), (B6, 8086)] {
        keep.push(lab.tcp_open(dst, port));
        lab.udp_echo(dst, 7000);
        lab.udp_once(dst, 7001);
        lab.udp_once(dst, 7100); // mark 0x42
        lab.udp_once(dst, 7200); // labels 5 and 9
        lab.udp_once(dst, 7300); // zone 3
    }
    lab.udp_once(B4, 7400); // source NAT to port 40000
    lab.ping(B4, 0x1234);
    lab.ping(B6, 0x4321);
    keep
}

/// The lines of a listing, sorted, with the numbers that move with the
/// clock taken out and returned beside each: the timeout (the fifth word
/// of an extended line) and `delta-time=` (0 when absent).
fn lines(text: &str) -> Vec<(String, i64, i64)> {
    let mut v: Vec<(String, i64, i64)> = text
        .lines()
        .filter(|l| !l.is_empty())
        .map(|l| {
            let w: Vec<&str> = l.split_whitespace().collect();
            assert!(w.len() > 5, "short line: {l}");
            let t = w[4]
                .parse::<i64>()
                .unwrap_or_else(|_| panic!("timeout in {l}"));
            let mut delta = 0;
            let rest: Vec<&str> = w
                .iter()
                .enumerate()
                .map(|(i, word)| {
                    if i == 4 {
                        return "T";
                    }
                    if let Some(d) = word.strip_prefix("delta-time=") {
                        delta = d.parse().unwrap_or_else(|_| panic!("delta-time in {l}"));
                        return "delta-time=D";
                    }
                    word
                })
                .collect();
            (rest.join(" "), t, delta)
        })
        .collect();
    v.sort();
    v
}

/// `conntrack ARGS` and `nl conntrack list ARGS` in `ns` print the same
/// lines (timeouts within a second). Returns how many.
fn same_listing(ns: &Ns, args: &[&str]) -> usize {
    let mut ct_args = vec!["-L", "-o", "extended"];
    ct_args.extend_from_slice(args);
    let ct = ns.conntrack(&ct_args);
    assert!(ct.status.success(), "conntrack {ct_args:?}: {ct:?}");
    let mut nl_args = vec!["conntrack", "list"];
    nl_args.extend_from_slice(args);
    let nl = ns.nl(&nl_args);
    assert!(nl.status.success(), "nl {nl_args:?}: {nl:?}");
    let ct_text = String::from_utf8(ct.stdout).unwrap();
    let nl_text = String::from_utf8(nl.stdout).unwrap();
    let (c, n) = (lines(&ct_text), lines(&nl_text));
    assert_eq!(
        c.iter().map(|x| &x.0).collect::<Vec<_>>(),
        n.iter().map(|x| &x.0).collect::<Vec<_>>(),
        "{args:?}\nconntrack:\n{ct_text}\nnl:\n{nl_text}"
    );
    for (x, y) in c.iter().zip(&n) {
        assert!(
            (x.2 - y.2).abs() <= 1,
            "delta-times {} and {}: {}",
            x.2,
            y.2,
            x.0
        );
        assert!(
            (x.1 - y.1).abs() <= 1,
            "timeouts {} and {}: {}",
            x.1,
            y.1,
            x.0
        );
    }
    // The count on stderr, as conntrack says it.
    let said = String::from_utf8_lossy(&nl.stderr);
    assert!(
        said.contains(&format!("{} flow entries have been shown.", n.len())),
        "{said}"
    );
    n.len()
}

/// One direction of a parsed conntrack line.
#[derive(Debug, Default, PartialEq)]
struct Dir {
    kv: BTreeMap<String, String>,
}

/// A `conntrack -L -o extended` line, parsed: the leading words, each
/// direction's `key=value`s, the flags and the rest.
#[derive(Debug, Default)]
struct CtLine {
    l3: String,
    l3num: u8,
    l4num: u8,
    timeout: u32,
    state: Option<String>,
    orig: Dir,
    reply: Dir,
    unreplied: bool,
    assured: bool,
    rest: BTreeMap<String, String>,
}

fn parse_ct_line(l: &str) -> CtLine {
    let w: Vec<&str> = l.split_whitespace().collect();
    let mut c = CtLine {
        l3: w[0].to_string(),
        l3num: w[1].parse().unwrap(),
        l4num: w[3].parse().unwrap(),
        timeout: w[4].parse().unwrap(),
        ..CtLine::default()
    };
    let mut i = 5;
    if !w[i].contains('=') {
        c.state = Some(w[i].to_string());
        i += 1;
    }
    // `src=` starts a direction; the second one starts the reply.
    let mut dir = 0;
    for word in &w[i..] {
        match *word {
            "[UNREPLIED]" => c.unreplied = true,
            "[ASSURED]" => c.assured = true,
            _ => {
                let (k, v) = word.split_once('=').unwrap_or((word, ""));
                if k == "src" {
                    dir += 1;
                }
                let per_dir = matches!(
                    k,
                    "src"
                        | "dst"
                        | "sport"
                        | "dport"
                        | "type"
                        | "code"
                        | "id"
                        | "packets"
                        | "bytes"
                ) || k.starts_with("zone-");
                let d = match (per_dir, dir) {
                    (true, 1) => &mut c.orig,
                    (true, _) => &mut c.reply,
                    _ => {
                        c.rest.insert(k.to_string(), v.to_string());
                        continue;
                    }
                };
                // After the reply's own fields come mark=, zone=, use=.
                d.kv.insert(k.to_string(), v.to_string());
            }
        }
    }
    c
}

/// The library's view of one direction, as conntrack's keys.
fn lib_dir(e: &Entry<&[u8]>, reply: bool) -> Dir {
    let t = if reply { e.reply() } else { e.orig() }.expect("both tuples");
    let mut kv = BTreeMap::new();
    let mut put = |k: &str, v: String| {
        kv.insert(k.to_string(), v);
    };
    put("src", t.src().unwrap().to_string());
    put("dst", t.dst().unwrap().to_string());
    let p = t.proto().unwrap();
    match p.num().unwrap() {
        1 => {
            put("type", p.icmp_type().unwrap().to_string());
            put("code", p.icmp_code().unwrap().to_string());
            put("id", p.icmp_id().unwrap().to_string());
        }
        58 => {
            put("type", p.icmpv6_type().unwrap().to_string());
            put("code", p.icmpv6_code().unwrap().to_string());
            put("id", p.icmpv6_id().unwrap().to_string());
        }
        _ => {
            put("sport", p.src_port().unwrap().to_string());
            put("dport", p.dst_port().unwrap().to_string());
        }
    }
    if let Some(z) = t.zone() {
        put(
            if reply { "zone-reply" } else { "zone-orig" },
            z.to_string(),
        );
    }
    let c = if reply {
        e.counters_reply()
    } else {
        e.counters_orig()
    };
    if let Some(c) = c {
        put("packets", c.packets().unwrap().to_string());
        put("bytes", c.bytes().unwrap().to_string());
    }
    Dir { kv }
}

/// Every entry of `ns` as conntrack-tools shows it matches the library's
/// entry of the same original tuple, field by field; the two sets are the
/// same size. Returns the library's entries by their orig direction.
fn same_fields(ns: &Ns, family: &str) -> usize {
    let ct = ns.conntrack(&["-L", "-o", "extended", "-f", family]);
    assert!(ct.status.success(), "{ct:?}");
    let text = String::from_utf8(ct.stdout).unwrap();
    let fam = if family == "ipv6" { AF_INET6 } else { AF_INET };
    let list = ns.conn().conntrack_list(&Query::new().family(fam)).unwrap();
    let mut by_orig: HashMap<Vec<(String, String)>, Entry<&[u8]>> = HashMap::new();
    for e in list.iter() {
        let mut key: Vec<_> = lib_dir(&e, false)
            .kv
            .into_iter()
            .filter(|(k, _)| !matches!(k.as_str(), "packets" | "bytes"))
            .collect();
        key.sort();
        by_orig.insert(key, e);
    }
    let mut n = 0;
    for l in text.lines().filter(|l| !l.is_empty()) {
        let c = parse_ct_line(l);
        let mut key: Vec<_> = c
            .orig
            .kv
            .iter()
            .filter(|(k, _)| !matches!(k.as_str(), "packets" | "bytes"))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        key.sort();
        let e = by_orig
            .get(&key)
            .unwrap_or_else(|| panic!("the library has no entry for {l}"));
        assert_eq!(c.l3, family, "{l}");
        assert_eq!(c.l3num, e.family(), "{l}");
        assert_eq!(Some(c.l4num), e.protocol(), "{l}");
        let t = e.timeout().unwrap();
        assert!(c.timeout.abs_diff(t) <= 1, "timeout {t}: {l}");
        assert_eq!(
            c.state.as_deref(),
            e.tcp_state().map(|s| tcp_state_name(s).unwrap()),
            "{l}"
        );
        assert_eq!(c.orig, lib_dir(e, false), "orig of {l}");
        assert_eq!(c.reply, lib_dir(e, true), "reply of {l}");
        let st = e.status_flags().unwrap();
        assert_eq!(c.unreplied, !st.contains(Status::SEEN_REPLY), "{l}");
        assert_eq!(c.assured, st.contains(Status::ASSURED), "{l}");
        assert_eq!(
            c.rest.get("mark").map(String::as_str),
            e.mark().map(|m| m.to_string()).as_deref(),
            "{l}"
        );
        assert_eq!(
            c.rest.get("zone").cloned(),
            e.zone().map(|z| z.to_string()),
            "{l}"
        );
        assert_eq!(
            c.rest.get("use").cloned(),
            e.use_count().map(|u| u.to_string()),
            "{l}"
        );
        n += 1;
    }
    assert_eq!(n, list.len(), "as many entries as conntrack shows:\n{text}");
    n
}

#[test]
fn entries_match_conntrack_tools_field_by_field() {
    need_root!();
    let lab = Lab::new();
    let _keep = make_traffic(&lab);
    // TCP, UDP echoed, UDP to 7001, 7100, 7200, 7300, ICMP: 7 a family,
    // and the source-NATed UDP flow over IPv4.
    assert_eq!(same_fields(&lab.a, "ipv4"), 8, "what the traffic made");
    assert_eq!(same_fields(&lab.a, "ipv6"), 7, "what the traffic made");
    assert_eq!(same_fields(&lab.b, "ipv4"), 8, "the server side");
    assert_eq!(same_fields(&lab.b, "ipv6"), 7, "the server side");

    // What the rules set, seen through the library.
    let list = lab.a.conn().conntrack_list(&Query::new()).unwrap();
    let port = |p: u16| {
        list.iter()
            .filter(move |e| e.orig().and_then(|t| t.dst_port()) == Some(p))
    };
    assert_eq!(port(7100).count(), 2);
    assert!(port(7100).all(|e| e.mark() == Some(0x42)));
    assert_eq!(port(7200).count(), 2);
    assert!(port(7200).all(|e| e.has_label(5) && e.has_label(9) && !e.has_label(6)));
    assert_eq!(port(7300).count(), 2);
    assert!(port(7300).all(|e| e.zone() == Some(3)));
    assert!(port(7001).all(|e| e.zone().is_none() && e.mark() == Some(0)));
    let nat = port(7400).next().expect("the NATed flow");
    assert!(
        nat.status_flags()
            .unwrap()
            .contains(Status::SRC_NAT | Status::SRC_NAT_DONE)
    );
    assert_eq!(nat.reply().unwrap().dst_port(), Some(40000));
    let tcp = port(8080).next().expect("the TCP entry");
    assert_eq!(tcp.tcp_state(), Some(3), "ESTABLISHED");
    let c = tcp.counters_orig().unwrap();
    assert!(c.packets().unwrap() >= 3, "SYN, ACK, data: {c:?}");
}

#[test]
fn nl_list_prints_what_conntrack_prints() {
    need_root!();
    let lab = Lab::new();
    let _keep = make_traffic(&lab);
    // Both families by default, as conntrack 1.4 lists them.
    assert_eq!(same_listing(&lab.a, &[]), 15);
    assert_eq!(same_listing(&lab.b, &[]), 15);
    let filters: [(&[&str], usize); 13] = [
        (&["-o", "id"], 15),
        (&["-f", "ipv4"], 8),
        (&["-f", "ipv6"], 7),
        (&["-p", "tcp"], 2),
        (&["-p", "udp"], 11),
        (&["-p", "icmp"], 1),
        (&["-p", "icmpv6"], 1),
        (&["-p", "udp", "--dport", "7000"], 2),
        (&["-s", A4], 8),
        (&["-d", B6], 7),
        (&["-m", "0x42"], 2),
        (&["-w", "3"], 2),
        (&["-f", "ipv6", "-p", "udp", "--dport", "7300"], 1),
    ];
    for (args, want) in filters {
        assert_eq!(same_listing(&lab.a, args), want, "{args:?}");
    }
}

/// Runs `conntrack -L -o OUTPUT` and `nl conntrack list -o OUTPUT` in
/// `ns` inside a private mount namespace whose `/etc` holds only
/// `connlabel.conf` with `map`: returns both outputs.
fn with_label_map(ns: &Ns, map: &str, output: &str) -> (String, String) {
    let script = format!(
        "mount -t tmpfs tmpfs /etc && mkdir /etc/xtables && printf '{map}' > /etc/xtables/connlabel.conf \
         && conntrack -L -o {output} 2>/dev/null && echo ==== && {} -n {} conntrack list -o {output} 2>/dev/null",
        nl_bin().display(),
        ns.name
    );
    let out = run(ns.cmd("unshare").args(["-m", "sh", "-c", &script]));
    let text = String::from_utf8(out.stdout).unwrap();
    let (ct, nl) = text.split_once("====\n").expect("both ran");
    (ct.to_string(), nl.to_string())
}

#[test]
fn labels_print_by_name_as_conntrack_prints_them() {
    need_root!();
    let lab = Lab::new();
    let _keep = make_traffic(&lab);
    for (map, output, want) in [
        (
            "5 five\\n9 nine\\n",
            "extended,labels",
            Some("labels=five,nine"),
        ),
        (
            "# only one\\n5 five\\n7 seven\\n",
            "extended,labels",
            Some("labels=five"),
        ),
        ("1 one\\n", "extended,labels", Some("labels")),
        ("5 five\\n", "extended", None),
    ] {
        let (ct, nl) = with_label_map(&lab.a, map, output);
        let (c, n) = (lines(&ct), lines(&nl));
        assert_eq!(
            c.iter().map(|x| &x.0).collect::<Vec<_>>(),
            n.iter().map(|x| &x.0).collect::<Vec<_>>(),
            "conntrack:\n{ct}\nnl:\n{nl}"
        );
        assert_eq!(c.len(), 15, "{ct}");
        let labelled: Vec<_> = n.iter().filter(|(l, _, _)| l.contains("labels")).collect();
        match want {
            Some(w) => {
                assert_eq!(labelled.len(), 2, "{nl}");
                assert!(labelled.iter().all(|(l, _, _)| l.ends_with(w)), "{nl}");
            }
            None => assert!(labelled.is_empty(), "{nl}"),
        }
    }
    // Without the file, no names: no labels.
    let plain = lab.a.nl(&["conntrack", "list", "-o", "labels"]);
    assert!(!String::from_utf8_lossy(&plain.stdout).contains("labels"));
}

#[test]
fn delete_matching_counts_right_while_traffic_goes_on() {
    need_root!();
    let lab = Lab::new();
    let stop = Arc::new(AtomicBool::new(false));
    // Background traffic: a new UDP flow to port 7999 every few ms.
    let bg = {
        let stop = stop.clone();
        let sock = Lab::bind_udp(&lab.a, "0.0.0.0", 0);
        let sock6 = Lab::bind_udp(&lab.a, "::", 0);
        let ns = lab.a.ns.try_clone().unwrap();
        std::thread::spawn(move || {
            let mut sent = 0;
            let mut held = Vec::new();
            while !stop.load(Ordering::Relaxed) {
                // A fresh socket each time, kept: a fresh source port, a
                // new entry.
                let s = ns.run(|| UdpSocket::bind("0.0.0.0:0")).unwrap().unwrap();
                let _ = s.send_to(b"bg", (B4, 7999));
                held.push(s);
                let _ = sock.send_to(b"bg", (B4, 7999));
                let _ = sock6.send_to(b"bg", (B6, 7999));
                sent += 1;
                std::thread::sleep(Duration::from_millis(2));
            }
            sent
        })
    };
    let mut socks = Vec::new();
    for _ in 0..60 {
        socks.push(lab.udp_once(B4, 7500));
    }
    for _ in 0..40 {
        socks.push(lab.udp_once(B6, 7500));
    }
    socks.push(lab.udp_once(B4, 7501));
    let mut c = lab.a.conn();
    let f = Filter::new().protocol(17).orig_dst_port(7500);
    // Only IPv4 first, then the rest.
    assert_eq!(
        c.conntrack_delete_matching(AF_INET, std::slice::from_ref(&f))
            .unwrap(),
        60
    );
    assert_eq!(
        c.conntrack_delete_matching(0, std::slice::from_ref(&f))
            .unwrap(),
        40
    );
    assert_eq!(c.conntrack_delete_matching(0, &[f]).unwrap(), 0);

    // The same through nl, as conntrack -D says it.
    for _ in 0..25 {
        socks.push(lab.udp_once(B4, 7600));
    }
    let out = lab
        .a
        .nl(&["conntrack", "delete", "-p", "udp", "--dport", "7600"]);
    assert!(out.status.success(), "{out:?}");
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("25 flow entries have been deleted."),
        "{said}"
    );

    stop.store(true, Ordering::Relaxed);
    let sent = bg.join().unwrap();
    assert!(sent > 10, "the background traffic ran ({sent} rounds)");
    let left = c.conntrack_list(&Query::new()).unwrap();
    let dport = |e: &Entry<&[u8]>| e.orig().and_then(|t| t.dst_port());
    assert!(left.iter().all(|e| !matches!(dport(&e), Some(7500 | 7600))));
    assert!(
        left.iter().any(|e| dport(&e) == Some(7501)),
        "the unmatched flow stays"
    );
    assert!(
        left.iter().filter(|e| dport(e) == Some(7999)).count() > 10,
        "the background flows stay"
    );
    // conntrack-tools agrees nothing is left to match.
    let ct = lab.a.conntrack(&["-L", "-p", "udp", "--dport", "7500"]);
    assert!(String::from_utf8_lossy(&ct.stdout).trim().is_empty());
}

/// Events from `conn` until `done` says so or 5 seconds pass, owned.
fn collect_events(
    conn: &mut Conn<Netfilter>,
    mut done: impl FnMut(&[(&'static str, Entry)]) -> bool,
) -> Vec<(&'static str, Entry)> {
    let deadline = Instant::now() + Duration::from_secs(5);
    let mut got = Vec::new();
    while !done(&got) {
        assert!(Instant::now() < deadline, "events so far: {got:?}");
        let (_, m) = match conn.recv_message() {
            Ok(x) => x,
            Err(e) if e.errno() == Some(libc::EAGAIN) => continue,
            Err(e) => panic!("{e}"),
        };
        match Event::parse(&m).unwrap() {
            Event::New(e) => got.push(("new", e.owned())),
            Event::Update(e) => got.push(("update", e.owned())),
            Event::Destroy(e) => got.push(("destroy", e.owned())),
            _ => {}
        }
    }
    got
}

#[test]
fn events_follow_a_connection_through_its_life() {
    need_root!();
    let lab = Lab::new();
    let mut ev = Conn::<Netfilter>::dial(
        Config::default()
            .netns(&lab.a.ns)
            .join(&[1, 2, 3])
            .read_timeout(Duration::from_millis(200)),
    )
    .unwrap();
    let (c, s, sport) = lab.tcp_open(B4, 8090);
    drop(c);
    drop(s);
    let mine = |e: &Entry| e.orig().and_then(|t| t.src_port()) == Some(sport);
    // The handshake: NEW in SYN_SENT, then updates up to ESTABLISHED.
    let got = collect_events(&mut ev, |g| {
        g.iter()
            .any(|(k, e)| *k == "update" && mine(e) && e.tcp_state().is_some_and(|s| s >= 4))
    });
    let first = got.iter().find(|(_, e)| mine(e)).expect("an event");
    assert_eq!(first.0, "new", "{got:?}");
    assert_eq!(first.1.tcp_state(), Some(1), "SYN_SENT");
    assert!(
        got.iter()
            .any(|(k, e)| *k == "update" && mine(e) && e.tcp_state() == Some(3)),
        "ESTABLISHED: {got:?}"
    );
    // Deleted from userspace: DESTROY with the counters.
    let mut c = lab.a.conn();
    let orig = TupleSpec::between(A4.parse().unwrap(), B4.parse().unwrap(), 6).ports(sport, 8090);
    c.conntrack_delete(AF_INET, &EntrySpec::new().orig(orig))
        .unwrap();
    let got = collect_events(&mut ev, |g| {
        g.iter().any(|(k, e)| *k == "destroy" && mine(e))
    });
    let (_, d) = got
        .iter()
        .find(|(k, e)| *k == "destroy" && mine(e))
        .unwrap();
    let co = d.counters_orig().expect("counters in DESTROY");
    assert!(co.packets().unwrap() >= 4, "{co:?}");
    assert_eq!(d.orig().unwrap().dst(), Some(B4.parse().unwrap()));

    // A UDP flow: NEW, then an update when the reply is seen.
    lab.udp_echo(B6, 7000);
    let got = collect_events(&mut ev, |g| {
        g.iter().any(|(k, e)| {
            *k == "update"
                && e.family() == AF_INET6
                && e.status_flags()
                    .is_some_and(|s| s.contains(Status::SEEN_REPLY))
        })
    });
    assert!(
        got.iter()
            .any(|(k, e)| *k == "new" && e.orig().and_then(|t| t.dst_port()) == Some(7000)),
        "{got:?}"
    );
}

/// Reads lines of `child`'s stdout into a channel.
fn line_reader(child: &mut Child) -> mpsc::Receiver<String> {
    let out = child.stdout.take().expect("piped stdout");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for l in BufReader::new(out).lines() {
            let Ok(l) = l else { break };
            if tx.send(l).is_err() {
                break;
            }
        }
    });
    rx
}

/// Lines from `rx` until one contains `until`, or 5 seconds pass.
fn read_until(rx: &mpsc::Receiver<String>, until: &str, acc: &mut Vec<String>) -> bool {
    read_within(rx, until, acc, Duration::from_secs(5))
}

/// Lines from `rx` until one contains `until`, or `wait` passes.
fn read_within(
    rx: &mpsc::Receiver<String>,
    until: &str,
    acc: &mut Vec<String>,
    wait: Duration,
) -> bool {
    let deadline = Instant::now() + wait;
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        match rx.recv_timeout(left) {
            Ok(l) => {
                let hit = l.contains(until);
                acc.push(l);
                if hit {
                    return true;
                }
            }
            Err(_) => return false,
        }
    }
    false
}

#[test]
fn nl_events_print_what_conntrack_e_prints() {
    need_root!();
    let lab = Lab::new();
    let mut ct = lab
        .a
        .cmd("conntrack")
        .args(["-E"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("conntrack -E");
    let mut nl = Command::new(nl_bin())
        .args(["-n", &lab.a.name, "conntrack", "events"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("nl conntrack events");
    let mut js = Command::new(nl_bin())
        .args(["-n", &lab.a.name, "-j", "conntrack", "events"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("nl -j conntrack events");
    let (ct_rx, nl_rx, js_rx) = (
        line_reader(&mut ct),
        line_reader(&mut nl),
        line_reader(&mut js),
    );
    // All listen once all saw a probe flow (to port 9, from a new port
    // each round).
    let (mut ct_lines, mut nl_lines, mut js_lines) = (Vec::new(), Vec::new(), Vec::new());
    let mut ready = (false, false, false);
    let mut probes = Vec::new();
    for _ in 0..50 {
        probes.push(lab.udp_once(B4, 9));
        let w = Duration::from_millis(200);
        ready.0 = ready.0 || read_within(&ct_rx, "dport=9 ", &mut ct_lines, w);
        ready.1 = ready.1 || read_within(&nl_rx, "dport=9 ", &mut nl_lines, w);
        ready.2 = ready.2 || read_within(&js_rx, "\"dport\":9}", &mut js_lines, w);
        if ready.0 && ready.1 && ready.2 {
            break;
        }
    }
    assert!(
        ready.0 && ready.1 && ready.2,
        "all listen: {ct_lines:?} {nl_lines:?} {js_lines:?}"
    );
    ct_lines.clear();
    nl_lines.clear();
    js_lines.clear();
    // Drain what the probes left.
    std::thread::sleep(Duration::from_millis(200));
    while ct_rx.try_recv().is_ok() {}
    while nl_rx.try_recv().is_ok() {}
    while js_rx.try_recv().is_ok() {}

    // The scenario: a TCP connection, UDP both ways, ICMP, then the TCP
    // entry deleted by hand; the marker flow ends it.
    let (c, s, sport) = lab.tcp_open(B6, 8443);
    drop(c);
    drop(s);
    lab.udp_echo(B4, 7000);
    lab.ping(B4, 0x77);
    let out = lab.a.conntrack(&[
        "-D",
        "-p",
        "tcp",
        "--orig-port-src",
        &sport.to_string(),
        "-f",
        "ipv6",
    ]);
    assert!(out.status.success(), "{out:?}");
    lab.udp_once(B4, 10);
    assert!(
        read_until(&ct_rx, "dport=10 ", &mut ct_lines),
        "{ct_lines:?}"
    );
    assert!(
        read_until(&nl_rx, "dport=10 ", &mut nl_lines),
        "{nl_lines:?}"
    );
    assert!(
        read_until(&js_rx, "\"dport\":10}", &mut js_lines),
        "{js_lines:?}"
    );
    for child in [&mut ct, &mut nl, &mut js] {
        let _ = child.kill();
        let _ = child.wait();
    }
    // The JSON events are the text ones, one object a line.
    assert_eq!(js_lines.len(), nl_lines.len(), "{js_lines:?}");
    for (j, t) in js_lines.iter().zip(&nl_lines) {
        let v: serde_json::Value = serde_json::from_str(j).expect("one JSON object a line");
        let word = v["event"].as_str().unwrap().to_ascii_uppercase();
        assert!(
            t.trim_start().starts_with(&format!("[{word}] ")),
            "{j}\n{t}"
        );
        assert!(
            t.contains(&format!(" {} ", v["proto"].as_str().unwrap())),
            "{j}\n{t}"
        );
        let src = v["orig"]["src"].as_str().unwrap();
        assert!(t.contains(&format!("src={src} ")), "{j}\n{t}");
        assert_eq!(
            v.get("portid").is_some(),
            t.contains("[USERSPACE]"),
            "{j}\n{t}"
        );
    }
    // conntrack-tools names the program behind a userspace port when it
    // can find it; nl does not look.
    let norm = |v: &[String]| -> Vec<String> {
        v.iter()
            .map(|l| match l.find(" progname=") {
                Some(i) => l[..i].to_string(),
                None => l.clone(),
            })
            .collect()
    };
    assert_eq!(norm(&nl_lines), norm(&ct_lines));
    let all = nl_lines.join("\n");
    for want in [
        "    [NEW] tcp",
        " [UPDATE] tcp",
        "[DESTROY] tcp",
        "    [NEW] icmp",
        "    [NEW] udp",
    ] {
        assert!(all.contains(want), "{want}: {all}");
    }
    assert!(
        all.contains("[USERSPACE] portid="),
        "the delete came from userspace: {all}"
    );
}

#[test]
fn nl_verbs_agree_with_conntrack_tools() {
    need_root!();
    let lab = Lab::new();
    let a = &lab.a;
    let ok = |o: Output| {
        assert!(o.status.success(), "{o:?}");
        (
            String::from_utf8(o.stdout).unwrap(),
            String::from_utf8(o.stderr).unwrap(),
        )
    };
    // Create with nl; conntrack-tools sees it as asked.
    let (_, err) = ok(a.nl(&[
        "conntrack",
        "create",
        "-p",
        "tcp",
        "-s",
        "10.5.0.1",
        "-d",
        "10.5.0.2",
        "--sport",
        "4000",
        "--dport",
        "80",
        "-t",
        "500",
        "--state",
        "ESTABLISHED",
        "-u",
        "SEEN_REPLY,ASSURED",
        "-m",
        "7",
        "-w",
        "4",
    ]));
    assert!(err.contains("1 flow entries have been created."), "{err}");
    ok(a.nl(&[
        "conntrack",
        "create",
        "-p",
        "udp",
        "-s",
        "fd05::1",
        "-d",
        "fd05::2",
        "--sport",
        "5000",
        "--dport",
        "53",
        "-t",
        "100",
    ]));
    ok(a.nl(&[
        "conntrack",
        "create",
        "-p",
        "icmp",
        "-s",
        "10.5.0.1",
        "-d",
        "10.5.0.2",
        "--icmp-type",
        "8",
        "--icmp-code",
        "0",
        "--icmp-id",
        "99",
        "-t",
        "30",
    ]));
    let (ct, _) = ok(a.conntrack(&["-L", "-o", "extended", "-p", "tcp"]));
    let l = parse_ct_line(ct.trim());
    assert_eq!(l.state.as_deref(), Some("ESTABLISHED"));
    assert!(l.assured && !l.unreplied, "{ct}");
    assert_eq!(l.rest.get("mark").map(String::as_str), Some("7"));
    assert_eq!(l.rest.get("zone").map(String::as_str), Some("4"));
    assert_eq!(
        l.reply.kv.get("sport").map(String::as_str),
        Some("80"),
        "mirrored reply"
    );
    assert!(l.timeout > 490 && l.timeout <= 500);
    let (ct, _) = ok(a.conntrack(&["-L", "-o", "extended", "-p", "icmp"]));
    let l = parse_ct_line(ct.trim());
    assert_eq!(
        l.reply.kv.get("type").map(String::as_str),
        Some("0"),
        "echo reply"
    );
    assert_eq!(l.orig.kv.get("id").map(String::as_str), Some("99"));
    assert_eq!(same_listing(a, &[]), 3);

    // Creating it again is refused.
    let again = a.nl(&[
        "conntrack",
        "create",
        "-p",
        "udp",
        "-s",
        "fd05::1",
        "-d",
        "fd05::2",
        "--sport",
        "5000",
        "--dport",
        "53",
        "-t",
        "100",
    ]);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("File exists"));

    // Get prints the one line list prints.
    let (got, _) = ok(a.nl(&[
        "conntrack",
        "get",
        "-p",
        "tcp",
        "-s",
        "10.5.0.1",
        "-d",
        "10.5.0.2",
        "--sport",
        "4000",
        "--dport",
        "80",
        "-w",
        "4",
    ]));
    let (listed, _) = ok(a.nl(&["conntrack", "list", "-p", "tcp"]));
    assert_eq!(lines(&got).len(), 1);
    // The kernel holds one more reference while it answers a get.
    let no_use = |l: &str| l.replace(" use=2", " use=1");
    assert_eq!(no_use(&lines(&got)[0].0), lines(&listed)[0].0);
    let missing = a.nl(&[
        "conntrack",
        "get",
        "-p",
        "tcp",
        "-s",
        "10.5.0.1",
        "-d",
        "10.5.0.2",
        "--sport",
        "4001",
        "--dport",
        "80",
    ]);
    assert!(!missing.status.success());

    // JSON: one object a line, with the fields a user reads.
    let (j, _) = ok(a.nl(&["-j", "conntrack", "list"]));
    let objs: Vec<serde_json::Value> = j
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object a line"))
        .collect();
    assert_eq!(objs.len(), 3);
    let tcp = objs.iter().find(|o| o["proto"] == "tcp").unwrap();
    assert_eq!(tcp["family"], "ipv4");
    assert_eq!(tcp["state"], "ESTABLISHED");
    assert_eq!(tcp["orig"]["sport"], 4000);
    assert_eq!(tcp["reply"]["src"], "10.5.0.2");
    assert_eq!(tcp["mark"], 7);
    assert_eq!(tcp["zone"], 4);
    assert!(
        tcp["status"]
            .as_array()
            .unwrap()
            .contains(&"ASSURED".into())
    );
    let v6 = objs.iter().find(|o| o["family"] == "ipv6").unwrap();
    assert_eq!(v6["orig"]["dst"], "fd05::2");

    // Count as conntrack -C counts.
    let (n, _) = ok(a.nl(&["conntrack", "count"]));
    let (m, _) = ok(a.conntrack(&["-C"]));
    assert_eq!(n.trim(), m.trim());
    assert_eq!(n.trim(), "3");
    // Stats: a line per CPU with conntrack -S's keys.
    let (s, _) = ok(a.nl(&["conntrack", "stats"]));
    let (t, _) = ok(a.conntrack(&["-S"]));
    let keys = |x: &str| -> Vec<Vec<String>> {
        x.lines()
            .map(|l| {
                l.split_whitespace()
                    .map(|w| w.split('=').next().unwrap().to_string())
                    .collect()
            })
            .collect()
    };
    assert_eq!(keys(&s), keys(&t));

    // Delete by filters (the library's, then status and ICMP ones nl
    // matches itself); then flush one family, then all.
    let deleted = |args: &[&str], n: usize| {
        let mut v = vec!["conntrack", "delete"];
        v.extend_from_slice(args);
        let (_, err) = ok(a.nl(&v));
        assert!(
            err.contains(&format!("{n} flow entries have been deleted.")),
            "{args:?}: {err}"
        );
    };
    deleted(&["-p", "udp", "-m", "7"], 0);
    deleted(&["-m", "7", "-w", "5"], 0);
    deleted(&["-u", "ASSURED", "-f", "ipv6"], 0);
    deleted(&["-u", "ASSURED"], 1);
    assert_eq!(same_listing(a, &["-p", "tcp"]), 0);
    deleted(&["-p", "icmp", "--icmp-id", "98"], 0);
    deleted(&["-p", "icmp", "--icmp-id", "99"], 1);
    ok(a.nl(&[
        "conntrack",
        "create",
        "-p",
        "icmp",
        "-s",
        "10.5.0.1",
        "-d",
        "10.5.0.2",
        "--icmp-type",
        "8",
        "--icmp-code",
        "0",
        "--icmp-id",
        "98",
        "-t",
        "30",
    ]));
    ok(a.nl(&["conntrack", "flush", "-f", "ipv6"]));
    assert_eq!(same_listing(a, &[]), 1, "the ICMP entry is left");
    ok(a.nl(&["conntrack", "flush"]));
    assert_eq!(same_listing(a, &[]), 0);

    // Bad input: one line, exit 1, nothing changed.
    for bad in [
        &["conntrack", "list", "-p", "nosuch"][..],
        &["conntrack", "list", "--sport", "70000"],
        &["conntrack", "create", "-p", "tcp", "-s", "10.5.0.1"],
        &["conntrack", "nosuch"],
        &["conntrack", "list", "-m"],
    ] {
        let o = a.nl(bad);
        assert_eq!(o.status.code(), Some(1), "{bad:?}: {o:?}");
        assert_eq!(
            String::from_utf8_lossy(&o.stderr).lines().count(),
            1,
            "{bad:?}"
        );
    }
}

#[test]
fn timestamps_print_the_age_as_conntrack_prints_it() {
    need_root!();
    let lab = Lab::new();
    lab.a
        .ns
        .set_sysctls(&[("net.netfilter.nf_conntrack_timestamp", "1")])
        .unwrap();
    let _keep = make_traffic(&lab);
    // Let the entries age past a second.
    std::thread::sleep(Duration::from_millis(1100));
    let out = lab.a.nl(&["conntrack", "list"]);
    let text = String::from_utf8_lossy(&out.stdout);
    let aged = lines(&text);
    assert_eq!(aged.len(), 15);
    assert!(
        aged.iter()
            .all(|(l, _, d)| l.contains(" delta-time=D ") && *d >= 1),
        "{text}"
    );
    assert_eq!(same_listing(&lab.a, &[]), 15);
    // The library reads the start time, in nanoseconds since the epoch.
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64;
    let list = lab.a.conn().conntrack_list(&Query::new()).unwrap();
    for e in list.iter() {
        let start = e.timestamp().expect("timestamps on").start().unwrap();
        assert!(
            start < now && now - start < 60_000_000_000,
            "{start} vs {now}"
        );
    }
}
