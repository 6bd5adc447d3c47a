//! What changed between two editions of a handbook (issue 21), computed on the document model,
//! never on rendered text: change bars, the change list and the comparison report all read the
//! [`Changes`] that [`compare`] returns.
//!
//! Blocks are matched chapter by chapter (by the chapter's stable key, else its title), then
//! within a chapter by a patience diff of the blocks' content with every number taken out
//! (section, table and figure numbers, cross-reference labels, footnote numbers), so a
//! renumbered chapter shows no false bars. A block inserted whose content was removed somewhere
//! else is *moved*, not added and removed. A block that replaced one of its own kind in place
//! is *changed*. Everything is ordered and deterministic: the same two documents give the same
//! changes, byte for byte, in every writer.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use similar::{capture_diff_slices, Algorithm, DiffTag};

use crate::model::*;

/// How a block or a section changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChangeKind {
    Added,
    Changed,
    Moved,
    Removed,
}

impl ChangeKind {
    /// The word of the change list: "thêm mới", "sửa đổi", "chuyển chỗ", "bãi bỏ".
    pub fn label(self) -> &'static str {
        match self {
            ChangeKind::Added => "thêm mới",
            ChangeKind::Changed => "sửa đổi",
            ChangeKind::Moved => "chuyển chỗ",
            ChangeKind::Removed => "bãi bỏ",
        }
    }

    /// What a screen reader hears before a marked block (HTML and EPUB).
    pub fn spoken(self) -> &'static str {
        match self {
            ChangeKind::Added => "Đã thêm mới:",
            ChangeKind::Changed => "Đã sửa đổi:",
            ChangeKind::Moved => "Đã chuyển chỗ:",
            ChangeKind::Removed => "Đã bãi bỏ nội dung ở đây.",
        }
    }

    /// Its name in `manifest.json` and in class names: `added`, `changed`, `moved`, `removed`.
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Changed => "changed",
            ChangeKind::Moved => "moved",
            ChangeKind::Removed => "removed",
        }
    }
}

/// Blocks of the earlier edition removed at one place of the new one: before block `before` of
/// chapter `chapter` (`before` may equal the number of blocks: at the chapter's end).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Removal {
    pub chapter: usize,
    pub before: usize,
    /// How many blocks were removed.
    pub blocks: usize,
    /// How many blocks moved away from here (they are marked where they went).
    pub moved: usize,
    /// The anchor of the deletion mark (the change list links to it).
    pub id: String,
}

/// The rows of a changed table that changed, when its caption and header did not: bars go
/// beside those rows only (indices into the new table's `rows`). Rows are compared with their
/// numbers taken out (cross-reference labels, and a first cell that counts the rows, "STT"), so
/// a row removed does not mark the rows renumbered after it; a row whose content is found among
/// the removed ones is moved, not added.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RowChanges {
    /// Rows added, changed or moved.
    pub marked: BTreeMap<usize, ChangeKind>,
    /// Of each changed row, the cells that differ (every cell when the row's width changed).
    pub cells: BTreeMap<usize, BTreeSet<usize>>,
    /// How many rows were removed just before these (may equal the number of rows: at the
    /// end). Rows that moved elsewhere in the table are not counted.
    pub removed_before: BTreeMap<usize, usize>,
}

impl RowChanges {
    /// How row `row` changed, if it did.
    pub fn mark(&self, row: usize) -> Option<ChangeKind> {
        self.marked.get(&row).copied()
    }

    /// How many rows were removed just before row `row`.
    pub fn removed(&self, row: usize) -> usize {
        self.removed_before.get(&row).copied().unwrap_or(0)
    }

    /// Whether cell `cell` of row `row` is one that changed.
    pub fn cell_changed(&self, row: usize, cell: usize) -> bool {
        self.cells.get(&row).is_some_and(|c| c.contains(&cell))
    }

    /// What the mark where `n` rows were removed says (HTML and EPUB).
    pub fn removed_note(n: usize) -> String {
        format!("Đã bãi bỏ {n} dòng ở đây.")
    }
}

impl Removal {
    /// What the mark says in HTML and EPUB: removed, or moved elsewhere.
    pub fn note(&self) -> &'static str {
        if self.blocks > 0 {
            ChangeKind::Removed.spoken()
        } else {
            "Nội dung ở đây đã chuyển sang chỗ khác."
        }
    }
}

/// One line of the change list: a chapter or a section (levels 2–3) and what happened to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionChange {
    /// Added, changed or removed; a chapter whose place among the others changed is moved (a
    /// section that received a moved block is changed).
    pub kind: ChangeKind,
    /// "Chương 2", "Phụ lục A", "2.3", or none when unnumbered.
    pub label: Option<String>,
    pub title: String,
    /// Where it is (or where it was removed) in the new edition: an anchor id. None for a
    /// removed chapter.
    pub target: Option<String>,
    /// The chapter of the new edition that holds `target`.
    pub chapter: Option<usize>,
    /// Blocks added, changed (moved ones included) and removed in it.
    pub added: usize,
    pub changed: usize,
    pub removed: usize,
}

impl SectionChange {
    /// "2.3 Thu hoạch" / "Chương 2. Nuôi tôm" / "Lời nói đầu".
    pub fn heading(&self) -> String {
        match &self.label {
            Some(l) if l.starts_with(|c: char| c.is_ascii_digit()) => format!("{l} {}", self.title),
            Some(l) => format!("{l}. {}", self.title),
            None => self.title.clone(),
        }
    }
}

/// A changed passage for the comparison report: the text before and after (empty when added or
/// removed). For a table, only the rows that differ.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passage {
    /// The section it is in ([`SectionChange::heading`]).
    pub section: String,
    pub kind: ChangeKind,
    pub old: String,
    pub new: String,
}

/// The changes of a document against an earlier edition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Changes {
    /// The earlier edition's label, e.g. "1.0".
    pub against: String,
    /// Marked blocks: (chapter index, top-level block index) → added, changed or moved.
    pub blocks: BTreeMap<(usize, usize), ChangeKind>,
    /// Where blocks were removed, in document order.
    pub removals: Vec<Removal>,
    /// Chapters (of the new edition) whose title changed: their title is marked like a block.
    pub titles: BTreeSet<usize>,
    /// Changed tables whose caption and header stayed: which rows changed.
    pub table_rows: BTreeMap<(usize, usize), RowChanges>,
    /// The change list, in document order.
    pub sections: Vec<SectionChange>,
    /// The changed passages, in document order.
    pub passages: Vec<Passage>,
}

impl Changes {
    /// The change list's heading: "Những thay đổi so với ấn bản 1.0" (the earlier edition).
    pub fn title(&self) -> String {
        format!(
            "Những thay đổi {}",
            crate::model::since_edition(&self.against)
        )
    }

