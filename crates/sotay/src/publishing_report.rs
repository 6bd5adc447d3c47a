//! The annual report's section on issuing the handbook (issue 20): the editions published in
//! the year and the copies issued in it, counted from the distribution log (nhật ký phát hành)
//! — per format and by kind of recipient. Every figure comes from the records.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use sotay_model::edition::RecipientKind;

use crate::reports::cell;
use crate::{Error, Workspace};

/// A file format of the log as the report names it.
fn format_vi(format: &str) -> &str {
    match format {
        "pdf-print" => "PDF bản in",
        "pdf-screen" => "PDF đọc trên màn hình",
        "html" => "HTML",
        "epub" => "EPUB",
        other => other,
    }
}

/// The year, in Vietnam (UTC+7), of a copy's `issued_at` (RFC 3339); its first four characters
/// when it does not read as one.
fn year_in_vietnam(issued_at: &str) -> String {
    time::OffsetDateTime::parse(
        issued_at.trim(),
        &time::format_description::well_known::Rfc3339,
    )
    .map(|t| t.to_offset(time::macros::offset!(+7)).year().to_string())
    .unwrap_or_else(|_| issued_at.get(..4).unwrap_or_default().to_owned())
}

/// Recipients (name, unit) and copies (edition, serial) counted once each.
type Tally = (BTreeSet<(String, String)>, BTreeSet<(String, u32)>);

impl Workspace {
    /// "Phát hành sổ tay năm {year}": editions dated in the year; copies issued in it (a copy
    /// is one serial given to one recipient, the master file of serial 0 is not one) per
    /// format and by kind of recipient.
    pub(crate) fn publishing_report_section(&self, year: i32) -> Result<String, Error> {
        let y = year.to_string();
        let mut md = format!("## Phát hành sổ tay năm {y}\n\n");
        // (handbook, edition label, date, copies of it issued in the year)
        let mut editions: Vec<(String, String, String, usize)> = Vec::new();
        let mut copies: BTreeSet<(String, u32)> = BTreeSet::new();
        let mut recipients: BTreeSet<(String, String)> = BTreeSet::new();
        let mut reprints: BTreeSet<(String, u32)> = BTreeSet::new();
        let mut files_by_format: BTreeMap<String, usize> = BTreeMap::new();
        // By kind (None: the list gave none): the recipients and the copies.
        let mut by_kind: BTreeMap<Option<RecipientKind>, Tally> = BTreeMap::new();
        for h in self.handbooks()? {
            for e in self.store.editions(&h.id)? {
                let in_year: Vec<_> = self
                    .store
                    .copies(&e.id)?
                    .into_iter()
                    .filter(|c| c.serial > 0 && year_in_vietnam(&c.issued_at) == y)
                    .collect();
                let serials: BTreeSet<u32> = in_year.iter().map(|c| c.serial).collect();
                for c in &in_year {
                    copies.insert((e.id.clone(), c.serial));
                    recipients.insert((c.recipient.clone(), c.unit.clone()));
                    if c.replaces.is_some() {
                        reprints.insert((e.id.clone(), c.serial));
                    }
                    *files_by_format.entry(c.format.clone()).or_default() += 1;
                    let k = by_kind.entry(c.kind).or_default();
                    k.0.insert((c.recipient.clone(), c.unit.clone()));
                    k.1.insert((e.id.clone(), c.serial));
                }
                if e.date.starts_with(&y) || !serials.is_empty() {
                    editions.push((h.title.clone(), e.label, e.date, serials.len()));
                }
            }
        }
        if editions.is_empty() {
            let _ = writeln!(
                md,
                "Theo nhật ký phát hành, trong năm {y} không có ấn bản sổ tay nào được phát hành và không có bản nào được cấp.\n"
            );
            return Ok(md);
        }
        let published = editions
            .iter()
            .filter(|(_, _, date, _)| date.starts_with(&y))
            .count();
        let _ = writeln!(
            md,
            "Số ấn bản phát hành trong năm {y}: {published}. Số bản sổ tay đã cấp trong năm: {} bản cho {} người nhận{}.\n",
            copies.len(),
            recipients.len(),
            if reprints.is_empty() {
                String::new()
            } else {
                format!(" (trong đó {} bản in lại thay bản bị mất)", reprints.len())
            }
        );
        md.push_str("Bảng: Các ấn bản phát hành hoặc cấp bản trong năm\n\n| Sổ tay | Ấn bản | Ngày phát hành | Số bản cấp trong năm |\n|---|---|---|--:|\n");
        for (title, label, date, n) in &editions {
            let _ = writeln!(
                md,
                "| {} | {} | {} | {n} |",
                cell(title),
                cell(label),
                sotay_doc::display_date(date)
            );
        }
        md.push('\n');
        if !files_by_format.is_empty() {
            md.push_str(
                "Bảng: Số tệp đã cấp theo định dạng\n\n| Định dạng | Số tệp |\n|---|--:|\n",
            );
            for (format, n) in &files_by_format {
                let _ = writeln!(md, "| {} | {n} |", format_vi(format));
            }
            md.push('\n');
        }
        md.push_str("Bảng: Số bản đã cấp theo loại người nhận\n\n| Loại người nhận | Số người nhận | Số bản |\n|---|--:|--:|\n");
        let rows = RecipientKind::ALL
            .into_iter()
            .map(|k| (Some(k), k.label().vi))
            .chain([(None, "Chưa phân loại".to_owned())]);
        for (kind, label) in rows {
            if let Some((who, which)) = by_kind.get(&kind) {
                let _ = writeln!(md, "| {label} | {} | {} |", who.len(), which.len());
            }
        }
        let _ = writeln!(
            md,
            "| **Tổng cộng** | **{}** | **{}** |\n",
            recipients.len(),
            copies.len()
        );
        if let Some((_, which)) = by_kind.get(&None) {
            let _ = writeln!(
                md,
                "{} bản “chưa phân loại” là các bản mà danh sách người nhận không ghi loại người nhận (sở, ngành; UBND cấp xã; hợp tác xã; doanh nghiệp; khác).\n",
                which.len()
            );
        }
        Ok(md)
    }
}

