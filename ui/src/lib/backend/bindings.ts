// Generated from the Rust types by `make bindings` (crates/sotay/src/bindings.rs).
// Do not edit by hand.

export type Lang = "vi" | "en";

export type Localized = { vi: string, en: string, };

export type HandbookStatus = "draft" | "review" | "approved" | "published";

export type ChapterLevel = "M" | "R" | "O";

export type HandbookMoves = { forward: HandbookStatus | null, back: HandbookStatus | null, editable: boolean, };

export type HandbookSummary = { id: string, title: string, 
/**
 * The product the handbook covers, e.g. "Tôm thẻ chân trắng".
 */
product: string, template_id: string, status: HandbookStatus, 
/**
 * 1 for the first version; reopening an approved or published handbook adds one.
 */
version: number, chapter_count: number, 
/**
 * RFC 3339, UTC.
 */
updated_at: string, 
/**
 * What the status allows next (from [`HandbookStatus::moves`]).
 */
moves: HandbookMoves, };

export type ChapterView = { id: string, key: string, position: number, title: string, level: ChapterLevel, 
/**
 * The stored source: Markdown with Tera expressions.
 */
source: string, 
/**
 * The source rendered with the handbook's variables (Markdown).
 */
rendered: string, 
/**
 * The rendered Markdown as a sanitised HTML fragment for the preview.
 */
html: string, 
/**
 * Set when rendering failed; `rendered` and `html` then show the source unrendered.
 */
render_error: string | null, };

export type HandbookView = { summary: HandbookSummary, 
/**
 * The variables as a nested JSON object (`product.gtin` is `{"product": {"gtin": …}}`).
 */
variables: Record<string, unknown>, chapters: Array<ChapterView>, 
/**
 * The decision that issued this version of the handbook, when one was recorded
 * (`sotay report decision H --number --date`); the window shows it under the title.
 */
decision: IssuingDecision | null, };

export type PilotKind = "cooperative" | "enterprise" | "household_group";

export type Address = { province: string, commune: string, legacy_district: string | null, };

export type PilotModel = { id: string, name: string, kind: PilotKind, address: Address, contact: string, 
/**
 * The handbook this pilot applies, if chosen.
 */
handbook_id: string | null, 
/**
 * RFC 3339, UTC.
 */
created_at: string, };

export type TemplateSummary = { id: string, name: Localized, description: Localized, version: string, 
/**
 * aquatic | crop | processed
 */
category: string, chapter_count: number, variable_count: number, 
/**
 * Shipped with Sotay (as opposed to a user's folder).
 */
builtin: boolean, };

export type VariableKind = "text" | "multiline" | "date" | "number" | "enum" | "gtin" | "gln" | "gs1_prefix" | "lot_pattern" | "address" | "person" | "table";

export type EnumOption = { value: string, label: Localized, };

export type ColumnDef = { key: string, type: VariableKind, label: Localized, help: Localized, required: boolean, unit: string | null, min: number | null, max: number | null, max_len: number | null, 
/**
 * A regular expression the whole text must match.
 */
pattern: string | null, options: Array<EnumOption>, };

export type VariableDef = { 
/**
 * Dotted path, e.g. `product.gtin`.
 */
key: string, type: VariableKind, required: boolean, label: Localized, help: Localized, 
/**
 * Unit of a `number` (e.g. `kg`, `ha`, `giờ`).
 */
unit: string | null, min: number | null, max: number | null, max_len: number | null, 
/**
 * A regular expression the whole text must match.
 */
pattern: string | null, 
/**
 * Choices of an `enum`.
 */
options: Array<EnumOption>, 
/**
 * Columns of a `table`.
 */
columns: Array<ColumnDef>, default: unknown, };

export type TemplateChapter = { key: string, title: Localized, level: ChapterLevel, };

export type TemplateForm = { 
/**
 * As printed on the form, e.g. `BM-03`.
 */
id: string, title: Localized, 
/**
 * The chapter that holds its printable table.
 */
chapter: string, };

export type TemplateDetail = { summary: TemplateSummary, variables: Array<VariableDef>, chapters: Array<TemplateChapter>, 
/**
 * The record forms (biểu mẫu) of the annex.
 */
forms: Array<TemplateForm>, sample_vars: Record<string, unknown>, };

export type Severity = "error" | "warning" | "info";

export type Diagnostic = { severity: Severity, 
/**
 * A stable code, e.g. `var.gtin.check_digit`, `chapter.empty`, `tera.undefined`.
 */
code: string, 
/**
 * Where: a chapter key, `variables`, or a template file such as `template.toml`.
 */
file: string | null, 
/**
 * The variable concerned, as a path: `product.gtin`, `chain.sites[2].gln`.
 */
key: string | null, 
/**
 * 1-based line in the file or chapter source.
 */
line: number | null, 
/**
 * 1-based column (in characters).
 */
column: number | null, message: Localized, 
/**
 * What to do about it.
 */
hint: Localized | null, };

export type ChapterPreview = { 
/**
 * Sanitised HTML fragment.
 */
html: string, 
/**
 * Set when the source does not render (e.g. a Tera error), with its line and column.
 */
error: Diagnostic | null, };

export type SaveVariablesResult = { saved: boolean, diagnostics: Array<Diagnostic>, };

export type RevisionKind = "create" | "edit" | "restore" | "rename" | "add" | "remove";

