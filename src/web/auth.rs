//! Login, logout, the session extractor and CSRF checks.

use std::net::SocketAddr;

use askama::Template;
use axum::extract::{ConnectInfo, FromRequestParts, State};
use axum::http::header::{COOKIE, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::HeaderMap;
use axum::response::{AppendHeaders, Html, IntoResponse, Redirect, Response};
use axum::Form;
use serde::Deserialize;

use sha2::{Digest, Sha256};

use super::{input, WebError, WebState};
use crate::accounts::{self, Consultant, Throttle};
use crate::cases::Actor;
use crate::domain::{ConsultantId, EmailAddress, Role};

pub const SESSION_COOKIE: &str = "cc_session";
const LOGIN_COOKIE: &str = "cc_login";
/// The logged-in consultant and the session's CSRF token.
pub struct Me {
    pub consultant: Consultant,
    pub csrf: String,
    pub(super) token: String,
    /// An admin set the password; only `/password` and `/logout` open until it is replaced.
    pub must_change: bool,
}

impl Me {
    /// Times as this consultant reads them.
    pub fn clock(&self, state: &WebState) -> super::clock::Clock {
        super::clock::Clock::for_reader(Some(&self.consultant), &state.config.desk.timezone)
    }

    pub fn check_csrf(&self, sent: &str) -> Result<(), WebError> {
        if constant_time_eq(sent.as_bytes(), self.csrf.as_bytes()) {
            Ok(())
        } else {
            Err(WebError::Csrf)
        }
    }

    pub fn require_admin(&self) -> Result<(), WebError> {
        if self.consultant.role == Role::Admin {
            Ok(())
        } else {
            Err(WebError::Forbidden)
        }
    }

    pub fn email(&self) -> &EmailAddress {
        &self.consultant.email
    }

    /// The consultant as the case lifecycle sees them.
    pub fn actor(&self) -> Actor {
        Actor::consultant(self.consultant.email.clone(), self.consultant.role)
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
}

fn set_cookie(state: &WebState, name: &str, value: &str, max_age_secs: i64) -> String {
    let secure = if state.config.web.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    format!("{name}={value}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age_secs}{secure}")
}

/// Pages without a valid session send the browser to the login page.
impl FromRequestParts<WebState> for Me {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &WebState,
    ) -> Result<Self, Self::Rejection> {
        let Some(token) = cookie(&parts.headers, SESSION_COOKIE) else {
            return Err(Redirect::to("/login").into_response());
        };
        match accounts::session(state.pool(), &token).await {
            Ok(Some(session)) => {
                let must_change = session.must_change_password;
                // A password an admin set opens only the page that replaces it.
                let path = parts.uri.path();
                if must_change && path != "/password" && path != "/logout" {
                    return Err(Redirect::to("/password").into_response());
                }
                Ok(Me {
                    consultant: session.consultant,
                    csrf: session.csrf,
                    token,
                    must_change,
                })
            }
            Ok(None) => Err(Redirect::to("/login").into_response()),
            Err(e) => Err(WebError::from(e).into_response()),
        }
    }
}

#[derive(Template)]
#[template(path = "web/login.html")]
struct LoginPage<'a> {
    desk_name: &'a str,
    me: Option<Consultant>,
    csrf: String,
    clock: super::clock::Clock,
    error: Option<String>,
}

fn login_form(state: &WebState, error: Option<String>) -> Result<Response, WebError> {
    // Before there is a session, the form's CSRF token is checked against a cookie of its own.
    let token = format!("{}", uuid::Uuid::new_v4().simple());
    let page = LoginPage {
        desk_name: &state.config.desk.name,
        me: None,
        csrf: token.clone(),
        clock: super::clock::Clock::for_reader(None, &state.config.desk.timezone),
        error,
    }
    .render()?;
    Ok((
        [(SET_COOKIE, set_cookie(state, LOGIN_COOKIE, &token, 3600))],
        Html(page),
    )
        .into_response())
}

pub async fn login_page(State(state): State<WebState>) -> Result<Response, WebError> {
    login_form(&state, None)
}

#[derive(Deserialize)]
pub struct LoginForm {
    csrf: String,
    email: String,
    password: String,
}

/// The client's address: the peer's, or behind a proxy listed in `trusted_proxies` the last
/// `X-Forwarded-For` entry that is not itself a trusted proxy (earlier entries are whatever
/// the client chose to send).
fn client_address(trusted: &[String], peer: SocketAddr, headers: &HeaderMap) -> String {
    let is_trusted = |ip: &str| trusted.iter().any(|t| t == ip);
    let peer = peer.ip().to_string();
    if !is_trusted(&peer) {
        return peer;
    }
    headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .filter(|ip| ip.parse::<std::net::IpAddr>().is_ok())
        .rfind(|ip| !is_trusted(ip))
        .map_or(peer, str::to_owned)
}

