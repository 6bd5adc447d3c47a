//! Publishing (issue 7): freezing editions, per-recipient copies stamped on a book laid out
//! once, the output folder with `manifest.json` and `SHA256SUMS`, the distribution log, and
//! verifying a file against it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use sotay_doc::{build, ChapterInput, CopyStamp, DocMeta, Image, Numbering};
use sotay_model::edition::{Edition, IssuedCopy, PublicationInfo};
use sotay_model::{Diagnostic, HandbookStatus};
use sotay_store::NewEdition;
use sotay_templates::{render, variable_at};
use ts_rs::TS;

use crate::clock::{new_id, rfc3339};
use crate::export::Format;
use crate::{Error, ErrorCode, Workspace};

mod edition_changes;
pub use edition_changes::ChangesFormat;
mod paper;
pub use paper::PaperSource;

fn bad(vi: impl Into<String>, en: impl Into<String>) -> Error {
    Error::localized(ErrorCode::InvalidInput, vi, en)
}

/// Progress of a publishing run, as the window hears it (event `publish-progress`): copies
/// made so far of all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PublishProgress {
    pub done: u32,
    pub total: u32,
}

/// One line of a recipients list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Recipient {
    pub name: String,
    pub unit: String,
    pub copies: u32,
    /// Sở/ngành, UBND cấp xã, hợp tác xã, doanh nghiệp, khác — when the list gives it.
    #[serde(default)]
    #[ts(optional)]
    pub kind: Option<sotay_model::edition::RecipientKind>,
}

/// Reads a recipients list: CSV with the header `name,unit,copies` and optionally `,kind`
/// (sở/ngành, UBND cấp xã, hợp tác xã, doanh nghiệp, khác — or department, commune,
/// cooperative, enterprise, other; may be empty). Every row is checked; a bad one (empty name,
/// copies below 1, an unknown kind, an unknown column) refuses the whole list, naming the row.
pub fn parse_recipients(csv_text: &str) -> Result<Vec<Recipient>, Error> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(false)
        .from_reader(csv_text.trim_start_matches('\u{feff}').as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| {
            bad(
                format!("Danh sách người nhận không đọc được: {e}"),
                format!("Cannot read the recipients list: {e}"),
            )
        })?
        .iter()
        .map(str::to_owned)
        .collect();
    if let Some(unknown) = headers
        .iter()
        .find(|h| !["name", "unit", "copies", "kind"].contains(&h.as_str()))
    {
        return Err(bad(
            format!("Dòng 1: cột “{unknown}” không được hỗ trợ; tiêu đề phải là name,unit,copies (thêm ,kind nếu ghi loại người nhận). Không tạo tệp nào."),
            format!("Row 1: unknown column “{unknown}”; the header must be name,unit,copies (and ,kind for the recipient's kind). Nothing was produced."),
        ));
    }
    if headers != ["name", "unit", "copies"] && headers != ["name", "unit", "copies", "kind"] {
        return Err(bad(
            format!(
                "Dòng 1: tiêu đề phải là name,unit,copies (có: {}). Không tạo tệp nào.",
                headers.join(",")
            ),
            format!(
                "Row 1: the header must be name,unit,copies (found: {}). Nothing was produced.",
                headers.join(",")
            ),
        ));
    }
    let mut out = Vec::new();
    for (i, rec) in reader.records().enumerate() {
        let row = i + 2;
        let rec = rec.map_err(|e| {
            bad(
                format!("Dòng {row}: {e}. Không tạo tệp nào."),
                format!("Row {row}: {e}. Nothing was produced."),
            )
        })?;
        let name = sotay_model::text::nfc(rec.get(0).unwrap_or("").trim());
        let unit = sotay_model::text::nfc(rec.get(1).unwrap_or("").trim());
        let copies_text = rec.get(2).unwrap_or("").trim();
        if name.is_empty() {
            return Err(bad(
                format!("Dòng {row}: thiếu tên người nhận. Không tạo tệp nào."),
                format!("Row {row}: the name is empty. Nothing was produced."),
            ));
        }
        let copies: i64 = copies_text.parse().map_err(|_| {
            bad(
                format!("Dòng {row}: số bản “{copies_text}” không phải số nguyên. Không tạo tệp nào."),
                format!("Row {row}: copies “{copies_text}” is not a whole number. Nothing was produced."),
            )
        })?;
        if !(1..=10_000).contains(&copies) {
            return Err(bad(
                format!("Dòng {row}: số bản phải từ 1 trở lên (có {copies}). Không tạo tệp nào."),
                format!(
                    "Row {row}: copies must be at least 1 (found {copies}). Nothing was produced."
                ),
            ));
        }
        let kind_text = sotay_model::text::nfc(rec.get(3).unwrap_or("").trim());
        let kind = if kind_text.is_empty() {
            None
        } else {
            Some(
                sotay_model::edition::RecipientKind::parse(&kind_text).ok_or_else(|| {
                    bad(
                        format!("Dòng {row}: loại người nhận “{kind_text}” không hợp lệ; dùng một trong: sở/ngành, UBND cấp xã, hợp tác xã, doanh nghiệp, khác (hoặc để trống). Không tạo tệp nào."),
                        format!("Row {row}: unknown recipient kind “{kind_text}”; use one of: department, commune, cooperative, enterprise, other (or leave it empty). Nothing was produced."),
                    )
                })?,
            )
        };
        out.push(Recipient {
            name,
            unit,
            copies: copies as u32,
            kind,
        });
    }
    if out.is_empty() {
        return Err(bad(
            "Danh sách người nhận trống.",
            "The recipients list is empty.",
        ));
    }
    Ok(out)
}