export type RevisionSummary = { id: string, 
/**
 * 1, 2, 3… within the handbook: what `sotay diff H 3 7` refers to.
 */
number: number, chapter_id: string, chapter_key: string, chapter_title: string, kind: RevisionKind, author: string, message: string, 
/**
 * RFC 3339, UTC.
 */
created_at: string, };

export type RevisionDetail = { summary: RevisionSummary, source: string, };

export type DiffOp = "equal" | "insert" | "delete";

export type DiffSpan = { op: DiffOp, text: string, };

export type RevisionDiff = { from: RevisionSummary, to: RevisionSummary, spans: Array<DiffSpan>, inserted_words: number, deleted_words: number, };

export type CommentStatus = "open" | "resolved";

export type TextAnchor = { 
/**
 * The passage as it was selected.
 */
quote: string, 
/**
 * Up to [`CONTEXT_CHARS`] characters just before the passage.
 */
prefix: string, 
/**
 * Up to [`CONTEXT_CHARS`] characters just after the passage.
 */
suffix: string, 
/**
 * Where the passage began, in UTF-16 code units.
 */
start: number, 
/**
 * Where it ended (exclusive), in UTF-16 code units.
 */
end: number, 
/**
 * The number of the chapter's revision the passage was selected on (0 when unknown).
 */
revision: number, };

export type TextRange = { start: number, end: number, };

export type Comment = { id: string, chapter_id: string, author: string, body: string, status: CommentStatus, created_at: string, resolved_by: string | null, resolved_at: string | null, 
/**
 * The passage the comment is about; `None` for a comment on the whole chapter.
 */
anchor: TextAnchor | null, };

export type ChapterComment = { comment: Comment, 
/**
 * The passage's range in the text it was located in (`None`: whole chapter, or detached).
 */
range: TextRange | null, 
/**
 * The passage was edited beyond recognition or removed ("đoạn văn đã bị sửa/xoá").
 */
detached: boolean, };

export type StatusChange = { from: HandbookStatus, to: HandbookStatus, 
/**
 * The handbook's version after the change (reopening an approved handbook adds one).
 */
version: number, by: string, at: string, note: string, 
/**
 * Why the move was made despite a rule's objection (an author approving her own draft
 * with comments open); empty otherwise.
 */
reason: string, };

export type VariableChange = { id: string, number: number, key: string, old_value: unknown, new_value: unknown, author: string, 
/**
 * RFC 3339, UTC.
 */
at: string, };

export type TraceLot = { lot: string, product: string, quantity: number | null, unit: string, 
/**
 * YYYY-MM-DD as given.
 */
date: string, from: string, to: string, reference: string, 
/**
 * The stage or step (thu hoạch, sơ chế, xuất hàng…).
 */
step: string, };

export type BundleKind = "handbook" | "edition" | "assessment";

export type ConflictChoice = "local" | "incoming";

export type InteropKind = "assessment" | "handbook";

export type DataFormat = "jsonld" | "csv";

export type ReportKind = "assessment" | "compare" | "annual";

export type Paper = "a4" | "a5";

export type ChecklistSection = { id: string, title: Localized, };

export type ChecklistItem = { 
/**
 * `S1.1` … `S9.5`; generated items are `S4.1.1`, `S4.1.2`…; an inspector's own `X1`, `X2`…
 */
id: string, section: string, level: ItemLevel, 
/**
 * A K item: a MAJOR on it makes the verdict "not effective".
 */
critical: boolean, text: Localized, source: string, evidence: Localized, 
/**
 * When a C item applies (else it is answered NA).
 */
condition: Localized | null, };

export type ItemLevel = "M" | "C" | "R";

export type ItemResult = "pass" | "minor" | "major" | "na";

export type Grade = "pass" | "minor" | "major";

export type Direction = "backward" | "forward";

export type TraceGrades = { time: Grade, links: Grade, quantity: Grade, kde: Grade, consistency: Grade, };

export type VerdictKind = "effective" | "effective_with_corrective_actions" | "not_effective" | "incomplete";

export type SectionScore = { 
/**
 * 0–100, two decimals; `None` when nothing in the section is applicable yet.
 */
score: number | null, points: number, weight: number, items: number, answered: number, pass: number, minor: number, major: number, na: number, };

export type Verdict = { 
/**
 * 0–100, two decimals.
 */
score: number, verdict: VerdictKind, 
/**
 * "Effective with corrective actions" stays pending until every MAJOR and MINOR finding
 * has a corrective action with an owner and a due date.
 */
pending: boolean, reasons: Array<Localized>, sections: { [key in string]?: SectionScore }, unanswered: Array<string>, 
/**
 * While incomplete: what the verdict would be if every missing item were PASS.
 */
provisional: VerdictKind | null, 
/**
 * While incomplete: the score if every missing item were PASS (two decimals).
 */
provisional_score: number | null, 
/**
 * What keeps the verdict from being final: the unanswered item ids, then the missing
 * trace-test directions (`backward`, `forward`). Empty when final.
 */
missing: Array<string>, missing_directions: Array<Direction>, 
/**
 * Failed trace tests replaced by a re-test: (replaced, re-test) ids.
 */
retested: Array<[string, string]>, };

export type AssessmentStatus = "planned" | "in_progress" | "completed" | "closed";

export type AssessmentMoves = { forward: AssessmentStatus | null, back: AssessmentStatus | null, editable: boolean, 
/**
 * It may be signed now ([`crate::signature::may_sign`]).
 */
sign: boolean, 
/**
 * A signature may be withdrawn now ([`crate::signature::may_withdraw`]).
 */
withdraw: boolean, };

