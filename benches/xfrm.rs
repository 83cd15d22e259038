//! XFRM policies end to end, in a namespace the bench fills with 10,000
//! policies (each with a tunnel template): the typed list through
//! `Conn<Xfrm>` (streamed views, with the default peek before each read
//! and without it; and collected owned policies) against a bare `recvmsg`
//! loop over the same dump; and
//! `ip xfrm policy list` against `nl xfrm policy list` as whole processes.
//! Needs root; prints why and exits otherwise.

mod common;

use std::hint::black_box;
use std::net::{IpAddr, Ipv4Addr};
use std::path::PathBuf;
use std::process::{Command, Stdio};

use criterion::{Criterion, criterion_group, criterion_main};
use nlstack::conn::{Config, Conn, Xfrm};
use nlstack::netns::NetNs;
use nlstack::sys::Socket;
use nlstack::wire::{Encoder, Flags};
use nlstack::xfrm::{
    PolicyRequest, Selector, Tmpl, XFRM_MODE_TUNNEL, XFRM_MSG_GETPOLICY, XFRM_POLICY_OUT,
};

const POLICIES: u32 = 10_000;

fn v4(a: u32) -> IpAddr {
    IpAddr::V4(Ipv4Addr::from(a))
}

fn populate(c: &mut Conn<Xfrm>) {
    for i in 0..POLICIES {
        let src = v4(0x0a00_0000 | (i << 8));
        let dst = v4(0xac10_0000 | (i << 8));
        let req = PolicyRequest::new(Selector::between(src, 24, dst, 24), XFRM_POLICY_OUT)
            .priority(i)
            .tmpl(Tmpl::new(
                v4(0xc000_0201),
                v4(0xc000_0202),
                50,
                XFRM_MODE_TUNNEL,
            ));
        c.policy_add(&req).unwrap();
    }
}

/// The floor: send the dump request, `recvmsg` into a fixed 64 KiB buffer
/// until a datagram holds `NLMSG_DONE`. Returns the bytes received.
fn bare(sock: &Socket, req: &mut Vec<u8>, rx: &mut [u8]) -> usize {
    req.clear();
    let e = Encoder::new(req, XFRM_MSG_GETPOLICY, Flags::REQUEST | Flags::DUMP, 1, 0);
    e.finish().unwrap();
    sock.send(req).unwrap();
    let mut total = 0;
    loop {
        let (n, _) = sock.recv_into(rx).unwrap();
        total += n;
        let mut pos = 0;
        while pos + 16 <= n {
            let len = u32::from_ne_bytes(rx[pos..pos + 4].try_into().unwrap()) as usize;
            if u16::from_ne_bytes([rx[pos + 4], rx[pos + 5]]) == 3 {
                return total;
            }
            pos += (len.max(16) + 3) & !3;
        }
    }
}

/// Every policy as a typed view, every field it offers read: the whole
/// `xfrm_userpolicy_info` (selector, lifetimes, priority, index, direction,
/// action, flags), every template whole, and every attribute getter.
fn typed(c: &mut Conn<Xfrm>) -> u64 {
    let mut sum = 0u64;
    c.policies_each(|p| {
        black_box(p.info().to_owned());
        if let Some(ts) = p.tmpl() {
            for t in (0..ts.len()).filter_map(|i| ts.get(i)) {
                black_box(t.to_owned());
            }
        }
        black_box((
            p.mark().map(|m| m.to_owned()),
            p.policy_type().map(|t| t.to_owned()),
            p.sec_ctx(),
            p.ltime_val().map(|l| l.to_owned()),
            p.lastused(),
            p.if_id(),
            p.set_mark(),
            p.set_mark_mask(),
            p.srcaddr(),
            p.coaddr(),
        ));
        sum += 1;
        Ok(())
    })
    .unwrap();
    sum
}

/// The `nl` example, built in release mode next to this bench.
fn nl_bin() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let profile = exe.parent().and_then(|d| d.parent()).unwrap().to_path_buf();
    let target = profile.parent().unwrap();
    let ok = Command::new(env!("CARGO"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["build", "--quiet", "--release", "--example", "nl"])
        .env("CARGO_TARGET_DIR", target)
        .status()
        .unwrap()
        .success();
    assert!(ok, "building the nl example failed");
    target.join("release").join("examples").join("nl")
}

fn process(bin: &std::path::Path, ns: &str) {
    let ok = Command::new(bin)
        .args(["-n", ns, "xfrm", "policy", "list"])
        .stdout(Stdio::null())
        .status()
        .unwrap()
        .success();
    assert!(ok);
}

fn bench(c: &mut Criterion) {
    // SAFETY: geteuid takes no arguments and cannot fail.
    if unsafe { libc::geteuid() } != 0 {
        eprintln!("benches/xfrm: skipped, needs root to make a network namespace");
        return;
    }
    let name = format!("nlstack-bench-xfrm-{}", std::process::id());
    let ns = NetNs::create(&name).unwrap();
    let mut conn = Conn::<Xfrm>::dial(Config::default().netns(&ns)).unwrap();
    populate(&mut conn);
    assert_eq!(conn.policies().unwrap().len(), POLICIES as usize);
    let sock = ns.run(|| Socket::new(libc::NETLINK_XFRM)).unwrap().unwrap();
    sock.bind(0, 0).unwrap();
    let mut req = Vec::new();
    let mut rx = vec![0u8; 64 << 10];
    // The same, one system call per datagram as the floor (dump datagrams
    // fit the receive buffer).
    let mut unpeeked = Conn::<Xfrm>::dial(Config::default().netns(&ns)).unwrap();
    unpeeked.set_unpeeked(true);

    let mut g = c.benchmark_group("xfrm/policies_10k");
    g.sample_size(20);
    g.bench_function("floor", |b| {
        b.iter(|| black_box(bare(&sock, &mut req, &mut rx)))
    });
    g.bench_function("typed_each", |b| b.iter(|| black_box(typed(&mut conn))));
    g.bench_function("typed_each_unpeeked", |b| {
        b.iter(|| black_box(typed(&mut unpeeked)))
    });
    g.bench_function("typed_collect", |b| {
        b.iter(|| black_box(conn.policies().unwrap().len()))
    });
    g.finish();

    let nl = nl_bin();
    let mut g = c.benchmark_group("xfrm/policy_list_process");
    g.sample_size(10);
    g.bench_function("ip", |b| b.iter(|| process("ip".as_ref(), &name)));
    g.bench_function("nl", |b| b.iter(|| process(&nl, &name)));
    g.finish();

    drop(conn);
    drop(unpeeked);
    drop(ns);
    let _ = NetNs::delete(&name);
}

criterion_group!(benches, bench);
criterion_main!(benches);
