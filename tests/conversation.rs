//! The conversation around a case, through the real servers: Cc'd colleagues, follow-ups that
//! thank or ask again, the same question sent twice and merged, the satisfaction vote and the
//! acknowledgement's instant check of the codes named.

mod common;

use std::time::Duration;

use caseconsult::cases::{Answer, Status};
use caseconsult::config::Config;
use caseconsult::domain::{CaseId, EmailAddress};
use common::*;
use mail_parser::MessageParser;
use sqlx::PgPool;

const WAIT: Duration = Duration::from_secs(30);

/// A desk whose web listener (and so its public URL) is on a known free port.
fn desk_config(desk: &User, url: &str) -> (Config, String) {
    let mut config = config_for(desk, url);
    let listen = format!("127.0.0.1:{}", free_port());
    config.web.listen = listen.clone();
    (config, format!("http://{listen}"))
}

async fn case_ids(pool: &PgPool, n: usize) -> Vec<CaseId> {
    wait_for(WAIT, &format!("{n} cases"), || async {
        let ids: Vec<CaseId> = sqlx::query_scalar("SELECT id FROM cases ORDER BY id")
            .fetch_all(pool)
            .await
            .unwrap();
        (ids.len() == n).then_some(ids)
    })
    .await
}

async fn status_and_holder(pool: &PgPool, case: CaseId) -> (Status, Option<String>) {
    sqlx::query_as("SELECT status, assignee FROM cases WHERE id = $1")
        .bind(case)
        .fetch_one(pool)
        .await
        .unwrap()
}

async fn wait_for_status(pool: &PgPool, case: CaseId, want: Status, messages: i64) {
    wait_for(
        WAIT,
        &format!("{case} {want} with {messages} messages"),
        || async {
            let (status, _) = status_and_holder(pool, case).await;
            let n: i64 =
                sqlx::query_scalar("SELECT count(*) FROM inbound_messages WHERE case_id = $1")
                    .bind(case)
                    .fetch_one(pool)
                    .await
                    .unwrap();
            (status == want && n == messages).then_some(())
        },
    )
    .await
}

fn text_of(raw: &[u8]) -> String {
    let parsed = MessageParser::default().parse(raw).unwrap();
    parsed.body_text(0).unwrap().replace("\r\n", "\n")
}

fn find<'a>(mail: &'a [Vec<u8>], subject_starts: &str) -> &'a Vec<u8> {
    mail.iter()
        .find(|m| header(m, "Subject").is_some_and(|s| s.starts_with(subject_starts)))
        .unwrap_or_else(|| panic!("a message with a subject starting {subject_starts:?}"))
}

