//! The connection against the scripted fake kernel: sequence numbers,
//! validation, multipart replies, dump consistency, injected errors,
//! tracing.

use nlstack::Error;
use nlstack::conn::{Config, Conn, DumpPolicy, OnInconsistent, Route};
use nlstack::testing::{FakeKernel, Incoming, Reply};
use nlstack::wire::{Flags, Messages, MsgType};

const PORT: u32 = 4242;

fn conn(fake: FakeKernel, config: Config<'_>) -> Conn<Route, FakeKernel> {
    Conn::with_transport(fake, PORT, &config)
}

/// A link-ish message with one u32 attribute (kind 1) holding `n`.
fn object(r: Reply, n: u32, flags: Flags) -> Reply {
    r.message(MsgType::RTM_NEWLINK, Flags::MULTI | flags, |e| {
        e.raw(&[0; 16]).put_u32(1, n);
    })
}

fn value(m: nlstack::wire::Message<'_>) -> nlstack::Result<Option<u32>> {
    Ok(Some(m.attrs(16)?.find(1)?.expect("attr 1").u32()?))
}

fn seq_of(req: &[u8]) -> u32 {
    Messages::new(req).next().unwrap().unwrap().seq()
}

#[test]
fn sequence_wraps_from_max_to_one_and_never_uses_zero() {
    let mut fake = FakeKernel::new(PORT);
    for _ in 0..3 {
        fake.on_request(|req| Reply::to(req).ack().build());
    }
    let mut c = conn(fake, Config::default().initial_seq(u32::MAX));
    assert_eq!(c.next_seq(), u32::MAX);
    for _ in 0..3 {
        c.ack(MsgType::RTM_SETLINK, Flags::empty(), |_| {}).unwrap();
    }
    let seqs: Vec<u32> = c.transport().requests().iter().map(|r| seq_of(r)).collect();
    assert_eq!(seqs, [u32::MAX, 1, 2]);
    // Every request carries our port and REQUEST|ACK.
    for r in c.transport().requests() {
        let m = Messages::new(r).next().unwrap().unwrap();
        assert_eq!(m.port(), PORT);
        assert!(m.flags().contains(Flags::REQUEST | Flags::ACK));
        assert_eq!(m.header().len as usize, r.len());
    }
}

#[test]
fn random_first_sequence_numbers_differ() {
    let a = conn(FakeKernel::new(PORT), Config::default()).next_seq();
    let b = conn(FakeKernel::new(PORT), Config::default()).next_seq();
    let c = conn(FakeKernel::new(PORT), Config::default()).next_seq();
    assert!(a != b || b != c, "three random starts all equal: {a}");
    assert!(a != 0 && b != 0 && c != 0);
}

#[test]
fn replies_with_a_wrong_sequence_or_sender_are_never_delivered() {
    let mut fake = FakeKernel::new(PORT);
    fake.on_request(|req| {
        let stale = object(
            Reply::to(req).seq(req.seq().wrapping_sub(1)),
            666,
            Flags::empty(),
        );
        let mut v = stale.build();
        // The same well-formed reply from another socket's port.
        let forged = object(Reply::to(req), 777, Flags::empty()).build();
        for f in forged {
            if let Incoming::Datagram { bytes, .. } = f {
                v.push(Incoming::foreign(bytes, 999));
            }
        }
        // And from the kernel, but multicast.
        let mc = object(Reply::to(req), 888, Flags::empty()).build();
        for f in mc {
            if let Incoming::Datagram { bytes, .. } = f {
                v.push(Incoming::multicast(bytes, 1));
            }
        }
        v.extend(object(Reply::to(req), 42, Flags::empty()).build());
        v
    });
    let mut c = conn(fake, Config::default());
    let m = c
        .request(MsgType::RTM_GETLINK, Flags::empty(), |_| {})
        .unwrap();
    assert_eq!(value(m).unwrap(), Some(42));
    let s = c.stats();
    assert_eq!((s.stale, s.foreign, s.multicast), (1, 1, 1));
    assert_eq!(s.dropped(), 2);
}