export type AssessmentSummary = { id: string, pilot_id: string, pilot_name: string, handbook_id: string | null, handbook_title: string, handbook_version: number, status: AssessmentStatus, 
/**
 * YYYY-MM-DD.
 */
date: string, lead: string, team: Array<string>, 
/**
 * What the status allows next (from [`AssessmentStatus::moves`]).
 */
moves: AssessmentMoves, };

export type Answer = { result: ItemResult, note: string, 
/**
 * Required for NA.
 */
reason: string, by: string, at: string, 
/**
 * S9.x results come from the recorded trace tests, not from a manual answer.
 */
from_trace_tests: boolean, };

export type EvidenceFile = { id: string, 
/**
 * The checklist item it belongs to (none for evidence of a corrective action).
 */
item_id: string | null, name: string, sha256: string, 
/**
 * When the photo was taken, from its EXIF `DateTimeOriginal` (else `DateTime`): the
 * camera's local wall-clock time as written, `YYYY-MM-DDTHH:MM:SS`, followed by the UTC
 * offset (`+07:00`) only when the camera recorded `OffsetTimeOriginal`. Never converted.
 */
taken_at: string | null, 
/**
 * A thumbnail (longest side 320 px) was made when the file was attached.
 */
has_thumbnail: boolean, };

export type EvidenceAttached = { file: EvidenceFile, warning: Localized | null, };

export type SignatureRole = "leader" | "representative";

export type Drawing = { width: number, height: number, 
/**
 * Each stroke is the points one press of the pen went through, `[x, y]`.
 */
strokes: Array<Array<[number, number]>>, };

export type SignInput = { role: SignatureRole, 
/**
 * The signer's full name, printed under the signature.
 */
name: string, 
/**
 * Their position (chức vụ), may be empty.
 */
position: string, 
/**
 * The drawn mark; without it the signature is the typed name.
 */
drawing: Drawing | null, };

export type Signature = { role: SignatureRole, name: string, position: string, 
/**
 * RFC 3339.
 */
signed_at: string, 
/**
 * The drawn mark; `None` when the signature is the typed name.
 */
drawing: Drawing | null, 
/**
 * False when the answers, the trace tests or the verdict changed after signing: the
 * signature no longer covers the record and must be given again.
 */
current: boolean, };

export type SignatureEventKind = "signed" | "withdrawn";

export type SignatureEvent = { kind: SignatureEventKind, role: SignatureRole, 
/**
 * The signer's name.
 */
name: string, 
/**
 * When the signature was given (RFC 3339).
 */
signed_at: string, 
/**
 * When it was given or withdrawn (RFC 3339).
 */
at: string, 
/**
 * Who recorded it: the app's user.
 */
by: string, };

export type AssessmentItem = { answer: Answer | null, 
/**
 * Names of the evidence files (photos, documents) attached to this item.
 */
evidence_files: Array<string>, 
/**
 * The same files with their capture time and whether a thumbnail exists (not `evidence`:
 * that is the checklist item's evidence hint).
 */
attached: Array<EvidenceFile>, 
/**
 * S4.1's per-CTE KDE checks, answered for the record (they do not enter the score).
 */
subchecks: Array<AssessmentItem>, 
/**
 * For S4.1: the worst of its answered sub-checks and of the trace tests' KDE-completeness
 * grades — a suggestion; the inspector's answer is what counts.
 */
suggested: ItemResult | null, 
/**
 * `S1.1` … `S9.5`; generated items are `S4.1.1`, `S4.1.2`…; an inspector's own `X1`, `X2`…
 */
id: string, section: string, level: ItemLevel, 
/**
 * A K item: a MAJOR on it makes the verdict "not effective".
 */
critical: boolean, text: Localized, source: string, evidence: Localized, 
/**
 * When a C item applies (else it is answered NA).
 */
condition: Localized | null, };

export type TraceTest = { id: string, direction: Direction, lot: string, 
/**
 * RFC 3339.
 */
started: string, finished: string, minutes: number, links_expected: number, links_found: number, input_qty: number, accounted_qty: number, unit: string, kde_required: number, kde_present: number, contradictions: number, grades: TraceGrades, note: string, retest_of: string | null, 
/**
 * Minor typos found (1–2 MINOR, 3 or more MAJOR with the default rules).
 */
typos: number, 
/**
 * Why the quantities do not reconcile exactly (yields, by-products, stock, samples).
 */
explanation: string, 
/**
 * The mass balance's parts (C.3 step 4), in `unit`, when given.
 */
outputs_qty: number | null, losses_qty: number | null, stock_qty: number | null, samples_qty: number | null, 
/**
 * The re-test that replaces this failed test in grading (its action is done), if any.
 */
replaced_by: string | null, 
/**
 * The lots it found, when recorded lot by lot.
 */
lots: Array<TraceLot>, };

export type ActionStatus = "open" | "in_progress" | "done" | "verified";

export type CorrectiveAction = { id: string, finding_id: string, description: string, owner: string, 
/**
 * YYYY-MM-DD.
 */
due: string, status: ActionStatus, 
/**
 * Past its due date and not yet done or verified (computed for "today").
 */
overdue: boolean, verified_by: string | null, verified_at: string | null, note: string, };

export type Finding = { id: string, item_id: string, severity: ItemResult, description: string, 
/**
 * `open`, or `withdrawn` when the item's answer later became PASS or NA.
 */
status: string, actions: Array<CorrectiveAction>, };

