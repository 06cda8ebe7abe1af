//! caseconsult: an email-driven coding consultation desk.
//!
//! The modules follow the flow of a question: `intake` (IMAP → parsed, classified message) →
//! `cases` (the store and the consultants' actions) → `assist` (code checks and candidates) →
//! `outbox` (rendered replies over SMTP).

pub mod accounts;
pub mod app;
pub mod assist;
pub mod cases;
pub mod cli;
pub mod config;
pub mod db;
pub mod domain;
pub mod drafting;
pub mod intake;
pub mod outbox;
pub mod telemetry;
pub mod tls;
pub mod web;
