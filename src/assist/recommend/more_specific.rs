//! A written code the question says more of: the Index entry its words lead to, the line its
//! category has for what the provider documents, the inclusion term or sibling it states.

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;

use super::denied::{denied_but_stated, said_by_the_record, without_quoted_title};
use super::excludes::{condition_of, documented_in};
use super::sides::SIDE_STEMS;
use super::words::{said_within, stated_in, stems_of, title_words_in, title_words_said};
use super::written::CONGENITAL;
use super::{entry_instead, from_entry, graded, named, residual, vague, GENERIC_TITLE_WORDS};
use crate::assist::checks::{self, Status};
use crate::assist::entries::{self, Entry};
use crate::assist::icd10cm::{compact, dotted, Icd10Cm};
use crate::assist::lookup;
use crate::assist::suggest::{Index, Query};
use crate::assist::tables;
use crate::domain::{CodeSystem, Recommendation};

/// The code an Index entry the question's words lead to gives in the category of a written
/// code that leaves out what the question says ("unspecified", "without complications"):
/// Diabetes, type 2, with, polyneuropathy → E11.42 for a written E11.9. The entry must name
/// at least one subterm the question has, and give a code that is itself specific. A code
/// whose title denies what the question states (K43.9 "without obstruction" for an
/// obstructed incisional hernia) is left open the same way.
pub(super) fn more_specific(
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
    if w.len() < 3 || !(vague(icd, &w) || residual || denied_but_stated(icd, q, text, &w).is_some())
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
            // Where only the side is open, an entry of the side that leaves the written code's
            // subcategory drops what it names ("Myopia, degenerative, left eye" for
            // "... with choroidal neovascularization, unspecified eye").
            if side_only && !given.starts_with(&w[..w.len() - 1]) {
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
    // A "see" entry the question says beside its main term ("spigelian hernia") is the
    // condition where the entry read here is a word said apart from it ("below the umbilicus"):
    // its reference is followed instead (`referred`, I.A.16).
    let main_of = |p: &lookup::Path| index.path(p.term).first().cloned();
    let a_closer_reference = paths.iter().any(|p| {
        index.term(p.term).see.is_some()
            && main_of(p) == main_of(path)
            && p.words >= path.words
            && said_beside_its_main_term(index, p, worded())
    });
    if a_closer_reference && !said_beside_its_main_term(index, path, worded()) {
        return None;
    }
    let words = super::text::title_terms(&index.path(path.term).join(", "));
    let why = format!(
        "instead of {written}: the question says more than \"{}\", and the Index entry it leads to gives this code",
        icd.title(&w).unwrap_or_default()
    );
    let r = index.recommend(lookup::Edition::Alphabetic, icd, path.term, &code, why);
    Some((r, words))
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
    let words: Vec<&String> = worded
        .words
        .iter()
        .filter(|(raw, _)| raw.len() >= 3)
        .map(|(_, stem)| stem)
        .collect();
    said_within(&words, &stems_of(main, 3), &stems_of(last, 3), 3)
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

/// Whether a code's title says every word of the question another's says, and more.
fn says_more_of_the_question(icd: &Icd10Cm, code: &str, other: &str, q: &Query) -> bool {
    let mine = super::ground::title_terms_of(icd, code);
    super::ground::title_terms_of(icd, other)
        .iter()
        .filter(|t| q.has(t))
        .all(|t| mine.contains(t))
        && title_words_said(icd, code, q) > title_words_said(icd, other, q)
}

/// The words of the Index's subterm for a condition a drug caused.
pub(super) const DRUG_INDUCED_WORDS: [&str; 2] = ["drug", "induced"];

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

/// A written code whose Excludes1 note names, word for word, what the question documents
/// ("tobacco dependence (F17.2-)" at Z72.0 Tobacco use): that condition is coded where the
/// note points (I.A.12.a), at the Index entry the question leads to there. Where the question
/// writes a code there too, the two are an Excludes1 pair, settled as one.
pub(super) fn documented_elsewhere(
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
pub(super) fn close_together(text: &str, words: &[String]) -> bool {
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

/// A written code the Index gives for a qualified form of a condition ("Achalasia, congenital
/// → Q39.5", "Insufficiency, tricuspid, nonrheumatic → I36.1") where the question names the
/// condition and never says the qualifier: the main term's own line is the code (Achalasia →
/// K22.0; tricuspid insufficiency of no stated cause is I07.1).
pub(super) fn qualifier_unsaid(
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

/// A written "other specified" code (B08.8, "poxvirus NEC") for a condition the question
/// names by a main term of the Index whose own code sits in the same block (Mpox → B04): an
/// NEC code is for what the classification has no code for (I.A.9.a), and the Index gives one.
pub(super) fn named_where_the_coder_wrote_other(
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

/// A written line whose own words the provider's quoted diagnosis does not say, where an
/// Index entry the statement does say gives another line of the same category
/// ("Parsonage-Turner syndrome (neuralgic amyotrophy)": G54.5 in place of G54.0 Brachial
/// plexus disorders; "childhood absence epilepsy": G40.A09 in place of G40.309 Generalized
/// idiopathic epilepsy).
pub(super) fn the_documented_line_of_its_category(
    icd: &Icd10Cm,
    found: &[Entry],
    statements: &[(String, Vec<String>)],
    written: &str,
) -> Option<(Recommendation, Vec<String>)> {
    let w = compact(written);
    let e = found.iter().find(|e| {
        e.literal
            && e.depth >= 1
            && e.code != w
            && e.code.get(..3) == w.get(..3)
            && !icd.says_unspecified(&e.code)
            && stated_in(statements, e)
            && statements_say_none_of_its_own(icd, statements, &w, &e.code)
    })?;
    Some(entry_instead(
        icd,
        e,
        format!("instead of {written}: the provider's quoted diagnosis is this line's"),
    ))
}

/// Whether a statement says none of the words `written`'s title has and `given`'s lacks, and
/// there are such words, and says every word `given`'s has and `written`'s lacks (one word in
/// two forms, "epilepsy" and "epileptic", is no word of its own): "childhood absence
/// epilepsy" says neither "generalized" nor "idiopathic" of G40.309, and "absence" of
/// G40.A09; "alcoholic polyneuropathy due to alcohol dependence" does not say F10.20's
/// "uncomplicated".
fn statements_say_none_of_its_own(
    icd: &Icd10Cm,
    statements: &[(String, Vec<String>)],
    written: &str,
    given: &str,
) -> bool {
    let terms = |code: &str| meaningful(&icd.title(code).unwrap_or_default());
    let beyond = |a: &[String], b: &[String]| -> Vec<String> {
        a.iter()
            .filter(|t| !b.iter().any(|o| two_forms(o, t)))
            .cloned()
            .collect()
    };
    let (own, theirs) = (terms(written), terms(given));
    let (own, theirs) = (beyond(&own, &theirs), beyond(&theirs, &own));
    !own.is_empty()
        && statements.iter().any(|(_, stems)| {
            !own.iter().any(|t| stems.contains(t)) && theirs.iter().all(|t| stems.contains(t))
        })
}

/// A title's terms but the generic words ("other", "disorder") and the "with"/"not" pairs.
fn meaningful(title: &str) -> Vec<String> {
    super::text::title_terms(title)
        .into_iter()
        .filter(|t| !GENERIC_TITLE_WORDS.contains(&t.as_str()) && !t.contains(':'))
        .collect()
}

/// One word in two forms: stems that differ only in the last letters ("epilepsi" and
/// "epilept", "ureter" and "ureteral").
fn two_forms(a: &str, b: &str) -> bool {
    const SHORTEST: usize = 5;
    let shared = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
    shared >= SHORTEST && shared + 2 >= a.len().min(b.len())
}

/// Whether the provider's statements exist and name no word of a code's title but the generic
/// ones ("other", "disorder") and its side.
fn statements_name_nothing_of(
    icd: &Icd10Cm,
    statements: &[(String, Vec<String>)],
    code: &str,
) -> bool {
    let Some(title) = icd.title(code) else {
        return false;
    };
    // A side is no condition: "left diplacusis" names nothing of a left ear's hearing loss.
    let own: Vec<String> = super::text::title_terms(&title)
        .into_iter()
        .filter(|t| !GENERIC_TITLE_WORDS.contains(&t.as_str()) && !SIDE_STEMS.contains(&t.as_str()))
        .collect();
    !statements.is_empty()
        && !statements
            .iter()
            .any(|(_, stems)| own.iter().any(|t| stems.contains(t)))
}

/// A written code whose words the provider's diagnosis does not say, for a condition of the
/// same chapter or a symptom of it, gives way to the diagnosis the provider states
/// ("Provider diagnosis: giardiasis" for a carried-over A09; "the assessment is vertigo of
/// central origin" for R42): the code is the documented diagnosis, as the Index gives it
/// (I.A.19, I.B.4-5). Only one for one: a statement beside several such conditions, or one
/// the written codes name already, replaces none, and a symptom only where no such condition
/// is written.
pub(super) fn the_documented_diagnosis_in_its_place(
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
    let competes =
        |c: &str, e: &Entry| c.starts_with('R') || chapter_of(icd, &e.code) == chapter_of(icd, c);
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

/// A written code whose words the provider's diagnosis does not say, where the statement says
/// a Tabular line's title of three words or more word for word and no Index entry of the
/// statement took its place ("Discharge diagnosis: brief psychotic disorder with marked stressor" for a written F29):
/// the documented diagnosis is the code, in the Tabular's own words (I.A.19, I.A.11). Only a
/// line of the written code's chapter that names its condition in another form ("psychotic",
/// "psychosis"; a cataract's code stays beside the floppy iris syndrome the surgeon
/// documented), none the other written codes share a category with.
pub(super) fn the_documented_title_in_its_place(
    icd: &Icd10Cm,
    search: &Index,
    statements: &[(String, Vec<String>)],
    statuses: &[(String, Status)],
    written: &str,
) -> Option<(Recommendation, Vec<String>)> {
    let w = compact(written);
    let own = meaningful(&icd.title(&w).unwrap_or_default());
    if w.starts_with(['R', 'S', 'T', 'V', 'W', 'X', 'Y', 'Z'])
        || !statements_name_nothing_of(icd, statements, &w)
    {
        return None;
    }
    let others: Vec<String> = statuses.iter().map(|(c, _)| compact(c)).collect();
    let line = statements.iter().find_map(|(spaced, _)| {
        let said = super::text::spaced_words(spaced);
        search
            .search(&Query::new(spaced), TITLES_READ)
            .into_iter()
            .map(|(code, _)| code)
            .find(|c| {
                let title = icd.title(c).unwrap_or_default();
                let words = super::text::spaced_words(&title);
                words.split_whitespace().count() >= 3
                    && said.contains(&words)
                    && meaningful(&title)
                        .iter()
                        .any(|t| own.iter().any(|o| two_forms(o, t)))
                    && *c != w
                    && !icd.says_unspecified(c)
                    && chapter_of(icd, c) == chapter_of(icd, &w)
                    && !others.iter().any(|o| o.get(..3) == c.get(..3))
            })
    })?;
    Some(super::line_instead(
        icd,
        &line,
        format!(
            "instead of {}: the provider's diagnosis is this line's title, word for word",
            dotted(&w)
        ),
    ))
}

/// The chapter a code is in (the root of its lineage).
fn chapter_of(icd: &Icd10Cm, code: &str) -> Option<usize> {
    icd.node_index(code)
        .and_then(|i| icd.lineage(i).1.last().copied())
}

/// The best word matches of a statement read for a title it says word for word.
const TITLES_READ: usize = 5;

/// The most lines of a category whose titles and inclusion terms are read for a written code.
const INCLUSIONS_READ: usize = 120;

/// A written code whose category has a line with an inclusion term the question writes word
/// for word ("alcohol use disorder, mild, in early remission" at F10.11, for a written F10.21
/// whose inclusion terms say moderate or severe; I.A.11, I.C.5.b.1).
pub(super) fn inclusion_stated(
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
    Some((r, super::ground::title_terms_of(icd, code)))
}

/// A written code whose category has a code of the same depth that differs from it only in
/// what the question states and leaves out what it does not (F10.20 "uncomplicated" for "in
/// early remission" → F10.21; G43.009 "not intractable" for a refractory migraine → G43.019;
/// L97.229 "unspecified severity" for "fat layer exposed" → L97.222): the coder picked the
/// wrong line of the right category.
pub(super) fn sibling_stated(
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
        let mut t: Vec<String> = super::ground::title_terms_of(icd, code)
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
    // A course the other line adds ("acute", "chronic") is said of this condition: in a
    // sentence that names it too, where one does ("acute acalculous cholecystitis" gives no
    // "acute" to the chronic systolic heart failure of the next sentence).
    let sentences = std::cell::OnceCell::new();
    let course = ["acute", "chronic", "subacute", "recurrent"].map(super::text::stem);
    let of_this_condition = |gained: &String, shared: &[&String]| {
        if !course.contains(gained) {
            return true;
        }
        let sentences: &Vec<Query> =
            sentences.get_or_init(|| text.split(['.', '\n']).map(Query::new).collect::<Vec<_>>());
        let naming: Vec<&Query> = sentences
            .iter()
            .filter(|s| shared.iter().any(|w| s.has(w)))
            .collect();
        naming.is_empty() || naming.iter().any(|s| s.has(gained))
    };
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
            // ... and so does a "without" what the question says it has (J04.10 "without
            // obstruction" for a tracheitis "with airway obstruction").
            let contradicted = |t: &&String| {
                t.strip_prefix("without:")
                    .is_some_and(|word| said_with(text, word))
            };
            let denied_wrongly = lost.iter().any(|t| {
                t.strip_prefix("not:")
                    .is_some_and(|word| q.has(word) && !said(t))
            }) || lost.iter().any(contradicted);
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
                lost.iter().all(|t| left_open(t) || contradicted(t))
            };
            let shared: Vec<&String> = own
                .iter()
                .filter(|t| {
                    theirs.contains(t)
                        && !t.contains(':')
                        && !GENERIC_TITLE_WORDS.contains(&t.as_str())
                })
                .collect();
            ((!gained.is_empty() || denied_wrongly)
                && only_vague
                && gained
                    .iter()
                    .all(|t| said(t) && of_this_condition(t, &shared))
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
pub(super) fn subterm_before_see_also(
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
pub(super) fn index_names_otherwise(
    icd: &Icd10Cm,
    q: &Query,
    found: &[Entry],
    statuses: &[(String, Status)],
    text: &str,
    written: &str,
) -> Option<(Recommendation, Vec<String>)> {
    let w = compact(written);
    let own_title = icd.title(&w)?.to_lowercase();
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

/// The code a "see" reference of the Index gives in the category of a vague written code:
/// Diabetes, poorly controlled - see Diabetes, by type, with hyperglycemia → E11.65 for a
/// written E11.9 (I.A.16).
pub(super) fn referred(
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
        // An unspecified code of the main term's condition is referred across its chapter's
        // categories too ("Hernia, spigelian - see Hernia, ventral" → K43.9 for K46.9,
        // "Unspecified abdominal hernia").
        .filter(|e| {
            let main = e.main.to_lowercase();
            let main = main.split(',').next().unwrap_or_default().trim();
            let names_the_main_term = own_title
                .split(|c: char| !c.is_alphanumeric())
                .any(|word| word == main);
            let within_the_main_term = e
                .path
                .split_once(" - see ")
                .is_some_and(|(_, to)| to.to_lowercase().starts_with(main));
            let same_condition = e.code[..3] == w[..3]
                || (e.code[..1] == w[..1]
                    && icd.says_unspecified(&w)
                    && names_the_main_term
                    && within_the_main_term);
            same_condition && e.code != w && (!vague(icd, &e.code) || open_alike(&e.code))
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
pub(super) fn site_documented(
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

/// A condition written at its residual site line ("Cellulitis of other sites", L03.818) where
/// the Index entry of the condition and the site the question documents gives a line of its
/// own, in another chapter too (Cellulitis, scrotum → N49.2): the Index's line (I.B.1,
/// I.B.2: the site the record documents).
pub(super) fn residual_site_documented(
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

/// An "uncomplicated" code for a written one "with" a complication (F13.20 for F13.239, a
/// withdrawal the coder saw): the Index entry read no further than the disorder.
fn drops_a_complication(icd: &Icd10Cm, written: &str, given: &str) -> bool {
    let title = |c: &str| icd.title(c).unwrap_or_default().to_lowercase();
    let given = title(given);
    given.contains("uncomplicated")
        && !given.contains(" with ")
        && title(written).contains(" with ")
}

/// A written condition with its written organism (I40.0 with B97.11), where the Index gives
/// one Chapter 1 code for the two (Coxsackie, myocarditis → B33.22): the combination code is
/// reported for both (I.B.9), and the organism code, which is for infections classified
/// elsewhere, goes with it (I.C.1.b).
pub(super) fn combined_with_its_organism(
    icd: &Icd10Cm,
    found: &[Entry],
    statuses: &[(String, Status)],
    written: &str,
) -> Option<(Recommendation, Vec<String>)> {
    let w = compact(written);
    let agent = |c: &str| ("B95".."B98").contains(&c.get(..3).unwrap_or_default());
    // Chapter 1 names the organism already; so do a pregnancy's and a newborn's lines.
    if agent(&w) || w.starts_with(['A', 'B', 'O', 'P']) {
        return None;
    }
    let organisms: Vec<String> = statuses
        .iter()
        .filter_map(|(o, _)| crate::assist::agents::organism_stem(icd, o))
        .collect();
    let own_title = icd.title(&w)?.to_lowercase();
    if organisms.iter().any(|o| own_title.contains(o.as_str())) {
        return None;
    }
    let conditions: Vec<String> = meaningful(&own_title);
    let e = found.iter().find(|e| {
        let path = e.names().to_lowercase();
        e.literal
            && ("A00".."B90").contains(&e.code.get(..3).unwrap_or_default())
            && !icd.says_unspecified(&e.code)
            && organisms.iter().any(|o| path.contains(o.as_str()))
            && conditions.iter().any(|c| path.contains(c.as_str()))
    })?;
    Some(entry_instead(
        icd,
        e,
        format!("instead of {written}: the Index gives one code for the condition and its organism (I.B.9)"),
    ))
}

/// Whether the text says "with" the stemmed `word`, at most two words before it ("with airway
/// obstruction"): a "without" line is contradicted only by a "with".
fn said_with(text: &str, word: &str) -> bool {
    let lower = super::text::lower_words(text);
    let words: Vec<&str> = lower.split(' ').collect();
    words.iter().enumerate().any(|(at, w)| {
        *w == "with"
            && words[at + 1..]
                .iter()
                .take(3)
                .any(|next| super::text::stem(next) == word)
    })
}