export type TraceInput = { direction: Direction, lot: string, started: string, finished: string, links_expected: number, 
/**
 * Links found; when absent, the number of `lots` (recorded lot by lot).
 */
links_found: number | null, input_qty: number, 
/**
 * Σ accounted (C.3 step 4); when absent, the sum of the breakdown below, else of the
 * quantities of `lots`.
 */
accounted_qty: number | null, unit: string, 
/**
 * The unit of `accounted_qty` when it differs (converted to `unit`).
 */
accounted_unit: string | null, kde_required: number, kde_present: number, 
/**
 * Contradictions on lot, quantity or party (any is MAJOR).
 */
contradictions: number, note: string, retest_of: string | null, 
/**
 * Minor typos (1–2 MINOR, 3 or more MAJOR).
 */
typos?: number, 
/**
 * Why the quantities do not reconcile exactly: within ± 5 % a deviation is MINOR only
 * when explained.
 */
explanation?: string, 
/**
 * The mass balance's parts, in `unit`: outputs, documented losses and by-products, stock
 * on hand or in transit, samples and waste.
 */
outputs_qty?: number, losses_qty?: number, stock_qty?: number, samples_qty?: number, 
/**
 * The lots the test found (C.3 step 6), e.g. from `--records FILE`.
 */
lots?: Array<TraceLot>, };

export type Rules = { weight_m: number, weight_c: number, weight_r: number, 
/**
 * Score at or above which an assessment can be "effective".
 */
effective_score: number, 
/**
 * Score below which an assessment is "not effective".
 */
not_effective_score: number, 
/**
 * Trace time: pass ≤ this many minutes, minor ≤ `trace_minor_minutes`, else major.
 */
trace_pass_minutes: number, trace_minor_minutes: number, 
/**
 * Quantity reconciliation: pass within ± this percent, minor within ± `qty_minor_pct`.
 */
qty_pass_pct: number, qty_minor_pct: number, 
/**
 * KDE completeness: pass ≥ this percent, minor ≥ `kde_minor_pct`.
 */
kde_pass_pct: number, kde_minor_pct: number, 
/**
 * Data consistency: any contradiction on lot, quantity or party is MAJOR; minor typos:
 * 0 pass, up to this many MINOR, more MAJOR. (Frozen rules from before issue 14 call it
 * `contradictions_minor`.)
 */
typos_minor: number, 
/**
 * Corrective action due dates after the assessment date.
 */
major_due_days: number, minor_due_days: number, };

export type Edition = { id: string, handbook_id: string, 
/**
 * E.g. "1.0", "2025-1".
 */
label: string, 
/**
 * YYYY-MM-DD.
 */
date: string, version: number, title: string, created_by: string, created_at: string, };

export type IssuedCopy = { edition_id: string, serial: number, recipient: string, unit: string, 
/**
 * pdf-print | pdf-screen | html | epub.
 */
format: string, file_name: string, bytes: number, sha256: string, issued_at: string, note: string, 
/**
 * The serial this copy replaces (a reprint of a lost copy).
 */
replaces: number | null, 
/**
 * The recipient's kind, when the recipients list gave it.
 */
kind: RecipientKind | null, };

export type RecipientKind = "department" | "commune" | "cooperative" | "enterprise" | "other";

export type RecipientKindOption = { kind: RecipientKind, label: Localized, };

export type PublicationInfo = { 
/**
 * Giấy phép xuất bản: its number ("125/GP-STTTT") and date (YYYY-MM-DD).
 */
licence_number: string, licence_date: string, 
/**
 * Chịu trách nhiệm xuất bản (the person, with their position).
 */
publishing_responsible: string, 
/**
 * Chịu trách nhiệm nội dung.
 */
content_responsible: string, 
/**
 * Khổ: "14,8 × 21 cm"; when empty the edition's paper.
 */
size: string, 
/**
 * Số lượng in; when not given, the copies the recipients list asks for.
 */
print_run?: number, 
/**
 * Cơ sở in: name and address.
 */
printer: string, printer_address: string, 
/**
 * Nộp lưu chiểu (YYYY-MM-DD).
 */
deposit_date: string, };

export type AdminKind = "report" | "minutes" | "decision" | "catalogue";

export type IssuingDecision = { 
/**
 * The full number: "45/QĐ-SKHCN".
 */
number: string, 
/**
 * `YYYY-MM-DD`.
 */
date: string, 
/**
 * Who signed it, as running text names them: "Giám đốc Sở Khoa học và Công nghệ tỉnh
 * An Giang".
 */
issuer: string, };

export type AdminFormat = "pdf" | "docx";

export type MinutesOptions = { 
/**
 * The decision that set up the team: "15/QĐ-SKHCN".
 */
team_decision: string | null, 
/**
 * `YYYY-MM-DD`.
 */
team_decision_date: string | null, 
/**
 * "08 giờ 30" or "08:30".
 */
start: string | null, end: string | null, 
/**
 * Where the inspection took place (default: the pilot's address).
 */
place: string | null, 
/**
 * How many copies are signed, from 1 (default 2: the team's and the pilot's).
 */
copies: number | null, };

export type Format = "pdf-print" | "pdf-screen" | "html" | "epub";

export type PublishProgress = { done: number, total: number, };

export type Recipient = { name: string, unit: string, copies: number, 
/**
 * Sở/ngành, UBND cấp xã, hợp tác xã, doanh nghiệp, khác — when the list gives it.
 */
kind?: RecipientKind, };

