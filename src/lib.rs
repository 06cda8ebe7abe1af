//! caseconsult: an email-driven coding consultation desk.
//!
//! The modules follow the flow of a question: `intake` (IMAP → parsed, classified message) →
//! `cases` (the store) → and back out through the command line.

pub mod app;
pub mod cases;
pub mod cli;
pub mod config;
pub mod db;
pub mod domain;
pub mod intake;
pub mod telemetry;
pub mod tls;
