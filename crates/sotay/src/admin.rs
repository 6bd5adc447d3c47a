//! Administrative documents a Department signs (issue 19), in the form of Nghị định
//! 30/2020/NĐ-CP, Phụ lục I, as PDF (`sotay_pdf::admin`) or Word (`sotay_docx`): the annual
//! report, the inspection minutes of an assessment and the decision issuing a handbook.
//!
//! The office's particulars (parent and issuing body, its code, the place name, signers,
//! recipients, legal bases) are workspace settings (`sotay settings admin`); every document
//! asks for its number and date and leaves blanks to fill by hand when they are not given —
//! never a made-up value. Facts come from the records: the annual report's from
//! [`Workspace::annual_facts`] (the same as its book form), the minutes' from the assessment,
//! the decision's legal bases from the settings and the handbook's variables.

use std::fmt::Write as _;
use std::path::Path;

use serde_json::Value;
use sotay_doc::{ChapterInput, ChapterRole, DocMeta, Inline, Numbering};
use sotay_model::admin::{
    cited_date, document_number, heading_label, number_line, place_date, recipient_lines, upper,
    ymd, AdminDoc, AdminKind, AdminSettings, Block, IssuingDecision, ParaAlign, Run, Signature,
    Signer,
};
use sotay_model::signature::SignatureRole;
use sotay_model::text::nfc;

use crate::export::ExportReport;
use crate::reports::{grade_vi, pct, verdict_vi};
use crate::signatures::Signed as _;
use crate::{Error, ErrorCode, Workspace};

const SETTING_ADMIN: &str = "admin.office";

/// The file an administrative document is written as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "lowercase")]
pub enum AdminFormat {
    Pdf,
    Docx,
}

/// What every administrative document asks for: its number and date (blank when not given),
/// who signs (1-based among the settings' signers; the first by default) and the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdminOptions {
    pub number: Option<u32>,
    /// `YYYY-MM-DD`.
    pub date: Option<String>,
    pub signer: Option<usize>,
    pub format: AdminFormat,
}

/// What only the inspection minutes ask for; each left blank (missing or only spaces) to fill
/// by hand when not given. The window's minutes dialog sends it with `export_admin_document`.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[serde(default, deny_unknown_fields)]
pub struct MinutesOptions {
    /// The decision that set up the team: "15/QĐ-SKHCN".
    pub team_decision: Option<String>,
    /// `YYYY-MM-DD`.
    pub team_decision_date: Option<String>,
    /// "08 giờ 30" or "08:30".
    pub start: Option<String>,
    pub end: Option<String>,
    /// Where the inspection took place (default: the pilot's address).
    pub place: Option<String>,
    /// How many copies are signed, from 1 (default 2: the team's and the pilot's).
    pub copies: Option<u32>,
}

