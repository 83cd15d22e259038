//! Exchanges as state the connection keeps (against the scripted fake
//! kernel): `WouldBlock` and timeouts leave a request, an ack or a dump in
//! progress, and calling again continues it with nothing lost or repeated;
//! dropping a dump never blocks; malformed control messages and overruns
//! end an exchange instead of leaving it waiting.

use std::time::Duration;

use nlstack::Error;
use nlstack::conn::{Config, Conn, Exchange, Route};
use nlstack::testing::{FakeKernel, Incoming, Reply};
use nlstack::wire::{Flags, Header, Message, Messages, MsgType};

const PORT: u32 = 4242;

fn conn(fake: FakeKernel, config: Config<'_>) -> Conn<Route, FakeKernel> {
    Conn::with_transport(fake, PORT, &config)
}

/// A link-ish message with one u32 attribute (kind 1) holding `n`.
fn object(r: Reply, n: u32) -> Reply {
    r.message(MsgType::RTM_NEWLINK, Flags::MULTI, |e| {
        e.raw(&[0; 16]).put_u32(1, n);
    })
}

fn value(m: Message<'_>) -> u32 {
    m.attrs(16)
        .unwrap()
        .find(1)
        .unwrap()
        .unwrap()
        .u32()
        .unwrap()
}

/// A reply to the last request sent, to push after the fact.
fn reply_to_last(c: &Conn<Route, FakeKernel>) -> Reply {
    let req = c.transport().requests().last().expect("a request").clone();
    Reply::to(&Messages::new(&req).next().unwrap().unwrap())
}

fn push(c: &mut Conn<Route, FakeKernel>, r: Reply) {
    for d in r.build() {
        c.transport_mut().push(d);
    }
}

#[test]
fn a_dump_continues_after_would_block_with_every_message_once() {
    let mut fake = FakeKernel::new(PORT);
    fake.on_request(|req| object(object(Reply::to(req), 0).split(), 1).build());
    let mut c = conn(fake, Config::default());
    c.dump_start(MsgType::RTM_GETLINK, Flags::empty(), |_| {})
        .unwrap();
    let mut got = Vec::new();
    let mut blocked = 0;
    for round in 0..4u32 {
        loop {
            match c.dump_next() {
                Some(Ok(m)) => got.push(value(m)),
                Some(Err(e)) if e.is_would_block() => {
                    blocked += 1;
                    break;
                }
                Some(Err(e)) => panic!("{e}"),
                None => break,
            }
        }
        let p = c.pending().expect("the dump is still in progress");
        assert_eq!(p.kind, Exchange::Dump);
        // The kernel's next datagrams arrive: two objects, split.
        let r = reply_to_last(&c);
        let r = object(object(r, 2 + 2 * round).split(), 3 + 2 * round);
        push(&mut c, r);
    }
    let r = reply_to_last(&c).done(Flags::MULTI);
    push(&mut c, r);
    while let Some(m) = c.dump_next() {
        got.push(value(m.unwrap()));
    }
    assert_eq!(blocked, 4);
    assert_eq!(
        got,
        (0..10).collect::<Vec<_>>(),
        "each message once, in order"
    );
    assert_eq!(c.pending(), None);
    assert_eq!(c.stats().stale + c.stats().discarded, 0);
}

#[test]
fn an_ack_interrupted_by_a_timeout_completes_on_the_next_call() {
    let mut fake = FakeKernel::new(PORT);
    fake.on_request(|_| vec![]); // the kernel is slow to answer
    let mut c = conn(
        fake,
        Config::default().read_timeout(Duration::from_millis(5)),
    );
    let e = c
        .ack(MsgType::RTM_NEWLINK, Flags::CREATE, |_| {})
        .unwrap_err();
    assert!(e.is_timeout(), "{e:?}");
    let p = c.pending().expect("still waiting for the ack");
    assert_eq!(p.kind, Exchange::Ack);
    // A second timeout changes nothing.
    assert!(c.ack_finish().unwrap_err().is_timeout());
    let r = reply_to_last(&c).ack();
    push(&mut c, r);
    c.ack_finish().unwrap();
    assert_eq!(c.pending(), None);
    assert!(matches!(c.ack_finish(), Err(Error::NoExchange)));
    assert_eq!(c.transport().requests().len(), 1, "nothing was sent again");
}

