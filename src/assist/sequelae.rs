//! What an earlier condition left, read from the Index by the earlier condition's code:
//! - a condition the question calls the sequela of an earlier one (I.B.10): the residual is
//!   reported first and the cause after it, by the code the Index gives under "Sequelae (of)"
//!   (a brain abscess's residual is G09, an obstetric complication's O94, tuberculosis's B90),
//!   never by the code of the cause's acute phase. Injuries and cerebrovascular events have
//!   rules of their own (the 7th character S, I69);
//! - a condition the question says is past and resolved is its personal history, "History,
//!   personal (of)" (I.C.21.c.4: Z86.711 for a pulmonary embolism treated years ago), not the
//!   condition's code. Malignancies have a rule of their own (I.C.2.d); and a history code for
//!   a condition the question documents as present now ("chronic DVT") is the condition's.

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;

use super::entries;
use super::icd10cm::{compact, dotted, Icd10Cm};
use super::lookup::{Book, TermId};
use super::suggest::Index;
use crate::domain::{CodeSystem, Recommendation};

/// "sequela of", "late effect of", "residual … from", "left by", then the cause, up to the end
/// of its clause; a "no residual" or "without sequelae" names none.
static CAUSE: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(
        r"(?i)\b(no |without |denies )?(?:(?:sequela[es]*|late effects?|residuals?(?:\s+[\w-]+){0,4}?)\s+(?:of|from|after|following|due to)|left\s+(?:behind\s+)?by)\s+(?:(?:a|an|the|his|her|their|old|prior|previous|remote|past|earlier)\s+)*([^.;:,()?!\n]{3,80})",
    )
    .expect("a sequela cue")
});

/// Words that date a cause ("old TB") and name nothing of it.
const EARLIER: &[&str] = &["old", "prior", "previous", "remote", "past", "earlier"];

/// The Index's main term for a condition's residual.
const MAIN_TERM: &str = "Sequelae";

/// Words an Index subterm names no condition by, which chapter titles share ("Certain
/// infectious and parasitic diseases").
const CONNECTIVES: &[&str] = &[
    "or",
    "and",
    "of",
    "nec",
    "nos",
    "in",
    "certain",
    "other",
    "specified",
    "unspecified",
];

/// Causes whose sequelae other rules code: injuries, poisonings and their external causes by
/// the 7th character S (I.C.19.a), cerebrovascular events by I69 (I.C.9.d).
fn has_its_own_sequela_rule(code: &str) -> bool {
    code.starts_with(['S', 'T', 'V', 'W', 'X', 'Y']) || code.starts_with("I6")
}

/// The question names the cause of a residual it reports: the cause's acute code goes and the
/// code of its sequelae follows the residual (I.B.10).
pub fn the_sequela_of_its_cause(
    icd: &Icd10Cm,
    index: &Book,
    search: &Index,
    text: &str,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let Some(&root) = index.main_terms(MAIN_TERM).first() else {
        return picked;
    };
    let books = (icd, index, search);
    // A condition that left a residual and is back ("COVID-19 reinfection", "tests positive
    // again") is reported for its current episode too, beside the sequela (I.C.1.g.1.m): the
    // codes the sentence saying so names all the words of.
    let again: Vec<String> = text
        .split(['.', ';', '\n'])
        .filter(|s| BACK_AGAIN.is_match(s))
        .flat_map(super::text::title_terms)
        .collect();
    let current = |r: &Recommendation| {
        let terms = super::ground::title_terms_of(icd, &compact(&r.code));
        !terms.is_empty() && terms.iter().all(|t| again.contains(t))
    };
    for m in CAUSE.captures_iter(text) {
        if m.get(1).is_none() {
            let kept: Vec<Recommendation> = picked.iter().filter(|r| current(r)).cloned().collect();
            in_the_earlier_condition_s_place(
                books,
                &mut picked,
                &m[2],
                root,
                has_its_own_sequela_rule,
                |cause| {
                    format!("the residual is reported first and the condition that caused it ({cause}) by the code of its sequelae after it, never by the code of its acute phase (I.B.10)")
                },
            );
            for r in kept {
                if !picked.iter().any(|p| p.code == r.code) {
                    picked.insert(0, r);
                }
            }
        }
    }
    picked
}

