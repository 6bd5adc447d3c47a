//! The key-product catalogue (danh mục sản phẩm, hàng hóa chủ lực, thế mạnh), its roadmap and
//! the national-portal readiness of each key product and pilot (plan II.2.a and II.3).
//!
//! - Proposals come from the sectoral departments and associations; each is scored 0–5 on
//!   weighted criteria. The criteria and their default weights are **proposals of Sotay**, not
//!   of a legal text (DOMAIN.md gives none); the weights live in the workspace settings.
//! - The ranked list is computed here: weighted sum, then a deterministic tie-break.
//! - A roadmap milestone's progress is computed from the records that fulfil it.
//! - The portal-readiness checklist is computed from the GS1 keys, the lot rule, the data
//!   carrier, the public information of Circular 02/2024 Art. 6.5 and the registration.

use std::cmp::Ordering;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::gs1;
use crate::Localized;

/// The highest score of a criterion (scores are 0–5).
pub const MAX_SCORE: u8 = 5;

/// The settings key that holds the weights (JSON object criterion → weight).
pub const WEIGHTS_SETTING: &str = "catalogue.weights";

/// The criteria with their default weights (sum 100): key, Vietnamese, English, weight.
/// Sotay's proposal, not a legal text (see `docs/catalogue.md`).
pub const DEFAULT_CRITERIA: [(&str, &str, &str, u32); 5] = [
    (
        "production_value",
        "Giá trị sản xuất",
        "Production value",
        30,
    ),
    ("scale", "Quy mô sản xuất", "Scale of production", 20),
    ("export_share", "Tỷ trọng xuất khẩu", "Export share", 20),
    (
        "brand_gi",
        "Thương hiệu, chỉ dẫn địa lý",
        "Brand, geographical indication",
        15,
    ),
    (
        "chain_readiness",
        "Mức sẵn sàng của chuỗi",
        "Readiness of the chain",
        15,
    ),
];

/// A criterion with its weight.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Criterion {
    pub key: String,
    pub label: Localized,
    pub weight: u32,
}

/// The default criteria and weights.
pub fn default_criteria() -> Vec<Criterion> {
    DEFAULT_CRITERIA
        .iter()
        .map(|(key, vi, en, weight)| Criterion {
            key: (*key).into(),
            label: Localized::new(*vi, *en),
            weight: *weight,
        })
        .collect()
}

/// The criteria with the weights a setting holds (`{"scale": 25, …}`); a criterion the
/// setting does not name keeps its default weight.
pub fn criteria_with(weights: &serde_json::Value) -> Vec<Criterion> {
    default_criteria()
        .into_iter()
        .map(|mut c| {
            if let Some(w) = weights.get(&c.key).and_then(serde_json::Value::as_u64) {
                c.weight = w.min(100) as u32;
            }
            c
        })
        .collect()
}

/// Where a proposed product stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ProductStatus {
    /// Proposed, being evaluated.
    Proposed,
    /// Issued in the catalogue (a decision number and date recorded).
    Issued,
}

impl ProductStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ProductStatus::Proposed => "proposed",
            ProductStatus::Issued => "issued",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "proposed" => Some(ProductStatus::Proposed),
            "issued" => Some(ProductStatus::Issued),
            _ => None,
        }
    }

    pub fn label(self) -> Localized {
        match self {
            ProductStatus::Proposed => Localized::new("Đề xuất", "Proposed"),
            ProductStatus::Issued => Localized::new("Đã ban hành", "Issued"),
        }
    }
}

/// One criterion's score of a product (None: not scored yet).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CriterionScore {
    pub criterion: String,
    pub score: Option<u8>,
}

/// A proposed (or issued) key product.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct KeyProduct {
    pub id: String,
    pub name: String,
    /// The department or association that proposed it.
    pub proposed_by: String,
    /// Why (as the proposal says).
    pub reasons: String,
    pub status: ProductStatus,
    /// The issuing decision, once issued ("125/QĐ-UBND").
    pub decision_number: String,
    /// YYYY-MM-DD, once issued.
    pub decision_date: String,
    /// The handbook written for it, if any.
    pub handbook_id: Option<String>,
    /// That handbook's title.
    pub handbook_title: String,
    /// One per criterion, in the criteria's order.
    pub scores: Vec<CriterionScore>,
    pub created_at: String,
}

/// A product's place in the ranked list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct RankedProduct {
    /// 1, 2, 3… — distinct (ties are broken, see [`rank`]).
    pub rank: u32,
    pub id: String,
    pub name: String,
    pub proposed_by: String,
    pub status: ProductStatus,
    /// Σ weight × score.
    pub weighted_sum: u32,
    /// Σ weight × 5.
    pub max_sum: u32,
    /// weighted_sum / max_sum × 100, rounded to 2 decimals.
    pub score_pct: f64,
    /// Every criterion scored.
    pub complete: bool,
    pub scores: Vec<CriterionScore>,
}

