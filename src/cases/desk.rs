//! What the consultants' web desk reads and writes beyond the lifecycle: the queue, internal
//! notes, attachments, who viewed what, and quarantined mail.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::PgPool;

use super::query::{Page, PAGE_SIZE};
use super::store::audit;
use super::{Answer, AnswerMail, CaseError, CaseStore, Status};
use crate::domain::{
    CaseId, EmailAddress, InboundMessageId, OutgoingMail, RecommendedCode, Thread,
};

#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct QueueRow {
    pub id: CaseId,
    pub reference: String,
    pub status: Status,
    pub requester: String,
    pub subject: String,
    pub assignee: Option<String>,
    pub created_at: DateTime<Utc>,
    pub due_at: DateTime<Utc>,
    pub overdue: bool,
    /// The mailbox the question arrived in.
    pub mailbox: Option<String>,
    /// The newest message from outside, or the case's start.
    pub last_activity_at: DateTime<Utc>,
    /// The question's first words, on one line.
    pub snippet: String,
    /// A message came after the holder last looked at the case.
    pub new_reply: bool,
}

/// Which cases the queue takes before its filters.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum View<'a> {
    /// Every case waiting for a consultant: open, claimed, and answers the recipient's server
    /// refused.
    #[default]
    Waiting,
    /// Waiting cases held by this consultant.
    Mine(&'a str),
    /// Waiting cases nobody holds.
    Unassigned,
}

/// The queue's order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Sort {
    /// Soonest due first (the last message plus the promised response time).
    #[default]
    Due,
    /// Newest question first.
    Received,
    /// Most recent message first.
    Activity,
}

/// Which cases the queue shows; the default: every case waiting for a consultant.
#[derive(Clone, Copy, Debug, Default)]
pub struct QueueFilter<'a> {
    pub view: View<'a>,
    /// A status instead of the view's "waiting".
    pub status: Option<Status>,
    pub assignee: Option<&'a str>,
    /// Part of the requester's address or name.
    pub requester: Option<&'a str>,
    pub mailbox: Option<&'a str>,
    pub sort: Sort,
}

/// The statuses of cases waiting for a consultant, as the queue's indexes are made for them.
const WAITING: &str = "c.status IN ('open', 'claimed', 'delivery_failed')";

