//! The same question sent again: a new case whose question (quotes and signature removed)
//! matches an open or recently answered case of the same requester from the last 7 days is
//! marked as a possible duplicate of it, on both cases, for a consultant to merge.

use serde_json::json;
use sqlx::PgConnection;

use super::lifecycle::Actor;
use super::store::audit;
use crate::domain::CaseId;

/// Shorter than this (once normalised), a question ("see attached") says too little to match.
const MIN_CHARS: usize = 20;

/// The words of a question, lower-cased, without punctuation or layout: what a re-send keeps.
fn normalized(text: &str) -> String {
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric() && c != '.')
        .map(|w| w.trim_matches('.'))
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether two questions say the same thing in the same words.
pub fn same_question(a: &str, b: &str) -> bool {
    let a = normalized(a);
    a.len() >= MIN_CHARS && a == normalized(b)
}

/// Marks `case` as a possible duplicate of the newest matching case of `requester`, with an
/// audit entry on both. Returns that case.
pub(crate) async fn mark(
    conn: &mut PgConnection,
    case: CaseId,
    requester: &str,
    question: &str,
) -> Result<Option<CaseId>, sqlx::Error> {
    let recent = recent_of(conn, &[requester.to_owned()], &[]).await?;
    let Some(original) = earlier_match(&recent, case, requester, question) else {
        return Ok(None);
    };
    record(conn, case, original).await?;
    Ok(Some(original))
}

/// The newest question `requester` sent before `case` from the recent cases of a batch's
/// requesters (see [`recent_of`]), when it says what `question` says.
pub(crate) fn earlier_match(
    recent: &[RecentQuestion],
    case: CaseId,
    requester: &str,
    question: &str,
) -> Option<CaseId> {
    recent
        .iter()
        .filter(|r| r.case < case && r.requester.eq_ignore_ascii_case(requester))
        .find(|r| same_question(&r.question, question))
        .map(|r| r.case)
}

/// An open or recently answered case's first question, as duplicates are looked for.
#[derive(sqlx::FromRow)]
pub(crate) struct RecentQuestion {
    case: CaseId,
    requester: String,
    question: String,
}

impl RecentQuestion {
    /// A case opened in this transaction, from what its writer already holds.
    pub(crate) fn new(case: CaseId, requester: &str, question: &str) -> Self {
        Self {
            case,
            requester: requester.to_owned(),
            question: question.to_owned(),
        }
    }

    pub(crate) fn case(&self) -> CaseId {
        self.case
    }
}

/// The cases of these requesters a new question could repeat, newest first, leaving out
/// `known` (a batch's own new cases, which its writer holds already, so they are not read back
/// with their messages): one statement for a batch of new cases.
pub(crate) async fn recent_of(
    conn: &mut PgConnection,
    requesters: &[String],
    known: &[CaseId],
) -> Result<Vec<RecentQuestion>, sqlx::Error> {
    let lowered: Vec<String> = requesters.iter().map(|r| r.to_lowercase()).collect();
    // The cases first, then each one's first question through its case: written as a join,
    // the planner scanned every message waiting to be drafted once per case.
    sqlx::query_as(
        "WITH recent AS MATERIALIZED (
             SELECT c.id, c.requester FROM cases c
             WHERE lower(c.requester) = ANY($1) AND c.merged_into IS NULL AND c.id <> ALL($2)
               AND ((c.status IN ('open', 'claimed', 'delivery_failed')
                     AND c.created_at > now() - interval '7 days')
                    OR (c.status = 'answered' AND c.updated_at > now() - interval '7 days')))
         SELECT r.id AS case, r.requester, q.question_text AS question
         FROM recent r
         CROSS JOIN LATERAL (
             SELECT i.question_text FROM inbound_messages i
             WHERE i.case_id = r.id AND i.disposition = 'new_case' ORDER BY i.id LIMIT 1) q
         ORDER BY r.id DESC",
    )
    .bind(&lowered)
    .bind(known)
    .fetch_all(conn)
    .await
}

/// Marks `case` as a possible duplicate of `original`, with an audit entry on both.
pub(crate) async fn record(
    conn: &mut PgConnection,
    case: CaseId,
    original: CaseId,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE cases SET possible_duplicate_of = $2 WHERE id = $1")
        .bind(case)
        .bind(original)
        .execute(&mut *conn)
        .await?;
    let intake = Actor::Intake.audit_name();
    let detail = json!({ "of": original, "reference": original.reference() });
    audit(conn, Some(case), intake, "possible_duplicate", detail).await?;
    let detail = json!({ "duplicate": case, "reference": case.reference() });
    audit(conn, Some(original), intake, "possible_duplicate", detail).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_resent_question_matches_whatever_its_layout() {
        let q = "Outpatient bone SPECT for low back pain; the order says M54.5. Which codes?";
        let table: [(&str, bool); 6] = [
            (q, true),
            (
                "outpatient bone SPECT for low back pain -- the order says M54.5.\n\nWhich codes",
                true,
            ),
            (
                "  Outpatient  bone SPECT for low back pain; the order says M54.5.  Which codes?  ",
                true,
            ),
            (
                "Outpatient bone SPECT for low back pain; the order says M54.50. Which codes?",
                false,
            ),
            (
                "Outpatient bone SPECT for neck pain; the order says M54.5. Which codes?",
                false,
            ),
            ("", false),
        ];
        for (other, want) in table {
            assert_eq!(same_question(q, other), want, "{other:?}");
        }
        assert!(
            !same_question("See attached.", "see attached"),
            "too short to tell"
        );
    }
}