fn score_of(p: &KeyProduct, key: &str) -> Option<u8> {
    p.scores
        .iter()
        .find(|s| s.criterion == key)
        .and_then(|s| s.score)
}

/// The ranked list: by weighted sum (Σ weight × score, a missing score counting 0), highest
/// first; ties broken by (1) every criterion scored before not, (2) the scores compared
/// criterion by criterion from the heaviest weight (equal weights in the criteria's order),
/// (3) the name, (4) the id — so the same records always give the same list.
pub fn rank(products: &[KeyProduct], criteria: &[Criterion]) -> Vec<RankedProduct> {
    let max_sum: u32 = criteria
        .iter()
        .map(|c| c.weight * u32::from(MAX_SCORE))
        .sum();
    let mut order: Vec<&Criterion> = criteria.iter().collect();
    order.sort_by_key(|c| std::cmp::Reverse(c.weight)); // stable: equal weights keep their order
    let sum = |p: &KeyProduct| -> u32 {
        criteria
            .iter()
            .map(|c| c.weight * u32::from(score_of(p, &c.key).unwrap_or(0)))
            .sum()
    };
    let complete = |p: &KeyProduct| criteria.iter().all(|c| score_of(p, &c.key).is_some());
    let mut list: Vec<&KeyProduct> = products.iter().collect();
    list.sort_by(|a, b| {
        sum(b)
            .cmp(&sum(a))
            .then_with(|| complete(b).cmp(&complete(a)))
            .then_with(|| {
                order
                    .iter()
                    .map(|c| {
                        score_of(b, &c.key)
                            .unwrap_or(0)
                            .cmp(&score_of(a, &c.key).unwrap_or(0))
                    })
                    .find(|o| *o != Ordering::Equal)
                    .unwrap_or(Ordering::Equal)
            })
            .then_with(|| a.name.cmp(&b.name))
            .then_with(|| a.id.cmp(&b.id))
    });
    list.into_iter()
        .enumerate()
        .map(|(i, p)| {
            let weighted_sum = sum(p);
            RankedProduct {
                rank: i as u32 + 1,
                id: p.id.clone(),
                name: p.name.clone(),
                proposed_by: p.proposed_by.clone(),
                status: p.status,
                weighted_sum,
                max_sum,
                score_pct: if max_sum == 0 {
                    0.0
                } else {
                    (f64::from(weighted_sum) * 10_000.0 / f64::from(max_sum)).round() / 100.0
                },
                complete: complete(p),
                scores: criteria
                    .iter()
                    .map(|c| CriterionScore {
                        criterion: c.key.clone(),
                        score: score_of(p, &c.key),
                    })
                    .collect(),
            }
        })
        .collect()
}

// ----- the roadmap ---------------------------------------------------------------------------

/// What a roadmap milestone is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum MilestoneKind {
    /// The product's traceability handbook approved or published.
    Handbook,
    /// N pilot models assessed with an effective verdict.
    Pilot,
    /// Replication: N units applying the handbook.
    Replication,
    /// Ready to connect to the national portal (every readiness item met).
    Portal,
}

impl MilestoneKind {
    pub const ALL: [MilestoneKind; 4] = [
        MilestoneKind::Handbook,
        MilestoneKind::Pilot,
        MilestoneKind::Replication,
        MilestoneKind::Portal,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MilestoneKind::Handbook => "handbook",
            MilestoneKind::Pilot => "pilot",
            MilestoneKind::Replication => "replication",
            MilestoneKind::Portal => "portal",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn label(self) -> Localized {
        match self {
            MilestoneKind::Handbook => Localized::new("Sổ tay hướng dẫn", "Handbook"),
            MilestoneKind::Pilot => Localized::new("Mô hình thí điểm", "Pilot"),
            MilestoneKind::Replication => Localized::new("Nhân rộng", "Replication"),
            MilestoneKind::Portal => Localized::new("Kết nối Cổng quốc gia", "Portal connection"),
        }
    }
}

/// Where a milestone stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum MilestoneStatus {
    NotStarted,
    InProgress,
    Done,
    /// Its year has passed and it is not done.
    Late,
}

