//! The consultants' web desk: server-rendered pages (axum + askama) that work without
//! JavaScript. Every page but the health checks and the login needs a session; every form
//! carries the session's CSRF token; admin pages check the role.

mod auth;
mod clock;
mod headers;
mod input;
mod live;
mod metrics;
mod pages;
mod rate;

pub use metrics::serve_alone as serve_metrics;

use std::net::SocketAddr;
use std::sync::Arc;

use axum::http::header::{CONTENT_LENGTH, CONTENT_TYPE};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use sqlx::PgPool;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;
use tower_http::trace::TraceLayer;

use crate::assist::Assistant;
use crate::cases::{CaseError, CaseStore, Refusal};
use crate::config::Config;
use crate::domain::visible;

pub use auth::Me;

#[derive(Clone)]
pub struct WebState {
    pub store: CaseStore,
    pub config: Arc<Config>,
    pub assistant: Arc<Assistant>,
}

impl WebState {
    fn pool(&self) -> &PgPool {
        self.store.pool()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum WebError {
    #[error("not found")]
    NotFound,
    #[error("you are not allowed to do that")]
    Forbidden,
    #[error("the form has expired; reload the page and try again")]
    Csrf,
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    BadInput(String),
    #[error("{0}")]
    TooLarge(String),
    #[error("the codes box has lines that name no code: {}", lines(.0))]
    CodeLines(Vec<crate::cases::answer_file::LineProblem>),
    #[error("too many failed logins for this account from here; wait 15 minutes")]
    TooManyAttempts,
    #[error("internal error")]
    Internal(#[source] Box<dyn std::error::Error + Send + Sync>),
}

impl WebError {
    fn internal(e: impl std::error::Error + Send + Sync + 'static) -> Self {
        WebError::Internal(Box::new(e))
    }
}

/// `line 2 ("diabetes stuff")`, for the error page of a form that cannot come back.
fn lines(problems: &[crate::cases::answer_file::LineProblem]) -> String {
    problems
        .iter()
        .map(|p| format!("line {} ({:?})", p.line, p.text))
        .collect::<Vec<_>>()
        .join(", ")
}

impl WebError {
    fn status(&self) -> StatusCode {
        match self {
            WebError::NotFound => StatusCode::NOT_FOUND,
            WebError::Forbidden => StatusCode::FORBIDDEN,
            WebError::Csrf => StatusCode::FORBIDDEN,
            WebError::Conflict(_) => StatusCode::CONFLICT,
            WebError::BadInput(_) | WebError::CodeLines(_) => StatusCode::BAD_REQUEST,
            WebError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            WebError::TooManyAttempts => StatusCode::TOO_MANY_REQUESTS,
            WebError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        if let WebError::Internal(source) = &self {
            // The cause stays in the log (our errors carry ids, never bodies); the page says
            // only that it failed. A database error can quote the value it refused, so it is
            // escaped onto one line.
            let (error, detail) = (source.to_string(), format!("{source:?}"));
            tracing::error!(error = %visible(&error), debug = %visible(&detail), "web request failed");
        }
        error_page(self.status(), &visible(&self.to_string()))
    }
}

#[derive(askama::Template)]
#[template(path = "web/error.html")]
struct ErrorPage<'a> {
    status: u16,
    reason: &'a str,
    message: &'a str,
}

/// The desk's own page for a refusal: the reason, what was wrong, and the way back.
fn error_page(status: StatusCode, message: &str) -> Response {
    use askama::Template;
    let reason = status.canonical_reason().unwrap_or("Error");
    let html = ErrorPage {
        status: status.as_u16(),
        reason,
        message,
    }
    .render()
    .unwrap_or_else(|_| html_escape(message));
    (status, Html(html)).into_response()
}

/// The refusals axum writes itself (a malformed form, path or query; no such page; a method
/// the page does not take) are plain text: they become the desk's page too, keeping their
/// wording and headers (`Allow`, `Retry-After`).
async fn styled_errors(response: Response) -> Response {
    let html = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("text/html"));
    if !response.status().is_client_error() || html {
        return response;
    }
    let (parts, body) = response.into_parts();
    let text = axum::body::to_bytes(body, 16 * 1024)
        .await
        .map(|b| String::from_utf8_lossy(&b).trim().to_owned())
        .unwrap_or_default();
    let message = match (text.is_empty(), parts.status) {
        (false, _) => visible(&text).into_owned(),
        (true, StatusCode::NOT_FOUND) => "There is no page at this address.".to_owned(),
        (true, StatusCode::METHOD_NOT_ALLOWED) => {
            "This address does not take that kind of request.".to_owned()
        }
        (true, status) => status.canonical_reason().unwrap_or("Error").to_owned(),
    };
    let mut styled = error_page(parts.status, &message);
    for (name, value) in &parts.headers {
        if name != CONTENT_TYPE && name != CONTENT_LENGTH {
            styled.headers_mut().insert(name.clone(), value.clone());
        }
    }
    styled
}

pub(crate) fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

impl From<sqlx::Error> for WebError {
    fn from(e: sqlx::Error) -> Self {
        WebError::internal(e)
    }
}

impl From<crate::accounts::AccountError> for WebError {
    fn from(e: crate::accounts::AccountError) -> Self {
        use crate::accounts::AccountError::*;
        match e {
            BadEmail(_) | WeakPassword(_) | WrongPassword | Exists(_) => {
                WebError::BadInput(e.to_string())
            }
            NotFound => WebError::NotFound,
            Hash | Db(_) => WebError::internal(e),
        }
    }
}

impl From<CaseError> for WebError {
    fn from(e: CaseError) -> Self {
        match e {
            CaseError::NotFound(_)
            | CaseError::NotQuarantined(_)
            | CaseError::NoSuchResponse(_)
            | CaseError::BadRatingLink => WebError::NotFound,
            CaseError::Refused {
                refusal: Refusal::NotPermitted { .. },
                ..
            }
            | CaseError::Denied(Refusal::NotPermitted { .. }) => WebError::Forbidden,
            CaseError::Refused { .. } | CaseError::Denied(_) => WebError::Conflict(e.to_string()),
            CaseError::BadConsultant(_)
            | CaseError::NoAnswerText(_)
            | CaseError::NoRecipient(_)
            | CaseError::RecipientNotAllowed { .. }
            | CaseError::MergeIntoItself(_) => WebError::BadInput(e.to_string()),
            CaseError::ResponseNameTaken(_) => WebError::Conflict(e.to_string()),
            CaseError::AnswerFails { .. } => WebError::Conflict(e.to_string()),
            CaseError::Compose(_) | CaseError::Db(_) => WebError::internal(e),
        }
    }
}

impl From<askama::Error> for WebError {
    fn from(e: askama::Error) -> Self {
        WebError::internal(e)
    }
}

pub fn router(state: WebState) -> Router {
    let mut routes = routes(&state);
    if state.config.metrics.listen.is_empty() {
        routes = routes.route("/metrics", get(metrics::on_desk));
    }
    headers::secure(routes)
        .route_layer(axum::middleware::from_fn(metrics::timed))
        .layer(axum::middleware::map_response(styled_errors))
        .layer(TraceLayer::new_for_http().make_span_with(request_span))
        .with_state(state)
}

fn routes(state: &WebState) -> Router<WebState> {
    Router::new()
        .route("/healthz", get(pages::health::healthz))
        .route("/readyz", get(pages::health::readyz))
        .route("/login", get(auth::login_page).post(auth::login))
        .route("/logout", post(auth::logout))
        .route("/rate/{token}/{vote}", get(rate::ask).post(rate::vote))
        .route("/", get(pages::queue::queue))
        .route("/search", get(pages::queue::search))
        .route("/codes", get(pages::codes::codes))
        .route("/codes/{code}", get(pages::codes::code))
        .route("/reports", get(pages::reports::reports))
        .route("/reports.csv", get(pages::reports::reports_csv))
        .route("/events", get(live::events))
        .route("/static/live.js", get(live::queue_script))
        .route("/static/draft.js", get(live::draft_script))
        .route("/static/similar.js", get(live::similar_script))
        .route("/static/rate.js", get(rate::script))
        .route(
            "/settings",
            get(pages::account::settings).post(pages::account::save_settings),
        )
        .route(
            "/password",
            get(pages::account::password).post(pages::account::change_password),
        )
        .route(
            "/admin/consultants/{id}/reset-password",
            post(pages::admin::reset_password),
        )
        .route("/cases/{id}", get(pages::case::case_page))
        .route("/cases/{id}/similar", get(pages::similar::similar))
        // Named routes below win over this one (static segments before parameters).
        .route("/cases/{id}/{action}", post(pages::case::act))
        .route("/cases/{id}/notes", post(pages::case::add_note))
        .route("/cases/{id}/preview", post(pages::answer::preview))
        .route("/cases/{id}/edit", post(pages::answer::edit))
        .route("/cases/{id}/draft", post(pages::answer::save_draft))
        .route(
            "/cases/{id}/attach",
            post(pages::answer::attach).layer(axum::extract::DefaultBodyLimit::max(
                usize::try_from(state.config.desk.max_answer_attachment_bytes)
                    .unwrap_or(usize::MAX)
                    .saturating_add(64 * 1024),
            )),
        )
        .route(
            "/cases/{id}/attachments/{attachment}/remove",
            post(pages::answer::remove_attachment),
        )
        .route(
            "/cases/{id}/insert-response",
            post(pages::answer::insert_response),
        )
        .route(
            "/responses",
            get(pages::responses::responses).post(pages::responses::save_response),
        )
        .route("/responses/{id}", post(pages::responses::edit_response))
        .route(
            "/responses/{id}/delete",
            post(pages::responses::delete_response),
        )
        .route("/cases/{id}/answer", post(pages::answer::send_answer))
        .route("/cases/{id}/assign", post(pages::case::assign))
        .route("/cases/{id}/merge", post(pages::case::merge))
        .route(
            "/cases/{id}/attachments/{attachment}",
            get(pages::case::attachment),
        )
        .route(
            "/admin/consultants",
            get(pages::admin::consultants).post(pages::admin::add_consultant),
        )
        .route(
            "/admin/consultants/{id}/deactivate",
            post(pages::admin::deactivate_consultant),
        )
        .route("/admin/quarantine", get(pages::admin::quarantine))
        .route(
            "/admin/quarantine/{id}",
            get(pages::admin::quarantined_message),
        )
        .route(
            "/admin/quarantine/{id}/release",
            post(pages::admin::release_quarantined),
        )
        .route(
            "/admin/quarantine/{id}/discard",
            post(pages::admin::discard_quarantined),
        )
}

/// One span per request: method and route, never the query string (it can carry a search for
/// a patient's condition).
fn request_span(request: &axum::http::Request<axum::body::Body>) -> tracing::Span {
    let route = request
        .extensions()
        .get::<axum::extract::MatchedPath>()
        .map_or("unmatched", |p| p.as_str());
    tracing::info_span!("http", method = %request.method(), route)
}

/// Serves the desk on `listener` until `shutdown`.
pub async fn serve(
    listener: TcpListener,
    state: WebState,
    shutdown: CancellationToken,
) -> std::io::Result<()> {
    let live = live::LiveQueue::start(state.pool().clone(), shutdown.clone());
    axum::serve(
        listener,
        router(state)
            .layer(axum::Extension(live))
            .into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(async move { shutdown.cancelled().await })
    .await
}
