//! Working inside a namespace: `run` on a fresh thread, `enter` with a
//! restoring guard.

use std::cell::{Cell, RefCell};
use std::fmt;
use std::io::Write as _;
use std::marker::PhantomData;

use super::error::NetNsError;
use super::handle::NetNs;
use super::raw;

thread_local! {
    /// Tokens of this thread's live `enter` guards, outermost first.
    static ENTERED: RefCell<Vec<u64>> = const { RefCell::new(Vec::new()) };
    /// The next token to hand out on this thread.
    static NEXT_TOKEN: Cell<u64> = const { Cell::new(0) };
}

impl NetNs {
    /// Runs `f` inside this namespace on a fresh OS thread and returns its
    /// result. The calling thread never changes namespace, whatever `f`
    /// does (even `setns` or `unshare`, or a panic).
    ///
    /// The thread is scoped: `f` may borrow from the caller. It enters the
    /// namespace first; if that fails (`Permission` without
    /// `CAP_SYS_ADMIN`), `f` is not run and the error is returned. If `f`
    /// panics, the panic is resumed on the caller's thread. Threads and
    /// child processes `f` starts, and sockets it opens, belong to this
    /// namespace; a socket stays in it when returned to the caller.
    ///
    /// Costs a thread start and join (see `docs/benchmarks.md`).
    ///
    /// ```no_run
    /// use nlstack::netns::NetNs;
    /// use nlstack::sys::{Socket, NETLINK_ROUTE};
    /// let ns = NetNs::new_anonymous()?;
    /// // The socket is created inside `ns` and keeps talking to it from
    /// // any thread.
    /// let sock = ns.run(|| Socket::new(NETLINK_ROUTE))??;
    /// # Ok::<(), nlstack::Error>(())
    /// ```
    pub fn run<F, T>(&self, f: F) -> Result<T, NetNsError>
    where
        F: FnOnce() -> T + Send,
        T: Send,
    {
        let fd = self.as_fd();
        std::thread::scope(|s| {
            let h = std::thread::Builder::new()
                .name("nlstack-netns".into())
                .spawn_scoped(s, move || {
                    raw::setns(fd, raw::CLONE_NEWNET)
                        .map_err(|e| NetNsError::setns(e, self.path()))?;
                    Ok(f())
                })
                .map_err(|e| NetNsError::io(e, self.path()))?;
            match h.join() {
                Ok(r) => r,
                Err(panic) => std::panic::resume_unwind(panic),
            }
        })
    }

    /// Moves the **current thread** into this namespace until the returned
    /// guard is dropped, which moves it back to the namespace it was in.
    ///
    /// Prefer [`run`](Self::run). The guard is neither `Send` nor `Sync`:
    /// it restores the thread it was made on. It restores on every way out
    /// of a scope: normal end, `?`, panic. Guards nest; dropping an outer
    /// guard before an inner one restores the outer's namespace and turns
    /// the inner one into a no-op. A guard passed to `mem::forget` never
    /// restores.
    ///
    /// **If restoring fails, the process aborts** (after a message on
    /// stderr). The thread would otherwise go on in the wrong namespace,
    /// and so would everything that runs on it later (pooled tasks,
    /// sockets it opens). Restoring needs `CAP_SYS_ADMIN` in the thread's
    /// effective set at drop time; dropping that capability while inside
    /// is the usual way to get there.
    ///
    /// ```no_run
    /// use nlstack::netns::NetNs;
    /// fn inside(ns: &NetNs) -> nlstack::Result<()> {
    ///     let _guard = ns.enter()?;
    ///     // ... this thread is in `ns`; even an early `?` return restores.
    ///     Ok(())
    /// }
    /// ```
    pub fn enter(&self) -> Result<EnterGuard, NetNsError> {
        let prev = NetNs::current()?;
        let token = NEXT_TOKEN
            .try_with(|n| {
                let t = n.get();
                n.set(t.wrapping_add(1));
                t
            })
            .map_err(|_| exiting_thread())?;
        ENTERED
            .try_with(|s| s.borrow_mut().push(token))
            .map_err(|_| exiting_thread())?;
        if let Err(e) = raw::setns(self.as_fd(), raw::CLONE_NEWNET) {
            let _ = ENTERED.try_with(|s| s.borrow_mut().pop());
            return Err(NetNsError::setns(e, self.path()));
        }
        Ok(EnterGuard {
            prev,
            entered: self.id(),
            token,
            _not_send: PhantomData,
        })
    }
}

/// `enter` from a thread-local destructor: the guard could not be tracked.
fn exiting_thread() -> NetNsError {
    NetNsError::io(
        std::io::Error::other("the thread is exiting; cannot track an enter guard"),
        None,
    )
}

/// Returned by [`NetNs::enter`]: the current thread is inside a namespace
/// until this is dropped, then back where it was. Aborts the process if
/// it cannot move the thread back.
#[must_use = "dropping the guard at once leaves the namespace at once"]
pub struct EnterGuard {
    prev: NetNs,
    entered: super::NsId,
    token: u64,
    /// Restoring is only meaningful on the thread that entered.
    _not_send: PhantomData<*const ()>,
}

impl EnterGuard {
    /// The namespace the thread returns to on drop.
    pub fn previous(&self) -> &NetNs {
        &self.prev
    }
}

impl fmt::Debug for EnterGuard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EnterGuard")
            .field("entered", &self.entered)
            .field("previous", &self.prev.id())
            .finish()
    }
}

impl Drop for EnterGuard {
    fn drop(&mut self) {
        // Still live? Dropping an outer guard retires the inner ones.
        let live = ENTERED
            .try_with(|s| {
                let mut s = s.borrow_mut();
                match s.iter().rposition(|&t| t == self.token) {
                    Some(i) => {
                        s.truncate(i);
                        true
                    }
                    None => false,
                }
            })
            // Thread-locals already gone (a guard dropped while the thread
            // exits): restore anyway.
            .unwrap_or(true);
        if !live {
            return;
        }
        if let Err(e) = raw::setns(self.prev.as_fd(), raw::CLONE_NEWNET) {
            let _ = writeln!(
                std::io::stderr(),
                "nlstack: cannot move thread {} back to network namespace {} (it entered {}): \
                 {e}; aborting rather than running on in the wrong namespace",
                raw::gettid(),
                self.prev.id(),
                self.entered,
            );
            std::process::abort();
        }
    }
}
