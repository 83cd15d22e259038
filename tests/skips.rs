//! Kernel tests never pass silently: run without root, a kernel test says
//! on stderr that it skipped, and with `NLSTACK_REQUIRE_KERNEL=1` (as CI
//! runs) it fails. Checked by running this file's own kernel test again as
//! the unprivileged user `nobody`.

#[macro_use]
mod common;

use std::process::{Command, Output};

/// Stands for every kernel test: it skips through `need_root!` like them.
#[test]
fn a_kernel_test() {
    need_root!();
    nlstack::netns::NetNs::new_anonymous().unwrap();
}

/// Runs `a_kernel_test` as `nobody` (uid and gid 65534, no groups).
fn as_nobody(require: bool) -> Output {
    let mut c = Command::new("setpriv");
    c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "a_kernel_test",
            "--nocapture",
            "--test-threads=1",
        ])
        .env_remove(common::REQUIRE_KERNEL);
    if require {
        c.env(common::REQUIRE_KERNEL, "1");
    }
    c.output().expect("run setpriv")
}

#[test]
fn a_skipped_kernel_test_says_so_and_fails_when_kernel_tests_are_required() {
    // Only root can become someone else to check this.
    need_root!();
    let out = as_nobody(false);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("skipped: needs root"),
        "the skip is said: {err}"
    );

    let out = as_nobody(true);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success(),
        "a required kernel test that skips fails"
    );
    assert!(err.contains("NLSTACK_REQUIRE_KERNEL is set"), "{err}");
}
