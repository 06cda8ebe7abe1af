//! A batch's plain new questions, written together: a flood of questions costs a few
//! statements per batch instead of a few per message.
//!
//! A question is plain when it names no earlier message or case, repeats nothing already
//! stored, carries no attachment and was not cut short; anything else is written the one-by-one
//! way, after the waiting questions, so it can thread onto them or repeat one of them.

use std::collections::HashSet;

use serde_json::Value;

use super::{
    case_subject, new_thread, requester, AckCounts, AckPlan, IngestInput, IngestOutcome, Seen, Tx,
    INBOUND_COLUMNS,
};
use crate::cases::duplicates;
use crate::cases::lifecycle::{transition, Actor, Event, Transition};
use crate::cases::{CaseError, CaseStore};
use crate::domain::{CaseId, MailKind, OutgoingMail, ParsedMessage};

/// Plain new questions waiting to be written, in arrival order.
pub(super) struct NewQuestions {
    opened: Transition,
    waiting: Vec<Waiting>,
    /// Message-ID and content hash of each waiting question: a copy of one is not plain.
    keys: HashSet<(Option<String>, [u8; 32])>,
}

struct Waiting {
    /// Its place in the batch.
    index: usize,
    ack: Option<AckPlan>,
}

fn key(msg: &ParsedMessage) -> (Option<String>, [u8; 32]) {
    (msg.message_id.clone(), msg.content_sha256)
}

impl NewQuestions {
    pub(super) fn new() -> Result<Self, CaseError> {
        let opened =
            transition(None, &Event::NewQuestion, &Actor::Intake).map_err(CaseError::Denied)?;
        Ok(Self {
            opened,
            waiting: Vec::new(),
            keys: HashSet::new(),
        })
    }

    /// Whether `input` opens a case without needing anything the one-by-one path reads.
    pub(super) fn takes(&self, input: &IngestInput<'_>, seen: &Seen) -> bool {
        let msg = input.parsed;
        input.quarantine.is_none()
            && !input.truncated
            && msg.attachments.is_empty()
            && msg.in_reply_to.is_empty()
            && msg.references.is_empty()
            && crate::domain::case_tag_in_subject(&msg.subject).is_none()
            && seen.original(msg).is_none()
            && !self.keys.contains(&key(msg))
    }

    /// Adds a plain question; its acknowledgement is decided now, in arrival order.
    pub(super) fn push(
        &mut self,
        index: usize,
        input: &IngestInput<'_>,
        acks: &mut AckCounts,
        acks_per_hour: u32,
    ) {
        let ack = (self.opened.sends == Some(MailKind::Acknowledgement))
            .then(|| acks.plan(input, acks_per_hour));
        self.keys.insert(key(input.parsed));
        self.waiting.push(Waiting { index, ack });
    }
}

/// The rows of the waiting questions, one array per column.
#[derive(Default)]
struct Rows<'a> {
    case_id: Vec<i64>,
    uid: Vec<i64>,
    raw: Vec<&'a [u8]>,
    sha256: Vec<&'a [u8]>,
    content_sha256: Vec<&'a [u8]>,
    message_id: Vec<Option<&'a str>>,
    from_addr: Vec<Option<&'a str>>,
    from_name: Vec<Option<&'a str>>,
    reply_to: Vec<Option<&'a str>>,
    requester: Vec<String>,
    to_addrs: Vec<Value>,
    cc_addrs: Vec<Value>,
    subject: Vec<&'a str>,
    sent_at: Vec<Option<chrono::DateTime<chrono::Utc>>>,
    body_text: Vec<&'a str>,
    question_text: Vec<&'a str>,
    case_subject: Vec<&'a str>,
}

