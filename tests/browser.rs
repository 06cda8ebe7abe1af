//! One end-to-end run in a real headless browser (Debian's chromium, driven by playwright-core
//! from `tests/browser/e2e.mjs`): a question mailed to the desk becomes a case; a consultant
//! logs in, finds it, claims it, edits the codes, inserts a saved response, previews and sends;
//! the answer arrives in the requester's IMAP inbox. On a second case the recipient's server
//! refuses the answer and the consultant resends it to a corrected address; a third is handed
//! over to a colleague. On the way it fills an answer from the recommendation in one click and
//! looks a code up by its code. A second run covers the Cc of a question, merging a duplicate
//! and the requester's satisfaction vote. Screenshots of the pages land in `docs/screenshots/`.

mod common;

use std::time::Duration;

use caseconsult::accounts;
use caseconsult::domain::Role;
use common::*;
use mail_parser::MessageParser;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_consultant_answers_a_mailed_question_in_the_browser() {
    let desk = User::new("desk");
    let requester = User::new("req");
    let (url, pool) = fresh_database().await;
    let mut config = config_for(&desk, &url);
    let port = free_port();
    config.web.listen = format!("127.0.0.1:{port}");
    let running = Desk::start(config);
    accounts::add(
        &pool,
        "pat@desk.test",
        "Pat Consultant",
        Role::Consultant,
        "pat-password-1",
    )
    .await
    .unwrap();

    let question = message(
        &format!("Ann Coder <{}>", requester.address),
        &desk.address,
        "Bone SPECT for low back pain - which codes?",
        "browser-q@clinic.test",
        "",
        "Outpatient bone SPECT (CPT 78803) for chronic low back pain. The order says M54.5 and the scrubber rejects it.",
    );
    send(&requester.address, &desk.address, &question).await;
    let case_id: i64 = wait_for(
        Duration::from_secs(30),
        "the case and its draft",
        || async {
            sqlx::query_scalar("SELECT case_id FROM drafts")
                .fetch_optional(&pool)
                .await
                .unwrap()
        },
    )
    .await;
    wait_for_mail(&requester, "INBOX", 1, Duration::from_secs(30)).await; // the acknowledgement
    accounts::add(
        &pool,
        "sam@desk.test",
        "Sam Colleague",
        Role::Consultant,
        "sam-password-1",
    )
    .await
    .unwrap();
    // A requester whose server refuses mail (the rig rejects `reject-` addresses), and a third.
    let refusing = User::new("reject-");
    let corrected = User::new("fixed");
    for (who, id) in [
        (&refusing, "browser-r@clinic.test"),
        (&requester, "browser-h@clinic.test"),
    ] {
        let raw = message(
            &who.address,
            &desk.address,
            "Second question",
            id,
            "",
            "Which code for M54.5?",
        );
        send(&who.address, &desk.address, &raw).await;
    }
    let more: Vec<i64> = wait_for(Duration::from_secs(30), "three cases", || async {
        let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM cases ORDER BY id")
            .fetch_all(&pool)
            .await
            .unwrap();
        (ids.len() == 3).then(|| ids[1..].to_vec())
    })
    .await;
    caseconsult::cases::desk::save_response(
        &pool,
        "Documentation tip",
        "Thanks {requester_name}; keep case {case_reference} in the subject. {consultant_name}",
        "ada@desk.test",
        None,
    )
    .await
    .unwrap();

    let out_dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/screenshots");
    std::fs::create_dir_all(&out_dir).unwrap();
    let script_dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    let run = tokio::process::Command::new("node")
        .arg(script_dir.join("e2e.mjs"))
        .args([
            &format!("http://127.0.0.1:{port}"),
            "pat@desk.test",
            "pat-password-1",
            &case_id.to_string(),
        ])
        .arg(&out_dir)
        .args([
            more[0].to_string(),
            more[1].to_string(),
            corrected.address.clone(),
        ])
        .current_dir(&script_dir)
        .output();
    let out = tokio::time::timeout(Duration::from_secs(120), run)
        .await
        .expect("browser run timed out")
        .unwrap();
    assert!(
        out.status.success(),
        "browser run failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let resent = wait_for_mail(&corrected, "INBOX", 1, Duration::from_secs(30)).await;
    assert!(String::from_utf8_lossy(&resent[0]).contains("M54.50"));
    for shot in [
        "queue.png",
        "queue-phone.png",
        "search.png",
        "case.png",
        "preview.png",
        "sent.png",
        "reports.png",
        "delivery-failed.png",
        "handed-over.png",
        "case-phone.png",
    ] {
        let len = std::fs::metadata(out_dir.join(shot))
            .map(|m| m.len())
            .unwrap_or(0);
        assert!(len > 10_000, "{shot} was not saved ({len} bytes)");
    }

    // The first acknowledgement, the answer, and the acknowledgement of the third case.
    let inbox = wait_for_mail(&requester, "INBOX", 3, Duration::from_secs(30)).await;
    let answer = inbox
        .iter()
        .find(|m| header(m, "Auto-Submitted").is_none())
        .expect("the answer");
    assert_eq!(
        header(answer, "In-Reply-To").as_deref(),
        Some("<browser-q@clinic.test>")
    );
    let parsed = MessageParser::default().parse(answer.as_slice()).unwrap();
    for part in [parsed.body_text(0).unwrap(), parsed.body_html(0).unwrap()] {
        assert!(
            part.contains("M54.50") && part.contains("Low back pain, unspecified"),
            "{part}"
        );
    }
    let states: Vec<(String, String, Option<String>)> =
        sqlx::query_as("SELECT status::text, requester, assignee FROM cases ORDER BY id")
            .fetch_all(&pool)
            .await
            .unwrap();
    assert_eq!(states[0].0, "answered");
    assert_eq!(
        (states[1].0.as_str(), states[1].1.as_str()),
        ("answered", corrected.address.as_str()),
        "resent to the corrected address, which the case keeps"
    );
    assert_eq!(states[2].2.as_deref(), Some("sam@desk.test"), "handed over");
    running.stop().await;
}

/// Runs one step of `tests/browser/conversation.mjs` against the desk at `base`.
async fn conversation_step(base: &str, out_dir: &std::path::Path, args: &[String]) {
    let script_dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    let run = tokio::process::Command::new("node")
        .arg(script_dir.join("conversation.mjs"))
        .args([base, "pat@desk.test", "pat-password-1"])
        .arg(out_dir)
        .args(args)
        .current_dir(&script_dir)
        .output();
    let out = tokio::time::timeout(Duration::from_secs(120), run)
        .await
        .expect("browser run timed out")
        .unwrap();
    assert!(
        out.status.success(),
        "browser run failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A question copied to a colleague, sent twice: in the browser the consultant sees the Cc,
/// answers with it, merges the duplicate; the requester votes from the answer's link.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cc_merge_and_the_satisfaction_vote_in_the_browser() {
    let desk = User::new("desk");
    let ann = User::new("ann");
    let lee = User::new("lee");
    let (url, pool) = fresh_database().await;
    let mut config = config_for(&desk, &url);
    let port = free_port();
    config.web.listen = format!("127.0.0.1:{port}");
    let base = format!("http://127.0.0.1:{port}");
    let running = Desk::start(config);
    accounts::add(
        &pool,
        "pat@desk.test",
        "Pat Consultant",
        Role::Consultant,
        "pat-password-1",
    )
    .await
    .unwrap();
    let body =
        "Outpatient bone SPECT for chronic low back pain; the order says M54.5. Which codes?";
    for id in ["conv-1@clinic.test", "conv-2@clinic.test"] {
        let raw = message(
            &format!("Ann Coder <{}>", ann.address),
            &desk.address,
            "Bone SPECT codes",
            id,
            &format!("Cc: Lee Colleague <{}>\r\n", lee.address),
            body,
        );
        send(&ann.address, &desk.address, &raw).await;
    }
    let ids: Vec<i64> = wait_for(Duration::from_secs(30), "two cases", || async {
        let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM cases ORDER BY id")
            .fetch_all(&pool)
            .await
            .unwrap();
        (ids.len() == 2).then_some(ids)
    })
    .await;
    wait_for_mail(&ann, "INBOX", 2, Duration::from_secs(30)).await; // the acknowledgements

    let out_dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&out_dir).unwrap();
    let step = |s: &str| s.to_owned();
    conversation_step(
        &base,
        &out_dir,
        &[
            step("answer"),
            ids[0].to_string(),
            ids[1].to_string(),
            lee.address.clone(),
        ],
    )
    .await;
    // Two acknowledgements, the answer and the merge note; Lee has the answer alone.
    let inbox = wait_for_mail(&ann, "INBOX", 4, Duration::from_secs(30)).await;
    let copied = wait_for_mail(&lee, "INBOX", 1, Duration::from_secs(30)).await;
    let answer = inbox
        .iter()
        .find(|m| header(m, "Message-ID") == header(&copied[0], "Message-ID"))
        .expect("the answer Lee was copied on");
    let cc = header(answer, "Cc").unwrap_or_default();
    assert!(
        cc.contains(&lee.address) && cc.contains("office@clinic.test"),
        "the Cc as the consultant left it: {cc}"
    );
    let text = MessageParser::default()
        .parse(answer.as_slice())
        .unwrap()
        .body_text(0)
        .unwrap()
        .into_owned();
    let yes = text
        .split_whitespace()
        .find(|w| w.starts_with(&base) && w.ends_with("/yes"))
        .expect("the Yes link")
        .to_owned();
    conversation_step(&base, &out_dir, &[step("vote"), ids[0].to_string(), yes]).await;
    let helpful: bool = sqlx::query_scalar("SELECT helpful FROM ratings")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert!(helpful, "the last click said yes");
    for shot in [
        "cc.png",
        "preview-cc.png",
        "duplicate.png",
        "merged.png",
        "vote.png",
        "satisfaction.png",
    ] {
        let len = std::fs::metadata(out_dir.join(shot))
            .map(|m| m.len())
            .unwrap_or(0);
        assert!(len > 10_000, "{shot} was not saved ({len} bytes)");
    }
    running.stop().await;
}
