//! `caseconsult consultants …`: accounts for the web desk.

use anyhow::Context;
use clap::Subcommand;

use crate::cases::{self, Actor};
use crate::config::Config;
use crate::domain::Role;

use super::{actor, case_store, migrated_database, shown};

#[derive(Subcommand, Debug)]
pub(super) enum ConsultantsCommand {
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

pub(super) async fn run(config: &Config, cmd: ConsultantsCommand) -> anyhow::Result<()> {
    let pool = migrated_database(config).await?;
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
            let store = case_store(&pool, config);
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
    Ok(())
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
