// Publishing in the in-memory backend: editions frozen per label, one copy per recipient's copy
// and format, a distribution log, and verifying a "file" by the path it was written to. Close to
// the Rust use cases (sotay::publishing) in what the UI sees: the same file names, the same
// refusals with the row named, the same progress events, cancelling leaves nothing.
import { BackendError, type Backend, type PublishProgress } from "./index";
import type { Edition, HandbookStatus, IssuedCopy, ManifestFile, PubFormat, PublishReport, Recipient } from "./bindings";

type PublishingMethods = Pick<
  Backend,
  "parseRecipients" | "publishEdition" | "cancelPublish" | "listEditions" | "distributionLog" | "verifyFile" | "onFileDrop"
>;

export interface PublishingContext {
  now: () => string;
  newId: (prefix: string) => string;
  userName: () => string;
  handbook: (id: string) => { id: string; title: string; version: number; status: HandbookStatus };
  guard: <T>(f: () => T) => Promise<T>;
}

/** What a memory publishing run "wrote", by full path. */
export interface MemoryFile {
  sha256: string;
  bytes: number;
}

function fail(code: BackendError["code"], message: string): never {
  throw new BackendError({ code, message });
}

const nfc = (s: string) => s.normalize("NFC").trim();

function slug(s: string): string {
  return s
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[đĐ]/g, "d")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

const SUFFIX: Record<PubFormat, string> = { "pdf-print": "-in.pdf", "pdf-screen": ".pdf", html: ".html", epub: ".epub" };

/** The recipients CSV, row by row as `sotay::parse_recipients` reads it (simple CSV, no quotes with commas). */
export function parseRecipientsCsv(text: string): Recipient[] {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1].trim() === "") lines.pop();
  const cells = (l: string) => l.split(",").map((c) => c.trim().replace(/^"(.*)"$/, "$1"));
  const header = cells(lines[0] ?? "");
  const unknown = header.find((h) => !["name", "unit", "copies"].includes(h));
  if (unknown !== undefined) {
    fail("invalid_input", `Dòng 1: cột “${unknown}” không được hỗ trợ; tiêu đề phải là name,unit,copies. Không tạo tệp nào.`);
  }
  if (header.join(",") !== "name,unit,copies") {
    fail("invalid_input", `Dòng 1: tiêu đề phải là name,unit,copies (có: ${header.join(",")}). Không tạo tệp nào.`);
  }
  const out: Recipient[] = [];
  lines.slice(1).forEach((line, i) => {
    const row = i + 2;
    const c = cells(line);
    if (c.length !== 3) fail("invalid_input", `Dòng ${row}: cần 3 cột, có ${c.length}. Không tạo tệp nào.`);
    const [name, unit, copiesText] = [nfc(c[0]), nfc(c[1]), c[2]];
    if (!name) fail("invalid_input", `Dòng ${row}: thiếu tên người nhận. Không tạo tệp nào.`);
    if (!/^[+-]?\d+$/.test(copiesText)) {
      fail("invalid_input", `Dòng ${row}: số bản “${copiesText}” không phải số nguyên. Không tạo tệp nào.`);
    }
    const copies = Number(copiesText);
    if (copies < 1 || copies > 10_000) {
      fail("invalid_input", `Dòng ${row}: số bản phải từ 1 trở lên (có ${copies}). Không tạo tệp nào.`);
    }
    out.push({ name, unit, copies });
  });
  if (out.length === 0) fail("invalid_input", "Danh sách người nhận trống.");
  return out;
}

/** A stand-in for SHA-256: 64 hex digits that change with the text. */
function fakeSha(text: string): string {
  let out = "";
  for (let k = 0; k < 8; k++) {
    let h = 2166136261 ^ k;
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
    out += h.toString(16).padStart(8, "0");
  }
  return out;
}

