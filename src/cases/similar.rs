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
pub async fn similar_answered(
    pool: &PgPool,
    case: CaseId,
    limit: i64,
) -> Result<Vec<SimilarCase>, CaseError> {
    Ok(sqlx::query_as(
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
             WHERE a.case_id <> $1 AND a.codes @> ANY (ARRAY(
                 SELECT jsonb_build_array(jsonb_build_object('code', k))
                 FROM this, unnest(this.codes) k))
             ORDER BY a.id DESC LIMIT 500),
         candidates AS (
             SELECT case_id FROM text_match UNION SELECT case_id FROM code_match),
         last_answer AS (
             SELECT DISTINCT ON (a.case_id) a.case_id, a.consultant, a.codes, a.created_at
             FROM answers a WHERE a.case_id IN (SELECT case_id FROM candidates)
             ORDER BY a.case_id, a.id DESC),
         scored AS (
             SELECT c.id, c.reference, c.subject,
                    coalesce(k.name, la.consultant) AS consultant,
                    la.created_at AS answered_at, la.codes,
                    coalesce(tm.rank, 0) AS text_rank,
                    (SELECT count(*) FROM jsonb_array_elements(la.codes) x, this
                     WHERE upper(x->>'code') = ANY(this.codes)) AS shared_codes
             FROM cases c
             JOIN last_answer la ON la.case_id = c.id
             LEFT JOIN text_match tm ON tm.case_id = c.id
             LEFT JOIN consultants k ON lower(k.email) = lower(la.consultant)
             WHERE c.status IN ('answered', 'closed'))
         SELECT id, reference, subject, consultant, answered_at, codes
         FROM scored WHERE text_rank > 0 OR shared_codes > 0
         ORDER BY text_rank + 0.2 * shared_codes DESC, answered_at DESC
         LIMIT $2",
    )
    .bind(case)
    .bind(limit)
    .fetch_all(pool)
    .await?)
}
