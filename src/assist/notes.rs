//! Code references inside tabular notes: "(E22.2)", "(S01.-)", "(C00-D49)", "(S06.81- to S06.89-)".

use std::sync::LazyLock;

use regex::Regex;

use super::icd10cm::compact;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ref {
    /// A code and everything below it.
    Code(String),
    /// From one code to another, inclusive, compared at each end's own length.
    Range(String, String),
}

static REF: LazyLock<Regex> =
    LazyLock::new(|| super::text::regex(r"[A-Z][0-9][0-9A-Z](?:\.[0-9A-Z]{1,4})?").unwrap());

pub fn refs(note: &str) -> Vec<Ref> {
    let found: Vec<_> = REF.find_iter(note).collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < found.len() {
        let a = found[i];
        if let Some(b) = found.get(i + 1) {
            let between = note[a.end()..b.start()]
                .trim()
                .trim_start_matches(".-")
                .trim();
            if matches!(between, "-" | "to" | "- to" | "-to" | "through") {
                out.push(Ref::Range(compact(a.as_str()), compact(b.as_str())));
                i += 2;
                continue;
            }
        }
        out.push(Ref::Code(compact(a.as_str())));
        i += 1;
    }
    out
}

impl Ref {
    pub fn covers(&self, code: &str) -> bool {
        let x = compact(code);
        match self {
            Ref::Code(r) => x.starts_with(r.as_str()),
            Ref::Range(lo, hi) => {
                let cut = |n: usize| &x[..x.len().min(n)];
                cut(lo.len()) >= lo.as_str() && cut(hi.len()) <= hi.as_str()
            }
        }
    }
}

/// "(T36-T65 with fifth or sixth character 1-4 or 6)": the intents a note's Table of Drugs
/// range is limited to.
static CHARACTER: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(
        r"with fifth or sixth character ((?:[0-9](?:\s*-\s*[0-9])?(?:\s*,\s*|\s+or\s+|\s*)?)+)",
    )
    .unwrap()
});

/// Whether a note's "with fifth or sixth character" limit lets `code` in: the character is
/// the intent of a Table of Drugs code (1-4 poisoning, 5 adverse effect, 6 underdosing), the
/// last of its first six characters (T38.0X5A → 5, T40.601A → 1).
fn character_allowed(note: &str, code: &str) -> bool {
    let Some(list) = CHARACTER.captures(note).and_then(|c| c.get(1)) else {
        return true;
    };
    let c = compact(code);
    let Some(intent) = c.get(..c.len().min(6)).and_then(|s| s.chars().last()) else {
        return true;
    };
    let list = list.as_str().replace(" or ", ",");
    list.split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .any(|part| match part.split_once('-') {
            Some((lo, hi)) => (lo.trim()..=hi.trim()).contains(&intent.to_string().as_str()),
            None => part.starts_with(intent),
        })
}

/// The first note of `notes` that names `code` (within the characters it allows).
pub fn naming<'a>(notes: &'a [String], code: &str) -> Option<&'a str> {
    notes
        .iter()
        .find(|n| refs(n).iter().any(|r| r.covers(code)) && character_allowed(n, code))
        .map(String::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_note_limited_to_some_characters_names_only_those() {
        let poisoning = ["poisoning due to drug or toxin, if applicable, to identify drug or toxin (T36-T65 with fifth or sixth character 1-4 or 6)".to_owned()];
        assert!(naming(&poisoning, "T38.0X1A").is_some());
        assert!(naming(&poisoning, "T42.0X6A").is_some());
        assert!(naming(&poisoning, "T38.0X5A").is_none());
        let adverse = ["adverse effect, if applicable, to identify drug (T36-T50 with fifth or sixth character 5)".to_owned()];
        assert!(naming(&adverse, "T38.0X5A").is_some());
        assert!(naming(&adverse, "T38.0X1A").is_none());
        // A note with no such limit names the whole range.
        assert!(naming(&["neoplasm (C00-D49)".to_owned()], "C61").is_some());
    }

    #[test]
    fn single_codes_and_ranges_are_read() {
        assert_eq!(
            refs("head injury NOS (S09.90)"),
            vec![Ref::Code("S0990".into())]
        );
        assert_eq!(
            refs("open wound of head (S01.-)"),
            vec![Ref::Code("S01".into())]
        );
        assert_eq!(
            refs("neoplasm (C00-D49)"),
            vec![Ref::Range("C00".into(), "D49".into())]
        );
        assert_eq!(
            refs("(S06.81- to S06.89-)"),
            vec![Ref::Range("S0681".into(), "S0689".into())]
        );
        let anemia = Ref::Range("D500".into(), "D649".into());
        assert!(anemia.covers("D62") && anemia.covers("D63.0") && !anemia.covers("D70.1"));
        assert!(Ref::Range("C00".into(), "D49".into()).covers("C61"));
        assert!(Ref::Code("E22".into()).covers("E22.2") && !Ref::Code("E22".into()).covers("E23"));
    }
}
