//! External causes of an injury (I.C.20), read from the External Cause Index as a coder
//! reads it: the main term of how the injury happened (Fall, Slipping, Tripping, Ignition), the
//! subterm of the preposition the question uses ("from, off, out of", "on", "over"), and the
//! subterm of the thing it names (ladder, curb, ice, rug, gasoline); the code completed with
//! the 7th character of the injury's encounter (I.C.20.a: the same 7th character as the
//! injury), placeholders as the Tabular needs them. External cause codes are never
//! first-listed (I.C.20) and are reported only beside an injury (S, T codes) the question
//! codes.

use std::sync::LazyLock;

use regex::Regex;

use super::icd10cm::{compact, dotted, Icd10Cm};
use super::lookup::{Book, TermId};
use crate::domain::{CodeSystem, Recommendation};

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("an external cause cue")
}

/// How the injury happened, the Index path it is looked up under, and what the words after
/// the cue are (the thing fallen from, slipped on, tripped over).
struct Mechanism {
    cue: LazyLock<Regex>,
    root: &'static [&'static str],
    /// The sentence's words rather than the words after the cue name the thing (Ignition:
    /// "gasoline ignited").
    sentence: bool,
    /// The root's own code when no subterm names the thing (Slipping NEC).
    fallback: bool,
}

static MECHANISMS: [Mechanism; 5] = [
    // "fell off a ladder", "fell down the stairs", "stepping off a curb" (Fall, from, stairs,
    // steps, curb).
    Mechanism {
        cue: LazyLock::new(|| {
            re(
                r"(?i)\b(?:fell|falls?|falling|fallen|stepp(?:ed|ing))\s+(?:down\s+(?:from\s+)?|off\s+(?:of\s+)?|out\s+of\s+|from\s+)(?:a|an|the|his|her|their|its|some)?\s*((?:[\w-]+\s+){0,3}[\w-]+)",
            )
        }),
        root: &["Fall", "from"],
        sentence: false,
        fallback: false,
    },
    Mechanism {
        cue: LazyLock::new(|| {
            re(
                r"(?i)\bslipp(?:ed|ing)\s+(?:and\s+fell\s+)?(?:on|in)\s+(?:a|an|the|some)?\s*((?:[\w-]+\s+){0,2}[\w-]+)",
            )
        }),
        root: &["Slipping", "on"],
        sentence: false,
        fallback: false,
    },
    // "slipped and fell", "slipped on a wet floor": Slipping (on same level) (with fall) W01.0.
    Mechanism {
        cue: LazyLock::new(|| re(r"(?i)\bslipp(?:ed|ing)\b")),
        root: &["Slipping"],
        sentence: false,
        fallback: true,
    },
    Mechanism {
        cue: LazyLock::new(|| {
            re(
                r"(?i)\btripp(?:ed|ing)\s+(?:over|on)\s+(?:a|an|the|his|her|their|some)?\s*((?:[\w-]+\s+){0,2}[\w-]+)",
            )
        }),
        root: &["Tripping", "over"],
        sentence: false,
        fallback: false,
    },
    Mechanism {
        cue: LazyLock::new(|| re(r"(?i)\bignit\w*|\bcaught (?:on )?fire\b")),
        root: &["Ignition"],
        sentence: true,
        fallback: false,
    },
];

/// A tripping with no fall said to be without one is a fall (Tripping, over, ..., with fall).
static WITHOUT_FALL: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\bwithout (?:a )?fall(?:ing)?\b|\b(?:did not|didn't|no) fall\b"));

/// The names an Index title gives one thing: "carpet, rug or (small) object" names carpet,
/// rug and object; "stairs, steps" names stairs and steps.
fn names(title: &str) -> Vec<String> {
    let plain = title.to_lowercase().replace(['(', ')'], " ");
    let plain = plain.split_whitespace().collect::<Vec<_>>().join(" ");
    plain
        .split(',')
        .flat_map(|p| p.split(" or "))
        .map(|p| p.trim().trim_end_matches(" nec").trim().to_owned())
        .filter(|p| !p.is_empty())
        .collect()
}

/// The subterm below `root` (its children first, then theirs) one of whose names is `word`.
fn named_below(book: &Book, root: TermId, word: &str) -> Option<TermId> {
    let mut level: Vec<TermId> = book.children(root).to_vec();
    for _ in 0..2 {
        if let Some(&hit) = level
            .iter()
            .find(|&&t| names(&book.term(t).title).iter().any(|n| n == word))
        {
            return Some(hit);
        }
        level = level
            .iter()
            .flat_map(|&t| book.children(t).iter().copied())
            .collect();
    }
    None
}

fn words(s: &str) -> impl Iterator<Item = String> + '_ {
    s.split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .filter(|w| w.len() > 2)
        .map(str::to_lowercase)
}

