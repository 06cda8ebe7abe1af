//! Saved responses: every consultant's own, and the ones admins share with the desk.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use serde::Deserialize;

use crate::accounts::Consultant;
use crate::cases::desk;
use crate::domain::Role;
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
    /// Each response the consultant sees, and whether they may change it.
    responses: Vec<(desk::SavedResponse, bool)>,
    admin: bool,
}

fn is_admin(me: &Me) -> bool {
    me.consultant.role == Role::Admin
}

/// `/responses`: the shared responses and the consultant's own, each editable in place by whom
/// it belongs to (an admin for the shared ones).
pub async fn responses(State(state): State<WebState>, me: Me) -> Result<Response, WebError> {
    let admin = is_admin(&me);
    let email = me.email().as_str().to_owned();
    let responses = desk::responses(state.pool(), Some(&email))
        .await?
        .into_iter()
        .map(|r| {
            let editable = r.editable_by(&email, admin);
            (r, editable)
        })
        .collect();
    page(ResponsesPage {
        desk_name: &state.config.desk.name,
        clock: me.clock(&state),
        responses,
        admin,
        csrf: me.csrf,
        me: Some(me.consultant),
    })
}

#[derive(Deserialize)]
pub struct ResponseForm {
    csrf: String,
    name: String,
    body: String,
    /// "on": shared with the desk (admins only).
    #[serde(default)]
    shared: Option<String>,
}

impl ResponseForm {
    /// The name and text, checked, and whom the response is to belong to.
    fn read<'a>(&'a self, me: &'a Me) -> Result<(&'a str, &'a str, Option<&'a str>), WebError> {
        me.check_csrf(&self.csrf)?;
        input::line("the name", &self.name, input::SHORT)?;
        input::field("the text", &self.body, input::ANSWER)?;
        let shared = input::param("shared", self.shared.clone(), input::SHORT)?;
        if self.name.trim().is_empty() || self.body.trim().is_empty() {
            return Err(WebError::BadInput(
                "a saved response needs a name and a text".into(),
            ));
        }
        let owner = match shared.as_str() {
            "" => Some(me.email().as_str()),
            "on" if is_admin(me) => None,
            "on" => return Err(WebError::Forbidden),
            other => {
                return Err(WebError::BadInput(format!(
                    "{:?} is not a choice of whom a response is for",
                    crate::domain::visible(other)
                )))
            }
        };
        Ok((self.name.trim(), self.body.trim(), owner))
    }
}

/// Saves a new response, or replaces the text of the one of the same name where it goes (the
/// consultant's own, or for an admin who shares it, the desk's).
pub async fn save_response(
    State(state): State<WebState>,
    me: Me,
    Form(f): Form<ResponseForm>,
) -> Result<Response, WebError> {
    let (name, body, owner) = f.read(&me)?;
    desk::save_response(state.pool(), name, body, me.email().as_str(), owner).await?;
    Ok(Redirect::to("/responses").into_response())
}

/// The response, when `me` may change it.
async fn editable(state: &WebState, me: &Me, id: i64) -> Result<desk::SavedResponse, WebError> {
    let r = desk::response(state.pool(), id)
        .await?
        .filter(|r| r.visible_to(me.email().as_str()))
        .ok_or(WebError::NotFound)?;
    if !r.editable_by(me.email().as_str(), is_admin(me)) {
        return Err(WebError::Forbidden);
    }
    Ok(r)
}

/// `/responses/{id}`: the response changed in place (an admin may share or unshare it).
pub async fn edit_response(
    State(state): State<WebState>,
    me: Me,
    Path(id): Path<i64>,
    Form(f): Form<ResponseForm>,
) -> Result<Response, WebError> {
    let (name, body, owner) = f.read(&me)?;
    editable(&state, &me, id).await?;
    desk::update_response(state.pool(), id, name, body, owner, me.email().as_str()).await?;
    Ok(Redirect::to(&format!("/responses#response-{id}")).into_response())
}

pub async fn delete_response(
    State(state): State<WebState>,
    me: Me,
    Path(id): Path<i64>,
    Form(f): Form<CsrfForm>,
) -> Result<Response, WebError> {
    me.check_csrf(&f.csrf)?;
    editable(&state, &me, id).await?;
    desk::delete_response(state.pool(), id, me.email().as_str()).await?;
    Ok(Redirect::to("/responses").into_response())
}
