import { describe, expect, it } from "vitest";
import { dictionaries, i18n, t } from "./index.svelte";
import { vi } from "./vi";

describe("i18n", () => {
  it("has every Vietnamese key in English, with no empty strings", () => {
    for (const key of Object.keys(vi) as (keyof typeof vi)[]) {
      expect(dictionaries.en[key], key).toBeTruthy();
      expect(dictionaries.vi[key], key).toBeTruthy();
    }
  });

  it("has the same keys in both languages", () => {
    expect(Object.keys(dictionaries.en).sort()).toEqual(Object.keys(dictionaries.vi).sort());
  });

  it("holds to docs/terms.md: no retired word or developer word in either language", () => {
    const retired = [
      /Xuất bản điện tử/i, // exporting is "Xuất tệp"; publishing is "Phát hành"
      /Gửi góp ý/i, // the author "Gửi duyệt"
      /manifest\.json|SHA256SUMS|sha256sum|template\.toml/, // "Kiểm tra tính toàn vẹn"
      /NNNN|YYYY|TT-NN|GG:PP/, // dates are dd/mm/yyyy (nn/tt/nnnn), picked on a calendar
      /phiên bản (lược đồ|chương)|lược đồ/i, // "Phiên bản" is a handbook's revision only
      /phiên bản \{label\}|so với phiên bản/i, // an edition is "Ấn bản {label}"
    ];
    for (const dict of [dictionaries.vi, dictionaries.en]) {
      for (const [key, text] of Object.entries(dict)) {
        for (const word of retired) expect(text, key).not.toMatch(word);
      }
    }
  });

  it("keeps Vietnamese text in NFC", () => {
    for (const text of Object.values(vi)) expect(text).toBe(text.normalize("NFC"));
  });

  it("defaults to Vietnamese, switches to English and fills placeholders", () => {
    expect(i18n.lang).toBe("vi");
    expect(t("nav.pilots")).toBe("Kiểm tra thí điểm");
    i18n.lang = "en";
    expect(t("nav.pilots")).toBe("Pilot verification");
    expect(t("handbooks.templates.chapters", { n: 17, v: 20 })).toBe("17 chapters · 20 variables");
    i18n.lang = "vi";
    expect(t("handbooks.templates.chapters", { n: 17, v: 20 })).toBe("17 chương · 20 biến");
  });
});
