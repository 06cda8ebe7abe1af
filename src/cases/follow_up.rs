//! Which follow-ups only say thank you. A requester who writes "Thanks, that's clear" after an
//! answer has nothing left to ask: the message joins the case, which stays answered. Anything
//! that could ask for more work reopens it, so the rule errs towards reopening.

use std::sync::LazyLock;

use regex::Regex;

/// Longer than this, a message says more than thanks.
const MAX_WORDS: usize = 30;

/// Words and phrases of thanks or acknowledgement; one of them must be there. Words that also
/// describe findings ("great toe", "clear fluid") are not among them.
const THANKS: [&str; 9] = [
    "thank",
    "thanks",
    "thx",
    "appreciate",
    "appreciated",
    "cheers",
    "perfect",
    "understood",
    "noted",
];
const THANKS_PHRASES: [&str; 7] = [
    "got it",
    "makes sense",
    "that's clear",
    "thats clear",
    "very clear",
    "all clear",
    "will do",
];

/// Words that turn a thank-you into a request, a doubt or a new problem.
const MORE: [&str; 26] = [
    "patient", "more", "but", "however", "still", "also", "another", "not", "wrong", "denied",
    "rejected", "why", "how", "which", "what", "when", "should", "could", "would", "can", "please",
    "help", "question", "unclear", "confused", "if",
];

/// Anything written like a code: ICD-10-CM (with or without the dot, any case), ICD-9-CM,
/// CPT and HCPCS.
static CODE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:[a-z][0-9][0-9a-z](?:\.?[0-9a-z]{1,4})?|[0-9]{3}\.[0-9]{1,2}|[0-9]{4}[0-9ft]|[a-v][0-9]{4})\b")
        .unwrap()
});

/// Whether a follow-up's text (quotes and signature removed) only thanks or acknowledges: short,
/// no question mark, a word of thanks, nothing that asks for more, and no code the case has not
/// seen (`known_codes`, as the answers and questions wrote them).
pub fn only_thanks(text: &str, known_codes: &[String]) -> bool {
    let lower = text.to_lowercase().replace('\u{2019}', "'");
    let words: Vec<&str> = lower
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '.'))
        .map(|w| w.trim_matches(|c| c == '.' || c == '\''))
        .filter(|w| !w.is_empty())
        .collect();
    let new_code = CODE.find_iter(text).any(|m| {
        let code = compact(m.as_str());
        !known_codes.iter().any(|k| compact(k) == code)
    });
    !words.is_empty()
        && words.len() <= MAX_WORDS
        && !text.contains('?')
        && !new_code
        && thanks(&words)
        && !words.iter().any(|w| MORE.contains(w) || w.ends_with("n't"))
}

fn thanks(words: &[&str]) -> bool {
    let joined = format!(" {} ", words.join(" "));
    words.iter().any(|w| THANKS.contains(w))
        || THANKS_PHRASES
            .iter()
            .any(|p| joined.contains(&format!(" {p} ")))
}

/// `m54.50` and `M5450` are the same code.
fn compact(code: &str) -> String {
    code.chars()
        .filter(|c| *c != '.')
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_short_thank_you_without_a_question_or_a_new_code_counts() {
        let known = vec!["M54.50".to_owned(), "72148".to_owned()];
        let table: [(&str, bool); 27] = [
            ("Thanks, that's clear.", true),
            ("Thank you!", true),
            ("Got it, thanks", true),
            ("Perfect, M54.50 it is. Thanks!", true),
            ("thanks, m5450 on the claim then", true),
            ("Understood.", true),
            ("OK, noted. Have a good day\n\nAnn", true),
            ("Much appreciated", true),
            ("Thanks! And if radiculopathy is documented?", false),
            ("Thanks, but the payer denied M54.50.", false),
            ("Thanks. What about M54.16?", false),
            ("Thanks, we will use M54.16 instead.", false),
            ("Thanks, also 99214 for the visit", false),
            ("Thank you, that doesn't match the op note", false),
            ("Thanks, could you check the modifier", false),
            ("Thanks, please look at S52.501A too", false),
            ("The patient also has diabetes.", false),
            ("Sounds good", false),
            ("Great toe fracture on the left", false),
            ("I got a denial from the payer", false),
            ("Got it, makes sense", true),
            ("", false),
            ("   \n", false),
            (
                "Thanks a lot, this is really helpful, we had been going back and forth on it \
                 for a week and our auditor will be glad to see the reasoning spelled out so \
                 clearly for the whole team",
                false,
            ),
            ("Thanks; still not sure", false),
            ("thanks, one more", false),
            ("Thank you, that doesn\u{2019}t add up", false),
        ];
        for (text, want) in table {
            assert_eq!(only_thanks(text, &known), want, "{text:?}");
        }
    }

    #[test]
    fn a_code_is_new_unless_the_case_named_it() {
        assert!(!only_thanks("Thanks, M54.50", &[]));
        assert!(only_thanks("Thanks, M54.50", &["m5450".to_owned()]));
    }
}
