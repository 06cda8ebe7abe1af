//! The clinical scales a question gives, to their codes: the Glasgow coma scale (I.C.18.e.1),
//! one code for each of eye opening, verbal and motor response when the record scores them, the
//! total score's line when it gives only the total, the 7th character saying when the scale was
//! recorded; the NIH stroke scale (I.C.18.i), its first score beside an acute stroke.

use std::sync::LazyLock;

use regex::Regex;

/// A scale's code the question supports, with the words that support it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Score {
    pub code: String,
    pub why: String,
}

/// The scale codes the question documents: the coma scale's, then the stroke scale's.
pub fn scores(text: &str) -> Vec<Score> {
    let mut out = coma_scale(text);
    out.extend(stroke_scale(text));
    out
}

/// The first NIHSS score, when the question is about a stroke: "At a minimum, report the
/// initial score documented" (I.C.18.i).
fn stroke_scale(text: &str) -> Option<Score> {
    // "NIH stroke scale" names no stroke.
    let stroke = STROKE.find_iter(text).any(|m| {
        !text[m.end()..]
            .trim_start()
            .to_lowercase()
            .starts_with("scale")
    });
    if !stroke {
        return None;
    }
    let score = NIHSS
        .captures(text)
        .and_then(|c| c[1].parse::<u32>().ok())
        .filter(|s| *s <= 42)?;
    Some(Score {
        code: format!("R29.7{score:02}"),
        why: format!("NIH stroke scale score {score}, after the acute stroke code (I.C.18.i)"),
    })
}

/// The coma scale codes the question documents, eyes, verbal and motor or the total.
/// None for a sedated patient or a medically induced coma (I.C.18.e), nor beside a nontraumatic
/// coma due to an underlying condition (R40.2A: "cannot be used with").
/// A sedated patient, a medically induced coma or a nontraumatic coma due to an underlying
/// condition: no coma scale code at all (I.C.18.e, I.C.18.e.1).
pub fn no_coma_scale(text: &str) -> bool {
    SEDATED.is_match(text) || SECONDARY_COMA.is_match(text)
}

fn coma_scale(text: &str) -> Vec<Score> {
    if no_coma_scale(text) {
        return Vec::new();
    }
    // The subject line may name the scale ("SDH + GCS"); the body's sentence scores it.
    SCALE
        .find_iter(text)
        .map(|m| context(text, m.start()))
        .find_map(|(around, at)| coma_scale_in(around, when_recorded(around, at)))
        .unwrap_or_default()
}

