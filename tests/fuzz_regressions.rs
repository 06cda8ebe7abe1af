//! Every input a fuzz run (`deploy/fuzz.sh`) found a crash or hang with, replayed through the
//! same code as its target: `tests/fixtures/fuzz/<target>/`. The seed corpora run as well, so
//! the targets' code paths are exercised in every test run, not only under AFL.

use std::path::Path;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use caseconsult::assist::Assistant;
use caseconsult::domain::{case_tag_in_subject, RecommendedCode};
use caseconsult::intake::classify::{quarantine_reason, Policy};
use caseconsult::intake::parse::parse;

/// Files under each of `dirs` below the crate root.
fn inputs(dirs: &[&str]) -> Vec<(String, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut all = Vec::new();
    for dir in dirs {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_file() && path.extension().is_none_or(|e| e != "md") {
                all.push((path.display().to_string(), std::fs::read(&path).unwrap()));
            }
        }
    }
    all.sort();
    all
}

/// Each input within a second, as the fuzzer's hang limit.
fn each_in_time(all: Vec<(String, Vec<u8>)>, run: impl Fn(&[u8])) {
    assert!(!all.is_empty(), "no inputs found");
    for (name, data) in all {
        let started = Instant::now();
        run(&data);
        assert!(
            started.elapsed() < Duration::from_secs(1),
            "{name} took {:?}",
            started.elapsed()
        );
    }
}

#[test]
fn mime_inputs_parse_classify_and_thread() {
    let desk = ["consult@example.test".to_owned()];
    each_in_time(
        inputs(&["fuzz/seeds/mime", "tests/fixtures/fuzz/mime"]),
        |raw| {
            let message = parse(raw, 64 * 1024);
            let policy = Policy {
                desk_addresses: &desk,
                allowed_senders: &[],
            };
            let _ = quarantine_reason(&message, &policy);
            let _ = case_tag_in_subject(&message.subject);
        },
    );
}

#[test]
fn text_inputs_split_clean_and_show() {
    each_in_time(
        inputs(&["fuzz/seeds/text", "tests/fixtures/fuzz/text"]),
        |data| {
            let text = String::from_utf8_lossy(data);
            let question = caseconsult::intake::quote::question_text(&text);
            assert!(question.len() <= text.len() + 16);
            let _ = caseconsult::intake::parse::clean_text(&text);
            let _ = caseconsult::assist::extract::visible_text(&text);
        },
    );
}

#[test]
fn code_inputs_draft_and_check() {
    static ASSISTANT: OnceLock<Assistant> = OnceLock::new();
    let assistant = ASSISTANT.get_or_init(|| Assistant::load(None).unwrap());
    each_in_time(
        inputs(&["fuzz/seeds/text", "tests/fixtures/fuzz/codes"]),
        |data| {
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
        },
    );
}
