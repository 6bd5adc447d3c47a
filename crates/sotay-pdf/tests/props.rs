//! Random Markdown never makes the PDF writer panic, and what it writes is a PDF.

use proptest::prelude::*;
use sotay_doc::{build, ChapterInput, ChapterRole, DocMeta, Image, Numbering};
use sotay_pdf::{write, Edition, Paper, PdfOptions};

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Zàáảãạăắằẳẵặâấầẩẫậđèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵ ]{0,80}",
        Just("# Chương\n".to_owned()),
        Just("## Mục {#muc}\n".to_owned()),
        Just("### Tiểu mục\n".to_owned()),
        Just("- một\n- hai\n  - ba\n".to_owned()),
        Just("7. bảy\n8. tám\n".to_owned()),
        Just("> trích dẫn\n".to_owned()),
        Just("> [!WARNING]\n> Cảnh báo\n".to_owned()),
        Just("| A | B |\n|:-|-:|\n| 1 | 2 |\n| dài dài dài dài | x |\n".to_owned()),
        Just("Bảng: Chú thích {#bang}\n".to_owned()),
        Just("```\ncode   giữ nguyên\n\tTab\n```\n".to_owned()),
        Just("```qr\nhttps://id.gs1.org/01/08931234567897\n```\n".to_owned()),
        Just("```glossary\nCTE: Sự kiện\nKDE: Dữ liệu\n```\n".to_owned()),
        Just("![Hình {#hinh}](anh.png)\n".to_owned()),
        Just("Xem [](#muc), [](#bang), [](#khong) và [liên kết](https://x.vn).\n".to_owned()),
        Just("Chú thích[^1] và[^2].\n\n[^1]: Một.\n".to_owned()),
        Just("---\n".to_owned()),
        Just("<!-- pagebreak -->\n".to_owned()),
        Just("😀 → ≤ ✓ \u{0301} \u{200b}\n".to_owned()),
        Just("https://example.org/a/very/long/path/that/does/not/fit/anywhere/on/one/line/at/all/0123456789\n".to_owned()),
        Just("**đậm *nghiêng* `mã`** ~~gạch~~  \nxuống dòng\n".to_owned()),
        Just("> > > > > > > > > > > > > > > > > > > > > > > > > > > > > > > > sâu\n".to_owned()),
        Just("123456789. số lớn\n".to_owned()),
        Just("| a | b | c | d | e | f | g | h | i | j | k | l | m | n | o | p | q | r |\n|-|-|-|-|-|-|-|-|-|-|-|-|-|-|-|-|-|-|\n| Khốilượngthuhoạchtrongngày | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12 | 13 | 14 | 15 | 16 | 17 | 18 |\n".to_owned()),
        Just("\n".to_owned()),
    ]
}

fn markdown() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..25).prop_map(|v| v.join("\n"))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, .. ProptestConfig::default() })]

    #[test]
    fn random_markdown_never_panics(a in markdown(), b in markdown(), print in any::<bool>(), a5 in any::<bool>()) {
        let chapters = [
            ChapterInput { key: "a".into(), title: "A".into(), markdown: a, role: ChapterRole::Front },
            ChapterInput { key: "b".into(), title: "B".into(), markdown: b, role: ChapterRole::Body },
        ];
        let doc = build(DocMeta::default(), &chapters, Numbering::Auto, &|n: &str| {
            (n == "anh.png").then(|| Image { bytes: b"broken".to_vec(), mime: "image/png".into() })
        }).document;
        let opts = PdfOptions {
            edition: if print { Edition::Print } else { Edition::Screen },
            paper: if a5 { Paper::A5 } else { Paper::A4 },
        };
        let out = write(&doc, &opts);
        prop_assert!(out.bytes.starts_with(b"%PDF-1.7"));
        prop_assert!(out.pages >= 4);
        prop_assert!(lopdf::Document::load_mem(&out.bytes).is_ok());
    }
}
