//! Review comments anchored to a passage of a chapter's source, and where that passage is after
//! the text has been edited.
//!
//! An anchor keeps what the W3C Web Annotation model keeps for a text selection: the passage
//! itself with some text before and after it (a `TextQuoteSelector`), where it was (a
//! `TextPositionSelector`) and the revision it was made on. Finding the passage again is one
//! rule, [`TextAnchor::locate`]:
//!
//! 1. the passage occurs in the new text: of its occurrences, the one whose surrounding text
//!    matches the stored context best, then the one nearest the old position;
//! 2. it does not (it was edited): if the stored context before and after it is still there,
//!    with text between them that resembles the passage (at least half its characters kept),
//!    the comment follows the edited passage;
//! 3. otherwise it is detached: still shown, marked as a passage that was edited or removed,
//!    never lost.
//!
//! Positions are in UTF-16 code units from the start of the source — how the editor (and
//! JavaScript) counts — so the window can use them as they are.

use serde::{Deserialize, Serialize};
use similar::TextDiff;
use ts_rs::TS;

/// How many characters of context are kept on each side of a passage.
pub const CONTEXT_CHARS: usize = 32;

/// The least share of the passage's characters an edited passage must keep to be followed.
const FOLLOW_RATIO: f32 = 0.5;

/// How a candidate place ranks: a score (more is better), then its distance from the old
/// position (nearer is better).
type Rank = (u32, std::cmp::Reverse<u32>);

/// A passage of a chapter's source that a comment is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TextAnchor {
    /// The passage as it was selected.
    pub quote: String,
    /// Up to [`CONTEXT_CHARS`] characters just before the passage.
    pub prefix: String,
    /// Up to [`CONTEXT_CHARS`] characters just after the passage.
    pub suffix: String,
    /// Where the passage began, in UTF-16 code units.
    pub start: u32,
    /// Where it ended (exclusive), in UTF-16 code units.
    pub end: u32,
    /// The number of the chapter's revision the passage was selected on (0 when unknown).
    pub revision: u32,
}

/// A range of the chapter's current text, in UTF-16 code units (end exclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TextRange {
    pub start: u32,
    pub end: u32,
}

impl TextAnchor {
    /// The anchor of `text[start..end]` (UTF-16 positions). `None` when the range is empty,
    /// reversed, outside the text, splits a character, or holds only white space.
    pub fn select(text: &str, start: u32, end: u32, revision: u32) -> Option<TextAnchor> {
        if start >= end {
            return None;
        }
        let a = byte_at_utf16(text, start)?;
        let b = byte_at_utf16(text, end)?;
        let quote = &text[a..b];
        if quote.trim().is_empty() {
            return None;
        }
        Some(TextAnchor {
            quote: quote.to_owned(),
            prefix: last_chars(&text[..a], CONTEXT_CHARS).to_owned(),
            suffix: first_chars(&text[b..], CONTEXT_CHARS).to_owned(),
            start,
            end,
            revision,
        })
    }

    /// Where the passage is in `text` now, or `None` when it was edited beyond recognition or
    /// removed (the comment is then detached).
    pub fn locate(&self, text: &str) -> Option<TextRange> {
        if self.quote.is_empty() {
            return None;
        }
        let (a, b) = self.exact(text).or_else(|| self.follow(text))?;
        Some(TextRange {
            start: utf16_len(&text[..a]),
            end: utf16_len(&text[..b]),
        })
    }

    /// The anchor re-based on `text` after a save: where [`TextAnchor::locate`] finds the
    /// passage now, with the context around it there and `revision`; the quote stays the one
    /// the reviewer selected. `None` when the passage is not found (the stored anchor is then
    /// kept as it was, so that restoring the text finds it again).
    pub fn rebased(&self, text: &str, revision: u32) -> Option<TextAnchor> {
        let r = self.locate(text)?;
        let a = byte_at_utf16(text, r.start)?;
        let b = byte_at_utf16(text, r.end)?;
        Some(TextAnchor {
            quote: self.quote.clone(),
            prefix: last_chars(&text[..a], CONTEXT_CHARS).to_owned(),
            suffix: first_chars(&text[b..], CONTEXT_CHARS).to_owned(),
            start: r.start,
            end: r.end,
            revision,
        })
    }

    /// The best exact occurrence of the quote: most context matched, then nearest.
    fn exact(&self, text: &str) -> Option<(usize, usize)> {
        let mut best: Option<(Rank, usize)> = None;
        let mut counter = Utf16Counter::new(text);
        let mut from = 0;
        while let Some(i) = text[from..].find(&self.quote) {
            let at = from + i;
            let end = at + self.quote.len();
            let context = (common_suffix(&text[..at], &self.prefix)
                + common_prefix(&text[end..], &self.suffix)) as u32;
            let distance = counter.at(at).abs_diff(self.start);
            let key = (context, std::cmp::Reverse(distance));
            if best.as_ref().is_none_or(|(k, _)| key > *k) {
                best = Some((key, at));
            }
            // Overlapping occurrences count too ("aa" twice in "aaa").
            from = at + text[at..].chars().next().map_or(1, char::len_utf8);
        }
        best.map(|(_, at)| (at, at + self.quote.len()))
    }

