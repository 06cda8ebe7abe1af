//! Test harness: the real PostgreSQL, Dovecot and Postfix started by `deploy/rig.sh`.
//! Every test gets its own database and its own mailbox users, so tests run in parallel.
#![allow(dead_code)] // each test binary uses its own part of the harness

use std::future::Future;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use caseconsult::config::{Config, Secret, TlsMode};
use futures::TryStreamExt;
use lettre::address::Envelope;
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use sqlx::PgPool;
use tokio::net::TcpStream;
use tokio_util::sync::CancellationToken;

pub fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| {
        panic!("{name} is not set: run the tests through deploy/test.sh, which starts the servers")
    })
}

pub fn port(name: &str) -> u16 {
    env(name).parse().expect("a port number")
}

/// A name no other test (or earlier run against the same rig) uses.
pub fn unique(prefix: &str) -> String {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    format!("{prefix}{}x{n}x{nanos}", std::process::id())
}

/// A mailbox on the rig's Dovecot: any address @example.test exists, password "<local>-pw".
#[derive(Clone, Debug)]
pub struct User {
    pub address: String,
    pub password: String,
}

impl User {
    pub fn new(prefix: &str) -> Self {
        let local = unique(prefix);
        Self {
            address: format!("{local}@example.test"),
            password: format!("{local}-pw"),
        }
    }
}

pub async fn fresh_database() -> (String, PgPool) {
    caseconsult::tls::install_crypto_provider();
    let admin_url = env("DATABASE_URL");
    let admin = PgPool::connect(&admin_url).await.expect("rig database");
    let name = unique("cc_");
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&admin)
        .await
        .unwrap();
    admin.close().await;
    let base = admin_url.rsplit_once('/').unwrap().0;
    let url = format!("{base}/{name}");
    let pool = PgPool::connect(&url).await.unwrap();
    caseconsult::db::migrate(&pool).await.unwrap();
    (url, pool)
}

/// A desk configuration reading `desk`'s inbox over STARTTLS with the rig's CA.
pub fn config_for(desk: &User, database_url: &str) -> Config {
    let mut c = Config::default();
    c.database.url = Secret::new(database_url);
    c.database.max_connections = 5;
    c.imap.host = env("IMAP_HOST");
    c.imap.port = port("IMAP_PORT");
    c.imap.tls = TlsMode::Starttls;
    c.imap.username = desk.address.clone();
    c.imap.password = Secret::new(&desk.password);
    c.imap.ca_file = Some(env("TEST_CA_CERT").into());
    c.imap.max_backoff_secs = 2;
    c.imap.timeout_secs = 10;
    c.smtp.host = env("SMTP_HOST");
    c.smtp.port = port("SMTP_PORT");
    c.smtp.tls = TlsMode::None;
    c.smtp.from = format!("Coding Desk <{}>", desk.address);
    // Every desk a test starts gets a free port for its web desk.
    c.web.listen = "127.0.0.1:0".into();
    c
}

/// The desk running in this process until dropped or stopped.
pub struct Desk {
    token: CancellationToken,
    handle: Option<tokio::task::JoinHandle<()>>,
}

impl Desk {
    pub fn start(config: Config) -> Self {
        let token = CancellationToken::new();
        let t = token.clone();
        let handle = tokio::spawn(async move {
            caseconsult::app::serve(config, t)
                .await
                .expect("desk failed");
        });
        Self {
            token,
            handle: Some(handle),
        }
    }

    pub async fn stop(mut self) {
        self.token.cancel();
        if let Some(h) = self.handle.take() {
            tokio::time::timeout(Duration::from_secs(20), h)
                .await
                .expect("desk did not stop within 20 s")
                .unwrap();
        }
    }
}

impl Drop for Desk {
    fn drop(&mut self) {
        self.token.cancel();
    }
}

