//! The one door through which every command writes a file: exports, reports, CSV, EPCIS,
//! bundles, published copies, backups.
//!
//! [`check_output`] refuses, before anything is written, a target that would destroy data the
//! user did not name as output: an SQLite database (the open workspace or any other), the
//! `-wal`/`-shm`/`-journal` companions of one, and anything that is not a regular file or a new
//! path — a folder, a device node (`/dev/full`), a FIFO, a socket, or a symlink to one of them.
//! [`write_output`] then writes through a temporary file in the same folder and a rename, so the
//! file is never seen half-written and a failure leaves the old file as it was.

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::{Error, ErrorCode};

const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";
/// The magic numbers a WAL file starts with (big-endian, either checksum order).
const WAL_MAGIC: [[u8; 4]; 2] = [[0x37, 0x7f, 0x06, 0x82], [0x37, 0x7f, 0x06, 0x83]];
/// The files SQLite keeps beside a database.
const COMPANIONS: [&str; 3] = ["-wal", "-shm", "-journal"];

fn refused(path: &Path, vi: &str, en: &str) -> Error {
    Error::localized(
        ErrorCode::InvalidInput,
        format!(
            "Không ghi vào “{}”: {vi}. Hãy chọn tên tệp khác; không có gì bị ghi hay thay đổi.",
            path.display()
        ),
        format!(
            "Will not write to “{}”: {en}. Choose another file name; nothing was written or changed.",
            path.display()
        ),
    )
}

/// Whether `path` is a regular file that starts like an SQLite database or its WAL.
fn is_database_file(path: &Path) -> bool {
    let Ok(mut f) = std::fs::File::open(path) else {
        return false;
    };
    let mut head = [0u8; 16];
    let mut filled = 0;
    while filled < head.len() {
        match f.read(&mut head[filled..]) {
            Ok(0) | Err(_) => break,
            Ok(n) => filled += n,
        }
    }
    (filled == 16 && &head == SQLITE_HEADER)
        || (filled >= 4 && WAL_MAGIC.iter().any(|m| head[..4] == m[..]))
}

/// The database a `-wal`/`-shm`/`-journal` path belongs to, if its name says so.
fn companion_of(path: &Path) -> Option<PathBuf> {
    let name = path.file_name()?.to_str()?;
    COMPANIONS.iter().find_map(|suffix| {
        name.strip_suffix(suffix)
            .filter(|base| !base.is_empty())
            .map(|base| path.with_file_name(base))
    })
}

/// Checks that `path` may receive an output file; see the module documentation. Writes nothing.
pub fn check_output(path: &Path) -> Result<(), Error> {
    if path.as_os_str().is_empty() {
        return Err(refused(path, "đường dẫn trống", "the path is empty"));
    }
    match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => {
            return Err(refused(path, "đây là một thư mục", "it is a folder"));
        }
        Ok(m) if !m.is_file() => {
            return Err(refused(
                path,
                "đây không phải tệp thông thường (thiết bị, FIFO hoặc socket)",
                "it is not a regular file (a device, FIFO or socket)",
            ));
        }
        Ok(_) if is_database_file(path) => {
            return Err(refused(
                path,
                "đây là một cơ sở dữ liệu (có thể là kho dữ liệu Sotay đang dùng)",
                "it is a database (perhaps the Sotay workspace in use)",
            ));
        }
        Ok(_) => {}
        // A new path, or a symlink to nothing yet: the rename puts a new file there.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => {
            return Err(refused(
                path,
                &format!("không đọc được thông tin tệp ({e})"),
                &format!("cannot inspect it ({e})"),
            ))
        }
    }
    if let Some(db) = companion_of(path) {
        if is_database_file(&db) {
            return Err(refused(
                path,
                &format!("đây là tệp đi kèm của cơ sở dữ liệu “{}”", db.display()),
                &format!("it belongs to the database “{}”", db.display()),
            ));
        }
    }
    Ok(())
}

