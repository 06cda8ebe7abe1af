//! The recommended answer: the codes the assistant would report, first-listed first.
//!
//! What goes in: each code the question names that can be reported as written (with the side
//! filled in when the written code has none and the question names one),
//! the mended code for each one that cannot (a header, a missing 7th character, an ICD-9-CM
//! code), the codes the guidelines and the written codes' notes ask for, and, when the question
//! names no code, the best match of its words. What does not: a code the guidelines say not to
//! report here (a symptom its diagnosis explains, a rule-out), a category asked about.
//!
//! The order is the guidelines' (see [`rank`]), and a code-first note puts its code ahead of
//! the code whose note it is (I.A.13).

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;

use super::agents;
use super::checks::{self, Status};
use super::diabetes;
use super::encounter;
use super::entries::{self, Entry};
use super::external;
use super::focus;
use super::icd10cm::{compact, dotted, Icd10Cm};
use super::lookup;
use super::obstetric;
use super::status;
use super::suggest::{Candidate, Index, Origin, Query};
use super::tables;
use super::uncertain;
use crate::domain::{CodeSystem, Recommendation};

/// A relative score at the best candidate's.
const BEST: f32 = 0.99;

#[allow(clippy::too_many_arguments)]
pub fn recommend(
    icd: &Icd10Cm,
    books: &lookup::Lookup,
    search: &Index,
    q: &Query,
    text: &str,
    checked: &checks::Checked,
    candidates: &[Candidate],
) -> Vec<Recommendation> {
    // A written encounter code the question's words contradict (a follow-up code for a
    // condition still treated, a preoperative code for an earlier visit) is not reported, and
    // the question is read as if it were not written (I.C.21.c.8, Section IV.M); so is a code
    // whose condition the provider denies ("this is not CKD") or the discharge rules out.
    let statuses: Vec<(String, Status)> = checked
        .statuses
        .iter()
        .filter(|(w, _)| !encounter::not_this_encounter(w, text))
        .filter(|(w, _)| !uncertain::denied_outright(icd, w, text))
        .filter(|(w, _)| !uncertain::ruled_out_at_the_end(icd, w, text))
        .filter(|(w, _)| !denies_every_concept_said(icd, text, w))
        .cloned()
        .collect();
    let statuses = statuses.as_slice();
    // A code a guideline keeps out beside a code read as not written is reported after all
    // (R09.02, hypoxemia, beside a J96.11 the question says was not diagnosed).
    let unread = |o: &String| {
        checked.statuses.iter().any(|(w, _)| w == o) && !statuses.iter().any(|(w, _)| w == o)
    };
    let not_reported: Vec<String> = checked
        .not_reported
        .iter()
        .filter(|c| {
            !checked.flags.iter().any(|f| {
                f.kind == crate::domain::FlagKind::Guideline
                    && f.codes.contains(c)
                    && f.codes.iter().any(unread)
            })
        })
        .cloned()
        .collect();
    let not_reported = not_reported.as_slice();
    let mut picked: Vec<Recommendation> = Vec::new();
    let mut add = |r: Recommendation| {
        if !picked.iter().any(|p| compact(&p.code) == compact(&r.code)) {
            picked.push(r);
        }
    };
    // A table's line completed with a side the question does not settle (a right nephrectomy
    // and a left adrenal metastasis) is no reason to change the side the coder wrote.
    let side_guessed_against = |table_code: &str, written: &str| {
        let side = |c: &str| super::text::side(&icd.title(c).unwrap_or_default());
        q.side.is_none()
            && table_code.len() == written.len()
            && table_code.get(..table_code.len().saturating_sub(1))
                == written.get(..written.len().saturating_sub(1))
            && side(written).is_some()
            && side(table_code) != side(written)
    };
    // A written code from a row a table answered is that substance or site with the intent or
    // behaviour the question gives: the table's code replaces it.
    let tabled = |written: &str| {
        let w = compact(written);
        let table_rows = || {
            candidates.iter().filter_map(|c| match &c.origin {
                Origin::Table { cells, .. } => Some((compact(&c.suggestion.code), cells)),
                _ => None,
            })
        };
        // A drug code from no row of the drugs the question names, where the Table gives one
        // of the same kind (adverse effect, poisoning, underdosing) for them: the coder read
        // another row (T43.595A "other antipsychotics" where clozapine's row is T42.4X5-).
        let another_drug = drug_kind(&w).is_some()
            && table_rows().any(|(code, _)| drug_kind(&code) == drug_kind(&w))
            && !table_rows().any(|(_, cells)| tables::from_row(cells, &w));
        another_drug
            || table_rows().any(|(code, cells)| {
                code != w && tables::from_row(cells, &w) && !side_guessed_against(&code, &w)
            })
    };
    let index = &books.index;
    // A drug the question names as a condition's cause leads to its "drug-induced" entry
    // (Retention, urine, drug-induced → R33.0 for "retention due to oxybutynin").
    let drug_induced = tables::caused_by_a_drug(books, text)
        .then(|| Query::new(text).also_saying(&DRUG_INDUCED_WORDS));
    let read = drug_induced.as_ref().unwrap_or(q);
    let paths = index.paths(read.terms(), &|w: &str| read.has(w));
    let mut found = entries::entries(icd, index, search, read, text, &paths);
    // An outpatient's uncertain diagnosis is not the patient's condition yet (IV.H): no entry
    // is its word, unless the Index codes the uncertainty itself (Abuse, child, suspected).
    let settled_text = uncertain::settled(text);
    if settled_text != text {
        let settled = entries::spaced(&settled_text);
        for e in found.iter_mut().filter(|e| !e.path.contains("suspected")) {
            e.literal &= entries::literal(&e.main, &settled);
        }
    }
    // The provider's diagnostic statements the question quotes.
    let quoted = documented_statements(text);
    let specific: Vec<(&String, Recommendation, Vec<String>)> = statuses
        .iter()
        .filter(|(w, s)| *s == Status::Billable && !not_reported.contains(w) && !tabled(w))
        .filter_map(|(w, _)| {
            let (r, words) = encounter_stated(icd, text, w)
                .or_else(|| recurrent_not_an_injury(icd, &found, text, w))
                .or_else(|| complicating_the_pregnancy(icd, text, statuses, w))
                .or_else(|| in_a_newborn(icd, search, read, text, w))
                .or_else(|| the_newborn_entry_of_its_note(icd, &found, text, w))
                .or_else(|| other_side(icd, text, w))
                .or_else(|| restricted_on_the_other_side(icd, statuses, w))
                .or_else(|| acquired_not_congenital(icd, text, w))
                .or_else(|| congenital_not_acquired(icd, &found, text, w))
                .or_else(|| juvenile_for_an_adult(icd, &found, text, w))
                .or_else(|| qualifier_unsaid(icd, index, read, &paths, &found, text, w))
                .or_else(|| another_type_named(icd, &found, (q, text), w))
                .or_else(|| the_syndrome_said(icd, q, candidates, w))
                .or_else(|| the_documented_line_of_its_category(icd, &found, &quoted, w))
                .or_else(|| {
                    the_documented_diagnosis_in_its_place(
                        icd,
                        (index, search),
                        &quoted,
                        statuses,
                        w,
                    )
                })
                .or_else(|| named_where_the_coder_wrote_other(icd, &found, statuses, w))
                .or_else(|| site_of_its_partner(icd, statuses, w))
                .or_else(|| species_named(icd, text, w))
                .or_else(|| virus_not_identified(icd, text, w))
                .or_else(|| more_specific(icd, index, search, &paths, read, text, w))
                .or_else(|| referred(icd, &found, w))
                .or_else(|| subterm_before_see_also(icd, index, &found, w))
                .or_else(|| site_documented(icd, q, &found, w))
                .or_else(|| residual_site_documented(icd, &found, w))
                .or_else(|| contradicted(icd, q, text, w))
                .or_else(|| documented_elsewhere(icd, q, &found, text, statuses, w))
                .or_else(|| sibling_stated(icd, q, text, w))
                .or_else(|| counted_as_documented(icd, q, w))
                .or_else(|| inclusion_stated(icd, text, w))
                .or_else(|| index_names_otherwise(icd, q, &found, statuses, text, w))?;
            // The Index's default line ("Migraine, without aura" → G43.009, not intractable)
            // is where the coder goes on to the line the question states.
            let (r, words) = match sibling_stated(icd, q, text, &r.code) {
                Some((mut better, words)) if better.code != r.code => {
                    better.why = format!("{}; {}", r.why, better.why);
                    (better, words)
                }
                _ => (r, words),
            };
            // ... and, in a newborn, on to where the line's Excludes1 note sends the condition
            // in a newborn (D69.59 → P61.0, transient thrombocytopenia of newborn).
            let (r, words) = match in_a_newborn(icd, search, read, text, &r.code) {
                Some((mut newborn, words)) => {
                    newborn.why = format!("{}; {}", r.why, newborn.why);
                    (newborn, words)
                }
                None => (r, words),
            };
            Some((w, r, words))
        })
        .collect();
    // A written code for what a combination code now says ("with" links the conditions,
    // I.A.15): G62.9 beside E11.42, whose Index entry is Diabetes, with, polyneuropathy. An
    // organism "as the cause of diseases classified elsewhere" (B95-B97) is named by the
    // organism alone (B97.81 beside J21.1 Acute bronchiolitis due to human metapneumovirus).
    // A condition the question names as a residual's cause is replaced by its sequela's code
    // (I.B.10): neither its note nor its inclusion terms keep the residual from it.
    let causes: Vec<&String> = statuses
        .iter()
        .map(|(w, _)| w)
        .filter(|w| super::sequelae::names_as_a_cause(icd, text, w))
        .collect();
    let a_cause = |w: &str| causes.iter().any(|c| c.as_str() == w);
    let included = |written: &str, gave_way: &[String]| {
        let terms: Vec<String> = icd
            .title(written)
            .map(|t| super::text::title_terms(&t.replace(AS_THE_CAUSE, "")))
            .unwrap_or_default()
            .into_iter()
            .filter(|t| !GENERIC_TITLE_WORDS.contains(&t.as_str()))
            .collect();
        // An organism "as the cause of diseases classified elsewhere" beside an infection
        // Chapter 1 names by its organism, which asks for none (B96.89 beside A32.7 listerial
        // sepsis).
        let organism_named = ("B95".."B98").contains(&compact(written).get(..3).unwrap_or(""))
            && specific.iter().any(|(w, r, _)| {
                let c = compact(&r.code);
                w.as_str() != written
                    && !gave_way.contains(w)
                    && ("A00".."B90").contains(&c.get(..3).unwrap_or(""))
                    && !icd.says_unspecified(&c)
                    && !checks::asks_for_additional(icd, &c, written)
            });
        // ... and beside any infection whose own title names the organism (J02.0
        // "Streptococcal pharyngitis" says group A strep): B95-B97 are for an infection coded
        // elsewhere without its organism (I.C.1.b).
        let organism = ("B95".."B98")
            .contains(&compact(written).get(..3).unwrap_or(""))
            .then(|| icd.title(written))
            .flatten()
            .and_then(|t| t.split([',', ' ']).next().map(str::to_lowercase))
            .filter(|w| w.len() >= 7)
            .map(|w| w[..7].to_owned());
        let names_the_organism = |code: &str| {
            organism.as_ref().is_some_and(|o| {
                !code.starts_with('B')
                    && icd
                        .title(code)
                        .is_some_and(|t| t.to_lowercase().contains(o.as_str()))
                    && !checks::asks_for_additional(icd, code, written)
            })
        };
        let organism_in_a_title = specific
            .iter()
            .filter(|(w, ..)| w.as_str() != written && !gave_way.contains(w))
            .map(|(_, r, _)| compact(&r.code))
            .chain(statuses.iter().map(|(w, _)| compact(w)))
            .any(|c| names_the_organism(&c));
        // Two written codes both replaced by one combination (J35.1 and J35.2 by J35.3) are
        // that combination, reported once through either.
        let own = specific
            .iter()
            .find(|(w, ..)| w.as_str() == written)
            .map(|(_, r, _)| r.code.as_str());
        organism_named
            || organism_in_a_title
            || !terms.is_empty()
                && specific.iter().any(|(w, r, words)| {
                    w.as_str() != written
                    && !a_cause(w)
                    && own != Some(r.code.as_str())
                    // A code that gave way to another says nothing.
                    && !gave_way.contains(w)
                    && terms.iter().all(|t| words.contains(t))
                    // ... unless that code says to code it first (U07.1 before J12.82).
                    && checks::code_first_note(icd, &r.code, written).is_none()
                })
    };
    // Two written codes an Excludes1 note keeps apart are never reported together (I.A.12.a):
    // the note says its condition is coded where it points, so the code above the note gives
    // way; where the note points to a category with a code that says both conditions, that
    // combination is reported instead of both (I.B.9).
    let reportable: Vec<&String> = statuses
        .iter()
        .filter(|(w, s)| *s == Status::Billable && !not_reported.contains(w))
        .map(|(w, _)| w)
        .collect();
    let mut gives_way: Vec<String> = Vec::new();
    // A written code's replacement takes its place in the coder's order.
    let mut coded_instead: Vec<(String, Recommendation)> = Vec::new();
    for a in &reportable {
        for b in &reportable {
            if a == b || a_cause(a) || a_cause(b) {
                continue;
            }
            if checks::excludes1_note(icd, b, a).is_some() {
                if checks::excludes1_note(icd, a, b).is_some() && gives_way_to(icd, q, text, a, b) {
                    gives_way.push((*a).clone());
                }
                continue;
            }
            let Some(note) = checks::excludes1_note(icd, a, b) else {
                continue;
            };
            // A status the encounter's own code implies gives way to it (I.C.21.c.3): Z97.13,
            // the artificial leg, beside Z44.111, its fitting. So does the code of a condition
            // the question denies: R78.71's note sends lead poisoning to T56.0-, and "not lead
            // poisoning" says T56.0X1A is wrong.
            // A finding the note sends elsewhere gives way to the diagnosis made (R76.12 beside
            // Z22.7 latent tuberculosis, I.B.4).
            let finding = |c: &str| c.starts_with('R');
            // A section's note keeps another body system's condition out of its codes
            // (galactorrhea N64.3 from E20-E35): the condition coded here stands, and the one
            // written for its sign gives way.
            // A note that sends the condition "NOS" elsewhere ("endocarditis NOS (I38)" at
            // I33) leaves the written code that says more (I33.0, infective) standing: the
            // NOS code gives way.
            let not_otherwise_specified = sends_nos_to(icd, a, b);
            if (status_code(b) && !status_code(a))
                || not_otherwise_specified
                || (finding(b) && !finding(a) && !denies_a_concept(icd, text, a))
                || (finding(a) && !finding(b) && denies_a_concept(icd, text, b))
                || denied_in(&note, &text.to_lowercase())
                || checks::excludes1_note_of_a_section(icd, a, b)
            {
                gives_way.push((*b).clone());
                continue;
            }
            gives_way.push((*a).clone());
            match combination(icd, search, q, a, b, &note) {
                Some(Coded::Both(r)) => {
                    gives_way.push((*b).clone());
                    add(r);
                }
                Some(Coded::Host(r)) => coded_instead.push(((*a).clone(), r)),
                None => {}
            }
        }
    }
    for (a, b) in reportable
        .iter()
        .enumerate()
        .flat_map(|(i, a)| reportable[i + 1..].iter().map(move |b| (*a, *b)))
    {
        if let Some(r) = said_together(icd, a, b)
            .or_else(|| said_together_where_a_note_points(icd, text, a, b))
            .or_else(|| said_together_where_a_note_points(icd, text, b, a))
        {
            gives_way.extend([a.clone(), b.clone()]);
            add(r);
        }
    }
    for (written, status) in statuses
        .iter()
        .filter(|(w, _)| !tabled(w) && !included(w, &gives_way))
    {
        if gives_way.contains(written) {
            if let Some((_, r)) = coded_instead.iter().find(|(w, _)| w == written) {
                add(r.clone());
            }
            continue;
        }
        match status {
            // A count the question gives (weeks, BMI, blood alcohol) has its line already:
            // a written line of the same count says another number.
            Status::Billable
                if candidates.iter().any(|c| {
                    c.origin == Origin::Rule && counts_the_same(&c.suggestion.code, written)
                }) => {}
            Status::Billable if !not_reported.contains(written) => {
                if let Some((_, r, _)) = specific.iter().find(|(w, ..)| *w == written) {
                    add(r.clone());
                    continue;
                }
                // A written code of the same subcategory that says the site and side already
                // is the code for it: the unspecified one gives way (I.A.9.b), no side is
                // filled in (L03.119 beside L03.116).
                let sibling_says_it = statuses.iter().any(|(o, s)| {
                    *s == Status::Billable
                        && o != written
                        && compact(o).get(..5) == compact(written).get(..5)
                        && !icd.says_unspecified(o)
                });
                let sided = candidates.iter().find(|c| {
                    matches!(&c.origin, Origin::Side(w) if w == written)
                        && !sibling_says_it
                        && !names_side(icd, written)
                        && (one_character_apart(&c.suggestion.code, written)
                            || reached_by_the_index(&found, &c.suggestion.code))
                });
                add(match sided {
                    Some(c) => from_candidate(icd, c, format!("instead of {written}: ")),
                    None => named(icd, written),
                });
            }
            Status::Billable => {}
            _ if statuses.iter().any(|(o, s)| {
                *s == Status::Billable
                    && compact(o) != compact(written)
                    && compact(o).starts_with(&compact(written))
            }) =>
            {
                // A header with a written code below it ("B02.3 came back: B02.30?") is
                // answered by that code's line.
            }
            _ => {
                // A header is completed as the Index completes what the question says
                // ("Fibrillation, atrial, persistent" → I48.19 for I48.1), where the Index
                // leads below it.
                // An unspecified line is the Index read no further than the header; the
                // question's words may say which line (secundum, Q21.11, below "Defect,
                // septal, atrial").
                let by_index = matches!(status, Status::NonBillable(_))
                    .then(|| under_header(&found, written))
                    .flatten()
                    .filter(|e| !icd.says_unspecified(&e.code));
                if let Some(e) = by_index {
                    add(from_entry(icd, e, &format!("replaces {written}: ")));
                    continue;
                }
                // A table's line below the header is the table read for what the question
                // says (C21.1, anal canal, for C21), not the header's line its words rank.
                let by_table = candidates.iter().find(|c| {
                    matches!(c.origin, Origin::Table { .. })
                        && compact(&c.suggestion.code).starts_with(&compact(written))
                        && !icd.says_unspecified(&c.suggestion.code)
                });
                if let Some(c) = by_table {
                    add(from_candidate(icd, c, format!("replaces {written}: ")));
                    continue;
                }
                let mend = candidates
                    .iter()
                    .find(|c| matches!(&c.origin, Origin::Mend(w) if w == written));
                if let Some(c) = mend {
                    // An old code's crosswalk target is where the coder starts: the Index
                    // then goes on to what the question says ("Hematuria, gross" → R31.0
                    // for 599.70's R31.9).
                    let target = compact(&c.suggestion.code);
                    match more_specific(icd, index, search, &paths, q, text, &dotted(&target)) {
                        Some((mut r, _)) => {
                            r.why = format!("replaces {written}: {}", r.why);
                            add(r)
                        }
                        None => add(from_candidate(icd, c, format!("replaces {written}: "))),
                    }
                }
            }
        }
    }
    // A note's alternatives ("tobacco dependence (F17.-)", "tobacco use (Z72.0)" at C32) are
    // one condition: the one the question's words say better is reported, not both.
    let a_better_alternative = |c: &Candidate| {
        candidates.iter().any(|o| {
            o.origin == Origin::Note
                && o.suggestion.score > c.suggestion.score
                && checks::excluded_together(icd, &o.suggestion.code, &c.suggestion.code)
        })
    };
    for c in candidates {
        match &c.origin {
            Origin::Note if a_better_alternative(c) => {}
            Origin::Rule | Origin::Note | Origin::Therapy => {
                add(from_candidate(icd, c, String::new()))
            }
            Origin::Table { .. }
                if statuses.iter().any(|(w, _)| {
                    side_guessed_against(&compact(&c.suggestion.code), &compact(w))
                }) => {}
            Origin::Table { evidence, cells } => {
                let written = statuses
                    .iter()
                    .map(|(w, _)| compact(w))
                    .find(|w| *w != compact(&c.suggestion.code) && tables::from_row(cells, w))
                    .map(|w| format!("instead of {}: ", dotted(&w)))
                    .unwrap_or_default();
                add(Recommendation {
                    evidence: evidence.clone(),
                    ..from_candidate(icd, c, written)
                })
            }
            _ => {}
        }
    }
    // One condition the words describe besides what the written codes and the tables name:
    // the best word match of a category not yet covered; beside written codes only when no
    // candidate scores above it (scores are relative to the best, 1.0).
    // A written code an outpatient question leaves uncertain ("suspect strep": J02.0) covers
    // nothing: what is certain of its condition is coded there (J02.9, Section IV.H).
    let uncertain = super::uncertain::leaves_uncertain(text);
    let written_categories: Vec<String> = statuses
        .iter()
        .filter(|(w, _)| !(uncertain && not_reported.contains(w)))
        .map(|(w, _)| compact(w).chars().take(3).collect())
        .collect();
    let covered: Vec<String> = candidates
        .iter()
        .filter(|c| {
            matches!(
                c.origin,
                Origin::Table { .. } | Origin::Note | Origin::Rule | Origin::Therapy
            )
        })
        .map(|c| compact(&c.suggestion.code)[..3].to_owned())
        .chain(written_categories.iter().cloned())
        .collect();
    // Severe sepsis is read from the organ dysfunction the sepsis causes (`focus`), never from
    // the word "septic" alone; an organism or a resistance only where a note asks for it
    // (`agents`).
    // A code whose every word a written code's title already says adds nothing to it
    // (B96.20, E. coli, beside A41.51 Sepsis due to Escherichia coli).
    let said_by_written = |code: &str| {
        let concepts = super::ground::concepts(&icd.title(code).unwrap_or_default());
        // A written code not reported (a rule-out) says nothing in its place.
        !concepts.is_empty()
            && statuses.iter().any(|(w, _)| {
                !not_reported.contains(w) && {
                    let title = super::text::title_terms(&icd.title(w).unwrap_or_default());
                    concepts.iter().all(|c| title.contains(c))
                }
            })
    };
    // An observation for a suspected condition (Z03, Z04) is not coded when the condition,
    // an injury or a poisoning, is (I.C.21.c.6).
    let diagnosed = candidates
        .iter()
        .any(|c| matches!(c.origin, Origin::Table { .. }))
        || statuses.iter().any(|(w, _)| !compact(w).starts_with('Z'));
    // A neoplasm is coded from the Neoplasm Table (or its histology's Index entry), not from
    // titles that share its words (I.C.2): beside a growth the table places, a word-alike
    // neoplasm of another site (C44.42, skin of neck, for nodes of the neck) is none.
    let is_neoplasm = super::tables::neoplasm_code;
    let tabled_neoplasm = candidates.iter().any(|c| {
        matches!(c.origin, Origin::Table { .. }) && is_neoplasm(&compact(&c.suggestion.code))
    });
    // ... and a question that names no growth at all has none to code ("benign paroxysmal
    // vertigo, right ear" is no benign neoplasm of the ear's skin).
    let names_a_growth = NAMES_A_GROWTH.is_match(text);
    // ... nor is a malignancy where the question names none ("simple cyst of the left kidney"
    // is no C64.2).
    let malignancy_named = NAMES_A_MALIGNANCY.is_match(text);
    let neoplasm_beside_the_table = |code: &str| {
        is_neoplasm(code)
            && (tabled_neoplasm || !names_a_growth || (code.starts_with('C') && !malignancy_named))
    };
    // A word match whose only words the question says are the site of a growth the tables
    // read is that site, not a second condition (N80.529, endometriosis of the sigmoid colon,
    // beside C18.7 for an adenocarcinoma there).
    let tabled_titles: Vec<Vec<String>> = candidates
        .iter()
        .filter(|c| matches!(c.origin, Origin::Table { .. }))
        .map(|c| super::text::title_terms(&icd.title(&c.suggestion.code).unwrap_or_default()))
        .collect();
    let only_a_tabled_site = |code: &str| {
        let said: Vec<String> = super::ground::concepts(&icd.title(code).unwrap_or_default())
            .into_iter()
            .filter(|w| q.has(w))
            .collect();
        !said.is_empty()
            && tabled_titles
                .iter()
                .any(|title| said.iter().all(|w| title.contains(w)))
    };
    // An organism the question codes as the agent of a condition classified elsewhere (B96.20
    // beside N39.0) is no infection of Chapter 1's own: no A04.0 for "UTI due to E. coli".
    let agent_written: Vec<Vec<String>> = statuses
        .iter()
        .filter(|(w, _)| {
            ["B95", "B96", "B97"]
                .iter()
                .any(|b| compact(w).starts_with(b))
        })
        .map(|(w, _)| super::ground::concepts(&icd.title(&compact(w)).unwrap_or_default()))
        .collect();
    // So is one the written condition asks for as its agent ("use additional code (B95-B97)"
    // at N39.0): the organism goes there, not into an intestinal infection's A04.0.
    let agent_asked = || {
        statuses.iter().any(|(w, _)| {
            !compact(w).starts_with(['A', 'B']) && checks::asks_for_additional(icd, w, "B9620")
        })
    };
    // A site's infection found beside the organism's word-alike (N39.0 beside A04.0
    // "Enteropathogenic Escherichia coli infection" for an E. coli UTI) asks for the agent.
    let unsaid = |code: &str| {
        super::text::title_terms(&icd.title(code).unwrap_or_default())
            .iter()
            .any(|w| !super::ground::is_qualifier(w) && !q.has(w))
    };
    let a_site_asks_for_the_agent = || {
        candidates.iter().any(|c| {
            let code = compact(&c.suggestion.code);
            c.origin == Origin::Words
                && !code.starts_with(['A', 'B'])
                && !unsaid(&code)
                && checks::asks_for_additional(icd, &code, "B9620")
        })
    };
    let an_infection_by_the_agent = |code: &str| {
        let chapter_1 = code.starts_with('A') || (code.starts_with('B') && &code[..3] < "B95");
        chapter_1 && {
            let concepts = super::ground::concepts(&icd.title(code).unwrap_or_default());
            agent_written
                .iter()
                .any(|agent| agent.iter().any(|w| concepts.contains(w)))
                || agent_asked()
                || (unsaid(code) && a_site_asks_for_the_agent())
        }
    };
    // A word match whose words are mostly those of an outpatient's uncertain diagnosis ("probable
    // UTI") is that diagnosis, not coded (IV.H).
    let settled_q = (settled_text != text).then(|| Query::new(&settled_text));
    // A code that says "suspected" codes the uncertainty itself (Z20.821).
    let uncertain_only = |code: &str| {
        settled_q.as_ref().is_some_and(|sq| {
            let said = title_words_said(icd, code, q);
            said > 0
                && 2 * title_words_said(icd, code, sq) <= said
                && !icd.title(code).unwrap_or_default().contains("suspected")
        })
    };
    let fits = |c: &&Candidate| {
        let code = compact(&c.suggestion.code);
        c.origin == Origin::Words
            && !neoplasm_beside_the_table(&code)
            && !an_infection_by_the_agent(&code)
            && !not_reported.iter().any(|w| compact(w) == code)
            && !covered.contains(&code[..3].to_owned())
            && !code.starts_with("R652")
            && !agents::only_where_asked(&code)
            && !said_by_written(&code)
            && !only_a_tabled_site(&code)
            && condition_named(icd, &code, q)
            && !uncertain_only(&code)
            // An external cause the question codes already is the mechanism: a word-alike of
            // another category is no second one ("car ... by another car" is no V42 beside the
            // question's V43.52XA, I.C.20).
            && !second_mechanism(&code, statuses)
            // A place, activity or status is no condition: those codes come from the
            // question's circumstances (I.C.20.b-d, I.C.20.k).
            && !["Y92", "Y93", "Y99"].contains(&&code[..3])
            // Nor is a force of nature the condition: its words ("snow", "ice") say the
            // weather, which the External Cause Index reads with the injury (X37.2 "Blizzard
            // (snow)(ice)" for a man who slipped while shoveling snow, I.C.20.a.6).
            && !code.starts_with("X3")
            && !(observation(&code) && diagnosed)
            // A pregnancy test's code is for a question about a pregnancy ("review the test
            // result" is no Z32.00).
            && (!pregnancy_code(&code) || PREGNANCY_NAMED.is_match(text))
            && !denies_a_concept(icd, text, &code)
            && !names_an_unsaid_disease(icd, &code, q)
            && !found_normal(icd, &code, text)
            && !prefix_unsaid(icd, &code, text)
    };
    let described = candidates.iter().find(fits);
    // A cause matched by the words ("Unspecified fall due to ice and snow") explains an injury,
    // which is the condition: the best word match that is no cause goes beside it.
    let described_injury = described
        .filter(|c| is_external_cause(&c.suggestion.code))
        .and_then(|_| {
            candidates
                .iter()
                .filter(|c| !is_external_cause(&c.suggestion.code))
                .find(fits)
        });
    // The Alphabetic Index decides between codes the words find alike: an entry the question
    // leads to (a main term it names and a subterm) that gives a code of the word match's
    // category gives the code (Migraine → G43.909, Pancreatitis, acute → K85.90); with no code
    // written, each condition such an entry names is reported.
    let setting = super::ground::Setting::of(text);
    let admissible = |e: &&Entry| {
        setting.admits(&e.code) && !agents::only_where_asked(&e.code) && !said_by_written(&e.code)
    };
    let strong = |e: &&Entry| e.literal && e.depth >= 1 && e.words >= 2 && admissible(e);
    // An external cause code is never the condition (I.C.20.a.6): a question that codes only
    // how the injury happened is read as one that codes no condition.
    let conditions_written = statuses
        .iter()
        .any(|(w, _)| !is_external_cause(w) && !compact(w).starts_with("Y9"));
    // Nor, for the Index's entries, does a code the guidelines say not to report here (an
    // outpatient's "probable UTI" N39.0): the question is read for what it does say, the
    // symptoms (Section IV.H).
    // An ICD-9 code beside a code not reported is no condition reported either: its own
    // ICD-10-CM line is the same uncertain diagnosis ("446.5" beside a "working diagnosis"
    // M31.6).
    let conditions_reported = statuses.iter().any(|(w, s)| {
        !is_external_cause(w)
            && !compact(w).starts_with("Y9")
            && !not_reported.contains(w)
            && (not_reported.is_empty() || !matches!(s, Status::Icd9 { .. }))
    });
    let described = described.filter(|c| !conditions_written || c.suggestion.score >= BEST);
    // The provider's own diagnosis, where the Index gives it in another category, is the
    // condition, not a word match the provider's statements do not say (K71.51 "toxic liver
    // disease ... with ascites" beside "diagnoses type 1 autoimmune hepatitis": K75.4).
    let described = described.filter(|c| {
        let code = compact(&c.suggestion.code);
        let concepts = super::ground::concepts(&icd.title(&code).unwrap_or_default());
        let stated_itself = quoted
            .iter()
            .any(|(_, stems)| concepts.iter().all(|w| stems.contains(w)));
        stated_itself
            || !found.iter().any(|e| {
                strong(&e)
                    && e.code.get(..3) != code.get(..3)
                    && !icd.says_unspecified(&e.code)
                    && stated_in(&quoted, e)
            })
    });
    if let Some(c) = described {
        let code = compact(&c.suggestion.code);
        // The main term's default code (I.A.18) is read where the word match's title says
        // what the question does not (Fatigue → R53.83, not R53.82 "chronic fatigue").
        let default_of = |e: &&Entry| {
            e.literal
                && e.depth == 0
                && admissible(e)
                && e.code[..3] == code[..3]
                && says_unsaid(icd, &code, &e.code, q)
        };
        // An entry that gives the word match's own code and names as much of the question is
        // the Index agreeing with it (Hemorrhoids, 3rd degree (grade/stage III) for K64.2).
        let agreeing = found
            .iter()
            .filter(|e| e.code == code && admissible(e))
            .map(|e| e.words)
            .max();
        let by_index = found
            .iter()
            .filter(|e| strong(e) || default_of(e))
            .filter(|e| e.code != code)
            .filter(|e| {
                agreeing.is_none_or(|words| e.words > words) || leaves_unspecified(icd, &code, e, q)
            })
            // An unspecified word match is the main term read no further: the entry below it
            // the question names may be in another category of its chapter (Anemia,
            // pernicious → D51.0 for D64.9).
            // So is a word match that says what the question does not where an entry of the
            // main term the match's title names says more of the question (Overload, iron, due
            // to transfusions → E83.111 for E87.71 "transfusion associated circulatory
            // overload").
            .filter(|e| {
                e.code[..3] == code[..3]
                    || (e.code[..1] == code[..1] && leaves_unspecified(icd, &code, e, q))
                    || (e.words > title_words_said(icd, &code, q)
                        && says_unsaid(icd, &code, &e.code, q)
                        && names_the_main_term(icd, &code, e))
            })
            // An entry that leaves out what the word match says is no better (R10.9 for a
            // flank pain R10.A1); a residual "Other ..." line says nothing more (Injury, kidney,
            // acute → N17.9 for "Other acute kidney failure"), nor one "with" what the question
            // does not say (D83.2 "with autoantibodies" for a plain common variable
            // immunodeficiency).
            .filter(|e| {
                !icd.says_unspecified(&e.code)
                    || icd.says_unspecified(&code)
                    || residual(icd, &code)
                    || with_unsaid(icd, &code, q)
            })
            // ... and it names more of the question than the word match's title does, or as
            // much where the title says "with" what the question does not (K40.11 "with
            // gangrene" for reducible hernias on both sides: Hernia, inguinal, bilateral), or
            // it names what the title leaves unspecified (Thrombosis, vein, popliteal for the
            // "unspecified deep veins" of I82.402).
            .filter(|e| {
                let said = title_words_said(icd, &code, q);
                // The title's bare "with" is no word of the condition the question says: an
                // unspecified entry names as much as a title "with" what the question does not
                // say (D83.9 for D83.2 "... with autoantibodies").
                let said_of_the_condition = title_words_in(icd, &code, |w| w != "with" && q.has(w));
                e.words > said
                    || (e.words == said && residual(icd, &code))
                    || (e.words >= said_of_the_condition
                        && icd.says_unspecified(&e.code)
                        && with_unsaid(icd, &code, q))
                    || leaves_unspecified(icd, &code, e, q)
                    || default_of(e)
            })
            .max_by_key(|e| (!icd.says_unspecified(&e.code), e.words));
        match by_index {
            Some(e) => add(from_entry(
                icd,
                e,
                &format!("rather than {}: ", c.suggestion.code),
            )),
            // In a newborn, the Index entry the question leads to where the word match's
            // Excludes1 note sends the condition in a newborn (R17 → Jaundice, newborn →
            // P59.9; I.C.16.a).
            None => match newborn_entry(icd, &found, text, &code) {
                Some(e) => add(from_entry(
                    icd,
                    e,
                    &format!("rather than {}: ", c.suggestion.code),
                )),
                None => add(from_candidate(icd, c, String::new())),
            },
        }
    }
    if let Some(c) = described_injury.filter(|_| !conditions_written) {
        add(from_candidate(icd, c, String::new()));
    }
    // The written codes with what replaces them, as the answer will report them.
    let written_or_replaced: Vec<String> = statuses
        .iter()
        .map(|(w, _)| compact(w))
        .chain(specific.iter().map(|(_, r, _)| compact(&r.code)))
        .collect();
    let asks_for_more = conditions_reported && ASKS_FOR_MORE.is_match(text);
    let uncertain_category = |code: &str| {
        not_reported
            .iter()
            .map(|w| compact(w))
            .any(|w| w != code && w.get(..3) == code.get(..3))
    };
    if !conditions_reported || asks_for_more {
        let nothing_read = !conditions_written
            && described.is_none()
            && !candidates.iter().any(|c| c.origin != Origin::Words);
        let mut extra: Vec<&Entry> = found
            .iter()
            // Asked what is missing, a main term's own default counts too ("Hyponatremia").
            // A written code not reported as uncertain ("suspect strep": J02.0) leaves what is
            // certain, the main term's own code in its category (Pharyngitis, J02.9; IV.H).
            // With nothing else read, the conditions and symptoms the question names are what
            // is known (IV.D), each its main term's default code (I.A.18: Fatigue → R53.83,
            // Hydrosalpinx → N70.11); a catch-all default ("Exposure → T75.89") names none.
            .filter(|e| {
                strong(e)
                    || (asks_for_more && e.literal && e.depth == 0 && !symptom(e) && admissible(e))
                    || (nothing_read
                        && e.literal
                        && e.depth == 0
                        && admissible(e)
                        && (symptom(e) || !residual(icd, &e.code)))
                    || (e.literal && admissible(e) && uncertain_category(&e.code))
            })
            // Encounter and status codes come from the rules that read the encounter.
            .filter(|e| !e.code.starts_with('Z'))
            // The tables read every growth the question documents, and the lesions and masses
            // of a tabled neoplasm are its sites, not conditions of their own.
            .filter(|e| {
                !(tabled_neoplasm
                    && (is_neoplasm(&e.code) || GROWTH_FINDING.contains(&e.main.as_str())))
            })
            .filter(|e| !covered.contains(&e.code[..3].to_owned()))
            .collect();
        // An entry whose words one sentence says together reads that sentence's condition;
        // words gathered across the question ("vaginal delivery" ... "hemorrhage") come after
        // it ("Hemorrhage, subgaleal" before "Hemorrhage, vagina, newborn").
        let sentences: Vec<Query> = text
            .split(['.', ';', '\n'])
            .filter(|s| !s.trim().is_empty())
            .map(Query::new)
            .collect();
        let together = |e: &Entry| {
            let path = e.path.split(" → ").next().unwrap_or_default();
            let words: Vec<String> = super::text::title_terms(path)
                .into_iter()
                .filter(|t| !t.contains(':'))
                .collect();
            sentences
                .iter()
                .any(|s| words.iter().filter(|w| s.has(w)).count() >= e.words.min(words.len()))
        };
        // The provider's own diagnosis comes first of all.
        let said_together: Vec<String> = extra
            .iter()
            .filter(|e| together(e))
            .map(|e| e.code.clone())
            .collect();
        let together = |e: &Entry| said_together.contains(&e.code);
        extra.sort_by_cached_key(|e| {
            (
                std::cmp::Reverse(stated_in(&quoted, e)),
                std::cmp::Reverse(together(e)),
                std::cmp::Reverse(e.words),
            )
        });
        // What is reported already: the tables', the rules' and the notes' codes and the word
        // match.
        let mut chosen: Vec<String> = candidates
            .iter()
            .filter(|c| !matches!(c.origin, Origin::Words | Origin::Neighbour))
            .chain(described)
            .map(|c| compact(&c.suggestion.code))
            .collect();
        // A symptom is not reported beside a definitive diagnosis (I.B.5).
        let definite = extra.iter().any(|e| !e.code.starts_with('R'))
            || chosen.iter().any(|c| !c.starts_with('R'));
        // Entries of one main term read here are conditions of their own (Pancreatitis,
        // acute and Pancreatitis, chronic).
        let mut read_here: Vec<String> = Vec::new();
        // An entry whose words a deeper entry of its main term has too is the same condition
        // read less far ("Disease, arterial" beside "Disease, artery, coronary").
        let terms_of = |e: &Entry| {
            let path = e.path.split(" → ").next().unwrap_or_default();
            super::text::title_terms(path)
        };
        let shallower = |e: &Entry| {
            let mine = terms_of(e);
            extra.iter().any(|o| {
                o.main == e.main && o.words > e.words && {
                    let theirs = terms_of(o);
                    mine.iter().all(|t| {
                        theirs
                            .iter()
                            .any(|u| u.starts_with(t.as_str()) || t.starts_with(u.as_str()))
                    })
                }
            })
        };
        // A subterm said only in another sentence than its main term is no reading of the
        // question ("culture" of a vaginal culture and the "shock" of a toxic shock are no
        // "Shock, culture"); a main term the question implies ("Complication" of a device's
        // infection) is said nowhere.
        let implied = |e: &Entry| e.main.eq_ignore_ascii_case(lookup::IMPLIED_MAIN_TERM);
        let extra: Vec<&Entry> = extra
            .iter()
            .copied()
            .filter(|e| !shallower(e) && (e.depth == 0 || implied(e) || together(e)))
            .collect();
        // The conditions read are reported in the order the question tells them: the one it
        // opens with is the reason for the encounter (Sections II and IV).
        let lower_text = text.to_lowercase();
        let told_at = |e: &Entry| {
            let path = e
                .path
                .split(" → ")
                .next()
                .unwrap_or_default()
                .to_lowercase();
            // The deepest of the entry's names the question says: "sick sinus" places
            // "Syndrome, sick sinus", where "syndrome" could be any syndrome's.
            path.split(',')
                .rev()
                .find_map(|name| lower_text.find(name.trim()))
                .unwrap_or(usize::MAX)
        };
        let mut read: Vec<(usize, Recommendation)> = Vec::new();
        // A category reported already takes no place among the entries read.
        let fresh = |e: &&Entry| !chosen.iter().any(|c| c[..3] == e.code[..3]);
        let extra: Vec<&Entry> = extra.into_iter().filter(fresh).collect();
        for e in extra.into_iter().take(ENTRIES_ADDED) {
            // One condition, one code: a main term a reported code's title already names
            // (anemia, for D64.81 beside "Anemia, malignant") is that code's condition.
            // An entry whose every word a reported code's title says is no new condition
            // ("Fibrillation, heart" beside I48.0 and the heart failure's I50.23).
            let said_already = terms_of(e).iter().all(|t| {
                chosen.iter().any(|c| {
                    super::text::title_terms(&icd.title(c).unwrap_or_default()).contains(t)
                })
            });
            if (definite && symptom(e))
                || said_already
                || chosen.iter().any(|c| {
                    c[..3] == e.code[..3]
                        || checks::excluded_together(icd, c, &e.code)
                        || (!read_here.contains(c) && names_the_main_term(icd, c, e))
                })
            {
                continue;
            }
            // A vague entry gives way to a word match of its category that says what the
            // question says (J96.21 acute and chronic with hypoxia for J96.20).
            let sharper = icd.says_unspecified(&e.code).then(|| {
                candidates.iter().find(|c| {
                    let code = compact(&c.suggestion.code);
                    // A residual "Other ..." line says no more than the entry.
                    c.origin == Origin::Words
                        && code[..3] == e.code[..3]
                        && !icd.says_unspecified(&code)
                        && !residual(icd, &code)
                })
            });
            chosen.push(e.code.clone());
            read_here.push(e.code.clone());
            read.push((
                told_at(e),
                match sharper.flatten() {
                    Some(c) => from_candidate(icd, c, String::new()),
                    None => from_entry(icd, e, ""),
                },
            ));
        }
        read.sort_by_key(|(at, _)| *at);
        for (_, r) in read {
            add(r);
        }
    } else {
        // A coexisting condition the question says a drug treats ("hypertension on
        // amlodipine") affects the care and is coded beside the written ones (III, IV.J), as
        // its main term's entry gives it.
        let lower = super::text::expanded(text).to_lowercase();
        let treated = found
            .iter()
            .filter(|e| e.literal && e.depth == 0 && admissible(e) && !symptom(e))
            .filter(|e| !e.code.starts_with('Z') && !covered.contains(&e.code[..3].to_owned()))
            .filter(|e| on_a_drug(&books.drugs, &lower, &e.main));
        for e in treated {
            add(from_entry(
                icd,
                e,
                "a coexisting condition the question says a drug treats: ",
            ));
        }
        // The diagnosis the provider's own words state, quoted ("the assessment is 'cat-scratch
        // disease with right axillary lymphadenitis'"), is coded as the Index gives it whatever
        // the coder wrote for it (I.A.18, Section III and IV: the documented diagnosis).
        // A condition a reported code names already is that code's (P39.0 "Neonatal
        // infective mastitis" for "Mastitis, neonatal").
        let reported: Vec<String> = written_or_replaced
            .iter()
            .cloned()
            .chain(
                candidates
                    .iter()
                    .filter(|c| !matches!(c.origin, Origin::Words | Origin::Neighbour))
                    .map(|c| compact(&c.suggestion.code)),
            )
            .collect();
        let names_it = |e: &Entry| {
            reported.iter().any(|c| {
                c.get(..3) == e.code.get(..3)
                    || checks::excluded_together(icd, c, &e.code)
                    || names_the_main_term(icd, c, e)
            })
        };
        let documented = found
            .iter()
            .filter(|e| strong(e) && !symptom(e) && !e.code.starts_with('Z'))
            // A vague or residual line names no condition the written codes lack.
            .filter(|e| !icd.says_unspecified(&e.code) && !residual(icd, &e.code))
            .filter(|e| !covered.contains(&e.code[..3].to_owned()) && !names_it(e))
            .filter(|e| stated_in(&quoted, e));
        let mut added: Vec<&str> = Vec::new();
        for e in documented {
            if added.iter().any(|a| a[..3] == e.code[..3]) {
                continue;
            }
            added.push(&e.code);
            add(from_entry(icd, e, "the diagnosis the provider documents: "));
        }
    }
    // A pregnant patient's conditions come from Chapter 15 first (I.C.15.a.1), each in the
    // trimester the weeks give (I.C.15.a.3).
    // A pregnancy with an abortive outcome (O00-O08) has its complications in O08, not in
    // the conditions of an ongoing pregnancy (O09-O9A).
    let abortive = written_or_replaced
        .iter()
        .any(|c| ("O00".."O09").contains(&c.get(..3).unwrap_or_default()));
    let ongoing = if abortive {
        Vec::new()
    } else {
        obstetric::complicated_by(icd, index, text, q)
    };
    for (code, entry) in ongoing {
        // The question's own code of that category says more (O21.1 beside the Index's O21.0),
        // and of that section says which kind (O13 gestational hypertension, not the Index's
        // pre-existing O10 for "hypertension").
        let section = icd.section_of(&code);
        if written_categories.contains(&compact(&code)[..3].to_owned())
            || statuses
                .iter()
                .any(|(w, _)| section.is_some() && icd.section_of(w) == section)
        {
            continue;
        }
        add(Recommendation {
            system: CodeSystem::Icd10cm,
            title: icd.title(&code).unwrap_or_default(),
            why: "a condition in pregnancy is coded from Chapter 15 first (I.C.15.a.1)".into(),
            evidence: format!("Index (FY2025): {entry}; {}", icd.tabular_evidence(&code)),
            code,
            from: None,
        });
    }
    if let Some(t) = obstetric::trimester(text) {
        for r in picked.iter_mut() {
            if let Some(right) = obstetric::for_trimester(icd, &r.code, t) {
                let why = format!(
                    "{} in the trimester of the weeks the question gives (I.C.15.a.3): {}",
                    dotted(&right),
                    r.why
                );
                recode(icd, r, &right, why);
            }
        }
        picked.dedup_by(|a, b| a.code == b.code);
    }
    let agents = agents::asked_for(icd, index, q, text, &picked);
    picked.extend(agents);
    let for_the_encounter = focus::added(icd, text, &picked);
    picked.extend(for_the_encounter);
    picked.retain(|p| !focus::another_therapy(text, &p.code));
    // History and status codes the question states (I.C.21.c.3-4), in place of the codes
    // they say no longer apply (a former smoker's F17.2-, an old infarction's I21).
    let codes: Vec<String> = picked.iter().map(|p| p.code.clone()).collect();
    let stated = status::stated(icd, index, text, &codes);
    picked.retain(|p| {
        !stated
            .replaces
            .iter()
            .any(|r| compact(&p.code).starts_with(r))
    });
    for mut r in stated.added {
        if compact(&r.code) == "Z809" {
            if let Some((line, primary)) = tables::family_history_by_site(books, icd, text) {
                let why = format!(
                    "{}; the site's primary malignancy is classifiable to {primary}",
                    r.why
                );
                r = named(icd, &line);
                r.why = why;
            }
        }
        if !picked.iter().any(|p| compact(&p.code) == compact(&r.code)) {
            picked.push(r);
        }
    }
    // The external cause of an injury the answer codes, from the External Cause Index, when
    // the question codes none (I.C.20): never first-listed, with the injury's 7th character.
    let injury = |c: &str| is_injury(&compact(c));
    if picked.iter().any(|p| injury(&p.code)) {
        let found = external::causes(icd, &books.external, text, q.encounter);
        match picked.iter().position(|p| is_external_cause(&p.code)) {
            None => picked.extend(found),
            Some(at) => {
                if let Some(r) = found
                    .into_iter()
                    .find(|r| a_catch_all_for(icd, &picked[at].code, &r.code))
                {
                    let why = format!("instead of {}: {}", picked[at].code, r.why);
                    picked[at] = Recommendation { why, ..r };
                }
            }
        }
    }
    // The place, activity and status of an injury at its initial encounter when the question
    // asks for them (I.C.20.b-d, I.C.20.k): one of each, in place of word-alikes. An external
    // cause code says there is a condition due to one, injury or not (heat exhaustion, X30;
    // I.C.20.a.1).
    let caused = |c: &str| injury(c) || is_external_cause(c);
    if is_initial(q.encounter) && picked.iter().any(|p| caused(&p.code)) {
        let written: Vec<String> = statuses.iter().map(|(w, _)| w.clone()).collect();
        let found = external::circumstances(icd, &books.external, text, &|w| q.has(w), &written);
        for r in found {
            let category = compact(&r.code)[..3].to_owned();
            picked.retain(|p| !compact(&p.code).starts_with(&category));
            picked.push(r);
        }
    }
    // Y92.9, Y93.9 and Y99.9 are not assigned for a place, activity or status the record does
    // not state (I.C.20.b, I.C.20.c, I.C.20.k).
    picked.retain(|p| !["Y929", "Y939", "Y999"].contains(&compact(&p.code).as_str()));
    // The reason for the visit, when a Z code says it: a follow-up examination after completed
    // treatment (the condition, gone, is not coded) or a preoperative evaluation.
    let reason = encounter::read(icd, index, q, text).or_else(|| {
        // With no injury coded, an accident with no injury found is an observation (Z04);
        // its external cause code explains no injury and is not reported (I.C.21.c.6).
        if picked.iter().any(|p| injury(&p.code)) {
            return None;
        }
        let r = encounter::after_accident(icd, index, text)?;
        picked.retain(|p| !is_external_cause(&p.code));
        Some(r)
    });
    if let Some(r) = &reason {
        if r.resolved {
            picked.retain(|p| !treated(icd, &p.code, r));
        }
        // Surveillance after completed treatment is a follow-up examination, not a screening of
        // someone well (I.C.21.c.8, I.C.21.c.12).
        if ["Z08", "Z09"].contains(&r.first.code.as_str()) {
            picked.retain(|p| !["Z11", "Z12", "Z13"].contains(&&compact(&p.code)[..3]));
        }
        picked.retain(|p| compact(&p.code) != compact(&r.first.code));
        picked.push(r.first.clone());
        if let Some(h) = &r.history {
            // The reason for a surgery the question already codes (M17.11 beside the Index's
            // M17.10) keeps the question's code.
            let coded = picked.iter().any(|p| {
                p.code == h.code || (!r.resolved && compact(&p.code)[..3] == compact(&h.code)[..3])
            });
            if !coded {
                picked.push(h.clone());
            }
        }
    }
    let answering = Answering {
        icd,
        index,
        external: &books.external,
        entries: &found,
        search,
        q,
        text,
    };
    let mut ordered = ANSWER_RULES
        .iter()
        .fold(picked, |picked, rule| (rule.pass)(&answering, picked));
    if let Some(r) = &reason {
        let lead = std::iter::once(&r.first).chain(&r.history);
        for (at, code) in lead.enumerate() {
            let same = |o: &Recommendation| {
                o.code == code.code
                    || (at > 0 && !r.resolved && compact(&o.code)[..3] == compact(&code.code)[..3])
            };
            if let Some(i) = ordered.iter().position(same) {
                let moved = ordered.remove(i);
                ordered.insert(at.min(ordered.len()), moved);
            }
        }
    }
    with_index_paths(index, &paths, &mut ordered);
    ordered
}

/// Whether the (lower-case) question writes `code`, with its dot or without.
fn writes(lower: &str, code: &str) -> bool {
    lower.contains(&compact(code).to_lowercase()) || lower.contains(&dotted(code).to_lowercase())
}

/// What a rule over the whole answer reads besides the answer itself.
struct Answering<'a> {
    icd: &'a Icd10Cm,
    index: &'a lookup::Book,
    external: &'a lookup::Book,
    /// The Index entries the question's words lead to, read once for the whole answer.
    entries: &'a [Entry],
    search: &'a Index,
    q: &'a Query,
    text: &'a str,
}

/// A rule applied to the whole answer once every code is in, by the name
/// `data/guidelines/coverage.toml` lists it under the guideline items it enforces.
pub struct AnswerRule {
    pub name: &'static str,
    pass: fn(&Answering, Vec<Recommendation>) -> Vec<Recommendation>,
}

/// In the order they apply: codes replaced or split first (each side, a combination), then
/// codes that give way to others of the answer, then the order of the codes.
pub static ANSWER_RULES: [AnswerRule; 118] = [
    AnswerRule {
        name: "nothing_the_work_up_ruled_out",
        pass: |a, p| uncertain::nothing_the_work_up_ruled_out(a.icd, a.text, p),
    },
    AnswerRule {
        name: "established_at_discharge",
        pass: |a, p| uncertain::established_at_discharge(a.icd, a.index, a.search, a.text, p),
    },
    AnswerRule {
        name: "a_healed_pressure_ulcer_is_not_coded",
        pass: |a, p| a_healed_pressure_ulcer_is_not_coded(a.icd, a.text, p),
    },
    AnswerRule {
        name: "pressure_ulcer_stage_as_documented",
        pass: |a, p| pressure_ulcer_stage_as_documented(a.icd, a.text, p),
    },
    AnswerRule {
        name: "myocardial_infarction_of_the_stated_type",
        pass: |a, p| myocardial_infarction_of_the_stated_type(a.icd, a.text, p),
    },
    AnswerRule {
        name: "postoperative_pain_acute_unless_chronic",
        pass: |a, p| postoperative_pain_acute_unless_chronic(a.icd, a.text, p),
    },
    AnswerRule {
        name: "no_code_for_expected_postoperative_pain",
        pass: |a, p| no_code_for_expected_postoperative_pain(a.text, p),
    },
    AnswerRule {
        name: "a_read_test_s_diagnosis_not_its_symptoms",
        pass: |a, p| a_read_test_s_diagnosis_not_its_symptoms(a.text, p),
    },
    AnswerRule {
        name: "neoplasm_related_pain",
        pass: |a, p| neoplasm_related_pain(a.icd, a.text, p),
    },
    AnswerRule {
        name: "a_mental_disorder_due_to_a_physiological_condition",
        pass: |a, p| a_mental_disorder_due_to_a_physiological_condition(a.icd, a.text, p),
    },
    AnswerRule {
        name: "the_highest_glaucoma_stage",
        pass: |a, p| the_highest_glaucoma_stage(a.icd, a.text, p),
    },
    AnswerRule {
        name: "each_code_on_the_side_said_with_it",
        pass: |a, p| each_code_on_the_side_said_with_it(a.icd, a.text, p),
    },
    AnswerRule {
        name: "each_side_of_a_bilateral_condition",
        pass: |a, p| both_sides(a.icd, a.search, a.q, a.text, p),
    },
    AnswerRule {
        name: "drug_induced_diabetes",
        pass: |a, p| drug_induced_diabetes(a.icd, a.text, p),
    },
    AnswerRule {
        name: "hypertensive_heart_disease",
        pass: |a, p| hypertensive_heart(a.icd, a.text, p),
    },
    AnswerRule {
        name: "secondary_hypertension_as_documented",
        pass: |a, p| secondary_hypertension_as_documented(a.icd, a.text, p),
    },
    AnswerRule {
        name: "one_hypertensive_combination",
        pass: |a, p| one_hypertensive_combination(a.icd, p),
    },
    AnswerRule {
        name: "atherosclerosis_with_its_angina",
        pass: |a, p| atherosclerosis_with_its_angina(a.icd, a.text, p),
    },
    AnswerRule {
        name: "pre_existing_hypertension_with_heart_or_kidney",
        pass: |a, p| pre_existing_hypertension_with_heart_or_kidney(a.icd, p),
    },
    AnswerRule {
        name: "one_code_for_a_lesion_across_sites",
        pass: |a, p| one_code_for_a_lesion_across_sites(a.icd, a.text, p),
    },
    AnswerRule {
        name: "one_line_for_two_of_its_category",
        pass: |a, p| one_line_for_two_of_its_category(a.icd, p),
    },
    AnswerRule {
        name: "no_line_another_of_its_category_says_more_of",
        pass: |a, p| no_line_another_of_its_category_says_more_of(a.icd, p),
    },
    AnswerRule {
        name: "no_condition_a_combination_line_names_with",
        pass: |a, p| no_condition_a_combination_line_names_with(a.icd, p),
    },
    AnswerRule {
        name: "nothing_the_question_denies",
        pass: |a, p| nothing_the_question_denies(a.icd, a.text, p),
    },
    AnswerRule {
        name: "diabetes_of_the_stated_type",
        pass: |a, p| diabetes_of_the_stated_type(a.icd, a.text, p),
    },
    AnswerRule {
        name: "each_diabetic_complication",
        pass: |a, p| diabetes::each_complication(a.icd, a.index, a.search, a.q, p),
    },
    AnswerRule {
        name: "severe_sepsis_as_documented",
        pass: |a, p| severe_sepsis_as_documented(a.icd, a.text, p),
    },
    AnswerRule {
        name: "staphylococcus_aureus_as_the_infection_s_cause",
        pass: |a, p| staphylococcus_aureus_as_the_infection_s_cause(a.icd, p),
    },
    AnswerRule {
        name: "hiv_disease_or_status",
        pass: |a, p| hiv_disease_or_status(a.icd, a.text, p),
    },
    AnswerRule {
        name: "no_external_cause_a_drug_code_holds",
        pass: |_, p| no_external_cause_a_drug_code_holds(p),
    },
    AnswerRule {
        name: "no_ill_defined_site_beside_a_defined_one",
        pass: |_, p| no_ill_defined_site_beside_a_defined_one(p),
    },
    AnswerRule {
        name: "no_urinary_infection_of_no_site_beside_its_site",
        pass: |_, p| no_urinary_infection_of_no_site_beside_its_site(p),
    },
    AnswerRule {
        name: "the_postoperative_diagnosis",
        pass: |a, p| the_postoperative_diagnosis(a.icd, a.text, p),
    },
    AnswerRule {
        name: "each_site_its_entry_names",
        pass: |a, p| each_site_its_entry_names(a.icd, a.entries, p),
    },
    AnswerRule {
        name: "glaucoma_by_eye_and_stage",
        pass: |a, p| glaucoma_by_eye_and_stage(a.icd, a.text, p),
    },
    AnswerRule {
        name: "each_eyelid_named",
        pass: |a, p| each_eyelid_named(a.icd, a.text, p),
    },
    AnswerRule {
        name: "one_bilateral_code",
        pass: |a, p| one_bilateral_code(a.icd, a.text, p),
    },
    AnswerRule {
        name: "hemiplegia_by_side_and_dominance",
        pass: |a, p| hemiplegia_by_side_and_dominance(a.icd, a.text, p),
    },
    AnswerRule {
        name: "a_pathologic_fracture_is_no_injury",
        pass: |a, p| a_pathologic_fracture_is_no_injury(a.icd, a.text, p),
    },
    AnswerRule {
        name: "an_osteoporotic_fracture",
        pass: |a, p| an_osteoporotic_fracture(a.icd, a.text, p),
    },
    AnswerRule {
        name: "a_healed_osteoporotic_fracture_is_history",
        pass: |a, p| a_healed_osteoporotic_fracture_is_history(a.icd, a.text, p),
    },
    AnswerRule {
        name: "a_bmi_goes_with_its_weight_diagnosis",
        pass: |a, p| a_bmi_goes_with_its_weight_diagnosis(a.icd, a.entries, p),
    },
    AnswerRule {
        name: "a_pain_code_when_the_encounter_is_for_pain_control",
        pass: |a, p| a_pain_code_when_the_encounter_is_for_pain_control(a.icd, a.text, p),
    },
    AnswerRule {
        name: "no_pain_code_when_the_procedure_treats_its_cause",
        pass: |a, p| no_pain_code_when_the_procedure_treats_its_cause(a.icd, a.text, p),
    },
    AnswerRule {
        name: "a_cancelled_procedure_is_z53",
        pass: |a, p| a_cancelled_procedure_is_z53(a.icd, a.text, p),
    },
    AnswerRule {
        name: "fracture_healing_as_stated",
        pass: |a, p| fracture_healing_as_stated(a.icd, a.text, p),
    },
    AnswerRule {
        name: "corrected_malformation_is_history",
        pass: |a, p| corrected_malformation_is_history(a.icd, a.text, p),
    },
    AnswerRule {
        name: "sequela_of_a_past_cerebrovascular_event",
        pass: |a, p| sequela_of_a_past_cerebrovascular_event(a.icd, a.search, a.q, a.text, p),
    },
    AnswerRule {
        name: "sequela_of_an_old_injury",
        pass: |a, p| sequela_of_an_old_injury(a.icd, a.text, p),
    },
    AnswerRule {
        name: "a_resolved_condition_is_history",
        pass: |a, p| {
            super::sequelae::a_resolved_condition_is_history(a.icd, a.index, a.search, a.text, p)
        },
    },
    AnswerRule {
        name: "nothing_that_has_resolved",
        pass: |a, p| nothing_that_has_resolved(a.icd, a.text, p),
    },
    AnswerRule {
        name: "no_status_post_without_bearing_on_the_stay",
        pass: |a, p| no_status_post_without_bearing_on_the_stay(a.text, p),
    },
    AnswerRule {
        name: "a_present_condition_is_no_history",
        pass: |a, p| {
            super::sequelae::a_present_condition_is_no_history(a.icd, a.index, a.search, a.text, p)
        },
    },
    AnswerRule {
        name: "each_manifestation_of_a_poisoning",
        pass: |a, p| each_manifestation_of_a_poisoning(a.icd, a.index, a.search, a.text, p),
    },
    AnswerRule {
        name: "the_sequela_of_its_cause",
        pass: |a, p| super::sequelae::the_sequela_of_its_cause(a.icd, a.index, a.search, a.text, p),
    },
    AnswerRule {
        name: "open_fracture_as_documented",
        pass: |a, p| open_fracture_as_documented(a.icd, a.text, p),
    },
    AnswerRule {
        name: "a_kidney_transplant_with_no_complication",
        pass: |a, p| a_kidney_transplant_with_no_complication(a.icd, a.text, p),
    },
    AnswerRule {
        name: "history_of_an_eradicated_malignancy",
        pass: |a, p| history_of_an_eradicated_malignancy(a.icd, a.text, p),
    },
    AnswerRule {
        name: "uncertain_behaviour_needs_histology",
        pass: |a, p| uncertain_behaviour_needs_histology(a.text, p),
    },
    AnswerRule {
        name: "a_negative_hiv_result_visit_is_counseling",
        pass: |a, p| a_negative_hiv_result_visit_is_counseling(a.icd, a.text, p),
    },
    AnswerRule {
        name: "disseminated_only_without_known_sites",
        pass: |a, p| disseminated_only_without_known_sites(a.icd, p),
    },
    AnswerRule {
        name: "an_implant_lymphoma_is_no_implant_complication",
        pass: |a, p| an_implant_lymphoma_is_no_implant_complication(a.icd, a.text, p),
    },
    AnswerRule {
        name: "a_medical_condition_is_no_alcohol_induced_disorder",
        pass: |a, p| a_medical_condition_is_no_alcohol_induced_disorder(a.icd, p),
    },
    AnswerRule {
        name: "one_pattern_of_use",
        pass: |_, p| one_pattern_of_use(p),
    },
    AnswerRule {
        name: "highest_degree_of_each_burn",
        pass: |_, p| highest_degree_of_each_burn(p),
    },
    AnswerRule {
        name: "specified_over_unspecified",
        pass: |a, p| specified_over_unspecified(a.icd, p),
    },
    AnswerRule {
        name: "dementia_with_the_disease_that_causes_it",
        pass: |a, p| dementia_with_the_disease_that_causes_it(a.icd, a.entries, a.text, p),
    },
    AnswerRule {
        name: "dementia_at_its_highest_severity",
        pass: |_, p| dementia_at_its_highest_severity(p),
    },
    AnswerRule {
        name: "an_elevated_reading_is_no_hypertension",
        pass: |a, p| an_elevated_reading_is_no_hypertension(a.icd, a.text, p),
    },
    AnswerRule {
        name: "a_perpetrator_only_of_abuse",
        pass: |a, p| a_perpetrator_only_of_abuse(a.text, p),
    },
    AnswerRule {
        name: "an_opioid_treating_its_dependence",
        pass: |a, p| an_opioid_treating_its_dependence(a.text, p),
    },
    AnswerRule {
        name: "an_examination_with_abnormal_findings",
        pass: |a, p| an_examination_with_abnormal_findings(a.icd, a.text, p),
    },
    AnswerRule {
        name: "remission_as_documented",
        pass: |a, p| remission_as_documented(a.icd, a.text, p),
    },
    AnswerRule {
        name: "loss_of_consciousness_as_documented",
        pass: |a, p| loss_of_consciousness_as_documented(a.icd, a.text, p),
    },
    AnswerRule {
        name: "an_injury_treated_in_this_stay_is_initial",
        pass: |a, p| an_injury_treated_in_this_stay_is_initial(a.icd, a.text, a.q.encounter, p),
    },
    AnswerRule {
        name: "the_transplant_in_its_complication",
        pass: |a, p| the_transplant_in_its_complication(a.text, p),
    },
    AnswerRule {
        name: "the_replaced_joint_in_its_complication",
        pass: |a, p| the_replaced_joint_in_its_complication(a.icd, p),
    },
    AnswerRule {
        name: "a_complication_treated_now",
        pass: |a, p| a_complication_treated_now(a.icd, a.text, p),
    },
    AnswerRule {
        name: "the_organism_its_note_asks_for",
        pass: |a, p| the_organism_its_note_asks_for(a.icd, a.q, p),
    },
    AnswerRule {
        name: "an_organism_the_condition_names",
        pass: |a, p| an_organism_the_condition_names(a.icd, p),
    },
    AnswerRule {
        name: "symptoms_the_answer_explains",
        pass: |a, p| symptoms_the_answer_explains(a.icd, a.text, p),
    },
    AnswerRule {
        name: "excluded_by_the_answer",
        pass: |a, p| excluded_by_the_answer(a.icd, a.text, p),
    },
    AnswerRule {
        name: "the_drug_reaction_as_named",
        pass: |a, p| the_drug_reaction_as_named(a.icd, p),
    },
    AnswerRule {
        name: "aftercare_of_a_joint_replacement",
        pass: |a, p| aftercare_of_a_joint_replacement(a.icd, a.text, p),
    },
    AnswerRule {
        name: "no_aftercare_code_for_an_injury",
        pass: |a, p| no_aftercare_code_for_an_injury(the_injury_under_aftercare(a, p)),
    },
    AnswerRule {
        name: "no_aftercare_code_for_a_device_complication",
        pass: |_, p| no_aftercare_code_for_a_device_complication(p),
    },
    AnswerRule {
        name: "diagnostic_not_screening",
        pass: |a, p| focus::diagnostic_not_screening(a.text, p),
    },
    AnswerRule {
        name: "no_superficial_injury_beside_a_worse",
        pass: |a, p| no_superficial_injury_beside_a_worse(a.icd, p),
    },
    AnswerRule {
        name: "a_post_term_pregnancy_is_no_routine_visit",
        pass: |a, p| a_post_term_pregnancy_is_no_routine_visit(a.icd, a.text, p),
    },
    AnswerRule {
        name: "no_routine_supervision_beside_a_pregnancy_condition",
        pass: |_, p| no_routine_supervision_beside_a_pregnancy_condition(p),
    },
    AnswerRule {
        name: "in_childbirth_when_delivered",
        pass: |a, p| in_childbirth_when_delivered(a.icd, a.text, p),
    },
    AnswerRule {
        name: "in_the_puerperium_after_delivery",
        pass: |a, p| in_the_puerperium_after_delivery(a.icd, a.text, p),
    },
    AnswerRule {
        name: "the_birth_record_starts_with_z38",
        pass: |a, p| the_birth_record_starts_with_z38(a.icd, a.text, p),
    },
    AnswerRule {
        name: "no_newborn_code_on_the_mother_s_record",
        pass: |_, p| no_newborn_code_on_the_mother_s_record(p),
    },
    AnswerRule {
        name: "no_weeks_of_gestation_after_the_pregnancy",
        pass: |_, p| no_weeks_of_gestation_after_the_pregnancy(p),
    },
    AnswerRule {
        name: "a_stillbirth_is_coded_alone",
        pass: |_, p| a_stillbirth_is_coded_alone(p),
    },
    AnswerRule {
        name: "normal_delivery_only_when_uncomplicated",
        pass: |_, p| normal_delivery_only_when_uncomplicated(p),
    },
    AnswerRule {
        name: "gestational_diabetes_by_its_treatment",
        pass: |a, p| gestational_diabetes_by_its_treatment(a.icd, a.text, p),
    },
    AnswerRule {
        name: "long_term_drugs_as_named",
        pass: |a, p| long_term_drugs_as_named(a.text, p),
    },
    AnswerRule {
        name: "scales_as_documented",
        pass: |a, p| scales_as_documented(a.text, p),
    },
    AnswerRule {
        name: "burns_of_the_stated_degree",
        pass: |a, p| burns_of_the_stated_degree(a.icd, a.text, p),
    },
    AnswerRule {
        name: "external_cause_of_the_stated_intent",
        pass: |a, p| external::intent_as_stated(a.icd, a.external, a.text, p),
    },
    AnswerRule {
        name: "a_pregnant_patient_s_condition_from_chapter_15",
        pass: |a, p| a_pregnant_patient_s_condition_from_chapter_15(a.icd, a.index, a.text, p),
    },
    AnswerRule {
        name: "no_cataclysm_without_its_injury",
        pass: |_, p| no_cataclysm_without_its_injury(p),
    },
    AnswerRule {
        name: "no_therapy_encounter_the_question_does_not_say",
        pass: |a, p| no_therapy_encounter_the_question_does_not_say(a.text, p),
    },
    AnswerRule {
        name: "what_another_person_has_is_a_contact",
        pass: |a, p| what_another_person_has_is_a_contact(a.icd, a.index, a.text, p),
    },
    AnswerRule {
        name: "no_disease_beside_its_contact_code",
        pass: |a, p| no_disease_beside_its_contact_code(a.icd, p),
    },
    AnswerRule {
        name: "no_other_beside_its_named_sibling",
        pass: |a, p| no_other_beside_its_named_sibling(a.icd, a.text, p),
    },
    AnswerRule {
        name: "no_catch_all_entry_beside_the_line_that_names_it",
        pass: |a, p| no_catch_all_entry_beside_the_line_that_names_it(a.icd, a.entries, p),
    },
    AnswerRule {
        name: "external_causes_of_this_encounter",
        pass: |a, p| external_causes_of_this_encounter(a.icd, p, a.q.encounter),
    },
    AnswerRule {
        name: "nothing_the_provider_says_it_is_not",
        pass: |a, p| nothing_the_provider_says_it_is_not(a.icd, a.text, p),
    },
    AnswerRule {
        name: "no_finding_no_provider_addressed",
        pass: |a, p| no_finding_no_provider_addressed(a.icd, a.text, p),
    },
    AnswerRule {
        name: "no_written_code_for_an_unsaid_condition",
        pass: |a, p| no_written_code_for_an_unsaid_condition(a.icd, a.text, p),
    },
    AnswerRule {
        name: "the_condition_the_stay_is_for",
        pass: |a, p| focus::the_condition_the_stay_is_for(a.icd, a.index, a.search, a.text, p),
    },
    AnswerRule {
        name: "in_reporting_order",
        pass: |a, p| focus::reordered(a.icd, a.text, in_reporting_order(a.icd, p)),
    },
    AnswerRule {
        name: "not_first_when_it_arose_after_admission",
        pass: |a, p| not_first_when_it_arose_after_admission(a.icd, a.text, p),
    },
    AnswerRule {
        name: "a_malignancy_before_its_symptoms",
        pass: |a, p| a_malignancy_before_its_symptoms(a.icd, p),
    },
    AnswerRule {
        name: "rehabilitation_for_its_condition",
        pass: |a, p| focus::rehabilitation_for_its_condition(a.text, p),
    },
];

/// A hurricane, flood or other cataclysm (X34-X39) is coded for the injuries, poisonings and
/// adverse effects it caused, not for the medical conditions its victims are seen for
/// (I.B.19.a): with no S or T code in the answer, it goes.
fn no_cataclysm_without_its_injury(mut picked: Vec<Recommendation>) -> Vec<Recommendation> {
    if !picked
        .iter()
        .any(|p| compact(&p.code).starts_with(['S', 'T']))
    {
        picked.retain(|p| !("X34".."X40").contains(&compact(&p.code).get(..3).unwrap_or_default()));
    }
    picked
}

/// The provider calls the pregnancy incidental to the visit (and no one says otherwise).
static INCIDENTAL_PREGNANCY: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:pregnancy|pregnant state)\b[^.;]{0,30}\bincidental\b|\bincidental (?:to (?:the|this) (?:visit|encounter)|pregnancy)\b").unwrap()
});

/// A condition documented as "not incidental", or "nobody documents ... incidental".
static NOT_INCIDENTAL: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:not|nobody|no one|never)\b[^.;]{0,40}\bincidental\b").unwrap()
});

/// A pregnant patient's condition from another chapter is coded first by Chapter 15's code
/// for it, the condition's own code after it (I.C.15.a.1: Chapter 15 codes have sequencing
/// priority; only a pregnancy the provider calls incidental is Z33.1 instead): epilepsy at 28
/// weeks is O99.353 then G40.909, from "Pregnancy, complicated by, nervous system condition
/// (conditions in G00-G99)". An answer that has a Chapter 15 code already reads its own.
fn a_pregnant_patient_s_condition_from_chapter_15(
    icd: &Icd10Cm,
    index: &lookup::Book,
    text: &str,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let incidental = INCIDENTAL_PREGNANCY.is_match(text) && !NOT_INCIDENTAL.is_match(text);
    if incidental || picked.iter().any(|p| p.code.starts_with('O')) {
        return picked;
    }
    let condition = |c: &str| c.starts_with(|l: char| ('A'..='N').contains(&l));
    let Some((at, (code, path))) = picked.iter().enumerate().find_map(|(at, p)| {
        let c = compact(&p.code);
        condition(&c)
            .then(|| obstetric::complicated_by_a_condition_of(icd, index, text, &c))
            .flatten()
            .map(|found| (at, found))
    }) else {
        return picked;
    };
    let why = "a pregnant patient's condition is coded first by its Chapter 15 code, the condition's code after it (I.C.15.a.1)";
    let mut r = named(icd, &code);
    r.why = why.into();
    r.evidence = format!("Index (FY2025): {path}; {}", icd.tabular_evidence(&code));
    picked.retain(|p| compact(&p.code) != "Z331");
    picked.insert(at.min(picked.len()), r);
    picked
}

/// An encounter for chemotherapy, immunotherapy or radiation (Z51.0, Z51.1-) is the reason for
/// the visit only where the question says the visit is for it or writes the code: a patient
/// "on chemotherapy" who comes for an excision is no chemotherapy encounter (I.C.2.e.2).
fn no_therapy_encounter_the_question_does_not_say(
    text: &str,
    picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    if super::focus::for_the_therapy(text) {
        return picked;
    }
    let lower = text.to_lowercase();
    picked
        .into_iter()
        .filter(|p| {
            let c = compact(&p.code);
            !(c == "Z510" || c.starts_with("Z511")) || writes(&lower, &c)
        })
        .collect()
}

/// A disease the question gives to another person ("his partner was diagnosed with
/// gonorrhea") and never to the patient is the patient's contact with it: the Index's
/// "Contact (with)" line for it (Z20.2) is the reason for the visit, and the disease's own
/// code is not the patient's (I.C.21.c.1).
fn what_another_person_has_is_a_contact(
    icd: &Icd10Cm,
    index: &lookup::Book,
    text: &str,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let lower = text.to_lowercase();
    let Some(m) = ANOTHER_HAS.captures(&lower) else {
        return picked;
    };
    let (whole, disease) = (m.get(0).expect("a match"), m.get(1).expect("a disease"));
    let (clause, disease) = (&lower[whole.start()..disease.end()], disease.as_str());
    // The patient's own disease ("... and he has urethral discharge and a positive NAAT")
    // is said outside the other person's clause.
    let head = disease.split_whitespace().next().unwrap_or_default();
    let anothers = |at: usize| {
        let before = super::text::window(&lower, at.saturating_sub(50), at)
            .rsplit(['.', ';', '?', '!'])
            .next()
            .unwrap_or_default();
        ANOTHER_PERSON.is_match(before)
    };
    if !lower.match_indices(head).all(|(at, _)| anothers(at))
        || picked.iter().any(|p| p.code.starts_with("Z20"))
    {
        return picked;
    }
    let said: Vec<String> = super::text::title_terms(disease);
    let Some(contact) = index.find(&["Contact"]) else {
        return picked;
    };
    let line = index
        .children(contact)
        .iter()
        .filter_map(|&c| {
            let words = super::text::title_terms(&index.term(c).title);
            let code = compact(index.code_at(c)?.trim_end_matches('-'));
            (!words.is_empty() && words.iter().all(|w| said.contains(w)) && icd.is_billable(&code))
                .then_some((words.len(), c, code))
        })
        .max_by_key(|(n, ..)| *n);
    let Some((_, term, code)) = line else {
        return picked;
    };
    let q = Query::new(disease);
    let diseased: Vec<String> = index
        .paths(q.terms(), &|w: &str| q.has(w))
        .iter()
        .filter_map(|p| index.code_at(p.term))
        .map(|c| compact(&c)[..3].to_owned())
        .filter(|c| !c.starts_with('Z'))
        .collect();
    picked.retain(|p| {
        !diseased
            .iter()
            .any(|d| compact(&p.code).starts_with(d.as_str()))
    });
    let why = format!(
        "the question gives the disease to another person (\"{}\"): the patient's contact with it is the reason for the visit (I.C.21.c.1)",
        clause.trim()
    );
    picked.insert(
        0,
        index.recommend(lookup::Edition::Alphabetic, icd, term, &code, why),
    );
    picked
}

static ANOTHER_PERSON: LazyLock<Regex> =
    LazyLock::new(|| super::text::regex(&format!(r"\b(?:{ANOTHER})s?\b")).expect("a cue"));

const ANOTHER: &str = "partner|spouse|husband|wife|boyfriend|girlfriend|roommate|household contact|coworker|co-worker|classmate";

static ANOTHER_HAS: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(&format!(
        r"\b(?:his|her|their|a|the)\s+(?:sexual\s+|sex\s+)?(?:{ANOTHER})\s+(?:was\s+|is\s+|has been\s+|had been\s+)?(?:recently\s+|just\s+)?(?:diagnosed with|treated for|tested positive for|positive for)\s+([a-z][a-z0-9 -]{{2,40}}?)(?:\s*[.,;:()]|\s+(?:and|but|last|this|yesterday|today|on|in|at|\d+)\b|$)"
    ))
    .expect("a cue")
});

/// A contact or exposure code (Z20) is for a patient exposed to a disease, not one who has it
/// (I.C.21.c.1): the disease it names ("exposure to tuberculosis", the household member's
/// active TB) is not the patient's, and its code goes.
fn no_disease_beside_its_contact_code(
    icd: &Icd10Cm,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let diseases: Vec<Vec<String>> = picked
        .iter()
        .filter(|p| compact(&p.code).starts_with("Z20"))
        .filter_map(|p| {
            let title = icd.title(&compact(&p.code))?.to_lowercase();
            let (_, disease) = title.split_once("exposure to ")?;
            let terms = super::text::title_terms(disease);
            (!terms.is_empty()).then_some(terms)
        })
        .collect();
    picked.retain(|p| {
        let c = compact(&p.code);
        let title = super::text::title_terms(&icd.title(&c).unwrap_or_default());
        c.starts_with('Z') || !diseases.iter().any(|d| d.iter().all(|t| title.contains(t)))
    });
    picked
}

/// An "Other ..." line is for what its category names no line of its own for (I.A.9.a): beside
/// a sibling line the answer reports (R82.71 Bacteriuria), "Other abnormal findings on
/// microbiological examination of urine" (R82.79) says it again. One the coder wrote stays,
/// for the checks to judge.
fn no_other_beside_its_named_sibling(
    icd: &Icd10Cm,
    text: &str,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let other = |c: &str| {
        icd.title(c)
            .is_some_and(|t| t.starts_with("Other ") && !t.contains("nspecified"))
    };
    let named = |c: &str| {
        icd.title(c)
            .is_some_and(|t| !t.starts_with("Other ") && !t.contains("nspecified"))
    };
    let parent = |c: &str| c.get(..c.len().saturating_sub(1)).map(str::to_owned);
    let lower = text.to_lowercase();
    let written = |c: &str| writes(&lower, c);
    let named_parents: Vec<String> = picked
        .iter()
        .map(|p| compact(&p.code))
        .filter(|c| c.len() >= 5 && named(c))
        .filter_map(|c| parent(&c))
        .collect();
    picked.retain(|p| {
        let c = compact(&p.code);
        c.len() < 5
            || !other(&c)
            || written(&c)
            || !parent(&c).is_some_and(|up| named_parents.contains(&up))
    });
    picked
}

/// Each code of the answer, without its dot, with its title's terms.
fn title_terms_of(icd: &Icd10Cm, picked: &[Recommendation]) -> Vec<(String, Vec<String>)> {
    picked
        .iter()
        .map(|p| {
            let c = compact(&p.code);
            let terms = super::text::title_terms(&icd.title(&c).unwrap_or_default());
            (c, terms)
        })
        .collect()
}

/// An Index entry's catch-all subterm ("Stenosis, artery NEC" → I77.1, "Occlusion, vascular
/// NEC" → I99.8) is for what no other line names (I.A.9.a): beside a line of the answer whose
/// title names its main term (I65.23 "Occlusion and stenosis of bilateral carotid arteries")
/// it says the same condition again.
fn no_catch_all_entry_beside_the_line_that_names_it(
    icd: &Icd10Cm,
    entries: &[Entry],
    picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let titles = title_terms_of(icd, &picked);
    let catch_all_named_elsewhere = |code: &str| {
        entries.iter().any(|e| {
            let entry = e.path.split('→').next().unwrap_or_default();
            let last = entry.rsplit(',').next().unwrap_or_default();
            let main = super::text::title_terms(e.main.split(',').next().unwrap_or_default());
            // Of one body system ("Pain, neck NEC" is no chronic pain syndrome's); a status
            // is its own fact.
            let same_system = |other: &str| other.get(..1) == code.get(..1);
            e.code == code
                && !code.starts_with('Z')
                && last.contains("NEC")
                && !main.is_empty()
                && titles.iter().any(|(other, terms)| {
                    other != code && same_system(other) && main.iter().all(|m| terms.contains(m))
                })
        })
    };
    picked
        .into_iter()
        .filter(|p| !catch_all_named_elsewhere(&compact(&p.code)))
        .collect()
}

/// A symptom of Chapter 18 a malignancy causes ("Neoplastic (malignant) related fatigue",
/// whose note says "code first associated neoplasm") never replaces the malignancy as the
/// first-listed diagnosis (I.C.2.g): one listed before them goes after the answer's neoplasm
/// codes.
fn a_malignancy_before_its_symptoms(
    icd: &Icd10Cm,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let neoplasm = |c: &str| super::tables::neoplasm_code(&compact(c));
    let malignancy_s = |c: &str| {
        compact(c).starts_with('R')
            && checks::code_first_notes(icd, c).iter().any(|n| {
                let n = n.to_lowercase();
                n.contains("neoplasm") || n.contains("malignan")
            })
    };
    let (Some(first_neoplasm), Some(last_neoplasm)) = (
        picked.iter().position(|p| neoplasm(&p.code)),
        picked.iter().rposition(|p| neoplasm(&p.code)),
    ) else {
        return picked;
    };
    // One already after a neoplasm has its place (R18.0 after the C78.6 its note names).
    let before: Vec<usize> = (0..first_neoplasm)
        .filter(|&i| malignancy_s(&picked[i].code))
        .collect();
    for (moved, &i) in before.iter().enumerate() {
        let r = picked.remove(i - moved);
        picked.insert(last_neoplasm, r);
    }
    picked
}

/// A condition the record says arose after admission did not occasion it: it is no principal
/// diagnosis (Section II; I.C.10.b.2, acute respiratory failure developing after admission).
/// The first-listed code goes after the next when a sentence that says "after admission" (or
/// "on hospital day 2") is about it, naming it before any other code of the answer, and names
/// no reason for admission of its own.
fn not_first_when_it_arose_after_admission(
    icd: &Icd10Cm,
    text: &str,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    if picked.len() < 2 || !AFTER_ADMISSION.is_match(text) || !super::uncertain::inpatient(text) {
        return picked;
    }
    let concepts: Vec<Vec<String>> = picked
        .iter()
        .map(|r| super::ground::concepts(&icd.title(&compact(&r.code)).unwrap_or_default()))
        .collect();
    // A word two codes share (the organism of a pneumonia and its sepsis) names neither.
    let own = |i: usize, t: &String| {
        concepts[i].contains(t)
            && !concepts
                .iter()
                .enumerate()
                .any(|(j, c)| j != i && c.contains(t))
    };
    let first_named = |sentence: &str| {
        let terms = super::text::plain_terms(sentence);
        (0..concepts.len())
            .filter_map(|i| Some((terms.iter().position(|t| own(i, t))?, i)))
            .min()
            .map(|(_, i)| i)
    };
    let arose_later = encounter::sentences_with(&AFTER_ADMISSION, text)
        .iter()
        .any(|s| !ADMITTED_FOR.is_match(s) && first_named(s) == Some(0));
    let next_condition = picked
        .iter()
        .skip(1)
        .position(|r| !compact(&r.code).starts_with(['V', 'W', 'X', 'Y', 'Z']));
    if let (true, Some(at)) = (arose_later, next_condition) {
        let mut r = picked.remove(0);
        r.why = format!(
            "{}; not first: it arose after admission, so it did not occasion the admission (Section II, I.C.10.b.2)",
            r.why
        );
        picked.insert(at + 1, r);
    }
    picked
}

static AFTER_ADMISSION: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:after (?:admission|being admitted|she was admitted|he was admitted)|hospital day \d+|day \d+ of (?:the |her |his )?(?:stay|admission|hospitalization)|during (?:the|her|his) (?:stay|admission|hospitalization)|hospital[- ]acquired|hospital[- ]onset|post-?admission)\b").unwrap()
});
static ADMITTED_FOR: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\badmitted (?:for|with)\b|\badmission (?:for|with)\b|\breason for (?:the )?admission\b|\badmitting (?:dx|diagnosis)\b").unwrap()
});

/// Observation for a suspected condition ruled out (I.C.21.c.6).
fn observation(code: &str) -> bool {
    let c = compact(code);
    c.starts_with("Z03") || c.starts_with("Z04")
}

/// A word-matched external cause beside an external cause the question writes already.
fn second_mechanism(code: &str, statuses: &[(String, Status)]) -> bool {
    is_external_cause(code) && statuses.iter().any(|(w, _)| is_external_cause(w))
}

/// A code whose Excludes1 note names another code of the answer is that condition coded
/// where the note points (I.A.12.a): E16.2 Hypoglycemia, unspecified gives way to E11.649,
/// which its note names for diabetes with hypoglycemia. Two codes whose notes name each other
/// both stay: which one is meant is the consultant's call, and the checks warn.
/// Words for a growth: a neoplasm, whatever its behaviour, is named as one ("mass", "lesion",
/// "ca", a histology ending in "-oma").
static NAMES_A_GROWTH: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:neoplas\w*|tumou?rs?|cancers?|ca|carcinoma\w*|malignan\w*|masse?s?|lesions?|growths?|mets|metasta\w*|\w+omas?|\w+omata|nodules?|nodular|polyps?|cysts?|nev[iu]s?|leuk\w*|myelo\w*|\w*cytosis|in situ|cin\d*|[dl]cis|bowen\w*|mgus|mds|polycythemia|\w*prolif\w*)\b")
        .expect("a cue")
});

/// Words for a malignancy, whatever its site: a word match of Chapter 2's malignant codes needs
/// one.
static NAMES_A_MALIGNANCY: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:cancers?|ca|adenoca|malignan\w*|\w*carcinoma\w*|\w*sarcoma\w*|\w*blastoma\w*|lymphoma\w*|leuk\w*|melanoma\w*|myeloma\w*|mesothelioma\w*|\w*glioma\w*|seminoma\w*|carcinoid\w*|mets|metasta\w*|tumou?rs?|neoplasm\w*|hodgkin\w*|cll|aml|cml|mds|nhl|mgus|polycythemia|\w*cytosis|myelo\w*)\b")
        .expect("a cue")
});

/// The provider says there is no hypertension (yet) behind the high readings.
static NO_HYPERTENSION: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:no|without(?: a)?|not an?) (?:dx|diagnosis) of (?:htn|hypertension)\b|\bnot (?:yet )?diagnos\w* (?:with|as) (?:htn|hypertension)\b|\bno (?:htn|hypertension) (?:dx|diagnosis)\b|\b(?:htn|hypertension) (?:is )?not (?:yet )?diagnosed\b")
        .expect("a cue")
});

static ABUSE_NAMED: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:abuse\w*|neglect\w*|maltreat\w*|battered|nat)\b").expect("a cue")
});

/// A perpetrator code (Y07) goes with confirmed abuse, neglect or maltreatment (T74.-), not
/// with an assault the record calls no abuse ("punched by an acquaintance in a bar fight"):
/// I.C.19.f and I.C.20.g.
fn a_perpetrator_only_of_abuse(text: &str, picked: Vec<Recommendation>) -> Vec<Recommendation> {
    let confirmed = picked.iter().any(|p| compact(&p.code).starts_with("T74"));
    if confirmed || ABUSE_NAMED.is_match(text) {
        return picked;
    }
    picked
        .into_iter()
        .filter(|p| !compact(&p.code).starts_with("Y07"))
        .collect()
}

/// An opioid given to treat opioid dependence: methadone or buprenorphine maintenance.
static OPIOID_TREATMENT: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(
        r"(?i)\b(?:methadone|buprenorphine|suboxone|subutex|sublocade|zubsolv|mat|moud|otp)\b",
    )
    .expect("a cue")
});
static PAIN: LazyLock<Regex> =
    LazyLock::new(|| super::text::regex(r"(?i)\bpain\w*\b|\banalges\w*").expect("a cue"));

/// Z79.891 is an opiate analgesic for pain (its inclusion term: "methadone for pain
/// management"); methadone or buprenorphine treating the opioid dependence the answer codes is
/// F11.2- (its Excludes2 note), not long-term analgesic therapy.
fn an_opioid_treating_its_dependence(
    text: &str,
    picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let dependence = picked.iter().any(|p| compact(&p.code).starts_with("F112"));
    if !dependence || !OPIOID_TREATMENT.is_match(text) || PAIN.is_match(text) {
        return picked;
    }
    picked
        .into_iter()
        .filter(|p| compact(&p.code) != "Z79891")
        .collect()
}

/// High readings the provider does not call hypertension are R03.0, not I10 (I.C.9.a.7).
fn an_elevated_reading_is_no_hypertension(
    icd: &Icd10Cm,
    text: &str,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    if !NO_HYPERTENSION.is_match(text) {
        return picked;
    }
    for r in picked.iter_mut().filter(|r| compact(&r.code) == "I10") {
        let why =
            "elevated blood pressure with no diagnosis of hypertension (I.C.9.a.7)".to_owned();
        recode(icd, r, "R030", why);
    }
    picked.dedup_by(|a, b| a.code == b.code);
    picked
}

/// Something found at the examination: a new diagnosis, an abnormal reading or a known
/// condition found worse.
static FOUND_AT_THE_EXAM: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:new(?:ly)?|found|finds|discovered|noted|incidental\w*|elevated|abnormal|positive|progressed|progression|worsen\w*|now (?:stage|at))\b")
        .expect("a cue")
});

/// A routine examination that finds something is the "with abnormal findings" code, the
/// finding reported beside it (I.C.21.c.12, IV.P).
fn an_examination_with_abnormal_findings(
    icd: &Icd10Cm,
    text: &str,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let finding = picked.iter().any(|r| !compact(&r.code).starts_with('Z'));
    if !finding || !FOUND_AT_THE_EXAM.is_match(text) {
        return picked;
    }
    for r in picked.iter_mut() {
        let code = compact(&r.code);
        let title = icd.title(&code).unwrap_or_default();
        if !code.starts_with('Z') || !title.contains("without abnormal findings") {
            continue;
        }
        let wanted = title.replace("without abnormal findings", "with abnormal findings");
        if let Some(with) = sibling_titled(icd, &code, &wanted) {
            let why = format!(
                "the examination found what the other codes report (I.C.21.c.12): {}",
                r.why
            );
            recode(icd, r, &with, why);
        }
    }
    picked
}

static IN_REMISSION: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:in|achieved|achieving|attained|into)\s+(?:a\s+)?(?:first\s+|second\s+|1st\s+|2nd\s+)?(?:complete\s+|partial\s+|clinical\s+|hematologic\s+|molecular\s+|early\s+|sustained\s+)?remission\b|\bin\s+cr\d?\b|\bcr[12]\b")
        .expect("a cue")
});
static RELAPSED: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:relapsed?|in relapse|relapsing)\b").expect("a cue")
});
static NO_REMISSION: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:not|never|failed to|without)\s+(?:\w+\s+){0,2}?(?:achieved?|in)\s+(?:\w+\s+)?remission\b|\brefractory\b")
        .expect("a cue")
});

/// DSM-5's words for a substance use disorder in remission (I.C.5.b.1).
static SUBSTANCE_REMISSION: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:early|sustained)\s+(?:full\s+|partial\s+)?remission\b")
        .expect("a cue")
});
/// The provider says the diabetes itself is in remission.
static DIABETES_REMISSION: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:diabet\w*|t2dm|dm2?|niddm)\b[^.;]{0,60}?\bremission\b")
        .expect("a cue")
});

/// A leukemia, myeloma or other code of C81-C96 whose title states remission takes the
/// line of the remission the question documents: "not having achieved remission", "in
/// remission" or "in relapse" (the Tabular's subdivision, I.A.9.b). A substance use disorder
/// in early or sustained remission is its abuse or dependence "in remission" (I.C.5.b.1), and
/// type 2 diabetes without complications the provider says is in remission is E11.A
/// (I.C.4.a.1.b): the title the remission line completes.
fn remission_as_documented(
    icd: &Icd10Cm,
    text: &str,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    const LINES: [&str; 3] = [
        "not having achieved remission",
        "in remission",
        "in relapse",
    ];
    for r in picked.iter_mut() {
        let code = compact(&r.code);
        let title = icd.title(&code).unwrap_or_default();
        let wanted = match title.strip_suffix(", uncomplicated") {
            Some(disorder) if code.starts_with("F1") && SUBSTANCE_REMISSION.is_match(text) => {
                format!("{disorder}, in remission")
            }
            _ if code.starts_with("E11") && DIABETES_REMISSION.is_match(text) => {
                format!("{title} in remission")
            }
            _ => continue,
        };
        if let Some(sibling) = sibling_titled(icd, &code, &wanted) {
            let why = format!("in remission, as the provider documents: {}", r.why);
            recode(icd, r, &sibling, why);
        }
    }
    let documented = if RELAPSED.is_match(text) {
        "in relapse"
    } else if NO_REMISSION.is_match(text) {
        "not having achieved remission"
    } else if IN_REMISSION.is_match(text) {
        "in remission"
    } else {
        return picked;
    };
    for r in picked.iter_mut() {
        let code = compact(&r.code);
        let title = icd.title(&code).unwrap_or_default();
        let Some(line) = LINES.iter().find(|l| title.ends_with(*l)) else {
            continue;
        };
        if *line == documented || code.len() < 4 {
            continue;
        }
        let wanted = format!("{}{documented}", &title[..title.len() - line.len()]);
        if let Some(sibling) = sibling_titled(icd, &code, &wanted) {
            let why = format!("{documented}, as the question documents: {}", r.why);
            recode(icd, r, &sibling, why);
        }
    }
    picked
}

/// The code beside `code` (under the same parent) whose title is `title`, commas aside (the
/// Tabular writes "Myeloid leukemia, unspecified in remission" beside "…, unspecified, not
/// having achieved remission").
fn sibling_titled(icd: &Icd10Cm, code: &str, title: &str) -> Option<String> {
    let bare = |t: &str| t.replace(',', "");
    icd.billable_below(&code[..code.len() - 1])
        .into_iter()
        .find(|c| icd.title(c).is_some_and(|t| bare(&t) == bare(title)))
}

/// A loss of consciousness and how long it lasted ("LOC of about 20 minutes", "loss of
/// consciousness < 30 min", "LOC for 2 hours", "brief LOC").
static LOSS_OF_CONSCIOUSNESS: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:loc|loss of consciousness|lost consciousness|unconscious|knocked out)\b[^.;]{0,40}?(?:(?P<under30>(?:less than|under|<)\s*30\s*min\w*)|(?P<n>\d+(?:\.\d+)?)\s*(?P<unit>sec\w*|s\b|min\w*|h\b|hr\w*|hours?))|\b(?P<brief>brief|momentary|transient|few seconds)\b[^.;]{0,15}\b(?:loc|loss of consciousness)\b")
        .expect("a cue")
});

/// The 6th character of an intracranial injury (S06) the duration of the loss of
/// consciousness the question documents gives: 1 for 30 minutes or less, 2 for 31 to 59, 3
/// for 1 to 5 hours 59 minutes, 4 for 6 to 24 hours (the Tabular's subclassification, to the
/// level of detail documented: I.A.9.b).
fn loss_of_consciousness_as_documented(
    icd: &Icd10Cm,
    text: &str,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let Some(caps) = LOSS_OF_CONSCIOUSNESS.captures(text) else {
        return picked;
    };
    let minutes = match (caps.name("n"), caps.name("unit")) {
        _ if caps.name("under30").is_some() || caps.name("brief").is_some() => 1.0,
        (Some(n), Some(unit)) => {
            let n: f64 = n.as_str().parse().unwrap_or(0.0);
            match unit.as_str().to_lowercase().chars().next() {
                Some('s') => n / 60.0,
                Some('h') => n * 60.0,
                _ => n,
            }
        }
        _ => return picked,
    };
    let sixth = match minutes {
        m if m <= 30.0 => '1',
        m if m < 60.0 => '2',
        m if m < 360.0 => '3',
        m if m <= 1440.0 => '4',
        _ => return picked,
    };
    for r in picked.iter_mut() {
        let code = compact(&r.code);
        if !code.starts_with("S06") || code.len() != 7 || !matches!(code.as_bytes()[5], b'0' | b'9')
        {
            continue;
        }
        let documented = format!("{}{sixth}{}", &code[..5], &code[6..]);
        if icd.is_billable(&documented) {
            let why = format!(
                "with the loss of consciousness for the duration the question documents: {}",
                r.why
            );
            recode(icd, r, &documented, why);
        }
    }
    picked
}

/// The visit is a follow-up of the complication itself, not of the procedure that caused it.
static COMPLICATION_FOLLOW_UP: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:f/u|follow[- ]?up|subsequent|recheck|re-check|routine|healing|healed|resolved)\b")
        .expect("a cue")
});

/// A complication of care is in active treatment, 7th character A, however long ago the
/// procedure was ("POD 8 s/p lap chole": the surgery's date, I.C.19.a); D needs the visit
/// said to be a follow-up.
fn a_complication_treated_now(
    icd: &Icd10Cm,
    text: &str,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    if COMPLICATION_FOLLOW_UP.is_match(text) {
        return picked;
    }
    for r in picked.iter_mut() {
        let code = compact(&r.code);
        let complication = code.get(..3).is_some_and(|k| ("T80".."T89").contains(&k));
        if complication && code.len() == 7 && code.ends_with('D') {
            let initial = format!("{}A", &code[..6]);
            if icd.is_billable(&initial) {
                let why = format!(
                    "initial encounter: the complication is treated in this encounter (I.C.19.a); {}",
                    r.why
                );
                recode(icd, r, &initial, why);
            }
        }
    }
    picked
}

/// The injury is treated in this encounter: an admission or an emergency visit, or the
/// fixation, reduction or repair itself.
static ACTIVE_TREATMENT: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:inpatient|admitted|admission|ED|ER|emergency (?:department|room)|ORIF|open reduction|closed reduction|internal fixation|fixed with|intramedullary nail\w*|IM nail\w*|hemiarthroplasty)\b")
        .expect("a cue")
});

/// An initial encounter's 7th character: A, or B and C for an open fracture's (I.C.19.a).
fn is_initial(seventh: char) -> bool {
    matches!(seventh, 'A' | 'B' | 'C')
}

/// An injury's 7th character D the coder wrote for a stay that treats it is A (I.C.19.a: active
/// treatment, surgical treatment, an emergency visit), when nothing in the question says this
/// is a later visit of the healing phase. A sequela (S) is another condition's story.
fn an_injury_treated_in_this_stay_is_initial(
    icd: &Icd10Cm,
    text: &str,
    encounter: char,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    if encounter != 'A' || !ACTIVE_TREATMENT.is_match(text) {
        return picked;
    }
    for r in picked.iter_mut() {
        let code = compact(&r.code);
        if is_injury(&code) && code.len() == 7 && code.ends_with('D') {
            let initial = format!("{}A", &code[..6]);
            if icd.is_billable(&initial) {
                let why = format!(
                    "{} instead of {}: the injury is under active treatment in this encounter (I.C.19.a)",
                    dotted(&initial),
                    r.code
                );
                recode(icd, r, &initial, why);
            }
        }
    }
    picked
}

/// The organism the question names, where a code of the answer asks for it ("use additional
/// code to identify the organism (B95, B96)" at A48.3, "(B95-B97), to identify infectious
/// agent" at N10): the B95-B97 line that names all of the organism's words, the most specific
/// one (I.A.13, I.C.1.b). An answer that already has one keeps its own.
fn the_organism_its_note_asks_for(
    icd: &Icd10Cm,
    q: &Query,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let organism_code = |c: &str| ["B95", "B96", "B97"].iter().any(|p| c.starts_with(p));
    let codes: Vec<String> = picked.iter().map(|r| compact(&r.code)).collect();
    // Only a code whose notes ask for an organism at all is read for one (the notes name
    // B95-B97 as a range, B95 and B96, or B96 alone).
    let asks = |c: &String| {
        ["B950", "B9620"]
            .iter()
            .any(|o| checks::use_additional_note(icd, c, o).is_some_and(|n| !n.contains("chapter")))
    };
    if codes.iter().any(|c| organism_code(c)) || !codes.iter().any(asks) {
        return picked;
    }
    let said_words = |line: &str| {
        let title = icd.title(line).unwrap_or_default();
        let organism = super::ground::NONESSENTIAL.replace_all(&title, " ");
        let organism = organism.replace(AS_THE_CAUSE, "").replace(" infection", "");
        let words = super::ground::concepts(affirmed_part(&organism));
        let said =
            !title.starts_with("Other") && !words.is_empty() && words.iter().all(|w| q.has(w));
        said.then_some(words.len())
    };
    let best = ["B95", "B96", "B97"]
        .iter()
        .flat_map(|p| icd.billable_below(p))
        .filter_map(|line| said_words(&line).map(|n| (n, line)))
        .max_by_key(|(n, _)| *n);
    let Some((_, line)) = best else {
        return picked;
    };
    let asking = codes.iter().find_map(|c| {
        checks::use_additional_note(icd, c, &line).filter(|n| !n.contains("chapter"))
    });
    if let Some(note) = asking {
        let mut r = named(icd, &line);
        r.why = format!("the question names the organism, and {note}");
        picked.push(r);
    }
    picked
}

/// An organism code (B95-B97) says nothing a code of the answer whose title names the organism
/// does not (B96.0 Mycoplasma pneumoniae beside J15.7 Pneumonia due to Mycoplasma pneumoniae):
/// the note "use additional code to identify the infectious agent" asks only where the
/// condition's code leaves the agent out.
fn an_organism_the_condition_names(
    icd: &Icd10Cm,
    picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let titles = title_terms_of(icd, &picked);
    let named_elsewhere = |code: &str| {
        let organism =
            code.starts_with("B95") || code.starts_with("B96") || code.starts_with("B97");
        let concepts = super::ground::concepts(&icd.title(code).unwrap_or_default());
        organism
            && !concepts.is_empty()
            && titles.iter().any(|(other, title)| {
                other != code
                    && !other.starts_with('B')
                    && concepts.iter().all(|c| title.contains(c))
            })
    };
    picked
        .into_iter()
        .filter(|r| !named_elsewhere(&compact(&r.code)))
        .collect()
}

/// The record says the symptoms have their diagnosis: "symptoms explained by complete heart
/// block", "her symptoms were attributed to the anemia".
static SYMPTOMS_EXPLAINED: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\bsymptoms? (?:were |are |is |was )?(?:(?:all |fully )?explained|accounted for|attributed|caused) (?:by|to)\b|\bexplains? (?:the|her|his|their|these|all) (?:\w+ )?symptoms\b")
        .expect("a cue")
});

/// Chapter 18 codes that go beside a diagnosis rather than stand for a symptom of it: severe
/// sepsis, coma and stroke scales, abnormal findings in blood.
const NOT_SYMPTOMS: &[&str] = &["R652", "R402", "R297", "R78"];

/// A sign or symptom routinely part of a diagnosis the answer reports is not reported beside
/// it (I.B.5), nor is any the question says the diagnosis explains.
fn symptoms_the_answer_explains(
    icd: &Icd10Cm,
    text: &str,
    picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let codes: Vec<String> = picked.iter().map(|p| compact(&p.code)).collect();
    let diagnosed = codes
        .iter()
        .any(|c| !c.starts_with(['R', 'V', 'W', 'X', 'Y', 'Z']));
    let all_explained = diagnosed && SYMPTOMS_EXPLAINED.is_match(text);
    let symptom = |c: &str| c.starts_with('R') && !NOT_SYMPTOMS.iter().any(|n| c.starts_with(n));
    picked
        .into_iter()
        .filter(|p| {
            let c = compact(&p.code);
            !(super::guidelines::explained_symptom(&c, &codes)
                || (all_explained && symptom(&c))
                || (symptom(&c) && named_by_a_diagnosis(icd, &c, &codes)))
        })
        .collect()
}

/// A symptom another code of the answer names in its title (R41.0, "Delirium NOS", beside
/// F13.231 "... with withdrawal delirium"): the combination code says it (I.B.5, I.B.9).
fn named_by_a_diagnosis(icd: &Icd10Cm, symptom: &str, codes: &[String]) -> bool {
    let Some(node) = icd.node(symptom) else {
        return false;
    };
    let names: Vec<Vec<String>> = std::iter::once(&node.title)
        .chain(node.notes.inclusion_terms.iter())
        .map(|n| super::ground::concepts(n.trim_end_matches(" NOS")))
        .filter(|c| !c.is_empty())
        .collect();
    codes
        .iter()
        .filter(|o| !o.starts_with(['R', 'V', 'W', 'X', 'Y', 'Z']))
        .any(|o| {
            let title = super::text::title_terms(&icd.title(o).unwrap_or_default());
            names
                .iter()
                .any(|name| name.iter().all(|w| title.contains(w)))
        })
}

/// The nature of an adverse effect is its own condition (I.C.19.e.5.a): a skin eruption "due
/// to drugs" (L27.0, L27.1) says no more than that a drug caused a rash, and gives way to the
/// reaction the answer names (drug phototoxic response L56.0, Stevens-Johnson syndrome L51.1,
/// allergic urticaria L50.0, DRESS D72.12).
fn the_drug_reaction_as_named(icd: &Icd10Cm, picked: Vec<Recommendation>) -> Vec<Recommendation> {
    let eruption = |c: &str| c.starts_with("L27") && c != "L272";
    let a_named_reaction = |c: &str| {
        c == "D7212"
            || (c.starts_with('L') && ("L10".."L76").contains(&c.get(..3).unwrap_or_default()))
    };
    let codes: Vec<String> = picked.iter().map(|p| compact(&p.code)).collect();
    if !codes
        .iter()
        .any(|c| a_named_reaction(c) && !eruption(c) && icd.is_billable(c))
    {
        return picked;
    }
    picked
        .into_iter()
        .filter(|p| !eruption(&compact(&p.code)))
        .collect()
}

/// A transplanted organ's complication (T86.-) says the organ is transplanted: its status
/// (Z94.-) adds nothing (I.C.21.c.3). And a transplant recipient ("s/p deceased-donor kidney
/// transplant") is no donor (Z52.-, for the living donor's encounter).
fn the_transplant_in_its_complication(
    text: &str,
    picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    const ORGANS: [(&str, &str); 8] = [
        ("T861", "Z940"),
        ("T862", "Z941"),
        ("T863", "Z943"),
        ("T864", "Z944"),
        ("T8681", "Z942"),
        ("T8682", "Z945"),
        ("T8684", "Z947"),
        ("T8685", "Z9482"),
    ];
    let codes: Vec<String> = picked.iter().map(|p| compact(&p.code)).collect();
    let said_by_a_complication = |c: &str| {
        ORGANS.iter().any(|(complication, status)| {
            c.starts_with(status) && codes.iter().any(|o| o.starts_with(complication))
        })
    };
    let recipient = RECIPIENT.is_match(text) && !DONATING.is_match(text);
    picked
        .into_iter()
        .filter(|p| {
            let c = compact(&p.code);
            !said_by_a_complication(&c) && (!recipient || !c.starts_with("Z52"))
        })
        .collect()
}

static RECIPIENT: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:deceased|cadaveric)[- ]donor\b|\brecipient\b|\b(?:s/p|status post|after|had|received)\b[^.;]{0,40}\btransplant")
        .expect("a cue")
});

static DONATING: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\bdonat(?:e|es|ed|ing|ion)\b|\bliving donor\b").expect("a cue")
});

/// A complication of a hip or knee prosthesis (T84.-) says the joint is replaced: its
/// presence (Z96.64-, Z96.65-) adds nothing the complication code does not say (I.C.21.c.3),
/// and the osteoarthritis the replacement treated (M16, M17) is gone with the joint.
fn the_replaced_joint_in_its_complication(
    icd: &Icd10Cm,
    picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let words = |c: &str| icd.title(c).unwrap_or_default().to_lowercase();
    let joint_and_side = |c: &str| {
        let t = words(c);
        let joint = ["knee", "hip"].into_iter().find(|j| t.contains(j))?;
        let side = ["right", "left"].into_iter().find(|s| t.contains(s))?;
        Some((joint, side))
    };
    let replaced: Vec<(&str, &str)> = picked
        .iter()
        .map(|p| compact(&p.code))
        .filter(|c| c.starts_with("T84") && words(c).contains("prosthe"))
        .filter_map(|c| joint_and_side(&c))
        .collect();
    if replaced.is_empty() {
        return picked;
    }
    let gone = |c: &str| {
        ["M16", "M17", "Z9664", "Z9665"]
            .iter()
            .any(|p| c.starts_with(p))
            && joint_and_side(c).is_some_and(|js| replaced.contains(&js))
    };
    picked
        .into_iter()
        .filter(|p| !gone(&compact(&p.code)))
        .collect()
}

/// "The pancreatitis has resolved": the condition the question says is over.
static HAS_RESOLVED: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(
        r"(?i)\b(?:the|her|his|their)\s+((?:[\w-]+\s+){0,2}?[\w-]+)\s+(?:has|had|have)\s+(?:since\s+|now\s+|fully\s+|completely\s+)?(?:resolved|cleared|healed)\b",
    )
    .expect("a resolution cue")
});

/// A condition the question says has resolved is not reported (III.A, I.C.21.c.4): the acute
/// pancreatitis behind a pseudocyst drained four months later. Its history code, where one
/// applies, is read from the "h/o ... resolved" wording by `a_resolved_condition_is_history`.
fn nothing_that_has_resolved(
    icd: &Icd10Cm,
    text: &str,
    picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let over: Vec<String> = HAS_RESOLVED
        .captures_iter(text)
        .flat_map(|c| super::text::plain_terms(&c[1]))
        .filter(|w| w.len() >= 4)
        .collect();
    if over.is_empty() {
        return picked;
    }
    picked
        .into_iter()
        .filter(|p| {
            let c = compact(&p.code);
            // An injury that healed leaves its sequela, which the sequela rules code.
            c.starts_with(['S', 'T', 'Z'])
                || !super::ground::concepts(&icd.title(&c).unwrap_or_default())
                    .iter()
                    .any(|w| over.contains(w))
        })
        .collect()
}

/// An admission's "status-post" procedures from before the stay that have no bearing on it
/// are not reported (III.A): the coder's Z90.49 for an appendectomy decades ago, Z96.652 for
/// an old knee replacement. A complication, an aftercare or a postprocedural condition of the
/// answer is the bearing, and the status stays beside it.
fn no_status_post_without_bearing_on_the_stay(
    text: &str,
    picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    const STATUS_POST: &[&str] = &["Z90", "Z96", "Z98"];
    const BEARING: &[&str] = &[
        "T8", "Z4", "M96", "M97", "K91", "N99", "E89", "I97", "G97", "J95", "H59", "H95",
    ];
    if !super::uncertain::inpatient(text) {
        return picked;
    }
    let lower = text.to_lowercase();
    let written = |c: &str| writes(&lower, c);
    let codes: Vec<String> = picked.iter().map(|p| compact(&p.code)).collect();
    if codes
        .iter()
        .any(|c| BEARING.iter().any(|b| c.starts_with(b)))
    {
        return picked;
    }
    picked
        .into_iter()
        .filter(|p| {
            let c = compact(&p.code);
            !(STATUS_POST.contains(&&c[..3]) && written(&c))
        })
        .collect()
}

fn excluded_by_the_answer(
    icd: &Icd10Cm,
    text: &str,
    picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let codes: Vec<String> = picked.iter().map(|p| compact(&p.code)).collect();
    let gives_way = |code: &str| {
        codes.iter().any(|other| {
            other != code
                && !super::sequelae::names_as_a_cause(icd, text, other)
                && (checks::excludes1_note(icd, code, other).is_some()
                    && (checks::excludes1_note(icd, other, code).is_none()
                        || gives_way_of_two(icd, code, other, text))
                    || category_without_what_it_says(icd, code, other))
        })
    };
    picked
        .into_iter()
        .filter(|p| !gives_way(&compact(&p.code)))
        .collect()
}

/// A code whose category says "without" what another code of the answer names (K56
/// "intestinal obstruction without hernia" beside K43.0 "incisional hernia with obstruction"):
/// the other code says the condition with it, so this one is not the condition (I.B.9).
fn category_without_what_it_says(icd: &Icd10Cm, code: &str, other: &str) -> bool {
    let Some(category) = code.get(..3).and_then(|c| icd.title(c)) else {
        return false;
    };
    let category = category.to_lowercase();
    let Some((_, absent)) = category.split_once(" without ") else {
        return false;
    };
    let absent = super::text::title_terms(absent.split([',', '(']).next().unwrap_or_default());
    let said = icd.title(other).unwrap_or_default().to_lowercase();
    let said = super::text::title_terms(said.split(" without ").next().unwrap_or_default());
    let shared = super::ground::concepts(&icd.title(code).unwrap_or_default())
        .iter()
        .any(|c| said.contains(c));
    !absent.is_empty() && shared && absent.iter().all(|w| said.contains(w))
}

/// Of two codes whose Excludes1 notes name each other, the one whose note names, word for
/// word, what the question documents: "postpartum depression (F53.0)" at O90.6 sends the
/// documented postpartum depression to F53.0, and F53's "postpartum dysphoria (O90.6)" names
/// nothing written. Where both or neither note is what is written, neither gives way.
fn gives_way_of_two(icd: &Icd10Cm, host: &str, other: &str, text: &str) -> bool {
    let text = text.to_lowercase();
    let documented = |from: &str, to: &str| {
        checks::excludes1_note(icd, from, to).is_some_and(|note| {
            documented_in(&note, &text).is_some() && !qualifier_contradicted(&note, &text)
        })
    };
    // Neither note's condition in the question's words: the code that says both conditions
    // ("influenza ... with gastrointestinal manifestations" beside a viral enteritis) is the
    // combination, and the other gives way to it (I.B.9).
    let combines = |c: &str| {
        icd.title(c)
            .is_some_and(|t| t.to_lowercase().contains(" with "))
    };
    // The other code's note sends here only the condition "(non...)" the question says it is
    // not: the host is that condition's code, and the question's is the other.
    let sent_here_is_not_it = checks::excludes1_note(icd, other, host)
        .is_some_and(|note| qualifier_contradicted(&note, &text));
    let (here, there) = (documented(host, other), documented(other, host));
    sent_here_is_not_it || (!there && (here || (combines(other) && !combines(host))))
}

/// Whether a note's "(non...)" qualifier is what the question says the condition is not:
/// "cracked tooth (nontraumatic)" for a traumatic crown fracture.
fn qualifier_contradicted(note: &str, lower_text: &str) -> bool {
    let note = note.to_lowercase();
    let spaced = super::text::spaced_words(lower_text);
    NON_QUALIFIER
        .captures_iter(&note)
        .any(|c| spaced.contains(&format!(" {} ", &c[1])))
}

static NON_QUALIFIER: LazyLock<Regex> =
    LazyLock::new(|| super::text::regex(r"\(non-?([a-z]+)\)").expect("a pattern"));

/// The condition an Excludes1 note names ("tobacco dependence" of "tobacco dependence
/// (F17.2-)") where the question, in lower case, says it: its words in order, articles aside,
/// with at most one more word between two of them ("stress urinary incontinence" for
/// "stress incontinence"). A note naming a condition "and other" kinds names each.
fn documented_in(note: &str, lower_text: &str) -> Option<String> {
    read_in(note, lower_text, false)
}

/// The condition a note names, before its code reference, without the nonessential words
/// it puts in parentheses: "mediastinal (thymic) large B-cell lymphoma (C85.2-)" is
/// "mediastinal large b-cell lymphoma", not "mediastinal".
fn condition_of(note: &str) -> String {
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
fn denied_in(note: &str, lower_text: &str) -> bool {
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

/// Rehabilitation or other aftercare after a joint was replaced is Z47.1, with the joint's
/// replacement status (Z96.6-) beside it; the arthritis that led to it is gone with the joint
/// (I.C.21.c.7: "Z47.1 ... should be used with Z96.6-").
fn aftercare_of_a_joint_replacement(
    icd: &Icd10Cm,
    text: &str,
    picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let Some(caps) = REPLACED_JOINT.captures(text) else {
        return picked;
    };
    if !AFTERCARE_VISIT.is_match(text) || PREOPERATIVE.is_match(text) {
        return picked;
    }
    // The joint by name, or the procedure's abbreviation ("after a shoulder dystocia" names
    // no replacement).
    let joint = caps
        .get(1)
        .or_else(|| caps.get(2))
        .map_or(String::new(), |m| m.as_str().to_lowercase());
    let (status, arthritis) = match joint.as_str() {
        "hip" | "tha" => ("Z9664", "M16"),
        "shoulder" | "tsa" => ("Z9661", "M19.01"),
        _ => ("Z9665", "M17"),
    };
    let side = match super::text::side(text) {
        Some("right") => '1',
        Some("left") => '2',
        Some("bilateral") if status != "Z9661" => '3',
        _ => '9',
    };
    let replaced = format!("{status}{side}");
    let mut out: Vec<Recommendation> = Vec::new();
    for code in ["Z471", replaced.as_str()] {
        if icd.is_billable(code) {
            let mut r = named(icd, code);
            r.why = "aftercare following a joint replacement: Z47.1 with the replaced joint's status code (I.C.21.c.7)".into();
            out.push(r);
        }
    }
    out.extend(picked.into_iter().filter(|r| {
        let c = compact(&r.code);
        !c.starts_with(&arthritis.replace('.', "")) && c != "Z471" && !c.starts_with(status)
    }));
    out
}

static REPLACED_JOINT: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:s/p|status post|after|following|post)\s+(?:an?\s+|the\s+|a\s+)?(?:(?:right|left|r|l|rt|lt|bilateral)\s+)?(?:(?:total\s+|partial\s+)?(knee|hip|shoulder)\s+(?:joint\s+)?(?:replacement|arthroplasty)|(tka|tha|tsa))\b").unwrap()
});
static AFTERCARE_VISIT: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:pt|physical therapy|rehab\w*|aftercare|staple removal|suture removal|wound check|post-?op(?:erative)? (?:visit|check|care|rehab))\b").unwrap()
});
static PREOPERATIVE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:pre-?op\w*|clearance|before (?:the |an? |her |his )?(?:surgery|replacement|arthroplasty|tka|tha))\b").unwrap()
});

/// The aftercare of an injury is its code with the 7th character D, not an aftercare Z code
/// (I.C.21.c.7, I.C.19.a): beside a coded injury, the dressing and suture codes (Z48.0-) and
/// other orthopedic aftercare (Z47.89) go.
fn no_aftercare_code_for_an_injury(picked: Vec<Recommendation>) -> Vec<Recommendation> {
    let aftercare = |c: &str| c.starts_with("Z480") || c == "Z4789";
    if !picked.iter().any(|p| is_injury(&compact(&p.code))) {
        return picked;
    }
    picked
        .into_iter()
        .filter(|p| !aftercare(&compact(&p.code)))
        .collect()
}

/// An orthopedic aftercare code (Z47.-, "removal of internal fixation device") is not used
/// beside a complication of the orthopedic device the encounter treats (T84.-, "pain due to
/// internal orthopedic devices"): the aftercare Z code is not for treatment of a current
/// condition (I.C.21.c.7), the complication is the reason.
fn no_aftercare_code_for_a_device_complication(picked: Vec<Recommendation>) -> Vec<Recommendation> {
    if !picked.iter().any(|p| compact(&p.code).starts_with("T84")) {
        return picked;
    }
    picked
        .into_iter()
        .filter(|p| !compact(&p.code).starts_with("Z47"))
        .collect()
}

/// The injury a suture removal or other aftercare code was written for: the Index entry the
/// question's injury words lead to ("Laceration, hand, right"), at the subsequent encounter
/// (7th character D). An injury code the words found elsewhere (a laceration of the spleen
/// for one of the palm) gives way to it.
fn the_injury_under_aftercare(a: &Answering, picked: Vec<Recommendation>) -> Vec<Recommendation> {
    let aftercare = |p: &Recommendation| {
        let c = compact(&p.code);
        c.starts_with("Z480") || c == "Z4789"
    };
    let written = |p: &Recommendation| a.text.contains(&p.code);
    let injury_written = picked
        .iter()
        .any(|p| is_injury(&compact(&p.code)) && written(p));
    if !picked.iter().any(aftercare) || injury_written {
        return picked;
    }
    // T14 is an injury of no stated region: the question names the region.
    let Some(entry) = a
        .entries
        .iter()
        .filter(|e| e.literal && e.depth >= 1 && is_injury(&e.code) && !e.code.starts_with("T14"))
        .max_by_key(|e| (e.words, std::cmp::Reverse(e.depth)))
    else {
        return picked;
    };
    let subsequent = match entry.code.len() {
        7 => format!("{}D", &entry.code[..6]),
        _ => entry.code.clone(),
    };
    let subsequent = match super::text::side(a.text) {
        Some(side @ ("right" | "left")) => on_side(a.icd, &subsequent, side),
        _ => subsequent,
    };
    if !a.icd.is_billable(&subsequent) {
        return picked;
    }
    let mut kept: Vec<Recommendation> = picked
        .into_iter()
        .filter(|p| {
            let c = compact(&p.code);
            !is_injury(&c) || written(p) || c[..3] == subsequent[..3]
        })
        .collect();
    if !kept
        .iter()
        .any(|p| compact(&p.code).get(..5) == subsequent.get(..5))
    {
        kept.insert(
            0,
            Recommendation {
                system: CodeSystem::Icd10cm,
                code: dotted(&subsequent),
                title: a.icd.title(&subsequent).unwrap_or_default(),
                why: "the injury's own code at a subsequent encounter (7th character D) reports its aftercare, not an aftercare Z code (I.C.21.c.7, I.C.19.a)".into(),
                evidence: format!(
                    "Index (FY2025): {}; {}",
                    entry.path,
                    a.icd.tabular_evidence(&subsequent)
                ),
                from: None,
            },
        );
    }
    kept
}

/// A superficial injury (S00, S10 ... S90: abrasions, contusions, blisters) is not coded beside
/// a more severe injury of the same site (I.C.19.b.1): the same body region's block (S80-S89)
/// and, where both titles say one, the same side.
fn no_superficial_injury_beside_a_worse(
    icd: &Icd10Cm,
    picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let superficial = |c: &str| c.starts_with('S') && c.as_bytes().get(2) == Some(&b'0');
    let side = |c: &str| {
        let title = icd.title(c).unwrap_or_default().to_lowercase();
        ["right", "left"].into_iter().find(|s| title.contains(s))
    };
    let codes: Vec<String> = picked.iter().map(|p| compact(&p.code)).collect();
    let worse_beside = |c: &str| {
        codes.iter().any(|o| {
            o.starts_with('S')
                && !superficial(o)
                && o.get(..2) == c.get(..2)
                && match (side(c), side(o)) {
                    (Some(a), Some(b)) => a == b,
                    _ => true,
                }
        })
    };
    picked
        .into_iter()
        .filter(|p| {
            let c = compact(&p.code);
            !(superficial(&c) && worse_beside(&c))
        })
        .collect()
}

/// O80 is only for a full-term delivery of a single, healthy infant with no complication of the
/// pregnancy, delivery or puerperium (I.C.15.n.1, I.C.15.b.4): beside another Chapter 15 code,
/// or an outcome other than a single live birth (Z37.0 is the only one for O80, I.C.15.n.3), it
/// goes. So does O82, a cesarean delivery without indication, beside a Chapter 15 code that is
/// its indication (O32.1XX0, breech).
fn normal_delivery_only_when_uncomplicated(picked: Vec<Recommendation>) -> Vec<Recommendation> {
    let obstetric = |c: &str| c.starts_with('O') && c != "O80" && c != "O82";
    let complicated = picked.iter().any(|p| {
        let c = compact(&p.code);
        obstetric(&c) || (c.starts_with("Z37") && c != "Z370")
    });
    let indicated = picked.iter().any(|p| obstetric(&compact(&p.code)));
    picked
        .into_iter()
        .filter(|p| !((complicated && p.code == "O80") || (indicated && p.code == "O82")))
        .collect()
}

/// A pregnancy past 40 completed weeks is post-term (O48.0; past 42, prolonged, O48.1), a
/// Chapter 15 condition: its visit is no routine supervision of a normal pregnancy (Z34), which
/// goes with no Chapter 15 code (I.C.15.b.1).
fn a_post_term_pregnancy_is_no_routine_visit(
    icd: &Icd10Cm,
    text: &str,
    picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let routine = |p: &Recommendation| compact(&p.code).starts_with("Z34");
    let Some(days) = obstetric::gestation_days(text) else {
        return picked;
    };
    if days <= 40 * 7 || !picked.iter().any(routine) {
        return picked;
    }
    let code = if days > 42 * 7 { "O48.1" } else { "O48.0" };
    let mut out: Vec<Recommendation> = picked.into_iter().filter(|p| !routine(p)).collect();
    if !out.iter().any(|p| compact(&p.code).starts_with("O48")) {
        let mut r = named(icd, code);
        r.why = "past 40 completed weeks the pregnancy is post-term, a Chapter 15 condition, and the visit is no routine supervision of a normal pregnancy (I.C.15.b.1)".into();
        out.insert(0, r);
    }
    out
}

/// Supervision of a normal pregnancy (Z34) is for a visit with no complication: never beside a
/// Chapter 15 code (I.C.15.b.1; O98's Excludes1 "supervision of normal pregnancy").
fn no_routine_supervision_beside_a_pregnancy_condition(
    picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    if !picked.iter().any(|p| p.code.starts_with('O')) {
        return picked;
    }
    picked
        .into_iter()
        .filter(|p| !compact(&p.code).starts_with("Z34"))
        .collect()
}

/// A delivery during this admission takes the "in childbirth" code of a complication that has
/// one, not the trimester's (I.C.15.a.3); a newborn code (Z38) is never on the mother's record
/// (I.C.15.a.2, I.C.16.a.1).
fn in_childbirth_when_delivered(
    icd: &Icd10Cm,
    text: &str,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let codes: Vec<String> = picked.iter().map(|p| p.code.clone()).collect();
    if !obstetric::delivered_now(text, &codes) || !codes.iter().any(|c| c.starts_with('O')) {
        return picked;
    }
    for r in picked.iter_mut() {
        if let Some(right) = obstetric::for_childbirth(icd, &r.code) {
            let why = format!(
                "{} as she delivers during this admission (I.C.15.a.3): {}",
                dotted(&right),
                r.why
            );
            recode(icd, r, &right, why);
        }
    }
    picked.retain(|p| !compact(&p.code).starts_with("Z38"));
    picked.dedup_by(|a, b| a.code == b.code);
    picked
}

/// A condition of the six weeks after a delivery before this encounter is coded to the
/// puerperium, not to the trimester it would have had (I.C.15.o.1-2): O14.13 → O14.15 for
/// preeclampsia on a readmission after delivery; with no pregnancy left to code, no weeks of
/// gestation (Z3A, I.C.21.c.11).
fn in_the_puerperium_after_delivery(
    icd: &Icd10Cm,
    text: &str,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let codes: Vec<String> = picked.iter().map(|p| p.code.clone()).collect();
    if !obstetric::after_delivery(text, &codes) {
        return picked;
    }
    let mut recoded = false;
    for r in picked.iter_mut() {
        if let Some(right) = obstetric::for_puerperium(icd, &r.code) {
            let why = format!(
                "{} as the condition comes after the delivery, in the puerperium (I.C.15.o.1-2): {}",
                dotted(&right),
                r.why
            );
            recode(icd, r, &right, why);
            recoded = true;
        }
    }
    let pregnant_still = picked.iter().any(|p| {
        icd.title(&compact(&p.code))
            .is_some_and(|t| t.to_lowercase().contains("trimester"))
    });
    if recoded && !pregnant_still {
        picked.retain(|p| !compact(&p.code).starts_with("Z3A"));
    }
    picked.dedup_by(|a, b| a.code == b.code);
    picked
}

/// Weeks of gestation (Z3A) are not coded for an abortive outcome (O00-O08), an elective
/// termination (Z33.2) or a postpartum condition (O85-O92): I.C.21.c.11; nor on a newborn's
/// birth record (the Tabular's note at Z3A: the maternal record only).
fn no_weeks_of_gestation_after_the_pregnancy(picked: Vec<Recommendation>) -> Vec<Recommendation> {
    let codes: Vec<String> = picked.iter().map(|p| compact(&p.code)).collect();
    let category = |c: &String| c.get(..3).unwrap_or_default().to_owned();
    let obstetric: Vec<String> = codes
        .iter()
        .filter(|c| c.starts_with('O'))
        .map(category)
        .collect();
    // A birth record (Z38) is the newborn's: the weeks go on the mother's record only.
    let newborn_record = obstetric.is_empty() && codes.iter().any(|c| c.starts_with("Z38"));
    let ended = codes.iter().any(|c| c == "Z332")
        || newborn_record
        || (!obstetric.is_empty()
            && obstetric.iter().all(|k| {
                ("O00".."O09").contains(&k.as_str()) || ("O85".."O93").contains(&k.as_str())
            }));
    if !ended {
        return picked;
    }
    picked
        .into_iter()
        .filter(|p| !compact(&p.code).starts_with("Z3A"))
        .collect()
}

/// The question names both lids of an eye: "the left upper lid and ... the left lower lid".
static UPPER_LID: LazyLock<Regex> =
    LazyLock::new(|| super::text::regex(r"(?i)\bupper (?:eye)?lids?\b").expect("a cue"));
static LOWER_LID: LazyLock<Regex> =
    LazyLock::new(|| super::text::regex(r"(?i)\blower (?:eye)?lids?\b").expect("a cue"));

/// A condition of both lids of one eye is coded for each lid where the category has a line for
/// each and none for both (I.B.2): H00.014 left upper eyelid with H00.015 left lower eyelid, in
/// place of one lid's code or the unspecified lid's.
/// A poisoning, toxic effect, adverse effect or underdosing code (T36-T65) holds its cause and
/// intent: no external cause code of an accident, self-harm, assault or undetermined intent
/// (V00-Y38) goes beside it where no injury asks for one (I.C.20.a.8). Places, activities,
/// statuses and misadventures of care are read by their own rules.
fn no_external_cause_a_drug_code_holds(picked: Vec<Recommendation>) -> Vec<Recommendation> {
    let codes: Vec<String> = picked.iter().map(|p| compact(&p.code)).collect();
    let drug_code = codes
        .iter()
        .any(|c| c.starts_with('T') && ("T36".."T66").contains(&&c[..3]));
    let injury = codes
        .iter()
        .any(|c| c.starts_with('S') || (c.starts_with('T') && !("T36".."T66").contains(&&c[..3])));
    if !drug_code || injury {
        return picked;
    }
    picked
        .into_iter()
        .filter(|p| {
            let c = compact(&p.code);
            !(c.starts_with(['V', 'W', 'X']) || (c.starts_with('Y') && &c[..3] <= "Y38"))
        })
        .collect()
}

/// "Urinary tract infection, site not specified" (N39.0) beside the infection of the site the
/// question names: its Excludes1 note sends a "urinary tract infection of specified site, such
/// as" cystitis, pyonephrosis or urethritis to that site's code, and so the kidney's, the
/// bladder's, the urethra's and the prostate's (I.A.12.a).
fn no_urinary_infection_of_no_site_beside_its_site(
    picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    // The kidney, bladder, urethra and prostate, and their infections in a pregnancy (O23.0-3).
    const SITES: [&str; 12] = [
        "N10", "N11", "N12", "N136", "N151", "N30", "N34", "N41", "O230", "O231", "O232", "O233",
    ];
    let sited = |c: &str| SITES.iter().any(|s| c.starts_with(s));
    if !picked.iter().any(|p| sited(&compact(&p.code))) {
        return picked;
    }
    picked
        .into_iter()
        .filter(|p| compact(&p.code) != "N390")
        .collect()
}

/// A neoplasm of an ill-defined or "other specified" site (C76.-, C79.89, D09.8, D36.7,
/// D48.7, D49.89) beside one of the same behaviour at a site the question names: the Table's
/// catch-all row says the same growth again (I.A.9.a, I.C.2).
fn no_ill_defined_site_beside_a_defined_one(picked: Vec<Recommendation>) -> Vec<Recommendation> {
    // Each behaviour's range and its catch-all lines.
    const BEHAVIOURS: [(&str, &str, &[&str]); 6] = [
        ("C00", "C77", &["C76"]),
        ("C77", "C7A", &["C7989", "C799"]),
        ("D00", "D10", &["D098", "D099"]),
        ("D10", "D37", &["D367", "D369"]),
        ("D37", "D49", &["D487", "D489"]),
        ("D49", "D4A", &["D4989", "D499"]),
    ];
    let codes: Vec<String> = picked.iter().map(|p| compact(&p.code)).collect();
    let behaviour = |c: &str| {
        BEHAVIOURS
            .iter()
            .position(|(from, to, _)| (*from..*to).contains(&&c[..3]))
    };
    let catch_all =
        |c: &str| behaviour(c).is_some_and(|b| BEHAVIOURS[b].2.iter().any(|x| c.starts_with(x)));
    picked
        .into_iter()
        .filter(|p| {
            let c = compact(&p.code);
            !(catch_all(&c)
                && codes
                    .iter()
                    .any(|o| *o != c && !catch_all(o) && behaviour(o) == behaviour(&c)))
        })
        .collect()
}

/// A written code taken from the preoperative diagnosis where the question gives the final
/// pathology or postoperative diagnosis: the postoperative diagnosis is coded, being the most
/// definitive (IV.N), so the preoperative one goes when the answer has another code.
fn the_postoperative_diagnosis(
    icd: &Icd10Cm,
    text: &str,
    picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    if picked.len() < 2 || !FINAL_DIAGNOSIS.is_match(text) {
        return picked;
    }
    // The condition itself may be what the booking said ("booked as 'umbilical hernia versus
    // nodule'") where the code is written elsewhere, so long as the final diagnosis does not
    // say it again.
    let sentences = super::text::sentences(text);
    let said_in = |sentence: &str, code: &str| {
        // The condition, not what its line says is absent ("... without obstruction").
        let title = icd.title(code).unwrap_or_default();
        let head = title.split([',', '(']).next().unwrap_or_default();
        let title = super::text::title_terms(head.split(" without ").next().unwrap_or_default());
        let said = super::text::title_terms(sentence);
        !title.is_empty() && title.iter().all(|t| said.contains(t))
    };
    let from_the_pre_op = |code: &str| {
        let c = compact(code);
        [code.to_owned(), c.clone(), c.to_lowercase()]
            .iter()
            .filter_map(|form| text.find(form.as_str()))
            .any(|at| PRE_OP_DIAGNOSIS.is_match(super::guidelines::sentence_at(text, at)))
            || (sentences
                .iter()
                .any(|s| PRE_OP_DIAGNOSIS.is_match(s) && said_in(s, code))
                && !sentences
                    .iter()
                    .any(|s| FINAL_DIAGNOSIS.is_match(s) && said_in(s, code)))
    };
    let kept: Vec<Recommendation> = picked
        .iter()
        .filter(|p| !from_the_pre_op(&p.code))
        .cloned()
        .collect();
    if kept.is_empty() {
        picked
    } else {
        kept
    }
}

static FINAL_DIAGNOSIS: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\bfinal (?:path\w*|diagnosis|dx)\b|\bpost-?op(?:erative)? (?:diagnosis|dx)\b|\bpath(?:ology)? (?:shows|showed|confirms|confirmed|came back|returned)\b")
        .expect("a cue")
});

static PRE_OP_DIAGNOSIS: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(
        r"(?i)\bpre-?op(?:erative)?(?: note| diagnosis| dx)?\b|\b(?:booked|scheduled|posted) as\b",
    )
    .expect("a cue")
});

/// An Index entry whose last subterm is a site ("Hyperhidrosis, focal, primary, palms"), where
/// the question names another site the same entry lists ("axilla") and its line is a sibling
/// of the answer's: each site is coded (I.A.12: a code for each site where no line names them
/// together).
fn each_site_its_entry_names(
    icd: &Icd10Cm,
    entries: &[Entry],
    picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let above_last = |path: &str| {
        path.split('→')
            .next()
            .unwrap_or_default()
            .trim()
            .rsplit_once(',')
            .map(|(above, _)| above.trim().to_lowercase())
    };
    let mut out: Vec<Recommendation> = Vec::new();
    for r in picked {
        let c = compact(&r.code);
        let own = entries.iter().find(|e| e.literal && e.code == c);
        let others: Vec<&Entry> = own
            .and_then(|own| {
                let above = above_last(&own.path)?;
                let parent = c.get(..c.len().checked_sub(1)?)?;
                // A site axis: the titles differ only after their last comma ("Primary focal
                // hyperhidrosis, palms" and ", axilla"), not in what the condition is.
                let head = |code: &str| {
                    icd.title(code)
                        .and_then(|t| t.rsplit_once(", ").map(|(head, _)| head.to_owned()))
                };
                let own_head = head(&c)?;
                // A degree, stage, type or grade is no site ("Atrioventricular block, first
                // degree" beside ", second degree").
                let graded = |code: &str| {
                    icd.title(code).is_some_and(|t| {
                        let tail = t.rsplit(", ").next().unwrap_or_default().to_lowercase();
                        tail.chars().any(|ch| ch.is_ascii_digit())
                            || tail.split(' ').any(|w| {
                                [
                                    "degree", "stage", "type", "grade", "class", "first", "second",
                                    "third",
                                ]
                                .contains(&w)
                            })
                    })
                };
                if graded(&c) {
                    return None;
                }
                Some(
                    entries
                        .iter()
                        .filter(|o| {
                            o.literal
                                && o.code != c
                                && o.words == own.words
                                && o.code.starts_with(parent)
                                && o.code.len() == c.len()
                                && !icd.says_unspecified(&o.code)
                                && above_last(&o.path).as_deref() == Some(above.as_str())
                                && head(&o.code).as_deref() == Some(own_head.as_str())
                        })
                        .collect(),
                )
            })
            .unwrap_or_default();
        let from = r.from.clone();
        out.push(r);
        for o in others {
            if !out.iter().any(|p| compact(&p.code) == o.code) {
                let mut site = o.recommendation(icd, String::new());
                site.why = "the question names this site too, which the same Index entry lists: each site is coded (I.B.1)".into();
                site.from = from.clone();
                out.push(site);
            }
        }
    }
    out
}

/// A glaucoma the record stages eye by eye: each eye's code with its own stage when the stages
/// differ and the subcategory has a line per eye, the bilateral line when they are the same
/// (I.C.7.a.2, I.C.7.a.3). Stages are the 7th character: 1 mild, 2 moderate, 3 severe,
/// 4 indeterminate.
fn glaucoma_by_eye_and_stage(
    icd: &Icd10Cm,
    text: &str,
    picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    if !picked.iter().any(|r| r.code.starts_with("H40")) {
        return picked;
    }
    let (Some(right), Some(left)) = (eye_stage(text, "right"), eye_stage(text, "left")) else {
        return picked;
    };
    let mut out: Vec<Recommendation> = Vec::new();
    for r in picked {
        let c = compact(&r.code);
        let sided =
            c.starts_with("H40") && c.len() == 7 && matches!(c.as_bytes()[5], b'1'..=b'3' | b'9');
        if !sided {
            out.push(r);
            continue;
        }
        let line = |eye: char, stage: char| format!("{}{eye}{stage}", &c[..5]);
        let lines = if right == left {
            vec![line('3', right)]
        } else {
            vec![line('1', right), line('2', left)]
        };
        if !lines.iter().all(|l| icd.is_billable(l)) {
            out.push(r);
            continue;
        }
        for l in lines {
            if out.iter().any(|o| compact(&o.code) == l) {
                continue;
            }
            let why = if right == left {
                "both eyes have the same type and stage: the bilateral line with that stage"
            } else {
                "each eye is staged apart: a code for each eye with its own stage"
            };
            let mut by_eye = named(icd, &l);
            by_eye.why = format!("instead of {}: {why} (I.C.7.a.2, I.C.7.a.3)", r.code);
            by_eye.from = r.from.clone();
            out.push(by_eye);
        }
    }
    out
}

/// The glaucoma stage the text gives one eye ("the right eye as moderate", "OS mild", "severe
/// in the left eye"), as the 7th character.
fn eye_stage(text: &str, side: &str) -> Option<char> {
    let (after, before) = if side == "right" {
        (&*RIGHT_EYE_THEN_STAGE, &*STAGE_THEN_RIGHT_EYE)
    } else {
        (&*LEFT_EYE_THEN_STAGE, &*STAGE_THEN_LEFT_EYE)
    };
    let word = after
        .captures(text)
        .or_else(|| before.captures(text))?
        .get(1)?
        .as_str()
        .to_lowercase();
    Some(match word.as_str() {
        "mild" => '1',
        "moderate" => '2',
        "severe" | "advanced" => '3',
        _ => '4',
    })
}

fn eye_then_stage(eye: &str) -> Regex {
    super::text::regex(&format!(
        r"(?i)\b{eye}\W+(?:(?:is|as|at|was|stage[ds]?|with)\W+){{0,3}}(mild|moderate|severe|advanced|indeterminate)\b"
    ))
    .expect("a cue")
}

fn stage_then_eye(eye: &str) -> Regex {
    super::text::regex(&format!(
        r"(?i)\b(mild|moderate|severe|advanced|indeterminate)\W+(?:stage\W+)?(?:in|of|for)\W+(?:the\W+)?{eye}\b"
    ))
    .expect("a cue")
}

static RIGHT_EYE_THEN_STAGE: LazyLock<Regex> =
    LazyLock::new(|| eye_then_stage("(?:right eye|right|OD)"));
static LEFT_EYE_THEN_STAGE: LazyLock<Regex> =
    LazyLock::new(|| eye_then_stage("(?:left eye|left|OS)"));
static STAGE_THEN_RIGHT_EYE: LazyLock<Regex> =
    LazyLock::new(|| stage_then_eye("(?:right eye|right|OD)"));
static STAGE_THEN_LEFT_EYE: LazyLock<Regex> =
    LazyLock::new(|| stage_then_eye("(?:left eye|left|OS)"));

fn each_eyelid_named(
    icd: &Icd10Cm,
    text: &str,
    picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    if !UPPER_LID.is_match(text) || !LOWER_LID.is_match(text) {
        return picked;
    }
    let mut out: Vec<Recommendation> = Vec::new();
    for r in picked {
        let c = compact(&r.code);
        let title = icd.title(&c).unwrap_or_default();
        let lid = ["upper eyelid", "lower eyelid", "unspecified eyelid"]
            .into_iter()
            .find(|l| title.contains(l));
        let lines: Option<Vec<String>> = lid.and_then(|lid| {
            ["upper eyelid", "lower eyelid"]
                .iter()
                .map(|want| sibling_titled(icd, &c, &title.replace(lid, want)))
                .collect()
        });
        match lines {
            Some(lines) => {
                let relation = if lines.contains(&c) {
                    "beside"
                } else {
                    "instead of"
                };
                for line in lines {
                    if out.iter().any(|o| compact(&o.code) == line) {
                        continue;
                    }
                    if line == c {
                        out.push(r.clone());
                        continue;
                    }
                    let mut each = named(icd, &line);
                    each.why = format!(
                        "{relation} {}: the question names both lids, and the category has a line for each (I.B.2)",
                        r.code
                    );
                    out.push(each);
                }
            }
            None => out.push(r),
        }
    }
    out
}

/// A stillborn infant's own record has P95 alone: no other code is used with it (I.C.16.g).
fn a_stillbirth_is_coded_alone(picked: Vec<Recommendation>) -> Vec<Recommendation> {
    if !picked.iter().any(|p| compact(&p.code) == "P95") {
        return picked;
    }
    picked
        .into_iter()
        .filter(|p| compact(&p.code) == "P95")
        .collect()
}

/// The birth episode on a newborn's record is Z38 first, by place of birth and delivery; the
/// mother's outcome of delivery (Z37) and Chapter 15 codes are never on it; a newborn
/// transferred in, or readmitted after going home, gets no Z38 then (I.C.16.a.1-2: Z38 is
/// assigned once, at the birth).
/// A diagnostic test whose provider's interpretation the question quotes: "the final
/// interpretation reads", "the radiologist's read", "final report".
static TEST_READ: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:final|official|signed) (?:interpretation|read|report|impression)\b|\binterpreted by\b|\b(?:cardiologist|radiologist|pathologist)'s (?:final )?(?:interpretation|read|report|diagnosis)\b").unwrap()
});

/// A diagnostic service whose interpretation is there when the coder codes: the confirmed
/// diagnosis, not the signs and symptoms that led to the test (IV.K).
fn a_read_test_s_diagnosis_not_its_symptoms(
    text: &str,
    picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let diagnosis = picked
        .iter()
        .any(|p| !p.code.starts_with(['R', 'V', 'W', 'X', 'Y', 'Z']));
    if !diagnosis || !TEST_READ.is_match(text) || !TESTING_ONLY.is_match(text) {
        return picked;
    }
    picked
        .into_iter()
        .filter(|p| !p.code.starts_with('R'))
        .collect()
}

/// The encounter is for the test alone: a Holter, an echo, imaging, a stress test, labs.
static TESTING_ONLY: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:holter|event monitor|echo(?:cardiogram)?|ekg|ecg|eeg|emg|stress test|ultrasound|mri|ct scan|x-?ray|mammogram|imaging|testing|biopsy|pathology|diagnostic (?:test|service)s?)\b").unwrap()
});

/// Chapter 16 codes are never for use on the maternal record (I.C.16.a.1): beside the
/// mother's Chapter 15 codes or her delivery outcome (Z37), with no birth record (Z38), a
/// "newborn affected by" code is the baby's, not hers.
fn no_newborn_code_on_the_mother_s_record(picked: Vec<Recommendation>) -> Vec<Recommendation> {
    let has = |prefix: &str| picked.iter().any(|p| compact(&p.code).starts_with(prefix));
    if !(has("O") || has("Z37")) || has("Z38") {
        return picked;
    }
    picked
        .into_iter()
        .filter(|p| !p.code.starts_with('P'))
        .collect()
}

fn the_birth_record_starts_with_z38(
    icd: &Icd10Cm,
    text: &str,
    picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let transferred = (TRANSFERRED_IN.is_match(text) || READMITTED.is_match(text))
        && super::suggest::NEWBORN.is_match(text);
    let birth_record = RECORD_SAID.is_match(text) || BORN_HERE.is_match(text);
    if (!birth_record || past_the_birth_stay(text)) && !transferred {
        return picked;
    }
    let mut out: Vec<Recommendation> = picked
        .into_iter()
        .filter(|p| {
            let c = compact(&p.code);
            !(c.starts_with('O') || c.starts_with("Z37") || (transferred && c.starts_with("Z38")))
        })
        .collect();
    if transferred {
        return out;
    }
    let lower = text.to_lowercase();
    let twin = TWIN.is_match(&lower);
    // Born before reaching the hospital (in the car, at home): Z38.1 or Z38.4, whatever the
    // coder chose for a birth in hospital.
    let outside = BORN_OUTSIDE
        .is_match(text)
        .then_some(if twin { "Z38.4" } else { "Z38.1" });
    if let Some(z38) = out.iter_mut().find(|p| p.code.starts_with("Z38")) {
        if let Some(code) = outside.filter(|c| *c != z38.code) {
            let why = format!(
                "instead of {}: the baby was born before reaching the hospital (I.C.16.a.2)",
                z38.code
            );
            recode(icd, z38, &compact(code), why);
        }
        return out;
    }
    let code = match (
        twin,
        lower.contains("cesarean") || lower.contains("c-section") || lower.contains("c section"),
    ) {
        _ if outside.is_some() => outside.unwrap_or_default(),
        (false, false) => "Z38.00",
        (false, true) => "Z38.01",
        (true, false) => "Z38.30",
        (true, true) => "Z38.31",
    };
    let mut r = named(icd, code);
    r.why =
        "the birth episode on the newborn's record is first a code from category Z38 (I.C.16.a.2)"
            .into();
    out.insert(0, r);
    out
}

/// A baby a week or more old ("a 3-week-old born at our hospital", seen in a clinic) is past
/// the birth stay, unless the question says it is the birth record.
fn past_the_birth_stay(text: &str) -> bool {
    !RECORD_SAID.is_match(text) && super::text::age_in_days(text).is_some_and(|d| d >= 7)
}

/// The question says it is the newborn's record.
static RECORD_SAID: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:newborn|birth|baby's|infant's) record\b").unwrap()
});

/// A newborn's own record of the birth episode ("Newborn record: baby boy born here",
/// "Nursery: term girl born by C-section in our hospital").
static BORN_HERE: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:baby|term|preterm|newborn|infant) (?:boy|girl)\b[^.]{0,40}\bborn\b|\bborn here\b|\bborn\b[^.;]{0,50}\b(?:in|at) our hospital\b|\b(?:newborn|well[- ]baby) nursery\b|^\s*nursery\b").unwrap()
});

static TRANSFERRED_IN: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\btransferred (?:in|here|to us|from)\b|\btransfer from\b|\bborn (?:there|at (?:an|another|a community|an outside))|\bborn\b[^.;]{0,30}?\bat (?:an? )?(?:outside|other|another|community|referring|outlying)\b[^.;]{0,60}?\btransferred\b").unwrap()
});
/// A newborn back in hospital after going home: the birth episode, and its Z38, are over.
static READMITTED: LazyLock<Regex> =
    LazyLock::new(|| super::text::regex(r"(?i)\bre-?admi(?:t|ts|tted|ssion)\b").unwrap());
static TWIN: LazyLock<Regex> = LazyLock::new(|| super::text::regex(r"\btwins?\b").unwrap());
static BORN_OUTSIDE: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:born|delivered|birth)\b[^.;]{0,50}\b(?:in (?:the|a|their|her|his) (?:\w+ )?(?:car|ambulance|taxi|vehicle|truck)|at home|en route|on the way|before (?:arrival|reaching)|outside (?:the |a )?hospital|in the parking)\b|\bBBA\b|\bborn outside\b").unwrap()
});

/// Hemiplegia and monoplegia (G81, G83.1-G83.3) are coded by the side affected and whether it
/// is the dominant one; where the record does not say which hand is dominant, the right side
/// is dominant and the left nondominant (I.C.6.a): G81.10 for a left hemiparesis → G81.14.
fn hemiplegia_by_side_and_dominance(
    icd: &Icd10Cm,
    text: &str,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let Some(side) = super::text::deficit_side(text) else {
        return picked;
    };
    let wanted = super::text::sided_title(side);
    for r in picked.iter_mut() {
        let c = compact(&r.code);
        if !(c.starts_with("G81") || ["G831", "G832", "G833"].iter().any(|g| c.starts_with(g))) {
            continue;
        }
        let says = |code: &str| {
            icd.title(code)
                .is_some_and(|t| super::text::ends_with_side(&t, &wanted))
        };
        if c.len() < 4 || says(&c) {
            continue;
        }
        if let Some(right) = icd.billable_below(&c[..4]).into_iter().find(|b| says(b)) {
            let why = format!(
                "instead of {}: the {} side is affected, {} (I.C.6.a: where the record does not say, the right side is dominant and the left nondominant)",
                r.code,
                side.0,
                if side.1 { "the dominant side" } else { "the nondominant side" }
            );
            recode(icd, r, &right, why);
        }
    }
    picked
}

/// A fracture the provider calls pathologic, or one through a tumour, is no injury: the
/// written traumatic fracture code (S) gives way to the pathological fracture of the same bone
/// and side, in neoplastic disease where a neoplasm caused it (M84.5-, I.C.2.l.6), else
/// M84.4- (I.C.13.c). Osteoporotic fractures are left to their own category.
fn a_pathologic_fracture_is_no_injury(
    icd: &Icd10Cm,
    text: &str,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let (family, kind, section) = if let Some(m) = PATHOLOGIC.find(text) {
        if OSTEOPOROSIS.is_match(text) {
            return picked;
        }
        if NEOPLASTIC.is_match(m.as_str()) || NEOPLASTIC_CAUSE.is_match(text) {
            ("M845", "pathologic", "I.C.2.l.6")
        } else {
            ("M844", "pathologic", "I.C.13.c")
        }
    } else if stress_fracture(text) {
        ("M843", "a stress fracture", "I.C.13.b")
    } else {
        return picked;
    };
    for r in picked.iter_mut() {
        let c = compact(&r.code);
        let Some(title) = icd.title(&c).map(|t| t.to_lowercase()) else {
            continue;
        };
        if c.len() != 7 || !c.starts_with('S') || !title.contains("fracture") {
            continue;
        }
        let seventh = match c.as_bytes()[6] {
            b'B' | b'C' => 'A',
            ch => ch as char,
        };
        let side = ["right", "left"].into_iter().find(|s| title.contains(s));
        let right = icd.billable_below(family).into_iter().find(|b| {
            let Some(t) = icd.title(b).map(|t| t.to_lowercase()) else {
                return false;
            };
            let bone = t
                .split(", ")
                .nth(1)
                .map(|site| {
                    site.trim_start_matches("right ")
                        .trim_start_matches("left ")
                })
                .is_some_and(|bone| title.contains(bone));
            b.len() == 7
                && b.ends_with(seventh)
                && bone
                && side.is_none_or(|s| t.contains(&format!(", {s} ")))
        });
        if let Some(right) = right {
            let why = format!(
                "instead of {}: the fracture is {kind}, not an injury ({section})",
                r.code
            );
            recode(icd, r, &right, why);
        }
    }
    // The fracture is the one recoded: a word match to some unspecified bone's injury is not.
    let recoded = picked.iter().any(|r| compact(&r.code).starts_with(family));
    picked.retain(|r| {
        let unspecified_injury = icd
            .title(&compact(&r.code))
            .is_some_and(|t| t.contains("fracture") && t.contains("nspecified"));
        !(recoded && r.code.starts_with('S') && unspecified_injury)
    });
    picked
}

static PATHOLOGIC: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\bpatholog\w* (?:fx|fractures?)\b[^.;]*|\b(?:fx|fractures?)\b[^.;]{0,30}\b(?:through|due to|from|secondary to)\b[^.;]{0,40}\b(?:met\w*|lesions?|tumou?rs?|neoplasm\w*|cancer|myeloma|cysts?)\b").unwrap()
});
/// A bone that broke under repeated load, not one blow (M84.3-, "Fracture, traumatic,
/// stress, by site"); the vertebra's own stress fracture is M48.4- and left to its entry.
static STRESS_FRACTURE: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(no|not|without|r/o|rule out|negative for)?\s*\b(?:a )?(?:stress|fatigue|march) (?:fx|fractures?)\b([^.;]{0,40}\b(?:vertebra|spine|lumbar|thoracic|L\d|T\d{1,2})\b)?").unwrap()
});

fn stress_fracture(text: &str) -> bool {
    let lower = text.to_lowercase();
    if !["stress", "fatigue", "march"]
        .iter()
        .any(|w| lower.contains(w))
    {
        return false;
    }
    STRESS_FRACTURE
        .captures_iter(text)
        .any(|c| c.get(1).is_none() && c.get(2).is_none())
}
static NEOPLASTIC: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:met|mets|metasta\w*|tumou?rs?|neoplas\w*|cancer|ca|carcinoma|malignan\w*|myeloma|lytic)\b").unwrap()
});
static NEOPLASTIC_CAUSE: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\bpatholog\w* (?:fx|fracture)\w*\s+(?:due to|from|through|secondary to)\s+(?:\w+\s+){0,2}(?:met\w*|tumou?r|neoplasm|cancer|myeloma)").unwrap()
});
static OSTEOPOROSIS: LazyLock<Regex> =
    LazyLock::new(|| super::text::regex(r"(?i)\bosteoporo\w*").unwrap());
/// A fall or strain that would not break a healthy bone.
static FRAGILITY: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\bfragility\b|\bosteoporotic (?:fx|fracture)|\bfrom (?:a )?standing\b|\bstanding height\b|\bground[- ]level\b|\bsame level\b|\bminor (?:fall|trauma)\b|\blow[- ](?:energy|impact)\b|\btripped\b|\bslipped\b|\bspontaneous\w*|\bwithout (?:trauma|injury)\b|\bno (?:trauma|injury|fall)\b|\bbending\b|\blifting\b|\bcoughing\b").unwrap()
});
/// ... and trauma that would.
static HIGH_ENERGY: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:mvc|mva|motor vehicle|car accident|collision|t-boned|rollover|rolled over|ejected|\d+\s*mph|ladder|roof|scaffold\w*|from (?:a )?height|flight of stairs|horse|bicycle|bike|motorcycle|ski\w*|assault\w*|struck by|crush\w*|high[- ](?:energy|speed|impact))\b").unwrap()
});
/// Osteoporosis other than age-related (M80.8).
static OTHER_OSTEOPOROSIS: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:drug|steroid|glucocorticoid|disuse|idiopathic|post-?oophorectomy|post-?surgical malabsorption)[- ](?:induced )?osteoporo\w*|\bosteoporo\w* (?:due to|from) (?:steroids?|prednisone|glucocorticoids?|disuse)").unwrap()
});

static MI_TYPE_2: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\btype (?:2|ii|two) (?:mi|ami|nstemi|stemi|myocardial infarction|infarct\w*)\b|\b(?:mi|nstemi|stemi|infarct\w*)\b[^.;]{0,25}\b(?:due to|from|secondary to|d/t) demand ischemia\b|\bdemand ischemia (?:mi|infarct\w*)\b").unwrap()
});
static MI_OTHER_TYPE: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\btype (?:3|4a|4b|4c|5) (?:mi|ami|myocardial infarction|infarct\w*)\b")
        .unwrap()
});

/// Codes I21.01-I21.4 are type 1 infarctions only: a type 2 (demand ischemia), even one
/// described as NSTEMI or STEMI, is I21.A1 alone, with no I24.89 for the demand ischemia; types
/// 3, 4a-c and 5 are I21.A9 (I.C.9.e.5).
fn myocardial_infarction_of_the_stated_type(
    icd: &Icd10Cm,
    text: &str,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let target = if MI_TYPE_2.is_match(text) {
        "I21A1"
    } else if MI_OTHER_TYPE.is_match(text) {
        "I21A9"
    } else {
        return picked;
    };
    let type_1 = |c: &str| (c.starts_with("I21") && !c.starts_with("I21A")) || c == "I2489";
    for r in picked.iter_mut() {
        let c = compact(&r.code);
        if type_1(&c) {
            let why = format!(
                "instead of {}: I21.01-I21.4 are type 1 infarctions; the type the question states is {} (I.C.9.e.5)",
                r.code,
                dotted(target)
            );
            recode(icd, r, target, why);
        }
    }
    picked.dedup_by(|a, b| a.code == b.code);
    let mut seen = false;
    picked.retain(|r| {
        let keep = !(seen && compact(&r.code) == target);
        seen |= compact(&r.code) == target;
        keep
    });
    picked
}

/// Pain the question calls chronic: "chronic post-thoracotomy pain", "the pain is chronic".
/// Chronic named for something else, or only weighed ("never says acute or chronic", "has to
/// be chronic"), is not.
static CHRONIC_PAIN: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\bchronic (?:[\w-]+ ){0,3}pain\b|\bpain\b[^.;?!]{0,30}\b(?:is|as|became|now) chronic\b")
        .expect("a cue")
});

/// A device or a procedure put in for the pain itself: a neurostimulator, a pump.
static FOR_THE_PAIN: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:neurostimulator|spinal cord stimulator|scs|dorsal root ganglion stimulator|intrathecal (?:drug |pain )?pump|pain pump)\b")
        .expect("a cue")
});

/// An encounter for pain control, a neurostimulator put in for chronic pain, is coded with the
/// chronic pain code first and its cause after it (I.C.6.b.1.a): G89.29 before E11.42 for a
/// spinal cord stimulator for diabetic neuropathic pain. Pain neither acute nor chronic has no
/// G89 code (I.C.6.b.1); postprocedural and neoplasm pain have lines of their own.
fn a_pain_code_when_the_encounter_is_for_pain_control(
    icd: &Icd10Cm,
    text: &str,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let pain_control = focus::PAIN_CONTROL.is_match(text) && FOR_THE_PAIN.is_match(text);
    let coded = picked.iter().any(|p| compact(&p.code).starts_with("G89"));
    if !pain_control || coded || !CHRONIC_PAIN.is_match(text) || NEOPLASM_PAIN.is_match(text) {
        return picked;
    }
    let mut r = named(icd, "G8929");
    r.why = "the encounter is for control of the chronic pain: its G89 code first, the cause after it (I.C.6.b.1.a)".into();
    picked.insert(0, r);
    picked
}

/// Postoperative pain the record does not call acute or chronic is coded acute (I.C.6.b.3);
/// no time since surgery makes it chronic (I.C.6.b.4): G89.22 Chronic post-thoracotomy pain
/// is G89.12, G89.28 G89.18, unless the question calls the pain chronic.
fn postoperative_pain_acute_unless_chronic(
    icd: &Icd10Cm,
    text: &str,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    if CHRONIC_PAIN.is_match(text) {
        return picked;
    }
    for r in picked.iter_mut() {
        let code = compact(&r.code);
        let Some(kind) = code.strip_prefix("G892") else {
            continue;
        };
        let acute = format!("G891{kind}");
        let (Some(chronic_title), Some(acute_title)) = (icd.title(&code), icd.title(&acute)) else {
            continue;
        };
        if chronic_title.to_lowercase().replace("chronic", "acute") == acute_title.to_lowercase() {
            let why = format!(
                "instead of {}: postoperative pain not documented as chronic is coded acute (I.C.6.b.3)",
                r.code
            );
            recode(icd, r, &acute, why);
        }
    }
    picked
}

/// The record calls the pain after surgery routine or expected: "expected post-op pain",
/// "incisional pain as expected", "routine postoperative pain".
static EXPECTED_POSTOPERATIVE_PAIN: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:expected|routine|usual|normal)\s+(?:post-?op(?:erative)?|incisional|surgical)\s+pain\b|\b(?:post-?op(?:erative)?|incisional|surgical)\s+pain\b[^.;?!]{0,20}?\bas expected\b").unwrap()
});

/// "Routine or expected postoperative pain immediately after surgery should not be coded"
/// (I.C.6.b.3): the acute postprocedural pain codes (G89.12, G89.18) are not reported.
fn no_code_for_expected_postoperative_pain(
    text: &str,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    if EXPECTED_POSTOPERATIVE_PAIN.is_match(text) {
        picked.retain(|r| !compact(&r.code).starts_with("G891"));
    }
    picked
}

/// Pain the text ties to a neoplasm: "cancer-related back pain", "pain from the bone mets".
static NEOPLASM_PAIN: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:cancer|tumou?r|neoplasm|malignancy|mets?|metastas[ie]s)[- ]related (?:\w+ ){0,2}pain\b|\bpain\b(?:[^.;?!]){0,30}?\b(?:due to|from|secondary to|related to|caused by|associated with) (?:the |his |her )?(?:\w+ ){0,2}(?:cancer|ca|tumou?rs?|neoplasm|malignancy|mets?|metasta\w*)\b").unwrap()
});

/// Pain documented as related to a malignancy or tumour is G89.3, acute or chronic, in place of
/// the other G89 codes (I.C.6.b.5); the neoplasm stays beside it.
fn neoplasm_related_pain(
    icd: &Icd10Cm,
    text: &str,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let neoplasm = picked.iter().any(|p| {
        let c = compact(&p.code);
        c.starts_with('C') || ("D00".."D50").contains(&c.get(..3).unwrap_or(""))
    });
    if !neoplasm || !NEOPLASM_PAIN.is_match(text) {
        return picked;
    }
    for r in picked.iter_mut() {
        let c = compact(&r.code);
        if c.starts_with("G89") && c != "G893" {
            let why = format!(
                "instead of {}: pain documented as due to the neoplasm is G89.3, acute or chronic (I.C.6.b.5)",
                r.code
            );
            recode(icd, r, "G893", why);
        }
    }
    picked.dedup_by(|a, b| a.code == b.code);
    picked
}

/// A clause of the documentation: pressure ulcers are listed one per clause ("sacral PU
/// stage 4; L heel unstageable; R buttock DTI").
static CLAUSES: LazyLock<Regex> =
    LazyLock::new(|| super::text::regex(r"(?i)[;.\n]|,\s|\s(?:and|&|plus)\s").unwrap());
static ULCER_STAGE: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\bstage\s*(1|2|3|4|iv|iii|ii|i)\b|\b(un-?stageable)\b|\b(deep tissue (?:pressure )?(?:injury|damage)|s?dti)\b").unwrap()
});
static WRITTEN_CODE: LazyLock<Regex> =
    LazyLock::new(|| super::text::regex(r"\b[A-Z]\d\d\.?[0-9A-Z]{0,4}\b").unwrap());

/// The stage character of L89 the clauses document: the highest of stages 1-4 (a healing
/// ulcer keeps its stage, I.C.12.a.5; a stage revealed by debridement replaces
/// "unstageable", I.C.12.a.2), else 6 deep tissue injury (I.C.12.a.7), else 0 unstageable.
fn documented_stage<'a>(clauses: impl Iterator<Item = &'a str> + Clone) -> Option<char> {
    // A question ("unstageable because nobody wrote a stage?") documents nothing.
    let stated = clauses.filter(|c| !c.trim_end().ends_with('?'));
    numbered_stage(stated.clone()).or_else(|| described_stage(stated))
}

/// The depth a wound note describes, where nobody wrote a stage: the stages' own definitions,
/// which the Index prints as their nonessential modifiers ("Ulcer, pressure, stage 3 (full
/// thickness skin loss involving damage or necrosis of subcutaneous tissue)").
static ULCER_DEPTH: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:(full[- ]thickness)|(partial[- ]thickness)|(non-?blanch\w*))|\b((?:exposed|visible|palpable) (?:bone|tendon|muscle)|(?:bone|tendon|muscle) (?:is |was )?(?:exposed|visible))\b").unwrap()
});

fn described_stage<'a>(clauses: impl Iterator<Item = &'a str>) -> Option<char> {
    let mut deepest: Option<char> = None;
    for clause in clauses {
        for c in ULCER_DEPTH.captures_iter(clause) {
            let whole = c.get(0).expect("a match");
            if DENIED_JUST_BEFORE.is_match(&clause[..whole.start()]) {
                continue;
            }
            let stage = match (c.get(1), c.get(2), c.get(3)) {
                (Some(_), ..) => '3',
                (_, Some(_), _) => '2',
                (.., Some(_)) => '1',
                _ => '4',
            };
            deepest = deepest.max(Some(stage));
        }
    }
    deepest
}

fn numbered_stage<'a>(clauses: impl Iterator<Item = &'a str>) -> Option<char> {
    let rank = |s: char| match s {
        '0' => 0,
        '6' => 1,
        n => 2 + n as u8 - b'0',
    };
    let mut stage: Option<char> = None;
    for c in clauses.flat_map(|cl| ULCER_STAGE.captures_iter(cl)) {
        let found = if let Some(n) = c.get(1) {
            match n.as_str().to_lowercase().as_str() {
                "1" | "i" => '1',
                "2" | "ii" => '2',
                "3" | "iii" => '3',
                _ => '4',
            }
        } else if c.get(2).is_some() {
            '0'
        } else {
            '6'
        };
        stage = Some(stage.map_or(found, |a| if rank(found) > rank(a) { found } else { a }));
    }
    stage
}

/// The site a pressure ulcer's title names ("sacral region" of "Pressure ulcer of sacral
/// region, stage 3"), lower case.
fn pressure_ulcer_site(icd: &Icd10Cm, code: &str) -> Option<String> {
    let title = icd.title(code)?.to_lowercase();
    let site = title
        .strip_prefix("pressure ulcer of ")?
        .split(", ")
        .next()?;
    Some(site.to_owned())
}

/// A pressure ulcer documented as completely healed when the patient comes in is not coded
/// (I.C.12.a.4): the L89 code of the site a "healed" clause names (or every one, where the
/// clause names no site) goes. A healing ulcer keeps its code (I.C.12.a.5).
fn a_healed_pressure_ulcer_is_not_coded(
    icd: &Icd10Cm,
    text: &str,
    picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let healed: Vec<String> = CLAUSES
        .split(text)
        .filter(|c| {
            !WRITTEN_CODE.is_match(c) && HEALED_ULCER.is_match(c) && !HEALED_IN_THE_STAY.is_match(c)
        })
        .map(str::to_lowercase)
        .collect();
    if healed.is_empty() {
        return picked;
    }
    let gone = |code: &str| {
        let c = compact(code);
        if !c.starts_with("L89") {
            return false;
        }
        let site = pressure_ulcer_site(icd, &c).unwrap_or_default();
        let place: Vec<&str> = site
            .split(' ')
            .filter(|w| w.len() > 3 && !["right", "left", "unspecified", "region"].contains(w))
            .collect();
        healed.iter().any(|clause| {
            let names_a_site = PRESSURE_SITE.is_match(clause);
            !names_a_site || place.iter().any(|w| clause.contains(&w[..w.len().min(4)]))
        })
    };
    picked.into_iter().filter(|r| !gone(&r.code)).collect()
}

/// "pressure injury completely healed", "healed sacral decubitus": healed, not healing.
static HEALED_ULCER: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:pressure (?:ulcer|injury|sore)|decubitus|bed ?sore)s?\b(?:\s+\w+){0,2}?\s+(?:has |have |is |was |now )?(?:completely |fully )?healed\b|\b(?:completely |fully )?healed (?:\w+ ){0,3}(?:pressure (?:ulcer|injury|sore)|decubitus|bed ?sore)").unwrap()
});

/// An ulcer present on admission that healed during the stay is coded at its stage on
/// admission (I.C.12.a.5): only one healed when the patient came in goes.
static HEALED_IN_THE_STAY: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:by|at|before|prior to|on) (?:the )?(?:time of )?discharge\b|\bduring (?:the|her|his) (?:stay|admission)\b|\bby (?:hospital )?day \d+\b").unwrap()
});

/// A body site a pressure ulcer clause may name.
static PRESSURE_SITE: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:sacr\w*|coccy\w*|heel|ankle|hip|buttock|elbow|back|scapula\w*|shoulder|head|face|ear|occiput|ischi\w*|trochanter\w*|foot|toe|contiguous)\b").unwrap()
});

/// Each pressure ulcer at the stage documented for its site (I.C.12.a): the clauses of the
/// question that name the code's site (and its side, when they name one) and a stage, leaving
/// out clauses that quote codes.
fn pressure_ulcer_stage_as_documented(
    icd: &Icd10Cm,
    text: &str,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let clauses: Vec<&str> = CLAUSES
        .split(text)
        .filter(|c| !WRITTEN_CODE.is_match(c))
        .collect();
    let ulcers = picked
        .iter()
        .filter(|r| compact(&r.code).starts_with("L89"))
        .count();
    let mut progressed: Vec<(String, Recommendation)> = Vec::new();
    for r in picked.iter_mut() {
        let c = compact(&r.code);
        if !c.starts_with("L89") || c.len() != 6 {
            continue;
        }
        let Some(site) = pressure_ulcer_site(icd, &c) else {
            continue;
        };
        let side = ["right", "left"].into_iter().find(|s| site.contains(s));
        let place: Vec<&str> = site
            .split(' ')
            .filter(|w| !["right", "left", "unspecified", "region", "of", "and"].contains(w))
            .collect();
        let names_site = |clause: &str| {
            let lower = clause.to_lowercase();
            place.iter().all(|w| lower.contains(&w[..w.len().min(4)]))
                && side.is_none_or(|s| super::text::side(clause).is_none_or(|cs| cs == s))
        };
        // With one ulcer, every stage the question documents is that ulcer's.
        let Some(stage) = documented_stage(
            clauses
                .iter()
                .copied()
                .filter(|cl| ulcers == 1 || names_site(cl)),
        ) else {
            continue;
        };
        let staged = format!("{}{stage}", &c[..5]);
        if staged == c || !icd.is_billable(&staged) {
            continue;
        }
        // An ulcer that progressed during the stay keeps its stage on admission beside the
        // highest (I.C.12.a.6).
        let stage_on_admission = PROGRESSED.is_match(text)
            && c.ends_with(['1', '2', '3'])
            && text.to_lowercase().contains(&format!("stage {}", &c[5..]));
        if stage_on_admission {
            let mut highest = r.clone();
            recode(
                icd,
                &mut highest,
                &staged,
                "the highest stage during the stay, beside the stage on admission (I.C.12.a.6)"
                    .into(),
            );
            progressed.push((r.code.clone(), highest));
            continue;
        }
        let why = format!(
            "instead of {}: the stage documented for this site (I.C.12.a)",
            r.code
        );
        recode(icd, r, &staged, why);
    }
    for (after, highest) in progressed {
        let at = picked
            .iter()
            .position(|p| p.code == after)
            .map_or(picked.len(), |i| i + 1);
        picked.insert(at, highest);
    }
    picked
}

static PROGRESSED: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:progressed|evolved|advanced|worsened|deteriorated)\b").unwrap()
});

/// The site character of M80 for a fracture category (S22.0 a thoracic vertebra … S92 the
/// foot): M80 names the region the fracture is in.
fn osteoporotic_site(fracture: &str) -> Option<char> {
    let sub = fracture.get(..4)?;
    Some(match fracture.get(..3)? {
        "S12" => '8',
        "S22" if sub == "S220" => '8',
        "S32" if sub == "S320" => '8',
        "S32" => 'B',
        "S42" if sub <= "S421" => '1',
        "S42" => '2',
        "S52" => '3',
        "S62" => '4',
        "S72" => '5',
        "S82" if ("S825".."S829").contains(&sub) => '7',
        "S82" => '6',
        "S92" => '7',
        _ => return None,
    })
}

/// An admission or encounter for a procedure that treats a condition ("admitted for elective
/// L4-L5 decompression and fusion").
static FOR_A_PROCEDURE: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:admitted|admission|scheduled|presents?|here|seen|encounter)\s+(?:\w+\s+){0,2}?for\s+(?:an?\s+|the\s+|her\s+|his\s+)?(?:[\w-]+\s+){0,5}?(?:fusion|kyphoplasty|vertebroplasty|decompression|laminectomy|discectomy|arthroplasty|replacement|repair|resection|\w+ectomy|\w+plasty|surgery)\b").unwrap()
});
static PAIN_CONTROL: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\bpain (?:control|management)\b|\bneurostimulator\b|\bspinal cord stimulator\b|\bpain pump\b").unwrap()
});

/// No G89 code, nor the site's pain, when the encounter is for a procedure aimed at the
/// definitive condition the answer codes (I.C.6.b.1: "e.g., spinal fusion, kyphoplasty ... No
/// code from category G89 should be assigned"), unless the encounter is for pain control.
fn no_pain_code_when_the_procedure_treats_its_cause(
    icd: &Icd10Cm,
    text: &str,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let pain = |c: &str| {
        compact(c).starts_with("G89")
            || icd
                .title(c)
                .is_some_and(|t| t.to_lowercase().split([',', ' ']).any(|w| w == "pain"))
    };
    let definitive = picked
        .iter()
        .any(|p| !pain(&p.code) && !p.code.starts_with(['R', 'Z', 'V', 'W', 'X', 'Y']));
    if !picked.iter().any(|p| compact(&p.code).starts_with("G89"))
        || !definitive
        || !FOR_A_PROCEDURE.is_match(text)
        || PAIN_CONTROL.is_match(text)
    {
        return picked;
    }
    picked.retain(|p| !pain(&p.code));
    picked
}

/// A planned procedure called off at the encounter.
static CANCELLED: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:case|surgery|procedure|operation|scope|colonoscopy|endoscopy|egd|block|injection)\s+(?:was\s+)?(?:cancell?ed|aborted|called off)\b|\b(?:cancell?ed|aborted)\s+(?:the\s+)?(?:case|surgery|procedure|operation|scope|colonoscopy|endoscopy|egd)\b").unwrap()
});
static PATIENTS_DECISION: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:patient|pt|she|he)\s+(?:declined|refused|changed (?:her|his) mind|decided against|chose not)\b").unwrap()
});
static SMOKING: LazyLock<Regex> =
    LazyLock::new(|| super::text::regex(r"(?i)\b(?:smok\w*|cigarettes?|nicotine)\b").unwrap());

/// A procedure planned and not carried out (I.C.21.c.13, Z53): the reason for the procedure
/// stays first, Z53.- follows it by why it was not done (a contraindication, the patient's
/// decision, another reason), and the condition that stopped it comes after.
fn a_cancelled_procedure_is_z53(
    icd: &Icd10Cm,
    text: &str,
    picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let clauses: Vec<&str> = text.split(['.', ';', '\n', '?', '!']).collect();
    let Some(at) = clauses.iter().position(|c| CANCELLED.is_match(c)) else {
        return picked;
    };
    if picked.iter().any(|p| compact(&p.code).starts_with("Z53")) {
        return picked;
    }
    let named_in = |terms: &[String], p: &Recommendation| {
        super::text::half_named(
            &super::ground::concepts(&icd.title(&p.code).unwrap_or_default()),
            terms,
        )
    };
    // What stopped it is named where the cancelling is, or just before ("new A-fib w/ RVR;
    // surgery cancelled").
    let here = super::text::plain_terms(clauses[at]);
    let (where_said, terms) = if picked.iter().any(|p| named_in(&here, p)) || at == 0 {
        (clauses[at], here)
    } else {
        (clauses[at - 1], super::text::plain_terms(clauses[at - 1]))
    };
    let stopped_it = |p: &Recommendation| named_in(&terms, p);
    let (stoppers, rest): (Vec<Recommendation>, Vec<Recommendation>) =
        picked.into_iter().partition(stopped_it);
    let code = if PATIENTS_DECISION.is_match(clauses[at]) {
        "Z53.29"
    } else if SMOKING.is_match(where_said) {
        "Z53.01"
    } else if !stoppers.is_empty() {
        "Z53.09"
    } else {
        "Z53.8"
    };
    let mut z53 = named(icd, code);
    z53.why = "the planned procedure was not carried out: Z53.- after the reason for it, the condition that stopped it after Z53.- (I.C.21.c.13)".into();
    // After the first condition of the rest, the reason for the procedure (a status code
    // listed early is no reason).
    let after_reason = rest
        .iter()
        .position(|p| rank(icd, &p.code) < 4)
        .map_or(0, |i| i + 1);
    let mut out = rest;
    out.insert(after_reason, z53);
    out.extend(stoppers);
    out
}

/// A BMI code is reported only with its associated weight diagnosis (I.C.21.c.3): the obesity,
/// overweight, malnutrition or underweight the question names goes before it. None is
/// assigned during pregnancy (I.C.21.c.3: "Do not assign BMI codes during pregnancy").
fn a_bmi_goes_with_its_weight_diagnosis(
    icd: &Icd10Cm,
    entries: &[Entry],
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let pregnancy = |c: &str| c.starts_with('O') || c.starts_with("Z3A") || c.starts_with("Z33");
    if picked.iter().any(|p| pregnancy(&compact(&p.code))) {
        picked.retain(|p| !compact(&p.code).starts_with("Z68"));
        return picked;
    }
    let weight = |c: &str| {
        let c = compact(c);
        c.starts_with("E66") || ("E40".."E47").contains(&&c[..3]) || c.starts_with("R636")
    };
    let Some(at) = picked
        .iter()
        .position(|p| compact(&p.code).starts_with("Z68"))
    else {
        return picked;
    };
    if picked.iter().any(|p| weight(&p.code)) {
        return picked;
    }
    let Some(e) = entries
        .iter()
        .filter(|e| e.literal && weight(&e.code))
        .max_by_key(|e| (e.words, e.depth))
    else {
        return picked;
    };
    let mut r = from_entry(icd, e, "");
    r.why = format!(
        "the weight diagnosis the BMI goes with, listed before it (I.C.21.c.3): {}",
        r.why
    );
    picked.insert(at, r);
    picked
}

/// An osteoporotic fracture the question says has healed, with no current fracture: the
/// osteoporosis is M81 "without current pathological fracture", even with a fracture in the
/// past, and Z87.310 records the healed one (I.C.13.d.1). M80's lines and any injury code for
/// that fracture give way.
fn a_healed_osteoporotic_fracture_is_history(
    icd: &Icd10Cm,
    text: &str,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let Some(at) = picked
        .iter()
        .position(|r| compact(&r.code).starts_with("M80"))
    else {
        return picked;
    };
    if !HEALED_FRACTURE.is_match(text) || !NO_CURRENT_FRACTURE.is_match(text) {
        return picked;
    }
    let kind = if compact(&picked[at].code).starts_with("M808") {
        "M818"
    } else {
        "M810"
    };
    let why = format!(
        "instead of {}: the osteoporotic fracture has healed and none is current, so the osteoporosis is coded without a current fracture (I.C.13.d.1)",
        picked[at].code
    );
    let old = picked[at].code.clone();
    recode(icd, &mut picked[at], kind, why);
    // The healed fracture is no injury now either (S32.000A read from "L1 compression
    // fracture").
    picked.retain(|r| {
        let c = compact(&r.code);
        let a_fracture = icd
            .title(&c)
            .is_some_and(|t| t.to_lowercase().contains("fracture"));
        !(c.starts_with("M80") || (c.starts_with('S') && a_fracture))
    });
    picked.dedup_by(|a, b| a.code == b.code);
    if !picked.iter().any(|r| compact(&r.code) == "Z87310") {
        let mut history = named(icd, "Z87310");
        history.why = format!(
            "the healed osteoporotic fracture coded {old} is history: M81's note asks for it (I.C.13.d.1)"
        );
        let after = picked
            .iter()
            .position(|r| compact(&r.code) == kind)
            .map_or(picked.len(), |i| i + 1);
        picked.insert(after, history);
    }
    picked
}

static HEALED_FRACTURE: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:fracture|fx)\w*\b[^.;]{0,60}\b(?:has |have |had |is |was |now )?healed\b|\bhealed (?:\w+ ){0,3}(?:fracture|fx)|\b(?:old|prior|previous|remote|history of|h/o) (?:\w+ ){0,3}(?:fracture|fx)").unwrap()
});
static NO_CURRENT_FRACTURE: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\bno (?:new|current|acute|recent|further) (?:\w+ )?(?:fracture|fx)\w*|\bno fracture\w* (?:now|today|currently)\b|\b(?:has|have|had|is|was|now) healed\b").unwrap()
});

/// A patient with known osteoporosis whose fracture came from a fall or strain that would not
/// break a healthy bone has an osteoporotic fracture (M80, site of the fracture, the same side
/// and encounter), not a traumatic one, and no M81 beside it (I.C.13.d.2).
fn an_osteoporotic_fracture(
    icd: &Icd10Cm,
    text: &str,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    if !OSTEOPOROSIS.is_match(text) || !FRAGILITY.is_match(text) || HIGH_ENERGY.is_match(text) {
        return picked;
    }
    let kind = if OTHER_OSTEOPOROSIS.is_match(text) {
        '8'
    } else {
        '0'
    };
    let mut recoded = false;
    for r in picked.iter_mut() {
        let c = compact(&r.code);
        let title = icd.title(&c).unwrap_or_default().to_lowercase();
        if c.len() != 7 || !title.contains("fracture") {
            continue;
        }
        let Some(site) = osteoporotic_site(&c) else {
            continue;
        };
        let seventh = match c.as_bytes()[6] {
            b'A' | b'B' | b'C' => 'A',
            b'D' | b'E' | b'F' => 'D',
            b'G' | b'H' | b'J' => 'G',
            b'K' | b'M' | b'N' => 'K',
            b'P' | b'Q' | b'R' => 'P',
            _ => 'S',
        };
        let side = if site == '8' {
            'X'
        } else if title.contains("right") {
            '1'
        } else if title.contains("left") {
            '2'
        } else {
            '9'
        };
        let m80 = format!("M80{kind}{site}{side}{seventh}");
        if icd.is_billable(&m80) {
            let why = format!(
                "instead of {}: a fracture from a fall that would not break a healthy bone, in known osteoporosis, is an osteoporotic fracture (I.C.13.d.2)",
                r.code
            );
            recode(icd, r, &m80, why);
            recoded = true;
        }
    }
    if recoded {
        picked.retain(|r| !compact(&r.code).starts_with("M81"));
    }
    picked
}

/// A repair the question says was done: "hypospadias repaired at age 2", "s/p TOF repair",
/// "corrected in infancy".
static REPAIRED: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:repaired|corrected|repair of|(?:s/p|status post|after|prior|previous|old|childhood) (?:[\w'-]+ ){0,3}repair)\b")
        .expect("a cue")
});

/// Words of the history codes' titles that say which malformations they are not.
const HISTORY_TITLE_WORDS: &[&str] = &[
    "personal",
    "history",
    "corrected",
    "congenital",
    "malformations",
    "malformation",
    "other",
    "specified",
    "system",
    "organs",
];

/// A congenital malformation the question says was corrected is no longer coded; its personal
/// history is (I.C.17): Q54.1 for a hypospadias repaired in childhood is Z87.710. The history
/// line is the Z87.7- code whose title names the malformation or its body system.
fn corrected_malformation_is_history(
    icd: &Icd10Cm,
    text: &str,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let lower = text.to_lowercase();
    let repaired_sentences = encounter::sentences_with(&REPAIRED, &lower);
    if repaired_sentences.is_empty() {
        return picked;
    }
    for r in picked.iter_mut() {
        let c = compact(&r.code);
        if !c.starts_with('Q') || c.as_str() >= "Q90" {
            continue;
        }
        let title = icd.title(&c).unwrap_or_default();
        let named_repaired = super::ground::concepts(&title)
            .iter()
            .any(|w| repaired_sentences.iter().any(|s| s.contains(w.as_str())));
        if !named_repaired {
            continue;
        }
        if let Some(history) = history_of_malformation(icd, &c) {
            let why = format!(
                "instead of {}: the malformation was corrected, so its personal history is coded (I.C.17)",
                r.code
            );
            recode(icd, r, &history, why);
        }
    }
    picked
}

/// The Z87.7- line for a corrected malformation: the one whose title shares most words with
/// the malformation's code and the blocks above it, the residual line when none does.
fn history_of_malformation(icd: &Icd10Cm, code: &str) -> Option<String> {
    let i = icd.node_index(code)?;
    let (nodes, containers) = icd.lineage(i);
    let said: Vec<String> = nodes
        .iter()
        .map(|&n| icd.nodes[n].title.clone())
        .chain(containers.iter().map(|&c| icd.containers[c].title.clone()))
        .flat_map(|t| super::text::title_terms(&t))
        .collect();
    let meaning = |t: &str| -> Vec<String> {
        super::text::title_terms(t)
            .into_iter()
            .filter(|w| {
                !HISTORY_TITLE_WORDS
                    .iter()
                    .any(|x| super::text::stem(x) == *w)
            })
            .filter(|w| !w.contains(':'))
            .collect()
    };
    icd.billable_below("Z877")
        .into_iter()
        .map(|h| {
            let shared = meaning(&icd.title(&h).unwrap_or_default())
                .iter()
                .filter(|w| said.contains(w))
                .count();
            (shared, h)
        })
        .filter(|(shared, _)| *shared > 0)
        .max_by_key(|(shared, h)| (*shared, std::cmp::Reverse(h.clone())))
        .map(|(_, h)| h)
        .or_else(|| Some("Z87798".to_owned()))
}

/// The question calls a condition the residual of an old injury: "post-traumatic
/// osteoarthritis", "sequela of", "late effect of" (post-traumatic stress is a disorder of its
/// own, not a residual).
static RESIDUAL_OF_AN_INJURY: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(
        r"(?i)\bpost-?traumatic (\w+)|\bsequela\w*\b|\blate effects?\b|\bresidual (?:of|from)\b",
    )
    .expect("a cue")
});

/// A condition the question calls the residual of an old injury is reported with the injury
/// after it at the 7th character S, and the injury's external cause too (I.B.10, I.C.19.a,
/// I.C.20.i): S82.851D beside post-traumatic osteoarthritis M19.171 is S82.851S.
fn sequela_of_an_old_injury(
    icd: &Icd10Cm,
    text: &str,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let residual_named = RESIDUAL_OF_AN_INJURY.captures_iter(text).any(|c| {
        c.get(1)
            .is_none_or(|w| !w.as_str().eq_ignore_ascii_case("stress"))
    });
    let residual_coded = picked
        .iter()
        .any(|r| !r.code.starts_with(['R', 'S', 'T', 'V', 'W', 'X', 'Y', 'Z']));
    if !residual_named || !residual_coded {
        return picked;
    }
    for r in picked.iter_mut() {
        let c = compact(&r.code);
        let of_the_injury = is_injury(&c) || is_external_cause(&c);
        if c.len() != 7 || !of_the_injury || !matches!(c.as_bytes()[6], b'A' | b'D') {
            continue;
        }
        let sequela = format!("{}S", &c[..6]);
        if icd.is_billable(&sequela) {
            let why = format!(
                "instead of {}: the injury caused the residual condition the question reports, 7th character S, after it (I.B.10, I.C.19.a)",
                r.code
            );
            recode(icd, r, &sequela, why);
        }
    }
    picked
}

/// A fracture's later encounter says how it heals when the question does: delayed healing (G),
/// nonunion (K), malunion (P), in place of the written initial or routine 7th character
/// (I.C.19.c.1).
fn fracture_healing_as_stated(
    icd: &Icd10Cm,
    text: &str,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let Some(m) = HEALING.captures(text) else {
        return picked;
    };
    let healing = match m[1].to_lowercase().as_str() {
        h if h.starts_with("non") => "nonunion",
        h if h.starts_with("mal") => "malunion",
        _ => "delayed healing",
    };
    let open = OPEN_FRACTURE.is_match(text);
    for r in picked.iter_mut() {
        let c = compact(&r.code);
        let fracture = icd
            .title(&c)
            .is_some_and(|t| t.to_lowercase().contains("fracture"));
        if c.len() != 7 || !fracture || !(c.starts_with('S') || c.starts_with("M8")) {
            continue;
        }
        let right = icd.billable_below(&c[..6]).into_iter().find(|b| {
            icd.title(b).is_some_and(|t| {
                let t = t.to_lowercase();
                t.contains("subsequent encounter")
                    && t.ends_with(&format!("with {healing}"))
                    && (t.contains("open fracture") == open)
            })
        });
        if let Some(right) = right.filter(|b| *b != c) {
            let why = format!(
                "{} for a later encounter whose fracture shows {healing} (I.C.19.c.1): {}",
                dotted(&right),
                r.why
            );
            recode(icd, r, &right, why);
        }
    }
    // The external cause's encounter is the injury's: a later one (I.C.20.a).
    let later = picked.iter().any(|r| {
        let c = compact(&r.code);
        is_injury(&c) && c.len() == 7 && matches!(c.as_bytes()[6], b'G' | b'K' | b'P')
    });
    for r in picked.iter_mut().filter(|_| later) {
        let c = compact(&r.code);
        let subsequent = format!("{}D", &c[..c.len().saturating_sub(1)]);
        if is_external_cause(&c) && c.len() == 7 && c.ends_with('A') && icd.is_billable(&subsequent)
        {
            let why = format!("{}, at the injury's later encounter (I.C.20.a)", r.why);
            recode(icd, r, &subsequent, why);
        }
    }
    picked
}

/// An open fracture, or one the Gustilo classification types ("open distal radius fx",
/// "compound fracture", "Gustilo IIIA"); "open reduction" is the treatment, not the fracture.
static OPEN_NAMED: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:open|compound)\s+(?:(?:the|a|an|left|right|l|r|distal|proximal|mid|midshaft|shaft|displaced|nondisplaced|comminuted|segmental|oblique|transverse|spiral|bimalleolar|trimalleolar|tib|tibia|tibial|fib|fibula|femur|femoral|radius|radial|ulna|ulnar|humerus|humeral|forearm|ankle|both-bone|bone)\s+){0,4}(?:fx|fractures?)\b|\bgustilo\b")
        .expect("a cue")
});
static CLOSED_NAMED: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\bclosed\s+(?:\w+\s+){0,4}?(?:fx|fractures?)\b").expect("a cue")
});
/// The Gustilo type the question gives: I, II or III (A, B, C).
static GUSTILO: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\bgustilo(?:[- ]anderson)?\s*(?:type\s*|grade\s*|class\s*)?(?P<t>iii[abc]?|3[abc]?|ii|i|1|2)\b|\b(?:type|grade)\s*(?P<u>iii[abc]?|3[abc]?|ii|i|1|2)\s+open\b")
        .expect("a cue")
});

const CLOSED_LINE: &str = "closed fracture";
const TYPE_I_OR_II: &str = "open fracture type I or II";
const TYPE_III: &str = "open fracture type IIIA, IIIB, or IIIC";

/// A fracture the question calls open is coded open, with the 7th character of its Gustilo
/// type: type III is its own character; an open fracture whose type is not given is type I or
/// II (I.C.19.c.1). A question that names a closed fracture too is left as written.
fn open_fracture_as_documented(
    icd: &Icd10Cm,
    text: &str,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    if !OPEN_NAMED.is_match(text) || CLOSED_NAMED.is_match(text) {
        return picked;
    }
    let types: Vec<bool> = GUSTILO
        .captures_iter(text)
        .filter_map(|c| c.name("t").or(c.name("u")))
        .map(|t| {
            let t = t.as_str().to_ascii_lowercase();
            t.starts_with("iii") || t.starts_with('3')
        })
        .collect();
    let type_iii = match (types.contains(&true), types.contains(&false)) {
        (true, false) => true,
        (false, _) => false,
        (true, true) => return picked,
    };
    let wanted_line = if type_iii { TYPE_III } else { TYPE_I_OR_II };
    for r in picked.iter_mut() {
        let code = compact(&r.code);
        if code.len() != 7 || !code.starts_with('S') {
            continue;
        }
        let title = icd.title(&code).unwrap_or_default();
        let Some(line) = [CLOSED_LINE, TYPE_I_OR_II, TYPE_III]
            .into_iter()
            .find(|l| title.contains(l))
        else {
            continue;
        };
        if line == wanted_line {
            continue;
        }
        // Fractures without Gustilo types (the skull's, the hand's) have one open character.
        let open = sibling_titled(icd, &code, &title.replace(line, wanted_line)).or_else(|| {
            (line == CLOSED_LINE)
                .then(|| sibling_titled(icd, &code, &title.replace(line, "open fracture")))
                .flatten()
        });
        if let Some(open) = open {
            let described = icd
                .title(&open)
                .filter(|t| t.contains(wanted_line))
                .map_or("open fracture", |_| wanted_line);
            let why = format!(
                "the question documents an {described} (I.C.19.c.1): {}",
                r.why
            );
            recode(icd, r, &open, why);
        }
    }
    picked
}

static HEALING: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(delayed (?:union|healing)|non-?union|mal-?union)\b").unwrap()
});
static OPEN_FRACTURE: LazyLock<Regex> =
    LazyLock::new(|| super::text::regex(r"(?i)\bopen (?:fx|fracture)").unwrap());

/// A kidney transplant patient's CKD is no transplant complication unless the provider says
/// so: where the question says there is none, T86.1- gives way to the stage (N18) and the
/// transplant status Z94.0 (I.C.14.a.2).
fn a_kidney_transplant_with_no_complication(
    icd: &Icd10Cm,
    text: &str,
    picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let complication = |p: &Recommendation| compact(&p.code).starts_with("T861");
    // The written T86.1- may be gone already, as a condition the question denies.
    let complication_named =
        picked.iter().any(complication) || A_KIDNEY_TRANSPLANT_COMPLICATION_CODE.is_match(text);
    if !NO_TRANSPLANT_COMPLICATION.is_match(text) || !complication_named {
        return picked;
    }
    let mut out: Vec<Recommendation> = picked.into_iter().filter(|p| !complication(p)).collect();
    let stage = CKD_STAGE.captures(text).and_then(|c| {
        c.iter()
            .skip(1)
            .flatten()
            .next()
            .map(|m| m.as_str().to_lowercase())
    });
    let ckd = stage.and_then(|s| match s.as_str() {
        "1" => Some("N18.1"),
        "2" => Some("N18.2"),
        "3" => Some("N18.30"),
        "3a" => Some("N18.31"),
        "3b" => Some("N18.32"),
        "4" => Some("N18.4"),
        "5" => Some("N18.5"),
        _ => None,
    });
    let why = "a kidney transplant patient's CKD is coded by its stage with the transplant status, not as a complication the provider does not document (I.C.14.a.2)";
    for code in ckd.into_iter().chain(["Z94.0"]) {
        let category = &compact(code)[..3];
        if !out.iter().any(|p| compact(&p.code).starts_with(category)) {
            let mut r = named(icd, code);
            r.why = why.into();
            out.push(r);
        }
    }
    out
}

static A_KIDNEY_TRANSPLANT_COMPLICATION_CODE: LazyLock<Regex> =
    LazyLock::new(|| super::text::regex(r"(?i)\bT86\.?1").expect("a code"));
static NO_TRANSPLANT_COMPLICATION: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\bno (?:transplant |graft )?(?:complications?|rejection)\b|\bwithout (?:transplant |graft )?(?:complications?|rejection)\b").unwrap()
});
static CKD_STAGE: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:ckd|chronic kidney disease),? (?:stage |st\.? )?([1-5][ab]?)\b|\bstage ([1-5][ab]?) (?:ckd|chronic kidney disease)\b").unwrap()
});

/// A malignancy excised or eradicated, with no further treatment and no evidence of it, is
/// its personal history (Z85) and not the neoplasm code: where the answer has both for one
/// site and the question says it is gone, the neoplasm code goes (I.C.2.d, I.C.2.m).
fn history_of_an_eradicated_malignancy(
    icd: &Icd10Cm,
    text: &str,
    picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    if !GONE.is_match(text) || CURRENT_TREATMENT.is_match(text) {
        return picked;
    }
    let site = |code: &str, lead: &str| -> Option<Vec<String>> {
        let title = icd.title(code)?.to_lowercase();
        let rest = title.split_once(lead)?.1.to_owned();
        let words: Vec<String> = super::text::title_terms(&rest)
            .into_iter()
            .filter(|w| !GENERIC_TITLE_WORDS.contains(&w.as_str()))
            .collect();
        (!words.is_empty()).then_some(words)
    };
    let histories: Vec<Vec<String>> = picked
        .iter()
        .filter(|p| compact(&p.code).starts_with("Z85"))
        .filter_map(|p| site(&p.code, "malignant neoplasm of "))
        .collect();
    picked
        .into_iter()
        .filter(|p| {
            let c = compact(&p.code);
            let primary = c.starts_with('C') && !("C77".."C80").contains(&&c[..3]);
            !(primary
                && site(&c, "malignant neoplasm of ").is_some_and(|words| {
                    histories
                        .iter()
                        .any(|h| h.iter().all(|w| words.contains(w)))
                }))
        })
        .collect()
}

static GONE: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:ned|no evidence of (?:disease|recurrence|malignancy|cancer|tumou?r)|no (?:current|active|further|ongoing) (?:treatment|therapy|tx)|disease[- ]free|cancer[- ]free|recurrence[- ]free)\b").unwrap()
});
static CURRENT_TREATMENT: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:currently (?:on|receiving|undergoing)|recurren(?:ce|t) (?:found|noted|confirmed|on)|new (?:lesion|metasta\w*|recurrence))\b").unwrap()
});

/// "Uncertain behavior" (D37-D44, D48) is a histologic finding: the record must say the tissue
/// was examined and could not be called benign or malignant (I.C.2). A nodule or mass seen
/// only on imaging is its finding, which the answer codes from Chapter 18: the neoplasm code
/// goes.
fn uncertain_behaviour_needs_histology(
    text: &str,
    picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let uncertain = |p: &Recommendation| {
        let c = compact(&p.code);
        c.starts_with('D') && (("D37".."D45").contains(&&c[..3]) || c.starts_with("D48"))
    };
    let finding = picked.iter().any(|p| p.code.starts_with('R'));
    if !finding || HISTOLOGY.is_match(&NO_TISSUE.replace_all(text, " ")) {
        return picked;
    }
    picked.into_iter().filter(|p| !uncertain(p)).collect()
}

/// "no bx", "biopsy not done": tissue denied is no tissue examined.
static NO_TISSUE: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:no|without|not|never|nor)\s+(?:\w+\s+){0,2}?(?:bx|biops\w*|tissue|pathology|path)\b|\b(?:bx|biopsy)\s+(?:not|deferred|declined)\b").unwrap()
});
static HISTOLOGY: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:bx|biops\w*|patholog\w*|histolog\w*|cytolog\w*|fna|resect\w*|excis\w*|path|frozen section|who grade|uncertain behaviou?r|borderline|low malignant potential)\b|\bgrade [1-4i]").unwrap()
});

/// A visit for the result of an HIV test that came back negative is HIV counseling, Z71.7,
/// not the screening encounter the specimen was drawn at (I.C.1.a.2.i).
fn a_negative_hiv_result_visit_is_counseling(
    icd: &Icd10Cm,
    text: &str,
    picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let negative =
        HIV_NEGATIVE.is_match(text) || (HIV.is_match(text) && TEST_NEGATIVE.is_match(text));
    let for_the_result = negative && RESULT_VISIT.is_match(text);
    if !for_the_result {
        return picked;
    }
    let mut out: Vec<Recommendation> = picked
        .into_iter()
        .filter(|p| compact(&p.code) != "Z114")
        .collect();
    if !out.iter().any(|p| compact(&p.code) == "Z717") {
        out.insert(
            0,
            super::focus::recommendation(
                icd,
                "Z71.7",
                "the visit is for a negative HIV test's result: HIV counseling, not the screening (I.C.1.a.2.i)".into(),
            ),
        );
    }
    out
}

/// "HIV ... negative", "negative HIV test".
static HIV_NEGATIVE: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:hiv|human immunodeficiency virus)\b[^.;]{0,80}\bnegative\b|\bnegative\b[^.;]{0,30}\bhiv\b").unwrap()
});

static HIV: LazyLock<Regex> =
    LazyLock::new(|| super::text::regex(r"(?i)\b(?:hiv|human immunodeficiency virus)\b").unwrap());

/// "the test was negative", "negative result".
static TEST_NEGATIVE: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:test|screen|result|results|serology|antibody|ab)\b (?:\w+ ){0,2}(?:was|were|is|came back|returned) negative\b|\bnegative (?:\w+ ){0,2}(?:test|screen|result|results)\b").unwrap()
});

/// The visit is for the test's result.
static RESULT_VISIT: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:(?:came|come|comes|returned|returns|back) (?:\w+ ){0,4}(?:for|to (?:get|hear|receive|review|discuss)) (?:\w+ ){0,2}results?|results? (?:visit|review|follow[- ]?up|appointment)|follow[- ]?up (?:\w+ ){0,3}(?:test )?results?|to (?:get|hear|receive|review|discuss) (?:\w+ ){0,2}results?)\b").unwrap()
});

/// C80.0 "Disseminated malignant neoplasm, unspecified" is only for advanced disease whose
/// primary and secondary sites are not known: beside a code of a known site it goes, and an
/// unknown primary is C80.1 (I.C.2.j, I.C.2.k).
fn disseminated_only_without_known_sites(
    icd: &Icd10Cm,
    picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let known_site = |c: &str| {
        c.starts_with('C') && !c.starts_with("C80") && c.get(..3).is_some_and(|k| k < "C81")
    };
    if !picked.iter().any(|p| compact(&p.code) == "C800")
        || !picked.iter().any(|p| known_site(&compact(&p.code)))
    {
        return picked;
    }
    let secondary_only = picked.iter().all(|p| {
        let c = compact(&p.code);
        !known_site(&c) || ("C77".."C80").contains(&&c[..3])
    });
    let mut out: Vec<Recommendation> = picked
        .into_iter()
        .filter(|p| compact(&p.code) != "C800")
        .collect();
    if secondary_only && !out.iter().any(|p| compact(&p.code) == "C801") {
        out.push(super::focus::recommendation(
            icd,
            "C80.1",
            "the primary site is unknown and the secondary sites are coded: C80.1, not C80.0 (I.C.2.j, I.C.2.k)".into(),
        ));
    }
    out
}

/// Breast implant associated anaplastic large cell lymphoma (C84.7A) is the lymphoma, not a
/// complication of the implant: no Chapter 19 complication code beside it, and the implant's
/// status (Z98.82) or its removal (Z98.86) follows, as C84.7A's note asks (I.C.2.s).
fn an_implant_lymphoma_is_no_implant_complication(
    icd: &Icd10Cm,
    text: &str,
    picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    if !picked.iter().any(|p| compact(&p.code) == "C847A") {
        return picked;
    }
    let complication = |c: &str| ("T80".."T89").contains(&&compact(c)[..3]);
    let mut picked: Vec<Recommendation> = picked
        .into_iter()
        .filter(|p| !complication(&p.code))
        .collect();
    let status = if IMPLANT_REMOVED.is_match(text) {
        "Z98.86"
    } else {
        "Z98.82"
    };
    if !picked.iter().any(|p| p.code.starts_with("Z98.8")) {
        let at = picked
            .iter()
            .position(|p| compact(&p.code) == "C847A")
            .map_or(picked.len(), |i| i + 1);
        picked.insert(
            at,
            super::focus::recommendation(
                icd,
                status,
                "the breast implant's status, as the note at C84.7A asks (I.C.2.s)".into(),
            ),
        );
    }
    picked
}

/// "implants were removed", "s/p explant": the implant is gone.
static IMPLANT_REMOVED: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:implants?|prosthes[ie]s)\s+(?:was|were|had been|have been|has been)\s+(?:removed|explanted|taken out)\b|\b(?:s/p|status post|after|following|since)\s+(?:\w+\s+){0,2}?(?:explant\w*|implant removal|removal of (?:the |her |his )?(?:\w+\s+)?implants?)\b").unwrap()
});

/// Gestational diabetes (O24.4-) says how it is controlled: insulin over oral drugs over diet
/// alone, and no long-term insulin or oral hypoglycemic code beside it (I.C.15.i).
fn gestational_diabetes_by_its_treatment(
    icd: &Icd10Cm,
    text: &str,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    if !picked.iter().any(|p| compact(&p.code).starts_with("O244")) {
        return picked;
    }
    let drugs: Vec<&str> = super::meds::found(text).iter().map(|f| f.code).collect();
    let control = if drugs.contains(&"Z79.4") {
        Some(('4', "insulin"))
    } else if drugs.contains(&"Z79.84") {
        Some(('5', "oral hypoglycemic drugs"))
    } else if DIET.is_match(text) {
        Some(('0', "diet"))
    } else {
        None
    };
    picked.retain(|p| p.code != "Z79.4" && p.code != "Z79.84");
    let Some((sixth, by)) = control else {
        return picked;
    };
    for p in picked.iter_mut() {
        let c = compact(&p.code);
        let right = format!("{}{sixth}", &c[..c.len().min(5)]);
        if c.starts_with("O244") && c != right && icd.is_billable(&right) {
            let why = format!(
                "instead of {}: gestational diabetes controlled by {by}, the treatment the question states (I.C.15.i)",
                p.code
            );
            recode(icd, p, &right, why);
        }
    }
    picked
}

static DIET: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    super::text::regex(r"(?i)\bdiet(?:-|\s)?(?:controlled|control|alone|only)\b|\bcontrolled (?:by|with|on) diet\b").unwrap()
});

/// A written long-term drug code (Z79) the drugs the question names do not bear out
/// (I.C.21.c.3): a drug named only as a short course or a stopped one ("5-day Z-pak",
/// "prednisone taper"), another class of the same group than the drug's (Z79.02 for
/// apixaban, an anticoagulant, Z79.01), or the residual Z79.899 written for drugs that have
/// a code of their own.
fn long_term_drugs_as_named(text: &str, picked: Vec<Recommendation>) -> Vec<Recommendation> {
    let found: Vec<&str> = super::meds::found(text).iter().map(|f| f.code).collect();
    let named = super::meds::named(text);
    let group = |c: &str| c.get(..5).map(str::to_owned);
    let unsupported = |code: &str| {
        if !code.starts_with("Z79") || found.contains(&code) {
            return false;
        }
        named.contains(&code)
            || (code != "Z79.899" && found.iter().any(|f| group(f) == group(code)))
            || (code == "Z79.899" && !found.is_empty() && RESIDUAL_FOR_DRUGS.is_match(text))
    };
    picked
        .into_iter()
        .filter(|p| !unsupported(&p.code))
        .collect()
}

/// The coma and stroke scales as the record gives them: the total score (R40.24-) only when
/// the three parts (R40.21-R40.23) are not given, no coma scale for a sedated patient or beside a
/// nontraumatic coma due to an underlying condition (R40.2A), and the NIH stroke scale (R29.7-)
/// only with an acute stroke (I.C.18.e, I.C.18.e.1, I.C.18.i).
fn scales_as_documented(text: &str, picked: Vec<Recommendation>) -> Vec<Recommendation> {
    let has = |prefixes: &[&str]| {
        picked
            .iter()
            .any(|p| prefixes.iter().any(|x| compact(&p.code).starts_with(x)))
    };
    let parts = has(&["R4021", "R4022", "R4023"]);
    let no_coma_scale = has(&["R402A"]) || super::scales::no_coma_scale(text);
    let acute_stroke = has(&["I60", "I61", "I62", "I63"]);
    picked
        .into_iter()
        .filter(|p| {
            let c = compact(&p.code);
            let coma_scale = ["R4021", "R4022", "R4023", "R4024"]
                .iter()
                .any(|x| c.starts_with(x));
            !(coma_scale && no_coma_scale
                || c.starts_with("R4024") && parts
                || c.starts_with("R297") && !acute_stroke)
        })
        .collect()
}

/// "Z79.899 for the MTX", "Z79.899 for his meds": the residual code written for drugs.
static RESIDUAL_FOR_DRUGS: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\bZ79\.?899\W+(?:\w+\W+){0,2}?(?:for|because|to cover)\b").unwrap()
});

/// A burn of unspecified degree (T20-T25, 4th character 0) where the question states one degree
/// ("2nd degree", "partial thickness"): the burn of that degree (I.C.19.d, burns are classified
/// by depth). With several degrees stated, the highest-degree rule decides per site.
fn burns_of_the_stated_degree(
    icd: &Icd10Cm,
    text: &str,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let degree_of = |word: &str| match word.to_lowercase().as_str() {
        "1st" | "first" | "superficial" => '1',
        "2nd" | "second" | "partial" => '2',
        _ => '3',
    };
    // "1st and 2nd degree burns" states two degrees.
    let degrees: Vec<char> = BURN_DEGREE
        .find_iter(text)
        .flat_map(|m| {
            DEGREE_WORD
                .find_iter(m.as_str())
                .map(|w| degree_of(w.as_str()))
        })
        .collect();
    let Some(&degree) = degrees.first() else {
        return picked;
    };
    if degrees.iter().any(|d| *d != degree) {
        return picked;
    }
    for p in picked.iter_mut() {
        let c = compact(&p.code);
        let burn = c.len() >= 4 && ("T20".."T26").contains(&&c[..3]) && c.as_bytes()[3] == b'0';
        if !burn {
            continue;
        }
        let right = format!("{}{degree}{}", &c[..3], &c[4..]);
        if icd.is_billable(&right) {
            let why = format!(
                "instead of {}: the burn's degree as the question states it (I.C.19.d)",
                p.code
            );
            recode(icd, p, &right, why);
        }
    }
    picked.dedup_by(|a, b| a.code == b.code);
    picked
}

static BURN_DEGREE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:(?:1st|first|2nd|second|3rd|third)\W*(?:and|or|&|to)?\W*)+degree\b|\b(?:superficial|partial|full)[- ]thickness\b").unwrap()
});
static DEGREE_WORD: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    super::text::regex(r"(?i)1st|first|2nd|second|3rd|third|superficial|partial|full").unwrap()
});

/// `r` reported as `code` (billable, without its dot) instead, for the reason `why`: its title
/// and Tabular evidence follow the new code.
fn recode(icd: &Icd10Cm, r: &mut Recommendation, code: &str, why: String) {
    r.why = why;
    r.title = icd.title(code).unwrap_or_default();
    r.evidence = icd.tabular_evidence(code);
    r.code = dotted(code);
}

/// S00–T34: injuries by site, burns and frostbite (Chapter 19 without its poisonings,
/// adverse effects, other external effects and complications of care).
fn is_injury(code: &str) -> bool {
    code.starts_with('S') || (code.starts_with('T') && code.get(..3).is_some_and(|k| k <= "T34"))
}

/// V, W, X and Y00–Y39: the external causes of an injury (I.C.20).
/// A written external cause of the same mechanism as the External Cause Index's line for what
/// the question describes, but one of its "other" lines: W17.89 "Other fall from one level
/// to another" for a fall from a wall, which the Index gives as W13.8 (I.A.9.a: "other" only
/// where no more specific entry exists).
fn a_catch_all_for(icd: &Icd10Cm, written: &str, indexed: &str) -> bool {
    let title = |c: &str| icd.title(c).unwrap_or_default().to_lowercase();
    let (w, i) = (title(written), title(indexed));
    // "Other fall ..." and "Fall from ...": the mechanism is the written title's next word.
    compact(written) != compact(indexed)
        && (w.starts_with("other ") || w.contains("unspecified"))
        && w.split_whitespace().nth(1) == i.split_whitespace().next()
}

fn is_external_cause(code: &str) -> bool {
    let c = compact(code);
    c.starts_with(['V', 'W', 'X']) || (c.starts_with('Y') && c.get(..3).is_some_and(|k| k <= "Y39"))
}

/// An Index ordinal the question gives as a grade or stage: "3rd degree" for "grade III".
fn graded(q: &Query, number: &str) -> bool {
    let n = number.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    ["grade", "stage"]
        .iter()
        .any(|kind| q.has(&format!("{kind}:{n}")))
}

/// A code whose title links a condition to its cause ("Anemia due to antineoplastic
/// chemotherapy") says that condition: the question must name it, not only the cause. The
/// link is the provider's to make ("due to", I.A.15), and a chemotherapy with no anemia said is
/// no anemia.
pub(super) fn condition_named(icd: &Icd10Cm, code: &str, q: &Query) -> bool {
    let title = icd.title(code).unwrap_or_default().to_lowercase();
    let Some((condition, _)) = title.split_once(" due to ") else {
        return true;
    };
    super::text::title_terms(condition)
        .iter()
        .filter(|t| !GENERIC_TITLE_WORDS.contains(&t.as_str()))
        .all(|t| q.has_like(t))
}

/// The code an Index entry the question's words lead to gives in the category of a written
/// code that leaves out what the question says ("unspecified", "without complications"):
/// Diabetes, type 2, with, polyneuropathy → E11.42 for a written E11.9. The entry must name
/// at least one subterm the question has, and give a code that is itself specific. A code
/// whose title denies what the question states (K43.9 "without obstruction" for an
/// obstructed incisional hernia) is left open the same way.
fn more_specific(
    icd: &Icd10Cm,
    index: &lookup::Book,
    search: &Index,
    paths: &[lookup::Path],
    q: &Query,
    text: &str,
    written: &str,
) -> Option<(Recommendation, Vec<String>)> {
    let w = compact(written);
    // A residual line ("Other specified sepsis", A41.89) is where the coder stopped too, where
    // the Index names the kind the question says (Sepsis, Listeria monocytogenes → A32.7; J10.1
    // "with other respiratory manifestations" for an influenza with gastroenteritis).
    let residual = residual(icd, &w);
    if w.len() < 4 || !(vague(icd, &w) || residual || denied_but_stated(icd, q, text, &w).is_some())
    {
        return None;
    }
    // Single digits are no words for the Index walk ("stage 5" reads as "stage"): an entry
    // whose numbers the question does not have is another entry.
    let numbers_in = |t: &str| -> Vec<String> {
        t.split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| w.chars().any(|c| c.is_ascii_digit()))
            .map(str::to_lowercase)
            .collect()
    };
    let said = numbers_in(text);
    // The vague written code is where the coder stopped on the way down this entry's main
    // term ("Pneumonia" J18.9 for "Pneumonia, Pseudomonas" J15.1): an entry above this one
    // gives its category, and the question says this entry's own words as the Index writes
    // them (no stem alike: "organism" is not "Pneumonia, organizing").
    let expanded = std::cell::OnceCell::new();
    let worded = std::cell::OnceCell::new();
    let worded = || worded.get_or_init(|| Worded::of(text));
    let stopped_above = |p: &lookup::Path| {
        let title = index.term(p.term).title.to_lowercase();
        let expanded = expanded.get_or_init(|| super::text::expanded(text));
        let drug_induced = title == DRUG_INDUCED_WORDS.join("-")
            && DRUG_INDUCED_WORDS
                .iter()
                .all(|w| q.has(&super::text::stem(w)));
        if !drug_induced && !title.split(',').any(|name| expanded.contains(name.trim())) {
            return false;
        }
        let mut at = index.term(p.term).parent;
        while let Some(id) = at {
            let t = index.term(id);
            let code = t.code.as_deref().map(|c| compact(c.trim_end_matches('-')));
            if code.is_some_and(|c| c.get(..3) == w.get(..3)) {
                return true;
            }
            at = t.parent;
        }
        false
    };
    // An entry for the other specified kinds ("Sepsis, specified organism NEC") needs the
    // kind named, which a word match cannot tell.
    let names_a_kind = |p: &&lookup::Path| {
        let title = &index.term(p.term).title;
        !title.contains("NEC") && !title.starts_with("specified")
    };
    // A written code that leaves only the side open has a sibling for the side the question
    // states, which the laterality reading gives; the Index's other entries are not read for it.
    let base = w.get(..6).filter(|_| w.len() == 7).unwrap_or(&w);
    let side_only = q.side.is_some_and(|side| {
        icd.says_unspecified(&w)
            && !icd
                .title(&w)
                .is_some_and(|t| t.to_lowercase().contains(side))
            && icd.billable_below(&base[..base.len() - 1]).iter().any(|b| {
                icd.title(b)
                    .is_some_and(|t| t.to_lowercase().contains(side))
            })
    });
    let (path, code) = paths
        .iter()
        .filter(|p| p.words >= 2)
        .filter(names_a_kind)
        .filter(|p| !entries::with_what_is_denied(&index.path(p.term), q))
        .filter(|p| said_of_its_main_term(index, p, worded()))
        .filter(|p| {
            index.path(p.term).iter().all(|t| {
                numbers_in(t)
                    .iter()
                    .all(|n| said.contains(n) || graded(q, n))
            })
        })
        .filter_map(|p| {
            // A partial code ("Talipes, equinovarus Q66.0-") is completed in the Tabular by
            // the side the question states, and by nothing else a word match could guess.
            let printed = index.term(p.term).code.as_deref()?;
            let given = entries::billable(icd, search, q, printed)?;
            let by_side = q.side.is_some_and(|side| {
                icd.title(&given)
                    .is_some_and(|t| t.to_lowercase().contains(side))
            });
            if !icd.is_billable(&compact(printed.trim_end_matches('-'))) && (!by_side || side_only)
            {
                return None;
            }
            (given.len() >= 3
                // A code that only goes beside the condition's (R65.2- after the sepsis) is
                // no code for it.
                && (given[..3] == w[..3] || (stopped_above(p) && given[..1] == w[..1]))
                && given != w
                && (!vague(icd, &given)
                    // "Ulcerative (chronic) pancolitis without complications" says the site
                    // "Ulcerative colitis, unspecified, without complications" leaves open.
                    || (icd.says_unspecified(&w) && !icd.says_unspecified(&given))
                    || (names_what_it_is_with(icd, &given, &w) && !LINK_DENIED.is_match(text))
                    // "Common variable immunodeficiency, unspecified" below the main term of
                    // "Immunodeficiency, unspecified" still names more of the question.
                    || (stopped_above(p) && says_more_of_the_question(icd, &given, &w, q)))
                && !drops_a_complication(icd, &w, &given))
            .then_some((p, given))
        })
        .max_by_key(|(p, given)| {
            (
                p.words,
                said_beside_its_main_term(index, p, worded()),
                given.len(),
            )
        })?;
    let words = super::text::title_terms(&index.path(path.term).join(", "));
    let why = format!(
        "instead of {written}: the question says more than \"{}\", and the Index entry it leads to gives this code",
        icd.title(&w).unwrap_or_default()
    );
    let r = index.recommend(lookup::Edition::Alphabetic, icd, path.term, &code, why);
    Some((r, words))
}

/// A disease's name by its ending: an inflammation, a degeneration, a growth, a disease of a
/// part ("osteoarthritis", "nephropathy").
static DISEASE_NAME: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(
        r"^(?:\w{3,}(?:itis|osis|oma|pathy|algia|emia|plegia|ectasia|trophy)|disorder|dysfunction|syndrome|edema)$",
    )
    .expect("a disease ending")
});

/// The Index entry of the question a code's Excludes1 note sends the condition in a newborn to,
/// where the patient is one: "neonatal jaundice (P55, P57-P59)" at R17 and "Jaundice, newborn
/// → P59.9".
fn newborn_entry<'a>(
    icd: &Icd10Cm,
    found: &'a [Entry],
    text: &str,
    code: &str,
) -> Option<&'a Entry> {
    newborn_notes(icd, text, code)
        .iter()
        .flat_map(|n| super::notes::refs(n))
        .find_map(|r| found.iter().find(|e| e.literal && r.covers(&e.code)))
}

/// A written code whose Excludes1 note sends its condition in a newborn to a range of Chapter
/// 16 ("transitory ... disorders specific to newborn (P70-P74)" for E83.51) or names it
/// otherwise: the Index entry of that range the question leads to (Hypocalcemia, neonatal →
/// P71.1), where [`in_a_newborn`] finds no code the note names for the condition itself.
fn the_newborn_entry_of_its_note(
    icd: &Icd10Cm,
    found: &[Entry],
    text: &str,
    written: &str,
) -> Option<(Recommendation, Vec<String>)> {
    let e = newborn_entry(icd, found, text, written)?;
    Some(entry_instead(
        icd,
        e,
        format!("instead of {written}: the patient is a newborn, and its Excludes1 note sends the condition in a newborn here (I.C.16.a, I.A.12.a)"),
    ))
}

/// Where the patient is a newborn, a code's Excludes1 notes that send the condition in a
/// newborn elsewhere; none for a Chapter 16 code.
fn newborn_notes(icd: &Icd10Cm, text: &str, code: &str) -> Vec<String> {
    let code = compact(code);
    if code.starts_with('P') || !super::text::a_newborn(text) {
        return Vec::new();
    }
    checks::excludes1_notes(icd, &code)
        .into_iter()
        .filter(|n| {
            let n = n.to_lowercase();
            n.contains("newborn") || n.contains("neonatal") || n.contains("perinatal")
        })
        .collect()
}

/// A word match whose title joins a prefix to a word the question says bare: "Post-term
/// newborn" (P08.21) for a "term newborn", "Non-ST elevation" for an ST elevation.
fn prefix_unsaid(icd: &Icd10Cm, code: &str, text: &str) -> bool {
    let title = icd.title(code).unwrap_or_default().to_lowercase();
    let lower = super::text::spaced_words(text);
    title
        .split_whitespace()
        .filter_map(|w| w.split_once('-'))
        .filter(|(prefix, _)| ["post", "pre", "non", "un", "anti"].contains(prefix))
        .any(|(prefix, word)| {
            let word = word.trim_matches(|c: char| !c.is_alphanumeric());
            let joined = [format!(" {prefix} {word} "), format!(" {prefix}{word} ")];
            lower.contains(&format!(" {word} ")) && !joined.iter().any(|j| lower.contains(j))
        })
}

/// A word match for an abnormal finding the question calls normal ("normal weight gain" is no
/// R63.5 Abnormal weight gain).
fn found_normal(icd: &Icd10Cm, code: &str, text: &str) -> bool {
    let title = icd.title(code).unwrap_or_default().to_lowercase();
    let Some(finding) = title.strip_prefix("abnormal ") else {
        return false;
    };
    let finding = finding.split([',', '(']).next().unwrap_or_default().trim();
    let lower = text.to_lowercase();
    lower.contains(&format!("normal {finding}")) && !lower.contains(&format!("abnormal {finding}"))
}

/// A word match whose title names a disease the question does not (M17.31 "post-traumatic
/// osteoarthritis, right knee" for post-traumatic knee pain): the words it shares are the
/// disease's circumstances, not the disease. An inclusion term that names no unsaid disease
/// ("Hand, foot and mouth disease" at B08.4) is the code's name the question uses.
fn names_an_unsaid_disease(icd: &Icd10Cm, code: &str, q: &Query) -> bool {
    let unsaid = |name: &str| {
        name.to_lowercase()
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| DISEASE_NAME.is_match(w))
            .any(|w| !q.has_like(&super::text::stem(w)))
    };
    unsaid(&icd.title(code).unwrap_or_default())
        && icd
            .node(code)
            .is_none_or(|n| n.notes.inclusion_terms.iter().all(|t| unsaid(t)))
}

/// Lines that count one thing, each for its number: weeks of gestation (Z3A), a newborn's
/// birth weight (P07.0-P07.1) and weeks (P07.2-P07.3, P08.2), BMI (Z68), blood alcohol (Y90).
const COUNTS: &[&[&str]] = &[
    &["Z3A"],
    &["P070", "P071"],
    &["P072", "P073"],
    &["P082"],
    &["Z68"],
    &["Y90"],
];

/// Two different lines of one count.
fn counts_the_same(a: &str, b: &str) -> bool {
    let (a, b) = (compact(a), compact(b));
    a != b
        && COUNTS.iter().any(|count| {
            count.iter().any(|p| a.starts_with(p)) && count.iter().any(|p| b.starts_with(p))
        })
}

/// "Hypertension on amlodipine", "hypothyroidism, on levothyroxine": a condition the text
/// names just before a drug of the Table of Drugs (or of a class row there) it is taken on.
fn on_a_drug(drugs: &lookup::Book, lower: &str, main: &str) -> bool {
    let main = main.to_lowercase();
    // Shorthand spelled out says the term in more than one form ("HTN hypertension
    // hypertensive on lisinopril"): the forms after the first are the same term.
    let stem: String = main.chars().take(6).collect();
    let a_drug = |name: &str| {
        !drugs.main_terms(name).is_empty() || super::drug_classes::class_row(drugs, name).is_some()
    };
    lower.match_indices(main.as_str()).any(|(i, m)| {
        // "amlodipine was continued for hypertension": the drug before what it is for, not
        // what it prevents ("for stroke prevention").
        let drug_before = DRUG_FOR
            .captures(super::text::window(lower, i.saturating_sub(80), i))
            .is_some_and(|c| a_drug(&c[1]))
            && !PREVENTION.is_match(&lower[i + m.len()..]);
        (i == 0 || lower[..i].ends_with(|c: char| !c.is_alphanumeric()))
            && (drug_before || {
                let mut rest = &lower[i + m.len()..];
                rest = rest.trim_start_matches(char::is_alphanumeric);
                while let Some(next) = Some(rest.trim_start()).filter(|r| r.starts_with(&stem)) {
                    rest = next.trim_start_matches(char::is_alphanumeric);
                }
                ON_A_DRUG.captures(rest).is_some_and(|c| a_drug(&c[1]))
            })
    })
}

static PREVENTION: LazyLock<Regex> =
    LazyLock::new(|| super::text::regex(r"^\w*\s+(?:prevention|prophylaxis|risk)").expect("a cue"));

static DRUG_FOR: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"\b([a-z]{4,})(?:\s+(?:was|is|were|are|continued|resumed|held|given|prescribed|taken|daily|twice|\d+\s*(?:mg|mcg)))*\s+for\s+(?:her\s+|his\s+|the\s+)?$")
        .expect("a cue")
});

static ON_A_DRUG: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"^\w*\W{1,3}(?:(?:well |now )?(?:controlled|managed|maintained|treated) )?(?:on|with) ([a-z]{4,})\b")
        .expect("a cue")
});

/// The stems of a text's words of at least `shortest` letters, in order.
fn stems_of(text: &str, shortest: usize) -> Vec<String> {
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() >= shortest)
        .map(super::text::stem)
        .collect()
}

/// A question's words as the two Index-subterm readers below compare them, read once per
/// written code: each word with its stem, and each sentence's stems.
struct Worded {
    words: Vec<(String, String)>,
    sentences: Vec<Vec<String>>,
}

impl Worded {
    fn of(text: &str) -> Self {
        let lower = text.to_lowercase();
        let words = lower
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(|w| (w.to_owned(), super::text::stem(w)))
            .collect();
        let sentences = lower
            .split(['.', ';', '?', '!', '\n'])
            .map(|s| stems_of(s, 4))
            .collect();
        Worded { words, sentences }
    }
}

/// An entry's last subterm the question writes within three words of its main term
/// ("alcoholic polyneuropathy", not "distal sensory loss" beside a polyneuropathy named later).
fn said_beside_its_main_term(index: &lookup::Book, p: &lookup::Path, worded: &Worded) -> bool {
    let path = index.path(p.term);
    let (Some(main), Some(last)) = (path.first(), path.last()) else {
        return false;
    };
    let (main, last) = (stems_of(main, 3), stems_of(last, 3));
    let words: Vec<&String> = worded
        .words
        .iter()
        .filter(|(raw, _)| raw.len() >= 3)
        .map(|(_, stem)| stem)
        .collect();
    words.iter().enumerate().any(|(i, w)| {
        main.contains(w)
            && words[i.saturating_sub(3)..(i + 4).min(words.len())]
                .iter()
                .any(|n| last.contains(n))
    })
}

/// An entry's last subterm that the question says only in another form of its word ("function"
/// for "functional") counts where a sentence also names the entry's main term: "RV size and
/// function" is no "Murmur, functional" for a murmur named two sentences before.
fn said_of_its_main_term(index: &lookup::Book, p: &lookup::Path, worded: &Worded) -> bool {
    let path = index.path(p.term);
    let (Some(main), Some(last)) = (path.first(), path.last()) else {
        return true;
    };
    if path.len() < 2 {
        return true;
    }
    let last = last.to_lowercase();
    let only_another_form = last
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.len() > 3)
        .any(|iw| {
            let st = super::text::stem(iw);
            let mut forms = worded.words.iter().filter(|(_, s)| *s == st).peekable();
            forms.peek().is_some() && !forms.any(|(raw, _)| raw == iw)
        });
    if !only_another_form {
        return true;
    }
    let (main, last) = (stems_of(main, 4), stems_of(&last, 4));
    worded
        .sentences
        .iter()
        .any(|said| main.iter().any(|t| said.contains(t)) && last.iter().all(|t| said.contains(t)))
}

/// A code for the condition a follow-up examination comes after: a malignancy beside Z08, a
/// condition the history code names beside Z09 (I.C.21.c.8: it no longer exists).
fn treated(icd: &Icd10Cm, code: &str, reason: &encounter::Reason) -> bool {
    let c = compact(code);
    if c.starts_with('Z') {
        return false;
    }
    if reason.first.code == "Z08" {
        return c.starts_with('C');
    }
    let Some(history) = &reason.history else {
        return false;
    };
    let said = super::text::title_terms(&history.title);
    super::ground::concepts(&icd.title(&c).unwrap_or_default())
        .iter()
        .any(|w| said.contains(w))
}

/// Whether a title says "with" something the question does not.
fn with_unsaid(icd: &Icd10Cm, code: &str, q: &Query) -> bool {
    super::text::title_terms(&icd.title(code).unwrap_or_default())
        .iter()
        .filter_map(|t| t.strip_prefix("with:"))
        .any(|w| !q.has(w))
}

/// Whether a word match says "unspecified" where an Index entry of its main term names a word
/// of the question its title does not have: the entry is read further than the title.
fn leaves_unspecified(icd: &Icd10Cm, code: &str, e: &Entry, q: &Query) -> bool {
    if !icd.says_unspecified(code) {
        return false;
    }
    let title = super::text::title_terms(&icd.title(code).unwrap_or_default());
    let alike = |a: &str, b: &str| a.starts_with(b) || b.starts_with(a);
    let main = super::text::title_terms(&e.main);
    let path = e.path.split(" → ").next().unwrap_or_default();
    !main.is_empty()
        && main.iter().all(|m| title.iter().any(|t| alike(t, m)))
        && super::text::title_terms(path)
            .iter()
            .filter(|w| q.has(w) && !w.starts_with("with:"))
            .any(|w| !title.iter().any(|t| alike(t, w)))
}

/// Whether a code's title says every word of the question another's says, and more.
fn says_more_of_the_question(icd: &Icd10Cm, code: &str, other: &str, q: &Query) -> bool {
    let mine = super::text::title_terms(&icd.title(code).unwrap_or_default());
    super::text::title_terms(&icd.title(other).unwrap_or_default())
        .iter()
        .filter(|t| q.has(t))
        .all(|t| mine.contains(t))
        && title_words_said(icd, code, q) > title_words_said(icd, other, q)
}

/// Whether a code's title names an entry's main term ("overload" of "Overload, iron").
fn names_the_main_term(icd: &Icd10Cm, code: &str, e: &Entry) -> bool {
    let main = super::text::title_terms(&e.main);
    let title = super::text::title_terms(&icd.title(code).unwrap_or_default());
    !main.is_empty() && main.iter().all(|m| title.contains(m))
}

/// Whether a code's title says a word the question does not and another code's title does
/// not either (its "with" aside).
fn says_unsaid(icd: &Icd10Cm, code: &str, other: &str, q: &Query) -> bool {
    let theirs = super::text::title_terms(&icd.title(other).unwrap_or_default());
    super::text::title_terms(&icd.title(code).unwrap_or_default())
        .iter()
        .filter(|t| !t.starts_with("with") && !GENERIC_TITLE_WORDS.contains(&t.as_str()))
        .any(|t| !q.has(t) && !theirs.contains(t))
}

/// How many of the question's words a code's title says (qualifiers and all).
fn title_words_said(icd: &Icd10Cm, code: &str, q: &Query) -> usize {
    title_words_in(icd, code, |w| q.has(w))
}

/// How many distinct words of `code`'s title `has` finds.
fn title_words_in(icd: &Icd10Cm, code: &str, has: impl Fn(&str) -> bool) -> usize {
    let mut words = super::text::title_terms(&icd.title(code).unwrap_or_default());
    words.sort();
    words.dedup();
    words.iter().filter(|w| has(w)).count()
}

/// The coder asks what the written codes leave out: the Index's conditions are read beside
/// them.
/// Whether one of the quoted statements says an Index entry: its words, and its last subterm
/// as the statement writes it ("cat-scratch", not the "I-cell" of a "sickle-cell disease").
fn stated_in(statements: &[(String, Vec<String>)], e: &Entry) -> bool {
    let path = e.path.split(" → ").next().unwrap_or_default();
    let words = super::text::title_terms(path);
    let last = super::text::spaced_words(path.rsplit(", ").next().unwrap_or_default());
    statements
        .iter()
        .any(|(spaced, stems)| spaced.contains(&last) && words.iter().all(|w| stems.contains(w)))
}

/// The stems of each of the provider's diagnostic statements the question gives, quoted or
/// in its own words ([`super::text::provider_statements`]).
fn documented_statements(text: &str) -> Vec<(String, Vec<String>)> {
    super::text::provider_statements(text)
        .into_iter()
        .map(|quoted| {
            let statement = super::text::expanded(quoted);
            let stems = statement
                .to_lowercase()
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(super::text::stem)
                .collect();
            (super::text::spaced_words(&statement), stems)
        })
        .collect()
}

static ASKS_FOR_MORE: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(
        r"(?i)\b(?:anything|what|codes?|something)(?:'s| is)?\s+(?:else|missing|extra)\b|\bam i missing\b|\bdid (?:i|we) miss\b|\bmissing (?:any|anything|a code|codes|something)\b|\badditional (?:codes?|dx|diagnos[ie]s)\b",
    )
    .expect("a cue")
});

/// The words of the Index's subterm for a condition a drug caused.
const DRUG_INDUCED_WORDS: [&str; 2] = ["drug", "induced"];

/// At most this many conditions are read from the Index beside the other codes.
const ENTRIES_ADDED: usize = 3;

/// Main terms that name a growth before its histology is known: beside a neoplasm the tables
/// read, they are its sites.
const GROWTH_FINDING: &[&str] = &["Lesion", "Mass", "Nodule", "Lump", "Tumor"];

/// A symptom's entry: a code of Chapter 18 or an entry under "Pain", which a definitive
/// diagnosis explains (I.B.5, I.C.6.b.1).
fn symptom(e: &Entry) -> bool {
    e.code.starts_with('R') || e.path.starts_with("Pain,") || e.path.starts_with("Ache")
}

/// Of two written codes whose notes exclude each other, the one that gives way: a pregnancy
/// supervision code to a pregnancy's own code (Z34.82 beside O09.812: Z34 is never used with
/// Chapter 15 codes, I.C.15.b.1-2), a finding to a diagnosis, and a condition the question
/// does not state (its words denied: "NOT polycythemia vera") to one it does.
/// A pregnancy test's code (Z32.0-), which words alike ("test", "result") find in any
/// question.
fn pregnancy_code(code: &str) -> bool {
    code.starts_with("Z320")
}

/// A question that names a pregnancy or its test at all.
static PREGNANCY_NAMED: LazyLock<Regex> =
    LazyLock::new(|| super::text::regex(r"(?i)pregnan|\b(?:b-?)?hcg\b|\bupt\b").unwrap());

/// The question says no tissue was examined: no biopsy, colposcopy or histology yet.
static UNCONFIRMED: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:no|without|not had an?|before any)\s+(?:\w+\s+){0,2}?(?:biops(?:y|ies)|colposcopy|histolog\w*)|\bnot (?:been )?biopsied\b|\bbiopsy (?:is )?(?:pending|not (?:yet )?done)\b").unwrap()
});

/// Whether `host`'s Excludes1 note sends the condition "NOS" to `unspecified`, a code that
/// leaves it open where `host` says more ("endocarditis NOS (I38)" at I33, "emphysema NOS
/// (J43.9)" at J98.2).
fn sends_nos_to(icd: &Icd10Cm, host: &str, unspecified: &str) -> bool {
    icd.says_unspecified(unspecified)
        && !icd.says_unspecified(host)
        && checks::excludes1_note(icd, host, unspecified).is_some_and(|note| {
            note.split(['(', ','])
                .next()
                .is_some_and(|n| n.split_whitespace().any(|w| w == "NOS"))
        })
}

fn gives_way_to(icd: &Icd10Cm, q: &Query, text: &str, written: &str, other: &str) -> bool {
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
    let stated = |c: &str| super::ground::covered(icd, c, |t| q.has(t));
    !stated(&w) && stated(&o)
}

/// The kind of a drug's code (T36-T50): its sixth character, 1-4 a poisoning by intent, 5 an
/// adverse effect, 6 underdosing.
fn drug_kind(code: &str) -> Option<u8> {
    let category = code.get(..3)?;
    (code.starts_with('T') && ("T36"..="T50").contains(&category) && code.len() >= 6)
        .then(|| code.as_bytes()[5])
}

/// A poisoning: T36–T50 with an intent (5th or 6th character 1–4), or a toxic effect
/// (T51–T65).
fn is_poisoning(code: &str) -> bool {
    drug_kind(code).is_some_and(|k| (b'1'..=b'4').contains(&k))
        || code
            .get(..3)
            .is_some_and(|c| c.starts_with('T') && ("T51"..="T65").contains(&c))
}

/// A clause that says what a poisoning did to the patient: not denied, not a history.
static NOT_A_MANIFESTATION: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:no|not|denies|denied|without|negative|h/o|history of|prior|previous|baseline|resolved)\b").unwrap()
});

/// Each symptom a poisoning causes that the question names is coded after it, each by its
/// own Index entry ("symptomatic bradycardia, somnolence" → R00.1, R40.0): the guidelines ask
/// for all manifestations of poisonings (I.C.19.e.5.b).
fn each_manifestation_of_a_poisoning(
    icd: &Icd10Cm,
    index: &lookup::Book,
    search: &Index,
    text: &str,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    // An anaphylactic reaction's swelling and wheeze are the reaction (T78), not its own
    // manifestations.
    if !picked.iter().any(|r| is_poisoning(&compact(&r.code)))
        || picked.iter().any(|r| r.code.starts_with("T78"))
    {
        return picked;
    }
    let symptom = |code: &str| {
        (code.starts_with('R')
            && code.get(..3).is_some_and(|c| c < "R70")
            && !code.starts_with("R65"))
            || code.starts_with("I95")
    };
    // A history or a relative in the clause is left out of it; the clause is read whole
    // ("nausea and vomiting", one code), then each of two symptoms said together ("vomiting
    // and diarrhea").
    let parts: Vec<String> = text
        .split(['.', ';', ',', '\n', '(', ')', ':'])
        .filter_map(entries::own_part)
        .flat_map(|c| {
            let each: Vec<String> = c.split(" and ").map(str::to_owned).collect();
            let mut whole = vec![c];
            if each.len() > 1 {
                whole.extend(each);
            }
            whole
        })
        .collect();
    for clause in &parts {
        if NOT_A_MANIFESTATION.is_match(clause) {
            continue;
        }
        let Some(entry) = entries::entry_for(icd, index, search, clause) else {
            continue;
        };
        let taken = |r: &Recommendation| compact(&r.code).get(..3) == entry.code.get(..3);
        if !symptom(&entry.code) || picked.iter().any(taken) {
            continue;
        }
        picked.push(entry.recommendation(
            icd,
            "a manifestation of the poisoning, coded after it (I.C.19.e.5.b)".into(),
        ));
    }
    picked
}

/// What the category an Excludes1 note points to has for the excluded condition.
enum Coded {
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
fn combination(
    icd: &Icd10Cm,
    search: &Index,
    q: &Query,
    host: &str,
    other: &str,
    note: &str,
) -> Option<Coded> {
    let (h, o) = (compact(host), compact(other));
    let terms_of = |c: &str| super::text::title_terms(&icd.title(c).unwrap_or_default());
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
fn said_together(icd: &Icd10Cm, a: &str, b: &str) -> Option<Recommendation> {
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
    let terms = |c: &str| super::text::title_terms(&icd.title(c).unwrap_or_default());
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
fn said_together_where_a_note_points(
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

/// A cause a clause gives for what precedes it: "anxiety disorder due to hyperthyroidism".
static CAUSED: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)([^.;:\n(]{0,60})\b(?:due to|secondary to|caused by|because of|d/t)\s+([^.;:,\n)]{1,60})").unwrap()
});

/// A mental disorder the question says is due to another condition of the answer (anxiety
/// "due to hyperthyroidism" beside E05.00) is the chapter's disorder "due to known
/// physiological condition" (F06.4, not F41.9), after the condition that causes it (the F06 and
/// F07 "code first the underlying physiological condition" notes, I.A.13).
fn a_mental_disorder_due_to_a_physiological_condition(
    icd: &Icd10Cm,
    text: &str,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let lower = text.to_lowercase();
    let terms = |c: &str| super::text::title_terms(&icd.title(c).unwrap_or_default());
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

/// A status code (I.C.21.c.3): what a patient carries or has had done, not why he came.
fn status_code(code: &str) -> bool {
    const STATUS: &[&str] = &[
        "Z14", "Z15", "Z16", "Z17", "Z18", "Z19", "Z21", "Z22", "Z66", "Z67", "Z68", "Z78", "Z79",
        "Z88", "Z89", "Z90", "Z93", "Z94", "Z95", "Z96", "Z97", "Z98", "Z99",
    ];
    compact(code)
        .get(..3)
        .is_some_and(|category| STATUS.contains(&category))
}

/// Whether a written code is a subcategory's catch-all ("unspecified", "without
/// complications") that the question may say more than.
/// A line "unspecified" in one axis that says what the condition is with ("Cannabis use,
/// unspecified with anxiety disorder" for a written "Cannabis use, unspecified,
/// uncomplicated"): more than the written line, though vague in the use.
fn names_what_it_is_with(icd: &Icd10Cm, given: &str, written: &str) -> bool {
    let title = |c: &str| icd.title(c).unwrap_or_default().to_lowercase();
    given.len() > written.len()
        && given.starts_with(&written[..3])
        && title(given).contains(" with ")
        && !title(written).contains(" with ")
}

/// The provider says two conditions are not linked, which a "with" line would link (I.A.15).
static LINK_DENIED: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\bnot (?:contributing|related|due|caused|attributable|linked)\b|\bunrelated\b|\bno (?:relation|relationship|link|connection)\b")
        .expect("a cue")
});

fn vague(icd: &Icd10Cm, code: &str) -> bool {
    icd.says_unspecified(code)
        || icd
            .title(code)
            .is_some_and(|t| t.to_lowercase().contains("without complications"))
}

/// A written code whose Excludes1 note names, word for word, what the question documents
/// ("tobacco dependence (F17.2-)" at Z72.0 Tobacco use): that condition is coded where the
/// note points (I.A.12.a), at the Index entry the question leads to there. Where the question
/// writes a code there too, the two are an Excludes1 pair, settled as one.
fn documented_elsewhere(
    icd: &Icd10Cm,
    q: &Query,
    found: &[Entry],
    text: &str,
    statuses: &[(String, Status)],
    written: &str,
) -> Option<(Recommendation, Vec<String>)> {
    let lower = text.to_lowercase();
    checks::excludes1_notes(icd, written)
        .iter()
        .find_map(|note| {
            // "cystic kidney disease (congenital)" is not the acquired one the question says.
            if note.contains("(congenital)") && q.has(&super::text::stem("acquired")) {
                return None;
            }
            let refs = super::notes::refs(note);
            let condition = documented_in(note, &lower)
                .or_else(|| main_term_of(note, &lower, found, &refs))
                .or_else(|| reworded(note, text, q, found, &refs))?;
            if statuses.iter().any(|(w, _)| refs.iter().any(|r| r.covers(w))) {
                return None;
            }
            let lead = format!("instead of {written}: the question documents {condition}, which its Excludes1 note codes elsewhere; ");
            let entry = found
                .iter()
                .filter(|e| e.literal && refs.iter().any(|r| r.covers(&e.code)))
                .max_by_key(|e| (e.words, std::cmp::Reverse(e.depth)));
            let r = match entry {
                Some(e) => from_entry(icd, e, &lead),
                None => {
                    let mut r = named(icd, &said_where_pointed(icd, q, &refs)?);
                    r.why = format!("{lead}the Tabular line there whose words the question says");
                    r
                }
            };
            Some((r, super::text::title_terms(&condition)))
        })
}

/// Influenza coded as due to an identified virus (J09, J10) where the question says no virus
/// was identified (no test, a clinical diagnosis): the same line of J11, unidentified virus
/// (I.C.10.c: coded only on the provider's statement of an identified virus).
fn virus_not_identified(
    icd: &Icd10Cm,
    text: &str,
    written: &str,
) -> Option<(Recommendation, Vec<String>)> {
    let w = compact(written);
    if !(w.starts_with("J09") || w.starts_with("J10"))
        || !NOT_IDENTIFIED.is_match(text)
        || IDENTIFIED.is_match(text)
    {
        return None;
    }
    let title = icd.title(&w)?.to_lowercase();
    let (_, manifestation) = title.split_once(" virus")?;
    let target = icd.billable_below("J11").into_iter().find(|b| {
        icd.title(b).is_some_and(|t| {
            let t = t.to_lowercase();
            t.starts_with("influenza due to unidentified influenza virus")
                && t.split_once(" virus")
                    .is_some_and(|(_, m)| m == manifestation)
        })
    })?;
    let mut r = named(icd, &target);
    r.why = format!(
        "instead of {written}: the question says no influenza virus was identified, and only a provider's statement of an identified virus is coded to J09-J10 (I.C.10.c)"
    );
    Some((r, Vec::new()))
}

static NOT_IDENTIFIED: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\bno (?:flu |influenza |rapid |viral )?(?:test|testing|swab|pcr)\b|\bnot (?:been )?(?:tested|swabbed)\b|\b(?:test|testing|swab|pcr)\w* (?:was |were )?not (?:done|performed|sent|obtained)\b|\bclinical(?:ly)? diagnos\w*|\bwithout (?:testing|a test)\b|\buntested\b|\bunidentified\b|\bnot typed\b").unwrap()
});
static IDENTIFIED: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:tested |swab |pcr |rapid test |antigen )positive\b|\bpositive (?:for |rapid |pcr |swab |test )*(?:flu|influenza)\b|\b(?:flu|influenza) (?:a|b)\b[^.;]{0,20}\b(?:positive|confirmed|detected)\b|\bh[13]n[12]\b").unwrap()
});

/// A written code for an unspecified staphylococcus or streptococcus where the question names
/// the species: the Index's "specified NEC" line (B95.8 → B95.7 for Staphylococcus
/// saprophyticus, B95.5 → B95.4 for Streptococcus anginosus; the sepsis and pneumonia lines the
/// same way). Species with lines of their own (aureus, pyogenes, agalactiae, pneumoniae) are
/// left to their entries.
fn species_named(
    icd: &Icd10Cm,
    text: &str,
    written: &str,
) -> Option<(Recommendation, Vec<String>)> {
    const SPECIFIED: &[(&str, bool, &str)] = &[
        ("B958", true, "B957"),
        ("A412", true, "A411"),
        ("J1520", true, "J1529"),
        ("B955", false, "B954"),
        ("A409", false, "A408"),
    ];
    let w = compact(written);
    let &(_, staph, target) = SPECIFIED.iter().find(|(from, ..)| *from == w)?;
    let genus = if staph {
        &*STAPH_SPECIES
    } else {
        &*STREP_SPECIES
    };
    let species = genus
        .captures_iter(text)
        .filter_map(|c| c.get(1).or_else(|| c.get(2)))
        .map(|m| m.as_str().to_lowercase())
        .find(|s| !OWN_LINES.contains(&s.as_str()))?;
    let mut r = named(icd, target);
    r.why = format!(
        "instead of {written}: the question names the species ({species}), which the Index codes as \"specified NEC\", not as the unspecified organism"
    );
    Some((r, Vec::new()))
}

/// A species after its genus ("Staph saprophyticus", "Staphylococcus epidermidis"), or
/// coagulase-negative staphylococci.
static STAPH_SPECIES: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(
        r"(?i)\bstaph(?:ylococcus|ylococci|\.)?\s+([a-z]{5,})\b|\b(coagulase[- ]negative|CoNS)\b",
    )
    .unwrap()
});
static STREP_SPECIES: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\bstrep(?:tococcus|tococci|\.)?\s+([a-z]{5,})\b|\b(viridans)\b")
        .unwrap()
});
/// Words after a genus that name no other species: those with lines of their own, and the
/// words of a sentence.
const OWN_LINES: &[&str] = &[
    "aureus",
    "pyogenes",
    "agalactiae",
    "pneumoniae",
    "group",
    "infection",
    "infections",
    "species",
    "sepsis",
    "bacteremia",
    "pneumonia",
    "cellulitis",
    "throat",
    "positive",
    "negative",
    "isolated",
    "growing",
    "which",
    "there",
    "coded",
    "other",
    "unspecified",
];

/// A note that names its condition in one word ("cystitis (N30.-)" at N39.0, among the
/// "urinary tract infection of specified site") where that word is the main term of an Index
/// entry the question leads to, in the category the note points to: one word says enough when
/// the Index agrees.
fn main_term_of(
    note: &str,
    lower_text: &str,
    found: &[Entry],
    refs: &[super::notes::Ref],
) -> Option<String> {
    let condition = condition_of(note);
    if condition.contains(' ') || note.contains("NOS") {
        return None;
    }
    let agreed = found.iter().any(|e| {
        e.literal && e.main.to_lowercase() == condition && refs.iter().any(|r| r.covers(&e.code))
    });
    // "seizure NOS" is what the code above the note is not; "cystitis vs UTI" weighs two.
    let weighed = || {
        [" vs", " vs.", " versus", " or"]
            .iter()
            .any(|c| lower_text.contains(&format!("{condition}{c} ")))
            || ["vs ", "vs. ", "versus ", "or "]
                .iter()
                .any(|c| lower_text.contains(&format!("{c}{condition}")))
    };
    (agreed && !weighed()).then_some(condition)
}

/// A note's condition the question says in other order ("post-hysterectomy vaginal vault
/// prolapse" for "prolapse of vaginal vault after hysterectomy (N99.3)" at N81): every word of
/// it, at least three, where an Index entry the question leads to gives the code the note
/// points to.
fn reworded(
    note: &str,
    text: &str,
    q: &Query,
    found: &[Entry],
    refs: &[super::notes::Ref],
) -> Option<String> {
    // "blood loss anemia NOS" is what the line above the note is not: an "acute" one is it.
    if note.contains("NOS") {
        return None;
    }
    let condition = condition_of(note);
    let words: Vec<String> = super::text::title_terms(&condition)
        .into_iter()
        .filter(|w| !LINKS.contains(&w.as_str()))
        .collect();
    let agreed = found
        .iter()
        .any(|e| e.literal && e.depth >= 1 && refs.iter().any(|r| r.covers(&e.code)));
    let naming = words
        .iter()
        .filter(|w| !super::ground::is_qualifier(w))
        .count();
    (naming >= 3
        && agreed
        && words.iter().all(|w| q.has(w))
        && in_one_sentence(text, &words)
        && close_together(text, &words))
    .then_some(condition)
}

/// Whether the text writes `words` (terms as titles' are) within a phrase a few words longer
/// than they are: "mediastinal" in "lymphoma of the cervical, mediastinal and para-aortic
/// nodes" is the nodes' site, not the "mediastinal large B-cell lymphoma" a note names.
fn close_together(text: &str, words: &[String]) -> bool {
    let tokens: Vec<String> = super::text::expanded(text)
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(super::text::stem)
        .collect();
    let slack = words.len() + 3;
    (0..tokens.len()).any(|start| {
        let window = &tokens[start..(start + slack).min(tokens.len())];
        words.iter().all(|w| window.contains(w))
    })
}

/// Whether one sentence of the text says every one of `words` (terms as titles' are): "acute
/// blood loss anemia" and a pasted title's "chronic" are two sentences.
fn in_one_sentence(text: &str, words: &[String]) -> bool {
    text.split(['.', ';', '\n', ':'])
        .map(Query::new)
        .any(|clause| words.iter().all(|w| clause.has(w)))
}

/// Whether one sentence of the text writes every word of a title itself, shorthand unread
/// ("vascular dementia, now moderate severity, with agitation" writes F01.B11's title; "alcohol
/// use disorder" does not write "alcohol dependence").
fn written_out(text: &str, title: &str) -> bool {
    let stems = |t: &str| -> Vec<String> {
        t.to_lowercase()
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.len() > 2 && !["with", "without", "and", "the", "for"].contains(w))
            .map(super::text::stem)
            .collect()
    };
    let wanted = stems(title);
    text.split(['.', ';', '\n', ':'])
        .map(stems)
        .any(|clause| wanted.iter().all(|w| clause.contains(w)))
}

/// Words that link a note's condition to its cause or time, which a question says with a
/// prefix or its word order ("post-hysterectomy").
const LINKS: &[&str] = &["after", "follow", "due", "dure", "from", "with"];

/// Where the Index has no entry for it (the FY2025 rows have gaps: "Deafness, ototoxic"), the
/// one code below a note's single-code references whose title's every word the question
/// says: H91.03 Ototoxic hearing loss, bilateral, for H90's "ototoxic hearing loss (H91.0-)".
fn said_where_pointed(icd: &Icd10Cm, q: &Query, refs: &[super::notes::Ref]) -> Option<String> {
    let said: Vec<(usize, String)> = refs
        .iter()
        .filter_map(|r| match r {
            super::notes::Ref::Code(code) => Some(icd.billable_below(code)),
            super::notes::Ref::Range(..) => None,
        })
        .flatten()
        .filter_map(|code| {
            // Its side too: "right ear" is not said by "bilateral".
            let terms: Vec<String> = super::text::title_terms(&icd.title(&code)?)
                .into_iter()
                .filter(|t| !GENERIC_TITLE_WORDS.contains(&t.as_str()))
                .collect();
            (!terms.is_empty() && terms.iter().all(|t| q.has(t))).then_some((terms.len(), code))
        })
        .collect();
    // A line that leaves open what another line says ("unspecified ear") is not said better.
    let specified: Vec<(usize, String)> = said
        .iter()
        .filter(|(_, c)| !icd.says_unspecified(c))
        .cloned()
        .collect();
    let said = if specified.is_empty() {
        said
    } else {
        specified
    };
    let most = said.iter().map(|(n, _)| *n).max()?;
    let mut best = said.into_iter().filter(|(n, _)| *n == most);
    let (_, code) = best.next()?;
    best.next().is_none().then_some(code)
}

/// A code whose title says "with" what the question denies ("ketoacidosis with coma" for "DKA,
/// no coma"): its sibling "without" it is the code (I.B.2: the code the record supports).
fn nothing_the_question_denies(
    icd: &Icd10Cm,
    text: &str,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let lower = text.to_lowercase();
    for r in picked.iter_mut() {
        let c = compact(&r.code);
        let Some(title) = icd.title(&c).map(|t| t.to_lowercase()) else {
            continue;
        };
        let Some((_, rest)) = title.rsplit_once(" with ") else {
            continue;
        };
        let what = rest.split([',', '(']).next().unwrap_or_default().trim();
        let denied = ["without ", "w/o ", "no ", "denies "]
            .iter()
            .any(|n| lower.contains(&format!("{n}{what}")));
        if what.is_empty() || what.contains(' ') || !denied {
            continue;
        }
        let wanted = title.replacen(&format!(" with {what}"), &format!(" without {what}"), 1);
        let parent = &c[..c.len() - 1];
        let sibling = icd
            .billable_below(parent)
            .into_iter()
            .find(|b| icd.title(b).is_some_and(|t| t.to_lowercase() == wanted));
        if let Some(sibling) = sibling {
            let why = format!(
                "instead of {}: the question says no {what} ({})",
                r.code, r.why
            );
            recode(icd, r, &sibling, why);
        }
    }
    picked.dedup_by(|a, b| a.code == b.code);
    picked
}

/// What a code's title says is absent ("without obstruction or gangrene") where the question
/// states it, or one of its alternatives ("obstruction"): that phrase and its words.
fn denied_but_stated(
    icd: &Icd10Cm,
    q: &Query,
    text: &str,
    code: &str,
) -> Option<(String, Vec<String>)> {
    let title = icd.title(code)?.to_lowercase();
    let lower = text.to_lowercase();
    // "severe without psychotic features" in the question says what the title says.
    let denied_too = |stated: &str| {
        ["without ", "w/o ", "no ", "not "]
            .iter()
            .any(|n| lower.contains(&format!("{n}{stated}")))
    };
    let (_, phrase) = title.split_once(" without ")?;
    let phrase = phrase.split(',').next().unwrap_or_default();
    // "without tophus (tophi)": the question may deny the other form ("without tophi").
    let (phrase, other_form) = match phrase.split_once('(') {
        Some((p, other)) => (p.trim(), other.split(')').next().unwrap_or_default().trim()),
        None => (phrase.trim(), ""),
    };
    if !other_form.is_empty() && denied_too(other_form) {
        return None;
    }
    std::iter::once(phrase)
        .chain(phrase.split(" or "))
        .map(str::trim)
        .find_map(|stated| {
            let words = super::text::title_terms(stated);
            (!words.is_empty() && words.iter().all(|t| q.has(t)) && !denied_too(stated))
                .then(|| (stated.to_owned(), words))
        })
}

static CONGENITAL: LazyLock<Regex> =
    LazyLock::new(|| super::text::regex(r"(?i)\bcongenital\w*").expect("a cue"));

/// Words before a cue, in its sentence, that say the record does not: "nobody documents the
/// deviation as congenital", "nothing about congenital or communicating".
static NOT_IN_THE_RECORD: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:nobody|no one|nothing about|no mention|not (?:documented|stated|called)|never (?:documented|stated|called)|doesn't (?:say|document)|does not (?:say|document))\b")
        .expect("a cue")
});

/// Whether the text says what `cue` matches as the record's own word: neither denied just
/// before it nor in a sentence that says nobody wrote it.
fn said_by_the_record(cue: &Regex, text: &str) -> bool {
    cue.find_iter(text).any(|m| {
        let before = &text[..m.start()];
        let sentence = before
            .rsplit(['.', ';', '?', '!'])
            .next()
            .unwrap_or_default();
        !DENIED_JUST_BEFORE.is_match(before) && !NOT_IN_THE_RECORD.is_match(sentence)
    })
}

/// A written code the Index gives for a qualified form of a condition ("Achalasia, congenital
/// → Q39.5", "Insufficiency, tricuspid, nonrheumatic → I36.1") where the question names the
/// condition and never says the qualifier: the main term's own line is the code (Achalasia →
/// K22.0; tricuspid insufficiency of no stated cause is I07.1).
fn qualifier_unsaid(
    icd: &Icd10Cm,
    index: &lookup::Book,
    q: &Query,
    paths: &[lookup::Path],
    found: &[Entry],
    text: &str,
    written: &str,
) -> Option<(Recommendation, Vec<String>)> {
    let w = compact(written);
    let spaced = entries::spaced(text);
    let title = icd.title(&w).unwrap_or_default().to_lowercase();
    QUALIFIERS.iter().find_map(|(qualifier, cue)| {
        // Only a qualified line is read against the line above it: its title says the
        // qualifier, or it is a congenital malformation (Q00-Q99).
        let qualified_line =
            title.contains(qualifier) || (*qualifier == "congenital" && w.starts_with('Q'));
        if !qualified_line || said_by_the_record(cue, &without_quoted_title(text, &w)) {
            return None;
        }
        // The entry's own line or its parent's has the qualifier's subterm giving the written
        // code (Achalasia, congenital; Insufficiency, tricuspid, nonrheumatic).
        let qualified_beside = |t: lookup::TermId| {
            std::iter::once(t)
                .chain(index.term(t).parent)
                .filter_map(|at| index.subterm(at, qualifier))
                .filter_map(|c| index.code_at(c))
                .any(|c| w.starts_with(&c) || c.starts_with(&w))
        };
        // The path's own main term is written in the question (Achalasia), whichever path the
        // entry kept; "Regurgitation, tricuspid - see Insufficiency, tricuspid" is read where
        // it sends the coder.
        let qualified: Vec<String> = paths
            .iter()
            .filter(|p| entries::literal(index.path(p.term)[0], &spaced))
            .filter_map(|p| match index.term(p.term).see.as_deref() {
                Some(see) => entries::follow(index, q, see),
                None => Some(p.term),
            })
            .filter(|&at| qualified_beside(at))
            .filter_map(|at| index.code_at(at))
            .collect();
        let e = found.iter().find(|e| {
            !e.code.starts_with('Q')
                && e.code != w
                && qualified.iter().any(|c| e.code.starts_with(c.as_str()))
        });
        let why = format!("instead of {written}: that is the Index's {qualifier} line, and the question does not say {qualifier}");
        match e {
            Some(e) => Some(entry_instead(icd, e, why)),
            None if *qualifier == "congenital" => {
                line_above_the_congenital_one(icd, index, paths, &spaced, &w)
                    .map(|e| entry_instead(icd, &e, why))
            }
            None => None,
        }
    })
}

/// Qualifiers whose Index subterm gives another code than the line above it, with the words
/// that say them: a written code of that subterm needs the word said (I.A.18: the main term's
/// line is the default).
static QUALIFIERS: LazyLock<[(&str, &LazyLock<Regex>); 2]> =
    LazyLock::new(|| [("congenital", &CONGENITAL), ("nonrheumatic", &NONRHEUMATIC)]);

static NONRHEUMATIC: LazyLock<Regex> =
    LazyLock::new(|| super::text::regex(r"(?i)\bnon-?rheumatic\b").expect("a cue"));

/// The question's words reached the congenital line itself (the title the coder quotes says
/// "congenital"): the line above it is the condition's own (Hydrocele, congenital → P83.5;
/// Hydrocele → N43.3).
fn line_above_the_congenital_one(
    icd: &Icd10Cm,
    index: &lookup::Book,
    paths: &[lookup::Path],
    spaced: &str,
    w: &str,
) -> Option<Entry> {
    let p = paths.iter().find(|p| {
        index.term(p.term).title.eq_ignore_ascii_case("congenital")
            && index.code_at(p.term).is_some_and(|c| w.starts_with(&c))
            && entries::literal(index.path(p.term)[0], spaced)
    })?;
    let above = index.term(p.term).parent?;
    let code = compact(index.code_at(above)?.trim_end_matches('-'));
    if !icd.is_billable(&code) || code.starts_with(['P', 'Q']) {
        return None;
    }
    let path = index.path(above);
    Some(Entry {
        path: format!("{} → {}", path.join(", "), dotted(&code)),
        main: path[0].to_owned(),
        code,
        words: 0,
        depth: path.len() - 1,
        literal: true,
    })
}

/// A written code for the juvenile form of a condition the question documents in an adult
/// (M92.211 juvenile osteochondrosis of the lunate [Kienböck] for a 34-year-old): the Index's
/// "adult" subterm of the same condition is the code (Kienböck's disease, adult → M93.1).
fn juvenile_for_an_adult(
    icd: &Icd10Cm,
    found: &[Entry],
    text: &str,
    written: &str,
) -> Option<(Recommendation, Vec<String>)> {
    let title = icd.title(written)?.to_lowercase();
    if !title.contains("juvenile") || !super::text::adult(text) {
        return None;
    }
    let own: Vec<String> = super::text::title_terms(&title)
        .into_iter()
        .filter(|t| !GENERIC_TITLE_WORDS.contains(&t.as_str()))
        .collect();
    let e = found.iter().find(|e| {
        let path = e.path.to_lowercase();
        path.contains(", adult")
            && !path.contains("juvenile")
            && super::text::title_terms(&path)
                .iter()
                .any(|t| own.contains(t))
    })?;
    Some(entry_instead(
        icd,
        e,
        format!(
            "instead of {written}: the patient is an adult, and the Index's adult line is the code"
        ),
    ))
}

/// A written "other specified" code (B08.8, "poxvirus NEC") for a condition the question
/// names by a main term of the Index whose own code sits in the same block (Mpox → B04): an
/// NEC code is for what the classification has no code for (I.A.9.a), and the Index gives one.
fn named_where_the_coder_wrote_other(
    icd: &Icd10Cm,
    found: &[Entry],
    statuses: &[(String, Status)],
    written: &str,
) -> Option<(Recommendation, Vec<String>)> {
    let w = compact(written);
    if !residual(icd, &w) {
        return None;
    }
    let block = icd.section_of(&w)?;
    let written_category = |c: &str| statuses.iter().any(|(s, _)| compact(s)[..3] == c[..3]);
    let e = found.iter().find(|e| {
        e.literal
            && e.depth == 0
            && e.code[..3] != w[..3]
            && !written_category(&e.code)
            && icd.section_of(&e.code) == Some(block)
            && !residual(icd, &e.code)
            && !icd.says_unspecified(&e.code)
    })?;
    Some(entry_instead(
        icd,
        e,
        format!("instead of {written}: an \"other specified\" code is for a condition with no code of its own (I.A.9.a), and the Index gives this one"),
    ))
}

/// A type the question denies: "isn't a type 1", "not type II".
static DENIED_TYPE: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:not|isn't|no|never)\s+(?:an?\s+)?type\s*([0-9]|iv|iii|ii|i)\b")
        .unwrap()
});

/// A written code for one type of a condition where the question names another (Q07.00, whose
/// category includes "Arnold-Chiari syndrome, type II", for a "Chiari I malformation"): the
/// Index line of the type named is the code (Chiari's, malformation, type I → G93.5).
/// A written line of an unspecified syndrome the question does not name ("Unspecified
/// nephritic syndrome with minor glomerular abnormality", N05.0, from "Change, minimal")
/// where a line of its block says the same lesion with the syndrome it names ("Nephrotic
/// syndrome with minor glomerular abnormality", N04.0): that line (I.B.1, I.B.2).
fn the_syndrome_said(
    icd: &Icd10Cm,
    q: &Query,
    candidates: &[Candidate],
    written: &str,
) -> Option<(Recommendation, Vec<String>)> {
    let w = compact(written);
    if !icd.says_unspecified(&w) {
        return None;
    }
    let split = |c: &str| -> Option<(String, String)> {
        let title = icd.title(c)?.to_lowercase();
        let (head, tail) = title.split_once(" with ")?;
        Some((head.replace("unspecified", ""), tail.to_owned()))
    };
    let (head, tail) = split(&w)?;
    let said = |h: &str| {
        let terms = super::text::title_terms(h);
        !terms.is_empty() && terms.iter().all(|t| q.has(t))
    };
    if said(&head) {
        return None;
    }
    let block = icd.section_of(&w)?;
    let c = candidates.iter().find(|c| {
        let code = compact(&c.suggestion.code);
        c.origin == Origin::Words
            && code.get(..3) != w.get(..3)
            && icd.section_of(&code) == Some(block)
            && split(&code).is_some_and(|(h, t)| t == tail && said(&h))
    })?;
    Some(line_instead(
        icd,
        &c.suggestion.code,
        format!("instead of {written}: the question names the syndrome this line says, with the same lesion"),
    ))
}

/// A written line whose words the provider's quoted diagnosis does not say, where an Index
/// entry the statement does say gives another line of the same category ("Parsonage-Turner
/// syndrome (neuralgic amyotrophy)": G54.5 in place of G54.0 Brachial plexus disorders).
fn the_documented_line_of_its_category(
    icd: &Icd10Cm,
    found: &[Entry],
    statements: &[(String, Vec<String>)],
    written: &str,
) -> Option<(Recommendation, Vec<String>)> {
    let w = compact(written);
    // The statement names nothing of the written line ("Brachial plexus disorders" for
    // "Parsonage-Turner syndrome (neuralgic amyotrophy)").
    if !statements_name_nothing_of(icd, statements, &w) {
        return None;
    }
    let e = found.iter().find(|e| {
        e.literal
            && e.depth >= 1
            && e.code != w
            && e.code.get(..3) == w.get(..3)
            && !icd.says_unspecified(&e.code)
            && stated_in(statements, e)
    })?;
    Some(entry_instead(
        icd,
        e,
        format!("instead of {written}: the provider's quoted diagnosis is this line's"),
    ))
}

/// A written code whose words the provider's diagnosis does not say, for a condition of the
/// same chapter or a symptom of it, gives way to the diagnosis the provider states
/// ("Provider diagnosis: giardiasis" for a carried-over A09; "the assessment is vertigo of
/// central origin" for R42): the code is the documented diagnosis, as the Index gives it
/// (I.A.19, I.B.4-5). Only one for one: a statement beside several such conditions, or one
/// the written codes name already, replaces none, and a symptom only where no such condition
/// is written.
/// Whether the provider's statements exist and name no word of a code's title but the generic
/// ones ("other", "disorder").
fn statements_name_nothing_of(
    icd: &Icd10Cm,
    statements: &[(String, Vec<String>)],
    code: &str,
) -> bool {
    let Some(title) = icd.title(code) else {
        return false;
    };
    let own: Vec<String> = super::text::title_terms(&title)
        .into_iter()
        .filter(|t| !GENERIC_TITLE_WORDS.contains(&t.as_str()))
        .collect();
    !statements.is_empty()
        && !statements
            .iter()
            .any(|(_, stems)| own.iter().any(|t| stems.contains(t)))
}

fn the_documented_diagnosis_in_its_place(
    icd: &Icd10Cm,
    (index, search): (&lookup::Book, &Index),
    statements: &[(String, Vec<String>)],
    statuses: &[(String, Status)],
    written: &str,
) -> Option<(Recommendation, Vec<String>)> {
    let unstated = |c: &str| {
        !c.starts_with(['S', 'T', 'V', 'W', 'X', 'Y', 'Z'])
            && statements_name_nothing_of(icd, statements, c)
    };
    let w = compact(written);
    if !unstated(&w) {
        return None;
    }
    let chapter = |c: &str| {
        icd.node_index(c)
            .and_then(|i| icd.lineage(i).1.last().copied())
    };
    let competes = |c: &str, e: &Entry| c.starts_with('R') || chapter(&e.code) == chapter(c);
    let written: Vec<String> = statuses.iter().map(|(c, _)| compact(c)).collect();
    let e = statements
        .iter()
        .filter_map(|(spaced, _)| {
            // The entry reads the statement, not one word of it ("Hyperemesis → O21.0" for a
            // "cannabinoid hyperemesis syndrome").
            let e = entries::entry_for(icd, index, search, spaced)?;
            (2 * e.words >= super::text::query_terms(spaced).len()).then_some(e)
        })
        .find(|e| {
            e.code != w
                && !e.code.starts_with('Z')
                && !icd.says_unspecified(&e.code)
                && !residual(icd, &e.code)
                && competes(&w, e)
                && !written
                    .iter()
                    .any(|c| *c != w && c.get(..3) == e.code.get(..3))
                && written
                    .iter()
                    .filter(|c| !c.starts_with('R') && unstated(c) && competes(c, e))
                    .count()
                    == usize::from(!w.starts_with('R'))
        })?;
    Some(entry_instead(
        icd,
        &e,
        format!(
            "instead of {}: the provider's diagnosis is this condition",
            dotted(&w)
        ),
    ))
}

fn another_type_named(
    icd: &Icd10Cm,
    found: &[Entry],
    (q, text): (&Query, &str),
    written: &str,
) -> Option<(Recommendation, Vec<String>)> {
    let w = compact(written);
    let own: Vec<String> = (3..=w.len())
        .filter_map(|n| icd.node(&w[..n]))
        .flat_map(|n| std::iter::once(&n.title).chain(&n.notes.inclusion_terms))
        .flat_map(|t| super::text::title_terms(t))
        .collect();
    let types = |terms: &[String]| -> Vec<String> {
        terms
            .iter()
            .filter(|t| t.starts_with("type:"))
            .cloned()
            .collect()
    };
    let written_types = types(&own);
    if written_types.is_empty() || written_types.iter().any(|t| q.has(t)) {
        return None;
    }
    // "it clearly isn't a type 1 NSTEMI" names no type.
    let denied: Vec<String> = DENIED_TYPE
        .captures_iter(text)
        .map(|c| format!("type:{}", super::text::counted(&c[1])))
        .collect();
    let e = found.iter().find(|e| {
        let path = super::text::title_terms(&e.path);
        e.literal
            && types(&path).iter().any(|t| q.has(t) && !denied.contains(t))
            && path.iter().any(|t| {
                !t.contains(':') && !GENERIC_TITLE_WORDS.contains(&t.as_str()) && own.contains(t)
            })
    })?;
    Some(entry_instead(
        icd,
        e,
        format!("instead of {written}: that is another type than the one the question names"),
    ))
}

/// A written code whose title says "without" what the question states (N40.0 "without lower
/// urinary tract symptoms" for "BPH w/ LUTS"): its sibling "with" it is the code.
fn contradicted(
    icd: &Icd10Cm,
    q: &Query,
    text: &str,
    written: &str,
) -> Option<(Recommendation, Vec<String>)> {
    let w = compact(written);
    let (phrase, words) = denied_but_stated(icd, q, text, &w)?;
    let with = format!(" with {phrase}");
    let parent = &w[..w.len().saturating_sub(1).max(3)];
    let sibling = icd.billable_below(parent).into_iter().find(|b| {
        *b != w
            && icd
                .title(b)
                .is_some_and(|t| t.to_lowercase().contains(&with))
    })?;
    let why = format!(
        "instead of {written}: the question states {phrase}, which {written} says is absent"
    );
    let mut r = named(icd, &sibling);
    r.why = why;
    Some((r, words))
}

/// The visits after active treatment that the 7th character D is for (I.C.19.a): a wound
/// check, a suture removal, a cast change, a routine follow-up of a healing injury.
static AFTER_ACTIVE_TREATMENT: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:wound check|suture removal|staple removal|cast change|subsequent encounter|routine (?:follow[- ]?up|healing))\b").unwrap()
});

/// A written injury or external cause code for the initial encounter where the question's
/// visit comes after active treatment (S71.132A for a wound check → S71.132D, I.C.19.a).
fn encounter_stated(
    icd: &Icd10Cm,
    text: &str,
    written: &str,
) -> Option<(Recommendation, Vec<String>)> {
    let w = compact(written);
    if w.len() != 7 || !w.ends_with('A') || !AFTER_ACTIVE_TREATMENT.is_match(text) {
        return None;
    }
    let subsequent = format!("{}D", &w[..6]);
    if !icd.is_billable(&subsequent) {
        return None;
    }
    Some(line_instead(
        icd,
        &subsequent,
        format!("instead of {written}: the visit comes after active treatment, 7th character D (I.C.19.a)"),
    ))
}

/// An Index entry's code reported in place of a written code, with the words of its path.
fn entry_instead(icd: &Icd10Cm, e: &Entry, why: String) -> (Recommendation, Vec<String>) {
    (
        e.recommendation(icd, why),
        super::text::title_terms(&e.path),
    )
}

/// `code` reported in place of a written code, with the words of its title.
fn line_instead(icd: &Icd10Cm, code: &str, why: String) -> (Recommendation, Vec<String>) {
    let mut r = named(icd, code);
    r.why = why;
    let terms = super::text::title_terms(&r.title);
    (r, terms)
}

/// The question says the condition is acquired where the written code's title says congenital
/// (D74.0 Congenital methemoglobinemia for "acquired methemoglobinemia due to benzocaine"): the
/// category's line whose title or inclusion terms say acquired (D74.8).
static ACQUIRED: LazyLock<Regex> =
    LazyLock::new(|| super::text::regex(r"(?i)\bacquired\b").expect("a cue"));

fn acquired_not_congenital(
    icd: &Icd10Cm,
    text: &str,
    written: &str,
) -> Option<(Recommendation, Vec<String>)> {
    let w = compact(written);
    let title = icd.title(&w)?.to_lowercase();
    if !title.contains("congenital")
        || !ACQUIRED.is_match(text)
        || text.to_lowercase().contains("congenital")
    {
        return None;
    }
    let says_acquired = |code: &str| {
        icd.title(code)
            .into_iter()
            .chain(
                icd.node(code)
                    .map(|n| n.notes.inclusion_terms.clone())
                    .unwrap_or_default(),
            )
            .any(|t| t.to_lowercase().contains("acquired"))
    };
    let acquired = icd
        .billable_below(w.get(..3)?)
        .into_iter()
        .find(|c| *c != w && says_acquired(c))?;
    Some(line_instead(
        icd,
        &acquired,
        format!("instead of {written}: the question says acquired, and {written} is for the congenital form"),
    ))
}

/// The question says the condition is congenital where the written code's title says acquired
/// (M21.6X1 "Other acquired deformities of right foot" for a congenital metatarsus adductus):
/// the Index's congenital entry the question leads to, in Chapter 17 (I.C.17).
fn congenital_not_acquired(
    icd: &Icd10Cm,
    found: &[Entry],
    text: &str,
    written: &str,
) -> Option<(Recommendation, Vec<String>)> {
    let w = compact(written);
    let title = icd.title(&w)?.to_lowercase();
    if !title.contains("acquired") || !CONGENITAL.is_match(text) || ACQUIRED.is_match(text) {
        return None;
    }
    let e = found
        .iter()
        .filter(|e| e.literal && e.code.starts_with('Q') && e.words >= 2)
        .max_by_key(|e| e.words)?;
    Some(entry_instead(
        icd,
        e,
        format!("instead of {written}: the question says congenital, and {written} is for an acquired form"),
    ))
}

/// A written code for the other side than the one the question names (C44.212 "right ear"
/// for a lesion of the left helix): its line for the named side, which need not be the next
/// character (C44.219 is the left ear, C44.211 the unspecified one).
fn other_side(icd: &Icd10Cm, text: &str, written: &str) -> Option<(Recommendation, Vec<String>)> {
    let named_side = super::text::side(text)?;
    let opposite = match named_side {
        "right" => "left",
        "left" => "right",
        _ => return None,
    };
    let w = compact(written);
    let title = icd.title(&w)?.to_lowercase();
    let words: Vec<&str> = title.split(|c: char| !c.is_alphanumeric()).collect();
    if !words.contains(&opposite) || words.contains(&named_side) || w.len() < 5 {
        return None;
    }
    let swapped: Vec<&str> = words
        .iter()
        .map(|x| if *x == opposite { named_side } else { x })
        .collect();
    let sibling = icd
        .billable_below(&w[..w.len() - 1])
        .into_iter()
        .find(|b| {
            icd.title(b).is_some_and(|t| {
                let t = t.to_lowercase();
                t.split(|c: char| !c.is_alphanumeric()).collect::<Vec<_>>() == swapped
            })
        })?;
    Some(line_instead(
        icd,
        &sibling,
        format!("instead of {written}: the question names the {named_side} side and {written} is for the {opposite} (I.B.13)"),
    ))
}

/// A written code for an ulcer of "unspecified site" beside the written code that states the
/// ulcer's site, which its note asks for (I83.029 beside L97.322, non-pressure chronic ulcer
/// of left ankle → I83.023, "with ulcer of ankle"): the site is documented, so it is coded in
/// both (I.B.2).
fn site_of_its_partner(
    icd: &Icd10Cm,
    statuses: &[(String, Status)],
    written: &str,
) -> Option<(Recommendation, Vec<String>)> {
    let w = compact(written);
    let title = icd.title(&w)?.to_lowercase();
    if !title.ends_with("unspecified site") || w.len() < 5 {
        return None;
    }
    let sites: Vec<String> = statuses
        .iter()
        .filter(|(o, s)| *s == Status::Billable && compact(o) != w)
        .filter_map(|(o, _)| {
            let t = icd.title(&compact(o))?.to_lowercase();
            let (_, after) = t.split_once(" of ")?;
            let site = after.split([',']).next()?.split(" with").next()?;
            let site = site
                .trim_start_matches("right ")
                .trim_start_matches("left ")
                .trim_start_matches("unspecified ");
            (!site.is_empty() && !site.contains("unspecified")).then(|| site.to_owned())
        })
        .collect();
    let sibling = icd
        .billable_below(&w[..w.len() - 1])
        .into_iter()
        .filter(|b| b.len() == w.len() && *b != w)
        .find(|b| {
            let t = icd.title(b).unwrap_or_default().to_lowercase();
            let ulcer_of = t.rsplit_once(" of ").map_or("", |(_, s)| s);
            sites.iter().any(|site| ulcer_of.starts_with(site.as_str()))
        })?;
    Some(line_instead(
        icd,
        &sibling,
        format!("instead of {written}: the code written beside it documents the ulcer's site, so the site is coded here too (I.B.2)"),
    ))
}

/// A written code whose stage, type, class or grade the question does not give, where it gives
/// another of the same kind: "CKD, moderate (stage 3)" is N18.30 whatever the eGFR suggests
/// (I.C.14.a.1; the stage is the provider's, I.A.19), not a written N18.32 "stage 3b".
fn counted_as_documented(
    icd: &Icd10Cm,
    q: &Query,
    written: &str,
) -> Option<(Recommendation, Vec<String>)> {
    let w = compact(written);
    let counted = |code: &str| -> Vec<String> {
        super::text::title_terms(&icd.title(code).unwrap_or_default())
            .into_iter()
            .filter(|t| t.contains(':') && !t.starts_with("not:") && !t.starts_with("with"))
            .collect()
    };
    let own = counted(&w);
    if own.is_empty() || own.iter().all(|t| q.has(t)) {
        return None;
    }
    let kinds = |terms: &[String]| -> Vec<String> {
        let mut k: Vec<String> = terms
            .iter()
            .filter_map(|t| t.split_once(':').map(|(kind, _)| kind.to_owned()))
            .collect();
        k.sort();
        k
    };
    let documented: Vec<String> = icd
        .billable_below(w.get(..3)?)
        .into_iter()
        .filter(|b| b.len() == w.len() && *b != w)
        .filter(|b| {
            let theirs = counted(b);
            kinds(&theirs) == kinds(&own) && theirs.iter().all(|t| q.has(t))
        })
        .collect();
    let [code] = documented.as_slice() else {
        return None;
    };
    let mut r = named(icd, code);
    r.why = format!(
        "instead of {written}: the question documents what {} says, and not {}",
        dotted(code),
        own.join(", ")
    );
    Some((r, counted(code)))
}

/// The most lines of a category whose titles and inclusion terms are read for a written code.
const INCLUSIONS_READ: usize = 120;

/// A written code whose category has a line with an inclusion term the question writes word
/// for word ("alcohol use disorder, mild, in early remission" at F10.11, for a written F10.21
/// whose inclusion terms say moderate or severe; I.A.11, I.C.5.b.1).
fn inclusion_stated(
    icd: &Icd10Cm,
    text: &str,
    written: &str,
) -> Option<(Recommendation, Vec<String>)> {
    let w = compact(written);
    let words = |t: &str| -> String {
        let joined = t
            .to_lowercase()
            .split(|c: char| !c.is_alphanumeric())
            .filter(|x| !x.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        format!(" {joined} ")
    };
    let said = words(text);
    let vocabulary: HashSet<&str> = said.split_whitespace().collect();
    // The most words of a term the question writes ("alcohol use disorder, mild" is said by
    // "alcohol use disorder, mild, in early remission" too). A term with a word the question
    // lacks is not looked for in it.
    let stated = |code: &str| -> usize {
        icd.node(code).map_or(0, |n| {
            std::iter::once(&n.title)
                .chain(&n.notes.inclusion_terms)
                .map(|t| words(t))
                .filter(|t| t.split_whitespace().all(|x| vocabulary.contains(x)))
                .filter(|t| said.contains(t.as_str()))
                .map(|t| t.split_whitespace().count())
                .filter(|&n| n >= 3)
                .max()
                .unwrap_or(0)
        })
    };
    if stated(&w) > 0 {
        return None;
    }
    // A large category (the injuries' hundreds of lines) is read by its Index entries, not
    // line by line here.
    let lines = icd.billable_below(w.get(..3)?);
    if lines.len() > INCLUSIONS_READ {
        return None;
    }
    let found: Vec<(String, usize)> = lines
        .into_iter()
        .filter(|b| *b != w)
        .map(|b| {
            let n = stated(&b);
            (b, n)
        })
        .filter(|(_, n)| *n > 0)
        .collect();
    let most = found.iter().map(|(_, n)| *n).max()?;
    let best: Vec<&String> = found
        .iter()
        .filter(|(_, n)| *n == most)
        .map(|(b, _)| b)
        .collect();
    let [code] = best.as_slice() else {
        return None;
    };
    // A written code whose own title the question says in its words is documented too
    // ("now moderate severity, with agitation" beside an earlier "mild, with agitation").
    if written_out(text, &icd.title(&w)?) {
        return None;
    }
    let mut r = named(icd, code);
    r.why = format!(
        "instead of {written}: the question writes an inclusion term of {} word for word (I.A.11)",
        dotted(code)
    );
    Some((
        r,
        super::text::title_terms(&icd.title(code).unwrap_or_default()),
    ))
}

/// A written code whose category has a code of the same depth that differs from it only in
/// what the question states and leaves out what it does not (F10.20 "uncomplicated" for "in
/// early remission" → F10.21; G43.009 "not intractable" for a refractory migraine → G43.019;
/// L97.229 "unspecified severity" for "fat layer exposed" → L97.222): the coder picked the
/// wrong line of the right category.
fn sibling_stated(
    icd: &Icd10Cm,
    q: &Query,
    text: &str,
    written: &str,
) -> Option<(Recommendation, Vec<String>)> {
    let w = compact(written);
    // A 7th character is the encounter's, read elsewhere from the text.
    if !(4..=6).contains(&w.len()) {
        return None;
    }
    // Read only for a "not" line, which few categories have.
    let expanded = std::cell::OnceCell::new();
    let terms = |code: &str| -> Vec<String> {
        let mut t: Vec<String> = super::text::title_terms(&icd.title(code).unwrap_or_default())
            .into_iter()
            .filter(|t| !matches!(t.as_str(), "with" | "without"))
            .collect();
        t.sort();
        t.dedup();
        t
    };
    // "not intractable" is said only in those words; the stem alone is the opposite. A
    // question's denied words are left out of its terms, so "without status migrainosus" is
    // said where the question has no "status".
    let said = |t: &str| match t.split_once(':') {
        Some(("not", word)) => expanded
            .get_or_init(|| super::text::expanded(text))
            .contains(&format!("not {word}")),
        Some(("with", word)) => q.has(word),
        Some(("without", word)) => !q.has(word),
        _ => q.has(t),
    };
    let left_open = |t: &str| {
        let word = t.split_once(':').map_or(t, |(_, w)| w);
        t.starts_with("not:") || LEFT_OPEN.iter().any(|w| super::text::stem(w) == word)
    };
    let own = terms(&w);
    let title = icd.title(&w)?.to_lowercase();
    let stated: Vec<(String, usize)> = icd
        .billable_below(&w[..3])
        .into_iter()
        .filter(|b| b.len() == w.len() && *b != w)
        .filter_map(|b| {
            let other = icd.title(&b)?.to_lowercase();
            // Denials and leftovers are the vague codes' business, not a better line.
            if ["without", "unspecified", "other", " nec", "not "]
                .iter()
                .any(|x| other.contains(x) && !title.contains(x))
            {
                return None;
            }
            let theirs = terms(&b);
            let gained: Vec<&String> = theirs.iter().filter(|t| !own.contains(t)).collect();
            // "with dysplasia, unspecified" → "with low grade dysplasia" still says dysplasia
            // with it: a "with" that moved to the next word is not lost.
            // Nor is a word the other's longer word says ("calcification" in
            // "microcalcification").
            let moved = |t: &String| {
                t.strip_prefix("with:")
                    .is_some_and(|word| theirs.iter().any(|u| u == word))
                    || (t.len() >= 5
                        && !t.contains(':')
                        && theirs
                            .iter()
                            .any(|u| u.len() > t.len() && u.ends_with(t.as_str())))
            };
            let lost: Vec<&String> = own
                .iter()
                .filter(|t| !theirs.contains(t) && !moved(t))
                .collect();
            let denied_wrongly = lost.iter().any(|t| {
                t.strip_prefix("not:")
                    .is_some_and(|word| q.has(word) && !said(t))
            });
            // What the written line says beyond the other must be only its vagueness or a
            // denial: "lower respiratory infection" is said by "acute bronchitis" without
            // its words.
            // A line that adds only what the question states ("recurrent") and loses nothing
            // is the written line completed.
            // The side, a complication's absence and a remission are read by their own
            // rules, from where the question says them.
            let an_axis = |t: &&String| {
                ["right", "left", "bilater", "uncompl", "remiss", "type"]
                    .iter()
                    .any(|a| t.starts_with(a))
            };
            let only_vague = if lost.is_empty() {
                (!gained.is_empty() && !gained.iter().any(an_axis))
                    || (icd.says_unspecified(&w)
                        && own.iter().any(|t| !theirs.contains(t) && moved(t)))
            } else {
                lost.iter().all(|t| left_open(t))
            };
            ((!gained.is_empty() || denied_wrongly)
                && only_vague
                && gained.iter().all(|t| said(t))
                && !lost.iter().any(|t| said(t)))
            .then_some((b, gained.len()))
        })
        .collect();
    let most = stated.iter().map(|(_, n)| *n).max()?;
    let mut best = stated.iter().filter(|(_, n)| *n == most);
    let (code, _) = best.next()?;
    if best.next().is_some() {
        return None;
    }
    // Its side is the one the question names ("stable keratoconus OU").
    let code = &super::entries::of_the_side_said(icd, q, code).unwrap_or_else(|| code.clone());
    let mut r = named(icd, code);
    r.why = format!(
        "instead of {written}: the question states what {} says and {written} does not",
        dotted(code)
    );
    Some((r, terms(code)))
}

/// A written neoplasm code reached through a main term's "see also Neoplasm" where a subterm
/// of that main term the question names gives a code of its own: "see also" sends the coder
/// elsewhere only when the main term's subterms do not fit (I.A.16). Neuroma, Morton's →
/// G57.6-, not Neoplasm, nerve, benign (D36.13).
fn subterm_before_see_also(
    icd: &Icd10Cm,
    index: &lookup::Book,
    found: &[Entry],
    written: &str,
) -> Option<(Recommendation, Vec<String>)> {
    let w = compact(written);
    if !tables::neoplasm_code(&w) {
        return None;
    }
    let e = found
        .iter()
        .filter(|e| e.literal && e.depth >= 1 && !tables::neoplasm_code(&e.code))
        .filter(|e| tables::main_term_to_table(index, &e.main))
        .max_by_key(|e| e.words)?;
    let why = format!(
        "instead of {written}: a subterm of \"{}\" names what the question says, so its \"see also Neoplasm\" is not followed (I.A.16)",
        e.main
    );
    Some(entry_instead(icd, e, why))
}

/// A written code that names what the question does not say ("with diabetic polyneuropathy"
/// for a diabetic amyotrophy, "acute" for an atrophic vaginitis), where an Index entry the
/// question's words lead to gives another code that names more of it, in the written code's
/// category or under a main term its title names, and says nothing the question does not
/// (I.B.1: the code is the one the Index leads to, verified in the Tabular).
fn index_names_otherwise(
    icd: &Icd10Cm,
    q: &Query,
    found: &[Entry],
    statuses: &[(String, Status)],
    text: &str,
    written: &str,
) -> Option<(Recommendation, Vec<String>)> {
    let w = compact(written);
    let own_title = icd.title(&w)?.to_lowercase();
    let meaningful = |title: &str| -> Vec<String> {
        super::text::title_terms(title)
            .into_iter()
            .filter(|t| !GENERIC_TITLE_WORDS.contains(&t.as_str()) && !t.contains(':'))
            .collect()
    };
    // The side is read by its own rules, from where the question says it ("L forearm"): it
    // is no word the written code says beyond the entry's.
    let sided = |t: &String| {
        ["right", "left", "bilater"]
            .iter()
            .any(|s| t.starts_with(s))
    };
    let own: Vec<String> = meaningful(&own_title)
        .into_iter()
        .filter(|t| !sided(t))
        .collect();
    let side_of = |code: &str| -> Vec<String> {
        meaningful(&icd.title(code).unwrap_or_default())
            .into_iter()
            .filter(|t| sided(t))
            .collect()
    };
    let written_side = side_of(&w);
    // The title the coder quotes beside the written code ("N76.0 acute vaginitis", "H81.21
    // (vestibular neuronitis, right)", "F10.20 - Alcohol dependence, uncomplicated") is no
    // word of the question.
    let mut lower = text.to_lowercase();
    for form in [dotted(&w).to_lowercase(), w.to_lowercase()] {
        for dash in [" - ", " – ", ": ", " = "] {
            lower = lower.replace(&format!("{form}{dash}{own_title}"), " ");
        }
    }
    let lower = without_quoted_title(&lower, &w);
    let terms = super::text::query_terms(&lower);
    let said = title_words_in(icd, &w, |t| terms.iter().any(|x| x == t));
    // A word's start anywhere in the text: "ureter" is said by "ureteral", "sacral" by
    // "sacrum"; only what the question has no trace of is unsaid.
    let said_loosely = |t: &str| {
        let plain = super::text::unaccented(t);
        terms.iter().any(|x| x == t || super::suggest::alike(x, t))
            || lower.contains(plain.get(..4).unwrap_or(&plain))
    };
    // Another code the coder wrote is no replacement: the question asks about both.
    let written_too = |code: &str| statuses.iter().any(|(o, _)| compact(o) == code);
    // A code written alone beside the provider's diagnosis is the coder's reading of it; one
    // of several may be for something else the question tells.
    let alone = statuses
        .iter()
        .filter(|(_, s)| !matches!(s, Status::Invalid | Status::Icd9 { .. } | Status::Family))
        .count()
        == 1;
    // A status, a history or an external cause is no reading of a diagnosis.
    let a_diagnosis = !w.starts_with(['Z', 'V', 'W', 'X', 'Y']);
    let diagnoses = if alone && a_diagnosis {
        provider_diagnoses(text)
    } else {
        Vec::new()
    };
    let diagnosis_of = |e: &Entry| {
        diagnoses
            .iter()
            .find(|(spaced, _)| entries::literal(&e.main, spaced))
            .map(|(_, said)| said.as_str())
    };
    // What the written code says and the entry's does not is all unsaid ("polyneuropathy"),
    // and what the entry's says beyond it is all said ("amyotrophy").
    let names_it_instead = |e: &&Entry| {
        let theirs: Vec<String> = meaningful(&icd.title(&e.code).unwrap_or_default())
            .into_iter()
            .filter(|t| !sided(t))
            .collect();
        let only_own: Vec<&String> = own.iter().filter(|t| !theirs.contains(t)).collect();
        // The entry's last subterm, said by the question, names a word of its title another
        // way ("Eruption, drug, fixed" gives "Localized skin eruption").
        let path = e.path.split('→').next().unwrap_or_default();
        let subterm = super::text::title_terms(path.rsplit(',').next().unwrap_or_default());
        let worded_otherwise = !subterm.is_empty()
            && subterm
                .iter()
                .all(|t| q.has(t) && !theirs.contains(t) && !own.contains(t));
        let unsaid = theirs
            .iter()
            .filter(|t| !own.contains(t) && !q.has(t))
            .count();
        // The provider's diagnosis, where it gives the entry, is what the written code is
        // measured against: "urine" in "urine culture" does not say "urinary tract infection".
        let across = e.code.get(..3) != w.get(..3);
        let unsaid_own = match diagnosis_of(e).filter(|_| across) {
            Some(d) => {
                let terms = super::text::query_terms(d);
                only_own.iter().all(|t| !terms.contains(t))
            }
            None => only_own.iter().all(|t| !said_loosely(t)),
        };
        !only_own.is_empty() && unsaid_own && (unsaid == 0 || (unsaid == 1 && worded_otherwise))
    };
    let e = found
        .iter()
        .filter(|e| e.literal && e.code != w && !icd.says_unspecified(&e.code))
        .filter(|e| !written_too(&e.code))
        .filter(|e| {
            e.code.get(..3) == w.get(..3)
                || (e.code.get(..1) == w.get(..1) && own_title.contains(&e.main.to_lowercase()))
                || (!written_side.is_empty() && same_section(icd, &e.code, &w))
                || diagnosis_of(e).is_some()
        })
        .filter(|e| e.words > said || title_words_said(icd, &e.code, q) > said)
        // A sided code gives way only within its category, to the line of the same side.
        .filter(|e| {
            written_side.is_empty()
                || (same_section(icd, &e.code, &w) && side_of(&e.code) == written_side)
        })
        .filter(names_it_instead)
        .max_by_key(|e| e.words)?;
    let why = format!(
        "instead of {written}: the question does not say all that \"{}\" names, and the Index entry its words lead to gives this code (I.B.1)",
        icd.title(&w).unwrap_or_default()
    );
    Some(entry_instead(icd, e, why))
}

/// Each of the provider's diagnostic statements ([`super::text::provider_statements`]),
/// spaced as the Index's names are matched, and as written: the code is the one the Index gives
/// for what the provider wrote (I.A.19), wherever in the classification it is.
fn provider_diagnoses(text: &str) -> Vec<(String, String)> {
    super::text::provider_statements(text)
        .into_iter()
        .map(|s| (entries::spaced(s), s.to_owned()))
        .collect()
}

fn same_section(icd: &Icd10Cm, a: &str, b: &str) -> bool {
    icd.section_of(a).is_some() && icd.section_of(a) == icd.section_of(b)
}

/// The text in lower case without what follows each mention of `code` to the end of its
/// clause or, when it opens a parenthesis, to its close: the title a coder quotes beside the
/// code they chose ("H81.21 (vestibular neuronitis, right)").
fn without_quoted_title(text: &str, code: &str) -> String {
    let mut out = text.to_lowercase();
    for written in [dotted(code).to_lowercase(), code.to_lowercase()] {
        while let Some(at) = out.find(&written) {
            let end = quoted_title_end(&out, at + written.len());
            out.replace_range(at..end, " ");
        }
    }
    out
}

/// Where the words after a written code end: "D26.0, other benign neoplasm of cervix" (the
/// title after a comma or a dash), "C44.520 (SCC of anal skin)".
fn quoted_title_end(lower: &str, after: usize) -> usize {
    let rest = &lower[after..];
    let lead = rest.len() - rest.trim_start_matches([',', ' ', '-', ':', '=']).len();
    let (after, rest) = (after + lead, &rest[lead..]);
    if rest.trim_start().starts_with('(') {
        rest.find(')').map_or(lower.len(), |i| after + i + 1)
    } else {
        rest.find(['.', ',', ';', '?', '(', ')', '\n'])
            .map_or(lower.len(), |i| after + i)
    }
}

/// A title whose only vagueness is the side ("Vitreous degeneration, unspecified eye"): the
/// side the question names completes it, not another line the Index refers to.
fn open_only_on_its_side(icd: &Icd10Cm, code: &str) -> bool {
    icd.title(code).is_some_and(|t| {
        let t = t.to_lowercase();
        t.matches("unspecified").count() == 1 && UNSPECIFIED_SIDE.is_match(&t)
    })
}

static UNSPECIFIED_SIDE: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"\bunspecified (?:eye|ear|side|eyelid|arm|leg|hand|foot|limb|upper limb|lower limb|knee|hip|shoulder|elbow|wrist|ankle|kidney|ureter|lung|breast|ovary|testis)\b").unwrap()
});

/// A joint condition the question calls recurrent or nontraumatic.
static RECURRENT_NOT_INJURY: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:recurrent|recurring|habitual|non-?traumatic)\b").unwrap()
});

/// A written injury code (Chapter 19) for a condition the question calls recurrent or
/// nontraumatic, where the Index entry its words lead to says so in Chapter 13 (Dislocation,
/// patella, recurrent → M22.0-): only a current, acute injury is Chapter 19 (I.C.13.b).
fn recurrent_not_an_injury(
    icd: &Icd10Cm,
    found: &[Entry],
    text: &str,
    written: &str,
) -> Option<(Recommendation, Vec<String>)> {
    if !written.starts_with('S') || !RECURRENT_NOT_INJURY.is_match(text) {
        return None;
    }
    let e = found
        .iter()
        .filter(|e| e.literal && e.code.starts_with('M'))
        .filter(|e| {
            let path = e.path.to_lowercase();
            path.contains("recurrent") || path.contains("nontraumatic")
        })
        .max_by_key(|e| e.words)?;
    let why = format!(
        "instead of {written}: the question calls it recurrent or nontraumatic; only a current, acute injury is coded to Chapter 19 (I.C.13.b)"
    );
    Some(entry_instead(icd, e, why))
}

/// A written code whose Excludes1 note sends its condition in a pregnancy to one Chapter 15
/// code ("carrier of streptococcus group B (GBS) complicating pregnancy, childbirth and the
/// puerperium (O99.82-)" at Z22.33), for a pregnant patient: that code, for the episode
/// (I.C.15.a.1, I.A.12.a).
fn complicating_the_pregnancy(
    icd: &Icd10Cm,
    text: &str,
    statuses: &[(String, Status)],
    written: &str,
) -> Option<(Recommendation, Vec<String>)> {
    let w = compact(written);
    let codes: Vec<String> = statuses.iter().map(|(c, _)| c.clone()).collect();
    let pregnancy = obstetric::pregnant(text)
        || codes
            .iter()
            .any(|c| c.starts_with('O') || c.starts_with("Z3A") || c.starts_with("Z37"));
    if w.starts_with('O') || !pregnancy {
        return None;
    }
    let note = checks::excludes1_notes(icd, &w)
        .into_iter()
        .find(|n| n.to_lowercase().contains("complicating pregnancy"))?;
    let refs = super::notes::refs(&note);
    let [super::notes::Ref::Code(pointed)] = refs.as_slice() else {
        return None;
    };
    let code = obstetric::for_this_episode(icd, text, &codes, pointed)?;
    let mut r = named(icd, &code);
    r.why = format!(
        "instead of {written}: its Excludes1 note sends the condition in a pregnancy to {} (I.C.15.a.1, I.A.12.a)",
        dotted(pointed)
    );
    let words = super::text::title_terms(&r.title);
    Some((r, words))
}

/// A written code whose Excludes1 note sends its condition in a newborn to Chapter 16
/// ("necrotizing enterocolitis of newborn (P77.-)" at K55.3, "neonatal infective mastitis
/// (P39.0)" at N61), for a patient in the first 28 days of life: that code, completed by the
/// question's words (I.C.16: conditions that have their origin in the perinatal period).
fn in_a_newborn(
    icd: &Icd10Cm,
    search: &Index,
    q: &Query,
    text: &str,
    written: &str,
) -> Option<(Recommendation, Vec<String>)> {
    let w = compact(written);
    // The note names the written condition ("mastitis" at N61.0), not another of its category.
    let concepts = super::ground::concepts(&icd.title(&w).unwrap_or_default());
    let (pointed, code) = newborn_notes(icd, text, &w).into_iter().find_map(|n| {
        let of_this_condition = super::text::title_terms(&n.to_lowercase())
            .iter()
            .any(|t| concepts.contains(t));
        if !of_this_condition {
            return None;
        }
        let refs = super::notes::refs(&n);
        let [super::notes::Ref::Code(pointed)] = refs.as_slice() else {
            return None;
        };
        let code = entries::billable(icd, search, q, pointed)?;
        code.starts_with('P').then(|| (pointed.clone(), code))
    })?;
    let mut r = named(icd, &code);
    r.why = format!(
        "instead of {written}: the patient is a newborn, and its Excludes1 note sends the condition in a newborn to {} (I.C.16.a, I.A.12.a)",
        dotted(&pointed)
    );
    let words = super::text::title_terms(&r.title);
    Some((r, words))
}

/// The code a "see" reference of the Index gives in the category of a vague written code:
/// Diabetes, poorly controlled - see Diabetes, by type, with hyperglycemia → E11.65 for a
/// written E11.9 (I.A.16).
fn referred(
    icd: &Icd10Cm,
    found: &[Entry],
    written: &str,
) -> Option<(Recommendation, Vec<String>)> {
    let w = compact(written);
    if w.len() < 4 || !vague(icd, &w) {
        return None;
    }
    // A code open only on its side takes the side, in its own line.
    let side_only = open_only_on_its_side(icd, &w);
    let same_line = |code: &str| code.get(..w.len() - 1) == w.get(..w.len() - 1);
    // A main term of one word that a "see" sends to a subterm ("Bronchopneumonia - see
    // Pneumonia, broncho") says as much as two words, where the written title lacks it.
    let own_title = icd.title(&w)?.to_lowercase();
    let says_enough =
        |e: &Entry| e.words >= 2 || (e.words == 1 && !own_title.contains(&e.main.to_lowercase()));
    // A code left open on the same axis as the written one still says more (J18.0
    // "Bronchopneumonia, unspecified organism" for J18.9 "Pneumonia, unspecified organism").
    let open_axis = |t: &str| {
        t.rsplit_once(", unspecified ")
            .map(|(_, axis)| axis.to_owned())
    };
    let open_alike = |code: &str| {
        let axis = icd
            .title(code)
            .map(|t| t.to_lowercase())
            .and_then(|t| open_axis(&t));
        axis.is_some() && axis == open_axis(&own_title)
    };
    let e = found
        .iter()
        .filter(|e| e.literal && e.path.contains(" - see ") && says_enough(e))
        .filter(|e| {
            e.code[..3] == w[..3] && e.code != w && (!vague(icd, &e.code) || open_alike(&e.code))
        })
        .filter(|e| !side_only || same_line(&e.code))
        .max_by_key(|e| e.words)?;
    let r = Recommendation {
        system: CodeSystem::Icd10cm,
        title: icd.title(&e.code).unwrap_or_default(),
        why: format!(
            "instead of {written}: the question says more than \"{}\", and the Index entry it leads to refers to this code (I.A.16)",
            icd.title(&w).unwrap_or_default()
        ),
        evidence: format!("Index (FY2025): {}; {}", e.path, icd.tabular_evidence(&e.code)),
        code: dotted(&e.code),
        from: None,
    };
    Some((r, super::text::title_terms(&e.path)))
}

/// An injury written for an unspecified body region (T14.-) where the question documents the
/// site: the Index entry its words lead to gives the injury by site (I.C.19.b, I.B.18), with
/// the written code's 7th character (T14.8XXA → S91.331A for "puncture of the R plantar foot").
fn site_documented(
    icd: &Icd10Cm,
    q: &Query,
    found: &[Entry],
    written: &str,
) -> Option<(Recommendation, Vec<String>)> {
    let w = compact(written);
    if !w.starts_with("T14") {
        return None;
    }
    let seventh = w.get(6..7).unwrap_or("A");
    let e = found
        .iter()
        .filter(|e| {
            e.literal && e.words >= 2 && e.code.starts_with('S') && e.code.ends_with(seventh)
        })
        .max_by_key(|e| (e.words, e.depth))?;
    let code = q
        .side
        .and_then(|side| sided_line(icd, &e.code, side))
        .unwrap_or_else(|| e.code.clone());
    let r = Recommendation {
        system: CodeSystem::Icd10cm,
        title: icd.title(&code).unwrap_or_default(),
        why: format!(
            "instead of {written}: the question documents the injury's site, and an injury is coded by site, not as an unspecified body region (I.C.19.b)"
        ),
        evidence: format!("Index (FY2025): {}; {}", e.path, icd.tabular_evidence(&code)),
        code: dotted(&code),
        from: None,
    };
    Some((r, super::text::title_terms(&e.path)))
}

/// A unilateral hearing loss written "with unrestricted hearing on the contralateral side"
/// beside a written hearing loss of the other ear: each ear's loss is the line "with
/// restricted hearing on the contralateral side" of its own type and side (H90.A-).
fn restricted_on_the_other_side(
    icd: &Icd10Cm,
    statuses: &[(String, Status)],
    written: &str,
) -> Option<(Recommendation, Vec<String>)> {
    const UNRESTRICTED: &str = "with unrestricted hearing on the contralateral side";
    let plain = |t: &str| t.to_lowercase().replace(',', "");
    let w = compact(written);
    let title = plain(&icd.title(&w)?);
    if !title.contains(UNRESTRICTED) {
        return None;
    }
    let side_of = |t: &str| {
        ["right ear", "left ear"]
            .into_iter()
            .find(|s| t.contains(s))
    };
    let own_side = side_of(&title)?;
    let other_ear_lost = statuses.iter().any(|(o, s)| {
        *s == Status::Billable
            && icd.title(o).is_some_and(|t| {
                let t = plain(&t);
                t.contains("hearing loss") && side_of(&t).is_some_and(|s| s != own_side)
            })
    });
    if !other_ear_lost {
        return None;
    }
    let wanted = title.replace("unrestricted", "restricted");
    let code = icd
        .billable_below(&w[..3])
        .into_iter()
        .find(|b| icd.title(b).is_some_and(|t| plain(&t) == wanted))?;
    Some(line_instead(
        icd,
        &code,
        format!("instead of {written}: the other ear has a hearing loss of its own, so the hearing on the contralateral side is restricted"),
    ))
}

/// A condition written at its residual site line ("Cellulitis of other sites", L03.818) where
/// the Index entry of the condition and the site the question documents gives a line of its
/// own, in another chapter too (Cellulitis, scrotum → N49.2): the Index's line (I.B.1,
/// I.B.2: the site the record documents).
fn residual_site_documented(
    icd: &Icd10Cm,
    found: &[Entry],
    written: &str,
) -> Option<(Recommendation, Vec<String>)> {
    let w = compact(written);
    let title = icd.title(&w)?.to_lowercase();
    if !RESIDUAL_SITE.is_match(&title) {
        return None;
    }
    let e = found
        .iter()
        .filter(|e| {
            e.literal
                && e.words >= 2
                && e.depth >= 1
                && e.code != w
                && !icd.says_unspecified(&e.code)
                && title.contains(&e.main.to_lowercase())
        })
        .max_by_key(|e| (e.words, e.depth))?;
    let why = format!(
        "instead of {written}: the Index entry of the condition at the site the question documents gives a line of its own (I.B.1)"
    );
    Some(entry_instead(icd, e, why))
}

static RESIDUAL_SITE: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"\b(?:of|at) (?:other|other specified|unspecified) sites?\b").unwrap()
});

/// The line of `code`'s subcategory for the side the question names, same 7th character
/// (S91.339A, unspecified foot → S91.331A for the right).
fn sided_line(icd: &Icd10Cm, code: &str, side: &str) -> Option<String> {
    if !icd.says_unspecified(code) && !icd.title(code)?.to_lowercase().contains("unspecified") {
        return None;
    }
    let parent = &code[..code.len().min(7) - 2];
    icd.billable_below(parent).into_iter().find(|b| {
        b.len() == code.len()
            && b[b.len() - 1..] == code[code.len() - 1..]
            && icd
                .title(b)
                .is_some_and(|t| t.to_lowercase().contains(&format!("{side} ")))
    })
}

/// What a title leaves open rather than states ("uncomplicated", "unspecified
/// severity").
const LEFT_OPEN: &[&str] = &["uncomplicated", "unspecified", "severity", "nos"];

/// Words of a title that name no condition ("Polyneuropathy, unspecified" is polyneuropathy).
const AS_THE_CAUSE: &str = " as the cause of diseases classified elsewhere";
const GENERIC_TITLE_WORDS: &[&str] = &["unspecifi", "unspecified", "other", "specifi", "nec"];

/// Adds to each code's evidence the Alphabetic Index entry the question's words lead to that
/// gives it (or its category), as a coder would cite it.
fn with_index_paths(
    index: &lookup::Book,
    paths: &[lookup::Path],
    recommended: &mut [Recommendation],
) {
    for r in recommended
        .iter_mut()
        .filter(|r| !r.evidence.starts_with("Index"))
    {
        let code = compact(&r.code);
        let entry = paths
            .iter()
            .filter_map(|p| {
                let given = compact(index.term(p.term).code.as_deref()?.trim_end_matches('-'));
                (given.len() >= 3 && code.starts_with(&given)).then_some((p, given))
            })
            .max_by_key(|(p, given)| (given.len(), p.words));
        if let Some((p, _)) = entry {
            let given = index.term(p.term).code.as_deref().unwrap_or_default();
            r.evidence = format!(
                "Index (FY2025): {} → {given}; {}",
                index.path(p.term).join(", "),
                r.evidence
            );
        }
    }
}

/// The same code with one character filled in differently (S61.459A → S61.451A): the side of
/// the written code, not another condition of its category.
/// A code an Index entry the question's words lead to gives, as printed or completed
/// ("Loss, hearing, sensorineural, unilateral, with unrestricted hearing on the
/// contralateral side → H90.4-" for H90.42 where the left ear is the one affected).
fn reached_by_the_index(found: &[Entry], code: &str) -> bool {
    let code = compact(code);
    found
        .iter()
        .any(|e| e.literal && e.depth >= 2 && e.code == code)
}

fn one_character_apart(a: &str, b: &str) -> bool {
    let (a, b) = (compact(a), compact(b));
    a.len() == b.len() && a.chars().zip(b.chars()).filter(|(x, y)| x != y).count() == 1
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

fn named(icd: &Icd10Cm, written: &str) -> Recommendation {
    let code = dotted(&compact(written));
    Recommendation {
        system: CodeSystem::Icd10cm,
        title: icd.title(&code).unwrap_or_default(),
        why: "named in the question and reportable as written".into(),
        evidence: icd.tabular_evidence(&code),
        code,
        from: None,
    }
}

/// The Index entry of the question that gives the deepest-read code below a written header.
fn under_header<'a>(found: &'a [Entry], header: &str) -> Option<&'a Entry> {
    let header = compact(header);
    found
        .iter()
        .filter(|e| e.literal && e.code.len() > header.len() && e.code.starts_with(&header))
        .max_by_key(|e| (e.words, e.depth))
}

fn from_entry(icd: &Icd10Cm, e: &Entry, lead: &str) -> Recommendation {
    e.recommendation(
        icd,
        format!("{lead}the Alphabetic Index entry the question's words lead to gives it"),
    )
}

fn from_candidate(icd: &Icd10Cm, c: &Candidate, lead: String) -> Recommendation {
    let s = &c.suggestion;
    Recommendation {
        system: s.system,
        code: s.code.clone(),
        title: s.title.clone(),
        why: format!("{lead}{}", s.why),
        evidence: icd.tabular_evidence(&s.code),
        from: None,
    }
}

/// Where a code goes by its kind (lower first): pregnancy codes first (I.C.15.a.1), then the
/// Z codes that may only be first-listed (I.C.21.c.15), a
/// postprocedural infection and COVID-19 (I.C.1.d.5.b, I.C.1.g.1.a), then sepsis before its
/// localized infection (I.C.1.d.4), then most codes in the order found, then those that only
/// follow others (manifestations I.A.13, severe sepsis I.C.1.d.4, sequelae I.B.10, weeks of
/// gestation, BMI and status codes I.C.21), and external causes last (I.C.20).
/// The most serious injury goes first (I.C.19.b): among the places the injuries (S codes)
/// hold, fractures (S_2) and injuries of the brain and the organs of the chest, abdomen and
/// pelvis come first, then other injuries, then superficial ones (S_0).
fn most_serious_injury_first(picked: &mut [Recommendation]) {
    let severity = |code: &str| {
        let c = compact(code);
        let organ = ["S06", "S26", "S27", "S36", "S37"]
            .iter()
            .any(|k| c.starts_with(k));
        match c.as_bytes().get(2) {
            Some(b'0') => 2,
            Some(b'2') => 0,
            _ if organ => 0,
            _ => 1,
        }
    };
    let places: Vec<usize> = (0..picked.len())
        .filter(|&i| picked[i].code.starts_with('S'))
        .collect();
    let mut injuries: Vec<Recommendation> = places.iter().map(|&i| picked[i].clone()).collect();
    injuries.sort_by_key(|r| severity(&r.code));
    for (&i, r) in places.iter().zip(injuries) {
        picked[i] = r;
    }
}

fn rank(icd: &Icd10Cm, code: &str) -> u8 {
    let c = compact(code);
    let starts = |prefixes: &[&str]| prefixes.iter().any(|p| c.starts_with(p));
    // "in diseases classified elsewhere", "in other chronic diseases classified elsewhere":
    // a manifestation is never listed first (I.A.13).
    let manifestation = icd.title(&c).is_some_and(|t| {
        let t = t.to_lowercase();
        t.contains("diseases classified elsewhere") && !t.contains(AS_THE_CAUSE)
    });
    let sequela = c.len() == 7 && c.ends_with('S') && c.starts_with(['S', 'T']);
    let sequela_of_a_condition = icd.title(&c).is_some_and(|t| t.starts_with("Sequelae of"));
    let follows = manifestation
        || sequela
        || sequela_of_a_condition
        || starts(&[
            "R652", "U099", "Z3A", "Z68", "Z16", "Z17", "Z18", "Z19", "Z21", "I252", "B95", "B96",
            "B97", "R4021", "R4022", "R4023", "R4024", "R297", "Z22",
        ])
        || ("Z77".."Z99~").contains(&c.as_str());
    // T36-T65: the 6th character says poisoning (1-4, first, I.C.19.e.5.b) or adverse effect
    // and underdosing (5, 6: after the condition, I.C.19.e.5.a and c).
    let drug_effect = c.len() >= 6 && ("T36".."T66").contains(&&c[..3]);
    if starts(&["V", "W", "X", "Y"]) {
        5
    } else if first_listed_only(&c) {
        1
    } else if drug_effect && matches!(c.as_bytes()[5], b'5' | b'6') {
        4
    } else if drug_effect {
        1
    } else if follows {
        4
    } else if c.starts_with('O') {
        0
    } else if starts(&["T814", "U071"]) {
        1
    } else if starts(&["A40", "A41"]) {
        2
    } else {
        3
    }
}

/// A glaucoma stage the question gives: "mild stage", "moderate glaucoma", "restaged as
/// severe".
static GLAUCOMA_STAGE: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(mild|moderate|severe|indeterminate)\b").expect("a glaucoma stage")
});

/// A glaucoma's 7th character is the highest stage the question documents, one evolving
/// during a stay included (I.C.7.a.4), indeterminate only where none is (I.C.7.a.5). Both eyes,
/// whose stages may differ (I.C.7.a.3), are left alone.
fn the_highest_glaucoma_stage(
    icd: &Icd10Cm,
    text: &str,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let glaucomas = picked.iter().filter(|r| r.code.starts_with("H40")).count();
    if glaucomas != 1 {
        return picked;
    }
    let stage = text
        .split(['.', ';', '\n'])
        .filter(|s| {
            let s = s.to_lowercase();
            s.contains("glaucoma") || s.contains("stage")
        })
        .flat_map(|s| GLAUCOMA_STAGE.captures_iter(s))
        .map(|c| match c[1].to_lowercase().as_str() {
            "mild" => '1',
            "moderate" => '2',
            "severe" => '3',
            _ => '4',
        })
        .min_by_key(|stage| match stage {
            '3' => 0,
            '2' => 1,
            '1' => 2,
            _ => 3,
        });
    let Some(stage) = stage else {
        return picked;
    };
    for r in picked.iter_mut() {
        let c = compact(&r.code);
        let one_eye = !r.title.to_lowercase().contains("bilateral");
        let staged = c.starts_with("H40")
            && c.len() == 7
            && c.ends_with(['0', '1', '2', '3', '4'])
            && one_eye;
        let highest = format!("{}{stage}", &c[..6.min(c.len())]);
        if staged && highest != c && icd.is_billable(&highest) {
            let why = format!(
                "instead of {}: the highest glaucoma stage the question documents (I.C.7.a.4)",
                r.code
            );
            recode(icd, r, &highest, why);
        }
    }
    picked
}

/// Where a question names both sides, a code on a side no clause says it on takes the side of
/// the clause that says most of its condition (I.B.13): "cellulitis of the left leg" and
/// "glaucoma of the right eye" are L03.116 and H40.2211, whatever side came first.
fn each_code_on_the_side_said_with_it(
    icd: &Icd10Cm,
    text: &str,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let sided: Vec<(&str, Option<&'static str>)> = text
        .split(['.', ';', '!', '?', '\n', ','])
        .map(|c| (c, super::text::side(c)))
        .collect();
    let named = |side: &str| sided.iter().any(|(_, s)| *s == Some(side));
    if !(named("right") && named("left")) {
        return picked;
    }
    let clauses: Vec<(HashSet<String>, Option<&'static str>)> = sided
        .into_iter()
        .map(|(c, side)| (super::text::plain_terms(c).into_iter().collect(), side))
        .collect();
    for r in picked.iter_mut() {
        let c = compact(&r.code);
        let title = icd.title(&c).unwrap_or_default();
        let Some((own, other)) = [("right", "left"), ("left", "right")]
            .into_iter()
            .find(|(side, _)| printed_words(icd, &c).contains(*side))
        else {
            continue;
        };
        let condition: Vec<String> = super::text::title_terms(&title)
            .into_iter()
            .filter(|w| !w.contains(':') && !["right", "left"].contains(&w.as_str()))
            .collect();
        let said =
            |terms: &HashSet<String>| condition.iter().filter(|w| terms.contains(*w)).count();
        // A clause on the code's own side that says any of it keeps it there: the site may
        // be in other words ("thigh" for "lower limb").
        // Words alike by their first three letters count here ("nevus" for "nevi").
        let alike = |terms: &HashSet<String>| {
            condition.iter().any(|w| {
                terms
                    .iter()
                    .any(|t| w.get(..3).is_some_and(|p| t.get(..3) == Some(p)))
            })
        };
        let kept = clauses
            .iter()
            .any(|(terms, side)| *side == Some(own) && alike(terms));
        let Some((_, side)) = clauses
            .iter()
            .filter(|(terms, _)| said(terms) > 0)
            .max_by_key(|(terms, _)| said(terms))
        else {
            continue;
        };
        if kept || *side != Some(other) {
            continue;
        }
        let mirrored = title.replace(own, other);
        let sibling = icd
            .billable_below(&c[..3])
            .into_iter()
            .find(|b| b.len() == c.len() && icd.title(b).is_some_and(|t| t == mirrored));
        if let Some(sibling) = sibling {
            let why = format!(
                "instead of {}: the question says {other} where it names this condition (I.B.13)",
                r.code
            );
            recode(icd, r, &sibling, why);
        }
    }
    picked
}

/// One lesion the question says spans sites: "straddling", "overlapping", "extending across".
static ACROSS_SITES: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:straddl\w*|overlap\w*|span\w*|bridg\w*|extend\w* (?:\w+ ){0,2}?(?:across|into|over|onto|from)|crossing|contiguous(?:ly)?)\b")
        .expect("a cue")
});

/// A single neoplasm over contiguous sites is the category's overlapping-lesion code, not one
/// code per site (I.C.2, "Primary malignant neoplasms overlapping site boundaries"): C50.811
/// for one right breast mass across the upper-inner and upper-outer quadrants, without
/// C50.211 and C50.411.
fn one_code_for_a_lesion_across_sites(
    icd: &Icd10Cm,
    text: &str,
    picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    if !ACROSS_SITES.is_match(text) {
        return picked;
    }
    let picked = overlapping_in_place_of_its_sites(icd, picked);
    let overlapping: Vec<String> = picked
        .iter()
        .map(|r| compact(&r.code))
        .filter(|c| {
            icd.title(c)
                .is_some_and(|t| t.to_lowercase().contains("overlapping"))
        })
        .collect();
    if overlapping.is_empty() {
        return picked;
    }
    // The sites it overlaps: the same category and, where the code has one, the same side.
    let spanned = |c: &str| {
        overlapping.iter().any(|o| {
            o != c
                && o.get(..3) == c.get(..3)
                && (o.len() < 6 || c.len() != o.len() || o.ends_with(&c[c.len() - 1..]))
        })
    };
    picked
        .into_iter()
        .filter(|r| !spanned(&compact(&r.code)))
        .collect()
}

/// Two sites of one category's malignancy and no overlapping-lesion code yet (C67.1 dome and
/// C67.2 lateral wall for one tumour extending from the one onto the other): the category's
/// overlapping-lesion line takes the first site's place (C67.8).
fn overlapping_in_place_of_its_sites(
    icd: &Icd10Cm,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    // Of a sided category, the line of the same sex and side (C50.212 → C50.812).
    let overlapping_of = |c: &str| {
        icd.billable_below(c.get(..3)?).into_iter().find(|b| {
            icd.title(b)
                .is_some_and(|t| t.to_lowercase().contains("overlapping"))
                && b.len() == c.len()
                && b.get(4..) == c.get(4..)
        })
    };
    let codes: Vec<String> = picked.iter().map(|r| compact(&r.code)).collect();
    let pair = codes.iter().enumerate().find_map(|(at, c)| {
        let o = overlapping_of(c)?;
        let sites = codes
            .iter()
            .filter(|d| d[..3] == c[..3] && **d != o && !icd.says_unspecified(d))
            .count();
        (c.starts_with('C') && sites >= 2 && !codes.contains(&o)).then_some((at, o))
    });
    if let Some((at, o)) = pair {
        picked[at] = line_instead(
            icd,
            &o,
            "one malignancy over contiguous sites of its category is its overlapping-lesion code (I.C.2)".into(),
        )
        .0;
    }
    picked
}

/// Words a line may add to join the two it combines ("acute and chronic", "acute on chronic").
const JOINING_WORDS: &[&str] = &["and", "on", "with"];

/// A title's words, lower case, as printed.
fn printed_words(icd: &Icd10Cm, code: &str) -> HashSet<String> {
    icd.title(code)
        .unwrap_or_default()
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Two codes of one category whose conditions one line of it names together are that line
/// (I.B.9): K80.00 and K80.10 for "acute and chronic cholecystitis with cholelithiasis" are
/// K80.12, I50.21 and I50.22 are I50.23. The line says nothing beyond the two but the words
/// that join them.
fn one_line_for_two_of_its_category(
    icd: &Icd10Cm,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let mut i = 0;
    while i < picked.len() {
        let a = compact(&picked[i].code);
        let partner = (i + 1..picked.len()).find_map(|j| {
            let b = compact(&picked[j].code);
            (b.get(..3) == a.get(..3) && b != a)
                .then(|| combined(icd, &a, &b).map(|line| (j, b, line)))
                .flatten()
        });
        if let Some((j, b, line)) = partner {
            let why = format!(
                "instead of {} and {}: one line of the category names both (I.B.9)",
                dotted(&a),
                dotted(&b)
            );
            picked.remove(j);
            recode(icd, &mut picked[i], &line, why);
        }
        i += 1;
    }
    picked
}

/// A line of the answer whose condition another line of its category names with more
/// (I.B.9: the combination code is reported, not its parts): N45.1 Epididymitis beside N45.3
/// Epididymo-orchitis, E11.9 beside E11.65, I50.9 beside I50.22. Lines that differ only by
/// side, stage or encounter name the same words and both stay.
fn no_line_another_of_its_category_says_more_of(
    icd: &Icd10Cm,
    picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    // Every word of the title but its vagueness: "exacerbation" and "bilateral" tell lines
    // apart. A status (Z) line is its own fact.
    let vague = ["unspecifi", "other", "specifi", "nos"];
    let words: Vec<(String, Vec<String>)> = picked
        .iter()
        .map(|p| {
            let c = compact(&p.code);
            let title = icd.title(&c).unwrap_or_default();
            // "unspecified whether with hypoxia or hypercapnia" names neither.
            let title = title.split(", unspecified").next().unwrap_or_default();
            let terms = super::text::title_terms(title)
                .into_iter()
                .filter(|t| !t.contains(':') && !vague.contains(&t.as_str()))
                .collect();
            (
                c,
                if p.code.starts_with('Z') {
                    Vec::new()
                } else {
                    terms
                },
            )
        })
        .collect();
    // "epididym" is said by "epididymo".
    let says = |theirs: &[String], w: &String| {
        theirs
            .iter()
            .any(|t| t == w || (w.len() >= 5 && t.starts_with(w.as_str())))
    };
    let said_more = |(a, own): &(String, Vec<String>)| {
        !own.is_empty()
            && words.iter().any(|(b, theirs)| {
                b != a
                    && b.get(..3) == a.get(..3)
                    && own.iter().all(|w| says(theirs, w))
                    && theirs
                        .iter()
                        .any(|t| !says(own, t) && !own.iter().any(|w| w.starts_with(t.as_str())))
            })
    };
    picked
        .into_iter()
        .zip(&words)
        .filter(|(_, w)| !said_more(w))
        .map(|(p, _)| p)
        .collect()
}

/// A condition another line of the answer names after its "with" (A37.01 "Whooping cough due
/// to Bordetella pertussis with pneumonia" beside J18.9 Pneumonia, unspecified organism) is
/// that combination's (I.B.9), unless a note of the combination asks for its own code ("use
/// additional code", "code also") or the condition's note asks for the combination first.
fn no_condition_a_combination_line_names_with(
    icd: &Icd10Cm,
    picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let codes: Vec<String> = picked.iter().map(|p| compact(&p.code)).collect();
    let with_part = |c: &str| -> Option<Vec<String>> {
        let title = icd.title(c)?.to_lowercase();
        let (_, with) = title.split_once(" with ")?;
        Some(super::text::title_terms(with))
    };
    // What a line says is absent is no part of its condition.
    let condition = |c: &str| -> Vec<String> {
        let title = icd.title(c).unwrap_or_default();
        let title = title.replace("unspecified organism", "");
        let title = title.split(" without ").next().unwrap_or_default();
        super::ground::concepts(title)
    };
    // A kind the combination states the other way ("Nontoxic multinodular goiter" beside
    // E05.20 "... with toxic multinodular goiter") is the same condition, said wrongly.
    let named = |with: &[String], w: &String| {
        with.contains(w)
            || w.strip_prefix("non").is_some_and(|kind| {
                kind.len() > 2
                    && with
                        .iter()
                        .any(|t| t.starts_with(kind) || kind.starts_with(t.as_str()))
            })
    };
    let asked_for = |host: &str, other: &str| {
        checks::asks_for_additional(icd, host, other)
            || checks::code_first_note(icd, other, host).is_some()
            || icd.node_index(host).is_some_and(|i| {
                icd.lineage(i).0.into_iter().any(|n| {
                    icd.nodes[n]
                        .notes
                        .code_also
                        .iter()
                        .any(|note| super::notes::refs(note).iter().any(|r| r.covers(other)))
                })
            })
    };
    let named_with = |x: &String| {
        let own = condition(x);
        !own.is_empty()
            && !x.starts_with(['Z', 'V', 'W', 'X', 'Y'])
            && codes.iter().any(|y| {
                y != x
                    && y.get(..3) != x.get(..3)
                    && with_part(y).is_some_and(|with| own.iter().all(|w| named(&with, w)))
                    && !asked_for(y, x)
            })
    };
    picked
        .into_iter()
        .zip(&codes)
        .filter(|(_, c)| !named_with(c))
        .map(|(p, _)| p)
        .collect()
}

/// The billable line of `a`'s category whose title has every word of both titles and no other
/// but joining words.
fn combined(icd: &Icd10Cm, a: &str, b: &str) -> Option<String> {
    let both: HashSet<String> = printed_words(icd, a)
        .union(&printed_words(icd, b))
        .cloned()
        .collect();
    icd.billable_below(&a[..3])
        .into_iter()
        .filter(|c| c != a && c != b && c.len() == a.len())
        .find(|c| {
            let words = printed_words(icd, c);
            both.iter().all(|w| words.contains(w))
                && words
                    .iter()
                    .all(|w| both.contains(w) || JOINING_WORDS.contains(&w.as_str()))
        })
}

/// Hypertension the record calls secondary, not denied.
static SECONDARY_HYPERTENSION: LazyLock<Regex> =
    LazyLock::new(|| super::text::regex(r"(?i)\bsecondary (?:hypertension|htn)\b").unwrap());
static ENDOCRINE_CAUSE: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:aldosteron\w*|conn'?s|cushing'?s?|pheochromocytoma|hyperthyroid\w*|thyrotoxicosis|acromegaly|hypercortisolism)\b").unwrap()
});
static RENOVASCULAR_CAUSE: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:renovascular|renal artery stenosis|fibromuscular dysplasia)\b")
        .unwrap()
});

/// Essential hypertension (I10) where the record calls it secondary: the I15 line of its cause
/// (endocrine I15.2, renovascular I15.0), with the cause coded too (I.C.9.a.6).
fn secondary_hypertension_as_documented(
    icd: &Icd10Cm,
    text: &str,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    if !said_undenied(&SECONDARY_HYPERTENSION, text)
        || picked.iter().any(|r| r.code.starts_with("I15"))
    {
        return picked;
    }
    let line = if ENDOCRINE_CAUSE.is_match(text) {
        "I152"
    } else if RENOVASCULAR_CAUSE.is_match(text) {
        "I150"
    } else {
        "I159"
    };
    if let Some(r) = picked.iter_mut().find(|r| compact(&r.code) == "I10") {
        let why = format!(
            "instead of {}: the record calls the hypertension secondary; it is coded from I15 by its cause, with the cause beside it (I.C.9.a.6)",
            r.code
        );
        recode(icd, r, line, why);
    }
    picked
}

/// Hypertensive heart disease (I11) and hypertensive CKD (I12) together are one I13 code
/// (I.C.9.a.3): with heart failure or not, with stage 5 or end-stage CKD or not.
fn one_hypertensive_combination(icd: &Icd10Cm, picked: Vec<Recommendation>) -> Vec<Recommendation> {
    let find = |prefix: &str| {
        picked
            .iter()
            .map(|r| compact(&r.code))
            .find(|c| c.starts_with(prefix))
    };
    let (Some(heart), Some(kidney)) = (find("I11"), find("I12")) else {
        return hypertensive_combination_as_coded(icd, picked);
    };
    let failure = heart == "I110";
    let end_stage = kidney == "I120";
    let combined = match (failure, end_stage) {
        (true, false) => "I130",
        (true, true) => "I132",
        (false, false) => "I1310",
        (false, true) => "I1311",
    };
    let mut out: Vec<Recommendation> = Vec::with_capacity(picked.len());
    for r in picked {
        let c = compact(&r.code);
        if c == heart || c == kidney || c.starts_with("I13") {
            if !out.iter().any(|o| compact(&o.code) == combined) {
                out.push(Recommendation {
                    system: CodeSystem::Icd10cm,
                    title: icd.title(combined).unwrap_or_default(),
                    why: format!(
                        "instead of {} and {}: hypertension with heart and kidney involvement is one I13 code (I.C.9.a.3)",
                        dotted(&heart),
                        dotted(&kidney)
                    ),
                    evidence: icd.tabular_evidence(combined),
                    code: dotted(combined),
                    from: None,
                });
            }
            continue;
        }
        out.push(r);
    }
    out
}

/// An I13 code says heart and kidney disease: beside it, I11 and I12 say part of it again; with
/// no chronic kidney disease (N18) in the answer it is hypertensive heart disease, I11
/// (I.C.9.a.1, I.C.9.a.3).
fn hypertensive_combination_as_coded(
    icd: &Icd10Cm,
    picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let codes: Vec<String> = picked.iter().map(|r| compact(&r.code)).collect();
    let Some(combined) = codes.iter().find(|c| c.starts_with("I13")).cloned() else {
        return picked;
    };
    let kidney = codes.iter().any(|c| c.starts_with("N18"));
    let heart_written = codes.iter().any(|c| c.starts_with("I11"));
    let heart_alone = if ["I130", "I132"].contains(&combined.as_str()) {
        "I110"
    } else {
        "I119"
    };
    let mut out: Vec<Recommendation> = Vec::with_capacity(picked.len());
    for mut r in picked {
        let c = compact(&r.code);
        let part = c.starts_with("I11") || c.starts_with("I12");
        if part && kidney {
            continue;
        }
        if c == combined && !kidney {
            if heart_written {
                continue;
            }
            let why = format!(
                "instead of {}: no chronic kidney disease is coded, so hypertension with heart disease is I11 (I.C.9.a.1)",
                r.code
            );
            recode(icd, &mut r, heart_alone, why);
        }
        out.push(r);
    }
    out
}

/// Coronary atherosclerosis in the words coders write it.
static CORONARY_ATHEROSCLEROSIS: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:cad|ashd|coronary artery disease|coronary (?:artery )?(?:athero|arterio)sclerosis|(?:athero|arterio)sclerotic (?:coronary|heart) disease)\b").unwrap()
});
static ANGINA: LazyLock<Regex> = LazyLock::new(|| super::text::regex(r"(?i)\bangina\b").unwrap());
/// A cause of the angina the question names ("angina due to severe anemia").
static ANGINA_CAUSED_BY: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(
        r"(?i)\bangina\b[^.;]{0,30}?\b(?:due to|secondary to|caused by|from)\b([^.;]{0,40})",
    )
    .unwrap()
});

/// The I25.11- line of an angina: its type as the angina's code or the question's words say
/// it (the Index sends crescendo, preinfarction and worsening effort angina to unstable).
fn native_line_for_angina(angina_title: &str) -> &'static str {
    let t = angina_title.to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| t.contains(w));
    if has(&[
        "unstable",
        "crescendo",
        "preinfarction",
        "accelerated",
        "worsening",
    ]) {
        "I25110"
    } else if has(&["spasm", "vasospas", "prinzmetal", "variant"]) {
        "I25111"
    } else if has(&["refractory"]) {
        "I25112"
    } else if has(&[
        "stable",
        "exertional",
        "effort",
        "other forms",
        "microvascular",
    ]) {
        "I25118"
    } else {
        "I25119"
    }
}

/// Coronary atherosclerosis and angina are one I25.11- code: the link is assumed unless the
/// record gives the angina another cause (I.C.9.b). A graft's disease (I25.7-) and an acute
/// infarction are left to their own lines.
fn atherosclerosis_with_its_angina(
    icd: &Icd10Cm,
    text: &str,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let codes: Vec<String> = picked.iter().map(|r| compact(&r.code)).collect();

    // An I25.11- line of a stated type stands; "unspecified angina" (I25.119) is what a note
    // asks for before the type is read.
    let combined_already = codes.iter().any(|c| {
        ["I257", "I21", "I22"].iter().any(|p| c.starts_with(p))
            || (c.starts_with("I2511") && c != "I25119")
    });
    let native =
        codes.iter().any(|c| c == "I2510") || said_undenied(&CORONARY_ATHEROSCLEROSIS, text);
    let angina_code = codes.iter().find(|c| c.starts_with("I20")).cloned();
    let angina_said = said_undenied(&ANGINA, text);
    let other_cause = ANGINA_CAUSED_BY.captures_iter(text).any(|c| {
        !CORONARY_ATHEROSCLEROSIS.is_match(&c[1]) && !c[1].to_lowercase().contains("coronary")
    });
    if combined_already || !native || other_cause || !(angina_code.is_some() || angina_said) {
        return picked;
    }
    // Without an angina code, its type is in the words just before "angina".
    let angina_words = match &angina_code {
        Some(c) => icd.title(c).unwrap_or_default(),
        None => ANGINA
            .find(text)
            .map(|m| text[m.start().saturating_sub(30)..m.end()].to_owned())
            .unwrap_or_default(),
    };
    let line = native_line_for_angina(&angina_words);
    let parts: Vec<usize> = codes
        .iter()
        .enumerate()
        .filter(|(_, c)| ["I2510", "I25119"].contains(&c.as_str()) || c.starts_with("I20"))
        .map(|(i, _)| i)
        .collect();
    let Some(&first) = parts.first() else {
        return picked;
    };
    let replaced: Vec<String> = parts.iter().map(|&i| picked[i].code.clone()).collect();
    let why = format!(
        "instead of {}: coronary atherosclerosis with angina is one I25.11- code, the link assumed unless another cause is documented (I.C.9.b)",
        replaced.join(" and ")
    );
    recode(icd, &mut picked[first], line, why);
    picked
        .into_iter()
        .enumerate()
        .filter(|(i, _)| !parts[1..].contains(i))
        .map(|(_, r)| r)
        .collect()
}

/// Pre-existing hypertension with heart or kidney disease in pregnancy is its own O10 line,
/// beside the I11-I13 code that says which (I.C.15.d); a pregnancy-related renal disease
/// (O26.83-) is not the kidney disease the hypertension brought.
fn pre_existing_hypertension_with_heart_or_kidney(
    icd: &Icd10Cm,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let codes: Vec<String> = picked.iter().map(|r| compact(&r.code)).collect();
    let any = |prefixes: &[&str]| {
        codes
            .iter()
            .any(|c| prefixes.iter().any(|p| c.starts_with(p)))
    };
    let heart = any(&["I11", "I13"]);
    let kidney = any(&["I12", "I13", "N18"]);
    let line = match (heart, kidney) {
        (true, true) => '3',
        (true, false) => '1',
        (false, true) => '2',
        (false, false) => return picked,
    };
    for r in picked.iter_mut() {
        let c = compact(&r.code);
        if !(c.starts_with("O100") || c.starts_with("O109")) {
            continue;
        }
        let wanted = format!("O10{line}{}", &c[4..]);
        if icd.is_billable(&wanted) {
            let why = format!(
                "instead of {}: pre-existing hypertension with heart or kidney disease has its own O10 line, with the I11-I13 code beside it (I.C.15.d)",
                r.code
            );
            recode(icd, r, &wanted, why);
        }
    }
    if kidney {
        let with_kidney = picked.iter().any(|r| {
            let c = compact(&r.code);
            c.starts_with("O102") || c.starts_with("O103")
        });
        picked.retain(|r| !(with_kidney && compact(&r.code).starts_with("O2683")));
    }
    picked
}

// Compiled once: compiling them for every draft was a quarter of its time.
static TYPE_1_STATED: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    // The Index's own names for type 1: "Diabetes, juvenile-onset", "ketosis-prone" and
    // "idiopathic" - see Diabetes, type 1.
    super::text::regex(r"\b(?:type (?:1|i)|juvenile(?:[- ]onset)?|ketosis[- ]prone|idiopathic) (?:diabetes|dm|diabetic)").unwrap()
});
static OTHER_SPECIFIED_DIABETES: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(
    || {
        super::text::regex(r"\b(?:secondary|specified type|other specified|post-?pancreatectomy|postprocedural|post-?procedural|drug[- ]induced|steroid[- ]induced|induced|mody|maturity[- ]onset diabetes of the young|genetic|due to|e13)\b").unwrap()
    },
);
static TYPE_2_STATED: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    super::text::regex(r"\btype (?:2|ii) (?:diabetes|dm|diabetic)").unwrap()
});
static INSULIN: std::sync::LazyLock<regex::Regex> =
    std::sync::LazyLock::new(|| super::text::regex(r"\binsulin\b").unwrap());

/// Diabetes the question says another condition causes: "diabetes due to chronic
/// pancreatitis", "type 3c", "pancreatogenic diabetes" (a drug or a surgery is another
/// category's cause: E09, E13 with E89.1).
static DIABETES_DUE_TO_A_CONDITION: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(
    || {
        super::text::regex(r"\b(?:diabetes|dm)\b[^.;]{0,40}?\b(?:due to|secondary to|d/t|caused by)\s+(?:the |an? |his |her )?([\w'-]+(?: [\w'-]+){0,3})|\btype 3c\b|\bpancreatogenic\b").unwrap()
    },
);
static NOT_A_CONDITION: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    super::text::regex(r"\b(?:drug|medication|steroid|prednisone|dexamethasone|chemo\w*|pancreatectomy|surgery|resection|removal|induced|insulin|type|poor|non-?complian\w*)").unwrap()
});

/// Diabetes due to an underlying condition (E08), where the question says another condition
/// causes it: the stated cause's words name a condition, not a drug or a surgery.
fn due_to_an_underlying_condition(expanded: &str) -> bool {
    DIABETES_DUE_TO_A_CONDITION
        .captures_iter(expanded)
        .any(|c| {
            c.get(1)
                .is_none_or(|cause| !NOT_A_CONDITION.is_match(cause.as_str()))
        })
}

/// Diabetes coded as the type the question states (I.C.4.a): type 1 written as E11 (or type 2
/// as E10) is the same complication in the stated type's category, and diabetes the question
/// says an underlying condition causes is E08 (I.C.4.a.6).
fn diabetes_of_the_stated_type(
    icd: &Icd10Cm,
    text: &str,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let diabetes = |r: &Recommendation| {
        ["E10", "E11", "E13"]
            .iter()
            .any(|c| compact(&r.code).starts_with(c))
    };
    if !picked.iter().any(diabetes) {
        return picked;
    }
    let expanded = super::text::expanded(text);
    // "Other specified diabetes" (E13) is a type the record names: secondary, after surgery,
    // due to a drug; a stated type 1 or 2 is not it.
    let specified_other = OTHER_SPECIFIED_DIABETES.is_match(&expanded);
    let (from, to, stated): (&[&str], &str, &str) = match (
        TYPE_1_STATED.is_match(&expanded),
        TYPE_2_STATED.is_match(&expanded),
    ) {
        (true, false) if !specified_other => (&["E11", "E13"], "E10", "type 1 diabetes (I.C.4.a)"),
        (false, true) if !specified_other => (&["E10", "E13"], "E11", "type 2 diabetes (I.C.4.a)"),
        (true, false) => (&["E11"], "E10", "type 1 diabetes (I.C.4.a)"),
        (false, true) => (&["E10"], "E11", "type 2 diabetes (I.C.4.a)"),
        (false, false) if due_to_an_underlying_condition(&expanded) => (
            &["E10", "E11"],
            "E08",
            "diabetes due to an underlying condition (I.C.4.a.6)",
        ),
        (false, false) if super::meds::TYPE_NOT_DOCUMENTED.is_match(&expanded) => {
            return of_the_default_type(icd, &expanded, picked);
        }
        _ => return picked,
    };
    for r in picked.iter_mut() {
        let c = compact(&r.code);
        let as_stated = format!("{to}{}", c.get(3..).unwrap_or_default());
        if from.iter().any(|f| c.starts_with(f)) && icd.is_billable(&as_stated) {
            let why = format!("instead of {}: the question states {stated}", r.code);
            recode(icd, r, &as_stated, why);
        }
    }
    picked.dedup_by(|a, b| a.code == b.code);
    // Type 1 diabetes is treated with insulin by definition: E10 asks for no Z79.4, which
    // goes with the other types (I.C.4.a.3).
    let category = |r: &Recommendation| compact(&r.code).get(..3).map(str::to_owned);
    let types: Vec<String> = picked
        .iter()
        .filter_map(category)
        .filter(|c| ["E08", "E09", "E10", "E11", "E13", "O24"].contains(&c.as_str()))
        .collect();
    if to == "E10" && types.iter().all(|c| c == "E10") {
        picked.retain(|r| compact(&r.code) != "Z794");
    }
    picked
}

/// Diabetes whose type the record does not document is type 2 (I.C.4.a.2), with long-term
/// insulin (Z79.4) when the patient uses it (I.C.4.a.3): E10 written for it is E11.
fn of_the_default_type(
    icd: &Icd10Cm,
    expanded: &str,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let mut recoded = false;
    for r in picked.iter_mut() {
        let c = compact(&r.code);
        let default = format!("E11{}", c.get(3..).unwrap_or_default());
        if c.starts_with("E10") && icd.is_billable(&default) {
            let why = format!(
                "instead of {}: the record does not document the type, which is type 2 by default (I.C.4.a.2)",
                r.code
            );
            recode(icd, r, &default, why);
            recoded = true;
        }
    }
    let insulin_coded = picked.iter().any(|r| compact(&r.code) == "Z794");
    if recoded && INSULIN.is_match(expanded) && !insulin_coded {
        let mut r = named(icd, "Z794");
        r.why = "the patient uses insulin and the type of diabetes is not documented: E11 with Z79.4 (I.C.4.a.3)".into();
        picked.push(r);
    }
    picked.dedup_by(|a, b| a.code == b.code);
    picked
}

/// Severe sepsis (R65.2-) as the record documents it: no R65.2- code where the provider
/// documents no organ dysfunction (I.C.1.d.1.a.iii, I.C.1.d.1.b), R65.21 for septic shock
/// (I.C.1.d.2) and R65.20 where the record says there is none.
fn severe_sepsis_as_documented(
    icd: &Icd10Cm,
    text: &str,
    picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let stated = |yes: &regex::Regex, no: &regex::Regex| yes.is_match(text) && !no.is_match(text);
    let not_severe = stated(&focus::NOT_SEVERE, &focus::SEVERE);
    let shock = stated(&focus::SHOCK, &focus::NO_SHOCK);
    let no_shock = stated(&focus::NO_SHOCK, &focus::SHOCK);
    picked
        .into_iter()
        .filter(|r| !(not_severe && r.code.starts_with("R65.2")))
        .map(|mut r| {
            let right = match r.code.as_str() {
                "R65.20" if shock => "R6521",
                "R65.21" if no_shock => "R6520",
                _ => return r,
            };
            let why = format!(
                "instead of {}: the record says whether there is septic shock (I.C.1.d.2)",
                r.code
            );
            recode(icd, &mut r, right, why);
            r
        })
        .collect()
}

/// Staphylococcus aureus (MRSA, MSSA) as the cause of an infection (I.C.1.e.1.a-b): a code
/// that names the organism with the infection (A41.02, J15.212) stands alone, with no B95.6-,
/// A49.0- or Z16.11-; an infection with no such code takes B95.6- beside it, not A49.0-,
/// which is for an infection of no stated site.
fn staphylococcus_aureus_as_the_infection_s_cause(
    icd: &Icd10Cm,
    picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let organism_only =
        |c: &str| c.starts_with("B956") || c.starts_with("A490") || c.starts_with("Z1611");
    let codes: Vec<String> = picked.iter().map(|r| compact(&r.code)).collect();
    if !codes.iter().any(|c| organism_only(c)) {
        return picked;
    }
    let combined = codes.iter().any(|c| {
        !organism_only(c)
            && icd
                .title(c)
                .is_some_and(|t| t.to_lowercase().contains("staphylococcus aureus"))
    });
    let infection = codes
        .iter()
        .any(|c| !c.starts_with(['A', 'B', 'R', 'Z']) && !is_external_cause(c));
    let mut out: Vec<Recommendation> = Vec::with_capacity(picked.len());
    for mut r in picked {
        let c = compact(&r.code);
        if combined && organism_only(&c) {
            continue;
        }
        if infection && (c == "A4901" || c == "A4902") {
            let cause = if c == "A4902" { "B9562" } else { "B9561" };
            let why = format!(
                "instead of {}: the infection has a code of its own, and the organism is its cause (I.C.1.e.1.b)",
                r.code
            );
            recode(icd, &mut r, cause, why);
        }
        out.push(r);
    }
    out
}

/// A residual line of its category ("Other acute kidney failure", "... with other respiratory
/// manifestations"): the kinds the category's other lines do not name.
fn residual(icd: &Icd10Cm, code: &str) -> bool {
    icd.title(code).is_some_and(|t| {
        let t = t.to_lowercase();
        t.starts_with("other ") || t.contains(" with other ")
    })
}

/// An "uncomplicated" code for a written one "with" a complication (F13.20 for F13.239, a
/// withdrawal the coder saw): the Index entry read no further than the disorder.
fn drops_a_complication(icd: &Icd10Cm, written: &str, given: &str) -> bool {
    let title = |c: &str| icd.title(c).unwrap_or_default().to_lowercase();
    let given = title(given);
    given.contains("uncomplicated")
        && !given.contains(" with ")
        && title(written).contains(" with ")
}

/// A written code for a finding the question says no provider took up ("the CT read mentions
/// a 1.2-cm right adrenal nodule that no provider addressed") is not an additional diagnosis:
/// an abnormal finding is reported only where the provider documents its significance
/// (Section III.B). The finding is the code's condition named in the sentence that says so.
fn no_finding_no_provider_addressed(
    icd: &Icd10Cm,
    text: &str,
    picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    if !NO_PROVIDER_TOOK_IT_UP.is_match(text) {
        return picked;
    }
    // The clause that says so, and the one before where it only goes on from it ("..., but
    // no provider comments on either").
    let unaddressed: Vec<Vec<String>> = super::text::sentences(text)
        .into_iter()
        .flat_map(|s| {
            let clauses: Vec<&str> = s.split([',', ';']).collect();
            (0..clauses.len())
                .filter(|&i| NO_PROVIDER_TOOK_IT_UP.is_match(clauses[i]))
                .map(|i| {
                    let goes_on = ["but ", "and ", "yet "]
                        .iter()
                        .any(|w| clauses[i].trim_start().to_lowercase().starts_with(w));
                    let from = if goes_on { i.saturating_sub(1) } else { i };
                    super::text::query_terms(&clauses[from..=i].join(" "))
                })
                .collect::<Vec<_>>()
        })
        .collect();
    if unaddressed.is_empty() {
        return picked;
    }
    let lower = text.to_lowercase();
    let named_there = |code: &str| {
        let concepts = super::ground::concepts(&icd.title(code).unwrap_or_default());
        !concepts.is_empty()
            && unaddressed
                .iter()
                .any(|terms| super::text::half_named(&concepts, terms))
    };
    picked
        .into_iter()
        .filter(|r| {
            let c = compact(&r.code);
            !(writes(&lower, &c) && named_there(&c))
        })
        .collect()
}

static NO_PROVIDER_TOOK_IT_UP: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(
        r"(?i)\bno (?:provider|physician|doctor|clinician|one)\b[^.;]{0,30}?\b(?:comment\w*|address\w*|document\w*|mention\w*|evaluat\w*|act\w*)\b|\bnever (?:commented|addressed|documented|mentioned|evaluated|acted)\b|\bnot (?:commented on|addressed) by\b",
    )
    .expect("a cue")
});

/// A written code whose condition the question never states (the coder's or an encoder's
/// reading: "the encoder returned M65.4" for a de Quervain thyroiditis, "L12.0" for a
/// pemphigus vulgaris) gives way to the codes the assistant read from the question's own
/// words: the title's condition word is nowhere in the question but in the title the coder
/// quotes beside the code (I.B.1: the Index leads from the provider's terms).
fn no_written_code_for_an_unsaid_condition(
    icd: &Icd10Cm,
    text: &str,
    picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let lower = text.to_lowercase();
    let written = |c: &str| writes(&lower, c);
    let read_by_the_assistant = picked
        .iter()
        .any(|r| !written(&compact(&r.code)) && !is_external_cause(&r.code));
    if !read_by_the_assistant || !(A_TOOL_OFFERED.is_match(text) || ASKS_IF_IT_FITS.is_match(text))
    {
        return picked;
    }
    let unsaid = |c: &str| {
        let title = icd.title(c).unwrap_or_default();
        let plain = BRACKETED.replace_all(&title, " ");
        let Some(head) = head_noun(&plain) else {
            return false;
        };
        let rest = super::text::query_terms(&without_quoted_title(text, c));
        // The site a title names is the question's too: "carcinoma of anal skin" for an
        // anal canal carcinoma is the same head on another site.
        let site = affirmed_part(&plain).split_once(" of ").map(|(_, s)| s);
        let site_unsaid =
            site.is_some_and(|s| super::ground::concepts(s).iter().any(|w| !rest.contains(w)));
        !rest.contains(&head) || site_unsaid
    };
    picked
        .into_iter()
        .filter(|r| {
            let c = compact(&r.code);
            c.starts_with(['R', 'S', 'T', 'V', 'W', 'X', 'Y', 'Z']) || !written(&c) || !unsaid(&c)
        })
        .collect()
}

/// The written code is what a tool offered, not what anyone read from the record: "the
/// encoder returned M65.4", "searching 'cerebral aneurysm' gave I60.7".
static A_TOOL_OFFERED: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(
        r"(?i)\b(?:encoder|search\w*|lookup|look-up|autocoder|cac)\b[^.;?]{0,40}?\b(?:gave|give|gives|returned|returns|offered|offers|suggested|suggests|picked|came up with|showed|pulled)\b",
    )
    .expect("a cue")
});

/// The coder asks whether the written code fits the condition the question names: "Is that
/// right for a port-wine stain?", "Is that how a cervical polyp is coded?".
static ASKS_IF_IT_FITS: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(
        r"(?i)\b(?:is|was|would be)\s+(?:that|this|it)\s+(?:code\s+)?(?:right|correct|appropriate|accurate)\s+for\s+(?:a|an)\b|\bis\s+(?:that|this)\s+how\s+(?:a|an|the)\b[^?]{0,60}\bcoded\b",
    )
    .expect("a cue")
});

static BRACKETED: LazyLock<Regex> =
    LazyLock::new(|| super::text::regex(r"\[[^\]]*\]|\([^)]*\)").expect("a pattern"));

/// What a title says is present: what it says is absent or leaves open ("without
/// complications", "not having achieved remission", "suspected ... ruled out", "unspecified
/// organism") a question may deny too.
fn affirmed_part(title: &str) -> &str {
    [
        " without ",
        " not ",
        " ruled out",
        "suspected ",
        " unspecified",
    ]
    .iter()
    .fold(title, |t, cut| t.split(cut).next().unwrap_or_default())
}

/// A condition the provider's own diagnostic statement says the patient does not have
/// ("menstrual toxic shock syndrome due to MSSA; not sepsis") is not coded, however the
/// question's other words (the coder's guesses) name it: the code follows the provider's
/// statement (I.A.19). A history or status (Z) is no denied condition ("no current
/// thrombosis" beside the history of one); read after every code is replaced, so a denied
/// code that another rule turns into what is present is not lost.
fn nothing_the_provider_says_it_is_not(
    icd: &Icd10Cm,
    text: &str,
    picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let denied: Vec<String> = super::text::provider_statements(text)
        .into_iter()
        .map(|s| NO_DENIAL.replace_all(s, " . "))
        .flat_map(|s| super::text::denied_terms(&s))
        .collect();
    if denied.is_empty() {
        return picked;
    }
    picked
        .into_iter()
        .filter(|p| {
            let c = compact(&p.code);
            c.starts_with('Z') || !title_concepts(icd, &c).iter().any(|w| denied.contains(w))
        })
        .collect()
}

/// A "not" that denies no condition: a link ("not related to the eye surgery") or the others
/// beside the one stated ("no other crisis features").
static NO_DENIAL: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(
        r"(?i)\b(?:not|no)\s+(?:(?:related|due|secondary|attributed|associated|caused|linked|from)\b|(?:other|further|additional|more)\b)[^.,;:]*",
    )
    .expect("a cue")
});

/// Whether the question denies one of a code's concepts wherever it names it ("she never met
/// sepsis criteria, this is not sepsis" for A41.01).
fn denies_a_concept(icd: &Icd10Cm, text: &str, code: &str) -> bool {
    denial_of(text, &title_concepts(icd, code)).contains(&Some(true))
}

/// The concepts of what a code's title says is present ([`affirmed_part`]).
fn title_concepts(icd: &Icd10Cm, code: &str) -> Vec<String> {
    let title = icd.title(&compact(code)).unwrap_or_default();
    super::ground::concepts(affirmed_part(&title))
}

/// Whether the question denies every concept of a code's title it names, and names one
/// ("no hemorrhage on imaging" for I60.7, Nontraumatic subarachnoid hemorrhage): the written
/// code is for a condition the patient does not have. A concept it also says undenied ("COPD,
/// no exacerbation" for J44.1) keeps the code, whose line other rules mend.
fn denies_every_concept_said(icd: &Icd10Cm, text: &str, code: &str) -> bool {
    let c = compact(code);
    // A status or a history is no condition a denial of the condition now takes away.
    if c.starts_with('Z') {
        return false;
    }
    // The condition itself is denied, not only a word that qualifies it: the title's head
    // noun ("hemorrhage" of "subarachnoid hemorrhage from ...", "carcinoma" of "carcinoma in
    // situ of endometrium"). It is read first, alone: most written codes stop there.
    let title = icd.title(&c).unwrap_or_default();
    let Some(head) = head_noun(&title) else {
        return false;
    };
    if denial_of(text, std::slice::from_ref(&head)) != [Some(true)] {
        return false;
    }
    // What places the condition ("vocal cords" of "nodules of vocal cords") is said of the
    // condition the patient has instead ("polyp of the vocal fold, no nodules"): only the
    // words of the condition's own name keep the code.
    !denial_of(text, &super::ground::concepts(title_lead(&title))).contains(&Some(false))
        && !NOT_DIAGNOSED_YET.is_match(text)
}

/// What a title names before what places or explains it ("of", "from", "due to", "in",
/// ",").
fn title_lead(title: &str) -> &str {
    [" of ", " from ", " due to ", " in ", " with ", ","]
        .iter()
        .fold(affirmed_part(title), |t, cut| {
            t.split(cut).next().unwrap_or_default()
        })
}

/// The last condition word of a title's lead ([`title_lead`]).
fn head_noun(title: &str) -> Option<String> {
    super::text::title_terms(title_lead(title))
        .into_iter()
        .rev()
        .find(|w| !super::ground::is_qualifier(w))
}

/// "No dx of HTN yet": what is not diagnosed yet is read by the rules for findings, not
/// denied.
static NOT_DIAGNOSED_YET: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\bno\s+(?:dx|diagnosis)\s+of\b|\bnot\s+(?:yet\s+)?diagnosed\b")
        .expect("a cue")
});

/// For each concept, whether the question denies it wherever it names it (`None` where it
/// never names it).
fn denial_of(text: &str, concepts: &[String]) -> Vec<Option<bool>> {
    let lower = text.to_lowercase();
    // A word that starts there: "diabet" in "prediabetes" names another condition.
    let word_start = |i: usize| !lower[..i].ends_with(|c: char| c.is_alphanumeric());
    // Shorthand names its words where it stands: "HSV" is a mention of "herpesviral" where the
    // text never writes the word.
    let shorthand = std::cell::OnceCell::new();
    let shorthand = || -> &Vec<(usize, String)> {
        shorthand.get_or_init(|| {
            SHORTHAND
                .find_iter(&lower)
                .filter_map(|m| {
                    let words = super::text::expanded(m.as_str()).to_lowercase();
                    (words != m.as_str()).then(|| (m.start(), words))
                })
                .collect()
        })
    };
    concepts
        .iter()
        .map(|c| {
            let mut written: Vec<usize> = lower
                .match_indices(c.as_str())
                .map(|(i, _)| i)
                .filter(|&i| word_start(i))
                .collect();
            if written.is_empty() {
                written = shorthand()
                    .iter()
                    .filter(|(_, words)| words.contains(c.as_str()))
                    .map(|(i, _)| *i)
                    .collect();
            }
            // A denial governs its own sentence: "no deficits" in the subject line denies no
            // "HTN" that opens the body.
            let sentence_before = |i: usize| {
                let before = &lower[..i];
                &before[before
                    .rfind(['.', ';', '!', '?', '\n'])
                    .map_or(0, |j| j + 1)..]
            };
            (!written.is_empty()).then(|| {
                written.into_iter().all(|i| {
                    DENIED_JUST_BEFORE.is_match(sentence_before(i))
                        || DENIED_JUST_AFTER.is_match(&lower[i..])
                })
            })
        })
        .collect()
}

/// The event is past and what remains of it is the question: "8 months ago", "residual
/// ataxia", "late effect".
static PAST_EVENT: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:\d+|a few|several|two|three|four|six)\s+(?:months?|years?|yrs?)\s+ago\b|\bresidual\b|\bsequela\w*\b|\blate effects?\b")
        .expect("a cue")
});

/// An event of this encounter: "acute", "new", "today".
static CURRENT_EVENT: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:acute|new|today|tonight|this morning|admitted (?:with|for))\b")
        .expect("a cue")
});

/// The sequelae subcategory of a cerebrovascular event's category (I69.0- after I60, I69.1-
/// after I61, I69.2- after I62, I69.3- after I63).
fn sequelae_of(code: &str) -> Option<&'static str> {
    match code.get(..3)? {
        "I60" => Some("I690"),
        "I61" => Some("I691"),
        "I62" => Some("I692"),
        "I63" => Some("I693"),
        _ => None,
    }
}

/// A deficit that remains after a past hemorrhage or infarction is coded to I69 by the event
/// and the deficit, not to the event's own category, which is for the event while it lasts
/// (I.C.9.d.1): I61.4 written months after the bleed, with the ataxia it left, is I69.193.
/// With no deficit the question names, the written code is left to the consultant.
fn sequela_of_a_past_cerebrovascular_event(
    icd: &Icd10Cm,
    search: &Index,
    q: &Query,
    text: &str,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    // A new event beside the old one keeps its own code (I.C.9.d.2).
    if !PAST_EVENT.is_match(text) || CURRENT_EVENT.is_match(text) {
        return picked;
    }
    // The deficit is what the line's title says before "following ..." ("Ataxia following
    // nontraumatic intracerebral hemorrhage"), every word of it the question's.
    let deficit_named = |line: &str| {
        let title = icd.title(line).unwrap_or_default().to_lowercase();
        let deficit = title.split(" following ").next().unwrap_or_default();
        let words = super::ground::concepts(deficit);
        !words.is_empty() && !deficit.contains("unspecified") && words.iter().all(|w| q.has(w))
    };
    for r in picked.iter_mut() {
        let c = compact(&r.code);
        let Some(prefix) = sequelae_of(&c) else {
            continue;
        };
        let deficit = super::suggest::by_words(icd, search, q, icd.billable_below(prefix))
            .into_iter()
            .map(|(line, _)| line)
            .find(|line| deficit_named(line));
        if let Some(line) = deficit {
            let why = format!(
                "instead of {}: the event is past, and the deficit it left is coded to its sequelae (I.C.9.d.1)",
                r.code
            );
            recode(icd, r, &line, why);
        }
    }
    picked.dedup_by(|a, b| a.code == b.code);
    picked
}

/// Whether the text says what `cue` matches at least once without a denial just before it.
fn said_undenied(cue: &Regex, text: &str) -> bool {
    cue.find_iter(text)
        .any(|m| !DENIED_JUST_BEFORE.is_match(&text[..m.start()]))
}

/// A denial a few words before what it denies: "no", "never had an", "without any".
/// A word written in capitals or short, which the shorthand table may spell out.
static SHORTHAND: LazyLock<Regex> =
    LazyLock::new(|| super::text::regex(r"\b[a-z][a-z0-9-]{1,5}\b").expect("a cue"));

/// After a concept's word: the record does not say it ("sepsis was not documented", "criteria
/// were not met", "ruled out", "HSV PCR neg").
static DENIED_JUST_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(
        r"(?i)^[\w-]*(?:\s+criteria)?\s+(?:(?:was|were|is|are|has been|have been)\s+)?(?:not|never)\s+(?:documented|diagnosed|present|met|found|confirmed|identified|stated)\b|^[\w-]*(?:\s+criteria)?\s+(?:was|were|is|are|has been)\s+(?:ruled out|excluded)\b|^[\w-]*(?:\s+(?:pcr|test|testing|culture|cx|antigen|ag|screen|panel|swab|titer|serology|igm))?\s+(?:(?:was|is|came back|returned)\s+)?(?:neg|negative)\b",
    )
    .expect("a cue")
});

static DENIED_JUST_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(
        r"(?i)\b(?:no|never|not|without|denies|denied|free of)(?:\s+[\w'-]+){0,3}\s*$",
    )
    .expect("a cue")
});

/// HIV disease (B20) or a positive status with no HIV-related illness (Z21): B20 once the
/// patient has had an HIV-related illness or AIDS, whatever their state now ("no HIV-related
/// illness ever" is read as none); Z21 when the
/// patient is positive with no symptoms and no such illness (I.C.1.a.2.e, I.C.1.a.2.g).
fn hiv_disease_or_status(
    icd: &Icd10Cm,
    text: &str,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    // An opportunistic infection or an AIDS-defining cancer of the answer is an HIV-related
    // illness whatever the words call it.
    let opportunistic = picked.iter().any(|r| {
        let c = compact(&r.code);
        HIV_RELATED_CATEGORIES.iter().any(|k| c.starts_with(k))
    });
    let illness = opportunistic || {
        // "never had an HIV-related illness or AIDS": a denial runs on through its list.
        let mut previous: Option<(usize, bool)> = None;
        HIV_ILLNESS.find_iter(text).any(|m| {
            let listed = previous.is_some_and(|(end, denied)| {
                denied
                    && matches!(
                        text[end..m.start()].trim().to_lowercase().as_str(),
                        "or" | "and" | "nor" | "," | ", or" | ", and"
                    )
            });
            let denied = listed || DENIED_JUST_BEFORE.is_match(&text[..m.start()]);
            previous = Some((m.end(), denied));
            !denied
        })
    };
    let no_symptoms = !illness && HIV_NO_SYMPTOMS.is_match(text);
    for r in picked.iter_mut() {
        let (to, why) = match r.code.as_str() {
            "Z21" if illness => (
                "B20",
                "an HIV-related illness or AIDS, now or before, is HIV disease (I.C.1.a.2.g)",
            ),
            "B20" if no_symptoms => (
                "Z21",
                "HIV positive with no symptoms and no HIV-related illness is the status code (I.C.1.a.2.e)",
            ),
            _ => continue,
        };
        let why = format!("instead of {}: {why}", r.code);
        recode(icd, r, to, why);
    }
    picked.dedup_by(|a, b| a.code == b.code);
    picked
}

/// Opportunistic infections and AIDS-defining cancers: cryptococcosis, toxoplasmosis, CMV
/// disease, Pneumocystis, MAC, candidiasis of the esophagus and lungs, histoplasmosis,
/// coccidioidomycosis, PML, Kaposi's sarcoma, tuberculosis.
const HIV_RELATED_CATEGORIES: &[&str] = &[
    "B45", "B58", "B25", "B59", "A31", "B3781", "B371", "B39", "B38", "A812", "C46", "A15",
];

static HIV_ILLNESS: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:aids|pcp (?:pneumonia|pna)|pneumocystis|kaposi|opportunistic (?:infection|illness)|hiv[- ]related (?:illness|condition|disease)|hiv (?:wasting|encephalopathy|dementia))\b").unwrap()
});
static HIV_NO_SYMPTOMS: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:asymptomatic|no (?:\w+ )?(?:symptoms|sx)|without (?:any )?symptoms|no hiv[- ]related)\b").unwrap()
});

/// A condition of both sides coded as a right and a left code where the code set has one for
/// both (I.B.13: "when a bilateral code is provided and the condition is bilateral, assign the
/// appropriate bilateral code"): M17.11 and M17.12 are M17.0.
fn one_bilateral_code(
    icd: &Icd10Cm,
    text: &str,
    picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let picked = bilateral_while_both_exist(icd, text, picked);
    if super::text::side(text) != Some("bilateral") {
        return picked;
    }
    let codes: Vec<String> = picked.iter().map(|r| compact(&r.code)).collect();
    let mut out = picked;
    for right in codes.iter().filter(|c| sided(icd, c, "right")) {
        let same = |o: &String| {
            o[..3] == right[..3]
                && condition_apart_from_side(icd, o) == condition_apart_from_side(icd, right)
        };
        let Some(left) = codes.iter().find(|l| sided(icd, l, "left") && same(l)) else {
            continue;
        };
        let both = icd
            .billable_below(&right[..3])
            .into_iter()
            .find(|b| sided(icd, b, "bilateral") && same(b));
        let (Some(both), Some(at)) = (both, out.iter().position(|r| compact(&r.code) == *right))
        else {
            continue;
        };
        let why = format!(
            "instead of {} and {}: the condition is bilateral and the code set has a code for both sides (I.B.13)",
            dotted(right),
            dotted(left)
        );
        recode(icd, &mut out[at], &both, why);
        out.retain(|r| compact(&r.code) != *left);
    }
    out
}

/// One side coded for a condition a sentence says is on both sides: the bilateral code, also
/// at the encounter that treats the first side (I.B.13).
fn bilateral_while_both_exist(
    icd: &Icd10Cm,
    text: &str,
    mut out: Vec<Recommendation>,
) -> Vec<Recommendation> {
    // A text that nowhere says both sides has no sentence that does.
    if super::text::side(text) != Some("bilateral") {
        return out;
    }
    for r in out.iter_mut() {
        let c = compact(&r.code);
        if !(sided(icd, &c, "right") || sided(icd, &c, "left")) || c.len() < 4 {
            continue;
        }
        let condition = condition_apart_from_side(icd, &c);
        let both = icd
            .billable_below(&c[..c.len() - 1])
            .into_iter()
            .find(|b| sided(icd, b, "bilateral") && condition_apart_from_side(icd, b) == condition);
        let on_both_sides = text.split(['.', ';', '\n']).any(|sentence| {
            let said = Query::new(sentence);
            super::text::side(sentence) == Some("bilateral")
                && condition.iter().filter(|t| said.has(t)).count() * 2 >= condition.len()
        });
        if let Some(both) = both.filter(|_| on_both_sides) {
            let why = format!(
                "instead of {}: the condition is on both sides, and the bilateral code stays while both exist, also when one side is treated (I.B.13)",
                r.code
            );
            recode(icd, r, &both, why);
        }
    }
    out.dedup_by(|a, b| a.code == b.code);
    out
}

/// The code of the same line for the side the question names, where the code's title leaves
/// the side unspecified ("... of unspecified hand, subsequent encounter" → "of right hand").
fn on_side(icd: &Icd10Cm, code: &str, side: &str) -> String {
    let title = icd.title(code).unwrap_or_default();
    if !title.contains("unspecified") || code.len() < 5 {
        return code.to_owned();
    }
    let wanted = title.replacen("unspecified", side, 1);
    icd.billable_below(&code[..4])
        .into_iter()
        .find(|b| b.len() == code.len() && icd.title(b).is_some_and(|t| t == wanted))
        .unwrap_or_else(|| code.to_owned())
}

fn sided(icd: &Icd10Cm, code: &str, side: &str) -> bool {
    icd.title(code)
        .is_some_and(|t| t.to_lowercase().contains(side))
}

/// A title's terms without the side it names.
fn condition_apart_from_side(icd: &Icd10Cm, code: &str) -> Vec<String> {
    const SIDES: &[&str] = &["right", "left", "bilater", "unilater"];
    let mut terms = super::text::title_terms(&icd.title(code).unwrap_or_default());
    terms.retain(|t| !SIDES.iter().any(|s| t.starts_with(s)));
    terms.sort();
    terms
}

/// External cause codes follow the encounter of the injury they explain: the same 7th
/// character, and no place, activity or status code after the initial encounter (I.C.20.b,
/// I.C.20.c, I.C.20.k: "used only once, at the initial encounter").
fn external_causes_of_this_encounter(
    icd: &Icd10Cm,
    picked: Vec<Recommendation>,
    worded: char,
) -> Vec<Recommendation> {
    let external = |c: &str| c.starts_with(['V', 'W', 'X']) || ("Y00".."Y39").contains(&&c[..3]);
    let encounter = picked
        .iter()
        .map(|r| compact(&r.code))
        .find(|c| c.len() == 7 && c.starts_with(['S', 'T']))
        .and_then(|c| c.chars().last())
        .unwrap_or(worded);
    picked
        .into_iter()
        .filter(|r| {
            let c = compact(&r.code);
            is_initial(encounter) || !["Y92", "Y93", "Y99"].iter().any(|p| c.starts_with(p))
        })
        .map(|mut r| {
            let c = compact(&r.code);
            if c.len() == 7 && external(&c) && !c.ends_with(encounter) {
                let same = format!("{}{encounter}", &c[..6]);
                if icd.is_billable(&same) {
                    let why = format!(
                        "{} with the 7th character of the injury's encounter: {}",
                        dotted(&same),
                        r.why
                    );
                    recode(icd, &mut r, &same, why);
                }
            }
            r
        })
        .collect()
}

static DRUG_INDUCED: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    super::text::regex(r"(?i)\b[a-z]+-induced (?:diabetes|dm)\b|\bdiabetes (?:mellitus )?(?:due to|caused by|secondary to|from) (?:the |his |her )?(?:[a-z]+ )?(?:drugs?|medications?|steroids?|glucocorticoids?|prednisone|chemicals?)\b").unwrap()
});

/// Diabetes a drug caused, with the drug's adverse effect coded: drug or chemical induced
/// diabetes, E09 with the same complication (I.C.4.a.6.b.ii: E09 first, then the T code of the
/// adverse effect), not E11 or E13.
fn drug_induced_diabetes(
    icd: &Icd10Cm,
    text: &str,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let adverse_effect = picked
        .iter()
        .any(|p| drug_kind(&compact(&p.code)) == Some(b'5'));
    if !adverse_effect || !DRUG_INDUCED.is_match(text) {
        return picked;
    }
    for p in picked.iter_mut() {
        let c = compact(&p.code);
        if !["E08", "E10", "E11", "E13"].contains(&&c[..3]) {
            continue;
        }
        let e09 = format!("E09{}", &c[3..]);
        if icd.is_billable(&e09) {
            let why = format!(
                "instead of {}: diabetes a drug caused, with its adverse effect coded, is drug or chemical induced diabetes (I.C.4.a.6.b.ii)",
                p.code
            );
            recode(icd, p, &e09, why);
        }
    }
    picked
}

/// A bilateral condition whose subcategory has right and left codes but no bilateral one is
/// coded for each side (I.B.13): an unspecified-side code (L03.119) for "both lower legs"
/// becomes the right and the left code of the site the question's words name best (L03.115,
/// L03.116). Where the category has a bilateral code for the same condition elsewhere
/// (M18.0 "Bilateral primary osteoarthritis of first carpometacarpal joints" for M18.10), that
/// code is reported, and the one-sided codes of the category with it.
fn both_sides(
    icd: &Icd10Cm,
    search: &Index,
    q: &Query,
    text: &str,
    picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    if super::text::side(text) != Some("bilateral") {
        return picked;
    }
    let title = |b: &str| icd.title(b).unwrap_or_default().to_lowercase();
    let mut out: Vec<Recommendation> = Vec::new();
    let push = |out: &mut Vec<Recommendation>, r: Recommendation| {
        if !out.iter().any(|o| compact(&o.code) == compact(&r.code)) {
            out.push(r);
        }
    };
    let mut bilateral_categories: Vec<String> = Vec::new();
    // The sentences that say both sides, by their terms: a one-sided code of a condition one
    // of them names is that condition on one side of two.
    let bilateral_sentences: Vec<Vec<String>> = text
        .split(['.', ';', '\n'])
        .filter(|s| super::text::side(s) == Some("bilateral"))
        .map(super::text::title_terms)
        .collect();
    let picked_codes: Vec<String> = picked.iter().map(|r| compact(&r.code)).collect();
    for r in picked {
        let c = compact(&r.code);
        if c.len() < 5 {
            push(&mut out, r);
            continue;
        }
        // A condition whose own clauses give it one side ("right-sided tinnitus" beside
        // "bilateral presbycusis") is on that side only.
        let head = title(&c).split(',').next().unwrap_or_default().to_owned();
        if matches!(
            super::text::side_of(text, &super::ground::concepts(&head)),
            Some("right" | "left")
        ) {
            push(&mut out, r);
            continue;
        }
        if let Some(bilateral) = bilateral_sibling(icd, &c, &bilateral_sentences, &picked_codes) {
            let why = "the condition is bilateral and its subcategory has a code for both sides";
            push(&mut out, instead(icd, &r, &bilateral, why));
            continue;
        }
        if !title(&c).contains("unspecified") {
            let other = other_side_too(icd, &c, &bilateral_sentences);
            push(&mut out, r.clone());
            if let Some(other) = other {
                let why = "the condition is bilateral and there is no bilateral code, so each side is coded";
                push(&mut out, instead(icd, &r, &other, why));
            }
            continue;
        }
        let below = icd.billable_below(&c[..c.len() - 1]);
        let best = |side: &str| {
            below
                .iter()
                .filter(|b| title(b).contains(side))
                .max_by(|a, b| search.score(a, q).total_cmp(&search.score(b, q)))
                .cloned()
        };
        let has_bilateral = below.iter().any(|b| title(b).contains("bilateral"));
        if let Some(bilateral) = (!has_bilateral)
            .then(|| bilateral_elsewhere(icd, &c))
            .flatten()
        {
            bilateral_categories.push(c[..3].to_owned());
            let why = "the condition is bilateral and its category has a code for both sides";
            push(&mut out, instead(icd, &r, &bilateral, why));
            continue;
        }
        match (has_bilateral, best("right"), best("left")) {
            (false, Some(right), Some(left)) => {
                for side in [right, left] {
                    let why = "the condition is bilateral and there is no bilateral code, so each side is coded";
                    push(&mut out, instead(icd, &r, &side, why));
                }
            }
            _ => push(&mut out, r),
        }
    }
    let one_sided = |r: &Recommendation| {
        let c = compact(&r.code);
        let t = title(&c);
        bilateral_categories.contains(&c[..3].to_owned())
            && !t.contains("bilateral")
            && (t.contains("right") || t.contains("left"))
    };
    out.retain(|r| !one_sided(r));
    out
}

/// The other side's code of a one-sided code (H02.831 right upper eyelid → H02.834 left upper)
/// where a sentence that says both sides names its condition and its subcategory has no
/// bilateral code (I.B.13).
/// A one-sided code (M92.521 "right leg") of a condition a sentence says is on both sides, or
/// beside its other side's code (M92.522) in a question that says both, whose subcategory has
/// a bilateral line (M92.523): that line, for both (I.B.13).
fn bilateral_sibling(
    icd: &Icd10Cm,
    code: &str,
    bilateral_sentences: &[Vec<String>],
    picked: &[String],
) -> Option<String> {
    let title = icd.title(code)?.to_lowercase();
    if !(title.contains("right") || title.contains("left")) || title.contains("bilateral") {
        return None;
    }
    let siblings = icd.billable_below(&code[..code.len() - 1]);
    let mirror = mirror_title(&title)?;
    let mirror_picked = siblings
        .iter()
        .any(|b| picked.contains(b) && icd.title(b).is_some_and(|t| t.to_lowercase() == mirror));
    let concepts = super::ground::concepts(&title);
    if !mirror_picked
        && !bilateral_sentences
            .iter()
            .any(|terms| super::text::half_named(&concepts, terms))
    {
        return None;
    }
    let mut bilateral = siblings.into_iter().filter(|b| {
        icd.title(b)
            .is_some_and(|t| t.to_lowercase().contains("bilateral"))
    });
    match (bilateral.next(), bilateral.next()) {
        (Some(only), None) => Some(only),
        _ => None,
    }
}

/// A one-sided title with its other side ("..., right leg" → "..., left leg").
fn mirror_title(title: &str) -> Option<String> {
    if title.contains("right") {
        Some(title.replace("right", "left"))
    } else if title.contains("left") {
        Some(title.replace("left", "right"))
    } else {
        None
    }
}

fn other_side_too(
    icd: &Icd10Cm,
    code: &str,
    bilateral_sentences: &[Vec<String>],
) -> Option<String> {
    let title = icd.title(code)?.to_lowercase();
    let mirror = mirror_title(&title)?;
    let concepts = super::ground::concepts(&title);
    if !bilateral_sentences
        .iter()
        .any(|terms| super::text::half_named(&concepts, terms))
    {
        return None;
    }
    let siblings = icd.billable_below(&code[..code.len() - 1]);
    if siblings.iter().any(|b| {
        icd.title(b)
            .is_some_and(|t| t.to_lowercase().contains("bilateral"))
    }) {
        return None;
    }
    siblings
        .into_iter()
        .find(|b| icd.title(b).is_some_and(|t| t.to_lowercase() == mirror))
}

/// `code` reported in place of `r` for a reason of laterality (I.B.13), from the same message.
fn instead(icd: &Icd10Cm, r: &Recommendation, code: &str, why: &str) -> Recommendation {
    let mut by_side = named(icd, code);
    by_side.why = format!("instead of {}: {why} (I.B.13)", r.code);
    by_side.from = r.from.clone();
    by_side
}

/// The category's bilateral code for what an unspecified-side code says: nothing the
/// unspecified code does not say, once the side's words are set aside ("unspecified hand").
fn bilateral_elsewhere(icd: &Icd10Cm, unspecified: &str) -> Option<String> {
    const SIDE_WORDS: &[&str] = &[
        "unilateral",
        "bilateral",
        "unspecified",
        "right",
        "left",
        "side",
    ];
    let words = |c: &str| -> Vec<String> {
        super::ground::concepts(&icd.title(c).unwrap_or_default())
            .into_iter()
            .filter(|w| !SIDE_WORDS.iter().any(|s| super::text::stem(s) == *w))
            .collect()
    };
    let own = words(unspecified);
    if own.is_empty() {
        return None;
    }
    let mut found = icd
        .billable_below(&unspecified[..3])
        .into_iter()
        .filter(|b| {
            let t = icd.title(b).unwrap_or_default().to_lowercase();
            t.contains("bilateral") && {
                let theirs = words(b);
                theirs.len() >= 2 && theirs.iter().all(|w| own.contains(w))
            }
        });
    let first = found.next()?;
    found.next().is_none().then_some(first)
}

/// An "unspecified" code is for when the record is insufficient to assign a more specific
/// code (I.A.9.b): beside a code of its category that says more, the unspecified one is the
/// same condition said twice (N18.30 beside N18.32, L03.119 beside L03.115).
fn specified_over_unspecified(icd: &Icd10Cm, picked: Vec<Recommendation>) -> Vec<Recommendation> {
    let codes: Vec<String> = picked.iter().map(|r| compact(&r.code)).collect();
    // A title that ends "unspecified" leaves the condition itself open (I21.9 "Acute myocardial
    // infarction, unspecified"); one that leaves only a part open says more (I21.3 "STEMI ...
    // of unspecified site").
    let wholly_open = |c: &str| {
        icd.title(c)
            .is_some_and(|t| t.trim_end().to_lowercase().ends_with("unspecified"))
    };
    let said_better = |c: &str| {
        icd.says_unspecified(c)
            && codes.iter().any(|o| {
                o != c
                    && o[..3] == c[..3]
                    && (!icd.says_unspecified(o) || (wholly_open(c) && !wholly_open(o)))
            })
    };
    picked
        .into_iter()
        .filter(|r| !said_better(&compact(&r.code)))
        .collect()
}

/// A dementia the record says a disease causes (Alzheimer's, frontotemporal, Lewy body,
/// Parkinson's: the etiology code's "use additional code" note names F02) is the F02 line
/// after the disease (I.A.13), of the severity and the disturbance the question states
/// (I.C.5.d: mild, moderate, severe; agitation, other behavioral, psychotic, mood, anxiety),
/// in place of an unspecified dementia (F03) written for it; where the answer has no such
/// disease, the Index entry of the dementia the question names gives it (Dementia,
/// frontotemporal → G31.09).
fn dementia_with_the_disease_that_causes_it(
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
fn dementia_at_its_highest_severity(picked: Vec<Recommendation>) -> Vec<Recommendation> {
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

/// Burns of the same anatomic site and side but different degrees are classified to the
/// highest degree recorded (I.C.19.d.2): T23.162A and T23.262A, both the back of the left
/// hand, are T23.262A alone. The 4th character is the degree (burns 0-3, corrosions 4-7, 0
/// and 4 unspecified); the characters after it are the site, side and encounter.
fn highest_degree_of_each_burn(picked: Vec<Recommendation>) -> Vec<Recommendation> {
    let burn = |code: &str| -> Option<(String, u8)> {
        let c = compact(code);
        let b = c.as_bytes();
        let site = (c.len() == 7 && b[0] == b'T' && ("T20".."T26").contains(&&c[..3]))
            .then(|| format!("{}{}", &c[..3], &c[4..]))?;
        let degree = b[3].checked_sub(b'0')?;
        // Corrosions (4-7) are not burns: the site key keeps them apart.
        let (kind, degree) = if degree >= 4 {
            ('C', degree - 4)
        } else {
            ('B', degree)
        };
        (degree <= 3).then(|| (format!("{kind}{site}"), degree))
    };
    let highest = |site: &str| {
        picked
            .iter()
            .filter_map(|r| burn(&r.code))
            .filter(|(s, _)| s == site)
            .map(|(_, d)| d)
            .max()
            .unwrap_or(0)
    };
    let keep: Vec<bool> = picked
        .iter()
        .map(|r| burn(&r.code).is_none_or(|(s, d)| d >= highest(&s)))
        .collect();
    picked
        .into_iter()
        .zip(keep)
        .filter_map(|(r, k)| k.then_some(r))
        .collect()
}

/// Hypertension with a heart condition of I51.4-I51.7, I51.89 or I51.9 is hypertensive heart
/// disease, I11.9, the link presumed unless the record says the two are unrelated (I.C.9.a,
/// I.C.9.a.1); the heart condition is not coded beside it (I51.7 Excludes1 cardiomegaly due
/// to hypertension, I11.-). Heart failure (I11.0 with I50.-) is read from the words already.
static UNRELATED: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:unrelated|not (?:due to|related to|caused by|from) (?:the |her |his )?(?:htn|hypertension))\b").unwrap()
});

fn hypertensive_heart(
    icd: &Icd10Cm,
    text: &str,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let heart = |c: &str| {
        ["I514", "I515", "I516", "I517", "I5189", "I519"]
            .iter()
            .any(|h| c.starts_with(h))
    };
    // The record says the heart disease is not the hypertension's: no I11, hypertension is
    // I10 and the heart condition is coded on its own (I.C.9.a.1).
    // The heart condition the encounter is about goes first, the hypertension after it.
    if UNRELATED.is_match(text) {
        let Some(at) = picked
            .iter()
            .position(|r| compact(&r.code).starts_with("I11"))
        else {
            return picked;
        };
        let mut r = picked.remove(at);
        let why = format!(
            "instead of {}: the record says the heart disease is unrelated to the hypertension, so it is coded on its own with I10 (I.C.9.a.1)",
            r.code
        );
        recode(icd, &mut r, "I10", why);
        let after = picked
            .iter()
            .rposition(|p| !compact(&p.code).starts_with(['V', 'W', 'X', 'Y', 'Z']))
            .map_or(0, |i| i + 1);
        picked.insert(after, r);
        return picked;
    }
    let codes: Vec<String> = picked.iter().map(|r| compact(&r.code)).collect();
    let Some(condition) = codes.iter().find(|c| heart(c)).cloned() else {
        return picked;
    };
    if !codes.iter().any(|c| c == "I10")
        || codes
            .iter()
            .any(|c| c.starts_with("I11") || c.starts_with("I13") || c.starts_with("I50"))
        || UNRELATED.is_match(text)
    {
        return picked;
    }
    let mut out: Vec<Recommendation> = Vec::with_capacity(picked.len());
    for r in picked {
        let c = compact(&r.code);
        if c == "I10" {
            out.push(Recommendation {
                system: CodeSystem::Icd10cm,
                title: icd.title("I119").unwrap_or_default(),
                why: format!(
                    "instead of I10 and {}: hypertension with a heart condition of I51.4-I51.7, I51.89, I51.9 is hypertensive heart disease, the link presumed (I.C.9.a.1)",
                    dotted(&condition)
                ),
                evidence: icd.tabular_evidence("I119"),
                code: "I11.9".into(),
                from: None,
            });
        } else if !heart(&c) {
            out.push(r);
        }
    }
    out
}

/// A psychoactive substance's pattern of use as its code says it (F1x.1 abuse, F1x.2
/// dependence, F1x.9 use; the 4th character): the substance's category and the pattern's rank
/// in I.C.5.b.2's hierarchy, dependence highest.
fn pattern_of_use(code: &str) -> Option<(String, u8)> {
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
fn a_medical_condition_is_no_alcohol_induced_disorder(
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
fn one_pattern_of_use(picked: Vec<Recommendation>) -> Vec<Recommendation> {
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

/// The Z codes that may only be first-listed (I.C.21.c.15), as the guideline lists them.
fn first_listed_only(code: &str) -> bool {
    let starts = |prefixes: &[&str]| prefixes.iter().any(|p| code.starts_with(p));
    starts(&[
        "Z00", "Z01", "Z02", "Z04", "Z332", "Z3181", "Z3183", "Z3184", "Z34", "Z38", "Z39", "Z40",
        "Z42", "Z510", "Z511", "Z52", "Z761", "Z762", "Z9912",
    ]) && !starts(&["Z006", "Z529"])
}

/// Sorts by [`rank`], keeping the order found within a rank, then moves each code a code-first
/// note names ahead of the code whose note it is.
/// A code's own "use additional code" note (its line's or its category's) that names `other`:
/// the code goes before it (K94.22 Gastrostomy infection, "use additional code to specify type
/// of infection, such as cellulitis of abdominal wall (L03.311)"; I.A.13), and before the
/// tobacco use its note asks for (I21's "tobacco dependence (F17.-)"). A section's note
/// lists conditions that coexist, in no order, and a status code says no more than a status.
fn followed_by(icd: &Icd10Cm, host: &str, other: &str) -> Option<String> {
    let note = checks::use_additional_note(icd, host, other)?;
    let own = !note.starts_with("at section") && !note.starts_with("at chapter");
    let what_it_is = ["type of", "manifestation", "to specify", "tobacco", "level"]
        .iter()
        .any(|w| note.contains(w));
    let reversed = checks::code_first_note(icd, host, other).is_some();
    // Injuries, poisonings and their causes keep the order their own guidelines give
    // (I.C.19.e.5: a poisoning before its manifestation, an adverse effect after it).
    let ordered_elsewhere = |c: &str| compact(c).starts_with(['S', 'T', 'V', 'W', 'X', 'Y', 'Z']);
    (own && what_it_is && !reversed && !ordered_elsewhere(host) && !ordered_elsewhere(other))
        .then_some(note)
}

/// A code whose "code first" note asks for "any associated underlying cause" with no code
/// named (H54 blindness) follows a condition of its own chapter the answer reports: the cause
/// (H34.12, central retinal artery occlusion) is the code the note asks for first (I.A.13), as
/// atrial flutter is before the type 2 infarction it caused (I21.A1).
fn after_its_underlying_cause(icd: &Icd10Cm, host: &str, other: &str) -> Option<String> {
    let (h, o) = (compact(host), compact(other));
    let condition = |c: &str| !c.starts_with(['R', 'S', 'T', 'V', 'W', 'X', 'Y', 'Z']);
    if !condition(&o) || h.get(..1) != o.get(..1) {
        return None;
    }
    checks::code_first_notes(icd, &h)
        .into_iter()
        .find(|n| n.contains("underlying cause") && !n.contains(|c: char| c.is_ascii_digit()))
        .map(|n| {
            format!(
                "at {}: code first {}",
                &h[..3],
                n.trim_start_matches([',', ' '])
            )
        })
}

/// A newborn's birth weight line (P07.0-, P07.1-) goes before the weeks (P07.2-, P07.3-)
/// where both are reported (I.C.16.d).
fn birth_weight_before_the_weeks(picked: &mut Vec<Recommendation>) {
    let line = |r: &Recommendation, kinds: [&str; 2]| {
        let c = compact(&r.code);
        kinds.iter().any(|k| c.starts_with(k))
    };
    let weeks = picked.iter().position(|r| line(r, ["P072", "P073"]));
    let weight = picked.iter().position(|r| line(r, ["P070", "P071"]));
    if let (Some(weeks), Some(weight)) = (weeks, weight) {
        if weight > weeks {
            let r = picked.remove(weight);
            picked.insert(weeks, r);
        }
    }
}

/// A combination code that asks for its complication's code ("Diabetes, type 2, with,
/// osteomyelitis" → E11.69, "use additional code to identify complication") goes before the
/// complication its Index entry names (I.A.13, I.A.15).
fn complication_after_its_combination(icd: &Icd10Cm, picked: &mut Vec<Recommendation>) {
    let Some(at) = picked
        .iter()
        .position(|r| checks::asks_for_its_complication(icd, &r.code))
    else {
        return;
    };
    let Some(named) = picked[at]
        .evidence
        .split_once(", with, ")
        .and_then(|(_, rest)| rest.split_once(" →"))
        .map(|(named, _)| super::text::title_terms(named))
    else {
        return;
    };
    let complication = picked[..at].iter().position(|r| {
        let title = super::text::title_terms(&r.title);
        !named.is_empty() && named.iter().all(|w| title.contains(w))
    });
    if let Some(i) = complication {
        let mut r = picked.remove(at);
        r.why = format!(
            "{}; listed before {}: its note asks for the complication's code after it",
            r.why, picked[i].code
        );
        picked.insert(i, r);
    }
}

fn in_reporting_order(icd: &Icd10Cm, mut picked: Vec<Recommendation>) -> Vec<Recommendation> {
    picked.sort_by_key(|r| rank(icd, &r.code));
    birth_weight_before_the_weeks(&mut picked);
    most_serious_injury_first(&mut picked);
    complication_after_its_combination(icd, &mut picked);
    let mut moved: HashSet<(String, String)> = HashSet::new();
    let mut changed = true;
    while changed {
        changed = false;
        'pairs: for later in 0..picked.len() {
            for earlier in 0..later {
                let (first, second) = (picked[later].code.clone(), picked[earlier].code.clone());
                let note = checks::code_first_note(icd, &second, &first)
                    .or_else(|| followed_by(icd, &first, &second))
                    .or_else(|| after_its_underlying_cause(icd, &second, &first));
                if let Some(note) = note {
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::LazyLock;

    static ICD: LazyLock<(Icd10Cm, Index)> = LazyLock::new(|| {
        let icd = Icd10Cm::builtin().unwrap();
        let index = Index::build(&icd);
        (icd, index)
    });
    static BOOKS: LazyLock<lookup::Lookup> = LazyLock::new(|| lookup::Lookup::builtin().unwrap());

    #[test]
    fn a_condition_a_drug_treats_is_read_either_way_round_but_not_what_it_prevents() {
        let drugs = &BOOKS.drugs;
        assert!(on_a_drug(
            drugs,
            "hypothyroidism on levothyroxine",
            "Hypothyroidism"
        ));
        assert!(on_a_drug(
            drugs,
            "levothyroxine was continued for hypothyroidism",
            "Hypothyroidism"
        ));
        assert!(!on_a_drug(drugs, "heparin for stroke prevention", "Stroke"));
        assert!(!on_a_drug(
            drugs,
            "hypothyroidism, untreated",
            "Hypothyroidism"
        ));
    }

    #[test]
    fn a_note_s_condition_is_read_without_its_nonessential_words_and_reference() {
        assert_eq!(
            condition_of("mediastinal (thymic) large B-cell lymphoma (C85.2-)"),
            "mediastinal large b-cell lymphoma"
        );
        assert_eq!(
            condition_of("tobacco dependence (F17.2-)"),
            "tobacco dependence"
        );
        let words = super::super::text::title_terms("mediastinal large b-cell lymphoma");
        assert!(!close_together(
            "Diffuse large B-cell lymphoma of the cervical, mediastinal and para-aortic nodes.",
            &words
        ));
        assert!(close_together(
            "Primary mediastinal large B-cell lymphoma.",
            &words
        ));
    }

    #[test]
    fn an_other_line_of_the_mechanism_gives_way_to_the_indexed_one() {
        let icd = &ICD.0;
        assert!(a_catch_all_for(icd, "W17.89XA", "W13.8XXA"));
        assert!(!a_catch_all_for(icd, "W13.8XXA", "W17.89XA"));
        assert!(!a_catch_all_for(icd, "W01.0XXA", "W13.8XXA"));
    }

    #[test]
    fn a_code_asking_for_its_underlying_cause_first_follows_a_condition_of_its_chapter() {
        let icd = &ICD.0;
        assert!(after_its_underlying_cause(icd, "H54.42A4", "H34.12").is_some());
        assert!(after_its_underlying_cause(icd, "H54.42A4", "E11.9").is_none());
        assert!(after_its_underlying_cause(icd, "H34.12", "H54.42A4").is_none());
    }

    fn combined(text: &str, host: &str, other: &str) -> Option<String> {
        let (icd, search) = &*ICD;
        let note = checks::excludes1_note(icd, host, other)?;
        match combination(icd, search, &Query::new(text), host, other, &note)? {
            Coded::Both(r) => Some(r.code),
            Coded::Host(r) => Some(format!("{} beside {other}", r.code)),
        }
    }

    #[test]
    fn a_written_code_whose_condition_the_question_denies_is_not_read() {
        let (icd, _) = &*ICD;
        let aneurysm =
            "MRA: saccular aneurysm of the MCA; no hemorrhage on imaging. Encoder offered I60.7.";
        assert!(denies_every_concept_said(icd, aneurysm, "I60.7"));
        // A denial in the subject line governs its own line only.
        let stroke = "H/o stroke, no deficits\n\nHTN follow-up. Coder has I10.";
        assert!(!denies_every_concept_said(icd, stroke, "I10"));
        // A qualifier denied is no condition denied; a status is no condition.
        let afib = "Persistent AF, not long-standing, on edoxaban. Z79.01?";
        assert!(!denies_every_concept_said(icd, afib, "Z79.01"));
        // What is not diagnosed yet is a finding's to read.
        let bp = "BP 152/94; provider: 'elevated BP reading, no dx of HTN yet'. Coder: I10.";
        assert!(!denies_every_concept_said(icd, bp, "I10"));
    }

    #[test]
    fn a_concept_the_record_denies_before_or_after_it_is_denied() {
        let (icd, _) = &*ICD;
        let meningitis =
            "Pneumococcal meningitis; cultures negative, and sepsis was not documented.";
        assert!(denies_a_concept(icd, meningitis, "A40.3"));
        assert!(!denies_a_concept(icd, meningitis, "G00.1"));
        assert!(denies_a_concept(
            icd,
            "Sepsis criteria were not met.",
            "A41.9"
        ));
        assert!(!denies_a_concept(icd, "Sepsis due to E. coli.", "A41.51"));
        // A negative test denies what it tests for, its shorthand too.
        assert!(denies_a_concept(
            icd,
            "LP: HSV PCR neg, enterovirus pending.",
            "B00.3"
        ));
        assert!(!denies_a_concept(
            icd,
            "HSV PCR positive; meningitis.",
            "B00.3"
        ));
        // What a title itself says is absent is no denial of it.
        let myeloma = "Multiple myeloma, not in remission.";
        assert!(!denies_a_concept(icd, myeloma, "C90.00"));
    }

    #[test]
    fn a_corrected_malformation_s_history_line_names_it_or_its_system() {
        let (icd, _) = &*ICD;
        let history = |code: &str| history_of_malformation(icd, &compact(code));
        for (malformation, line) in [
            ("Q54.1", "Z87710"),
            ("Q21.10", "Z8774"),
            ("Q37.1", "Z87730"),
            ("Q39.1", "Z87731"),
            ("Q79.0", "Z87760"),
            ("Q65.01", "Z87768"),
        ] {
            assert_eq!(
                history(malformation).as_deref(),
                Some(line),
                "{malformation}"
            );
        }
    }

    #[test]
    fn a_note_s_condition_no_code_says_with_the_other_is_coded_beside_it() {
        assert_eq!(
            combined(
                "Cellulitis of the left forearm with acute lymphangitis.",
                "I89.1",
                "L03.114"
            )
            .as_deref(),
            Some("L03.124 beside L03.114")
        );
        // The other code says the note's condition already.
        assert_eq!(
            combined(
                "C5-C6 disc herniation with radiculopathy.",
                "M54.12",
                "M50.122"
            ),
            None
        );
    }

    #[test]
    fn an_excludes1_note_pointing_to_a_combination_gives_the_code_that_says_both() {
        assert_eq!(
            combined(
                "Acute calculous cholecystitis with gallstones, no obstruction.",
                "K81.0",
                "K80.20"
            )
            .as_deref(),
            Some("K80.00")
        );
        assert_eq!(
            combined(
                "CAD of native coronary arteries with unstable angina.",
                "I20.0",
                "I25.10"
            )
            .as_deref(),
            Some("I25.110")
        );
    }

    #[test]
    fn an_excludes1_pair_with_no_code_for_both_has_no_combination() {
        // Z21 excludes B20: the HIV disease code stands alone.
        assert_eq!(
            combined("AIDS with candidal esophagitis.", "Z21", "B20"),
            None
        );
        // Codes no note keeps apart.
        assert_eq!(combined("HTN and type 2 diabetes.", "I10", "E11.9"), None);
    }

    #[test]
    fn a_note_sending_one_condition_with_another_elsewhere_gives_the_code_for_both() {
        let (icd, _) = &*ICD;
        let pointed = |text: &str| {
            said_together_where_a_note_points(icd, text, "I34.0", "I35.0").map(|r| r.code)
        };
        assert_eq!(
            pointed("Moderate MR and moderate AS; cause not stated.").as_deref(),
            Some("I08.0")
        );
        // A cause denied or only asked about is no cause.
        assert_eq!(
            pointed("MR and AS (not called rheumatic or degenerative). Two nonrheumatic codes?")
                .as_deref(),
            Some("I08.0")
        );
        // The note is for a disorder of unspecified cause.
        assert_eq!(pointed("Degenerative MR and calcific AS."), None);
        // A note "with or without" something names no pair.
        assert_eq!(
            said_together_where_a_note_points(icd, "Lewy body dementia.", "F02.82", "G31.83"),
            None
        );
    }

    /// The codes a pass over the answer keeps, given the codes it starts from.
    fn through(
        pass: impl FnOnce(Vec<Recommendation>) -> Vec<Recommendation>,
        codes: &[&str],
    ) -> Vec<String> {
        pass(codes.iter().map(|c| rec(c)).collect())
            .into_iter()
            .map(|r| r.code)
            .collect()
    }

    fn rec(code: &str) -> Recommendation {
        Recommendation {
            system: CodeSystem::Icd10cm,
            code: code.into(),
            title: String::new(),
            why: String::new(),
            evidence: String::new(),
            from: None,
        }
    }

    #[test]
    fn a_written_line_is_completed_by_what_the_question_states_and_nothing_else() {
        let (icd, _) = &*ICD;
        let line = |text: &str, written: &str| {
            sibling_stated(icd, &Query::new(text), text, written).map(|(r, _)| r.code)
        };
        let recurrent =
            "ENT: 'recurrent acute suppurative otitis media, bilateral', no perforation.";
        assert_eq!(line(recurrent, "H66.003").as_deref(), Some("H66.006"));
        let first = "Acute suppurative otitis media of both ears, no perforation.";
        assert_eq!(line(first, "H66.003"), None);
    }

    #[test]
    fn a_combination_asking_for_its_complication_goes_before_the_one_its_entry_names() {
        let (icd, _) = &*ICD;
        let with = |code: &str, evidence: &str| Recommendation {
            title: icd.title(&compact(code)).unwrap_or_default(),
            evidence: evidence.into(),
            ..rec(code)
        };
        let diabetes = "Index (FY2025): Diabetes, type 2, with, osteomyelitis → E11.69";
        let order = |picked: Vec<Recommendation>| -> Vec<String> {
            in_reporting_order(icd, picked)
                .into_iter()
                .map(|r| r.code)
                .collect()
        };
        let toe = with(
            "M86.172",
            "Index (FY2025): Osteomyelitis, acute, toe → M86.17-",
        );
        assert_eq!(
            order(vec![toe, with("E11.69", diabetes)]),
            ["E11.69", "M86.172"]
        );
        // A code its entry does not name keeps its place.
        let hypertension = with("I10", "Index (FY2025): Hypertension → I10");
        assert_eq!(
            order(vec![hypertension, with("E11.69", diabetes)]),
            ["I10", "E11.69"]
        );
    }

    /// The codes rule `name` of [`ANSWER_RULES`] keeps for the question `text`.
    fn by_rule(name: &str, text: &str, given: &[&str]) -> Vec<String> {
        let (icd, search) = &*ICD;
        let rule = ANSWER_RULES
            .iter()
            .find(|r| r.name == name)
            .unwrap_or_else(|| panic!("no answer rule {name}"));
        let q = Query::new(text);
        let index = &BOOKS.index;
        let paths = index.paths(q.terms(), &|w: &str| q.has(w));
        let found = entries::entries(icd, index, search, &q, text, &paths);
        let answering = Answering {
            icd,
            index,
            external: &BOOKS.external,
            entries: &found,
            search,
            q: &q,
            text,
        };
        through(|p| (rule.pass)(&answering, p), given)
    }

    /// For each rule over the answer: a question where it changes the answer (the codes or
    /// their order) and one where it leaves the answer as it is.
    type Example = (
        &'static str,
        &'static str,
        &'static [&'static str],
        &'static [&'static str],
    );
    const EXAMPLES: &[Example] = &[
        (
            "no_external_cause_a_drug_code_holds",
            "ED: clonazepam slipped into her drink at a bar, an assault; drowsy, discharged.",
            &["T42.4X3A", "X95.8XXA"],
            &["T42.4X3A"],
        ),
        (
            "no_external_cause_a_drug_code_holds",
            "House fire: smoke inhalation and a burn of the right hand.",
            &["T59.811A", "T23.201A", "X00.0XXA"],
            &["T59.811A", "T23.201A", "X00.0XXA"],
        ),
        (
            "no_ill_defined_site_beside_a_defined_one",
            "Thoracic surgery: adenocarcinoma in situ of the right upper lobe, wedge resection.",
            &["D09.8", "D02.21"],
            &["D02.21"],
        ),
        (
            "the_transplant_in_its_complication",
            "Admitted with acute rejection of a deceased-donor kidney transplant.",
            &["T86.11", "Z94.0", "Z52.4"],
            &["T86.11"],
        ),
        (
            "the_transplant_in_its_complication",
            "Living donor admitted for donation of her left kidney to her brother.",
            &["Z52.4"],
            &["Z52.4"],
        ),
        (
            "no_therapy_encounter_the_question_does_not_say",
            "Outpatient surgery: known pancreatic cancer on chemotherapy, excision of an umbilical nodule.",
            &["Z51.11", "C79.2", "C25.0"],
            &["C79.2", "C25.0"],
        ),
        (
            "no_therapy_encounter_the_question_does_not_say",
            "Infusion center: here for cycle 3 of FOLFOX for colon cancer.",
            &["Z51.11", "C18.9"],
            &["Z51.11", "C18.9"],
        ),
        (
            "what_another_person_has_is_a_contact",
            "Sexual health clinic: his partner was diagnosed with gonorrhea 3 days ago; he has no symptoms.",
            &["A54.9"],
            &["Z20.2"],
        ),
        (
            "what_another_person_has_is_a_contact",
            "His partner was diagnosed with gonorrhea; he has urethral discharge and his own NAAT shows gonorrhea.",
            &["A54.9"],
            &["A54.9"],
        ),
        (
            "no_urinary_infection_of_no_site_beside_its_site",
            "Acute bacterial prostatitis due to Enterococcus; coder added N39.0.",
            &["N39.0", "N41.0", "B95.2"],
            &["N41.0", "B95.2"],
        ),
        (
            "no_urinary_infection_of_no_site_beside_its_site",
            "UTI with E. coli, site not documented.",
            &["N39.0", "B96.20"],
            &["N39.0", "B96.20"],
        ),
        (
            "no_ill_defined_site_beside_a_defined_one",
            "Malignant neoplasm of the thorax, site not further specified.",
            &["C76.1"],
            &["C76.1"],
        ),
        (
            "the_postoperative_diagnosis",
            "ASC: thigh mass excised. Final pathology: hemangiopericytoma. The coder entered D17.23 from the pre-op note.",
            &["D17.23", "D48.19"],
            &["D48.19"],
        ),
        (
            "the_postoperative_diagnosis",
            "ASC: lipoma of the thigh excised; final pathology confirms lipoma. Coder: D17.23.",
            &["D17.23"],
            &["D17.23"],
        ),
        (
            "each_site_its_entry_names",
            "Primary focal hyperhidrosis of the axillae and palms, botox today.",
            &["L74.512"],
            &["L74.512", "L74.510"],
        ),
        (
            "each_site_its_entry_names",
            "Primary focal hyperhidrosis of the palms.",
            &["L74.512"],
            &["L74.512"],
        ),
        (
            "glaucoma_by_eye_and_stage",
            "Pigmentary glaucoma OU; the right eye is moderate and the left eye mild.",
            &["H40.1331"],
            &["H40.1312", "H40.1321"],
        ),
        (
            "glaucoma_by_eye_and_stage",
            "Pigmentary glaucoma of both eyes, mild stage.",
            &["H40.1331"],
            &["H40.1331"],
        ),
        (
            "each_eyelid_named",
            "External hordeolum of the left upper lid and a second one on the left lower lid.",
            &["H00.014"],
            &["H00.014", "H00.015"],
        ),
        (
            "each_eyelid_named",
            "External hordeolum of the left upper lid.",
            &["H00.014"],
            &["H00.014"],
        ),
        (
            "no_aftercare_code_for_a_device_complication",
            "Hardware removal for chronic pain over the prominent plate, due to the hardware.",
            &["Z47.2", "T84.84XA"],
            &["T84.84XA"],
        ),
        (
            "no_aftercare_code_for_a_device_complication",
            "Planned removal of the ankle plate, healed fracture, no pain.",
            &["Z47.2", "S82.63XD"],
            &["Z47.2", "S82.63XD"],
        ),
        (
            "no_weeks_of_gestation_after_the_pregnancy",
            "Retained products two weeks after a spontaneous abortion at 8 weeks; D&C today.",
            &["O03.4", "Z3A.10"],
            &["O03.4"],
        ),
        (
            "no_weeks_of_gestation_after_the_pregnancy",
            "Hyperemesis at 10 weeks with dehydration.",
            &["O21.1", "Z3A.10"],
            &["O21.1", "Z3A.10"],
        ),
        (
            "a_stillbirth_is_coded_alone",
            "Separate record for a stillborn male at 36 weeks; tight true knot of the cord.",
            &["Z38.00", "P95", "P02.5", "P07.39"],
            &["P95"],
        ),
        (
            "a_stillbirth_is_coded_alone",
            "Liveborn male at 36 weeks, delivered vaginally; tight true knot of the cord.",
            &["Z38.00", "P02.5", "P07.39"],
            &["Z38.00", "P02.5", "P07.39"],
        ),
        (
            "normal_delivery_only_when_uncomplicated",
            "Scheduled primary cesarean for persistent frank breech at 39 weeks, liveborn.",
            &["O32.1XX0", "O82", "Z37.0", "Z3A.39"],
            &["O32.1XX0", "Z37.0", "Z3A.39"],
        ),
        (
            "normal_delivery_only_when_uncomplicated",
            "Elective cesarean at maternal request at 39 weeks, no indication, liveborn.",
            &["O82", "Z37.0", "Z3A.39"],
            &["O82", "Z37.0", "Z3A.39"],
        ),
        (
            "diabetes_of_the_stated_type",
            "Diabetic CKD stage 3a, on insulin; the type of diabetes is not documented anywhere.",
            &["E10.22", "N18.31"],
            &["E11.22", "N18.31", "Z79.4"],
        ),
        (
            "diabetes_of_the_stated_type",
            "Diabetes due to alcohol-induced chronic pancreatitis (type 3c), on insulin.",
            &["E11.9", "K86.0", "Z79.4"],
            &["E08.9", "K86.0", "Z79.4"],
        ),
        (
            "diabetes_of_the_stated_type",
            "Diabetes due to poor compliance with diet, on insulin.",
            &["E11.65", "Z79.4"],
            &["E11.65", "Z79.4"],
        ),
        (
            "corrected_malformation_is_history",
            "Meatal stricture after penile hypospadias repaired at age 2.",
            &["Q54.1", "N99.110"],
            &["Z87.710", "N99.110"],
        ),
        (
            "corrected_malformation_is_history",
            "Penile hypospadias, repair planned next month.",
            &["Q54.1"],
            &["Q54.1"],
        ),
        (
            "sequela_of_a_past_cerebrovascular_event",
            "Neuro rehab: left cerebellar hemorrhage 8 months ago, residual gait ataxia.",
            &["I61.4", "I10"],
            &["I69.193", "I10"],
        ),
        (
            "sequela_of_a_past_cerebrovascular_event",
            "ED: acute left cerebellar hemorrhage today, ataxic.",
            &["I61.4"],
            &["I61.4"],
        ),
        (
            "sequela_of_an_old_injury",
            "Post-traumatic osteoarthritis of the right ankle, 3 years after ORIF of a trimalleolar fracture from a cow kick.",
            &["M19.171", "S82.851D", "W55.22XD"],
            &["M19.171", "S82.851S", "W55.22XS"],
        ),
        (
            "the_condition_the_stay_is_for",
            "Inpatient: admitted for cellulitis of the left leg. Glaucoma stage digit for H40.221?",
            &["H40.2212"],
            &["L03.116", "H40.2212"],
        ),
        (
            "the_condition_the_stay_is_for",
            "Inpatient: admitted for elective left total knee replacement for primary osteoarthritis.",
            &["M17.12"],
            &["M17.12"],
        ),
        (
            "the_highest_glaucoma_stage",
            "Chronic angle-closure glaucoma of the right eye recorded as mild stage on day 2, restaged as moderate stage on day 10.",
            &["H40.2210"],
            &["H40.2212"],
        ),
        (
            "the_highest_glaucoma_stage",
            "Chronic angle-closure glaucoma of the right eye, stage not recorded; moderate aortic stenosis.",
            &["H40.2210"],
            &["H40.2210"],
        ),
        (
            "each_code_on_the_side_said_with_it",
            "Admitted for cellulitis of the left leg; known chronic angle-closure glaucoma of the right eye.",
            &["L03.115", "H40.2211"],
            &["L03.116", "H40.2211"],
        ),
        (
            "each_code_on_the_side_said_with_it",
            "Path: (1) L upper arm - compound nevus; (2) R thigh - melanocytic nevus.",
            &["D22.62", "D22.71"],
            &["D22.62", "D22.71"],
        ),
        (
            "one_code_for_a_lesion_across_sites",
            "Cystectomy: one urothelial carcinoma extending continuously from the dome onto the left lateral wall.",
            &["C67.1", "C67.2"],
            &["C67.8"],
        ),
        (
            "one_code_for_a_lesion_across_sites",
            "Two separate urothelial carcinomas, one at the dome and one on the trigone.",
            &["C67.1", "C67.0"],
            &["C67.1", "C67.0"],
        ),
        (
            "one_code_for_a_lesion_across_sites",
            "Invasive ductal carcinoma of the right breast, one 3 cm mass straddling the upper-inner and upper-outer quadrants.",
            &["C50.811", "C50.211", "C50.411"],
            &["C50.811"],
        ),
        (
            "one_code_for_a_lesion_across_sites",
            "Two separate carcinomas of the right breast, one upper-inner and one upper-outer quadrant.",
            &["C50.211", "C50.411"],
            &["C50.211", "C50.411"],
        ),
        (
            "one_line_for_two_of_its_category",
            "Lap chole: acute and chronic cholecystitis with cholelithiasis.",
            &["K80.00", "K80.10"],
            &["K80.12"],
        ),
        (
            "one_line_for_two_of_its_category",
            "Acute cholecystitis with cholelithiasis, and a CBD stone with cholangitis.",
            &["K80.00", "K80.30"],
            &["K80.00", "K80.30"],
        ),
        (
            "a_resolved_condition_is_history",
            "Inpatient for diverticulitis; h/o PE three years ago, finished treatment, stays on apixaban.",
            &["K57.32", "I26.99", "Z79.01"],
            &["K57.32", "Z79.01", "Z86.711"],
        ),
        (
            "a_present_condition_is_no_history",
            "Duplex: chronic DVT of the left femoral vein, non-occlusive thrombus; continue apixaban.",
            &["Z86.718", "Z79.01"],
            &["I82.512", "Z79.01"],
        ),
        (
            "a_present_condition_is_no_history",
            "DVT of the left femoral vein last year, treated 3 months; no thrombus on today's duplex.",
            &["Z86.718"],
            &["Z86.718"],
        ),
        (
            "a_resolved_condition_is_history",
            "Inpatient for diverticulitis; h/o PE three years ago, now a new saddle PE on CT.",
            &["K57.32", "I26.99"],
            &["K57.32", "I26.99"],
        ),
        (
            "the_sequela_of_its_cause",
            "Rectovaginal fistula, sequela of an obstetric fourth-degree laceration 14 months ago.",
            &["O70.3", "N82.3"],
            &["N82.3", "O94"],
        ),
        // A condition back again is reported for its current episode beside the sequela.
        (
            "the_sequela_of_its_cause",
            "Pulmonary fibrosis, a sequela of his first COVID-19 pneumonia; now a COVID-19 reinfection.",
            &["U07.1", "J84.10", "J12.82"],
            &["U07.1", "J84.10", "U09.9"],
        ),
        (
            "the_sequela_of_its_cause",
            "Rectovaginal fistula found 14 months after a fourth-degree obstetric laceration, no residual of it otherwise.",
            &["O70.3", "N82.3"],
            &["O70.3", "N82.3"],
        ),
        (
            "sequela_of_an_old_injury",
            "PTSD (post-traumatic stress disorder) and a new displaced trimalleolar fracture of the right ankle.",
            &["F43.10", "S82.851A"],
            &["F43.10", "S82.851A"],
        ),
        (
            "postoperative_pain_acute_unless_chronic",
            "Post-thoracotomy pain 7 months out; the note never says acute or chronic.",
            &["G89.22"],
            &["G89.12"],
        ),
        (
            "postoperative_pain_acute_unless_chronic",
            "Chronic post-thoracotomy pain, intercostal blocks today.",
            &["G89.22"],
            &["G89.22"],
        ),
        (
            "no_code_for_expected_postoperative_pain",
            "Admitted after a hernia repair; progress note: expected post-op pain, no complications.",
            &["G89.18", "K40.90"],
            &["K40.90"],
        ),
        (
            "no_code_for_expected_postoperative_pain",
            "Severe post-thoracotomy pain beyond what is expected, admitted for a PCA.",
            &["G89.12"],
            &["G89.12"],
        ),
        (
            "external_cause_of_the_stated_intent",
            "Wound check of a gunshot wound of the thigh from a stray bullet; intent unknown.",
            &["S71.132D", "Y24.9XXD"],
            &["S71.132D", "W34.00XD"],
        ),
        (
            "external_cause_of_the_stated_intent",
            "GSW of the thigh; police say it cannot be determined whether it was accidental.",
            &["S71.132A", "Y24.9XXA"],
            &["S71.132A", "Y24.9XXA"],
        ),
        (
            "external_cause_of_the_stated_intent",
            "Shot in the arm during an assault outside a bar.",
            &["S41.131A", "Y24.9XXA"],
            &["S41.131A", "X95.9XXA"],
        ),
        (
            "rehabilitation_for_its_condition",
            "Inpatient rehab admission after Guillain-Barre syndrome, still weak.",
            &["Z51.89", "R53.1", "G61.0"],
            &["G61.0", "R53.1"],
        ),
        (
            "rehabilitation_for_its_condition",
            "Clinic visit for Guillain-Barre syndrome follow-up.",
            &["Z51.89", "G61.0"],
            &["Z51.89", "G61.0"],
        ),
        (
            "myocardial_infarction_of_the_stated_type",
            "Cards: type 2 MI (demand ischemia) d/t atrial flutter with RVR, NSTEMI pattern.",
            &["I48.92", "I21.4"],
            &["I48.92", "I21.A1"],
        ),
        (
            "myocardial_infarction_of_the_stated_type",
            "NSTEMI, cath showed a 95% LAD lesion, stented; type 2 diabetes.",
            &["I21.4", "E11.9"],
            &["I21.4", "E11.9"],
        ),
        (
            "neoplasm_related_pain",
            "Admitted for intractable cancer-related back pain; esophageal ca with T-spine mets.",
            &["C15.5", "C79.51", "G89.29"],
            &["C15.5", "C79.51", "G89.3"],
        ),
        (
            "neoplasm_related_pain",
            "Chronic low back pain from lumbar spondylosis; breast ca in remission on letrozole.",
            &["G89.29", "M47.816", "C50.911"],
            &["G89.29", "M47.816", "C50.911"],
        ),
        (
            "each_diabetic_complication",
            "T1DM on pump with diabetic CKD stage 3a and diabetic gastroparesis.",
            &["E10.8", "N18.31"],
            &["E10.22", "E10.43", "N18.31"],
        ),
        (
            "each_diabetic_complication",
            "T2DM, well controlled, no complications; HTN.",
            &["E11.9", "I10"],
            &["E11.9", "I10"],
        ),
        (
            "pressure_ulcer_stage_as_documented",
            "Occipital pressure injury: full-thickness skin loss with visible fat, no bone or tendon exposed. Unstageable because no stage was written?",
            &["L89.810"],
            &["L89.813"],
        ),
        (
            "pressure_ulcer_stage_as_documented",
            "Sacral pressure ulcer with exposed bone at the base.",
            &["L89.159"],
            &["L89.154"],
        ),
        (
            "pressure_ulcer_stage_as_documented",
            "Sacral PU stage 4, healing; L heel unstageable, eschar; R buttock deep tissue pressure injury.",
            &["L89.159", "L89.624", "L89.313"],
            &["L89.154", "L89.620", "L89.316"],
        ),
        (
            "pressure_ulcer_stage_as_documented",
            "L heel pressure ulcer unstageable, eschar; after debridement bone exposed, stage 4.",
            &["L89.620"],
            &["L89.624"],
        ),
        (
            "pressure_ulcer_stage_as_documented",
            "Inpatient: L hip pressure ulcer stage 2 POA, progressed to stage 3 by day 10.",
            &["L89.222"],
            &["L89.222", "L89.223"],
        ),
        (
            "pressure_ulcer_stage_as_documented",
            "Stage 2 pressure ulcer of the R heel; L heel intact.",
            &["L89.612"],
            &["L89.612"],
        ),
        (
            "an_osteoporotic_fracture",
            "Known osteoporosis; tripped at home and fell from standing: L distal radius fx.",
            &["S52.502A", "M81.0", "W18.09XA"],
            &["M80.032A", "W18.09XA"],
        ),
        (
            "an_osteoporotic_fracture",
            "Known osteoporosis; fell from a ladder: L distal radius fx.",
            &["S52.502A", "M81.0", "W11.XXXA"],
            &["S52.502A", "M81.0", "W11.XXXA"],
        ),
        (
            "nothing_the_provider_says_it_is_not",
            "Inpatient. Half the team wants staph sepsis. Attending's diagnosis: 'toxic shock syndrome due to MSSA; not sepsis.'",
            &["A41.01", "A48.3", "R65.21"],
            &["A48.3"],
        ),
        (
            "nothing_the_provider_says_it_is_not",
            "Inpatient. Cardiology documents 'type 1 NSTEMI, not related to the eye surgery; no current thrombosis.'",
            &["I21.4", "H25.12", "Z86.718"],
            &["I21.4", "H25.12", "Z86.718"],
        ),
        (
            "the_organism_its_note_asks_for",
            "Inpatient: toxic shock syndrome, vaginal culture grew methicillin-susceptible Staphylococcus aureus.",
            &["A48.3"],
            &["A48.3", "B95.61"],
        ),
        (
            "the_organism_its_note_asks_for",
            "Inpatient: toxic shock syndrome, cultures negative.",
            &["A48.3"],
            &["A48.3"],
        ),
        (
            "no_finding_no_provider_addressed",
            "Inpatient: diverticular bleed; the CT read mentions a right adrenal nodule that no provider addressed. Coder: K57.31, E27.8.",
            &["K57.31", "E27.8"],
            &["K57.31"],
        ),
        (
            "no_finding_no_provider_addressed",
            "Inpatient: diverticular bleed; endocrinology evaluated the right adrenal nodule on CT. Coder: K57.31, E27.8.",
            &["K57.31", "E27.8"],
            &["K57.31", "E27.8"],
        ),
        (
            "no_written_code_for_an_unsaid_condition",
            "Endocrinology: subacute granulomatous (de Quervain) thyroiditis. When the coder typed 'de Quervain' the encoder returned M65.4. Is that right?",
            &["M65.4", "E06.1"],
            &["E06.1"],
        ),
        (
            "no_written_code_for_an_unsaid_condition",
            "Hand clinic: radial styloid tenosynovitis (de Quervain) of the right wrist; the encoder returned M65.4. Anything else?",
            &["M65.4", "E06.1"],
            &["M65.4", "E06.1"],
        ),
        (
            "nothing_the_work_up_ruled_out",
            "Inpatient: acute pyelonephritis due to E. coli; sepsis was considered and ruled out.",
            &["A41.51", "N10", "B96.20"],
            &["N10", "B96.20"],
        ),
        (
            "nothing_the_work_up_ruled_out",
            "Inpatient: E. coli sepsis from acute pyelonephritis; meningitis was ruled out by LP.",
            &["A41.51", "N10"],
            &["A41.51", "N10"],
        ),
        (
            "established_at_discharge",
            "Inpatient 4 days. Discharge summary final diagnosis: acute appendicitis versus acute diverticulitis of the large intestine, treated nonoperatively.",
            &["R10.31"],
            &["K35.80", "K57.32"],
        ),
        (
            "established_at_discharge",
            "Office visit: RLQ pain, acute appendicitis versus acute diverticulitis of the sigmoid colon; CT ordered.",
            &["R10.31"],
            &["R10.31"],
        ),
        (
            "established_at_discharge",
            "Inpatient: admitted with fever and hypoxia after choking. Discharge summary: likely aspiration pneumonia, treated with Unasyn.",
            &["R50.9", "R09.02"],
            &["J69.0"],
        ),
        (
            "established_at_discharge",
            "Inpatient discharge summary: probable avian influenza with pneumonia, state lab pending.",
            &["J09.X1"],
            &["J11.00"],
        ),
        (
            "established_at_discharge",
            "Clinic visit: cough and fever, likely pneumonia, CXR ordered.",
            &["R05.9", "R50.9"],
            &["R05.9", "R50.9"],
        ),
        (
            "established_at_discharge",
            "Inpatient: admitted for chest pain, r/o MI. Troponins negative, MI ruled out; discharged.",
            &["R07.9"],
            &["R07.9"],
        ),
        (
            "a_post_term_pregnancy_is_no_routine_visit",
            "OB: 41w2d, here for NST and AFI, no complaints.",
            &["Z34.83", "Z3A.41"],
            &["O48.0", "Z3A.41"],
        ),
        (
            "a_post_term_pregnancy_is_no_routine_visit",
            "OB: routine prenatal visit at 39w4d, no complaints.",
            &["Z34.83", "Z3A.39"],
            &["Z34.83", "Z3A.39"],
        ),
        (
            "a_pathologic_fracture_is_no_injury",
            "Fx of the R humeral shaft through a lytic metastatic lesion; pathologic fracture due to metastatic prostate cancer.",
            &["S42.301A", "C79.51", "C61"],
            &["M84.521A", "C79.51", "C61"],
        ),
        (
            "a_pathologic_fracture_is_no_injury",
            "Fell off a ladder: fx of the R humeral shaft, history of prostate cancer.",
            &["S42.301A", "Z85.46"],
            &["S42.301A", "Z85.46"],
        ),
        (
            "not_first_when_it_arose_after_admission",
            "Inpatient: admitted from the ED with bronchopneumonia. Attending: 'acute hypoxic respiratory failure due to the pneumonia, developed after admission'.",
            &["J96.01", "J18.0"],
            &["J18.0", "J96.01"],
        ),
        (
            "not_first_when_it_arose_after_admission",
            "Inpatient: admitted with acute hypoxic respiratory failure due to bronchopneumonia.",
            &["J96.01", "J18.0"],
            &["J96.01", "J18.0"],
        ),
        (
            "a_pain_code_when_the_encounter_is_for_pain_control",
            "Outpatient surgery: chronic neuropathic foot pain from diabetic polyneuropathy; spinal cord stimulator placed for pain control.",
            &["E11.42"],
            &["G89.29", "E11.42"],
        ),
        (
            "a_pain_code_when_the_encounter_is_for_pain_control",
            "Outpatient surgery: spinal cord stimulator placed for pain control of painful diabetic polyneuropathy.",
            &["E11.42"],
            &["E11.42"],
        ),
        (
            "no_pain_code_when_the_procedure_treats_its_cause",
            "Inpatient: admitted for elective L4-L5 decompression and fusion for degenerative spondylolisthesis with chronic low back pain.",
            &["M43.16", "G89.29", "M54.50"],
            &["M43.16"],
        ),
        (
            "no_pain_code_when_the_procedure_treats_its_cause",
            "Pain clinic: L4-L5 spondylolisthesis with chronic low back pain, here for an epidural steroid injection for pain control.",
            &["G89.29", "M54.50", "M43.16"],
            &["G89.29", "M54.50", "M43.16"],
        ),
        (
            "a_cancelled_procedure_is_z53",
            "ASC: scheduled right carpal tunnel release; fever and cough in pre-op, acute URI - case cancelled.",
            &["J06.9", "G56.01"],
            &["G56.01", "Z53.09", "J06.9"],
        ),
        (
            "a_cancelled_procedure_is_z53",
            "ASC: right carpal tunnel release done today, no complications.",
            &["G56.01"],
            &["G56.01"],
        ),
        (
            "a_bmi_goes_with_its_weight_diagnosis",
            "Prenatal visit at 26 weeks, pregnancy complicated by class 2 obesity, BMI 39.",
            &["O99.212", "E66.812", "Z68.39", "Z3A.26"],
            &["O99.212", "E66.812", "Z3A.26"],
        ),
        (
            "a_bmi_goes_with_its_weight_diagnosis",
            "Office: adult with obesity, BMI 31.2, diet counseling.",
            &["Z68.31"],
            &["E66.9", "Z68.31"],
        ),
        (
            "a_bmi_goes_with_its_weight_diagnosis",
            "Office: BMI 31.2 noted at a sprain visit, no weight diagnosis.",
            &["Z68.31"],
            &["Z68.31"],
        ),
        (
            "a_healed_osteoporotic_fracture_is_history",
            "Postmenopausal osteoporosis, denosumab injection; an osteoporotic L1 fracture 3 years ago has healed, no new fracture.",
            &["M80.08XD", "S32.010A"],
            &["M81.0", "Z87.310"],
        ),
        (
            "a_healed_osteoporotic_fracture_is_history",
            "Postmenopausal osteoporosis, L1 fragility fracture last month, routine healing.",
            &["M80.08XD"],
            &["M80.08XD"],
        ),
        (
            "a_read_test_s_diagnosis_not_its_symptoms",
            "Outpatient Holter for palpitations; the final interpretation reads frequent PVCs.",
            &["R00.2", "I49.3"],
            &["I49.3"],
        ),
        (
            "a_read_test_s_diagnosis_not_its_symptoms",
            "Outpatient Holter for palpitations ordered; results pending. Known HTN.",
            &["R00.2", "I10"],
            &["R00.2", "I10"],
        ),
        (
            "no_newborn_code_on_the_mother_s_record",
            "Uncomplicated vaginal delivery at 39 weeks; GBS positive, penicillin in labor.",
            &["O80", "Z37.0", "Z22.330", "P00.82", "Z3A.39"],
            &["O80", "Z37.0", "Z22.330", "Z3A.39"],
        ),
        (
            "no_newborn_code_on_the_mother_s_record",
            "Newborn record: born here vaginally, affected by maternal GBS colonization.",
            &["Z38.00", "P00.82"],
            &["Z38.00", "P00.82"],
        ),
        (
            "the_birth_record_starts_with_z38",
            "Audiology: a 3-week-old born at term at our hospital failed the newborn hearing screen; diagnostic ABR today.",
            &["Z01.110"],
            &["Z01.110"],
        ),
        (
            "the_birth_record_starts_with_z38",
            "Nursery: term boy born by spontaneous vaginal delivery in our hospital, cephalohematoma.",
            &["O80", "P12.0"],
            &["Z38.00", "P12.0"],
        ),
        (
            "the_birth_record_starts_with_z38",
            "Ophthalmology: 4-month-old born at 27 weeks, here for ROP follow-up.",
            &["H35.133"],
            &["H35.133"],
        ),
        (
            "the_birth_record_starts_with_z38",
            "Newborn record: term girl delivered precipitously in the family car on the way in, healthy.",
            &["Z38.00"],
            &["Z38.1"],
        ),
        (
            "hypertensive_heart_disease",
            "Cardiology: dilated cardiomyopathy with chronic systolic heart failure; mild essential HTN. 'HFrEF is not related to his hypertension.'",
            &["I11.0", "I50.22", "I42.0"],
            &["I50.22", "I42.0", "I10"],
        ),
        (
            "hemiplegia_by_side_and_dominance",
            "PM&R: left spastic hemiparesis two years after a TBI, handedness not documented.",
            &["G81.10"],
            &["G81.14"],
        ),
        (
            "hemiplegia_by_side_and_dominance",
            "PM&R: spastic hemiparesis two years after a TBI, side not documented.",
            &["G81.10"],
            &["G81.10"],
        ),
        (
            "a_pathologic_fracture_is_no_injury",
            "Runner, no injury: stress fracture of the left 3rd metatarsal.",
            &["S92.332A", "S99.102A"],
            &["M84.375A"],
        ),
        (
            "nothing_the_question_denies",
            "Inpatient: type 1 diabetes in DKA, no coma.",
            &["E10.11"],
            &["E10.10"],
        ),
        (
            "nothing_the_question_denies",
            "Inpatient: type 1 diabetes in DKA with coma.",
            &["E10.11"],
            &["E10.11"],
        ),
        (
            "a_healed_pressure_ulcer_is_not_coded",
            "Admitted for pneumonia; sacral pressure injury completely healed, intact scar.",
            &["J18.9", "L89.153"],
            &["J18.9"],
        ),
        (
            "a_healed_pressure_ulcer_is_not_coded",
            "Admitted for pneumonia; sacral pressure ulcer stage 3, healing, dressing changes.",
            &["J18.9", "L89.153"],
            &["J18.9", "L89.153"],
        ),
        (
            "a_negative_hiv_result_visit_is_counseling",
            "Screened for HIV last week; came back today to get her result: HIV test negative, counseled.",
            &["Z11.4"],
            &["Z71.7"],
        ),
        (
            "a_negative_hiv_result_visit_is_counseling",
            "Routine HIV screening today, no symptoms, no risk factors.",
            &["Z11.4"],
            &["Z11.4"],
        ),
        (
            "disseminated_only_without_known_sites",
            "Adenocarcinoma of unknown primary metastatic to liver and bone. Coder used C80.0.",
            &["C80.0", "C78.7", "C79.51"],
            &["C78.7", "C79.51", "C80.1"],
        ),
        (
            "disseminated_only_without_known_sites",
            "Hospice: widely disseminated cancer, primary and sites not documented.",
            &["C80.0"],
            &["C80.0"],
        ),
        (
            "an_implant_lymphoma_is_no_implant_complication",
            "Seroma at the right implant: breast implant associated ALCL; implants in place.",
            &["T85.898A", "C84.7A"],
            &["C84.7A", "Z98.82"],
        ),
        (
            "an_implant_lymphoma_is_no_implant_complication",
            "Capsular contracture of the left breast implant, no lymphoma.",
            &["T85.898A"],
            &["T85.898A"],
        ),
        (
            "uncertain_behaviour_needs_histology",
            "Pulm: solitary 8 mm RUL nodule on CT, repeat CT in 3 months, no bx.",
            &["D38.1", "R91.1"],
            &["R91.1"],
        ),
        (
            "uncertain_behaviour_needs_histology",
            "Pulm: RUL nodule, CT-guided bx: neoplasm of uncertain behavior per pathology.",
            &["D38.1", "R91.1"],
            &["D38.1", "R91.1"],
        ),
        (
            "history_of_an_eradicated_malignancy",
            "HTN visit; bladder ca resected 2019, BCG completed, NED on surveillance, no current treatment.",
            &["C67.9", "I10", "Z85.51"],
            &["I10", "Z85.51"],
        ),
        (
            "history_of_an_eradicated_malignancy",
            "Bladder ca resected 2019; recurrence found on cystoscopy today, BCG restarted.",
            &["C67.9", "Z85.51"],
            &["C67.9", "Z85.51"],
        ),
        (
            "a_kidney_transplant_with_no_complication",
            "Transplant clinic: kidney transplant 2021, CKD stage 2, no rejection, stable graft.",
            &["T86.19", "Z79.621"],
            &["Z79.621", "N18.2", "Z94.0"],
        ),
        (
            "a_kidney_transplant_with_no_complication",
            "Transplant clinic: kidney transplant 2021, acute rejection on biopsy, CKD 3a.",
            &["T86.11", "N18.31"],
            &["T86.11", "N18.31"],
        ),
        (
            "fracture_healing_as_stated",
            "Ortho: closed Colles fx R wrist, 10 wks out, xray shows delayed union, recast.",
            &["S52.531A"],
            &["S52.531G"],
        ),
        (
            "fracture_healing_as_stated",
            "Ortho: closed Colles fx R wrist from a fall off a ladder, 10 wks out, nonunion.",
            &["S52.531A", "W11.XXXA"],
            &["S52.531K", "W11.XXXD"],
        ),
        (
            "fracture_healing_as_stated",
            "Ortho: closed Colles fx R wrist, 6 wks out, healing well, cast off.",
            &["S52.531D"],
            &["S52.531D"],
        ),
        (
            "open_fracture_as_documented",
            "ED: fell off an e-scooter, open L radial shaft fx, Gustilo IIIA, to the OR.",
            &["S52.352B"],
            &["S52.352C"],
        ),
        (
            "open_fracture_as_documented",
            "ED: fell off an e-scooter, closed L radial shaft fx, splinted.",
            &["S52.352A"],
            &["S52.352A"],
        ),
        (
            "the_birth_record_starts_with_z38",
            "Newborn record: baby boy born here by SVD at 35w2d, hyperbilirubinemia of prematurity.",
            &["Z37.0", "P07.38", "P59.0"],
            &["Z38.00", "P07.38", "P59.0"],
        ),
        (
            "the_birth_record_starts_with_z38",
            "NICU: baby girl transferred in from a community hospital, born there by C-section, TTN.",
            &["Z38.01", "P22.1"],
            &["P22.1"],
        ),
        (
            "the_birth_record_starts_with_z38",
            "Peds clinic: 3-week-old with thrush, born at term.",
            &["B37.0"],
            &["B37.0"],
        ),
        (
            "the_birth_record_starts_with_z38",
            "Baby girl born here by SVD, readmitted on day 5 with neonatal jaundice.",
            &["Z38.00", "P59.9"],
            &["P59.9"],
        ),
        (
            "no_routine_supervision_beside_a_pregnancy_condition",
            "Routine prenatal visit at 26 weeks, HIV-positive on ART, never an HIV-related illness.",
            &["O98.712", "Z34.02", "Z21", "Z3A.26"],
            &["O98.712", "Z21", "Z3A.26"],
        ),
        (
            "no_routine_supervision_beside_a_pregnancy_condition",
            "Routine prenatal visit at 26 weeks, first pregnancy, no problems.",
            &["Z34.02", "Z3A.26"],
            &["Z34.02", "Z3A.26"],
        ),
        (
            "in_childbirth_when_delivered",
            "L&D: GDM on insulin, induced at 38w5d, SVD of a healthy liveborn.",
            &["O24.414", "Z3A.38", "Z37.0", "Z38.00"],
            &["O24.424", "Z3A.38", "Z37.0"],
        ),
        (
            "in_childbirth_when_delivered",
            "Postpartum visit: GDM on insulin, delivered 3 weeks ago.",
            &["O24.414", "Z3A.30"],
            &["O24.414", "Z3A.30"],
        ),
        (
            "in_the_puerperium_after_delivery",
            "Readmitted 6 days after a vaginal delivery with severe preeclampsia.",
            &["O14.13", "Z3A.39"],
            &["O14.15"],
        ),
        (
            "in_the_puerperium_after_delivery",
            "Antepartum admission at 34 weeks: severe preeclampsia.",
            &["O14.13", "Z3A.34"],
            &["O14.13", "Z3A.34"],
        ),
        (
            "each_side_of_a_bilateral_condition",
            "Cellulitis of both lower legs, cefazolin.",
            &["L03.119"],
            &["L03.115", "L03.116"],
        ),
        // A one-sided code of a condition a sentence says on both sides takes the other side.
        (
            "each_side_of_a_bilateral_condition",
            "Dermatochalasis of the right and left upper eyelids, blepharoplasty both sides.",
            &["H02.831"],
            &["H02.831", "H02.834"],
        ),
        (
            "each_side_of_a_bilateral_condition",
            "Bilateral pedal edema. Cellulitis of the right lower leg, cefazolin.",
            &["L03.115"],
            &["L03.115"],
        ),
        (
            "each_side_of_a_bilateral_condition",
            "Cellulitis of the left lower leg.",
            &["L03.119"],
            &["L03.119"],
        ),
        (
            "drug_induced_diabetes",
            "Steroid-induced diabetes with hyperglycemia.",
            &["E13.65", "T38.0X5A"],
            &["E09.65", "T38.0X5A"],
        ),
        (
            "drug_induced_diabetes",
            "T2DM with hyperglycemia; rash from amoxicillin.",
            &["E11.65", "T36.0X5A"],
            &["E11.65", "T36.0X5A"],
        ),
        (
            "hypertensive_heart_disease",
            "HTN with LVH on echo.",
            &["I51.7", "I10"],
            &["I11.9"],
        ),
        (
            "hypertensive_heart_disease",
            "LVH unrelated to her HTN (athlete's heart).",
            &["I51.7", "I10"],
            &["I51.7", "I10"],
        ),
        (
            "secondary_hypertension_as_documented",
            "Primary aldosteronism from a left adrenal adenoma with secondary hypertension.",
            &["I10", "E26.01"],
            &["I15.2", "E26.01"],
        ),
        (
            "secondary_hypertension_as_documented",
            "Essential hypertension, no secondary cause found on work-up.",
            &["I10"],
            &["I10"],
        ),
        (
            "one_hypertensive_combination",
            "HTN with heart failure and CKD 3b.",
            &["I11.0", "I50.9", "I12.9", "N18.32"],
            &["I13.0", "I50.9", "N18.32"],
        ),
        (
            "atherosclerosis_with_its_angina",
            "CAD with stable exertional angina on isosorbide.",
            &["I25.10", "I20.89"],
            &["I25.118"],
        ),
        (
            "atherosclerosis_with_its_angina",
            "CAD; unstable angina from severe anemia, Hgb 6.1.",
            &["I25.10", "I20.0"],
            &["I25.10", "I20.0"],
        ),
        (
            "pre_existing_hypertension_with_heart_or_kidney",
            "Chronic HTN and CKD 2 from before the pregnancy, 20 weeks.",
            &["O10.012", "O26.832", "I12.9", "N18.2", "Z3A.20"],
            &["O10.212", "I12.9", "N18.2", "Z3A.20"],
        ),
        (
            "pre_existing_hypertension_with_heart_or_kidney",
            "Chronic HTN at 20 weeks, kidneys normal.",
            &["O10.012", "Z3A.20"],
            &["O10.012", "Z3A.20"],
        ),
        (
            "one_hypertensive_combination",
            "HTN with CKD 3b.",
            &["I12.9", "N18.32"],
            &["I12.9", "N18.32"],
        ),
        (
            "hypertensive_heart_disease",
            "HTN with LVH on echo.",
            &["I11.9", "I10"],
            &["I11.9", "I10"],
        ),
        (
            "one_hypertensive_combination",
            "HFpEF and HTN, no kidney disease.",
            &["I11.0", "I13.0", "I50.32"],
            &["I11.0", "I50.32"],
        ),
        (
            "one_hypertensive_combination",
            "HTN, HF and CKD 3a.",
            &["I13.0", "I11.0", "I50.9", "N18.31"],
            &["I13.0", "I50.9", "N18.31"],
        ),
        (
            "diabetes_of_the_stated_type",
            "T1DM on a pump, hypoglycemia. Coded E11.649.",
            &["E11.649"],
            &["E10.649"],
        ),
        (
            "diabetes_of_the_stated_type",
            "T2DM with hypoglycemia.",
            &["E11.649"],
            &["E11.649"],
        ),
        (
            "diabetes_of_the_stated_type",
            "DM on insulin, nothing about type 1 or 2.",
            &["E11.9", "Z79.4"],
            &["E11.9", "Z79.4"],
        ),
        ("hiv_disease_or_status", "PCP visit: HIV positive, CD4 720, no symptoms, no HIV-related illness ever. Coded B20.", &["B20"], &["Z21"]),
        (
            "hiv_disease_or_status",
            "HIV, off ART, cryptococcal meningitis; coder says he was asymptomatic until now.",
            &["B45.1", "Z21"],
            &["B45.1", "B20"],
        ),
        ("in_reporting_order", "Old MI and CAD, stable.", &["I25.2", "I25.10"], &["I25.10", "I25.2"]),
        ("severe_sepsis_as_documented", "Sepsis d/t pyelo, provider documents no acute organ dysfunction.", &["A41.9", "R65.20", "N10"], &["A41.9", "N10"]),
        ("severe_sepsis_as_documented", "Sepsis with septic shock on norepinephrine, AKI.", &["A41.9", "R65.20", "N17.9"], &["A41.9", "R65.21", "N17.9"]),
        ("severe_sepsis_as_documented", "Sepsis with AKI due to sepsis, no shock.", &["A41.9", "R65.20", "N17.9"], &["A41.9", "R65.20", "N17.9"]),
        ("aftercare_of_a_joint_replacement", "Outpatient PT 3 weeks s/p right total knee replacement for OA. Coded M17.11.", &["M17.11"], &["Z47.1", "Z96.651"]),
        ("aftercare_of_a_joint_replacement", "Pre-op clearance before right total knee replacement for OA.", &["Z01.818", "M17.11"], &["Z01.818", "M17.11"]),
        ("staphylococcus_aureus_as_the_infection_s_cause", "MRSA cellulitis of the left lower leg.", &["L03.116", "A49.02"], &["L03.116", "B95.62"]),
        ("staphylococcus_aureus_as_the_infection_s_cause", "MRSA pneumonia.", &["J15.212", "B95.62"], &["J15.212"]),
        ("staphylococcus_aureus_as_the_infection_s_cause", "MRSA infection, site not documented.", &["A49.02"], &["A49.02"]),
        (
            "hiv_disease_or_status",
            "Newly HIV positive, asymptomatic. Coded B20.",
            &["B20"],
            &["Z21"],
        ),
        (
            "hiv_disease_or_status",
            "HIV, viral load undetectable, had PCP pneumonia in 2019. Coded Z21.",
            &["Z21"],
            &["B20"],
        ),
        (
            "hiv_disease_or_status",
            "HIV disease with oral thrush.",
            &["B20", "B37.0"],
            &["B20", "B37.0"],
        ),
        (
            "one_bilateral_code",
            "Primary OA of both knees.",
            &["M17.11", "M17.12"],
            &["M17.0"],
        ),
        (
            "one_bilateral_code",
            "Primary OA of the right knee; left knee OA too, post-traumatic.",
            &["M17.11", "M17.32"],
            &["M17.11", "M17.32"],
        ),
        (
            "a_medical_condition_is_no_alcohol_induced_disorder",
            "Alcoholic polyneuropathy due to alcohol dependence.",
            &["F10.288", "G62.1"],
            &["G62.1", "F10.20"],
        ),
        (
            "a_medical_condition_is_no_alcohol_induced_disorder",
            "Alcohol dependence with alcohol-induced sleep disorder.",
            &["F10.282"],
            &["F10.282"],
        ),
        (
            "one_pattern_of_use",
            "Alcohol dependence; abuse coded too.",
            &["F10.10", "F10.20"],
            &["F10.20"],
        ),
        (
            "one_pattern_of_use",
            "Alcohol dependence and cannabis use.",
            &["F10.20", "F12.90"],
            &["F10.20", "F12.90"],
        ),
        (
            "highest_degree_of_each_burn",
            "Burns of the back of the left hand.",
            &["T23.162A", "T23.262A"],
            &["T23.262A"],
        ),
        (
            "highest_degree_of_each_burn",
            "Burns of both hands.",
            &["T23.161A", "T23.262A"],
            &["T23.161A", "T23.262A"],
        ),
        (
            "no_cataclysm_without_its_injury",
            "Vent-dependent ALS patient in the ED during the hurricane's power outage, no injury.",
            &["Z99.12", "G12.21", "X37.0XXA"],
            &["Z99.12", "G12.21"],
        ),
        (
            "no_cataclysm_without_its_injury",
            "Laceration of the scalp from flying debris in the hurricane.",
            &["S01.01XA", "X37.0XXA"],
            &["S01.01XA", "X37.0XXA"],
        ),
        (
            "a_pregnant_patient_s_condition_from_chapter_15",
            "29F pregnant at 28w0d with epilepsy on lamotrigine; nobody documents the pregnancy as incidental.",
            &["G40.909", "Z33.1", "Z3A.28"],
            &["O99.353", "G40.909", "Z3A.28"],
        ),
        (
            "a_pregnant_patient_s_condition_from_chapter_15",
            "Pregnant at 20 weeks, seen for an ankle sprain; the pregnancy is incidental to the visit.",
            &["S93.401A", "Z33.1"],
            &["S93.401A", "Z33.1"],
        ),
        (
            "no_disease_beside_its_contact_code",
            "9yo, mom's boyfriend in the home has active pulmonary TB; child well, QuantiFERON drawn.",
            &["Z20.1", "A15.0"],
            &["Z20.1"],
        ),
        (
            "no_disease_beside_its_contact_code",
            "Active pulmonary TB, sputum positive; her husband's COVID-19 exposure last week.",
            &["A15.0", "Z20.822"],
            &["A15.0", "Z20.822"],
        ),
        (
            "no_condition_a_combination_line_names_with",
            "Pertussis, PCR positive for Bordetella pertussis, with pneumonia on the chest film.",
            &["A37.01", "J18.9"],
            &["A37.01"],
        ),
        (
            "no_condition_a_combination_line_names_with",
            "T2DM with diabetic CKD stage 3a.",
            &["E11.22", "N18.31"],
            &["E11.22", "N18.31"],
        ),
        (
            "no_line_another_of_its_category_says_more_of",
            "Acute E. coli epididymo-orchitis, right. The coder sent N45.1 and N45.3.",
            &["N45.1", "N45.3", "B96.20"],
            &["N45.3", "B96.20"],
        ),
        (
            "no_line_another_of_its_category_says_more_of",
            "Stage 2 pressure ulcer of the sacrum and a stage 3 of the right heel.",
            &["L89.152", "L89.613"],
            &["L89.152", "L89.613"],
        ),
        (
            "no_catch_all_entry_beside_the_line_that_names_it",
            "Asymptomatic bilateral internal carotid artery stenosis on duplex.",
            &["I65.23", "I77.1"],
            &["I65.23"],
        ),
        (
            "no_catch_all_entry_beside_the_line_that_names_it",
            "Renal artery stenosis, and a stenosis of the left vertebral artery.",
            &["I70.1", "I65.02"],
            &["I70.1", "I65.02"],
        ),
        (
            "no_other_beside_its_named_sibling",
            "Cloudy urine, culture grew a gram-negative rod; the NP documents asymptomatic bacteriuria.",
            &["R82.71", "R82.79"],
            &["R82.71"],
        ),
        (
            "no_other_beside_its_named_sibling",
            "Coder wrote R82.79 for the urine culture; NP documents asymptomatic bacteriuria.",
            &["R82.71", "R82.79"],
            &["R82.71", "R82.79"],
        ),
        (
            "a_malignancy_before_its_symptoms",
            "Cancer-related fatigue in pancreatic head adenocarcinoma metastatic to the liver.",
            &["R53.0", "C25.0", "C78.7"],
            &["C25.0", "C78.7", "R53.0"],
        ),
        (
            "a_malignancy_before_its_symptoms",
            "Fatigue from anemia; history of breast cancer.",
            &["R53.83", "D64.9", "Z85.3"],
            &["R53.83", "D64.9", "Z85.3"],
        ),
        (
            "dementia_with_the_disease_that_causes_it",
            "Early-onset Alzheimer's disease with severe dementia with psychotic disturbance.",
            &["F02.82"],
            &["G30.0", "F02.C2"],
        ),
        (
            "dementia_with_the_disease_that_causes_it",
            "Alzheimer's disease with dementia, moderate, with agitation; no psychosis.",
            &["G30.9"],
            &["G30.9", "F02.B11"],
        ),
        (
            "dementia_with_the_disease_that_causes_it",
            "Behavioral-variant frontotemporal dementia, severe, with disinhibition. Template: F03.91.",
            &["F03.918"],
            &["G31.09", "F02.C18"],
        ),
        (
            "dementia_with_the_disease_that_causes_it",
            "Alzheimer's disease, early, no dementia yet.",
            &["G30.0"],
            &["G30.0"],
        ),
        (
            "dementia_at_its_highest_severity",
            "Vascular dementia, mild on admission, moderate by day 5, with agitation.",
            &["F01.A11", "F01.B11"],
            &["F01.B11"],
        ),
        (
            "dementia_at_its_highest_severity",
            "Vascular dementia with agitation, and Alzheimer's dementia.",
            &["F01.A11", "F02.B0"],
            &["F01.A11", "F02.B0"],
        ),
        (
            "specified_over_unspecified",
            "CKD 3b.",
            &["N18.30", "N18.32"],
            &["N18.32"],
        ),
        (
            "specified_over_unspecified",
            "CKD with HTN.",
            &["N18.9", "I12.9"],
            &["N18.9", "I12.9"],
        ),
        (
            "a_perpetrator_only_of_abuse",
            "ED: punched by an acquaintance in a fight at a bar, nasal bone fx.",
            &["S02.2XXA", "Y04.0XXA", "Y07.54"],
            &["S02.2XXA", "Y04.0XXA"],
        ),
        (
            "a_perpetrator_only_of_abuse",
            "ED: child physical abuse confirmed, the father hit him, forearm fx.",
            &["T74.12XA", "S52.201A", "Y04.0XXA", "Y07.11"],
            &["T74.12XA", "S52.201A", "Y04.0XXA", "Y07.11"],
        ),
        (
            "an_opioid_treating_its_dependence",
            "Severe opioid use disorder on methadone maintenance 80 mg daily.",
            &["F11.20", "Z79.891"],
            &["F11.20"],
        ),
        (
            "an_opioid_treating_its_dependence",
            "OUD on buprenorphine; chronic back pain on long-term oxycodone from pain clinic.",
            &["F11.20", "M54.50", "Z79.891"],
            &["F11.20", "M54.50", "Z79.891"],
        ),
        (
            "an_elevated_reading_is_no_hypertension",
            "BP 152/94 twice; provider: elevated BP reading, no dx of HTN yet.",
            &["I10"],
            &["R03.0"],
        ),
        (
            "an_elevated_reading_is_no_hypertension",
            "BP 152/94 twice; provider diagnoses essential HTN, starts lisinopril.",
            &["I10"],
            &["I10"],
        ),
        (
            "an_examination_with_abnormal_findings",
            "Annual exam; BP elevated on 3 readings, new essential HTN diagnosed.",
            &["Z00.00", "I10"],
            &["Z00.01", "I10"],
        ),
        (
            "an_examination_with_abnormal_findings",
            "Annual physical: hypertensive CKD, progressed to stage 3b; nephrology referral.",
            &["Z00.00", "I12.9", "N18.32"],
            &["Z00.01", "I12.9", "N18.32"],
        ),
        (
            "an_examination_with_abnormal_findings",
            "Annual exam, no complaints, exam and labs normal.",
            &["Z00.00"],
            &["Z00.00"],
        ),
        (
            "remission_as_documented",
            "AML, achieved first complete remission; admitted for consolidation chemo.",
            &["Z51.11", "C92.00"],
            &["Z51.11", "C92.01"],
        ),
        (
            "remission_as_documented",
            "Opioid use disorder, severe, in sustained remission on methadone.",
            &["F11.20"],
            &["F11.21"],
        ),
        (
            "remission_as_documented",
            "T2DM after sleeve gastrectomy, off all meds, provider: diabetes in remission.",
            &["E11.9"],
            &["E11.A"],
        ),
        (
            "remission_as_documented",
            "AML, refractory to induction, has not achieved remission.",
            &["C92.00"],
            &["C92.00"],
        ),
        // "not in remission" is no remission, though its words hold "in remission"; the
        // Tabular's comma before "not having achieved remission" is no other title.
        (
            "remission_as_documented",
            "Myeloid leukemia, not in remission, on hydroxyurea.",
            &["C92.91"],
            &["C92.90"],
        ),
        (
            "loss_of_consciousness_as_documented",
            "Bike crash, concussion, witnessed LOC of about 20 minutes, CT negative.",
            &["S06.0X9A"],
            &["S06.0X1A"],
        ),
        (
            "loss_of_consciousness_as_documented",
            "Bike crash, concussion, unclear whether he passed out.",
            &["S06.0X9A"],
            &["S06.0X9A"],
        ),
        (
            "an_injury_treated_in_this_stay_is_initial",
            "Inpatient: displaced left intertrochanteric fracture, fixed with an intramedullary nail on day 1.",
            &["S72.142D"],
            &["S72.142A"],
        ),
        (
            "an_injury_treated_in_this_stay_is_initial",
            "Ortho clinic 6 weeks after ORIF, routine healing.",
            &["S72.142D"],
            &["S72.142D"],
        ),
        (
            "a_complication_treated_now",
            "POD 8 s/p lap chole, superficial incisional SSI, admitted for IV abx.",
            &["T81.41XD"],
            &["T81.41XA"],
        ),
        (
            "a_complication_treated_now",
            "Follow-up visit: the SSI is healing on oral antibiotics.",
            &["T81.41XD"],
            &["T81.41XD"],
        ),
        (
            "an_organism_the_condition_names",
            "Walking pneumonia, Mycoplasma PCR positive.",
            &["J15.7", "B96.0"],
            &["J15.7"],
        ),
        (
            "an_organism_the_condition_names",
            "Cystitis with hematuria, Proteus on culture.",
            &["N30.01", "B96.4"],
            &["N30.01", "B96.4"],
        ),
        (
            "symptoms_the_answer_explains",
            "Inpatient: benzodiazepine withdrawal delirium in a severe sedative use disorder.",
            &["F13.231", "R41.0"],
            &["F13.231"],
        ),
        (
            "symptoms_the_answer_explains",
            "ED: vomiting and diarrhea, final impression viral gastroenteritis.",
            &["R11.2", "R19.7", "A08.4"],
            &["A08.4"],
        ),
        (
            "symptoms_the_answer_explains",
            "Vomiting and diarrhea, dehydration; no diagnosis yet.",
            &["R11.2", "R19.7", "E86.0"],
            &["R11.2", "R19.7", "E86.0"],
        ),
        (
            "symptoms_the_answer_explains",
            "Obs for near-syncope; cardiology: 'symptoms explained by complete heart block'.",
            &["R55", "I44.2"],
            &["I44.2"],
        ),
        (
            "the_replaced_joint_in_its_complication",
            "Admitted for revision: aseptic loosening of the tibial component of the left TKA.",
            &["M17.12", "T84.033A", "Z96.652"],
            &["T84.033A"],
        ),
        (
            "the_replaced_joint_in_its_complication",
            "Loosening of the left TKA; right knee osteoarthritis, awaiting its own replacement.",
            &["T84.033A", "M17.11"],
            &["T84.033A", "M17.11"],
        ),
        (
            "nothing_that_has_resolved",
            "Pseudocyst that formed after acute alcoholic pancreatitis; the pancreatitis has resolved.",
            &["K86.3", "K85.20"],
            &["K86.3"],
        ),
        (
            "nothing_that_has_resolved",
            "Acute alcoholic pancreatitis; the nausea has resolved.",
            &["K85.20"],
            &["K85.20"],
        ),
        (
            "no_status_post_without_bearing_on_the_stay",
            "Admitted for pneumonia. Coder also added Z90.49 for an appendectomy decades ago.",
            &["J18.9", "Z90.49"],
            &["J18.9"],
        ),
        (
            "no_status_post_without_bearing_on_the_stay",
            "Admitted for a periprosthetic fracture above the left TKA (Z96.652).",
            &["M97.02XA", "Z96.652"],
            &["M97.02XA", "Z96.652"],
        ),
        (
            "the_drug_reaction_as_named",
            "Phototoxic reaction on minocycline.",
            &["L27.0", "L56.0", "T36.4X5A"],
            &["L56.0", "T36.4X5A"],
        ),
        (
            "the_drug_reaction_as_named",
            "Rash from amoxicillin, cellulitis of the left leg.",
            &["L27.0", "L03.116", "T36.0X5A"],
            &["L27.0", "L03.116", "T36.0X5A"],
        ),
        (
            "excluded_by_the_answer",
            "T2DM with hypoglycemia.",
            &["E11.649", "E16.2"],
            &["E11.649"],
        ),
        (
            "excluded_by_the_answer",
            "T2DM and HTN.",
            &["E11.9", "I10"],
            &["E11.9", "I10"],
        ),
        (
            "excluded_by_the_answer",
            "Incarcerated incisional hernia with small bowel obstruction.",
            &["K43.0", "K56.609"],
            &["K43.0"],
        ),
        (
            "excluded_by_the_answer",
            "Small bowel obstruction from adhesions; old umbilical hernia repair.",
            &["K56.50", "Z98.890"],
            &["K56.50", "Z98.890"],
        ),
        (
            "no_aftercare_code_for_an_injury",
            "Suture removal, laceration of the hand.",
            &["Z48.02", "S61.412D"],
            &["S61.412D"],
        ),
        (
            "no_aftercare_code_for_an_injury",
            "Back on day 10 for suture removal: laceration of the R palm repaired here last week.",
            &["Z48.02"],
            &["S61.411D"],
        ),
        // A code shorter than a subcategory beside it (a category written as asked).
        (
            "no_aftercare_code_for_an_injury",
            "Suture removal, laceration of the R palm; is I43 right for his cardiomyopathy?",
            &["Z48.02", "I43"],
            &["S61.411D", "I43"],
        ),
        (
            "no_aftercare_code_for_an_injury",
            "Suture removal after surgery.",
            &["Z48.02", "Z98.890"],
            &["Z48.02", "Z98.890"],
        ),
        (
            "diagnostic_not_screening",
            "Colonoscopy for rectal bleeding.",
            &["Z12.11", "R19.5"],
            &["R19.5"],
        ),
        (
            "diagnostic_not_screening",
            "Screening mammogram converted to diagnostic: she reports a lump in the left breast.",
            &["Z12.31", "N63.20"],
            &["N63.20"],
        ),
        (
            "diagnostic_not_screening",
            "Screening colonoscopy, no symptoms.",
            &["Z12.11"],
            &["Z12.11"],
        ),
        (
            "no_superficial_injury_beside_a_worse",
            "Fall: radius fracture and abrasion, right forearm.",
            &["S52.501A", "S50.811A"],
            &["S52.501A"],
        ),
        (
            "no_superficial_injury_beside_a_worse",
            "Fall: right radius fracture, left forearm abrasion.",
            &["S52.501A", "S50.812A"],
            &["S52.501A", "S50.812A"],
        ),
        (
            "normal_delivery_only_when_uncomplicated",
            "Delivered, first-degree tear.",
            &["O80", "O70.0", "Z37.0"],
            &["O70.0", "Z37.0"],
        ),
        (
            "normal_delivery_only_when_uncomplicated",
            "Normal delivery at 39 weeks.",
            &["O80", "Z3A.39", "Z37.0"],
            &["O80", "Z3A.39", "Z37.0"],
        ),
        (
            "gestational_diabetes_by_its_treatment",
            "GDM at 29 weeks, on metformin now.",
            &["O24.410", "Z79.84"],
            &["O24.415"],
        ),
        (
            "gestational_diabetes_by_its_treatment",
            "T2DM in pregnancy on insulin.",
            &["O24.112", "E11.9", "Z79.4"],
            &["O24.112", "E11.9", "Z79.4"],
        ),
        (
            "scales_as_documented",
            "ED: fell, SDH; eyes open to pain, incomprehensible words, flexion withdrawal (GCS 8).",
            &["S06.5X1A", "R40.2432", "R40.2122", "R40.2222", "R40.2342"],
            &["S06.5X1A", "R40.2122", "R40.2222", "R40.2342"],
        ),
        (
            "scales_as_documented",
            "ED: fell, SDH, GCS 13 on arrival.",
            &["S06.5X1A", "R40.2412"],
            &["S06.5X1A", "R40.2412"],
        ),
        (
            "long_term_drugs_as_named",
            "Asthma flare, 5-day prednisone burst. Coded J45.901, Z79.52.",
            &["J45.901", "Z79.52"],
            &["J45.901"],
        ),
        (
            "long_term_drugs_as_named",
            "On levothyroxine. Z79.899.",
            &["Z79.899"],
            &["Z79.899"],
        ),
        (
            "burns_of_the_stated_degree",
            "Full-thickness burn, left hand.",
            &["T23.002A"],
            &["T23.302A"],
        ),
        (
            "burns_of_the_stated_degree",
            "Burn of the right forearm.",
            &["T22.011A"],
            &["T22.011A"],
        ),
        (
            "external_causes_of_this_encounter",
            "Follow-up of the radius fracture from a fall.",
            &["S52.501D", "W01.0XXA", "Y92.009"],
            &["S52.501D", "W01.0XXD"],
        ),
        (
            "external_causes_of_this_encounter",
            "Radius fracture from a fall at home.",
            &["S52.501A", "W01.0XXA", "Y92.009"],
            &["S52.501A", "W01.0XXA", "Y92.009"],
        ),
        (
            "each_manifestation_of_a_poisoning",
            "Visine put in her coffee as an assault; symptomatic bradycardia, somnolence.",
            &["T49.5X3A", "R40.0"],
            &["T49.5X3A", "R40.0", "R00.1"],
        ),
        (
            "each_manifestation_of_a_poisoning",
            "83F w/ h/o gout was found by her daughter with vomiting and diarrhea after taking extra colchicine.",
            &["T50.4X1A"],
            &["T50.4X1A", "R11.10", "R19.7"],
        ),
        (
            "each_manifestation_of_a_poisoning",
            "Intentional lithium overdose with nausea and vomiting.",
            &["T43.592A"],
            &["T43.592A", "R11.2"],
        ),
        (
            "each_manifestation_of_a_poisoning",
            "Rash from amoxicillin taken as prescribed; no bradycardia.",
            &["L27.0", "T36.0X5A"],
            &["L27.0", "T36.0X5A"],
        ),
        (
            "a_mental_disorder_due_to_a_physiological_condition",
            "Anxiety disorder due to hyperthyroidism; Graves' disease on methimazole.",
            &["F41.9", "E05.00"],
            &["E05.00", "F06.4"],
        ),
        (
            "a_mental_disorder_due_to_a_physiological_condition",
            "Depression due to her divorce; hypothyroidism on levothyroxine.",
            &["F32.A", "E03.9"],
            &["F32.A", "E03.9"],
        ),
        (
            "in_reporting_order",
            "Shoulder abrasion, hand laceration, tibia fracture.",
            &["S40.012A", "S61.411A", "S82.201A"],
            &["S82.201A", "S61.411A", "S40.012A"],
        ),
        (
            "in_reporting_order",
            "Tibia fracture and hand laceration.",
            &["S82.201A", "S61.411A"],
            &["S82.201A", "S61.411A"],
        ),
    ];

    #[test]
    fn every_answer_rule_fires_where_it_should_and_stays_silent_elsewhere() {
        for rule in &ANSWER_RULES {
            let mine = || EXAMPLES.iter().filter(|e| e.0 == rule.name);
            assert!(
                mine().any(|e| e.2 != e.3),
                "{} has no example where it changes the answer",
                rule.name
            );
            assert!(
                mine().any(|e| e.2 == e.3),
                "{} has no example where it leaves the answer alone",
                rule.name
            );
        }
        for (name, text, given, expected) in EXAMPLES {
            assert_eq!(by_rule(name, text, given), *expected, "{name}: {text}");
        }
    }

    /// Every rule read against every example's question with every example's codes, and with
    /// codes of odd shapes (three characters, a 7th character, a status code): no rule panics
    /// (a rule once sliced a code shorter than it expected) and none answers with a code that
    /// cannot be reported.
    #[test]
    fn no_answer_rule_panics_or_invents_a_code_whatever_it_is_given() {
        let (icd, _) = &*ICD;
        let odd: &[&str] = &[
            "I43", "C61", "B20", "Z21", "I10", "R03.0", "Z00.00", "S06.0X9A", "T81.41XD", "C92.00",
            "Z48.02", "O80", "Z38.00", "E11.9", "N18.6", "J44.1",
        ];
        let lists: Vec<&[&str]> = EXAMPLES.iter().map(|e| e.2).collect();
        for rule in &ANSWER_RULES {
            // Each question with the odd codes and with another example's codes, a different
            // one for each question and each rule.
            for (at, (_, text, ..)) in EXAMPLES.iter().enumerate() {
                let other = lists[(at * 7 + rule.name.len()) % lists.len()];
                for given in [odd, other] {
                    for code in by_rule(rule.name, text, given) {
                        assert!(
                            icd.is_billable(&compact(&code)),
                            "{} gave {code} for {text:?} from {given:?}",
                            rule.name
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn hypertension_with_a_heart_condition_is_hypertensive_heart_disease() {
        let icd = Icd10Cm::builtin().unwrap();
        let codes = |text: &str, given: &[&str]| -> Vec<String> {
            through(|p| hypertensive_heart(&icd, text, p), given)
        };
        assert_eq!(codes("HTN with LVH on echo.", &["I51.7", "I10"]), ["I11.9"]);
        // Said to be unrelated, no hypertension coded, or heart failure: left as it is.
        assert_eq!(
            codes(
                "LVH unrelated to her HTN (athlete's heart).",
                &["I51.7", "I10"]
            ),
            ["I51.7", "I10"]
        );
        assert_eq!(codes("LVH on echo.", &["I51.7"]), ["I51.7"]);
        assert_eq!(
            codes("HTN, CHF, LVH.", &["I11.0", "I50.9", "I51.7", "I10"]),
            ["I11.0", "I50.9", "I51.7", "I10"]
        );
    }

    #[test]
    fn a_code_whose_excludes1_note_names_another_of_the_answer_gives_way() {
        let (icd, _) = &*ICD;
        let kept_for = |text: &str, codes: &[&str]| -> Vec<String> {
            through(|p| excluded_by_the_answer(icd, text, p), codes)
        };
        let kept = |codes: &[&str]| kept_for("", codes);
        // E16.2's note sends diabetes with hypoglycemia to E11.649.
        assert_eq!(kept(&["E11.649", "E16.2", "Z79.84"]), ["E11.649", "Z79.84"]);
        // No note between them: both stay.
        assert_eq!(kept(&["E11.9", "I10"]), ["E11.9", "I10"]);
        // O90.6 and F53.0 name each other: the note that names what is documented decides.
        assert_eq!(
            kept_for("Provider: 'postpartum depression'.", &["O90.6", "F53.0"]),
            ["F53.0"]
        );
        assert_eq!(kept(&["O90.6", "F53.0"]), ["O90.6", "F53.0"]);
    }

    #[test]
    fn an_injury_s_aftercare_is_its_code_not_an_aftercare_code() {
        let kept =
            |codes: &[&str]| -> Vec<String> { through(no_aftercare_code_for_an_injury, codes) };
        assert_eq!(kept(&["Z48.02", "S61.412D"]), ["S61.412D"]);
        assert_eq!(kept(&["S82.61XD", "Z47.89"]), ["S82.61XD"]);
        // Suture removal after surgery, no injury: the aftercare code is the reason.
        assert_eq!(kept(&["Z48.02", "Z98.890"]), ["Z48.02", "Z98.890"]);
        // A poisoning is no injury by site: its aftercare is not judged here.
        assert_eq!(kept(&["Z48.00", "T39.1X1D"]), ["Z48.00", "T39.1X1D"]);
    }

    #[test]
    fn a_superficial_injury_beside_a_worse_one_of_its_site_is_not_coded() {
        let (icd, _) = &*ICD;
        let kept = |codes: &[&str]| -> Vec<String> {
            through(|p| no_superficial_injury_beside_a_worse(icd, p), codes)
        };
        // Abrasion of the right forearm beside a fracture of the right radius: one site.
        assert_eq!(kept(&["S52.501A", "S50.811A"]), ["S52.501A"]);
        // The other arm, another region, or no worse injury: each stays.
        assert_eq!(kept(&["S52.501A", "S50.812A"]), ["S52.501A", "S50.812A"]);
        assert_eq!(kept(&["S52.501A", "S80.811A"]), ["S52.501A", "S80.811A"]);
        assert_eq!(kept(&["S00.83XA", "S80.811A"]), ["S00.83XA", "S80.811A"]);
    }

    #[test]
    fn a_normal_delivery_code_never_stands_beside_a_complication() {
        let kept = |codes: &[&str]| -> Vec<String> {
            through(normal_delivery_only_when_uncomplicated, codes)
        };
        assert_eq!(kept(&["O80", "O70.0", "Z37.0"]), ["O70.0", "Z37.0"]);
        assert_eq!(
            kept(&["O80", "Z3A.39", "Z37.0"]),
            ["O80", "Z3A.39", "Z37.0"]
        );
        // Twins: Z37.0 is the only outcome O80 goes with.
        assert_eq!(kept(&["O80", "Z37.2"]), ["Z37.2"]);
    }

    #[test]
    fn the_most_serious_injury_goes_first() {
        let (icd, _) = &*ICD;
        let order =
            |codes: &[&str]| -> Vec<String> { through(|p| in_reporting_order(icd, p), codes) };
        assert_eq!(
            order(&["S40.012A", "S61.411A", "S82.201A"]),
            ["S82.201A", "S61.411A", "S40.012A"]
        );
        assert_eq!(order(&["S36.031A", "S22.31XA"]), ["S36.031A", "S22.31XA"]);
    }

    #[test]
    fn gestational_diabetes_says_its_control_and_stands_alone() {
        let (icd, _) = &*ICD;
        let codes = |text: &str, given: &[&str]| -> Vec<String> {
            through(
                |p| gestational_diabetes_by_its_treatment(icd, text, p),
                given,
            )
        };
        assert_eq!(
            codes(
                "GDM at 29 weeks, on metformin now.",
                &["O24.410", "Z79.84", "Z3A.29"]
            ),
            ["O24.415", "Z3A.29"]
        );
        assert_eq!(
            codes(
                "GDM, diet and insulin (NPH at bedtime).",
                &["O24.419", "Z79.4"]
            ),
            ["O24.414"]
        );
        assert_eq!(codes("GDM, diet controlled.", &["O24.419"]), ["O24.410"]);
        // Pre-existing type 2 diabetes (O24.11-) keeps its long-term drug code.
        assert_eq!(
            codes(
                "T2DM in pregnancy on insulin.",
                &["O24.112", "E11.9", "Z79.4"]
            ),
            ["O24.112", "E11.9", "Z79.4"]
        );
    }

    #[test]
    fn a_written_long_term_drug_code_the_named_drugs_do_not_bear_out_goes() {
        let codes = |text: &str, given: &[&str]| -> Vec<String> {
            through(|p| long_term_drugs_as_named(text, p), given)
        };
        // A short course is no long-term use.
        assert_eq!(
            codes(
                "Asthma flare, sent home on a 5-day prednisone burst. Coded J45.901, Z79.52.",
                &["J45.901", "Z79.52"]
            ),
            ["J45.901"]
        );
        // Warfarin is an anticoagulant: Z79.02 written for it goes, Z79.01 stays.
        assert_eq!(
            codes(
                "On warfarin for years. Coded Z79.02.",
                &["Z79.02", "Z79.01"]
            ),
            ["Z79.01"]
        );
        // The residual written for a drug with a code of its own.
        assert_eq!(
            codes(
                "On tamoxifen daily; coder added Z79.899 for the tamoxifen.",
                &["Z79.899", "Z79.810"]
            ),
            ["Z79.810"]
        );
        // A drug the table does not know keeps the residual.
        assert_eq!(
            codes("On levothyroxine. Z79.899.", &["Z79.899"]),
            ["Z79.899"]
        );
    }

    #[test]
    fn a_burn_of_unspecified_degree_takes_the_degree_the_question_states() {
        let (icd, _) = &*ICD;
        let codes = |text: &str, given: &[&str]| -> Vec<String> {
            through(|p| burns_of_the_stated_degree(icd, text, p), given)
        };
        assert_eq!(
            codes(
                "2nd degree burn of the right forearm.",
                &["T22.011A", "X12.XXXA"]
            ),
            ["T22.211A", "X12.XXXA"]
        );
        assert_eq!(
            codes("Full-thickness burn, left hand.", &["T23.002A"]),
            ["T23.302A"]
        );
        // No degree, or two of them: left for the other rules.
        assert_eq!(
            codes("Burn of the right forearm.", &["T22.011A"]),
            ["T22.011A"]
        );
        assert_eq!(
            codes("1st and 2nd degree burns of the thigh.", &["T24.019A"]),
            ["T24.019A"]
        );
    }

    #[test]
    fn burns_of_one_site_in_different_degrees_are_the_highest_degree() {
        let codes = |given: &[&str]| -> Vec<String> { through(highest_degree_of_each_burn, given) };
        assert_eq!(
            codes(&["T23.162A", "T23.262A", "X13.1XXA"]),
            ["T23.262A", "X13.1XXA"]
        );
        // Different sites, different sides, burn and corrosion: each stays.
        assert_eq!(codes(&["T21.31XA", "T22.211A"]), ["T21.31XA", "T22.211A"]);
        assert_eq!(codes(&["T23.161A", "T23.262A"]), ["T23.161A", "T23.262A"]);
        assert_eq!(codes(&["T23.562A", "T23.262A"]), ["T23.562A", "T23.262A"]);
    }

    #[test]
    fn an_unspecified_code_gives_way_to_a_specified_one_of_its_category_only() {
        let (icd, _) = &*ICD;
        let kept = |codes: &[&str]| -> Vec<String> {
            through(|p| specified_over_unspecified(icd, p), codes)
        };
        assert_eq!(kept(&["N18.30", "N18.32", "E11.22"]), ["N18.32", "E11.22"]);
        assert_eq!(kept(&["L03.119", "L03.116"]), ["L03.116"]);
        // Another category, or no specified sibling: both stay.
        assert_eq!(kept(&["N18.9", "I12.9"]), ["N18.9", "I12.9"]);
        assert_eq!(kept(&["I48.20", "Z79.01"]), ["I48.20", "Z79.01"]);
    }

    #[test]
    fn a_bilateral_condition_with_no_bilateral_code_is_coded_for_each_side() {
        let (icd, search) = &*ICD;
        let codes = |text: &str, code: &str| -> Vec<String> {
            both_sides(icd, search, &Query::new(text), text, vec![rec(code)])
                .into_iter()
                .map(|r| r.code)
                .collect()
        };
        assert_eq!(
            codes("Cellulitis of both lower legs, cefazolin.", "L03.119"),
            ["L03.115", "L03.116"]
        );
        // One side named, or a code of its own for bilateral: as it is.
        assert_eq!(
            codes("Cellulitis of the left lower leg.", "L03.119"),
            ["L03.119"]
        );
        assert_eq!(
            codes("Primary osteoarthritis of both knees.", "M17.9"),
            ["M17.9"]
        );
    }

    #[test]
    fn a_right_and_a_left_code_of_a_bilateral_condition_give_the_bilateral_line() {
        let (icd, search) = &*ICD;
        let text = "Osgood-Schlatter disease, both knees. Coder: M92.521 and M92.522.";
        let given = vec![rec("M92.521"), rec("M92.522")];
        let codes: Vec<String> = both_sides(icd, search, &Query::new(text), text, given)
            .into_iter()
            .map(|r| r.code)
            .collect();
        assert_eq!(codes, ["M92.523"]);
        // One side of a question about one side stays.
        let right = "Osgood-Schlatter disease, right knee.";
        let codes: Vec<String> =
            both_sides(icd, search, &Query::new(right), right, vec![rec("M92.521")])
                .into_iter()
                .map(|r| r.code)
                .collect();
        assert_eq!(codes, ["M92.521"]);
    }

    #[test]
    fn observation_codes_are_z03_and_z04() {
        assert!(observation("Z03.6") && observation("Z04.1"));
        assert!(!observation("Z05.1") && !observation("R40.0"));
    }

    #[test]
    fn a_written_external_cause_is_the_mechanism() {
        let written = |c: &str| vec![(c.to_owned(), Status::Billable)];
        assert!(second_mechanism("V42.5XXA", &written("V43.52XA")));
        assert!(!second_mechanism("V42.5XXA", &written("S16.1XXA")));
        assert!(!second_mechanism("S16.1XXA", &written("V43.52XA")));
        assert!(is_external_cause("Y04.0XXA") && !is_external_cause("Y92.017"));
    }

    #[test]
    fn diabetes_a_drug_caused_is_e09() {
        let (icd, _) = &*ICD;
        let codes = |text: &str, picked: &[&str]| -> Vec<String> {
            through(|p| drug_induced_diabetes(icd, text, p), picked)
        };
        assert_eq!(
            codes(
                "Steroid-induced diabetes with hyperglycemia.",
                &["E13.65", "T38.0X5A"]
            ),
            ["E09.65", "T38.0X5A"]
        );
        // No adverse effect coded, or no drug said to cause it: as it is.
        assert_eq!(codes("Steroid-induced diabetes.", &["E13.65"]), ["E13.65"]);
        assert_eq!(
            codes(
                "T2DM with hyperglycemia; rash from amoxicillin.",
                &["E11.65", "T36.0X5A"]
            ),
            ["E11.65", "T36.0X5A"]
        );
    }

    #[test]
    fn a_condition_due_to_a_cause_needs_the_condition_named() {
        let (icd, _) = &*ICD;
        let said = |text: &str| condition_named(icd, "D64.81", &Query::new(text));
        assert!(said("Transfusion for anemia due to chemotherapy."));
        assert!(!said(
            "Colon cancer resected, completed adjuvant chemo, no evidence of disease."
        ));
        // A title with no cause in it is not held to this.
        assert!(condition_named(
            icd,
            "E86.0",
            &Query::new("Dehydrated, got fluids.")
        ));
    }

    #[test]
    fn a_see_reference_replaces_a_vague_written_code_only() {
        let e = Entry {
            code: "E1165".into(),
            path: "Diabetes, poorly controlled - see Diabetes, by type, with hyperglycemia; Diabetes, type 2, with, hyperglycemia → E11.65".into(),
            words: 3,
            depth: 3,
            literal: true,
            main: "Diabetes".into(),
        };
        let (icd, _) = &*ICD;
        let found = [e];
        assert_eq!(
            referred(icd, &found, "E11.9")
                .map(|(r, _)| r.code)
                .as_deref(),
            Some("E11.65")
        );
        // A written code that already says something is not replaced.
        assert!(referred(icd, &found, "E11.42").is_none());
    }
}
