//! An inbound message as every stage sees it: parsed once by intake, with its hashes.

use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};

use super::EmailAddress;

#[derive(Clone, Debug, Default)]
pub struct ParsedMessage {
    pub message_id: Option<String>,
    pub in_reply_to: Vec<String>,
    pub references: Vec<String>,
    pub from: Option<EmailAddress>,
    pub from_name: Option<String>,
    pub reply_to: Option<EmailAddress>,
    pub to: Vec<String>,
    pub cc: Vec<String>,
    pub subject: String,
    pub date: Option<DateTime<Utc>>,
    /// The whole text body (HTML-only mail turned into text).
    pub body_text: String,
    /// The body without quoted earlier replies and the signature.
    pub question_text: String,
    pub attachments: Vec<ParsedAttachment>,
    pub signals: Signals,
    /// mail-parser could not make sense of the bytes at all.
    pub unparseable: bool,
    /// SHA-256 of the raw bytes as fetched.
    pub sha256: [u8; 32],
    /// SHA-256 without per-delivery trace headers (see [`content_sha256`]).
    pub content_sha256: [u8; 32],
}

/// Header facts the classifier needs to tell people from robots.
#[derive(Clone, Debug, Default)]
pub struct Signals {
    pub auto_submitted: Option<String>,
    pub precedence: Option<String>,
    pub has_list_headers: bool,
    pub x_autoreply: bool,
    /// `Some("")` for the null return path `<>` of bounces.
    pub return_path: Option<String>,
    pub is_delivery_report: bool,
    pub x_loop: Vec<String>,
}

#[derive(Clone, Debug)]
pub struct ParsedAttachment {
    pub filename: String,
    pub content_type: String,
    pub size: u64,
    /// `None` when the attachment was over the size limit.
    pub content: Option<Vec<u8>>,
    pub sha256: [u8; 32],
}

impl ParsedAttachment {
    pub fn dropped(&self) -> bool {
        self.content.is_none()
    }
}

pub fn sha256(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

/// The hash of a message without the trace headers each delivery adds, so that one message
/// delivered twice is recognised while two messages that merely share a Message-ID are not.
pub fn content_sha256(raw: &[u8]) -> [u8; 32] {
    const TRACE: [&[u8]; 5] = [
        b"received:",
        b"return-path:",
        b"delivered-to:",
        b"x-original-to:",
        b"dkim-delivery:",
    ];
    let mut hasher = Sha256::new();
    let mut rest = raw;
    let mut skipping = false;
    while !rest.is_empty() {
        let end = rest
            .iter()
            .position(|&b| b == b'\n')
            .map_or(rest.len(), |p| p + 1);
        let line = &rest[..end];
        if line == b"\r\n" || line == b"\n" {
            break;
        }
        let continuation = line[0] == b' ' || line[0] == b'\t';
        if !continuation {
            let lower = line.to_ascii_lowercase();
            skipping = TRACE.iter().any(|t| lower.starts_with(t));
        }
        if !skipping {
            hasher.update(line);
        }
        rest = &rest[end..];
    }
    hasher.update(rest);
    hasher.finalize().into()
}

/// Why a message must never be answered automatically.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QuarantineReason {
    Unparseable,
    NoSender,
    OwnAddress,
    Loop,
    Bounce,
    AutoReply,
    Bulk,
    List,
    UnknownSender,
    /// The database refused the message (a limit, a constraint, an encoding), or storing it
    /// failed again and again; the raw bytes are kept for an admin to release once mended.
    StoreFailed,
}

impl QuarantineReason {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Unparseable => "unparseable",
            Self::NoSender => "no_sender",
            Self::OwnAddress => "own_address",
            Self::Loop => "loop",
            Self::Bounce => "bounce",
            Self::AutoReply => "auto_reply",
            Self::Bulk => "bulk",
            Self::List => "list",
            Self::UnknownSender => "unknown_sender",
            Self::StoreFailed => "store_failed",
        }
    }
}

/// Identifies the UID space a UID belongs to: a mailbox and its UIDVALIDITY.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MailboxKey {
    pub mailbox_id: i64,
    pub uidvalidity: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trace_headers_do_not_change_the_content_hash() {
        let a = b"Received: from a\r\n by b\r\nReturn-Path: <x@y>\r\nSubject: hi\r\n\r\nbody\r\n";
        let b = b"Delivered-To: q@r\r\nReceived: from c\r\nSubject: hi\r\n\r\nbody\r\n";
        let c = b"Subject: hi\r\n\r\nother body\r\n";
        assert_eq!(content_sha256(a), content_sha256(b));
        assert_ne!(content_sha256(a), content_sha256(c));
    }
}
