//! Hostile mail against the real servers: messages the database refuses are set aside while
//! every other question goes on, acknowledgements go to the envelope sender only, and a
//! stranger naming a case gets a case of their own.

mod common;

use std::time::{Duration, Instant};

use caseconsult::cases::mailboxes;
use caseconsult::domain::{CaseId, InboundMessageId, Role};
use common::*;
use sqlx::PgPool;

const WAIT: Duration = Duration::from_secs(30);

/// A Message-ID of 4,000 characters that do not compress (an index compresses long entries).
fn long_id(tag: &str) -> String {
    format!("{tag}.{}@clinic.test", noise(4000))
}

/// Waits until the message with this Message-ID is stored with a case; returns how long it took.
async fn case_of(pool: &PgPool, message_id: &str, since: Instant) -> (CaseId, Duration) {
    let case = wait_for(WAIT, &format!("a case for {message_id:.40}"), || async {
        sqlx::query_scalar::<_, CaseId>(
            "SELECT case_id FROM inbound_messages
             WHERE message_id = $1 AND disposition IN ('new_case', 'follow_up')",
        )
        .bind(message_id)
        .fetch_optional(pool)
        .await
        .unwrap()
    })
    .await;
    (case, since.elapsed())
}

/// The limits of an older schema, and two more, put back so that five messages break one each:
/// a btree index on the Message-ID (2,704 bytes an entry), a tsvector over the whole question
/// (1 MB), and three checks standing for limits nobody has found yet.
const LIMITS: &[&str] = &[
    "CREATE INDEX legacy_message_id ON inbound_messages (message_id)",
    "ALTER TABLE inbound_messages ADD COLUMN legacy_search tsvector
         GENERATED ALWAYS AS (to_tsvector('english', question_text)) STORED",
    "ALTER TABLE inbound_messages ADD CONSTRAINT legacy_name CHECK (length(from_name) < 1000)",
    "ALTER TABLE inbound_messages ADD CONSTRAINT legacy_recipients CHECK (cardinality(to_addrs) <= 500)",
    "ALTER TABLE attachments ADD CONSTRAINT legacy_filename CHECK (length(filename) < 255)",
];
const MENDED: &[&str] = &[
    "DROP INDEX legacy_message_id",
    "ALTER TABLE inbound_messages DROP COLUMN legacy_search",
    "ALTER TABLE inbound_messages DROP CONSTRAINT legacy_name",
    "ALTER TABLE inbound_messages DROP CONSTRAINT legacy_recipients",
    "ALTER TABLE attachments DROP CONSTRAINT legacy_filename",
];

async fn run_all(pool: &PgPool, statements: &[&str]) {
    for sql in statements {
        sqlx::query(sql).execute(pool).await.unwrap();
    }
}

