//! Mainland mobile numbers: 11 digits starting 1[3-9], with an optional +86 / 0086 / 86 prefix.
//! No allow-list of 3-digit prefixes: new ranges keep being issued.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("手机号应为 11 位中国大陆手机号，以 13–19 开头")]
pub struct PhoneError;

#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct MobileNumber(String);

impl fmt::Debug for MobileNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "MobileNumber({})", self.masked())
    }
}

impl MobileNumber {
    /// Accepts spaces and dashes between digits and a country prefix.
    ///
    /// # Errors
    /// [`PhoneError`] when what remains is not `1[3-9]` followed by nine digits.
    pub fn parse(raw: &str) -> Result<Self, PhoneError> {
        let compact: String = raw
            .trim()
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '\u{3000}'))
            .collect();
        let digits = compact
            .strip_prefix("+86")
            .or_else(|| compact.strip_prefix("0086"))
            .or_else(|| compact.strip_prefix("86").filter(|rest| rest.len() == 11))
            .unwrap_or(&compact);
        let bytes = digits.as_bytes();
        let valid = bytes.len() == 11
            && bytes.iter().all(u8::is_ascii_digit)
            && bytes[0] == b'1'
            && (b'3'..=b'9').contains(&bytes[1]);
        if valid {
            Ok(Self(digits.to_string()))
        } else {
            Err(PhoneError)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `138****5678`.
    pub fn masked(&self) -> String {
        format!("{}****{}", &self.0[..3], &self.0[7..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_spellings_normalise_to_eleven_digits() {
        for raw in [
            "13812345678",
            "138 1234 5678",
            "138-1234-5678",
            "+8613812345678",
            "0086 138 1234 5678",
            "8613812345678",
        ] {
            assert_eq!(
                MobileNumber::parse(raw).unwrap().as_str(),
                "13812345678",
                "{raw}"
            );
        }
    }

    #[test]
    fn new_ranges_are_accepted_without_a_prefix_list() {
        for raw in ["19212345678", "16612345678", "17012345678", "14512345678"] {
            assert!(MobileNumber::parse(raw).is_ok(), "{raw}");
        }
    }

    #[test]
    fn landlines_short_numbers_and_other_ranges_are_refused() {
        for raw in [
            "03573012345",
            "1381234567",
            "138123456789",
            "12812345678",
            "abc",
            "",
            "１３８１２３４５６７８",
        ] {
            assert_eq!(MobileNumber::parse(raw), Err(PhoneError), "{raw}");
        }
    }

    #[test]
    fn masking_keeps_three_and_four_digits() {
        assert_eq!(
            MobileNumber::parse("13812345678").unwrap().masked(),
            "138****5678"
        );
    }
}
