//! What an employer asks search for: the parameters, checked into a [`SearchRequest`]; the words
//! of a query that name a wage or a certificate level; and the name as search shows it (王**).
//! Counties, brands and regions are recognised by the server, which knows their names.

use crate::domain::calendar::CalendarDate;
use crate::domain::credentials::FieldError;
use crate::domain::roster::CertificateLevel;
use serde::{Deserialize, Serialize};

/// A page never holds more than this many workers: enough for a screen, small enough to answer fast.
pub const MAX_PER_PAGE: u32 = 100;
pub const DEFAULT_PER_PAGE: u32 = 20;
/// Deep pages are not how people look for workers; the limit keeps a query's cost bounded.
pub const MAX_PAGE: u32 = 500;
/// Longer text is not a description of a worker someone wants.
pub const MAX_QUERY_CHARS: usize = 100;

/// The search parameters exactly as a URL carries them; [`SearchParams::check`] turns them into
/// a [`SearchRequest`] or names the parameter that is wrong.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::IntoParams, utoipa::ToSchema))]
#[cfg_attr(feature = "ssr", into_params(parameter_in = Query))]
pub struct SearchParams {
    /// What the employer typed, in Chinese or pinyin: 浮山 厨师 北京, hugong, fscs.
    pub q: Option<String>,
    /// County code or name (浮山县 / 浮山 / 141027).
    pub county: Option<String>,
    /// Brand slug.
    pub brand: Option<String>,
    pub occupation: Option<String>,
    /// Lowest certificate level: 1–5, 三级, 高级工, 高级, 技师 …
    pub level: Option<String>,
    /// `true` for verified certificates only.
    pub verified: Option<String>,
    /// Target region code or name (北京).
    pub region: Option<String>,
    /// Available to start by this date (YYYY-MM-DD).
    pub available_by: Option<String>,
    /// Expected monthly wage from, in yuan.
    pub wage_min: Option<String>,
    /// Expected monthly wage up to, in yuan.
    pub wage_max: Option<String>,
    pub age_min: Option<String>,
    pub age_max: Option<String>,
    /// 男 / 女 (or male / female).
    pub sex: Option<String>,
    pub page: Option<String>,
    pub per_page: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SearchSex {
    Male,
    Female,
}

impl SearchSex {
    /// How workers store it.
    pub fn code(self) -> &'static str {
        match self {
            SearchSex::Male => "male",
            SearchSex::Female => "female",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SearchSex::Male => "男",
            SearchSex::Female => "女",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text.trim() {
            "男" | "male" | "m" | "M" => Some(SearchSex::Male),
            "女" | "female" | "f" | "F" => Some(SearchSex::Female),
            _ => None,
        }
    }
}

/// The filters of one search. Counties and regions are codes, brands slugs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchFilters {
    pub county: Option<String>,
    pub brand: Option<String>,
    pub occupation: Option<String>,
    /// At least this level: 三级 also finds 二级 and 一级.
    pub level: Option<CertificateLevel>,
    pub verified_only: bool,
    pub region: Option<String>,
    pub available_by: Option<CalendarDate>,
    pub wage_min: Option<u32>,
    pub wage_max: Option<u32>,
    pub age_min: Option<u16>,
    pub age_max: Option<u16>,
    pub sex: Option<SearchSex>,
}

/// A checked search: the text still to be understood, filters, and the page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchRequest {
    pub text: String,
    pub filters: SearchFilters,
    pub page: u32,
    pub per_page: u32,
}

