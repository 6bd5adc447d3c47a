import { describe, expect, it } from "vitest";
import { BackendError } from "./index";
import { memoryBackend } from "./memory";
import { handbook, pilots, templateDetail, templates } from "../../test/fixtures";

const fresh = () => memoryBackend({ handbooks: [], templates, pilots, templateDetails: [templateDetail], userName: "Lê Văn Thành" });

async function refused(p: Promise<unknown>): Promise<BackendError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof BackendError) return e;
    throw e;
  }
  throw new Error("expected a refusal");
}

describe("the in-memory backend", () => {
  it("refuses invalid variables and creates nothing", async () => {
    const b = fresh();
    const vars = structuredClone(templateDetail.sample_vars) as { product: { gtin: string } };
    vars.product.gtin = "8939990100113";
    const e = await refused(b.createHandbook("tom-nuoc-lo", vars, null));
    expect(e.code).toBe("variable_invalid");
    expect(await b.listHandbooks()).toHaveLength(0);
  });

  it("numbers revisions per handbook, diffs by words and restores as a new revision", async () => {
    const b = fresh();
    const h = await b.createHandbook("tom-nuoc-lo", templateDetail.sample_vars, null);
    const view = await b.openHandbook(h.id);
    expect(view.chapters.map((c) => c.key)).toEqual(["gioi-thieu", "dinh-danh"]);
    const c = view.chapters[0];
    expect(await b.saveChapter(h.id, c.id, c.source, "")).toBeNull();
    const r3 = await b.saveChapter(h.id, c.id, "Thu hoạch tôm trong 4 giờ.", "");
    const r4 = await b.saveChapter(h.id, c.id, "Thu hoạch tôm sú trong 2 giờ.", "");
    expect([r3?.number, r4?.number]).toEqual([3, 4]);
    expect(r4?.author).toBe("Lê Văn Thành");

    const diff = await b.diffRevisions(h.id, "3", "4");
    expect(diff.spans.filter((s) => s.op !== "equal").map((s) => [s.op, s.text.trim()])).toEqual([
      ["insert", "sú"],
      ["delete", "4"],
      ["insert", "2"],
    ]);
    expect([diff.inserted_words, diff.deleted_words]).toEqual([2, 1]);

    const restored = await b.restoreRevision(h.id, "3");
    expect(restored).toMatchObject({ number: 5, kind: "restore", message: "#3" });
    expect((await b.openHandbook(h.id)).chapters[0].source).toBe("Thu hoạch tôm trong 4 giờ.");
    expect((await b.history(h.id, c.id)).map((r) => r.number)).toEqual([5, 4, 3, 1]);
  });

  it("moves, renames, adds and removes chapters", async () => {
    const b = fresh();
    const h = await b.createHandbook("tom-nuoc-lo", templateDetail.sample_vars, "Sổ tay thử");
    let v = await b.addChapter(h.id, "Thu hồi sản phẩm", "R", (await b.openHandbook(h.id)).chapters[0].id);
    expect(v.chapters.map((c) => c.key)).toEqual(["gioi-thieu", "thu-hoi-san-pham", "dinh-danh"]);
    v = await b.moveChapter(h.id, "dinh-danh", 1);
    expect(v.chapters.map((c) => [c.key, c.position])).toEqual([["dinh-danh", 1], ["gioi-thieu", 2], ["thu-hoi-san-pham", 3]]);
    v = await b.renameChapter(h.id, "dinh-danh", "Định danh và mã hóa");
    expect(v.chapters[0].title).toBe("Định danh và mã hóa");
    v = await b.removeChapter(h.id, "thu-hoi-san-pham");
    expect(v.summary.chapter_count).toBe(2);
  });

  it("follows the workflow, refuses other moves, and reopens approved handbooks as a new version", async () => {
    const b = fresh();
    const h = await b.createHandbook("tom-nuoc-lo", templateDetail.sample_vars, null);
    expect((await refused(b.setStatus(h.id, "approved", ""))).code).toBe("workflow_refused");
    expect((await b.setStatus(h.id, "review", "")).status).toBe("review");
    expect((await b.setStatus(h.id, "draft", "")).status).toBe("draft");
    await b.setStatus(h.id, "review", "");
    const approved = await b.setStatus(h.id, "approved", "");
    expect(approved).toMatchObject({ status: "approved", version: 1 });

    const c = (await b.openHandbook(h.id)).chapters[0];
    expect((await refused(b.saveChapter(h.id, c.id, "sửa", ""))).code).toBe("handbook_read_only");
    expect((await refused(b.updateVariables(h.id, templateDetail.sample_vars))).code).toBe("handbook_read_only");

    expect((await b.setStatus(h.id, "published", "")).status).toBe("published");
    const reopened = await b.setStatus(h.id, "draft", "");
    expect(reopened).toMatchObject({ status: "draft", version: 2 });
    expect((await b.statusHistory(h.id)).map((s) => `${s.from}→${s.to}@${s.version}`)).toEqual([
      "draft→review@1", "review→draft@1", "draft→review@1", "review→approved@1", "approved→published@1", "published→draft@2",
    ]);
    expect(await b.saveChapter(h.id, c.id, "sửa", "")).not.toBeNull();
  });

  it("refuses approval while the check finds errors", async () => {
    const b = memoryBackend({ handbooks: [handbook], templates, pilots });
    await b.setStatus(handbook.summary.id, "review", "");
    const e = await refused(b.setStatus(handbook.summary.id, "approved", ""));
    expect(e.message).toContain("Chưa thể duyệt");
    const diagnostics = await b.checkHandbook(handbook.summary.id);
    expect(diagnostics).toContainEqual(expect.objectContaining({ file: "dinh-danh", line: 2, column: 1 }));
  });

  it("keeps comments open until resolved, with who resolved them", async () => {
    const b = fresh();
    const h = await b.createHandbook("tom-nuoc-lo", templateDetail.sample_vars, null);
    const c = (await b.openHandbook(h.id)).chapters[1];
    const comment = await b.addComment(h.id, c.id, "Ghi rõ nhiệt độ ướp đá.");
    expect(comment).toMatchObject({ status: "open", author: "Lê Văn Thành" });
    await b.setUserName("Phạm Minh Quân");
    const resolved = await b.resolveComment(h.id, comment.id);
    expect(resolved).toMatchObject({ status: "resolved", resolved_by: "Phạm Minh Quân" });
    expect((await b.appInfo()).user_name).toBe("Phạm Minh Quân");
  });
});
