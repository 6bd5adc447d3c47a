//! Signing an assessment on screen or from the command line (issue 17): the team leader and the
//! pilot's representative sign the completed assessment; the rules are
//! `sotay_model::signature`'s, the record they cover is hashed here.

use sha2::{Digest, Sha256};
use sotay_model::signature::{
    may_sign, may_withdraw, signed_content, SignInput, Signature, SignatureEvent,
    SignatureEventKind, SignatureRole,
};
use sotay_model::Localized;
use sotay_store::SignatureRow;

use crate::clock::rfc3339;
use crate::{Error, ErrorCode, Workspace};

fn refused(code: ErrorCode, l: Localized) -> Error {
    Error::localized(code, l.vi, l.en)
}

fn view(row: SignatureRow, digest: &str) -> Signature {
    Signature {
        current: row.content_sha256 == digest,
        role: row.role,
        name: row.name,
        position: row.position,
        signed_at: row.signed_at,
        drawing: row.drawing,
    }
}

/// "20/07/2025 14:30" from an RFC 3339 instant, in Vietnam's time (UTC+7, no daylight saving):
/// how printed reports date a signature. The window shows the user's own local time.
pub(crate) fn vietnam_time(instant: &str) -> String {
    let Ok(t) =
        time::OffsetDateTime::parse(instant, &time::format_description::well_known::Rfc3339)
    else {
        return instant.to_owned();
    };
    let offset = time::UtcOffset::from_hms(7, 0, 0).unwrap_or(time::UtcOffset::UTC);
    let t = t.to_offset(offset);
    format!(
        "{:02}/{:02}/{} {:02}:{:02}",
        t.day(),
        u8::from(t.month()),
        t.year(),
        t.hour(),
        t.minute()
    )
}

/// "Chữ ký của Nguyễn Thị Hoa": a drawn mark's alternate description.
pub(crate) fn alt_of(s: &Signature) -> String {
    format!("Chữ ký của {}", s.name)
}

/// An administrative signature block takes its role's on-screen signature when it still covers
/// the record (the signer's name replaces the one from the records).
pub(crate) trait Signed {
    fn signed(self, signatures: &[Signature], role: sotay_model::signature::SignatureRole) -> Self;
}

impl Signed for sotay_model::admin::Signature {
    fn signed(
        mut self,
        signatures: &[Signature],
        role: sotay_model::signature::SignatureRole,
    ) -> Self {
        if let Some(s) = signatures.iter().find(|s| s.role == role && s.current) {
            self.name = s.name.clone();
            self.on_screen = Some(sotay_model::admin::OnScreenMark {
                drawing: s.drawing.clone(),
                typed: s.name.clone(),
                when: format!("Ký ngày {}", vietnam_time(&s.signed_at)),
                alt: alt_of(s),
            });
        }
        self
    }
}

/// The assessment report's signature section (Markdown): for each role, the on-screen
/// signature when it still covers the record — the drawn mark as an SVG image (added to
/// `images`; the PDF draws it as vectors, a Figure described "Chữ ký của …") or the typed
/// name — with the signer's name, position and date; otherwise an empty space for a wet
/// signature under the name from the records (`lead`, `contact`).
pub(crate) fn report_block(
    signatures: &[Signature],
    lead: &str,
    contact: &str,
    images: &mut Vec<(String, sotay_doc::Image)>,
) -> String {
    use std::fmt::Write as _;
    let mut out = String::from("\n## Chữ ký\n\n");
    for role in SignatureRole::ALL {
        let _ = writeln!(out, "**{}**\n", role.label().vi);
        let signed = signatures.iter().find(|s| s.role == role);
        match signed.filter(|s| s.current) {
            Some(s) => {
                match &s.drawing {
                    Some(d) => {
                        let name = format!("chu-ky-{}.svg", role.as_str());
                        let alt = alt_of(s);
                        images.push((
                            name.clone(),
                            sotay_doc::Image {
                                bytes: d.to_svg(&alt).into_bytes(),
                                mime: "image/svg+xml".into(),
                            },
                        ));
                        let _ = writeln!(out, "![{}]({name})\n", crate::reports::cell(&alt));
                    }
                    None => {
                        let _ = writeln!(
                            out,
                            "*{}* (ký bằng tên gõ trên máy)\n",
                            crate::reports::cell(&s.name)
                        );
                    }
                }
                let position = if s.position.is_empty() {
                    String::new()
                } else {
                    format!(" — {}", crate::reports::cell(&s.position))
                };
                let _ = writeln!(
                    out,
                    "**{}**{} · Ký ngày {}\n",
                    crate::reports::cell(&s.name),
                    position,
                    vietnam_time(&s.signed_at)
                );
            }
            None => {
                let name = match role {
                    SignatureRole::Leader => lead,
                    SignatureRole::Representative => contact,
                };
                out.push_str("(ký, ghi rõ họ tên)\n\n\u{a0}\n\n\u{a0}\n\n");
                if let Some(s) = signed {
                    let _ = writeln!(
                        out,
                        "*Chữ ký trên máy ngày {} của {} không còn giá trị: kết quả đã thay đổi sau khi ký.*\n",
                        vietnam_time(&s.signed_at),
                        crate::reports::cell(&s.name)
                    );
                }
                let _ = writeln!(out, "**{}**\n", crate::reports::cell(name.trim()));
            }
        }
    }
    out
}