fn present(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

fn number<T: std::str::FromStr>(
    value: &Option<String>,
    field: &'static str,
    what: &str,
) -> Result<Option<T>, FieldError> {
    present(value)
        .map(|v| {
            v.parse::<T>()
                .map_err(|_| FieldError::new(field, format!("{field} 应为{what}")))
        })
        .transpose()
}

impl SearchParams {
    /// # Errors
    /// The first parameter that is malformed or out of range, by name.
    pub fn check(&self) -> Result<SearchRequest, FieldError> {
        let text = present(&self.q).unwrap_or("").to_string();
        if text.chars().count() > MAX_QUERY_CHARS {
            return Err(FieldError::new(
                "q",
                format!("搜索词最多 {MAX_QUERY_CHARS} 个字"),
            ));
        }
        let level = present(&self.level)
            .map(|v| {
                level_named(v).ok_or_else(|| {
                    FieldError::new(
                        "level",
                        "level 应为 1–5 或 五级/四级/三级/二级/一级、初级/中级/高级、技师/高级技师",
                    )
                })
            })
            .transpose()?;
        let verified_only = match present(&self.verified) {
            None | Some("false" | "0" | "no") => false,
            Some("true" | "1" | "yes" | "on") => true,
            Some(_) => return Err(FieldError::new("verified", "verified 应为 true 或 false")),
        };
        let available_by = present(&self.available_by)
            .map(|v| {
                CalendarDate::parse(v).map_err(|e| FieldError::new("available_by", e.to_string()))
            })
            .transpose()?;
        let wage_min: Option<u32> = number(&self.wage_min, "wage_min", "以元计的整数")?;
        let wage_max: Option<u32> = number(&self.wage_max, "wage_max", "以元计的整数")?;
        if let (Some(min), Some(max)) = (wage_min, wage_max)
            && min > max
        {
            return Err(FieldError::new("wage_min", "wage_min 不能大于 wage_max"));
        }
        let age_min: Option<u16> = number(&self.age_min, "age_min", "整数岁数")?;
        let age_max: Option<u16> = number(&self.age_max, "age_max", "整数岁数")?;
        for (field, age) in [("age_min", age_min), ("age_max", age_max)] {
            if age.is_some_and(|a| !(16..=80).contains(&a)) {
                return Err(FieldError::new(field, format!("{field} 应在 16–80 岁之间")));
            }
        }
        if let (Some(min), Some(max)) = (age_min, age_max)
            && min > max
        {
            return Err(FieldError::new("age_min", "age_min 不能大于 age_max"));
        }
        let sex = present(&self.sex)
            .map(|v| SearchSex::parse(v).ok_or_else(|| FieldError::new("sex", "sex 应为 男 或 女")))
            .transpose()?;
        let page: u32 = number(&self.page, "page", "从 1 开始的整数")?.unwrap_or(1);
        if page == 0 || page > MAX_PAGE {
            return Err(FieldError::new(
                "page",
                format!("page 应在 1–{MAX_PAGE} 之间"),
            ));
        }
        let per_page: u32 = number(&self.per_page, "per_page", "整数")?.unwrap_or(DEFAULT_PER_PAGE);
        if per_page == 0 || per_page > MAX_PER_PAGE {
            return Err(FieldError::new(
                "per_page",
                format!("per_page 应在 1–{MAX_PER_PAGE} 之间"),
            ));
        }
        Ok(SearchRequest {
            text,
            filters: SearchFilters {
                county: present(&self.county).map(str::to_string),
                brand: present(&self.brand).map(str::to_string),
                occupation: present(&self.occupation).map(str::to_string),
                level,
                verified_only,
                region: present(&self.region).map(str::to_string),
                available_by,
                wage_min,
                wage_max,
                age_min,
                age_max,
                sex,
            },
            page,
            per_page,
        })
    }
}

impl SearchRequest {
    /// The search as URL parameters, in a fixed order (links, saved searches, facet links).
    pub fn to_params(&self) -> Vec<(&'static str, String)> {
        let f = &self.filters;
        let mut params = Vec::new();
        if !self.text.is_empty() {
            params.push(("q", self.text.clone()));
        }
        let optional: [(&'static str, Option<String>); 11] = [
            ("county", f.county.clone()),
            ("brand", f.brand.clone()),
            ("occupation", f.occupation.clone()),
            ("level", f.level.map(|l| l.code().to_string())),
            ("region", f.region.clone()),
            ("available_by", f.available_by.map(|d| d.to_string())),
            ("wage_min", f.wage_min.map(|w| w.to_string())),
            ("wage_max", f.wage_max.map(|w| w.to_string())),
            ("age_min", f.age_min.map(|a| a.to_string())),
            ("age_max", f.age_max.map(|a| a.to_string())),
            ("sex", f.sex.map(|s| s.label().to_string())),
        ];
        for (name, value) in optional {
            if let Some(value) = value {
                params.push((name, value));
            }
        }
        if f.verified_only {
            params.push(("verified", "true".to_string()));
        }
        if self.page > 1 {
            params.push(("page", self.page.to_string()));
        }
        if self.per_page != DEFAULT_PER_PAGE {
            params.push(("per_page", self.per_page.to_string()));
        }
        params
    }
}

/// A certificate level as an employer says it: the ledger spellings, and 初级/中级/高级 for the
/// 工 titles (高级 = 三级/高级工).
pub fn level_named(word: &str) -> Option<CertificateLevel> {
    match word.trim() {
        "初级" => Some(CertificateLevel::Five),
        "中级" => Some(CertificateLevel::Four),
        "高级" => Some(CertificateLevel::Three),
        other => CertificateLevel::parse(other),
    }
}

/// How search shows a rank of certificate levels: 0 none, 1 五级 … 5 一级.
pub fn level_rank(level: Option<CertificateLevel>) -> u64 {
    match level {
        None => 0,
        Some(CertificateLevel::Five) => 1,
        Some(CertificateLevel::Four) => 2,
        Some(CertificateLevel::Three) => 3,
        Some(CertificateLevel::Two) => 4,
        Some(CertificateLevel::One) => 5,
    }
}

/// A monthly wage range named in a query.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WageWords {
    pub min: Option<u32>,
    pub max: Option<u32>,
}

/// Finds a wage in free text: `8000以内`, `8000元以下`, `8千以内`, `6000以上`, `5000-7000`,
/// `5000到7000元`. Returns the range and the byte span it occupied, so the words can be taken out
/// of the text. Bare numbers are not wages (they may be a year or a count).
pub fn find_wage(text: &str) -> Option<(WageWords, std::ops::Range<usize>)> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].1.is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = chars[i].0;
        let Some((first, after_first)) = amount_at(&chars, i) else {
            i = digits_end(&chars, i);
            continue;
        };
        let mut j = after_first;
        // A range: 5000-7000, 5000~7000, 5000到7000, 5000至7000.
        if let Some(&(_, sep)) = chars.get(j)
            && matches!(sep, '-' | '~' | '～' | '到' | '至' | '—')
            && chars.get(j + 1).is_some_and(|(_, c)| c.is_ascii_digit())
            && let Some((second, after_second)) = amount_at(&chars, j + 1)
        {
            j = after_second;
            if chars.get(j).is_some_and(|(_, c)| *c == '元') {
                j += 1;
            }
            let end = chars.get(j).map_or(text.len(), |(at, _)| *at);
            let (min, max) = if first <= second {
                (first, second)
            } else {
                (second, first)
            };
            return Some((
                WageWords {
                    min: Some(min),
                    max: Some(max),
                },
                start..end,
            ));
        }
        if chars.get(j).is_some_and(|(_, c)| *c == '元') {
            j += 1;
        }
        let rest: String = chars[j.min(chars.len())..]
            .iter()
            .take(2)
            .map(|(_, c)| c)
            .collect();
        let bound = match rest.as_str() {
            "以内" | "以下" => Some(WageWords {
                min: None,
                max: Some(first),
            }),
            "以上" => Some(WageWords {
                min: Some(first),
                max: None,
            }),
            _ => None,
        };
        if let Some(words) = bound {
            let end = chars.get(j + 2).map_or(text.len(), |(at, _)| *at);
            return Some((words, start..end));
        }
        i = after_first.max(i + 1);
    }
    None
}

