//! Conformance tests for tagged PDF, PDF/UA-1 and PDF/A-2a (issue 18), read from the finished
//! file with `lopdf`: one test per rule, on a sample document with headings (one level
//! skipped in the Markdown), nested and task lists, a quote and an alert, code, a 200-row
//! table across pages with a footnote in a cell, figures with and without alt text, footnotes,
//! external links and cross-references, a glossary, a QR code and the contents; then the
//! generic rules on both template handbooks (screen A4, print A5, a distributed copy).
//!
//! The structure tree as indented text is kept in `tests/snapshots/tagged-sample.txt`
//! (`SOTAY_PDF_BLESS=1` renews it after a deliberate change).

mod common;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::OnceLock;

use common::*;
use lopdf::{Dictionary, Document as Lo, Object, ObjectId};
use sotay_doc::{ChapterRole, Image};
use sotay_pdf::{Edition, Paper, PdfOptions};

// ----- the sample document -----------------------------------------------------------------

fn sample_md() -> String {
    let mut rows = String::new();
    for i in 1..=200 {
        let note = if i == 150 { "[^bang]" } else { "" };
        rows.push_str(&format!(
            "| L{i:03} | Ao A{}{note} | 2025-06-{:02} | {} kg |\n",
            i % 7 + 1,
            i % 28 + 1,
            100 + i * 3
        ));
    }
    format!(
        "# Quy trình truy xuất\n\n\
Đoạn mở đầu nói về việc ghi chép nhật ký ao nuôi, xem thêm [trang của Bộ Nông nghiệp](https://www.mard.gov.vn) để biết quy định mới nhất.[^mo]\n\n\
## Phạm vi áp dụng {{#pham-vi}}\n\n\
Sổ tay này áp dụng cho mọi cơ sở nuôi tôm nước lợ trong tỉnh và các cơ sở thu mua.[^pv]\n\n\
#### Một tiểu mục viết nhảy cấp\n\n\
Tiểu mục này viết ở cấp bốn ngay sau cấp hai, nên thẻ của nó phải là cấp ba.\n\n\
1. Bước một: ghi nhật ký cho ăn mỗi ngày vào sổ.\n\
2. Bước hai: dán nhãn cho từng lô khi thu hoạch.\n   \
- Nhãn ghi mã lô và số ao nuôi.\n   \
- Nhãn ghi ngày thu hoạch và khối lượng.\n\
3. Bước ba: lưu hồ sơ ít nhất hai năm.\n\n\
- [x] Đã kiểm tra ao nuôi trước khi thả giống.\n\
- [ ] Chưa kiểm tra kho thức ăn của cơ sở.\n\n\
> Mỗi lô hàng phải truy được về đúng ao nuôi và ngày thu hoạch.\n\n\
> [!WARNING]\n\
> Không dùng kháng sinh trong danh mục cấm cho tôm nuôi.\n\n\
```text\nAO03-250615-01\n```\n\n\
## Bảng theo dõi\n\n\
Các lô được ghi trong [](#bang-lo), còn phạm vi xem [mục này](#pham-vi).\n\n\
Bảng: Nhật ký các lô hàng trong vụ {{#bang-lo}}\n\n\
| Mã lô | Ao | Ngày thu | Khối lượng |\n|---|---|---|--:|\n{rows}\n\
### Hình ảnh\n\n\
![Sơ đồ quy trình từ ao nuôi đến nhà máy chế biến](so-do.png)\n\n\
![](so-do.png)\n\n\
[^mo]: Chú thích mở đầu: quy định có hiệu lực từ năm 2025.\n\
[^pv]: Chú thích phạm vi: kể cả cơ sở ương giống.\n\
[^bang]: Chú thích trong bảng: ao này nuôi thử nghiệm.\n"
    )
}

const ANNEX: &str = "# Thuật ngữ\n\n\
```glossary\nLô hàng: lượng sản phẩm cùng nguồn gốc\nAo nuôi: nơi thả nuôi tôm\n```\n\n\
```qr\nhttps://id.gs1.org/01/08931234567897\n```\n\n\
Thuật ngữ dùng thống nhất trong toàn bộ sổ tay này và các biểu mẫu đi kèm.\n";

fn so_do(name: &str) -> Option<Image> {
    (name == "so-do.png").then(|| Image {
        bytes: include_bytes!("fixtures/so-do.png").to_vec(),
        mime: "image/png".into(),
    })
}

fn sample() -> sotay_doc::Document {
    let md = sample_md();
    doc(
        &[
            (
                "loi-noi-dau",
                "# Lời nói đầu\n\nSổ tay hướng dẫn các cơ sở ghi chép để truy xuất nguồn gốc tôm.\n",
                ChapterRole::Front,
            ),
            ("chuong-1", &md, ChapterRole::Body),
            ("phu-luc-a", ANNEX, ChapterRole::Annex),
        ],
        &so_do,
    )
}

const SCREEN_A4: PdfOptions = PdfOptions {
    edition: Edition::Screen,
    paper: Paper::A4,
};
const PRINT_A5: PdfOptions = PdfOptions {
    edition: Edition::Print,
    paper: Paper::A5,
};

fn sample_doc() -> &'static sotay_doc::Document {
    static D: OnceLock<sotay_doc::Document> = OnceLock::new();
    D.get_or_init(sample)
}

/// The sample, screen A4, read back.
fn screen() -> &'static Tagged {
    static T: OnceLock<Tagged> = OnceLock::new();
    T.get_or_init(|| Tagged::read(&sotay_pdf::write(sample_doc(), &SCREEN_A4).bytes))
}

/// The sample, print A5, read back.
fn print() -> &'static Tagged {
    static T: OnceLock<Tagged> = OnceLock::new();
    T.get_or_init(|| Tagged::read(&sotay_pdf::write(sample_doc(), &PRINT_A5).bytes))
}

// ----- reading a tagged PDF ----------------------------------------------------------------

#[derive(Debug, Clone, PartialEq)]
enum Kid {
    Elem(usize),
    /// Marked content: page index, MCID.
    Mcr(usize, i64),
    /// An annotation: page index, object.
    Objr(usize, ObjectId),
}

#[derive(Debug)]
struct Elem {
    id: ObjectId,
    role: String,
    parent: Option<usize>,
    kids: Vec<Kid>,
    dict: Dictionary,
}

/// One marked-content sequence (or the lack of one) in a page's content stream.
#[derive(Debug, Default, Clone)]
struct Marked {
    /// `Artifact` or the structure type.
    tag: String,
    mcid: Option<i64>,
    /// An artifact's `/Type` and `/Subtype`.
    art: (String, String),
    text: String,
}

#[derive(Debug, Default)]
struct PageContent {
    /// Marked sequences in stream order.
    seqs: Vec<Marked>,
    /// Drawing operators outside any marked-content sequence.
    untagged: Vec<String>,
    /// Sequences opened inside another one.
    nested: usize,
}

struct Tagged {
    lo: Lo,
    pages: Vec<ObjectId>,
    elems: Vec<Elem>,
    /// (page, MCID) → text of that marked content.
    text: HashMap<(usize, i64), String>,
    content: Vec<PageContent>,
}

fn name_of(o: &Object) -> String {
    String::from_utf8_lossy(o.as_name().unwrap_or(b"")).into_owned()
}

/// A PDF text string (UTF-16BE with BOM, or PDFDocEncoding taken as Latin-1).
fn pdf_text(o: &Object) -> String {
    let b = o.as_str().unwrap_or(b"");
    if b.starts_with(&[0xFE, 0xFF]) {
        let u: Vec<u16> = b[2..]
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
            .collect();
        String::from_utf16_lossy(&u)
    } else {
        b.iter().map(|&c| c as char).collect()
    }
}

fn hex_utf16(h: &str) -> String {
    let bytes: Vec<u8> = (0..h.len() / 2)
        .map(|i| u8::from_str_radix(&h[2 * i..2 * i + 2], 16).unwrap())
        .collect();
    let u: Vec<u16> = bytes
        .chunks(2)
        .map(|c| u16::from_be_bytes([c[0], c[1]]))
        .collect();
    String::from_utf16_lossy(&u)
}

