//! `sotay export INPUT --format html|epub -o OUT`.

use std::path::Path;
use std::process::ExitCode;

use sotay::{Error, FileExportOptions, Format, Workspace};
use sotay_model::Lang;

use crate::args::ExportFormat;
use crate::tr;

pub fn run(
    lang: Lang,
    ws: Option<&Workspace>,
    input: &str,
    format: ExportFormat,
    out: &Path,
    title: Option<&str>,
    date: Option<&str>,
) -> Result<ExitCode, Error> {
    let format = match format {
        ExportFormat::Html => Format::Html,
        ExportFormat::Epub => Format::Epub,
    };
    let report = match ws {
        Some(ws) => ws.export_handbook(input, format, out)?,
        None => sotay::export_path(
            Path::new(input),
            format,
            out,
            &FileExportOptions {
                title: title.map(str::to_owned),
                date: date.map(str::to_owned),
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
