//! The outbox table: rows are written inside the deciding transaction (only by this module's
//! owner, the case store), leased by the SMTP worker, and settled with what happened.

use serde_json::json;
use sqlx::{PgConnection, PgPool};

use super::lifecycle::{Actor, Event};
use super::{CaseError, CaseStore};
use crate::domain::{CaseId, OutboxId, OutgoingMail};

pub const CHANNEL: &str = "caseconsult_outbox";

/// Writes the reply into the caller's transaction and registers its Message-ID in the case's
/// thread, so an answer to it joins the case. A trigger wakes the worker once the transaction
/// commits (NOTIFY is never delivered for a rolled-back row).
pub(crate) async fn enqueue(
    conn: &mut PgConnection,
    case_id: CaseId,
    mail: &OutgoingMail,
) -> Result<OutboxId, sqlx::Error> {
    sqlx::query_scalar(
        "WITH queued AS (
             INSERT INTO outbox (case_id, kind, message_id, to_addr, subject, in_reply_to, references_ids,
                                 body_text, body_html, auto_submitted, cc_addrs)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
             RETURNING id, case_id, message_id),
         threaded AS (
             INSERT INTO case_messages (case_id, direction, message_id)
             SELECT case_id, 'outbound', message_id FROM queued)
         SELECT id FROM queued",
    )
    .bind(case_id)
    .bind(mail.kind.as_str())
    .bind(&mail.message_id)
    .bind(&mail.to)
    .bind(&mail.subject)
    .bind(&mail.in_reply_to)
    .bind(&mail.references)
    .bind(&mail.text)
    .bind(&mail.html)
    .bind(mail.auto_submitted)
    .bind(&mail.cc)
    .fetch_one(conn)
    .await
}

/// A row taken by one worker until its lease runs out.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Leased {
    pub id: OutboxId,
    pub case_id: CaseId,
    pub kind: String,
    pub message_id: String,
    pub to_addr: String,
    pub cc_addrs: Vec<String>,
    pub subject: String,
    pub in_reply_to: Option<String>,
    pub references_ids: Vec<String>,
    pub body_text: String,
    pub body_html: String,
    pub auto_submitted: bool,
    pub attempts: i32,
    /// The mailbox of the case: the reply goes out from its address.
    pub mailbox: Option<String>,
    /// Files the reply carries (an answer's attachments).
    #[sqlx(skip)]
    pub attachments: Vec<OutgoingFile>,
}

#[derive(Clone, Debug, Default)]
pub struct OutgoingFile {
    pub filename: String,
    pub content_type: String,
    pub content: Vec<u8>,
}

/// Leases up to `limit` due rows in one statement that commits at once, so no lock is held
/// while mail is being sent; a worker that dies leaves rows that another leases after expiry.
pub async fn lease(pool: &PgPool, limit: i64, lease_secs: f64) -> Result<Vec<Leased>, sqlx::Error> {
    let mut rows: Vec<Leased> = sqlx::query_as(
        "WITH due AS (
             SELECT id FROM outbox
             WHERE status = 'pending' AND next_attempt_at <= now()
               AND (lease_until IS NULL OR lease_until < now())
             ORDER BY next_attempt_at, id
             LIMIT $1
             FOR UPDATE SKIP LOCKED)
         UPDATE outbox o
            SET lease_until = now() + make_interval(secs => $2), attempts = o.attempts + 1
           FROM due WHERE o.id = due.id
         RETURNING o.id, o.case_id, o.kind, o.message_id, o.to_addr, o.cc_addrs, o.subject, o.in_reply_to,
                   o.references_ids, o.body_text, o.body_html, o.auto_submitted, o.attempts,
                   (SELECT m.name FROM cases c JOIN mailboxes m ON m.id = c.mailbox_id
                    WHERE c.id = o.case_id) AS mailbox",
    )
    .bind(limit)
    .bind(lease_secs)
    .fetch_all(pool)
    .await?;
    let ids: Vec<OutboxId> = rows.iter().map(|r| r.id).collect();
    let files: Vec<(OutboxId, String, String, Vec<u8>)> = sqlx::query_as(
        "SELECT outbox_id, filename, content_type, content FROM answer_attachments
         WHERE outbox_id = ANY($1) ORDER BY id",
    )
    .bind(&ids)
    .fetch_all(pool)
    .await?;
    for (outbox_id, filename, content_type, content) in files {
        if let Some(row) = rows.iter_mut().find(|r| r.id == outbox_id) {
            row.attachments.push(OutgoingFile {
                filename,
                content_type,
                content,
            });
        }
    }
    Ok(rows)
}

impl CaseStore {
    /// The outbox reports back: the reply left.
    pub async fn delivered(&self, row: &Leased) -> Result<(), CaseError> {
        self.settle(row, Event::Delivered, None).await
    }

    /// The outbox reports back: the SMTP server refused the reply for good, or retries ran
    /// out. The case shows it.
    pub async fn delivery_failed(&self, row: &Leased, error: &str) -> Result<(), CaseError> {
        let answer = row.kind == crate::domain::MailKind::Answer.as_str();
        self.settle(row, Event::DeliveryFailed { answer }, Some(error))
            .await
    }

    /// Marks the row sent (no error) or failed, with the case's transition, in one transaction.
    async fn settle(
        &self,
        row: &Leased,
        event: Event,
        error: Option<&str>,
    ) -> Result<(), CaseError> {
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "UPDATE outbox SET status = CASE WHEN $2::text IS NULL THEN 'sent' ELSE 'failed' END,
                               sent_at = CASE WHEN $2::text IS NULL THEN now() END,
                               lease_until = NULL, last_error = $2
             WHERE id = $1 AND status = 'pending'",
        )
        .bind(row.id)
        .bind(error)
        .execute(&mut *tx)
        .await?;
        let mut detail = json!({ "outbox_id": row.id, "kind": row.kind });
        if let Some(error) = error {
            detail["error"] = json!(error);
        }
        self.apply(&mut tx, row.case_id, &event, &Actor::Outbox, None, detail)
            .await?;
        tx.commit().await?;
        Ok(())
    }
}

pub async fn mark_retry(
    pool: &PgPool,
    row: &Leased,
    delay_secs: f64,
    error: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE outbox SET next_attempt_at = now() + make_interval(secs => $2), lease_until = NULL,
                           last_error = $3
         WHERE id = $1 AND status = 'pending'",
    )
    .bind(row.id)
    .bind(delay_secs)
    .bind(error)
    .execute(pool)
    .await?;
    Ok(())
}

pub async fn mark_copied(pool: &PgPool, id: OutboxId) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE outbox SET copied_at = now() WHERE id = $1")
        .bind(id)
        .execute(pool)
        .await?;
    Ok(())
}

/// When the next pending row falls due, for the worker's sleep; `None` when nothing is pending.
pub async fn next_due_in_secs(pool: &PgPool) -> Result<Option<f64>, sqlx::Error> {
    let secs: Option<f64> = sqlx::query_scalar(
        "SELECT EXTRACT(EPOCH FROM min(GREATEST(next_attempt_at, COALESCE(lease_until, next_attempt_at))) - now())::float8
         FROM outbox WHERE status = 'pending'",
    )
    .fetch_one(pool)
    .await?;
    Ok(secs.map(|s| s.max(0.0)))
}