impl<'a> Rows<'a> {
    fn push(&mut self, case: CaseId, input: &IngestInput<'a>) {
        let msg = input.parsed;
        self.case_id.push(case.0);
        self.uid.push(i64::from(input.uid));
        self.raw.push(input.raw);
        self.sha256.push(&msg.sha256);
        self.content_sha256.push(&msg.content_sha256);
        self.message_id.push(msg.message_id.as_deref());
        self.from_addr.push(msg.from.as_ref().map(|a| a.as_str()));
        self.from_name.push(msg.from_name.as_deref());
        self.reply_to
            .push(msg.reply_to.as_ref().map(|a| a.as_str()));
        self.requester.push(requester(msg).unwrap_or_default());
        self.to_addrs.push(Value::from(msg.to.clone()));
        self.cc_addrs.push(Value::from(msg.cc.clone()));
        self.subject.push(&msg.subject);
        self.sent_at.push(msg.date);
        self.body_text.push(&msg.body_text);
        self.question_text.push(&msg.question_text);
        self.case_subject.push(case_subject(msg));
    }
}

/// The acknowledgements of the waiting questions, one array per column.
#[derive(Default)]
struct Acks {
    case_id: Vec<i64>,
    message_id: Vec<String>,
    to_addr: Vec<String>,
    subject: Vec<String>,
    in_reply_to: Vec<Option<String>>,
    references: Vec<Value>,
    body_text: Vec<String>,
    body_html: Vec<String>,
    auto_submitted: Vec<bool>,
    cc_addrs: Vec<Value>,
    /// Cases whose acknowledgement was held back, and how many their sender had this hour.
    suppressed_case: Vec<i64>,
    suppressed_detail: Vec<Value>,
}

impl Acks {
    fn push(&mut self, case: CaseId, mail: OutgoingMail) {
        self.case_id.push(case.0);
        self.message_id.push(mail.message_id);
        self.to_addr.push(mail.to);
        self.subject.push(mail.subject);
        self.in_reply_to.push(mail.in_reply_to);
        self.references.push(Value::from(mail.references));
        self.body_text.push(mail.text);
        self.body_html.push(mail.html);
        self.auto_submitted.push(mail.auto_submitted);
        self.cc_addrs.push(Value::from(mail.cc));
    }

    fn suppressed(&mut self, case: CaseId, recent: i64) {
        self.suppressed_case.push(case.0);
        self.suppressed_detail
            .push(serde_json::json!({ "recent": recent }));
    }
}

