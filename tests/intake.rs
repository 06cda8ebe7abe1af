//! Intake against the real servers: SMTP into Postfix, delivered by LMTP into Dovecot, taken by
//! the desk over IMAP into a fresh PostgreSQL database.

mod common;

use std::time::Duration;

use common::*;
use sqlx::PgPool;

const WAIT: Duration = Duration::from_secs(30);

async fn processed(pool: &PgPool, n: i64) {
    wait_for(WAIT, &format!("{n} stored messages"), || async {
        (count(pool, "SELECT count(*) FROM inbound_messages").await >= n).then_some(())
    })
    .await;
}

async fn inbox_empty(desk: &User, processed_n: u32) {
    wait_for(WAIT, "the inbox to be emptied into Processed", || async {
        (folder_count(desk, "INBOX").await == 0
            && folder_count(desk, "Processed").await == processed_n)
            .then_some(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mailed_question_becomes_one_case_and_leaves_the_inbox() {
    let desk = User::new("desk");
    let (url, pool) = fresh_database().await;
    let running = Desk::start(config_for(&desk, &url));
    let raw = message(
        "\"Ann Coder\" <ann@clinic.test>",
        &desk.address,
        "Bone SPECT: which codes?",
        "q-a@clinic.test",
        "Cc: lead@clinic.test\r\n",
        "Which ICD-10-CM and CPT codes for this bone SPECT?\r\n\r\n-- \r\nAnn Coder",
    );
    send("ann@clinic.test", &desk.address, &raw).await;
    processed(&pool, 1).await;
    inbox_empty(&desk, 1).await;

    let (requester, name, subject, status): (String, Option<String>, String, String) =
        sqlx::query_as("SELECT requester, requester_name, subject, status::text FROM cases")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(requester, "ann@clinic.test");
    assert_eq!(name.as_deref(), Some("Ann Coder"));
    assert_eq!(subject, "Bone SPECT: which codes?");
    assert_eq!(status, "open");
    let (message_id, cc, question, body, disposition): (
        Option<String>,
        Vec<String>,
        String,
        String,
        String,
    ) = sqlx::query_as(
        "SELECT message_id, cc_addrs, question_text, body_text, disposition FROM inbound_messages",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(message_id.as_deref(), Some("q-a@clinic.test"));
    assert_eq!(cc, vec!["lead@clinic.test"]);
    assert_eq!(
        question,
        "Which ICD-10-CM and CPT codes for this bone SPECT?"
    );
    assert!(
        body.contains("Ann Coder"),
        "the full text keeps the signature"
    );
    assert_eq!(disposition, "new_case");
    let raw_len: i64 = count(&pool, "SELECT length(raw)::bigint FROM inbound_messages").await;
    assert!(
        raw_len > raw.len() as i64,
        "raw bytes are kept with the trace headers Postfix added"
    );
    running.stop().await;

    // The command line shows it with the contract's JSON fields.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_caseconsult"))
        .args(["cases", "list", "--format", "json"])
        .env("CASECONSULT_DATABASE_URL", &url)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let case = &list[0];
    for field in [
        "id",
        "status",
        "requester",
        "subject",
        "created_at",
        "message_count",
        "assignee",
    ] {
        assert!(
            case.get(field).is_some(),
            "cases list json lacks {field}: {case}"
        );
    }
    assert_eq!(
        case["message_count"], 2,
        "the question and its acknowledgement"
    );
    assert_eq!(case["requester"], "ann@clinic.test");
    let id = case["id"].as_i64().unwrap().to_string();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_caseconsult"))
        .args(["cases", "show", &format!("C-{id}"), "--format", "json"])
        .env("CASECONSULT_DATABASE_URL", &url)
        .output()
        .unwrap();
    assert!(out.status.success());
    let shown: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(shown["messages"][0]["message_id"], "q-a@clinic.test");
    assert_eq!(shown["audit"][0]["action"], "created");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn b_one_message_delivered_twice_makes_one_case() {
    let desk = User::new("desk");
    let (url, pool) = fresh_database().await;
    let running = Desk::start(config_for(&desk, &url));
    let raw = message(
        "bo@clinic.test",
        &desk.address,
        "Twice",
        "twice@clinic.test",
        "",
        "Same question.",
    );
    send("bo@clinic.test", &desk.address, &raw).await;
    send("bo@clinic.test", &desk.address, &raw).await;
    processed(&pool, 2).await;
    inbox_empty(&desk, 2).await;
    assert_eq!(count(&pool, "SELECT count(*) FROM cases").await, 1);
    assert_eq!(
        count(
            &pool,
            "SELECT count(*) FROM inbound_messages WHERE disposition = 'duplicate'"
        )
        .await,
        1
    );

    // A different message that reuses the Message-ID is not a duplicate: Message-ID alone is no key.
    let reused = message(
        "bo@clinic.test",
        &desk.address,
        "Other",
        "twice@clinic.test",
        "",
        "A new question.",
    );
    send("bo@clinic.test", &desk.address, &reused).await;
    processed(&pool, 3).await;
    assert_eq!(count(&pool, "SELECT count(*) FROM cases").await, 2);
    running.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn c_replies_join_their_case_by_headers_or_subject_tag() {
    let desk = User::new("desk");
    let (url, pool) = fresh_database().await;
    let running = Desk::start(config_for(&desk, &url));
    let first = message(
        "cy@clinic.test",
        &desk.address,
        "Modifier 25?",
        "c1@clinic.test",
        "",
        "First.",
    );
    send("cy@clinic.test", &desk.address, &first).await;
    processed(&pool, 1).await;
    let case_id: i64 = count(&pool, "SELECT id FROM cases").await;

    // Answered cases reopen when the requester writes again.
    sqlx::query("UPDATE cases SET status = 'answered', assignee = 'pat@desk.test' WHERE id = $1")
        .bind(case_id)
        .execute(&pool)
        .await
        .unwrap();
    let reply = message(
        "cy@clinic.test",
        &desk.address,
        "Re: Modifier 25?",
        "c2@clinic.test",
        "In-Reply-To: <c1@clinic.test>\r\nReferences: <c1@clinic.test>\r\n",
        "And what about 59?",
    );
    send("cy@clinic.test", &desk.address, &reply).await;
    processed(&pool, 2).await;
    let status: String = sqlx::query_scalar("SELECT status::text FROM cases WHERE id = $1")
        .bind(case_id)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(status, "open", "the reply reopens the answered case");

    // A client that drops In-Reply-To and References: the subject tag alone threads it.
    let tagged = message(
        "colleague@clinic.test",
        &desk.address,
        &format!("RE: [Case #C-{case_id}] Modifier 25?"),
        "c3@clinic.test",
        "",
        "Adding the op note.",
    );
    send("colleague@clinic.test", &desk.address, &tagged).await;
    processed(&pool, 3).await;
    inbox_empty(&desk, 3).await;
    assert_eq!(count(&pool, "SELECT count(*) FROM cases").await, 1);
    assert_eq!(
        count(
            &pool,
            &format!("SELECT count(*) FROM case_messages WHERE case_id = {case_id} AND direction = 'inbound'")
        )
        .await,
        3
    );
    assert_eq!(
        count(
            &pool,
            "SELECT count(*) FROM inbound_messages WHERE disposition = 'follow_up'"
        )
        .await,
        2
    );
    assert_eq!(
        count(
            &pool,
            "SELECT count(*) FROM audit_log WHERE action = 'reopened'"
        )
        .await,
        1
    );
    running.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn d_auto_replies_and_bounces_are_quarantined_without_a_case() {
    let desk = User::new("desk");
    let (url, pool) = fresh_database().await;
    let running = Desk::start(config_for(&desk, &url));
    let ooo = message(
        "away@clinic.test",
        &desk.address,
        "Out of office: Re: your question",
        "ooo@clinic.test",
        "Auto-Submitted: auto-replied\r\nX-Autoreply: yes\r\n",
        "I am away until Monday.",
    );
    send("away@clinic.test", &desk.address, &ooo).await;
    let bounce = format!(
        "From: Mail Delivery System <MAILER-DAEMON@mx.clinic.test>\r\nTo: {to}\r\n\
Subject: Undelivered Mail Returned to Sender\r\nMessage-ID: <bounce@mx.clinic.test>\r\nMIME-Version: 1.0\r\n\
Content-Type: multipart/report; report-type=delivery-status; boundary=\"RB\"\r\n\r\n\
--RB\r\nContent-Type: text/plain\r\n\r\nThe mail could not be delivered.\r\n\
--RB\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.clinic.test\r\n\r\n\
Final-Recipient: rfc822; gone@clinic.test\r\nAction: failed\r\nStatus: 5.1.1\r\n\r\n--RB--\r\n",
        to = desk.address
    );
    // A bounce travels with the null return path.
    let transport =
        lettre::AsyncSmtpTransport::<lettre::Tokio1Executor>::builder_dangerous(env("SMTP_HOST"))
            .port(env("SMTP_PORT").parse().unwrap())
            .build();
    let envelope =
        lettre::address::Envelope::new(None, vec![desk.address.parse().unwrap()]).unwrap();
    lettre::AsyncTransport::send_raw(&transport, &envelope, bounce.as_bytes())
        .await
        .unwrap();
    processed(&pool, 2).await;
    inbox_empty(&desk, 2).await;
    assert_eq!(
        count(&pool, "SELECT count(*) FROM cases").await,
        0,
        "no case for robots"
    );
    let reasons: Vec<String> = sqlx::query_scalar(
        "SELECT quarantine_reason FROM inbound_messages WHERE disposition = 'quarantined' ORDER BY quarantine_reason",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(reasons, vec!["auto_reply", "bounce"]);
    running.stop().await;
}

fn mime(from: &str, to: &str, subject: &str, id: &str, headers_and_body: &str) -> Vec<u8> {
    format!(
        "From: {from}\r\nTo: {to}\r\nSubject: {subject}\r\nMessage-ID: <{id}>\r\nMIME-Version: 1.0\r\n{headers_and_body}"
    )
    .into_bytes()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn e_charsets_html_attachments_size_limits_and_nul_bytes() {
    let desk = User::new("desk");
    let (url, pool) = fresh_database().await;
    let mut config = config_for(&desk, &url);
    config.intake.max_attachment_bytes = 1024;
    config.intake.max_message_bytes = 64 * 1024;
    let running = Desk::start(config);
    let to = desk.address.clone();
    let from = "enc@clinic.test";

    let mut latin1 = mime(
        from,
        &to,
        "latin1",
        "e1@clinic.test",
        "Content-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: 8bit\r\n\r\n",
    );
    latin1.extend_from_slice(b"Fracture du f\xe9mur, c\xf4t\xe9 gauche.\r\n");
    let mut cp1252 = mime(
        from,
        &to,
        "=?windows-1252?Q?Dr=92s_note?=",
        "e2@clinic.test",
        "Content-Type: text/plain; charset=windows-1252\r\nContent-Transfer-Encoding: 8bit\r\n\r\n",
    );
    cp1252.extend_from_slice(b"The provider\x92s note says \x93acute\x94 \x96 what now?\r\n");
    let html = mime(from, &to, "html", "e3@clinic.test", "Content-Type: text/html; charset=utf-8\r\n\r\n<html><body><p>Patient with <b>CKD stage 3a</b>.</p><p>Code&nbsp;N18.31?</p></body></html>\r\n");
    let small = "JVBERi0xLjQKJcOkw7zDtsOfCg=="; // "%PDF-1.4\n..." in base64
    let attach = mime(from, &to, "attachment", "e4@clinic.test", &format!(
        "Content-Type: multipart/mixed; boundary=\"XX\"\r\n\r\n--XX\r\nContent-Type: text/plain\r\n\r\nOp note attached.\r\n\
--XX\r\nContent-Type: application/pdf; name=\"opnote.pdf\"\r\nContent-Disposition: attachment; filename=\"opnote.pdf\"\r\n\
Content-Transfer-Encoding: base64\r\n\r\n{small}\r\n--XX--\r\n"));
    let big_b64 = "QUFB".repeat(1000); // 3,000 decoded bytes, over the 1 KiB attachment limit
    let big_attach = mime(from, &to, "big attachment", "e5@clinic.test", &format!(
        "Content-Type: multipart/mixed; boundary=\"YY\"\r\n\r\n--YY\r\nContent-Type: text/plain\r\n\r\nScan attached.\r\n\
--YY\r\nContent-Type: image/tiff; name=\"scan.tif\"\r\nContent-Disposition: attachment; filename=\"scan.tif\"\r\n\
Content-Transfer-Encoding: base64\r\n\r\n{big_b64}\r\n--YY--\r\n"));
    let mut huge = mime(
        from,
        &to,
        "huge",
        "e6@clinic.test",
        "Content-Type: text/plain\r\n\r\n",
    );
    for _ in 0..2000 {
        huge.extend_from_slice(b"A very long chart excerpt line that repeats and repeats.\r\n");
    }
    let mut nul = mime(
        from,
        &to,
        "nul",
        "e7@clinic.test",
        "Content-Type: text/plain\r\n\r\n",
    );
    nul.extend_from_slice(b"before\x00after\r\n");
    for raw in [&latin1, &cp1252, &html, &attach, &big_attach, &huge, &nul] {
        send(from, &to, raw).await;
    }
    processed(&pool, 7).await;
    inbox_empty(&desk, 7).await;
    assert_eq!(count(&pool, "SELECT count(*) FROM cases").await, 7);

    let body = |subject: &'static str| {
        let pool = pool.clone();
        async move {
            sqlx::query_as::<_, (String, String, bool)>(
                "SELECT subject, body_text, truncated FROM inbound_messages WHERE message_id = $1",
            )
            .bind(subject)
            .fetch_one(&pool)
            .await
            .unwrap()
        }
    };
    assert!(body("e1@clinic.test")
        .await
        .1
        .contains("Fracture du fémur, côté gauche."));
    let (subject, text, _) = body("e2@clinic.test").await;
    assert_eq!(subject, "Dr’s note");
    assert!(
        text.contains("provider’s note says “acute” – what now?"),
        "{text}"
    );
    let (_, text, _) = body("e3@clinic.test").await;
    assert!(
        text.contains("CKD stage 3a") && text.contains("N18.31?") && !text.contains("<b>"),
        "{text}"
    );
    let (_, text, truncated) = body("e6@clinic.test").await;
    assert!(truncated && !text.is_empty());
    let (_, text, _) = body("e7@clinic.test").await;
    assert!(text.contains("before") && text.contains("after") && !text.contains('\0'));
    // Dovecot itself replaces a NUL with 0x80 on delivery, so the NUL kept in the raw bytes is
    // proven by the store test `nul_bytes_and_invalid_utf8_are_stored`.
    type AttachmentRow = (String, String, i64, Option<Vec<u8>>, bool);
    let attachments: Vec<AttachmentRow> = sqlx::query_as(
        "SELECT filename, content_type, size, content, dropped FROM attachments ORDER BY filename",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(attachments.len(), 2);
    let (name, ctype, size, content, dropped) = &attachments[0];
    assert_eq!(
        (name.as_str(), ctype.as_str(), *dropped),
        ("opnote.pdf", "application/pdf", false)
    );
    assert!(content.as_deref().unwrap().starts_with(b"%PDF-1.4"));
    assert_eq!(*size as usize, content.as_ref().unwrap().len());
    let (name, _, size, content, dropped) = &attachments[1];
    assert_eq!(
        (name.as_str(), *size, content.is_none(), *dropped),
        ("scan.tif", 3000, true, true)
    );
    let marked: Vec<(String, bool, bool)> = sqlx::query_as(
        "SELECT subject, attachments_dropped, truncated FROM cases WHERE attachments_dropped OR truncated ORDER BY subject",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(
        marked,
        vec![
            ("big attachment".into(), true, false),
            ("huge".into(), false, true)
        ]
    );
    running.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn h_every_new_case_and_follow_up_gets_the_assistants_draft() {
    let desk = User::new("desk");
    let (url, pool) = fresh_database().await;
    let running = Desk::start(config_for(&desk, &url));
    let question = message(
        "dr@clinic.test",
        &desk.address,
        "Low back pain code",
        "d1@clinic.test",
        "",
        "Chronic low back pain, the order says M54.5 and the scrubber rejects it.",
    );
    send("dr@clinic.test", &desk.address, &question).await;
    let draft: serde_json::Value = wait_for(WAIT, "the draft", || async {
        sqlx::query_scalar("SELECT draft FROM drafts")
            .fetch_optional(&pool)
            .await
            .unwrap()
    })
    .await;
    assert_eq!(draft["codes_mentioned"][0]["code"], "M54.5");
    assert_eq!(draft["codes_mentioned"][0]["status"], "nonbillable");
    assert_eq!(draft["flags"][0]["kind"], "nonbillable");
    assert_eq!(draft["suggestions"][0]["code"], "M54.50");

    let follow_up = message(
        "dr@clinic.test",
        &desk.address,
        "Re: Low back pain code",
        "d2@clinic.test",
        "In-Reply-To: <d1@clinic.test>\r\n",
        "Now they documented G56.00 too, right wrist only.",
    );
    send("dr@clinic.test", &desk.address, &follow_up).await;
    wait_for(WAIT, "a fresh draft for the follow-up", || async {
        (count(&pool, "SELECT count(*) FROM drafts").await == 2).then_some(())
    })
    .await;
    // The follow-up's draft covers the thread: the first mail's flag stays, and each flag and
    // recommended code says which message it comes from.
    let questions: Vec<i64> = sqlx::query_scalar("SELECT id FROM inbound_messages ORDER BY id")
        .fetch_all(&pool)
        .await
        .unwrap();
    let latest: serde_json::Value =
        sqlx::query_scalar("SELECT draft FROM drafts ORDER BY id DESC LIMIT 1")
            .fetch_one(&pool)
            .await
            .unwrap();
    let sources = |list: &str, name: &str| -> Vec<(String, i64, i64, String)> {
        latest[list]
            .as_array()
            .unwrap()
            .iter()
            .map(|item| {
                let from = &item["from"];
                (
                    item[name].to_string().replace('"', ""),
                    from["number"].as_i64().unwrap_or(0),
                    from["inbound_message_id"].as_i64().unwrap_or(0),
                    from["sender"].as_str().unwrap_or("").to_owned(),
                )
            })
            .collect()
    };
    let dr = || "dr@clinic.test".to_owned();
    assert_eq!(
        sources("flags", "kind"),
        [
            ("nonbillable".into(), 1, questions[0], dr()),
            ("laterality".into(), 2, questions[1], dr())
        ],
        "{latest}"
    );
    assert_eq!(
        sources("recommended", "code"),
        [
            ("M54.50".into(), 1, questions[0], dr()),
            ("G56.01".into(), 2, questions[1], dr())
        ],
        "{latest}"
    );
    let case = count(&pool, "SELECT id FROM cases").await.to_string();
    let (_, shown, _) = cli(&url, &["cases", "show", &case]);
    assert!(
        shown.contains("Assistant's draft") && shown.contains("laterality"),
        "{shown}"
    );
    let draft_text = &shown[shown.find("Assistant's draft").unwrap()..];
    let after = |what: &str| {
        let at = draft_text
            .find(what)
            .unwrap_or_else(|| panic!("{what}: {shown}"));
        draft_text[at..]
            .lines()
            .take(3)
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert!(
        after("nonbillable:").contains("from message 1 (first mail, "),
        "{shown}"
    );
    assert!(
        after("laterality:").contains("from message 2 (follow-up, "),
        "{shown}"
    );
    assert!(after("1. M54.50").contains("from message 1 (first mail, "));
    assert!(after("2. G56.01").contains("from message 2 (follow-up, "));
    assert!(
        shown.contains("--- message 2: inbound <d2@clinic.test>"),
        "{shown}"
    );
    let (_, json, _) = cli(&url, &["cases", "show", &case, "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(json["drafts"][1]["draft"]["flags"][0]["from"]["number"], 1);
    assert_eq!(json["drafts"][1]["draft"]["flags"][1]["from"]["number"], 2);
    running.stop().await;
}
