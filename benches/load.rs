//! Load: 50 consultants working the web desk at once (queue, case page, search, answer
//! preview) while 1,000 questions arrive by SMTP, against a real `serve` process and the rig's
//! servers (run through `deploy/bench.sh`; loopback only, bounded in time). Prints page times
//! (p50/p95) beside the same pages measured on the idle desk in the same run, how far intake
//! trailed the mail, and whether every question became one case with one acknowledgement.

#[path = "../tests/common/mod.rs"]
mod common;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use caseconsult::domain::Role;
use common::*;

const CONSULTANTS: usize = 50;
const QUESTIONS: usize = 1000;
const SENDERS: usize = 4;
/// Between one consultant's requests: people read what they opened.
const THINK: Duration = Duration::from_millis(250);
const LIMIT: Duration = Duration::from_secs(300);
/// Between two consultants' first requests: fifty of them spread over one round (four requests
/// and their think times).
const STAGGER: Duration = Duration::from_millis(4 * THINK.as_millis() as u64 / CONSULTANTS as u64);

type Times = Arc<Mutex<BTreeMap<&'static str, Vec<Duration>>>>;

fn question(i: usize, to: &str, tag: &str) -> Vec<u8> {
    message(
        &format!("coder{i}@clinic.test"),
        to,
        &format!("Load question {i}"),
        &format!("{tag}-{i}@clinic.test"),
        "",
        &format!(
            "Outpatient visit {i}: chronic low back pain, the order says M54.5. Which ICD-10-CM \
             code should we use, and is 78803 right for the SPECT?"
        ),
    )
}

/// Sends one request, reads the page, records the time under `what`, then lets the consultant
/// read it.
async fn timed(what: &'static str, request: reqwest::RequestBuilder, times: &Times) -> String {
    let started = Instant::now();
    let response = request.send().await.unwrap();
    assert!(
        response.status().is_success(),
        "{what}: {}",
        response.status()
    );
    let page = response.text().await.unwrap();
    times
        .lock()
        .unwrap()
        .entry(what)
        .or_default()
        .push(started.elapsed());
    tokio::time::sleep(THINK).await;
    page
}

/// One consultant's round: the queue, a case, a search, a preview of an answer.
async fn round(c: &reqwest::Client, base: &str, case: i64, times: &Times) {
    let queue = timed("queue", c.get(format!("{base}/")), times).await;
    timed("case page", c.get(format!("{base}/cases/{case}")), times).await;
    timed(
        "search",
        c.get(format!("{base}/search?q=back+pain+M54.5")),
        times,
    )
    .await;
    let preview = c.post(format!("{base}/cases/{case}/preview")).form(&[
        ("csrf", form_token(&queue).as_str()),
        ("codes", "M54.50"),
        (
            "body",
            "Use M54.50 for the low back pain; 78803 fits the SPECT.",
        ),
    ]);
    timed("preview", preview, times).await;
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 * p) as usize).min(sorted.len() - 1)]
}

fn report(label: &str, times: &Times) {
    for (what, list) in times.lock().unwrap().iter_mut() {
        list.sort();
        println!(
            "  {label:<9} {what:<10} n={:>5}  p50 {:>7.1} ms  p95 {:>7.1} ms  max {:>7.1} ms",
            list.len(),
            percentile(list, 0.50).as_secs_f64() * 1e3,
            percentile(list, 0.95).as_secs_f64() * 1e3,
            list.last().unwrap().as_secs_f64() * 1e3,
        );
    }
}