/// Whether the question names `code`'s condition as the cause of a residual ("bronchiectasis
/// left by the old TB" for A15.0): that code is replaced by its sequela's, so no note keeps
/// the residual's own code from it.
pub fn names_as_a_cause(icd: &Icd10Cm, text: &str, code: &str) -> bool {
    let Some(title) = icd.title(&compact(code)) else {
        return false;
    };
    let title = super::text::title_terms(&title);
    CAUSE
        .captures_iter(text)
        .filter(|m| m.get(1).is_none())
        .any(|m| {
            super::text::plain_terms(&m[2]).iter().any(|t| {
                !t.contains(':') && !CONNECTIVES.contains(&t.as_str()) && title.contains(t)
            })
        })
}

/// The question says the condition is current again, a new episode after the one that left
/// the residual.
static BACK_AGAIN: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(
        r"(?i)\b(?:re-?infect\w*|(?:positive|infected|sick|ill) again|new (?:active |acute )?(?:infection|episode))\b",
    )
    .expect("a new episode cue")
});

/// "h/o PE", "history of a DVT", "prior pneumonia", "healed gastric ulcer": the past
/// condition, to the end of its clause.
static PAST: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(
        r"(?i)\b(?:h/o|hx of|history of|prior|previous|past|remote|healed)\s+(?:(?:a|an|the|her|his)\s+)?([^,.;:()?!\n]{3,60})",
    )
    .expect("a history cue")
});

/// The question says the past condition is over.
static RESOLVED: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(
        r"(?i)\b(?:resolved|cured|healed|no longer|no recurrence|(?:finished|completed) (?:\w+ ){0,2}?(?:treatment|therapy|course|anticoagulation|antibiotics))\b",
    )
    .expect("a resolution cue")
});

/// Causes a history is read for here: not a malignancy (I.C.2.d has its own rule), an injury
/// or a code of the status and history chapter itself.
fn history_of_its_own(code: &str) -> bool {
    code.starts_with(['C', 'S', 'T', 'V', 'W', 'X', 'Y', 'Z'])
        || ("D00".."D50").contains(&code.get(..3).unwrap_or(""))
}

/// A condition the question says is past and over ("h/o PE three years ago, finished
/// treatment") is reported by its personal history code, not by its own (I.C.21.c.4).
pub fn a_resolved_condition_is_history(
    icd: &Icd10Cm,
    index: &Book,
    search: &Index,
    text: &str,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let Some(root) = index.find(&["History", "personal"]) else {
        return picked;
    };
    let books = (icd, index, search);
    for sentence in text.split(['.', ';', '\n', '?', '!']) {
        if !RESOLVED.is_match(sentence) {
            continue;
        }
        // A scar is what the healing left ("healed with a hypertrophic scar"), present now.
        for phrase in past_conditions(sentence) {
            in_the_earlier_condition_s_place(
                books,
                &mut picked,
                &phrase,
                root,
                history_of_its_own,
                |cause| {
                    format!("the question says {cause} is past and over: its personal history, not the condition (I.C.21.c.4)")
                },
            );
        }
    }
    picked
}

/// The past conditions a sentence names. A scar is what the healing left, present now ("a
/// healed scar"): the phrase is read on after it ("a healed scar and the GI documented
/// 'healed gastric ulcer'").
fn past_conditions(sentence: &str) -> Vec<String> {
    PAST.captures_iter(sentence)
        .flat_map(|m| {
            let phrase = m[1].to_owned();
            match phrase.to_ascii_lowercase().find("scar") {
                Some(at) => PAST
                    .captures_iter(&phrase[at..])
                    .map(|c| c[1].to_owned())
                    .filter(|p| !p.to_lowercase().contains("scar"))
                    .collect(),
                None => vec![phrase],
            }
        })
        .collect()
}

/// The question documents a condition as present now: "chronic DVT", "persistent effusion",
/// then the condition to the end of its clause ("residual" names a sequela, read above).
static PRESENT_NOW: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:chronic|persistent|ongoing|active)\s+[^,.;:()?!\n]{3,60}")
        .expect("a present-condition cue")
});

/// Words of a history code's title that name no condition.
const HISTORY_WORDS: &[&str] = &[
    "personal",
    "histori",
    "history",
    "other",
    "specifi",
    "unspecifi",
];