/// The absolute link after `label` ("Yes: ") in an answer's text.
fn link(text: &str, label: &str) -> String {
    let at = text.find(label).expect("the rating link") + label.len();
    text[at..].split_whitespace().next().unwrap().to_owned()
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_copied_colleague_gets_the_answer_not_the_acknowledgement_and_may_reply() {
    let desk = User::new("desk");
    let ann = User::new("ann");
    let lee = User::new("lee");
    let (url, pool) = fresh_database().await;
    add_consultants(&pool, &["pat@desk.test"]).await;
    let (config, public) = desk_config(&desk, &url);
    let store = case_store(&pool, &config);
    let running = Desk::start(config);
    let question = message(
        &format!("Ann Coder <{}>", ann.address),
        &desk.address,
        "Bone SPECT codes",
        "q-cc@clinic.test",
        &format!("Cc: Lee <{}>, {}\r\n", lee.address, desk.address),
        "Outpatient bone SPECT for low back pain; the order says M54.5 and S52.501. Which codes?",
    );
    send(&ann.address, &desk.address, &question).await;
    let case = case_ids(&pool, 1).await[0];

    // The acknowledgement goes to Ann alone, with the instant check of the codes she named.
    let ack = &wait_for_mail(&ann, "INBOX", 1, WAIT).await[0];
    assert_eq!(header(ack, "Cc"), None);
    let ack_text = text_of(ack);
    assert!(
        ack_text.contains("Automatic check of the codes you named"),
        "{ack_text}"
    );
    assert!(ack_text.contains("a consultant will confirm"), "{ack_text}");
    assert!(
        ack_text.contains("M54.5 (Low back pain): a header in ICD-10-CM, not billable itself; its billable codes are M54.50, M54.51, M54.59."),
        "{ack_text}"
    );
    assert!(ack_text.contains("S52.501"), "{ack_text}");
    assert!(
        ack_text.contains("needs a 7th character, which is missing"),
        "{ack_text}"
    );
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert!(
        fetch_all(&lee, "INBOX").await.is_empty(),
        "no acknowledgement for the colleague"
    );
    let detail = caseconsult::cases::case_detail(&pool, case).await.unwrap();
    assert_eq!(
        detail.cc,
        std::slice::from_ref(&lee.address),
        "the desk's own address is left out"
    );

    // The answer copies Lee; its links are absolute and vote without a login.
    let pat = consultant("pat@desk.test");
    store
        .answer(case, &pat, &answer("Report M54.50 with the SPECT."))
        .await
        .unwrap();
    // A Cc the consultant edits never copies the desk itself, the requester, or anyone twice.
    let edited: Vec<EmailAddress> = [
        desk.address.clone(),
        ann.address.to_uppercase(),
        lee.address.clone(),
        lee.address.to_uppercase(),
    ]
    .iter()
    .map(|a| EmailAddress::parse(a).unwrap())
    .collect();
    let preview = store
        .preview_answer(
            case,
            &EmailAddress::parse("pat@desk.test").unwrap(),
            &Answer {
                cc: Some(&edited),
                ..answer("Report M54.50 with the SPECT.")
            },
        )
        .await
        .unwrap();
    assert_eq!(preview.mail.cc, std::slice::from_ref(&lee.address));

    let inbox = wait_for_mail(&ann, "INBOX", 2, WAIT).await;
    let answered = inbox
        .iter()
        .find(|m| header(m, "Auto-Submitted").is_none())
        .unwrap();
    assert!(
        header(answered, "Cc").is_some_and(|cc| cc.contains(&lee.address)),
        "the answer copies Lee"
    );
    let lees_copy = &wait_for_mail(&lee, "INBOX", 1, WAIT).await[0];
    assert_eq!(
        header(lees_copy, "Message-ID"),
        header(answered, "Message-ID")
    );
    let text = text_of(answered);
    let yes = link(&text, "Yes: ");
    let no = link(&text, "No: ");
    assert_eq!(
        yes,
        format!("{public}/rate/{}/yes", yes.split('/').nth(4).unwrap())
    );
    assert!(no.ends_with("/no"));
    let http = reqwest::Client::new();
    // Fetching the link without running its page's script (as a mail scanner does) only asks;
    // the page's form records.
    let asked = http.get(&yes).send().await.unwrap();
    assert_eq!(asked.status(), 200);
    assert!(asked
        .text()
        .await
        .unwrap()
        .contains("you chose <strong>Yes</strong>"));
    assert_eq!(
        count(&pool, "SELECT count(*) FROM ratings").await,
        0,
        "opening a rating link records no vote"
    );
    let page = http.post(&yes).send().await.unwrap();
    assert_eq!(page.status(), 200);
    assert!(page
        .text()
        .await
        .unwrap()
        .contains("You answered <strong>Yes</strong>"));
    let helpful: bool = sqlx::query_scalar("SELECT helpful FROM ratings WHERE case_id = $1")
        .bind(case)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert!(helpful);
    assert_eq!(http.post(&no).send().await.unwrap().status(), 200);
    assert_eq!(http.post(&no).send().await.unwrap().status(), 200);
    let rating = caseconsult::cases::case_detail(&pool, case)
        .await
        .unwrap()
        .rating
        .unwrap();
    assert!(!rating.helpful, "the second vote changed it");
    assert_eq!(
        count(
            &pool,
            "SELECT count(*) FROM audit_log WHERE action = 'rated'"
        )
        .await,
        2,
        "a vote that changes nothing is not audited again"
    );
    let token = yes.split('/').nth(4).unwrap();
    let (id, sig) = token.split_once('-').unwrap();
    let forged = format!("{public}/rate/{}-{sig}/yes", id.parse::<i64>().unwrap() + 1);
    assert_eq!(http.get(&forged).send().await.unwrap().status(), 404);
    assert_eq!(http.post(&forged).send().await.unwrap().status(), 404);
    let unsigned = format!("{public}/rate/{id}-{}/yes", "0".repeat(sig.len()));
    assert_eq!(http.get(&unsigned).send().await.unwrap().status(), 404);
    assert_eq!(
        http.get(format!("{public}/rate/{token}/maybe"))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );

    // A correction says so, and goes only where the consultant left it.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("correction.txt");
    std::fs::write(&file, "Use M54.59 instead.").unwrap();
    let (ok, out, err) = cli(
        &url,
        &[
            "cases",
            "answer",
            &case.reference(),
            "--as",
            "pat@desk.test",
            "--file",
            file.to_str().unwrap(),
            "--no-cc",
        ],
    );
    assert!(ok && out.contains("the correction is queued"), "{out}{err}");
    let inbox = wait_for_mail(&ann, "INBOX", 3, WAIT).await;
    let correction = find(&inbox, "Correction: ");
    assert_eq!(header(correction, "Cc"), None);
    assert!(text_of(correction).starts_with("This is a correction of our earlier answer"));

    // Lee's thank-you joins the case and leaves it answered.
    let lees_id = header(lees_copy, "Message-ID").unwrap();
    let thanks = message(
        &lee.address,
        &desk.address,
        "Re: Bone SPECT codes",
        "lee-thanks@clinic.test",
        &format!("In-Reply-To: {lees_id}\r\n"),
        "Thanks, that's clear.",
    );
    send(&lee.address, &desk.address, &thanks).await;
    wait_for_status(&pool, case, Status::Answered, 2).await;

    // Ann asks again: the case goes back to Pat, who answered it.
    let again = message(
        &ann.address,
        &desk.address,
        &format!("Re: [Case #{}] Bone SPECT codes", case.reference()),
        "ann-again@clinic.test",
        "",
        "Thanks. And if radiculopathy is documented?",
    );
    send(&ann.address, &desk.address, &again).await;
    wait_for_status(&pool, case, Status::Claimed, 3).await;
    assert_eq!(
        status_and_holder(&pool, case).await.1.as_deref(),
        Some("pat@desk.test")
    );
    assert_eq!(
        count(
            &pool,
            "SELECT count(*) FROM outbox WHERE kind = 'acknowledgement'"
        )
        .await,
        1,
        "follow-ups are not acknowledged"
    );
    running.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_same_question_twice_is_marked_merged_and_told_and_a_follow_up_finds_the_queue() {
    let desk = User::new("desk");
    let ann = User::new("ann");
    let (url, pool) = fresh_database().await;
    add_consultants(&pool, &["pat@desk.test"]).await;
    let (mut config, _) = desk_config(&desk, &url);
    config.desk.instant_checks = false;
    let store = case_store(&pool, &config);
    let running = Desk::start(config);
    let body = "Outpatient bone SPECT for low back pain; the order says M54.5. Which codes?";
    let first = message(
        &ann.address,
        &desk.address,
        "SPECT",
        "dup-1@clinic.test",
        "",
        body,
    );
    send(&ann.address, &desk.address, &first).await;
    let original = case_ids(&pool, 1).await[0];
    let resent = message(
        &ann.address,
        &desk.address,
        "SPECT (sent again)",
        "dup-2@clinic.test",
        "",
        &format!("{body}\n\n-- \nAnn Coder\nClinic billing"),
    );
    send(&ann.address, &desk.address, &resent).await;
    let duplicate = case_ids(&pool, 2).await[1];
    let acks = wait_for_mail(&ann, "INBOX", 2, WAIT).await;
    for ack in &acks {
        assert!(
            !text_of(ack).contains("Automatic check"),
            "instant checks are off"
        );
    }

    let (ok, out, err) = cli(
        &url,
        &["cases", "show", &duplicate.reference(), "--format", "json"],
    );
    assert!(ok, "{err}");
    let shown: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        shown["possible_duplicate_of"]["reference"],
        original.reference()
    );
    let (ok, out, err) = cli(
        &url,
        &["cases", "show", &original.reference(), "--format", "json"],
    );
    assert!(ok, "{err}");
    let shown: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        shown["possible_duplicates"][0]["reference"],
        duplicate.reference()
    );

    // Work on the duplicate moves with it: a note and an answer in progress.
    caseconsult::cases::desk::add_note(&pool, duplicate, "pat@desk.test", "same as the other")
        .await
        .unwrap();
    caseconsult::cases::desk::save_draft(&pool, duplicate, "pat@desk.test", "M54.50", "Half", None)
        .await
        .unwrap();

    // Merged: the duplicate closes with a link, its mail moves, Ann is told once.
    let (ok, out, err) = cli(
        &url,
        &[
            "cases",
            "merge",
            &duplicate.reference(),
            "--into",
            &original.reference(),
            "--as",
            "pat@desk.test",
        ],
    );
    assert!(ok && out.contains("merged into"), "{out}{err}");
    let pat = consultant("pat@desk.test");
    let (status, _) = status_and_holder(&pool, duplicate).await;
    assert_eq!(status, Status::Closed);
    let d = caseconsult::cases::case_detail(&pool, duplicate)
        .await
        .unwrap();
    assert_eq!(d.merged_into.unwrap().id, original);
    assert_eq!(
        caseconsult::cases::case_detail(&pool, original)
            .await
            .unwrap()
            .merged_from[0]
            .id,
        duplicate
    );
    assert_eq!(
        count(
            &pool,
            &format!(
                "SELECT count(*) FROM inbound_messages WHERE case_id = {}",
                original.0
            )
        )
        .await,
        2
    );
    let notes = caseconsult::cases::desk::notes(&pool, original)
        .await
        .unwrap();
    assert_eq!(notes.len(), 1, "the note moved");
    let draft = caseconsult::cases::desk::draft_of(&pool, original, "pat@desk.test")
        .await
        .unwrap();
    assert_eq!(
        draft.map(|d| d.body).as_deref(),
        Some("Half"),
        "the draft moved"
    );
    let inbox = wait_for_mail(&ann, "INBOX", 3, WAIT).await;
    let notice_id: String =
        sqlx::query_scalar("SELECT message_id FROM outbox WHERE kind = 'merge_notice'")
            .fetch_one(&pool)
            .await
            .unwrap();
    let notice = inbox
        .iter()
        .find(|m| header(m, "Message-ID") == Some(format!("<{notice_id}>")))
        .expect("the merge notice");
    assert_eq!(
        header(notice, "Subject"),
        Some(format!("Re: {} SPECT (sent again)", original.subject_tag()))
    );
    let notice_text = text_of(notice);
    assert!(
        notice_text.contains(&format!("case {} continues", original.reference())),
        "{notice_text}"
    );
    assert!(notice_text.contains(&duplicate.reference()));
    let audited: Vec<String> = sqlx::query_scalar(
        "SELECT action || ':' || case_id FROM audit_log WHERE action IN ('merged', 'merged_in') ORDER BY id",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(
        audited,
        [
            format!("merged:{}", duplicate.0),
            format!("merged_in:{}", original.0)
        ]
    );
    assert!(matches!(
        store.merge(duplicate, original, &pat).await,
        Err(caseconsult::cases::CaseError::Refused { .. })
    ));

    // Pat answers and leaves the desk: Ann's reply to the merge note reopens the case that
    // continues, into the queue.
    store
        .answer(original, &pat, &answer("Report M54.50."))
        .await
        .unwrap();
    let id = caseconsult::accounts::id_of(&pool, "pat@desk.test")
        .await
        .unwrap()
        .unwrap();
    caseconsult::accounts::deactivate(&pool, id).await.unwrap();
    let notice_id = header(notice, "Message-ID").unwrap();
    let reply = message(
        &ann.address,
        &desk.address,
        "Re: SPECT",
        "ann-reply@clinic.test",
        &format!("In-Reply-To: {notice_id}\r\n"),
        "What if the SPECT was for a fracture?",
    );
    send(&ann.address, &desk.address, &reply).await;
    wait_for_status(&pool, original, Status::Open, 3).await;
    assert_eq!(status_and_holder(&pool, original).await.1, None);

    // A week later the same words are a new question, not a duplicate.
    sqlx::query(
        "UPDATE cases SET created_at = now() - interval '8 days',
                          updated_at = now() - interval '8 days'",
    )
    .execute(&pool)
    .await
    .unwrap();
    let later = message(
        &ann.address,
        &desk.address,
        "SPECT",
        "dup-3@clinic.test",
        "",
        body,
    );
    send(&ann.address, &desk.address, &later).await;
    let third = case_ids(&pool, 3).await[2];
    let (ok, out, err) = cli(
        &url,
        &["cases", "show", &third.reference(), "--format", "json"],
    );
    assert!(ok, "{err}");
    let shown: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(shown["possible_duplicate_of"].is_null(), "{out}");
    running.stop().await;
}
