//! Settings: built-in defaults, then an optional `laowu.toml`, then `LAOWU_*` environment
//! variables (highest). Every value is checked at start-up; a bad one stops the process with a
//! message naming the setting and what it accepts.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

/// One setting's name in the file and in the environment, and what it accepts.
struct SettingSpec {
    key: &'static str,
    accepts: &'static str,
}

const SPECS: &[SettingSpec] = &[
    SettingSpec {
        key: "bind",
        accepts: "an IP address and port, e.g. 127.0.0.1:3000",
    },
    SettingSpec {
        key: "database_url",
        accepts: "sqlite://PATH or postgres://USER@HOST:PORT/DB",
    },
    SettingSpec {
        key: "data_dir",
        accepts: "a directory path (created if missing)",
    },
    SettingSpec {
        key: "site_root",
        accepts: "the directory holding pkg/ (the built browser bundle)",
    },
    SettingSpec {
        key: "log_level",
        accepts: "one of error, warn, info, debug, trace",
    },
    SettingSpec {
        key: "log_format",
        accepts: "one of text, json",
    },
    SettingSpec {
        key: "demo_data",
        accepts: "true or false",
    },
    SettingSpec {
        key: "demo_workers",
        accepts: "true or false (default: as demo_data)",
    },
    SettingSpec {
        key: "demo_county",
        accepts: "true or false (default: as demo_workers)",
    },
    SettingSpec {
        key: "secure_cookies",
        accepts: "true or false (true when served over https)",
    },
    SettingSpec {
        key: "body_limit_bytes",
        accepts: "a whole number of bytes from 1024 to 1073741824",
    },
    SettingSpec {
        key: "upload_limit_bytes",
        accepts: "a whole number of bytes from 1024 to 1073741824 (ledger uploads)",
    },
    SettingSpec {
        key: "login_attempts_per_ip_per_minute",
        accepts: "a whole number from 1 to 10000",
    },
    SettingSpec {
        key: "login_attempts_per_account_per_minute",
        accepts: "a whole number from 1 to 10000",
    },
    SettingSpec {
        key: "contract_font",
        accepts: "the path of a TrueType font (.ttf, or .ttc: its first face) with Chinese, Latin and digits, for contract PDFs",
    },
    SettingSpec {
        key: "hire_request_days",
        accepts: "a whole number of days from 1 to 90 (unanswered hire requests expire then)",
    },
    SettingSpec {
        key: "search_cache_entries",
        accepts: "a whole number from 0 to 100000 (search answers kept until the index changes; 0: none)",
    },
    SettingSpec {
        key: "search_match_cache_mb",
        accepts: "a whole number of megabytes from 0 to 4096 (words' match sets kept per index segment; 0: none)",
    },
    SettingSpec {
        key: "dashboard_wait_ms",
        accepts: "a whole number of milliseconds from 0 to 600000 (how long a dashboard waits for changed figures before showing the ones read before)",
    },
];

