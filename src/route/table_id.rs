//! Route table ids (`RT_TABLE_*`), shared by routes, rules and their
//! filters, and their names.
//!
//! ```
//! use nlstack::route::{RT_TABLE_MAIN, table_name};
//! assert_eq!(table_name(RT_TABLE_MAIN), Some("main"));
//! assert_eq!(table_name(100), None);
//! ```

/// `RT_TABLE_UNSPEC`: no table (in a dump request: every table).
pub const RT_TABLE_UNSPEC: u32 = 0;
/// `RT_TABLE_COMPAT`.
pub const RT_TABLE_COMPAT: u32 = 252;
/// `RT_TABLE_DEFAULT`.
pub const RT_TABLE_DEFAULT: u32 = 253;
/// `RT_TABLE_MAIN`: the table `ip route` shows and changes by default.
pub const RT_TABLE_MAIN: u32 = 254;
/// `RT_TABLE_LOCAL`: local and broadcast addresses, maintained by the kernel.
pub const RT_TABLE_LOCAL: u32 = 255;

/// The kernel's name for a reserved table id, without `RT_TABLE_`, in
/// lower case (`unspec`, `compat`, `default`, `main`, `local`: the names
/// iproute2's `rt_tables` gives them too, but for `compat`); `None` for
/// any other id.
pub fn table_name(id: u32) -> Option<&'static str> {
    Some(match id {
        RT_TABLE_UNSPEC => "unspec",
        RT_TABLE_COMPAT => "compat",
        RT_TABLE_DEFAULT => "default",
        RT_TABLE_MAIN => "main",
        RT_TABLE_LOCAL => "local",
        _ => return None,
    })
}
