//! Network namespaces (issue 3): handles, errors, `run`, `enter`, named and
//! anonymous namespaces, the raw calls.
//!
//! Tests that need the kernel's privileges skip with a message when not
//! root. Each makes its own namespaces (anonymous ones, or named ones with
//! unique names removed by a guard) and never changes the host namespace.

#[macro_use]
mod common;

use std::fs;
use std::io;
use std::os::fd::{AsFd, AsRawFd, OwnedFd};
use std::os::unix::fs::MetadataExt;
use std::os::unix::process::ExitStatusExt;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{RwLock, RwLockReadGuard};

use nlstack::netns::{self, NetNs, NetNsError, NetNsErrorKind};
use nlstack::sys::{self, Socket};
use nlstack::wire::{Control, Encoder, FamilyHeader, Flags, IfInfoMsg, Messages, MsgType};

// ---------------------------------------------------------------- helpers

/// The fd-count test needs the process to itself; every other test shares.
static FD_QUIET: RwLock<()> = RwLock::new(());

fn shared() -> RwLockReadGuard<'static, ()> {
    FD_QUIET.read().unwrap_or_else(|e| e.into_inner())
}

/// This thread's network namespace inode, read without nlstack.
fn thread_ns_ino() -> u64 {
    fs::metadata("/proc/thread-self/ns/net")
        .expect("stat /proc/thread-self/ns/net")
        .ino()
}

