import { afterEach, describe, expect, it } from "vitest";
import { BackendError } from "../lib/backend";
import { removeBackend, rustBackend, type RustBackend } from "./rust";

let b: RustBackend | null = null;
afterEach(() => {
  if (b) removeBackend(b);
  b = null;
});

describe("the Rust test backend", () => {
  it("answers from the real sample workspace, with the fixed clock", async () => {
    b = rustBackend();
    const [h] = await b.listHandbooks();
    expect(h.template_id).toBe("tom-nuoc-lo");
    expect(h.updated_at).toBe("2026-12-01T02:00:00Z");
    const pilots = await b.listPilots();
    expect(pilots.map((p) => p.kind).sort()).toEqual(["cooperative", "enterprise"]);
  });

  it("rejects with the backend's error code and message in the user's language", async () => {
    b = rustBackend({ lang: "en" });
    await expect(b.openHandbook("nope")).rejects.toBeInstanceOf(BackendError);
    await expect(b.openHandbook("nope")).rejects.toMatchObject({ code: "not_found", message: "No handbook found: nope" });
  });

  it("gives each backend a workspace of its own", async () => {
    b = rustBackend();
    const other = rustBackend();
    const [h] = await b.listHandbooks();
    await b.setStatus(h.id, "review", "");
    expect((await other.listHandbooks())[0].status).toBe("draft");
    removeBackend(other);
  });
});
