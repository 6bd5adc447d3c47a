//! How long re-anchoring takes: every comment of a long chapter located in its edited text, the
//! way `chapter_comments` does on each pause in typing.
//! `cargo run --release -p sotay-model --example anchors [CHAPTER.md]`

use std::time::Instant;

use sotay_model::anchor::{utf16_len, TextAnchor};

fn main() {
    let text = match std::env::args().nth(1) {
        Some(path) => std::fs::read_to_string(path).expect("a readable chapter"),
        None => (0..400)
            .map(|i| {
                format!(
                    "Đoạn {i}: mỗi lô tôm được ghi nhật ký hằng ngày, gồm mã ao, ngày thả giống, \
                     lượng thức ăn và kết quả kiểm tra nước; hồ sơ lưu giữ ít nhất hai năm.\n\n"
                )
            })
            .collect(),
    };
    // 60 comments spread over the chapter, each on 40 characters.
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let anchors: Vec<TextAnchor> = (0..60)
        .filter_map(|k| {
            let i = chars.len() * k / 60;
            let (a, _) = chars[i];
            let b = chars.get(i + 40).map_or(text.len(), |c| c.0);
            let s = utf16_len(&text[..a]);
            TextAnchor::select(&text, s, s + utf16_len(&text[a..b]), 1)
        })
        .collect();
    let edited = format!("Dòng mới ở đầu chương.\n\n{text}");
    // Every passage rewritten: the slow path (context search and character diffs).
    let rewritten: String = anchors.iter().fold(text.clone(), |t, a| {
        t.replacen(&a.quote, "đoạn đã viết lại hoàn toàn khác", 1)
    });
    for (name, t) in [
        ("edited before", &edited),
        ("every passage rewritten", &rewritten),
    ] {
        let runs = 20;
        let start = Instant::now();
        let mut found = 0;
        for _ in 0..runs {
            found = anchors.iter().filter(|a| a.locate(t).is_some()).count();
        }
        let per = start.elapsed() / runs;
        println!(
            "{name}: {} comments in {} KB located in {per:?} ({found} found)",
            anchors.len(),
            t.len() / 1024
        );
    }
}
