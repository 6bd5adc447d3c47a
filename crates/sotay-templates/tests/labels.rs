//! One label per variable across the built-in templates (issue 16): a specialist who learns
//! "Đầu mối truy xuất nguồn gốc" in one handbook finds the same words in the next.

#[test]
fn a_variable_has_the_same_label_in_every_template() {
    let templates = sotay_templates::builtin().unwrap();
    let mut seen: std::collections::BTreeMap<String, (String, sotay_model::Localized)> =
        Default::default();
    let mut differ = Vec::new();
    for t in &templates {
        for v in &t.manifest.variables {
            match seen.get(&v.key) {
                Some((other, label)) if *label != v.label => differ.push(format!(
                    "{}: “{}” in {other}, “{}” in {}",
                    v.key,
                    label.vi,
                    v.label.vi,
                    t.id()
                )),
                Some(_) => {}
                None => {
                    seen.insert(v.key.clone(), (t.id().to_owned(), v.label.clone()));
                }
            }
        }
    }
    assert!(templates.len() >= 2);
    assert!(differ.is_empty(), "{}", differ.join("\n"));
}
