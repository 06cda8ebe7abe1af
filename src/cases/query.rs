//! Read views of cases for the command line and the web desk.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::{FromRow, PgPool};

use super::{CaseError, Status};
use crate::domain::{CaseId, Draft, InboundMessageId, OutboxId};

#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct CaseSummary {
    pub id: CaseId,
    pub reference: String,
    pub status: Status,
    pub requester: String,
    pub subject: String,
    pub assignee: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub message_count: i64,
    pub attachments_dropped: bool,
    pub truncated: bool,
    /// The mailbox the question arrived in.
    pub mailbox: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct CaseDetail {
    #[serde(flatten)]
    pub summary: CaseSummary,
    pub requester_name: Option<String>,
    pub messages: Vec<MessageView>,
    /// Replies queued or sent, with their delivery state.
    pub outbound: Vec<OutboundView>,
    /// The assistant's drafts, newest last (one per question and follow-up).
    pub drafts: Vec<DraftView>,
    pub audit: Vec<AuditEntry>,
    /// The newest reply the recipient's server refused for good (or whose retries ran out),
    /// unless a later reply of its kind went out.
    pub last_delivery_error: Option<DeliveryError>,
    /// The case a stranger's message named: it became this case instead of joining that one.
    pub mentions: Option<CaseLink>,
    /// Cases opened from strangers' messages that named this one.
    pub mentioned_by: Vec<CaseLink>,
    /// Who an answer copies unless the consultant changes it: the questions' other people,
    /// without the desk's own addresses (with `intake.allowed_senders`, only those it names).
    pub cc: Vec<String>,
    /// An open or recent case of the same requester that asked the same question.
    pub possible_duplicate_of: Option<CaseLink>,
    /// Later cases that asked this case's question again (and are not merged yet).
    pub possible_duplicates: Vec<CaseLink>,
    /// The case this one was merged into (it is closed).
    pub merged_into: Option<CaseLink>,
    /// Cases merged into this one.
    pub merged_from: Vec<CaseLink>,
    /// The requester's answer to "Did this answer your question?".
    pub rating: Option<super::rating::Rating>,
}

