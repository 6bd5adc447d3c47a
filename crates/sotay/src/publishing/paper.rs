//! The paper an edition is laid out on (issue 17's leftovers). A new edition records it
//! (migration 0017): the paper asked for (`--paper`, the publish wizard), else the workspace's
//! (`sotay settings paper`). Publishing the same label again keeps it: without a paper it is
//! the recorded one whatever the setting has become, and another paper is refused, since it
//! would be another edition under the same label.
//!
//! An edition published before Sotay recorded its paper gets it on its first run afterwards:
//! read from its files when the output folder holds them (`manifest.json`'s `paper`, else the
//! trim box of one of its PDF files whose SHA-256 is in the distribution log), else the paper
//! asked for, else A4 — and the report says which ([`PaperSource`]).

use super::*;
use crate::export::Paper;

impl Paper {
    /// The name the settings, the database and `manifest.json` use: "a4", "a5".
    pub fn as_str(self) -> &'static str {
        match self {
            Paper::A4 => "a4",
            Paper::A5 => "a5",
        }
    }

    /// Reads [`Paper::as_str`]'s names back.
    pub fn from_name(s: &str) -> Option<Paper> {
        match s.trim() {
            "a4" | "A4" => Some(Paper::A4),
            "a5" | "A5" => Some(Paper::A5),
            _ => None,
        }
    }

    /// How a person names it: "A4", "A5".
    pub fn label(self) -> &'static str {
        match self {
            Paper::A4 => "A4",
            Paper::A5 => "A5",
        }
    }
}

/// Where a run's paper came from, as `sotay publish` and the wizard report it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PaperSource {
    /// Asked for by the run (`--paper`, the wizard) for a new edition.
    Asked,
    /// The workspace's setting: a new edition, no paper asked for.
    Setting,
    /// Recorded with the edition when it was first published.
    Recorded,
    /// An edition published before Sotay recorded its paper: read from its files in the output
    /// folder ([`PublishReport::paper_file`] names the one), and recorded now.
    Files,
    /// Such an edition whose files are not in the output folder: the paper asked for by this
    /// run, recorded now.
    AskedForOld,
    /// Such an edition, no file to read and no paper asked for: A4, recorded now.
    DefaultA4,
}

impl PaperSource {
    /// The paper was only decided by this run for an edition published before Sotay recorded
    /// papers: it is recorded with the run.
    pub(super) fn records(self) -> bool {
        matches!(
            self,
            PaperSource::Files | PaperSource::AskedForOld | PaperSource::DefaultA4
        )
    }
}

/// The paper of a run, where it came from, and the file it was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct RunPaper {
    pub paper: Paper,
    pub from: PaperSource,
    pub file: Option<String>,
}

fn refused(label: &str, recorded: Paper, read_from: Option<&str>, asked: Paper) -> Error {
    let (vi_from, en_from) = match read_from {
        Some(f) => (
            format!(" (đọc từ tệp “{f}” của ấn bản)"),
            format!(" (read from its file “{f}”)"),
        ),
        None => (String::new(), String::new()),
    };
    let (r, a, r_name) = (recorded.label(), asked.label(), recorded.as_str());
    bad(
        format!("Ấn bản “{label}” đã phát hành khổ {r}{vi_from}; phát hành lại phải giữ khổ giấy đó, nếu không sẽ là một ấn bản khác mang cùng nhãn. Bỏ --paper (hoặc dùng --paper {r_name}); muốn khổ {a}, hãy phát hành ấn bản mới với nhãn mới. Không tạo tệp nào."),
        format!("Edition “{label}” was published on {r} paper{en_from}; publishing it again keeps that paper, else it would be another edition under the same label. Leave out --paper (or use --paper {r_name}); for {a}, publish a new edition with a new label. Nothing was produced."),
    )
}

impl Workspace {
    /// The paper of a new edition: the one asked for, else the workspace's.
    pub(super) fn new_edition_paper(&self, asked: Option<Paper>) -> Result<RunPaper, Error> {
        Ok(match asked {
            Some(paper) => RunPaper {
                paper,
                from: PaperSource::Asked,
                file: None,
            },
            None => RunPaper {
                paper: self.edition_paper()?,
                from: PaperSource::Setting,
                file: None,
            },
        })
    }

    /// The paper of an edition published again into `dir`: the recorded one (another asked
    /// for is refused); for an edition published before papers were recorded, the one its
    /// files in `dir` say, else the one asked for, else A4.
    pub(super) fn reproduced_paper(
        &self,
        edition: &Edition,
        asked: Option<Paper>,
        dir: &Path,
    ) -> Result<RunPaper, Error> {
        if let Some(recorded) = self.store.edition_paper(&edition.id)? {
            let recorded = Paper::from_name(&recorded).unwrap_or_default();
            if let Some(a) = asked.filter(|a| *a != recorded) {
                return Err(refused(&edition.label, recorded, None, a));
            }
            return Ok(RunPaper {
                paper: recorded,
                from: PaperSource::Recorded,
                file: None,
            });
        }
        let logged: Vec<String> = self
            .store
            .copies(&edition.id)?
            .into_iter()
            .map(|c| c.sha256)
            .collect();
        if let Some((paper, file)) = paper_in_folder(dir, edition, &logged) {
            if let Some(a) = asked.filter(|a| *a != paper) {
                return Err(refused(&edition.label, paper, Some(&file), a));
            }
            return Ok(RunPaper {
                paper,
                from: PaperSource::Files,
                file: Some(file),
            });
        }
        Ok(match asked {
            Some(paper) => RunPaper {
                paper,
                from: PaperSource::AskedForOld,
                file: None,
            },
            None => RunPaper {
                paper: Paper::A4,
                from: PaperSource::DefaultA4,
                file: None,
            },
        })
    }
}

/// The paper an edition's files in `dir` were made on: `manifest.json`'s `paper` when it says
/// one, else the first of its PDF files that is still as logged (its SHA-256 in the manifest
/// and in the distribution log `logged`) read by its trim box. With the file it came from.
fn paper_in_folder(dir: &Path, edition: &Edition, logged: &[String]) -> Option<(Paper, String)> {
    let manifest: Value =
        serde_json::from_slice(&std::fs::read(dir.join("manifest.json")).ok()?).ok()?;
    if manifest.pointer("/edition/id").and_then(Value::as_str) != Some(edition.id.as_str()) {
        return None;
    }
    if let Some(p) = manifest
        .get("paper")
        .and_then(Value::as_str)
        .and_then(Paper::from_name)
    {
        return Some((p, "manifest.json".to_owned()));
    }
    let files = manifest.get("files")?.as_array()?;
    files.iter().find_map(|f| {
        let format = f.get("format").and_then(Value::as_str)?;
        if !matches!(format, "pdf-print" | "pdf-screen") {
            return None;
        }
        let name = f.get("file").and_then(Value::as_str)?;
        let sha = f.get("sha256").and_then(Value::as_str)?;
        // Only a plain file name of the folder, still the bytes that were handed out.
        if name.contains(['/', '\\']) || !logged.iter().any(|l| l == sha) {
            return None;
        }
        let bytes = std::fs::read(dir.join(name)).ok()?;
        if crate::sha256_hex(&bytes) != sha {
            return None;
        }
        let paper = match sotay_pdf::Paper::of_pdf(&bytes)? {
            sotay_pdf::Paper::A4 => Paper::A4,
            sotay_pdf::Paper::A5 => Paper::A5,
        };
        Some((paper, name.to_owned()))
    })
}
