//! The infectious agent and its drug resistance, where a reported code's note asks for them.
//!
//! The Tabular says "use additional code (B95-B97) to identify infectious agent" at N39.0, L03
//! and many more, and at B95-B96 "use additional code to identify resistance to antimicrobial
//! drugs (Z16.-)". A coder finds those codes in the Alphabetic Index: Infection, Escherichia
//! coli, as cause of disease classified elsewhere → B96.20; Resistance, organism, to, drug,
//! extended beta lactamase → Z16.12. Combination codes that name their organism (J15.211,
//! A41.51) carry no such note, so nothing is added beside them.

use std::sync::LazyLock;

use regex::Regex;

use super::icd10cm::{compact, Icd10Cm};
use super::lookup::{Book, Edition, TermId};
use super::notes;
use super::suggest::Query;
use super::text::title_terms;
use crate::domain::Recommendation;

/// The organism and resistance codes the notes of `picked` ask for and the question names.
pub fn asked_for(
    icd: &Icd10Cm,
    index: &Book,
    q: &Query,
    text: &str,
    picked: &[Recommendation],
) -> Vec<Recommendation> {
    let mut out = Vec::new();
    let has_agent = |codes: &[Recommendation]| {
        codes.iter().any(|r| {
            ["B95", "B96", "B97"]
                .iter()
                .any(|p| compact(&r.code).starts_with(p))
        })
    };
    let asker = asking(icd, picked, "B96")
        .map(|(code, note)| {
            (
                code.clone(),
                format!("which the note at {code} asks for: \"{note}\""),
            )
        })
        .or_else(|| an_infection_classified_elsewhere(icd, picked, text));
    if let Some(asker) = asker {
        if !has_agent(picked) {
            out.extend(
                organism(icd, index, q, &asker)
                    .filter(|(_, named)| !already_named(icd, picked, named))
                    .map(|(r, _)| r),
            );
        }
    }
    let with_agent: Vec<Recommendation> = picked.iter().chain(&out).cloned().collect();
    if let Some(asker) = asking(icd, &with_agent, "Z16") {
        if !with_agent
            .iter()
            .any(|r| compact(&r.code).starts_with("Z16"))
        {
            out.extend(resistance(icd, index, q, text, &asker));
        }
    }
    out
}

/// Codes reported only beside a code whose note asks for them: the agent (B95-B97) and its
/// drug resistance (Z16).
pub fn only_where_asked(code: &str) -> bool {
    ["B95", "B96", "B97", "Z16"]
        .iter()
        .any(|p| compact(code).starts_with(p))
}

/// The first picked code one of whose "use additional code" notes names `wanted`, with the
/// note: its own, its ancestors', its section's or its chapter's (Chapter 1 asks for Z16 for
/// every infection).
fn asking(icd: &Icd10Cm, picked: &[Recommendation], wanted: &str) -> Option<(String, String)> {
    picked.iter().find_map(|r| {
        let i = icd.node_index(&compact(&r.code))?;
        let (nodes, containers) = icd.lineage(i);
        let lists = nodes
            .iter()
            .map(|&n| &icd.nodes[n].notes.use_additional)
            .chain(
                containers
                    .iter()
                    .map(|&c| &icd.containers[c].notes.use_additional),
            );
        lists.flatten().find_map(|note| {
            notes::refs(note)
                .iter()
                .any(|x| x.covers(wanted))
                .then(|| (r.code.clone(), note.trim_start_matches(", ").to_owned()))
        })
    })
}

/// The first picked code outside Chapter 1 that names an infection but not its organism, where
/// the question says what a culture or test grew: B95-B97 identify the agent of an infection
/// classified elsewhere, with or without a note asking (I.C.1.b).
fn an_infection_classified_elsewhere(
    icd: &Icd10Cm,
    picked: &[Recommendation],
    text: &str,
) -> Option<(String, String)> {
    // A Chapter 1 infection in the answer (sepsis due to anaerobes) is the organism's code.
    let chapter_1 = picked.iter().any(|r| {
        let c = compact(&r.code);
        ("A00".."B95").contains(&c.get(..3).unwrap_or_default())
    });
    if chapter_1 || !grown(text) {
        return None;
    }
    picked.iter().find_map(|r| {
        infection_classified_elsewhere(icd, &r.code).then(|| {
            (
                r.code.clone(),
                format!(
                    "which identifies the agent of {}, an infection classified elsewhere (I.C.1.b)",
                    r.code
                ),
            )
        })
    })
}

/// Whether `code` names an infection of a site with no organism, outside Chapter 1. Pneumonia,
/// a pregnancy's and a newborn's infections have lines of their own for their organisms.
pub fn infection_classified_elsewhere(icd: &Icd10Cm, code: &str) -> bool {
    let code = compact(code);
    let own_organism_lines = code.starts_with(['A', 'B', 'O', 'P'])
        || ("J09".."J19").contains(&code.get(..3).unwrap_or_default());
    !own_organism_lines && icd.title(&code).is_some_and(|t| INFECTION.is_match(&t))
}

/// The organism an agent code (B95-B97) names, as the first seven letters of its title's first
/// word ("Coxsackievirus as the cause of ..." → "coxsack"), to find it in other titles and
/// Index paths; `None` for any other code.
pub fn organism_stem(icd: &Icd10Cm, code: &str) -> Option<String> {
    let code = compact(code);
    if !("B95".."B98").contains(&code.get(..3).unwrap_or_default()) {
        return None;
    }
    let title = icd.title(&code)?;
    let first = title.split([',', ' ']).next()?.to_lowercase();
    first.get(..7).map(str::to_owned)
}