/// What `sotay publish` and the publish wizard ask for.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct PublishRequest {
    pub handbook: String,
    pub label: String,
    /// YYYY-MM-DD; default today (stored with the edition, so a re-run reproduces it).
    pub date: Option<String>,
    pub recipients: Option<Vec<Recipient>>,
    pub formats: Vec<Format>,
    /// The paper of the PDF editions. Not given: a new edition's is the workspace's
    /// ([`Workspace::edition_paper`]); an edition published again keeps the one recorded with
    /// it (another is refused).
    #[serde(default)]
    #[ts(optional)]
    pub paper: Option<crate::export::Paper>,
    #[ts(type = "string")]
    pub out_dir: PathBuf,
    /// The verification address of the QR code on each copy's colophon (`https://…`; the
    /// copy's edition, serial and check code are added, see `docs/copy-code.md`). Not given:
    /// the workspace's setting ([`Workspace::verification_address`]); `""` or no setting: the
    /// offline code `SOTAY1:…`. Never an address nobody set.
    #[serde(default)]
    #[ts(optional)]
    pub qr_base: Option<String>,
    /// Reprint a lost copy: its serial. The one recipient of `recipients` gets a new serial,
    /// logged with `note` as replacing this one.
    #[serde(default)]
    #[ts(optional)]
    pub replaces: Option<u32>,
    #[serde(default)]
    #[ts(optional)]
    pub note: Option<String>,
    /// Issue the edition even though the check finds accessibility problems (`a11y.*`: an
    /// image without a description, a skipped heading level…); `manifest.json` then says
    /// `"accessible": false` and lists them. Without it such an edition is refused.
    #[serde(default)]
    #[ts(as = "Option<bool>", optional)]
    pub allow_inaccessible: bool,
    /// What the print edition's colophon carries as a publication (licence, who is
    /// responsible, size, print run, printer, legal deposit), given when the edition is first
    /// published; a re-run may repeat it but not change it.
    #[serde(default)]
    #[ts(optional)]
    pub publication: Option<PublicationInfo>,
    /// Mark the changes against this earlier edition (by label) instead of the previous one.
    #[serde(default)]
    #[ts(optional)]
    pub compare_with: Option<String>,
    /// No change bars and no change list even though an earlier edition exists
    /// (`manifest.json` says `"changes": {"disabled": true}`).
    #[serde(default)]
    #[ts(as = "Option<bool>", optional)]
    pub no_change_bars: bool,
}

/// One file of the output folder, as `manifest.json` lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ManifestFile {
    pub serial: u32,
    pub recipient: String,
    pub unit: String,
    pub format: Format,
    pub file: String,
    #[ts(type = "number")]
    pub bytes: u64,
    pub sha256: String,
    /// A distributed copy's words on the cover ("Bản số 003"); none for the master file.
    #[serde(default)]
    pub cover: Option<String>,
    /// What its QR code holds (`docs/copy-code.md`); none for the master file.
    #[serde(default)]
    pub qr: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct PublishReport {
    pub edition: Edition,
    /// The edition already existed: its frozen sources were used again.
    pub reproduced: bool,
    #[ts(type = "string")]
    pub out_dir: PathBuf,
    pub files: Vec<ManifestFile>,
    /// The accessibility problems it was issued with (`allow_inaccessible`); empty when none.
    #[serde(default)]
    pub accessibility: Vec<Diagnostic>,
    /// The paper of the edition's PDF files, and where it came from.
    pub paper: crate::export::Paper,
    pub paper_from: PaperSource,
    /// The file the paper was read from ([`PaperSource::Files`]).
    pub paper_file: Option<String>,
}

/// The result of `sotay verify FILE`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct VerifyReport {
    pub sha256: String,
    pub genuine: bool,
    pub edition: Option<Edition>,
    pub copies: Vec<IssuedCopy>,
}

/// "21 × 29,7 cm": the size a colophon names for the edition's paper.
fn paper_size(paper: crate::export::Paper) -> &'static str {
    match paper {
        crate::export::Paper::A4 => "21 × 29,7 cm",
        crate::export::Paper::A5 => "14,8 × 21 cm",
    }
}

/// Publication details as given, checked: dates `YYYY-MM-DD`, a print run of at least one,
/// text trimmed and NFC.
fn checked_publication(given: &PublicationInfo) -> Result<PublicationInfo, Error> {
    let t = |s: &str| sotay_model::text::nfc(s.trim());
    let date = |s: &str, what_vi: &str, what_en: &str| -> Result<String, Error> {
        let s = s.trim();
        if s.is_empty() {
            return Ok(String::new());
        }
        crate::verification::parse_date(s).map_err(|_| {
            bad(
                format!("{what_vi} “{s}” không hợp lệ (cần dạng YYYY-MM-DD). Không tạo tệp nào."),
                format!("Invalid {what_en} “{s}” (YYYY-MM-DD expected). Nothing was produced."),
            )
        })?;
        Ok(s.to_owned())
    };
    if given.print_run == Some(0) {
        return Err(bad(
            "Số lượng in phải từ 1 bản trở lên. Không tạo tệp nào.",
            "The print run must be at least 1. Nothing was produced.",
        ));
    }
    Ok(PublicationInfo {
        licence_number: t(&given.licence_number),
        licence_date: date(&given.licence_date, "Ngày cấp giấy phép", "licence date")?,
        publishing_responsible: t(&given.publishing_responsible),
        content_responsible: t(&given.content_responsible),
        size: t(&given.size),
        print_run: given.print_run,
        printer: t(&given.printer),
        printer_address: t(&given.printer_address),
        deposit_date: date(
            &given.deposit_date,
            "Ngày nộp lưu chiểu",
            "legal deposit date",
        )?,
    })
}

