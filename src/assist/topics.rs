//! A question about a guideline rather than about a code ("when can we report BMI?", "sepsis
//! with a localized infection: which goes first?") gets the sections it is about quoted from
//! the shipped guideline text, as `info` guideline flags. Sections are found by the question's
//! distinctive words in each item's heading, its opening and the headings above it.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use super::guideline_text::{self, Item};
use super::text::plain_terms;
use crate::domain::{Flag, FlagKind, Severity};

/// More sections than this is a reading list, not an answer.
const MOST: usize = 3;
/// How much of a section the evidence quotes.
const QUOTED_CHARS: usize = 300;
/// A section is quoted only when its score is this share of the best one's.
const NEAR_BEST: f32 = 0.6;
/// Below this a match is a word or two in common, not a topic.
const MIN_SCORE: f32 = 6.0;

/// Asking how the rules go: a cue word, or a question sentence.
static ASKS_A_RULE: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(
        r"(?ix)\b(?: which\s+(?:\w+\s+)?(?:goes|comes|is\s+listed|first)
        | first[-\s]listed | sequenc\w* | rules? | guidelines?
        | is\s+it\s+(?:ok|okay|appropriate|correct|acceptable|allowed)
        | (?:when|can|could|may|should|which|how|what|do|does|is|are)\b[^.?!\n]*\? )",
    )
    .expect("pattern compiles")
});

/// Asking what goes first: the sections about sequencing weigh more.
static ASKS_ORDER: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:first|sequenc\w*|principal|before|after)\b")
        .expect("pattern compiles")
});
static ABOUT_ORDER: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)sequenc|principal|first[-\s]listed").expect("pattern compiles")
});
/// How much more a sequencing section weighs for a question about order.
const ORDER_BOOST: f32 = 1.5;

/// A question that names codes is a coding question unless it asks about the guidelines
/// outright.
static NAMES_GUIDELINES: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:guidelines?|official\s+guidance)\b").expect("pattern compiles")
});

/// Words every section uses: matching them says nothing about the topic.
const GENERIC: &[&str] = &[
    "code",
    "codes",
    "coding",
    "coded",
    "assign",
    "assigned",
    "report",
    "reported",
    "reporting",
    "diagnosis",
    "diagnoses",
    "patient",
    "condition",
    "conditions",
    "use",
    "used",
    "when",
    "can",
    "should",
    "which",
    "first",
    "rule",
    "rules",
    "guideline",
    "guidelines",
    "listed",
    "sequence",
    "sequenced",
    "sequencing",
    "additional",
    "appropriate",
    "documented",
    "documentation",
    "provider",
    "encounter",
    "icd",
    "10",
    "cm",
    "category",
    "section",
    "see",
    "query",
    "ok",
    "okay",
    "question",
    "correct",
    "allowed",
    "always",
    "never",
    "need",
];

struct Indexed {
    item: &'static Item,
    /// Term weights: heading, opening words, the headings above it, the rest of its text.
    weights: HashMap<String, f32>,
}

/// The generic words as terms, made once: every item's text is read through [`terms`].
static GENERIC_TERMS: LazyLock<std::collections::HashSet<String>> =
    LazyLock::new(|| GENERIC.iter().flat_map(|g| plain_terms(g)).collect());

fn terms(text: &str) -> Vec<String> {
    let generic = &*GENERIC_TERMS;
    plain_terms(text)
        .into_iter()
        .filter(|t| !t.contains(' ') && !matches!(t.as_str(), "with" | "without" | "not"))
        .filter(|t| !generic.contains(t))
        .collect()
}

fn opening(text: &str, chars: usize) -> &str {
    match text.char_indices().nth(chars) {
        Some((at, _)) => &text[..at],
        None => text,
    }
}

