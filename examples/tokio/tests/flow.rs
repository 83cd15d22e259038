//! The example's flow as tests: each makes its own anonymous namespaces
//! (needs root and `ip`) and touches nothing else.

use std::collections::BTreeSet;
use std::time::Duration;

use nlstack_tokio::{AsyncRoute, BoxError, LinkInfo, ip_link_count, netns_with_veths};
use tokio::time::timeout;

const LIMIT: Duration = Duration::from_secs(30);

/// `lo`, `va0`..`vaN`, `vb0`..`vbN`.
fn expected_names(pairs: usize) -> BTreeSet<String> {
    let mut names = BTreeSet::from(["lo".to_owned()]);
    for i in 0..pairs {
        names.insert(format!("va{i}"));
        names.insert(format!("vb{i}"));
    }
    names
}

#[tokio::test]
async fn dump_ack_request_agree_with_ip() -> Result<(), BoxError> {
    let ns = tokio::task::spawn_blocking(|| netns_with_veths(50)).await??;
    let mut conn = AsyncRoute::dial(&ns)?;

    let links = timeout(LIMIT, conn.dump_links()).await??;
    assert_eq!(links.len(), 101);
    let names: BTreeSet<String> = links.iter().map(|l| l.name.clone()).collect();
    assert_eq!(names, expected_names(50));

    let va7 = links.iter().find(|l| l.name == "va7").expect("va7 dumped");
    assert!(!va7.is_up(), "a new veth starts down");
    timeout(LIMIT, conn.set_up(va7.index)).await??;
    let after = timeout(LIMIT, conn.get_link(va7.index)).await??;
    assert_eq!((after.index, after.name.as_str()), (va7.index, "va7"));
    assert!(after.is_up(), "{after:?}");

    // The connection is back in step: nothing pending, nothing foreign or
    // stale read, and a second dump sees the change.
    assert_eq!(conn.conn().pending(), None);
    let again = timeout(LIMIT, conn.dump_links()).await??;
    assert_eq!(again.len(), 101);
    assert!(again.iter().any(|l| l.name == "va7" && l.is_up()));
    let stats = conn.conn().stats();
    assert_eq!((stats.foreign, stats.stale, stats.multicast), (0, 0, 0));

    let ip = tokio::task::spawn_blocking(move || ip_link_count(&ns)).await??;
    assert_eq!(ip, links.len());
    Ok(())
}

#[tokio::test]
async fn a_kernel_error_ends_the_exchange_and_the_next_one_works() -> Result<(), BoxError> {
    let ns = tokio::task::spawn_blocking(|| netns_with_veths(1)).await??;
    let mut conn = AsyncRoute::dial(&ns)?;
    // No link has index 9999: the request ends in ENODEV (19), the ack too.
    let err = timeout(LIMIT, conn.get_link(9999)).await?.unwrap_err();
    assert_eq!(err.errno(), Some(19), "{err}");
    let err = timeout(LIMIT, conn.set_up(9999)).await?.unwrap_err();
    assert_eq!(err.errno(), Some(19), "{err}");
    assert_eq!(conn.conn().pending(), None);
    assert_eq!(timeout(LIMIT, conn.dump_links()).await??.len(), 3);
    Ok(())
}

