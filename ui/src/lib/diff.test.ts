import { afterEach, describe, expect, it } from "vitest";
import { cleanup, render, screen } from "@testing-library/svelte";
import type { DiffSpan, RevisionDiff, RevisionSummary } from "./backend";
import { diffSides, foldUnchanged } from "./diff";
import { removeBackend, rustBackend } from "../test/rust";
import DiffView from "../components/handbook/DiffView.svelte";

const rev = (number: number): RevisionSummary => ({
  id: `r${number}`, number, chapter_id: "c1", chapter_key: "thu-hoach", chapter_title: "Thu hoạch",
  kind: "edit", author: "Trần Thị Thu Hà", message: "", created_at: "2026-12-01T08:00:00Z",
});

/** Rust's word diff of two versions of a chapter: saved one after the other in a sample
 *  workspace and compared as the history tab compares them. */
function rustDiff(before: string, after: string): RevisionDiff {
  const b = rustBackend();
  try {
    const [h] = b.run<{ id: string }[]>("list_handbooks");
    const chapter = b.run<{ chapters: { id: string }[] }>("open_handbook", { id: h.id }).chapters[0];
    const save = (source: string) =>
      b.run<RevisionSummary>("save_chapter", { handbookId: h.id, chapterId: chapter.id, source, message: "" });
    const from = save(before);
    const to = save(after);
    return b.run<RevisionDiff>("diff_revisions", { handbookId: h.id, from: from.id, to: to.id });
  } finally {
    removeBackend(b);
  }
}

describe("word diff, side by side", () => {
  afterEach(() => cleanup());

  it("puts equal and deleted words on the left, equal and inserted words on the right", () => {
    const spans: DiffSpan[] = [
      { op: "equal", text: "Thu hoạch tôm " },
      { op: "insert", text: "sú " },
      { op: "equal", text: "trong " },
      { op: "delete", text: "4" },
      { op: "insert", text: "2" },
      { op: "equal", text: " giờ." },
    ];
    const { left, right } = diffSides(spans);
    expect(left.map((p) => (p.op === "fold" ? "" : p.text)).join("")).toBe("Thu hoạch tôm trong 4 giờ.");
    expect(right.map((p) => (p.op === "fold" ? "" : p.text)).join("")).toBe("Thu hoạch tôm sú trong 2 giờ.");
    expect(left.some((p) => p.op === "insert")).toBe(false);
    expect(right.some((p) => p.op === "delete")).toBe(false);
  });

  it("folds long unchanged stretches to three lines of context around a change", () => {
    const lines = Array.from({ length: 30 }, (_, i) => `dòng ${i + 1}`);
    const before = lines.join("\n");
    const after = lines.map((l, i) => (i === 14 ? "dòng mười lăm" : l)).join("\n");
    const parts = foldUnchanged(rustDiff(before, after).spans);
    const folds = parts.filter((p) => p.op === "fold");
    expect(folds).toHaveLength(2);
    // Lines 1–11 and 19–30 are hidden; three whole lines stay on each side of line 15.
    const shown = parts.map((p) => (p.op === "fold" ? `[${p.lines}]` : p.text)).join("");
    expect(shown).toBe("[11]dòng 12\ndòng 13\ndòng 14\ndòng 15mười lăm\ndòng 16\ndòng 17\ndòng 18\n[12]");
  });

  it("renders deletions struck through and insertions underlined, not by colour alone", () => {
    const diff: RevisionDiff = {
      ...rustDiff("Thu hoạch tôm trong 4 giờ.", "Thu hoạch tôm sú trong 2 giờ."),
      from: rev(3), to: rev(7),
    };
    render(DiffView, { diff });
    const left = screen.getByTestId("diff-left");
    const right = screen.getByTestId("diff-right");
    expect(left.textContent).toBe("Thu hoạch tôm trong 4 giờ.");
    expect(right.textContent).toBe("Thu hoạch tôm sú trong 2 giờ.");
    expect([...left.querySelectorAll("del")].map((e) => e.textContent?.trim())).toEqual(["4"]);
    expect(left.querySelector("ins")).toBeNull();
    expect([...right.querySelectorAll("ins")].map((e) => e.textContent?.trim())).toEqual(["sú", "2"]);
    expect(right.querySelector("del")).toBeNull();
    expect(screen.getByTestId("diff").textContent).toContain("+2 từ mới");
  });
});