#[cfg(test)]
mod tests {
    use super::year_in_vietnam;
    use crate::plan::tests::workspace;

    #[test]
    fn the_section_counts_editions_and_copies_of_the_year_from_the_log() {
        let (dir, mut ws) = workspace();
        assert_eq!(
            ws.publishing_report_section(2026).unwrap(),
            "## Phát hành sổ tay năm 2026\n\nTheo nhật ký phát hành, trong năm 2026 không có ấn bản sổ tay nào được phát hành và không có bản nào được cấp.\n\n"
        );
        let h = ws
            .create_handbook(&crate::NewHandbookRequest {
                template_id: "lua-gao".into(),
                title: Some("Sổ tay lúa gạo".into()),
                ..Default::default()
            })
            .unwrap()
            .id;
        ws.set_status(&h, sotay_model::HandbookStatus::Review, "")
            .unwrap();
        ws.set_status(&h, sotay_model::HandbookStatus::Approved, "")
            .unwrap();
        let req: crate::PublishRequest = serde_json::from_value(serde_json::json!({
            "handbook": h, "label": "1.0", "date": "2026-01-15", "formats": ["html", "epub"],
            "paper": "a4", "out_dir": dir.path().join("ra"),
            "recipients": [
                { "name": "HTX Thuận Hòa", "unit": "Ban quản trị", "copies": 2, "kind": "cooperative" },
                { "name": "Sở Nông nghiệp và Môi trường", "unit": "", "copies": 1 }
            ],
        }))
        .unwrap();
        ws.publish(&req, &|_, _| {}, &std::sync::atomic::AtomicBool::new(false))
            .unwrap();
        let md = ws.publishing_report_section(2026).unwrap();
        assert!(
            md.contains("Số ấn bản phát hành trong năm 2026: 1. Số bản sổ tay đã cấp trong năm: 3 bản cho 2 người nhận.\n"),
            "{md}"
        );
        assert!(
            md.contains("| Sổ tay lúa gạo | 1.0 | 15/01/2026 | 3 |"),
            "{md}"
        );
        // Three copies in two formats: three files of each.
        assert!(md.contains("| EPUB | 3 |\n| HTML | 3 |"), "{md}");
        assert!(
            md.contains("| Hợp tác xã | 1 | 2 |\n| Chưa phân loại | 1 | 1 |\n| **Tổng cộng** | **2** | **3** |"),
            "{md}"
        );
        assert!(md.contains("1 bản “chưa phân loại”"), "{md}");
        // A reprint of a lost copy keeps its recipient's kind and counts as a copy of the year.
        let reprint: crate::PublishRequest = serde_json::from_value(serde_json::json!({
            "handbook": h, "label": "1.0", "date": "2026-01-15", "formats": ["html"],
            "paper": "a4", "out_dir": dir.path().join("in-lai"), "replaces": 1,
        }))
        .unwrap();
        ws.publish(
            &reprint,
            &|_, _| {},
            &std::sync::atomic::AtomicBool::new(false),
        )
        .unwrap();
        let md = ws.publishing_report_section(2026).unwrap();
        assert!(
            md.contains("4 bản cho 2 người nhận (trong đó 1 bản in lại thay bản bị mất)"),
            "{md}"
        );
        assert!(md.contains("| Hợp tác xã | 1 | 3 |"), "{md}");
        assert!(md.contains("| EPUB | 3 |\n| HTML | 4 |"), "{md}");
        // Another year has none of them.
        assert!(ws
            .publishing_report_section(2025)
            .unwrap()
            .contains("trong năm 2025 không có ấn bản"));
        // The annual report carries the section, and next year's direction instead of a fixed text.
        let facts = ws.annual_facts(2026).unwrap().markdown;
        assert!(facts.contains("## Phát hành sổ tay năm 2026"));
        assert!(facts.contains("## Phương hướng, nhiệm vụ năm 2027\n\nChưa có kế hoạch năm 2026"));
        assert!(!facts.contains("## Kiến nghị"));
    }

    #[test]
    fn a_recipients_list_may_give_each_ones_kind() {
        use sotay_model::edition::RecipientKind as K;
        let list =
            crate::parse_recipients("name,unit,copies,kind\nA,,1,HTX\nB,,2,\nC,,1,UBND cấp xã\n")
                .unwrap();
        let kinds: Vec<_> = list.iter().map(|r| r.kind).collect();
        assert_eq!(kinds, [Some(K::Cooperative), None, Some(K::Commune)]);
        // The three-column list of before still reads, without kinds.
        assert_eq!(
            crate::parse_recipients("name,unit,copies\nA,,1\n").unwrap()[0].kind,
            None
        );
        assert!(crate::parse_recipients("name,unit,copies,kind\nA,,1,hộ gia đình\n").is_err());
    }

    #[test]
    fn a_copy_counts_in_the_year_it_was_issued_in_vietnam() {
        assert_eq!(year_in_vietnam("2026-12-31T18:00:00Z"), "2027");
        assert_eq!(year_in_vietnam("2026-12-31T16:00:00Z"), "2026");
        assert_eq!(year_in_vietnam("2026-05-01"), "2026");
    }
}
