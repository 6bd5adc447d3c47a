//! The programme's tables (migration 0009): a version-8 database keeps its records when it
//! gains them; plans, lines, spending, activities and returns read back; SQL refuses what the
//! use cases refuse too (a zero amount, a negative estimate).

use std::path::Path;

use sotay_model::plan::{Activity, ActivityKind, Participants, ReturnFigures, TaskStatus};
use sotay_store::{
    AgencyRow, LineRow, NewActivity, NewPlan, NewReturn, NewSpending, Store, TaskRow,
    LATEST_SCHEMA_VERSION,
};
use tempfile::TempDir;

const AT: &str = "2026-03-02T08:00:00Z";

/// A database at schema 8 (as the Sotay before the programme left it) with a pilot model,
/// an assessment and a handbook.
fn version_8_database(path: &Path) {
    let conn = sotay_store::database_at_version(path, 8).unwrap();
    conn.execute_batch(&format!(
        "INSERT INTO pilot_models (id, name, kind, province, commune, created_at)
             VALUES ('p1', 'HTX Thuận Hòa', 'cooperative', 'An Giang', 'Thạnh Đông', '{AT}');
         INSERT INTO assessments (id, pilot_id, date, checklist, rules, created_at, updated_at)
             VALUES ('a1', 'p1', '2025-07-20', '{{}}', '{{}}', '{AT}', '{AT}');"
    ))
    .unwrap();
}

fn plan(id: &str, year: i32) -> NewPlan {
    let line = |id: &str, code: &str, estimate| LineRow {
        id: id.into(),
        code: code.into(),
        title: format!("Dòng {code}"),
        lead: "Sở Khoa học và Công nghệ".into(),
        estimate_vnd: estimate,
        spent_vnd: 0,
    };
    NewPlan {
        id: id.into(),
        number: "69/KH-UBND".into(),
        date: format!("{year}-04-07"),
        issuing_body: "Ủy ban nhân dân tỉnh".into(),
        legal_bases: vec!["Quyết định số 100/QĐ-TTg".into()],
        year,
        title: "Kế hoạch".into(),
        template: "qd100-yearly".into(),
        created_by: "Hoa".into(),
        created_at: AT.into(),
        lines: vec![
            line(&format!("{id}-l1"), "1.1", 50_000_000),
            line(&format!("{id}-l2"), "2.1", 70_000_000),
        ],
        tasks: vec![TaskRow {
            id: format!("{id}-t1"),
            code: "1.1".into(),
            title: "Tập huấn".into(),
            lead: "Sở Khoa học và Công nghệ".into(),
            coordinating: vec!["Sở Công Thương".into()],
            period: "Quý II".into(),
            status: TaskStatus::NotStarted,
            progress: 0,
            line_code: Some("1.1".into()),
        }],
        agencies: vec![
            AgencyRow {
                id: format!("{id}-g1"),
                name: "Sở Công Thương".into(),
                kind: "department".into(),
                tasks: vec!["Đề xuất sản phẩm".into()],
            },
            AgencyRow {
                id: format!("{id}-g2"),
                name: "Hiệp hội".into(),
                kind: "association".into(),
                tasks: vec![],
            },
        ],
    }
}

#[test]
fn a_version_8_database_keeps_its_records_and_gains_the_programme() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("v8.db");
    version_8_database(&path);
    let mut store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), LATEST_SCHEMA_VERSION);
    // What was there is still there.
    let pilots = store.list_pilots().unwrap();
    assert_eq!(pilots.len(), 1);
    assert_eq!(pilots[0].name, "HTX Thuận Hòa");
    assert_eq!(store.assessments(None).unwrap().len(), 1);
    // And the programme's tables work.
    assert!(store.plans().unwrap().is_empty());
    store.insert_plan(&plan("k1", 2026)).unwrap();
    let list = store.plans().unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].total_estimate_vnd, 120_000_000);
    assert_eq!(list[0].total_spent_vnd, 0);
    drop(store);
    // Opening again migrates nothing more and keeps the plan.
    let store = Store::open(&path).unwrap();
    assert_eq!(store.plan("k1").unwrap().number, "69/KH-UBND");
}

