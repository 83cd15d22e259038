//! Helpers shared by the kernel tests: root check, `ip` run inside a
//! namespace a test made, a counting allocator, the comparison of `nl`'s
//! JSON with `ip`'s, and an attribute built by hand.
#![allow(dead_code, unused_macros)]

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;
use std::time::Duration;

use nlstack::netns::NetNs;
use serde_json::Value;

/// True when running as root (the kernel tests need it).
pub fn is_root() -> bool {
    // SAFETY: geteuid takes no arguments and cannot fail.
    unsafe { libc::geteuid() == 0 }
}

/// The environment variable that turns every skip into a failure: CI sets
/// it, since it runs as root and a kernel test that did not run proves
/// nothing.
pub const REQUIRE_KERNEL: &str = "NLSTACK_REQUIRE_KERNEL";

/// True when a test that needs root and the kernel must skip itself (not
/// root); the reason is printed on stderr. With `NLSTACK_REQUIRE_KERNEL=1`
/// a skip is a failure instead: this panics, naming the reason.
pub fn skip_unless_root() -> bool {
    if is_root() {
        return false;
    }
    let why = "needs root (CAP_SYS_ADMIN) to make network namespaces";
    if std::env::var_os(REQUIRE_KERNEL).is_some_and(|v| v != "0" && !v.is_empty()) {
        panic!("{REQUIRE_KERNEL} is set, and this kernel test would be skipped: it {why}");
    }
    eprintln!("skipped: {why}");
    true
}

/// Returns early from a test when it cannot run (not root), saying so on
/// stderr; fails instead under `NLSTACK_REQUIRE_KERNEL=1`.
macro_rules! need_root {
    () => {
        if common::skip_unless_root() {
            return;
        }
    };
}

/// Runs `ip ARGS` inside `ns` (a child inherits the namespace of the thread
/// that starts it) and returns its output, whatever the exit status.
pub fn ip_output(ns: &NetNs, args: &[&str]) -> Output {
    ns.run(|| Command::new("ip").args(args).output())
        .expect("enter the namespace")
        .expect("run ip")
}

/// Runs `ip ARGS` inside `ns` and returns its stdout; fails the test if
/// `ip` fails.
pub fn ip(ns: &NetNs, args: &[&str]) -> String {
    let out = ip_output(ns, args);
    assert!(
        out.status.success(),
        "ip {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("ip prints UTF-8")
}

/// `ip -j ARGS` inside `ns`, parsed.
pub fn ip_json(ns: &NetNs, args: &[&str]) -> serde_json::Value {
    let mut a = vec!["-j"];
    a.extend_from_slice(args);
    let out = ip(ns, &a);
    if out.trim().is_empty() {
        return serde_json::Value::Array(Vec::new());
    }
    serde_json::from_str(&out).expect("ip -j prints JSON")
}

/// Feeds `script` to `ip -batch -` inside `ns`; fails the test on error.
pub fn ip_batch(ns: &NetNs, script: &str) {
    let ok = ns
        .run(|| -> std::io::Result<bool> {
            let mut child = Command::new("ip")
                .args(["-batch", "-"])
                .stdin(Stdio::piped())
                .spawn()?;
            child
                .stdin
                .take()
                .expect("piped stdin")
                .write_all(script.as_bytes())?;
            Ok(child.wait()?.success())
        })
        .expect("enter the namespace")
        .expect("run ip -batch");
    assert!(ok, "ip -batch failed:\n{script}");
}

/// A global allocator that counts allocations per thread; a test binary
/// installs it with `#[global_allocator] static A: common::Counting =
/// common::Counting;` and measures with [`allocations`].
pub struct Counting;

thread_local! {
    static ALLOCS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

// SAFETY: defers to the system allocator; only counts calls per thread.
unsafe impl std::alloc::GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: std::alloc::Layout) -> *mut u8 {
        ALLOCS.with(|c| c.set(c.get() + 1));
        // SAFETY: same contract as our caller's.
        unsafe { std::alloc::System.alloc(l) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: std::alloc::Layout) {
        // SAFETY: same contract as our caller's.
        unsafe { std::alloc::System.dealloc(p, l) }
    }
    unsafe fn realloc(&self, p: *mut u8, l: std::alloc::Layout, n: usize) -> *mut u8 {
        ALLOCS.with(|c| c.set(c.get() + 1));
        // SAFETY: same contract as our caller's.
        unsafe { std::alloc::System.realloc(p, l, n) }
    }
}

/// Runs `f` and returns how many allocations (and reallocations) this
/// thread made meanwhile, with `f`'s result.
pub fn allocations<R>(f: impl FnOnce() -> R) -> (usize, R) {
    let before = ALLOCS.with(std::cell::Cell::get);
    let r = f();
    (ALLOCS.with(std::cell::Cell::get) - before, r)
}

/// The path of example `name` (`nl` or `container`), built once per test
/// binary into the target directory the tests run from, in their profile.
pub fn example_bin(name: &str) -> PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        // A test runs from <target>/<profile>/deps/NAME-HASH.
        let exe = std::env::current_exe().expect("current_exe");
        let profile_dir = exe.parent().and_then(|d| d.parent()).expect("profile dir");
        let target = profile_dir.parent().expect("target dir");
        let mut cmd = Command::new(env!("CARGO"));
        cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
            .args([
                "build",
                "--quiet",
                "--example",
                "nl",
                "--example",
                "container",
            ])
            .env("CARGO_TARGET_DIR", target);
        if profile_dir.file_name().and_then(|n| n.to_str()) == Some("release") {
            cmd.arg("--release");
        }
        let st = cmd.status().expect("run cargo build");
        assert!(
            st.success(),
            "cargo build --example nl --example container failed"
        );
        profile_dir.join("examples")
    })
    .join(name)
}

