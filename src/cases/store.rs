//! Applying transitions: one function locks the case, asks the lifecycle, and writes status,
//! holder, audit entries and, when the event sends mail, the outbox row, all in the caller's
//! transaction.

use serde_json::{json, Value};
use sqlx::postgres::PgArguments;
use sqlx::query::QueryScalar;
use sqlx::{PgConnection, Postgres};

use super::lifecycle::{transition, Actor, CaseState, Event, Status, Transition};
use super::{outgoing, Answer, AnswerMail, CaseError, CaseStore};
use crate::domain::{
    CaseId, EmailAddress, Flag, InboundMessageId, MailKind, OutboxId, ParsedMessage,
    QuarantineReason, Severity, Thread,
};

/// What applying an event did.
#[derive(Clone, Debug)]
pub struct Applied {
    pub from: CaseState,
    pub transition: Transition,
    /// The reply the event queued, if it sends one.
    pub outbox_id: Option<OutboxId>,
}

impl Applied {
    /// A requester's message brought an answered or closed case back to the queue (or to
    /// the consultant who answered it).
    pub fn reopened(&self) -> bool {
        matches!(self.from.status, Status::Answered | Status::Closed)
            && matches!(self.transition.status, Status::Open | Status::Claimed)
    }
}

pub(crate) async fn audit(
    conn: &mut PgConnection,
    case_id: Option<CaseId>,
    actor: &str,
    action: &str,
    detail: Value,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO audit_log (case_id, actor, action, detail) VALUES ($1, $2, $3, $4)")
        .bind(case_id)
        .bind(actor)
        .bind(action)
        .bind(detail)
        .execute(conn)
        .await?;
    Ok(())
}

/// The case's state, locked for the rest of the transaction.
async fn lock(conn: &mut PgConnection, case: CaseId) -> Result<CaseState, CaseError> {
    state(
        conn,
        case,
        "SELECT status, assignee FROM cases WHERE id = $1 FOR UPDATE",
    )
    .await
}

async fn state(conn: &mut PgConnection, case: CaseId, sql: &str) -> Result<CaseState, CaseError> {
    let row: Option<(Status, Option<String>)> = sqlx::query_as(sql)
        .bind(case)
        .fetch_optional(&mut *conn)
        .await?;
    let (status, holder) = row.ok_or(CaseError::NotFound(case))?;
    Ok(CaseState {
        status,
        holder: holder.as_deref().and_then(EmailAddress::parse),
    })
}

impl CaseStore {
    /// The one place a case's status and holder change. `answer` is the text of the reply
    /// for events that send an answer; `detail` goes into every audit entry written.
    pub(crate) async fn apply(
        &self,
        conn: &mut PgConnection,
        case: CaseId,
        event: &Event,
        actor: &Actor,
        answer: Option<&Answer<'_>>,
        mut detail: Value,
    ) -> Result<Applied, CaseError> {
        let from = lock(conn, case).await?;
        let t = transition(Some(&from), event, actor)
            .map_err(|refusal| CaseError::Refused { case, refusal })?;
        if t.status != from.status || t.holder != from.holder {
            sqlx::query(
                "UPDATE cases SET status = $2, assignee = $3, updated_at = now() WHERE id = $1",
            )
            .bind(case)
            .bind(t.status)
            .bind(t.holder.as_ref().map(EmailAddress::as_str))
            .execute(&mut *conn)
            .await?;
        }
        if let Event::Assign { to } = event {
            detail["from"] = json!(from.holder);
            detail["to"] = json!(to);
        }
        let outbox_id = match t.sends {
            Some(kind) => Some(
                self.send(conn, case, kind, event, actor, answer, &mut detail)
                    .await?,
            ),
            None => None,
        };
        for action in t.audit {
            audit(conn, Some(case), actor.audit_name(), action, detail.clone()).await?;
        }
        Ok(Applied {
            from,
            transition: t,
            outbox_id,
        })
    }

