//! Intake: one task per mailbox takes every message from the IMAP folder into a case.
//!
//! The order of steps is the guarantee: FETCH with BODY.PEEK (no \Seen), commit the message and
//! its case together with the cursor, and only then move it out of the inbox. A crash anywhere
//! re-fetches the message, and the unique (mailbox, UIDVALIDITY, UID) key makes that a no-op.

pub mod classify;
pub mod parse;
pub mod quote;
mod worker;

use std::sync::Arc;

use crate::cases::{CaseError, CaseStore, IngestOutcome};
use crate::config::Config;
use crate::imap::ImapError;

pub use worker::run;

#[derive(Debug, thiserror::Error)]
pub enum IntakeError {
    #[error(transparent)]
    Imap(#[from] ImapError),
    #[error("database: {0}")]
    Db(#[from] sqlx::Error),
    #[error("storing a message: {0}")]
    Case(#[from] CaseError),
    /// One message's store failed for a reason that may pass; it is tried again.
    #[error("storing message UID {uid} failed ({kind}), attempt {attempts}")]
    StoreFailed {
        uid: u32,
        attempts: i32,
        kind: String,
    },
    #[error("the folder has no UIDVALIDITY; UIDs cannot be trusted")]
    NoUidValidity,
    /// The task parsing or committing a batch panicked (or was cancelled).
    #[error("a batch's parse or commit stopped: {0}")]
    Task(#[from] tokio::task::JoinError),
}

impl From<async_imap::error::Error> for IntakeError {
    fn from(e: async_imap::error::Error) -> Self {
        IntakeError::Imap(e.into())
    }
}

/// What an intake task needs; cheap to clone.
#[derive(Clone)]
pub struct IntakeContext {
    pub store: CaseStore,
    pub config: Arc<Config>,
    /// Told the outcome of every message, after commit.
    pub on_committed: Option<tokio::sync::mpsc::UnboundedSender<IngestOutcome>>,
}
