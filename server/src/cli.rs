//! The `laowu` command line.

use clap::{Parser, Subcommand};
use std::path::PathBuf;

/// 劳务品牌市场 (Laowu): Linfen's labour-brand marketplace. One binary: server and tools.
///
/// Settings come from laowu.toml (optional) and LAOWU_* environment variables; see README.
#[derive(Debug, Parser)]
#[command(name = "laowu", version, propagate_version = true)]
pub struct Cli {
    /// Read settings from this TOML file instead of ./laowu.toml.
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Migrate the database and serve the web app and API (the default).
    Serve,
    /// Apply pending database migrations, then exit.
    Migrate,
    /// Load the demo brands, organisations and users (skips what exists), then exit.
    Seed(SeedArgs),
    /// Import a roster ledger (.xlsx or CSV) into a company's roster.
    Import(ImportArgs),
    /// Export a company's roster as a ledger.
    Export(ExportArgs),
    /// Create a user account.
    CreateUser(CreateUserArgs),
    /// Rebuild the search index from the database into a new directory, which replaces the
    /// live one only when complete; a running server keeps answering from the old one until
    /// then and switches over by itself.
    Reindex,
    /// The audit log.
    #[command(subcommand)]
    Audit(AuditCommand),
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Walk the audit log's hash chain; exit non-zero naming the first entry that was changed,
    /// deleted or inserted behind the application's back.
    Verify,
}

#[derive(Debug, clap::Args)]
pub struct SeedArgs {
    /// Also generate this many realistic, deterministic workers on the demo company's roster.
    #[arg(long, default_value_t = 0)]
    pub workers: usize,
}

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The company's 统一社会信用代码.
    #[arg(long)]
    pub company: String,
    /// The ledger file: .xlsx, or CSV (UTF-8 or GB18030), with the Chinese or English headers.
    pub file: PathBuf,
    /// Import the good rows even if some rows are bad (default: nothing if any row is bad).
    #[arg(long)]
    pub good_rows: bool,
    /// Check and report without writing.
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// The company's 统一社会信用代码.
    #[arg(long)]
    pub company: String,
    /// csv or xlsx.
    #[arg(long, default_value = "csv")]
    pub format: String,
    /// Where to write the ledger.
    #[arg(short = 'o', long = "output")]
    pub output: PathBuf,
}

#[derive(Debug, clap::Args)]
pub struct CreateUserArgs {
    /// Login name: 3–32 of a-z 0-9 _ . -
    #[arg(long)]
    pub username: String,
    /// Name shown in the UI, e.g. 浮山县人社局.
    #[arg(long)]
    pub display_name: String,
    /// employer, company, promoter or admin.
    #[arg(long)]
    pub role: String,
    /// County code (GB/T 2260) for a promoter, e.g. 141027.
    #[arg(long)]
    pub county: Option<String>,
    /// Company id for a company user.
    #[arg(long)]
    pub company_id: Option<i32>,
    /// Employer id for an employer user.
    #[arg(long)]
    pub employer_id: Option<i32>,
    /// Read the password from the first line of standard input instead of generating one.
    #[arg(long)]
    pub password_stdin: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn serve_is_the_default() {
        let cli = Cli::parse_from(["laowu"]);
        assert!(cli.command.is_none());
    }

    #[test]
    fn create_user_takes_its_scope_flags() {
        let cli = Cli::parse_from([
            "laowu",
            "create-user",
            "--username",
            "fushan2",
            "--display-name",
            "浮山",
            "--role",
            "promoter",
            "--county",
            "141027",
        ]);
        match cli.command {
            Some(Command::CreateUser(args)) => assert_eq!(args.county.as_deref(), Some("141027")),
            other => panic!("parsed {other:?}"),
        }
    }
}
