//! The workspace: an open database, the template catalogue and a clock.

use std::path::Path;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use sotay_model::{
    ChapterView, HandbookSummary, HandbookView, Lang, NewChapter, NewHandbook, PilotModel,
    TemplateSummary,
};
use sotay_store::Store;
use sotay_templates::{render, variable_at, Template};
use ts_rs::TS;

use crate::clock::{new_id, rfc3339};
use crate::{preview_html, Clock, Error, ErrorCode};

const SETTING_LANG: &str = "ui.lang";
const SETTING_USER: &str = "user.name";
const SETTING_POSITION: &str = "user.position";
const SETTING_UNIT: &str = "user.unit";

/// Who the user is (set on first start, changed in Cài đặt): the name every record carries, and
/// the position (chức vụ) and unit (đơn vị) shown beside it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct UserIdentity {
    pub name: String,
    /// Chức vụ, e.g. "Chuyên viên"; empty when not given.
    pub position: String,
    /// Đơn vị, e.g. "Sở KH&CN tỉnh Hưng Yên"; empty when not given.
    pub unit: String,
}

impl UserIdentity {
    /// "Name (position)" when a position is given, else the name.
    pub fn display(&self) -> String {
        if self.position.is_empty() {
            self.name.clone()
        } else {
            format!("{} ({})", self.name, self.position)
        }
    }
}

/// A backup that could not be written (a missing folder, no permission, a full disk).
fn backup_failed(dest: &Path, e: &sotay_store::StoreError) -> Error {
    Error::localized(
        ErrorCode::InvalidInput,
        format!(
            "Không sao lưu được vào “{}”: {e}. Kho dữ liệu không bị thay đổi.",
            dest.display()
        ),
        format!(
            "Cannot back up to “{}”: {e}. The workspace was not changed.",
            dest.display()
        ),
    )
}

/// Facts about the running app for the Settings and About views.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct AppInfo {
    pub version: String,
    pub db_path: String,
    pub schema_version: u32,
    pub lang: Lang,
    /// The name recorded as the author of revisions, comments and approvals.
    pub user_name: String,
    /// The user's identity; `None` until set (the window then asks for it). With `SOTAY_AUTHOR`
    /// set and no identity stored, that name alone.
    pub identity: Option<UserIdentity>,
    /// The units of quantity the trace-test form offers (`sotay::unit_factor` reads them).
    pub units: Vec<String>,
}

/// An open Sotay workspace. One per process; it is the only writer of its database.
#[derive(Debug)]
pub struct Workspace {
    pub(crate) store: Store,
    templates: Vec<Template>,
    clock: Arc<dyn Clock>,
}

impl Workspace {
    /// Opens (creating if needed) the workspace database at `path`.
    pub fn open(path: &Path, clock: Arc<dyn Clock>) -> Result<Self, Error> {
        let store = Store::open(path)?;
        let templates = sotay_templates::builtin()
            .map_err(|e| Error::new(ErrorCode::TemplateInvalid, e.to_string()))?;
        Ok(Workspace {
            store,
            templates,
            clock,
        })
    }

    /// Copies the workspace to `dest` (SQLite's online backup; consistent while in use). `dest`
    /// must be a new file (nothing is overwritten) that the output rules allow.
    pub fn backup(&self, dest: &Path) -> Result<(), Error> {
        if std::fs::symlink_metadata(dest).is_ok() {
            return Err(Error::localized(
                ErrorCode::InvalidInput,
                format!(
                    "Tệp “{}” đã có; chọn tên khác để không ghi đè.",
                    dest.display()
                ),
                format!(
                    "“{}” already exists; choose another name so nothing is overwritten.",
                    dest.display()
                ),
            ));
        }
        crate::output::check_new_output(dest)?;
        self.store.backup_to(dest).map_err(|e| {
            let _ = std::fs::remove_file(dest);
            backup_failed(dest, &e)
        })
    }

