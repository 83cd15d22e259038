//! Control messages: `NLMSG_DONE`, acknowledgements, `NLMSG_ERROR` with
//! extended ack, `NLMSG_OVERRUN`, `NLMSG_NOOP`.

use crate::error::{AttrPath, DecodeError, DecodeErrorKind, Error, KernelError, Policy, Result};
use crate::wire::align::align;
use crate::wire::attr::{Attr, Attrs};
use crate::wire::message::{Flags, Header, Message, MsgType, NLMSG_HDRLEN};

/// `NLMSGERR_ATTR_MSG`: error message string.
pub const NLMSGERR_ATTR_MSG: u16 = 1;
/// `NLMSGERR_ATTR_OFFS`: offset of the invalid attribute in the request.
pub const NLMSGERR_ATTR_OFFS: u16 = 2;
/// `NLMSGERR_ATTR_COOKIE`: subsystem-specific cookie.
pub const NLMSGERR_ATTR_COOKIE: u16 = 3;
/// `NLMSGERR_ATTR_POLICY`: policy of the rejected attribute (nested).
pub const NLMSGERR_ATTR_POLICY: u16 = 4;
/// `NLMSGERR_ATTR_MISS_TYPE`: type of a missing required attribute.
pub const NLMSGERR_ATTR_MISS_TYPE: u16 = 5;
/// `NLMSGERR_ATTR_MISS_NEST`: offset of the nest the attribute is missing from.
pub const NLMSGERR_ATTR_MISS_NEST: u16 = 6;

/// A decoded control message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Control<'a> {
    /// `NLMSG_NOOP`.
    Noop,
    /// `NLMSG_OVERRUN`: data was lost.
    Overrun,
    /// `NLMSG_DONE`: the end of a dump.
    Done(Done<'a>),
    /// `NLMSG_ERROR` with code 0: the request succeeded.
    Ack(Ack<'a>),
    /// `NLMSG_ERROR` with a non-zero code.
    Error(ErrorMsg<'a>),
}

/// `NLMSG_DONE`: the end of a dump, with the dump's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Done<'a> {
    /// The errno the dump ended with, positive; 0 for success. An empty
    /// payload (sent by some families) reads as 0.
    pub errno: i32,
    /// Extended-ack TLVs, present when `NLM_F_ACK_TLVS` is set.
    pub ext: ExtAck<'a>,
}

/// An acknowledgement (`NLMSG_ERROR` with code 0).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ack<'a> {
    /// The header of the request acknowledged.
    pub request: Header,
    /// Extended-ack TLVs (a warning message may come with success).
    pub ext: ExtAck<'a>,
}

/// `NLMSG_ERROR` with a non-zero code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ErrorMsg<'a> {
    /// The errno, positive (`libc::EINVAL`, ...).
    pub errno: i32,
    /// The header of the request that failed.
    pub request: Header,
    /// The request as echoed back: the whole message, or only its header
    /// when the reply is `NLM_F_CAPPED`.
    pub echoed: &'a [u8],
    /// Extended-ack TLVs.
    pub ext: ExtAck<'a>,
}

impl ErrorMsg<'_> {
    /// An owned [`KernelError`]. The error offset is resolved to an
    /// attribute path in `request` (the message as sent) or, when that is
    /// `None` and the reply was not capped, in the echoed request;
    /// `fixed_len` is the size of the request's family header.
    pub fn to_kernel_error(&self, request: Option<&[u8]>, fixed_len: usize) -> KernelError {
        let req = request.or((self.echoed.len() > NLMSG_HDRLEN).then_some(self.echoed));
        self.ext
            .to_kernel_error(self.errno, req.map(|r| (r, fixed_len)))
    }
}

/// The extended acknowledgement TLVs of an `NLMSG_ERROR` or `NLMSG_DONE`.
///
/// Every field the kernel defines is decoded; fields it did not send are
/// `None`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct ExtAck<'a> {
    /// `NLMSGERR_ATTR_MSG`: the kernel's reason, as text.
    pub msg: Option<&'a str>,
    /// `NLMSGERR_ATTR_OFFS`: offset of the bad attribute in the request,
    /// from the start of its `nlmsghdr`.
    pub offset: Option<u32>,
    /// `NLMSGERR_ATTR_COOKIE`.
    pub cookie: Option<&'a [u8]>,
    /// `NLMSGERR_ATTR_POLICY`, decoded.
    pub policy: Option<Policy>,
    /// `NLMSGERR_ATTR_MISS_TYPE`.
    pub missing_type: Option<u32>,
    /// `NLMSGERR_ATTR_MISS_NEST`.
    pub missing_nest: Option<u32>,
    /// The first part of the reply that did not decode (a TLV of the wrong
    /// size, text that is not UTF-8, a malformed list or echoed request):
    /// noted here, never returned instead of the errno.
    pub problem: Option<DecodeError>,
}

