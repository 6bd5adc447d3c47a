//! Errors of the use cases: a stable code the UI switches on, details, and a message in the
//! user's language. Nobody matches on message text.

use serde::{Deserialize, Serialize};
use sotay_model::Lang;
use sotay_store::StoreError;
use ts_rs::TS;

/// The stable code of an error (never renamed: the UI and scripts rely on them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// No database location could be determined.
    DbLocationUnknown,
    /// The file is not an SQLite database.
    DbNotSqlite,
    /// The database is damaged.
    DbCorrupt,
    /// An SQLite database of another program.
    DbForeign,
    /// Written by a newer Sotay.
    DbNewerSchema,
    /// The database file or folder cannot be read or written.
    DbIo,
    /// A write to the open database failed (disk full, read-only, I/O error); nothing of it
    /// was stored and what was saved before is intact.
    DbWriteFailed,
    /// Another window or command held the database's write lock for longer than Sotay waits;
    /// nothing of this change was stored.
    DbBusy,
    /// A handbook, template or other record does not exist.
    NotFound,
    /// A handbook title matches more than one handbook.
    Ambiguous,
    /// A template cannot be read.
    TemplateInvalid,
    /// A value given by the user is not valid (a setting, a variable…).
    InvalidInput,
    /// A template variable's value is wrong (the message names the variable and the problem).
    VariableInvalid,
    /// The handbook is approved or published: reopen it as a new version to edit it.
    HandbookReadOnly,
    /// The workflow does not allow this status change (or approval is blocked by errors).
    WorkflowRefused,
    /// The user cancelled a long operation; nothing was left behind.
    Cancelled,
    /// A bug or an unexpected state; the detail says more.
    Internal,
}

/// An error of a use case.
/// What an error is about, typed: what the messages are made from and what the window may act
/// on (the diagnostics behind a refusal, the status that makes a handbook read-only…).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ErrorDetails {
    None,
    /// The whole message, already written in both languages.
    Text {
        vi: String,
        en: String,
    },
    /// Why the operating system or SQLite said no.
    Reason {
        reason: String,
    },
    NewerSchema {
        found: u32,
        supported: u32,
    },
    NotFound {
        what: String,
        id: String,
    },
    Ambiguous {
        ids: Vec<String>,
    },
    ReadOnly {
        status: sotay_model::HandbookStatus,
    },
    Busy {
        seconds: u32,
    },
    /// The approver wrote the draft and review comments are still open: approving needs a
    /// reason (`sotay status H approved --reason …`; the window asks for it). The error's
    /// detail is the approver's name.
    ReasonRequired {
        open_comments: u32,
    },
    /// A refusal (invalid variables, approval with check errors) and the diagnostics behind
    /// it, for the window to list next to the message.
    Refused {
        vi: String,
        en: String,
        diagnostics: Vec<sotay_model::Diagnostic>,
    },
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{code:?}: {detail}")]
pub struct Error {
    pub code: ErrorCode,
    /// The subject: a path, an id, a title, or a technical detail.
    pub detail: String,
    pub details: ErrorDetails,
}

/// An error as the window receives it: the code to switch on, the message in the user's
/// language, and the typed details.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ErrorPayload {
    pub code: ErrorCode,
    pub message: String,
    #[serde(default = "no_details")]
    pub details: ErrorDetails,
}

fn no_details() -> ErrorDetails {
    ErrorDetails::None
}

impl Error {
    pub fn new(code: ErrorCode, detail: impl Into<String>) -> Self {
        Error {
            code,
            detail: detail.into(),
            details: ErrorDetails::None,
        }
    }

    pub(crate) fn with(mut self, details: ErrorDetails) -> Self {
        self.details = details;
        self
    }

    /// A refusal worded in both languages, with the diagnostics that caused it.
    pub(crate) fn refused(
        code: ErrorCode,
        vi: impl Into<String>,
        en: impl Into<String>,
        diagnostics: Vec<sotay_model::Diagnostic>,
    ) -> Self {
        let en = en.into();
        Error::new(code, en.clone()).with(ErrorDetails::Refused {
            vi: vi.into(),
            en,
            diagnostics,
        })
    }

