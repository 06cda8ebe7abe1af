//! Two written codes an Excludes1 note keeps apart (I.A.12.a): which one gives way, and the
//! combination code that says both (I.B.9); how the question says a note's condition.

use std::sync::LazyLock;

use regex::Regex;

use super::denied::denies_a_concept;
use super::mental::pattern_of_use;
use super::named;
use crate::assist::checks;
use crate::assist::icd10cm::{compact, dotted, Icd10Cm};
use crate::assist::suggest::{Index, Query};
use crate::domain::{CodeSystem, Recommendation};

/// The condition an Excludes1 note names ("tobacco dependence" of "tobacco dependence
/// (F17.2-)") where the question, in lower case, says it: its words in order, articles aside,
/// with at most one more word between two of them ("stress urinary incontinence" for
/// "stress incontinence"). A note naming a condition "and other" kinds names each.
pub(super) fn documented_in(note: &str, lower_text: &str) -> Option<String> {
    read_in(note, lower_text, false)
}

/// The condition a note names, before its code reference, without the nonessential words
/// it puts in parentheses: "mediastinal (thymic) large B-cell lymphoma (C85.2-)" is
/// "mediastinal large b-cell lymphoma", not "mediastinal".
pub(super) fn condition_of(note: &str) -> String {
    let reference = |rest: &str| {
        let rest = rest.trim_start();
        rest.starts_with(|c: char| c.is_ascii_uppercase())
            && rest[1..].starts_with(|c: char| c.is_ascii_digit())
    };
    let end = note
        .match_indices('(')
        .find(|(at, _)| reference(&note[at + 1..]))
        .map_or(note.len(), |(at, _)| at);
    let mut out = String::new();
    let mut depth = 0usize;
    for c in note[..end].chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            c if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Whether the question denies the condition an Excludes1 note names ("not lead poisoning"
/// for "lead poisoning (T56.0-)").
pub(super) fn denied_in(note: &str, lower_text: &str) -> bool {
    read_in(note, lower_text, true).is_some()
}

/// The condition a note names where the question says it, stated or (`as_denied`) denied.
fn read_in(note: &str, lower_text: &str, as_denied: bool) -> Option<String> {
    let condition = condition_of(note);
    let bare = |t: &str| -> Vec<String> {
        t.split(|c: char| !c.is_alphanumeric() && c != '-')
            .filter(|w| !w.is_empty() && !["the", "a", "an"].contains(w))
            .map(str::to_owned)
            .collect()
    };
    let said = std::cell::OnceCell::new();
    // A bracketed name is the condition's other name ("acute obstructive laryngitis [croup]"):
    // it stands for the note on its own, unless it is a short abbreviation ("[HIV]").
    let bracketed: Vec<&str> = condition
        .split('[')
        .skip(1)
        .filter_map(|b| b.split(']').next())
        .collect();
    condition
        .split(" and other ")
        .flat_map(|part| part.split(" or other "))
        .map(str::trim)
        .chain(bracketed.iter().copied())
        .find(|part| {
            let wanted = bare(part);
            // One word alone says too little to stand for the note, unless it names a
            // condition of its own ("mesothelioma (C45.-)" at C38), which a long word or
            // another name in brackets does.
            let says_enough = wanted.len() >= 2
                || wanted.first().is_some_and(|w| w.len() >= 10)
                || (bracketed.contains(part) && wanted.iter().all(|w| w.len() >= 5));
            // Most notes name words the question does not have: no need to read it in words.
            says_enough
                && wanted.iter().all(|w| lower_text.contains(w.as_str()))
                && said_in_order(&wanted, said.get_or_init(|| bare(lower_text)), as_denied)
        })
        .map(str::to_owned)
}

/// Whether `wanted` occurs in `said` in order, at most one word between two of its words.
fn said_in_order(wanted: &[String], said: &[String], as_denied: bool) -> bool {
    let Some(first) = wanted.first() else {
        return false;
    };
    // "not lead poisoning", "negative for lead poisoning" deny the condition, not say it.
    let denied = |at: usize| {
        let before = |back: usize| at.checked_sub(back).map(|i| said[i].as_str());
        matches!(before(1), Some("no" | "not" | "without" | "denies" | "non"))
            || (before(1) == Some("for") && matches!(before(2), Some("negative" | "denies")))
    };
    said.iter().enumerate().any(|(at, w)| {
        w == first && denied(at) == as_denied && {
            let mut next = at;
            wanted[1..].iter().all(|want| {
                match said[next + 1..].iter().take(2).position(|w| w == want) {
                    Some(skipped) => {
                        next += skipped + 1;
                        true
                    }
                    None => false,
                }
            })
        }
    })
}

/// Of two written codes whose notes exclude each other, the one that gives way: a pregnancy
/// supervision code to a pregnancy's own code (Z34.82 beside O09.812: Z34 is never used with
/// Chapter 15 codes, I.C.15.b.1-2), a finding to a diagnosis, and a condition the question
/// does not state (its words denied: "NOT polycythemia vera") to one it does.
/// A pregnancy test's code (Z32.0-), which words alike ("test", "result") find in any
/// question.
pub(super) fn pregnancy_code(code: &str) -> bool {
    code.starts_with("Z320")
}

/// The question says no tissue was examined: no biopsy, colposcopy or histology yet.
static UNCONFIRMED: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:no|without|not had an?|before any)\s+(?:\w+\s+){0,2}?(?:biops(?:y|ies)|colposcopy|histolog\w*)|\bnot (?:been )?biopsied\b|\bbiopsy (?:is )?(?:pending|not (?:yet )?done)\b").unwrap()
});

