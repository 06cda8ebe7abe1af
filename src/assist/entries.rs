//! What the Alphabetic Index gives for a question's words, as a coder reads it: each entry the
//! words lead to (a main term, then the subterms the question also names), its "see"
//! reference followed to the entry it names ("Diabetes, poorly controlled - see Diabetes, by
//! type, with hyperglycemia"), and the code it gives made billable in the Tabular (the default
//! code of a main term is the code printed beside it, I.A.18).

use std::sync::LazyLock;

use regex::Regex;

use super::icd10cm::{compact, dotted, Icd10Cm};
use super::lookup::{Book, Path, TermId};
use super::suggest::{by_words, Index, Query};
use crate::domain::{CodeSystem, Recommendation};

/// An entry of the Index the question leads to, with the billable code it gives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// Billable, without its dot.
    pub code: String,
    /// The entry as coders write it ("Pancreatitis, acute → K85.90"), with the entry a "see"
    /// led to.
    pub path: String,
    /// How many of the question's words the entry (and the entry its reference names) has.
    pub words: usize,
    /// Subterms below the main term: 0 is the main term's default code.
    pub depth: usize,
    /// The main term (its first name), as the Index prints it.
    pub main: String,
    /// The main term's noun as the question writes it, a whole word of its text (a stem
    /// shared with another word is not enough: "cervical" is no "cervicitis").
    pub literal: bool,
}

impl Entry {
    /// The terms of the entry's path as the Index words it, without the code it leads to.
    pub fn terms(&self) -> Vec<String> {
        super::text::title_terms(self.names())
    }

    /// The entry's names from the main term down ("Pancreatitis, acute"), without the code it
    /// leads to.
    pub fn names(&self) -> &str {
        self.path.split(" → ").next().unwrap_or_default()
    }

    /// The entry's code as a recommendation, its path and Tabular line the evidence.
    pub fn recommendation(&self, icd: &Icd10Cm, why: String) -> Recommendation {
        Recommendation {
            system: CodeSystem::Icd10cm,
            code: dotted(&self.code),
            title: icd.title(&self.code).unwrap_or_default(),
            why,
            evidence: format!(
                "Index (FY2025): {}; {}",
                self.path,
                icd.tabular_evidence(&self.code)
            ),
            from: None,
        }
    }
}

/// A clause about someone else's condition or a past one: a relative (not one who found or
/// brought the patient: "found by her daughter"), or a history up to where the clause goes on
/// about now ("h/o gout was found with vomiting").
static ELSEWHERE: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)(\bby\s+(?:his|her|their|the)\s+)?\b(?:(mother|father|mom|dad|sister|brother|sibling|parent|grand\w+|aunt|uncle|son|daughter|spouse|husband|wife|family|fhx|fh)|history of|hx of|h/o|personal history|remote)\b").unwrap()
});

/// Words after a history cue where the clause turns to the patient now.
static NOW_AGAIN: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(
        r"(?i)\b(?:was|were|is|are|who|presents?|presented|found|admitted|now|today|but)\b",
    )
    .unwrap()
});

/// The part of a clause about the patient now: none after a relative's name, and what
/// follows a history once the clause turns to now.
pub(super) fn own_part(clause: &str) -> Option<String> {
    part_kept(clause, true)
}

/// The part of a clause about the patient, past or present: none after a relative's name
/// ("his father was diagnosed with colon cancer at 52").
pub(super) fn not_a_relative_s(clause: &str) -> Option<String> {
    part_kept(clause, false)
}

fn part_kept(clause: &str, only_now: bool) -> Option<String> {
    let mut kept = String::new();
    let mut at = 0;
    for m in ELSEWHERE.captures_iter(clause) {
        let whole = m.get(0).expect("a match");
        if whole.start() < at || m.get(1).is_some() || (!only_now && m.get(2).is_none()) {
            continue;
        }
        kept.push_str(&clause[at..whole.start()]);
        let relative = m.get(2).is_some();
        match NOW_AGAIN.find(&clause[whole.end()..]).filter(|_| !relative) {
            Some(now) => at = whole.end() + now.start(),
            None => return (!kept.trim().is_empty()).then_some(kept),
        }
    }
    kept.push_str(&clause[at..]);
    Some(kept)
}

