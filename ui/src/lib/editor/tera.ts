// Tera in chapter sources, marked so it stands out from the prose: `{{ expression }}`,
// `{% tag %}` and `{# comment #}` each get their own class (styled in theme.ts).
import { Decoration, MatchDecorator, ViewPlugin, type DecorationSet, type EditorView, type ViewUpdate } from "@codemirror/view";

const marks = {
  "{{": Decoration.mark({ class: "cm-tera cm-tera-expr" }),
  "{%": Decoration.mark({ class: "cm-tera cm-tera-tag" }),
  "{#": Decoration.mark({ class: "cm-tera cm-tera-comment" }),
} as const;

/** One Tera construct on a line (Tera in chapters does not span lines in practice). */
export const TERA_PATTERN = /\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}/g;

const decorator = new MatchDecorator({
  regexp: TERA_PATTERN,
  decoration: (m) => marks[m[0].slice(0, 2) as keyof typeof marks],
});

export const teraHighlight = ViewPlugin.fromClass(
  class {
    decorations: DecorationSet;
    constructor(view: EditorView) {
      this.decorations = decorator.createDeco(view);
    }
    update(update: ViewUpdate) {
      this.decorations = decorator.updateDeco(update, this.decorations);
    }
  },
  { decorations: (v) => v.decorations },
);
