use std::time::Duration;

use async_imap::types::Capabilities;
use futures::TryStreamExt;
use tokio_util::sync::CancellationToken;
use tracing::{info, info_span, warn};

use super::classify::{self, Policy};
use super::{parse, IntakeContext, IntakeError};
use crate::cases::mailboxes::{self as cursor, Cursor};
use crate::cases::{CaseError, IngestInput, IngestOutcome};
use crate::config::AfterCommit;
use crate::domain::{ParsedMessage, QuarantineReason};
use crate::imap::{self, timed, Session};

/// How long a mailbox stays with the instance reading it without a renewal: when that
/// instance dies, another takes over at most this long (plus one `LEASE_CHECK`) later.
const LEASE_TTL: Duration = Duration::from_secs(10);
/// How often the holder renews and the others look for a lapsed lease.
const LEASE_CHECK: Duration = Duration::from_secs(2);

/// Keeps one mailbox drained until `shutdown`, while this task holds the mailbox's lease (any
/// number of instances may run; one reads a mailbox at a time). Reconnects with capped
/// exponential backoff after any failure and records the failure where health checks see it.
pub async fn run(ctx: IntakeContext, shutdown: CancellationToken) {
    let name = ctx.config.imap.name.clone();
    let holder = holder_id();
    let pool = ctx.store.pool().clone();
    while let Some(held) = wait_for_lease(&pool, &name, &holder, &shutdown).await {
        info!(mailbox = %name, holder = %holder, "reading this mailbox");
        let renewing = keep_lease(pool.clone(), name.clone(), holder.clone(), held.clone());
        tokio::select! {
            _ = read_while_held(&ctx, &held) => {}
            _ = renewing => {}
        }
        if !shutdown.is_cancelled() {
            warn!(mailbox = %name, holder = %holder, "lost the mailbox's lease; another instance reads it now");
        }
    }
    if let Err(e) = cursor::release_lease(&pool, &name, &holder).await {
        warn!(mailbox = %name, error = %e, "could not give up the mailbox's lease");
    }
    info!(mailbox = %name, "intake stopped");
}

/// This intake task's name in the lease: the host and process, so an operator can find it.
fn holder_id() -> String {
    let host = std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|h| h.trim().to_owned())
        .unwrap_or_else(|_| "host".into());
    let task = uuid::Uuid::new_v4().simple().to_string();
    format!("{host}:{}:{}", std::process::id(), &task[..8])
}

/// Waits until this task holds the lease; returns a token cancelled when the lease is lost or
/// shutdown begins, or None at shutdown.
async fn wait_for_lease(
    pool: &sqlx::PgPool,
    name: &str,
    holder: &str,
    shutdown: &CancellationToken,
) -> Option<CancellationToken> {
    let mut told = false;
    while !shutdown.is_cancelled() {
        match cursor::take_lease(pool, name, holder, LEASE_TTL).await {
            Ok(true) => return Some(shutdown.child_token()),
            Ok(false) if !told => {
                info!(mailbox = %name, "another instance reads this mailbox; standing by");
                told = true;
            }
            Ok(false) => {}
            Err(e) => warn!(mailbox = %name, error = %e, "cannot take the mailbox's lease"),
        }
        tokio::select! {
            _ = tokio::time::sleep(LEASE_CHECK) => {}
            _ = shutdown.cancelled() => {}
        }
    }
    None
}

/// Renews the lease until it is lost (taken by another instance, or not renewed for half its
/// life because the database is out of reach), then cancels `held` so reading stops in time.
async fn keep_lease(pool: sqlx::PgPool, name: String, holder: String, held: CancellationToken) {
    let mut last_renewed = tokio::time::Instant::now();
    loop {
        tokio::select! {
            _ = tokio::time::sleep(LEASE_CHECK) => {}
            _ = held.cancelled() => break,
        }
        match cursor::renew_lease(&pool, &name, &holder, LEASE_TTL).await {
            Ok(true) => last_renewed = tokio::time::Instant::now(),
            Ok(false) => break,
            Err(e) => {
                warn!(mailbox = %name, error = %e, "cannot renew the mailbox's lease");
                if last_renewed.elapsed() > LEASE_TTL / 2 {
                    break;
                }
            }
        }
    }
    held.cancel();
    // Reading stops at its next step; until then the select in `run` waits on it.
    std::future::pending::<()>().await
}

