//! Admin pages: consultants' accounts and the quarantine.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use serde::Deserialize;

use crate::accounts::{self, Consultant};
use crate::cases::{self, desk};
use crate::domain::{ConsultantId, InboundMessageId, Role};
use crate::web::auth::CsrfForm;
use crate::web::clock::Clock;
use crate::web::input;
use crate::web::{Me, WebError, WebState};

use super::{filters, page, to_case};

#[derive(Template)]
#[template(path = "web/consultants.html")]
struct ConsultantsPage<'a> {
    desk_name: &'a str,
    me: Option<Consultant>,
    csrf: String,
    clock: Clock,
    flash: Option<String>,
    consultants: Vec<Consultant>,
}

pub async fn consultants(State(state): State<WebState>, me: Me) -> Result<Response, WebError> {
    me.require_admin()?;
    page(ConsultantsPage {
        clock: me.clock(&state),
        desk_name: &state.config.desk.name,
        flash: None,
        consultants: accounts::list(state.pool()).await?,
        csrf: me.csrf,
        me: Some(me.consultant),
    })
}

#[derive(Deserialize)]
pub struct NewConsultant {
    csrf: String,
    email: String,
    name: String,
    role: String,
    password: String,
}

pub async fn add_consultant(
    State(state): State<WebState>,
    me: Me,
    Form(f): Form<NewConsultant>,
) -> Result<Response, WebError> {
    me.require_admin()?;
    me.check_csrf(&f.csrf)?;
    input::line("the email", &f.email, input::EMAIL)?;
    input::line("the name", &f.name, input::SHORT)?;
    input::line("the role", &f.role, input::SHORT)?;
    input::field("the password", &f.password, input::PASSWORD)?;
    let role: Role = f.role.parse().map_err(WebError::BadInput)?;
    let added = accounts::add(state.pool(), &f.email, f.name.trim(), role, &f.password).await?;
    tracing::info!(
        by = me.consultant.id.0,
        consultant_id = added.id.0,
        "consultant added"
    );
    Ok(Redirect::to("/admin/consultants").into_response())
}

pub async fn deactivate_consultant(
    State(state): State<WebState>,
    me: Me,
    Path(id): Path<ConsultantId>,
    Form(f): Form<CsrfForm>,
) -> Result<Response, WebError> {
    me.require_admin()?;
    me.check_csrf(&f.csrf)?;
    if id == me.consultant.id {
        return Err(WebError::BadInput("you cannot deactivate yourself".into()));
    }
    let target = accounts::list(state.pool())
        .await?
        .into_iter()
        .find(|c| c.id == id)
        .ok_or(WebError::NotFound)?;
    accounts::deactivate(state.pool(), id).await?;
    let released = state
        .store
        .release_held_by(&target.email, &me.actor())
        .await?;
    tracing::info!(
        by = me.consultant.id.0,
        consultant_id = id.0,
        released = released.len(),
        "consultant deactivated"
    );
    Ok(Redirect::to("/admin/consultants").into_response())
}

#[derive(Template)]
#[template(path = "web/quarantine.html")]
struct QuarantinePage<'a> {
    desk_name: &'a str,
    me: Option<Consultant>,
    csrf: String,
    clock: Clock,
    flash: Option<String>,
    items: Vec<desk::Quarantined>,
}

pub async fn quarantine(State(state): State<WebState>, me: Me) -> Result<Response, WebError> {
    me.require_admin()?;
    page(QuarantinePage {
        clock: me.clock(&state),
        desk_name: &state.config.desk.name,
        flash: None,
        items: desk::quarantined(state.pool()).await?,
        csrf: me.csrf,
        me: Some(me.consultant),
    })
}

pub async fn release_quarantined(
    State(state): State<WebState>,
    me: Me,
    Path(id): Path<InboundMessageId>,
    Form(f): Form<CsrfForm>,
) -> Result<Response, WebError> {
    me.require_admin()?;
    me.check_csrf(&f.csrf)?;
    let max_attachment_bytes = state.config.intake.max_attachment_bytes;
    let reparse = |raw: &[u8]| crate::intake::parse::parse(raw, max_attachment_bytes);
    let case = state
        .store
        .release_quarantined(id, &me.actor(), &reparse)
        .await
        .map_err(|e| match e.store_failure() {
            failure if failure.permanent && matches!(e, cases::CaseError::Db(_)) => {
                WebError::BadInput(format!(
                    "the database still refuses this message ({}); it stays in quarantine until that is mended",
                    failure.kind
                ))
            }
            _ => e.into(),
        })?;
    Ok(to_case(case))
}

#[derive(Template)]
#[template(path = "web/quarantined.html")]
struct QuarantinedPage<'a> {
    desk_name: &'a str,
    me: Option<Consultant>,
    csrf: String,
    clock: Clock,
    m: desk::QuarantinedMessage,
}

/// One quarantined message, to read before releasing or discarding it.
pub async fn quarantined_message(
    State(state): State<WebState>,
    me: Me,
    Path(id): Path<InboundMessageId>,
) -> Result<Response, WebError> {
    me.require_admin()?;
    page(QuarantinedPage {
        desk_name: &state.config.desk.name,
        clock: me.clock(&state),
        m: desk::quarantined_message(state.pool(), id).await?,
        csrf: me.csrf,
        me: Some(me.consultant),
    })
}

#[derive(Deserialize)]
pub struct DiscardForm {
    csrf: String,
    #[serde(default)]
    confirm: Option<String>,
}

/// Discarding needs the confirmation box ticked: the message is not recoverable from the page.
pub async fn discard_quarantined(
    State(state): State<WebState>,
    me: Me,
    Path(id): Path<InboundMessageId>,
    Form(f): Form<DiscardForm>,
) -> Result<Response, WebError> {
    me.require_admin()?;
    me.check_csrf(&f.csrf)?;
    input::line(
        "the confirmation",
        f.confirm.as_deref().unwrap_or_default(),
        input::SHORT,
    )?;
    if f.confirm.is_none() {
        return Err(WebError::BadInput(
            "tick \"yes, discard it\" to discard a quarantined message".into(),
        ));
    }
    desk::discard_quarantined(state.pool(), id, me.email().as_str()).await?;
    Ok(Redirect::to("/admin/quarantine").into_response())
}

#[derive(Deserialize)]
pub struct ResetForm {
    csrf: String,
    password: String,
}

pub async fn reset_password(
    State(state): State<WebState>,
    me: Me,
    Path(id): Path<ConsultantId>,
    Form(f): Form<ResetForm>,
) -> Result<Response, WebError> {
    me.require_admin()?;
    me.check_csrf(&f.csrf)?;
    input::field("the temporary password", &f.password, input::PASSWORD)?;
    accounts::reset_password(state.pool(), id, &f.password).await?;
    tracing::info!(
        by = me.consultant.id.0,
        consultant_id = id.0,
        "password reset by an admin"
    );
    Ok(Redirect::to("/admin/consultants").into_response())
}