fn digits_end(chars: &[(usize, char)], mut i: usize) -> usize {
    while chars.get(i).is_some_and(|(_, c)| c.is_ascii_digit()) {
        i += 1;
    }
    i
}

/// An amount at `chars[i]`: digits, optionally followed by 千/k (thousands) or 万 (ten thousands).
/// Returns the amount in yuan and the index after it. Amounts under 100 without a unit are not
/// monthly wages.
fn amount_at(chars: &[(usize, char)], i: usize) -> Option<(u32, usize)> {
    let mut j = i;
    let mut value: u32 = 0;
    while let Some(&(_, c)) = chars.get(j) {
        let Some(digit) = c.to_digit(10) else { break };
        value = value.checked_mul(10)?.checked_add(digit)?;
        j += 1;
    }
    match chars.get(j).map(|(_, c)| *c) {
        Some('千' | 'k' | 'K') => Some((value.checked_mul(1000)?, j + 1)),
        Some('万' | 'w' | 'W') => Some((value.checked_mul(10_000)?, j + 1)),
        _ if value >= 100 => Some((value, j)),
        _ => None,
    }
}

/// Whether employers can find a worker: published (active and consented), not out working now,
/// and on the roster of a company that an approved brand membership vouches for.
pub fn is_searchable(published: bool, placed: bool, approved_member: bool) -> bool {
    published && !placed && approved_member
}

