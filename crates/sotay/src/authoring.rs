//! Authoring use cases: new handbooks from templates, chapter edits as revisions, chapter
//! structure, word-level diffs, restoring, the review workflow, comments and attachments.

use serde_json::Value;
use similar::{ChangeTag, TextDiff};
use sotay_model::{
    diagnostic::has_errors, ChapterComment, ChapterLevel, ChapterPreview, Comment, CommentStatus,
    Diagnostic, DiffOp, DiffSpan, HandbookStatus, HandbookSummary, HandbookView, NewChapter,
    RevisionDetail, RevisionDiff, RevisionKind, RevisionSummary, SaveVariablesResult, Severity,
    StatusChange, TemplateDetail, TextAnchor,
};
use sotay_store::Stamp;
use sotay_templates::{apply_set, render, validate_vars, variable_at};

use crate::clock::{new_id, rfc3339};
use crate::{Error, ErrorCode, Workspace};

/// An owned [`Stamp`]: who, when, and the new record's id.
struct OwnedStamp {
    id: String,
    author: String,
    at: String,
}

impl OwnedStamp {
    fn get(&self) -> Stamp<'_> {
        Stamp {
            id: &self.id,
            author: &self.author,
            at: &self.at,
        }
    }
}

/// What `sotay new` and the wizard give to create a handbook.
#[derive(Debug, Clone, Default)]
pub struct NewHandbookRequest {
    pub template_id: String,
    /// The variables; `None` uses the template's sample values.
    pub variables: Option<Value>,
    /// `key=value` assignments applied over the variables.
    pub sets: Vec<String>,
    pub title: Option<String>,
}

/// Normalises every string in a JSON value to NFC.
pub(crate) fn nfc_json(v: &mut Value) {
    match v {
        Value::String(s) => *s = sotay_model::text::nfc(s),
        Value::Array(a) => a.iter_mut().for_each(nfc_json),
        Value::Object(o) => o.values_mut().for_each(nfc_json),
        _ => {}
    }
}

/// Removes the variables that hold nothing (an empty or blank text, null, an object left
/// empty), outside tables: a cleared field is then the same as one never given, so a template's
/// `{% if x %}` guards and `| default(value=…)` fallbacks both see it as missing.
pub(crate) fn drop_blank(v: &mut Value) {
    if let Value::Object(o) = v {
        o.values_mut().for_each(drop_blank);
        o.retain(|_, x| match x {
            Value::Null => false,
            Value::String(s) => !s.trim().is_empty(),
            Value::Object(inner) => !inner.is_empty(),
            _ => true,
        });
    }
}

/// The error for variables that do not validate: every error, each naming its variable.
fn variables_error(diagnostics: &[Diagnostic]) -> Error {
    let errors: Vec<&Diagnostic> = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    let list = |vi: bool| {
        errors
            .iter()
            .map(|d| {
                if vi {
                    d.message.vi.clone()
                } else {
                    d.message.en.clone()
                }
            })
            .collect::<Vec<_>>()
            .join("\n  ")
    };
    let (vi, en) = (list(true), list(false));
    Error::refused(
        ErrorCode::VariableInvalid,
        format!("Biến không hợp lệ, chưa tạo hay lưu gì:\n  {vi}"),
        format!("Invalid variables; nothing was created or saved:\n  {en}"),
        errors.into_iter().cloned().collect(),
    )
}

impl Workspace {
    /// A template with its typed variables, chapters and sample values (the wizard's form).
    pub fn template_detail(&self, id: &str) -> Result<TemplateDetail, Error> {
        let t = self.template(id)?;
        Ok(TemplateDetail {
            summary: t.summary(),
            variables: t.manifest.variables.clone(),
            chapters: t
                .manifest
                .chapters
                .iter()
                .map(|c| sotay_model::TemplateChapter {
                    key: c.key.clone(),
                    title: c.title.clone(),
                    level: c.level.into(),
                })
                .collect(),
            forms: t
                .manifest
                .forms
                .iter()
                .map(|f| sotay_model::TemplateForm {
                    id: f.id.clone(),
                    title: f.title.clone(),
                    chapter: f.chapter.clone(),
                })
                .collect(),
            sample_vars: t.sample_vars.clone(),
        })
    }

    /// Validates variables against a template, storing nothing.
    pub fn validate_variables(
        &self,
        template_id: &str,
        vars: &Value,
    ) -> Result<Vec<Diagnostic>, Error> {
        let t = self.template(template_id)?;
        let mut vars = vars.clone();
        nfc_json(&mut vars);
        Ok(validate_vars(&t.manifest.variables, &vars))
    }

