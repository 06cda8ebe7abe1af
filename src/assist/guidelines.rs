//! The ICD-10-CM Official Guidelines as data: `data/guidelines/rules.toml` (its header says
//! what each field means). Each rule recognises codes and words in a question and raises a
//! `guideline` warning quoting the guideline with its section and page in the shipped text
//! (`guideline_text`), or proposes a code.

use std::sync::LazyLock;

use regex::Regex;
use serde::Deserialize;

use crate::domain::{Flag, FlagKind, Severity};

static RULES_TOML: &str = include_str!("../../data/guidelines/rules.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleText {
    section: String,
    name: String,
    #[serde(default)]
    codes_all: Vec<String>,
    #[serde(default)]
    codes_none: Vec<String>,
    first: Option<String>,
    first_not: Option<String>,
    #[serde(default)]
    words_any: Vec<String>,
    #[serde(default)]
    words_none: Vec<String>,
    #[serde(default)]
    near: bool,
    #[serde(default)]
    each: bool,
    message: String,
    quote: String,
    suggest: Option<String>,
    suggest_sixth: Option<char>,
    not_reported: Option<usize>,
}

#[derive(Debug, Deserialize)]
struct RuleFile {
    rule: Vec<RuleText>,
}

/// A rule with its patterns compiled.
#[derive(Debug)]
pub struct Rule {
    pub section: String,
    pub name: String,
    codes_all: Vec<Regex>,
    codes_none: Vec<Regex>,
    first: Option<Regex>,
    first_not: Option<Regex>,
    words_any: Option<Regex>,
    words_none: Option<Regex>,
    near: bool,
    each: bool,
    pub message: String,
    pub quote: String,
    pub suggest: Option<String>,
    suggest_sixth: Option<char>,
    /// Which of the codes named (by its place in `codes_all`) the guideline says is not
    /// reported here.
    not_reported: Option<usize>,
}

fn code_pattern(p: &str) -> Result<Regex, regex::Error> {
    super::text::regex(&format!("^(?:{p})"))
}

/// Phrases as whole words: the edges are not letters or digits, so `ER\+` and `r/o` work too.
fn words_pattern(words: &[String]) -> Result<Option<Regex>, regex::Error> {
    if words.is_empty() {
        return Ok(None);
    }
    super::text::regex(&format!(
        r"(?i)(?:^|[^a-z0-9])(?:{})(?:$|[^a-z0-9])",
        words.join("|")
    ))
    .map(Some)
}

fn compile(t: RuleText) -> Result<Rule, String> {
    let fail = |e: regex::Error| format!("rule {} ({}): {e}", t.section, t.name);
    let codes = |v: &[String]| -> Result<Vec<Regex>, String> {
        v.iter().map(|p| code_pattern(p).map_err(fail)).collect()
    };
    Ok(Rule {
        codes_all: codes(&t.codes_all)?,
        codes_none: codes(&t.codes_none)?,
        first: t
            .first
            .as_deref()
            .map(code_pattern)
            .transpose()
            .map_err(fail)?,
        first_not: t
            .first_not
            .as_deref()
            .map(code_pattern)
            .transpose()
            .map_err(fail)?,
        words_any: words_pattern(&t.words_any).map_err(fail)?,
        words_none: words_pattern(&t.words_none).map_err(fail)?,
        near: t.near,
        each: t.each,
        section: t.section,
        name: t.name,
        message: t.message,
        quote: t.quote,
        suggest: t.suggest,
        suggest_sixth: t.suggest_sixth,
        not_reported: t.not_reported,
    })
}

pub fn parse(text: &str) -> Result<Vec<Rule>, String> {
    let file: RuleFile = toml::from_str(text).map_err(|e| e.to_string())?;
    file.rule.into_iter().map(compile).collect()
}

/// Part of the binary, and a test parses it: failing here is a build defect.
static RULES: LazyLock<Vec<Rule>> =
    LazyLock::new(|| parse(RULES_TOML).expect("data/guidelines/rules.toml parses"));

pub fn rules() -> &'static [Rule] {
    &RULES
}

/// A symptom another code of the answer explains, by the I.B.5 pairs of the rules: the
/// rules flag the pairs a coder wrote, the answer drops the symptom whatever brought the
/// diagnosis in (R11.2 beside a viral gastroenteritis read from the question's words).
pub fn explained_symptom(code: &str, others: &[String]) -> bool {
    rules()
        .iter()
        .filter(|r| r.section == "I.B.5" && r.not_reported == Some(0))
        .any(|r| match r.codes_all.as_slice() {
            [symptom, diagnosis] => {
                symptom.is_match(code)
                    && others.iter().any(|o| o != code && diagnosis.is_match(o))
                    && !r
                        .codes_none
                        .iter()
                        .any(|p| others.iter().any(|o| p.is_match(o)))
            }
            _ => false,
        })
}

