//! `attr_table!`: an object family's attributes declared once, as the
//! kernel declares them in an `nla_policy` table: number, kernel name,
//! field name, codec, what the getter returns, doc. From one declaration
//! come
//!
//! - the kernel's constants (`pub const CTA_MARK: u16 = 8;`);
//! - the view: one type over its storage (`Entry<&[u8]>` borrowed,
//!   `Entry<Box<[u8]>>` owned by one copy of the bytes), holding the bytes
//!   and an [`AttrIndex`](crate::wire::AttrIndex) built in one pass, with a
//!   getter per attribute that reads on demand and never fails;
//! - its `Debug` (present attributes by name);
//! - the request form: a plain struct of `Option`s with `#[must_use]`
//!   setters and an encoder, which a view also converts into;
//! - for a nested table, its codec, so an outer table declares it like any
//!   other value;
//! - the table itself ([`AttrSpec`]s) for fuzz models and tools.

/// One declared attribute: what tools and fuzz models need.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AttrSpec {
    /// The attribute number.
    pub kind: u16,
    /// The kernel's name for it (`"CTA_MARK"`).
    pub name: &'static str,
    /// The exact sizes accepted; empty: any size of at least `min`.
    pub sizes: &'static [usize],
    /// With empty `sizes`, the smallest size accepted.
    pub min: usize,
}

/// Storage that owns its bytes (`Box<[u8]>`, `Vec<u8>`, `Arc<[u8]>`, a
/// list's shared buffer): a table over it has getters that borrow it. A
/// table over `&[u8]` (a view) has getters that borrow the message itself,
/// so nested getters chain.
pub trait OwnedBytes: AsRef<[u8]> {}

impl OwnedBytes for Box<[u8]> {}
impl OwnedBytes for Vec<u8> {}
impl OwnedBytes for std::sync::Arc<[u8]> {}

/// One past the largest of `kinds`: the length of a table's index.
pub const fn kinds_len(kinds: &[u16]) -> usize {
    let mut n = 0;
    let mut i = 0;
    while i < kinds.len() {
        if kinds[i] as usize >= n {
            n = kinds[i] as usize + 1;
        }
        i += 1;
    }
    n
}

/// Guessed step `i` of a table's `guess [..]` list (at most two), 0 past
/// its end: the parameters of
/// [`AttrIndex::build_guessing`](crate::wire::AttrIndex::build_guessing).
pub const fn guessed(steps: &[usize], i: usize) -> usize {
    assert!(steps.len() <= 2, "at most two guessed steps");
    if i < steps.len() { steps[i] } else { 0 }
}

