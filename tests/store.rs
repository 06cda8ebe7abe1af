//! The store on its own, one fresh database per test (`#[sqlx::test]`).

mod common;

use std::sync::Arc;

use caseconsult::cases::mailboxes as cursor;
use caseconsult::cases::{CaseStore, IngestInput, IngestOutcome};
use caseconsult::config::Config;
use caseconsult::domain::{MailboxKey, QuarantineReason};
use caseconsult::intake::parse::parse;
use caseconsult::outbox::Composer;
use sqlx::PgPool;

/// A store that acknowledges at most `acks_per_hour` questions per sender.
fn store(pool: &PgPool, acks_per_hour: u32) -> CaseStore {
    let composer = Arc::new(Composer::new(&Config::default()));
    CaseStore::new(
        pool.clone(),
        composer,
        common::answer_checks(),
        acks_per_hour,
    )
}

fn raw(id: &str, subject: &str, body: &str) -> Vec<u8> {
    format!("From: a@clinic.test\r\nSubject: {subject}\r\nMessage-ID: <{id}>\r\n\r\n{body}\r\n")
        .into_bytes()
}

/// Three questions committed from a new mailbox, Message-IDs `{prefix}1@y` … `{prefix}3@y`.
async fn three_questions(pool: &PgPool, prefix: &str) {
    let c = cursor::align(pool, "box", 1).await.unwrap();
    for uid in 1..=3 {
        put(
            pool,
            c.key,
            uid,
            &raw(&format!("{prefix}{uid}@y"), "q", "question"),
        )
        .await;
    }
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
    store(pool, 0)
        .ingest(IngestInput {
            key,
            uid,
            raw: bytes,
            truncated: false,
            parsed: &parsed,
            quarantine: q,
        })
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
    let store = store(&pool, 2);
    for uid in 1..=3u32 {
        let bytes = raw(&format!("m{uid}@y"), &format!("question {uid}"), "text");
        let parsed = parse(&bytes, 1 << 20);
        let out = store
            .ingest(IngestInput {
                key: c.key,
                uid,
                raw: &bytes,
                truncated: false,
                parsed: &parsed,
                quarantine: None,
            })
            .await
            .unwrap();
        assert!(matches!(out, IngestOutcome::NewCase(_)));
    }
    let acks: i64 = sqlx::query_scalar("SELECT count(*) FROM outbox")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(acks, 2);
    let bodies: Vec<String> = sqlx::query_scalar("SELECT body_text FROM outbox ORDER BY id")
        .fetch_all(&pool)
        .await
        .unwrap();
    assert!(!bodies[0].contains("the most we"), "{}", bodies[0]);
    assert!(
        bodies[1].contains("had 2 acknowledgements within an hour, the most we"),
        "the last one says so, once: {}",
        bodies[1]
    );
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
        caseconsult::cases::outgoing::next_due_in_secs(&pool)
            .await
            .unwrap(),
        None
    );
    let case: i64 = sqlx::query_scalar(
        "INSERT INTO cases (requester, subject, status) VALUES ('a@b.test', 's', 'open') RETURNING id",
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
    let due = caseconsult::cases::outgoing::next_due_in_secs(&pool)
        .await
        .unwrap()
        .unwrap();
    assert!((25.0..=30.0).contains(&due), "{due}");
}

fn actor(email: &str, role: caseconsult::domain::Role) -> caseconsult::cases::Actor {
    caseconsult::cases::Actor::consultant(
        caseconsult::domain::EmailAddress::parse(email).unwrap(),
        role,
    )
}

async fn case_row(pool: &PgPool, case: caseconsult::domain::CaseId) -> (String, Option<String>) {
    sqlx::query_as("SELECT status::text, assignee FROM cases WHERE id = $1")
        .bind(case)
        .fetch_one(pool)
        .await
        .unwrap()
}

async fn audit_of(pool: &PgPool, case: caseconsult::domain::CaseId) -> Vec<(String, String)> {
    sqlx::query_as("SELECT actor, action FROM audit_log WHERE case_id = $1 ORDER BY id")
        .bind(case)
        .fetch_all(pool)
        .await
        .unwrap()
}