impl MilestoneStatus {
    pub fn label(self) -> Localized {
        match self {
            MilestoneStatus::NotStarted => Localized::new("Chưa thực hiện", "Not started"),
            MilestoneStatus::InProgress => Localized::new("Đang thực hiện", "In progress"),
            MilestoneStatus::Done => Localized::new("Hoàn thành", "Done"),
            MilestoneStatus::Late => Localized::new("Chậm tiến độ", "Late"),
        }
    }
}

/// A record that counts towards a milestone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MilestoneRecord {
    /// handbook | assessment | pilot | edition | readiness.
    pub kind: String,
    pub id: String,
    /// What it is called, in Vietnamese ("HTX Thuận Hòa, 16/06/2026, Hiệu lực").
    pub label: String,
}

/// What the records say about a key product, gathered by the use case.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct RoadmapFacts {
    /// The product's handbook: id, title, approved or published.
    pub handbook: Option<(String, String, bool)>,
    /// Completed assessments with an effective verdict (Hiệu lực, or with corrective actions)
    /// of pilots applying the handbook: one per pilot (its latest).
    pub effective_pilots: Vec<MilestoneRecord>,
    /// Units (pilot models) applying the handbook.
    pub units: Vec<MilestoneRecord>,
    /// Editions of the handbook and copies issued (the distribution log).
    pub editions: u32,
    pub copies: u32,
    /// Portal readiness of the product: items met, items in all.
    pub readiness: (u32, u32),
}

/// A milestone's progress, computed from the records.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct MilestoneProgress {
    /// How many of the target the records show (handbook/portal: 0 or 1, or items met).
    pub achieved: u32,
    pub target: u32,
    /// 0–100, whole.
    pub percent: u8,
    pub status: MilestoneStatus,
    pub records: Vec<MilestoneRecord>,
    /// In Vietnamese: "2/3 đơn vị áp dụng; 1 ấn bản, 120 bản đã phát hành".
    pub evidence: String,
}

/// A milestone's progress: `target` is N for pilot and replication (at least 1), ignored for
/// handbook and portal; `this_year` is today's year (a milestone of an earlier year not done is
/// late).
pub fn milestone_progress(
    kind: MilestoneKind,
    target: u32,
    year: i32,
    this_year: i32,
    facts: &RoadmapFacts,
) -> MilestoneProgress {
    let target = target.max(1);
    let (achieved, target, records, evidence) = match kind {
        MilestoneKind::Handbook => match &facts.handbook {
            Some((id, title, approved)) => (
                u32::from(*approved),
                1,
                vec![MilestoneRecord {
                    kind: "handbook".into(),
                    id: id.clone(),
                    label: title.clone(),
                }],
                format!(
                    "sổ tay “{title}” {}",
                    if *approved {
                        "đã duyệt"
                    } else {
                        "đang soạn thảo"
                    }
                ),
            ),
            None => (0, 1, vec![], "chưa có sổ tay".into()),
        },
        MilestoneKind::Pilot => (
            facts.effective_pilots.len() as u32,
            target,
            facts.effective_pilots.clone(),
            format!(
                "{}/{target} mô hình được xác nhận hiệu lực",
                facts.effective_pilots.len()
            ),
        ),
        MilestoneKind::Replication => (
            facts.units.len() as u32,
            target,
            facts.units.clone(),
            format!(
                "{}/{target} đơn vị áp dụng sổ tay; {} ấn bản, {} bản đã phát hành",
                facts.units.len(),
                facts.editions,
                facts.copies
            ),
        ),
        MilestoneKind::Portal => (
            facts.readiness.0,
            facts.readiness.1.max(1),
            vec![],
            format!(
                "đạt {}/{} tiêu chí sẵn sàng kết nối",
                facts.readiness.0, facts.readiness.1
            ),
        ),
    };
    let percent = (u64::from(achieved.min(target)) * 100 / u64::from(target)) as u8;
    let status = if achieved >= target {
        MilestoneStatus::Done
    } else if this_year > year {
        MilestoneStatus::Late
    } else if achieved > 0
        || (kind == MilestoneKind::Handbook && facts.handbook.is_some())
        || (kind == MilestoneKind::Replication && facts.copies > 0)
    {
        MilestoneStatus::InProgress
    } else {
        MilestoneStatus::NotStarted
    };
    MilestoneProgress {
        achieved,
        target,
        percent,
        status,
        records,
        evidence,
    }
}

/// A milestone of a product's roadmap, with its progress.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Milestone {
    pub id: String,
    pub year: i32,
    pub kind: MilestoneKind,
    pub note: String,
    pub progress: MilestoneProgress,
}

/// A key product's roadmap.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Roadmap {
    pub product_id: String,
    pub product: String,
    pub status: ProductStatus,
    pub handbook_id: Option<String>,
    pub milestones: Vec<Milestone>,
    /// Milestones done / in all.
    pub done: u32,
    pub total: u32,
}

