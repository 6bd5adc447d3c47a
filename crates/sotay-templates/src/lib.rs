//! Handbook templates (mẫu sổ tay): loading a template folder, the built-in catalogue, and
//! rendering chapter sources (Markdown with Tera) with a handbook's variables.
//!
//! A template is read into a [`Template`] from any set of files (the embedded built-ins or a
//! folder on disk), so built-in and user-made templates go through exactly the same code.

mod check;
pub mod lint;
mod load;
pub mod manifest;
mod render;
mod validate;
mod values;

pub use check::{check_files, render_diagnostic, RenderedChapter, TemplateCheck, CORE_VARIABLES};
pub use load::{builtin, load_dir, read_dir_files, Template, TemplateError};
pub use manifest::{Manifest, VariableDef, VariableKind};
pub use render::{render, RenderError, RenderErrorKind, MAX_NESTING};
pub use validate::{apply_set, key_error_text, set_at, validate_vars, SetError, VARIABLES_FILE};
pub use values::{readable_source, toml_to_json, variable_at};
