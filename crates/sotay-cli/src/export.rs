//! `sotay export INPUT --format html|epub -o OUT`.

use std::path::Path;
use std::process::ExitCode;

use sotay::{Error, FileExportOptions, Format, Paper, Workspace};
use sotay_model::Lang;

use crate::args::ExportFormat;
use crate::tr;

/// The use-case format of a CLI format.
pub fn format_of(f: ExportFormat, pdf: &crate::args::PdfArgs) -> Format {
    match f {
        ExportFormat::Html => Format::Html,
        ExportFormat::Epub => Format::Epub,
        ExportFormat::Pdf if pdf.edition == crate::args::EditionArg::Print => Format::PdfPrint,
        ExportFormat::Pdf => Format::PdfScreen,
    }
}

/// The paper of a PDF asked for on the command line.
pub fn paper_of(pdf: &crate::args::PdfArgs) -> Paper {
    pdf.paper.into()
}

/// Prints an export's warnings (stderr) and what was written.
pub fn print_report(lang: Lang, report: &sotay::ExportReport) {
    for d in &report.diagnostics {
        let loc = d.location();
        let prefix = if loc.is_empty() {
            String::new()
        } else {
            format!("{loc}: ")
        };
        eprintln!(
            "{prefix}{}: {}",
            d.severity.label().get(lang),
            d.message.get(lang)
        );
    }
    println!(
        "{} {} ({} bytes)",
        tr(lang, "Đã ghi", "Wrote"),
        report.path.display(),
        report.bytes
    );
}

/// The options of an administrative document from the command line.
fn admin_options(a: &crate::args::AdminDocArgs, format: sotay::AdminFormat) -> sotay::AdminOptions {
    sotay::AdminOptions {
        number: a.number,
        date: a.date.clone(),
        signer: a.signer,
        format,
    }
}