    /// Renders the reply a transition sends and queues it; an answer is also kept as written.
    #[allow(clippy::too_many_arguments)]
    async fn send(
        &self,
        conn: &mut PgConnection,
        case: CaseId,
        kind: MailKind,
        event: &Event,
        actor: &Actor,
        answer: Option<&Answer<'_>>,
        detail: &mut Value,
    ) -> Result<OutboxId, CaseError> {
        let mut thread = thread(conn, case).await?;
        let mail = match (kind, answer, actor, event) {
            (MailKind::Acknowledgement, _, _, _) => self
                .mail
                .acknowledgement(&thread, &super::AckNotes::default())?,
            (MailKind::Answer, Some(answer), Actor::Consultant { email, .. }, _) => {
                if let Some(cc) = answer.cc {
                    thread.cc = self.copied(cc, &thread.requester);
                }
                let token = self.rating_token(conn, case).await?;
                let extras = AnswerMail {
                    correction: *event == Event::Correction,
                    rating_token: &token,
                };
                self.mail.answer(&thread, email, answer, &extras)?
            }
            (MailKind::Answer, _, _, _) => return Err(CaseError::NoAnswerText(case)),
            (MailKind::MergeNotice, _, _, Event::Merge { into }) => {
                self.mail.merge_notice(&thread, *into)?
            }
            (MailKind::MergeNotice, _, _, _) => {
                unreachable!("only a merge sends a merge notice")
            }
        };
        if !mail.cc.is_empty() {
            detail["cc"] = json!(mail.cc);
        }
        let outbox_id = outgoing::enqueue(conn, case, &mail).await?;
        detail["outbox_id"] = json!(outbox_id);
        if let Some(answer) = answer {
            // The files held with this consultant's answer in progress go with this reply.
            let attached = sqlx::query(
                "UPDATE answer_attachments SET outbox_id = $3
                 WHERE case_id = $1 AND consultant = $2 AND outbox_id IS NULL",
            )
            .bind(case)
            .bind(actor.audit_name())
            .bind(outbox_id)
            .execute(&mut *conn)
            .await?
            .rows_affected();
            if attached > 0 {
                detail["attachments"] = json!(attached);
            }
            let answer_id = record_answer(conn, case, actor, answer, outbox_id).await?;
            let codes: Vec<&str> = answer.codes.iter().map(|c| c.code.as_str()).collect();
            detail["answer_id"] = json!(answer_id);
            detail["codes"] = json!(codes);
        }
        Ok(outbox_id)
    }

    /// Claim, release, assign, close or reopen: one transaction with its audit entry.
    pub async fn act(
        &self,
        case: CaseId,
        event: Event,
        actor: &Actor,
    ) -> Result<Applied, CaseError> {
        let mut tx = self.pool.begin().await?;
        let applied = self
            .apply(&mut tx, case, &event, actor, None, json!({}))
            .await?;
        tx.commit().await?;
        Ok(applied)
    }