async fn read_while_held(ctx: &IntakeContext, held: &CancellationToken) {
    let name = &ctx.config.imap.name;
    let mut backoff = Backoff::new(Duration::from_secs(ctx.config.imap.max_backoff_secs.max(1)));
    while !held.is_cancelled() {
        match session(ctx, held, &mut backoff).await {
            Ok(()) => break,
            Err(e) => {
                // Reconnecting resets the connection's backoff; a message that keeps failing
                // keeps its own, which grows with its attempts.
                let delay = match &e {
                    IntakeError::StoreFailed { attempts, .. } => backoff
                        .next_delay()
                        .max(Backoff::after_attempts(*attempts, backoff.cap)),
                    _ => backoff.next_delay(),
                };
                warn!(mailbox = %name, error = %e, retry_in_ms = delay.as_millis() as u64, "intake connection failed");
                let auth = matches!(&e, IntakeError::Imap(i) if i.is_auth());
                if auth {
                    tracing::error!(mailbox = %name, error = %e, "the mail server refused the desk's login; an admin must renew its credentials");
                }
                if let Err(db) =
                    cursor::record_error(ctx.store.pool(), name, &e.to_string(), auth).await
                {
                    warn!(mailbox = %name, error = %db, "could not record intake failure");
                }
                tokio::select! {
                    _ = tokio::time::sleep(delay) => {}
                    _ = held.cancelled() => break,
                }
            }
        }
    }
}

struct Backoff {
    next: Duration,
    cap: Duration,
}

impl Backoff {
    const FIRST: Duration = Duration::from_millis(250);

    fn new(cap: Duration) -> Self {
        Self {
            next: Self::FIRST,
            cap,
        }
    }
    fn next_delay(&mut self) -> Duration {
        let now = self.next.min(self.cap);
        self.next = (self.next * 2).min(self.cap);
        now
    }
    fn reset(&mut self) {
        self.next = Self::FIRST;
    }
    /// The delay before the next try of something that has failed `attempts` times in a row.
    fn after_attempts(attempts: i32, cap: Duration) -> Duration {
        let doublings = u32::try_from(attempts.saturating_sub(1))
            .unwrap_or(0)
            .min(16);
        (Self::FIRST * 2u32.pow(doublings)).min(cap)
    }
}

/// One connection's life: drain, then IDLE (or sleep without IDLE) until there is more.
async fn session(
    ctx: &IntakeContext,
    shutdown: &CancellationToken,
    backoff: &mut Backoff,
) -> Result<(), IntakeError> {
    let cfg = &ctx.config.imap;
    let limit = Duration::from_secs(cfg.timeout_secs);
    let (mut session, caps) = imap::connect(cfg).await?;
    if cfg.after_commit == AfterCommit::Move {
        // Creating an existing folder fails harmlessly; a folder that truly cannot be used shows
        // up as a failed MOVE, before which nothing was deleted.
        let _ = timed(limit, "CREATE", session.create(&cfg.processed_folder)).await;
    }
    let mailbox = timed(limit, "SELECT", session.select(&cfg.folder)).await?;
    let validity = mailbox.uid_validity.ok_or(IntakeError::NoUidValidity)?;
    let mut cursor = cursor::align(ctx.store.pool(), &cfg.name, validity).await?;
    let mut mover = Finisher::new(&caps, cfg.after_commit, cfg.processed_folder.clone());
    let has_idle = caps.has_str("IDLE");
    info!(mailbox = %cfg.name, uidvalidity = validity, idle = has_idle, "intake connected");
    backoff.reset();
    loop {
        drain(&mut session, ctx, &mut cursor, &mut mover, limit, shutdown).await?;
        cursor::record_contact(ctx.store.pool(), cursor.key.mailbox_id).await?;
        if shutdown.is_cancelled() {
            let _ = timed(limit, "LOGOUT", session.logout()).await;
            return Ok(());
        }
        if has_idle {
            let refresh = Duration::from_secs(cfg.idle_refresh_secs);
            let (back, stopping) = idle(session, refresh, limit, shutdown).await?;
            session = back;
            if stopping {
                let _ = timed(limit, "LOGOUT", session.logout()).await;
                return Ok(());
            }
        } else {
            tokio::select! {
                _ = tokio::time::sleep(Duration::from_secs(cfg.poll_interval_secs)) => {}
                _ = shutdown.cancelled() => {}
            }
        }
    }
}

