// The passages review comments are about, highlighted in the chapter's source. Where each
// passage is comes from Rust (`chapter_comments`: the anchoring rule lives in sotay-model);
// between two answers the highlights only follow the typing (CodeMirror maps them through each
// change), and the next answer replaces them.
import { StateEffect, StateField, type Extension, type Range } from "@codemirror/state";
import { Decoration, EditorView, type DecorationSet } from "@codemirror/view";

/** One highlighted passage: the comment it belongs to and its range in the current text. */
export interface Passage {
  id: string;
  from: number;
  to: number;
}

/** Replaces the highlighted passages (and which one is active). */
export const setPassages = StateEffect.define<{ passages: Passage[]; active: string | null }>();

function decorations(passages: Passage[], active: string | null, length: number): DecorationSet {
  const ranges: Range<Decoration>[] = [];
  for (const p of passages) {
    const from = Math.max(0, Math.min(p.from, length));
    const to = Math.max(from, Math.min(p.to, length));
    if (from === to) continue;
    ranges.push(
      Decoration.mark({
        class: p.id === active ? "cm-passage cm-passage-active" : "cm-passage",
        attributes: { "data-comment": p.id, "data-testid": "comment-passage" },
      }).range(from, to),
    );
  }
  return Decoration.set(ranges, true);
}

/** The comment whose passage covers `pos` (the shortest, when passages overlap). */
export function passageAt(view: EditorView, pos: number): string | null {
  let found: { id: string; size: number } | null = null;
  view.state.field(passageField).between(pos, pos, (from, to, deco) => {
    const id = (deco.spec.attributes as Record<string, string> | undefined)?.["data-comment"];
    if (id && (!found || to - from < found.size)) found = { id, size: to - from };
  });
  return (found as { id: string } | null)?.id ?? null;
}

const passageField = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(deco, tr) {
    let next = deco.map(tr.changes);
    for (const e of tr.effects) {
      if (e.is(setPassages)) next = decorations(e.value.passages, e.value.active, tr.state.doc.length);
    }
    return next;
  },
  provide: (f) => EditorView.decorations.from(f),
});

/** The highlighting; `onpick` gets the comment of a clicked passage. */
export function passages(onpick: (id: string) => void): Extension {
  return [
    passageField,
    EditorView.domEventHandlers({
      click(event, view) {
        const pos = view.posAtCoords({ x: event.clientX, y: event.clientY });
        if (pos === null) return false;
        const id = passageAt(view, pos);
        if (id) onpick(id);
        return false;
      },
    }),
    EditorView.theme({
      ".cm-passage": { backgroundColor: "#fff1c2", borderBottom: "2px solid #e0b431", cursor: "pointer" },
      ".cm-passage-active": { backgroundColor: "#ffd866" },
    }),
  ];
}