#[sqlx::test(migrator = "caseconsult::db::MIGRATOR")]
async fn a_follow_up_reopens_an_answered_case_through_the_lifecycle(pool: PgPool) {
    use caseconsult::cases::Event;
    use caseconsult::domain::Role;
    let c = cursor::align(&pool, "box", 1).await.unwrap();
    let IngestOutcome::NewCase(case) = put(&pool, c.key, 1, &raw("q@y", "q", "question")).await
    else {
        panic!("expected a new case")
    };
    let pat = actor("pat@desk.test", Role::Consultant);
    let store = store(&pool, 0);
    store.act(case, Event::Claim, &pat).await.unwrap();
    // A follow-up on a claimed case leaves it with its holder.
    let reply = "From: a@clinic.test\r\nSubject: Re: q\r\nIn-Reply-To: <q@y>\r\nMessage-ID: <r1@y>\r\n\r\nmore\r\n";
    assert_eq!(
        put(&pool, c.key, 2, reply.as_bytes()).await,
        IngestOutcome::FollowUp {
            case_id: case,
            reopened: false
        }
    );
    assert_eq!(
        case_row(&pool, case).await,
        ("claimed".into(), Some("pat@desk.test".into()))
    );
    let answer = common::plain_answer();
    store.answer(case, &pat, &answer).await.unwrap();
    assert_eq!(case_row(&pool, case).await.0, "answered");

    let again = "From: a@clinic.test\r\nSubject: Re: q\r\nIn-Reply-To: <r1@y>\r\nMessage-ID: <r2@y>\r\n\r\nthanks, one more\r\n";
    assert_eq!(
        put(&pool, c.key, 3, again.as_bytes()).await,
        IngestOutcome::FollowUp {
            case_id: case,
            reopened: true
        }
    );
    assert_eq!(case_row(&pool, case).await, ("open".into(), None));
    let trail = audit_of(&pool, case).await;
    let tail: Vec<(&str, &str)> = trail[trail.len() - 2..]
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect();
    assert_eq!(tail, [("intake", "follow_up"), ("intake", "reopened")]);
    let detail: serde_json::Value = sqlx::query_scalar(
        "SELECT detail FROM audit_log WHERE case_id = $1 AND action = 'reopened'",
    )
    .bind(case)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert!(detail["inbound_message_id"].as_i64().is_some(), "{detail}");
}

#[sqlx::test(migrator = "caseconsult::db::MIGRATOR")]
async fn quarantine_release_goes_through_the_lifecycle(pool: PgPool) {
    use caseconsult::cases::{CaseError, Refusal};
    use caseconsult::domain::{InboundMessageId, Role};
    let c = cursor::align(&pool, "box", 1).await.unwrap();
    let held = put_as(
        &pool,
        c.key,
        1,
        &raw("u@y", "from a stranger", "which code?"),
        Some(QuarantineReason::UnknownSender),
    )
    .await;
    assert!(matches!(held, IngestOutcome::Quarantined { .. }));
    let inbound: InboundMessageId = sqlx::query_scalar("SELECT id FROM inbound_messages")
        .fetch_one(&pool)
        .await
        .unwrap();
    let store = store(&pool, 0);
    let reparse = |raw: &[u8]| parse(raw, 1 << 20);
    let refused = store
        .release_quarantined(inbound, &actor("pat@desk.test", Role::Consultant), &reparse)
        .await
        .unwrap_err();
    assert!(
        matches!(refused, CaseError::Denied(Refusal::NotPermitted { .. })),
        "{refused}"
    );
    let cases: i64 = sqlx::query_scalar("SELECT count(*) FROM cases")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(cases, 0, "a refused release opens nothing");

    let ada = actor("ada@desk.test", Role::Admin);
    let case = store
        .release_quarantined(inbound, &ada, &reparse)
        .await
        .unwrap();
    assert_eq!(case_row(&pool, case).await, ("open".into(), None));
    assert_eq!(
        audit_of(&pool, case).await,
        [(
            "ada@desk.test".to_owned(),
            "released_from_quarantine".to_owned()
        )]
    );
    assert!(matches!(
        store.release_quarantined(inbound, &ada, &reparse).await,
        Err(CaseError::NotQuarantined(_))
    ));
}

