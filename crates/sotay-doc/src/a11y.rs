//! Accessibility, checked before export (issue 18): what a reader using a screen reader would
//! miss in every edition — an image without a description, a skipped heading level, a table
//! whose columns have no names, a link whose words say nothing, a passage in another language
//! without its marker. The parser finds them where it reads them (it has their ranges); the
//! build reports them as `a11y.*` warnings at their chapter, line and column. `publish` refuses
//! an edition that has any, unless told to issue it anyway (`--allow-inaccessible`).

use std::ops::Range;

use sotay_model::{Diagnostic, Lang};

use crate::model::Inline;

/// The prefix of every accessibility diagnostic's code.
pub const CODE_PREFIX: &str = "a11y.";

/// Whether a diagnostic is an accessibility one (`a11y.*`).
pub fn is_a11y(d: &Diagnostic) -> bool {
    d.code.starts_with(CODE_PREFIX)
}

/// A problem the parser found, with what its message names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Finding {
    /// An image whose alt text is empty, or only its file name.
    ImageAlt { src: String, file_name: bool },
    /// A heading more than one level below the previous one (`##` then `####`); levels as
    /// written (the chapter title is 1).
    HeadingSkip { from: u8, to: u8, text: String },
    /// A table with empty header cells (1-based columns) out of `columns`.
    TableHeader { empty: Vec<usize>, columns: usize },
    /// A link whose words say nothing about where it leads.
    LinkText { text: String },
    /// A paragraph, heading or list item that reads as `lang` with no `{lang=…}` marker.
    Passage { lang: Lang, start: String },
}

/// Link words that say nothing about the target (compared lower-case, trimmed of punctuation).
const VAGUE_LINKS: &[&str] = &[
    "tại đây",
    "ở đây",
    "đây",
    "vào đây",
    "bấm vào đây",
    "bấm đây",
    "nhấn vào đây",
    "nhấp vào đây",
    "click vào đây",
    "click",
    "click here",
    "link",
    "link này",
    "liên kết",
    "liên kết này",
    "đường dẫn",
    "xem",
    "xem thêm",
    "xem tại đây",
    "xem chi tiết",
    "chi tiết",
    "tại link này",
    "here",
    "this",
    "this link",
    "more",
    "read more",
    "see more",
    "see here",
];

/// Whether a link's words say nothing about where it leads.
pub(crate) fn vague_link(words: &str) -> bool {
    let w: String = words
        .trim()
        .trim_matches(|c: char| !c.is_alphanumeric())
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    !w.is_empty() && VAGUE_LINKS.contains(&w.as_str())
}

/// English words that are no Vietnamese syllable written without marks (so "an", "in", "to",
/// "do", "can", "hay", "may", "be" are not among them). At most 64, at most 8 letters.
const ENGLISH_WORDS: &[&[u8]] = &[
    b"the", b"of", b"and", b"is", b"are", b"was", b"were", b"for", b"with", b"that", b"this",
    b"these", b"those", b"from", b"by", b"which", b"should", b"must", b"shall", b"will", b"would",
    b"could", b"has", b"have", b"had", b"its", b"their", b"it", b"or", b"at", b"as", b"into",
    b"each", b"any", b"not", b"been", b"such", b"than", b"when", b"where", b"who", b"what", b"how",
    b"our", b"your", b"we", b"you", b"they", b"there", b"about", b"between", b"under", b"over",
    b"through", b"within", b"without", b"other", b"also", b"only", b"but", b"if", b"all",
];

/// Whether a character is a Latin letter with a mark, as Vietnamese writes them (ă â đ ê ô ơ ư
/// and the tone marks: Latin-1, Latin Extended-A and B, Latin Extended Additional). Ranges
/// only, no table lookup: the build asks this of every character of every paragraph.
fn vietnamese_letter(c: char) -> bool {
    matches!(c, 'À'..='ɏ' | 'Ḁ'..='ỿ') && c != '×' && c != '÷'
}

/// Counts of one passage's words (see [`guess`]).
#[derive(Default)]
struct Words {
    all: usize,
    vietnamese: usize,
    english: usize,
    /// Which of [`ENGLISH_WORDS`] were met (bit per word).
    distinct: u64,
}

