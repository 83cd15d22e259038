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