/// A valid ICD-10-CM code of the question: as written, without its dot, and where it stands.
#[derive(Clone, Debug)]
pub struct Present {
    pub written: String,
    pub code: String,
    pub at: usize,
    /// The words of its title that name its condition (stemmed), to find it in the text by name.
    pub concepts: Vec<String>,
}

/// What the rules found: warnings, and codes to propose with the reason.
#[derive(Debug, Default)]
pub struct Findings {
    pub flags: Vec<Flag>,
    pub suggestions: Vec<(String, String)>,
    /// Codes as written that a guideline says are not reported with the others.
    pub not_reported: Vec<String>,
}

/// The sentence around a byte offset (moved back to a character boundary: an answer's codes
/// carry their place in the list there, not an offset in the text; found by the fuzzer).
pub(super) fn sentence_at(text: &str, at: usize) -> &str {
    &text[sentence_span(text, at)]
}

/// Where the sentence around byte `at` starts and ends (its stop left out), for a reader that
/// needs the stop or the sentence before.
pub(super) fn sentence_span(text: &str, at: usize) -> std::ops::Range<usize> {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    // A stop inside a code or a number ("G40.909", "7.1") ends no sentence.
    let ends_here = |i: usize| {
        text[i..].starts_with(['!', '?', '\n'])
            || (text[i..].starts_with('.')
                && !text[i + 1..].starts_with(|c: char| c.is_ascii_alphanumeric()))
    };
    let from = text[..at]
        .char_indices()
        .rev()
        .find(|&(i, _)| ends_here(i))
        .map_or(0, |(i, _)| i + 1);
    let to = text[at..]
        .char_indices()
        .find(|&(i, _)| ends_here(at + i))
        .map_or(text.len(), |(i, _)| at + i);
    from..to
}

impl Rule {
    /// Each set of codes the rule is about: one, or with `each` one for every code the first
    /// pattern matches (two symptoms a diagnosis explains are two flags).
    fn findings<'a>(&self, text: &str, present: &'a [Present]) -> Vec<Vec<&'a Present>> {
        if !self.each {
            return self.matches(text, present, None).into_iter().collect();
        }
        let Some(lead) = self.codes_all.first() else {
            return Vec::new();
        };
        present
            .iter()
            .filter(|c| lead.is_match(&c.code))
            .filter_map(|c| self.matches(text, present, Some(c)))
            .collect()
    }

    /// The codes the rule is about, in the order of `codes_all`, when every condition holds;
    /// `lead` fixes the code the first pattern names.
    fn matches<'a>(
        &self,
        text: &str,
        present: &'a [Present],
        lead: Option<&'a Present>,
    ) -> Option<Vec<&'a Present>> {
        if self
            .codes_none
            .iter()
            .any(|p| present.iter().any(|c| p.is_match(&c.code)))
        {
            return None;
        }
        if self.words_none.as_ref().is_some_and(|w| w.is_match(text)) {
            return None;
        }
        let first = present.iter().min_by_key(|c| c.at);
        if let Some(p) = &self.first {
            first.filter(|c| p.is_match(&c.code))?;
        }
        if let (Some(p), Some(c)) = (&self.first_not, first) {
            if p.is_match(&c.code) {
                return None;
            }
        }
        let mut named: Vec<&Present> = Vec::new();
        for (i, pattern) in self.codes_all.iter().enumerate() {
            let candidate = present.iter().find(|c| {
                (i > 0 || lead.is_none_or(|l| std::ptr::eq(*c, l)))
                    && pattern.is_match(&c.code)
                    && !named.iter().any(|n| n.code == c.code)
                    && (i > 0 || !self.near || self.word_near(text, c))
            })?;
            named.push(candidate);
        }
        if let Some(words) = &self.words_any {
            if !self.near && !words.is_match(text) {
                return None;
            }
        }
        Some(named)
    }

    /// The words stand in a sentence that writes the code, or in one that names its condition ("the
    /// coder picked I26.99" … "r/o pulmonary embolism"). A remark in parentheses or after a
    /// semicolon is read on its own: "(no entrapment, f/u for possible repair)" qualifies the
    /// repair, not the fracture before it.
    fn word_near(&self, text: &str, code: &Present) -> bool {
        let Some(words) = &self.words_any else {
            return true;
        };
        // The code may be written more than once (in the subject, then in the question).
        let mentions = std::iter::once(code.at).chain(
            text.match_indices(code.written.as_str())
                .map(|(i, _)| i)
                .filter(|&i| i != code.at),
        );
        if mentions
            .into_iter()
            .any(|at| words.is_match(sentence_at(text, at)))
        {
            return true;
        }
        text.split(['.', '!', '?', '\n', ';', '(', ')'])
            .filter(|s| words.is_match(s))
            .any(|s| super::text::half_named(&code.concepts, &super::text::plain_terms(s)))
    }
}

