//! XOAUTH2 against Dovecot's `oauth2` passdb (IMAP, and Postfix's submission port through
//! Dovecot's SASL), with a token endpoint run here that issues, expires and revokes tokens as
//! Microsoft's and Google's do. Dovecot asks this endpoint whether a token is active.

mod common;

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Json, Router};
use caseconsult::config::{AuthMethod, OAuth2Config, Secret, SmtpConfig, TlsMode};
use caseconsult::outbox::{Mailer, SendError};
use common::*;
use serde_json::json;

const CLIENT_SECRET: &str = "test-client-secret";

#[derive(Default)]
struct Tokens {
    /// refresh token → user
    refresh: HashMap<String, String>,
    revoked_refresh: HashSet<String>,
    /// access token → user, while active
    access: HashMap<String, String>,
    issued: u32,
    refreshes: HashMap<String, u32>,
}

type Shared = Arc<Mutex<Tokens>>;

/// The endpoint, once per test process on the rig's OAUTH_PORT, on a thread of its own so it
/// outlives each test's runtime.
fn endpoint() -> Shared {
    static ENDPOINT: OnceLock<Shared> = OnceLock::new();
    ENDPOINT
        .get_or_init(|| {
            let tokens = Shared::default();
            let state = tokens.clone();
            let (ready_tx, ready_rx) = std::sync::mpsc::channel();
            std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .unwrap();
                rt.block_on(async move {
                    let app = Router::new()
                        .route("/token", post(token))
                        .route("/introspect", get(introspect))
                        .with_state(state);
                    let addr = format!("127.0.0.1:{}", port("OAUTH_PORT"));
                    let listener = tokio::net::TcpListener::bind(addr).await.unwrap();
                    ready_tx.send(()).unwrap();
                    axum::serve(listener, app).await.unwrap();
                });
            });
            ready_rx.recv().unwrap();
            tokens
        })
        .clone()
}

async fn token(
    State(tokens): State<Shared>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    let mut t = tokens.lock().unwrap();
    if form.get("client_secret").map(String::as_str) != Some(CLIENT_SECRET) {
        return (StatusCode::UNAUTHORIZED, Json(json!({"error": "invalid_client", "error_description": "AADSTS7000222: the client secret has expired"}))).into_response();
    }
    let refresh = form.get("refresh_token").cloned().unwrap_or_default();
    let Some(user) = t
        .refresh
        .get(&refresh)
        .cloned()
        .filter(|_| !t.revoked_refresh.contains(&refresh))
    else {
        return (
            StatusCode::BAD_REQUEST,
            Json(json!({"error": "invalid_grant", "error_description": "consent revoked"})),
        )
            .into_response();
    };
    t.issued += 1;
    *t.refreshes.entry(refresh).or_default() += 1;
    let access = format!("at-{}-{}", t.issued, unique("x"));
    t.access.insert(access.clone(), user);
    Json(json!({"access_token": access, "token_type": "Bearer", "expires_in": 3600}))
        .into_response()
}

async fn introspect(State(tokens): State<Shared>, headers: HeaderMap) -> Json<serde_json::Value> {
    let bearer = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or_default();
    match tokens.lock().unwrap().access.get(bearer) {
        Some(user) => Json(json!({"active": true, "username": user})),
        None => Json(json!({"active": false})),
    }
}

/// A mailbox user with a refresh token the endpoint knows.
fn grant(user: &User) -> OAuth2Config {
    let refresh = unique("rt-");
    endpoint()
        .lock()
        .unwrap()
        .refresh
        .insert(refresh.clone(), user.address.clone());
    OAuth2Config {
        token_url: format!("http://127.0.0.1:{}/token", port("OAUTH_PORT")),
        client_id: "caseconsult-test".into(),
        client_secret: Secret::new(CLIENT_SECRET),
        refresh_token: Secret::new(&refresh),
        scope: "https://outlook.office.com/IMAP.AccessAsUser.All offline_access".into(),
    }
}

fn refreshes(oauth: &OAuth2Config) -> u32 {
    let tokens = endpoint();
    let t = tokens.lock().unwrap();
    t.refreshes
        .get(oauth.refresh_token.expose())
        .copied()
        .unwrap_or(0)
}

/// Every access token of `user` stops being active, as when an admin revokes sessions.
fn expire_access_tokens(user: &User) {
    endpoint()
        .lock()
        .unwrap()
        .access
        .retain(|_, u| u != &user.address);
}

fn xoauth2_imap(user: &User, oauth: &OAuth2Config) -> caseconsult::config::ImapConfig {
    let mut c = config_for(user, "postgres://unused").imap;
    c.password = Secret::new("not the password");
    c.auth = AuthMethod::Xoauth2;
    c.oauth2 = Some(oauth.clone());
    c
}