/// Two dumps on two connections in two namespaces, in progress at once on
/// one runtime thread: each task yields after every link, so the two
/// exchanges interleave message by message, and each still gets exactly
/// its own namespace's links.
#[tokio::test]
async fn two_dumps_in_two_namespaces_interleave() -> Result<(), BoxError> {
    let (a, b) = tokio::task::spawn_blocking(|| -> Result<_, BoxError> {
        Ok((netns_with_veths(30)?, netns_with_veths(70)?))
    })
    .await??;
    let mut ca = AsyncRoute::dial(&a)?;
    let mut cb = AsyncRoute::dial(&b)?;

    // Which dump delivered each link, in order of arrival.
    let order = std::cell::RefCell::new(Vec::new());
    let dump = async |who: &'static str, c: &mut AsyncRoute| {
        c.start_link_dump().await?;
        let mut links = Vec::new();
        while let Some(link) = c.next_link().await {
            links.push(link?);
            order.borrow_mut().push(who);
            // Let the other dump run: both stay in progress.
            tokio::task::yield_now().await;
        }
        Ok::<_, nlstack::Error>(links)
    };
    let (ra, rb) = timeout(LIMIT, async {
        tokio::join!(dump("a", &mut ca), dump("b", &mut cb))
    })
    .await?;
    let (la, lb) = (ra?, rb?);
    assert_eq!((la.len(), lb.len()), (61, 141));
    let names = |l: &[LinkInfo]| l.iter().map(|l| l.name.clone()).collect::<BTreeSet<_>>();
    assert_eq!(names(&la), expected_names(30));
    assert_eq!(names(&lb), expected_names(70));

    // They did interleave: each dump delivered a link while the other was
    // between two of its own.
    let order = order.into_inner();
    let first = |who| order.iter().position(|&w| w == who).unwrap();
    let last = |who| order.iter().rposition(|&w| w == who).unwrap();
    assert!(
        first("a") < last("b") && first("b") < last("a"),
        "{order:?}"
    );
    let switches = order.windows(2).filter(|w| w[0] != w[1]).count();
    assert!(switches >= 60, "only {switches} switches: {order:?}");

    // Each connection is back in step, nothing read that was not its own.
    for c in [&ca, &cb] {
        assert_eq!(c.conn().pending(), None);
        let s = c.conn().stats();
        assert_eq!((s.foreign, s.stale, s.discarded), (0, 0, 0));
    }
    Ok(())
}

/// A real would-block: `RTM_NEWLINK` sent without `NLM_F_ACK` gets no
/// reply when it succeeds, so waiting for "its reply" waits on the fd. A
/// forged reply from another socket (right sequence number and port,
/// wrong sender) makes the fd readable: the connection drops it, reports
/// would-block again, and the request stays pending. Timing out drops the
/// future, not the exchange; `abandon` then ends it without blocking.
#[tokio::test]
async fn a_pending_request_survives_would_block_and_cancellation() -> Result<(), BoxError> {
    use nlstack::sys::{SockAddr, Socket};
    use nlstack::wire::{Encoder, Flags, IfInfoMsg, MsgType};

    let ns = tokio::task::spawn_blocking(|| netns_with_veths(1)).await??;
    let mut conn = AsyncRoute::dial(&ns)?;
    let links = conn.dump_links().await?;
    let va0 = links.iter().find(|l| l.name == "va0").expect("va0").clone();
    assert!(!va0.is_up());

    let up = nlstack::route::LinkFlags::UP.bits();
    let seq = conn
        .request_start(
            MsgType::RTM_NEWLINK,
            IfInfoMsg {
                index: va0.index,
                flags: up,
                change: up,
                ..IfInfoMsg::default()
            },
        )
        .await?;
    let short = Duration::from_millis(100);
    assert!(timeout(short, conn.request_finish()).await.is_err());
    let pending = conn.conn().pending().expect("still pending");
    assert_eq!(pending.seq, seq);
    let waited = conn.waits().recv;
    assert!(waited >= 1, "{:?}", conn.waits());

    // The forged reply, sent from a second socket in the same namespace.
    let forger = ns.run(|| Socket::new(nlstack::sys::NETLINK_ROUTE))??;
    forger.bind(0, 0)?;
    let mut fake = Vec::new();
    let mut e = Encoder::new(
        &mut fake,
        MsgType::RTM_NEWLINK,
        Flags::empty(),
        seq,
        conn.conn().port(),
    );
    e.header(&IfInfoMsg {
        index: 999,
        ..IfInfoMsg::default()
    });
    e.finish()?;
    forger.send_to(
        &fake,
        SockAddr {
            port: conn.conn().port(),
            groups: 0,
        },
    )?;
    assert!(timeout(short, conn.request_finish()).await.is_err());
    assert_eq!(conn.conn().stats().foreign, 1);
    assert!(conn.waits().recv > waited, "{:?}", conn.waits());
    assert_eq!(conn.conn().pending().map(|p| p.seq), Some(seq));

    // Abandon it; the connection is in step for the next exchange, which
    // also shows the unacknowledged change was made.
    conn.abandon();
    assert_eq!(conn.conn().pending(), None);
    let after = timeout(LIMIT, conn.get_link(va0.index)).await??;
    assert!(after.is_up(), "{after:?}");
    Ok(())
}