impl Workspace {
    /// The SHA-256 (hex) of what a signature of `assessment` covers now.
    fn signed_digest(&self, assessment: &str) -> Result<String, Error> {
        let items = self.assessment_items(assessment)?;
        let tests = self.trace_tests(assessment)?;
        let verdict = self.verdict(assessment)?;
        let text = signed_content(&items, &tests, &verdict);
        Ok(Sha256::digest(text.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect())
    }

    /// Signs a completed assessment for `input.role`, replacing that role's earlier signature,
    /// in one write. Refused (nothing stored) for a blank name, a drawing out of bounds, or an
    /// assessment that is not completed.
    pub fn sign_assessment(
        &mut self,
        assessment: &str,
        input: &SignInput,
    ) -> Result<Signature, Error> {
        let input = input
            .checked()
            .map_err(|l| refused(ErrorCode::InvalidInput, l))?;
        self.atomically(|ws| {
            let summary = ws.store.assessment(assessment)?.summary;
            may_sign(summary.status).map_err(|l| refused(ErrorCode::WorkflowRefused, l))?;
            let digest = ws.signed_digest(&summary.id)?;
            let row = SignatureRow {
                role: input.role,
                name: input.name,
                position: input.position,
                signed_at: rfc3339(ws.now()),
                drawing: input.drawing,
                content_sha256: digest.clone(),
                recorded_by: ws.user_name()?,
            };
            ws.store.put_signature(&summary.id, &row)?;
            ws.store.log_signature_event(
                &summary.id,
                &SignatureEvent {
                    kind: SignatureEventKind::Signed,
                    role: row.role,
                    name: row.name.clone(),
                    signed_at: row.signed_at.clone(),
                    at: row.signed_at.clone(),
                    by: row.recorded_by.clone(),
                },
            )?;
            Ok(view(row, &digest))
        })
    }

    /// Withdraws the signature of `role` from an assessment that is not closed, recording in
    /// its signature history whose signature it was, who withdrew it and when — in one write.
    /// Refused (nothing changed) when that role has not signed.
    pub fn withdraw_signature(
        &mut self,
        assessment: &str,
        role: SignatureRole,
    ) -> Result<SignatureEvent, Error> {
        self.atomically(|ws| {
            let summary = ws.store.assessment(assessment)?.summary;
            may_withdraw(summary.status).map_err(|l| refused(ErrorCode::WorkflowRefused, l))?;
            let signed = ws
                .store
                .signatures(&summary.id)?
                .into_iter()
                .find(|s| s.role == role)
                .ok_or_else(|| {
                    let who = role.label();
                    Error::localized(
                        ErrorCode::InvalidInput,
                        format!(
                            "Chưa có chữ ký của {} để hủy. Không có gì thay đổi.",
                            who.vi.to_lowercase()
                        ),
                        format!(
                            "There is no signature of the {} to withdraw. Nothing was changed.",
                            who.en.to_lowercase()
                        ),
                    )
                })?;
            let event = SignatureEvent {
                kind: SignatureEventKind::Withdrawn,
                role,
                name: signed.name,
                signed_at: signed.signed_at,
                at: rfc3339(ws.now()),
                by: ws.user_name()?,
            };
            ws.store.delete_signature(&summary.id, role)?;
            ws.store.log_signature_event(&summary.id, &event)?;
            Ok(event)
        })
    }

    /// What happened to an assessment's signatures, oldest first: each given and withdrawn.
    pub fn signature_history(&self, assessment: &str) -> Result<Vec<SignatureEvent>, Error> {
        let id = self.store.assessment(assessment)?.summary.id;
        Ok(self.store.signature_history(&id)?)
    }

    /// The signatures of an assessment (the team leader's first), each saying whether it still
    /// covers the record as it is.
    pub fn signatures(&self, assessment: &str) -> Result<Vec<Signature>, Error> {
        let id = self.store.assessment(assessment)?.summary.id;
        let rows = self.store.signatures(&id)?;
        if rows.is_empty() {
            return Ok(Vec::new());
        }
        let digest = self.signed_digest(&id)?;
        Ok(rows.into_iter().map(|r| view(r, &digest)).collect())
    }
}

#[cfg(test)]
mod tests {
    use sotay_model::assessment::AssessmentStatus;
    use sotay_model::signature::Drawing;

