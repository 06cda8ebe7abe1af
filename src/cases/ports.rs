//! What the store needs from the stages around it, as traits it owns: the outbox renders
//! replies with its templates, and the assistant checks the codes an answer recommends. The
//! store decides; they only answer its questions.

use crate::domain::{EmailAddress, Flag, OutgoingMail, RecommendedCode, Thread};

#[derive(Debug, thiserror::Error)]
#[error("rendering a reply")]
pub struct ComposeError(#[source] pub Box<dyn std::error::Error + Send + Sync>);

/// An answer to send: the consultant's text and the codes they recommend.
#[derive(Clone, Copy, Debug)]
pub struct Answer<'a> {
    pub body: &'a str,
    pub codes: &'a [RecommendedCode],
    pub warnings: &'a [String],
    /// Why the consultant sends codes that fail their checks; without it such an answer is
    /// refused.
    pub override_reason: Option<&'a str>,
    /// A corrected address for the requester (after a refused delivery); the case keeps it.
    pub to: Option<&'a EmailAddress>,
    /// The consultant's name, to sign with (their address when empty).
    pub signer: &'a str,
}

/// What an acknowledgement tells the sender beyond the case number.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AckNotes {
    /// Attachments over the size limit, not kept.
    pub dropped: Vec<String>,
    /// The message was cut at the size limit.
    pub truncated: bool,
    /// This is the last acknowledgement the sender gets this hour (the loop guard's limit).
    pub last_this_hour: Option<u32>,
}

pub trait Compose: Send + Sync {
    fn acknowledgement(
        &self,
        thread: &Thread,
        notes: &AckNotes,
    ) -> Result<OutgoingMail, ComposeError>;

    fn answer(
        &self,
        thread: &Thread,
        consultant: &EmailAddress,
        answer: &Answer<'_>,
    ) -> Result<OutgoingMail, ComposeError>;
}

pub trait CheckCodes: Send + Sync {
    /// The flags the answer's codes raise, as the assistant raises them on a question.
    fn check(&self, answer: &Answer<'_>) -> Vec<Flag>;
}
