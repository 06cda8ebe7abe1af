//! The recommended answer: the codes the assistant would report, first-listed first.
//!
//! What goes in: each code the question names that can be reported as written (with the side
//! filled in when the written code has none and the question names one),
//! the mended code for each one that cannot (a header, a missing 7th character, an ICD-9-CM
//! code), the codes the guidelines and the written codes' notes ask for, and, when the question
//! names no code, the best match of its words. What does not: a code the guidelines say not to
//! report here (a symptom its diagnosis explains, a rule-out), a category asked about.
//!
//! The order is the guidelines' (see [`order::rank`]), and a code-first note puts its code
//! ahead of the code whose note it is (I.A.13).

use super::agents;
use super::checks::{self, Status};
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

// The stages' code names these modules `super::text`, `super::ground` and so on, as it did when
// the stages were one file: it reaches them through this module.
use super::{drug_classes, ground, guidelines, meds, notes, scales, sequelae, suggest, text};

mod circulatory;
mod denied;
mod encounters;
mod endocrine;
mod excludes;
mod gives_way;
mod infections;
mod injury;
mod mental;
mod more_specific;
mod neoplasm;
mod order;
mod pain;
mod pregnancy;
mod pressure_ulcers;
mod rules;
mod sides;
#[cfg(test)]
mod tests;
mod words;
mod written;