/// Whether `host`'s Excludes1 note sends the condition "NOS" to `unspecified`, a code that
/// leaves it open where `host` says more ("endocarditis NOS (I38)" at I33, "emphysema NOS
/// (J43.9)" at J98.2).
pub(super) fn sends_nos_to(icd: &Icd10Cm, host: &str, unspecified: &str) -> bool {
    icd.says_unspecified(unspecified)
        && !icd.says_unspecified(host)
        && checks::excludes1_note(icd, host, unspecified).is_some_and(|note| {
            note.split(['(', ','])
                .next()
                .is_some_and(|n| n.split_whitespace().any(|w| w == "NOS"))
        })
}

pub(super) fn gives_way_to(
    icd: &Icd10Cm,
    q: &Query,
    text: &str,
    written: &str,
    other: &str,
) -> bool {
    let (w, o) = (compact(written), compact(other));
    if sends_nos_to(icd, &o, &w) != sends_nos_to(icd, &w, &o) {
        return sends_nos_to(icd, &o, &w);
    }
    if w.starts_with("Z34") && o.starts_with('O') {
        return true;
    }
    // A note whose condition the question denies ("not lead poisoning" for R78.71's "lead
    // poisoning (T56.0-)") says the other code is not the condition.
    let lower = text.to_lowercase();
    let denied = |from: &str, to: &str| {
        checks::excludes1_note(icd, from, to).is_some_and(|note| denied_in(&note, &lower))
    };
    if denied(&w, &o) || denied(&o, &w) {
        return denied(&o, &w);
    }
    // Abuse and dependence of one substance are left to the pattern hierarchy, which keeps
    // the higher whatever the question's words (I.C.5.b.2, `one_pattern_of_use`).
    if let (Some((a, _)), Some((b, _))) = (pattern_of_use(&w), pattern_of_use(&o)) {
        if a == b {
            return false;
        }
    }
    // A diagnosis a note says is "histologically confirmed" gives way to the finding where
    // the question says no biopsy was done (N87.0 to R87.610 ASC-US, I.C.18.a).
    if UNCONFIRMED.is_match(text) {
        let confirmed_only = |host: &str, excluded: &str| {
            checks::excludes1_notes(icd, host).iter().any(|n| {
                n.to_lowercase().contains("histologically confirmed")
                    && super::notes::refs(n).iter().any(|r| r.covers(excluded))
            })
        };
        if confirmed_only(&o, &w) != confirmed_only(&w, &o) {
            return confirmed_only(&o, &w);
        }
    }
    // An abnormal finding gives way to the diagnosis its notes exclude it from (R76.12 to Z22.7
    // latent tuberculosis): findings are coded when no related diagnosis is made (I.B.4). A
    // diagnosis the question denies is not made ("never met criteria for diabetes" beside
    // prediabetes).
    if w.starts_with('R') != o.starts_with('R') {
        let diagnosis = if w.starts_with('R') { &o } else { &w };
        if denies_a_concept(icd, text, diagnosis) {
            return !w.starts_with('R');
        }
        return w.starts_with('R');
    }
    // An acquired form the question does not call acquired gives way to the congenital one
    // whose note excludes it (N28.1 "Cyst of kidney, acquired" beside Q61.2 for ADPKD).
    let acquired_unsaid = |c: &str| {
        icd.title(c)
            .is_some_and(|t| t.to_lowercase().contains("acquired"))
            && !q.has(&super::text::stem("acquired"))
    };
    if acquired_unsaid(&w) && o.starts_with('Q') {
        return true;
    }
    if acquired_unsaid(&o) && w.starts_with('Q') {
        return false;
    }
    // The condition the provider's diagnosis writes out as a title or inclusion term of the
    // code or a category above it ("Assessment: adhesive otitis media": "adhesive otitis" at
    // H74.1) over one it does not (glue ear, H65.3-, for years of otitis media with effusion).
    let statements = super::text::provider_statements(text)
        .join(" . ")
        .to_lowercase();
    let written_out = |c: &str| named_word_for_word(icd, c, &statements);
    if written_out(&w) != written_out(&o) {
        return written_out(&o);
    }
    let stated = |c: &str| super::ground::covered(icd, c, |t| q.has(t));
    !stated(&w) && stated(&o)
}

