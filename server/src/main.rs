//! `laowu`: parse the command line, load settings, run the command.

use app::api::types::{ImportPhase, ImportProgress};
use app::domain::role::{Role, Scope};
use clap::Parser;
use server::cli::{AuditCommand, Cli, Command, CreateUserArgs};
use server::config::{Settings, Sources};
use server::crypto::PiiVault;
use server::search::indexer::rebuild;
use server::secrets::SecretKeys;
use server::services::accounts::{AccountService, NewAccount};
use server::services::ledger_file::{LedgerFormat, LedgerInput};
use server::services::roster::{Actor, ImportMode, ImportReport, RosterService};
use server::startup::{Application, open_search_index, prepare_database, shutdown_signal};
use server::{seed, telemetry};
use std::process::ExitCode;
use std::sync::Arc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let settings =
        match Sources::from_process(cli.config.as_deref()).and_then(|s| Settings::load(&s)) {
            Ok(settings) => settings,
            Err(e) => {
                eprintln!("laowu: configuration error: {e}");
                return ExitCode::from(2);
            }
        };
    telemetry::init(&settings);
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("laowu: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli.command.unwrap_or(Command::Serve), settings)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            match e.downcast_ref::<app::api::AppError>() {
                Some(app_error) => match &app_error.field {
                    Some(field) => eprintln!("laowu: {field}: {}", app_error.message),
                    None => eprintln!("laowu: {}", app_error.message),
                },
                None => eprintln!("laowu: {e}"),
            }
            ExitCode::FAILURE
        }
    }
}

async fn run(command: Command, settings: Settings) -> anyhow::Result<()> {
    match command {
        Command::Serve => {
            let app = Application::build(settings).await?;
            // Scripts and tests read this line to learn the port.
            println!("laowu listening on http://{}", app.address());
            app.run_until(shutdown_signal()).await?;
        }
        Command::Migrate => {
            prepare_database(&settings).await?;
            println!("migrations applied");
        }
        Command::Seed(args) => {
            let db = prepare_database(&settings).await?;
            let accounts = AccountService::new(
                db.clone(),
                server::startup::limiter(&settings, &db, "login"),
            )
            .await?;
            seed::seed_demo(&db, &accounts).await?;
            println!("demo data loaded");
            if args.workers > 0 {
                let roster = roster_service(&settings, db.clone())?;
                let company = roster
                    .company_by_credit_code(seed::DEMO_COMPANY_CREDIT_CODE)
                    .await?;
                let ledger = seed::demo_ledger(args.workers);
                let (_, report) = roster
                    .import_ledger_file(
                        company.id,
                        &cli_actor(),
                        LedgerInput::Bytes(Arc::from(ledger.into_bytes())),
                        Some("demo.csv"),
                        ImportMode::GoodRows,
                        false,
                        &print_progress,
                    )
                    .await?;
                print_report(&report);
            }
        }
        Command::Import(args) => {
            let db = prepare_database(&settings).await?;
            let roster = roster_service(&settings, db)?;
            let company = roster.company_by_credit_code(&args.company).await?;
            if !args.file.is_file() {
                anyhow::bail!("cannot read {}: not a file", args.file.display());
            }
            let mode = if args.good_rows {
                ImportMode::GoodRows
            } else {
                ImportMode::AllOrNothing
            };
            let file_name = args.file.file_name().and_then(|n| n.to_str());
            let (_, report) = roster
                .import_ledger_file(
                    company.id,
                    &cli_actor(),
                    LedgerInput::File(args.file.clone()),
                    file_name,
                    mode,
                    args.dry_run,
                    &print_progress,
                )
                .await?;
            print_report(&report);
            if !report.rejected.is_empty() && !report.written {
                anyhow::bail!("nothing imported: {} bad row(s)", report.rejected.len());
            }
        }
        Command::Export(args) => {
            let Some(format) = LedgerFormat::parse(&args.format) else {
                anyhow::bail!("--format {}: accepted values: csv, xlsx", args.format);
            };
            let db = prepare_database(&settings).await?;
            let roster = roster_service(&settings, db)?;
            let company = roster.company_by_credit_code(&args.company).await?;
            let bytes = roster.export(company.id, &cli_actor(), format).await?;
            std::fs::write(&args.output, bytes)
                .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", args.output.display()))?;
            println!("exported to {}", args.output.display());
        }
        Command::CreateUser(args) => create_user(args, &settings).await?,
        Command::Audit(AuditCommand::Verify) => {
            let db = prepare_database(&settings).await?;
            let keys = server::secrets::SecretKeys::load_or_create(&settings.data_dir)?;
            match server::services::audit::chain::verify(&db, &keys.audit_chain_key).await {
                Ok(intact) => println!(
                    "audit log intact: {} entries (chain {})",
                    intact.entries, intact.chain_id
                ),
                Err(e) => anyhow::bail!("{e}"),
            }
        }
        Command::Reindex => {
            let db = prepare_database(&settings).await?;
            let index = open_search_index(&settings, &db).await?;
            let report = rebuild(&db, &index, print_reindex_progress).await?;
            eprintln!();
            println!(
                "search index rebuilt: {} workers read, {} searchable, {:.1} s ({:.0} workers/s)",
                report.workers_read,
                report.indexed,
                report.seconds,
                report.workers_read as f64 / report.seconds.max(0.001)
            );
        }
    }
    Ok(())
}