#[test]
fn a_request_interrupted_by_would_block_returns_its_reply_later() {
    let mut fake = FakeKernel::new(PORT);
    fake.on_request(|_| vec![]);
    let mut c = conn(fake, Config::default());
    let e = c
        .request(MsgType::RTM_GETLINK, Flags::empty(), |_| {})
        .unwrap_err();
    assert!(e.is_would_block(), "{e:?}");
    // A late reply to an older request, then ours.
    let stale = reply_to_last(&c).seq(1);
    push(&mut c, object(stale, 66));
    let r = object(reply_to_last(&c), 7);
    push(&mut c, r);
    assert_eq!(value(c.request_finish().unwrap()), 7);
    assert_eq!(c.stats().stale, 1);
    assert_eq!(c.pending(), None);
}

#[test]
fn a_dropped_dump_is_read_out_before_the_next_dump_without_blocking_the_drop() {
    // The kernel runs one dump per socket: a second dump request while the
    // first is unfinished would fail with EBUSY, so the rest is read first.
    let mut fake = FakeKernel::new(PORT);
    fake.on_request(|req| {
        let mut r = Reply::to(req);
        for i in 0..5 {
            r = object(r, i).split();
        }
        r.done(Flags::MULTI).build()
    });
    fake.on_request(|req| object(Reply::to(req), 50).done(Flags::MULTI).build());
    let mut c = conn(fake, Config::default());
    {
        let mut d = c
            .dump(MsgType::RTM_GETLINK, Flags::empty(), |_| {})
            .unwrap();
        assert_eq!(value(d.next().unwrap().unwrap()), 0);
    }
    assert_eq!(c.transport().pending(), 5, "the drop read nothing");
    let mut d = c
        .dump(MsgType::RTM_GETLINK, Flags::empty(), |_| {})
        .unwrap();
    let mut got = Vec::new();
    while let Some(m) = d.next() {
        got.push(value(m.unwrap()));
    }
    assert_eq!(got, [50]);
    drop(d);
    assert_eq!(c.stats().discarded, 5, "four objects and DONE");
    assert_eq!(c.stats().stale, 0);
}

#[test]
fn a_malformed_done_ends_the_dump_instead_of_waiting() {
    let mut fake = FakeKernel::new(PORT);
    fake.on_request(|req| {
        let Incoming::Datagram { mut bytes, .. } = object(Reply::to(req), 1).build().remove(0)
        else {
            unreachable!()
        };
        // A DONE whose 4-byte status is cut to 2 bytes.
        let done = Header {
            len: 18,
            kind: MsgType::NLMSG_DONE,
            flags: Flags::MULTI,
            seq: req.seq(),
            port: req.port(),
        };
        bytes.extend_from_slice(&done.to_bytes());
        bytes.extend_from_slice(&[1, 2]);
        vec![Incoming::kernel(bytes)]
    });
    let mut c = conn(fake, Config::default());
    let mut d = c
        .dump(MsgType::RTM_GETLINK, Flags::empty(), |_| {})
        .unwrap();
    assert_eq!(value(d.next().unwrap().unwrap()), 1);
    let e = d.next().unwrap().unwrap_err();
    let de = e.as_decode().unwrap_or_else(|| panic!("{e:?}"));
    // Offsets count from the start of the datagram: the DONE is its second
    // message, after the 40-byte object, and its status follows its header.
    assert_eq!(de.offset, 40 + 16, "{e}");
    assert!(d.next().is_none(), "the dump is over");
    drop(d);
    assert_eq!(c.pending(), None);
}

