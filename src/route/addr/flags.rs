//! [`AddrFlags`]: `IFA_F_*`.

bitflags::bitflags! {
    /// `IFA_F_*`.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
    pub struct AddrFlags: u32 {
        /// `IFA_F_SECONDARY` (also `IFA_F_TEMPORARY`).
        const SECONDARY = 0x01;
        /// `IFA_F_NODAD`.
        const NODAD = 0x02;
        /// `IFA_F_OPTIMISTIC`.
        const OPTIMISTIC = 0x04;
        /// `IFA_F_DADFAILED`.
        const DADFAILED = 0x08;
        /// `IFA_F_HOMEADDRESS`.
        const HOMEADDRESS = 0x10;
        /// `IFA_F_DEPRECATED`.
        const DEPRECATED = 0x20;
        /// `IFA_F_TENTATIVE`.
        const TENTATIVE = 0x40;
        /// `IFA_F_PERMANENT`.
        const PERMANENT = 0x80;
        /// `IFA_F_MANAGETEMPADDR`.
        const MANAGETEMPADDR = 0x100;
        /// `IFA_F_NOPREFIXROUTE`.
        const NOPREFIXROUTE = 0x200;
        /// `IFA_F_MCAUTOJOIN`.
        const MCAUTOJOIN = 0x400;
        /// `IFA_F_STABLE_PRIVACY`.
        const STABLE_PRIVACY = 0x800;
    }
}
