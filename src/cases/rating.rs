//! "Did this answer your question? Yes · No": each answer email carries two links with a token
//! that names one case and is signed with the desk's link key (HMAC-SHA256), so a requester
//! votes without logging in and nobody can vote on a case whose email they did not get. The
//! link's page posts the vote by script as it opens; only the POST records it, because mail
//! security scanners fetch every link of a message they inspect. The last vote counts.

use chrono::NaiveDate;
use hmac::{Hmac, Mac};
use serde::Serialize;
use serde_json::json;
use sha2::Sha256;
use sqlx::{PgConnection, PgPool};

use super::store::audit;
use super::{CaseError, CaseStore};
use crate::domain::CaseId;

/// Hex characters of the signature a token carries: 128 bits.
const SIGNATURE_HEX: usize = 32;

/// The desk's link key, made on first use. Every instance reads the same row; the first writer
/// wins a race.
pub(crate) async fn link_key(conn: &mut PgConnection) -> Result<Vec<u8>, sqlx::Error> {
    sqlx::query("INSERT INTO link_keys (id, key) VALUES (1, $1) ON CONFLICT (id) DO NOTHING")
        .bind(fresh_key())
        .execute(&mut *conn)
        .await?;
    sqlx::query_scalar("SELECT key FROM link_keys WHERE id = 1")
        .fetch_one(&mut *conn)
        .await
}

/// A new random key, stored only if the desk has none yet.
pub(super) fn fresh_key() -> Vec<u8> {
    [
        uuid::Uuid::new_v4(),
        uuid::Uuid::new_v4(),
        uuid::Uuid::new_v4(),
    ]
    .iter()
    .flat_map(|u| u.into_bytes())
    .collect()
}

fn signature(key: &[u8], case: CaseId) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes a key of any length");
    mac.update(format!("rating:{}", case.0).as_bytes());
    let full = hex::encode(mac.finalize().into_bytes());
    full[..SIGNATURE_HEX].to_owned()
}

/// `1042-<signature>`: the case and the proof that the desk wrote it.
pub fn token(key: &[u8], case: CaseId) -> String {
    format!("{}-{}", case.0, signature(key, case))
}

/// The case a token names, when the desk signed it.
pub fn verify(key: &[u8], token: &str) -> Option<CaseId> {
    let (id, sig) = token.split_once('-')?;
    let case = CaseId(id.parse().ok()?);
    let want = signature(key, case);
    let same = sig.len() == want.len()
        && sig
            .bytes()
            .zip(want.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0;
    same.then_some(case)
}

/// A case's rating, as its page shows it.
#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct Rating {
    pub helpful: bool,
    pub voted_at: chrono::DateTime<chrono::Utc>,
}

/// The share of "yes" among the votes of one consultant or one week.
#[derive(Clone, Debug, Serialize, sqlx::FromRow)]
pub struct Satisfaction {
    pub label: String,
    pub votes: i64,
    pub yes: i64,
}

