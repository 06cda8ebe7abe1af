//! The page behind the "Did this answer your question? Yes · No" links of answer emails. It
//! needs no login: the signed token names the one case it may vote on, and the page shows
//! nothing of the case but its reference and the vote. Opening a link shows the vote in a form
//! that a small script posts at once, so a person votes in one click while a mail scanner that
//! fetches every link without running scripts casts no vote (the button is there without
//! scripts).

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Response};

use super::{WebError, WebState};

#[derive(Template)]
#[template(path = "web/rated.html")]
struct Rated<'a> {
    desk_name: &'a str,
    reference: String,
    token: &'a str,
    helpful: bool,
    /// The vote is recorded (the page thanks); otherwise it asks to confirm it.
    recorded: bool,
    /// The vote recorded before, shown while asking.
    earlier: Option<bool>,
}

fn helpful(vote: &str) -> Result<bool, WebError> {
    match vote {
        "yes" => Ok(true),
        "no" => Ok(false),
        _ => Err(WebError::NotFound),
    }
}

/// `GET /rate/{token}/{yes|no}`: asks the requester to confirm the vote.
pub async fn ask(
    State(state): State<WebState>,
    Path((token, vote)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let helpful = helpful(&vote)?;
    let (case, earlier) = state.store.rating_link(&token).await?;
    render(&state, case, &token, helpful, false, earlier)
}

/// `POST /rate/{token}/{yes|no}`: records the vote (the last one counts) and thanks.
pub async fn vote(
    State(state): State<WebState>,
    Path((token, vote)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let helpful = helpful(&vote)?;
    let case = state.store.rate(&token, helpful).await?;
    render(&state, case, &token, helpful, true, None)
}

/// Posts the vote's form as the page opens.
pub async fn script() -> impl IntoResponse {
    super::live::script(include_str!("../../templates/web/rate.js"))
}

fn render(
    state: &WebState,
    case: crate::domain::CaseId,
    token: &str,
    helpful: bool,
    recorded: bool,
    earlier: Option<bool>,
) -> Result<Response, WebError> {
    let page = Rated {
        desk_name: &state.config.desk.name,
        reference: case.reference(),
        token,
        helpful,
        recorded,
        earlier,
    };
    Ok(Html(page.render()?).into_response())
}