#[test]
fn an_overrun_is_reported_and_ends_the_exchange() {
    let mut fake = FakeKernel::new(PORT);
    fake.on_request(|req| {
        object(Reply::to(req), 1)
            .message(MsgType::NLMSG_OVERRUN, Flags::empty(), |_| {})
            .build()
    });
    let mut c = conn(fake, Config::default());
    let mut d = c
        .dump(MsgType::RTM_GETLINK, Flags::empty(), |_| {})
        .unwrap();
    assert_eq!(value(d.next().unwrap().unwrap()), 1);
    let e = d.next().unwrap().unwrap_err();
    assert!(matches!(e, Error::Overrun) && e.is_overrun(), "{e:?}");
    assert!(d.next().is_none());
    drop(d);
    assert_eq!(c.stats().overruns, 1);
}

#[test]
fn an_ack_warning_reaches_the_caller() {
    let mut fake = FakeKernel::new(PORT);
    fake.on_request(|req| {
        let hdr = req.bytes()[..16].to_vec();
        Reply::to(req)
            .message(MsgType::NLMSG_ERROR, Flags::CAPPED | Flags::ACK_TLVS, |e| {
                e.raw(&0i32.to_ne_bytes()).raw(&hdr);
                e.put_str(nlstack::wire::NLMSGERR_ATTR_MSG, "deprecated, but done");
            })
            .build()
    });
    fake.on_request(|req| Reply::to(req).ack().build());
    let mut c = conn(fake, Config::default());
    c.ack(MsgType::RTM_NEWLINK, Flags::empty(), |_| {}).unwrap();
    assert_eq!(c.ack_warning(), Some("deprecated, but done"));
    c.ack(MsgType::RTM_NEWLINK, Flags::empty(), |_| {}).unwrap();
    assert_eq!(c.ack_warning(), None, "each ack has its own");
}

#[test]
fn echo_returns_what_the_kernel_sent_back_before_the_ack() {
    let mut fake = FakeKernel::new(PORT);
    fake.on_request(|req| {
        assert!(req.flags().contains(Flags::ECHO | Flags::ACK));
        // The kernel unicasts the notification itself: marked with its
        // group, like an event.
        let mut v = object(Reply::to(req), 9).build();
        let Some(Incoming::Datagram { bytes, .. }) = v.pop() else {
            unreachable!()
        };
        let mut out = vec![Incoming::multicast(bytes, 1)];
        out.extend(Reply::to(req).ack().build());
        out
    });
    let mut c = conn(fake, Config::default());
    let kept = c
        .echo(
            MsgType::RTM_NEWLINK,
            Flags::CREATE,
            |_| {},
            |m| Ok(Some(value(m))),
        )
        .unwrap();
    assert_eq!(kept, Some(9));
}

#[test]
fn a_kernel_error_with_a_malformed_ext_ack_keeps_its_errno() {
    let mut fake = FakeKernel::new(PORT);
    fake.on_request(|req| {
        let hdr = req.bytes()[..16].to_vec();
        Reply::to(req)
            .message(MsgType::NLMSG_ERROR, Flags::CAPPED | Flags::ACK_TLVS, |e| {
                e.raw(&(-libc::EEXIST).to_ne_bytes()).raw(&hdr);
                e.put(nlstack::wire::NLMSGERR_ATTR_MSG, &[0xff, 0xfe, 0]); // not UTF-8
                e.put(nlstack::wire::NLMSGERR_ATTR_OFFS, &[1, 2]); // wrong size
            })
            .build()
    });
    let mut c = conn(fake, Config::default());
    let e = c
        .ack(MsgType::RTM_NEWLINK, Flags::empty(), |_| {})
        .unwrap_err();
    assert!(e.is_exists(), "{e:?}");
    let k = e.as_kernel().unwrap();
    assert_eq!((k.message.as_deref(), k.offset), (None, None));
    assert!(k.ext_ack_problem.is_some());
}

