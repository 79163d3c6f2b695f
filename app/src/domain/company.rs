//! A labour company's registration: what must be true before it is saved.

use super::credentials::{FieldError, validate_new_password, validate_new_username};
use super::credit_code::CreditCode;
use super::phone::MobileNumber;
use serde::{Deserialize, Serialize};

/// The registration form as it arrives: every field as text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CompanyRegistration {
    /// Full registered name, e.g. 浮山县鑫厨劳务有限公司.
    pub name: String,
    /// 统一社会信用代码, 18 characters with the GB 32100 check character.
    pub credit_code: String,
    /// GB/T 2260 code of one of Linfen's 17 counties.
    pub county_code: String,
    pub contact_name: String,
    /// Mainland mobile number.
    pub contact_phone: String,
    /// The first account of the company.
    pub username: String,
    pub password: String,
}

/// A registration that passed every check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedRegistration {
    pub name: String,
    pub credit_code: CreditCode,
    pub county_code: String,
    pub contact_name: String,
    pub contact_phone: MobileNumber,
    pub username: String,
    pub password: String,
}

impl CompanyRegistration {
    /// Checks every field; `is_county` says whether a code is one of Linfen's counties.
    ///
    /// # Errors
    /// A [`FieldError`] naming the first bad field.
    pub fn check(
        &self,
        is_county: impl Fn(&str) -> bool,
    ) -> Result<CheckedRegistration, FieldError> {
        let name = self.name.trim().to_string();
        let length = name.chars().count();
        if !(4..=64).contains(&length) {
            return Err(FieldError::new("name", "请填写公司全称（4–64 个字）"));
        }
        let credit_code = CreditCode::parse(&self.credit_code)
            .map_err(|e| FieldError::new("credit_code", e.to_string()))?;
        let county_code = self.county_code.trim().to_string();
        if !is_county(&county_code) {
            return Err(FieldError::new("county_code", "请选择临汾市的一个区县"));
        }
        let contact_name = self.contact_name.trim().to_string();
        if contact_name.is_empty() || contact_name.chars().count() > 32 {
            return Err(FieldError::new(
                "contact_name",
                "请填写联系人姓名（最多 32 个字）",
            ));
        }
        let contact_phone = MobileNumber::parse(&self.contact_phone)
            .map_err(|_| FieldError::new("contact_phone", "联系电话应为 11 位中国大陆手机号"))?;
        let username = validate_new_username(&self.username)?;
        validate_new_password(&self.password, &username)?;
        Ok(CheckedRegistration {
            name,
            credit_code,
            county_code,
            contact_name,
            contact_phone,
            username,
            password: self.password.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> CompanyRegistration {
        CompanyRegistration {
            name: "襄汾县好面劳务有限公司".into(),
            credit_code: "91141027MA0LW8XC2U".into(),
            county_code: "141023".into(),
            contact_name: "李经理".into(),
            contact_phone: "13912345678".into(),
            username: "haomian".into(),
            password: "a-long-enough-passphrase".into(),
        }
    }

    fn linfen(code: &str) -> bool {
        code.starts_with("1410") && code.len() == 6
    }

    #[test]
    fn a_complete_registration_passes() {
        let checked = form().check(linfen).expect("valid");
        assert_eq!(checked.credit_code.as_str(), "91141027MA0LW8XC2U");
        assert_eq!(checked.username, "haomian");
    }

    #[test]
    fn each_bad_field_is_named() {
        type Spoil = fn(&mut CompanyRegistration);
        let cases: [(Spoil, &str); 6] = [
            (|f| f.name = "公司".into(), "name"),
            (
                |f| f.credit_code = "91141027MA0LW8XC2V".into(),
                "credit_code",
            ),
            (|f| f.county_code = "110101".into(), "county_code"),
            (|f| f.contact_name = String::new(), "contact_name"),
            (|f| f.contact_phone = "12345".into(), "contact_phone"),
            (|f| f.password = "short".into(), "password"),
        ];
        for (spoil, field) in cases {
            let mut f = form();
            spoil(&mut f);
            assert_eq!(f.check(linfen).expect_err(field).field, field);
        }
    }
}
