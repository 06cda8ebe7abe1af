//! One TOML file, every key overridable from the environment as `CASECONSULT_<SECTION>_<KEY>`
//! (for example `CASECONSULT_IMAP_PASSWORD`, `CASECONSULT_DATABASE_URL`).

use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

pub const ENV_PREFIX: &str = "CASECONSULT_";

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("config file {path} is not valid TOML: {message}")]
    Syntax { path: PathBuf, message: String },
    #[error("environment variable {var} does not name a config key")]
    UnknownKey { var: String },
    #[error("environment variable {var}: {message}")]
    BadValue { var: String, message: String },
    #[error("invalid configuration: {0}")]
    Invalid(String),
}

/// A password or other credential: never printed by `Debug` or `Display`.
#[derive(Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"***\"")
    }
}

#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
pub enum TlsMode {
    #[default]
    Implicit,
    Starttls,
    None,
}

/// What the desk does to an inbox message once its case is committed.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
pub enum AfterCommit {
    /// UID MOVE to the processed folder (COPY + \Deleted + UID EXPUNGE where MOVE is missing).
    #[default]
    Move,
    /// Only set \Seen and leave the message in place; the UID cursor keeps it from being taken twice.
    Seen,
}

#[derive(Clone, Debug, Serialize, Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub database: DatabaseConfig,
    pub imap: ImapConfig,
    pub smtp: SmtpConfig,
    pub web: WebConfig,
    pub intake: IntakeConfig,
    pub outbox: OutboxConfig,
    pub assist: AssistConfig,
    pub desk: DeskConfig,
    pub metrics: MetricsConfig,
    /// More mailboxes beside `[imap]` (the first one), each with its own address.
    pub mailboxes: Vec<MailboxConfig>,
    /// In a configuration `per_mailbox` made for one mailbox: the addresses of them all.
    #[serde(skip)]
    all_desk_addresses: Vec<String>,
}

/// A further desk address: `[[mailboxes]]` with its own `[mailboxes.imap]` and, optionally,
/// `[mailboxes.smtp]` (the top-level `[smtp]` otherwise).
#[derive(Clone, Debug, Serialize, Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct MailboxConfig {
    /// Its key in the database, shown on its cases.
    pub name: String,
    /// Replies to its cases are sent from this address (`Billing Desk <billing@example.test>`).
    pub from: String,
    pub imap: ImapConfig,
    pub smtp: Option<SmtpConfig>,
}

/// How the desk logs in to IMAP or SMTP.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
pub enum AuthMethod {
    #[default]
    Password,
    /// SASL XOAUTH2 with an access token refreshed from `oauth2` (Microsoft 365, Google).
    Xoauth2,
}

/// An OAuth2 client with a refresh token, for `auth = "xoauth2"`. Presets for Microsoft 365
/// and Google are in docs/operations.md.
#[derive(Clone, Debug, Serialize, Deserialize, Default, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct OAuth2Config {
    pub token_url: String,
    pub client_id: String,
    pub client_secret: Secret,
    pub refresh_token: Secret,
    /// Space-separated scopes asked for at each refresh.
    pub scope: String,
}

#[derive(Clone, Debug, Serialize, Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct MetricsConfig {
    /// Where `/metrics` is served on its own (`127.0.0.1:9187`); empty: at `/metrics` on the
    /// web desk's address.
    pub listen: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AssistConfig {
    /// Where `codes import` keeps imported code sets (ICD-10-CM years side by side, HCPCS, CPT,
    /// NCCI PTP, MUE) and where the assistant loads them from.
    pub data_dir: PathBuf,
}

impl Default for AssistConfig {
    fn default() -> Self {
        Self {
            data_dir: PathBuf::from("caseconsult-data"),
        }
    }
}

#[derive(Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DatabaseConfig {
    pub url: Secret,
    pub max_connections: u32,
}

