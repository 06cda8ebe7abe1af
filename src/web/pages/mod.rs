//! The pages, one module per family: the queue, a case and its answer, admin, account,
//! saved responses, reports, health, and the answered cases like a case.

pub mod account;
pub mod admin;
pub mod answer;
pub mod case;
pub mod codes;
pub mod health;
mod prefill;
pub mod queue;
pub mod reports;
pub mod responses;
pub mod similar;

use askama::Template;
use axum::response::{Html, IntoResponse, Redirect, Response};

use crate::domain::CaseId;
use crate::web::WebError;

/// The pages' own filters.
pub(crate) mod filters {
    use std::fmt::Display;

    /// `{{ subject|visible }}`: a name, subject, address or file name from mail with every
    /// hidden character (control, direction override, zero-width) written out as its escape.
    #[askama::filter_fn]
    pub fn visible(value: impl Display, _: &dyn askama::Values) -> askama::Result<String> {
        Ok(crate::domain::visible(&value.to_string()).into_owned())
    }

    /// A quarantine reason as an admin reads it.
    #[askama::filter_fn]
    pub fn reason(value: impl Display, _: &dyn askama::Values) -> askama::Result<String> {
        Ok(match value.to_string().as_str() {
            "store_failed" => "could not be stored".to_owned(),
            other => crate::domain::visible(other).into_owned(),
        })
    }
}

/// After a form on a case page, back to that page.
pub(crate) fn to_case(id: CaseId) -> Response {
    Redirect::to(&format!("/cases/{}", id.0)).into_response()
}

pub(crate) fn page(t: impl Template) -> Result<Response, WebError> {
    Ok(Html(t.render()?).into_response())
}
