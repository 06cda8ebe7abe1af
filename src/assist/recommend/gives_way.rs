//! Codes that give way to another of the answer: symptoms a diagnosis explains, "other" and
//! catch-all lines beside the line that names it, two lines one line says together.

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;

use super::excludes::documented_in;
use super::{recode, writes};
use crate::assist::checks;
use crate::assist::entries::Entry;
use crate::assist::icd10cm::{compact, dotted, Icd10Cm};
use crate::domain::Recommendation;

/// An "Other ..." line is for what its category names no line of its own for (I.A.9.a): beside
/// a sibling line the answer reports (R82.71 Bacteriuria), "Other abnormal findings on
/// microbiological examination of urine" (R82.79) says it again. One the coder wrote stays,
/// for the checks to judge.
pub(super) fn no_other_beside_its_named_sibling(
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
pub(super) fn title_terms_of(
    icd: &Icd10Cm,
    picked: &[Recommendation],
) -> Vec<(String, Vec<String>)> {
    picked
        .iter()
        .map(|p| {
            let c = compact(&p.code);
            let terms = super::ground::title_terms_of(icd, &c);
            (c, terms)
        })
        .collect()
}

/// An Index entry's catch-all subterm ("Stenosis, artery NEC" → I77.1, "Occlusion, vascular
/// NEC" → I99.8) is for what no other line names (I.A.9.a): beside a line of the answer whose
/// title names its main term (I65.23 "Occlusion and stenosis of bilateral carotid arteries")
/// it says the same condition again.
pub(super) fn no_catch_all_entry_beside_the_line_that_names_it(
    icd: &Icd10Cm,
    entries: &[Entry],
    picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let titles = title_terms_of(icd, &picked);
    let catch_all_named_elsewhere = |code: &str| {
        entries.iter().any(|e| {
            let entry = e.path.split('→').next().unwrap_or_default();
            let (above, last) = entry.rsplit_once(',').unwrap_or_default();
            let main = super::text::title_terms(e.main.split(',').next().unwrap_or_default());
            // ... and names what the entry names above its catch-all: "Sprain, ankle,
            // specified ligament NEC" is no knee's sprain.
            // (A main term's other names, "stenotic" of "Stenosis", are the main term.)
            let stem_of = |w: &str| w.chars().take(4).collect::<String>();
            let above: Vec<String> = super::text::title_terms(above)
                .into_iter()
                .filter(|w| {
                    !main.iter().any(|m| stem_of(m) == stem_of(w))
                        && !super::ground::is_qualifier(w)
                })
                .collect();
            // Of one body system ("Pain, neck NEC" is no chronic pain syndrome's); a status
            // is its own fact.
            let same_system = |other: &str| other.get(..1) == code.get(..1);
            e.code == code
                && !code.starts_with('Z')
                && last.contains("NEC")
                && !main.is_empty()
                && titles.iter().any(|(other, terms)| {
                    other != code
                        && same_system(other)
                        && main.iter().all(|m| terms.contains(m))
                        && above.iter().all(|m| terms.contains(m))
                })
        })
    };
    picked
        .into_iter()
        .filter(|p| !catch_all_named_elsewhere(&compact(&p.code)))
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
pub(super) fn symptoms_the_answer_explains(
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
            let title = super::ground::title_terms_of(icd, o);
            names
                .iter()
                .any(|name| name.iter().all(|w| title.contains(w)))
        })
}

/// The nature of an adverse effect is its own condition (I.C.19.e.5.a): a skin eruption "due
/// to drugs" (L27.0, L27.1) says no more than that a drug caused a rash, and gives way to the
/// reaction the answer names (drug phototoxic response L56.0, Stevens-Johnson syndrome L51.1,
/// allergic urticaria L50.0, DRESS D72.12).
pub(super) fn the_drug_reaction_as_named(
    icd: &Icd10Cm,
    picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
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

/// A code whose Excludes1 note names another code of the answer is that condition coded
/// where the note points (I.A.12.a): E16.2 Hypoglycemia, unspecified gives way to E11.649,
/// which its note names for diabetes with hypoglycemia. Two codes whose notes name each other
/// both stay: which one is meant is the consultant's call, and the checks warn.
pub(super) fn excluded_by_the_answer(
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

/// Words a line may add to join the two it combines ("acute and chronic", "acute on chronic").
const JOINING_WORDS: &[&str] = &["and", "on", "with"];

/// A title's words, lower case, as printed.
pub(super) fn printed_words(icd: &Icd10Cm, code: &str) -> HashSet<String> {
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
pub(super) fn one_line_for_two_of_its_category(
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
pub(super) fn no_line_another_of_its_category_says_more_of(
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
    // "epididymitis" is said by "epididymo" (-orchitis): an inflammation by its organ's
    // combining form.
    let says = |theirs: &[String], w: &String| {
        let root = w.strip_suffix("itis").unwrap_or(w);
        theirs
            .iter()
            .any(|t| t == w || (root.len() >= 5 && t.starts_with(root)))
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
pub(super) fn no_condition_a_combination_line_names_with(
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

/// An "unspecified" code is for when the record is insufficient to assign a more specific
/// code (I.A.9.b): beside a code of its category that says more, the unspecified one is the
/// same condition said twice (N18.30 beside N18.32, L03.119 beside L03.115).
pub(super) fn specified_over_unspecified(
    icd: &Icd10Cm,
    picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
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
