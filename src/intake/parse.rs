//! Raw RFC 5322 bytes to the fields the desk stores and threads on.

use chrono::{TimeZone, Utc};
use mail_parser::{Address, HeaderValue, MessageParser, MimeHeaders};

use super::quote;
use crate::domain::{
    content_sha256, sha256, EmailAddress, ParsedAttachment, ParsedMessage, Signals,
};

/// PostgreSQL text cannot hold NUL; the raw bytes keep the original.
pub fn clean_text(s: &str) -> String {
    if s.contains('\0') {
        s.replace('\0', "\u{FFFD}")
    } else {
        s.to_owned()
    }
}

/// Parses a message and hashes it, once; every later stage reads this result.
pub fn parse(raw: &[u8], max_attachment_bytes: u64) -> ParsedMessage {
    let (sha256, content_sha256) = (sha256(raw), content_sha256(raw));
    let Some(msg) = MessageParser::default().parse(raw) else {
        return ParsedMessage {
            unparseable: true,
            sha256,
            content_sha256,
            ..Default::default()
        };
    };
    let from = msg.from().and_then(first_addr);
    let body_text = clean_text(&msg.body_text(0).map(|b| b.into_owned()).unwrap_or_default());
    let question_text = quote::question_text(&body_text);
    ParsedMessage {
        message_id: msg.message_id().map(clean_id),
        in_reply_to: id_list(msg.in_reply_to()),
        references: id_list(msg.references()),
        from_name: msg
            .from()
            .and_then(|a| a.first())
            .and_then(|a| a.name())
            .map(clean_text),
        from,
        reply_to: msg.reply_to().and_then(first_addr),
        to: addr_list(msg.to()),
        cc: addr_list(msg.cc()),
        subject: clean_text(msg.subject().unwrap_or("")),
        date: msg
            .date()
            .and_then(|d| Utc.timestamp_opt(d.to_timestamp(), 0).single()),
        body_text,
        question_text,
        attachments: msg
            .attachments()
            .map(|part| attachment(part, max_attachment_bytes))
            .collect(),
        signals: signals(&msg),
        unparseable: false,
        sha256,
        content_sha256,
    }
}

fn attachment(part: &mail_parser::MessagePart<'_>, limit: u64) -> ParsedAttachment {
    let bytes = part.contents();
    let content_type = part.content_type().map_or_else(
        || "application/octet-stream".to_owned(),
        |ct| match ct.subtype() {
            Some(sub) => format!("{}/{}", ct.ctype(), sub),
            None => ct.ctype().to_owned(),
        },
    );
    ParsedAttachment {
        filename: clean_text(part.attachment_name().unwrap_or("attachment")),
        content_type: clean_text(&content_type.to_lowercase()),
        size: bytes.len() as u64,
        content: (bytes.len() as u64 <= limit).then(|| bytes.to_vec()),
        sha256: sha256(bytes),
    }
}

fn first_addr(address: &Address<'_>) -> Option<EmailAddress> {
    address
        .iter()
        .find_map(|a| a.address().and_then(EmailAddress::parse))
}

