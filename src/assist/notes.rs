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
    LazyLock::new(|| Regex::new(r"[A-Z][0-9][0-9A-Z](?:\.[0-9A-Z]{1,4})?").unwrap());

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

/// The first note of `notes` that names `code`.
pub fn naming<'a>(notes: &'a [String], code: &str) -> Option<&'a str> {
    notes
        .iter()
        .find(|n| refs(n).iter().any(|r| r.covers(code)))
        .map(String::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;

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
