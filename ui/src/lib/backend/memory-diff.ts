// A word diff for the in-memory backend: the longest common subsequence of words and the
// whitespace between them, merged into runs like the Rust `word_diff`.
import type { DiffOp, DiffSpan } from "./bindings";

export function wordDiff(a: string, b: string): DiffSpan[] {
  const x = a.split(/(\s+)/).filter((s) => s !== "");
  const y = b.split(/(\s+)/).filter((s) => s !== "");
  const lcs: number[][] = Array.from({ length: x.length + 1 }, () => new Array<number>(y.length + 1).fill(0));
  for (let i = x.length - 1; i >= 0; i--) {
    for (let j = y.length - 1; j >= 0; j--) {
      lcs[i][j] = x[i] === y[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const spans: DiffSpan[] = [];
  const push = (op: DiffOp, text: string) => {
    const last = spans[spans.length - 1];
    if (last && last.op === op) last.text += text;
    else spans.push({ op, text });
  };
  let i = 0;
  let j = 0;
  while (i < x.length && j < y.length) {
    if (x[i] === y[j]) {
      push("equal", x[i]);
      i++;
      j++;
    } else if (lcs[i + 1][j] >= lcs[i][j + 1]) push("delete", x[i++]);
    else push("insert", y[j++]);
  }
  while (i < x.length) push("delete", x[i++]);
  while (j < y.length) push("insert", y[j++]);
  return spans;
}