/// Waits in IDLE until the server reports a change, the refresh interval passes, or shutdown.
/// Returns the session and whether shutdown was asked for.
async fn idle(
    session: Session,
    refresh: Duration,
    limit: Duration,
    shutdown: &CancellationToken,
) -> Result<(Session, bool), IntakeError> {
    let mut handle = session.idle();
    timed(limit, "IDLE", handle.init()).await?;
    let stopping = {
        // Keepalives ("* OK Still here") reset the library's own timeout, so our refresh timer
        // is what bounds an IDLE.
        let (wait, _interrupt) = handle.wait_with_timeout(refresh + limit);
        tokio::select! {
            r = wait => { r?; false }
            _ = tokio::time::sleep(refresh) => false,
            _ = shutdown.cancelled() => true,
        }
    };
    let session = timed(limit, "DONE", handle.done()).await?;
    Ok((session, stopping))
}

/// Takes every waiting message: commit first, then finish (move or flag) it on the server.
async fn drain(
    session: &mut Session,
    ctx: &IntakeContext,
    cursor: &mut Cursor,
    finisher: &mut Finisher,
    limit: Duration,
    stop: &CancellationToken,
) -> Result<(), IntakeError> {
    let cfg = &ctx.config;
    // A lost lease or shutdown ends the drain between batches: what is committed stays committed.
    while !stop.is_cancelled() {
        let listing = list_waiting(session, cursor, finisher.mode, limit).await?;
        cursor::record_waiting(ctx.store.pool(), cursor.key.mailbox_id, !listing.is_empty())
            .await?;
        if listing.is_empty() {
            return Ok(());
        }
        // Below the cursor in a folder we empty by moving: committed before a crash, not moved yet.
        let below: Vec<u32> = listing
            .iter()
            .map(|m| m.0)
            .filter(|&u| u <= cursor.last_uid)
            .collect();
        let committed = cursor::committed_uids(ctx.store.pool(), cursor.key, &below).await?;
        finisher.finish(session, &committed, limit).await?;
        let todo: Vec<(u32, u32)> = listing
            .into_iter()
            .filter(|(u, _)| !committed.contains(u))
            .collect();
        if todo.is_empty() {
            continue;
        }
        let chunks = batches(
            &todo,
            cfg.imap.fetch_batch as usize,
            cfg.intake.max_message_bytes,
        );
        let mut ahead = Some(read_batch(session, chunks[0], &cfg.intake, limit).await?);
        // Committed, not yet moved: moved while the next batch commits.
        let mut committed: Vec<u32> = Vec::new();
        for next in chunks.iter().skip(1).map(Some).chain([None]) {
            let Some(batch) = ahead.take() else { break };
            if stop.is_cancelled() {
                break;
            }
            // While this batch commits, the last one is moved and the next one comes over IMAP
            // and is parsed. The commit runs in a task of its own, so that the server's answers
            // (a MOVE's hundreds of EXPUNGE lines, a FETCH's bodies) are read at the same time
            // instead of between its statements.
            let storing = Storing(tokio::spawn({
                let (ctx, cursor) = (ctx.clone(), cursor.clone());
                async move { store(&ctx, &cursor, batch).await }
            }));
            let on_server = async {
                finisher.finish(session, &committed, limit).await?;
                match next {
                    Some(chunk) if !stop.is_cancelled() => {
                        read_batch(session, chunk, &cfg.intake, limit)
                            .await
                            .map(Some)
                    }
                    _ => Ok(None),
                }
            }
            .await;
            let stored = storing.finished().await?;
            let Stored { done, failed } = stored;
            if let Some(&max) = done.iter().max() {
                cursor.last_uid = cursor.last_uid.max(max);
            }
            committed = done;
            if let Some(failed) = failed {
                finisher.finish(session, &committed, limit).await?;
                return Err(failed);
            }
            ahead = on_server?;
        }
        finisher.finish(session, &committed, limit).await?;
    }
    Ok(())
}

