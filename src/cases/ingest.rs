//! Inbound messages into the store, in one transaction with the mailbox cursor.
//!
//! A backlog is committed in batches; what can be asked of the database once per batch
//! (already stored? duplicate? acknowledgements sent this hour?) is, and the common path, a new
//! question, writes its case, message, thread entry and audit entry in one statement.

use std::collections::{HashMap, HashSet};

use serde_json::json;
use sqlx::postgres::PgArguments;
use sqlx::query::QueryScalar;
use sqlx::Postgres;

mod bulk;

use super::follow_up::only_thanks;
use super::lifecycle::{transition, Actor, Event, FollowUp, Transition};
use super::membership::{may_join, Member};
use super::store::{audit, bind_parsed, insert_attachments};
use super::{outgoing, CaseError, CaseStore};
use crate::domain::{
    CaseId, EmailAddress, InboundMessageId, MailKind, MailboxKey, OutgoingMail, ParsedMessage,
    QuarantineReason, Thread,
};

#[derive(Clone, Copy)]
pub struct IngestInput<'a> {
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

impl CaseStore {
    /// Stores the raw message and its parse, creates or extends the case and advances the
    /// mailbox cursor, all or nothing. Calling it again for the same UID is a no-op.
    pub async fn ingest(&self, input: IngestInput<'_>) -> Result<IngestOutcome, CaseError> {
        Ok(self.ingest_batch(std::slice::from_ref(&input)).await?[0])
    }

