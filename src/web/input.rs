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
/// Short fields: names, addresses, time zones, reasons, filters.
pub const SHORT: usize = 500;
/// An email address (RFC 5321 caps a path at 256 octets, so no address is longer than 254).
pub const EMAIL: usize = 254;
/// A password: long enough for any passphrase, short enough that hashing it costs nothing extra.
pub const PASSWORD: usize = 1_000;
/// The last page a list offers: past it the offset would be nonsense, not a page.
pub const MAX_PAGE: u32 = 100_000;

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

/// A one-line field (an address, a name, a filter): as [`field`], and a line break or a tab is
/// refused too.
pub fn line<'a>(name: &str, value: &'a str, max: usize) -> Result<&'a str, WebError> {
    if value.contains(['\n', '\r', '\t']) {
        return Err(WebError::BadInput(format!(
            "{name} contains a line break or a tab; it must be one line"
        )));
    }
    field(name, value, max)
}

/// An optional one-line query parameter, checked as [`line`]; empty when absent.
pub fn param(name: &str, value: Option<String>, max: usize) -> Result<String, WebError> {
    let value = value.unwrap_or_default();
    line(name, &value, max)?;
    Ok(value)
}

/// The `page` parameter: a whole number from 1 to [`MAX_PAGE`]; 1 when absent or empty.
pub fn page(value: Option<&str>) -> Result<u32, WebError> {
    match value.map(str::trim) {
        None | Some("") => Ok(1),
        Some(raw) => raw
            .parse::<u32>()
            .ok()
            .filter(|p| (1..=MAX_PAGE).contains(p))
            .ok_or_else(|| {
                WebError::BadInput(format!("the page must be a number from 1 to {MAX_PAGE}"))
            }),
    }
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

    #[test]
    fn one_line_fields_and_pages_are_checked() {
        assert!(matches!(
            line("the email", "x\nforged", EMAIL),
            Err(WebError::BadInput(ref m)) if m.starts_with("the email contains a line break")
        ));
        assert!(matches!(
            param("the assignee", Some("a\0".into()), SHORT),
            Err(WebError::BadInput(_))
        ));
        assert_eq!(param("the mailbox", None, SHORT).unwrap(), "");
        assert_eq!(page(None).unwrap(), 1);
        assert_eq!(page(Some("3")).unwrap(), 3);
        for bad in ["0", "-1", "x", "4294967295", "100001"] {
            assert!(page(Some(bad)).is_err(), "{bad}");
        }
    }
}
