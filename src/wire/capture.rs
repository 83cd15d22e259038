//! Capture files: datagrams recorded one after another, each prefixed by its
//! length as a little-endian `u32`. The fixtures under `tests/fixtures` use
//! this format; [`write()`](fn@write) records one, [`Datagrams`] reads them back.

use crate::error::{DecodeError, DecodeErrorKind, Result};

/// Appends one datagram to a capture.
pub fn write(out: &mut impl std::io::Write, datagram: &[u8]) -> std::io::Result<()> {
    let len = u32::try_from(datagram.len()).map_err(|_| {
        std::io::Error::new(std::io::ErrorKind::InvalidInput, "datagram over 4 GiB")
    })?;
    out.write_all(&len.to_le_bytes())?;
    out.write_all(datagram)
}

/// Iterator over the datagrams of a capture; a cut-short record ends it
/// with an error.
#[derive(Clone)]
pub struct Datagrams<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> Datagrams<'a> {
    /// Reads the capture in `buf`.
    pub fn new(buf: &'a [u8]) -> Self {
        Datagrams { buf, pos: 0 }
    }
}

impl<'a> Iterator for Datagrams<'a> {
    type Item = Result<&'a [u8]>;

    fn next(&mut self) -> Option<Self::Item> {
        let rest = self.buf.get(self.pos..)?;
        if rest.is_empty() {
            return None;
        }
        let at = self.pos;
        self.pos = self.buf.len();
        let Some((len, body)) = rest.split_first_chunk::<4>() else {
            return Some(Err(DecodeError::new(
                "capture record",
                DecodeErrorKind::Truncated {
                    need: 4,
                    remaining: rest.len(),
                },
                at,
            )
            .into()));
        };
        let len = u32::from_le_bytes(*len) as usize;
        let Some(d) = body.get(..len) else {
            return Some(Err(DecodeError::new(
                "capture record",
                DecodeErrorKind::LengthTooLarge {
                    len,
                    remaining: body.len(),
                },
                at,
            )
            .into()));
        };
        self.pos = at + 4 + len;
        Some(Ok(d))
    }
}
