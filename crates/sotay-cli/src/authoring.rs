//! The authoring commands: new, check, template check, chapter, vars, history, diff, restore,
//! status, comment, attach. Each parses its input, calls one use case, prints the result.

use std::path::Path;
use std::process::ExitCode;

use sotay::{Error, ErrorCode, NewHandbookRequest, Workspace};
use sotay_model::{Diagnostic, DiffOp, Lang, Severity};

use crate::args::{ChapterCommand, CommentCommand};
use crate::{json, table, tr};

/// A bad file or argument: exit 2 with the message in the user's language.
fn input_error(vi: String, en: String) -> Error {
    Error::localized(ErrorCode::InvalidInput, vi, en)
}

use sotay::read_text;

/// Prints diagnostics like a compiler: `file:line:col: lỗi [code]: message` and a hint line.
pub fn print_diagnostics(lang: Lang, diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        let loc = d.location();
        let sev = d.severity.label();
        let prefix = if loc.is_empty() {
            String::new()
        } else {
            format!("{loc}: ")
        };
        println!(
            "{prefix}{} [{}]: {}",
            sev.get(lang),
            d.code,
            d.message.get(lang)
        );
        if let Some(h) = &d.hint {
            println!("    {}: {}", tr(lang, "gợi ý", "hint"), h.get(lang));
        }
    }
    let count = |s| diagnostics.iter().filter(|d| d.severity == s).count();
    let (e, w) = (count(Severity::Error), count(Severity::Warning));
    match lang {
        Lang::Vi => println!("{e} lỗi, {w} cảnh báo."),
        Lang::En => println!("{e} errors, {w} warnings."),
    }
}

fn diagnostics_json(subject: &str, diagnostics: &[Diagnostic]) -> Result<(), Error> {
    let count = |s| diagnostics.iter().filter(|d| d.severity == s).count();
    json(&serde_json::json!({
        "subject": subject,
        "errors": count(Severity::Error),
        "warnings": count(Severity::Warning),
        "diagnostics": diagnostics,
    }))
}

