//! HTML from the document: the live-preview fragment, the single-file soft copy, and the XHTML
//! chapters of the EPUB all go through one [`Writer`]. Output is well-formed XHTML-compatible
//! HTML (void elements closed, only XML entities), every text escaped, no script, no inline
//! style attributes, no network requests (images are embedded or replaced by a placeholder).

use base64::Engine;

use crate::model::*;

/// Escapes text for element content.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 16);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\u{a0}' => out.push_str("&#160;"),
            c => out.push(c),
        }
    }
    out
}

/// Escapes text for an attribute value in double quotes.
pub fn escape_attr(s: &str) -> String {
    escape(s).replace('"', "&quot;")
}

/// How a writer addresses things: links to targets and image sources.
pub struct Links<'a> {
    /// The `href` of a cross-reference target.
    pub target: &'a dyn Fn(&Target) -> String,
    /// The `src` of an image by its name, or `None` for a placeholder.
    pub image: &'a dyn Fn(&str) -> Option<String>,
}

impl std::fmt::Debug for Links<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Links")
    }
}

/// Writes blocks and inlines of one document.
pub struct Writer<'a> {
    pub doc: &'a Document,
    pub links: Links<'a>,
    /// Added to heading levels: 0 in the EPUB (chapter = h1), 1 in the single file (cover = h1).
    pub heading_shift: u8,
}

impl std::fmt::Debug for Writer<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Writer")
            .field("heading_shift", &self.heading_shift)
            .finish()
    }
}

fn align_class(a: Align) -> &'static str {
    match a {
        Align::None => "",
        Align::Left => " class=\"al-l\"",
        Align::Center => " class=\"al-c\"",
        Align::Right => " class=\"al-r\"",
    }
}

