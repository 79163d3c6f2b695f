//! How search reads Chinese: jieba segmentation with the project dictionary, synonym groups
//! (俗称 ↔ 官方工种), work described in words (照顾老人 → 养老护理员), stop words, and pinyin
//! (full and initials) back to the words they spell.
//! The word lists are data files in `server/search/`, extended by files of the same names in
//! `<data_dir>/search/` that promoters can edit.

use jieba_rs::Jieba;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::Path;

mod spelling;
mod tokenizers;
mod work;

use spelling::pinyin_of;
pub use tokenizers::{ChineseTokenizer, PinyinTokenizer};

const BUILTIN_DICTIONARY: &str = include_str!("../../../search/dictionary.txt");
const BUILTIN_SYNONYMS: &str = include_str!("../../../search/synonyms.txt");
const BUILTIN_STOPWORDS: &str = include_str!("../../../search/stopwords.txt");
const BUILTIN_WORK: &str = include_str!("../../../search/work.txt");

/// Frequency given to names (brands, counties, occupations) read from the database: high, so
/// jieba keeps them whole.
const NAME_FREQUENCY: usize = 50_000;
/// Longest word whose dictionary sub-words are also indexed (浮山厨师 → 浮山, 厨师).
const LONGEST_SPLIT_WORD: usize = 8;

#[derive(Debug, thiserror::Error)]
pub enum LexiconError {
    #[error("{path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{path} 第 {line} 行：{reason}")]
    Line {
        path: String,
        line: usize,
        reason: String,
    },
}

/// The words search knows. Built once at start-up; read by every query and every indexed document.
pub struct Lexicon {
    jieba: Jieba,
    /// Every word of a synonym group → the whole group.
    synonyms: HashMap<String, BTreeSet<String>>,
    /// 俗称 → the official occupation (the first word of its groups).
    official: HashMap<String, String>,
    stopwords: HashSet<String>,
    /// Full pinyin (hugong) and initials (hg) → the words they spell.
    pinyin: HashMap<String, BTreeSet<String>>,
    /// Work as employers describe it, by its query words joined (照顾老人, 馒头) → the
    /// occupations that do it.
    described: HashMap<String, BTreeSet<String>>,
    /// The descriptions of more than one query word, longest first, for joining a query's words.
    phrases: Vec<Vec<String>>,
    /// Each description as written (蒸馒头) with its key in `described`, longest first: found in
    /// a query's text before segmentation, which may cut it apart (会蒸 | 馒头).
    literal_phrases: Vec<(String, String)>,
}

impl std::fmt::Debug for Lexicon {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Lexicon")
            .field("synonym_words", &self.synonyms.len())
            .field("pinyin_keys", &self.pinyin.len())
            .finish_non_exhaustive()
    }
}

fn read_extension(dir: Option<&Path>, name: &str) -> Result<Option<String>, LexiconError> {
    let Some(dir) = dir else { return Ok(None) };
    let path = dir.join(name);
    match std::fs::read_to_string(&path) {
        Ok(text) => Ok(Some(text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(LexiconError::Read {
            path: path.display().to_string(),
            source,
        }),
    }
}

fn content_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim()))
        .filter(|(_, l)| !l.is_empty() && !l.starts_with('#'))
}

fn is_word_char(c: char) -> bool {
    is_common_han(c) || c.is_alphanumeric()
}

/// Most characters of most words: checked first because they have no case and are letters,
/// and the general Unicode lookups cost a rebuild time for every character it indexes.
fn is_common_han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// `word` lower-cased, without a case lookup per character for a word of Chinese characters.
fn lowercased(word: &str) -> String {
    if word.chars().all(is_common_han) {
        word.to_string()
    } else {
        word.to_lowercase()
    }
}

