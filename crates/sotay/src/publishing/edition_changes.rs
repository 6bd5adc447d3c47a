//! What changed since an earlier edition (issue 21): which edition a new one is compared with
//! (the previous one, `--compare-with LABEL`, or none with `--no-change-bars`), kept in the
//! edition's snapshot so a reproduced edition gets the same bars; the changes themselves are
//! computed on the two documents by [`sotay_doc::changes::compare`]; the manifest's record of
//! the comparison; and the comparison report for the approving official
//! (`sotay report changes H --from 1.0 --to 1.1`).

use std::fmt::Write as _;

use sotay_doc::changes::{compare, ChangeKind, Changes};
use sotay_doc::{ChapterRole, Document};
use sotay_model::revision::DiffOp;

use super::*;
use crate::export::ExportReport;

/// What an edition was compared with when it was made (stored in its snapshot).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "mode", rename_all = "lowercase")]
pub(super) enum Comparison {
    /// Against the edition labelled `label` (id `edition_id`).
    Against { label: String, edition_id: String },
    /// `--no-change-bars`: no marks although an earlier edition exists.
    Off,
}

/// The formats of the comparison report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangesFormat {
    Pdf,
    Html,
    Docx,
}

impl ChangesFormat {
    pub fn extension(self) -> &'static str {
        match self {
            ChangesFormat::Pdf => "pdf",
            ChangesFormat::Html => "html",
            ChangesFormat::Docx => "docx",
        }
    }
}

/// The `changes` entry of `manifest.json`: against which edition and what changed, or that the
/// marks were turned off; none for an edition compared with nothing (a first edition).
pub(super) fn manifest_entry(
    comparison: Option<&Comparison>,
    changes: Option<&Changes>,
) -> Option<Value> {
    match comparison? {
        Comparison::Off => Some(json!({ "disabled": true })),
        Comparison::Against { label, edition_id } => {
            let c = changes?;
            let [added, changed, moved, removed] = c.counts();
            let sections: Vec<Value> = c
                .sections
                .iter()
                .map(|s| {
                    json!({
                        "label": s.label, "title": s.title, "kind": s.kind.as_str(),
                        "added": s.added, "changed": s.changed, "removed": s.removed,
                    })
                })
                .collect();
            Some(json!({
                "against": label, "against_edition": edition_id,
                "blocks": { "added": added, "changed": changed, "moved": moved, "removed": removed },
                "sections": sections,
            }))
        }
    }
}

impl Workspace {
    /// What a new edition `label` of handbook `handbook_id` is compared with.
    pub(super) fn choose_comparison(
        &self,
        handbook_id: &str,
        label: &str,
        req: &PublishRequest,
    ) -> Result<Option<Comparison>, Error> {
        let wanted = req
            .compare_with
            .as_deref()
            .map(|l| sotay_model::text::nfc(l.trim()))
            .filter(|l| !l.is_empty());
        if req.no_change_bars {
            if wanted.is_some() {
                return Err(bad(
                    "Không dùng --compare-with cùng với --no-change-bars.",
                    "--compare-with cannot be used with --no-change-bars.",
                ));
            }
            return Ok(Some(Comparison::Off));
        }
        let earlier = self.store.editions(handbook_id)?;
        let found = match &wanted {
            Some(w) if w == label => {
                return Err(bad(
                    format!("Không so sánh ấn bản “{label}” với chính nó."),
                    format!("Edition “{label}” cannot be compared with itself."),
                ))
            }
            Some(w) => Some(earlier.iter().find(|e| &e.label == w).ok_or_else(|| {
                let known: Vec<&str> = earlier.iter().map(|e| e.label.as_str()).collect();
                bad(
                    format!(
                        "Sổ tay chưa có ấn bản “{w}” để so sánh (đã có: {}). Không tạo tệp nào.",
                        if known.is_empty() { "chưa có ấn bản nào".to_owned() } else { known.join(", ") }
                    ),
                    format!(
                        "The handbook has no edition “{w}” to compare with (it has: {}). Nothing was produced.",
                        if known.is_empty() { "none".to_owned() } else { known.join(", ") }
                    ),
                )
            })?),
            None => earlier.last(),
        };
        Ok(found.map(|e| Comparison::Against {
            label: e.label.clone(),
            edition_id: e.id.clone(),
        }))
    }

    /// The document of an edition, built from its frozen snapshot.
    fn edition_document(
        &self,
        handbook_id: &str,
        label: &str,
    ) -> Result<(Edition, Document), Error> {
        let (edition, snap) = self
            .store
            .edition_by_label(handbook_id, label)?
            .ok_or_else(|| {
                bad(
                    format!("Sổ tay chưa có ấn bản “{label}”."),
                    format!("The handbook has no edition “{label}”."),
                )
            })?;
        let snap: Snapshot = serde_json::from_value(snap)
            .map_err(|e| Error::new(ErrorCode::Internal, format!("edition snapshot: {e}")))?;
        let (meta, chapters, images) = self.edition_input(&edition, &snap)?;
        let lookup = |name: &str| images.get(name).cloned();
        Ok((
            edition,
            build(meta, &chapters, Numbering::Auto, &lookup).document,
        ))
    }