/// A font's ToUnicode map (two-byte codes).
fn to_unicode(lo: &Lo, font: &Dictionary) -> HashMap<u16, String> {
    let mut map = HashMap::new();
    let Ok(r) = font.get(b"ToUnicode").and_then(Object::as_reference) else {
        return map;
    };
    let stream = lo.get_object(r).unwrap().as_stream().unwrap();
    let data = stream
        .decompressed_content()
        .unwrap_or_else(|_| stream.content.clone());
    let text = String::from_utf8_lossy(&data);
    let mut mode = "";
    for line in text.lines() {
        let l = line.trim();
        if l.ends_with("beginbfchar") {
            mode = "char";
            continue;
        }
        if l.ends_with("beginbfrange") {
            mode = "range";
            continue;
        }
        if l.starts_with("end") {
            mode = "";
            continue;
        }
        let hexes: Vec<&str> = l
            .split(['<', '>'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        match (mode, hexes.as_slice()) {
            ("char", [src, dst]) => {
                map.insert(u16::from_str_radix(src, 16).unwrap(), hex_utf16(dst));
            }
            ("range", [a, b, dst]) => {
                let (a, b) = (
                    u16::from_str_radix(a, 16).unwrap(),
                    u16::from_str_radix(b, 16).unwrap(),
                );
                let base = u32::from_str_radix(dst, 16).unwrap();
                for c in a..=b {
                    let cp = char::from_u32(base + u32::from(c - a)).unwrap_or('\u{fffd}');
                    map.insert(c, cp.to_string());
                }
            }
            _ => {}
        }
    }
    map
}

impl Tagged {
    fn read(bytes: &[u8]) -> Tagged {
        let lo = Lo::load_mem(bytes).expect("lopdf reads our PDF");
        let pages: Vec<ObjectId> = lo.get_pages().values().copied().collect();
        let page_index: HashMap<ObjectId, usize> =
            pages.iter().enumerate().map(|(i, p)| (*p, i)).collect();

        // Content streams: marked sequences and their text.
        let mut content = Vec::new();
        let mut text = HashMap::new();
        for (pi, &pid) in pages.iter().enumerate() {
            let fonts: HashMap<Vec<u8>, HashMap<u16, String>> = lo
                .get_page_fonts(pid)
                .unwrap_or_default()
                .into_iter()
                .map(|(k, f)| (k, to_unicode(&lo, f)))
                .collect();
            let ops = lopdf::content::Content::decode(&lo.get_page_content(pid))
                .expect("content decodes")
                .operations;
            let mut pc = PageContent::default();
            let mut stack: Vec<usize> = Vec::new();
            let mut font: Option<&HashMap<u16, String>> = None;
            let show = |bytes: &[u8], font: Option<&HashMap<u16, String>>| -> String {
                bytes
                    .chunks(2)
                    .map(|c| {
                        let code = u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]);
                        font.and_then(|f| f.get(&code))
                            .cloned()
                            .unwrap_or_else(|| "\u{fffd}".into())
                    })
                    .collect()
            };
            for op in ops {
                match op.operator.as_str() {
                    "BDC" | "BMC" => {
                        if !stack.is_empty() {
                            pc.nested += 1;
                        }
                        let tag = name_of(&op.operands[0]);
                        let mut m = Marked {
                            tag,
                            ..Marked::default()
                        };
                        if let Some(Object::Dictionary(p)) = op.operands.get(1) {
                            m.mcid = p.get(b"MCID").and_then(Object::as_i64).ok();
                            m.art = (
                                p.get(b"Type").map(name_of).unwrap_or_default(),
                                p.get(b"Subtype").map(name_of).unwrap_or_default(),
                            );
                        }
                        pc.seqs.push(m);
                        stack.push(pc.seqs.len() - 1);
                    }
                    "EMC" => {
                        stack.pop().expect("EMC closes a sequence");
                    }
                    "Tf" => {
                        let key = op.operands[0].as_name().unwrap().to_vec();
                        font = fonts.get(&key);
                    }
                    "Tj" | "TJ" | "'" | "\"" => {
                        let mut s = String::new();
                        for o in &op.operands {
                            match o {
                                Object::String(b, _) => s.push_str(&show(b, font)),
                                Object::Array(a) => {
                                    for x in a {
                                        if let Object::String(b, _) = x {
                                            s.push_str(&show(b, font));
                                        }
                                    }
                                }
                                _ => {}
                            }
                        }
                        match stack.last() {
                            Some(&i) => {
                                let seq = &mut pc.seqs[i];
                                // Runs are placed one by one: a space between them.
                                if !seq.text.is_empty() {
                                    seq.text.push(' ');
                                }
                                seq.text.push_str(&s);
                            }
                            None => pc.untagged.push(format!("text {s:?}")),
                        }
                    }
                    "f" | "F" | "f*" | "B" | "B*" | "b" | "b*" | "S" | "s" | "Do" | "sh"
                        if stack.is_empty() =>
                    {
                        pc.untagged.push(op.operator.clone());
                    }
                    _ => {}
                }
            }
            assert!(stack.is_empty(), "page {pi}: unclosed marked content");
            for m in &pc.seqs {
                if let Some(mcid) = m.mcid {
                    text.insert((pi, mcid), m.text.clone());
                }
            }
            content.push(pc);
        }

        // The structure tree.
        let root = lo.trailer.get(b"Root").unwrap().as_reference().unwrap();
        let cat = lo.get_dictionary(root).unwrap();
        let mut elems: Vec<Elem> = Vec::new();
        if let Ok(str_root) = cat.get(b"StructTreeRoot").and_then(Object::as_reference) {
            let tr = lo.get_dictionary(str_root).unwrap();
            let mut todo: Vec<(ObjectId, Option<usize>)> = Vec::new();
            for k in kids_of(tr.get(b"K").unwrap()) {
                todo.push((k.as_reference().unwrap(), None));
            }
            todo.reverse();
            // Depth first, in order.
            while let Some((id, parent)) = todo.pop() {
                let me = elems.len();
                let d = lo.get_dictionary(id).unwrap().clone();
                let pg = d
                    .get(b"Pg")
                    .and_then(Object::as_reference)
                    .ok()
                    .and_then(|p| page_index.get(&p).copied());
                let mut kids = Vec::new();
                let mut child_elems = Vec::new();
                if let Ok(k) = d.get(b"K") {
                    for k in kids_of(k) {
                        match k {
                            Object::Integer(m) => kids.push(Kid::Mcr(pg.expect("Pg"), *m)),
                            Object::Reference(r) => {
                                child_elems.push(*r);
                                kids.push(Kid::Elem(usize::MAX));
                            }
                            Object::Dictionary(m) => {
                                let p = m
                                    .get(b"Pg")
                                    .and_then(Object::as_reference)
                                    .ok()
                                    .and_then(|p| page_index.get(&p).copied())
                                    .or(pg)
                                    .expect("page");
                                match name_of(m.get(b"Type").unwrap()).as_str() {
                                    "MCR" => kids.push(Kid::Mcr(
                                        p,
                                        m.get(b"MCID").unwrap().as_i64().unwrap(),
                                    )),
                                    "OBJR" => kids.push(Kid::Objr(
                                        p,
                                        m.get(b"Obj").unwrap().as_reference().unwrap(),
                                    )),
                                    t => panic!("unknown kid {t}"),
                                }
                            }
                            o => panic!("unexpected kid {o:?}"),
                        }
                    }
                }
                elems.push(Elem {
                    id,
                    role: name_of(d.get(b"S").unwrap()),
                    parent,
                    kids,
                    dict: d,
                });
                // Children are numbered in visiting order: fix the placeholders afterwards.
                for r in child_elems.into_iter().rev() {
                    todo.push((r, Some(me)));
                }
            }
            // Resolve child indices.
            let index: HashMap<ObjectId, usize> =
                elems.iter().enumerate().map(|(i, e)| (e.id, i)).collect();
            for e in &mut elems {
                let refs: Vec<ObjectId> = e
                    .dict
                    .get(b"K")
                    .map(|k| kids_of(k).filter_map(|o| o.as_reference().ok()).collect())
                    .unwrap_or_default();
                let mut it = refs.into_iter();
                for k in e.kids.iter_mut() {
                    if let Kid::Elem(x) = k {
                        *x = index[&it.next().unwrap()];
                    }
                }
            }
        }
        Tagged {
            lo,
            pages,
            elems,
            text,
            content,
        }
    }

    fn catalog(&self) -> &Dictionary {
        let root = self
            .lo
            .trailer
            .get(b"Root")
            .unwrap()
            .as_reference()
            .unwrap();
        self.lo.get_dictionary(root).unwrap()
    }

    fn deref<'a>(&'a self, o: &'a Object) -> &'a Object {
        match o {
            Object::Reference(r) => self.lo.get_object(*r).unwrap(),
            o => o,
        }
    }

    /// Elements in reading order (depth first).
    fn walk(&self) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        fn go(t: &Tagged, i: usize, depth: usize, out: &mut Vec<(usize, usize)>) {
            out.push((i, depth));
            for k in &t.elems[i].kids {
                if let Kid::Elem(c) = k {
                    go(t, *c, depth + 1, out);
                }
            }
        }
        if !self.elems.is_empty() {
            go(self, 0, 0, &mut out);
        }
        out
    }

    /// The text of an element and everything inside it, in reading order.
    fn text_of(&self, i: usize) -> String {
        let mut s = String::new();
        for k in &self.elems[i].kids {
            let t = match k {
                Kid::Elem(c) => self.text_of(*c),
                Kid::Mcr(p, m) => self.text.get(&(*p, *m)).cloned().unwrap_or_default(),
                Kid::Objr(..) => String::new(),
            };
            if !t.is_empty() {
                if !s.is_empty() {
                    s.push(' ');
                }
                s.push_str(&t);
            }
        }
        s
    }

    fn with_role(&self, role: &str) -> Vec<usize> {
        self.walk()
            .into_iter()
            .map(|(i, _)| i)
            .filter(|&i| self.elems[i].role == role)
            .collect()
    }

    fn kids_with_role(&self, i: usize, role: &str) -> Vec<usize> {
        self.elems[i]
            .kids
            .iter()
            .filter_map(|k| match k {
                Kid::Elem(c) if self.elems[*c].role == role => Some(*c),
                _ => None,
            })
            .collect()
    }

    /// The parent tree as a map (a flat `/Nums` array or a tree of `/Kids`).
    fn parent_tree(&self) -> BTreeMap<i64, Object> {
        let root = self
            .catalog()
            .get(b"StructTreeRoot")
            .unwrap()
            .as_reference()
            .unwrap();
        let tr = self.lo.get_dictionary(root).unwrap();
        let mut out = BTreeMap::new();
        let mut todo = vec![self.deref(tr.get(b"ParentTree").unwrap()).clone()];
        while let Some(node) = todo.pop() {
            let d = node.as_dict().unwrap();
            if let Ok(nums) = d.get(b"Nums").and_then(Object::as_array) {
                for pair in nums.chunks(2) {
                    out.insert(pair[0].as_i64().unwrap(), pair[1].clone());
                }
            }
            if let Ok(kids) = d.get(b"Kids").and_then(Object::as_array) {
                for k in kids {
                    todo.push(self.deref(k).clone());
                }
            }
        }
        out
    }

    /// Every annotation: (page index, object id, dictionary); panics on direct ones.
    fn annotations(&self) -> Vec<(usize, ObjectId, &Dictionary)> {
        let mut out = Vec::new();
        for (pi, &pid) in self.pages.iter().enumerate() {
            let page = self.lo.get_dictionary(pid).unwrap();
            if let Ok(a) = page.get(b"Annots").and_then(Object::as_array) {
                for o in a {
                    let r = o.as_reference().expect("annotations are indirect objects");
                    out.push((pi, r, self.lo.get_dictionary(r).unwrap()));
                }
            }
        }
        out
    }

    /// The tag tree as indented text: role, attributes, and the first words of leaf text;
    /// runs of identical sibling subtrees collapse into one line "(×N)".
    fn dump(&self) -> String {
        fn attrs(t: &Tagged, e: &Elem) -> String {
            let mut s = String::new();
            if let Ok(a) = e.dict.get(b"Alt") {
                s.push_str(&format!(" Alt={:?}", pdf_text(a)));
            }
            if let Ok(id) = e.dict.get(b"ID") {
                s.push_str(&format!(" ID={:?}", pdf_text(id)));
            }
            if let Ok(a) = e.dict.get(b"A").map(|a| t.deref(a)) {
                if let Ok(sc) = a.as_dict().and_then(|d| d.get(b"Scope")) {
                    s.push_str(&format!(" Scope={}", name_of(sc)));
                }
                if a.as_dict().is_ok_and(|d| d.get(b"BBox").is_ok()) {
                    s.push_str(" BBox");
                }
            }
            let objr = e.kids.iter().filter(|k| matches!(k, Kid::Objr(..))).count();
            if objr > 0 {
                s.push_str(&format!(" OBJR×{objr}"));
            }
            s
        }
        fn lines(t: &Tagged, i: usize, depth: usize, out: &mut Vec<String>) {
            let e = &t.elems[i];
            let mut line = format!("{}{}{}", "  ".repeat(depth), e.role, attrs(t, e));
            // The text of elements that hold content themselves.
            let text = norm(&t.text_of(i));
            if !text.is_empty() && e.kids.iter().any(|k| matches!(k, Kid::Mcr(..))) {
                let short: String = text.chars().take(48).collect();
                let more = if text.chars().count() > 48 { "…" } else { "" };
                line.push_str(&format!(" “{short}{more}”"));
            }
            out.push(line);
            let kids: Vec<usize> = e
                .kids
                .iter()
                .filter_map(|k| match k {
                    Kid::Elem(c) => Some(*c),
                    _ => None,
                })
                .collect();
            // Runs of table rows of the same shape: the first, a count, the last.
            let shape = |c: usize| {
                let mut v = Vec::new();
                shape_of(t, c, 0, &mut v);
                v
            };
            let mut j = 0;
            while j < kids.len() {
                let mut n = 1;
                if t.elems[kids[j]].role == "TR" {
                    let s0 = shape(kids[j]);
                    while j + n < kids.len() && shape(kids[j + n]) == s0 {
                        n += 1;
                    }
                }
                if n >= 4 {
                    lines(t, kids[j], depth + 1, out);
                    out.push(format!(
                        "{}(… {} rows alike …)",
                        "  ".repeat(depth + 1),
                        n - 2
                    ));
                    lines(t, kids[j + n - 1], depth + 1, out);
                } else {
                    for c in &kids[j..j + n] {
                        lines(t, *c, depth + 1, out);
                    }
                }
                j += n;
            }
        }
        fn shape_of(t: &Tagged, i: usize, depth: usize, out: &mut Vec<(usize, String)>) {
            out.push((depth, t.elems[i].role.clone()));
            for k in &t.elems[i].kids {
                if let Kid::Elem(c) = k {
                    shape_of(t, *c, depth + 1, out);
                }
            }
        }
        let mut out = Vec::new();
        if !self.elems.is_empty() {
            lines(self, 0, 0, &mut out);
        }
        out.join("\n") + "\n"
    }
}

