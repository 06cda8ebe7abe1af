//! Logging set up once. Log lines carry ids (mailbox, UID, case), never message bodies.

use tracing_subscriber::EnvFilter;

pub fn init(default_filter: &str) {
    let filter = EnvFilter::try_from_env("CASECONSULT_LOG")
        .unwrap_or_else(|_| EnvFilter::new(default_filter));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(false)
        .try_init();
}

/// Panics are logged with where they happened but not what they say: a panic message can quote
/// the text being processed (a slicing panic prints the string), and that text may be a
/// patient's. The supervisor reports which task died.
pub fn log_panics_without_payload() {
    std::panic::set_hook(Box::new(|info| {
        let place = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_else(|| "unknown place".into());
        tracing::error!(at = %place, "panic");
    }));
}
