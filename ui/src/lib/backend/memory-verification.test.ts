import { describe, expect, it } from "vitest";
import { memoryBackend } from "./memory";
import type { TraceInput } from "./bindings";
import { checklist, handbook, pilots, templates } from "../../test/fixtures";

const trace = (over: Partial<TraceInput> = {}): TraceInput => ({
  direction: "backward",
  lot: "AO03-250615-01",
  started: "2026-12-01T09:00:00+07:00",
  finished: "2026-12-01T10:30:00+07:00",
  links_expected: 6,
  links_found: 6,
  input_qty: 1000,
  accounted_qty: 990,
  unit: "kg",
  accounted_unit: null,
  kde_required: 40,
  kde_present: 40,
  contradictions: 0,
  note: "",
  retest_of: null,
  ...over,
});

async function start() {
  const b = memoryBackend({ handbooks: [handbook], templates, pilots, checklist, userName: "Lê Văn Kiểm" });
  const a = await b.newAssessment("p1", handbook.summary.id, "2026-11-20", "", ["Trần Thị Thu Hà"]);
  return { b, a };
}

async function answerAll(b: Awaited<ReturnType<typeof start>>["b"], id: string, result: "pass" | "minor" | "major") {
  for (const i of checklist.filter((x) => !x.id.startsWith("S9"))) await b.answerItem(id, i.id, result, "", "");
}

describe("the in-memory pilot verification", () => {
  it("adds a pilot model and starts a planned assessment led by the user", async () => {
    const { b, a } = await start();
    expect(a).toMatchObject({ status: "planned", lead: "Lê Văn Kiểm", team: ["Trần Thị Thu Hà"], pilot_name: pilots[0].name });
    const p = await b.addPilot(" Tổ hợp tác Vĩnh Hòa ", "household_group", null, "An Giang", "xã Vĩnh Hòa", "");
    expect(p.name).toBe("Tổ hợp tác Vĩnh Hòa");
    expect((await b.listPilots()).map((x) => x.id)).toContain(p.id);
    await expect(b.addPilot(" ", "enterprise", null, "", "", "")).rejects.toThrow("không được để trống");
    expect(await b.listAssessments("p1")).toHaveLength(1);
    expect(await b.listAssessments("p2")).toHaveLength(0);
  });

  it("refuses NA without a reason and manual answers to S9, and starts the assessment on the first answer", async () => {
    const { b, a } = await start();
    await expect(b.answerItem(a.id, "S1.1", "na", "", " ")).rejects.toThrow("cần ghi lý do");
    await expect(b.answerItem(a.id, "S9.1", "pass", "", "")).rejects.toThrow("truy xuất thử");
    await b.answerItem(a.id, "S2.7", "na", "", "Sản phẩm bán rời, không dán nhãn");
    expect((await b.listAssessments(null))[0].status).toBe("in_progress");
    const items = await b.assessmentItems(a.id);
    expect(items.find((i) => i.id === "S2.7")?.answer).toMatchObject({ result: "na", reason: "Sản phẩm bán rời, không dán nhãn" });
  });

  it("is effective when everything passes, including both trace tests", async () => {
    const { b, a } = await start();
    await answerAll(b, a.id, "pass");
    await b.recordTrace(a.id, trace());
    await b.recordTrace(a.id, trace({ direction: "forward" }));
    const v = await b.assessmentVerdict(a.id);
    expect(v).toMatchObject({ score: 100, verdict: "effective", pending: false, unanswered: [] });
    expect(v.sections.S9).toMatchObject({ items: 5, pass: 5 });
  });

  it("is not effective when a trace test misses a link, whatever the score", async () => {
    const { b, a } = await start();
    await answerAll(b, a.id, "pass");
    const t = await b.recordTrace(a.id, trace({ links_found: 5 }));
    expect(t.grades.links).toBe("major");
    const v = await b.assessmentVerdict(a.id);
    expect(v.verdict).toBe("not_effective");
    expect(v.reasons.map((r) => r.vi)).toContain("Truy xuất thử ngược thiếu liên kết: tìm được 5/6.");
    expect((await b.findings(a.id)).map((f) => f.item_id)).toContain("S9.1");
  });

  it("stays pending with corrective actions until every finding has one, due 30/90 days after", async () => {
    const { b, a } = await start();
    await answerAll(b, a.id, "pass");
    await b.answerItem(a.id, "S1.2", "major", "Thiếu công đoạn sơ chế", "");
    await b.answerItem(a.id, "S2.9", "minor", "", "");
    await b.recordTrace(a.id, trace());
    await b.recordTrace(a.id, trace({ direction: "forward" }));
    let v = await b.assessmentVerdict(a.id);
    expect(v).toMatchObject({ score: 88.33, verdict: "effective_with_corrective_actions", pending: true });
    const [major, minor] = await b.findings(a.id);
    expect([major.item_id, minor.item_id]).toEqual(["S1.2", "S2.9"]);
    const m1 = await b.addAction(major.id, "Nguyễn Thị Mỹ Linh", null, "Đổi mã QR sang Digital Link");
    const m2 = await b.addAction(minor.id, "Nguyễn Thị Mỹ Linh", null, "Bổ sung phạm vi");
    expect([m1.due, m2.due]).toEqual(["2026-12-20", "2027-02-18"]);
    v = await b.assessmentVerdict(a.id);
    expect(v.pending).toBe(false);
  });

  it("computes overdue for today and moves actions only along the workflow", async () => {
    const { b, a } = await start();
    await b.answerItem(a.id, "S1.1", "major", "", "");
    const [f] = await b.findings(a.id);
    const late = await b.addAction(f.id, "Võ Minh Tâm", "2026-11-25", "Viết mục tiêu");
    expect(late.overdue).toBe(true);
    await expect(b.moveAction(late.id, "verified", "")).rejects.toThrow("Không thể chuyển");
    const done = await b.moveAction(late.id, "done", "Đã ban hành");
    expect(done).toMatchObject({ status: "done", overdue: false, note: "Đã ban hành" });
    expect(await b.moveAction(late.id, "verified", "")).toMatchObject({ status: "verified", verified_by: "Lê Văn Kiểm" });
  });

  it("converts the accounted quantity to the input's unit", async () => {
    const { b, a } = await start();
    const t = await b.recordTrace(a.id, trace({ input_qty: 2, unit: "tấn", accounted_qty: 1970, accounted_unit: "kg" }));
    expect(t.accounted_qty).toBeCloseTo(1.97);
    expect(t.grades.quantity).toBe("pass");
    await expect(b.recordTrace(a.id, trace({ accounted_unit: "con" }))).rejects.toThrow("Không quy đổi được");
  });
});
