//! A reply as the case store queues it and the outbox sends it.

use super::CaseId;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MailKind {
    Acknowledgement,
    Answer,
    /// The short note to the requester that their case was merged into another.
    MergeNotice,
}

impl MailKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MailKind::Acknowledgement => "acknowledgement",
            MailKind::Answer => "answer",
            MailKind::MergeNotice => "merge_notice",
        }
    }
}

/// A reply ready for the outbox, exactly as it will be sent (and resent).
#[derive(Clone, Debug)]
pub struct OutgoingMail {
    pub kind: MailKind,
    pub to: String,
    /// Copied people (a consultant's answer only; automatic mail goes to its sender alone).
    pub cc: Vec<String>,
    pub subject: String,
    /// Without angle brackets, as Message-IDs are stored everywhere.
    pub message_id: String,
    pub in_reply_to: Option<String>,
    pub references: Vec<String>,
    pub text: String,
    pub html: String,
    /// RFC 3834: automatic mail says so, a consultant's answer does not.
    pub auto_submitted: bool,
}

/// What a reply needs to know about the case's thread.
#[derive(Clone, Debug)]
pub struct Thread {
    pub case_id: CaseId,
    pub subject: String,
    pub requester: String,
    pub requester_name: Option<String>,
    /// The people the case's questions were also sent or copied to, the desk's own addresses
    /// and the requester left out: an answer copies them unless the consultant changed that.
    pub cc: Vec<String>,
    /// Message-IDs of the thread, oldest first; the last inbound one is replied to.
    pub message_ids: Vec<String>,
    pub reply_to_id: Option<String>,
}