/// Whether the (lower-case) text writes a title or an inclusion term of two words or more of
/// `code` or of a code above it, word for word.
fn named_word_for_word(icd: &Icd10Cm, code: &str, lower_text: &str) -> bool {
    let said = super::text::spaced_words(lower_text);
    (3..=code.len())
        .filter_map(|n| icd.node(&code[..n]))
        .flat_map(|node| std::iter::once(&node.title).chain(&node.notes.inclusion_terms))
        .map(|term| super::text::spaced_words(term))
        .any(|term| term.split_whitespace().count() >= 2 && said.contains(&term))
}

/// What the category an Excludes1 note points to has for the excluded condition.
pub(super) enum Coded {
    /// A code that says both conditions, reported instead of the two.
    Both(Recommendation),
    /// A code for the note's condition alone, reported beside the other written code.
    Host(Recommendation),
}

/// The code of the category an Excludes1 note at `host` points to (where `other` is) whose
/// title says what `host` says as well: K80.00 calculus of gallbladder with acute
/// cholecystitis for K81.0 beside K80.20, from K81's "Excludes1: cholecystitis with
/// cholelithiasis (K80.-)". Where no code there says both, the note's condition is coded
/// there beside `other` (I89.1 beside cellulitis L03.114 → acute lymphangitis L03.124); where
/// `other` says it already (M50.122 "with radiculopathy" beside M54.12), nothing is added.
pub(super) fn combination(
    icd: &Icd10Cm,
    search: &Index,
    q: &Query,
    host: &str,
    other: &str,
    note: &str,
) -> Option<Coded> {
    let (h, o) = (compact(host), compact(other));
    let terms_of = |c: &str| super::ground::title_terms_of(icd, c);
    // What the host says it is without is nothing it wants (K20.90 "without bleeding").
    let host_terms = terms_of(&h);
    let wanted: Vec<String> = super::ground::concepts(&icd.title(&h)?)
        .into_iter()
        .filter(|w| !host_terms.contains(&format!("without:{w}")))
        .collect();
    // A title says what it names, not what it names after "without".
    let says = |terms: &[String], w: &str| {
        terms.iter().any(|t| t == w) && !terms.contains(&format!("without:{w}"))
    };
    let others = terms_of(&o);
    // An unspecified line of the category is where the coder stopped: the note's category
    // is read for the line the question says (D75.829 → D75.822).
    if wanted.is_empty() || (wanted.iter().all(|w| says(&others, w)) && !icd.says_unspecified(&o)) {
        return None;
    }
    let pointed = super::notes::refs(note)
        .into_iter()
        .find(|r| r.covers(&o))?;
    let root = match &pointed {
        super::notes::Ref::Code(c) => c.clone(),
        super::notes::Ref::Range(lo, hi) if lo[..3] == hi[..3] => lo[..3].to_owned(),
        super::notes::Ref::Range(..) => return None,
    };
    let says_host: Vec<String> = icd
        .billable_below(&root)
        .into_iter()
        .filter(|c| *c != o && pointed.covers(c))
        .filter(|c| {
            let title = terms_of(c);
            wanted.iter().all(|w| says(&title, w))
        })
        .collect();
    let other_concepts = super::ground::concepts(&icd.title(&o).unwrap_or_default());
    let says_both: Vec<String> = says_host
        .iter()
        .filter(|c| {
            let title = terms_of(c);
            other_concepts.iter().all(|w| title.contains(w))
        })
        .cloned()
        .collect();
    let both = !says_both.is_empty();
    let said = if both { says_both } else { says_host };
    // Of those, the one that adds least the two codes and the question do not say ("with
    // obstruction" where both written codes say without), then the one nearest the other
    // code's words (its site and side).
    let known: Vec<String> = [&h, &o].iter().flat_map(|c| terms_of(c)).collect();
    let unsaid = |c: &str| {
        terms_of(c)
            .iter()
            .filter(|w| !known.contains(w) && !q.has(w))
            .count()
    };
    let shared = |c: &str| terms_of(c).iter().filter(|w| others.contains(w)).count();
    let least = said.iter().map(|c| unsaid(c)).min()?;
    let said: Vec<String> = said.into_iter().filter(|c| unsaid(c) == least).collect();
    let most = said.iter().map(|c| shared(c)).max()?;
    let said: Vec<String> = said.into_iter().filter(|c| shared(c) == most).collect();
    let (code, _) = super::suggest::by_words(icd, search, q, said)
        .into_iter()
        .next()?;
    let why = if both {
        format!("instead of {host} and {other}: one code says both (I.B.9)")
    } else {
        format!("instead of {host}, beside {other}")
    };
    let r = Recommendation {
        system: CodeSystem::Icd10cm,
        title: icd.title(&code).unwrap_or_default(),
        why: format!(
            "{why}, where the Excludes1 note at {host} points: \"{}\"",
            note.trim_start_matches(", ")
        ),
        evidence: icd.tabular_evidence(&code),
        code: dotted(&code),
        from: None,
    };
    Some(if both { Coded::Both(r) } else { Coded::Host(r) })
}

