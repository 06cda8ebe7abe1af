//! The consultant's answer file: plain text, optionally opened by a header block of codes.
//!
//! ```text
//! codes: M54.50, 78803
//! code: M54.50 | no radiculopathy documented
//! ---
//! The answer text, as the requester will read it.
//! ```
//! The header block is the lines before the first blank line or `---`, when the first line
//! starts with `codes:` or `code:`. A file without it is all answer text.

use crate::domain::{CodeSystem, RecommendedCode};

#[derive(Debug, PartialEq, Eq)]
pub struct AnswerFile {
    pub codes: Vec<RecommendedCode>,
    pub body: String,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum AnswerFileError {
    #[error("line {line}: {code:?} is not a recognisable ICD-10-CM, CPT, HCPCS or modifier code")]
    UnknownCode { line: usize, code: String },
    #[error("line {line}: expected `codes: A, B` or `code: A | note`")]
    BadHeader { line: usize },
    #[error("the answer has no text")]
    Empty,
}

fn is_header_line(line: &str) -> bool {
    let l = line.trim_start().to_ascii_lowercase();
    l.starts_with("codes:") || l.starts_with("code:")
}

pub fn parse(text: &str) -> Result<AnswerFile, AnswerFileError> {
    let lines: Vec<&str> = text.lines().collect();
    let first = lines.iter().position(|l| !l.trim().is_empty());
    let mut codes: Vec<RecommendedCode> = Vec::new();
    let mut body_start = 0;
    if let Some(first) = first.filter(|&i| is_header_line(lines[i])) {
        let mut i = first;
        while i < lines.len() && !lines[i].trim().is_empty() && lines[i].trim() != "---" {
            read_header_line(lines[i], i + 1, &mut codes)?;
            i += 1;
        }
        body_start = i;
        if lines.get(i).is_some_and(|l| l.trim() == "---") {
            body_start += 1;
        }
    }
    let body = lines[body_start.min(lines.len())..]
        .join("\n")
        .trim()
        .to_owned();
    if body.is_empty() {
        return Err(AnswerFileError::Empty);
    }
    Ok(AnswerFile { codes, body })
}

/// A line of the codes box that names no code the desk can read, with why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineProblem {
    /// 1 for the box's first line.
    pub line: usize,
    /// The line as typed.
    pub text: String,
    pub reason: String,
}

/// The web desk's codes box, written as coders write codes: one a line or several separated by
/// commas; a note after `|`, after `:` or after a spaced dash (`Z85.3 - personal history`); a
/// modifier after a dash or a space (`99214-25`, `99214 25`). Every line that cannot be read is
/// reported, not only the first.
pub fn parse_code_lines(text: &str) -> Result<Vec<RecommendedCode>, Vec<LineProblem>> {
    let mut codes = Vec::new();
    let mut problems = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let (code_part, note) = split_note(line);
        for token in code_part.split(',').flat_map(code_tokens) {
            let (code, modifier) = match token {
                Token::Code(code) => (code, None),
                Token::WithModifier(code, modifier) => (code, Some(modifier)),
            };
            let mut add = |code: &str, note: &str| upsert(&mut codes, code, note, i + 1);
            let read = add(code, note).and_then(|()| match modifier {
                Some(m) => add(m, &format!("modifier on {}", code.to_ascii_uppercase())),
                None => Ok(()),
            });
            if let Err(e) = read {
                problems.push(LineProblem {
                    line: i + 1,
                    text: line.to_owned(),
                    reason: match e {
                        AnswerFileError::UnknownCode { code, .. } => format!(
                            "{code:?} is not a recognisable ICD-10-CM, CPT, HCPCS or modifier code"
                        ),
                        other => other.to_string(),
                    },
                });
                break;
            }
        }
    }
    if problems.is_empty() {
        Ok(codes)
    } else {
        Err(problems)
    }
}

/// The codes of a line and its note: the note starts at the first `|`, `:` or spaced dash.
fn split_note(line: &str) -> (&str, &str) {
    let at = [" - ", " – ", " — ", "|", ":"]
        .iter()
        .filter_map(|sep| line.find(sep).map(|at| (at, sep.len())))
        .min();
    match at {
        Some((at, len)) => (&line[..at], line[at + len..].trim()),
        None => (line, ""),
    }
}

enum Token<'a> {
    Code(&'a str),
    /// `99214-25`, `99214 25`.
    WithModifier(&'a str, &'a str),
}

/// The codes of one comma-separated part: words separated by spaces, a two-character word
/// after a procedure code being its modifier.
fn code_tokens(part: &str) -> Vec<Token<'_>> {
    let is_procedure =
        |w: &str| matches!(CodeSystem::of(w), Some(CodeSystem::Cpt | CodeSystem::Hcpcs));
    let is_modifier = |w: &str| w.len() == 2 && w.bytes().all(|b| b.is_ascii_alphanumeric());
    let words: Vec<&str> = part.split_whitespace().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let w = words[i];
        if let Some((code, m)) = w
            .split_once('-')
            .filter(|(c, m)| is_procedure(c) && is_modifier(m))
        {
            out.push(Token::WithModifier(code, m));
        } else if is_procedure(w) && words.get(i + 1).is_some_and(|m| is_modifier(m)) {
            out.push(Token::WithModifier(w, words[i + 1]));
            i += 1;
        } else {
            out.push(Token::Code(w));
        }
        i += 1;
    }
    out
}

