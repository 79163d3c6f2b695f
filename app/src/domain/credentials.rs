//! Rules for usernames and passwords (OWASP ASVS 5.0 V6): no composition rules, at least 8
//! characters, up to 128 allowed, compared exactly as typed, common passwords refused.

/// Longest password we accept; bounds the work a single login can cost the server.
pub const MAX_PASSWORD_CHARS: usize = 128;
pub const MIN_PASSWORD_CHARS: usize = 8;
pub const MAX_USERNAME_CHARS: usize = 32;
pub const MIN_USERNAME_CHARS: usize = 3;

/// Passwords that appear at the top of every leaked-password list, plus the obvious local ones.
const COMMON_PASSWORDS: &[&str] = &[
    "12345678",
    "123456789",
    "1234567890",
    "11111111",
    "00000000",
    "88888888",
    "66666666",
    "87654321",
    "password",
    "password1",
    "passw0rd",
    "qwertyui",
    "qwerty123",
    "1qaz2wsx",
    "abc12345",
    "abcd1234",
    "a1234567",
    "iloveyou",
    "woaini1314",
    "5201314520",
    "admin123",
    "admin1234",
    "administrator",
    "laowu123",
    "laowu1234",
    "linfen123",
    "12341234",
    "11223344",
    "147258369",
    "123123123",
];

/// A field-level validation failure; `field` is the form field's name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct FieldError {
    pub field: &'static str,
    pub message: String,
}

impl FieldError {
    pub fn new(field: &'static str, message: impl Into<String>) -> Self {
        Self {
            field,
            message: message.into(),
        }
    }
}

/// What the login form sends, checked only for shape: whether the pair is right is the
/// server's business, and the answer must not reveal which half was wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoginAttempt {
    pub username: String,
    pub password: String,
}

impl LoginAttempt {
    /// # Errors
    /// A [`FieldError`] naming `username` or `password` when one is empty or too long.
    pub fn parse(username: &str, password: &str) -> Result<Self, FieldError> {
        let username = normalize_username(username);
        if username.is_empty() {
            return Err(FieldError::new("username", "请输入用户名"));
        }
        if username.chars().count() > 64 {
            return Err(FieldError::new("username", "用户名过长"));
        }
        if password.is_empty() {
            return Err(FieldError::new("password", "请输入密码"));
        }
        if password.chars().count() > MAX_PASSWORD_CHARS {
            return Err(FieldError::new(
                "password",
                format!("密码不能超过 {MAX_PASSWORD_CHARS} 个字符"),
            ));
        }
        Ok(Self {
            username,
            password: password.to_string(),
        })
    }
}

/// Usernames are case-insensitive and ignore surrounding spaces.
pub fn normalize_username(raw: &str) -> String {
    raw.trim().to_lowercase()
}

/// Checks a username for a new account: 3–32 of `a-z 0-9 _ . -`, starting with a letter or digit.
///
/// # Errors
/// A [`FieldError`] on `username` saying what is wrong.
pub fn validate_new_username(raw: &str) -> Result<String, FieldError> {
    let name = normalize_username(raw);
    let count = name.chars().count();
    if !(MIN_USERNAME_CHARS..=MAX_USERNAME_CHARS).contains(&count) {
        return Err(FieldError::new(
            "username",
            format!("用户名须为 {MIN_USERNAME_CHARS}–{MAX_USERNAME_CHARS} 个字符"),
        ));
    }
    let allowed = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || "_.-".contains(c);
    if !name.chars().all(allowed) || !name.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        return Err(FieldError::new(
            "username",
            "用户名只能包含小写字母、数字和 _ . -，并以字母或数字开头",
        ));
    }
    Ok(name)
}

/// Checks a new password. No composition rules (ASVS 6.2.5); length and a common-password list.
///
/// # Errors
/// A [`FieldError`] on `password` saying what is wrong.
pub fn validate_new_password(password: &str, username: &str) -> Result<(), FieldError> {
    let count = password.chars().count();
    if count < MIN_PASSWORD_CHARS {
        return Err(FieldError::new(
            "password",
            format!("密码至少 {MIN_PASSWORD_CHARS} 个字符"),
        ));
    }
    if count > MAX_PASSWORD_CHARS {
        return Err(FieldError::new(
            "password",
            format!("密码不能超过 {MAX_PASSWORD_CHARS} 个字符"),
        ));
    }
    let lowered = password.to_lowercase();
    if COMMON_PASSWORDS.contains(&lowered.as_str()) || lowered == normalize_username(username) {
        return Err(FieldError::new(
            "password",
            "密码太常见，容易被猜到，请换一个",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_login_attempt_needs_both_fields() {
        assert_eq!(LoginAttempt::parse("", "x").unwrap_err().field, "username");
        assert_eq!(
            LoginAttempt::parse("  ", "x").unwrap_err().field,
            "username"
        );
        assert_eq!(
            LoginAttempt::parse("admin", "").unwrap_err().field,
            "password"
        );
    }

    #[test]
    fn a_login_username_is_trimmed_and_lowercased_but_the_password_is_kept_as_typed() {
        let attempt = LoginAttempt::parse("  Admin ", " Pass word ").unwrap();
        assert_eq!(attempt.username, "admin");
        assert_eq!(attempt.password, " Pass word ");
    }

    #[test]
    fn an_overlong_password_is_refused_before_hashing() {
        let long = "a".repeat(MAX_PASSWORD_CHARS + 1);
        assert_eq!(
            LoginAttempt::parse("admin", &long).unwrap_err().field,
            "password"
        );
        assert!(LoginAttempt::parse("admin", &"a".repeat(MAX_PASSWORD_CHARS)).is_ok());
    }

    #[test]
    fn new_passwords_need_eight_characters_counted_as_characters_not_bytes() {
        assert!(validate_new_password("short7!", "u").is_err());
        // Eight Chinese characters are 24 bytes but eight characters: long enough.
        assert!(validate_new_password("浮山厨师襄汾烧饼", "u").is_ok());
        assert!(validate_new_password("七个汉字不够长", "u").is_err());
    }

    #[test]
    fn common_passwords_and_the_username_itself_are_refused() {
        assert!(validate_new_password("12345678", "u").is_err());
        assert!(validate_new_password("Password", "u").is_err());
        assert!(validate_new_password("fushan-chef", "fushan-chef").is_err());
        assert!(validate_new_password("correct horse battery", "u").is_ok());
    }

    #[test]
    fn new_usernames_are_short_ascii_handles() {
        assert_eq!(validate_new_username(" Admin ").unwrap(), "admin");
        assert!(validate_new_username("ab").is_err());
        assert!(validate_new_username(&"a".repeat(33)).is_err());
        assert!(validate_new_username("王师傅").is_err());
        assert!(validate_new_username("-dash").is_err());
        assert!(validate_new_username("fushan.chef_01").is_ok());
    }
}
