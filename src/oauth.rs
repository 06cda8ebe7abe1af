//! OAuth2 access tokens for mailboxes that take no password (Microsoft 365, Google): refreshed
//! with the configured refresh token before they expire, and at once after the server refused
//! one. One token source per OAuth2 client and refresh token in the process, shared by every
//! connection that uses it (intake's reconnects, the outbox's sends).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use oauth2::basic::{BasicClient, BasicErrorResponseType};
use oauth2::{
    AuthType, ClientId, ClientSecret, EndpointNotSet, EndpointSet, RefreshToken, RequestTokenError,
    Scope, TokenResponse, TokenUrl,
};
use sha2::{Digest, Sha256};

use crate::config::OAuth2Config;

#[derive(Debug, Clone, thiserror::Error)]
pub enum OAuthError {
    #[error("oauth2.token_url is not a URL: {0}")]
    TokenUrl(String),
    /// The provider refused the refresh token or the client (revoked consent, an expired or
    /// wrong secret): nothing works again until an admin puts in new credentials.
    #[error("the OAuth2 provider refused the refresh: {0}")]
    Refused(String),
    /// The provider could not be reached or answered nonsense; tried again later.
    #[error("could not refresh the OAuth2 access token: {0}")]
    Unreachable(String),
}

/// Refresh this long before the provider's expiry, so a token never runs out mid-session.
const EARLY: Duration = Duration::from_secs(300);
/// Assumed when the provider does not say how long a token lives.
const DEFAULT_LIFETIME: Duration = Duration::from_secs(3600);

type Client =
    BasicClient<EndpointNotSet, EndpointNotSet, EndpointNotSet, EndpointNotSet, EndpointSet>;

pub struct TokenSource {
    client: Client,
    http: reqwest::Client,
    scopes: Vec<Scope>,
    state: tokio::sync::Mutex<State>,
}

struct State {
    /// Providers that rotate refresh tokens (Microsoft) hand out a new one with each refresh.
    refresh_token: RefreshToken,
    access: Option<(String, Instant)>,
}

impl TokenSource {
    fn new(cfg: &OAuth2Config) -> Result<Self, OAuthError> {
        crate::tls::install_crypto_provider();
        let token_url = TokenUrl::new(cfg.token_url.clone())
            .map_err(|e| OAuthError::TokenUrl(e.to_string()))?;
        let mut client = BasicClient::new(ClientId::new(cfg.client_id.clone()))
            .set_token_uri(token_url)
            // Microsoft takes the secret only in the body; Google takes it either way.
            .set_auth_type(AuthType::RequestBody);
        if !cfg.client_secret.expose().is_empty() {
            client = client.set_client_secret(ClientSecret::new(cfg.client_secret.expose().into()));
        }
        let http = reqwest::Client::builder()
            // A token endpoint that redirects is not followed (the secret would go along).
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(30))
            .build()
            .map_err(|e| OAuthError::Unreachable(e.to_string()))?;
        Ok(Self {
            client,
            http,
            scopes: cfg
                .scope
                .split_whitespace()
                .map(|s| Scope::new(s.to_owned()))
                .collect(),
            state: tokio::sync::Mutex::new(State {
                refresh_token: RefreshToken::new(cfg.refresh_token.expose().to_owned()),
                access: None,
            }),
        })
    }

    /// A token valid for a while yet, refreshed first when needed.
    pub async fn access_token(&self) -> Result<String, OAuthError> {
        let mut state = self.state.lock().await;
        if let Some((token, valid_until)) = &state.access {
            if Instant::now() + EARLY < *valid_until {
                return Ok(token.clone());
            }
        }
        let response = self
            .client
            .exchange_refresh_token(&state.refresh_token)
            .add_scopes(self.scopes.clone())
            .request_async(&self.http)
            .await
            .map_err(refresh_failed)?;
        let lifetime = response.expires_in().unwrap_or(DEFAULT_LIFETIME);
        let token = response.access_token().secret().clone();
        if let Some(rotated) = response.refresh_token() {
            state.refresh_token = rotated.clone();
        }
        state.access = Some((token.clone(), Instant::now() + lifetime));
        tracing::info!(
            lifetime_secs = lifetime.as_secs(),
            "OAuth2 access token refreshed"
        );
        Ok(token)
    }

    /// The server refused the token (revoked early, clock skew): the next call refreshes.
    pub async fn invalidate(&self) {
        self.state.lock().await.access = None;
    }
}

type RefreshError = RequestTokenError<
    oauth2::HttpClientError<reqwest::Error>,
    oauth2::StandardErrorResponse<BasicErrorResponseType>,
>;

fn refresh_failed(e: RefreshError) -> OAuthError {
    match e {
        RequestTokenError::ServerResponse(r) => {
            let what = r.error().to_string();
            let why = r.error_description().cloned().unwrap_or_default();
            OAuthError::Refused(format!("{what} {why}").trim().to_owned())
        }
        RequestTokenError::Request(e) => OAuthError::Unreachable(e.to_string()),
        RequestTokenError::Parse(e, _) => OAuthError::Unreachable(e.to_string()),
        RequestTokenError::Other(e) => OAuthError::Unreachable(e),
    }
}

/// The process's token source for this client and refresh token.
pub fn source(cfg: &OAuth2Config) -> Result<Arc<TokenSource>, OAuthError> {
    static SOURCES: OnceLock<Mutex<HashMap<[u8; 32], Arc<TokenSource>>>> = OnceLock::new();
    let key: [u8; 32] = Sha256::new()
        .chain_update(cfg.token_url.as_bytes())
        .chain_update([0])
        .chain_update(cfg.client_id.as_bytes())
        .chain_update([0])
        .chain_update(cfg.refresh_token.expose().as_bytes())
        .finalize()
        .into();
    let mut sources = SOURCES
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(found) = sources.get(&key) {
        return Ok(found.clone());
    }
    let made = Arc::new(TokenSource::new(cfg)?);
    sources.insert(key, made.clone());
    Ok(made)
}

/// The SASL XOAUTH2 initial response (before base64), as Google and Microsoft define it.
pub fn xoauth2_response(user: &str, token: &str) -> String {
    format!("user={user}\x01auth=Bearer {token}\x01\x01")
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_xoauth2_string_is_the_documented_one() {
        assert_eq!(
            super::xoauth2_response("a@b.test", "tok"),
            "user=a@b.test\u{1}auth=Bearer tok\u{1}\u{1}"
        );
    }
}
