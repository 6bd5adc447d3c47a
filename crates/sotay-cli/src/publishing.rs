//! `sotay publish`, `editions`, `distribution`, `verify`.

use std::path::Path;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use sotay::{Error, ErrorCode, Format, PublishRequest, Workspace};
use sotay_model::Lang;

use crate::{json, table, tr};

/// The arguments of `sotay publish`.
#[derive(Debug)]
pub struct PublishArgs<'a> {
    pub handbook: &'a str,
    pub label: &'a str,
    pub date: Option<&'a str>,
    pub recipients: Option<&'a Path>,
    pub formats: &'a [String],
    /// `--paper`: none for the workspace's (a new edition) or the edition's own (again).
    pub paper: Option<sotay::Paper>,
    pub out: &'a Path,
    pub qr_base: Option<&'a str>,
    pub reprint: Option<u32>,
    pub note: Option<&'a str>,
    /// Issue the edition despite accessibility problems (`--allow-inaccessible`).
    pub allow_inaccessible: bool,
    /// Compare with this earlier edition (`--compare-with`).
    pub compare_with: Option<&'a str>,
    /// No change bars (`--no-change-bars`).
    pub no_change_bars: bool,
    /// The colophon's publication details (`--licence-number`, `--printer`…).
    pub publication: Option<sotay_model::edition::PublicationInfo>,
}