/// How many bytes of mail one batch holds at most (as the server lists their sizes, each counted
/// up to the size it is fetched at): a batch of many messages is what makes a backlog cheap (one
/// commit, one FETCH, one MOVE), but two batches are in memory at once, one committing while the
/// next is fetched and parsed, so large messages make smaller batches.
const BATCH_BYTES: u64 = 32 * 1024 * 1024;

/// The waiting messages cut into batches of at most `most` messages and `BATCH_BYTES` bytes, in
/// order; a message larger than that is a batch of its own.
fn batches(todo: &[(u32, u32)], most: usize, max_message_bytes: u64) -> Vec<&[(u32, u32)]> {
    let mut out = Vec::new();
    let (mut start, mut bytes) = (0, 0u64);
    for (i, &(_, size)) in todo.iter().enumerate() {
        let size = u64::from(size).min(max_message_bytes);
        if i > start && (i - start == most || bytes + size > BATCH_BYTES) {
            out.push(&todo[start..i]);
            (start, bytes) = (i, 0);
        }
        bytes += size;
    }
    if start < todo.len() {
        out.push(&todo[start..]);
    }
    out
}

/// UIDs (with sizes) waiting in the folder. In move mode the folder holds only what is left
/// to do; in seen mode the cursor tells which messages are new.
async fn list_waiting(
    session: &mut Session,
    cursor: &Cursor,
    mode: AfterCommit,
    limit: Duration,
) -> Result<Vec<(u32, u32)>, IntakeError> {
    let from = match mode {
        AfterCommit::Move => 1,
        AfterCommit::Seen => cursor.last_uid + 1,
    };
    let fetches: Vec<_> = timed(limit, "UID FETCH sizes", async {
        session
            .uid_fetch(format!("{from}:*"), "(UID RFC822.SIZE)")
            .await?
            .try_collect::<Vec<_>>()
            .await
    })
    .await?;
    let mut listing: Vec<(u32, u32)> = fetches
        .iter()
        .filter_map(|f| Some((f.uid?, f.size.unwrap_or(0))))
        // "N:*" always returns the highest UID, even when it is below N
        .filter(|(uid, _)| *uid >= from)
        .collect();
    listing.sort_unstable();
    listing.dedup_by_key(|m| m.0);
    Ok(listing)
}

struct Fetched {
    uid: u32,
    raw: Vec<u8>,
    truncated: bool,
}

async fn fetch(
    session: &mut Session,
    listing: &[(u32, u32)],
    max_bytes: u64,
    limit: Duration,
) -> Result<Vec<Fetched>, IntakeError> {
    let uids_where = |large: bool| -> Vec<u32> {
        listing
            .iter()
            .filter(|(_, size)| (u64::from(*size) > max_bytes) == large)
            .map(|(uid, _)| *uid)
            .collect()
    };
    let (normal, large) = (uids_where(false), uids_where(true));
    let mut out = Vec::with_capacity(listing.len());
    if !normal.is_empty() {
        out.extend(fetch_bodies(session, &normal, "(UID BODY.PEEK[])".into(), false, limit).await?);
    }
    if !large.is_empty() {
        // Only the first max_bytes come over the wire; the case is marked truncated.
        let query = format!("(UID BODY.PEEK[]<0.{max_bytes}>)");
        out.extend(fetch_bodies(session, &large, query, true, limit).await?);
    }
    out.sort_unstable_by_key(|f| f.uid);
    Ok(out)
}