// ----- portal readiness ------------------------------------------------------------------

/// The data carriers TCVN 13275:2020 names (DOMAIN.md §1.4): key, Vietnamese, English, whether
/// it can hold the lot and the event time beside the GTIN (the traceability code of
/// Circular 02/2024 Art. 3), not only the GTIN.
pub const CARRIERS: [(&str, &str, &str, bool); 6] = [
    (
        "qr",
        "Mã QR (GS1 Digital Link, TCVN 7322)",
        "QR code (GS1 Digital Link)",
        true,
    ),
    ("datamatrix", "Mã GS1 DataMatrix", "GS1 DataMatrix", true),
    ("gs1_128", "Mã vạch GS1-128", "GS1-128 barcode", true),
    ("rfid", "Thẻ RFID", "RFID tag", true),
    (
        "ean13",
        "Mã vạch EAN-13 (TCVN 7825)",
        "EAN-13 barcode",
        false,
    ),
    (
        "itf14",
        "Mã vạch ITF-14 (TCVN 6513)",
        "ITF-14 barcode",
        false,
    ),
];

/// Whether a readiness item is met.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ReadinessState {
    Met,
    Missing,
    /// Given but wrong (a check digit, a prefix, a carrier that cannot hold the lot).
    Invalid,
}

/// One item of the readiness checklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReadinessItem {
    /// gs1_prefix | gtin | gln | trace_code | carrier | public_info | image | event_time |
    /// registration.
    pub key: String,
    pub label: Localized,
    /// Where the rule comes from ("TCVN 13274:2020", "Thông tư 02/2024, Điều 6.5").
    pub source: String,
    pub state: ReadinessState,
    /// What was found or what is missing.
    pub detail: Localized,
}

/// What readiness is computed from (the product's or the pilot's records).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ReadinessInput {
    pub company_prefix: String,
    pub gtins: Vec<String>,
    pub glns: Vec<String>,
    /// The lot-code rule ("{site}-{YYMMDD}-{seq}") and an example lot code.
    pub lot_pattern: String,
    pub lot_example: String,
    /// The GS1 Digital Link resolver domain ("id.gs1.org").
    pub resolver: String,
    /// A key of [`CARRIERS`], or empty.
    pub carrier: String,
    pub product_name: String,
    pub image: String,
    pub producer: String,
    pub address: String,
    /// Lots with their time recorded (the trace tests' lots).
    pub dated_lots: u32,
    pub registered: bool,
    /// The portal's id of the organisation or product.
    pub portal_id: String,
}

/// The checklist of one key product or pilot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Readiness {
    /// The key product.
    pub product_id: String,
    /// The pilot, when the checklist is a pilot's (else the product's own).
    pub pilot_id: Option<String>,
    /// "Tôm sú Thuận Hòa" or "Tôm sú Thuận Hòa — HTX Thuận Hòa".
    pub subject: String,
    pub items: Vec<ReadinessItem>,
    pub met: u32,
    pub total: u32,
    /// The example traceability code (GS1 Digital Link) when one can be built.
    pub example_code: Option<String>,
}

fn item(
    key: &str,
    vi: &str,
    en: &str,
    source: &str,
    state: ReadinessState,
    detail: Localized,
) -> ReadinessItem {
    ReadinessItem {
        key: key.into(),
        label: Localized::new(vi, en),
        source: source.into(),
        state,
        detail,
    }
}

/// A GTIN's company part starts with the prefix (GTIN-14: after the indicator digit).
fn gtin_has_prefix(gtin: &str, prefix: &str) -> bool {
    gs1::gtin14(gtin).is_ok_and(|g| g[1..].starts_with(prefix))
}