    /// `ingest` for messages of one mailbox fetched together, in one transaction: nothing of
    /// the batch is stored unless all of it is, and the server is told nothing before the
    /// commit.
    pub async fn ingest_batch(
        &self,
        inputs: &[IngestInput<'_>],
    ) -> Result<Vec<IngestOutcome>, CaseError> {
        let Some(first) = inputs.first() else {
            return Ok(Vec::new());
        };
        debug_assert!(
            inputs.iter().all(|i| i.key == first.key),
            "one mailbox and UIDVALIDITY per batch"
        );
        let mut tx = self.pool.begin().await?;
        let stored = already_stored(&mut tx, first.key, inputs).await?;
        let mut seen = Seen::load(&mut tx, first.key.mailbox_id, inputs).await?;
        let mut acks = AckCounts::load(&mut tx, inputs).await?;
        let mut outcomes = vec![IngestOutcome::AlreadyStored; inputs.len()];
        let mut questions = bulk::NewQuestions::new()?;
        for (index, input) in inputs.iter().enumerate() {
            if stored.contains(&input.uid) {
                continue;
            }
            if questions.takes(input, &seen) {
                questions.push(index, input, &mut acks, self.acks_per_sender_per_hour);
                continue;
            }
            // What comes next may thread onto, or repeat, a question waiting to be written.
            self.write_new_questions(&mut tx, inputs, &mut questions, &mut seen, &mut outcomes)
                .await?;
            outcomes[index] = self
                .ingest_one(&mut tx, input, &mut seen, &mut acks)
                .await?;
        }
        self.write_new_questions(&mut tx, inputs, &mut questions, &mut seen, &mut outcomes)
            .await?;
        let last_uid = inputs.iter().map(|i| i.uid).max().unwrap_or(0);
        sqlx::query("UPDATE mailboxes SET last_uid = GREATEST(last_uid, $2) WHERE id = $1")
            .bind(first.key.mailbox_id)
            .bind(i64::from(last_uid))
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(outcomes)
    }
}

type Tx = sqlx::Transaction<'static, sqlx::Postgres>;

async fn already_stored(
    tx: &mut Tx,
    key: MailboxKey,
    inputs: &[IngestInput<'_>],
) -> Result<HashSet<u32>, sqlx::Error> {
    let uids: Vec<i64> = inputs.iter().map(|i| i64::from(i.uid)).collect();
    let found: Vec<i64> = sqlx::query_scalar(
        "SELECT uid FROM inbound_messages WHERE mailbox_id = $1 AND uidvalidity = $2 AND uid = ANY($3)",
    )
    .bind(key.mailbox_id)
    .bind(i64::from(key.uidvalidity))
    .bind(&uids)
    .fetch_all(&mut **tx)
    .await?;
    Ok(found
        .into_iter()
        .filter_map(|u| u32::try_from(u).ok())
        .collect())
}

/// Messages already stored, by Message-ID plus content hash: the same message delivered twice
/// (or again after a UIDVALIDITY change) is a duplicate; a Message-ID alone proves nothing.
struct Seen(HashMap<(Option<String>, [u8; 32]), Option<CaseId>>);

impl Seen {
    async fn load(
        tx: &mut Tx,
        mailbox_id: i64,
        inputs: &[IngestInput<'_>],
    ) -> Result<Self, sqlx::Error> {
        let hashes: Vec<Vec<u8>> = inputs
            .iter()
            .map(|i| i.parsed.content_sha256.to_vec())
            .collect();
        let rows: Vec<(Option<String>, Vec<u8>, Option<i64>)> = sqlx::query_as(
            "SELECT DISTINCT ON (message_id, content_sha256) message_id, content_sha256, case_id
             FROM inbound_messages WHERE mailbox_id = $1 AND content_sha256 = ANY($2)
             ORDER BY message_id, content_sha256, id",
        )
        .bind(mailbox_id)
        .bind(&hashes)
        .fetch_all(&mut **tx)
        .await?;
        Ok(Seen(
            rows.into_iter()
                .filter_map(|(id, sha, case)| {
                    Some(((id, <[u8; 32]>::try_from(sha).ok()?), case.map(CaseId)))
                })
                .collect(),
        ))
    }

    fn original(&self, msg: &ParsedMessage) -> Option<Option<CaseId>> {
        self.0
            .get(&(msg.message_id.clone(), msg.content_sha256))
            .copied()
    }

    fn remember(&mut self, msg: &ParsedMessage, case: Option<CaseId>) {
        self.0
            .entry((msg.message_id.clone(), msg.content_sha256))
            .or_insert(case);
    }
}

/// Acknowledgements queued to each sender in the last hour, kept current through the batch.
struct AckCounts(HashMap<String, i64>);

impl AckCounts {
    async fn load(tx: &mut Tx, inputs: &[IngestInput<'_>]) -> Result<Self, sqlx::Error> {
        let senders: Vec<String> = inputs
            .iter()
            .filter_map(|i| ack_recipient(i.parsed))
            .collect();
        let rows: Vec<(String, i64)> = sqlx::query_as(
            "SELECT to_addr, count(*) FROM outbox
             WHERE kind = 'acknowledgement' AND to_addr = ANY($1) AND created_at > now() - interval '1 hour'
             GROUP BY to_addr",
        )
        .bind(&senders)
        .fetch_all(&mut **tx)
        .await?;
        Ok(AckCounts(rows.into_iter().collect()))
    }
}

/// Where a consultant's answer goes: the Reply-To, as a mail client replies.
fn requester(msg: &ParsedMessage) -> Option<String> {
    msg.reply_to
        .as_ref()
        .or(msg.from.as_ref())
        .map(|a| a.as_str().to_owned())
}

/// Where an automatic reply goes: the envelope sender (`Return-Path`), or the From address when
/// the server recorded none, never the Reply-To (RFC 3834 §4), so nobody can aim the desk's
/// acknowledgements at a third party.
fn ack_recipient(msg: &ParsedMessage) -> Option<String> {
    msg.signals
        .return_path
        .as_deref()
        .and_then(EmailAddress::parse)
        .or_else(|| msg.from.clone())
        .map(|a| a.as_str().to_owned())
}

impl CaseStore {
    async fn ingest_one(
        &self,
        tx: &mut Tx,
        input: &IngestInput<'_>,
        seen: &mut Seen,
        acks: &mut AckCounts,
    ) -> Result<IngestOutcome, CaseError> {
        let msg = input.parsed;
        let thread_case = find_thread(tx, msg).await?;
        let joins = match (thread_case, &msg.from) {
            (Some(case_id), Some(sender)) => sender_may_join(tx, case_id, sender).await?,
            _ => false,
        };
        let (outcome, inbound_id) = if let Some(reason) = input.quarantine {
            let outcome = IngestOutcome::Quarantined {
                reason,
                refers_to: thread_case,
            };
            (outcome, insert_inbound(tx, input, outcome).await?)
        } else if let Some(original) = seen.original(msg) {
            let outcome = IngestOutcome::Duplicate(original);
            (outcome, insert_inbound(tx, input, outcome).await?)
        } else if let Some(case_id) = thread_case.filter(|_| joins) {
            self.follow_up(tx, input, case_id).await?
        } else {
            // A stranger naming a case gets a case of their own that links to it.
            self.new_case(tx, input, acks, thread_case).await?
        };
        seen.remember(msg, outcome.case_id());
        record_outcome(tx, input, inbound_id, outcome).await?;
        store_attachments(tx, input, inbound_id, outcome.case_id()).await?;
        Ok(outcome)
    }

    async fn new_case(
        &self,
        tx: &mut Tx,
        input: &IngestInput<'_>,
        acks: &mut AckCounts,
        mentions: Option<CaseId>,
    ) -> Result<(IngestOutcome, InboundMessageId), CaseError> {
        let opened =
            transition(None, &Event::NewQuestion, &Actor::Intake).map_err(CaseError::Denied)?;
        let (thread, inbound_id) = create_case(tx, input, &opened, mentions).await?;
        let people = super::people::of_message(input.parsed);
        self.keep_people(tx, thread.case_id, &people).await?;
        if let Some(named) = mentions {
            let detail = json!({ "case_id": named, "reference": named.reference() });
            audit(
                tx,
                Some(thread.case_id),
                Actor::Intake.audit_name(),
                "mentions_case",
                detail,
            )
            .await?;
        }
        super::duplicates::mark(
            tx,
            thread.case_id,
            &thread.requester,
            &input.parsed.question_text,
        )
        .await?;
        if opened.sends == Some(MailKind::Acknowledgement) {
            self.acknowledge(tx, &thread, acks, input).await?;
        }
        Ok((IngestOutcome::NewCase(thread.case_id), inbound_id))
    }

    /// A requester's message on an existing case: stored, threaded, and the lifecycle decides
    /// whether it reopens the case.
    async fn follow_up(
        &self,
        tx: &mut Tx,
        input: &IngestInput<'_>,
        case_id: CaseId,
    ) -> Result<(IngestOutcome, InboundMessageId), CaseError> {
        let provisional = IngestOutcome::FollowUp {
            case_id,
            reopened: false,
        };
        let inbound_id = insert_inbound(tx, input, provisional).await?;
        let what = follow_up_kind(tx, case_id, &input.parsed.question_text).await?;
        let detail =
            json!({ "inbound_message_id": inbound_id, "thanks": what == FollowUp::Thanks });
        let applied = self
            .apply(
                tx,
                case_id,
                &Event::FollowUp(what),
                &Actor::Intake,
                None,
                detail,
            )
            .await?;
        sqlx::query("UPDATE cases SET last_message_at = now(), updated_at = now() WHERE id = $1")
            .bind(case_id)
            .execute(&mut **tx)
            .await?;
        let people = super::people::of_message(input.parsed);
        self.keep_people(tx, case_id, &people).await?;
        let outcome = IngestOutcome::FollowUp {
            case_id,
            reopened: applied.reopened(),
        };
        Ok((outcome, inbound_id))
    }

    /// Queues the acknowledgement in the same transaction as the new case, unless the sender
    /// already had their hourly share (see [`AckCounts::plan`]).
    async fn acknowledge(
        &self,
        tx: &mut Tx,
        thread: &Thread,
        acks: &mut AckCounts,
        input: &IngestInput<'_>,
    ) -> Result<(), CaseError> {
        match acks.plan(input, self.acks_per_sender_per_hour) {
            AckPlan::Suppress { recent } => {
                let detail = json!({ "recent": recent });
                let intake = Actor::Intake.audit_name();
                let case = Some(thread.case_id);
                audit(tx, case, intake, "acknowledgement_suppressed", detail).await?;
            }
            AckPlan::Send { to, last_this_hour } => {
                let mail = self.acknowledgement(thread, input, to, last_this_hour)?;
                outgoing::enqueue(tx, thread.case_id, &mail).await?;
            }
        }
        Ok(())
    }

    /// The acknowledgement of a new case, to `to`, saying what the desk noticed about the
    /// question (dropped attachments, truncation, the code set's view of its codes).
    fn acknowledgement(
        &self,
        thread: &Thread,
        input: &IngestInput<'_>,
        to: String,
        last_this_hour: Option<u32>,
    ) -> Result<OutgoingMail, CaseError> {
        let notes = super::AckNotes {
            dropped: input
                .parsed
                .attachments
                .iter()
                .filter(|a| a.content.is_none())
                .map(|a| a.filename.clone())
                .collect(),
            truncated: input.truncated,
            last_this_hour,
            checks: if self.instant_checks {
                self.checks
                    .instant(&input.parsed.subject, &input.parsed.question_text)
            } else {
                Vec::new()
            },
        };
        let thread = Thread {
            requester: to,
            ..thread.clone()
        };
        Ok(self.mail.acknowledgement(&thread, &notes)?)
    }
}

/// Whether a new case's acknowledgement goes out, decided in arrival order within a batch.
enum AckPlan {
    /// To this address; the acknowledgement that uses the sender's last one this hour says so.
    Send {
        to: String,
        last_this_hour: Option<u32>,
    },
    /// The sender already had `recent` this hour (a flood of questions, or a loop we failed
    /// to recognise), or has no address to answer.
    Suppress { recent: i64 },
}

impl AckCounts {
    fn plan(&mut self, input: &IngestInput<'_>, limit: u32) -> AckPlan {
        let to = ack_recipient(input.parsed).unwrap_or_default();
        let recent = self.0.entry(to.clone()).or_insert(0);
        if *recent >= i64::from(limit) || to.is_empty() {
            return AckPlan::Suppress { recent: *recent };
        }
        *recent += 1;
        AckPlan::Send {
            to,
            last_this_hour: (*recent == i64::from(limit)).then_some(limit),
        }
    }
}

/// A reply joins the case of any message it names, newest first; failing that, the case
/// whose tag is in the subject (for clients that drop or rewrite the threading headers).
async fn find_thread(tx: &mut Tx, msg: &ParsedMessage) -> Result<Option<CaseId>, sqlx::Error> {
    let mut named: Vec<&str> = msg.in_reply_to.iter().map(String::as_str).collect();
    named.extend(msg.references.iter().rev().map(String::as_str));
    if !named.is_empty() {
        let found: Option<CaseId> = sqlx::query_scalar(
            "SELECT case_id FROM case_messages WHERE message_id = ANY($1)
             ORDER BY array_position($1, message_id), id DESC LIMIT 1",
        )
        .bind(&named)
        .fetch_optional(&mut **tx)
        .await?;
        if found.is_some() {
            return Ok(found);
        }
    }
    let Some(tagged) = crate::domain::case_tag_in_subject(&msg.subject) else {
        return Ok(None);
    };
    // A merged case's tag leads to the case that continues.
    sqlx::query_scalar("SELECT coalesce(merged_into, id) FROM cases WHERE id = $1")
        .bind(tagged)
        .fetch_optional(&mut **tx)
        .await
}

/// What a follow-up says for the lifecycle: only thanks (given the codes the case has seen in
/// its questions' drafts and its answers), or something else, and then whether the case's
/// holder still works at the desk.
async fn follow_up_kind(tx: &mut Tx, case_id: CaseId, text: &str) -> Result<FollowUp, sqlx::Error> {
    let (known, holder_active): (Vec<String>, bool) = sqlx::query_as(
        "SELECT ARRAY(SELECT c->>'code' FROM answers a, jsonb_array_elements(a.codes) c
                      WHERE a.case_id = $1
                      UNION
                      SELECT m->>'code' FROM drafts d,
                             jsonb_array_elements(d.draft->'codes_mentioned') m
                      WHERE d.case_id = $1 AND d.draft IS NOT NULL),
                EXISTS (SELECT 1 FROM cases c JOIN consultants p ON lower(p.email) = lower(c.assignee)
                        WHERE c.id = $1 AND p.active)",
    )
    .bind(case_id)
    .fetch_one(&mut **tx)
    .await?;
    Ok(if only_thanks(text, &known) {
        FollowUp::Thanks
    } else {
        FollowUp::Other { holder_active }
    })
}

/// Whether the sender of a message naming `case_id` is one of the case's people (see
/// [`may_join`]): its requester (the case's reply address, the first message's From and
/// Reply-To), or anyone a message of the case was from, to or copied to.
async fn sender_may_join(
    tx: &mut Tx,
    case_id: CaseId,
    sender: &EmailAddress,
) -> Result<bool, sqlx::Error> {
    let rows: Vec<(bool, String)> = sqlx::query_as(
        "SELECT true, requester FROM cases WHERE id = $1
         UNION
         SELECT i.disposition = 'new_case' OR i.quarantine_resolution IS NOT DISTINCT FROM 'released', a
         FROM inbound_messages i, unnest(ARRAY[i.from_addr, i.reply_to]) AS a
         WHERE i.case_id = $1 AND a IS NOT NULL
           AND (i.disposition IN ('new_case', 'follow_up') OR i.quarantine_resolution = 'released')
         UNION
         SELECT false, a
         FROM inbound_messages i, unnest(i.to_addrs || i.cc_addrs) AS a
         WHERE i.case_id = $1
           AND (i.disposition IN ('new_case', 'follow_up') OR i.quarantine_resolution = 'released')
         UNION
         SELECT false, a FROM outbox o, unnest(o.cc_addrs || o.to_addr) AS a WHERE o.case_id = $1",
    )
    .bind(case_id)
    .fetch_all(&mut **tx)
    .await?;
    let people: Vec<Member<'_>> = rows
        .iter()
        .map(|(requester, addr)| match requester {
            true => Member::Requester(addr),
            false => Member::Recipient(addr),
        })
        .collect();
    Ok(may_join(sender, &people))
}

/// The columns of an inbound message, bound as $1..$22 in this order.
const INBOUND_COLUMNS: &str =
    "mailbox_id, uidvalidity, uid, raw, raw_size, sha256, content_sha256, truncated,
    message_id, in_reply_to, references_ids, from_addr, from_name, reply_to, to_addrs, cc_addrs,
    subject, sent_at, body_text, question_text, disposition, quarantine_reason";

fn bind_inbound<'q, O>(
    query: QueryScalar<'q, Postgres, O, PgArguments>,
    input: &'q IngestInput<'_>,
    disposition: &'static str,
    reason: Option<&'static str>,
) -> QueryScalar<'q, Postgres, O, PgArguments> {
    bind_parsed(bind_raw(query, input), input.parsed)
        .bind(disposition)
        .bind(reason)
}

/// Where a message was fetched and its bytes as fetched, bound in this order: mailbox,
/// UIDVALIDITY, UID, raw bytes, their size, SHA-256, content SHA-256, truncated.
fn bind_raw<'q, O>(
    query: QueryScalar<'q, Postgres, O, PgArguments>,
    input: &'q IngestInput<'_>,
) -> QueryScalar<'q, Postgres, O, PgArguments> {
    query
        .bind(input.key.mailbox_id)
        .bind(i64::from(input.key.uidvalidity))
        .bind(i64::from(input.uid))
        .bind(input.raw)
        .bind(input.raw.len() as i64)
        .bind(&input.parsed.sha256[..])
        .bind(&input.parsed.content_sha256[..])
        .bind(input.truncated)
}