export type PublishRequest = { handbook: string, label: string, 
/**
 * YYYY-MM-DD; default today (stored with the edition, so a re-run reproduces it).
 */
date: string | null, recipients: Array<Recipient> | null, formats: Array<Format>, 
/**
 * The paper of the PDF editions. Not given: a new edition's is the workspace's
 * ([`Workspace::edition_paper`]); an edition published again keeps the one recorded with
 * it (another is refused).
 */
paper?: Paper, out_dir: string, 
/**
 * The verification address of the QR code on each copy's colophon (`https://…`; the
 * copy's edition, serial and check code are added, see `docs/copy-code.md`). Not given:
 * the workspace's setting ([`Workspace::verification_address`]); `""` or no setting: the
 * offline code `SOTAY1:…`. Never an address nobody set.
 */
qr_base?: string, 
/**
 * Reprint a lost copy: its serial. The one recipient of `recipients` gets a new serial,
 * logged with `note` as replacing this one.
 */
replaces?: number, note?: string, 
/**
 * Issue the edition even though the check finds accessibility problems (`a11y.*`: an
 * image without a description, a skipped heading level…); `manifest.json` then says
 * `"accessible": false` and lists them. Without it such an edition is refused.
 */
allow_inaccessible?: boolean, 
/**
 * What the print edition's colophon carries as a publication (licence, who is
 * responsible, size, print run, printer, legal deposit), given when the edition is first
 * published; a re-run may repeat it but not change it.
 */
publication?: PublicationInfo, 
/**
 * Mark the changes against this earlier edition (by label) instead of the previous one.
 */
compare_with?: string, 
/**
 * No change bars and no change list even though an earlier edition exists
 * (`manifest.json` says `"changes": {"disabled": true}`).
 */
no_change_bars?: boolean, };

export type ManifestFile = { serial: number, recipient: string, unit: string, format: Format, file: string, bytes: number, sha256: string, 
/**
 * A distributed copy's words on the cover ("Bản số 003"); none for the master file.
 */
cover: string | null, 
/**
 * What its QR code holds (`docs/copy-code.md`); none for the master file.
 */
qr: string | null, };

export type PublishReport = { edition: Edition, 
/**
 * The edition already existed: its frozen sources were used again.
 */
reproduced: boolean, out_dir: string, files: Array<ManifestFile>, 
/**
 * The accessibility problems it was issued with (`allow_inaccessible`); empty when none.
 */
accessibility: Array<Diagnostic>, 
/**
 * The paper of the edition's PDF files, and where it came from.
 */
paper: Paper, paper_from: PaperSource, 
/**
 * The file the paper was read from ([`PaperSource::Files`]).
 */
paper_file: string | null, };

export type PaperSource = "asked" | "setting" | "recorded" | "files" | "asked_for_old" | "default_a4";

export type VerifyReport = { sha256: string, genuine: boolean, edition: Edition | null, copies: Array<IssuedCopy>, };

export type CopyCode = { 
/**
 * The edition's id (lower case, as stored).
 */
edition_id: string, serial: number, 
/**
 * [`DIGEST_LEN`] hexadecimal digits, upper case.
 */
digest: string, 
/**
 * The verification address the code was printed with (the URL form), without the fields.
 */
address: string | null, };

export type QrStatus = "genuine" | "unknown_edition" | "altered" | "not_issued";

export type QrVerifyReport = { genuine: boolean, status: QrStatus, 
/**
 * The fields read from the code.
 */
code: CopyCode, 
/**
 * The edition named, when it is in this workspace.
 */
edition: Edition | null, 
/**
 * The copies with this serial in the distribution log (one per format); empty unless
 * genuine.
 */
copies: Array<IssuedCopy>, };

export type ErrorCode = "db_location_unknown" | "db_not_sqlite" | "db_corrupt" | "db_foreign" | "db_newer_schema" | "db_io" | "db_write_failed" | "db_busy" | "not_found" | "ambiguous" | "template_invalid" | "invalid_input" | "variable_invalid" | "handbook_read_only" | "workflow_refused" | "cancelled" | "internal";

export type ErrorDetails = { "kind": "none" } | { "kind": "text", vi: string, en: string, } | { "kind": "reason", reason: string, } | { "kind": "newer_schema", found: number, supported: number, } | { "kind": "not_found", what: string, id: string, } | { "kind": "ambiguous", ids: Array<string>, } | { "kind": "read_only", status: HandbookStatus, } | { "kind": "busy", seconds: number, } | { "kind": "reason_required", open_comments: number, } | { "kind": "refused", vi: string, en: string, diagnostics: Array<Diagnostic>, };

export type ErrorPayload = { code: ErrorCode, message: string, details: ErrorDetails, };

export type UserIdentity = { name: string, 
/**
 * Chức vụ, e.g. "Chuyên viên"; empty when not given.
 */
position: string, 
/**
 * Đơn vị, e.g. "Sở KH&CN tỉnh Hưng Yên"; empty when not given.
 */
unit: string, };

export type AppInfo = { version: string, db_path: string, schema_version: number, lang: Lang, 
/**
 * The name recorded as the author of revisions, comments and approvals.
 */
user_name: string, 
/**
 * The user's identity; `None` until set (the window then asks for it). With `SOTAY_AUTHOR`
 * set and no identity stored, that name alone.
 */
identity: UserIdentity | null, 
/**
 * The units of quantity the trace-test form offers (`sotay::unit_factor` reads them).
 */
units: Array<string>, };

export type ExportReport = { path: string, bytes: number, diagnostics: Array<Diagnostic>, };

