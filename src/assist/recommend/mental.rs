//! Mental disorders due to a physiological condition, dementia, and psychoactive substance use
//! (Chapter 5).

use std::sync::LazyLock;

use regex::Regex;

use super::denied::said_undenied;
use super::{line_instead, named, recode};
use crate::assist::checks;
use crate::assist::entries::Entry;
use crate::assist::icd10cm::{compact, Icd10Cm};
use crate::domain::Recommendation;

/// A cause a clause gives for what precedes it: "anxiety disorder due to hyperthyroidism".
static CAUSED: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)([^.;:\n(]{0,60})\b(?:due to|secondary to|caused by|because of|d/t)\s+([^.;:,\n)]{1,60})").unwrap()
});

/// A mental disorder the question says is due to another condition of the answer (anxiety
/// "due to hyperthyroidism" beside E05.00) is the chapter's disorder "due to known
/// physiological condition" (F06.4, not F41.9), after the condition that causes it (the F06 and
/// F07 "code first the underlying physiological condition" notes, I.A.13).
pub(super) fn a_mental_disorder_due_to_a_physiological_condition(
    icd: &Icd10Cm,
    text: &str,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let lower = text.to_lowercase();
    let terms = |c: &str| super::ground::title_terms_of(icd, c);
    let like = |a: &str, b: &str| a.get(..6).unwrap_or(a) == b.get(..6).unwrap_or(b);
    // A category's own words name the condition too: "Thyrotoxicosis [hyperthyroidism]".
    let lineage_terms = |c: &str| -> Vec<String> {
        icd.node_index(c)
            .map(|i| super::ground::lineage_words(icd, &icd.lineage(i).0))
            .unwrap_or_default()
            .into_iter()
            .filter(|w| !super::ground::is_qualifier(w))
            .collect()
    };
    let for_physiology: Vec<String> = ["F06", "F07"]
        .iter()
        .flat_map(|k| icd.billable_below(k))
        .filter(|c| {
            icd.title(c)
                .is_some_and(|t| t.contains("due to known physiological condition"))
        })
        .collect();
    for at in 0..picked.len() {
        let code = compact(&picked[at].code);
        if !code.starts_with('F')
            || ["F0", "F1"].iter().any(|k| code.starts_with(k))
            || icd
                .title(&code)
                .is_some_and(|t| t.contains("physiological"))
        {
            continue;
        }
        // "Disorder" is what every such title says; the kind of disorder is what matches.
        let disorder = super::text::title_terms("disorder");
        let own: Vec<String> = super::ground::concepts(&icd.title(&code).unwrap_or_default())
            .into_iter()
            .filter(|w| !disorder.contains(w))
            .collect();
        let cause = CAUSED.captures_iter(&lower).find_map(|m| {
            let (before, after) = (&m[1], super::text::title_terms(&m[2]));
            let named_here = super::text::title_terms(before)
                .iter()
                .any(|t| own.iter().any(|o| like(o, t)));
            if !named_here || before.trim_end().ends_with("not") {
                return None;
            }
            picked.iter().position(|o| {
                let c = compact(&o.code);
                !c.starts_with('F')
                    && !c.starts_with('T')
                    && !c.starts_with('Z')
                    && lineage_terms(&c).iter().any(|w| after.contains(w))
            })
        });
        let Some(cause) = cause else {
            continue;
        };
        let shared = |c: &String| {
            terms(c)
                .iter()
                .filter(|t| own.iter().any(|o| like(o, t)))
                .count()
        };
        let best = for_physiology.iter().map(shared).max().unwrap_or(0);
        let Some(instead) = for_physiology
            .iter()
            .filter(|c| best > 0 && shared(c) == best)
            .min_by_key(|c| terms(c).len())
        else {
            continue;
        };
        let why = format!(
            "instead of {}: the question says it is due to {} (a disorder due to known physiological condition, after its cause: I.A.13)",
            picked[at].code, picked[cause].code
        );
        recode(icd, &mut picked[at], instead, why);
        if cause > at {
            let moved = picked.remove(cause);
            picked.insert(at, moved);
        }
    }
    picked
}

