//! Assistant benchmarks (no servers needed): the time to load the built-in code set (built from
//! its XML, and read back prepared), the Index and Tables (parsed, and read back prepared), the
//! ICD-9 crosswalk, a whole `caseconsult assist` process, and the time to draft one case (parse,
//! extract, check, suggest) over the development set repeated 100 times in one process.

use std::process::Command;
use std::time::{Duration, Instant};

use caseconsult::assist::eval::parse_cases;
use caseconsult::assist::{icd9, Assistant, Icd10Cm, Lookup, PayerRules};
use caseconsult::domain::{InboundMessageId, MessageRef};

const ROUNDS: usize = 100;

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    // Load: the tabular XML (gzip) parsed, the billable set derived, the search index built
    // and the Index and Tables parsed.
    let mut loads = Vec::new();
    let mut assistant = None;
    for _ in 0..5 {
        let start = Instant::now();
        let icd = Icd10Cm::builtin().unwrap();
        let parsed = start.elapsed();
        let a = Assistant::new(icd, PayerRules::default());
        loads.push((start.elapsed(), parsed));
        assistant = Some(a);
    }
    let assistant = assistant.unwrap();
    loads.sort();
    let (load, parse) = loads[loads.len() / 2];
    println!(
        "code set load (built-in ICD-10-CM FY{}, {} billable), median of 5",
        assistant.icd.year,
        assistant.icd.billable_count()
    );
    println!(
        "  parse + derive {:.0} ms   + search index, Index and Tables {:.0} ms   = {:.0} ms",
        ms(parse),
        ms(load - parse),
        ms(load)
    );

    books();
    prepared_and_process();

    let cases = parse_cases(include_str!("../tests/fixtures/dev-cases.jsonl")).unwrap();
    let mut samples = Vec::with_capacity(cases.len() * ROUNDS);
    let mut per_case = vec![Vec::with_capacity(ROUNDS); cases.len()];
    let mut flags = 0;
    for _ in 0..ROUNDS {
        for (n, case) in cases.iter().enumerate() {
            let start = Instant::now();
            let draft = assistant.draft(&case.subject, &case.body);
            samples.push(start.elapsed());
            per_case[n].push(start.elapsed());
            flags += draft.flags.len();
        }
    }
    samples.sort();
    println!(
        "draft one case ({} cases x {ROUNDS} rounds, {flags} flags raised)",
        cases.len()
    );
    println!(
        "  p50 {:.2} ms   p99 {:.2} ms   max {:.2} ms",
        ms(percentile(&samples, 0.50)),
        ms(percentile(&samples, 0.99)),
        ms(*samples.last().unwrap())
    );
    // The tail is a few questions' own cost, not noise: name the slowest by their median.
    let mut medians: Vec<(Duration, &str)> = per_case
        .iter_mut()
        .zip(&cases)
        .map(|(times, case)| {
            times.sort();
            (percentile(times, 0.50), case.id.as_str())
        })
        .collect();
    medians.sort();
    let slowest: Vec<String> = medians
        .iter()
        .rev()
        .take(3)
        .map(|(d, id)| format!("{id} {:.2} ms", ms(*d)))
        .collect();
    println!("  slowest questions (median): {}", slowest.join(", "));

    draft_threads(&assistant, &cases);
}

/// A follow-up's draft covers its whole thread and credits each finding to a message, which
/// drafts the thread up to earlier messages too: the cost per message of the thread, with
/// consecutive dev cases standing in for a first mail and its follow-ups.
fn draft_threads(assistant: &Assistant, cases: &[caseconsult::assist::eval::Case]) {
    let received_at = chrono::DateTime::<chrono::Utc>::from_timestamp(1_796_306_520, 0).unwrap();
    for n in [2, 3, 5] {
        let mut samples = Vec::new();
        for _ in 0..ROUNDS / 4 {
            for thread in cases.windows(n) {
                let questions: Vec<(MessageRef, &str)> = thread
                    .iter()
                    .zip(1..)
                    .map(|(case, number)| {
                        let at = MessageRef {
                            inbound_message_id: InboundMessageId(i64::from(number)),
                            number,
                            received_at,
                            sender: None,
                        };
                        (at, case.body.as_str())
                    })
                    .collect();
                let start = Instant::now();
                let draft = assistant.draft_thread(&thread[n - 1].subject, &questions);
                samples.push(start.elapsed() / n as u32);
                assert!(draft.flags.iter().all(|f| f.from.is_some()));
            }
        }
        samples.sort();
        println!(
            "draft a thread of {n} messages ({} threads), per message",
            samples.len()
        );
        println!(
            "  p50 {:.2} ms   p99 {:.2} ms   max {:.2} ms",
            ms(percentile(&samples, 0.50)),
            ms(percentile(&samples, 0.99)),
            ms(*samples.last().unwrap())
        );
    }
}