/// What a new edition freezes of its publication details: those given, checked, the print
/// run counted from the recipients when not given; `None` when nothing is given and no print
/// edition is asked for.
fn publication_of(req: &PublishRequest) -> Result<Option<PublicationInfo>, Error> {
    let given = req.publication.clone().unwrap_or_default();
    if given.is_empty() && !req.formats.contains(&Format::PdfPrint) {
        return Ok(None);
    }
    let mut p = checked_publication(&given)?;
    if p.print_run.is_none() {
        p.print_run = req
            .recipients
            .as_ref()
            .map(|list| list.iter().map(|r| r.copies).sum::<u32>())
            .filter(|n| *n > 0);
    }
    Ok(Some(p))
}

/// Whether the details given again for an existing edition say what it was published with
/// (fields left empty say nothing).
fn agrees(given: &PublicationInfo, frozen: Option<&PublicationInfo>) -> Result<bool, Error> {
    let frozen = frozen.cloned().unwrap_or_default();
    let given = checked_publication(given)?;
    let same = |g: &str, f: &str| g.is_empty() || g == f;
    Ok(same(&given.licence_number, &frozen.licence_number)
        && same(&given.licence_date, &frozen.licence_date)
        && same(
            &given.publishing_responsible,
            &frozen.publishing_responsible,
        )
        && same(&given.content_responsible, &frozen.content_responsible)
        && same(&given.size, &frozen.size)
        && given.print_run.is_none_or(|n| Some(n) == frozen.print_run)
        && same(&given.printer, &frozen.printer)
        && same(&given.printer_address, &frozen.printer_address)
        && same(&given.deposit_date, &frozen.deposit_date))
}

/// The frozen content of an edition.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Snapshot {
    title: String,
    product: String,
    template_id: String,
    variables: Value,
    chapters: Vec<SnapChapter>,
    /// Attachment name → SHA-256 (blobs never change).
    attachments: BTreeMap<String, (String, String)>,
    /// The decision that issued this version of the handbook, as recorded when the edition
    /// was made (named on the cover).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    decision: Option<sotay_model::admin::IssuingDecision>,
    /// The colophon as a publication (Luật Xuất bản 2012, Điều 27), as given when the edition
    /// was made, the print run counted from the recipients when not given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    publication: Option<PublicationInfo>,
    /// What the edition was compared with for its change bars (issue 21); none for a first
    /// edition and for editions made before change bars.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    compared_with: Option<edition_changes::Comparison>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct SnapChapter {
    key: String,
    title: String,
    source: String,
}

/// The refusal of an edition a screen reader could not read, listing each problem where it is.
fn inaccessible(found: &[Diagnostic]) -> Error {
    let list = |lang: sotay_model::Lang| {
        found
            .iter()
            .map(|d| format!("\n  {}: [{}] {}", d.location(), d.code, d.message.get(lang)))
            .collect::<String>()
    };
    let n = found.len();
    Error::refused(
        ErrorCode::WorkflowRefused,
        format!(
            "Không phát hành: kiểm tra trợ năng còn {n} vấn đề — ấn bản sẽ không đọc được đầy đủ bằng trình đọc màn hình (không đạt PDF/UA):{}\nSửa các vấn đề này (xem “sotay check”), hoặc phát hành với --allow-inaccessible (manifest.json sẽ ghi \"accessible\": false). Không tạo tệp nào.",
            list(sotay_model::Lang::Vi)
        ),
        format!(
            "Not published: the accessibility check found {n} problems — screen readers could not read the edition in full (it would not be PDF/UA):{}\nFix them (see “sotay check”), or publish with --allow-inaccessible (manifest.json will say \"accessible\": false). Nothing was produced.",
            list(sotay_model::Lang::En)
        ),
        found.to_vec(),
    )
}

impl Workspace {
    /// The editions of a handbook, oldest first.
    pub fn editions(&self, handbook: &str) -> Result<Vec<Edition>, Error> {
        let id = self.resolve_handbook(handbook)?;
        Ok(self.store.editions(&id)?)
    }

