//! Consultants' accounts and sessions: argon2id password hashes, random session tokens stored
//! only as their SHA-256, login attempts counted for rate limiting.

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use serde::Serialize;
use std::time::Duration;

use sha2::{Digest, Sha256};
use sqlx::PgPool;

use crate::domain::{ConsultantId, EmailAddress, Role};

#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    #[error("{0:?} is not an email address")]
    BadEmail(String),
    #[error("that password is too easy to guess: {0}")]
    WeakPassword(String),
    #[error("the current password is not right")]
    WrongPassword,
    #[error("{0} already has an account")]
    Exists(String),
    #[error("no such consultant")]
    NotFound,
    #[error("hashing the password failed")]
    Hash,
    #[error("database: {0}")]
    Db(#[from] sqlx::Error),
}

/// An account as every caller sees it: the address and role already parsed.
#[derive(Clone, Debug, Serialize)]
pub struct Consultant {
    pub id: ConsultantId,
    pub email: EmailAddress,
    pub name: String,
    pub role: Role,
    pub active: bool,
    /// The IANA time zone the consultant reads times in; the desk's when unset.
    pub timezone: Option<String>,
}

type Row = (ConsultantId, String, String, String, bool, Option<String>);
/// A row with one more column: the password hash.
type RowWith = (
    ConsultantId,
    String,
    String,
    String,
    bool,
    Option<String>,
    String,
);

fn from_row((id, email, name, role, active, timezone): Row) -> Result<Consultant, AccountError> {
    Ok(Consultant {
        id,
        email: EmailAddress::parse(&email).ok_or(AccountError::BadEmail(email))?,
        name,
        role: role.parse().unwrap_or(Role::Consultant),
        active,
        timezone,
    })
}

/// A consultant's own time zone (`None`: the desk's).
pub async fn set_timezone(
    pool: &PgPool,
    id: ConsultantId,
    timezone: Option<&str>,
) -> Result<(), AccountError> {
    sqlx::query("UPDATE consultants SET timezone = $2 WHERE id = $1")
        .bind(id)
        .bind(timezone)
        .execute(pool)
        .await?;
    Ok(())
}

async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, AccountError> + Send + 'static,
) -> Result<T, AccountError> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|_| AccountError::Hash)?
}

/// zxcvbn's estimate, not a length rule: "aaaaaaaaaa" and "Password2026!" fail, a few random
/// words pass. The account's own address and name count as known to an attacker.
pub fn check_strength(password: &str, known: &[&str]) -> Result<(), AccountError> {
    let estimate = zxcvbn::zxcvbn(password, known);
    if estimate.score() >= zxcvbn::Score::Three {
        return Ok(());
    }
    let advice = estimate
        .feedback()
        .and_then(|f| f.warning().map(|w| w.to_string()))
        .unwrap_or_else(|| "it would be guessed quickly".into());
    Err(AccountError::WeakPassword(format!(
        "{advice}. Use a longer password, for example four unrelated words."
    )))
}

pub fn hash_password(password: &str) -> Result<String, AccountError> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|_| AccountError::Hash)
}

pub async fn add(
    pool: &PgPool,
    email: &str,
    name: &str,
    role: Role,
    password: &str,
) -> Result<Consultant, AccountError> {
    let email =
        EmailAddress::parse(email).ok_or_else(|| AccountError::BadEmail(email.to_owned()))?;
    check_strength(password, &[email.as_str(), name])?;
    let password = password.to_owned();
    let hash = blocking(move || hash_password(&password)).await?;
    let row: Option<Row> = sqlx::query_as(
        "INSERT INTO consultants (email, name, role, password_hash) VALUES ($1, $2, $3, $4)
         ON CONFLICT (email) DO NOTHING RETURNING id, email, name, role, active, timezone",
    )
    .bind(email.as_str())
    .bind(name)
    .bind(role.as_str())
    .bind(hash)
    .fetch_optional(pool)
    .await?;
    row.map(from_row)
        .ok_or_else(|| AccountError::Exists(email.to_string()))?
}

pub async fn list(pool: &PgPool) -> Result<Vec<Consultant>, AccountError> {
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT id, email, name, role, active, timezone FROM consultants ORDER BY email",
    )
    .fetch_all(pool)
    .await?;
    rows.into_iter().map(from_row).collect()
}

/// The active account with this address.
pub async fn active(
    pool: &PgPool,
    email: &EmailAddress,
) -> Result<Option<Consultant>, AccountError> {
    let row: Option<Row> = sqlx::query_as(
        "SELECT id, email, name, role, active, timezone FROM consultants WHERE email = $1 AND active",
    )
    .bind(email.as_str())
    .fetch_optional(pool)
    .await?;
    row.map(from_row).transpose()
}

