//! The assistant on any text: code mentions (ICD-10-CM, CPT, HCPCS, ICD-9), the checks against
//! the code set and the guideline rules, the suggestions, and the checks of an answer's codes.

use std::sync::OnceLock;

use caseconsult::assist::Assistant;
use caseconsult::domain::RecommendedCode;

fn main() {
    static ASSISTANT: OnceLock<Assistant> = OnceLock::new();
    let assistant = ASSISTANT.get_or_init(|| Assistant::load(None).expect("the built-in code set"));
    afl::fuzz!(|data: &[u8]| {
        let text = String::from_utf8_lossy(data);
        let (subject, body) = text.split_once('\n').unwrap_or(("", &text));
        let draft = assistant.draft(subject, body);
        let codes: Vec<RecommendedCode> = draft
            .codes_mentioned
            .iter()
            .map(|m| RecommendedCode {
                system: m.system,
                code: m.code.clone(),
                title: String::new(),
                note: String::new(),
            })
            .collect();
        let _ = assistant.check_answer(body, &codes);
    });
}