async fn fetch_bodies(
    session: &mut Session,
    uids: &[u32],
    query: String,
    truncated: bool,
    limit: Duration,
) -> Result<Vec<Fetched>, IntakeError> {
    let set = uid_set(uids);
    let fetches: Vec<_> = timed(limit, "UID FETCH bodies", async {
        session
            .uid_fetch(&set, &query)
            .await?
            .try_collect::<Vec<_>>()
            .await
    })
    .await?;
    Ok(fetches
        .iter()
        .filter_map(|f| {
            let uid = f.uid.filter(|u| uids.contains(u))?;
            Some(Fetched {
                uid,
                raw: f.body().unwrap_or_default().to_vec(),
                truncated,
            })
        })
        .collect())
}

/// What became of a fetched batch: the UIDs now safe to move (committed, or set aside in
/// quarantine), and the failure that stopped it early, if one did.
struct Stored {
    done: Vec<u32>,
    failed: Option<IntakeError>,
}

/// Parses, classifies and commits a fetched batch in one transaction. When that fails, the
/// batch is stored message by message, so one message the database refuses cannot hold up the
/// others: it is quarantined, and a message that fails for a passing reason stops the batch
/// there to be tried again after a growing delay (and quarantined after `MAX_ATTEMPTS`).
async fn store(ctx: &IntakeContext, cursor: &Cursor, batch: Batch) -> Result<Stored, IntakeError> {
    let cfg = &ctx.config;
    let Batch { fetched, parsed } = batch;
    let desk = cfg.desk_addresses();
    let policy = Policy {
        desk_addresses: &desk,
        allowed_senders: &cfg.intake.allowed_senders,
    };
    let inputs: Vec<IngestInput<'_>> = fetched
        .iter()
        .zip(&parsed)
        .map(|(message, parsed)| IngestInput {
            key: cursor.key,
            uid: message.uid,
            raw: &message.raw,
            truncated: message.truncated,
            parsed,
            quarantine: classify::quarantine_reason(parsed, &policy),
        })
        .collect();
    let pool = ctx.store.pool();
    if inputs.len() > 1 {
        if let Ok(outcomes) = ctx.store.ingest_batch(&inputs).await {
            cursor::record_progress(pool, cursor.key.mailbox_id).await?;
            for (input, outcome) in inputs.iter().zip(outcomes) {
                report(ctx, input, outcome);
            }
            return Ok(Stored {
                done: inputs.iter().map(|i| i.uid).collect(),
                failed: None,
            });
        }
        warn!(mailbox = %cfg.imap.name, messages = inputs.len(), "batch refused; storing its messages one by one");
    }
    let mut done = Vec::with_capacity(inputs.len());
    for input in &inputs {
        match ctx.store.ingest(*input).await {
            Ok(outcome) => {
                cursor::record_progress(pool, cursor.key.mailbox_id).await?;
                report(ctx, input, outcome);
            }
            Err(e) => {
                if let Err(failed) = set_aside(ctx, input, &e).await {
                    return Ok(Stored {
                        done,
                        failed: Some(failed),
                    });
                }
            }
        }
        done.push(input.uid);
    }
    Ok(Stored { done, failed: None })
}

/// A batch's commit running in its own task. Dropped before it finishes (the lease was lost, the
/// desk is stopping), it is aborted as it would be were it awaited in place: its transaction
/// rolls back unless it has already committed, and the next reader takes the batch again.
struct Storing(tokio::task::JoinHandle<Result<Stored, IntakeError>>);

impl Storing {
    async fn finished(mut self) -> Result<Stored, IntakeError> {
        (&mut self.0).await?
    }
}

