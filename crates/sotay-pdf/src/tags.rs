//! The structure tree (tagged PDF, PDF/UA-1 and PDF/A-2a): built by the layout as it places
//! what the document model says each piece is, written into the file by the `post` pass.
//!
//! The layout opens and closes structure elements as it walks the model (a chapter is a
//! `Sect`, a paragraph a `P`, a table cell a `TD`…) and, whenever it puts text or an image on a
//! page, asks for a marked-content id (MCID) of the element that owns it on that page: every
//! drawn run and figure carries a [`Mark`], an MCID or the kind of artifact it is (running
//! header and footer, page number, crop marks, repeated table headers, rules and backgrounds).
//! The renderer wraps each mark's operators in `BDC … EMC`, so nothing is drawn untagged.
//! The kids of an element (other elements, marked content on a page, link annotations) are
//! kept in reading order, which is the order of the document, footnotes right after the
//! paragraph that calls them.

use lopdf::{Object, ObjectId, StringFormat};

use crate::write::{int, real, reference, string, text_string, Raw};

/// A standard structure type (ISO 32000-1, 14.8.4): no role map is needed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    Document,
    Sect,
    Div,
    /// H1–H6.
    H(u8),
    P,
    L,
    LI,
    Lbl,
    LBody,
    Table,
    THead,
    TBody,
    TR,
    TH,
    TD,
    Figure,
    Caption,
    Note,
    Reference,
    Link,
    Toc,
    Toci,
    Code,
    BlockQuote,
    /// A passage in another language (its `/Lang` in [`Extra::lang`]).
    Span,
}

impl Role {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Role::Document => "Document",
            Role::Sect => "Sect",
            Role::Div => "Div",
            Role::H(1) => "H1",
            Role::H(2) => "H2",
            Role::H(3) => "H3",
            Role::H(4) => "H4",
            Role::H(5) => "H5",
            Role::H(_) => "H6",
            Role::P => "P",
            Role::L => "L",
            Role::LI => "LI",
            Role::Lbl => "Lbl",
            Role::LBody => "LBody",
            Role::Table => "Table",
            Role::THead => "THead",
            Role::TBody => "TBody",
            Role::TR => "TR",
            Role::TH => "TH",
            Role::TD => "TD",
            Role::Figure => "Figure",
            Role::Caption => "Caption",
            Role::Note => "Note",
            Role::Reference => "Reference",
            Role::Link => "Link",
            Role::Toc => "TOC",
            Role::Toci => "TOCI",
            Role::Code => "Code",
            Role::BlockQuote => "BlockQuote",
            Role::Span => "Span",
        }
    }

    /// Elements that hold blocks: footnotes called inside a block go after it, in the first
    /// of these that contains it.
    fn holds_blocks(self) -> bool {
        matches!(
            self,
            Role::Document | Role::Sect | Role::Div | Role::BlockQuote | Role::LBody | Role::Note
        )
    }
}

/// What kind of artifact (content that is not part of the document's text).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Art {
    /// Rules, backgrounds, table borders, bars beside quotes, strike-through lines.
    Layout,
    /// Printer's marks (crop marks).
    Page,
    /// Running header.
    Header,
    /// Running footer (edition, copy stamp).
    Footer,
    /// The page number in the footer.
    PageNum,
    /// Other pagination furniture: a table's header row repeated on a new page, a copy's
    /// stamp and QR code on the colophon.
    Pagination,
}

impl Art {
    const ALL: [Art; 6] = [
        Art::Layout,
        Art::Page,
        Art::Header,
        Art::Footer,
        Art::PageNum,
        Art::Pagination,
    ];

    /// Its number in the renderer's placeholders.
    pub(crate) fn index(self) -> usize {
        Art::ALL.iter().position(|&a| a == self).unwrap_or(0)
    }

    /// The property list of its `BDC`.
    pub(crate) fn properties(self) -> (&'static [u8], Option<&'static [u8]>) {
        match self {
            Art::Layout => (b"Layout", None),
            Art::Page => (b"Page", None),
            Art::Header => (b"Pagination", Some(b"Header")),
            Art::Footer => (b"Pagination", Some(b"Footer")),
            // `PageNum` is the PDF 2.0 name; readers of 1.7 take it as a pagination artifact.
            Art::PageNum => (b"Pagination", Some(b"PageNum")),
            Art::Pagination => (b"Pagination", None),
        }
    }
}

