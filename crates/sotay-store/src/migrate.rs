//! Numbered, additive migrations. `PRAGMA user_version` holds how many have been applied.

use rusqlite::Connection;

use crate::{StoreError, APPLICATION_ID};

/// The migrations in order; the number of a migration is its position + 1.
const MIGRATIONS: &[&str] = &[
    include_str!("../migrations/0001_initial.sql"),
    include_str!("../migrations/0002_authoring.sql"),
    include_str!("../migrations/0003_verification.sql"),
    include_str!("../migrations/0004_publishing.sql"),
    include_str!("../migrations/0005_evidence_thumbnails.sql"),
    include_str!("../migrations/0006_variable_history.sql"),
    include_str!("../migrations/0007_trace_test_details.sql"),
    include_str!("../migrations/0008_trace_lots.sql"),
    include_str!("../migrations/0009_plan.sql"),
    include_str!("../migrations/0010_signatures.sql"),
    include_str!("../migrations/0011_comment_anchors.sql"),
    include_str!("../migrations/0012_catalogue.sql"),
    include_str!("../migrations/0013_edition_qr_address.sql"),
    include_str!("../migrations/0014_handbook_decisions.sql"),
    include_str!("../migrations/0015_activity_evidence.sql"),
    include_str!("../migrations/0016_plan_direction.sql"),
    include_str!("../migrations/0017_edition_paper_signature_history.sql"),
];

/// A database at schema `version` as the Sotay of that version left it: the first `version`
/// migration scripts themselves, its `user_version` and the application id. What an upgrade
/// test starts from before it adds the rows an older Sotay wrote.
pub fn database_at_version(path: &std::path::Path, version: u32) -> Result<Connection, StoreError> {
    let conn = Connection::open(path)?;
    for sql in &MIGRATIONS[..version as usize] {
        conn.execute_batch(sql)?;
    }
    conn.pragma_update(None, "user_version", version)?;
    conn.pragma_update(None, "application_id", APPLICATION_ID)?;
    Ok(conn)
}

/// The schema version this build writes.
pub const LATEST_SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

/// Brings the database up to [`LATEST_SCHEMA_VERSION`], one transaction per migration.
pub(crate) fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    let current: u32 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        let version = index as u32 + 1;
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Exclusive)?;
        // Another process opening the same new workspace may have applied it meanwhile.
        let now: u32 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if now >= version {
            continue;
        }
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", version)?;
        tx.pragma_update(None, "application_id", APPLICATION_ID)?;
        tx.commit()?;
    }
    Ok(())
}
