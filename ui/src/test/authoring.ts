// Builders for the authoring tests (handbooks, chapters, variables, workflow) on the real
// sample workspace: every state is reached through the Rust use cases (src/test/rust.ts),
// never written by hand.
import type { ChapterView, HandbookStatus, HandbookSummary, HandbookView } from "../lib/backend";
import type { RustBackend } from "./rust";

/** The sample handbook, from template `tom-nuoc-lo`, as Rust opens it. */
export async function sampleHandbook(b: RustBackend): Promise<HandbookView> {
  const [h] = await b.listHandbooks();
  if (!h) throw new Error("the sample workspace has no handbook");
  return b.openHandbook(h.id);
}

/** A chapter of the sample handbook by its key (e.g. `gioi-thieu`, `dinh-danh`). */
export function chapterOf(view: HandbookView, key: string): ChapterView {
  const c = view.chapters.find((x) => x.key === key);
  if (!c) throw new Error(`the sample handbook has no chapter ${key}`);
  return c;
}

const PATH: HandbookStatus[] = ["draft", "review", "approved", "published"];

/** Moves the sample handbook forward along the workflow (draft → review → approved →
 *  published) until it is in `status`; returns its summary then. */
export async function moveTo(b: RustBackend, status: HandbookStatus): Promise<HandbookSummary> {
  const view = await sampleHandbook(b);
  let summary = view.summary;
  for (const next of PATH.slice(PATH.indexOf(summary.status) + 1, PATH.indexOf(status) + 1)) {
    summary = await b.setStatus(summary.id, next, "");
  }
  return summary;
}

/** The source of a chapter whose third line uses a variable the template does not define:
 *  Rust's check reports `tera.undefined` there and the chapter does not render. */
export function brokenSource(title: string, variable = "product.gtin_le"): string {
  return `# ${title}\n\nMã GTIN: {{ ${variable} }}`;
}

/** Saves chapter `key` of the sample handbook with `brokenSource`; returns the chapter as
 *  Rust then has it. */
export async function breakChapter(b: RustBackend, key = "dinh-danh", variable = "product.gtin_le"): Promise<ChapterView> {
  const view = await sampleHandbook(b);
  const c = chapterOf(view, key);
  await b.saveChapter(view.summary.id, c.id, brokenSource(c.title, variable), "");
  return chapterOf(await b.openHandbook(view.summary.id), key);
}

type Vars = Record<string, unknown>;
type Obj = Record<string, Vars>;

/** Saves the sample handbook's variables as `author`, after `edit` changed them in place;
 *  each changed leaf becomes an entry of the variables' history. */
export async function changeVariables(b: RustBackend, author: string, edit: (v: Obj) => void): Promise<void> {
  await b.setUserName(author);
  const view = await sampleHandbook(b);
  const vars = structuredClone(view.variables) as Obj;
  edit(vars);
  const result = await b.updateVariables(view.summary.id, vars);
  if (!result.saved) throw new Error(`variables refused: ${JSON.stringify(result.diagnostics)}`);
}
