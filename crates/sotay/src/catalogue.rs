//! The key-product catalogue, its roadmap and portal readiness (plan II.2.a, II.3): proposals,
//! scores against the weighted criteria of the settings, the ranked list (sotay-model), issuing
//! the chosen products, milestones whose progress comes from the records, and the readiness
//! checklist of each key product and of each pilot applying its handbook.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use sotay_model::catalogue::{
    criteria_with, milestone_progress, rank, readiness, Criterion, CriterionScore, KeyProduct,
    Milestone, MilestoneKind, MilestoneRecord, ProductStatus, RankedProduct, Readiness,
    ReadinessInput, Roadmap, RoadmapFacts, CARRIERS, MAX_SCORE, WEIGHTS_SETTING,
};
use sotay_model::verdict::VerdictKind;
use sotay_model::HandbookStatus;
use sotay_store::{KeyProductRow, MilestoneRow, ReadinessRow};
use sotay_templates::variable_at;
use ts_rs::TS;

use crate::clock::{new_id, rfc3339};
use crate::plan::{date_string, text};
use crate::{Error, ErrorCode, Workspace};

fn bad(vi: impl Into<String>, en: impl Into<String>) -> Error {
    Error::localized(ErrorCode::InvalidInput, vi, en)
}

/// The catalogue as `sotay plan catalogue rank --json` and the window show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct CatalogueView {
    /// The criteria with the weights of the settings.
    pub criteria: Vec<Criterion>,
    /// In the order proposed.
    pub products: Vec<KeyProduct>,
    /// Best first.
    pub ranking: Vec<RankedProduct>,
}

/// A proposal as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct ProposalInput {
    pub name: String,
    /// The department or association proposing it.
    pub proposed_by: String,
    pub reasons: String,
    /// The handbook written for it (id or title), if any.
    pub handbook: Option<String>,
}

/// A milestone as typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MilestoneInput {
    pub year: i32,
    pub kind: MilestoneKind,
    /// N for pilot and replication (default 1).
    #[serde(default)]
    pub target: Option<u32>,
    #[serde(default)]
    pub note: String,
}

/// Readiness facts as typed; `None` keeps what is stored.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct ReadinessUpdate {
    pub company_prefix: Option<String>,
    pub gtins: Option<Vec<String>>,
    pub glns: Option<Vec<String>>,
    /// qr | datamatrix | gs1_128 | rfid | ean13 | itf14.
    pub carrier: Option<String>,
    pub image: Option<String>,
    pub registered: Option<bool>,
    pub portal_id: Option<String>,
}

fn s(vars: &Value, k: &str) -> String {
    variable_at(vars, k)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .trim()
        .to_owned()
}

fn push_unique(list: &mut Vec<String>, v: String) {
    if !v.is_empty() && !list.contains(&v) {
        list.push(v);
    }
}

impl Workspace {
    /// The criteria with the weights the settings hold (defaults where none).
    pub fn catalogue_criteria(&self) -> Result<Vec<Criterion>, Error> {
        let stored = self
            .store
            .setting(WEIGHTS_SETTING)?
            .and_then(|s| serde_json::from_str::<Value>(&s).ok())
            .unwrap_or(Value::Null);
        Ok(criteria_with(&stored))
    }

    /// Sets criteria weights (`criterion`, 0–100); the others keep theirs. At least one weight
    /// must stay above 0.
    pub fn set_catalogue_weights(
        &mut self,
        weights: &[(String, String)],
    ) -> Result<Vec<Criterion>, Error> {
        self.atomically(|ws| {
            let mut criteria = ws.catalogue_criteria()?;
            for (key, value) in weights {
                let known = criteria
                    .iter()
                    .map(|c| c.key.as_str())
                    .collect::<Vec<_>>()
                    .join(", ");
                let c = criteria
                    .iter_mut()
                    .find(|c| c.key == key.trim())
                    .ok_or_else(|| {
                        bad(
                            format!("Không có tiêu chí “{key}” (có: {known}). Không ghi gì."),
                            format!("No criterion “{key}” (known: {known}). Nothing was recorded."),
                        )
                    })?;
                c.weight = value
                    .trim()
                    .parse::<u32>()
                    .ok()
                    .filter(|w| *w <= 100)
                    .ok_or_else(|| {
                        bad(
                            format!("Trọng số “{value}” của tiêu chí “{key}” phải là số nguyên từ 0 đến 100. Không ghi gì."),
                            format!("The weight “{value}” of “{key}” must be a whole number 0–100. Nothing was recorded."),
                        )
                    })?;
            }
            if criteria.iter().all(|c| c.weight == 0) {
                return Err(bad(
                    "Cần ít nhất một tiêu chí có trọng số lớn hơn 0. Không ghi gì.",
                    "At least one criterion needs a weight above 0. Nothing was recorded.",
                ));
            }
            let map: serde_json::Map<String, Value> = criteria
                .iter()
                .map(|c| (c.key.clone(), Value::from(c.weight)))
                .collect();
            ws.store
                .set_setting(WEIGHTS_SETTING, &Value::Object(map).to_string())?;
            Ok(criteria)
        })
    }

    fn key_product_views(&self, criteria: &[Criterion]) -> Result<Vec<KeyProduct>, Error> {
        let scores = self.store.key_product_scores()?;
        let mut out = Vec::new();
        for p in self.store.key_products()? {
            let handbook_title = match &p.handbook_id {
                Some(h) => self
                    .store
                    .handbook(h)
                    .map(|h| h.summary.title)
                    .unwrap_or_default(),
                None => String::new(),
            };
            out.push(KeyProduct {
                scores: criteria
                    .iter()
                    .map(|c| CriterionScore {
                        criterion: c.key.clone(),
                        score: scores
                            .iter()
                            .find(|(id, k, _)| *id == p.id && *k == c.key)
                            .map(|x| x.2),
                    })
                    .collect(),
                id: p.id,
                name: p.name,
                proposed_by: p.proposed_by,
                reasons: p.reasons,
                status: p.status,
                decision_number: p.decision_number,
                decision_date: p.decision_date,
                handbook_id: p.handbook_id,
                handbook_title,
                created_at: p.created_at,
            });
        }
        Ok(out)
    }

    /// The catalogue: criteria, proposals and the ranked list.
    pub fn catalogue(&self) -> Result<CatalogueView, Error> {
        let criteria = self.catalogue_criteria()?;
        let products = self.key_product_views(&criteria)?;
        let ranking = rank(&products, &criteria);
        Ok(CatalogueView {
            criteria,
            products,
            ranking,
        })
    }

