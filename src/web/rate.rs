//! The page behind the "Did this answer your question? Yes · No" links of answer emails. It
//! needs no login: the signed token names the one case it may vote on, and the page shows
//! nothing of the case but its reference and the vote.

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
}

/// `GET /rate/{token}/{yes|no}`: records the vote (the last click counts) and thanks.
pub async fn vote(
    State(state): State<WebState>,
    Path((token, vote)): Path<(String, String)>,
) -> Result<Response, WebError> {
    let helpful = match vote.as_str() {
        "yes" => true,
        "no" => false,
        _ => return Err(WebError::NotFound),
    };
    let case = state.store.rate(&token, helpful).await?;
    let page = Rated {
        desk_name: &state.config.desk.name,
        reference: case.reference(),
        token: &token,
        helpful,
    };
    Ok(Html(page.render()?).into_response())
}