/// How something drawn is marked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Mark {
    /// Not placed yet (drawn untagged: the conformance tests look for it).
    #[default]
    Unset,
    /// Real content: marked-content id on its page.
    Mcid(u32),
    Artifact(Art),
}

pub(crate) type NodeId = u32;

/// A kid of a structure element, in reading order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kid {
    Node(NodeId),
    /// Marked content on page `page` (0-based).
    Mcr {
        page: u32,
        mcid: u32,
    },
    /// The `link`-th entry of the page's links (a link annotation).
    Annot {
        page: u32,
        link: u32,
    },
}

/// A structure element (kept small: a long handbook has one per paragraph and table cell).
#[derive(Debug, Clone)]
pub(crate) struct Node {
    pub role: Role,
    pub parent: NodeId,
    pub kids: Vec<Kid>,
    /// What few elements have.
    pub extra: Option<Box<Extra>>,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Extra {
    /// Figure: the alternate description. Link: the text (the annotation's `/Contents`).
    pub alt: Option<String>,
    /// Note: its identifier (PDF/UA requires one).
    pub id: Option<String>,
    /// Figure: its box in layout coordinates (page, x, y, w, h; y down from the trim top).
    pub bbox: Option<(u32, [f32; 4])>,
    /// Span: the language of a passage marked `{lang=…}` (its `/Lang`).
    pub lang: Option<std::sync::Arc<str>>,
    /// L: how its labels are numbered (`/ListNumbering`: Decimal, Disc, Circle, Square, None).
    pub numbering: Option<&'static str>,
}

impl Node {
    pub(crate) fn alt(&self) -> Option<&str> {
        self.extra.as_ref()?.alt.as_deref()
    }

    pub(crate) fn id(&self) -> Option<&str> {
        self.extra.as_ref()?.id.as_deref()
    }

    pub(crate) fn bbox(&self) -> Option<&(u32, [f32; 4])> {
        self.extra.as_ref()?.bbox.as_ref()
    }

    pub(crate) fn numbering(&self) -> Option<&'static str> {
        self.extra.as_ref()?.numbering
    }

    pub(crate) fn lang(&self) -> Option<&str> {
        self.extra.as_ref()?.lang.as_deref()
    }
}

/// The tree as the layout builds it: node 0 is the `Document` element.
#[derive(Debug, Clone)]
pub(crate) struct Tree {
    pub nodes: Vec<Node>,
    /// Open elements, innermost last.
    stack: Vec<NodeId>,
    /// Notes called by the open block, attached after it when it closes.
    pending: Vec<NodeId>,
    /// The last heading level in the chapter (H1 is the chapter title).
    heading: u8,
    /// Link annotations are drawn (screen edition): linked text is a `Link` element.
    pub links: bool,
}

impl Tree {
    pub(crate) fn new(links: bool) -> Tree {
        Tree {
            nodes: vec![Node {
                role: Role::Document,
                parent: 0,
                kids: Vec::new(),
                extra: None,
            }],
            stack: vec![0],
            pending: Vec::new(),
            heading: 1,
            links,
        }
    }

    /// The innermost open element.
    pub(crate) fn cur(&self) -> NodeId {
        *self.stack.last().unwrap_or(&0)
    }

    /// A new element, not attached to any parent yet.
    pub(crate) fn detached(&mut self, role: Role) -> NodeId {
        let id = self.nodes.len() as NodeId;
        self.nodes.push(Node {
            role,
            parent: 0,
            kids: Vec::new(),
            extra: None,
        });
        id
    }

    /// Attaches `child` as the last kid of `parent`.
    pub(crate) fn attach(&mut self, parent: NodeId, child: NodeId) {
        self.nodes[child as usize].parent = parent;
        self.nodes[parent as usize].kids.push(Kid::Node(child));
    }