    /// The id of the key product named by `p`: its id, or its name.
    pub fn resolve_key_product(&self, p: &str) -> Result<KeyProductRow, Error> {
        let key = sotay_model::text::nfc(p.trim());
        self.store
            .key_products()?
            .into_iter()
            .find(|x| x.id == key || x.name == key)
            .ok_or_else(|| Error::not_found("key product", p))
    }

    /// Records a proposal for the catalogue.
    pub fn propose_key_product(&mut self, input: &ProposalInput) -> Result<KeyProduct, Error> {
        self.atomically(|ws| {
            let name = text(&input.name, "Tên sản phẩm", "The product's name", 300)?;
            if name.is_empty() {
                return Err(bad(
                    "Sản phẩm đề xuất cần có tên. Không ghi gì.",
                    "A proposed product needs a name. Nothing was recorded.",
                ));
            }
            let proposed_by = text(
                &input.proposed_by,
                "Đơn vị đề xuất",
                "The proposing agency",
                300,
            )?;
            if proposed_by.is_empty() {
                return Err(bad(
                    "Cần ghi đơn vị đề xuất (sở, ngành hoặc hiệp hội, --by). Không ghi gì.",
                    "Name the proposing department or association (--by). Nothing was recorded.",
                ));
            }
            let reasons = text(&input.reasons, "Lý do đề xuất", "The reasons", 4000)?;
            if ws.store.key_products()?.iter().any(|p| p.name == name) {
                return Err(bad(
                    format!("Sản phẩm “{name}” đã được đề xuất. Không ghi gì."),
                    format!("“{name}” is already proposed. Nothing was recorded."),
                ));
            }
            let handbook_id = match input.handbook.as_deref().map(str::trim) {
                None | Some("") => None,
                Some(h) => Some(ws.resolve_handbook(h)?),
            };
            let now = ws.now();
            let id = new_id(now);
            ws.store.insert_key_product(&KeyProductRow {
                id: id.clone(),
                name,
                proposed_by,
                reasons,
                status: ProductStatus::Proposed,
                decision_number: String::new(),
                decision_date: String::new(),
                handbook_id,
                created_by: ws.user_name()?,
                created_at: rfc3339(now),
            })?;
            ws.key_product(&id)
        })
    }

    fn key_product(&self, id: &str) -> Result<KeyProduct, Error> {
        let criteria = self.catalogue_criteria()?;
        self.key_product_views(&criteria)?
            .into_iter()
            .find(|p| p.id == id)
            .ok_or_else(|| Error::not_found("key product", id))
    }

    /// Scores a product on criteria (`criterion`, "0"–"5"). An unknown criterion or a score
    /// outside 0–5 refuses the whole entry.
    pub fn score_key_product(
        &mut self,
        product: &str,
        scores: &[(String, String)],
    ) -> Result<KeyProduct, Error> {
        self.atomically(|ws| {
            let p = ws.resolve_key_product(product)?;
            let criteria = ws.catalogue_criteria()?;
            let known = criteria
                .iter()
                .map(|c| c.key.as_str())
                .collect::<Vec<_>>()
                .join(", ");
            if scores.is_empty() {
                return Err(bad(
                    format!("Chưa có điểm nào (--set tiêu_chí=điểm; tiêu chí: {known})."),
                    format!("No scores given (--set criterion=score; criteria: {known})."),
                ));
            }
            let mut rows = Vec::new();
            for (key, value) in scores {
                let key = key.trim();
                if !criteria.iter().any(|c| c.key == key) {
                    return Err(bad(
                        format!("Không có tiêu chí “{key}” (có: {known}). Không ghi gì."),
                        format!("No criterion “{key}” (known: {known}). Nothing was recorded."),
                    ));
                }
                let score = value
                    .trim()
                    .parse::<u8>()
                    .ok()
                    .filter(|s| *s <= MAX_SCORE)
                    .ok_or_else(|| {
                        bad(
                            format!("Điểm “{value}” của tiêu chí “{key}” phải là số nguyên từ 0 đến {MAX_SCORE}. Không ghi gì."),
                            format!("The score “{value}” for “{key}” must be a whole number 0–{MAX_SCORE}. Nothing was recorded."),
                        )
                    })?;
                rows.push((key.to_owned(), score));
            }
            let at = rfc3339(ws.now());
            let by = ws.user_name()?;
            ws.store.set_key_product_scores(&p.id, &rows, &by, &at)?;
            ws.key_product(&p.id)
        })
    }

    /// Issues the chosen products as the catalogue under a decision (number, date).
    pub fn issue_catalogue(
        &mut self,
        products: &[String],
        number: &str,
        date: &str,
    ) -> Result<CatalogueView, Error> {
        self.atomically(|ws| {
            if products.is_empty() {
                return Err(bad(
                    "Chưa chọn sản phẩm nào để ban hành. Không ghi gì.",
                    "No product chosen to issue. Nothing was recorded.",
                ));
            }
            let number = text(number, "Số quyết định", "The decision's number", 100)?;
            if number.is_empty() {
                return Err(bad(
                    "Cần số quyết định ban hành danh mục (--number). Không ghi gì.",
                    "The issuing decision's number is needed (--number). Nothing was recorded.",
                ));
            }
            let date = date_string(date)?;
            let mut ids = Vec::new();
            for p in products {
                ids.push(ws.resolve_key_product(p)?.id);
            }
            ws.store.issue_key_products(&ids, &number, &date)?;
            ws.catalogue()
        })
    }

    /// Links the handbook written for a key product.
    pub fn link_key_product_handbook(
        &mut self,
        product: &str,
        handbook: &str,
    ) -> Result<KeyProduct, Error> {
        self.atomically(|ws| {
            let p = ws.resolve_key_product(product)?;
            let h = ws.resolve_handbook(handbook)?;
            ws.store.set_key_product_handbook(&p.id, Some(&h))?;
            ws.key_product(&p.id)
        })
    }

    // ----- the roadmap -----------------------------------------------------------------

    fn this_year(&self) -> i32 {
        self.today_in_vietnam()[..4].parse().unwrap_or(2000)
    }