#[test]
fn a_batch_answers_every_request_in_order_with_the_failing_one_at_its_index() {
    let mut fake = FakeKernel::new(PORT);
    for i in 0..5 {
        fake.on_request(move |req| {
            if i == 2 {
                Reply::to(req).error(libc::EEXIST, Some("exists")).build()
            } else {
                Reply::to(req).ack().build()
            }
        });
    }
    let mut c = conn(fake, Config::default());
    let mut b = c.batch();
    for i in 0..5u32 {
        assert_eq!(
            b.add(MsgType::RTM_NEWROUTE, Flags::CREATE, |e| {
                e.raw(&[0; 12]).put_u32(1, i);
            })
            .unwrap(),
            i as usize
        );
    }
    let results = b.run().unwrap();
    assert_eq!(results.len(), 5);
    for (i, r) in results.iter().enumerate() {
        match (i, r) {
            (2, Err(e)) => {
                let k = e.as_kernel().unwrap();
                assert_eq!(
                    (k.errno, k.message.as_deref()),
                    (libc::EEXIST, Some("exists"))
                );
            }
            (_, Ok(())) => {}
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(c.transport().requests().len(), 1, "one datagram");
    let seqs: Vec<u32> = Messages::new(&c.transport().requests()[0])
        .map(|m| m.unwrap().seq())
        .collect();
    assert_eq!(seqs.len(), 5);
    assert!(seqs.windows(2).all(|w| w[1] == w[0] + 1), "{seqs:?}");
}

#[test]
fn foreign_and_multicast_datagrams_never_answer_an_exchange() {
    let mut fake = FakeKernel::new(PORT);
    fake.on_request(|_| vec![]);
    let mut c = conn(fake, Config::default());
    c.ack_start(MsgType::RTM_NEWLINK, Flags::empty(), |_| {})
        .unwrap();
    let forged: Vec<Vec<u8>> = reply_to_last(&c)
        .ack()
        .build()
        .into_iter()
        .filter_map(|d| match d {
            Incoming::Datagram { bytes, .. } => Some(bytes),
            _ => None,
        })
        .collect();
    c.transport_mut()
        .push(Incoming::foreign(forged[0].clone(), 77));
    c.transport_mut()
        .push(Incoming::multicast(forged[0].clone(), 1));
    assert!(c.ack_finish().unwrap_err().is_would_block());
    assert_eq!((c.stats().foreign, c.stats().multicast), (1, 1));
    c.transport_mut().push(Incoming::kernel(forged[0].clone()));
    c.ack_finish().unwrap();
}

#[test]
fn a_send_that_cannot_go_out_in_the_write_timeout_is_a_timeout() {
    let mut fake = FakeKernel::new(PORT);
    fake.set_writable(false);
    fake.on_request(|req| Reply::to(req).ack().build());
    let cfg = Config::default().write_timeout(Duration::from_millis(5));
    let mut c = conn(fake, cfg);
    let e = c
        .ack(MsgType::RTM_NEWLINK, Flags::empty(), |_| {})
        .unwrap_err();
    assert!(e.is_timeout(), "{e:?}");
    assert!(c.transport().requests().is_empty(), "nothing was sent");
    assert_eq!(c.pending(), None, "no exchange was started");
    c.transport_mut().set_writable(true);
    c.ack(MsgType::RTM_NEWLINK, Flags::empty(), |_| {}).unwrap();
}

#[test]
fn a_datagram_already_read_is_not_handed_out_again_after_eintr_and_a_timeout() {
    let mut fake = FakeKernel::new(PORT);
    fake.on_request(|req| object(object(Reply::to(req), 1), 2).build());
    let mut c = conn(
        fake,
        Config::default().read_timeout(Duration::from_millis(5)),
    );
    c.dump_start(MsgType::RTM_GETLINK, Flags::empty(), |_| {})
        .unwrap();
    assert_eq!(value(c.dump_next().unwrap().unwrap()), 1);
    assert_eq!(value(c.dump_next().unwrap().unwrap()), 2);
    // The datagram is used up; the next read is interrupted, then times out.
    c.transport_mut().push(Incoming::Errno(libc::EINTR));
    assert!(c.dump_next().unwrap().unwrap_err().is_timeout());
    // Nothing more came: still a timeout, not the old messages again.
    assert!(c.dump_next().unwrap().unwrap_err().is_timeout());
    let r = reply_to_last(&c).done(Flags::MULTI);
    push(&mut c, r);
    assert!(c.dump_next().is_none());
}