impl fmt::Debug for DatabaseConfig {
    // The URL can carry a password, so only its host part is shown.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let url = self.url.expose();
        let shown = url.rsplit_once('@').map_or(url, |(_, host)| host);
        f.debug_struct("DatabaseConfig")
            .field("url", &format_args!("…@{shown}"))
            .field("max_connections", &self.max_connections)
            .finish()
    }
}

impl Default for DatabaseConfig {
    fn default() -> Self {
        Self {
            url: Secret::new("postgres://localhost/caseconsult"),
            max_connections: 10,
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ImapConfig {
    /// A short name for this mailbox, used as its key in the database.
    pub name: String,
    pub host: String,
    pub port: u16,
    pub tls: TlsMode,
    pub username: String,
    pub password: Secret,
    pub auth: AuthMethod,
    pub oauth2: Option<OAuth2Config>,
    pub folder: String,
    pub processed_folder: String,
    pub after_commit: AfterCommit,
    /// A private CA, or the server's own self-signed certificate, trusted besides the public roots.
    pub ca_file: Option<PathBuf>,
    /// `sha256:AB:CD:…`: trust exactly this server certificate, without CA or host name checks.
    pub tls_fingerprint: Option<String>,
    /// IDLE is re-issued after this many seconds (RFC 2177 asks for less than 29 minutes).
    pub idle_refresh_secs: u64,
    /// Poll interval when the server has no IDLE.
    pub poll_interval_secs: u64,
    /// Upper bound of the reconnect backoff.
    pub max_backoff_secs: u64,
    /// Messages fetched per IMAP round trip while draining a backlog, committed in one
    /// transaction and moved in one command (fewer when they are large; see the intake worker).
    pub fetch_batch: u32,
    pub timeout_secs: u64,
}

impl Default for ImapConfig {
    fn default() -> Self {
        Self {
            name: "default".into(),
            host: "localhost".into(),
            port: 993,
            tls: TlsMode::Implicit,
            username: String::new(),
            password: Secret::default(),
            auth: AuthMethod::Password,
            oauth2: None,
            folder: "INBOX".into(),
            processed_folder: "Processed".into(),
            after_commit: AfterCommit::Move,
            ca_file: None,
            tls_fingerprint: None,
            idle_refresh_secs: 240,
            poll_interval_secs: 30,
            max_backoff_secs: 60,
            fetch_batch: 500,
            timeout_secs: 30,
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SmtpConfig {
    pub host: String,
    pub port: u16,
    pub tls: TlsMode,
    pub username: String,
    pub password: Secret,
    pub auth: AuthMethod,
    pub oauth2: Option<OAuth2Config>,
    pub from: String,
    /// As for IMAP: a private CA or the server's own self-signed certificate.
    pub ca_file: Option<PathBuf>,
    /// As for IMAP: pins the server certificate.
    pub tls_fingerprint: Option<String>,
    pub timeout_secs: u64,
}

impl ImapConfig {
    pub fn trust(&self) -> crate::tls::Trust<'_> {
        crate::tls::Trust {
            ca_file: self.ca_file.as_deref(),
            fingerprint: self.tls_fingerprint.as_deref(),
        }
    }
}

impl SmtpConfig {
    pub fn trust(&self) -> crate::tls::Trust<'_> {
        crate::tls::Trust {
            ca_file: self.ca_file.as_deref(),
            fingerprint: self.tls_fingerprint.as_deref(),
        }
    }
}

impl Default for SmtpConfig {
    fn default() -> Self {
        Self {
            host: "localhost".into(),
            port: 465,
            tls: TlsMode::Implicit,
            username: String::new(),
            password: Secret::default(),
            auth: AuthMethod::Password,
            oauth2: None,
            from: "Coding Desk <consult@example.test>".into(),
            ca_file: None,
            tls_fingerprint: None,
            timeout_secs: 30,
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct WebConfig {
    pub listen: String,
    /// Mark cookies Secure: set when the desk is served over TLS (directly or behind a proxy).
    pub secure_cookies: bool,
    pub session_hours: u32,
    /// /readyz fails when a mailbox has not been reached for this long.
    pub ready_max_silence_secs: u64,
    /// Addresses of reverse proxies whose `X-Forwarded-For` names the client (login
    /// throttling counts per client). Empty: the connecting address is the client.
    pub trusted_proxies: Vec<String>,
    /// The desk's address as requesters reach it (`https://desk.example.test`), for the absolute
    /// links in emails; empty: the listen address.
    pub public_url: String,
}

impl WebConfig {
    /// `public_url` without its trailing slash, or `http://` and the listen address.
    pub fn public_base_url(&self) -> String {
        match self.public_url.trim().trim_end_matches('/') {
            "" => format!("http://{}", self.listen),
            url => url.to_owned(),
        }
    }
}

impl Default for WebConfig {
    fn default() -> Self {
        Self {
            public_url: String::new(),
            listen: "127.0.0.1:8080".into(),
            secure_cookies: false,
            session_hours: 12,
            ready_max_silence_secs: 600,
            trusted_proxies: Vec::new(),
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct IntakeConfig {
    /// A message larger than this is stored truncated to this many bytes and its case marked.
    pub max_message_bytes: u64,
    /// An attachment larger than this keeps its metadata; its content is dropped and the case marked.
    pub max_attachment_bytes: u64,
    /// When not empty, mail from other senders is quarantined for an admin. Entries are addresses
    /// (`coder@clinic.example`) or domains (`@clinic.example`).
    pub allowed_senders: Vec<String>,
}

impl Default for IntakeConfig {
    fn default() -> Self {
        Self {
            max_message_bytes: 25 * 1024 * 1024,
            max_attachment_bytes: 10 * 1024 * 1024,
            allowed_senders: Vec::new(),
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OutboxConfig {
    /// Messages sent at the same time.
    pub concurrency: u32,
    /// Rows leased per round.
    pub batch: u32,
    /// How long a leased row is reserved; longer than an SMTP send can take.
    pub lease_secs: u64,
    /// Transient failures (4xx, connection, timeout) before a row is given up as failed.
    pub max_attempts: u32,
    /// Upper bound of the retry backoff.
    pub max_backoff_secs: u64,
    /// The worker looks for due rows at least this often, besides LISTEN/NOTIFY wakeups.
    pub poll_secs: u64,
    /// APPEND each sent reply to `sent_folder` of the IMAP mailbox.
    pub copy_to_sent: bool,
    pub sent_folder: String,
}

impl Default for OutboxConfig {
    fn default() -> Self {
        Self {
            concurrency: 4,
            batch: 32,
            lease_secs: 120,
            max_attempts: 12,
            max_backoff_secs: 600,
            poll_secs: 5,
            copy_to_sent: false,
            sent_folder: "Sent".into(),
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DeskConfig {
    pub name: String,
    pub signature: String,
    /// Promised in the acknowledgement.
    pub response_time_hours: u32,
    /// Acknowledgements to one sender per hour; new cases beyond it are still opened, silently.
    pub max_acks_per_sender_per_hour: u32,
    /// The IANA time zone pages show times in, unless a consultant chose their own.
    pub timezone: String,
    /// The largest file a consultant may attach to an answer.
    pub max_answer_attachment_bytes: u64,
    /// The acknowledgement says what the code set says about each code the question names.
    pub instant_checks: bool,
}

impl Default for DeskConfig {
    fn default() -> Self {
        Self {
            name: "Coding Desk".into(),
            signature: "The Coding Desk team".into(),
            response_time_hours: 24,
            max_acks_per_sender_per_hour: 30,
            timezone: "UTC".into(),
            max_answer_attachment_bytes: 10 * 1024 * 1024,
            instant_checks: true,
        }
    }
}

impl Config {
    /// Reads the file (when given), then applies `CASECONSULT_*` variables from `vars`.
    pub fn load(
        path: Option<&Path>,
        vars: impl IntoIterator<Item = (String, String)>,
    ) -> Result<Self, ConfigError> {
        let mut tree = toml::Value::try_from(Config::default())
            .map_err(|e| ConfigError::Invalid(e.to_string()))?;
        if let Some(path) = path {
            let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
                path: path.to_owned(),
                source,
            })?;
            let file: toml::Value = toml::from_str(&text).map_err(|e| ConfigError::Syntax {
                path: path.to_owned(),
                message: e.message().to_owned(),
            })?;
            merge(&mut tree, file);
        }
        for (var, value) in vars {
            if let Some(key) = var.strip_prefix(ENV_PREFIX) {
                if NOT_CONFIG_KEYS.contains(&key) {
                    continue;
                }
                apply_env(&mut tree, &var, key, &value)?;
            }
        }
        let config: Config = tree
            .try_into()
            .map_err(|e: toml::de::Error| ConfigError::Invalid(e.message().to_owned()))?;
        config.validate()?;
        Ok(config)
    }

    /// Every address of the desk (each mailbox's `from` and IMAP login): mail from any of
    /// them is the desk's own, never a question.
    pub fn desk_addresses(&self) -> Vec<String> {
        if !self.all_desk_addresses.is_empty() {
            return self.all_desk_addresses.clone();
        }
        let mut all: Vec<String> = self
            .mailboxes_alone()
            .iter()
            .flat_map(|c| [c.smtp.from.as_str(), c.imap.username.as_str()])
            .filter_map(crate::domain::EmailAddress::from_header_value)
            .map(|a| a.as_str().to_owned())
            .collect();
        all.sort();
        all.dedup();
        all
    }

    /// The address a mailbox's replies come from (`Billing Desk <billing@example.test>`), by
    /// the name its cases are marked with: consultants know a desk by its address, not by the
    /// key in the configuration. None for a mailbox no longer configured.
    pub fn mailbox_address(&self, name: &str) -> Option<&str> {
        if name == self.imap.name {
            return Some(&self.smtp.from);
        }
        self.mailboxes
            .iter()
            .find(|m| m.name == name)
            .map(|m| m.from.as_str())
    }

    /// One configuration per mailbox, the first from `[imap]` and `[smtp]`, each further one
    /// with its own `imap`, its `smtp` (or the top-level one) and its `from`; every other
    /// section is shared.
    pub fn per_mailbox(&self) -> Vec<Config> {
        let mut each = self.mailboxes_alone();
        let all = self.desk_addresses();
        for config in &mut each {
            config.all_desk_addresses = all.clone();
        }
        each
    }

    fn mailboxes_alone(&self) -> Vec<Config> {
        let first = Config {
            mailboxes: Vec::new(),
            ..self.clone()
        };
        let more = self.mailboxes.iter().map(|m| {
            let mut smtp = m.smtp.clone().unwrap_or_else(|| self.smtp.clone());
            smtp.from = m.from.clone();
            Config {
                imap: ImapConfig {
                    name: m.name.clone(),
                    ..m.imap.clone()
                },
                smtp,
                mailboxes: Vec::new(),
                ..self.clone()
            }
        });
        std::iter::once(first).chain(more).collect()
    }

    fn validate(&self) -> Result<(), ConfigError> {
        if self.imap.idle_refresh_secs == 0 || self.imap.idle_refresh_secs > 29 * 60 {
            return Err(ConfigError::Invalid(
                "imap.idle_refresh_secs must be between 1 and 1740".into(),
            ));
        }
        if self.imap.fetch_batch == 0 {
            return Err(ConfigError::Invalid(
                "imap.fetch_batch must be at least 1".into(),
            ));
        }
        if self.desk.timezone.parse::<chrono_tz::Tz>().is_err() {
            return Err(ConfigError::Invalid(format!(
                "desk.timezone {:?} is not an IANA time zone (such as America/Chicago)",
                self.desk.timezone
            )));
        }
        let mut names = std::collections::HashSet::new();
        for (i, mailbox) in self.mailboxes_alone().iter().enumerate() {
            let at = if i == 0 {
                String::new()
            } else {
                format!("mailboxes[{}].", i - 1)
            };
            mailbox.validate_mailbox(&at)?;
            if !names.insert(mailbox.imap.name.clone()) {
                return Err(ConfigError::Invalid(format!(
                    "{at}name {:?} is used by two mailboxes",
                    mailbox.imap.name
                )));
            }
        }
        Ok(())
    }

    /// The keys each mailbox must get right; `at` says which mailbox in an error.
    fn validate_mailbox(&self, at: &str) -> Result<(), ConfigError> {
        if self.imap.name.trim().is_empty() {
            return Err(ConfigError::Invalid(format!("{at}name must not be empty")));
        }
        for (section, pin) in [
            ("imap", &self.imap.tls_fingerprint),
            ("smtp", &self.smtp.tls_fingerprint),
        ] {
            if let Some(Err(e)) = pin.as_deref().map(crate::tls::parse_fingerprint) {
                return Err(ConfigError::Invalid(format!("{at}{section}.{e}")));
            }
        }
        for (section, auth, oauth2) in [
            ("imap", self.imap.auth, &self.imap.oauth2),
            ("smtp", self.smtp.auth, &self.smtp.oauth2),
        ] {
            let complete = oauth2.as_ref().is_some_and(|o| {
                !o.token_url.is_empty()
                    && !o.client_id.is_empty()
                    && !o.refresh_token.expose().is_empty()
            });
            if auth == AuthMethod::Xoauth2 && !complete {
                return Err(ConfigError::Invalid(format!(
                    "{at}{section}: auth = \"xoauth2\" needs [{section}.oauth2] with token_url, client_id and refresh_token"
                )));
            }
        }
        if crate::domain::EmailAddress::from_header_value(&self.smtp.from).is_none() {
            let key = if at.is_empty() { "smtp.from" } else { "from" };
            return Err(ConfigError::Invalid(format!(
                "{at}{key} must hold an email address"
            )));
        }
        Ok(())
    }
}

fn merge(base: &mut toml::Value, over: toml::Value) {
    match (base, over) {
        (toml::Value::Table(base), toml::Value::Table(over)) => {
            for (k, v) in over {
                match base.get_mut(&k) {
                    Some(existing) => merge(existing, v),
                    None => {
                        base.insert(k, v);
                    }
                }
            }
        }
        (base, over) => *base = over,
    }
}

/// Sections have no underscore in their names, so the first `_` splits section from key.
/// A further mailbox's key is `MAILBOXES_<NAME>_IMAP_<KEY>` or `MAILBOXES_<NAME>_SMTP_<KEY>`
/// (the name in capitals, `-` as `_`), for its password above all.
fn apply_env(tree: &mut toml::Value, var: &str, key: &str, value: &str) -> Result<(), ConfigError> {
    if let Some(rest) = key.strip_prefix("MAILBOXES_") {
        return apply_mailbox_env(tree, var, rest, value);
    }
    let unknown = || ConfigError::UnknownKey {
        var: var.to_owned(),
    };
    let (section, field) = key.split_once('_').ok_or_else(unknown)?;
    let section = section.to_lowercase();
    let table = tree
        .get_mut(&section)
        .and_then(toml::Value::as_table_mut)
        .ok_or_else(unknown)?;
    if let Some(key) = field.strip_prefix("OAUTH2_") {
        return set_oauth2_key(table, var, key, value);
    }
    let typed = typed_value(table, &section, &field.to_lowercase(), var, value)?;
    table.insert(field.to_lowercase(), typed);
    Ok(())
}

/// `…_OAUTH2_REFRESH_TOKEN` and the like: every key of an `oauth2` table is a string.
fn set_oauth2_key(
    table: &mut toml::map::Map<String, toml::Value>,
    var: &str,
    key: &str,
    value: &str,
) -> Result<(), ConfigError> {
    let key = key.to_lowercase();
    let known = toml::Value::try_from(OAuth2Config::default())
        .ok()
        .and_then(|t| t.get(&key).cloned())
        .is_some();
    if !known {
        return Err(ConfigError::UnknownKey {
            var: var.to_owned(),
        });
    }
    let oauth2 = table
        .entry("oauth2")
        .or_insert_with(|| toml::Value::Table(Default::default()))
        .as_table_mut()
        .ok_or_else(|| bad(var, "oauth2 is not a table"))?;
    oauth2.insert(key, toml::Value::String(value.to_owned()));
    Ok(())
}

fn apply_mailbox_env(
    tree: &mut toml::Value,
    var: &str,
    rest: &str,
    value: &str,
) -> Result<(), ConfigError> {
    let unknown = || ConfigError::UnknownKey {
        var: var.to_owned(),
    };
    let (name, section, field) = ["_IMAP_", "_SMTP_"]
        .iter()
        .find_map(|s| {
            let (name, field) = rest.split_once(s)?;
            Some((
                name,
                s.trim_matches('_').to_lowercase(),
                field.to_lowercase(),
            ))
        })
        .ok_or_else(unknown)?;
    let defaults = toml::Value::try_from(Config::default())
        .map_err(|e| ConfigError::Invalid(e.to_string()))?;
    let template = defaults
        .get(&section)
        .and_then(toml::Value::as_table)
        .ok_or_else(unknown)?;
    let mailbox = tree
        .get_mut("mailboxes")
        .and_then(toml::Value::as_array_mut)
        .and_then(|all| {
            all.iter_mut().find(|m| {
                m.get("name")
                    .and_then(toml::Value::as_str)
                    .is_some_and(|n| n.to_uppercase().replace('-', "_") == name)
            })
        })
        .ok_or_else(|| bad(var, "no [[mailboxes]] entry has this name"))?;
    let table = mailbox
        .get_mut(&section)
        .and_then(toml::Value::as_table_mut)
        .ok_or_else(|| {
            bad(
                var,
                &format!("this mailbox has no [mailboxes.{section}] table"),
            )
        })?;
    if let Some(key) = field.strip_prefix("oauth2_") {
        return set_oauth2_key(table, var, key, value);
    }
    let typed = typed_value(template, &section, &field, var, value)?;
    table.insert(field, typed);
    Ok(())
}

/// `value` as the type the key has in `table` (the defaults of its section).
fn typed_value(
    table: &toml::map::Map<String, toml::Value>,
    section: &str,
    field: &str,
    var: &str,
    value: &str,
) -> Result<toml::Value, ConfigError> {
    let unknown = || ConfigError::UnknownKey {
        var: var.to_owned(),
    };
    Ok(match table.get(field) {
        Some(toml::Value::Integer(_)) => value
            .parse()
            .map(toml::Value::Integer)
            .map_err(|_| bad(var, "expected a whole number"))?,
        Some(toml::Value::Boolean(_)) => value
            .parse()
            .map(toml::Value::Boolean)
            .map_err(|_| bad(var, "expected true or false"))?,
        Some(toml::Value::Array(_)) => toml::Value::Array(
            value
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| toml::Value::String(s.to_owned()))
                .collect(),
        ),
        Some(_) => toml::Value::String(value.to_owned()),
        // Optional keys (ca_file) are absent from the defaults; they are all strings.
        None if OPTIONAL_KEYS.contains(&(section, field)) => toml::Value::String(value.to_owned()),
        None => return Err(unknown()),
    })
}

/// `CASECONSULT_CONFIG` names the file and `CASECONSULT_LOG` the log filter; neither is a key.
const NOT_CONFIG_KEYS: &[&str] = &["", "CONFIG", "LOG"];

const OPTIONAL_KEYS: &[(&str, &str)] = &[
    ("imap", "ca_file"),
    ("imap", "tls_fingerprint"),
    ("smtp", "ca_file"),
    ("smtp", "tls_fingerprint"),
];

fn bad(var: &str, message: &str) -> ConfigError {
    ConfigError::BadValue {
        var: var.to_owned(),
        message: message.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn environment_overrides_file_with_the_right_types() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.toml");
        std::fs::write(
            &path,
            "[imap]\nhost = \"mail.example\"\nport = 993\npassword = \"file-pw\"\n",
        )
        .unwrap();
        let config = Config::load(
            Some(&path),
            vars(&[
                ("CASECONSULT_IMAP_PORT", "10143"),
                ("CASECONSULT_IMAP_PASSWORD", "1234"),
                ("CASECONSULT_IMAP_PROCESSED_FOLDER", "Done"),
                ("CASECONSULT_IMAP_CA_FILE", "/tmp/ca.pem"),
                ("CASECONSULT_INTAKE_ALLOWED_SENDERS", "a@x.test, @y.test"),
                ("OTHER_VAR", "ignored"),
                ("CASECONSULT_LOG", "debug"),
                ("CASECONSULT_CONFIG", "/elsewhere.toml"),
            ]),
        )
        .unwrap();
        assert_eq!(config.imap.host, "mail.example");
        assert_eq!(config.imap.port, 10143);
        assert_eq!(config.imap.password.expose(), "1234");
        assert_eq!(config.imap.processed_folder, "Done");
        assert_eq!(
            config.imap.ca_file.as_deref(),
            Some(Path::new("/tmp/ca.pem"))
        );
        assert_eq!(config.intake.allowed_senders, vec!["a@x.test", "@y.test"]);
    }

    #[test]
    fn further_mailboxes_share_the_rest_and_take_secrets_from_the_environment() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.toml");
        std::fs::write(
            &path,
            "[imap]\nusername = \"consult@example.test\"\n\
             [smtp]\nhost = \"smtp.example\"\nfrom = \"Desk <consult@example.test>\"\n\
             [[mailboxes]]\nname = \"billing-desk\"\nfrom = \"Billing <billing@example.test>\"\n\
             [mailboxes.imap]\nhost = \"imap.example\"\nusername = \"billing@example.test\"\n",
        )
        .unwrap();
        let config = Config::load(
            Some(&path),
            vars(&[
                ("CASECONSULT_MAILBOXES_BILLING_DESK_IMAP_PASSWORD", "pw"),
                ("CASECONSULT_MAILBOXES_BILLING_DESK_IMAP_PORT", "1993"),
            ]),
        )
        .unwrap();
        let each = config.per_mailbox();
        assert_eq!(each.len(), 2);
        let billing = &each[1];
        assert_eq!(billing.imap.name, "billing-desk");
        assert_eq!(billing.imap.password.expose(), "pw");
        assert_eq!(billing.imap.port, 1993);
        assert_eq!(
            billing.imap.folder, "INBOX",
            "defaults fill what the file leaves out"
        );
        assert_eq!(
            billing.smtp.host, "smtp.example",
            "the top-level [smtp] is shared"
        );
        assert_eq!(billing.smtp.from, "Billing <billing@example.test>");
        assert_eq!(each[0].smtp.from, "Desk <consult@example.test>");
        assert_eq!(
            config.mailbox_address("billing-desk"),
            Some("Billing <billing@example.test>")
        );
        assert_eq!(
            config.mailbox_address("default"),
            Some("Desk <consult@example.test>")
        );
        assert_eq!(config.mailbox_address("gone"), None);
        for c in &each {
            assert_eq!(
                c.desk_addresses(),
                ["billing@example.test", "consult@example.test"]
            );
        }
        let err = Config::load(
            Some(&path),
            vars(&[("CASECONSULT_MAILBOXES_NOBODY_IMAP_PASSWORD", "pw")]),
        )
        .unwrap_err();
        assert!(matches!(err, ConfigError::BadValue { .. }), "{err}");
        let err = Config::load(
            Some(&path),
            vars(&[("CASECONSULT_MAILBOXES_BILLING_DESK_SMTP_PASSWORD", "pw")]),
        )
        .unwrap_err();
        assert!(err.to_string().contains("[mailboxes.smtp]"), "{err}");
    }

    #[test]
    fn oauth2_secrets_come_from_the_environment_and_xoauth2_needs_them() {
        let err = Config::load(None, vars(&[("CASECONSULT_IMAP_AUTH", "xoauth2")])).unwrap_err();
        assert!(err.to_string().contains("[imap.oauth2]"), "{err}");
        let config = Config::load(
            None,
            vars(&[
                ("CASECONSULT_IMAP_AUTH", "xoauth2"),
                (
                    "CASECONSULT_IMAP_OAUTH2_TOKEN_URL",
                    "https://login.example/token",
                ),
                ("CASECONSULT_IMAP_OAUTH2_CLIENT_ID", "desk"),
                ("CASECONSULT_IMAP_OAUTH2_CLIENT_SECRET", "s3cret"),
                ("CASECONSULT_IMAP_OAUTH2_REFRESH_TOKEN", "r3fresh"),
            ]),
        )
        .unwrap();
        let oauth2 = config.imap.oauth2.as_ref().unwrap();
        assert_eq!(oauth2.refresh_token.expose(), "r3fresh");
        assert_eq!(config.imap.auth, AuthMethod::Xoauth2);
        let shown = format!("{config:?}");
        assert!(!shown.contains("s3cret") && !shown.contains("r3fresh"));
        let err = Config::load(None, vars(&[("CASECONSULT_IMAP_OAUTH2_TOKEN", "x")])).unwrap_err();
        assert!(matches!(err, ConfigError::UnknownKey { .. }));
    }

    #[test]
    fn two_mailboxes_need_two_names_and_each_an_address() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.toml");
        std::fs::write(
            &path,
            "[[mailboxes]]\nname = \"default\"\nfrom = \"a@x.test\"\n",
        )
        .unwrap();
        let err = Config::load(Some(&path), Vec::new()).unwrap_err();
        assert!(err.to_string().contains("used by two mailboxes"), "{err}");
        std::fs::write(&path, "[[mailboxes]]\nname = \"billing\"\n").unwrap();
        let err = Config::load(Some(&path), Vec::new()).unwrap_err();
        assert!(err.to_string().contains("mailboxes[0].from"), "{err}");
    }

    #[test]
    fn unknown_keys_are_rejected() {
        let err = Config::load(None, vars(&[("CASECONSULT_IMAP_PASWORD", "x")])).unwrap_err();
        assert!(matches!(err, ConfigError::UnknownKey { .. }));
        let err = Config::load(None, vars(&[("CASECONSULT_IMAP_PORT", "many")])).unwrap_err();
        assert!(matches!(err, ConfigError::BadValue { .. }));
    }

    #[test]
    fn secrets_stay_out_of_debug_output() {
        let config = Config::load(
            None,
            vars(&[
                ("CASECONSULT_IMAP_PASSWORD", "hunter2"),
                ("CASECONSULT_SMTP_PASSWORD", "hunter3"),
                (
                    "CASECONSULT_DATABASE_URL",
                    "postgres://u:dbsecret@db.example/x",
                ),
            ]),
        )
        .unwrap();
        let shown = format!("{config:?}");
        assert!(!shown.contains("hunter2"));
        assert!(!shown.contains("hunter3"));
        assert!(!shown.contains("dbsecret"));
        assert!(shown.contains("db.example"));
    }
}

#[cfg(test)]
mod example_file {
    #[test]
    fn the_documented_example_loads() {
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("caseconsult.example.toml");
        let config = super::Config::load(Some(&path), Vec::new()).unwrap();
        assert_eq!(config.imap.processed_folder, "Processed");
    }
}