    /// Publishes (or reproduces) an edition into `out_dir`. `progress(done, total)` is called as
    /// files are made; setting `cancel` stops the run and leaves no file behind.
    pub fn publish(
        &mut self,
        req: &PublishRequest,
        progress: &(dyn Fn(usize, usize) + Sync),
        cancel: &AtomicBool,
    ) -> Result<PublishReport, Error> {
        let handbook_id = self.resolve_handbook(&req.handbook)?;
        let label = sotay_model::text::nfc(req.label.trim());
        if label.is_empty() || label.len() > 40 || label.contains(['/', '\\']) {
            return Err(bad(
                "Nhãn ấn bản không hợp lệ (1–40 ký tự, không có “/”).",
                "Invalid edition label (1–40 characters, no “/”).",
            ));
        }
        if req.formats.is_empty() {
            return Err(bad("Chưa chọn định dạng nào.", "No format chosen."));
        }
        // The copies' QR codes: the address asked for or set, else the offline code (checked
        // before anything is made; an edition published before keeps its own, below).
        let address = self.copy_address(req.qr_base.as_deref())?;
        for f in &req.formats {
            if matches!(f, Format::PdfPrint | Format::PdfScreen) && !crate::export::PDF_AVAILABLE {
                return Err(bad(
                    "Bản Sotay này chưa làm được tệp PDF.",
                    "PDF editions are not available in this build of Sotay.",
                ));
            }
        }
        // A new edition is only prepared here; it is stored, with the handbook's status and the
        // distribution log, in one transaction once every file is in place.
        // `checked`: a new edition's accessibility problems, as `check` found them.
        let (edition, snapshot, new_edition, checked, new_paper) =
            match self.store.edition_by_label(&handbook_id, &label)? {
                Some((e, snap)) => {
                    let snap: Snapshot = serde_json::from_value(snap).map_err(|e| {
                        Error::new(ErrorCode::Internal, format!("edition snapshot: {e}"))
                    })?;
                    (e, snap, None, None, None)
                }
                None => {
                    let publication = publication_of(req)?;
                    let paper = self.new_edition_paper(req.paper)?;
                    let (e, mut snap, mut stored, a11y) = self.freeze_edition(
                        &handbook_id,
                        &label,
                        req.date.as_deref(),
                        publication,
                        paper.paper,
                    )?;
                    // Which earlier edition the change bars compare with, kept with it.
                    snap.compared_with = self.choose_comparison(&handbook_id, &label, req)?;
                    stored.snapshot = serde_json::to_value(&snap)
                        .map_err(|e| Error::new(ErrorCode::Internal, e.to_string()))?;
                    (e, snap, Some(stored), Some(a11y), Some(paper))
                }
            };
        if let Some(found) = checked.as_ref().filter(|f| !f.is_empty()) {
            if !req.allow_inaccessible {
                return Err(inaccessible(found));
            }
        }
        let reproduced = new_edition.is_none();
        check_folder_edition(&req.out_dir, &edition)?;
        // The paper: a new edition's as chosen, else the one the edition was made on.
        let paper = match new_paper {
            Some(p) => p,
            None => self.reproduced_paper(&edition, req.paper, &req.out_dir)?,
        };
        if let (true, Some(d)) = (reproduced, &req.date) {
            if d.trim() != edition.date {
                // Dates in a message as people read them (dd/mm/yyyy), like the window's.
                let on = crate::plan_report::dmy(&edition.date);
                return Err(bad(
                    format!("Ấn bản “{label}” đã phát hành ngày {on}; không đổi được ngày. Dùng nhãn mới cho ấn bản mới."),
                    format!("Edition “{label}” was published on {on}; its date cannot change. Use a new label for a new edition."),
                ));
            }
        }
        if reproduced {
            edition_changes::check_same_comparison(&label, snapshot.compared_with.as_ref(), req)?;
        }
        if let (true, Some(given)) = (reproduced, req.publication.as_ref()) {
            if !given.is_empty() && !agrees(given, snapshot.publication.as_ref())? {
                return Err(bad(
                    format!("Ấn bản “{label}” đã phát hành với thông tin xuất bản khác; không đổi được thông tin ở trang thông tin ấn phẩm. Dùng nhãn mới cho ấn bản mới."),
                    format!("Edition “{label}” was published with other publication details; its colophon cannot change. Use a new label for a new edition."),
                ));
            }
        }

        // Lay the book out once.
        let (mut meta, chapters, images) = self.edition_input(&edition, &snapshot)?;
        // The print edition's colophon as a publication: its size is the paper's unless given.
        meta.publication = Some({
            let mut p = snapshot.publication.clone().unwrap_or_default();
            if p.size.trim().is_empty() {
                p.size = paper_size(paper.paper).to_owned();
            }
            p
        });
        let lookup = |name: &str| images.get(name).cloned();
        let mut built = build(meta.clone(), &chapters, Numbering::Auto, &lookup);
        // Change bars and the change list against the earlier edition, when compared.
        let changes = self.edition_changes(
            &handbook_id,
            snapshot.compared_with.as_ref(),
            &built.document,
        )?;
        built.document.changes = changes.clone().filter(|c| !c.is_empty());
        // What a screen reader would miss: found by `check` for a new edition, by the same
        // build for one reproduced.
        let accessibility: Vec<Diagnostic> = checked.unwrap_or_else(|| {
            built
                .diagnostics
                .iter()
                .filter(|d| sotay_doc::a11y::is_a11y(d))
                .cloned()
                .collect()
        });
        if !accessibility.is_empty() && !req.allow_inaccessible {
            return Err(inaccessible(&accessibility));
        }
        let html_master = req
            .formats
            .contains(&Format::Html)
            .then(|| sotay_doc::html::single_file_master(&built.document));
        let epub_book = req
            .formats
            .contains(&Format::Epub)
            .then(|| sotay_doc::epub::Book::prepare(&built.document));
        // Every file is a stamped copy unless no recipients were given (one master file).
        let stamped = req.recipients.is_some() || req.replaces.is_some();
        let pdf_master = self.pdf_masters(&built.document, &req.formats, paper.paper, stamped)?;

        // The copies: one serial per copy, in the order of the list; no list, one master (serial 0).
        // The recipients' kinds by serial, for the distribution log.
        let mut kinds: std::collections::BTreeMap<u32, sotay_model::edition::RecipientKind> =
            std::collections::BTreeMap::new();
        let copies: Vec<(u32, String, String)> = match (&req.recipients, req.replaces) {
            (_, Some(lost)) => {
                // A reprint: the lost copy's recipient, a new serial after every one issued.
                if !reproduced {
                    return Err(bad(
                        format!("Chưa có ấn bản “{label}” để in lại bản số {lost:03}."),
                        format!("There is no edition “{label}” to reprint copy {lost:03} from."),
                    ));
                }
                let log = self.store.copies(&edition.id)?;
                let old = log.iter().find(|c| c.serial == lost).ok_or_else(|| {
                    bad(
                        format!("Ấn bản “{label}” không có bản số {lost:03}."),
                        format!("Edition “{label}” has no copy {lost:03}."),
                    )
                })?;
                let serial = self.store.max_serial(&edition.id)? + 1;
                if let Some(k) = old.kind {
                    kinds.insert(serial, k);
                }
                vec![(serial, old.recipient.clone(), old.unit.clone())]
            }
            (None, None) => vec![(0, String::new(), String::new())],
            (Some(list), None) => {
                let mut out = Vec::new();
                for r in list {
                    for _ in 0..r.copies {
                        let serial = out.len() as u32 + 1;
                        if let Some(k) = r.kind {
                            kinds.insert(serial, k);
                        }
                        out.push((serial, r.name.clone(), r.unit.clone()));
                    }
                }
                out
            }
        };
        let jobs: Vec<(u32, String, String, Format)> = copies
            .iter()
            .flat_map(|(s, n, u)| {
                req.formats
                    .iter()
                    .map(move |f| (*s, n.clone(), u.clone(), *f))
            })
            .collect();
        let total = jobs.len();
        let done = AtomicUsize::new(0);
        let stem = {
            // The title's slug, cut at a word boundary.
            let t = sotay_model::text::slug(&edition.title);
            let mut cut = String::new();
            for word in t.split('-') {
                if cut.len() + word.len() + 1 > 60 {
                    break;
                }
                if !cut.is_empty() {
                    cut.push('-');
                }
                cut.push_str(word);
            }
            format!("{cut}-{}", sotay_model::text::slug(&edition.label))
        };
        let address = self.edition_copy_address(&edition, address, req.qr_base.is_some())?;
        // The copies' check codes are computed from the edition's frozen content.
        let content = match &new_edition {
            Some(stored) => crate::copy_code::content_hash(&stored.snapshot),
            None => crate::copy_code::content_hash(&self.store.edition(&edition.id)?.1),
        };
        let made: Vec<Result<(ManifestFile, Vec<u8>), Error>> = jobs
            .par_iter()
            .map(|(serial, name, unit, format)| {
                if cancel.load(Ordering::Relaxed) {
                    return Err(Error::new(ErrorCode::Cancelled, ""));
                }
                let stamp = (*serial > 0).then(|| CopyStamp {
                    serial: *serial,
                    recipient: name.clone(),
                    unit: unit.clone(),
                    qr_data: sotay_model::copy_code::CopyCode::new(
                        &edition.id,
                        *serial,
                        &content,
                        address.as_deref(),
                    )
                    .encode(),
                });
                let bytes = match format {
                    Format::Html => sotay_doc::html::stamp(
                        html_master.as_deref().unwrap_or_default(),
                        &meta,
                        stamp.as_ref(),
                    )
                    .into_bytes(),
                    Format::Epub => epub_book
                        .as_ref()
                        .expect("prepared")
                        .write(stamp.as_ref())
                        .map_err(|e| Error::new(ErrorCode::Internal, e.to_string()))?,
                    Format::PdfPrint | Format::PdfScreen => crate::export::stamp_pdf(
                        &pdf_master,
                        *format == Format::PdfPrint,
                        stamp.as_ref(),
                    )?,
                };
                let file = if *serial == 0 {
                    format!("{stem}{}", format.suffix())
                } else {
                    let who: String = sotay_model::text::slug(name).chars().take(40).collect();
                    format!(
                        "{stem}-ban-{serial:03}-{}{}",
                        who.trim_end_matches('-'),
                        format.suffix()
                    )
                };
                let sha = crate::sha256_hex(&bytes);
                progress(done.fetch_add(1, Ordering::Relaxed) + 1, total);
                Ok((
                    ManifestFile {
                        serial: *serial,
                        recipient: name.clone(),
                        unit: unit.clone(),
                        format: *format,
                        file,
                        bytes: bytes.len() as u64,
                        sha256: sha,
                        cover: stamp.as_ref().map(CopyStamp::cover),
                        qr: stamp.map(|st| st.qr_data),
                    },
                    bytes,
                ))
            })
            .collect();
        let made: Vec<(ManifestFile, Vec<u8>)> = made.into_iter().collect::<Result<_, _>>()?;
        if cancel.load(Ordering::Relaxed) {
            return Err(Error::new(ErrorCode::Cancelled, ""));
        }

        // The output folder: everything goes to a temporary folder beside it, then moves in.
        let files: Vec<ManifestFile> = made.iter().map(|(m, _)| m.clone()).collect();
        let mut manifest = json!({
            "edition": {
                "id": edition.id, "label": edition.label, "date": edition.date,
                "handbook_id": edition.handbook_id, "title": edition.title, "version": edition.version,
            },
            "accessible": accessibility.is_empty(),
            "paper": paper.paper.as_str(),
            "files": files,
        });
        if let Some(entry) =
            edition_changes::manifest_entry(snapshot.compared_with.as_ref(), changes.as_ref())
        {
            manifest["changes"] = entry;
        }
        if !accessibility.is_empty() {
            // Issued with `allow_inaccessible`: what a screen reader would miss, and where.
            manifest["accessibility_problems"] = accessibility
                .iter()
                .map(|d| json!({ "code": d.code, "where": d.location(), "message": d.message }))
                .collect();
        }
        let mut sums = String::new();
        for f in &files {
            sums.push_str(&format!("{}  {}\n", f.sha256, f.file));
        }
        write_folder(
            &req.out_dir,
            made.iter().map(|(m, b)| (m.file.as_str(), b.as_slice())),
            &serde_json::to_vec_pretty(&manifest).unwrap_or_default(),
            sums.as_bytes(),
            cancel,
        )?;

        // The distribution log, after the files exist.
        let now = self.now();
        let at = rfc3339(now);
        let log: Vec<(String, IssuedCopy)> = files
            .iter()
            .map(|f| {
                (
                    new_id(now),
                    IssuedCopy {
                        edition_id: edition.id.clone(),
                        serial: f.serial,
                        recipient: f.recipient.clone(),
                        unit: f.unit.clone(),
                        format: f.format.as_str().to_owned(),
                        file_name: f.file.clone(),
                        bytes: f.bytes,
                        sha256: f.sha256.clone(),
                        issued_at: at.clone(),
                        note: req.note.clone().unwrap_or_default(),
                        replaces: req.replaces,
                        kind: kinds.get(&f.serial).copied(),
                    },
                )
            })
            .collect();
        self.atomically(|ws| {
            if let Some(stored) = &new_edition {
                ws.store.insert_edition(stored, true)?;
            }
            ws.store.log_copies(&log)?;
            if paper.from.records() {
                ws.store
                    .record_edition_paper(&edition.id, paper.paper.as_str())?;
            }
            if stamped {
                ws.store
                    .record_edition_qr_address(&edition.id, address.as_deref().unwrap_or(""))?;
            }
            Ok(())
        })?;
        Ok(PublishReport {
            edition,
            reproduced,
            out_dir: req.out_dir.clone(),
            files,
            accessibility,
            paper: paper.paper,
            paper_from: paper.from,
            paper_file: paper.file,
        })
    }

