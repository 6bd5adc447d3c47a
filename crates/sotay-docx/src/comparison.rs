//! The comparison report of two editions as a Word file (issue 21): the title, a few lines of
//! introduction, then each changed section with its passages as a word diff — removed words
//! struck through, added ones bold and underlined — in Times New Roman like the
//! administrative documents. The same report gives the same bytes.

use std::io::Cursor;

use docx_rs::{AlignmentType, Docx, PageMargin, Paragraph, Run};

use super::{fonts, hp, tw, MM};

/// How a run of words changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    Same,
    Added,
    Removed,
}

/// A passage as runs of words, each the same, added or removed.
pub type Passage = Vec<(Mark, String)>;

/// What the report says, decided by the caller (`sotay`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comparison {
    pub title: String,
    /// The newer edition's date, YYYY-MM-DD (the file's dates).
    pub date: String,
    pub intro: Vec<String>,
    /// Each section: its heading, and its passages as runs of words.
    pub sections: Vec<(String, Vec<Passage>)>,
}

const BODY: f32 = 13.0;

fn run(text: &str, size: f32, bold: bool) -> Run {
    let r = Run::new().add_text(text).fonts(fonts()).size(hp(size));
    if bold {
        r.bold()
    } else {
        r
    }
}

fn para() -> Paragraph {
    Paragraph::new().align(AlignmentType::Both)
}

/// Writes the report as a .docx.
pub fn write(c: &Comparison) -> Vec<u8> {
    let date = format!("{}T00:00:00Z", c.date);
    let mut docx = Docx::new()
        .default_fonts(fonts())
        .default_size(hp(BODY))
        .created_at(&date)
        .updated_at(&date)
        .page_margin(
            PageMargin::new()
                .top(tw(20.0 * MM))
                .bottom(tw(20.0 * MM))
                .left(tw(30.0 * MM))
                .right(tw(15.0 * MM)),
        )
        .add_paragraph(Paragraph::new().align(AlignmentType::Center).add_run(run(
            &c.title.to_uppercase(),
            14.0,
            true,
        )));
    for line in &c.intro {
        docx = docx.add_paragraph(para().add_run(run(line, BODY, false)));
    }
    for (heading, passages) in &c.sections {
        docx = docx.add_paragraph(
            Paragraph::new()
                .keep_next(true)
                .add_run(run(heading, BODY, true)),
        );
        for spans in passages {
            let mut p = para();
            for (mark, text) in spans {
                for (i, line) in text.split('\n').enumerate() {
                    if i > 0 {
                        p = p.add_run(Run::new().add_break(docx_rs::BreakType::TextWrapping));
                    }
                    if line.is_empty() {
                        continue;
                    }
                    let r = run(line, BODY, *mark == Mark::Added);
                    p = p.add_run(match mark {
                        Mark::Same => r,
                        Mark::Added => r.underline("single"),
                        Mark::Removed => r.strike(),
                    });
                }
            }
            docx = docx.add_paragraph(p);
        }
    }
    let mut out = Cursor::new(Vec::new());
    // Writing to memory cannot fail on I/O; a failure would be a bug in the library.
    docx.build()
        .pack(&mut out)
        .expect("a .docx is written to memory");
    out.into_inner()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn struck_and_added_words_are_marked_in_the_document_xml() {
        let c = Comparison {
            title: "So sánh ấn bản 1.1 với ấn bản 1.0".into(),
            date: "2026-03-01".into(),
            intro: vec!["Sổ tay: Tôm.".into()],
            sections: vec![(
                "1.1 Chuẩn bị ao — sửa đổi".into(),
                vec![vec![
                    (Mark::Same, "Phơi đáy ".into()),
                    (Mark::Removed, "7".into()),
                    (Mark::Added, "10".into()),
                    (Mark::Same, " ngày.".into()),
                ]],
            )],
        };
        let bytes = write(&c);
        assert_eq!(bytes, write(&c), "the same report, the same bytes");
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        let mut xml = String::new();
        std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml)
            .unwrap();
        let struck = xml.find("<w:strike").expect("a struck run");
        assert!(xml[struck..].find(">7<").is_some());
        let under = xml.find("<w:u ").expect("an underlined run");
        assert!(xml[under..].find(">10<").is_some());
        assert!(xml.contains("1.1 Chuẩn bị ao — sửa đổi"));
    }
}
