//! A link's flags (`IFF_*`), operational state and link mode.

use std::fmt;

bitflags::bitflags! {
    /// `IFF_*`: the link's flags (`ifi_flags`). Names are those `ip`
    /// prints.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
    pub struct LinkFlags: u32 {
        /// `IFF_UP`: administratively up.
        const UP = 1 << 0;
        /// `IFF_BROADCAST`: the broadcast address is valid.
        const BROADCAST = 1 << 1;
        /// `IFF_DEBUG`.
        const DEBUG = 1 << 2;
        /// `IFF_LOOPBACK`.
        const LOOPBACK = 1 << 3;
        /// `IFF_POINTOPOINT`.
        const POINTOPOINT = 1 << 4;
        /// `IFF_NOTRAILERS`.
        const NOTRAILERS = 1 << 5;
        /// `IFF_RUNNING`: operationally up (RFC 2863 `OPER_UP`).
        const RUNNING = 1 << 6;
        /// `IFF_NOARP`.
        const NOARP = 1 << 7;
        /// `IFF_PROMISC`.
        const PROMISC = 1 << 8;
        /// `IFF_ALLMULTI`.
        const ALLMULTI = 1 << 9;
        /// `IFF_MASTER`.
        const MASTER = 1 << 10;
        /// `IFF_SLAVE`.
        const SLAVE = 1 << 11;
        /// `IFF_MULTICAST`.
        const MULTICAST = 1 << 12;
        /// `IFF_PORTSEL`.
        const PORTSEL = 1 << 13;
        /// `IFF_AUTOMEDIA`.
        const AUTOMEDIA = 1 << 14;
        /// `IFF_DYNAMIC`.
        const DYNAMIC = 1 << 15;
        /// `IFF_LOWER_UP`: the driver signals carrier.
        const LOWER_UP = 1 << 16;
        /// `IFF_DORMANT`.
        const DORMANT = 1 << 17;
        /// `IFF_ECHO`.
        const ECHO = 1 << 18;
    }
}

/// `IF_OPER_*`: the RFC 2863 operational state (`IFLA_OPERSTATE`).
///
/// `Display` prints the kernel's names (`up`, `lowerlayerdown`, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum OperState {
    /// `IF_OPER_UNKNOWN` (0): the driver does not tell (`lo`, tunnels).
    Unknown,
    /// `IF_OPER_NOTPRESENT` (1).
    NotPresent,
    /// `IF_OPER_DOWN` (2).
    Down,
    /// `IF_OPER_LOWERLAYERDOWN` (3): down because a lower link is (a veth whose peer is down).
    LowerLayerDown,
    /// `IF_OPER_TESTING` (4).
    Testing,
    /// `IF_OPER_DORMANT` (5).
    Dormant,
    /// `IF_OPER_UP` (6).
    Up,
    /// A value this crate does not know.
    Other(u8),
}

impl OperState {
    /// The kernel's name, lower case, as in `/sys/class/net/*/operstate`;
    /// `None` for [`Other`](Self::Other).
    #[must_use]
    pub fn name(self) -> Option<&'static str> {
        Some(match self {
            OperState::Unknown => "unknown",
            OperState::NotPresent => "notpresent",
            OperState::Down => "down",
            OperState::LowerLayerDown => "lowerlayerdown",
            OperState::Testing => "testing",
            OperState::Dormant => "dormant",
            OperState::Up => "up",
            OperState::Other(_) => return None,
        })
    }
}

impl From<u8> for OperState {
    fn from(v: u8) -> OperState {
        match v {
            0 => OperState::Unknown,
            1 => OperState::NotPresent,
            2 => OperState::Down,
            3 => OperState::LowerLayerDown,
            4 => OperState::Testing,
            5 => OperState::Dormant,
            6 => OperState::Up,
            n => OperState::Other(n),
        }
    }
}

impl From<OperState> for u8 {
    fn from(s: OperState) -> u8 {
        match s {
            OperState::Unknown => 0,
            OperState::NotPresent => 1,
            OperState::Down => 2,
            OperState::LowerLayerDown => 3,
            OperState::Testing => 4,
            OperState::Dormant => 5,
            OperState::Up => 6,
            OperState::Other(n) => n,
        }
    }
}

impl fmt::Display for OperState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(n) => f.write_str(n),
            None => write!(f, "{}", u8::from(*self)),
        }
    }
}

/// `IF_LINK_MODE_*` (`IFLA_LINKMODE`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum LinkMode {
    /// `IF_LINK_MODE_DEFAULT` (0).
    Default,
    /// `IF_LINK_MODE_DORMANT` (1): user space decides when the link is up.
    Dormant,
    /// `IF_LINK_MODE_TESTING` (2).
    Testing,
    /// A value this crate does not know.
    Other(u8),
}

impl LinkMode {
    /// The name `ip` prints (`DEFAULT`, `DORMANT`, `TESTING`); `None` for
    /// [`Other`](Self::Other).
    #[must_use]
    pub fn name(self) -> Option<&'static str> {
        Some(match self {
            LinkMode::Default => "DEFAULT",
            LinkMode::Dormant => "DORMANT",
            LinkMode::Testing => "TESTING",
            LinkMode::Other(_) => return None,
        })
    }
}

impl From<u8> for LinkMode {
    fn from(v: u8) -> LinkMode {
        match v {
            0 => LinkMode::Default,
            1 => LinkMode::Dormant,
            2 => LinkMode::Testing,
            n => LinkMode::Other(n),
        }
    }
}

impl From<LinkMode> for u8 {
    fn from(m: LinkMode) -> u8 {
        match m {
            LinkMode::Default => 0,
            LinkMode::Dormant => 1,
            LinkMode::Testing => 2,
            LinkMode::Other(n) => n,
        }
    }
}

/// The codec of `IFLA_OPERSTATE` (a `u8`).
impl crate::wire::Value for OperState {
    type Out<'a> = OperState;
    type Owned = OperState;
    const SIZES: &'static [usize] = &[1];
    #[inline]
    fn decode(v: &[u8]) -> OperState {
        OperState::from(v.first().copied().unwrap_or(0))
    }
    fn to_owned(v: OperState) -> OperState {
        v
    }
    fn put(v: &OperState, kind: u16, e: &mut crate::wire::Encoder<'_>) {
        e.put_u8(kind, u8::from(*v));
    }
}

/// The codec of `IFLA_LINKMODE` (a `u8`).
impl crate::wire::Value for LinkMode {
    type Out<'a> = LinkMode;
    type Owned = LinkMode;
    const SIZES: &'static [usize] = &[1];
    #[inline]
    fn decode(v: &[u8]) -> LinkMode {
        LinkMode::from(v.first().copied().unwrap_or(0))
    }
    fn to_owned(v: LinkMode) -> LinkMode {
        v
    }
    fn put(v: &LinkMode, kind: u16, e: &mut crate::wire::Encoder<'_>) {
        e.put_u8(kind, u8::from(*v));
    }
}
