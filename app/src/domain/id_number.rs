//! 公民身份号码 (GB 11643-1999): 6-digit region, 8-digit birth date, 3-digit sequence (odd =
//! male), and an ISO 7064 MOD 11-2 check character. Birth date and sex are derived from it.

use super::calendar::CalendarDate;
use serde::{Deserialize, Serialize};
use std::fmt;

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

/// Province-level prefixes of GB/T 2260 (mainland, plus 71/81/82 for Taiwan, Hong Kong, Macao).
const PROVINCE_PREFIXES: [&str; 34] = [
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41",
    "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71",
    "81", "82",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Sex {
    Male,
    Female,
}

impl Sex {
    pub fn label(self) -> &'static str {
        match self {
            Sex::Male => "男",
            Sex::Female => "女",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum IdNumberError {
    #[error("身份证号应为 18 位（17 位数字加 1 位数字或 X）")]
    Format,
    #[error("身份证号的地区码不存在")]
    Region,
    #[error("身份证号中的出生日期不存在")]
    BirthDate,
    #[error("身份证号中的出生日期晚于今天")]
    BirthInFuture,
    #[error("身份证号校验位错误，请核对是否录错")]
    CheckDigit,
}

/// A valid ID number, normalised (ASCII digits, upper-case X). Never logged or shown in full:
/// [`IdNumber::masked`] is what leaves the owning company.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct IdNumber {
    text: String,
    birth_date: CalendarDate,
}

impl fmt::Debug for IdNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "IdNumber({})", self.masked())
    }
}

/// The check character for the first 17 digits.
fn check_char(first17: &[u8]) -> char {
    let sum: u32 = first17
        .iter()
        .zip(WEIGHTS)
        .map(|(digit, weight)| u32::from(digit - b'0') * weight)
        .sum();
    CHECK_CHARS[(sum % 11) as usize]
}

/// Full-width digits and x, as Chinese input methods type them, become ASCII.
fn normalise(raw: &str) -> String {
    raw.trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            'x' | 'ｘ' | 'Ｘ' => 'X',
            other => other,
        })
        .collect()
}

impl IdNumber {
    /// Parses and checks an ID number; `today` bounds the birth date.
    ///
    /// # Errors
    /// The first rule the number breaks.
    pub fn parse(raw: &str, today: CalendarDate) -> Result<Self, IdNumberError> {
        let id = normalise(raw);
        let bytes = id.as_bytes();
        let well_formed = bytes.len() == 18
            && bytes[..17].iter().all(u8::is_ascii_digit)
            && (bytes[17].is_ascii_digit() || bytes[17] == b'X');
        if !well_formed {
            return Err(IdNumberError::Format);
        }
        if !PROVINCE_PREFIXES.contains(&&id[0..2]) {
            return Err(IdNumberError::Region);
        }
        let birth = birth_date_of(&id).ok_or(IdNumberError::BirthDate)?;
        if birth > today {
            return Err(IdNumberError::BirthInFuture);
        }
        if check_char(&bytes[..17]) != char::from(bytes[17]) {
            return Err(IdNumberError::CheckDigit);
        }
        Ok(Self {
            text: id,
            birth_date: birth,
        })
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The county-level region code (GB/T 2260) of the household registration at issue.
    pub fn region_code(&self) -> &str {
        &self.text[0..6]
    }

    pub fn birth_date(&self) -> CalendarDate {
        self.birth_date
    }

    pub fn sex(&self) -> Sex {
        let sequence_digit = self.text.as_bytes()[16] - b'0';
        if sequence_digit % 2 == 1 {
            Sex::Male
        } else {
            Sex::Female
        }
    }

    /// `1410**********123X`: first 4 and last 4 characters.
    pub fn masked(&self) -> String {
        mask_id_number(&self.text)
    }
}

/// Masks any ID-like string the same way, even an invalid one (for error messages and logs).
pub fn mask_id_number(id: &str) -> String {
    let chars: Vec<char> = id.chars().collect();
    if chars.len() <= 8 {
        return "*".repeat(chars.len());
    }
    let head: String = chars[..4].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}{}{tail}", "*".repeat(chars.len() - 8))
}

fn birth_date_of(id: &str) -> Option<CalendarDate> {
    let year = id.get(6..10)?.parse().ok()?;
    let month = id.get(10..12)?.parse().ok()?;
    let day = id.get(12..14)?.parse().ok()?;
    CalendarDate::new(year, month, day).ok()
}