    /// Replaces the workspace with a backup file. The current content is first kept beside the
    /// database as `….truoc-khoi-phuc-<UTC time>.bak` — a new file for every restore, never
    /// overwritten. A corrupt, foreign, empty or newer file is refused before anything is
    /// written; a restore that fails removes its own safety copy and changes nothing.
    pub fn restore_backup(&mut self, src: &Path) -> Result<std::path::PathBuf, Error> {
        let not_restorable = |e: sotay_store::StoreError| -> Error {
            match e {
                sotay_store::StoreError::Invalid(m) => Error::localized(
                    ErrorCode::InvalidInput,
                    format!(
                        "Không khôi phục từ “{}”: {m}. Kho dữ liệu được giữ nguyên.",
                        src.display()
                    ),
                    format!(
                        "Cannot restore from “{}”: {m}. The workspace was left unchanged.",
                        src.display()
                    ),
                ),
                other => other.into(),
            }
        };
        self.store.check_backup(src).map_err(not_restorable)?;
        let safety = self.new_safety_path()?;
        if let Err(e) = self.store.backup_to(&safety) {
            let _ = std::fs::remove_file(&safety);
            return Err(backup_failed(&safety, &e));
        }
        if let Err(e) = self.store.restore_from(src) {
            let _ = std::fs::remove_file(&safety);
            return Err(not_restorable(e));
        }
        Ok(safety)
    }