impl Rule {
    /// The quote with the section and the page of the shipped guidelines it stands on.
    pub fn evidence(&self) -> String {
        match super::guideline_text::find_quote(&self.section, &self.quote) {
            Some((_, page)) => format!("{} (p. {page}): \"{}\"", self.section, self.quote),
            None => format!("{}: \"{}\"", self.section, self.quote),
        }
    }
}

/// Every rule against the question's valid codes (in the order written) and its text.
pub fn apply(text: &str, present: &[Present]) -> Findings {
    let mut found = Findings::default();
    for rule in rules() {
        for named in rule.findings(text, present) {
            raise(rule, &named, &mut found);
        }
    }
    found
}

fn raise(rule: &Rule, named: &[&Present], found: &mut Findings) {
    let why = || format!("guideline {}: {}", rule.section, rule.name);
    if let Some(code) = &rule.suggest {
        found.suggestions.push((code.clone(), why()));
    }
    if let (Some(sixth), Some(first)) = (rule.suggest_sixth, named.first()) {
        let mut code: Vec<char> = first.code.chars().collect();
        if let Some(c) = code.get_mut(5) {
            *c = sixth;
            found.suggestions.push((code.into_iter().collect(), why()));
        }
    }
    if let Some(c) = rule.not_reported.and_then(|i| named.get(i)) {
        found.not_reported.push(c.written.clone());
    }
    found.flags.push(Flag {
        kind: FlagKind::Guideline,
        severity: Severity::Warning,
        codes: named.iter().map(|c| c.written.clone()).collect(),
        message: rule.message.clone(),
        evidence: rule.evidence(),
        rule: Some(rule.section.clone()),
        from: None,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_rules_parse_and_each_names_its_section() {
        assert!(rules().len() >= 25, "{}", rules().len());
        for r in rules() {
            assert!(r.section.starts_with('I'), "{}", r.section);
            assert!(!r.quote.is_empty() && !r.message.is_empty(), "{}", r.name);
        }
    }

    #[test]
    fn a_rule_with_a_bad_pattern_is_refused_with_its_name() {
        let bad = "[[rule]]\nsection = \"X\"\nname = \"broken\"\ncodes_all = [\"(\"]\nmessage = \"m\"\nquote = \"q\"\n";
        let err = parse(bad).unwrap_err();
        assert!(err.contains("broken"), "{err}");
        let unknown =
            "[[rule]]\nsection = \"X\"\nname = \"n\"\ncodez = []\nmessage = \"m\"\nquote = \"q\"\n";
        assert!(
            parse(unknown).is_err(),
            "a misspelt field is not silently ignored"
        );
    }

    #[test]
    fn codes_all_names_distinct_codes() {
        let rules = parse(
            "[[rule]]\nsection = \"T\"\nname = \"two\"\ncodes_all = [\"A\", \"A\"]\nmessage = \"m\"\nquote = \"q\"\n",
        )
        .unwrap();
        let one = [Present {
            written: "A01.1".into(),
            code: "A011".into(),
            at: 0,
            concepts: Vec::new(),
        }];
        assert!(rules[0].matches("", &one, None).is_none());
    }

    #[test]
    fn a_sentence_runs_through_the_stops_inside_codes_and_numbers() {
        let text = "ED visit. Coder has R56.00 and G40.909 to rule out epilepsy. A1c 7.1 today.";
        let at = text.find("G40").unwrap();
        assert_eq!(
            sentence_at(text, at),
            " Coder has R56.00 and G40.909 to rule out epilepsy"
        );
        assert_eq!(
            sentence_at(text, text.find("7.1").unwrap()),
            " A1c 7.1 today"
        );
    }

    #[test]
    fn words_near_any_mention_of_a_code_count() {
        let rules = parse(
            "[[rule]]\nsection = \"T\"\nname = \"near\"\ncodes_all = [\"G\"]\nwords_any = [\"rule out\"]\nnear = true\nmessage = \"m\"\nquote = \"q\"\n",
        )
        .unwrap();
        let present = |text: &str| {
            [Present {
                written: "G40.909".into(),
                code: "G40909".into(),
                at: text.find("G40.909").unwrap(),
                concepts: Vec::new(),
            }]
        };
        let asked = "Subject: G40.909 too?\nCoder has G40.909 to rule out epilepsy.";
        assert!(rules[0].matches(asked, &present(asked), None).is_some());
        let stated = "Subject: G40.909 too?\nCoder has G40.909. We rule out nothing.";
        assert!(rules[0].matches(stated, &present(stated), None).is_none());
    }
}