export function memoryPublishing(ctx: PublishingContext): PublishingMethods & { files: Map<string, MemoryFile> } {
  const { guard } = ctx;
  const editions: Edition[] = [];
  const copies: IssuedCopy[] = [];
  const files = new Map<string, MemoryFile>();
  let cancelled = false;

  function edition(handbookId: string, label: string): Edition {
    const h = ctx.handbook(handbookId);
    const e = editions.find((x) => x.handbook_id === h.id && x.label === nfc(label));
    if (!e) fail("not_found", `Không tìm thấy ấn bản “${label}” của sổ tay này.`);
    return e;
  }

  return {
    files,
    parseRecipients: (text) => guard(() => parseRecipientsCsv(text)),
    publishEdition: async (req, onprogress: (p: PublishProgress) => void) => {
      cancelled = false;
      const prepared = await guard(() => {
        const h = ctx.handbook(req.handbook);
        if (h.status !== "approved" && h.status !== "published") {
          fail("workflow_refused", `Sổ tay đang ở trạng thái chưa duyệt: cần Đã duyệt trước khi phát hành ấn bản.`);
        }
        const label = nfc(req.label);
        if (!label) fail("invalid_input", "Cần nhãn ấn bản, ví dụ 1.0.");
        if (req.formats.length === 0) fail("invalid_input", "Chọn ít nhất một định dạng.");
        const dir = nfc(req.out_dir);
        if (!dir.startsWith("/") && !/^[A-Za-z]:[\\/]/.test(dir)) fail("invalid_input", `Thư mục “${dir}” cần đường dẫn đầy đủ.`);
        if (req.recipients) for (const r of req.recipients) if (!nfc(r.name) || r.copies < 1) fail("invalid_input", "Người nhận cần tên và ít nhất 1 bản.");
        let e = editions.find((x) => x.handbook_id === h.id && x.label === label);
        const reproduced = e !== undefined;
        e ??= {
          id: ctx.newId("ed"), handbook_id: h.id, label, date: req.date ?? ctx.now().slice(0, 10), version: h.version,
          title: h.title, created_by: ctx.userName(), created_at: ctx.now(),
        };
        return { h, e, reproduced, dir };
      });
      const { e, reproduced, dir } = prepared;
      const list: [number, string, string][] = req.recipients
        ? req.recipients.flatMap((r) => Array.from({ length: r.copies }, () => [0, nfc(r.name), nfc(r.unit)] as [number, string, string])).map((x, i) => [i + 1, x[1], x[2]])
        : [[0, "", ""]];
      const jobs = list.flatMap(([serial, name, unit]) => req.formats.map((format) => ({ serial, name, unit, format })));
      const stem = `${slug(e.title).slice(0, 60).replace(/-[^-]*$/, "")}-${slug(e.label)}`;
      const made: ManifestFile[] = [];
      onprogress({ done: 0, total: jobs.length });
      for (const j of jobs) {
        await new Promise((r) => setTimeout(r, 0));
        if (cancelled) fail("invalid_input", "Đã hủy phát hành; không có tệp nào được giữ lại.");
        const file = j.serial === 0 ? `${stem}${SUFFIX[j.format]}` : `${stem}-ban-${String(j.serial).padStart(3, "0")}-${slug(j.name).slice(0, 40)}${SUFFIX[j.format]}`;
        const sha256 = fakeSha(`${e.id}|${j.serial}|${j.name}|${j.format}`);
        made.push({ serial: j.serial, recipient: j.name, unit: j.unit, format: j.format, file, bytes: 1000 + file.length, sha256 });
        onprogress({ done: made.length, total: jobs.length });
      }
      return guard((): PublishReport => {
        if (!reproduced) editions.push(e);
        const sep = dir.includes("\\") ? "\\" : "/";
        for (const f of made) {
          files.set(`${dir.replace(/[\\/]$/, "")}${sep}${f.file}`, { sha256: f.sha256, bytes: f.bytes });
          if (f.serial > 0 && !copies.some((c) => c.edition_id === e.id && c.sha256 === f.sha256)) {
            copies.push({
              edition_id: e.id, serial: f.serial, recipient: f.recipient, unit: f.unit, format: f.format, file_name: f.file,
              bytes: f.bytes, sha256: f.sha256, issued_at: ctx.now(), note: "", replaces: null,
            });
          }
        }
        files.set(`${dir}${sep}manifest.json`, { sha256: fakeSha(`manifest ${e.id}`), bytes: 10 });
        files.set(`${dir}${sep}SHA256SUMS`, { sha256: fakeSha(`sums ${e.id}`), bytes: 10 });
        return { edition: structuredClone(e), reproduced, out_dir: dir, files: made };
      });
    },
    cancelPublish: async () => {
      cancelled = true;
    },
    listEditions: (handbookId) =>
      guard(() => {
        const h = ctx.handbook(handbookId);
        return structuredClone(editions.filter((e) => e.handbook_id === h.id).reverse());
      }),
    distributionLog: (handbookId, label) =>
      guard(() => {
        const e = edition(handbookId, label);
        return [structuredClone(e), structuredClone(copies.filter((c) => c.edition_id === e.id))];
      }),
    verifyFile: (path) =>
      guard(() => {
        const f = files.get(nfc(path));
        if (!f) fail("not_found", `Không đọc được tệp “${nfc(path)}”.`);
        const matching = copies.filter((c) => c.sha256 === f.sha256);
        const e = matching.length > 0 ? (editions.find((x) => x.id === matching[0].edition_id) ?? null) : null;
        return { sha256: f.sha256, genuine: matching.length > 0, edition: structuredClone(e), copies: structuredClone(matching) };
      }),
    onFileDrop: async () => () => {},
  };
}