    /// The change list's introduction, saying how changes are marked: each kind by the shape
    /// of its mark (never by colour alone), the same in the PDF, HTML and EPUB.
    pub fn legend(&self) -> &'static str {
        "Ở lề ngoài, vạch liền đánh dấu nội dung sửa đổi, vạch đôi nội dung thêm mới, vạch đứt nội dung chuyển chỗ; dấu ngang đánh dấu chỗ nội dung bị bãi bỏ."
    }

    /// The mark of top-level block `block` of chapter `chapter`.
    pub fn mark(&self, chapter: usize, block: usize) -> Option<ChangeKind> {
        self.blocks.get(&(chapter, block)).copied()
    }

    /// The removals just before block `block` of chapter `chapter`.
    pub fn removed_before(&self, chapter: usize, block: usize) -> impl Iterator<Item = &Removal> {
        self.removals
            .iter()
            .filter(move |r| r.chapter == chapter && r.before == block)
    }

    /// Nothing changed.
    pub fn is_empty(&self) -> bool {
        self.blocks.is_empty()
            && self.removals.is_empty()
            && self.titles.is_empty()
            && self.sections.is_empty()
    }

    /// Blocks (added, changed, moved, removed) over the whole document.
    pub fn counts(&self) -> [usize; 4] {
        let mut n = [0; 4];
        for k in self.blocks.values() {
            n[*k as usize] += 1;
        }
        n[3] = self
            .passages
            .iter()
            .filter(|p| p.kind == ChangeKind::Removed)
            .count();
        n
    }
}

/// A block with its numbers taken out, as text: equal for equal content whatever the numbering.
/// Footnotes a block cites are part of it (a changed footnote marks its paragraph).
fn canon(b: &Block, notes: &BTreeMap<&str, &Footnote>) -> String {
    if matches!(b, Block::PageBreak) {
        return String::new();
    }
    let mut b = b.clone();
    let mut cited = Vec::new();
    strip_block(&mut b, &mut cited);
    let mut out = format!("{b:?}");
    for id in cited {
        if let Some(f) = notes.get(id.as_str()) {
            let mut blocks = f.blocks.clone();
            let mut inner = Vec::new();
            for b in &mut blocks {
                strip_block(b, &mut inner);
            }
            out.push_str(&format!("^{blocks:?}"));
        }
    }
    out
}

fn strip_block(b: &mut Block, cited: &mut Vec<String>) {
    match b {
        Block::Heading {
            id,
            number,
            content,
            ..
        } => {
            id.clear();
            *number = None;
            strip_inlines(content, cited);
        }
        Block::Paragraph(c) => strip_inlines(c, cited),
        Block::List { items, .. } => {
            for i in items {
                for b in &mut i.blocks {
                    strip_block(b, cited);
                }
            }
        }
        Block::Quote(blocks) | Block::Alert { blocks, .. } => {
            for b in blocks {
                strip_block(b, cited);
            }
        }
        Block::Table(t) => {
            t.number = None;
            for c in t.caption.iter_mut().chain(&mut t.head) {
                strip_inlines(c, cited);
            }
            for c in t.rows.iter_mut().flatten() {
                strip_inlines(c, cited);
            }
        }
        Block::Figure {
            number, caption, ..
        } => {
            *number = None;
            strip_inlines(caption, cited);
        }
        _ => {}
    }
}

fn strip_inlines(inlines: &mut [Inline], cited: &mut Vec<String>) {
    for i in inlines {
        match i {
            Inline::Strong(c)
            | Inline::Emph(c)
            | Inline::Strike(c)
            | Inline::Link { content: c, .. }
            | Inline::Lang { content: c, .. } => strip_inlines(c, cited),
            Inline::XRef {
                target, content, ..
            } => {
                *target = None;
                strip_inlines(content, cited);
            }
            Inline::FootnoteRef { number, id } => {
                *number = 0;
                cited.push(id.clone());
            }
            _ => {}
        }
    }
}

/// The readable text of a block, for the comparison report.
pub fn block_text(b: &Block) -> String {
    match b {
        Block::Heading {
            number, content, ..
        } => match number {
            Some(n) => format!("{n} {}", plain_text(content)),
            None => plain_text(content),
        },
        Block::Paragraph(c) => plain_text(c),
        Block::List { items, .. } => items
            .iter()
            .map(|i| {
                let text: Vec<String> =
                    leaf_blocks(&i.blocks).into_iter().map(block_text).collect();
                format!("– {}", text.join(" "))
            })
            .collect::<Vec<_>>()
            .join("\n"),
        Block::Quote(blocks) | Block::Alert { blocks, .. } => leaf_blocks(blocks)
            .into_iter()
            .map(block_text)
            .collect::<Vec<_>>()
            .join("\n"),
        Block::Code { text, .. } => text.trim_end().to_owned(),
        Block::Table(t) => {
            let mut lines = Vec::new();
            if let Some(c) = &t.caption {
                lines.push(plain_text(c));
            }
            lines.push(row_text(&t.head));
            lines.extend(t.rows.iter().map(|r| row_text(r)));
            lines.join("\n")
        }
        Block::Figure { caption, alt, .. } => {
            let c = plain_text(caption);
            if c.is_empty() {
                alt.clone()
            } else {
                c
            }
        }
        Block::Qr { data } => data.clone(),
        Block::Glossary(terms) => terms
            .iter()
            .map(|(t, d)| format!("{t}: {d}"))
            .collect::<Vec<_>>()
            .join("\n"),
        Block::Rule | Block::PageBreak => String::new(),
    }
}

fn row_text(row: &[Cell]) -> String {
    row.iter()
        .map(|c| plain_text(c))
        .collect::<Vec<_>>()
        .join(" | ")
}

/// The old and new text of a changed block; a table row by row (only the rows that differ, and
/// the caption and header when they do).
fn changed_texts(old: &Block, new: &Block) -> (String, String) {
    let (Block::Table(a), Block::Table(b)) = (old, new) else {
        return (block_text(old), block_text(new));
    };
    let rows = |t: &Table| -> Vec<String> {
        let mut out: Vec<String> = t.caption.iter().map(|c| plain_text(c)).collect();
        out.push(row_text(&t.head));
        out.extend(t.rows.iter().map(|r| row_text(r)));
        out
    };
    let (ra, rb) = (rows(a), rows(b));
    let mut old_lines = Vec::new();
    let mut new_lines = Vec::new();
    for op in capture_diff_slices(Algorithm::Patience, &ra, &rb) {
        let (tag, o, n) = op.as_tag_tuple();
        if tag != DiffTag::Equal {
            old_lines.extend(ra[o].iter().cloned());
            new_lines.extend(rb[n].iter().cloned());
        }
    }
    (old_lines.join("\n"), new_lines.join("\n"))
}

/// A table row's cells with their numbers taken out, as text: cross-reference labels and
/// footnote numbers, and a first cell that only counts the rows (its row's number `index + 1`,
/// "3" or "3."), so that rows renumbered after an insertion or a removal compare equal.
fn row_canon(row: &[Cell], index: usize) -> Vec<String> {
    row.iter()
        .enumerate()
        .map(|(i, cell)| {
            if i == 0 {
                let text = plain_text(cell);
                let n = text.trim().trim_end_matches('.');
                if !n.is_empty() && n.parse::<usize>().ok() == Some(index + 1) {
                    return "#".to_owned();
                }
            }
            let mut c = cell.clone();
            strip_inlines(&mut c, &mut Vec::new());
            format!("{c:?}")
        })
        .collect()
}