fn exit_for(diagnostics: &[Diagnostic]) -> ExitCode {
    if sotay::has_errors(diagnostics) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// `sotay template check DIR` (needs no database).
pub fn template_check(lang: Lang, dir: &Path, as_json: bool) -> Result<ExitCode, Error> {
    let diagnostics = sotay::check_template_dir(dir)?;
    if as_json {
        diagnostics_json(&dir.display().to_string(), &diagnostics)?;
    } else {
        print_diagnostics(lang, &diagnostics);
    }
    Ok(exit_for(&diagnostics))
}

pub fn new(
    ws: &mut Workspace,
    template: &str,
    vars: Option<&Path>,
    sets: &[String],
    title: Option<&str>,
) -> Result<ExitCode, Error> {
    let variables = match vars {
        None => None,
        Some(path) => {
            let text = read_text(path)?;
            let value: toml::Value = toml::from_str(&text).map_err(|e| {
                let (l, c) = e
                    .span()
                    .map(|s| sotay_model::diagnostic::line_col(&text, s.start))
                    .unwrap_or((0, 0));
                input_error(
                    format!(
                        "{}:{l}:{c}: tệp biến không đọc được: {}",
                        path.display(),
                        e.message()
                    ),
                    format!(
                        "{}:{l}:{c}: cannot read the variables: {}",
                        path.display(),
                        e.message()
                    ),
                )
            })?;
            Some(sotay_templates::toml_to_json(&value))
        }
    };
    let summary = ws.create_handbook(&NewHandbookRequest {
        template_id: template.to_owned(),
        variables,
        sets: sets.to_vec(),
        title: title.map(str::to_owned),
    })?;
    println!("{}", summary.title);
    println!("{}", summary.id);
    Ok(ExitCode::SUCCESS)
}

pub fn check(ws: &Workspace, lang: Lang, handbook: &str, as_json: bool) -> Result<ExitCode, Error> {
    let diagnostics = ws.check(handbook)?;
    if as_json {
        diagnostics_json(&ws.resolve_handbook(handbook)?, &diagnostics)?;
    } else {
        print_diagnostics(lang, &diagnostics);
    }
    Ok(exit_for(&diagnostics))
}

pub fn chapter(ws: &mut Workspace, lang: Lang, cmd: &ChapterCommand) -> Result<ExitCode, Error> {
    match cmd {
        ChapterCommand::Set {
            handbook,
            chapter,
            from,
            message,
        } => {
            let source = read_text(from)?;
            match ws.save_chapter(handbook, chapter, &source, message)? {
                Some(rev) => println!(
                    "{} #{} ({})",
                    tr(lang, "Đã lưu lần sửa", "Saved edit"),
                    rev.number,
                    rev.chapter_title
                ),
                None => println!("{}", tr(lang, "Không có thay đổi.", "No change.")),
            }
        }
        ChapterCommand::Get { handbook, chapter } => {
            let c = ws.chapter(handbook, chapter)?;
            print!("{}", c.source);
        }
        ChapterCommand::Add {
            handbook,
            title,
            level,
            after,
        } => {
            let id = ws.resolve_handbook(handbook)?;
            let after = match after {
                Some(a) => Some(a.clone()),
                None => ws.open_handbook(&id)?.chapters.last().map(|c| c.id.clone()),
            };
            let (_, key) = ws.add_chapter_keyed(&id, title, *level, after.as_deref())?;
            println!("{}: {key}", tr(lang, "Đã thêm chương", "Chapter added"));
        }
        ChapterCommand::Remove { handbook, chapter } => {
            ws.remove_chapter(handbook, chapter)?;
            println!(
                "{}",
                tr(
                    lang,
                    "Đã xóa chương (nội dung vẫn còn trong lịch sử, có thể khôi phục).",
                    "Chapter removed (its text stays in the history and can be restored)."
                )
            );
        }
        ChapterCommand::Move {
            handbook,
            chapter,
            position,
        } => {
            ws.move_chapter(handbook, chapter, *position)?;
            println!("{}", tr(lang, "Đã chuyển chương.", "Chapter moved."));
        }
        ChapterCommand::Rename {
            handbook,
            chapter,
            title,
        } => {
            ws.rename_chapter(handbook, chapter, title)?;
            println!("{}", tr(lang, "Đã đổi tên chương.", "Chapter renamed."));
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn vars(
    ws: &mut Workspace,
    lang: Lang,
    handbook: &str,
    sets: &[String],
    undo: Option<u32>,
    as_json: bool,
) -> Result<ExitCode, Error> {
    if sets.is_empty() && undo.is_none() {
        let view = ws.open_handbook(handbook)?;
        if as_json {
            json(&view.variables)?;
        } else {
            // TOML has no null: leave out what has no value rather than fail.
            let mut shown = view.variables.clone();
            drop_nulls(&mut shown);
            let text = toml::to_string_pretty(&shown)
                .map_err(|e| Error::new(ErrorCode::Internal, e.to_string()))?;
            print!("{text}");
        }
        return Ok(ExitCode::SUCCESS);
    }
    let result = match undo {
        Some(n) => ws.undo_variable_change(handbook, n)?,
        None => ws.set_variables(handbook, sets)?,
    };
    if !result.saved {
        print_diagnostics(lang, &result.diagnostics);
        return Err(input_error(
            "Biến không hợp lệ; không lưu gì.".into(),
            "Invalid variables; nothing was saved.".into(),
        ));
    }
    println!("{}", tr(lang, "Đã lưu các biến.", "Variables saved."));
    Ok(ExitCode::SUCCESS)
}

fn drop_nulls(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Object(o) => {
            o.retain(|_, x| !x.is_null());
            o.values_mut().for_each(drop_nulls);
        }
        serde_json::Value::Array(a) => a.iter_mut().for_each(drop_nulls),
        _ => {}
    }
}

/// `sotay vars H --history [--key K]`: every change of the variables, oldest first.
pub fn vars_history(
    ws: &Workspace,
    lang: Lang,
    handbook: &str,
    key: Option<&str>,
    as_json: bool,
) -> Result<ExitCode, Error> {
    let changes = ws.variable_history(handbook, key)?;
    if as_json {
        json(&changes)?;
        return Ok(ExitCode::SUCCESS);
    }
    if changes.is_empty() {
        println!(
            "{}",
            tr(
                lang,
                "Chưa có thay đổi biến nào.",
                "No variable has changed yet."
            )
        );
        return Ok(ExitCode::SUCCESS);
    }
    let shown = |v: &Option<serde_json::Value>| match v {
        None => "—".to_owned(),
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    };
    table::print(
        &[
            "#",
            tr(lang, "THỜI ĐIỂM", "TIME"),
            tr(lang, "NGƯỜI SỬA", "AUTHOR"),
            tr(lang, "BIẾN", "VARIABLE"),
            tr(lang, "GIÁ TRỊ CŨ", "BEFORE"),
            tr(lang, "GIÁ TRỊ MỚI", "AFTER"),
        ],
        changes.iter().map(|c| {
            vec![
                c.number.to_string(),
                c.at.clone(),
                c.author.clone(),
                c.key.clone(),
                shown(&c.old_value),
                shown(&c.new_value),
            ]
        }),
    );
    Ok(ExitCode::SUCCESS)
}

pub fn history(
    ws: &Workspace,
    lang: Lang,
    handbook: &str,
    chapter: Option<&str>,
    as_json: bool,
) -> Result<ExitCode, Error> {
    let revisions = ws.history(handbook, chapter)?;
    if as_json {
        json(&revisions)?;
        return Ok(ExitCode::SUCCESS);
    }
    table::print(
        &[
            "#",
            tr(lang, "THỜI ĐIỂM", "TIME"),
            tr(lang, "NGƯỜI SỬA", "AUTHOR"),
            tr(lang, "LOẠI", "KIND"),
            tr(lang, "CHƯƠNG", "CHAPTER"),
            tr(lang, "GHI CHÚ", "MESSAGE"),
        ],
        revisions.iter().map(|r| {
            vec![
                r.number.to_string(),
                r.created_at.clone(),
                r.author.clone(),
                r.kind.as_str().to_owned(),
                r.chapter_key.clone(),
                r.message.clone(),
            ]
        }),
    );
    Ok(ExitCode::SUCCESS)
}

pub fn diff(
    ws: &Workspace,
    lang: Lang,
    handbook: &str,
    from: &str,
    to: &str,
    as_json: bool,
) -> Result<ExitCode, Error> {
    let d = ws.diff(handbook, from, to)?;
    if as_json {
        json(&d)?;
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "--- #{} {} ({}, {})",
        d.from.number, d.from.chapter_key, d.from.author, d.from.created_at
    );
    println!(
        "+++ #{} {} ({}, {})",
        d.to.number, d.to.chapter_key, d.to.author, d.to.created_at
    );
    let mut out = String::new();
    for s in &d.spans {
        match s.op {
            DiffOp::Equal => out.push_str(&s.text),
            DiffOp::Delete => out.push_str(&format!("[-{}-]", s.text)),
            DiffOp::Insert => out.push_str(&format!("{{+{}+}}", s.text)),
        }
    }
    println!("{out}");
    match lang {
        Lang::Vi => println!("+{} từ, -{} từ", d.inserted_words, d.deleted_words),
        Lang::En => println!("+{} words, -{} words", d.inserted_words, d.deleted_words),
    }
    Ok(ExitCode::SUCCESS)
}

pub fn restore(
    ws: &mut Workspace,
    lang: Lang,
    handbook: &str,
    revision: &str,
) -> Result<ExitCode, Error> {
    let rev = ws.restore(handbook, revision)?;
    println!(
        "{} {revision} → #{} ({})",
        tr(lang, "Đã khôi phục", "Restored"),
        rev.number,
        rev.chapter_title
    );
    Ok(ExitCode::SUCCESS)
}

pub fn status(
    ws: &mut Workspace,
    lang: Lang,
    handbook: &str,
    to: Option<sotay_model::HandbookStatus>,
    note: &str,
    reason: &str,
) -> Result<ExitCode, Error> {
    let summary = match to {
        Some(to) => ws.set_status_with_reason(handbook, to, note, reason)?,
        None => ws.open_handbook(handbook)?.summary,
    };
    println!(
        "{}: {} ({} {})",
        summary.title,
        summary.status.label().get(lang),
        tr(lang, "phiên bản", "revision"),
        summary.version
    );
    for c in ws.status_history(&summary.id)? {
        println!(
            "  {}  {} → {}  {}{}",
            c.at,
            c.from.label().get(lang),
            c.to.label().get(lang),
            c.by,
            if c.note.is_empty() {
                String::new()
            } else {
                format!(" — {}", c.note)
            }
        );
        if !c.reason.is_empty() {
            println!("      {}: {}", tr(lang, "Lý do", "Reason"), c.reason);
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn comment(ws: &mut Workspace, lang: Lang, cmd: &CommentCommand) -> Result<ExitCode, Error> {
    match cmd {
        CommentCommand::Add {
            handbook,
            chapter,
            body,
            quote: None,
        } => {
            let c = ws.add_comment(handbook, chapter, body)?;
            println!("{}", c.id);
        }
        CommentCommand::Add {
            handbook,
            chapter,
            body,
            quote: Some(quote),
        } => {
            let c = passage_comment(ws, handbook, chapter, body, quote)?;
            println!("{}", c.id);
        }
        CommentCommand::List {
            handbook,
            json: as_json,
        } => {
            if *as_json {
                json(&ws.comments(handbook)?)?;
            } else {
                for located in ws.located_comments(handbook)? {
                    let c = located.comment;
                    let status = match c.status {
                        sotay_model::CommentStatus::Open => tr(lang, "mở", "open"),
                        sotay_model::CommentStatus::Resolved => {
                            tr(lang, "đã giải quyết", "resolved")
                        }
                    };
                    println!(
                        "{}  [{status}]  {}  {}: {}",
                        c.id, c.created_at, c.author, c.body
                    );
                    if let Some(a) = &c.anchor {
                        println!(
                            "      “{}”{}",
                            a.quote,
                            if located.detached {
                                tr(
                                    lang,
                                    " (đoạn văn đã bị sửa/xóa)",
                                    " (the passage was edited or removed)",
                                )
                            } else {
                                ""
                            }
                        );
                    }
                }
            }
        }
        CommentCommand::Resolve { handbook, comment } => {
            ws.resolve_comment(handbook, comment)?;
            println!(
                "{}",
                tr(lang, "Đã đánh dấu đã giải quyết.", "Marked resolved.")
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// A comment on the one place of the chapter's saved source where `quote` occurs.
fn passage_comment(
    ws: &mut Workspace,
    handbook: &str,
    chapter: &str,
    body: &str,
    quote: &str,
) -> Result<sotay_model::Comment, Error> {
    let quote = sotay_model::text::nfc(quote);
    let source = ws.chapter(handbook, chapter)?.source;
    let found: Vec<usize> = source
        .match_indices(quote.as_str())
        .map(|(i, _)| i)
        .collect();
    let [at] = found[..] else {
        return Err(if found.is_empty() {
            Error::localized(
                ErrorCode::InvalidInput,
                format!("Không tìm thấy đoạn văn “{quote}” trong chương."),
                format!("The passage “{quote}” is not in the chapter."),
            )
        } else {
            Error::localized(
                ErrorCode::InvalidInput,
                format!("Đoạn văn “{quote}” xuất hiện {} lần trong chương; hãy trích dài hơn để chỉ một chỗ.", found.len()),
                format!("The passage “{quote}” occurs {} times in the chapter; quote more of it to name one place.", found.len()),
            )
        });
    };
    let start = sotay_model::anchor::utf16_len(&source[..at]);
    let end = start + sotay_model::anchor::utf16_len(&quote);
    ws.add_passage_comment(handbook, chapter, body, start, end, &quote)
}

pub fn attach(
    ws: &mut Workspace,
    handbook: &str,
    file: &Path,
    name: Option<&str>,
) -> Result<ExitCode, Error> {
    let bytes = std::fs::read(file).map_err(|e| {
        input_error(
            format!("Không đọc được tệp “{}”: {e}", file.display()),
            format!("Cannot read “{}”: {e}", file.display()),
        )
    })?;
    let name = name
        .map(str::to_owned)
        .or_else(|| file.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_default();
    let sha = ws.add_attachment(handbook, &name, &bytes)?;
    println!("{name}  sha256:{sha}");
    Ok(ExitCode::SUCCESS)
}