/// A personal history code (Z86, Z87) for a condition the question documents as present now,
/// and treated ("chronic DVT of the left femoral vein, continue apixaban"): the condition's
/// own code, from the Index entry its words lead to; a history code is for a condition that
/// no longer exists and is not treated (I.C.21.c.4).
pub fn a_present_condition_is_no_history(
    icd: &Icd10Cm,
    index: &Book,
    search: &Index,
    text: &str,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    for r in picked.iter_mut() {
        let h = compact(&r.code);
        if !(h.starts_with("Z86") || h.starts_with("Z87")) {
            continue;
        }
        let named: HashSet<String> = super::ground::title_terms_of(icd, &h)
            .into_iter()
            .filter(|w| !HISTORY_WORDS.contains(&w.as_str()) && !w.contains(':'))
            .collect();
        let present = PRESENT_NOW.find_iter(text).find_map(|m| {
            let e = entries::entry_for(icd, index, search, m.as_str())?;
            let title = super::ground::title_terms_of(icd, &e.code);
            let same_condition = title.iter().any(|w| named.contains(w));
            (same_condition && !e.code.starts_with(['R', 'Z'])).then_some((m.as_str().trim(), e))
        });
        if let Some((phrase, e)) = present {
            *r = e.recommendation(
                icd,
                format!("instead of {}: the question documents \"{phrase}\" as present now; a history code is for a condition that no longer exists and is not treated (I.C.21.c.4)", r.code),
            );
        }
    }
    let mut seen = HashSet::new();
    picked.retain(|r| seen.insert(r.code.clone()));
    picked
}

/// The earlier condition `phrase` names, by its codes (those `skip` leaves): the first with an
/// entry below `root` gives way, with the answer's other codes of it, to the entry's code,
/// after the others; `why` says so with the earlier condition's code and title.
fn in_the_earlier_condition_s_place(
    (icd, index, search): (&Icd10Cm, &Book, &Index),
    picked: &mut Vec<Recommendation>,
    phrase: &str,
    root: TermId,
    skip: fn(&str) -> bool,
    why: impl Fn(&str) -> String,
) {
    let entry = entries::entry_for(icd, index, search, phrase);
    let causes: Vec<String> = causes(icd, picked, phrase, entry.as_ref().map(|e| e.code.as_str()))
        .into_iter()
        .filter(|c| !skip(c))
        .collect();
    let Some((cause, at, code)) = causes
        .iter()
        .find_map(|c| entry_below(icd, index, root, c).map(|(at, found)| (c, at, found)))
    else {
        return;
    };
    let why = why(&format!(
        "{} {}",
        dotted(cause),
        icd.title(cause).unwrap_or_default()
    ));
    picked.retain(|r| !causes.contains(&compact(&r.code)));
    if picked.iter().any(|r| compact(&r.code) == code) {
        return;
    }
    picked.push(Recommendation {
        system: CodeSystem::Icd10cm,
        code: dotted(&code),
        title: icd.title(&code).unwrap_or_default(),
        why,
        evidence: format!(
            "Index (FY2025): {}; {}",
            index.path(at).join(", "),
            icd.tabular_evidence(&code)
        ),
        from: None,
    });
}

/// The codes of the cause `phrase` names: the code its own Index entry gives (`entry`), and
/// the answer's codes whose titles say what the phrase says (two of its words, or its only
/// one): "obstetric fourth-degree laceration" is the written O70.3.
fn causes(
    icd: &Icd10Cm,
    picked: &[Recommendation],
    phrase: &str,
    entry: Option<&str>,
) -> Vec<String> {
    // The cause's words with its shorthand expanded ("TB" is tuberculosis), without those
    // that only date it ("old"); how many must be shared counts the words as written.
    let said: HashSet<String> = super::text::plain_terms(phrase)
        .into_iter()
        .filter(|w| !w.contains(':') && !EARLIER.contains(&w.as_str()))
        .collect();
    let written = super::text::title_terms(phrase)
        .iter()
        .filter(|w| !w.contains(':') && !EARLIER.contains(&w.as_str()))
        .count();
    let enough = written.min(said.len()).min(2);
    let named = picked.iter().map(|r| compact(&r.code)).filter(|c| {
        let title = super::ground::title_terms_of(icd, c);
        let shared: HashSet<&String> = title.iter().filter(|w| said.contains(*w)).collect();
        enough > 0 && shared.len() >= enough
    });
    entry
        .map(str::to_owned)
        .into_iter()
        .chain(named)
        .fold(Vec::new(), |mut out, c| {
            if !out.contains(&c) {
                out.push(c);
            }
            out
        })
}