#[sqlx::test(migrator = "caseconsult::db::MIGRATOR")]
async fn hand_overs_corrections_and_reopening_are_transitions_with_audit(pool: PgPool) {
    use caseconsult::cases::{Answer, CaseError, Event, Refusal};
    use caseconsult::domain::{EmailAddress, Role};
    let c = cursor::align(&pool, "box", 1).await.unwrap();
    let IngestOutcome::NewCase(case) = put(&pool, c.key, 1, &raw("q@y", "q", "question")).await
    else {
        panic!("expected a new case")
    };
    let store = store(&pool, 0);
    let (pat, sam) = (
        actor("pat@desk.test", Role::Consultant),
        actor("sam@desk.test", Role::Consultant),
    );
    let to = |e: &str| Event::Assign {
        to: EmailAddress::parse(e).unwrap(),
    };
    store.act(case, Event::Claim, &pat).await.unwrap();
    let err = store
        .act(case, to("sam@desk.test"), &sam)
        .await
        .unwrap_err();
    assert!(matches!(
        err,
        CaseError::Refused {
            refusal: Refusal::HeldByOther { .. },
            ..
        }
    ));
    store.act(case, to("sam@desk.test"), &pat).await.unwrap();
    assert_eq!(
        case_row(&pool, case).await,
        ("claimed".into(), Some("sam@desk.test".into()))
    );

    let answer = common::plain_answer();
    store.answer(case, &sam, &answer).await.unwrap();
    let fixed = Answer {
        body: "Correction: use M54.59.",
        ..answer
    };
    let applied = store.answer(case, &sam, &fixed).await.unwrap();
    assert_eq!(applied.transition.audit, ["corrected"]);
    assert!(applied.outbox_id.is_some(), "a correction is mailed");
    let answers: i64 = sqlx::query_scalar("SELECT count(*) FROM outbox WHERE kind = 'answer'")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(answers, 2);

    store.act(case, Event::Close, &sam).await.unwrap();
    store.act(case, Event::Reopen, &pat).await.unwrap();
    assert_eq!(case_row(&pool, case).await, ("open".into(), None));
    let actions: Vec<String> = audit_of(&pool, case)
        .await
        .into_iter()
        .map(|(_, a)| a)
        .collect();
    assert_eq!(
        actions,
        [
            "created",
            "acknowledgement_suppressed",
            "claimed",
            "assigned",
            "answered",
            "corrected",
            "closed",
            "reopened"
        ]
    );
    let assigned: serde_json::Value = sqlx::query_scalar(
        "SELECT detail FROM audit_log WHERE case_id = $1 AND action = 'assigned'",
    )
    .bind(case)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(assigned["to"], "sam@desk.test");
}

#[sqlx::test(migrator = "caseconsult::db::MIGRATOR")]
async fn a_message_the_assistant_failed_on_is_recorded_and_not_retried(pool: PgPool) {
    use caseconsult::cases::drafts;
    let c = cursor::align(&pool, "box", 1).await.unwrap();
    let IngestOutcome::NewCase(case) = put(&pool, c.key, 1, &raw("q@y", "q", "question")).await
    else {
        panic!("expected a new case")
    };
    let waiting = drafts::claim_undrafted(&pool, 10, 60.0).await.unwrap();
    assert_eq!(waiting.len(), 1);
    assert!(
        drafts::claim_undrafted(&pool, 10, 60.0)
            .await
            .unwrap()
            .is_empty(),
        "a claimed message is not handed to a second drafter"
    );
    drafts::record_failure(
        &pool,
        &waiting[0],
        "ICD-10-CM FY2026",
        "the assistant panicked",
    )
    .await
    .unwrap();
    sqlx::query("UPDATE inbound_messages SET drafting_until = now() - interval '1 second'")
        .execute(&pool)
        .await
        .unwrap();
    assert!(drafts::claim_undrafted(&pool, 10, 60.0)
        .await
        .unwrap()
        .is_empty());
    let detail = caseconsult::cases::case_detail(&pool, case).await.unwrap();
    assert!(detail.drafts.is_empty());
    assert!(detail.audit.iter().any(|a| a.action == "draft_failed"));
}