    /// Freezes a new edition of an approved (or published) handbook whose check finds no
    /// error (whatever its status says: a status may have come from elsewhere). Stores nothing:
    /// the caller stores the returned record once the files exist. Also returns the check's
    /// accessibility warnings (`a11y.*`), which the caller weighs.
    #[allow(clippy::type_complexity)]
    fn freeze_edition(
        &mut self,
        handbook_id: &str,
        label: &str,
        date: Option<&str>,
        publication: Option<PublicationInfo>,
        paper: crate::export::Paper,
    ) -> Result<(Edition, Snapshot, NewEdition, Vec<Diagnostic>), Error> {
        let h = self.store.handbook(handbook_id)?;
        if !matches!(
            h.summary.status,
            HandbookStatus::Approved | HandbookStatus::Published
        ) {
            let s = h.summary.status.label();
            return Err(Error::localized(
                ErrorCode::WorkflowRefused,
                format!(
                    "Sổ tay đang ở trạng thái “{}”: cần được duyệt trước khi phát hành ấn bản mới.",
                    s.vi
                ),
                format!(
                    "The handbook is “{}”: it must be approved before a new edition is published.",
                    s.en
                ),
            ));
        }
        let (found, a11y): (Vec<_>, Vec<_>) = self
            .check(handbook_id)?
            .into_iter()
            .filter(|d| d.severity == sotay_model::Severity::Error || sotay_doc::a11y::is_a11y(d))
            .partition(|d| d.severity == sotay_model::Severity::Error);
        if !found.is_empty() {
            let errors = found.len();
            return Err(Error::refused(
                ErrorCode::WorkflowRefused,
                format!("Không phát hành: kiểm tra sổ tay còn {errors} lỗi. Chạy “sotay check” để xem và sửa, rồi duyệt lại."),
                format!("Not published: the handbook check has {errors} errors. Run “sotay check” to see and fix them, then approve again."),
                found,
            ));
        }
        let date = match date {
            Some(d) => {
                crate::verification::parse_date(d)?;
                d.trim().to_owned()
            }
            None => rfc3339(self.now())[..10].to_owned(),
        };
        let attachments = self
            .store
            .attachments(handbook_id)?
            .into_iter()
            .map(|a| (a.name, (a.sha256, a.mime)))
            .collect();
        let snapshot = Snapshot {
            title: h.summary.title.clone(),
            product: h.summary.product.clone(),
            template_id: h.summary.template_id.clone(),
            variables: h.variables.clone(),
            chapters: h
                .chapters
                .iter()
                .map(|c| SnapChapter {
                    key: c.key.clone(),
                    title: c.title.clone(),
                    source: c.source.clone(),
                })
                .collect(),
            attachments,
            // The decision recorded for this very version (a reopened handbook needs a new one).
            decision: self.decision_of_version(handbook_id, h.summary.version)?,
            publication,
            compared_with: None,
        };
        let approval =
            serde_json::to_value(self.store.status_changes(handbook_id)?).unwrap_or_default();
        let now = self.now();
        let edition = Edition {
            id: new_id(now),
            handbook_id: handbook_id.to_owned(),
            label: label.to_owned(),
            date,
            version: h.summary.version,
            title: h.summary.title.clone(),
            created_by: self.user_name()?,
            created_at: rfc3339(now),
        };
        let stored = NewEdition {
            edition: edition.clone(),
            snapshot: serde_json::to_value(&snapshot)
                .map_err(|e| Error::new(ErrorCode::Internal, e.to_string()))?,
            approval,
            paper: paper.as_str().to_owned(),
        };
        Ok((edition, snapshot, stored, a11y))
    }