/// Another case, as a link names it.
#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct CaseLink {
    pub id: CaseId,
    pub reference: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct DeliveryError {
    pub kind: String,
    pub to: String,
    pub error: String,
    pub at: DateTime<Utc>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct DraftView {
    pub inbound_message_id: InboundMessageId,
    pub code_set: String,
    pub created_at: DateTime<Utc>,
    pub draft: Draft,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct OutboundView {
    pub kind: String,
    pub message_id: String,
    pub to: String,
    pub subject: String,
    /// Copied people (an answer's Cc).
    pub cc: Vec<String>,
    pub status: String,
    pub attempts: i32,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
    pub body_text: String,
    #[serde(skip_serializing)]
    pub id: OutboxId,
    /// Files the reply carried.
    pub attachments: Vec<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct MessageView {
    #[serde(skip_serializing)]
    pub inbound_id: InboundMessageId,
    pub direction: String,
    pub message_id: Option<String>,
    pub from: Option<String>,
    /// The sender's display name.
    pub from_name: Option<String>,
    /// Where the sender asked replies to go (answers go there).
    pub reply_to: Option<String>,
    pub subject: String,
    pub sent_at: Option<DateTime<Utc>>,
    pub received_at: DateTime<Utc>,
    pub disposition: String,
    pub question_text: String,
    pub body_text: String,
    pub truncated: bool,
    /// Its place among the case's questions (the first mail 1, then each follow-up), as the
    /// assistant's draft names the message a flag or a code comes from.
    #[serde(default)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<u32>,
    #[serde(default)]
    pub attachments: Vec<AttachmentView>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct AttachmentView {
    #[serde(skip_serializing)]
    pub inbound_message_id: InboundMessageId,
    pub id: i64,
    pub filename: String,
    pub content_type: String,
    pub size: i64,
    pub dropped: bool,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct AuditEntry {
    pub at: DateTime<Utc>,
    pub actor: String,
    pub action: String,
    pub detail: serde_json::Value,
}

const SUMMARY_SELECT: &str = "
    SELECT c.id, c.reference, c.status, c.requester, c.subject, c.assignee, c.created_at,
           c.updated_at, c.attachments_dropped, c.truncated,
           (SELECT count(*) FROM case_messages m WHERE m.case_id = c.id) AS message_count,
           (SELECT mb.name FROM mailboxes mb WHERE mb.id = c.mailbox_id) AS mailbox
    FROM cases c";

impl CaseSummary {
    /// The status and holder the lifecycle decides from, as of this read.
    pub fn state(&self) -> super::CaseState {
        super::CaseState {
            status: self.status,
            holder: self
                .assignee
                .as_deref()
                .and_then(crate::domain::EmailAddress::parse),
        }
    }
}

/// One page of cases.
#[derive(Clone, Debug, Serialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// 1-based.
    pub page: u32,
    pub more: bool,
}

impl<T> Page<T> {
    /// `rows` fetched with one row beyond the page, to know whether another follows.
    pub fn of(mut rows: Vec<T>, page: u32, size: u32) -> Self {
        let more = rows.len() > size as usize;
        rows.truncate(size as usize);
        Page {
            items: rows,
            page,
            more,
        }
    }
}

pub const PAGE_SIZE: u32 = 50;

/// `common`: whether a search's words (`q`) are common in some searched table by PostgreSQL's
/// own statistics (every word of the query in at least 2% of its rows), so that walking the
/// newest cases finds a page of matches sooner than collecting every match does.
const COMMON_QUERY: &str = "
    lexemes AS (
        SELECT DISTINCT replace(m.l[1], '''''', '''') AS lexeme
        FROM q CROSS JOIN LATERAL regexp_matches(q.q::text, '''((?:[^'']|'''')+)''', 'g') AS m(l)),
    freqs AS (
        SELECT st.tablename, e.lexeme, e.freq
        FROM pg_stats st,
             unnest(st.most_common_elems::text::text[], st.most_common_elem_freqs) AS e(lexeme, freq)
        WHERE st.schemaname = current_schema() AND st.attname = 'search'
          AND st.tablename IN ('inbound_messages', 'answers', 'cases', 'case_notes')),
    common AS MATERIALIZED (
        SELECT coalesce(bool_or(yes), false) AS yes
        FROM (SELECT t.name, min(coalesce(f.freq, 0)) >= 0.02 AS yes
              FROM lexemes l
              CROSS JOIN unnest(ARRAY['inbound_messages', 'answers', 'cases', 'case_notes']) AS t(name)
              LEFT JOIN freqs f ON f.tablename = t.name AND f.lexeme = l.lexeme
              GROUP BY t.name) per_table)";

/// Cases whose subject, requester, question texts, notes or answers (with their codes) match
/// `text` (PostgreSQL full-text search, `websearch_to_tsquery` syntax: words, "phrases", -not,
/// or), newest activity first; a case reference (C-1042) finds that case.
pub async fn search_cases(
    pool: &PgPool,
    text: &str,
    page: u32,
) -> Result<Page<CaseSummary>, CaseError> {
    let page = page.max(1);
    let reference = text.trim().parse::<CaseId>().ok();
    let sql = format!(
        "WITH q AS MATERIALIZED (SELECT websearch_to_tsquery('english', $1) AS q),
         {COMMON_QUERY},
         hits AS (
             SELECT c.id AS case_id FROM cases c, q WHERE c.search @@ q.q
             UNION SELECT i.case_id FROM inbound_messages i, q
                   WHERE i.search @@ q.q AND i.case_id IS NOT NULL
             UNION SELECT n.case_id FROM case_notes n, q WHERE n.search @@ q.q
             UNION SELECT a.case_id FROM answers a, q WHERE a.search @@ q.q
             UNION SELECT id FROM cases WHERE id = $4)
         {SUMMARY_SELECT} JOIN (
             -- Rare words: every match through the full-text indexes, then the newest. Each
             -- match's activity is looked up on its own: a join would let the planner's guess
             -- of thousands of matches make it read every case instead.
             (SELECT h.id FROM (SELECT hits.case_id AS id,
                                       (SELECT c.updated_at FROM cases c
                                        WHERE c.id = hits.case_id) AS updated_at
                                FROM hits WHERE NOT (SELECT yes FROM common)) h
              ORDER BY h.updated_at DESC, h.id DESC LIMIT $2 OFFSET $3)
             UNION ALL
             -- Common words: the newest cases first, each looked at until the page is full.
             -- The match is the operator's function, which no index serves: the planner cannot
             -- know the words are common, and would otherwise intersect each case's rows with
             -- every match in the full-text index.
             (SELECT c.id FROM cases c, q
              WHERE (SELECT yes FROM common)
                AND (c.id = $4 OR ts_match_vq(c.search, q.q)
                     OR (SELECT true FROM inbound_messages i
                         WHERE i.case_id = c.id AND ts_match_vq(i.search, q.q) LIMIT 1)
                     OR (SELECT true FROM case_notes n
                         WHERE n.case_id = c.id AND ts_match_vq(n.search, q.q) LIMIT 1)
                     OR (SELECT true FROM answers a
                         WHERE a.case_id = c.id AND ts_match_vq(a.search, q.q) LIMIT 1))
              ORDER BY c.updated_at DESC, c.id DESC LIMIT $2 OFFSET $3)) found ON found.id = c.id
         ORDER BY c.updated_at DESC, c.id DESC"
    );
    let rows: Vec<CaseSummary> = sqlx::query_as(&sql)
        .bind(text)
        .bind(i64::from(PAGE_SIZE) + 1)
        .bind(i64::from(page - 1) * i64::from(PAGE_SIZE))
        .bind(reference)
        .fetch_all(pool)
        .await?;
    Ok(Page::of(rows, page, PAGE_SIZE))
}

pub async fn list_cases(
    pool: &PgPool,
    status: Option<Status>,
) -> Result<Vec<CaseSummary>, CaseError> {
    let sql =
        format!("{SUMMARY_SELECT} WHERE $1::case_status IS NULL OR c.status = $1 ORDER BY c.id");
    Ok(sqlx::query_as(&sql).bind(status).fetch_all(pool).await?)
}

/// Everything the case page shows of a case beyond its summary, each part aggregated to JSON
/// so the whole case is read in one statement: one round trip however busy the machine is.
const DETAIL_SELECT: &str = "
    SELECT s.*, c.requester_name, c.cc_addrs, r.helpful, r.voted_at,
      (SELECT coalesce(jsonb_agg(m ORDER BY m.received_at, m.inbound_id), '[]')
       FROM (SELECT i.id AS inbound_id, 'inbound' AS direction, i.message_id,
                    i.from_addr AS \"from\", i.from_name, i.reply_to, i.subject, i.sent_at,
                    i.received_at, i.disposition, i.question_text, i.body_text, i.truncated
             FROM inbound_messages i WHERE i.case_id = s.id) m) AS messages,
      (SELECT coalesce(jsonb_agg(a ORDER BY a.id), '[]')
       FROM (SELECT inbound_message_id, id, filename, content_type, size, dropped
             FROM attachments WHERE case_id = s.id) a) AS attachments,
      (SELECT coalesce(jsonb_agg(o ORDER BY o.id), '[]')
       FROM (SELECT ob.id, ob.kind, ob.message_id, ob.to_addr AS \"to\", ob.cc_addrs AS cc,
                    ob.subject, ob.status, ob.attempts, ob.last_error, ob.created_at, ob.sent_at,
                    ob.body_text,
                    ARRAY(SELECT f.filename FROM answer_attachments f
                          WHERE f.case_id = s.id AND f.outbox_id = ob.id ORDER BY f.id)
                      AS attachments
             FROM outbox ob WHERE ob.case_id = s.id) o) AS outbound,
      (SELECT coalesce(jsonb_agg(d ORDER BY d.id), '[]')
       FROM (SELECT id, inbound_message_id, code_set, created_at, draft FROM drafts
             WHERE case_id = s.id AND draft IS NOT NULL) d) AS drafts,
      (SELECT coalesce(jsonb_agg(e ORDER BY e.at, e.id), '[]')
       FROM (SELECT id, at, actor, action, detail FROM audit_log WHERE case_id = s.id
             AUDIT_ALSO) e)
        AS audit,
      (SELECT to_jsonb(x)
       FROM (SELECT o.kind, o.to_addr AS \"to\", coalesce(o.last_error, '') AS error,
                    coalesce(o.sent_at, o.created_at) AS at
             FROM outbox o
             WHERE o.case_id = s.id AND o.status = 'failed'
               AND NOT EXISTS (SELECT 1 FROM outbox l
                               WHERE l.case_id = o.case_id AND l.kind = o.kind
                                 AND l.id > o.id AND l.status <> 'failed')
             ORDER BY o.id DESC LIMIT 1) x) AS delivery_error,
      (SELECT coalesce(jsonb_agg(jsonb_build_array(how, id, reference) ORDER BY id), '[]')
       FROM (SELECT 'mentions' AS how, m.id, m.reference FROM cases m
             WHERE m.id = c.mentions_case_id
             UNION ALL
             SELECT 'mentioned_by', id, reference FROM cases WHERE mentions_case_id = s.id
             UNION ALL
             SELECT 'duplicate_of', m.id, m.reference FROM cases m
             WHERE m.id = c.possible_duplicate_of
             UNION ALL
             -- Once merged, a duplicate is listed as merged, not as a possible duplicate.
             SELECT 'duplicates', id, reference FROM cases
             WHERE possible_duplicate_of = s.id AND merged_into IS NULL
             UNION ALL
             SELECT 'merged_into', m.id, m.reference FROM cases m WHERE m.id = c.merged_into
             UNION ALL
             SELECT 'merged_from', id, reference FROM cases WHERE merged_into = s.id) l)
        AS links
    FROM (SUMMARY WHERE c.id = $1) s
    JOIN cases c ON c.id = s.id
    LEFT JOIN ratings r ON r.case_id = s.id";

/// The detail statement ($1 the case), the audit trail joined by `audit_also` (a `UNION ALL`
/// of rows the statement itself writes, or nothing).
pub(super) fn detail_sql(audit_also: &str) -> String {
    DETAIL_SELECT
        .replace("SUMMARY", SUMMARY_SELECT)
        .replace("AUDIT_ALSO", audit_also)
}

/// Built once: the statement's text is also the key of sqlx's prepared-statement cache.
static DETAIL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| detail_sql(""));

pub async fn case_detail(pool: &PgPool, id: CaseId) -> Result<CaseDetail, CaseError> {
    let row = sqlx::query(&DETAIL)
        .bind(id)
        .fetch_optional(pool)
        .await?
        .ok_or(CaseError::NotFound(id))?;
    detail_from_row(&row)
}

/// A [`CaseDetail`] from a row of [`detail_sql`].
pub(super) fn detail_from_row(row: &sqlx::postgres::PgRow) -> Result<CaseDetail, CaseError> {
    use sqlx::types::Json;
    use sqlx::Row;
    let summary = CaseSummary::from_row(row)?;
    let rating = row
        .try_get::<Option<bool>, _>("helpful")?
        .zip(row.try_get("voted_at")?)
        .map(|(helpful, voted_at)| super::rating::Rating { helpful, voted_at });
    let Json(mut messages): Json<Vec<MessageView>> = row.try_get("messages")?;
    let Json(attachments): Json<Vec<AttachmentView>> = row.try_get("attachments")?;
    // Numbered in the order they were stored, as drafting numbers them.
    let mut questions: Vec<InboundMessageId> = messages
        .iter()
        .filter(|m| matches!(m.disposition.as_str(), "new_case" | "follow_up"))
        .map(|m| m.inbound_id)
        .collect();
    questions.sort();
    for m in &mut messages {
        m.number = questions
            .iter()
            .position(|q| *q == m.inbound_id)
            .and_then(|n| u32::try_from(n + 1).ok());
        m.attachments = attachments
            .iter()
            .filter(|a| a.inbound_message_id == m.inbound_id)
            .cloned()
            .collect();
    }
    let Json(outbound) = row.try_get("outbound")?;
    let Json(drafts) = row.try_get("drafts")?;
    let Json(audit): Json<Vec<AuditEntry>> = row.try_get("audit")?;
    let delivery_error: Option<Json<DeliveryError>> = row.try_get("delivery_error")?;
    let Json(links): Json<Vec<(String, CaseId, String)>> = row.try_get("links")?;
    let links = Links::from(links);
    Ok(CaseDetail {
        possible_duplicate_of: links.possible_duplicate_of,
        possible_duplicates: links.possible_duplicates,
        merged_into: links.merged_into,
        merged_from: links.merged_from,
        mentions: links.mentions,
        mentioned_by: links.mentioned_by,
        rating,
        cc: row.try_get("cc_addrs")?,
        last_delivery_error: delivery_error.map(|Json(e)| e),
        requester_name: row.try_get("requester_name")?,
        summary,
        messages,
        outbound,
        drafts,
        audit: fold_repeats(audit),
    })
}

/// The cases a case links to and from, each with how: read in one statement.
#[derive(Default)]
struct Links {
    mentions: Option<CaseLink>,
    mentioned_by: Vec<CaseLink>,
    possible_duplicate_of: Option<CaseLink>,
    possible_duplicates: Vec<CaseLink>,
    merged_into: Option<CaseLink>,
    merged_from: Vec<CaseLink>,
}

impl From<Vec<(String, CaseId, String)>> for Links {
    /// From `(how, case, reference)` rows.
    fn from(rows: Vec<(String, CaseId, String)>) -> Self {
        let mut links = Links::default();
        for (how, id, reference) in rows {
            let link = CaseLink { id, reference };
            match how.as_str() {
                "mentions" => links.mentions = Some(link),
                "mentioned_by" => links.mentioned_by.push(link),
                "duplicate_of" => links.possible_duplicate_of = Some(link),
                "duplicates" => links.possible_duplicates.push(link),
                "merged_into" => links.merged_into = Some(link),
                _ => links.merged_from.push(link),
            }
        }
        links
    }
}

/// The actions a consultant repeats while working ("viewed" a case, "edited" its answer),
/// folded into one entry per consultant, action and day (at the first, with the count in its
/// detail), so the transitions stay readable on a case read fifty times.
const REPEATED: [&str; 2] = ["viewed", "edited"];

pub fn fold_repeats(entries: Vec<AuditEntry>) -> Vec<AuditEntry> {
    let mut out: Vec<AuditEntry> = Vec::with_capacity(entries.len());
    let mut first: std::collections::HashMap<(String, String, chrono::NaiveDate), usize> =
        std::collections::HashMap::new();
    for e in entries {
        if !REPEATED.contains(&e.action.as_str()) {
            out.push(e);
            continue;
        }
        let key = (e.actor.clone(), e.action.clone(), e.at.date_naive());
        match first.get(&key) {
            Some(&i) => {
                let n = out[i].detail["count"].as_u64().unwrap_or(1) + 1;
                out[i].detail = serde_json::json!({ "count": n });
            }
            None => {
                first.insert(key, out.len());
                out.push(AuditEntry {
                    detail: serde_json::json!({ "count": 1 }),
                    ..e
                });
            }
        }
    }
    out
}

impl AuditEntry {
    /// The action as the case page's trail reads it: a folded action with its count, a
    /// hand-over with both consultants.
    pub fn describe(&self) -> String {
        let text = |key: &str| self.detail[key].as_str().map(crate::domain::visible);
        match (self.action.as_str(), self.detail["count"].as_u64()) {
            (action, Some(n)) if n > 1 && REPEATED.contains(&action) => {
                format!("{action} ×{n} that day")
            }
            ("assigned", _) => match (text("from"), text("to")) {
                (Some(from), Some(to)) => format!("handed over from {from} to {to}"),
                (None, Some(to)) => format!("assigned to {to}"),
                _ => "assigned".to_owned(),
            },
            (action, _) => action.to_owned(),
        }
    }
}

/// What the database says for `/metrics` at each scrape.
#[derive(Debug, Default)]
pub struct Gauges {
    pub cases_by_status: Vec<(String, i64)>,
    pub outbox_by_status: Vec<(String, i64)>,
    /// Each mailbox with the seconds since the desk last reached its server (None: never).
    pub mailbox_silence: Vec<(String, Option<f64>)>,
}

pub async fn gauges(pool: &PgPool) -> Result<Gauges, sqlx::Error> {
    // Every status, with its zero, so a dashboard sees a queue empty rather than missing; from
    // the kept counts, so a scrape never counts every case.
    let cases_by_status = sqlx::query_as(
        "SELECT s::text, coalesce(sum(k.n), 0)::bigint FROM unnest(enum_range(NULL::case_status)) s
         LEFT JOIN case_status_counts k ON k.status = s GROUP BY s ORDER BY s",
    )
    .fetch_all(pool)
    .await?;
    let outbox_by_status = sqlx::query_as(
        "SELECT s, count(o.id) FROM unnest(ARRAY['pending', 'sent', 'failed']) s
         LEFT JOIN outbox o ON o.status = s GROUP BY s ORDER BY s",
    )
    .fetch_all(pool)
    .await?;
    let mailbox_silence = sqlx::query_as(
        "SELECT name, EXTRACT(EPOCH FROM now() - last_contact_at)::float8 FROM mailboxes ORDER BY name",
    )
    .fetch_all(pool)
    .await?;
    Ok(Gauges {
        cases_by_status,
        outbox_by_status,
        mailbox_silence,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(at: &str, actor: &str, action: &str) -> AuditEntry {
        AuditEntry {
            at: at.parse().unwrap(),
            actor: actor.into(),
            action: action.into(),
            detail: serde_json::json!({}),
        }
    }

    #[test]
    fn views_and_edits_fold_per_consultant_action_and_day_around_the_actions() {
        let folded = fold_repeats(vec![
            entry("2026-11-26T08:00:00Z", "pat", "viewed"),
            entry("2026-11-26T08:01:00Z", "pat", "edited"),
            entry("2026-11-26T08:05:00Z", "pat", "claimed"),
            entry("2026-11-26T08:06:00Z", "pat", "edited"),
            entry("2026-11-26T08:07:00Z", "pat", "edited"),
            entry("2026-11-26T09:00:00Z", "pat", "viewed"),
            entry("2026-11-26T09:30:00Z", "sam", "viewed"),
            entry("2026-11-27T08:00:00Z", "pat", "viewed"),
        ]);
        let lines: Vec<(String, String)> = folded
            .iter()
            .map(|e| (e.actor.clone(), e.describe()))
            .collect();
        assert_eq!(
            lines,
            [
                ("pat".into(), "viewed ×2 that day".into()),
                ("pat".into(), "edited ×3 that day".into()),
                ("pat".into(), "claimed".into()),
                ("sam".into(), "viewed".into()),
                ("pat".into(), "viewed".into()),
            ]
        );
    }

    #[test]
    fn a_hand_over_names_both_consultants() {
        let mut e = entry("2026-11-26T08:00:00Z", "pat", "assigned");
        e.detail = serde_json::json!({ "from": "pat@desk.test", "to": "sam@desk.test" });
        assert_eq!(
            e.describe(),
            "handed over from pat@desk.test to sam@desk.test"
        );
        e.detail = serde_json::json!({ "from": null, "to": "sam@desk.test" });
        assert_eq!(e.describe(), "assigned to sam@desk.test");
    }
}
