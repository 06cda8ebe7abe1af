//! Types shared by every stage of the flow: ids, addresses, codes, the parsed inbound message,
//! the outgoing reply and the assistant's draft. Nothing here touches the network or the database.

mod draft;
mod mail;
mod message;
mod visible;

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

pub use draft::{
    CodeMention, Draft, Flag, FlagKind, MessageRef, Phi, Recommendation, Severity, Suggestion,
};
pub use mail::{MailKind, OutgoingMail, Thread};
pub use message::{
    content_sha256, sha256, MailboxKey, ParsedAttachment, ParsedMessage, QuarantineReason, Signals,
};
pub use visible::{acts_hidden, visible, visible_lines};

/// A row id with a type of its own, so that a message's id is never taken for a case's. Stored
/// and serialised as the plain number.
macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(
            Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
            sqlx::Type,
        )]
        #[serde(transparent)]
        #[sqlx(transparent)]
        pub struct $name(pub i64);
    };
}

id_type!(
    /// A case's number. Requesters see it as the reference `C-<n>`.
    CaseId
);
id_type!(
    /// A stored inbound message (a row of `inbound_messages`).
    InboundMessageId
);
id_type!(
    /// A reply in the outbox.
    OutboxId
);
id_type!(
    /// A consultant's account.
    ConsultantId
);

macro_rules! display_number {
    ($($t:ty),*) => {$(
        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}", self.0)
            }
        }
    )*};
}
display_number!(InboundMessageId, OutboxId, ConsultantId);

impl CaseId {
    pub fn reference(self) -> String {
        format!("C-{}", self.0)
    }

    /// The tag that threads a reply by subject alone, for clients that drop In-Reply-To.
    pub fn subject_tag(self) -> String {
        format!("[Case #{}]", self.reference())
    }
}

impl fmt::Display for CaseId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.reference())
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("not a case id (expected C-1042 or 1042)")]
pub struct BadCaseId;

impl FromStr for CaseId {
    type Err = BadCaseId;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        let digits = s
            .strip_prefix("C-")
            .or_else(|| s.strip_prefix("c-"))
            .unwrap_or(s);
        digits
            .parse::<i64>()
            .ok()
            .filter(|n| *n > 0)
            .map(CaseId)
            .ok_or(BadCaseId)
    }
}

/// Finds a `[Case #C-1042]` tag anywhere in a subject.
pub fn case_tag_in_subject(subject: &str) -> Option<CaseId> {
    const OPEN: &str = "[case #";
    let lower = subject.to_ascii_lowercase();
    let mut from = 0;
    while let Some(pos) = lower[from..].find(OPEN) {
        let start = from + pos + OPEN.len();
        if let Some(len) = lower[start..].find(']') {
            if let Ok(id) = lower[start..start + len].parse::<CaseId>() {
                return Some(id);
            }
        }
        from = start;
    }
    None
}

/// What a consultant may do beyond working cases: admins manage accounts and quarantine.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Consultant,
    Admin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Consultant => "consultant",
            Role::Admin => "admin",
        }
    }
}

impl FromStr for Role {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "consultant" => Ok(Role::Consultant),
            "admin" => Ok(Role::Admin),
            other => Err(format!("unknown role {other:?} (consultant or admin)")),
        }
    }
}

/// A syntactically plausible mailbox address, lower-cased so that comparisons are exact.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct EmailAddress(String);

impl TryFrom<String> for EmailAddress {
    type Error = String;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s).ok_or_else(|| format!("{s:?} is not an email address"))
    }
}

impl From<EmailAddress> for String {
    fn from(a: EmailAddress) -> Self {
        a.0
    }
}

