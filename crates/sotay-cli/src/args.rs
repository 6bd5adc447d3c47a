//! The command-line contract. Names here are promises to users' scripts: add, never rename.

use std::path::PathBuf;

use clap::{Parser, Subcommand};
use sotay_model::{ChapterLevel, HandbookStatus, Lang};

/// Sotay — Sổ tay truy xuất nguồn gốc (traceability handbooks, pilot verification, publishing).
#[derive(Debug, Parser)]
#[command(name = "sotay", version, about, long_about = None)]
pub struct Args {
    /// The workspace database (default: $SOTAY_DB, else the per-user data folder).
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// Language of messages: vi (default) or en.
    #[arg(long, global = true, value_name = "vi|en", env = "SOTAY_LANG", default_value = "vi", value_parser = parse_lang)]
    pub lang: Lang,

    /// Use this time (RFC 3339) as "now" instead of the system clock: reproducible runs
    /// and tests (the UI's component tests pin their dates with it).
    #[arg(
        long,
        global = true,
        hide = true,
        value_name = "RFC3339",
        env = "SOTAY_NOW"
    )]
    pub now: Option<String>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the handbooks (sổ tay).
    List {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// List the handbook templates (mẫu sổ tay).
    Templates {
        /// Print a JSON array of objects with at least `id` and `name`.
        #[arg(long)]
        json: bool,
    },
    /// List the pilot models (mô hình thí điểm).
    Pilots {
        #[arg(long)]
        json: bool,
    },
    /// Show one handbook: its details and chapters. H is an id or a unique title.
    Show {
        #[arg(value_name = "H")]
        handbook: String,
        #[arg(long)]
        json: bool,
    },
    /// Create the sample workspace (one handbook, two pilot models) if this workspace never had it.
    Sample,
    /// Run one of the window's commands (crate sotay-ipc) with JSON arguments; prints
    /// `{"ok": …, "events": […]}` or `{"error": …}`. The UI's component tests use it as their
    /// backend, so what they show was computed by the Rust use cases.
    #[command(hide = true)]
    Ipc {
        /// The command's name, e.g. `open_handbook`.
        command: String,
        /// Its arguments as a JSON object, camelCase as the window sends them (`-`: read them
        /// from standard input).
        #[arg(default_value = "{}")]
        args: String,
    },
    /// Work with template folders (mẫu sổ tay).
    #[command(subcommand)]
    Template(TemplateCommand),
    /// Create a handbook from a template; prints the new handbook's id as its last line.
    New {
        /// The template id (see `sotay templates`).
        #[arg(long, value_name = "ID")]
        template: String,
        /// Variables as TOML (nested like the template's sample-vars.toml). Without it the
        /// template's sample values are used.
        #[arg(long, value_name = "FILE.toml")]
        vars: Option<PathBuf>,
        /// Set one variable: `--set product.gtin=8931234567897` (repeatable).
        #[arg(long = "set", value_name = "KEY=VALUE")]
        sets: Vec<String>,
        /// The handbook's title (default: the template's title with the variables filled in).
        #[arg(long, value_name = "T")]
        title: Option<String>,
    },
    /// Validate a handbook; exits 1 when there is any error.
    Check {
        #[arg(value_name = "H")]
        handbook: String,
        #[arg(long)]
        json: bool,
    },
    /// Edit chapters: set, add, remove, move, rename, print.
    #[command(subcommand)]
    Chapter(ChapterCommand),
    /// Show or change a handbook's variables.
    Vars {
        #[arg(value_name = "H")]
        handbook: String,
        /// Set one variable (repeatable); nothing is saved if any value is invalid.
        #[arg(long = "set", value_name = "KEY=VALUE")]
        sets: Vec<String>,
        /// The variables' history: every change with who, when, the value before and after.
        #[arg(long, conflicts_with_all = ["sets", "undo"])]
        history: bool,
        /// Only the history of this key (with --history).
        #[arg(long, value_name = "KEY", requires = "history")]
        key: Option<String>,
        /// Undo change N of the history (its key gets back the value it had before).
        #[arg(long, value_name = "N", conflicts_with = "sets")]
        undo: Option<u32>,
        #[arg(long)]
        json: bool,
    },
    /// The edit history of a handbook, "Lần sửa #12" (newest first).
    History {
        #[arg(value_name = "H")]
        handbook: String,
        /// Only this chapter (key, id or title).
        #[arg(long, value_name = "CHAPTER")]
        chapter: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// A word-level diff between two edits (numbers from `sotay history`, or ids).
    Diff {
        #[arg(value_name = "H")]
        handbook: String,
        #[arg(value_name = "REV_A")]
        from: String,
        #[arg(value_name = "REV_B")]
        to: String,
        #[arg(long)]
        json: bool,
    },
    /// Bring back an old edit as a new edit (nothing is lost).
    Restore {
        #[arg(value_name = "H")]
        handbook: String,
        #[arg(value_name = "REV")]
        revision: String,
    },
    /// Show the workflow status, or move the handbook to draft|review|approved|published.
    Status {
        #[arg(value_name = "H")]
        handbook: String,
        #[arg(value_name = "draft|review|approved|published", value_parser = parse_status)]
        status: Option<HandbookStatus>,
        /// A note kept with the change (e.g. the approval decision's number).
        #[arg(long, default_value = "")]
        note: String,
        /// Why you approve a draft you wrote while review comments are still open (refused
        /// without it); kept in the status history.
        #[arg(long, value_name = "TEXT", default_value = "")]
        reason: String,
    },
    /// Review comments (góp ý) on chapters.
    #[command(subcommand)]
    Comment(CommentCommand),
    /// The verification rules (weights, thresholds, trace-test limits, due days) for new
    /// assessments; an assessment keeps the rules it started with.
    #[command(subcommand)]
    Rules(RulesCommand),
    /// Export a soft copy: INPUT is a handbook (id or title), a Markdown file (images relative to
    /// it) or a folder of chapter files. Content problems are warnings; OUT is written atomically.
    Export {
        #[arg(value_name = "INPUT")]
        input: String,
        #[arg(long, value_enum)]
        format: ExportFormat,
        #[arg(short = 'o', long = "out", value_name = "OUT")]
        out: PathBuf,
        /// Title for a Markdown input (default: its first `# ` heading).
        #[arg(long)]
        title: Option<String>,
        /// Edition date for a Markdown input, YYYY-MM-DD (default: SOURCE_DATE_EPOCH or 1970-01-01).
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
        #[command(flatten)]
        pdf: PdfArgs,
    },
    /// Pilot models (mô hình thí điểm).
    #[command(subcommand)]
    Pilot(PilotCommand),
    /// Assessments of pilot models (đợt đánh giá): checklist, answers, trace tests, verdict.
    #[command(subcommand)]
    Assess(AssessCommand),
    /// Publish an edition: freeze it, make per-recipient copies, write manifest.json and
    /// SHA256SUMS into DIR, and log who got which copy. The same label reproduces the edition.
    Publish {
        #[arg(value_name = "H")]
        handbook: String,
        #[arg(long, value_name = "L")]
        label: String,
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
        /// CSV with the header name,unit,copies[,kind]; kind (optional, per row): sở/ngành, UBND
        /// cấp xã, hợp tác xã, doanh nghiệp, khác (or department, commune, cooperative,
        /// enterprise, other), counted by the annual report.
        #[arg(long, value_name = "FILE.csv")]
        recipients: Option<PathBuf>,
        /// Comma-separated: pdf-print, pdf-screen, html, epub.
        #[arg(long, value_delimiter = ',', default_value = "html,epub")]
        formats: Vec<String>,
        /// The paper of the PDF editions (default: the workspace's, `sotay settings paper`; A4
        /// until set).
        #[arg(long, value_enum)]
        paper: Option<PaperArg>,
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Verification address (https://…) of the QR code on each copy's colophon; the copy's
        /// edition, serial and authenticity code are added (/EDITION/SERIAL?v=1&d=CHECK). Default: the
        /// workspace's (`sotay settings verify-address`), else none: the QR code then holds the
        /// offline code SOTAY1:EDITION:SERIAL:CHECK (also with --qr-base "").
        #[arg(long, value_name = "URL")]
        qr_base: Option<String>,
        /// Reprint a lost copy of an existing edition: its serial (a new serial is issued).
        #[arg(long, value_name = "SERIAL")]
        reprint: Option<u32>,
        /// A note kept in the distribution log (e.g. why a copy was reprinted).
        #[arg(long)]
        note: Option<String>,
        /// Issue the edition even though the accessibility check finds problems (an image
        /// without a description, a skipped heading level…); manifest.json records it.
        #[arg(long)]
        allow_inaccessible: bool,
        /// Mark the changes against this earlier edition instead of the previous one.
        #[arg(long, value_name = "L")]
        compare_with: Option<String>,
        /// No change bars and no change list (manifest.json records it).
        #[arg(long)]
        no_change_bars: bool,
        #[command(flatten)]
        publication: PublicationArgs,
        #[arg(long)]
        json: bool,
    },
    /// The editions of a handbook.
    Editions {
        #[arg(value_name = "H")]
        handbook: String,
        #[arg(long)]
        json: bool,
    },
    /// Who holds an edition: the distribution log.
    Distribution {
        #[arg(value_name = "H")]
        handbook: String,
        #[arg(long, value_name = "L")]
        label: String,
        #[arg(long)]
        json: bool,
    },
    /// Whether FILE is a genuine copy of an edition in this database, and to whom it was issued;
    /// or, with --qr, whether a copy's QR code (as scanned: SOTAY1:… or the verification
    /// address) names a copy issued from this database, checked offline. Exits 1 when it is
    /// not; 2 when TEXT is no copy's QR code.
    Verify {
        #[arg(
            value_name = "FILE",
            required_unless_present = "qr",
            conflicts_with = "qr"
        )]
        file: Option<PathBuf>,
        /// The text of a copy's QR code instead of a file.
        #[arg(long, value_name = "TEXT")]
        qr: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Interoperability exports: EPCIS 2.0, the national-portal package, trace CSV.
    #[command(subcommand)]
    Interop(InteropCommand),
    /// Back up the workspace to FILE (SQLite online backup); without --out, beside the workspace
    /// file as <name>.sao-luu-<UTC time>.bak (listed by `sotay recover backups`).
    Backup {
        #[arg(short = 'o', long = "out", value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Replace the workspace with a backup FILE (the current content is kept beside it first).
    RestoreBackup {
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    /// Exchange bundles (.sotay) between workspaces.
    #[command(subcommand)]
    Bundle(BundleCommand),
    /// Reports: an assessment, a comparison of pilot models, the annual report, findings as CSV;
    /// the administrative documents (annual report, inspection minutes, issuing decision).
    #[command(subcommand)]
    Report(ReportCommand),
    /// Workspace settings: the office's particulars for administrative documents.
    #[command(subcommand)]
    Settings(SettingsCommand),
    /// When the workspace file cannot be opened (damaged, another program's, from a newer
    /// Sotay): list the backups beside it, or put one in its place (the file is kept beside).
    #[command(subcommand)]
    Recover(RecoverCommand),
    /// Search handbooks, chapters' text, checklist items, findings, editions and recipients
    /// (marks and case ignored: "ho tieu" finds "hồ tiêu"), best first within each kind.
    Search {
        #[arg(value_name = "QUERY")]
        query: String,
        #[arg(long)]
        json: bool,
        /// At most this many results (1–40; default 40, and at most 8 of each kind).
        #[arg(long)]
        limit: Option<usize>,
    },
    /// Who is working: the name, position (chức vụ) and unit (đơn vị) every record carries.
    /// With `--set`, changes them (the name is required).
    Whoami {
        #[arg(long)]
        json: bool,
        /// Set the identity from --name, --position and --unit.
        #[arg(long, requires = "name")]
        set: bool,
        #[arg(long, requires = "set")]
        name: Option<String>,
        #[arg(long, requires = "set")]
        position: Option<String>,
        #[arg(long, requires = "set")]
        unit: Option<String>,
    },
    /// The provincial programme (Kế hoạch): plans, budget lines and spending, activities,
    /// tasks, the agencies and their 15 December returns.
    #[command(subcommand)]
    Plan(PlanCommand),
    /// Store an image or attachment with a handbook; chapters use it as ![alt](NAME).
    Attach {
        #[arg(value_name = "H")]
        handbook: String,
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// The name chapters use (default: the file name).
        #[arg(long)]
        name: Option<String>,
    },
}

/// Output formats of `sotay export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    Html,
    Epub,
    Pdf,
}

/// Formats of the annual report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum AnnualFormat {
    Html,
    Epub,
    Pdf,
    Docx,
}

/// The annual report's form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportStyle {
    Admin,
    Book,
}