    use super::*;
    use crate::verification::tests::assessment;

    fn input(role: SignatureRole, drawing: Option<Drawing>) -> SignInput {
        SignInput {
            role,
            name: "Nguyễn Thị Hoa".into(),
            position: "Phó Chi cục trưởng".into(),
            drawing,
        }
    }

    /// Answers every item PASS and records one passing test each way, then completes.
    fn complete(ws: &mut Workspace, a: &str) {
        crate::verification::tests::answer_all_pass(ws, a);
        for dir in [
            sotay_model::verdict::Direction::Backward,
            sotay_model::verdict::Direction::Forward,
        ] {
            ws.record_trace(a, &crate::TraceInput::passing(dir, "PL-2025-0612"))
                .unwrap();
        }
        ws.set_assessment_status(a, AssessmentStatus::Completed)
            .unwrap();
    }

    #[test]
    fn a_signature_needs_a_completed_assessment_and_changes_flag_it() {
        let (_dir, mut ws, a) = assessment();
        let e = ws
            .sign_assessment(&a, &input(SignatureRole::Leader, None))
            .unwrap_err();
        assert_eq!(e.code, ErrorCode::WorkflowRefused);
        assert!(ws.signatures(&a).unwrap().is_empty());

        complete(&mut ws, &a);
        let s = ws
            .sign_assessment(&a, &input(SignatureRole::Leader, None))
            .unwrap();
        assert!(s.current && s.drawing.is_none());
        let d = Drawing {
            width: 400.0,
            height: 150.0,
            strokes: vec![vec![[10.0, 10.0], [100.0, 120.0]]],
        };
        ws.sign_assessment(&a, &input(SignatureRole::Representative, Some(d.clone())))
            .unwrap();
        let all = ws.signatures(&a).unwrap();
        assert_eq!(
            all.iter().map(|s| s.role).collect::<Vec<_>>(),
            SignatureRole::ALL
        );
        assert_eq!(all[1].drawing.as_ref(), Some(&d));
        assert!(all.iter().all(|s| s.current));

        // A changed answer after signing: both signatures no longer cover the record.
        let item = ws.assessment_items(&a).unwrap()[0].item.id.clone();
        ws.answer(
            &a,
            &[(
                item.clone(),
                "minor".into(),
                "sổ ghi thiếu".into(),
                String::new(),
            )],
            None,
        )
        .unwrap();
        assert!(ws.signatures(&a).unwrap().iter().all(|s| !s.current));
        // Signing again replaces the role's signature and covers the record as it is now.
        ws.sign_assessment(&a, &input(SignatureRole::Leader, None))
            .unwrap();
        let all = ws.signatures(&a).unwrap();
        assert_eq!(all.len(), 2);
        assert!(all[0].current && !all[1].current);

        // Closed: read-only, no more signing.
        ws.set_assessment_status(&a, AssessmentStatus::Closed)
            .unwrap();
        let e = ws
            .sign_assessment(&a, &input(SignatureRole::Representative, None))
            .unwrap_err();
        assert!(e.message(sotay_model::Lang::Vi).contains("đã đóng"));
    }

