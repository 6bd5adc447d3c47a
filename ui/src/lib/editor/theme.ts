// The editor's look, in the app's visual language (app.css): the bundled UI face, calm ink,
// the deep-green accent, Markdown structure by weight rather than colour, Tera set apart.
import { HighlightStyle } from "@codemirror/language";
import { EditorView } from "@codemirror/view";
import { tags } from "@lezer/highlight";

export const sotayTheme = EditorView.theme({
  "&": {
    height: "100%",
    fontSize: "15px",
    color: "var(--ink)",
    backgroundColor: "var(--panel)",
  },
  "&.cm-focused": { outline: "none" },
  ".cm-scroller": { fontFamily: "var(--font-ui)", lineHeight: "1.65" },
  ".cm-content": { padding: "14px 0 40px", caretColor: "var(--accent-strong)" },
  ".cm-line": { padding: "0 18px 0 10px" },
  ".cm-gutters": {
    backgroundColor: "#fafbfa",
    color: "var(--ink-3)",
    borderRight: "1px solid var(--line)",
    fontSize: "12.5px",
  },
  ".cm-activeLine": { backgroundColor: "#f4f8f5" },
  ".cm-activeLineGutter": { backgroundColor: "var(--accent-soft)", color: "var(--accent-strong)" },
  "&.cm-focused .cm-selectionBackground, ::selection": { backgroundColor: "#cfe5d8" },
  ".cm-tera": { borderRadius: "3px", padding: "1px 0" },
  ".cm-tera-expr": { color: "#7a3e00", backgroundColor: "#fdf1d8", boxShadow: "inset 0 -1px 0 #e7c98a" },
  ".cm-tera-tag": { color: "#5b2d86", backgroundColor: "#f1e9f8", fontWeight: "500" },
  ".cm-tera-comment": { color: "var(--ink-3)", fontStyle: "italic", backgroundColor: "#f0f2f1" },
  "&.cm-readonly .cm-content": { caretColor: "transparent" },
});

export const markdownHighlight = HighlightStyle.define([
  { tag: tags.heading1, fontWeight: "700", fontSize: "1.2em" },
  { tag: tags.heading2, fontWeight: "700", fontSize: "1.1em" },
  { tag: [tags.heading3, tags.heading4, tags.heading5, tags.heading6], fontWeight: "600" },
  { tag: tags.strong, fontWeight: "700" },
  { tag: tags.emphasis, fontStyle: "italic" },
  { tag: tags.strikethrough, textDecoration: "line-through" },
  { tag: [tags.link, tags.url], color: "var(--accent)", textDecoration: "underline" },
  { tag: tags.monospace, color: "#3d4a44", backgroundColor: "#f0f2f1" },
  { tag: tags.quote, color: "var(--ink-2)" },
  { tag: [tags.processingInstruction, tags.meta], color: "var(--ink-3)" },
  { tag: tags.contentSeparator, color: "var(--ink-3)" },
]);
