//! What an operator watches: `/metrics` from a running `serve`, on its own address.

mod common;

use std::time::Duration;

use common::*;

async fn get(url: &str) -> (u16, String, String) {
    let response = reqwest::get(url).await.unwrap();
    let status = response.status().as_u16();
    let kind = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, kind, response.text().await.unwrap())
}

/// The value of the sample `name` (with its labels) in a text exposition.
fn sample(text: &str, name: &str) -> Option<f64> {
    text.lines()
        .find_map(|l| l.strip_prefix(name)?.strip_prefix(' ')?.parse().ok())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_count_intake_drafting_replies_and_requests_on_their_own_address() {
    let desk = User::new("desk");
    let requester = User::new("req");
    let (url, pool) = fresh_database().await;
    let mut config = config_for(&desk, &url);
    let (web_port, metrics_port) = (free_port(), free_port());
    config.web.listen = format!("127.0.0.1:{web_port}");
    config.metrics.listen = format!("127.0.0.1:{metrics_port}");
    let running = DeskProcess::spawn(&config);
    let question = message(
        &requester.address,
        &desk.address,
        "Metrics",
        "metrics-1@clinic.test",
        "",
        "Which code for low back pain?",
    );
    send(&requester.address, &desk.address, &question).await;
    wait_for(
        Duration::from_secs(30),
        "a drafted case and a sent acknowledgement",
        || async {
            (count(&pool, "SELECT count(*) FROM drafts").await == 1
                && count(&pool, "SELECT count(*) FROM outbox WHERE status = 'sent'").await == 1)
                .then_some(())
        },
    )
    .await;
    let desk_url = format!("http://127.0.0.1:{web_port}");
    assert_eq!(get(&format!("{desk_url}/healthz")).await.0, 200);
    assert_eq!(
        get(&format!("{desk_url}/metrics")).await.0,
        404,
        "not exposed with the desk when it has its own address"
    );

    let (status, kind, text) = get(&format!("http://127.0.0.1:{metrics_port}/metrics")).await;
    assert_eq!(status, 200);
    assert!(kind.starts_with("application/openmetrics-text"), "{kind}");
    let expect = [
        (
            r#"caseconsult_messages_taken_total{mailbox="default",disposition="new_case"}"#,
            1.0,
        ),
        (
            r#"caseconsult_intake_lag_seconds_count{mailbox="default"}"#,
            1.0,
        ),
        (r#"caseconsult_cases{status="open"}"#, 1.0),
        (r#"caseconsult_outbox_messages{status="sent"}"#, 1.0),
        ("caseconsult_draft_seconds_count", 1.0),
        (
            r#"caseconsult_http_request_duration_seconds_count{method="GET",route="/healthz",status="200"}"#,
            1.0,
        ),
    ];
    for (name, value) in expect {
        assert_eq!(sample(&text, name), Some(value), "{name} in\n{text}");
    }
    let silence = sample(
        &text,
        r#"caseconsult_mailbox_seconds_since_contact{mailbox="default"}"#,
    )
    .expect("the mailbox's last contact");
    assert!((0.0..60.0).contains(&silence), "{silence}");
    // Mail content never becomes a label.
    assert!(!text.contains("low back pain") && !text.contains("Metrics"));
    let status = running.terminate().await;
    assert!(status.success());
}

/// A second mailbox (`[[mailboxes]]`): read by its own task, its cases marked with it and
/// answered from its address; mail from either desk address is never a question.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_mailbox_is_read_answered_from_its_own_address_and_reported() {
    let desk = User::new("desk");
    let billing = User::new("billing");
    let requester = User::new("req");
    let (url, pool) = fresh_database().await;
    let mut config = config_for(&desk, &url);
    let web_port = free_port();
    config.web.listen = format!("127.0.0.1:{web_port}");
    let mut billing_imap = config.imap.clone();
    billing_imap.username = billing.address.clone();
    billing_imap.password = caseconsult::config::Secret::new(&billing.password);
    config.mailboxes.push(caseconsult::config::MailboxConfig {
        name: "billing".into(),
        from: format!("Billing Desk <{}>", billing.address),
        imap: billing_imap,
        smtp: None,
    });
    let running = DeskProcess::spawn(&config);
    let ask = |to: &User, n: u32| {
        message(
            &requester.address,
            &to.address,
            &format!("Mailbox question {n}"),
            &format!("mailbox-{n}@clinic.test"),
            "",
            "Which code?",
        )
    };
    send(&requester.address, &desk.address, &ask(&desk, 1)).await;
    send(&requester.address, &billing.address, &ask(&billing, 2)).await;
    // The billing desk writing to the general desk is the desk's own mail, not a question.
    let own = message(
        &billing.address,
        &desk.address,
        "Forwarded",
        "own-1@example.test",
        "",
        "FYI",
    );
    send(&billing.address, &desk.address, &own).await;
    let acks = wait_for_mail(&requester, "INBOX", 2, Duration::from_secs(30)).await;
    wait_for(
        Duration::from_secs(30),
        "the own-address message",
        || async {
            (count(
                &pool,
                "SELECT count(*) FROM inbound_messages WHERE quarantine_reason = 'own_address'",
            )
            .await
                == 1)
                .then_some(())
        },
    )
    .await;

    let (ok, out, err) = cli(&url, &["cases", "list", "--format", "json"]);
    assert!(ok, "{err}");
    let listed: serde_json::Value = serde_json::from_str(&out).unwrap();
    let mailbox_of = |subject: &str| {
        listed
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["subject"] == subject)
            .map(|c| c["mailbox"].clone())
    };
    assert_eq!(mailbox_of("Mailbox question 1"), Some("default".into()));
    assert_eq!(mailbox_of("Mailbox question 2"), Some("billing".into()));
    assert_eq!(
        count(
            &pool,
            "SELECT count(*) FROM cases WHERE status <> 'quarantined'"
        )
        .await,
        2
    );

    // Each acknowledgement comes from the mailbox the question went to.
    for ack in &acks {
        let subject = header(ack, "Subject").unwrap();
        let from = header(ack, "From").unwrap();
        let expected = if subject.contains("question 2") {
            &billing
        } else {
            &desk
        };
        assert!(from.contains(&expected.address), "{subject}: from {from}");
    }

    let queue = caseconsult::cases::desk::queue(
        &pool,
        caseconsult::cases::desk::QueueFilter {
            mailbox: Some("billing"),
            ..Default::default()
        },
        1,
    )
    .await
    .unwrap();
    let subjects: Vec<&str> = queue.items.iter().map(|c| c.subject.as_str()).collect();
    assert_eq!(subjects, ["Mailbox question 2"]);

    let (status, _, body) = get(&format!("http://127.0.0.1:{web_port}/readyz")).await;
    let ready: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(status, 200, "{body}");
    let names: Vec<&str> = ready["mailboxes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["billing", "default"]);
    assert!(running.terminate().await.success());
}

/// Runs the command line with `input` on standard input.
fn cli_with_input(database_url: &str, args: &[&str], input: &str) -> (bool, String) {
    use std::io::Write;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_caseconsult"))
        .args(args)
        .env("CASECONSULT_DATABASE_URL", database_url)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), said)
}

