//! The shared benchmark corpus (`../shared/bench/gen_corpus.py N DIR`), generated under
//! `SOTAY_CORPUS` (default `/tmp/sotay-corpus`) when missing: its folder and the Markdown of
//! the N-page handbook.

use std::path::{Path, PathBuf};

pub fn corpus(pages: u32) -> Option<(PathBuf, String)> {
    let dir =
        PathBuf::from(std::env::var("SOTAY_CORPUS").unwrap_or_else(|_| "/tmp/sotay-corpus".into()));
    let file = dir.join(format!("handbook-{pages}.md"));
    if !file.exists() {
        let gen = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/bench/gen_corpus.py");
        std::process::Command::new("python3")
            .arg(gen)
            .arg(pages.to_string())
            .arg(&dir)
            .status()
            .ok()?;
    }
    Some((dir, std::fs::read_to_string(file).ok()?))
}
