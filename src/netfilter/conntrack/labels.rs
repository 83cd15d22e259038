//! Conntrack labels: a bitmap of 32-bit host-order words (`CTA_LABELS`).

/// True when label `n` is set in `bitmap`.
pub fn has(bitmap: &[u8], n: u16) -> bool {
    let word = n as usize / 32;
    match bitmap.get(word * 4..word * 4 + 4) {
        Some(w) => u32::from_ne_bytes([w[0], w[1], w[2], w[3]]) & (1 << (n % 32)) != 0,
        None => false,
    }
}

/// The labels set in `bitmap`, lowest first.
pub fn iter(bitmap: &[u8]) -> impl Iterator<Item = u16> + '_ {
    (0..(bitmap.len() / 4 * 32).min(u16::MAX as usize + 1) as u32).filter_map(move |n| {
        let n = n as u16;
        has(bitmap, n).then_some(n)
    })
}

/// A bitmap of `words` 32-bit words with `labels` set (labels past the
/// bitmap are ignored). The kernel keeps 128 labels: 4 words.
pub fn bitmap(labels: &[u16], words: usize) -> Vec<u8> {
    let mut out = vec![0u8; words * 4];
    for &n in labels {
        let word = n as usize / 32;
        if word < words {
            let mut w = [0u8; 4];
            w.copy_from_slice(&out[word * 4..word * 4 + 4]);
            let v = u32::from_ne_bytes(w) | 1 << (n % 32);
            out[word * 4..word * 4 + 4].copy_from_slice(&v.to_ne_bytes());
        }
    }
    out
}
