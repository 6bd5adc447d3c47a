//! `sotay pilot …` and `sotay assess …`.

use std::process::ExitCode;

use sotay::{Error, ErrorCode, TraceInput, Workspace};
use sotay_model::assessment::{ActionStatus, AssessmentStatus};
use sotay_model::signature::{Drawing, SignInput, SignatureEventKind, SignatureRole};
use sotay_model::verdict::Direction;
use sotay_model::{Address, Lang, PilotKind};

use crate::args::{AssessCommand, DirectionArg, KindArg, PilotCommand};
use crate::{json, table, tr};

fn bad(vi: String, en: String) -> Error {
    Error::localized(ErrorCode::InvalidInput, vi, en)
}

pub fn pilot(ws: &mut Workspace, lang: Lang, cmd: &PilotCommand) -> Result<ExitCode, Error> {
    match cmd {
        PilotCommand::Add {
            name,
            kind,
            handbook,
            province,
            commune,
            legacy_district,
            contact,
        } => {
            let kind = match kind {
                KindArg::Cooperative => PilotKind::Cooperative,
                KindArg::Enterprise => PilotKind::Enterprise,
                KindArg::HouseholdGroup => PilotKind::HouseholdGroup,
            };
            let address = Address {
                province: sotay_model::text::nfc(province.trim()),
                commune: sotay_model::text::nfc(commune.trim()),
                legacy_district: legacy_district
                    .as_ref()
                    .map(|d| sotay_model::text::nfc(d.trim()))
                    .filter(|d| !d.is_empty()),
            };
            let p = ws.add_pilot(name, kind, handbook.as_deref(), address, contact)?;
            println!(
                "{}: {} ({})",
                tr(lang, "Đã thêm mô hình thí điểm", "Pilot model added"),
                p.name,
                p.kind.label().get(lang)
            );
            println!("{}", p.id);
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn assess(ws: &mut Workspace, lang: Lang, cmd: &AssessCommand) -> Result<ExitCode, Error> {
    match cmd {
        AssessCommand::New {
            pilot,
            handbook,
            date,
            lead,
            members,
        } => {
            let a = ws.new_assessment(pilot, handbook, date, lead, members)?;
            println!(
                "{}: {} — {} ({})",
                tr(lang, "Đã tạo đợt đánh giá", "Assessment created"),
                a.pilot_name,
                a.handbook_title,
                a.date
            );
            println!("{}", a.id);
        }
        AssessCommand::List {
            pilot,
            json: as_json,
        } => {
            let list = ws.assessments(pilot.as_deref())?;
            if *as_json {
                json(&list)?;
            } else {
                table::print(
                    &[
                        "ID",
                        tr(lang, "MÔ HÌNH", "PILOT"),
                        tr(lang, "NGÀY", "DATE"),
                        tr(lang, "TRẠNG THÁI", "STATUS"),
                    ],
                    list.iter().map(|a| {
                        vec![
                            a.id.clone(),
                            a.pilot_name.clone(),
                            a.date.clone(),
                            a.status.label().get(lang).to_owned(),
                        ]
                    }),
                );
            }
        }
        AssessCommand::Items {
            assessment,
            json: as_json,
        } => {
            let items = ws.assessment_items(assessment)?;
            if *as_json {
                json(&items)?;
            } else {
                table::print(
                    &[
                        "ID",
                        tr(lang, "MỨC", "LEVEL"),
                        tr(lang, "KẾT QUẢ", "RESULT"),
                        tr(lang, "NỘI DUNG", "REQUIREMENT"),
                    ],
                    items.iter().map(|i| {
                        let level = format!(
                            "{:?}{}",
                            i.item.level,
                            if i.item.critical { ",K" } else { "" }
                        );
                        let result = i
                            .answer
                            .as_ref()
                            .map_or("—".to_owned(), |a| a.result.label().get(lang).to_owned());
                        vec![
                            i.item.id.clone(),
                            level,
                            result,
                            i.item.text.get(lang).to_owned(),
                        ]
                    }),
                );
            }
        }
        AssessCommand::Answer {
            assessment,
            item,
            result,
            note,
            reason,
            from,
        } => match from {
            Some(path) => {
                let text = sotay::read_text(path)?;
                let n = ws.answer_csv(assessment, &text)?;
                match lang {
                    Lang::Vi => println!("Đã ghi {n} kết quả."),
                    Lang::En => println!("Recorded {n} answers."),
                }
            }
            None => {
                let (item, result) = (
                    item.clone().unwrap_or_default(),
                    result.clone().unwrap_or_default(),
                );
                ws.answer(
                    assessment,
                    &[(item, result, note.clone(), reason.clone())],
                    None,
                )?;
                println!("{}", tr(lang, "Đã ghi kết quả.", "Answer recorded."));
            }
        },
        AssessCommand::AddItem {
            assessment,
            section,
            text,
            level,
        } => {
            let id = ws.add_assessment_item(assessment, section, text, *level)?;
            println!("{id}");
        }
        AssessCommand::Trace {
            assessment,
            direction,
            lot,
            started,
            finished,
            links_expected,
            links_found,
            records,
            input_qty,
            accounted_qty,
            outputs_qty,
            losses_qty,
            stock_qty,
            samples_qty,
            explanation,
            typos,
            unit,
            accounted_unit,
            kde_required,
            kde_present,
            contradictions,
            note,
            retest_of,
        } => {
            let t = ws.record_trace(
                assessment,
                &TraceInput {
                    direction: match direction {
                        DirectionArg::Backward => Direction::Backward,
                        DirectionArg::Forward => Direction::Forward,
                    },
                    lot: lot.clone(),
                    started: started.clone(),
                    finished: finished.clone(),
                    links_expected: *links_expected,
                    links_found: *links_found,
                    lots: records.as_deref().map(sotay::read_trace_lots).transpose()?,
                    input_qty: *input_qty,
                    accounted_qty: *accounted_qty,
                    outputs_qty: *outputs_qty,
                    losses_qty: *losses_qty,
                    stock_qty: *stock_qty,
                    samples_qty: *samples_qty,
                    explanation: explanation.clone(),
                    typos: Some(*typos),
                    unit: unit.clone(),
                    accounted_unit: accounted_unit.clone(),
                    kde_required: *kde_required,
                    kde_present: *kde_present,
                    contradictions: *contradictions,
                    note: note.clone(),
                    retest_of: retest_of.clone(),
                },
            )?;
            let g = t.grades;
            let l = |x: sotay_model::verdict::Grade| x.label().get(lang).to_owned();
            match lang {
                Lang::Vi => println!(
                    "Đã ghi truy xuất thử: thời gian {:.0} phút ({}), liên kết {}/{} ({}), khối lượng ({}), dữ liệu chính ({}), nhất quán ({}).",
                    t.minutes, l(g.time), t.links_found, t.links_expected, l(g.links), l(g.quantity), l(g.kde), l(g.consistency)
                ),
                Lang::En => println!(
                    "Trace test recorded: time {:.0} min ({}), links {}/{} ({}), quantity ({}), KDEs ({}), consistency ({}).",
                    t.minutes, l(g.time), t.links_found, t.links_expected, l(g.links), l(g.quantity), l(g.kde), l(g.consistency)
                ),
            }
            println!("{}", t.id);
        }
        AssessCommand::Traces {
            assessment,
            json: as_json,
        } => {
            let tests = ws.trace_tests(assessment)?;
            if *as_json {
                json(&tests)?;
            } else {
                table::print(
                    &[
                        "ID",
                        tr(lang, "CHIỀU", "DIRECTION"),
                        tr(lang, "LÔ", "LOT"),
                        tr(lang, "PHÚT", "MINUTES"),
                        tr(lang, "LIÊN KẾT", "LINKS"),
                        tr(lang, "THỜI GIAN", "TIME"),
                        tr(lang, "LIÊN KẾT", "LINKS"),
                        tr(lang, "KHỐI LƯỢNG", "QUANTITY"),
                        tr(lang, "DỮ LIỆU CHÍNH", "KDES"),
                        tr(lang, "NHẤT QUÁN", "CONSISTENCY"),
                    ],
                    tests.iter().map(|t| {
                        let l = |x: sotay_model::verdict::Grade| x.label().get(lang).to_owned();
                        vec![
                            t.id.clone(),
                            t.direction.label().get(lang).to_owned(),
                            t.lot.clone(),
                            format!("{:.0}", t.minutes),
                            format!("{}/{}", t.links_found, t.links_expected),
                            l(t.grades.time),
                            l(t.grades.links),
                            l(t.grades.quantity),
                            l(t.grades.kde),
                            l(t.grades.consistency),
                        ]
                    }),
                );
            }
        }
        AssessCommand::Findings {
            assessment,
            json: as_json,
        } => {
            let findings = ws.findings(assessment)?;
            if *as_json {
                json(&findings)?;
            } else {
                for f in findings {
                    println!(
                        "{}  {}  {}  [{}]",
                        f.id,
                        f.item_id,
                        f.severity.label().get(lang),
                        f.status
                    );
                    for a in f.actions {
                        let overdue = if a.overdue {
                            tr(lang, " — QUÁ HẠN", " — OVERDUE")
                        } else {
                            ""
                        };
                        println!(
                            "    {}  {}  {}  {}{overdue}",
                            a.id,
                            a.owner,
                            a.due,
                            a.status.label().get(lang)
                        );
                    }
                }
            }
        }
        AssessCommand::Action {
            finding,
            owner,
            due,
            description,
        } => {
            let a = ws.add_action(finding, owner, due.as_deref(), description)?;
            println!(
                "{}: {} — {} {}",
                tr(
                    lang,
                    "Đã giao hành động khắc phục",
                    "Corrective action assigned"
                ),
                a.owner,
                tr(lang, "hạn", "due"),
                a.due
            );
            println!("{}", a.id);
        }
        AssessCommand::ActionStatus {
            action,
            status,
            note,
        } => {
            let to = ActionStatus::parse(status).ok_or_else(|| {
                bad(
                    format!("Trạng thái “{status}” không hợp lệ (in-progress, done, verified)."),
                    format!("Unknown status “{status}” (in-progress, done, verified)."),
                )
            })?;
            let a = ws.move_action(action, to, note)?;
            println!("{}: {}", a.id, a.status.label().get(lang));
        }
        AssessCommand::Status { assessment, status } => {
            let to = AssessmentStatus::parse(status).ok_or_else(|| {
                bad(
                    format!("Trạng thái “{status}” không hợp lệ (in-progress, completed, closed)."),
                    format!("Unknown status “{status}” (in-progress, completed, closed)."),
                )
            })?;
            let a = ws.set_assessment_status(assessment, to)?;
            println!("{}: {}", a.id, a.status.label().get(lang));
        }
        AssessCommand::Evidence {
            assessment,
            item,
            file,
        } => {
            let bytes = std::fs::read(file).map_err(|e| {
                bad(
                    format!("Không đọc được “{}”: {e}", file.display()),
                    format!("Cannot read “{}”: {e}", file.display()),
                )
            })?;
            let name = file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let added = ws.attach_evidence(assessment, Some(item), &name, &bytes)?;
            let f = &added.file;
            // `name  sha256:…`, then (stable keys) when known `taken_at:…` and `thumbnail:yes`.
            let mut line = format!("{name}  sha256:{}", f.sha256);
            if let Some(t) = &f.taken_at {
                line.push_str(&format!("  taken_at:{t}"));
            }
            if f.has_thumbnail {
                line.push_str("  thumbnail:yes");
            }
            println!("{line}");
            if let Some(w) = &added.warning {
                eprintln!("{}", w.get(lang));
            }
        }
        AssessCommand::Rules {
            assessment,
            json: as_json,
        } => {
            let (_, rules) = ws.assessment_sections(assessment)?;
            print_rules(&rules, *as_json)?;
        }
        AssessCommand::Verdict {
            assessment,
            json: as_json,
        } => {
            let v = ws.verdict(assessment)?;
            if *as_json {
                json(&serde_json::json!({
                    "score": v.score,
                    "verdict": v.verdict,
                    "pending": v.pending,
                    "reasons": v.reasons.iter().map(|r| r.get(lang)).collect::<Vec<_>>(),
                    "sections": v.sections,
                    "unanswered": v.unanswered,
                    "final": v.verdict != sotay_model::verdict::VerdictKind::Incomplete,
                    "provisional": v.provisional,
                    "provisional_score": v.provisional_score,
                    "missing": v.missing,
                    "missing_directions": v.missing_directions,
                    "retested": v.retested,
                }))?;
            } else {
                println!("{}: {:.2}", tr(lang, "Điểm", "Score"), v.score);
                let pending = if v.pending {
                    tr(
                        lang,
                        " (chờ hành động khắc phục)",
                        " (pending corrective actions)",
                    )
                } else {
                    ""
                };
                println!(
                    "{}: {}{pending}",
                    tr(lang, "Kết luận", "Verdict"),
                    v.verdict.label().get(lang)
                );
                if let Some(p) = v.provisional {
                    println!(
                        "{}: {} ({})",
                        tr(lang, "Kết luận tạm thời", "Provisional verdict"),
                        p.label().get(lang),
                        tr(
                            lang,
                            "nếu các mục còn thiếu đều đạt; chưa phải kết luận chính thức",
                            "if every missing item passed; not a final verdict"
                        )
                    );
                }
                for r in &v.reasons {
                    println!("  - {}", r.get(lang));
                }
                for (s, sc) in &v.sections {
                    let score = sc.score.map_or("—".to_owned(), |x| format!("{x:.2}"));
                    println!("  {s}: {score}  ({}/{})", sc.answered, sc.items);
                }
            }
        }
        AssessCommand::Sign {
            assessment,
            role,
            name,
            position,
            drawing,
        } => {
            let role = parse_role(role)?;
            let drawing = match drawing {
                Some(file) => Some(read_drawing(file)?),
                None => None,
            };
            let s = ws.sign_assessment(
                assessment,
                &SignInput {
                    role,
                    name: name.clone(),
                    position: position.clone(),
                    drawing,
                },
            )?;
            println!(
                "{}: {} — {} ({})",
                tr(lang, "Đã ký", "Signed"),
                s.role.label().get(lang),
                s.name,
                s.signed_at
            );
        }
        AssessCommand::Unsign { assessment, role } => {
            let role = parse_role(role)?;
            let e = ws.withdraw_signature(assessment, role)?;
            println!(
                "{}: {} — {} ({} {}); {} {} {}",
                tr(lang, "Đã hủy chữ ký", "Signature withdrawn"),
                e.role.label().get(lang),
                e.name,
                tr(lang, "ký lúc", "signed"),
                e.signed_at,
                tr(lang, "người hủy:", "by"),
                e.by,
                e.at
            );
        }
        AssessCommand::Show {
            assessment,
            json: as_json,
        } => {
            let a = ws.assessment(assessment)?;
            let signatures = ws.signatures(&a.id)?;
            let history = ws.signature_history(&a.id)?;
            if *as_json {
                let mut v = serde_json::to_value(&a)
                    .map_err(|e| Error::new(ErrorCode::Internal, e.to_string()))?;
                v["signatures"] = serde_json::to_value(&signatures)
                    .map_err(|e| Error::new(ErrorCode::Internal, e.to_string()))?;
                v["signature_history"] = serde_json::to_value(&history)
                    .map_err(|e| Error::new(ErrorCode::Internal, e.to_string()))?;
                json(&v)?;
            } else {
                println!("{} — {}", a.pilot_name, a.date);
                println!(
                    "{}: {} ({})",
                    tr(lang, "Sổ tay", "Handbook"),
                    a.handbook_title,
                    a.handbook_version
                );
                println!(
                    "{}: {}",
                    tr(lang, "Trạng thái", "Status"),
                    a.status.label().get(lang)
                );
                println!("{}: {}", tr(lang, "Trưởng đoàn", "Team leader"), a.lead);
                for role in SignatureRole::ALL {
                    let line = match signatures.iter().find(|s| s.role == role) {
                        Some(s) => {
                            let how = if s.drawing.is_some() {
                                tr(lang, "chữ ký vẽ", "drawn")
                            } else {
                                tr(lang, "ghi tên", "typed name")
                            };
                            let stale = if s.current {
                                ""
                            } else {
                                tr(
                                    lang,
                                    " — đã có thay đổi sau khi ký, cần ký lại",
                                    " — changed after signing, to be signed again",
                                )
                            };
                            format!("{} ({how}, {}){stale}", s.name, s.signed_at)
                        }
                        None => tr(lang, "chưa ký", "not signed").to_owned(),
                    };
                    println!("{}: {line}", role.label().get(lang));
                }
                if !history.is_empty() {
                    println!("{}:", tr(lang, "Lịch sử chữ ký", "Signature history"));
                }
                for e in &history {
                    let what = match e.kind {
                        SignatureEventKind::Signed => tr(lang, "ký", "signed"),
                        SignatureEventKind::Withdrawn => tr(lang, "hủy chữ ký", "withdrawn"),
                    };
                    println!(
                        "  {} {what}: {} — {} ({} {})",
                        e.at,
                        e.role.label().get(lang),
                        e.name,
                        tr(lang, "người thực hiện:", "by"),
                        e.by
                    );
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// A signer's role as the command line names it.
fn parse_role(role: &str) -> Result<SignatureRole, Error> {
    SignatureRole::parse(role).ok_or_else(|| {
        bad(
            format!("Vai trò “{role}” không hợp lệ (leader: trưởng đoàn kiểm tra, representative: đại diện mô hình thí điểm)."),
            format!("Unknown role “{role}” (leader or representative)."),
        )
    })
}

/// A drawn signature from a JSON file: {"width", "height", "strokes": [[[x, y], …], …]}.
fn read_drawing(file: &std::path::Path) -> Result<Drawing, Error> {
    // 5 000 points take well under 1 MB; a larger file is not a signature.
    const MAX_BYTES: u64 = 1 << 20;
    if std::fs::metadata(file).is_ok_and(|m| m.len() > MAX_BYTES) {
        return Err(bad(
            format!("Tệp chữ ký vẽ “{}” quá lớn (tối đa 1 MB).", file.display()),
            format!(
                "The drawn signature file “{}” is too large (at most 1 MB).",
                file.display()
            ),
        ));
    }
    let text = sotay::read_text(file)?;
    serde_json::from_str(&text).map_err(|e| {
        bad(
            format!(
                "“{}” không phải chữ ký vẽ hợp lệ (JSON {{\"width\", \"height\", \"strokes\": [[[x, y], …], …]}}): {e}",
                file.display()
            ),
            format!(
                "“{}” is not a valid drawn signature (JSON {{\"width\", \"height\", \"strokes\": [[[x, y], …], …]}}): {e}",
                file.display()
            ),
        )
    })
}

/// `sotay rules show|set|reset`.
pub fn rules(
    ws: &mut Workspace,
    lang: Lang,
    cmd: &crate::args::RulesCommand,
) -> Result<ExitCode, Error> {
    let (rules, as_json) = match cmd {
        crate::args::RulesCommand::Show { json } => (ws.rules()?, *json),
        crate::args::RulesCommand::Set { key, value } => {
            let r = ws.set_rule(key, value)?;
            println!("{} {key} = {value}", tr(lang, "Đã đặt", "Set"));
            (r, false)
        }
        crate::args::RulesCommand::Reset => {
            let r = ws.reset_rules()?;
            println!(
                "{}",
                tr(
                    lang,
                    "Đã đặt lại quy tắc mặc định.",
                    "Rules reset to the defaults."
                )
            );
            (r, false)
        }
    };
    if let crate::args::RulesCommand::Show { .. } = cmd {
        print_rules(&rules, as_json)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Rules as JSON, or one `key = value` line each.
fn print_rules(rules: &sotay_model::verdict::Rules, as_json: bool) -> Result<(), Error> {
    if as_json {
        return json(rules);
    }
    let value =
        serde_json::to_value(rules).map_err(|e| Error::new(ErrorCode::Internal, e.to_string()))?;
    if let Some(o) = value.as_object() {
        for (k, v) in o {
            println!("{k} = {v}");
        }
    }
    Ok(())
}
