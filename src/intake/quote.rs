//! Separates the question a requester wrote from the earlier replies their client quoted
//! below it and from their signature.

/// Lines that start the quoted part of a reply in the common clients.
fn starts_quoted_block(line: &str, next: Option<&str>) -> bool {
    let t = line.trim();
    let lower = t.to_ascii_lowercase();
    if lower.starts_with("-----original message-----")
        || lower.starts_with("________________________________")
        || lower.starts_with("-------- original message --------")
        || lower.starts_with("begin forwarded message")
    {
        return true;
    }
    // Gmail/Apple: "On Tue, 3 Nov 2026, Ann <a@b> wrote:" (possibly wrapped over two lines)
    if lower.starts_with("on ") {
        if lower.ends_with("wrote:") || lower.ends_with("schrieb:") {
            return true;
        }
        if next.is_some_and(|n| n.trim().to_ascii_lowercase().ends_with("wrote:")) {
            return true;
        }
    }
    // Outlook without a separator: a "From:" line followed by "Sent:" or "Date:"
    if lower.starts_with("from:") {
        if let Some(n) = next {
            let n = n.trim().to_ascii_lowercase();
            return n.starts_with("sent:") || n.starts_with("date:");
        }
    }
    false
}

/// The question text: everything above the first quoted block or signature delimiter,
/// with `>`-quoted lines removed. Falls back to the whole text when that leaves nothing.
pub fn question_text(body: &str) -> String {
    let lines: Vec<&str> = body.lines().collect();
    let mut kept = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if *line == "-- " || line.trim_end() == "--" && i > 0 {
            break;
        }
        if starts_quoted_block(line, lines.get(i + 1).copied()) {
            break;
        }
        if line.trim_start().starts_with('>') {
            continue;
        }
        kept.push(*line);
    }
    let text = kept.join("\n").trim().to_owned();
    if text.is_empty() {
        body.trim().to_owned()
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_reply_and_signature_are_removed() {
        let body = "Thanks, and what about laterality?\n\n-- \nAnn Coder\nCoding Dept\n";
        assert_eq!(question_text(body), "Thanks, and what about laterality?");
        let body = "Follow-up: M54.50 ok?\n\nOn Tue, 3 Nov 2026 at 10:00, Desk <d@x>\nwrote:\n> old text\n";
        assert_eq!(question_text(body), "Follow-up: M54.50 ok?");
        let body = "New info.\n> quoted line\nMore new info.\n";
        assert_eq!(question_text(body), "New info.\nMore new info.");
        let body = "Answer below\n\nFrom: Coding Desk\nSent: Monday\nTo: Ann\n\nold";
        assert_eq!(question_text(body), "Answer below");
        let body = "See below\n-----Original Message-----\nold";
        assert_eq!(question_text(body), "See below");
    }

    #[test]
    fn an_all_quoted_body_is_kept_whole() {
        assert_eq!(question_text("> only quote\n"), "> only quote");
    }

    #[test]
    fn a_from_line_in_the_question_is_not_a_quote_header() {
        let body = "From: the chart, the patient had\nno fracture.";
        assert_eq!(question_text(body), body);
    }
}