    /// A new, empty file beside the database for the copy kept before a restore, reserved with
    /// `create_new` so two restores (or two processes) never share or overwrite one.
    fn new_safety_path(&self) -> Result<std::path::PathBuf, Error> {
        let name = self
            .db_path()
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let stamp = crate::clock::file_stamp(self.now());
        for n in 1..1000 {
            let suffix = if n == 1 {
                String::new()
            } else {
                format!("-{n}")
            };
            let path = self
                .db_path()
                .with_file_name(format!("{name}.truoc-khoi-phuc-{stamp}{suffix}.bak"));
            match std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&path)
            {
                Ok(_) => return Ok(path),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => {
                    return Err(
                        Error::new(ErrorCode::DbIo, path.display().to_string()).with(
                            crate::error::ErrorDetails::Reason {
                                reason: e.to_string(),
                            },
                        ),
                    )
                }
            }
        }
        Err(Error::new(
            ErrorCode::Internal,
            "no free name for the pre-restore copy",
        ))
    }

    /// Runs `f` as one unit of work: every read and write it makes happens in one write
    /// transaction, holding the database's write lock from the first read. A read-modify-write
    /// (variables, an item id, a status) cannot then be lost to another window or command, and
    /// a failure anywhere in `f` leaves the database as it was. Units nest.
    pub(crate) fn atomically<T>(
        &mut self,
        f: impl FnOnce(&mut Self) -> Result<T, Error>,
    ) -> Result<T, Error> {
        self.store.begin_unit()?;
        // A panic inside must not leave the unit open (later writes would join a transaction
        // nobody commits): undo it, then let the panic go on.
        let out = match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(self))) {
            Ok(out) => out,
            Err(panic) => {
                let _ = self.store.end_unit(false);
                std::panic::resume_unwind(panic);
            }
        };
        let end = self.store.end_unit(out.is_ok());
        match (out, end) {
            (Ok(v), Ok(())) => Ok(v),
            (Err(e), _) => Err(e),
            (Ok(_), Err(e)) => Err(e.into()),
        }
    }

    /// Where this workspace's database is.
    pub fn db_path(&self) -> &Path {
        self.store.path()
    }

    pub fn app_info(&self) -> Result<AppInfo, Error> {
        Ok(AppInfo {
            version: crate::VERSION.to_owned(),
            db_path: self.db_path().display().to_string(),
            schema_version: self.store.schema_version()?,
            lang: self.lang()?,
            user_name: self.user_name()?,
            identity: self.user_identity()?.or_else(|| {
                // A scripted run (`SOTAY_AUTHOR`, as the WebDriver tests do) names its user.
                std::env::var("SOTAY_AUTHOR")
                    .ok()
                    .map(|n| sotay_model::text::nfc(n.trim()))
                    .filter(|n| !n.is_empty())
                    .map(|name| UserIdentity {
                        name,
                        position: String::new(),
                        unit: String::new(),
                    })
            }),
            units: crate::verification::unit_names(),
        })
    }

    /// The user's interface language (Vietnamese unless changed).
    pub fn lang(&self) -> Result<Lang, Error> {
        Ok(self
            .store
            .setting(SETTING_LANG)?
            .and_then(|s| Lang::parse(&s))
            .unwrap_or_default())
    }

    pub fn set_lang(&mut self, lang: Lang) -> Result<(), Error> {
        Ok(self.store.set_setting(SETTING_LANG, lang.code())?)
    }

    /// Who is working: `SOTAY_AUTHOR` when set, else the name set in Settings, else the login name.
    pub fn user_name(&self) -> Result<String, Error> {
        if let Some(name) = std::env::var("SOTAY_AUTHOR")
            .ok()
            .filter(|n| !n.trim().is_empty())
        {
            return Ok(sotay_model::text::nfc(name.trim()));
        }
        if let Some(name) = self
            .store
            .setting(SETTING_USER)?
            .filter(|n| !n.trim().is_empty())
        {
            return Ok(name);
        }
        Ok(["USER", "USERNAME"]
            .iter()
            .find_map(|k| std::env::var(k).ok().filter(|v| !v.trim().is_empty()))
            .unwrap_or_else(|| "sotay".to_owned()))
    }

    pub fn set_user_name(&mut self, name: &str) -> Result<(), Error> {
        let name = sotay_model::text::nfc(name.trim());
        if name.chars().count() > 100 {
            return Err(Error::new(
                ErrorCode::InvalidInput,
                "user name longer than 100 characters",
            ));
        }
        Ok(self.store.set_setting(SETTING_USER, &name)?)
    }

    /// The user's identity, if a name was set (here or with `set_user_name`).
    pub fn user_identity(&self) -> Result<Option<UserIdentity>, Error> {
        let get = |k: &str| -> Result<String, Error> {
            Ok(self.store.setting(k)?.unwrap_or_default().trim().to_owned())
        };
        let name = get(SETTING_USER)?;
        if name.is_empty() {
            return Ok(None);
        }
        Ok(Some(UserIdentity {
            name,
            position: get(SETTING_POSITION)?,
            unit: get(SETTING_UNIT)?,
        }))
    }

    /// Sets the user's identity: the name is required; all three are trimmed, NFC and at most
    /// 100 characters (200 for the unit). Returns what was stored.
    pub fn set_user_identity(
        &mut self,
        name: &str,
        position: &str,
        unit: &str,
    ) -> Result<UserIdentity, Error> {
        let clean = |v: &str, max: usize, vi: &str, en: &str| -> Result<String, Error> {
            let v = sotay_model::text::nfc(v.trim());
            if v.chars().count() > max {
                return Err(Error::localized(
                    ErrorCode::InvalidInput,
                    format!("{vi} dài quá {max} ký tự."),
                    format!("The {en} is longer than {max} characters."),
                ));
            }
            Ok(v)
        };
        let identity = UserIdentity {
            name: clean(name, 100, "Họ và tên", "name")?,
            position: clean(position, 100, "Chức vụ", "position")?,
            unit: clean(unit, 200, "Đơn vị", "unit")?,
        };
        if identity.name.is_empty() {
            return Err(Error::localized(
                ErrorCode::InvalidInput,
                "Cần nhập họ và tên.".to_owned(),
                "A name is required.".to_owned(),
            ));
        }
        self.store.set_setting(SETTING_USER, &identity.name)?;
        self.store
            .set_setting(SETTING_POSITION, &identity.position)?;
        self.store.set_setting(SETTING_UNIT, &identity.unit)?;
        Ok(identity)
    }

    /// The template catalogue.
    pub fn templates(&self) -> Vec<TemplateSummary> {
        self.templates.iter().map(Template::summary).collect()
    }

    pub fn template(&self, id: &str) -> Result<&Template, Error> {
        self.templates
            .iter()
            .find(|t| t.id() == id)
            .ok_or_else(|| Error::not_found("template", id))
    }

    /// The handbook library, most recently changed first.
    pub fn handbooks(&self) -> Result<Vec<HandbookSummary>, Error> {
        Ok(self.store.list_handbooks()?)
    }

    /// The pilot models.
    pub fn pilots(&self) -> Result<Vec<PilotModel>, Error> {
        Ok(self.store.list_pilots()?)
    }

    /// The id of the handbook named by `id_or_title`: an id, or a title that only one has.
    pub fn resolve_handbook(&self, id_or_title: &str) -> Result<String, Error> {
        match self.store.handbook(id_or_title) {
            Ok(h) => return Ok(h.summary.id),
            Err(sotay_store::StoreError::NotFound { .. }) => {}
            Err(e) => return Err(e.into()),
        }
        let title = sotay_model::text::nfc(id_or_title.trim());
        let ids = self.store.handbook_ids_by_title(&title)?;
        match ids.as_slice() {
            [id] => Ok(id.clone()),
            [] => Err(Error::not_found("handbook", id_or_title)),
            _ => Err(Error::ambiguous(&title, &ids)),
        }
    }

    /// Opens a handbook for reading: its chapters rendered with its variables.
    pub fn open_handbook(&self, id_or_title: &str) -> Result<HandbookView, Error> {
        let id = self.resolve_handbook(id_or_title)?;
        let h = self.store.handbook(&id)?;
        let chapters = h
            .chapters
            .into_iter()
            .map(|c| {
                let (rendered, render_error) = match render(&c.source, &h.variables) {
                    Ok(text) => (text, None),
                    Err(e) => (c.source.clone(), Some(e.to_string())),
                };
                ChapterView {
                    html: preview_html(&rendered),
                    id: c.id,
                    key: c.key,
                    position: c.position,
                    title: c.title,
                    level: c.level,
                    source: c.source,
                    rendered,
                    render_error,
                }
            })
            .collect();
        let decision = self.decision_of_version(&id, h.summary.version)?;
        Ok(HandbookView {
            summary: h.summary,
            variables: h.variables,
            chapters,
            decision,
        })
    }

    /// The decision recorded for this very version of a handbook (a reopened handbook needs a
    /// new one): shown under its title, named on its editions' cover.
    pub(crate) fn decision_of_version(
        &self,
        handbook_id: &str,
        version: u32,
    ) -> Result<Option<sotay_model::admin::IssuingDecision>, Error> {
        Ok(self
            .store
            .handbook_decision(handbook_id)?
            .filter(|r| r.version == version)
            .map(|r| r.decision))
    }

    /// Builds (without storing) a handbook from `template` and `variables`.
    pub(crate) fn new_handbook(
        &self,
        template: &Template,
        variables: Value,
        title: Option<&str>,
    ) -> Result<NewHandbook, Error> {
        let now = self.clock.now();
        let title = match title {
            Some(t) => sotay_model::text::nfc(t.trim()),
            None => render(&template.manifest.title, &variables).map_err(|e| {
                Error::new(
                    ErrorCode::TemplateInvalid,
                    format!("{}: title: {e}", template.id()),
                )
            })?,
        };
        let product = variable_at(&variables, "product.name")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let chapters = template
            .manifest
            .chapters
            .iter()
            .zip(&template.chapters)
            .map(|(def, (_, source))| NewChapter {
                id: new_id(now),
                key: def.key.clone(),
                title: def.title.vi.clone(),
                level: def.level.into(),
                source: source.clone(),
            })
            .collect();
        Ok(NewHandbook {
            id: new_id(now),
            title,
            product,
            template_id: template.id().to_owned(),
            template_version: template.manifest.version.clone(),
            variables,
            chapters,
            author: self.user_name()?,
            created_at: rfc3339(now),
        })
    }

    /// On the first start of an empty workspace, creates the sample workspace (a handbook from
    /// a built-in template and its two pilot models). Returns whether it did; never again after.
    pub fn ensure_sample_workspace(&mut self) -> Result<bool, Error> {
        if self.store.meta(crate::sample::SAMPLE_FLAG)?.is_some() {
            return Ok(false);
        }
        if !self.handbooks()?.is_empty() || !self.pilots()?.is_empty() {
            return Ok(false);
        }
        let (handbook, pilots) = crate::sample::sample_workspace(self)?;
        Ok(self
            .store
            .seed_once(crate::sample::SAMPLE_FLAG, &[handbook], &pilots)?)
    }

    pub(crate) fn builtin_templates(&self) -> &[Template] {
        &self.templates
    }

    pub(crate) fn now(&self) -> time::OffsetDateTime {
        self.clock.now()
    }
}