impl Words {
    /// One word: `letters` its lowercase ASCII letters (up to 8), `len` its length in chars.
    fn add(&mut self, letters: &[u8], len: usize, ascii: bool, viet: bool) {
        self.all += 1;
        if viet {
            self.vietnamese += 1;
        } else if ascii && len <= 8 {
            if let Some(i) = ENGLISH_WORDS.iter().position(|w| *w == letters) {
                self.english += 1;
                self.distinct |= 1 << i;
            }
        }
    }
}

/// The other language (not `doc`) a passage of prose reads as, when it clearly is one of the
/// two Sotay writes: English (at least six words, nearly none with Vietnamese letters, English
/// function words throughout) or Vietnamese (at least six words, most with Vietnamese
/// letters). Addresses and words with digits are not counted. `None` when unsure: short
/// passages, names, codes, a Vietnamese sentence quoting an English term. One pass, nothing
/// allocated, and it stops once the passage can no longer be the other language: the build
/// runs it on every paragraph.
pub(crate) fn guess(prose: &str, doc: Lang) -> Option<Lang> {
    let mut n = Words::default();
    for chunk in prose.split_whitespace() {
        // Whatever follows holds at most one word per two bytes.
        let rest = prose.len() - (chunk.as_ptr() as usize - prose.as_ptr() as usize);
        let most = n.all + rest.div_ceil(2);
        let hopeless = match doc {
            // More Vietnamese words than English allows, whatever comes.
            Lang::Vi => n.vietnamese * 10 > most,
            // More other words than Vietnamese allows.
            Lang::En => (n.all - n.vietnamese) * 10 > most * 3,
        };
        if hopeless {
            return None;
        }
        let address = chunk.bytes().any(|b| b == b'@' || b == b':') && {
            chunk.contains('@') || chunk.contains("://")
        };
        if address || chunk.starts_with("www.") {
            continue;
        }
        // The current word: its lowercase ASCII letters, length, and what it holds.
        let (mut buf, mut len) = ([0u8; 8], 0usize);
        let (mut ascii, mut viet, mut digit) = (true, false, false);
        for c in chunk.chars().chain(std::iter::once(' ')) {
            let (letter, mark, number) = if c.is_ascii() {
                (c.is_ascii_alphabetic(), false, c.is_ascii_digit())
            } else if vietnamese_letter(c) {
                (true, true, false)
            } else {
                (c.is_alphabetic(), false, c.is_numeric())
            };
            if letter || number {
                if len < 8 && c.is_ascii() {
                    buf[len] = c.to_ascii_lowercase() as u8;
                }
                len += 1;
                ascii &= c.is_ascii();
                viet |= mark;
                digit |= number;
            } else {
                if len > 0 && !digit {
                    n.add(&buf[..len.min(8)], len, ascii, viet);
                }
                (len, ascii, viet, digit) = (0, true, false, false);
            }
        }
    }
    if n.all < 6 {
        return None;
    }
    match doc {
        Lang::Vi => {
            (n.vietnamese * 10 <= n.all && n.distinct.count_ones() >= 2 && n.english * 8 >= n.all)
                .then_some(Lang::En)
        }
        Lang::En => (n.vietnamese * 10 >= n.all * 7).then_some(Lang::Vi),
    }
}

/// The prose of inlines whose language is the document's: their text without code, addresses
/// printed as link text, images, and passages already marked with `{lang=…}`.
pub(crate) fn prose(inlines: &[Inline]) -> String {
    let mut out = String::new();
    let mut stack: Vec<std::slice::Iter<'_, Inline>> = vec![inlines.iter()];
    while let Some(top) = stack.last_mut() {
        let Some(i) = top.next() else {
            stack.pop();
            continue;
        };
        match i {
            Inline::Text(t) => out.push_str(t),
            Inline::Strong(c)
            | Inline::Emph(c)
            | Inline::Strike(c)
            | Inline::Link { content: c, .. }
            | Inline::XRef { content: c, .. } => stack.push(c.iter()),
            Inline::LineBreak | Inline::SoftBreak => out.push(' '),
            Inline::Code(_) | Inline::Lang { .. } | Inline::Image { .. } => out.push(' '),
            Inline::FootnoteRef { .. } => {}
        }
    }
    out
}

/// The first words of a passage, for a message: up to 48 characters.
pub(crate) fn opening(text: &str) -> String {
    let t = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match t.char_indices().nth(48) {
        Some((i, _)) => format!("{}…", t[..i].trim_end()),
        None => t,
    }
}