#[test]
fn multipart_dumps_span_datagrams_and_a_split_done() {
    let mut fake = FakeKernel::new(PORT);
    fake.on_request(|req| {
        let mut r = Reply::to(req);
        for i in 0..10 {
            r = object(r, i, Flags::empty());
            if i % 3 == 2 {
                r = r.split();
            }
        }
        r.split().done(Flags::MULTI).build()
    });
    let mut c = conn(fake, Config::default());
    let got = c
        .dump_collect(MsgType::RTM_GETLINK, Flags::empty(), |_| {}, value)
        .unwrap();
    assert_eq!(got, (0..10).collect::<Vec<_>>());
    let req = &c.transport().requests()[0];
    let m = Messages::new(req).next().unwrap().unwrap();
    assert!(m.flags().contains(Flags::REQUEST | Flags::DUMP));
}

/// A fake that marks the first `bad` dumps inconsistent on DONE only.
fn flaky(bad: usize, attempts: usize) -> FakeKernel {
    let mut fake = FakeKernel::new(PORT);
    for i in 0..attempts {
        fake.on_request(move |req| {
            let flags = if i < bad {
                Flags::MULTI | Flags::DUMP_INTR
            } else {
                Flags::MULTI
            };
            object(
                object(Reply::to(req), i as u32, Flags::empty()),
                100,
                Flags::empty(),
            )
            .done(flags)
            .build()
        });
    }
    fake
}

#[test]
fn dump_intr_on_done_only_is_noticed_and_retried() {
    let mut c = conn(flaky(2, 5), Config::default());
    let d = c
        .dump_collect_with(
            DumpPolicy::default(),
            MsgType::RTM_GETLINK,
            Flags::empty(),
            |_| {},
            value,
        )
        .unwrap();
    assert!(d.consistent);
    assert_eq!(d.attempts, 3);
    assert_eq!(d.data, [2, 100], "the data is the consistent attempt's");
    assert_eq!(
        (c.stats().dump_retries, c.stats().dumps_inconsistent),
        (2, 0)
    );
    assert_eq!(c.transport().requests().len(), 3);
    // Each retry is a fresh request with a fresh sequence number.
    let seqs: Vec<u32> = c.transport().requests().iter().map(|r| seq_of(r)).collect();
    assert!(seqs[0] != seqs[1] && seqs[1] != seqs[2]);
}

#[test]
fn an_exhausted_policy_errors_with_the_data_or_accepts_it_marked() {
    let one = DumpPolicy::default()
        .max_attempts(1)
        .on_inconsistent(OnInconsistent::Error);
    let mut c = conn(flaky(5, 5), Config::default().dump_policy(one));
    match c.dump_collect(MsgType::RTM_GETLINK, Flags::empty(), |_| {}, value) {
        Err(Error::DumpInterrupted(i)) => {
            assert_eq!(i.attempts, 1);
            assert_eq!(i.into_data::<Vec<u32>>(), Some(vec![0, 100]));
        }
        other => panic!("{other:?}"),
    }

    let accept = DumpPolicy::default()
        .max_attempts(3)
        .on_inconsistent(OnInconsistent::Accept);
    let mut c = conn(flaky(5, 5), Config::default());
    let d = c
        .dump_collect_with(accept, MsgType::RTM_GETLINK, Flags::empty(), |_| {}, value)
        .unwrap();
    assert!(!d.consistent);
    assert_eq!((d.attempts, d.data), (3, vec![2, 100]));
    assert_eq!(
        (c.stats().dump_retries, c.stats().dumps_inconsistent),
        (2, 1)
    );
}

#[test]
fn a_dump_dropped_early_does_not_block_and_the_next_request_is_in_step() {
    let mut fake = FakeKernel::new(PORT);
    fake.on_request(|req| {
        let mut r = Reply::to(req);
        for i in 0..20 {
            r = object(r, i, Flags::empty()).split();
        }
        r.done(Flags::MULTI).build()
    });
    fake.on_request(|req| object(Reply::to(req), 7, Flags::empty()).build());
    let mut c = conn(fake, Config::default());
    {
        let mut d = c
            .dump(MsgType::RTM_GETLINK, Flags::empty(), |_| {})
            .unwrap();
        let first = d.next().unwrap().unwrap();
        assert_eq!(value(first).unwrap(), Some(0));
        // dropped here, 19 objects and DONE unread
    }
    assert_eq!(c.transport().pending(), 20, "dropping read nothing more");
    assert_eq!(c.pending(), None);
    let m = c
        .request(MsgType::RTM_GETLINK, Flags::empty(), |_| {})
        .unwrap();
    assert_eq!(value(m).unwrap(), Some(7));
    assert_eq!(c.stats().stale, 0);
    assert_eq!(c.stats().discarded, 20, "19 objects and DONE discarded");
}

