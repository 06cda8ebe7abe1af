//! Diabetes of the type the record states (I.C.4.a).

use super::injury::drug_kind;
use super::{named, recode};
use crate::assist::icd10cm::{compact, Icd10Cm};
use crate::domain::Recommendation;

// Compiled once: compiling them for every draft was a quarter of its time.
static TYPE_1_STATED: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    // The Index's own names for type 1: "Diabetes, juvenile-onset", "ketosis-prone" and
    // "idiopathic" - see Diabetes, type 1.
    super::text::regex(r"\b(?:type (?:1|i)|juvenile(?:[- ]onset)?|ketosis[- ]prone|idiopathic) (?:diabetes|dm|diabetic)").unwrap()
});
static OTHER_SPECIFIED_DIABETES: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(
    || {
        super::text::regex(r"\b(?:secondary|specified type|other specified|post-?pancreatectomy|postprocedural|post-?procedural|drug[- ]induced|steroid[- ]induced|induced|mody|maturity[- ]onset diabetes of the young|genetic|due to|e13)\b").unwrap()
    },
);
static TYPE_2_STATED: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    super::text::regex(r"\btype (?:2|ii) (?:diabetes|dm|diabetic)").unwrap()
});
static INSULIN: std::sync::LazyLock<regex::Regex> =
    std::sync::LazyLock::new(|| super::text::regex(r"\binsulin\b").unwrap());

/// Diabetes the question says another condition causes: "diabetes due to chronic
/// pancreatitis", "type 3c", "pancreatogenic diabetes" (a drug or a surgery is another
/// category's cause: E09, E13 with E89.1).
static DIABETES_DUE_TO_A_CONDITION: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(
    || {
        super::text::regex(r"\b(?:diabetes|dm)\b[^.;]{0,40}?\b(?:due to|secondary to|d/t|caused by)\s+(?:the |an? |his |her )?([\w'-]+(?: [\w'-]+){0,3})|\btype 3c\b|\bpancreatogenic\b").unwrap()
    },
);
static NOT_A_CONDITION: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    super::text::regex(r"\b(?:drug|medication|steroid|prednisone|dexamethasone|chemo\w*|pancreatectomy|surgery|resection|removal|induced|insulin|type|poor|non-?complian\w*)").unwrap()
});

/// Diabetes due to an underlying condition (E08), where the question says another condition
/// causes it: the stated cause's words name a condition, not a drug or a surgery.
fn due_to_an_underlying_condition(expanded: &str) -> bool {
    DIABETES_DUE_TO_A_CONDITION
        .captures_iter(expanded)
        .any(|c| {
            c.get(1)
                .is_none_or(|cause| !NOT_A_CONDITION.is_match(cause.as_str()))
        })
}