/// The external cause codes of the injury the question describes, each with its Index path.
pub fn causes(icd: &Icd10Cm, book: &Book, text: &str, seventh: char) -> Vec<Recommendation> {
    let mut out: Vec<Recommendation> = Vec::new();
    for m in &MECHANISMS {
        if !out.is_empty() {
            // One mechanism explains the injury: the first the question states.
            break;
        }
        let Some(root) = book.find(m.root) else {
            continue;
        };
        for s in text.split(['.', ';', '\n', '?', '!']) {
            let Some(found) = m.cue.captures(s) else {
                continue;
            };
            let thing = if m.sentence {
                s
            } else {
                found.get(1).map_or("", |g| g.as_str())
            };
            let mut term = words(thing).find_map(|w| {
                named_below(book, root, &w)
                    .or_else(|| named_below(book, root, w.trim_end_matches('s')))
            });
            if term.is_none() && m.fallback && book.term(root).code.is_some() {
                term = Some(root);
            }
            let Some(mut term) = term else {
                continue;
            };
            if !WITHOUT_FALL.is_match(text) {
                if let Some(fall) = book.subterm(term, "with fall") {
                    term = fall;
                }
            }
            if let Some(r) = from_book(icd, book, term, seventh) {
                out.push(r);
                break;
            }
        }
    }
    out
}

fn from_book(icd: &Icd10Cm, book: &Book, term: TermId, seventh: char) -> Option<Recommendation> {
    let given = book.term(term).code.as_deref()?;
    let c = compact(given.trim_end_matches('-'));
    let code = if icd.is_billable(&c) {
        c
    } else {
        let padded = format!("{c:X<6}{seventh}");
        icd.is_billable(&padded).then_some(padded)?
    };
    Some(Recommendation {
        system: CodeSystem::Icd10cm,
        title: icd.title(&code).unwrap_or_default(),
        why: "the external cause of the injury, after the injury with its encounter's 7th character (I.C.20.a; never first-listed)".into(),
        evidence: format!(
            "External Cause Index (FY2026): {} → {given}; {}",
            book.path(term).join(", "),
            icd.tabular_evidence(&code)
        ),
        code: dotted(&code),
        from: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::LazyLock;

    static BOOKS: LazyLock<(Icd10Cm, super::super::lookup::Lookup)> = LazyLock::new(|| {
        (
            Icd10Cm::builtin().unwrap(),
            super::super::lookup::Lookup::builtin().unwrap(),
        )
    });

    fn codes(text: &str, seventh: char) -> Vec<String> {
        let (icd, books) = &*BOOKS;
        causes(icd, &books.external, text, seventh)
            .into_iter()
            .map(|r| r.code)
            .collect()
    }

    #[test]
    fn the_external_cause_index_gives_the_mechanism_with_the_encounter() {
        assert_eq!(
            codes(
                "48M fell off a ladder in his backyard, Colles fx R wrist.",
                'A'
            ),
            ["W11.XXXA"]
        );
        assert_eq!(
            codes("Twisted his R ankle stepping off a curb, sprain.", 'A'),
            ["W10.1XXA"]
        );
        assert_eq!(
            codes(
                "Admitted after tripping on the rug at home: femoral neck fx.",
                'A'
            ),
            ["W18.09XA"]
        );
        assert_eq!(
            codes("She slipped on the ice in the parking lot, wrist fx.", 'D'),
            ["W00.0XXD"]
        );
        assert_eq!(
            codes("Slipped on a wet floor at work, lateral malleolus fx.", 'A'),
            ["W01.0XXA"]
        );
        assert_eq!(
            codes(
                "Gasoline ignited while burning brush: third-degree burns.",
                'A'
            ),
            ["X04.XXXA"]
        );
        assert_eq!(
            codes("Fell out of bed at the nursing home.", 'A'),
            ["W06.XXXA"]
        );
    }

    #[test]
    fn no_external_cause_without_a_mechanism_the_index_names() {
        assert!(codes("Ankle sprain, mechanism unknown.", 'A').is_empty());
        assert!(codes(
            "Her blood pressure fell from 150 to 110 on lisinopril.",
            'A'
        )
        .is_empty());
        assert!(codes("Neck strain, restrained driver.", 'A').is_empty());
    }
}
