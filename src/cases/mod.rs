//! The cases and their store: the only module that writes case state and outbox rows.
//!
//! [`lifecycle::transition`] decides every change of status and holder; [`CaseStore`] applies
//! it in a transaction with its audit entries and, when the event sends mail, its outbox row.
//! Intake, the outbox worker, drafting, the web desk and the command line all go through here.

pub mod answer_file;
pub mod desk;
pub mod drafts;
mod duplicates;
pub mod follow_up;
mod ingest;
pub mod lifecycle;
pub mod mailboxes;
mod membership;
mod merge;
pub mod outgoing;
mod people;
mod ports;
mod query;
pub mod rating;
pub mod reports;
pub mod similar;
mod store;

use std::sync::Arc;

use sqlx::PgPool;

pub use ingest::{IngestInput, IngestOutcome};
pub use lifecycle::{Action, Actor, CaseState, Event, FollowUp, Refusal, Status, Transition};
pub use membership::{may_join, Member};
pub use ports::{
    AckNotes, Answer, AnswerMail, CheckCodes, CodeCheck, Compose, ComposeError, Verdict,
};
pub use query::{
    case_detail, gauges, list_cases, search_cases, AttachmentView, AuditEntry, CaseDetail,
    CaseLink, CaseSummary, DeliveryError, DraftView, Gauges, MessageView, OutboundView, Page,
    PAGE_SIZE,
};
pub use store::Applied;

use crate::domain::{CaseId, EmailAddress, Flag, InboundMessageId};

/// `M54.5 (nonbillable), S52.501 (missing_7th)`.
fn failing_codes(flags: &[Flag]) -> String {
    flags
        .iter()
        .map(|f| format!("{} ({})", f.codes.join(", "), f.kind))
        .collect::<Vec<_>>()
        .join("; ")
}

#[derive(Debug, thiserror::Error)]
pub enum CaseError {
    #[error("case {0} does not exist")]
    NotFound(CaseId),
    #[error("message {0} is not waiting in quarantine")]
    NotQuarantined(InboundMessageId),
    #[error("case {case}: {refusal}")]
    Refused { case: CaseId, refusal: Refusal },
    #[error("{0}")]
    Denied(Refusal),
    #[error("an answer to case {0} needs its text")]
    NoAnswerText(CaseId),
    #[error("case {0} has no usable sender address: it cannot be answered by email")]
    NoRecipient(CaseId),
    #[error(
        "case {case}: the answer recommends codes that fail their checks: {}; send it anyway only with an override and its reason",
        failing_codes(.failing)
    )]
    AnswerFails { case: CaseId, failing: Vec<Flag> },
    #[error("case {case}: {to} is not among the desk's allowed senders, so no answer goes there")]
    RecipientNotAllowed { case: CaseId, to: EmailAddress },
    #[error("{0:?} is not an email address")]
    BadConsultant(String),
    #[error("saved response {0} does not exist")]
    NoSuchResponse(i64),
    #[error("another saved response is already named {0:?}")]
    ResponseNameTaken(String),
    #[error("this rating link is not valid")]
    BadRatingLink,
    #[error("case {0} cannot be merged into itself")]
    MergeIntoItself(CaseId),
    #[error(transparent)]
    Compose(#[from] ComposeError),
    #[error("database: {0}")]
    Db(#[from] sqlx::Error),
}

/// What a failed store says about the message: whether trying it again can help, and the
/// error's kind for the quarantine, the metrics and the log (never the error's text, which can
/// quote the message).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoreFailure {
    pub permanent: bool,
    pub kind: String,
}

impl CaseError {
    pub fn store_failure(&self) -> StoreFailure {
        match self {
            CaseError::Db(sqlx::Error::Database(db)) => {
                let code = db.code().unwrap_or_default().into_owned();
                let (class, permanent) = sqlstate_class(&code);
                let kind = match db.constraint() {
                    Some(c) => format!("{class} (SQLSTATE {code}, {c})"),
                    None => format!("{class} (SQLSTATE {code})"),
                };
                StoreFailure { permanent, kind }
            }
            CaseError::Db(sqlx::Error::Encode(_) | sqlx::Error::Decode(_)) => permanent("encoding"),
            CaseError::Db(_) => StoreFailure {
                permanent: false,
                kind: "connection".into(),
            },
            CaseError::Compose(_) => permanent("rendering the acknowledgement"),
            CaseError::Refused { .. } | CaseError::Denied(_) => permanent("lifecycle"),
            _ => permanent("other"),
        }
    }
}

fn permanent(kind: &str) -> StoreFailure {
    StoreFailure {
        permanent: true,
        kind: kind.to_owned(),
    }
}

/// The name of an SQLSTATE's class and whether the same statement can never succeed: bad data,
/// a broken constraint, a limit, or a trigger's refusal. Lost connections, conflicts and
/// shortages pass; anything else is retried a few times before the message is set aside.
fn sqlstate_class(code: &str) -> (&'static str, bool) {
    match code.get(..2).unwrap_or("") {
        "22" => ("data_exception", true),
        "23" => ("integrity_constraint_violation", true),
        "54" => ("program_limit_exceeded", true),
        "P0" => ("raised_by_trigger", true),
        "08" => ("connection_exception", false),
        "40" => ("transaction_rollback", false),
        "53" => ("insufficient_resources", false),
        "55" => ("object_not_in_prerequisite_state", false),
        "57" => ("operator_intervention", false),
        "58" => ("system_error", false),
        _ => ("database_error", false),
    }
}

/// An address given for a consultant on the command line or in a form.
pub fn consultant(raw: &str) -> Result<EmailAddress, CaseError> {
    EmailAddress::parse(raw).ok_or_else(|| CaseError::BadConsultant(raw.to_owned()))
}

/// The one writer of case state. Cheap to clone; every stage holds one.
#[derive(Clone)]
pub struct CaseStore {
    pool: PgPool,
    mail: Arc<dyn Compose>,
    checks: Arc<dyn CheckCodes>,
    acks_per_sender_per_hour: u32,
    /// `intake.allowed_senders`: when set, answers go only to addresses it names, so a
    /// Reply-To cannot send a consultant's answer elsewhere.
    allowed_recipients: Arc<[String]>,
    /// `desk.instant_checks`: acknowledgements say what the code set says about each code.
    instant_checks: bool,
}

impl CaseStore {
    /// `mail` renders the replies that transitions send, `checks` judges the codes an answer
    /// recommends; at most `acks_per_sender_per_hour` acknowledgements go to one sender in an
    /// hour.
    pub fn new(
        pool: PgPool,
        mail: Arc<dyn Compose>,
        checks: Arc<dyn CheckCodes>,
        acks_per_sender_per_hour: u32,
    ) -> Self {
        Self {
            pool,
            mail,
            checks,
            acks_per_sender_per_hour,
            allowed_recipients: Arc::new([]),
            instant_checks: false,
        }
    }

    /// Acknowledgements list what the code set says about each code the question names.
    pub fn with_instant_checks(mut self, on: bool) -> Self {
        self.instant_checks = on;
        self
    }

    /// Answers go only to addresses (or `@domain`s) of `allowed`, when it is not empty.
    pub fn answering_only(mut self, allowed: &[String]) -> Self {
        self.allowed_recipients = allowed.into();
        self
    }

    pub fn pool(&self) -> &PgPool {
        &self.pool
    }
}
