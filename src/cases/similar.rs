//! The desk's memory: earlier answered cases whose question is most like this one's, by the
//! words of the questions (PostgreSQL full-text search) and the codes they share.

use chrono::{DateTime, Utc};
use sqlx::types::Json;
use sqlx::PgPool;

use super::CaseError;
use crate::domain::{CaseId, RecommendedCode};

/// An answered case with the last answer it was sent.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct SimilarCase {
    pub id: CaseId,
    pub reference: String,
    pub subject: String,
    /// The consultant who answered, by name (by address once the account is gone).
    pub consultant: String,
    pub answered_at: DateTime<Utc>,
    /// The answer's codes, in its order.
    pub codes: Json<Vec<RecommendedCode>>,
}

impl SimilarCase {
    pub fn code_list(&self) -> String {
        self.codes
            .0
            .iter()
            .map(|c| c.code.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Up to `limit` answered cases most like `case`, best first.
///
/// The query is this case's words (its questions' lexemes, the most repeated 64, so a long
/// message cannot make the query unbounded) joined with OR: any shared word can find a case, and
/// `ts_rank` orders them by how much they share. Words that PostgreSQL's statistics list among
/// the most common of all questions (in more than one in a hundred) are left out: they say
/// little about the coding problem, and on a large desk each would match, and rank, most of a
/// million messages on every case page. Each code the other case's answer reports that
/// this case's drafts name (mentioned or recommended) weighs like a strong text match, since a
/// shared code is the surest sign of the same coding problem.
///
/// The planner's guess of thousands of candidates makes the statement look expensive enough
/// for JIT compilation, which alone took 1.2 s of a 40 ms statement on a desk of 100,000
/// cases: it is switched off for this statement's transaction.
pub async fn similar_answered(
    pool: &PgPool,
    case: CaseId,
    limit: i64,
) -> Result<Vec<SimilarCase>, CaseError> {
    let mut tx = pool.begin().await?;
    sqlx::query("SET LOCAL jit = off").execute(&mut *tx).await?;
    let similar = sqlx::query_as(
        r"WITH words AS (
             SELECT w.lexeme, sum(coalesce(array_length(w.positions, 1), 1)) AS n
             FROM inbound_messages i, unnest(i.search) w
             WHERE i.case_id = $1
               AND w.lexeme NOT IN (
                   SELECT e.lexeme
                   FROM pg_stats st,
                        unnest(st.most_common_elems::text::text[], st.most_common_elem_freqs)
                            AS e(lexeme, freq)
                   WHERE st.schemaname = current_schema() AND st.tablename = 'inbound_messages'
                     AND st.attname = 'search' AND e.lexeme IS NOT NULL AND e.freq > 0.01)
             GROUP BY w.lexeme
             ORDER BY n DESC, w.lexeme
             LIMIT 64),
         this AS (
             -- A lexeme quoted for tsquery input: quotes doubled, backslashes escaped.
             SELECT (SELECT string_agg('''' || replace(replace(lexeme, '\', '\\'), '''', '''''')
                                       || '''', ' | ')::tsquery FROM words) AS q,
                    coalesce((SELECT array_agg(DISTINCT upper(x->>'code'))
                              FROM drafts d, jsonb_array_elements(
                                  coalesce(d.draft->'codes_mentioned', '[]')
                                  || coalesce(d.draft->'recommended', '[]')) x
                              WHERE d.case_id = $1), '{}') AS codes),
         text_match AS (
             SELECT i.case_id, max(ts_rank(i.search, this.q)) AS rank
             FROM inbound_messages i, this
             WHERE i.search @@ this.q AND i.case_id <> $1
             GROUP BY i.case_id),
         -- Answered cases whose answer reports one of this case's codes, the latest 500 (the
         -- containment test is served by answers_codes_idx).
         code_match AS (
             SELECT a.case_id FROM answers a
             WHERE (SELECT cardinality(codes) FROM this) > 0
               AND a.case_id <> $1 AND a.codes @> ANY (ARRAY(
                 SELECT jsonb_build_array(jsonb_build_object('code', k))
                 FROM this, unnest(this.codes) k))
             ORDER BY a.id DESC LIMIT 500),
         candidates AS (
             SELECT case_id FROM text_match UNION SELECT case_id FROM code_match),
         -- Each candidate's case and last answer looked up on their own (OFFSET 0 keeps them
         -- apart): the planner cannot know how few candidates there are, and would otherwise
         -- read every case and every answer.
         last_answer AS (
             SELECT c.id, c.reference, c.subject, a.consultant, a.codes, a.created_at
             FROM candidates k
             CROSS JOIN LATERAL (SELECT c.id, c.reference, c.subject FROM cases c
                                 WHERE c.id = k.case_id AND c.status IN ('answered', 'closed')
                                 OFFSET 0) c
             CROSS JOIN LATERAL (SELECT a.consultant, a.codes, a.created_at FROM answers a
                                 WHERE a.case_id = k.case_id ORDER BY a.id DESC LIMIT 1) a),
         scored AS (
             SELECT la.id, la.reference, la.subject,
                    coalesce(k.name, la.consultant) AS consultant,
                    la.created_at AS answered_at, la.codes,
                    coalesce(tm.rank, 0) AS text_rank,
                    (SELECT count(*) FROM jsonb_array_elements(la.codes) x, this
                     WHERE upper(x->>'code') = ANY(this.codes)) AS shared_codes
             FROM last_answer la
             LEFT JOIN text_match tm ON tm.case_id = la.id
             LEFT JOIN consultants k ON lower(k.email) = lower(la.consultant))
         SELECT id, reference, subject, consultant, answered_at, codes
         FROM scored WHERE text_rank > 0 OR shared_codes > 0
         ORDER BY text_rank + 0.2 * shared_codes DESC, answered_at DESC
         LIMIT $2",
    )
    .bind(case)
    .bind(limit)
    .fetch_all(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(similar)
}
