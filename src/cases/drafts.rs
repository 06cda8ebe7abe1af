//! The assistant's drafts attached to cases.

use sqlx::PgPool;

use super::CaseError;

/// A question or follow-up that has no draft yet.
#[derive(Debug, sqlx::FromRow)]
pub struct Undrafted {
    pub inbound_id: i64,
    pub case_id: i64,
    pub subject: String,
    pub question_text: String,
}

pub async fn undrafted(pool: &PgPool, limit: i64) -> Result<Vec<Undrafted>, CaseError> {
    Ok(sqlx::query_as(
        "SELECT i.id AS inbound_id, i.case_id, i.subject, i.question_text
         FROM inbound_messages i LEFT JOIN drafts d ON d.inbound_message_id = i.id
         WHERE i.disposition IN ('new_case', 'follow_up') AND i.case_id IS NOT NULL AND d.id IS NULL
         ORDER BY i.id LIMIT $1",
    )
    .bind(limit)
    .fetch_all(pool)
    .await?)
}

pub async fn store_draft(
    pool: &PgPool,
    message: &Undrafted,
    code_set: &str,
    draft: &serde_json::Value,
) -> Result<(), CaseError> {
    sqlx::query(
        "INSERT INTO drafts (case_id, inbound_message_id, code_set, draft) VALUES ($1, $2, $3, $4)
         ON CONFLICT (inbound_message_id) DO NOTHING",
    )
    .bind(message.case_id)
    .bind(message.inbound_id)
    .bind(code_set)
    .bind(draft)
    .execute(pool)
    .await?;
    Ok(())
}
