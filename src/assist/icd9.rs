//! ICD-9-CM, retired for services from October 1, 2015 but still written on superbills: its
//! titles (CMS v32) and the CMS General Equivalence Mappings to ICD-10-CM, built in (see
//! `data/icd9cm/PROVENANCE.md`).

use std::collections::HashMap;
use std::io::Read;
use std::sync::LazyLock;

use super::AssistError;

static GEM_GZ: &[u8] = include_bytes!("../../data/icd9cm/icd9toicd10cmgem.csv.gz");
static TITLES_GZ: &[u8] = include_bytes!("../../data/icd9cm/CMS32_DESC_LONG_DX.txt.gz");

/// Parsed on first use: most questions carry no ICD-9 code, so the desk does not pay for it at
/// start. The data is part of the binary and its parse is tested, so failing here is a build
/// defect, not a run-time condition.
static BUILTIN: LazyLock<Icd9> =
    LazyLock::new(|| Icd9::load().expect("the built-in ICD-9-CM data parses"));

/// The built-in titles and crosswalk.
pub fn builtin() -> &'static Icd9 {
    &BUILTIN
}

/// One ICD-10-CM code the GEM gives for an ICD-9-CM code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    /// Without the dot, as the GEM writes it.
    pub code: String,
    /// The GEM says the match is not exact.
    pub approximate: bool,
    /// One of several codes that together express the ICD-9-CM code.
    pub combination: bool,
}

#[derive(Debug, Default)]
pub struct Icd9 {
    titles: HashMap<String, String>,
    gem: HashMap<String, Vec<Target>>,
}

/// `250.00` → `25000`, `V58.67` → `V5867`.
fn key(code: &str) -> String {
    code.trim()
        .chars()
        .filter(|c| *c != '.')
        .collect::<String>()
        .to_ascii_uppercase()
}

fn gunzip(bytes: &[u8], what: &str) -> Result<Vec<u8>, AssistError> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .map_err(|e| AssistError::CodeSet(format!("{what}: {e}")))?;
    Ok(out)
}

impl Icd9 {
    fn load() -> Result<Self, AssistError> {
        let titles = gunzip(TITLES_GZ, "ICD-9-CM titles")?;
        let gem = gunzip(GEM_GZ, "ICD-9-CM GEM")?;
        Self::parse(&titles, &gem)
    }

    fn parse(titles: &[u8], gem: &[u8]) -> Result<Self, AssistError> {
        // ISO-8859-1: every byte is the code point of the same number.
        let titles: String = titles.iter().map(|&b| char::from(b)).collect();
        let titles = titles
            .lines()
            .filter_map(|line| {
                let (code, title) = line.split_once(' ')?;
                Some((code.to_owned(), title.trim().to_owned()))
            })
            .collect();
        let text = std::str::from_utf8(gem)
            .map_err(|e| AssistError::CodeSet(format!("ICD-9-CM GEM: {e}")))?;
        let mut map: HashMap<String, Vec<Target>> = HashMap::new();
        for line in text.lines().skip(1) {
            let fields: Vec<&str> = line.split(',').map(|f| f.trim_matches('"')).collect();
            let [icd9, icd10, _, approximate, no_map, combination, ..] = fields[..] else {
                return Err(AssistError::CodeSet(format!(
                    "ICD-9-CM GEM: a line with {} fields",
                    fields.len()
                )));
            };
            if no_map == "1" {
                continue;
            }
            let targets = map.entry(icd9.to_owned()).or_default();
            if !targets.iter().any(|t| t.code == icd10) {
                targets.push(Target {
                    code: icd10.to_owned(),
                    approximate: approximate == "1",
                    combination: combination == "1",
                });
            }
        }
        Ok(Self { titles, gem: map })
    }

    /// The ICD-9-CM title of a code written with or without its dot.
    pub fn title(&self, code: &str) -> Option<&str> {
        self.titles.get(&key(code)).map(String::as_str)
    }

    /// The ICD-10-CM codes the GEM gives, in its order; empty for a code it does not map.
    pub fn targets(&self, code: &str) -> &[Target] {
        self.gem.get(&key(code)).map_or(&[], Vec::as_slice)
    }

    pub fn len(&self) -> usize {
        self.titles.len()
    }

    pub fn is_empty(&self) -> bool {
        self.titles.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_and_mappings_are_read_with_or_without_the_dot() {
        let icd9 = Icd9::load().unwrap();
        assert!(icd9.len() > 14_000, "{}", icd9.len());
        assert_eq!(
            icd9.title("250.00"),
            Some("Diabetes mellitus without mention of complication, type II or unspecified type, not stated as uncontrolled")
        );
        assert_eq!(
            icd9.title("4019"),
            Some("Unspecified essential hypertension")
        );
        let codes =
            |c: &str| -> Vec<String> { icd9.targets(c).iter().map(|t| t.code.clone()).collect() };
        assert_eq!(codes("250.00"), ["E119"]);
        assert!(icd9.targets("250.00")[0].approximate);
        assert_eq!(codes("V58.67"), ["Z794"]);
        assert!(!icd9.targets("V58.67")[0].approximate);
        assert!(codes("999.99").is_empty());
        assert_eq!(icd9.title("999.99"), None);
    }

    #[test]
    fn combinations_are_marked_and_unmapped_codes_left_out() {
        let gem = b"\"icd9cm\",\"icd10cm\",\"flags\",\"approximate\",\"no_map\",\"combination\",\"scenario\",\"choice_list\"\n\
\"0010\",\"A000\",\"00000\",0,0,0,0,0\n\
\"7981\",\"NoDx\",\"11000\",1,1,0,0,0\n\
\"99680\",\"T865\",\"10111\",1,0,1,1,1\n\
\"99680\",\"Z942\",\"10112\",1,0,1,1,2\n";
        let icd9 = Icd9::parse(b"0010 Cholera due to vibrio cholerae\n", gem).unwrap();
        assert!(icd9.targets("798.1").is_empty());
        let combo = icd9.targets("996.80");
        assert_eq!(combo.len(), 2);
        assert!(combo.iter().all(|t| t.combination));
        assert_eq!(icd9.title("001.0"), Some("Cholera due to vibrio cholerae"));
    }
}
