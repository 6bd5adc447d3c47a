//! `sotay plan …`: the provincial programme from the command line.

pub mod catalogue;

use std::process::ExitCode;

use sotay::{ActivityInput, Error, LineInput, NewPlanRequest, SpendingInput, Workspace};
use sotay_model::money::{format_vnd, group_digits};
use sotay_model::plan::{PlanView, RETURN_FIGURES};
use sotay_model::Lang;

use crate::args::{PlanActivityCommand, PlanAgencyCommand, PlanCommand, PlanTaskCommand};
use crate::{json, table, tr};

/// A file's name and bytes, or a message in both languages.
fn read_named(file: &std::path::Path) -> Result<(String, Vec<u8>), Error> {
    let bytes = std::fs::read(file).map_err(|e| {
        Error::localized(
            sotay::ErrorCode::InvalidInput,
            format!("Không đọc được “{}”: {e}", file.display()),
            format!("Cannot read “{}”: {e}", file.display()),
        )
    })?;
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok((name, bytes))
}

fn show(view: &PlanView, lang: Lang) {
    let vi = lang == Lang::Vi;
    println!("{}", view.title);
    println!("  ID: {}", view.id);
    if !view.number.is_empty() {
        println!("  {}: {}", tr(lang, "Số", "Number"), view.number);
    }
    if !view.date.is_empty() {
        println!("  {}: {}", tr(lang, "Ngày", "Date"), view.date);
    }
    println!(
        "  {}: {}",
        tr(lang, "Cơ quan ban hành", "Issued by"),
        view.issuing_body
    );
    println!("  {}: {}", tr(lang, "Năm", "Year"), view.year);
    println!();
    table::print(
        &[
            tr(lang, "DÒNG", "LINE"),
            tr(lang, "NỘI DUNG", "TITLE"),
            tr(lang, "DỰ TOÁN", "ESTIMATE"),
            tr(lang, "ĐÃ CHI", "SPENT"),
            tr(lang, "CÒN LẠI", "REMAINING"),
        ],
        view.lines.iter().map(|l| {
            let mut title: String = l.title.chars().take(60).collect();
            if l.title.chars().count() > 60 {
                title.push('…');
            }
            vec![
                l.code.clone(),
                title,
                group_digits(l.estimate_vnd),
                group_digits(l.spent_vnd),
                group_digits(l.remaining_vnd),
            ]
        }),
    );
    println!(
        "{}: {} ({}); {}: {}; {}: {}",
        tr(lang, "Tổng dự toán", "Total estimate"),
        view.total_estimate_text,
        view.total_estimate_words,
        tr(lang, "đã chi", "spent"),
        format_vnd(view.total_spent_vnd),
        tr(lang, "còn lại", "remaining"),
        format_vnd(view.total_remaining_vnd)
    );
    println!();
    let count: u32 = view.activity_totals.iter().map(|t| t.count).sum();
    let people: u32 = view
        .activity_totals
        .iter()
        .map(|t| t.participants_total)
        .sum();
    if vi {
        println!("Hoạt động: {count}, người tham dự: {people}");
    } else {
        println!("Activities: {count}, participants: {people}");
    }
    let received = view.returns.iter().filter(|r| r.received).count();
    let left = view.returns_days_left;
    let when = match (vi, left) {
        (true, 1..) => format!("còn {left} ngày"),
        (true, 0) => "hạn là hôm nay".to_owned(),
        (true, _) => format!("đã quá hạn {} ngày", -left),
        (false, 1..) => format!("{left} days left"),
        (false, 0) => "due today".to_owned(),
        (false, _) => format!("{} days past", -left),
    };
    if vi {
        println!(
            "Báo cáo của các đơn vị (hạn {}, {when}): đã nhận {received}/{}",
            view.returns_due,
            view.returns.len()
        );
    } else {
        println!(
            "Agencies' returns (due {}, {when}): {received}/{} received",
            view.returns_due,
            view.returns.len()
        );
    }
    for r in &view.returns {
        let state = match (&r.received_on, r.late, r.overdue) {
            (Some(d), false, _) => format!("{} {d}", tr(lang, "đã nhận", "received")),
            (Some(d), true, _) => format!("{} {d}", tr(lang, "nhận muộn", "received late")),
            (None, _, true) => tr(lang, "quá hạn, chưa gửi", "overdue").to_owned(),
            (None, _, false) => tr(lang, "chưa gửi", "not yet").to_owned(),
        };
        println!("  - {}: {state}", r.agency);
        if let Some(l) = &r.last_year {
            let pairs: Vec<String> = r
                .comparison
                .iter()
                .filter(|c| RETURN_FIGURES.iter().any(|f| f.0 == c.key && f.3))
                .map(|c| {
                    format!(
                        "{} {} / {}",
                        c.label.get(lang),
                        c.this_year.as_deref().unwrap_or("—"),
                        c.last_year.as_deref().unwrap_or("—")
                    )
                })
                .collect();
            println!(
                "      {} {} / {}: {}",
                tr(lang, "so với năm", "against"),
                view.year,
                l.year,
                pairs.join("; ")
            );
        }
    }
}