/// Whether the question says a culture or test grew an organism.
pub fn grown(text: &str) -> bool {
    GREW.is_match(text)
}

/// A culture or test that found the organism.
static GREW: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:grew|grown|growing|isolated|cultured|positive for|(?:culture|cultures|aspirate|swab|pcr)s? (?:\w+ ){0,2}?(?:positive|showed|revealed|returned|yielded))\b").unwrap()
});

/// A title that names an infection of its site.
static INFECTION: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:abscess\w*|infect\w*|cellulitis|empyema|fasciitis|osteomyelitis|phlegmon|pyogenic|suppurative|purulent)\b").unwrap()
});

/// Words of the Index's wording that no question says: they lead on, they name nothing.
/// "bacterial NOS" is the Index's heading over named bacteria (Infection, bacterial NOS, as
/// cause of disease classified elsewhere, Enterococcus → B95.2): a question names the
/// bacterium, not its kind.
const WORDING: &str = "as cause of disease classified elsewhere organism to drug bacterial nos";

/// A combination code names its organism in its title (A41.51 Sepsis due to Escherichia coli):
/// beside it the agent is said already.
fn already_named(icd: &Icd10Cm, picked: &[Recommendation], organism: &str) -> bool {
    let wording = title_terms(WORDING);
    let words: Vec<String> = title_terms(organism)
        .into_iter()
        .filter(|w| !wording.contains(w))
        .collect();
    !words.is_empty()
        && picked.iter().any(|r| {
            let title = super::ground::title_terms_of(icd, &r.code);
            words.iter().all(|w| title.contains(w))
        })
}

/// The agent's code and the organism's words as the Index names them.
fn organism(
    icd: &Icd10Cm,
    index: &Book,
    q: &Query,
    asker: &(String, String),
) -> Option<(Recommendation, String)> {
    let (term, named) = deepest(index, "infection", q, |id| {
        index
            .path(id)
            .iter()
            .any(|t| t.starts_with("as cause of disease classified elsewhere"))
    })?;
    let code = index_code(icd, index, term)?;
    code.starts_with('B').then(|| {
        let r = index.recommend(
            Edition::Alphabetic,
            icd,
            term,
            &code,
            format!("the infectious agent ({named}), {}", asker.1),
        );
        (r, named)
    })
}

fn resistance(
    icd: &Icd10Cm,
    index: &Book,
    q: &Query,
    text: &str,
    asker: &(String, String),
) -> Option<Recommendation> {
    // A drug the patient is treated with is no resistance: the question must say the organism
    // resists that drug ("vancomycin-resistant", "resistant to vancomycin", VRE; MRSA's
    // methicillin is no vancomycin), or use the resistance's own abbreviation (ESBL, MDRO),
    // kept as the entry's modifier.
    let expanded = super::text::expanded(text);
    let resists = |id: TermId| {
        title_terms(&index.term(id).title)
            .iter()
            .filter(|w| w.len() > 3)
            .any(|w| {
                [
                    format!("{w}-resistan"),
                    format!("{w} resistan"),
                    format!("resistant to {w}"),
                    format!("resistance to {w}"),
                ]
                .iter()
                .any(|cue| expanded.contains(cue.as_str()))
            })
    };
    let (term, named) = deepest(index, "resistance", q, |id| {
        index.path(id).contains(&"drug")
            && (resists(id)
                || index
                    .term(id)
                    .nonessential
                    .iter()
                    .any(|m| title_terms(m).iter().any(|w| q.has(w))))
    })?;
    let code = index_code(icd, index, term)?;
    code.starts_with("Z16").then(|| {
        index.recommend(
            Edition::Alphabetic,
            icd,
            term,
            &code,
            format!(
                "resistance to {named}, which the note at {} asks for: \"{}\"",
                asker.0, asker.1
            ),
        )
    })
}

/// The entry below the main term `main` that names the most of the question's words (the
/// Index's own wording passes), among entries `fits` accepts, with the words it named.
fn deepest(
    index: &Book,
    main: &str,
    q: &Query,
    fits: impl Fn(TermId) -> bool,
) -> Option<(TermId, String)> {
    let wording = title_terms(WORDING);
    let has = |w: &str| q.has_like(w) || wording.iter().any(|x| x == w);
    index
        .main_terms(main)
        .iter()
        .flat_map(|&root| index.paths_under(root, &has))
        .filter(|p| fits(p.term))
        .filter_map(|p| {
            let below_main = &index.path(p.term)[1..];
            let named: Vec<&str> = below_main
                .iter()
                .copied()
                .filter(|t| {
                    title_terms(t)
                        .iter()
                        .any(|w| !wording.contains(w) && q.has_like(w))
                })
                .collect();
            (!named.is_empty()).then(|| (p.term, named.len(), named.join(", ")))
        })
        .max_by_key(|(term, n, _)| (*n, index.path(*term).len()))
        .map(|(term, _, named)| (term, named))
}

fn index_code(icd: &Icd10Cm, index: &Book, term: TermId) -> Option<String> {
    index.code_at(term).filter(|code| icd.is_billable(code))
}
