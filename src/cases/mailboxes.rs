//! The mailboxes the desk reads and each one's place in its IMAP folder: the UIDVALIDITY, the
//! last UID committed and when the server was last reached (what health output shows).

use sqlx::PgPool;

use crate::domain::MailboxKey;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cursor {
    pub key: MailboxKey,
    pub last_uid: u32,
}

/// Registers the mailbox if new and aligns its cursor with the UIDVALIDITY the server just
/// reported. A changed UIDVALIDITY starts the cursor over; duplicates are then caught by
/// Message-ID plus content hash at ingest.
pub async fn align(pool: &PgPool, name: &str, uidvalidity: u32) -> Result<Cursor, sqlx::Error> {
    let (mailbox_id, stored_validity, last_uid): (i64, Option<i64>, i64) = sqlx::query_as(
        "INSERT INTO mailboxes (name) VALUES ($1)
         ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name
         RETURNING id, uidvalidity, last_uid",
    )
    .bind(name)
    .fetch_one(pool)
    .await?;
    let key = MailboxKey {
        mailbox_id,
        uidvalidity,
    };
    if stored_validity == Some(i64::from(uidvalidity)) {
        return Ok(Cursor {
            key,
            last_uid: u32::try_from(last_uid).unwrap_or(0),
        });
    }
    if stored_validity.is_some() {
        tracing::warn!(mailbox = name, old = ?stored_validity, new = uidvalidity, "UIDVALIDITY changed; cursor reset");
    }
    sqlx::query("UPDATE mailboxes SET uidvalidity = $2, last_uid = 0 WHERE id = $1")
        .bind(mailbox_id)
        .bind(i64::from(uidvalidity))
        .execute(pool)
        .await?;
    Ok(Cursor { key, last_uid: 0 })
}

pub async fn record_contact(pool: &PgPool, mailbox_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE mailboxes SET last_contact_at = now(), last_error = NULL, auth_failed = false
         WHERE id = $1",
    )
    .bind(mailbox_id)
    .execute(pool)
    .await?;
    Ok(())
}

/// Keeps the last failure visible to health checks, not only in a log line; `auth` marks a
/// refused login, which only an admin can mend.
pub async fn record_error(
    pool: &PgPool,
    name: &str,
    error: &str,
    auth: bool,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO mailboxes (name, last_error, last_error_at, auth_failed) VALUES ($1, $2, now(), $3)
         ON CONFLICT (name) DO UPDATE SET last_error = $2, last_error_at = now(), auth_failed = $3",
    )
    .bind(name)
    .bind(error)
    .bind(auth)
    .execute(pool)
    .await?;
    Ok(())
}

/// What intake saw in the folder: messages waiting (the stall clock starts, if not running) or
/// none (it stops).
pub async fn record_waiting(
    pool: &PgPool,
    mailbox_id: i64,
    waiting: bool,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE mailboxes SET waiting_since = CASE WHEN $2 THEN coalesce(waiting_since, now()) END
         WHERE id = $1",
    )
    .bind(mailbox_id)
    .bind(waiting)
    .execute(pool)
    .await?;
    Ok(())
}

/// A batch (or a message of it) was committed or quarantined: intake moves on.
pub async fn record_progress(pool: &PgPool, mailbox_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE mailboxes SET last_commit_at = now(), failing_uid = NULL, failing_count = 0,
                              failing_kind = NULL
         WHERE id = $1",
    )
    .bind(mailbox_id)
    .execute(pool)
    .await?;
    Ok(())
}

/// One more failed attempt to store message `uid` (`kind` names the error, never quotes it);
/// returns how many times in a row it has failed.
pub async fn record_failure(
    pool: &PgPool,
    mailbox_id: i64,
    uid: u32,
    kind: &str,
) -> Result<i32, sqlx::Error> {
    sqlx::query_scalar(
        "UPDATE mailboxes SET
             failing_count = CASE WHEN failing_uid = $2 THEN failing_count + 1 ELSE 1 END,
             failing_uid = $2, failing_kind = $3
         WHERE id = $1 RETURNING failing_count",
    )
    .bind(mailbox_id)
    .bind(i64::from(uid))
    .bind(kind)
    .fetch_one(pool)
    .await
}

