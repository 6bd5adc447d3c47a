import type { HandbookView, PilotModel, TemplateSummary } from "../lib/backend";

export const handbook: HandbookView = {
  summary: {
    id: "019a0000-0000-7000-8000-000000000001",
    title: "Sổ tay hướng dẫn truy xuất nguồn gốc sản phẩm Tôm thẻ chân trắng",
    product: "Tôm thẻ chân trắng",
    template_id: "tom-nuoc-lo",
    status: "draft",
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
