//! caseconsult: an email-driven coding consultation desk.
//!
//! The modules follow the flow of a question, and imports only point down this list:
//!
//! - **Bottom**: `domain` (ids, addresses, codes, the parsed inbound message with its hashes,
//!   the outgoing reply, the assistant's draft), `config`, `db`, `tls`, `imap` (the IMAP
//!   client), `telemetry`, `metrics`, `oauth` (OAuth2 access tokens). They import nothing above them.
//! - **`assist`**: the assistant, pure: code sets, checks, candidates, the draft. Imports only
//!   `domain`.
//! - **`accounts`**: consultants' accounts and sessions. Imports `domain`.
//! - **`cases`**: the store and the owner of case state. `cases::lifecycle` is the one pure
//!   transition function `(state, event, actor) -> transition`; `CaseStore` applies it
//!   (status, holder, audit entry, and the outbox row when the event sends mail) and is the
//!   only writer of cases and of outbox rows. It asks for replies through its `Compose` trait
//!   and imports only the bottom layer.
//! - **Adapters around `cases`**: `intake` (IMAP in), `outbox` (renders replies from
//!   `templates/email/`, implements `Compose`, sends over SMTP), `drafting` (the assistant's
//!   draft onto each question). None imports another.
//! - **Top**: `web` (the consultants' desk; `web::pages` holds one module per page family:
//!   queue, case, answer, codes, admin, account, responses, reports, health, similar) and `cli`
//!   (one module per command group: cases, codes, consultants, responses, assist) call the stages;
//!   `app` starts and supervises the tasks of `serve`.

pub mod accounts;
pub mod app;
pub mod assist;
pub mod cases;
pub mod cli;
pub mod config;
pub mod db;
pub mod domain;
pub mod drafting;
pub mod imap;
pub mod intake;
pub mod metrics;
pub mod oauth;
pub mod outbox;
pub mod telemetry;
pub mod tls;
pub mod web;
