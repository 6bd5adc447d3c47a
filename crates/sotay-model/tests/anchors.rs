//! Property tests of re-anchoring a review comment's passage after edits
//! (`sotay_model::anchor`): edits before or after the passage keep it where it moved; an edit
//! inside it is followed or detaches it; removing it with its context detaches it; an anchor
//! re-based after a save finds the same place; any text and any selection never panic.

use proptest::prelude::*;
use sotay_model::anchor::{byte_at_utf16, utf16_len, TextAnchor, TextRange};

const WORDS: &[&str] = &[
    "ao",
    "nuôi",
    "tôm",
    "lô",
    "mã",
    "số",
    "nhật",
    "ký",
    "thu",
    "hoạch",
    "giống",
    "thức",
    "ăn",
    "nước",
    "hợp",
    "tác",
    "xã",
    "đóng",
    "gói",
    "kho",
    "lạnh",
    "vận",
    "chuyển",
    "ghi",
    "chép",
    "kiểm",
    "tra",
    "GTIN",
    "hằng",
    "ngày",
    "🦐",
    "—",
    "\n\n",
    "# ",
    "**",
    "{{ product.name }}",
];

/// A chapter's source: Vietnamese words, Markdown and Tera marks, an emoji (two UTF-16 units).
fn source() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(WORDS), 8..120).prop_map(|w| w.join(" "))
}

/// Text no source contains: digits (a quote never has one, so an inserted number cannot make a
/// second occurrence of it).
fn digits() -> impl Strategy<Value = String> {
    "[0-9]{1,3}( [0-9]{1,3}){0,6}"
}

/// A selection by characters (start, length) turned into UTF-16 positions of `text`.
fn selection(text: &str, start: usize, len: usize) -> Option<(u32, u32, usize, usize)> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let s = start % chars.len();
    let e = (s + 1 + len % 40).min(chars.len());
    let a = chars[s].0;
    let b = chars.get(e).map_or(text.len(), |c| c.0);
    Some((utf16_len(&text[..a]), utf16_len(&text[..b]), a, b))
}

fn count(text: &str, needle: &str) -> usize {
    if needle.is_empty() {
        return 0;
    }
    (0..text.len())
        .filter(|&i| text.is_char_boundary(i) && text[i..].starts_with(needle))
        .count()
}

fn text_of(text: &str, r: TextRange) -> &str {
    &text[byte_at_utf16(text, r.start).unwrap()..byte_at_utf16(text, r.end).unwrap()]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_text_and_selection_never_panic(
        old in "\\PC{0,200}", new in "\\PC{0,200}", s in 0u32..220, e in 0u32..220,
    ) {
        if let Some(a) = TextAnchor::select(&old, s, e, 3) {
            let found = a.locate(&old).expect("the passage is in the text it was selected in");
            prop_assert_eq!(text_of(&old, found), a.quote.as_str());
            if let Some(r) = a.locate(&new) {
                prop_assert!(r.start < r.end);
                prop_assert!(byte_at_utf16(&new, r.start).is_some() && byte_at_utf16(&new, r.end).is_some());
            }
        }
    }

    #[test]
    fn an_unchanged_text_gives_the_selection_back(text in source(), start in 0usize..2000, len in 0usize..40) {
        let (s, e, _, _) = selection(&text, start, len).unwrap();
        if let Some(a) = TextAnchor::select(&text, s, e, 1) {
            prop_assert_eq!(a.locate(&text), Some(TextRange { start: s, end: e }));
        }
    }

    #[test]
    fn edits_before_or_after_the_passage_keep_it(
        text in source(), start in 0usize..2000, len in 0usize..40,
        at in 0usize..2000, cut in 0usize..30, insert in digits(), before in any::<bool>(),
    ) {
        let (s, e, a, b) = selection(&text, start, len).unwrap();
        let Some(anchor) = TextAnchor::select(&text, s, e, 1) else { return Ok(()) };
        prop_assume!(count(&text, &anchor.quote) == 1);
        // Replace up to `cut` characters somewhere before the passage or after it with a number.
        let (lo, hi) = if before { (0, a) } else { (b, text.len()) };
        let bounds: Vec<usize> = (lo..=hi).filter(|&i| text.is_char_boundary(i)).collect();
        let from = bounds[at % bounds.len()];
        let to = *bounds.iter().filter(|&&i| i >= from).take(cut + 1).last().unwrap();
        let edited = format!("{}{}{}", &text[..from], insert, &text[to..]);
        let shift = utf16_len(&insert) as i64 - utf16_len(&text[from..to]) as i64;
        let expected = if before {
            TextRange { start: (s as i64 + shift) as u32, end: (e as i64 + shift) as u32 }
        } else {
            TextRange { start: s, end: e }
        };
        prop_assert_eq!(anchor.locate(&edited), Some(expected));
        // Saved: the anchor re-based on the edited text finds the same place, quote unchanged.
        let saved = anchor.rebased(&edited, 2).unwrap();
        prop_assert_eq!((saved.start, saved.end, saved.revision), (expected.start, expected.end, 2));
        prop_assert_eq!(&saved.quote, &anchor.quote);
        prop_assert_eq!(saved.locate(&edited), Some(expected));
    }

    #[test]
    fn an_edit_inside_the_passage_is_followed_or_detaches_it(
        text in source(), start in 0usize..2000, len in 4usize..40,
        at in 1usize..100, cut in 0usize..10, insert in digits(),
    ) {
        let (s, _, a, b) = selection(&text, start, len).unwrap();
        let Some(anchor) = TextAnchor::select(&text, s, utf16_len(&text[..b]), 1) else { return Ok(()) };
        prop_assume!(count(&text, &anchor.quote) == 1);
        prop_assume!(count(&text, &anchor.prefix) <= 1 && count(&text, &anchor.suffix) <= 1);
        // Strictly inside: the passage's first and last characters stay.
        let inner: Vec<usize> = (a + 1..b).filter(|&i| text.is_char_boundary(i)).collect();
        prop_assume!(inner.len() >= 2);
        let from = inner[at % (inner.len() - 1)];
        let to = *inner.iter().filter(|&&i| i >= from).take(cut + 1).last().unwrap();
        let edited = format!("{}{}{}", &text[..from], insert, &text[to..]);
        let new_passage = format!("{}{}{}", &text[a..from], insert, &text[to..b]);
        match anchor.locate(&edited) {
            None => {}
            Some(r) => {
                prop_assert_eq!(r.start, s);
                prop_assert_eq!(text_of(&edited, r), new_passage.as_str());
            }
        }
    }

    #[test]
    fn removing_the_passage_with_its_context_detaches_it(
        text in source(), start in 0usize..2000, len in 0usize..40, insert in digits(),
    ) {
        let (s, e, _, _) = selection(&text, start, len).unwrap();
        let Some(anchor) = TextAnchor::select(&text, s, e, 1) else { return Ok(()) };
        prop_assume!(count(&text, &anchor.quote) == 1);
        prop_assume!(count(&text, &anchor.prefix) <= 1 && count(&text, &anchor.suffix) <= 1);
        let whole = format!("{}{}{}", anchor.prefix, anchor.quote, anchor.suffix);
        let edited = text.replacen(&whole, &insert, 1);
        prop_assert_eq!(anchor.locate(&edited), None);
    }
}