impl Writer<'_> {
    fn h(&self, level: u8) -> u8 {
        (level + self.heading_shift).clamp(1, 6)
    }

    /// One chapter as a `<section>`: its heading, blocks and footnotes.
    pub fn chapter(&self, index: usize, out: &mut String) {
        let ch = &self.doc.chapters[index];
        let h = self.h(1);
        // A renamed chapter (issue 21): its heading marked like a changed block.
        let renamed = self
            .doc
            .changes
            .as_ref()
            .is_some_and(|c| c.titles.contains(&index));
        let mark = if renamed {
            let kind = crate::changes::ChangeKind::Changed;
            format!(
                " class=\"change change-{}\"><span class=\"visually-hidden\">{}</span",
                kind.as_str(),
                escape(kind.spoken())
            )
        } else {
            String::new()
        };
        out.push_str(&format!(
            "<section class=\"chapter\" id=\"{}\" aria-labelledby=\"{}-h\">\n<h{h} id=\"{}-h\"{mark}>",
            escape_attr(&ch.id),
            escape_attr(&ch.id),
            escape_attr(&ch.id)
        ));
        if let Some(label) = chapter_label(ch.role, ch.number.as_deref()) {
            out.push_str(&format!("<span class=\"num\">{}.</span> ", escape(&label)));
        }
        self.inlines(&ch.title, out);
        out.push_str(&format!("</h{h}>\n"));
        self.chapter_blocks(index, out);
        if !ch.footnotes.is_empty() {
            out.push_str("<section class=\"footnotes\" role=\"doc-endnotes\" aria-label=\"Chú thích\">\n<ol>\n");
            for f in &ch.footnotes {
                out.push_str(&format!(
                    "<li id=\"{}\" value=\"{}\">",
                    escape_attr(&f.id),
                    f.number
                ));
                self.blocks(&f.blocks, out);
                out.push_str("</li>\n");
            }
            out.push_str("</ol>\n</section>\n");
        }
        out.push_str("</section>\n");
    }

    /// A chapter's blocks; in an edition compared with an earlier one (issue 21), each changed
    /// block inside a marked `div` that says how it changed, and a note where blocks went.
    fn chapter_blocks(&self, index: usize, out: &mut String) {
        let blocks = &self.doc.chapters[index].blocks;
        let Some(changes) = &self.doc.changes else {
            return self.blocks(blocks, out);
        };
        for k in 0..=blocks.len() {
            for r in changes.removed_before(index, k) {
                out.push_str(&crate::changes::removal_html(r));
            }
            let Some(b) = blocks.get(k) else { break };
            // A table changed row by row: its rows carry the marks.
            if let (Block::Table(t), Some(rows)) = (b, changes.table_rows.get(&(index, k))) {
                self.table(t, Some(rows), out);
                continue;
            }
            match changes.mark(index, k) {
                Some(kind) => {
                    out.push_str(&format!(
                        "<div class=\"change change-{}\"><span class=\"visually-hidden\">{}</span>\n",
                        kind.as_str(),
                        escape(kind.spoken())
                    ));
                    self.block(b, 0, out);
                    out.push_str("</div>\n");
                }
                None => self.block(b, 0, out),
            }
        }
    }

    pub fn blocks(&self, blocks: &[Block], out: &mut String) {
        self.blocks_at(blocks, 0, out);
    }

    /// Blocks `depth` containers deep. Containers at [`MAX_NESTING`] are written flat (their
    /// leaf blocks in order), so a document built by hand cannot make this recurse deeper; one
    /// from [`crate::build`] never nests that deep.
    fn blocks_at(&self, blocks: &[Block], depth: usize, out: &mut String) {
        for b in blocks {
            self.block(b, depth, out);
        }
    }

    fn block(&self, b: &Block, depth: usize, out: &mut String) {
        if depth >= MAX_NESTING
            && matches!(
                b,
                Block::List { .. } | Block::Quote(_) | Block::Alert { .. }
            )
        {
            for leaf in leaf_blocks(std::slice::from_ref(b)) {
                self.block(leaf, depth, out);
            }
            return;
        }
        match b {
            Block::Heading {
                level,
                id,
                number,
                content,
            } => {
                let h = self.h(*level);
                out.push_str(&format!("<h{h} id=\"{}\">", escape_attr(id)));
                if let Some(n) = number {
                    out.push_str(&format!("<span class=\"num\">{}</span> ", escape(n)));
                }
                self.inlines(content, out);
                out.push_str(&format!("</h{h}>\n"));
            }
            Block::Paragraph(i) => {
                out.push_str("<p>");
                self.inlines(i, out);
                out.push_str("</p>\n");
            }
            Block::List {
                ordered,
                start,
                items,
            } => {
                if *ordered {
                    if *start == 1 {
                        out.push_str("<ol>\n");
                    } else {
                        out.push_str(&format!("<ol start=\"{start}\">\n"));
                    }
                } else {
                    out.push_str("<ul>\n");
                }
                for item in items {
                    match item.task {
                        Some(done) => out.push_str(&format!(
                            "<li class=\"task\"><span class=\"box\" role=\"img\" aria-label=\"{}\">{}</span> ",
                            if done { "đã xong" } else { "chưa xong" },
                            if done { "☑" } else { "☐" }
                        )),
                        None => out.push_str("<li>"),
                    }
                    // A tight item is one paragraph: write its inlines without <p>.
                    match item.blocks.as_slice() {
                        [Block::Paragraph(i)] => self.inlines(i, out),
                        blocks => self.blocks_at(blocks, depth + 1, out),
                    }
                    out.push_str("</li>\n");
                }
                out.push_str(if *ordered { "</ol>\n" } else { "</ul>\n" });
            }
            Block::Quote(inner) => {
                out.push_str("<blockquote>\n");
                self.blocks_at(inner, depth + 1, out);
                out.push_str("</blockquote>\n");
            }
            Block::Alert { kind, blocks } => {
                out.push_str(&format!(
                    "<aside class=\"alert {}\" role=\"note\">\n<p class=\"alert-title\">{}</p>\n",
                    kind.class(),
                    kind.label()
                ));
                self.blocks_at(blocks, depth + 1, out);
                out.push_str("</aside>\n");
            }
            Block::Code { lang, text } => {
                match lang {
                    Some(l) => out.push_str(&format!(
                        "<pre><code class=\"language-{}\">",
                        escape_attr(l)
                    )),
                    None => out.push_str("<pre><code>"),
                }
                out.push_str(&escape(text));
                out.push_str("</code></pre>\n");
            }
            Block::Table(t) => self.table(t, None, out),
            Block::Figure {
                id,
                number,
                src,
                caption,
                alt,
            } => {
                match id {
                    Some(id) => out.push_str(&format!("<figure id=\"{}\">\n", escape_attr(id))),
                    None => out.push_str("<figure>\n"),
                }
                match (self.links.image)(src) {
                    Some(url) => out.push_str(&format!(
                        "<img src=\"{}\" alt=\"{}\" />\n",
                        escape_attr(&url),
                        escape_attr(alt)
                    )),
                    None => out.push_str(&format!(
                        "<div class=\"missing\" role=\"img\" aria-label=\"{}\">Thiếu ảnh: {}</div>\n",
                        escape_attr(alt),
                        escape(src)
                    )),
                }
                if number.is_some() || !caption.is_empty() {
                    out.push_str("<figcaption>");
                    if let Some(n) = number {
                        out.push_str(&format!("<span class=\"num\">Hình {}.</span> ", escape(n)));
                    }
                    self.inlines(caption, out);
                    out.push_str("</figcaption>\n");
                }
                out.push_str("</figure>\n");
            }
            Block::Qr { data } => {
                out.push_str("<figure class=\"qr-block\">\n");
                match crate::qr::svg(data, 30, &format!("Mã QR: {data}")) {
                    Some(svg) => out.push_str(&svg),
                    None => out.push_str(
                        "<div class=\"missing\">Không tạo được mã QR (dữ liệu quá dài)</div>",
                    ),
                }
                out.push_str(&format!(
                    "\n<figcaption class=\"qr-data\">{}</figcaption>\n</figure>\n",
                    escape(data)
                ));
            }
            Block::Glossary(entries) => {
                out.push_str("<dl class=\"glossary\">\n");
                for (term, def) in entries {
                    out.push_str(&format!(
                        "<dt>{}</dt><dd>{}</dd>\n",
                        escape(term),
                        escape(def)
                    ));
                }
                out.push_str("</dl>\n");
            }
            Block::Rule => out.push_str("<hr />\n"),
            Block::PageBreak => {}
        }
    }

    /// A table; `marks` (issue 21): its rows changed since an earlier edition, each marked row
    /// a `tr` of class `change-row change-row-KIND` whose first cell begins with a visually
    /// hidden label, changed cells of class `change-cell`, and a row with a note where rows
    /// were removed.
    fn table(&self, t: &Table, marks: Option<&crate::changes::RowChanges>, out: &mut String) {
        match &t.id {
            Some(id) => out.push_str(&format!(
                "<div class=\"table-wrap\"><table id=\"{}\">\n",
                escape_attr(id)
            )),
            None => out.push_str("<div class=\"table-wrap\"><table>\n"),
        }
        if let Some(c) = &t.caption {
            out.push_str("<caption>");
            if let Some(n) = &t.number {
                out.push_str(&format!("<span class=\"num\">Bảng {}.</span> ", escape(n)));
            }
            self.inlines(c, out);
            out.push_str("</caption>\n");
        }
        let align = |i: usize| t.align.get(i).copied().unwrap_or(Align::None);
        if !t.head.is_empty() {
            out.push_str("<thead><tr>");
            for (i, cell) in t.head.iter().enumerate() {
                let class = align_class(align(i));
                out.push_str(&format!("<th scope=\"col\"{class}>"));
                self.inlines(cell, out);
                out.push_str("</th>");
            }
            out.push_str("</tr></thead>\n");
        }
        let width = t
            .rows
            .iter()
            .map(Vec::len)
            .chain([t.head.len()])
            .max()
            .unwrap_or(1)
            .max(1);
        let removed = |out: &mut String, n: usize| {
            if n > 0 {
                out.push_str(&format!(
                    "<tr class=\"change-removed-row\"><td colspan=\"{width}\"><del>{}</del></td></tr>\n",
                    escape(&crate::changes::RowChanges::removed_note(n))
                ));
            }
        };
        out.push_str("<tbody>\n");
        for (r, row) in t.rows.iter().enumerate() {
            let kind = marks.and_then(|m| {
                removed(out, m.removed(r));
                m.mark(r)
            });
            match kind {
                Some(k) => out.push_str(&format!(
                    "<tr class=\"change-row change-row-{}\">",
                    k.as_str()
                )),
                None => out.push_str("<tr>"),
            }
            for (i, cell) in row.iter().enumerate() {
                let changed = marks.is_some_and(|m| m.cell_changed(r, i));
                let class = match (align(i), changed) {
                    (a, false) => align_class(a).to_owned(),
                    (Align::None, true) => " class=\"change-cell\"".to_owned(),
                    (a, true) => align_class(a).replace("class=\"", "class=\"change-cell "),
                };
                out.push_str(&format!("<td{class}>"));
                if let (0, Some(k)) = (i, kind) {
                    out.push_str(&format!(
                        "<span class=\"visually-hidden\">{}</span> ",
                        escape(k.spoken())
                    ));
                }
                self.inlines(cell, out);
                out.push_str("</td>");
            }
            out.push_str("</tr>\n");
        }
        if let Some(m) = marks {
            removed(out, m.removed(t.rows.len()));
        }
        out.push_str("</tbody>\n</table></div>\n");
    }

    pub fn inlines(&self, inlines: &[Inline], out: &mut String) {
        self.inlines_at(inlines, 0, out);
    }

    /// Inlines `depth` levels deep: at [`MAX_NESTING`] emphasis, links and the like are written
    /// as their plain text (see [`Writer::blocks_at`]).
    fn inlines_at(&self, inlines: &[Inline], depth: usize, out: &mut String) {
        for i in inlines {
            if depth >= MAX_NESTING
                && matches!(
                    i,
                    Inline::Strong(_)
                        | Inline::Emph(_)
                        | Inline::Strike(_)
                        | Inline::Link { .. }
                        | Inline::Lang { .. }
                        | Inline::XRef { .. }
                )
            {
                out.push_str(&escape(&plain_text(std::slice::from_ref(i))));
                continue;
            }
            let d = depth + 1;
            match i {
                Inline::Text(t) => out.push_str(&escape(t)),
                Inline::Strong(c) => {
                    out.push_str("<strong>");
                    self.inlines_at(c, d, out);
                    out.push_str("</strong>");
                }
                Inline::Emph(c) => {
                    out.push_str("<em>");
                    self.inlines_at(c, d, out);
                    out.push_str("</em>");
                }
                Inline::Strike(c) => {
                    out.push_str("<del>");
                    self.inlines_at(c, d, out);
                    out.push_str("</del>");
                }
                Inline::Lang { lang, content } => {
                    out.push_str(&format!("<span lang=\"{}\">", escape_attr(lang)));
                    self.inlines_at(content, d, out);
                    out.push_str("</span>");
                }
                Inline::Code(t) => {
                    out.push_str("<code>");
                    out.push_str(&escape(t));
                    out.push_str("</code>");
                }
                Inline::Link { url, content } => {
                    out.push_str(&format!("<a href=\"{}\">", escape_attr(url)));
                    if content.is_empty() {
                        out.push_str(&escape(url));
                    } else {
                        self.inlines_at(content, d, out);
                    }
                    out.push_str("</a>");
                }
                Inline::XRef {
                    target,
                    id,
                    content,
                } => match target {
                    Some(t) => {
                        out.push_str(&format!(
                            "<a class=\"xref\" href=\"{}\">",
                            escape_attr(&(self.links.target)(t))
                        ));
                        if content.is_empty() {
                            out.push_str(&escape(&t.label));
                        } else {
                            self.inlines_at(content, d, out);
                        }
                        out.push_str("</a>");
                    }
                    None => {
                        out.push_str("<span class=\"xref-missing\">");
                        if content.is_empty() {
                            out.push_str(&format!("[?#{}]", escape(id)));
                        } else {
                            self.inlines_at(content, d, out);
                        }
                        out.push_str("</span>");
                    }
                },
                Inline::FootnoteRef { number, id } => {
                    if *number > 0 {
                        let href = (self.links.target)(&Target {
                            kind: TargetKind::Footnote,
                            chapter: usize::MAX,
                            id: id.clone(),
                            label: String::new(),
                        });
                        out.push_str(&format!(
                            "<sup class=\"fnref\"><a href=\"{}\" role=\"doc-noteref\">{number}</a></sup>",
                            escape_attr(&href)
                        ));
                    } else {
                        out.push_str(&format!(
                            "<sup class=\"xref-missing\">[^{}]</sup>",
                            escape(id)
                        ));
                    }
                }
                Inline::Image { src, alt } => match (self.links.image)(src) {
                    Some(url) => out.push_str(&format!(
                        "<img class=\"inline\" src=\"{}\" alt=\"{}\" />",
                        escape_attr(&url),
                        escape_attr(alt)
                    )),
                    None => {
                        out.push_str(&format!("<span class=\"missing\">[{}]</span>", escape(alt)))
                    }
                },
                Inline::LineBreak => out.push_str("<br />"),
                Inline::SoftBreak => out.push('\n'),
            }
        }
    }
}