/// Formats of the comparison report of two editions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ChangesFormatArg {
    Pdf,
    Html,
    Docx,
}

impl From<ChangesFormatArg> for sotay::ChangesFormat {
    fn from(f: ChangesFormatArg) -> Self {
        match f {
            ChangesFormatArg::Pdf => sotay::ChangesFormat::Pdf,
            ChangesFormatArg::Html => sotay::ChangesFormat::Html,
            ChangesFormatArg::Docx => sotay::ChangesFormat::Docx,
        }
    }
}

/// Formats of an administrative document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum AdminFormatArg {
    Pdf,
    Docx,
}

impl From<AdminFormatArg> for sotay::AdminFormat {
    fn from(f: AdminFormatArg) -> Self {
        match f {
            AdminFormatArg::Pdf => sotay::AdminFormat::Pdf,
            AdminFormatArg::Docx => sotay::AdminFormat::Docx,
        }
    }
}

/// What every administrative document asks for; blanks to fill by hand when not given.
#[derive(Debug, Clone, clap::Args)]
pub struct AdminDocArgs {
    /// The document's number (printed with a leading zero below 10: "Số: 05/BC-SKHCN").
    #[arg(long, value_name = "N")]
    pub number: Option<u32>,
    /// The document's date.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
    /// Who signs: the N-th signer of `sotay settings admin show` (default the first).
    #[arg(long, value_name = "N")]
    pub signer: Option<usize>,
}