/// The first line of `range` in `text` (what a message points at, and what `check` looks for
/// in the chapter's source).
pub(crate) fn first_line(text: &str, range: Range<usize>) -> Range<usize> {
    let end = text
        .get(range.clone())
        .and_then(|t| t.trim_end_matches(['\n', '\r']).find('\n'))
        .map_or(range.end, |i| range.start + i);
    let slice = text.get(range.start..end).unwrap_or("");
    range.start..range.start + slice.trim_end().len()
}

fn hashes(level: u8) -> String {
    "#".repeat(level.clamp(1, 6) as usize)
}

impl Finding {
    /// Its warning, or none when it is a passage in the document's own language.
    pub(crate) fn diagnostic(&self, doc_lang: Lang) -> Option<Diagnostic> {
        Some(match self {
            Finding::ImageAlt { src, file_name } => {
                let (vi, en) = if *file_name {
                    (
                        format!("Ảnh “{src}” chỉ có tên tệp làm mô tả: người dùng trình đọc màn hình không biết ảnh cho thấy gì."),
                        format!("The image “{src}” is described only by its file name: a screen reader user cannot tell what it shows."),
                    )
                } else {
                    (
                        format!("Ảnh “{src}” không có mô tả (văn bản thay thế): người dùng trình đọc màn hình không biết ảnh cho thấy gì."),
                        format!("The image “{src}” has no description (alt text): a screen reader user cannot tell what it shows."),
                    )
                };
                Diagnostic::warning("a11y.image_alt", vi, en).hint(
                    format!("Viết mô tả trong ngoặc vuông: ![Sơ đồ chuỗi cung ứng tôm]({src})."),
                    format!("Write a description in the brackets: ![Shrimp supply chain diagram]({src})."),
                )
            }
            Finding::HeadingSkip { from, to, text } => {
                let (f, t, want) = (hashes(*from), hashes(*to), hashes(from + 1));
                Diagnostic::warning(
                    "a11y.heading_skip",
                    format!("Tiêu đề “{text}” nhảy từ cấp “{f}” xuống “{t}”, bỏ qua cấp “{want}”: trình đọc màn hình dựa vào cấp tiêu đề để đi trong sổ tay."),
                    format!("The heading “{text}” jumps from “{f}” to “{t}”, skipping “{want}”: screen readers move through the handbook by heading levels."),
                )
                .hint(
                    format!("Dùng “{want}” cho tiêu đề này, hoặc thêm một tiêu đề “{want}” phía trên nó."),
                    format!("Use “{want}” for this heading, or add a “{want}” heading above it."),
                )
            }
            Finding::TableHeader { empty, columns } => {
                let (vi, en) = if empty.len() == *columns {
                    (
                        "Bảng không có hàng tiêu đề (các ô tiêu đề đều trống): trình đọc màn hình không đọc được tên cột.".to_owned(),
                        "The table has no header row (its header cells are empty): a screen reader cannot name the columns.".to_owned(),
                    )
                } else {
                    let list = empty
                        .iter()
                        .map(usize::to_string)
                        .collect::<Vec<_>>()
                        .join(", ");
                    (
                        format!("Cột {list} của bảng không có tiêu đề: trình đọc màn hình không đọc được tên cột đó."),
                        format!("Column {list} of the table has no header: a screen reader cannot name it."),
                    )
                };
                Diagnostic::warning("a11y.table_header", vi, en).hint(
                    "Ghi tên từng cột vào hàng đầu tiên của bảng (hàng phía trên dòng |---|).",
                    "Name every column in the table's first row (the row above the |---| line).",
                )
            }
            Finding::LinkText { text } => Diagnostic::warning(
                "a11y.link_text",
                format!("Liên kết “{text}” không cho biết nó dẫn tới đâu: người nghe danh sách liên kết chỉ nghe “{text}”."),
                format!("The link “{text}” does not say where it leads: a reader going through the links hears only “{text}”."),
            )
            .hint(
                "Viết chữ của liên kết nói rõ đích, ví dụ [Cổng truy xuất nguồn gốc quốc gia](https://…), hoặc để chính địa chỉ.",
                "Let the link's words name its target, e.g. [National traceability portal](https://…), or show the address itself.",
            ),
            Finding::Passage { lang, start } => {
                if *lang == doc_lang {
                    return None;
                }
                let (vi_name, en_name, example) = match lang {
                    Lang::En => ("tiếng Anh", "English", "[Good Aquaculture Practices …]{lang=en}"),
                    Lang::Vi => ("tiếng Việt", "Vietnamese", "[Thực hành nuôi tốt …]{lang=vi}"),
                };
                let (vi_doc, en_doc) = match doc_lang {
                    Lang::Vi => ("tiếng Việt", "Vietnamese"),
                    Lang::En => ("tiếng Anh", "English"),
                };
                Diagnostic::warning(
                    "a11y.lang",
                    format!("Đoạn “{start}” có vẻ viết bằng {vi_name} nhưng không được đánh dấu ngôn ngữ: trình đọc màn hình sẽ đọc nó bằng giọng {vi_doc}."),
                    format!("The passage “{start}” reads as {en_name} but is not marked: a screen reader will read it with a {en_doc} voice."),
                )
                .hint(
                    format!("Đặt đoạn đó trong ngoặc vuông kèm mã ngôn ngữ: {example}."),
                    format!("Put it in square brackets with its language: {example}."),
                )
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vague_links_are_known_words_only() {
        for w in [
            "tại đây",
            " Tại đây.",
            "Xem thêm",
            "link",
            "Click",
            "here",
            "ở  đây",
        ] {
            assert!(vague_link(w), "{w}");
        }
        for w in [
            "https://gs1.org",
            "Cổng truy xuất nguồn gốc",
            "Thông tư 02/2024/TT-BKHCN",
            "",
            "xem mẫu BM-01",
        ] {
            assert!(!vague_link(w), "{w}");
        }
    }

    #[test]
    fn english_and_vietnamese_passages_are_told_apart() {
        for en in [
            "Traceability is the ability to follow the movement of a food through specified stages of production.",
            "Regulation (EC) No 178/2002 of the European Parliament and of the Council laying down the general principles",
            "Each lot must be recorded with the date of harvest and the pond it came from.",
        ] {
            assert_eq!(guess(en, Lang::Vi), Some(Lang::En), "{en}");
            assert_eq!(guess(en, Lang::En), None, "{en}");
        }
        for vi in [
            "Sổ tay này hướng dẫn các cơ sở nuôi tôm ghi chép nhật ký ao nuôi theo lô.",
            "Mỗi lô phải được ghi ngày thu hoạch và ao nuôi của lô đó.",
        ] {
            assert_eq!(guess(vi, Lang::En), Some(Lang::Vi), "{vi}");
            assert_eq!(guess(vi, Lang::Vi), None, "{vi}");
        }
        for unsure in [
            // A Vietnamese sentence quoting English terms.
            "Tiêu chuẩn GS1 EPCIS (Electronic Product Code Information Services) quy định cách trao đổi sự kiện.",
            // Names and codes, no sentence.
            "GS1 Global Traceability Standard 2.0",
            "https://www.fda.gov/food/food-safety-modernization-act-fsma/fsma-final-rule-on-traceability",
            "Ao nuôi tôm",
        ] {
            assert_eq!(guess(unsure, Lang::Vi), None, "{unsure}");
            assert_eq!(guess(unsure, Lang::En), None, "{unsure}");
        }
        // A title is English too.
        assert_eq!(
            guess(
                "ISO 22005:2007 Traceability in the feed and food chain",
                Lang::Vi
            ),
            Some(Lang::En)
        );
        // A place name or two does not make an English sentence Vietnamese.
        let names =
            "Shrimp farms in Cà Mau, Bạc Liêu and Sóc Trăng provinces sell to the processors.";
        assert_eq!(guess(names, Lang::En), None);
        // An English passage may name a place and stay English.
        let long = "Shrimp farms in Cà Mau sell to the processors. The records of each pond are kept for two years, and the buyer can ask for them at any time.";
        assert_eq!(guess(long, Lang::Vi), Some(Lang::En));
    }

    #[test]
    fn the_first_line_of_a_range_is_what_is_pointed_at() {
        let t = "x\n| A |  |\n|---|---|\n";
        let r = first_line(t, 2..t.len());
        assert_eq!(&t[r], "| A |  |");
    }
}
