//! The annual report's section on the plan of the year: tasks, budget planned vs spent per
//! line and in total (figures and words), outreach and participants, and the agencies' returns
//! (who sent, who has not, what they report). Every figure comes from the records.

use std::fmt::Write as _;

use sotay_model::money::{capitalize, group_digits, vnd_in_words};
use sotay_model::plan::PlanView;

use crate::reports::{cell, pct};
use crate::{Error, Workspace};

/// "07/04/2026" from "2026-04-07".
pub(crate) fn dmy(date: &str) -> String {
    match (date.get(0..4), date.get(5..7), date.get(8..10)) {
        (Some(y), Some(m), Some(d)) if date.len() == 10 => format!("{d}/{m}/{y}"),
        _ => date.to_owned(),
    }
}

fn share(part: i64, whole: i64) -> String {
    if whole > 0 {
        format!("{} %", pct(part as f64 / whole as f64 * 100.0))
    } else {
        "—".into()
    }
}

/// The section of one plan.
fn section(p: &PlanView) -> String {
    let mut md = String::new();
    let mut name = if p.number.is_empty() {
        p.title.clone()
    } else {
        format!("Kế hoạch số {}", p.number)
    };
    if !p.date.is_empty() {
        let _ = write!(name, " ngày {}", dmy(&p.date));
    }
    let _ = writeln!(md, "## Kết quả thực hiện {name}\n");
    if !p.number.is_empty() {
        let _ = writeln!(md, "{}.\n", cell(&p.title));
    }

    md.push_str("### Nhiệm vụ\n\nBảng: Các nhiệm vụ của kế hoạch\n\n| Mã | Nhiệm vụ | Chủ trì | Thời gian | Trạng thái | Tiến độ | Kết quả ghi nhận |\n|---|---|---|---|---|--:|---|\n");
    for t in &p.tasks {
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {} | {} % | {} |",
            cell(&t.code),
            cell(&t.title),
            cell(&t.lead),
            cell(&t.period),
            t.status.label().vi,
            t.progress,
            if t.evidence.is_empty() {
                "—".to_owned()
            } else {
                cell(&t.evidence)
            }
        );
    }

    md.push_str("\n### Kinh phí\n\nBảng: Kinh phí dự toán và đã chi theo dòng (đồng)\n\n| Mã | Nội dung | Chủ trì | Dự toán | Đã chi | Còn lại | Tỷ lệ chi |\n|---|---|---|--:|--:|--:|--:|\n");
    for l in &p.lines {
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {} | {} | {} |",
            cell(&l.code),
            cell(&l.title),
            cell(&l.lead),
            group_digits(l.estimate_vnd),
            group_digits(l.spent_vnd),
            group_digits(l.remaining_vnd),
            share(l.spent_vnd, l.estimate_vnd)
        );
    }
    let _ = writeln!(
        md,
        "| | **Tổng cộng** | | **{}** | **{}** | **{}** | **{}** |\n",
        group_digits(p.total_estimate_vnd),
        group_digits(p.total_spent_vnd),
        group_digits(p.total_remaining_vnd),
        share(p.total_spent_vnd, p.total_estimate_vnd)
    );
    let _ = writeln!(
        md,
        "Tổng kinh phí dự toán: {} đồng (bằng chữ: {}). Đã chi: {} đồng (bằng chữ: {}), đạt {} dự toán.\n",
        group_digits(p.total_estimate_vnd),
        capitalize(&vnd_in_words(p.total_estimate_vnd)),
        group_digits(p.total_spent_vnd),
        capitalize(&vnd_in_words(p.total_spent_vnd)),
        share(p.total_spent_vnd, p.total_estimate_vnd)
    );
    let over: Vec<String> = p
        .lines
        .iter()
        .filter(|l| l.remaining_vnd < 0)
        .map(|l| format!("{} (vượt {} đồng)", l.code, group_digits(-l.remaining_vnd)))
        .collect();
    if !over.is_empty() {
        let _ = writeln!(md, "Các dòng chi vượt dự toán: {}.\n", over.join(", "));
    }

    md.push_str("### Tuyên truyền, tập huấn, hội thảo\n\n");
    let count: u32 = p.activity_totals.iter().map(|t| t.count).sum();
    let people: u32 = p.activity_totals.iter().map(|t| t.participants_total).sum();
    let _ = writeln!(
        md,
        "Trong năm đã thực hiện {count} hoạt động với {people} lượt người tham dự.\n"
    );
    md.push_str("Bảng: Hoạt động và người tham dự theo loại\n\n| Loại hoạt động | Số hoạt động | Doanh nghiệp | Hợp tác xã | Cán bộ | Khác | Tổng số người |\n|---|--:|--:|--:|--:|--:|--:|\n");
    for t in &p.activity_totals {
        let q = &t.participants;
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {} | {} | {} |",
            t.kind.label().vi,
            t.count,
            q.enterprises,
            q.cooperatives,
            q.officials,
            q.others,
            t.participants_total
        );
    }
    let _ = writeln!(
        md,
        "| **Tổng cộng** | **{count}** | | | | | **{people}** |\n"
    );
    if !p.activities.is_empty() {
        md.push_str("Bảng: Các hoạt động trong năm\n\n| Ngày | Loại | Tên hoạt động | Địa điểm | Số người | Dòng kinh phí | Minh chứng |\n|---|---|---|---|--:|---|---|\n");
        for a in &p.activities {
            let _ = writeln!(
                md,
                "| {} | {} | {} | {} | {} | {} | {} |",
                dmy(&a.date),
                a.kind.label().vi,
                cell(&a.title),
                cell(&a.place),
                a.participants_total,
                a.line.as_deref().unwrap_or("—"),
                evidence_of(a)
            );
        }
        md.push('\n');
    }

    let _ = writeln!(
        md,
        "### Báo cáo của các sở, ngành, địa phương (hạn {})\n",
        dmy(&p.returns_due)
    );
    let received: Vec<_> = p.returns.iter().filter(|r| r.received).collect();
    let missing: Vec<&str> = p
        .returns
        .iter()
        .filter(|r| !r.received)
        .map(|r| r.agency.as_str())
        .collect();
    let _ = writeln!(
        md,
        "Đã nhận {}/{} báo cáo.{}\n",
        received.len(),
        p.returns.len(),
        if missing.is_empty() {
            String::new()
        } else {
            format!(" Chưa gửi: {}.", missing.join("; "))
        }
    );
    if !received.is_empty() {
        md.push_str("Bảng: Số liệu các đơn vị báo cáo\n\n| Đơn vị | Ngày nhận | Hoạt động | Người tham dự | Sản phẩm đề xuất | Đơn vị áp dụng TXNG |\n|---|---|--:|--:|--:|--:|\n");
        let mut sum = [0u32; 4];
        for r in &received {
            let f = r.figures.clone().unwrap_or_default();
            let row = [
                f.activities,
                f.participants,
                f.products_proposed,
                f.units_applying,
            ];
            for (s, v) in sum.iter_mut().zip(row) {
                *s += v;
            }
            let _ = writeln!(
                md,
                "| {} | {}{} | {} | {} | {} | {} |",
                cell(&r.agency),
                dmy(r.received_on.as_deref().unwrap_or_default()),
                if r.late { " (quá hạn)" } else { "" },
                row[0],
                row[1],
                row[2],
                row[3]
            );
        }
        let _ = writeln!(
            md,
            "| **Tổng cộng** | | **{}** | **{}** | **{}** | **{}** |\n",
            sum[0], sum[1], sum[2], sum[3]
        );
        for (title, pick) in [
            (
                "Khó khăn, vướng mắc",
                (|f: &sotay_model::plan::ReturnFigures| f.difficulties.clone())
                    as fn(&sotay_model::plan::ReturnFigures) -> String,
            ),
            ("Đề xuất, kiến nghị", |f| f.proposals.clone()),
        ] {
            let items: Vec<String> = received
                .iter()
                .filter_map(|r| {
                    let t = pick(r.figures.as_ref()?);
                    (!t.is_empty()).then(|| format!("- {}: {}", cell(&r.agency), cell(&t)))
                })
                .collect();
            if !items.is_empty() {
                let _ = writeln!(md, "{title} do các đơn vị nêu:\n\n{}\n", items.join("\n"));
            }
        }
    }
    md
}