#[derive(Debug, Subcommand)]
pub enum RecoverCommand {
    /// The backups beside the workspace file that can be restored, newest first.
    Backups {
        #[arg(long)]
        json: bool,
    },
    /// Put the backup FILE in the workspace's place; the file there is renamed and kept beside
    /// it (never deleted).
    Restore {
        #[arg(value_name = "FILE")]
        backup: PathBuf,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum SettingsCommand {
    /// The office's particulars for administrative documents: `show` or `set`.
    #[command(subcommand)]
    Admin(AdminSettingsCommand),
    /// The verification address printed in copies' QR codes (https://…): `show`, `set URL` or
    /// `clear`. Until one is set, copies carry the offline code SOTAY1:… (`sotay verify --qr`).
    #[command(subcommand)]
    VerifyAddress(VerifyAddressCommand),
    /// The paper PDF editions are printed on when `sotay publish` has no --paper: `show` or
    /// `set a4|a5` (A4 until set).
    #[command(subcommand)]
    Paper(PaperSettingCommand),
}

#[derive(Debug, Subcommand)]
pub enum PaperSettingCommand {
    /// The paper, and the faces Sotay embeds for editions.
    Show {
        #[arg(long)]
        json: bool,
    },
    /// Set the paper.
    Set {
        #[arg(value_enum)]
        paper: PaperArg,
    },
}

#[derive(Debug, Subcommand)]
pub enum VerifyAddressCommand {
    /// The address as stored (none until set).
    Show {
        #[arg(long)]
        json: bool,
    },
    /// Set the address: an https:// URL without "?" or "#".
    Set {
        #[arg(value_name = "URL")]
        url: String,
    },
    /// Remove the address: later copies carry the offline code.
    Clear,
}

#[derive(Debug, Subcommand)]
pub enum AdminSettingsCommand {
    /// The settings as stored.
    Show {
        #[arg(long)]
        json: bool,
    },
    /// Set the fields given (a list option given once or more replaces that list; give it
    /// empty, e.g. --recipient "", to clear it).
    Set(Box<AdminSettingsSet>),
}

/// The fields of `sotay settings admin set`.
#[derive(Debug, Clone, clap::Args)]
pub struct AdminSettingsSet {
    /// Cơ quan chủ quản, e.g. "UBND TỈNH AN GIANG".
    #[arg(long)]
    pub parent_body: Option<String>,
    /// Cơ quan ban hành, e.g. "SỞ KHOA HỌC VÀ CÔNG NGHỆ".
    #[arg(long)]
    pub issuing_body: Option<String>,
    /// The office's code in document numbers, e.g. SKHCN.
    #[arg(long)]
    pub code: Option<String>,
    /// Địa danh, e.g. "An Giang".
    #[arg(long)]
    pub place: Option<String>,
    /// The head as a decision names them, e.g. "Giám đốc Sở Khoa học và Công nghệ tỉnh An Giang".
    #[arg(long)]
    pub head: Option<String>,
    /// "Kính gửi" of the annual report, e.g. "Ủy ban nhân dân tỉnh An Giang".
    #[arg(long)]
    pub addressee: Option<String>,
    /// A default recipient ("Nơi nhận"), e.g. "Bộ Khoa học và Công nghệ"; repeat for more.
    #[arg(long = "recipient")]
    pub recipients: Vec<String>,
    /// After "Lưu:", e.g. "VT, TĐC".
    #[arg(long)]
    pub archive: Option<String>,
    /// A signer as "Name;Position;Authority", e.g. "Nguyễn Văn A;Phó Giám đốc;KT. Giám đốc"; repeat for more.
    #[arg(long = "signer")]
    pub signers: Vec<String>,
    /// A legal basis a decision cites first (without "Căn cứ"); repeat for more.
    #[arg(long = "legal-basis")]
    pub legal_bases: Vec<String>,
    /// Who proposes an issuing decision ("Theo đề nghị của …").
    #[arg(long)]
    pub proposer: Option<String>,
}

/// PDF edition and paper (used with `--format pdf`).
#[derive(Debug, Clone, clap::Args)]
pub struct PdfArgs {
    /// screen (links, outline, single-sided) or print (mirror margins, bleed, crop marks).
    #[arg(long, value_enum, default_value = "screen")]
    pub edition: EditionArg,
    #[arg(long, value_enum, default_value = "a4")]
    pub paper: PaperArg,
}

/// A PDF edition: for the screen or for print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum EditionArg {
    Screen,
    Print,
}

/// The paper of a PDF edition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PaperArg {
    A4,
    A5,
}