    /// Records the answer, queues the reply and marks the case answered, all or nothing. An open
    /// case is claimed by answering it; an answer to an answered case is sent as a correction.
    /// An answer whose codes fail their checks (errors, not warnings) is refused unless it
    /// carries an override reason, which the audit entry keeps with the failing codes.
    pub async fn answer(
        &self,
        case: CaseId,
        actor: &Actor,
        answer: &Answer<'_>,
    ) -> Result<Applied, CaseError> {
        let failing: Vec<Flag> = self
            .check_answer(answer)
            .into_iter()
            .filter(|f| f.severity == Severity::Error)
            .collect();
        let reason = answer
            .override_reason
            .map(str::trim)
            .filter(|r| !r.is_empty());
        let detail = match (failing.is_empty(), reason) {
            (true, _) => json!({}),
            (false, None) => return Err(CaseError::AnswerFails { case, failing }),
            (false, Some(reason)) => json!({ "override": reason, "failing": failing }),
        };
        let mut tx = self.pool.begin().await?;
        let event = match lock(&mut tx, case).await?.status {
            Status::Answered => Event::Correction,
            _ => Event::Answer,
        };
        let to = match answer.to {
            Some(to) => {
                correct_address(&mut tx, case, actor, to).await?;
                to.clone()
            }
            None => {
                let requester = thread(&mut tx, case).await?.requester;
                EmailAddress::parse(&requester).ok_or(CaseError::NoRecipient(case))?
            }
        };
        if !self.allowed_recipients.is_empty() {
            let copied = self.copied(answer.cc.unwrap_or_default(), to.as_str());
            let refused = std::iter::once(Some(to.clone()))
                .chain(copied.iter().map(|a| EmailAddress::parse(a)))
                .flatten()
                .find(|a| !a.is_listed(&self.allowed_recipients));
            if let Some(refused) = refused {
                return Err(CaseError::RecipientNotAllowed { case, to: refused });
            }
        }
        let applied = self
            .apply(&mut tx, case, &event, actor, Some(answer), detail)
            .await?;
        sqlx::query("DELETE FROM answer_drafts WHERE case_id = $1 AND consultant = $2")
            .bind(case)
            .bind(actor.audit_name())
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(applied)
    }

    /// An admin deactivated `holder`: every case they hold and have not answered goes back to
    /// the queue, each with its audit entry. Returns those cases.
    pub async fn release_held_by(
        &self,
        holder: &EmailAddress,
        admin: &Actor,
    ) -> Result<Vec<CaseId>, CaseError> {
        let mut tx = self.pool.begin().await?;
        let held: Vec<CaseId> = sqlx::query_scalar(
            "SELECT id FROM cases WHERE assignee = $1 AND status IN ('claimed', 'delivery_failed')
             ORDER BY id",
        )
        .bind(holder.as_str())
        .fetch_all(&mut *tx)
        .await?;
        for &case in &held {
            let detail = json!({ "holder": holder });
            self.apply(
                &mut tx,
                case,
                &Event::HolderDeactivated,
                admin,
                None,
                detail,
            )
            .await?;
        }
        tx.commit().await?;
        Ok(held)
    }

    /// The flags the answer's codes raise, as the send will judge them.
    pub fn check_answer(&self, answer: &Answer<'_>) -> Vec<Flag> {
        self.checks.check(answer)
    }

    /// Who an answer copies when its consultant changed the Cc: each address once, never the
    /// desk's own (the answer would come back as mail) nor the one it is sent to.
    pub(super) fn copied(&self, edited: &[EmailAddress], to: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for a in edited.iter().map(EmailAddress::as_str) {
            let again = a.eq_ignore_ascii_case(to) || out.iter().any(|o| o.eq_ignore_ascii_case(a));
            if !again && !self.mail.is_own_address(a) {
                out.push(a.to_owned());
            }
        }
        out
    }

    /// What `actor` may do with the case now, as the lifecycle says.
    pub async fn actions(
        &self,
        case: CaseId,
        actor: &Actor,
    ) -> Result<(CaseState, Vec<super::Action>), CaseError> {
        let mut conn = self.pool.acquire().await?;
        let state = state(
            &mut conn,
            case,
            "SELECT status, assignee FROM cases WHERE id = $1",
        )
        .await?;
        let actions = super::lifecycle::actions(&state, actor);
        Ok((state, actions))
    }