/// Cases in the filter's order (refused deliveries first), a page at a time. The statement
/// names only the filters in use and orders by stored columns, so the queue's indexes serve
/// it whatever the number of cases; the page's cases are chosen first, so each message read
/// (snippet, newest message) is for a case on the page, not for the pages before it.
pub async fn queue(
    pool: &PgPool,
    filter: QueueFilter<'_>,
    page: u32,
) -> Result<Page<QueueRow>, CaseError> {
    let page = page.max(1);
    let order = match filter.sort {
        Sort::Due => " ORDER BY c.status = 'delivery_failed' DESC, c.due_at, c.id",
        Sort::Received => {
            " ORDER BY c.status = 'delivery_failed' DESC, c.created_at DESC, c.id DESC"
        }
        Sort::Activity => {
            " ORDER BY c.status = 'delivery_failed' DESC, c.last_message_at DESC, c.id DESC"
        }
    };
    let mut q = sqlx::QueryBuilder::new(
        "SELECT c.id, c.reference, c.status, c.requester, c.subject, c.assignee, c.created_at,
                c.due_at, c.status IN ('open', 'claimed', 'delivery_failed') AND c.due_at < now() AS overdue,
                m.name AS mailbox,
                coalesce(latest.received_at, c.created_at) AS last_activity_at,
                left(regexp_replace(coalesce(first_q.question_text, ''), '[[:space:]]+', ' ', 'g'), 140)
                    AS snippet,
                c.assignee IS NOT NULL AND latest.received_at > coalesce(
                    (SELECT l.looked_at FROM case_looks l
                     WHERE l.case_id = c.id AND l.consultant = c.assignee),
                    '-infinity') AS new_reply
         FROM (SELECT c.* FROM cases c LEFT JOIN mailboxes m ON m.id = c.mailbox_id
               WHERE ",
    );
    match filter.status {
        Some(status) => q.push("c.status = ").push_bind(status),
        None => q.push(WAITING),
    };
    if let View::Mine(me) = filter.view {
        q.push(" AND c.assignee = ").push_bind(me);
    }
    if let Some(holder) = filter.assignee {
        q.push(" AND c.assignee = ").push_bind(holder);
    }
    if filter.view == View::Unassigned {
        q.push(" AND c.assignee IS NULL");
    }
    if let Some(mailbox) = filter.mailbox {
        q.push(" AND m.name = ").push_bind(mailbox);
    }
    if let Some(requester) = filter.requester {
        q.push(" AND strpos(lower(c.requester || ' ' || coalesce(c.requester_name, '')), lower(")
            .push_bind(requester)
            .push(")) > 0");
    }
    q.push(order)
        .push(" LIMIT ")
        .push_bind(i64::from(PAGE_SIZE) + 1)
        .push(" OFFSET ")
        .push_bind(i64::from(page - 1) * i64::from(PAGE_SIZE));
    q.push(
        ") c LEFT JOIN mailboxes m ON m.id = c.mailbox_id
         LEFT JOIN LATERAL (SELECT max(i.received_at) AS received_at FROM inbound_messages i
                            WHERE i.case_id = c.id) latest ON true
         LEFT JOIN LATERAL (SELECT i.question_text FROM inbound_messages i
                            WHERE i.case_id = c.id ORDER BY i.id LIMIT 1) first_q ON true",
    )
    .push(order);
    let rows = q.build_query_as().fetch_all(pool).await?;
    Ok(Page::of(rows, page, PAGE_SIZE))
}

/// Writes the configured response promise; every case's due time follows a changed one.
pub async fn keep_response_promise(pool: &PgPool, hours: u32) -> Result<(), CaseError> {
    sqlx::query("UPDATE response_promise SET hours = $1 WHERE id = 1 AND hours <> $1")
        .bind(i32::try_from(hours).unwrap_or(i32::MAX))
        .execute(pool)
        .await?;
    Ok(())
}

/// Another case of the same requester, for the case page.
#[derive(Clone, Debug, Deserialize)]
pub struct OtherCase {
    pub id: CaseId,
    pub reference: String,
    pub status: Status,
    pub subject: String,
    pub created_at: DateTime<Utc>,
}

/// One consultant's answer in progress on a case ($1 the case, $2 the consultant).
const DRAFT_OF: &str = "SELECT body, codes, updated_at, cc FROM answer_drafts
                        WHERE case_id = $1 AND consultant = $2";
/// A case's notes, oldest first ($1 the case).
const NOTES_OF: &str =
    "SELECT author, body, created_at FROM case_notes WHERE case_id = $1 ORDER BY id";
/// The files of one consultant's answer in progress ($1 the case, $2 the consultant).
const PENDING_OF: &str = "SELECT id, filename, content_type, size FROM answer_attachments
                          WHERE case_id = $1 AND consultant = $2 AND outbox_id IS NULL
                          ORDER BY id";

/// What the case page shows of one consultant's work on a case and around it.
pub struct Workbench {
    pub draft: Option<AnswerDraft>,
    pub notes: Vec<Note>,
    /// Files held for their answer in progress.
    pub attached: Vec<PendingAttachment>,
    /// The saved responses they may use.
    pub responses: Vec<SavedResponse>,
    /// The requester's other cases, newest first, at most `other_cases` of them.
    pub requester_cases: Vec<OtherCase>,
}

/// What opening the case page records besides reading it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Opening {
    /// The page shown again after one of its forms: nothing new was looked at.
    Redisplay,
    /// A look, behind the queue's "new reply" marker, that is not a view for the audit trail
    /// (a code search, a link that fills the answer in).
    Look,
    /// A look, and "viewed" in the audit trail.
    View,
}

