//! Calendar dates (Asia/Shanghai civil dates) without a clock: parsing, validity, age.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A valid Gregorian date. Ordered by time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct CalendarDate {
    year: u16,
    month: u8,
    day: u8,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("日期格式应为 YYYY-MM-DD")]
    Format,
    #[error("日期不存在")]
    Impossible,
}

fn is_leap(year: u16) -> bool {
    (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400)
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

impl CalendarDate {
    /// # Errors
    /// [`DateError::Impossible`] for a month or day that does not exist, or a year outside 1900–2999.
    pub fn new(year: u16, month: u8, day: u8) -> Result<Self, DateError> {
        if !(1900..=2999).contains(&year) || !(1..=12).contains(&month) {
            return Err(DateError::Impossible);
        }
        if day == 0 || day > days_in_month(year, month) {
            return Err(DateError::Impossible);
        }
        Ok(Self { year, month, day })
    }

    /// Parses `2026-11-28`, `2026/11/28`, `2026.11.28`, `20261128` or `2026年11月28日`.
    ///
    /// # Errors
    /// [`DateError::Format`] or [`DateError::Impossible`].
    pub fn parse(text: &str) -> Result<Self, DateError> {
        let text = text.trim();
        let digits_only = text.chars().all(|c| c.is_ascii_digit());
        let parts: Vec<&str> = if digits_only && text.len() == 8 {
            vec![&text[0..4], &text[4..6], &text[6..8]]
        } else {
            text.trim_end_matches('日')
                .split(['-', '/', '.', '年', '月'])
                .collect()
        };
        let [y, m, d] = parts.as_slice() else {
            return Err(DateError::Format);
        };
        let number = |s: &str, max_len: usize| {
            (!s.is_empty() && s.len() <= max_len && s.chars().all(|c| c.is_ascii_digit()))
                .then(|| s.parse::<u16>().ok())
                .flatten()
                .ok_or(DateError::Format)
        };
        let (year, month, day) = (number(y, 4)?, number(m, 2)?, number(d, 2)?);
        if y.len() != 4 {
            return Err(DateError::Format);
        }
        Self::new(year, month as u8, day as u8)
    }

    pub fn year(self) -> u16 {
        self.year
    }
    pub fn month(self) -> u8 {
        self.month
    }
    pub fn day(self) -> u8 {
        self.day
    }

    /// Days since 1970-01-01 (negative before it), for storing dates as numbers that order
    /// like the dates.
    pub fn days_since_epoch(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let (y, m, d) = (
            i64::from(self.year),
            i64::from(self.month),
            i64::from(self.day),
        );
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let year_of_era = y - era * 400;
        let month_from_march = (m + 9) % 12;
        let day_of_year = (153 * month_from_march + 2) / 5 + d - 1;
        let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        era * 146_097 + day_of_era - 719_468
    }

    /// The same day `years` earlier (29 February becomes 28 February); `None` before 1900.
    pub fn years_earlier(self, years: u16) -> Option<Self> {
        let year = self.year.checked_sub(years)?;
        let day = self.day.min(days_in_month(year, self.month));
        Self::new(year, self.month, day).ok()
    }

    /// Whole years from `self` (a birth date) to `on`; 0 if `on` is earlier.
    pub fn age_on(self, on: CalendarDate) -> u16 {
        if on < self {
            return 0;
        }
        let had_birthday = (on.month, on.day) >= (self.month, self.day);
        on.year - self.year - u16::from(!had_birthday)
    }
}

impl fmt::Display for CalendarDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> CalendarDate {
        CalendarDate::parse(s).unwrap()
    }

    #[test]
    fn days_since_epoch_count_days_and_order_like_dates() {
        assert_eq!(d("1970-01-01").days_since_epoch(), 0);
        assert_eq!(d("1970-01-02").days_since_epoch(), 1);
        assert_eq!(d("1969-12-31").days_since_epoch(), -1);
        assert_eq!(d("2000-03-01").days_since_epoch(), 11_017);
        assert_eq!(
            d("2026-11-29").days_since_epoch() - d("2025-11-29").days_since_epoch(),
            365
        );
    }

    #[test]
    fn years_earlier_keeps_the_day_where_it_exists() {
        assert_eq!(d("2026-11-29").years_earlier(30), Some(d("1996-11-29")));
        assert_eq!(d("2024-02-29").years_earlier(1), Some(d("2023-02-28")));
        assert_eq!(d("1950-01-01").years_earlier(60), None);
    }

    #[test]
    fn common_ledger_spellings_parse_to_the_same_date() {
        for s in [
            "2026-03-05",
            "2026/3/5",
            "2026.03.05",
            "20260305",
            "2026年3月5日",
            " 2026-03-05 ",
        ] {
            assert_eq!(d(s).to_string(), "2026-03-05", "{s}");
        }
    }

    #[test]
    fn impossible_dates_are_refused() {
        for s in [
            "2026-02-29",
            "2025-13-01",
            "2025-04-31",
            "2025-00-10",
            "1899-12-31",
        ] {
            assert_eq!(CalendarDate::parse(s), Err(DateError::Impossible), "{s}");
        }
        assert!(CalendarDate::parse("2024-02-29").is_ok());
        assert!(CalendarDate::parse("2000-02-29").is_ok());
        assert!(CalendarDate::parse("1900-02-29").is_err());
    }

    #[test]
    fn malformed_dates_are_format_errors() {
        for s in [
            "",
            "tomorrow",
            "26-3-5",
            "2026-3",
            "2026-03-05-01",
            "２０２６-03-05",
            "2026--05",
        ] {
            assert_eq!(CalendarDate::parse(s), Err(DateError::Format), "{s}");
        }
    }

    #[test]
    fn age_counts_whole_years_and_turns_on_the_birthday() {
        let born = d("1990-06-15");
        assert_eq!(born.age_on(d("2026-06-14")), 35);
        assert_eq!(born.age_on(d("2026-06-15")), 36);
        assert_eq!(born.age_on(d("1980-01-01")), 0);
        let leap = d("2000-02-29");
        assert_eq!(leap.age_on(d("2026-02-28")), 25);
        assert_eq!(leap.age_on(d("2026-03-01")), 26);
    }

    #[test]
    fn dates_order_by_time() {
        assert!(d("2025-12-31") < d("2026-01-01"));
        assert!(d("2026-02-01") > d("2026-01-31"));
    }
}
