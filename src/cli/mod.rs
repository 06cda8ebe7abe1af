//! The command line: argument parsing and printing; the work is done by the library. One
//! module per command group.

mod assist;
mod cases;
mod codes;
mod consultants;
mod responses;

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use clap::{Parser, Subcommand, ValueEnum};
use tokio_util::sync::CancellationToken;

use crate::cases::{Actor, CaseStore};
use crate::config::Config;
use crate::drafting::AnswerChecks;

#[derive(Parser, Debug)]
#[command(
    name = "caseconsult",
    version,
    about = "Email-driven medical coding consultation desk"
)]
pub struct Cli {
    /// Configuration file (TOML). Every key can be overridden by CASECONSULT_<SECTION>_<KEY>.
    #[arg(long, global = true, env = "CASECONSULT_CONFIG")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Run the desk: intake from IMAP into cases. Applies migrations first.
    Serve,
    /// Apply database migrations and exit.
    Migrate,
    /// Look at cases.
    #[command(subcommand)]
    Cases(cases::CasesCommand),
    /// The assistant's draft for one message (.eml), without touching the database.
    Assist {
        file: PathBuf,
        #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
        format: ShowFormat,
    },
    /// Look up, search and import code sets.
    #[command(subcommand)]
    Codes(codes::CodesCommand),
    /// Consultants' accounts for the web desk.
    #[command(subcommand)]
    Consultants(consultants::ConsultantsCommand),
    /// Saved responses: reusable answer texts with placeholders.
    #[command(subcommand)]
    Responses(responses::ResponsesCommand),
    /// Score the assistant on a JSONL file of consultation emails with their expected codes and flags.
    Eval {
        file: PathBuf,
        #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
        format: ShowFormat,
    },
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum ListFormat {
    Table,
    Json,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum ShowFormat {
    Text,
    Json,
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let serving = matches!(cli.command, Command::Serve);
    crate::telemetry::init(if serving { "info" } else { "warn" });
    if serving {
        crate::telemetry::log_panics_without_payload();
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    let config = Config::load(cli.config.as_deref(), std::env::vars())?;
    match cli.command {
        Command::Serve => {
            let shutdown = CancellationToken::new();
            crate::app::cancel_on_signals(shutdown.clone());
            crate::app::serve(config, shutdown).await?;
        }
        Command::Migrate => {
            migrated_database(&config).await?;
            println!("migrations applied");
        }
        Command::Assist { file, format } => assist::draft(&config, &file, format)?,
        Command::Codes(cmd) => codes::run(&config, cmd)?,
        Command::Consultants(cmd) => consultants::run(&config, cmd).await?,
        Command::Responses(cmd) => responses::run(&config, cmd).await?,
        Command::Eval { file, format } => assist::eval(&config, &file, format)?,
        Command::Cases(cmd) => {
            let pool = crate::db::connect(&config.database)
                .await
                .context("connecting to the database")?;
            cases::run(&pool, &config, cmd).await?;
        }
    }
    Ok(())
}

/// The database, with its migrations applied.
async fn migrated_database(config: &Config) -> anyhow::Result<sqlx::PgPool> {
    let pool = crate::db::connect(&config.database)
        .await
        .context("connecting to the database")?;
    crate::db::migrate(&pool).await?;
    crate::cases::desk::keep_response_promise(&pool, config.desk.response_time_hours).await?;
    Ok(pool)
}

fn case_store(pool: &sqlx::PgPool, config: &Config) -> CaseStore {
    CaseStore::new(
        pool.clone(),
        Arc::new(crate::outbox::Composer::new(config)),
        Arc::new(AnswerChecks::on_first_use(config.assist.data_dir.clone())),
        config.desk.max_acks_per_sender_per_hour,
    )
    .answering_only(&config.intake.allowed_senders)
}

/// The consultant named by `--as`: an active account. Anyone else is refused before anything
/// is written, so the audit trail names only real consultants.
async fn account(pool: &sqlx::PgPool, who: &str) -> anyhow::Result<crate::accounts::Consultant> {
    let email = crate::cases::consultant(who)?;
    crate::accounts::active(pool, &email)
        .await?
        .with_context(|| {
            format!("--as {email}: no active consultant has this address (caseconsult consultants list)")
        })
}

async fn actor(pool: &sqlx::PgPool, who: &str) -> anyhow::Result<Actor> {
    let account = account(pool, who).await?;
    Ok(Actor::consultant(account.email, account.role))
}

/// A field from mail on one line: no character of it can move the cursor, clear the screen,
/// start a new table row or reorder what follows.
fn shown(s: &str) -> String {
    crate::domain::visible(s).into_owned()
}

/// Text from mail over several lines: line breaks and tabs stay, every other character that
/// acts on the terminal is made visible.
fn shown_text(s: &str) -> String {
    crate::domain::visible_lines(s).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mail_fields_cannot_drive_the_terminal_or_break_a_row() {
        let subject = "Codes?\x1b]0;pwned\x07\r\nC-9999 fake row\u{202e}txt.exe";
        let one = shown(subject);
        assert!(!one.chars().any(crate::domain::acts_hidden), "{one}");
        assert_eq!(
            one,
            "Codes?\\x1b]0;pwned\\x07\\r\\nC-9999 fake row\\u{202e}txt.exe"
        );
        let text = shown_text("line one\r\n\tline two\x1b[2J");
        assert_eq!(text, "line one\n\tline two\\x1b[2J");
        assert_eq!(shown("Ann Coder"), "Ann Coder");
        assert_eq!(
            shown("Ann\u{200b}\u{061c}\u{feff}"),
            "Ann\\u{200b}\\u{61c}\\u{feff}"
        );
    }
}