    /// Creates a handbook from a template. Any invalid variable refuses the whole request with a
    /// message naming each variable and its problem; nothing is stored then.
    pub fn create_handbook(&mut self, req: &NewHandbookRequest) -> Result<HandbookSummary, Error> {
        let template = self.template(&req.template_id)?.clone();
        let mut vars = req
            .variables
            .clone()
            .unwrap_or_else(|| template.sample_vars.clone());
        if !vars.is_object() {
            return Err(Error::localized(
                ErrorCode::VariableInvalid,
                "Tệp biến phải là một bảng khóa = giá trị.",
                "The variables file must be a table of key = value.",
            ));
        }
        for set in &req.sets {
            apply_set(&template.manifest.variables, &mut vars, set).map_err(|e| {
                Error::localized(
                    ErrorCode::VariableInvalid,
                    format!("{} Chưa tạo gì.", e.message.vi),
                    format!("{} Nothing was created.", e.message.en),
                )
            })?;
        }
        nfc_json(&mut vars);
        drop_blank(&mut vars);
        let diagnostics = validate_vars(&template.manifest.variables, &vars);
        if has_errors(&diagnostics) {
            return Err(variables_error(&diagnostics));
        }
        let handbook = self.new_handbook(&template, vars, req.title.as_deref())?;
        let id = handbook.id.clone();
        self.store.insert_handbook(&handbook)?;
        Ok(self.store.handbook(&id)?.summary)
    }

    /// Saves a handbook's variables if they have no errors; returns the diagnostics either way.
    /// Each changed key goes into the variables' history.
    pub fn update_variables(
        &mut self,
        handbook: &str,
        vars: &Value,
    ) -> Result<SaveVariablesResult, Error> {
        self.atomically(|ws| {
            let h = ws.editable(handbook)?;
            ws.store_variables(&h, vars.clone())
        })
    }

    /// Applies `key=value` assignments (`sotay vars H --set …`) to the handbook's variables as
    /// they are stored now, in one write transaction: two windows or commands setting different
    /// keys at once both keep their change. Nothing is saved if any assignment or the result is
    /// invalid.
    pub fn set_variables(
        &mut self,
        handbook: &str,
        sets: &[String],
    ) -> Result<SaveVariablesResult, Error> {
        self.atomically(|ws| {
            let h = ws.editable(handbook)?;
            let template = ws.template(&h.summary.template_id)?;
            let mut vars = h.variables.clone();
            for set in sets {
                apply_set(&template.manifest.variables, &mut vars, set).map_err(|e| {
                    Error::localized(
                        ErrorCode::VariableInvalid,
                        format!("{} Không lưu gì.", e.message.vi),
                        format!("{} Nothing was saved.", e.message.en),
                    )
                })?;
            }
            ws.store_variables(&h, vars)
        })
    }

    /// The history of a handbook's variables, oldest first (of one key when given).
    pub fn variable_history(
        &self,
        handbook: &str,
        key: Option<&str>,
    ) -> Result<Vec<sotay_model::VariableChange>, Error> {
        let id = self.resolve_handbook(handbook)?;
        Ok(self.store.variable_history(&id, key.map(str::trim))?)
    }

    /// Undoes change `number` of the variables' history: its key gets back the value it had
    /// before (or is removed if it had none). The undo is itself a change in the history.
    pub fn undo_variable_change(
        &mut self,
        handbook: &str,
        number: u32,
    ) -> Result<SaveVariablesResult, Error> {
        self.atomically(|ws| {
            let h = ws.editable(handbook)?;
            let change = ws
                .store
                .variable_history(&h.summary.id, None)?
                .into_iter()
                .find(|c| c.number == number)
                .ok_or_else(|| Error::not_found("variable change", &number.to_string()))?;
            let mut vars = h.variables.clone();
            match change.old_value {
                Some(v) => sotay_templates::set_at(&mut vars, &change.key, v),
                None => remove_at(&mut vars, &change.key),
            }
            ws.store_variables(&h, vars)
        })
    }