/// Who a login attempt was for, as the log names it: the account's id, or for an address
/// without an account a short hash of it. Never the typed text: it can be a password typed in
/// the wrong box, or a forged log line.
fn account_for_log(id: Option<ConsultantId>, address: &str) -> String {
    match id {
        Some(id) => format!("consultant:{}", id.0),
        None => {
            let digest = Sha256::digest(address.trim().to_lowercase().as_bytes());
            format!("sha256:{}", hex::encode(&digest[..6]))
        }
    }
}

async fn logged_account(state: &WebState, address: &str) -> String {
    let id = accounts::id_of(state.pool(), address).await.ok().flatten();
    account_for_log(id, address)
}

pub async fn login(
    State(state): State<WebState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Result<Response, WebError> {
    let expected = cookie(&headers, LOGIN_COOKIE).unwrap_or_default();
    if expected.is_empty() || !constant_time_eq(expected.as_bytes(), form.csrf.as_bytes()) {
        return Err(WebError::Csrf);
    }
    // No address has a control character or 255 bytes: such a value never reaches the
    // database (nor the log).
    input::line("the email", &form.email, input::EMAIL)?;
    input::field("the password", &form.password, input::PASSWORD)?;
    let client = client_address(&state.config.web.trusted_proxies, peer, &headers);
    let account = form.email.trim().to_lowercase();
    let (attempt, delay) = match accounts::reserve_attempt(state.pool(), &account, &client).await? {
        Throttle::Refused => {
            let account = logged_account(&state, &account).await;
            tracing::warn!(account = %account, client = %client, "login throttled: this client's failures for this account are used up");
            return Err(WebError::TooManyAttempts);
        }
        Throttle::Check { attempt, delay } => (attempt, delay),
    };
    if !delay.is_zero() {
        let account = logged_account(&state, &account).await;
        tracing::warn!(account = %account, client = %client, delay_ms = delay.as_millis() as u64, "login slowed: many recent failures for this account");
        tokio::time::sleep(delay).await;
    }
    let Some(consultant) = accounts::verify(state.pool(), &form.email, &form.password).await?
    else {
        let account = logged_account(&state, &account).await;
        tracing::info!(account = %account, client = %client, "failed login");
        let mut page = login_form(&state, Some("Wrong email or password.".into()))?;
        *page.status_mut() = axum::http::StatusCode::UNAUTHORIZED;
        return Ok(page);
    };
    accounts::succeeded(state.pool(), attempt).await?;
    let hours = i64::from(state.config.web.session_hours);
    let (token, _) = accounts::start_session(state.pool(), &consultant, hours).await?;
    tracing::info!(consultant_id = consultant.id.0, "logged in");
    // Two Set-Cookie headers: a plain header array would keep only the last.
    Ok((
        AppendHeaders([
            (
                SET_COOKIE,
                set_cookie(&state, SESSION_COOKIE, &token, hours * 3600),
            ),
            (SET_COOKIE, set_cookie(&state, LOGIN_COOKIE, "", 0)),
        ]),
        Redirect::to("/"),
    )
        .into_response())
}

#[derive(Deserialize)]
pub struct CsrfForm {
    pub csrf: String,
}

pub async fn logout(
    State(state): State<WebState>,
    me: Me,
    Form(form): Form<CsrfForm>,
) -> Result<Response, WebError> {
    me.check_csrf(&form.csrf)?;
    accounts::end_session(state.pool(), &me.token).await?;
    Ok((
        [(SET_COOKIE, set_cookie(&state, SESSION_COOKIE, "", 0))],
        Redirect::to("/login"),
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_log_names_an_account_by_id_or_hash_never_by_the_typed_text() {
        let forged = "x\n2026-12-03T00:00:00Z INFO forged\u{1b}[2J";
        let named = account_for_log(None, forged);
        assert!(named.starts_with("sha256:") && named.len() == "sha256:".len() + 12);
        assert!(!named.contains("forged") && !named.chars().any(char::is_control));
        assert_eq!(
            account_for_log(None, " Pat@Desk.test "),
            account_for_log(None, "pat@desk.test"),
            "one account, one name, however it was typed"
        );
        assert_eq!(
            account_for_log(Some(ConsultantId(7)), forged),
            "consultant:7"
        );
    }
}