    /// What the records say about a key product (handbook, pilots, assessments, editions,
    /// readiness).
    fn roadmap_facts(&self, p: &KeyProductRow) -> Result<RoadmapFacts, Error> {
        let mut facts = RoadmapFacts::default();
        let Some(h) = &p.handbook_id else {
            return Ok(facts);
        };
        let handbook = self.store.handbook(h)?;
        facts.handbook = Some((
            h.clone(),
            handbook.summary.title.clone(),
            matches!(
                handbook.summary.status,
                HandbookStatus::Approved | HandbookStatus::Published
            ),
        ));
        let pilots: Vec<_> = self
            .pilots()?
            .into_iter()
            .filter(|x| x.handbook_id.as_deref() == Some(h))
            .collect();
        for pilot in &pilots {
            facts.units.push(MilestoneRecord {
                kind: "pilot".into(),
                id: pilot.id.clone(),
                label: pilot.name.clone(),
            });
            // The pilot's latest assessment with a final effective verdict.
            let mut assessed: Vec<_> = self.assessments(Some(&pilot.id))?;
            assessed.sort_by(|a, b| b.date.cmp(&a.date).then(b.id.cmp(&a.id)));
            for a in assessed {
                let v = self.verdict(&a.id)?;
                if matches!(
                    v.verdict,
                    VerdictKind::Effective | VerdictKind::EffectiveWithCorrectiveActions
                ) {
                    facts.effective_pilots.push(MilestoneRecord {
                        kind: "assessment".into(),
                        id: a.id.clone(),
                        label: format!(
                            "{}, {}, {}",
                            pilot.name,
                            crate::plan_report::dmy(&a.date),
                            v.verdict.label().vi
                        ),
                    });
                    break;
                }
            }
        }
        for e in self.store.editions(h)? {
            facts.editions += 1;
            facts.copies += self.store.copies(&e.id)?.len() as u32;
        }
        let r = self.product_readiness(p, None)?;
        facts.readiness = (r.met, r.total);
        Ok(facts)
    }

    fn roadmap_of(&self, p: &KeyProductRow) -> Result<Roadmap, Error> {
        let facts = self.roadmap_facts(p)?;
        let this_year = self.this_year();
        let milestones: Vec<Milestone> = self
            .store
            .milestones(&p.id)?
            .into_iter()
            .map(|m| Milestone {
                progress: milestone_progress(m.kind, m.target, m.year, this_year, &facts),
                id: m.id,
                year: m.year,
                kind: m.kind,
                note: m.note,
            })
            .collect();
        Ok(Roadmap {
            product_id: p.id.clone(),
            product: p.name.clone(),
            status: p.status,
            handbook_id: p.handbook_id.clone(),
            done: milestones
                .iter()
                .filter(|m| m.progress.status == sotay_model::catalogue::MilestoneStatus::Done)
                .count() as u32,
            total: milestones.len() as u32,
            milestones,
        })
    }

    /// The roadmap of one key product.
    pub fn roadmap(&self, product: &str) -> Result<Roadmap, Error> {
        let p = self.resolve_key_product(product)?;
        self.roadmap_of(&p)
    }

    /// The roadmaps of every issued product (every product when none is issued yet).
    pub fn roadmaps(&self) -> Result<Vec<Roadmap>, Error> {
        let products = self.store.key_products()?;
        let issued = products.iter().any(|p| p.status == ProductStatus::Issued);
        products
            .iter()
            .filter(|p| !issued || p.status == ProductStatus::Issued)
            .map(|p| self.roadmap_of(p))
            .collect()
    }

    /// Adds a milestone to a key product's roadmap.
    pub fn add_milestone(
        &mut self,
        product: &str,
        input: &MilestoneInput,
    ) -> Result<Roadmap, Error> {
        self.atomically(|ws| {
            let p = ws.resolve_key_product(product)?;
            if !(2000..=2100).contains(&input.year) {
                return Err(bad(
                    format!("Năm “{}” phải từ 2000 đến 2100. Không ghi gì.", input.year),
                    format!(
                        "The year “{}” must be 2000–2100. Nothing was recorded.",
                        input.year
                    ),
                ));
            }
            let target = input.target.unwrap_or(1);
            if !(1..=100_000).contains(&target) {
                return Err(bad(
                    format!("Chỉ tiêu “{target}” phải từ 1 đến 100000. Không ghi gì."),
                    format!("The target “{target}” must be 1–100000. Nothing was recorded."),
                ));
            }
            let now = ws.now();
            ws.store.insert_milestone(&MilestoneRow {
                id: new_id(now),
                product_id: p.id.clone(),
                year: input.year,
                kind: input.kind,
                target,
                note: text(&input.note, "Ghi chú", "The note", 1000)?,
                created_at: rfc3339(now),
            })?;
            ws.roadmap_of(&p)
        })
    }

    // ----- portal readiness --------------------------------------------------------------