/// A "see" reference followed at most this many times (the Index does not loop, but a damaged
/// copy could).
const SEE_HOPS: usize = 3;

/// Subterms that only link a main term to what follows them.
const GAP_CONNECTORS: &[&str] = &["due to", "in", "with", "of", "following"];

/// The entries the question's words lead to, each with a billable code.
/// `paths` are the Index's paths for the question's words ([`Book::paths`]), walked once per
/// draft.
pub fn entries(
    icd: &Icd10Cm,
    index: &Book,
    search: &Index,
    q: &Query,
    text: &str,
    paths: &[Path],
) -> Vec<Entry> {
    // A condition named only in a family member's history or the patient's past is not the
    // patient's now.
    let own: Vec<String> = text
        .split(['.', ';', ',', '\n'])
        .filter_map(own_part)
        .collect();
    let lower = spaced(&own.join(" . "));
    let mut out: Vec<Entry> = Vec::new();
    let sentences = std::cell::OnceCell::new();
    let bound = bound_main_words(index, paths, &lower);
    for p in paths {
        let path = index.path(p.term);
        let main = path[0];
        if modifier_bound_elsewhere(&path, &bound, &lower) {
            continue;
        }
        // An implied main term is read through the subterm the question writes: the device.
        let implied = main.eq_ignore_ascii_case(super::lookup::IMPLIED_MAIN_TERM);
        if !implied && !main_named(main, q) {
            continue;
        }
        // "Disease" names nothing alone: its subterm must be said with it ("metastatic
        // disease" and "CT of the chest" are no "Disease, chest").
        let generic = super::text::GENERIC_MAIN_TERMS
            .iter()
            .find(|g| main.to_lowercase().starts_with(*g));
        let subterm = path.get(1).copied().unwrap_or_default();
        if generic.is_some_and(|g| !said_together(sentences.get_or_init(|| read(text)), g, subterm))
        {
            continue;
        }
        if with_what_is_denied(&path, q) {
            continue;
        }
        // A connector that gives a code itself ("Hypotension, due to (of) → I95.3") lost the
        // words below it in the FY2025 rows: the code is for those words, which no question
        // can be read to say.
        if path.len() > 1
            && path
                .last()
                .is_some_and(|t| GAP_CONNECTORS.contains(&t.trim()))
        {
            continue;
        }
        if let Some(mut e) = resolve(icd, index, search, q, p, 0) {
            e.literal = match (implied, path.get(1)) {
                (true, Some(device)) => literal(device, &lower),
                _ => literal(main, &lower),
            };
            e.main = main.split(',').next().unwrap_or_default().trim().to_owned();
            if !out.iter().any(|o| o.code == e.code) {
                out.push(e);
            } else if let Some(o) = out.iter_mut().find(|o| o.code == e.code) {
                if (e.words, e.depth) > (o.words, o.depth) {
                    *o = e;
                }
            }
        }
    }
    out
}

/// Main terms the question writes as a phrase with their first subterm ("sore throat" for
/// "Sore, throat"): the word is that phrase's noun.
fn bound_main_words(index: &Book, paths: &[Path], lower: &str) -> Vec<String> {
    paths
        .iter()
        .filter_map(|p| {
            let path = index.path(p.term);
            let main = super::text::lower_words(path.first()?.split(',').next()?);
            let sub = super::text::lower_words(path.get(1)?);
            lower.contains(&format!(" {main} {sub} ")).then_some(main)
        })
        .collect()
}

/// A one-word subterm that the question writes only as the noun of another phrase, away from
/// this main term: "Fever, sore" (a cold sore) is no reading of "sore throat, fever".
fn modifier_bound_elsewhere(path: &[&str], bound: &[String], lower: &str) -> bool {
    let [main, sub] = path else {
        return false;
    };
    let main = super::text::lower_words(main.split(',').next().unwrap_or_default());
    let sub = super::text::lower_words(sub);
    bound.contains(&sub)
        && !lower.contains(&format!(" {main} {sub} "))
        && !lower.contains(&format!(" {sub} {main} "))
}