#[test]
fn spending_activities_and_returns_read_back_and_sql_refuses_bad_amounts() {
    let dir = TempDir::new().unwrap();
    let mut store = Store::open(&dir.path().join("w.db")).unwrap();
    store.insert_plan(&plan("k1", 2026)).unwrap();
    let spend = |id: &'static str, amount| NewSpending {
        id,
        plan_id: "k1",
        line_id: "k1-l1",
        date: "2026-05-10",
        amount_vnd: amount,
        reference: "PC-01",
        payee: "Khách sạn",
        created_by: "Hoa",
        created_at: AT,
    };
    store.insert_spending(&spend("s1", 12_500_000)).unwrap();
    store.insert_spending(&spend("s2", 1)).unwrap();
    assert!(store.insert_spending(&spend("s3", 0)).is_err());
    assert!(store.insert_spending(&spend("s4", -5)).is_err());
    let lines = store.plan_lines("k1").unwrap();
    assert_eq!(
        lines
            .iter()
            .map(|l| (l.code.as_str(), l.estimate_vnd, l.spent_vnd))
            .collect::<Vec<_>>(),
        [("1.1", 50_000_000, 12_500_001), ("2.1", 70_000_000, 0)]
    );
    assert_eq!(store.plan_spending("k1").unwrap().len(), 2);
    assert_eq!(store.plans().unwrap()[0].total_spent_vnd, 12_500_001);

    let activity = Activity {
        id: "act1".into(),
        kind: ActivityKind::Training,
        date: "2026-06-01".into(),
        title: "Tập huấn TXNG".into(),
        place: "Rạch Giá".into(),
        organiser: "Sở KH&CN".into(),
        participants: Participants {
            enterprises: 20,
            cooperatives: 12,
            officials: 3,
            others: 0,
        },
        participants_total: 35,
        line: Some("1.1".into()),
        created_at: AT.into(),
        audience: "Doanh nghiệp nuôi tôm".into(),
        materials: "Sổ tay".into(),
        files: vec![],
        attendance: vec![],
    };
    store
        .insert_activity(&NewActivity {
            plan_id: "k1",
            activity: &activity,
            line_id: Some("k1-l1"),
            created_by: "Hoa",
        })
        .unwrap();
    assert_eq!(store.plan_activities("k1").unwrap(), [activity]);

    store
        .update_task("k1-t1", TaskStatus::InProgress, 40)
        .unwrap();
    store.link_task("k1-t1", "activity", "act1", AT).unwrap();
    store.link_task("k1-t1", "activity", "act1", AT).unwrap();
    let task = &store.plan_tasks("k1").unwrap()[0];
    assert_eq!(
        (task.status, task.progress, task.line_code.as_deref()),
        (TaskStatus::InProgress, 40, Some("1.1"))
    );
    assert_eq!(store.task_links("k1-t1").unwrap().len(), 1);
    assert!(store.update_task("k1-t1", TaskStatus::Done, 101).is_err());

    // The latest return of an agency counts; the earlier one is kept.
    let figures = |n| ReturnFigures {
        activities: n,
        ..ReturnFigures::default()
    };
    let (f1, f2) = (figures(1), figures(2));
    for (id, f, at) in [
        ("r1", &f1, "2026-12-01T00:00:00Z"),
        ("r2", &f2, "2026-12-02T00:00:00Z"),
    ] {
        store
            .insert_return(&NewReturn {
                id,
                plan_id: "k1",
                agency_id: "k1-g1",
                received_on: "2026-12-01",
                figures: f,
                file_name: "a.xlsx",
                sha256: "",
                imported_by: "Hoa",
                imported_at: at,
            })
            .unwrap();
    }
    let returns = store.latest_returns("k1").unwrap();
    assert_eq!(returns.len(), 1);
    assert_eq!(returns[0].figures.activities, 2);
}
