//! The tantivy tokenizers over a [`Lexicon`]: the text fields' terms and the pinyin field's.

use super::Lexicon;
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

/// Tokenizes text into the pinyin of its words ([`Lexicon::pinyin_terms`]).
#[derive(Clone)]
pub struct PinyinTokenizer {
    lexicon: std::sync::Arc<Lexicon>,
}

impl PinyinTokenizer {
    pub fn new(lexicon: std::sync::Arc<Lexicon>) -> Self {
        Self { lexicon }
    }
}

impl Tokenizer for PinyinTokenizer {
    type TokenStream<'a> = TermStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> TermStream {
        TermStream {
            terms: self.lexicon.pinyin_terms(text).into_iter(),
            token: Token::default(),
            position: 0,
        }
    }
}

/// The tantivy tokenizer over a [`Lexicon`]: what [`Lexicon::index_terms`] produces.
#[derive(Clone)]
pub struct ChineseTokenizer {
    lexicon: std::sync::Arc<Lexicon>,
}

impl ChineseTokenizer {
    pub fn new(lexicon: std::sync::Arc<Lexicon>) -> Self {
        Self { lexicon }
    }
}

pub struct TermStream {
    terms: std::vec::IntoIter<String>,
    token: Token,
    position: usize,
}

impl TokenStream for TermStream {
    fn advance(&mut self) -> bool {
        match self.terms.next() {
            Some(term) => {
                self.token.text = term;
                self.token.position = self.position;
                self.position += 1;
                true
            }
            None => false,
        }
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

impl Tokenizer for ChineseTokenizer {
    type TokenStream<'a> = TermStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> TermStream {
        TermStream {
            terms: self.lexicon.index_terms(text).into_iter(),
            token: Token::default(),
            position: 0,
        }
    }
}
