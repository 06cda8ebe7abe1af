//! Reply benchmarks against the rig's real servers (run through `deploy/bench.sh`).
//!
//! 1. Acknowledgement latency: SMTP acceptance of a question → the acknowledgement visible in
//!    the requester's IMAP inbox, 100 questions one at a time.
//! 2. Outbox throughput: 1,000 queued replies sent by the outbox worker, beside the floor: a
//!    minimal SMTP loop written here (one connection, `TCP_NODELAY`, one command and its reply
//!    at a time) sending the same 1,000 messages to the same Postfix in the same run. Each
//!    loop starts once Postfix has delivered the mail of the one before.

#[path = "../tests/common/mod.rs"]
mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use caseconsult::cases::{outgoing, CaseStore};
use caseconsult::domain::CaseId;
use caseconsult::outbox::{self, Mailer, OutboxContext};
use common::*;
use tokio_util::sync::CancellationToken;

const QUESTIONS: usize = 100;
const REPLIES: usize = 1000;

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

async fn inbox_count(session: &mut ImapSession) -> u32 {
    session.status("INBOX", "(MESSAGES)").await.unwrap().exists
}

async fn ack_latency() {
    let desk = User::new("benchdesk");
    let requester = User::new("benchreq");
    let (url, _pool) = fresh_database().await;
    let mut config = config_for(&desk, &url);
    config.desk.max_acks_per_sender_per_hour = u32::MAX;
    let running = Desk::start(config);
    let mut watcher = imap_login(&requester).await;
    let mut samples = Vec::with_capacity(QUESTIONS);
    for i in 0..QUESTIONS {
        let before = inbox_count(&mut watcher).await;
        let raw = message(
            &requester.address,
            &desk.address,
            &format!("Question {i}"),
            &format!("acklat-{i}@example.test"),
            "",
            "Which ICD-10-CM code for chronic low back pain?",
        );
        send(&requester.address, &desk.address, &raw).await;
        let accepted = Instant::now();
        while inbox_count(&mut watcher).await <= before {
            assert!(
                accepted.elapsed() < Duration::from_secs(30),
                "acknowledgement {i} never arrived"
            );
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        samples.push(accepted.elapsed());
    }
    running.stop().await;
    samples.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!("acknowledgement latency, SMTP acceptance -> in the requester's IMAP inbox, {QUESTIONS} questions");
    println!(
        "  p50 {:.0} ms   p95 {:.0} ms   max {:.0} ms",
        ms(percentile(&samples, 0.50)),
        ms(percentile(&samples, 0.95)),
        ms(*samples.last().unwrap())
    );
}

/// Answers REPLIES open cases through the case store, as a consultant would.
async fn queue_replies(store: &CaseStore, to: &str) {
    let answer = plain_answer();
    for i in 0..REPLIES {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO cases (requester, subject, status) VALUES ($1, $2, 'open') RETURNING id",
        )
        .bind(to)
        .bind(format!("Question {i}"))
        .fetch_one(store.pool())
        .await
        .unwrap();
        store
            .answer(CaseId(id), &consultant("pat@desk.test"), &answer)
            .await
            .unwrap();
    }
}