    /// The message for the user, in `lang`.
    pub fn message(&self, lang: Lang) -> String {
        use ErrorDetails as D;
        let d = &self.detail;
        let vi = lang == Lang::Vi;
        match (&self.details, self.code) {
            (D::Text { vi: v, en } | D::Refused { vi: v, en, .. }, _) => {
                return if vi { v.clone() } else { en.clone() };
            }
            (D::Reason { reason }, ErrorCode::DbCorrupt) => {
                return if vi {
                    format!("Cơ sở dữ liệu {d} bị hỏng ({reason}). Tệp được giữ nguyên, không bị thay đổi. Hãy khôi phục từ bản sao lưu.")
                } else {
                    format!("The database {d} is damaged ({reason}). The file was left unchanged. Restore it from a backup.")
                };
            }
            (D::Reason { reason }, ErrorCode::DbIo) => {
                return if vi {
                    format!("Không đọc hoặc ghi được cơ sở dữ liệu {d}: {reason}")
                } else {
                    format!("Cannot read or write the database {d}: {reason}")
                };
            }
            (D::NewerSchema { found, supported }, _) => {
                return if vi {
                    format!("Cơ sở dữ liệu {d} được tạo bởi một bản Sotay mới hơn (lược đồ {found}, bản này hỗ trợ đến {supported}). Hãy cập nhật Sotay; tệp được giữ nguyên.")
                } else {
                    format!("The database {d} was written by a newer Sotay (schema {found}, this one supports up to {supported}). Update Sotay; the file was left unchanged.")
                };
            }
            (D::NotFound { what, id }, _) => {
                return if vi {
                    format!("Không tìm thấy {}: {id}", what_vi(what))
                } else {
                    format!("No {what} found: {id}")
                };
            }
            (D::Ambiguous { ids }, _) => {
                let ids = ids.join(", ");
                return if vi {
                    format!("Có nhiều sổ tay cùng tên \"{d}\"; hãy dùng mã (id): {ids}")
                } else {
                    format!("Several handbooks are titled \"{d}\"; use an id: {ids}")
                };
            }
            (D::ReadOnly { status }, _) => {
                let label = status.label();
                return if vi {
                    format!("Sổ tay “{d}” đang ở trạng thái {} nên chỉ đọc. Hãy mở lại thành phiên bản mới (sotay status H draft) để sửa.", label.vi)
                } else {
                    format!("The handbook “{d}” is {} and so read-only. Reopen it as a new revision (sotay status H draft) to edit it.", label.en)
                };
            }
            (D::ReasonRequired { open_comments }, _) => {
                return if vi {
                    format!("{d} đã soạn bản dự thảo này và còn {open_comments} góp ý chưa giải quyết: không thể tự duyệt mà không nêu lý do. Hãy giải quyết các góp ý, nhờ người khác duyệt, hoặc ghi lý do (sotay status H approved --reason \"…\").")
                } else {
                    format!("{d} wrote this draft and {open_comments} review comments are still open: you cannot approve your own draft without giving a reason. Resolve the comments, ask someone else to approve, or give a reason (sotay status H approved --reason \"…\").")
                };
            }
            (D::Busy { seconds }, _) => {
                return if vi {
                    format!("Cơ sở dữ liệu đang bận: một cửa sổ hoặc lệnh Sotay khác đang ghi và chưa xong sau {seconds} giây. Thay đổi này chưa được lưu; những gì đã lưu vẫn nguyên vẹn. Hãy thử lại sau giây lát.")
                } else {
                    format!("The database is busy: another Sotay window or command is writing and did not finish within {seconds} seconds. This change was not saved; everything saved is intact. Try again in a moment.")
                };
            }
            _ => {}
        }
        match (self.code, lang) {
            (ErrorCode::DbLocationUnknown, Lang::Vi) => "Không xác định được thư mục dữ liệu của người dùng. Hãy chỉ định cơ sở dữ liệu bằng --db hoặc biến môi trường SOTAY_DB.".to_owned(),
            (ErrorCode::DbLocationUnknown, Lang::En) => "Cannot find the user's data folder. Give the database with --db or the SOTAY_DB environment variable.".to_owned(),
            (ErrorCode::DbNotSqlite, Lang::Vi) => format!("Tệp {d} không phải là cơ sở dữ liệu Sotay (tệp đã hỏng hoặc là loại tệp khác). Tệp được giữ nguyên, không bị thay đổi. Hãy kiểm tra lại đường dẫn."),
            (ErrorCode::DbNotSqlite, Lang::En) => format!("{d} is not a Sotay database (it is damaged or another kind of file). The file was left unchanged. Check the path."),
            (ErrorCode::DbForeign, Lang::Vi) => format!("Tệp {d} là tệp dữ liệu của chương trình khác, không phải của Sotay. Tệp được giữ nguyên."),
            (ErrorCode::DbForeign, Lang::En) => format!("{d} is a data file of another program, not Sotay's. The file was left unchanged."),
            (ErrorCode::DbWriteFailed, Lang::Vi) => format!("Không ghi được vào cơ sở dữ liệu (ổ đĩa đầy, tệp chỉ đọc hoặc lỗi đọc ghi: {d}). Thay đổi này chưa được lưu; những gì đã lưu trước đó vẫn nguyên vẹn. Hãy giải phóng dung lượng ổ đĩa hoặc kiểm tra quyền ghi rồi thử lại."),
            (ErrorCode::DbWriteFailed, Lang::En) => format!("Could not write to the database (disk full, read-only file or I/O error: {d}). This change was not saved; everything saved before is intact. Free some disk space or check write permission, then try again."),
            (ErrorCode::TemplateInvalid, Lang::Vi) => format!("Mẫu sổ tay không hợp lệ: {d}"),
            (ErrorCode::TemplateInvalid, Lang::En) => format!("Invalid template: {d}"),
            (ErrorCode::Cancelled, Lang::Vi) => "Đã hủy; không để lại tệp nào.".to_owned(),
            (ErrorCode::Cancelled, Lang::En) => "Cancelled; no file was left behind.".to_owned(),
            (ErrorCode::Internal, Lang::Vi) => format!("Lỗi nội bộ: {d}"),
            (ErrorCode::Internal, Lang::En) => format!("Internal error: {d}"),
            (_, Lang::Vi) => format!("Giá trị không hợp lệ: {d}"),
            (_, Lang::En) => format!("Invalid value: {d}"),
        }
    }