#[test]
fn a_kernel_error_mid_dump_is_returned_and_ends_it() {
    let mut fake = FakeKernel::new(PORT);
    fake.on_request(|req| {
        object(Reply::to(req), 1, Flags::empty())
            .split()
            .error(libc::EBUSY, Some("table is busy"))
            .build()
    });
    let mut c = conn(fake, Config::default());
    let err = c
        .dump_collect(MsgType::RTM_GETLINK, Flags::empty(), |_| {}, value)
        .unwrap_err();
    let k = err.as_kernel().expect("a kernel error");
    assert_eq!(k.errno, libc::EBUSY);
    assert_eq!(k.message.as_deref(), Some("table is busy"));
    assert_eq!(c.transport().pending(), 0);
}

#[test]
fn acks_return_ok_or_the_kernel_error_with_its_text() {
    let mut fake = FakeKernel::new(PORT);
    fake.on_request(|req| Reply::to(req).ack().build());
    fake.on_request(|req| {
        Reply::to(req)
            .error(libc::EEXIST, Some("File exists here"))
            .build()
    });
    let mut c = conn(fake, Config::default());
    c.ack(MsgType::RTM_NEWLINK, Flags::CREATE, |_| {}).unwrap();
    let e = c
        .ack(MsgType::RTM_NEWLINK, Flags::CREATE, |_| {})
        .unwrap_err();
    assert!(e.is_exists());
    assert!(e.to_string().contains("File exists here"), "{e}");
}

#[test]
fn injected_errnos_surface_or_are_retried() {
    let mut fake = FakeKernel::new(PORT);
    fake.on_request(|req| {
        let mut v = vec![Incoming::Errno(libc::EINTR)];
        v.extend(object(Reply::to(req), 5, Flags::empty()).build());
        v
    });
    fake.on_request(|_| vec![Incoming::Errno(libc::ENOBUFS)]);
    fake.on_request(|_| vec![]);
    let mut c = conn(fake, Config::default());
    // EINTR is retried.
    let m = c
        .request(MsgType::RTM_GETLINK, Flags::empty(), |_| {})
        .unwrap();
    assert_eq!(value(m).unwrap(), Some(5));
    // ENOBUFS is an error the caller sees.
    let e = c
        .request(MsgType::RTM_GETLINK, Flags::empty(), |_| {})
        .unwrap_err();
    assert_eq!(e.errno(), Some(libc::ENOBUFS));
    // Nothing to read: would-block (the fake never blocks).
    let e = c
        .request(MsgType::RTM_GETLINK, Flags::empty(), |_| {})
        .unwrap_err();
    assert!(e.is_would_block(), "{e:?}");
}

#[test]
fn a_timeout_is_its_own_error() {
    let mut fake = FakeKernel::new(PORT);
    fake.on_request(|_| vec![]);
    let mut c = conn(
        fake,
        Config::default().read_timeout(std::time::Duration::from_millis(10)),
    );
    let e = c
        .request(MsgType::RTM_GETLINK, Flags::empty(), |_| {})
        .unwrap_err();
    assert!(e.is_timeout(), "{e:?}");
}

#[test]
fn malformed_replies_are_errors_not_panics() {
    let mut fake = FakeKernel::new(PORT);
    fake.on_request(|req| {
        let mut bytes = object(Reply::to(req), 1, Flags::empty()).build();
        if let Some(Incoming::Datagram { bytes, .. }) = bytes.first_mut() {
            bytes.truncate(bytes.len() - 3); // cut the last attribute short
        }
        bytes
    });
    let mut c = conn(fake, Config::default());
    let e = c
        .request(MsgType::RTM_GETLINK, Flags::empty(), |_| {})
        .unwrap_err();
    assert!(e.as_decode().is_some(), "{e:?}");
}