/// The case page's statement: the look it records, the case ([`super::query::detail_sql`]) and
/// the consultant's [`Workbench`], in one round trip. $1 the case, $2 the consultant, $3 how
/// many of the requester's other cases, $4 whether this is a view, $5 whether it is a look.
///
/// "viewed" joins the audit trail at most once per consultant, case and day, and the look
/// behind the queue's "new reply" marker moves only when a message came after the last one,
/// so opening a page again writes nothing. The trail the page shows includes the view this
/// very statement writes (its own inserts are not in its snapshot, so they are added from
/// `RETURNING`).
static OPEN_CASE: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    let detail =
        super::query::detail_sql("UNION ALL SELECT id, at, actor, action, detail FROM viewed");
    format!(
        "WITH c AS (SELECT id FROM cases WHERE id = $1),
         viewed AS (
             INSERT INTO audit_log (case_id, actor, action)
             SELECT c.id, $2, 'viewed' FROM c
             WHERE $4 AND NOT EXISTS (
                 SELECT 1 FROM audit_log a
                 WHERE a.case_id = $1 AND a.at >= date_trunc('day', now())
                   AND a.actor = $2 AND a.action = 'viewed')
             RETURNING id, at, actor, action, detail),
         looked AS (
             INSERT INTO case_looks (case_id, consultant)
             SELECT c.id, $2 FROM c
             WHERE $5 AND NOT EXISTS (
                 SELECT 1 FROM case_looks l
                 WHERE l.case_id = $1 AND l.consultant = $2
                   AND l.looked_at >= coalesce(
                       (SELECT max(i.received_at) FROM inbound_messages i WHERE i.case_id = $1),
                       '-infinity'))
             ON CONFLICT (case_id, consultant) DO UPDATE SET looked_at = now())
         SELECT d.*,
                (SELECT to_jsonb(w) FROM ({DRAFT_OF}) w) AS answer_draft,
                (SELECT coalesce(jsonb_agg(n), '[]') FROM ({NOTES_OF}) n) AS notes,
                (SELECT coalesce(jsonb_agg(a), '[]') FROM ({PENDING_OF}) a) AS attached,
                (SELECT coalesce(jsonb_agg(r), '[]')
                 FROM ({RESPONSE_SELECT} WHERE owner IS NULL OR lower(owner) = lower($2)
                       ORDER BY owner IS NOT NULL, name) r) AS responses,
                (SELECT coalesce(jsonb_agg(o), '[]')
                 FROM (SELECT o.id, o.reference, o.status, o.subject, o.created_at
                       FROM cases c
                       JOIN cases o ON lower(o.requester) = lower(c.requester) AND o.id <> c.id
                       WHERE c.id = $1 AND o.status <> 'quarantined'
                       ORDER BY o.created_at DESC LIMIT $3) o) AS requester_cases
         FROM ({detail}) d"
    )
});

/// Opens the case page for `consultant`: records the look as `opening` says and reads the
/// case with their [`Workbench`] in one statement (every round trip waits its turn for a
/// connection and for the CPU when the desk is busy).
pub async fn open_case(
    pool: &PgPool,
    case: CaseId,
    consultant: &str,
    opening: Opening,
    other_cases: i64,
) -> Result<(super::CaseDetail, Workbench), CaseError> {
    use sqlx::types::Json;
    use sqlx::Row;
    let row = sqlx::query(&OPEN_CASE)
        .bind(case)
        .bind(consultant)
        .bind(other_cases)
        .bind(opening == Opening::View)
        .bind(opening != Opening::Redisplay)
        .fetch_optional(pool)
        .await?
        .ok_or(CaseError::NotFound(case))?;
    let detail = super::query::detail_from_row(&row)?;
    let draft: Option<Json<AnswerDraft>> = row.try_get("answer_draft")?;
    let Json(notes) = row.try_get("notes")?;
    let Json(attached) = row.try_get("attached")?;
    let Json(responses) = row.try_get("responses")?;
    let Json(requester_cases) = row.try_get("requester_cases")?;
    let bench = Workbench {
        draft: draft.map(|Json(d)| d),
        notes,
        attached,
        responses,
        requester_cases,
    };
    Ok((detail, bench))
}

/// The answer preview's read ($1 the case, $2 the consultant, $3 a new link key): the case as
/// its reply is written (subject, people, thread, status), the key its rating links are
/// signed with (stored here on the desk's first use, as [`super::rating`] does), and what the
/// page shows beside the email (the consultant's held files, the addresses a Reply-To names),
/// in one round trip instead of seven.
static PREVIEW_OF: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    format!(
        "WITH fresh_key AS (
             INSERT INTO link_keys (id, key) VALUES (1, $3) ON CONFLICT (id) DO NOTHING
             RETURNING key)
         SELECT c.subject, c.requester, c.requester_name, c.cc_addrs, c.status,
                coalesce((SELECT key FROM fresh_key),
                         (SELECT key FROM link_keys WHERE id = 1)) AS link_key,
                ARRAY(SELECT m.message_id FROM case_messages m
                      WHERE m.case_id = c.id AND m.message_id IS NOT NULL
                      ORDER BY m.id) AS message_ids,
                (SELECT m.message_id FROM case_messages m
                 WHERE m.case_id = c.id AND m.message_id IS NOT NULL AND m.direction = 'inbound'
                 ORDER BY m.id DESC LIMIT 1) AS reply_to_id,
                (SELECT coalesce(jsonb_agg(a ORDER BY a.id), '[]')
                 FROM ({PENDING_OF}) a) AS attached,
                (SELECT coalesce(jsonb_agg(jsonb_build_array(r.from_addr, r.reply_to)
                                           ORDER BY r.from_addr, r.reply_to), '[]')
                 FROM (SELECT DISTINCT from_addr, reply_to FROM inbound_messages
                       WHERE case_id = $1 AND reply_to IS NOT NULL) r) AS replies
         FROM cases c WHERE c.id = $1"
    )
});

