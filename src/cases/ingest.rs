//! One inbound message into the store, in one transaction with the mailbox cursor.

use serde_json::json;
use sqlx::{PgPool, Row};

use super::{audit, CaseError, INTAKE_ACTOR};
use crate::domain::{CaseId, Status};
use crate::intake::classify::QuarantineReason;
use crate::intake::cursor::MailboxKey;
use crate::intake::parse::{self, ParsedMessage};
use crate::outbox::{self, Composer, Thread};

/// Whether and how a new case is acknowledged.
#[derive(Clone, Copy)]
pub struct AckPolicy<'a> {
    pub composer: &'a Composer,
    pub per_sender_per_hour: u32,
}

pub struct IngestInput<'a> {
    pub ack: Option<AckPolicy<'a>>,
    pub key: MailboxKey,
    pub uid: u32,
    pub raw: &'a [u8],
    pub truncated: bool,
    pub parsed: &'a ParsedMessage,
    pub quarantine: Option<QuarantineReason>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IngestOutcome {
    /// This (mailbox, UIDVALIDITY, UID) was committed before; nothing changed.
    AlreadyStored,
    NewCase(CaseId),
    FollowUp {
        case_id: CaseId,
        reopened: bool,
    },
    /// The same message (Message-ID and content) arrived again, for example delivered twice.
    Duplicate(Option<CaseId>),
    Quarantined {
        reason: QuarantineReason,
        refers_to: Option<CaseId>,
    },
}

impl IngestOutcome {
    pub fn case_id(self) -> Option<CaseId> {
        match self {
            Self::AlreadyStored => None,
            Self::NewCase(id) | Self::FollowUp { case_id: id, .. } => Some(id),
            Self::Duplicate(id) | Self::Quarantined { refers_to: id, .. } => id,
        }
    }
}

/// Stores the raw message and its parse, creates or extends the case and advances the
/// mailbox cursor, all or nothing. Calling it again for the same UID is a no-op.
pub async fn ingest(pool: &PgPool, input: IngestInput<'_>) -> Result<IngestOutcome, CaseError> {
    Ok(ingest_batch(pool, std::slice::from_ref(&input)).await?[0])
}

/// `ingest` for messages of one mailbox fetched together, in one transaction: a backlog then
/// pays for one commit per batch instead of one per message. Nothing of the batch is stored
/// unless all of it is, and the server is told nothing before the commit.
pub async fn ingest_batch(
    pool: &PgPool,
    inputs: &[IngestInput<'_>],
) -> Result<Vec<IngestOutcome>, CaseError> {
    let Some(first) = inputs.first() else {
        return Ok(Vec::new());
    };
    debug_assert!(
        inputs.iter().all(|i| i.key == first.key),
        "one mailbox and UIDVALIDITY per batch"
    );
    let mut tx = pool.begin().await?;
    let mut outcomes = Vec::with_capacity(inputs.len());
    for input in inputs {
        outcomes.push(ingest_one(&mut tx, input).await?);
    }
    let last_uid = inputs.iter().map(|i| i.uid).max().unwrap_or(0);
    sqlx::query("UPDATE mailboxes SET last_uid = GREATEST(last_uid, $2) WHERE id = $1")
        .bind(first.key.mailbox_id)
        .bind(i64::from(last_uid))
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(outcomes)
}

async fn ingest_one(tx: &mut Tx, input: &IngestInput<'_>) -> Result<IngestOutcome, CaseError> {
    let already: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM inbound_messages WHERE mailbox_id = $1 AND uidvalidity = $2 AND uid = $3",
    )
    .bind(input.key.mailbox_id)
    .bind(i64::from(input.key.uidvalidity))
    .bind(i64::from(input.uid))
    .fetch_optional(&mut **tx)
    .await?;
    if already.is_some() {
        return Ok(IngestOutcome::AlreadyStored);
    }

    let msg = input.parsed;
    let content_sha = parse::content_sha256(input.raw);
    let thread_case = find_thread(tx, msg).await?;
    let mut new_case = None;
    let outcome = if let Some(reason) = input.quarantine {
        IngestOutcome::Quarantined {
            reason,
            refers_to: thread_case,
        }
    } else if let Some(original) =
        find_duplicate(tx, input.key.mailbox_id, msg, &content_sha).await?
    {
        IngestOutcome::Duplicate(original)
    } else if let Some(case_id) = thread_case {
        let reopened = extend_case(tx, case_id).await?;
        IngestOutcome::FollowUp { case_id, reopened }
    } else {
        let created = create_case(tx, msg).await?;
        let id = created.case_id;
        new_case = Some(created);
        IngestOutcome::NewCase(id)
    };

    let inbound_id = insert_inbound(tx, input, &content_sha, outcome).await?;
    record_outcome(tx, input, inbound_id, outcome).await?;
    if let (Some(thread), Some(policy)) = (new_case, input.ack) {
        acknowledge(tx, &thread, policy).await?;
    }
    Ok(outcome)
}