/// Submits raw RFC 5322 bytes to the rig's Postfix, as a mail client would.
pub async fn send(from: &str, to: &str, raw: &[u8]) {
    let transport = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(env("SMTP_HOST"))
        .port(port("SMTP_PORT"))
        .timeout(Some(Duration::from_secs(10)))
        .build();
    let envelope = Envelope::new(Some(from.parse().unwrap()), vec![to.parse().unwrap()]).unwrap();
    transport
        .send_raw(&envelope, raw)
        .await
        .expect("SMTP submission");
}

/// A simple message from `from` to `to`; `extra` holds more header lines ending in CRLF.
pub fn message(
    from: &str,
    to: &str,
    subject: &str,
    message_id: &str,
    extra: &str,
    body: &str,
) -> Vec<u8> {
    format!(
        "From: {from}\r\nTo: {to}\r\nSubject: {subject}\r\nMessage-ID: <{message_id}>\r\n\
Date: Thu, 26 Nov 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\n{extra}\
Content-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n"
    )
    .into_bytes()
}

pub type ImapSession = async_imap::Session<TcpStream>;

/// A plain IMAP login to a rig mailbox, for looking at folders from the outside.
pub async fn imap_login(user: &User) -> ImapSession {
    let tcp = TcpStream::connect((env("IMAP_HOST"), port("IMAP_PORT")))
        .await
        .unwrap();
    let mut client = async_imap::Client::new(tcp);
    client.read_response().await.unwrap().unwrap();
    client
        .login(&user.address, &user.password)
        .await
        .map_err(|(e, _)| e)
        .unwrap()
}

/// How many messages a folder holds right now.
pub async fn folder_count(user: &User, folder: &str) -> u32 {
    let mut s = imap_login(user).await;
    let n = match s.examine(folder).await {
        Ok(mb) => mb.exists,
        Err(_) => 0,
    };
    let _ = s.logout().await;
    n
}

/// Appends raw messages straight into a folder (faster than SMTP for big batches).
pub async fn append_all(user: &User, folder: &str, messages: &[Vec<u8>]) {
    let mut s = imap_login(user).await;
    for m in messages {
        s.append(folder, None, None, m).await.unwrap();
    }
    let _ = s.logout().await;
}

/// Raw bytes of every message in a folder.
pub async fn fetch_all(user: &User, folder: &str) -> Vec<Vec<u8>> {
    let mut s = imap_login(user).await;
    let mb = s.examine(folder).await.unwrap();
    if mb.exists == 0 {
        return Vec::new();
    }
    let fetches: Vec<_> = s
        .fetch("1:*", "BODY.PEEK[]")
        .await
        .unwrap()
        .try_collect()
        .await
        .unwrap();
    let out = fetches
        .iter()
        .filter_map(|f| f.body().map(<[u8]>::to_vec))
        .collect();
    let _ = s.logout().await;
    out
}

