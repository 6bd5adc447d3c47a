//! A safe HTML fragment of a chapter's Markdown for the reading pane.
//!
//! Raw HTML in the Markdown is never passed through: it is shown as text. (The full document
//! model with numbering and cross-references replaces this with the soft-copy work.)

use pulldown_cmark::{html, Event, Options, Parser};

/// Renders Markdown (CommonMark + tables, footnotes, strikethrough, task lists) to HTML, with any
/// raw HTML escaped and `javascript:` links neutralised.
pub fn preview_html(markdown: &str) -> String {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let events = Parser::new_ext(markdown, options).map(|event| match event {
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        Event::Start(pulldown_cmark::Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) if !safe_url(&dest_url) => Event::Start(pulldown_cmark::Tag::Link {
            link_type,
            dest_url: "#".into(),
            title,
            id,
        }),
        Event::Start(pulldown_cmark::Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }) if !safe_url(&dest_url) => Event::Start(pulldown_cmark::Tag::Image {
            link_type,
            dest_url: "".into(),
            title,
            id,
        }),
        other => other,
    });
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events);
    out
}

fn safe_url(url: &str) -> bool {
    let lower: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .flat_map(char::to_lowercase)
        .collect();
    match lower.split_once(':') {
        Some((scheme, _)) if !scheme.contains('/') && !scheme.contains('#') => {
            matches!(scheme, "http" | "https" | "mailto" | "tel")
        }
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_tables_and_escapes_raw_html() {
        let html = preview_html(
            "# Sổ tay\n\n| Mã | Tên |\n|---|---|\n| AO-01 | Ao số 1 |\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>",
        );
        assert!(html.contains("<h1>Sổ tay</h1>"));
        assert!(html.contains("<td>AO-01</td>"));
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("&lt;script&gt;"));
    }

    #[test]
    fn neutralises_javascript_urls() {
        let html = preview_html("[x](javascript:alert(1)) [y]( JaVa\tScript:alert(1)) [z](https://id.gs1.org/01/08931234567897)");
        assert!(!html.to_lowercase().contains("javascript"), "{html}");
        assert!(html.contains("https://id.gs1.org/01/08931234567897"));
    }
}