    /// The changes of `doc` against the edition `comparison` names (none when it names none).
    pub(super) fn edition_changes(
        &self,
        handbook_id: &str,
        comparison: Option<&Comparison>,
        doc: &Document,
    ) -> Result<Option<Changes>, Error> {
        let Some(Comparison::Against { label, .. }) = comparison else {
            return Ok(None);
        };
        let (_, old) = self.edition_document(handbook_id, label)?;
        Ok(Some(compare(&old, doc, label)))
    }

    /// The comparison report of handbook `handbook` between editions `from` and `to`: every
    /// changed passage by section, as a word diff (removed words struck through, added ones in
    /// bold), for the official who approves the new edition. Written through
    /// [`crate::write_output`].
    pub fn changes_report(
        &self,
        handbook: &str,
        from: &str,
        to: &str,
        format: ChangesFormat,
        out: &Path,
    ) -> Result<ExportReport, Error> {
        let handbook_id = self.resolve_handbook(handbook)?;
        let (from, to) = (
            sotay_model::text::nfc(from.trim()),
            sotay_model::text::nfc(to.trim()),
        );
        if from == to {
            return Err(bad(
                "Hai ấn bản cần so sánh phải khác nhau.",
                "The two editions to compare must differ.",
            ));
        }
        let (old_e, old) = self.edition_document(&handbook_id, &from)?;
        let (new_e, new) = self.edition_document(&handbook_id, &to)?;
        let changes = compare(&old, &new, &from);
        let report = ComparisonReport::new(&old_e, &new_e, &changes);
        let (bytes, diagnostics) = match format {
            ChangesFormat::Docx => (sotay_docx::comparison::write(&report.docx()), Vec::new()),
            ChangesFormat::Html | ChangesFormat::Pdf => {
                let meta = DocMeta {
                    title: report.title.clone(),
                    subtitle: new_e.title.clone(),
                    issuing_body: new.meta.issuing_body.clone(),
                    province: new.meta.province.clone(),
                    date: new_e.date.clone(),
                    lang: new.meta.lang,
                    ..DocMeta::default()
                };
                let input = [ChapterInput {
                    key: "so-sanh".into(),
                    title: report.title.clone(),
                    markdown: report.markdown(),
                    role: ChapterRole::Front,
                }];
                let built = build(meta, &input, Numbering::Off, &|_| None);
                match format {
                    ChangesFormat::Html => (
                        sotay_doc::html::single_file(&built.document).into_bytes(),
                        built.diagnostics,
                    ),
                    _ => {
                        let o = sotay_pdf::write(
                            &built.document,
                            &crate::export::pdf_options(false, false),
                        );
                        (o.bytes, o.diagnostics)
                    }
                }
            }
        };
        crate::output::write_output(out, &bytes)?;
        Ok(ExportReport {
            path: out.to_owned(),
            bytes: bytes.len() as u64,
            diagnostics,
        })
    }
}

/// A passage as a word diff.
type Spans = Vec<(DiffOp, String)>;

/// The comparison report's content, decided once for every format.
struct ComparisonReport {
    title: String,
    /// The newer edition's date.
    date: String,
    intro: Vec<String>,
    /// Per section: its heading with the kind of change, and its passages as word diffs.
    sections: Vec<(String, Vec<Spans>)>,
}

impl ComparisonReport {
    fn new(old: &Edition, new: &Edition, changes: &Changes) -> ComparisonReport {
        let [added, changed, moved, removed] = changes.counts();
        let mut intro = vec![
            format!(
                "Sổ tay: {}. {} ngày {}; ấn bản {} ngày {}.",
                new.title,
                sotay_doc::edition_name(&old.label),
                sotay_doc::display_date(&old.date),
                new.label.trim(),
                sotay_doc::display_date(&new.date)
            ),
            format!(
                "Tóm tắt: {} mục có thay đổi; {added} đoạn thêm mới, {changed} đoạn sửa đổi, {moved} đoạn chuyển chỗ, {removed} đoạn bãi bỏ.",
                changes.sections.len()
            ),
        ];
        if changes.sections.is_empty() {
            intro.push("Hai ấn bản có nội dung như nhau.".to_owned());
        } else {
            intro.push(
                "Cách đọc: chữ gạch ngang là phần bị bỏ, chữ in đậm là phần thêm vào.".to_owned(),
            );
        }
        let mut sections: Vec<(String, Vec<Spans>)> = Vec::new();
        let kinds: std::collections::BTreeMap<String, &'static str> = changes
            .sections
            .iter()
            .map(|s| (s.heading(), s.kind.label()))
            .collect();
        for p in &changes.passages {
            let spans: Spans = match p.kind {
                ChangeKind::Moved if p.new.is_empty() => vec![(
                    DiffOp::Equal,
                    format!("(Đoạn đã chuyển sang chỗ khác) {}", p.old),
                )],
                ChangeKind::Moved => {
                    vec![(DiffOp::Equal, format!("(Đoạn chuyển đến đây) {}", p.new))]
                }
                _ => crate::word_diff(&p.old, &p.new)
                    .into_iter()
                    .map(|s| (s.op, s.text))
                    .collect(),
            };
            let heading = match kinds.get(&p.section) {
                Some(k) => format!("{} — {k}", p.section),
                None => p.section.clone(),
            };
            match sections.last_mut() {
                Some((h, list)) if *h == heading => list.push(spans),
                _ => sections.push((heading, vec![spans])),
            }
        }
        ComparisonReport {
            title: format!(
                "So sánh ấn bản {} với ấn bản {}",
                new.label.trim(),
                old.label.trim()
            ),
            date: new.date.clone(),
            intro,
            sections,
        }
    }