    /// An admin decides quarantined mail is a real question: it becomes a case. A message the
    /// database once refused is parsed again from its raw bytes with `reparse` and stored whole
    /// first; while what refused it is not mended, the release fails and it stays quarantined.
    pub async fn release_quarantined(
        &self,
        inbound: InboundMessageId,
        actor: &Actor,
        reparse: &(dyn Fn(&[u8]) -> ParsedMessage + Sync),
    ) -> Result<CaseId, CaseError> {
        let t = transition(None, &Event::ReleaseQuarantine, actor).map_err(CaseError::Denied)?;
        let mut tx = self.pool.begin().await?;
        restore_unstored(&mut tx, inbound, reparse).await?;
        let row: Option<QuarantinedHeaders> = sqlx::query_as(
            "SELECT from_addr, from_name, subject, message_id FROM inbound_messages
             WHERE id = $1 AND disposition = 'quarantined' AND quarantine_resolution IS NULL FOR UPDATE",
        )
        .bind(inbound)
        .fetch_optional(&mut *tx)
        .await?;
        let (from, name, subject, message_id) = row.ok_or(CaseError::NotQuarantined(inbound))?;
        let subject = if subject.trim().is_empty() {
            "(no subject)".to_owned()
        } else {
            subject
        };
        let case: CaseId = sqlx::query_scalar(
            "INSERT INTO cases (requester, requester_name, subject, status, assignee, mailbox_id)
             VALUES ($1, $2, $3, $4, $5, (SELECT mailbox_id FROM inbound_messages WHERE id = $6))
             RETURNING id",
        )
        .bind(from.unwrap_or_default())
        .bind(name)
        .bind(subject)
        .bind(t.status)
        .bind(t.holder.as_ref().map(EmailAddress::as_str))
        .bind(inbound)
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query(
            "UPDATE inbound_messages SET quarantine_resolution = 'released', resolved_by = $2,
                    resolved_at = now(), case_id = $3 WHERE id = $1",
        )
        .bind(inbound)
        .bind(actor.audit_name())
        .bind(case)
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE attachments SET case_id = $2 WHERE inbound_message_id = $1")
            .bind(inbound)
            .bind(case)
            .execute(&mut *tx)
            .await?;
        let people: Vec<String> = sqlx::query_scalar(
            "SELECT array_remove(ARRAY[from_addr] || to_addrs || cc_addrs, NULL)
             FROM inbound_messages WHERE id = $1",
        )
        .bind(inbound)
        .fetch_one(&mut *tx)
        .await?;
        self.keep_people(&mut tx, case, &people).await?;
        sqlx::query(
            "INSERT INTO case_messages (case_id, direction, inbound_message_id, message_id)
             VALUES ($1, 'inbound', $2, $3)",
        )
        .bind(case)
        .bind(inbound)
        .bind(message_id)
        .execute(&mut *tx)
        .await?;
        for action in t.audit {
            let detail = json!({ "inbound_message_id": inbound });
            audit(&mut tx, Some(case), actor.audit_name(), action, detail).await?;
        }
        tx.commit().await?;
        Ok(case)
    }
}

/// A reply to a corrected address: the case keeps the new one, and the audit both.
async fn correct_address(
    conn: &mut PgConnection,
    case: CaseId,
    actor: &Actor,
    to: &EmailAddress,
) -> Result<(), CaseError> {
    let before: Option<String> = sqlx::query_scalar("SELECT requester FROM cases WHERE id = $1")
        .bind(case)
        .fetch_optional(&mut *conn)
        .await?;
    let before = before.ok_or(CaseError::NotFound(case))?;
    if before.eq_ignore_ascii_case(to.as_str()) {
        return Ok(());
    }
    sqlx::query("UPDATE cases SET requester = $2 WHERE id = $1")
        .bind(case)
        .bind(to.as_str())
        .execute(&mut *conn)
        .await?;
    let detail = json!({ "from": before, "to": to });
    audit(
        conn,
        Some(case),
        actor.audit_name(),
        "address_corrected",
        detail,
    )
    .await?;
    Ok(())
}

/// From, its display name, subject and Message-ID of a quarantined message.
type QuarantinedHeaders = (Option<String>, Option<String>, String, Option<String>);

