//! Link kinds declared once each: the kind's name and its `IFLA_INFO_DATA`
//! attributes (number, field, value type, doc). From one entry come the
//! struct (decoded from a message, owned, and the options a new link of
//! that kind is created with: one type for all three), its decoder, its
//! encoder, its builder methods, and its variant in [`TableKind`]. Adding a
//! kind or an attribute is one line here.

use std::net::Ipv4Addr;

use crate::error::Result;
use crate::wire::{Attr, Attrs, Encoder};

/// A value an attribute of the table holds: how it decodes (a wrong size
/// is an error for that attribute alone) and encodes.
pub trait TableValue: Sized + Copy {
    /// The value sizes the decoder accepts.
    const SIZES: &'static [usize];
    /// Decodes the attribute's value.
    fn get(a: &Attr<'_>) -> Result<Self>;
    /// Encodes it as attribute `kind`.
    fn put(&self, kind: u16, e: &mut Encoder<'_>);
}

impl TableValue for u8 {
    const SIZES: &'static [usize] = &[1];
    fn get(a: &Attr<'_>) -> Result<u8> {
        a.u8()
    }
    fn put(&self, kind: u16, e: &mut Encoder<'_>) {
        e.put_u8(kind, *self);
    }
}

impl TableValue for u16 {
    const SIZES: &'static [usize] = &[2];
    fn get(a: &Attr<'_>) -> Result<u16> {
        a.u16()
    }
    fn put(&self, kind: u16, e: &mut Encoder<'_>) {
        e.put_u16(kind, *self);
    }
}

impl TableValue for u32 {
    const SIZES: &'static [usize] = &[4];
    fn get(a: &Attr<'_>) -> Result<u32> {
        a.u32()
    }
    fn put(&self, kind: u16, e: &mut Encoder<'_>) {
        e.put_u32(kind, *self);
    }
}

/// A 16-bit value the kernel keeps in network byte order (a VLAN's
/// protocol, a UDP port), held here in host order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct NetU16(pub u16);

impl TableValue for NetU16 {
    const SIZES: &'static [usize] = &[2];
    fn get(a: &Attr<'_>) -> Result<NetU16> {
        a.be16().map(NetU16)
    }
    fn put(&self, kind: u16, e: &mut Encoder<'_>) {
        e.put_be16(kind, self.0);
    }
}

/// A 32-bit value the kernel keeps in network byte order (a flow label),
/// held here in host order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct NetU32(pub u32);

impl TableValue for NetU32 {
    const SIZES: &'static [usize] = &[4];
    fn get(a: &Attr<'_>) -> Result<NetU32> {
        a.be32().map(NetU32)
    }
    fn put(&self, kind: u16, e: &mut Encoder<'_>) {
        e.put_be32(kind, self.0);
    }
}

impl TableValue for Ipv4Addr {
    const SIZES: &'static [usize] = &[4];
    fn get(a: &Attr<'_>) -> Result<Ipv4Addr> {
        a.ipv4()
    }
    fn put(&self, kind: u16, e: &mut Encoder<'_>) {
        e.put(kind, &self.octets());
    }
}

macro_rules! link_kinds {
    ($(#[$edoc:meta])* enum $enum_name:ident; $(
        $(#[$doc:meta])*
        $variant:ident = $name:literal, $info:ident {
            $( $(#[$fdoc:meta])* $field:ident: $ty:ty = $num:literal, )*
        }
    )*) => {
        $(
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
                pub const ATTRS: &'static [(u16, &'static [usize])] =
                    &[$( ($num, <$ty as TableValue>::SIZES), )*];

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
                    for a in Attrs::new(data) {
                        let Ok(a) = a else { break };
                        match a.kind() {
                            $( $num => {
                                if let Ok(v) = <$ty as TableValue>::get(&a) {
                                    info.$field = Some(v);
                                }
                            } )*
                            _ => {}
                        }
                    }
                    info
                }

                #[allow(unused_variables)]
                fn encode(&self, e: &mut Encoder<'_>) {
                    $( if let Some(v) = &self.$field { v.put($num, e); } )*
                }
            }

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
                    $( $enum_name::$variant(_) => $name, )*
                }
            }

            /// Encodes the kind's attributes (the content of
            /// `IFLA_INFO_DATA`).
            pub(crate) fn encode(&self, e: &mut Encoder<'_>) {
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
                $( if kind == $name.as_bytes() {
                    return Some($enum_name::$variant($info::decode(data)));
                } )*
                None
            }

            /// Checks the data of the declared kind named `kind`: the
            /// first attribute of a wrong size, or a malformed list, is an
            /// error (offsets count from the data's start). `Ok` for a kind
            /// the table does not declare.
            #[allow(unused_variables)]
            pub fn check(kind: &[u8], data: &[u8]) -> Result<()> {
                $( if kind == $name.as_bytes() {
                    for a in Attrs::new(data) {
                        let a = a?;
                        $( if a.kind() == $num {
                            <$ty as TableValue>::get(&a)?;
                        } )*
                    }
                } )*
                Ok(())
            }

            /// The declared kind named `kind`, with nothing set.
            pub fn named(kind: &str) -> Option<$enum_name> {
                Some(match kind {
                    $( $name => $enum_name::$variant($info::default()), )*
                    _ => return None,
                })
            }
        }
    };
}