    /// The document input of an edition, from its frozen snapshot.
    #[allow(clippy::type_complexity)]
    fn edition_input(
        &self,
        edition: &Edition,
        snap: &Snapshot,
    ) -> Result<(DocMeta, Vec<ChapterInput>, BTreeMap<String, Image>), Error> {
        let template = self.template(&snap.template_id).ok();
        let chapters = snap
            .chapters
            .iter()
            .map(|c| ChapterInput {
                key: c.key.clone(),
                title: c.title.clone(),
                markdown: render(&c.source, &snap.variables).unwrap_or_else(|_| c.source.clone()),
                role: crate::export::chapter_role(template, &c.key),
            })
            .collect();
        let mut images = BTreeMap::new();
        for (name, (sha, mime)) in &snap.attachments {
            if let Some(bytes) = self.store.blob(sha)? {
                images.insert(
                    name.clone(),
                    Image {
                        bytes,
                        mime: mime.clone(),
                    },
                );
            }
        }
        let text = |k: &str| {
            variable_at(&snap.variables, k)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned()
        };
        let meta = DocMeta {
            title: snap.title.clone(),
            subtitle: snap.product.clone(),
            province: text("province.name"),
            issuing_body: text("issuing_body"),
            logo: text("issuing_body_logo"),
            decision: snap.decision.clone(),
            publication: None,
            edition_id: edition.id.clone(),
            edition_label: edition.label.clone(),
            // An edition is named by its label; the revision it froze stays in the log.
            revision: None,
            date: edition.date.clone(),
            // The template's language; Vietnamese if the template is no longer installed.
            lang: self
                .template(&snap.template_id)
                .map(|t| t.manifest.lang)
                .unwrap_or_default(),
        };
        Ok((meta, chapters, images))
    }

