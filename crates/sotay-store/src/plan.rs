//! The programme (migration 0009): plans, tasks, budget lines, spending, activities, agencies
//! and their returns. Amounts are INTEGER đồng.

use rusqlite::{params, OptionalExtension, Row};
use sotay_model::plan::{
    Activity, ActivityFile, ActivityFileKind, ActivityKind, Attendee, AttendeeKind, Participants,
    PlanSummary, ReturnFigures, Spending, TaskStatus,
};

use crate::verification::{put_blob, BlobRef};
use crate::{Store, StoreError};

/// A plan about to be stored with everything its template gives it.
#[derive(Debug, Clone)]
pub struct NewPlan {
    pub id: String,
    pub number: String,
    pub date: String,
    pub issuing_body: String,
    pub legal_bases: Vec<String>,
    pub year: i32,
    pub title: String,
    pub template: String,
    pub created_by: String,
    pub created_at: String,
    pub lines: Vec<LineRow>,
    pub tasks: Vec<TaskRow>,
    pub agencies: Vec<AgencyRow>,
}

/// A plan's own fields (no lines, tasks…).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanRow {
    pub id: String,
    pub number: String,
    pub date: String,
    pub issuing_body: String,
    pub legal_bases: Vec<String>,
    pub year: i32,
    pub title: String,
    pub template: String,
    pub created_at: String,
}

/// A budget line; `spent_vnd` is the sum of its spending (0 when writing).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineRow {
    pub id: String,
    pub code: String,
    pub title: String,
    pub lead: String,
    pub estimate_vnd: i64,
    pub spent_vnd: i64,
}

/// A task; `line_code` names the line that funds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskRow {
    pub id: String,
    pub code: String,
    pub title: String,
    pub lead: String,
    pub coordinating: Vec<String>,
    pub period: String,
    pub status: TaskStatus,
    pub progress: u8,
    pub line_code: Option<String>,
}

/// An agency the plan names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgencyRow {
    pub id: String,
    pub name: String,
    pub kind: String,
    pub tasks: Vec<String>,
}

/// An agency's latest imported return.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReturnRow {
    pub agency_id: String,
    pub received_on: String,
    pub figures: ReturnFigures,
    pub file_name: String,
}

/// A spending entry about to be stored.
#[derive(Debug, Clone)]
pub struct NewSpending<'a> {
    pub id: &'a str,
    pub plan_id: &'a str,
    pub line_id: &'a str,
    pub date: &'a str,
    pub amount_vnd: i64,
    pub reference: &'a str,
    pub payee: &'a str,
    pub created_by: &'a str,
    pub created_at: &'a str,
}

/// An activity about to be stored (`line_id`, not the code).
#[derive(Debug, Clone)]
pub struct NewActivity<'a> {
    pub plan_id: &'a str,
    pub activity: &'a Activity,
    pub line_id: Option<&'a str>,
    pub created_by: &'a str,
}

/// An evidence file of an activity about to be stored, with its thumbnail if one was made.
#[derive(Debug, Clone)]
pub struct NewActivityFile<'a> {
    pub id: &'a str,
    pub activity_id: &'a str,
    pub kind: ActivityFileKind,
    pub name: &'a str,
    pub file: BlobRef<'a>,
    pub thumbnail: Option<BlobRef<'a>>,
    pub taken_at: Option<&'a str>,
    pub created_by: &'a str,
    pub at: &'a str,
}

/// A return about to be stored.
#[derive(Debug, Clone)]
pub struct NewReturn<'a> {
    pub id: &'a str,
    pub plan_id: &'a str,
    pub agency_id: &'a str,
    pub received_on: &'a str,
    pub figures: &'a ReturnFigures,
    pub file_name: &'a str,
    pub sha256: &'a str,
    pub imported_by: &'a str,
    pub imported_at: &'a str,
}

fn json_list(s: String) -> Vec<String> {
    serde_json::from_str(&s).unwrap_or_default()
}

fn to_json(v: &impl serde::Serialize) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "[]".into())
}

const PLAN_COLUMNS: &str =
    "id, number, date, issuing_body, legal_bases, year, title, template, created_at";

