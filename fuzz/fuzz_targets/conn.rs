//! Drives a `Conn` over the fake kernel with arbitrary operations and
//! arbitrary deliveries between them: from the kernel, from another
//! socket, multicast; messages with the current, a stale, a future or any
//! sequence number and our port, 0 or another; data, DONE, ERROR, OVERRUN,
//! NOOP, with DUMP_INTR anywhere; datagrams cut short; errnos (EAGAIN,
//! EINTR, ENOBUFS). Checks that nothing panics or hangs, that every message
//! handed out was a kernel unicast reply of the exchange's sequence number
//! and port and is handed out once, and that dumps, acks, requests and
//! batches end only as the deliveries allow.
#![no_main]

use std::collections::{BTreeMap, BTreeSet};

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use nlstack::conn::{Config, Conn, Exchange, Route};
use nlstack::testing::{FakeKernel, Incoming};
use nlstack::wire::{Encoder, Flags, Header, Message, Messages, MsgType};

const PORT: u32 = 4242;

#[derive(Arbitrary, Debug)]
enum Op {
    Dump,
    Ack,
    Request,
    /// Reads what the exchange in progress has, until it ends or blocks.
    Read,
    Abandon,
    Batch(u8),
    Deliver(Delivery),
}

#[derive(Arbitrary, Debug)]
enum Delivery {
    Datagram {
        sender: Sender,
        msgs: Vec<Msg>,
        /// Cut the datagram to this many bytes (if shorter).
        cut: Option<u16>,
    },
    Errno(ErrnoChoice),
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum Sender {
    Kernel,
    Foreign(u32),
    Multicast(u8),
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum ErrnoChoice {
    Again,
    Intr,
    NoBufs,
}

#[derive(Arbitrary, Debug)]
struct Msg {
    seq: SeqChoice,
    port: PortChoice,
    kind: KindChoice,
    intr: bool,
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum SeqChoice {
    Current,
    Back(u8),
    Ahead(u8),
    Any(u32),
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum PortChoice {
    Ours,
    Zero,
    Other(u32),
}

#[derive(Arbitrary, Debug, Clone, Copy)]
enum KindChoice {
    Data,
    Done(u8),
    Error(u8),
    Overrun,
    Noop,
}

/// What the model knows of the replies delivered so far.
#[derive(Default)]
struct Model {
    /// Data messages (by id) that may be handed out, with their seq.
    valid: BTreeMap<u32, u32>,
    /// Ids handed out.
    seen: BTreeSet<u32>,
    /// (seq, errno) of well-formed DONEs and ERRORs (errno 0: an ack)
    /// delivered by the kernel by unicast to us.
    ends: BTreeSet<(u32, i32)>,
    next_id: u32,
}

fn build(m: &mut Model, msgs: &[Msg], cur: u32) -> Vec<u8> {
    let mut b = Vec::new();
    for msg in msgs.iter().take(16) {
        let seq = match msg.seq {
            SeqChoice::Current => cur,
            SeqChoice::Back(n) => cur.wrapping_sub(u32::from(n) + 1),
            SeqChoice::Ahead(n) => cur.wrapping_add(u32::from(n) + 1),
            SeqChoice::Any(s) => s,
        };
        let port = match msg.port {
            PortChoice::Ours => PORT,
            PortChoice::Zero => 0,
            PortChoice::Other(p) => p,
        };
        let mut flags = Flags::MULTI;
        if msg.intr {
            flags |= Flags::DUMP_INTR;
        }
        let (kind, payload): (MsgType, Vec<u8>) = match msg.kind {
            KindChoice::Data => {
                m.next_id += 1;
                let mut p = vec![0u8; 16];
                p.extend_from_slice(&8u16.to_ne_bytes());
                p.extend_from_slice(&1u16.to_ne_bytes());
                p.extend_from_slice(&m.next_id.to_ne_bytes());
                (MsgType::RTM_NEWLINK, p)
            }
            KindChoice::Done(e) => (
                MsgType::NLMSG_DONE,
                (-i32::from(e % 40)).to_ne_bytes().to_vec(),
            ),
            KindChoice::Error(e) => {
                let mut p = (-i32::from(e % 40)).to_ne_bytes().to_vec();
                let echoed = Header {
                    len: 16,
                    kind: MsgType::RTM_GETLINK,
                    flags: Flags::REQUEST,
                    seq,
                    port,
                };
                p.extend_from_slice(&echoed.to_bytes());
                flags |= Flags::CAPPED;
                (MsgType::NLMSG_ERROR, p)
            }
            KindChoice::Overrun => (MsgType::NLMSG_OVERRUN, Vec::new()),
            KindChoice::Noop => (MsgType::NLMSG_NOOP, Vec::new()),
        };
        let mut e = Encoder::new(&mut b, kind, flags, seq, port);
        e.raw(&payload);
        let _ = e.finish();
    }
    b
}

/// Records in the model what of `bytes` a connection may take as replies:
/// the messages before any malformed one, from the kernel by unicast.
fn record(m: &mut Model, bytes: &[u8], unicast_kernel: bool) {
    if !unicast_kernel {
        return;
    }
    for msg in Messages::new(bytes) {
        let Ok(msg) = msg else { break };
        if msg.port() != PORT && msg.port() != 0 {
            continue;
        }
        match msg.kind() {
            MsgType::RTM_NEWLINK => {
                if let Some(id) = msg.payload().get(20..24) {
                    m.valid
                        .insert(u32::from_ne_bytes(id.try_into().unwrap()), msg.seq());
                }
            }
            MsgType::NLMSG_DONE | MsgType::NLMSG_ERROR => {
                if let Some(c) = msg.payload().get(..4) {
                    let code = i32::from_ne_bytes(c.try_into().unwrap());
                    m.ends.insert((msg.seq(), code.wrapping_neg()));
                }
            }
            _ => {}
        }
    }
}

/// Checks a message handed out for exchange `seq`.
fn handed_out(m: &mut Model, msg: &Message<'_>, seq: u32) {
    assert_eq!(msg.seq(), seq, "a message of another exchange");
    assert!(
        msg.port() == PORT || msg.port() == 0,
        "a message for another port"
    );
    let id = u32::from_ne_bytes(msg.payload()[20..24].try_into().unwrap());
    assert_eq!(
        m.valid.get(&id),
        Some(&seq),
        "not a kernel unicast reply: {id}"
    );
    assert!(m.seen.insert(id), "message {id} handed out twice");
}

fn resumable(e: &nlstack::Error) -> bool {
    e.is_would_block() || e.is_timeout()
}

/// After an error: the exchange is over unless it may resume, and a
/// kernel error's errno was delivered.
fn after_error(c: &Conn<Route, FakeKernel>, m: &Model, seq: u32, e: &nlstack::Error) {
    if resumable(e) {
        assert_eq!(c.pending().map(|p| p.seq), Some(seq));
    } else {
        assert_eq!(c.pending(), None, "{e}");
    }
    if let Some(k) = e.as_kernel() {
        assert!(
            m.ends.contains(&(seq, k.errno)),
            "errno {} never delivered",
            k.errno
        );
    }
}

fuzz_target!(|ops: Vec<Op>| {
    // A read timeout: the fake kernel answers it at once when its queue
    // is empty, so reads end in timeouts as well as would-block.
    let cfg = Config::default()
        .initial_seq(1000)
        .read_timeout(std::time::Duration::from_millis(1));
    let mut c = Conn::<Route, _>::with_transport(FakeKernel::new(PORT), PORT, &cfg);
    let mut m = Model::default();
    let mut cur = c.next_seq();
    for op in ops.iter().take(64) {
        match op {
            Op::Dump | Op::Ack | Op::Request => {
                let r = match op {
                    Op::Dump => c.dump_start(MsgType::RTM_GETLINK, Flags::empty(), |_| {}),
                    Op::Ack => c.ack_start(MsgType::RTM_SETLINK, Flags::empty(), |_| {}),
                    _ => c.request_start(MsgType::RTM_GETLINK, Flags::empty(), |_| {}),
                };
                if let Ok(seq) = r {
                    cur = seq;
                }
            }
            Op::Abandon => c.abandon(),
            Op::Read => {
                let Some(p) = c.pending() else { continue };
                let seq = p.seq;
                // Each read consumes a queued delivery or ends: bounded.
                for _ in 0..c.transport().pending() + 2 {
                    match p.kind {
                        Exchange::Dump => match c.dump_next() {
                            Some(Ok(msg)) => handed_out(&mut m, &msg, seq),
                            Some(Err(e)) => {
                                after_error(&c, &m, seq, &e);
                                break;
                            }
                            None => {
                                assert!(m.ends.contains(&(seq, 0)), "a dump ended without DONE");
                                break;
                            }
                        },
                        Exchange::Ack => {
                            let mut got = Vec::new();
                            let r = c.ack_finish_each(|msg| {
                                got.push((msg.seq(), msg.port(), msg.payload().to_vec()));
                                Ok(())
                            });
                            for (s, port, payload) in got {
                                assert_eq!(s, seq);
                                assert!(port == PORT || port == 0);
                                let id = u32::from_ne_bytes(payload[20..24].try_into().unwrap());
                                assert_eq!(m.valid.get(&id), Some(&seq));
                                assert!(m.seen.insert(id));
                            }
                            match r {
                                Ok(()) => assert!(m.ends.contains(&(seq, 0)), "an ack never sent"),
                                Err(e) => after_error(&c, &m, seq, &e),
                            }
                            break;
                        }
                        Exchange::Request => {
                            match c.request_finish() {
                                Ok(msg) => handed_out(&mut m, &msg, seq),
                                Err(e) => {
                                    after_error(&c, &m, seq, &e);
                                    break;
                                }
                            }
                            assert_eq!(c.pending(), None, "one reply ends a request");
                            break;
                        }
                        _ => break,
                    }
                    if c.pending().is_none() {
                        break;
                    }
                }
            }
            Op::Batch(n) => {
                let n = usize::from(*n % 8) + 1;
                let first = c.next_seq();
                let mut b = c.batch();
                for _ in 0..n {
                    b.add(MsgType::RTM_SETLINK, Flags::empty(), |_| {}).unwrap();
                }
                cur = first;
                match b.run() {
                    Ok(results) => {
                        assert_eq!(results.len(), n);
                        // Only the last request asks for an ack: all Ok
                        // only once it was acked.
                        let last = first.wrapping_add(n as u32 - 1);
                        if results.iter().all(Result::is_ok) {
                            assert!(m.ends.contains(&(last, 0)), "a batch succeeded unanswered");
                        }
                        for (i, r) in results.iter().enumerate() {
                            if let Err(e) = r {
                                let k = e.as_kernel().expect("a kernel error");
                                let seq = first.wrapping_add(i as u32);
                                assert!(m.ends.contains(&(seq, k.errno)), "errno never sent");
                            }
                        }
                    }
                    Err(_) => {}
                }
            }
            Op::Deliver(Delivery::Errno(e)) => {
                let errno = match e {
                    ErrnoChoice::Again => libc::EAGAIN,
                    ErrnoChoice::Intr => libc::EINTR,
                    ErrnoChoice::NoBufs => libc::ENOBUFS,
                };
                c.transport_mut().push(Incoming::Errno(errno));
            }
            Op::Deliver(Delivery::Datagram { sender, msgs, cut }) => {
                let mut bytes = build(&mut m, msgs, cur);
                if let Some(n) = cut {
                    bytes.truncate(usize::from(*n));
                }
                let (inc, unicast_kernel) = match *sender {
                    Sender::Kernel => (Incoming::kernel(bytes.clone()), true),
                    Sender::Foreign(p) => (Incoming::foreign(bytes.clone(), p.max(1)), false),
                    Sender::Multicast(g) => (
                        Incoming::multicast(bytes.clone(), u32::from(g % 40) + 1),
                        false,
                    ),
                };
                record(&mut m, &bytes, unicast_kernel);
                c.transport_mut().push(inc);
            }
        }
    }
});
