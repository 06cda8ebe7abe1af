//! Web desk benchmarks against the rig's PostgreSQL (run through `deploy/bench.sh`): 10,000 open
//! cases with question texts from the development set, then
//!
//! 1. search: `/search?q=` page time (server, loopback) for 200 queries, beside the same words
//!    found with a `LIKE` scan over the same tables in the same run;
//! 2. the queue page (`/`, first page of 50 with the counts) over 10,000 open cases, beside
//!    `/healthz` as the HTTP floor.

#[path = "../tests/common/mod.rs"]
mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use caseconsult::accounts;
use caseconsult::cases::mailboxes as cursor;
use caseconsult::domain::Role;
use caseconsult::web::{self, WebState};
use common::*;
use tokio_util::sync::CancellationToken;

const CASES: i64 = 10_000;
const QUERIES: [&str; 10] = [
    "back pain",
    "M54.50",
    "fracture",
    "sepsis shock",
    "type 2 diabetes insulin",
    "\"pressure ulcer\"",
    "C-5000",
    "hypertension kidney",
    "migraine",
    "newborn",
];

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn report(what: &str, mut samples: Vec<Duration>) {
    samples.sort();
    println!(
        "  {what:<46} p50 {:>7.2} ms   p95 {:>7.2} ms   max {:>7.2} ms",
        ms(percentile(&samples, 0.5)),
        ms(percentile(&samples, 0.95)),
        ms(*samples.last().unwrap())
    );
}

async fn timed(c: &reqwest::Client, url: &str) -> Duration {
    let start = Instant::now();
    let r = c.get(url).send().await.unwrap();
    assert!(r.status().is_success(), "{url}: {}", r.status());
    r.bytes().await.unwrap();
    start.elapsed()
}

#[tokio::main]
async fn main() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let (url, pool) = fresh_database().await;
    let mailbox = cursor::align(&pool, "bench", 1).await.unwrap();
    let texts: Vec<String> =
        caseconsult::assist::eval::parse_cases(include_str!("../tests/fixtures/dev-cases.jsonl"))
            .unwrap()
            .into_iter()
            .map(|c| format!("{}\n{}", c.subject, c.body))
            .collect();
    let start = Instant::now();
    sqlx::query(
        "WITH made AS (
             INSERT INTO cases (requester, subject, status, last_message_at)
             SELECT 'coder' || i || '@clinic.test', split_part($1[1 + i % array_length($1, 1)], E'\\n', 1),
                    'open', now() - make_interval(mins => i::int)
             FROM generate_series(1, $2) i RETURNING id)
         INSERT INTO inbound_messages (mailbox_id, uidvalidity, uid, raw, raw_size, sha256,
                                       content_sha256, disposition, subject, question_text,
                                       body_text, case_id)
         SELECT $3, 1, id, '\\x00', 1, '\\x00', '\\x00', 'new_case', 'q',
                $1[1 + id % array_length($1, 1)], $1[1 + id % array_length($1, 1)], id
         FROM made",
    )
    .bind(&texts)
    .bind(CASES)
    .bind(mailbox.key.mailbox_id)
    .execute(&pool)
    .await
    .unwrap();
    sqlx::query("ANALYZE").execute(&pool).await.unwrap();
    println!(
        "{CASES} open cases with their questions loaded in {:.1} s",
        start.elapsed().as_secs_f64()
    );

    let config = Arc::new(config_for(&User::new("benchdesk"), &url));
    let store = case_store(&pool, &config);
    let state = WebState {
        store,
        config,
        assistant: ASSISTANT.clone(),
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let stop = CancellationToken::new();
    tokio::spawn(web::serve(listener, state, stop.clone()));
    accounts::add(
        &pool,
        "bench@desk.test",
        "Bench",
        Role::Consultant,
        "bench-password-1",
    )
    .await
    .unwrap();
    let (c, _) = web_login(&base, "bench@desk.test", "bench-password-1").await;

    println!("search over {CASES} cases (200 queries, 10 kinds x 20)");
    let mut search = Vec::new();
    let mut like = Vec::new();
    for round in 0..20 {
        for q in QUERIES {
            let encoded: String = q
                .bytes()
                .map(|b| match b {
                    b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' => {
                        (b as char).to_string()
                    }
                    _ => format!("%{b:02X}"),
                })
                .collect();
            search.push(
                timed(
                    &c,
                    &format!("{base}/search?q={encoded}&page={}", 1 + round % 2),
                )
                .await,
            );
            let pattern = format!("%{}%", q.trim_matches('"'));
            let start = Instant::now();
            sqlx::query(
                "SELECT c.id FROM cases c WHERE c.subject ILIKE $1
                    OR EXISTS (SELECT 1 FROM inbound_messages i WHERE i.case_id = c.id AND i.question_text ILIKE $1)
                 ORDER BY c.updated_at DESC LIMIT 51",
            )
            .bind(&pattern)
            .fetch_all(&pool)
            .await
            .unwrap();
            like.push(start.elapsed());
        }
    }
    report("/search?q= page (full-text, GIN)", search);
    report("baseline: ILIKE scan, query only, same words", like);

    println!("queue page over {CASES} open cases (200 requests)");
    let mut queue = Vec::new();
    let mut health = Vec::new();
    for i in 0..200 {
        queue.push(timed(&c, &format!("{base}/?page={}", 1 + i % 3)).await);
        health.push(timed(&c, &format!("{base}/healthz")).await);
    }
    report("/ (50 of 10,000 open, with the counts)", queue);
    report("baseline: /healthz", health);
    stop.cancel();
}
