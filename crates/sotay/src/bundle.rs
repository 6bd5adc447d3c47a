//! Exchange bundles (`.sotay`): a zip with a versioned `manifest.json`, the records as
//! `records.json`, and attachments by hash under `blobs/`, with the SHA-256 and size of every
//! entry in the manifest. Reading a bundle trusts nothing: names, sizes, ratios, hashes, the
//! schema version and every reference are checked before one transaction merges it.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{Read, Write};
use std::path::Path;

use serde_json::{json, Map, Value};
use sotay_store::{MergePlan, Records};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

use crate::clock::rfc3339;
use crate::{Error, ErrorCode, Workspace};

/// The bundle format this Sotay writes and the newest it reads.
pub const BUNDLE_VERSION: u64 = 1;
const FORMAT: &str = "sotay-bundle";
/// Limits against hostile files.
const MAX_ENTRIES: usize = 100_000;
const MAX_TOTAL: u64 = 1 << 30; // 1 GiB uncompressed
const MAX_RATIO: u64 = 200; // uncompressed / compressed, per entry (zip bombs)
const MAX_JSON: u64 = 256 << 20;

fn bad(vi: impl Into<String>, en: impl Into<String>) -> Error {
    Error::localized(ErrorCode::InvalidInput, vi, en)
}

fn refuse(vi: &str, en: &str) -> Error {
    bad(
        format!("Gói dữ liệu bị từ chối: {vi}. Cơ sở dữ liệu không thay đổi."),
        format!("The bundle was refused: {en}. The database is unchanged."),
    )
}

/// What a bundle carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "lowercase")]
pub enum BundleKind {
    Handbook,
    Edition,
    Assessment,
}

impl BundleKind {
    pub fn as_str(self) -> &'static str {
        match self {
            BundleKind::Handbook => "handbook",
            BundleKind::Edition => "edition",
            BundleKind::Assessment => "assessment",
        }
    }
}

/// The outcome of an import (or of a dry run).
#[derive(Debug, Clone, serde::Serialize)]
pub struct ImportReport {
    pub kind: String,
    pub dry_run: bool,
    pub plan: MergePlan,
}

fn ids(rows: &[Map<String, Value>], col: &str) -> Vec<String> {
    let mut v: Vec<String> = rows
        .iter()
        .filter_map(|r| r.get(col).and_then(Value::as_str).map(str::to_owned))
        .collect();
    v.sort();
    v.dedup();
    v
}

impl Workspace {
    fn handbook_records(&self, handbook_id: &str, out: &mut Records) -> Result<(), Error> {
        let h = [handbook_id.to_owned()];
        for (table, col) in [
            ("handbooks", "id"),
            ("chapters", "handbook_id"),
            ("revisions", "handbook_id"),
            ("comments", "handbook_id"),
            ("status_changes", "handbook_id"),
            ("handbook_decisions", "handbook_id"),
            ("attachments", "handbook_id"),
        ] {
            out.insert(table.into(), self.store.rows_where(table, col, &h)?);
        }
        Ok(())
    }