fn kids_of(k: &Object) -> Box<dyn Iterator<Item = &Object> + '_> {
    match k {
        Object::Array(a) => Box::new(a.iter()),
        o => Box::new(std::iter::once(o)),
    }
}

/// Whitespace and dots out: for comparing titles drawn in several runs with the outline.
fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '.')
        .collect()
}

// ----- rules that hold for every file -------------------------------------------------------

/// Every drawn piece is inside a marked-content sequence, none nested, and every text is
/// either an artifact or content with an MCID.
fn check_all_content_marked(t: &Tagged) {
    for (pi, pc) in t.content.iter().enumerate() {
        assert!(
            pc.untagged.is_empty(),
            "page {}: drawn outside marked content: {:?}",
            pi + 1,
            &pc.untagged[..pc.untagged.len().min(5)]
        );
        assert_eq!(pc.nested, 0, "page {}: nested marked content", pi + 1);
        for m in &pc.seqs {
            if m.tag == "Artifact" {
                assert!(
                    m.mcid.is_none(),
                    "page {}: an artifact with an MCID",
                    pi + 1
                );
                assert!(
                    ["Pagination", "Layout", "Page", "Background"].contains(&m.art.0.as_str()),
                    "page {}: artifact type {:?}",
                    pi + 1,
                    m.art
                );
            } else {
                assert!(
                    m.mcid.is_some(),
                    "page {}: {} content without an MCID",
                    pi + 1,
                    m.tag
                );
            }
        }
    }
}

