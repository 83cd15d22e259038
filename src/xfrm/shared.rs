//! [`Shared`]: the storage of a collected list of policies. The dump's
//! policies are copied once into one buffer, shared by every policy of the
//! list; each policy is a view of its part, its attribute index built once
//! while the dump was read. One allocation for the bytes of the whole list
//! instead of one per object.

use std::sync::Arc;

/// A part of a buffer shared by a collected list: what a `Policy<Shared>`
/// is stored in. Cloning one is a reference count, not a copy.
#[derive(Clone, PartialEq, Eq)]
pub struct Shared {
    buf: Arc<[u8]>,
    start: usize,
    end: usize,
}

impl Shared {
    /// The part `start..end` of `buf` (empty when out of range).
    pub(crate) fn new(buf: Arc<[u8]>, start: usize, end: usize) -> Shared {
        let (start, end) = if start <= end && end <= buf.len() {
            (start, end)
        } else {
            (0, 0)
        };
        Shared { buf, start, end }
    }
}

impl AsRef<[u8]> for Shared {
    #[inline]
    fn as_ref(&self) -> &[u8] {
        self.buf.get(self.start..self.end).unwrap_or(&[])
    }
}

impl std::fmt::Debug for Shared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "<{} of {} shared bytes>",
            self.end - self.start,
            self.buf.len()
        )
    }
}

impl crate::wire::OwnedBytes for Shared {}