impl Drop for Storing {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Tries of one message, in a row, after which it is quarantined whatever the reason.
const MAX_ATTEMPTS: i32 = 5;

/// A message whose store failed: quarantined when no retry can help or it has failed
/// `MAX_ATTEMPTS` times (Ok), otherwise the error to retry after (the count is kept in the
/// database, so it survives reconnecting and restarts).
async fn set_aside(
    ctx: &IntakeContext,
    input: &IngestInput<'_>,
    error: &CaseError,
) -> Result<(), IntakeError> {
    let name = &ctx.config.imap.name;
    let pool = ctx.store.pool();
    let failure = error.store_failure();
    crate::metrics::global().store_failed(name, &failure.kind);
    let span = info_span!("message", mailbox = %name, uid = input.uid);
    let attempts =
        cursor::record_failure(pool, input.key.mailbox_id, input.uid, &failure.kind).await?;
    if !failure.permanent && attempts < MAX_ATTEMPTS {
        span.in_scope(|| warn!(kind = %failure.kind, attempts, "storing the message failed; it will be tried again"));
        return Err(IntakeError::StoreFailed {
            uid: input.uid,
            attempts,
            kind: failure.kind,
        });
    }
    let detail = if failure.permanent {
        failure.kind
    } else {
        format!("failed {attempts} times: {}", failure.kind)
    };
    ctx.store.quarantine_unstorable(input, &detail).await?;
    cursor::record_progress(pool, input.key.mailbox_id).await?;
    crate::metrics::global().quarantined(name, QuarantineReason::StoreFailed.as_str());
    span.in_scope(|| tracing::error!(kind = %detail, size = input.raw.len(), "the database refused the message; quarantined as store_failed"));
    Ok(())
}

/// Metrics, the log line and the listener for one committed message.
fn report(ctx: &IntakeContext, input: &IngestInput<'_>, outcome: IngestOutcome) {
    let name = &ctx.config.imap.name;
    let lag = input
        .parsed
        .date
        .and_then(|sent| (chrono::Utc::now() - sent).to_std().ok());
    let metrics = crate::metrics::global();
    metrics.message_taken(name, disposition(outcome), lag);
    if let IngestOutcome::Quarantined { reason, .. } = outcome {
        metrics.quarantined(name, reason.as_str());
    }
    let span = info_span!(
        "message",
        mailbox = %name,
        uid = input.uid,
        case_id = outcome.case_id().map(|c| c.0)
    );
    span.in_scope(|| log_outcome(outcome, input.raw.len()));
    if let Some(tx) = &ctx.on_committed {
        let _ = tx.send(outcome);
    }
}

/// A fetched batch and the parse of each of its messages.
struct Batch {
    fetched: Vec<Fetched>,
    parsed: Vec<ParsedMessage>,
}

/// Fetches a batch and parses it. MIME parsing and hashing is CPU work (a batch of large
/// messages takes a while); it runs off the async threads.
async fn read_batch(
    session: &mut Session,
    listing: &[(u32, u32)],
    limits: &crate::config::IntakeConfig,
    timeout: Duration,
) -> Result<Batch, IntakeError> {
    let fetched = fetch(session, listing, limits.max_message_bytes, timeout).await?;
    let max_attachment_bytes = limits.max_attachment_bytes;
    Ok(tokio::task::spawn_blocking(move || {
        let parsed = fetched
            .iter()
            .map(|m| parse::parse(&m.raw, max_attachment_bytes))
            .collect();
        Batch { fetched, parsed }
    })
    .await?)
}

/// The `disposition` label of the messages-taken metric.
fn disposition(outcome: IngestOutcome) -> &'static str {
    match outcome {
        IngestOutcome::AlreadyStored => "already_stored",
        IngestOutcome::NewCase(_) => "new_case",
        IngestOutcome::FollowUp { .. } => "follow_up",
        IngestOutcome::Duplicate(_) => "duplicate",
        IngestOutcome::Quarantined { .. } => "quarantined",
    }
}

fn log_outcome(outcome: IngestOutcome, size: usize) {
    match outcome {
        IngestOutcome::NewCase(_) => info!(size, "new case"),
        IngestOutcome::FollowUp { reopened, .. } => info!(size, reopened, "follow-up joined case"),
        IngestOutcome::Duplicate(_) => info!(size, "duplicate delivery ignored"),
        IngestOutcome::Quarantined { reason, .. } => {
            info!(size, reason = reason.as_str(), "quarantined")
        }
        IngestOutcome::AlreadyStored => info!("already committed; finishing on the server"),
    }
}

