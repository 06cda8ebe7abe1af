//! What each fuzz target runs on one input, shared by the AFL binaries (`fuzz/src/bin/`) and
//! the test that replays seeds and findings (`tests/fuzz_regressions.rs`).
#![allow(dead_code)] // each AFL binary runs one of the targets

use std::sync::OnceLock;

use caseconsult::assist::Assistant;
use caseconsult::domain::{case_tag_in_subject, RecommendedCode};
use caseconsult::intake::classify::{quarantine_reason, Policy};
use caseconsult::intake::parse::parse;

/// Raw mail as the IMAP server hands it over: MIME parsing (charsets, encodings, HTML, broken
/// structure), then what intake decides from it: classification and the case it threads into.
pub fn mime(raw: &[u8]) {
    let desk = ["consult@example.test".to_owned()];
    let allowed = ["@clinic.test".to_owned()];
    let message = parse(raw, 64 * 1024);
    for allowed in [&allowed[..], &[]] {
        let policy = Policy {
            desk_addresses: &desk,
            allowed_senders: allowed,
        };
        let _ = quarantine_reason(&message, &policy);
    }
    let _ = case_tag_in_subject(&message.subject);
}

/// A question's text as mail bodies carry it: the quoted earlier mail and signatures split off,
/// control characters cleaned, markup made visible text.
pub fn text(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let question = caseconsult::intake::quote::question_text(&text);
    assert!(
        question.len() <= text.len() + 16,
        "the question grew out of its mail"
    );
    let _ = caseconsult::intake::parse::clean_text(&text);
    let _ = caseconsult::assist::extract::visible_text(&text);
}

/// The assistant on any text (subject, newline, body): code mentions, the checks against the
/// code set and the guideline rules, the suggestions, and the checks of an answer's codes.
pub fn codes(data: &[u8]) {
    static ASSISTANT: OnceLock<Assistant> = OnceLock::new();
    let assistant = ASSISTANT.get_or_init(|| Assistant::load(None).expect("the built-in code set"));
    let text = String::from_utf8_lossy(data);
    let (subject, body) = text.split_once('\n').unwrap_or(("", &text));
    let draft = assistant.draft(subject, body);
    let codes: Vec<RecommendedCode> = draft
        .codes_mentioned
        .iter()
        .map(|m| RecommendedCode {
            system: m.system,
            code: m.code.clone(),
            title: String::new(),
            note: String::new(),
        })
        .collect();
    let _ = assistant.check_answer(body, &codes);
}
