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

/// The web desk's codes box: one `CODE | note` a line (or several codes separated by commas).
pub fn parse_code_lines(text: &str) -> Result<Vec<RecommendedCode>, AnswerFileError> {
    let mut codes = Vec::new();
    for (i, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let (code_part, note) = line.split_once('|').unwrap_or((line, ""));
        for code in code_part
            .split(',')
            .map(str::trim)
            .filter(|c| !c.is_empty())
        {
            upsert(&mut codes, code, note.trim(), i + 1)?;
        }
    }
    Ok(codes)
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
}
