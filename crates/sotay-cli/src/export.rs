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

/// `sotay report …`.
pub fn report(
    ws: &Workspace,
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
            pdf,
        } => ws.annual_report(*year, format_of(*format, pdf), paper_of(pdf), out)?,
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
