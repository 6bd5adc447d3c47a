import { afterEach, describe, expect, it } from "vitest";
import { checkCompanyPrefix, checkGln, checkGtin, describeKeyProblem, gs1CheckDigit } from "./gs1";
import { i18n } from "./i18n/index.svelte";

describe("GS1 keys", () => {
  afterEach(() => {
    i18n.lang = "vi";
  });

  it("computes the mod-10 check digit of GTIN-8, -12, -13, -14 and GLN data", () => {
    expect(gs1CheckDigit("9638507")).toBe(4); // GTIN-8 96385074
    expect(gs1CheckDigit("03600029145")).toBe(2); // GTIN-12 036000291452
    expect(gs1CheckDigit("893999010011")).toBe(2); // the shrimp template's GTIN-13
    expect(gs1CheckDigit("1893999010011")).toBe(9); // its case GTIN-14
    expect(gs1CheckDigit("893999019000")).toBe(7); // the organisation's GLN
    expect(gs1CheckDigit("000000000000")).toBe(0);
  });

  it("accepts valid keys and says what is wrong with the others", () => {
    expect(checkGtin("8939990100112")).toBeNull();
    expect(checkGtin(" 18939990100119 ")).toBeNull();
    expect(checkGtin("96385074")).toBeNull();
    expect(checkGtin("8939990100113")).toEqual({ kind: "check_digit", found: 3, expected: 2 });
    expect(checkGtin("893999010011")).toEqual({ kind: "check_digit", found: 1, expected: 9 });
    expect(checkGtin("89399901001")).toEqual({ kind: "length", found: 11, allowed: [8, 12, 13, 14] });
    expect(checkGtin("893 9990100112")).toEqual({ kind: "not_digits" });
    expect(checkGln("8939990190007")).toBeNull();
    expect(checkGln("89399901900071")).toEqual({ kind: "length", found: 14, allowed: [13] });
    expect(checkCompanyPrefix("89399901")).toBeNull();
    expect(checkCompanyPrefix("95012345")).toEqual({ kind: "prefix" });
    expect(checkCompanyPrefix("893")).toEqual({ kind: "prefix" });
  });

  it("explains a wrong check digit in Vietnamese and English", () => {
    const p = checkGtin("8939990100114");
    expect(p).not.toBeNull();
    expect(describeKeyProblem(p!)).toBe("chữ số kiểm tra là 4, đúng ra phải là 2");
    expect(describeKeyProblem({ kind: "length", found: 11, allowed: [8, 12, 13, 14] })).toBe(
      "có 11 chữ số, cần 8 hoặc 12 hoặc 13 hoặc 14",
    );
    i18n.lang = "en";
    expect(describeKeyProblem(p!)).toBe("the check digit is 4, it should be 2");
  });
});