export type BundleTableCount = { 
/**
 * The store table, e.g. `answers`; the UI names it in the user's language.
 */
table: string, added: number, updated: number, unchanged: number, conflicts: number, };

export type BundleImport = { 
/**
 * `handbook`, `edition` or `assessment`.
 */
kind: string, dry_run: boolean, 
/**
 * Record types in import order (parents first); only those the bundle carries.
 */
tables: Array<BundleTableCount>, 
/**
 * The keys of the records in conflict, `(table, key)`.
 */
conflicts: Array<[string, string]>, };

export type ConflictField = { name: string, local: string | null, incoming: string | null, differs: boolean, };

export type ConflictOwnerKind = "handbook" | "assessment";

export type ConflictOwner = { kind: ConflictOwnerKind, id: string, };

export type BundleConflict = { id: string, table: string, 
/**
 * The record's key, readable: `S1.1` rather than `"0193…"/"S1.1"` when a part names it.
 */
key: string, 
/**
 * What the record is, in words: "S4.2 · the item's text" for an answer, a finding or a
 * photo; a chapter's title; a trace test's lot; an edition's label. Empty when the key
 * says it already.
 */
subject: string, 
/**
 * The handbook or assessment it belongs to (none for a pilot model or a stored file).
 */
owner: ConflictOwner | null, 
/**
 * Every column of the record: those that differ first, then the others; each group in the
 * incoming row's order, then any column only the local row has.
 */
fields: Array<ConflictField>, };

export type SnippetPart = { text: string, mark: boolean, };

export type SearchPlace = { "kind": "handbook", handbook_id: string, } | { "kind": "chapter", handbook_id: string, chapter_key: string, line: number, } | { "kind": "item", assessment_id: string, item_id: string, } | { "kind": "finding", assessment_id: string, finding_id: string, item_id: string, } | { "kind": "edition", handbook_id: string, edition_id: string, label: string, } | { "kind": "recipient", handbook_id: string, edition_id: string, label: string, serial: number, };

export type SearchHit = { place: SearchPlace, 
/**
 * The record's name: a handbook's or chapter's title, "S4.2 · the item's text", an
 * edition's label, a recipient.
 */
title: string, 
/**
 * What it belongs to: the handbook, the pilot of the assessment, the edition.
 */
context: string, 
/**
 * The assessment's or edition's day (YYYY-MM-DD) when the context has one.
 */
date: string | null, snippet: Array<SnippetPart>, score: number, };

export type SearchResults = { query: string, hits: Array<SearchHit>, 
/**
 * Matches left out by the limits.
 */
more: number, };

export type BackupKind = "before_upgrade" | "before_restore" | "other";

export type BackupFile = { path: string, 
/**
 * The file name, as shown.
 */
name: string, kind: BackupKind, 
/**
 * When the file was last written (RFC 3339, UTC).
 */
modified: string, bytes: bigint, };

export type Recovered = { path: string, kept: string | null, };

export type RecoveryInfo = { path: string, backups: Array<BackupFile>, };

export type EditionDefaults = { paper: Paper, 
/**
 * The family of the body text, e.g. "Noto Serif".
 */
body_font: string, 
/**
 * The family of headings, captions and running heads, e.g. "Noto Sans".
 */
heading_font: string, };

export type ActivityKind = "training" | "workshop" | "conference" | "media";

export type TaskStatus = "not_started" | "in_progress" | "done";

export type PlanSummary = { id: string, 
/**
 * "69/KH-UBND" — as the plan is numbered, never assumed.
 */
number: string, 
/**
 * YYYY-MM-DD, or empty while not issued.
 */
date: string, issuing_body: string, year: number, title: string, 
/**
 * The template it was made from ("qd100-yearly"), or empty.
 */
template: string, total_estimate_vnd: number, total_spent_vnd: number, created_at: string, };

export type TaskLink = { 
/**
 * handbook | assessment | edition | activity.
 */
kind: string, id: string, 
/**
 * What the record is called now (a handbook's title, an activity's title…).
 */
label: string, };

export type PlanTask = { id: string, 
/**
 * "2.1", "II.3" — the plan's own numbering.
 */
code: string, title: string, lead: string, coordinating: Array<string>, 
/**
 * Free text as the plan says it ("Quý II–IV", "Cả năm").
 */
period: string, status: TaskStatus, 
/**
 * 0–100, as the user judges it.
 */
progress: number, 
/**
 * The budget line that funds it, if any.
 */
line: string | null, links: Array<TaskLink>, 
/**
 * What the records say about it ("2 hoạt động, 85 người tham dự"), in Vietnamese.
 */
evidence: string, };

export type BudgetLine = { 
/**
 * "1.1".
 */
code: string, title: string, lead: string, estimate_vnd: number, spent_vnd: number, 
/**
 * estimate − spent (negative when overspent).
 */
remaining_vnd: number, };

export type Spending = { id: string, line: string, 
/**
 * YYYY-MM-DD.
 */
date: string, amount_vnd: number, 
/**
 * The document (chứng từ) number.
 */
reference: string, payee: string, created_at: string, };

export type Participants = { enterprises: number, cooperatives: number, officials: number, 
/**
 * Not broken down (or none of the kinds above).
 */
others: number, };