/// The five messages that each break one of `LIMITS`, with their Message-IDs.
fn poisons(desk: &str) -> Vec<(String, Vec<u8>)> {
    let sender = "\"Pat Poison\" <pat@clinic.test>";
    let id = long_id("p1");
    let p1 = message(
        sender,
        desk,
        "Long id",
        &id,
        "",
        "Which code for a long id?",
    );
    let p2 = message(
        sender,
        desk,
        "Long body",
        "p2@clinic.test",
        "",
        &unique_words(1_200_000),
    );
    let name = format!("\"{}\" <pat@clinic.test>", "N".repeat(2000));
    let p3 = message(&name, desk, "Long name", "p3@clinic.test", "", "A name?");
    let many: Vec<String> = (0..600).map(|i| format!("r{i}@clinic.test")).collect();
    let cc = format!("To: {},\r\n {}\r\n", desk, many.join(",\r\n "));
    let p4 = message(sender, "", "Many", "p4@clinic.test", &cc, "To many people?")
        .into_iter()
        .collect::<Vec<u8>>();
    // `message` wrote an empty To: line before ours; drop it.
    let p4 = String::from_utf8(p4).unwrap().replacen("To: \r\n", "", 1);
    let p5 = format!(
        "From: {sender}\r\nTo: {desk}\r\nSubject: Long file name\r\nMessage-ID: <p5@clinic.test>\r\n\
Date: Thu, 26 Nov 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\n\
Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nSee the file.\r\n\
--b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"{}.pdf\"\r\n\
Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--b--\r\n",
        "f".repeat(300)
    );
    vec![
        (id, p1),
        ("p2@clinic.test".into(), p2),
        ("p3@clinic.test".into(), p3),
        ("p4@clinic.test".into(), p4.into_bytes()),
        ("p5@clinic.test".into(), p5.into_bytes()),
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn messages_the_database_refuses_are_set_aside_and_every_question_goes_on() {
    let desk = User::new("desk");
    let (url, pool) = fresh_database().await;
    run_all(&pool, LIMITS).await;
    let config = config_for(&desk, &url);
    let running = Desk::start(config.clone());

    let mut slowest = Duration::ZERO;
    let poisons = poisons(&desk.address);
    for (i, (_, poison)) in poisons.iter().enumerate() {
        let id = format!("q{i}@clinic.test");
        let question = message(
            "Ann Coder <ann@clinic.test>",
            &desk.address,
            &format!("Question {i}"),
            &id,
            "",
            "Which code for chronic low back pain?",
        );
        let sent = Instant::now();
        send("ann@clinic.test", &desk.address, &question).await;
        let (_, took) = case_of(&pool, &id, sent).await;
        slowest = slowest.max(took);
        send("pat@clinic.test", &desk.address, poison).await;
    }
    let sent = Instant::now();
    let last = message(
        "Ann Coder <ann@clinic.test>",
        &desk.address,
        "Last question",
        "q-last@clinic.test",
        "",
        "And this one?",
    );
    send("ann@clinic.test", &desk.address, &last).await;
    slowest = slowest.max(case_of(&pool, "q-last@clinic.test", sent).await.1);
    // Before the fix a refused message stopped intake for good; the bound leaves room for a
    // loaded test machine (2 s was missed by 0.1 s while other tests ran beside this one).
    assert!(
        slowest < Duration::from_secs(5),
        "a question took {slowest:?} to become a case"
    );

    let quarantined: Vec<(InboundMessageId, String, Option<String>)> =
        wait_for(WAIT, "five messages set aside", || async {
            let rows: Vec<(InboundMessageId, String, Option<String>)> = sqlx::query_as(
                "SELECT id, quarantine_reason, quarantine_detail FROM inbound_messages
                 WHERE disposition = 'quarantined' ORDER BY uid",
            )
            .fetch_all(&pool)
            .await
            .unwrap();
            (rows.len() == 5).then_some(rows)
        })
        .await;
    let details: Vec<&str> = quarantined
        .iter()
        .map(|(_, _, d)| d.as_deref().unwrap_or(""))
        .collect();
    assert!(quarantined.iter().all(|(_, r, _)| r == "store_failed"));
    assert!(
        details[0].starts_with("program_limit_exceeded (SQLSTATE 54000"),
        "{details:?}"
    );
    assert!(
        details[1].starts_with("program_limit_exceeded (SQLSTATE 54000"),
        "{details:?}"
    );
    assert_eq!(
        details[2],
        "integrity_constraint_violation (SQLSTATE 23514, legacy_name)"
    );
    assert_eq!(
        details[3],
        "integrity_constraint_violation (SQLSTATE 23514, legacy_recipients)"
    );
    assert_eq!(
        details[4],
        "integrity_constraint_violation (SQLSTATE 23514, legacy_filename)"
    );
    wait_for(WAIT, "the inbox emptied", || async {
        (folder_count(&desk, "INBOX").await == 0).then_some(())
    })
    .await;
    assert_eq!(count(&pool, "SELECT count(*) FROM cases").await, 6);
    // The refused message's raw bytes are kept whole.
    let p2_len = count(
        &pool,
        "SELECT raw_size FROM inbound_messages WHERE quarantine_detail IS NOT NULL ORDER BY uid OFFSET 1 LIMIT 1",
    )
    .await;
    assert!(p2_len > 1_200_000, "{p2_len}");
    // Every desk of this test binary counts into one registry under the same mailbox name.
    let metrics = caseconsult::metrics::global().render(&[], &[], &[]);
    let line = format!(
        "caseconsult_messages_quarantined_total{{mailbox=\"{}\",reason=\"store_failed\"}} ",
        config.imap.name
    );
    let counted: u64 = metrics
        .lines()
        .find_map(|l| l.strip_prefix(&line))
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    assert!(counted >= 5, "{metrics}");
    running.stop().await;

    // While the limit stands, releasing fails and the message stays where it is.
    let store = case_store(&pool, &config);
    let admin = admin_actor();
    let reparse = |raw: &[u8]| caseconsult::intake::parse::parse(raw, 1 << 20);
    let refused = store
        .release_quarantined(quarantined[0].0, &admin, &reparse)
        .await
        .unwrap_err();
    assert!(refused.store_failure().permanent, "{refused}");
    run_all(&pool, MENDED).await;
    for ((inbound, _, _), (message_id, _)) in quarantined.iter().zip(&poisons) {
        let case = store
            .release_quarantined(*inbound, &admin, &reparse)
            .await
            .unwrap();
        let stored: (Option<String>, String) = sqlx::query_as(
            "SELECT message_id, status::text FROM inbound_messages i JOIN cases c ON c.id = i.case_id
             WHERE i.id = $1",
        )
        .bind(inbound)
        .fetch_one(&pool)
        .await
        .unwrap();
        assert_eq!(
            stored,
            (Some(message_id.clone()), "open".into()),
            "{case:?}"
        );
    }
    let attachments = count(
        &pool,
        "SELECT count(*) FROM attachments WHERE case_id IS NOT NULL",
    )
    .await;
    assert_eq!(attachments, 1, "the released message's file is stored too");
}

fn admin_actor() -> caseconsult::cases::Actor {
    caseconsult::cases::Actor::Consultant {
        email: caseconsult::domain::EmailAddress::parse("ada@desk.test").unwrap(),
        role: Role::Admin,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_long_message_id_and_a_megabyte_of_unique_words_are_ordinary_questions() {
    let desk = User::new("desk");
    let (url, pool) = fresh_database().await;
    let running = Desk::start(config_for(&desk, &url));
    let id = long_id("big");
    let first = message(
        "Ann Coder <ann@clinic.test>",
        &desk.address,
        "Long id",
        &id,
        "",
        "Which code for a long id?",
    );
    send("ann@clinic.test", &desk.address, &first).await;
    let (case, _) = case_of(&pool, &id, Instant::now()).await;
    let body = format!("zygomatic fracture question\n{}", unique_words(1_200_000));
    let big = message(
        "Ann Coder <ann@clinic.test>",
        &desk.address,
        "Long body",
        "body@clinic.test",
        "",
        &body,
    );
    send("ann@clinic.test", &desk.address, &big).await;
    case_of(&pool, "body@clinic.test", Instant::now()).await;
    // A reply naming the long Message-ID finds its case through the hash index.
    let reply = message(
        "Ann Coder <ann@clinic.test>",
        &desk.address,
        "Re: Long id",
        "reply@clinic.test",
        &format!("In-Reply-To: <{id}>\r\n"),
        "One more detail.",
    );
    send("ann@clinic.test", &desk.address, &reply).await;
    let (joined, _) = case_of(&pool, "reply@clinic.test", Instant::now()).await;
    assert_eq!(joined, case);
    let found = count(
        &pool,
        "SELECT count(*) FROM inbound_messages WHERE search @@ plainto_tsquery('english', 'zygomatic')",
    )
    .await;
    assert_eq!(
        found, 1,
        "the capped search still finds the question's beginning"
    );
    assert_eq!(
        count(
            &pool,
            "SELECT count(*) FROM inbound_messages WHERE disposition = 'quarantined'"
        )
        .await,
        0
    );
    running.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_message_that_keeps_failing_stalls_the_mailbox_until_it_is_set_aside() {
    let desk = User::new("desk");
    let (url, pool) = fresh_database().await;
    // A failure a retry could cure (a serialization failure), but that never passes.
    sqlx::query(
        "CREATE FUNCTION always_conflict() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN
             IF NEW.subject = 'always conflicts' AND NEW.disposition <> 'quarantined' THEN
                 RAISE EXCEPTION 'conflict' USING ERRCODE = '40001';
             END IF;
             RETURN NEW;
         END $$",
    )
    .execute(&pool)
    .await
    .unwrap();
    sqlx::query(
        "CREATE TRIGGER always_conflict BEFORE INSERT ON inbound_messages
         FOR EACH ROW EXECUTE FUNCTION always_conflict()",
    )
    .execute(&pool)
    .await
    .unwrap();
    let config = config_for(&desk, &url);
    let running = Desk::start(config.clone());
    let stuck = message(
        "Ann Coder <ann@clinic.test>",
        &desk.address,
        "always conflicts",
        "stuck@clinic.test",
        "",
        "?",
    );
    let started = Instant::now();
    send("ann@clinic.test", &desk.address, &stuck).await;
    let reason = wait_for(WAIT, "the mailbox reported stalled", || async {
        mailboxes::health(&pool)
            .await
            .unwrap()
            .into_iter()
            .find_map(|m| m.stalled)
    })
    .await;
    assert!(
        reason.contains("transaction_rollback (SQLSTATE 40001)"),
        "{reason}"
    );
    let detail: String = wait_for(WAIT, "the message set aside", || async {
        sqlx::query_scalar(
            "SELECT quarantine_detail FROM inbound_messages WHERE quarantine_reason = 'store_failed'",
        )
        .fetch_optional(&pool)
        .await
        .unwrap()
    })
    .await;
    // Five tries 0.25 + 0.5 + 1 + 2 s apart (the test's backoff cap): the delay grew.
    assert!(
        started.elapsed() >= Duration::from_millis(3500),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(
        detail,
        "failed 5 times: transaction_rollback (SQLSTATE 40001)"
    );
    let health = mailboxes::health(&pool).await.unwrap();
    assert!(health.iter().all(|m| m.stalled.is_none()), "{health:?}");
    running.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_acknowledgement_goes_to_the_envelope_sender_never_to_reply_to() {
    let desk = User::new("desk");
    let sender = User::new("sender");
    let victim = User::new("victim");
    let (url, pool) = fresh_database().await;
    let running = Desk::start(config_for(&desk, &url));
    let subject = format!("Please \u{202e}read{} the end", " very".repeat(60));
    let raw = message(
        &format!("\"{}\" <{}>", "Spoofed Name ".repeat(10), sender.address),
        &desk.address,
        &subject,
        "bs@clinic.test",
        &format!("Reply-To: {}\r\n", victim.address),
        "Which code?",
    );
    send(&sender.address, &desk.address, &raw).await;
    let acks = wait_for_mail(&sender, "INBOX", 1, WAIT).await;
    let ack = mail_parser::MessageParser::default()
        .parse(&acks[0])
        .unwrap();
    let ack_subject = ack.subject().unwrap();
    assert!(ack_subject.contains("Please"), "{ack_subject}");
    assert!(!ack_subject.contains('\u{202e}'), "{ack_subject}");
    assert!(ack_subject.chars().count() < 100, "{ack_subject}");
    let text = ack.body_text(0).unwrap();
    assert!(text.contains("Spoofed Name"), "{text}");
    assert!(
        !text.contains(&"Spoofed Name ".repeat(4)),
        "the name is capped"
    );
    assert!(!text.contains(&" very".repeat(20)), "the subject is capped");
    // The outbox has sent everything it had; nothing went to the Reply-To address.
    wait_for(WAIT, "the outbox drained", || async {
        (count(
            &pool,
            "SELECT count(*) FROM outbox WHERE status = 'pending'",
        )
        .await
            == 0)
            .then_some(())
    })
    .await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert_eq!(folder_count(&victim, "INBOX").await, 0);
    let to: String = sqlx::query_scalar("SELECT to_addr FROM outbox")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(to, sender.address);
    // The consultant's answer goes where a mail client would send it: the Reply-To.
    let requester: String = sqlx::query_scalar("SELECT requester FROM cases")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(requester, victim.address);
    running.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stranger_naming_a_case_gets_a_linked_case_and_the_named_one_stays_closed() {
    let desk = User::new("desk");
    let (url, pool) = fresh_database().await;
    let config = config_for(&desk, &url);
    let running = Desk::start(config.clone());
    let question = message(
        "Ann Coder <ann@clinic.test>",
        &desk.address,
        "Back pain",
        "owner@clinic.test",
        "Cc: lead@partner.test\r\n",
        "Which code?",
    );
    send("ann@clinic.test", &desk.address, &question).await;
    let (case, _) = case_of(&pool, "owner@clinic.test", Instant::now()).await;
    let store = case_store(&pool, &config);
    let closer = consultant("pat@desk.test");
    store
        .act(case, caseconsult::cases::Event::Close, &closer)
        .await
        .unwrap();
    let tag = case.subject_tag();

    let stranger = message(
        "Mallory <mallory@gmail.com>",
        &desk.address,
        &format!("Re: {tag} reopen please"),
        "stranger@gmail.com",
        "",
        "I add this to your case.",
    );
    send("mallory@gmail.com", &desk.address, &stranger).await;
    let (own, _) = case_of(&pool, "stranger@gmail.com", Instant::now()).await;
    assert_ne!(own, case);
    let mentions: Option<CaseId> =
        sqlx::query_scalar("SELECT mentions_case_id FROM cases WHERE id = $1")
            .bind(own)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(mentions, Some(case));
    let status: String = sqlx::query_scalar("SELECT status::text FROM cases WHERE id = $1")
        .bind(case)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(status, "closed", "a stranger never reopens a case");

    // The person copied on the question may write into it, and that reopens it.
    let colleague = message(
        "Lee <lead@partner.test>",
        &desk.address,
        &format!("Re: {tag} one more thing"),
        "colleague@partner.test",
        "",
        "A detail.",
    );
    send("lead@partner.test", &desk.address, &colleague).await;
    let (joined, _) = case_of(&pool, "colleague@partner.test", Instant::now()).await;
    assert_eq!(joined, case);
    let status: String = sqlx::query_scalar("SELECT status::text FROM cases WHERE id = $1")
        .bind(case)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(status, "open");
    running.stop().await;
}