impl Satisfaction {
    /// Whole percent of "yes".
    pub fn percent(&self) -> i64 {
        (self.yes * 100 + self.votes / 2) / self.votes.max(1)
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct SatisfactionReport {
    pub by_consultant: Vec<Satisfaction>,
    pub by_week: Vec<Satisfaction>,
}

impl CaseStore {
    /// Records the requester's vote from a rating link. A link the desk did not sign, or for a
    /// case that was never answered, is refused without saying which.
    pub async fn rate(&self, token: &str, helpful: bool) -> Result<CaseId, CaseError> {
        let mut tx = self.pool.begin().await?;
        let (case, consultant) = rated_answer(&mut tx, token).await?;
        let changed: Option<bool> = sqlx::query_scalar(
            "INSERT INTO ratings (case_id, helpful, consultant) VALUES ($1, $2, $3)
             ON CONFLICT (case_id) DO UPDATE
                 SET helpful = EXCLUDED.helpful, consultant = EXCLUDED.consultant, voted_at = now()
                 WHERE ratings.helpful <> EXCLUDED.helpful
             RETURNING helpful",
        )
        .bind(case)
        .bind(helpful)
        .bind(consultant)
        .fetch_optional(&mut *tx)
        .await?;
        if changed.is_some() {
            let detail = json!({ "helpful": helpful });
            audit(&mut tx, Some(case), "requester", "rated", detail).await?;
        }
        tx.commit().await?;
        Ok(case)
    }

    /// The case a rating link may vote on and its vote so far, without recording anything.
    pub async fn rating_link(&self, token: &str) -> Result<(CaseId, Option<bool>), CaseError> {
        let mut conn = self.pool.acquire().await?;
        let (case, _) = rated_answer(&mut conn, token).await?;
        let helpful = sqlx::query_scalar("SELECT helpful FROM ratings WHERE case_id = $1")
            .bind(case)
            .fetch_optional(&mut *conn)
            .await?;
        Ok((case, helpful))
    }

    /// The token of a case's rating links, as its answer email carries it.
    pub(crate) async fn rating_token(
        &self,
        conn: &mut PgConnection,
        case: CaseId,
    ) -> Result<String, sqlx::Error> {
        Ok(token(&link_key(conn).await?, case))
    }
}

/// The case a signed token names and the consultant of its last answer; a link the desk did
/// not sign, or for a case never answered, is refused without saying which.
async fn rated_answer(
    conn: &mut PgConnection,
    token: &str,
) -> Result<(CaseId, Option<String>), CaseError> {
    let key = link_key(conn).await?;
    let case = verify(&key, token).ok_or(CaseError::BadRatingLink)?;
    let consultant: Option<Option<String>> = sqlx::query_scalar(
        "SELECT (SELECT consultant FROM answers WHERE case_id = c.id ORDER BY id DESC LIMIT 1)
         FROM cases c WHERE c.id = $1 AND EXISTS (SELECT 1 FROM answers a WHERE a.case_id = c.id)",
    )
    .bind(case)
    .fetch_optional(&mut *conn)
    .await?;
    Ok((case, consultant.ok_or(CaseError::BadRatingLink)?))
}

/// The share of "yes" per consultant (most votes first) and per week of the vote (newest
/// first, the last `weeks`).
pub async fn satisfaction(pool: &PgPool, weeks: i32) -> Result<SatisfactionReport, CaseError> {
    let by_consultant = sqlx::query_as(
        "SELECT coalesce(consultant, '(unknown)') AS label, count(*) AS votes,
                count(*) FILTER (WHERE helpful) AS yes
         FROM ratings GROUP BY 1 ORDER BY votes DESC, label",
    )
    .fetch_all(pool)
    .await?;
    let weekly: Vec<(NaiveDate, i64, i64)> = sqlx::query_as(
        "SELECT date_trunc('week', voted_at)::date, count(*), count(*) FILTER (WHERE helpful)
         FROM ratings WHERE voted_at >= date_trunc('week', now()) - make_interval(weeks => $1 - 1)
         GROUP BY 1 ORDER BY 1 DESC",
    )
    .bind(weeks)
    .fetch_all(pool)
    .await?;
    let by_week = weekly
        .into_iter()
        .map(|(week, votes, yes)| Satisfaction {
            label: format!("week of {week}"),
            votes,
            yes,
        })
        .collect();
    Ok(SatisfactionReport {
        by_consultant,
        by_week,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_names_one_case_and_only_the_key_makes_it() {
        let key = b"0123456789abcdef0123456789abcdef";
        let t = token(key, CaseId(1042));
        assert!(t.starts_with("1042-"), "{t}");
        assert_eq!(verify(key, &t), Some(CaseId(1042)));
        let other_case = t.replacen("1042", "1043", 1);
        assert_eq!(verify(key, &other_case), None, "bound to its case");
        assert_eq!(verify(b"another key of thirty-two bytes!", &t), None);
        for bad in ["", "1042", "1042-", "x-abc", &t[..t.len() - 1]] {
            assert_eq!(verify(key, bad), None, "{bad:?}");
        }
    }

    #[test]
    fn shares_round_to_whole_percent() {
        let s = |votes, yes| Satisfaction {
            label: String::new(),
            votes,
            yes,
        };
        assert_eq!(s(3, 2).percent(), 67);
        assert_eq!(s(4, 4).percent(), 100);
        assert_eq!(s(0, 0).percent(), 0);
    }
}
