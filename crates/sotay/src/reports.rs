//! Reports of pilot verification — the assessment report, the comparison of pilot models and
//! the annual report to the department — written as Markdown and printed through the same
//! document model as the handbook (HTML, EPUB, PDF). Plus CSV of findings and actions.

use std::fmt::Write as _;
use std::path::Path;

use sotay_doc::{ChapterInput, ChapterRole, DocMeta, Image};
use sotay_model::assessment::{ActionStatus, AssessmentSummary};
use sotay_model::verdict::{Grade, ItemResult, VerdictKind};

use crate::export::{write_document, ExportReport, Format, Paper};
use crate::{Error, ErrorCode, Workspace};

/// The language the reports are written in. Their sentences are composed here in Vietnamese
/// (official documents of a Vietnamese department); an English report needs its words first,
/// and then only this line changes.
const REPORT_LANG: sotay_model::Lang = sotay_model::Lang::Vi;

/// A table cell: no pipes or line breaks from user text.
pub(crate) fn cell(s: &str) -> String {
    s.replace('|', "\\|")
        .replace(['\n', '\r'], " ")
        .trim()
        .to_owned()
}

/// A bar of `■` for a 0–100 score, one mark per 10 points.
fn bar(score: Option<f64>) -> String {
    match score {
        Some(s) => {
            let n = (s / 10.0).round().clamp(0.0, 10.0) as usize;
            format!("{}{}", "■".repeat(n), "□".repeat(10 - n))
        }
        None => "—".into(),
    }
}

pub(crate) fn grade_vi(g: Grade) -> &'static str {
    match g {
        Grade::Pass => "Đạt",
        Grade::Minor => "Lỗi nhẹ",
        Grade::Major => "Lỗi nặng",
    }
}

pub(crate) fn verdict_vi(v: VerdictKind, pending: bool) -> String {
    let label = v.label().vi;
    if pending {
        format!("{label} (chờ hành động khắc phục)")
    } else {
        label
    }
}

fn chapter(key: &str, title: &str, markdown: String, role: ChapterRole) -> ChapterInput {
    ChapterInput {
        key: key.into(),
        title: title.into(),
        markdown,
        role,
    }
}

pub(crate) fn pct(x: f64) -> String {
    format!("{x:.1}").replace('.', ",")
}

/// The facts of an annual report, shared by its book and administrative forms.
pub(crate) struct AnnualFacts {
    /// Markdown sections (`##`, `###`).
    pub markdown: String,
    /// As the handbooks name them (the administrative form prefers the office's settings).
    pub issuing_body: String,
    pub province: String,
}

/// What a report covers: one assessment, pilots side by side, or a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "lowercase")]
pub enum ReportKind {
    Assessment,
    Compare,
    Annual,
}

impl Workspace {
    /// Writes a report of `kind`: `ids` are the assessment (one) or the pilots to compare;
    /// `year` is the annual report's year, required for it.
    pub fn write_report(
        &self,
        kind: ReportKind,
        ids: &[String],
        year: Option<i32>,
        format: Format,
        paper: Paper,
        out: &Path,
    ) -> Result<ExportReport, Error> {
        let bad = |vi: &str, en: &str| Error::localized(ErrorCode::InvalidInput, vi, en);
        match kind {
            ReportKind::Assessment => match ids {
                [a] => self.assessment_report(a, format, paper, out),
                _ => Err(bad(
                    "Báo cáo đánh giá cần đúng một đợt đánh giá.",
                    "An assessment report needs exactly one assessment.",
                )),
            },
            ReportKind::Compare => self.comparison_report(ids, format, paper, out),
            ReportKind::Annual => match year {
                Some(y) => self.annual_report(y, format, paper, out),
                None => Err(bad(
                    "Báo cáo năm cần năm báo cáo.",
                    "An annual report needs its year.",
                )),
            },
        }
    }