impl Workspace {
    /// The plans of `year`, as [`Workspace::plans`] lists them.
    pub(crate) fn plans_of_year(
        &self,
        year: i32,
    ) -> Result<Vec<sotay_model::plan::PlanSummary>, Error> {
        Ok(self
            .plans()?
            .into_iter()
            .filter(|p| p.year == year)
            .collect())
    }

    /// The annual report's section on the plans of `year` (a sentence when there is none).
    pub(crate) fn plan_report_section(&self, year: i32) -> Result<String, Error> {
        let plans = self.plans_of_year(year)?;
        if plans.is_empty() {
            return Ok(format!(
                "## Kế hoạch năm {year}\n\nChưa có kế hoạch năm {year} trong Sotay.\n\n"
            ));
        }
        let mut md = String::new();
        for p in plans.iter().rev() {
            md.push_str(&section(&self.plan_view(&p.id)?));
        }
        Ok(md)
    }
}

/// What evidence an activity has, in words: "danh sách đại biểu; 2 ảnh; 1 tài liệu", or "—".
fn evidence_of(a: &sotay_model::plan::Activity) -> String {
    use sotay_model::plan::ActivityFileKind as K;
    let n = |k: K| a.files.iter().filter(|f| f.kind == k).count();
    let mut parts = Vec::new();
    if !a.attendance.is_empty() {
        parts.push(format!("danh sách đại biểu ({} người)", a.attendance.len()));
    }
    if n(K::Photo) > 0 {
        parts.push(format!("{} ảnh", n(K::Photo)));
    }
    if n(K::Document) > 0 {
        parts.push(format!("{} tài liệu", n(K::Document)));
    }
    if parts.is_empty() {
        "—".to_owned()
    } else {
        parts.join("; ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sotay_model::plan::{
        Activity, ActivityFile, ActivityFileKind, ActivityKind, Attendee, AttendeeKind,
        Participants,
    };

    #[test]
    fn an_activitys_evidence_is_said_in_words() {
        let file = |kind| ActivityFile {
            id: "f".into(),
            kind,
            name: "x".into(),
            sha256: String::new(),
            taken_at: None,
            has_thumbnail: false,
            created_at: String::new(),
        };
        let person = Attendee {
            name: "An".into(),
            unit: "Công ty A".into(),
            kind: AttendeeKind::Enterprise,
            phone: String::new(),
        };
        let mut a = Activity {
            id: "a".into(),
            kind: ActivityKind::Training,
            date: "2026-06-12".into(),
            title: "Tập huấn".into(),
            place: String::new(),
            organiser: String::new(),
            participants: Participants::default(),
            participants_total: 0,
            line: None,
            created_at: String::new(),
            audience: String::new(),
            materials: String::new(),
            files: vec![],
            attendance: vec![],
        };
        assert_eq!(evidence_of(&a), "—");
        a.files = vec![
            file(ActivityFileKind::Attendance),
            file(ActivityFileKind::Photo),
            file(ActivityFileKind::Photo),
            file(ActivityFileKind::Document),
        ];
        a.attendance = vec![person.clone(), person];
        assert_eq!(
            evidence_of(&a),
            "danh sách đại biểu (2 người); 2 ảnh; 1 tài liệu"
        );
    }
}
