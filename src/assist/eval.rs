//! Scores the assistant on consultation emails with known answers (the `dev-cases` format:
//! one JSON object a line with `subject`, `body`, `expected_icd10cm`, `expected_flags`).

use serde::{Deserialize, Serialize};

use super::Assistant;
use crate::domain::{Flag, FlagKind, Severity};

#[derive(Debug, Deserialize)]
pub struct Case {
    pub id: String,
    pub subject: String,
    pub body: String,
    pub expected_icd10cm: Vec<String>,
    /// Codes that are not wrong to propose, though not the answer.
    #[serde(default)]
    pub acceptable_icd10cm: Vec<String>,
    #[serde(default)]
    pub expected_flags: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct CaseResult {
    pub id: String,
    pub ranked: Vec<String>,
    /// The recommended answer, in reporting order.
    pub recommended: Vec<String>,
    pub missed_at_10: Vec<String>,
    pub missed_flags: Vec<String>,
    pub false_flags: Vec<String>,
    /// Guideline warnings outside the set's flag grammar that the expected answer bears out
    /// (counted in `false_flags_strict`, not in `false_flags`).
    pub borne_out: Vec<String>,
    /// Top-5 codes from a category that neither the expected nor the acceptable codes share.
    pub noise_at_5: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct Report {
    pub cases: usize,
    pub recall_at_5: f64,
    pub recall_at_10: f64,
    pub flag_recall: f64,
    pub false_flags_per_case: f64,
    /// Every error or warning the case does not list, guideline warnings borne out included.
    pub false_flags_strict_per_case: f64,
    /// The share of top-5 codes (billable codes the question names, then suggestions) whose
    /// 3-character category is in neither the expected nor the acceptable codes.
    pub noise_at_5: f64,
    /// The share of the suggestions in the top 5 (codes the question does not name) that are
    /// expected or acceptable codes, exactly.
    pub suggestion_precision_at_5: f64,
    /// The share of cases whose recommended answer lists the expected first code first.
    pub first_listed: f64,
    /// The share of expected codes in the recommended answer.
    pub recommended_recall: f64,
    /// The share of recommended codes that are expected or acceptable.
    pub recommended_precision: f64,
    pub results: Vec<CaseResult>,
}

pub fn parse_cases(jsonl: &str) -> Result<Vec<Case>, serde_json::Error> {
    jsonl
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(serde_json::from_str)
        .collect()
}

/// A flag in the dev set's grammar: `kind:X`, `excludes1:A|B` (sorted), `sequence:A>B`, `phi_present`.
pub fn flag_label(f: &Flag) -> String {
    match f.kind {
        FlagKind::PhiPresent => "phi_present".into(),
        FlagKind::Excludes1 => {
            let mut c = f.codes.clone();
            c.sort();
            format!("excludes1:{}", c.join("|"))
        }
        FlagKind::Sequence => format!("sequence:{}", f.codes.join(">")),
        kind => format!("{kind}:{}", f.codes.join(",")),
    }
}

/// The 3-character category of a code, dotted or not.
fn category(code: &str) -> &str {
    code.get(..3).unwrap_or(code)
}

fn off_topic(top: &[String], case: &Case) -> Vec<String> {
    top.iter()
        .filter(|c| {
            !case
                .expected_icd10cm
                .iter()
                .chain(&case.acceptable_icd10cm)
                .any(|e| category(e) == category(c))
        })
        .cloned()
        .collect()
}

/// A written code as the sets spell it: upper case, no dot.
fn bare(code: &str) -> String {
    code.trim().replace('.', "").to_ascii_uppercase()
}

/// The sets' flag grammar has no kind for "the guidelines report this differently", so a
/// guideline warning on written codes is judged against the expected answer: it is borne out
/// when the answer drops one of the codes it names, or reports them in another order than the
/// mail wrote them.
fn borne_out(flag: &Flag, case: &Case) -> bool {
    if flag.kind != FlagKind::Guideline || flag.codes.is_empty() {
        return false;
    }
    let answer: Vec<String> = case
        .expected_icd10cm
        .iter()
        .chain(&case.acceptable_icd10cm)
        .map(|c| bare(c))
        .collect();
    let named: Vec<String> = flag.codes.iter().map(|c| bare(c)).collect();
    if named.iter().any(|c| !answer.contains(c)) {
        return true;
    }
    let text = bare(&case.body);
    let mut written: Vec<&String> = named.iter().collect();
    written.sort_by_key(|c| text.find(c.as_str()).unwrap_or(usize::MAX));
    let mut reported = written.clone();
    reported.sort_by_key(|c| answer.iter().position(|a| a == *c));
    written.len() > 1 && written != reported
}

fn is_info(label: &str) -> bool {
    label.starts_with("use_additional:") || label.starts_with("code_also:")
}

pub fn evaluate(assistant: &Assistant, cases: &[Case]) -> Report {
    let (mut found5, mut found10, mut expected) = (0usize, 0usize, 0usize);
    let (mut flags_found, mut flags_expected, mut false_flags) = (0usize, 0usize, 0usize);
    let mut false_strict = 0usize;
    let (mut noisy, mut shown) = (0usize, 0usize);
    let (mut proposed, mut proposed_right) = (0usize, 0usize);
    let (mut first_right, mut rec_found, mut rec_total, mut rec_right) = (0, 0, 0, 0);
    let mut results = Vec::new();
    for case in cases {
        let draft = assistant.draft(&case.subject, &case.body);
        // The candidates as the desk shows them: the recommended answer, then the billable codes
        // the mail names, then the other suggestions.
        let billable_named = draft
            .codes_mentioned
            .iter()
            .filter(|m| m.status == "billable")
            .map(|m| &m.code);
        let mut ranked: Vec<String> = Vec::new();
        for code in draft
            .recommended
            .iter()
            .map(|r| &r.code)
            .chain(billable_named)
        {
            if !ranked.contains(code) {
                ranked.push(code.clone());
            }
        }
        let named = ranked.len();
        for s in &draft.suggestions {
            if !ranked.contains(&s.code) {
                ranked.push(s.code.clone());
            }
        }
        let top = |k: usize| &ranked[..ranked.len().min(k)];
        for s in top(5).iter().skip(named) {
            proposed += 1;
            proposed_right += usize::from(
                case.expected_icd10cm.contains(s) || case.acceptable_icd10cm.contains(s),
            );
        }
        let hits = |k: usize| {
            case.expected_icd10cm
                .iter()
                .filter(|c| top(k).contains(c))
                .count()
        };
        found5 += hits(5);
        found10 += hits(10);
        expected += case.expected_icd10cm.len();
        let fired: Vec<String> = draft.flags.iter().map(flag_label).collect();
        let graded: Vec<&String> = case.expected_flags.iter().filter(|f| !is_info(f)).collect();
        let missed_flags: Vec<String> = graded
            .iter()
            .filter(|f| !fired.contains(f))
            .map(|f| f.to_string())
            .collect();
        flags_expected += graded.len();
        flags_found += graded.len() - missed_flags.len();
        let (borne, wrong): (Vec<&Flag>, Vec<&Flag>) = draft
            .flags
            .iter()
            .filter(|f| f.severity != Severity::Info)
            .filter(|f| !case.expected_flags.contains(&flag_label(f)))
            .partition(|f| borne_out(f, case));
        let wrong: Vec<String> = wrong.into_iter().map(flag_label).collect();
        let borne: Vec<String> = borne.into_iter().map(flag_label).collect();
        false_flags += wrong.len();
        false_strict += wrong.len() + borne.len();
        let recommended: Vec<String> = draft.recommended.iter().map(|r| r.code.clone()).collect();
        first_right += usize::from(
            !recommended.is_empty() && recommended.first() == case.expected_icd10cm.first(),
        );
        rec_found += case
            .expected_icd10cm
            .iter()
            .filter(|c| recommended.contains(c))
            .count();
        rec_total += recommended.len();
        rec_right += recommended
            .iter()
            .filter(|c| case.expected_icd10cm.contains(c) || case.acceptable_icd10cm.contains(c))
            .count();
        let noise = off_topic(top(5), case);
        noisy += noise.len();
        shown += top(5).len();
        results.push(CaseResult {
            id: case.id.clone(),
            missed_at_10: case
                .expected_icd10cm
                .iter()
                .filter(|c| !top(10).contains(c))
                .cloned()
                .collect(),
            ranked,
            recommended,
            missed_flags,
            false_flags: wrong,
            borne_out: borne,
            noise_at_5: noise,
        });
    }
    let ratio = |a: usize, b: usize| if b == 0 { 1.0 } else { a as f64 / b as f64 };
    Report {
        cases: cases.len(),
        recall_at_5: ratio(found5, expected),
        recall_at_10: ratio(found10, expected),
        flag_recall: ratio(flags_found, flags_expected),
        false_flags_per_case: ratio(false_flags, cases.len()),
        false_flags_strict_per_case: ratio(false_strict, cases.len()),
        noise_at_5: if shown == 0 {
            0.0
        } else {
            noisy as f64 / shown as f64
        },
        suggestion_precision_at_5: ratio(proposed_right, proposed),
        first_listed: ratio(first_right, cases.len()),
        recommended_recall: ratio(rec_found, expected),
        recommended_precision: ratio(rec_right, rec_total),
        results,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn noise_counts_top_codes_outside_every_expected_or_acceptable_category() {
        let case = Case {
            id: "t".into(),
            subject: String::new(),
            body: String::new(),
            expected_icd10cm: vec!["M54.50".into()],
            acceptable_icd10cm: vec!["Z79.899".into()],
            expected_flags: Vec::new(),
        };
        let top: Vec<String> = ["M54.59", "K55.9", "Z79.4", "S36.115A"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(off_topic(&top, &case), ["K55.9", "S36.115A"]);
    }

    fn guideline_warning(codes: &[&str]) -> Flag {
        Flag {
            kind: FlagKind::Guideline,
            severity: Severity::Warning,
            codes: codes.iter().map(|c| c.to_string()).collect(),
            message: String::new(),
            evidence: String::new(),
            rule: None,
            from: None,
        }
    }

    #[test]
    fn a_guideline_warning_counts_as_right_only_when_the_answer_drops_or_reorders_its_codes() {
        let case = |body: &str, expected: &[&str]| Case {
            id: "t".into(),
            subject: String::new(),
            body: body.into(),
            expected_icd10cm: expected.iter().map(|c| c.to_string()).collect(),
            acceptable_icd10cm: Vec::new(),
            expected_flags: Vec::new(),
        };
        let replaced = case("We billed i10 and N18.31", &["I12.9", "N18.31"]);
        assert!(borne_out(&guideline_warning(&["I10", "N18.31"]), &replaced));
        let reordered = case("Encoder gave J80 first then U07.1", &["U07.1", "J80"]);
        assert!(borne_out(&guideline_warning(&["U07.1", "J80"]), &reordered));
        let as_written = case("Billed U07.1 then J80", &["U07.1", "J80"]);
        assert!(!borne_out(
            &guideline_warning(&["U07.1", "J80"]),
            &as_written
        ));
        assert!(!borne_out(&guideline_warning(&["U07.1"]), &as_written));
        let mut excludes = guideline_warning(&["I10"]);
        excludes.kind = FlagKind::Excludes1;
        assert!(
            !borne_out(&excludes, &replaced),
            "only guideline warnings are judged so"
        );
    }
}