/// The readiness checklist computed from `input`.
pub fn readiness(
    product_id: &str,
    pilot_id: Option<&str>,
    subject: &str,
    input: &ReadinessInput,
) -> Readiness {
    use ReadinessState::*;
    let mut items = Vec::new();
    let nothing = |vi: &str, en: &str| Localized::new(vi, en);
    // 1. GS1 company prefix.
    let prefix = input.company_prefix.trim();
    items.push(item(
        "gs1_prefix",
        "Mã doanh nghiệp GS1",
        "GS1 company prefix",
        "TCVN 13274:2020; GS1 (tiền tố 893)",
        match (prefix.is_empty(), gs1::validate_vn_company_prefix(prefix)) {
            (true, _) => Missing,
            (false, Ok(())) => Met,
            (false, Err(_)) => Invalid,
        },
        match (prefix.is_empty(), gs1::validate_vn_company_prefix(prefix)) {
            (true, _) => nothing("chưa có mã doanh nghiệp GS1", "no GS1 company prefix"),
            (false, Ok(())) => Localized::new(prefix, prefix),
            (false, Err(e)) => {
                Localized::new(format!("“{prefix}” {}", e.vi()), format!("“{prefix}”: {e}"))
            }
        },
    ));
    // 2. GTINs: valid check digits, under the company prefix.
    let mut bad_vi = Vec::new();
    let mut bad_en = Vec::new();
    for g in &input.gtins {
        if let Err(e) = gs1::validate_gtin(g) {
            bad_vi.push(format!("“{g}” {}", e.vi()));
            bad_en.push(format!("“{g}”: {e}"));
        } else if !prefix.is_empty() && !gtin_has_prefix(g, prefix) {
            bad_vi.push(format!("“{g}” không thuộc mã doanh nghiệp {prefix}"));
            bad_en.push(format!("“{g}” is not under the prefix {prefix}"));
        }
    }
    let valid_gtin = input
        .gtins
        .iter()
        .find(|g| gs1::validate_gtin(g).is_ok())
        .cloned();
    items.push(item(
        "gtin",
        "Mã GTIN của sản phẩm",
        "GTINs of the product",
        "TCVN 13274:2020 (mã truy vết sản phẩm)",
        if input.gtins.is_empty() {
            Missing
        } else if bad_vi.is_empty() {
            Met
        } else {
            Invalid
        },
        if input.gtins.is_empty() {
            nothing("chưa cấp mã GTIN", "no GTIN assigned")
        } else if bad_vi.is_empty() {
            Localized::new(input.gtins.join(", "), input.gtins.join(", "))
        } else {
            Localized::new(bad_vi.join("; "), bad_en.join("; "))
        },
    ));
    // 3. GLNs.
    let bad: Vec<(String, String)> = input
        .glns
        .iter()
        .filter_map(|g| {
            gs1::validate_gln(g)
                .err()
                .map(|e| (format!("“{g}” {}", e.vi()), format!("“{g}”: {e}")))
        })
        .collect();
    items.push(item(
        "gln",
        "Mã GLN địa điểm",
        "GLNs of the locations",
        "TCVN 13274:2020 (mã truy vết địa điểm)",
        if input.glns.is_empty() {
            Missing
        } else if bad.is_empty() {
            Met
        } else {
            Invalid
        },
        if input.glns.is_empty() {
            nothing("chưa cấp mã GLN", "no GLN assigned")
        } else if bad.is_empty() {
            Localized::new(input.glns.join(", "), input.glns.join(", "))
        } else {
            Localized::new(
                bad.iter()
                    .map(|b| b.0.clone())
                    .collect::<Vec<_>>()
                    .join("; "),
                bad.iter()
                    .map(|b| b.1.clone())
                    .collect::<Vec<_>>()
                    .join("; "),
            )
        },
    ));
    // 4. The trace code: product code + lot (+ location and time), as a GS1 Digital Link.
    let pattern_ok = crate::lot::validate_lot_pattern(&input.lot_pattern);
    let resolver = if input.resolver.trim().is_empty() {
        "id.gs1.org"
    } else {
        input.resolver.trim()
    };
    let example_code = match (&valid_gtin, pattern_ok.is_ok(), input.lot_example.trim()) {
        (Some(g), true, lot) if !lot.is_empty() => {
            let code = format!(
                "https://{resolver}/01/{}/10/{lot}",
                gs1::gtin14(g).unwrap_or_default()
            );
            gs1::parse_digital_link(&code).ok().map(|_| code)
        }
        _ => None,
    };
    let (state, detail) = match (&pattern_ok, &example_code) {
        (_, Some(code)) => (Met, Localized::new(code.clone(), code.clone())),
        (Err(e), _) if !input.lot_pattern.trim().is_empty() => (
            Invalid,
            Localized::new(
                format!("quy tắc mã lô “{}” không hợp lệ: {e}", input.lot_pattern),
                format!("the lot rule “{}” is not valid: {e}", input.lot_pattern),
            ),
        ),
        (Err(_), _) => (
            Missing,
            nothing("chưa có quy tắc mã lô", "no lot-code rule"),
        ),
        (Ok(_), None) if valid_gtin.is_none() => (
            Missing,
            nothing(
                "cần GTIN hợp lệ để lập mã truy xuất",
                "a valid GTIN is needed for the trace code",
            ),
        ),
        (Ok(_), None) => (
            Invalid,
            Localized::new(
                format!(
                    "không lập được mã truy xuất với mã lô ví dụ “{}”",
                    input.lot_example
                ),
                format!(
                    "no trace code can be built with the example lot “{}”",
                    input.lot_example
                ),
            ),
        ),
    };
    items.push(item(
        "trace_code",
        "Cấu trúc mã truy xuất nguồn gốc",
        "Format of the traceability code",
        "TCVN 13274:2020; Thông tư 02/2024, Điều 3, Điều 5",
        state,
        detail,
    ));
    // 5. The data carrier.
    let carrier = CARRIERS.iter().find(|c| c.0 == input.carrier.trim());
    items.push(item(
        "carrier",
        "Vật mang dữ liệu",
        "Data carrier",
        "TCVN 13275:2020; Thông tư 02/2024, Điều 5",
        match carrier {
            None => Missing,
            Some(c) if c.3 => Met,
            Some(_) => Invalid,
        },
        match carrier {
            None if input.carrier.trim().is_empty() => {
                nothing("chưa chọn vật mang dữ liệu", "no data carrier chosen")
            }
            None => Localized::new(
                format!("vật mang dữ liệu “{}” không được biết", input.carrier),
                format!("unknown data carrier “{}”", input.carrier),
            ),
            Some(c) if c.3 => Localized::new(c.1, c.2),
            Some(c) => Localized::new(
                format!(
                    "{} chỉ chứa được GTIN, không chứa mã lô và thời gian; cần mã hai chiều",
                    c.1
                ),
                format!(
                    "{} holds only the GTIN, not the lot and time; a 2D code is needed",
                    c.2
                ),
            ),
        },
    ));
    // 6. The minimum public information (Art. 6.5).
    let missing: Vec<(&str, &str)> = [
        (&input.product_name, ("tên sản phẩm", "product name")),
        (
            &input.producer,
            ("tên tổ chức sản xuất, kinh doanh", "producer"),
        ),
        (&input.address, ("địa chỉ", "address")),
    ]
    .into_iter()
    .filter(|(v, _)| v.trim().is_empty())
    .map(|(_, l)| l)
    .collect();
    items.push(item(
        "public_info",
        "Thông tin công khai tối thiểu",
        "Minimum public information",
        "Thông tư 02/2024, Điều 6 khoản 5",
        if missing.is_empty() { Met } else { Missing },
        if missing.is_empty() {
            Localized::new(
                format!(
                    "{}; {}; {}",
                    input.product_name, input.producer, input.address
                ),
                format!(
                    "{}; {}; {}",
                    input.product_name, input.producer, input.address
                ),
            )
        } else {
            Localized::new(
                format!(
                    "thiếu {}",
                    missing.iter().map(|m| m.0).collect::<Vec<_>>().join(", ")
                ),
                format!(
                    "missing {}",
                    missing.iter().map(|m| m.1).collect::<Vec<_>>().join(", ")
                ),
            )
        },
    ));
    let image = input.image.trim();
    let image_ok = image.starts_with("https://") || image.starts_with("http://");
    items.push(item(
        "image",
        "Ảnh sản phẩm",
        "Product image",
        "Thông tư 02/2024, Điều 6 khoản 5",
        match (image.is_empty(), image_ok) {
            (true, _) => Missing,
            (false, true) => Met,
            (false, false) => Invalid,
        },
        match (image.is_empty(), image_ok) {
            (true, _) => nothing("chưa có ảnh sản phẩm", "no product image"),
            (false, true) => Localized::new(image, image),
            (false, false) => Localized::new(
                format!("“{image}” không phải địa chỉ công khai (https://…)"),
                format!("“{image}” is not a public address (https://…)"),
            ),
        },
    ));
    items.push(item(
        "event_time",
        "Thời gian sản xuất, kinh doanh (sự kiện truy xuất)",
        "Time of production and trade (traceability events)",
        "Thông tư 02/2024, Điều 6 khoản 5",
        if input.dated_lots > 0 { Met } else { Missing },
        if input.dated_lots > 0 {
            Localized::new(
                format!("{} lô có ghi thời gian", input.dated_lots),
                format!("{} lots with their time recorded", input.dated_lots),
            )
        } else {
            nothing(
                "chưa có lô, sự kiện nào ghi thời gian",
                "no lot or event with its time recorded",
            )
        },
    ));
    // 7. Registration on the national portal.
    let registered = input.registered && !input.portal_id.trim().is_empty();
    items.push(item(
        "registration",
        "Đăng ký trên Cổng thông tin truy xuất nguồn gốc quốc gia",
        "Registered on the national traceability portal",
        "Thông tư 02/2024, Điều 6",
        if registered { Met } else { Missing },
        if registered {
            Localized::new(
                format!("mã trên Cổng: {}", input.portal_id.trim()),
                format!("portal id: {}", input.portal_id.trim()),
            )
        } else {
            nothing("chưa đăng ký", "not registered")
        },
    ));
    let met = items.iter().filter(|i| i.state == Met).count() as u32;
    Readiness {
        product_id: product_id.into(),
        pilot_id: pilot_id.map(str::to_owned),
        subject: subject.into(),
        total: items.len() as u32,
        met,
        items,
        example_code,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn product(id: &str, name: &str, scores: &[Option<u8>]) -> KeyProduct {
        KeyProduct {
            id: id.into(),
            name: name.into(),
            proposed_by: "Sở Nông nghiệp và Môi trường".into(),
            reasons: String::new(),
            status: ProductStatus::Proposed,
            decision_number: String::new(),
            decision_date: String::new(),
            handbook_id: None,
            handbook_title: String::new(),
            scores: DEFAULT_CRITERIA
                .iter()
                .zip(scores)
                .map(|(c, s)| CriterionScore {
                    criterion: c.0.into(),
                    score: *s,
                })
                .collect(),
            created_at: String::new(),
        }
    }

    #[test]
    fn ranking_weighs_scores_and_breaks_ties_deterministically() {
        let c = default_criteria();
        assert_eq!(c.iter().map(|c| c.weight).sum::<u32>(), 100);
        let shrimp = product(
            "a",
            "Tôm sú",
            &[Some(5), Some(4), Some(5), Some(3), Some(4)],
        );
        let rice = product(
            "b",
            "Lúa gạo",
            &[Some(4), Some(5), Some(4), Some(4), Some(3)],
        );
        // Same weighted sum as rice (4·30+5·20+4·20+4·15+3·15 = 405) but one criterion unscored.
        let pepper = product("c", "Hồ tiêu", &[Some(4), Some(5), Some(4), Some(4), None]);
        let fish_sauce = product(
            "d",
            "Nước mắm",
            &[Some(5), Some(5), Some(3), Some(3), Some(3)],
        );
        let r = rank(&[pepper, rice, fish_sauce, shrimp], &c);
        let names: Vec<(&str, u32)> = r
            .iter()
            .map(|x| (x.name.as_str(), x.weighted_sum))
            .collect();
        // Shrimp 150+80+100+45+60 = 435; rice 405; fish sauce 150+100+60+45+45 = 400;
        // pepper 120+100+80+60 = 360.
        assert_eq!(
            names,
            [
                ("Tôm sú", 435),
                ("Lúa gạo", 405),
                ("Nước mắm", 400),
                ("Hồ tiêu", 360)
            ]
        );
        assert_eq!(r[0].max_sum, 500);
        assert_eq!(r[0].score_pct, 87.0);
        assert_eq!(r[1].score_pct, 81.0);
        assert!(!r[3].complete);
        assert_eq!(r.iter().map(|x| x.rank).collect::<Vec<_>>(), [1, 2, 3, 4]);
    }

    #[test]
    fn ties_go_to_the_complete_then_the_heaviest_criterion_then_the_name() {
        let c = default_criteria();
        // Equal sums (2·30 = 3·20 = 60): the heavier criterion decides.
        let x = product("x", "B", &[Some(2), Some(0), Some(0), Some(0), Some(0)]); // 60
        let y = product("y", "A", &[Some(0), Some(3), Some(0), Some(0), Some(0)]); // 60
        let r = rank(&[y.clone(), x.clone()], &c);
        assert_eq!(r[0].id, "x", "production value weighs most");
        // Equal in everything: by name.
        let z = product("z", "A", &[Some(2), Some(0), Some(0), Some(0), Some(0)]);
        let r = rank(&[x.clone(), z], &c);
        assert_eq!((r[0].id.as_str(), r[1].id.as_str()), ("z", "x"));
        // Complete first at equal sums.
        let partial = product("p", "0", &[Some(2), None, Some(0), Some(0), Some(0)]);
        let r = rank(&[partial, x], &c);
        assert_eq!(r[0].id, "x");
        // Changed weights change the order.
        let w = criteria_with(&serde_json::json!({"production_value": 10, "scale": 50}));
        let r = rank(&[x_y().0, x_y().1], &w);
        assert_eq!(r[0].id, "y");
        assert_eq!(w.iter().map(|c| c.weight).sum::<u32>(), 110);
    }

    fn x_y() -> (KeyProduct, KeyProduct) {
        (
            product("x", "B", &[Some(2), Some(0), Some(0), Some(0), Some(0)]),
            product("y", "A", &[Some(0), Some(3), Some(0), Some(0), Some(0)]),
        )
    }

    #[test]
    fn milestones_progress_from_the_records() {
        let mut f = RoadmapFacts::default();
        let p = milestone_progress(MilestoneKind::Pilot, 2, 2026, 2026, &f);
        assert_eq!(
            (p.achieved, p.percent, p.status),
            (0, 0, MilestoneStatus::NotStarted)
        );
        f.effective_pilots.push(MilestoneRecord {
            kind: "assessment".into(),
            id: "a1".into(),
            label: "HTX".into(),
        });
        let p = milestone_progress(MilestoneKind::Pilot, 2, 2026, 2026, &f);
        assert_eq!(
            (p.achieved, p.percent, p.status),
            (1, 50, MilestoneStatus::InProgress)
        );
        assert_eq!(p.evidence, "1/2 mô hình được xác nhận hiệu lực");
        let p = milestone_progress(MilestoneKind::Pilot, 2, 2025, 2026, &f);
        assert_eq!(p.status, MilestoneStatus::Late);
        f.handbook = Some(("h".into(), "Sổ tay tôm".into(), true));
        let p = milestone_progress(MilestoneKind::Handbook, 0, 2026, 2026, &f);
        assert_eq!((p.percent, p.status), (100, MilestoneStatus::Done));
        f.readiness = (6, 9);
        let p = milestone_progress(MilestoneKind::Portal, 1, 2027, 2026, &f);
        assert_eq!((p.achieved, p.target, p.percent), (6, 9, 66));
        f.copies = 40;
        f.editions = 1;
        let p = milestone_progress(MilestoneKind::Replication, 5, 2027, 2026, &f);
        assert_eq!(p.status, MilestoneStatus::InProgress);
        assert_eq!(
            p.evidence,
            "0/5 đơn vị áp dụng sổ tay; 1 ấn bản, 40 bản đã phát hành"
        );
    }

    fn ready_input() -> ReadinessInput {
        ReadinessInput {
            company_prefix: "89399901".into(),
            gtins: vec!["8939990100112".into(), "18939990100119".into()],
            glns: vec!["8939990190007".into()],
            lot_pattern: "{site}-{YYMMDD}-{seq}".into(),
            lot_example: "CB01-260616-02".into(),
            resolver: "id.gs1.org".into(),
            carrier: "qr".into(),
            product_name: "Tôm sú".into(),
            image: "https://example.org/tom.jpg".into(),
            producer: "HTX Thuận Hòa".into(),
            address: "xã An Minh, An Giang".into(),
            dated_lots: 3,
            registered: true,
            portal_id: "TC-0001".into(),
        }
    }

    #[test]
    fn readiness_checks_every_item_with_gs1_check_digits() {
        let r = readiness("p", None, "Tôm sú", &ready_input());
        assert_eq!((r.met, r.total), (9, 9), "{:#?}", r.items);
        assert_eq!(
            r.example_code.as_deref(),
            Some("https://id.gs1.org/01/08939990100112/10/CB01-260616-02")
        );
        let mut i = ready_input();
        i.gtins = vec!["8939990100113".into()]; // wrong check digit
        i.glns = vec![];
        i.carrier = "ean13".into();
        i.image = String::new();
        i.registered = false;
        i.company_prefix = "12345678".into();
        let r = readiness("p", Some("x"), "Tôm sú — HTX", &i);
        let state = |k: &str| r.items.iter().find(|x| x.key == k).unwrap().state;
        assert_eq!(state("gs1_prefix"), ReadinessState::Invalid);
        assert_eq!(state("gtin"), ReadinessState::Invalid);
        assert_eq!(state("gln"), ReadinessState::Missing);
        assert_eq!(state("trace_code"), ReadinessState::Missing);
        assert_eq!(state("carrier"), ReadinessState::Invalid);
        assert_eq!(state("image"), ReadinessState::Missing);
        assert_eq!(state("registration"), ReadinessState::Missing);
        assert_eq!(state("public_info"), ReadinessState::Met);
        assert_eq!(r.met, 2);
        let gtin = r.items.iter().find(|x| x.key == "gtin").unwrap();
        assert!(
            gtin.detail
                .vi
                .contains("chữ số kiểm tra là 3, đúng ra phải là 2"),
            "{}",
            gtin.detail.vi
        );
        // A valid GTIN of another company is not under the prefix.
        let mut i = ready_input();
        i.gtins = vec!["8931234567897".into()];
        let r = readiness("p", None, "x", &i);
        assert_eq!(r.items[1].state, ReadinessState::Invalid);
        assert!(r.items[1]
            .detail
            .vi
            .contains("không thuộc mã doanh nghiệp 89399901"));
    }
}