/// Runs itself as a child with NLSTACK_DEBUG=1 and reads the trace.
#[test]
fn nlstack_debug_traces_every_message_decoded() {
    if std::env::var_os("NLSTACK_TRACE_CHILD").is_some() {
        let mut fake = FakeKernel::new(PORT);
        fake.on_request(|req| object(Reply::to(req), 3, Flags::empty()).build());
        let mut c = conn(fake, Config::default().initial_seq(77));
        c.request(MsgType::RTM_GETLINK, Flags::empty(), |e| {
            e.raw(&[0; 16]).put_str(3, "eth0");
        })
        .unwrap();
        return;
    }
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "nlstack_debug_traces_every_message_decoded",
            "--nocapture",
        ])
        .env("NLSTACK_TRACE_CHILD", "1")
        .env("NLSTACK_DEBUG", "1")
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("send"), "{err}");
    assert!(
        err.contains("RTM_GETLINK(18) flags REQUEST seq 77"),
        "{err}"
    );
    assert!(err.contains("attrs { 3:5 }"), "{err}");
    assert!(
        err.contains("recv") && err.contains("RTM_NEWLINK(16) flags MULTI seq 77"),
        "{err}"
    );
    assert!(err.contains("attrs { 1:4 }"), "{err}");
}

/// An `NLMSG_ERROR` for `req` with `errno`, an ext-ack text and an offset
/// into the request.
fn error_at(req: &nlstack::wire::Message<'_>, errno: i32, msg: &str, offs: u32) -> Vec<Incoming> {
    let hdr = req.bytes()[..16].to_vec();
    Reply::to(req)
        .message(MsgType::NLMSG_ERROR, Flags::CAPPED | Flags::ACK_TLVS, |e| {
            e.raw(&(-errno).to_ne_bytes()).raw(&hdr);
            e.put_str(nlstack::wire::NLMSGERR_ATTR_MSG, msg);
            e.put_u32(nlstack::wire::NLMSGERR_ATTR_OFFS, offs);
        })
        .build()
}

/// Answers as the kernel does: an ack only when the request asks for one.
fn ack_if_asked(req: &nlstack::wire::Message<'_>) -> Vec<Incoming> {
    if req.flags().contains(Flags::ACK) {
        Reply::to(req).ack().build()
    } else {
        Vec::new()
    }
}

#[test]
fn a_batch_answers_in_order_with_an_error_in_the_middle_resolved_against_its_request() {
    let mut fake = FakeKernel::new(PORT);
    for i in 0..5 {
        if i == 2 {
            // Points at the third attribute (kind 5): 16 + 12 + 8 + 8.
            fake.on_request(|req| error_at(req, libc::EINVAL, "bad gateway", 44));
        } else {
            fake.on_request(ack_if_asked);
        }
    }
    let mut c = conn(fake, Config::default().initial_seq(10));
    let mut b = c.batch();
    for i in 0..5u8 {
        let idx = b
            .add(MsgType::RTM_NEWROUTE, Flags::CREATE, |e| {
                e.raw(&[0; 12]).put(1, &[172, 16, 0, i]);
                if i == 2 {
                    e.put_u32(7, 0).put(5, &[10, 0, 0, 2]);
                }
            })
            .unwrap();
        assert_eq!(idx, i as usize);
    }
    let results = b.run().unwrap();
    assert_eq!(results.len(), 5);
    for (i, r) in results.iter().enumerate() {
        if i == 2 {
            let e = r.as_ref().unwrap_err();
            let k = e.as_kernel().expect("a kernel error");
            assert_eq!(k.errno, libc::EINVAL);
            assert_eq!(k.message.as_deref(), Some("bad gateway"));
            assert_eq!(k.offset, Some(44));
            assert_eq!(k.attr_path.map(|p| p.kinds().to_vec()), Some(vec![5]));
        } else {
            assert!(r.is_ok(), "request {i}: {r:?}");
        }
    }
    // One datagram, five requests with consecutive sequence numbers; only
    // the last asks for an ack.
    let sent = c.transport().requests();
    assert_eq!(sent.len(), 1);
    let msgs: Vec<_> = Messages::new(&sent[0]).map(|m| m.unwrap()).collect();
    assert_eq!(
        msgs.iter().map(|m| m.seq()).collect::<Vec<_>>(),
        [10, 11, 12, 13, 14]
    );
    let acks: Vec<bool> = msgs
        .iter()
        .map(|m| m.flags().contains(Flags::ACK))
        .collect();
    assert_eq!(acks, [false, false, false, false, true]);
    assert!(
        msgs.iter()
            .all(|m| m.flags().contains(Flags::REQUEST | Flags::CREATE))
    );
    assert_eq!(c.transport().pending(), 0);
    assert_eq!(c.next_seq(), 15);
    assert_eq!(c.stats().dropped(), 0);
}