/// The stylesheet of the soft copies (screen and A4 print), without the `@font-face` rules.
pub const STYLE: &str = include_str!("style.css");
/// The styles of change marks, added only to an edition that has them.
pub const CHANGES_STYLE: &str = include_str!("changes.css");

/// `data:<mime>;base64,…`: how every writer and the window inline an image.
pub fn data_uri(mime: &str, bytes: &[u8]) -> String {
    format!(
        "data:{mime};base64,{}",
        base64::engine::general_purpose::STANDARD.encode(bytes)
    )
}

/// Writes the table of contents as nested lists (chapters, sections, subsections).
pub(crate) fn toc(
    doc: &Document,
    href: &dyn Fn(&TocEntry) -> String,
    max_level: u8,
    out: &mut String,
) {
    let mut depth = 0u8;
    for e in doc.toc.iter().filter(|e| e.level <= max_level) {
        let level = e.level;
        if level > depth {
            for _ in depth..level {
                out.push_str("\n<ol>");
            }
        } else {
            out.push_str("</li>");
            for _ in level..depth {
                out.push_str("</ol></li>");
            }
        }
        depth = level;
        let ch = &doc.chapters[e.chapter];
        let number = match (&e.number, e.level) {
            (Some(n), 1) => format!("{}. ", chapter_label(ch.role, Some(n)).unwrap_or_default()),
            (Some(n), _) => format!("{n} "),
            (None, _) => String::new(),
        };
        out.push_str(&format!(
            "\n<li><a href=\"{}\">{}{}</a>",
            escape_attr(&href(e)),
            escape(&number),
            escape(&e.title)
        ));
    }
    if depth > 0 {
        out.push_str("</li>");
        for _ in 1..depth {
            out.push_str("</ol></li>");
        }
        out.push_str("</ol>\n");
    }
}

