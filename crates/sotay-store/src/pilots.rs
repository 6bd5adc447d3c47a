//! Pilot models (mô hình thí điểm).

use rusqlite::params;
use sotay_model::{Address, NewPilotModel, PilotKind, PilotModel};

use crate::{Store, StoreError};

impl Store {
    /// Stores a new pilot model.
    pub fn insert_pilot(&mut self, p: &NewPilotModel) -> Result<(), StoreError> {
        self.write(|tx| insert_pilot(tx, p))
    }
}

pub(crate) fn insert_pilot(tx: &rusqlite::Connection, p: &NewPilotModel) -> Result<(), StoreError> {
    tx.execute(
                "INSERT INTO pilot_models
                   (id, name, kind, province, commune, legacy_district, contact, handbook_id, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![
                    p.id,
                    p.name,
                    p.kind.as_str(),
                    p.address.province,
                    p.address.commune,
                    p.address.legacy_district,
                    p.contact,
                    p.handbook_id,
                    p.created_at
                ],
            )?;
    Ok(())
}

impl Store {
    /// All pilot models, in the order they were created.
    pub fn list_pilots(&self) -> Result<Vec<PilotModel>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT id, name, kind, province, commune, legacy_district, contact, handbook_id, created_at
             FROM pilot_models ORDER BY kind, name, id",
        )?;
        let rows = stmt.query_map([], |r| {
            let kind: String = r.get(2)?;
            Ok((
                kind,
                PilotModel {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    kind: PilotKind::Cooperative,
                    address: Address {
                        province: r.get(3)?,
                        commune: r.get(4)?,
                        legacy_district: r.get(5)?,
                    },
                    contact: r.get(6)?,
                    handbook_id: r.get(7)?,
                    created_at: r.get(8)?,
                },
            ))
        })?;
        rows.map(|row| {
            let (kind, mut pilot) = row?;
            pilot.kind = PilotKind::parse(&kind)
                .ok_or_else(|| StoreError::Invalid(format!("pilot kind {kind:?}")))?;
            Ok(pilot)
        })
        .collect()
    }
}