pub fn publish(
    ws: &mut Workspace,
    lang: Lang,
    a: &PublishArgs<'_>,
    as_json: bool,
) -> Result<ExitCode, Error> {
    let PublishArgs {
        handbook,
        label,
        date,
        recipients,
        formats,
        paper,
        out,
        qr_base,
        ..
    } = *a;
    let formats = formats
        .iter()
        .map(|f| {
            Format::parse(f).ok_or_else(|| {
                Error::localized(
                    ErrorCode::InvalidInput,
                    format!("Định dạng “{f}” không hợp lệ (pdf-print, pdf-screen, html, epub)."),
                    format!("Unknown format “{f}” (pdf-print, pdf-screen, html, epub)."),
                )
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let recipients = match recipients {
        None => None,
        Some(p) => {
            let text = sotay::read_text(p)?;
            Some(sotay::parse_recipients(&text)?)
        }
    };
    let cancel = Arc::new(AtomicBool::new(false));
    {
        let cancel = cancel.clone();
        // Ctrl-C asks the run to stop; it then removes what it had made.
        let _ = ctrlc::set_handler(move || cancel.store(true, Ordering::Relaxed));
    }
    let bar = indicatif::ProgressBar::new(0);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    bar.set_message(tr(lang, "Đang phát hành", "Publishing"));
    let progress = |done: usize, total: usize| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
    };
    let report = ws.publish(
        &PublishRequest {
            handbook: handbook.to_owned(),
            label: label.to_owned(),
            date: date.map(str::to_owned),
            recipients,
            formats,
            paper,
            out_dir: out.to_owned(),
            qr_base: qr_base.map(str::to_owned),
            replaces: a.reprint,
            note: a.note.map(str::to_owned),
            allow_inaccessible: a.allow_inaccessible,
            compare_with: a.compare_with.map(str::to_owned),
            no_change_bars: a.no_change_bars,
            publication: a.publication.clone(),
        },
        &progress,
        &cancel,
    );
    bar.finish_and_clear();
    let report = report?;
    if !report.accessibility.is_empty() {
        let n = report.accessibility.len();
        eprintln!(
            "{}",
            match lang {
                Lang::Vi => format!("cảnh báo: ấn bản được phát hành dù còn {n} vấn đề trợ năng (--allow-inaccessible); manifest.json ghi \"accessible\": false."),
                Lang::En => format!("warning: the edition was issued with {n} accessibility problems (--allow-inaccessible); manifest.json says \"accessible\": false."),
            }
        );
    }
    if let Some(note) = paper_note(lang, &report) {
        eprintln!("{note}");
    }
    if as_json {
        json(&report)?;
    } else {
        let what = if report.reproduced {
            tr(lang, "Đã tái tạo ấn bản", "Reproduced edition")
        } else {
            tr(lang, "Đã phát hành ấn bản", "Published edition")
        };
        println!(
            "{what} {} ({}) — {} {}",
            report.edition.label,
            report.edition.date,
            report.files.len(),
            tr(lang, "tệp", "files")
        );
        println!(
            "{}: {}",
            tr(lang, "Thư mục", "Folder"),
            report.out_dir.display()
        );
        println!("{}", report.edition.id);
    }
    Ok(ExitCode::SUCCESS)
}

/// What a run says about the paper of an edition published before Sotay recorded it: which
/// paper it now records, and from where.
fn paper_note(lang: Lang, report: &sotay::PublishReport) -> Option<String> {
    use sotay::PaperSource;
    let label = &report.edition.label;
    let p = report.paper.label();
    let file = report.paper_file.as_deref().unwrap_or("?");
    Some(match (report.paper_from, lang) {
        (PaperSource::Files, Lang::Vi) => format!("Ấn bản “{label}” phát hành trước khi Sotay ghi khổ giấy: khổ {p} đọc từ tệp “{file}” của nó; đã ghi nhận khổ {p} cho ấn bản."),
        (PaperSource::Files, Lang::En) => format!("Edition “{label}” was published before Sotay recorded papers: {p}, read from its file “{file}”, is now recorded for it."),
        (PaperSource::AskedForOld, Lang::Vi) => format!("Ấn bản “{label}” phát hành trước khi Sotay ghi khổ giấy và thư mục không có tệp của nó để đọc khổ: dùng khổ {p} theo --paper; đã ghi nhận khổ {p} cho ấn bản."),
        (PaperSource::AskedForOld, Lang::En) => format!("Edition “{label}” was published before Sotay recorded papers and the folder holds none of its files to read it from: {p} as --paper says, now recorded for it."),
        (PaperSource::DefaultA4, Lang::Vi) => format!("Ấn bản “{label}” phát hành trước khi Sotay ghi khổ giấy và thư mục không có tệp của nó để đọc khổ: dùng khổ A4 (mặc định); đã ghi nhận khổ A4 cho ấn bản."),
        (PaperSource::DefaultA4, Lang::En) => format!("Edition “{label}” was published before Sotay recorded papers and the folder holds none of its files to read it from: A4 (the default), now recorded for it."),
        _ => return None,
    })
}

pub fn editions(
    ws: &Workspace,
    lang: Lang,
    handbook: &str,
    as_json: bool,
) -> Result<ExitCode, Error> {
    let list = ws.editions(handbook)?;
    if as_json {
        json(&list)?;
    } else {
        table::print(
            &[
                "ID",
                tr(lang, "NHÃN", "LABEL"),
                tr(lang, "NGÀY", "DATE"),
                tr(lang, "SOẠN TỪ PHIÊN BẢN", "FROM REVISION"),
                tr(lang, "NGƯỜI PHÁT HÀNH", "BY"),
            ],
            list.iter().map(|e| {
                vec![
                    e.id.clone(),
                    e.label.clone(),
                    e.date.clone(),
                    e.version.to_string(),
                    e.created_by.clone(),
                ]
            }),
        );
    }
    Ok(ExitCode::SUCCESS)
}

pub fn distribution(
    ws: &Workspace,
    lang: Lang,
    handbook: &str,
    label: &str,
    as_json: bool,
) -> Result<ExitCode, Error> {
    let (edition, copies) = ws.distribution(handbook, label)?;
    if as_json {
        json(&serde_json::json!({ "edition": edition, "copies": copies }))?;
    } else {
        println!(
            "{} {} ({})",
            tr(lang, "Ấn bản", "Edition"),
            edition.label,
            edition.date
        );
        table::print(
            &[
                tr(lang, "BẢN SỐ", "SERIAL"),
                tr(lang, "NGƯỜI NHẬN", "RECIPIENT"),
                tr(lang, "ĐƠN VỊ", "UNIT"),
                tr(lang, "ĐỊNH DẠNG", "FORMAT"),
                tr(lang, "NGÀY CẤP", "ISSUED"),
            ],
            copies.iter().map(|c| {
                vec![
                    format!("{:03}", c.serial),
                    c.recipient.clone(),
                    c.unit.clone(),
                    c.format.clone(),
                    c.issued_at.clone(),
                ]
            }),
        );
    }
    Ok(ExitCode::SUCCESS)
}

pub fn verify(ws: &Workspace, lang: Lang, file: &Path, as_json: bool) -> Result<ExitCode, Error> {
    let r = ws.verify_file(file)?;
    if as_json {
        json(&r)?;
    } else if let (true, Some(e)) = (r.genuine, &r.edition) {
        println!(
            "{} — {} {} ({})",
            tr(lang, "Bản chính thức", "Genuine copy"),
            tr(lang, "ấn bản", "edition"),
            e.label,
            e.title
        );
        for c in &r.copies {
            if c.serial == 0 {
                println!(
                    "  {} ({})",
                    tr(lang, "Bản gốc của ấn bản", "The edition's master file"),
                    c.format
                );
            } else {
                println!(
                    "  {} {:03} — {}: {} {} ({}, {})",
                    tr(lang, "Bản số", "Copy no."),
                    c.serial,
                    tr(lang, "cấp cho", "issued to"),
                    c.recipient,
                    c.unit,
                    c.format,
                    c.issued_at
                );
            }
        }
    } else {
        println!(
            "{} (sha256 {})",
            tr(
                lang,
                "Không phải bản chính thức của ấn bản nào trong cơ sở dữ liệu này",
                "Not a genuine copy of any edition in this database"
            ),
            r.sha256
        );
    }
    Ok(if r.genuine {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// `sotay verify --qr TEXT`: a copy's QR code checked offline against this database.
pub fn verify_qr(ws: &Workspace, lang: Lang, text: &str, as_json: bool) -> Result<ExitCode, Error> {
    use sotay::QrStatus;
    let r = ws.verify_qr(text)?;
    if as_json {
        json(&r)?;
    } else {
        let serial = r.code.serial;
        match (r.status, &r.edition) {
            (QrStatus::Genuine, Some(e)) => {
                println!(
                    "{} — {} {} ({}), {} {serial:03}",
                    tr(lang, "Mã QR hợp lệ", "Valid QR code"),
                    tr(lang, "ấn bản", "edition"),
                    e.label,
                    e.title,
                    tr(lang, "bản số", "copy no."),
                );
                if let Some(c) = r.copies.first() {
                    let unit = if c.unit.is_empty() {
                        String::new()
                    } else {
                        format!(" ({})", c.unit)
                    };
                    println!(
                        "  {}: {}{unit}, {} {}",
                        tr(lang, "Cấp cho", "Issued to"),
                        c.recipient,
                        tr(lang, "ngày", "on"),
                        c.issued_at.get(..10).unwrap_or(&c.issued_at)
                    );
                }
            }
            (QrStatus::Altered | QrStatus::NotIssued, Some(e)) => {
                let (what, why) = if r.status == QrStatus::Altered {
                    (
                        tr(lang, "Không hợp lệ: mã xác thực không khớp với bản số", "Not valid: the authenticity code does not match copy no."),
                        tr(lang, " — bản số, ấn bản hoặc mã xác thực đã bị sửa", " — the serial, the edition or the authenticity code was changed"),
                    )
                } else {
                    (
                        tr(lang, "Không hợp lệ: nhật ký phát hành không có bản số", "Not valid: the distribution log has no copy no."),
                        "",
                    )
                };
                println!(
                    "{what} {serial:03} {} {} ({}){why}",
                    tr(lang, "của ấn bản", "of edition"),
                    e.label,
                    e.title,
                );
            }
            _ => println!(
                "{}",
                tr(
                    lang,
                    "Không hợp lệ: không có ấn bản nào như vậy trong cơ sở dữ liệu này (có thể là bản của đơn vị khác, hoặc mã bị làm giả)",
                    "Not valid: no such edition in this database (a copy of another office's, or a forged code)"
                )
            ),
        }
    }
    Ok(if r.genuine {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// `sotay settings verify-address show|set|clear`.
pub fn verify_address(
    ws: &mut Workspace,
    lang: Lang,
    cmd: &crate::args::VerifyAddressCommand,
) -> Result<ExitCode, Error> {
    use crate::args::VerifyAddressCommand;
    let address = match cmd {
        VerifyAddressCommand::Show { json: true } => {
            json(&serde_json::json!({ "verify_address": ws.verification_address()? }))?;
            return Ok(ExitCode::SUCCESS);
        }
        VerifyAddressCommand::Show { json: false } => ws.verification_address()?,
        VerifyAddressCommand::Set { url } => ws.set_verification_address(Some(url))?,
        VerifyAddressCommand::Clear => ws.set_verification_address(None)?,
    };
    match address {
        Some(a) => println!("{a}"),
        None => println!(
            "{}",
            tr(
                lang,
                "Chưa đặt địa chỉ kiểm tra: mã QR trên các bản là mã kiểm tra ngoại tuyến SOTAY1:… (kiểm bằng “sotay verify --qr”).",
                "No verification address: copies' QR codes hold the offline code SOTAY1:… (checked with “sotay verify --qr”)."
            )
        ),
    }
    Ok(ExitCode::SUCCESS)
}

/// `sotay settings paper show|set`.
pub fn edition_paper(
    ws: &mut Workspace,
    lang: Lang,
    cmd: &crate::args::PaperSettingCommand,
) -> Result<ExitCode, Error> {
    use crate::args::PaperSettingCommand;
    let d = match cmd {
        PaperSettingCommand::Show { json: true } => {
            json(&ws.edition_defaults()?)?;
            return Ok(ExitCode::SUCCESS);
        }
        PaperSettingCommand::Show { json: false } => ws.edition_defaults()?,
        PaperSettingCommand::Set { paper } => ws.set_edition_paper((*paper).into())?,
    };
    let paper = match d.paper {
        sotay::Paper::A4 => "A4",
        sotay::Paper::A5 => "A5",
    };
    println!(
        "{}: {paper}",
        tr(lang, "Khổ giấy ấn bản PDF", "Paper of PDF editions")
    );
    println!(
        "{}: {} ({}: {})",
        tr(lang, "Phông chữ thân bài", "Body font"),
        d.body_font,
        tr(lang, "tiêu đề", "headings"),
        d.heading_font
    );
    Ok(ExitCode::SUCCESS)
}