impl<'a> ExtAck<'a> {
    /// Decodes the TLVs in `attrs`, leniently: unknown TLVs are skipped, a
    /// TLV of the wrong size or text that is not UTF-8 spoils only itself,
    /// and a malformed list ends the walk; the first such problem is kept
    /// in [`problem`](Self::problem). Whatever did decode is kept.
    pub fn parse(attrs: Attrs<'a>) -> ExtAck<'a> {
        let mut ext = ExtAck::default();
        for a in attrs {
            let a = match a {
                Ok(a) => a,
                Err(e) => {
                    ext.note(e);
                    break;
                }
            };
            let r = match a.kind() {
                NLMSGERR_ATTR_MSG => a.str().map(|m| ext.msg = Some(m)),
                NLMSGERR_ATTR_OFFS => a.u32().map(|v| ext.offset = Some(v)),
                NLMSGERR_ATTR_COOKIE => {
                    ext.cookie = Some(a.value());
                    Ok(())
                }
                NLMSGERR_ATTR_POLICY => Policy::parse(a.nested()).map(|p| ext.policy = Some(p)),
                NLMSGERR_ATTR_MISS_TYPE => a.u32().map(|v| ext.missing_type = Some(v)),
                NLMSGERR_ATTR_MISS_NEST => a.u32().map(|v| ext.missing_nest = Some(v)),
                _ => Ok(()),
            };
            if let Err(e) = r {
                ext.note(e);
            }
        }
        ext
    }

    /// Keeps the first decoding problem.
    fn note(&mut self, e: Error) {
        if self.problem.is_none() {
            self.problem = e.as_decode().copied();
        }
    }

    /// True when no field is present.
    pub fn is_empty(&self) -> bool {
        *self == ExtAck::default()
    }

    /// An owned [`KernelError`] with `errno` and these fields. With
    /// `request` (the message as sent and the size of its family header)
    /// the offset is resolved to an attribute path.
    pub fn to_kernel_error(&self, errno: i32, request: Option<(&[u8], usize)>) -> KernelError {
        KernelError {
            errno,
            message: self.msg.map(str::to_owned),
            offset: self.offset,
            attr_path: match (self.offset, request) {
                (Some(off), Some((req, fixed))) => AttrPath::locate(req, fixed, off as usize),
                _ => None,
            },
            missing_type: self.missing_type,
            missing_nest: self.missing_nest,
            cookie: self.cookie.map(<[u8]>::to_vec),
            policy: self.policy,
            ext_ack_problem: self.problem,
        }
    }
}

impl Policy {
    /// Decodes the nested `NL_POLICY_TYPE_ATTR_*` list.
    pub fn parse(attrs: Attrs<'_>) -> Result<Policy> {
        let mut p = Policy::default();
        for a in attrs {
            let a = a?;
            match a.kind() {
                1 => p.attr_type = Some(a.u32()?),
                2 => p.min_value_s = Some(a.i64()?),
                3 => p.max_value_s = Some(a.i64()?),
                4 => p.min_value_u = Some(a.u64()?),
                5 => p.max_value_u = Some(a.u64()?),
                6 => p.min_length = Some(a.u32()?),
                7 => p.max_length = Some(a.u32()?),
                8 => p.policy_idx = Some(a.u32()?),
                9 => p.policy_maxtype = Some(a.u32()?),
                10 => p.bitfield32_mask = Some(a.u32()?),
                12 => p.mask = Some(a.u64()?),
                _ => {}
            }
        }
        Ok(p)
    }
}

impl AttrPath {
    /// Finds the attribute of `request` (a whole message as sent, header
    /// included, with a family header of `fixed_len` bytes) that `offset`
    /// points into. Nests are entered when they carry `NLA_F_NESTED` or
    /// their value parses cleanly as attributes. `None` when the offset is
    /// in a header or outside the request.
    pub fn locate(request: &[u8], fixed_len: usize, offset: usize) -> Option<AttrPath> {
        let start = NLMSG_HDRLEN + align(fixed_len);
        let body = request.get(start..)?;
        let mut path = AttrPath::default();
        let mut attrs = Attrs::with_offset(body, start);
        'outer: loop {
            for a in attrs.by_ref() {
                let a = a.ok()?;
                let end = a.offset() + 4 + a.value().len();
                if offset < a.offset() || offset >= end.max(a.offset() + 4) {
                    continue;
                }
                if (path.depth as usize) < Self::MAX_DEPTH {
                    path.kinds[path.depth as usize] = a.kind();
                    path.depth += 1;
                }
                if offset > a.offset() && offset >= a.offset() + 4 && nests(&a) {
                    attrs = a.nested();
                    continue 'outer;
                }
                return Some(path);
            }
            return if path.depth > 0 { Some(path) } else { None };
        }
    }
}

