//! Every database limit a sender's (or a consultant's) text can reach, one test each: the
//! indexes and generated columns that once refused a row now take the longest values mail can
//! carry. docs/operations.md lists them with these tests.

mod common;

use std::sync::Arc;

use caseconsult::cases::mailboxes as cursor;
use caseconsult::cases::{Answer, CaseError, CaseStore, IngestInput, IngestOutcome};
use caseconsult::config::Config;
use caseconsult::domain::{CaseId, MailboxKey, QuarantineReason};
use caseconsult::intake::parse::parse;
use caseconsult::outbox::Composer;
use common::{noise, unique_words};
use sqlx::PgPool;

fn store(pool: &PgPool) -> CaseStore {
    CaseStore::new(
        pool.clone(),
        Arc::new(Composer::new(&Config::default())),
        common::answer_checks(),
        30,
    )
}

async fn ingest(pool: &PgPool, key: MailboxKey, uid: u32, raw: &str) -> IngestOutcome {
    let parsed = parse(raw.as_bytes(), 1 << 20);
    let quarantine = caseconsult::intake::classify::quarantine_reason(
        &parsed,
        &caseconsult::intake::classify::Policy {
            desk_addresses: &["desk@desk.test".into()],
            allowed_senders: &[],
        },
    );
    store(pool)
        .ingest(IngestInput {
            key,
            uid,
            raw: raw.as_bytes(),
            truncated: false,
            parsed: &parsed,
            quarantine,
        })
        .await
        .unwrap()
}

fn mail(headers: &str, body: &str) -> String {
    format!("{headers}Date: Thu, 26 Nov 2026 10:00:00 +0000\r\n\r\n{body}\r\n")
}

/// inbound_messages_dedupe_idx (btree on the Message-ID) and case_messages_message_id_idx.
#[sqlx::test(migrator = "caseconsult::db::MIGRATOR")]
async fn a_4000_character_message_id_opens_a_case_and_threads_its_reply(pool: PgPool) {
    let key = cursor::align(&pool, "box", 1).await.unwrap().key;
    let id = format!("{}@clinic.test", noise(4000));
    let first = mail(
        &format!("From: a@clinic.test\r\nSubject: q\r\nMessage-ID: <{id}>\r\n"),
        "Which code?",
    );
    let IngestOutcome::NewCase(case) = ingest(&pool, key, 1, &first).await else {
        panic!("not a new case")
    };
    // The same bytes again: the duplicate lookup by content hash.
    assert_eq!(
        ingest(&pool, key, 2, &first).await,
        IngestOutcome::Duplicate(Some(case))
    );
    let reply = mail(
        &format!("From: a@clinic.test\r\nSubject: more\r\nMessage-ID: <r@clinic.test>\r\nIn-Reply-To: <{id}>\r\n"),
        "More detail.",
    );
    assert!(matches!(
        ingest(&pool, key, 3, &reply).await,
        IngestOutcome::FollowUp { case_id, .. } if case_id == case
    ));
}

/// inbound_messages.search (subject and question) and cases.search (subject and requester).
#[sqlx::test(migrator = "caseconsult::db::MIGRATOR")]
async fn a_megabyte_of_unique_words_in_the_subject_or_the_body_is_stored_and_searchable(
    pool: PgPool,
) {
    let key = cursor::align(&pool, "box", 1).await.unwrap().key;
    let words = unique_words(1_200_000);
    let body = mail(
        "From: a@clinic.test\r\nSubject: scaphoid\r\nMessage-ID: <b@clinic.test>\r\n",
        &format!("lunate question {words}"),
    );
    assert!(matches!(
        ingest(&pool, key, 1, &body).await,
        IngestOutcome::NewCase(_)
    ));
    let subject = mail(
        &format!(
            "From: a@clinic.test\r\nSubject: trapezium {words}\r\nMessage-ID: <s@clinic.test>\r\n"
        ),
        "Short question.",
    );
    assert!(matches!(
        ingest(&pool, key, 2, &subject).await,
        IngestOutcome::NewCase(_)
    ));
    for (word, table) in [
        ("lunate", "inbound_messages"),
        ("trapezium", "inbound_messages"),
        ("trapezium", "cases"),
    ] {
        let n: i64 = sqlx::query_scalar(&format!(
            "SELECT count(*) FROM {table} WHERE search @@ plainto_tsquery('english', $1)"
        ))
        .bind(word)
        .fetch_one(&pool)
        .await
        .unwrap();
        assert_eq!(n, 1, "{word} in {table}");
    }
}