/// Two written codes of one category whose conditions a third code of it says together (D86.0
/// sarcoidosis of lung and D86.1 of lymph nodes → D86.2 "of lung with sarcoidosis of lymph
/// nodes"): the combination code alone is reported (I.B.9). Of several, the one that adds
/// least besides.
pub(super) fn said_together(icd: &Icd10Cm, a: &str, b: &str) -> Option<Recommendation> {
    let (a, b) = (compact(a), compact(b));
    if a.get(..3)? != b.get(..3)? {
        return None;
    }
    let (of_a, of_b) = (
        super::ground::concepts(&icd.title(&a)?),
        super::ground::concepts(&icd.title(&b)?),
    );
    // Two lines of one condition that differ only in side or stage say nothing together, and
    // lines of opposite sides are two sites, not one condition of both.
    if of_a.iter().all(|w| of_b.contains(w)) || of_b.iter().all(|w| of_a.contains(w)) {
        return None;
    }
    let side = |c: &str| super::text::side(&icd.title(c).unwrap_or_default());
    if matches!((side(&a), side(&b)), (Some(x), Some(y)) if x != y) {
        return None;
    }
    let wanted: Vec<&String> = of_a.iter().chain(&of_b).collect();
    let terms = |c: &str| super::ground::title_terms_of(icd, c);
    // A line left open is no worse than the written lines when one of them is left open too
    // (R11.2 "Nausea with vomiting, unspecified" for R11.0 and R11.10).
    let open_written = icd.says_unspecified(&a) || icd.says_unspecified(&b);
    let code = icd
        .billable_below(&a[..3])
        .into_iter()
        .filter(|c| *c != a && *c != b)
        .filter(|c| {
            // A category can hold thousands of codes (S72): a title that does not even contain
            // the words' stems is passed over before it is read in terms.
            let lower = icd.title(c).unwrap_or_default().to_lowercase();
            wanted.iter().all(|w| lower.contains(w.as_str()))
                && (open_written || !icd.says_unspecified(c))
                && {
                    // "Vomiting without nausea" does not say nausea.
                    let title = terms(c);
                    wanted
                        .iter()
                        .all(|w| title.contains(*w) && !title.contains(&format!("without:{w}")))
                }
        })
        .min_by_key(|c| terms(c).len())?;
    let mut r = named(icd, &code);
    r.why = format!(
        "instead of {} and {}: one code says both (I.B.9)",
        dotted(&a),
        dotted(&b)
    );
    Some(r)
}

/// A cause the question states for a condition an Excludes1 note sends elsewhere only when
/// its cause is unspecified.
static CAUSE_STATED: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:non-?rheumatic|degenerative|calcific|myxomatous|bicuspid|congenital|due to|secondary to|caused by)\b").unwrap()
});