    /// The rarely used parts of element `n`, made when first needed.
    pub(crate) fn extra(&mut self, n: NodeId) -> &mut Extra {
        self.nodes[n as usize]
            .extra
            .get_or_insert_with(Box::default)
    }

    /// A new element as the last kid of `parent`.
    pub(crate) fn child(&mut self, parent: NodeId, role: Role) -> NodeId {
        let id = self.detached(role);
        self.attach(parent, id);
        id
    }

    /// A new element inside the innermost open one, not opened.
    pub(crate) fn leaf(&mut self, role: Role) -> NodeId {
        self.child(self.cur(), role)
    }

    /// Opens a new element inside the innermost open one.
    pub(crate) fn open(&mut self, role: Role) -> NodeId {
        let id = self.leaf(role);
        self.stack.push(id);
        id
    }

    /// Opens an existing element (a table row met again on the next page).
    pub(crate) fn reopen(&mut self, id: NodeId) {
        self.stack.push(id);
    }

    /// Closes `id` and whatever was opened inside it; notes called inside go after it when
    /// its parent holds blocks.
    pub(crate) fn close(&mut self, id: NodeId) {
        while let Some(top) = self.stack.pop() {
            if top == id {
                break;
            }
        }
        if self.stack.is_empty() {
            self.stack.push(0);
        }
        let parent = self.cur();
        if !self.pending.is_empty() && self.nodes[parent as usize].role.holds_blocks() {
            for n in std::mem::take(&mut self.pending) {
                self.attach(parent, n);
            }
        }
    }

    /// A chapter starts: its title is the H1.
    pub(crate) fn chapter(&mut self) {
        self.heading = 1;
    }

    /// The heading level to tag a Markdown heading of `level` (2–6) with: never more than
    /// one below the previous heading, so levels are not skipped (`##` then `####` is H2, H3).
    pub(crate) fn heading_level(&mut self, level: u8) -> u8 {
        let l = level.clamp(2, 6).min(self.heading + 1);
        self.heading = l;
        l
    }

    /// The `Span` of a passage in `lang` inside `owner`, for content about to be marked: the
    /// span `owner` ended with, when it is in the same language (a passage running on to the
    /// next line or run), else a new one.
    pub(crate) fn lang_span(&mut self, owner: NodeId, lang: &std::sync::Arc<str>) -> NodeId {
        if let Some(&Kid::Node(last)) = self.nodes[owner as usize].kids.last() {
            let n = &self.nodes[last as usize];
            if n.role == Role::Span && n.lang() == Some(lang) {
                return last;
            }
        }
        let span = self.child(owner, Role::Span);
        self.extra(span).lang = Some(lang.clone());
        span
    }

    /// A note called in the open block; attached after the block.
    pub(crate) fn note(&mut self, id: &str) -> NodeId {
        let n = self.detached(Role::Note);
        self.extra(n).id = Some(format!("note-{id}"));
        self.pending.push(n);
        n
    }

    /// Attaches the notes still waiting (at the end of a chapter or the document).
    pub(crate) fn flush_notes(&mut self, parent: NodeId) {
        for n in std::mem::take(&mut self.pending) {
            self.attach(parent, n);
        }
    }

    /// The MCID for content of `node` on page `page`, whose marks so far are `marks`: the
    /// previous one when the node's last kid is the page's last marked content (consecutive
    /// lines of a paragraph share one), else a new one.
    pub(crate) fn mcid(&mut self, node: NodeId, page: usize, marks: &mut Vec<NodeId>) -> Mark {
        let n = &mut self.nodes[node as usize];
        if let Some(&Kid::Mcr { page: p, mcid }) = n.kids.last() {
            if p as usize == page && mcid as usize + 1 == marks.len() {
                return Mark::Mcid(mcid);
            }
        }
        self.fresh_mcid(node, page, marks)
    }

    /// A new MCID for content of `node` on page `page`.
    pub(crate) fn fresh_mcid(
        &mut self,
        node: NodeId,
        page: usize,
        marks: &mut Vec<NodeId>,
    ) -> Mark {
        let mcid = marks.len() as u32;
        marks.push(node);
        self.nodes[node as usize].kids.push(Kid::Mcr {
            page: page as u32,
            mcid,
        });
        Mark::Mcid(mcid)
    }
}

