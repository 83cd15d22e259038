//! What working inside a network namespace costs: `run` (thread start,
//! `setns`, join) against a plain scoped thread, and `enter` + drop.
//!
//! Needs root (it makes an anonymous namespace); prints why and exits
//! otherwise. `cargo bench --bench netns`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group};
use nlstack::netns::NetNs;

fn is_root() -> bool {
    // SAFETY: geteuid takes no arguments and cannot fail.
    unsafe { libc::geteuid() == 0 }
}

fn netns(c: &mut Criterion) {
    let ns = NetNs::new_anonymous().expect("make an anonymous namespace");
    let mut g = c.benchmark_group("netns");
    g.bench_function("scoped_thread_baseline", |b| {
        b.iter(|| std::thread::scope(|s| s.spawn(|| black_box(1)).join().unwrap()))
    });
    g.bench_function("run_noop", |b| b.iter(|| ns.run(|| black_box(1)).unwrap()));
    g.bench_function("enter_drop", |b| {
        b.iter(|| drop(black_box(ns.enter().unwrap())))
    });
    g.bench_function("current", |b| b.iter(|| NetNs::current().unwrap()));
    g.bench_function("setns_pair_raw", |b| {
        let home = NetNs::current().unwrap();
        b.iter(|| {
            nlstack::netns::setns(ns.as_fd(), nlstack::netns::CLONE_NEWNET).unwrap();
            nlstack::netns::setns(home.as_fd(), nlstack::netns::CLONE_NEWNET).unwrap();
        })
    });
    g.finish();
}

criterion_group!(benches, netns);

fn main() {
    if !is_root() {
        eprintln!("netns bench skipped: needs root (CAP_SYS_ADMIN) to make a namespace");
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
