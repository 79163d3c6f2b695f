//! Money is integer fen (分) from end to end. The only conversion is this string parser:
//! no floating point, at most two decimal places, overflow checked.

use serde::{Deserialize, Serialize};
use std::fmt;

/// An amount of money in fen. Negative amounts exist only as reversals in ledgers.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
pub struct Fen(pub i64);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("金额应为数字，最多两位小数，例如 6500 或 6500.50")]
    Format,
    #[error("金额超出范围")]
    Overflow,
}

impl Fen {
    pub const ZERO: Fen = Fen(0);

    pub fn from_yuan(yuan: i64) -> Option<Fen> {
        yuan.checked_mul(100).map(Fen)
    }

    /// Parses yuan as written in a ledger: `6500`, `6500.5`, `6,500.00`, `6500元`, `￥6500`.
    ///
    /// # Errors
    /// [`MoneyError::Format`] for anything else (exponents, three decimals, full-width digits,
    /// words), [`MoneyError::Overflow`] past ±92 trillion yuan.
    pub fn parse_yuan(raw: &str) -> Result<Fen, MoneyError> {
        let text = raw.trim();
        let text = text.strip_prefix(['￥', '¥']).unwrap_or(text);
        let text = text.strip_suffix('元').unwrap_or(text).trim();
        let (negative, text) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
        let whole = whole.replace(',', "");
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if !digits(&whole) || (text.contains('.') && !digits(fraction)) || fraction.len() > 2 {
            return Err(MoneyError::Format);
        }
        let whole: i64 = whole.parse().map_err(|_| MoneyError::Overflow)?;
        let fraction_fen = match fraction.len() {
            0 => 0,
            1 => fraction.parse::<i64>().map_err(|_| MoneyError::Format)? * 10,
            _ => fraction.parse::<i64>().map_err(|_| MoneyError::Format)?,
        };
        let fen = whole
            .checked_mul(100)
            .and_then(|f| f.checked_add(fraction_fen))
            .ok_or(MoneyError::Overflow)?;
        Ok(Fen(if negative { -fen } else { fen }))
    }

    pub fn checked_add(self, other: Fen) -> Option<Fen> {
        self.0.checked_add(other.0).map(Fen)
    }
}

/// `6500.00`: yuan with two decimals, the format ledgers and `parse_yuan` share.
impl fmt::Display for Fen {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        write!(f, "{sign}{}.{:02}", abs / 100, abs % 100)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ledger_spellings_parse_to_fen() {
        assert_eq!(Fen::parse_yuan("6500"), Ok(Fen(650_000)));
        assert_eq!(Fen::parse_yuan("6500.5"), Ok(Fen(650_050)));
        assert_eq!(Fen::parse_yuan("6,500.05"), Ok(Fen(650_005)));
        assert_eq!(Fen::parse_yuan(" 6500元 "), Ok(Fen(650_000)));
        assert_eq!(Fen::parse_yuan("￥800"), Ok(Fen(80_000)));
        assert_eq!(Fen::parse_yuan("-12.30"), Ok(Fen(-1_230)));
    }

    #[test]
    fn no_floating_point_surprises() {
        let sum = Fen::parse_yuan("0.1")
            .unwrap()
            .checked_add(Fen::parse_yuan("0.2").unwrap());
        assert_eq!(sum, Some(Fen(30)));
    }

    #[test]
    fn anything_that_is_not_plain_yuan_is_refused() {
        for raw in [
            "", "abc", "1e5", "NaN", "12.345", "１２", "12.", ".5", "1.2.3", "--1", "5千",
        ] {
            assert_eq!(Fen::parse_yuan(raw), Err(MoneyError::Format), "{raw}");
        }
        assert_eq!(
            Fen::parse_yuan("99999999999999999999"),
            Err(MoneyError::Overflow)
        );
    }

    #[test]
    fn formatting_round_trips_through_parsing() {
        let mut state: i64 = 12345;
        for _ in 0..10_000 {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let fen = Fen(state % 1_000_000_000_000);
            assert_eq!(Fen::parse_yuan(&fen.to_string()), Ok(fen), "{fen}");
        }
    }
}
