//! Splitting one Markdown file into chapters at its level-1 headings.

use super::*;

/// Splits one Markdown file into chapters at its `# ` headings (outside code fences). Text before
/// the first heading, and a first heading with no sections under it (a title page), become an
/// unnumbered front chapter. Returns the document title (the first `# ` heading) and chapters.
pub fn chapters_from_markdown(markdown: &str, fallback_title: &str) -> (String, Vec<ChapterInput>) {
    let text = sotay_model::text::nfc(markdown);
    let mut parts: Vec<String> = vec![String::new()];
    let mut fence: Option<String> = None;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if let Some(f) = &fence {
            if trimmed.starts_with(f.as_str()) {
                fence = None;
            }
        } else if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = Some(trimmed[..3].to_owned());
        } else if line.starts_with("# ") {
            parts.push(String::new());
        }
        parts.last_mut().expect("non-empty").push_str(line);
    }
    let title_of = |p: &str| {
        p.lines()
            .find_map(|l| l.strip_prefix("# "))
            .map(|t| parse::split_id(t.trim()).0)
    };
    let doc_title = parts
        .iter()
        .find_map(|p| title_of(p))
        .unwrap_or_else(|| fallback_title.to_owned());
    let mut chapters = Vec::new();
    let count = parts.len();
    for (i, p) in parts.into_iter().enumerate() {
        if p.trim().is_empty() {
            continue;
        }
        let has_sections = p.lines().any(|l| l.starts_with("## "));
        let title = title_of(&p);
        let role = if title.is_none() || (i == 1 && !has_sections && count > 2) {
            ChapterRole::Front
        } else if title
            .as_deref()
            .is_some_and(|t| t.starts_with("Phụ lục") || t.starts_with("Annex"))
        {
            ChapterRole::Annex
        } else {
            ChapterRole::Body
        };
        chapters.push(ChapterInput {
            key: format!("ch{:02}", chapters.len() + 1),
            title: title.clone().unwrap_or_else(|| doc_title.clone()),
            markdown: p,
            role,
        });
    }
    (doc_title, chapters)
}