/// The four books on their own: parsed from the shipped files, and read back from the form the
/// prepared file keeps them in; then the first question that walks the Index.
fn books() {
    let parses: Vec<Duration> = (0..5)
        .map(|_| {
            let start = Instant::now();
            Lookup::builtin().unwrap();
            start.elapsed()
        })
        .collect();
    let stored = postcard::to_stdvec(&Lookup::builtin().unwrap()).unwrap();
    let mut first_walks = Vec::new();
    let reads: Vec<Duration> = (0..5)
        .map(|_| {
            let start = Instant::now();
            let books: Lookup = postcard::from_bytes(&stored).unwrap();
            let read = start.elapsed();
            let start = Instant::now();
            books.index.paths(["pain"], &|w: &str| w == "pain");
            first_walks.push(start.elapsed());
            read
        })
        .collect();
    println!(
        "Index and Tables (median of 5; {:.1} MB prepared)",
        stored.len() as f64 / 1e6
    );
    println!(
        "  parsed from the shipped files {:.0} ms   read back prepared {:.0} ms   first walk of the Index {:.0} ms",
        ms(median(parses)),
        ms(median(reads)),
        ms(median(first_walks))
    );
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// What a start costs once the code set is prepared in the data directory, and what a whole
/// `caseconsult assist FILE` process costs, first run included.
fn prepared_and_process() {
    let data = tempfile::tempdir().unwrap();
    let first = Instant::now();
    let built = Assistant::load(Some(data.path())).unwrap();
    let first = first.elapsed();
    drop(built);
    let mut drops = Vec::new();
    let reads: Vec<Duration> = (0..5)
        .map(|_| {
            let start = Instant::now();
            let assistant = Assistant::load(Some(data.path())).unwrap();
            let ready = start.elapsed();
            let start = Instant::now();
            drop(assistant);
            drops.push(start.elapsed());
            ready
        })
        .collect();
    let crosswalk = Instant::now();
    let mapped = icd9::builtin().targets("25000").len();
    let crosswalk = crosswalk.elapsed();
    println!(
        "code set, its index and the Index and Tables ready from the prepared file (median of 5)"
    );
    println!(
        "  {:.0} ms, best {:.0} ms   (freeing it again: {:.0} ms; the first start builds and stores it: {:.0} ms)",
        ms(median(reads.clone())),
        ms(*reads.iter().min().unwrap()),
        ms(median(drops)),
        ms(first)
    );
    println!(
        "ICD-9-CM titles and crosswalk, first use: {:.0} ms ({mapped} targets for 250.00)",
        ms(crosswalk)
    );

    let config = data.path().join("caseconsult.toml");
    std::fs::write(
        &config,
        format!(
            "[assist]\ndata_dir = {:?}\n",
            data.path().display().to_string()
        ),
    )
    .unwrap();
    let mail = data.path().join("question.eml");
    std::fs::write(
        &mail,
        "From: coder@example.test\r\nSubject: ICD-9 on a superbill\r\n\r\nOur superbill still has 250.00 for type 2 diabetes on metformin. Which ICD-10-CM code?\r\n",
    )
    .unwrap();
    let runs: Vec<Duration> = (0..21)
        .map(|_| {
            let start = Instant::now();
            let out = Command::new(env!("CARGO_BIN_EXE_caseconsult"))
                .arg("--config")
                .arg(&config)
                .arg("assist")
                .arg(&mail)
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            start.elapsed()
        })
        .collect();
    let mut sorted = runs.clone();
    sorted.sort();
    println!("caseconsult assist FILE, one process each (21 runs, code set prepared)");
    println!(
        "  p50 {:.0} ms   p90 {:.0} ms   best {:.0} ms   max {:.0} ms",
        ms(percentile(&sorted, 0.5)),
        ms(percentile(&sorted, 0.9)),
        ms(sorted[0]),
        ms(*sorted.last().unwrap())
    );
}
