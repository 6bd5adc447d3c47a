import { describe, expect, it, vi } from "vitest";
import { memoryBackend, type RuleEngine } from "./memory";
import type { TraceInput } from "./bindings";
import { checklist, handbook, pilots, templates } from "../../test/fixtures";
import { defaultRules, finalVerdict, incompleteVerdict, tracedWithBreakdown } from "../../test/rust-results";

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

async function start(engine: RuleEngine = {}) {
  const b = memoryBackend({ handbooks: [handbook], templates, pilots, checklist, userName: "Lê Văn Kiểm", rules: defaultRules, engine });
  const a = await b.newAssessment("p1", handbook.summary.id, "2026-11-20", "", ["Trần Thị Thu Hà"]);
  return { b, a };
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

  it("grades nothing itself: a trace test is what the Rust engine made of it", async () => {
    const { b, a } = await start();
    await expect(b.previewTrace(a.id, trace())).rejects.toThrow("không có quy tắc đánh giá");
    const engine = { trace: vi.fn(() => tracedWithBreakdown) };
    const { b: b2, a: a2 } = await start(engine);
    const preview = await b2.previewTrace(a2.id, trace());
    expect(preview.grades).toEqual(tracedWithBreakdown.grades);
    expect(await b2.traceTests(a2.id)).toEqual([]);
    const recorded = await b2.recordTrace(a2.id, trace());
    expect(recorded.id).not.toBe(tracedWithBreakdown.id);
    expect(engine.trace).toHaveBeenLastCalledWith(trace(), defaultRules);
    expect((await b2.traceTests(a2.id)).map((x) => x.id)).toEqual([recorded.id]);
    await expect(b2.recordTrace(a2.id, trace({ retest_of: "t-khong-co" }))).rejects.toThrow("Không có lần truy xuất thử");
  });

  it("refuses to complete an assessment while the engine's verdict is incomplete", async () => {
    let verdict = incompleteVerdict;
    const { b, a } = await start({ verdict: () => verdict });
    await b.setAssessmentStatus(a.id, "in_progress");
    await expect(b.setAssessmentStatus(a.id, "completed")).rejects.toThrow(
      /chưa đủ dữ liệu để kết luận — 40 mục chưa có kết quả: S1\.1, .*, S9\.2; chưa có truy xuất xuôi\./,
    );
    expect((await b.getAssessment(a.id)).status).toBe("in_progress");
    verdict = finalVerdict;
    expect((await b.setAssessmentStatus(a.id, "completed")).status).toBe("completed");
  });

  it("freezes the workspace's rules into a new assessment; later changes are for new ones", async () => {
    const { b, a } = await start({ refuseRules: (r) => (r.not_effective_score > r.effective_score ? "ngưỡng không hợp lý" : null) });
    expect(await b.workspaceRules()).toEqual(defaultRules);
    await b.setWorkspaceRules({ ...defaultRules, effective_score: 90 });
    await expect(b.setWorkspaceRules({ ...defaultRules, not_effective_score: 95 })).rejects.toThrow("ngưỡng không hợp lý");
    expect((await b.workspaceRules()).effective_score).toBe(90);
    expect((await b.assessmentSections(a.id))[1].effective_score).toBe(85);
    const later = await b.newAssessment("p1", handbook.summary.id, "2026-12-01", "", []);
    expect((await b.assessmentSections(later.id))[1].effective_score).toBe(90);
    expect(await b.resetWorkspaceRules()).toEqual(defaultRules);
  });

  it("gives an action left without a due date the assessment's frozen due days", async () => {
    const { b, a } = await start();
    await b.answerItem(a.id, "S1.2", "major", "Thiếu công đoạn sơ chế", "");
    await b.answerItem(a.id, "S2.9", "minor", "", "");
    const [major, minor] = await b.findings(a.id);
    expect([major.item_id, minor.item_id]).toEqual(["S1.2", "S2.9"]);
    const m1 = await b.addAction(major.id, "Nguyễn Thị Mỹ Linh", null, "Bổ sung phạm vi");
    const m2 = await b.addAction(minor.id, "Nguyễn Thị Mỹ Linh", null, "Đổi mã QR sang Digital Link");
    expect([m1.due, m2.due]).toEqual(["2026-12-20", "2027-02-18"]);
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
});
