//! Saved responses.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use serde::Deserialize;

use crate::accounts::Consultant;
use crate::cases::desk;
use crate::web::auth::CsrfForm;
use crate::web::clock::Clock;
use crate::web::input;
use crate::web::{Me, WebError, WebState};

use super::page;

#[derive(Template)]
#[template(path = "web/responses.html")]
struct ResponsesPage<'a> {
    desk_name: &'a str,
    me: Option<Consultant>,
    csrf: String,
    clock: Clock,
    responses: Vec<desk::SavedResponse>,
}

/// `/responses`: the saved responses, managed by admins.
pub async fn responses(State(state): State<WebState>, me: Me) -> Result<Response, WebError> {
    me.require_admin()?;
    page(ResponsesPage {
        desk_name: &state.config.desk.name,
        clock: me.clock(&state),
        responses: desk::responses(state.pool()).await?,
        csrf: me.csrf,
        me: Some(me.consultant),
    })
}

#[derive(Deserialize)]
pub struct ResponseForm {
    csrf: String,
    name: String,
    body: String,
}

pub async fn save_response(
    State(state): State<WebState>,
    me: Me,
    Form(f): Form<ResponseForm>,
) -> Result<Response, WebError> {
    me.require_admin()?;
    me.check_csrf(&f.csrf)?;
    input::line("the name", &f.name, input::SHORT)?;
    input::field("the text", &f.body, input::ANSWER)?;
    if f.name.trim().is_empty() || f.body.trim().is_empty() {
        return Err(WebError::BadInput(
            "a saved response needs a name and a text".into(),
        ));
    }
    desk::save_response(
        state.pool(),
        f.name.trim(),
        f.body.trim(),
        me.email().as_str(),
    )
    .await?;
    Ok(Redirect::to("/responses").into_response())
}

pub async fn delete_response(
    State(state): State<WebState>,
    me: Me,
    Path(id): Path<i64>,
    Form(f): Form<CsrfForm>,
) -> Result<Response, WebError> {
    me.require_admin()?;
    me.check_csrf(&f.csrf)?;
    desk::delete_response(state.pool(), id, me.email().as_str()).await?;
    Ok(Redirect::to("/responses").into_response())
}