fn plan_from_row(r: &Row<'_>) -> rusqlite::Result<PlanRow> {
    Ok(PlanRow {
        id: r.get(0)?,
        number: r.get(1)?,
        date: r.get(2)?,
        issuing_body: r.get(3)?,
        legal_bases: json_list(r.get(4)?),
        year: r.get(5)?,
        title: r.get(6)?,
        template: r.get(7)?,
        created_at: r.get(8)?,
    })
}

/// A [`PlanSummary`] from `id, number, date, issuing_body, year, title, template, created_at`
/// and the two totals.
fn summary_from_row(r: &Row<'_>) -> rusqlite::Result<PlanSummary> {
    Ok(PlanSummary {
        id: r.get(0)?,
        number: r.get(1)?,
        date: r.get(2)?,
        issuing_body: r.get(3)?,
        year: r.get(4)?,
        title: r.get(5)?,
        template: r.get(6)?,
        created_at: r.get(7)?,
        total_estimate_vnd: r.get(8)?,
        total_spent_vnd: r.get(9)?,
    })
}

/// A [`LineRow`] from `id, code, title, lead, estimate_vnd` and what was spent.
fn line_from_row(r: &Row<'_>) -> rusqlite::Result<LineRow> {
    Ok(LineRow {
        id: r.get(0)?,
        code: r.get(1)?,
        title: r.get(2)?,
        lead: r.get(3)?,
        estimate_vnd: r.get(4)?,
        spent_vnd: r.get(5)?,
    })
}

/// A [`TaskRow`] from `id, code, title, lead, coordinating, period, status, progress` and its
/// line's code.
fn task_from_row(r: &Row<'_>) -> rusqlite::Result<TaskRow> {
    let status: String = r.get(6)?;
    Ok(TaskRow {
        id: r.get(0)?,
        code: r.get(1)?,
        title: r.get(2)?,
        lead: r.get(3)?,
        coordinating: json_list(r.get(4)?),
        period: r.get(5)?,
        status: TaskStatus::parse(&status).unwrap_or(TaskStatus::NotStarted),
        progress: r.get(7)?,
        line_code: r.get(8)?,
    })
}

/// A [`Spending`] from `id`, its line's code, `date, amount_vnd, reference, payee, created_at`.
fn spending_from_row(r: &Row<'_>) -> rusqlite::Result<Spending> {
    Ok(Spending {
        id: r.get(0)?,
        line: r.get(1)?,
        date: r.get(2)?,
        amount_vnd: r.get(3)?,
        reference: r.get(4)?,
        payee: r.get(5)?,
        created_at: r.get(6)?,
    })
}

/// An [`Activity`] (without its files and attendance) from `id, kind, date, title, place,
/// organiser`, the four participant counts, its line's code, `created_at, audience, materials`.
fn activity_from_row(r: &Row<'_>) -> rusqlite::Result<Activity> {
    let kind: String = r.get(1)?;
    let participants = Participants {
        enterprises: r.get(6)?,
        cooperatives: r.get(7)?,
        officials: r.get(8)?,
        others: r.get(9)?,
    };
    Ok(Activity {
        id: r.get(0)?,
        kind: ActivityKind::parse(&kind).unwrap_or(ActivityKind::Media),
        date: r.get(2)?,
        title: r.get(3)?,
        place: r.get(4)?,
        organiser: r.get(5)?,
        participants_total: participants.total(),
        participants,
        line: r.get(10)?,
        created_at: r.get(11)?,
        audience: r.get(12)?,
        materials: r.get(13)?,
        files: Vec::new(),
        attendance: Vec::new(),
    })
}

/// An [`ActivityFile`] from columns 1–7: `id, kind, name, sha256, taken_at`, whether it has a
/// thumbnail, `created_at` (column 0 is its activity's id).
fn activity_file_from_row(r: &Row<'_>) -> rusqlite::Result<ActivityFile> {
    let kind: String = r.get(2)?;
    Ok(ActivityFile {
        id: r.get(1)?,
        kind: ActivityFileKind::parse(&kind).unwrap_or(ActivityFileKind::Document),
        name: r.get(3)?,
        sha256: r.get(4)?,
        taken_at: r.get(5)?,
        has_thumbnail: r.get(6)?,
        created_at: r.get(7)?,
    })
}

