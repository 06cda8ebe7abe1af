//! Assistant benchmarks (no servers needed): the time to load the built-in code set, and the
//! time to draft one case (parse, extract, check, suggest) over the development set repeated
//! 100 times in one process.

use std::time::{Duration, Instant};

use caseconsult::assist::eval::parse_cases;
use caseconsult::assist::{Assistant, Icd10Cm, PayerRules};

const ROUNDS: usize = 100;

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    // Load: the tabular XML (gzip) parsed, the billable set derived, the search index built.
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
        "  parse + derive {:.0} ms   + search index {:.0} ms   = {:.0} ms",
        ms(parse),
        ms(load - parse),
        ms(load)
    );

    let cases = parse_cases(include_str!("../tests/fixtures/dev-cases.jsonl")).unwrap();
    let mut samples = Vec::with_capacity(cases.len() * ROUNDS);
    let mut flags = 0;
    for _ in 0..ROUNDS {
        for case in &cases {
            let start = Instant::now();
            let draft = assistant.draft(&case.subject, &case.body);
            samples.push(start.elapsed());
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
}
