//! Work as employers describe it (照顾老人, 会蒸馒头的): `work.txt` maps descriptions to the
//! occupations that do the work, and a query's words are joined into one word per description.

use super::{Lexicon, LexiconError, content_lines};
use std::collections::BTreeSet;

impl Lexicon {
    pub(super) fn add_work(&mut self, origin: &str, text: &str) -> Result<(), LexiconError> {
        for (line, content) in content_lines(text) {
            let bad = |reason: &str| LexiconError::Line {
                path: format!("{origin}/work.txt"),
                line,
                reason: reason.to_string(),
            };
            let (occupation, descriptions) = content
                .split_once([':', '：'])
                .ok_or_else(|| bad("应为“官方工种: 工作说法, 工作说法”"))?;
            let occupation = occupation.trim();
            if occupation.is_empty() {
                return Err(bad("冒号前应写官方工种"));
            }
            for description in descriptions.split([',', '，', '、']).map(str::trim) {
                let words = self.query_words(description);
                if words.is_empty() {
                    continue;
                }
                let joined = words.concat();
                // Only descriptions segmentation cuts apart: a one-word description is found
                // as a word, never inside a longer one (保洁 in 保洁员).
                if words.len() > 1 && !self.literal_phrases.iter().any(|(t, _)| t == description) {
                    self.literal_phrases
                        .push((description.to_string(), joined.clone()));
                }
                self.described
                    .entry(joined)
                    .or_default()
                    .insert(occupation.to_string());
                if words.len() > 1 && !self.phrases.contains(&words) {
                    self.phrases.push(words);
                }
            }
        }
        Ok(())
    }

    /// The words of a query with each piece of work it describes as one word, matched as a whole
    /// or through its occupations: descriptions written out (会蒸馒头的 → 蒸馒头) first, then
    /// descriptions whose words stand apart (能照顾瘫痪老人 → 照顾老人, 瘫痪).
    pub fn understood_words(&self, text: &str) -> Vec<String> {
        let mut rest = text.to_string();
        let mut words: Vec<String> = Vec::new();
        for (literal, key) in &self.literal_phrases {
            if rest.contains(literal.as_str()) {
                rest = rest.replace(literal.as_str(), " ");
                if !words.contains(key) {
                    words.push(key.clone());
                }
            }
        }
        for word in self.joining_described_work(self.query_words(&rest)) {
            if !words.contains(&word) {
                words.push(word);
            }
        }
        words
    }

    /// The query's words with each described piece of work joined into one word: the longest
    /// description first, each word used once, wherever its words stand in the query.
    fn joining_described_work(&self, mut words: Vec<String>) -> Vec<String> {
        for phrase in &self.phrases {
            let Some(at) = phrase
                .iter()
                .map(|w| words.iter().position(|q| q == w))
                .collect::<Option<Vec<usize>>>()
            else {
                continue;
            };
            let first = at.iter().copied().min().unwrap_or(0);
            let mut kept = Vec::with_capacity(words.len());
            for (i, word) in words.into_iter().enumerate() {
                if i == first {
                    kept.push(phrase.concat());
                } else if !at.contains(&i) {
                    kept.push(word);
                }
            }
            words = kept;
        }
        words
    }

    /// The occupations whose work a query word describes (馒头 → 中式面点师).
    pub fn described_occupations(&self, word: &str) -> Option<&BTreeSet<String>> {
        self.described.get(word)
    }
}

#[cfg(test)]
mod tests {
    use super::super::Lexicon;
    use super::super::tests::lexicon;

    #[test]
    fn work_described_in_words_is_joined_and_reaches_its_occupations() {
        let l = lexicon();
        let words = l.understood_words("找个能照顾瘫痪老人的阿姨");
        assert_eq!(words, ["照顾老人", "瘫痪", "阿姨"]);
        let occupations = l.described_occupations("照顾老人").unwrap();
        assert!(occupations.contains("养老护理员"));
        // The words need not stand together, and one word is a description too.
        let apart = l.understood_words("老人 照顾");
        assert_eq!(apart, ["照顾老人"]);
        let buns = l.understood_words("会蒸馒头的师傅");
        assert_eq!(buns.len(), 1, "{buns:?}");
        assert!(
            l.described_occupations(&buns[0])
                .unwrap()
                .contains("中式面点师")
        );
        // The longest description wins: 洗衣做饭 is housework, 做饭 alone is cooking.
        let chores = l.understood_words("洗衣做饭");
        assert_eq!(chores.len(), 1, "{chores:?}");
        assert!(
            l.described_occupations(&chores[0])
                .unwrap()
                .contains("家政服务员")
        );
        assert!(
            l.described_occupations("做饭")
                .unwrap()
                .contains("中式烹调师")
        );
        // Words that describe no work are left as they are.
        assert_eq!(l.understood_words("浮山 厨师"), ["浮山", "厨师"]);
    }

    #[test]
    fn an_extension_describes_more_work_and_a_bad_line_is_named() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("work.txt"), "砌筑工: 砌墙, 盖房子\n").unwrap();
        let l = Lexicon::load(Some(dir.path()), []).unwrap();
        let words = l.understood_words("会盖房子的");
        assert_eq!(words.len(), 1, "{words:?}");
        assert!(
            l.described_occupations(&words[0])
                .unwrap()
                .contains("砌筑工")
        );
        assert!(
            l.described_occupations("照顾老人").is_some(),
            "built-in descriptions stay"
        );
        std::fs::write(dir.path().join("work.txt"), "# 注释\n砌墙 盖房子\n").unwrap();
        let error = Lexicon::load(Some(dir.path()), []).unwrap_err().to_string();
        assert!(
            error.contains("work.txt") && error.contains("第 2 行"),
            "{error}"
        );
    }
}
