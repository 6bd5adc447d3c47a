//! An XSS corpus (tests/xss/vectors.txt) through the preview, the single-file HTML and the
//! EPUB: whatever a chapter holds, no output carries a script, an event handler, a dangerous
//! element or a script URL. The preview is what the app's webview shows while typing.

use std::io::Read;
use std::sync::LazyLock;

use regex::Regex;
use sotay_doc::{build, ChapterInput, ChapterRole, DocMeta, Numbering};

static TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?s)<([A-Za-z][A-Za-z0-9:-]*)([^>]*)>").unwrap());
static ATTR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?s)([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?"#).unwrap()
});

/// Elements that can run script or change where the page goes; none may come from a chapter.
/// (`meta` and `link` are the writers' own: their `http-equiv` and URLs are checked instead.)
const FORBIDDEN: &[&str] = &[
    "script", "iframe", "frame", "object", "embed", "form", "button", "input", "base", "applet",
    "marquee", "details", "video", "audio", "source", "math", "noscript", "template",
];

/// Decodes the character references an attacker uses to hide a scheme, and drops what
/// browsers ignore inside one (whitespace and control characters).
fn normalise_url(v: &str) -> String {
    let mut out = String::new();
    let mut rest = v;
    while let Some(i) = rest.find("&#") {
        out.push_str(&rest[..i]);
        let tail = &rest[i + 2..];
        let (hex, digits) = match tail.strip_prefix(['x', 'X']) {
            Some(t) => (true, t),
            None => (false, tail),
        };
        let end = digits
            .find(|c: char| !c.is_ascii_hexdigit())
            .unwrap_or(digits.len());
        let n = u32::from_str_radix(&digits[..end], if hex { 16 } else { 10 }).ok();
        match n.and_then(char::from_u32) {
            Some(c) => out.push(c),
            None => out.push_str("&#"),
        }
        rest = digits[end..].strip_prefix(';').unwrap_or(&digits[end..]);
    }
    out.push_str(rest);
    out.replace("&colon;", ":")
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect::<String>()
        .to_ascii_lowercase()
}

/// Every problem in one HTML/XHTML output (empty when it is safe).
fn problems(what: &str, out: &str, own_styles: bool) -> Vec<String> {
    let mut found = Vec::new();
    for tag in TAG.captures_iter(out) {
        let name = tag[1].to_ascii_lowercase();
        if FORBIDDEN.contains(&name.as_str()) || (name == "style" && !own_styles) {
            found.push(format!("{what}: element <{name}>"));
        }
        for attr in ATTR.captures_iter(&tag[2]) {
            let key = attr[1].to_ascii_lowercase();
            let value = [2, 3, 4]
                .iter()
                .find_map(|i| attr.get(*i))
                .map_or("", |m| m.as_str());
            if key.starts_with("on") {
                found.push(format!("{what}: handler {key} on <{name}>"));
            }
            if ["srcdoc", "formaction", "action", "http-equiv"].contains(&key.as_str()) {
                found.push(format!("{what}: attribute {key} on <{name}>"));
            }
            if ["href", "src", "xlink:href", "data", "poster", "background"].contains(&key.as_str())
            {
                let url = normalise_url(value);
                let image = url.starts_with("data:image/") && key == "src";
                if url.starts_with("javascript:")
                    || url.starts_with("vbscript:")
                    || (url.starts_with("data:") && !image)
                {
                    found.push(format!("{what}: {key}=\"{value}\" on <{name}>"));
                }
            }
            if key == "style" {
                let css = normalise_url(value);
                if css.contains("expression(") || css.contains("javascript:") {
                    found.push(format!("{what}: style \"{value}\" on <{name}>"));
                }
            }
        }
    }
    found
}

fn vectors() -> Vec<String> {
    let text = include_str!("xss/vectors.txt");
    // Lines are vectors; a fenced block or an alert with its continuation stays together.
    let mut out: Vec<String> = Vec::new();
    let mut fence: Option<String> = None;
    for line in text.lines().filter(|l| !l.starts_with("# ")) {
        if let Some(block) = fence.as_mut() {
            block.push('\n');
            block.push_str(line);
            if line.starts_with("```") {
                out.push(fence.take().unwrap_or_default());
            }
        } else if line.starts_with("```") {
            fence = Some(line.to_owned());
        } else if line.starts_with("> ") && out.last().is_some_and(|l| l.starts_with("> [!")) {
            let last = out.last_mut().unwrap();
            last.push('\n');
            last.push_str(line);
        } else if !line.is_empty() {
            out.push(line.to_owned());
        }
    }
    out
}

#[test]
fn the_corpus_is_big_enough_and_the_checker_catches_what_it_should() {
    let v = vectors();
    assert!(v.len() >= 60, "{}", v.len());
    // The checker itself is tested on raw vectors: it would catch them if they passed through.
    for raw in [
        "<img src=x onerror=alert(1)>",
        "<a href=\"&#x6A;avascript:alert(1)\">x</a>",
        "<iframe srcdoc=\"x\"></iframe>",
        "<div style=\"width: expression(alert(1))\">",
        "<a href=\"data:text/html,x\">",
    ] {
        assert!(!problems("raw", raw, false).is_empty(), "{raw}");
    }
    assert!(problems(
        "ok",
        "<img src=\"data:image/png;base64,AA\" alt=\"a\">",
        false
    )
    .is_empty());
}

#[test]
fn no_vector_reaches_the_preview_the_html_or_the_epub() {
    let vectors = vectors();
    let mut found = Vec::new();
    for (i, v) in vectors.iter().enumerate() {
        let md = format!("# Chương {i}\n\nTrước.\n\n{v}\n\nSau {v}\n");
        found.extend(problems(
            &format!("preview #{i} {v:?}"),
            &sotay_doc::html::preview_fragment(&md, &|_| None),
            false,
        ));
    }
    // All vectors in one document, through the writers of the editions.
    let md: String = vectors
        .iter()
        .enumerate()
        .map(|(i, v)| format!("## Mục {i}\n\n{v}\n\nCâu {v} giữa dòng.\n\n"))
        .collect();
    let chapters = [ChapterInput {
        key: "xss".into(),
        title: "XSS".into(),
        markdown: md,
        role: ChapterRole::Body,
    }];
    let built = build(DocMeta::default(), &chapters, Numbering::Auto, &|_| None);
    let html = sotay_doc::html::single_file(&built.document);
    found.extend(problems("single-file HTML", &html, true));
    assert!(
        !html.contains("<script"),
        "the edition carries no script at all"
    );
    let epub = sotay_doc::epub::write(&built.document).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(epub)).unwrap();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let name = entry.name().to_owned();
        if name.ends_with(".xhtml") {
            let mut text = String::new();
            entry.read_to_string(&mut text).unwrap();
            found.extend(problems(&format!("EPUB {name}"), &text, false));
        }
    }
    assert!(
        found.is_empty(),
        "{} problems:\n{}",
        found.len(),
        found.join("\n")
    );
}
