//! Tells a person's question from mail the desk must never answer automatically.

use crate::domain::{EmailAddress, ParsedMessage, QuarantineReason};

pub struct Policy<'a> {
    /// Every address of the desk, in lower case.
    pub desk_addresses: &'a [String],
    pub allowed_senders: &'a [String],
}

/// `None` for a message from a person that may open or extend a case.
pub fn quarantine_reason(msg: &ParsedMessage, policy: &Policy<'_>) -> Option<QuarantineReason> {
    use QuarantineReason::*;
    if msg.unparseable {
        return Some(Unparseable);
    }
    let s = &msg.signals;
    let Some(from) = &msg.from else {
        return Some(NoSender);
    };
    if policy.desk_addresses.iter().any(|a| a == from.as_str()) {
        return Some(OwnAddress);
    }
    let names_desk = |v: &String| {
        let v = v.to_lowercase();
        policy.desk_addresses.iter().any(|a| v.contains(a.as_str()))
    };
    if s.x_loop.iter().any(names_desk) {
        return Some(Loop);
    }
    if s.is_delivery_report || is_mailer_daemon(from) || s.return_path.as_deref() == Some("") {
        return Some(Bounce);
    }
    if s.auto_submitted
        .as_deref()
        .is_some_and(|v| !v.eq_ignore_ascii_case("no"))
        || s.x_autoreply
    {
        return Some(AutoReply);
    }
    if let Some(p) = s.precedence.as_deref() {
        let p = p.to_ascii_lowercase();
        if p == "bulk" || p == "junk" {
            return Some(Bulk);
        }
        if p == "list" {
            return Some(List);
        }
    }
    if s.has_list_headers {
        return Some(List);
    }
    if !policy.allowed_senders.is_empty() && !from.is_listed(policy.allowed_senders) {
        return Some(UnknownSender);
    }
    None
}

fn is_mailer_daemon(from: &EmailAddress) -> bool {
    let local = from.local_part();
    local.eq_ignore_ascii_case("mailer-daemon") || local.eq_ignore_ascii_case("postmaster")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::intake::parse::parse;

    fn classify(headers: &str, allowed: &[String]) -> Option<QuarantineReason> {
        let raw = format!("{headers}Subject: q\r\n\r\nbody\r\n");
        let msg = parse(raw.as_bytes(), 1024);
        quarantine_reason(
            &msg,
            &Policy {
                desk_addresses: &["billing@example.test".into(), "consult@example.test".into()],
                allowed_senders: allowed,
            },
        )
    }

    #[test]
    fn people_pass() {
        assert_eq!(classify("From: a@clinic.test\r\n", &[]), None);
        assert_eq!(
            classify("From: a@clinic.test\r\nAuto-Submitted: no\r\n", &[]),
            None
        );
    }

    #[test]
    fn robots_are_quarantined_with_their_reason() {
        use QuarantineReason::*;
        let cases = [
            ("From: a@clinic.test\r\nAuto-Submitted: auto-replied\r\n", AutoReply),
            ("From: a@clinic.test\r\nX-Autoreply: yes\r\n", AutoReply),
            ("From: MAILER-DAEMON@mx.test\r\n", Bounce),
            ("From: a@clinic.test\r\nReturn-Path: <>\r\n", Bounce),
            (
                "From: a@clinic.test\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=x\r\n",
                Bounce,
            ),
            ("From: a@clinic.test\r\nPrecedence: bulk\r\n", Bulk),
            ("From: a@clinic.test\r\nList-Id: <coders.lists.test>\r\n", List),
            ("From: Desk <Consult@example.test>\r\n", OwnAddress),
            ("From: a@clinic.test\r\nX-Loop: consult@example.test\r\n", Loop),
            ("From: Billing <billing@example.test>\r\n", OwnAddress),
            ("From: a@clinic.test\r\nX-Loop: Billing@Example.test\r\n", Loop),
            ("To: x@y.test\r\n", NoSender),
        ];
        for (headers, want) in cases {
            assert_eq!(classify(headers, &[]), Some(want), "{headers}");
        }
    }

    #[test]
    fn allow_list_takes_addresses_and_domains() {
        let allowed = vec!["@clinic.test".to_owned(), "solo@else.test".to_owned()];
        assert_eq!(classify("From: a@clinic.test\r\n", &allowed), None);
        assert_eq!(classify("From: solo@else.test\r\n", &allowed), None);
        assert_eq!(
            classify("From: stranger@else.test\r\n", &allowed),
            Some(QuarantineReason::UnknownSender)
        );
    }
}