/// Whether a path's "with" names what the question denies: "Disease, Parkinson's, without
/// dyskinesia, with, fluctuations" for "without dyskinesia or fluctuations" (I.A.15 "with"
/// links what is present).
pub(super) fn with_what_is_denied(path: &[&str], q: &Query) -> bool {
    let Some(with) = path.iter().position(|t| {
        let t = t.trim();
        t.get(..4).is_some_and(|w| w.eq_ignore_ascii_case("with"))
            && (t.len() == 4 || t[4..].starts_with(' '))
    }) else {
        return false;
    };
    path[with..]
        .iter()
        .flat_map(|t| super::text::title_terms(t))
        .any(|w| q.denies(&w))
}

/// Each sentence of a text, expanded and read as a query, once per question.
fn read(text: &str) -> Vec<(String, Query)> {
    text.split(['.', ';', '\n'])
        .filter(|s| !s.trim().is_empty())
        .map(|s| (super::text::expanded(s), Query::new(s)))
        .collect()
}

/// Whether one sentence says a generic main term ("disease") and its subterm's words.
fn said_together(sentences: &[(String, Query)], generic: &str, subterm: &str) -> bool {
    let words = super::text::title_terms(subterm);
    sentences
        .iter()
        .any(|(expanded, said)| expanded.contains(generic) && words.iter().all(|w| said.has(w)))
}

fn resolve(
    icd: &Icd10Cm,
    index: &Book,
    search: &Index,
    q: &Query,
    p: &Path,
    hops: usize,
) -> Option<Entry> {
    let t = index.term(p.term);
    let depth = index.path(p.term).len() - 1;
    if let Some(given) = t.code.as_deref() {
        let code = billable(icd, search, q, given)?;
        return Some(Entry {
            path: format!("{} → {given}", index.path(p.term).join(", ")),
            code,
            words: p.words,
            depth,
            literal: false,
            main: String::new(),
        });
    }
    let see = t.see.as_deref()?;
    if hops >= SEE_HOPS || see.starts_with("Neoplasm") || see.contains("category") {
        return None;
    }
    let target = follow(index, q, see)?;
    let below = index.paths_under(target, &|w: &str| q.has(w));
    let best = below
        .iter()
        .filter(|b| index.term(b.term).code.is_some())
        .max_by_key(|b| (b.words, index.path(b.term).len()))
        .cloned()
        .unwrap_or(Path {
            term: target,
            words: 0,
        });
    let e = resolve(icd, index, search, q, &best, hops + 1)?;
    Some(Entry {
        path: format!("{} - see {see}; {}", index.path(p.term).join(", "), e.path),
        code: e.code,
        words: p.words + e.words,
        depth: depth.max(e.depth),
        literal: false,
        main: String::new(),
    })
}

/// The term a "see" reference names: its main term, then each named subterm; a "by type" or
/// "by site" part is the subterm the question's words name, if any.
pub(super) fn follow(index: &Book, q: &Query, see: &str) -> Option<TermId> {
    let names: Vec<&str> = see.split(',').map(str::trim).collect();
    let (main, rest) = names.split_first()?;
    let start = *index.main_terms(main).first()?;
    let mut at = start;
    for name in rest {
        if let Some(kind) = name.strip_prefix("by ") {
            // "by type": one of the types ("type 2"), not any subterm the question names.
            if let Some(&child) = index.children(at).iter().find(|&&c| {
                let title = index.term(c).title.to_lowercase();
                let words = super::text::title_terms(&title);
                title.starts_with(kind.trim())
                    && !words.is_empty()
                    && words.iter().all(|w| q.has(w))
            }) {
                at = child;
            }
            continue;
        }
        at = match index.subterm(at, name) {
            Some(t) => t,
            // "with hyperglycemia" is printed as "with", then "hyperglycemia" below it.
            None => {
                let (connector, rest) = name.split_once(' ')?;
                let via = index.subterm(at, connector)?;
                index.subterm(via, rest)?
            }
        };
    }
    Some(at)
}

/// An Index code made billable: as printed, or its unspecified default below it ("-" codes
/// are completed in the Tabular by the question's words).
pub(super) fn billable(icd: &Icd10Cm, search: &Index, q: &Query, given: &str) -> Option<String> {
    let c = compact(given.trim_end_matches('-'));
    if icd.is_billable(&c) {
        return Some(of_the_side_said(icd, q, &c).unwrap_or(c));
    }
    by_words(icd, search, q, icd.billable_below(&c))
        .into_iter()
        .next()
        .map(|(b, _)| of_the_side_said(icd, q, &b).unwrap_or(b))
}

