//! `caseconsult responses …`: saved responses.

use std::path::PathBuf;

use anyhow::Context;
use clap::Subcommand;

use crate::cases;
use crate::config::Config;

use super::{migrated_database, shown};

#[derive(Subcommand, Debug)]
pub(super) enum ResponsesCommand {
    /// Add a saved response from a text file, or replace the one with this name. The text may
    /// use {requester_name}, {case_reference} and {consultant_name}.
    Add {
        name: String,
        #[arg(long)]
        file: PathBuf,
    },
    /// List the saved responses.
    List,
}

pub(super) async fn run(config: &Config, cmd: ResponsesCommand) -> anyhow::Result<()> {
    let pool = migrated_database(config).await?;
    match cmd {
        ResponsesCommand::Add { name, file } => {
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("reading {}", file.display()))?;
            anyhow::ensure!(!text.trim().is_empty(), "{} is empty", file.display());
            let id = cases::desk::save_response(&pool, name.trim(), text.trim(), "cli").await?;
            println!("saved response {id}: {name}");
        }
        ResponsesCommand::List => {
            for r in cases::desk::responses(&pool).await? {
                let first = r.body.lines().next().unwrap_or("");
                println!("{:<6} {:<28} {}", r.id, shown(&r.name), shown(first));
            }
        }
    }
    Ok(())
}