#[derive(sqlx::FromRow)]
struct PreviewRow {
    subject: String,
    requester: String,
    requester_name: Option<String>,
    cc_addrs: Vec<String>,
    status: Status,
    link_key: Option<Vec<u8>>,
    message_ids: Vec<String>,
    reply_to_id: Option<String>,
    attached: sqlx::types::Json<Vec<PendingAttachment>>,
    replies: sqlx::types::Json<Vec<(Option<String>, String)>>,
}

/// The answer preview: the exact email, and what the page shows beside it.
pub struct AnswerPreview {
    pub mail: OutgoingMail,
    /// The case's people, as an answer copies them unless the consultant changed that.
    pub people: Vec<String>,
    /// The consultant's files held for the answer.
    pub attached: Vec<PendingAttachment>,
    /// (From, Reply-To) of the case's messages that name a Reply-To, each pair once.
    pub replies: Vec<(Option<String>, String)>,
}

impl CaseStore {
    /// The exact email an answer would be, rendered from the same templates as the send, with
    /// what its preview page shows; records nothing but the desk's link key on first use.
    pub async fn preview_answer(
        &self,
        case: CaseId,
        consultant: &EmailAddress,
        answer: &Answer<'_>,
    ) -> Result<AnswerPreview, CaseError> {
        let row: PreviewRow = sqlx::query_as(&PREVIEW_OF)
            .bind(case)
            .bind(consultant.as_str())
            .bind(super::rating::fresh_key())
            .fetch_optional(&self.pool)
            .await?
            .ok_or(CaseError::NotFound(case))?;
        let key = match row.link_key {
            Some(key) => key,
            // Another instance stored the first key after this statement's snapshot was taken.
            None => super::rating::link_key(&mut *self.pool.acquire().await?).await?,
        };
        let mut thread = Thread {
            case_id: case,
            subject: row.subject,
            requester: row.requester,
            requester_name: row.requester_name,
            cc: row.cc_addrs.clone(),
            message_ids: row.message_ids,
            reply_to_id: row.reply_to_id,
        };
        if let Some(to) = answer.to {
            thread.requester = to.to_string();
        }
        if let Some(cc) = answer.cc {
            thread.cc = self.copied(cc, &thread.requester);
        }
        let token = super::rating::token(&key, case);
        let extras = AnswerMail {
            correction: row.status == Status::Answered,
            rating_token: &token,
        };
        Ok(AnswerPreview {
            mail: self.mail.answer(&thread, consultant, answer, &extras)?,
            people: row.cc_addrs,
            attached: row.attached.0,
            replies: row.replies.0,
        })
    }
}

/// An answer in progress, kept per case and consultant until it is sent.
#[derive(Clone, Debug, Default, Serialize, Deserialize, sqlx::FromRow)]
pub struct AnswerDraft {
    pub body: String,
    pub codes: String,
    pub updated_at: Option<DateTime<Utc>>,
    /// The Cc as its consultant changed it; `None`: the case's people, whoever they are by then.
    pub cc: Option<String>,
}

/// Keeping the answer in progress ($1 the case, $2 the consultant, $3 the text, $4 the codes,
/// $5 the Cc to keep, $6 whether the form had a Cc field); it writes nothing for a case that
/// does not exist.
macro_rules! keep_draft_sql {
    () => {
        "INSERT INTO answer_drafts (case_id, consultant, body, codes, cc)
         SELECT id, $2, $3, $4, $5 FROM cases WHERE id = $1
         ON CONFLICT (case_id, consultant)
         DO UPDATE SET body = excluded.body, codes = excluded.codes, updated_at = now(),
                       cc = CASE WHEN $6 THEN excluded.cc ELSE answer_drafts.cc END"
    };
}

