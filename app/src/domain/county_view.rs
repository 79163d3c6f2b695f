//! What a county official's lists of households and workers are narrowed by, read from a
//! query string: every parameter optional, empty meaning "any", a bad one named.

use super::credentials::FieldError;
use super::roster::PovertyStatus;
use serde::{Deserialize, Serialize};

/// Rows per page unless asked otherwise, and the most a page may hold.
pub const DEFAULT_PER_PAGE: u64 = 50;
pub const MAX_PER_PAGE: u64 = 500;

/// Narrows the households list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HouseholdFilter {
    /// An admin's chosen county (a promoter's own county is applied by the service).
    pub county: Option<String>,
    pub township: Option<String>,
    pub village: Option<String>,
    pub status: Option<PovertyStatus>,
    /// Only households with (or without) a member who wants work.
    pub willing: Option<bool>,
    /// Only households with (or without) a member at work today.
    pub employed: Option<bool>,
    /// The start of a household number or the head's name.
    pub text: Option<String>,
    pub page: u64,
    pub per_page: u64,
}

/// Narrows the county's workers list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountyWorkerFilter {
    pub county: Option<String>,
    pub township: Option<String>,
    pub village: Option<String>,
    /// Their household's status; workers of no registered household never match one.
    pub status: Option<PovertyStatus>,
    pub training_wish: Option<bool>,
    pub employment_wish: Option<bool>,
    /// At work today (a running placement or local job), or not.
    pub employed: Option<bool>,
    pub page: u64,
    pub per_page: u64,
}

/// The raw parameters both lists share.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AreaParams<'a> {
    pub county: Option<&'a str>,
    pub township: Option<&'a str>,
    pub village: Option<&'a str>,
    pub status: Option<&'a str>,
    pub employed: Option<&'a str>,
    pub page: Option<&'a str>,
    pub per_page: Option<&'a str>,
}

/// Parsed [`AreaParams`].
struct Area {
    county: Option<String>,
    township: Option<String>,
    village: Option<String>,
    status: Option<PovertyStatus>,
    employed: Option<bool>,
    page: u64,
    per_page: u64,
}

fn text(value: Option<&str>) -> Option<String> {
    value
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(|v| v.chars().take(64).collect())
}

/// Reads a yes/no parameter: yes, no, true, false, 1, 0, 是, 否; empty is "any".
///
/// # Errors
/// A [`FieldError`] naming `field`.
pub fn yes_no_param(field: &'static str, value: Option<&str>) -> Result<Option<bool>, FieldError> {
    match value.map(str::trim).unwrap_or("") {
        "" => Ok(None),
        "yes" | "true" | "1" | "是" | "有" => Ok(Some(true)),
        "no" | "false" | "0" | "否" | "无" => Ok(Some(false)),
        other => Err(FieldError::new(
            field,
            format!("{field} 应为 yes 或 no，而不是“{other}”"),
        )),
    }
}

fn number_param(field: &'static str, value: Option<&str>, default: u64) -> Result<u64, FieldError> {
    match value.map(str::trim).unwrap_or("") {
        "" => Ok(default),
        text => text
            .parse::<u64>()
            .ok()
            .filter(|n| *n >= 1)
            .ok_or_else(|| FieldError::new(field, format!("{field} 应为正整数"))),
    }
}

fn area(params: &AreaParams<'_>) -> Result<Area, FieldError> {
    let status = match params.status.map(str::trim).unwrap_or("") {
        "" => None,
        raw => Some(PovertyStatus::parse(raw).ok_or_else(|| {
            FieldError::new(
                "status",
                "status 应为 poor（贫困户）、lifted_out（已脱贫）或 monitored（监测户）",
            )
        })?),
    };
    let per_page = number_param("per_page", params.per_page, DEFAULT_PER_PAGE)?;
    if per_page > MAX_PER_PAGE {
        return Err(FieldError::new(
            "per_page",
            format!("per_page 最大为 {MAX_PER_PAGE}"),
        ));
    }
    Ok(Area {
        county: text(params.county),
        township: text(params.township),
        village: text(params.village),
        status,
        employed: yes_no_param("employed", params.employed)?,
        page: number_param("page", params.page, 1)?,
        per_page,
    })
}

impl HouseholdFilter {
    /// # Errors
    /// A [`FieldError`] naming the bad parameter.
    pub fn parse(
        params: &AreaParams<'_>,
        willing: Option<&str>,
        text_query: Option<&str>,
    ) -> Result<Self, FieldError> {
        let area = area(params)?;
        Ok(Self {
            county: area.county,
            township: area.township,
            village: area.village,
            status: area.status,
            willing: yes_no_param("willing", willing)?,
            employed: area.employed,
            text: text(text_query),
            page: area.page,
            per_page: area.per_page,
        })
    }
}

impl CountyWorkerFilter {
    /// # Errors
    /// A [`FieldError`] naming the bad parameter.
    pub fn parse(
        params: &AreaParams<'_>,
        training_wish: Option<&str>,
        employment_wish: Option<&str>,
    ) -> Result<Self, FieldError> {
        let area = area(params)?;
        Ok(Self {
            county: area.county,
            township: area.township,
            village: area.village,
            status: area.status,
            training_wish: yes_no_param("training_wish", training_wish)?,
            employment_wish: yes_no_param("employment_wish", employment_wish)?,
            employed: area.employed,
            page: area.page,
            per_page: area.per_page,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_query_means_any_and_the_first_page() {
        let filter = HouseholdFilter::parse(&AreaParams::default(), None, None).unwrap();
        assert_eq!(filter.page, 1);
        assert_eq!(filter.per_page, DEFAULT_PER_PAGE);
        assert_eq!(filter.employed, None);
        assert_eq!(filter.township, None);
    }

    #[test]
    fn values_are_read_and_each_bad_one_is_named() {
        let params = AreaParams {
            township: Some(" 天坛镇 "),
            status: Some("监测户"),
            employed: Some("no"),
            page: Some("2"),
            ..AreaParams::default()
        };
        let filter = CountyWorkerFilter::parse(&params, Some("yes"), Some("")).unwrap();
        assert_eq!(filter.township.as_deref(), Some("天坛镇"));
        assert_eq!(filter.status, Some(PovertyStatus::Monitored));
        assert_eq!(filter.employed, Some(false));
        assert_eq!(filter.training_wish, Some(true));
        assert_eq!(filter.employment_wish, None);
        assert_eq!(filter.page, 2);

        for (params, willing, field) in [
            (
                AreaParams {
                    status: Some("rich"),
                    ..AreaParams::default()
                },
                None,
                "status",
            ),
            (
                AreaParams {
                    employed: Some("maybe"),
                    ..AreaParams::default()
                },
                None,
                "employed",
            ),
            (
                AreaParams {
                    page: Some("0"),
                    ..AreaParams::default()
                },
                None,
                "page",
            ),
            (
                AreaParams {
                    per_page: Some("5000"),
                    ..AreaParams::default()
                },
                None,
                "per_page",
            ),
            (AreaParams::default(), Some("x"), "willing"),
        ] {
            assert_eq!(
                HouseholdFilter::parse(&params, willing, None)
                    .unwrap_err()
                    .field,
                field
            );
        }
    }
}