/// A printed code for an unspecified side ("Adenoma, adrenal → D35.00 ... unspecified adrenal
/// gland") where the question names one side: its sibling of that side (I.B.13; never
/// "unspecified" when the text specifies).
pub(super) fn of_the_side_said(icd: &Icd10Cm, q: &Query, code: &str) -> Option<String> {
    let side = q.side?;
    let title = icd.title(code)?.to_lowercase();
    let parent = &code[..code.len().checked_sub(1)?.max(3)];
    let siblings = icd.billable_below(parent);
    title.match_indices("unspecified").find_map(|(at, word)| {
        let (before, after) = (&title[..at], &title[at + word.len()..]);
        // "unspecified eye" is "left eye", or "bilateral" alone.
        let part = after.trim_start();
        let past_part = part
            .find(|c: char| !c.is_alphanumeric())
            .map_or("", |i| &part[i..]);
        let wanted = [
            format!("{before}{side}{after}"),
            format!("{before}{side}{past_part}"),
        ];
        siblings
            .iter()
            .find(|b| {
                icd.title(b)
                    .is_some_and(|t| wanted.contains(&t.to_lowercase()))
            })
            .cloned()
    })
}

/// A text's words as [`literal`] reads them: lower case, one space apart and around, its
/// shorthand expanded ("DVT" is a thrombosis).
pub fn spaced(text: &str) -> String {
    super::text::spaced_words(&super::text::expanded(text))
}

/// Whether the text has one of a main term's names as a whole word (or its plural).
pub fn literal(main: &str, spaced_text: &str) -> bool {
    main.split(',')
        // "Chiari's" is written "Chiari", "Tourette's syndrome" "Tourette syndrome".
        .flat_map(|n| {
            [
                super::text::lower_words(n.trim().trim_end_matches("'s")),
                super::text::lower_words(&n.trim().replace("'s ", " ")),
            ]
        })
        .filter(|n| !n.is_empty())
        .any(|name| {
            [
                format!(" {name} "),
                format!(" {name}s "),
                format!(" {name}es "),
            ]
            .iter()
            .any(|n| spaced_text.contains(n.as_str()))
        })
}

/// A main term's names after its first are the same word in another form ("Diabetes,
/// diabetic", "Failure, failed") or qualify it ("Impression, basilar"): a qualifier must be in
/// the question too.
fn main_named(main: &str, q: &Query) -> bool {
    let mut names = main.split(',').map(str::trim);
    let noun = names.next().unwrap_or_default().to_lowercase();
    let stem_of = |s: &str| s.chars().take(4).collect::<String>();
    names.all(|name| {
        let lower = name.to_lowercase();
        stem_of(&lower) == stem_of(&noun)
            || super::text::title_terms(&lower).iter().all(|w| q.has(w))
    })
}