/// What happens on the server to a message once it is committed.
struct Finisher {
    mode: AfterCommit,
    folder: String,
    has_move: bool,
    has_uidplus: bool,
}

impl Finisher {
    fn new(caps: &Capabilities, mode: AfterCommit, folder: String) -> Self {
        Self {
            mode,
            folder,
            has_move: caps.has_str("MOVE"),
            has_uidplus: caps.has_str("UIDPLUS"),
        }
    }

    async fn finish(
        &mut self,
        session: &mut Session,
        uids: &[u32],
        limit: Duration,
    ) -> Result<(), IntakeError> {
        if uids.is_empty() {
            return Ok(());
        }
        let set = uid_set(uids);
        match self.mode {
            AfterCommit::Seen => {
                timed(limit, "UID STORE \\Seen", async {
                    session
                        .uid_store(&set, "+FLAGS.SILENT (\\Seen)")
                        .await?
                        .try_collect::<Vec<_>>()
                        .await
                })
                .await?;
            }
            AfterCommit::Move if self.has_move => {
                timed(limit, "UID MOVE", session.uid_mv(&set, &self.folder)).await?;
            }
            AfterCommit::Move => {
                timed(limit, "UID COPY", session.uid_copy(&set, &self.folder)).await?;
                timed(limit, "UID STORE \\Deleted", async {
                    session
                        .uid_store(&set, "+FLAGS.SILENT (\\Deleted)")
                        .await?
                        .try_collect::<Vec<_>>()
                        .await
                })
                .await?;
                if self.has_uidplus {
                    timed(limit, "UID EXPUNGE", async {
                        session
                            .uid_expunge(&set)
                            .await?
                            .try_collect::<Vec<_>>()
                            .await
                    })
                    .await?;
                } else {
                    timed(limit, "EXPUNGE", async {
                        session.expunge().await?.try_collect::<Vec<_>>().await
                    })
                    .await?;
                }
            }
        }
        Ok(())
    }
}

/// A compact UID set: 1,2,3,7,9,10 → "1:3,7,9:10".
fn uid_set(uids: &[u32]) -> String {
    let mut sorted = uids.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < sorted.len() {
        let start = sorted[i];
        let mut end = start;
        while i + 1 < sorted.len() && sorted[i + 1] == end + 1 {
            i += 1;
            end = sorted[i];
        }
        parts.push(if start == end {
            start.to_string()
        } else {
            format!("{start}:{end}")
        });
        i += 1;
    }
    parts.join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uid_sets_are_compact_ranges() {
        assert_eq!(uid_set(&[3, 1, 2, 7, 9, 10]), "1:3,7,9:10");
        assert_eq!(uid_set(&[5]), "5");
        assert_eq!(uid_set(&[5, 5]), "5");
    }

    #[test]
    fn batches_hold_a_number_of_messages_or_of_bytes() {
        let mb = 1024 * 1024;
        let small: Vec<(u32, u32)> = (1..=7).map(|u| (u, 1000)).collect();
        let sizes = |b: Vec<&[(u32, u32)]>| b.iter().map(|c| c.len()).collect::<Vec<_>>();
        assert_eq!(sizes(batches(&small, 3, 25 * mb)), vec![3, 3, 1]);
        assert!(batches(&[], 3, 25 * mb).is_empty());
        // 20 MB each: two do not fit in one batch; a 60 MB message is fetched at 25 MB.
        let large = [
            (1, 20 * mb as u32),
            (2, 20 * mb as u32),
            (3, 60 * mb as u32),
            (4, 1000),
        ];
        assert_eq!(sizes(batches(&large, 500, 25 * mb)), vec![1, 1, 2]);
    }

    #[test]
    fn backoff_doubles_up_to_its_cap_and_resets() {
        let mut b = Backoff::new(Duration::from_secs(1));
        let seen: Vec<u128> = (0..5).map(|_| b.next_delay().as_millis()).collect();
        assert_eq!(seen, vec![250, 500, 1000, 1000, 1000]);
        b.reset();
        assert_eq!(b.next_delay().as_millis(), 250);
    }
}