    /// Writes a bundle of a handbook, an edition or an assessment to `out` (atomically).
    pub fn export_bundle(&self, kind: BundleKind, id: &str, out: &Path) -> Result<u64, Error> {
        let mut records = Records::new();
        match kind {
            BundleKind::Handbook => {
                let h = self.resolve_handbook(id)?;
                self.handbook_records(&h, &mut records)?;
            }
            BundleKind::Edition => {
                let (e, _) = self.store.edition(id)?;
                self.handbook_records(&e.handbook_id, &mut records)?;
                records.insert(
                    "editions".into(),
                    self.store
                        .rows_where("editions", "id", std::slice::from_ref(&e.id))?,
                );
                records.insert(
                    "copies".into(),
                    self.store
                        .rows_where("copies", "edition_id", std::slice::from_ref(&e.id))?,
                );
            }
            BundleKind::Assessment => {
                let a = self.store.assessment(id)?.summary;
                if let Some(h) = &a.handbook_id {
                    self.handbook_records(h, &mut records)?;
                    let eds = self.store.rows_where(
                        "editions",
                        "handbook_id",
                        std::slice::from_ref(h),
                    )?;
                    records.insert("editions".into(), eds);
                }
                records.insert(
                    "pilot_models".into(),
                    self.store.rows_where(
                        "pilot_models",
                        "id",
                        std::slice::from_ref(&a.pilot_id),
                    )?,
                );
                let aid = [a.id.clone()];
                for (table, col) in [
                    ("assessments", "id"),
                    ("answers", "assessment_id"),
                    ("evidence", "assessment_id"),
                    ("trace_tests", "assessment_id"),
                    ("findings", "assessment_id"),
                    ("signatures", "assessment_id"),
                ] {
                    records.insert(table.into(), self.store.rows_where(table, col, &aid)?);
                }
                let test_ids = ids(&records["trace_tests"], "id");
                records.insert(
                    "trace_lots".into(),
                    self.store
                        .rows_where("trace_lots", "trace_test_id", &test_ids)?,
                );
                let finding_ids = ids(&records["findings"], "id");
                records.insert(
                    "actions".into(),
                    self.store
                        .rows_where("actions", "finding_id", &finding_ids)?,
                );
            }
        }
        // The blobs the records refer to.
        let mut shas: Vec<String> = Vec::new();
        for (table, col) in [
            ("attachments", "sha256"),
            ("evidence", "sha256"),
            ("evidence", "thumb_sha256"),
        ] {
            if let Some(rows) = records.get(table) {
                shas.extend(ids(rows, col));
            }
        }
        shas.sort();
        shas.dedup();
        records.insert(
            "blobs".into(),
            self.store.rows_where("blobs", "sha256", &shas)?,
        );
        let blobs = self.store.blobs_for(&shas)?;
        let records_json = serde_json::to_vec_pretty(&records)
            .map_err(|e| Error::new(ErrorCode::Internal, e.to_string()))?;

        let mut entries: Vec<(String, Vec<u8>)> = vec![("records.json".into(), records_json)];
        for (sha, bytes) in &blobs {
            entries.push((format!("blobs/{sha}"), bytes.clone()));
        }
        let mut listed = Map::new();
        for (name, bytes) in &entries {
            listed.insert(
                name.clone(),
                json!({ "sha256": crate::sha256_hex(bytes), "size": bytes.len() }),
            );
        }
        let manifest = json!({
            "format": FORMAT,
            "version": BUNDLE_VERSION,
            "kind": kind.as_str(),
            "id": id,
            "schema": self.store.schema_version()?,
            "sotay": crate::VERSION,
            "entries": listed,
        });
        let mut zip = ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let opts = SimpleFileOptions::default()
            .compression_method(CompressionMethod::Deflated)
            .last_modified_time(DateTime::default());
        let err = |e: &dyn std::fmt::Display| Error::new(ErrorCode::Internal, e.to_string());
        zip.start_file("manifest.json", opts).map_err(|e| err(&e))?;
        zip.write_all(&serde_json::to_vec_pretty(&manifest).unwrap_or_default())
            .map_err(|e| err(&e))?;
        for (name, bytes) in &entries {
            zip.start_file(name.as_str(), opts).map_err(|e| err(&e))?;
            zip.write_all(bytes).map_err(|e| err(&e))?;
        }
        let bytes = zip.finish().map_err(|e| err(&e))?.into_inner();
        crate::output::write_output(out, &bytes)?;
        Ok(bytes.len() as u64)
    }

    /// Records edited on both sides, kept by imports for the user to resolve.
    pub fn bundle_conflicts(&self) -> Result<Vec<sotay_store::Conflict>, Error> {
        Ok(self.store.conflicts()?)
    }

    /// Resolves a conflict: keep the local version, or take the incoming one. A checklist
    /// answer taken from the bundle keeps its item's finding in step, as answering does (a PASS
    /// withdraws the finding a local MINOR had opened).
    pub fn resolve_bundle_conflict(&mut self, id: &str, take_incoming: bool) -> Result<(), Error> {
        self.atomically(|ws| {
            let answer = if take_incoming {
                ws.store
                    .conflicts()?
                    .into_iter()
                    .find(|c| c.id == id && c.table == "answers")
                    .and_then(|c| {
                        let text =
                            |k: &str| c.incoming.get(k).and_then(Value::as_str).map(str::to_owned);
                        let result = sotay_model::verdict::ItemResult::parse(&text("result")?)?;
                        Some((text("assessment_id")?, text("item_id")?, result))
                    })
            } else {
                None
            };
            ws.store.resolve_conflict(id, take_incoming)?;
            if let Some((assessment, item, result)) = answer {
                let now = ws.now();
                let mut ids = || crate::clock::new_id(now);
                ws.store
                    .sync_findings(&assessment, &[(item, result)], &rfc3339(now), &mut ids)?;
            }
            Ok(())
        })
    }

