//! `caseconsult cases …`: list, show, claim, release, answer, draft, search, close, assign,
//! reopen, merge.

use std::path::PathBuf;

use anyhow::Context;
use clap::Subcommand;

use crate::cases::{self, Actor, CaseDetail, CaseSummary, Event, Status};
use crate::config::Config;
use crate::domain::{CaseId, Draft, Flag, MessageRef};

use super::{account, actor, case_store, shown, shown_text, ListFormat, ShowFormat};

#[derive(Subcommand, Debug)]
pub(super) enum CasesCommand {
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
        /// Copy the answer to this address (repeatable) instead of the question's To and Cc.
        #[arg(long, value_name = "EMAIL", conflicts_with = "no_cc")]
        cc: Vec<String>,
        /// Copy the answer to nobody.
        #[arg(long)]
        no_cc: bool,
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
    /// Merge a case into another that asks the same: its messages, notes and drafts move
    /// there, it closes with a link, and its requester gets one short note naming the case
    /// that continues.
    Merge {
        id: CaseId,
        #[arg(long, value_name = "CASE")]
        into: CaseId,
        #[arg(long = "as", value_name = "EMAIL")]
        who: String,
    },
}

pub(super) async fn run(
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
        CasesCommand::Merge { id, into, who } => {
            store.merge(id, into, &actor(pool, &who).await?).await?;
            println!("{id} merged into {into}; the requester's note is queued in the outbox");
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
            cc,
            no_cc,
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
            let cc = cc
                .iter()
                .map(|c| {
                    crate::domain::EmailAddress::parse(c)
                        .with_context(|| format!("--cc {c:?} is not an email address"))
                })
                .collect::<anyhow::Result<Vec<_>>>()?;
            let account = account(pool, &who).await?;
            let answer = cases::Answer {
                body: &parsed.body,
                codes: &parsed.codes,
                warnings: &[],
                override_reason: override_reason.as_deref(),
                to: to.as_ref(),
                signer: &account.name,
                cc: (no_cc || !cc.is_empty()).then_some(cc.as_slice()),
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
            cases::desk::save_draft(pool, id, who.audit_name(), &codes, &parsed.body, None).await?;
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
    if !d.cc.is_empty() {
        let cc: Vec<String> = d.cc.iter().map(|a| shown(a)).collect();
        out.push_str(&format!("Cc:        {}\n", cc.join(", ")));
    }
    if let Some(of) = &d.possible_duplicate_of {
        out.push_str(&format!(
            "Note:      possible duplicate of {}\n",
            of.reference
        ));
    }
    for dup in &d.possible_duplicates {
        out.push_str(&format!(
            "Note:      {} may ask the same again\n",
            dup.reference
        ));
    }
    if let Some(into) = &d.merged_into {
        out.push_str(&format!("Merged:    into {}\n", into.reference));
    }
    for from in &d.merged_from {
        out.push_str(&format!(
            "Merged:    {} was merged into this case\n",
            from.reference
        ));
    }
    if let Some(r) = &d.rating {
        let vote = if r.helpful { "yes" } else { "no" };
        out.push_str(&format!(
            "Rating:    \"Did this answer your question?\" {vote}\n"
        ));
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
        if !o.cc.is_empty() {
            let cc: Vec<String> = o.cc.iter().map(|a| shown(a)).collect();
            out.push_str(&format!("  cc: {}\n", cc.join(", ")));
        }
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

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_owned()
    } else {
        let cut: String = s.chars().take(max.saturating_sub(1)).collect();
        format!("{cut}…")
    }
}
