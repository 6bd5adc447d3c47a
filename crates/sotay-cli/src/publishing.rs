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
    pub paper: crate::args::PaperArg,
    pub out: &'a Path,
    pub qr_base: &'a str,
    pub reprint: Option<u32>,
    pub note: Option<&'a str>,
    /// Issue the edition despite accessibility problems (`--allow-inaccessible`).
    pub allow_inaccessible: bool,
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
            paper: paper.into(),
            out_dir: out.to_owned(),
            qr_base: qr_base.to_owned(),
            replaces: a.reprint,
            note: a.note.map(str::to_owned),
            allow_inaccessible: a.allow_inaccessible,
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
                tr(lang, "PHIÊN BẢN", "VERSION"),
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