    /// Validates and stores `vars` as `h`'s variables (inside the caller's unit of work).
    fn store_variables(
        &mut self,
        h: &sotay_model::Handbook,
        mut vars: Value,
    ) -> Result<SaveVariablesResult, Error> {
        let template = self.template(&h.summary.template_id)?;
        nfc_json(&mut vars);
        drop_blank(&mut vars);
        let diagnostics = validate_vars(&template.manifest.variables, &vars);
        if has_errors(&diagnostics) {
            return Ok(SaveVariablesResult {
                saved: false,
                diagnostics,
            });
        }
        let product = variable_at(&vars, "product.name")
            .and_then(Value::as_str)
            .unwrap_or(&h.summary.product)
            .to_owned();
        let st = self.stamp()?;
        let now = self.now();
        let mut ids = || new_id(now);
        self.store
            .update_variables(&h.summary.id, &vars, &product, &st.get(), &mut ids)?;
        Ok(SaveVariablesResult {
            saved: true,
            diagnostics,
        })
    }

    /// The handbook, if it may be edited now (draft or in review).
    fn editable(&self, handbook: &str) -> Result<sotay_model::Handbook, Error> {
        let id = self.resolve_handbook(handbook)?;
        let h = self.store.handbook(&id)?;
        if !h.summary.status.is_editable() {
            return Err(Error::read_only(&h.summary.title, h.summary.status));
        }
        Ok(h)
    }

    /// The chapter of `h` named by id or key.
    fn chapter_id(h: &sotay_model::Handbook, chapter: &str) -> Result<String, Error> {
        h.chapters
            .iter()
            .find(|c| c.id == chapter || c.key == chapter)
            .or_else(|| {
                let t = sotay_model::text::nfc(chapter.trim());
                let mut by_title = h.chapters.iter().filter(|c| c.title == t);
                match (by_title.next(), by_title.next()) {
                    (Some(c), None) => Some(c),
                    _ => None,
                }
            })
            .map(|c| c.id.clone())
            .ok_or_else(|| Error::not_found("chapter", chapter))
    }

    /// One chapter of a handbook, by id, key or title (a title in any Unicode form).
    pub fn chapter(
        &self,
        handbook: &str,
        chapter: &str,
    ) -> Result<sotay_model::ChapterView, Error> {
        let id = self.resolve_handbook(handbook)?;
        let chapter_id = Self::chapter_id(&self.store.handbook(&id)?, chapter)?;
        self.open_handbook(&id)?
            .chapters
            .into_iter()
            .find(|c| c.id == chapter_id)
            .ok_or_else(|| Error::not_found("chapter", chapter))
    }

    /// A new record id, the current user and the time, for one write.
    fn stamp(&self) -> Result<OwnedStamp, Error> {
        let now = self.now();
        Ok(OwnedStamp {
            id: new_id(now),
            author: self.user_name()?,
            at: rfc3339(now),
        })
    }

    /// Saves a chapter's source as a new revision (`None` when nothing changed).
    pub fn save_chapter(
        &mut self,
        handbook: &str,
        chapter: &str,
        source: &str,
        message: &str,
    ) -> Result<Option<RevisionSummary>, Error> {
        self.atomically(|ws| {
            let h = ws.editable(handbook)?;
            let chapter_id = Self::chapter_id(&h, chapter)?;
            let source = sotay_model::text::nfc(source);
            let st = ws.stamp()?;
            let stamp = st.get();
            let rev = ws.store.save_chapter(
                &h.summary.id,
                &chapter_id,
                &source,
                &sotay_model::text::nfc(message.trim()),
                RevisionKind::Edit,
                &stamp,
            )?;
            if let Some(rev) = &rev {
                ws.rebase_passages(&h.summary.id, &chapter_id, &source, rev.number)?;
            }
            Ok(rev)
        })
    }

    /// After a save, the open comments on passages of the chapter take the position and
    /// context their passage has now ([`TextAnchor::rebased`]), so that later edits around or
    /// inside it are measured from this text; a passage not found keeps its anchor.
    fn rebase_passages(
        &mut self,
        handbook_id: &str,
        chapter_id: &str,
        source: &str,
        revision: u32,
    ) -> Result<(), Error> {
        for c in self.store.comments(handbook_id)? {
            if c.chapter_id != chapter_id || c.status != CommentStatus::Open {
                continue;
            }
            let Some(old) = &c.anchor else { continue };
            if let Some(new) = old.rebased(source, revision) {
                if new.start != old.start || new.prefix != old.prefix || new.suffix != old.suffix {
                    self.store.update_comment_anchor(handbook_id, &c.id, &new)?;
                }
            }
        }
        Ok(())
    }