/// MCIDs are unique on each page, each is in the parent tree under the page's
/// `/StructParents`, pointing to the element whose kids name it; and every marked-content
/// reference of the tree exists in the page's content.
fn check_parent_tree(t: &Tagged) {
    let tree = t.parent_tree();
    let index: HashMap<ObjectId, usize> =
        t.elems.iter().enumerate().map(|(i, e)| (e.id, i)).collect();
    let mut in_tree: BTreeSet<(usize, i64)> = BTreeSet::new();
    for e in &t.elems {
        for k in &e.kids {
            if let Kid::Mcr(p, m) = k {
                assert!(in_tree.insert((*p, *m)), "MCR page {p} MCID {m} twice");
            }
        }
    }
    let mut in_content: BTreeSet<(usize, i64)> = BTreeSet::new();
    for (pi, pc) in t.content.iter().enumerate() {
        let page = t.lo.get_dictionary(t.pages[pi]).unwrap();
        let mcids: Vec<(i64, &str)> = pc
            .seqs
            .iter()
            .filter_map(|m| m.mcid.map(|x| (x, m.tag.as_str())))
            .collect();
        if mcids.is_empty() {
            continue;
        }
        let key = page
            .get(b"StructParents")
            .unwrap_or_else(|_| panic!("page {}: no StructParents", pi + 1))
            .as_i64()
            .unwrap();
        let arr = t.deref(&tree[&key]).as_array().unwrap().clone();
        for (mcid, tag) in mcids {
            assert!(
                in_content.insert((pi, mcid)),
                "page {}: MCID {mcid} used twice",
                pi + 1
            );
            let elem = arr
                .get(mcid as usize)
                .unwrap_or_else(|| panic!("page {}: MCID {mcid} not in the parent tree", pi + 1))
                .as_reference()
                .unwrap();
            let e = &t.elems[index[&elem]];
            assert!(
                e.kids.contains(&Kid::Mcr(pi, mcid)),
                "page {}: MCID {mcid}'s parent {} does not name it",
                pi + 1,
                e.role
            );
            assert_eq!(e.role, tag, "page {}: BDC tag and element differ", pi + 1);
        }
    }
    assert_eq!(
        in_tree, in_content,
        "marked content and the tree's references agree"
    );
    let root = t
        .catalog()
        .get(b"StructTreeRoot")
        .unwrap()
        .as_reference()
        .unwrap();
    let next =
        t.lo.get_dictionary(root)
            .unwrap()
            .get(b"ParentTreeNextKey")
            .unwrap()
            .as_i64()
            .unwrap();
    assert!(
        tree.keys().all(|&k| k < next),
        "ParentTreeNextKey above every key"
    );
}

/// H1 first, then never more than one level deeper than the previous heading.
fn check_heading_levels(t: &Tagged) {
    let mut prev = 0;
    let mut n = 0;
    for (i, _) in t.walk() {
        let r = &t.elems[i].role;
        if let Some(l) = r.strip_prefix('H').and_then(|l| l.parse::<u32>().ok()) {
            assert!(
                l <= prev + 1,
                "{r} after H{prev}: “{}”",
                norm(&t.text_of(i))
            );
            prev = l;
            n += 1;
        }
    }
    assert!(n > 0, "headings are tagged");
}

/// The standard PDF 1.7 structure types only (no role map needed).
fn check_standard_roles(t: &Tagged) {
    const STD: &[&str] = &[
        "Document",
        "Part",
        "Art",
        "Sect",
        "Div",
        "BlockQuote",
        "Caption",
        "TOC",
        "TOCI",
        "Index",
        "NonStruct",
        "Private",
        "P",
        "H",
        "H1",
        "H2",
        "H3",
        "H4",
        "H5",
        "H6",
        "L",
        "LI",
        "Lbl",
        "LBody",
        "Table",
        "TR",
        "TH",
        "TD",
        "THead",
        "TBody",
        "TFoot",
        "Span",
        "Quote",
        "Note",
        "Reference",
        "BibEntry",
        "Code",
        "Link",
        "Annot",
        "Ruby",
        "Warichu",
        "Figure",
        "Formula",
        "Form",
    ];
    assert_eq!(t.elems[0].role, "Document");
    for e in &t.elems {
        assert!(STD.contains(&e.role.as_str()), "non-standard {}", e.role);
        assert_eq!(name_of(e.dict.get(b"Type").unwrap()), "StructElem");
    }
}

fn check_generic(t: &Tagged) {
    check_all_content_marked(t);
    check_parent_tree(t);
    check_heading_levels(t);
    check_standard_roles(t);
}

// ----- one test per rule, on the sample -------------------------------------------------

#[test]
fn structure_tree_is_present_and_marked() {
    let t = screen();
    let cat = t.catalog();
    let root = cat.get(b"StructTreeRoot").unwrap().as_reference().unwrap();
    let tr = t.lo.get_dictionary(root).unwrap();
    assert_eq!(name_of(tr.get(b"Type").unwrap()), "StructTreeRoot");
    assert!(tr.get(b"ParentTree").is_ok());
    let mi = t.deref(cat.get(b"MarkInfo").unwrap()).as_dict().unwrap();
    assert!(mi.get(b"Marked").unwrap().as_bool().unwrap());
    assert!(mi.get(b"Suspects").is_err());
    check_standard_roles(t);
    // Document → front matter divisions, the contents and one Sect per chapter.
    let top: Vec<&str> = t.elems[0]
        .kids
        .iter()
        .map(|k| match k {
            Kid::Elem(c) => t.elems[*c].role.as_str(),
            _ => panic!("the Document holds elements only"),
        })
        .collect();
    // … and, on screen, the last page's division (the fonts, "Tạo bằng Sotay").
    assert_eq!(
        top,
        ["Div", "Div", "Sect", "Sect", "Sect", "Sect", "Div"],
        "{top:?}"
    );
}

#[test]
fn every_mcid_is_in_the_parent_tree() {
    check_parent_tree(screen());
    check_parent_tree(print());
}

#[test]
fn no_content_is_drawn_untagged() {
    check_all_content_marked(screen());
    check_all_content_marked(print());
    // And the text of the pages is in the tags: nothing but artifacts lacks an MCID.
    let t = screen();
    let tagged: usize = t.content.iter().map(|p| p.seqs.len()).sum();
    assert!(tagged > 100);
}