/// Polls `check` until it yields `Some`, or panics after `limit` with `what`.
pub async fn wait_for<T, F, Fut>(limit: Duration, what: &str, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    let start = Instant::now();
    loop {
        if let Some(v) = check().await {
            return v;
        }
        assert!(
            start.elapsed() < limit,
            "timed out after {limit:?} waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

pub async fn count(pool: &PgPool, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(pool).await.unwrap()
}

pub fn rig_script() -> String {
    env("RIG_SCRIPT")
}

/// The real `caseconsult serve` process, with its config written to a temporary file.
pub struct DeskProcess {
    child: tokio::process::Child,
    _dir: tempfile::TempDir,
}

impl DeskProcess {
    pub fn spawn(config: &Config) -> Self {
        let dir = tempfile::Builder::new()
            .prefix("desk-")
            .disable_cleanup(std::env::var_os("KEEP_DESK_LOGS").is_some())
            .tempdir()
            .unwrap();
        let path = dir.path().join("caseconsult.toml");
        std::fs::write(&path, toml::to_string(config).unwrap()).unwrap();
        let log = std::fs::File::create(dir.path().join("desk.log")).unwrap();
        let child = tokio::process::Command::new(env!("CARGO_BIN_EXE_caseconsult"))
            .arg("--config")
            .arg(&path)
            .arg("serve")
            // DESK_LOG=info (with KEEP_DESK_LOGS) shows a benchmark's desk at work.
            .env(
                "CASECONSULT_LOG",
                std::env::var("DESK_LOG").unwrap_or_else(|_| "warn".into()),
            )
            .stdout(std::process::Stdio::null())
            .stderr(log)
            .kill_on_drop(true)
            .spawn()
            .unwrap();
        Self { child, _dir: dir }
    }

    pub fn pid(&self) -> i32 {
        self.child.id().expect("running") as i32
    }

    /// SIGKILL: no chance to finish anything.
    pub async fn kill(mut self) {
        self.child.kill().await.unwrap();
    }

    /// SIGTERM, then wait for a clean exit.
    pub async fn terminate(mut self) -> std::process::ExitStatus {
        let status = std::process::Command::new("kill")
            .args(["-TERM", &self.pid().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
        tokio::time::timeout(Duration::from_secs(20), self.child.wait())
            .await
            .expect("desk did not stop on SIGTERM")
            .unwrap()
    }
}

/// Runs the real command line against `database_url`; returns (success, stdout, stderr).
pub fn cli(database_url: &str, args: &[&str]) -> (bool, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_caseconsult"))
        .args(args)
        .env("CASECONSULT_DATABASE_URL", database_url)
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Waits until `folder` of `user` holds exactly `n` messages and returns them.
pub async fn wait_for_mail(user: &User, folder: &str, n: usize, limit: Duration) -> Vec<Vec<u8>> {
    wait_for(
        limit,
        &format!("{n} messages in {}'s {folder}", user.address),
        || async {
            let all = fetch_all(user, folder).await;
            (all.len() == n).then_some(all)
        },
    )
    .await
}

/// A real RFC 5230 autoresponder (Pigeonhole sieve `vacation`) on a rig mailbox.
pub fn enable_vacation(user: &User) {
    let local = user.address.split('@').next().unwrap();
    let domain_dir = std::path::Path::new(&env("RIG")).join("mail/example.test");
    let home = domain_dir.join(local);
    std::fs::create_dir_all(&home).unwrap();
    std::fs::write(
        home.join(".dovecot.sieve"),
        "require [\"vacation\"];\nvacation :days 1 :subject \"Out of office\" \"I am away until Monday.\";\n",
    )
    .unwrap();
    let status = std::process::Command::new("chown")
        .args(["-R", "vmail:vmail"])
        .arg(&domain_dir)
        .status()
        .unwrap();
    assert!(status.success());
}

/// A header's raw value, unfolded.
pub fn header(raw: &[u8], name: &str) -> Option<String> {
    let msg = mail_parser::MessageParser::default().parse(raw)?;
    msg.header_raw(name)
        .map(|v| v.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// The built-in code set, loaded once per test binary.
pub static ASSISTANT: std::sync::LazyLock<std::sync::Arc<caseconsult::assist::Assistant>> =
    std::sync::LazyLock::new(|| {
        std::sync::Arc::new(caseconsult::assist::Assistant::new(
            caseconsult::assist::Icd10Cm::builtin().unwrap(),
            caseconsult::assist::PayerRules::default(),
        ))
    });

/// The assistant judging answers, as `serve` wires it into the case store.
pub fn answer_checks() -> std::sync::Arc<caseconsult::drafting::AnswerChecks> {
    std::sync::Arc::new(caseconsult::drafting::AnswerChecks::new(ASSISTANT.clone()))
}

/// The case store as `serve` builds it: replies rendered from the desk's templates, answers
/// checked by the assistant.
pub fn case_store(pool: &PgPool, config: &Config) -> caseconsult::cases::CaseStore {
    caseconsult::cases::CaseStore::new(
        pool.clone(),
        std::sync::Arc::new(caseconsult::outbox::Composer::new(config)),
        answer_checks(),
        config.desk.max_acks_per_sender_per_hour,
    )
}

/// A consultant acting on cases, as the web desk and the command line name them.
pub fn consultant(email: &str) -> caseconsult::cases::Actor {
    caseconsult::cases::Actor::consultant(
        caseconsult::domain::EmailAddress::parse(email).unwrap(),
        caseconsult::domain::Role::Consultant,
    )
}

/// Only the intake task of the desk, for tests that drive the outbox by hand.
pub struct IntakeOnly {
    token: CancellationToken,
    handle: tokio::task::JoinHandle<()>,
}

impl IntakeOnly {
    pub fn start(config: Config) -> Self {
        let token = CancellationToken::new();
        let t = token.clone();
        let handle = tokio::spawn(async move {
            let pool = caseconsult::db::connect(&config.database).await.unwrap();
            let config = std::sync::Arc::new(config);
            caseconsult::intake::run(
                caseconsult::intake::IntakeContext {
                    store: case_store(&pool, &config),
                    config,
                    on_committed: None,
                },
                t,
            )
            .await
        });
        Self { token, handle }
    }

    pub async fn stop(self) {
        self.token.cancel();
        self.handle.await.unwrap();
    }
}

/// Accounts for the consultants a test acts as on the command line, where `--as` must name an
/// active consultant.
pub async fn add_consultants(pool: &PgPool, emails: &[&str]) {
    for email in emails {
        let local = email.split('@').next().unwrap_or(email);
        caseconsult::accounts::add(
            pool,
            email,
            local,
            caseconsult::domain::Role::Consultant,
            "correct horse battery",
        )
        .await
        .unwrap();
    }
}

/// A loopback port free at the moment of asking, for a `serve` process's own listener.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The pid in the lease holder (`host:pid:task`) of the instance reading the mailbox now.
pub async fn reading_pid(pool: &PgPool) -> Option<i32> {
    let holder: Option<String> = sqlx::query_scalar(
        "SELECT lease_holder FROM mailboxes WHERE lease_until > now() AND lease_holder IS NOT NULL",
    )
    .fetch_optional(pool)
    .await
    .unwrap();
    holder.and_then(|h| h.split(':').nth(1)?.parse().ok())
}

/// The CSRF token of the first form on a page of the web desk.
pub fn form_token(html: &str) -> String {
    let at = html
        .find("name=\"csrf\" value=\"")
        .expect("a form with a CSRF token")
        + "name=\"csrf\" value=\"".len();
    html[at..at + html[at..].find('"').unwrap()].to_owned()
}

/// A client with a cookie jar, logged in to the web desk at `base`, and the page it landed on.
pub async fn web_login(base: &str, email: &str, password: &str) -> (reqwest::Client, String) {
    let c = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    let text = |r: reqwest::Response| async move { r.text().await.unwrap() };
    let login = text(c.get(format!("{base}/login")).send().await.unwrap()).await;
    let landed = c
        .post(format!("{base}/login"))
        .form(&[
            ("csrf", form_token(&login).as_str()),
            ("email", email),
            ("password", password),
        ])
        .send()
        .await
        .unwrap();
    let page = text(landed).await;
    (c, page)
}

/// `bytes` of words that are all different lexemes: the most tsvector a text can make.
pub fn unique_words(bytes: usize) -> String {
    let mut out = String::with_capacity(bytes + 16);
    let mut n: u64 = 0;
    while out.len() < bytes {
        n += 1;
        // Letters only: digits would be read as numbers, and stems would merge words.
        let mut w = n;
        out.push('q');
        while w > 0 {
            out.push((b'a' + (w % 26) as u8) as char);
            w /= 26;
        }
        out.push(if n.is_multiple_of(16) { '\n' } else { ' ' });
    }
    out
}

/// `n` letters and digits that PostgreSQL cannot compress under an index entry's limit.
pub fn noise(n: usize) -> String {
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    (0..n)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            char::from(
                b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                    [(state % 62) as usize],
            )
        })
        .collect()
}

/// An answer with a body only, as a consultant sends the simplest reply.
pub fn plain_answer() -> caseconsult::cases::Answer<'static> {
    caseconsult::cases::Answer {
        body: "Use M54.50.",
        codes: &[],
        warnings: &[],
        override_reason: None,
        to: None,
        signer: "",
        cc: None,
    }
}