    /// Renders an unsaved source with the handbook's variables: the live preview.
    pub fn preview_chapter(&self, handbook: &str, source: &str) -> Result<ChapterPreview, Error> {
        let id = self.resolve_handbook(handbook)?;
        let h = self.store.handbook(&id)?;
        // Images come from the handbook's attachments, inlined as data: URIs.
        let attachments = self.store.attachments(&id)?;
        let images = |name: &str| {
            let a = attachments.iter().find(|a| a.name == name)?;
            let bytes = self.store.blob(&a.sha256).ok()??;
            Some(sotay_doc::html::data_uri(&a.mime, &bytes))
        };
        Ok(match render(source, &h.variables) {
            Ok(md) => ChapterPreview {
                html: sotay_doc::html::preview_fragment(&md, &images),
                error: None,
            },
            Err(e) => ChapterPreview {
                html: sotay_doc::html::preview_fragment(source, &images),
                error: Some(crate::check::render_diagnostic(&e, source, None)),
            },
        })
    }

    /// Adds a chapter titled `title` after chapter `after` (at the start when `None`).
    pub fn add_chapter(
        &mut self,
        handbook: &str,
        title: &str,
        level: ChapterLevel,
        after: Option<&str>,
    ) -> Result<HandbookView, Error> {
        Ok(self.add_chapter_keyed(handbook, title, level, after)?.0)
    }

    /// [`Workspace::add_chapter`], also returning the new chapter's key: the title's slug, made
    /// distinct (`-2`, `-3`…) when another chapter has it.
    pub fn add_chapter_keyed(
        &mut self,
        handbook: &str,
        title: &str,
        level: ChapterLevel,
        after: Option<&str>,
    ) -> Result<(HandbookView, String), Error> {
        self.atomically(|ws| {
            let h = ws.editable(handbook)?;
            let title = sotay_model::text::nfc(title.trim());
            if title.is_empty() {
                return Err(Error::localized(
                    ErrorCode::InvalidInput,
                    "Tên chương không được để trống.",
                    "A chapter needs a title.",
                ));
            }
            let after_position = match after {
                Some(a) => {
                    let cid = Self::chapter_id(&h, a)?;
                    h.chapters
                        .iter()
                        .find(|c| c.id == cid)
                        .map_or(0, |c| c.position)
                }
                None => 0,
            };
            let base = sotay_model::text::slug(&title);
            let base = if base.is_empty() {
                "chuong".to_owned()
            } else {
                base
            };
            let mut key = base.clone();
            let mut n = 2;
            while h.chapters.iter().any(|c| c.key == key) {
                key = format!("{base}-{n}");
                n += 1;
            }
            let st = ws.stamp()?;
            let chapter = NewChapter {
                id: new_id(ws.now()),
                key,
                title: title.clone(),
                level,
                source: format!("# {title}\n\n"),
            };
            ws.store.add_chapter(
                &h.summary.id,
                &chapter,
                after_position,
                RevisionKind::Add,
                "",
                &st.get(),
            )?;
            let key = chapter.key.clone();
            Ok((ws.open_handbook(&h.summary.id)?, key))
        })
    }

    /// Removes a chapter; its text stays in the history and can be restored.
    pub fn remove_chapter(&mut self, handbook: &str, chapter: &str) -> Result<HandbookView, Error> {
        self.atomically(|ws| {
            let h = ws.editable(handbook)?;
            let chapter_id = Self::chapter_id(&h, chapter)?;
            let st = ws.stamp()?;
            ws.store
                .remove_chapter(&h.summary.id, &chapter_id, &st.get())?;
            ws.open_handbook(&h.summary.id)
        })
    }

    /// Moves a chapter to `position` (1-based).
    pub fn move_chapter(
        &mut self,
        handbook: &str,
        chapter: &str,
        position: u32,
    ) -> Result<HandbookView, Error> {
        self.atomically(|ws| {
            let h = ws.editable(handbook)?;
            let chapter_id = Self::chapter_id(&h, chapter)?;
            let at = rfc3339(ws.now());
            ws.store
                .move_chapter(&h.summary.id, &chapter_id, position, &at)?;
            ws.open_handbook(&h.summary.id)
        })
    }

    pub fn rename_chapter(
        &mut self,
        handbook: &str,
        chapter: &str,
        title: &str,
    ) -> Result<HandbookView, Error> {
        self.atomically(|ws| {
            let h = ws.editable(handbook)?;
            let chapter_id = Self::chapter_id(&h, chapter)?;
            let title = sotay_model::text::nfc(title.trim());
            if title.is_empty() {
                return Err(Error::localized(
                    ErrorCode::InvalidInput,
                    "Tên chương không được để trống.",
                    "A chapter needs a title.",
                ));
            }
            let st = ws.stamp()?;
            ws.store
                .rename_chapter(&h.summary.id, &chapter_id, &title, &st.get())?;
            ws.open_handbook(&h.summary.id)
        })
    }

