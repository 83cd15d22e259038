//! Helpers the benches share: `ip -batch` inside a namespace, and what the
//! process and a thread cost (resident memory, CPU time).
#![allow(dead_code)]

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Duration;

use nlstack::netns::NetNs;

/// Feeds `script` to `ip -batch -` run inside `ns`; whether it succeeded.
pub fn ip_batch(ns: &NetNs, script: &str) -> bool {
    ns.run(|| -> std::io::Result<bool> {
        let mut c = Command::new("ip")
            .args(["-batch", "-"])
            .stdin(Stdio::piped())
            .spawn()?;
        c.stdin.take().unwrap().write_all(script.as_bytes())?;
        Ok(c.wait()?.success())
    })
    .unwrap()
    .unwrap()
}

/// This process's resident memory, in KiB (`VmRSS`).
pub fn rss_kib() -> u64 {
    let s = std::fs::read_to_string("/proc/self/status").unwrap();
    s.lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches(" kB").trim().parse().ok())
        .unwrap_or(0)
}

/// CPU time (user and system) of this thread (`RUSAGE_THREAD`) or of the
/// whole process (`RUSAGE_SELF`).
pub fn cpu(who: i32) -> Duration {
    // SAFETY: ru is valid for writes of one rusage.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: as above; `who` is RUSAGE_THREAD or RUSAGE_SELF.
    unsafe { libc::getrusage(who, &mut ru) };
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    tv(ru.ru_utime) + tv(ru.ru_stime)
}

/// A conntrack table in `ns` for the conntrack benches: entry `i` (of
/// `0..n`) is UDP (two in three) or established TCP (one in three) from
/// `10.{1 + i % 2}.x.y` to `10.200.0.1`, so half of them (even `i`) come
/// from `10.1.0.0/16`; mark `i % 256`, timeout one hour. Created with
/// batched `IPCTNL_MSG_CT_NEW` requests; returns how many were created
/// (the others already existed). `which` picks the entries to create.
pub fn conntrack_populate(
    conn: &mut nlstack::conn::Conn<nlstack::conn::Netfilter>,
    n: usize,
    which: impl Fn(usize) -> bool,
) -> usize {
    use nlstack::netfilter::conntrack::*;
    use nlstack::wire::{Flags, NfGenMsg};
    let idx: Vec<usize> = (0..n).filter(|&i| which(i)).collect();
    let mut created = 0;
    for chunk in idx.chunks(4096) {
        let mut batch = conn.batch();
        for &i in chunk {
            let spec = conntrack_spec(i);
            batch
                .add(IPCTNL_MSG_CT_NEW, Flags::CREATE | Flags::EXCL, |e| {
                    e.header(&NfGenMsg {
                        family: libc::AF_INET as u8,
                        version: 0,
                        res_id: 0,
                    });
                    spec.encode(e);
                })
                .unwrap();
        }
        for r in batch.run().unwrap() {
            match r {
                Ok(()) => created += 1,
                Err(e) if e.errno() == Some(libc::EEXIST) => {}
                Err(e) => panic!("creating a conntrack entry: {e}"),
            }
        }
    }
    created
}

/// The request form of entry `i` of [`conntrack_populate`].
pub fn conntrack_spec(i: usize) -> nlstack::netfilter::conntrack::EntrySpec {
    use nlstack::netfilter::conntrack::*;
    use std::net::{IpAddr, Ipv4Addr};
    let j = i >> 1;
    let src = IpAddr::V4(Ipv4Addr::new(
        10,
        1 + (i & 1) as u8,
        (j >> 8) as u8,
        j as u8,
    ));
    let dst = IpAddr::V4(Ipv4Addr::new(10, 200, 0, 1));
    let sport = 1024 + (j >> 16) as u16;
    let (proto, dport) = if i % 3 == 0 { (6, 80) } else { (17, 53) };
    let spec = EntrySpec::new()
        .orig(TupleSpec::between(src, dst, proto).ports(sport, dport))
        .reply(TupleSpec::between(dst, src, proto).ports(dport, sport))
        .timeout(3600)
        .mark(i as u32 % 256);
    if proto == 6 {
        spec.protoinfo(
            ProtoInfoSpec::new()
                .tcp(ProtoInfoTcpSpec::new().state(tcp_state_by_name("ESTABLISHED").unwrap())),
        )
        .status(Status::SEEN_REPLY.bits() | Status::ASSURED.bits() | Status::CONFIRMED.bits())
    } else {
        spec
    }
}