#[test]
fn running_headers_footers_and_marks_are_pagination_artifacts() {
    for (t, print) in [(screen(), false), (print(), true)] {
        let mut kinds: BTreeSet<(String, String)> = BTreeSet::new();
        for pc in &t.content {
            for m in &pc.seqs {
                if m.text.starts_with("Trang ") {
                    assert_eq!(
                        m.art,
                        ("Pagination".into(), "PageNum".into()),
                        "the page number"
                    );
                }
                if m.tag == "Artifact" {
                    kinds.insert(m.art.clone());
                }
            }
            // The running header is the handbook's title: never real content past the cover.
        }
        for k in ["Header", "Footer", "PageNum"] {
            assert!(
                kinds.contains(&("Pagination".into(), k.into())),
                "{k} in {kinds:?}"
            );
        }
        assert!(kinds.contains(&("Layout".into(), String::new())), "rules");
        assert_eq!(
            kinds.contains(&("Page".into(), String::new())),
            print,
            "crop marks only in print"
        );
        // No page number or running header in the structure tree's text.
        let all: String = t.text_of(0);
        assert!(!all.contains("Trang 1 /"), "page numbers are not content");
    }
}

#[test]
fn headings_never_skip_a_level_and_match_the_outline() {
    let t = screen();
    check_heading_levels(t);
    // The Markdown's `####` right after `##` is an H3.
    let h = t
        .walk()
        .into_iter()
        .find(|(i, _)| t.elems[*i].role.starts_with('H') && t.text_of(*i).contains("nhảy cấp"))
        .map(|(i, _)| t.elems[i].role.clone());
    assert_eq!(h.as_deref(), Some("H3"));
    // The H1s are the outline's top level: contents, then each chapter.
    let cat = t.catalog();
    let outlines = t.deref(cat.get(b"Outlines").unwrap()).as_dict().unwrap();
    let mut titles = Vec::new();
    let mut item = outlines.get(b"First").unwrap().as_reference().ok();
    while let Some(id) = item {
        let d = t.lo.get_dictionary(id).unwrap();
        titles.push(squash(&pdf_text(d.get(b"Title").unwrap())));
        item = d.get(b"Next").and_then(Object::as_reference).ok();
    }
    let h1: Vec<String> = t
        .with_role("H1")
        .into_iter()
        .map(|i| squash(&t.text_of(i)))
        .collect();
    assert_eq!(h1, titles);
    // Every contents entry has its heading, in order.
    let headings: Vec<String> = t
        .walk()
        .into_iter()
        .filter(|(i, _)| t.elems[*i].role.starts_with('H'))
        .map(|(i, _)| squash(&t.text_of(i)))
        .collect();
    let mut at = 0;
    for e in &sample_doc().toc {
        let want = squash(&e.title);
        let found = headings[at..].iter().position(|h| h.ends_with(&want));
        let k = found.unwrap_or_else(|| panic!("no heading for {:?}", e.title));
        at += k + 1;
    }
}

#[test]
fn tables_have_header_cells_with_scope_and_repeat_headers_as_artifacts() {
    let t = screen();
    let tables = t.with_role("Table");
    assert_eq!(tables.len(), 1);
    let table = tables[0];
    assert_eq!(t.kids_with_role(table, "Caption").len(), 1);
    let thead = t.kids_with_role(table, "THead");
    let tbody = t.kids_with_role(table, "TBody");
    assert_eq!((thead.len(), tbody.len()), (1, 1));
    let head_rows = t.kids_with_role(thead[0], "TR");
    assert_eq!(head_rows.len(), 1);
    let ths = t.kids_with_role(head_rows[0], "TH");
    assert_eq!(ths.len(), 4);
    for &th in &ths {
        let a = t
            .deref(t.elems[th].dict.get(b"A").unwrap())
            .as_dict()
            .unwrap();
        assert_eq!(name_of(a.get(b"O").unwrap()), "Table");
        assert_eq!(name_of(a.get(b"Scope").unwrap()), "Column");
    }
    let rows = t.kids_with_role(tbody[0], "TR");
    assert_eq!(rows.len(), 200, "one TR per row, also when split");
    for &r in &rows {
        assert_eq!(t.kids_with_role(r, "TD").len(), 4);
        assert_eq!(t.elems[r].kids.len(), 4, "cells only");
    }
    assert_eq!(
        norm(&t.text_of(rows[149])),
        "L150 Ao A4 3 2025-06-11 550 kg"
    );
    // The table spans pages; the header row is drawn again on each as an artifact.
    let pages: BTreeSet<usize> = rows
        .iter()
        .flat_map(|&r| t.kids_with_role(r, "TD"))
        .flat_map(|c| t.elems[c].kids.clone())
        .filter_map(|k| match k {
            Kid::Mcr(p, _) => Some(p),
            _ => None,
        })
        .collect();
    assert!(pages.len() >= 3, "{pages:?}");
    for &p in pages.iter().skip(1) {
        let repeated = t.content[p]
            .seqs
            .iter()
            .any(|m| m.tag == "Artifact" && m.art.0 == "Pagination" && m.text.starts_with("Mã lô"));
        assert!(
            repeated,
            "page {}: header row repeated as an artifact",
            p + 1
        );
        assert!(
            !t.content[p]
                .seqs
                .iter()
                .any(|m| m.tag == "TH" && m.text == "Mã lô"),
            "page {}: the repeated header is not content",
            p + 1
        );
    }
}

#[test]
fn figures_have_alt_text_and_a_caption() {
    let t = screen();
    let figs = t.with_role("Figure");
    assert_eq!(figs.len(), 3, "two images and a QR code");
    let alts: Vec<String> = figs
        .iter()
        .map(|&f| pdf_text(t.elems[f].dict.get(b"Alt").expect("Alt")))
        .collect();
    assert_eq!(alts[0], "Sơ đồ quy trình từ ao nuôi đến nhà máy chế biến");
    assert_eq!(
        alts[1], "Hình không có mô tả",
        "no alt text, no caption: said so"
    );
    assert_eq!(alts[2], "Mã QR: https://id.gs1.org/01/08931234567897");
    for &f in &figs {
        assert!(!pdf_text(t.elems[f].dict.get(b"Alt").unwrap())
            .trim()
            .is_empty());
        let a = t
            .deref(t.elems[f].dict.get(b"A").unwrap())
            .as_dict()
            .unwrap();
        assert_eq!(a.get(b"BBox").unwrap().as_array().unwrap().len(), 4);
        assert!(
            t.elems[f].kids.iter().any(|k| matches!(k, Kid::Mcr(..))),
            "the image is the figure's content"
        );
        // The caption follows the figure in its division.
        let div = t.elems[f].parent.unwrap();
        assert_eq!(t.elems[div].role, "Div");
    }
    let cap = t.kids_with_role(t.elems[figs[0]].parent.unwrap(), "Caption");
    assert_eq!(cap.len(), 1);
    assert!(t.text_of(cap[0]).contains("Sơ đồ quy trình"));
    // The images are drawn inside the Figure's marked content.
    let drawn: usize = t
        .content
        .iter()
        .flat_map(|pc| &pc.seqs)
        .filter(|m| m.tag == "Figure")
        .count();
    assert_eq!(drawn, 3);
}

#[test]
fn annotations_are_tagged_links_with_the_print_flag() {
    let t = screen();
    let tree = t.parent_tree();
    let annots = t.annotations();
    assert!(
        annots.len() >= 8,
        "contents entries, links, footnote numbers"
    );
    let index: HashMap<ObjectId, usize> =
        t.elems.iter().enumerate().map(|(i, e)| (e.id, i)).collect();
    for (pi, id, a) in &annots {
        assert_eq!(a.get(b"F").unwrap().as_i64().unwrap(), 4, "print flag");
        let contents = pdf_text(a.get(b"Contents").expect("Contents"));
        assert!(!contents.trim().is_empty());
        let key = a.get(b"StructParent").unwrap().as_i64().unwrap();
        let elem = tree[&key].as_reference().unwrap();
        let e = &t.elems[index[&elem]];
        assert_eq!(e.role, "Link");
        assert!(e.kids.contains(&Kid::Objr(*pi, *id)), "the Link names it");
        assert!(
            e.kids.iter().any(|k| matches!(k, Kid::Mcr(..))),
            "the Link holds its text"
        );
        let page = t.lo.get_dictionary(t.pages[*pi]).unwrap();
        assert_eq!(name_of(page.get(b"Tabs").unwrap()), "S");
    }
    // Every Link element has its annotation.
    for l in t.with_role("Link") {
        assert!(t.elems[l].kids.iter().any(|k| matches!(k, Kid::Objr(..))));
    }
    // The external link's text.
    assert!(annots
        .iter()
        .any(|(_, _, a)| pdf_text(a.get(b"Contents").unwrap()) == "trang của Bộ Nông nghiệp"));
    // Print: no annotations, no Link elements.
    assert!(print().annotations().is_empty());
    assert!(print().with_role("Link").is_empty());
}