    /// The history of a handbook, or of one chapter, newest first.
    pub fn history(
        &self,
        handbook: &str,
        chapter: Option<&str>,
    ) -> Result<Vec<RevisionSummary>, Error> {
        let id = self.resolve_handbook(handbook)?;
        let chapter_id = match chapter {
            None => None,
            Some(c) => {
                let h = self.store.handbook(&id)?;
                match Self::chapter_id(&h, c) {
                    Ok(cid) => Some(cid),
                    // A removed chapter: its id is still in the history.
                    Err(e) => {
                        let all = self.store.revisions(&id, None)?;
                        Some(
                            all.iter()
                                .find(|r| r.chapter_id == c || r.chapter_key == c)
                                .map(|r| r.chapter_id.clone())
                                .ok_or(e)?,
                        )
                    }
                }
            }
        };
        Ok(self.store.revisions(&id, chapter_id.as_deref())?)
    }

    /// One revision with its source (by id or number).
    pub fn revision(&self, handbook: &str, revision: &str) -> Result<RevisionDetail, Error> {
        let id = self.resolve_handbook(handbook)?;
        Ok(self.store.revision(&id, revision)?)
    }

    /// A word-level diff from revision `from` to revision `to`.
    pub fn diff(&self, handbook: &str, from: &str, to: &str) -> Result<RevisionDiff, Error> {
        let a = self.revision(handbook, from)?;
        let b = self.revision(handbook, to)?;
        let spans = word_diff(&a.source, &b.source);
        let words = |op| {
            spans
                .iter()
                .filter(|s| s.op == op)
                .map(|s| s.text.split_whitespace().count() as u32)
                .sum()
        };
        Ok(RevisionDiff {
            inserted_words: words(DiffOp::Insert),
            deleted_words: words(DiffOp::Delete),
            from: a.summary,
            to: b.summary,
            spans,
        })
    }

    /// Brings back an old revision as a new revision (a removed chapter comes back too).
    pub fn restore(&mut self, handbook: &str, revision: &str) -> Result<RevisionSummary, Error> {
        self.atomically(|ws| {
            let h = ws.editable(handbook)?;
            let old = ws.store.revision(&h.summary.id, revision)?;
            let message = format!("#{}", old.summary.number);
            let st = ws.stamp()?;
            let stamp = st.get();
            let r = &old.summary;
            if ws.store.chapter_exists(&h.summary.id, &r.chapter_id)? {
                let rev = ws.store.save_chapter(
                    &h.summary.id,
                    &r.chapter_id,
                    &old.source,
                    &message,
                    RevisionKind::Restore,
                    &stamp,
                )?;
                return rev.ok_or_else(|| Error::new(ErrorCode::Internal, "restore wrote nothing"));
            }
            let level = ws
                .template(&h.summary.template_id)
                .ok()
                .and_then(|t| t.manifest.chapters.iter().find(|c| c.key == r.chapter_key))
                .map_or(ChapterLevel::O, |c| c.level.into());
            let key = if h.chapters.iter().any(|c| c.key == r.chapter_key) {
                format!("{}-{}", r.chapter_key, r.number)
            } else {
                r.chapter_key.clone()
            };
            Ok(ws.store.add_chapter(
                &h.summary.id,
                &NewChapter {
                    id: r.chapter_id.clone(),
                    key,
                    title: r.chapter_title.clone(),
                    level,
                    source: old.source.clone(),
                },
                h.chapters.len() as u32,
                RevisionKind::Restore,
                &message,
                &stamp,
            )?)
        })
    }

    /// Moves a handbook along its workflow. Approval needs a check with no errors; reopening an
    /// approved or published handbook starts a new version.
    pub fn set_status(
        &mut self,
        handbook: &str,
        to: HandbookStatus,
        note: &str,
    ) -> Result<HandbookSummary, Error> {
        self.set_status_with_reason(handbook, to, note, "")
    }