static INDEX: LazyLock<(Vec<Indexed>, HashMap<String, f32>)> = LazyLock::new(|| {
    let items = guideline_text::items();
    let by_id: HashMap<&str, &Item> = items.iter().map(|i| (i.id.as_str(), i)).collect();
    let indexed: Vec<Indexed> = items
        .iter()
        .map(|item| {
            let mut weights: HashMap<String, f32> = HashMap::new();
            let mut add = |text: &str, w: f32| {
                for t in terms(text) {
                    let e = weights.entry(t).or_insert(0.0);
                    *e = e.max(w);
                }
            };
            add(&item.text, 1.0);
            let mut parent = item.id.as_str();
            while let Some((up, _)) = parent.rsplit_once('.') {
                parent = up;
                if let Some(p) = by_id.get(parent) {
                    add(&p.heading, 1.0);
                }
            }
            add(opening(item.body(), QUOTED_CHARS), 1.5);
            add(&item.heading, 3.0);
            Indexed { item, weights }
        })
        .collect();
    let mut df: HashMap<String, f32> = HashMap::new();
    for i in &indexed {
        for t in i.weights.keys() {
            *df.entry(t.clone()).or_insert(0.0) += 1.0;
        }
    }
    let n = indexed.len() as f32;
    let idf = df.into_iter().map(|(t, d)| (t, (n / d).ln())).collect();
    (indexed, idf)
});

/// The sections a question asks about, best first, with their scores.
pub fn sections(question: &str) -> Vec<(&'static Item, f32)> {
    let (indexed, idf) = &*INDEX;
    let mut asked = terms(question);
    asked.sort();
    asked.dedup();
    let about_order = ASKS_ORDER.is_match(question);
    let mut scored: Vec<(&Item, f32)> = indexed
        .iter()
        .filter(|i| !i.item.body().is_empty())
        .map(|i| {
            let score: f32 = asked
                .iter()
                .filter_map(|t| Some(i.weights.get(t)? * idf.get(t)?))
                .sum();
            let boost = if about_order && ABOUT_ORDER.is_match(&i.item.heading) {
                ORDER_BOOST
            } else {
                1.0
            };
            (i.item, score * boost)
        })
        .filter(|(_, s)| *s >= MIN_SCORE)
        .collect();
    scored.sort_by(|a, b| b.1.total_cmp(&a.1));
    let best = scored.first().map_or(0.0, |s| s.1);
    scored.retain(|(_, s)| *s >= best * NEAR_BEST);
    scored.truncate(MOST);
    scored
}

/// Info flags quoting the sections a guideline question is about; none for a question that
/// names codes without asking about the guidelines, and none for a section a rule has
/// already quoted.
pub fn quotes(text: &str, names_codes: bool, raised: &[Flag]) -> Vec<Flag> {
    if !ASKS_A_RULE.is_match(text) || (names_codes && !NAMES_GUIDELINES.is_match(text)) {
        return Vec::new();
    }
    sections(text)
        .into_iter()
        .filter(|(item, _)| {
            !raised
                .iter()
                .any(|f| f.rule.as_deref() == Some(item.id.as_str()))
        })
        .map(|(item, _)| quote(item))
        .collect()
}

fn quote(item: &Item) -> Flag {
    let body = item.body();
    let shown = opening(body, QUOTED_CHARS);
    let more = if shown.len() < body.len() { " …" } else { "" };
    Flag {
        kind: FlagKind::Guideline,
        severity: Severity::Info,
        codes: Vec::new(),
        message: format!("Guideline {}: {}", item.id, item.heading),
        evidence: format!("{} (p. {}): \"{shown}{more}\"", item.id, item.page),
        rule: Some(item.id.clone()),
        from: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_guideline_question_gets_its_section_quoted_with_page() {
        let flags = quotes(
            "Sepsis with a localized infection: which goes first?",
            false,
            &[],
        );
        let sepsis = flags
            .iter()
            .find(|f| f.rule.as_deref() == Some("I.C.1.d.4"))
            .expect("sepsis with a localized infection");
        assert_eq!(sepsis.severity, Severity::Info);
        assert!(
            sepsis.evidence.starts_with("I.C.1.d.4 (p. 24): \""),
            "{}",
            sepsis.evidence
        );
        assert!(flags.len() <= MOST);
    }

    #[test]
    fn a_coding_question_or_a_statement_gets_no_quotes() {
        assert!(quotes("Should sepsis A41.9 go before J18.9?", true, &[]).is_empty());
        assert!(quotes("Patient has sepsis due to pneumonia.", false, &[]).is_empty());
    }
}