#[tokio::main]
async fn main() {
    caseconsult::tls::install_crypto_provider();
    let desk = User::new("load");
    let (url, pool) = fresh_database().await;
    let mut config = config_for(&desk, &url);
    config.database.max_connections = 20;
    let port = free_port();
    config.web.listen = format!("127.0.0.1:{port}");
    let base = format!("http://127.0.0.1:{port}");
    for i in 0..CONSULTANTS {
        caseconsult::accounts::add(
            &pool,
            &format!("c{i}@desk.test"),
            &format!("Consultant {i}"),
            Role::Consultant,
            "steady quartz lantern 77",
        )
        .await
        .unwrap();
    }
    let running = DeskProcess::spawn(&config);
    let tag = unique("load");
    // A first case, so every page has something to show.
    send(
        "coder-first@clinic.test",
        &desk.address,
        &question(QUESTIONS, &desk.address, &tag),
    )
    .await;
    let first: i64 = wait_for(Duration::from_secs(30), "the first case", || async {
        sqlx::query_scalar("SELECT min(id) FROM cases")
            .fetch_one(&pool)
            .await
            .unwrap()
    })
    .await;

    // Baseline: one consultant on the idle desk.
    let (alone, _) = web_login(&base, "c0@desk.test", "steady quartz lantern 77").await;
    let idle: Times = Arc::default();
    for _ in 0..20 {
        round(&alone, &base, first, &idle).await;
    }

    let mut clients = Vec::new();
    for i in 0..CONSULTANTS {
        clients.push(
            web_login(
                &base,
                &format!("c{i}@desk.test"),
                "steady quartz lantern 77",
            )
            .await
            .0,
        );
    }
    let cases: Arc<Mutex<Vec<i64>>> = Arc::new(Mutex::new(vec![first]));
    let busy: Times = Arc::default();
    let stop = tokio_util::sync::CancellationToken::new();
    let mut workers = Vec::new();
    for (n, c) in clients.into_iter().enumerate() {
        let (base, cases, busy, stop) = (base.clone(), cases.clone(), busy.clone(), stop.clone());
        workers.push(tokio::spawn(async move {
            // Each consultant starts at their own moment within the first round: started
            // together, all fifty would ask for the same page in the same millisecond, and
            // with the same think time they would stay in step for rounds, so the tail would
            // measure that one burst rather than the desk under load.
            tokio::time::sleep(STAGGER * n as u32).await;
            let mut k = n;
            while !stop.is_cancelled() {
                let case = {
                    let known = cases.lock().unwrap();
                    known[k % known.len()]
                };
                k += 7;
                round(&c, &base, case, &busy).await;
            }
        }));
    }
    let refresh = {
        let (pool, cases, stop) = (pool.clone(), cases.clone(), stop.clone());
        tokio::spawn(async move {
            while !stop.is_cancelled() {
                let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM cases ORDER BY id")
                    .fetch_all(&pool)
                    .await
                    .unwrap();
                *cases.lock().unwrap() = ids;
                tokio::time::sleep(Duration::from_millis(500)).await;
            }
        })
    };

    let start = Instant::now();
    let senders: Vec<_> = (0..SENDERS)
        .map(|s| {
            let (to, tag) = (desk.address.clone(), tag.clone());
            tokio::spawn(async move {
                for i in (s..QUESTIONS).step_by(SENDERS) {
                    send(
                        &format!("coder{i}@clinic.test"),
                        &to,
                        &question(i, &to, &tag),
                    )
                    .await;
                }
            })
        })
        .collect();
    for s in senders {
        s.await.unwrap();
    }
    let sent = start.elapsed();
    let total = QUESTIONS as i64 + 1;
    wait_for(LIMIT, "every question a case", || async {
        (count(&pool, "SELECT count(*) FROM cases").await == total).then_some(())
    })
    .await;
    let committed = start.elapsed();
    wait_for(LIMIT, "every acknowledgement sent", || async {
        (count(&pool, "SELECT count(*) FROM outbox WHERE status = 'sent'").await == total)
            .then_some(())
    })
    .await;
    let acknowledged = start.elapsed();
    stop.cancel();
    for w in workers {
        w.await.unwrap();
    }
    refresh.await.unwrap();

    let inbound = count(&pool, "SELECT count(*) FROM inbound_messages").await;
    let distinct = count(
        &pool,
        "SELECT count(DISTINCT message_id) FROM inbound_messages",
    )
    .await;
    let waiting = folder_count(&desk, "INBOX").await;
    running.terminate().await;

    println!("load: {CONSULTANTS} consultants (queue, case page, search, preview; {} ms between requests) while {QUESTIONS} questions arrive over SMTP ({SENDERS} senders)", THINK.as_millis());
    report("idle desk", &idle);
    report("under load", &busy);
    println!(
        "  intake: {QUESTIONS} questions submitted in {:.1} s ({:.0}/s); all committed {:.1} s after the first, \
         {:.2} s after the last was accepted; all {total} acknowledgements sent at {:.1} s",
        sent.as_secs_f64(),
        QUESTIONS as f64 / sent.as_secs_f64(),
        committed.as_secs_f64(),
        (committed - sent).as_secs_f64(),
        acknowledged.as_secs_f64(),
    );
    println!(
        "  nothing lost: {inbound} messages stored ({distinct} distinct Message-IDs), {total} cases, {waiting} left in the inbox"
    );
    assert_eq!((inbound, distinct, waiting), (total, total, 0));
}