link_kinds! {
    /// The link kinds declared in the table, each with its data
    /// (`IFLA_INFO_KIND` and `IFLA_INFO_DATA`).
    enum TableKind;
    /// `macvlan`: a child of `link` with a MAC address of its own.
    Macvlan = "macvlan", MacvlanInfo {
        /// `IFLA_MACVLAN_MODE`: `MACVLAN_MODE_*` (1 private, 2 vepa, 4
        /// bridge, 8 passthru, 16 source).
        mode: u32 = 1,
        /// `IFLA_MACVLAN_FLAGS`: `MACVLAN_FLAG_*`.
        flags: u16 = 2,
    }
    /// `macvtap`: a macvlan with a tap device for a VM.
    Macvtap = "macvtap", MacvtapInfo {
        /// `IFLA_MACVLAN_MODE`, as for macvlan.
        mode: u32 = 1,
        /// `IFLA_MACVLAN_FLAGS`.
        flags: u16 = 2,
    }
    /// `ipvlan`: a child of `link` sharing its MAC address.
    Ipvlan = "ipvlan", IpvlanInfo {
        /// `IFLA_IPVLAN_MODE`: 0 l2, 1 l3, 2 l3s.
        mode: u16 = 1,
        /// `IFLA_IPVLAN_FLAGS`: 1 private, 2 vepa.
        flags: u16 = 2,
    }
    /// `vlan`: an 802.1Q (or 802.1ad) tagged child of `link`.
    Vlan = "vlan", VlanInfo {
        /// `IFLA_VLAN_ID`.
        id: u16 = 1,
        /// `IFLA_VLAN_PROTOCOL`: 0x8100 (802.1Q) or 0x88a8 (802.1ad).
        protocol: NetU16 = 5,
    }
    /// `bond`: a bonding master.
    Bond = "bond", BondInfo {
        /// `IFLA_BOND_MODE`: 0 balance-rr, 1 active-backup, 2 balance-xor,
        /// 3 broadcast, 4 802.3ad, 5 balance-tlb, 6 balance-alb.
        mode: u8 = 1,
    }
    /// `dummy`: a link that drops what it is sent.
    Dummy = "dummy", DummyInfo {}
    /// `vrf`: an L3 master device bound to a routing table.
    Vrf = "vrf", VrfInfo {
        /// `IFLA_VRF_TABLE`.
        table: u32 = 1,
    }
    /// `geneve`: a GENEVE tunnel.
    Geneve = "geneve", GeneveInfo {
        /// `IFLA_GENEVE_ID`: the VNI.
        id: u32 = 1,
        /// `IFLA_GENEVE_REMOTE`.
        remote: Ipv4Addr = 2,
        /// `IFLA_GENEVE_TTL`.
        ttl: u8 = 3,
        /// `IFLA_GENEVE_TOS`.
        tos: u8 = 4,
        /// `IFLA_GENEVE_PORT`: the UDP port.
        port: NetU16 = 5,
        /// `IFLA_GENEVE_LABEL`: the IPv6 flow label.
        label: NetU32 = 11,
    }
    /// `wireguard`: a WireGuard device (its keys and peers are set over
    /// generic netlink, not here).
    Wireguard = "wireguard", WireguardInfo {}
}

link_kinds! {
    /// What a link is as a port of its master, by the master's kind
    /// (`IFLA_INFO_SLAVE_KIND` and `IFLA_INFO_SLAVE_DATA`).
    enum PortKind;
    /// A bridge port's options (`IFLA_BRPORT_*`).
    BridgePort = "bridge", BridgePortInfo {
        /// `IFLA_BRPORT_STATE`: the STP state (0 disabled, 1 listening, 2
        /// learning, 3 forwarding, 4 blocking).
        state: u8 = 1,
        /// `IFLA_BRPORT_PRIORITY`.
        priority: u16 = 2,
        /// `IFLA_BRPORT_COST`.
        cost: u32 = 3,
        /// `IFLA_BRPORT_MODE`: hairpin (1 on).
        hairpin: u8 = 4,
        /// `IFLA_BRPORT_LEARNING` (1 on).
        learning: u8 = 8,
        /// `IFLA_BRPORT_NEIGH_SUPPRESS` (1 on).
        neigh_suppress: u8 = 32,
        /// `IFLA_BRPORT_ISOLATED` (1 on).
        isolated: u8 = 33,
    }
}