/// outbox_ack_rate_idx (btree on the recipient): an address longer than a mail path can be is
/// no address, so no acknowledgement is queued for it.
#[sqlx::test(migrator = "caseconsult::db::MIGRATOR")]
async fn an_address_longer_than_smtp_allows_is_no_sender(pool: PgPool) {
    let key = cursor::align(&pool, "box", 1).await.unwrap().key;
    let from = format!("{}@clinic.test", noise(3000));
    let raw = mail(
        &format!("From: {from}\r\nSubject: q\r\nMessage-ID: <l@clinic.test>\r\n"),
        "Which code?",
    );
    assert!(matches!(
        ingest(&pool, key, 1, &raw).await,
        IngestOutcome::Quarantined {
            reason: QuarantineReason::NoSender,
            ..
        }
    ));
    // A long envelope sender with a usable From: the acknowledgement goes to the From.
    let raw = mail(
        &format!("Return-Path: <{from}>\r\nFrom: a@clinic.test\r\nSubject: q\r\nMessage-ID: <m@clinic.test>\r\n"),
        "Which code?",
    );
    assert!(matches!(
        ingest(&pool, key, 2, &raw).await,
        IngestOutcome::NewCase(_)
    ));
    let to: String = sqlx::query_scalar("SELECT to_addr FROM outbox")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(to, "a@clinic.test");
}

async fn one_case(pool: &PgPool) -> CaseId {
    let key = cursor::align(pool, "box", 1).await.unwrap().key;
    let raw = mail(
        "From: a@clinic.test\r\nReply-To: b@other.test\r\nSubject: q\r\nMessage-ID: <c@clinic.test>\r\n",
        "Which code?",
    );
    match ingest(pool, key, 1, &raw).await {
        IngestOutcome::NewCase(case) => case,
        other => panic!("{other:?}"),
    }
}

fn answer(body: &str) -> Answer<'_> {
    Answer {
        body,
        codes: &[],
        warnings: &[],
        override_reason: None,
        to: None,
        signer: "Pat",
        cc: None,
    }
}

/// answers.search and case_notes.search: the web desk limits their text, the command line's
/// files do not.
#[sqlx::test(migrator = "caseconsult::db::MIGRATOR")]
async fn a_megabyte_answer_and_note_are_stored(pool: PgPool) {
    let case = one_case(&pool).await;
    let words = format!("sesamoid {}", unique_words(1_200_000));
    caseconsult::cases::desk::add_note(&pool, case, "pat@desk.test", &words)
        .await
        .unwrap();
    store(&pool)
        .answer(case, &common::consultant("pat@desk.test"), &answer(&words))
        .await
        .unwrap();
    for table in ["answers", "case_notes"] {
        let n: i64 = sqlx::query_scalar(&format!(
            "SELECT count(*) FROM {table} WHERE search @@ plainto_tsquery('english', 'sesamoid')"
        ))
        .fetch_one(&pool)
        .await
        .unwrap();
        assert_eq!(n, 1, "{table}");
    }
}

/// With `intake.allowed_senders` set, a Reply-To outside it cannot receive an answer.
#[sqlx::test(migrator = "caseconsult::db::MIGRATOR")]
async fn answers_go_only_to_allowed_addresses(pool: PgPool) {
    let case = one_case(&pool).await;
    let guarded = store(&pool).answering_only(&["@clinic.test".into()]);
    let refused = guarded
        .answer(
            case,
            &common::consultant("pat@desk.test"),
            &answer("Use M54.50."),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(&refused, CaseError::RecipientNotAllowed { to, .. } if to.as_str() == "b@other.test"),
        "{refused}"
    );
    let open = store(&pool).answering_only(&["@clinic.test".into(), "b@other.test".into()]);
    open.answer(
        case,
        &common::consultant("pat@desk.test"),
        &answer("Use M54.50."),
    )
    .await
    .unwrap();
}