/// `s` cut to at most 8,000 characters: a PDF string holds at most 32,767 bytes (PDF 1.7,
/// Annex C; PDF/A checks it), four per character at worst in UTF-16.
pub(crate) fn clip(s: &str) -> &str {
    match s.char_indices().nth(8000) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// A page's content stream with the renderer's placeholders (`/m12 BMC`, `/a3 BMC`, each on
/// a line of its own) expanded to the marked-content operators they stand for: the
/// structure type of MCID 12's element (`marks`) with its MCID, or the artifact's property
/// list. Everything else is copied as it is.
pub(crate) fn expand(content: &[u8], tree: &Tree, marks: &[NodeId]) -> Vec<u8> {
    let mut out = Vec::with_capacity(content.len() + content.len() / 8);
    for line in content.split_inclusive(|&b| b == b'\n') {
        let body = line.strip_suffix(b"\n").unwrap_or(line);
        let placeholder = body
            .strip_suffix(b" BMC")
            .and_then(|n| n.strip_prefix(b"/"))
            .filter(|n| n.len() > 1 && matches!(n[0], b'm' | b'a'))
            .and_then(|n| {
                let v: u32 = std::str::from_utf8(&n[1..]).ok()?.parse().ok()?;
                Some((n[0], v))
            });
        match placeholder {
            Some((b'm', mcid)) => {
                let role = marks
                    .get(mcid as usize)
                    .map_or("Span", |&n| tree.nodes[n as usize].role.name());
                out.push(b'/');
                out.extend_from_slice(role.as_bytes());
                out.extend_from_slice(b" <</MCID ");
                int(&mut out, mcid.into());
                out.extend_from_slice(b">> BDC\n");
            }
            Some((_, k)) => {
                let (ty, sub) = Art::ALL[(k as usize).min(Art::ALL.len() - 1)].properties();
                out.extend_from_slice(b"/Artifact <</Type /");
                out.extend_from_slice(ty);
                if let Some(sub) = sub {
                    out.extend_from_slice(b" /Subtype /");
                    out.extend_from_slice(sub);
                }
                out.extend_from_slice(b">> BDC\n");
            }
            None => out.extend_from_slice(line),
        }
    }
    out
}

/// Writes the structure tree: `StructTreeRoot`, one `StructElem` per node, the parent tree
/// (pages' MCIDs, then annotations), and sets `/StructParents` on pages and `/StructParent`
/// on annotations; returns the `StructTreeRoot`. `marks[p]` is page `p`'s MCID → node;
/// `annots[p][l]` the object of page `p`'s `l`-th link, if drawn. `bbox` turns a layout box
/// into a PDF rectangle.
///
/// The elements are serialized here, straight into `raw` (thousands of small dictionaries:
/// building them as `lopdf` objects first cost more than the rest of the pass).
pub(crate) fn write(
    doc: &mut lopdf::Document,
    raw: &mut Raw,
    tree: &Tree,
    pages: &[ObjectId],
    marks: &[&[NodeId]],
    annots: &[Vec<Option<ObjectId>>],
    bbox: &dyn Fn(&[f32; 4]) -> [f32; 4],
) -> ObjectId {
    let root_id = doc.new_object_id();
    let first = doc.max_id + 1;
    doc.max_id += tree.nodes.len() as u32;
    let id = |n: NodeId| (first + n, 0u16);
    let mut annot_key: Vec<(ObjectId, NodeId)> = Vec::new();
    for (i, n) in tree.nodes.iter().enumerate() {
        let out = raw.begin(first + i as u32);
        out.extend_from_slice(b"<</Type/StructElem/S/");
        out.extend_from_slice(n.role.name().as_bytes());
        out.extend_from_slice(b"/P ");
        reference(out, if i == 0 { root_id } else { id(n.parent) });
        // The element's page: that of its first marked content or annotation.
        let pg = n.kids.iter().find_map(|k| match *k {
            Kid::Mcr { page, .. } | Kid::Annot { page, .. } => Some(page),
            Kid::Node(_) => None,
        });
        let pg = pg.filter(|&p| (p as usize) < pages.len());
        if let Some(p) = pg {
            out.extend_from_slice(b"/Pg ");
            reference(out, pages[p as usize]);
        }
        if !n.kids.is_empty() {
            out.extend_from_slice(b"/K[");
            for (k, kid) in n.kids.iter().enumerate() {
                if k > 0 {
                    out.push(b' ');
                }
                match *kid {
                    Kid::Node(c) => reference(out, id(c)),
                    Kid::Mcr { page, mcid } if Some(page) == pg => int(out, mcid.into()),
                    Kid::Mcr { page, mcid } => {
                        if let Some(&p) = pages.get(page as usize) {
                            out.extend_from_slice(b"<</Type/MCR/Pg ");
                            reference(out, p);
                            out.extend_from_slice(b"/MCID ");
                            int(out, mcid.into());
                            out.extend_from_slice(b">>");
                        }
                    }
                    Kid::Annot { page, link } => {
                        let obj = annots
                            .get(page as usize)
                            .and_then(|a| a.get(link as usize))
                            .copied()
                            .flatten();
                        if let (Some(obj), Some(&p)) = (obj, pages.get(page as usize)) {
                            out.extend_from_slice(b"<</Type/OBJR/Obj ");
                            reference(out, obj);
                            out.extend_from_slice(b"/Pg ");
                            reference(out, p);
                            out.extend_from_slice(b">>");
                            annot_key.push((obj, i as NodeId));
                        }
                    }
                }
            }
            out.push(b']');
        }
        if let (Role::Figure, Some(alt)) = (n.role, n.alt()) {
            out.extend_from_slice(b"/Alt ");
            text_string(out, clip(alt));
        }
        if let Some(lang) = n.lang() {
            out.extend_from_slice(b"/Lang ");
            text_string(out, lang);
        }
        if let Some(note_id) = n.id() {
            out.extend_from_slice(b"/ID ");
            string(out, note_id.as_bytes(), StringFormat::Literal);
        }
        match (n.role, n.bbox()) {
            (Role::TH, _) => out.extend_from_slice(b"/A<</O/Table/Scope/Column>>"),
            (Role::L, _) => {
                out.extend_from_slice(b"/A<</O/List/ListNumbering/");
                out.extend_from_slice(n.numbering().unwrap_or("None").as_bytes());
                out.extend_from_slice(b">>");
            }
            (Role::Figure, Some((_, b))) => {
                out.extend_from_slice(b"/A<</O/Layout/Placement/Block/BBox[");
                for (k, v) in bbox(b).iter().enumerate() {
                    if k > 0 {
                        out.push(b' ');
                    }
                    real(out, (v * 100.0).round() / 100.0);
                }
                out.extend_from_slice(b"]>>");
            }
            _ => {}
        }
        out.extend_from_slice(b">>");
    }

    // Parent tree: key p → the elements of page p's MCIDs; then one key per annotation.
    let parent_tree_id = doc.new_object_id();
    let out = raw.begin(parent_tree_id.0);
    out.extend_from_slice(b"<</Nums[");
    for (p, &pid) in pages.iter().enumerate() {
        let m = marks.get(p).copied().unwrap_or_default();
        if m.is_empty() {
            continue;
        }
        int(out, p as i64);
        out.extend_from_slice(b" [");
        for (k, &n) in m.iter().enumerate() {
            if k > 0 {
                out.push(b' ');
            }
            reference(out, id(n));
        }
        out.extend_from_slice(b"] ");
        if let Ok(Object::Dictionary(page)) = doc.get_object_mut(pid) {
            page.set("StructParents", Object::Integer(p as i64));
        }
    }
    let mut key = pages.len() as i64;
    for (obj, node) in &annot_key {
        if let Ok(Object::Dictionary(a)) = doc.get_object_mut(*obj) {
            a.set("StructParent", Object::Integer(key));
        }
        int(out, key);
        out.push(b' ');
        reference(out, id(*node));
        out.push(b' ');
        key += 1;
    }
    out.extend_from_slice(b"]>>");

    // The root, with the notes' identifiers.
    let mut names: Vec<(&str, NodeId)> = tree
        .nodes
        .iter()
        .enumerate()
        .filter_map(|(i, n)| n.id().map(|s| (s, i as NodeId)))
        .collect();
    names.sort_unstable_by(|a, b| a.0.cmp(b.0));
    names.dedup_by(|a, b| a.0 == b.0);
    let out = raw.begin(root_id.0);
    out.extend_from_slice(b"<</Type/StructTreeRoot/K ");
    reference(out, id(0));
    out.extend_from_slice(b"/ParentTree ");
    reference(out, parent_tree_id);
    out.extend_from_slice(b"/ParentTreeNextKey ");
    int(out, key);
    if !names.is_empty() {
        out.extend_from_slice(b"/IDTree<</Names[");
        for (k, (s, n)) in names.iter().enumerate() {
            if k > 0 {
                out.push(b' ');
            }
            string(out, s.as_bytes(), StringFormat::Literal);
            out.push(b' ');
            reference(out, id(*n));
        }
        out.extend_from_slice(b"]>>");
    }
    out.extend_from_slice(b">>");
    root_id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_expand_to_marked_content() {
        let mut t = Tree::new(true);
        let p = t.open(Role::P);
        let h = t.open(Role::H(2));
        let content = b"BT\n/m1 BMC\n/F1 10 Tf\n[<0001>] TJ\nEMC\n/m0 BMC\nEMC\nET\n/a4 BMC\n0 0 m\nEMC\n/am BMC\n";
        let out = expand(content, &t, &[p, h]);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "BT\n/H2 <</MCID 1>> BDC\n/F1 10 Tf\n[<0001>] TJ\nEMC\n/P <</MCID 0>> BDC\nEMC\nET\n\
             /Artifact <</Type /Pagination /Subtype /PageNum>> BDC\n0 0 m\nEMC\n/am BMC\n"
        );
    }

    #[test]
    fn headings_never_skip_a_level() {
        let mut t = Tree::new(true);
        t.chapter();
        assert_eq!(t.heading_level(4), 2);
        assert_eq!(t.heading_level(5), 3);
        assert_eq!(t.heading_level(2), 2);
        assert_eq!(t.heading_level(3), 3);
        assert_eq!(t.heading_level(6), 4);
        t.chapter();
        assert_eq!(t.heading_level(3), 2);
    }

    #[test]
    fn consecutive_content_shares_an_mcid() {
        let mut t = Tree::new(true);
        let mut marks = Vec::new();
        let p = t.open(Role::P);
        assert_eq!(t.mcid(p, 0, &mut marks), Mark::Mcid(0));
        assert_eq!(t.mcid(p, 0, &mut marks), Mark::Mcid(0));
        let l = t.child(p, Role::Link);
        assert_eq!(t.mcid(l, 0, &mut marks), Mark::Mcid(1));
        // After the link the paragraph continues in new marked content.
        assert_eq!(t.mcid(p, 0, &mut marks), Mark::Mcid(2));
        // Next page: a new one.
        let mut marks2 = Vec::new();
        assert_eq!(t.mcid(p, 1, &mut marks2), Mark::Mcid(0));
        assert_eq!(marks, vec![p, l, p]);
        t.close(p);
        assert_eq!(t.nodes[p as usize].kids.len(), 4);
    }

    #[test]
    fn notes_follow_the_block_that_calls_them() {
        let mut t = Tree::new(true);
        let sect = t.open(Role::Sect);
        let table = t.open(Role::Table);
        let tr = t.open(Role::TR);
        let td = t.open(Role::TD);
        let note = t.note("a");
        t.close(td);
        t.close(tr);
        assert!(t.nodes[tr as usize]
            .kids
            .iter()
            .all(|k| *k != Kid::Node(note)));
        t.close(table);
        assert_eq!(
            t.nodes[sect as usize].kids,
            vec![Kid::Node(table), Kid::Node(note)]
        );
    }
}