/// Completes 17 digits with their check character (for generating demo data and tests).
pub fn with_check_char(first17: &str) -> Option<String> {
    let bytes = first17.as_bytes();
    (bytes.len() == 17 && bytes.iter().all(u8::is_ascii_digit))
        .then(|| format!("{first17}{}", check_char(bytes)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> CalendarDate {
        CalendarDate::new(2026, 11, 28).unwrap()
    }

    /// Deterministic valid IDs across Linfen's counties, birth dates and sequences.
    fn sample_ids(n: usize) -> Vec<String> {
        let counties = [
            "141002", "141021", "141023", "141027", "141081", "110105", "440524",
        ];
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        (0..n)
            .map(|_| {
                let county = counties[(next() % counties.len() as u64) as usize];
                let year = 1950 + next() % 60;
                let month = 1 + next() % 12;
                let day = 1 + next() % 28;
                let seq = next() % 1000;
                with_check_char(&format!("{county}{year:04}{month:02}{day:02}{seq:03}")).unwrap()
            })
            .collect()
    }

    #[test]
    fn the_standards_worked_examples_have_the_right_check_characters() {
        assert_eq!(
            with_check_char("11010519491231002").unwrap(),
            "11010519491231002X"
        );
        assert_eq!(
            with_check_char("44052418800101001").unwrap(),
            "440524188001010014"
        );
        let id = IdNumber::parse("11010519491231002X", today()).unwrap();
        assert_eq!(id.birth_date().to_string(), "1949-12-31");
        assert_eq!(id.sex(), Sex::Female);
        assert_eq!(id.region_code(), "110105");
        // Born 1880: a well-formed number, but not a plausible worker.
        assert_eq!(
            IdNumber::parse("440524188001010014", today()),
            Err(IdNumberError::BirthDate)
        );
    }

    #[test]
    fn birth_date_sex_and_age_are_derived() {
        let id = IdNumber::parse(&with_check_char("14102719900615123").unwrap(), today()).unwrap();
        assert_eq!(id.birth_date().to_string(), "1990-06-15");
        assert_eq!(id.sex(), Sex::Male);
        assert_eq!(id.birth_date().age_on(today()), 36);
    }

    #[test]
    fn every_single_character_change_of_a_valid_id_is_rejected() {
        for id in sample_ids(300) {
            assert!(IdNumber::parse(&id, today()).is_ok(), "{id}");
            for position in 0..18 {
                for replacement in "0123456789X".chars() {
                    let mut changed: Vec<char> = id.chars().collect();
                    if changed[position] == replacement {
                        continue;
                    }
                    changed[position] = replacement;
                    let changed: String = changed.into_iter().collect();
                    assert!(
                        IdNumber::parse(&changed, today()).is_err(),
                        "{id} → {changed}"
                    );
                }
            }
        }
    }

    #[test]
    fn every_adjacent_swap_of_a_valid_id_is_rejected() {
        for id in sample_ids(2000) {
            let chars: Vec<char> = id.chars().collect();
            for i in 0..17 {
                if chars[i] == chars[i + 1] {
                    continue;
                }
                let mut swapped = chars.clone();
                swapped.swap(i, i + 1);
                let swapped: String = swapped.into_iter().collect();
                assert!(
                    IdNumber::parse(&swapped, today()).is_err(),
                    "{id} → {swapped}"
                );
            }
        }
    }

    #[test]
    fn each_broken_rule_has_its_own_reason() {
        assert_eq!(
            IdNumber::parse("1410271990061512", today()),
            Err(IdNumberError::Format)
        );
        assert_eq!(
            IdNumber::parse("14102719900615123Y", today()),
            Err(IdNumberError::Format)
        );
        let bad_region = with_check_char("99102719900615123").unwrap();
        assert_eq!(
            IdNumber::parse(&bad_region, today()),
            Err(IdNumberError::Region)
        );
        let feb30 = with_check_char("14102719900230123").unwrap();
        assert_eq!(
            IdNumber::parse(&feb30, today()),
            Err(IdNumberError::BirthDate)
        );
        let future = with_check_char("14102720300101123").unwrap();
        assert_eq!(
            IdNumber::parse(&future, today()),
            Err(IdNumberError::BirthInFuture)
        );
        let good = with_check_char("14102719900615123").unwrap();
        let wrong_check = format!(
            "{}{}",
            &good[..17],
            if good.ends_with('0') { '1' } else { '0' }
        );
        assert_eq!(
            IdNumber::parse(&wrong_check, today()),
            Err(IdNumberError::CheckDigit)
        );
    }

    #[test]
    fn full_width_digits_and_a_lower_case_x_are_accepted() {
        let id = IdNumber::parse(" １１０１０５１９４９１２３１００２x ", today()).unwrap();
        assert_eq!(id.as_str(), "11010519491231002X");
    }

    #[test]
    fn masking_keeps_four_characters_at_each_end() {
        let id = IdNumber::parse("11010519491231002X", today()).unwrap();
        assert_eq!(id.masked(), "1101**********002X");
        assert_eq!(format!("{id:?}"), "IdNumber(1101**********002X)");
        assert_eq!(mask_id_number("123"), "***");
    }
}
