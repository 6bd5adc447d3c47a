//! `sotay search QUERY [--json] [--limit N]`, and `sotay recover backups|restore` (finding
//! a way back into a workspace: the window's recovery screen asks the same functions).

use std::process::ExitCode;

use sotay::{Error, ErrorCode, Workspace};
use sotay_model::Lang;

use crate::{json, tr};

/// Prints the hits grouped by kind, the match in «guillemets»; JSON with `--json`. An empty
/// query is bad input (exit 2); no hit is not an error (exit 0).
pub fn run(
    ws: &Workspace,
    lang: Lang,
    query: &str,
    as_json: bool,
    limit: Option<usize>,
) -> Result<ExitCode, Error> {
    if query.trim().is_empty() {
        return Err(Error::localized(
            ErrorCode::InvalidInput,
            "Hãy nhập từ cần tìm, ví dụ: sotay search \"hồ tiêu\".",
            "Give the words to search for, e.g. sotay search \"pepper\".",
        ));
    }
    if let Some(n) = limit.filter(|n| !(1..=sotay::MAX_HITS).contains(n)) {
        return Err(Error::localized(
            ErrorCode::InvalidInput,
            format!("--limit {n}: hãy chọn từ 1 đến {}.", sotay::MAX_HITS),
            format!("--limit {n}: choose 1 to {}.", sotay::MAX_HITS),
        ));
    }
    let results = ws.search(query, limit.unwrap_or(sotay::MAX_HITS))?;
    if as_json {
        json(&results)?;
        return Ok(ExitCode::SUCCESS);
    }
    if results.hits.is_empty() {
        println!(
            "{} “{}”.",
            tr(lang, "Không tìm thấy", "Nothing found for"),
            results.query
        );
        return Ok(ExitCode::SUCCESS);
    }
    let mut kind = "";
    for hit in &results.hits {
        let k = hit.place.kind_label(lang);
        if k != kind {
            if !kind.is_empty() {
                println!();
            }
            println!("{k}");
            kind = k;
        }
        println!("  {}", hit.heading(lang));
        let snippet: String = hit
            .snippet
            .iter()
            .map(|p| {
                if p.mark {
                    format!("«{}»", p.text)
                } else {
                    p.text.clone()
                }
            })
            .collect();
        println!("    {snippet}");
    }
    if results.more > 0 {
        println!(
            "\n{} {}",
            results.more,
            tr(
                lang,
                "kết quả khác không hiện; hãy tìm cụ thể hơn.",
                "more results not shown; search more precisely."
            )
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// `sotay recover backups [--json]` and `sotay recover restore FILE [--json]`.
pub fn recover(
    lang: Lang,
    db: &std::path::Path,
    cmd: &crate::args::RecoverCommand,
    clock: std::sync::Arc<dyn sotay::Clock>,
) -> Result<ExitCode, Error> {
    use crate::args::RecoverCommand;
    match cmd {
        RecoverCommand::Backups { json: as_json } => {
            let found = sotay::find_backups(db);
            if *as_json {
                json(&found)?;
            } else if found.is_empty() {
                println!(
                    "{}",
                    tr(
                        lang,
                        "Không thấy bản sao lưu nào bên cạnh tệp này.",
                        "No backup found beside this file."
                    )
                );
            } else {
                for b in &found {
                    println!("{}  {}  {} B", b.modified, b.path, b.bytes);
                }
            }
        }
        RecoverCommand::Restore {
            backup,
            json: as_json,
        } => {
            let (_, done) = sotay::restore_in_place(db, backup, clock)?;
            if *as_json {
                json(&done)?;
            } else {
                println!(
                    "{} {}",
                    tr(lang, "Đã khôi phục vào", "Restored into"),
                    done.path
                );
                if let Some(kept) = &done.kept {
                    println!(
                        "{} {kept}",
                        tr(
                            lang,
                            "Tệp không mở được được giữ lại tại",
                            "The file that could not be opened is kept at"
                        )
                    );
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