/// The folder `path` will be written in; it must exist.
fn folder_of(path: &Path) -> Result<PathBuf, Error> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    };
    if !dir.is_dir() {
        return Err(Error::localized(
            ErrorCode::InvalidInput,
            format!(
                "Không ghi được tệp “{}”: thư mục “{}” không tồn tại.",
                path.display(),
                dir.display()
            ),
            format!(
                "Cannot write “{}”: the folder “{}” does not exist.",
                path.display(),
                dir.display()
            ),
        ));
    }
    Ok(dir)
}

/// Checks `path` ([`check_output`]) and that its folder exists: what a command that writes
/// `path` by other means (SQLite's backup) must pass first.
pub fn check_new_output(path: &Path) -> Result<(), Error> {
    check_output(path)?;
    folder_of(path).map(|_| ())
}

/// Writes `bytes` to `path` after [`check_output`], through a temporary file in the same
/// folder and a rename, so the file is never seen half-written.
pub fn write_output(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    use std::io::Write;
    check_output(path)?;
    let dir = folder_of(path)?;
    let fail = |e: &dyn std::fmt::Display| {
        Error::localized(
            ErrorCode::InvalidInput,
            format!(
                "Không ghi được tệp “{}”: {e}. Không có tệp nào bị ghi dở.",
                path.display()
            ),
            format!(
                "Cannot write “{}”: {e}. No file was left half-written.",
                path.display()
            ),
        )
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".sotay-")
        .suffix(".tmp")
        .tempfile_in(&dir)
        .map_err(|e| fail(&e))?;
    tmp.write_all(bytes).map_err(|e| fail(&e))?;
    tmp.as_file().sync_all().map_err(|e| fail(&e))?;
    tmp.persist(path).map_err(|e| fail(&e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refuses(path: &Path) -> String {
        let e = write_output(path, b"x").expect_err("refused");
        assert_eq!(e.code, ErrorCode::InvalidInput);
        e.message(sotay_model::Lang::En)
    }

    #[test]
    fn databases_their_companions_and_special_files_are_refused() {
        let dir = tempfile::TempDir::new().unwrap();
        let db = dir.path().join("w.db");
        let mut head = SQLITE_HEADER.to_vec();
        head.extend([0u8; 100]);
        std::fs::write(&db, &head).unwrap();
        assert!(refuses(&db).contains("database"));
        assert_eq!(std::fs::read(&db).unwrap(), head);
        // The -shm file has no magic: its name and its database say what it is.
        let shm = dir.path().join("w.db-shm");
        std::fs::write(&shm, [0u8; 32]).unwrap();
        assert!(refuses(&shm).contains("belongs to"));
        assert!(refuses(&dir.path().join("w.db-wal")).contains("belongs to"));
        let wal = dir.path().join("other");
        std::fs::write(&wal, [0x37, 0x7f, 0x06, 0x82, 0, 0, 0, 0]).unwrap();
        assert!(refuses(&wal).contains("database"));
        assert!(refuses(dir.path()).contains("folder"));
        assert!(refuses(Path::new("/dev/null")).contains("regular"));
        #[cfg(unix)]
        {
            let link = dir.path().join("link.csv");
            std::os::unix::fs::symlink(&db, &link).unwrap();
            assert!(refuses(&link).contains("database"));
            let dev = dir.path().join("dev.csv");
            std::os::unix::fs::symlink("/dev/null", &dev).unwrap();
            assert!(refuses(&dev).contains("regular"));
        }
        // The folder still holds only what the test put there.
        let mut names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(
            names,
            ["dev.csv", "link.csv", "other", "w.db", "w.db-shm"].map(String::from)
        );
    }

    #[test]
    fn ordinary_files_are_replaced_whole() {
        let dir = tempfile::TempDir::new().unwrap();
        let out = dir.path().join("a.html");
        write_output(&out, b"xin chao").unwrap();
        write_output(&out, b"xin chao 2").unwrap();
        assert_eq!(std::fs::read(&out).unwrap(), b"xin chao 2");
        // A file named like a companion of something that is not a database is fine.
        let notes = dir.path().join("ghi-chu-wal");
        write_output(&notes, b"x").unwrap();
        assert!(write_output(&dir.path().join("khong-co/a.html"), b"x").is_err());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
    }
}