/// The live preview of one chapter's Markdown: the same writer as the editions, as a fragment.
/// `images` gives an image's URL (e.g. a data: URI) by name.
pub fn preview_fragment(markdown: &str, images: &dyn Fn(&str) -> Option<String>) -> String {
    let built = crate::build(
        DocMeta::default(),
        &[ChapterInput {
            key: "preview".into(),
            title: String::new(),
            markdown: markdown.to_owned(),
            role: ChapterRole::Front,
        }],
        Numbering::Off,
        &|name| {
            images(name).map(|_| Image {
                bytes: Vec::new(),
                mime: String::new(),
            })
        },
    );
    let w = Writer {
        doc: &built.document,
        links: Links {
            target: &|t: &Target| format!("#{}", t.id),
            image: images,
        },
        heading_shift: 0,
    };
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    let ch = &built.document.chapters[0];
    if !ch.title.is_empty() && !crate::model::plain_text(&ch.title).is_empty() {
        out.push_str("<h1>");
        w.inlines(&ch.title, &mut out);
        out.push_str("</h1>\n");
    }
    w.blocks(&ch.blocks, &mut out);
    if !ch.footnotes.is_empty() {
        out.push_str("<section class=\"footnotes\"><ol>\n");
        for f in &ch.footnotes {
            out.push_str(&format!(
                "<li id=\"{}\" value=\"{}\">",
                escape_attr(&f.id),
                f.number
            ));
            w.blocks(&f.blocks, &mut out);
            out.push_str("</li>\n");
        }
        out.push_str("</ol></section>\n");
    }
    out
}