/// Keeps the answer in progress. `typed_cc` is the form's Cc field (`None` from a form without
/// one, such as `cases draft`, which leaves the kept Cc as it was); a Cc that still names the
/// case's people is not kept, so people who join the case later are copied too.
pub async fn save_draft(
    pool: &PgPool,
    case: CaseId,
    consultant: &str,
    codes: &str,
    body: &str,
    typed_cc: Option<&str>,
) -> Result<(), CaseError> {
    let people: Vec<String> = match typed_cc {
        Some(_) => sqlx::query_scalar("SELECT cc_addrs FROM cases WHERE id = $1")
            .bind(case)
            .fetch_optional(pool)
            .await?
            .ok_or(CaseError::NotFound(case))?,
        None => Vec::new(),
    };
    let done = sqlx::query(keep_draft_sql!())
        .bind(case)
        .bind(consultant)
        .bind(body)
        .bind(codes)
        .bind(kept_cc(typed_cc, &people))
        .bind(typed_cc.is_some())
        .execute(pool)
        .await?;
    if done.rows_affected() == 0 {
        return Err(CaseError::NotFound(case));
    }
    Ok(())
}

/// After a preview: keeps the answer in progress as [`save_draft`] does and records "edited",
/// in one statement. `people` are the case's people as the preview read them.
pub async fn keep_previewed(
    pool: &PgPool,
    case: CaseId,
    consultant: &str,
    codes: &str,
    body: &str,
    typed_cc: Option<&str>,
    people: &[String],
) -> Result<(), CaseError> {
    let kept: i64 = sqlx::query_scalar(concat!(
        "WITH kept AS (",
        keep_draft_sql!(),
        " RETURNING case_id),
         edited AS (
             INSERT INTO audit_log (case_id, actor, action)
             SELECT case_id, $2, 'edited' FROM kept)
         SELECT count(*) FROM kept"
    ))
    .bind(case)
    .bind(consultant)
    .bind(body)
    .bind(codes)
    .bind(kept_cc(typed_cc, people))
    .bind(typed_cc.is_some())
    .fetch_one(pool)
    .await?;
    if kept == 0 {
        return Err(CaseError::NotFound(case));
    }
    Ok(())
}

/// The Cc to keep with the draft: the typed one, unless it still names the case's people.
fn kept_cc<'a>(typed_cc: Option<&'a str>, people: &[String]) -> Option<&'a str> {
    typed_cc
        .filter(|typed| !same_people(typed, people))
        .map(str::trim)
}

/// Whether a typed Cc names exactly `people`, whatever its order, case or separators.
fn same_people(typed: &str, people: &[String]) -> bool {
    let set = |addrs: &mut dyn Iterator<Item = &str>| {
        let mut v: Vec<String> = addrs
            .map(|a| a.trim().to_lowercase())
            .filter(|a| !a.is_empty())
            .collect();
        v.sort();
        v.dedup();
        v
    };
    set(&mut typed.split([',', ';', '\n'])) == set(&mut people.iter().map(String::as_str))
}

pub async fn draft_of(
    pool: &PgPool,
    case: CaseId,
    consultant: &str,
) -> Result<Option<AnswerDraft>, CaseError> {
    Ok(sqlx::query_as(DRAFT_OF)
        .bind(case)
        .bind(consultant)
        .fetch_optional(pool)
        .await?)
}

/// Rows of kept counts beyond which reading them folds them first (a few thousand rows still
/// sum in a millisecond; folding is one short statement).
const FOLD_COUNTS_AT: i64 = 1_000;

/// How many cases are in each status, from the counts the statements that change cases keep
/// (migration `status_counts`), so the queue never counts every case.
pub async fn status_counts(pool: &PgPool) -> Result<Vec<(Status, i64)>, CaseError> {
    let rows: Vec<(Status, i64, i64)> = sqlx::query_as(
        "SELECT status, sum(n)::bigint, count(*) FROM case_status_counts
         GROUP BY status ORDER BY status",
    )
    .fetch_all(pool)
    .await?;
    if rows.iter().map(|r| r.2).sum::<i64>() > FOLD_COUNTS_AT {
        fold_status_counts(pool).await?;
    }
    Ok(rows
        .into_iter()
        .filter(|r| r.1 > 0)
        .map(|(status, n, _)| (status, n))
        .collect())
}

/// Replaces the kept counts' rows by one per status. Rows written meanwhile by transactions
/// not yet committed are left for the next fold, so nothing is lost or counted twice.
pub async fn fold_status_counts(pool: &PgPool) -> Result<(), CaseError> {
    sqlx::query(
        "WITH gone AS (DELETE FROM case_status_counts RETURNING status, n)
         INSERT INTO case_status_counts (status, n)
         SELECT status, sum(n) FROM gone GROUP BY status HAVING sum(n) <> 0",
    )
    .execute(pool)
    .await?;
    Ok(())
}

