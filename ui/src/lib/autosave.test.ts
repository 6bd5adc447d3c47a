import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Autosave } from "./autosave.svelte";
import { BackendError } from "./backend";

/** A save that resolves when the test says so. */
function controlledSave() {
  const calls: { key: string; text: string; done: () => void; fail: (e: unknown) => void }[] = [];
  const save = vi.fn(
    (key: string, text: string) =>
      new Promise<void>((done, fail) => {
        calls.push({ key, text, done, fail });
      }),
  );
  return { save, calls };
}

describe("autosave", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("saves one second after typing stops: Chưa lưu → Đang lưu… → Đã lưu", async () => {
    const { save, calls } = controlledSave();
    const a = new Autosave(save, 1000);
    expect(a.status).toBe("idle");

    a.change("c1", "Thu");
    vi.advanceTimersByTime(600);
    a.change("c1", "Thu hoạch");
    vi.advanceTimersByTime(999);
    expect(a.status).toBe("pending");
    expect(save).not.toHaveBeenCalled();

    await vi.advanceTimersByTimeAsync(1);
    expect(save).toHaveBeenCalledTimes(1);
    expect(save).toHaveBeenLastCalledWith("c1", "Thu hoạch");
    expect(a.status).toBe("saving");

    calls[0].done();
    await vi.runAllTimersAsync();
    expect(a.status).toBe("saved");
    expect(a.unsaved).toBe(false);
  });

  it("keeps typing during a save pending, then saves the newer text after it", async () => {
    const { save, calls } = controlledSave();
    const a = new Autosave(save, 1000);
    a.change("c1", "một");
    await vi.advanceTimersByTimeAsync(1000);
    expect(a.status).toBe("saving");
    a.change("c1", "một hai");
    calls[0].done();
    await vi.advanceTimersByTimeAsync(0);
    expect(a.status).toBe("pending");
    await vi.advanceTimersByTimeAsync(1000);
    expect(save).toHaveBeenLastCalledWith("c1", "một hai");
    calls[1].done();
    await vi.runAllTimersAsync();
    expect(a.status).toBe("saved");
  });

  it("saves at once on flush (chapter switch, window blur), and a switch saves the old chapter first", async () => {
    const { save, calls } = controlledSave();
    const a = new Autosave(save, 1000);
    a.change("c1", "chương một");
    const flushed = a.flush();
    await vi.advanceTimersByTimeAsync(0);
    expect(save).toHaveBeenCalledWith("c1", "chương một");
    calls[0].done();
    await flushed;
    expect(a.status).toBe("saved");

    a.change("c1", "chương một, sửa");
    a.change("c2", "chương hai");
    await vi.advanceTimersByTimeAsync(0);
    expect(save.mock.calls.map((c) => c[0])).toEqual(["c1", "c1"]);
    calls[1].done();
    await vi.advanceTimersByTimeAsync(1000);
    expect(save).toHaveBeenLastCalledWith("c2", "chương hai");
    calls[2].done();
    await vi.runAllTimersAsync();
    expect(a.status).toBe("saved");
  });

  it("shows the backend's error and keeps the text for a retry", async () => {
    const { save, calls } = controlledSave();
    const a = new Autosave(save, 1000);
    a.change("c1", "Thu hoạch tôm sú");
    await vi.advanceTimersByTimeAsync(1000);
    calls[0].fail(new BackendError({ code: "handbook_read_only", message: "Sổ tay đã duyệt nên chỉ xem được." }));
    await vi.advanceTimersByTimeAsync(0);
    expect(a.status).toBe("error");
    expect(a.error).toBe("Sổ tay đã duyệt nên chỉ xem được.");
    expect(a.unsaved).toBe(true);

    const retry = a.flush();
    await vi.advanceTimersByTimeAsync(0);
    expect(save).toHaveBeenLastCalledWith("c1", "Thu hoạch tôm sú");
    calls[1].done();
    await retry;
    expect(a.status).toBe("saved");
    expect(a.error).toBeNull();
  });
});
