//! [`RuleAction`] (`FR_ACT_*`, the header's `action`) and [`RuleFlags`]
//! (`FIB_RULE_*`, the header's `flags`).

use std::fmt;

/// What a rule does when it matches (`FR_ACT_*`, the header's `action`).
/// `Debug` prints the name.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct RuleAction(pub u8);

impl RuleAction {
    /// `FR_ACT_UNSPEC`: none given (in a delete request: any).
    pub const UNSPEC: RuleAction = RuleAction(0);
    /// `FR_ACT_TO_TBL`: look the route up in the rule's table.
    pub const TO_TBL: RuleAction = RuleAction(1);
    /// `FR_ACT_GOTO`: jump to the rule with priority `goto`.
    pub const GOTO: RuleAction = RuleAction(2);
    /// `FR_ACT_NOP`: do nothing.
    pub const NOP: RuleAction = RuleAction(3);
    /// `FR_ACT_BLACKHOLE`: drop silently.
    pub const BLACKHOLE: RuleAction = RuleAction(6);
    /// `FR_ACT_UNREACHABLE`: drop with `ENETUNREACH`.
    pub const UNREACHABLE: RuleAction = RuleAction(7);
    /// `FR_ACT_PROHIBIT`: drop with `EACCES`.
    pub const PROHIBIT: RuleAction = RuleAction(8);

    /// The kernel's name without the prefix (`TO_TBL`, `PROHIBIT`...), if
    /// known.
    #[must_use]
    pub fn name(self) -> Option<&'static str> {
        Some(match self {
            RuleAction::UNSPEC => "UNSPEC",
            RuleAction::TO_TBL => "TO_TBL",
            RuleAction::GOTO => "GOTO",
            RuleAction::NOP => "NOP",
            RuleAction::BLACKHOLE => "BLACKHOLE",
            RuleAction::UNREACHABLE => "UNREACHABLE",
            RuleAction::PROHIBIT => "PROHIBIT",
            _ => return None,
        })
    }
}

impl fmt::Debug for RuleAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(n) => f.write_str(n),
            None => write!(f, "RuleAction({})", self.0),
        }
    }
}

bitflags::bitflags! {
    /// `FIB_RULE_*`: the header's flags.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
    pub struct RuleFlags: u32 {
        /// `FIB_RULE_PERMANENT`: cannot be deleted.
        const PERMANENT = 0x01;
        /// `FIB_RULE_INVERT`: the selector is negated (`ip rule add not`).
        const INVERT = 0x02;
        /// `FIB_RULE_UNRESOLVED`: a `goto` to a missing priority.
        const UNRESOLVED = 0x04;
        /// `FIB_RULE_IIF_DETACHED`: the input interface does not exist.
        const IIF_DETACHED = 0x08;
        /// `FIB_RULE_OIF_DETACHED`: the output interface does not exist.
        const OIF_DETACHED = 0x10;
        /// `FIB_RULE_FIND_SADDR`: find a source address in lookups.
        const FIND_SADDR = 0x10000;
    }
}