pub fn run(ws: &mut Workspace, lang: Lang, cmd: &PlanCommand) -> Result<ExitCode, Error> {
    match cmd {
        PlanCommand::New {
            year,
            template,
            number,
            date,
            issuing_body,
            title,
        } => {
            let view = ws.create_plan(&NewPlanRequest {
                year: *year,
                template: template.clone(),
                number: number.clone().unwrap_or_default(),
                date: date.clone().unwrap_or_default(),
                issuing_body: issuing_body.clone().unwrap_or_default(),
                title: title.clone().unwrap_or_default(),
            })?;
            println!(
                "{} “{}”: {} {}, {} {}.",
                tr(lang, "Đã tạo kế hoạch", "Created the plan"),
                view.title,
                view.lines.len(),
                tr(lang, "dòng kinh phí", "budget lines"),
                tr(lang, "tổng dự toán", "total estimate"),
                view.total_estimate_text
            );
            println!("{}", view.id);
        }
        PlanCommand::List { json: as_json } => {
            let plans = ws.plans()?;
            if *as_json {
                json(&plans)?;
            } else if plans.is_empty() {
                println!(
                    "{}",
                    tr(
                        lang,
                        "Chưa có kế hoạch nào — tạo bằng `sotay plan new --year YYYY --template qd100-yearly`.",
                        "No plans yet — create one with `sotay plan new --year YYYY --template qd100-yearly`."
                    )
                );
            } else {
                table::print(
                    &[
                        "ID",
                        tr(lang, "NĂM", "YEAR"),
                        tr(lang, "SỐ", "NUMBER"),
                        tr(lang, "DỰ TOÁN", "ESTIMATE"),
                        tr(lang, "ĐÃ CHI", "SPENT"),
                    ],
                    plans.iter().map(|p| {
                        vec![
                            p.id.clone(),
                            p.year.to_string(),
                            p.number.clone(),
                            format_vnd(p.total_estimate_vnd),
                            format_vnd(p.total_spent_vnd),
                        ]
                    }),
                );
            }
        }
        PlanCommand::Show {
            plan,
            json: as_json,
        } => {
            let view = ws.plan_view(plan)?;
            if *as_json {
                json(&view)?;
            } else {
                show(&view, lang);
            }
        }
        PlanCommand::Direction {
            plan,
            text,
            file,
            json: as_json,
        } => {
            let given = match (text, file) {
                (Some(t), _) => Some(t.clone()),
                (None, Some(f)) => {
                    let (_, bytes) = read_named(f)?;
                    Some(String::from_utf8(bytes).map_err(|_| {
                        Error::localized(
                            sotay::ErrorCode::InvalidInput,
                            format!("“{}” không phải văn bản UTF-8. Không ghi gì.", f.display()),
                            format!("“{}” is not UTF-8 text. Nothing was recorded.", f.display()),
                        )
                    })?)
                }
                (None, None) => None,
            };
            let d = match given {
                Some(t) => ws.set_plan_direction(plan, t.trim_start_matches('\u{feff}'))?,
                None => ws.plan_direction(plan)?,
            };
            if *as_json {
                json(&d)?;
            } else {
                println!(
                    "{} {}{}:",
                    tr(lang, "Phương hướng, nhiệm vụ năm", "Direction for"),
                    d.year + 1,
                    if d.prefilled {
                        tr(
                            lang,
                            " (bản nháp từ các nhiệm vụ chưa hoàn thành)",
                            " (draft from the open tasks)",
                        )
                    } else {
                        ""
                    }
                );
                if d.text.is_empty() {
                    println!(
                        "{}",
                        tr(
                            lang,
                            "(trống — mọi nhiệm vụ đã hoàn thành)",
                            "(empty — every task is done)"
                        )
                    );
                } else {
                    println!("{}", d.text);
                }
            }
        }
        PlanCommand::Spend {
            plan,
            line,
            amount,
            date,
            reference,
            payee,
        } => {
            let r = ws.add_spending(
                plan,
                &SpendingInput {
                    line: line.clone(),
                    amount: amount.clone(),
                    date: date.clone(),
                    reference: reference.clone().unwrap_or_default(),
                    payee: payee.clone().unwrap_or_default(),
                },
            )?;
            if let Some(w) = &r.warning {
                eprintln!("{}: {}", tr(lang, "cảnh báo", "warning"), w.get(lang));
            }
            println!(
                "{} {} {} {} ({} {}/{}).",
                tr(lang, "Đã ghi khoản chi", "Recorded"),
                format_vnd(r.spending.amount_vnd),
                tr(lang, "vào dòng", "against line"),
                r.line.code,
                tr(lang, "đã chi", "spent"),
                group_digits(r.line.spent_vnd),
                format_vnd(r.line.estimate_vnd)
            );
            println!("{}", r.spending.id);
        }
        PlanCommand::Activity(PlanActivityCommand::Add {
            plan,
            kind,
            date,
            title,
            participants,
            enterprises,
            cooperatives,
            officials,
            place,
            organiser,
            audience,
            materials,
            line,
        }) => {
            let a = ws.add_activity(
                plan,
                &ActivityInput {
                    kind: (*kind).into(),
                    date: date.clone(),
                    title: title.clone(),
                    place: place.clone(),
                    organiser: organiser.clone(),
                    audience: audience.clone(),
                    materials: materials.clone(),
                    participants: *participants,
                    enterprises: *enterprises,
                    cooperatives: *cooperatives,
                    officials: *officials,
                    line: line.clone(),
                },
            )?;
            println!(
                "{} “{}” ({}, {} {}).",
                tr(lang, "Đã ghi hoạt động", "Recorded the activity"),
                a.title,
                a.kind.label().get(lang),
                a.participants_total,
                tr(lang, "người tham dự", "participants")
            );
            println!("{}", a.id);
        }
        PlanCommand::Activity(PlanActivityCommand::Attendance {
            plan,
            activity,
            file,
        }) => {
            let (name, bytes) = read_named(file)?;
            let r = ws.import_attendance(plan, activity, &name, &bytes)?;
            let p = &r.activity.participants;
            println!(
                "{} {} {} “{}”: {} {}, {} {}, {} {}.",
                tr(lang, "Đã nhập", "Imported"),
                r.imported,
                tr(lang, "người tham dự vào", "participants into"),
                r.activity.title,
                p.enterprises,
                tr(lang, "doanh nghiệp", "enterprises"),
                p.cooperatives,
                tr(lang, "hợp tác xã", "cooperatives"),
                p.officials,
                tr(lang, "cán bộ", "officials")
            );
            if r.replaced {
                println!(
                    "{}",
                    tr(
                        lang,
                        "Danh sách này thay cho danh sách đã nhập trước.",
                        "This list replaces the one imported before."
                    )
                );
            }
        }
        PlanCommand::Activity(PlanActivityCommand::AttendanceCsv {
            plan,
            activity,
            out,
        }) => {
            let bytes = ws.attendance_csv(plan, activity)?;
            sotay::write_output(out, &bytes)?;
            println!("{}", out.display());
        }
        PlanCommand::Activity(PlanActivityCommand::Attach {
            plan,
            activity,
            file,
        }) => {
            let (name, bytes) = read_named(file)?;
            let r = ws.attach_activity_file(plan, activity, &name, &bytes)?;
            if let Some(w) = &r.warning {
                eprintln!("{}", w.get(lang));
            }
            let f = r.activity.files.last().map(|f| f.id.as_str()).unwrap_or("");
            println!(
                "{} “{name}” {} “{}”.",
                tr(lang, "Đã đính kèm", "Attached"),
                tr(lang, "vào hoạt động", "to the activity"),
                r.activity.title
            );
            println!("{f}");
        }
        PlanCommand::Line {
            plan,
            code,
            title,
            lead,
            estimate,
        } => {
            let l = ws.set_line(
                plan,
                &LineInput {
                    code: code.clone(),
                    title: title.clone(),
                    lead: lead.clone(),
                    estimate: estimate.clone(),
                },
            )?;
            println!(
                "{} {}: {} ({} {})",
                tr(lang, "Dòng", "Line"),
                l.code,
                l.title,
                tr(lang, "dự toán", "estimate"),
                format_vnd(l.estimate_vnd)
            );
        }
        PlanCommand::Task(PlanTaskCommand::Set {
            plan,
            code,
            status,
            progress,
        }) => {
            let t = ws.set_task(plan, code, status.map(Into::into), *progress)?;
            println!(
                "{} {}: {}, {} %",
                tr(lang, "Nhiệm vụ", "Task"),
                t.code,
                t.status.label().get(lang),
                t.progress
            );
        }
        PlanCommand::Task(PlanTaskCommand::Link {
            plan,
            code,
            kind,
            id,
        }) => {
            let t = ws.link_task(plan, code, kind, id)?;
            println!(
                "{} {}: {}",
                tr(lang, "Nhiệm vụ", "Task"),
                t.code,
                t.evidence
            );
        }
        PlanCommand::Agency(PlanAgencyCommand::Add {
            plan,
            name,
            kind,
            tasks,
        }) => {
            let a = ws.add_agency(plan, name, kind, tasks)?;
            println!(
                "{} “{}”.",
                tr(lang, "Đã thêm đơn vị", "Added the agency"),
                a.agency
            );
            println!("{}", a.agency_id);
        }
        PlanCommand::Returns { plan, out } => {
            for path in ws.write_return_forms(plan, out)? {
                println!("{} {}", tr(lang, "Đã ghi", "Wrote"), path.display());
            }
        }
        PlanCommand::ReturnImport {
            plan,
            file,
            received,
        } => {
            let r = ws.import_return(plan, file, received.as_deref())?;
            let a = &r.agency;
            println!(
                "{} “{}” ({} {}{}).",
                tr(lang, "Đã nhập báo cáo của", "Imported the return of"),
                a.agency,
                tr(lang, "nhận ngày", "received on"),
                a.received_on.as_deref().unwrap_or_default(),
                match (a.late, r.replaced) {
                    (true, _) => tr(lang, ", quá hạn", ", late"),
                    (false, true) => tr(lang, ", thay báo cáo trước", ", replaces the earlier one"),
                    _ => "",
                }
            );
        }
        PlanCommand::Catalogue(c) => return catalogue::run_catalogue(ws, lang, c),
        PlanCommand::Roadmap(c) => return catalogue::run_roadmap(ws, lang, c),
        PlanCommand::Readiness(a) => return catalogue::run_readiness(ws, lang, a),
    }
    Ok(ExitCode::SUCCESS)
}