#[sqlx::test(migrator = "caseconsult::db::MIGRATOR")]
async fn an_unfinished_drafting_claim_comes_back_after_it_runs_out(pool: PgPool) {
    use caseconsult::cases::drafts;
    three_questions(&pool, "q").await;
    let first = drafts::claim_undrafted(&pool, 2, 60.0).await.unwrap();
    let second = drafts::claim_undrafted(&pool, 10, 60.0).await.unwrap();
    assert_eq!(
        (first.len(), second.len()),
        (2, 1),
        "no message in two claims"
    );
    assert!(second[0].inbound_id.0 > first[1].inbound_id.0);
    // The first drafter died: its claims run out and another instance takes them.
    sqlx::query("UPDATE inbound_messages SET drafting_until = now() - interval '1 second' WHERE id = ANY($1)")
        .bind(first.iter().map(|m| m.inbound_id.0).collect::<Vec<_>>())
        .execute(&pool)
        .await
        .unwrap();
    let again = drafts::claim_undrafted(&pool, 10, 60.0).await.unwrap();
    let ids = |v: &[drafts::Undrafted]| v.iter().map(|m| m.inbound_id.0).collect::<Vec<_>>();
    assert_eq!(ids(&again), ids(&first));
}

/// An instance that does not read the mailbox hears of committed questions: its drafting task
/// listens on the channel the commit notifies.
#[sqlx::test(migrator = "caseconsult::db::MIGRATOR")]
async fn committed_questions_wake_every_drafter(pool: PgPool) {
    use caseconsult::cases::drafts;
    let mut listener = caseconsult::db::listener(&pool, drafts::CHANNEL)
        .await
        .unwrap();
    three_questions(&pool, "w").await;
    tokio::time::timeout(std::time::Duration::from_secs(5), listener.recv())
        .await
        .expect("committed questions notify the drafters")
        .unwrap();
    assert_eq!(
        drafts::claim_undrafted(&pool, 10, 60.0)
            .await
            .unwrap()
            .len(),
        3
    );
}

#[sqlx::test(migrator = "caseconsult::db::MIGRATOR")]
async fn one_instance_holds_a_mailbox_until_its_lease_runs_out(pool: PgPool) {
    let ttl = std::time::Duration::from_secs(30);
    assert!(cursor::take_lease(&pool, "desk", "a", ttl).await.unwrap());
    assert!(!cursor::take_lease(&pool, "desk", "b", ttl).await.unwrap());
    assert!(cursor::renew_lease(&pool, "desk", "a", ttl).await.unwrap());
    assert!(!cursor::renew_lease(&pool, "desk", "b", ttl).await.unwrap());
    let health = cursor::health(&pool).await.unwrap();
    assert_eq!(health[0].read_by.as_deref(), Some("a"));
    // a stops renewing (killed): once the lease has run out, b takes the mailbox and a cannot
    // renew it back.
    sqlx::query("UPDATE mailboxes SET lease_until = now() - interval '1 second'")
        .execute(&pool)
        .await
        .unwrap();
    assert!(cursor::health(&pool).await.unwrap()[0].read_by.is_none());
    assert!(cursor::take_lease(&pool, "desk", "b", ttl).await.unwrap());
    assert!(!cursor::renew_lease(&pool, "desk", "a", ttl).await.unwrap());
    // A clean stop gives it up at once.
    cursor::release_lease(&pool, "desk", "b").await.unwrap();
    assert!(cursor::take_lease(&pool, "desk", "a", ttl).await.unwrap());
}

#[sqlx::test(migrator = "caseconsult::db::MIGRATOR")]
async fn a_follow_ups_draft_covers_the_whole_thread(pool: PgPool) {
    use caseconsult::cases::drafts;
    let c = cursor::align(&pool, "box", 1).await.unwrap();
    put(
        &pool,
        c.key,
        1,
        &raw("first@y", "q", "We billed M54.5 for back pain."),
    )
    .await;
    let reply = "From: a@clinic.test\r\nSubject: Re: q\r\nMessage-ID: <second@y>\r\n\
In-Reply-To: <first@y>\r\n\r\nAlso, which code for the fever?\r\n";
    assert!(matches!(
        put(&pool, c.key, 2, reply.as_bytes()).await,
        IngestOutcome::FollowUp { .. }
    ));
    let waiting = drafts::claim_undrafted(&pool, 10, 60.0).await.unwrap();
    assert_eq!(waiting.len(), 2);
    let thread = |m: &drafts::Undrafted| {
        m.thread
            .iter()
            .map(|q| {
                (
                    q.at.number,
                    q.at.inbound_message_id,
                    q.at.sender.clone().unwrap_or_default(),
                    q.text.clone(),
                )
            })
            .collect::<Vec<_>>()
    };
    let first = (
        1,
        waiting[0].inbound_id,
        "a@clinic.test".to_owned(),
        "We billed M54.5 for back pain.".to_owned(),
    );
    assert_eq!(thread(&waiting[0]), std::slice::from_ref(&first));
    assert_eq!(
        thread(&waiting[1]),
        [
            first,
            (
                2,
                waiting[1].inbound_id,
                "a@clinic.test".to_owned(),
                "Also, which code for the fever?".to_owned()
            )
        ]
    );
    assert!(waiting[0].thread[0].at.received_at <= waiting[1].thread[1].at.received_at);
}

