//! Walks an attribute list recursively, calling every accessor on every
//! attribute, looks attributes up with `Attrs::find`, and resolves a byte
//! offset to an attribute path with `AttrPath::locate`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nlstack::wire::{AttrPath, Attrs, NLMSG_HDRLEN, align};
use nlstack_fuzz::{allow_formats, check_err, display, walk};

fn find(data: &[u8], kind: u16) {
    // The first attribute of `kind` before any error, if any.
    let mut want = Ok(None);
    for r in Attrs::new(data) {
        match r {
            Ok(a) if a.kind() == kind => {
                want = Ok(Some(a));
                break;
            }
            Ok(_) => {}
            Err(e) => {
                want = Err(e);
                break;
            }
        }
    }
    match (Attrs::new(data).find(kind), want) {
        (Ok(got), Ok(want)) => assert_eq!(got, want, "find({kind})"),
        (Err(got), Err(want)) => assert_eq!(got.to_string(), want.to_string()),
        (got, want) => panic!("find({kind}) = {got:?}, walking gives {want:?}"),
    }
}

fn locate(data: &[u8], fixed: usize, offset: usize) {
    let Some(path) = AttrPath::locate(data, fixed, offset) else {
        return;
    };
    display(&path);
    let kinds = path.kinds();
    assert!(
        !kinds.is_empty() && kinds.len() <= AttrPath::MAX_DEPTH,
        "{path:?}"
    );
    // The path starts at an attribute of the body that contains `offset`.
    let start = NLMSG_HDRLEN + align(fixed);
    assert!(
        offset >= start,
        "{path:?} for offset {offset} in the headers"
    );
    let body = &data[start..];
    let first = Attrs::with_offset(body, start)
        .map_while(Result::ok)
        .find(|a| offset >= a.offset() && offset < a.offset() + 4 + a.value().len())
        .unwrap_or_else(|| panic!("{path:?}: no top-level attribute holds offset {offset}"));
    assert_eq!(kinds[0], first.kind(), "{path:?}");
}

fuzz_target!(|data: &[u8]| {
    allow_formats(64);
    let n = walk(Attrs::new(data), data, 0, true);

    let first = Attrs::new(data)
        .next()
        .and_then(Result::ok)
        .map(|a| a.kind());
    for kind in [first.unwrap_or(0), 1, 3, n as u16 & 0x3fff] {
        find(data, kind);
    }

    // Offsets into the same bytes read as a request message.
    if let [f, o0, o1, ..] = *data {
        let fixed = f as usize % 36;
        let offset = u16::from_le_bytes([o0, o1]) as usize;
        locate(data, fixed, offset);
        locate(data, fixed, offset % data.len().max(1));
        locate(data, 16, offset % data.len().max(1));
    }
    if let Err(e) = Attrs::new(data).find(u16::MAX) {
        check_err(&e, data.len());
    }
});
