//! The watcher: one thread, one wait, many sources. Monitors of hundreds
//! of namespaces (and later netfilter and xfrm sockets, inotify) plus
//! timers, served by a single `epoll_wait(2)`, without an async runtime, a
//! thread per source, or trait objects on the event path.

use std::collections::{BTreeMap, BTreeSet};
use std::os::fd::{AsFd, BorrowedFd};
use std::time::{Duration, Instant};

use crate::error::Result;
use crate::sys::{Epoll, TimerFd};

/// Names a source added to a [`Watcher`]. A token of a removed source
/// never names a later one (slots carry a generation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Token {
    index: u32,
    generation: u32,
}

impl Token {
    fn to_u64(self) -> u64 {
        (u64::from(self.generation) << 32) | u64::from(self.index)
    }

    fn from_u64(v: u64) -> Token {
        Token {
            index: v as u32,
            generation: (v >> 32) as u32,
        }
    }
}

/// Names a timer set with [`Watcher::add_timer`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TimerId(u64);

/// What [`Watcher::wait`] reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Ready {
    /// This source has something to read: read it until it would block
    /// (or, for a [`Monitor`](crate::monitor::Monitor), until nothing is
    /// buffered and it would block), or it is reported again.
    Source(Token),
    /// This timer expired (it fires once).
    Timer(TimerId),
}

/// The token epoll reports for the timer fd (no source has it: slot
/// generations start at 0 and a slot index never reaches `u32::MAX`).
const TIMER: u64 = u64::MAX;

struct Slot<S> {
    generation: u32,
    source: Option<S>,
}

/// One `epoll` over many sources of one type `S` (a [`Monitor`], a
/// [`Mirror`], or an enum of the caller's own), plus one-shot timers.
///
/// The watcher is itself [`AsFd`]: its fd is readable whenever a source is
/// or a timer expired, so an outer epoll or tokio loop can host it and call
/// [`wait`](Self::wait) with a zero timeout when it fires.
///
/// [`Monitor`]: crate::monitor::Monitor
/// [`Mirror`]: crate::monitor::Mirror
pub struct Watcher<S: AsFd> {
    epoll: Epoll,
    timer: TimerFd,
    slots: Vec<Slot<S>>,
    free: Vec<u32>,
    /// Deadlines in order, and each timer's deadline by id.
    deadlines: BTreeSet<(Instant, u64)>,
    timers: BTreeMap<u64, Instant>,
    next_timer: u64,
    armed: Option<Instant>,
    ready: Vec<u64>,
    len: usize,
}

impl<S: AsFd> Watcher<S> {
    /// An empty watcher.
    pub fn new() -> Result<Watcher<S>> {
        let epoll = Epoll::new()?;
        let timer = TimerFd::new()?;
        epoll.add(timer.as_fd(), TIMER)?;
        Ok(Watcher {
            epoll,
            timer,
            slots: Vec::new(),
            free: Vec::new(),
            deadlines: BTreeSet::new(),
            timers: BTreeMap::new(),
            next_timer: 0,
            armed: None,
            ready: Vec::with_capacity(64),
            len: 0,
        })
    }

    /// Adds a source (while running, too) and returns its token.
    pub fn add(&mut self, source: S) -> Result<Token> {
        let index = match self.free.pop() {
            Some(i) => i,
            None => {
                self.slots.push(Slot {
                    generation: 0,
                    source: None,
                });
                (self.slots.len() - 1) as u32
            }
        };
        let slot = &mut self.slots[index as usize];
        let token = Token {
            index,
            generation: slot.generation,
        };
        if let Err(e) = self.epoll.add(source.as_fd(), token.to_u64()) {
            self.free.push(index);
            return Err(e.into());
        }
        slot.source = Some(source);
        self.len += 1;
        Ok(token)
    }

    /// Removes a source and hands it back; `None` for a token that names
    /// nothing (any more).
    pub fn remove(&mut self, token: Token) -> Option<S> {
        let slot = self.slots.get_mut(token.index as usize)?;
        if slot.generation != token.generation {
            return None;
        }
        let source = slot.source.take()?;
        // Closing the fd would remove it too; the source may live on.
        let _ = self.epoll.delete(source.as_fd());
        slot.generation = slot.generation.wrapping_add(1);
        self.free.push(token.index);
        self.len -= 1;
        Some(source)
    }

    /// The source `token` names.
    pub fn get(&self, token: Token) -> Option<&S> {
        let slot = self.slots.get(token.index as usize)?;
        (slot.generation == token.generation)
            .then_some(slot.source.as_ref())
            .flatten()
    }

    /// The source `token` names, mutably (to read from it).
    pub fn get_mut(&mut self, token: Token) -> Option<&mut S> {
        let slot = self.slots.get_mut(token.index as usize)?;
        if slot.generation != token.generation {
            return None;
        }
        slot.source.as_mut()
    }

    /// How many sources there are.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when there is no source.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Every source with its token.
    pub fn iter(&self) -> impl Iterator<Item = (Token, &S)> {
        self.slots.iter().enumerate().filter_map(|(i, s)| {
            let token = Token {
                index: i as u32,
                generation: s.generation,
            };
            s.source.as_ref().map(|s| (token, s))
        })
    }

    /// A one-shot timer that fires after `after` (for pollers, retries
    /// with backoff, debouncing a resync).
    pub fn add_timer(&mut self, after: Duration) -> Result<TimerId> {
        let id = self.next_timer;
        self.next_timer += 1;
        let at = Instant::now() + after;
        self.deadlines.insert((at, id));
        self.timers.insert(id, at);
        self.arm()?;
        Ok(TimerId(id))
    }

    /// Cancels a timer; false if it already fired or was cancelled.
    pub fn cancel_timer(&mut self, id: TimerId) -> Result<bool> {
        let Some(at) = self.timers.remove(&id.0) else {
            return Ok(false);
        };
        self.deadlines.remove(&(at, id.0));
        self.arm()?;
        Ok(true)
    }

    /// Sets the timer fd to the earliest deadline.
    fn arm(&mut self) -> Result<()> {
        let first = self.deadlines.first().map(|&(at, _)| at);
        if first != self.armed {
            let after = first.map(|at| at.saturating_duration_since(Instant::now()));
            self.timer.set(after)?;
            self.armed = first;
        }
        Ok(())
    }

    /// Waits up to `timeout` (`None`: until something is ready) and
    /// appends what is ready to `out`: sources with something to read and
    /// expired timers. Allocates nothing once `out` has grown.
    pub fn wait(&mut self, out: &mut Vec<Ready>, timeout: Option<Duration>) -> Result<()> {
        self.ready.clear();
        self.epoll.wait(&mut self.ready, timeout)?;
        let mut timers = false;
        for &t in &self.ready {
            if t == TIMER {
                timers = true;
                continue;
            }
            let token = Token::from_u64(t);
            if self.get(token).is_some() {
                out.push(Ready::Source(token));
            }
        }
        if timers {
            self.timer.clear()?;
            self.armed = None;
        }
        let now = Instant::now();
        while let Some(&(at, id)) = self.deadlines.first() {
            if at > now {
                break;
            }
            self.deadlines.pop_first();
            self.timers.remove(&id);
            out.push(Ready::Timer(TimerId(id)));
        }
        self.arm()
    }
}

impl<S: AsFd> AsFd for Watcher<S> {
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.epoll.as_fd()
    }
}

impl<S: AsFd> std::fmt::Debug for Watcher<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Watcher")
            .field("sources", &self.len)
            .field("timers", &self.timers.len())
            .finish_non_exhaustive()
    }
}
