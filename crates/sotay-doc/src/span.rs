//! Spans: where in a chapter's Markdown a diagnostic points, as Typst's diagnostics do. The
//! parser keeps the byte range of everything a build can find wrong (cross-references, images,
//! footnote references); the build turns the ranges of the diagnostics into lines and columns.

use std::collections::{BTreeMap, VecDeque};
use std::ops::Range;

/// A place in one chapter's Markdown: the chapter's index in the build's input and a byte range
/// of its text after NFC normalisation (the text itself when it was NFC already, as Sotay
/// stores chapters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub chapter: usize,
    pub range: Range<usize>,
}

/// The ranges the parser kept for one chapter, by what they name, in the order written.
/// Everything that names the same id (image, footnote) is resolved the same way, so a
/// diagnostic about it takes the next range of that name.
#[derive(Debug, Default)]
pub(crate) struct Marks {
    xrefs: BTreeMap<String, VecDeque<Range<usize>>>,
    images: BTreeMap<String, VecDeque<Range<usize>>>,
    footnotes: BTreeMap<String, VecDeque<Range<usize>>>,
}

/// What a mark names.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Mark {
    XRef,
    Image,
    Footnote,
}

impl Marks {
    fn of(&mut self, kind: Mark) -> &mut BTreeMap<String, VecDeque<Range<usize>>> {
        match kind {
            Mark::XRef => &mut self.xrefs,
            Mark::Image => &mut self.images,
            Mark::Footnote => &mut self.footnotes,
        }
    }

    pub(crate) fn push(&mut self, kind: Mark, name: &str, range: Range<usize>) {
        self.of(kind)
            .entry(name.to_owned())
            .or_default()
            .push_back(range);
    }

    /// The next range written for `name`, if one is left.
    pub(crate) fn take(&mut self, kind: Mark, name: &str) -> Option<Range<usize>> {
        self.of(kind).get_mut(name)?.pop_front()
    }
}

/// The part of a link or image's range that holds its destination — `(#id)` of `[text](#id)`,
/// where the wrong name is written — or the whole range (a reference-style link).
pub(crate) fn destination(text: &str, range: Range<usize>) -> Range<usize> {
    match text.get(range.clone()).and_then(|t| t.rfind("](")) {
        Some(i) => range.start + i + 1..range.end,
        None => range,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_destination_is_the_part_in_brackets() {
        let t = "Xem [mục [1]](#muc-1 \"t\") và [x][ref].";
        let link = t.find("[mục").unwrap()..t.find(" và").unwrap();
        assert_eq!(&t[destination(t, link)], "(#muc-1 \"t\")");
        let r = t.find("[x]").unwrap()..t.len() - 1;
        assert_eq!(&t[destination(t, r.clone())], &t[r]);
    }
}
