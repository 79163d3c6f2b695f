//! Pinyin for Latin queries: each indexed word's full pinyin and initials, derived at index
//! time with the pinyin crate rather than listed by hand.

use super::{Lexicon, is_common_han};
use pinyin::ToPinyin;

/// Full pinyin without tones and its initials, for words written entirely in hanzi.
pub(super) fn pinyin_of(word: &str) -> Option<(String, String)> {
    let mut full = String::new();
    let mut initials = String::new();
    for p in word.to_pinyin() {
        let p = p?;
        full.push_str(p.plain());
        initials.push_str(p.first_letter());
    }
    (!full.is_empty()).then_some((full, initials))
}

impl Lexicon {
    /// The pinyin a text is also indexed under, for Latin queries: full pinyin and initials of
    /// every indexed word of two or more hanzi (催乳 → cuiru, cr), known to the dictionary or
    /// not, derived here rather than listed by hand.
    pub fn pinyin_terms(&self, text: &str) -> Vec<String> {
        let mut terms = Vec::new();
        let mut words = Vec::new();
        // A word jieba does not know comes out as single characters (花馍 → 花 | 馍) or glued to
        // its neighbour (懂辅食): each pair of neighbouring characters outside dictionary words
        // is spelled too, so huamo and fushi find them. Full pinyin only: two initials would
        // match almost anything.
        let mut previous: Option<char> = None;
        for token in self.jieba.cut(text, true) {
            words.clear();
            self.push_word_terms(token.word, &mut words);
            for term in &words {
                if term.chars().count() >= 2
                    && let Some((full, initials)) = pinyin_of(term)
                {
                    terms.push(full);
                    terms.push(initials);
                }
            }
            let known = token.word.chars().count() > 1 && self.jieba.has_word(token.word);
            if known {
                previous = None;
                continue;
            }
            for c in token.word.chars() {
                if !is_common_han(c) {
                    previous = None;
                    continue;
                }
                if let Some(first) = previous
                    && let Some((full, _)) = pinyin_of(&format!("{first}{c}"))
                {
                    terms.push(full);
                }
                previous = Some(c);
            }
        }
        terms
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::lexicon;

    #[test]
    fn every_indexed_word_is_also_indexed_by_its_pinyin_and_initials() {
        let l = lexicon();
        let terms = l.pinyin_terms("擅长产妇护理、催乳和月子餐");
        for expected in ["cuiru", "cr", "chanfu", "huli"] {
            assert!(
                terms.iter().any(|t| t == expected),
                "{expected} in {terms:?}"
            );
        }
        assert!(
            !terms.iter().any(|t| t == "he"),
            "single characters have no pinyin term"
        );
        assert!(
            l.pinyin_terms("Excel 2019").is_empty(),
            "Latin and digits are not spelled"
        );
    }

    #[test]
    fn pinyin_and_initials_spell_words() {
        let l = lexicon();
        assert!(l.alternatives("hugong").contains("护工"));
        assert!(l.alternatives("hugong").contains("养老护理员"));
        assert!(l.alternatives("chushi").contains("厨师"));
        assert!(l.spelled("fscs").contains(&"浮山厨师".to_string()));
        assert!(l.spelled("FSCS").contains(&"浮山厨师".to_string()));
        assert!(l.spelled("xyz").is_empty());
    }

    #[test]
    fn neighbouring_characters_of_an_unknown_word_are_spelled_as_a_pair() {
        let l = lexicon();
        let terms = l.pinyin_terms("会做花馍，懂辅食");
        assert!(terms.contains(&"huamo".to_string()), "{terms:?}");
        assert!(terms.contains(&"fushi".to_string()), "{terms:?}");
        // Pairs are spelled in full only, never by two initials.
        assert!(!terms.contains(&"hm".to_string()), "{terms:?}");
    }
}