/// Opens the case as the lifecycle's `opened` transition says, with its first message, thread
/// entry and audit entries in one statement, and returns the thread as the acknowledgement
/// needs it and the inbound message's id.
async fn create_case(
    tx: &mut Tx,
    input: &IngestInput<'_>,
    opened: &Transition,
    mentions: Option<CaseId>,
) -> Result<(Thread, InboundMessageId), sqlx::Error> {
    let msg = input.parsed;
    let requester = requester(msg).unwrap_or_default();
    let subject = case_subject(msg);
    let sql = format!(
        "WITH new_case AS (
             INSERT INTO cases (requester, requester_name, subject, status, assignee, mailbox_id,
                                mentions_case_id)
             VALUES ($23, $24, $25, $26, $27, $1, $30) RETURNING id),
         message AS (
             INSERT INTO inbound_messages ({INBOUND_COLUMNS}, case_id)
             SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18,
                    $19, $20, $21, $22, id FROM new_case
             RETURNING id, case_id),
         audited AS (
             INSERT INTO audit_log (case_id, actor, action, detail)
             SELECT case_id, $28, action, jsonb_build_object('inbound_message_id', id)
             FROM message, unnest($29::text[]) AS action),
         threaded AS (
             INSERT INTO case_messages (case_id, direction, inbound_message_id, message_id)
             SELECT case_id, 'inbound', id, $9 FROM message)
         SELECT ARRAY[case_id, id] FROM message"
    );
    let ids: Vec<i64> = bind_inbound(sqlx::query_scalar(&sql), input, "new_case", None)
        .bind(&requester)
        .bind(&msg.from_name)
        .bind(subject)
        .bind(opened.status)
        .bind(opened.holder.as_ref().map(|h| h.as_str()))
        .bind(Actor::Intake.audit_name())
        .bind(opened.audit)
        .bind(mentions)
        .fetch_one(&mut **tx)
        .await?;
    let (case_id, inbound_id) = (CaseId(ids[0]), InboundMessageId(ids[1]));
    Ok((new_thread(case_id, msg), inbound_id))
}