#[derive(Clone, Debug, Serialize, Deserialize, sqlx::FromRow)]
pub struct Note {
    pub author: String,
    pub body: String,
    pub created_at: DateTime<Utc>,
}

pub async fn add_note(
    pool: &PgPool,
    case: CaseId,
    author: &str,
    body: &str,
) -> Result<(), CaseError> {
    let mut tx = pool.begin().await?;
    let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM cases WHERE id = $1")
        .bind(case)
        .fetch_optional(&mut *tx)
        .await?;
    exists.ok_or(CaseError::NotFound(case))?;
    sqlx::query("INSERT INTO case_notes (case_id, author, body) VALUES ($1, $2, $3)")
        .bind(case)
        .bind(author)
        .bind(body)
        .execute(&mut *tx)
        .await?;
    audit(&mut tx, Some(case), author, "noted", json!({})).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn notes(pool: &PgPool, case: CaseId) -> Result<Vec<Note>, CaseError> {
    Ok(sqlx::query_as(NOTES_OF).bind(case).fetch_all(pool).await?)
}

/// Who looked at a case ("viewed") and who worked on an answer ("edited") are part of its
/// audit trail too.
pub async fn record(pool: &PgPool, case: CaseId, who: &str, action: &str) -> Result<(), CaseError> {
    let done = sqlx::query(
        "INSERT INTO audit_log (case_id, actor, action) SELECT id, $2, $3 FROM cases WHERE id = $1",
    )
    .bind(case)
    .bind(who)
    .bind(action)
    .execute(pool)
    .await?;
    if done.rows_affected() == 0 {
        return Err(CaseError::NotFound(case));
    }
    Ok(())
}

pub struct AttachmentFile {
    pub filename: String,
    pub content_type: String,
    pub content: Option<Vec<u8>>,
}

pub async fn attachment(
    pool: &PgPool,
    case: CaseId,
    id: i64,
) -> Result<Option<AttachmentFile>, CaseError> {
    let row: Option<(String, String, Option<Vec<u8>>)> = sqlx::query_as(
        "SELECT filename, content_type, content FROM attachments WHERE id = $1 AND case_id = $2",
    )
    .bind(id)
    .bind(case)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|(filename, content_type, content)| AttachmentFile {
        filename,
        content_type,
        content,
    }))
}

#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct Quarantined {
    pub id: InboundMessageId,
    pub from_addr: Option<String>,
    pub subject: String,
    pub quarantine_reason: Option<String>,
    /// For a message that could not be stored: the kind of error (never its text).
    pub quarantine_detail: Option<String>,
    pub received_at: DateTime<Utc>,
    pub case_id: Option<CaseId>,
}

pub async fn quarantined(pool: &PgPool) -> Result<Vec<Quarantined>, CaseError> {
    Ok(sqlx::query_as(
        "SELECT id, from_addr, subject, quarantine_reason, quarantine_detail, received_at, case_id
         FROM inbound_messages
         WHERE disposition = 'quarantined' AND quarantine_resolution IS NULL ORDER BY received_at DESC LIMIT 500",
    )
    .fetch_all(pool)
    .await?)
}

