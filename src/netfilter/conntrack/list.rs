//! [`Entries`]: a collected list of conntrack entries that keeps the
//! received bytes in one buffer and hands out views over them, instead of
//! one allocation per entry.

use super::entry::Entry;

/// Conntrack entries collected from a dump: their bytes, back to back,
/// and each one's index.
#[derive(Clone, Default)]
pub struct Entries {
    bytes: Vec<u8>,
    items: Vec<Entry<(usize, usize)>>,
}

impl Entries {
    /// An empty list.
    pub fn new() -> Entries {
        Entries::default()
    }

    /// Copies `e` in.
    pub fn push(&mut self, e: &Entry<&[u8]>) {
        let start = self.bytes.len();
        self.bytes.extend_from_slice(e.as_bytes());
        self.items.push(e.rebind((start, self.bytes.len())));
    }

    /// How many entries.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Entry `i`, as a view.
    pub fn get(&self, i: usize) -> Option<Entry<&[u8]>> {
        let e = self.items.get(i)?;
        let (start, end) = e.span();
        Some(e.rebind(self.bytes.get(start..end)?))
    }

    /// The entries, as views.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = Entry<&[u8]>> + '_ {
        self.items.iter().map(|e| {
            let (start, end) = e.span();
            e.rebind(self.bytes.get(start..end).unwrap_or(&[]))
        })
    }

    /// Each entry as an owned value (one allocation each).
    pub fn to_vec(&self) -> Vec<Entry> {
        self.iter().map(|e| e.owned()).collect()
    }
}

impl Entry<(usize, usize)> {
    fn span(&self) -> (usize, usize) {
        *self.storage()
    }
}

impl std::fmt::Debug for Entries {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}
