//! [`List`]: objects of one declared table collected from a dump, kept as
//! the received bytes back to back with each object's index, handing out
//! views over them: one buffer for the list, not one allocation per
//! object.

/// An owned table type (a declared table over its default
/// storage) that a [`List`] can hold: the list keeps each object's index
/// over a span of its buffer and turns it back into a view.
pub trait Listed {
    /// The view over borrowed bytes (`Entry<&[u8]>`).
    type View<'a>;
    /// The index over a span of the list's buffer.
    type Span: Copy;
    /// The bytes of a view.
    fn bytes<'v>(v: &'v Self::View<'_>) -> &'v [u8];
    /// The view's index over the span `start..end` of the list's buffer.
    fn span(v: &Self::View<'_>, start: usize, end: usize) -> Self::Span;
    /// The view over `bytes`, the list's buffer.
    fn view<'a>(s: &Self::Span, bytes: &'a [u8]) -> Self::View<'a>;
    /// An owned copy of a view.
    fn owned(v: &Self::View<'_>) -> Self;
}

/// Objects collected from a dump: their bytes in one buffer, and each
/// one's index. `List<LinkMsg>` hands out `LinkMsg<&[u8]>` views.
pub struct List<X: Listed> {
    bytes: Vec<u8>,
    items: Vec<X::Span>,
}

impl<X: Listed> List<X> {
    /// An empty list.
    pub fn new() -> List<X> {
        List {
            bytes: Vec::new(),
            items: Vec::new(),
        }
    }

    /// Copies `v` in.
    pub fn push(&mut self, v: &X::View<'_>) {
        let start = self.bytes.len();
        self.bytes.extend_from_slice(X::bytes(v));
        self.items.push(X::span(v, start, self.bytes.len()));
    }

    /// How many objects.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Object `i`, as a view.
    pub fn get(&self, i: usize) -> Option<X::View<'_>> {
        self.items.get(i).map(|s| X::view(s, &self.bytes))
    }

    /// The objects, as views, in the order they arrived.
    pub fn iter(&self) -> Iter<'_, X> {
        Iter {
            bytes: &self.bytes,
            items: self.items.iter(),
        }
    }

    /// Each object as an owned value (one allocation each).
    pub fn to_vec(&self) -> Vec<X> {
        self.iter().map(|v| X::owned(&v)).collect()
    }

    /// Keeps the objects for which `keep` is true (their bytes stay in
    /// the buffer until the list is dropped).
    pub fn retain(&mut self, mut keep: impl FnMut(&X::View<'_>) -> bool) {
        let bytes = &self.bytes;
        self.items.retain(|s| keep(&X::view(s, bytes)));
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
            bytes: self.bytes.clone(),
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
    bytes: &'l [u8],
    items: std::slice::Iter<'l, X::Span>,
}

impl<'l, X: Listed> Iterator for Iter<'l, X> {
    type Item = X::View<'l>;
    #[inline]
    fn next(&mut self) -> Option<X::View<'l>> {
        self.items.next().map(|s| X::view(s, self.bytes))
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.items.size_hint()
    }
}

impl<X: Listed> ExactSizeIterator for Iter<'_, X> {}

impl<'l, X: Listed> DoubleEndedIterator for Iter<'l, X> {
    fn next_back(&mut self) -> Option<X::View<'l>> {
        self.items.next_back().map(|s| X::view(s, self.bytes))
    }
}
