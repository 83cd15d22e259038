//! Conntrack label names, read from the file conntrack-tools reads.

/// Where conntrack-tools (libnetfilter_conntrack) reads label names.
pub(super) const CONNLABEL_CONF: &str = "/etc/xtables/connlabel.conf";

/// Label names by bit, as libnetfilter_conntrack reads them from
/// `connlabel.conf`: `BIT NAME` a line, `#` comments, the first name of a
/// bit wins, names of letters, digits, spaces and dashes only.
pub(crate) fn label_names(text: &str) -> Vec<Option<String>> {
    let mut names: Vec<Option<String>> = Vec::new();
    for line in text.lines() {
        if line.starts_with('#') {
            continue;
        }
        let l = line.trim_start_matches([' ', '\t', '\n', '\x0b', '\x0c', '\r']);
        let (digits, rest) = number_prefix(l);
        let Some(bit) = digits.filter(|&b| b < 1024) else {
            continue;
        };
        let name = rest.trim_matches([' ', '\t', '\x0b', '\x0c', '\r']);
        let sane = name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b' ' || b == b'-');
        if name.is_empty() || !sane {
            continue;
        }
        let bit = bit as usize;
        if names.get(bit).is_some_and(Option::is_some) || names.iter().flatten().any(|n| n == name)
        {
            continue;
        }
        if names.len() <= bit {
            names.resize(bit + 1, None);
        }
        names[bit] = Some(name.to_string());
    }
    names
}

/// The number at the start of `s` as `strtoul(.., 0)` reads it, and what
/// follows.
pub(super) fn number_prefix(s: &str) -> (Option<u32>, &str) {
    let (radix, body) = if let Some(h) = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        (16, h)
    } else if s.starts_with('0') {
        (8, s)
    } else {
        (10, s)
    };
    let end = body
        .find(|c: char| !c.is_digit(radix))
        .unwrap_or(body.len());
    if end == 0 {
        return (None, s);
    }
    (u32::from_str_radix(&body[..end], radix).ok(), &body[end..])
}

/// The label names of this system, if the file exists (conntrack-tools
/// prints labels only then).
pub(super) fn load_label_names() -> Option<Vec<Option<String>>> {
    let text = std::fs::read_to_string(CONNLABEL_CONF).ok()?;
    let names = label_names(&text);
    names.iter().any(Option::is_some).then_some(names)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_file() {
        let names = label_names("# c\n1 blue\n 0x3 red \n3 dup\n4 bad;name\n7\nx y\n5 blue\n");
        assert_eq!(names.len(), 4);
        assert_eq!(names[1].as_deref(), Some("blue"));
        assert_eq!(names[3].as_deref(), Some("red"));
        assert!(names[0].is_none() && names[2].is_none());
    }
}
