//! The desk killed mid-way and the IMAP server restarted under it. These tests share one
//! lock because restarting Dovecot would disturb any test running beside them.

mod common;

use std::time::Duration;

use common::*;
use tokio::sync::Mutex;

static SERIAL: Mutex<()> = Mutex::const_new(());

fn question(i: usize, to: &str) -> Vec<u8> {
    message(
        &format!("coder{i}@clinic.test"),
        to,
        &format!("Question {i}"),
        &format!("kill-{i}@clinic.test"),
        "",
        &format!("Which code for case {i}?"),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn f_sigkill_mid_ingest_loses_nothing_and_doubles_nothing() {
    let _serial = SERIAL.lock().await;
    let desk = User::new("desk");
    let (url, pool) = fresh_database().await;
    let messages: Vec<Vec<u8>> = (0..200).map(|i| question(i, &desk.address)).collect();
    append_all(&desk, "INBOX", &messages).await;
    let mut config = config_for(&desk, &url);
    config.imap.fetch_batch = 20;

    let first = DeskProcess::spawn(&config);
    let at_kill = wait_for(Duration::from_secs(30), "ingest to begin", || async {
        let n = count(&pool, "SELECT count(*) FROM inbound_messages").await;
        (n > 0).then_some(n)
    })
    .await;
    first.kill().await;
    let stored_after_kill = count(&pool, "SELECT count(*) FROM inbound_messages").await;
    assert!(
        stored_after_kill < 200,
        "the kill landed after the whole backlog ({stored_after_kill})"
    );
    assert!(at_kill <= stored_after_kill);

    let second = DeskProcess::spawn(&config);
    wait_for(
        Duration::from_secs(60),
        "all 200 messages after restart",
        || async {
            (count(&pool, "SELECT count(*) FROM inbound_messages").await >= 200
                && folder_count(&desk, "INBOX").await == 0)
                .then_some(())
        },
    )
    .await;
    let status = second.terminate().await;
    assert!(
        status.success(),
        "serve exits cleanly on SIGTERM: {status:?}"
    );

    assert_eq!(
        count(&pool, "SELECT count(*) FROM inbound_messages").await,
        200
    );
    assert_eq!(
        count(
            &pool,
            "SELECT count(DISTINCT message_id) FROM inbound_messages"
        )
        .await,
        200
    );
    assert_eq!(count(&pool, "SELECT count(*) FROM cases").await, 200);
    assert_eq!(
        count(&pool, "SELECT count(*) FROM (SELECT case_id FROM case_messages WHERE direction = 'inbound' GROUP BY case_id HAVING count(*) = 1) t").await,
        200,
        "each message in exactly one case"
    );
    assert_eq!(folder_count(&desk, "INBOX").await, 0);
    assert_eq!(folder_count(&desk, "Processed").await, 200);
}

/// Two `serve` processes on one mailbox and one database while 300 questions arrive by SMTP;
/// the one reading the mailbox is SIGKILLed mid-ingest and the other takes over.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn h_two_instances_one_killed_mid_ingest_take_every_question_once() {
    let _serial = SERIAL.lock().await;
    let desk = User::new("desk");
    let requester = User::new("req");
    let (url, pool) = fresh_database().await;
    let mut config = config_for(&desk, &url);
    config.imap.fetch_batch = 10;
    config.desk.max_acks_per_sender_per_hour = 1000;
    config.outbox.lease_secs = 5;
    let mut instances = vec![DeskProcess::spawn(&config), DeskProcess::spawn(&config)];
    let first_reader = wait_for(
        Duration::from_secs(30),
        "an instance to take the mailbox",
        || reading_pid(&pool),
    )
    .await;

    let question = |i: usize| {
        message(
            &requester.address,
            &desk.address,
            &format!("Two instances {i}"),
            &format!("two-{i}@clinic.test"),
            "",
            &format!("Which code for case {i}?"),
        )
    };
    for i in 0..100 {
        send(&requester.address, &desk.address, &question(i)).await;
    }
    wait_for(Duration::from_secs(30), "ingest to begin", || async {
        (count(&pool, "SELECT count(*) FROM inbound_messages").await > 0).then_some(())
    })
    .await;
    let reader = instances
        .iter()
        .position(|d| d.pid() == first_reader)
        .expect("the reader is one of ours");
    instances.remove(reader).kill().await;
    let taken_at_kill = count(&pool, "SELECT count(*) FROM inbound_messages").await;
    for i in 100..300 {
        send(&requester.address, &desk.address, &question(i)).await;
    }
    let survivor = instances.pop().unwrap();
    let new_reader = wait_for(
        Duration::from_secs(20),
        "the other instance to take over",
        || async { reading_pid(&pool).await.filter(|&p| p != first_reader) },
    )
    .await;
    assert_eq!(new_reader, survivor.pid());
    wait_for(
        Duration::from_secs(120),
        "300 cases and an empty inbox",
        || async {
            (count(&pool, "SELECT count(*) FROM cases").await == 300
                && folder_count(&desk, "INBOX").await == 0)
                .then_some(())
        },
    )
    .await;
    // The killed instance's leased rows come back after their lease (5 s here).
    wait_for(
        Duration::from_secs(120),
        "300 acknowledgements sent and delivered",
        || async {
            (count(&pool, "SELECT count(*) FROM outbox WHERE status = 'sent'").await == 300
                && folder_count(&requester, "INBOX").await >= 300)
                .then_some(())
        },
    )
    .await;
    // Give a duplicate every chance to show up before counting.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let status = survivor.terminate().await;
    assert!(
        status.success(),
        "serve exits cleanly on SIGTERM: {status:?}"
    );

    assert!(
        taken_at_kill < 300,
        "the kill landed mid-ingest ({taken_at_kill})"
    );
    assert_eq!(
        count(&pool, "SELECT count(*) FROM inbound_messages").await,
        300
    );
    assert_eq!(count(&pool, "SELECT count(*) FROM cases").await, 300);
    assert_eq!(
        count(
            &pool,
            "SELECT count(*) FROM outbox WHERE kind = 'acknowledgement' AND status = 'sent'"
        )
        .await,
        300
    );
    assert_eq!(folder_count(&desk, "INBOX").await, 0);
    let acks = fetch_all(&requester, "INBOX").await;
    let answered: std::collections::BTreeSet<String> = acks
        .iter()
        .filter_map(|m| header(m, "In-Reply-To"))
        .collect();
    let ids: std::collections::BTreeSet<String> = acks
        .iter()
        .filter_map(|m| header(m, "Message-ID"))
        .collect();
    assert_eq!(answered.len(), 300, "one acknowledgement for each question");
    assert_eq!(ids.len(), 300, "300 distinct acknowledgements");
    // SMTP has no way to make a send and its record one step: a row the killed instance had
    // handed to Postfix but not yet marked sent goes out again, with the same Message-ID (mail
    // clients show it once). Only the rows in flight at the kill can do that.
    let again = acks.len() - 300;
    assert!(
        again <= config.outbox.concurrency as usize,
        "{again} acknowledgements twice; at most the {} in flight at the kill",
        config.outbox.concurrency
    );
    eprintln!("acknowledgements delivered twice after the SIGKILL: {again}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn g_dovecot_restart_while_idling_is_survived() {
    let _serial = SERIAL.lock().await;
    let desk = User::new("desk");
    let (url, pool) = fresh_database().await;
    let running = Desk::start(config_for(&desk, &url));
    send("g1@clinic.test", &desk.address, &question(1, &desk.address)).await;
    wait_for(Duration::from_secs(30), "the first case", || async {
        (count(&pool, "SELECT count(*) FROM cases").await == 1).then_some(())
    })
    .await;
    // Let the desk settle into IDLE, then take the server away under it.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let status = std::process::Command::new("bash")
        .args([rig_script().as_str(), "restart-dovecot"])
        .status()
        .unwrap();
    assert!(status.success(), "rig restart-dovecot failed");
    send("g2@clinic.test", &desk.address, &question(2, &desk.address)).await;
    wait_for(
        Duration::from_secs(60),
        "the mail sent while the desk reconnected",
        || async { (count(&pool, "SELECT count(*) FROM cases").await == 2).then_some(()) },
    )
    .await;
    let errors = count(
        &pool,
        "SELECT count(*) FROM mailboxes WHERE last_contact_at IS NOT NULL",
    )
    .await;
    assert_eq!(errors, 1, "the mailbox reports a recent successful contact");
    running.stop().await;
    wait_for(Duration::from_secs(30), "the inbox to be empty", || async {
        (folder_count(&desk, "INBOX").await == 0).then_some(())
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn d_a_reply_waits_out_an_smtp_outage_and_goes_out_once() {
    let _serial = SERIAL.lock().await;
    let desk = User::new("desk");
    let requester = User::new("req");
    let (url, pool) = fresh_database().await;
    let mut config = config_for(&desk, &url);
    config.outbox.max_backoff_secs = 2;
    let running = Desk::start(config);
    let asked = message(
        &requester.address,
        &desk.address,
        "Outage",
        "outage@clinic.test",
        "",
        "Which code?",
    );
    send(&requester.address, &desk.address, &asked).await;
    let id: i64 = wait_for(Duration::from_secs(30), "the case", || async {
        sqlx::query_scalar("SELECT id FROM cases")
            .fetch_optional(&pool)
            .await
            .unwrap()
    })
    .await;
    wait_for_mail(&requester, "INBOX", 1, Duration::from_secs(30)).await;

    let rig = |what: &str| {
        let status = std::process::Command::new("bash")
            .args([rig_script().as_str(), what])
            .status()
            .unwrap();
        assert!(status.success(), "rig {what} failed");
    };
    rig("stop-postfix");
    let store = case_store(&pool, &config_for(&desk, &url));
    let answer = plain_answer();
    store
        .answer(
            caseconsult::domain::CaseId(id),
            &consultant("pat@desk.test"),
            &answer,
        )
        .await
        .unwrap();
    let error: String = wait_for(Duration::from_secs(30), "a failed attempt while Postfix is down", || async {
        sqlx::query_scalar("SELECT last_error FROM outbox WHERE kind = 'answer' AND status = 'pending' AND attempts > 0 AND last_error IS NOT NULL")
            .fetch_optional(&pool)
            .await
            .unwrap()
    })
    .await;
    assert!(!error.is_empty());
    rig("start-postfix");
    let inbox = wait_for_mail(&requester, "INBOX", 2, Duration::from_secs(60)).await;
    assert!(
        inbox.iter().any(|m| header(m, "Auto-Submitted").is_none()),
        "the answer arrived"
    );
    // Give a duplicate every chance to show up, then count again.
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(
        fetch_all(&requester, "INBOX").await.len(),
        2,
        "the answer exactly once, beside the acknowledgement"
    );
    assert_eq!(
        count(
            &pool,
            "SELECT count(*) FROM outbox WHERE kind = 'answer' AND status = 'sent'"
        )
        .await,
        1
    );
    running.stop().await;
}

/// A task of `serve` that ends on its own (here one that panics, as a bug would make it) stops
/// every other task, and `serve` returns the reason, which `main` turns into a non-zero exit.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_task_that_dies_stops_the_whole_desk_with_its_reason() {
    let desk = User::new("desk");
    let (url, _pool) = fresh_database().await;
    let token = tokio_util::sync::CancellationToken::new();
    let mut running = caseconsult::app::start(config_for(&desk, &url), token.clone())
        .await
        .unwrap();
    let web = running.web_address();
    assert!(
        tokio::net::TcpStream::connect(web).await.is_ok(),
        "the web desk serves"
    );
    running.spawn("doomed", async {
        tokio::time::sleep(Duration::from_millis(300)).await;
        panic!("a bug in a task");
    });
    let started = std::time::Instant::now();
    let err = tokio::time::timeout(Duration::from_secs(40), running.run())
        .await
        .expect("serve stops by itself")
        .unwrap_err();
    assert!(
        matches!(
            err,
            caseconsult::app::ServeError::TaskEnded { task: "doomed", .. }
        ),
        "{err}"
    );
    assert!(err.to_string().contains("panicked"), "{err}");
    assert!(token.is_cancelled(), "the other tasks were told to stop");
    assert!(
        started.elapsed() < Duration::from_secs(25),
        "the others stopped within the grace period"
    );
    assert!(
        tokio::net::TcpStream::connect(web).await.is_err(),
        "the web desk stopped with the rest"
    );
}