/// The text of an optional field, `None` when it is blank.
fn given(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

fn bad(vi: impl Into<String>, en: impl Into<String>) -> Error {
    Error::localized(ErrorCode::InvalidInput, vi, en)
}

/// "08 giờ 30" from "08:30", "8:30" or "08 giờ 30"; `None` for a blank.
fn clock_time(s: &str) -> Result<String, Error> {
    let t = s.trim();
    let digits: Vec<&str> = t
        .split(|c: char| !c.is_ascii_digit())
        .filter(|p| !p.is_empty())
        .collect();
    match digits.as_slice() {
        [h, m] => match (h.parse::<u32>(), m.parse::<u32>()) {
            (Ok(h), Ok(m)) if h < 24 && m < 60 => Ok(format!("{h:02} giờ {m:02}")),
            _ => Err(bad(
                format!("“{t}” không phải giờ hợp lệ (ví dụ 08:30)."),
                format!("“{t}” is not a valid time (e.g. 08:30)."),
            )),
        },
        _ => Err(bad(
            format!("“{t}” không phải giờ hợp lệ (ví dụ 08:30)."),
            format!("“{t}” is not a valid time (e.g. 08:30)."),
        )),
    }
}

/// Sentence case of an upper-case name is not ours to guess: a name as written in the
/// settings or the handbook, else empty.
fn text_var(vars: &Value, key: &str) -> String {
    sotay_templates::variable_at(vars, key)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .trim()
        .to_owned()
}

/// Markdown sections (`##` → I., `###` → 1., `####` → a)) turned into the administrative
/// document's blocks: paragraphs, tables with their "Bảng:" captions, list items as
/// paragraphs beginning with "- ".
pub(crate) fn blocks_from_markdown(md: &str) -> Vec<Block> {
    let built = sotay_doc::build(
        DocMeta::default(),
        &[ChapterInput {
            key: "admin".into(),
            title: "admin".into(),
            markdown: md.to_owned(),
            role: ChapterRole::Front,
        }],
        Numbering::Off,
        &|_| None,
    );
    let mut out = Vec::new();
    let mut counters = [0usize; 3];
    for ch in &built.document.chapters {
        convert(&ch.blocks, &mut counters, &mut out);
    }
    out
}

fn convert(blocks: &[sotay_doc::Block], counters: &mut [usize; 3], out: &mut Vec<Block>) {
    for b in blocks {
        match b {
            sotay_doc::Block::Heading { level, content, .. } => {
                let l = usize::from(level.saturating_sub(2)).min(2);
                counters[l] += 1;
                for c in counters.iter_mut().skip(l + 1) {
                    *c = 0;
                }
                let text = sotay_doc::plain_text(content);
                out.push(Block::Heading {
                    level: l as u8 + 1,
                    label: heading_label(l as u8 + 1, counters[l]),
                    text: if l == 0 { upper(&text) } else { text },
                });
            }
            sotay_doc::Block::Paragraph(inlines) => out.push(Block::Para {
                runs: runs_of(inlines),
                align: ParaAlign::Body,
            }),
            sotay_doc::Block::List { items, .. } => {
                for item in items {
                    for ib in &item.blocks {
                        if let sotay_doc::Block::Paragraph(inlines) = ib {
                            let mut runs = vec![Run::plain("- ")];
                            runs.extend(runs_of(inlines));
                            out.push(Block::Para {
                                runs,
                                align: ParaAlign::Body,
                            });
                        } else {
                            convert(std::slice::from_ref(ib), counters, out);
                        }
                    }
                }
            }
            sotay_doc::Block::Table(t) => {
                let cell = |c: &sotay_doc::Cell| sotay_doc::plain_text(c).trim().to_owned();
                out.push(Block::Table {
                    caption: t
                        .caption
                        .as_ref()
                        .map(|c| sotay_doc::plain_text(c))
                        .unwrap_or_default(),
                    header: t.head.iter().map(cell).collect(),
                    rows: t
                        .rows
                        .iter()
                        .map(|r| r.iter().map(cell).collect())
                        .collect(),
                    numeric: t
                        .align
                        .iter()
                        .map(|a| matches!(a, sotay_doc::Align::Right))
                        .collect(),
                });
            }
            sotay_doc::Block::Quote(inner) | sotay_doc::Block::Alert { blocks: inner, .. } => {
                convert(inner, counters, out)
            }
            other => {
                let t = sotay_doc::plain_text(&leaf_inlines(other));
                if !t.trim().is_empty() {
                    out.push(Block::para(t));
                }
            }
        }
    }
}

fn leaf_inlines(b: &sotay_doc::Block) -> Vec<Inline> {
    match b {
        sotay_doc::Block::Code { text, .. } => vec![Inline::Text(text.clone())],
        _ => Vec::new(),
    }
}

/// Inlines as runs: bold and italic kept, everything else as its text.
fn runs_of(inlines: &[Inline]) -> Vec<Run> {
    let mut out = Vec::new();
    walk(inlines, false, false, &mut out);
    out
}

fn walk(inlines: &[Inline], bold: bool, italic: bool, out: &mut Vec<Run>) {
    for i in inlines {
        match i {
            Inline::Strong(c) => walk(c, true, italic, out),
            Inline::Emph(c) => walk(c, bold, !italic, out),
            Inline::SoftBreak => push(out, " ", bold, italic),
            other => push(
                out,
                &sotay_doc::plain_text(std::slice::from_ref(other)),
                bold,
                italic,
            ),
        }
    }
}

fn push(out: &mut Vec<Run>, text: &str, bold: bool, italic: bool) {
    match out.last_mut() {
        Some(r) if r.bold == bold && r.italic == italic => r.text.push_str(text),
        _ => out.push(Run {
            text: text.to_owned(),
            bold,
            italic,
        }),
    }
}

fn heading(level: u8, n: usize, text: &str) -> Block {
    Block::Heading {
        level,
        label: heading_label(level, n),
        text: text.to_owned(),
    }
}

fn table(caption: &str, header: &[&str], rows: Vec<Vec<String>>, numeric: &[usize]) -> Block {
    Block::Table {
        caption: caption.to_owned(),
        header: header.iter().map(|h| (*h).to_owned()).collect(),
        rows,
        numeric: (0..header.len()).map(|c| numeric.contains(&c)).collect(),
    }
}

/// The name in "Nguyễn Thị Hoa — Phó Chi cục trưởng" (a position written after a dash stays
/// in the list of the team, the signature shows the name).
fn person(s: &str) -> String {
    let s = s.trim();
    let cut = [" — ", " – ", " - ", ", "]
        .iter()
        .filter_map(|d| s.find(d))
        .min()
        .unwrap_or(s.len());
    s[..cut].trim().to_owned()
}

fn dash_or(s: &str) -> String {
    if s.trim().is_empty() {
        "……".to_owned()
    } else {
        s.trim().to_owned()
    }
}

/// What a decision says of its own (see [`Workspace::decision_doc`]): what it issues ("Sổ tay
/// …", "Danh mục …"), its legal bases (each cited without "Căn cứ"), its articles, and the id
/// that makes the file identifier.
pub(crate) struct DecisionContent {
    pub subject: String,
    pub bases: Vec<String>,
    pub articles: Vec<Block>,
    pub id: String,
}

/// "Điều {n}. {text}" — the article's number in bold.
pub(crate) fn article(n: u32, text: impl Into<String>) -> Block {
    Block::Para {
        runs: vec![Run::bold(format!("Điều {n}. ")), Run::plain(text)],
        align: ParaAlign::Body,
    }
}

impl Workspace {
    // ----- settings --------------------------------------------------------------------
    /// The office's settings for administrative documents, as stored (empty until set).
    pub fn admin_settings(&self) -> Result<AdminSettings, Error> {
        match self.store.setting(SETTING_ADMIN)? {
            None => Ok(AdminSettings::default()),
            Some(text) => serde_json::from_str(&text).map_err(|e| {
                Error::localized(
                    ErrorCode::Internal,
                    format!("Không đọc được cài đặt văn bản hành chính đã lưu ({e}); hãy đặt lại bằng “sotay settings admin set”."),
                    format!("The stored settings for administrative documents cannot be read ({e}); set them again with “sotay settings admin set”."),
                )
            }),
        }
    }

    /// Stores the office's settings after trimming and normalising them; a code that is not
    /// letters and digits, or a signer without a name, is refused and nothing changes.
    pub fn set_admin_settings(&mut self, s: &AdminSettings) -> Result<AdminSettings, Error> {
        let t = |x: &str| nfc(x.trim());
        let list = |v: &[String]| -> Vec<String> {
            v.iter().map(|x| t(x)).filter(|x| !x.is_empty()).collect()
        };
        let clean = AdminSettings {
            parent_body: t(&s.parent_body),
            issuing_body: t(&s.issuing_body),
            code: upper(&t(&s.code)),
            place: t(&s.place),
            head: t(&s.head),
            addressee: t(&s.addressee),
            recipients: list(&s.recipients),
            archive: t(&s.archive),
            signers: s
                .signers
                .iter()
                .map(|g| Signer {
                    name: t(&g.name),
                    position: t(&g.position),
                    authority: t(&g.authority),
                })
                .filter(|g| !(g.name.is_empty() && g.position.is_empty()))
                .collect(),
            legal_bases: list(&s.legal_bases),
            proposer: t(&s.proposer),
        };
        if !clean
            .code
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '&')
        {
            return Err(bad(
                format!(
                    "Ký hiệu cơ quan “{}” chỉ gồm chữ và số (ví dụ SKHCN).",
                    clean.code
                ),
                format!(
                    "The office code “{}” takes letters and digits only (e.g. SKHCN).",
                    clean.code
                ),
            ));
        }
        if let Some(g) = clean.signers.iter().find(|g| g.name.is_empty()) {
            return Err(bad(
                format!("Người ký “{}” chưa có họ tên.", g.position),
                format!("The signer “{}” has no name.", g.position),
            ));
        }
        let text = serde_json::to_string(&clean)
            .map_err(|e| Error::new(ErrorCode::Internal, e.to_string()))?;
        self.store.set_setting(SETTING_ADMIN, &text)?;
        Ok(clean)
    }

    /// The settings a document uses: the stored ones, with the place and the issuing body
    /// taken from the handbooks' variables (province, issuing body) where they are not set,
    /// and the parent body as the province's People's Committee.
    pub(crate) fn office(&self) -> Result<AdminSettings, Error> {
        let mut s = self.admin_settings()?;
        if s.place.is_empty() || s.issuing_body.is_empty() || s.parent_body.is_empty() {
            for h in self.handbooks()? {
                let Ok(full) = self.store.handbook(&h.id) else {
                    continue;
                };
                let province = text_var(&full.variables, "province.name");
                let body = text_var(&full.variables, "issuing_body");
                if s.place.is_empty() && !province.is_empty() {
                    s.place = province.clone();
                }
                if s.parent_body.is_empty() && !province.is_empty() {
                    s.parent_body = format!("UBND TỈNH {}", upper(&province));
                }
                if s.issuing_body.is_empty() && !body.is_empty() {
                    // "Sở Khoa học và Công nghệ tỉnh An Giang": the province is in the parent
                    // body's line already.
                    let short = body
                        .split(" tỉnh ")
                        .next()
                        .unwrap_or(&body)
                        .split(" thành phố ")
                        .next()
                        .unwrap_or(&body)
                        .to_owned();
                    s.issuing_body = short;
                }
                if !s.place.is_empty() && !s.issuing_body.is_empty() {
                    break;
                }
            }
        }
        Ok(s)
    }

    fn check_options(&self, opts: &AdminOptions) -> Result<Option<String>, Error> {
        opts.date
            .as_deref()
            .map(crate::plan::date_string)
            .transpose()
    }

    /// The header's fields for a document of `kind`.
    fn frame(
        &self,
        kind: AdminKind,
        office: &AdminSettings,
        date: Option<&str>,
        year: i32,
        opts: &AdminOptions,
    ) -> (String, String, String, String) {
        (
            upper(&office.parent_body),
            upper(&office.issuing_body),
            number_line(kind, opts.number, &office.code),
            place_date(&office.place, date, year),
        )
    }

    fn signer_signature(office: &AdminSettings, n: Option<usize>) -> Signature {
        let s = office.signer(n);
        Signature {
            heading: s.heading(),
            note: String::new(),
            name: s.name,
            on_screen: None,
        }
    }

    /// Writes `doc` as `format` to `out` (through [`crate::write_output`]).
    pub fn write_admin(
        &self,
        doc: &AdminDoc,
        format: AdminFormat,
        out: &Path,
    ) -> Result<ExportReport, Error> {
        let (bytes, diagnostics) = match format {
            AdminFormat::Pdf => {
                let o = sotay_pdf::admin::write(doc);
                (o.bytes, o.diagnostics)
            }
            AdminFormat::Docx => (sotay_docx::write(doc), Vec::new()),
        };
        crate::output::write_output(out, &bytes)?;
        Ok(ExportReport {
            path: out.to_owned(),
            bytes: bytes.len() as u64,
            diagnostics,
        })
    }

    // ----- the annual report -----------------------------------------------------------
    /// The annual report of `year` as an administrative document (Báo cáo), addressed to
    /// the settings' addressee (else the province's People's Committee), with the same facts
    /// as the book form, the plans of the year included.
    pub fn annual_admin_document(&self, year: i32, opts: &AdminOptions) -> Result<AdminDoc, Error> {
        let date = self.check_options(opts)?;
        let office = self.office()?;
        let facts = self.annual_facts(year)?;
        let (parent_body, issuing_body, number, place_date) =
            self.frame(AdminKind::Report, &office, date.as_deref(), year, opts);
        let addressee = if !office.addressee.is_empty() {
            office.addressee.clone()
        } else if !office.place.is_empty() {
            format!("Ủy ban nhân dân tỉnh {}", office.place)
        } else {
            String::new()
        };
        // In running text the body's name as written ("Sở Khoa học và Công nghệ tỉnh An
        // Giang"), not the header's capitals.
        let who = if !facts.issuing_body.is_empty() {
            facts.issuing_body.clone()
        } else {
            office.issuing_body.clone()
        };
        let mut intro = String::new();
        let plans: Vec<_> = self
            .plans()?
            .into_iter()
            .filter(|p| p.year == year && !p.number.is_empty())
            .collect();
        if !plans.is_empty() {
            let refs: Vec<String> = plans
                .iter()
                .map(|p| {
                    let mut r = format!("Kế hoạch số {}", p.number);
                    if !p.date.is_empty() {
                        let _ = write!(r, " ngày {}", cited_date(&p.date));
                    }
                    if !p.issuing_body.is_empty() {
                        let _ = write!(r, " của {}", p.issuing_body);
                    }
                    r
                })
                .collect();
            let _ = write!(intro, "Thực hiện {}, ", refs.join("; "));
        }
        let _ = write!(
            intro,
            "{} báo cáo kết quả triển khai áp dụng, quản lý hệ thống truy xuất nguồn gốc năm {year} như sau:",
            if who.is_empty() { "đơn vị" } else { &who }
        );
        let mut intro_chars = intro.chars();
        let intro = match intro_chars.next() {
            Some(c) => c.to_uppercase().chain(intro_chars).collect(),
            None => intro,
        };
        let mut body = vec![Block::para(intro)];
        body.extend(blocks_from_markdown(&facts.markdown));
        body.push(Block::para(format!(
            "Trên đây là báo cáo kết quả triển khai áp dụng, quản lý hệ thống truy xuất nguồn gốc năm {year} của {}./.",
            if who.is_empty() { "đơn vị" } else { &who }
        )));
        let mut recipients = Vec::new();
        if !addressee.is_empty() {
            recipients.push("Như trên".to_owned());
        }
        recipients.extend(office.recipients.iter().cloned());
        Ok(AdminDoc {
            kind: AdminKind::Report,
            parent_body,
            issuing_body,
            number_line: number,
            place_date,
            summary: format!(
                "Kết quả triển khai áp dụng, quản lý hệ thống\ntruy xuất nguồn gốc năm {year}"
            ),
            authority: String::new(),
            addressees: if addressee.is_empty() {
                Vec::new()
            } else {
                vec![format!("Kính gửi: {addressee}.")]
            },
            body,
            recipients: recipient_lines(&recipients, &office.archive),
            signatures: vec![Self::signer_signature(&office, opts.signer)],
            appendix: None,
            title: format!("Báo cáo kết quả triển khai hệ thống truy xuất nguồn gốc năm {year}"),
            date: date.unwrap_or_default(),
            id: format!("annual-{year}"),
        })
    }

    /// Writes the annual report of `year` as an administrative document.
    pub fn annual_admin_report(
        &self,
        year: i32,
        opts: &AdminOptions,
        out: &Path,
    ) -> Result<ExportReport, Error> {
        let doc = self.annual_admin_document(year, opts)?;
        self.write_admin(&doc, opts.format, out)
    }

    // ----- the inspection minutes ------------------------------------------------------
    /// The minutes of an inspection (Biên bản kiểm tra, đánh giá hiệu lực hệ thống truy xuất
    /// nguồn gốc) from the assessment's records: the team and the pilot's representative, what
    /// was inspected, results by section, trace tests, findings and corrective actions, the
    /// verdict and its reasons, signed by the pilot's representative and the team leader.
    /// The assessment report is its annex.
    pub fn minutes_document(
        &self,
        assessment: &str,
        opts: &AdminOptions,
        m: &MinutesOptions,
    ) -> Result<AdminDoc, Error> {
        let date = self.check_options(opts)?;
        let team_date = given(&m.team_decision_date)
            .map(crate::plan::date_string)
            .transpose()?;
        let start = given(&m.start).map(clock_time).transpose()?;
        let end = given(&m.end).map(clock_time).transpose()?;
        if m.copies == Some(0) {
            return Err(bad(
                "Số bản của biên bản phải từ 1 trở lên (thường là 2: Đoàn kiểm tra giữ 01 bản, cơ sở giữ 01 bản).",
                "The minutes' number of copies must be 1 or more (usually 2: one for the team, one for the pilot).",
            ));
        }
        let team_decision = given(&m.team_decision);
        let office = self.office()?;
        let summary = self.store.assessment(assessment)?.summary;
        let pilot = self.store.pilot(&summary.pilot_id)?;
        let verdict = self.verdict(assessment)?;
        let (_, checklist, _) = self.checklist_and_rules(assessment)?;
        let tests = self.trace_tests(assessment)?;
        let findings = self.findings(assessment)?;
        // The on-screen signatures that still cover the record; the others leave the space
        // empty for a wet signature.
        let signed = self.signatures(&summary.id)?;
        let (year, _, _) = ymd(&summary.date).unwrap_or((2000, 1, 1));
        // The minutes are dated the day of the inspection unless told otherwise.
        let doc_date = date.clone().or_else(|| Some(summary.date.clone()));
        let (parent_body, issuing_body, number, place_date) =
            self.frame(AdminKind::Minutes, &office, doc_date.as_deref(), year, opts);
        let address = pilot.address.written();
        let kind = pilot.kind.label().vi;
        let who = pilot.name.trim().to_owned();
        let (y, mo, d) = ymd(&summary.date).unwrap_or((year, 0, 0));

        let mut body = Vec::new();
        let decision = match (team_decision, &team_date) {
            (Some(n), Some(dt)) => format!("số {n} ngày {}", cited_date(dt)),
            (Some(n), None) => format!("số {n} ngày ……"),
            (None, Some(dt)) => format!("số …… ngày {}", cited_date(dt)),
            (None, None) => "số …… ngày ……".to_owned(),
        };
        let head = if office.head.is_empty() {
            "……".to_owned()
        } else {
            office.head.clone()
        };
        body.push(Block::para(format!(
            "Căn cứ Quyết định {decision} của {head} về việc thành lập Đoàn kiểm tra, đánh giá hiệu lực hệ thống truy xuất nguồn gốc;"
        )));
        if !summary.handbook_title.is_empty() {
            body.push(Block::para(format!(
                "Căn cứ {} (phiên bản {}) áp dụng tại {who};",
                summary.handbook_title, summary.handbook_version
            )));
        }
        let place = given(&m.place)
            .map(str::to_owned)
            .unwrap_or_else(|| dash_or(&address));
        body.push(Block::para(format!(
            "Hôm nay, vào hồi {}, ngày {d:02} tháng {} năm {y}, tại {place}, Đoàn kiểm tra tiến hành kiểm tra, đánh giá hiệu lực hệ thống truy xuất nguồn gốc của {who}, cụ thể như sau:",
            start.as_deref().unwrap_or("…… giờ ……"),
            if mo <= 2 { format!("{mo:02}") } else { mo.to_string() },
        )));

        body.push(heading(1, 1, "THÀNH PHẦN"));
        body.push(heading(2, 1, "Đoàn kiểm tra"));
        body.push(Block::para(format!(
            "- {} — Trưởng đoàn;",
            dash_or(&summary.lead)
        )));
        for t in &summary.team {
            body.push(Block::para(format!("- {} — Thành viên;", t.trim())));
        }
        body.push(heading(2, 2, &format!("Đại diện {who}")));
        body.push(Block::para(format!("- {};", dash_or(&pilot.contact))));

        body.push(heading(1, 2, "NỘI DUNG KIỂM TRA"));
        let scored = checklist
            .items
            .iter()
            .filter(|i| i.parent().is_none())
            .count();
        body.push(Block::para(format!(
            "Kiểm tra việc áp dụng {} (phiên bản {}) tại {who}: đối chiếu hồ sơ, ghi chép và thực tế theo danh mục kiểm tra gồm {scored} mục thuộc {} phần; truy xuất thử ngược và xuôi trên các lô hàng do Đoàn kiểm tra chọn.",
            if summary.handbook_title.is_empty() { "sổ tay hướng dẫn truy xuất nguồn gốc" } else { &summary.handbook_title },
            summary.handbook_version,
            checklist.sections.len()
        )));

        body.push(heading(1, 3, "KẾT QUẢ KIỂM TRA"));
        body.push(heading(2, 1, "Kết quả theo phần của danh mục kiểm tra"));
        let rows: Vec<Vec<String>> = checklist
            .sections
            .iter()
            .filter_map(|s| {
                let sc = verdict.sections.get(&s.id)?;
                Some(vec![
                    s.id.clone(),
                    s.title.vi.clone(),
                    sc.score.map_or("—".into(), pct),
                    sc.pass.to_string(),
                    sc.minor.to_string(),
                    sc.major.to_string(),
                    sc.na.to_string(),
                ])
            })
            .collect();
        body.push(table(
            "",
            &[
                "Phần",
                "Nội dung",
                "Điểm (%)",
                "Đạt",
                "Lỗi nhẹ",
                "Lỗi nặng",
                "Không áp dụng",
            ],
            rows,
            &[2, 3, 4, 5, 6],
        ));
        body.push(Block::para(format!(
            "Điểm chung: {} %.",
            pct(verdict.provisional_score.unwrap_or(verdict.score))
        )));
        body.push(heading(2, 2, "Truy xuất thử"));
        if tests.is_empty() {
            body.push(Block::para("Chưa ghi nhận lần truy xuất thử nào."));
        } else {
            let rows = tests
                .iter()
                .map(|t| {
                    let dir = t.direction.short().vi;
                    let qty = t.quantity_pct();
                    vec![
                        dir.to_owned(),
                        t.lot.clone(),
                        format!("{:.0}", t.minutes),
                        format!("{}/{}", t.links_found, t.links_expected),
                        format!("{} %", pct(qty)),
                        match &t.replaced_by {
                            Some(_) => "Chưa đạt — đã làm lại".to_owned(),
                            None if t.grades.passes() => "Đạt".to_owned(),
                            None => format!(
                                "Chưa đạt (thời gian {}, liên kết {}, khối lượng {})",
                                grade_vi(t.grades.time).to_lowercase(),
                                grade_vi(t.grades.links).to_lowercase(),
                                grade_vi(t.grades.quantity).to_lowercase()
                            ),
                        },
                    ]
                })
                .collect();
            body.push(table(
                "",
                &[
                    "Chiều",
                    "Lô bắt đầu",
                    "Thời gian (phút)",
                    "Liên kết",
                    "Cân đối khối lượng",
                    "Đánh giá",
                ],
                rows,
                &[2],
            ));
        }
        body.push(heading(2, 3, "Phát hiện và hành động khắc phục"));
        let open: Vec<_> = findings.iter().filter(|f| f.status == "open").collect();
        if open.is_empty() {
            body.push(Block::para("Không có phát hiện."));
        } else {
            let mut rows = Vec::new();
            for f in open {
                let desc = if f.description.is_empty() {
                    f.item_id.clone()
                } else {
                    format!("{}: {}", f.item_id, f.description)
                };
                if f.actions.is_empty() {
                    rows.push(vec![
                        desc.clone(),
                        f.severity.label().vi,
                        "Chưa giao".into(),
                        "—".into(),
                        "—".into(),
                    ]);
                }
                for a in &f.actions {
                    rows.push(vec![
                        desc.clone(),
                        f.severity.label().vi,
                        dash_or(&a.description),
                        dash_or(&a.owner),
                        if a.due.is_empty() {
                            "—".into()
                        } else {
                            cited_date(&a.due)
                        },
                    ]);
                }
            }
            body.push(table(
                "",
                &[
                    "Phát hiện",
                    "Mức độ",
                    "Hành động khắc phục",
                    "Người thực hiện",
                    "Hạn",
                ],
                rows,
                &[],
            ));
        }

        body.push(heading(1, 4, "KẾT LUẬN"));
        let conclusion = match verdict.provisional {
            Some(p) => format!(
                "Chưa đủ dữ liệu để kết luận chính thức (điểm trên các mục đã đánh giá {} %); kết luận tạm thời nếu các mục còn thiếu đều đạt: {}.",
                pct(verdict.score),
                p.label().vi
            ),
            None => format!(
                "Hệ thống truy xuất nguồn gốc của {who}: {} (điểm chung {} %).",
                verdict_vi(verdict.verdict, verdict.pending),
                pct(verdict.score)
            ),
        };
        body.push(Block::Para {
            runs: vec![Run::bold(conclusion)],
            align: ParaAlign::Body,
        });
        if !verdict.reasons.is_empty() {
            body.push(Block::para("Căn cứ kết luận:"));
            for r in &verdict.reasons {
                body.push(Block::para(format!("- {}", r.vi)));
            }
        }
        if !verdict.unanswered.is_empty() {
            body.push(Block::para(format!(
                "- Các mục chưa đánh giá: {}.",
                verdict.unanswered.join(", ")
            )));
        }
        body.push(Block::para(
            "Kết quả đánh giá chi tiết từng mục, bằng chứng và số liệu truy xuất thử tại Báo cáo kiểm tra, xác nhận hiệu lực hệ thống truy xuất nguồn gốc kèm theo Biên bản này."
        ));
        let copies = m.copies.unwrap_or(2);
        let keep = if copies == 2 {
            format!(", Đoàn kiểm tra giữ 01 bản, {who} giữ 01 bản")
        } else {
            String::new()
        };
        body.push(Block::para(format!(
            "Biên bản kết thúc vào hồi {} cùng ngày, được lập thành {copies:02} bản có giá trị như nhau{keep}. Biên bản đã được đọc lại cho các thành viên tham dự cùng nghe và nhất trí ký tên./.",
            end.as_deref().unwrap_or("…… giờ ……")
        )));

        let note = "(Ký, ghi rõ họ tên)".to_owned();
        Ok(AdminDoc {
            kind: AdminKind::Minutes,
            parent_body,
            issuing_body,
            number_line: number,
            place_date,
            summary: format!(
                "Kiểm tra, đánh giá hiệu lực hệ thống truy xuất nguồn gốc\ntại {}",
                pilot.name
            ),
            authority: String::new(),
            addressees: Vec::new(),
            body,
            recipients: Vec::new(),
            signatures: vec![
                Signature {
                    heading: vec![upper(&format!("Đại diện {kind}"))],
                    note: note.clone(),
                    name: person(&pilot.contact),
                    on_screen: None,
                }
                .signed(&signed, SignatureRole::Representative),
                Signature {
                    heading: vec!["TRƯỞNG ĐOÀN KIỂM TRA".into()],
                    note,
                    name: person(&summary.lead),
                    on_screen: None,
                }
                .signed(&signed, SignatureRole::Leader),
            ],
            appendix: None,
            title: format!(
                "Biên bản kiểm tra, đánh giá hiệu lực hệ thống truy xuất nguồn gốc — {}",
                pilot.name
            ),
            date: doc_date.unwrap_or_default(),
            id: format!("minutes-{}", summary.id),
        })
    }

    /// What the minutes' dialog starts from: the place (the pilot's address, as the minutes
    /// write it when no place is given) and 2 copies; the rest blank.
    pub fn minutes_defaults(&self, assessment: &str) -> Result<MinutesOptions, Error> {
        let summary = self.store.assessment(assessment)?.summary;
        let pilot = self.store.pilot(&summary.pilot_id)?;
        let place = pilot.address.written();
        Ok(MinutesOptions {
            place: (!place.is_empty()).then_some(place),
            copies: Some(2),
            ..MinutesOptions::default()
        })
    }

    /// Writes the minutes of an assessment.
    pub fn minutes_report(
        &self,
        assessment: &str,
        opts: &AdminOptions,
        m: &MinutesOptions,
        out: &Path,
    ) -> Result<ExportReport, Error> {
        let doc = self.minutes_document(assessment, opts, m)?;
        self.write_admin(&doc, opts.format, out)
    }

    // ----- the issuing decision ----------------------------------------------------------
    /// The decision issuing an approved handbook (Quyết định về việc ban hành Sổ tay hướng dẫn
    /// truy xuất nguồn gốc …): its legal bases from the settings and the handbook's variables
    /// (`legal_refs` and `plan_refs` rows: number, date, title), Điều 1–3, "Nơi nhận", the
    /// signature. Refused for a handbook that is not approved.
    pub fn decision_document(
        &self,
        handbook: &str,
        opts: &AdminOptions,
    ) -> Result<AdminDoc, Error> {
        let date = self.check_options(opts)?;
        let id = self.resolve_handbook(handbook)?;
        let h = self.store.handbook(&id)?;
        if h.summary.status != sotay_model::HandbookStatus::Approved {
            return Err(bad(
                format!(
                    "Quyết định ban hành chỉ lập cho sổ tay đã duyệt, chưa phát hành; “{}” đang ở trạng thái “{}”.",
                    h.summary.title,
                    h.summary.status.label().vi
                ),
                format!(
                    "An issuing decision is made for an approved handbook, before it is published; “{}” is “{}”.",
                    h.summary.title,
                    h.summary.status.label().en
                ),
            ));
        }
        let office = self.office()?;
        let vars = &h.variables;
        let product = text_var(vars, "product.name");
        let subject = if product.is_empty() {
            h.summary.title.clone()
        } else {
            format!("Sổ tay hướng dẫn truy xuất nguồn gốc sản phẩm {product}")
        };
        let mut bases: Vec<String> = office.legal_bases.clone();
        for key in ["legal_refs", "plan_refs"] {
            let rows = sotay_templates::variable_at(vars, key)
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            for r in rows {
                let get = |k: &str| {
                    r.get(k)
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .trim()
                        .to_owned()
                };
                let (num, dt, title) = (get("number"), get("date"), get("title"));
                if num.is_empty() && title.is_empty() {
                    continue;
                }
                bases.push(citation(&num, &dt, &title));
            }
        }
        // The edition the decision issues ("ấn bản 1.0") when the handbook names it, else the
        // revision approved ("phiên bản 3"), as `docs/terms.md` names them.
        let version = text_var(vars, "edition.version");
        let version = if version.is_empty() {
            format!("phiên bản {}", h.summary.version)
        } else {
            format!("ấn bản {version}")
        };
        let pilots: Vec<String> = self
            .pilots()?
            .into_iter()
            .filter(|p| p.handbook_id.as_deref() == Some(id.as_str()))
            .map(|p| p.name.trim().to_owned())
            .collect();
        let mut who = vec!["Chánh Văn phòng".to_owned()];
        if !office.proposer.is_empty() {
            who.push(office.proposer.clone());
        }
        who.push("Thủ trưởng các cơ quan, đơn vị có liên quan".to_owned());
        who.extend(pilots);
        let articles = vec![
            article(
                1,
                format!("Ban hành kèm theo Quyết định này {subject} ({version})."),
            ),
            article(2, "Quyết định này có hiệu lực kể từ ngày ký."),
            article(
                3,
                format!(
                    "{} và các tổ chức, cá nhân áp dụng Sổ tay chịu trách nhiệm thi hành Quyết định này./.",
                    who.join(", ")
                ),
            ),
        ];
        Ok(self.decision_doc(
            &office,
            opts,
            date,
            DecisionContent {
                id: format!("decision-{id}-{}", h.summary.version),
                subject,
                bases,
                articles,
            },
        ))
    }

    /// What every decision shares (Nghị định 30/2020, Mẫu 1.4): the header and number, the
    /// summary "Về việc ban hành {subject}", the decider's line, "Căn cứ …;" for each of
    /// `bases` (a blank to fill when there is none), "Theo đề nghị của …" (the settings'
    /// proposer), "QUYẾT ĐỊNH:", the `articles`, "Nơi nhận" ("Như Điều 3" and the settings'
    /// recipients) and the signature.
    pub(crate) fn decision_doc(
        &self,
        office: &AdminSettings,
        opts: &AdminOptions,
        date: Option<String>,
        content: DecisionContent,
    ) -> AdminDoc {
        let DecisionContent {
            subject,
            bases,
            articles,
            id,
        } = content;
        let year = self.decision_year(date.as_deref());
        let (parent_body, issuing_body, number, place_date) =
            self.frame(AdminKind::Decision, office, date.as_deref(), year, opts);
        let mut body = Vec::new();
        let mut seen: Vec<String> = Vec::new();
        for b in &bases {
            let b = b.trim().trim_end_matches([';', '.']).to_owned();
            if b.is_empty() || seen.contains(&b) {
                continue;
            }
            body.push(Block::para(format!("Căn cứ {b};")));
            seen.push(b);
        }
        if body.is_empty() {
            body.push(Block::para("Căn cứ ……;"));
        }
        body.push(Block::para(format!(
            "Theo đề nghị của {}.",
            dash_or(&office.proposer)
        )));
        body.push(Block::Para {
            runs: vec![Run::bold("QUYẾT ĐỊNH:")],
            align: ParaAlign::Center,
        });
        body.extend(articles);
        let mut recipients = vec!["Như Điều 3".to_owned()];
        recipients.extend(office.recipients.iter().cloned());
        let authority = if office.head.is_empty() {
            String::new()
        } else {
            // "Giám đốc Sở Khoa học và Công nghệ tỉnh An Giang" → the decider's line.
            upper(office.head.split(" tỉnh ").next().unwrap_or(&office.head))
        };
        AdminDoc {
            kind: AdminKind::Decision,
            parent_body,
            issuing_body,
            number_line: number,
            place_date,
            summary: format!("Về việc ban hành {subject}"),
            authority,
            addressees: Vec::new(),
            body,
            recipients: recipient_lines(&recipients, &office.archive),
            signatures: vec![Self::signer_signature(office, opts.signer)],
            appendix: None,
            title: format!("Quyết định về việc ban hành {subject}"),
            date: date.unwrap_or_default(),
            id,
        }
    }

    /// Writes the issuing decision of a handbook. Given both its number and its date, the
    /// decision is also recorded on the handbook, for the version it issues: every edition of
    /// that version published afterwards names it on its cover ("Ban hành kèm theo Quyết định
    /// số …"). A failure leaves neither the file nor the record.
    pub fn decision_report(
        &mut self,
        handbook: &str,
        opts: &AdminOptions,
        out: &Path,
    ) -> Result<ExportReport, Error> {
        let doc = self.decision_document(handbook, opts)?;
        let record = match (opts.number, doc.date.is_empty()) {
            (Some(n), false) => {
                let id = self.resolve_handbook(handbook)?;
                let version = self.store.handbook(&id)?.summary.version;
                let office = self.office()?;
                Some((
                    id,
                    sotay_store::DecisionRow {
                        version,
                        decision: IssuingDecision {
                            number: document_number(AdminKind::Decision, n, &office.code),
                            date: doc.date.clone(),
                            issuer: office.head.trim().to_owned(),
                        },
                        recorded_by: self.user_name()?,
                        recorded_at: crate::clock::rfc3339(self.now()),
                    },
                ))
            }
            _ => None,
        };
        let report = self.write_admin(&doc, opts.format, out)?;
        if let Some((id, row)) = record {
            if let Err(e) = self.store.set_handbook_decision(&id, &row) {
                let _ = std::fs::remove_file(out);
                return Err(e.into());
            }
        }
        Ok(report)
    }

    /// The decision recorded on a handbook for its current version, if any.
    pub fn handbook_decision(&self, handbook: &str) -> Result<Option<IssuingDecision>, Error> {
        let id = self.resolve_handbook(handbook)?;
        let version = self.store.handbook(&id)?.summary.version;
        Ok(self
            .store
            .handbook_decision(&id)?
            .filter(|r| r.version == version)
            .map(|r| r.decision))
    }

    /// The year a decision dated `date` (YYYY-MM-DD) is of: this year when it is not dated.
    pub(crate) fn decision_year(&self, date: Option<&str>) -> i32 {
        date.and_then(ymd)
            .map(|(y, _, _)| y)
            .unwrap_or_else(|| self.today_year())
    }

    fn today_year(&self) -> i32 {
        self.now().year()
    }
}