    /// A deterministic dump of every record (tests compare it before and after an import).
    #[doc(hidden)]
    pub fn dump(&self) -> Result<String, Error> {
        Ok(self.store.dump()?)
    }

    /// Reads, checks and merges a bundle. With `dry_run` nothing is written: the report says
    /// what would be added, updated or in conflict.
    pub fn import_bundle(&mut self, path: &Path, dry_run: bool) -> Result<ImportReport, Error> {
        let file = std::fs::File::open(path).map_err(|e| {
            bad(
                format!("Không mở được “{}”: {e}", path.display()),
                format!("Cannot open “{}”: {e}", path.display()),
            )
        })?;
        let (kind, records, blobs) = read_bundle(file, self.store.schema_version()?)?;
        self.check_bundle_workflow(&records)?;
        let at = rfc3339(self.now());
        let plan = self
            .store
            .merge_records(&records, &blobs, dry_run, &at)
            .map_err(|e| match e {
                sotay_store::StoreError::Invalid(m) => refuse(
                    &format!("dữ liệu không nhất quán ({m})"),
                    &format!("inconsistent records ({m})"),
                ),
                other => other.into(),
            })?;
        Ok(ImportReport {
            kind,
            dry_run,
            plan,
        })
    }
}

impl Workspace {
    /// A workflow status is never taken from a bundle on its word: a handbook that arrives
    /// approved or published must come with the approval of its version (a status change to
    /// `approved`, in the bundle or already here), a published one with an edition, and its
    /// variables must pass the template's checks (a GTIN with a wrong check digit does not).
    fn check_bundle_workflow(&self, records: &Records) -> Result<(), Error> {
        let rows = |table: &str| records.get(table).map(Vec::as_slice).unwrap_or_default();
        let text = |row: &Map<String, Value>, k: &str| {
            row.get(k)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned()
        };
        for h in rows("handbooks") {
            let status = text(h, "status");
            if !matches!(status.as_str(), "approved" | "published") {
                continue;
            }
            let id = text(h, "id");
            let title = text(h, "title");
            let version = h.get("version").and_then(Value::as_i64).unwrap_or(1);
            let approved_here = self.store.status_changes(&id).is_ok_and(|changes| {
                changes.iter().any(|c| {
                    c.to == sotay_model::HandbookStatus::Approved && i64::from(c.version) == version
                })
            });
            let approved_in_bundle = rows("status_changes").iter().any(|c| {
                text(c, "handbook_id") == id
                    && text(c, "to_status") == "approved"
                    && c.get("version").and_then(Value::as_i64) == Some(version)
            });
            if !approved_here && !approved_in_bundle {
                return Err(refuse(
                    &format!("sổ tay “{title}” ở trạng thái “{status}” nhưng gói không có bản ghi phê duyệt phiên bản {version}"),
                    &format!("the handbook “{title}” is “{status}” but the bundle has no approval record of revision {version}"),
                ));
            }
            if status == "published"
                && !rows("editions")
                    .iter()
                    .any(|e| text(e, "handbook_id") == id)
                && self.store.editions(&id).map_or(true, |e| e.is_empty())
            {
                return Err(refuse(
                    &format!(
                        "sổ tay “{title}” ở trạng thái đã phát hành nhưng gói không có ấn bản nào"
                    ),
                    &format!(
                        "the handbook “{title}” is published but the bundle has no edition of it"
                    ),
                ));
            }
            let vars: Value = h
                .get("variables")
                .and_then(Value::as_str)
                .and_then(|t| serde_json::from_str(t).ok())
                .unwrap_or(Value::Null);
            if let Ok(template) = self.template(&text(h, "template_id")) {
                let problems = sotay_templates::validate_vars(&template.manifest.variables, &vars);
                let errors: Vec<&sotay_model::Diagnostic> = problems
                    .iter()
                    .filter(|d| d.severity == sotay_model::Severity::Error)
                    .collect();
                if let Some(first) = errors.first() {
                    return Err(refuse(
                        &format!(
                            "sổ tay “{title}” đã duyệt nhưng biến có {} lỗi, ví dụ: {}",
                            errors.len(),
                            first.message.vi
                        ),
                        &format!(
                            "the approved handbook “{title}” has {} variable errors, e.g. {}",
                            errors.len(),
                            first.message.en
                        ),
                    ));
                }
            }
        }
        Ok(())
    }
}

