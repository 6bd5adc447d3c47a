// The passages review comments are about, highlighted in the chapter's source. Where each
// passage is comes from Rust (`chapter_comments`: the anchoring rule lives in sotay-model);
// between two answers the highlights only follow the typing (CodeMirror maps them through each
// change), and the next answer replaces them.
import { StateEffect, StateField, type EditorState, type Extension, type Range } from "@codemirror/state";
import { Decoration, EditorView, keymap, showTooltip, type DecorationSet, type Tooltip } from "@codemirror/view";

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

/** What "Góp ý" on a selection needs: its words and what it does. */
export interface CommentAction {
  label: string;
  title: string;
  run: () => void;
}

/** A "Góp ý" button just above a non-empty selection (as word processors show one). */
function commentTooltip(action: CommentAction): Extension {
  const tooltip = (state: EditorState): readonly Tooltip[] => {
    const r = state.selection.main;
    if (r.empty || !state.sliceDoc(r.from, r.to).trim()) return [];
    return [
      {
        pos: r.head,
        above: r.head === r.from,
        strictSide: false,
        arrow: false,
        create: () => {
          const dom = document.createElement("button");
          dom.type = "button";
          dom.className = "cm-comment-button";
          dom.textContent = action.label;
          dom.title = action.title;
          dom.dataset.testid = "comment-selection";
          // The editor keeps its selection: the button never takes the focus.
          dom.addEventListener("mousedown", (e) => e.preventDefault());
          dom.addEventListener("click", () => action.run());
          return { dom };
        },
      },
    ];
  };
  return StateField.define<readonly Tooltip[]>({
    create: tooltip,
    update: (tips, tr) => (tr.docChanged || tr.selection ? tooltip(tr.state) : tips),
    provide: (f) => showTooltip.computeN([f], (state) => state.field(f)),
  });
}

/**
 * The highlighting; `onpick` gets the comment of a clicked passage. With `comment`, a non-empty
 * selection offers "Góp ý" beside it, and Ctrl+Alt+M does the same from the keyboard.
 */
export function passages(onpick: (id: string) => void, comment?: CommentAction): Extension {
  return [
    passageField,
    comment
      ? [
          commentTooltip(comment),
          keymap.of([
            {
              key: "Mod-Alt-m",
              run: (view) => {
                if (view.state.selection.main.empty) return false;
                comment.run();
                return true;
              },
            },
          ]),
        ]
      : [],
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
      // The button is the tooltip itself (CodeMirror adds `cm-tooltip` to it).
      ".cm-tooltip.cm-comment-button": {
        padding: "3px 10px",
        border: "1px solid #e0b431",
        borderRadius: "6px",
        backgroundColor: "#fff8e0",
        color: "var(--ink)",
        font: "inherit",
        fontSize: "13.5px",
        fontWeight: "600",
        cursor: "pointer",
        boxShadow: "0 2px 8px rgba(0, 0, 0, 0.15)",
        whiteSpace: "nowrap",
      },
      ".cm-tooltip.cm-comment-button:hover": { backgroundColor: "#ffeeb0" },
    }),
  ];
}
