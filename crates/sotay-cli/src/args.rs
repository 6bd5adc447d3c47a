//! The command-line contract. Names here are promises to users' scripts: add, never rename.

use std::path::PathBuf;

use clap::{Parser, Subcommand};
use sotay_model::Lang;

/// Sotay — Sổ tay truy xuất nguồn gốc (traceability handbooks, pilot verification, publishing).
#[derive(Debug, Parser)]
#[command(name = "sotay", version, about, long_about = None)]
pub struct Args {
    /// The workspace database (default: $SOTAY_DB, else the per-user data folder).
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// Language of messages: vi (default) or en.
    #[arg(long, global = true, value_name = "vi|en", env = "SOTAY_LANG", default_value = "vi", value_parser = parse_lang)]
    pub lang: Lang,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the handbooks (sổ tay).
    List {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// List the handbook templates (mẫu sổ tay).
    Templates {
        /// Print a JSON array of objects with at least `id` and `name`.
        #[arg(long)]
        json: bool,
    },
    /// List the pilot models (mô hình thí điểm).
    Pilots {
        #[arg(long)]
        json: bool,
    },
    /// Show one handbook: its details and chapters. H is an id or a unique title.
    Show {
        #[arg(value_name = "H")]
        handbook: String,
        #[arg(long)]
        json: bool,
    },
    /// Create the sample workspace (one handbook, two pilot models) if this workspace never had it.
    Sample,
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    Lang::parse(s).ok_or_else(|| format!("unknown language {s:?}: use vi or en"))
}
