//! Intake benchmarks against the rig's real servers (run through `deploy/bench.sh`).
//!
//! 1. Backlog drain: 2,000 messages waiting in the inbox, time until all are committed (and,
//!    printed apart, until the last batch is moved out of the inbox too), beside
//!    two floors measured in the same run: a loop that only FETCHes the same messages from
//!    Dovecot, and inserting as many rows into PostgreSQL one transaction each.
//! 2. Latency from SMTP acceptance to committed case, one message at a time.

#[path = "../tests/common/mod.rs"]
mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use caseconsult::cases::{CaseStore, IngestOutcome};
use caseconsult::config::Config;
use caseconsult::intake::{self, IntakeContext};
use common::*;
use futures::TryStreamExt;
use tokio_util::sync::CancellationToken;

const BACKLOG: usize = 2000;
const LATENCY_SAMPLES: usize = 100;

fn question(i: usize, to: &str, tag: &str) -> Vec<u8> {
    let body = format!(
        "Hello desk,\r\n\r\nOutpatient visit {i}: chronic low back pain, the order says M54.5 and the scrubber\r\n\
rejects it. Which ICD-10-CM code should we use, and is 78803 right for the SPECT?\r\n\r\nThanks,\r\nCoder {i}\r\n"
    );
    message(
        &format!("coder{i}@clinic.test"),
        to,
        &format!("Question {i}"),
        &format!("{tag}-{i}@clinic.test"),
        "",
        &body,
    )
}

/// The desk's pool and case store, built before any clock starts: `serve` connects and loads
/// the assistant's code set (which the acknowledgement's instant checks use) before its intake
/// task starts, and the floors run on a connected pool too, so a timed drain is intake's work
/// alone, not the process's start.
async fn desk_store(desk: &User, url: &str) -> (Arc<Config>, CaseStore) {
    let config = Arc::new(config_for(desk, url));
    let pool = caseconsult::db::connect(&config.database).await.unwrap();
    let store = case_store(&pool, &config);
    (config, store)
}

/// A desk intake task that reports each commit on a channel, so latency is measured to the
/// commit itself rather than to a database poll.
fn start_intake(
    (config, store): (Arc<Config>, CaseStore),
) -> (
    CancellationToken,
    tokio::sync::mpsc::UnboundedReceiver<IngestOutcome>,
    tokio::task::JoinHandle<()>,
) {
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    let token = CancellationToken::new();
    let t = token.clone();
    let handle = tokio::spawn(async move {
        intake::run(
            IntakeContext {
                store,
                config,
                on_committed: Some(tx),
            },
            t,
        )
        .await
    });
    (token, rx, handle)
}

async fn fetch_floor(user: &User, n: usize) -> Duration {
    let mut s = imap_login(user).await;
    s.select("INBOX").await.unwrap();
    let start = Instant::now();
    let mut fetched = 0;
    let mut from = 1;
    while fetched < n {
        let to = from + 99;
        let batch: Vec<_> = s
            .uid_fetch(format!("{from}:{to}"), "(UID BODY.PEEK[])")
            .await
            .unwrap()
            .try_collect()
            .await
            .unwrap();
        fetched += batch.iter().filter(|f| f.body().is_some()).count();
        from = to + 1;
    }
    let elapsed = start.elapsed();
    let _ = s.logout().await;
    elapsed
}

async fn insert_floor(pool: &sqlx::PgPool, messages: &[Vec<u8>]) -> Duration {
    sqlx::query("CREATE TABLE floor_rows (id bigserial PRIMARY KEY, raw bytea NOT NULL)")
        .execute(pool)
        .await
        .unwrap();
    let start = Instant::now();
    for m in messages {
        let mut tx = pool.begin().await.unwrap();
        sqlx::query("INSERT INTO floor_rows (raw) VALUES ($1)")
            .bind(m)
            .execute(&mut *tx)
            .await
            .unwrap();
        tx.commit().await.unwrap();
    }
    start.elapsed()
}

fn rate(n: usize, d: Duration) -> f64 {
    n as f64 / d.as_secs_f64()
}

async fn backlog() {
    let desk = User::new("benchdesk");
    let (url, pool) = fresh_database().await;
    let messages: Vec<Vec<u8>> = (0..BACKLOG)
        .map(|i| question(i, &desk.address, "backlog"))
        .collect();
    append_all(&desk, "INBOX", &messages).await;

    let fetch = fetch_floor(&desk, BACKLOG).await;
    let insert = insert_floor(&pool, &messages).await;

    let desk_side = desk_store(&desk, &url).await;
    let start = Instant::now();
    let (token, mut rx, handle) = start_intake(desk_side);
    let mut committed = 0;
    while committed < BACKLOG {
        match rx.recv().await.expect("intake stopped early") {
            IngestOutcome::AlreadyStored => {}
            _ => committed += 1,
        }
    }
    let drain = start.elapsed();
    // The last batch is moved after its commit: the task ends once it has moved it and logged out.
    token.cancel();
    handle.await.unwrap();
    let emptied = start.elapsed();

    let (fetch_rate, insert_rate, drain_rate) = (
        rate(BACKLOG, fetch),
        rate(BACKLOG, insert),
        rate(BACKLOG, drain),
    );
    let slower = fetch_rate.min(insert_rate);
    println!(
        "backlog drain, {BACKLOG} messages ({} bytes each on average)",
        messages.iter().map(Vec::len).sum::<usize>() / BACKLOG
    );
    println!(
        "  floor: IMAP FETCH only          {fetch_rate:>8.0} msg/s ({:.2} s)",
        fetch.as_secs_f64()
    );
    println!(
        "  floor: INSERT, 1 tx per row     {insert_rate:>8.0} msg/s ({:.2} s)",
        insert.as_secs_f64()
    );
    println!(
        "  desk: fetch+parse+commit+move   {drain_rate:>8.0} msg/s ({:.2} s)",
        drain.as_secs_f64()
    );
    println!(
        "  desk / slower floor             {:>8.2}",
        drain_rate / slower
    );
    println!(
        "  desk, inbox emptied and logged out {:>5.0} msg/s ({:.2} s)",
        rate(BACKLOG, emptied),
        emptied.as_secs_f64()
    );
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let idx = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[idx]
}

async fn latency() {
    let desk = User::new("benchdesk");
    let (url, _pool) = fresh_database().await;
    let (token, mut rx, handle) = start_intake(desk_store(&desk, &url).await);
    // Let the desk connect and enter IDLE before the first sample.
    send(
        "warm@clinic.test",
        &desk.address,
        &question(0, &desk.address, "warm"),
    )
    .await;
    rx.recv().await.unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let mut samples = Vec::with_capacity(LATENCY_SAMPLES);
    for i in 0..LATENCY_SAMPLES {
        let raw = question(i, &desk.address, "latency");
        send(&format!("coder{i}@clinic.test"), &desk.address, &raw).await;
        let accepted = Instant::now();
        loop {
            if !matches!(rx.recv().await.unwrap(), IngestOutcome::AlreadyStored) {
                break;
            }
        }
        samples.push(accepted.elapsed());
    }
    token.cancel();
    handle.await.unwrap();
    samples.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "latency, SMTP acceptance -> committed case, {LATENCY_SAMPLES} messages one at a time"
    );
    println!(
        "  p50 {:.0} ms   p95 {:.0} ms   max {:.0} ms",
        ms(percentile(&samples, 0.50)),
        ms(percentile(&samples, 0.95)),
        ms(*samples.last().unwrap())
    );
}

#[tokio::main]
async fn main() {
    caseconsult::tls::install_crypto_provider();
    backlog().await;
    latency().await;
}
