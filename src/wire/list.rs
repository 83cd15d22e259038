//! [`List`]: objects of one declared table collected from a dump, kept as
//! the received bytes back to back (in chunks of 64 KiB) with each
//! object's index, handing out views over them: an allocation per chunk,
//! not per object, and nothing copied as the list grows.

/// An owned table type (a declared table over its default
/// storage) that a [`List`] can hold: the list keeps each object's index
/// over a span of one of its chunks and turns it back into a view.
pub trait Listed {
    /// The view over borrowed bytes (`Entry<&[u8]>`).
    type View<'a>;
    /// The index over a span of a chunk of the list.
    type Span: Copy;
    /// The bytes of a view.
    fn bytes<'v>(v: &'v Self::View<'_>) -> &'v [u8];
    /// The view's index over the span `start..end` of a chunk.
    fn span(v: &Self::View<'_>, start: usize, end: usize) -> Self::Span;
    /// The view over `bytes`, the chunk the span was taken in.
    fn view<'a>(s: &Self::Span, bytes: &'a [u8]) -> Self::View<'a>;
    /// An owned copy of a view.
    fn owned(v: &Self::View<'_>) -> Self;
}

/// Bytes a chunk of a [`List`]'s buffer holds (a larger object gets a
/// chunk of its own).
const CHUNK_BYTES: usize = 64 << 10;

/// Objects an index chunk of a [`List`] holds.
const CHUNK_ITEMS: usize = 1 << 10;

/// Bytes and objects the first chunks hold, so that a short list stays
/// small; every later chunk is a whole one.
const FIRST_BYTES: usize = 16 << 10;
const FIRST_ITEMS: usize = 64;

/// Objects collected from a dump: their bytes back to back in chunks (the
/// first of 16 KiB, then 64 KiB), and each one's index, in chunks of 1,024
/// (the first of 64). `List<LinkMsg>` hands out `LinkMsg<&[u8]>` views.
///
/// A list grows by whole chunks and never copies what it holds. A dump of
/// 20,000 routes collected into one buffer that doubled as it grew cost
/// more in copying and fresh pages than in decoding (see
/// `docs/benchmarks.md`).
pub struct List<X: Listed> {
    chunks: Vec<Vec<u8>>,
    items: Vec<Vec<Item<X>>>,
    len: usize,
}

/// One object of a [`List`]: the chunk its bytes are in, and its index
/// over them.
struct Item<X: Listed> {
    chunk: usize,
    span: X::Span,
}

impl<X: Listed> Clone for Item<X> {
    fn clone(&self) -> Item<X> {
        Item {
            chunk: self.chunk,
            span: self.span,
        }
    }
}

impl<X: Listed> List<X> {
    /// An empty list.
    pub fn new() -> List<X> {
        List {
            chunks: Vec::new(),
            items: Vec::new(),
            len: 0,
        }
    }

    /// Copies `v` in.
    pub fn push(&mut self, v: &X::View<'_>) {
        let b = X::bytes(v);
        let fits = self
            .chunks
            .last()
            .is_some_and(|c| c.capacity() - c.len() >= b.len());
        if !fits {
            let size = if self.chunks.is_empty() {
                FIRST_BYTES
            } else {
                CHUNK_BYTES
            };
            self.chunks.push(Vec::with_capacity(size.max(b.len())));
        }
        let chunk = self.chunks.len() - 1;
        let bytes = &mut self.chunks[chunk];
        let start = bytes.len();
        bytes.extend_from_slice(b);
        let item = Item {
            chunk,
            span: X::span(v, start, bytes.len()),
        };
        self.push_item(item);
    }

    fn push_item(&mut self, item: Item<X>) {
        // Chunk sizes are counted, not taken from `capacity` (which may be
        // larger): `place` finds an object by them.
        let full = match self.items.len() {
            1 => FIRST_ITEMS,
            _ => CHUNK_ITEMS,
        };
        match self.items.last_mut() {
            Some(last) if last.len() < full => last.push(item),
            _ => {
                let size = if self.items.is_empty() {
                    FIRST_ITEMS
                } else {
                    CHUNK_ITEMS
                };
                let mut next = Vec::with_capacity(size);
                next.push(item);
                self.items.push(next);
            }
        }
        self.len += 1;
    }

    /// Where object `i` is: its chunk of indexes, and its place there.
    #[inline]
    fn place(i: usize) -> (usize, usize) {
        match i.checked_sub(FIRST_ITEMS) {
            None => (0, i),
            Some(j) => (j / CHUNK_ITEMS + 1, j % CHUNK_ITEMS),
        }
    }

    /// How many objects.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Object `i`, as a view.
    pub fn get(&self, i: usize) -> Option<X::View<'_>> {
        let (chunk, at) = Self::place(i);
        let item = self.items.get(chunk)?.get(at)?;
        Some(self.view(item))
    }

    #[inline]
    fn view(&self, item: &Item<X>) -> X::View<'_> {
        X::view(
            &item.span,
            self.chunks.get(item.chunk).map_or(&[][..], |c| &c[..]),
        )
    }

    /// The objects, as views, in the order they arrived.
    pub fn iter(&self) -> Iter<'_, X> {
        Iter {
            list: self,
            front: 0,
            back: self.len,
        }
    }

    /// Each object as an owned value (one allocation each).
    pub fn to_vec(&self) -> Vec<X> {
        self.iter().map(|v| X::owned(&v)).collect()
    }

    /// Keeps the objects for which `keep` is true (their bytes stay in
    /// the list until it is dropped).
    pub fn retain(&mut self, mut keep: impl FnMut(&X::View<'_>) -> bool) {
        let items = std::mem::take(&mut self.items);
        self.len = 0;
        for item in items.into_iter().flatten() {
            if keep(&self.view(&item)) {
                self.push_item(item);
            }
        }
    }
}

impl<X: Listed> Default for List<X> {
    fn default() -> List<X> {
        List::new()
    }
}

impl<X: Listed> Clone for List<X> {
    fn clone(&self) -> List<X> {
        List {
            chunks: self.chunks.clone(),
            items: self.items.clone(),
            len: self.len,
        }
    }
}

impl<X: Listed> std::fmt::Debug for List<X>
where
    for<'a> X::View<'a>: std::fmt::Debug,
{
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<'l, X: Listed> IntoIterator for &'l List<X> {
    type Item = X::View<'l>;
    type IntoIter = Iter<'l, X>;
    fn into_iter(self) -> Iter<'l, X> {
        self.iter()
    }
}

/// The views of a [`List`], in order.
pub struct Iter<'l, X: Listed> {
    list: &'l List<X>,
    front: usize,
    back: usize,
}

impl<'l, X: Listed> Iterator for Iter<'l, X> {
    type Item = X::View<'l>;
    #[inline]
    fn next(&mut self) -> Option<X::View<'l>> {
        if self.front == self.back {
            return None;
        }
        self.front += 1;
        self.list.get(self.front - 1)
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.back - self.front;
        (n, Some(n))
    }
}

impl<X: Listed> ExactSizeIterator for Iter<'_, X> {}

impl<'l, X: Listed> DoubleEndedIterator for Iter<'l, X> {
    fn next_back(&mut self) -> Option<X::View<'l>> {
        if self.front == self.back {
            return None;
        }
        self.back -= 1;
        self.list.get(self.back)
    }
}
