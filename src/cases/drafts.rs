//! The assistant's drafts attached to cases, and the messages it could not draft.

use chrono::{DateTime, Utc};
use serde_json::json;
use sqlx::types::Json;
use sqlx::PgPool;

use super::store::audit;
use super::CaseError;
use crate::domain::{CaseId, Draft, InboundMessageId, MessageRef};

/// A question or follow-up that has neither a draft nor a recorded failure yet.
#[derive(Clone, Debug)]
pub struct Undrafted {
    pub inbound_id: InboundMessageId,
    pub case_id: CaseId,
    pub subject: String,
    /// The case's questions up to this message, oldest first: a follow-up's draft covers the
    /// whole thread, so the first message's codes and flags stay in view, each credited to
    /// the message it comes from.
    pub thread: Vec<Question>,
}

/// One question of a thread: where it stands in the thread, and its text without quotes.
#[derive(Clone, Debug)]
pub struct Question {
    pub at: MessageRef,
    pub text: String,
}

#[derive(sqlx::FromRow)]
struct Claimed {
    inbound_id: InboundMessageId,
    case_id: CaseId,
    subject: String,
}

#[derive(sqlx::FromRow)]
struct QuestionRow {
    id: InboundMessageId,
    case_id: CaseId,
    received_at: DateTime<Utc>,
    from_addr: Option<String>,
    question_text: String,
}

/// Claims up to `limit` messages waiting for a draft, for `claim_secs`: another instance
/// drafting at the same time skips them, and they come back if this one dies before storing.
pub async fn claim_undrafted(
    pool: &PgPool,
    limit: i64,
    claim_secs: f64,
) -> Result<Vec<Undrafted>, CaseError> {
    let mut claimed: Vec<Claimed> = sqlx::query_as(
        "UPDATE inbound_messages SET drafting_until = now() + make_interval(secs => $2)
         WHERE id IN (
             SELECT i.id FROM inbound_messages i LEFT JOIN drafts d ON d.inbound_message_id = i.id
             WHERE i.disposition IN ('new_case', 'follow_up') AND i.case_id IS NOT NULL
               AND d.id IS NULL AND (i.drafting_until IS NULL OR i.drafting_until < now())
             ORDER BY i.id LIMIT $1
             FOR UPDATE OF i SKIP LOCKED)
         RETURNING id AS inbound_id, case_id, subject",
    )
    .bind(limit)
    .bind(claim_secs)
    .fetch_all(pool)
    .await?;
    claimed.sort_by_key(|m| m.inbound_id.0);
    let Some(newest) = claimed.last().map(|m| m.inbound_id) else {
        return Ok(Vec::new());
    };
    let cases: Vec<CaseId> = claimed.iter().map(|m| m.case_id).collect();
    let questions: Vec<QuestionRow> = sqlx::query_as(
        "SELECT id, case_id, received_at, from_addr, question_text FROM inbound_messages
         WHERE case_id = ANY($1) AND disposition IN ('new_case', 'follow_up') AND id <= $2
         ORDER BY id",
    )
    .bind(&cases)
    .bind(newest)
    .fetch_all(pool)
    .await?;
    Ok(claimed
        .into_iter()
        .map(|m| Undrafted {
            thread: questions
                .iter()
                .filter(|q| q.case_id == m.case_id)
                .zip(1..)
                .take_while(|(q, _)| q.id <= m.inbound_id)
                .map(|(q, number)| Question {
                    at: MessageRef {
                        inbound_message_id: q.id,
                        number,
                        received_at: q.received_at,
                        sender: q.from_addr.clone(),
                    },
                    text: q.question_text.clone(),
                })
                .collect(),
            inbound_id: m.inbound_id,
            case_id: m.case_id,
            subject: m.subject,
        })
        .collect())
}

/// Wakes the drafting task of every instance when questions are committed (migration
/// `drafting_wakeup`): an instance that does not read the mailbox drafts too.
pub const CHANNEL: &str = "caseconsult_drafting";

pub async fn store_draft(
    pool: &PgPool,
    message: &Undrafted,
    code_set: &str,
    draft: &Draft,
) -> Result<(), CaseError> {
    sqlx::query(
        "INSERT INTO drafts (case_id, inbound_message_id, code_set, draft) VALUES ($1, $2, $3, $4)
         ON CONFLICT (inbound_message_id) DO NOTHING",
    )
    .bind(message.case_id)
    .bind(message.inbound_id)
    .bind(code_set)
    .bind(Json(draft))
    .execute(pool)
    .await?;
    Ok(())
}

/// The assistant failed on this message: the failure is kept, shown on the case, and the
/// message is not tried again (a restart would only fail the same way).
pub async fn record_failure(
    pool: &PgPool,
    message: &Undrafted,
    code_set: &str,
    failure: &str,
) -> Result<(), CaseError> {
    let mut tx = pool.begin().await?;
    let inserted = sqlx::query(
        "INSERT INTO drafts (case_id, inbound_message_id, code_set, failure) VALUES ($1, $2, $3, $4)
         ON CONFLICT (inbound_message_id) DO NOTHING",
    )
    .bind(message.case_id)
    .bind(message.inbound_id)
    .bind(code_set)
    .bind(failure)
    .execute(&mut *tx)
    .await?;
    if inserted.rows_affected() == 1 {
        let detail = json!({ "inbound_message_id": message.inbound_id, "error": failure });
        audit(
            &mut tx,
            Some(message.case_id),
            "assistant",
            "draft_failed",
            detail,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}