impl EmailAddress {
    pub fn parse(raw: &str) -> Option<Self> {
        let addr = raw
            .trim()
            .trim_start_matches('<')
            .trim_end_matches('>')
            .trim();
        let (local, domain) = addr.rsplit_once('@')?;
        // RFC 5321 §4.5.3.1: a path holds at most 256 octets, brackets included.
        let ok = addr.len() <= 254
            && !local.is_empty()
            && !domain.is_empty()
            && !addr
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || c == '<' || c == '>');
        ok.then(|| Self(addr.to_lowercase()))
    }

    /// Takes the address out of a header value such as `Coding Desk <consult@example.test>`.
    pub fn from_header_value(value: &str) -> Option<Self> {
        match (value.rfind('<'), value.rfind('>')) {
            (Some(open), Some(close)) if open < close => Self::parse(&value[open + 1..close]),
            _ => Self::parse(value),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn local_part(&self) -> &str {
        self.0.rsplit_once('@').map_or("", |(l, _)| l)
    }

    pub fn domain(&self) -> &str {
        self.0.rsplit_once('@').map_or("", |(_, d)| d)
    }

    /// Whether an allow-list of addresses and `@domain` entries names this address.
    pub fn is_listed(&self, list: &[String]) -> bool {
        list.iter().any(|entry| {
            let entry = entry.trim().to_lowercase();
            match entry.strip_prefix('@') {
                Some(domain) => self.domain() == domain,
                None => self.as_str() == entry,
            }
        })
    }
}

impl fmt::Display for EmailAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_ids_parse_from_reference_or_number() {
        assert_eq!("C-1042".parse(), Ok(CaseId(1042)));
        assert_eq!("1042".parse(), Ok(CaseId(1042)));
        assert_eq!("c-7".parse(), Ok(CaseId(7)));
        assert_eq!("C-".parse::<CaseId>(), Err(BadCaseId));
        assert_eq!("0".parse::<CaseId>(), Err(BadCaseId));
        assert_eq!(CaseId(1042).subject_tag(), "[Case #C-1042]");
    }

    #[test]
    fn case_tag_is_found_anywhere_in_a_subject() {
        assert_eq!(
            case_tag_in_subject("Re: [Case #C-1042] bone SPECT"),
            Some(CaseId(1042))
        );
        assert_eq!(
            case_tag_in_subject("AW: RE: [case #c-9] x"),
            Some(CaseId(9))
        );
        assert_eq!(
            case_tag_in_subject("[Case #nope] then [Case #C-3]"),
            Some(CaseId(3))
        );
        assert_eq!(case_tag_in_subject("Case C-1042 without brackets"), None);
    }

    #[test]
    fn addresses_are_validated_and_normalised() {
        assert_eq!(
            EmailAddress::from_header_value("Coding Desk <Consult@Example.TEST>")
                .unwrap()
                .as_str(),
            "consult@example.test"
        );
        assert!(EmailAddress::parse("no-at-sign").is_none());
        assert!(EmailAddress::parse("a b@c.d").is_none());
        assert_eq!(EmailAddress::parse("x@y.z").unwrap().domain(), "y.z");
    }
}

/// The code systems a consultation talks about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CodeSystem {
    Icd10cm,
    /// Retired in 2015, still written on superbills; only ever reported, never recommended.
    Icd9cm,
    Cpt,
    Hcpcs,
    Modifier,
}

impl CodeSystem {
    pub fn label(self) -> &'static str {
        match self {
            CodeSystem::Icd10cm => "ICD-10-CM",
            CodeSystem::Cpt => "CPT",
            CodeSystem::Hcpcs => "HCPCS",
            CodeSystem::Modifier => "Modifier",
            CodeSystem::Icd9cm => "ICD-9-CM",
        }
    }

    /// The system a well-formed code belongs to, by shape alone: CPT is five digits (Category II
    /// and III end in F or T), HCPCS Level II a letter and four digits, ICD-10-CM a letter, a
    /// digit and an alphanumeric, then up to four more after the dot, and a modifier two
    /// characters.
    pub fn of(code: &str) -> Option<CodeSystem> {
        let c = code.trim().to_ascii_uppercase();
        let b = c.as_bytes();
        let digits = |s: &[u8]| s.iter().all(u8::is_ascii_digit);
        match b.len() {
            2 if b.iter().all(u8::is_ascii_alphanumeric) => Some(CodeSystem::Modifier),
            5 if digits(b) => Some(CodeSystem::Cpt),
            5 if digits(&b[..4]) && matches!(b[4], b'F' | b'T') => Some(CodeSystem::Cpt),
            5 if b[0].is_ascii_alphabetic() && digits(&b[1..]) && !c.contains('.') => {
                Some(CodeSystem::Hcpcs)
            }
            _ if is_icd10cm_shape(&c) => Some(CodeSystem::Icd10cm),
            _ => None,
        }
    }
}

fn is_icd10cm_shape(c: &str) -> bool {
    let (head, tail) = c.split_once('.').unwrap_or((c, ""));
    let h = head.as_bytes();
    h.len() == 3
        && h[0].is_ascii_uppercase()
        && h[1].is_ascii_digit()
        && h[2].is_ascii_alphanumeric()
        && tail.len() <= 4
        && tail.bytes().all(|b| b.is_ascii_alphanumeric())
        && c.contains('.') != tail.is_empty()
}

/// A code a consultant recommends in an answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecommendedCode {
    pub system: CodeSystem,
    pub code: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub note: String,
}

impl RecommendedCode {
    pub fn system_label(&self) -> &'static str {
        self.system.label()
    }
}

#[cfg(test)]
mod code_tests {
    use super::CodeSystem::{self, *};

    #[test]
    fn code_systems_are_told_apart_by_shape() {
        let cases = [
            ("M54.50", Some(Icd10cm)),
            ("C61", Some(Icd10cm)),
            ("S72.001A", Some(Icd10cm)),
            ("78803", Some(Cpt)),
            ("3074F", Some(Cpt)),
            ("0042T", Some(Cpt)),
            ("J1885", Some(Hcpcs)),
            ("25", Some(Modifier)),
            ("RT", Some(Modifier)),
            ("M54.", None),
            ("hello", None),
        ];
        for (code, want) in cases {
            assert_eq!(CodeSystem::of(code), want, "{code}");
        }
    }
}