    /// The error as the UI receives it.
    pub fn payload(&self, lang: Lang) -> ErrorPayload {
        ErrorPayload {
            code: self.code,
            message: self.message(lang),
            details: self.details.clone(),
        }
    }

    /// An error whose whole message is given in both languages.
    pub fn localized(code: ErrorCode, vi: impl Into<String>, en: impl Into<String>) -> Self {
        let en = en.into();
        Error::new(code, en.clone()).with(ErrorDetails::Text { vi: vi.into(), en })
    }

    pub(crate) fn read_only(title: &str, status: sotay_model::HandbookStatus) -> Self {
        Error::new(ErrorCode::HandbookReadOnly, title).with(ErrorDetails::ReadOnly { status })
    }

    pub(crate) fn not_found(what: &str, id: &str) -> Self {
        Error::new(ErrorCode::NotFound, id).with(ErrorDetails::NotFound {
            what: what.to_owned(),
            id: id.to_owned(),
        })
    }

    pub(crate) fn ambiguous(title: &str, ids: &[String]) -> Self {
        Error::new(ErrorCode::Ambiguous, title).with(ErrorDetails::Ambiguous { ids: ids.to_vec() })
    }
}

fn what_vi(what: &str) -> &str {
    match what {
        "handbook" => "sổ tay",
        "template" => "mẫu sổ tay",
        "pilot model" => "mô hình thí điểm",
        "chapter" => "chương",
        "revision" => "lần sửa",
        "comment" => "góp ý",
        "assessment" => "đợt đánh giá",
        "finding" => "phát hiện",
        "corrective action" => "hành động khắc phục",
        "evidence" => "bằng chứng",
        "variable change" => "thay đổi biến số",
        "plan" => "kế hoạch",
        "task" => "nhiệm vụ",
        "activity" => "hoạt động",
        "agency" => "đơn vị",
        "edition" => "ấn bản",
        "key product" => "sản phẩm đề xuất",
        other => other,
    }
}

impl From<StoreError> for Error {
    fn from(e: StoreError) -> Self {
        let path = |p: &std::path::Path| p.display().to_string();
        match e {
            StoreError::NotSqlite { path: p } => Error::new(ErrorCode::DbNotSqlite, path(&p)),
            StoreError::Corrupt { path: p, detail } => Error::new(ErrorCode::DbCorrupt, path(&p))
                .with(ErrorDetails::Reason { reason: detail }),
            StoreError::Foreign { path: p } => Error::new(ErrorCode::DbForeign, path(&p)),
            StoreError::NewerSchema {
                path: p,
                found,
                supported,
            } => Error::new(ErrorCode::DbNewerSchema, path(&p))
                .with(ErrorDetails::NewerSchema { found, supported }),
            StoreError::Io { path: p, source } => {
                Error::new(ErrorCode::DbIo, path(&p)).with(ErrorDetails::Reason {
                    reason: source.to_string(),
                })
            }
            StoreError::NotFound { what, id } => Error::not_found(what, &id),
            e if e.is_busy() => Error::new(ErrorCode::DbBusy, "").with(ErrorDetails::Busy {
                seconds: sotay_store::BUSY_TIMEOUT_SECS as u32,
            }),
            e if e.is_write_failure() => Error::new(ErrorCode::DbWriteFailed, e.to_string()),
            e @ (StoreError::Invalid(_) | StoreError::Sqlite(_)) => {
                Error::new(ErrorCode::Internal, e.to_string())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn store_errors_become_coded_messages_in_both_languages() {
        let e: Error = StoreError::NewerSchema {
            path: "/tmp/a.db".into(),
            found: 9,
            supported: 1,
        }
        .into();
        assert_eq!(e.code, ErrorCode::DbNewerSchema);
        let vi = e.message(Lang::Vi);
        assert!(
            vi.contains("một bản Sotay mới hơn") && vi.contains("lược đồ 9"),
            "{vi}"
        );
        assert!(e.message(Lang::En).contains("newer Sotay (schema 9"));
        let nf = Error::not_found("handbook", "abc");
        assert_eq!(nf.message(Lang::Vi), "Không tìm thấy sổ tay: abc");
    }
}