async fn throughput() {
    let desk = User::new("benchdesk");
    let sink = User::new("benchsink");
    let (url, pool) = fresh_database().await;
    let mut config = config_for(&desk, &url);
    if let Some(n) = std::env::var("OUTBOX_CONCURRENCY")
        .ok()
        .and_then(|n| n.parse().ok())
    {
        config.outbox.concurrency = n;
    }
    if let Some(n) = std::env::var("OUTBOX_BATCH")
        .ok()
        .and_then(|n| n.parse().ok())
    {
        config.outbox.batch = n;
    }
    let config = Arc::new(config);
    let store = case_store(&pool, &config);
    queue_replies(&store, &sink.address).await;
    let mailer = Mailer::new(&config.smtp).unwrap();

    // The same messages, built from the same rows, sent by the floor's loop.
    let rows = outgoing::lease(&pool, REPLIES as i64, 0.001).await.unwrap();
    let messages: Vec<_> = rows.iter().map(|r| mailer.build(r).unwrap()).collect();
    tokio::time::sleep(Duration::from_millis(10)).await; // let those short leases lapse
                                                         // Postfix accepts faster than it delivers into Dovecot: each loop starts once the mail of
                                                         // the one before is in the mailbox, so none of them pays for another's deliveries.
    let plain = one_connection_loop(&config.smtp.host, config.smtp.port, &messages).await;
    let after_floor = delivered(&sink, REPLIES).await;
    // What the server takes at most: the same loop on four connections at once.
    let started = Instant::now();
    let quarter = messages.len().div_ceil(4);
    futures::future::join_all(
        messages
            .chunks(quarter)
            .map(|chunk| one_connection_loop(&config.smtp.host, config.smtp.port, chunk)),
    )
    .await;
    let parallel = started.elapsed();
    let after_ceiling = delivered(&sink, 2 * REPLIES).await;

    let token = CancellationToken::new();
    let start = Instant::now();
    let worker = tokio::spawn(outbox::run(
        OutboxContext {
            store,
            config: config.clone(),
            outlets: caseconsult::outbox::Outlets::new(&config).unwrap(),
        },
        token.clone(),
    ));
    while count(&pool, "SELECT count(*) FROM outbox WHERE status = 'sent'").await < REPLIES as i64 {
        assert!(
            start.elapsed() < Duration::from_secs(300),
            "outbox too slow"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let outbox = start.elapsed();
    token.cancel();
    worker.await.unwrap();

    let rate = |d: Duration| REPLIES as f64 / d.as_secs_f64();
    println!("outbox throughput, {REPLIES} queued replies to one mailbox");
    println!(
        "  floor: one SMTP connection, TCP_NODELAY {:>7.0} msg/s ({:.2} s)",
        rate(plain),
        plain.as_secs_f64()
    );
    println!(
        "  the server's ceiling: 4 such loops     {:>7.0} msg/s ({:.2} s)",
        rate(parallel),
        parallel.as_secs_f64()
    );
    println!(
        "  outbox worker (lease, send, mark; concurrency {})  {:>7.0} msg/s ({:.2} s)",
        config.outbox.concurrency,
        rate(outbox),
        outbox.as_secs_f64()
    );
    println!(
        "  outbox / floor                         {:>7.2}  (target >= 2.0)",
        plain.as_secs_f64() / outbox.as_secs_f64()
    );
    println!(
        "  Postfix still delivering after the floor {:.2} s, after the ceiling {:.2} s (waited out)",
        after_floor.as_secs_f64(),
        after_ceiling.as_secs_f64()
    );
}

/// Waits until the sink's inbox holds `n` messages; returns how long that took.
async fn delivered(sink: &User, n: usize) -> Duration {
    let start = Instant::now();
    wait_for(Duration::from_secs(300), "Postfix to deliver", || async {
        (folder_count(sink, "INBOX").await as usize >= n).then_some(())
    })
    .await;
    start.elapsed()
}

/// The floor: one plain SMTP session on loopback with Nagle's algorithm off, each message's
/// MAIL, RCPT, DATA and body sent and answered in turn, as the simplest client would.
async fn one_connection_loop(host: &str, port: u16, messages: &[lettre::Message]) -> Duration {
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
    let tcp = tokio::net::TcpStream::connect((host, port)).await.unwrap();
    tcp.set_nodelay(true).unwrap();
    let mut smtp = BufReader::new(tcp);
    async fn reply(smtp: &mut BufReader<tokio::net::TcpStream>) -> String {
        let mut line = String::new();
        loop {
            line.clear();
            assert!(smtp.read_line(&mut line).await.unwrap() > 0, "SMTP closed");
            if line.as_bytes().get(3) != Some(&b'-') {
                assert!(!line.starts_with(['4', '5']), "SMTP refused: {line}");
                return line;
            }
        }
    }
    async fn say(smtp: &mut BufReader<tokio::net::TcpStream>, command: &[u8]) -> String {
        smtp.get_mut().write_all(command).await.unwrap();
        reply(smtp).await
    }
    let start = Instant::now();
    reply(&mut smtp).await;
    say(&mut smtp, b"EHLO floor\r\n").await;
    for m in messages {
        let envelope = m.envelope();
        let from = envelope.from().unwrap();
        say(&mut smtp, format!("MAIL FROM:<{from}>\r\n").as_bytes()).await;
        for to in envelope.to() {
            say(&mut smtp, format!("RCPT TO:<{to}>\r\n").as_bytes()).await;
        }
        say(&mut smtp, b"DATA\r\n").await;
        let mut body = Vec::new();
        for line in m.formatted().split_inclusive(|b| *b == b'\n') {
            if line.starts_with(b".") {
                body.push(b'.');
            }
            body.extend_from_slice(line);
        }
        if !body.ends_with(b"\r\n") {
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(b".\r\n");
        say(&mut smtp, &body).await;
    }
    say(&mut smtp, b"QUIT\r\n").await;
    start.elapsed()
}

#[tokio::main]
async fn main() {
    caseconsult::tls::install_crypto_provider();
    if std::env::var_os("ONLY_THROUGHPUT").is_none() {
        ack_latency().await;
    }
    throughput().await;
}