    /// The edited passage between the kept context, if it still resembles the quote.
    fn follow(&self, text: &str) -> Option<(usize, usize)> {
        if self.prefix.is_empty() && self.suffix.is_empty() {
            return None;
        }
        // How far the suffix may be from the prefix: the passage may have grown, not tripled.
        let room = self.quote.len() * 2 + 64;
        let starts: Vec<usize> = if self.prefix.is_empty() {
            vec![0]
        } else {
            occurrences(text, &self.prefix)
                .map(|i| i + self.prefix.len())
                .collect()
        };
        let mut counter = Utf16Counter::new(text);
        let mut best: Option<(Rank, (usize, usize))> = None;
        for a in starts {
            let b = if self.suffix.is_empty() {
                text.len()
            } else {
                match text[a..].find(&self.suffix) {
                    Some(i) => a + i,
                    None => continue,
                }
            };
            if b - a > room {
                continue;
            }
            let candidate = &text[a..b];
            if candidate.trim().is_empty() {
                continue;
            }
            let ratio = TextDiff::configure()
                .timeout(std::time::Duration::from_millis(50))
                .diff_chars(self.quote.as_str(), candidate)
                .ratio();
            if ratio < FOLLOW_RATIO {
                continue;
            }
            // Ratios compared in thousandths, so that nearly equal ones fall to the distance.
            let key = (
                (ratio * 1000.0) as u32,
                std::cmp::Reverse(counter.at(a).abs_diff(self.start)),
            );
            if best.as_ref().is_none_or(|(k, _)| key > *k) {
                best = Some((key, (a, b)));
            }
        }
        best.map(|(_, r)| r)
    }
}

/// Byte offsets of every (possibly overlapping) occurrence of `needle` in `text`.
fn occurrences<'a>(text: &'a str, needle: &'a str) -> impl Iterator<Item = usize> + 'a {
    let mut from = 0;
    std::iter::from_fn(move || {
        let at = from + text.get(from..)?.find(needle)?;
        from = at + text[at..].chars().next().map_or(1, char::len_utf8);
        Some(at)
    })
}

/// Counts UTF-16 units up to increasing byte offsets without starting over each time.
struct Utf16Counter<'a> {
    text: &'a str,
    byte: usize,
    units: u32,
}

impl<'a> Utf16Counter<'a> {
    fn new(text: &'a str) -> Self {
        Utf16Counter {
            text,
            byte: 0,
            units: 0,
        }
    }

    fn at(&mut self, byte: usize) -> u32 {
        if byte < self.byte {
            self.byte = 0;
            self.units = 0;
        }
        self.units += utf16_len(&self.text[self.byte..byte]);
        self.byte = byte;
        self.units
    }
}

/// The length of `s` in UTF-16 code units.
pub fn utf16_len(s: &str) -> u32 {
    s.chars().map(|c| c.len_utf16() as u32).sum()
}

/// The byte offset of UTF-16 position `pos` in `text`; `None` past the end or inside a
/// character.
pub fn byte_at_utf16(text: &str, pos: u32) -> Option<usize> {
    let mut units = 0u32;
    for (i, c) in text.char_indices() {
        if units == pos {
            return Some(i);
        }
        if units > pos {
            return None;
        }
        units += c.len_utf16() as u32;
    }
    (units == pos).then_some(text.len())
}

fn last_chars(s: &str, n: usize) -> &str {
    match s.char_indices().rev().nth(n.saturating_sub(1)) {
        Some((i, _)) if n > 0 => &s[i..],
        _ if n == 0 => "",
        _ => s,
    }
}

