//! Tìm kiếm — how a query matches a record's text and how matches rank. Pure: the use case
//! (`sotay::search`) gathers the records and asks these functions.
//!
//! Matching ignores case and Vietnamese marks ("ho tieu" finds "hồ tiêu", "DONG THAP" finds
//! "Đồng Tháp"): both sides are folded — NFD, combining marks dropped, đ → d, lowercased —
//! and every word of the query must occur in the record. A query typed with its marks ranks
//! the records that have exactly those marks first.

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Text folded for matching, with the way back to the original's byte offsets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Folded {
    pub text: String,
    /// For every byte of `text` (and one past its end): the byte offset in the original of the
    /// character it came from (the original's length at the end).
    origin: Vec<usize>,
}

/// One character folded: its base letters, lowercase, without marks; `đ` → `d`.
fn fold_char(c: char, out: &mut String) {
    for d in c.nfd() {
        if is_combining_mark(d) {
            continue;
        }
        match d {
            'đ' | 'Đ' => out.push('d'),
            d => out.extend(d.to_lowercase()),
        }
    }
}

/// Folds `s` (NFC or not) for matching.
pub fn fold(s: &str) -> Folded {
    let mut text = String::with_capacity(s.len());
    let mut origin = Vec::with_capacity(s.len() + 1);
    for (at, c) in s.char_indices() {
        let before = text.len();
        fold_char(c, &mut text);
        origin.extend(std::iter::repeat_n(at, text.len() - before));
    }
    origin.push(s.len());
    Folded { text, origin }
}

impl Folded {
    /// The original's byte range for the folded range `start..end`.
    pub fn original(&self, start: usize, end: usize) -> (usize, usize) {
        let from = self.origin[start];
        // The end is where the next character begins (or the original's end).
        let to = self.origin[end];
        (from, to.max(from))
    }
}

/// A query: its words folded, and the whole query folded (for phrase matches) and as typed
/// (lowercase, NFC — for matches with the same marks).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    pub words: Vec<String>,
    pub phrase: String,
    pub exact: String,
}

impl Query {
    /// Reads a query; `None` when it holds no word.
    pub fn parse(q: &str) -> Option<Query> {
        let q = crate::text::nfc(q);
        let words: Vec<String> = q
            .split(|c: char| c.is_whitespace() || c == ',' || c == ';')
            .map(|w| fold(w).text)
            .filter(|w| !w.is_empty())
            .collect();
        if words.is_empty() {
            return None;
        }
        let exact = q.split_whitespace().collect::<Vec<_>>().join(" ");
        Some(Query {
            phrase: words.join(" "),
            exact: exact.to_lowercase(),
            words,
        })
    }
}

/// A part of a snippet: text, marked when it matches the query.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SnippetPart {
    pub text: String,
    pub mark: bool,
}

/// How well a record matched, and where to show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    /// Higher is better.
    pub score: u32,
    /// The field the snippet comes from (index into the fields given).
    pub field: usize,
    /// The snippet: the matching line of that field, shortened around the match.
    pub snippet: Vec<SnippetPart>,
    /// The snippet's line in its field, 1-based.
    pub line: u32,
}

/// Whether the folded text has a match starting at `at` that begins a word.
fn starts_word(folded: &str, at: usize) -> bool {
    folded[..at]
        .chars()
        .next_back()
        .is_none_or(|c| !c.is_alphanumeric())
}

/// Every occurrence of `needle` in `hay` (byte ranges, not overlapping).
fn occurrences(hay: &str, needle: &str) -> Vec<(usize, usize)> {
    hay.match_indices(needle)
        .map(|(i, m)| (i, i + m.len()))
        .collect()
}

/// Characters of context kept on each side of a snippet's first match.
const CONTEXT: usize = 60;

