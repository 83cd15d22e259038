//! An nfnetlink transaction (batch begin, a request, batch end) through the
//! connection's batches: what nftables will be built on.

#[macro_use]
mod common;

use std::process::Command;

use nlstack::conn::{Config, Conn, Netfilter};
use nlstack::netfilter::nfnl::{
    NFNL_MSG_BATCH_BEGIN, NFNL_MSG_BATCH_END, NFNL_SUBSYS_NFTABLES, batch_marker, header, msg_type,
};
use nlstack::netns::NetNs;
use nlstack::wire::Flags;

/// `NFT_MSG_NEWTABLE` and `NFTA_TABLE_NAME` from `linux/netfilter/nf_tables.h`.
const NFT_MSG_NEWTABLE: u8 = 0;
const NFTA_TABLE_NAME: u16 = 1;

fn nft_tables(ns: &NetNs) -> String {
    let out = ns
        .run(|| Command::new("nft").args(["list", "tables"]).output())
        .unwrap()
        .expect("run nft (apt-get install nftables)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn a_transaction_creates_a_table_and_a_bad_one_reports_its_error() {
    need_root!();
    let ns = NetNs::new_anonymous().unwrap();
    let mut c = Conn::<Netfilter>::dial(
        Config::default()
            .netns(&ns)
            .read_timeout(std::time::Duration::from_secs(5)),
    )
    .unwrap();
    let run = |c: &mut Conn<Netfilter>, names: &[&[u8]]| {
        let mut b = c.batch();
        for name in names {
            b.add(
                msg_type(NFNL_SUBSYS_NFTABLES, NFT_MSG_NEWTABLE),
                Flags::CREATE | Flags::EXCL,
                |e| {
                    e.header(&header(libc::AF_INET as u8, 0));
                    e.put_cstr(NFTA_TABLE_NAME, name);
                },
            )
            .unwrap();
        }
        b.run_in(NFNL_MSG_BATCH_BEGIN, NFNL_MSG_BATCH_END, |e| {
            batch_marker(e, NFNL_SUBSYS_NFTABLES)
        })
        .unwrap()
    };
    let r = run(&mut c, &[b"nlstack_t"]);
    assert!(r.iter().all(Result::is_ok), "{r:?}");
    assert_eq!(nft_tables(&ns).trim(), "table ip nlstack_t");
    // A new table and the same table again: EEXIST for the second request
    // alone, and nothing committed (all or nothing).
    let r = run(&mut c, &[b"nlstack_u", b"nlstack_t"]);
    assert!(r[0].is_ok(), "{r:?}");
    assert_eq!(
        r[1].as_ref().unwrap_err().errno(),
        Some(libc::EEXIST),
        "{r:?}"
    );
    assert_eq!(nft_tables(&ns).trim(), "table ip nlstack_t");
}
