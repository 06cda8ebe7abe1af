//! The command line: argument parsing and printing; the work is done by the library.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use clap::{Parser, Subcommand, ValueEnum};
use tokio_util::sync::CancellationToken;

use crate::assist::payer::Kind as PayerKind;
use crate::assist::Assistant;
use crate::cases::{self, Actor, CaseDetail, CaseStore, CaseSummary, Event, Status};
use crate::config::Config;
use crate::domain::{CaseId, Draft, Flag, MessageRef, Role};
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
    Cases(CasesCommand),
    /// The assistant's draft for one message (.eml), without touching the database.
    Assist {
        file: PathBuf,
        #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
        format: ShowFormat,
    },
    /// Look up, search and import code sets.
    #[command(subcommand)]
    Codes(CodesCommand),
    /// Consultants' accounts for the web desk.
    #[command(subcommand)]
    Consultants(ConsultantsCommand),
    /// Saved responses: reusable answer texts with placeholders.
    #[command(subcommand)]
    Responses(ResponsesCommand),
    /// Score the assistant on a JSONL file of consultation emails with their expected codes and flags.
    Eval {
        file: PathBuf,
        #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
        format: ShowFormat,
    },
}

#[derive(Subcommand, Debug)]
enum ResponsesCommand {
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

#[derive(Subcommand, Debug)]
enum ConsultantsCommand {
    /// Add an account; the password is read from standard input (prompted on a terminal).
    Add {
        email: String,
        #[arg(long)]
        name: String,
        #[arg(long, default_value = "consultant")]
        role: Role,
    },
    /// List the accounts.
    List,
    /// Deactivate an account: its sessions end and the cases it holds go back to the queue.
    Deactivate {
        email: String,
        #[arg(long = "as", value_name = "ADMIN_EMAIL")]
        who: String,
    },
    /// Set a temporary password (read from standard input): the consultant's sessions end and
    /// they must choose their own at the next login.
    ResetPassword {
        email: String,
        #[arg(long = "as", value_name = "ADMIN_EMAIL")]
        who: String,
    },
}

#[derive(Subcommand, Debug)]
enum CodesCommand {
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
enum ImportKind {
    Icd10cm,
    Hcpcs,
    Cpt,
    NcciPtp,
    Mue,
}

#[derive(Subcommand, Debug)]
enum CasesCommand {
    /// List cases, oldest first.
    List {
        #[arg(long)]
        status: Option<Status>,
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
    /// Show one case with its messages, replies and audit trail.
    Show {
        /// C-1042 or 1042
        id: CaseId,
        #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
        format: ShowFormat,
        /// Also list what this consultant may do with the case now.
        #[arg(long = "as", value_name = "EMAIL")]
        who: Option<String>,
    },
    /// Take a case: other consultants can no longer answer it.
    Claim {
        id: CaseId,
        #[arg(long = "as", value_name = "EMAIL")]
        who: String,
    },
    /// Give a claimed case back to the queue.
    Release {
        id: CaseId,
        #[arg(long = "as", value_name = "EMAIL")]
        who: String,
    },
    /// Answer a case from a text file (optionally opened by a `codes:` header block, see README).
    /// Its codes are checked first; one that fails (invalid, header, missing 7th character…)
    /// stops the answer unless `--override` gives the reason to send it anyway.
    Answer {
        id: CaseId,
        #[arg(long = "as", value_name = "EMAIL")]
        who: String,
        #[arg(long)]
        file: PathBuf,
        /// Send even though codes fail their checks; the reason goes into the audit trail.
        #[arg(long = "override", value_name = "REASON")]
        override_reason: Option<String>,
        /// Send to this address instead (after a refused delivery); the case keeps it.
        #[arg(long, value_name = "EMAIL")]
        to: Option<String>,
        /// A file to attach (repeatable); each up to `desk.max_answer_attachment_bytes`.
        #[arg(long = "attach", value_name = "FILE")]
        attach: Vec<PathBuf>,
    },
    /// Save the answer in progress (same file format as `answer`); the web desk shows it when
    /// this consultant opens the case.
    Draft {
        id: CaseId,
        #[arg(long = "as", value_name = "EMAIL")]
        who: String,
        #[arg(long)]
        file: PathBuf,
    },
    /// Full-text search over subjects, requesters, question texts, notes, answers and codes.
    Search {
        #[arg(required = true, num_args = 1..)]
        text: Vec<String>,
        #[arg(long, default_value_t = 1)]
        page: u32,
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
    /// Close a case.
    Close {
        id: CaseId,
        #[arg(long = "as", value_name = "EMAIL")]
        who: String,
    },
    /// Hand a case over to a colleague (its holder), or reassign it (an admin).
    Assign {
        id: CaseId,
        #[arg(long, value_name = "EMAIL")]
        to: String,
        #[arg(long = "as", value_name = "EMAIL")]
        who: String,
    },
    /// Bring an answered or closed case back to the queue.
    Reopen {
        id: CaseId,
        #[arg(long = "as", value_name = "EMAIL")]
        who: String,
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
        Command::Assist { file, format } => {
            let raw =
                std::fs::read(&file).with_context(|| format!("reading {}", file.display()))?;
            let parsed = crate::intake::parse::parse(&raw, config.intake.max_attachment_bytes);
            // The process ends after the draft: freeing the code set and the books one
            // allocation at a time would add a tenth to its run.
            let assistant =
                std::mem::ManuallyDrop::new(Assistant::load(Some(&config.assist.data_dir))?);
            let draft = assistant.draft(&parsed.subject, &parsed.question_text);
            match format {
                ShowFormat::Json => println!("{}", serde_json::to_string_pretty(&draft)?),
                ShowFormat::Text => {
                    print!("{}", shown_text(&crate::assist::render::draft_text(&draft)))
                }
            }
        }
        Command::Codes(cmd) => codes_command(&config, cmd)?,
        Command::Consultants(cmd) => {
            let pool = migrated_database(&config).await?;
            match cmd {
                ConsultantsCommand::Add { email, name, role } => {
                    let password = read_password()?;
                    let c = crate::accounts::add(&pool, &email, &name, role, &password).await?;
                    println!("added {} ({}) as {}", c.email, c.name, c.role.as_str());
                }
                ConsultantsCommand::ResetPassword { email, who } => {
                    let (_, target) = admin_over(&pool, &who, &email, "resets passwords").await?;
                    let password = read_password()?;
                    crate::accounts::reset_password(&pool, target.id, &password).await?;
                    println!(
                        "{} has a temporary password and must choose their own at the next login",
                        target.email
                    );
                }
                ConsultantsCommand::Deactivate { email, who } => {
                    let (admin, target) =
                        admin_over(&pool, &who, &email, "deactivates consultants").await?;
                    let store = case_store(&pool, &config);
                    crate::accounts::deactivate(&pool, target.id).await?;
                    let released = store.release_held_by(&target.email, &admin).await?;
                    println!(
                        "{} deactivated; {} case(s) back in the queue",
                        target.email,
                        released.len()
                    );
                }
                ConsultantsCommand::List => {
                    for c in crate::accounts::list(&pool).await? {
                        println!(
                            "{:<32} {:<24} {:<10} {}",
                            c.email,
                            shown(&c.name),
                            c.role.as_str(),
                            if c.active { "active" } else { "inactive" }
                        );
                    }
                }
            }
        }
        Command::Responses(cmd) => {
            let pool = migrated_database(&config).await?;
            match cmd {
                ResponsesCommand::Add { name, file } => {
                    let text = std::fs::read_to_string(&file)
                        .with_context(|| format!("reading {}", file.display()))?;
                    anyhow::ensure!(!text.trim().is_empty(), "{} is empty", file.display());
                    let id =
                        cases::desk::save_response(&pool, name.trim(), text.trim(), "cli").await?;
                    println!("saved response {id}: {name}");
                }
                ResponsesCommand::List => {
                    for r in cases::desk::responses(&pool).await? {
                        let first = r.body.lines().next().unwrap_or("");
                        println!("{:<6} {:<28} {}", r.id, shown(&r.name), shown(first));
                    }
                }
            }
        }
        Command::Eval { file, format } => {
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("reading {}", file.display()))?;
            let cases = crate::assist::eval::parse_cases(&text)?;
            let assistant = Assistant::load(Some(&config.assist.data_dir))?;
            let report = crate::assist::eval::evaluate(&assistant, &cases);
            match format {
                ShowFormat::Json => println!("{}", serde_json::to_string_pretty(&report)?),
                ShowFormat::Text => print!("{}", crate::assist::render::eval_text(&report)),
            }
        }
        Command::Cases(cmd) => {
            let pool = crate::db::connect(&config.database)
                .await
                .context("connecting to the database")?;
            cases_command(&pool, &config, cmd).await?;
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

async fn cases_command(
    pool: &sqlx::PgPool,
    config: &Config,
    cmd: CasesCommand,
) -> anyhow::Result<()> {
    let store = case_store(pool, config);
    match cmd {
        CasesCommand::Claim { id, who } => {
            store
                .act(id, Event::Claim, &actor(pool, &who).await?)
                .await?;
            println!("{id} claimed by {who}");
        }
        CasesCommand::Release { id, who } => {
            store
                .act(id, Event::Release, &actor(pool, &who).await?)
                .await?;
            println!("{id} released to the queue");
        }
        CasesCommand::Close { id, who } => {
            store
                .act(id, Event::Close, &actor(pool, &who).await?)
                .await?;
            println!("{id} closed");
        }
        CasesCommand::Reopen { id, who } => {
            store
                .act(id, Event::Reopen, &actor(pool, &who).await?)
                .await?;
            println!("{id} is open again");
        }
        CasesCommand::Assign { id, to, who } => {
            let to = cases::consultant(&to)?;
            let event = Event::Assign { to: to.clone() };
            store.act(id, event, &actor(pool, &who).await?).await?;
            println!("{id} is now held by {to}");
        }
        CasesCommand::Answer {
            id,
            who,
            file,
            override_reason,
            to,
            attach,
        } => {
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("reading {}", file.display()))?;
            let parsed = cases::answer_file::parse(&text)?;
            let to = to
                .map(|t| {
                    crate::domain::EmailAddress::parse(&t)
                        .with_context(|| format!("--to {t:?} is not an email address"))
                })
                .transpose()?;
            let account = account(pool, &who).await?;
            let answer = cases::Answer {
                body: &parsed.body,
                codes: &parsed.codes,
                warnings: &[],
                override_reason: override_reason.as_deref(),
                to: to.as_ref(),
                signer: &account.name,
                cc: None,
            };
            let who = Actor::consultant(account.email.clone(), account.role);
            for path in &attach {
                let content =
                    std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
                let limit = config.desk.max_answer_attachment_bytes;
                anyhow::ensure!(
                    content.len() as u64 <= limit,
                    "{} is larger than desk.max_answer_attachment_bytes ({limit} bytes)",
                    path.display()
                );
                let name = path
                    .file_name()
                    .map_or("attachment".into(), |n| n.to_string_lossy().into_owned());
                let kind = if name.to_ascii_lowercase().ends_with(".pdf") {
                    "application/pdf"
                } else {
                    "application/octet-stream"
                };
                cases::desk::attach_to_answer(pool, id, who.audit_name(), &name, kind, &content)
                    .await?;
            }
            print!("{}", checks_text(&store.check_answer(&answer)));
            let applied = store.answer(id, &who, &answer).await?;
            let what = if applied.transition.audit.contains(&"corrected") {
                "correction"
            } else {
                "reply"
            };
            println!("{id} answered; the {what} is queued in the outbox");
        }
        CasesCommand::Draft { id, who, file } => {
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("reading {}", file.display()))?;
            let parsed = cases::answer_file::parse(&text)?;
            let who = actor(pool, &who).await?;
            let codes = parsed
                .codes
                .iter()
                .map(|c| c.code.as_str())
                .collect::<Vec<_>>()
                .join(", ");
            cases::desk::save_draft(pool, id, who.audit_name(), &codes, &parsed.body).await?;
            println!("{id}: draft saved for {who}");
        }
        CasesCommand::Search { text, page, format } => {
            let found = cases::search_cases(pool, &text.join(" "), page).await?;
            match format {
                ListFormat::Json => println!("{}", serde_json::to_string_pretty(&found.items)?),
                ListFormat::Table => {
                    print!("{}", case_table(&found.items));
                    if found.more {
                        println!("(more: --page {})", found.page + 1);
                    }
                }
            }
        }
        CasesCommand::List { status, format } => {
            let list = cases::list_cases(pool, status).await?;
            match format {
                ListFormat::Json => println!("{}", serde_json::to_string_pretty(&list)?),
                ListFormat::Table => print!("{}", case_table(&list)),
            }
        }
        CasesCommand::Show { id, format, who } => {
            let detail = cases::case_detail(pool, id).await?;
            let actions = match &who {
                Some(who) => Some(store.actions(id, &actor(pool, who).await?).await?.1),
                None => None,
            };
            match format {
                ShowFormat::Json => {
                    let mut json = serde_json::to_value(&detail)?;
                    if let Some(actions) = actions {
                        json["actions"] = serde_json::to_value(actions)?;
                    }
                    println!("{}", serde_json::to_string_pretty(&json)?);
                }
                ShowFormat::Text => {
                    print!("{}", shown_text(&case_text(&detail)));
                    if let (Some(who), Some(actions)) = (who, actions) {
                        let names: Vec<&str> = actions.iter().map(|a| a.as_str()).collect();
                        println!("\n{who} can: {}", or_nothing(&names.join(", ")));
                    }
                }
            }
        }
    }
    Ok(())
}

/// The consultant named by `--as`: an active account. Anyone else is refused before anything
/// is written, so the audit trail names only real consultants.
async fn account(pool: &sqlx::PgPool, who: &str) -> anyhow::Result<crate::accounts::Consultant> {
    let email = cases::consultant(who)?;
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

/// The checks of an answer's codes, one flag a line, before it is sent (or refused).
fn checks_text(flags: &[Flag]) -> String {
    if flags.is_empty() {
        return "The answer's codes pass their checks.\n".into();
    }
    let mut out = String::from("Checks of the answer's codes:\n");
    for f in flags {
        out.push_str(&format!(
            "  [{}] {} {}: {}\n",
            f.severity,
            f.kind,
            f.codes.join(", "),
            f.message
        ));
    }
    out
}

fn or_nothing(s: &str) -> &str {
    if s.is_empty() {
        "nothing"
    } else {
        s
    }
}

/// `who` as an actor and the active consultant `email`, when `who` is an active admin; refused
/// before anything changes otherwise.
async fn admin_over(
    pool: &sqlx::PgPool,
    who: &str,
    email: &str,
    what: &str,
) -> anyhow::Result<(Actor, crate::accounts::Consultant)> {
    let admin = actor(pool, who).await?;
    if !matches!(
        &admin,
        Actor::Consultant {
            role: Role::Admin,
            ..
        }
    ) {
        anyhow::bail!("only an admin {what}");
    }
    let target = crate::accounts::active(pool, &cases::consultant(email)?)
        .await?
        .with_context(|| format!("{email} is not an active consultant"))?;
    Ok((admin, target))
}

fn read_password() -> anyhow::Result<String> {
    use std::io::{BufRead, IsTerminal, Write};
    if std::io::stdin().is_terminal() {
        eprint!("Password: ");
        std::io::stderr().flush()?;
    }
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

fn codes_command(config: &Config, cmd: CodesCommand) -> anyhow::Result<()> {
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

fn case_table(list: &[CaseSummary]) -> String {
    let mut out = format!(
        "{:<8} {:<9} {:<30} {:>4} {:<24} {:<16} {}\n",
        "ID", "STATUS", "REQUESTER", "MSGS", "ASSIGNEE", "CREATED", "SUBJECT"
    );
    for c in list {
        out.push_str(&format!(
            "{:<8} {:<9} {:<30} {:>4} {:<24} {:<16} {}\n",
            c.reference,
            c.status,
            truncate(&shown(&c.requester), 30),
            c.message_count,
            truncate(&shown(c.assignee.as_deref().unwrap_or("-")), 24),
            c.created_at.format("%Y-%m-%d %H:%M"),
            truncate(&shown(&c.subject), 60),
        ));
    }
    if list.is_empty() {
        out.push_str("(no cases)\n");
    }
    out
}

fn case_text(d: &CaseDetail) -> String {
    let s = &d.summary;
    let mut out = format!(
        "{} {}\nStatus:    {}\nRequester: {}{}\nAssignee:  {}\nCreated:   {}\nMessages:  {}\n",
        s.reference,
        shown(&s.subject),
        s.status,
        shown(&s.requester),
        d.requester_name
            .as_deref()
            .map(|n| format!(" ({})", shown(n)))
            .unwrap_or_default(),
        s.assignee.as_deref().unwrap_or("-"),
        s.created_at.to_rfc3339(),
        s.message_count,
    );
    if s.attachments_dropped {
        out.push_str(
            "Note:      an attachment was over the size limit; only its name and size were kept\n",
        );
    }
    if s.truncated {
        out.push_str("Note:      a message was over the size limit and was stored truncated\n");
    }
    for m in &d.messages {
        out.push_str(&format!(
            "\n--- {}{} {} from {} at {} ({})\n{}\n",
            m.number
                .map(|n| format!("message {n}: "))
                .unwrap_or_default(),
            m.direction,
            m.message_id
                .as_deref()
                .map(|id| format!("<{}>", shown(id)))
                .unwrap_or_default(),
            shown(m.from.as_deref().unwrap_or("?")),
            m.received_at.format("%Y-%m-%d %H:%M:%S"),
            m.disposition,
            m.question_text,
        ));
        for a in &m.attachments {
            out.push_str(&format!(
                "  [attachment] {} ({}, {} bytes{})\n",
                shown(&a.filename),
                shown(&a.content_type),
                a.size,
                if a.dropped {
                    ", content dropped: over the size limit"
                } else {
                    ""
                }
            ));
        }
    }
    for o in &d.outbound {
        out.push_str(&format!(
            "\n--- outbound {} <{}> to {} ({}{}, {} attempt{})\n",
            o.kind,
            o.message_id,
            shown(&o.to),
            o.status,
            o.sent_at
                .map(|t| format!(" {}", t.format("%Y-%m-%d %H:%M:%S")))
                .unwrap_or_default(),
            o.attempts,
            if o.attempts == 1 { "" } else { "s" },
        ));
        if let Some(e) = &o.last_error {
            out.push_str(&format!("  delivery error: {}\n", shown(e)));
        }
    }
    if let Some(latest) = d.drafts.last() {
        out.push_str(&format!(
            "\nAssistant's draft ({}, for the newest question):\n",
            latest.code_set
        ));
        out.push_str(&draft_summary(&latest.draft));
    }
    out.push_str("\nAudit:\n");
    for a in &d.audit {
        out.push_str(&format!(
            "  {} {:<10} {}\n",
            a.at.format("%Y-%m-%d %H:%M:%S"),
            a.actor,
            a.action
        ));
    }
    out
}

/// The stored draft, shortened for the terminal.
fn draft_summary(draft: &Draft) -> String {
    let mut out = String::new();
    for m in &draft.codes_mentioned {
        out.push_str(&format!("  mentioned {:<10} {}\n", m.code, m.status));
    }
    for f in &draft.flags {
        out.push_str(&format!(
            "  [{}] {}: {}\n      {}\n",
            f.severity, f.kind, f.message, f.evidence
        ));
        if let Some(from) = &f.from {
            out.push_str(&format!("      {}\n", came_from(from)));
        }
    }
    for (n, r) in draft.recommended.iter().enumerate() {
        out.push_str(&format!("  report {}. {:<10} {}\n", n + 1, r.code, r.title));
        if let Some(from) = &r.from {
            out.push_str(&format!("      {}\n", came_from(from)));
        }
    }
    for s in draft.suggestions.iter().take(5) {
        out.push_str(&format!(
            "  suggest   {:<10} {}  ({})\n",
            s.code, s.title, s.why
        ));
    }
    out
}

/// Which question of the thread a finding comes from, as the thread above it lists them.
fn came_from(m: &MessageRef) -> String {
    format!(
        "from message {} ({}, {}{})",
        m.number,
        m.kind(),
        m.received_at.format("%Y-%m-%d %H:%M:%S"),
        m.sender
            .as_deref()
            .map(|s| format!(", {}", shown(s)))
            .unwrap_or_default()
    )
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

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_owned()
    } else {
        let cut: String = s.chars().take(max.saturating_sub(1)).collect();
        format!("{cut}…")
    }
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
