//! Raw mail as the IMAP server hands it over: MIME parsing (charsets, encodings, HTML, broken
//! structure), then what intake decides from it: classification and the case it threads into.

use caseconsult::domain::case_tag_in_subject;
use caseconsult::intake::classify::{quarantine_reason, Policy};
use caseconsult::intake::parse::parse;

fn main() {
    let desk = ["consult@example.test".to_owned()];
    let allowed = ["@clinic.test".to_owned()];
    afl::fuzz!(|raw: &[u8]| {
        let message = parse(raw, 64 * 1024);
        for allowed in [&allowed[..], &[]] {
            let policy = Policy {
                desk_addresses: &desk,
                allowed_senders: allowed,
            };
            let _ = quarantine_reason(&message, &policy);
        }
        let _ = case_tag_in_subject(&message.subject);
    });
}
