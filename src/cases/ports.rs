//! What the store needs from the stages around it, as traits it owns: the outbox renders
//! replies with its templates, and the assistant checks the codes an answer recommends. The
//! store decides; they only answer its questions.

use crate::domain::{CaseId, EmailAddress, Flag, OutgoingMail, RecommendedCode, Thread};

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
    /// Who the answer is copied to, as the consultant edited it; `None` copies the case's
    /// people (the questions' To and Cc).
    pub cc: Option<&'a [EmailAddress]>,
}

/// What the store decided about an answer's email beyond the consultant's words.
#[derive(Clone, Copy, Debug)]
pub struct AnswerMail<'a> {
    /// A further answer on an answered case: the email says it replaces the earlier one.
    pub correction: bool,
    /// The signed token of the case's "Did this answer your question?" links.
    pub rating_token: &'a str,
}

/// What the official code set says about one code a question names, for the acknowledgement's
/// instant check: facts only, never a recommendation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodeCheck {
    /// As the code set writes it (dotted).
    pub code: String,
    pub title: Option<String>,
    pub verdict: Verdict,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// A billable ICD-10-CM code.
    Billable,
    /// An ICD-10-CM header: not billable; its billable codes.
    Header { billable: Vec<String> },
    /// An ICD-10-CM code that needs a 7th character; the characters it allows.
    Missing7th { allowed: Vec<char> },
    /// An ICD-9-CM code: the ICD-10-CM codes the CMS crosswalk (GEM) gives for it.
    Icd9 { crosswalk: Vec<String> },
    /// A CPT or HCPCS code found in the imported code set (named by it).
    Listed { code_set: &'static str },
    /// Neither a code of the code set nor one it can read as such.
    NotACode,
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
    /// The instant check of the codes the question names (empty when switched off).
    pub checks: Vec<CodeCheck>,
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
        mail: &AnswerMail<'_>,
    ) -> Result<OutgoingMail, ComposeError>;

    /// The short note that `thread`'s case was merged into case `into`.
    fn merge_notice(&self, thread: &Thread, into: CaseId) -> Result<OutgoingMail, ComposeError>;

    /// Whether `addr` is one of the desk's own addresses (never copied on an answer).
    fn is_own_address(&self, addr: &str) -> bool;
}

pub trait CheckCodes: Send + Sync {
    /// The flags the answer's codes raise, as the assistant raises them on a question.
    fn check(&self, answer: &Answer<'_>) -> Vec<Flag>;

    /// What the code set says about each code a question's subject and text name, in the
    /// order written.
    fn instant(&self, subject: &str, text: &str) -> Vec<CodeCheck>;
}
