//! Code lookup: `/codes/{code}` shows what the code set, the Index and the guidelines say about
//! a code (as `codes lookup` does), and `/codes?q=` searches codes by code or by words.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;

use crate::accounts::Consultant;
use crate::assist::card::CodeCard;
use crate::assist::Found;
use crate::web::clock::Clock;
use crate::web::input;
use crate::web::{Me, WebError, WebState};

use super::page;

/// Results a search shows: more is a list nobody reads.
pub(super) const SEARCH_RESULTS: usize = 15;

#[derive(Template)]
#[template(path = "web/code.html")]
struct CodePage<'a> {
    desk_name: &'a str,
    me: Option<Consultant>,
    csrf: String,
    clock: Clock,
    card: CodeCard,
    /// The case the consultant came from, for "add to answer" and the way back.
    case: Option<i64>,
}

#[derive(Deserialize)]
pub struct CodeParams {
    case: Option<String>,
}

/// `?case=1042`: the case a lookup was opened from.
fn case_param(raw: Option<String>) -> Result<Option<i64>, WebError> {
    let raw = input::param("the case", raw, input::SHORT)?;
    match raw.trim() {
        "" => Ok(None),
        n => n
            .parse()
            .map(Some)
            .map_err(|_| WebError::BadInput(format!("{n:?} is not a case number"))),
    }
}

/// `/codes/{code}`: a code the code set does not know is a 404 that still shows the page, so
/// the consultant can search from it.
pub async fn code(
    State(state): State<WebState>,
    me: Me,
    Path(code): Path<String>,
    Query(params): Query<CodeParams>,
) -> Result<Response, WebError> {
    input::line("the code", &code, input::SHORT)?;
    let case = case_param(params.case)?;
    let card = state.assistant.code_card(&code);
    let known = card.title.is_some() || card.icd9.is_some();
    let mut response = page(CodePage {
        desk_name: &state.config.desk.name,
        clock: me.clock(&state),
        card,
        case,
        csrf: me.csrf,
        me: Some(me.consultant),
    })?;
    if !known {
        *response.status_mut() = StatusCode::NOT_FOUND;
    }
    Ok(response)
}

#[derive(Template)]
#[template(path = "web/codes.html")]
struct CodesPage<'a> {
    desk_name: &'a str,
    me: Option<Consultant>,
    csrf: String,
    clock: Clock,
    q: String,
    found: Vec<Found>,
}

#[derive(Deserialize)]
pub struct CodesParams {
    q: Option<String>,
}

/// `/codes?q=`: codes by code or by words, each linked to its page.
pub async fn codes(
    State(state): State<WebState>,
    me: Me,
    Query(params): Query<CodesParams>,
) -> Result<Response, WebError> {
    let q = input::param("the code search", params.q, input::SEARCH)?;
    let found = if q.trim().is_empty() {
        Vec::new()
    } else {
        state.assistant.find(q.trim(), SEARCH_RESULTS)
    };
    page(CodesPage {
        desk_name: &state.config.desk.name,
        clock: me.clock(&state),
        q,
        found,
        csrf: me.csrf,
        me: Some(me.consultant),
    })
}
