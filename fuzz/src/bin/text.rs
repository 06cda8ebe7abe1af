//! A question's text as mail bodies carry it: the quoted earlier mail and signatures split off,
//! control characters cleaned, markup made visible text.

use caseconsult::assist::extract::visible_text;
use caseconsult::intake::parse::clean_text;
use caseconsult::intake::quote::question_text;

fn main() {
    afl::fuzz!(|data: &[u8]| {
        let text = String::from_utf8_lossy(data);
        let question = question_text(&text);
        assert!(
            question.len() <= text.len() + 16,
            "the question grew out of its mail"
        );
        let _ = clean_text(&text);
        let _ = visible_text(&text);
    });
}
