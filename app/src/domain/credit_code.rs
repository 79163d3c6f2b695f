//! 统一社会信用代码 (GB 32100-2015): 18 characters from a 31-symbol alphabet (no I, O, Z, S, V);
//! the last is a MOD 31 check character over the first 17.

use serde::{Deserialize, Serialize};
use std::fmt;

const ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CreditCodeError {
    #[error("统一社会信用代码应为 18 位数字或大写字母（不含 I、O、Z、S、V）")]
    Format,
    #[error("统一社会信用代码第 3–8 位应为行政区划代码")]
    Region,
    #[error("统一社会信用代码校验位错误，请核对是否录错")]
    CheckCharacter,
}

#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CreditCode(String);

impl fmt::Debug for CreditCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CreditCode({})", self.0)
    }
}

impl fmt::Display for CreditCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn value_of(symbol: u8) -> Option<u32> {
    ALPHABET.iter().position(|&a| a == symbol).map(|p| p as u32)
}

fn check_char(first17: &[u8]) -> Option<u8> {
    let mut sum = 0;
    for (symbol, weight) in first17.iter().zip(WEIGHTS) {
        sum += value_of(*symbol)? * weight;
    }
    let check = (31 - sum % 31) % 31;
    Some(ALPHABET[check as usize])
}

impl CreditCode {
    /// # Errors
    /// The first rule the code breaks.
    pub fn parse(raw: &str) -> Result<Self, CreditCodeError> {
        let code = raw.trim().to_ascii_uppercase();
        let bytes = code.as_bytes();
        if bytes.len() != 18 || !bytes.iter().all(|b| value_of(*b).is_some()) {
            return Err(CreditCodeError::Format);
        }
        if !bytes[2..8].iter().all(u8::is_ascii_digit) {
            return Err(CreditCodeError::Region);
        }
        if check_char(&bytes[..17]) != Some(bytes[17]) {
            return Err(CreditCodeError::CheckCharacter);
        }
        Ok(Self(code))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Completes 17 symbols with their check character (demo data and tests).
pub fn with_check_char(first17: &str) -> Option<String> {
    let check = check_char(first17.as_bytes()).filter(|_| first17.len() == 17)?;
    Some(format!("{first17}{}", char::from(check)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn published_codes_are_valid() {
        for code in ["91350100M000100Y43", "91110000600037341L"] {
            assert!(CreditCode::parse(code).is_ok(), "{code}");
        }
        assert_eq!(
            CreditCode::parse(" 91350100m000100y43 ").unwrap().as_str(),
            "91350100M000100Y43"
        );
    }

    #[test]
    fn every_single_character_change_is_rejected() {
        let code = "91141027MA0KXY1234";
        let valid = with_check_char(&code[..17]).unwrap();
        assert!(CreditCode::parse(&valid).is_ok());
        for position in 0..18 {
            for &symbol in ALPHABET {
                let mut changed = valid.clone().into_bytes();
                if changed[position] == symbol {
                    continue;
                }
                changed[position] = symbol;
                let changed = String::from_utf8(changed).unwrap();
                assert!(CreditCode::parse(&changed).is_err(), "{changed}");
            }
        }
    }

    #[test]
    fn each_broken_rule_has_its_own_reason() {
        assert_eq!(CreditCode::parse("9135010"), Err(CreditCodeError::Format));
        assert_eq!(
            CreditCode::parse("91350100M000100I43"),
            Err(CreditCodeError::Format)
        );
        let letters_in_region = with_check_char("91AB0100M000100Y4").unwrap();
        assert_eq!(
            CreditCode::parse(&letters_in_region),
            Err(CreditCodeError::Region)
        );
        assert_eq!(
            CreditCode::parse("91350100M000100Y44"),
            Err(CreditCodeError::CheckCharacter)
        );
    }
}
