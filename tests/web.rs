//! The consultants' web desk over HTTP, on a port-0 listener against a fresh database.

mod common;

use std::sync::Arc;

use caseconsult::accounts;
use caseconsult::cases::mailboxes as cursor;
use caseconsult::cases::{CaseStore, IngestInput, IngestOutcome};
use caseconsult::domain::{QuarantineReason, Role};
use caseconsult::intake::parse::parse;
use caseconsult::outbox::Composer;
use caseconsult::web::{self, WebState};
use common::*;
use reqwest::redirect::Policy;
use reqwest::StatusCode;
use sqlx::PgPool;
use tokio_util::sync::CancellationToken;

struct App {
    base: String,
    url: String,
    pool: PgPool,
    store: CaseStore,
    _stop: tokio_util::sync::DropGuard,
}

async fn spawn_app() -> App {
    spawn_app_with(|_| {}).await
}

async fn spawn_app_with(adjust: impl FnOnce(&mut caseconsult::config::Config)) -> App {
    let (url, pool) = fresh_database().await;
    let mut config = config_for(&User::new("desk"), &url);
    adjust(&mut config);
    let config = Arc::new(config);
    // No acknowledgements: these tests count the outbox rows the web desk writes.
    let store = CaseStore::new(
        pool.clone(),
        Arc::new(Composer::new(&config)),
        answer_checks(),
        0,
    );
    let state = WebState {
        store: store.clone(),
        config,
        assistant: ASSISTANT.clone(),
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let token = CancellationToken::new();
    tokio::spawn(web::serve(listener, state, token.clone()));
    accounts::add(
        &pool,
        "pat@desk.test",
        "Pat Consultant",
        Role::Consultant,
        "pat-password-1",
    )
    .await
    .unwrap();
    accounts::add(
        &pool,
        "sam@desk.test",
        "Sam Consultant",
        Role::Consultant,
        "sam-password-1",
    )
    .await
    .unwrap();
    accounts::add(
        &pool,
        "ada@desk.test",
        "Ada Admin",
        Role::Admin,
        "ada-password-1",
    )
    .await
    .unwrap();
    App {
        base,
        url,
        pool,
        store,
        _stop: token.drop_guard(),
    }
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(Policy::none())
        .build()
        .unwrap()
}

impl App {
    async fn get(&self, c: &reqwest::Client, path: &str) -> (StatusCode, String) {
        let r = c.get(format!("{}{path}", self.base)).send().await.unwrap();
        (r.status(), r.text().await.unwrap())
    }

    async fn post(
        &self,
        c: &reqwest::Client,
        path: &str,
        form: &[(&str, &str)],
    ) -> (StatusCode, String) {
        let r = c
            .post(format!("{}{path}", self.base))
            .form(form)
            .send()
            .await
            .unwrap();
        (r.status(), r.text().await.unwrap())
    }

    /// A login through a proxy that says the client is `forwarded_for`.
    async fn login_from(&self, forwarded_for: &str, email: &str, password: &str) -> StatusCode {
        let c = client();
        let (_, page) = self.get(&c, "/login").await;
        c.post(format!("{}/login", self.base))
            .header("X-Forwarded-For", forwarded_for)
            .form(&[
                ("csrf", form_token(&page).as_str()),
                ("email", email),
                ("password", password),
            ])
            .send()
            .await
            .unwrap()
            .status()
    }

    async fn login(&self, email: &str, password: &str) -> (reqwest::Client, StatusCode) {
        let c = client();
        let (_, page) = self.get(&c, "/login").await;
        let (status, _) = self
            .post(
                &c,
                "/login",
                &[
                    ("csrf", &form_token(&page)),
                    ("email", email),
                    ("password", password),
                ],
            )
            .await;
        (c, status)
    }

    /// The CSRF token of the logged-in session, from any page with a form.
    async fn token(&self, c: &reqwest::Client) -> String {
        self.token_from(c, "/").await
    }

    async fn token_from(&self, c: &reqwest::Client, path: &str) -> String {
        form_token(&self.get(c, path).await.1)
    }

    async fn question(
        &self,
        uid: u32,
        body: &str,
        quarantine: Option<QuarantineReason>,
    ) -> IngestOutcome {
        let raw = format!("From: Ann <ann@clinic.test>\r\nSubject: Question {uid}\r\nMessage-ID: <w{uid}@clinic.test>\r\n\r\n{body}\r\n");
        self.ingest_raw(uid, &raw, quarantine).await
    }

    /// A message exactly as given, taken in as intake would.
    async fn ingest_raw(
        &self,
        uid: u32,
        raw: &str,
        quarantine: Option<QuarantineReason>,
    ) -> IngestOutcome {
        let c = cursor::align(&self.pool, "default", 1).await.unwrap();
        let parsed = parse(raw.as_bytes(), 1 << 20);
        self.store
            .ingest(IngestInput {
                key: c.key,
                uid,
                raw: raw.as_bytes(),
                truncated: false,
                parsed: &parsed,
                quarantine,
            })
            .await
            .unwrap()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn login_logout_and_wrong_passwords() {
    let app = spawn_app().await;
    let (status, _) = app.get(&client(), "/").await;
    assert_eq!(
        status,
        StatusCode::SEE_OTHER,
        "no session: sent to the login page"
    );
    let (_, status) = app.login("pat@desk.test", "not-the-password").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (c, status) = app.login("PAT@desk.test", "pat-password-1").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, page) = app.get(&c, "/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Pat Consultant"));
    let token = form_token(&page);
    assert_eq!(app.get(&c, "/cases/999999").await.0, StatusCode::NOT_FOUND);
    let (status, _) = app.post(&c, "/logout", &[("csrf", &token)]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.get(&c, "/").await.0,
        StatusCode::SEE_OTHER,
        "the session ended"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cookies_are_httponly_and_strict() {
    let app = spawn_app().await;
    let c = client();
    let (_, page) = app.get(&c, "/login").await;
    let r = c
        .post(format!("{}/login", app.base))
        .form(&[
            ("csrf", form_token(&page).as_str()),
            ("email", "pat@desk.test"),
            ("password", "pat-password-1"),
        ])
        .send()
        .await
        .unwrap();
    let cookies: Vec<String> = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect();
    let session = cookies
        .iter()
        .find(|c| c.starts_with("cc_session="))
        .unwrap();
    assert!(
        session.contains("HttpOnly") && session.contains("SameSite=Strict"),
        "{session}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forms_without_the_csrf_token_are_refused() {
    let app = spawn_app().await;
    let IngestOutcome::NewCase(case) = app.question(1, "Which code for M54.5?", None).await else {
        panic!()
    };
    // A login form posted without the token from the login page's cookie.
    let (status, _) = app
        .post(
            &client(),
            "/login",
            &[
                ("csrf", "forged"),
                ("email", "pat@desk.test"),
                ("password", "pat-password-1"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (c, _) = app.login("pat@desk.test", "pat-password-1").await;
    let (status, _) = app
        .post(
            &c,
            &format!("/cases/{}/claim", case.0),
            &[("csrf", "forged")],
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let status: String = sqlx::query_scalar("SELECT status::text FROM cases")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(status, "open");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admin_pages_need_the_admin_role_and_health_needs_no_session() {
    let app = spawn_app().await;
    let (pat, _) = app.login("pat@desk.test", "pat-password-1").await;
    assert_eq!(
        app.get(&pat, "/admin/consultants").await.0,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.get(&pat, "/admin/quarantine").await.0,
        StatusCode::FORBIDDEN
    );
    let (ada, _) = app.login("ada@desk.test", "ada-password-1").await;
    let (status, page) = app.get(&ada, "/admin/consultants").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("sam@desk.test"));
    let token = app.token(&ada).await;
    let (status, _) = app
        .post(
            &ada,
            "/admin/consultants",
            &[
                ("csrf", &token),
                ("email", "new@desk.test"),
                ("name", "New"),
                ("role", "consultant"),
                ("password", "new-password-1"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.login("new@desk.test", "new-password-1").await.1,
        StatusCode::SEE_OTHER
    );
    let sam: i64 = sqlx::query_scalar("SELECT id FROM consultants WHERE email = 'sam@desk.test'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let (status, _) = app
        .post(
            &ada,
            &format!("/admin/consultants/{sam}/deactivate"),
            &[("csrf", &token)],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.login("sam@desk.test", "sam-password-1").await.1,
        StatusCode::UNAUTHORIZED,
        "deactivated"
    );

    assert_eq!(app.get(&client(), "/healthz").await.0, StatusCode::OK);
    let (status, body) = app.get(&client(), "/readyz").await;
    assert_eq!(
        status,
        StatusCode::SERVICE_UNAVAILABLE,
        "no mailbox has been reached yet: {body}"
    );
    let c = cursor::align(&app.pool, "default", 1).await.unwrap();
    cursor::record_contact(&app.pool, c.key.mailbox_id)
        .await
        .unwrap();
    assert_eq!(app.get(&client(), "/readyz").await.0, StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_consultant_sees_who_holds_a_case_and_cannot_answer_over_them() {
    let app = spawn_app().await;
    let IngestOutcome::NewCase(case) = app
        .question(1, "Right wrist CTS, order has G56.00.", None)
        .await
    else {
        panic!()
    };
    let path = format!("/cases/{}", case.0);
    let (pat, _) = app.login("pat@desk.test", "pat-password-1").await;
    let token = app.token(&pat).await;
    assert_eq!(
        app.post(&pat, &format!("{path}/claim"), &[("csrf", &token)])
            .await
            .0,
        StatusCode::SEE_OTHER
    );

    let (sam, _) = app.login("sam@desk.test", "sam-password-1").await;
    let (status, page) = app.get(&sam, &path).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("pat@desk.test holds this case"),
        "the banner names the holder"
    );
    assert!(
        !page.contains("id=\"answer-form\""),
        "no answer form for the second consultant"
    );
    let sam_token = app.token(&sam).await;
    let (status, _) = app
        .post(
            &sam,
            &format!("{path}/answer"),
            &[
                ("csrf", &sam_token),
                ("codes", "G56.01"),
                ("body", "Over Pat's head."),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(count(&app.pool, "SELECT count(*) FROM outbox").await, 0);

    // The holder previews the exact email, titles filled from the code set, then sends it.
    let (status, preview) = app
        .post(
            &pat,
            &format!("{path}/preview"),
            &[
                ("csrf", &token),
                ("codes", "G56.01 | EMG confirms the right side"),
                ("body", "Use G56.01."),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        preview.contains("Carpal tunnel syndrome, right upper limb")
            && preview.contains("[Case #C-"),
        "{preview}"
    );
    let (status, _) = app
        .post(
            &pat,
            &format!("{path}/answer"),
            &[
                ("csrf", &token),
                ("codes", "G56.01 | EMG confirms the right side"),
                ("body", "Use G56.01."),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (text, html): (String, String) = sqlx::query_as("SELECT body_text, body_html FROM outbox")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert!(text.contains("Carpal tunnel syndrome, right upper limb") && html.contains("G56.01"));
    let actions: Vec<String> =
        sqlx::query_scalar("SELECT action FROM audit_log WHERE case_id = $1 ORDER BY id")
            .bind(case.0)
            .fetch_all(&app.pool)
            .await
            .unwrap();
    for a in ["created", "claimed", "viewed", "edited", "answered"] {
        assert!(
            actions.iter().any(|x| x == a),
            "audit lacks {a}: {actions:?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failed_logins_are_rate_limited() {
    let app = spawn_app().await;
    for _ in 0..5 {
        assert_eq!(
            app.login("pat@desk.test", "wrong-password").await.1,
            StatusCode::UNAUTHORIZED
        );
    }
    assert_eq!(
        app.login("pat@desk.test", "pat-password-1").await.1,
        StatusCode::TOO_MANY_REQUESTS,
        "even the right password waits, from this client"
    );
    // Without a trusted proxy, X-Forwarded-For is the client's own say and changes nothing.
    assert_eq!(
        app.login_from("198.51.100.7", "pat@desk.test", "pat-password-1")
            .await,
        StatusCode::TOO_MANY_REQUESTS
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn simultaneous_wrong_passwords_get_five_checks_and_never_lock_the_real_user_out() {
    let app = spawn_app_with(|c| c.web.trusted_proxies = vec!["127.0.0.1".into()]).await;
    let attacker = "203.0.113.9";
    let tries = (0..20).map(|_| app.login_from(attacker, "pat@desk.test", "wrong-password"));
    let statuses = futures::future::join_all(tries).await;
    let refused = statuses
        .iter()
        .filter(|s| **s == StatusCode::UNAUTHORIZED)
        .count();
    let throttled = statuses
        .iter()
        .filter(|s| **s == StatusCode::TOO_MANY_REQUESTS)
        .count();
    assert_eq!((refused, throttled), (5, 15), "{statuses:?}");
    assert_eq!(
        count(
            &app.pool,
            "SELECT count(*) FROM login_attempts WHERE NOT throttled"
        )
        .await,
        5,
        "five password checks, not one more"
    );
    let audited: Vec<serde_json::Value> = sqlx::query_scalar(
        "SELECT detail FROM audit_log WHERE action = 'login_throttled' AND actor = 'pat@desk.test'",
    )
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert_eq!(audited.len(), 15);
    assert_eq!(audited[0]["client"], attacker);

    // The real user, from their own address behind the same proxy: slowed, not locked out.
    let started = std::time::Instant::now();
    assert_eq!(
        app.login_from(
            &format!("{attacker}, 198.51.100.7"),
            "pat@desk.test",
            "pat-password-1"
        )
        .await,
        StatusCode::SEE_OTHER,
        "the last address the trusted proxy added is the client, not what the client sent"
    );
    assert!(
        started.elapsed() >= std::time::Duration::from_millis(500),
        "five failures on the account slow each check"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn notes_and_quarantine_release_are_audited() {
    let app = spawn_app().await;
    let IngestOutcome::NewCase(case) = app.question(1, "Which code?", None).await else {
        panic!()
    };
    let (ada, _) = app.login("ada@desk.test", "ada-password-1").await;
    let token = app.token(&ada).await;
    let (status, _) = app
        .post(
            &ada,
            &format!("/cases/{}/notes", case.0),
            &[("csrf", &token), ("body", "Ask for the op note.")],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(app
        .get(&ada, &format!("/cases/{}", case.0))
        .await
        .1
        .contains("Ask for the op note."));

    app.question(
        2,
        "From an unknown sender",
        Some(QuarantineReason::UnknownSender),
    )
    .await;
    let (_, page) = app.get(&ada, "/admin/quarantine").await;
    assert!(page.contains("unknown_sender"));
    let inbound: i64 =
        sqlx::query_scalar("SELECT id FROM inbound_messages WHERE disposition = 'quarantined'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    let (status, _) = app
        .post(
            &ada,
            &format!("/admin/quarantine/{inbound}/release"),
            &[("csrf", &token)],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(count(&app.pool, "SELECT count(*) FROM cases").await, 2);
    assert_eq!(count(&app.pool, "SELECT count(*) FROM audit_log WHERE action = 'released_from_quarantine' AND actor = 'ada@desk.test'").await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_holder_hands_a_case_over_and_an_admin_reassigns_it() {
    let app = spawn_app().await;
    let IngestOutcome::NewCase(case) = app.question(1, "Which code for M54.5?", None).await else {
        panic!()
    };
    let path = format!("/cases/{}", case.0);
    let holder = || async {
        sqlx::query_scalar::<_, Option<String>>("SELECT assignee FROM cases WHERE id = $1")
            .bind(case)
            .fetch_one(&app.pool)
            .await
            .unwrap()
    };
    let (pat, _) = app.login("pat@desk.test", "pat-password-1").await;
    let token = app.token(&pat).await;
    app.post(&pat, &format!("{path}/claim"), &[("csrf", &token)])
        .await;
    let (_, page) = app.get(&pat, &path).await;
    assert!(
        page.contains("id=\"assign\"") && page.contains("value=\"sam@desk.test\""),
        "the holder is offered a hand-over"
    );
    let r = pat
        .post(format!("{}{path}/assign", app.base))
        .form(&[("csrf", token.as_str()), ("to", "sam@desk.test")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(holder().await.as_deref(), Some("sam@desk.test"));
    let back = r.headers()["location"].to_str().unwrap().to_owned();

    let (_, page) = app.get(&pat, &back).await;
    assert!(
        page.contains("Handed over to Sam Consultant (sam@desk.test)"),
        "the hand-over is confirmed: {page}"
    );
    assert!(page.contains("sam@desk.test holds this case"));
    assert!(
        !page.contains("id=\"assign\""),
        "only the holder hands over"
    );
    let (sam, _) = app.login("sam@desk.test", "sam-password-1").await;
    let (_, page) = app.get(&sam, &path).await;
    assert!(
        page.contains("id=\"answer-form\""),
        "the new holder can answer"
    );
    let sam_token = app.token(&sam).await;
    let (status, _) = app
        .post(
            &sam,
            &format!("{path}/assign"),
            &[("csrf", &sam_token), ("to", "nobody@desk.test")],
        )
        .await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "only to an active consultant"
    );

    let (ada, _) = app.login("ada@desk.test", "ada-password-1").await;
    let ada_token = app.token(&ada).await;
    let (status, _) = app
        .post(
            &ada,
            &format!("{path}/assign"),
            &[("csrf", &ada_token), ("to", "pat@desk.test")],
        )
        .await;
    assert_eq!(
        status,
        StatusCode::SEE_OTHER,
        "an admin reassigns anyone's case"
    );
    assert_eq!(holder().await.as_deref(), Some("pat@desk.test"));
    let actions: Vec<(String, String)> = sqlx::query_as(
        "SELECT actor, action FROM audit_log WHERE case_id = $1 AND action = 'assigned' ORDER BY id",
    )
    .bind(case)
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert_eq!(
        actions,
        [
            ("pat@desk.test".to_owned(), "assigned".to_owned()),
            ("ada@desk.test".to_owned(), "assigned".to_owned())
        ]
    );
    let (_, page) = app.get(&ada, &path).await;
    assert!(
        page.contains("handed over from pat@desk.test to sam@desk.test")
            && page.contains("handed over from sam@desk.test to pat@desk.test"),
        "the trail names both consultants: {page}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_preview_shows_each_codes_checks_and_a_failing_answer_needs_an_override() {
    let app = spawn_app().await;
    let IngestOutcome::NewCase(case) = app.question(1, "The order says M54.5.", None).await else {
        panic!()
    };
    let path = format!("/cases/{}", case.0);
    let (pat, _) = app.login("pat@desk.test", "pat-password-1").await;
    let token = app.token(&pat).await;
    let form = |extra: &[(&'static str, &'static str)]| {
        let mut f = vec![
            ("codes", "M54.5\n78803"),
            ("body", "Report M54.5 with the SPECT."),
        ];
        f.extend_from_slice(extra);
        f
    };
    let mut with_token = form(&[]);
    with_token.push(("csrf", token.as_str()));
    let (status, preview) = app
        .post(&pat, &format!("{path}/preview"), &with_token)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(preview.contains("id=\"checks\""), "{preview}");
    assert!(
        preview.contains("nonbillable") && preview.contains("M54.50"),
        "the header and its billable codes"
    );
    assert!(preview.contains("not checked: no CPT file imported"));
    assert!(preview.contains("id=\"blocked\"") && preview.contains("id=\"override\""));

    let (status, page) = app.post(&pat, &format!("{path}/answer"), &with_token).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(page.contains("M54.5 (nonbillable)"), "{page}");
    let mut no_reason = with_token.clone();
    no_reason.push(("override", "yes"));
    let (status, _) = app.post(&pat, &format!("{path}/answer"), &no_reason).await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "an override needs its reason"
    );
    assert_eq!(count(&app.pool, "SELECT count(*) FROM outbox").await, 0);

    let mut overridden = no_reason.clone();
    overridden.push(("override_reason", "legacy payer contract"));
    let (status, _) = app.post(&pat, &format!("{path}/answer"), &overridden).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(count(&app.pool, "SELECT count(*) FROM outbox").await, 1);
    let reason: String = sqlx::query_scalar(
        "SELECT detail->>'override' FROM audit_log WHERE case_id = $1 AND action = 'answered'",
    )
    .bind(case)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(reason, "legacy payer contract");
}

/// Full-text search from any page: subjects, question texts, notes and codes, not `LIKE`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_finds_cases_by_their_words_notes_and_codes() {
    let app = spawn_app().await;
    let IngestOutcome::NewCase(spect) = app
        .question(
            1,
            "Which codes for a bone SPECT with low back pain? We have M54.5.",
            None,
        )
        .await
    else {
        panic!()
    };
    let IngestOutcome::NewCase(other) = app.question(2, "Cerumen removal, left ear.", None).await
    else {
        panic!()
    };
    let (pat, _) = app.login("pat@desk.test", "pat-password-1").await;
    let token = app.token(&pat).await;
    app.post(
        &pat,
        &format!("/cases/{}/notes", other.0),
        &[
            ("csrf", &token),
            ("body", "payer wants the curette documented"),
        ],
    )
    .await;
    let found = |page: String| {
        [spect, other]
            .into_iter()
            .filter(|c| page.contains(&format!("href=\"/cases/{}\"", c.0)))
            .collect::<Vec<_>>()
    };
    let (status, page) = app.get(&pat, "/search?q=backs+pains").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(found(page), [spect], "stemmed words of the question");
    let (_, page) = app.get(&pat, "/search?q=M54.5").await;
    assert_eq!(found(page), [spect], "a code in the question");
    let (_, page) = app.get(&pat, "/search?q=curette").await;
    assert_eq!(found(page), [other], "a note");
    let (_, page) = app
        .get(&pat, &format!("/search?q={}", other.reference()))
        .await;
    assert_eq!(found(page), [other], "a case reference");
    let (_, page) = app.get(&pat, "/search?q=%22bone+pain%22").await;
    assert!(page.contains("id=\"no-results\""), "a phrase is a phrase");

    let (ok, out, err) = cli(&app.url, &["cases", "search", "spect", "--format", "json"]);
    assert!(ok, "{err}");
    let rows: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["id"], spect.0);
    assert!(rows[0]["status"].is_string() && rows[0]["requester"].is_string());
}

/// An answer in progress survives leaving the page, from the web desk and the command line.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_draft_answer_comes_back_when_the_case_is_opened_again() {
    let app = spawn_app().await;
    let IngestOutcome::NewCase(case) = app.question(1, "Which code for M54.5?", None).await else {
        panic!()
    };
    let path = format!("/cases/{}", case.0);
    let (pat, _) = app.login("pat@desk.test", "pat-password-1").await;
    let token = app.token(&pat).await;
    app.post(&pat, &format!("{path}/claim"), &[("csrf", &token)])
        .await;
    let (status, _) = app
        .post(
            &pat,
            &format!("{path}/draft"),
            &[
                ("csrf", &token),
                ("codes", "M54.50"),
                ("body", "Half-written answer"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    for _ in 0..2 {
        let (status, _) = app
            .post(
                &pat,
                &format!("{path}/preview"),
                &[
                    ("csrf", &token),
                    ("codes", "M54.50"),
                    ("body", "Half-written answer"),
                ],
            )
            .await;
        assert_eq!(status, StatusCode::OK);
    }
    let (_, page) = app.get(&pat, &path).await;
    assert!(page.contains("Half-written answer") && page.contains("id=\"draft-saved\""));
    assert!(
        page.contains("edited ×2 that day") && !page.contains(">edited<"),
        "previewing twice is one line of the trail"
    );
    let (sam, _) = app.login("sam@desk.test", "sam-password-1").await;
    let (_, page) = app.get(&sam, &path).await;
    assert!(
        !page.contains("Half-written answer"),
        "a draft is its author's"
    );

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("draft.txt");
    std::fs::write(&file, "codes: M54.59\n---\nFrom the command line").unwrap();
    let reference = case.reference();
    let args = [
        "cases",
        "draft",
        &reference,
        "--as",
        "pat@desk.test",
        "--file",
        file.to_str().unwrap(),
    ];
    let (ok, _, err) = cli(&app.url, &args);
    assert!(ok, "{err}");
    let (_, page) = app.get(&pat, &path).await;
    assert!(page.contains("From the command line") && page.contains("M54.59"));
    let (ok, _, err) = cli(
        &app.url,
        &[
            "cases",
            "draft",
            &reference,
            "--as",
            "ghost@nowhere.example",
            "--file",
            file.to_str().unwrap(),
        ],
    );
    assert!(!ok && err.contains("no active consultant"), "{err}");
}

/// The Cc a consultant changed stays as they left it: back from the preview, after a saved
/// response, in the draft; a Cc that names the case's people again is theirs, not a copy.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edited_cc_survives_the_preview_and_the_draft() {
    let app = spawn_app().await;
    let raw = "From: Ann <ann@clinic.test>\r\nCc: lee@clinic.test, kim@clinic.test\r\n\
               Subject: SPECT\r\nMessage-ID: <cc-edit@clinic.test>\r\n\r\n\
               Which code for M54.5?\r\n";
    let IngestOutcome::NewCase(case) = app.ingest_raw(1, raw, None).await else {
        panic!()
    };
    let path = format!("/cases/{}", case.0);
    let (pat, _) = app.login("pat@desk.test", "pat-password-1").await;
    let token = app.token(&pat).await;
    let field = |cc: &str| format!(r#"id="cc-field" value="{cc}""#);
    let (_, page) = app.get(&pat, &path).await;
    assert!(
        page.contains(&field("lee@clinic.test, kim@clinic.test")),
        "the form starts from the case's people"
    );
    let form = |cc: &'static str| {
        [
            ("csrf", token.as_str()),
            ("codes", "M54.50"),
            ("body", "Use M54.50."),
            ("cc", cc),
        ]
    };
    let kept = || async {
        sqlx::query_scalar::<_, Option<String>>("SELECT cc FROM answer_drafts")
            .fetch_one(&app.pool)
            .await
            .unwrap()
    };
    let (status, preview) = app
        .post(&pat, &format!("{path}/preview"), &form("lee@clinic.test"))
        .await;
    assert_eq!(status, StatusCode::OK, "{preview}");
    assert_eq!(
        preview
            .matches(r#"name="cc" value="lee@clinic.test""#)
            .count(),
        2,
        "both the send and the way back carry the Cc: {preview}"
    );
    let (_, back) = app
        .post(&pat, &format!("{path}/edit"), &form("lee@clinic.test"))
        .await;
    assert!(back.contains(&field("lee@clinic.test")), "{back}");
    let (_, page) = app.get(&pat, &path).await;
    assert!(
        page.contains(&field("lee@clinic.test")),
        "the preview kept it with the draft"
    );
    assert_eq!(kept().await.as_deref(), Some("lee@clinic.test"));

    let (status, _) = app
        .post(
            &pat,
            &format!("{path}/draft"),
            &form("Kim@clinic.test; lee@clinic.test"),
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(
        kept().await,
        None,
        "the case's people again: whoever they are when it is sent"
    );
    let (status, _) = app.post(&pat, &format!("{path}/draft"), &form("")).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, page) = app.get(&pat, &path).await;
    assert!(page.contains(&field("")), "nobody, as left");
}

/// Deactivating a consultant returns the cases they hold to the queue, audited.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deactivating_a_consultant_returns_their_claims_to_the_queue() {
    let app = spawn_app().await;
    let IngestOutcome::NewCase(case) = app.question(1, "Which code for M54.5?", None).await else {
        panic!()
    };
    let (pat, _) = app.login("pat@desk.test", "pat-password-1").await;
    let token = app.token(&pat).await;
    app.post(
        &pat,
        &format!("/cases/{}/claim", case.0),
        &[("csrf", &token)],
    )
    .await;
    let pat_id: i64 =
        sqlx::query_scalar("SELECT id FROM consultants WHERE email = 'pat@desk.test'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    let (ada, _) = app.login("ada@desk.test", "ada-password-1").await;
    let ada_token = app.token(&ada).await;
    let (status, _) = app
        .post(
            &ada,
            &format!("/admin/consultants/{pat_id}/deactivate"),
            &[("csrf", &ada_token)],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, holder): (String, Option<String>) =
        sqlx::query_as("SELECT status::text, assignee FROM cases WHERE id = $1")
            .bind(case)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!((status.as_str(), holder), ("open", None));
    let audit: (String, String) = sqlx::query_as(
        "SELECT actor, action FROM audit_log WHERE case_id = $1 ORDER BY id DESC LIMIT 1",
    )
    .bind(case)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(
        audit,
        ("ada@desk.test".into(), "released_holder_deactivated".into())
    );

    // The same from the command line, where only an admin may do it.
    app.post(
        &ada,
        &format!("/cases/{}/claim", case.0),
        &[("csrf", &ada_token)],
    )
    .await;
    let (ok, _, err) = cli(
        &app.url,
        &[
            "consultants",
            "deactivate",
            "ada@desk.test",
            "--as",
            "sam@desk.test",
        ],
    );
    assert!(!ok && err.contains("only an admin"), "{err}");
    accounts::add(
        &app.pool,
        "root@desk.test",
        "Root",
        Role::Admin,
        "root-password-1",
    )
    .await
    .unwrap();
    let (ok, out, err) = cli(
        &app.url,
        &[
            "consultants",
            "deactivate",
            "ada@desk.test",
            "--as",
            "root@desk.test",
        ],
    );
    assert!(
        ok && out.contains("1 case(s) back in the queue"),
        "{out}{err}"
    );
}

/// Times are shown in the consultant's own time zone, labelled; the desk's zone otherwise.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn times_show_in_the_consultants_time_zone() {
    let app = spawn_app().await;
    app.question(1, "Which code for M54.5?", None).await;
    let (pat, _) = app.login("pat@desk.test", "pat-password-1").await;
    let (_, page) = app.get(&pat, "/").await;
    assert!(page.contains(" UTC</td>"), "the desk's zone by default");
    let token = app.token(&pat).await;
    let (status, _) = app
        .post(
            &pat,
            "/settings",
            &[("csrf", &token), ("timezone", "Mars/Olympus")],
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = app
        .post(
            &pat,
            "/settings",
            &[("csrf", &token), ("timezone", "America/Chicago")],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, page) = app.get(&pat, "/").await;
    assert!(
        page.contains(" CST</td>") && page.contains("America/Chicago"),
        "labelled"
    );
    let (sam, _) = app.login("sam@desk.test", "sam-password-1").await;
    let (_, page) = app.get(&sam, "/").await;
    assert!(
        page.contains(" UTC</td>"),
        "a colleague keeps the desk's zone"
    );
}

/// Saved responses: shared by admins, inserted into an answer with their placeholders filled.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_saved_response_is_inserted_with_its_placeholders_filled() {
    let app = spawn_app().await;
    let IngestOutcome::NewCase(case) = app.question(1, "Which code for M54.5?", None).await else {
        panic!()
    };
    let (ada, _) = app.login("ada@desk.test", "ada-password-1").await;
    let token = app.token(&ada).await;
    let text =
        "Hello {requester_name}, about {case_reference}: see below.\nRegards, {consultant_name}";
    let (status, _) = app
        .post(
            &ada,
            "/responses",
            &[
                ("csrf", &token),
                ("name", "Greeting"),
                ("body", text),
                ("shared", "on"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (pat, _) = app.login("pat@desk.test", "pat-password-1").await;
    let path = format!("/cases/{}", case.0);
    let (_, page) = app.get(&pat, &path).await;
    let id: String = sqlx::query_scalar("SELECT id::text FROM saved_responses")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert!(
        page.contains(&format!("name=\"response\" value=\"{id}\"")),
        "one click"
    );
    let pat_token = app.token(&pat).await;
    let (status, page) = app
        .post(
            &pat,
            &format!("{path}/insert-response"),
            &[
                ("csrf", &pat_token),
                ("codes", "M54.50"),
                ("body", "My own start."),
                ("response", &id),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let filled = format!(
        "My own start.\n\nHello Ann, about {}: see below.\nRegards, Pat Consultant",
        case.reference()
    );
    assert!(page.contains(&filled), "{page}");
    assert!(
        page.contains(">M54.50</textarea>"),
        "the codes typed so far stay"
    );

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("r.txt");
    std::fs::write(&file, "Thanks {requester_name}.").unwrap();
    let (ok, _, err) = cli(
        &app.url,
        &[
            "responses",
            "add",
            "Thanks",
            "--file",
            file.to_str().unwrap(),
        ],
    );
    assert!(ok, "{err}");
    let (ok, out, _) = cli(&app.url, &["responses", "list"]);
    assert!(
        ok && out.contains("Greeting") && out.contains("Thanks"),
        "{out}"
    );
}

/// An admin reads a quarantined message (escaped) before releasing or discarding it; discarding
/// needs a confirmation; a released message without a sender cannot be answered by email.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn quarantined_mail_is_read_before_it_is_released_or_discarded() {
    let app = spawn_app().await;
    let mut ids = Vec::new();
    for (uid, from) in [(1u32, "From: Bot <bot@spam.test>\r\n"), (2, "")] {
        let raw = format!("{from}Subject: Win <b>now</b>\r\nMessage-ID: <q{uid}@x>\r\n\r\nClick <script>alert(1)</script> here\r\n");
        let out = app
            .ingest_raw(uid, &raw, Some(QuarantineReason::UnknownSender))
            .await;
        assert!(matches!(out, IngestOutcome::Quarantined { .. }));
        let id: i64 = sqlx::query_scalar("SELECT max(id) FROM inbound_messages")
            .fetch_one(&app.pool)
            .await
            .unwrap();
        ids.push(id);
    }
    let (ada, _) = app.login("ada@desk.test", "ada-password-1").await;
    let token = app.token(&ada).await;
    let (status, page) = app
        .get(&ada, &format!("/admin/quarantine/{}", ids[0]))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("bot@spam.test") && page.contains("unknown_sender"));
    assert!(
        page.contains("Click &#60;script&#62;") || page.contains("Click &lt;script&gt;"),
        "{page}"
    );
    assert!(!page.contains("<script>alert"));
    let discard = format!("/admin/quarantine/{}/discard", ids[0]);
    let (status, _) = app.post(&ada, &discard, &[("csrf", &token)]).await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "not without the confirmation"
    );
    let (status, _) = app
        .post(&ada, &discard, &[("csrf", &token), ("confirm", "yes")])
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);

    let (_, page) = app
        .get(&ada, &format!("/admin/quarantine/{}", ids[1]))
        .await;
    assert!(page.contains("no usable sender"));
    app.post(
        &ada,
        &format!("/admin/quarantine/{}/release", ids[1]),
        &[("csrf", &token)],
    )
    .await;
    let case: i64 = sqlx::query_scalar("SELECT id FROM cases")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let (_, page) = app.get(&ada, &format!("/cases/{case}")).await;
    assert!(page.contains("id=\"no-sender\"") && !page.contains("id=\"answer-form\""));
    let (status, _) = app
        .post(
            &ada,
            &format!("/cases/{case}/answer"),
            &[("csrf", &token), ("codes", ""), ("body", "Hi")],
        )
        .await;
    assert_eq!(
        status,
        StatusCode::BAD_REQUEST,
        "no email without an address"
    );
    assert_eq!(count(&app.pool, "SELECT count(*) FROM outbox").await, 0);
}

/// The queue is told of a new case through server-sent events fed by LISTEN/NOTIFY; the page
/// loads its refresh script from a file and still lists the cases without it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_queue_hears_of_a_new_case_without_a_reload() {
    let app = spawn_app().await;
    let (pat, _) = app.login("pat@desk.test", "pat-password-1").await;
    let (status, _) = app.get(&client(), "/events").await;
    assert_eq!(status, StatusCode::SEE_OTHER, "only for a session");
    let mut events = pat
        .get(format!("{}/events", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(events.headers()["content-type"], "text/event-stream");
    // The listener may still be connecting: keep asking until one event comes through.
    let mut seen = String::new();
    for uid in 1..=10u32 {
        app.question(uid, "Which code for M54.5?", None).await;
        let chunk = tokio::time::timeout(std::time::Duration::from_secs(2), events.chunk()).await;
        if let Ok(Ok(Some(bytes))) = chunk {
            seen.push_str(&String::from_utf8_lossy(&bytes));
            if seen.contains("event: cases") {
                break;
            }
        }
    }
    assert!(seen.contains("event: cases"), "{seen:?}");
    let (_, page) = app.get(&pat, "/").await;
    assert!(page.contains("src=\"/static/live.js\"") && !page.contains("<script>"));
    assert!(
        page.contains("Question 1"),
        "the table is there without the script"
    );
    let (status, script) = app.get(&pat, "/static/live.js").await;
    assert_eq!(status, StatusCode::OK);
    assert!(script.contains("EventSource('/events')"));
}

/// A file attached in the web desk goes with the next answer and stays with the case.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_file_attached_to_an_answer_goes_out_with_it() {
    let app = spawn_app().await;
    let IngestOutcome::NewCase(case) = app.question(1, "Which code for M54.5?", None).await else {
        panic!()
    };
    let path = format!("/cases/{}", case.0);
    let (pat, _) = app.login("pat@desk.test", "pat-password-1").await;
    let token = app.token(&pat).await;
    app.post(&pat, &format!("{path}/claim"), &[("csrf", &token)])
        .await;
    let upload = |name: &'static str, bytes: Vec<u8>| {
        let form = reqwest::multipart::Form::new()
            .text("csrf", token.clone())
            .part(
                "file",
                reqwest::multipart::Part::bytes(bytes).file_name(name),
            );
        pat.post(format!("{}{path}/attach", app.base))
            .multipart(form)
            .send()
    };
    let r = upload("../../etc/notes.txt", b"coding notes".to_vec())
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    let limit = 10 * 1024 * 1024 + 1;
    let r = upload("huge.bin", vec![0u8; limit]).await.unwrap();
    assert_eq!(
        r.status(),
        StatusCode::BAD_REQUEST,
        "over the configured size"
    );
    let (_, page) = app.get(&pat, &path).await;
    assert!(
        page.contains("notes.txt (12 bytes)") && !page.contains("etc/notes"),
        "no path"
    );
    let (status, _) = app
        .post(
            &pat,
            &format!("{path}/answer"),
            &[
                ("csrf", &token),
                ("codes", "M54.50"),
                ("body", "See the notes."),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let bound: Vec<(Option<i64>, String)> =
        sqlx::query_as("SELECT outbox_id, filename FROM answer_attachments")
            .fetch_all(&app.pool)
            .await
            .unwrap();
    assert_eq!(bound.len(), 1);
    assert!(bound[0].0.is_some(), "bound to the queued answer");
    let leased = caseconsult::cases::outgoing::lease(&app.pool, 10, 30.0)
        .await
        .unwrap();
    let answer = leased.iter().find(|r| r.kind == "answer").unwrap();
    assert_eq!(answer.attachments[0].content, b"coding notes");
    let (_, page) = app.get(&pat, &path).await;
    assert!(page.contains("attached: notes.txt"), "shown with the case");
}

/// Reports: weekly counts, time to first answer, backlog by age, top codes; SVG drawn on the
/// server and a CSV download.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reports_count_the_weeks_and_draw_them_on_the_server() {
    let app = spawn_app().await;
    for uid in 1..=3 {
        app.question(uid, "Which code for M54.5?", None).await;
    }
    let first: i64 = sqlx::query_scalar("SELECT min(id) FROM cases")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let inbound: i64 = sqlx::query_scalar("SELECT min(id) FROM inbound_messages")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    sqlx::query(
        "INSERT INTO drafts (case_id, inbound_message_id, code_set, draft)
         VALUES ($1, $2, 'test', '{\"codes_mentioned\":[{\"system\":\"icd10cm\",\"code\":\"M54.5\",\"status\":\"nonbillable\"}],\"flags\":[],\"suggestions\":[],\"phi\":{\"present\":false,\"kinds\":[]}}')",
    )
    .bind(first)
    .bind(inbound)
    .execute(&app.pool)
    .await
    .unwrap();
    let (pat, _) = app.login("pat@desk.test", "pat-password-1").await;
    let token = app.token(&pat).await;
    app.post(
        &pat,
        &format!("/cases/{first}/answer"),
        &[("csrf", &token), ("codes", ""), ("body", "Use M54.50.")],
    )
    .await;
    let (status, page) = app.get(&pat, "/reports").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        page.matches("<svg").count(),
        3,
        "three charts, drawn on the server"
    );
    assert!(!page.contains("<script"), "nothing loaded or run");
    assert!(page.contains("within the promised 24 h: 100%"), "{page}");
    assert!(page.contains("<strong>M54.5</strong></td><td>1 case(s)"));
    assert!(
        page.contains("<title>under 1 day: 2</title>"),
        "two cases still waiting"
    );
    let (status, csv) = app.get(&pat, "/reports.csv").await;
    assert_eq!(status, StatusCode::OK);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "week,received,answered");
    assert_eq!(lines.len(), 13, "twelve weeks");
    assert!(lines[12].ends_with(",3,1"), "{csv}");
}

/// A subject from mail cannot retitle the terminal or add table rows (issue 12, item 5).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_command_line_shows_control_characters_from_mail_escaped() {
    let app = spawn_app().await;
    let raw = "From: Ann <ann@clinic.test>\r\nSubject: =?utf-8?q?Codes=1B]0;pwned=07=0D=0AC-9999_fake?=\r\nMessage-ID: <esc@clinic.test>\r\n\r\nWhich code?\x1b[2J\r\n";
    app.ingest_raw(1, raw, None).await;
    let (ok, list, err) = cli(&app.url, &["cases", "list"]);
    assert!(ok, "{err}");
    assert!(!list.contains('\x1b') && !list.contains('\x07'), "{list:?}");
    assert_eq!(list.lines().count(), 2, "a header and one row: {list:?}");
    assert!(list.contains("\\x1b]0;pwned"), "{list:?}");
    let case: i64 = sqlx::query_scalar("SELECT id FROM cases")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let (ok, shown, _) = cli(&app.url, &["cases", "show", &case.to_string()]);
    assert!(ok && !shown.contains('\x1b'), "{shown:?}");
}

/// Every response carries the security headers; pages are never cached; a form posted from
/// another site is refused even with a valid token (issue 12, item 1).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn responses_carry_security_headers_and_cross_site_posts_are_refused() {
    let app = spawn_app().await;
    let (pat, _) = app.login("pat@desk.test", "pat-password-1").await;
    for path in ["/", "/login", "/healthz"] {
        let r = pat.get(format!("{}{path}", app.base)).send().await.unwrap();
        let h = r.headers();
        let csp = h["content-security-policy"].to_str().unwrap();
        assert!(
            csp.contains("frame-ancestors 'none'") && csp.contains("script-src 'self'"),
            "{path}"
        );
        assert!(
            !csp.contains("script-src 'self' 'unsafe-inline'"),
            "no inline script"
        );
        assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(h["referrer-policy"], "no-referrer", "{path}");
        assert_eq!(h["cache-control"], "no-store", "{path}");
    }
    let r = pat
        .get(format!("{}/static/live.js", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.headers()["cache-control"],
        "max-age=300",
        "scripts keep their own"
    );
    let IngestOutcome::NewCase(case) = app.question(1, "Which code for M54.5?", None).await else {
        panic!()
    };
    let token = app.token(&pat).await;
    let claim = format!("{}/cases/{}/claim", app.base, case.0);
    let r = pat
        .post(&claim)
        .header("sec-fetch-site", "cross-site")
        .form(&[("csrf", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    let r = pat
        .post(&claim)
        .header("origin", "https://evil.example")
        .form(&[("csrf", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        count(
            &app.pool,
            "SELECT count(*) FROM cases WHERE status = 'claimed'"
        )
        .await,
        0
    );
    let r = pat
        .post(&claim)
        .header("sec-fetch-site", "same-origin")
        .form(&[("csrf", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "the desk's own form");
}

/// A NUL byte or an oversized field is refused by name, before the database sees it (issue 12,
/// item 4).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn control_characters_and_oversized_fields_are_refused_clearly() {
    let app = spawn_app().await;
    let IngestOutcome::NewCase(case) = app.question(1, "Which code for M54.5?", None).await else {
        panic!()
    };
    let (pat, _) = app.login("pat@desk.test", "pat-password-1").await;
    let token = app.token(&pat).await;
    let notes = format!("/cases/{}/notes", case.0);
    let (status, body) = app
        .post(&pat, &notes, &[("csrf", &token), ("body", "a\0b")])
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        body.contains("the note contains a control character"),
        "{body}"
    );
    assert!(
        !body.to_lowercase().contains("database") && !body.contains("0x00"),
        "{body}"
    );
    let big = "x".repeat(1 << 20);
    let (status, _) = app
        .post(&pat, &notes, &[("csrf", &token), ("body", &big)])
        .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    let (status, _) = app
        .get(&pat, &format!("/search?q={}", "y".repeat(600)))
        .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(count(&app.pool, "SELECT count(*) FROM case_notes").await, 0);
}

#[tokio::test]
async fn metrics_are_served_with_the_desk_when_they_have_no_address_of_their_own() {
    let app = spawn_app().await;
    let c = client();
    app.get(&c, "/healthz").await;
    let (status, text) = app.get(&c, "/metrics").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        text.lines()
            .any(|l| l.starts_with(r#"caseconsult_http_request_duration_seconds_count{method="GET",route="/healthz",status="200"}"#)),
        "{text}"
    );
    // Every status is reported, the empty ones as zero.
    for status in [
        "open",
        "claimed",
        "answered",
        "closed",
        "quarantined",
        "delivery_failed",
    ] {
        let line = format!(r#"caseconsult_cases{{status="{status}"}} 0"#);
        assert!(text.lines().any(|l| l == line), "{line} in\n{text}");
    }
    assert!(text
        .lines()
        .any(|l| l == r#"caseconsult_outbox_messages{status="failed"} 0"#));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn passwords_are_judged_by_strength_changed_by_their_owner_and_reset_by_an_admin() {
    let app = spawn_app().await;
    let (ada, _) = app.login("ada@desk.test", "ada-password-1").await;
    let token = app.token(&ada).await;
    for weak in ["aaaaaaaaaa", "Password2026!"] {
        let (status, page) = app
            .post(
                &ada,
                "/admin/consultants",
                &[
                    ("csrf", &token),
                    ("email", "weak@desk.test"),
                    ("name", "Weak"),
                    ("role", "consultant"),
                    ("password", weak),
                ],
            )
            .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{weak}");
        assert!(page.contains("too easy to guess"), "{page}");
    }

    // Pat changes her own password from one browser; her other session ends.
    let (pat, _) = app.login("pat@desk.test", "pat-password-1").await;
    let (elsewhere, _) = app.login("pat@desk.test", "pat-password-1").await;
    let token = app.token(&pat).await;
    for (current, new, again, why) in [
        (
            "not-her-password",
            "plum tractor violin 42",
            "plum tractor violin 42",
            "current password is not right",
        ),
        (
            "pat-password-1",
            "aaaaaaaaaa",
            "aaaaaaaaaa",
            "too easy to guess",
        ),
        (
            "pat-password-1",
            "plum tractor violin 42",
            "plum tractor violn 42",
            "two new passwords differ",
        ),
    ] {
        let (status, page) = change_password(&app, &pat, &token, current, new, again).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{why}");
        assert!(page.contains(why), "{why}: {page}");
    }
    let (status, _) = change_password(
        &app,
        &pat,
        &token,
        "pat-password-1",
        "plum tractor violin 42",
        "plum tractor violin 42",
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.get(&pat, "/").await.0,
        StatusCode::OK,
        "this session goes on"
    );
    assert_eq!(
        app.get(&elsewhere, "/").await.0,
        StatusCode::SEE_OTHER,
        "the other one ended"
    );
    assert_eq!(
        app.login("pat@desk.test", "pat-password-1").await.1,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.login("pat@desk.test", "plum tractor violin 42").await.1,
        StatusCode::SEE_OTHER
    );

    // An admin resets it: Pat's sessions end, and the temporary password opens only the page
    // that replaces it.
    let pat_id: i64 =
        sqlx::query_scalar("SELECT id FROM consultants WHERE email = 'pat@desk.test'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    let ada_token = app.token(&ada).await;
    let (status, _) = app
        .post(
            &ada,
            &format!("/admin/consultants/{pat_id}/reset-password"),
            &[("csrf", &ada_token), ("password", "harbor maple quartz 17")],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.get(&pat, "/").await.0,
        StatusCode::SEE_OTHER,
        "her session ended"
    );
    let (pat, status) = app.login("pat@desk.test", "harbor maple quartz 17").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let r = pat.get(format!("{}/", app.base)).send().await.unwrap();
    assert_eq!(r.headers()["location"], "/password");
    let (status, page) = app.get(&pat, "/password").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("id=\"must-change\""));
    let token = app.token_from(&pat, "/password").await;
    let (status, _) = app
        .post(
            &pat,
            "/password",
            &[
                ("csrf", &token),
                ("current", "harbor maple quartz 17"),
                ("new", "lantern orbit meadow 5"),
                ("again", "lantern orbit meadow 5"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(app.get(&pat, "/").await.0, StatusCode::OK);
}

async fn change_password(
    app: &App,
    c: &reqwest::Client,
    token: &str,
    current: &str,
    new: &str,
    again: &str,
) -> (StatusCode, String) {
    app.post(
        c,
        "/password",
        &[
            ("csrf", token),
            ("current", current),
            ("new", new),
            ("again", again),
        ],
    )
    .await
}

/// Everything the desk logs in this test binary (tests run in parallel: look only for what a
/// test itself caused).
static LOG: std::sync::LazyLock<Arc<std::sync::Mutex<Vec<u8>>>> = std::sync::LazyLock::new(|| {
    #[derive(Clone)]
    struct Sink(Arc<std::sync::Mutex<Vec<u8>>>);
    impl std::io::Write for Sink {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let log = Arc::new(std::sync::Mutex::new(Vec::new()));
    let sink = Sink(log.clone());
    let _ = tracing_subscriber::fmt()
        .with_ansi(false)
        .with_max_level(tracing::Level::INFO)
        .with_writer(move || sink.clone())
        .try_init();
    log
});

fn log_text() -> String {
    String::from_utf8_lossy(&LOG.lock().unwrap()).into_owned()
}

/// The login form's address is never logged as typed (a newline and ESC in it would forge a
/// log line; a password typed into it would land in the log), and one that no address can be
/// never reaches the database (issue 17, item 1).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_typed_login_address_never_reaches_the_log_or_the_database_raw() {
    std::sync::LazyLock::force(&LOG);
    let app = spawn_app().await;
    let c = client();
    let (_, page) = app.get(&c, "/login").await;
    let csrf = form_token(&page);
    let forged = "x\n2026-12-03T00:00:00Z INFO forged\u{1b}[2J";
    let (status, body) = app
        .post(
            &c,
            "/login",
            &[("csrf", &csrf), ("email", forged), ("password", "p")],
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body.contains("the email contains"), "{body}");
    let long = format!("{}@desk.test", "a".repeat(300));
    let (status, _) = app
        .post(
            &c,
            "/login",
            &[("csrf", &csrf), ("email", &long), ("password", "p")],
        )
        .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(
        count(&app.pool, "SELECT count(*) FROM login_attempts").await,
        0,
        "neither reached the database"
    );

    let typed_password = "hunter2-typed-in-the-address-box";
    assert_eq!(
        app.login(typed_password, "").await.1,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.login("pat@desk.test", "not-pats-password").await.1,
        StatusCode::UNAUTHORIZED
    );
    let pat: i64 = sqlx::query_scalar("SELECT id FROM consultants WHERE email = 'pat@desk.test'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let log = log_text();
    assert!(
        !log.contains("forged") && !log.contains(typed_password),
        "{log}"
    );
    assert!(
        log.lines()
            .any(|l| l.contains("failed login") && l.contains(&format!("account=consultant:{pat}"))),
        "a known account is logged by its id: {log}"
    );
    assert!(
        log.lines()
            .any(|l| l.contains("failed login") && l.contains("account=sha256:")),
        "an unknown one by a hash: {log}"
    );
}

/// Direction overrides and invisible characters in names, subjects and file names show as
/// their escapes on the pages and on the command line; a download's name keeps only safe
/// characters (issue 17, item 2).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn direction_overrides_from_mail_are_shown_never_obeyed() {
    let app = spawn_app().await;
    let raw = "From: =?utf-8?q?Ann_=E2=80=AEredoC?= <ann@clinic.test>\r\n\
Subject: =?utf-8?q?Invoice_=E2=80=AEfdp.exe?=\r\nMessage-ID: <bidi@clinic.test>\r\n\
MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n\
--b\r\nContent-Type: text/plain\r\n\r\nWhich code for M54.5?\r\n\
--b\r\nContent-Type: application/pdf\r\n\
Content-Disposition: attachment; filename*=utf-8''invoice%E2%80%AEfdp.exe\r\n\
Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--b--\r\n";
    let IngestOutcome::NewCase(case) = app.ingest_raw(1, raw, None).await else {
        panic!()
    };
    // Intake may clean such names one day; the pages must be safe with them either way.
    let name = "Ann \u{202e}redoC";
    sqlx::query("UPDATE cases SET requester_name = $1, subject = 'Invoice \u{202e}fdp.exe'")
        .bind(name)
        .execute(&app.pool)
        .await
        .unwrap();
    sqlx::query("UPDATE inbound_messages SET from_name = $1")
        .bind(name)
        .execute(&app.pool)
        .await
        .unwrap();
    let attachment: i64 = sqlx::query_scalar(
        "UPDATE attachments SET filename = 'invoice\u{202e}fdp.exe' RETURNING id",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let (pat, _) = app.login("pat@desk.test", "pat-password-1").await;
    let (status, page) = app.get(&pat, &format!("/cases/{}", case.0)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!page.contains('\u{202e}'), "{page}");
    assert!(page.contains("invoice\\u{202e}fdp.exe"), "{page}");
    assert!(page.contains("Ann \\u{202e}redoC"), "{page}");
    let (_, queue) = app.get(&pat, "/").await;
    assert!(!queue.contains('\u{202e}') && queue.contains("Invoice \\u{202e}fdp.exe"));

    let r = pat
        .get(format!(
            "{}/cases/{}/attachments/{attachment}",
            app.base, case.0
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let disposition = r.headers()["content-disposition"].to_str().unwrap();
    assert_eq!(disposition, "attachment; filename=\"invoice_fdp.exe\"");

    let (ok, shown, err) = cli(&app.url, &["cases", "show", &case.0.to_string()]);
    assert!(ok, "{err}");
    assert!(!shown.contains('\u{202e}'), "{shown}");
    assert!(shown.contains("invoice\\u{202e}fdp.exe"), "{shown}");
    let (ok, list, _) = cli(&app.url, &["cases", "list"]);
    assert!(ok && !list.contains('\u{202e}'), "{list}");
}

/// An open event stream ends soon after its session does (issue 17, item 3).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_event_stream_ends_when_its_session_does() {
    let app = spawn_app().await;
    let (pat, _) = app.login("pat@desk.test", "pat-password-1").await;
    let token = app.token(&pat).await;
    let mut events = pat
        .get(format!("{}/events", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(events.status(), StatusCode::OK);
    let (status, _) = app.post(&pat, "/logout", &[("csrf", &token)]).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let ended = tokio::time::timeout(std::time::Duration::from_secs(5), async {
        while let Ok(Some(_)) = events.chunk().await {}
    })
    .await;
    assert!(ended.is_ok(), "the stream outlived its session by 5 s");
}

/// Query parameters and every form field get the same checks as the notes: a control
/// character is a 400 naming the field, an oversized value a 413, a page out of range a 400
/// (issue 17, item 4).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn query_parameters_and_every_form_field_are_checked() {
    let app = spawn_app().await;
    let IngestOutcome::NewCase(case) = app.question(1, "Which code for M54.5?", None).await else {
        panic!()
    };
    let (pat, _) = app.login("pat@desk.test", "pat-password-1").await;
    for (path, field) in [
        ("/?assignee=%00", "the assignee"),
        ("/?mailbox=%00", "the mailbox"),
        ("/?status=open%0A", "the status"),
        ("/?page=4294967295", "the page"),
        ("/?page=0", "the page"),
        ("/search?q=back&page=-1", "the page"),
        (&format!("/cases/{}?q=%00", case.0), "the code search"),
    ] {
        let (status, body) = app.get(&pat, path).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{path}");
        assert!(body.contains(field), "{path}: {body}");
    }
    let (status, _) = app.get(&pat, "/?page=2").await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = app
        .get(&pat, &format!("/?assignee={}", "a".repeat(300)))
        .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);

    let response = caseconsult::cases::desk::save_response(
        &app.pool,
        "Op note",
        "Send the op note.",
        "ada",
        None,
    )
    .await
    .unwrap()
    .to_string();
    let token = app.token(&pat).await;
    let insert = format!("/cases/{}/insert-response", case.0);
    let (status, body) = app
        .post(
            &pat,
            &insert,
            &[("csrf", &token), ("response", &response), ("body", "a\0b")],
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(
        body.contains("the answer contains a control character"),
        "{body}"
    );
    let big = "x".repeat(1_500_000);
    let (status, _) = app
        .post(
            &pat,
            &insert,
            &[("csrf", &token), ("response", &response), ("body", &big)],
        )
        .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(
        count(&app.pool, "SELECT count(*) FROM answer_drafts").await,
        0
    );
    let (status, _) = app
        .post(
            &pat,
            &insert,
            &[("csrf", &token), ("response", &response), ("body", "Hello")],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "a normal insert still works");
}

/// A Reply-To other than the sender is said plainly on the case page and the preview, in red
/// when it is at another domain (issue 17, item 5).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reply_to_elsewhere_is_shown_on_the_case_and_the_preview() {
    let app = spawn_app().await;
    let raw = "From: Ann <ann@clinic.test>\r\nReply-To: pay@elsewhere.example\r\nSubject: Codes\r\nMessage-ID: <rt1@clinic.test>\r\n\r\nWhich code for M54.5?\r\n";
    let IngestOutcome::NewCase(case) = app.ingest_raw(1, raw, None).await else {
        panic!()
    };
    let raw = "From: Bo <bo@clinic.test>\r\nReply-To: billing@clinic.test\r\nSubject: More\r\nMessage-ID: <rt2@clinic.test>\r\n\r\nWhich code for R51.9?\r\n";
    let IngestOutcome::NewCase(same_domain) = app.ingest_raw(2, raw, None).await else {
        panic!()
    };
    let (pat, _) = app.login("pat@desk.test", "pat-password-1").await;
    let (_, page) = app.get(&pat, &format!("/cases/{}", case.0)).await;
    assert!(
        page.contains("Replies go to <strong class=\"other-domain\">pay@elsewhere.example</strong>, not the sender ann@clinic.test"),
        "{page}"
    );
    let (_, page) = app.get(&pat, &format!("/cases/{}", same_domain.0)).await;
    assert!(
        page.contains(
            "Replies go to <strong>billing@clinic.test</strong>, not the sender bo@clinic.test"
        ),
        "{page}"
    );
    let token = app.token(&pat).await;
    let (status, preview) = app
        .post(
            &pat,
            &format!("/cases/{}/preview", case.0),
            &[("csrf", &token), ("codes", ""), ("body", "Report M54.50.")],
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        preview.contains(
            "Replies go to <strong class=\"other-domain\">pay@elsewhere.example</strong>"
        ),
        "{preview}"
    );
}

/// A case opened from a stranger's message that named another case links to it, and that
/// case links back (issue 17, item 6).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_case_that_mentions_another_links_both_ways() {
    let app = spawn_app().await;
    let IngestOutcome::NewCase(named) = app.question(1, "Which code for M54.5?", None).await else {
        panic!()
    };
    let IngestOutcome::NewCase(stranger) = app.question(2, "About C-1, which code?", None).await
    else {
        panic!()
    };
    sqlx::query("UPDATE cases SET mentions_case_id = $1 WHERE id = $2")
        .bind(named)
        .bind(stranger)
        .execute(&app.pool)
        .await
        .unwrap();
    let (pat, _) = app.login("pat@desk.test", "pat-password-1").await;
    let (_, page) = app.get(&pat, &format!("/cases/{}", stranger.0)).await;
    assert!(
        page.contains(&format!(
            "mentions <a href=\"/cases/{}\">{}</a>",
            named.0,
            named.reference()
        )),
        "{page}"
    );
    let (_, page) = app.get(&pat, &format!("/cases/{}", named.0)).await;
    assert!(
        page.contains(&format!(
            "Mentioned by <a href=\"/cases/{}\">{}</a> (a message from someone outside this case)",
            stranger.0,
            stranger.reference()
        )),
        "{page}"
    );
}

/// A mailbox whose intake is stuck makes /readyz 503 with the reason and shows on the admins'
/// queue; a message that could not be stored shows why in quarantine (issue 17, item 7).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stalled_mailbox_is_not_ready_and_shows_to_admins() {
    let app = spawn_app().await;
    let c = cursor::align(&app.pool, "default", 1).await.unwrap();
    cursor::record_contact(&app.pool, c.key.mailbox_id)
        .await
        .unwrap();
    assert_eq!(app.get(&client(), "/readyz").await.0, StatusCode::OK);
    sqlx::query(
        "UPDATE mailboxes SET failing_uid = 7, failing_count = 3, failing_kind = 'index_limit',
                              last_contact_at = now()
         WHERE id = $1",
    )
    .bind(c.key.mailbox_id)
    .execute(&app.pool)
    .await
    .unwrap();
    let (status, body) = app.get(&client(), "/readyz").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    let ready: serde_json::Value = serde_json::from_str(&body).unwrap();
    let stalled = &ready["stalled_mailboxes"][0];
    assert_eq!(stalled["mailbox"], "default", "{body}");
    let reason = stalled["reason"].as_str().unwrap();
    assert!(reason.contains('7'), "names the message: {body}");
    let (ada, _) = app.login("ada@desk.test", "ada-password-1").await;
    let (_, queue) = app.get(&ada, "/").await;
    assert!(
        queue.contains("id=\"stalled\"") && queue.contains(reason),
        "{queue}"
    );
    let (pat, _) = app.login("pat@desk.test", "pat-password-1").await;
    assert!(!app.get(&pat, "/").await.1.contains("id=\"stalled\""));

    sqlx::query(
        "UPDATE mailboxes SET failing_uid = NULL, failing_count = 0, failing_kind = NULL
         WHERE id = $1",
    )
    .bind(c.key.mailbox_id)
    .execute(&app.pool)
    .await
    .unwrap();
    assert_eq!(app.get(&client(), "/readyz").await.0, StatusCode::OK);

    app.question(
        1,
        "Which code for M54.5?",
        Some(QuarantineReason::UnknownSender),
    )
    .await;
    sqlx::query(
        "UPDATE inbound_messages SET quarantine_reason = 'store_failed',
                                     quarantine_detail = 'index_row_too_large'",
    )
    .execute(&app.pool)
    .await
    .unwrap();
    let id: i64 = sqlx::query_scalar("SELECT id FROM inbound_messages")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    for path in [
        "/admin/quarantine".to_owned(),
        format!("/admin/quarantine/{id}"),
    ] {
        let (status, page) = app.get(&ada, &path).await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            page.contains(
                "could not be stored <small class=\"detail\">(index_row_too_large)</small>"
            ),
            "{path}: {page}"
        );
    }
}

/// The draft on the case page covers the whole thread and says, for each flag and recommended
/// code, which message it comes from, linked to that message (issue 18, item 6).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_case_page_says_which_message_each_flag_and_code_comes_from() {
    let app = spawn_app().await;
    app.question(
        1,
        "Chronic low back pain, the order says M54.5 and the scrubber rejects it.",
        None,
    )
    .await;
    let reply = "From: Ann <ann@clinic.test>\r\nSubject: Re: Question 1\r\nMessage-ID: <w2@clinic.test>\r\nIn-Reply-To: <w1@clinic.test>\r\n\r\nNow they documented G56.00 too, right wrist only.\r\n";
    assert!(matches!(
        app.ingest_raw(2, reply, None).await,
        IngestOutcome::FollowUp { .. }
    ));
    let _drafting = drafted(&app, 2).await;
    let (case, first, second): (i64, i64, i64) =
        sqlx::query_as("SELECT case_id, min(id), max(id) FROM inbound_messages GROUP BY case_id")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    let (pat, _) = app.login("pat@desk.test", "pat-password-1").await;
    let (status, page) = app.get(&pat, &format!("/cases/{case}")).await;
    assert_eq!(status, StatusCode::OK);
    let draft = &page[page.find("Assistant's draft").unwrap()..];
    // The card or row a finding is shown in.
    let shown = |what: &str| {
        let at = draft
            .find(what)
            .unwrap_or_else(|| panic!("{what}: {draft}"));
        let rest = &draft[at..];
        rest[..rest
            .find("</div>")
            .unwrap()
            .min(rest.find("</tr>").unwrap_or(usize::MAX))]
            .to_owned()
    };
    let from = |id: i64, n: u32, kind: &str| {
        format!("<a href=\"#message-{id}\">from message {n}</a> ({kind}, ")
    };
    for (what, id, n, kind) in [
        ("<strong>nonbillable", first, 1, "first mail"),
        ("<strong>laterality", second, 2, "follow-up"),
        ("1. <a href=\"/codes/M54.50", first, 1, "first mail"),
        ("2. <a href=\"/codes/G56.01", second, 2, "follow-up"),
    ] {
        let card = shown(what);
        assert!(card.contains(&from(id, n, kind)), "{card}");
        assert!(card.contains("ann@clinic.test)"), "{card}");
    }
    for id in [first, second] {
        assert!(
            page.contains(&format!("id=\"message-{id}\"")),
            "the link leads to the message in the thread"
        );
    }
    assert!(page.contains("<strong>message 2</strong> · from"));
}

/// Runs the assistant's drafting until `n` drafts are stored; drafting stops when the guard
/// drops.
async fn drafted(app: &App, n: i64) -> tokio_util::sync::DropGuard {
    let (_committed, waiting) = tokio::sync::mpsc::unbounded_channel();
    let stop = CancellationToken::new();
    tokio::spawn(caseconsult::drafting::run(
        app.pool.clone(),
        ASSISTANT.clone(),
        waiting,
        stop.clone(),
    ));
    wait_for(std::time::Duration::from_secs(30), "the drafts", || async {
        (count(
            &app.pool,
            "SELECT count(*) FROM drafts WHERE draft IS NOT NULL",
        )
        .await
            >= n)
            .then_some(())
    })
    .await;
    stop.drop_guard()
}

/// The text of the answer form's `<textarea id="…">`.
fn textarea(page: &str, id: &str) -> String {
    let start = page
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no #{id}: {page}"));
    let rest = &page[start..];
    let open = rest.find('>').unwrap() + 1;
    let close = rest.find("</textarea>").unwrap();
    rest[open..close].replace("&#10;", "\n").to_owned()
}

/// The codes a search lists, in order.
fn listed_codes(page: &str, table: &str) -> Vec<String> {
    let Some(at) = page.find(&format!("id=\"{table}\"")) else {
        return Vec::new();
    };
    let rest = &page[at..page[at..].find("</table>").map_or(page.len(), |e| at + e)];
    rest.split("<a href=\"/codes/")
        .skip(1)
        .map(|s| s.split(['?', '"']).next().unwrap().to_owned())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_code_is_looked_up_by_its_code_and_found_by_words_on_the_desk() {
    let app = spawn_app().await;
    let IngestOutcome::NewCase(case) = app.question(1, "Which code for CKD?", None).await else {
        panic!()
    };
    let (pat, _) = app.login("pat@desk.test", "pat-password-1").await;

    let (status, page) = app.get(&pat, "/codes/N18.3").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("<title>N18.3 ·"), "the tab names the code");
    assert!(page.contains(">header</span>"), "{page}");
    assert_eq!(listed_codes(&page, "below")[0], "N18.30");
    let (_, page) = app.get(&pat, "/codes/e11.9").await;
    assert!(page.contains("id=\"code\">E11.9 · Type 2 diabetes mellitus without complications"));
    assert!(page.contains(">billable</span>"));
    assert!(
        page.contains("id=\"index-entries\""),
        "the Index entries leading to it"
    );
    let (_, page) = app.get(&pat, "/codes/E11").await;
    assert!(page.contains("<strong>Excludes1</strong>"), "{page}");
    let (_, page) = app.get(&pat, "/codes/S72.001").await;
    assert!(page.contains("id=\"seventh\""));
    let (_, page) = app.get(&pat, "/codes/250.00").await;
    assert!(
        listed_codes(&page, "mapping").contains(&"E11.9".to_owned()),
        "{page}"
    );
    let (status, page) = app.get(&pat, "/codes/Q99.99X").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(page.contains("id=\"unknown\"") && page.contains("Search codes"));

    let (_, page) = app.get(&pat, "/codes?q=n183").await;
    assert_eq!(listed_codes(&page, "code-results")[0], "N18.3");

    let path = format!("/cases/{}", case.0);
    for (typed, first) in [
        ("N18.3", "N18.3"),
        ("n183", "N18.3"),
        ("E78.5", "E78.5"),
        ("O23.42", "O23.42"),
    ] {
        let (status, page) = app.get(&pat, &format!("{path}?q={typed}")).await;
        assert_eq!(status, StatusCode::OK);
        let found = listed_codes(&page, "code-results");
        assert_eq!(
            found.first().map(String::as_str),
            Some(first),
            "{typed}: {found:?}"
        );
        assert!(page.contains(&format!("href=\"/codes/{first}?case={}\"", case.0)));
    }
    let (_, page) = app
        .get(
            &pat,
            &format!("{path}?q=type+2+diabetes+without+complications"),
        )
        .await;
    let found = listed_codes(&page, "code-results");
    let at = |code: &str| found.iter().position(|c| c == code);
    assert_eq!(found[0], "E11.9", "{found:?}");
    assert!(at("E10.9").is_none_or(|p| p > 0));
    let results = &page[page.find("id=\"code-results\"").unwrap()..];
    assert!(results.contains(">billable</span>"));
    let views = count(
        &app.pool,
        "SELECT count(*) FROM audit_log WHERE action = 'viewed'",
    )
    .await;
    assert_eq!(views, 0, "code searches are not views of the case");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_recommended_answer_and_a_code_go_into_the_answer_in_one_click() {
    let app = spawn_app().await;
    let IngestOutcome::NewCase(case) = app
        .question(
            1,
            "Patient with type 2 diabetes and CKD stage 3a, which codes?",
            None,
        )
        .await
    else {
        panic!()
    };
    let _drafting = drafted(&app, 1).await;
    let recommended: Vec<String> = sqlx::query_scalar(
        "SELECT r->>'code' FROM drafts, jsonb_array_elements(draft->'recommended') r WHERE case_id = $1",
    )
    .bind(case)
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert!(
        !recommended.is_empty(),
        "the assistant recommends codes here"
    );
    let path = format!("/cases/{}", case.0);
    let (pat, _) = app.login("pat@desk.test", "pat-password-1").await;
    let token = app.token(&pat).await;
    app.post(&pat, &format!("{path}/claim"), &[("csrf", &token)])
        .await;
    let (_, page) = app.get(&pat, &path).await;
    assert!(page.contains(
        "href=\"/cases/{}?fill=recommended#answer-form\""
            .replace("{}", &case.0.to_string())
            .as_str()
    ));
    assert!(
        page.contains("class=\"add-to-answer\""),
        "each suggestion can be added"
    );

    let (status, page) = app.get(&pat, &format!("{path}?fill=recommended")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(textarea(&page, "codes"), recommended.join("\n"));
    let body = textarea(&page, "body");
    assert!(
        body.starts_with("Report these codes, in this order:\n1. "),
        "{body}"
    );
    assert!(
        recommended.iter().all(|c| body.contains(c.as_str())),
        "{body}"
    );

    // A code from the search or the code's page joins what the consultant saved.
    app.post(
        &pat,
        &format!("{path}/draft"),
        &[
            ("csrf", &token),
            ("codes", "N18.31"),
            ("body", "Typed so far"),
        ],
    )
    .await;
    let (_, page) = app.get(&pat, &format!("{path}?add=e78.5")).await;
    assert_eq!(textarea(&page, "codes"), "N18.31\nE78.5");
    assert_eq!(textarea(&page, "body"), "Typed so far");
    let (_, card) = app
        .get(&pat, &format!("/codes/E78.5?case={}", case.0))
        .await;
    assert!(card.contains(&format!("href=\"/cases/{}?add=E78.5\"", case.0)));
    assert!(card.contains(&format!("href=\"/cases/{}\">← Back to the case", case.0)));

    // After sending, the correction starts from the answer that was sent.
    let (status, _) = app
        .post(
            &pat,
            &format!("{path}/answer"),
            &[
                ("csrf", &token),
                ("codes", "E11.22\nN18.31"),
                ("body", "Use E11.22 with N18.31."),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, page) = app.get(&pat, &path).await;
    assert!(page.contains("<h3>Correction</h3>"), "{page}");
    assert_eq!(textarea(&page, "codes"), "E11.22\nN18.31");
    assert_eq!(textarea(&page, "body"), "Use E11.22 with N18.31.");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn coder_notation_is_read_and_a_refused_form_comes_back_with_everything_typed() {
    let app = spawn_app().await;
    let IngestOutcome::NewCase(case) = app.question(1, "Which codes?", None).await else {
        panic!()
    };
    let path = format!("/cases/{}", case.0);
    let (pat, _) = app.login("pat@desk.test", "pat-password-1").await;
    let token = app.token(&pat).await;
    app.post(&pat, &format!("{path}/claim"), &[("csrf", &token)])
        .await;
    let notation = "Z85.3 - Personal history of malignant neoplasm of breast\n99214 25, E11.9: no complications";
    let (status, preview) = app
        .post(
            &pat,
            &format!("{path}/preview"),
            &[
                ("csrf", &token),
                ("codes", notation),
                ("body", "See the codes."),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{preview}");
    for code in ["Z85.3", "99214", "E11.9"] {
        assert!(preview.contains(code), "{code}: {preview}");
    }
    assert!(preview.contains("modifier on 99214"));

    let typed = "E11.9\ndiabetes stuff\n99214-25";
    let body = "A long answer typed <carefully> before the mistake.";
    let (status, page) = app
        .post(
            &pat,
            &format!("{path}/answer"),
            &[("csrf", &token), ("codes", typed), ("body", body)],
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(page.contains("<title>C-"), "the desk's own page: {page}");
    assert_eq!(textarea(&page, "codes"), typed);
    assert_eq!(
        textarea(&page, "body"),
        "A long answer typed &#60;carefully&#62; before the mistake."
    );
    let problems = &page[page.find("id=\"code-problems\"").unwrap()..];
    assert!(
        problems.contains("line 2</td><td><code>diabetes stuff</code>"),
        "{problems}"
    );
    assert!(!problems.contains("line 1<") && !problems.contains("line 3<"));
    assert_eq!(count(&app.pool, "SELECT count(*) FROM outbox").await, 0);

    // Every other refusal is the desk's page with the reason and a way back, axum's own too.
    for (method, url, form, want) in [
        (
            "GET",
            "/cases/not-a-number".to_owned(),
            vec![],
            StatusCode::BAD_REQUEST,
        ),
        (
            "GET",
            "/no/such/page".to_owned(),
            vec![],
            StatusCode::NOT_FOUND,
        ),
        (
            "GET",
            "/?page=abc".to_owned(),
            vec![],
            StatusCode::BAD_REQUEST,
        ),
        (
            "POST",
            format!("{path}/notes"),
            vec![("csrf", token.as_str())],
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            "POST",
            format!("{path}/notes"),
            vec![("csrf", token.as_str()), ("body", " ")],
            StatusCode::BAD_REQUEST,
        ),
    ] {
        let request = match method {
            "GET" => pat.get(format!("{}{url}", app.base)),
            _ => pat.post(format!("{}{url}", app.base)).form(&form),
        };
        let r = request.send().await.unwrap();
        assert_eq!(r.status(), want, "{method} {url}");
        assert!(r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html"));
        let page = r.text().await.unwrap();
        assert!(
            page.contains("id=\"error-message\"") && page.contains("id=\"back-to-queue\""),
            "{method} {url}: {page}"
        );
    }
}

/// The case references the queue lists, in order.
fn queue_refs(page: &str) -> Vec<String> {
    let table = &page[page.find("id=\"queue\"").unwrap()..];
    let table = &table[..table.find("</table>").unwrap()];
    table
        .split("<tr class=\"status-")
        .skip(1)
        .filter_map(|row| {
            let at = row.find(">C-")? + 1;
            Some(row[at..at + row[at..].find('<')?].to_owned())
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_queue_triages_by_view_order_requester_and_holder_and_marks_new_replies() {
    let app = spawn_app().await;
    let mut ids = Vec::new();
    for (uid, from) in [
        (1, "ann@clinic.test"),
        (2, "bob@other.test"),
        (3, "ann@clinic.test"),
    ] {
        let raw = format!(
            "From: {from}\r\nSubject: Question {uid}\r\nMessage-ID: <q{uid}@clinic.test>\r\n\r\nWhich code for   chronic\r\n  back pain, case {uid}?\r\n"
        );
        let IngestOutcome::NewCase(id) = app.ingest_raw(uid, &raw, None).await else {
            panic!()
        };
        ids.push(id);
        // Distinct received times for the orders.
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let refs: Vec<String> = ids.iter().map(|i| i.reference()).collect();
    let (pat, _) = app.login("pat@desk.test", "pat-password-1").await;
    let token = app.token_from(&pat, &format!("/cases/{}", ids[0].0)).await;
    app.post(
        &pat,
        &format!("/cases/{}/claim", ids[0].0),
        &[("csrf", &token)],
    )
    .await;

    let (_, page) = app.get(&pat, "/").await;
    assert_eq!(queue_refs(&page), refs, "due soonest first");
    assert!(
        page.contains("Which code for chronic back pain, case 1?"),
        "a one-line snippet"
    );
    assert!(page.contains("<option value=\"sam@desk.test\">Sam Consultant</option>"));
    let (_, page) = app.get(&pat, "/?sort=received").await;
    assert_eq!(
        queue_refs(&page),
        [refs[2].clone(), refs[1].clone(), refs[0].clone()]
    );
    let (_, page) = app.get(&pat, "/?view=mine").await;
    assert_eq!(queue_refs(&page), [refs[0].clone()]);
    let (_, page) = app.get(&pat, "/?view=unassigned").await;
    assert_eq!(queue_refs(&page), [refs[1].clone(), refs[2].clone()]);
    let (_, page) = app.get(&pat, "/?requester=ANN@clinic").await;
    assert_eq!(queue_refs(&page), [refs[0].clone(), refs[2].clone()]);
    let (_, page) = app.get(&pat, "/?assignee=pat@desk.test").await;
    assert_eq!(queue_refs(&page), [refs[0].clone()]);
    assert!(
        !page.contains("new reply"),
        "the holder has seen everything"
    );
    let (status, _) = app.get(&pat, "/?view=everything").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    // The holder looked before the follow-up came: the queue marks it until they look again.
    app.get(&pat, &format!("/cases/{}", ids[0].0)).await;
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    let reply = "From: ann@clinic.test\r\nSubject: Re: Question 1\r\nMessage-ID: <q1b@clinic.test>\r\nIn-Reply-To: <q1@clinic.test>\r\n\r\nOne more thing.\r\n";
    assert!(matches!(
        app.ingest_raw(4, reply, None).await,
        IngestOutcome::FollowUp { .. }
    ));
    let (_, page) = app.get(&pat, "/?sort=activity").await;
    assert_eq!(queue_refs(&page)[0], refs[0], "latest activity first");
    let row = &page[page.find(&format!(">{}<", refs[0])).unwrap()..];
    assert!(
        row[..row.find("</tr>").unwrap()].contains("new reply"),
        "{row}"
    );
    let (_, case) = app.get(&pat, &format!("/cases/{}", ids[0].0)).await;
    let others = &case[case.find("id=\"requester-cases\"").unwrap()..];
    assert!(others.contains(&refs[2]) && !others.contains(&refs[1]));
    let (_, page) = app.get(&pat, "/").await;
    assert!(!page.contains("new reply"), "looked again");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn queue_page_links_say_where_they_lead() {
    let app = spawn_app().await;
    for uid in 1..=(caseconsult::cases::PAGE_SIZE + 1) {
        app.question(uid, "A question", None).await;
    }
    let (pat, _) = app.login("pat@desk.test", "pat-password-1").await;
    let (_, first) = app.get(&pat, "/?sort=received").await;
    assert!(first.contains("Page 1, newest questions first."));
    assert!(first.contains("On to page 2 →") && !first.contains("Newer"));
    let (_, second) = app.get(&pat, "/?sort=received&page=2").await;
    assert!(second.contains("← Back to page 1"));
    assert_eq!(queue_refs(&second).len(), 1);
}

/// The case references a table of the case page lists, in order.
fn listed_cases(page: &str, table: &str) -> Vec<String> {
    let Some(at) = page.find(&format!("id=\"{table}\"")) else {
        return Vec::new();
    };
    let rest = &page[at..at + page[at..].find("</table>").unwrap()];
    rest.split("<a href=\"/cases/")
        .skip(1)
        .filter_map(|s| {
            let text = &s[s.find('>')? + 1..];
            Some(text[..text.find('<')?].to_owned())
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_case_page_offers_answered_cases_like_it() {
    let app = spawn_app().await;
    let mut ids = Vec::new();
    for (uid, subject, body) in [
        (
            1,
            "Nose",
            "Closed fracture of the nasal bone after a fall at home: initial encounter?",
        ),
        (2, "Modifier", "Bilateral knee injection billing?"),
        (
            3,
            "Face",
            "Nasal bone fracture, closed, seen today for the first time.",
        ),
        (4, "Diabetes", "Follow-up visit, nothing else documented."),
        (
            5,
            "Fall",
            "The patient has a closed nasal bone fracture; is E11.9 reported too?",
        ),
    ] {
        let raw = format!("From: Ann <ann@clinic.test>\r\nSubject: {subject}\r\nMessage-ID: <s{uid}@clinic.test>\r\n\r\n{body}\r\n");
        let IngestOutcome::NewCase(id) = app.ingest_raw(uid, &raw, None).await else {
            panic!()
        };
        ids.push(id);
    }
    let _drafting = drafted(&app, 5).await;
    let (pat, _) = app.login("pat@desk.test", "pat-password-1").await;
    let token = app.token(&pat).await;
    for (case, codes) in [(ids[0], "S02.2XXA"), (ids[1], "M17.0"), (ids[3], "E11.9")] {
        let path = format!("/cases/{}", case.0);
        app.post(&pat, &format!("{path}/claim"), &[("csrf", &token)])
            .await;
        let (status, page) = app
            .post(
                &pat,
                &format!("{path}/answer"),
                &[
                    ("csrf", &token),
                    ("codes", codes),
                    ("body", "Report these."),
                ],
            )
            .await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{page}");
    }

    let (_, page) = app.get(&pat, &format!("/cases/{}", ids[4].0)).await;
    let title = &page[page.find("<title>").unwrap()..page.find("</title>").unwrap()];
    assert_eq!(
        title,
        format!("<title>{} · Coding Desk", ids[4].reference())
    );
    let similar_url = format!("/cases/{}/similar", ids[4].0);
    assert!(
        page.contains(&format!("data-src=\"{similar_url}\""))
            && page.contains(&format!("<a href=\"{similar_url}\">"))
            && page.contains("/static/similar.js")
            && !page.contains("id=\"similar\""),
        "the case page links the list and loads it after itself, never waiting for it"
    );
    let (status, page) = app.get(&pat, &similar_url).await;
    assert_eq!(status, StatusCode::OK);
    let mut similar = listed_cases(&page, "similar");
    similar.sort();
    assert_eq!(
        similar,
        [ids[0].reference(), ids[3].reference()],
        "the answered fracture by its words, the diabetes visit by its code; not the knee, \
         not the unanswered fracture, not the case itself"
    );
    let table = &page[page.find("id=\"similar\"").unwrap()..];
    let row = &table[table.find(&format!(">{}<", ids[0].reference())).unwrap()..];
    let row = &row[..row.find("</tr>").unwrap()];
    assert!(
        table.contains(&format!(
            "href=\"/cases/{}\">{}<",
            ids[0].0,
            ids[0].reference()
        )) && row.contains("S02.2XXA")
            && row.contains("Pat Consultant"),
        "{row}"
    );

    let (_, page) = app.get(&pat, &format!("/cases/{}/similar", ids[1].0)).await;
    assert!(
        !page.contains("id=\"similar\"") && page.contains("No answered case is like this one"),
        "nothing answered is like the knee question"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pdf_images_and_text_are_shown_in_a_sandbox_and_everything_else_downloads() {
    let app = spawn_app().await;
    let part = |kind: &str, name: &str, body: &str| {
        format!(
            "--b\r\nContent-Type: {kind}\r\nContent-Disposition: attachment; filename=\"{name}\"\r\n\
             Content-Transfer-Encoding: base64\r\n\r\n{body}\r\n"
        )
    };
    let raw = format!(
        "From: Ann <ann@clinic.test>\r\nSubject: Files\r\nMessage-ID: <files@clinic.test>\r\n\
         MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n\
         --b\r\nContent-Type: text/plain\r\n\r\nWhich code for M54.5? Notes attached.\r\n{}{}{}{}{}{}--b--\r\n",
        part("application/pdf", "scan.pdf", "JVBERi0xLjQK"),
        part("image/png", "photo.png", "iVBORw0KGgpyZXN0"),
        part("image/jpeg", "photo.jpg", "/9j/4HJlc3Q="),
        part("text/plain", "notes.txt", "Tm90ZXMK"),
        part("text/html", "page.html", "PGI+aGk8L2I+Cg=="),
        // A page that calls itself a picture.
        part("image/png", "fake.png", "PGI+aGk8L2I+Cg=="),
    );
    let IngestOutcome::NewCase(case) = app.ingest_raw(1, &raw, None).await else {
        panic!()
    };
    let files: Vec<(i64, String)> =
        sqlx::query_as("SELECT id, filename FROM attachments ORDER BY id")
            .fetch_all(&app.pool)
            .await
            .unwrap();
    assert_eq!(files.len(), 6, "{files:?}");
    let (pat, _) = app.login("pat@desk.test", "pat-password-1").await;
    let (_, page) = app.get(&pat, &format!("/cases/{}", case.0)).await;
    assert!(
        page.contains("to <span id=\"mailbox\">Coding Desk &#60;"),
        "the mailbox by its address, not its key: {page}"
    );
    for (id, name) in files {
        let r = pat
            .get(format!("{}/cases/{}/attachments/{id}", app.base, case.0))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        let header = |h: &str| r.headers()[h].to_str().unwrap().to_owned();
        let (disposition, kind, policy) = (
            header("content-disposition"),
            header("content-type"),
            header("content-security-policy"),
        );
        match name.as_str() {
            "scan.pdf" | "photo.png" | "photo.jpg" | "notes.txt" => {
                assert_eq!(disposition, format!("inline; filename=\"{name}\""));
                assert_ne!(kind, "application/octet-stream", "{name}");
                assert!(policy.contains("default-src 'none'"), "{name}: {policy}");
                if name != "scan.pdf" {
                    assert!(policy.starts_with("sandbox;"), "{name}: {policy}");
                }
            }
            _ => {
                assert_eq!(disposition, format!("attachment; filename=\"{name}\""));
                assert_eq!(kind, "application/octet-stream", "{name}");
            }
        }
    }
}

/// Every consultant keeps responses of their own; admins share responses and change the shared
/// ones in place; nobody changes what is not theirs.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn consultants_keep_their_own_responses_and_admins_share_and_edit_them_in_place() {
    let app = spawn_app().await;
    let IngestOutcome::NewCase(case) = app.question(1, "Which code for M54.5?", None).await else {
        panic!()
    };
    let id_of = |name: &'static str| {
        let pool = app.pool.clone();
        async move {
            sqlx::query_scalar::<_, i64>("SELECT id FROM saved_responses WHERE name = $1")
                .bind(name)
                .fetch_one(&pool)
                .await
                .unwrap()
        }
    };
    let (pat, _) = app.login("pat@desk.test", "pat-password-1").await;
    let token = app.token(&pat).await;
    let (status, page) = app.get(&pat, "/responses").await;
    assert_eq!(status, StatusCode::OK, "every consultant has the page");
    assert!(!page.contains("name=\"shared\""), "only admins share");
    let (status, _) = app
        .post(
            &pat,
            "/responses",
            &[
                ("csrf", &token),
                ("name", "Mine"),
                ("body", "Pat's own text."),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (status, _) = app
        .post(
            &pat,
            "/responses",
            &[
                ("csrf", &token),
                ("name", "Everyone's"),
                ("body", "Not Pat's to share."),
                ("shared", "on"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let mine = id_of("Mine").await;

    let (sam, _) = app.login("sam@desk.test", "sam-password-1").await;
    let sam_token = app.token(&sam).await;
    let (_, page) = app.get(&sam, "/responses").await;
    assert!(
        !page.contains("Pat's own text"),
        "a response is its owner's"
    );
    let (_, page) = app.get(&sam, &format!("/cases/{}", case.0)).await;
    assert!(!page.contains(&format!("value=\"{mine}\"")));
    let (status, _) = app
        .post(
            &sam,
            &format!("/responses/{mine}"),
            &[
                ("csrf", &sam_token),
                ("name", "Mine"),
                ("body", "Sam was here."),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Pat edits their own in place: the same response, new name and text.
    let (status, _) = app
        .post(
            &pat,
            &format!("/responses/{mine}"),
            &[
                ("csrf", &token),
                ("name", "Mine, edited"),
                ("body", "Pat's better text."),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, page) = app.get(&pat, "/responses").await;
    assert!(
        page.contains("Pat&#39;s better text.") || page.contains("Pat&#x27;s better text."),
        "{page}"
    );
    assert_eq!(id_of("Mine, edited").await, mine);

    let (ada, _) = app.login("ada@desk.test", "ada-password-1").await;
    let ada_token = app.token(&ada).await;
    app.post(
        &ada,
        "/responses",
        &[
            ("csrf", &ada_token),
            ("name", "Desk"),
            ("body", "For everyone."),
            ("shared", "on"),
        ],
    )
    .await;
    let desk = id_of("Desk").await;
    let (_, page) = app.get(&pat, "/responses").await;
    let card = &page[page.find(&format!("id=\"response-{desk}\"")).unwrap()..];
    let card = &card[..card.find("</div>").unwrap()];
    assert!(
        card.contains("For everyone.") && !card.contains("<form"),
        "{card}"
    );
    let (status, _) = app
        .post(
            &pat,
            &format!("/responses/{desk}"),
            &[
                ("csrf", &token),
                ("name", "Desk"),
                ("body", "Pat rewrote it."),
            ],
        )
        .await;
    assert_eq!(
        status,
        StatusCode::FORBIDDEN,
        "the shared ones are the admins'"
    );
    let (status, _) = app
        .post(
            &pat,
            &format!("/responses/{desk}/delete"),
            &[("csrf", &token)],
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    let (status, _) = app
        .post(
            &ada,
            &format!("/responses/{desk}"),
            &[
                ("csrf", &ada_token),
                ("name", "Desk"),
                ("body", "For everyone, edited."),
                ("shared", "on"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (_, page) = app.get(&sam, "/responses").await;
    assert!(page.contains("For everyone, edited."));
    assert_eq!(id_of("Desk").await, desk, "edited in place");
    let body: String = sqlx::query_scalar("SELECT body FROM saved_responses WHERE id = $1")
        .bind(mine)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(body, "Pat's better text.");
}
