//! Logging: `tracing` to stderr as text or JSON lines, UTC timestamps.

use crate::config::{LogFormat, Settings};
use tracing_subscriber::EnvFilter;

/// Installs the global subscriber. Safe to call more than once (later calls do nothing), which
/// tests rely on.
pub fn init(settings: &Settings) {
    // Our crates at the configured level; noisy dependencies one step quieter.
    let filter = EnvFilter::try_from_env("LAOWU_LOG_FILTER").unwrap_or_else(|_| {
        EnvFilter::new(format!(
            "{level},sqlx=warn,sea_orm=warn,sea_orm_migration=warn",
            level = settings.log_level
        ))
    });
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let _ = match settings.log_format {
        LogFormat::Json => builder.json().try_init(),
        LogFormat::Text => builder.try_init(),
    };
}
