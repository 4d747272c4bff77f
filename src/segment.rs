//! Word boundaries, for cutting long subject names where a word ends.
//!
//! This is the only module that knows `jieba_rs`. The segmenter is built
//! from an empty dictionary plus the plan vocabulary of [`crate::lexicon`]
//! and `words.txt` (a few hundred words), so building it costs well under a
//! millisecond instead of the ~0.2 s of jieba's full dictionary. Numbers are
//! never read from segmenter tokens (jieba splits `13.5%` into `13 . 5 %`).

use std::io::BufReader;

use jieba_rs::Jieba;

use crate::error::Result;
use crate::lexicon;

/// Plan vocabulary for the segmenter, in jieba's dictionary format.
const WORDS: &str = include_str!("words.txt");

/// A word segmenter, or none when word segmentation is off.
pub(crate) struct Words {
    jieba: Option<Jieba>,
}

impl std::fmt::Debug for Words {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Words").field("enabled", &self.jieba.is_some()).finish()
    }
}

impl Words {
    /// Builds the segmenter with the plan vocabulary and `user` lines
    /// (`word [freq] [tag]`).
    pub(crate) fn new(enabled: bool, user: &[String]) -> Result<Words> {
        if !enabled {
            return Ok(Words { jieba: None });
        }
        let mut jieba = Jieba::empty();
        jieba.load_dict(&mut BufReader::new(WORDS.as_bytes()))?;
        let lexicon_words = lexicon::HEADS
            .iter()
            .chain(lexicon::POPULATIONS)
            .chain(lexicon::PRE_VERB_ADVERBS)
            .chain(lexicon::SUBJECT_OPENERS)
            .copied()
            .chain(lexicon::VALUE_VERBS.iter().map(|(w, _)| *w))
            .chain(lexicon::COUNT_VERBS.iter().map(|(w, _)| *w));
        for w in lexicon_words {
            if w.chars().count() > 1 {
                jieba.add_word(w, Some(1000), None);
            }
        }
        if !user.is_empty() {
            let joined = user.join("\n");
            jieba.load_dict(&mut BufReader::new(joined.as_bytes()))?;
        }
        Ok(Words { jieba: Some(jieba) })
    }

    /// The first word boundary at or after `at` in `s[start..end]`, so a
    /// name cut at `at` does not start inside a word.
    pub(crate) fn boundary_at_or_after(
        &self,
        s: &str,
        start: usize,
        end: usize,
        at: usize,
    ) -> usize {
        let Some(jieba) = &self.jieba else { return at };
        let piece = &s[start..end];
        let mut bound = end;
        for t in jieba.cut(piece, false) {
            let b = start + t.byte_start;
            if b >= at {
                bound = b;
                break;
            }
        }
        bound
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_at_word_boundaries() {
        let w = Words::new(true, &[]).unwrap();
        let s = "城镇就业人员中的女性比例";
        // 3 bytes in is inside 城镇; the boundary is after it.
        assert_eq!(&s[w.boundary_at_or_after(s, 0, s.len(), 3)..], "就业人员中的女性比例");
        let off = Words::new(false, &[]).unwrap();
        assert_eq!(off.boundary_at_or_after(s, 0, s.len(), 3), 3);
    }

    #[test]
    fn user_words_are_loaded() {
        assert!(Words::new(true, &["巾帼建功 10 n".to_string()]).is_ok());
    }
}
