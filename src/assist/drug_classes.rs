//! Drugs the Table of Drugs and Chemicals does not list, read under the Table row of their
//! class, as a coder does ("oxaliplatin" is not in the Table: "Antineoplastic NEC"), from
//! `data/drug-classes/classes.tsv` (see its PROVENANCE.md).

use std::collections::HashMap;
use std::sync::LazyLock;

use super::lookup::{Book, TermId};

static TABLE: &str = include_str!("../../data/drug-classes/classes.tsv");

/// Each name (lower case) → the path of its class row, main term first.
static CLASS_OF: LazyLock<HashMap<&'static str, Vec<&'static str>>> = LazyLock::new(|| {
    rows()
        .flat_map(|(path, names)| names.into_iter().map(move |n| (n, path.clone())))
        .collect()
});

fn rows() -> impl Iterator<Item = (Vec<&'static str>, Vec<&'static str>)> {
    TABLE
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let (row, names) = l.split_once('\t')?;
            Some((
                row.split(" / ").map(str::trim).collect(),
                names.split(',').map(str::trim).collect(),
            ))
        })
}

/// The class row of a drug the Table has no row for (`word` in lower case).
pub fn class_row(drugs: &Book, word: &str) -> Option<TermId> {
    drugs.find(CLASS_OF.get(word)?)
}

/// The name in `words` that was read under `row` as its class, for the evidence.
pub fn named_for<'a>(drugs: &Book, words: &'a [String], row: TermId) -> Option<&'a str> {
    words
        .iter()
        .find(|w| class_row(drugs, w) == Some(row))
        .map(String::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn drugs() -> &'static Book {
        static BOOKS: std::sync::LazyLock<super::super::Lookup> =
            std::sync::LazyLock::new(|| super::super::Lookup::builtin().unwrap());
        &BOOKS.drugs
    }

    #[test]
    fn every_row_names_a_table_row_with_cells() {
        for (path, _) in rows() {
            let row = drugs().find(&path);
            assert!(
                row.is_some_and(|r| !drugs().term(r).cells.is_empty()),
                "{path:?}"
            );
        }
    }

    #[test]
    fn no_name_is_a_table_main_term_or_in_two_classes() {
        let mut seen = std::collections::HashSet::new();
        for (_, names) in rows() {
            for name in names {
                assert_eq!(name, name.to_lowercase(), "{name}");
                assert!(
                    drugs().main_terms(name).is_empty(),
                    "{name} is in the Table"
                );
                assert!(seen.insert(name), "{name} twice");
            }
        }
    }

    #[test]
    fn a_missing_drug_reads_its_class_and_a_listed_one_does_not() {
        let row = class_row(drugs(), "oxaliplatin").expect("a class");
        assert_eq!(drugs().path(row), ["Antineoplastic NEC"]);
        let row = class_row(drugs(), "sertraline").expect("a class");
        assert_eq!(
            drugs().path(row),
            ["Antidepressant", "selective serotonin reuptake inhibitor"]
        );
        assert_eq!(class_row(drugs(), "metformin"), None);
        assert_eq!(class_row(drugs(), "tablet"), None);
    }
}