/// Declares a table of attributes; see the [module docs](self).
///
/// ```text
/// attr_table! {
///     /// The doc of the view.
///     pub struct Entry / EntrySpec, header 4;
///     /// The doc of one attribute; what the getter returns may borrow the
///     /// message for `'a`.
///     CTA_MARK = 8 => mark: Be32 => u32,
///     CTA_LABELS = 22 => labels: Bytes => &'a [u8],
/// }
/// ```
///
/// Without `, header N` the table is nested: it has no fixed header and
/// serves as the codec of an outer table's attribute. With
/// `, family_header H` the header is the `wire` family header `H`
/// (`IfInfoMsg`, ...), read by a generated `header()`. A last
/// `, slots u64` (or `u32`) widens the index's slots from 16 bits (see
/// [`Slot`](crate::wire::Slot)): a larger view that a small table may read
/// back faster. A last `, guess [8]` (or `[8, 12]`, ...) has the index's
/// walk guess each attribute's size (see
/// [`AttrIndex::build_guessing`](crate::wire::AttrIndex::build_guessing)):
/// faster for a table of mostly 32-bit values.
macro_rules! attr_table {
    (
        $(#[$doc:meta])*
        pub struct $name:ident / $spec:ident $(, slots $slot:ty)? $(, guess [$($guess:literal),+])?;
        $($fields:tt)*
    ) => {
        attr_table!(@table $(#[$doc])* $name, $spec, 0, [$($slot)?], [$([$($guess),+])?]; $($fields)*);

        impl<'a> $name<&'a [u8]> {
            #[inline]
            fn index(v: &'a [u8]) -> $name<&'a [u8]> {
                $name { buf: v, index: Self::build_index(v) }
            }
        }

        impl $crate::wire::Value for $name<Box<[u8]>> {
            type Out<'a> = $name<&'a [u8]>;
            type Owned = $spec;
            const SIZES: &'static [usize] = &[];
            #[inline]
            fn decode(v: &[u8]) -> $name<&[u8]> {
                $name::index(v)
            }
            fn to_owned(v: $name<&[u8]>) -> $spec {
                v.to_spec()
            }
            fn put(v: &$spec, kind: u16, e: &mut $crate::wire::Encoder<'_>) {
                let mut nest = e.nest(kind);
                v.encode(&mut nest);
            }
        }
    };
    (
        $(#[$doc:meta])*
        pub struct $name:ident / $spec:ident, family_header $hty:ty $(, slots $slot:ty)? $(, guess [$($guess:literal),+])?;
        $($fields:tt)*
    ) => {
        attr_table!(@table $(#[$doc])* $name, $spec, <$hty as $crate::wire::FamilyHeader>::LEN, [$($slot)?], [$([$($guess),+])?]; $($fields)*);

        impl<T: AsRef<[u8]>> $name<T> {
            #[doc = concat!("The `", stringify!($hty), "` before the attributes.")]
            #[inline]
            pub fn header(&self) -> $hty {
                // `parse` checked that its bytes are there.
                <$hty as $crate::wire::FamilyHeader>::parse(self.as_bytes()).unwrap_or_default()
            }
        }
    };
    (
        $(#[$doc:meta])*
        pub struct $name:ident / $spec:ident, header $hdr:expr $(, slots $slot:ty)? $(, guess [$($guess:literal),+])?;
        $($fields:tt)*
    ) => {
        attr_table!(@table $(#[$doc])* $name, $spec, $hdr, [$($slot)?], [$([$($guess),+])?]; $($fields)*);
    };
    (@table
        $(#[$doc:meta])* $name:ident, $spec:ident, $hdr:expr, [$($slot:ty)?], [$([$($guess:literal),+])?];
        $( $(#[$fdoc:meta])* $kname:ident = $num:literal => $field:ident: $codec:ty => $out:ty, )*
    ) => {
        $(
            $(#[$fdoc])*
            pub const $kname: u16 = $num;
        )*

        $(#[$doc])*
        ///
        /// One type over its storage: `&[u8]` for a view (no allocation),
        /// `Box<[u8]>` (the default) for an owned value. Each getter reads
        /// its attribute on demand: `None` when absent or malformed (a
        /// malformed one is counted in [`malformed`](Self::malformed) and
        /// leaves an earlier good one readable).
        #[derive(Clone, Copy, PartialEq, Eq)]
        pub struct $name<T = Box<[u8]>> {
            buf: T,
            index: $crate::wire::AttrIndex<{ $crate::wire::kinds_len(&[$($num),*]) } $(, $slot)?>,
        }

        impl<T: AsRef<[u8]>> $name<T> {
            /// The length of the fixed header before the attributes.
            pub const HEADER_LEN: usize = $hdr;
            const LIMITS: $crate::wire::Limits<{ $crate::wire::kinds_len(&[$($num),*]) }> = {
                let mut l = [$crate::wire::Limit::ANY; $crate::wire::kinds_len(&[$($num),*])];
                $( l[$num] = $crate::wire::Limit::of::<$codec>(); )*
                $crate::wire::Limits::new(l)
            };
            /// The index of `attrs`, walked with the table's guessed steps.
            #[inline(always)]
            fn build_index(
                attrs: &[u8],
            ) -> $crate::wire::AttrIndex<{ $crate::wire::kinds_len(&[$($num),*]) } $(, $slot)?> {
                $crate::wire::AttrIndex::build_guessing::<
                    { $crate::wire::guessed(&[$($($guess),+)?], 0) },
                    { $crate::wire::guessed(&[$($($guess),+)?], 1) },
                >(attrs, &Self::LIMITS)
            }
            const SIZES: [&'static [usize]; $crate::wire::kinds_len(&[$($num),*])] = {
                let mut s: [&'static [usize]; $crate::wire::kinds_len(&[$($num),*])] =
                    [&[]; $crate::wire::kinds_len(&[$($num),*])];
                $( s[$num] = <$codec as $crate::wire::Value>::SIZES; )*
                s
            };
            /// The declared attributes.
            pub const ATTRS: &'static [$crate::wire::AttrSpec] = &[$(
                $crate::wire::AttrSpec {
                    kind: $num,
                    name: stringify!($kname),
                    sizes: <$codec as $crate::wire::Value>::SIZES,
                    min: <$codec as $crate::wire::Value>::MIN,
                },
            )*];

            /// Indexes `buf`: the fixed header, then attributes. Fails only
            /// when `buf` is shorter than the header.
            #[allow(unused_comparisons)]
            #[inline]
            pub fn parse(buf: T) -> $crate::Result<$name<T>> {
                let b = buf.as_ref();
                if b.len() < $hdr {
                    return Err($crate::Error::Decode($crate::error::DecodeError::new(
                        stringify!($name),
                        $crate::error::DecodeErrorKind::Truncated { need: $hdr, remaining: b.len() },
                        0,
                    )));
                }
                let attrs = b.get($crate::wire::align($hdr)..).unwrap_or(&[]);
                let index = Self::build_index(attrs);
                Ok($name { buf, index })
            }

            #[inline(always)]
            fn attrs(&self) -> &[u8] {
                self.buf.as_ref().get($crate::wire::align($hdr)..).unwrap_or(&[])
            }

            /// The bytes: the fixed header, then the attributes.
            pub fn as_bytes(&self) -> &[u8] {
                self.buf.as_ref()
            }

            /// The value of attribute `kind`, as sent (libmnl's `tb[kind]`):
            /// `None` when absent, of a wrong size, or not declared.
            #[inline]
            pub fn attr(&self, kind: u16) -> Option<&[u8]> {
                self.index.get(self.attrs(), kind)
            }

            /// How many attributes did not decode (a wrong size, or a bad
            /// list that ended the walk). Zero for a whole object.
            pub fn malformed(&self) -> u16 {
                self.index.malformed()
            }

            /// The first attribute that did not decode, as an error; `Ok`
            /// for a whole object. For callers who prefer an error to a
            /// partly decoded object.
            pub fn check(&self) -> $crate::Result<()> {
                self.index.check(self.attrs(), $crate::wire::align($hdr), &Self::LIMITS, &Self::SIZES)
            }

            /// An owned copy without the attributes of `kinds` (values that
            /// change on their own, such as counters, left out of a
            /// comparison): the header and the other attributes as sent,
            /// indexed again.
            pub fn without(&self, kinds: &[u16]) -> $name<Box<[u8]>> {
                let b = self.buf.as_ref();
                let start = $crate::wire::align($hdr).min(b.len());
                let attrs = &b[start..];
                let mut out = Vec::with_capacity(b.len());
                out.extend_from_slice(&b[..start]);
                let mut next = 0;
                for a in $crate::wire::Attrs::new(attrs) {
                    let Ok(a) = a else {
                        // Keep a malformed tail as it was, so it still counts.
                        out.extend_from_slice(attrs.get(next..).unwrap_or(&[]));
                        break;
                    };
                    let end = a.offset() + $crate::wire::NLA_HDRLEN + a.value().len();
                    if !kinds.contains(&a.kind()) {
                        out.extend_from_slice(&attrs[a.offset()..end]);
                        out.resize($crate::wire::align(out.len()), 0);
                    }
                    next = $crate::wire::align(end);
                }
                let index = Self::build_index(out.get(start..).unwrap_or(&[]));
                $name { buf: out.into_boxed_slice(), index }
            }

            /// A view over the same bytes.
            pub fn as_view(&self) -> $name<&[u8]> {
                $name { buf: self.buf.as_ref(), index: self.index }
            }

            /// An owned copy: one copy of the bytes, the index kept.
            pub fn owned(&self) -> $name<Box<[u8]>> {
                $name { buf: self.buf.as_ref().into(), index: self.index }
            }

            /// The attributes in their request form.
            pub fn to_spec(&self) -> $spec {
                $spec {
                    $( $field: self.as_view().$field().map(<$codec as $crate::wire::Value>::to_owned), )*
                }
            }

        }

        impl<'a> $name<&'a [u8]> {
            /// The value of attribute `kind`, as sent, borrowed from the
            /// message (what [`attr`](Self::attr) returns, for as long as
            /// the bytes live).
            #[inline]
            pub fn attr_of(&self, kind: u16) -> Option<&'a [u8]> {
                let b: &'a [u8] = self.buf;
                self.index.get(b.get($crate::wire::align($hdr)..).unwrap_or(&[]), kind)
            }

            $(
                $(#[$fdoc])*
                #[inline]
                pub fn $field(&self) -> Option<$out> {
                    let b: &'a [u8] = self.buf;
                    self.index
                        .get_sized(
                            b.get($crate::wire::align($hdr)..).unwrap_or(&[]),
                            $num,
                            <$codec as $crate::wire::Value>::SIZES,
                        )
                        .map(<$codec as $crate::wire::Value>::decode)
                }
            )*
        }

        #[allow(clippy::needless_lifetimes)]
        impl<T: $crate::wire::OwnedBytes> $name<T> {
            $(
                $(#[$fdoc])*
                #[inline]
                pub fn $field<'a>(&'a self) -> Option<$out> {
                    self.attr($num).map(<$codec as $crate::wire::Value>::decode)
                }
            )*
        }

        impl<T> $name<T> {
            /// The storage underneath.
            #[allow(dead_code)]
            pub(crate) fn storage(&self) -> &T {
                &self.buf
            }

            /// The same index over other storage (a span of a list's
            /// bytes, which the list turns back into a view).
            #[allow(dead_code)]
            pub(crate) fn rebind<U>(&self, buf: U) -> $name<U> {
                $name { buf, index: self.index }
            }

        }

        impl $crate::wire::Listed for $name<Box<[u8]>> {
            type View<'a> = $name<&'a [u8]>;
            type Span = $name<(usize, usize)>;
            #[inline]
            fn bytes<'v>(v: &'v $name<&[u8]>) -> &'v [u8] {
                v.buf
            }
            #[inline]
            fn span(v: &$name<&[u8]>, start: usize, end: usize) -> $name<(usize, usize)> {
                v.rebind((start, end))
            }
            #[inline]
            fn view<'a>(s: &$name<(usize, usize)>, bytes: &'a [u8]) -> $name<&'a [u8]> {
                let (start, end) = s.buf;
                s.rebind(bytes.get(start..end).unwrap_or(&[]))
            }
            fn owned(v: &$name<&[u8]>) -> $name<Box<[u8]>> {
                v.owned()
            }
        }

        impl<T: AsRef<[u8]>> std::fmt::Debug for $name<T> {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                let mut d = f.debug_struct(stringify!($name));
                let view = self.as_view();
                $( if let Some(v) = view.$field() { d.field(stringify!($field), &v); } )*
                if self.malformed() > 0 {
                    d.field("malformed", &self.malformed());
                }
                d.finish()
            }
        }

        #[doc = concat!("The attributes of a [`", stringify!($name), "`] in their request form: what is set is sent.")]
        #[derive(Debug, Clone, PartialEq, Default)]
        #[non_exhaustive]
        pub struct $spec {
            $( $(#[$fdoc])* pub $field: Option<<$codec as $crate::wire::Value>::Owned>, )*
        }

        impl $spec {
            /// Nothing set.
            pub fn new() -> $spec {
                $spec::default()
            }

            $(
                $(#[$fdoc])*
                #[must_use]
                pub fn $field(mut self, v: <$codec as $crate::wire::Value>::Owned) -> $spec {
                    self.$field = Some(v);
                    self
                }
            )*

            /// Encodes what is set, in declaration order.
            pub fn encode(&self, e: &mut $crate::wire::Encoder<'_>) {
                $( if let Some(v) = &self.$field {
                    <$codec as $crate::wire::Value>::put(v, $num, e);
                } )*
            }
        }
    };
}

pub(crate) use attr_table;