type Tx = sqlx::Transaction<'static, sqlx::Postgres>;

/// A reply joins the case of any message it names, newest first; failing that, the case
/// whose tag is in the subject (for clients that drop or rewrite the threading headers).
async fn find_thread(tx: &mut Tx, msg: &ParsedMessage) -> Result<Option<CaseId>, sqlx::Error> {
    let mut named: Vec<&str> = msg.in_reply_to.iter().map(String::as_str).collect();
    named.extend(msg.references.iter().rev().map(String::as_str));
    if !named.is_empty() {
        let found: Option<i64> = sqlx::query_scalar(
            "SELECT case_id FROM case_messages WHERE message_id = ANY($1)
             ORDER BY array_position($1, message_id), id DESC LIMIT 1",
        )
        .bind(&named)
        .fetch_optional(&mut **tx)
        .await?;
        if let Some(id) = found {
            return Ok(Some(CaseId(id)));
        }
    }
    let Some(tagged) = crate::domain::case_tag_in_subject(&msg.subject) else {
        return Ok(None);
    };
    let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM cases WHERE id = $1")
        .bind(tagged.0)
        .fetch_optional(&mut **tx)
        .await?;
    Ok(exists.map(CaseId))
}

/// Queues the acknowledgement in the same transaction as the new case, unless the sender
/// already had their hourly share (a flood of questions, or a loop we failed to recognise).
async fn acknowledge(tx: &mut Tx, thread: &Thread, policy: AckPolicy<'_>) -> Result<(), CaseError> {
    let case_id = thread.case_id;
    let recent: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM outbox
         WHERE kind = 'acknowledgement' AND to_addr = $1 AND created_at > now() - interval '1 hour'",
    )
    .bind(&thread.requester)
    .fetch_one(&mut **tx)
    .await?;
    if recent >= i64::from(policy.per_sender_per_hour) || thread.requester.is_empty() {
        audit(
            tx,
            Some(case_id),
            INTAKE_ACTOR,
            "acknowledgement_suppressed",
            json!({ "recent": recent }),
        )
        .await?;
        return Ok(());
    }
    let mail = policy.composer.acknowledgement(thread)?;
    outbox::store::enqueue(tx, case_id, &mail).await?;
    Ok(())
}

async fn find_duplicate(
    tx: &mut Tx,
    mailbox_id: i64,
    msg: &ParsedMessage,
    content_sha: &[u8; 32],
) -> Result<Option<Option<CaseId>>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT case_id FROM inbound_messages
         WHERE mailbox_id = $1 AND message_id IS NOT DISTINCT FROM $2 AND content_sha256 = $3
         ORDER BY id LIMIT 1",
    )
    .bind(mailbox_id)
    .bind(&msg.message_id)
    .bind(&content_sha[..])
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.map(|r| r.get::<Option<i64>, _>(0).map(CaseId)))
}

/// Opens the case and returns its thread as the acknowledgement needs it.
async fn create_case(tx: &mut Tx, msg: &ParsedMessage) -> Result<Thread, sqlx::Error> {
    let requester = msg
        .reply_to
        .as_ref()
        .or(msg.from.as_ref())
        .map(|a| a.as_str().to_owned())
        .unwrap_or_default();
    let subject = match msg.subject.trim() {
        "" => "(no subject)",
        s => s,
    };
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO cases (requester, requester_name, subject) VALUES ($1, $2, $3) RETURNING id",
    )
    .bind(&requester)
    .bind(&msg.from_name)
    .bind(subject)
    .fetch_one(&mut **tx)
    .await?;
    // RFC 5322: a reply's References are its parent's References plus the parent's Message-ID.
    let mut message_ids = msg.references.clone();
    message_ids.extend(msg.message_id.clone());
    Ok(Thread {
        case_id: CaseId(id),
        subject: subject.to_owned(),
        requester,
        requester_name: msg.from_name.clone(),
        message_ids,
        reply_to_id: msg.message_id.clone(),
    })
}

/// Returns whether the follow-up reopened an answered or closed case.
async fn extend_case(tx: &mut Tx, case_id: CaseId) -> Result<bool, sqlx::Error> {
    let status: String = sqlx::query_scalar("SELECT status FROM cases WHERE id = $1 FOR UPDATE")
        .bind(case_id.0)
        .fetch_one(&mut **tx)
        .await?;
    let reopen = status.parse::<Status>().is_ok_and(Status::reopens_on_reply);
    sqlx::query(
        "UPDATE cases SET last_message_at = now(), updated_at = now(),
                status = CASE WHEN $2 THEN 'open' ELSE status END,
                assignee = CASE WHEN $2 THEN NULL ELSE assignee END
         WHERE id = $1",
    )
    .bind(case_id.0)
    .bind(reopen)
    .execute(&mut **tx)
    .await?;
    Ok(reopen)
}