/// The id of the account with this address, active or not.
pub async fn id_of(pool: &PgPool, email: &str) -> Result<Option<ConsultantId>, AccountError> {
    Ok(
        sqlx::query_scalar("SELECT id FROM consultants WHERE email = $1")
            .bind(email.trim().to_lowercase())
            .fetch_optional(pool)
            .await?,
    )
}

/// Deactivated consultants cannot log in, and their sessions end at once.
pub async fn deactivate(pool: &PgPool, id: ConsultantId) -> Result<(), AccountError> {
    let mut tx = pool.begin().await?;
    let done = sqlx::query("UPDATE consultants SET active = false WHERE id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    if done.rows_affected() == 0 {
        return Err(AccountError::NotFound);
    }
    sqlx::query("DELETE FROM sessions WHERE consultant_id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// The consultant for these credentials; `None` for a wrong password, an unknown or an
/// inactive account alike, so the answer tells an attacker nothing.
pub async fn verify(
    pool: &PgPool,
    email: &str,
    password: &str,
) -> Result<Option<Consultant>, AccountError> {
    let email = email.trim().to_lowercase();
    let row: Option<RowWith> = sqlx::query_as(
        "SELECT id, email, name, role, active, timezone, password_hash FROM consultants
         WHERE email = $1",
    )
    .bind(&email)
    .fetch_optional(pool)
    .await?;
    // argon2 takes tens of milliseconds of CPU on purpose: off the async threads.
    let password = password.to_owned();
    let Some((id, email, name, role, active, timezone, hash)) = row else {
        // Spend the same time as a real check.
        let _ = blocking(move || hash_password(&password)).await?;
        return Ok(None);
    };
    let ok = blocking(move || {
        Ok(PasswordHash::new(&hash)
            .map(|parsed| {
                Argon2::default()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false))
    })
    .await?;
    if ok && active {
        from_row((id, email, name, role, active, timezone)).map(Some)
    } else {
        Ok(None)
    }
}

/// Failed password checks one client may make for one account in `THROTTLE_WINDOW`.
pub const MAX_FAILURES_PER_CLIENT: i64 = 5;
/// Failures for one account, from every client, before each further check is slowed down.
pub const SLOW_AFTER_FAILURES: i64 = 5;
const THROTTLE_WINDOW: &str = "15 minutes";
/// The longest an account's check is held back: the real user is slowed, never locked out.
const MAX_DELAY: Duration = Duration::from_secs(8);

/// What the throttle decided about one login attempt.
#[derive(Debug, PartialEq, Eq)]
pub enum Throttle {
    /// The password may be checked, after `delay`; `attempt` is recorded as failed until
    /// `succeeded` says otherwise.
    Check { attempt: i64, delay: Duration },
    /// This client has used its failures for this account; nothing was checked.
    Refused,
}

/// Counts and reserves in one step, under a lock on the (account, client) pair, so
/// simultaneous attempts cannot all pass one reading of the count.
pub async fn reserve_attempt(
    pool: &PgPool,
    email: &str,
    client: &str,
) -> Result<Throttle, AccountError> {
    let email = email.trim().to_lowercase();
    let mut tx = pool.begin().await?;
    sqlx::query("SELECT pg_advisory_xact_lock(hashtextextended($1 || chr(10) || $2, 7))")
        .bind(&email)
        .bind(client)
        .execute(&mut *tx)
        .await?;
    let (pair, account): (i64, i64) = sqlx::query_as(&format!(
        "SELECT count(*) FILTER (WHERE ip = $2), count(*) FROM login_attempts
         WHERE email = $1 AND NOT success AND NOT throttled
           AND at > now() - interval '{THROTTLE_WINDOW}'"
    ))
    .bind(&email)
    .bind(client)
    .fetch_one(&mut *tx)
    .await?;
    let refused = pair >= MAX_FAILURES_PER_CLIENT;
    let attempt: i64 = sqlx::query_scalar(
        "INSERT INTO login_attempts (email, ip, success, throttled) VALUES ($1, $2, false, $3)
         RETURNING id",
    )
    .bind(&email)
    .bind(client)
    .bind(refused)
    .fetch_one(&mut *tx)
    .await?;
    if refused {
        let detail = serde_json::json!({ "account": email, "client": client, "failures": pair });
        sqlx::query(
            "INSERT INTO audit_log (case_id, actor, action, detail)
             VALUES (NULL, $1, 'login_throttled', $2)",
        )
        .bind(&email)
        .bind(detail)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    if refused {
        return Ok(Throttle::Refused);
    }
    Ok(Throttle::Check {
        attempt,
        delay: slowdown(account),
    })
}

/// 0 below the threshold, then 0.5 s, 1 s, 2 s … up to `MAX_DELAY`.
fn slowdown(account_failures: i64) -> Duration {
    let over = account_failures - SLOW_AFTER_FAILURES;
    if over < 0 {
        return Duration::ZERO;
    }
    let millis = 500u64.saturating_mul(1 << over.min(10));
    Duration::from_millis(millis).min(MAX_DELAY)
}

/// The reserved attempt found the right password: it does not count against anyone.
pub async fn succeeded(pool: &PgPool, attempt: i64) -> Result<(), AccountError> {
    sqlx::query("UPDATE login_attempts SET success = true WHERE id = $1")
        .bind(attempt)
        .execute(pool)
        .await?;
    Ok(())
}

fn token_hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

fn random_token() -> String {
    format!(
        "{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    )
}

/// A new session: the cookie token and the session's CSRF token.
pub async fn start_session(
    pool: &PgPool,
    consultant: &Consultant,
    hours: i64,
) -> Result<(String, String), AccountError> {
    let (token, csrf) = (random_token(), random_token());
    sqlx::query(
        "INSERT INTO sessions (token_sha256, consultant_id, csrf_token, expires_at)
         VALUES ($1, $2, $3, now() + make_interval(hours => $4::int))",
    )
    .bind(token_hash(&token))
    .bind(consultant.id)
    .bind(&csrf)
    .bind(hours as i32)
    .execute(pool)
    .await?;
    Ok((token, csrf))
}

/// A session row: the account's columns, the CSRF token and the password flag.
type SessionRow = (
    ConsultantId,
    String,
    String,
    String,
    bool,
    Option<String>,
    String,
    bool,
);

/// A live session: its active consultant, its CSRF token, and whether an admin set the
/// password (then only the page that replaces it opens).
pub struct Session {
    pub consultant: Consultant,
    pub csrf: String,
    pub must_change_password: bool,
}

/// The live session of `token`, read in one statement: every page asks, so the password flag
/// comes with the account instead of in a second round trip.
pub async fn session(pool: &PgPool, token: &str) -> Result<Option<Session>, AccountError> {
    let row: Option<SessionRow> = sqlx::query_as(
        "SELECT c.id, c.email, c.name, c.role, c.active, c.timezone, s.csrf_token,
                c.must_change_password
         FROM sessions s JOIN consultants c ON c.id = s.consultant_id
         WHERE s.token_sha256 = $1 AND s.expires_at > now() AND c.active",
    )
    .bind(token_hash(token))
    .fetch_optional(pool)
    .await?;
    row.map(
        |(id, email, name, role, active, timezone, csrf, must_change)| {
            Ok(Session {
                consultant: from_row((id, email, name, role, active, timezone))?,
                csrf,
                must_change_password: must_change,
            })
        },
    )
    .transpose()
}

/// The consultant changes their own password: the current one is required, the new one must
/// be strong, and every other session of theirs ends.
pub async fn change_password(
    pool: &PgPool,
    me: &Consultant,
    keep_session: &str,
    current: &str,
    new: &str,
) -> Result<(), AccountError> {
    if verify(pool, me.email.as_str(), current).await?.is_none() {
        return Err(AccountError::WrongPassword);
    }
    check_strength(new, &[me.email.as_str(), &me.name, current])?;
    set_password(pool, me.id, new, false, Some(keep_session)).await
}

/// An admin sets a temporary password: the consultant must choose their own at the next
/// login, and their sessions end now.
pub async fn reset_password(
    pool: &PgPool,
    id: ConsultantId,
    temporary: &str,
) -> Result<(), AccountError> {
    let (email, name): (String, String) =
        sqlx::query_as("SELECT email, name FROM consultants WHERE id = $1")
            .bind(id)
            .fetch_optional(pool)
            .await?
            .ok_or(AccountError::NotFound)?;
    check_strength(temporary, &[&email, &name])?;
    set_password(pool, id, temporary, true, None).await
}

async fn set_password(
    pool: &PgPool,
    id: ConsultantId,
    password: &str,
    must_change: bool,
    keep_session: Option<&str>,
) -> Result<(), AccountError> {
    let password = password.to_owned();
    let hash = blocking(move || hash_password(&password)).await?;
    let mut tx = pool.begin().await?;
    sqlx::query(
        "UPDATE consultants SET password_hash = $2, must_change_password = $3 WHERE id = $1",
    )
    .bind(id)
    .bind(hash)
    .bind(must_change)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "DELETE FROM sessions WHERE consultant_id = $1
         AND ($2::bytea IS NULL OR token_sha256 <> $2)",
    )
    .bind(id)
    .bind(keep_session.map(token_hash))
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn end_session(pool: &PgPool, token: &str) -> Result<(), AccountError> {
    sqlx::query("DELETE FROM sessions WHERE token_sha256 = $1")
        .bind(token_hash(token))
        .execute(pool)
        .await?;
    Ok(())
}