impl CaseStore {
    /// Writes the waiting questions: their case numbers in one statement, then cases, messages,
    /// thread entries, audit entries and acknowledgements in another, then their Cc in one
    /// statement and repeated questions (among them and their senders' recent cases) in one more.
    pub(super) async fn write_new_questions(
        &self,
        tx: &mut Tx,
        inputs: &[IngestInput<'_>],
        questions: &mut NewQuestions,
        seen: &mut Seen,
        outcomes: &mut [IngestOutcome],
    ) -> Result<(), CaseError> {
        if questions.waiting.is_empty() {
            return Ok(());
        }
        let waiting = std::mem::take(&mut questions.waiting);
        questions.keys.clear();
        let cases = case_numbers(tx, waiting.len()).await?;
        let mut rows = Rows::default();
        let mut acks = Acks::default();
        for (w, &case) in waiting.iter().zip(&cases) {
            let input = &inputs[w.index];
            rows.push(case, input);
            match &w.ack {
                Some(AckPlan::Send { to, last_this_hour }) => {
                    let thread = new_thread(case, input.parsed);
                    let mail = self.acknowledgement(&thread, input, to.clone(), *last_this_hour)?;
                    acks.push(case, mail);
                }
                Some(AckPlan::Suppress { recent }) => acks.suppressed(case, *recent),
                None => {}
            }
        }
        insert(tx, inputs[0].key, &questions.opened, &rows, &acks).await?;
        let people: Vec<Vec<String>> = waiting
            .iter()
            .zip(&rows.requester)
            .map(|(w, requester)| copied(inputs[w.index].parsed, requester))
            .collect();
        let of_case: Vec<(CaseId, &[String])> = cases
            .iter()
            .zip(&people)
            .map(|(&case, people)| (case, people.as_slice()))
            .collect();
        self.keep_people_of(tx, &of_case).await?;
        for (w, &case) in waiting.iter().zip(&cases) {
            seen.remember(inputs[w.index].parsed, Some(case));
            outcomes[w.index] = IngestOutcome::NewCase(case);
        }
        mark_repeats(tx, &cases, &rows).await?;
        Ok(())
    }
}

/// The people a new question copies: a new case's requester and the sender of its question are
/// never its Cc, so only its other recipients can be.
fn copied(msg: &ParsedMessage, requester: &str) -> Vec<String> {
    let sender = msg.from.as_ref().map(|a| a.as_str()).unwrap_or_default();
    crate::cases::people::of_message(msg)
        .into_iter()
        .filter(|a| !a.eq_ignore_ascii_case(sender) && !a.eq_ignore_ascii_case(requester))
        .collect()
}

/// Case numbers for `n` new cases, in arrival order.
async fn case_numbers(tx: &mut Tx, n: usize) -> Result<Vec<CaseId>, sqlx::Error> {
    let mut ids: Vec<i64> = sqlx::query_scalar(
        "SELECT nextval(pg_get_serial_sequence('cases', 'id')) FROM generate_series(1, $1)",
    )
    .bind(n as i64)
    .fetch_all(&mut **tx)
    .await?;
    ids.sort_unstable();
    Ok(ids.into_iter().map(CaseId).collect())
}

async fn insert(
    tx: &mut Tx,
    key: crate::domain::MailboxKey,
    opened: &Transition,
    rows: &Rows<'_>,
    acks: &Acks,
) -> Result<(), sqlx::Error> {
    // Thread and audit entries are inserted in one statement each, ordered, so a case's
    // question comes before its acknowledgement whatever order the CTEs run in.
    let sql = format!(
        "WITH input AS (
             SELECT * FROM unnest($3::bigint[], $4::bigint[], $5::bytea[], $6::bytea[],
                                  $7::bytea[], $8::text[], $9::text[], $10::text[], $11::text[],
                                  $12::text[], $13::jsonb[], $14::jsonb[], $15::text[],
                                  $16::timestamptz[], $17::text[], $18::text[], $19::text[])
                 AS m(case_id, uid, raw, sha256, content_sha256, message_id, from_addr,
                      from_name, reply_to, requester, to_addrs, cc_addrs, subject, sent_at,
                      body_text, question_text, case_subject)),
         new_cases AS (
             INSERT INTO cases (id, requester, requester_name, subject, status, assignee, mailbox_id)
             OVERRIDING SYSTEM VALUE
             SELECT case_id, requester, from_name, case_subject, $20, $21, $1 FROM input),
         message AS (
             INSERT INTO inbound_messages ({INBOUND_COLUMNS}, case_id)
             SELECT $1, $2, uid, raw, length(raw), sha256, content_sha256, false, message_id,
                    '{{}}', '{{}}', from_addr, from_name, reply_to,
                    ARRAY(SELECT jsonb_array_elements_text(to_addrs)),
                    ARRAY(SELECT jsonb_array_elements_text(cc_addrs)),
                    subject, sent_at, body_text, question_text, 'new_case', NULL, case_id
             FROM input ORDER BY case_id
             RETURNING id, case_id, message_id),
         acks AS (
             INSERT INTO outbox (case_id, kind, message_id, to_addr, subject, in_reply_to,
                                 references_ids, body_text, body_html, auto_submitted, cc_addrs)
             SELECT case_id, $24, message_id, to_addr, subject, in_reply_to,
                    ARRAY(SELECT jsonb_array_elements_text(refs)), body_text, body_html,
                    auto_submitted, ARRAY(SELECT jsonb_array_elements_text(cc))
             FROM unnest($25::bigint[], $26::text[], $27::text[], $28::text[], $29::text[],
                         $30::jsonb[], $31::text[], $32::text[], $33::bool[], $34::jsonb[])
                 AS a(case_id, message_id, to_addr, subject, in_reply_to, refs, body_text,
                      body_html, auto_submitted, cc)
             ORDER BY case_id
             RETURNING case_id, message_id),
         threaded AS (
             INSERT INTO case_messages (case_id, direction, inbound_message_id, message_id)
             SELECT case_id, direction, inbound_id, message_id FROM (
                 SELECT case_id, 'inbound' AS direction, id AS inbound_id, message_id, 0 AS turn
                 FROM message
                 UNION ALL
                 SELECT case_id, 'outbound', NULL, message_id, 1 FROM acks) t
             ORDER BY case_id, turn),
         audited AS (
             INSERT INTO audit_log (case_id, actor, action, detail)
             SELECT case_id, $22, action, detail FROM (
                 SELECT case_id, action, jsonb_build_object('inbound_message_id', id) AS detail,
                        0 AS turn, n
                 FROM message, unnest($23::text[]) WITH ORDINALITY AS a(action, n)
                 UNION ALL
                 SELECT case_id, 'acknowledgement_suppressed', detail, 1, 0
                 FROM unnest($35::bigint[], $36::jsonb[]) AS s(case_id, detail)) t
             ORDER BY case_id, turn, n)
         SELECT count(*) FROM message"
    );
    sqlx::query_scalar::<_, i64>(&sql)
        .bind(key.mailbox_id)
        .bind(i64::from(key.uidvalidity))
        .bind(&rows.case_id)
        .bind(&rows.uid)
        .bind(&rows.raw)
        .bind(&rows.sha256)
        .bind(&rows.content_sha256)
        .bind(&rows.message_id)
        .bind(&rows.from_addr)
        .bind(&rows.from_name)
        .bind(&rows.reply_to)
        .bind(&rows.requester)
        .bind(&rows.to_addrs)
        .bind(&rows.cc_addrs)
        .bind(&rows.subject)
        .bind(&rows.sent_at)
        .bind(&rows.body_text)
        .bind(&rows.question_text)
        .bind(&rows.case_subject)
        .bind(opened.status)
        .bind(opened.holder.as_ref().map(|h| h.as_str()))
        .bind(Actor::Intake.audit_name())
        .bind(opened.audit)
        .bind(MailKind::Acknowledgement.as_str())
        .bind(&acks.case_id)
        .bind(&acks.message_id)
        .bind(&acks.to_addr)
        .bind(&acks.subject)
        .bind(&acks.in_reply_to)
        .bind(&acks.references)
        .bind(&acks.body_text)
        .bind(&acks.body_html)
        .bind(&acks.auto_submitted)
        .bind(&acks.cc_addrs)
        .bind(&acks.suppressed_case)
        .bind(&acks.suppressed_detail)
        .fetch_one(&mut **tx)
        .await?;
    Ok(())
}

/// Marks each new case that repeats an earlier question of its sender (one of this batch's,
/// or a recent case's) as a possible duplicate.
async fn mark_repeats(tx: &mut Tx, cases: &[CaseId], rows: &Rows<'_>) -> Result<(), sqlx::Error> {
    let mut recent = duplicates::recent_of(tx, &rows.requester, cases).await?;
    recent.extend(
        cases
            .iter()
            .zip(&rows.requester)
            .zip(&rows.question_text)
            .map(|((&case, requester), question)| {
                duplicates::RecentQuestion::new(case, requester, question)
            }),
    );
    // Newest first, as `earlier_match` expects.
    recent.sort_unstable_by_key(|r| std::cmp::Reverse(r.case()));
    for ((&case, requester), question) in cases.iter().zip(&rows.requester).zip(&rows.question_text)
    {
        if let Some(original) = duplicates::earlier_match(&recent, case, requester, question) {
            duplicates::record(tx, case, original).await?;
        }
    }
    Ok(())
}
