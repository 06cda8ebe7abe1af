//! Protected health information a question should not carry: dates of birth, record numbers,
//! member IDs, SSNs, and names given with them.

use std::sync::LazyLock;

use regex::Regex;

use crate::domain::Phi;

static DOB: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(
        r"(?i)\b(dob|d\.o\.b\.?|date of birth|born on)\b[:\s]*\(?\d{1,4}[/.-]\d{1,2}[/.-]\d{2,4}",
    )
    .unwrap()
});
static MRN: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(
        r"(?i)\b(mrn|medical record (number|no\.?|#)|med rec #?)\s*[:#]?\s*[0-9][0-9-]{4,}",
    )
    .unwrap()
});
static MEMBER: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"(?i)\b(member|subscriber|policy|insurance)\s*(id|#|number|no\.?)\s*[:#]?\s*[A-Z0-9][A-Z0-9-]{5,}").unwrap()
});
static SSN: LazyLock<Regex> =
    LazyLock::new(|| super::text::regex(r"\b\d{3}-\d{2}-\d{4}\b").unwrap());
static NAME: LazyLock<Regex> = LazyLock::new(|| {
    super::text::regex(r"\b(?:Pt|Patient|Name)\s*:\s*(?:Mr\.?|Mrs\.?|Ms\.?)?\s*[A-Z][a-z]+(?:\s+[A-Z]\.)?\s+[A-Z][a-z'-]+").unwrap()
});

pub fn detect(text: &str) -> Phi {
    let mut kinds = Vec::new();
    for (kind, re) in [
        ("dob", &*DOB),
        ("mrn", &*MRN),
        ("member_id", &*MEMBER),
        ("ssn", &*SSN),
        ("name", &*NAME),
    ] {
        if re.is_match(text) {
            kinds.push(kind.to_owned());
        }
    }
    Phi {
        present: !kinds.is_empty(),
        kinds,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_identifiers_and_leaves_clinical_numbers_alone() {
        let p = detect("Pt: Margaret Ellison, DOB 04/11/1948, MRN 00417736. Hgb 7.1.");
        assert_eq!(p.kinds, vec!["dob", "mrn", "name"]);
        assert_eq!(detect("SSN 123-45-6789").kinds, vec!["ssn"]);
        assert_eq!(detect("Member ID: XJH8812345").kinds, vec!["member_id"]);
        let clean =
            detect("72F with Parkinson's since 2019, BAL 212 mg/dL, seen 04/11/2026, 36 2/7 wks.");
        assert!(!clean.present, "{clean:?}");
    }
}