    #[test]
    fn a_withdrawn_signature_is_gone_and_the_history_says_who_withdrew_it_and_when() {
        let (_dir, mut ws, a) = assessment();
        complete(&mut ws, &a);
        // Nothing to withdraw yet: refused, nothing recorded.
        let e = ws
            .withdraw_signature(&a, SignatureRole::Leader)
            .unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidInput);
        assert!(e
            .message(sotay_model::Lang::Vi)
            .contains("Chưa có chữ ký của trưởng đoàn kiểm tra"));
        assert!(ws.signature_history(&a).unwrap().is_empty());

        let given = ws
            .sign_assessment(&a, &input(SignatureRole::Leader, None))
            .unwrap();
        ws.sign_assessment(&a, &input(SignatureRole::Representative, None))
            .unwrap();
        let w = ws.withdraw_signature(&a, SignatureRole::Leader).unwrap();
        assert_eq!(
            (w.kind, w.role, w.name.as_str(), w.signed_at.as_str()),
            (
                SignatureEventKind::Withdrawn,
                SignatureRole::Leader,
                "Nguyễn Thị Hoa",
                given.signed_at.as_str()
            )
        );
        assert_eq!(w.by, ws.user_name().unwrap());
        assert_eq!(w.at, rfc3339(ws.now()));
        // Only the representative's is left; a second withdrawal is refused.
        let left: Vec<_> = ws.signatures(&a).unwrap().iter().map(|s| s.role).collect();
        assert_eq!(left, [SignatureRole::Representative]);
        assert!(ws.withdraw_signature(&a, SignatureRole::Leader).is_err());
        let kinds: Vec<_> = ws
            .signature_history(&a)
            .unwrap()
            .iter()
            .map(|e| (e.kind, e.role))
            .collect();
        assert_eq!(
            kinds,
            [
                (SignatureEventKind::Signed, SignatureRole::Leader),
                (SignatureEventKind::Signed, SignatureRole::Representative),
                (SignatureEventKind::Withdrawn, SignatureRole::Leader),
            ]
        );

        // Closed: read-only, its signatures stay.
        ws.set_assessment_status(&a, AssessmentStatus::Closed)
            .unwrap();
        let e = ws
            .withdraw_signature(&a, SignatureRole::Representative)
            .unwrap_err();
        assert_eq!(e.code, ErrorCode::WorkflowRefused);
        assert_eq!(ws.signatures(&a).unwrap().len(), 1);
        assert_eq!(ws.signature_history(&a).unwrap().len(), 3);
    }

    #[test]
    fn a_withdrawn_signature_does_not_come_back_with_an_older_bundle() {
        let (dir, mut ws, a) = assessment();
        complete(&mut ws, &a);
        ws.sign_assessment(&a, &input(SignatureRole::Leader, None))
            .unwrap();
        let bundle = dir.path().join("truoc-khi-huy.sotay");
        ws.export_bundle(crate::BundleKind::Assessment, &a, &bundle)
            .unwrap();
        ws.withdraw_signature(&a, SignatureRole::Leader).unwrap();
        let report = ws.import_bundle(&bundle, false).unwrap();
        assert!(ws.signatures(&a).unwrap().is_empty(), "{report:?}");
        assert_eq!(ws.signature_history(&a).unwrap().len(), 2);
        // Signed again (a new signature), it travels as any other.
        ws.sign_assessment(&a, &input(SignatureRole::Leader, None))
            .unwrap();
        let again = dir.path().join("ky-lai.sotay");
        ws.export_bundle(crate::BundleKind::Assessment, &a, &again)
            .unwrap();
        let mut other = Workspace::open(
            &dir.path().join("khac.db"),
            std::sync::Arc::new(crate::SystemClock),
        )
        .unwrap();
        other.import_bundle(&again, false).unwrap();
        assert_eq!(other.signatures(&a).unwrap().len(), 1);
    }

    #[test]
    fn bad_input_stores_nothing() {
        let (_dir, mut ws, a) = assessment();
        complete(&mut ws, &a);
        let mut blank = input(SignatureRole::Leader, None);
        blank.name = " ".into();
        let e = ws.sign_assessment(&a, &blank).unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidInput);
        let outside = Drawing {
            width: 10.0,
            height: 10.0,
            strokes: vec![vec![[20.0, 1.0]]],
        };
        assert!(ws
            .sign_assessment(&a, &input(SignatureRole::Leader, Some(outside)))
            .is_err());
        assert!(ws.signatures(&a).unwrap().is_empty());
    }
}
