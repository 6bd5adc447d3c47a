// The i18n layer: every user-visible string goes through t(). Vietnamese is the default.
import type { Lang } from "../backend/bindings";
import { en } from "./en";
import { vi, type MessageKey } from "./vi";

export type { MessageKey };

const dictionaries: Record<Lang, Record<MessageKey, string>> = { vi, en };

class I18n {
  lang = $state<Lang>("vi");

  /** The message `key` in the current language, with `{name}` placeholders filled. */
  t = (key: MessageKey, params: Record<string, string | number> = {}): string => {
    const template = dictionaries[this.lang][key] ?? vi[key];
    return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
      name in params ? String(params[name]) : whole,
    );
  };

}

export const i18n = new I18n();
export const t = i18n.t;

export function setDocumentLang(lang: Lang): void {
  document.documentElement.lang = lang;
}

export { dictionaries };
