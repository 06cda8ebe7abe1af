//! Servers with a certificate of their own: Dovecot and Postfix present a self-signed
//! certificate made with `openssl req -x509` (so marked CA:TRUE) for 127.0.0.2, and the same
//! certificate on 127.0.0.3, a name it does not carry.

mod common;

use std::path::PathBuf;
use std::time::Duration;

use caseconsult::config::{ImapConfig, Secret, SmtpConfig, TlsMode};
use caseconsult::outbox::{Mailer, SendError};
use common::*;

fn self_signed() -> PathBuf {
    env("SELF_SIGNED_CERT").into()
}

/// The certificate's fingerprint exactly as `openssl x509 -noout -fingerprint -sha256` prints it.
fn openssl_fingerprint() -> String {
    let out = std::process::Command::new("openssl")
        .args(["x509", "-noout", "-fingerprint", "-sha256", "-in"])
        .arg(self_signed())
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

fn imap(user: &User, host: &str, tls: TlsMode) -> ImapConfig {
    ImapConfig {
        host: host.into(),
        port: port(if tls == TlsMode::Implicit {
            "IMAPS_PORT"
        } else {
            "IMAP_PORT"
        }),
        tls,
        username: user.address.clone(),
        password: Secret::new(&user.password),
        timeout_secs: 10,
        ..ImapConfig::default()
    }
}

async fn imap_error(cfg: &ImapConfig) -> Option<String> {
    caseconsult::tls::install_crypto_provider();
    match caseconsult::imap::connect(cfg).await {
        Ok((mut session, _)) => {
            let _ = session.logout().await;
            None
        }
        Err(e) => Some(e.to_string()),
    }
}

#[tokio::test]
async fn imap_trusts_a_self_signed_ca_true_certificate_named_in_ca_file() {
    let user = User::new("tls");
    for tls in [TlsMode::Implicit, TlsMode::Starttls] {
        let mut cfg = imap(&user, &env("SELF_SIGNED_HOST"), tls);
        let refused = imap_error(&cfg).await.expect("not trusted without ca_file");
        assert!(refused.to_lowercase().contains("certificate"), "{refused}");
        cfg.ca_file = Some(self_signed());
        assert_eq!(imap_error(&cfg).await, None, "{tls:?}");
    }
}

#[tokio::test]
async fn the_host_name_is_still_checked_for_a_certificate_in_ca_file() {
    let user = User::new("tls");
    let mut cfg = imap(&user, &env("SELF_SIGNED_OTHER_HOST"), TlsMode::Implicit);
    cfg.ca_file = Some(self_signed());
    let refused = imap_error(&cfg)
        .await
        .expect("a name the certificate does not carry");
    assert!(
        refused.contains("not valid for name") || refused.contains("NotValidForName"),
        "{refused}"
    );
    // The rig's CA-signed server on 127.0.0.1 is not trusted by the self-signed certificate.
    let mut other = imap(&user, "127.0.0.1", TlsMode::Implicit);
    other.ca_file = Some(self_signed());
    assert!(imap_error(&other).await.is_some());
}

#[tokio::test]
async fn a_pinned_fingerprint_trusts_that_certificate_alone() {
    let user = User::new("tls");
    // Pinned: no CA and no host name needed, in the form openssl prints and without colons.
    let printed = openssl_fingerprint();
    let bare = printed.rsplit_once('=').unwrap().1.replace(':', "");
    for pin in [printed.clone(), format!("sha256:{bare}")] {
        let mut cfg = imap(&user, &env("SELF_SIGNED_OTHER_HOST"), TlsMode::Starttls);
        cfg.tls_fingerprint = Some(pin.clone());
        assert_eq!(imap_error(&cfg).await, None, "{pin}");
    }
    // Another server's certificate does not match the pin.
    let mut cfg = imap(&user, "127.0.0.1", TlsMode::Implicit);
    cfg.tls_fingerprint = Some(printed);
    let refused = imap_error(&cfg).await.expect("a different certificate");
    assert!(refused.contains("not the one pinned"), "{refused}");
}

fn smtp(host: &str, tls: TlsMode) -> SmtpConfig {
    SmtpConfig {
        host: host.into(),
        port: port(if tls == TlsMode::Implicit {
            "SMTPS_PORT"
        } else {
            "SMTP_PORT"
        }),
        tls,
        from: "Coding Desk <desk@example.test>".into(),
        timeout_secs: 10,
        ..SmtpConfig::default()
    }
}

async fn smtp_send(cfg: &SmtpConfig, to: &User, subject: &str) -> Result<(), SendError> {
    let mailer = Mailer::new(cfg).expect("a valid SMTP configuration");
    let message = lettre::Message::builder()
        .from("Coding Desk <desk@example.test>".parse().unwrap())
        .to(to.address.parse().unwrap())
        .subject(subject)
        .body("Over TLS.".to_owned())
        .unwrap();
    mailer.send(&message).await
}

#[tokio::test]
async fn smtp_sends_over_a_self_signed_certificate_by_ca_file_or_pin() {
    let to = User::new("tlsrcpt");
    let host = env("SELF_SIGNED_HOST");
    let mut implicit = smtp(&host, TlsMode::Implicit);
    let refused = smtp_send(&implicit, &to, "untrusted").await;
    assert!(
        matches!(refused, Err(SendError::Transient(_))),
        "{refused:?}"
    );
    implicit.ca_file = Some(self_signed());
    smtp_send(&implicit, &to, "implicit TLS, ca_file")
        .await
        .unwrap();

    let mut starttls = smtp(&env("SELF_SIGNED_OTHER_HOST"), TlsMode::Starttls);
    starttls.port = port("SMTP_PORT");
    starttls.host = host.clone();
    starttls.tls_fingerprint = Some(openssl_fingerprint());
    smtp_send(&starttls, &to, "STARTTLS, pinned").await.unwrap();

    let mut wrong_pin = smtp(&host, TlsMode::Starttls);
    wrong_pin.tls_fingerprint = Some(format!("sha256:{}", "00".repeat(32)));
    let refused = smtp_send(&wrong_pin, &to, "wrong pin").await;
    assert!(
        matches!(&refused, Err(SendError::Transient(e)) if e.contains("not the one pinned")),
        "{refused:?}"
    );

    let arrived = wait_for_mail(&to, "INBOX", 2, Duration::from_secs(30)).await;
    let subjects: Vec<String> = arrived
        .iter()
        .filter_map(|m| header(m, "Subject"))
        .collect();
    assert!(
        subjects.contains(&"implicit TLS, ca_file".to_owned()),
        "{subjects:?}"
    );
    assert!(
        subjects.contains(&"STARTTLS, pinned".to_owned()),
        "{subjects:?}"
    );
}

#[test]
fn a_malformed_fingerprint_stops_the_configuration() {
    let err = caseconsult::config::Config::load(
        None,
        [(
            "CASECONSULT_SMTP_TLS_FINGERPRINT".to_owned(),
            "sha256:12:34".to_owned(),
        )],
    )
    .unwrap_err();
    assert!(err.to_string().contains("smtp.tls_fingerprint"), "{err}");
}