/// An [`Attendee`] from columns 1–4: `name, unit, kind, phone` (column 0 is the activity's id).
fn attendee_from_row(r: &Row<'_>) -> rusqlite::Result<Attendee> {
    let kind: String = r.get(3)?;
    Ok(Attendee {
        name: r.get(1)?,
        unit: r.get(2)?,
        kind: AttendeeKind::ALL
            .into_iter()
            .find(|k| k.as_str() == kind)
            .unwrap_or(AttendeeKind::Official),
        phone: r.get(4)?,
    })
}

fn not_found(what: &'static str, id: &str) -> StoreError {
    StoreError::NotFound {
        what,
        id: id.to_owned(),
    }
}

impl Store {
    /// Stores a new plan with its lines, tasks and agencies, in one transaction.
    pub fn insert_plan(&mut self, p: &NewPlan) -> Result<(), StoreError> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO plans (id, number, date, issuing_body, legal_bases, year, title, template, created_by, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                params![
                    p.id,
                    p.number,
                    p.date,
                    p.issuing_body,
                    to_json(&p.legal_bases),
                    p.year,
                    p.title,
                    p.template,
                    p.created_by,
                    p.created_at
                ],
            )?;
            for (i, l) in p.lines.iter().enumerate() {
                tx.execute(
                    "INSERT INTO plan_lines (id, plan_id, code, title, lead, estimate_vnd, position)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                    params![l.id, p.id, l.code, l.title, l.lead, l.estimate_vnd, i as i64 + 1],
                )?;
            }
            for (i, t) in p.tasks.iter().enumerate() {
                let line_id: Option<String> = match &t.line_code {
                    Some(code) => p.lines.iter().find(|l| &l.code == code).map(|l| l.id.clone()),
                    None => None,
                };
                tx.execute(
                    "INSERT INTO plan_tasks (id, plan_id, code, title, lead, coordinating, period, status, progress, line_id, position)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                    params![
                        t.id,
                        p.id,
                        t.code,
                        t.title,
                        t.lead,
                        to_json(&t.coordinating),
                        t.period,
                        t.status.as_str(),
                        t.progress,
                        line_id,
                        i as i64 + 1
                    ],
                )?;
            }
            for (i, a) in p.agencies.iter().enumerate() {
                tx.execute(
                    "INSERT INTO plan_agencies (id, plan_id, name, kind, tasks, position)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    params![a.id, p.id, a.name, a.kind, to_json(&a.tasks), i as i64 + 1],
                )?;
            }
            Ok(())
        })
    }

    /// Every plan, newest year first, with its totals.
    pub fn plans(&self) -> Result<Vec<PlanSummary>, StoreError> {
        self.query_rows(
            "SELECT p.id, p.number, p.date, p.issuing_body, p.year, p.title, p.template, p.created_at,
                    (SELECT coalesce(sum(estimate_vnd), 0) FROM plan_lines WHERE plan_id = p.id),
                    (SELECT coalesce(sum(amount_vnd), 0) FROM plan_spending WHERE plan_id = p.id)
             FROM plans p ORDER BY p.year DESC, p.created_at DESC, p.id",
            [],
            summary_from_row,
        )
    }

    pub fn plan(&self, id: &str) -> Result<PlanRow, StoreError> {
        self.conn
            .query_row(
                &format!("SELECT {PLAN_COLUMNS} FROM plans WHERE id = ?1"),
                [id],
                plan_from_row,
            )
            .optional()?
            .ok_or_else(|| not_found("plan", id))
    }

    /// Next year's direction written on a plan ("" until the user writes it).
    pub fn plan_direction(&self, id: &str) -> Result<String, StoreError> {
        self.conn
            .query_row("SELECT direction FROM plans WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()?
            .ok_or_else(|| not_found("plan", id))
    }

    /// Keeps next year's direction on a plan.
    pub fn set_plan_direction(&mut self, id: &str, text: &str) -> Result<(), StoreError> {
        self.write(|tx| {
            let n = tx.execute(
                "UPDATE plans SET direction = ?2 WHERE id = ?1",
                params![id, text],
            )?;
            if n == 0 {
                return Err(not_found("plan", id));
            }
            Ok(())
        })
    }

    /// The ids of the plans numbered `number`.
    pub fn plan_ids_by_number(&self, number: &str) -> Result<Vec<String>, StoreError> {
        self.query_rows(
            "SELECT id FROM plans WHERE number = ?1 ORDER BY id",
            [number],
            |r| r.get(0),
        )
    }

    /// The budget lines of a plan in order, with what was spent on each.
    pub fn plan_lines(&self, plan_id: &str) -> Result<Vec<LineRow>, StoreError> {
        self.query_rows(
            "SELECT l.id, l.code, l.title, l.lead, l.estimate_vnd,
                    (SELECT coalesce(sum(amount_vnd), 0) FROM plan_spending s WHERE s.line_id = l.id)
             FROM plan_lines l WHERE l.plan_id = ?1 ORDER BY l.position, l.code",
            [plan_id],
            line_from_row,
        )
    }

    /// Adds a budget line at the end of the plan's lines, or changes the line with this id.
    pub fn upsert_line(&mut self, plan_id: &str, l: &LineRow) -> Result<(), StoreError> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO plan_lines (id, plan_id, code, title, lead, estimate_vnd, position)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6,
                         (SELECT coalesce(max(position), 0) + 1 FROM plan_lines WHERE plan_id = ?2))
                 ON CONFLICT (id) DO UPDATE SET
                     title = excluded.title, lead = excluded.lead, estimate_vnd = excluded.estimate_vnd",
                params![l.id, plan_id, l.code, l.title, l.lead, l.estimate_vnd],
            )?;
            Ok(())
        })
    }

    /// The tasks of a plan in order.
    pub fn plan_tasks(&self, plan_id: &str) -> Result<Vec<TaskRow>, StoreError> {
        self.query_rows(
            "SELECT t.id, t.code, t.title, t.lead, t.coordinating, t.period, t.status, t.progress, l.code
             FROM plan_tasks t LEFT JOIN plan_lines l ON l.id = t.line_id
             WHERE t.plan_id = ?1 ORDER BY t.position, t.code",
            [plan_id],
            task_from_row,
        )
    }

    /// Sets a task's status and progress.
    pub fn update_task(
        &mut self,
        task_id: &str,
        status: TaskStatus,
        progress: u8,
    ) -> Result<(), StoreError> {
        self.write(|tx| {
            let n = tx.execute(
                "UPDATE plan_tasks SET status = ?2, progress = ?3 WHERE id = ?1",
                params![task_id, status.as_str(), progress],
            )?;
            if n == 0 {
                return Err(not_found("task", task_id));
            }
            Ok(())
        })
    }

    /// Links a task to a record (once; linking again changes nothing).
    pub fn link_task(
        &mut self,
        task_id: &str,
        kind: &str,
        record_id: &str,
        at: &str,
    ) -> Result<(), StoreError> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO plan_task_links (task_id, kind, record_id, created_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT DO NOTHING",
                params![task_id, kind, record_id, at],
            )?;
            Ok(())
        })
    }

    /// A task's links: (kind, record id), in the order they were made.
    pub fn task_links(&self, task_id: &str) -> Result<Vec<(String, String)>, StoreError> {
        self.query_rows(
            "SELECT kind, record_id FROM plan_task_links WHERE task_id = ?1 ORDER BY created_at, kind, record_id",
            [task_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
    }

    pub fn insert_spending(&mut self, s: &NewSpending<'_>) -> Result<(), StoreError> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO plan_spending (id, plan_id, line_id, date, amount_vnd, reference, payee, created_by, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![
                    s.id,
                    s.plan_id,
                    s.line_id,
                    s.date,
                    s.amount_vnd,
                    s.reference,
                    s.payee,
                    s.created_by,
                    s.created_at
                ],
            )?;
            Ok(())
        })
    }

    /// A plan's spending entries by date.
    pub fn plan_spending(&self, plan_id: &str) -> Result<Vec<Spending>, StoreError> {
        self.query_rows(
            "SELECT s.id, l.code, s.date, s.amount_vnd, s.reference, s.payee, s.created_at
             FROM plan_spending s JOIN plan_lines l ON l.id = s.line_id
             WHERE s.plan_id = ?1 ORDER BY s.date, s.created_at, s.id",
            [plan_id],
            spending_from_row,
        )
    }

    pub fn insert_activity(&mut self, a: &NewActivity<'_>) -> Result<(), StoreError> {
        self.write(|tx| {
            let x = a.activity;
            tx.execute(
                "INSERT INTO plan_activities (id, plan_id, kind, date, title, place, organiser, enterprises, cooperatives, officials, others, line_id, created_by, created_at, audience, materials)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
                params![
                    x.id,
                    a.plan_id,
                    x.kind.as_str(),
                    x.date,
                    x.title,
                    x.place,
                    x.organiser,
                    x.participants.enterprises,
                    x.participants.cooperatives,
                    x.participants.officials,
                    x.participants.others,
                    a.line_id,
                    a.created_by,
                    x.created_at,
                    x.audience,
                    x.materials
                ],
            )?;
            Ok(())
        })
    }

    /// A plan's activities by date.
    pub fn plan_activities(&self, plan_id: &str) -> Result<Vec<Activity>, StoreError> {
        let mut activities = self.query_rows(
            "SELECT a.id, a.kind, a.date, a.title, a.place, a.organiser, a.enterprises, a.cooperatives,
                    a.officials, a.others, l.code, a.created_at, a.audience, a.materials
             FROM plan_activities a LEFT JOIN plan_lines l ON l.id = a.line_id
             WHERE a.plan_id = ?1 ORDER BY a.date, a.created_at, a.id",
            [plan_id],
            activity_from_row,
        )?;
        let files = self.query_rows(
            "SELECT f.activity_id, f.id, f.kind, f.name, f.sha256, f.taken_at, f.thumb_sha256 IS NOT NULL, f.created_at
             FROM plan_activity_files f JOIN plan_activities a ON a.id = f.activity_id
             WHERE a.plan_id = ?1 ORDER BY f.created_at, f.rowid",
            [plan_id],
            |r| Ok((r.get::<_, String>(0)?, activity_file_from_row(r)?)),
        )?;
        for (activity_id, file) in files {
            if let Some(a) = activities.iter_mut().find(|a| a.id == activity_id) {
                a.files.push(file);
            }
        }
        let people = self.query_rows(
            "SELECT t.activity_id, t.name, t.unit, t.kind, t.phone
             FROM plan_attendance t JOIN plan_activities a ON a.id = t.activity_id
             WHERE a.plan_id = ?1 ORDER BY t.activity_id, t.position",
            [plan_id],
            |r| Ok((r.get::<_, String>(0)?, attendee_from_row(r)?)),
        )?;
        for (activity_id, person) in people {
            if let Some(a) = activities.iter_mut().find(|a| a.id == activity_id) {
                a.attendance.push(person);
            }
        }
        Ok(activities)
    }

    /// Stores an evidence file of an activity, its bytes and its thumbnail's (each blob once).
    pub fn put_activity_file(&mut self, f: &NewActivityFile<'_>) -> Result<(), StoreError> {
        self.write(|tx| {
            put_blob(tx, &f.file, f.at)?;
            if let Some(thumb) = &f.thumbnail {
                put_blob(tx, thumb, f.at)?;
            }
            tx.execute(
                "INSERT INTO plan_activity_files (id, activity_id, kind, name, sha256, thumb_sha256, taken_at, created_by, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![
                    f.id,
                    f.activity_id,
                    f.kind.as_str(),
                    f.name,
                    f.file.sha256,
                    f.thumbnail.as_ref().map(|t| t.sha256),
                    f.taken_at,
                    f.created_by,
                    f.at
                ],
            )?;
            Ok(())
        })
    }

    /// Replaces an activity's attendance list and sets its participant counts from it.
    pub fn replace_attendance(
        &mut self,
        activity_id: &str,
        list: &[Attendee],
    ) -> Result<(), StoreError> {
        let p = Participants::of_attendance(list);
        self.write(|tx| {
            tx.execute(
                "DELETE FROM plan_attendance WHERE activity_id = ?1",
                [activity_id],
            )?;
            let mut insert = tx.prepare(
                "INSERT INTO plan_attendance (activity_id, position, name, unit, kind, phone)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            for (i, a) in list.iter().enumerate() {
                insert.execute(params![
                    activity_id,
                    i as i64 + 1,
                    a.name,
                    a.unit,
                    a.kind.as_str(),
                    a.phone
                ])?;
            }
            let n = tx.execute(
                "UPDATE plan_activities SET enterprises = ?2, cooperatives = ?3, officials = ?4, others = ?5
                 WHERE id = ?1",
                params![activity_id, p.enterprises, p.cooperatives, p.officials, p.others],
            )?;
            if n == 0 {
                return Err(StoreError::Invalid(format!("no activity {activity_id}")));
            }
            Ok(())
        })
    }

    /// The thumbnail of an activity's evidence file: (MIME type, bytes); none for documents.
    pub fn activity_file_thumbnail(
        &self,
        id: &str,
    ) -> Result<Option<(String, Vec<u8>)>, StoreError> {
        let found: Option<Option<(String, Vec<u8>)>> = self
            .conn
            .query_row(
                "SELECT b.mime, b.bytes FROM plan_activity_files f
                 LEFT JOIN blobs b ON b.sha256 = f.thumb_sha256 WHERE f.id = ?1",
                [id],
                |r| Ok(r.get::<_, Option<String>>(0)?.zip(r.get(1)?)),
            )
            .optional()?;
        found.ok_or_else(|| StoreError::NotFound {
            what: "activity file",
            id: id.to_owned(),
        })
    }

    /// The agencies of a plan in order.
    pub fn plan_agencies(&self, plan_id: &str) -> Result<Vec<AgencyRow>, StoreError> {
        self.query_rows(
            "SELECT id, name, kind, tasks FROM plan_agencies WHERE plan_id = ?1 ORDER BY position, name",
            [plan_id],
            |r| {
                Ok(AgencyRow {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    kind: r.get(2)?,
                    tasks: json_list(r.get(3)?),
                })
            },
        )
    }

    /// Adds an agency at the end of the plan's register.
    pub fn insert_agency(&mut self, plan_id: &str, a: &AgencyRow) -> Result<(), StoreError> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO plan_agencies (id, plan_id, name, kind, tasks, position)
                 VALUES (?1, ?2, ?3, ?4, ?5,
                         (SELECT coalesce(max(position), 0) + 1 FROM plan_agencies WHERE plan_id = ?2))",
                params![a.id, plan_id, a.name, a.kind, to_json(&a.tasks)],
            )?;
            Ok(())
        })
    }

    pub fn insert_return(&mut self, r: &NewReturn<'_>) -> Result<(), StoreError> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO plan_returns (id, plan_id, agency_id, received_on, figures, file_name, sha256, imported_by, imported_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![
                    r.id,
                    r.plan_id,
                    r.agency_id,
                    r.received_on,
                    serde_json::to_string(r.figures).unwrap_or_else(|_| "{}".into()),
                    r.file_name,
                    r.sha256,
                    r.imported_by,
                    r.imported_at
                ],
            )?;
            Ok(())
        })
    }

    /// Each agency's latest return (agencies without one are absent).
    pub fn latest_returns(&self, plan_id: &str) -> Result<Vec<ReturnRow>, StoreError> {
        self.query_rows(
            "SELECT agency_id, received_on, figures, file_name FROM plan_returns r
             WHERE plan_id = ?1 AND id = (SELECT id FROM plan_returns x WHERE x.agency_id = r.agency_id
                                          ORDER BY imported_at DESC, id DESC LIMIT 1)
             ORDER BY agency_id",
            [plan_id],
            |r| {
                let figures: String = r.get(2)?;
                Ok(ReturnRow {
                    agency_id: r.get(0)?,
                    received_on: r.get(1)?,
                    figures: serde_json::from_str(&figures).unwrap_or_default(),
                    file_name: r.get(3)?,
                })
            },
        )
    }
}