/// The cells of row `b` (the new table's row `bi`) that differ from row `a` (the old one's
/// `ai`), numbers aside; all of them when their widths differ.
fn changed_cells(a: &[Cell], ai: usize, b: &[Cell], bi: usize) -> BTreeSet<usize> {
    if a.len() != b.len() {
        return (0..b.len()).collect();
    }
    let (ca, cb) = (row_canon(a, ai), row_canon(b, bi));
    (0..b.len()).filter(|&i| ca[i] != cb[i]).collect()
}

/// Which rows of table `b` changed against `a`, row by row, when the caption and the header
/// are the same (numbers aside); `None` when they are not, or when no row differs (the whole
/// table is marked).
fn row_changes(a: &Table, b: &Table) -> Option<RowChanges> {
    let frame = |t: &Table| {
        let mut head = t.head.clone();
        let mut cap = t.caption.clone();
        let mut cited = Vec::new();
        for c in head.iter_mut().chain(cap.iter_mut()) {
            strip_inlines(c, &mut cited);
        }
        format!("{head:?}{cap:?}{:?}", t.align)
    };
    if frame(a) != frame(b) {
        return None;
    }
    let canons = |t: &Table| -> Vec<String> {
        t.rows
            .iter()
            .enumerate()
            .map(|(i, r)| row_canon(r, i).join("\u{1f}"))
            .collect()
    };
    let (ra, rb) = (canons(a), canons(b));
    let ops = capture_diff_slices(Algorithm::Patience, &ra, &rb);
    // Rows gone, by content, in order: an inserted row found among them moved.
    let mut pool: BTreeMap<&str, VecDeque<usize>> = BTreeMap::new();
    for op in &ops {
        let (tag, o, _) = op.as_tag_tuple();
        if matches!(tag, DiffTag::Delete | DiffTag::Replace) {
            for k in o {
                pool.entry(ra[k].as_str()).or_default().push_back(k);
            }
        }
    }
    let mut out = RowChanges::default();
    let mut moved_old = BTreeSet::new();
    for op in &ops {
        let (tag, _, n) = op.as_tag_tuple();
        if matches!(tag, DiffTag::Insert | DiffTag::Replace) {
            for k in n {
                if let Some(o) = pool.get_mut(rb[k].as_str()).and_then(|q| q.pop_front()) {
                    moved_old.insert(o);
                    out.marked.insert(k, ChangeKind::Moved);
                }
            }
        }
    }
    for op in &ops {
        let (tag, o, n) = op.as_tag_tuple();
        if tag == DiffTag::Equal {
            continue;
        }
        // What is left of the range once moved rows are set aside: paired in order (changed),
        // the new ones left over added, the old ones left over removed here.
        let old_left: Vec<usize> = o.filter(|k| !moved_old.contains(k)).collect();
        let new_left: Vec<usize> = n.clone().filter(|k| !out.marked.contains_key(k)).collect();
        for (j, &k) in new_left.iter().enumerate() {
            match old_left.get(j) {
                Some(&ok) => {
                    out.marked.insert(k, ChangeKind::Changed);
                    out.cells
                        .insert(k, changed_cells(&a.rows[ok], ok, &b.rows[k], k));
                }
                None => {
                    out.marked.insert(k, ChangeKind::Added);
                }
            }
        }
        let gone = old_left.len().saturating_sub(new_left.len());
        if gone > 0 {
            *out.removed_before.entry(n.end).or_default() += gone;
        }
    }
    (!out.marked.is_empty() || !out.removed_before.is_empty()).then_some(out)
}

/// A block of the earlier edition that is gone (unless it moved).
struct Gone {
    chapter: usize,
    block: usize,
    /// Where it was in the new edition: (chapter, before block).
    at: Option<(usize, usize)>,
    moved: bool,
}

/// The new chapters whose order among the matched ones changed: all but a longest run kept in
/// the old order (so inserting or removing a chapter moves none).
fn out_of_order(pair: &[Option<usize>]) -> BTreeSet<usize> {
    let seq: Vec<(usize, usize)> = pair
        .iter()
        .enumerate()
        .filter_map(|(ni, oi)| oi.map(|oi| (ni, oi)))
        .collect();
    // Longest increasing subsequence of old indices (quadratic: a book has few chapters).
    let mut len = vec![1usize; seq.len()];
    let mut prev = vec![usize::MAX; seq.len()];
    for i in 0..seq.len() {
        for j in 0..i {
            if seq[j].1 < seq[i].1 && len[j] + 1 > len[i] {
                len[i] = len[j] + 1;
                prev[i] = j;
            }
        }
    }
    let mut kept = BTreeSet::new();
    let mut at = (0..seq.len()).max_by_key(|&i| (len[i], std::cmp::Reverse(i)));
    while let Some(i) = at {
        kept.insert(seq[i].0);
        at = (prev[i] != usize::MAX).then(|| prev[i]);
    }
    seq.iter()
        .map(|(ni, _)| *ni)
        .filter(|ni| !kept.contains(ni))
        .collect()
}