fn nests(a: &Attr<'_>) -> bool {
    a.is_nested() || (!a.value().is_empty() && a.nested().all(|x| x.is_ok()))
}

#[cold]
fn short(what: &'static str, need: usize, remaining: usize, offset: usize) -> Error {
    Error::Decode(DecodeError::new(
        what,
        DecodeErrorKind::Truncated { need, remaining },
        offset,
    ))
}

impl<'a> Message<'a> {
    /// Decodes a control message (`NLMSG_NOOP`, `ERROR`, `DONE`, `OVERRUN`);
    /// `Ok(None)` for any other type.
    #[inline]
    pub fn control(&self) -> Result<Option<Control<'a>>> {
        Control::parse(self)
    }
}

impl<'a> Control<'a> {
    /// Decodes `msg` if it is a control message; `Ok(None)` otherwise.
    ///
    /// For `NLMSG_ERROR` the echoed request is its header alone when the
    /// reply carries `NLM_F_CAPPED` (always so for acknowledgements), or the
    /// whole request otherwise; the extended-ack TLVs, present when
    /// `NLM_F_ACK_TLVS` is set, start after it.
    pub fn parse(msg: &Message<'a>) -> Result<Option<Control<'a>>> {
        let p = msg.payload();
        let base = msg.offset() + NLMSG_HDRLEN;
        let tlvs = msg.flags().contains(Flags::ACK_TLVS);
        Ok(Some(match msg.kind() {
            MsgType::NLMSG_NOOP => Control::Noop,
            MsgType::NLMSG_OVERRUN => Control::Overrun,
            MsgType::NLMSG_DONE => {
                if p.is_empty() {
                    return Ok(Some(Control::Done(Done {
                        errno: 0,
                        ext: ExtAck::default(),
                    })));
                }
                let Some(code) = p.first_chunk::<4>() else {
                    return Err(short("nlmsg_done", 4, p.len(), base));
                };
                let ext = if tlvs {
                    ExtAck::parse(Attrs::with_offset(&p[4..], base + 4))
                } else {
                    ExtAck::default()
                };
                Control::Done(Done {
                    errno: i32::from_ne_bytes(*code).wrapping_neg(),
                    ext,
                })
            }
            MsgType::NLMSG_ERROR => {
                // Without its 4-byte code nothing is known; from there on
                // the errno survives whatever follows.
                let Some(code) = p.first_chunk::<4>() else {
                    return Err(short("nlmsgerr", 4, p.len(), base));
                };
                let code = i32::from_ne_bytes(*code);
                let (request, echoed, ext) = error_body(msg, code, tlvs);
                if code == 0 {
                    Control::Ack(Ack { request, ext })
                } else {
                    Control::Error(ErrorMsg {
                        errno: code.wrapping_neg(),
                        request,
                        echoed,
                        ext,
                    })
                }
            }
            _ => return Ok(None),
        }))
    }
}

/// The parts of an `NLMSG_ERROR` after its code: the echoed request's
/// header, the echoed request, and the extended ack. A part that does not
/// decode is left empty and noted in the extended ack's `problem`.
fn error_body<'a>(msg: &Message<'a>, code: i32, tlvs: bool) -> (Header, &'a [u8], ExtAck<'a>) {
    let p = msg.payload();
    let base = msg.offset() + NLMSG_HDRLEN;
    let rest = &p[4..];
    let Some(request) = Header::parse(rest) else {
        let ext = ExtAck {
            problem: short("nlmsgerr", 4 + NLMSG_HDRLEN, p.len(), base)
                .as_decode()
                .copied(),
            ..ExtAck::default()
        };
        return (Header::default(), rest, ext);
    };
    let capped = code == 0 || msg.flags().contains(Flags::CAPPED);
    let len = request.len as usize;
    let bad_len = if capped {
        None
    } else if len < NLMSG_HDRLEN {
        Some(DecodeErrorKind::LengthTooSmall {
            len,
            min: NLMSG_HDRLEN,
        })
    } else if len > rest.len() {
        Some(DecodeErrorKind::LengthTooLarge {
            len,
            remaining: rest.len(),
        })
    } else {
        None
    };
    if let Some(kind) = bad_len {
        // Where the request ends, and so where the TLVs start, is unknown.
        let ext = ExtAck {
            problem: Some(DecodeError::new("nlmsgerr request", kind, base + 4)),
            ..ExtAck::default()
        };
        return (request, &rest[..NLMSG_HDRLEN], ext);
    }
    let echoed_len = if capped { NLMSG_HDRLEN } else { len };
    let echoed = &rest[..echoed_len];
    let ext = if tlvs {
        let start = (4 + align(echoed_len)).min(p.len());
        ExtAck::parse(Attrs::with_offset(&p[start..], base + start))
    } else {
        ExtAck::default()
    };
    (request, echoed, ext)
}
