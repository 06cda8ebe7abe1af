//! The desk's Prometheus metrics, one registry per process. Intake, drafting and the web desk
//! count what they do here as it happens; what lives in the database (cases and outbox rows by
//! status, each mailbox's last contact) is read at each scrape, so every instance reports the
//! same totals. Labels hold mailbox names, statuses and route patterns, never mail content.

use std::sync::OnceLock;
use std::time::Duration;

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;

/// The content type of `render`'s output.
pub const CONTENT_TYPE: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct Taken {
    mailbox: String,
    disposition: String,
}

/// A store failure or a quarantine: the mailbox and why (a reason name or an error kind,
/// never an error's text).
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct WhyLabel {
    mailbox: String,
    reason: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct MailboxLabel {
    mailbox: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct StatusLabel {
    status: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct Request {
    method: String,
    route: String,
    status: u16,
}

type Histograms<L> = Family<L, Histogram, fn() -> Histogram>;

pub struct Metrics {
    registry: Registry,
    taken: Family<Taken, Counter>,
    store_failures: Family<WhyLabel, Counter>,
    quarantined: Family<WhyLabel, Counter>,
    intake_lag: Histograms<MailboxLabel>,
    draft_seconds: Histogram,
    http: Histograms<Request>,
    silence: Family<MailboxLabel, Gauge<f64, std::sync::atomic::AtomicU64>>,
    cases: Family<StatusLabel, Gauge>,
    outbox: Family<StatusLabel, Gauge>,
}

fn lag_histogram() -> Histogram {
    // 0.1 s to about 28 hours: mail can sit in an inbox over a weekend outage.
    Histogram::new(exponential_buckets(0.1, 2.5, 14))
}

fn request_histogram() -> Histogram {
    Histogram::new(exponential_buckets(0.0005, 2.0, 16))
}

impl Metrics {
    fn new() -> Self {
        let mut registry = Registry::with_prefix("caseconsult");
        let taken = Family::<Taken, Counter>::default();
        registry.register(
            "messages_taken",
            "Messages taken from a mailbox, by what intake made of them",
            taken.clone(),
        );
        let store_failures = Family::<WhyLabel, Counter>::default();
        registry.register(
            "store_failures",
            "Failed attempts to store one message, by the database error's kind",
            store_failures.clone(),
        );
        let quarantined = Family::<WhyLabel, Counter>::default();
        registry.register(
            "messages_quarantined",
            "Messages quarantined at intake, by reason",
            quarantined.clone(),
        );
        let intake_lag = Histograms::<MailboxLabel>::new_with_constructor(lag_histogram);
        registry.register(
            "intake_lag_seconds",
            "From a message's Date header to its case being committed",
            intake_lag.clone(),
        );
        let draft_seconds = Histogram::new(exponential_buckets(0.0002, 2.0, 14));
        registry.register(
            "draft_seconds",
            "Time the assistant took to draft one message",
            draft_seconds.clone(),
        );
        let http = Histograms::<Request>::new_with_constructor(request_histogram);
        registry.register(
            "http_request_duration_seconds",
            "Web desk requests by route pattern",
            http.clone(),
        );
        let silence = Family::default();
        registry.register(
            "mailbox_seconds_since_contact",
            "Seconds since the desk last reached each mailbox's IMAP server",
            silence.clone(),
        );
        let cases = Family::default();
        registry.register("cases", "Cases by status", cases.clone());
        let outbox = Family::default();
        registry.register(
            "outbox_messages",
            "Outgoing replies by status (pending, sent, failed)",
            outbox.clone(),
        );
        Self {
            registry,
            taken,
            store_failures,
            quarantined,
            intake_lag,
            draft_seconds,
            http,
            silence,
            cases,
            outbox,
        }
    }

    pub fn message_taken(&self, mailbox: &str, disposition: &str, lag: Option<Duration>) {
        self.taken
            .get_or_create(&Taken {
                mailbox: mailbox.to_owned(),
                disposition: disposition.to_owned(),
            })
            .inc();
        if let Some(lag) = lag {
            self.intake_lag
                .get_or_create(&MailboxLabel {
                    mailbox: mailbox.to_owned(),
                })
                .observe(lag.as_secs_f64());
        }
    }

    /// One failed attempt to store a message; `kind` names the error (an SQLSTATE class).
    pub fn store_failed(&self, mailbox: &str, kind: &str) {
        self.store_failures.get_or_create(&why(mailbox, kind)).inc();
    }

    pub fn quarantined(&self, mailbox: &str, reason: &str) {
        self.quarantined.get_or_create(&why(mailbox, reason)).inc();
    }

    pub fn drafted(&self, took: Duration) {
        self.draft_seconds.observe(took.as_secs_f64());
    }

    pub fn request(&self, method: &str, route: &str, status: u16, took: Duration) {
        self.http
            .get_or_create(&Request {
                method: method.to_owned(),
                route: route.to_owned(),
                status,
            })
            .observe(took.as_secs_f64());
    }

    /// The text exposition, with the database's figures as of now: cases and outbox rows by
    /// status, and each mailbox's seconds since contact (None: never reached).
    pub fn render(
        &self,
        cases_by_status: &[(String, i64)],
        outbox_by_status: &[(String, i64)],
        mailbox_silence: &[(String, Option<f64>)],
    ) -> String {
        for (family, rows) in [
            (&self.cases, cases_by_status),
            (&self.outbox, outbox_by_status),
        ] {
            family.clear();
            for (status, n) in rows {
                family
                    .get_or_create(&StatusLabel {
                        status: status.clone(),
                    })
                    .set(*n);
            }
        }
        self.silence.clear();
        for (mailbox, seconds) in mailbox_silence {
            if let Some(seconds) = seconds {
                self.silence
                    .get_or_create(&MailboxLabel {
                        mailbox: mailbox.clone(),
                    })
                    .set(*seconds);
            }
        }
        let mut out = String::new();
        prometheus_client::encoding::text::encode(&mut out, &self.registry)
            .expect("writing to a String cannot fail");
        out
    }
}

fn why(mailbox: &str, reason: &str) -> WhyLabel {
    WhyLabel {
        mailbox: mailbox.to_owned(),
        reason: reason.to_owned(),
    }
}

/// The process's metrics.
pub fn global() -> &'static Metrics {
    static METRICS: OnceLock<Metrics> = OnceLock::new();
    METRICS.get_or_init(Metrics::new)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_database_figures_come_out_in_the_text_format() {
        let m = Metrics::new();
        m.message_taken("billing", "new_case", Some(Duration::from_secs(3)));
        m.message_taken("billing", "new_case", None);
        m.request("GET", "/cases/{id}", 200, Duration::from_millis(4));
        m.store_failed("billing", "program_limit_exceeded");
        m.quarantined("billing", "store_failed");
        let text = m.render(
            &[("open".into(), 7)],
            &[("pending".into(), 2)],
            &[("billing".into(), Some(1.5)), ("never".into(), None)],
        );
        for line in [
            r#"caseconsult_messages_taken_total{mailbox="billing",disposition="new_case"} 2"#,
            r#"caseconsult_intake_lag_seconds_count{mailbox="billing"} 1"#,
            r#"caseconsult_store_failures_total{mailbox="billing",reason="program_limit_exceeded"} 1"#,
            r#"caseconsult_messages_quarantined_total{mailbox="billing",reason="store_failed"} 1"#,
            r#"caseconsult_cases{status="open"} 7"#,
            r#"caseconsult_outbox_messages{status="pending"} 2"#,
            r#"caseconsult_mailbox_seconds_since_contact{mailbox="billing"} 1.5"#,
            r#"caseconsult_http_request_duration_seconds_count{method="GET",route="/cases/{id}",status="200"} 1"#,
        ] {
            assert!(text.lines().any(|l| l == line), "missing {line} in\n{text}");
        }
        assert!(!text.contains(r#"mailbox="never""#));
        assert!(text.ends_with("# EOF\n"));
        // A status gone from the database is gone from the next scrape.
        let next = m.render(&[], &[], &[]);
        assert!(!next.contains(r#"caseconsult_cases{status="open"}"#));
    }
}
