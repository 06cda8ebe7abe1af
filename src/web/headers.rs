//! Headers on every response, and a second check on state-changing requests behind the CSRF
//! token: a browser that says the request comes from another site is refused.

use axum::body::Body;
use axum::http::header::{
    CACHE_CONTROL, CONTENT_SECURITY_POLICY, HOST, ORIGIN, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS,
    X_FRAME_OPTIONS,
};
use axum::http::{HeaderValue, Method, Request, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Router;
use tower_http::set_header::SetResponseHeaderLayer;

/// Scripts only from the desk's own files, no framing of the desk, nothing loaded from
/// elsewhere. Inline styles stay allowed: the pages and the previewed email use them.
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-src 'self'; \
frame-ancestors 'none'; base-uri 'none'";

pub fn secure<S: Clone + Send + Sync + 'static>(router: Router<S>) -> Router<S> {
    let set = |name, value: &'static str| {
        SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
    };
    router
        .layer(axum::middleware::from_fn(same_site_only))
        .layer(set(CONTENT_SECURITY_POLICY, CSP))
        .layer(set(X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(set(X_FRAME_OPTIONS, "DENY"))
        .layer(set(REFERRER_POLICY, "no-referrer"))
        // Pages carry patient data: never kept by a browser or a proxy. The scripts set their own.
        .layer(set(CACHE_CONTROL, "no-store"))
}

/// A POST whose `Sec-Fetch-Site` or `Origin` names another site is refused before any handler.
async fn same_site_only(request: Request<Body>, next: Next) -> Response {
    if request.method() == Method::POST && from_elsewhere(&request) {
        return (StatusCode::FORBIDDEN, "cross-site request refused").into_response();
    }
    next.run(request).await
}

fn from_elsewhere(request: &Request<Body>) -> bool {
    let header = |name| request.headers().get(name).and_then(|v| v.to_str().ok());
    if let Some(site) = header("sec-fetch-site") {
        return !matches!(site, "same-origin" | "none");
    }
    match (header(ORIGIN.as_str()), header(HOST.as_str())) {
        (Some("null"), _) => true,
        (Some(origin), Some(host)) => {
            let origin_host = origin.split("://").nth(1).unwrap_or(origin);
            !origin_host.eq_ignore_ascii_case(host)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post(headers: &[(&str, &str)]) -> Request<Body> {
        let mut b = Request::builder()
            .method(Method::POST)
            .uri("/cases/1/claim");
        for (k, v) in headers {
            b = b.header(*k, *v);
        }
        b.body(Body::empty()).unwrap()
    }

    #[test]
    fn another_sites_form_is_told_apart_from_the_desks_own() {
        assert!(!from_elsewhere(&post(&[("sec-fetch-site", "same-origin")])));
        assert!(from_elsewhere(&post(&[("sec-fetch-site", "cross-site")])));
        assert!(from_elsewhere(&post(&[("sec-fetch-site", "same-site")])));
        let host = ("host", "desk.example:8080");
        assert!(!from_elsewhere(&post(&[
            host,
            ("origin", "https://desk.example:8080")
        ])));
        assert!(from_elsewhere(&post(&[
            host,
            ("origin", "https://evil.example")
        ])));
        assert!(from_elsewhere(&post(&[host, ("origin", "null")])));
        assert!(
            !from_elsewhere(&post(&[host])),
            "no browser headers: the CSRF token decides"
        );
    }
}
