//! Limits on what a form field may carry, checked before anything reaches the database: a NUL
//! byte or another control character is a 400 with the field's name (never the database's
//! error), and each field has a documented size (413 beyond it).

use super::WebError;

/// Notes: a page of text.
pub const NOTE: usize = 20_000;
/// An answer's text, and a saved response.
pub const ANSWER: usize = 100_000;
/// The recommended-codes box.
pub const CODES: usize = 10_000;
/// A search.
pub const SEARCH: usize = 500;
/// Short fields: names, addresses, time zones, reasons.
pub const SHORT: usize = 500;

/// `value` when it has no control characters other than line breaks and tabs and is at most
/// `max` bytes; otherwise the error naming `field`.
pub fn field<'a>(name: &str, value: &'a str, max: usize) -> Result<&'a str, WebError> {
    if value
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err(WebError::BadInput(format!(
            "{name} contains a control character (such as NUL); remove it and send again"
        )));
    }
    if value.len() > max {
        return Err(WebError::TooLarge(format!(
            "{name} is longer than {max} bytes"
        )));
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_and_oversize_fields_are_refused_by_name() {
        assert_eq!(
            field("note", "two\nlines\twith a tab", NOTE).unwrap(),
            "two\nlines\twith a tab"
        );
        let nul = field("note", "a\0b", NOTE).unwrap_err();
        assert!(matches!(nul, WebError::BadInput(ref m) if m.starts_with("note contains")));
        assert!(matches!(
            field("q", &"x".repeat(SEARCH + 1), SEARCH),
            Err(WebError::TooLarge(_))
        ));
    }
}