/// A dementia the record says a disease causes (Alzheimer's, frontotemporal, Lewy body,
/// Parkinson's: the etiology code's "use additional code" note names F02) is the F02 line
/// after the disease (I.A.13), of the severity and the disturbance the question states
/// (I.C.5.d: mild, moderate, severe; agitation, other behavioral, psychotic, mood, anxiety),
/// in place of an unspecified dementia (F03) written for it; where the answer has no such
/// disease, the Index entry of the dementia the question names gives it (Dementia,
/// frontotemporal → G31.09).
pub(super) fn dementia_with_the_disease_that_causes_it(
    icd: &Icd10Cm,
    entries: &[Entry],
    text: &str,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let causes = |code: &str| checks::asks_for_additional(icd, code, "F02.80");
    // A dementia line beside its disease has its place; one with no disease is read again
    // with the disease in front of it.
    let dementia_line = |code: &str| code.starts_with("F03") || code.starts_with("F02");
    let coded_with_its_disease =
        picked.iter().any(|p| p.code.starts_with("F02")) && picked.iter().any(|p| causes(&p.code));
    if !said_undenied(&DEMENTIA, text) || coded_with_its_disease {
        return picked;
    }
    let cause = match picked.iter().position(|p| causes(&p.code)) {
        Some(at) => at,
        None => {
            let Some(e) = entries
                .iter()
                .filter(|e| e.literal && causes(&e.code))
                .max_by_key(|e| e.words)
            else {
                return picked;
            };
            let at = picked
                .iter()
                .position(|p| dementia_line(&p.code))
                .unwrap_or(0);
            let why = "the disease the dementia the question names is due to, coded first (I.A.13)";
            picked.insert(at, e.recommendation(icd, why.into()));
            at
        }
    };
    let severity = [('C', &*SEVERE), ('B', &*MODERATE), ('A', &*MILD)]
        .into_iter()
        .find(|(_, cue)| said_undenied(cue, text))
        .map_or('8', |(s, _)| s);
    let disturbance = [
        ("11", &*AGITATION),
        ("2", &*PSYCHOTIC),
        ("18", &*OTHER_BEHAVIOR),
        ("3", &*MOOD),
        ("4", &*ANXIETY),
    ]
    .into_iter()
    .find(|(_, cue)| said_undenied(cue, text))
    .map_or("0", |(d, _)| d);
    let code = format!("F02{severity}{disturbance}");
    if !icd.is_billable(&code) {
        return picked;
    }
    let written_for_it: Vec<String> = picked
        .iter()
        .filter(|p| dementia_line(&p.code))
        .map(|p| p.code.clone())
        .collect();
    let mut r = named(icd, &code);
    r.why = format!(
        "{}the dementia the record says {} causes, after it (I.A.13), of the severity and disturbance the question states (I.C.5.d)",
        if written_for_it.is_empty() {
            String::new()
        } else {
            format!("instead of {}: ", written_for_it.join(", "))
        },
        picked[cause].code
    );
    picked.retain(|p| !dementia_line(&p.code));
    let cause = picked.iter().position(|p| causes(&p.code)).unwrap_or(0);
    picked.insert(cause + 1, r);
    picked
}

static DEMENTIA: LazyLock<Regex> =
    LazyLock::new(|| super::text::regex(r"(?i)\bdementia\b").expect("a cue"));
static MILD: LazyLock<Regex> =
    LazyLock::new(|| super::text::regex(r"(?i)\bmild\b").expect("a cue"));
static MODERATE: LazyLock<Regex> =
    LazyLock::new(|| super::text::regex(r"(?i)\bmoderate\b").expect("a cue"));
static SEVERE: LazyLock<Regex> =
    LazyLock::new(|| super::text::regex(r"(?i)\bsevere\b").expect("a cue"));
static AGITATION: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:agitat\w*|aggress\w*|combative\w*|violent|verbal outbursts?|physical outbursts?)\b").expect("a cue")
});
static PSYCHOTIC: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:psycho\w*|hallucinat\w*|delusion\w*|paranoi\w*)\b")
        .expect("a cue")
});
static OTHER_BEHAVIOR: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(
        r"(?i)\b(?:disinhibit\w*|sleep disturbance|wandering|behavio(?:u)?ral disturbance)\b",
    )
    .expect("a cue")
});
static MOOD: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:depressi\w*|apathy|anhedonia|mood disturbance)\b").expect("a cue")
});
static ANXIETY: LazyLock<Regex> =
    LazyLock::new(|| super::text::regex(r"(?i)\banxi\w*\b").expect("a cue"));