export type Activity = { id: string, kind: ActivityKind, 
/**
 * YYYY-MM-DD.
 */
date: string, title: string, place: string, organiser: string, participants: Participants, 
/**
 * Total participants (the sum of the kinds).
 */
participants_total: number, 
/**
 * The budget line it is paid from, if any.
 */
line: string | null, created_at: string, 
/**
 * Who it was for ("doanh nghiệp, hợp tác xã nuôi tôm"), free text.
 */
audience: string, 
/**
 * The materials used or handed out ("Sổ tay, tờ rơi, bài giảng"), free text.
 */
materials: string, 
/**
 * Evidence attached to it: attendance lists, photos, documents (oldest first).
 */
files: Array<ActivityFile>, 
/**
 * The latest attendance list imported; when there is one, the participants by kind are
 * counted from it.
 */
attendance: Array<Attendee>, };

export type ActivityFileKind = "attendance" | "photo" | "document";

export type ActivityFile = { id: string, kind: ActivityFileKind, name: string, sha256: string, 
/**
 * The photo's capture time (EXIF), when it has one.
 */
taken_at: string | null, has_thumbnail: boolean, created_at: string, };

export type AttendeeKind = "enterprise" | "cooperative" | "official";

export type Attendee = { name: string, 
/**
 * Their unit or organisation.
 */
unit: string, kind: AttendeeKind, 
/**
 * Empty when not given.
 */
phone: string, };

export type ReturnFigures = { 
/**
 * Outreach, training and workshop activities held.
 */
activities: number, 
/**
 * People who took part in them.
 */
participants: number, 
/**
 * Products proposed for the key-product catalogue.
 */
products_proposed: number, 
/**
 * Units (enterprises, cooperatives) applying traceability.
 */
units_applying: number, difficulties: string, proposals: string, };

export type AgencyReturn = { agency_id: string, agency: string, 
/**
 * department | commune | association | media | other.
 */
kind: string, 
/**
 * The tasks the plan (section IV) assigns it.
 */
tasks: Array<string>, 
/**
 * True once its filled form has been imported.
 */
received: boolean, 
/**
 * The day the form arrived (YYYY-MM-DD), when received.
 */
received_on: string | null, 
/**
 * Received after the deadline.
 */
late: boolean, 
/**
 * Not received and the deadline has passed (by the workspace's clock, Vietnam time).
 */
overdue: boolean, figures: ReturnFigures | null, 
/**
 * The imported file's name.
 */
file_name: string | null, 
/**
 * The same agency's return to the previous year's plan, when it was imported.
 */
last_year: LastYearReturn | null, 
/**
 * This year's and last year's figures side by side, in the form's order (empty when
 * neither came back).
 */
comparison: Array<FigureComparison>, };

export type LastYearReturn = { year: number, 
/**
 * The previous plan's number ("89/KH-UBND"), or empty.
 */
plan_number: string, 
/**
 * YYYY-MM-DD.
 */
received_on: string, figures: ReturnFigures, };

export type FigureComparison = { 
/**
 * activities | participants | products_proposed | units_applying | difficulties | proposals.
 */
key: string, label: Localized, 
/**
 * The figure as the form gives it ("12", or the text), when that year's return came back.
 */
this_year: string | null, last_year: string | null, 
/**
 * this year − last year, for numbers when both came back.
 */
change: number | null, };

export type ActivityTotals = { kind: ActivityKind, count: number, participants: Participants, participants_total: number, };

export type PlanView = { id: string, number: string, date: string, issuing_body: string, legal_bases: Array<string>, year: number, title: string, template: string, tasks: Array<PlanTask>, lines: Array<BudgetLine>, total_estimate_vnd: number, total_spent_vnd: number, total_remaining_vnd: number, 
/**
 * "370.000.000 đồng" and "ba trăm bảy mươi triệu đồng".
 */
total_estimate_text: string, total_estimate_words: string, spending: Array<Spending>, activities: Array<Activity>, activity_totals: Array<ActivityTotals>, returns: Array<AgencyReturn>, 
/**
 * The returns' deadline, YYYY-MM-DD (15 December of the plan's year).
 */
returns_due: string, 
/**
 * Days from today (the workspace's clock, Vietnam time) to the deadline: 0 on the day,
 * negative once it has passed.
 */
returns_days_left: number, 
/**
 * The year of the previous plan the returns are compared with, when there is one.
 */
compared_with_year: number | null, created_at: string, };

export type PlanDirection = { plan_id: string, 
/**
 * The plan's year; the direction is for `year + 1`.
 */
year: number, 
/**
 * The text to show and print.
 */
text: string, 
/**
 * True when `text` is the draft made from the open tasks (nothing written yet).
 */
prefilled: boolean, };

export type NewPlanRequest = { year: number, 
/**
 * A plan template ("qd100-yearly"); none for an empty plan.
 */
template: string | null, 
/**
 * The plan's number ("69/KH-UBND"); may stay empty until issued.
 */
number: string, 
/**
 * Its date, YYYY-MM-DD; may stay empty until issued.
 */
date: string, 
/**
 * Default: the template's ("Ủy ban nhân dân tỉnh").
 */
issuing_body: string, 
/**
 * Default: the template's title and the year.
 */
title: string, };

export type SpendingInput = { 
/**
 * The budget line's code ("1.1").
 */
line: string, 
/**
 * Whole đồng: "12500000" or "12.500.000".
 */
amount: string, 
/**
 * YYYY-MM-DD.
 */
date: string, 
/**
 * The document (chứng từ) number.
 */
reference: string, payee: string, };

export type SpendingReport = { spending: Spending, line: BudgetLine, warning: Localized | null, };

