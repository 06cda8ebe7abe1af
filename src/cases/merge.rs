//! Merging a case into another: the lifecycle closes the merged case (sending its requester a
//! short note naming the case that continues) and lets the other take it in; its messages,
//! thread, attachments, notes and drafts move over, in one transaction with the audit entries.

use serde_json::json;
use sqlx::PgConnection;

use super::lifecycle::{Actor, Event};
use super::{CaseError, CaseStore};
use crate::domain::CaseId;

impl CaseStore {
    /// Merges `from` into `into`. Both cases are locked (in id order, so two merges cannot
    /// deadlock) before either changes.
    pub async fn merge(&self, from: CaseId, into: CaseId, actor: &Actor) -> Result<(), CaseError> {
        if from == into {
            return Err(CaseError::MergeIntoItself(from));
        }
        let mut tx = self.pool.begin().await?;
        let locked: Vec<CaseId> =
            sqlx::query_scalar("SELECT id FROM cases WHERE id = ANY($1) ORDER BY id FOR UPDATE")
                .bind(vec![from.0, into.0])
                .fetch_all(&mut *tx)
                .await?;
        for case in [from, into] {
            if !locked.contains(&case) {
                return Err(CaseError::NotFound(case));
            }
        }
        // The merged case closes first: its note is queued in its own thread before that
        // thread moves, so a reply to the note lands on the case that continues.
        let detail = json!({ "into": into, "reference": into.reference() });
        self.apply(&mut tx, from, &Event::Merge { into }, actor, None, detail)
            .await?;
        let detail = json!({ "from": from, "reference": from.reference() });
        self.apply(&mut tx, into, &Event::Absorb { from }, actor, None, detail)
            .await?;
        move_work(&mut tx, from, into).await?;
        tx.commit().await?;
        Ok(())
    }
}

/// Everything that belongs to the question rather than to the closed case's own history (its
/// sent replies and answers stay with it).
async fn move_work(conn: &mut PgConnection, from: CaseId, into: CaseId) -> Result<(), sqlx::Error> {
    for sql in [
        "UPDATE inbound_messages SET case_id = $2 WHERE case_id = $1",
        "UPDATE case_messages SET case_id = $2 WHERE case_id = $1",
        "UPDATE attachments SET case_id = $2 WHERE case_id = $1",
        "UPDATE case_notes SET case_id = $2 WHERE case_id = $1",
        "UPDATE drafts SET case_id = $2 WHERE case_id = $1",
        "UPDATE answer_attachments SET case_id = $2 WHERE case_id = $1 AND outbox_id IS NULL",
        // An answer in progress moves unless its consultant has one on the other case already;
        // then it stays, readable, on the closed case.
        "UPDATE answer_drafts d SET case_id = $2 WHERE d.case_id = $1
            AND NOT EXISTS (SELECT 1 FROM answer_drafts o WHERE o.case_id = $2
                                                          AND o.consultant = d.consultant)",
        // The merged case's people join the other's, its requester among them.
        "UPDATE cases c SET cc_addrs = c.cc_addrs || ARRAY(
             SELECT u.a FROM cases f,
                    unnest(ARRAY[f.requester] || f.cc_addrs) WITH ORDINALITY AS u(a, ord)
             WHERE f.id = $1 AND lower(u.a) <> lower(c.requester)
               AND NOT EXISTS (SELECT 1 FROM unnest(c.cc_addrs) AS e(a)
                               WHERE lower(e.a) = lower(u.a))
             ORDER BY u.ord)
         WHERE c.id = $2",
        "UPDATE cases SET merged_into = $2 WHERE id = $1",
        "UPDATE cases SET last_message_at = GREATEST(last_message_at,
                              (SELECT last_message_at FROM cases WHERE id = $1)),
                          updated_at = now()
         WHERE id = $2",
    ] {
        sqlx::query(sql)
            .bind(from)
            .bind(into)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}