    /// [`Workspace::set_status`] with the reason for a move a rule objects to: an author who
    /// approves her own draft while review comments are open must give one
    /// ([`sotay_model::revision::check_self_approval`]); it is kept in the status history.
    pub fn set_status_with_reason(
        &mut self,
        handbook: &str,
        to: HandbookStatus,
        note: &str,
        reason: &str,
    ) -> Result<HandbookSummary, Error> {
        let reason = sotay_model::text::nfc(reason.trim());
        self.atomically(|ws| {
        let id = ws.resolve_handbook(handbook)?;
        let h = ws.store.handbook(&id)?;
        let from = h.summary.status;
        if !from.can_move_to(to) {
            let (f, t) = (from.label(), to.label());
            return Err(Error::localized(
                ErrorCode::WorkflowRefused,
                format!("Không thể chuyển sổ tay từ “{}” sang “{}”. Quy trình: Dự thảo → Đang góp ý → Đã duyệt → Đã phát hành; mở lại (về Dự thảo) từ Đang góp ý, Đã duyệt hoặc Đã phát hành.", f.vi, t.vi),
                format!("A handbook cannot go from “{}” to “{}”. The workflow: Draft → In review → Approved → Published; reopen (back to Draft) from In review, Approved or Published.", f.en, t.en),
            ));
        }
        if matches!(to, HandbookStatus::Approved | HandbookStatus::Published) {
            let found: Vec<Diagnostic> = ws
                .check(&id)?
                .into_iter()
                .filter(|d| d.severity == Severity::Error)
                .collect();
            if !found.is_empty() {
                let errors = found.len();
                return Err(Error::refused(
                    ErrorCode::WorkflowRefused,
                    format!("Chưa thể duyệt: kiểm tra sổ tay còn {errors} lỗi. Chạy “sotay check” để xem và sửa."),
                    format!("Cannot approve: the handbook check has {errors} errors. Run “sotay check” to see and fix them."),
                    found,
                ));
            }
        }
        if to == HandbookStatus::Approved {
            let approver = ws.user_name()?;
            let authors = ws.draft_authors(&id, h.summary.version)?;
            let open = ws
                .store
                .comments(&id)?
                .iter()
                .filter(|c| c.status == CommentStatus::Open)
                .count();
            if let Err(r) =
                sotay_model::revision::check_self_approval(&approver, &authors, open, &reason)
            {
                return Err(Error::new(ErrorCode::WorkflowRefused, approver).with(
                    crate::error::ErrorDetails::ReasonRequired {
                        open_comments: r.open_comments as u32,
                    },
                ));
            }
        }
        let version = if matches!(from, HandbookStatus::Approved | HandbookStatus::Published)
            && to == HandbookStatus::Draft
        {
            h.summary.version + 1
        } else {
            h.summary.version
        };
        let st = ws.stamp()?;
        ws.store.set_status(
            &id,
            from,
            to,
            version,
            &sotay_model::text::nfc(note.trim()),
            &reason,
            &st.get(),
        )?;
        Ok(ws.store.handbook(&id)?.summary)
        })
    }

    /// Who wrote the draft of `version`: the authors of every revision since the handbook was
    /// reopened as that version, and whoever reopened it (all revisions for version 1).
    fn draft_authors(&self, handbook_id: &str, version: u32) -> Result<Vec<String>, Error> {
        let reopened = self
            .store
            .status_changes(handbook_id)?
            .into_iter()
            .filter(|c| {
                c.version == version
                    && c.to == HandbookStatus::Draft
                    && c.from != HandbookStatus::Review
            })
            .min_by(|a, b| a.at.cmp(&b.at));
        let since = reopened.as_ref().map(|c| c.at.as_str());
        let mut authors: Vec<String> = self
            .store
            .revisions(handbook_id, None)?
            .into_iter()
            .filter(|r| since.is_none_or(|s| r.created_at.as_str() >= s))
            .map(|r| r.author)
            .chain(reopened.as_ref().map(|c| c.by.clone()))
            .collect();
        authors.sort();
        authors.dedup();
        Ok(authors)
    }

    pub fn status_history(&self, handbook: &str) -> Result<Vec<StatusChange>, Error> {
        let id = self.resolve_handbook(handbook)?;
        Ok(self.store.status_changes(&id)?)
    }

    pub fn comments(&self, handbook: &str) -> Result<Vec<Comment>, Error> {
        let id = self.resolve_handbook(handbook)?;
        Ok(self.store.comments(&id)?)
    }

    /// A comment on a whole chapter.
    pub fn add_comment(
        &mut self,
        handbook: &str,
        chapter: &str,
        body: &str,
    ) -> Result<Comment, Error> {
        self.new_comment(handbook, chapter, body, None)
    }

