//! The store on its own, one fresh database per test (`#[sqlx::test]`).

use caseconsult::cases::{ingest, IngestInput, IngestOutcome};
use caseconsult::intake::classify::QuarantineReason;
use caseconsult::intake::cursor::{self, MailboxKey};
use caseconsult::intake::parse::parse;
use sqlx::PgPool;

fn raw(id: &str, subject: &str, body: &str) -> Vec<u8> {
    format!("From: a@clinic.test\r\nSubject: {subject}\r\nMessage-ID: <{id}>\r\n\r\n{body}\r\n")
        .into_bytes()
}

async fn put(pool: &PgPool, key: MailboxKey, uid: u32, bytes: &[u8]) -> IngestOutcome {
    put_as(pool, key, uid, bytes, None).await
}

async fn put_as(
    pool: &PgPool,
    key: MailboxKey,
    uid: u32,
    bytes: &[u8],
    q: Option<QuarantineReason>,
) -> IngestOutcome {
    let parsed = parse(bytes, 1 << 20);
    ingest(
        pool,
        IngestInput {
            ack: None,
            key,
            uid,
            raw: bytes,
            truncated: false,
            parsed: &parsed,
            quarantine: q,
        },
    )
    .await
    .unwrap()
}

#[sqlx::test(migrator = "caseconsult::db::MIGRATOR")]
async fn the_same_uid_twice_is_a_no_op(pool: PgPool) {
    let c = cursor::align(&pool, "box", 7).await.unwrap();
    let m = raw("x@y", "q", "text");
    assert!(matches!(
        put(&pool, c.key, 1, &m).await,
        IngestOutcome::NewCase(_)
    ));
    assert_eq!(put(&pool, c.key, 1, &m).await, IngestOutcome::AlreadyStored);
    let n: i64 = sqlx::query_scalar("SELECT count(*) FROM cases")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(n, 1);
    let c = cursor::align(&pool, "box", 7).await.unwrap();
    assert_eq!(c.last_uid, 1, "the cursor advanced with the commit");
}

#[sqlx::test(migrator = "caseconsult::db::MIGRATOR")]
async fn a_new_uidvalidity_resets_the_cursor_without_duplicating_cases(pool: PgPool) {
    let c = cursor::align(&pool, "box", 7).await.unwrap();
    let m1 = raw("one@y", "q1", "first");
    let m2 = raw("two@y", "q2", "second");
    put(&pool, c.key, 1, &m1).await;
    put(&pool, c.key, 2, &m2).await;
    // The server renumbered its folder: same messages, new UIDs under a new UIDVALIDITY.
    let c2 = cursor::align(&pool, "box", 8).await.unwrap();
    assert_eq!(c2.last_uid, 0);
    assert!(matches!(
        put(&pool, c2.key, 1, &m1).await,
        IngestOutcome::Duplicate(Some(_))
    ));
    assert!(matches!(
        put(&pool, c2.key, 2, &m2).await,
        IngestOutcome::Duplicate(Some(_))
    ));
    let n: i64 = sqlx::query_scalar("SELECT count(*) FROM cases")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(n, 2);
}

#[sqlx::test(migrator = "caseconsult::db::MIGRATOR")]
async fn quarantined_mail_opens_no_case_but_keeps_its_reference(pool: PgPool) {
    let c = cursor::align(&pool, "box", 1).await.unwrap();
    let IngestOutcome::NewCase(case) = put(&pool, c.key, 1, &raw("q@y", "q", "question")).await
    else {
        panic!("expected a new case")
    };
    let ooo = "From: a@clinic.test\r\nSubject: away\r\nIn-Reply-To: <q@y>\r\nAuto-Submitted: auto-replied\r\n\r\naway\r\n";
    let out = put_as(
        &pool,
        c.key,
        2,
        ooo.as_bytes(),
        Some(QuarantineReason::AutoReply),
    )
    .await;
    assert_eq!(
        out,
        IngestOutcome::Quarantined {
            reason: QuarantineReason::AutoReply,
            refers_to: Some(case)
        }
    );
    let n: i64 = sqlx::query_scalar("SELECT count(*) FROM case_messages")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(n, 1, "the auto-reply is not part of the thread");
}

#[sqlx::test(migrator = "caseconsult::db::MIGRATOR")]
async fn nul_bytes_and_invalid_utf8_are_stored(pool: PgPool) {
    let c = cursor::align(&pool, "box", 1).await.unwrap();
    let bytes = b"From: a@clinic.test\r\nSubject: bad \xff\xfe bytes\r\n\r\nnul\x00here \xc3\x28 broken\r\n";
    assert!(matches!(
        put(&pool, c.key, 1, bytes).await,
        IngestOutcome::NewCase(_)
    ));
    let raw: Vec<u8> = sqlx::query_scalar("SELECT raw FROM inbound_messages")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(raw, bytes.to_vec());
}

#[sqlx::test(migrator = "caseconsult::db::MIGRATOR")]
async fn acknowledgements_are_limited_per_sender_per_hour(pool: PgPool) {
    let c = cursor::align(&pool, "box", 1).await.unwrap();
    let composer = caseconsult::outbox::Composer::new(&caseconsult::config::Config::default());
    for uid in 1..=3u32 {
        let bytes = raw(&format!("m{uid}@y"), &format!("question {uid}"), "text");
        let parsed = parse(&bytes, 1 << 20);
        let out = ingest(
            &pool,
            IngestInput {
                ack: Some(caseconsult::cases::AckPolicy {
                    composer: &composer,
                    per_sender_per_hour: 2,
                }),
                key: c.key,
                uid,
                raw: &bytes,
                truncated: false,
                parsed: &parsed,
                quarantine: None,
            },
        )
        .await
        .unwrap();
        assert!(matches!(out, IngestOutcome::NewCase(_)));
    }
    let acks: i64 = sqlx::query_scalar("SELECT count(*) FROM outbox")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(acks, 2);
    let suppressed: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM audit_log WHERE action = 'acknowledgement_suppressed'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(suppressed, 1);
}

#[sqlx::test(migrator = "caseconsult::db::MIGRATOR")]
async fn an_empty_outbox_has_nothing_due_so_the_worker_sleeps(pool: PgPool) {
    assert_eq!(
        caseconsult::outbox::store::next_due_in_secs(&pool)
            .await
            .unwrap(),
        None
    );
    let case: i64 = sqlx::query_scalar(
        "INSERT INTO cases (requester, subject) VALUES ('a@b.test', 's') RETURNING id",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO outbox (case_id, kind, message_id, to_addr, subject, body_text, body_html, auto_submitted, next_attempt_at)
         VALUES ($1, 'answer', 'm@x', 'a@b.test', 's', 't', 'h', false, now() + interval '30 seconds')",
    )
    .bind(case)
    .execute(&pool)
    .await
    .unwrap();
    let due = caseconsult::outbox::store::next_due_in_secs(&pool)
        .await
        .unwrap()
        .unwrap();
    assert!((25.0..=30.0).contains(&due), "{due}");
}