/// Diabetes coded as the type the question states (I.C.4.a): type 1 written as E11 (or type 2
/// as E10) is the same complication in the stated type's category, and diabetes the question
/// says an underlying condition causes is E08 (I.C.4.a.6).
pub(super) fn diabetes_of_the_stated_type(
    icd: &Icd10Cm,
    text: &str,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let diabetes = |r: &Recommendation| {
        ["E10", "E11", "E13"]
            .iter()
            .any(|c| compact(&r.code).starts_with(c))
    };
    if !picked.iter().any(diabetes) {
        return picked;
    }
    let expanded = super::text::expanded(text);
    // "Other specified diabetes" (E13) is a type the record names: secondary, after surgery,
    // due to a drug; a stated type 1 or 2 is not it.
    let specified_other = OTHER_SPECIFIED_DIABETES.is_match(&expanded);
    let (from, to, stated): (&[&str], &str, &str) = match (
        TYPE_1_STATED.is_match(&expanded),
        TYPE_2_STATED.is_match(&expanded),
    ) {
        (true, false) if !specified_other => (&["E11", "E13"], "E10", "type 1 diabetes (I.C.4.a)"),
        (false, true) if !specified_other => (&["E10", "E13"], "E11", "type 2 diabetes (I.C.4.a)"),
        (true, false) => (&["E11"], "E10", "type 1 diabetes (I.C.4.a)"),
        (false, true) => (&["E10"], "E11", "type 2 diabetes (I.C.4.a)"),
        (false, false) if due_to_an_underlying_condition(&expanded) => (
            &["E10", "E11"],
            "E08",
            "diabetes due to an underlying condition (I.C.4.a.6)",
        ),
        (false, false) if super::meds::TYPE_NOT_DOCUMENTED.is_match(&expanded) => {
            return of_the_default_type(icd, &expanded, picked);
        }
        _ => return picked,
    };
    for r in picked.iter_mut() {
        let c = compact(&r.code);
        let as_stated = format!("{to}{}", c.get(3..).unwrap_or_default());
        if from.iter().any(|f| c.starts_with(f)) && icd.is_billable(&as_stated) {
            let why = format!("instead of {}: the question states {stated}", r.code);
            recode(icd, r, &as_stated, why);
        }
    }
    picked.dedup_by(|a, b| a.code == b.code);
    // Type 1 diabetes is treated with insulin by definition: E10 asks for no Z79.4, which
    // goes with the other types (I.C.4.a.3).
    let category = |r: &Recommendation| compact(&r.code).get(..3).map(str::to_owned);
    let types: Vec<String> = picked
        .iter()
        .filter_map(category)
        .filter(|c| ["E08", "E09", "E10", "E11", "E13", "O24"].contains(&c.as_str()))
        .collect();
    if to == "E10" && types.iter().all(|c| c == "E10") {
        picked.retain(|r| compact(&r.code) != "Z794");
    }
    picked
}

/// Diabetes whose type the record does not document is type 2 (I.C.4.a.2), with long-term
/// insulin (Z79.4) when the patient uses it (I.C.4.a.3): E10 written for it is E11.
fn of_the_default_type(
    icd: &Icd10Cm,
    expanded: &str,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let mut recoded = false;
    for r in picked.iter_mut() {
        let c = compact(&r.code);
        let default = format!("E11{}", c.get(3..).unwrap_or_default());
        if c.starts_with("E10") && icd.is_billable(&default) {
            let why = format!(
                "instead of {}: the record does not document the type, which is type 2 by default (I.C.4.a.2)",
                r.code
            );
            recode(icd, r, &default, why);
            recoded = true;
        }
    }
    let insulin_coded = picked.iter().any(|r| compact(&r.code) == "Z794");
    if recoded && INSULIN.is_match(expanded) && !insulin_coded {
        let mut r = named(icd, "Z794");
        r.why = "the patient uses insulin and the type of diabetes is not documented: E11 with Z79.4 (I.C.4.a.3)".into();
        picked.push(r);
    }
    picked.dedup_by(|a, b| a.code == b.code);
    picked
}

static DRUG_INDUCED: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    super::text::regex(r"(?i)\b[a-z]+-induced (?:diabetes|dm)\b|\bdiabetes (?:mellitus )?(?:due to|caused by|secondary to|from) (?:the |his |her )?(?:[a-z]+ )?(?:drugs?|medications?|steroids?|glucocorticoids?|prednisone|chemicals?)\b").unwrap()
});

/// Diabetes a drug caused, with the drug's adverse effect coded: drug or chemical induced
/// diabetes, E09 with the same complication (I.C.4.a.6.b.ii: E09 first, then the T code of the
/// adverse effect), not E11 or E13.
pub(super) fn drug_induced_diabetes(
    icd: &Icd10Cm,
    text: &str,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let adverse_effect = picked
        .iter()
        .any(|p| drug_kind(&compact(&p.code)) == Some(b'5'));
    if !adverse_effect || !DRUG_INDUCED.is_match(text) {
        return picked;
    }
    for p in picked.iter_mut() {
        let c = compact(&p.code);
        if !["E08", "E10", "E11", "E13"].contains(&&c[..3]) {
            continue;
        }
        let e09 = format!("E09{}", &c[3..]);
        if icd.is_billable(&e09) {
            let why = format!(
                "instead of {}: diabetes a drug caused, with its adverse effect coded, is drug or chemical induced diabetes (I.C.4.a.6.b.ii)",
                p.code
            );
            recode(icd, p, &e09, why);
        }
    }
    picked
}