/// A new case's subject: the question's, or a placeholder where it has none.
fn case_subject(msg: &ParsedMessage) -> &str {
    match msg.subject.trim() {
        "" => "(no subject)",
        s => s,
    }
}

/// The thread of a case `msg` opened, as its acknowledgement needs it.
fn new_thread(case_id: CaseId, msg: &ParsedMessage) -> Thread {
    // RFC 5322: a reply's References are its parent's References plus the parent's Message-ID.
    let mut message_ids = msg.references.clone();
    message_ids.extend(msg.message_id.clone());
    Thread {
        case_id,
        subject: case_subject(msg).to_owned(),
        requester: requester(msg).unwrap_or_default(),
        requester_name: msg.from_name.clone(),
        // Acknowledgements copy nobody.
        cc: Vec::new(),
        message_ids,
        reply_to_id: msg.message_id.clone(),
    }
}

async fn insert_inbound(
    tx: &mut Tx,
    input: &IngestInput<'_>,
    outcome: IngestOutcome,
) -> Result<InboundMessageId, sqlx::Error> {
    let (disposition, reason) = match outcome {
        IngestOutcome::NewCase(_) => ("new_case", None),
        IngestOutcome::FollowUp { .. } => ("follow_up", None),
        IngestOutcome::Duplicate(_) => ("duplicate", None),
        IngestOutcome::Quarantined { reason, .. } => ("quarantined", Some(reason.as_str())),
        IngestOutcome::AlreadyStored => unreachable!("checked before any insert"),
    };
    let sql = format!(
        "INSERT INTO inbound_messages ({INBOUND_COLUMNS}, case_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18,
                 $19, $20, $21, $22, $23)
         RETURNING id"
    );
    bind_inbound(sqlx::query_scalar(&sql), input, disposition, reason)
        .bind(outcome.case_id())
        .fetch_one(&mut **tx)
        .await
}

