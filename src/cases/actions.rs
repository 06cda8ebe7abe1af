//! What consultants do to a case. Each action is one transaction with its audit entry, and an
//! answer writes its outbox row in that same transaction.

use serde_json::json;
use sqlx::{PgConnection, PgPool};

use super::{audit, CaseError};
use crate::domain::{CaseId, EmailAddress, RecommendedCode, Status};
use crate::outbox::{self, Composer, Thread};

#[derive(Debug, thiserror::Error)]
pub enum ActionError {
    #[error(transparent)]
    Case(#[from] CaseError),
    #[error("case {case} is held by {holder}; only they can {action} it")]
    HeldByOther {
        case: CaseId,
        holder: String,
        action: &'static str,
    },
    #[error("case {case} is {status}; it cannot become {next}")]
    NotAllowed {
        case: CaseId,
        status: Status,
        next: Status,
    },
    #[error("{0:?} is not an email address")]
    BadConsultant(String),
    #[error(transparent)]
    Outbox(#[from] outbox::OutboxError),
}

impl From<sqlx::Error> for ActionError {
    fn from(e: sqlx::Error) -> Self {
        ActionError::Case(CaseError::Db(e))
    }
}

pub fn consultant(raw: &str) -> Result<EmailAddress, ActionError> {
    EmailAddress::parse(raw).ok_or_else(|| ActionError::BadConsultant(raw.to_owned()))
}

struct Locked {
    status: Status,
    assignee: Option<String>,
}

async fn lock(conn: &mut PgConnection, case: CaseId) -> Result<Locked, ActionError> {
    let row: Option<(String, Option<String>)> =
        sqlx::query_as("SELECT status, assignee FROM cases WHERE id = $1 FOR UPDATE")
            .bind(case.0)
            .fetch_optional(&mut *conn)
            .await?;
    let (status, assignee) = row.ok_or(CaseError::NotFound(case))?;
    Ok(Locked {
        status: status.parse().map_err(|_| CaseError::NotFound(case))?,
        assignee,
    })
}

fn held_by_other(
    case: CaseId,
    locked: &Locked,
    who: &EmailAddress,
    action: &'static str,
) -> Result<(), ActionError> {
    match &locked.assignee {
        Some(holder) if holder != who.as_str() && locked.status == Status::Claimed => {
            Err(ActionError::HeldByOther {
                case,
                holder: holder.clone(),
                action,
            })
        }
        _ => Ok(()),
    }
}

fn check(case: CaseId, from: Status, to: Status) -> Result<(), ActionError> {
    if from.can_become(to) {
        Ok(())
    } else {
        Err(ActionError::NotAllowed {
            case,
            status: from,
            next: to,
        })
    }
}

async fn set_status(
    conn: &mut PgConnection,
    case: CaseId,
    status: Status,
    assignee: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE cases SET status = $2, assignee = $3, updated_at = now() WHERE id = $1")
        .bind(case.0)
        .bind(status.as_str())
        .bind(assignee)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn claim(pool: &PgPool, case: CaseId, who: &EmailAddress) -> Result<(), ActionError> {
    let mut tx = pool.begin().await?;
    let locked = lock(&mut tx, case).await?;
    held_by_other(case, &locked, who, "claim")?;
    if locked.status == Status::Claimed {
        return Ok(()); // already theirs
    }
    check(case, locked.status, Status::Claimed)?;
    set_status(&mut tx, case, Status::Claimed, Some(who.as_str())).await?;
    audit(&mut tx, Some(case), who.as_str(), "claimed", json!({})).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn release(pool: &PgPool, case: CaseId, who: &EmailAddress) -> Result<(), ActionError> {
    let mut tx = pool.begin().await?;
    let locked = lock(&mut tx, case).await?;
    held_by_other(case, &locked, who, "release")?;
    check(case, locked.status, Status::Open)?;
    if locked.status != Status::Claimed {
        return Err(ActionError::NotAllowed {
            case,
            status: locked.status,
            next: Status::Open,
        });
    }
    set_status(&mut tx, case, Status::Open, None).await?;
    audit(&mut tx, Some(case), who.as_str(), "released", json!({})).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn close(pool: &PgPool, case: CaseId, who: &EmailAddress) -> Result<(), ActionError> {
    let mut tx = pool.begin().await?;
    let locked = lock(&mut tx, case).await?;
    held_by_other(case, &locked, who, "close")?;
    check(case, locked.status, Status::Closed)?;
    set_status(&mut tx, case, Status::Closed, locked.assignee.as_deref()).await?;
    audit(&mut tx, Some(case), who.as_str(), "closed", json!({})).await?;
    tx.commit().await?;
    Ok(())
}

/// An answer to send: the consultant's text and the codes they recommend.
pub struct Answer<'a> {
    pub body: &'a str,
    pub codes: &'a [RecommendedCode],
    pub warnings: &'a [String],
}

/// Records the answer, queues the reply and marks the case answered, all or nothing.
/// An open case is claimed by answering it; a case held by someone else cannot be answered.
pub async fn answer(
    pool: &PgPool,
    composer: &Composer,
    case: CaseId,
    who: &EmailAddress,
    answer: Answer<'_>,
) -> Result<i64, ActionError> {
    let mut tx = pool.begin().await?;
    let locked = lock(&mut tx, case).await?;
    held_by_other(case, &locked, who, "answer")?;
    check(case, locked.status, Status::Answered)?;
    let thread = thread(&mut tx, case).await?;
    let mail = composer
        .answer(
            &thread,
            who.as_str(),
            answer.body,
            answer.codes,
            answer.warnings,
        )
        .map_err(outbox::OutboxError::from)?;
    let outbox_id = outbox::store::enqueue(&mut tx, case, &mail).await?;
    let answer_id: i64 = sqlx::query_scalar(
        "INSERT INTO answers (case_id, consultant, body, codes, outbox_id) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(case.0)
    .bind(who.as_str())
    .bind(answer.body)
    .bind(serde_json::to_value(answer.codes).unwrap_or_default())
    .bind(outbox_id)
    .fetch_one(&mut *tx)
    .await?;
    set_status(&mut tx, case, Status::Answered, Some(who.as_str())).await?;
    let codes: Vec<&str> = answer.codes.iter().map(|c| c.code.as_str()).collect();
    audit(
        &mut tx,
        Some(case),
        who.as_str(),
        "answered",
        json!({ "answer_id": answer_id, "outbox_id": outbox_id, "codes": codes }),
    )
    .await?;
    tx.commit().await?;
    Ok(outbox_id)
}

/// The case's thread as a reply needs it: every Message-ID in order, and the newest inbound
/// message to reply to.
pub async fn thread(conn: &mut PgConnection, case: CaseId) -> Result<Thread, CaseError> {
    let row: Option<(String, String, Option<String>)> =
        sqlx::query_as("SELECT subject, requester, requester_name FROM cases WHERE id = $1")
            .bind(case.0)
            .fetch_optional(&mut *conn)
            .await?;
    let (subject, requester, requester_name) = row.ok_or(CaseError::NotFound(case))?;
    let members: Vec<(String, String)> = sqlx::query_as(
        "SELECT direction, message_id FROM case_messages
         WHERE case_id = $1 AND message_id IS NOT NULL ORDER BY id",
    )
    .bind(case.0)
    .fetch_all(&mut *conn)
    .await?;
    let reply_to_id = members
        .iter()
        .rev()
        .find(|(direction, _)| direction == "inbound")
        .map(|(_, id)| id.clone());
    Ok(Thread {
        case_id: case,
        subject,
        requester,
        requester_name,
        message_ids: members.into_iter().map(|(_, id)| id).collect(),
        reply_to_id,
    })
}

/// The outbox reports back: the reply left.
pub async fn record_sent(
    conn: &mut PgConnection,
    case: CaseId,
    outbox_id: i64,
    kind: &str,
) -> Result<(), sqlx::Error> {
    audit(
        conn,
        Some(case),
        "outbox",
        "sent",
        json!({ "outbox_id": outbox_id, "kind": kind }),
    )
    .await
}

/// The outbox reports back: the SMTP server refused the reply for good. The case shows it.
pub async fn record_send_failure(
    conn: &mut PgConnection,
    case: CaseId,
    outbox_id: i64,
    kind: &str,
    error: &str,
) -> Result<(), sqlx::Error> {
    audit(
        conn,
        Some(case),
        "outbox",
        "send_failed",
        json!({ "outbox_id": outbox_id, "kind": kind, "error": error }),
    )
    .await
}
