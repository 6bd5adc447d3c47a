fn main() {
    // Declaring the app's commands makes Tauri generate one permission per command
    // (`allow-<command>`) and deny any command a capability does not grant.
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(
        tauri_build::AppManifest::new().commands(&[
            "app_info",
            "list_handbooks",
            "list_templates",
            "list_pilots",
            "open_handbook",
            "set_language",
        ]),
    ))
    .expect("tauri-build failed");
}
