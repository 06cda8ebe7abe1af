//! `caseconsult assist FILE.eml` and `caseconsult eval FILE.jsonl`: the assistant without
//! the database.

use anyhow::Context;

use crate::assist::Assistant;
use crate::config::Config;

use super::{shown_text, ShowFormat};

/// The assistant's draft for one message, without touching the database.
pub(super) fn draft(
    config: &Config,
    file: &std::path::Path,
    format: ShowFormat,
) -> anyhow::Result<()> {
    let raw = std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
    let parsed = crate::intake::parse::parse(&raw, config.intake.max_attachment_bytes);
    // The process ends after the draft: freeing the code set and the books one
    // allocation at a time would add a tenth to its run.
    let assistant = std::mem::ManuallyDrop::new(Assistant::load(Some(&config.assist.data_dir))?);
    let draft = assistant.draft(&parsed.subject, &parsed.question_text);
    match format {
        ShowFormat::Json => println!("{}", serde_json::to_string_pretty(&draft)?),
        ShowFormat::Text => {
            print!("{}", shown_text(&crate::assist::render::draft_text(&draft)))
        }
    }
    Ok(())
}

/// Scores the assistant on a JSONL file of questions with their expected codes and flags.
pub(super) fn eval(
    config: &Config,
    file: &std::path::Path,
    format: ShowFormat,
) -> anyhow::Result<()> {
    let text =
        std::fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))?;
    let cases = crate::assist::eval::parse_cases(&text)?;
    let assistant = Assistant::load(Some(&config.assist.data_dir))?;
    let report = crate::assist::eval::evaluate(&assistant, &cases);
    match format {
        ShowFormat::Json => println!("{}", serde_json::to_string_pretty(&report)?),
        ShowFormat::Text => print!("{}", crate::assist::render::eval_text(&report)),
    }
    Ok(())
}
