//! What "add to answer" and "Use the recommended answer" put into the answer form: pure text
//! work on the codes box and the answer text, shared by the links (no script) and by
//! `static/draft.js` (which does the same in the browser).

use crate::domain::Recommendation;

/// What a link on the case page asks the answer form to start with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Prefill {
    /// One more code, from a suggestion, a search result or a code's page.
    Add(String),
    /// The assistant's recommended codes and a short text naming them.
    Recommended,
}

/// The codes box with `code` on a line of its own, unless a line already starts with it.
pub(super) fn with_code(codes: &str, code: &str) -> String {
    let code = code.trim().to_ascii_uppercase();
    let has = codes.lines().any(|l| {
        l.split(['|', ',', ' ', ':'])
            .next()
            .is_some_and(|first| first.trim().eq_ignore_ascii_case(&code))
    });
    match codes.trim_end() {
        _ if has || code.is_empty() => codes.to_owned(),
        "" => code,
        before => format!("{before}\n{code}"),
    }
}

/// The recommended codes, one a line in reporting order, and a short answer text that lists
/// them with the assistant's reason: the consultant edits it rather than writing it.
pub(super) fn recommended_answer(recommended: &[Recommendation]) -> (String, String) {
    let codes = recommended
        .iter()
        .map(|r| r.code.clone())
        .collect::<Vec<_>>()
        .join("\n");
    let mut body = String::from("Report these codes, in this order:\n");
    for (n, r) in recommended.iter().enumerate() {
        body.push_str(&format!("{}. {} {}", n + 1, r.code, r.title));
        match r.why.trim() {
            "" => body.push('\n'),
            why => body.push_str(&format!(": {why}\n")),
        }
    }
    (codes, body.trim_end().to_owned())
}

/// The answer text with `addition` after it, unless it is already there.
pub(super) fn with_text(body: &str, addition: &str) -> String {
    match body.trim_end() {
        "" => addition.to_owned(),
        before if before.contains(addition.trim()) => body.to_owned(),
        before => format!("{before}\n\n{addition}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::CodeSystem;

    fn rec(code: &str, title: &str, why: &str) -> Recommendation {
        Recommendation {
            system: CodeSystem::Icd10cm,
            code: code.into(),
            title: title.into(),
            why: why.into(),
            evidence: String::new(),
            from: None,
        }
    }

    #[test]
    fn a_code_is_added_once_on_its_own_line() {
        assert_eq!(with_code("", "e11.9"), "E11.9");
        assert_eq!(
            with_code("N18.30 | stage 3", "E11.9"),
            "N18.30 | stage 3\nE11.9"
        );
        assert_eq!(with_code("E11.9 | note\n", "E11.9"), "E11.9 | note\n");
        assert_eq!(with_code("E11.9, I10", "E11.9"), "E11.9, I10");
        assert_eq!(with_code("E11.90", "E11.9"), "E11.90\nE11.9");
    }

    #[test]
    fn the_recommended_answer_lists_the_codes_in_order_with_why() {
        let (codes, body) = recommended_answer(&[
            rec(
                "I12.9",
                "Hypertensive CKD",
                "CKD with hypertension is presumed linked",
            ),
            rec("N18.30", "CKD stage 3 unspecified", ""),
        ]);
        assert_eq!(codes, "I12.9\nN18.30");
        assert_eq!(
            body,
            "Report these codes, in this order:\n1. I12.9 Hypertensive CKD: CKD with hypertension is presumed linked\n2. N18.30 CKD stage 3 unspecified"
        );
    }

    #[test]
    fn text_is_appended_after_what_is_typed_and_not_twice() {
        assert_eq!(with_text("", "B"), "B");
        assert_eq!(with_text("Hello,", "B"), "Hello,\n\nB");
        assert_eq!(with_text("Hello,\n\nB", "B"), "Hello,\n\nB");
    }
}
