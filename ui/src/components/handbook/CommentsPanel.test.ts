import { describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { afterEach } from "vitest";
import CommentsPanel from "./CommentsPanel.svelte";
import { i18n } from "../../lib/i18n/index.svelte";
import { chapterOf, sampleHandbook } from "../../test/authoring";
import { settle, type } from "../../test/dom";
import { useRustBackend } from "../../test/rust";

/** UTF-16 positions of `quote` in `text`, as the editor counts them. */
function rangeOf(text: string, quote: string): { start: number; end: number } {
  const start = text.indexOf(quote);
  if (start < 0) throw new Error(`“${quote}” is not in the text`);
  return { start, end: start + quote.length };
}

/** A passage of the sample's introduction that occurs once. */
function passageOf(source: string): string {
  const line = source.split("\n").find((l) => l.length > 80 && !l.startsWith("#") && !l.includes("{{"));
  if (!line) throw new Error("no plain paragraph");
  const quote = line.slice(20, 60);
  if (source.indexOf(quote) !== source.lastIndexOf(quote)) throw new Error("the passage is not unique");
  return quote;
}

// Each test runs the real backend several times: allow for a busy machine.
describe("comments on passages", { timeout: 60_000 }, () => {
  const backend = useRustBackend();
  afterEach(() => cleanup());

  /** The sample handbook's introduction and a passage of it that occurs once. */
  async function introduction() {
    i18n.lang = "vi";
    const b = backend();
    const view = await sampleHandbook(b);
    const c = chapterOf(view, "gioi-thieu");
    return { b, view, c, quote: passageOf(c.source) };
  }

  it("quotes the passage Rust located in the edited text, shows it on click, and marks a removed one", async () => {
    const { b, view, c, quote } = await introduction();
    const { start, end } = rangeOf(c.source, quote);
    const made = await b.addPassageComment(view.summary.id, c.id, "Nêu rõ căn cứ.", start, end, quote);
    expect(made.anchor).toMatchObject({ quote, start, end });

    // A paragraph typed before the passage (not yet saved): Rust finds it where it moved.
    const typed = `Đoạn mới thêm ở đầu chương.\n\n${c.source}`;
    const located = await b.chapterComments(view.summary.id, c.id, typed);
    expect(located).toHaveLength(1);
    expect(located[0].detached).toBe(false);
    expect(located[0].range).toEqual(rangeOf(typed, quote));

    const onreveal = vi.fn();
    const { rerender } = render(CommentsPanel, { handbookId: view.summary.id, chapter: c, comments: located, onchange: () => {}, onreveal });
    await settle();
    const shown = screen.getByTestId("comment-quote");
    expect(shown.textContent).toBe(`“${quote}”`);
    expect(screen.queryByTestId("comment-detached")).toBeNull();
    await fireEvent.click(shown);
    expect(onreveal).toHaveBeenCalledWith(made.id);

    // The passage rewritten beyond recognition: the comment stays, marked.
    const gone = await b.chapterComments(view.summary.id, c.id, c.source.replace(quote, "…"));
    expect(gone[0]).toMatchObject({ range: null, detached: true });
    await rerender({ handbookId: view.summary.id, chapter: c, comments: gone, onchange: () => {}, onreveal });
    await settle();
    expect(screen.getByTestId("comment-detached").textContent).toBe("Đoạn văn đã bị sửa/xóa");
    expect(screen.getByTestId("comment").textContent).toContain("Nêu rõ căn cứ.");
  });

  it("writes a comment on the selected passage through Rust", async () => {
    const { b, view, c, quote } = await introduction();
    const onchange = vi.fn();
    render(CommentsPanel, {
      handbookId: view.summary.id,
      chapter: c,
      comments: [],
      pending: { ...rangeOf(c.source, quote), quote },
      onchange,
      onreveal: () => {},
    });
    await settle();
    expect(screen.getByTestId("pending-passage").textContent).toContain(quote);
    await type(screen.getByTestId("comment-body"), "Viết lại câu này cho dễ hiểu.");
    await fireEvent.click(screen.getByTestId("add-comment"));
    await settle();
    expect(onchange).toHaveBeenCalled();
    expect(screen.queryByTestId("pending-passage")).toBeNull();
    const [stored] = await b.listComments(view.summary.id);
    expect(stored.body).toBe("Viết lại câu này cho dễ hiểu.");
    expect(stored.anchor).toMatchObject({ quote, ...rangeOf(c.source, quote) });
  });

  it("refuses a passage that is no longer where it was selected, and stores nothing", async () => {
    const { b, view, c, quote } = await introduction();
    const { start, end } = rangeOf(c.source, quote);
    render(CommentsPanel, {
      handbookId: view.summary.id,
      chapter: c,
      comments: [],
      pending: { start: start + 3, end: end + 3, quote },
      onchange: () => {},
      onreveal: () => {},
    });
    await settle();
    await type(screen.getByTestId("comment-body"), "Góp ý.");
    await fireEvent.click(screen.getByTestId("add-comment"));
    await settle();
    expect(screen.getByRole("alert").textContent).toContain("Hãy chọn lại đoạn văn");
    expect(await b.listComments(view.summary.id)).toEqual([]);
  });
});