#[cfg(test)]
mod unit_tests {
    use super::*;

    #[test]
    fn a_panic_inside_a_unit_undoes_it_and_leaves_no_transaction_open() {
        let dir = tempfile::TempDir::new().unwrap();
        let mut ws =
            Workspace::open(&dir.path().join("w.db"), Arc::new(crate::SystemClock)).unwrap();
        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let _ = ws.atomically(|ws| {
                ws.set_user_name("Trước khi hỏng").unwrap();
                panic!("a bug");
                #[allow(unreachable_code)]
                Ok(())
            });
        }));
        assert!(r.is_err());
        // The name set inside is gone, and a later write is committed for real.
        assert_ne!(
            ws.store.setting("user.name").unwrap().as_deref(),
            Some("Trước khi hỏng")
        );
        ws.set_user_name("Sau").unwrap();
        let again =
            Workspace::open(&dir.path().join("w.db"), Arc::new(crate::SystemClock)).unwrap();
        assert_eq!(
            again.store.setting("user.name").unwrap().as_deref(),
            Some("Sau")
        );
    }

    #[test]
    fn the_identity_is_set_validated_and_names_new_revisions() {
        let dir = tempfile::TempDir::new().unwrap();
        let mut ws =
            Workspace::open(&dir.path().join("w.db"), Arc::new(crate::SystemClock)).unwrap();
        assert_eq!(ws.user_identity().unwrap(), None);
        assert_eq!(ws.app_info().unwrap().identity, None);

        let e = ws
            .set_user_identity("   ", "Chuyên viên", "Sở KH&CN")
            .unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidInput);
        assert!(ws.set_user_identity(&"a".repeat(101), "", "").is_err());
        assert_eq!(ws.user_identity().unwrap(), None);

        // Decomposed input is stored composed (NFC) and trimmed.
        let id = ws
            .set_user_identity(
                "  Nguye\u{302}\u{303}n Thi\u{323} Hoa ",
                " Chuyên viên ",
                "Sở KH&CN tỉnh Hưng Yên",
            )
            .unwrap();
        let want = UserIdentity {
            name: "Nguyễn Thị Hoa".into(),
            position: "Chuyên viên".into(),
            unit: "Sở KH&CN tỉnh Hưng Yên".into(),
        };
        assert_eq!(id, want);
        assert_eq!(ws.user_identity().unwrap(), Some(want.clone()));
        assert_eq!(want.display(), "Nguyễn Thị Hoa (Chuyên viên)");
        let info = ws.app_info().unwrap();
        assert_eq!(info.identity, Some(want));

        if std::env::var("SOTAY_AUTHOR").is_err() {
            assert_eq!(info.user_name, "Nguyễn Thị Hoa");
            let h = ws
                .create_handbook(&crate::NewHandbookRequest {
                    template_id: "lua-gao".into(),
                    variables: None,
                    sets: Vec::new(),
                    title: None,
                })
                .unwrap();
            let revs = ws.history(&h.id, None).unwrap();
            assert!(!revs.is_empty());
            assert!(revs.iter().all(|r| r.author == "Nguyễn Thị Hoa"));
        }
    }
}
