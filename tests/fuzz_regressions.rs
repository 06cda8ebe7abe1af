//! Every input a fuzz run (`deploy/fuzz.sh`) found a crash or hang with, replayed through the
//! same code as its target: `tests/fixtures/fuzz/<target>/`. The seed corpora run as well, so
//! the targets' code paths are exercised in every test run, not only under AFL.

use std::path::Path;
use std::time::{Duration, Instant};

#[path = "../fuzz/src/targets.rs"]
mod targets;

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
    // The first call loads the code set and the Index once per process: the hang limit is
    // about each input, not about that start.
    run(&all[0].1);
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
    each_in_time(
        inputs(&["fuzz/seeds/mime", "tests/fixtures/fuzz/mime"]),
        targets::mime,
    );
}

#[test]
fn text_inputs_split_clean_and_show() {
    each_in_time(
        inputs(&["fuzz/seeds/text", "tests/fixtures/fuzz/text"]),
        targets::text,
    );
}

#[test]
fn code_inputs_draft_and_check() {
    each_in_time(
        inputs(&["fuzz/seeds/text", "tests/fixtures/fuzz/codes"]),
        targets::codes,
    );
}