/// Rebuild progress on stderr as a bar rewritten in place.
fn print_reindex_progress(done: u64, total: u64) {
    use std::io::Write;
    const WIDTH: u64 = 30;
    let filled = (done * WIDTH).checked_div(total).unwrap_or(WIDTH);
    let percent = (done * 100).checked_div(total).unwrap_or(100);
    let bar: String = (0..WIDTH)
        .map(|i| if i < filled { '█' } else { '·' })
        .collect();
    let _ = write!(
        std::io::stderr(),
        "\r正在重建索引 [{bar}] {done}/{total} 名工人（{percent}%）"
    );
}

/// Import progress on stderr, one line rewritten in place (a terminal) or one line per step.
fn print_progress(progress: ImportProgress) {
    use std::io::{IsTerminal, Write};
    let mut stderr = std::io::stderr();
    if stderr.is_terminal() {
        let _ = write!(stderr, "\r{}   ", progress.describe());
        if progress.phase == ImportPhase::Writing && progress.done == progress.total {
            let _ = writeln!(stderr);
        }
    } else if progress.done % 20_000 < 500 || progress.done == progress.total {
        let _ = writeln!(stderr, "{}", progress.describe());
    }
}

fn roster_service(
    settings: &Settings,
    db: sea_orm::DatabaseConnection,
) -> anyhow::Result<RosterService> {
    let keys = SecretKeys::load_or_create(&settings.data_dir)?;
    Ok(RosterService::new(
        db,
        PiiVault::new(&keys),
        settings.data_dir.join("uploads"),
    ))
}

/// The command line acts as an operator at the console.
fn cli_actor() -> Actor {
    Actor {
        user_id: None,
        role: Some("cli".to_string()),
        client_ip: None,
    }
}

fn print_report(report: &ImportReport) {
    println!(
        "inserted {}, updated {}, unchanged {}, rejected rows {}{}",
        report.inserted,
        report.updated,
        report.unchanged,
        report.rejected.len(),
        if report.written {
            ""
        } else {
            " (nothing written)"
        }
    );
    for rejected in report.rejected.iter().take(50) {
        println!(
            "  row {} {}: {}",
            rejected.row, rejected.column, rejected.reason
        );
    }
    if report.rejected.len() > 50 {
        println!("  … and {} more", report.rejected.len() - 50);
    }
}

async fn create_user(args: CreateUserArgs, settings: &Settings) -> anyhow::Result<()> {
    let role: Role = args.role.parse()?;
    let scope = match role {
        Role::Admin => Scope::City,
        Role::Promoter => Scope::County {
            code: args
                .county
                .ok_or_else(|| anyhow::anyhow!("--county is required for a promoter"))?,
        },
        Role::Company => Scope::Company {
            id: args
                .company_id
                .ok_or_else(|| anyhow::anyhow!("--company-id is required for a company user"))?,
        },
        Role::Employer => Scope::Employer {
            id: args
                .employer_id
                .ok_or_else(|| anyhow::anyhow!("--employer-id is required for an employer user"))?,
        },
    };
    let (password, generated) = if args.password_stdin {
        let mut line = String::new();
        std::io::stdin().read_line(&mut line)?;
        (line.trim_end_matches(['\r', '\n']).to_string(), false)
    } else {
        (generate_password(), true)
    };
    let db = prepare_database(settings).await?;
    let accounts =
        AccountService::new(db.clone(), server::startup::limiter(settings, &db, "login")).await?;
    let user = accounts
        .create_user(NewAccount {
            username: args.username,
            display_name: args.display_name,
            role,
            scope,
            password: password.clone(),
        })
        .await
        .map_err(|e| {
            anyhow::anyhow!(
                "{}{}",
                e.field.map(|f| format!("{f}: ")).unwrap_or_default(),
                e.message
            )
        })?;
    println!(
        "created user {} (id {}, role {})",
        user.username, user.id, user.role
    );
    if generated {
        println!("password (shown once): {password}");
    }
    Ok(())
}

/// 20 characters from an alphabet without look-alikes: about 110 bits.
fn generate_password() -> String {
    use rand::Rng;
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = rand::rng();
    (0..20)
        .map(|_| char::from(ALPHABET[rng.random_range(0..ALPHABET.len())]))
        .collect()
}