/// The whole document as a fragment for an in-app preview: contents and chapters, numbered,
/// images inlined, no `<style>` (the host page styles it).
pub fn body_fragment(doc: &Document) -> String {
    let images: std::collections::BTreeMap<&str, String> = doc
        .images
        .iter()
        .map(|(k, v)| (k.as_str(), data_uri(&v.mime, &v.bytes)))
        .collect();
    let image = |name: &str| images.get(name).cloned();
    let target = |t: &Target| format!("#{}", t.id);
    let w = Writer {
        doc,
        links: Links {
            target: &target,
            image: &image,
        },
        heading_shift: 1,
    };
    let mut out = String::new();
    out.push_str(
        "<nav class=\"toc\" aria-labelledby=\"toc-title\">\n<h2 id=\"toc-title\">Mục lục</h2>",
    );
    toc(doc, &|e: &TocEntry| format!("#{}", e.id), 2, &mut out);
    out.push_str("</nav>\n");
    for i in 0..doc.chapters.len() {
        w.chapter(i, &mut out);
    }
    out
}

/// The cover: the issuing body's logo (`logo`: its URL), issuing body, title, subtitle,
/// province, edition and date.
pub(crate) fn cover(meta: &DocMeta, logo: Option<&str>, h: u8, out: &mut String) {
    out.push_str("<header class=\"cover\">\n");
    if let Some(url) = logo {
        let alt = if meta.issuing_body.is_empty() {
            "Biểu trưng".to_owned()
        } else {
            format!("Biểu trưng của {}", meta.issuing_body)
        };
        out.push_str(&format!(
            "<img class=\"logo\" src=\"{}\" alt=\"{}\" />\n",
            escape_attr(url),
            escape_attr(&alt)
        ));
    }
    if !meta.issuing_body.is_empty() {
        out.push_str(&format!(
            "<p class=\"issuer\">{}</p>\n",
            escape(&meta.issuing_body)
        ));
    }
    out.push_str(&format!(
        "<h{h} class=\"title\">{}</h{h}>\n",
        escape(&meta.title)
    ));
    if !meta.subtitle.is_empty() {
        out.push_str(&format!(
            "<p class=\"subtitle\">{}</p>\n",
            escape(&meta.subtitle)
        ));
    }
    if let Some(d) = meta.front().cover_decision {
        out.push_str(&format!("<p class=\"decision\">{}</p>\n", escape(&d)));
    }
    let mut facts = Vec::new();
    if !meta.province.is_empty() {
        facts.push(escape(&meta.province));
    }
    if let Some(e) = meta.front().cover_edition {
        facts.push(escape(&e));
    }
    if !facts.is_empty() {
        out.push_str(&format!("<p class=\"edition\">{}</p>\n", facts.join(" · ")));
    }
    out.push_str("</header>\n");
}