fn first_chars(s: &str, n: usize) -> &str {
    match s.char_indices().nth(n) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// How many characters `a` and `b` share at their ends.
fn common_suffix(a: &str, b: &str) -> usize {
    a.chars()
        .rev()
        .zip(b.chars().rev())
        .take_while(|(x, y)| x == y)
        .count()
}

/// How many characters `a` and `b` share at their starts.
fn common_prefix(a: &str, b: &str) -> usize {
    a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "Ao nuôi phải có mã số. Mỗi lô tôm ghi nhật ký hằng ngày. \
                        Mỗi lô tôm ghi nhật ký khi thu hoạch.";

    fn range_of(text: &str, needle: &str, nth: usize) -> (u32, u32) {
        let at = occurrences(text, needle).nth(nth).unwrap();
        let s = utf16_len(&text[..at]);
        (s, s + utf16_len(needle))
    }

    fn slice(text: &str, r: TextRange) -> &str {
        &text[byte_at_utf16(text, r.start).unwrap()..byte_at_utf16(text, r.end).unwrap()]
    }

    #[test]
    fn a_selection_keeps_the_passage_its_context_and_revision() {
        let (s, e) = range_of(TEXT, "ghi nhật ký", 1);
        let a = TextAnchor::select(TEXT, s, e, 7).unwrap();
        assert_eq!(a.quote, "ghi nhật ký");
        assert_eq!(a.prefix.chars().count(), CONTEXT_CHARS);
        assert!(a.prefix.ends_with("Mỗi lô tôm "));
        assert_eq!(a.suffix, " khi thu hoạch.");
        assert_eq!(a.revision, 7);
        assert_eq!(a.locate(TEXT), Some(TextRange { start: s, end: e }));
    }

    #[test]
    fn empty_blank_or_impossible_selections_are_refused() {
        assert!(TextAnchor::select(TEXT, 3, 3, 1).is_none());
        assert!(TextAnchor::select(TEXT, 5, 2, 1).is_none());
        assert!(
            TextAnchor::select(TEXT, 2, 3, 1).is_none(),
            "a single space"
        );
        assert!(TextAnchor::select(TEXT, 0, 10_000, 1).is_none());
        // Inside a character that takes two UTF-16 units.
        assert!(TextAnchor::select("a😀b", 2, 3, 1).is_none());
        assert_eq!(TextAnchor::select("a😀b", 1, 3, 1).unwrap().quote, "😀");
    }

    #[test]
    fn of_two_equal_passages_the_one_with_its_context_is_found() {
        let (s, e) = range_of(TEXT, "ghi nhật ký", 1);
        let a = TextAnchor::select(TEXT, s, e, 1).unwrap();
        // The first sentence grows: both occurrences move; the second is still the one.
        let edited = TEXT.replace(
            "Ao nuôi phải có mã số.",
            "Mỗi ao nuôi phải có mã số riêng, ghi trên biển.",
        );
        let r = a.locate(&edited).unwrap();
        assert_eq!(r, {
            let (s, e) = range_of(&edited, "ghi nhật ký", 1);
            TextRange { start: s, end: e }
        });
    }

    #[test]
    fn with_the_context_gone_the_nearest_occurrence_wins() {
        let text = "xx ab yy ab zz ab";
        let (s, e) = range_of(text, "ab", 1);
        let mut a = TextAnchor::select(text, s, e, 1).unwrap();
        a.prefix.clear();
        a.suffix.clear();
        assert_eq!(a.locate(text), Some(TextRange { start: s, end: e }));
    }

    #[test]
    fn an_edited_passage_is_followed_while_it_resembles_the_quote() {
        let (s, e) = range_of(TEXT, "ghi nhật ký hằng ngày", 0);
        let a = TextAnchor::select(TEXT, s, e, 1).unwrap();
        let edited = TEXT.replace("ghi nhật ký hằng ngày", "ghi sổ nhật ký mỗi ngày");
        let r = a.locate(&edited).unwrap();
        assert_eq!(slice(&edited, r), "ghi sổ nhật ký mỗi ngày");
    }

    #[test]
    fn rebasing_after_a_save_refreshes_the_context_so_later_edits_are_followed() {
        let (s, e) = range_of(TEXT, "ghi nhật ký hằng ngày", 0);
        let a = TextAnchor::select(TEXT, s, e, 1).unwrap();
        // The sentence before it is rewritten (the stored prefix is gone) and saved.
        let v2 = TEXT.replace(
            "Ao nuôi phải có mã số. Mỗi lô tôm",
            "Mỗi lô tôm nuôi trong ao",
        );
        let b = a.rebased(&v2, 2).unwrap();
        assert_eq!((b.quote.as_str(), b.revision), ("ghi nhật ký hằng ngày", 2));
        assert!(
            b.prefix.ends_with("Mỗi lô tôm nuôi trong ao "),
            "{}",
            b.prefix
        );
        assert_eq!(
            b.locate(&v2).map(|r| slice(&v2, r)),
            Some("ghi nhật ký hằng ngày")
        );
        // Then the passage itself is edited: the refreshed context still brackets it.
        let v3 = v2.replace("ghi nhật ký hằng ngày", "ghi nhật ký mỗi ngày");
        assert_eq!(a.locate(&v3), None, "the old context no longer matches");
        let r = b.locate(&v3).unwrap();
        assert_eq!(slice(&v3, r), "ghi nhật ký mỗi ngày");
        // A followed passage keeps the reviewer's quote.
        let c = b.rebased(&v3, 3).unwrap();
        assert_eq!(c.quote, "ghi nhật ký hằng ngày");
        assert_eq!((c.start, c.end), (r.start, r.end));
        assert_eq!(b.rebased("đã xóa hết", 4), None);
    }

    #[test]
    fn a_removed_or_rewritten_passage_is_detached() {
        let (s, e) = range_of(TEXT, "ghi nhật ký hằng ngày", 0);
        let a = TextAnchor::select(TEXT, s, e, 1).unwrap();
        assert_eq!(a.locate(&TEXT.replace("ghi nhật ký hằng ngày", "")), None);
        assert_eq!(
            a.locate(&TEXT.replace("ghi nhật ký hằng ngày", "được cân và dán nhãn QR")),
            None
        );
        assert_eq!(a.locate(""), None);
    }
}
