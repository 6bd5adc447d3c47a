//! Property tests: any Markdown goes through the model and every writer without panicking,
//! and the HTML never carries a script or an event handler from the input. (Hangs are caught
//! by the fuzz harness, crates/sotay/tests/fuzz.rs, on CPU time rather than the wall clock.)

use proptest::prelude::*;
use sotay_doc::{build, ChapterInput, ChapterRole, DocMeta, Numbering};

fn markdownish() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "# ",
        "## ",
        "### ",
        "\n",
        "\n\n",
        "- ",
        "1. ",
        "> ",
        "> [!NOTE]\n> ",
        "```qr\n",
        "```glossary\nA: b\n",
        "```\n",
        "| a | b |\n|---|--:|\n| 1 | 2 |\n",
        "Bảng: chú thích {#b1}\n",
        "![Hình {#h1}](anh.png)",
        "[](#b1)",
        "[x](#khong)",
        "[^1]",
        "[^1]: chú thích\n",
        "**đậm**",
        "*nghiêng*",
        "`mã`",
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "[j](javascript:alert(1))",
        "<!-- pagebreak -->\n",
        "GTIN 8934567000014 ",
        "https://id.gs1.org/01/08931234567897/10/L1 ",
        "Thu hoạch tôm sú ",
        "Chương 1. ",
        "1.1. ",
        "{#x}",
        "~~gạch~~",
        "- [x] xong\n",
        "***\n",
        "\\",
        "&amp; &lt;",
    ]);
    prop::collection::vec(pieces, 0..60).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(100))]

    #[test]
    fn every_writer_survives_any_markdown(md in markdownish(), tail in "\\PC{0,80}") {
        let md = format!("{md}{tail}");
        let chapters = [
            ChapterInput { key: "a".into(), title: "A".into(), markdown: md.clone(), role: ChapterRole::Body },
            ChapterInput { key: "b".into(), title: "B".into(), markdown: md.clone(), role: ChapterRole::Annex },
        ];
        let built = build(DocMeta::default(), &chapters, Numbering::Auto, &|_| None);
        let html = sotay_doc::html::single_file(&built.document);
        let _ = sotay_doc::epub::write(&built.document).unwrap();
        let preview = sotay_doc::html::preview_fragment(&md, &|_| None);
        for out in [&html, &preview] {
            prop_assert!(!out.contains("<script"));
            prop_assert!(!out.contains("<img src=x"));
            prop_assert!(!out.to_lowercase().contains("href=\"javascript"));
        }
        let _ = sotay_doc::chapters_from_markdown(&md, "t");
    }
}
