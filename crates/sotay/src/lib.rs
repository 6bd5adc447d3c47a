//! Sotay's use cases: every operation a user can ask for, as one function each, called alike by
//! the desktop shell (`src-tauri`) and the command line (`sotay-cli`).
//!
//! A [`Workspace`] is an open database plus the template catalogue and a clock. Errors are
//! [`Error`]s with a stable [`ErrorCode`] and a message in the user's language.

mod admin;
mod authoring;
pub mod bindings;
mod bundle;
mod bundle_view;
mod catalogue;
mod check;
mod clock;
mod copy_code;
mod error;
mod export;
mod input;
mod interop;
mod location;
mod lots;
pub mod output;
mod photo;
mod plan;
mod plan_activity;
mod plan_direction;
mod plan_report;
mod plan_returns;
mod preview;
mod publishing;
mod publishing_report;
mod recovery;
mod reports;
mod rules;
mod sample;
mod search;
mod sheet;
mod signatures;
mod verification;
mod workspace;
mod workspace_files;

pub use admin::{AdminFormat, AdminOptions, MinutesOptions};
pub use authoring::{word_diff, NewHandbookRequest};
pub use bundle::{BundleKind, ImportReport, BUNDLE_VERSION};
pub use bundle_view::{
    BundleConflict, BundleImport, BundleTableCount, ConflictChoice, ConflictField, ConflictOwner,
    ConflictOwnerKind,
};
pub use catalogue::{CatalogueView, MilestoneInput, ProposalInput, ReadinessUpdate};
pub use check::{check_template_dir, check_template_files, has_errors};
pub use clock::{Clock, FixedClock, SystemClock};
pub use copy_code::{QrStatus, QrVerifyReport};
pub use error::{Error, ErrorCode, ErrorDetails, ErrorPayload};
pub use export::{export_path, ExportReport, FileExportOptions, Format, Paper};
pub use input::read_text;
pub use interop::{rec20, sgln, DataFormat, InteropKind};
pub use location::{default_db_path, resolve_db_path, DB_ENV};
pub use lots::{read_trace_lots, MAX_LOTS};
pub use output::{check_output, write_output};
pub use plan::{ActivityInput, LineInput, NewPlanRequest, SpendingInput, SpendingReport};
pub use plan_activity::{ActivityFileAttached, AttendanceImport};
pub use plan_returns::ReturnImport;
pub use preview::preview_html;
pub use publishing::{
    parse_recipients, ChangesFormat, ManifestFile, PaperSource, PublishProgress, PublishReport,
    PublishRequest, Recipient, VerifyReport,
};
pub use recovery::{
    create_new, find_backups, open_other, restore_in_place, BackupFile, BackupKind, Recovered,
    RecoveryInfo,
};
pub use reports::ReportKind;
pub use search::{SearchHit, SearchPlace, SearchResults, MAX_HITS, PER_KIND};
pub use verification::{unit_factor, TraceInput};
pub use workspace::{AppInfo, UserIdentity, Workspace};
pub use workspace_files::EditionDefaults;

/// Sotay's version, as `sotay --version` and the About box show it.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The SHA-256 of `bytes` in lower-case hex: the key of content-addressed blobs, bundle entries
/// and published files.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    format!("{:x}", sha2::Sha256::digest(bytes))
}
