//! Next year's direction (phương hướng, nhiệm vụ năm sau), issue 20: free text kept on the
//! year's plan, drafted from the plan's open tasks while nothing is written, and printed at the
//! end of the annual report.

use sotay_model::plan::{direction_from_open_tasks, PlanDirection};

use crate::{Error, Workspace};

/// The most a direction may hold (characters).
const MAX_CHARS: usize = 20_000;

impl Workspace {
    /// A plan's direction for next year: what was written, or the draft from its open tasks.
    pub fn plan_direction(&self, plan: &str) -> Result<PlanDirection, Error> {
        let id = self.resolve_plan(plan)?;
        let written = self.store.plan_direction(&id)?;
        if !written.trim().is_empty() {
            let year = self.store.plan(&id)?.year;
            return Ok(PlanDirection {
                plan_id: id,
                year,
                text: written,
                prefilled: false,
            });
        }
        let view = self.plan_view(&id)?;
        Ok(PlanDirection {
            plan_id: id,
            year: view.year,
            text: direction_from_open_tasks(&view.tasks),
            prefilled: true,
        })
    }

    /// Keeps a plan's direction for next year (NFC, trimmed); an empty text clears it, so the
    /// draft from the open tasks shows again.
    pub fn set_plan_direction(&mut self, plan: &str, text: &str) -> Result<PlanDirection, Error> {
        let id = self.resolve_plan(plan)?;
        let t = crate::plan::text(
            &text.replace("\r\n", "\n"),
            "Phương hướng",
            "The direction",
            MAX_CHARS,
        )?;
        self.store.set_plan_direction(&id, &t)?;
        self.plan_direction(&id)
    }

    /// The annual report's last section: "Phương hướng, nhiệm vụ năm {year + 1}" from the
    /// plans of `year`; a plain sentence when there is no plan or nothing to say.
    pub(crate) fn direction_report_section(&self, year: i32) -> Result<String, Error> {
        let next = year + 1;
        let mut md = format!("## Phương hướng, nhiệm vụ năm {next}\n\n");
        let plans = self.plans_of_year(year)?;
        if plans.is_empty() {
            md.push_str(&format!(
                "Chưa có kế hoạch năm {year} trong Sotay nên chưa có phương hướng, nhiệm vụ cho năm {next}.\n\n"
            ));
            return Ok(md);
        }
        for p in plans.iter().rev() {
            let d = self.plan_direction(&p.id)?;
            if plans.len() > 1 {
                let name = if p.number.is_empty() {
                    p.title.clone()
                } else {
                    format!("Kế hoạch số {}", p.number)
                };
                md.push_str(&format!("**{}**\n\n", crate::reports::cell(&name)));
            }
            if d.text.trim().is_empty() {
                md.push_str(&format!(
                    "Các nhiệm vụ của kế hoạch năm {year} đều đã hoàn thành; chưa ghi phương hướng, nhiệm vụ cho năm {next}.\n\n"
                ));
                continue;
            }
            for line in d.text.lines().map(str::trim).filter(|l| !l.is_empty()) {
                md.push_str(&paragraph(line));
                md.push_str("\n\n");
            }
        }
        Ok(md)
    }
}

/// A line the user wrote as one paragraph of the report: a leading Markdown marker ("#", ">",
/// "-", "*", "+", "1.") is escaped so it prints as typed.
fn paragraph(line: &str) -> String {
    let starts_marker = line.starts_with(['#', '>', '-', '*', '+', '|'])
        || line
            .split_once(['.', ')'])
            .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
    let line = line.replace('|', "\\|");
    if starts_marker && !line.starts_with('\\') {
        format!("\\{line}")
    } else {
        line
    }
}

#[cfg(test)]
mod tests {
    use sotay_model::plan::TaskStatus;

    use super::paragraph;
    use crate::plan::tests::{workspace, yearly};

    #[test]
    fn the_direction_is_drafted_from_open_tasks_until_written_and_printed_in_the_report() {
        let (_d, mut ws) = workspace();
        let plan = yearly(&mut ws);
        for t in &plan.tasks {
            if t.code != "2.2" {
                ws.set_task(&plan.id, &t.code, Some(TaskStatus::Done), Some(100))
                    .unwrap();
            }
        }
        let d = ws.plan_direction(&plan.id).unwrap();
        assert!(d.prefilled);
        assert_eq!(d.year, 2026);
        let t22 = plan.tasks.iter().find(|t| t.code == "2.2").unwrap();
        assert_eq!(
            d.text,
            format!(
                "Tiếp tục thực hiện nhiệm vụ 2.2 {} (chủ trì: {}; tiến độ 0 %).",
                t22.title, t22.lead
            )
        );
        let md = ws.direction_report_section(2026).unwrap();
        assert!(
            md.starts_with("## Phương hướng, nhiệm vụ năm 2027\n\n"),
            "{md}"
        );
        assert!(md.contains(&d.text), "{md}");

        let w = ws
            .set_plan_direction(
                &plan.id,
                "  Nhân rộng mô hình cho 5 hợp tác xã.\r\n# Kết nối cổng quốc gia ",
            )
            .unwrap();
        assert!(!w.prefilled);
        assert_eq!(
            w.text,
            "Nhân rộng mô hình cho 5 hợp tác xã.\n# Kết nối cổng quốc gia"
        );
        let md = ws.direction_report_section(2026).unwrap();
        assert_eq!(
            md,
            "## Phương hướng, nhiệm vụ năm 2027\n\nNhân rộng mô hình cho 5 hợp tác xã.\n\n\\# Kết nối cổng quốc gia\n\n"
        );
        assert!(!md.contains("Tiếp tục thực hiện"));

        // Cleared: the draft shows again; every task done: said plainly.
        ws.set_task(&plan.id, "2.2", Some(TaskStatus::Done), Some(100))
            .unwrap();
        let c = ws.set_plan_direction(&plan.id, "   ").unwrap();
        assert!(c.prefilled);
        assert_eq!(c.text, "");
        assert!(ws
            .direction_report_section(2026)
            .unwrap()
            .contains("đều đã hoàn thành; chưa ghi phương hướng, nhiệm vụ cho năm 2027."));
    }

    #[test]
    fn with_no_plan_the_report_says_so_and_bad_input_changes_nothing() {
        let (_d, mut ws) = workspace();
        assert_eq!(
            ws.direction_report_section(2025).unwrap(),
            "## Phương hướng, nhiệm vụ năm 2026\n\nChưa có kế hoạch năm 2025 trong Sotay nên chưa có phương hướng, nhiệm vụ cho năm 2026.\n\n"
        );
        let plan = yearly(&mut ws);
        ws.set_plan_direction(&plan.id, "Giữ nguyên").unwrap();
        let too_long = "a".repeat(20_001);
        let e = ws.set_plan_direction(&plan.id, &too_long).unwrap_err();
        assert_eq!(e.code, crate::ErrorCode::InvalidInput);
        assert_eq!(ws.plan_direction(&plan.id).unwrap().text, "Giữ nguyên");
        assert!(ws.set_plan_direction("không-có", "x").is_err());
    }

    #[test]
    fn markers_are_escaped() {
        assert_eq!(paragraph("1. Một"), "\\1. Một");
        assert_eq!(paragraph("- gạch"), "\\- gạch");
        assert_eq!(paragraph("Bình thường"), "Bình thường");
    }
}
