//! The queue and the full-text search over cases.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use serde::Deserialize;

use crate::accounts::{self, Consultant};
use crate::cases::{self, desk, CaseSummary, Status};
use crate::domain::Role;
use crate::web::clock::Clock;
use crate::web::input;
use crate::web::{Me, WebError, WebState};

use super::{filters, page};

#[derive(Template)]
#[template(path = "web/queue.html")]
struct QueuePage<'a> {
    desk_name: &'a str,
    me: Option<Consultant>,
    csrf: String,
    clock: Clock,
    counts: Vec<(Status, i64)>,
    statuses: Vec<&'static str>,
    status_filter: String,
    assignee_filter: String,
    mailbox_filter: String,
    requester_filter: String,
    /// `mine`, `unassigned` or empty (all waiting).
    view: String,
    /// `due`, `received` or `activity`.
    sort: String,
    /// What the order puts first, for the page links' labels.
    order_label: &'static str,
    /// Active consultants, for the assignee list.
    consultants: Vec<Consultant>,
    /// The configured mailboxes' names; the queue shows the column when there are several.
    mailboxes: Vec<String>,
    /// For admins: mailboxes whose server refused the desk's login, with the reason.
    login_refused: Vec<(String, String)>,
    /// For admins: mailboxes whose intake is stuck, with why.
    stalled: Vec<(String, String)>,
    cases: cases::Page<desk::QueueRow>,
    /// The query string without its page, for the page links.
    filters: String,
}

/// Every parameter arrives as text and is checked by `input`, so a bad one is a 400 that names
/// it (never a database error).
#[derive(Deserialize)]
pub struct QueueParams {
    status: Option<String>,
    assignee: Option<String>,
    mailbox: Option<String>,
    requester: Option<String>,
    view: Option<String>,
    sort: Option<String>,
    page: Option<String>,
}

fn view<'a>(raw: &str, me: &'a str) -> Result<desk::View<'a>, WebError> {
    match raw {
        "" | "waiting" => Ok(desk::View::Waiting),
        "mine" => Ok(desk::View::Mine(me)),
        "unassigned" => Ok(desk::View::Unassigned),
        other => Err(WebError::BadInput(format!(
            "{:?} is not a view of the queue (mine, unassigned, waiting)",
            crate::domain::visible(other)
        ))),
    }
}

/// The order and what it puts first.
fn sort(raw: &str) -> Result<(desk::Sort, &'static str), WebError> {
    match raw {
        "" | "due" => Ok((desk::Sort::Due, "due soonest first")),
        "received" => Ok((desk::Sort::Received, "newest questions first")),
        "activity" => Ok((desk::Sort::Activity, "latest messages first")),
        other => Err(WebError::BadInput(format!(
            "{:?} is not an order of the queue (due, received, activity)",
            crate::domain::visible(other)
        ))),
    }
}

/// What the admin banners on the queue list: mailboxes whose server refused the login, and
/// mailboxes whose intake is stuck, each with why.
async fn mailbox_trouble(
    state: &WebState,
) -> Result<(Vec<(String, String)>, Vec<(String, String)>), WebError> {
    let health = cases::mailboxes::health(state.pool()).await?;
    let refused = health
        .iter()
        .filter(|m| m.auth_failed)
        .map(|m| (m.name.clone(), m.last_error.clone().unwrap_or_default()))
        .collect();
    let stalled = health
        .into_iter()
        .filter_map(|m| Some((m.name, m.stalled?)))
        .collect();
    Ok((refused, stalled))
}

/// `key=value&…` with each value percent-encoded, for links that keep a page's filters.
fn query_string(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| {
            let encoded: String = v
                .bytes()
                .map(|b| match b {
                    b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                        (b as char).to_string()
                    }
                    _ => format!("%{b:02X}"),
                })
                .collect();
            format!("{k}={encoded}&")
        })
        .collect()
}