async fn record_answer(
    conn: &mut PgConnection,
    case: CaseId,
    actor: &Actor,
    answer: &Answer<'_>,
    outbox_id: OutboxId,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO answers (case_id, consultant, body, codes, outbox_id)
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(case)
    .bind(actor.audit_name())
    .bind(answer.body)
    .bind(json!(answer.codes))
    .bind(outbox_id)
    .fetch_one(conn)
    .await
}

/// The case's thread as a reply needs it: every Message-ID in order, and the newest inbound
/// message to reply to.
pub(crate) async fn thread(conn: &mut PgConnection, case: CaseId) -> Result<Thread, CaseError> {
    let row: Option<(String, String, Option<String>, Vec<String>)> = sqlx::query_as(
        "SELECT subject, requester, requester_name, cc_addrs FROM cases WHERE id = $1",
    )
    .bind(case)
    .fetch_optional(&mut *conn)
    .await?;
    let (subject, requester, requester_name, cc) = row.ok_or(CaseError::NotFound(case))?;
    let members: Vec<(String, String)> = sqlx::query_as(
        "SELECT direction, message_id FROM case_messages
         WHERE case_id = $1 AND message_id IS NOT NULL ORDER BY id",
    )
    .bind(case)
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
        cc,
        message_ids: members.into_iter().map(|(_, id)| id).collect(),
        reply_to_id,
    })
}

/// Before a refused message is released: parses its raw bytes again and stores what the first
/// attempt could not (threading ids, addresses, text, attachments). Any other message is left
/// as it is.
pub(crate) async fn restore_unstored(
    conn: &mut PgConnection,
    inbound: InboundMessageId,
    reparse: &(dyn Fn(&[u8]) -> ParsedMessage + Sync),
) -> Result<(), CaseError> {
    let raw: Option<Vec<u8>> = sqlx::query_scalar(
        "SELECT raw FROM inbound_messages
         WHERE id = $1 AND quarantine_reason = $2 AND quarantine_resolution IS NULL FOR UPDATE",
    )
    .bind(inbound)
    .bind(QuarantineReason::StoreFailed.as_str())
    .fetch_optional(&mut *conn)
    .await?;
    let Some(raw) = raw else {
        return Ok(());
    };
    let msg = reparse(&raw);
    let sql = "UPDATE inbound_messages SET message_id = $1, in_reply_to = $2, references_ids = $3,
                   from_addr = $4, from_name = $5, reply_to = $6, to_addrs = $7, cc_addrs = $8,
                   subject = $9, sent_at = $10, body_text = $11, question_text = $12
               WHERE id = $13 RETURNING id";
    bind_parsed(sqlx::query_scalar::<_, i64>(sql), &msg)
        .bind(inbound)
        .fetch_one(&mut *conn)
        .await?;
    insert_attachments(conn, &msg, inbound, None).await?;
    Ok(())
}

/// What a message's parse gives its row, bound in this order: Message-ID, In-Reply-To,
/// References, From, its name, Reply-To, To, Cc, subject, date, text, question.
pub(crate) fn bind_parsed<'q, O>(
    query: QueryScalar<'q, Postgres, O, PgArguments>,
    msg: &'q ParsedMessage,
) -> QueryScalar<'q, Postgres, O, PgArguments> {
    query
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
}

pub(crate) async fn insert_attachments(
    conn: &mut PgConnection,
    msg: &ParsedMessage,
    inbound_id: InboundMessageId,
    case_id: Option<CaseId>,
) -> Result<(), sqlx::Error> {
    for a in &msg.attachments {
        sqlx::query(
            "INSERT INTO attachments
                (inbound_message_id, case_id, filename, content_type, size, content, sha256, dropped)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(inbound_id)
        .bind(case_id)
        .bind(&a.filename)
        .bind(&a.content_type)
        .bind(a.size as i64)
        .bind(a.content.as_deref())
        .bind(&a.sha256[..])
        .bind(a.dropped())
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}
