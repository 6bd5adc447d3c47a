import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cleanup, fireEvent, render, screen, within } from "@testing-library/svelte";
import { join } from "node:path";
import RecordConflicts from "./RecordConflicts.svelte";
import { i18n } from "../../lib/i18n/index.svelte";
import { settle } from "../../test/dom";
import { newAssessment, sampleHandbook } from "../../test/exchange";
import { useRustBackend } from "../../test/rust";

const backend = useRustBackend();

describe("conflicts under their record", () => {
  beforeEach(() => {
    i18n.lang = "vi";
  });
  afterEach(() => cleanup());

  it("counts an assessment's conflicts, names them by the item's text and clears the count once resolved", async () => {
    const b = backend();
    const a = newAssessment(b);
    await b.answerItem(a.id, "S1.1", "pass", "Có văn bản", "");
    const bundle = join(b.dir, "a.sotay");
    await b.exportBundle("assessment", a.id, bundle);
    await b.answerItem(a.id, "S1.1", "minor", "Sửa ở máy này", "");
    await b.importBundle(bundle, false);

    // The handbook has none: no badge there.
    render(RecordConflicts, { kind: "handbook", id: sampleHandbook(b).id });
    await settle();
    expect(screen.queryByTestId("record-conflicts-badge")).toBeNull();
    cleanup();

    render(RecordConflicts, { kind: "assessment", id: a.id });
    await settle();
    const badge = screen.getByTestId("record-conflicts-badge");
    expect(badge.textContent).toContain("1 xung đột");
    await fireEvent.click(badge);
    await settle();
    const dialog = screen.getByTestId("record-conflicts");
    const card = within(dialog).getByTestId("conflict");
    const title = within(card).getByTestId("conflict-title").textContent ?? "";
    const item = (await b.assessmentItems(a.id)).find((i) => i.id === "S1.1")!;
    expect(title).toContain(`S1.1 · ${item.text.vi}`);
    expect(dialog.textContent).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    await fireEvent.click(within(card).getByTestId("conflict-take-incoming"));
    await settle();
    expect(within(dialog).getByTestId("conflicts-empty")).toBeTruthy();
    expect(screen.queryByTestId("record-conflicts-badge")).toBeNull();
    expect(await b.recordConflicts("assessment", a.id)).toEqual([]);
    expect((await b.assessmentItems(a.id)).find((i) => i.id === "S1.1")?.answer).toMatchObject({ result: "pass" });
  });
});
