//! `sotay`: the command-line face of Sotay. Every command calls the same use-case functions as
//! the desktop app (crate `sotay`); this file only parses arguments and prints results.
//!
//! Exit codes: 0 done; 1 the command ran and found problems (checks); 2 bad usage or bad input,
//! nothing changed.

mod args;
mod authoring;
mod export;
mod ipc;
mod plan;
mod publishing;
mod search;
mod table;
mod usage;
mod verification;

use std::process::ExitCode;
use std::sync::Arc;

use clap::Parser;

use sotay::{Error, ErrorCode, SystemClock, Workspace};
use sotay_model::Lang;

use crate::args::{Args, Command, TemplateCommand};

fn main() -> ExitCode {
    // `sotay list | head` closes the pipe early: stop quietly, as other command-line tools do,
    // instead of reporting a panic.
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let msg = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or("");
        if msg.contains("Broken pipe") {
            std::process::exit(141);
        }
        default_hook(info);
    }));
    let argv: Vec<String> = std::env::args().collect();
    let args = match Args::try_parse_from(&argv) {
        Ok(a) => a,
        Err(e) => match usage::early_lang(&argv) {
            Lang::Vi => match usage::vietnamese(&e) {
                Some(message) => {
                    eprintln!("{message}");
                    return ExitCode::from(2);
                }
                None => e.exit(),
            },
            Lang::En => e.exit(),
        },
    };
    let lang = args.lang;
    match run(args) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("{}: {}", tr(lang, "lỗi", "error"), e.message(lang));
            ExitCode::from(2)
        }
    }
}

pub(crate) fn tr(lang: Lang, vi: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Vi => vi,
        Lang::En => en,
    }
}

pub(crate) fn open(args: &Args) -> Result<Workspace, Error> {
    let path = sotay::resolve_db_path(args.db.as_deref())
        .ok_or_else(|| Error::new(ErrorCode::DbLocationUnknown, ""))?;
    Workspace::open(&path, clock(args)?)
}

/// The system's clock, or the time `--now` / `SOTAY_NOW` fixes.
fn clock(args: &Args) -> Result<Arc<dyn sotay::Clock>, Error> {
    let Some(t) = args.now.as_deref() else {
        return Ok(Arc::new(SystemClock));
    };
    let at = time::OffsetDateTime::parse(t, &time::format_description::well_known::Rfc3339)
        .map_err(|e| {
            Error::localized(
                ErrorCode::InvalidInput,
                format!("Thời điểm “{t}” không đúng RFC 3339: {e}"),
                format!("“{t}” is not an RFC 3339 time: {e}"),
            )
        })?;
    Ok(Arc::new(sotay::FixedClock(at)))
}

pub(crate) fn json(value: &impl serde::Serialize) -> Result<(), Error> {
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| Error::new(ErrorCode::Internal, e.to_string()))?;
    println!("{text}");
    Ok(())
}