pub async fn discard_quarantined(
    pool: &PgPool,
    inbound_id: InboundMessageId,
    admin: &str,
) -> Result<(), CaseError> {
    let mut tx = pool.begin().await?;
    let done = sqlx::query(
        "UPDATE inbound_messages SET quarantine_resolution = 'discarded', resolved_by = $2, resolved_at = now()
         WHERE id = $1 AND disposition = 'quarantined' AND quarantine_resolution IS NULL",
    )
    .bind(inbound_id)
    .bind(admin)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        return Err(CaseError::NotQuarantined(inbound_id));
    }
    audit(
        &mut tx,
        None,
        admin,
        "quarantine_discarded",
        json!({ "inbound_message_id": inbound_id }),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A reusable answer text; `{requester_name}`, `{case_reference}` and `{consultant_name}` are
/// filled in when it is inserted. Shared with the desk, or one consultant's own.
#[derive(Clone, Debug, Serialize, Deserialize, sqlx::FromRow)]
pub struct SavedResponse {
    pub id: i64,
    pub name: String,
    pub body: String,
    pub created_by: String,
    pub updated_at: DateTime<Utc>,
    /// None: shared with the desk.
    pub owner: Option<String>,
}

impl SavedResponse {
    pub fn shared(&self) -> bool {
        self.owner.is_none()
    }

    /// Whether `who` sees it: a shared one, or their own.
    pub fn visible_to(&self, who: &str) -> bool {
        self.owner
            .as_deref()
            .is_none_or(|o| o.eq_ignore_ascii_case(who))
    }

    /// Whether `who` may change or delete it: their own; a shared one only an admin.
    pub fn editable_by(&self, who: &str, admin: bool) -> bool {
        match &self.owner {
            Some(owner) => owner.eq_ignore_ascii_case(who),
            None => admin,
        }
    }
}

const RESPONSE_SELECT: &str =
    "SELECT id, name, body, created_by, updated_at, owner FROM saved_responses";

/// The shared responses and, given a consultant, their own; shared first, each by name.
pub async fn responses(
    pool: &PgPool,
    consultant: Option<&str>,
) -> Result<Vec<SavedResponse>, CaseError> {
    Ok(sqlx::query_as(&format!(
        "{RESPONSE_SELECT} WHERE owner IS NULL OR lower(owner) = lower($1)
         ORDER BY owner IS NOT NULL, name"
    ))
    .bind(consultant)
    .fetch_all(pool)
    .await?)
}

/// Adds a saved response, or replaces the text of the one with this name among the shared
/// responses (`owner` None) or among the owner's own.
pub async fn save_response(
    pool: &PgPool,
    name: &str,
    body: &str,
    by: &str,
    owner: Option<&str>,
) -> Result<i64, CaseError> {
    let mut tx = pool.begin().await?;
    // Each scope has its own partial unique index, so each names its own conflict target.
    let sql = if owner.is_none() {
        "INSERT INTO saved_responses (name, body, created_by, owner) VALUES ($1, $2, $3, $4)
         ON CONFLICT (name) WHERE owner IS NULL
         DO UPDATE SET body = excluded.body, updated_at = now()
         RETURNING id"
    } else {
        "INSERT INTO saved_responses (name, body, created_by, owner) VALUES ($1, $2, $3, $4)
         ON CONFLICT (lower(owner), name) WHERE owner IS NOT NULL
         DO UPDATE SET body = excluded.body, updated_at = now()
         RETURNING id"
    };
    let id: i64 = sqlx::query_scalar(sql)
        .bind(name)
        .bind(body)
        .bind(by)
        .bind(owner)
        .fetch_one(&mut *tx)
        .await?;
    audit(
        &mut tx,
        None,
        by,
        "response_saved",
        json!({ "response_id": id, "name": name, "shared": owner.is_none() }),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Changes a saved response in place: its name, its text, and whom it belongs to (`owner`
/// None: shared with the desk).
pub async fn update_response(
    pool: &PgPool,
    id: i64,
    name: &str,
    body: &str,
    owner: Option<&str>,
    by: &str,
) -> Result<(), CaseError> {
    let mut tx = pool.begin().await?;
    let done = sqlx::query(
        "UPDATE saved_responses SET name = $2, body = $3, owner = $4, updated_at = now()
         WHERE id = $1",
    )
    .bind(id)
    .bind(name)
    .bind(body)
    .bind(owner)
    .execute(&mut *tx)
    .await
    .map_err(|e| match e {
        sqlx::Error::Database(db) if db.is_unique_violation() => {
            CaseError::ResponseNameTaken(name.to_owned())
        }
        e => CaseError::Db(e),
    })?;
    if done.rows_affected() == 0 {
        return Err(CaseError::NoSuchResponse(id));
    }
    audit(
        &mut tx,
        None,
        by,
        "response_edited",
        json!({ "response_id": id, "name": name, "shared": owner.is_none() }),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn delete_response(pool: &PgPool, id: i64, by: &str) -> Result<(), CaseError> {
    let mut tx = pool.begin().await?;
    sqlx::query("DELETE FROM saved_responses WHERE id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    audit(
        &mut tx,
        None,
        by,
        "response_deleted",
        json!({ "response_id": id }),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn response(pool: &PgPool, id: i64) -> Result<Option<SavedResponse>, CaseError> {
    Ok(sqlx::query_as(&format!("{RESPONSE_SELECT} WHERE id = $1"))
        .bind(id)
        .fetch_optional(pool)
        .await?)
}

/// The placeholders a saved response may use, and what fills them.
pub struct Placeholders<'a> {
    pub requester_name: &'a str,
    pub case_reference: &'a str,
    pub consultant_name: &'a str,
}

impl SavedResponse {
    pub fn filled(&self, p: &Placeholders<'_>) -> String {
        self.body
            .replace("{requester_name}", p.requester_name)
            .replace("{case_reference}", p.case_reference)
            .replace("{consultant_name}", p.consultant_name)
    }
}

/// The case's questions that asked for replies elsewhere than their sender: each distinct
/// (From, Reply-To) pair.
/// A quarantined message as an admin reviews it: its headers and text (shown escaped).
#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct QuarantinedMessage {
    pub id: InboundMessageId,
    pub from_addr: Option<String>,
    pub from_name: Option<String>,
    pub reply_to: Option<String>,
    pub to_addrs: Vec<String>,
    pub subject: String,
    pub message_id: Option<String>,
    pub sent_at: Option<DateTime<Utc>>,
    pub received_at: DateTime<Utc>,
    pub quarantine_reason: Option<String>,
    pub quarantine_detail: Option<String>,
    pub body_text: String,
    pub raw_size: i64,
    pub truncated: bool,
}

pub async fn quarantined_message(
    pool: &PgPool,
    id: InboundMessageId,
) -> Result<QuarantinedMessage, CaseError> {
    sqlx::query_as(
        "SELECT id, from_addr, from_name, reply_to, to_addrs, subject, message_id, sent_at,
                received_at, quarantine_reason, quarantine_detail, body_text, raw_size, truncated
         FROM inbound_messages
         WHERE id = $1 AND disposition = 'quarantined' AND quarantine_resolution IS NULL",
    )
    .bind(id)
    .fetch_optional(pool)
    .await?
    .ok_or(CaseError::NotQuarantined(id))
}

/// A file attached to the answer in progress.
#[derive(Clone, Debug, Serialize, Deserialize, sqlx::FromRow)]
pub struct PendingAttachment {
    pub id: i64,
    pub filename: String,
    pub content_type: String,
    pub size: i64,
}

/// Holds a file with `consultant`'s answer in progress; the next answer they send on the case
/// carries it.
pub async fn attach_to_answer(
    pool: &PgPool,
    case: CaseId,
    consultant: &str,
    filename: &str,
    content_type: &str,
    content: &[u8],
) -> Result<i64, CaseError> {
    let id: Option<i64> = sqlx::query_scalar(
        "INSERT INTO answer_attachments (case_id, consultant, filename, content_type, size, content)
         SELECT id, $2, $3, $4, $5, $6 FROM cases WHERE id = $1 RETURNING id",
    )
    .bind(case)
    .bind(consultant)
    .bind(filename)
    .bind(content_type)
    .bind(content.len() as i64)
    .bind(content)
    .fetch_optional(pool)
    .await?;
    id.ok_or(CaseError::NotFound(case))
}

pub async fn remove_pending_attachment(
    pool: &PgPool,
    case: CaseId,
    consultant: &str,
    id: i64,
) -> Result<(), CaseError> {
    sqlx::query(
        "DELETE FROM answer_attachments
         WHERE id = $1 AND case_id = $2 AND consultant = $3 AND outbox_id IS NULL",
    )
    .bind(id)
    .bind(case)
    .bind(consultant)
    .execute(pool)
    .await?;
    Ok(())
}

/// The newest answer sent on a case, as the answer form writes it (codes one a line with their
/// notes, and the text): what a consultant resends after a refused delivery.
pub async fn last_answer(pool: &PgPool, case: CaseId) -> Result<Option<AnswerDraft>, CaseError> {
    let row: Option<(String, sqlx::types::Json<Vec<RecommendedCode>>)> = sqlx::query_as(
        "SELECT body, codes FROM answers WHERE case_id = $1 ORDER BY id DESC LIMIT 1",
    )
    .bind(case)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(|(body, codes)| AnswerDraft {
        body,
        codes: codes
            .0
            .iter()
            .map(|c| match c.note.trim() {
                "" => c.code.clone(),
                note => format!("{} | {note}", c.code),
            })
            .collect::<Vec<_>>()
            .join("\n"),
        updated_at: None,
        cc: None,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cc_that_names_the_cases_people_is_theirs_whatever_its_layout() {
        let people = ["lee@clinic.test".to_owned(), "Kim@Clinic.test".to_owned()];
        for (typed, same) in [
            ("lee@clinic.test, Kim@Clinic.test", true),
            ("kim@clinic.test;lee@clinic.test ", true),
            ("lee@clinic.test\nkim@clinic.test, lee@clinic.test", true),
            ("lee@clinic.test", false),
            ("", false),
            ("lee@clinic.test, kim@clinic.test, max@clinic.test", false),
        ] {
            assert_eq!(same_people(typed, &people), same, "{typed:?}");
        }
        assert!(same_people(" , ", &[]), "nobody is nobody");
    }
}
