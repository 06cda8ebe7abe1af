//! Intake: one task per mailbox takes every message from the IMAP folder into a case.
//!
//! The order of steps is the guarantee: FETCH with BODY.PEEK (no \Seen), commit the message and
//! its case together with the cursor, and only then move it out of the inbox. A crash anywhere
//! re-fetches the message, and the unique (mailbox, UIDVALIDITY, UID) key makes that a no-op.

pub mod classify;
pub mod cursor;
mod imap;
pub mod parse;
pub mod quote;
mod worker;

use std::sync::Arc;

use sqlx::PgPool;

use crate::cases::CaseError;
use crate::config::Config;

pub use worker::run;

#[derive(Debug, thiserror::Error)]
pub enum IntakeError {
    #[error("IMAP: {0}")]
    Imap(#[from] async_imap::error::Error),
    #[error("network: {0}")]
    Io(#[from] std::io::Error),
    #[error("TLS: {0}")]
    Tls(#[from] crate::tls::TlsError),
    #[error("database: {0}")]
    Db(#[from] sqlx::Error),
    #[error("storing a message: {0}")]
    Case(#[from] CaseError),
    #[error("IMAP server did not answer {0} in time")]
    Timeout(&'static str),
    #[error("IMAP server closed the connection")]
    Closed,
    #[error("not a valid TLS server name: {0}")]
    BadHost(String),
    #[error("the folder has no UIDVALIDITY; UIDs cannot be trusted")]
    NoUidValidity,
}

/// What an intake task needs; cheap to clone.
#[derive(Clone)]
pub struct IntakeContext {
    pub pool: PgPool,
    pub config: Arc<Config>,
    pub composer: Arc<crate::outbox::Composer>,
    /// Told the case id of every message that opened or extended a case, after commit.
    pub on_committed: Option<tokio::sync::mpsc::UnboundedSender<crate::cases::IngestOutcome>>,
}

/// Files a message in a folder of the mailbox (the outbox's sent copies).
pub async fn append_message(
    cfg: &crate::config::ImapConfig,
    folder: &str,
    message: &[u8],
) -> Result<(), IntakeError> {
    let limit = std::time::Duration::from_secs(cfg.timeout_secs);
    let (mut session, _) = imap::connect(cfg).await?;
    imap::timed(
        limit,
        "APPEND",
        session.append(folder, Some("(\\Seen)"), None, message),
    )
    .await?;
    let _ = imap::timed(limit, "LOGOUT", session.logout()).await;
    Ok(())
}
