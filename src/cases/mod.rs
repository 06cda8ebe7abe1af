//! The cases and their store: the only module that writes case state.

mod actions;
pub mod answer_file;
pub mod desk;
pub mod drafts;
mod ingest;
mod query;

pub use actions::{
    answer, claim, close, consultant, record_send_failure, record_sent, release, thread,
    ActionError, Answer,
};
pub use ingest::{ingest, ingest_batch, AckPolicy, IngestInput, IngestOutcome};
pub use query::{
    case_detail, list_cases, AttachmentView, AuditEntry, CaseDetail, CaseSummary, MessageView,
};

use crate::domain::CaseId;

#[derive(Debug, thiserror::Error)]
pub enum CaseError {
    #[error("case {0} does not exist")]
    NotFound(CaseId),
    #[error("database error: {0}")]
    Db(#[from] sqlx::Error),
    #[error(transparent)]
    Render(#[from] crate::outbox::compose::RenderError),
}

/// Who did something, as written in the audit log.
pub const INTAKE_ACTOR: &str = "intake";

pub(crate) async fn audit(
    conn: &mut sqlx::PgConnection,
    case_id: Option<CaseId>,
    actor: &str,
    action: &str,
    detail: serde_json::Value,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO audit_log (case_id, actor, action, detail) VALUES ($1, $2, $3, $4)")
        .bind(case_id.map(|c| c.0))
        .bind(actor)
        .bind(action)
        .bind(detail)
        .execute(conn)
        .await?;
    Ok(())
}