    /// A comment on the passage `start..end` (UTF-16 positions, as the editor counts) of a
    /// chapter's saved source; `quote` is the passage as the commenter saw it, and must still be
    /// there (else the text changed meanwhile, and nothing is stored).
    pub fn add_passage_comment(
        &mut self,
        handbook: &str,
        chapter: &str,
        body: &str,
        start: u32,
        end: u32,
        quote: &str,
    ) -> Result<Comment, Error> {
        self.new_comment(handbook, chapter, body, Some((start, end, quote)))
    }

    fn new_comment(
        &mut self,
        handbook: &str,
        chapter: &str,
        body: &str,
        passage: Option<(u32, u32, &str)>,
    ) -> Result<Comment, Error> {
        self.atomically(|ws| {
            let id = ws.resolve_handbook(handbook)?;
            let h = ws.store.handbook(&id)?;
            let chapter_id = Self::chapter_id(&h, chapter)?;
            let body = sotay_model::text::nfc(body.trim());
            if body.is_empty() {
                return Err(Error::localized(
                    ErrorCode::InvalidInput,
                    "Góp ý không được để trống.",
                    "A comment cannot be empty.",
                ));
            }
            let anchor = match passage {
                None => None,
                Some((start, end, quote)) => {
                    let source = &h
                        .chapters
                        .iter()
                        .find(|c| c.id == chapter_id)
                        .ok_or_else(|| Error::not_found("chapter", chapter))?
                        .source;
                    let revision = ws
                        .store
                        .revisions(&id, Some(&chapter_id))?
                        .first()
                        .map_or(0, |r| r.number);
                    let anchor = TextAnchor::select(source, start, end, revision)
                        .filter(|a| a.quote == sotay_model::text::nfc(quote))
                        .ok_or_else(|| {
                            Error::localized(
                                ErrorCode::InvalidInput,
                                "Đoạn văn được chọn không còn ở chỗ đó trong chương (văn bản vừa thay đổi hoặc chưa lưu). Hãy chọn lại đoạn văn rồi góp ý.",
                                "The selected passage is no longer there in the chapter (the text just changed or is not saved). Select the passage again and comment.",
                            )
                        })?;
                    Some(anchor)
                }
            };
            let st = ws.stamp()?;
            Ok(ws
                .store
                .add_comment(&id, &chapter_id, &body, anchor.as_ref(), &st.get())?)
        })
    }

    /// A chapter's comments, each with where its passage is in `text` (the window's current
    /// text of the chapter, saved or not; the saved source when `None`).
    pub fn chapter_comments(
        &self,
        handbook: &str,
        chapter: &str,
        text: Option<&str>,
    ) -> Result<Vec<ChapterComment>, Error> {
        let id = self.resolve_handbook(handbook)?;
        let h = self.store.handbook(&id)?;
        let chapter_id = Self::chapter_id(&h, chapter)?;
        let source = match text {
            Some(t) => sotay_model::text::nfc(t),
            None => h
                .chapters
                .iter()
                .find(|c| c.id == chapter_id)
                .map(|c| c.source.clone())
                .unwrap_or_default(),
        };
        Ok(self
            .store
            .comments(&id)?
            .into_iter()
            .filter(|c| c.chapter_id == chapter_id)
            .map(|c| ChapterComment::locate(c, &source))
            .collect())
    }

    /// Every comment of a handbook located in its chapter's saved source (a removed chapter's
    /// passages are detached).
    pub fn located_comments(&self, handbook: &str) -> Result<Vec<ChapterComment>, Error> {
        let id = self.resolve_handbook(handbook)?;
        let h = self.store.handbook(&id)?;
        Ok(self
            .store
            .comments(&id)?
            .into_iter()
            .map(|c| {
                let source = h
                    .chapters
                    .iter()
                    .find(|x| x.id == c.chapter_id)
                    .map_or("", |x| x.source.as_str());
                ChapterComment::locate(c, source)
            })
            .collect())
    }

    pub fn resolve_comment(&mut self, handbook: &str, comment: &str) -> Result<Comment, Error> {
        self.atomically(|ws| {
            let id = ws.resolve_handbook(handbook)?;
            let by = ws.user_name()?;
            let at = rfc3339(ws.now());
            Ok(ws.store.resolve_comment(&id, comment, &by, &at)?)
        })
    }