/// The queue's order and "overdue" come from the stored due time: the last message plus the
/// promise the desk was started with, moved when the promise changes and when a message comes.
#[sqlx::test(migrator = "caseconsult::db::MIGRATOR")]
async fn the_stored_due_time_follows_the_promise_and_the_last_message(pool: PgPool) {
    use caseconsult::cases::desk::{self, QueueFilter, Sort};
    let c = cursor::align(&pool, "box", 7).await.unwrap();
    for (uid, id) in [(1, "first@clinic.test"), (2, "second@clinic.test")] {
        put(&pool, c.key, uid, &raw(id, id, "Which code?")).await;
    }
    sqlx::query("UPDATE cases SET last_message_at = now() - interval '30 hours' WHERE subject = 'second@clinic.test'")
        .execute(&pool)
        .await
        .unwrap();
    let due_hours = |subject: &'static str| {
        let pool = pool.clone();
        async move {
            sqlx::query_scalar::<_, f64>(
                "SELECT extract(epoch FROM due_at - last_message_at)::float8 / 3600 FROM cases WHERE subject = $1",
            )
            .bind(subject)
            .fetch_one(&pool)
            .await
            .unwrap()
        }
    };
    assert_eq!(due_hours("first@clinic.test").await, 24.0);
    let queue = desk::queue(&pool, QueueFilter::default(), 1).await.unwrap();
    let order: Vec<&str> = queue.items.iter().map(|r| r.subject.as_str()).collect();
    assert_eq!(
        order,
        ["second@clinic.test", "first@clinic.test"],
        "soonest due first"
    );
    assert!(queue.items[0].overdue && !queue.items[1].overdue);

    desk::keep_response_promise(&pool, 48).await.unwrap();
    assert_eq!(due_hours("first@clinic.test").await, 48.0);
    assert_eq!(due_hours("second@clinic.test").await, 48.0);
    let queue = desk::queue(&pool, QueueFilter::default(), 1).await.unwrap();
    assert!(
        !queue.items[0].overdue,
        "30 hours is within a 48-hour promise"
    );

    // A follow-up on the older case moves its due time: it now goes last.
    let reply = "From: a@clinic.test\r\nSubject: Re: second@clinic.test\r\nMessage-ID: <r@clinic.test>\r\nIn-Reply-To: <second@clinic.test>\r\n\r\nAnd the laterality?\r\n";
    put(&pool, c.key, 3, reply.as_bytes()).await;
    let queue = desk::queue(
        &pool,
        QueueFilter {
            sort: Sort::Due,
            ..Default::default()
        },
        1,
    )
    .await
    .unwrap();
    let order: Vec<&str> = queue.items.iter().map(|r| r.subject.as_str()).collect();
    assert_eq!(order, ["first@clinic.test", "second@clinic.test"]);
}

