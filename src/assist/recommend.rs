//! The recommended answer: the codes the assistant would report, first-listed first.
//!
//! What goes in: each code the question names that can be reported as written (with the side
//! filled in when the written code has none and the question names one),
//! the mended code for each one that cannot (a header, a missing 7th character, an ICD-9-CM
//! code), the codes the guidelines and the written codes' notes ask for, and, when the question
//! names no code, the best match of its words. What does not: a code the guidelines say not to
//! report here (a symptom its diagnosis explains, a rule-out), a category asked about.
//!
//! The order is the guidelines': a code-first note puts its code ahead (I.A.13); a manifestation
//! follows its etiology (I.A.13); severe sepsis follows its infection (I.C.1.d.4); status,
//! history, BMI and weeks-of-gestation codes follow what they qualify (I.C.21, I.C.15.b.3);
//! external cause codes are never first-listed (I.C.20).

use std::collections::HashSet;

use super::checks::{self, Status};
use super::icd10cm::{compact, dotted, Icd10Cm};
use super::suggest::{Candidate, Origin};
use crate::domain::{CodeSystem, Recommendation};

pub fn recommend(
    icd: &Icd10Cm,
    statuses: &[(String, Status)],
    not_reported: &[String],
    candidates: &[Candidate],
) -> Vec<Recommendation> {
    let mut picked: Vec<Recommendation> = Vec::new();
    let mut add = |r: Recommendation| {
        if !picked.iter().any(|p| compact(&p.code) == compact(&r.code)) {
            picked.push(r);
        }
    };
    for (written, status) in statuses {
        match status {
            Status::Billable if !not_reported.contains(written) => {
                let sided = candidates.iter().find(|c| {
                    matches!(&c.origin, Origin::Side(w) if w == written)
                        && !names_side(icd, written)
                });
                add(match sided {
                    Some(c) => from_candidate(icd, c, format!("instead of {written}: ")),
                    None => named(icd, written),
                });
            }
            Status::Billable | Status::Family => {}
            _ => {
                let mend = candidates
                    .iter()
                    .find(|c| matches!(&c.origin, Origin::Mend(w) if w == written));
                if let Some(c) = mend {
                    add(from_candidate(icd, c, format!("replaces {written}: ")));
                }
            }
        }
    }
    for c in candidates {
        if matches!(c.origin, Origin::Rule | Origin::Note | Origin::Therapy) {
            add(from_candidate(icd, c, String::new()));
        }
    }
    if statuses.is_empty() {
        if let Some(c) = candidates.iter().find(|c| c.origin == Origin::Words) {
            add(from_candidate(icd, c, String::new()));
        }
    }
    in_reporting_order(icd, picked)
}

/// A code whose title already says right, left or bilateral needs no side filled in (an
/// "unspecified part" of a right femur is still the right femur).
fn names_side(icd: &Icd10Cm, code: &str) -> bool {
    icd.title(code).is_some_and(|t| {
        let t = t.to_lowercase();
        ["right", "left", "bilateral"]
            .iter()
            .any(|side| t.split(|c: char| !c.is_alphanumeric()).any(|w| w == *side))
    })
}

fn tabular_evidence(icd: &Icd10Cm, code: &str) -> String {
    format!(
        "Tabular (FY2026): {} {}, billable",
        dotted(&compact(code)),
        icd.title(code).unwrap_or_default()
    )
}

fn named(icd: &Icd10Cm, written: &str) -> Recommendation {
    let code = dotted(&compact(written));
    Recommendation {
        system: CodeSystem::Icd10cm,
        title: icd.title(&code).unwrap_or_default(),
        why: "named in the question and reportable as written".into(),
        evidence: tabular_evidence(icd, &code),
        code,
    }
}

fn from_candidate(icd: &Icd10Cm, c: &Candidate, lead: String) -> Recommendation {
    let s = &c.suggestion;
    Recommendation {
        system: s.system,
        code: s.code.clone(),
        title: s.title.clone(),
        why: format!("{lead}{}", s.why),
        evidence: tabular_evidence(icd, &s.code),
    }
}

/// Where a code goes by its kind: most codes in the order found, then those that only follow
/// others.
fn rank(icd: &Icd10Cm, code: &str) -> u8 {
    let c = compact(code);
    let manifestation = icd.title(&c).is_some_and(|t| {
        t.to_lowercase()
            .contains("in diseases classified elsewhere")
    });
    let follows = c.starts_with("R652")
        || c.starts_with("Z3A")
        || c.starts_with("Z68")
        || ["Z16", "Z17", "Z18", "Z19", "Z21"]
            .iter()
            .any(|p| c.starts_with(p))
        || ("Z77".."Z99~").contains(&c.as_str());
    let external = matches!(c.as_bytes().first(), Some(b'V' | b'W' | b'X' | b'Y'));
    match (manifestation || follows, external) {
        (_, true) => 3,
        (true, false) => 2,
        (false, false) => 1,
    }
}

/// Sorts by [`rank`], keeping the order found within a rank, then moves each code a code-first
/// note names ahead of the code whose note it is.
fn in_reporting_order(icd: &Icd10Cm, mut picked: Vec<Recommendation>) -> Vec<Recommendation> {
    picked.sort_by_key(|r| rank(icd, &r.code));
    let mut moved: HashSet<(String, String)> = HashSet::new();
    let mut changed = true;
    while changed {
        changed = false;
        'pairs: for later in 0..picked.len() {
            for earlier in 0..later {
                let (first, second) = (picked[later].code.clone(), picked[earlier].code.clone());
                if let Some(note) = checks::code_first_note(icd, &second, &first) {
                    if moved.insert((first, second.clone())) {
                        let mut r = picked.remove(later);
                        r.why = format!("{}; listed before {second}: {note}", r.why);
                        picked.insert(earlier, r);
                        changed = true;
                        break 'pairs;
                    }
                }
            }
        }
    }
    picked
}
