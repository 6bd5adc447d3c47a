//! A safe HTML fragment of a chapter's Markdown for the reading pane.
//!
//! Raw HTML in the Markdown is never passed through: it is shown as text. It is the document
//! model's preview writer (`sotay_doc::html::preview_fragment`), so it matches every output.

/// Renders a chapter's Markdown to a sanitised HTML fragment with the same writer as the
/// editions (raw HTML shown as text, unsafe links dropped, QR codes drawn).
pub fn preview_html(markdown: &str) -> String {
    sotay_doc::html::preview_fragment(markdown, &|_| None)
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