/// Compares `new` with the earlier edition `old` (labelled `against`).
pub fn compare(old: &Document, new: &Document, against: &str) -> Changes {
    // Chapters: by key, then by title among those left.
    let mut pair: Vec<Option<usize>> = vec![None; new.chapters.len()];
    let mut used = BTreeSet::new();
    for (ni, nc) in new.chapters.iter().enumerate() {
        if let Some(oi) = old.chapters.iter().position(|oc| oc.key == nc.key) {
            if used.insert(oi) {
                pair[ni] = Some(oi);
            }
        }
    }
    for (ni, nc) in new.chapters.iter().enumerate() {
        if pair[ni].is_none() {
            let title = plain_text(&nc.title);
            if let Some(oi) = (0..old.chapters.len())
                .find(|oi| !used.contains(oi) && plain_text(&old.chapters[*oi].title) == title)
            {
                used.insert(oi);
                pair[ni] = Some(oi);
            }
        }
    }
    let moved_chapters = out_of_order(&pair);
    let canons = |d: &Document| -> Vec<Vec<String>> {
        d.chapters
            .iter()
            .map(|c| {
                let notes: BTreeMap<&str, &Footnote> =
                    c.footnotes.iter().map(|f| (f.id.as_str(), f)).collect();
                c.blocks.iter().map(|b| canon(b, &notes)).collect()
            })
            .collect()
    };
    let (co, cn) = (canons(old), canons(new));

    let mut marks: BTreeMap<(usize, usize), ChangeKind> = BTreeMap::new();
    let mut table_rows = BTreeMap::new();
    // New block → the old block it replaced in place.
    let mut replaced: BTreeMap<(usize, usize), (usize, usize)> = BTreeMap::new();
    let mut added: Vec<(usize, usize)> = Vec::new();
    let mut gone: Vec<Gone> = Vec::new();
    for (ni, nc) in new.chapters.iter().enumerate() {
        let Some(oi) = pair[ni] else {
            added.extend((0..nc.blocks.len()).map(|k| (ni, k)));
            continue;
        };
        let oc = &old.chapters[oi];
        for op in capture_diff_slices(Algorithm::Patience, &co[oi], &cn[ni]) {
            let (tag, o, n) = op.as_tag_tuple();
            match tag {
                DiffTag::Equal => {}
                DiffTag::Delete => gone.extend(o.map(|k| Gone {
                    chapter: oi,
                    block: k,
                    at: Some((ni, n.start)),
                    moved: false,
                })),
                DiffTag::Insert => added.extend(n.map(|k| (ni, k))),
                DiffTag::Replace => {
                    let (ol, nl) = (o.len(), n.len());
                    for j in 0..ol.max(nl) {
                        let same_kind = j < ol
                            && j < nl
                            && std::mem::discriminant(&oc.blocks[o.start + j])
                                == std::mem::discriminant(&nc.blocks[n.start + j]);
                        if same_kind {
                            if let (Block::Table(a), Block::Table(b)) =
                                (&oc.blocks[o.start + j], &nc.blocks[n.start + j])
                            {
                                if let Some(rows) = row_changes(a, b) {
                                    table_rows.insert((ni, n.start + j), rows);
                                }
                            }
                            marks.insert((ni, n.start + j), ChangeKind::Changed);
                            replaced.insert((ni, n.start + j), (oi, o.start + j));
                            continue;
                        }
                        if j < nl {
                            added.push((ni, n.start + j));
                        }
                        if j < ol {
                            gone.push(Gone {
                                chapter: oi,
                                block: o.start + j,
                                at: Some((ni, n.start + j.min(nl))),
                                moved: false,
                            });
                        }
                    }
                }
            }
        }
    }
    for oi in 0..old.chapters.len() {
        if !used.contains(&oi) {
            gone.extend((0..old.chapters[oi].blocks.len()).map(|k| Gone {
                chapter: oi,
                block: k,
                at: None,
                moved: false,
            }));
        }
    }
    // Moved: an added block whose content was removed elsewhere.
    let mut pool: BTreeMap<&str, VecDeque<usize>> = BTreeMap::new();
    for (gi, g) in gone.iter().enumerate() {
        let c = co[g.chapter][g.block].as_str();
        if !c.is_empty() {
            pool.entry(c).or_default().push_back(gi);
        }
    }
    for &(ni, k) in &added {
        let c = cn[ni][k].as_str();
        if c.is_empty() {
            continue;
        }
        let kind = match pool.get_mut(c).and_then(|q| q.pop_front()) {
            Some(gi) => {
                gone[gi].moved = true;
                ChangeKind::Moved
            }
            None => ChangeKind::Added,
        };
        marks.insert((ni, k), kind);
    }
    let gone: Vec<Gone> = gone
        .into_iter()
        .filter(|g| !co[g.chapter][g.block].is_empty())
        .collect();
    // Removals: the blocks gone at one place, one mark each.
    let mut at: BTreeMap<(usize, usize), Vec<&Gone>> = BTreeMap::new();
    for g in &gone {
        if let Some(place) = g.at {
            at.entry(place).or_default().push(g);
        }
    }
    let removals: Vec<Removal> = at
        .iter()
        .enumerate()
        .map(|(i, ((c, b), list))| Removal {
            chapter: *c,
            before: *b,
            blocks: list.iter().filter(|g| !g.moved).count(),
            moved: list.iter().filter(|g| g.moved).count(),
            id: format!("sotay-bai-bo-{}", i + 1),
        })
        .collect();

    // The change list and the passages, chapter by chapter, section by section.
    let mut sections = Vec::new();
    let mut passages = Vec::new();
    let mut old_done = BTreeSet::new();
    let mut titles = BTreeSet::new();
    let removed_chapter =
        |oi: usize, sections: &mut Vec<SectionChange>, passages: &mut Vec<Passage>| {
            let oc = &old.chapters[oi];
            let entry = SectionChange {
                kind: ChangeKind::Removed,
                label: chapter_label(oc.role, oc.number.as_deref()),
                title: plain_text(&oc.title),
                target: None,
                chapter: None,
                added: 0,
                changed: 0,
                removed: gone.iter().filter(|g| g.chapter == oi && !g.moved).count(),
            };
            for g in gone.iter().filter(|g| g.chapter == oi && !g.moved) {
                passages.push(Passage {
                    section: entry.heading(),
                    kind: ChangeKind::Removed,
                    old: block_text(&oc.blocks[g.block]),
                    new: String::new(),
                });
            }
            sections.push(entry);
        };
    for (ni, nc) in new.chapters.iter().enumerate() {
        if let Some(oi) = pair[ni] {
            for earlier in 0..oi {
                if !used.contains(&earlier) && old_done.insert(earlier) {
                    removed_chapter(earlier, &mut sections, &mut passages);
                }
            }
        }
        let chapter_entry = SectionChange {
            kind: ChangeKind::Changed,
            label: chapter_label(nc.role, nc.number.as_deref()),
            title: plain_text(&nc.title),
            target: Some(nc.id.clone()),
            chapter: Some(ni),
            added: 0,
            changed: 0,
            removed: 0,
        };
        let Some(oi) = pair[ni] else {
            let mut entry = chapter_entry;
            entry.kind = ChangeKind::Added;
            entry.added = nc.blocks.len();
            for b in &nc.blocks {
                let text = block_text(b);
                if !text.is_empty() {
                    passages.push(Passage {
                        section: entry.heading(),
                        kind: ChangeKind::Added,
                        old: String::new(),
                        new: text,
                    });
                }
            }
            sections.push(entry);
            continue;
        };
        let oc = &old.chapters[oi];
        // Sections of this chapter: the chapter's own part, then one per heading of level 2–3.
        let mut parts: Vec<(SectionChange, Option<usize>)> = vec![(chapter_entry, None)];
        let mut part_of = Vec::with_capacity(nc.blocks.len());
        for (k, b) in nc.blocks.iter().enumerate() {
            if let Block::Heading {
                level,
                id,
                number,
                content,
            } = b
            {
                if *level <= 3 {
                    parts.push((
                        SectionChange {
                            kind: ChangeKind::Changed,
                            label: number.clone(),
                            title: plain_text(content),
                            target: Some(id.clone()),
                            chapter: Some(ni),
                            added: 0,
                            changed: 0,
                            removed: 0,
                        },
                        Some(k),
                    ));
                }
            }
            part_of.push(parts.len() - 1);
        }
        let title_changed = plain_text(&oc.title) != plain_text(&nc.title);
        if title_changed {
            titles.insert(ni);
        }
        let mut touched = vec![false; parts.len()];
        touched[0] = title_changed;
        if title_changed {
            passages.push(Passage {
                section: parts[0].0.heading(),
                kind: ChangeKind::Changed,
                old: plain_text(&oc.title),
                new: plain_text(&nc.title),
            });
        }
        // Removed headings become entries of their own, after the part they were removed in.
        let mut removed_entries: BTreeMap<usize, Vec<SectionChange>> = BTreeMap::new();
        for k in 0..=nc.blocks.len() {
            for r in removals.iter().filter(|r| r.chapter == ni && r.before == k) {
                let part = if k == 0 { 0 } else { part_of[k - 1] };
                touched[part] = true;
                let section = parts[part].0.heading();
                for g in at.get(&(ni, k)).into_iter().flatten() {
                    let ob = &old.chapters[g.chapter].blocks[g.block];
                    if g.moved {
                        // Moved away: said here, marked where it went.
                        parts[part].0.changed += 1;
                        passages.push(Passage {
                            section: section.clone(),
                            kind: ChangeKind::Moved,
                            old: block_text(ob),
                            new: String::new(),
                        });
                        continue;
                    }
                    parts[part].0.removed += 1;
                    passages.push(Passage {
                        section: section.clone(),
                        kind: ChangeKind::Removed,
                        old: block_text(ob),
                        new: String::new(),
                    });
                    if let Block::Heading {
                        level,
                        number,
                        content,
                        ..
                    } = ob
                    {
                        if *level <= 3 {
                            removed_entries
                                .entry(part)
                                .or_default()
                                .push(SectionChange {
                                    kind: ChangeKind::Removed,
                                    label: number.clone(),
                                    title: plain_text(content),
                                    target: Some(r.id.clone()),
                                    chapter: Some(ni),
                                    added: 0,
                                    changed: 0,
                                    removed: 0,
                                });
                        }
                    }
                }
            }
            let Some(&kind) = marks.get(&(ni, k)) else {
                continue;
            };
            let part = part_of[k];
            touched[part] = true;
            let entry = &mut parts[part].0;
            let nb = &nc.blocks[k];
            let (old_text, new_text) = match kind {
                ChangeKind::Changed => {
                    entry.changed += 1;
                    let (c, b) = replaced[&(ni, k)];
                    changed_texts(&old.chapters[c].blocks[b], nb)
                }
                ChangeKind::Moved => {
                    entry.changed += 1;
                    (block_text(nb), block_text(nb))
                }
                _ => {
                    entry.added += 1;
                    (String::new(), block_text(nb))
                }
            };
            if parts[part].1 == Some(k) && kind == ChangeKind::Added {
                parts[part].0.kind = ChangeKind::Added;
            }
            passages.push(Passage {
                section: parts[part].0.heading(),
                kind,
                old: old_text,
                new: new_text,
            });
        }
        // A chapter whose place among the others changed (not one renumbered by an insertion).
        if moved_chapters.contains(&ni) {
            let was = chapter_label(oc.role, oc.number.as_deref()).unwrap_or_default();
            let now = chapter_label(nc.role, nc.number.as_deref()).unwrap_or_default();
            passages.push(Passage {
                section: parts[0].0.heading(),
                kind: ChangeKind::Changed,
                old: format!("Vị trí cũ: {was}"),
                new: format!("Vị trí mới: {now}"),
            });
            if !touched[0] {
                parts[0].0.kind = ChangeKind::Moved;
                touched[0] = true;
            }
        }
        for (i, (entry, _)) in parts.into_iter().enumerate() {
            if touched[i] {
                sections.push(entry);
            }
            sections.extend(removed_entries.remove(&i).unwrap_or_default());
        }
    }
    for oi in 0..old.chapters.len() {
        if !used.contains(&oi) && old_done.insert(oi) {
            removed_chapter(oi, &mut sections, &mut passages);
        }
    }
    Changes {
        against: against.to_owned(),
        blocks: marks,
        removals,
        titles,
        table_rows,
        sections,
        passages,
    }
}