fn fd_count() -> usize {
    fs::read_dir("/proc/self/fd")
        .expect("read /proc/self/fd")
        .count()
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

fn unique(prefix: &str) -> String {
    format!(
        "{prefix}-{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

/// Deletes a named namespace when dropped, whether the test passed or not.
struct NamedGuard(String);

impl Drop for NamedGuard {
    fn drop(&mut self) {
        let _ = NetNs::delete(&self.0);
    }
}

/// A scratch directory under the temp dir, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> TempDir {
        let p = std::env::temp_dir().join(unique("nlstack-netns-test"));
        fs::create_dir(&p).expect("create temp dir");
        TempDir(p)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        use std::os::unix::fs::PermissionsExt;
        let _ = fs::set_permissions(&self.0, fs::Permissions::from_mode(0o700));
        let _ = fs::remove_dir_all(&self.0);
    }
}

const CAP_DAC_OVERRIDE: u32 = 1;
const CAP_DAC_READ_SEARCH: u32 = 2;
const CAP_SYS_ADMIN: u32 = 21;

#[repr(C)]
struct CapHeader {
    version: u32,
    pid: i32,
}

#[repr(C)]
#[derive(Default, Clone, Copy)]
struct CapData {
    effective: u32,
    permitted: u32,
    inheritable: u32,
}

/// Removes `caps` from the calling thread's effective set (the raw
/// `capset` call acts on this thread only). Run it on a thread of its own.
fn drop_effective_caps(caps: &[u32]) -> io::Result<()> {
    let mut head = CapHeader {
        version: 0x2008_0522, // _LINUX_CAPABILITY_VERSION_3
        pid: 0,
    };
    let mut data = [CapData::default(); 2];
    // SAFETY: version 3 takes one header and two data structs, both valid
    // for writes.
    if unsafe { libc::syscall(libc::SYS_capget, &mut head, data.as_mut_ptr()) } != 0 {
        return Err(io::Error::last_os_error());
    }
    for &c in caps {
        data[(c / 32) as usize].effective &= !(1 << (c % 32));
    }
    // SAFETY: as above, for reads.
    if unsafe { libc::syscall(libc::SYS_capset, &head, data.as_ptr()) } != 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

fn kind<T: std::fmt::Debug>(r: Result<T, NetNsError>) -> NetNsErrorKind {
    r.expect_err("expected an error").kind
}

fn ip_netns_list() -> Vec<String> {
    let out = Command::new("ip")
        .args(["netns", "list"])
        .output()
        .expect("run ip netns list");
    assert!(out.status.success(), "ip netns list: {out:?}");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.split_whitespace().next().map(str::to_owned))
        .collect()
}

/// `readlink /proc/self/ns/net` as seen by a process run through `ip netns
/// exec NAME`.
fn ip_netns_exec_ns_link(name: &str) -> String {
    let out = Command::new("ip")
        .args(["netns", "exec", name, "readlink", "/proc/self/ns/net"])
        .output()
        .expect("run ip netns exec");
    assert!(out.status.success(), "ip netns exec {name}: {out:?}");
    String::from_utf8_lossy(&out.stdout).trim().to_owned()
}

fn ip_links() -> String {
    let out = Command::new("ip")
        .args(["-o", "link", "show"])
        .output()
        .expect("run ip link show");
    assert!(out.status.success(), "ip link show: {out:?}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

// ------------------------------------------------------------ no privilege

#[test]
fn gettid_names_the_calling_thread() {
    let _l = shared();
    let tid_of = || -> u32 {
        // "/proc/thread-self" -> "PID/task/TID"
        let link = fs::read_link("/proc/thread-self").expect("readlink /proc/thread-self");
        let link = link.to_string_lossy().into_owned();
        link.rsplit('/').next().unwrap().parse().unwrap()
    };
    let here = netns::gettid();
    assert_eq!(here, tid_of());
    let (there, there_proc) = std::thread::spawn(move || (netns::gettid(), tid_of()))
        .join()
        .unwrap();
    assert_eq!(there, there_proc);
    assert_ne!(here, there);
}

#[test]
fn open_gives_a_distinct_error_for_each_wrong_target() {
    let _l = shared();
    let dir = TempDir::new();
    let file = dir.0.join("regular");
    fs::write(&file, b"not a namespace").unwrap();
    let fifo = dir.0.join("fifo");
    let st = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(st.success());

    assert_eq!(kind(NetNs::open(&file)), NetNsErrorKind::NotNamespace);
    assert_eq!(kind(NetNs::open(&dir.0)), NetNsErrorKind::NotNamespace);
    // A FIFO with no writer would block an open for reading: must not.
    assert_eq!(kind(NetNs::open(&fifo)), NetNsErrorKind::NotNamespace);
    assert_eq!(
        kind(NetNs::open("/proc/self/ns")),
        NetNsErrorKind::NotNamespace
    );
    assert_eq!(
        kind(NetNs::open("/proc/self/ns/mnt")),
        NetNsErrorKind::WrongType
    );
    assert_eq!(
        kind(NetNs::open("/proc/thread-self/ns/uts")),
        NetNsErrorKind::WrongType
    );
    let missing = NetNs::open(dir.0.join("missing")).unwrap_err();
    assert_eq!(missing.kind, NetNsErrorKind::NotFound);
    assert_eq!(missing.path.as_deref(), Some(&*dir.0.join("missing")));
    assert_eq!(
        missing.source.as_ref().and_then(io::Error::raw_os_error),
        Some(libc::ENOENT)
    );
    assert_eq!(
        kind(NetNs::open(file.join("below-a-file"))),
        NetNsErrorKind::NotFound
    );
    assert_eq!(kind(NetNs::open("/no\0such")), NetNsErrorKind::NotFound);
    assert_eq!(kind(NetNs::from_pid(u32::MAX)), NetNsErrorKind::NotFound);

    // Through the crate's error type the helpers agree.
    let e: nlstack::Error = NetNs::open(dir.0.join("missing")).unwrap_err().into();
    assert!(e.is_not_found());

    // An fd handed over must pass the same checks.
    let fd: OwnedFd = fs::File::open(&file).unwrap().into();
    assert_eq!(kind(NetNs::from_fd(fd)), NetNsErrorKind::NotNamespace);
    let fd: OwnedFd = fs::File::open("/proc/self/ns/mnt").unwrap().into();
    assert_eq!(kind(NetNs::from_fd(fd)), NetNsErrorKind::WrongType);
    let fd: OwnedFd = fs::File::open("/proc/thread-self/ns/net").unwrap().into();
    assert_eq!(NetNs::from_fd(fd).unwrap().id().ino, thread_ns_ino());

    assert!(netns::is_netns("/proc/self/ns/net"));
    assert!(!netns::is_netns("/proc/self/ns/mnt"));
    assert!(!netns::is_netns(&file));
    assert!(!netns::is_netns(&dir.0));
    assert!(!netns::is_netns(dir.0.join("missing")));
}

#[test]
fn names_that_are_not_one_file_name_are_refused() {
    let _l = shared();
    for bad in ["", ".", "..", "a/b", "/etc", "nul\0byte", &"x".repeat(256)] {
        assert_eq!(
            kind(NetNs::named(bad)),
            NetNsErrorKind::InvalidName,
            "{bad:?}"
        );
        assert_eq!(
            kind(NetNs::create(bad)),
            NetNsErrorKind::InvalidName,
            "{bad:?}"
        );
        assert_eq!(
            kind(NetNs::delete(bad)),
            NetNsErrorKind::InvalidName,
            "{bad:?}"
        );
    }
    assert_eq!(
        kind(NetNs::named(&unique("nlstack-never-made"))),
        NetNsErrorKind::NotFound
    );
}

#[test]
fn open_without_access_is_a_permission_error() {
    let _l = shared();
    let dir = TempDir::new();
    let locked = dir.0.join("locked");
    fs::create_dir(&locked).unwrap();
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
    let target = locked.join("net");
    // Root reads through mode 000 with CAP_DAC_*: give those up on a
    // thread of its own.
    let got = std::thread::spawn(move || {
        drop_effective_caps(&[CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH]).expect("capset");
        NetNs::open(&target).map(|_| ())
    })
    .join()
    .unwrap();
    let e = got.unwrap_err();
    assert_eq!(e.kind, NetNsErrorKind::Permission, "{e}");
    assert!(nlstack::Error::from(e).is_permission());
}

#[test]
fn handles_compare_by_identity() {
    let _l = shared();
    let a = NetNs::current().unwrap();
    let b = NetNs::open("/proc/thread-self/ns/net").unwrap();
    assert_ne!(a.as_raw_fd(), b.as_raw_fd());
    assert_eq!(a, b);
    assert_eq!(a.id().ino, thread_ns_ino());
    let link = fs::read_link("/proc/thread-self/ns/net").unwrap();
    assert_eq!(a.id().to_string(), link.to_string_lossy());
    assert!(format!("{a:?}").contains(&a.id().ino.to_string()));

    assert_eq!(a.path(), None);
    assert_eq!(b.path(), Some(Path::new("/proc/thread-self/ns/net")));
    let me = std::process::id();
    let p = NetNs::from_pid(me).unwrap();
    assert_eq!(p.path(), Some(Path::new(&format!("/proc/{me}/ns/net"))));

    let c = a.try_clone().unwrap();
    assert_eq!(c, a);
    assert_ne!(c.as_raw_fd(), a.as_raw_fd());
    assert_eq!(a.as_fd().as_raw_fd(), AsFd::as_fd(&a).as_raw_fd());
    let fd: OwnedFd = c.into();
    assert_eq!(NetNs::from_fd(fd).unwrap(), a);
}

// ------------------------------------------------------------------- root

#[test]
fn anonymous_namespaces_are_new_and_need_no_cleanup() {
    let _l = shared();
    need_root!();
    let before = thread_ns_ino();
    let a = NetNs::new_anonymous().unwrap();
    let b = NetNs::new_anonymous().unwrap();
    assert_eq!(thread_ns_ino(), before, "the caller moved");
    assert_ne!(a.id().ino, before);
    assert_ne!(a, b);
    assert_eq!(a.path(), None);
    assert!(netns::is_netns(format!("/proc/self/fd/{}", a.as_raw_fd())));
    // Unnamed: nothing under /run/netns points at it.
    for name in NetNs::list().unwrap() {
        if let Ok(n) = NetNs::named(&name) {
            assert_ne!(n, a, "anonymous namespace found as {name}");
        }
    }
}

#[test]
fn current_is_the_calling_threads_namespace_not_the_main_threads() {
    let _l = shared();
    need_root!();
    let ns = NetNs::new_anonymous().unwrap();
    let (thread, main) = ns
        .run(|| {
            (
                NetNs::current().unwrap(),
                NetNs::open("/proc/self/ns/net").unwrap(),
            )
        })
        .unwrap();
    assert_eq!(thread, ns);
    assert_ne!(main, ns, "/proc/self is the main thread, which never moved");
}

#[test]
fn run_many_times_leaves_the_caller_and_fd_table_as_they_were() {
    // No other test may open or close fds meanwhile.
    let _l = FD_QUIET.write().unwrap_or_else(|e| e.into_inner());
    need_root!();
    let ns = NetNs::new_anonymous().unwrap();
    let home = thread_ns_ino();
    assert_ne!(home, ns.id().ino);
    let fds = fd_count();
    let (mut oks, mut errs, mut panics) = (0, 0, 0);
    for i in 0..1000u32 {
        let got = catch_unwind(AssertUnwindSafe(|| {
            ns.run(|| -> Result<u64, String> {
                let inside = thread_ns_ino();
                match i % 3 {
                    0 => Ok(inside),
                    1 => Err(format!("error {i} in {inside}")),
                    _ => panic!("panic {i}"),
                }
            })
        }));
        match (i % 3, got) {
            (0, Ok(Ok(Ok(inside)))) => {
                assert_eq!(inside, ns.id().ino);
                oks += 1;
            }
            (1, Ok(Ok(Err(msg)))) => {
                assert_eq!(msg, format!("error {i} in {}", ns.id().ino));
                errs += 1;
            }
            (2, Err(payload)) => {
                let msg = payload.downcast_ref::<String>().expect("panic message");
                assert_eq!(*msg, format!("panic {i}"));
                panics += 1;
            }
            (_, other) => panic!("run {i}: unexpected outcome {other:?}"),
        }
        assert_eq!(thread_ns_ino(), home, "caller moved after run {i}");
        assert_eq!(fd_count(), fds, "fds leaked by run {i}");
    }
    assert_eq!((oks, errs, panics), (334, 333, 333));
}

#[test]
fn run_borrows_and_the_closure_cannot_move_the_caller() {
    let _l = shared();
    need_root!();
    let ns = NetNs::new_anonymous().unwrap();
    let other = NetNs::new_anonymous().unwrap();
    let home = thread_ns_ino();
    let mut seen = Vec::new();
    let caller_tid = netns::gettid();
    let tid = ns
        .run(|| {
            seen.push(thread_ns_ino());
            // The closure moves its own thread around, with the raw calls.
            netns::unshare(netns::CLONE_NEWNET).unwrap();
            seen.push(thread_ns_ino());
            netns::setns(other.as_fd(), netns::CLONE_NEWNET).unwrap();
            seen.push(thread_ns_ino());
            // setns checks the type it is told to expect.
            let mnt = fs::File::open("/proc/self/ns/mnt").unwrap();
            let e = netns::setns(mnt.as_fd(), netns::CLONE_NEWNET).unwrap_err();
            assert_eq!(e.raw_os_error(), Some(libc::EINVAL));
            netns::gettid()
        })
        .unwrap();
    assert_ne!(tid, caller_tid, "not a fresh thread");
    assert_eq!(seen[0], ns.id().ino);
    assert!(seen[1] != ns.id().ino && seen[1] != home && seen[1] != other.id().ino);
    assert_eq!(seen[2], other.id().ino);
    assert_eq!(thread_ns_ino(), home);
    // The handle still lands in its namespace the next time.
    assert_eq!(ns.run(thread_ns_ino).unwrap(), ns.id().ino);
}

#[derive(Debug)]
struct Failed;

fn enter_then_fail(ns: &NetNs, seen: &mut u64) -> Result<(), Failed> {
    let _guard = ns.enter().map_err(|_| Failed)?;
    *seen = thread_ns_ino();
    Err(Failed)?;
    unreachable!()
}

#[test]
fn enter_restores_on_drop_on_early_return_and_on_panic() {
    let _l = shared();
    need_root!();
    let ns = NetNs::new_anonymous().unwrap();
    let home = thread_ns_ino();

    {
        let guard = ns.enter().unwrap();
        assert_eq!(thread_ns_ino(), ns.id().ino);
        assert_eq!(NetNs::current().unwrap(), ns);
        assert_eq!(guard.previous().id().ino, home);
    }
    assert_eq!(thread_ns_ino(), home, "not restored on drop");

    let mut seen = 0;
    assert!(enter_then_fail(&ns, &mut seen).is_err());
    assert_eq!(seen, ns.id().ino);
    assert_eq!(thread_ns_ino(), home, "not restored on early return");

    let r = catch_unwind(AssertUnwindSafe(|| {
        let _guard = ns.enter().unwrap();
        assert_eq!(thread_ns_ino(), ns.id().ino);
        panic!("inside");
    }));
    assert!(r.is_err());
    assert_eq!(thread_ns_ino(), home, "not restored on panic");
}

#[test]
fn enter_guards_nest_and_an_outer_drop_retires_inner_ones() {
    let _l = shared();
    need_root!();
    let a = NetNs::new_anonymous().unwrap();
    let b = NetNs::new_anonymous().unwrap();
    let home = thread_ns_ino();

    let ga = a.enter().unwrap();
    let gb = b.enter().unwrap();
    assert_eq!(thread_ns_ino(), b.id().ino);
    drop(gb);
    assert_eq!(thread_ns_ino(), a.id().ino);
    drop(ga);
    assert_eq!(thread_ns_ino(), home);

    // Out of order: the outer drop wins, the inner one must not pull the
    // thread back into `a`.
    let ga = a.enter().unwrap();
    let gb = b.enter().unwrap();
    drop(ga);
    assert_eq!(thread_ns_ino(), home);
    let gc = b.enter().unwrap();
    drop(gb);
    assert_eq!(thread_ns_ino(), b.id().ino, "a retired guard acted");
    drop(gc);
    assert_eq!(thread_ns_ino(), home);
}

/// Fails to compile if `EnterGuard` is `Send` (the call becomes ambiguous).
#[allow(dead_code)]
fn enter_guard_is_not_send() {
    trait AmbiguousIfSend<A> {
        fn check() {}
    }
    impl<T: ?Sized> AmbiguousIfSend<()> for T {}
    impl<T: ?Sized + Send> AmbiguousIfSend<u8> for T {}
    <netns::EnterGuard as AmbiguousIfSend<_>>::check();
}

#[test]
fn without_cap_sys_admin_enter_and_run_are_refused_and_nothing_moves() {
    let _l = shared();
    need_root!();
    let ns = NetNs::new_anonymous().unwrap();
    std::thread::scope(|s| {
        s.spawn(|| {
            let home = thread_ns_ino();
            drop_effective_caps(&[CAP_SYS_ADMIN]).expect("capset");
            assert_eq!(kind(ns.enter()), NetNsErrorKind::Permission);
            assert_eq!(thread_ns_ino(), home);
            // The fresh thread inherits the dropped capability.
            let mut ran = false;
            assert_eq!(kind(ns.run(|| ran = true)), NetNsErrorKind::Permission);
            assert!(!ran, "the closure ran outside the namespace");
            assert_eq!(kind(NetNs::new_anonymous()), NetNsErrorKind::Permission);
            assert_eq!(thread_ns_ino(), home);
        });
    });
}

const ABORT_CHILD: &str = "NLSTACK_NETNS_TEST_RESTORE_CHILD";

#[test]
fn a_restore_that_cannot_succeed_aborts_the_process() {
    if std::env::var_os(ABORT_CHILD).is_some() {
        // The child: enter, lose the right to go back, drop the guard.
        let ns = NetNs::new_anonymous().unwrap();
        let guard = ns.enter().unwrap();
        drop_effective_caps(&[CAP_SYS_ADMIN]).expect("capset");
        drop(guard);
        println!("survived in {}", thread_ns_ino());
        return;
    }
    let _l = shared();
    need_root!();
    let out = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "a_restore_that_cannot_succeed_aborts_the_process",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(ABORT_CHILD, "1")
        .output()
        .expect("re-run the test binary");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.signal(),
        Some(libc::SIGABRT),
        "status {:?}\nstdout: {stdout}\nstderr: {stderr}",
        out.status
    );
    assert!(
        stderr.contains("aborting rather than running on in the wrong namespace"),
        "stderr: {stderr}"
    );
    assert!(!stdout.contains("survived"));
}

#[test]
fn create_and_delete_agree_with_ip_netns() {
    let _l = shared();
    need_root!();
    let name = unique("nlstack-t3");
    let _g = NamedGuard(name.clone());
    let ns = NetNs::create(&name).unwrap();
    assert_eq!(
        ns.path(),
        Some(&*Path::new(netns::NETNS_RUN_DIR).join(&name))
    );
    assert!(ip_netns_list().contains(&name), "ip does not list {name}");
    assert!(NetNs::list().unwrap().contains(&name));
    assert_eq!(NetNs::named(&name).unwrap(), ns);
    assert_eq!(ip_netns_exec_ns_link(&name), ns.id().to_string());
    assert_ne!(ns.id().ino, thread_ns_ino());
    assert_eq!(kind(NetNs::create(&name)), NetNsErrorKind::Exists);
    assert_eq!(NetNs::named(&name).unwrap(), ns, "a failed create broke it");

    NetNs::delete(&name).unwrap();
    assert!(!ip_netns_list().contains(&name), "ip still lists {name}");
    assert!(!NetNs::list().unwrap().contains(&name));
    assert_eq!(kind(NetNs::named(&name)), NetNsErrorKind::NotFound);
    assert_eq!(kind(NetNs::delete(&name)), NetNsErrorKind::NotFound);
    // The handle keeps the namespace itself alive.
    assert_eq!(ns.run(thread_ns_ino).unwrap(), ns.id().ino);

    // The other way round: made by ip, seen and deleted by nlstack.
    let name = unique("nlstack-t3-ip");
    let _g2 = NamedGuard(name.clone());
    let st = Command::new("ip")
        .args(["netns", "add", &name])
        .status()
        .unwrap();
    assert!(st.success());
    assert!(NetNs::list().unwrap().contains(&name));
    let ns = NetNs::named(&name).unwrap();
    assert_eq!(ip_netns_exec_ns_link(&name), ns.id().to_string());
    NetNs::delete(&name).unwrap();
    assert!(!ip_netns_list().contains(&name), "ip still lists {name}");
}

const IFLA_IFNAME: u16 = 3;
const IFLA_LINKINFO: u16 = 18;
const IFLA_INFO_KIND: u16 = 1;
const IFLA_INFO_DATA: u16 = 2;
const VETH_INFO_PEER: u16 = 1;

/// One request, answered by an ACK or an error.
fn request(sock: &Socket, req: &[u8], seq: u32) -> nlstack::Result<()> {
    sock.send(req)?;
    let mut rx = Vec::new();
    loop {
        sock.recv(&mut rx)?;
        for msg in Messages::new(&rx) {
            let msg = msg?;
            if msg.seq() != seq {
                continue;
            }
            match msg.control()? {
                Some(Control::Ack(_)) => return Ok(()),
                Some(Control::Error(e)) => {
                    return Err(e.to_kernel_error(Some(req), IfInfoMsg::LEN).into());
                }
                _ => {}
            }
        }
    }
}

fn add_veth(sock: &Socket, name: &str, peer: &str) -> nlstack::Result<()> {
    let mut req = Vec::new();
    let flags = Flags::REQUEST | Flags::ACK | Flags::CREATE | Flags::EXCL;
    let mut e = Encoder::new(&mut req, MsgType::RTM_NEWLINK, flags, 1, 0);
    e.header(&IfInfoMsg::default());
    e.put_str(IFLA_IFNAME, name);
    {
        let mut info = e.nest(IFLA_LINKINFO);
        info.put_str(IFLA_INFO_KIND, "veth");
        let mut data = info.nest(IFLA_INFO_DATA);
        let mut p = data.nest(VETH_INFO_PEER);
        p.header(&IfInfoMsg::default());
        p.put_str(IFLA_IFNAME, peer);
    }
    e.finish()?;
    request(sock, &req, 1)
}

/// Link names from an `RTM_GETLINK` dump on `sock`.
fn dump_link_names(sock: &Socket) -> nlstack::Result<Vec<String>> {
    let mut req = Vec::new();
    let mut e = Encoder::new(
        &mut req,
        MsgType::RTM_GETLINK,
        Flags::REQUEST | Flags::DUMP,
        2,
        0,
    );
    e.header(&IfInfoMsg::default());
    e.finish()?;
    sock.send(&req)?;
    let mut names = Vec::new();
    let mut rx = Vec::new();
    loop {
        sock.recv(&mut rx)?;
        for msg in Messages::new(&rx) {
            let msg = msg?;
            if msg.seq() != 2 {
                continue;
            }
            match msg.control()? {
                Some(Control::Done(_)) => return Ok(names),
                Some(Control::Error(e)) => return Err(e.to_kernel_error(None, 0).into()),
                Some(_) => {}
                None => {
                    if let Some(a) = msg.attrs(IfInfoMsg::LEN)?.find(IFLA_IFNAME)? {
                        names.push(a.str()?.to_owned());
                    }
                }
            }
        }
    }
}

#[test]
fn a_link_made_through_run_exists_only_there_and_its_socket_stays_there() {
    let _l = shared();
    need_root!();
    let ns = NetNs::new_anonymous().unwrap();
    let a = format!("nt3a{}", std::process::id() % 100_000);
    let b = format!("nt3b{}", std::process::id() % 100_000);
    let (sock, ip_inside) = ns
        .run(|| -> nlstack::Result<(Socket, String)> {
            let sock = Socket::new(sys::NETLINK_ROUTE)?;
            sock.bind(0, 0)?;
            sock.set_option(sys::SOL_NETLINK, sys::NETLINK_EXT_ACK, 1)?;
            add_veth(&sock, &a, &b)?;
            // A child process starts in this thread's namespace.
            Ok((sock, ip_links()))
        })
        .unwrap()
        .unwrap();
    assert!(
        ip_inside.contains(&a) && ip_inside.contains(&b),
        "{ip_inside}"
    );
    let host = ip_links();
    assert!(!host.contains(&a) && !host.contains(&b), "leaked: {host}");

    // The socket made inside still talks to that namespace from here.
    let names = dump_link_names(&sock).unwrap();
    assert!(names.contains(&a) && names.contains(&b), "{names:?}");
    let here = Socket::new(sys::NETLINK_ROUTE).unwrap();
    here.bind(0, 0).unwrap();
    let names = dump_link_names(&here).unwrap();
    assert!(!names.contains(&a), "{names:?}");

    // Also visible by entering through the fd's /proc path, as another
    // tool would (nsenter).
    let path = format!("/proc/{}/fd/{}", std::process::id(), ns.as_raw_fd());
    let via_path = NetNs::open(&path).unwrap();
    assert_eq!(via_path, ns);
    let names = via_path
        .run(|| {
            let s = Socket::new(sys::NETLINK_ROUTE)?;
            s.bind(0, 0)?;
            dump_link_names(&s)
        })
        .unwrap()
        .unwrap();
    assert!(names.contains(&a), "{names:?}");
}

#[test]
fn so_mark_is_set_on_any_socket() {
    let _l = shared();
    need_root!();
    let ns = NetNs::new_anonymous().unwrap();
    ns.run(|| {
        let udp = std::net::UdpSocket::bind("0.0.0.0:0").unwrap();
        assert_eq!(netns::mark(udp.as_fd()).unwrap(), 0);
        netns::set_mark(udp.as_fd(), 0x2a).unwrap();
        assert_eq!(netns::mark(udp.as_fd()).unwrap(), 0x2a);
        let nl = Socket::new(sys::NETLINK_ROUTE).unwrap();
        netns::set_mark(nl.as_fd(), u32::MAX).unwrap();
        assert_eq!(netns::mark(nl.as_fd()).unwrap(), u32::MAX);
        let file = fs::File::open("/proc/self/ns/net").unwrap();
        let e = netns::set_mark(file.as_fd(), 1).unwrap_err();
        assert_eq!(e.raw_os_error(), Some(libc::ENOTSOCK));
    })
    .unwrap();
    assert_eq!(netns::SO_MARK, 36);
}
