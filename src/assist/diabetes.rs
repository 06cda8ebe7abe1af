//! Diabetes is coded with as many codes of its category as it has complications (I.C.4.a):
//! each complication the question names under "Diabetes, with" in the Alphabetic Index is a
//! code of the category the answer reports, and "with unspecified complications" (E1x.8) or
//! "without complications" (E1x.9) gives way to them.

use super::entries;
use super::icd10cm::{compact, Icd10Cm};
use super::lookup::{Book, Edition, TermId};
use super::suggest::{Index, Query};
use crate::domain::Recommendation;

/// The diabetes categories: due to an underlying condition, drug-induced, type 1, type 2,
/// other specified.
const CATEGORIES: [&str; 5] = ["E08", "E09", "E10", "E11", "E13"];

fn category(code: &str) -> Option<&'static str> {
    let c = compact(code);
    CATEGORIES.into_iter().find(|k| c.starts_with(k))
}

/// E1x.8 and E1x.9 say nothing of the complications the other codes name.
fn says_no_complication(code: &str) -> bool {
    let c = compact(code);
    c.len() == 4 && (c.ends_with('8') || c.ends_with('9'))
}

/// Complications of one group (the kidneys E1x.2-, the eyes E1x.3-, circulation E1x.5-) are
/// one code; the nervous system's (E1x.4-) and the others (E1x.6-: arthropathy, skin, mouth,
/// hypo- and hyperglycemia) are a code each.
fn same_complication(a: &str, b: &str) -> bool {
    let (a, b) = (compact(a), compact(b));
    match a.as_bytes().get(3) {
        Some(b'4' | b'6') => a.get(..5) == b.get(..5),
        _ => a.get(..4) == b.get(..4),
    }
}

pub fn each_complication(
    icd: &Icd10Cm,
    index: &Book,
    search: &Index,
    q: &Query,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let Some(kind) = picked.iter().find_map(|p| category(&p.code)) else {
        return picked;
    };
    let Some(with) = index.find(&["Diabetes", "with"]) else {
        return picked;
    };
    for (term, given) in complications(index, with, q) {
        // "Diabetes, with" gives type 2's codes (E11); the same complication of the answer's
        // category has the same digits after it.
        let code = format!("{kind}{}", &given[3..]);
        let Some(code) = entries::billable(icd, search, q, &code) else {
            continue;
        };
        // "Other specified complication" is what a coder reaches for when the Index names
        // none: not a reading of the question's words.
        let title = icd.title(&code).unwrap_or_default().to_lowercase();
        if title.contains("other specified") || title.contains("unspecified complications") {
            continue;
        }
        if picked
            .iter()
            .any(|p| category(&p.code) == Some(kind) && same_complication(&p.code, &code))
        {
            continue;
        }
        let why = "diabetes is reported with a code for each complication the question names (I.C.4.a; the \"with\" convention, I.A.15)".to_owned();
        let mut r = index.recommend(Edition::Alphabetic, icd, term, &code, why);
        r.evidence = r.evidence.replacen(
            "Diabetes, diabetic, with",
            &format!("Diabetes, diabetic, with (as {kind})"),
            1,
        );
        let after = picked
            .iter()
            .rposition(|p| category(&p.code) == Some(kind))
            .map_or(picked.len(), |i| i + 1);
        picked.insert(after, r);
    }
    let specific = picked
        .iter()
        .any(|p| category(&p.code) == Some(kind) && !says_no_complication(&p.code));
    if specific {
        picked.retain(|p| category(&p.code) != Some(kind) || !says_no_complication(&p.code));
    }
    picked
}

/// The "Diabetes, with" entries the question names, each branch read as deep as its words go.
fn complications(index: &Book, with: TermId, q: &Query) -> Vec<(TermId, String)> {
    let mut best: Vec<(TermId, usize, String)> = Vec::new();
    for p in index.paths_under(with, &|w: &str| q.has(w)) {
        let Some(code) = index.code_at(p.term) else {
            continue;
        };
        if p.words == 0 || !code.starts_with("E11") {
            continue;
        }
        let branch = index.path(p.term).get(2).copied().unwrap_or_default();
        match best
            .iter_mut()
            .find(|(t, ..)| index.path(*t).get(2).copied() == Some(branch))
        {
            Some(b) if p.words > b.1 => *b = (p.term, p.words, code),
            Some(_) => {}
            None => best.push((p.term, p.words, code)),
        }
    }
    best.into_iter().map(|(t, _, c)| (t, c)).collect()
}