/// Matches `query` against a record's `fields`, the first of which is its name (a title, an
/// item's text): every word must occur in some field. Ranking: the whole query as a phrase,
/// in the name, with the marks as typed, at the start of words; then fewer, earlier
/// occurrences win ties.
pub fn score(query: &Query, fields: &[&str]) -> Option<Match> {
    let folded: Vec<Folded> = fields.iter().map(|f| fold(f)).collect();
    let found = |w: &str| folded.iter().any(|f| f.text.contains(w));
    if !query.words.iter().all(|w| found(w)) {
        return None;
    }
    let mut score = 0u32;
    for (i, f) in folded.iter().enumerate() {
        let name = i == 0;
        if let Some(at) = f.text.find(&query.phrase) {
            score += if name { 400 } else { 120 };
            if starts_word(&f.text, at) {
                score += if name { 100 } else { 30 };
            }
            if name && f.text.trim() == query.phrase {
                score += 500;
            }
            if fields[i].to_lowercase().contains(&query.exact) {
                score += if name { 200 } else { 60 };
            }
        }
        for w in &query.words {
            if let Some(at) = f.text.find(w.as_str()) {
                score += if name { 40 } else { 8 };
                if starts_word(&f.text, at) {
                    score += if name { 20 } else { 4 };
                }
            }
        }
    }
    // The field and line to show: the phrase if some line has it, else the line with the most
    // words (the first such).
    let mut best: Option<(usize, usize, usize, usize)> = None; // (rank, field, line start, line end)
    for (i, f) in folded.iter().enumerate() {
        let mut start = 0;
        for line in f.text.split('\n') {
            let end = start + line.len();
            let words = query
                .words
                .iter()
                .filter(|w| line.contains(w.as_str()))
                .count();
            let rank = if line.contains(&query.phrase) {
                usize::MAX
            } else {
                words
            };
            if rank > 0 && best.is_none_or(|b| rank > b.0) {
                best = Some((rank, i, start, end));
            }
            start = end + 1;
        }
    }
    let (_, field, from, to) = best?;
    let f = &folded[field];
    let line = f.text[..from].matches('\n').count() as u32 + 1;
    Some(Match {
        score,
        field,
        snippet: snippet(fields[field], f, from, to, query),
        line,
    })
}

/// The original text of the folded line `from..to`, shortened to [`CONTEXT`] characters around
/// its first match, with every occurrence of a query word marked.
fn snippet(original: &str, f: &Folded, from: usize, to: usize, query: &Query) -> Vec<SnippetPart> {
    let line = &f.text[from..to];
    // Marked ranges in the folded line: the phrase where it occurs, else each word.
    let mut marks: Vec<(usize, usize)> = occurrences(line, &query.phrase);
    if marks.is_empty() {
        for w in &query.words {
            marks.extend(occurrences(line, w));
        }
        marks.sort_unstable();
        let mut merged: Vec<(usize, usize)> = Vec::new();
        for (s, e) in marks {
            match merged.last_mut() {
                Some(last) if s <= last.1 => last.1 = last.1.max(e),
                _ => merged.push((s, e)),
            }
        }
        marks = merged;
    }
    let marks: Vec<(usize, usize)> = marks
        .into_iter()
        .map(|(s, e)| f.original(from + s, from + e))
        .collect();
    let (line_start, line_end) = f.original(from, to);
    // A window of about CONTEXT characters on each side of the first mark.
    let first = marks.first().map_or(line_start, |m| m.0);
    let start = back_chars(original, line_start, first, CONTEXT);
    let end = forward_chars(
        original,
        marks.first().map_or(first, |m| m.1),
        line_end,
        CONTEXT * 2,
    );
    let mut parts = Vec::new();
    let mut push = |text: &str, mark: bool| {
        if !text.is_empty() {
            parts.push(SnippetPart {
                text: text.to_owned(),
                mark,
            });
        }
    };
    let mut at = start;
    let lead = if start > line_start { "…" } else { "" };
    let mut text = String::from(lead);
    for (s, e) in marks {
        if e <= start || s >= end {
            continue;
        }
        let (s, e) = (s.max(start), e.min(end));
        text.push_str(&original[at..s]);
        push(&text, false);
        text = String::new();
        push(&original[s..e], true);
        at = e;
    }
    text.push_str(&original[at..end]);
    if end < line_end {
        text = text.trim_end().to_owned() + "…";
    }
    push(&text, false);
    parts
}

/// The byte offset `n` characters before `to`, not before `limit` (moved to a word's start).
fn back_chars(s: &str, limit: usize, to: usize, n: usize) -> usize {
    let mut at = to;
    for (i, (off, _)) in s[limit..to].char_indices().rev().enumerate() {
        if i >= n {
            break;
        }
        at = limit + off;
    }
    if at > limit {
        // Start at a word: skip the partial one.
        if let Some(space) = s[at..to].find(char::is_whitespace) {
            at += space + 1;
        }
    }
    at
}

