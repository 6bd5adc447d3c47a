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
            "set_user_name",
            "get_template",
            "validate_variables",
            "create_handbook",
            "update_variables",
            "save_chapter",
            "preview_chapter",
            "add_chapter",
            "remove_chapter",
            "move_chapter",
            "rename_chapter",
            "history",
            "revision",
            "diff_revisions",
            "restore_revision",
            "check_handbook",
            "set_status",
            "status_history",
            "list_comments",
            "add_comment",
            "resolve_comment",
            "preview_handbook",
            "export_handbook",
        ]),
    ))
    .expect("tauri-build failed");
}