static A_DENYING_WORD: LazyLock<Regex> =
    LazyLock::new(|| super::text::regex(r"(?i)\b(?:no|not|nothing|never|without)\b").unwrap());

/// Whether the question states a cause outside a clause that denies one ("not called
/// rheumatic, degenerative or nonrheumatic" states none) or a sentence that asks ("two
/// nonrheumatic codes?").
fn cause_stated(text: &str) -> bool {
    let lower = text.to_lowercase();
    CAUSE_STATED.find_iter(&lower).any(|m| {
        let clause = lower[..m.start()]
            .rsplit(['.', ';', '(', '\n'])
            .next()
            .unwrap_or_default();
        let asked = lower[m.end()..]
            .find(['.', '?', '!', '\n'])
            .is_some_and(|end| lower[m.end() + end..].starts_with('?'));
        !A_DENYING_WORD.is_match(clause) && !asked
    })
}

/// Two written codes of different categories where an Excludes1 note at one sends its
/// condition "with" the other's to a third category ("mitral valve disorder of unspecified
/// cause with diseases of aortic … valve(s) (I08.-)" at I34 beside I35.0): that category's
/// code for both is reported instead of the two (I.A.12.a, I.B.9).
pub(super) fn said_together_where_a_note_points(
    icd: &Icd10Cm,
    text: &str,
    host: &str,
    other: &str,
) -> Option<Recommendation> {
    let (h, o) = (compact(host), compact(other));
    if h.get(..3)? == o.get(..3)? {
        return None;
    }
    let (of_h, of_o) = (
        super::ground::concepts(&icd.title(&h)?),
        super::ground::concepts(&icd.title(&o)?),
    );
    let terms = |t: &str| super::text::title_terms(t);
    checks::excludes1_notes(icd, &h)
        .into_iter()
        .find_map(|note| {
            let condition = condition_of(&note);
            let (before, after) = condition.split_once(" with ")?;
            if after.starts_with("or without")
                || (before.contains("unspecified cause") && cause_stated(text))
            {
                return None;
            }
            let own = |of: &[String], not: &[String], part: &str| -> Vec<String> {
                let in_part = terms(part);
                of.iter()
                    .filter(|w| !not.contains(w) && in_part.contains(w))
                    .cloned()
                    .collect()
            };
            let (says_host, says_other) = (own(&of_h, &of_o, before), own(&of_o, &of_h, after));
            if says_host.is_empty() || says_other.is_empty() {
                return None;
            }
            let wanted: Vec<String> = says_host.into_iter().chain(says_other).collect();
            let known: Vec<String> = [&h, &o]
                .iter()
                .flat_map(|c| terms(&icd.title(c).unwrap_or_default()))
                .collect();
            let unsaid = |c: &str| {
                terms(&icd.title(c).unwrap_or_default())
                    .iter()
                    .filter(|w| !known.contains(w))
                    .count()
            };
            let code = super::notes::refs(&note)
                .into_iter()
                .filter(|r| !r.covers(&h) && !r.covers(&o))
                .flat_map(|r| {
                    let root = match &r {
                        super::notes::Ref::Code(c) => c.clone(),
                        super::notes::Ref::Range(lo, _) => lo.get(..3).unwrap_or(lo).to_owned(),
                    };
                    icd.billable_below(&root)
                        .into_iter()
                        .filter(move |c| r.covers(c))
                })
                .filter(|c| {
                    let title = terms(&icd.title(c).unwrap_or_default());
                    wanted.iter().all(|w| title.contains(w))
                })
                .min_by_key(|c| unsaid(c))?;
            let mut r = named(icd, &code);
            r.why = format!(
            "instead of {} and {}: the Excludes1 note at {} sends \"{}\" to {} (I.A.12.a, I.B.9)",
            dotted(&h),
            dotted(&o),
            dotted(&h),
            note.trim(),
            dotted(&code)
        );
            Some(r)
        })
}

/// A status code (I.C.21.c.3): what a patient carries or has had done, not why he came.
pub(super) fn status_code(code: &str) -> bool {
    const STATUS: &[&str] = &[
        "Z14", "Z15", "Z16", "Z17", "Z18", "Z19", "Z21", "Z22", "Z66", "Z67", "Z68", "Z78", "Z79",
        "Z88", "Z89", "Z90", "Z93", "Z94", "Z95", "Z96", "Z97", "Z98", "Z99",
    ];
    compact(code)
        .get(..3)
        .is_some_and(|category| STATUS.contains(&category))
}