/// WenQuanYi Micro Hei (Apache-2.0), from Debian's `fonts-wqy-microhei`, which
/// `scripts/setup.sh` installs: Chinese, Latin and digits in one face (the first of the
/// collection).
pub const DEFAULT_CONTRACT_FONT: &str = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Debug, Clone)]
pub struct Settings {
    pub bind: SocketAddr,
    pub database_url: String,
    pub data_dir: PathBuf,
    pub site_root: PathBuf,
    pub log_level: String,
    pub log_format: LogFormat,
    /// Seed demo users and brands into a brand-new database.
    pub demo_data: bool,
    /// Also load the searchable demo workers (seed_search.rs) once.
    pub demo_workers: bool,
    /// Also load the county desk's demo (seed_county.rs): households of 浮山县 and 襄汾县,
    /// their members on the rosters, local jobs, placements and targets. Needs the cast.
    pub demo_county: bool,
    pub secure_cookies: bool,
    pub body_limit_bytes: usize,
    /// The larger limit for ledger uploads.
    pub upload_limit_bytes: usize,
    pub login_attempts_per_ip_per_minute: u32,
    pub login_attempts_per_account_per_minute: u32,
    /// Days a hire request waits for an answer before its open lines expire.
    pub hire_request_days: u16,
    /// The CJK font embedded in contract PDFs.
    pub contract_font: PathBuf,
    /// Search answers kept until the index changes (search/result_cache.rs).
    pub search_cache_entries: usize,
    /// Megabytes of words' match sets kept per index segment (search/match_cache.rs).
    pub search_match_cache_mb: usize,
    /// How long a dashboard request waits for figures being read again after a change; past
    /// it, the figures read before are shown and the new ones follow (services/dashboard).
    pub dashboard_wait_ms: u64,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ConfigError {
    #[error("invalid setting {key} (env LAOWU_{env}) = {value:?}: expected {accepts}")]
    Invalid {
        key: &'static str,
        env: String,
        value: String,
        accepts: &'static str,
    },
    #[error("unknown setting {key:?} in {file}; accepted settings: {accepted}")]
    Unknown {
        key: String,
        file: String,
        accepted: String,
    },
    #[error("cannot read config file {file}: {reason}")]
    File { file: String, reason: String },
}

/// Where settings come from, so tests can supply them without touching the process environment.
#[derive(Debug, Default, Clone)]
pub struct Sources {
    /// `laowu.toml` contents and its path (for messages), if a file is used.
    pub file: Option<(String, String)>,
    /// `LAOWU_*` variables with the prefix removed and lower-cased (`LAOWU_BIND` → `bind`).
    pub env: BTreeMap<String, String>,
}

impl Sources {
    /// Reads the process environment and the config file: `explicit` if given, else
    /// `LAOWU_CONFIG`, else `./laowu.toml` when it exists.
    ///
    /// # Errors
    /// [`ConfigError::File`] when a named file cannot be read.
    pub fn from_process(explicit: Option<&Path>) -> Result<Self, ConfigError> {
        let env: BTreeMap<String, String> = std::env::vars()
            .filter_map(|(k, v)| k.strip_prefix("LAOWU_").map(|k| (k.to_lowercase(), v)))
            .collect();
        let path = explicit
            .map(Path::to_path_buf)
            .or_else(|| env.get("config").map(PathBuf::from));
        let file = match path {
            Some(path) => Some(read_file(&path)?),
            None if Path::new("laowu.toml").exists() => Some(read_file(Path::new("laowu.toml"))?),
            None => None,
        };
        Ok(Self { file, env })
    }
}

fn read_file(path: &Path) -> Result<(String, String), ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|e| ConfigError::File {
        file: path.display().to_string(),
        reason: e.to_string(),
    })?;
    Ok((path.display().to_string(), text))
}