    /// As Markdown for the document model: struck (`~~`) and bold (`**`) runs, every other
    /// character escaped.
    fn markdown(&self) -> String {
        let mut md = format!("# {}\n\n", escape_md(&self.title));
        for line in &self.intro {
            let _ = writeln!(md, "{}\n", escape_md(line));
        }
        for (heading, passages) in &self.sections {
            let _ = writeln!(md, "## {}\n", escape_md(heading));
            for spans in passages {
                let mut para = String::new();
                for (op, text) in spans {
                    for (i, line) in text.split('\n').enumerate() {
                        if i > 0 {
                            para.push_str("\\\n");
                        }
                        para.push_str(&marked(*op, line));
                    }
                }
                let _ = writeln!(md, "{}\n", para.trim_end_matches("\\\n"));
            }
        }
        md
    }

    fn docx(&self) -> sotay_docx::comparison::Comparison {
        sotay_docx::comparison::Comparison {
            title: self.title.clone(),
            date: self.date.clone(),
            intro: self.intro.clone(),
            sections: self
                .sections
                .iter()
                .map(|(h, passages)| {
                    (
                        h.clone(),
                        passages
                            .iter()
                            .map(|spans| {
                                spans
                                    .iter()
                                    .map(|(op, t)| {
                                        let kind = match op {
                                            DiffOp::Equal => sotay_docx::comparison::Mark::Same,
                                            DiffOp::Insert => sotay_docx::comparison::Mark::Added,
                                            DiffOp::Delete => sotay_docx::comparison::Mark::Removed,
                                        };
                                        (kind, t.clone())
                                    })
                                    .collect()
                            })
                            .collect(),
                    )
                })
                .collect(),
        }
    }
}

/// Markdown punctuation escaped, so a passage's text is printed as written.
fn escape_md(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii_punctuation() {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A run of one line: added words in bold, removed ones struck through, the spaces around
/// them outside the marks (CommonMark only closes a mark next to a word).
fn marked(op: DiffOp, line: &str) -> String {
    let core = line.trim();
    if core.is_empty() || op == DiffOp::Equal {
        return escape_md(line);
    }
    let lead = &line[..line.len() - line.trim_start().len()];
    let trail = &line[line.trim_end().len()..];
    let mark = if op == DiffOp::Insert { "**" } else { "~~" };
    format!("{lead}{mark}{}{mark}{trail}", escape_md(core))
}

/// A reproduced edition keeps the comparison it was made with: asking for another is refused.
pub(super) fn check_same_comparison(
    label: &str,
    stored: Option<&Comparison>,
    req: &PublishRequest,
) -> Result<(), Error> {
    let asked_other = match stored {
        Some(Comparison::Off) => req.compare_with.is_some(),
        Some(Comparison::Against { label: against, .. }) => {
            req.no_change_bars
                || req
                    .compare_with
                    .as_deref()
                    .is_some_and(|w| sotay_model::text::nfc(w.trim()) != *against)
        }
        None => req.no_change_bars || req.compare_with.is_some(),
    };
    if asked_other {
        let was = match stored {
            Some(Comparison::Against { label, .. }) => (
                format!("so sánh với ấn bản {label}"),
                format!("compared with edition {label}"),
            ),
            Some(Comparison::Off) => (
                "không có vạch thay đổi".to_owned(),
                "without change bars".to_owned(),
            ),
            None => (
                "không so sánh với ấn bản nào".to_owned(),
                "compared with no edition".to_owned(),
            ),
        };
        return Err(bad(
            format!("Ấn bản “{label}” đã phát hành {}; không đổi được. Dùng nhãn mới cho ấn bản mới.", was.0),
            format!("Edition “{label}” was published {}; that cannot change. Use a new label for a new edition.", was.1),
        ));
    }
    Ok(())
}
