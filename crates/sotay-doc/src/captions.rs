//! Captions: "Bảng 2.1 …" / "Hình …" paragraphs attached to the table or figure they name, and the labels of hand-numbered ones.

use super::*;

/// Hand-written numbers at the start of a heading: "Chương 2.", "Phụ lục A.", "2.1.", "3 ".
pub(crate) fn hand_numbered(text: &str) -> bool {
    let t = text.trim_start();
    for prefix in ["Chương ", "Phụ lục ", "Chapter ", "Annex "] {
        if let Some(rest) = t.strip_prefix(prefix) {
            let token: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            let after = rest[token.len()..].chars().next();
            let is_number = token.chars().all(|c| c.is_ascii_digit())
                || (token.len() == 1 && token.chars().all(|c| c.is_ascii_uppercase()))
                || token.chars().all(|c| matches!(c, 'I' | 'V' | 'X'));
            return !token.is_empty() && is_number && matches!(after, None | Some('.' | ':' | ' '));
        }
    }
    let digits: String = t
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    !digits.is_empty()
        && digits.chars().next().is_some_and(|c| c.is_ascii_digit())
        && t[digits.len()..].starts_with(' ')
        && (digits.contains('.') || digits.len() <= 2)
}

/// A table/figure caption: `Bảng: text` (auto-numbered) or `Bảng 3. text` (hand-numbered).
pub(crate) enum Caption {
    Auto(String),
    Hand,
}

pub(crate) fn caption_kind(text: &str, words: &[&str]) -> Option<Caption> {
    let t = text.trim();
    for w in words {
        if let Some(rest) = t.strip_prefix(w) {
            let rest_trim = rest.trim_start();
            if let Some(after) = rest_trim.strip_prefix(':') {
                return Some(Caption::Auto(after.trim().to_owned()));
            }
            if rest.starts_with(' ') && rest_trim.chars().next().is_some_and(|c| c.is_ascii_digit())
            {
                return Some(Caption::Hand);
            }
        }
    }
    None
}

/// The paragraph's inlines without one wrapping `**…**`.
pub(crate) fn unwrap_strong(inlines: &[Inline]) -> Vec<Inline> {
    match inlines {
        [Inline::Strong(inner)] => inner.clone(),
        other => other.to_vec(),
    }
}

pub(crate) fn strip_caption_prefix(inlines: &[Inline], words: &[&str]) -> Vec<Inline> {
    let mut out = unwrap_strong(inlines);
    if let Some(Inline::Text(t)) = out.first_mut() {
        for w in words {
            if let Some(rest) = t.trim_start().strip_prefix(w) {
                if let Some(after) = rest.trim_start().strip_prefix(':') {
                    *t = after.trim_start().to_owned();
                    break;
                }
            }
        }
    }
    // Drop a trailing `{#id}` from the last text run.
    if let Some(Inline::Text(t)) = out.last_mut() {
        let (text, _) = parse::split_id(t);
        *t = text;
    }
    out
}

pub(crate) const TABLE_WORDS: &[&str] = &["Bảng", "Table"];

pub(crate) const FIGURE_WORDS: &[&str] = &["Hình", "Figure"];

/// Attaches `Bảng: …` paragraphs to the neighbouring table.
pub(crate) fn attach_table_captions(blocks: Vec<Block>) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::with_capacity(blocks.len());
    let mut iter = blocks.into_iter().peekable();
    while let Some(b) = iter.next() {
        match b {
            Block::Table(mut t) => {
                // A caption paragraph just before.
                let before = match out.last() {
                    Some(Block::Paragraph(p)) => {
                        let text = plain_text(p);
                        caption_kind(&text, TABLE_WORDS).map(|k| (k, p.clone(), text))
                    }
                    _ => None,
                };
                let found = match before {
                    Some(x) => {
                        out.pop();
                        Some(x)
                    }
                    None => match iter.peek() {
                        Some(Block::Paragraph(p)) => {
                            let text = plain_text(p);
                            match caption_kind(&text, TABLE_WORDS) {
                                Some(Caption::Auto(c)) => {
                                    let p = p.clone();
                                    iter.next();
                                    Some((Caption::Auto(c), p, text))
                                }
                                _ => None,
                            }
                        }
                        _ => None,
                    },
                };
                if let Some((kind, inlines, text)) = found {
                    let (_, id) = parse::split_id(&text);
                    t.id = id;
                    t.caption = Some(match kind {
                        Caption::Auto(_) => strip_caption_prefix(&inlines, TABLE_WORDS),
                        Caption::Hand => {
                            let mut c = unwrap_strong(&inlines);
                            if let Some(Inline::Text(last)) = c.last_mut() {
                                *last = parse::split_id(last).0;
                            }
                            c
                        }
                    });
                    // Hand-numbered captions keep their text; mark them so they get no number.
                    if matches!(kind, Caption::Hand) {
                        t.number = Some(String::new());
                    }
                }
                out.push(Block::Table(t));
            }
            Block::List {
                ordered,
                start,
                items,
            } => out.push(Block::List {
                ordered,
                start,
                items: items
                    .into_iter()
                    .map(|i| ListItem {
                        task: i.task,
                        blocks: attach_table_captions(i.blocks),
                    })
                    .collect(),
            }),
            Block::Quote(inner) => out.push(Block::Quote(attach_table_captions(inner))),
            Block::Alert { kind, blocks } => out.push(Block::Alert {
                kind,
                blocks: attach_table_captions(blocks),
            }),
            other => out.push(other),
        }
    }
    out
}

/// "Bảng 3" from a hand-numbered caption "Bảng 3. Nhật ký…".
pub(crate) fn caption_label(caption: &[Inline], word: &str) -> String {
    let text = plain_text(caption);
    let rest = text.split_once(' ').map_or("", |x| x.1);
    let n: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '.')
        .collect();
    format!("{word} {}", n.trim_end_matches('.'))
}