/// `nl`'s value must be a subset of `ip`'s: every key nl prints, ip
/// prints too, with an equal value (objects inside arrays compared the
/// same way, element by element). Returns how many keys were compared.
///
/// Lifetimes (`*_life_time`) count down between the two reads: `ip`'s
/// read came first, the two were at most `apart` apart, and the kernel
/// rounds each read down to whole seconds, so nl's value may be smaller by
/// `apart` rounded up plus one second, and never larger.
pub fn subset(path: &str, nl: &Value, ip: &Value, apart: Duration) -> usize {
    match (nl, ip) {
        (Value::Object(n), Value::Object(i)) => {
            let mut count = 0;
            for (k, nv) in n {
                let Some(iv) = i.get(k) else {
                    panic!("{path}: nl prints key {k:?} that ip does not: nl {nl}\n ip {ip}");
                };
                count += 1 + subset(&format!("{path}.{k}"), nv, iv, apart);
            }
            count
        }
        (Value::Array(n), Value::Array(i)) if n.iter().chain(i).any(Value::is_object) => {
            assert_eq!(
                n.len(),
                i.len(),
                "{path}: nl has {} entries, ip {}:\n nl {nl}\n ip {ip}",
                n.len(),
                i.len()
            );
            n.iter()
                .zip(i)
                .enumerate()
                .map(|(x, (a, b))| subset(&format!("{path}[{x}]"), a, b, apart))
                .sum()
        }
        (Value::Number(n), Value::Number(i)) if path.ends_with("_life_time") => {
            let (n, i) = (n.as_u64().unwrap_or(0), i.as_u64().unwrap_or(0));
            let slack = apart.as_secs() + u64::from(apart.subsec_nanos() > 0) + 1;
            assert!(
                n <= i && i - n <= slack,
                "{path}: nl {n}, ip {i}, read {apart:?} apart"
            );
            0
        }
        _ => {
            assert_eq!(nl, ip, "{path}: values differ");
            0
        }
    }
}

/// An attribute of `kind` holding `value`, padded to 4 bytes, as the kernel
/// lays it out.
pub fn attr(kind: u16, value: &[u8]) -> Vec<u8> {
    let mut b = ((4 + value.len()) as u16).to_ne_bytes().to_vec();
    b.extend_from_slice(&kind.to_ne_bytes());
    b.extend_from_slice(value);
    b.resize(b.len().next_multiple_of(4), 0);
    b
}
