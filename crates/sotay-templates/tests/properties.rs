//! Property tests: rendering and checking arbitrary (user-made) chapter sources and `--set`
//! assignments never panics; problems come back as errors with positions.

use std::collections::BTreeMap;

use proptest::prelude::*;
use serde_json::json;

fn shrimp() -> &'static sotay_templates::Template {
    static T: std::sync::OnceLock<sotay_templates::Template> = std::sync::OnceLock::new();
    T.get_or_init(|| {
        sotay_templates::builtin()
            .unwrap()
            .into_iter()
            .find(|t| t.id() == "tom-nuoc-lo")
            .unwrap()
    })
}

fn vars() -> serde_json::Value {
    json!({"product": {"name": "Tôm sú", "gtin": "8931234567897"}, "sites": [{"code": "AO01"}]})
}

proptest! {
    #[test]
    fn render_never_panics(src in "(\\PC|\\{\\{|\\}\\}|\\{%|%\\}| if | for | in |endif|endfor|product\\.name|\\n){0,60}") {
        match sotay_templates::render(&src, &vars()) {
            Ok(_) => {}
            Err(e) => {
                let d = sotay_templates::render_diagnostic(&e, &src, Some("ch.md"));
                if let Some(l) = d.line {
                    prop_assert!(l as usize <= src.lines().count() + 1);
                }
            }
        }
    }

    #[test]
    fn template_check_never_panics_on_any_chapter(src in "\\PC{0,200}") {
        let mut files: BTreeMap<String, String> = BTreeMap::new();
        files.insert("template.toml".into(), toml_manifest());
        files.insert("sample-vars.toml".into(), "issuing_body = \"Sở\"\n".into());
        files.insert("chapters/01.md".into(), src);
        let _ = sotay_templates::check_files(&files, &[]);
    }

    #[test]
    fn set_never_panics(assignment in "\\PC{0,60}") {
        let t = shrimp();
        let mut v = t.sample_vars.clone();
        let _ = sotay_templates::apply_set(&t.manifest.variables, &mut v, &assignment);
        let _ = sotay_templates::validate_vars(&t.manifest.variables, &v);
    }
}

fn toml_manifest() -> String {
    "id = \"thu\"\nversion = \"0.1.0\"\ncategory = \"crop\"\ntitle = \"T\"\nname = { vi = \"Thử\", en = \"Test\" }\n\
     [[chapters]]\nkey = \"mot\"\nfile = \"chapters/01.md\"\nlevel = \"M\"\ntitle = { vi = \"Một\", en = \"One\" }\n"
        .into()
}