async fn insert_inbound(
    tx: &mut Tx,
    input: &IngestInput<'_>,
    content_sha: &[u8; 32],
    outcome: IngestOutcome,
) -> Result<i64, sqlx::Error> {
    let msg = input.parsed;
    let (disposition, reason) = match outcome {
        IngestOutcome::NewCase(_) => ("new_case", None),
        IngestOutcome::FollowUp { .. } => ("follow_up", None),
        IngestOutcome::Duplicate(_) => ("duplicate", None),
        IngestOutcome::Quarantined { reason, .. } => ("quarantined", Some(reason.as_str())),
        IngestOutcome::AlreadyStored => unreachable!("checked before any insert"),
    };
    sqlx::query_scalar(
        "INSERT INTO inbound_messages (
            mailbox_id, uidvalidity, uid, raw, raw_size, sha256, content_sha256, truncated,
            message_id, in_reply_to, references_ids, from_addr, from_name, reply_to, to_addrs,
            cc_addrs, subject, sent_at, body_text, question_text, disposition, quarantine_reason,
            case_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17,
                 $18, $19, $20, $21, $22, $23)
         RETURNING id",
    )
    .bind(input.key.mailbox_id)
    .bind(i64::from(input.key.uidvalidity))
    .bind(i64::from(input.uid))
    .bind(input.raw)
    .bind(input.raw.len() as i64)
    .bind(&parse::sha256(input.raw)[..])
    .bind(&content_sha[..])
    .bind(input.truncated)
    .bind(&msg.message_id)
    .bind(&msg.in_reply_to)
    .bind(&msg.references)
    .bind(msg.from.as_ref().map(|a| a.as_str()))
    .bind(&msg.from_name)
    .bind(msg.reply_to.as_ref().map(|a| a.as_str()))
    .bind(&msg.to)
    .bind(&msg.cc)
    .bind(&msg.subject)
    .bind(msg.date)
    .bind(&msg.body_text)
    .bind(&msg.question_text)
    .bind(disposition)
    .bind(reason)
    .bind(outcome.case_id().map(|c| c.0))
    .fetch_one(&mut **tx)
    .await
}

async fn record_outcome(
    tx: &mut Tx,
    input: &IngestInput<'_>,
    inbound_id: i64,
    outcome: IngestOutcome,
) -> Result<(), sqlx::Error> {
    let detail = json!({ "inbound_message_id": inbound_id });
    let thread_member = match outcome {
        IngestOutcome::NewCase(case_id) => {
            audit(tx, Some(case_id), INTAKE_ACTOR, "created", detail).await?;
            Some(case_id)
        }
        IngestOutcome::FollowUp { case_id, reopened } => {
            audit(tx, Some(case_id), INTAKE_ACTOR, "follow_up", detail.clone()).await?;
            if reopened {
                audit(tx, Some(case_id), INTAKE_ACTOR, "reopened", detail).await?;
            }
            Some(case_id)
        }
        IngestOutcome::Duplicate(case_id) => {
            audit(tx, case_id, INTAKE_ACTOR, "duplicate_ignored", detail).await?;
            None
        }
        IngestOutcome::Quarantined { reason, refers_to } => {
            let detail = json!({ "inbound_message_id": inbound_id, "reason": reason.as_str() });
            audit(tx, refers_to, INTAKE_ACTOR, "quarantined", detail).await?;
            None
        }
        IngestOutcome::AlreadyStored => None,
    };
    if let Some(case_id) = thread_member {
        sqlx::query(
            "INSERT INTO case_messages (case_id, direction, inbound_message_id, message_id)
             VALUES ($1, 'inbound', $2, $3)",
        )
        .bind(case_id.0)
        .bind(inbound_id)
        .bind(&input.parsed.message_id)
        .execute(&mut **tx)
        .await?;
    }
    store_attachments(tx, input, inbound_id, outcome.case_id()).await
}

async fn store_attachments(
    tx: &mut Tx,
    input: &IngestInput<'_>,
    inbound_id: i64,
    case_id: Option<CaseId>,
) -> Result<(), sqlx::Error> {
    for a in &input.parsed.attachments {
        sqlx::query(
            "INSERT INTO attachments
                (inbound_message_id, case_id, filename, content_type, size, content, sha256, dropped)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(inbound_id)
        .bind(case_id.map(|c| c.0))
        .bind(&a.filename)
        .bind(&a.content_type)
        .bind(a.size as i64)
        .bind(a.content.as_deref())
        .bind(&a.sha256[..])
        .bind(a.dropped())
        .execute(&mut **tx)
        .await?;
    }
    let dropped = input.parsed.attachments.iter().any(|a| a.dropped());
    if let Some(case_id) = case_id.filter(|_| dropped || input.truncated) {
        sqlx::query(
            "UPDATE cases SET attachments_dropped = attachments_dropped OR $2,
                              truncated = truncated OR $3
             WHERE id = $1",
        )
        .bind(case_id.0)
        .bind(dropped)
        .bind(input.truncated)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}
