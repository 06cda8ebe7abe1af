//! Infections and their organisms, sepsis and HIV (Chapter 1).

use super::denied::{affirmed_part, DENIED_JUST_BEFORE};
use super::gives_way::title_terms_of;
use super::{is_external_cause, named, recode, AS_THE_CAUSE};
use crate::assist::checks;
use crate::assist::focus;
use crate::assist::icd10cm::{compact, Icd10Cm};
use crate::assist::suggest::Query;
use crate::domain::Recommendation;

/// The organism the question names, where a code of the answer asks for it ("use additional
/// code to identify the organism (B95, B96)" at A48.3, "(B95-B97), to identify infectious
/// agent" at N10): the B95-B97 line that names all of the organism's words, the most specific
/// one (I.A.13, I.C.1.b). An answer that already has one keeps its own.
pub(super) fn the_organism_its_note_asks_for(
    icd: &Icd10Cm,
    q: &Query,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let organism_code = |c: &str| ["B95", "B96", "B97"].iter().any(|p| c.starts_with(p));
    let codes: Vec<String> = picked.iter().map(|r| compact(&r.code)).collect();
    // Only a code whose notes ask for an organism at all is read for one (the notes name
    // B95-B97 as a range, B95 and B96, or B96 alone).
    let asks = |c: &String| {
        ["B950", "B9620"]
            .iter()
            .any(|o| checks::use_additional_note(icd, c, o).is_some_and(|n| !n.contains("chapter")))
    };
    if codes.iter().any(|c| organism_code(c)) || !codes.iter().any(asks) {
        return picked;
    }
    let said_words = |line: &str| {
        let title = icd.title(line).unwrap_or_default();
        let organism = super::ground::NONESSENTIAL.replace_all(&title, " ");
        let organism = organism.replace(AS_THE_CAUSE, "").replace(" infection", "");
        let words = super::ground::concepts(affirmed_part(&organism));
        let said =
            !title.starts_with("Other") && !words.is_empty() && words.iter().all(|w| q.has(w));
        said.then_some(words.len())
    };
    let best = ["B95", "B96", "B97"]
        .iter()
        .flat_map(|p| icd.billable_below(p))
        .filter_map(|line| said_words(&line).map(|n| (n, line)))
        .max_by_key(|(n, _)| *n);
    let Some((_, line)) = best else {
        return picked;
    };
    let asking = codes.iter().find_map(|c| {
        checks::use_additional_note(icd, c, &line).filter(|n| !n.contains("chapter"))
    });
    if let Some(note) = asking {
        let mut r = named(icd, &line);
        r.why = format!("the question names the organism, and {note}");
        picked.push(r);
    }
    picked
}

/// An organism code (B95-B97) says nothing a code of the answer whose title names the organism
/// does not (B96.0 Mycoplasma pneumoniae beside J15.7 Pneumonia due to Mycoplasma pneumoniae):
/// the note "use additional code to identify the infectious agent" asks only where the
/// condition's code leaves the agent out.
pub(super) fn an_organism_the_condition_names(
    icd: &Icd10Cm,
    picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let titles = title_terms_of(icd, &picked);
    let named_elsewhere = |code: &str| {
        let organism =
            code.starts_with("B95") || code.starts_with("B96") || code.starts_with("B97");
        let concepts = super::ground::concepts(&icd.title(code).unwrap_or_default());
        organism
            && !concepts.is_empty()
            && titles.iter().any(|(other, title)| {
                other != code
                    && !other.starts_with('B')
                    && concepts.iter().all(|c| title.contains(c))
            })
    };
    picked
        .into_iter()
        .filter(|r| !named_elsewhere(&compact(&r.code)))
        .collect()
}

/// "Urinary tract infection, site not specified" (N39.0) beside the infection of the site the
/// question names: its Excludes1 note sends a "urinary tract infection of specified site, such
/// as" cystitis, pyonephrosis or urethritis to that site's code, and so the kidney's, the
/// bladder's, the urethra's and the prostate's (I.A.12.a).
pub(super) fn no_urinary_infection_of_no_site_beside_its_site(
    picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    // The kidney, bladder, urethra and prostate, and their infections in a pregnancy (O23.0-3).
    const SITES: [&str; 12] = [
        "N10", "N11", "N12", "N136", "N151", "N30", "N34", "N41", "O230", "O231", "O232", "O233",
    ];
    let sited = |c: &str| SITES.iter().any(|s| c.starts_with(s));
    if !picked.iter().any(|p| sited(&compact(&p.code))) {
        return picked;
    }
    picked
        .into_iter()
        .filter(|p| compact(&p.code) != "N390")
        .collect()
}

/// Severe sepsis (R65.2-) as the record documents it: no R65.2- code where the provider
/// documents no organ dysfunction (I.C.1.d.1.a.iii, I.C.1.d.1.b), R65.21 for septic shock
/// (I.C.1.d.2) and R65.20 where the record says there is none.
pub(super) fn severe_sepsis_as_documented(
    icd: &Icd10Cm,
    text: &str,
    picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let stated = |yes: &regex::Regex, no: &regex::Regex| yes.is_match(text) && !no.is_match(text);
    let not_severe = stated(&focus::NOT_SEVERE, &focus::SEVERE);
    let shock = stated(&focus::SHOCK, &focus::NO_SHOCK);
    let no_shock = stated(&focus::NO_SHOCK, &focus::SHOCK);
    picked
        .into_iter()
        .filter(|r| !(not_severe && r.code.starts_with("R65.2")))
        .map(|mut r| {
            let right = match r.code.as_str() {
                "R65.20" if shock => "R6521",
                "R65.21" if no_shock => "R6520",
                _ => return r,
            };
            let why = format!(
                "instead of {}: the record says whether there is septic shock (I.C.1.d.2)",
                r.code
            );
            recode(icd, &mut r, right, why);
            r
        })
        .collect()
}