/// Of `uids`, those already committed under this key.
pub async fn committed_uids(
    pool: &PgPool,
    key: MailboxKey,
    uids: &[u32],
) -> Result<Vec<u32>, sqlx::Error> {
    let wanted: Vec<i64> = uids.iter().map(|&u| i64::from(u)).collect();
    let found: Vec<i64> = sqlx::query_scalar(
        "SELECT uid FROM inbound_messages WHERE mailbox_id = $1 AND uidvalidity = $2 AND uid = ANY($3)",
    )
    .bind(key.mailbox_id)
    .bind(i64::from(key.uidvalidity))
    .bind(&wanted)
    .fetch_all(pool)
    .await?;
    Ok(found
        .into_iter()
        .filter_map(|u| u32::try_from(u).ok())
        .collect())
}

#[derive(Clone, Debug, serde::Serialize, sqlx::FromRow)]
pub struct MailboxHealth {
    pub name: String,
    pub last_uid: i64,
    pub last_contact_at: Option<chrono::DateTime<chrono::Utc>>,
    pub last_error: Option<String>,
    pub last_error_at: Option<chrono::DateTime<chrono::Utc>>,
    /// The instance reading this mailbox now (`host:pid`), while its lease lasts.
    pub read_by: Option<String>,
    /// The server refused the desk's login at the last try.
    pub auth_failed: bool,
    /// Why intake is stuck, when it is: messages have waited with nothing committed for
    /// [`STALL_SECS`], or it keeps failing on one message.
    pub stalled: Option<String>,
}

/// How long messages may wait in a mailbox's folder with nothing committed before the mailbox
/// counts as stalled.
pub const STALL_SECS: i64 = 60;
/// Failed attempts on one message after which the mailbox counts as stalled (the message is
/// quarantined after a few more).
pub const STALL_FAILURES: i32 = 2;

pub async fn health(pool: &PgPool) -> Result<Vec<MailboxHealth>, sqlx::Error> {
    sqlx::query_as(
        "SELECT name, last_uid, last_contact_at, last_error, last_error_at,
                CASE WHEN lease_until > now() THEN lease_holder END AS read_by, auth_failed,
                CASE
                    WHEN failing_count >= $2 THEN
                        format('failing on message UID %s (%s, %s attempts)',
                               failing_uid, failing_kind, failing_count)
                    WHEN waiting_since < now() - make_interval(secs => $1)
                         AND coalesce(last_commit_at, '-infinity') < now() - make_interval(secs => $1)
                    THEN format('messages waiting, nothing committed for %s s', $1)
                END AS stalled
         FROM mailboxes ORDER BY name",
    )
    .bind(STALL_SECS as f64)
    .bind(STALL_FAILURES)
    .fetch_all(pool)
    .await
}

/// Takes the mailbox for `holder` when nobody holds it or the holder's lease has run out (or
/// renews it when `holder` has it already). Returns whether `holder` now holds it.
pub async fn take_lease(
    pool: &PgPool,
    name: &str,
    holder: &str,
    ttl: std::time::Duration,
) -> Result<bool, sqlx::Error> {
    sqlx::query("INSERT INTO mailboxes (name) VALUES ($1) ON CONFLICT (name) DO NOTHING")
        .bind(name)
        .execute(pool)
        .await?;
    let taken = sqlx::query(
        "UPDATE mailboxes SET lease_holder = $2, lease_until = now() + make_interval(secs => $3)
         WHERE name = $1 AND (lease_holder = $2 OR lease_holder IS NULL OR lease_until < now())",
    )
    .bind(name)
    .bind(holder)
    .bind(ttl.as_secs_f64())
    .execute(pool)
    .await?;
    Ok(taken.rows_affected() == 1)
}

/// Extends `holder`'s lease; false when another instance has taken the mailbox meanwhile.
pub async fn renew_lease(
    pool: &PgPool,
    name: &str,
    holder: &str,
    ttl: std::time::Duration,
) -> Result<bool, sqlx::Error> {
    let renewed = sqlx::query(
        "UPDATE mailboxes SET lease_until = now() + make_interval(secs => $3)
         WHERE name = $1 AND lease_holder = $2",
    )
    .bind(name)
    .bind(holder)
    .bind(ttl.as_secs_f64())
    .execute(pool)
    .await?;
    Ok(renewed.rows_affected() == 1)
}

/// Gives the mailbox up at shutdown, so another instance need not wait for the lease to run out.
pub async fn release_lease(pool: &PgPool, name: &str, holder: &str) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE mailboxes SET lease_holder = NULL, lease_until = NULL
         WHERE name = $1 AND lease_holder = $2",
    )
    .bind(name)
    .bind(holder)
    .execute(pool)
    .await?;
    Ok(())
}
