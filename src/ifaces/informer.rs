//! One interface over the two ways of knowing the interfaces: the poller
//! (a period, a diff) and the watcher (a snapshot, then events).

use std::collections::VecDeque;
use std::os::fd::{AsFd, BorrowedFd};
use std::time::{Duration, Instant};

use crate::error::{Error, Result};
use crate::ifaces::{Event, Poller, Presence, Watcher};
use crate::sys::TimerFd;

/// An informer: subscribe by making one, read events with
/// [`next_events`](Self::next_events) or as an iterator, cancel by dropping
/// it. It is [`AsFd`]: readable when it has something to say (the watcher's
/// epoll fd; the poller's timer), so an outer `poll`/epoll/tokio loop, or
/// the monitor layer's [`Watcher`](crate::monitor::Watcher), can host it.
#[non_exhaustive]
pub enum Informer {
    /// Lists every period and diffs.
    Poller {
        /// The poller.
        poller: Poller,
        /// How often it lists.
        period: Duration,
        /// Readable when the period has elapsed.
        timer: TimerFd,
        /// Events not handed out yet (the iterator's).
        queue: VecDeque<Event>,
        /// Namespaces that failed to list in the last round.
        errors: Vec<(Option<String>, Error)>,
        /// When the last round ran (`None`: not yet).
        last: Option<Instant>,
    },
    /// Follows events.
    Watcher {
        /// The watcher.
        watcher: Box<Watcher>,
        /// Events not handed out yet (the snapshot, and the iterator's).
        queue: VecDeque<Event>,
    },
}

impl Informer {
    /// A poller listing every `period`; its first round (at once) reports
    /// everything present as `Added`.
    pub fn poller(presence: Presence, period: Duration) -> Result<Informer> {
        let timer = TimerFd::new()?;
        timer.set(Some(Duration::ZERO))?;
        Ok(Informer::Poller {
            poller: Poller::new(presence)?,
            period,
            timer,
            queue: VecDeque::new(),
            errors: Vec::new(),
            last: None,
        })
    }

    /// A watcher; its snapshot (everything present, `Added`) is the first
    /// thing it reports.
    pub fn watcher(presence: Presence) -> Result<Informer> {
        let mut snapshot = Vec::new();
        let watcher = Box::new(Watcher::new(presence, &mut snapshot)?);
        Ok(Informer::Watcher {
            watcher,
            queue: snapshot.into(),
        })
    }

    /// Waits up to `timeout` (`None`: until something happens) and appends
    /// what came and went to `out`. A namespace that could not be listed
    /// is kept in [`take_errors`](Self::take_errors); the others go on.
    pub fn next_events(&mut self, out: &mut Vec<Event>, timeout: Option<Duration>) -> Result<()> {
        match self {
            Informer::Watcher { watcher, queue } => {
                if !queue.is_empty() {
                    out.extend(queue.drain(..));
                    return Ok(());
                }
                watcher.next_events(out, timeout)
            }
            Informer::Poller {
                poller,
                period,
                timer,
                queue,
                errors,
                last,
            } => {
                if !queue.is_empty() {
                    out.extend(queue.drain(..));
                    return Ok(());
                }
                let due = last.map_or(Duration::ZERO, |l| period.saturating_sub(l.elapsed()));
                if due > Duration::ZERO {
                    let wait = timeout.map_or(due, |t| t.min(due));
                    std::thread::sleep(wait);
                    if wait < due {
                        return Ok(());
                    }
                }
                timer.clear()?;
                *last = Some(Instant::now());
                errors.extend(poller.poll(out));
                timer.set(Some(*period))?;
                Ok(())
            }
        }
    }

    /// The namespaces that could not be listed since the last call, with
    /// why (`None`: the host's).
    pub fn take_errors(&mut self) -> Vec<(Option<String>, Error)> {
        match self {
            Informer::Poller { errors, .. } => std::mem::take(errors),
            Informer::Watcher { .. } => Vec::new(),
        }
    }
}

/// Blocks until the next event. A failure ends the iteration after it is
/// returned; a namespace that could not be listed is an `Err` item, and
/// the iteration goes on.
impl Iterator for Informer {
    type Item = Result<Event>;

    fn next(&mut self) -> Option<Result<Event>> {
        loop {
            let mut errs = self.take_errors();
            if let Some((_, e)) = errs.pop() {
                if let Informer::Poller { errors, .. } = self {
                    errors.extend(errs);
                }
                return Some(Err(e));
            }
            let queue = match self {
                Informer::Poller { queue, .. } | Informer::Watcher { queue, .. } => queue,
            };
            if let Some(e) = queue.pop_front() {
                return Some(Ok(e));
            }
            let mut out = Vec::new();
            if let Err(e) = self.next_events(&mut out, None) {
                return Some(Err(e));
            }
            match self {
                Informer::Poller { queue, .. } | Informer::Watcher { queue, .. } => {
                    queue.extend(out)
                }
            }
        }
    }
}

impl AsFd for Informer {
    fn as_fd(&self) -> BorrowedFd<'_> {
        match self {
            Informer::Poller { timer, .. } => timer.as_fd(),
            Informer::Watcher { watcher, .. } => watcher.as_fd(),
        }
    }
}

impl std::fmt::Debug for Informer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Informer::Poller { period, .. } => write!(f, "Informer::Poller({period:?})"),
            Informer::Watcher { watcher, .. } => write!(f, "Informer::Watcher({watcher:?})"),
        }
    }
}
