//! Bad configuration stops start-up with a message naming the setting; the CLI answers --help.

use laowu_tests::{Backend, Options, TestApp};
use reqwest::StatusCode;
use server::config::{Settings, Sources};
use server::startup::Application;
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

/// The `laowu` binary next to this test binary (`make test` builds it first).
fn laowu() -> Command {
    let path = std::env::var_os("LAOWU_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            let exe = std::env::current_exe().expect("test binary path");
            exe.parent()
                .and_then(|deps| deps.parent())
                .expect("target dir")
                .join("laowu")
        });
    assert!(
        path.exists(),
        "{} is missing: run `cargo build -p server --bin laowu`",
        path.display()
    );
    let mut command = Command::new(path);
    // A clean slate: no settings leak in from the developer's shell.
    for (key, _) in std::env::vars().filter(|(k, _)| k.starts_with("LAOWU_")) {
        command.env_remove(key);
    }
    command
}

#[test]
fn a_bad_setting_stops_the_binary_and_names_the_setting_and_accepted_values() {
    let cases = [
        ("LAOWU_BIND", "localhost", "127.0.0.1:3000"),
        ("LAOWU_LOG_LEVEL", "loud", "error, warn, info, debug, trace"),
        ("LAOWU_DATABASE_URL", "mysql://x", "postgres://"),
        ("LAOWU_DEMO_DATA", "perhaps", "true or false"),
    ];
    for (key, value, accepted) in cases {
        let output = laowu()
            .env(key, value)
            .arg("migrate")
            .output()
            .expect("run laowu");
        assert_eq!(output.status.code(), Some(2), "{key}={value}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains(key) && stderr.contains(accepted),
            "{key}: {stderr}"
        );
    }
}

#[test]
fn an_unknown_key_in_the_config_file_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("laowu.toml");
    std::fs::write(&file, "bind = \"127.0.0.1:0\"\nbnid = \"oops\"\n").unwrap();
    let output = laowu()
        .arg("--config")
        .arg(&file)
        .arg("migrate")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("bnid") && stderr.contains("accepted settings"),
        "{stderr}"
    );
}

#[test]
fn every_command_has_help() {
    for args in [
        vec!["--help"],
        vec!["serve", "--help"],
        vec!["migrate", "--help"],
        vec!["seed", "--help"],
        vec!["create-user", "--help"],
    ] {
        let output = laowu().args(&args).output().unwrap();
        assert!(output.status.success(), "{args:?}");
        assert!(
            String::from_utf8_lossy(&output.stdout).contains("Usage: laowu"),
            "{args:?}"
        );
    }
}

#[tokio::test]
async fn an_unreachable_database_stops_start_up_with_a_clear_message() {
    let dir = tempfile::tempdir().unwrap();
    let sources = Sources {
        file: None,
        env: [
            ("bind".to_string(), "127.0.0.1:0".to_string()),
            ("data_dir".to_string(), dir.path().display().to_string()),
            (
                "database_url".to_string(),
                "postgres://laowu:secret@127.0.0.1:1/laowu".to_string(),
            ),
        ]
        .into(),
    };
    let settings = Settings::load(&sources).unwrap();
    let error = Application::build(settings)
        .await
        .err()
        .expect("start-up fails")
        .to_string();
    assert!(
        error.contains("database postgres://laowu:***@127.0.0.1:1/laowu"),
        "{error}"
    );
}

#[tokio::test]
async fn create_user_from_the_command_line_makes_an_account_that_can_sign_in() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = laowu()
        .env("LAOWU_DATA_DIR", dir.path())
        .args([
            "create-user",
            "--username",
            "quwo",
            "--display-name",
            "曲沃县人社局",
            "--role",
            "promoter",
            "--county",
            "141021",
            "--password-stdin",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"yangtang is best in winter\n")
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );

    // A weak password and a promoter without a county are refused with the field named.
    let output = laowu()
        .env("LAOWU_DATA_DIR", dir.path())
        .args([
            "create-user",
            "--username",
            "weak",
            "--display-name",
            "x",
            "--role",
            "admin",
            "--password-stdin",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .and_then(|mut c| {
            c.stdin.take().unwrap().write_all(b"12345678\n")?;
            c.wait_with_output()
        })
        .unwrap();
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("password"));

    let mut options = Options::default();
    options.settings.insert("demo_data".into(), "false".into());
    options.reuse = Some((dir.path().to_path_buf(), None));
    let app = TestApp::spawn_with(Backend::Sqlite, options).await.unwrap();
    let response = app.login(("quwo", "yangtang is best in winter")).await;
    assert_eq!(response.status(), StatusCode::OK);
    let me: serde_json::Value = response.json().await.unwrap();
    assert_eq!(me["scope_label"], "曲沃县");
}

#[test]
fn the_cli_seeds_workers_exports_them_and_reimports_them_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        let output = laowu()
            .env("LAOWU_DATA_DIR", dir.path())
            .args(args)
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout).to_string();
        let stderr = String::from_utf8_lossy(&output.stderr).to_string();
        (output.status.success(), stdout, stderr)
    };
    let (ok, out, err) = run(&["seed", "--workers", "60"]);
    assert!(ok, "{err}");
    assert!(out.contains("inserted 60"), "{out}");

    let ledger = dir.path().join("roster.csv");
    let ledger_arg = ledger.to_str().unwrap();
    let (ok, _, err) = run(&[
        "export",
        "--company",
        "91141027MA0LW8XC2U",
        "--format",
        "csv",
        "-o",
        ledger_arg,
    ]);
    assert!(ok, "{err}");
    assert_eq!(
        std::fs::read_to_string(&ledger).unwrap().lines().count(),
        61
    );

    let (ok, out, err) = run(&["import", "--company", "91141027MA0LW8XC2U", ledger_arg]);
    assert!(ok, "{err}");
    assert!(out.contains("unchanged 60"), "{out}");

    // An unknown company and an unsupported format are refused by name.
    let (ok, _, err) = run(&["import", "--company", "91350100M000100Y43", ledger_arg]);
    assert!(!ok && err.contains("company:"), "{err}");
    let (ok, _, err) = run(&[
        "export",
        "--company",
        "91141027MA0LW8XC2U",
        "--format",
        "pdf",
        "-o",
        ledger_arg,
    ]);
    assert!(!ok && err.contains("--format"), "{err}");
}