/// The note where blocks were removed (HTML and EPUB): visible, and a `del` for assistive
/// technology.
pub(crate) fn removal_html(r: &Removal) -> String {
    format!(
        "<div class=\"change-removed\" id=\"{}\"><del>{}</del></div>\n",
        crate::html::escape_attr(&r.id),
        crate::html::escape(r.note())
    )
}

/// The change list (HTML and EPUB): a heading of level `h`, the legend, and one linked line
/// per section. `href(chapter, id)` gives a link to an anchor.
pub(crate) fn list_html(c: &Changes, href: &dyn Fn(usize, &str) -> String, h: u8) -> String {
    use crate::html::{escape, escape_attr};
    let mut out = format!(
        "<section class=\"changes\" id=\"sotay-thay-doi\" aria-labelledby=\"sotay-thay-doi-h\">\n<h{h} id=\"sotay-thay-doi-h\">{}</h{h}>\n<p class=\"legend\">{}</p>\n",
        escape(&c.title()),
        escape(c.legend())
    );
    // The key: each kind's mark drawn (by the style sheet, hidden from screen readers: the
    // legend says it) before its word.
    out.push_str("<p class=\"legend-key\">");
    for kind in [
        ChangeKind::Changed,
        ChangeKind::Added,
        ChangeKind::Moved,
        ChangeKind::Removed,
    ] {
        out.push_str(&format!(
            "<span class=\"key key-{}\" aria-hidden=\"true\"></span>{} ",
            kind.as_str(),
            escape(kind.label())
        ));
    }
    out.push_str("</p>\n<ol>\n");
    for s in &c.sections {
        let heading = escape(&s.heading());
        let kind = escape(s.kind.label());
        match (&s.target, s.chapter) {
            (Some(id), Some(ch)) => out.push_str(&format!(
                "<li><a href=\"{}\">{heading}</a> — <span class=\"kind\">{kind}</span></li>\n",
                escape_attr(&href(ch, id))
            )),
            _ => out.push_str(&format!(
                "<li>{heading} — <span class=\"kind\">{kind}</span></li>\n"
            )),
        }
    }
    out.push_str("</ol>\n</section>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(chapters: &[(&str, &str)]) -> Document {
        let inputs: Vec<ChapterInput> = chapters
            .iter()
            .map(|(key, md)| ChapterInput {
                key: (*key).into(),
                title: (*key).into(),
                markdown: (*md).into(),
                role: ChapterRole::Body,
            })
            .collect();
        crate::build(DocMeta::default(), &inputs, Numbering::Auto, &|_| None).document
    }

    const NUOI: &str = "# Nuôi tôm\n\n## Chuẩn bị ao {#chuan-bi}\n\nAo được phơi đáy 7 ngày.\n\nBón vôi 10 kg mỗi 1000 m².\n\n## Thả giống\n\nThả giống vào sáng sớm.\n\nXem [](#chuan-bi).\n";
    const THU: &str = "# Thu hoạch\n\n## Kéo lưới\n\nThu hoạch trong 4 giờ.\n\n| Lô | Khối lượng |\n|---|---|\n| L1 | 100 |\n| L2 | 200 |\n| L3 | 300 |\n\nBảng: Sản lượng\n";

    fn kinds(c: &Changes) -> Vec<(String, &'static str)> {
        c.sections
            .iter()
            .map(|s| (s.heading(), s.kind.label()))
            .collect()
    }

    #[test]
    fn the_same_document_has_no_changes() {
        let a = doc(&[("nuoi", NUOI), ("thu", THU)]);
        let c = compare(&a, &a.clone(), "1.0");
        assert!(c.is_empty(), "{c:?}");
        assert_eq!(c.title(), "Những thay đổi so với ấn bản 1.0");
    }

    #[test]
    fn a_changed_paragraph_is_marked_in_its_section() {
        let a = doc(&[("nuoi", NUOI), ("thu", THU)]);
        let b = doc(&[("nuoi", &NUOI.replace("7 ngày", "10 ngày")), ("thu", THU)]);
        let c = compare(&a, &b, "1.0");
        assert_eq!(c.blocks.len(), 1);
        assert_eq!(c.mark(0, 1), Some(ChangeKind::Changed));
        assert!(c.removals.is_empty());
        assert_eq!(kinds(&c), [("1.1 Chuẩn bị ao".to_owned(), "sửa đổi")]);
        assert_eq!(c.sections[0].target.as_deref(), Some("chuan-bi"));
        assert_eq!(c.passages[0].old, "Ao được phơi đáy 7 ngày.");
        assert_eq!(c.passages[0].new, "Ao được phơi đáy 10 ngày.");
    }

    #[test]
    fn an_added_section_is_listed_as_added() {
        let a = doc(&[("nuoi", NUOI), ("thu", THU)]);
        let b = doc(&[
            ("nuoi", NUOI),
            (
                "thu",
                &THU.replace("\n| Lô", "\n## Sơ chế\n\nRửa tôm bằng nước sạch.\n\n| Lô"),
            ),
        ]);
        let c = compare(&a, &b, "1.0");
        assert_eq!(kinds(&c), [("2.2 Sơ chế".to_owned(), "thêm mới")]);
        assert_eq!(c.sections[0].added, 2);
        assert_eq!(c.mark(1, 2), Some(ChangeKind::Added));
        assert_eq!(c.mark(1, 3), Some(ChangeKind::Added));
        assert_eq!(c.blocks.len(), 2, "the table after it is unchanged");
    }

    #[test]
    fn a_removed_table_row_changes_the_table_row_by_row() {
        let a = doc(&[("nuoi", NUOI), ("thu", THU)]);
        let b = doc(&[("nuoi", NUOI), ("thu", &THU.replace("| L2 | 200 |\n", ""))]);
        let c = compare(&a, &b, "1.0");
        assert_eq!(c.mark(1, 2), Some(ChangeKind::Changed));
        assert_eq!(kinds(&c), [("2.1 Kéo lưới".to_owned(), "sửa đổi")]);
        let p = &c.passages[0];
        assert_eq!((p.old.as_str(), p.new.as_str()), ("L2 | 200", ""));
    }

    #[test]
    fn a_table_changed_row_by_row_marks_its_rows() {
        let a = doc(&[("nuoi", NUOI), ("thu", THU)]);
        let b = doc(&[
            ("nuoi", NUOI),
            (
                "thu",
                &THU.replace("| L2 | 200 |\n", "")
                    .replace("| L3 | 300 |", "| L3 | 300 |\n| L4 | 400 |"),
            ),
        ]);
        let c = compare(&a, &b, "1.0");
        let rows = &c.table_rows[&(1, 2)];
        assert_eq!(
            rows.marked
                .iter()
                .map(|(k, v)| (*k, *v))
                .collect::<Vec<_>>(),
            [(2, ChangeKind::Added)]
        );
        assert_eq!(
            rows.removed_before
                .iter()
                .map(|(k, v)| (*k, *v))
                .collect::<Vec<_>>(),
            [(1, 1)]
        );
        // A changed header marks the whole table.
        let b = doc(&[
            ("nuoi", NUOI),
            (
                "thu",
                &THU.replace("| Lô | Khối lượng |", "| Mã lô | Khối lượng |"),
            ),
        ]);
        assert!(compare(&a, &b, "1.0").table_rows.is_empty());
    }

    #[test]
    fn a_renumbered_chapter_shows_no_false_bars() {
        let a = doc(&[("nuoi", NUOI), ("thu", THU)]);
        let b = doc(&[
            ("moi", "# Giới thiệu\n\nChương mới.\n"),
            ("nuoi", NUOI),
            ("thu", THU),
        ]);
        assert_eq!(b.chapters[1].number.as_deref(), Some("2"));
        let c = compare(&a, &b, "1.0");
        assert!(c.blocks.keys().all(|(ch, _)| *ch == 0), "{:?}", c.blocks);
        assert!(c.removals.is_empty());
        assert_eq!(kinds(&c), [("Chương 1. Giới thiệu".to_owned(), "thêm mới")]);
    }

    #[test]
    fn a_moved_paragraph_is_moved_not_added_and_removed() {
        let a = doc(&[("nuoi", NUOI), ("thu", THU)]);
        let moved = "Bón vôi 10 kg mỗi 1000 m².\n\n";
        let b = doc(&[
            ("nuoi", &NUOI.replace(moved, "")),
            (
                "thu",
                &THU.replace("Thu hoạch trong", &format!("{moved}Thu hoạch trong")),
            ),
        ]);
        let c = compare(&a, &b, "1.0");
        assert_eq!(c.mark(1, 1), Some(ChangeKind::Moved));
        // Where it was: a mark that says it moved, not that it was removed.
        assert_eq!(c.removals.len(), 1);
        assert_eq!((c.removals[0].blocks, c.removals[0].moved), (0, 1));
        assert_eq!(
            c.removals[0].note(),
            "Nội dung ở đây đã chuyển sang chỗ khác."
        );
        assert_eq!(c.blocks.len(), 1);
        assert_eq!(
            kinds(&c),
            [
                ("1.1 Chuẩn bị ao".to_owned(), "sửa đổi"),
                ("2.1 Kéo lưới".to_owned(), "sửa đổi")
            ]
        );
        assert_eq!(c.counts(), [0, 0, 1, 0]);
    }

    #[test]
    fn a_removed_section_leaves_a_mark_where_it_was() {
        let a = doc(&[("nuoi", NUOI), ("thu", THU)]);
        let b = doc(&[
            (
                "nuoi",
                "# Nuôi tôm\n\n## Chuẩn bị ao {#chuan-bi}\n\nAo được phơi đáy 7 ngày.\n\nBón vôi 10 kg mỗi 1000 m².\n",
            ),
            ("thu", THU),
        ]);
        let c = compare(&a, &b, "1.0");
        assert_eq!(c.removals.len(), 1);
        let r = &c.removals[0];
        assert_eq!((r.chapter, r.before, r.blocks), (0, 3, 3));
        assert_eq!(
            kinds(&c),
            [
                ("1.1 Chuẩn bị ao".to_owned(), "sửa đổi"),
                ("1.2 Thả giống".to_owned(), "bãi bỏ")
            ]
        );
        assert_eq!(c.sections[1].target.as_deref(), Some(r.id.as_str()));
        assert_eq!(c.counts(), [0, 0, 0, 3]);
        // A whole chapter removed is listed without a place.
        let c = compare(&a, &doc(&[("nuoi", NUOI)]), "1.0");
        assert_eq!(kinds(&c), [("Chương 2. Thu hoạch".to_owned(), "bãi bỏ")]);
        assert_eq!(c.sections[0].target, None);
    }

    #[test]
    fn html_and_epub_mark_blocks_and_list_the_changes_only_when_compared() {
        let a = doc(&[("nuoi", NUOI), ("thu", THU)]);
        let mut b = doc(&[
            (
                "nuoi",
                &NUOI
                    .replace("7 ngày", "10 ngày")
                    .replace("Thả giống vào sáng sớm.\n\n", ""),
            ),
            ("thu", THU),
        ]);
        let plain = crate::html::single_file(&b);
        assert!(!plain.contains("change") && !plain.contains("Những thay đổi"));
        b.changes = Some(compare(&a, &b, "1.0"));
        let html = crate::html::single_file(&b);
        let list = html
            .find("<section class=\"changes\"")
            .expect("the change list");
        assert!(html.find("</nav>").unwrap() < list && list < html.find("<main>").unwrap());
        assert!(html.contains(
            "<a href=\"#chuan-bi\">1.1 Chuẩn bị ao</a> — <span class=\"kind\">sửa đổi</span>"
        ));
        assert!(html.contains("<div class=\"change change-changed\"><span class=\"visually-hidden\">Đã sửa đổi:</span>\n<p>Ao được phơi đáy 10 ngày.</p>"));
        assert!(html.contains("<div class=\"change-removed\" id=\"sotay-bai-bo-1\"><del>Đã bãi bỏ nội dung ở đây.</del></div>"));
        assert!(html.contains(".change-removed {"));
        let epub = crate::epub::write(&b).unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(epub)).unwrap();
        let mut list = String::new();
        std::io::Read::read_to_string(&mut zip.by_name("EPUB/changes.xhtml").unwrap(), &mut list)
            .unwrap();
        assert!(list.contains("href=\"ch-001.xhtml#tha-giong\""), "{list}");
        let mut chapter = String::new();
        std::io::Read::read_to_string(&mut zip.by_name("EPUB/ch-001.xhtml").unwrap(), &mut chapter)
            .unwrap();
        assert!(chapter.contains("id=\"sotay-bai-bo-1\""));
    }

    #[test]
    fn a_chapter_moved_among_the_others_is_listed_as_moved_without_bars() {
        let a = doc(&[
            ("nuoi", NUOI),
            ("thu", THU),
            ("ho-so", "# Hồ sơ\n\nLưu 2 năm.\n"),
        ]);
        let b = doc(&[
            ("ho-so", "# Hồ sơ\n\nLưu 2 năm.\n"),
            ("nuoi", NUOI),
            ("thu", THU),
        ]);
        let c = compare(&a, &b, "1.0");
        assert!(c.blocks.is_empty() && c.removals.is_empty());
        assert_eq!(kinds(&c), [("Chương 1. Hồ sơ".to_owned(), "chuyển chỗ")]);
        assert_eq!(c.passages[0].old, "Vị trí cũ: Chương 3");
    }

    #[test]
    fn a_renamed_chapter_has_its_title_marked() {
        let a = doc(&[("nuoi", NUOI), ("thu", THU)]);
        let b = doc(&[
            ("nuoi", NUOI),
            ("thu", &THU.replace("# Thu hoạch", "# Thu hoạch và sơ chế")),
        ]);
        let c = compare(&a, &b, "1.0");
        assert!(c.blocks.is_empty());
        assert_eq!(c.titles.iter().copied().collect::<Vec<_>>(), [1]);
        assert_eq!(
            kinds(&c),
            [("Chương 2. Thu hoạch và sơ chế".to_owned(), "sửa đổi")]
        );
        let mut b = b;
        b.changes = Some(c);
        assert!(crate::html::single_file(&b).contains("<h2 id=\"chuong-thu-h\" class=\"change change-changed\"><span class=\"visually-hidden\">Đã sửa đổi:</span>"));
    }

    /// Marked rows with their kind, and removals (before row, how many).
    type RowMarks = (Vec<(usize, ChangeKind)>, Vec<(usize, usize)>);

    /// The row marks of the table that is block `k` of chapter `ch`.
    fn rows_of(c: &Changes, ch: usize, k: usize) -> RowMarks {
        let r = &c.table_rows[&(ch, k)];
        (
            r.marked.iter().map(|(a, b)| (*a, *b)).collect(),
            r.removed_before.iter().map(|(a, b)| (*a, *b)).collect(),
        )
    }

    #[test]
    fn table_rows_removed_added_and_changed_are_told_apart() {
        let a = doc(&[("nuoi", NUOI), ("thu", THU)]);
        // A row removed: no row marked, one removal before the row that followed it.
        let b = doc(&[("nuoi", NUOI), ("thu", &THU.replace("| L2 | 200 |\n", ""))]);
        assert_eq!(
            rows_of(&compare(&a, &b, "1.0"), 1, 2),
            (vec![], vec![(1, 1)])
        );
        // Two rows removed at the end.
        let b = doc(&[
            ("nuoi", NUOI),
            ("thu", &THU.replace("| L2 | 200 |\n| L3 | 300 |\n", "")),
        ]);
        assert_eq!(
            rows_of(&compare(&a, &b, "1.0"), 1, 2),
            (vec![], vec![(1, 2)])
        );
        // A row added.
        let b = doc(&[
            ("nuoi", NUOI),
            (
                "thu",
                &THU.replace("| L2 | 200 |", "| L2 | 200 |\n| L2b | 250 |"),
            ),
        ]);
        assert_eq!(
            rows_of(&compare(&a, &b, "1.0"), 1, 2),
            (vec![(2, ChangeKind::Added)], vec![])
        );
        // A changed cell: its row changed, that cell only.
        let b = doc(&[("nuoi", NUOI), ("thu", &THU.replace("| 200 |", "| 210 |"))]);
        let c = compare(&a, &b, "1.0");
        assert_eq!(rows_of(&c, 1, 2), (vec![(1, ChangeKind::Changed)], vec![]));
        let r = &c.table_rows[&(1, 2)];
        assert_eq!(r.cells[&1].iter().copied().collect::<Vec<_>>(), [1]);
        assert!(r.cell_changed(1, 1) && !r.cell_changed(1, 0));
        assert_eq!(c.blocks.len(), 1, "only the table: {:?}", c.blocks);
    }

    #[test]
    fn reordered_rows_are_moved_not_added_and_removed() {
        let a = doc(&[("nuoi", NUOI), ("thu", THU)]);
        let b = doc(&[
            ("nuoi", NUOI),
            (
                "thu",
                &THU.replace("| L1 | 100 |\n| L2 | 200 |", "| L2 | 200 |\n| L1 | 100 |"),
            ),
        ]);
        let c = compare(&a, &b, "1.0");
        let (marked, removed) = rows_of(&c, 1, 2);
        assert_eq!(marked.len(), 1, "{marked:?}");
        assert_eq!(marked[0].1, ChangeKind::Moved);
        assert!(removed.is_empty(), "{removed:?}");
    }

    #[test]
    fn renumbered_rows_and_chapters_make_no_false_row_marks() {
        // A table with a first column that counts its rows ("STT") and a cross-reference.
        let table = |rows: &[&str]| {
            let mut md = String::from("# Hồ sơ\n\n## Lưu trữ {#luu}\n\nLưu 2 năm.\n\n| STT | Hồ sơ | Xem |\n|---|---|---|\n");
            for (i, r) in rows.iter().enumerate() {
                md.push_str(&format!("| {}. | {r} | [](#luu) |\n", i + 1));
            }
            md.push_str("\nBảng: Hồ sơ cần lưu\n");
            md
        };
        let all = [
            "Nhật ký ao",
            "Hóa đơn thức ăn",
            "Phiếu xuất bán",
            "Giấy kiểm dịch",
        ];
        let a = doc(&[("ho-so", &table(&all))]);
        // "Hóa đơn thức ăn" removed: the rows after it renumbered (3 → 2, 4 → 3); and a new
        // chapter before, so the chapter, the section, the table and the cross-reference labels
        // are all renumbered too.
        let b = doc(&[
            ("moi", "# Giới thiệu\n\nChương mới.\n"),
            (
                "ho-so",
                &table(&["Nhật ký ao", "Phiếu xuất bán", "Giấy kiểm dịch"]),
            ),
        ]);
        let t = block_text(&b.chapters[1].blocks[2]);
        assert!(t.contains("2. | Phiếu xuất bán | mục 2.1"), "{t}");
        let c = compare(&a, &b, "1.0");
        assert_eq!(rows_of(&c, 1, 2), (vec![], vec![(1, 1)]));
        // Only renumbering: nothing at all in that chapter.
        let b = doc(&[
            ("moi", "# Giới thiệu\n\nChương mới.\n"),
            ("ho-so", &table(&all)),
        ]);
        let c = compare(&a, &b, "1.0");
        assert!(c.blocks.keys().all(|(ch, _)| *ch == 0) && c.table_rows.is_empty());
    }

    #[test]
    fn html_and_epub_mark_table_rows() {
        let a = doc(&[("nuoi", NUOI), ("thu", THU)]);
        let mut b = doc(&[
            ("nuoi", NUOI),
            (
                "thu",
                &THU.replace("| L1 | 100 |\n", "")
                    .replace("| 300 |", "| 310 |")
                    .replace("| L3 | 310 |", "| L3 | 310 |\n| L4 | 400 |"),
            ),
        ]);
        b.changes = Some(compare(&a, &b, "1.0"));
        let html = crate::html::single_file(&b);
        // The table is marked by its rows, not wrapped as a whole.
        assert!(!html.contains("<div class=\"change change-changed\"><span class=\"visually-hidden\">Đã sửa đổi:</span>\n<div class=\"table-wrap\">"));
        assert!(html.contains("<tbody>\n<tr class=\"change-removed-row\"><td colspan=\"2\"><del>Đã bãi bỏ 1 dòng ở đây.</del></td></tr>\n<tr><td>L2</td><td>200</td></tr>"), "{html}");
        assert!(html.contains("<tr class=\"change-row change-row-changed\"><td><span class=\"visually-hidden\">Đã sửa đổi:</span> L3</td><td class=\"change-cell\">310</td></tr>"));
        assert!(html.contains("<tr class=\"change-row change-row-added\"><td><span class=\"visually-hidden\">Đã thêm mới:</span> L4</td><td>400</td></tr>"));
        assert!(html.contains("tr.change-row-added > td:last-child"));
        // The EPUB chapter the same, as XHTML.
        let epub = crate::epub::write(&b).unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(epub)).unwrap();
        let mut chapter = String::new();
        std::io::Read::read_to_string(&mut zip.by_name("EPUB/ch-002.xhtml").unwrap(), &mut chapter)
            .unwrap();
        assert!(
            chapter.contains("<tr class=\"change-row change-row-added\">"),
            "{chapter}"
        );
        assert!(chapter.contains("<del>Đã bãi bỏ 1 dòng ở đây.</del>"));
        // epubcheck, when installed, is the judge of the XHTML.
        let jar = std::path::Path::new("/usr/share/java/epubcheck.jar");
        if jar.exists() {
            let path = std::env::temp_dir().join(format!("sotay-rows-{}.epub", std::process::id()));
            std::fs::write(&path, crate::epub::write(&b).unwrap()).unwrap();
            let out = std::process::Command::new("java")
                .arg("-jar")
                .arg(jar)
                .arg(&path)
                .output()
                .unwrap();
            let _ = std::fs::remove_file(&path);
            assert!(
                out.status.success(),
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }

    #[test]
    fn html_marks_say_their_kind_by_class_and_label() {
        let a = doc(&[("nuoi", NUOI), ("thu", THU)]);
        let moved = "Bón vôi 10 kg mỗi 1000 m².\n\n";
        let mut b = doc(&[
            (
                "nuoi",
                &NUOI.replace(moved, "").replace("7 ngày", "10 ngày"),
            ),
            (
                "thu",
                &THU.replace("Thu hoạch trong", &format!("{moved}Thu hoạch trong"))
                    .replace("4 giờ.\n", "4 giờ.\n\nRửa tôm bằng nước sạch.\n"),
            ),
        ]);
        b.changes = Some(compare(&a, &b, "1.0"));
        let html = crate::html::single_file(&b);
        for (kind, label) in [
            ("changed", "Đã sửa đổi:"),
            ("moved", "Đã chuyển chỗ:"),
            ("added", "Đã thêm mới:"),
        ] {
            assert!(
                html.contains(&format!("<div class=\"change change-{kind}\"><span class=\"visually-hidden\">{label}</span>")),
                "{kind}"
            );
        }
        // The styles tell them apart by the bar's shape, also in print.
        assert!(html.contains(".change-added { border-right: 7px double"));
        assert!(html.contains(".change-moved { border-right-style: dashed; }"));
        assert!(html.contains("<p class=\"legend\">Ở lề ngoài, vạch liền đánh dấu nội dung sửa đổi, vạch đôi nội dung thêm mới, vạch đứt nội dung chuyển chỗ"));
        // Its key draws each mark before its word.
        assert!(html.contains("<p class=\"legend-key\"><span class=\"key key-changed\" aria-hidden=\"true\"></span>sửa đổi <span class=\"key key-added\" aria-hidden=\"true\"></span>thêm mới <span class=\"key key-moved\" aria-hidden=\"true\"></span>chuyển chỗ <span class=\"key key-removed\" aria-hidden=\"true\"></span>bãi bỏ </p>"));
        assert!(html.contains(".key-added { border-left: 7px double"));
    }

    #[test]
    fn the_comparison_is_deterministic() {
        let a = doc(&[("nuoi", NUOI), ("thu", THU)]);
        let b = doc(&[("thu", &THU.replace("4 giờ", "3 giờ")), ("nuoi", NUOI)]);
        assert_eq!(compare(&a, &b, "1.0"), compare(&a, &b, "1.0"));
    }
}
