// Generated from the Rust types by `make bindings` (crates/sotay/src/bindings.rs).
// Do not edit by hand.

export type Lang = "vi" | "en";

export type Localized = { vi: string, en: string, };

export type HandbookStatus = "draft" | "review" | "approved" | "published";

export type ChapterLevel = "M" | "R" | "O";

export type HandbookSummary = { id: string, title: string, 
/**
 * The product the handbook covers, e.g. "Tôm thẻ chân trắng".
 */
product: string, template_id: string, status: HandbookStatus, chapter_count: number, 
/**
 * RFC 3339, UTC.
 */
updated_at: string, };

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
variables: Record<string, unknown>, chapters: Array<ChapterView>, };

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

export type ErrorCode = "db_location_unknown" | "db_not_sqlite" | "db_corrupt" | "db_foreign" | "db_newer_schema" | "db_io" | "not_found" | "ambiguous" | "template_invalid" | "invalid_input" | "internal";

export type ErrorPayload = { code: ErrorCode, message: string, };

export type AppInfo = { version: string, db_path: string, schema_version: number, lang: Lang, };