/// Staphylococcus aureus (MRSA, MSSA) as the cause of an infection (I.C.1.e.1.a-b): a code
/// that names the organism with the infection (A41.02, J15.212) stands alone, with no B95.6-,
/// A49.0- or Z16.11-; an infection with no such code takes B95.6- beside it, not A49.0-,
/// which is for an infection of no stated site.
pub(super) fn staphylococcus_aureus_as_the_infection_s_cause(
    icd: &Icd10Cm,
    picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    let organism_only =
        |c: &str| c.starts_with("B956") || c.starts_with("A490") || c.starts_with("Z1611");
    let codes: Vec<String> = picked.iter().map(|r| compact(&r.code)).collect();
    if !codes.iter().any(|c| organism_only(c)) {
        return picked;
    }
    let combined = codes.iter().any(|c| {
        !organism_only(c)
            && icd
                .title(c)
                .is_some_and(|t| t.to_lowercase().contains("staphylococcus aureus"))
    });
    let infection = codes
        .iter()
        .any(|c| !c.starts_with(['A', 'B', 'R', 'Z']) && !is_external_cause(c));
    let mut out: Vec<Recommendation> = Vec::with_capacity(picked.len());
    for mut r in picked {
        let c = compact(&r.code);
        if combined && organism_only(&c) {
            continue;
        }
        if infection && (c == "A4901" || c == "A4902") {
            let cause = if c == "A4902" { "B9562" } else { "B9561" };
            let why = format!(
                "instead of {}: the infection has a code of its own, and the organism is its cause (I.C.1.e.1.b)",
                r.code
            );
            recode(icd, &mut r, cause, why);
        }
        out.push(r);
    }
    out
}

/// HIV disease (B20) or a positive status with no HIV-related illness (Z21): B20 once the
/// patient has had an HIV-related illness or AIDS, whatever their state now ("no HIV-related
/// illness ever" is read as none); Z21 when the
/// patient is positive with no symptoms and no such illness (I.C.1.a.2.e, I.C.1.a.2.g).
pub(super) fn hiv_disease_or_status(
    icd: &Icd10Cm,
    text: &str,
    mut picked: Vec<Recommendation>,
) -> Vec<Recommendation> {
    // An opportunistic infection or an AIDS-defining cancer of the answer is an HIV-related
    // illness whatever the words call it.
    let opportunistic = picked.iter().any(|r| {
        let c = compact(&r.code);
        HIV_RELATED_CATEGORIES.iter().any(|k| c.starts_with(k))
    });
    let illness = opportunistic || {
        // "never had an HIV-related illness or AIDS": a denial runs on through its list.
        let mut previous: Option<(usize, bool)> = None;
        HIV_ILLNESS.find_iter(text).any(|m| {
            let listed = previous.is_some_and(|(end, denied)| {
                denied
                    && matches!(
                        text[end..m.start()].trim().to_lowercase().as_str(),
                        "or" | "and" | "nor" | "," | ", or" | ", and"
                    )
            });
            let denied = listed || DENIED_JUST_BEFORE.is_match(&text[..m.start()]);
            previous = Some((m.end(), denied));
            !denied
        })
    };
    let no_symptoms = !illness && HIV_NO_SYMPTOMS.is_match(text);
    for r in picked.iter_mut() {
        let (to, why) = match r.code.as_str() {
            "Z21" if illness => (
                "B20",
                "an HIV-related illness or AIDS, now or before, is HIV disease (I.C.1.a.2.g)",
            ),
            "B20" if no_symptoms => (
                "Z21",
                "HIV positive with no symptoms and no HIV-related illness is the status code (I.C.1.a.2.e)",
            ),
            _ => continue,
        };
        let why = format!("instead of {}: {why}", r.code);
        recode(icd, r, to, why);
    }
    picked.dedup_by(|a, b| a.code == b.code);
    picked
}

/// Opportunistic infections and AIDS-defining cancers: cryptococcosis, toxoplasmosis, CMV
/// disease, Pneumocystis, MAC, candidiasis of the esophagus and lungs, histoplasmosis,
/// coccidioidomycosis, PML, Kaposi's sarcoma, tuberculosis.
const HIV_RELATED_CATEGORIES: &[&str] = &[
    "B45", "B58", "B25", "B59", "A31", "B3781", "B371", "B39", "B38", "A812", "C46", "A15",
];

static HIV_ILLNESS: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:aids|pcp (?:pneumonia|pna)|pneumocystis|kaposi|opportunistic (?:infection|illness)|hiv[- ]related (?:illness|condition|disease)|hiv (?:wasting|encephalopathy|dementia))\b").unwrap()
});
static HIV_NO_SYMPTOMS: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    super::text::regex(r"(?i)\b(?:asymptomatic|no (?:\w+ )?(?:symptoms|sx)|without (?:any )?symptoms|no hiv[- ]related)\b").unwrap()
});