    /// The assessment report: scope and team, per-section scores with a bar chart, every
    /// answer with its note and evidence, trace tests, findings and actions, the verdict and its
    /// reasons, and a signature block.
    pub fn assessment_report(
        &self,
        assessment: &str,
        format: Format,
        paper: Paper,
        out: &Path,
    ) -> Result<ExportReport, Error> {
        let summary = self.store.assessment(assessment)?.summary;
        let pilot = self.store.pilot(&summary.pilot_id)?;
        let items = self.assessment_items(assessment)?;
        let tests = self.trace_tests(assessment)?;
        let findings = self.findings(assessment)?;
        let verdict = self.verdict(assessment)?;
        let (_, checklist, rules) = self.checklist_and_rules(assessment)?;
        let evidence = self.store.evidence(assessment)?;

        let mut general = String::from("# Thông tin chung\n\n");
        let _ = writeln!(general, "| Nội dung | Thông tin |\n|---|---|");
        let rows = [
            (
                "Mô hình thí điểm",
                format!("{} ({})", pilot.name, pilot.kind.label().vi),
            ),
            ("Địa chỉ", pilot.address.written()),
            (
                "Sổ tay áp dụng",
                format!(
                    "{} — phiên bản {}",
                    summary.handbook_title, summary.handbook_version
                ),
            ),
            ("Ngày đánh giá", sotay_doc::display_date(&summary.date)),
            ("Trưởng đoàn", summary.lead.clone()),
            (
                "Thành viên",
                if summary.team.is_empty() {
                    "—".into()
                } else {
                    summary.team.join(", ")
                },
            ),
            ("Trạng thái", summary.status.label().vi),
        ];
        for (k, v) in rows {
            let _ = writeln!(general, "| {k} | {} |", cell(&v));
        }
        general.push_str("\nĐánh giá theo danh mục kiểm tra của sổ tay (Phụ lục kiểm tra hiệu lực), gồm các mục bắt buộc (M), bắt buộc có điều kiện (C) và khuyến nghị (R); mục trọng yếu (K) có lỗi nặng làm hệ thống không hiệu lực.\n");
        // The rules this assessment froze when it started.
        general.push_str("\n## Quy tắc đánh giá áp dụng\n\nBảng: Quy tắc đánh giá đã chốt khi bắt đầu đợt đánh giá\n\n| Quy tắc | Giá trị |\n|---|--:|\n");
        for (_, label, unit, value) in rules.described() {
            let v = format!("{value}").replace('.', ",");
            let _ = writeln!(
                general,
                "| {} | {} |",
                cell(&label.vi),
                format!("{v} {unit}").trim()
            );
        }

        let mut scores = String::from("# Kết quả theo phần\n\nBảng: Điểm theo phần của danh mục kiểm tra\n\n| Phần | Nội dung | Điểm | Biểu đồ | Đạt | Lỗi nhẹ | Lỗi nặng | Không áp dụng |\n|---|---|--:|:-:|--:|--:|--:|--:|\n");
        for s in &checklist.sections {
            if let Some(sc) = verdict.sections.get(&s.id) {
                let _ = writeln!(
                    scores,
                    "| {} | {} | {} | {} | {} | {} | {} | {} |",
                    s.id,
                    cell(&s.title.vi),
                    sc.score.map_or("—".into(), pct),
                    bar(sc.score),
                    sc.pass,
                    sc.minor,
                    sc.major,
                    sc.na
                );
            }
        }
        let _ = writeln!(scores, "\nĐiểm chung: **{}**.", pct(verdict.score));

        let mut answers = String::from("# Kết quả từng mục\n\n");
        for s in &checklist.sections {
            let _ = writeln!(answers, "## {} {}\n", s.id, s.title.vi);
            answers.push_str(
                "| Mục | Yêu cầu | Mức | Kết quả | Ghi chú, bằng chứng |\n|---|---|---|---|---|\n",
            );
            let rows = items
                .iter()
                .filter(|i| i.item.section == s.id)
                .flat_map(|i| std::iter::once(i).chain(i.subchecks.iter()));
            for i in rows {
                let level = format!(
                    "{:?}{}",
                    i.item.level,
                    if i.item.critical { ", K" } else { "" }
                );
                let level = if i.item.parent().is_some() {
                    "kiểm tra chi tiết, không tính điểm".to_owned()
                } else if i.item.id.starts_with('X') {
                    format!("{level}, mục bổ sung")
                } else {
                    level
                };
                let (result, mut note) = match &i.answer {
                    Some(a) => {
                        let mut n = a.note.clone();
                        if !a.reason.is_empty() {
                            n = format!("{n} Lý do không áp dụng: {}", a.reason);
                        }
                        if a.from_trace_tests {
                            n = format!("{n} Theo kết quả truy xuất thử.");
                        }
                        (a.result.label().vi, n)
                    }
                    None => ("Chưa đánh giá".into(), String::new()),
                };
                if let Some(sug) = i.suggested {
                    let _ = write!(
                        note,
                        " Gợi ý từ kiểm tra chi tiết và truy xuất thử: {}.",
                        sug.label().vi
                    );
                }
                if !i.evidence_files.is_empty() {
                    let _ = write!(note, " Bằng chứng: {}.", i.evidence_files.join(", "));
                }
                let _ = writeln!(
                    answers,
                    "| {} | {} | {level} | {result} | {} |",
                    i.item.id,
                    cell(&i.item.text.vi),
                    cell(&note)
                );
            }
            answers.push('\n');
        }
        let images: Vec<(String, Image)> = evidence
            .iter()
            .filter(|e| matches!(crate::export::mime_of(&e.name), "image/png" | "image/jpeg"))
            .filter_map(|e| {
                let bytes = self.store.blob(&e.sha256).ok()??;
                Some((
                    e.name.clone(),
                    Image {
                        bytes,
                        mime: crate::export::mime_of(&e.name).to_owned(),
                    },
                ))
            })
            .collect();
        if !images.is_empty() {
            answers.push_str("## Ảnh bằng chứng\n\n");
            for (name, _) in &images {
                let item = evidence
                    .iter()
                    .find(|e| &e.name == name)
                    .and_then(|e| e.item_id.clone())
                    .unwrap_or_default();
                let _ = writeln!(answers, "![Mục {item}: {name}]({name})\n");
            }
        }

        let mut trace = String::from("# Truy xuất thử\n\n");
        if tests.is_empty() {
            trace.push_str("Chưa ghi nhận lần truy xuất thử nào.\n");
        } else {
            trace.push_str("Bảng: Kết quả truy xuất thử\n\n| Chiều | Lô bắt đầu | Thời gian (phút) | Liên kết | Cân đối khối lượng | Dữ liệu chính | Mâu thuẫn, lỗi đánh máy | Đánh giá |\n|---|---|--:|---|---|---|--:|---|\n");
            for t in &tests {
                let dir = t.direction.short().vi;
                let qty = t.quantity_pct();
                let kde = t.kde_pct();
                let g = t.grades;
                let _ = writeln!(
                    trace,
                    "| {dir} | {} | {:.0} ({}) | {}/{} ({}) | {} % ({}) | {} % ({}) | {}, {} ({}) | {} |",
                    cell(&t.lot),
                    t.minutes,
                    grade_vi(g.time),
                    t.links_found,
                    t.links_expected,
                    grade_vi(g.links),
                    pct(qty),
                    grade_vi(g.quantity),
                    pct(kde),
                    grade_vi(g.kde),
                    t.contradictions,
                    t.typos,
                    grade_vi(g.consistency),
                    match &t.replaced_by {
                        Some(by) => format!("Chưa đạt — đã làm lại ({})", cell(by)),
                        None if g.passes() => "Đạt".to_owned(),
                        None => "Chưa đạt".to_owned(),
                    }
                );
            }
            // The mass balance of each test (C.3 step 4) and what explains a deviation.
            let balance: Vec<String> = tests
                .iter()
                .filter(|t| {
                    !t.explanation.is_empty()
                        || [t.outputs_qty, t.losses_qty, t.stock_qty, t.samples_qty]
                            .iter()
                            .any(Option::is_some)
                        || t.retest_of.is_some()
                })
                .map(|t| {
                    let q = |x: Option<f64>| x.map_or("—".to_owned(), |v| format!("{v}"));
                    format!(
                        "| {} | {} {} | {} | {} | {} | {} | {} | {} |",
                        cell(&t.lot),
                        t.input_qty,
                        cell(&t.unit),
                        q(t.outputs_qty),
                        q(t.losses_qty),
                        q(t.stock_qty),
                        q(t.samples_qty),
                        t.accounted_qty,
                        cell(&match (&t.explanation, &t.retest_of) {
                            (e, Some(r)) if !e.is_empty() => format!("{e} (làm lại lần {r})"),
                            (_, Some(r)) => format!("Làm lại lần {r}"),
                            (e, None) if !e.is_empty() => e.clone(),
                            _ => "—".to_owned(),
                        })
                    )
                })
                .collect();
            // Each test recorded lot by lot: its sortable table (C.3 step 6).
            for t in tests.iter().filter(|t| !t.lots.is_empty()) {
                let _ = write!(
                    trace,
                    "\nBảng: Các lô tìm được khi truy xuất từ lô {}\n\n| Lô | Sản phẩm | Số lượng | Đơn vị | Ngày | Từ | Đến | Chứng từ | Công đoạn |\n|---|---|--:|---|---|---|---|---|---|\n",
                    cell(&t.lot)
                );
                for l in &t.lots {
                    let _ = writeln!(
                        trace,
                        "| {} | {} | {} | {} | {} | {} | {} | {} | {} |",
                        cell(&l.lot),
                        cell(&l.product),
                        l.quantity
                            .map_or("—".to_owned(), |q| format!("{q}").replace('.', ",")),
                        cell(if l.unit.is_empty() { &t.unit } else { &l.unit }),
                        cell(&sotay_doc::display_date(&l.date)),
                        cell(&l.from),
                        cell(&l.to),
                        cell(&l.reference),
                        cell(&l.step)
                    );
                }
            }
            if !balance.is_empty() {
                trace.push_str("\nBảng: Cân đối khối lượng và giải trình\n\n| Lô | Đầu vào | Thành phẩm | Hao hụt, phụ phẩm | Tồn kho | Mẫu, phế phẩm | Tổng đã giải trình | Giải trình |\n|---|--:|--:|--:|--:|--:|--:|---|\n");
                for row in balance {
                    let _ = writeln!(trace, "{row}");
                }
            }
        }

        let mut finds = String::from("# Phát hiện và hành động khắc phục\n\n");
        let open: Vec<_> = findings.iter().filter(|f| f.status == "open").collect();
        if open.is_empty() {
            finds.push_str("Không có phát hiện.\n");
        } else {
            finds.push_str("Bảng: Phát hiện và hành động khắc phục\n\n| Mục | Mức độ | Hành động | Người phụ trách | Hạn | Trạng thái |\n|---|---|---|---|---|---|\n");
            for f in open {
                if f.actions.is_empty() {
                    let _ = writeln!(
                        finds,
                        "| {} | {} | Chưa giao | — | — | — |",
                        f.item_id,
                        f.severity.label().vi
                    );
                }
                for a in &f.actions {
                    let status = if a.overdue {
                        format!("{} — quá hạn", a.status.label().vi)
                    } else {
                        a.status.label().vi
                    };
                    let _ = writeln!(
                        finds,
                        "| {} | {} | {} | {} | {} | {status} |",
                        f.item_id,
                        f.severity.label().vi,
                        cell(if a.description.is_empty() {
                            "—"
                        } else {
                            &a.description
                        }),
                        cell(&a.owner),
                        sotay_doc::display_date(&a.due)
                    );
                }
            }
        }

        let mut conclusion = match verdict.provisional {
            // Never a final verdict on incomplete data: the provisional one is marked as such.
            Some(p) => format!(
                "# Kết luận\n\nĐiểm trên các mục đã đánh giá **{}**. Kết luận: **{}** — đây chưa phải kết luận chính thức. Kết luận tạm thời, nếu các mục còn thiếu đều đạt: {} (điểm tạm thời {}).\n\nCăn cứ:\n\n",
                pct(verdict.score),
                VerdictKind::Incomplete.label().vi,
                p.label().vi,
                pct(verdict.provisional_score.unwrap_or(verdict.score))
            ),
            None => format!(
                "# Kết luận\n\nĐiểm chung **{}**. Kết luận: **{}**.\n\nCăn cứ:\n\n",
                pct(verdict.score),
                verdict_vi(verdict.verdict, verdict.pending)
            ),
        };
        for r in &verdict.reasons {
            let _ = writeln!(conclusion, "- {}", r.vi);
        }
        if !verdict.unanswered.is_empty() {
            let _ = writeln!(
                conclusion,
                "- Các mục chưa đánh giá: {}.",
                verdict.unanswered.join(", ")
            );
        }
        let mut images = images;
        conclusion.push_str(&crate::signatures::report_block(
            &self.signatures(&summary.id)?,
            &summary.lead,
            &pilot.contact,
            &mut images,
        ));

        let chapters = vec![
            chapter("thong-tin", "Thông tin chung", general, ChapterRole::Body),
            chapter("diem", "Kết quả theo phần", scores, ChapterRole::Body),
            chapter("tung-muc", "Kết quả từng mục", answers, ChapterRole::Body),
            chapter("truy-xuat-thu", "Truy xuất thử", trace, ChapterRole::Body),
            chapter(
                "phat-hien",
                "Phát hiện và hành động khắc phục",
                finds,
                ChapterRole::Body,
            ),
            chapter("ket-luan", "Kết luận", conclusion, ChapterRole::Body),
        ];
        let meta = DocMeta {
            title: format!(
                "Báo cáo kiểm tra, xác nhận hiệu lực hệ thống truy xuất nguồn gốc — {}",
                pilot.name
            ),
            subtitle: summary.handbook_title.clone(),
            province: pilot.address.province.clone(),
            issuing_body: self.issuing_body_of(&summary),
            edition_id: summary.id.clone(),
            // A report is no edition; the handbook's revision is in its table.
            edition_label: String::new(),
            revision: None,
            date: summary.date.clone(),
            lang: REPORT_LANG,
            logo: String::new(),
            decision: None,
            publication: None,
        };
        let lookup = |name: &str| {
            images
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, i)| i.clone())
        };
        write_document(meta, &chapters, &lookup, format, paper, out, Vec::new())
    }

    fn issuing_body_of(&self, a: &AssessmentSummary) -> String {
        a.handbook_id
            .as_deref()
            .and_then(|h| self.store.handbook(h).ok())
            .and_then(|h| {
                sotay_templates::variable_at(&h.variables, "issuing_body")
                    .and_then(|v| v.as_str().map(str::to_owned))
            })
            .unwrap_or_default()
    }

    /// The latest assessment of each pilot model, side by side.
    pub fn comparison_report(
        &self,
        pilots: &[String],
        format: Format,
        paper: Paper,
        out: &Path,
    ) -> Result<ExportReport, Error> {
        if pilots.len() < 2 {
            return Err(Error::localized(
                ErrorCode::InvalidInput,
                "Cần ít nhất hai mô hình thí điểm để so sánh.",
                "At least two pilot models are needed for a comparison.",
            ));
        }
        let mut columns = Vec::new();
        for p in pilots {
            let id = self.resolve_pilot(p)?;
            let pilot = self.store.pilot(&id)?;
            let latest = self
                .store
                .assessments(Some(&id))?
                .into_iter()
                .next()
                .ok_or_else(|| {
                    Error::localized(
                        ErrorCode::InvalidInput,
                        format!("“{}” chưa có đợt đánh giá nào.", pilot.name),
                        format!("“{}” has no assessment yet.", pilot.name),
                    )
                })?;
            let verdict = self.verdict(&latest.id)?;
            let open_actions = self
                .findings(&latest.id)?
                .iter()
                .filter(|f| f.status == "open")
                .flat_map(|f| &f.actions)
                .filter(|a| !matches!(a.status, ActionStatus::Verified))
                .count();
            let (_, checklist, _) = self.checklist_and_rules(&latest.id)?;
            columns.push((pilot, latest, verdict, open_actions, checklist));
        }
        let mut md = String::from("# So sánh các mô hình thí điểm\n\nBảng: Điểm theo phần của lần đánh giá gần nhất\n\n| Phần |");
        for (p, ..) in &columns {
            let _ = write!(md, " {} |", cell(&p.name));
        }
        md.push_str("\n|---|");
        md.push_str(&"--:|".repeat(columns.len()));
        md.push('\n');
        let sections = &columns[0].4.sections;
        for s in sections {
            let _ = write!(md, "| {} {} |", s.id, cell(&s.title.vi));
            for (_, _, v, _, _) in &columns {
                let sc = v.sections.get(&s.id).and_then(|x| x.score);
                let _ = write!(md, " {} |", sc.map_or("—".into(), pct));
            }
            md.push('\n');
        }
        md.push_str("| **Điểm chung** |");
        for (_, _, v, _, _) in &columns {
            let _ = write!(md, " **{}** |", pct(v.score));
        }
        md.push_str("\n\nBảng: Kết luận và hành động khắc phục còn mở\n\n| Mô hình | Ngày đánh giá | Kết luận | Hành động còn mở |\n|---|---|---|--:|\n");
        for (p, a, v, open, _) in &columns {
            let _ = writeln!(
                md,
                "| {} | {} | {} | {open} |",
                cell(&p.name),
                sotay_doc::display_date(&a.date),
                verdict_vi(v.verdict, v.pending)
            );
        }
        let meta = DocMeta {
            title: "Báo cáo so sánh kết quả kiểm tra hiệu lực các mô hình thí điểm".into(),
            subtitle: columns
                .iter()
                .map(|c| c.0.name.clone())
                .collect::<Vec<_>>()
                .join(" — "),
            province: columns[0].0.address.province.clone(),
            issuing_body: self.issuing_body_of(&columns[0].1),
            edition_id: format!(
                "compare-{}",
                columns
                    .iter()
                    .map(|c| c.1.id.as_str())
                    .collect::<Vec<_>>()
                    .join("-")
            ),
            edition_label: String::new(),
            revision: None,
            date: columns
                .iter()
                .map(|c| c.1.date.clone())
                .max()
                .unwrap_or_default(),
            lang: REPORT_LANG,
            logo: String::new(),
            decision: None,
            publication: None,
        };
        write_document(
            meta,
            &[chapter("so-sanh", "So sánh", md, ChapterRole::Body)],
            &|_| None,
            format,
            paper,
            out,
            Vec::new(),
        )
    }

    /// The annual report to the department (due 15 December), as a book (cover, contents):
    /// handbooks issued, pilot models, assessments and verdicts, corrective-action closure,
    /// the plans of the year. `sotay report annual --format pdf|docx` writes the same facts
    /// as an administrative document (`admin.rs`).
    pub fn annual_report(
        &self,
        year: i32,
        format: Format,
        paper: Paper,
        out: &Path,
    ) -> Result<ExportReport, Error> {
        let y = year.to_string();
        let facts = self.annual_facts(year)?;
        let (issuing_body, province) = (facts.issuing_body, facts.province);
        let mut md = String::new();
        let _ = writeln!(
            md,
            "# Báo cáo kết quả triển khai áp dụng, quản lý hệ thống truy xuất nguồn gốc năm {y}\n\n| {} | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\n|---|---|\n| Số: ……/BC | Độc lập – Tự do – Hạnh phúc |\n| | {}, ngày 15 tháng 12 năm {y} |\n",
            cell(&issuing_body.to_uppercase()),
            cell(if province.is_empty() { "……" } else { &province })
        );
        let _ = writeln!(
            md,
            "Kính gửi: Ủy ban nhân dân tỉnh {}.\n",
            if province.is_empty() {
                "……"
            } else {
                &province
            }
        );
        let _ = writeln!(md, "Thực hiện Quyết định số 100/QĐ-TTg ngày 19/01/2019 của Thủ tướng Chính phủ và kế hoạch của Ủy ban nhân dân tỉnh, {} báo cáo kết quả năm {y} như sau:\n", if issuing_body.is_empty() { "đơn vị" } else { &issuing_body });
        md.push_str(&facts.markdown);
        md.push_str("| Nơi nhận | Thủ trưởng đơn vị |\n|---|---|\n| – Như trên; – Lưu: VT. | (ký, ghi rõ họ tên, đóng dấu) |\n");
        let meta = DocMeta {
            title: format!("Báo cáo năm {y} về truy xuất nguồn gốc"),
            subtitle: "Báo cáo gửi trước ngày 15 tháng 12".into(),
            province,
            issuing_body,
            edition_id: format!("annual-{y}"),
            edition_label: String::new(),
            revision: None,
            date: format!("{y}-12-15"),
            lang: REPORT_LANG,
            logo: String::new(),
            decision: None,
            publication: None,
        };
        write_document(
            meta,
            &[chapter(
                "bao-cao-nam",
                "Báo cáo năm",
                md,
                ChapterRole::Front,
            )],
            &|_| None,
            format,
            paper,
            out,
            Vec::new(),
        )
    }

    /// The facts of the annual report for `year`, as Markdown sections (`##`, `###`): the
    /// handbooks, the pilot models and the assessments of the year, corrective actions, the
    /// plans of the year, proposals; and the issuing body and province the handbooks name.
    ///
    /// Counted for the year asked: the pilot models that existed by its end (recorded in Sotay
    /// by then, or assessed during it), and the corrective actions of every finding of the
    /// year's assessments — a finding withdrawn because its item was put right still counts
    /// its actions, done or not.
    pub(crate) fn annual_facts(&self, year: i32) -> Result<AnnualFacts, Error> {
        let y = year.to_string();
        let handbooks = self.handbooks()?;
        let assessments: Vec<AssessmentSummary> = self
            .store
            .assessments(None)?
            .into_iter()
            .filter(|a| a.date.starts_with(&y))
            .collect();
        let assessed: std::collections::BTreeSet<&str> =
            assessments.iter().map(|a| a.pilot_id.as_str()).collect();
        let pilots: Vec<_> = self
            .pilots()?
            .into_iter()
            .filter(|p| {
                p.created_at.get(..4).is_some_and(|c| c <= y.as_str())
                    || assessed.contains(p.id.as_str())
            })
            .collect();
        let mut issuing_body = String::new();
        let mut province = String::new();
        for h in &handbooks {
            if let Ok(full) = self.store.handbook(&h.id) {
                let v = &full.variables;
                let get = |k: &str| {
                    sotay_templates::variable_at(v, k)
                        .and_then(|x| x.as_str())
                        .unwrap_or_default()
                        .to_owned()
                };
                if issuing_body.is_empty() {
                    issuing_body = get("issuing_body");
                    province = get("province.name");
                }
            }
        }
        let mut md = String::new();
        md.push_str("## Sổ tay hướng dẫn truy xuất nguồn gốc\n\n");
        if handbooks.is_empty() {
            md.push_str("Chưa có sổ tay nào.\n\n");
        } else {
            md.push_str("Bảng: Các sổ tay hướng dẫn\n\n| Sổ tay | Sản phẩm | Phiên bản | Trạng thái |\n|---|---|--:|---|\n");
            for h in &handbooks {
                let _ = writeln!(
                    md,
                    "| {} | {} | {} | {} |",
                    cell(&h.title),
                    cell(&h.product),
                    h.version,
                    h.status.label().vi
                );
            }
            let issued = handbooks
                .iter()
                .filter(|h| {
                    matches!(
                        h.status,
                        sotay_model::HandbookStatus::Approved
                            | sotay_model::HandbookStatus::Published
                    )
                })
                .count();
            let _ = writeln!(
                md,
                "\nSố sổ tay đã duyệt hoặc phát hành: {issued}/{}.\n",
                handbooks.len()
            );
        }
        md.push_str(&self.publishing_report_section(year)?);
        md.push_str("## Mô hình thí điểm và kết quả kiểm tra hiệu lực\n\n");
        let _ = writeln!(
            md,
            "Số mô hình thí điểm đến hết năm {y}: {}, trong đó {} mô hình được đánh giá trong năm. Số đợt đánh giá trong năm {y}: {}.\n",
            pilots.len(),
            assessed.len(),
            assessments.len()
        );
        let (mut total_actions, mut closed_actions) = (0usize, 0usize);
        if !assessments.is_empty() {
            md.push_str("Bảng: Kết quả các đợt đánh giá trong năm\n\n| Mô hình | Ngày | Điểm | Kết luận |\n|---|---|--:|---|\n");
            for a in &assessments {
                let v = self.verdict(&a.id)?;
                for f in self.findings(&a.id)? {
                    for act in &f.actions {
                        total_actions += 1;
                        if matches!(act.status, ActionStatus::Done | ActionStatus::Verified) {
                            closed_actions += 1;
                        }
                    }
                }
                let _ = writeln!(
                    md,
                    "| {} | {} | {} | {} |",
                    cell(&a.pilot_name),
                    sotay_doc::display_date(&a.date),
                    pct(v.score),
                    verdict_vi(v.verdict, v.pending)
                );
            }
            md.push('\n');
        }
        md.push_str("## Hành động khắc phục\n\n");
        if total_actions == 0 {
            md.push_str("Không có hành động khắc phục nào trong năm.\n\n");
        } else {
            let _ = writeln!(
                md,
                "Đã thực hiện {closed_actions}/{total_actions} hành động khắc phục ({} %).\n",
                pct(closed_actions as f64 / total_actions as f64 * 100.0)
            );
        }
        md.push_str(&self.plan_report_section(year)?);
        md.push_str(&self.catalogue_report_section(year)?);
        md.push_str(&self.direction_report_section(year)?);
        Ok(AnnualFacts {
            markdown: md,
            issuing_body,
            province,
        })
    }

    /// Findings and their actions as CSV (one line per action; findings without one get one line).
    pub fn findings_csv(&self, assessment: &str) -> Result<String, Error> {
        let mut w = crate::sheet::Sheet::new();
        w.row([
            "finding",
            "item",
            "severity",
            "status",
            "action",
            "description",
            "owner",
            "due",
            "action_status",
            "overdue",
        ])?;
        for f in self.findings(assessment)? {
            let sev = if f.severity == ItemResult::Major {
                "major"
            } else {
                "minor"
            };
            if f.actions.is_empty() {
                w.row([
                    f.id.as_str(),
                    &f.item_id,
                    sev,
                    &f.status,
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                ])?;
            }
            for a in &f.actions {
                w.row([
                    f.id.as_str(),
                    &f.item_id,
                    sev,
                    &f.status,
                    &a.id,
                    &a.description,
                    &a.owner,
                    &a.due,
                    a.status.as_str(),
                    if a.overdue { "yes" } else { "no" },
                ])?;
            }
        }
        w.into_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_and_cells() {
        assert_eq!(bar(Some(100.0)).chars().filter(|c| *c == '■').count(), 10);
        assert_eq!(bar(Some(52.0)).chars().filter(|c| *c == '■').count(), 5);
        assert_eq!(cell("a | b\nc"), "a \\| b c");
        assert_eq!(pct(94.444), "94,4");
    }
}