fn run(args: Args) -> Result<ExitCode, Error> {
    let lang = args.lang;
    // Checking a template folder and exporting files need no database.
    if let Command::Template(TemplateCommand::Check { dir, json }) = &args.command {
        return authoring::template_check(lang, dir, *json);
    }
    if let Command::Export {
        input,
        format,
        out,
        title,
        date,
        pdf,
    } = &args.command
    {
        let path = std::path::Path::new(input);
        if path.exists() {
            return export::run(
                lang,
                None,
                input,
                *format,
                out,
                title.as_deref(),
                date.as_deref(),
                pdf,
            );
        }
    }
    if let Command::Ipc {
        command,
        args: json_args,
    } = &args.command
    {
        return ipc::run(&args, command, json_args);
    }
    // Recovering works on a workspace that cannot be opened.
    if let Command::Recover(cmd) = &args.command {
        let path = sotay::resolve_db_path(args.db.as_deref())
            .ok_or_else(|| Error::new(ErrorCode::DbLocationUnknown, ""))?;
        return search::recover(lang, &path, cmd, clock(&args)?);
    }
    let mut ws = open(&args)?;
    match &args.command {
        Command::List { json: as_json } => {
            let handbooks = ws.handbooks()?;
            if *as_json {
                json(&handbooks)?;
            } else if handbooks.is_empty() {
                println!(
                    "{}",
                    tr(
                        lang,
                        "Chưa có sổ tay nào — tạo sổ tay mẫu bằng `sotay sample`.",
                        "No handbooks yet — create the sample with `sotay sample`."
                    )
                );
            } else {
                table::print(
                    &[
                        "ID",
                        tr(lang, "TÊN SỔ TAY", "TITLE"),
                        tr(lang, "SẢN PHẨM", "PRODUCT"),
                        tr(lang, "TRẠNG THÁI", "STATUS"),
                        tr(lang, "CẬP NHẬT", "UPDATED"),
                    ],
                    handbooks.iter().map(|h| {
                        vec![
                            h.id.clone(),
                            h.title.clone(),
                            h.product.clone(),
                            h.status.label().get(lang).to_owned(),
                            h.updated_at.clone(),
                        ]
                    }),
                );
            }
        }
        Command::Templates { json: as_json } => {
            let templates = ws.templates();
            if *as_json {
                json(&templates)?;
            } else {
                table::print(
                    &[
                        "ID",
                        tr(lang, "TÊN MẪU", "NAME"),
                        tr(lang, "SỐ HIỆU MẪU", "VERSION"),
                        tr(lang, "SỐ CHƯƠNG", "CHAPTERS"),
                    ],
                    templates.iter().map(|t| {
                        vec![
                            t.id.clone(),
                            t.name.get(lang).to_owned(),
                            t.version.clone(),
                            t.chapter_count.to_string(),
                        ]
                    }),
                );
            }
        }
        Command::Pilots { json: as_json } => {
            let pilots = ws.pilots()?;
            if *as_json {
                json(&pilots)?;
            } else if pilots.is_empty() {
                println!(
                    "{}",
                    tr(
                        lang,
                        "Chưa có mô hình thí điểm nào — tạo dữ liệu mẫu bằng `sotay sample`.",
                        "No pilot models yet — create the sample with `sotay sample`."
                    )
                );
            } else {
                table::print(
                    &[
                        "ID",
                        tr(lang, "TÊN", "NAME"),
                        tr(lang, "LOẠI HÌNH", "KIND"),
                        tr(lang, "ĐỊA CHỈ", "ADDRESS"),
                    ],
                    pilots.iter().map(|p| {
                        let mut address = format!("{}, {}", p.address.commune, p.address.province);
                        if let Some(d) = &p.address.legacy_district {
                            address.push_str(&format!(
                                " ({}: {d})",
                                tr(lang, "trước đây", "formerly")
                            ));
                        }
                        vec![
                            p.id.clone(),
                            p.name.clone(),
                            p.kind.label().get(lang).to_owned(),
                            address,
                        ]
                    }),
                );
            }
        }
        Command::Show {
            handbook,
            json: as_json,
        } => {
            let view = ws.open_handbook(handbook)?;
            if *as_json {
                json(&view)?;
            } else {
                let s = &view.summary;
                println!("{}", s.title);
                println!("  ID: {}", s.id);
                println!("  {}: {}", tr(lang, "Sản phẩm", "Product"), s.product);
                println!("  {}: {}", tr(lang, "Mẫu", "Template"), s.template_id);
                println!(
                    "  {}: {}",
                    tr(lang, "Trạng thái", "Status"),
                    s.status.label().get(lang)
                );
                println!("  {}: {}", tr(lang, "Cập nhật", "Updated"), s.updated_at);
                // The decision that issued this version, as later editions' covers name it.
                if let Some(d) = ws.handbook_decision(&s.id)? {
                    println!(
                        "  {}: {} ({})",
                        tr(lang, "Quyết định ban hành", "Issuing decision"),
                        d.number,
                        sotay_model::admin::cited_date(&d.date)
                    );
                }
                println!();
                for c in &view.chapters {
                    let flag = if c.render_error.is_some() { " (!)" } else { "" };
                    println!(
                        "  {:>2}. [{}] {}{flag}",
                        c.position,
                        c.level.as_str(),
                        c.title
                    );
                }
            }
        }
        Command::Ipc { .. } => unreachable!("answered before the workspace is opened"),
        Command::Recover(_) => unreachable!("answered before the workspace is opened"),
        Command::Sample => {
            if ws.ensure_sample_workspace()? {
                println!(
                    "{}",
                    tr(
                        lang,
                        "Đã tạo không gian làm việc mẫu.",
                        "Sample workspace created."
                    )
                );
            } else {
                println!(
                    "{}",
                    tr(
                        lang,
                        "Không gian làm việc đã có dữ liệu hoặc đã tạo mẫu trước đó; không thay đổi gì.",
                        "The workspace already has data or had the sample before; nothing changed."
                    )
                );
            }
        }
        Command::Template(TemplateCommand::Check { .. }) => unreachable!("handled above"),
        Command::Export {
            input,
            format,
            out,
            title,
            date,
            pdf,
        } => {
            return export::run(
                lang,
                Some(&ws),
                input,
                *format,
                out,
                title.as_deref(),
                date.as_deref(),
                pdf,
            )
        }
        Command::New {
            template,
            vars,
            sets,
            title,
        } => return authoring::new(&mut ws, template, vars.as_deref(), sets, title.as_deref()),
        Command::Check { handbook, json } => return authoring::check(&ws, lang, handbook, *json),
        Command::Chapter(cmd) => return authoring::chapter(&mut ws, lang, cmd),
        Command::Vars {
            handbook,
            sets,
            history,
            key,
            undo,
            json,
        } => {
            if *history {
                return authoring::vars_history(&ws, lang, handbook, key.as_deref(), *json);
            }
            return authoring::vars(&mut ws, lang, handbook, sets, *undo, *json);
        }
        Command::History {
            handbook,
            chapter,
            json,
        } => return authoring::history(&ws, lang, handbook, chapter.as_deref(), *json),
        Command::Diff {
            handbook,
            from,
            to,
            json,
        } => return authoring::diff(&ws, lang, handbook, from, to, *json),
        Command::Restore { handbook, revision } => {
            return authoring::restore(&mut ws, lang, handbook, revision)
        }
        Command::Status {
            handbook,
            status,
            note,
            reason,
        } => return authoring::status(&mut ws, lang, handbook, *status, note, reason),
        Command::Comment(cmd) => return authoring::comment(&mut ws, lang, cmd),
        Command::Rules(cmd) => return verification::rules(&mut ws, lang, cmd),
        Command::Pilot(cmd) => return verification::pilot(&mut ws, lang, cmd),
        Command::Report(cmd) => return export::report(&mut ws, lang, cmd),
        Command::Settings(cmd) => return export::settings(&mut ws, lang, cmd),
        Command::Bundle(cmd) => return bundle(&mut ws, lang, cmd),
        Command::Search {
            query,
            json: as_json,
            limit,
        } => return search::run(&ws, lang, query, *as_json, *limit),
        Command::Whoami {
            json: as_json,
            set,
            name,
            position,
            unit,
        } => {
            if *set {
                ws.set_user_identity(
                    name.as_deref().unwrap_or_default(),
                    position.as_deref().unwrap_or_default(),
                    unit.as_deref().unwrap_or_default(),
                )?;
            }
            let identity = ws.user_identity()?;
            let name = ws.user_name()?;
            if *as_json {
                json(&serde_json::json!({ "name": name, "identity": identity }))?;
            } else {
                println!("{name}");
                match identity {
                    Some(i) => {
                        if !i.position.is_empty() {
                            println!("{}: {}", tr(lang, "Chức vụ", "Position"), i.position);
                        }
                        if !i.unit.is_empty() {
                            println!("{}: {}", tr(lang, "Đơn vị", "Unit"), i.unit);
                        }
                    }
                    None => println!(
                        "{}",
                        tr(
                            lang,
                            "Chưa khai báo người dùng — đặt bằng `sotay whoami --set --name …`.",
                            "No identity set yet — set it with `sotay whoami --set --name …`."
                        )
                    ),
                }
            }
        }
        Command::Backup { out } => {
            let out = match out {
                Some(out) => {
                    ws.backup(out)?;
                    out.display().to_string()
                }
                None => ws.backup_beside()?.path,
            };
            println!("{} {out}", tr(lang, "Đã sao lưu vào", "Backed up to"));
        }
        Command::RestoreBackup { file } => {
            let safety = ws.restore_backup(file)?;
            println!(
                "{} {} ({}: {})",
                tr(lang, "Đã khôi phục từ", "Restored from"),
                file.display(),
                tr(lang, "bản trước khi khôi phục", "the previous content"),
                safety.display()
            );
        }
        Command::Interop(cmd) => return interop(&ws, lang, cmd),
        Command::Publish {
            handbook,
            label,
            date,
            recipients,
            formats,
            paper,
            out,
            qr_base,
            reprint,
            note,
            allow_inaccessible,
            compare_with,
            no_change_bars,
            publication,
            json,
        } => {
            // Without --paper: a new edition's is the workspace's (Cài đặt, `sotay settings
            // paper`), an edition published again keeps its own.
            let paper = paper.map(Into::into);
            return publishing::publish(
                &mut ws,
                lang,
                &publishing::PublishArgs {
                    handbook,
                    label,
                    date: date.as_deref(),
                    recipients: recipients.as_deref(),
                    formats,
                    paper,
                    out,
                    qr_base: qr_base.as_deref(),
                    reprint: *reprint,
                    note: note.as_deref(),
                    allow_inaccessible: *allow_inaccessible,
                    compare_with: compare_with.as_deref(),
                    no_change_bars: *no_change_bars,
                    publication: publication.info(),
                },
                *json,
            );
        }
        Command::Editions { handbook, json } => {
            return publishing::editions(&ws, lang, handbook, *json)
        }
        Command::Distribution {
            handbook,
            label,
            json,
        } => return publishing::distribution(&ws, lang, handbook, label, *json),
        Command::Verify { file, qr, json } => {
            return match (file, qr) {
                (_, Some(text)) => publishing::verify_qr(&ws, lang, text, *json),
                (Some(file), None) => publishing::verify(&ws, lang, file, *json),
                (None, None) => unreachable!("clap requires FILE or --qr"),
            }
        }
        Command::Assess(cmd) => return verification::assess(&mut ws, lang, cmd),
        Command::Plan(cmd) => return plan::run(&mut ws, lang, cmd),
        Command::Attach {
            handbook,
            file,
            name,
        } => return authoring::attach(&mut ws, handbook, file, name.as_deref()),
    }
    Ok(ExitCode::SUCCESS)
}