#[tokio::test]
async fn imap_logs_in_with_xoauth2_keeps_its_token_and_refreshes_a_refused_one() {
    caseconsult::tls::install_crypto_provider();
    let user = User::new("oauth");
    let oauth = grant(&user);
    let cfg = xoauth2_imap(&user, &oauth);
    for _ in 0..2 {
        let (mut session, _) = caseconsult::imap::connect(&cfg)
            .await
            .expect("XOAUTH2 login");
        session.logout().await.unwrap();
    }
    assert_eq!(
        refreshes(&oauth),
        1,
        "a valid token is reused, not refreshed per login"
    );
    // The server stops taking the token before its expiry: one refresh, then in.
    expire_access_tokens(&user);
    let (mut session, _) = caseconsult::imap::connect(&cfg)
        .await
        .expect("a fresh token");
    session.logout().await.unwrap();
    assert_eq!(refreshes(&oauth), 2);
    // The password alone does not get in where the test user's is wrong: XOAUTH2 did it.
    let mut by_password = cfg.clone();
    by_password.auth = AuthMethod::Password;
    let refused = caseconsult::imap::connect(&by_password)
        .await
        .err()
        .expect("wrong password");
    assert!(refused.is_auth(), "{refused}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_revoked_consent_is_shown_at_once_on_readyz_and_to_admins() {
    let desk = User::new("oauthdesk");
    let (url, pool) = fresh_database().await;
    let oauth = grant(&desk);
    endpoint()
        .lock()
        .unwrap()
        .revoked_refresh
        .insert(oauth.refresh_token.expose().to_owned());
    let mut config = config_for(&desk, &url);
    config.imap.auth = AuthMethod::Xoauth2;
    config.imap.oauth2 = Some(oauth);
    let web_port = free_port();
    config.web.listen = format!("127.0.0.1:{web_port}");
    caseconsult::accounts::add(
        &pool,
        "ada@desk.test",
        "Ada Admin",
        caseconsult::domain::Role::Admin,
        "ada-password-1",
    )
    .await
    .unwrap();
    let running = DeskProcess::spawn(&config);
    let error: String = wait_for(
        Duration::from_secs(20),
        "the refused refresh on the mailbox",
        || async {
            sqlx::query_scalar("SELECT last_error FROM mailboxes WHERE auth_failed")
                .fetch_optional(&pool)
                .await
                .unwrap()
        },
    )
    .await;
    assert!(error.contains("invalid_grant"), "{error}");

    let base = format!("http://127.0.0.1:{web_port}");
    let ready = reqwest::get(format!("{base}/readyz")).await.unwrap();
    assert_eq!(ready.status(), 503);
    let body: serde_json::Value = serde_json::from_str(&ready.text().await.unwrap()).unwrap();
    assert_eq!(
        body["login_refused_mailboxes"],
        json!(["default"]),
        "{body}"
    );

    let (_, queue) = web_login(&base, "ada@desk.test", "ada-password-1").await;
    assert!(
        queue.contains("id=\"login-refused\""),
        "the admin sees the banner"
    );
    assert!(queue.contains("consent revoked"));
    assert!(running.terminate().await.success());
}

#[tokio::test]
async fn smtp_sends_with_xoauth2_through_an_authenticating_server() {
    caseconsult::tls::install_crypto_provider();
    let sender = User::new("oauthsend");
    let to = User::new("oauthrcpt");
    let oauth = grant(&sender);
    let mut cfg = SmtpConfig {
        host: "127.0.0.1".into(),
        port: port("SUBMIT_PORT"),
        tls: TlsMode::None,
        from: format!("Desk <{}>", sender.address),
        timeout_secs: 10,
        ..SmtpConfig::default()
    };
    let message = |subject: &str| {
        lettre::Message::builder()
            .from(cfg.from.parse().unwrap())
            .to(to.address.parse().unwrap())
            .subject(subject)
            .body("By XOAUTH2.".to_owned())
            .unwrap()
    };
    // The submission port takes no unauthenticated mail.
    let refused = Mailer::new(&cfg).unwrap().send(&message("anonymous")).await;
    assert!(
        matches!(refused, Err(SendError::Permanent(_))),
        "{refused:?}"
    );

    cfg.username = sender.address.clone();
    cfg.auth = AuthMethod::Xoauth2;
    cfg.oauth2 = Some(oauth.clone());
    let mailer = Mailer::new(&cfg).unwrap();
    mailer
        .send(&message("first"))
        .await
        .expect("sent by XOAUTH2");
    expire_access_tokens(&sender);
    mailer
        .send(&message("second"))
        .await
        .expect("sent after a refresh");
    assert_eq!(refreshes(&oauth), 2);
    let arrived = wait_for_mail(&to, "INBOX", 2, Duration::from_secs(30)).await;
    let subjects: HashSet<String> = arrived
        .iter()
        .filter_map(|m| header(m, "Subject"))
        .collect();
    assert_eq!(
        subjects,
        HashSet::from(["first".to_owned(), "second".to_owned()])
    );
}