    /// Stores an image or attachment under `name` (content-addressed and deduplicated);
    /// returns its SHA-256.
    pub fn add_attachment(
        &mut self,
        handbook: &str,
        name: &str,
        bytes: &[u8],
    ) -> Result<String, Error> {
        let h = self.editable(handbook)?;
        let name = sotay_model::text::nfc(name.trim());
        if name.is_empty() || name.contains("..") || name.starts_with('/') || name.contains('\\') {
            return Err(Error::localized(
                ErrorCode::InvalidInput,
                format!("Tên tệp đính kèm không hợp lệ: “{name}”."),
                format!("Invalid attachment name: “{name}”."),
            ));
        }
        let sha = crate::sha256_hex(bytes);
        let mime = crate::export::mime_of(&name);
        let at = rfc3339(self.now());
        self.store
            .put_attachment(&h.summary.id, &name, &sha, mime, bytes, &at)?;
        Ok(sha)
    }

    /// The names of a handbook's attachments.
    pub fn attachment_names(&self, handbook_id: &str) -> Result<Vec<String>, Error> {
        Ok(self
            .store
            .attachments(handbook_id)?
            .into_iter()
            .map(|a| a.name)
            .collect())
    }

    #[doc(hidden)]
    pub fn blob_count(&self) -> Result<u64, Error> {
        Ok(self.store.blob_count()?)
    }
}

/// A word-level diff: runs of equal, inserted and deleted words (whitespace kept).
pub fn word_diff(a: &str, b: &str) -> Vec<DiffSpan> {
    let diff = TextDiff::configure()
        .timeout(std::time::Duration::from_millis(500))
        .diff_words(a, b);
    let mut spans: Vec<DiffSpan> = Vec::new();
    for change in diff.iter_all_changes() {
        let op = match change.tag() {
            ChangeTag::Equal => DiffOp::Equal,
            ChangeTag::Insert => DiffOp::Insert,
            ChangeTag::Delete => DiffOp::Delete,
        };
        match spans.last_mut() {
            Some(last) if last.op == op => last.text.push_str(change.value()),
            _ => spans.push(DiffSpan {
                op,
                text: change.value().to_owned(),
            }),
        }
    }
    spans
}

/// Removes the value at a dotted key (and objects left empty on the way).
fn remove_at(vars: &mut Value, key: &str) {
    match key.split_once('.') {
        None => {
            if let Some(o) = vars.as_object_mut() {
                o.remove(key);
            }
        }
        Some((head, rest)) => {
            if let Some(child) = vars.get_mut(head) {
                remove_at(child, rest);
                if child.as_object().is_some_and(|o| o.is_empty()) {
                    if let Some(o) = vars.as_object_mut() {
                        o.remove(head);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_variables_are_dropped_outside_tables() {
        let mut v = serde_json::json!({
            "organization": {"short_name": "  ", "name": "HTX"},
            "contacts": {"deputy": {"name": "", "phone": null}},
            "chain": {"sites": [{"code": "", "name": "Ao 1"}]},
            "n": 0
        });
        drop_blank(&mut v);
        assert_eq!(
            v,
            serde_json::json!({
                "organization": {"name": "HTX"},
                "chain": {"sites": [{"code": "", "name": "Ao 1"}]},
                "n": 0
            })
        );
    }

    #[test]
    fn removing_a_key_drops_objects_left_empty() {
        let mut v = serde_json::json!({"product": {"brand": "A"}, "x": {"y": 1, "z": 2}});
        remove_at(&mut v, "product.brand");
        remove_at(&mut v, "x.y");
        remove_at(&mut v, "khong.co");
        assert_eq!(v, serde_json::json!({"x": {"z": 2}}));
    }

    #[test]
    fn word_diff_marks_changed_words_only() {
        let spans = word_diff(
            "Thu hoạch tôm trong 4 giờ.",
            "Thu hoạch tôm sú trong 2 giờ.",
        );
        let changed: Vec<(DiffOp, &str)> = spans
            .iter()
            .filter(|s| s.op != DiffOp::Equal)
            .map(|s| (s.op, s.text.trim()))
            .collect();
        assert!(changed.contains(&(DiffOp::Insert, "sú")), "{spans:?}");
        assert!(changed.contains(&(DiffOp::Delete, "4")), "{spans:?}");
        assert!(changed.contains(&(DiffOp::Insert, "2")), "{spans:?}");
        let rebuilt_new: String = spans
            .iter()
            .filter(|s| s.op != DiffOp::Delete)
            .map(|s| s.text.as_str())
            .collect();
        assert_eq!(rebuilt_new, "Thu hoạch tôm sú trong 2 giờ.");
    }
}
