//! Cài đặt's "Sao lưu" and "Ấn bản" parts: backups made beside the workspace file (listed and
//! restored through [`crate::recovery::find_backups`] and [`Workspace::restore_backup`]), and the
//! paper editions are printed on unless a run asks for another.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::recovery::{find_backups, BackupFile};
use crate::{Error, ErrorCode, Paper, Workspace};

/// The setting that holds the paper of PDF editions ("a4" or "a5").
const SETTING_PAPER: &str = "edition.paper";

/// What an edition is printed with unless the run asks otherwise: the paper (a setting) and
/// the faces Sotay embeds (one family for the text, one for headings; not a choice).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct EditionDefaults {
    pub paper: Paper,
    /// The family of the body text, e.g. "Noto Serif".
    pub body_font: String,
    /// The family of headings, captions and running heads, e.g. "Noto Sans".
    pub heading_font: String,
}

fn paper_name(p: Paper) -> &'static str {
    match p {
        Paper::A4 => "a4",
        Paper::A5 => "a5",
    }
}

/// The first embedded family whose name ends in `suffix` (" Serif", " Sans").
fn family(suffix: &str) -> String {
    sotay_doc::fonts::ALL
        .iter()
        .map(|f| f.family)
        .find(|f| f.ends_with(suffix))
        .unwrap_or_default()
        .to_owned()
}

impl Workspace {
    /// The paper PDF editions are printed on when a run does not say (A4 until set).
    pub fn edition_paper(&self) -> Result<Paper, Error> {
        Ok(match self.store.setting(SETTING_PAPER)?.as_deref() {
            Some("a5") => Paper::A5,
            _ => Paper::A4,
        })
    }

    /// Sets that paper.
    pub fn set_edition_paper(&mut self, paper: Paper) -> Result<EditionDefaults, Error> {
        self.store.set_setting(SETTING_PAPER, paper_name(paper))?;
        self.edition_defaults()
    }

    /// The paper and the faces of editions, for Cài đặt and the publish wizard.
    pub fn edition_defaults(&self) -> Result<EditionDefaults, Error> {
        Ok(EditionDefaults {
            paper: self.edition_paper()?,
            body_font: family(" Serif"),
            heading_font: family(" Sans"),
        })
    }

    /// The backups beside the workspace file that can be restored, newest first.
    pub fn backups(&self) -> Vec<BackupFile> {
        find_backups(self.db_path())
    }

    /// Backs the workspace up beside its file as `<name>.sao-luu-<UTC time>.bak` (then `-2`,
    /// `-3`… if taken; nothing is overwritten) and returns it as listed by [`Self::backups`].
    pub fn backup_beside(&self) -> Result<BackupFile, Error> {
        let db = self.db_path().to_owned();
        let name = db
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let stamp = crate::clock::file_stamp(self.now());
        let dest = (1..1000)
            .map(|n| {
                let suffix = if n == 1 {
                    String::new()
                } else {
                    format!("-{n}")
                };
                db.with_file_name(format!("{name}.sao-luu-{stamp}{suffix}.bak"))
            })
            .find(|p| std::fs::symlink_metadata(p).is_err())
            .ok_or_else(|| Error::new(ErrorCode::Internal, "no free name for a backup"))?;
        self.backup(&dest)?;
        let shown = dest.display().to_string();
        self.backups()
            .into_iter()
            .find(|b| b.path == shown)
            .ok_or_else(|| Error::new(ErrorCode::Internal, "the new backup is not readable"))
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::{BackupKind, FixedClock};

    fn open(dir: &tempfile::TempDir) -> Workspace {
        let clock = Arc::new(FixedClock(time::macros::datetime!(2026-12-07 09:30:05 UTC)));
        let mut ws = Workspace::open(&dir.path().join("ws.db"), clock).unwrap();
        ws.ensure_sample_workspace().unwrap();
        ws
    }

    #[test]
    fn backups_beside_the_file_are_listed_and_never_overwritten() {
        let dir = tempfile::TempDir::new().unwrap();
        let ws = open(&dir);
        assert!(ws.backups().is_empty());
        let first = ws.backup_beside().unwrap();
        assert_eq!(first.name, "ws.db.sao-luu-20261207-093005.bak");
        assert_eq!(first.kind, BackupKind::Other);
        assert!(first.bytes > 0);
        let second = ws.backup_beside().unwrap();
        assert_eq!(second.name, "ws.db.sao-luu-20261207-093005-2.bak");
        let names: Vec<_> = ws.backups().into_iter().map(|b| b.name).collect();
        assert_eq!(names.len(), 2, "{names:?}");
        assert!(names.contains(&first.name) && names.contains(&second.name));
    }

    #[test]
    fn restoring_a_backup_while_open_brings_it_back_and_keeps_the_current_content() {
        let dir = tempfile::TempDir::new().unwrap();
        let mut ws = open(&dir);
        let backup = ws.backup_beside().unwrap();
        let before = ws.handbooks().unwrap().len();
        let id = ws.handbooks().unwrap()[0].id.clone();
        ws.store.set_setting(SETTING_PAPER, "a5").unwrap();
        let kept = ws
            .restore_backup(std::path::Path::new(&backup.path))
            .unwrap();
        // The workspace stays open and usable, with the backup's content.
        assert_eq!(ws.edition_paper().unwrap(), Paper::A4);
        assert_eq!(ws.handbooks().unwrap().len(), before);
        assert_eq!(ws.handbooks().unwrap()[0].id, id);
        // What was there before is listed as a backup to go back to.
        let listed = ws.backups();
        let aside = listed
            .iter()
            .find(|b| b.path == kept.display().to_string())
            .unwrap();
        assert_eq!(aside.kind, BackupKind::BeforeRestore);
        assert_eq!(listed.len(), 2);
    }

    #[test]
    fn the_edition_paper_is_a4_until_set_and_the_faces_are_the_embedded_ones() {
        let dir = tempfile::TempDir::new().unwrap();
        let mut ws = open(&dir);
        let d = ws.edition_defaults().unwrap();
        assert_eq!(d.paper, Paper::A4);
        assert_eq!(d.body_font, "Noto Serif");
        assert_eq!(d.heading_font, "Noto Sans");
        assert_eq!(ws.set_edition_paper(Paper::A5).unwrap().paper, Paper::A5);
        assert_eq!(ws.edition_paper().unwrap(), Paper::A5);
        ws.store.set_setting(SETTING_PAPER, "letter").unwrap();
        assert_eq!(ws.edition_paper().unwrap(), Paper::A4);
    }
}