/// Opening a case page again the same day writes nothing: one "viewed" row per consultant,
/// case and day, and the look behind "new reply" moves only after a newer message.
#[sqlx::test(migrator = "caseconsult::db::MIGRATOR")]
async fn a_case_page_opened_again_writes_nothing(pool: PgPool) {
    use caseconsult::cases::desk;
    let c = cursor::align(&pool, "box", 7).await.unwrap();
    let IngestOutcome::NewCase(case) =
        put(&pool, c.key, 1, &raw("q@clinic.test", "q", "Which code?")).await
    else {
        panic!("a new case");
    };
    let look = || async {
        sqlx::query_as::<_, (String, i64)>(
            "SELECT l.xmin::text, (SELECT count(*) FROM audit_log WHERE action = 'viewed')
             FROM case_looks l WHERE l.case_id = $1",
        )
        .bind(case)
        .fetch_one(&pool)
        .await
        .unwrap()
    };
    let open = |case, opening| desk::open_case(&pool, case, "pat@desk.test", opening, 10);
    let (shown, _) = open(case, desk::Opening::View).await.unwrap();
    assert_eq!(
        shown.audit.iter().filter(|e| e.action == "viewed").count(),
        1,
        "the page shows the view it records"
    );
    let first = look().await;
    assert_eq!(first.1, 1);
    for opening in [
        desk::Opening::View,
        desk::Opening::Look,
        desk::Opening::Redisplay,
        desk::Opening::View,
    ] {
        open(case, opening).await.unwrap();
    }
    assert_eq!(
        look().await,
        first,
        "the same look and the same single view"
    );

    let reply = "From: a@clinic.test\r\nSubject: Re: q\r\nMessage-ID: <r@clinic.test>\r\nIn-Reply-To: <q@clinic.test>\r\n\r\nAnd the laterality?\r\n";
    put(&pool, c.key, 2, reply.as_bytes()).await;
    open(case, desk::Opening::Redisplay).await.unwrap();
    assert_eq!(
        look().await,
        first,
        "a page shown again after a form is no look"
    );
    open(case, desk::Opening::Look).await.unwrap();
    let after = look().await;
    assert_ne!(after.0, first.0, "a newer message moves the look");
    assert_eq!(after.1, 1, "still one view today");
    assert!(matches!(
        open(
            caseconsult::domain::CaseId(case.0 + 1000),
            desk::Opening::View
        )
        .await,
        Err(caseconsult::cases::CaseError::NotFound(_))
    ));
}

