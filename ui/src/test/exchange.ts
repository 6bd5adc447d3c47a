// Setups for the tests of exports, publishing and exchange bundles, made of real commands on a
// `rustBackend()` workspace (the sample: one handbook, a cooperative and an enterprise).
import { mkdtempSync, rmSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { vi } from "vitest";
import type { AssessmentSummary, Backend, HandbookView, HandbookSummary, PilotModel } from "../lib/backend";
import { removeBackend, rustBackend, type RustBackend, type RustOptions } from "./rust";

/** The sample's handbook. */
export function sampleHandbook(b: RustBackend): HandbookSummary {
  return b.run<HandbookSummary[]>("list_handbooks")[0];
}

/** The sample's cooperative ("Hợp tác xã Tôm – Lúa Thuận Hòa"). */
export function cooperative(b: RustBackend): PilotModel {
  return b.run<PilotModel[]>("list_pilots").find((p) => p.kind === "cooperative")!;
}

/** Moves the sample handbook draft → review → approved, as the reviewers would. */
export function approveHandbook(b: RustBackend): HandbookSummary {
  const h = sampleHandbook(b);
  b.run("set_status", { handbookId: h.id, status: "review", note: "" });
  return b.run<HandbookSummary>("set_status", { handbookId: h.id, status: "approved", note: "Đã duyệt" });
}

/** An assessment of the cooperative against the sample handbook, planned for 2026-11-20. */
export function newAssessment(b: RustBackend): AssessmentSummary {
  return b.run<AssessmentSummary>("new_assessment", {
    pilotId: cooperative(b).id,
    handbookId: sampleHandbook(b).id,
    date: "2026-11-20",
    lead: "Lê Văn Kiểm",
    team: [],
  });
}

/** Saves the sample's chapter "gioi-thieu" with a variable nobody defined (line 3, column 13)
 *  and an image that is not there: what an export reports as warnings. */
export function writeFlawedChapter(b: RustBackend): void {
  const h = sampleHandbook(b);
  const detail = b.run<HandbookView>("open_handbook", { id: h.id });
  const chapter = detail.chapters.find((c) => c.key === "gioi-thieu")!;
  b.run("save_chapter", {
    handbookId: h.id,
    chapterId: chapter.id,
    source: "# Giới thiệu chung\n\nMã GTIN: {{ product.gtin_x }}\n\n![Sơ đồ chuỗi](so-do.png)\n",
    message: "Thêm mã GTIN và sơ đồ",
  });
}

/** A backend whose workspace lies in the user's home folder (in a hidden folder of its own),
 *  as a database in the usual per-user place does; `remove` deletes that folder. */
export function backendInHome(options: RustOptions = {}): { b: RustBackend; home: string; remove: () => void } {
  // The sample is made (in the temporary folder) before the workspace is placed in the home.
  removeBackend(rustBackend(options));
  const home = homedir();
  const parent = mkdtempSync(join(home, ".sotay-ui-test-"));
  const before = process.env.TMPDIR;
  process.env.TMPDIR = parent;
  try {
    const b = rustBackend(options);
    return { b, home, remove: () => rmSync(parent, { recursive: true, force: true }) };
  } finally {
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
  }
}

type Method = { [K in keyof Backend]: Backend[K] extends (...args: never[]) => Promise<unknown> ? K : never }[keyof Backend];

/** Holds the calls of a backend method until `release()`; the real command then runs and its
 *  own answer comes back. Lets a test see what the component shows while it waits. */
export function hold<K extends Method>(b: RustBackend, method: K) {
  const real = b[method] as unknown as (...args: unknown[]) => Promise<unknown>;
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const spy = vi.spyOn(b, method).mockImplementation((async (...args: unknown[]) => {
    await gate;
    return real.apply(b, args);
  }) as never);
  return { spy, release };
}