#[test]
fn a_batch_goes_no_more_requests_per_datagram_than_the_receive_buffer_has_acks_for() {
    // The fake kernel's receive buffer is 208 KiB: 208 acks of 1 KiB.
    const N: usize = 500;
    let mut fake = FakeKernel::new(PORT);
    for i in 0..N {
        if i == 300 {
            fake.on_request(|req| Reply::to(req).error(libc::EEXIST, None).build());
        } else {
            fake.on_request(ack_if_asked);
        }
    }
    let mut c = conn(fake, Config::default());
    let mut b = c.batch();
    for i in 0..N {
        b.add(MsgType::RTM_NEWROUTE, Flags::CREATE, |e| {
            e.raw(&[0; 12]).put_u32(1, i as u32);
        })
        .unwrap();
    }
    let results = b.run().unwrap();
    let errors: Vec<usize> = (0..N).filter(|&i| results[i].is_err()).collect();
    assert_eq!(errors, [300]);
    assert_eq!(
        results[300].as_ref().unwrap_err().errno(),
        Some(libc::EEXIST)
    );
    let per_datagram: Vec<usize> = c
        .transport()
        .requests()
        .iter()
        .map(|d| Messages::new(d).count())
        .collect();
    assert_eq!(per_datagram, [208, 208, 84]);
    assert_eq!(c.transport().pending(), 0);
}

#[test]
fn a_batch_takes_acks_for_every_request_too() {
    // Answers come in order whether or not they were asked for.
    let mut fake = FakeKernel::new(PORT);
    for i in 0..4 {
        fake.on_request(move |req| {
            if i == 1 {
                Reply::to(req).error(libc::ENOENT, Some("gone")).build()
            } else {
                Reply::to(req).ack().build()
            }
        });
    }
    let mut c = conn(fake, Config::default());
    let mut b = c.batch();
    for _ in 0..4 {
        b.add(MsgType::RTM_DELROUTE, Flags::empty(), |e| {
            e.raw(&[0; 12]);
        })
        .unwrap();
    }
    let r = b.run().unwrap();
    assert!(r[0].is_ok() && r[2].is_ok() && r[3].is_ok(), "{r:?}");
    let k = r[1].as_ref().unwrap_err();
    assert_eq!(k.as_kernel().unwrap().message.as_deref(), Some("gone"));
    assert_eq!(c.stats().dropped(), 0);
}

/// Streams a dump of `c`, collecting the values handed out.
fn stream(c: &mut Conn<Route, FakeKernel>) -> (nlstack::Result<bool>, Vec<u32>) {
    let mut seen = Vec::new();
    let r = c.dump_each(
        MsgType::RTM_GETLINK,
        Flags::empty(),
        |_| {},
        |m| {
            seen.push(value(m)?.unwrap());
            Ok(())
        },
    );
    (r.map(|d| d.consistent && d.attempts == 1), seen)
}

/// A streamed dump is never retried: what was handed out stays handed
/// out, and `NLM_F_DUMP_INTR` (here on `NLMSG_DONE` only) is reported, as
/// an error by default, as `consistent: false` when the policy accepts it.
#[test]
fn a_streamed_dump_that_is_interrupted_reports_it_without_retrying() {
    let mut c = conn(flaky(1, 2), Config::default());
    let (r, seen) = stream(&mut c);
    let e = r.unwrap_err();
    assert!(matches!(e, Error::DumpInterrupted(_)), "{e}");
    assert_eq!(seen, [0, 100]); // each message once, no second attempt
    assert_eq!(c.transport().requests().len(), 1);

    let policy = DumpPolicy::default().on_inconsistent(OnInconsistent::Accept);
    let mut c = conn(flaky(1, 2), Config::default().dump_policy(policy));
    let (r, seen) = stream(&mut c);
    assert_eq!((r.unwrap(), seen), (false, vec![0, 100]));
    assert_eq!(c.transport().requests().len(), 1);
    assert_eq!(c.stats().dumps_inconsistent, 1);

    // A consistent stream says so.
    let mut c = conn(flaky(0, 1), Config::default());
    let (r, seen) = stream(&mut c);
    assert_eq!((r.unwrap(), seen), (true, vec![0, 100]));
}