fn addr_list(address: Option<&Address<'_>>) -> Vec<String> {
    address
        .map(|a| {
            a.iter()
                .filter_map(|a| a.address().and_then(EmailAddress::parse))
                .map(|a| a.as_str().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

fn id_list(value: &HeaderValue<'_>) -> Vec<String> {
    match value {
        HeaderValue::Text(t) => vec![clean_id(t)],
        HeaderValue::TextList(list) => list.iter().map(|t| clean_id(t)).collect(),
        _ => Vec::new(),
    }
}

/// A Message-ID holds no whitespace (RFC 5322 §3.6.4), but a server that folds a long header
/// line puts some in; without it the id matches the one the sender's client quotes.
fn clean_id(id: &str) -> String {
    clean_text(&id.split_whitespace().collect::<String>())
}

fn text_header(msg: &mail_parser::Message<'_>, name: &str) -> Option<String> {
    msg.header_raw(name).map(|v| clean_text(v.trim()))
}

fn signals(msg: &mail_parser::Message<'_>) -> Signals {
    let return_path = match msg.return_path() {
        HeaderValue::Text(t) => Some(t.trim().to_owned()),
        HeaderValue::TextList(l) => l.first().map(|t| t.trim().to_owned()),
        _ => msg.header_raw("Return-Path").map(|raw| {
            raw.trim()
                .trim_matches(|c| c == '<' || c == '>')
                .trim()
                .to_owned()
        }),
    };
    Signals {
        auto_submitted: text_header(msg, "Auto-Submitted"),
        precedence: text_header(msg, "Precedence"),
        has_list_headers: msg.header_raw("List-Id").is_some()
            || msg.header_raw("List-Unsubscribe").is_some()
            || msg.header_raw("List-Post").is_some(),
        x_autoreply: msg.header_raw("X-Autoreply").is_some()
            || msg.header_raw("X-Autorespond").is_some(),
        return_path,
        is_delivery_report: msg.content_type().is_some_and(|ct| {
            ct.ctype().eq_ignore_ascii_case("multipart")
                && ct
                    .subtype()
                    .is_some_and(|s| s.eq_ignore_ascii_case("report"))
        }),
        x_loop: msg
            .header_values("X-Loop")
            .filter_map(|v| v.as_text().map(|t| t.trim().to_lowercase()))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_and_threading_ids_are_read() {
        let raw = b"From: \"Ann Coder\" <Ann@Clinic.test>\r\nTo: desk@example.test, b@x.test\r\n\
Subject: =?ISO-8859-1?Q?Caf=E9_question?=\r\nMessage-ID: <m1@clinic.test>\r\n\
In-Reply-To: <out-1@example.test>\r\nReferences: <a@x> <out-1@example.test>\r\n\
Date: Tue, 3 Nov 2026 10:00:00 +0000\r\n\r\nWhich code?\r\n";
        let p = parse(raw, 1024);
        assert_eq!(p.from.unwrap().as_str(), "ann@clinic.test");
        assert_eq!(p.from_name.as_deref(), Some("Ann Coder"));
        assert_eq!(p.subject, "Café question");
        assert_eq!(p.message_id.as_deref(), Some("m1@clinic.test"));
        assert_eq!(p.in_reply_to, vec!["out-1@example.test"]);
        assert_eq!(p.references, vec!["a@x", "out-1@example.test"]);
        assert_eq!(p.to, vec!["desk@example.test", "b@x.test"]);
        assert_eq!(p.date.unwrap().to_rfc3339(), "2026-11-03T10:00:00+00:00");
        assert!(p.body_text.contains("Which code?"));
    }

    #[test]
    fn nul_bytes_never_reach_text_fields() {
        let raw = b"From: a@b.test\r\nSubject: x\0y\r\n\r\nbefore\0after\r\n";
        let p = parse(raw, 1024);
        assert!(!p.body_text.contains('\0'));
        assert!(!p.subject.contains('\0'));
        assert!(p.body_text.contains("before"));
    }

    #[test]
    fn oversized_attachments_keep_metadata_only() {
        let raw = b"From: a@b.test\r\nSubject: x\r\nMIME-Version: 1.0\r\n\
Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nsee file\r\n\
--b\r\nContent-Type: application/pdf; name=\"big.pdf\"\r\nContent-Disposition: attachment; filename=\"big.pdf\"\r\n\
Content-Transfer-Encoding: base64\r\n\r\nAAAAAAAAAAAAAAAA\r\n--b--\r\n";
        let p = parse(raw, 4);
        assert_eq!(p.attachments.len(), 1);
        let a = &p.attachments[0];
        assert_eq!(a.filename, "big.pdf");
        assert_eq!(a.content_type, "application/pdf");
        assert_eq!(a.size, 12);
        assert!(a.dropped());
        let p = parse(raw, 1024);
        assert_eq!(p.attachments[0].content.as_deref(), Some(&[0u8; 12][..]));
    }
}