pub async fn queue(
    State(state): State<WebState>,
    me: Me,
    Query(params): Query<QueueParams>,
) -> Result<Response, WebError> {
    let status_filter = input::param("the status", params.status, input::SHORT)?;
    let status = match status_filter.as_str() {
        "" => None,
        s => Some(
            s.parse::<Status>()
                .map_err(|e| WebError::BadInput(e.to_string()))?,
        ),
    };
    let assignee_filter = input::param("the assignee", params.assignee, input::EMAIL)?;
    let assignee = Some(assignee_filter.trim().to_lowercase()).filter(|a| !a.is_empty());
    let mailbox_filter = input::param("the mailbox", params.mailbox, input::SHORT)?;
    let requester_filter = input::param("the requester", params.requester, input::SHORT)?;
    let view_name = input::param("the view", params.view, input::SHORT)?;
    let sort_name = input::param("the order", params.sort, input::SHORT)?;
    let page_number = input::page(params.page.as_deref())?;
    let (sort, order_label) = sort(&sort_name)?;
    let me_email = me.email().to_string();
    let filter = desk::QueueFilter {
        view: view(&view_name, &me_email)?,
        status,
        assignee: assignee.as_deref(),
        requester: Some(requester_filter.trim()).filter(|r| !r.is_empty()),
        mailbox: Some(mailbox_filter.as_str()).filter(|m| !m.is_empty()),
        sort,
    };
    let (login_refused, stalled) = if me.consultant.role == Role::Admin {
        mailbox_trouble(&state).await?
    } else {
        Default::default()
    };
    let cases = desk::queue(state.pool(), filter, page_number).await?;
    page(QueuePage {
        clock: me.clock(&state),
        desk_name: &state.config.desk.name,
        counts: desk::status_counts(state.pool()).await?,
        statuses: Status::ALL.iter().map(|s| s.as_str()).collect(),
        filters: query_string(&[
            ("status", &status_filter),
            ("assignee", &assignee_filter),
            ("mailbox", &mailbox_filter),
            ("requester", &requester_filter),
            ("view", &view_name),
            ("sort", &sort_name),
        ]),
        requester_filter,
        view: view_name,
        sort: sort_name,
        order_label,
        consultants: accounts::list(state.pool())
            .await?
            .into_iter()
            .filter(|c| c.active)
            .collect(),
        status_filter,
        assignee_filter,
        mailboxes: state
            .config
            .per_mailbox()
            .into_iter()
            .map(|c| c.imap.name)
            .collect(),
        mailbox_filter,
        login_refused,
        stalled,
        cases,
        csrf: me.csrf,
        me: Some(me.consultant),
    })
}

#[derive(Template)]
#[template(path = "web/search.html")]
struct SearchPage<'a> {
    desk_name: &'a str,
    me: Option<Consultant>,
    csrf: String,
    clock: Clock,
    q: String,
    found: cases::Page<CaseSummary>,
    filters: String,
}

#[derive(Deserialize)]
pub struct SearchParams {
    q: Option<String>,
    page: Option<String>,
}

/// `/search?q=`: full-text search over every case, a page at a time.
pub async fn search(
    State(state): State<WebState>,
    me: Me,
    Query(params): Query<SearchParams>,
) -> Result<Response, WebError> {
    let q = params.q.unwrap_or_default();
    input::field("the search", &q, input::SEARCH)?;
    let page_number = input::page(params.page.as_deref())?;
    let found = if q.trim().is_empty() {
        cases::Page::of(Vec::new(), 1, cases::PAGE_SIZE)
    } else {
        cases::search_cases(state.pool(), q.trim(), page_number).await?
    };
    page(SearchPage {
        clock: me.clock(&state),
        desk_name: &state.config.desk.name,
        filters: query_string(&[("q", &q)]),
        q,
        found,
        csrf: me.csrf,
        me: Some(me.consultant),
    })
}