impl Lexicon {
    /// The built-in lists plus `extension_dir`'s `dictionary.txt`, `synonyms.txt` and
    /// `stopwords.txt` when present, plus `names` (brands, counties, regions, occupations).
    ///
    /// # Errors
    /// An unreadable extension file, or a line in one that cannot be understood.
    pub fn load<'a>(
        extension_dir: Option<&Path>,
        names: impl IntoIterator<Item = &'a str>,
    ) -> Result<Self, LexiconError> {
        let mut lexicon = Lexicon {
            jieba: Jieba::new(),
            synonyms: HashMap::new(),
            official: HashMap::new(),
            stopwords: HashSet::new(),
            pinyin: HashMap::new(),
            described: HashMap::new(),
            phrases: Vec::new(),
            literal_phrases: Vec::new(),
        };
        let mut sources = vec![(
            "dictionary.txt (built in)".to_string(),
            BUILTIN_DICTIONARY.to_string(),
            BUILTIN_SYNONYMS.to_string(),
            BUILTIN_STOPWORDS.to_string(),
            BUILTIN_WORK.to_string(),
        )];
        let extension = (
            read_extension(extension_dir, "dictionary.txt")?,
            read_extension(extension_dir, "synonyms.txt")?,
            read_extension(extension_dir, "stopwords.txt")?,
            read_extension(extension_dir, "work.txt")?,
        );
        if extension.0.is_some()
            || extension.1.is_some()
            || extension.2.is_some()
            || extension.3.is_some()
        {
            let dir = extension_dir
                .map(|d| d.display().to_string())
                .unwrap_or_default();
            sources.push((
                dir,
                extension.0.unwrap_or_default(),
                extension.1.unwrap_or_default(),
                extension.2.unwrap_or_default(),
                extension.3.unwrap_or_default(),
            ));
        }
        for (origin, dictionary, synonyms, stopwords, _) in &sources {
            lexicon.add_dictionary(origin, dictionary)?;
            lexicon.add_synonyms(origin, synonyms)?;
            lexicon.stopwords.extend(
                stopwords
                    .split_whitespace()
                    .filter(|w| !w.starts_with('#'))
                    .map(str::to_string),
            );
        }
        for name in names {
            let name = name.trim();
            if name.chars().count() >= 2 {
                lexicon.add_word(name, NAME_FREQUENCY);
            }
        }
        // Last: a description is read as a query is, with every word and stop word known.
        for (origin, _, _, _, work) in &sources {
            lexicon.add_work(origin, work)?;
        }
        lexicon
            .phrases
            .sort_by_key(|words| std::cmp::Reverse(words.len()));
        lexicon
            .literal_phrases
            .sort_by_key(|(text, _)| std::cmp::Reverse(text.chars().count()));
        Ok(lexicon)
    }

    fn add_dictionary(&mut self, origin: &str, text: &str) -> Result<(), LexiconError> {
        for (line, content) in content_lines(text) {
            let mut parts = content.split_whitespace();
            let word = parts.next().unwrap_or_default();
            let frequency = match parts.next() {
                None => NAME_FREQUENCY,
                Some(f) => f.parse().map_err(|_| LexiconError::Line {
                    path: format!("{origin}/dictionary.txt"),
                    line,
                    reason: format!("词频“{f}”应为整数"),
                })?,
            };
            self.add_word(word, frequency);
        }
        Ok(())
    }

    fn add_synonyms(&mut self, origin: &str, text: &str) -> Result<(), LexiconError> {
        for (line, content) in content_lines(text) {
            let (official, folk) =
                content
                    .split_once([':', '：'])
                    .ok_or_else(|| LexiconError::Line {
                        path: format!("{origin}/synonyms.txt"),
                        line,
                        reason: "应为“官方工种: 俗称, 俗称”".to_string(),
                    })?;
            let official = official.trim();
            let group: BTreeSet<String> = std::iter::once(official)
                .chain(folk.split([',', '，', '、']).map(str::trim))
                .filter(|w| !w.is_empty())
                .map(str::to_string)
                .collect();
            for word in &group {
                self.add_word(word, NAME_FREQUENCY);
                self.synonyms
                    .entry(word.clone())
                    .or_default()
                    .extend(group.iter().cloned());
                if word != official {
                    self.official
                        .entry(word.clone())
                        .or_insert_with(|| official.to_string());
                }
            }
        }
        Ok(())
    }

    fn add_word(&mut self, word: &str, frequency: usize) {
        if word.is_empty() {
            return;
        }
        self.jieba.add_word(word, Some(frequency), None);
        if let Some((full, initials)) = pinyin_of(word) {
            for key in [full, initials] {
                self.pinyin.entry(key).or_default().insert(word.to_string());
            }
        }
    }

    /// The terms a text is indexed under: jieba's words, and for longer words also their
    /// dictionary sub-words (浮山厨师 → 浮山厨师, 浮山, 厨师), so a query for a part finds the
    /// whole. Latin is lower-cased; punctuation and spaces are dropped.
    pub fn index_terms(&self, text: &str) -> Vec<String> {
        let mut terms = Vec::new();
        for token in self.jieba.cut(text, true) {
            self.push_word_terms(token.word, &mut terms);
        }
        terms
    }

    /// One segmented word's index terms: itself and its dictionary sub-words.
    fn push_word_terms(&self, word: &str, terms: &mut Vec<String>) {
        if !word.chars().any(is_word_char) {
            return;
        }
        terms.push(lowercased(word));
        // Where each character starts, and the word's end: its parts are slices of it
        // (this runs for every word of every document a rebuild indexes).
        let mut bounds = [0usize; LONGEST_SPLIT_WORD + 1];
        let mut chars = 0;
        for (at, _) in word.char_indices() {
            if chars == LONGEST_SPLIT_WORD {
                chars += 1;
                break;
            }
            bounds[chars] = at;
            chars += 1;
        }
        if chars > 2 && chars <= LONGEST_SPLIT_WORD {
            bounds[chars] = word.len();
            for start in 0..chars {
                for end in start + 2..=chars {
                    if end - start == chars {
                        continue;
                    }
                    let part = &word[bounds[start]..bounds[end]];
                    if self.jieba.has_word(part) {
                        terms.push(part.to_string());
                    }
                }
            }
        }
    }

    /// The words of a query, in order, without stop words (会做羊汤的师傅 → 羊汤).
    pub fn query_words(&self, text: &str) -> Vec<String> {
        let mut words: Vec<String> = Vec::new();
        for token in self.jieba.cut(text, true) {
            let word = token.word.to_lowercase();
            if !word.chars().any(is_word_char) || self.stopwords.contains(&word) {
                continue;
            }
            if !words.contains(&word) {
                words.push(word);
            }
        }
        words
    }

    /// What a query word may match: itself, its synonym group, and for Latin letters the words
    /// its pinyin or initials spell (hugong → 护工 → 养老护理员 …).
    pub fn alternatives(&self, word: &str) -> BTreeSet<String> {
        let mut out = self.forms(word);
        let found: Vec<String> = out.iter().cloned().collect();
        for w in found {
            if let Some(group) = self.synonyms.get(&w) {
                out.extend(group.iter().cloned());
            }
        }
        out
    }

    /// The word as typed and, for Latin letters, the words its pinyin or initials spell; its
    /// synonyms are the rest of [`Lexicon::alternatives`].
    pub fn forms(&self, word: &str) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        out.insert(word.to_string());
        if word.chars().all(|c| c.is_ascii_alphabetic())
            && let Some(spelled) = self.pinyin.get(word)
        {
            out.extend(spelled.iter().cloned());
        }
        out
    }

    /// The words a Latin query word spells in pinyin (fscs → 浮山厨师).
    pub fn spelled(&self, latin: &str) -> Vec<String> {
        self.pinyin
            .get(&latin.to_lowercase())
            .map(|s| s.iter().cloned().collect())
            .unwrap_or_default()
    }

    /// The official occupation a folk name stands for (大厨 → 中式烹调师).
    pub fn official_occupation(&self, word: &str) -> Option<&str> {
        self.official.get(word).map(String::as_str)
    }

    /// Whether the word is a single term of the index (so a query can ask for it directly).
    pub fn is_known_word(&self, word: &str) -> bool {
        self.jieba.has_word(word)
    }

    /// The dictionary parts of an unknown query word, for matching it when the index split it
    /// differently (养老护理 → 养老, 护理).
    pub fn parts_of(&self, word: &str) -> Vec<String> {
        self.jieba
            .cut_for_search(word, true)
            .into_iter()
            .map(|t| t.word.to_lowercase())
            .filter(|w| w != word && w.chars().any(is_word_char))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) fn lexicon() -> Lexicon {
        Lexicon::load(None, ["浮山厨师", "浮山县", "北京"]).unwrap()
    }

    #[test]
    fn latin_is_indexed_lower_cased_and_chinese_as_written() {
        let l = lexicon();
        let terms = l.index_terms("持HACCP证书，会做Pizza和过油肉");
        for expected in ["haccp", "pizza", "过油肉"] {
            assert!(
                terms.contains(&expected.to_string()),
                "{expected} in {terms:?}"
            );
        }
        assert!(
            !terms.iter().any(|t| t.chars().any(char::is_uppercase)),
            "{terms:?}"
        );
        // A query finds what was indexed whatever the case it is typed in.
        assert!(l.query_words("Pizza 师傅").contains(&"pizza".to_string()));
    }

    #[test]
    fn project_words_are_kept_whole_and_their_parts_indexed() {
        let l = lexicon();
        let terms = l.index_terms("浮山厨师出身，擅长过油肉");
        for expected in ["浮山厨师", "浮山", "厨师", "过油肉"] {
            assert!(
                terms.contains(&expected.to_string()),
                "{expected} in {terms:?}"
            );
        }
        assert!(!terms.iter().any(|t| t == "，"));
        let terms = l.index_terms("吕梁山护工培训结业，会月子护理");
        for expected in ["吕梁山护工", "护工", "月子", "月子护理"] {
            assert!(
                terms.contains(&expected.to_string()),
                "{expected} in {terms:?}"
            );
        }
        let terms = l.index_terms("翼城石头饼手艺人，会柳编，熬羊汤");
        for expected in ["石头饼", "柳编", "羊汤"] {
            assert!(
                terms.contains(&expected.to_string()),
                "{expected} in {terms:?}"
            );
        }
    }

    #[test]
    fn query_words_drop_what_expresses_no_need() {
        let l = lexicon();
        assert_eq!(l.query_words("会做羊汤的师傅"), vec!["羊汤"]);
        assert_eq!(l.query_words("月子护理"), vec!["月子护理"]);
        assert_eq!(l.query_words("柳编"), vec!["柳编"]);
        assert_eq!(
            l.query_words("\"厨师\" OR name:王*"),
            vec!["厨师", "or", "name", "王"]
        );
    }

    #[test]
    fn folk_names_reach_official_occupations() {
        let l = lexicon();
        assert!(l.alternatives("大厨").contains("中式烹调师"));
        assert!(l.alternatives("厨子").contains("中式烹调师"));
        assert!(l.alternatives("保姆").contains("家政服务员"));
        assert!(l.alternatives("阿姨").contains("家政服务员"));
        assert!(l.alternatives("护工").contains("养老护理员"));
        assert!(l.alternatives("陪护").contains("医疗护理员"));
        assert!(l.alternatives("月嫂").contains("母婴护理员"));
        assert_eq!(l.official_occupation("月嫂"), Some("母婴护理员"));
    }

    #[test]
    fn extension_files_add_words_and_groups_and_bad_lines_are_named() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("synonyms.txt"), "砌筑工: 泥瓦匠, 瓦匠\n").unwrap();
        std::fs::write(dir.path().join("dictionary.txt"), "泥瓦匠 40000\n").unwrap();
        let l = Lexicon::load(Some(dir.path()), []).unwrap();
        assert!(l.alternatives("瓦匠").contains("砌筑工"));
        assert!(
            l.alternatives("大厨").contains("中式烹调师"),
            "built-in groups stay"
        );
        std::fs::write(dir.path().join("synonyms.txt"), "no colon here\n").unwrap();
        let error = Lexicon::load(Some(dir.path()), []).unwrap_err().to_string();
        assert!(
            error.contains("synonyms.txt") && error.contains("第 1 行"),
            "{error}"
        );
        std::fs::write(dir.path().join("synonyms.txt"), "").unwrap();
        std::fs::write(dir.path().join("dictionary.txt"), "泥瓦匠 很多\n").unwrap();
        let error = Lexicon::load(Some(dir.path()), []).unwrap_err().to_string();
        assert!(
            error.contains("dictionary.txt") && error.contains("很多"),
            "{error}"
        );
    }
}