#[test]
fn footnotes_are_notes_after_the_block_that_calls_them() {
    let t = screen();
    let notes = t.with_role("Note");
    assert_eq!(notes.len(), 3);
    let ids: BTreeSet<String> = notes
        .iter()
        .map(|&n| pdf_text(t.elems[n].dict.get(b"ID").expect("a Note has an ID")))
        .collect();
    assert_eq!(ids.len(), 3, "unique IDs");
    // In the IDTree.
    let root = t
        .catalog()
        .get(b"StructTreeRoot")
        .unwrap()
        .as_reference()
        .unwrap();
    let tr = t.lo.get_dictionary(root).unwrap();
    let names = t
        .deref(tr.get(b"IDTree").unwrap())
        .as_dict()
        .unwrap()
        .get(b"Names")
        .unwrap()
        .as_array()
        .unwrap()
        .len();
    assert_eq!(names, 6);
    for &n in &notes {
        let parent = t.elems[n].parent.unwrap();
        let sibs: Vec<usize> = t.elems[parent]
            .kids
            .iter()
            .filter_map(|k| match k {
                Kid::Elem(c) => Some(*c),
                _ => None,
            })
            .collect();
        let at = sibs.iter().position(|&s| s == n).unwrap();
        let before = sibs[at - 1];
        // Right after the paragraph or table whose Reference calls it (or another note of it).
        let mut b = at - 1;
        while t.elems[sibs[b]].role == "Note" {
            b -= 1;
        }
        let caller = sibs[b];
        let has_ref = t
            .walk()
            .into_iter()
            .filter(|(i, _)| t.elems[*i].role == "Reference")
            .any(|(i, _)| {
                let mut p = t.elems[i].parent;
                while let Some(x) = p {
                    if x == caller {
                        return true;
                    }
                    p = t.elems[x].parent;
                }
                false
            });
        assert!(
            has_ref,
            "the note {:?} follows its caller ({} then {})",
            norm(&t.text_of(n)),
            t.elems[caller].role,
            t.elems[before].role
        );
    }
    // The note called in the table follows the table.
    let in_table = notes
        .iter()
        .find(|&&n| t.text_of(n).contains("nuôi thử nghiệm"))
        .unwrap();
    let parent = t.elems[*in_table].parent.unwrap();
    let sibs: Vec<&Kid> = t.elems[parent].kids.iter().collect();
    let at = sibs
        .iter()
        .position(|k| **k == Kid::Elem(*in_table))
        .unwrap();
    let Kid::Elem(prev) = sibs[at - 1] else {
        panic!()
    };
    assert_eq!(t.elems[*prev].role, "Table");
}

#[test]
fn lists_are_items_with_label_and_body() {
    let t = screen();
    let lists = t.with_role("L");
    assert!(lists.len() >= 4, "ordered, nested, task, glossary");
    // Every list says how its labels are numbered (PDF/UA: ListNumbering on ordered lists).
    let numbering: Vec<String> = lists
        .iter()
        .map(|&l| {
            let a = t
                .deref(t.elems[l].dict.get(b"A").unwrap())
                .as_dict()
                .unwrap();
            assert_eq!(name_of(a.get(b"O").unwrap()), "List");
            name_of(a.get(b"ListNumbering").unwrap()).to_string()
        })
        .collect();
    for want in ["Decimal", "Disc", "None"] {
        assert!(
            numbering.iter().any(|n| n == want),
            "{want} in {numbering:?}"
        );
    }
    for l in lists {
        for k in &t.elems[l].kids {
            let Kid::Elem(li) = k else {
                panic!("a list holds items only")
            };
            assert_eq!(t.elems[*li].role, "LI");
            let roles: Vec<&str> = t.elems[*li]
                .kids
                .iter()
                .map(|k| match k {
                    Kid::Elem(c) => t.elems[*c].role.as_str(),
                    _ => "content",
                })
                .collect();
            assert_eq!(roles, ["Lbl", "LBody"]);
        }
    }
    let lbls: Vec<String> = t
        .with_role("Lbl")
        .into_iter()
        .map(|l| t.text_of(l))
        .collect();
    for want in ["1.", "2.", "3.", "☑", "☐", "Lô hàng"] {
        assert!(lbls.iter().any(|l| l == want), "{want} in {lbls:?}");
    }
}

#[test]
fn contents_is_a_toc_of_linked_entries() {
    let t = screen();
    let tocs = t.with_role("TOC");
    assert_eq!(tocs.len(), 1);
    let items = t.kids_with_role(tocs[0], "TOCI");
    assert_eq!(items.len(), t.elems[tocs[0]].kids.len());
    assert_eq!(items.len(), sample_doc().toc.len());
    for &i in &items {
        let r = t.kids_with_role(i, "Reference");
        assert_eq!(r.len(), 1);
        let l = t.kids_with_role(r[0], "Link");
        assert_eq!(l.len(), 1, "screen: the entry is a link");
        // Title and page number, not the dot leaders.
        let text = t.text_of(l[0]);
        assert!(!text.contains(".."), "{text}");
        assert!(
            text.chars().last().unwrap().is_ascii_alphanumeric(),
            "{text}"
        );
    }
    let print = print();
    let items = t.kids_with_role(print.with_role("TOC")[0], "TOCI");
    assert!(!items.is_empty());
}

#[test]
fn quotes_alerts_and_code_are_tagged() {
    let t = screen();
    let q = t.with_role("BlockQuote");
    assert_eq!(q.len(), 1);
    assert!(t.text_of(q[0]).contains("truy được về đúng ao"));
    let code = t.with_role("Code");
    assert_eq!(code.len(), 1);
    assert_eq!(t.text_of(code[0]), "AO03-250615-01");
    assert!(t
        .with_role("Div")
        .iter()
        .any(|&d| t.text_of(d).contains("kháng sinh")));
}

#[test]
fn reading_order_holds_every_sentence_and_cell() {
    let t = screen();
    let text = norm(&t.text_of(0));
    let (sents, cells) = sentences_and_cells(sample_doc());
    let miss = missing_in_order(&text, &sents);
    assert!(miss.is_empty(), "missing in the tags' order: {miss:?}");
    let miss = missing_in_order(&text, &cells);
    assert!(
        miss.is_empty(),
        "cells missing in order: {:?}",
        &miss[..miss.len().min(3)]
    );
    // A footnote is read after the paragraph that calls it, before the next one.
    let a = text.find("quy định mới nhất").unwrap();
    let n = text.find("quy định có hiệu lực từ năm 2025").unwrap();
    let b = text.find("Sổ tay này áp dụng").unwrap();
    assert!(a < n && n < b);
}

