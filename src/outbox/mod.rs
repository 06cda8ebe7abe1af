//! Outbox: replies written in the deciding transaction by the case store, sent by a worker
//! over SMTP, retried with backoff. A reply is sent at least once and, normally, exactly once;
//! the window for a second copy is a crash after the SMTP server accepted and before the row
//! was marked sent, and that copy carries the same Message-ID.

pub mod compose;
mod copy;
mod direct;
pub mod mailer;
mod worker;

pub use compose::Composer;
pub use mailer::Mailer;
pub use worker::{deliver, run, OutboxContext, Outlets};

#[derive(Debug, thiserror::Error)]
pub enum SendError {
    /// 4xx, connection trouble, timeouts: the same message is tried again later.
    #[error("{0}")]
    Transient(String),
    /// 5xx: the server will never take this message.
    #[error("{0}")]
    Permanent(String),
}

#[derive(Debug, thiserror::Error)]
pub enum OutboxError {
    #[error("outbox configuration: {0}")]
    Config(String),
}