/// Where a copy's stamp goes in the single-file HTML (see [`stamp`]).
pub const COLOPHON_MARK: &str = "<!--sotay:colophon-->";

/// The colophon: the edition's facts, and for a distributed copy its serial, recipient and QR.
pub fn colophon(meta: &DocMeta, stamp: Option<&CopyStamp>) -> String {
    let mut out = String::from("<section class=\"colophon\" aria-label=\"Thông tin ấn phẩm\">\n");
    out.push_str(&format!(
        "<p><strong>{}</strong></p>\n",
        escape(&meta.title)
    ));
    for f in meta.front().colophon {
        out.push_str(&format!("<p>{}</p>\n", escape(&f)));
    }
    if let Some(s) = stamp {
        out.push_str(&format!(
            "<p class=\"copy-stamp\"><strong>{}</strong></p>\n",
            escape(&s.line())
        ));
        if let Some(svg) =
            crate::qr::svg(&s.qr_data, 25, &format!("Mã QR của bản số {:03}", s.serial))
        {
            out.push_str(&format!("<figure class=\"qr-block\">{svg}<figcaption class=\"qr-data\">{}</figcaption></figure>\n", escape(&s.qr_data)));
        }
    }
    out.push_str("</section>\n");
    out
}

/// A distributed copy of a single-file HTML made once by [`single_file`]: the colophon gets
/// the copy's serial, recipient and QR code; nothing else changes.
pub fn stamp(html: &str, meta: &DocMeta, stamp: Option<&CopyStamp>) -> String {
    html.replacen(COLOPHON_MARK, &colophon(meta, stamp), 1)
}

