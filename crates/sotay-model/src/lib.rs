//! Sotay's domain model: the types every other crate speaks, and the rules that need no I/O.
//!
//! Nothing here touches the disk, the network or the clock: times arrive as arguments.
//! Types that cross the desktop IPC boundary derive [`ts_rs::TS`]; their TypeScript
//! declarations are generated into `ui/src/lib/backend/bindings.ts` (see `sotay::bindings`).

pub mod admin;
pub mod anchor;
pub mod assessment;
pub mod catalogue;
pub mod checklist;
pub mod copy_code;
pub mod diagnostic;
pub mod edition;
pub mod gs1;
pub mod handbook;
pub mod lang;
pub mod lot;
pub mod money;
pub mod pilot;
pub mod plan;
pub mod revision;
pub mod search;
pub mod signature;
pub mod template;
pub mod text;
pub mod verdict;

pub use anchor::{TextAnchor, TextRange};
pub use diagnostic::{Diagnostic, Severity};
pub use handbook::{
    Chapter, ChapterLevel, ChapterPreview, ChapterView, Handbook, HandbookStatus, HandbookSummary,
    HandbookView, NewChapter, NewHandbook, SaveVariablesResult,
};
pub use lang::{Lang, Localized};
pub use pilot::{Address, NewPilotModel, PilotKind, PilotModel};
pub use revision::{
    ChapterComment, Comment, CommentStatus, DiffOp, DiffSpan, HandbookMoves, RevisionDetail,
    RevisionDiff, RevisionKind, RevisionSummary, StatusChange, VariableChange,
};
pub use template::{
    ColumnDef, EnumOption, TemplateChapter, TemplateDetail, TemplateForm, TemplateSummary,
    VariableDef, VariableKind,
};
