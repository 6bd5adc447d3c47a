//! `sotay plan catalogue|roadmap|readiness …`: the key-product catalogue, its roadmap and
//! portal readiness. K is a key product's id or its name.

use std::process::ExitCode;

use clap::{Args, Subcommand};
use sotay::{Error, MilestoneInput, ProposalInput, ReadinessUpdate, Workspace};
use sotay_model::catalogue::{MilestoneKind, ReadinessState};
use sotay_model::Lang;

use crate::{json, table, tr};

#[derive(Debug, Subcommand)]
pub enum CatalogueCommand {
    /// Record a product proposed by a department or association; prints its id last.
    Propose {
        #[arg(value_name = "NAME")]
        name: String,
        /// Who proposes it (a department, an association).
        #[arg(long = "by", value_name = "AGENCY")]
        by: String,
        #[arg(long, value_name = "TEXT", default_value = "")]
        reasons: String,
        /// The handbook written for it (id or title).
        #[arg(long, value_name = "H")]
        handbook: Option<String>,
    },
    /// Score a product on criteria, 0–5: --set production_value=4 --set scale=5 …
    Score {
        #[arg(value_name = "K")]
        product: String,
        #[arg(long = "set", value_name = "CRITERION=SCORE", required = true)]
        set: Vec<String>,
    },
    /// The ranked list (weighted score, deterministic tie-break).
    Rank {
        #[arg(long)]
        json: bool,
    },
    /// Issue the chosen products as the catalogue under a decision.
    Issue {
        #[arg(value_name = "K", required = true)]
        products: Vec<String>,
        /// The decision's number, e.g. 125/QĐ-UBND.
        #[arg(long, value_name = "N")]
        number: String,
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: String,
    },
    /// The criteria's weights (workspace settings); --set CRITERION=WEIGHT (0–100) changes one.
    Weights {
        #[arg(long = "set", value_name = "CRITERION=WEIGHT")]
        set: Vec<String>,
        #[arg(long)]
        json: bool,
    },
    /// Link the handbook written for a product (its roadmap's progress comes from it).
    Handbook {
        #[arg(value_name = "K")]
        product: String,
        #[arg(value_name = "H")]
        handbook: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum RoadmapCommand {
    /// The roadmap of one product (K) or of every issued product.
    Show {
        #[arg(value_name = "K")]
        product: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Add a milestone: handbook, pilot (N assessed effective), replication (N units),
    /// portal (ready to connect). Also `add-milestone`.
    #[command(alias = "add-milestone")]
    Add {
        #[arg(value_name = "K")]
        product: String,
        #[arg(long, value_name = "YYYY")]
        year: i32,
        #[arg(long, value_enum)]
        kind: MilestoneKindArg,
        /// N for pilot and replication (default 1).
        #[arg(long, value_name = "N")]
        target: Option<u32>,
        #[arg(long, value_name = "TEXT", default_value = "")]
        note: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum MilestoneKindArg {
    Handbook,
    Pilot,
    Replication,
    Portal,
}

impl From<MilestoneKindArg> for MilestoneKind {
    fn from(k: MilestoneKindArg) -> Self {
        match k {
            MilestoneKindArg::Handbook => MilestoneKind::Handbook,
            MilestoneKindArg::Pilot => MilestoneKind::Pilot,
            MilestoneKindArg::Replication => MilestoneKind::Replication,
            MilestoneKindArg::Portal => MilestoneKind::Portal,
        }
    }
}

#[derive(Debug, Args)]
pub struct ReadinessArgs {
    #[arg(value_name = "K")]
    pub product: String,
    /// Record the facts of this pilot (id or name) instead of the product's.
    #[arg(long, value_name = "PILOT")]
    pub pilot: Option<String>,
    /// GS1 company prefix (893…).
    #[arg(long, value_name = "PREFIX")]
    pub prefix: Option<String>,
    /// GTINs (repeatable; replaces the recorded list).
    #[arg(long = "gtin", value_name = "GTIN")]
    pub gtins: Vec<String>,
    /// GLNs (repeatable; replaces the recorded list).
    #[arg(long = "gln", value_name = "GLN")]
    pub glns: Vec<String>,
    /// qr, datamatrix, gs1_128, rfid, ean13, itf14.
    #[arg(long, value_name = "CARRIER")]
    pub carrier: Option<String>,
    /// The product image's public address (https://…).
    #[arg(long, value_name = "URL")]
    pub image: Option<String>,
    /// Registered on the national portal under this id.
    #[arg(long, value_name = "ID")]
    pub portal_id: Option<String>,
    #[arg(long)]
    pub json: bool,
}

fn pairs(list: &[String]) -> Result<Vec<(String, String)>, Error> {
    list.iter()
        .map(|x| {
            x.split_once('=')
                .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
                .ok_or_else(|| {
                    Error::localized(
                        sotay::ErrorCode::InvalidInput,
                        format!("“{x}” phải có dạng tiêu_chí=giá_trị. Không ghi gì."),
                        format!("“{x}” must read criterion=value. Nothing was recorded."),
                    )
                })
        })
        .collect()
}

pub fn run_catalogue(
    ws: &mut Workspace,
    lang: Lang,
    cmd: &CatalogueCommand,
) -> Result<ExitCode, Error> {
    match cmd {
        CatalogueCommand::Propose {
            name,
            by,
            reasons,
            handbook,
        } => {
            let p = ws.propose_key_product(&ProposalInput {
                name: name.clone(),
                proposed_by: by.clone(),
                reasons: reasons.clone(),
                handbook: handbook.clone(),
            })?;
            println!(
                "{} “{}” ({}).",
                tr(lang, "Đã ghi đề xuất", "Recorded the proposal"),
                p.name,
                p.proposed_by
            );
            println!("{}", p.id);
        }
        CatalogueCommand::Score { product, set } => {
            let p = ws.score_key_product(product, &pairs(set)?)?;
            let scored: Vec<String> = p
                .scores
                .iter()
                .map(|s| {
                    format!(
                        "{}={}",
                        s.criterion,
                        s.score.map_or("—".to_owned(), |x| x.to_string())
                    )
                })
                .collect();
            println!("{}: {}", p.name, scored.join(", "));
        }
        CatalogueCommand::Rank { json: as_json } => {
            let view = ws.catalogue()?;
            if *as_json {
                json(&view)?;
            } else {
                table::print(
                    &[
                        tr(lang, "HẠNG", "RANK"),
                        tr(lang, "SẢN PHẨM", "PRODUCT"),
                        tr(lang, "ĐỀ XUẤT", "PROPOSED BY"),
                        tr(lang, "ĐIỂM", "SCORE"),
                        "%",
                        tr(lang, "TRẠNG THÁI", "STATUS"),
                    ],
                    view.ranking.iter().map(|r| {
                        vec![
                            r.rank.to_string(),
                            r.name.clone(),
                            r.proposed_by.clone(),
                            format!("{}/{}", r.weighted_sum, r.max_sum),
                            format!("{:.2}", r.score_pct),
                            format!(
                                "{}{}",
                                r.status.label().get(lang),
                                if r.complete {
                                    ""
                                } else {
                                    tr(lang, " (chưa chấm đủ)", " (not fully scored)")
                                }
                            ),
                        ]
                    }),
                );
            }
        }
        CatalogueCommand::Issue {
            products,
            number,
            date,
        } => {
            let view = ws.issue_catalogue(products, number, date)?;
            let issued = view
                .products
                .iter()
                .filter(|p| p.status == sotay_model::catalogue::ProductStatus::Issued)
                .count();
            println!(
                "{} {number}: {issued} {}.",
                tr(
                    lang,
                    "Đã ban hành danh mục theo quyết định",
                    "Issued the catalogue under decision"
                ),
                tr(lang, "sản phẩm trong danh mục", "products in the catalogue")
            );
        }
        CatalogueCommand::Weights { set, json: as_json } => {
            let criteria = if set.is_empty() {
                ws.catalogue_criteria()?
            } else {
                ws.set_catalogue_weights(&pairs(set)?)?
            };
            if *as_json {
                json(&criteria)?;
            } else {
                for c in &criteria {
                    println!("{} ({}): {}", c.key, c.label.get(lang), c.weight);
                }
            }
        }
        CatalogueCommand::Handbook { product, handbook } => {
            let p = ws.link_key_product_handbook(product, handbook)?;
            println!("{}: {}", p.name, p.handbook_title);
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn run_roadmap(
    ws: &mut Workspace,
    lang: Lang,
    cmd: &RoadmapCommand,
) -> Result<ExitCode, Error> {
    let roadmaps = match cmd {
        RoadmapCommand::Show {
            product,
            json: as_json,
        } => {
            let list = match product {
                Some(p) => vec![ws.roadmap(p)?],
                None => ws.roadmaps()?,
            };
            if *as_json {
                if product.is_some() {
                    json(&list[0])?;
                } else {
                    json(&list)?;
                }
                return Ok(ExitCode::SUCCESS);
            }
            list
        }
        RoadmapCommand::Add {
            product,
            year,
            kind,
            target,
            note,
        } => vec![ws.add_milestone(
            product,
            &MilestoneInput {
                year: *year,
                kind: (*kind).into(),
                target: *target,
                note: note.clone(),
            },
        )?],
    };
    for r in &roadmaps {
        println!(
            "{} ({}/{} {})",
            r.product,
            r.done,
            r.total,
            tr(lang, "mốc hoàn thành", "milestones done")
        );
        table::print(
            &[
                tr(lang, "NĂM", "YEAR"),
                tr(lang, "MỐC", "MILESTONE"),
                tr(lang, "ĐẠT", "ACHIEVED"),
                "%",
                tr(lang, "TRẠNG THÁI", "STATUS"),
                tr(lang, "CĂN CỨ", "EVIDENCE"),
            ],
            r.milestones.iter().map(|m| {
                vec![
                    m.year.to_string(),
                    m.kind.label().get(lang).to_owned(),
                    format!("{}/{}", m.progress.achieved, m.progress.target),
                    m.progress.percent.to_string(),
                    m.progress.status.label().get(lang).to_owned(),
                    m.progress.evidence.clone(),
                ]
            }),
        );
    }
    Ok(ExitCode::SUCCESS)
}

pub fn run_readiness(ws: &mut Workspace, lang: Lang, a: &ReadinessArgs) -> Result<ExitCode, Error> {
    let update = ReadinessUpdate {
        company_prefix: a.prefix.clone(),
        gtins: (!a.gtins.is_empty()).then(|| a.gtins.clone()),
        glns: (!a.glns.is_empty()).then(|| a.glns.clone()),
        carrier: a.carrier.clone(),
        image: a.image.clone(),
        registered: a.portal_id.as_ref().map(|p| !p.trim().is_empty()),
        portal_id: a.portal_id.clone(),
    };
    let list = if update == ReadinessUpdate::default() {
        ws.readiness(&a.product)?
    } else {
        ws.set_readiness(&a.product, a.pilot.as_deref(), &update)?
    };
    if a.json {
        json(&list)?;
        return Ok(ExitCode::SUCCESS);
    }
    for r in &list {
        println!(
            "{}: {}/{} {}",
            r.subject,
            r.met,
            r.total,
            tr(lang, "tiêu chí đạt", "items met")
        );
        for i in &r.items {
            let mark = match i.state {
                ReadinessState::Met => "✓",
                ReadinessState::Missing => "·",
                ReadinessState::Invalid => "✗",
            };
            println!(
                "  {mark} {} — {} [{}]",
                i.label.get(lang),
                i.detail.get(lang),
                i.source
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