fn bundle(ws: &mut Workspace, lang: Lang, cmd: &args::BundleCommand) -> Result<ExitCode, Error> {
    use args::{BundleCommand, BundleKindArg};
    match cmd {
        BundleCommand::Export { kind, id, out } => {
            let kind = match kind {
                BundleKindArg::Handbook => sotay::BundleKind::Handbook,
                BundleKindArg::Edition => sotay::BundleKind::Edition,
                BundleKindArg::Assessment => sotay::BundleKind::Assessment,
            };
            let bytes = ws.export_bundle(kind, id, out)?;
            println!(
                "{} {} ({bytes} bytes)",
                tr(lang, "Đã ghi", "Wrote"),
                out.display()
            );
        }
        BundleCommand::Conflicts { json: as_json } => {
            let list = ws.bundle_conflicts()?;
            if *as_json {
                json(&list)?;
            } else if list.is_empty() {
                println!("{}", tr(lang, "Không có xung đột nào.", "No conflicts."));
            } else {
                for c in &list {
                    println!("{}  {}  {}", c.id, c.table, c.key);
                    for (k, v) in &c.incoming {
                        let local = c.local.get(k).cloned().unwrap_or_default();
                        if &local != v {
                            println!(
                                "    {k}: {} {local} → {} {v}",
                                tr(lang, "ở đây", "local"),
                                tr(lang, "gói", "incoming")
                            );
                        }
                    }
                }
            }
        }
        BundleCommand::Resolve { id, keep } => {
            ws.resolve_bundle_conflict(id, keep == "incoming")?;
            println!(
                "{}",
                tr(lang, "Đã giải quyết xung đột.", "Conflict resolved.")
            );
        }
        BundleCommand::Import {
            file,
            dry_run,
            json: as_json,
        } => {
            let r = ws.import_bundle(file, *dry_run)?;
            if *as_json {
                json(&r)?;
            } else {
                let sum = |m: &std::collections::BTreeMap<String, u32>| m.values().sum::<u32>();
                let head = if *dry_run {
                    tr(
                        lang,
                        "Thử nhập (không thay đổi gì)",
                        "Dry run (nothing changed)",
                    )
                } else {
                    tr(lang, "Đã nhập", "Imported")
                };
                println!(
                    "{head}: {} {}, {} {}, {} {}",
                    sum(&r.plan.added),
                    tr(lang, "bản ghi mới", "added"),
                    sum(&r.plan.unchanged),
                    tr(lang, "không đổi", "unchanged"),
                    r.plan.conflicts.len(),
                    tr(
                        lang,
                        "xung đột (giữ cả hai bản)",
                        "conflicts (both copies kept)"
                    )
                );
                for (table, key) in &r.plan.added {
                    println!("  + {table}: {key}");
                }
                for (table, key) in &r.plan.conflicts {
                    println!("  ! {table}: {key}");
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn interop(ws: &Workspace, lang: Lang, cmd: &args::InteropCommand) -> Result<ExitCode, Error> {
    use args::{EpcisSource, InteropCommand};
    let write = |out: &std::path::Path, bytes: &[u8]| -> Result<(), Error> {
        sotay::write_output(out, bytes)?;
        println!("{} {}", tr(lang, "Đã ghi", "Wrote"), out.display());
        Ok(())
    };
    match cmd {
        InteropCommand::Epcis { source, id, out } => {
            let doc = match source {
                EpcisSource::Assessment => ws.epcis_assessment(id)?,
                EpcisSource::Handbook => ws.epcis_handbook(id)?,
            };
            write(out, &serde_json::to_vec_pretty(&doc).unwrap_or_default())?;
        }
        InteropCommand::Portal { handbook, out } => {
            for f in ws.portal_package(handbook, out)? {
                println!("{} {}", tr(lang, "Đã ghi", "Wrote"), out.join(f).display());
            }
        }
        InteropCommand::TraceCsv { assessment, out } => {
            write(out, ws.trace_csv(assessment)?.as_bytes())?
        }
    }
    Ok(ExitCode::SUCCESS)
}
