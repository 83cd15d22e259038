//! [`DumpPolicy`]: what a dump does when the kernel says the table changed
//! while it was read, and [`Dumped`], a result with its consistency.

use crate::error::{Error, Interrupted, Result};

/// What to do when a dump stays inconsistent for every allowed attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum OnInconsistent {
    /// Return [`Error::DumpInterrupted`], which still carries the last
    /// attempt's data.
    #[default]
    Error,
    /// Return the last attempt's data, marked inconsistent in [`Dumped`].
    Accept,
}

/// The dump-consistency policy: the kernel sets `NLM_F_DUMP_INTR` on a
/// dump's messages (or only on its `NLMSG_DONE`) when the table changed
/// while it was being read. The whole dump is then retried, up to
/// `max_attempts` times in all; after that `on_inconsistent` decides.
///
/// ```
/// use nlstack::conn::{DumpPolicy, OnInconsistent};
/// let p = DumpPolicy::default();
/// assert_eq!((p.max_attempts, p.on_inconsistent), (5, OnInconsistent::Error));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct DumpPolicy {
    /// Dumps attempted at most (at least 1).
    pub max_attempts: u32,
    /// What happens when every attempt was inconsistent.
    pub on_inconsistent: OnInconsistent,
}

impl Default for DumpPolicy {
    fn default() -> Self {
        DumpPolicy {
            max_attempts: 5,
            on_inconsistent: OnInconsistent::Error,
        }
    }
}

impl DumpPolicy {
    /// Dumps attempted at most (at least 1).
    #[must_use]
    pub fn max_attempts(mut self, n: u32) -> DumpPolicy {
        self.max_attempts = n;
        self
    }

    /// What happens when every attempt was inconsistent.
    #[must_use]
    pub fn on_inconsistent(mut self, o: OnInconsistent) -> DumpPolicy {
        self.on_inconsistent = o;
        self
    }

    /// What the policy says after attempt number `attempts` (from 1) of
    /// a dump came out `consistent` or not with `data`: `None` to dump
    /// again; otherwise the outcome. For callers that run dumps their own
    /// way (from an event loop) and want the same retries.
    pub fn decide<T: Send + Sync + 'static>(
        &self,
        consistent: bool,
        attempts: u32,
        data: T,
    ) -> Option<Result<Dumped<T>>> {
        if consistent {
            return Some(Ok(Dumped {
                data,
                consistent,
                attempts,
            }));
        }
        if attempts < self.max_attempts.max(1) {
            return None;
        }
        Some(match self.on_inconsistent {
            OnInconsistent::Accept => Ok(Dumped {
                data,
                consistent,
                attempts,
            }),
            OnInconsistent::Error => Err(Error::DumpInterrupted(Box::new(Interrupted::new(
                attempts, data,
            )))),
        })
    }
}

/// A dump's result with its consistency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dumped<T> {
    /// The data.
    pub data: T,
    /// False when every attempt was interrupted and the policy accepted it.
    pub consistent: bool,
    /// Dumps it took.
    pub attempts: u32,
}
