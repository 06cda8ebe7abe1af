//! Every numbered item of the Official Guidelines accounted for: `data/guidelines/coverage.toml`
//! says of each item of the shipped text whether the assistant enforces it (by which rules of
//! `rules.toml`, or which code checks), why it cannot be checked from a question's text, or
//! that it could be and is not yet.
//! [`problems`] holds the table to the text and to the rules, so a new guideline year or a new
//! rule that the table does not account for fails a test.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use serde::Deserialize;

use super::guideline_text::Item;
use super::guidelines::Rule;
use crate::domain::FlagKind;

static COVERAGE_TOML: &str = include_str!("../../data/guidelines/coverage.toml");

/// The flags `checks.rs` raises from the code set itself, by the name the table uses.
pub const CHECKS: [FlagKind; 11] = [
    FlagKind::Invalid,
    FlagKind::NonBillable,
    FlagKind::Missing7th,
    FlagKind::PlaceholderX,
    FlagKind::Invalid7th,
    FlagKind::Excludes1,
    FlagKind::Sequence,
    FlagKind::ManifestationFirst,
    FlagKind::Laterality,
    FlagKind::UseAdditional,
    FlagKind::CodeAlso,
];

#[derive(Debug, thiserror::Error)]
pub enum CoverageError {
    #[error("coverage.toml: {0}")]
    Toml(#[from] toml::de::Error),
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Enforced {
    /// Sections of rules in `rules.toml`.
    #[serde(default)]
    pub rules: Vec<String>,
    /// Names of the code checks (`excludes1`, `placeholder_x`, …).
    #[serde(default)]
    pub checks: Vec<String>,
    /// Names of the rules over the recommended answer as a whole (`recommend::ANSWER_RULES`).
    #[serde(default)]
    pub answer: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub enforced: Option<Enforced>,
    pub not_checkable: Option<String>,
    /// Checkable from a question's codes, and not yet a rule: what a rule would check.
    pub not_yet: Option<String>,
    /// What part of an enforced item is left to the consultant.
    pub partly: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Coverage {
    pub items: BTreeMap<String, Entry>,
}

pub fn parse(text: &str) -> Result<Coverage, CoverageError> {
    Ok(toml::from_str(text)?)
}

/// Part of the binary, and a test parses it: failing here is a build defect.
static COVERAGE: LazyLock<Coverage> =
    LazyLock::new(|| parse(COVERAGE_TOML).expect("data/guidelines/coverage.toml parses"));

pub fn shipped() -> &'static Coverage {
    &COVERAGE
}

/// The names of the rules over the recommended answer, for [`problems`].
pub fn answer_rules() -> Vec<&'static str> {
    super::recommend::ANSWER_RULES
        .iter()
        .map(|r| r.name)
        .collect()
}

#[derive(Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub items: usize,
    pub enforced: usize,
    pub not_checkable: usize,
    pub not_yet: usize,
}

impl Coverage {
    pub fn counts(&self) -> Counts {
        let count = |f: fn(&Entry) -> bool| self.items.values().filter(|e| f(e)).count();
        Counts {
            items: self.items.len(),
            enforced: count(|e| e.enforced.is_some()),
            not_checkable: count(|e| e.not_checkable.is_some()),
            not_yet: count(|e| e.not_yet.is_some()),
        }
    }
}