export type ActivityInput = { kind: ActivityKind, 
/**
 * YYYY-MM-DD.
 */
date: string, title: string, place: string, organiser: string, 
/**
 * Who it was for, free text.
 */
audience: string, 
/**
 * Materials used or handed out, free text.
 */
materials: string, 
/**
 * The total, when known; the kinds below must not add up to more.
 */
participants: number | null, enterprises: number, cooperatives: number, officials: number, 
/**
 * The budget line it is paid from ("1.1").
 */
line: string | null, };

export type LineInput = { code: string, title: string | null, lead: string | null, 
/**
 * Whole đồng (0 allowed for a line not yet costed).
 */
estimate: string | null, };

export type ReturnImport = { 
/**
 * The agency's return as it now stands.
 */
agency: AgencyReturn, 
/**
 * An earlier return of the agency was replaced (it is kept in the store).
 */
replaced: boolean, };

export type AttendanceImport = { 
/**
 * The activity afterwards: its participants counted from the list, the list attached.
 */
activity: Activity, 
/**
 * People on the list.
 */
imported: number, 
/**
 * True when it replaced an earlier list.
 */
replaced: boolean, };

export type ActivityFileAttached = { activity: Activity, warning: Localized | null, };

export type Criterion = { key: string, label: Localized, weight: number, };

export type ProductStatus = "proposed" | "issued";

export type CriterionScore = { criterion: string, score: number | null, };

export type KeyProduct = { id: string, name: string, 
/**
 * The department or association that proposed it.
 */
proposed_by: string, 
/**
 * Why (as the proposal says).
 */
reasons: string, status: ProductStatus, 
/**
 * The issuing decision, once issued ("125/QĐ-UBND").
 */
decision_number: string, 
/**
 * YYYY-MM-DD, once issued.
 */
decision_date: string, 
/**
 * The handbook written for it, if any.
 */
handbook_id: string | null, 
/**
 * That handbook's title.
 */
handbook_title: string, 
/**
 * One per criterion, in the criteria's order.
 */
scores: Array<CriterionScore>, created_at: string, };

export type RankedProduct = { 
/**
 * 1, 2, 3… — distinct (ties are broken, see [`rank`]).
 */
rank: number, id: string, name: string, proposed_by: string, status: ProductStatus, 
/**
 * Σ weight × score.
 */
weighted_sum: number, 
/**
 * Σ weight × 5.
 */
max_sum: number, 
/**
 * weighted_sum / max_sum × 100, rounded to 2 decimals.
 */
score_pct: number, 
/**
 * Every criterion scored.
 */
complete: boolean, scores: Array<CriterionScore>, };

export type MilestoneKind = "handbook" | "pilot" | "replication" | "portal";

export type MilestoneStatus = "not_started" | "in_progress" | "done" | "late";

export type MilestoneRecord = { 
/**
 * handbook | assessment | pilot | edition | readiness.
 */
kind: string, id: string, 
/**
 * What it is called, in Vietnamese ("HTX Thuận Hòa, 16/06/2026, Hiệu lực").
 */
label: string, };

export type MilestoneProgress = { 
/**
 * How many of the target the records show (handbook/portal: 0 or 1, or items met).
 */
achieved: number, target: number, 
/**
 * 0–100, whole.
 */
percent: number, status: MilestoneStatus, records: Array<MilestoneRecord>, 
/**
 * In Vietnamese: "2/3 đơn vị áp dụng; 1 ấn bản, 120 bản đã phát hành".
 */
evidence: string, };

export type Milestone = { id: string, year: number, kind: MilestoneKind, note: string, progress: MilestoneProgress, };

export type Roadmap = { product_id: string, product: string, status: ProductStatus, handbook_id: string | null, milestones: Array<Milestone>, 
/**
 * Milestones done / in all.
 */
done: number, total: number, };

export type ReadinessState = "met" | "missing" | "invalid";

export type ReadinessItem = { 
/**
 * gs1_prefix | gtin | gln | trace_code | carrier | public_info | image | event_time |
 * registration.
 */
key: string, label: Localized, 
/**
 * Where the rule comes from ("TCVN 13274:2020", "Thông tư 02/2024, Điều 6.5").
 */
source: string, state: ReadinessState, 
/**
 * What was found or what is missing.
 */
detail: Localized, };

export type Readiness = { 
/**
 * The key product.
 */
product_id: string, 
/**
 * The pilot, when the checklist is a pilot's (else the product's own).
 */
pilot_id: string | null, 
/**
 * "Tôm sú Thuận Hòa" or "Tôm sú Thuận Hòa — HTX Thuận Hòa".
 */
subject: string, items: Array<ReadinessItem>, met: number, total: number, 
/**
 * The example traceability code (GS1 Digital Link) when one can be built.
 */
example_code: string | null, };

export type CatalogueView = { 
/**
 * The criteria with the weights of the settings.
 */
criteria: Array<Criterion>, 
/**
 * In the order proposed.
 */
products: Array<KeyProduct>, 
/**
 * Best first.
 */
ranking: Array<RankedProduct>, };

export type ProposalInput = { name: string, 
/**
 * The department or association proposing it.
 */
proposed_by: string, reasons: string, 
/**
 * The handbook written for it (id or title), if any.
 */
handbook: string | null, };

export type MilestoneInput = { year: number, kind: MilestoneKind, 
/**
 * N for pilot and replication (default 1).
 */
target: number | null, note: string, };

export type ReadinessUpdate = { company_prefix: string | null, gtins: Array<string> | null, glns: Array<string> | null, 
/**
 * qr | datamatrix | gs1_128 | rfid | ean13 | itf14.
 */
carrier: string | null, image: string | null, registered: boolean | null, portal_id: string | null, };