/// The byte offset `n` characters after `from`, not past `limit` (cut at a word's end).
fn forward_chars(s: &str, from: usize, limit: usize, n: usize) -> usize {
    let mut end = limit;
    if let Some((off, _)) = s[from..limit].char_indices().nth(n) {
        end = from + off;
        if let Some(space) = s[from..end].rfind(char::is_whitespace) {
            end = from + space;
        }
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(s: &str) -> Query {
        Query::parse(s).unwrap()
    }

    fn marked(m: &Match) -> Vec<String> {
        m.snippet
            .iter()
            .filter(|p| p.mark)
            .map(|p| p.text.clone())
            .collect()
    }

    fn plain(m: &Match) -> String {
        m.snippet.iter().map(|p| p.text.as_str()).collect()
    }

    #[test]
    fn folding_drops_marks_and_case_and_reads_dd_as_d() {
        assert_eq!(fold("Hồ Tiêu ĐỒNG THÁP").text, "ho tieu dong thap");
        assert_eq!(fold("Quả bưởi Năm Roi").text, "qua buoi nam roi");
        // NFD input folds the same as NFC.
        assert_eq!(fold("ho\u{0302}\u{0300}").text, "ho");
        let f = fold("Đồng");
        assert_eq!(f.original(0, f.text.len()), (0, "Đồng".len()));
        assert_eq!(f.original(1, 2), ("Đ".len(), "Đồ".len()));
    }

    #[test]
    fn a_query_without_marks_finds_the_text_with_them() {
        let m = score(&q("ho tieu"), &["Sổ tay hồ tiêu Chư Sê"]).unwrap();
        assert_eq!(marked(&m), ["hồ tiêu"]);
        assert!(score(&q("HO TIEU"), &["hồ tiêu"]).is_some());
        assert!(score(&q("dong thap"), &["Tỉnh Đồng Tháp"]).is_some());
    }

    #[test]
    fn every_word_must_occur_somewhere_in_the_record() {
        assert!(score(&q("tôm sú"), &["Tôm thẻ chân trắng", "nuôi tôm"]).is_none());
        let m = score(&q("tom thu hoach"), &["Tôm", "Quy trình thu hoạch"]).unwrap();
        assert_eq!(m.field, 1);
        assert_eq!(marked(&m), ["thu", "hoạch"]);
        assert!(Query::parse("  , ").is_none());
    }

    #[test]
    fn the_name_outranks_the_body_and_the_phrase_outranks_scattered_words() {
        let query = q("thu hồi");
        let in_name = score(&query, &["Quy trình thu hồi", "nội dung"]).unwrap();
        let in_body = score(&query, &["Quy trình", "sản phẩm được thu hồi"]).unwrap();
        assert!(in_name.score > in_body.score);
        let phrase = score(&query, &["thu hồi sản phẩm"]).unwrap();
        let scattered = score(&query, &["thu gom, hồi đáp"]).unwrap();
        assert!(phrase.score > scattered.score);
    }

    #[test]
    fn marks_as_typed_rank_first_and_a_whole_name_above_a_part() {
        let query = q("hồ tiêu");
        let exact = score(&query, &["hồ tiêu"]).unwrap();
        let other = score(&query, &["hộ tiêu"]).unwrap();
        assert!(exact.score > other.score);
        let whole = score(&q("tôm"), &["Tôm"]).unwrap();
        let part = score(&q("tôm"), &["Tôm thẻ chân trắng"]).unwrap();
        assert!(whole.score > part.score);
        let word_start = score(&q("lo"), &["Mã lô hàng"]).unwrap();
        let inside = score(&q("lo"), &["Hồ sơ lưu kho"]).unwrap_or(Match {
            score: 0,
            field: 0,
            snippet: vec![],
            line: 0,
        });
        assert!(word_start.score > inside.score);
    }

    #[test]
    fn a_long_text_gives_the_matching_line_shortened_around_the_match() {
        let long = format!(
            "# Chương 1\n\nDòng đầu.\n{} nhật ký ao nuôi được ghi mỗi ngày {}\nDòng cuối.",
            "mở đầu ".repeat(30),
            "kết thúc ".repeat(30)
        );
        let m = score(&q("nhat ky ao nuoi"), &["Chương 1", &long]).unwrap();
        assert_eq!(m.field, 1);
        assert_eq!(m.line, 4);
        let text = plain(&m);
        assert!(text.starts_with('…') && text.ends_with('…'), "{text}");
        assert!(text.chars().count() < 220, "{text}");
        assert_eq!(marked(&m), ["nhật ký ao nuôi"]);
    }

    #[test]
    fn scattered_words_are_each_marked_on_the_line_with_most_of_them() {
        let m = score(
            &q("ao lắng"),
            &["Ao", "Ao nuôi tôm.\nNước từ ao được lắng ba ngày."],
        )
        .unwrap();
        assert_eq!(m.line, 2);
        assert_eq!(marked(&m), ["ao", "lắng"]);
        assert_eq!(plain(&m), "Nước từ ao được lắng ba ngày.");
    }
}