#[tokio::test]
async fn the_command_line_judges_passwords_and_only_an_admin_resets_one() {
    let (url, pool) = fresh_database().await;
    let add = |email: &str, role: &str, password: &str| {
        cli_with_input(
            &url,
            &[
                "consultants",
                "add",
                email,
                "--name",
                "Someone",
                "--role",
                role,
            ],
            &format!("{password}\n"),
        )
    };
    let (ok, said) = add("weak@desk.test", "consultant", "aaaaaaaaaa");
    assert!(!ok && said.contains("too easy to guess"), "{said}");
    assert!(add("ada@desk.test", "admin", "copper window sparrow 8").0);
    assert!(add("pat@desk.test", "consultant", "velvet canyon rocket 3").0);
    let reset = |who: &str, password: &str| {
        cli_with_input(
            &url,
            &[
                "consultants",
                "reset-password",
                "pat@desk.test",
                "--as",
                who,
            ],
            &format!("{password}\n"),
        )
    };
    let (ok, said) = reset("pat@desk.test", "orbit lantern meadow 5");
    assert!(!ok && said.contains("only an admin"), "{said}");
    let (ok, said) = reset("ada@desk.test", "12345678");
    assert!(!ok && said.contains("too easy to guess"), "{said}");
    let (ok, said) = reset("ada@desk.test", "orbit lantern meadow 5");
    assert!(ok, "{said}");
    let must: bool = sqlx::query_scalar(
        "SELECT must_change_password FROM consultants WHERE email = 'pat@desk.test'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert!(must, "a reset password must be replaced at the next login");
}