impl Workspace {
    /// The window's one way to write an administrative document: `kind` names it and
    /// `subject` what it is about — the year of the annual report, the assessment of the
    /// minutes, the handbook of the decision (which records the decision given a number and a
    /// date); the first signer signs; whatever the window does not ask stays blank. `minutes`:
    /// what only the minutes ask (team decision, times, place, copies); ignored for the others.
    #[allow(clippy::too_many_arguments)]
    pub fn write_admin_document(
        &mut self,
        kind: AdminKind,
        subject: &str,
        number: Option<u32>,
        date: Option<&str>,
        format: AdminFormat,
        out: &Path,
        minutes: Option<&MinutesOptions>,
    ) -> Result<ExportReport, Error> {
        let opts = AdminOptions {
            number,
            date: date
                .map(str::trim)
                .filter(|d| !d.is_empty())
                .map(str::to_owned),
            signer: None,
            format,
        };
        match kind {
            AdminKind::Report => {
                let year: i32 = subject.trim().parse().map_err(|_| {
                    bad(
                        format!("Năm báo cáo “{subject}” không hợp lệ."),
                        format!("Invalid report year “{subject}”."),
                    )
                })?;
                self.annual_admin_report(year, &opts, out)
            }
            AdminKind::Minutes => self.minutes_report(
                subject,
                &opts,
                minutes.unwrap_or(&MinutesOptions::default()),
                out,
            ),
            AdminKind::Decision => self.decision_report(subject, &opts, out),
            AdminKind::Catalogue => self.catalogue_decision_report(&opts, out),
        }
    }
}