impl Settings {
    /// # Errors
    /// The first bad, unknown or unreadable setting.
    pub fn load(sources: &Sources) -> Result<Self, ConfigError> {
        let mut raw: BTreeMap<String, String> = BTreeMap::new();
        if let Some((file, text)) = &sources.file {
            let table: toml::Table =
                text.parse()
                    .map_err(|e: toml::de::Error| ConfigError::File {
                        file: file.clone(),
                        reason: e.message().to_string(),
                    })?;
            for (key, value) in table {
                if !SPECS.iter().any(|s| s.key == key) {
                    return Err(ConfigError::Unknown {
                        key,
                        file: file.clone(),
                        accepted: SPECS.iter().map(|s| s.key).collect::<Vec<_>>().join(", "),
                    });
                }
                let value = match value {
                    toml::Value::String(s) => s,
                    other => other.to_string(),
                };
                raw.insert(key, value);
            }
        }
        for spec in SPECS {
            if let Some(value) = sources.env.get(spec.key) {
                raw.insert(spec.key.to_string(), value.clone());
            }
        }
        let get = |key: &str| {
            raw.get(key)
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };

        let data_dir = PathBuf::from(get("data_dir").unwrap_or_else(|| "data".into()));
        let database_url = match get("database_url") {
            Some(url) => parse_database_url(&url)?,
            None => format!("sqlite://{}?mode=rwc", data_dir.join("laowu.db").display()),
        };
        Ok(Settings {
            bind: parse(
                "bind",
                get("bind").unwrap_or_else(|| "127.0.0.1:3000".into()),
                |v| v.parse::<SocketAddr>().ok(),
            )?,
            database_url,
            site_root: PathBuf::from(get("site_root").unwrap_or_else(|| "target/site".into())),
            data_dir,
            log_level: parse(
                "log_level",
                get("log_level").unwrap_or_else(|| "info".into()),
                |v| {
                    let v = v.to_lowercase();
                    ["error", "warn", "info", "debug", "trace"]
                        .contains(&v.as_str())
                        .then_some(v)
                },
            )?,
            log_format: parse(
                "log_format",
                get("log_format").unwrap_or_else(|| "text".into()),
                |v| match v.to_lowercase().as_str() {
                    "text" => Some(LogFormat::Text),
                    "json" => Some(LogFormat::Json),
                    _ => None,
                },
            )?,
            demo_data: parse(
                "demo_data",
                get("demo_data").unwrap_or_else(|| "false".into()),
                parse_bool,
            )?,
            demo_workers: parse(
                "demo_workers",
                get("demo_workers")
                    .or_else(|| get("demo_data"))
                    .unwrap_or_else(|| "false".into()),
                parse_bool,
            )?,
            demo_county: parse(
                "demo_county",
                get("demo_county")
                    .or_else(|| get("demo_workers"))
                    .or_else(|| get("demo_data"))
                    .unwrap_or_else(|| "false".into()),
                parse_bool,
            )?,
            secure_cookies: parse(
                "secure_cookies",
                get("secure_cookies").unwrap_or_else(|| "false".into()),
                parse_bool,
            )?,
            body_limit_bytes: parse(
                "body_limit_bytes",
                get("body_limit_bytes").unwrap_or_else(|| (2 * 1024 * 1024).to_string()),
                |v| {
                    v.parse::<usize>()
                        .ok()
                        .filter(|n| (1024..=1 << 30).contains(n))
                },
            )?,
            upload_limit_bytes: parse(
                "upload_limit_bytes",
                get("upload_limit_bytes").unwrap_or_else(|| (64 * 1024 * 1024).to_string()),
                |v| {
                    v.parse::<usize>()
                        .ok()
                        .filter(|n| (1024..=1 << 30).contains(n))
                },
            )?,
            login_attempts_per_ip_per_minute: parse(
                "login_attempts_per_ip_per_minute",
                get("login_attempts_per_ip_per_minute").unwrap_or_else(|| "10".into()),
                parse_rate,
            )?,
            login_attempts_per_account_per_minute: parse(
                "login_attempts_per_account_per_minute",
                get("login_attempts_per_account_per_minute").unwrap_or_else(|| "5".into()),
                parse_rate,
            )?,
            contract_font: PathBuf::from(
                get("contract_font").unwrap_or_else(|| DEFAULT_CONTRACT_FONT.into()),
            ),
            hire_request_days: parse(
                "hire_request_days",
                get("hire_request_days").unwrap_or_else(|| "14".into()),
                |v| v.parse::<u16>().ok().filter(|n| (1..=90).contains(n)),
            )?,
            search_cache_entries: parse(
                "search_cache_entries",
                get("search_cache_entries").unwrap_or_else(|| "1000".into()),
                |v| v.parse::<usize>().ok().filter(|n| *n <= 100_000),
            )?,
            search_match_cache_mb: parse(
                "search_match_cache_mb",
                get("search_match_cache_mb").unwrap_or_else(|| "64".into()),
                |v| v.parse::<usize>().ok().filter(|n| *n <= 4096),
            )?,
            dashboard_wait_ms: parse(
                "dashboard_wait_ms",
                get("dashboard_wait_ms").unwrap_or_else(|| "100".into()),
                |v| v.parse::<u64>().ok().filter(|n| *n <= 600_000),
            )?,
        })
    }