/// The Index entry a condition's own words lead to (a phrase of the question): its main term written as a
/// word, the entry that names most of the phrase and, of those, the least beyond it
/// ("Meningitis, viral NEC", not "Meningitis, in, viral disease NEC").
pub fn entry_for(icd: &Icd10Cm, index: &Book, search: &Index, phrase: &str) -> Option<Entry> {
    let q = Query::new(phrase);
    let paths = index.paths(q.terms(), &|w: &str| q.has(w));
    entries(icd, index, search, &q, phrase, &paths)
        .into_iter()
        .filter(|e| e.literal)
        .max_by_key(|e| (e.words, std::cmp::Reverse(e.depth)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::LazyLock;

    static BOOKS: LazyLock<(Icd10Cm, Index, super::super::lookup::Lookup)> = LazyLock::new(|| {
        let icd = Icd10Cm::builtin().unwrap();
        let index = Index::build(&icd);
        (icd, index, super::super::lookup::Lookup::builtin().unwrap())
    });

    fn found(text: &str) -> Vec<Entry> {
        let (icd, search, books) = &*BOOKS;
        let q = Query::new(text);
        let paths = books.index.paths(q.terms(), &|w: &str| q.has(w));
        entries(icd, &books.index, search, &q, text, &paths)
    }

    #[test]
    fn a_connector_that_gives_a_code_leads_nowhere() {
        // FY2025 rows: "Hypotension, due to (of) → I95.3" lost "hemodialysis" below it.
        assert!(!found("Hypotension due to the overdose.")
            .iter()
            .any(|e| e.code == "I953"));
        assert!(found("Intra-dialytic hypotension.")
            .iter()
            .any(|e| e.code == "I953"));
    }

    #[test]
    fn a_clause_keeps_what_is_the_patient_s_now() {
        assert_eq!(
            own_part("83F w/ h/o gout was found by her daughter with vomiting").as_deref(),
            Some("83F w/ was found by her daughter with vomiting")
        );
        assert_eq!(own_part("mother had breast cancer at 40").as_deref(), None);
        assert_eq!(
            own_part("diabetic, her sister has lupus").as_deref(),
            Some("diabetic, her ")
        );
        assert_eq!(own_part("history of PE on apixaban").as_deref(), None);
        assert_eq!(
            not_a_relative_s("history of PE on apixaban").as_deref(),
            Some("history of PE on apixaban")
        );
        assert_eq!(
            not_a_relative_s(
                "first colonoscopy because his father was diagnosed with colon cancer"
            )
            .as_deref(),
            Some("first colonoscopy because his ")
        );
        assert_eq!(own_part("acute cough").as_deref(), Some("acute cough"));
    }

    fn codes(text: &str) -> Vec<String> {
        found(text).into_iter().map(|e| e.code).collect()
    }

    #[test]
    fn a_with_subterm_the_question_says_only_after_without_is_not_followed() {
        let denied = codes("Parkinson's disease without dyskinesia or fluctuations.");
        assert!(!denied.contains(&"G20A2".to_owned()), "{denied:?}");
        let said = codes("Parkinson's disease without dyskinesia, with fluctuations.");
        assert!(said.contains(&"G20A2".to_owned()), "{said:?}");
    }

    #[test]
    fn a_subterm_written_as_another_phrase_s_noun_is_not_this_entry_s() {
        let strep = codes("Sore throat, fever and tonsillar exudate; streptococcal pharyngitis.");
        assert!(!strep.contains(&"B001".to_owned()), "{strep:?}");
        let lip = codes("A fever sore on the upper lip.");
        assert!(lip.contains(&"B001".to_owned()), "{lip:?}");
    }

    #[test]
    fn subterms_the_question_names_lead_to_their_codes() {
        let c = codes("Acute on chronic pancreatitis, which codes?");
        assert!(c.contains(&"K8590".to_owned()), "{c:?}");
        assert!(c.contains(&"K861".to_owned()), "{c:?}");
    }

    #[test]
    fn a_see_reference_is_followed_to_the_entry_it_names() {
        let e = found("Type 2 diabetes, poorly controlled.");
        let poorly = e.iter().find(|e| e.path.contains("poorly controlled"));
        let poorly = poorly.expect("the entry with its reference");
        assert_eq!(poorly.code, "E1165", "{poorly:?}");
        assert!(poorly.path.contains("see Diabetes"), "{poorly:?}");
    }

    #[test]
    fn a_main_term_is_the_questions_own_word_not_a_shared_stem_or_someone_elses() {
        // "cervical" shares a stem with "Cervicitis".
        let e = found("Cervical strain after a rear-end collision.");
        assert!(
            e.iter()
                .filter(|e| e.main == "Cervicitis")
                .all(|e| !e.literal),
            "{e:?}"
        );
        // The mother's cancer is hers.
        let e = found("BRCA1 positive. Her mother had breast cancer at 44.");
        assert!(
            e.iter().filter(|e| e.main == "Cancer").all(|e| !e.literal),
            "{e:?}"
        );
        // A main term whose second name qualifies it needs that word too.
        assert!(found("Provider's impression: pneumonia.")
            .iter()
            .all(|e| e.main != "Impression"));
    }

    #[test]
    fn the_default_code_is_the_main_terms_own() {
        let e = found("Dehydration.");
        let d = e
            .iter()
            .find(|e| e.main == "Dehydration")
            .expect("the main term");
        assert_eq!((d.code.as_str(), d.depth), ("E860", 0));
    }
}