/// The name as search shows it: the family name, then one star per other character (王**).
pub fn masked_name(name: &str) -> String {
    let mut chars = name.trim().chars();
    match chars.next() {
        None => String::new(),
        Some(first) => {
            let rest = chars.count().max(1);
            format!("{first}{}", "*".repeat(rest))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(pairs: &[(&str, &str)]) -> SearchParams {
        let mut p = SearchParams::default();
        for (k, v) in pairs {
            let v = Some(v.to_string());
            match *k {
                "q" => p.q = v,
                "level" => p.level = v,
                "verified" => p.verified = v,
                "available_by" => p.available_by = v,
                "wage_min" => p.wage_min = v,
                "wage_max" => p.wage_max = v,
                "age_min" => p.age_min = v,
                "age_max" => p.age_max = v,
                "sex" => p.sex = v,
                "page" => p.page = v,
                "per_page" => p.per_page = v,
                other => panic!("unknown {other}"),
            }
        }
        p
    }

    fn field_of(pairs: &[(&str, &str)]) -> &'static str {
        params(pairs).check().unwrap_err().field
    }

    #[test]
    fn bad_parameters_are_named() {
        assert_eq!(field_of(&[("level", "特级")]), "level");
        assert_eq!(
            field_of(&[("wage_min", "8000"), ("wage_max", "5000")]),
            "wage_min"
        );
        assert_eq!(field_of(&[("per_page", "101")]), "per_page");
        assert_eq!(field_of(&[("per_page", "0")]), "per_page");
        assert_eq!(field_of(&[("available_by", "2026-13-01")]), "available_by");
        assert_eq!(field_of(&[("available_by", "soon")]), "available_by");
        assert_eq!(field_of(&[("wage_max", "abc")]), "wage_max");
        assert_eq!(field_of(&[("verified", "maybe")]), "verified");
        assert_eq!(field_of(&[("age_min", "12")]), "age_min");
        assert_eq!(field_of(&[("age_min", "50"), ("age_max", "30")]), "age_min");
        assert_eq!(field_of(&[("sex", "x")]), "sex");
        assert_eq!(field_of(&[("page", "0")]), "page");
        assert_eq!(field_of(&[("q", &"厨".repeat(101))]), "q");
    }

    #[test]
    fn good_parameters_become_filters_and_round_trip() {
        let request = params(&[
            ("q", " 厨师 "),
            ("level", "高级"),
            ("verified", "true"),
            ("available_by", "2026-12-01"),
            ("wage_min", "5000"),
            ("wage_max", "8000"),
            ("sex", "女"),
            ("page", "2"),
        ])
        .check()
        .unwrap();
        assert_eq!(request.text, "厨师");
        assert_eq!(request.filters.level, Some(CertificateLevel::Three));
        assert!(request.filters.verified_only);
        assert_eq!(request.filters.sex, Some(SearchSex::Female));
        assert_eq!(request.page, 2);
        assert_eq!(request.per_page, DEFAULT_PER_PAGE);
        let again = params(
            &request
                .to_params()
                .iter()
                .map(|(k, v)| (*k, v.as_str()))
                .collect::<Vec<_>>(),
        )
        .check()
        .unwrap();
        assert_eq!(again, request);
    }

    #[test]
    fn levels_are_named_as_employers_say_them() {
        assert_eq!(level_named("高级"), Some(CertificateLevel::Three));
        assert_eq!(level_named("高级工"), Some(CertificateLevel::Three));
        assert_eq!(level_named("二级"), Some(CertificateLevel::Two));
        assert_eq!(level_named("技师"), Some(CertificateLevel::Two));
        assert_eq!(level_named("高级技师"), Some(CertificateLevel::One));
        assert_eq!(level_named("初级"), Some(CertificateLevel::Five));
        assert_eq!(level_named("厨师"), None);
        assert!(level_rank(Some(CertificateLevel::One)) > level_rank(Some(CertificateLevel::Two)));
        assert_eq!(level_rank(None), 0);
    }

    #[test]
    fn wages_in_the_query_are_found_with_their_span() {
        let (w, span) = find_wage("厨师 8000以内 北京").unwrap();
        assert_eq!((w.min, w.max), (None, Some(8000)));
        assert_eq!(&"厨师 8000以内 北京"[span], "8000以内");
        let (w, span) = find_wage("护工5000-7000").unwrap();
        assert_eq!((w.min, w.max), (Some(5000), Some(7000)));
        assert_eq!(&"护工5000-7000"[span], "5000-7000");
        let (w, _) = find_wage("月嫂 8千以上").unwrap();
        assert_eq!((w.min, w.max), (Some(8000), None));
        let (w, _) = find_wage("7000到5000元").unwrap();
        assert_eq!((w.min, w.max), (Some(5000), Some(7000)));
        let (w, _) = find_wage("6000元以下").unwrap();
        assert_eq!(w.max, Some(6000));
    }

    #[test]
    fn bare_numbers_are_not_wages() {
        assert_eq!(find_wage("焊工 二级 新疆"), None);
        assert_eq!(find_wage("2026 厨师"), None);
        assert_eq!(find_wage("3个 厨师"), None);
    }

    #[test]
    fn only_published_available_workers_of_approved_members_are_searchable() {
        assert!(is_searchable(true, false, true));
        assert!(
            !is_searchable(false, false, true),
            "withdrawn consent or deactivated"
        );
        assert!(!is_searchable(true, true, true), "out working");
        assert!(
            !is_searchable(true, false, false),
            "company not an approved member"
        );
    }

    #[test]
    fn names_are_masked_after_the_family_name() {
        assert_eq!(masked_name("王小明"), "王**");
        assert_eq!(masked_name("李四"), "李*");
        assert_eq!(masked_name("欧阳娜娜"), "欧***");
        assert_eq!(masked_name("王"), "王*");
        assert_eq!(masked_name(""), "");
    }
}