#[test]
fn xmp_claims_pdfa_2a_and_pdfua_1() {
    let t = screen();
    let m = t
        .deref(t.catalog().get(b"Metadata").unwrap())
        .as_stream()
        .unwrap();
    assert_eq!(name_of(m.dict.get(b"Type").unwrap()), "Metadata");
    assert_eq!(name_of(m.dict.get(b"Subtype").unwrap()), "XML");
    assert!(m.dict.get(b"Filter").is_err(), "readable without decoding");
    let xmp = String::from_utf8(m.content.clone()).unwrap();
    for want in [
        "<pdfaid:part>2</pdfaid:part>",
        "<pdfaid:conformance>A</pdfaid:conformance>",
        "<pdfuaid:part>1</pdfuaid:part>",
        "<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>",
        "<?xpacket begin=\"\u{feff}\"",
        "<?xpacket end=\"w\"?>",
        "<xmp:CreateDate>2025-07-01T12:00:00+07:00</xmp:CreateDate>",
    ] {
        assert!(xmp.contains(want), "{want}");
    }
    // dc:title and the others agree with the Info dictionary.
    let info = t
        .deref(t.lo.trailer.get(b"Info").unwrap())
        .as_dict()
        .unwrap();
    let title = pdf_text(info.get(b"Title").unwrap());
    assert_eq!(title, "Sổ tay thử nghiệm");
    assert!(xmp.contains(&format!(
        "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">{title}</rdf:li></rdf:Alt></dc:title>"
    )));
    let author = pdf_text(info.get(b"Author").unwrap());
    assert!(xmp.contains(&format!("<rdf:li>{author}</rdf:li>")));
    let producer = pdf_text(info.get(b"Producer").unwrap());
    assert!(xmp.contains(&format!("<pdf:Producer>{producer}</pdf:Producer>")));
    let keywords = pdf_text(info.get(b"Keywords").unwrap());
    assert!(xmp.contains(&format!("<pdf:Keywords>{keywords}</pdf:Keywords>")));
    assert_eq!(t.lo.version, "1.7");
}

#[test]
fn output_intent_is_srgb_with_an_embedded_profile() {
    let t = screen();
    let intents = t
        .deref(t.catalog().get(b"OutputIntents").unwrap())
        .as_array()
        .unwrap();
    assert_eq!(intents.len(), 1);
    let oi = t.deref(&intents[0]).as_dict().unwrap();
    assert_eq!(name_of(oi.get(b"S").unwrap()), "GTS_PDFA1");
    assert!(pdf_text(oi.get(b"OutputConditionIdentifier").unwrap()).contains("sRGB"));
    let icc = t
        .deref(oi.get(b"DestOutputProfile").unwrap())
        .as_stream()
        .unwrap();
    assert_eq!(icc.dict.get(b"N").unwrap().as_i64().unwrap(), 3);
    let data = icc
        .decompressed_content()
        .unwrap_or_else(|_| icc.content.clone());
    assert_eq!(&data[36..40], b"acsp", "an ICC profile");
    assert_eq!(&data[16..20], b"RGB ");
    assert!(data[8] <= 4, "ICC version PDF/A-2 accepts");
    assert!(data.len() < 16_000, "small");
}

#[test]
fn language_title_and_display_are_set() {
    let t = screen();
    let cat = t.catalog();
    assert_eq!(pdf_text(cat.get(b"Lang").unwrap()), "vi-VN");
    let vp = t
        .deref(cat.get(b"ViewerPreferences").unwrap())
        .as_dict()
        .unwrap();
    assert!(vp.get(b"DisplayDocTitle").unwrap().as_bool().unwrap());
    let info = t
        .deref(t.lo.trailer.get(b"Info").unwrap())
        .as_dict()
        .unwrap();
    assert!(!pdf_text(info.get(b"Title").unwrap()).is_empty());
    // A document in English says so.
    let mut en = sample_doc().clone();
    en.meta.lang = sotay_model::Lang::En;
    let t = Tagged::read(&sotay_pdf::write(&en, &SCREEN_A4).bytes);
    assert_eq!(pdf_text(t.catalog().get(b"Lang").unwrap()), "en");
    assert!(String::from_utf8_lossy(
        &t.deref(t.catalog().get(b"Metadata").unwrap())
            .as_stream()
            .unwrap()
            .content
    )
    .contains("<rdf:li>en</rdf:li>"));
}

#[test]
fn every_font_is_embedded_with_a_to_unicode_map() {
    for t in [screen(), print()] {
        let mut n = 0;
        for &pid in &t.pages {
            for (_, f) in t.lo.get_page_fonts(pid).unwrap() {
                n += 1;
                let map = to_unicode(&t.lo, f);
                assert!(!map.is_empty(), "ToUnicode");
                let desc = t.deref(&f.get(b"DescendantFonts").unwrap().as_array().unwrap()[0]);
                let fd = t
                    .deref(desc.as_dict().unwrap().get(b"FontDescriptor").unwrap())
                    .as_dict()
                    .unwrap();
                assert!(fd.get(b"FontFile2").is_ok(), "embedded");
            }
        }
        assert!(n > 0);
        // Every character drawn maps to Unicode.
        for pc in &t.content {
            for m in &pc.seqs {
                assert!(!m.text.contains('\u{fffd}'), "{:?}", m.text);
            }
        }
    }
}

#[test]
fn print_edition_is_tagged_like_the_screen_edition() {
    let (s, p) = (screen(), print());
    check_generic(p);
    for role in [
        "H1", "H2", "H3", "P", "Table", "TR", "Figure", "Note", "TOCI", "L",
    ] {
        // The screen edition's last page adds a paragraph per line of its credits.
        let credits = if role == "P" {
            sample_doc().meta.front().credits.len()
        } else {
            0
        };
        assert_eq!(
            s.with_role(role).len(),
            p.with_role(role).len() + credits,
            "{role} in both editions"
        );
    }
    // The print edition's TrimBox and BleedBox stay.
    let page = p.lo.get_dictionary(p.pages[0]).unwrap();
    assert!(page.get(b"TrimBox").is_ok() && page.get(b"BleedBox").is_ok());
}

#[test]
fn a_distributed_copy_stamps_artifacts_only() {
    let d = sample_doc();
    let stamp = sotay_doc::CopyStamp {
        serial: 12,
        recipient: "HTX Thuận Hòa".into(),
        unit: "Phòng Kinh tế".into(),
        qr_data: "https://example.vn/ban/0199/12".into(),
    };
    let out = sotay_pdf::prepare(d, &SCREEN_A4).write(d, Some(&stamp));
    let t = Tagged::read(&out.bytes);
    check_generic(&t);
    let stamped: Vec<&Marked> = t
        .content
        .iter()
        .flat_map(|pc| &pc.seqs)
        .filter(|m| m.text.contains("Bản số 012"))
        .collect();
    assert!(stamped.len() > 2);
    assert!(stamped.iter().all(|m| m.tag == "Artifact"));
    // The same tree as the unstamped file.
    assert_eq!(t.dump(), screen().dump());
}

#[test]
fn a_copys_serial_on_the_cover_is_tagged_text_of_the_cover() {
    let d = sample_doc();
    let stamp = sotay_doc::CopyStamp {
        serial: 3,
        recipient: "HTX Thuận Hòa".into(),
        unit: String::new(),
        qr_data: "SOTAY1:0199F0A2-7C3B-7D10-9E4A-2B1C3D4E5F60:003:AE9CF243C28D67A6".into(),
    };
    for opts in [SCREEN_A4, PRINT_A5] {
        let out = sotay_pdf::prepare_copies(d, &opts).write(d, Some(&stamp));
        let t = Tagged::read(&out.bytes);
        check_generic(&t);
        // On the cover (page 1): "Bản số 003" is marked content of a paragraph of the cover's
        // division, not an artifact.
        let cover: Vec<&Marked> = t.content[0]
            .seqs
            .iter()
            .filter(|m| m.text.contains("Bản số 003"))
            .collect();
        assert_eq!(cover.len(), 1, "{opts:?}");
        assert_eq!(cover[0].tag, "P");
        let mcid = cover[0].mcid.expect("an MCID");
        let owner = t
            .elems
            .iter()
            .find(|e| e.kids.contains(&Kid::Mcr(0, mcid)))
            .expect("an element owns it");
        assert_eq!(owner.role, "P");
        assert_eq!(t.elems[owner.parent.unwrap()].role, "Div");
        assert_eq!(squash(&t.text[&(0, mcid)]), "Bảnsố003");
    }
}