impl From<PaperArg> for sotay::Paper {
    fn from(p: PaperArg) -> Self {
        match p {
            PaperArg::A4 => sotay::Paper::A4,
            PaperArg::A5 => sotay::Paper::A5,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum KindArg {
    Cooperative,
    Enterprise,
    #[value(name = "household-group", alias = "household_group")]
    HouseholdGroup,
}

#[derive(Debug, Subcommand)]
pub enum PilotCommand {
    /// Add a pilot model; prints its id as the last line.
    Add {
        #[arg(long)]
        name: String,
        #[arg(long, value_enum)]
        kind: KindArg,
        /// The handbook it applies (id or title).
        #[arg(long, value_name = "H")]
        handbook: Option<String>,
        #[arg(long, default_value = "")]
        province: String,
        #[arg(long, default_value = "")]
        commune: String,
        /// The district before the 2025 reorganisation, if useful.
        #[arg(long)]
        legacy_district: Option<String>,
        #[arg(long, default_value = "")]
        contact: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DirectionArg {
    Backward,
    Forward,
}

// Parsed once per run: the size of the trace-test variant does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum AssessCommand {
    /// Start an assessment of a pilot model against a handbook; prints its id as the last line.
    New {
        #[arg(long, value_name = "P")]
        pilot: String,
        #[arg(long, value_name = "H")]
        handbook: String,
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: String,
        /// Lead inspector (default: you).
        #[arg(long, default_value = "")]
        lead: String,
        /// Team members (repeatable).
        #[arg(long = "member")]
        members: Vec<String>,
    },
    /// List assessments.
    List {
        #[arg(long, value_name = "P")]
        pilot: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// The checklist items of an assessment with their answers.
    Items {
        #[arg(value_name = "A")]
        assessment: String,
        #[arg(long)]
        json: bool,
    },
    /// Answer one item, or many from a CSV file (header item,result,note,reason); nothing is
    /// recorded if any row is invalid.
    Answer {
        #[arg(value_name = "A")]
        assessment: String,
        #[arg(
            long,
            value_name = "ID",
            required_unless_present = "from",
            conflicts_with = "from"
        )]
        item: Option<String>,
        #[arg(
            long,
            value_name = "pass|minor|major|na",
            required_unless_present = "from"
        )]
        result: Option<String>,
        #[arg(long, default_value = "")]
        note: String,
        /// Why an item does not apply (required with na).
        #[arg(long, default_value = "")]
        reason: String,
        #[arg(long, value_name = "FILE.csv")]
        from: Option<PathBuf>,
    },
    /// Add an inspector's own item to the checklist; prints its id.
    AddItem {
        #[arg(value_name = "A")]
        assessment: String,
        #[arg(long, default_value = "S8")]
        section: String,
        #[arg(long)]
        text: String,
        #[arg(long, default_value = "R", value_parser = parse_item_level)]
        level: sotay_model::verdict::ItemLevel,
    },
    /// Record a trace test (S9.1–S9.5 follow from the recorded tests).
    Trace {
        #[arg(value_name = "A")]
        assessment: String,
        #[arg(long, value_enum)]
        direction: DirectionArg,
        #[arg(long, value_name = "CODE")]
        lot: String,
        #[arg(long, value_name = "RFC3339")]
        started: String,
        #[arg(long, value_name = "RFC3339")]
        finished: String,
        #[arg(long)]
        links_expected: u32,
        /// Links found; with --records, the number of lots in the file when omitted.
        #[arg(long, required_unless_present = "records")]
        links_found: Option<u32>,
        /// The lots the test found, one row each (CSV, or an .xlsx/.xls/.ods spreadsheet):
        /// header lot,product,quantity,unit,date,from,to,reference_document,step.
        #[arg(long, value_name = "FILE")]
        records: Option<PathBuf>,
        #[arg(long, value_name = "Q")]
        input_qty: f64,
        /// Σ accounted; without it, the sum of --outputs-qty, --losses-qty, --stock-qty and
        /// --samples-qty (C.3 step 4).
        #[arg(long, value_name = "Q")]
        accounted_qty: Option<f64>,
        /// The mass balance's outputs (in --unit).
        #[arg(long, value_name = "Q")]
        outputs_qty: Option<f64>,
        /// Documented losses and by-products (yields).
        #[arg(long, value_name = "Q")]
        losses_qty: Option<f64>,
        /// Stock on hand or in transit.
        #[arg(long, value_name = "Q")]
        stock_qty: Option<f64>,
        /// Samples and waste.
        #[arg(long, value_name = "Q")]
        samples_qty: Option<f64>,
        /// Why the quantities do not reconcile exactly (a deviation within ± 5 % is MINOR only
        /// when explained).
        #[arg(long, value_name = "TEXT")]
        explanation: Option<String>,
        /// Minor typos found (1–2 MINOR, 3 or more MAJOR); contradictions are --contradictions.
        #[arg(long, default_value_t = 0)]
        typos: u32,
        #[arg(long, default_value = "kg")]
        unit: String,
        /// Unit of --accounted-qty when it differs from --unit (converted).
        #[arg(long)]
        accounted_unit: Option<String>,
        #[arg(long)]
        kde_required: u32,
        #[arg(long)]
        kde_present: u32,
        #[arg(long, default_value_t = 0)]
        contradictions: u32,
        #[arg(long, default_value = "")]
        note: String,
        /// The id of the failed test this one re-tests.
        #[arg(long)]
        retest_of: Option<String>,
    },
    /// The trace tests of an assessment with their grades.
    Traces {
        #[arg(value_name = "A")]
        assessment: String,
        #[arg(long)]
        json: bool,
    },
    /// Findings (from MINOR and MAJOR results) and their corrective actions.
    Findings {
        #[arg(value_name = "A")]
        assessment: String,
        #[arg(long)]
        json: bool,
    },
    /// Add a corrective action to a finding; prints its id as the last line.
    Action {
        #[arg(value_name = "FINDING")]
        finding: String,
        #[arg(long)]
        owner: String,
        /// Default: the assessment date + 30 days (MAJOR) or 90 days (MINOR).
        #[arg(long, value_name = "YYYY-MM-DD")]
        due: Option<String>,
        #[arg(long, default_value = "")]
        description: String,
    },
    /// The rules this assessment froze when it started (weights, thresholds, limits).
    Rules {
        #[arg(value_name = "A")]
        assessment: String,
        #[arg(long)]
        json: bool,
    },
    /// Move a corrective action: in-progress, done, verified.
    ActionStatus {
        #[arg(value_name = "ACTION")]
        action: String,
        #[arg(value_name = "in-progress|done|verified")]
        status: String,
        #[arg(long, default_value = "")]
        note: String,
    },
    /// Move an assessment: in-progress, completed, closed.
    Status {
        #[arg(value_name = "A")]
        assessment: String,
        #[arg(value_name = "in-progress|completed|closed")]
        status: String,
    },
    /// Attach a photo or document as evidence to an item.
    Evidence {
        #[arg(value_name = "A")]
        assessment: String,
        #[arg(long, value_name = "ID")]
        item: String,
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    /// The score and verdict.
    Verdict {
        #[arg(value_name = "A")]
        assessment: String,
        #[arg(long)]
        json: bool,
    },
    /// Sign a completed assessment as the team leader or the pilot's representative: the typed
    /// name, or a drawn mark from a JSON file ({"width", "height", "strokes": [[[x, y], …], …]}).
    /// Signing a role again replaces its signature.
    Sign {
        #[arg(value_name = "A")]
        assessment: String,
        #[arg(long, value_name = "leader|representative")]
        role: String,
        #[arg(long, value_name = "N")]
        name: String,
        #[arg(long, value_name = "P", default_value = "")]
        position: String,
        #[arg(long, value_name = "FILE.json")]
        drawing: Option<PathBuf>,
    },
    /// Withdraw the signature of a role (exit 2 when that role has not signed); the assessment's
    /// signature history keeps whose it was, who withdrew it and when (`assess show`).
    Unsign {
        #[arg(value_name = "A")]
        assessment: String,
        #[arg(long, value_name = "leader|representative")]
        role: String,
    },
    /// One assessment: pilot, handbook, date, team, status and signatures.
    Show {
        #[arg(value_name = "A")]
        assessment: String,
        #[arg(long)]
        json: bool,
    },
}

fn parse_item_level(s: &str) -> Result<sotay_model::verdict::ItemLevel, String> {
    match s.to_ascii_uppercase().as_str() {
        "M" => Ok(sotay_model::verdict::ItemLevel::M),
        "C" => Ok(sotay_model::verdict::ItemLevel::C),
        "R" => Ok(sotay_model::verdict::ItemLevel::R),
        _ => Err(format!("unknown level {s:?}: use M, C or R")),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum EpcisSource {
    Assessment,
    Handbook,
}

#[derive(Debug, Subcommand)]
pub enum InteropCommand {
    /// EPCIS 2.0 JSON-LD of an assessment's trace tests or of a handbook's CTE definitions.
    Epcis {
        #[arg(value_enum)]
        source: EpcisSource,
        #[arg(value_name = "ID")]
        id: String,
        #[arg(short = 'o', long = "out", value_name = "FILE.jsonld")]
        out: PathBuf,
    },
    /// The national-portal package of a handbook's product (portal.json, portal.csv).
    Portal {
        #[arg(value_name = "H")]
        handbook: String,
        #[arg(short = 'o', long = "out", value_name = "DIR")]
        out: PathBuf,
    },
    /// The trace tests of an assessment as a sortable spreadsheet (CSV).
    TraceCsv {
        #[arg(value_name = "A")]
        assessment: String,
        #[arg(short = 'o', long = "out", value_name = "FILE.csv")]
        out: PathBuf,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum BundleKindArg {
    Handbook,
    Edition,
    Assessment,
}

#[derive(Debug, Subcommand)]
pub enum BundleCommand {
    /// Export a handbook (H), an edition (E) or an assessment (A) with everything it needs.
    Export {
        #[arg(value_enum)]
        kind: BundleKindArg,
        #[arg(value_name = "ID")]
        id: String,
        #[arg(short = 'o', long = "out", value_name = "FILE.sotay")]
        out: PathBuf,
    },
    /// The records an import found edited on both sides (both versions are kept).
    Conflicts {
        #[arg(long)]
        json: bool,
    },
    /// Resolve a conflict: keep the local version or take the incoming one.
    Resolve {
        #[arg(value_name = "CONFLICT_ID")]
        id: String,
        #[arg(long, value_parser = ["local", "incoming"])]
        keep: String,
    },
    /// Import a bundle: merge by record id in one transaction; a conflict keeps both versions.
    Import {
        #[arg(value_name = "FILE.sotay")]
        file: PathBuf,
        /// Show what would be added, updated or in conflict, and change nothing.
        #[arg(long)]
        dry_run: bool,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// The assessment report.
    Assessment {
        #[arg(value_name = "A")]
        assessment: String,
        #[arg(long, value_enum)]
        format: ExportFormat,
        #[arg(short = 'o', long = "out", value_name = "OUT")]
        out: PathBuf,
        #[command(flatten)]
        pdf: PdfArgs,
    },
    /// The latest assessments of two (or more) pilot models side by side.
    Compare {
        #[arg(value_name = "P", num_args = 2.., required = true)]
        pilots: Vec<String>,
        #[arg(long, value_enum)]
        format: ExportFormat,
        #[arg(short = 'o', long = "out", value_name = "OUT")]
        out: PathBuf,
        #[command(flatten)]
        pdf: PdfArgs,
    },
    /// The annual report to the department (due 15 December). As PDF or Word it is an
    /// administrative document (Nghị định 30/2020/NĐ-CP) unless `--style book`; HTML and EPUB
    /// are the book.
    Annual {
        #[arg(value_name = "YEAR")]
        year: i32,
        #[arg(long, value_enum)]
        format: AnnualFormat,
        #[arg(short = 'o', long = "out", value_name = "OUT")]
        out: PathBuf,
        /// admin: the signed report's form; book: cover, contents, tables (PDF, HTML, EPUB).
        #[arg(long, value_enum)]
        style: Option<ReportStyle>,
        #[command(flatten)]
        doc: AdminDocArgs,
        #[command(flatten)]
        pdf: PdfArgs,
    },
    /// The minutes of an inspection (Biên bản kiểm tra, đánh giá hiệu lực hệ thống truy xuất
    /// nguồn gốc) from assessment A's records, to sign; the assessment report is its annex.
    Minutes {
        #[arg(value_name = "A")]
        assessment: String,
        #[arg(long, value_enum)]
        format: AdminFormatArg,
        #[arg(short = 'o', long = "out", value_name = "OUT")]
        out: PathBuf,
        #[command(flatten)]
        doc: AdminDocArgs,
        /// The decision that set up the team, e.g. 15/QĐ-SKHCN (blank to fill by hand).
        #[arg(long, value_name = "NUMBER")]
        team_decision: Option<String>,
        #[arg(long, value_name = "YYYY-MM-DD")]
        team_decision_date: Option<String>,
        /// When the inspection started and ended, HH:MM (blank to fill by hand).
        #[arg(long, value_name = "HH:MM")]
        start: Option<String>,
        #[arg(long, value_name = "HH:MM")]
        end: Option<String>,
        /// Where it took place (default: the pilot's address).
        #[arg(long)]
        place: Option<String>,
        /// How many copies are signed (default 2).
        #[arg(long)]
        copies: Option<u32>,
    },
    /// The decision issuing approved handbook H (Quyết định về việc ban hành Sổ tay …): legal
    /// bases from the settings and the handbook's variables, Điều 1–3, signature. Given both
    /// --number and --date, the decision is also recorded on the handbook: the editions
    /// published afterwards say "Ban hành kèm theo Quyết định số …" on their cover.
    Decision {
        #[arg(value_name = "H")]
        handbook: String,
        #[arg(long, value_enum)]
        format: AdminFormatArg,
        #[arg(short = 'o', long = "out", value_name = "OUT")]
        out: PathBuf,
        #[command(flatten)]
        doc: AdminDocArgs,
    },
    /// The draft decision issuing the key-product catalogue (Quyết định về việc ban hành Danh
    /// mục sản phẩm, hàng hóa chủ lực, thế mạnh của tỉnh … thực hiện truy xuất nguồn gốc): the
    /// issued products ranked, with their proposing agency and weighted score; legal bases
    /// from the settings and the plan; Điều 2–3 marked as a draft to edit. Records nothing;
    /// without --number/--date, the decision recorded by `plan catalogue issue` is printed.
    CatalogueDecision {
        #[arg(long, value_enum)]
        format: AdminFormatArg,
        #[arg(short = 'o', long = "out", value_name = "OUT")]
        out: PathBuf,
        #[command(flatten)]
        doc: AdminDocArgs,
    },
    /// What changed between two editions of handbook H, section by section, as a word diff
    /// (removed words struck through, added ones in bold), for the approving official.
    Changes {
        #[arg(value_name = "H")]
        handbook: String,
        /// The earlier edition's label.
        #[arg(long, value_name = "L")]
        from: String,
        /// The later edition's label.
        #[arg(long, value_name = "L")]
        to: String,
        #[arg(long, value_enum)]
        format: ChangesFormatArg,
        /// Default: so-sanh-FROM-TO.pdf|html|docx in the current folder.
        #[arg(short = 'o', long = "out", value_name = "OUT")]
        out: Option<PathBuf>,
    },
    /// Findings and corrective actions of an assessment as CSV.
    Findings {
        #[arg(value_name = "A")]
        assessment: String,
        #[arg(short = 'o', long = "out", value_name = "OUT.csv")]
        out: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum TemplateCommand {
    /// Check a template folder; reports every problem with file:line:column; exits 1 on errors.
    Check {
        #[arg(value_name = "DIR")]
        dir: PathBuf,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum ChapterCommand {
    /// Save a chapter's source from a file (`-` for standard input) as a new edit.
    Set {
        #[arg(value_name = "H")]
        handbook: String,
        /// Chapter key, id or title.
        #[arg(value_name = "CHAPTER")]
        chapter: String,
        #[arg(long, value_name = "FILE.md")]
        from: PathBuf,
        #[arg(long, short, value_name = "M", default_value = "")]
        message: String,
    },
    /// Print a chapter's source (Markdown with Tera).
    Get {
        #[arg(value_name = "H")]
        handbook: String,
        #[arg(value_name = "CHAPTER")]
        chapter: String,
    },
    /// Add a chapter.
    Add {
        #[arg(value_name = "H")]
        handbook: String,
        #[arg(value_name = "TITLE")]
        title: String,
        /// M (mandatory), R (recommended) or O (optional).
        #[arg(long, default_value = "O", value_parser = parse_level)]
        level: ChapterLevel,
        /// Put it after this chapter (default: at the end).
        #[arg(long, value_name = "CHAPTER")]
        after: Option<String>,
    },
    /// Remove a chapter (its text stays in the history).
    Remove {
        #[arg(value_name = "H")]
        handbook: String,
        #[arg(value_name = "CHAPTER")]
        chapter: String,
    },
    /// Move a chapter to a position (1 = first).
    Move {
        #[arg(value_name = "H")]
        handbook: String,
        #[arg(value_name = "CHAPTER")]
        chapter: String,
        #[arg(value_name = "POSITION")]
        position: u32,
    },
    /// Rename a chapter.
    Rename {
        #[arg(value_name = "H")]
        handbook: String,
        #[arg(value_name = "CHAPTER")]
        chapter: String,
        #[arg(value_name = "TITLE")]
        title: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// The rules now in force for new assessments.
    Show {
        #[arg(long)]
        json: bool,
    },
    /// Set one rule: KEY is the dotted path of a number in `sotay rules show --json`.
    Set { key: String, value: String },
    /// Back to DOMAIN's defaults.
    Reset,
}

#[derive(Debug, Subcommand)]
pub enum CommentCommand {
    /// Add a comment on a chapter.
    Add {
        #[arg(value_name = "H")]
        handbook: String,
        #[arg(value_name = "CHAPTER")]
        chapter: String,
        #[arg(value_name = "TEXT")]
        body: String,
        /// The passage of the chapter the comment is about (its saved text, exactly; it must
        /// occur once, else give more of it).
        #[arg(long, value_name = "PASSAGE")]
        quote: Option<String>,
    },
    /// List the comments of a handbook.
    List {
        #[arg(value_name = "H")]
        handbook: String,
        #[arg(long)]
        json: bool,
    },
    /// Mark a comment resolved.
    Resolve {
        #[arg(value_name = "H")]
        handbook: String,
        #[arg(value_name = "COMMENT_ID")]
        comment: String,
    },
}

fn parse_status(s: &str) -> Result<HandbookStatus, String> {
    HandbookStatus::parse(s)
        .ok_or_else(|| format!("unknown status {s:?}: use draft, review, approved or published"))
}

fn parse_level(s: &str) -> Result<ChapterLevel, String> {
    ChapterLevel::parse(&s.to_ascii_uppercase())
        .ok_or_else(|| format!("unknown level {s:?}: use M, R or O"))
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    Lang::parse(s).ok_or_else(|| format!("unknown language {s:?}: use vi or en"))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ActivityKindArg {
    Training,
    Workshop,
    Conference,
    Media,
}

impl From<ActivityKindArg> for sotay_model::plan::ActivityKind {
    fn from(k: ActivityKindArg) -> Self {
        use sotay_model::plan::ActivityKind as K;
        match k {
            ActivityKindArg::Training => K::Training,
            ActivityKindArg::Workshop => K::Workshop,
            ActivityKindArg::Conference => K::Conference,
            ActivityKindArg::Media => K::Media,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TaskStatusArg {
    #[value(name = "not-started", alias = "not_started")]
    NotStarted,
    #[value(name = "in-progress", alias = "in_progress")]
    InProgress,
    Done,
}

impl From<TaskStatusArg> for sotay_model::plan::TaskStatus {
    fn from(s: TaskStatusArg) -> Self {
        use sotay_model::plan::TaskStatus as S;
        match s {
            TaskStatusArg::NotStarted => S::NotStarted,
            TaskStatusArg::InProgress => S::InProgress,
            TaskStatusArg::Done => S::Done,
        }
    }
}

/// `sotay plan …`. P is a plan's id, its number ("69/KH-UBND") or its year, when only one
/// plan has it.
#[derive(Debug, Subcommand)]
pub enum PlanCommand {
    /// Create the plan of a year; prints its id as the last line.
    New {
        #[arg(long, value_name = "YYYY")]
        year: i32,
        /// Pre-fill tasks, budget lines and agencies: qd100-yearly (Decision 100's yearly plan).
        #[arg(long, value_name = "ID")]
        template: Option<String>,
        /// The plan's number, e.g. 69/KH-UBND (never assumed).
        #[arg(long, value_name = "N")]
        number: Option<String>,
        /// The plan's date, YYYY-MM-DD.
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
        #[arg(long, value_name = "NAME")]
        issuing_body: Option<String>,
        #[arg(long, value_name = "T")]
        title: Option<String>,
    },
    /// The plans.
    List {
        #[arg(long)]
        json: bool,
    },
    /// One plan: tasks, budget lines (estimate, spent, remaining), activities, returns.
    Show {
        #[arg(value_name = "P")]
        plan: String,
        #[arg(long)]
        json: bool,
    },
    /// Next year's direction (phương hướng, nhiệm vụ năm sau) kept on the plan: shown (a
    /// draft from the open tasks while none is written), or set from --text or --file (UTF-8);
    /// an empty text clears it.
    Direction {
        #[arg(value_name = "P")]
        plan: String,
        #[arg(
            long,
            value_name = "T",
            conflicts_with = "file",
            allow_hyphen_values = true
        )]
        text: Option<String>,
        #[arg(long, value_name = "F")]
        file: Option<std::path::PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Record a spending entry against a budget line (whole đồng). Over the line's estimate
    /// is allowed, with a warning.
    Spend {
        #[arg(value_name = "P")]
        plan: String,
        #[arg(long, value_name = "CODE")]
        line: String,
        /// Whole đồng: 12500000 or 12.500.000.
        #[arg(long, value_name = "VND", allow_hyphen_values = true)]
        amount: String,
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: String,
        /// The document (chứng từ) number.
        #[arg(long = "ref", value_name = "DOC")]
        reference: Option<String>,
        #[arg(long, value_name = "NAME")]
        payee: Option<String>,
    },
    /// Outreach, training and workshop activities.
    #[command(subcommand)]
    Activity(PlanActivityCommand),
    /// Add a budget line, or change one (title, lead, estimate).
    Line {
        #[arg(value_name = "P")]
        plan: String,
        #[arg(long, value_name = "CODE")]
        code: String,
        #[arg(long, value_name = "T")]
        title: Option<String>,
        #[arg(long, value_name = "AGENCY")]
        lead: Option<String>,
        /// Whole đồng.
        #[arg(long, value_name = "VND", allow_hyphen_values = true)]
        estimate: Option<String>,
    },
    /// Tasks: status and progress, links to the records that fulfil them.
    #[command(subcommand)]
    Task(PlanTaskCommand),
    /// The agencies the plan names.
    #[command(subcommand)]
    Agency(PlanAgencyCommand),
    /// Write one return form (.xlsx) per agency into DIR.
    Returns {
        #[arg(value_name = "P")]
        plan: String,
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
    /// Import a filled return form; a bad cell refuses the whole file.
    ReturnImport {
        #[arg(value_name = "P")]
        plan: String,
        #[arg(value_name = "FILE.xlsx")]
        file: PathBuf,
        /// The day the form arrived (default: today).
        #[arg(long, value_name = "YYYY-MM-DD")]
        received: Option<String>,
    },
    /// The key-product catalogue (danh mục sản phẩm chủ lực): propose, score, rank, issue.
    #[command(subcommand)]
    Catalogue(crate::plan::catalogue::CatalogueCommand),
    /// The roadmap of the key products: milestones with their progress from the records.
    #[command(subcommand)]
    Roadmap(crate::plan::catalogue::RoadmapCommand),
    /// Portal readiness (II.3) of a key product K and of each pilot applying its handbook;
    /// with setters, records them first.
    Readiness(crate::plan::catalogue::ReadinessArgs),
}

#[derive(Debug, Subcommand)]
pub enum PlanActivityCommand {
    /// Record an activity; prints its id as the last line.
    Add {
        #[arg(value_name = "P")]
        plan: String,
        #[arg(long, value_enum)]
        kind: ActivityKindArg,
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: String,
        #[arg(long, value_name = "T")]
        title: String,
        /// Participants in total (at least the kinds below added up).
        #[arg(long, value_name = "N")]
        participants: Option<u32>,
        /// Of whom from enterprises.
        #[arg(long, value_name = "N", default_value_t = 0)]
        enterprises: u32,
        /// Of whom from cooperatives.
        #[arg(long, value_name = "N", default_value_t = 0)]
        cooperatives: u32,
        /// Of whom officials.
        #[arg(long, value_name = "N", default_value_t = 0)]
        officials: u32,
        #[arg(long, default_value = "")]
        place: String,
        #[arg(long, default_value = "")]
        organiser: String,
        /// Who it was for (free text).
        #[arg(long, default_value = "")]
        audience: String,
        /// Materials used or handed out (free text).
        #[arg(long, default_value = "")]
        materials: String,
        /// The budget line it is paid from.
        #[arg(long, value_name = "CODE")]
        line: Option<String>,
    },
    /// Import an activity's attendance list (.csv or .xlsx: Họ và tên, Đơn vị, Đối tượng
    /// — doanh nghiệp / hợp tác xã / cán bộ —, Điện thoại if any); the participants by kind
    /// come from it. A bad row refuses the whole file (exit 2).
    Attendance {
        #[arg(value_name = "P")]
        plan: String,
        #[arg(value_name = "ACTIVITY")]
        activity: String,
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    /// Write an activity's attendance list as CSV (the columns the import reads; cells
    /// starting with = + - @ written as text).
    AttendanceCsv {
        #[arg(value_name = "P")]
        plan: String,
        #[arg(value_name = "ACTIVITY")]
        activity: String,
        #[arg(long, value_name = "FILE.csv")]
        out: PathBuf,
    },
    /// Attach a photo or document to an activity as evidence.
    Attach {
        #[arg(value_name = "P")]
        plan: String,
        #[arg(value_name = "ACTIVITY")]
        activity: String,
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum PlanTaskCommand {
    /// Set a task's status and progress.
    Set {
        #[arg(value_name = "P")]
        plan: String,
        #[arg(value_name = "CODE")]
        code: String,
        #[arg(long, value_enum)]
        status: Option<TaskStatusArg>,
        /// 0–100.
        #[arg(long, value_name = "PERCENT")]
        progress: Option<u8>,
    },
    /// Link a task to the record that fulfils it.
    Link {
        #[arg(value_name = "P")]
        plan: String,
        #[arg(value_name = "CODE")]
        code: String,
        #[arg(long, value_parser = ["handbook", "assessment", "edition", "activity"])]
        kind: String,
        /// The record's id (a handbook also by title).
        #[arg(long, value_name = "ID")]
        id: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum PlanAgencyCommand {
    /// Register an agency with the tasks the plan gives it.
    Add {
        #[arg(value_name = "P")]
        plan: String,
        #[arg(long)]
        name: String,
        #[arg(long, default_value = "other", value_parser = ["department", "commune", "association", "media", "other"])]
        kind: String,
        /// A task the plan gives it (repeatable).
        #[arg(long = "task", value_name = "T")]
        tasks: Vec<String>,
    },
}

/// What the print edition's colophon carries as a publication (Luật Xuất bản 2012, Điều 27),
/// given when the edition is first published. Lines left out are not printed; the print run
/// defaults to the copies the recipients list asks for, the size to the paper's.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct PublicationArgs {
    /// The publishing licence's number (Giấy phép xuất bản), e.g. 125/GP-STTTT.
    #[arg(long, value_name = "NUMBER", visible_alias = "license-number")]
    pub licence_number: Option<String>,
    /// The publishing licence's date.
    #[arg(long, value_name = "YYYY-MM-DD", visible_alias = "license-date")]
    pub licence_date: Option<String>,
    /// Who is responsible for publishing (Chịu trách nhiệm xuất bản).
    #[arg(long, value_name = "NAME")]
    pub publishing_responsible: Option<String>,
    /// Who is responsible for the content (Chịu trách nhiệm nội dung).
    #[arg(long, value_name = "NAME")]
    pub content_responsible: Option<String>,
    /// The printed size (Khổ), e.g. "14,8 × 21 cm" (default: the paper's).
    #[arg(long, value_name = "SIZE")]
    pub size: Option<String>,
    /// How many copies are printed (default: the recipients' copies).
    #[arg(long, value_name = "N")]
    pub print_run: Option<u32>,
    /// The printer's name (Cơ sở in).
    #[arg(long, value_name = "NAME")]
    pub printer: Option<String>,
    /// The printer's address.
    #[arg(long, value_name = "ADDRESS")]
    pub printer_address: Option<String>,
    /// When the legal deposit copies are lodged (Nộp lưu chiểu).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub deposit_date: Option<String>,
}

impl PublicationArgs {
    /// The details given, or `None` when no flag was.
    pub fn info(&self) -> Option<sotay_model::edition::PublicationInfo> {
        let s = |o: &Option<String>| o.clone().unwrap_or_default();
        let p = sotay_model::edition::PublicationInfo {
            licence_number: s(&self.licence_number),
            licence_date: s(&self.licence_date),
            publishing_responsible: s(&self.publishing_responsible),
            content_responsible: s(&self.content_responsible),
            size: s(&self.size),
            print_run: self.print_run,
            printer: s(&self.printer),
            printer_address: s(&self.printer_address),
            deposit_date: s(&self.deposit_date),
        };
        (!p.is_empty()).then_some(p)
    }
}