/// The deepest entry below `root` ("Sequelae (of)", "History, personal") that names the
/// condition `code` (billable, without its dot) and gives a billable code: by the categories
/// its modifier lists ("(conditions in G06)") or by words the condition's titles, its block's
/// and its chapter's all have ("childbirth" for a chapter 15 code).
fn entry_below(icd: &Icd10Cm, index: &Book, root: TermId, code: &str) -> Option<(TermId, String)> {
    let i = icd.node_index(code)?;
    let (nodes, containers) = icd.lineage(i);
    // A category's inclusion terms and "includes" notes name its lines too ("stomach ulcer
    // (peptic)" at K25: History, personal, disease, digestive system, peptic ulcer disease).
    let said: HashSet<String> = super::ground::lineage_words(icd, &nodes)
        .into_iter()
        .chain(
            nodes
                .iter()
                .flat_map(|&n| {
                    let notes = &icd.nodes[n].notes;
                    notes.inclusion_terms.iter().chain(&notes.includes)
                })
                .flat_map(|t| super::text::title_terms(t)),
        )
        .chain(
            containers
                .iter()
                .flat_map(|&c| super::text::title_terms(&icd.containers[c].title)),
        )
        .collect();
    // Of entries equally deep, the one the condition's own titles name ("tuberculosis") before
    // the one only its chapter does ("infectious disease").
    let own = super::ground::lineage_words(icd, &nodes);
    let mut best = None;
    deepest(
        icd,
        index,
        root,
        code,
        (&said, &own, Reading::Strict),
        0,
        &mut best,
    );
    // Only where no entry names the condition are entries of no words of their own ("disease or
    // disorder") read through to the ones below them.
    if best.is_none() {
        deepest(
            icd,
            index,
            root,
            code,
            (&said, &own, Reading::Lenient),
            0,
            &mut best,
        );
    }
    best.map(|(_, id, found)| (id, found))
}

/// Whether an entry's part of no words ("disease or disorder") names a condition.
#[derive(Clone, Copy, PartialEq)]
enum Reading {
    Strict,
    Lenient,
}

fn deepest(
    icd: &Icd10Cm,
    index: &Book,
    at: TermId,
    code: &str,
    (said, own, reading): (&HashSet<String>, &HashSet<String>, Reading),
    depth: usize,
    best: &mut Option<((usize, usize), TermId, String)>,
) {
    for &child in index.children(at) {
        let term = index.term(child);
        if term.title.contains("--") || term.see.is_some() || !names(&term.title, said, reading) {
            continue;
        }
        let own_words = super::text::title_terms(&term.title)
            .iter()
            .filter(|w| own.contains(*w))
            .count();
        let rank = (depth + 1, own_words);
        let listed: Vec<&str> = term
            .nonessential
            .iter()
            .filter_map(|m| m.split_once("conditions in "))
            .map(|(_, categories)| categories.trim_end_matches(')'))
            .collect();
        let gives = listed.is_empty() || listed.iter().any(|k| code.starts_with(k.trim()));
        let sequela = index.code_at(child).filter(|c| gives && icd.is_billable(c));
        if let Some(sequela) = sequela {
            if best.as_ref().is_none_or(|(r, _, _)| rank > *r) {
                *best = Some((rank, child, sequela));
            }
        }
        deepest(
            icd,
            index,
            child,
            code,
            (said, own, reading),
            depth + 1,
            best,
        );
    }
}

/// Every comma-separated part of an entry's title is among the cause's words, one of its
/// "or" alternatives whole; read leniently, a part of no words at all ("disease or disorder")
/// names any.
fn names(title: &str, said: &HashSet<String>, reading: Reading) -> bool {
    title.split(',').all(|part| {
        let alternatives: Vec<Vec<String>> = part
            .split(" or ")
            .map(|alternative| {
                super::text::title_terms(alternative)
                    .into_iter()
                    .filter(|w| !w.contains(':') && !CONNECTIVES.contains(&w.as_str()))
                    .collect()
            })
            .collect();
        (reading == Reading::Lenient && alternatives.iter().all(Vec::is_empty))
            || alternatives
                .iter()
                .any(|words| !words.is_empty() && words.iter().all(|w| said.contains(w)))
    })
}
