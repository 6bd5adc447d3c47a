// One CodeMirror 6 editor for chapter sources: Markdown with Tera, line numbers for the
// diagnostics' line:column, wrapping for prose, undo history per chapter. The view is made once
// and given a new state only when another chapter is opened, so IME composition (Telex, VNI)
// is never interrupted from outside.
import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
import { markdown, markdownLanguage } from "@codemirror/lang-markdown";
import { syntaxHighlighting } from "@codemirror/language";
import { Compartment, EditorSelection, EditorState, type Extension } from "@codemirror/state";
import {
  EditorView,
  highlightActiveLine,
  highlightActiveLineGutter,
  keymap,
  lineNumbers,
} from "@codemirror/view";
import { styleNonce } from "./csp";
import { passages, setPassages, type Passage } from "./passages";
import { teraHighlight } from "./tera";
import { markdownHighlight, sotayTheme } from "./theme";

export interface SourceEditorOptions {
  parent: HTMLElement;
  doc: string;
  readOnly: boolean;
  /** The accessible name of the text area. */
  label: string;
  onchange: (text: string) => void;
  onscroll?: (ratio: number) => void;
  /** The selection changed: the selected range, or null when nothing is selected. */
  onselect?: (selection: { from: number; to: number } | null) => void;
  /** A highlighted passage was clicked: the comment it belongs to. */
  onpassage?: (commentId: string) => void;
  /** "Góp ý" beside a selection (and Ctrl+Alt+M): its words and what it does. */
  comment?: { label: string; title: string; run: () => void };
}

function readOnlyExtension(readOnly: boolean): Extension {
  return [
    EditorState.readOnly.of(readOnly),
    EditorView.editable.of(!readOnly),
    readOnly ? EditorView.editorAttributes.of({ class: "cm-readonly" }) : [],
  ];
}

/** The editor of chapter sources. */
export class SourceEditor {
  readonly view: EditorView;
  private readonly readOnly = new Compartment();
  private readonly label = new Compartment();
  private readonly opts: SourceEditorOptions;

  constructor(opts: SourceEditorOptions) {
    this.opts = opts;
    this.view = new EditorView({ parent: opts.parent, state: this.state(opts.doc, opts.readOnly) });
    if (opts.onscroll) {
      const onscroll = opts.onscroll;
      this.view.scrollDOM.addEventListener("scroll", () => {
        const s = this.view.scrollDOM;
        const room = s.scrollHeight - s.clientHeight;
        onscroll(room > 0 ? s.scrollTop / room : 0);
      });
    }
  }

  private state(doc: string, readOnly: boolean): EditorState {
    const nonce = styleNonce();
    return EditorState.create({
      doc,
      extensions: [
        nonce ? EditorView.cspNonce.of(nonce) : [],
        lineNumbers(),
        highlightActiveLineGutter(),
        highlightActiveLine(),
        history(),
        keymap.of([...defaultKeymap, ...historyKeymap]),
        markdown({ base: markdownLanguage }),
        syntaxHighlighting(markdownHighlight),
        teraHighlight,
        EditorView.lineWrapping,
        sotayTheme,
        this.label.of(this.labelAttrs(this.opts.label)),
        this.readOnly.of(readOnlyExtension(readOnly)),
        passages((id) => this.opts.onpassage?.(id), this.opts.comment),
        EditorView.updateListener.of((u) => {
          if (u.docChanged) this.opts.onchange(u.state.doc.toString());
          if (u.selectionSet || u.docChanged) {
            const r = u.state.selection.main;
            this.opts.onselect?.(r.empty ? null : { from: r.from, to: r.to });
          }
        }),
      ],
    });
  }

  private labelAttrs(label: string): Extension {
    return EditorView.contentAttributes.of({ "aria-label": label, lang: "vi", "data-testid": "source-editor" });
  }

  /** Opens another text (another chapter): a fresh state, with its own undo history. */
  load(doc: string, readOnly: boolean): void {
    this.view.setState(this.state(doc, readOnly));
  }

  get text(): string {
    return this.view.state.doc.toString();
  }

  setReadOnly(readOnly: boolean): void {
    this.view.dispatch({ effects: this.readOnly.reconfigure(readOnlyExtension(readOnly)) });
  }

  setLabel(label: string): void {
    this.view.dispatch({ effects: this.label.reconfigure(this.labelAttrs(label)) });
  }

  /**
   * Replaces the selection with `text`. A block (table, note, QR) goes on lines of its own.
   * `select` is a range inside `text` to select afterwards (e.g. the placeholder to type over).
   */
  insert(text: string, opts: { block?: boolean; select?: [number, number] } = {}): void {
    const { state } = this.view;
    if (state.readOnly) return;
    const range = state.selection.main;
    let before = "";
    let after = "";
    if (opts.block) {
      const line = state.doc.lineAt(range.from);
      const lineBefore = state.doc.sliceString(line.from, range.from);
      if (lineBefore.trim() !== "") before = "\n\n";
      else if (line.number > 1 && state.doc.line(line.number - 1).text.trim() !== "") before = "\n";
      const endLine = state.doc.lineAt(range.to);
      after = state.doc.sliceString(range.to, endLine.to).trim() !== "" ? "\n\n" : "\n";
    }
    const insert = before + text + after;
    const start = range.from + before.length;
    const selection = opts.select
      ? EditorSelection.range(start + opts.select[0], start + opts.select[1])
      : EditorSelection.cursor(start + text.length);
    this.view.dispatch({ changes: { from: range.from, to: range.to, insert }, selection, scrollIntoView: true, userEvent: "input" });
    this.view.focus();
  }

  /** Highlights the passages comments are about; `active` is the one shown in the comments pane. */
  setPassages(list: Passage[], active: string | null = null): void {
    this.view.dispatch({ effects: setPassages.of({ passages: list, active }) });
  }

  /** The text from `from` to `to`. */
  slice(from: number, to: number): string {
    return this.view.state.doc.sliceString(from, to);
  }

  /** Ends the selection at its end (a passage taken for a comment stays highlighted instead). */
  collapse(): void {
    const r = this.view.state.selection.main;
    if (!r.empty) this.view.dispatch({ selection: EditorSelection.cursor(r.to) });
  }

  /** Selects a passage and scrolls it to the middle of the editor. */
  reveal(from: number, to: number): void {
    const length = this.view.state.doc.length;
    const a = Math.min(from, length);
    const b = Math.min(to, length);
    this.view.dispatch({
      selection: EditorSelection.range(a, b),
      effects: EditorView.scrollIntoView(a, { y: "center" }),
    });
  }

  /** Puts the cursor at a 1-based line and column (a diagnostic's location) and shows it. */
  goTo(line: number, column: number): void {
    const doc = this.view.state.doc;
    const l = doc.line(Math.min(Math.max(1, line), doc.lines));
    const pos = Math.min(l.from + Math.max(0, column - 1), l.to);
    this.view.dispatch({ selection: EditorSelection.cursor(pos), scrollIntoView: true });
    this.view.focus();
  }

  focus(): void {
    this.view.focus();
  }

  destroy(): void {
    this.view.destroy();
  }
}