/// The single-file soft copy: one self-contained HTML page (fonts, images and CSS inlined),
/// `lang="vi"`, a table of contents, numbered headings, print CSS for A4.
pub fn single_file(doc: &Document) -> String {
    stamp(&single_file_master(doc), &doc.meta, None)
}

/// The single-file HTML laid out once, with [`COLOPHON_MARK`] where each copy's [`stamp`] goes.
pub fn single_file_master(doc: &Document) -> String {
    let lang = doc.meta.lang.code();
    let images: std::collections::BTreeMap<&str, String> = doc
        .images
        .iter()
        .map(|(k, v)| (k.as_str(), data_uri(&v.mime, &v.bytes)))
        .collect();
    let image = |name: &str| images.get(name).cloned();
    let target = |t: &Target| format!("#{}", t.id);
    let w = Writer {
        doc,
        links: Links {
            target: &target,
            image: &image,
        },
        heading_shift: 1,
    };
    let mut out = String::with_capacity(doc.chapters.len() * 40_000 + 1_200_000);
    out.push_str(&format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\" />\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n<title>{}</title>\n<meta name=\"generator\" content=\"Sotay\" />\n",
        escape_attr(lang),
        escape(&doc.meta.title)
    ));
    if !doc.meta.edition_id.is_empty() {
        out.push_str(&format!(
            "<meta name=\"sotay-edition\" content=\"{}\" />\n",
            escape_attr(&doc.meta.edition_id)
        ));
    }
    out.push_str("<style>\n");
    out.push_str(&crate::fonts::font_faces(|f| data_uri("font/ttf", f.bytes)));
    out.push_str(STYLE);
    if doc.changes.is_some() {
        out.push_str(CHANGES_STYLE);
    }
    out.push_str("</style>\n</head>\n<body>\n");
    let logo = doc
        .images
        .get(&doc.meta.logo)
        .map(|img| data_uri(&img.mime, &img.bytes));
    cover(&doc.meta, logo.as_deref(), 1, &mut out);
    out.push_str(COLOPHON_MARK);
    out.push('\n');
    out.push_str(
        "<nav class=\"toc\" aria-labelledby=\"toc-title\">\n<h2 id=\"toc-title\">Mục lục</h2>",
    );
    toc(doc, &|e: &TocEntry| format!("#{}", e.id), 3, &mut out);
    out.push_str("</nav>\n");
    if let Some(c) = &doc.changes {
        out.push_str(&crate::changes::list_html(c, &|_, id| format!("#{id}"), 2));
    }
    out.push_str("<main>\n");
    for i in 0..doc.chapters.len() {
        w.chapter(i, &mut out);
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(md: &str) -> Document {
        crate::build(
            DocMeta {
                title: "Sổ tay <thử>".into(),
                ..DocMeta::default()
            },
            &[ChapterInput {
                key: "a".into(),
                title: "A".into(),
                markdown: md.into(),
                role: ChapterRole::Body,
            }],
            Numbering::Auto,
            &|n| {
                (n == "co.png").then(|| Image {
                    bytes: vec![1, 2, 3],
                    mime: "image/png".into(),
                })
            },
        )
        .document
    }

    #[test]
    fn escapes_everything_and_runs_no_script() {
        let html = single_file(&doc("# Chương <b>\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1)) <img src=x onerror=alert(1)>\n"));
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img src=x"));
        assert!(!html.to_lowercase().contains("javascript:"));
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(html.contains("<title>Sổ tay &lt;thử&gt;</title>"));
        assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"vi\">"));
    }

    #[test]
    fn images_are_embedded_or_replaced_by_a_placeholder() {
        let html = single_file(&doc("# A\n\n![Có ảnh](co.png)\n\n![Không có ảnh](khong.png)\n\n![Trên mạng](https://x.org/a.png)\n"));
        assert!(html.contains("src=\"data:image/png;base64,AQID\""));
        assert!(html.contains("Thiếu ảnh: khong.png"));
        assert!(html.contains("Thiếu ảnh: https://x.org/a.png"));
        assert!(!html.contains("src=\"https://"), "no network requests");
    }

    #[test]
    fn the_cover_shows_the_logo_in_the_html_and_the_epub() {
        let mut d = crate::build(
            DocMeta {
                title: "Sổ tay".into(),
                issuing_body: "Sở KH&CN".into(),
                logo: "co.png".into(),
                ..DocMeta::default()
            },
            &[],
            Numbering::Auto,
            &|n| {
                (n == "co.png").then(|| Image {
                    bytes: vec![1, 2, 3],
                    mime: "image/png".into(),
                })
            },
        )
        .document;
        let html = single_file(&d);
        assert!(html.contains(
            "<img class=\"logo\" src=\"data:image/png;base64,AQID\" alt=\"Biểu trưng của Sở KH&amp;CN\" />"
        ));
        let epub = crate::epub::write(&d).unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(epub)).unwrap();
        let mut cover = String::new();
        std::io::Read::read_to_string(&mut zip.by_name("EPUB/cover.xhtml").unwrap(), &mut cover)
            .unwrap();
        assert!(
            cover.contains("<img class=\"logo\" src=\"images/img-001.png\""),
            "{cover}"
        );
        assert!(zip.by_name("EPUB/images/img-001.png").is_ok());
        // No logo: no image on the cover.
        d.meta.logo.clear();
        assert!(!single_file(&d).contains("class=\"logo\""));
    }

    #[test]
    fn tables_have_captions_headers_and_alignment_classes() {
        let html = single_file(&doc(
            "# A\n\nBảng: Chỉ tiêu nước\n\n| Chỉ tiêu | Giá trị |\n|:--|--:|\n| pH | 7,5 |\n",
        ));
        assert!(
            html.contains("<caption><span class=\"num\">Bảng 1.1.</span> Chỉ tiêu nước</caption>"),
            "{html}"
        );
        assert!(html.contains("<th scope=\"col\" class=\"al-l\">Chỉ tiêu</th>"));
        assert!(html.contains("<td class=\"al-r\">7,5</td>"));
    }

    #[test]
    fn preview_matches_the_edition_writer() {
        let p = preview_fragment("# Tiêu đề\n\n> [!NOTE]\n> Ghi nhớ.\n\n```qr\nhttps://id.gs1.org/01/08931234567897\n```\n", &|_| None);
        assert!(p.starts_with("<h1>Tiêu đề</h1>"));
        assert!(p.contains("<aside class=\"alert note\" role=\"note\">"));
        assert!(p.contains("<svg"));
    }

    #[test]
    fn the_toc_nests_sections_under_chapters() {
        let d = doc("# A\n\n## Một\n\n### Một một\n\n## Hai\n");
        let mut out = String::new();
        toc(&d, &|e| format!("#{}", e.id), 3, &mut out);
        assert_eq!(
            out.matches("<ol>").count(),
            out.matches("</ol>").count(),
            "{out}"
        );
        assert_eq!(
            out.matches("<li>").count(),
            out.matches("</li>").count(),
            "{out}"
        );
        assert!(out.contains("1.1 Một"));
    }
}