/// Thread entries of follow-ups and audit entries of mail that joins no thread; a new case's
/// statement and the follow-up's transition wrote their own.
async fn record_outcome(
    tx: &mut Tx,
    input: &IngestInput<'_>,
    inbound_id: InboundMessageId,
    outcome: IngestOutcome,
) -> Result<(), sqlx::Error> {
    let detail = json!({ "inbound_message_id": inbound_id });
    let intake = Actor::Intake.audit_name();
    match outcome {
        IngestOutcome::FollowUp { case_id, .. } => {
            sqlx::query(
                "INSERT INTO case_messages (case_id, direction, inbound_message_id, message_id)
                 VALUES ($1, 'inbound', $2, $3)",
            )
            .bind(case_id)
            .bind(inbound_id)
            .bind(&input.parsed.message_id)
            .execute(&mut **tx)
            .await?;
        }
        IngestOutcome::Duplicate(case_id) => {
            audit(tx, case_id, intake, "duplicate_ignored", detail).await?;
        }
        IngestOutcome::Quarantined { reason, refers_to } => {
            let detail = json!({ "inbound_message_id": inbound_id, "reason": reason.as_str() });
            audit(tx, refers_to, intake, "quarantined", detail).await?;
        }
        IngestOutcome::NewCase(_) | IngestOutcome::AlreadyStored => {}
    }
    Ok(())
}

