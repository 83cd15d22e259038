//! The two macros that declare link kinds: [`kind_info!`] declares one
//! kind's data from its `IFLA_INFO_DATA` attributes (number, field, value
//! type, doc), in that kind's own file; [`link_kinds!`] gathers declared
//! kinds into an enum ([`TableKind`](super::table::TableKind),
//! [`PortKind`](super::table::PortKind)), one line a kind.

/// Declares one kind's data: from one entry come the struct (decoded from
/// a message, owned, and the options a new link of that kind is created
/// with: one type for all three), its decoder, its checker, its encoder
/// and its builder methods. Adding an attribute is one line.
macro_rules! kind_info {
    (
        $(#[$doc:meta])*
        $info:ident = $name:literal {
            $( $(#[$fdoc:meta])* $field:ident: $ty:ty = $num:literal, )*
        }
    ) => {
        $(#[$doc])*
        ///
        /// Decoded from `IFLA_INFO_DATA` (absent attributes `None`;
        /// one of the wrong size skipped, an earlier good one kept; a
        /// malformed list ends the walk), and the options a new link of
        /// the kind is created with (only what is set is sent).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
        #[non_exhaustive]
        pub struct $info {
            $( $(#[$fdoc])* pub $field: Option<$ty>, )*
        }

        impl $info {
            /// The kind's `IFLA_INFO_KIND`.
            pub const KIND: &'static str = $name;
            /// Each attribute's number and the value sizes it takes.
            pub const ATTRS: &'static [(u16, &'static [usize])] = &[$(
                ($num, <$ty as $crate::route::link::kind::value::TableValue>::SIZES),
            )*];

            /// Nothing set.
            pub fn new() -> $info {
                $info::default()
            }

            $(
                $(#[$fdoc])*
                #[must_use]
                pub fn $field(mut self, v: $ty) -> $info {
                    self.$field = Some(v);
                    self
                }
            )*

            /// True when nothing is set.
            pub fn is_empty(&self) -> bool {
                true $( && self.$field.is_none() )*
            }

            /// Decodes the attributes of `IFLA_INFO_DATA` (its value).
            #[allow(unused_mut)]
            pub fn decode(data: &[u8]) -> $info {
                let mut info = $info::default();
                for a in $crate::wire::Attrs::new(data) {
                    let Ok(a) = a else { break };
                    match a.kind() {
                        $( $num => {
                            let v = <$ty as $crate::route::link::kind::value::TableValue>::get(&a);
                            if let Ok(v) = v {
                                info.$field = Some(v);
                            }
                        } )*
                        _ => {}
                    }
                }
                info
            }

            /// The first attribute of `data` of a wrong size, or a
            /// malformed list, as an error (offsets count from the data's
            /// start).
            #[allow(unused_variables)]
            pub(crate) fn check(data: &[u8]) -> $crate::error::Result<()> {
                for a in $crate::wire::Attrs::new(data) {
                    let a = a?;
                    $( if a.kind() == $num {
                        <$ty as $crate::route::link::kind::value::TableValue>::get(&a)?;
                    } )*
                }
                Ok(())
            }

            /// How many attributes of `data` did not decode (what
            /// [`check`](Self::check) reports the first of); a malformed
            /// list counts once and ends the walk.
            #[allow(unused_variables, unused_mut)]
            pub(crate) fn malformed(data: &[u8]) -> u16 {
                let mut n = 0u16;
                for a in $crate::wire::Attrs::new(data) {
                    let Ok(a) = a else {
                        return n.saturating_add(1);
                    };
                    $( if a.kind() == $num
                        && <$ty as $crate::route::link::kind::value::TableValue>::get(&a).is_err()
                    {
                        n = n.saturating_add(1);
                    } )*
                }
                n
            }

            /// Encodes what is set.
            #[allow(unused_variables)]
            pub(crate) fn encode(&self, e: &mut $crate::wire::Encoder<'_>) {
                $( if let Some(v) = &self.$field {
                    $crate::route::link::kind::value::TableValue::put(v, $num, e);
                } )*
            }
        }
    };
}

/// Gathers declared kinds into an enum, one line a kind (its variant and
/// its [`kind_info!`] struct), with the dispatch by kind name.
macro_rules! link_kinds {
    ($(#[$edoc:meta])* enum $enum_name:ident; $(
        $(#[$doc:meta])* $variant:ident($info:ident),
    )*) => {
        $(
            impl From<$info> for $enum_name {
                fn from(i: $info) -> $enum_name {
                    $enum_name::$variant(i)
                }
            }
        )*

        $(#[$edoc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        #[non_exhaustive]
        pub enum $enum_name {
            $( $(#[$doc])* $variant($info), )*
        }

        impl $enum_name {
            /// The `IFLA_INFO_KIND` string.
            pub fn name(&self) -> &'static str {
                match self {
                    $( $enum_name::$variant(_) => $info::KIND, )*
                }
            }

            /// Encodes the kind's attributes (the content of
            /// `IFLA_INFO_DATA`).
            pub(crate) fn encode(&self, e: &mut $crate::wire::Encoder<'_>) {
                match self {
                    $( $enum_name::$variant(i) => i.encode(e), )*
                }
            }

            /// Each attribute's number and the value sizes it takes.
            pub fn attrs(&self) -> &'static [(u16, &'static [usize])] {
                match self {
                    $( $enum_name::$variant(_) => $info::ATTRS, )*
                }
            }

            /// True when the kind has nothing set (no `IFLA_INFO_DATA`).
            pub fn is_empty(&self) -> bool {
                match self {
                    $( $enum_name::$variant(i) => i.is_empty(), )*
                }
            }

            /// Decodes the data (the value of `IFLA_INFO_DATA`) of the
            /// declared kind named `kind`; `None` for a kind the table does
            /// not declare.
            pub fn decode(kind: &[u8], data: &[u8]) -> Option<$enum_name> {
                $( if kind == $info::KIND.as_bytes() {
                    return Some($enum_name::$variant($info::decode(data)));
                } )*
                None
            }

            /// Checks the data of the declared kind named `kind`: the
            /// first attribute of a wrong size, or a malformed list, is an
            /// error (offsets count from the data's start). `Ok` for a kind
            /// the table does not declare.
            pub fn check(kind: &[u8], data: &[u8]) -> $crate::error::Result<()> {
                $( if kind == $info::KIND.as_bytes() {
                    return $info::check(data);
                } )*
                Ok(())
            }

            /// How many attributes of the data of the declared kind named
            /// `kind` did not decode (0 for a kind the table does not
            /// declare).
            pub(crate) fn malformed(kind: &[u8], data: &[u8]) -> u16 {
                $( if kind == $info::KIND.as_bytes() {
                    return $info::malformed(data);
                } )*
                0
            }

            /// The declared kind named `kind`, with nothing set.
            pub fn named(kind: &str) -> Option<$enum_name> {
                $( if kind == $info::KIND {
                    return Some($enum_name::$variant($info::default()));
                } )*
                None
            }
        }
    };
}

pub(crate) use {kind_info, link_kinds};
