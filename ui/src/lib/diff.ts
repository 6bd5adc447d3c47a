// The two sides of a word diff: the old text (equal + deleted words) on the left, the new
// text (equal + inserted words) on the right. Long unchanged stretches are folded to a few
// lines of context, so that the changes of a 100-line chapter are found without scrolling.
import type { DiffOp, DiffSpan } from "./backend";

export type SidePart = { op: DiffOp; text: string } | { op: "fold"; lines: number };

/** Unchanged spans shortened to `context` lines around each change. */
export function foldUnchanged(spans: readonly DiffSpan[], context = 3): SidePart[] {
  if (spans.length < 2) return spans.map((s) => ({ op: s.op, text: s.text }));
  const out: SidePart[] = [];
  spans.forEach((s, i) => {
    if (s.op !== "equal") {
      out.push({ op: s.op, text: s.text });
      return;
    }
    const lines = s.text.split("\n");
    // The first line ends a changed line and the last begins one: keep them and the context.
    const head = i === 0 ? 0 : context + 1;
    const tail = i === spans.length - 1 ? 0 : context + 1;
    const hidden = lines.length - head - tail;
    if (hidden < 2) {
      out.push({ op: "equal", text: s.text });
      return;
    }
    if (head > 0) out.push({ op: "equal", text: lines.slice(0, head).join("\n") + "\n" });
    out.push({ op: "fold", lines: hidden });
    if (tail > 0) out.push({ op: "equal", text: lines.slice(lines.length - tail).join("\n") });
  });
  return out;
}

export function diffSides(spans: readonly DiffSpan[]): { left: SidePart[]; right: SidePart[] } {
  const parts = foldUnchanged(spans);
  return {
    left: parts.filter((p) => p.op !== "insert"),
    right: parts.filter((p) => p.op !== "delete"),
  };
}