async fn store_attachments(
    tx: &mut Tx,
    input: &IngestInput<'_>,
    inbound_id: InboundMessageId,
    case_id: Option<CaseId>,
) -> Result<(), sqlx::Error> {
    insert_attachments(tx, input.parsed, inbound_id, case_id).await?;
    let dropped = input.parsed.attachments.iter().any(|a| a.dropped());
    if let Some(case_id) = case_id.filter(|_| dropped || input.truncated) {
        sqlx::query(
            "UPDATE cases SET attachments_dropped = attachments_dropped OR $2,
                              truncated = truncated OR $3
             WHERE id = $1",
        )
        .bind(case_id)
        .bind(dropped)
        .bind(input.truncated)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

impl CaseStore {
    /// Sets aside a message the database refused, or that failed again and again, so the next
    /// message goes on: its raw bytes and a few capped headers in quarantine with the error's
    /// kind, in a transaction of its own, and the mailbox cursor past it. Storing it again is a
    /// no-op.
    pub async fn quarantine_unstorable(
        &self,
        input: &IngestInput<'_>,
        detail: &str,
    ) -> Result<(), CaseError> {
        let msg = input.parsed;
        let mut tx = self.pool.begin().await?;
        let sql = "INSERT INTO inbound_messages
                 (mailbox_id, uidvalidity, uid, raw, raw_size, sha256, content_sha256, truncated,
                  from_addr, from_name, subject, disposition, quarantine_reason, quarantine_detail)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'quarantined', $12, $13)
             ON CONFLICT (mailbox_id, uidvalidity, uid) DO NOTHING
             RETURNING id";
        let id: Option<InboundMessageId> = bind_raw(sqlx::query_scalar(sql), input)
            .bind(msg.from.as_ref().map(|a| a.as_str()))
            .bind(
                msg.from_name
                    .as_deref()
                    .map(|n| capped(n, UNSTORED_HEADER_CHARS)),
            )
            .bind(capped(&msg.subject, UNSTORED_HEADER_CHARS))
            .bind(QuarantineReason::StoreFailed.as_str())
            .bind(detail)
            .fetch_optional(&mut *tx)
            .await?;
        if let Some(id) = id {
            let detail = json!({
                "inbound_message_id": id,
                "reason": QuarantineReason::StoreFailed.as_str(),
                "error": detail,
            });
            audit(
                &mut tx,
                None,
                Actor::Intake.audit_name(),
                "quarantined",
                detail,
            )
            .await?;
        }
        sqlx::query("UPDATE mailboxes SET last_uid = GREATEST(last_uid, $2) WHERE id = $1")
            .bind(input.key.mailbox_id)
            .bind(i64::from(input.uid))
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }
}

/// How much of a refused message's From name and subject its quarantine row keeps: enough to
/// recognise it, too little to hit a limit again. The raw bytes keep everything.
const UNSTORED_HEADER_CHARS: usize = 200;

fn capped(s: &str, max: usize) -> &str {
    s.char_indices().nth(max).map_or(s, |(at, _)| &s[..at])
}
