//! `caseconsult codes …`: look up, search and import code sets.

use std::path::PathBuf;

use clap::{Subcommand, ValueEnum};

use crate::assist::payer::Kind as PayerKind;
use crate::assist::Assistant;
use crate::config::Config;

#[derive(Subcommand, Debug)]
pub(super) enum CodesCommand {
    /// Title, billable status, hierarchy and notes of an ICD-10-CM code.
    Lookup { code: String },
    /// Billable ICD-10-CM codes for a phrase.
    Search {
        #[arg(required = true, num_args = 1..)]
        text: Vec<String>,
        #[arg(long, default_value_t = 10)]
        limit: usize,
    },
    /// Import a code set file into the data directory: icd10cm (CDC tabular XML, .xml or .xml.gz),
    /// hcpcs (CMS file, CSV), cpt (your licensed file: code, descriptor), ncci-ptp, mue.
    Import { kind: ImportKind, file: PathBuf },
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub(super) enum ImportKind {
    Icd10cm,
    Hcpcs,
    Cpt,
    NcciPtp,
    Mue,
}

pub(super) fn run(config: &Config, cmd: CodesCommand) -> anyhow::Result<()> {
    match cmd {
        CodesCommand::Lookup { code } => {
            let assistant = Assistant::load(Some(&config.assist.data_dir))?;
            print!(
                "{}",
                crate::assist::render::lookup_text(&assistant.icd, &code)
            );
        }
        CodesCommand::Search { text, limit } => {
            let assistant = Assistant::load(Some(&config.assist.data_dir))?;
            for (code, title, score) in assistant.search(&text.join(" "), limit) {
                println!("{code:<9} {score:>6.2}  {title}");
            }
        }
        CodesCommand::Import { kind, file } => {
            let message = match kind {
                ImportKind::Icd10cm => {
                    crate::assist::import::icd10cm(&config.assist.data_dir, &file)?
                }
                ImportKind::Hcpcs => {
                    crate::assist::import::payer(&config.assist.data_dir, PayerKind::Hcpcs, &file)?
                }
                ImportKind::Cpt => {
                    crate::assist::import::payer(&config.assist.data_dir, PayerKind::Cpt, &file)?
                }
                ImportKind::NcciPtp => crate::assist::import::payer(
                    &config.assist.data_dir,
                    PayerKind::NcciPtp,
                    &file,
                )?,
                ImportKind::Mue => {
                    crate::assist::import::payer(&config.assist.data_dir, PayerKind::Mue, &file)?
                }
            };
            println!("{message}");
        }
    }
    Ok(())
}