#[test]
fn structure_dump_matches_the_snapshot() {
    let dump = screen().dump();
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/tagged-sample.txt");
    if std::env::var_os("SOTAY_PDF_BLESS").is_some() || !path.exists() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &dump).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&path).unwrap();
    if want != dump {
        let at = want
            .lines()
            .zip(dump.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(want.lines().count().min(dump.lines().count()));
        panic!(
            "structure differs from {} at line {} (SOTAY_PDF_BLESS=1 renews it):\n want: {:?}\n  got: {:?}",
            path.display(),
            at + 1,
            want.lines().nth(at),
            dump.lines().nth(at)
        );
    }
}

// ----- the template handbooks ---------------------------------------------------------------

#[test]
fn template_handbooks_are_tagged_in_every_edition() {
    for id in ["tom-nuoc-lo", "lua-gao"] {
        let d = template(id);
        for opts in [
            SCREEN_A4,
            PRINT_A5,
            PdfOptions {
                edition: Edition::Print,
                paper: Paper::A4,
            },
        ] {
            let t = Tagged::read(&sotay_pdf::write(&d, &opts).bytes);
            check_generic(&t);
            assert!(!t.with_role("Table").is_empty());
            for th in t.with_role("TH") {
                let a = t
                    .deref(t.elems[th].dict.get(b"A").unwrap())
                    .as_dict()
                    .unwrap();
                assert_eq!(name_of(a.get(b"Scope").unwrap()), "Column");
            }
            for f in t.with_role("Figure") {
                assert!(t.elems[f].dict.get(b"Alt").is_ok());
            }
            let text = norm(&t.text_of(0));
            let (sents, cells) = sentences_and_cells(&d);
            let miss = missing_in_order(&text, &sents);
            assert!(miss.is_empty(), "{id}: {:?}", &miss[..miss.len().min(3)]);
            let miss = missing_in_order(&text, &cells);
            assert!(miss.is_empty(), "{id}: {:?}", &miss[..miss.len().min(3)]);
        }
    }
}

#[test]
fn an_adversarial_document_is_tagged_throughout() {
    // Nesting past the model's limit, a heading five levels down, a row taller than a page,
    // a table too wide for a grid, footnotes on every line near page ends, an empty list
    // item, a missing image, links broken across lines.
    let deep_list: String = (0..40)
        .map(|i| format!("{}- mức {i}\n", "  ".repeat(i)))
        .collect();
    let deep_quote = format!("{} trích dẫn rất sâu trong nhiều tầng.\n", ">".repeat(40));
    let tall: Vec<String> = (0..80)
        .map(|i| format!("Câu số {i} mô tả một bước ghi chép tại ao nuôi."))
        .collect();
    let wide_head: Vec<String> = (1..=30).map(|c| format!("C{c}")).collect();
    let wide_row: Vec<String> = (1..=30).map(|c| format!("v{c}")).collect();
    let mut notes = String::new();
    let mut paras = String::new();
    for i in 0..60 {
        paras.push_str(&format!(
            "Đoạn {i} có một chú thích ở cuối câu và [một liên kết khá dài được bẻ qua dòng](https://example.vn/{i}).[^n{i}]\n\n"
        ));
        notes.push_str(&format!("[^n{i}]: Chú thích số {i}.\n"));
    }
    let md = format!(
        "# Tài liệu khó\n\n##### Tiêu đề nhảy năm cấp\n\n{deep_list}\n{deep_quote}\n\
-\n- mục có nội dung\n\n\
| Bước | Mô tả |\n|---|---|\n| 1 | {} |\n| 2 | Ngắn. |\n\n\
| {} |\n|{}|\n| {} |\n\n\
![Ảnh không có](khong-co.png)\n\n{paras}{notes}",
        tall.join(" "),
        wide_head.join(" | "),
        "---|".repeat(30),
        wide_row.join(" | "),
    );
    let d = doc(&[("kho", &md, ChapterRole::Body)], &|_| None);
    for opts in [SCREEN_A4, PRINT_A5] {
        let t = Tagged::read(&sotay_pdf::write(&d, &opts).bytes);
        check_generic(&t);
        assert_eq!(t.with_role("Note").len(), 60);
        let text = norm(&t.text_of(0));
        let (sents, _) = sentences_and_cells(&d);
        let miss = missing_in_order(&text, &sents);
        assert!(miss.is_empty(), "{:?}", &miss[..miss.len().min(3)]);
        assert!(missing_in_order(&text, &tall).is_empty());
        for f in t.with_role("Figure") {
            assert!(!pdf_text(t.elems[f].dict.get(b"Alt").unwrap()).is_empty());
        }
        if opts.edition == Edition::Screen {
            for (_, _, a) in t.annotations() {
                assert!(a.get(b"StructParent").is_ok());
            }
        }
    }
}

#[test]
fn passages_in_another_language_are_spans_with_their_lang() {
    // `[…]{lang=en}` in a paragraph (one run on to the next line, one holding a link), in a
    // heading, a list item (its `LBody`'s `P`) and a table cell: each a `Span` with `/Lang`,
    // inside the element that holds it, its words and nothing else.
    let long = "Good Aquaculture Practices cover every step from the hatchery to the harvest, \
                and each farm keeps the records that let a buyer follow a lot back to its pond";
    let md = format!(
        "# Chương thử\n\nTheo [{long}]{{lang=en}}, cơ sở ghi nhật ký.\n\n\
         ## Traceability {{lang=en}}\n\n\
         Xem [hướng dẫn [Global Traceability Standard](https://gs1.org/traceability)]{{lang=en}} của GS1 và [la traçabilité]{{lang=fr}}.\n\n\
         - [Record keeping]{{lang=en}} tại ao\n\n\
         | Thuật ngữ | Nghĩa |\n|---|---|\n| [Critical Tracking Event]{{lang=en}} | Sự kiện trọng yếu |\n"
    );
    let d = doc(&[("chuong-1", &md, ChapterRole::Body)], &|_| None);
    for opts in [SCREEN_A4, PRINT_A5] {
        let t = Tagged::read(&sotay_pdf::write(&d, &opts).bytes);
        check_generic(&t);
        assert_eq!(pdf_text(t.catalog().get(b"Lang").unwrap()), "vi-VN");
        let spans: Vec<(String, String, String)> = t
            .with_role("Span")
            .into_iter()
            .map(|i| {
                let e = &t.elems[i];
                let parent = &t.elems[e.parent.unwrap()].role;
                (
                    pdf_text(e.dict.get(b"Lang").expect("a Span has its /Lang")),
                    parent.clone(),
                    norm(&t.text_of(i)),
                )
            })
            .collect();
        let summary: Vec<(&str, &str)> = spans
            .iter()
            .map(|(l, p, _)| (l.as_str(), p.as_str()))
            .collect();
        assert_eq!(
            summary,
            [
                ("en", "P"),
                ("en", "H2"),
                ("en", "P"),
                ("fr", "P"),
                ("en", "P"),
                ("en", "TD"),
            ],
            "{spans:#?}"
        );
        // The long passage runs over lines as one Span holding all its words.
        assert_eq!(spans[0].2, norm(long), "{:?}", spans[0]);
        assert!(
            t.elems[t.with_role("Span")[0]]
                .kids
                .iter()
                .filter(|k| matches!(k, Kid::Mcr(..)))
                .count()
                >= 1
        );
        assert_eq!(spans[1].2, "Traceability");
        assert!(spans[2]
            .2
            .starts_with("hướng dẫn Global Traceability Standard"));
        assert_eq!(spans[3].2, "la traçabilité");
        assert_eq!(spans[4].2, "Record keeping");
        assert_eq!(spans[5].2, "Critical Tracking Event");
        // The link inside the passage is a Link element inside its Span (screen edition).
        if opts.edition == Edition::Screen {
            let s = t.with_role("Span")[2];
            assert_eq!(t.kids_with_role(s, "Link").len(), 1);
        }
        // The words around the passages stay in their paragraph, in reading order (the
        // tree's text joins marked contents with a space: compared without spaces).
        let text = t.text_of(0);
        assert!(
            squash(&text).contains(&squash(&format!("Theo {long}, cơ sở ghi nhật ký."))),
            "{text}"
        );
    }
}
