import { afterEach, expect, it } from "vitest";
import { me, person } from "./person.svelte";

afterEach(() => {
  me.identity = null;
});

it("names the user with the position, and others as recorded", () => {
  expect(person("Nguyễn Thị Hoa")).toBe("Nguyễn Thị Hoa");
  me.identity = { name: "Nguyễn Thị Hoa", position: "Chuyên viên", unit: "Sở KH&CN" };
  expect(person("Nguyễn Thị Hoa")).toBe("Nguyễn Thị Hoa (Chuyên viên)");
  expect(person("Lê Văn Kiểm")).toBe("Lê Văn Kiểm");
  me.identity = { name: "Nguyễn Thị Hoa", position: "", unit: "" };
  expect(person("Nguyễn Thị Hoa")).toBe("Nguyễn Thị Hoa");
});