/// Every way the table disagrees with the text and the rules, one line each.
pub fn problems(
    coverage: &Coverage,
    items: &[Item],
    rules: &[Rule],
    answer_rules: &[&str],
) -> Vec<String> {
    let mut out = Vec::new();
    let in_text: BTreeSet<&str> = items.iter().map(|i| i.id.as_str()).collect();
    let sections: BTreeSet<&str> = rules.iter().map(|r| r.section.as_str()).collect();
    let check_names: BTreeSet<&str> = CHECKS.iter().map(|k| k.as_str()).collect();
    for item in items {
        if !coverage.items.contains_key(&item.id) {
            out.push(format!(
                "{} ({}, p. {}) is not in coverage.toml",
                item.id, item.heading, item.page
            ));
        }
    }
    let mut listed: BTreeSet<&str> = BTreeSet::new();
    let mut answer_listed: BTreeSet<&str> = BTreeSet::new();
    for (id, entry) in &coverage.items {
        if !in_text.contains(id.as_str()) {
            out.push(format!(
                "{id} is in coverage.toml but not in the guideline text"
            ));
        }
        let reason = entry.not_checkable.as_ref().or(entry.not_yet.as_ref());
        let kinds = [
            entry.enforced.is_some(),
            entry.not_checkable.is_some(),
            entry.not_yet.is_some(),
        ];
        if kinds.iter().filter(|k| **k).count() != 1 {
            out.push(format!(
                "{id} must be exactly one of enforced, not_checkable, not_yet"
            ));
            continue;
        }
        if reason.is_some_and(|r| r.trim().is_empty()) {
            out.push(format!("{id} gives no reason"));
        }
        if entry.enforced.is_none() && entry.partly.is_some() {
            out.push(format!("{id}: `partly` belongs to an enforced item"));
        }
        if let Some(e) = &entry.enforced {
            if e.rules.is_empty() && e.checks.is_empty() && e.answer.is_empty() {
                out.push(format!("{id} is enforced by nothing"));
            }
            for r in &e.rules {
                if !sections.contains(r.as_str()) {
                    out.push(format!("{id} names rule {r}, which is not in rules.toml"));
                }
                listed.insert(r);
            }
            for a in &e.answer {
                if !answer_rules.contains(&a.as_str()) {
                    out.push(format!(
                        "{id} names answer rule {a}, which recommend/rules.rs lacks"
                    ));
                }
                answer_listed.insert(a);
            }
            for c in &e.checks {
                if !check_names.contains(c.as_str()) {
                    out.push(format!(
                        "{id} names check {c}, which checks.rs does not raise"
                    ));
                }
            }
        }
    }
    for s in sections.difference(&listed) {
        out.push(format!(
            "rule {s} of rules.toml is not listed in coverage.toml"
        ));
    }
    for a in answer_rules.iter().filter(|a| !answer_listed.contains(*a)) {
        out.push(format!(
            "answer rule {a} of recommend/rules.rs is not listed in coverage.toml"
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assist::{guideline_text, guidelines};

    fn item(id: &str) -> Item {
        guideline_text::item(id).expect("in the text").clone()
    }

    #[test]
    fn the_table_must_match_the_text_and_the_rules() {
        let items = [item("I.A.4"), item("I.A.12.a")];
        let rules = guidelines::parse(
            "[[rule]]\nsection = \"I.B.5\"\nname = \"n\"\nmessage = \"m\"\nquote = \"q\"\n",
        )
        .unwrap();
        let table = parse(
            r#"[items]
"I.A.4" = { enforced = { checks = ["placeholder_x"] } }
"I.A.99" = { not_checkable = "no such item" }
"I.B.5" = { enforced = { rules = ["I.B.6"], checks = ["excludes3"], answer = ["guess"] } }
"#,
        )
        .unwrap();
        let found = problems(&table, &items, &rules, &["one_pattern_of_use"]).join("\n");
        for expected in [
            "I.A.12.a (Excludes1, p. 9) is not in coverage.toml",
            "I.A.99 is in coverage.toml but not in the guideline text",
            "I.B.5 is in coverage.toml but not in the guideline text",
            "I.B.5 names rule I.B.6, which is not in rules.toml",
            "I.B.5 names check excludes3",
            "rule I.B.5 of rules.toml is not listed",
            "I.B.5 names answer rule guess, which recommend/rules.rs lacks",
            "answer rule one_pattern_of_use of recommend/rules.rs is not listed",
        ] {
            assert!(
                found.contains(expected),
                "{expected:?} missing from:\n{found}"
            );
        }
        assert!(!found.contains("I.A.4"), "{found}");
    }

    #[test]
    fn an_entry_is_one_of_the_two_kinds() {
        assert!(parse("[items]\n\"I.A.4\" = { checked = true }\n").is_err());
        let table = parse(
            "[items]\n\"I.A.4\" = { not_checkable = \"x\", enforced = { checks = [\"invalid\"] } }\n",
        )
        .unwrap();
        assert!(problems(&table, &[item("I.A.4")], &[], &[])[0].contains("exactly one"));
    }
}