    fn pdf_masters(
        &self,
        doc: &sotay_doc::Document,
        formats: &[Format],
        paper: crate::export::Paper,
        copies: bool,
    ) -> Result<crate::export::PdfMasters, Error> {
        crate::export::pdf_masters(
            doc,
            formats.contains(&Format::PdfPrint),
            formats.contains(&Format::PdfScreen),
            paper,
            copies,
        )
    }

    /// Whether a file is a genuine copy of an edition in this workspace, and to whom it went.
    pub fn verify_file(&self, path: &Path) -> Result<VerifyReport, Error> {
        let bytes = std::fs::read(path).map_err(|e| {
            bad(
                format!("Không đọc được “{}”: {e}", path.display()),
                format!("Cannot read “{}”: {e}", path.display()),
            )
        })?;
        let sha = crate::sha256_hex(&bytes);
        let copies = self.store.copies_by_hash(&sha)?;
        let edition = match copies.first() {
            Some(c) => Some(self.store.edition(&c.edition_id)?.0),
            None => None,
        };
        Ok(VerifyReport {
            sha256: sha,
            genuine: !copies.is_empty(),
            edition,
            copies,
        })
    }

    /// Who holds an edition: its distribution log.
    pub fn distribution(
        &self,
        handbook: &str,
        label: &str,
    ) -> Result<(Edition, Vec<IssuedCopy>), Error> {
        let id = self.resolve_handbook(handbook)?;
        let (edition, _) = self
            .store
            .edition_by_label(&id, label.trim())?
            .ok_or_else(|| Error::not_found("edition", label))?;
        let copies = self.store.copies(&edition.id)?;
        Ok((edition, copies))
    }
}

/// Writes the files, `manifest.json` and `SHA256SUMS` into `dir` through a temporary folder
/// beside it: a cancelled or failed run leaves nothing.
fn write_folder<'a>(
    dir: &Path,
    files: impl Iterator<Item = (&'a str, &'a [u8])>,
    manifest: &'a [u8],
    sums: &'a [u8],
    cancel: &AtomicBool,
) -> Result<(), Error> {
    use std::io::Write;
    let fail = |e: &dyn std::fmt::Display| {
        bad(
            format!(
                "Không ghi được thư mục “{}”: {e}. Không có tệp nào bị ghi dở.",
                dir.display()
            ),
            format!(
                "Cannot write the folder “{}”: {e}. No file was left half-written.",
                dir.display()
            ),
        )
    };
    std::fs::create_dir_all(dir).map_err(|e| fail(&e))?;
    remove_stale_temp_folders(dir);
    let tmp = tempfile::Builder::new()
        .prefix(&format!("{TEMP_PREFIX}{}-", std::process::id()))
        .tempdir_in(dir)
        .map_err(|e| fail(&e))?;
    let mut names = Vec::new();
    for (name, bytes) in files.chain([("manifest.json", manifest), ("SHA256SUMS", sums)]) {
        if cancel.load(Ordering::Relaxed) {
            return Err(Error::new(ErrorCode::Cancelled, ""));
        }
        let mut f = std::fs::File::create(tmp.path().join(name)).map_err(|e| fail(&e))?;
        f.write_all(bytes).map_err(|e| fail(&e))?;
        f.sync_all().map_err(|e| fail(&e))?;
        names.push(name.to_owned());
    }
    for name in &names {
        crate::output::check_output(&dir.join(name))?;
    }
    for name in &names {
        std::fs::rename(tmp.path().join(name), dir.join(name)).map_err(|e| fail(&e))?;
    }
    Ok(())
}

