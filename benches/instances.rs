//! Several `serve` processes on one database (run through `deploy/bench.sh`; real servers).
//!
//! 1. Takeover: two instances on one mailbox, the reader SIGKILLed; the time until the other
//!    holds the mailbox's lease, and until a message mailed after the kill is a case. Five
//!    rounds, a new pair each.
//! 2. Backlog drain: 1,000 questions waiting in the inbox, one instance started against two
//!    started together, time until every case is committed and acknowledged (same run, same
//!    machine; the mailbox is read by one of them either way, the second shares drafting and
//!    the outbox).

#[path = "../tests/common/mod.rs"]
mod common;

use std::time::{Duration, Instant};

use common::*;

const ROUNDS: usize = 5;
const BACKLOG: usize = 1000;

fn question(i: usize, to: &str, tag: &str) -> Vec<u8> {
    message(
        &format!("coder{i}@clinic.test"),
        to,
        &format!("Question {i}"),
        &format!("{tag}-{i}@clinic.test"),
        "",
        &format!("Which ICD-10-CM code for low back pain, visit {i}? The order says M54.5."),
    )
}

async fn takeover_round() -> (Duration, Duration) {
    let desk = User::new("bench-takeover");
    let (url, pool) = fresh_database().await;
    let mut config = config_for(&desk, &url);
    config.desk.max_acks_per_sender_per_hour = 0;
    let mut pair = vec![DeskProcess::spawn(&config), DeskProcess::spawn(&config)];
    let reader = wait_for(Duration::from_secs(30), "a reader", || reading_pid(&pool)).await;
    let at = pair.iter().position(|d| d.pid() == reader).unwrap();
    pair.remove(at).kill().await;
    let killed = Instant::now();
    append_all(&desk, "INBOX", &[question(0, &desk.address, &unique("t"))]).await;
    wait_for(Duration::from_secs(30), "the takeover", || async {
        reading_pid(&pool).await.filter(|&p| p != reader)
    })
    .await;
    let lease = killed.elapsed();
    wait_for(Duration::from_secs(30), "the case", || async {
        (count(&pool, "SELECT count(*) FROM cases").await == 1).then_some(())
    })
    .await;
    let case = killed.elapsed();
    pair.pop().unwrap().terminate().await;
    (lease, case)
}

/// When each stage of the drain began and ended, in ms after the desks were started, from
/// the rows' own timestamps (the mailbox row is written when intake first reaches it): where the wall time goes (cases = the intake commits, drafts, the
/// outbox's sends).
async fn stages(pool: &sqlx::PgPool, started: chrono::DateTime<chrono::Utc>) -> String {
    let row: (Option<f64>, f64, f64, f64, f64, f64, f64) = sqlx::query_as(
        "SELECT (SELECT EXTRACT(EPOCH FROM min(created_at) - $1) FROM mailboxes)::float8 * 1000,
                (SELECT EXTRACT(EPOCH FROM min(created_at) - $1) FROM cases)::float8 * 1000,
                (SELECT EXTRACT(EPOCH FROM max(created_at) - $1) FROM cases)::float8 * 1000,
                (SELECT EXTRACT(EPOCH FROM min(created_at) - $1) FROM drafts)::float8 * 1000,
                (SELECT EXTRACT(EPOCH FROM max(created_at) - $1) FROM drafts)::float8 * 1000,
                (SELECT EXTRACT(EPOCH FROM min(sent_at) - $1) FROM outbox)::float8 * 1000,
                (SELECT EXTRACT(EPOCH FROM max(sent_at) - $1) FROM outbox)::float8 * 1000",
    )
    .bind(started)
    .fetch_one(pool)
    .await
    .unwrap();
    format!(
        "mailbox seen {:.0} ms, cases {:.0}–{:.0} ms, drafts {:.0}–{:.0} ms, sent {:.0}–{:.0} ms",
        row.0.unwrap_or(f64::NAN),
        row.1,
        row.2,
        row.3,
        row.4,
        row.5,
        row.6
    )
}

async fn drain(instances: usize) -> Duration {
    let desk = User::new("bench-drain");
    let (url, pool) = fresh_database().await;
    let tag = unique("d");
    let messages: Vec<Vec<u8>> = (0..BACKLOG)
        .map(|i| question(i, &desk.address, &tag))
        .collect();
    append_all(&desk, "INBOX", &messages).await;
    let config = config_for(&desk, &url);
    let started = chrono::Utc::now();
    let start = Instant::now();
    let running: Vec<DeskProcess> = (0..instances)
        .map(|_| DeskProcess::spawn(&config))
        .collect();
    wait_for(Duration::from_secs(600), "the backlog", || async {
        (count(&pool, "SELECT count(*) FROM outbox WHERE status = 'sent'").await == BACKLOG as i64
            && count(&pool, "SELECT count(*) FROM drafts").await == BACKLOG as i64)
            .then_some(())
    })
    .await;
    let took = start.elapsed();
    println!(
        "  {instances} instance(s): {} in all; {}",
        ms(took),
        stages(&pool, started).await
    );
    for d in running {
        d.terminate().await;
    }
    took
}

fn ms(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1000.0)
}

async fn takeover() {
    let mut leases = Vec::new();
    let mut cases = Vec::new();
    for _ in 0..ROUNDS {
        let (lease, case) = takeover_round().await;
        leases.push(lease);
        cases.push(case);
    }
    leases.sort();
    cases.sort();
    println!(
        "takeover after SIGKILL of the reader ({ROUNDS} rounds): lease taken median {} max {}; \
         a message mailed at the kill is a case: median {} max {} (limit 15 s)",
        ms(leases[ROUNDS / 2]),
        ms(leases[ROUNDS - 1]),
        ms(cases[ROUNDS / 2]),
        ms(cases[ROUNDS - 1]),
    );
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    // ONLY_DRAIN=1 skips the takeover rounds (for alternating runs of the drain alone).
    if std::env::var_os("ONLY_DRAIN").is_none() {
        takeover().await;
    }
    let one = drain(1).await;
    let two = drain(2).await;
    println!(
        "backlog of {BACKLOG} questions to cases, drafts and sent acknowledgements: one instance {} \
         ({:.0}/s), two instances {} ({:.0}/s)",
        ms(one),
        BACKLOG as f64 / one.as_secs_f64(),
        ms(two),
        BACKLOG as f64 / two.as_secs_f64(),
    );
}
