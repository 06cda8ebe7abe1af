//! Text from mail or from a request, made safe to show on a page, a terminal or a log line: a
//! character that acts instead of showing (a control character, a bidirectional override, an
//! invisible formatting mark) is written as its escape, so `invoice\u{202e}fdp.exe` cannot pass
//! for `invoiceexe.pdf` and a subject cannot clear a screen or start a forged log line.

use std::borrow::Cow;

/// Characters that reorder, hide or join text without being seen: zero-width space and
/// joiners, the directional marks, embeddings, overrides and isolates, the Arabic letter mark,
/// the soft hyphen, the invisible operators and the byte-order mark.
fn invisible_format(c: char) -> bool {
    matches!(
        c,
        '\u{00ad}'
            | '\u{2060}'..='\u{2064}'
            | '\u{200b}'..='\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2066}'..='\u{2069}'
            | '\u{061c}'
            | '\u{feff}'
    )
}

/// Whether `c` acts on what surrounds it rather than showing as itself.
pub fn acts_hidden(c: char) -> bool {
    c.is_control() || invisible_format(c)
}

fn escape_into(out: &mut String, c: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c if (c as u32) < 0x100 => out.push_str(&format!("\\x{:02x}", c as u32)),
        c => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
    }
}

fn escaped_where(s: &str, hide: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !s.chars().any(&hide) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if hide(c) {
            escape_into(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A one-line value (a name, a subject, a file name, an address): every character that acts
/// rather than shows, line breaks included, as its escape (`\x1b`, `\n`, `\u{202e}`).
pub fn visible(s: &str) -> Cow<'_, str> {
    escaped_where(s, acts_hidden)
}

/// Text over several lines: line breaks and tabs stay (CRLF becomes LF), every other character
/// that acts rather than shows is escaped as in [`visible`].
pub fn visible_lines(s: &str) -> Cow<'_, str> {
    let unified = if s.contains('\r') {
        Cow::Owned(s.replace("\r\n", "\n"))
    } else {
        Cow::Borrowed(s)
    };
    match escaped_where(&unified, |c| acts_hidden(c) && c != '\n' && c != '\t') {
        Cow::Borrowed(_) => unified,
        Cow::Owned(o) => Cow::Owned(o),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_invisible_formatting_become_their_escapes() {
        assert!(matches!(visible("Ann Coder"), Cow::Borrowed("Ann Coder")));
        assert_eq!(
            visible("Codes?\x1b]0;x\x07\r\nrow\u{202e}txt.exe"),
            "Codes?\\x1b]0;x\\x07\\r\\nrow\\u{202e}txt.exe"
        );
        for c in [
            '\u{200b}', '\u{200f}', '\u{202a}', '\u{2066}', '\u{2069}', '\u{061c}', '\u{feff}',
        ] {
            let shown = visible(&format!("a{c}b")).into_owned();
            assert!(!shown.contains(c) && shown.contains("\\u{"), "{shown}");
        }
        assert_eq!(
            visible_lines("one\r\n\ttwo\x1b[2J\u{2067}"),
            "one\n\ttwo\\x1b[2J\\u{2067}"
        );
        assert_eq!(visible("Zoë 日本"), "Zoë 日本");
    }
}