/// "Kế hoạch số 45/KH-UBND ngày 20/3/2020 của Ủy ban nhân dân tỉnh Kiên Giang …" from a row
/// whose title starts with the document's type ("Kế hoạch của Ủy ban nhân dân tỉnh …"); other
/// titles are cited after their number and date.
pub(crate) fn citation(number: &str, date: &str, title: &str) -> String {
    const TYPES: [&str; 8] = [
        "Quyết định",
        "Kế hoạch",
        "Thông tư",
        "Nghị định",
        "Chỉ thị",
        "Nghị quyết",
        "Công văn",
        "Luật",
    ];
    let mut numbered = String::new();
    if !number.is_empty() {
        let _ = write!(numbered, " số {number}");
    }
    if !date.is_empty() {
        let _ = write!(numbered, " ngày {}", cited_date(date));
    }
    match TYPES.iter().find(|t| title.starts_with(**t)) {
        Some(t) => format!("{t}{numbered}{}", &title[t.len()..]),
        None if title.is_empty() => format!("văn bản{numbered}"),
        None => format!("văn bản{numbered}: {title}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn citations_put_the_number_after_the_type() {
        assert_eq!(
            citation(
                "45/KH-UBND",
                "2020-03-20",
                "Kế hoạch của Ủy ban nhân dân tỉnh Kiên Giang thực hiện Đề án"
            ),
            "Kế hoạch số 45/KH-UBND ngày 20/3/2020 của Ủy ban nhân dân tỉnh Kiên Giang thực hiện Đề án"
        );
        assert_eq!(
            citation("12/ABC", "", "Hướng dẫn chung"),
            "văn bản số 12/ABC: Hướng dẫn chung"
        );
        assert_eq!(clock_time("8:30").unwrap(), "08 giờ 30");
        assert_eq!(clock_time("08 giờ 05").unwrap(), "08 giờ 05");
        assert!(clock_time("25:00").is_err());
    }

    #[test]
    fn markdown_sections_become_administrative_headings_and_tables() {
        let b = blocks_from_markdown(
            "## Sổ tay\n\nCó **hai** sổ tay.\n\nBảng: Các sổ tay\n\n| Sổ tay | Số |\n|---|--:|\n| A | 1 |\n\n### Kinh phí\n\n- một\n- hai\n\n## Kiến nghị\n\nKhông.\n",
        );
        assert!(
            matches!(&b[0], Block::Heading { level: 1, label, text } if label == "I." && text == "SỔ TAY")
        );
        assert!(
            matches!(&b[1], Block::Para { runs, .. } if runs.len() == 3 && runs[1].bold && runs[1].text == "hai")
        );
        assert!(
            matches!(&b[2], Block::Table { caption, numeric, .. } if caption.contains("Các sổ tay") && numeric == &vec![false, true])
        );
        assert!(matches!(&b[3], Block::Heading { level: 2, label, .. } if label == "1."));
        assert!(matches!(&b[4], Block::Para { runs, .. } if runs[0].text.starts_with("- ")));
        assert!(matches!(&b[6], Block::Heading { level: 1, label, .. } if label == "II."));
    }
}