/// Whether an entry name is one a bundle may hold: `manifest.json`, `records.json`,
/// `blobs/<64 hex>` — nothing absolute, nothing with `..`, no backslashes.
fn allowed_name(name: &str) -> bool {
    if name == "manifest.json" || name == "records.json" {
        return true;
    }
    match name.strip_prefix("blobs/") {
        Some(h) => {
            h.len() == 64
                && h.chars()
                    .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
        }
        None => false,
    }
}

fn read_limited(entry: &mut impl Read, limit: u64) -> Result<Vec<u8>, std::io::Error> {
    let mut out = Vec::new();
    entry.take(limit + 1).read_to_end(&mut out)?;
    Ok(out)
}

type Blobs = BTreeMap<String, Vec<u8>>;

/// Checks everything about a bundle and returns its kind, records and blobs.
fn read_bundle<R: Read + std::io::Seek>(
    reader: R,
    schema: u32,
) -> Result<(String, Records, Blobs), Error> {
    let mut zip = ZipArchive::new(reader).map_err(|e| {
        refuse(
            &format!("không phải tệp zip hợp lệ hoặc tệp bị cắt cụt ({e})"),
            &format!("not a valid zip or a truncated file ({e})"),
        )
    })?;
    if zip.len() > MAX_ENTRIES {
        return Err(refuse("quá nhiều mục", "too many entries"));
    }
    // Names first: every one allowed, no duplicates, no symbolic links.
    let mut names = BTreeSet::new();
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let entry = zip.by_index_raw(i).map_err(|e| {
            refuse(
                &format!("mục hỏng ({e})"),
                &format!("a damaged entry ({e})"),
            )
        })?;
        let name = entry.name().to_owned();
        if !allowed_name(&name) {
            return Err(refuse(
                &format!("tên mục không được phép “{name}”"),
                &format!("entry name not allowed “{name}”"),
            ));
        }
        if entry.is_symlink() || entry.unix_mode().is_some_and(|m| m & 0o170000 == 0o120000) {
            return Err(refuse(
                &format!("mục “{name}” là liên kết tượng trưng"),
                &format!("entry “{name}” is a symbolic link"),
            ));
        }
        if !names.insert(name.clone()) {
            return Err(refuse(
                &format!("mục “{name}” bị trùng"),
                &format!("duplicate entry “{name}”"),
            ));
        }
        let size = entry.size();
        let packed = entry.compressed_size().max(1);
        total = total.saturating_add(size);
        if total > MAX_TOTAL || size / packed > MAX_RATIO {
            return Err(refuse(
                "kích thước giải nén bất thường (nghi “bom zip”)",
                "abnormal uncompressed size (a possible zip bomb)",
            ));
        }
    }
    let mut read_entry = |name: &str, limit: u64| -> Result<Vec<u8>, Error> {
        let mut e = zip.by_name(name).map_err(|_| {
            refuse(
                &format!("thiếu mục “{name}”"),
                &format!("the entry “{name}” is missing"),
            )
        })?;
        read_limited(&mut e, limit).map_err(|e| {
            refuse(
                &format!("không đọc được mục “{name}” ({e})"),
                &format!("cannot read the entry “{name}” ({e})"),
            )
        })
    };
    let manifest_bytes = read_entry("manifest.json", 16 << 20)?;
    let manifest: Value = serde_json::from_slice(&manifest_bytes).map_err(|e| {
        refuse(
            &format!("manifest.json không phải JSON hợp lệ ({e})"),
            &format!("manifest.json is not valid JSON ({e})"),
        )
    })?;
    if manifest.get("format").and_then(Value::as_str) != Some(FORMAT) {
        return Err(refuse("không phải gói dữ liệu Sotay", "not a Sotay bundle"));
    }
    let version = manifest
        .get("version")
        .and_then(Value::as_u64)
        .ok_or_else(|| refuse("thiếu số hiệu định dạng của gói", "no format version"))?;
    if version > BUNDLE_VERSION {
        return Err(refuse(
            &format!("được tạo bởi Sotay mới hơn (định dạng {version}, bản này đọc đến {BUNDLE_VERSION}); hãy cập nhật Sotay"),
            &format!("written by a newer Sotay (format {version}, this one reads up to {BUNDLE_VERSION}); update Sotay"),
        ));
    }
    if manifest
        .get("schema")
        .and_then(Value::as_u64)
        .is_some_and(|s| s > u64::from(schema))
    {
        return Err(refuse(
            "được tạo từ cơ sở dữ liệu mới hơn; hãy cập nhật Sotay",
            "made from a newer database schema; update Sotay",
        ));
    }
    let kind = manifest
        .get("kind")
        .and_then(Value::as_str)
        .filter(|k| ["handbook", "edition", "assessment"].contains(k))
        .ok_or_else(|| refuse("loại gói không hợp lệ", "unknown bundle kind"))?
        .to_owned();
    let listed = manifest
        .get("entries")
        .and_then(Value::as_object)
        .ok_or_else(|| {
            refuse(
                "manifest.json thiếu danh sách mục",
                "manifest.json lists no entries",
            )
        })?;
    // Every entry in the zip is listed and every listed entry is in the zip.
    for name in names.iter().filter(|n| *n != "manifest.json") {
        if !listed.contains_key(name) {
            return Err(refuse(
                &format!("mục “{name}” không có trong manifest.json"),
                &format!("entry “{name}” is not listed in manifest.json"),
            ));
        }
    }
    let mut contents: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    for (name, info) in listed {
        if !names.contains(name) {
            return Err(refuse(
                &format!("thiếu mục “{name}”"),
                &format!("the entry “{name}” is missing"),
            ));
        }
        let size = info
            .get("size")
            .and_then(Value::as_u64)
            .ok_or_else(|| refuse("kích thước mục không hợp lệ", "an entry size is invalid"))?;
        let sha = info
            .get("sha256")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let bytes = read_entry(name, size.min(MAX_TOTAL))?;
        if bytes.len() as u64 > size {
            return Err(refuse(
                &format!("mục “{name}” lớn hơn kích thước khai báo"),
                &format!("entry “{name}” is larger than declared"),
            ));
        }
        if bytes.len() as u64 != size {
            return Err(refuse(
                &format!("mục “{name}” không đúng kích thước khai báo"),
                &format!("entry “{name}” does not have its declared size"),
            ));
        }
        if crate::sha256_hex(&bytes) != sha {
            return Err(refuse(
                &format!("mã băm của mục “{name}” không khớp"),
                &format!("the hash of entry “{name}” does not match"),
            ));
        }
        if let Some(h) = name.strip_prefix("blobs/") {
            if crate::sha256_hex(&bytes) != h {
                return Err(refuse(
                    &format!("nội dung “{name}” không khớp với tên"),
                    &format!("the content of “{name}” does not match its name"),
                ));
            }
        }
        contents.insert(name.clone(), bytes);
    }
    let records_bytes = contents
        .remove("records.json")
        .ok_or_else(|| refuse("thiếu records.json", "records.json is missing"))?;
    if records_bytes.len() as u64 > MAX_JSON {
        return Err(refuse("records.json quá lớn", "records.json is too large"));
    }
    let records: Records = serde_json::from_slice(&records_bytes).map_err(|e| {
        refuse(
            &format!("records.json không hợp lệ ({e})"),
            &format!("records.json is not valid ({e})"),
        )
    })?;
    for table in records.keys() {
        if !sotay_store::BUNDLE_TABLES.contains(&table.as_str()) {
            return Err(refuse(
                &format!("bảng “{table}” không được phép"),
                &format!("table “{table}” is not allowed"),
            ));
        }
    }
    let blobs: Blobs = contents
        .into_iter()
        .filter_map(|(n, b)| n.strip_prefix("blobs/").map(|h| (h.to_owned(), b)))
        .collect();
    Ok((kind, records, blobs))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_known_entry_names_are_allowed() {
        assert!(allowed_name("manifest.json"));
        assert!(allowed_name(&format!("blobs/{}", "a".repeat(64))));
        for bad in [
            "../x",
            "/etc/passwd",
            "blobs/../../x",
            "blobs\\x",
            "records.json/",
            "blobs/ABC",
            "C:/x",
        ] {
            assert!(!allowed_name(bad), "{bad}");
        }
    }
}
