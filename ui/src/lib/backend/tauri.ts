// The one module that imports @tauri-apps/api. Each method is one Tauri command.
import { invoke } from "@tauri-apps/api/core";
import { BackendError, isErrorPayload, type Backend } from "./index";

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (e) {
    if (isErrorPayload(e)) throw new BackendError(e);
    throw new BackendError({ code: "internal", message: String(e) });
  }
}

/** Whether the page runs inside the Tauri webview. */
export function inTauri(): boolean {
  return typeof window !== "undefined" && "__TAURI_INTERNALS__" in window;
}

export const tauriBackend: Backend = {
  appInfo: () => call("app_info"),
  listHandbooks: () => call("list_handbooks"),
  listTemplates: () => call("list_templates"),
  listPilots: () => call("list_pilots"),
  openHandbook: (id) => call("open_handbook", { id }),
  setLanguage: (lang) => call("set_language", { lang }),
};