fn read_header_line(
    line: &str,
    number: usize,
    codes: &mut Vec<RecommendedCode>,
) -> Result<(), AnswerFileError> {
    let (key, value) = line
        .split_once(':')
        .ok_or(AnswerFileError::BadHeader { line: number })?;
    match key.trim().to_ascii_lowercase().as_str() {
        "codes" => {
            for code in value.split(',').map(str::trim).filter(|c| !c.is_empty()) {
                upsert(codes, code, "", number)?;
            }
        }
        "code" => {
            let (code, note) = value.split_once('|').unwrap_or((value, ""));
            upsert(codes, code.trim(), note.trim(), number)?;
        }
        _ => return Err(AnswerFileError::BadHeader { line: number }),
    }
    Ok(())
}

fn upsert(
    codes: &mut Vec<RecommendedCode>,
    code: &str,
    note: &str,
    line: usize,
) -> Result<(), AnswerFileError> {
    let code = code.to_ascii_uppercase();
    let system = CodeSystem::of(&code).ok_or_else(|| AnswerFileError::UnknownCode {
        line,
        code: code.clone(),
    })?;
    match codes.iter_mut().find(|c| c.code == code) {
        Some(existing) if !note.is_empty() => existing.note = note.to_owned(),
        Some(_) => {}
        None => codes.push(RecommendedCode {
            system,
            code,
            title: String::new(),
            note: note.to_owned(),
        }),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_block_lists_codes_with_notes() {
        let f =
            parse("codes: M54.50, 78803\ncode: m54.50 | no radiculopathy\n---\nUse M54.50.\n\nBye")
                .unwrap();
        assert_eq!(f.codes.len(), 2);
        assert_eq!(f.codes[0].code, "M54.50");
        assert_eq!(f.codes[0].system, CodeSystem::Icd10cm);
        assert_eq!(f.codes[0].note, "no radiculopathy");
        assert_eq!(f.codes[1].system, CodeSystem::Cpt);
        assert_eq!(f.body, "Use M54.50.\n\nBye");
    }

    #[test]
    fn plain_text_is_a_valid_answer() {
        let f = parse("Code M54.50: the header M54.5 is not billable.\n").unwrap();
        assert!(f.codes.is_empty());
        assert_eq!(f.body, "Code M54.50: the header M54.5 is not billable.");
    }

    #[test]
    fn a_blank_line_also_ends_the_header() {
        let f = parse("codes: C61\n\nText").unwrap();
        assert_eq!((f.codes.len(), f.body.as_str()), (1, "Text"));
    }

    #[test]
    fn bad_input_is_named() {
        assert_eq!(
            parse("codes: M54.50, banana\n---\nx").unwrap_err(),
            AnswerFileError::UnknownCode {
                line: 1,
                code: "BANANA".into()
            }
        );
        assert_eq!(
            parse("codes: C61\n---\n").unwrap_err(),
            AnswerFileError::Empty
        );
    }

    #[test]
    fn the_codes_box_reads_coder_notation() {
        let codes = |text: &str| -> Vec<(String, String)> {
            parse_code_lines(text)
                .unwrap()
                .into_iter()
                .map(|c| (c.code, c.note))
                .collect()
        };
        let pair = |c: &str, n: &str| (c.to_owned(), n.to_owned());
        assert_eq!(
            codes("99214-25"),
            [pair("99214", ""), pair("25", "modifier on 99214")]
        );
        assert_eq!(
            codes("99214 25 | same day"),
            [pair("99214", "same day"), pair("25", "modifier on 99214")]
        );
        assert_eq!(
            codes("Z85.3 - Personal history of malignant neoplasm of breast"),
            [pair(
                "Z85.3",
                "Personal history of malignant neoplasm of breast"
            )]
        );
        assert_eq!(
            codes("e11.9: no complications"),
            [pair("E11.9", "no complications")]
        );
        assert_eq!(
            codes("E11.22, N18.31\n\nI12.9"),
            [pair("E11.22", ""), pair("N18.31", ""), pair("I12.9", "")]
        );
        assert_eq!(codes("J1885 | per 15 mg"), [pair("J1885", "per 15 mg")]);
    }

    #[test]
    fn every_unreadable_line_is_reported_with_its_text() {
        let problems = parse_code_lines("E11.9\ndiabetes stuff\nI10\n99214-2X9").unwrap_err();
        let lines: Vec<(usize, &str)> =
            problems.iter().map(|p| (p.line, p.text.as_str())).collect();
        assert_eq!(lines, [(2, "diabetes stuff"), (4, "99214-2X9")]);
        assert!(
            problems[0].reason.contains("\"DIABETES\""),
            "{}",
            problems[0].reason
        );
    }
}