/// Refuses an output folder that already holds another edition (its `manifest.json` names
/// another edition id): publishing there would replace that edition's manifest and checksums.
/// The same edition may be written again (reprints, more formats).
fn check_folder_edition(dir: &Path, edition: &Edition) -> Result<(), Error> {
    if dir.exists() && !dir.is_dir() {
        return Err(bad(
            format!(
                "“{}” không phải là thư mục: cần một thư mục (mới hoặc rỗng) để phát hành.",
                dir.display()
            ),
            format!(
                "“{}” is not a folder: publishing needs a folder (new or empty).",
                dir.display()
            ),
        ));
    }
    let Ok(text) = std::fs::read(dir.join("manifest.json")) else {
        return Ok(());
    };
    let other = serde_json::from_slice::<Value>(&text).ok().and_then(|m| {
        let e = m.get("edition")?;
        Some((
            e.get("id")?.as_str()?.to_owned(),
            e.get("label")
                .and_then(Value::as_str)
                .unwrap_or("?")
                .to_owned(),
        ))
    });
    match other {
        Some((id, _)) if id == edition.id => Ok(()),
        Some((_, label)) => Err(bad(
            format!("Thư mục “{}” đã chứa ấn bản “{label}”; phát hành ấn bản “{}” vào đây sẽ ghi đè manifest.json và SHA256SUMS của nó. Hãy chọn thư mục khác.", dir.display(), edition.label),
            format!("The folder “{}” already holds edition “{label}”; publishing edition “{}” there would replace its manifest.json and SHA256SUMS. Choose another folder.", dir.display(), edition.label),
        )),
        None => Err(bad(
            format!("Thư mục “{}” có tệp manifest.json không phải của Sotay; hãy chọn thư mục khác.", dir.display()),
            format!("The folder “{}” has a manifest.json that is not Sotay's; choose another folder.", dir.display()),
        )),
    }
}

/// The temporary folder of a run being written: `.sotay-publish-<pid>-<random>`.
const TEMP_PREFIX: &str = ".sotay-publish-";

/// Removes what a run that was killed (power cut, SIGKILL) left in `dir`: its temporary folder,
/// whose process is gone (on Linux, no /proc/<pid>), or older than a day elsewhere. Its files
/// were never renamed into place, so nothing the user sees is removed.
fn remove_stale_temp_folders(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = name.strip_prefix(TEMP_PREFIX) else {
            continue;
        };
        let pid = rest.split('-').next().and_then(|p| p.parse::<u32>().ok());
        let gone = match pid {
            Some(pid) if Path::new("/proc/self").exists() => {
                pid != std::process::id() && !Path::new("/proc").join(pid.to_string()).exists()
            }
            _ => entry
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age > std::time::Duration::from_secs(24 * 3600)),
        };
        if gone && entry.file_type().is_ok_and(|t| t.is_dir()) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_killed_runs_temporary_folder_is_removed_and_a_live_ones_kept() {
        let dir = tempfile::TempDir::new().unwrap();
        // No process has pid 4294967: its run was killed.
        let dead = dir.path().join(format!("{TEMP_PREFIX}4294967-abc"));
        let live = dir
            .path()
            .join(format!("{TEMP_PREFIX}{}-abc", std::process::id()));
        let mine = dir.path().join("so-tay.epub");
        for d in [&dead, &live] {
            std::fs::create_dir_all(d).unwrap();
            std::fs::write(d.join("x"), b"x").unwrap();
        }
        std::fs::write(&mine, b"epub").unwrap();
        remove_stale_temp_folders(dir.path());
        assert!(!dead.exists());
        assert!(live.exists());
        assert!(mine.exists());
    }

    #[test]
    fn recipients_are_checked_row_by_row() {
        let ok = parse_recipients("name,unit,copies\nHTX Thuận Hòa,Ban quản trị,2\n\"Công ty TNHH Thủy sản Rạch Giá\",,1\n").unwrap();
        assert_eq!(ok.len(), 2);
        assert_eq!(ok[0].copies, 2);
        let e = |t: &str| {
            parse_recipients(t)
                .unwrap_err()
                .message(sotay_model::Lang::En)
        };
        assert!(
            e("name,unit,copies\nA,,1\n,,1\n").contains("Row 3"),
            "empty name"
        );
        assert!(
            e("name,unit,copies\nA,,0\n").contains("Row 2"),
            "copies below 1"
        );
        assert!(
            e("name,unit,copies,email\nA,,1,a@b\n").contains("email"),
            "unknown column"
        );
        assert!(e("name,copies\nA,1\n").contains("Row 1"));
        assert!(e("name,unit,copies\nA,,x\n").contains("Row 2"));
    }
}

#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn recipients_parsing_never_panics(s in "(name,unit,copies\n)?([^\n]{0,30}\n){0,6}") {
            let _ = super::parse_recipients(&s);
        }
    }
}