/// A fetched batch is written together where it can be; what it holds must come out as if
/// each message had been stored on its own: case numbers in arrival order, repeats marked,
/// the hourly acknowledgement share, copied people, a reply to a question of the same batch
/// threaded onto it, and a second delivery recognised.
#[sqlx::test(migrator = "caseconsult::db::MIGRATOR")]
async fn a_batch_is_stored_as_its_messages_would_be_one_by_one(pool: PgPool) {
    let c = cursor::align(&pool, "box", 1).await.unwrap();
    let question = "Outpatient visit for chronic low back pain: is M54.50 the right code?";
    let mails: Vec<Vec<u8>> = vec![
        raw("q1@y", "back pain", question),
        raw("q2@y", "back pain again", question),
        b"From: b@clinic.test\r\nCc: lead@clinic.test\r\nSubject: knee\r\nMessage-ID: <q3@y>\r\n\r\nKnee pain M25.561, right?\r\n".to_vec(),
        b"From: a@clinic.test\r\nSubject: Re: back pain\r\nIn-Reply-To: <q1@y>\r\nMessage-ID: <r1@y>\r\n\r\nAnd if it is acute?\r\n".to_vec(),
        raw("q4@y", "shoulder", "Shoulder pain M25.511 for the left side?"),
        raw("q1@y", "back pain", question),
    ];
    let parsed: Vec<_> = mails.iter().map(|m| parse(m, 1 << 20)).collect();
    let inputs: Vec<IngestInput<'_>> = mails
        .iter()
        .zip(&parsed)
        .enumerate()
        .map(|(i, (raw, parsed))| IngestInput {
            key: c.key,
            uid: i as u32 + 1,
            raw,
            truncated: false,
            parsed,
            quarantine: None,
        })
        .collect();
    let out = store(&pool, 2).ingest_batch(&inputs).await.unwrap();
    let new_case = |o: &IngestOutcome| match o {
        IngestOutcome::NewCase(id) => *id,
        other => panic!("expected a new case, got {other:?}"),
    };
    let (q1, q2, q3, q4) = (
        new_case(&out[0]),
        new_case(&out[1]),
        new_case(&out[2]),
        new_case(&out[4]),
    );
    assert!(q1 < q2 && q2 < q3 && q3 < q4, "numbered in arrival order");
    assert_eq!(
        out[3],
        IngestOutcome::FollowUp {
            case_id: q1,
            reopened: false
        }
    );
    assert_eq!(out[5], IngestOutcome::Duplicate(Some(q1)));

    let repeat_of: Option<i64> =
        sqlx::query_scalar("SELECT possible_duplicate_of FROM cases WHERE id = $1")
            .bind(q2)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(repeat_of, Some(q1.0));
    let cc: Vec<String> = sqlx::query_scalar("SELECT cc_addrs FROM cases WHERE id = $1")
        .bind(q3)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(cc, vec!["lead@clinic.test".to_owned()]);

    // a@ had two acknowledgements this hour (q1, q2): q4's is held back; b@ gets one.
    let acked: Vec<i64> = sqlx::query_scalar(
        "SELECT case_id FROM outbox WHERE kind = 'acknowledgement' ORDER BY case_id",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(acked, vec![q1.0, q2.0, q3.0]);
    assert!(audit_of(&pool, q4)
        .await
        .iter()
        .any(|(_, action)| action == "acknowledgement_suppressed"));
    assert!(audit_of(&pool, q2)
        .await
        .iter()
        .any(|(_, action)| action == "possible_duplicate"));

    // The thread of q1: the question, its acknowledgement, then the reply.
    let thread: Vec<(String, Option<String>)> = sqlx::query_as(
        "SELECT direction, message_id FROM case_messages WHERE case_id = $1 ORDER BY id",
    )
    .bind(q1)
    .fetch_all(&pool)
    .await
    .unwrap();
    let directions: Vec<&str> = thread.iter().map(|(d, _)| d.as_str()).collect();
    assert_eq!(directions, ["inbound", "outbound", "inbound"]);
    assert_eq!(thread[0].1.as_deref(), Some("q1@y"));
    assert_eq!(thread[2].1.as_deref(), Some("r1@y"));

    let shown = caseconsult::cases::case_detail(&pool, q1).await.unwrap();
    // The question, the reply (numbered as drafting numbers them) and the second delivery.
    let numbers: Vec<(&str, Option<u32>)> = shown
        .messages
        .iter()
        .map(|m| (m.disposition.as_str(), m.number))
        .collect();
    assert_eq!(
        numbers,
        [
            ("new_case", Some(1)),
            ("follow_up", Some(2)),
            ("duplicate", None)
        ]
    );
    assert_eq!(shown.outbound.len(), 1);
    assert!(shown.audit.iter().any(|e| e.action == "possible_duplicate"));
    assert_eq!(
        shown.possible_duplicates.first().map(|l| l.id),
        Some(q2),
        "the case page links the repeat"
    );
}

/// A word PostgreSQL's statistics call common is searched by walking the newest cases, a rare
/// one through the full-text indexes: both must find the same cases in the same order, a page
/// at a time.
#[sqlx::test(migrator = "caseconsult::db::MIGRATOR")]
async fn search_finds_common_and_rare_words_alike(pool: PgPool) {
    let c = cursor::align(&pool, "box", 1).await.unwrap();
    let mut cases = Vec::new();
    for uid in 1..=120u32 {
        // Every question names angioedema; one in three also names lisinopril; one names 4242.
        let extra = match uid {
            60 => " visit 4242",
            u if u % 3 == 0 => " after lisinopril",
            _ => "",
        };
        let bytes = raw(
            &format!("s{uid}@y"),
            &format!("question {uid}"),
            &format!("Angioedema{extra}: which code?"),
        );
        match put(&pool, c.key, uid, &bytes).await {
            IngestOutcome::NewCase(id) => cases.push(id),
            other => panic!("{other:?}"),
        }
    }
    sqlx::query("ANALYZE").execute(&pool).await.unwrap();
    // What makes the search walk the newest cases for this word.
    let common: Option<f32> = sqlx::query_scalar(
        "SELECT e.freq FROM pg_stats st,
                unnest(st.most_common_elems::text::text[], st.most_common_elem_freqs) AS e(lexeme, freq)
         WHERE st.tablename = 'inbound_messages' AND st.attname = 'search' AND e.lexeme = 'angioedema'",
    )
    .fetch_optional(&pool)
    .await
    .unwrap();
    assert!(common.is_some_and(|f| f >= 0.02), "{common:?}");
    let newest_first = |ids: Vec<caseconsult::domain::CaseId>| -> Vec<i64> {
        ids.iter().rev().map(|c| c.0).collect()
    };
    let found = |page: caseconsult::cases::Page<caseconsult::cases::CaseSummary>| -> Vec<i64> {
        page.items.iter().map(|c| c.id.0).collect()
    };
    let all = newest_first(cases.clone());
    let first = caseconsult::cases::search_cases(&pool, "angioedema", 1)
        .await
        .unwrap();
    assert!(first.more);
    assert_eq!(found(first), all[..50]);
    let third = caseconsult::cases::search_cases(&pool, "angioedema", 3)
        .await
        .unwrap();
    assert!(!third.more);
    assert_eq!(found(third), all[100..]);
    let lisinopril: Vec<i64> = newest_first(
        cases
            .iter()
            .enumerate()
            .filter(|(i, _)| (i + 1) % 3 == 0 && i + 1 != 60)
            .map(|(_, c)| *c)
            .collect(),
    );
    let page = caseconsult::cases::search_cases(&pool, "lisinopril angioedema", 1)
        .await
        .unwrap();
    assert_eq!(found(page), lisinopril);
    let rare = caseconsult::cases::search_cases(&pool, "4242", 1)
        .await
        .unwrap();
    assert_eq!(found(rare), vec![cases[59].0]);
    let none = caseconsult::cases::search_cases(&pool, "angioedema -angioedema", 1)
        .await
        .unwrap();
    assert!(none.items.is_empty());
}

/// The counts as the queue shows them, and as counting every case gives them.
async fn both_counts(pool: &PgPool) -> (Vec<(String, i64)>, Vec<(String, i64)>) {
    let kept = caseconsult::cases::desk::status_counts(pool)
        .await
        .unwrap()
        .into_iter()
        .map(|(s, n)| (s.as_str().to_owned(), n))
        .collect();
    let counted = sqlx::query_as(
        "SELECT c.status::text, count(*) FROM cases c GROUP BY c.status ORDER BY c.status",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    (kept, counted)
}

#[sqlx::test(migrator = "caseconsult::db::MIGRATOR")]
async fn the_kept_status_counts_follow_every_change_and_survive_folding(pool: PgPool) {
    use caseconsult::cases::Event;
    use caseconsult::domain::Role;
    let c = cursor::align(&pool, "box", 1).await.unwrap();
    let mut ids = Vec::new();
    for uid in 1..=4 {
        let IngestOutcome::NewCase(case) = put(
            &pool,
            c.key,
            uid,
            &raw(&format!("q{uid}@y"), "q", "question"),
        )
        .await
        else {
            panic!("expected a new case")
        };
        ids.push(case);
    }
    put_as(
        &pool,
        c.key,
        5,
        &raw("bulk@y", "sale", "buy"),
        Some(QuarantineReason::Bulk),
    )
    .await;
    let pat = actor("pat@desk.test", Role::Consultant);
    let store = store(&pool, 0);
    let answer = common::plain_answer();
    let (kept, counted) = both_counts(&pool).await;
    assert_eq!(kept, counted);
    assert_eq!(kept.iter().find(|(s, _)| s == "open").unwrap().1, 4);
    store.act(ids[0], Event::Claim, &pat).await.unwrap();
    store.answer(ids[1], &pat, &answer).await.unwrap();
    store.act(ids[2], Event::Claim, &pat).await.unwrap();
    store.act(ids[2], Event::Close, &pat).await.unwrap();
    // A statement that touches every case without changing a status adds nothing.
    sqlx::query("UPDATE response_promise SET hours = 8")
        .execute(&pool)
        .await
        .unwrap();
    let (kept, counted) = both_counts(&pool).await;
    assert_eq!(kept, counted);
    let claimed = kept.iter().find(|(s, _)| s == "claimed");
    assert_eq!(claimed.map(|c| c.1), Some(1), "{kept:?}");

    caseconsult::cases::desk::fold_status_counts(&pool)
        .await
        .unwrap();
    let rows: i64 = sqlx::query_scalar("SELECT count(*) FROM case_status_counts")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(
        rows as usize,
        counted.len(),
        "one row per status after folding"
    );
    store.act(ids[0], Event::Release, &pat).await.unwrap();
    let (kept, counted) = both_counts(&pool).await;
    assert_eq!(kept, counted);
    assert_eq!(kept.iter().find(|(s, _)| s == "claimed"), None, "{kept:?}");
}
