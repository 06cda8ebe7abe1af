//! A consultant's own settings and password.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use serde::Deserialize;

use crate::accounts::{self, Consultant};
use crate::web::clock::Clock;
use crate::web::input;
use crate::web::{Me, WebError, WebState};

use super::page;

#[derive(Template)]
#[template(path = "web/settings.html")]
struct SettingsPage<'a> {
    desk_name: &'a str,
    me: Option<Consultant>,
    csrf: String,
    clock: Clock,
    desk_zone: &'a str,
    flash: Option<String>,
}

pub async fn settings(State(state): State<WebState>, me: Me) -> Result<Response, WebError> {
    page(SettingsPage {
        desk_name: &state.config.desk.name,
        clock: me.clock(&state),
        desk_zone: &state.config.desk.timezone,
        flash: None,
        csrf: me.csrf,
        me: Some(me.consultant),
    })
}

#[derive(Deserialize)]
pub struct SettingsForm {
    csrf: String,
    timezone: String,
}

/// A consultant's own time zone; empty returns to the desk's.
pub async fn save_settings(
    State(state): State<WebState>,
    me: Me,
    Form(f): Form<SettingsForm>,
) -> Result<Response, WebError> {
    me.check_csrf(&f.csrf)?;
    let zone = input::line("the time zone", &f.timezone, input::SHORT)?.trim();
    if !zone.is_empty() && zone.parse::<chrono_tz::Tz>().is_err() {
        return Err(WebError::BadInput(format!(
            "{zone:?} is not a time zone name (such as America/Chicago)"
        )));
    }
    let zone = Some(zone).filter(|z| !z.is_empty());
    accounts::set_timezone(state.pool(), me.consultant.id, zone).await?;
    Ok(Redirect::to("/settings").into_response())
}

#[derive(Template)]
#[template(path = "web/password.html")]
struct PasswordPage<'a> {
    desk_name: &'a str,
    me: Option<Consultant>,
    csrf: String,
    clock: Clock,
    must_change: bool,
    error: Option<String>,
}

fn password_page(state: &WebState, me: Me, error: Option<String>) -> Result<Response, WebError> {
    let must_change = me.must_change;
    let status = if error.is_some() {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    let mut response = page(PasswordPage {
        desk_name: &state.config.desk.name,
        clock: me.clock(state),
        csrf: me.csrf,
        me: Some(me.consultant),
        must_change,
        error,
    })?;
    *response.status_mut() = status;
    Ok(response)
}

pub async fn password(State(state): State<WebState>, me: Me) -> Result<Response, WebError> {
    password_page(&state, me, None)
}

#[derive(Deserialize)]
pub struct PasswordForm {
    csrf: String,
    current: String,
    new: String,
    again: String,
}

pub async fn change_password(
    State(state): State<WebState>,
    me: Me,
    Form(f): Form<PasswordForm>,
) -> Result<Response, WebError> {
    me.check_csrf(&f.csrf)?;
    input::field("the current password", &f.current, input::PASSWORD)?;
    input::field("the new password", &f.new, input::PASSWORD)?;
    input::field("the repeated password", &f.again, input::PASSWORD)?;
    if f.new != f.again {
        return password_page(&state, me, Some("The two new passwords differ.".into()));
    }
    let changed =
        accounts::change_password(state.pool(), &me.consultant, &me.token, &f.current, &f.new)
            .await;
    match changed {
        Ok(()) => {
            tracing::info!(consultant_id = me.consultant.id.0, "password changed");
            Ok(Redirect::to("/settings").into_response())
        }
        Err(
            e @ (accounts::AccountError::WrongPassword | accounts::AccountError::WeakPassword(_)),
        ) => password_page(&state, me, Some(e.to_string())),
        Err(e) => Err(e.into()),
    }
}