fn coma_scale_in(around: &str, when: (char, &'static str)) -> Option<Vec<Score>> {
    if let Some(parts) = components(around) {
        return Some(
            parts
                .into_iter()
                .zip(["R40.21", "R40.22", "R40.23"])
                .zip(["eyes open", "best verbal response", "best motor response"])
                .map(|(((score, said), subcategory), part)| Score {
                    code: format!("{subcategory}{score}{}", when.0),
                    why: format!(
                        "coma scale, {part} \"{said}\", {}: one code from each of R40.21-R40.23 (I.C.18.e.1)",
                        when.1
                    ),
                })
                .collect(),
        );
    }
    let total = TOTAL
        .captures(around)
        .and_then(|c| c[1].parse::<u32>().ok())
        // A full score of 15 records nothing wrong; a registry that wants it asks for it.
        .filter(|t| (3..=14).contains(t))?;
    let line = match total {
        3..=8 => "R40.243",
        9..=12 => "R40.242",
        _ => "R40.241",
    };
    Some(vec![Score {
        code: format!("{line}{}", when.0),
        why: format!(
            "Glasgow coma scale total {total}, {}, and no individual scores: R40.24- (I.C.18.e.1)",
            when.1
        ),
    }])
}

/// The text around the scale's mention: its sentence and the one before, where "on arrival to
/// the ED: eyes open to pain, … (GCS 8)" puts the time and the parts. With the scale's offset
/// in it.
fn context(text: &str, start: usize) -> (&str, usize) {
    let this = super::guidelines::sentence_span(text, start);
    let from = match this.start.checked_sub(2) {
        Some(before) => super::guidelines::sentence_span(text, before).start,
        None => this.start,
    };
    (&text[from..this.end], start - from)
}

/// The 7th character: in the field, at arrival to the emergency department, at admission, or
/// 24 hours or more after it, by the time phrase nearest the scale; unspecified time when the
/// text gives none.
fn when_recorded(around: &str, at: usize) -> (char, &'static str) {
    let times: [(&LazyLock<Regex>, char, &'static str); 4] = [
        (&LATER, '4', "24 hours or more after hospital admission"),
        (&FIELD, '1', "in the field"),
        (&ARRIVAL, '2', "at arrival to the emergency department"),
        (&ADMISSION, '3', "at hospital admission"),
    ];
    times
        .iter()
        .flat_map(|(re, c, label)| {
            re.find_iter(around)
                .map(move |m| (m.start().abs_diff(at), *c, *label))
        })
        .min_by_key(|(distance, ..)| *distance)
        .map_or(('0', "at an unspecified time"), |(_, c, label)| (c, label))
}

/// Eyes, verbal and motor scores with the words that give them, when all three are given.
fn components(around: &str) -> Option<[(u32, String); 3]> {
    if let Some(c) = NOTATION.captures(around) {
        let digit = |i: usize| c[i].parse::<u32>().ok();
        let said = c[0].to_owned();
        return Some([
            (digit(1)?, said.clone()),
            (digit(2)?, said.clone()),
            (digit(3)?, said),
        ]);
    }
    let first = |table: &[(u32, &LazyLock<Regex>)]| {
        table
            .iter()
            .find_map(|(score, re)| re.find(around).map(|m| (*score, m.as_str().to_owned())))
    };
    Some([
        first(&[
            (1, &EYES_NEVER),
            (2, &EYES_PAIN),
            (3, &EYES_SOUND),
            (4, &EYES_SPONTANEOUS),
        ])?,
        first(&[
            (1, &VERBAL_NONE),
            (2, &VERBAL_INCOMPREHENSIBLE),
            (3, &VERBAL_INAPPROPRIATE),
            (4, &VERBAL_CONFUSED),
            (5, &VERBAL_ORIENTED),
        ])?,
        first(&[
            (1, &MOTOR_NONE),
            (2, &MOTOR_EXTENSION),
            (3, &MOTOR_ABNORMAL_FLEXION),
            (4, &MOTOR_WITHDRAWAL),
            (5, &MOTOR_LOCALIZES),
            (6, &MOTOR_OBEYS),
        ])?,
    ])
}

fn re(pattern: &str) -> Regex {
    super::text::regex(pattern).expect("a coma scale pattern")
}

static STROKE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b(?:stroke|CVA|infarct\w*|I6[0-3](?:\.\w+)?)\b"));
static NIHSS: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:NIHSS|NIH stroke scale)\W{0,3}(?:(?:score|total|was|is|of|=)\W{0,3}){0,3}(\d{1,2})\b",
    )
});
static SCALE: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)\b(?:GCS|glasgow|coma scale)\b"));
static SEDATED: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:medically|pharmacologically|drug)[- ]induced coma\b|\b(?:was|is|remains|remained|while|heavily|deeply) sedated\b|\bunder (?:sedation|anesthesia)\b",
    )
});
static SECONDARY_COMA: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:nontraumatic|non-traumatic|secondary)\W+(?:\w+\W+){0,2}?coma\b|\bcoma (?:due to|from|secondary to) (?:the )?(?:underlying|metabolic|hepatic|uremic|hypoglyc\w*|meningitis|encephalitis)|\bR40\.?2A\b",
    )
});
static TOTAL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:GCS|glasgow(?: coma scale)?|coma scale)\W{0,3}(?:(?:total|score|was|is|of|=)\W{0,3}){0,3}(\d{1,2})\b",
    )
});
static NOTATION: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\bE\s?([1-4])\s?,?\s?V\s?([1-5])\s?,?\s?M\s?([1-6])\b"));
static LATER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:24|48|72) (?:hours|hrs?)\b[^.]{0,30}\bafter (?:hospital )?admission|\bhospital day [2-9]\b|\bday [2-9] of (?:the )?(?:stay|admission)\b",
    )
});
static FIELD: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:in the field|EMS|EMT|paramedics?|ambulance|pre-?hospital|on scene|at the scene)\b",
    )
});
static ARRIVAL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\b(?:on|at|upon) arrival\b|\barriv\w+ (?:to|in|at) (?:the |our )?(?:ED|ER|emergency)|\bin (?:the |our )?(?:ED|ER|emergency department|trauma bay)\b|\btriage\b",
    )
});
static ADMISSION: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b(?:on|at|upon) admission\b|\badmission GCS\b"));
static EYES_NEVER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)\bno eye opening\b|\beyes (?:do not|don't|did not|never) open\b|\beyes open(?:ing)?,? (?:none|never)\b",
    )
});
static EYES_PAIN: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\beyes? open(?:s|ed|ing)? (?:only )?(?:to|with) (?:pain|painful)"));
static EYES_SOUND: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)\beyes? open(?:s|ed|ing)? (?:only )?(?:to|with) (?:sound|voice|speech|verbal|command)")
});
static EYES_SPONTANEOUS: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)\beyes? open(?:s|ed|ing)? spontaneous(?:ly)?|\bspontaneous eye opening\b")
});
static VERBAL_NONE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\bno verbal (?:response|output)\b|\bverbal(?: response)?,? none\b"));
static VERBAL_INCOMPREHENSIBLE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\bincomprehensible (?:words|sounds|speech)\b"));
static VERBAL_INAPPROPRIATE: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)\binappropriate words\b"));
static VERBAL_CONFUSED: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\bconfused (?:conversation|speech)\b"));
static VERBAL_ORIENTED: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\boriented(?: conversation)?\b"));
static MOTOR_NONE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\bno motor (?:response|movement)\b|\bmotor(?: response)?,? none\b"));
static MOTOR_EXTENSION: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b(?:abnormal )?extension(?: to pain)?\b|\bdecerebrate\b"));
static MOTOR_ABNORMAL_FLEXION: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\babnormal flexion\b|\bdecorticate\b"));
static MOTOR_WITHDRAWAL: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i)\bflexion[- ]withdrawal\b|\bwithdraw(?:s|ing|al)? (?:from|to) pain\b")
});
static MOTOR_LOCALIZES: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\blocali[sz](?:es|ing|ed)? (?:to )?pain\b"));
static MOTOR_OBEYS: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)\b(?:obeys|obeying|follows|following) commands\b"));

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(text: &str) -> Vec<String> {
        scores(text).into_iter().map(|s| s.code).collect()
    }

    #[test]
    fn the_three_parts_when_the_record_scores_them() {
        assert_eq!(
            codes("On arrival to our ED: eyes open to pain, incomprehensible words, flexion withdrawal to pain (GCS 8)."),
            ["R40.2122", "R40.2222", "R40.2342"]
        );
        assert_eq!(
            codes("Paramedics recorded GCS 7 (E2 V2 M3) at the scene."),
            ["R40.2121", "R40.2221", "R40.2331"]
        );
    }

    #[test]
    fn the_total_when_only_the_total_is_given() {
        assert_eq!(
            codes("In the ED his GCS was 13 after the fall."),
            ["R40.2412"]
        );
        assert!(codes("Concussion with brief LOC, now GCS 15.").is_empty());
        assert_eq!(codes("GCS 6 on admission."), ["R40.2433"]);
        assert_eq!(codes("Glasgow coma scale 10."), ["R40.2420"]);
    }

    #[test]
    fn the_first_stroke_scale_beside_a_stroke() {
        assert_eq!(
            codes("MRI: acute lacunar infarct, NIHSS 3 on arrival, NIHSS 1 at discharge."),
            ["R29.703"]
        );
        assert_eq!(
            codes("Left MCA stroke; NIH stroke scale score of 14."),
            ["R29.714"]
        );
        assert!(codes("TIA work-up, NIHSS 0, MRI negative.").is_empty());
        assert!(codes("TIA work-up, NIH stroke scale 0.").is_empty());
    }

    #[test]
    fn no_scale_for_the_sedated_or_beside_a_secondary_coma() {
        assert!(codes("Intubated and heavily sedated, GCS 3T.").is_empty());
        assert!(codes("Medically induced coma; GCS 3.").is_empty());
        assert!(codes(
            "Pneumococcal meningitis with secondary (nontraumatic) coma; GCS 6 (E1V1M4)."
        )
        .is_empty());
        assert!(codes("Concussion, no loss of consciousness, alert.").is_empty());
    }
}