    /// The readiness checklist of a product (`pilot` None) or of one of its pilots.
    fn product_readiness(
        &self,
        p: &KeyProductRow,
        pilot: Option<&sotay_model::PilotModel>,
    ) -> Result<Readiness, Error> {
        let vars = match &p.handbook_id {
            Some(h) => self.store.handbook(h)?.variables,
            None => Value::Null,
        };
        let own = self.store.readiness_row(&p.id, "")?.unwrap_or_default();
        let row = match pilot {
            Some(x) => self.store.readiness_row(&p.id, &x.id)?.unwrap_or_default(),
            None => own.clone(),
        };
        let pick = |a: &str, b: &str| {
            if a.is_empty() {
                b.to_owned()
            } else {
                a.to_owned()
            }
        };
        let mut gtins = row.gtins.clone();
        let mut glns = row.glns.clone();
        if pilot.is_none() || gtins.is_empty() {
            for g in own.gtins.iter().cloned() {
                push_unique(&mut gtins, g);
            }
            push_unique(&mut gtins, s(&vars, "product.gtin"));
            push_unique(&mut gtins, s(&vars, "product.gtin_case"));
        }
        if pilot.is_none() {
            push_unique(&mut glns, s(&vars, "organization.gln"));
        }
        let address = ["street", "commune", "province"]
            .iter()
            .map(|k| s(&vars, &format!("organization.address.{k}")))
            .filter(|x| !x.is_empty())
            .collect::<Vec<_>>()
            .join(", ");
        let (producer, address) = match pilot {
            Some(x) => (
                x.name.clone(),
                [x.address.commune.as_str(), x.address.province.as_str()]
                    .iter()
                    .filter(|s| !s.is_empty())
                    .copied()
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            None => (s(&vars, "organization.name"), address),
        };
        // The lots the trace tests recorded, with their time, for the handbook's pilots.
        let mut dated_lots = 0u32;
        if let Some(h) = &p.handbook_id {
            for a in self.store.assessments(None)? {
                let ours = match pilot {
                    Some(x) => a.pilot_id == x.id,
                    None => a.handbook_id.as_deref() == Some(h),
                };
                if !ours {
                    continue;
                }
                for t in self.trace_tests(&a.id)? {
                    dated_lots += if t.lots.is_empty() {
                        u32::from(!t.finished.is_empty())
                    } else {
                        t.lots.iter().filter(|l| !l.date.is_empty()).count() as u32
                    };
                }
            }
        }
        let carrier = match (row.carrier.as_str(), own.carrier.as_str()) {
            ("", "") if !s(&vars, "qr.domain").is_empty() => "qr".to_owned(),
            ("", o) => o.to_owned(),
            (c, _) => c.to_owned(),
        };
        let input = ReadinessInput {
            company_prefix: pick(
                &row.company_prefix,
                &pick(&own.company_prefix, &s(&vars, "organization.gs1_prefix")),
            ),
            gtins,
            glns,
            lot_pattern: pick(
                &s(&vars, "lot_rule.finished_pattern"),
                &s(&vars, "lot_rule.pattern"),
            ),
            lot_example: pick(
                &s(&vars, "lot_rule.example_pack"),
                &s(&vars, "lot_rule.example_harvest"),
            ),
            resolver: s(&vars, "qr.domain"),
            carrier,
            product_name: pick(&s(&vars, "product.name"), &p.name),
            image: pick(
                &row.image,
                &pick(&own.image, &s(&vars, "product.image_url")),
            ),
            producer,
            address,
            dated_lots,
            registered: row.registered,
            portal_id: row.portal_id.clone(),
        };
        let subject = match pilot {
            Some(x) => format!("{} — {}", p.name, x.name),
            None => p.name.clone(),
        };
        Ok(readiness(
            &p.id,
            pilot.map(|x| x.id.as_str()),
            &subject,
            &input,
        ))
    }

    /// The product image recorded for the key product whose handbook is `handbook_id`
    /// (`sotay plan readiness K --image`), or empty: the portal package's fallback when the
    /// handbook has no `product.image_url`.
    pub(crate) fn catalogue_image(&self, handbook_id: &str) -> Result<String, Error> {
        for p in self.store.key_products()? {
            if p.handbook_id.as_deref() == Some(handbook_id) {
                if let Some(r) = self.store.readiness_row(&p.id, "")? {
                    if !r.image.is_empty() {
                        return Ok(r.image);
                    }
                }
            }
        }
        Ok(String::new())
    }

    /// The readiness checklists of a key product: its own, then one per pilot applying its
    /// handbook.
    pub fn readiness(&self, product: &str) -> Result<Vec<Readiness>, Error> {
        let p = self.resolve_key_product(product)?;
        let mut out = vec![self.product_readiness(&p, None)?];
        if let Some(h) = &p.handbook_id {
            for pilot in self
                .pilots()?
                .into_iter()
                .filter(|x| x.handbook_id.as_deref() == Some(h))
            {
                out.push(self.product_readiness(&p, Some(&pilot))?);
            }
        }
        Ok(out)
    }

    /// Records readiness facts of a product (or of one of its pilots: id or name). Keys are
    /// checked as typed (GS1 check digits, prefix 893, a known carrier); a bad one changes
    /// nothing.
    pub fn set_readiness(
        &mut self,
        product: &str,
        pilot: Option<&str>,
        update: &ReadinessUpdate,
    ) -> Result<Vec<Readiness>, Error> {
        self.atomically(|ws| {
            let p = ws.resolve_key_product(product)?;
            let pilot_id = match pilot.map(str::trim) {
                None | Some("") => String::new(),
                Some(x) => {
                    let key = sotay_model::text::nfc(x);
                    ws.pilots()?
                        .into_iter()
                        .find(|m| m.id == key || m.name == key)
                        .map(|m| m.id)
                        .ok_or_else(|| Error::not_found("pilot model", x))?
                }
            };
            let mut row = ws
                .store
                .readiness_row(&p.id, &pilot_id)?
                .unwrap_or(ReadinessRow {
                    product_id: p.id.clone(),
                    pilot_id: pilot_id.clone(),
                    ..Default::default()
                });
            if let Some(prefix) = &update.company_prefix {
                let prefix = prefix.trim();
                if !prefix.is_empty() {
                    sotay_model::gs1::validate_vn_company_prefix(prefix).map_err(|e| {
                        bad(
                            format!("Mã doanh nghiệp GS1 “{prefix}” {}. Không ghi gì.", e.vi()),
                            format!(
                                "The GS1 company prefix “{prefix}”: {e}. Nothing was recorded."
                            ),
                        )
                    })?;
                }
                row.company_prefix = prefix.to_owned();
            }
            if let Some(gtins) = &update.gtins {
                for g in gtins {
                    sotay_model::gs1::validate_gtin(g.trim()).map_err(|e| {
                        bad(
                            format!("GTIN “{g}” {}. Không ghi gì.", e.vi()),
                            format!("GTIN “{g}”: {e}. Nothing was recorded."),
                        )
                    })?;
                }
                row.gtins = gtins.iter().map(|g| g.trim().to_owned()).collect();
            }
            if let Some(glns) = &update.glns {
                for g in glns {
                    sotay_model::gs1::validate_gln(g.trim()).map_err(|e| {
                        bad(
                            format!("GLN “{g}” {}. Không ghi gì.", e.vi()),
                            format!("GLN “{g}”: {e}. Nothing was recorded."),
                        )
                    })?;
                }
                row.glns = glns.iter().map(|g| g.trim().to_owned()).collect();
            }
            if let Some(c) = &update.carrier {
                let c = c.trim();
                if !c.is_empty() && !CARRIERS.iter().any(|k| k.0 == c) {
                    let known = CARRIERS.iter().map(|k| k.0).collect::<Vec<_>>().join(", ");
                    return Err(bad(
                        format!("Vật mang dữ liệu “{c}” không hợp lệ (có: {known}). Không ghi gì."),
                        format!(
                            "Unknown data carrier “{c}” (known: {known}). Nothing was recorded."
                        ),
                    ));
                }
                row.carrier = c.to_owned();
            }
            if let Some(i) = &update.image {
                row.image = text(i, "Ảnh sản phẩm", "The product image", 1000)?;
            }
            if let Some(r) = update.registered {
                row.registered = r;
            }
            if let Some(id) = &update.portal_id {
                row.portal_id = text(id, "Mã trên Cổng", "The portal id", 100)?;
            }
            if row.registered && row.portal_id.is_empty() {
                return Err(bad(
                    "Đã đăng ký trên Cổng thì cần ghi mã trên Cổng (--portal-id). Không ghi gì.",
                    "A registration needs the portal's id (--portal-id). Nothing was recorded.",
                ));
            }
            row.updated_at = rfc3339(ws.now());
            ws.store.upsert_readiness(&row)?;
            ws.readiness(&p.id)
        })
    }
}

impl Workspace {
    /// What the records say about the plan's task `code` when it is the catalogue's (II.2.a:
    /// proposals and the issued catalogue) or the portal's (II.3: readiness), in Vietnamese.
    pub(crate) fn catalogue_task_evidence(&self, code: &str) -> Result<Option<String>, Error> {
        let products = self.store.key_products()?;
        if products.is_empty() {
            return Ok(None);
        }
        match code {
            "II.2.a" => {
                let issued: Vec<&KeyProductRow> = products
                    .iter()
                    .filter(|p| p.status == ProductStatus::Issued)
                    .collect();
                let mut text = format!(
                    "{} sản phẩm được đề xuất, {} sản phẩm đã ban hành trong danh mục",
                    products.len(),
                    issued.len()
                );
                let mut decisions: Vec<&str> =
                    issued.iter().map(|p| p.decision_number.as_str()).collect();
                decisions.dedup();
                if !decisions.is_empty() {
                    text.push_str(&format!(" (Quyết định số {})", decisions.join(", ")));
                }
                let milestones: Vec<Roadmap> = self.roadmaps()?;
                let (done, total) = milestones
                    .iter()
                    .fold((0, 0), |(d, t), r| (d + r.done, t + r.total));
                if total > 0 {
                    text.push_str(&format!("; lộ trình: {done}/{total} mốc hoàn thành"));
                }
                Ok(Some(text))
            }
            "II.3" => {
                let mut rows = Vec::new();
                for r in self.roadmaps()? {
                    rows.extend(self.readiness(&r.product_id)?);
                }
                let ready = rows.iter().filter(|r| r.met == r.total).count();
                Ok(Some(format!(
                    "{ready}/{} sản phẩm, mô hình sẵn sàng kết nối Cổng",
                    rows.len()
                )))
            }
            _ => Ok(None),
        }
    }
}

// ----- the issuing decision ----------------------------------------------------------------

impl Workspace {
    /// The draft decision issuing the catalogue (Quyết định về việc ban hành Danh mục sản
    /// phẩm, hàng hóa chủ lực, thế mạnh của tỉnh … thực hiện truy xuất nguồn gốc), built by the
    /// same decision builder as the handbook's ([`Workspace::decision_doc`]): legal bases from
    /// the settings and the plans of the decision's year (their own bases, then the plans
    /// themselves), Điều 1 issuing the ranked list of the issued products (a table: name,
    /// proposing agency, weighted score), Điều 2–3 in plain wording marked as a draft to edit,
    /// "Nơi nhận" and the signer from the settings. Without `--number`/`--date` the decision
    /// recorded on the products (`plan catalogue issue`) is printed when they share one.
    /// Refused when no product is issued in the catalogue.
    pub fn catalogue_decision_document(
        &self,
        opts: &crate::AdminOptions,
    ) -> Result<sotay_model::admin::AdminDoc, Error> {
        use sotay_model::admin::{Block, ParaAlign, Run};

        let date = opts.date.as_deref().map(date_string).transpose()?;
        let view = self.catalogue()?;
        let chosen: Vec<&RankedProduct> = view
            .ranking
            .iter()
            .filter(|r| r.status == ProductStatus::Issued)
            .collect();
        if chosen.is_empty() {
            return Err(bad(
                "Chưa có sản phẩm nào được chọn ban hành trong danh mục (sotay plan catalogue issue); chưa lập được dự thảo quyết định ban hành danh mục.",
                "No product is issued in the catalogue yet (sotay plan catalogue issue); there is nothing for the issuing decision to list.",
            ));
        }
        // The decision recorded on the issued products, when they share one.
        let recorded = view
            .products
            .iter()
            .filter(|p| p.status == ProductStatus::Issued)
            .map(|p| (p.decision_number.clone(), p.decision_date.clone()))
            .fold(None, |acc: Option<Option<(String, String)>>, d| match acc {
                None => Some(Some(d)),
                Some(Some(a)) if a == d => Some(Some(a)),
                Some(_) => Some(None),
            })
            .flatten();
        let date = date.or_else(|| recorded.as_ref().map(|(_, d)| d.clone()));
        let office = self.office()?;
        let year = self.decision_year(date.as_deref());
        let province = if office.place.is_empty() {
            "……".to_owned()
        } else {
            office.place.clone()
        };
        // The list's name: in the decision's summary after "Danh mục", alone under the
        // appendix's "DANH MỤC".
        let products =
            format!("hàng hóa chủ lực, thế mạnh của tỉnh {province} thực hiện truy xuất nguồn gốc");
        let subject = format!("Danh mục sản phẩm, {products}");
        let list_name = format!("Sản phẩm, {products}");

        let mut bases = office.legal_bases.clone();
        let mut plans: Vec<_> = self.plans()?;
        let latest = plans.iter().map(|p| p.year).filter(|y| *y <= year).max();
        plans.retain(|p| Some(p.year) == latest);
        let mut plan_refs = Vec::new();
        for p in &plans {
            bases.extend(self.plan_view(&p.id)?.legal_bases);
            if !p.number.is_empty() {
                let title = if p.issuing_body.is_empty() {
                    p.title.clone()
                } else {
                    format!("{} của {}", p.title, p.issuing_body)
                };
                plan_refs.push(crate::admin::citation(&p.number, &p.date, &title));
            }
        }
        bases.extend(plan_refs);

        let draft = Run {
            text: " (Dự thảo: rà soát, chỉnh sửa Điều 2, Điều 3 trước khi trình ký.)".to_owned(),
            bold: false,
            italic: true,
        };
        let mut agencies: Vec<String> = Vec::new();
        for r in &chosen {
            let a = r.proposed_by.trim().to_owned();
            if !a.is_empty() && !agencies.contains(&a) {
                agencies.push(a);
            }
        }
        let lead = [&office.proposer, &office.issuing_body]
            .into_iter()
            .find(|s| !s.trim().is_empty())
            .cloned()
            .unwrap_or_else(|| "cơ quan chủ trì".to_owned());
        let articles = vec![
            crate::admin::article(
                1,
                format!(
                    "Ban hành kèm theo Quyết định này {subject}, gồm {} sản phẩm, hàng hóa theo thứ tự đánh giá (chi tiết tại Danh mục kèm theo).",
                    chosen.len()
                ),
            ),
            Block::Para {
                runs: vec![
                    Run::bold("Điều 2. "),
                    Run::plain(format!(
                        "Giao {lead} chủ trì, phối hợp với các sở, ngành, hiệp hội đã đề xuất và các cơ quan, đơn vị có liên quan hướng dẫn, hỗ trợ tổ chức, cá nhân sản xuất, kinh doanh sản phẩm, hàng hóa trong Danh mục triển khai truy xuất nguồn gốc theo lộ trình; định kỳ báo cáo kết quả thực hiện."
                    )),
                    draft,
                ],
                align: ParaAlign::Body,
            },
            Block::Para {
                runs: vec![
                    Run::bold("Điều 3. "),
                    Run::plain(format!(
                        "Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng, Thủ trưởng {}, các cơ quan, đơn vị và tổ chức, cá nhân có liên quan chịu trách nhiệm thi hành Quyết định này./.",
                        if agencies.is_empty() {
                            "các sở, ngành".to_owned()
                        } else {
                            format!("các đơn vị: {}", agencies.join(", "))
                        }
                    )),
                ],
                align: ParaAlign::Body,
            },
        ];
        // The list itself is the text issued with the decision, on pages of its own.
        let table = Block::Table {
            caption: String::new(),
            header: vec![
                "STT".into(),
                "Tên sản phẩm, hàng hóa".into(),
                "Đơn vị đề xuất".into(),
                "Điểm có trọng số".into(),
                "Tỷ lệ điểm (%)".into(),
            ],
            rows: chosen
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    vec![
                        (i + 1).to_string(),
                        r.name.clone(),
                        r.proposed_by.clone(),
                        format!("{}/{}", r.weighted_sum, r.max_sum),
                        crate::reports::pct(r.score_pct),
                    ]
                })
                .collect(),
            numeric: vec![true, false, false, true, true],
        };
        let mut doc = self.decision_doc(
            &office,
            opts,
            date,
            crate::admin::DecisionContent {
                subject,
                bases,
                articles,
                id: format!("catalogue-decision-{year}"),
            },
        );
        if opts.number.is_none() {
            if let Some((n, _)) = recorded.filter(|(n, _)| !n.trim().is_empty()) {
                doc.number_line = format!("Số: {}", n.trim());
            }
        }
        doc.appendix = Some(sotay_model::admin::Appendix {
            kind: "DANH MỤC".to_owned(),
            summary: list_name,
            issued_with: sotay_model::admin::issued_with_line(
                &doc.number_line,
                &doc.place_date,
                &office.head,
            ),
            body: vec![table],
        });
        Ok(doc)
    }

    /// Writes the draft decision issuing the catalogue (PDF or Word); records nothing.
    pub fn catalogue_decision_report(
        &self,
        opts: &crate::AdminOptions,
        out: &std::path::Path,
    ) -> Result<crate::ExportReport, Error> {
        let doc = self.catalogue_decision_document(opts)?;
        self.write_admin(&doc, opts.format, out)
    }
}

