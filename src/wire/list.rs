//! [`List`]: objects of one declared table collected from a dump, kept as
//! the received bytes back to back (in chunks, each larger than the one
//! before) with each object's index, handing out views over them: an
//! allocation per chunk, not per object, and nothing copied as the list
//! grows.

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

/// Bytes and objects the first chunks hold: a short list stays small.
/// Each later chunk of bytes holds four times as much as the one before,
/// and each chunk of indexes twice as much.
const FIRST_BYTES: usize = 16 << 10;
const FIRST_ITEMS: usize = 64;

/// Objects collected from a dump: their bytes back to back in chunks, and
/// each one's index, in chunks. The first chunks hold 16 KiB and 64
/// objects; each next chunk of bytes holds four times as much as the one
/// before, and of indexes twice as much. A short list stays small, and a
/// long one needs few chunks, its last one most of it. `List<LinkMsg>`
/// hands out `LinkMsg<&[u8]>` views.
///
/// A list never copies what it holds as it grows. A dump of 20,000 routes
/// collected into one buffer that doubled as it grew cost more in copying
/// and fresh pages than in decoding; chunks that stayed at 64 KiB were
/// given back to the kernel by glibc at every drop and faulted in again
/// (see `docs/benchmarks.md`).
pub struct List<X: Listed> {
    chunks: Vec<Vec<u8>>,
    items: Vec<Vec<Item<X>>>,
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
            let size = self
                .chunks
                .last()
                .map_or(FIRST_BYTES, |c| c.capacity().saturating_mul(4));
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
        // A chunk's size is counted (`FIRST_ITEMS << k`), not taken from
        // `capacity` (which may be larger): `place` finds an object by it.
        let full = FIRST_ITEMS << self.items.len().saturating_sub(1);
        match self.items.last_mut() {
            Some(last) if last.len() < full => last.push(item),
            _ => {
                let mut next = Vec::with_capacity(FIRST_ITEMS << self.items.len());
                next.push(item);
                self.items.push(next);
            }
        }
    }

    /// The position of the first object of index chunk `k`.
    #[inline]
    fn start(k: usize) -> usize {
        FIRST_ITEMS * ((1 << k) - 1)
    }

    /// Where object `i` is: its chunk of indexes `k` (which holds
    /// `FIRST_ITEMS << k` objects and starts at `FIRST_ITEMS * (2^k - 1)`),
    /// and its place there.
    #[inline]
    fn place(i: usize) -> (usize, usize) {
        let n = i / FIRST_ITEMS + 1;
        let k = (usize::BITS - 1 - n.leading_zeros()) as usize;
        (k, i - Self::start(k))
    }

    /// How many objects.
    pub fn len(&self) -> usize {
        // Every chunk but the last is full.
        self.items
            .last()
            .map_or(0, |last| Self::start(self.items.len() - 1) + last.len())
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
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
            back: self.len(),
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