use denied::{denies_a_concept, denies_every_concept_said};
use excludes::{
    combination, denied_in, gives_way_to, pregnancy_code, said_together,
    said_together_where_a_note_points, sends_nos_to, status_code, Coded,
};
use injury::{drug_kind, is_initial};
use more_specific::{
    combined_with_its_organism, documented_elsewhere, inclusion_stated, index_names_otherwise,
    more_specific, named_where_the_coder_wrote_other, qualifier_unsaid, referred,
    residual_site_documented, sibling_stated, site_documented, subterm_before_see_also,
    the_documented_diagnosis_in_its_place, the_documented_line_of_its_category,
    the_documented_title_in_its_place, DRUG_INDUCED_WORDS,
};
pub use rules::ANSWER_RULES;
use words::{
    documented_statements, found_normal, leaves_unspecified, managed_condition,
    names_an_unsaid_disease, names_the_main_term, observation, on_a_drug,
    only_a_modifier_of_another_term, only_its_compound_said, only_the_patient_said, prefix_unsaid,
    said_treated, says_unsaid, second_mechanism, stated_in, subterm_near_its_main_term, symptom,
    title_words_in, title_words_said, told_at, treated, with_unsaid, ASKS_FOR_MORE, ENTRIES_ADDED,
    GROWTH_FINDING, NAMES_A_GROWTH, NAMES_A_MALIGNANCY, NO_EXTERNAL_CAUSES, PREGNANCY_NAMED,
};
use written::{
    acquired_not_congenital, adult_for_a_child, another_type_named, complicating_the_pregnancy,
    congenital_not_acquired, contradicted, counted_as_documented, counts_the_same,
    encounter_stated, in_a_newborn, juvenile_for_an_adult, names_side, newborn_entry,
    one_character_apart, other_side, reached_by_the_index, recurrent_not_an_injury,
    restricted_on_the_other_side, site_of_its_partner, species_named,
    the_newborn_entry_of_its_note, the_syndrome_said, under_header, virus_not_identified,
};

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
            && !table_rows().any(|(_, cells)| tables::from_row(cells, &w))
            && !tables::the_drug_table_gives(books, icd, text, q, &w);
        another_drug
            || table_rows().any(|(code, cells)| {
                code != w && tables::from_row(cells, &w) && !side_guessed_against(&code, &w)
            })
    };
    let index = &books.index;
    // A drug the question names as a condition's cause leads to its "drug-induced" entry
    // (Retention, urine, drug-induced → R33.0 for "retention due to oxybutynin").
    // A patient in the newborn period is a newborn by the Index's words too, whether or not the
    // question says them ("4-day-old" → Hyperbilirubinemia, neonatal; Jaundice, newborn).
    let mut implied: Vec<&str> = Vec::new();
    let causing = tables::causing_drugs(books, text);
    if !causing.is_empty() {
        implied.extend(DRUG_INDUCED_WORDS);
    }
    if tables::an_antineoplastic(books, &causing) {
        implied.extend(["antineoplastic", "therapy"]);
    }
    if super::text::a_newborn(text) {
        implied.extend(["newborn", "neonatal"]);
    }
    let widened = (!implied.is_empty()).then(|| Query::new(text).also_saying(&implied));
    let read = widened.as_ref().unwrap_or(q);
    let paths = index.paths(read.terms(), &|w: &str| read.has(w));
    let mut found = entries::entries(icd, index, search, read, text, &paths);
    // An outpatient's uncertain diagnosis is not the patient's condition yet (IV.H): no entry
    // is its word, unless the Index codes the uncertainty itself (Abuse, child, suspected).
    let settled_text = uncertain::settled(text);
    if settled_text != text {
        let settled = entries::spaced(&settled_text);
        let settled_q = Query::new(&settled_text);
        // ... nor is a subterm said only inside it ("isolated glycosuria, likely renal
        // glycosuria": Glycosuria, renal).
        let said_outside = |e: &entries::Entry| {
            e.terms()
                .iter()
                .filter(|w| read.has(w))
                .all(|w| settled_q.has(w))
        };
        for e in found.iter_mut().filter(|e| !e.path.contains("suspected")) {
            e.literal &= entries::literal(&e.main, &settled) && said_outside(e);
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
                .or_else(|| acquired_not_congenital(icd, &found, text, w))
                .or_else(|| congenital_not_acquired(icd, &found, text, w))
                .or_else(|| juvenile_for_an_adult(icd, &found, text, w))
                .or_else(|| adult_for_a_child(icd, text, w))
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
                .or_else(|| the_documented_title_in_its_place(icd, search, &quoted, statuses, w))
                .or_else(|| named_where_the_coder_wrote_other(icd, &found, statuses, w))
                .or_else(|| combined_with_its_organism(icd, &found, statuses, w))
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
        let organism = agents::organism_stem(icd, written);
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
            // A mass or lump the pathology has named (R22.32 booked before the excision of a
            // schwannoma) is the neoplasm's finding, not a condition beside it (I.B.5, IV.M).
            Status::Billable if a_mass_the_table_names(written, candidates) => {}
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
                // ... and read on to the line the question states, as for a written code (the
                // main term's J04.10 "without obstruction" for a tracheitis with one).
                if let Some(e) = by_index {
                    add(match sibling_stated(icd, q, text, &dotted(&e.code)) {
                        Some((mut stated, _)) => {
                            stated.why = format!("replaces {written}: {}", stated.why);
                            stated
                        }
                        None => from_entry(icd, e, &format!("replaces {written}: ")),
                    });
                    continue;
                }
                // A rule's line below the header is the header completed from the numbers the
                // question gives (T31.21 for T31.2, with 14% third degree).
                let by_rule = candidates.iter().find(|c| {
                    c.origin == Origin::Rule
                        && compact(&c.suggestion.code).starts_with(&compact(written))
                });
                if let Some(c) = by_rule {
                    add(from_candidate(icd, c, format!("replaces {written}: ")));
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
    let written_covering: Vec<String> = statuses
        .iter()
        .filter(|(w, _)| !(uncertain && not_reported.contains(w)))
        .map(|(w, _)| compact(w))
        .collect();
    let written_categories: Vec<String> = written_covering
        .iter()
        .map(|w| w.chars().take(3).collect())
        .collect();
    // The codes that cover a category, and their categories.
    let covering: Vec<String> = candidates
        .iter()
        .filter(|c| {
            matches!(
                c.origin,
                Origin::Table { .. } | Origin::Note | Origin::Rule | Origin::Therapy
            )
        })
        .map(|c| compact(&c.suggestion.code))
        .chain(written_covering.iter().cloned())
        .collect();
    let covered: Vec<String> = covering
        .iter()
        .map(|c| c.chars().take(3).collect())
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
                    let title = super::ground::title_terms_of(icd, w);
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
        .map(|c| super::ground::title_terms_of(icd, &c.suggestion.code))
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
        super::ground::title_terms_of(icd, code)
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
    // ... and so is an infection of a site the Index leads to where a culture grew the
    // organism (E. coli from a liver abscess is B96.20 beside K75.0, I.C.1.b).
    let a_site_infection_grew = || {
        agents::grown(text)
            && found
                .iter()
                .any(|e| e.literal && agents::infection_classified_elsewhere(icd, &e.code))
    };
    let an_infection_by_the_agent = |code: &str| {
        // Nor is the organism grown from an infection carried (Z22.321, MSSA carrier).
        if code.starts_with("Z22") && a_site_infection_grew() {
            return true;
        }
        let chapter_1 = code.starts_with('A') || (code.starts_with('B') && &code[..3] < "B95");
        chapter_1 && {
            let concepts = super::ground::concepts(&icd.title(code).unwrap_or_default());
            agent_written
                .iter()
                .any(|agent| agent.iter().any(|w| concepts.contains(w)))
                || agent_asked()
                || (unsaid(code) && (a_site_asks_for_the_agent() || a_site_infection_grew()))
        }
    };
    // A word match whose words are mostly those of an outpatient's uncertain diagnosis ("probable
    // UTI") is that diagnosis, not coded (IV.H).
    let settled_q = (settled_text != text).then(|| Query::new(&settled_text));
    // A code that says "suspected" codes the uncertainty itself (Z20.821).
    let uncertain_only = |code: &str| {
        settled_q.as_ref().is_some_and(|sq| {
            !icd.title(code).unwrap_or_default().contains("suspected")
                && words::best_line_mostly_uncertain(icd, code, q, sq)
        })
    };
    let systemic_hypertension_said = suggest::systemic_hypertension(&text.to_lowercase());
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
            && !words::finding_unsaid(icd, &code, q)
            && !words::preterm_at_term(icd, &code, text)
            // An external cause the question codes already is the mechanism: a word-alike of
            // another category is no second one ("car ... by another car" is no V42 beside the
            // question's V43.52XA, I.C.20).
            && !second_mechanism(&code, statuses)
            // A place, activity or status is no condition: those codes come from the
            // question's circumstances (I.C.20.b-d, I.C.20.k).
            && !["Y92", "Y93", "Y99"].contains(&&code[..3])
            // A hypertensive disease (I10-I16) needs the hypertension said: "ESRD" alone is
            // no I12.0.
            && (!("I10".."I17").contains(&&code[..3]) || systemic_hypertension_said)
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
            && !only_the_patient_said(icd, &code, q)
            && !only_its_compound_said(icd, &code, q)
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
    // Beside an injury the question codes, a word match is another injury only where the
    // question says all its title does: "ulnar collateral ligament sprain of elbow" is no
    // second injury of a thumb's ulnar collateral ligament.
    let injury_written = statuses.iter().any(|(w, _)| is_injury(&compact(w)));
    let described = described.filter(|c| {
        let code = compact(&c.suggestion.code);
        !(injury_written && is_injury(&code) && unsaid(&code))
    });
    // ... and none whose words the question shares only with a reported code's Tabular lines
    // is another condition: it is that code's neighbour (K44.0 "diaphragmatic hernia with
    // obstruction" beside K41.30 for an incarcerated femoral hernia).
    let reported_words = super::ground::words_of_lines(
        icd,
        statuses
            .iter()
            .filter(|(w, _)| !not_reported.contains(w))
            .map(|(w, _)| match specific.iter().find(|(s, _, _)| *s == w) {
                Some((_, r, _)) => compact(&r.code),
                None => compact(w),
            }),
    );
    let described = described.filter(|c| {
        !super::ground::redundant(icd, &c.suggestion.code, &reported_words, |w| q.has(w))
    });
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
    // ... nor one whose main term the Index reads further, as the question says it, to a code
    // the question reports already (G50.1 "atypical facial pain" for "atypical chest pain" with
    // R07.89 written: Pain, chest, atypical).
    // The entry's words are the provider's, not the coder's reason for the code ("M95.4
    // (acquired deformity of chest)"): a sentence that names a written code says none of them.
    let reported: Vec<String> = statuses
        .iter()
        .filter(|(w, _)| !not_reported.contains(w))
        .map(|(w, _)| compact(w))
        .collect();
    let besides_the_codes = Query::new(&words::without_sentences_naming(text, &reported));
    let described = described.filter(|c| {
        let code = compact(&c.suggestion.code);
        !found.iter().any(|e| {
            e.literal
                && e.depth >= 1
                && reported.contains(&e.code)
                && e.words > title_words_said(icd, &code, q)
                && names_the_main_term(icd, &code, e)
                && e.terms()
                    .iter()
                    .filter(|w| q.has(w))
                    .all(|w| besides_the_codes.has(w))
        })
    });
    // ... nor one whose title joins the main terms of two entries the Index reads as
    // conditions of their own, of one block ("hemorrhagic choroidal detachment" for a
    // vitreous hemorrhage H43.1- and a vitreous detachment H43.81-), where no entry leads to
    // its category (Syndrome, DRESS).
    let described = described.filter(|c| {
        let code = compact(&c.suggestion.code);
        if found
            .iter()
            .any(|e| e.literal && e.code.get(..3) == code.get(..3))
        {
            return true;
        }
        let title = super::ground::title_terms_of(icd, &code);
        let mut joined: Vec<(&str, &str)> = found
            .iter()
            .filter(|e| e.literal && e.depth >= 1 && e.words >= 2)
            .filter(|e| {
                let main = super::text::title_terms(&e.main);
                !main.is_empty() && main.iter().all(|m| title.contains(m))
            })
            .map(|e| (&e.code[..2], e.main.as_str()))
            .collect();
        joined.sort_unstable();
        joined.dedup();
        !joined.windows(2).any(|w| w[0].0 == w[1].0)
    });
    let superseded: Vec<String> = specific
        .iter()
        .filter(|(w, r, _)| compact(w) != compact(&r.code))
        .map(|(w, _, _)| compact(w))
        .collect();
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
        // The word match is the main term's own code, and the question names a subterm below
        // it: the coder reads on (Menorrhagia → N92.0; Menorrhagia, pubertal → N92.2).
        let read_on_from_the_match = |e: &&Entry| {
            e.depth >= 1
                && index
                    .main_terms(&e.main)
                    .iter()
                    .any(|&id| index.code_at(id).as_deref() == Some(code.as_str()))
        };
        let by_index = found
            .iter()
            .filter(|e| strong(e) || default_of(e))
            .filter(|e| e.code != code)
            .filter(|e| {
                agreeing.is_none_or(|words| e.words > words)
                    || leaves_unspecified(icd, &code, e, q)
                    || read_on_from_the_match(e)
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
                    || read_on_from_the_match(e)
            })
            .max_by_key(|e| (!icd.says_unspecified(&e.code), e.words));
        let stated = by_index
            .is_none()
            .then(|| the_statement_s_over_the_match(icd, (index, search), &quoted, &code))
            .flatten();
        let by_index = by_index.or(stated.as_ref());
        match by_index {
            // A written code a rule above replaced does not come back through the word match.
            Some(e) if superseded.contains(&e.code) => {}
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
    // The words of an entry's path.
    // A main term that is a subterm of another entry the question reads further ("polyangiitis"
    // of Granulomatosis, with polyangiitis) is that entry's word, no condition of its own.
    let a_word_of_another_entry = |e: &Entry| {
        let main = super::text::title_terms(&e.main);
        found.iter().any(|o| {
            o.main != e.main && o.words > e.words && {
                let theirs = o.terms();
                main.iter().all(|w| theirs.contains(w))
            }
        })
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
                (strong(e) && subterm_near_its_main_term(text, e))
                    || (asks_for_more && e.literal && e.depth == 0 && !symptom(e) && admissible(e))
                    || (nothing_read
                        && e.literal
                        && e.depth == 0
                        && admissible(e)
                        && (symptom(e) || !residual(icd, &e.code)))
                    || (e.literal && admissible(e) && uncertain_category(&e.code))
                    || (e.literal && admissible(e) && !symptom(e) && managed_condition(text, e))
                    // The diagnosis the provider states is a condition, its main term's
                    // default code where it names no more (Diplacusis → H93.22-).
                    || (e.literal && admissible(e) && !symptom(e) && stated_in(&quoted, e))
            })
            // Encounter and status codes come from the rules that read the encounter.
            .filter(|e| !e.code.starts_with('Z'))
            .filter(|e| !only_a_modifier_of_another_term(index, text, e))
            .filter(|e| e.depth > 0 || !a_word_of_another_entry(e))
            // The tables read every growth the question documents, and the lesions and masses
            // of a tabled neoplasm are its sites, not conditions of their own.
            .filter(|e| {
                !(tabled_neoplasm
                    && (is_neoplasm(&e.code) || GROWTH_FINDING.contains(&e.main.as_str())))
            })
            .filter(|e| !covering.iter().any(|c| takes_the_place_of(icd, c, e)))
            .collect();
        // An entry whose words one sentence says together reads that sentence's condition;
        // words gathered across the question ("vaginal delivery" ... "hemorrhage") come after
        // it ("Hemorrhage, subgaleal" before "Hemorrhage, vagina, newborn").
        // What the whole question implies (a drug's condition is drug-induced), each sentence
        // implies too.
        let sentences: Vec<Query> = text
            .split(['.', ';', '\n'])
            .filter(|s| !s.trim().is_empty())
            .map(|s| Query::new(s).also_saying(&implied))
            .collect();
        let together = |e: &Entry| {
            let path = e.names();
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
        let shallower = |e: &Entry| {
            let mine = e.terms();
            extra.iter().any(|o| {
                o.main == e.main && o.words > e.words && {
                    let theirs = o.terms();
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
            .filter(|e| {
                !shallower(e)
                    && (e.depth == 0 || implied(e) || together(e) || managed_condition(text, e))
            })
            .collect();
        // The conditions read are reported in the order the question tells them: the one it
        // opens with is the reason for the encounter (Sections II and IV).
        let lower_text = text.to_lowercase();
        let told_at = |e: &Entry| told_at(e, &lower_text);
        let mut read: Vec<(usize, Recommendation)> = Vec::new();
        // A category reported already takes no place among the entries read, unless the entry
        // is another condition in another of its subcategories (vitreous detachment H43.81-
        // beside a vitreous hemorrhage H43.1-).
        let fresh = |e: &&Entry| !chosen.iter().any(|c| takes_the_place_of(icd, c, e));
        let extra: Vec<&Entry> = extra.into_iter().filter(fresh).collect();
        for e in extra.into_iter().take(ENTRIES_ADDED) {
            // One condition, one code: a main term a reported code's title already names
            // (anemia, for D64.81 beside "Anemia, malignant") is that code's condition.
            // An entry whose every word a reported code's title says is no new condition
            // ("Fibrillation, heart" beside I48.0 and the heart failure's I50.23).
            let said_already = e.terms().iter().all(|t| {
                chosen
                    .iter()
                    .any(|c| super::ground::title_terms_of(icd, c).contains(t))
            });
            if (definite && symptom(e))
                || said_already
                || chosen.iter().any(|c| {
                    takes_the_place_of(icd, c, e)
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
        let coexisting = |e: &&Entry| {
            e.literal
                && admissible(e)
                && !symptom(e)
                && !e.code.starts_with('Z')
                && !covered.contains(&e.code[..3].to_owned())
        };
        let treated = found
            .iter()
            .filter(coexisting)
            .filter(|e| e.depth == 0 && on_a_drug(&books.drugs, &lower, &e.main));
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
        // A treated condition the word match reads already is the word match's (Angiodysplasia
        // beside "angiodysplasia of colon with hemorrhage").
        let the_word_match_s_category = |e: &Entry| {
            described.is_some_and(|c| compact(&c.suggestion.code).get(..3) == e.code.get(..3))
        };
        // So is one the question calls chronic, known or controlled ("Chronic: HTN,
        // hyperlipidemia, both controlled"), as deep as its words take the Index, and one it
        // says was treated ("repleted IV potassium for hypokalemia").
        let mut managed: Vec<&Entry> = found
            .iter()
            .filter(coexisting)
            .filter(|e| {
                !names_it(e)
                    && (managed_condition(text, e)
                        || (e.depth == 0
                            && said_treated(&lower, &e.main)
                            && !the_word_match_s_category(e)
                            && !a_word_of_another_entry(e)))
            })
            .collect();
        // One entry a main term, the one that reads most of the question, in the order the
        // question tells them.
        managed.sort_by_key(|e| std::cmp::Reverse(e.words));
        let mut mains_read = std::collections::HashSet::new();
        managed.retain(|e| mains_read.insert(e.main.clone()));
        managed.sort_by_cached_key(|e| told_at(e, &lower));
        for e in managed {
            add(from_entry(
                icd,
                e,
                "a coexisting condition the question says the patient is managed for (III, IV.J): ",
            ));
        }
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
        external_causes_in_order(&mut picked);
    }
    // External cause codes are reported only where a state or a payer requires them (I.C.20):
    // a setting that says it does not report them gets none.
    if NO_EXTERNAL_CAUSES.is_match(text) {
        picked.retain(|p| !is_external_cause(&p.code));
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
        // The encounter's reading settles the line: a sibling the words ranked for a written
        // header (Z01.810 for "Z01.81" beside a general clearance's Z01.818) is no second one.
        let first = compact(&r.first.code);
        let line_of = |c: &str| c[..c.len() - 1].to_owned();
        picked.retain(|p| {
            let code = compact(&p.code);
            code != first
                && !(first.len() > 4
                    && code.len() == first.len()
                    && line_of(&code) == line_of(&first))
        });
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

/// The code beside `code` (under the same parent) whose title is `title`, commas aside (the
/// Tabular writes "Myeloid leukemia, unspecified in remission" beside "…, unspecified, not
/// having achieved remission").
fn sibling_titled(icd: &Icd10Cm, code: &str, title: &str) -> Option<String> {
    let bare = |t: &str| t.replace(',', "");
    icd.billable_below(&code[..code.len() - 1])
        .into_iter()
        .find(|c| icd.title(c).is_some_and(|t| bare(&t) == bare(title)))
}

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

/// The external cause, the place, the activity and the status follow one another in that
/// order (I.C.20.d), whichever of them the coder wrote and whichever the answer added.
fn external_causes_in_order(picked: &mut [Recommendation]) {
    let circumstance = |r: &Recommendation| {
        if is_external_cause(&r.code) {
            return Some(0);
        }
        ["Y92", "Y93", "Y99"]
            .iter()
            .position(|k| compact(&r.code).starts_with(k))
            .map(|at| at + 1)
    };
    let slots: Vec<usize> = (0..picked.len())
        .filter(|&i| circumstance(&picked[i]).is_some())
        .collect();
    let mut ordered: Vec<Recommendation> = slots.iter().map(|&i| picked[i].clone()).collect();
    ordered.sort_by_key(|r| circumstance(r));
    for (slot, r) in slots.into_iter().zip(ordered) {
        picked[slot] = r;
    }
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

fn vague(icd: &Icd10Cm, code: &str) -> bool {
    icd.says_unspecified(code)
        || icd
            .title(code)
            .is_some_and(|t| t.to_lowercase().contains("without complications"))
}

/// An Index entry's code reported in place of a written code, with the words of its path.
fn entry_instead(icd: &Icd10Cm, e: &Entry, why: String) -> (Recommendation, Vec<String>) {
    (
        e.recommendation(icd, why),
        super::text::title_terms(&e.path),
    )
}

/// The Index entry the provider's diagnostic statement leads to, in another category of the
/// word match's chapter, where the statement says more of the entry than of the word match:
/// "umbilical stump hemorrhage of the newborn" is Hemorrhage, umbilicus, newborn (P51.9), not
/// the hemorrhagic disease of the newborn (P53) that "got vitamin K at birth" shares words
/// with (I.A.19: the provider's statement decides). Within a category the word match's line
/// stands.
fn the_statement_s_over_the_match(
    icd: &Icd10Cm,
    (index, search): (&lookup::Book, &Index),
    quoted: &[(String, Vec<String>)],
    code: &str,
) -> Option<Entry> {
    let own = super::ground::concepts(&icd.title(code).unwrap_or_default());
    quoted
        .iter()
        .filter_map(|(spaced, stems)| {
            let e = entries::entry_for(icd, index, search, spaced)?;
            let match_said = own.iter().filter(|w| stems.contains(w)).count();
            (e.depth >= 1
                && e.words > match_said
                && 2 * e.words >= super::text::query_terms(spaced).len())
            .then_some(e)
        })
        .find(|e| e.code[..3] != code[..3] && e.code[..1] == code[..1])
}

/// `code` reported in place of a written code, with the words of its title.
fn line_instead(icd: &Icd10Cm, code: &str, why: String) -> (Recommendation, Vec<String>) {
    let mut r = named(icd, code);
    r.why = why;
    let terms = super::text::title_terms(&r.title);
    (r, terms)
}

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

/// A residual line of its category ("Other acute kidney failure", "... with other respiratory
/// manifestations"): the kinds the category's other lines do not name.
fn residual(icd: &Icd10Cm, code: &str) -> bool {
    icd.title(code).is_some_and(|t| {
        let t = t.to_lowercase();
        t.starts_with("other ") || t.contains(" with other ")
    })
}

/// A reported code of an entry's category is its condition, unless the entry is another
/// condition in another of the category's subcategories.
fn takes_the_place_of(icd: &Icd10Cm, reported: &str, e: &Entry) -> bool {
    reported.get(..3) == e.code.get(..3) && !another_subcategory_s_condition(icd, reported, e)
}

/// An entry of a reported code's category that names another condition in another of its
/// subcategories: both codes subdivided (five characters or more), apart from the fourth, and
/// the entry's main term not in the reported code's title.
fn another_subcategory_s_condition(icd: &Icd10Cm, reported: &str, e: &Entry) -> bool {
    reported.len() >= 5
        && e.code.len() >= 5
        && reported[..4] != e.code[..4]
        && !words::names_the_main_term(icd, reported, e)
}

/// A written mass or lump (R22, N63, R19.0) beside a neoplasm the Neoplasm Table reads.
fn a_mass_the_table_names(written: &str, candidates: &[Candidate]) -> bool {
    let w = compact(written);
    ["R22", "N63", "R190"].iter().any(|m| w.starts_with(m))
        && candidates.iter().any(|c| {
            matches!(c.origin, Origin::Table { .. })
                && super::tables::neoplasm_code(&compact(&c.suggestion.code))
        })
}
