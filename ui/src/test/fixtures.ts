import type { ChecklistItem, HandbookView, PilotModel, TemplateDetail, TemplateSummary } from "../lib/backend";

export const handbook: HandbookView = {
  summary: {
    id: "019a0000-0000-7000-8000-000000000001",
    title: "Sổ tay hướng dẫn truy xuất nguồn gốc sản phẩm Tôm thẻ chân trắng",
    product: "Tôm thẻ chân trắng",
    template_id: "tom-nuoc-lo",
    status: "draft",
    version: 1,
    chapter_count: 2,
    updated_at: "2026-11-28T10:00:00Z",
  },
  variables: { product: { name: "Tôm thẻ chân trắng" } },
  chapters: [
    {
      id: "c1", key: "gioi-thieu", position: 1, title: "Giới thiệu chung", level: "M",
      source: "# Giới thiệu chung", rendered: "# Giới thiệu chung",
      html: "<h1>Giới thiệu chung</h1>\n<p>Sổ tay này hướng dẫn…</p>\n", render_error: null,
    },
    {
      id: "c2", key: "dinh-danh", position: 2, title: "Định danh", level: "M",
      source: "# Định danh\n{{ product.gtin }}", rendered: "# Định danh\n{{ product.gtin }}",
      html: "<h1>Định danh</h1>\n", render_error: "1:13: Variable `product.gtin` not found",
    },
  ],
};

export const pilots: PilotModel[] = [
  {
    id: "p1", name: "Hợp tác xã Tôm – Lúa Thuận Hòa", kind: "cooperative",
    address: { province: "An Giang", commune: "Xã An Minh", legacy_district: "Huyện An Minh" },
    contact: "0297 3800 000", handbook_id: handbook.summary.id, created_at: "2026-11-28T10:00:00Z",
  },
  {
    id: "p2", name: "Công ty TNHH Thủy sản Rạch Giá", kind: "enterprise",
    address: { province: "An Giang", commune: "Phường Rạch Giá", legacy_district: null },
    contact: "", handbook_id: null, created_at: "2026-11-28T10:00:00Z",
  },
];

export const templates: TemplateSummary[] = [
  {
    id: "tom-nuoc-lo", name: { vi: "Tôm nước lợ", en: "Brackish-water shrimp" },
    description: { vi: "Mẫu cho tôm sú và tôm thẻ", en: "For black tiger and whiteleg shrimp" },
    version: "1.0.0", category: "aquatic", chapter_count: 17, variable_count: 20, builtin: true,
  },
];

const label = (vi: string, en: string) => ({ vi, en });
const none = { unit: null, min: null, max: null, max_len: null, pattern: null, options: [] };

/** A small template with one variable of each kind the wizard draws. */
export const templateDetail: TemplateDetail = {
  summary: templates[0],
  variables: [
    { key: "product.name", type: "text", required: true, label: label("Tên sản phẩm", "Product name"), help: label("Tên in trên nhãn.", "As on the label."), ...none, columns: [], default: null },
    { key: "product.gtin", type: "gtin", required: true, label: label("Mã GTIN", "GTIN"), help: label("13 chữ số.", "13 digits."), ...none, columns: [], default: null },
    { key: "product.species", type: "enum", required: false, label: label("Loài tôm", "Species"), help: label("", ""), ...none, options: [{ value: "su", label: label("Tôm sú", "Black tiger") }, { value: "the", label: label("Tôm thẻ", "Whiteleg") }], columns: [], default: null },
    { key: "organization.gln", type: "gln", required: true, label: label("GLN của tổ chức", "Organisation GLN"), help: label("", ""), ...none, columns: [], default: null },
    { key: "organization.address", type: "address", required: false, label: label("Địa chỉ", "Address"), help: label("", ""), ...none, columns: [], default: null },
    { key: "trace_test.target_minutes", type: "number", required: false, label: label("Thời gian mục tiêu", "Target time"), help: label("", ""), ...none, unit: "phút", min: 15, max: 1440, columns: [], default: null },
    {
      key: "chain.sites", type: "table", required: false, label: label("Địa điểm", "Sites"), help: label("", ""), ...none, default: null,
      columns: [
        { key: "code", type: "text", required: false, label: label("Mã", "Code"), help: label("", ""), ...none },
        { key: "gln", type: "gln", required: false, label: label("GLN", "GLN"), help: label("", ""), ...none },
      ],
    },
  ],
  chapters: [
    { key: "gioi-thieu", title: label("Giới thiệu chung", "Introduction"), level: "M" },
    { key: "dinh-danh", title: label("Định danh", "Identification"), level: "M" },
  ],
  forms: [{ id: "BM-01", title: label("Nhật ký ao nuôi", "Pond diary"), chapter: "phu-luc-bieu-mau" }],
  sample_vars: {
    product: { name: "Tôm sú Thuận Hòa", gtin: "8939990100112", species: "su" },
    organization: { gln: "8939990190007", address: { province: "An Giang", commune: "xã An Minh" } },
    trace_test: { target_minutes: 240 },
    chain: { sites: [{ code: "AO01", gln: "8939990190014" }] },
  },
};

const item = (
  id: string,
  level: "M" | "C" | "R",
  critical: boolean,
  vi: string,
  en: string,
  evidence: [string, string],
  condition: [string, string] | null = null,
): ChecklistItem => ({
  id,
  section: id.split(".")[0],
  level,
  critical,
  text: label(vi, en),
  source: "GTCC 2.1",
  evidence: label(...evidence),
  condition: condition ? label(...condition) : null,
});

/** A small checklist: three sections, a critical item, a conditional one, and S9 from trace tests. */
export const checklist: ChecklistItem[] = [
  item("S1.1", "M", false, "Mục tiêu truy xuất nguồn gốc được viết thành văn bản", "Objectives are written down", ["Chương 1 của sổ tay", "Handbook ch.1"]),
  item("S1.2", "M", false, "Phạm vi nêu rõ sản phẩm và công đoạn", "Scope states products and steps", ["Mục phạm vi", "Scope section"]),
  item("S1.3", "M", false, "Vị trí trong chuỗi được mô tả bằng sơ đồ", "Position in the chain is mapped", ["Sơ đồ dòng sản phẩm", "Flow diagram"]),
  item("S2.4", "M", true, "Có quy tắc đặt mã lô bằng văn bản", "A written lot-coding rule exists", ["Quy trình và mã mẫu", "Procedure and sample codes"]),
  item("S2.7", "C", false, "Vật mang dữ liệu đọc được", "The data carrier is readable", ["Quét nhãn mẫu", "Scan sample labels"], ["Khi sản phẩm có dán nhãn", "If labelled"]),
  item("S2.9", "R", false, "Mã QR dùng GS1 Digital Link", "QR uses GS1 Digital Link", ["Quét mã QR", "Scan the QR"]),
  item("S9.1", "M", true, "Truy xuất ngược hoàn tất", "Backward trace completed", ["Biên bản truy xuất thử", "Test record"]),
  item("S9.2", "M", true, "Truy xuất xuôi hoàn tất", "Forward trace completed", ["Biên bản truy xuất thử", "Test record"]),
  item("S9.3", "M", false, "Truy xuất trong thời gian mục tiêu", "Trace within the target time", ["Đồng hồ", "Timer"]),
  item("S9.4", "M", false, "Cân đối khối lượng trong dung sai", "Quantity reconciled", ["Bảng cân đối", "Mass balance"]),
  item("S9.5", "M", false, "Thông tin nhất quán", "Information is consistent", ["Đối chiếu", "Cross-check"]),
];