/// A dementia that worsens during the stay is coded once, at the highest severity the record
/// gives (I.C.5.d): F01.A11 (mild) beside F01.B11 (moderate) is F01.B11. The severity is the
/// fourth character of F01-F03: A mild, B moderate, C severe.
pub(super) fn dementia_at_its_highest_severity(picked: Vec<Recommendation>) -> Vec<Recommendation> {
    // The dementia apart from its severity, and the severity.
    let graded = |code: &str| -> Option<(String, char)> {
        let c = compact(code);
        let severity = c.chars().nth(3).filter(|s| ('A'..='C').contains(s))?;
        ["F01", "F02", "F03"]
            .contains(&c.get(..3)?)
            .then(|| (format!("{}{}", &c[..3], &c[4..]), severity))
    };
    let milder = |r: &Recommendation| {
        graded(&r.code).is_some_and(|(kind, severity)| {
            picked
                .iter()
                .filter_map(|o| graded(&o.code))
                .any(|(k, s)| k == kind && s > severity)
        })
    };
    let keep: Vec<bool> = picked.iter().map(|r| !milder(r)).collect();
    picked
        .into_iter()
        .zip(keep)
        .filter_map(|(r, k)| k.then_some(r))
        .collect()
}

/// A psychoactive substance's pattern of use as its code says it (F1x.1 abuse, F1x.2
/// dependence, F1x.9 use; the 4th character): the substance's category and the pattern's rank
/// in I.C.5.b.2's hierarchy, dependence highest.
pub(super) fn pattern_of_use(code: &str) -> Option<(String, u8)> {
    let c = compact(code);
    let b = c.as_bytes();
    (c.len() >= 4 && b[0] == b'F' && b[1] == b'1').then(|| {
        let rank = match b[3] {
            b'2' => 3,
            b'1' => 2,
            b'9' => 1,
            _ => 0,
        };
        (c[..3].to_owned(), rank)
    })
}

/// A medical condition due to alcohol use, abuse or dependence (alcoholic polyneuropathy
/// G62.1, alcohol-induced pancreatitis K85.2-) is coded from the Index beside the plain pattern
/// of use, not beside "with other alcohol-induced disorder" (F10.288) or "with unspecified
/// alcohol-induced disorder" (I.C.5.b.4: F10.20 for alcoholic pancreatitis in dependence).
pub(super) fn a_medical_condition_is_no_alcohol_induced_disorder(
    icd: &Icd10Cm,
    picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let due_to_alcohol = |c: &str| {
        !c.starts_with('F')
            && icd
                .title(c)
                .is_some_and(|t| t.to_lowercase().contains("alcohol"))
    };
    if !picked.iter().any(|p| due_to_alcohol(&compact(&p.code))) {
        return picked;
    }
    // F10.188, F10.288, F10.988 and F10.19, F10.29, F10.99.
    let other_or_unspecified = |c: &str| {
        c.starts_with("F10")
            && matches!(c.get(3..4), Some("1" | "2" | "9"))
            && (c.len() == 6 && c.ends_with("88") || c.len() == 5 && c.ends_with('9'))
    };
    // The condition goes first and the pattern of use after it, as the guideline's example
    // has them (K85.2- then F10.20).
    let (mut out, mut after): (Vec<Recommendation>, Vec<Recommendation>) = (Vec::new(), Vec::new());
    for p in picked {
        let c = compact(&p.code);
        let plain = format!("{}0", &c[..c.len().min(4)]);
        if !(other_or_unspecified(&c) && icd.is_billable(&plain)) {
            out.push(p);
            continue;
        }
        let why = format!("instead of {}: a medical condition due to alcohol is coded from the Index beside the pattern of use, not as an alcohol-induced disorder (I.C.5.b.4)", p.code);
        after.push(line_instead(icd, &plain, why).0);
    }
    let at = out
        .iter()
        .rposition(|p| due_to_alcohol(&compact(&p.code)))
        .map_or(out.len(), |i| i + 1);
    after.retain(|r| !out.iter().any(|o| o.code == r.code));
    out.splice(at..at, after);
    out
}

/// Use, abuse and dependence of one substance are one code, the highest of the three
/// (I.C.5.b.2): F10.129 beside F10.229 is not reported.
pub(super) fn one_pattern_of_use(picked: Vec<Recommendation>) -> Vec<Recommendation> {
    let pattern = pattern_of_use;
    let highest = |substance: &str| {
        picked
            .iter()
            .filter_map(|r| pattern(&r.code))
            .filter(|(s, _)| s == substance)
            .map(|(_, rank)| rank)
            .max()
            .unwrap_or(0)
    };
    let keep: Vec<bool> = picked
        .iter()
        .map(|r| pattern(&r.code).is_none_or(|(s, rank)| rank == 0 || rank >= highest(&s)))
        .collect();
    picked
        .into_iter()
        .zip(keep)
        .filter_map(|(r, k)| k.then_some(r))
        .collect()
}
