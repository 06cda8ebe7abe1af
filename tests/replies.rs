//! Replies against the real servers: the acknowledgement and the consultant's answer arrive in
//! the requester's IMAP inbox, threaded; the desk never answers robots; refusals show on the case.

mod common;

use std::time::Duration;

use caseconsult::cases::outgoing as store;
use caseconsult::domain::CaseId;
use caseconsult::outbox::Mailer;
use common::*;
use mail_parser::{MessageParser, MimeHeaders};
use sqlx::PgPool;

const WAIT: Duration = Duration::from_secs(30);

async fn case_id(pool: &PgPool) -> i64 {
    wait_for(WAIT, "the case", || async {
        sqlx::query_scalar::<_, i64>("SELECT id FROM cases")
            .fetch_optional(pool)
            .await
            .unwrap()
    })
    .await
}

fn question(from: &User, desk: &User, id: &str) -> Vec<u8> {
    message(
        &format!("Ann Coder <{}>", from.address),
        &desk.address,
        "Re: RE: Bone SPECT codes?",
        id,
        "",
        "Outpatient bone SPECT for low back pain; the order says M54.5. Which codes?",
    )
}

fn angle(id: &str) -> String {
    format!("<{id}>")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_b_c_acknowledged_answered_threaded_and_reopened_by_a_reply() {
    let desk = User::new("desk");
    let requester = User::new("req");
    let (url, pool) = fresh_database().await;
    add_consultants(&pool, &["pat@desk.test", "sam@desk.test"]).await;
    let running = Desk::start(config_for(&desk, &url));
    send(
        &requester.address,
        &desk.address,
        &question(&requester, &desk, "q-abc@clinic.test"),
    )
    .await;
    let id = case_id(&pool).await;
    let reference = format!("C-{id}");

    // (a) the acknowledgement
    let inbox = wait_for_mail(&requester, "INBOX", 1, WAIT).await;
    let ack = &inbox[0];
    let ack_id: String =
        sqlx::query_scalar("SELECT message_id FROM outbox WHERE kind = 'acknowledgement'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(header(ack, "Message-ID"), Some(angle(&ack_id)));
    assert_eq!(header(ack, "In-Reply-To"), Some(angle("q-abc@clinic.test")));
    assert_eq!(header(ack, "References"), Some(angle("q-abc@clinic.test")));
    assert_eq!(
        header(ack, "Subject"),
        Some(format!("Re: [Case #{reference}] Bone SPECT codes?"))
    );
    assert_eq!(
        header(ack, "Auto-Submitted").as_deref(),
        Some("auto-replied")
    );
    assert!(header(ack, "Reply-To").unwrap().contains(&desk.address));
    let parsed = MessageParser::default().parse(ack).unwrap();
    assert!(parsed.body_text(0).unwrap().contains(&reference));
    assert!(parsed.body_html(0).unwrap().contains(&reference));

    // (b) claim, a colleague is refused, the claimant answers with codes
    let (ok, _, err) = cli(
        &url,
        &["cases", "claim", &reference, "--as", "pat@desk.test"],
    );
    assert!(ok, "{err}");
    let dir = tempfile::tempdir().unwrap();
    let answer_file = dir.path().join("answer.txt");
    std::fs::write(
        &answer_file,
        "codes: M54.50, 78803\ncode: M54.50 | M54.5 became a header in FY2022\n---\n\
Report M54.50 (low back pain, unspecified) with the SPECT.\n\nKind regards",
    )
    .unwrap();
    let file = answer_file.to_str().unwrap();
    let (ok, _, err) = cli(
        &url,
        &[
            "cases",
            "answer",
            &reference,
            "--as",
            "sam@desk.test",
            "--file",
            file,
        ],
    );
    assert!(
        !ok && err.contains("held by pat@desk.test"),
        "a colleague cannot answer: {err}"
    );
    let scan = dir.path().join("coding-notes.pdf");
    std::fs::write(&scan, b"%PDF-1.4 notes for the coder").unwrap();
    let (ok, _, err) = cli(
        &url,
        &[
            "cases",
            "answer",
            &reference,
            "--as",
            "pat@desk.test",
            "--file",
            file,
            "--attach",
            scan.to_str().unwrap(),
        ],
    );
    assert!(ok, "{err}");
    let inbox = wait_for_mail(&requester, "INBOX", 2, WAIT).await;
    let answer = inbox
        .iter()
        .find(|m| header(m, "Auto-Submitted").is_none())
        .expect("the answer");
    let question_and_ack = format!("{} {}", angle("q-abc@clinic.test"), angle(&ack_id));
    assert_eq!(
        header(answer, "In-Reply-To"),
        Some(angle("q-abc@clinic.test"))
    );
    assert_eq!(header(answer, "References"), Some(question_and_ack));
    assert_eq!(
        header(answer, "Subject"),
        Some(format!("Re: [Case #{reference}] Bone SPECT codes?"))
    );
    let parsed = MessageParser::default().parse(answer.as_slice()).unwrap();
    let (text, html) = (parsed.body_text(0).unwrap(), parsed.body_html(0).unwrap());
    for part in [&text, &html] {
        assert!(
            part.contains("M54.50") && part.contains("78803"),
            "codes in both parts"
        );
        assert!(part.contains("became a header in FY2022"));
    }
    assert!(html.contains("<table"), "the HTML part has the codes table");
    let file = parsed.attachment(0).expect("the attached file");
    assert_eq!(file.attachment_name(), Some("coding-notes.pdf"));
    assert_eq!(file.contents(), b"%PDF-1.4 notes for the coder");
    assert!(
        text.replace("\r\n", "\n").contains("\npat\n"),
        "signed with the consultant's name: {text}"
    );
    assert!(
        !text.contains("pat@desk.test"),
        "not with a login address: {text}"
    );
    let status: String = sqlx::query_scalar("SELECT status::text FROM cases")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(status, "answered");

    // (c) the requester's client rewrote Message-IDs and dropped In-Reply-To: References suffice
    let answer_id = header(answer, "Message-ID").unwrap();
    let reply = message(
        &requester.address,
        &desk.address,
        "AW: one more question",
        "r-abc@clinic.test",
        &format!("References: <rewritten@outlook.test> {answer_id}\r\n"),
        "Thanks! And if radiculopathy is documented?",
    );
    send(&requester.address, &desk.address, &reply).await;
    // It goes back to Pat, who answered it and still works at the desk.
    wait_for(WAIT, "the reply to reopen the case", || async {
        let s: (String, Option<String>) =
            sqlx::query_as("SELECT status::text, assignee FROM cases")
                .fetch_one(&pool)
                .await
                .unwrap();
        (s == ("claimed".to_owned(), Some("pat@desk.test".to_owned()))).then_some(())
    })
    .await;
    assert_eq!(count(&pool, "SELECT count(*) FROM cases").await, 1);
    assert_eq!(
        count(
            &pool,
            "SELECT count(*) FROM outbox WHERE kind = 'acknowledgement'"
        )
        .await,
        1,
        "follow-ups are not acknowledged again"
    );
    let (_, shown, _) = cli(&url, &["cases", "show", &reference]);
    for action in [
        "created",
        "claimed",
        "answered",
        "sent",
        "follow_up",
        "reopened",
    ] {
        assert!(shown.contains(action), "audit lacks {action}:\n{shown}");
    }
    running.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn e_a_resend_after_an_unknown_outcome_carries_the_same_message_id() {
    let desk = User::new("desk");
    let requester = User::new("req");
    let (url, pool) = fresh_database().await;
    add_consultants(&pool, &["pat@desk.test", "sam@desk.test"]).await;
    let mut config = config_for(&desk, &url);
    config.outbox.lease_secs = 1;
    // Intake alone takes the question and queues the acknowledgement; no outbox worker runs yet.
    let intake = IntakeOnly::start(config.clone());
    send(
        &requester.address,
        &desk.address,
        &question(&requester, &desk, "q-e@clinic.test"),
    )
    .await;
    case_id(&pool).await;
    intake.stop().await;

    // A worker leases the row and the SMTP server accepts the message; the worker dies before
    // marking it sent: the window the outbox documents.
    let leased = store::lease(&pool, 10, 1.0).await.unwrap();
    assert_eq!(leased.len(), 1);
    let mailer = Mailer::new(&config.smtp).unwrap();
    mailer
        .send(&mailer.build(&leased[0]).unwrap())
        .await
        .unwrap();
    drop(leased);

    // After the lease expires, a new worker sends it again, as the same message.
    tokio::time::sleep(Duration::from_millis(1200)).await;
    let running = Desk::start(config);
    let inbox = wait_for_mail(&requester, "INBOX", 2, WAIT).await;
    let ids: Vec<_> = inbox
        .iter()
        .map(|m| header(m, "Message-ID").unwrap())
        .collect();
    assert_eq!(
        ids[0], ids[1],
        "both copies are recognisably the same message"
    );
    wait_for(WAIT, "the row to be marked sent", || async {
        let (status, attempts): (String, i32) =
            sqlx::query_as("SELECT status, attempts FROM outbox")
                .fetch_one(&pool)
                .await
                .unwrap();
        (status == "sent").then_some(attempts)
    })
    .await;
    running.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn f_a_permanent_rejection_shows_on_the_case() {
    let desk = User::new("desk");
    let requester = User::new("reject-");
    let (url, pool) = fresh_database().await;
    add_consultants(&pool, &["pat@desk.test", "sam@desk.test"]).await;
    let running = Desk::start(config_for(&desk, &url));
    send(
        &requester.address,
        &desk.address,
        &question(&requester, &desk, "q-f@clinic.test"),
    )
    .await;
    let id = case_id(&pool).await;
    let error: String = wait_for(WAIT, "the acknowledgement to fail", || async {
        sqlx::query_scalar("SELECT last_error FROM outbox WHERE status = 'failed'")
            .fetch_optional(&pool)
            .await
            .unwrap()
    })
    .await;
    assert!(error.contains("refused by the test rig"), "{error}");
    assert_eq!(
        count(&pool, "SELECT attempts::bigint FROM outbox").await,
        1,
        "a 5xx is not retried"
    );
    let detail = caseconsult::cases::case_detail(&pool, CaseId(id))
        .await
        .unwrap();
    assert_eq!(detail.outbound[0].status, "failed");
    assert!(detail.audit.iter().any(|a| a.action == "send_failed"));
    let (_, shown, _) = cli(&url, &["cases", "show", &id.to_string()]);
    assert!(shown.contains("delivery error"), "{shown}");
    let status = |pool: PgPool| async move {
        sqlx::query_scalar::<_, String>("SELECT status::text FROM cases")
            .fetch_one(&pool)
            .await
            .unwrap()
    };
    assert_eq!(
        status(pool.clone()).await,
        "open",
        "a refused acknowledgement is only shown"
    );

    // The answer is refused too: the case comes back to the queue, first, with the SMTP reply.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.txt");
    std::fs::write(&file, "codes: M54.50\n---\nReport M54.50.").unwrap();
    let file = file.to_str().unwrap();
    let reference = id.to_string();
    let answer = [
        "cases",
        "answer",
        &reference,
        "--as",
        "pat@desk.test",
        "--file",
        file,
    ];
    let (ok, _, err) = cli(&url, &answer);
    assert!(ok, "{err}");
    wait_for(WAIT, "the answer to be refused", || async {
        (status(pool.clone()).await == "delivery_failed").then_some(())
    })
    .await;
    let (ok, json, err) = cli(&url, &["cases", "show", &reference, "--format", "json"]);
    assert!(ok, "{err}");
    let shown: serde_json::Value = serde_json::from_str(&json).unwrap();
    let failure = &shown["last_delivery_error"];
    assert_eq!(failure["kind"], "answer", "{shown}");
    assert!(failure["error"]
        .as_str()
        .unwrap()
        .contains("refused by the test rig"));
    let queue = caseconsult::cases::desk::queue(&pool, Default::default(), 1)
        .await
        .unwrap();
    assert_eq!(
        queue.items[0].id,
        CaseId(id),
        "a refused answer heads the queue"
    );
    let (ok, _, err) = cli(
        &url,
        &[
            "cases",
            "answer",
            &reference,
            "--as",
            "sam@desk.test",
            "--file",
            file,
        ],
    );
    assert!(!ok && err.contains("held by pat@desk.test"), "{err}");

    // Corrected address: the same answer goes out again, and the case keeps the address.
    let fixed = User::new("fixed");
    let mut resend = answer.to_vec();
    resend.extend(["--to", fixed.address.as_str()]);
    let (ok, _, err) = cli(&url, &resend);
    assert!(ok, "{err}");
    let inbox = wait_for_mail(&fixed, "INBOX", 1, WAIT).await;
    assert!(String::from_utf8_lossy(&inbox[0]).contains("M54.50"));
    wait_for(WAIT, "the resent answer to be delivered", || async {
        let sent = count(
            &pool,
            "SELECT count(*) FROM outbox WHERE kind = 'answer' AND status = 'sent'",
        )
        .await;
        (sent == 1).then_some(())
    })
    .await;
    assert_eq!(status(pool.clone()).await, "answered");
    let detail = caseconsult::cases::case_detail(&pool, CaseId(id))
        .await
        .unwrap();
    assert_eq!(detail.summary.requester, fixed.address);
    let actions: Vec<&str> = detail.audit.iter().map(|a| a.action.as_str()).collect();
    assert!(
        actions.contains(&"address_corrected") && actions.contains(&"resent"),
        "{actions:?}"
    );
    assert_eq!(
        detail.last_delivery_error.as_ref().map(|e| e.kind.as_str()),
        Some("acknowledgement"),
        "the answer went out; the refused acknowledgement is still shown"
    );
    running.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn g_an_out_of_office_reply_gets_no_mail_from_the_desk() {
    let desk = User::new("desk");
    let requester = User::new("away");
    enable_vacation(&requester);
    let (url, pool) = fresh_database().await;
    add_consultants(&pool, &["pat@desk.test", "sam@desk.test"]).await;
    let running = Desk::start(config_for(&desk, &url));
    send(
        &requester.address,
        &desk.address,
        &question(&requester, &desk, "q-g@clinic.test"),
    )
    .await;
    let id = case_id(&pool).await;
    wait_for_mail(&requester, "INBOX", 1, WAIT).await;
    let (ok, _, err) = cli(
        &url,
        &[
            "cases",
            "answer",
            &id.to_string(),
            "--as",
            "pat@desk.test",
            "--file",
            "/dev/stdin",
        ],
    );
    assert!(
        !ok && err.contains("no text"),
        "an empty answer is refused: {err}"
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.txt");
    std::fs::write(&file, "Use M54.50.").unwrap();
    let (ok, _, err) = cli(
        &url,
        &[
            "cases",
            "answer",
            &id.to_string(),
            "--as",
            "pat@desk.test",
            "--file",
            file.to_str().unwrap(),
        ],
    );
    assert!(ok, "{err}");
    // The answer is not automatic, so the requester's autoresponder answers it; the desk must not.
    let reason: String = wait_for(
        WAIT,
        "the out-of-office reply to reach the desk",
        || async {
            sqlx::query_scalar(
                "SELECT quarantine_reason FROM inbound_messages WHERE disposition = 'quarantined'",
            )
            .fetch_optional(&pool)
            .await
            .unwrap()
        },
    )
    .await;
    assert!(reason == "auto_reply" || reason == "bounce", "{reason}");
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(
        count(&pool, "SELECT count(*) FROM outbox").await,
        2,
        "acknowledgement and answer only"
    );
    assert_eq!(fetch_all(&requester, "INBOX").await.len(), 2);
    let status: String = sqlx::query_scalar("SELECT status::text FROM cases")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(status, "answered", "an auto-reply does not reopen the case");
    running.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sent_replies_are_copied_to_the_sent_folder_when_configured() {
    let desk = User::new("desk");
    let requester = User::new("req");
    let (url, pool) = fresh_database().await;
    add_consultants(&pool, &["pat@desk.test", "sam@desk.test"]).await;
    let mut config = config_for(&desk, &url);
    config.outbox.copy_to_sent = true;
    let running = Desk::start(config);
    send(
        &requester.address,
        &desk.address,
        &question(&requester, &desk, "q-s@clinic.test"),
    )
    .await;
    case_id(&pool).await;
    let copies = wait_for_mail(&desk, "Sent", 1, WAIT).await;
    let sent_id: String = sqlx::query_scalar("SELECT message_id FROM outbox")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(header(&copies[0], "Message-ID"), Some(angle(&sent_id)));
    running.stop().await;
}
