// An in-memory backend with the same contract as the Tauri one: for unit tests and for
// running the UI in a plain browser. Data is passed in, so tests say what they expect.
import { BackendError, type Backend } from "./index";
import type { AppInfo, HandbookView, Lang, PilotModel, TemplateSummary } from "./bindings";

export interface MemoryData {
  handbooks: HandbookView[];
  templates: TemplateSummary[];
  pilots: PilotModel[];
  lang?: Lang;
  failWith?: { code: "db_corrupt" | "db_not_sqlite" | "internal"; message: string };
}

export function memoryBackend(data: MemoryData): Backend & { lang: Lang } {
  const state = { lang: data.lang ?? ("vi" as Lang) };
  const guard = async <T>(f: () => T): Promise<T> => {
    if (data.failWith) throw new BackendError(data.failWith);
    return f();
  };
  return {
    get lang() {
      return state.lang;
    },
    appInfo: () =>
      guard<AppInfo>(() => ({
        version: "0.0.0-test",
        db_path: ":memory:",
        schema_version: 1,
        lang: state.lang,
      })),
    listHandbooks: () => guard(() => data.handbooks.map((h) => h.summary)),
    listTemplates: () => guard(() => data.templates),
    listPilots: () => guard(() => data.pilots),
    openHandbook: (id) =>
      guard(() => {
        const h = data.handbooks.find((x) => x.summary.id === id || x.summary.title === id);
        if (!h) throw new BackendError({ code: "not_found", message: `Không tìm thấy sổ tay: ${id}` });
        return h;
      }),
    setLanguage: (lang) =>
      guard(() => {
        state.lang = lang;
      }),
  };
}