/// `sotay settings admin show|set`.
pub fn settings(
    ws: &mut Workspace,
    lang: Lang,
    cmd: &crate::args::SettingsCommand,
) -> Result<ExitCode, Error> {
    use crate::args::{AdminSettingsCommand, SettingsCommand};
    let cmd = match cmd {
        SettingsCommand::Admin(cmd) => cmd,
        SettingsCommand::VerifyAddress(cmd) => {
            return crate::publishing::verify_address(ws, lang, cmd)
        }
        SettingsCommand::Paper(cmd) => return crate::publishing::edition_paper(ws, lang, cmd),
    };
    match cmd {
        AdminSettingsCommand::Show { json } => {
            let s = ws.admin_settings()?;
            if *json {
                let text = serde_json::to_string_pretty(&s)
                    .map_err(|e| Error::new(sotay::ErrorCode::Internal, e.to_string()))?;
                println!("{text}");
            } else {
                print_admin_settings(&s);
            }
        }
        AdminSettingsCommand::Set(set) => {
            let crate::args::AdminSettingsSet {
                parent_body,
                issuing_body,
                code,
                place,
                head,
                addressee,
                recipients,
                archive,
                signers,
                legal_bases,
                proposer,
            } = set.as_ref();
            let mut s = ws.admin_settings()?;
            for (slot, v) in [
                (&mut s.parent_body, parent_body),
                (&mut s.issuing_body, issuing_body),
                (&mut s.code, code),
                (&mut s.place, place),
                (&mut s.head, head),
                (&mut s.addressee, addressee),
                (&mut s.archive, archive),
                (&mut s.proposer, proposer),
            ] {
                if let Some(v) = v {
                    slot.clone_from(v);
                }
            }
            if !recipients.is_empty() {
                s.recipients.clone_from(recipients);
            }
            if !legal_bases.is_empty() {
                s.legal_bases.clone_from(legal_bases);
            }
            if !signers.is_empty() {
                s.signers = signers
                    .iter()
                    .filter(|g| !g.trim().is_empty())
                    .map(|g| {
                        let mut parts = g.split(';').map(str::trim);
                        sotay_model::admin::Signer {
                            name: parts.next().unwrap_or_default().to_owned(),
                            position: parts.next().unwrap_or_default().to_owned(),
                            authority: parts.next().unwrap_or_default().to_owned(),
                        }
                    })
                    .collect();
            }
            let saved = ws.set_admin_settings(&s)?;
            println!(
                "{}",
                tr(
                    lang,
                    "Đã lưu cài đặt văn bản hành chính.",
                    "Saved the settings for administrative documents."
                )
            );
            print_admin_settings(&saved);
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn print_admin_settings(s: &sotay_model::admin::AdminSettings) {
    let one = |k: &str, v: &str| println!("{k} = {v}");
    one("parent_body", &s.parent_body);
    one("issuing_body", &s.issuing_body);
    one("code", &s.code);
    one("place", &s.place);
    one("head", &s.head);
    one("addressee", &s.addressee);
    for r in &s.recipients {
        one("recipient", r);
    }
    one("archive", &s.archive);
    for (i, g) in s.signers.iter().enumerate() {
        println!(
            "signer {} = {}; {}; {}",
            i + 1,
            g.name,
            g.position,
            g.authority
        );
    }
    for b in &s.legal_bases {
        one("legal_basis", b);
    }
    one("proposer", &s.proposer);
}

/// `sotay report …`.
pub fn report(
    ws: &mut Workspace,
    lang: Lang,
    cmd: &crate::args::ReportCommand,
) -> Result<ExitCode, Error> {
    use crate::args::ReportCommand;
    let report = match cmd {
        ReportCommand::Assessment {
            assessment,
            format,
            out,
            pdf,
        } => ws.assessment_report(assessment, format_of(*format, pdf), paper_of(pdf), out)?,
        ReportCommand::Compare {
            pilots,
            format,
            out,
            pdf,
        } => ws.comparison_report(pilots, format_of(*format, pdf), paper_of(pdf), out)?,
        ReportCommand::Annual {
            year,
            format,
            out,
            style,
            doc,
            pdf,
        } => {
            use crate::args::{AnnualFormat, ReportStyle};
            let admin = match (format, style) {
                (AnnualFormat::Pdf | AnnualFormat::Docx, None | Some(ReportStyle::Admin)) => true,
                (AnnualFormat::Html | AnnualFormat::Epub, Some(ReportStyle::Admin)) => {
                    return Err(Error::localized(
                        sotay::ErrorCode::InvalidInput,
                        "Báo cáo theo thể thức văn bản hành chính chỉ xuất ra PDF hoặc Word (--format pdf|docx).",
                        "The administrative form of the report is PDF or Word only (--format pdf|docx).",
                    ))
                }
                (AnnualFormat::Docx, Some(ReportStyle::Book)) => {
                    return Err(Error::localized(
                        sotay::ErrorCode::InvalidInput,
                        "Báo cáo dạng sách xuất ra PDF, HTML hoặc EPUB; bản Word là văn bản hành chính.",
                        "The book form of the report is PDF, HTML or EPUB; the Word file is the administrative form.",
                    ))
                }
                _ => false,
            };
            if admin {
                let f = if *format == AnnualFormat::Docx {
                    sotay::AdminFormat::Docx
                } else {
                    sotay::AdminFormat::Pdf
                };
                ws.annual_admin_report(*year, &admin_options(doc, f), out)?
            } else {
                let f = match format {
                    AnnualFormat::Html => ExportFormat::Html,
                    AnnualFormat::Epub => ExportFormat::Epub,
                    _ => ExportFormat::Pdf,
                };
                ws.annual_report(*year, format_of(f, pdf), paper_of(pdf), out)?
            }
        }
        ReportCommand::Minutes {
            assessment,
            format,
            out,
            doc,
            team_decision,
            team_decision_date,
            start,
            end,
            place,
            copies,
        } => ws.minutes_report(
            assessment,
            &admin_options(doc, (*format).into()),
            &sotay::MinutesOptions {
                team_decision: team_decision.clone(),
                team_decision_date: team_decision_date.clone(),
                start: start.clone(),
                end: end.clone(),
                place: place.clone(),
                copies: *copies,
            },
            out,
        )?,
        ReportCommand::Decision {
            handbook,
            format,
            out,
            doc,
        } => {
            let report =
                ws.decision_report(handbook, &admin_options(doc, (*format).into()), out)?;
            if doc.number.is_some() && doc.date.is_some() {
                print_report(lang, &report);
                println!(
                    "{}",
                    tr(
                        lang,
                        "Đã ghi quyết định vào sổ tay: các ấn bản phát hành sau ghi “Ban hành kèm theo Quyết định số …” trên bìa.",
                        "The decision is recorded on the handbook: editions published afterwards name it on their cover."
                    )
                );
                return Ok(ExitCode::SUCCESS);
            }
            report
        }
        ReportCommand::CatalogueDecision { format, out, doc } => {
            ws.catalogue_decision_report(&admin_options(doc, (*format).into()), out)?
        }
        ReportCommand::Changes {
            handbook,
            from,
            to,
            format,
            out,
        } => {
            let format: sotay::ChangesFormat = (*format).into();
            let out = out.clone().unwrap_or_else(|| {
                let slug = sotay_model::text::slug;
                format!("so-sanh-{}-{}.{}", slug(from), slug(to), format.extension()).into()
            });
            ws.changes_report(handbook, from, to, format, &out)?
        }
        ReportCommand::Findings { assessment, out } => {
            let csv = ws.findings_csv(assessment)?;
            sotay::write_output(out, csv.as_bytes())?;
            println!("{} {}", tr(lang, "Đã ghi", "Wrote"), out.display());
            return Ok(ExitCode::SUCCESS);
        }
    };
    print_report(lang, &report);
    Ok(ExitCode::SUCCESS)
}

#[allow(clippy::too_many_arguments)]
pub fn run(
    lang: Lang,
    ws: Option<&Workspace>,
    input: &str,
    format: ExportFormat,
    out: &Path,
    title: Option<&str>,
    date: Option<&str>,
    pdf: &crate::args::PdfArgs,
) -> Result<ExitCode, Error> {
    let format = format_of(format, pdf);
    let report = match ws {
        Some(ws) => ws.export_handbook(input, format, paper_of(pdf), out)?,
        None => sotay::export_path(
            Path::new(input),
            format,
            out,
            &FileExportOptions {
                title: title.map(str::to_owned),
                date: date.map(str::to_owned),
                paper: paper_of(pdf),
                ..FileExportOptions::default()
            },
        )?,
    };
    for d in &report.diagnostics {
        let loc = d.location();
        let prefix = if loc.is_empty() {
            String::new()
        } else {
            format!("{loc}: ")
        };
        eprintln!(
            "{prefix}{}: {}",
            d.severity.label().get(lang),
            d.message.get(lang)
        );
    }
    println!(
        "{} {} ({} bytes)",
        tr(lang, "Đã ghi", "Wrote"),
        report.path.display(),
        report.bytes
    );
    Ok(ExitCode::SUCCESS)
}