// ----- the annual report's section ----------------------------------------------------------

impl Workspace {
    /// The annual report's section on the key-product catalogue, its roadmap (the milestones
    /// of `year` counted apart) and portal readiness, every figure from the records.
    pub(crate) fn catalogue_report_section(&self, year: i32) -> Result<String, Error> {
        use std::fmt::Write as _;

        use crate::plan_report::dmy;
        use crate::reports::{cell, pct};
        use sotay_model::catalogue::{MilestoneStatus, ReadinessState};

        let mut md =
            String::from("## Danh mục sản phẩm chủ lực, lộ trình và sẵn sàng kết nối Cổng\n\n");
        let view = self.catalogue()?;
        if view.products.is_empty() {
            md.push_str("Chưa có sản phẩm nào được đề xuất vào danh mục sản phẩm, hàng hóa chủ lực, thế mạnh.\n\n");
            return Ok(md);
        }
        let issued: Vec<&KeyProduct> = view
            .products
            .iter()
            .filter(|p| p.status == ProductStatus::Issued)
            .collect();
        let mut decisions: Vec<String> = issued
            .iter()
            .map(|p| {
                format!(
                    "Quyết định số {} ngày {}",
                    p.decision_number,
                    dmy(&p.decision_date)
                )
            })
            .collect();
        decisions.dedup();
        let proposers: std::collections::BTreeSet<&str> = view
            .products
            .iter()
            .map(|p| p.proposed_by.as_str())
            .collect();
        let _ = writeln!(
            md,
            "Đã có {} sản phẩm do {} đơn vị đề xuất; {} sản phẩm được ban hành trong danh mục{}.\n",
            view.products.len(),
            proposers.len(),
            issued.len(),
            if decisions.is_empty() {
                String::new()
            } else {
                format!(" ({})", decisions.join("; "))
            }
        );
        md.push_str("Bảng: Xếp hạng sản phẩm đề xuất theo tiêu chí có trọng số\n\n| Hạng | Sản phẩm | Đơn vị đề xuất | Điểm có trọng số | Trạng thái |\n|--:|---|---|--:|---|\n");
        for r in &view.ranking {
            let _ = writeln!(
                md,
                "| {} | {} | {} | {}/{}\u{a0}({}\u{a0}%) | {}{} |",
                r.rank,
                cell(&r.name),
                cell(&r.proposed_by),
                r.weighted_sum,
                r.max_sum,
                pct(r.score_pct),
                r.status.label().vi,
                if r.complete {
                    ""
                } else {
                    " (chưa chấm đủ)"
                }
            );
        }
        let weights: Vec<String> = view
            .criteria
            .iter()
            .map(|c| format!("{} {}", c.label.vi, c.weight))
            .collect();
        let _ = writeln!(
            md,
            "\nTrọng số các tiêu chí (điểm 0–5): {}.\n",
            weights.join(", ")
        );

        md.push_str("### Lộ trình truy xuất nguồn gốc\n\n");
        let roadmaps = self.roadmaps()?;
        let all: Vec<(&Roadmap, &Milestone)> = roadmaps
            .iter()
            .flat_map(|r| r.milestones.iter().map(move |m| (r, m)))
            .collect();
        if all.is_empty() {
            md.push_str("Chưa có mốc lộ trình nào.\n\n");
        } else {
            let of_year: Vec<_> = all.iter().filter(|(_, m)| m.year == year).collect();
            let done_year = of_year
                .iter()
                .filter(|(_, m)| m.progress.status == MilestoneStatus::Done)
                .count();
            let done_all = all
                .iter()
                .filter(|(_, m)| m.progress.status == MilestoneStatus::Done)
                .count();
            let _ = writeln!(
                md,
                "Năm {year} có {} mốc, đã hoàn thành {done_year}; toàn lộ trình đã hoàn thành {done_all}/{} mốc.\n",
                of_year.len(),
                all.len()
            );
            md.push_str("Bảng: Các mốc lộ trình và tiến độ theo hồ sơ\n\n| Sản phẩm | Năm | Mốc | Tiến độ | Trạng thái | Căn cứ |\n|---|--:|---|--:|---|---|\n");
            for (r, m) in &all {
                let _ = writeln!(
                    md,
                    "| {} | {} | {} | {}\u{a0}% | {} | {} |",
                    cell(&r.product),
                    m.year,
                    m.kind.label().vi,
                    m.progress.percent,
                    m.progress.status.label().vi,
                    cell(&m.progress.evidence)
                );
            }
            md.push('\n');
        }

        md.push_str("### Sẵn sàng kết nối Cổng thông tin truy xuất nguồn gốc quốc gia\n\n");
        let mut rows = Vec::new();
        for r in &roadmaps {
            rows.extend(self.readiness(&r.product_id)?);
        }
        let ready = rows.iter().filter(|r| r.met == r.total).count();
        let _ = writeln!(
            md,
            "{ready}/{} sản phẩm, mô hình đạt đủ các tiêu chí sẵn sàng kết nối.\n",
            rows.len()
        );
        md.push_str("Bảng: Tiêu chí sẵn sàng kết nối theo sản phẩm và mô hình\n\n| Sản phẩm, mô hình | Đạt | Còn thiếu |\n|---|--:|---|\n");
        for r in &rows {
            let missing: Vec<String> = r
                .items
                .iter()
                .filter(|i| i.state != ReadinessState::Met)
                .map(|i| i.label.vi.clone())
                .collect();
            let _ = writeln!(
                md,
                "| {} | {}/{} | {} |",
                cell(&r.subject),
                r.met,
                r.total,
                if missing.is_empty() {
                    "—".to_owned()
                } else {
                    cell(&missing.join("; "))
                }
            );
        }
        md.push('\n');
        Ok(md)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sotay_model::assessment::{AssessmentStatus, TraceLot};
    use sotay_model::catalogue::{MilestoneStatus, ReadinessState};
    use sotay_model::verdict::Direction;

    fn propose(ws: &mut Workspace, name: &str, by: &str) -> KeyProduct {
        ws.propose_key_product(&ProposalInput {
            name: name.into(),
            proposed_by: by.into(),
            reasons: "Giá trị xuất khẩu lớn".into(),
            handbook: None,
        })
        .unwrap()
    }

    fn scores(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn proposals_are_scored_ranked_and_issued_and_bad_input_changes_nothing() {
        let (_d, mut ws) = crate::plan::tests::workspace();
        let shrimp = propose(&mut ws, "Tôm sú", "Sở Nông nghiệp và Môi trường");
        let rice = propose(&mut ws, "Lúa gạo ST25", "Hiệp hội Lúa gạo");
        propose(&mut ws, "Hồ tiêu", "Sở Công Thương");
        ws.score_key_product(
            "Tôm sú",
            &scores(&[
                ("production_value", "5"),
                ("scale", "4"),
                ("export_share", "5"),
                ("brand_gi", "3"),
                ("chain_readiness", "4"),
            ]),
        )
        .unwrap();
        ws.score_key_product(
            &rice.id,
            &scores(&[
                ("production_value", "4"),
                ("scale", "5"),
                ("export_share", "4"),
                ("brand_gi", "5"),
                ("chain_readiness", "3"),
            ]),
        )
        .unwrap();
        let before = ws.catalogue().unwrap();
        for bad in [
            scores(&[("production_value", "6")]),
            scores(&[("production_value", "-1")]),
            scores(&[("production_value", "4.5")]),
            scores(&[("gia_tri", "4")]),
            scores(&[("scale", "1"), ("production_value", "9")]),
        ] {
            let e = ws.score_key_product("Tôm sú", &bad).unwrap_err();
            assert_eq!(e.code, ErrorCode::InvalidInput, "{bad:?}");
        }
        assert!(ws
            .issue_catalogue(&["Tôm sú".into()], "", "2026-05-04")
            .is_err());
        assert!(ws
            .issue_catalogue(
                &["Tôm sú".into(), "Cà phê".into()],
                "12/QĐ-UBND",
                "2026-05-04"
            )
            .is_err());
        assert!(ws
            .propose_key_product(&ProposalInput {
                name: "Tôm sú".into(),
                proposed_by: "Sở Công Thương".into(),
                ..Default::default()
            })
            .is_err());
        assert_eq!(ws.catalogue().unwrap(), before);
        // Shrimp 150+80+100+45+60 = 435; rice 120+100+80+75+45 = 420; pepper unscored.
        let r: Vec<(u32, &str, u32)> = before
            .ranking
            .iter()
            .map(|r| (r.rank, r.name.as_str(), r.weighted_sum))
            .collect();
        assert_eq!(
            r,
            [
                (1, "Tôm sú", 435),
                (2, "Lúa gạo ST25", 420),
                (3, "Hồ tiêu", 0)
            ]
        );
        // Weights from the settings reorder the list: brand weighs most.
        ws.set_catalogue_weights(&scores(&[("brand_gi", "60")]))
            .unwrap();
        let view = ws.catalogue().unwrap();
        assert_eq!(view.ranking[0].name, "Lúa gạo ST25");
        assert_eq!(view.ranking[0].weighted_sum, 420 - 75 + 300);
        assert!(ws
            .set_catalogue_weights(&scores(&[("brand_gi", "101")]))
            .is_err());
        let view = ws
            .issue_catalogue(
                &[shrimp.id.clone(), "Lúa gạo ST25".into()],
                "125/QĐ-UBND",
                "2026-05-04",
            )
            .unwrap();
        let issued: Vec<&str> = view
            .products
            .iter()
            .filter(|p| p.status == ProductStatus::Issued)
            .map(|p| p.decision_number.as_str())
            .collect();
        assert_eq!(issued, ["125/QĐ-UBND", "125/QĐ-UBND"]);
        assert_eq!(view.products[0].decision_date, "2026-05-04");
        // The plan's task II.2.a shows it.
        let plan = crate::plan::tests::yearly(&mut ws);
        let task = plan.tasks.iter().find(|t| t.code == "II.2.a").unwrap();
        assert_eq!(
            task.evidence,
            "3 sản phẩm được đề xuất, 2 sản phẩm đã ban hành trong danh mục (Quyết định số 125/QĐ-UBND)"
        );
        let task = plan.tasks.iter().find(|t| t.code == "II.3").unwrap();
        assert_eq!(task.evidence, "0/2 sản phẩm, mô hình sẵn sàng kết nối Cổng");
    }

    #[test]
    fn the_roadmap_and_readiness_follow_the_records() {
        let (dir, mut ws, a) = crate::verification::tests::assessment();
        let handbook = ws.pilots().unwrap()[0].handbook_id.clone().unwrap();
        let p = propose(&mut ws, "Tôm sú Thuận Hòa", "Sở Nông nghiệp và Môi trường");
        ws.link_key_product_handbook(&p.id, &handbook).unwrap();
        let this_year: i32 = ws.today_in_vietnam()[..4].parse().unwrap();
        for (kind, target) in [
            (MilestoneKind::Handbook, None),
            (MilestoneKind::Pilot, Some(1)),
            (MilestoneKind::Replication, Some(5)),
            (MilestoneKind::Portal, None),
        ] {
            ws.add_milestone(
                &p.id,
                &MilestoneInput {
                    year: this_year,
                    kind,
                    target,
                    note: String::new(),
                },
            )
            .unwrap();
        }
        assert!(ws
            .add_milestone(
                &p.id,
                &MilestoneInput {
                    year: 1999,
                    kind: MilestoneKind::Pilot,
                    target: Some(1),
                    note: String::new()
                }
            )
            .is_err());
        let r = ws.roadmap(&p.id).unwrap();
        let st: Vec<(MilestoneStatus, u32)> = r
            .milestones
            .iter()
            .map(|m| (m.progress.status, m.progress.achieved))
            .collect();
        let units = ws
            .pilots()
            .unwrap()
            .iter()
            .filter(|x| x.handbook_id.as_deref() == Some(handbook.as_str()))
            .count() as u32;
        assert_eq!(
            st,
            [
                (MilestoneStatus::InProgress, 0),
                (MilestoneStatus::NotStarted, 0),
                (MilestoneStatus::InProgress, units),
                (MilestoneStatus::InProgress, 6),
            ]
        );
        // The product's readiness from the sample handbook: no image, no lot, no registration.
        let ready = ws.readiness(&p.id).unwrap();
        assert_eq!(ready.len() as u32, 1 + units);
        let missing: Vec<&str> = ready[0]
            .items
            .iter()
            .filter(|i| i.state != ReadinessState::Met)
            .map(|i| i.key.as_str())
            .collect();
        assert_eq!(missing, ["image", "event_time", "registration"]);
        // A completed effective assessment with dated lots fulfils the pilot milestone.
        crate::verification::tests::answer_all_pass(&mut ws, &a);
        let lot = |code: &str, date: &str| TraceLot {
            lot: code.into(),
            product: String::new(),
            quantity: Some(250.0),
            unit: "kg".into(),
            date: date.into(),
            from: "HTX".into(),
            to: "Nhà máy".into(),
            reference: "PXK-01".into(),
            step: "thu hoạch".into(),
        };
        for direction in [Direction::Backward, Direction::Forward] {
            ws.record_trace(
                &a,
                &crate::TraceInput {
                    links_expected: 2,
                    links_found: Some(2),
                    lots: Some(vec![
                        lot("AO03-250615-01", "2025-06-15"),
                        lot("AO04-250615-01", "2025-06-15"),
                    ]),
                    ..crate::TraceInput::passing(direction, "CB01-250616-02")
                },
            )
            .unwrap();
        }
        ws.set_assessment_status(&a, AssessmentStatus::Completed)
            .unwrap();
        // Registration and the image recorded; a bad GTIN is refused and changes nothing.
        let e = ws
            .set_readiness(
                &p.id,
                None,
                &ReadinessUpdate {
                    gtins: Some(vec!["8939990100113".into()]),
                    ..Default::default()
                },
            )
            .unwrap_err();
        assert!(e.message(sotay_model::Lang::Vi).contains("chữ số kiểm tra"));
        let ready = ws
            .set_readiness(
                &p.id,
                None,
                &ReadinessUpdate {
                    image: Some("https://example.org/tom.jpg".into()),
                    registered: Some(true),
                    portal_id: Some("TC-000123".into()),
                    ..Default::default()
                },
            )
            .unwrap();
        assert_eq!(
            (ready[0].met, ready[0].total),
            (9, 9),
            "{:#?}",
            ready[0].items
        );
        let event = ready[0]
            .items
            .iter()
            .find(|i| i.key == "event_time")
            .unwrap();
        assert_eq!(event.detail.vi, "4 lô có ghi thời gian");
        let r = ws.roadmap(&p.id).unwrap();
        let st: Vec<MilestoneStatus> = r.milestones.iter().map(|m| m.progress.status).collect();
        assert_eq!(
            st,
            [
                MilestoneStatus::InProgress,
                MilestoneStatus::Done,
                MilestoneStatus::InProgress,
                MilestoneStatus::Done
            ]
        );
        assert_eq!(r.milestones[1].progress.records[0].id, a);
        assert_eq!((r.done, r.total), (2, 4));
        // The portal package now carries the lots and one event per lot.
        let out = dir.path().join("cong");
        let files = ws.portal_package(&handbook, &out).unwrap();
        assert_eq!(files.len(), 3);
        let doc: Value =
            serde_json::from_slice(&std::fs::read(out.join("portal.json")).unwrap()).unwrap();
        assert_eq!(doc["lots"].as_array().unwrap().len(), 4);
        let events = doc["events"].as_array().unwrap();
        assert_eq!(events.len(), 4);
        assert_eq!(events[0]["event_time"], "2025-06-15T00:00:00+07:00");
        assert_eq!(events[0]["biz_step"], "commissioning");
        assert_eq!(events[0]["quantity"], 250.0);
        assert_eq!(events[0]["uom"], "KGM");
    }
}