    pub fn is_postgres(&self) -> bool {
        self.database_url.starts_with("postgres")
    }
}

fn spec(key: &str) -> &'static SettingSpec {
    SPECS.iter().find(|s| s.key == key).unwrap_or(&SPECS[0])
}

fn parse<T>(
    key: &'static str,
    value: String,
    f: impl Fn(&str) -> Option<T>,
) -> Result<T, ConfigError> {
    f(&value).ok_or_else(|| invalid(key, &value))
}

fn invalid(key: &'static str, value: &str) -> ConfigError {
    ConfigError::Invalid {
        key,
        env: key.to_uppercase(),
        value: value.to_string(),
        accepts: spec(key).accepts,
    }
}

fn parse_bool(v: &str) -> Option<bool> {
    match v.to_lowercase().as_str() {
        "true" | "1" | "yes" | "on" => Some(true),
        "false" | "0" | "no" | "off" => Some(false),
        _ => None,
    }
}

fn parse_rate(v: &str) -> Option<u32> {
    v.parse::<u32>().ok().filter(|n| (1..=10_000).contains(n))
}

/// Accepts `sqlite://…` (adding `mode=rwc` so the file is created) and `postgres(ql)://…`.
fn parse_database_url(url: &str) -> Result<String, ConfigError> {
    if let Some(path) = url.strip_prefix("sqlite://") {
        if path.is_empty() {
            return Err(invalid("database_url", url));
        }
        if path.contains("mode=") {
            Ok(url.to_string())
        } else if path.contains('?') {
            Ok(format!("{url}&mode=rwc"))
        } else {
            Ok(format!("{url}?mode=rwc"))
        }
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(url.to_string())
    } else {
        Err(invalid("database_url", url))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> Sources {
        Sources {
            file: None,
            env: pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        }
    }

    #[test]
    fn defaults_need_nothing() {
        let s = Settings::load(&Sources::default()).unwrap();
        assert_eq!(s.bind.to_string(), "127.0.0.1:3000");
        assert_eq!(s.database_url, "sqlite://data/laowu.db?mode=rwc");
        assert_eq!(s.data_dir, PathBuf::from("data"));
        assert!(!s.demo_data);
        assert!(!s.secure_cookies);
    }

    #[test]
    fn the_database_follows_the_data_directory_unless_set() {
        let s = Settings::load(&env(&[("data_dir", "/tmp/x")])).unwrap();
        assert_eq!(s.database_url, "sqlite:///tmp/x/laowu.db?mode=rwc");
        let s = Settings::load(&env(&[(
            "database_url",
            "postgres://postgres@127.0.0.1/laowu",
        )]))
        .unwrap();
        assert!(s.is_postgres());
    }

    #[test]
    fn a_bad_bind_address_names_the_setting_and_the_accepted_form() {
        let err = Settings::load(&env(&[("bind", "localhost")]))
            .unwrap_err()
            .to_string();
        assert!(err.contains("LAOWU_BIND"), "{err}");
        assert!(err.contains("127.0.0.1:3000"), "{err}");
    }

    #[test]
    fn a_bad_log_level_lists_the_levels() {
        let err = Settings::load(&env(&[("log_level", "loud")]))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("log_level") && err.contains("error, warn, info, debug, trace"),
            "{err}"
        );
    }

    #[test]
    fn the_search_cache_size_is_bounded_and_zero_turns_it_off() {
        assert_eq!(
            Settings::load(&env(&[])).unwrap().search_cache_entries,
            1000
        );
        let off = Settings::load(&env(&[("search_cache_entries", "0")])).unwrap();
        assert_eq!(off.search_cache_entries, 0);
        for bad in ["-1", "100001", "many"] {
            let err = Settings::load(&env(&[("search_cache_entries", bad)]))
                .unwrap_err()
                .to_string();
            assert!(
                err.contains("LAOWU_SEARCH_CACHE_ENTRIES") && err.contains("0 to 100000"),
                "{err}"
            );
        }
    }

    #[test]
    fn the_dashboard_wait_is_bounded_and_the_county_demo_follows_the_cast() {
        let defaults = Settings::load(&env(&[])).unwrap();
        assert_eq!(defaults.dashboard_wait_ms, 100);
        assert!(!defaults.demo_county);
        let demo = Settings::load(&env(&[("demo_data", "true")])).unwrap();
        assert!(demo.demo_workers && demo.demo_county);
        let no_cast =
            Settings::load(&env(&[("demo_data", "true"), ("demo_workers", "false")])).unwrap();
        assert!(!no_cast.demo_county);
        for bad in ["-1", "600001", "soon"] {
            let err = Settings::load(&env(&[("dashboard_wait_ms", bad)]))
                .unwrap_err()
                .to_string();
            assert!(
                err.contains("LAOWU_DASHBOARD_WAIT_MS") && err.contains("0 to 600000"),
                "{err}"
            );
        }
    }

    #[test]
    fn the_match_cache_budget_is_bounded_and_zero_turns_it_off() {
        assert_eq!(Settings::load(&env(&[])).unwrap().search_match_cache_mb, 64);
        let off = Settings::load(&env(&[("search_match_cache_mb", "0")])).unwrap();
        assert_eq!(off.search_match_cache_mb, 0);
        for bad in ["-1", "4097", "lots"] {
            let err = Settings::load(&env(&[("search_match_cache_mb", bad)]))
                .unwrap_err()
                .to_string();
            assert!(
                err.contains("LAOWU_SEARCH_MATCH_CACHE_MB") && err.contains("0 to 4096"),
                "{err}"
            );
        }
    }

    #[test]
    fn an_unsupported_database_is_refused() {
        let err = Settings::load(&env(&[("database_url", "mysql://x")]))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("LAOWU_DATABASE_URL") && err.contains("postgres://"),
            "{err}"
        );
    }

    #[test]
    fn the_environment_overrides_the_file() {
        let sources = Sources {
            file: Some((
                "laowu.toml".into(),
                "bind = \"127.0.0.1:4000\"\ndemo_data = true\n".into(),
            )),
            env: [("bind".to_string(), "127.0.0.1:5000".to_string())].into(),
        };
        let s = Settings::load(&sources).unwrap();
        assert_eq!(s.bind.port(), 5000);
        assert!(s.demo_data);
    }

    #[test]
    fn an_unknown_key_in_the_file_is_an_error_listing_the_known_ones() {
        let sources = Sources {
            file: Some(("laowu.toml".into(), "bnd = \"x\"\n".into())),
            env: BTreeMap::new(),
        };
        let err = Settings::load(&sources).unwrap_err().to_string();
        assert!(
            err.contains("bnd") && err.contains("bind, database_url"),
            "{err}"
        );
    }

    #[test]
    fn booleans_and_numbers_are_checked() {
        assert!(Settings::load(&env(&[("demo_data", "maybe")])).is_err());
        assert!(Settings::load(&env(&[("body_limit_bytes", "12")])).is_err());
        let err = Settings::load(&env(&[("upload_limit_bytes", "lots")]))
            .unwrap_err()
            .to_string();
        assert!(err.contains("LAOWU_UPLOAD_LIMIT_BYTES"), "{err}");
        assert!(Settings::load(&env(&[("login_attempts_per_ip_per_minute", "0")])).is_err());
        assert!(
            Settings::load(&env(&[("demo_data", "on")]))
                .unwrap()
                .demo_data
        );
    }
}
