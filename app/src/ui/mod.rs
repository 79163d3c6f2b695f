//! The web UI: the HTML shell, the route table, navigation and pages.

pub mod auth;
pub mod nav;
pub mod pages;
pub mod shell;

/// Percent-encodes text for a URL query value (UTF-8 bytes; unreserved characters kept).
pub fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn query_values_are_percent_encoded_as_utf8() {
        assert_eq!(super::percent_encode("a b&c"), "a%20b%26c");
        assert_eq!(super::percent_encode("表"), "%E8%A1%A8");
    }
}
