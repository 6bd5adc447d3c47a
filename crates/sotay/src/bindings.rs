//! The TypeScript declarations of every type that crosses to the UI, generated from the Rust
//! types with ts-rs. The UI imports them from `ui/src/lib/backend/bindings.ts`; the test below
//! fails when that file is stale (`make bindings` rewrites it).

use ts_rs::TS;

/// Path of the generated file, relative to the repository root.
pub const BINDINGS_PATH: &str = "ui/src/lib/backend/bindings.ts";

/// The whole generated file.
pub fn typescript() -> String {
    use sotay_model::*;
    let decls = [
        Lang::decl(),
        Localized::decl(),
        HandbookStatus::decl(),
        ChapterLevel::decl(),
        sotay_model::HandbookMoves::decl(),
        HandbookSummary::decl(),
        ChapterView::decl(),
        HandbookView::decl(),
        PilotKind::decl(),
        Address::decl(),
        PilotModel::decl(),
        TemplateSummary::decl(),
        VariableKind::decl(),
        EnumOption::decl(),
        ColumnDef::decl(),
        VariableDef::decl(),
        TemplateChapter::decl(),
        TemplateForm::decl(),
        TemplateDetail::decl(),
        Severity::decl(),
        Diagnostic::decl(),
        ChapterPreview::decl(),
        SaveVariablesResult::decl(),
        RevisionKind::decl(),
        RevisionSummary::decl(),
        RevisionDetail::decl(),
        DiffOp::decl(),
        DiffSpan::decl(),
        RevisionDiff::decl(),
        CommentStatus::decl(),
        TextAnchor::decl(),
        TextRange::decl(),
        Comment::decl(),
        ChapterComment::decl(),
        StatusChange::decl(),
        sotay_model::VariableChange::decl(),
        sotay_model::assessment::TraceLot::decl(),
        crate::BundleKind::decl(),
        crate::ConflictChoice::decl(),
        crate::InteropKind::decl(),
        crate::DataFormat::decl(),
        crate::ReportKind::decl(),
        crate::Paper::decl(),
        checklist::ChecklistSection::decl(),
        checklist::ChecklistItem::decl(),
        verdict::ItemLevel::decl(),
        verdict::ItemResult::decl(),
        verdict::Grade::decl(),
        verdict::Direction::decl(),
        verdict::TraceGrades::decl(),
        verdict::VerdictKind::decl(),
        verdict::SectionScore::decl(),
        verdict::Verdict::decl(),
        assessment::AssessmentStatus::decl(),
        assessment::AssessmentMoves::decl(),
        assessment::AssessmentSummary::decl(),
        assessment::Answer::decl(),
        assessment::EvidenceFile::decl(),
        assessment::EvidenceAttached::decl(),
        sotay_model::signature::SignatureRole::decl(),
        sotay_model::signature::Drawing::decl(),
        sotay_model::signature::SignInput::decl(),
        sotay_model::signature::Signature::decl(),
        sotay_model::signature::SignatureEventKind::decl(),
        sotay_model::signature::SignatureEvent::decl(),
        assessment::AssessmentItem::decl(),
        assessment::TraceTest::decl(),
        assessment::ActionStatus::decl(),
        assessment::CorrectiveAction::decl(),
        assessment::Finding::decl(),
        crate::TraceInput::decl(),
        verdict::Rules::decl(),
        edition::Edition::decl(),
        edition::IssuedCopy::decl(),
        edition::RecipientKind::decl(),
        edition::RecipientKindOption::decl(),
        edition::PublicationInfo::decl(),
        admin::AdminKind::decl(),
        admin::IssuingDecision::decl(),
        crate::AdminFormat::decl(),
        crate::MinutesOptions::decl(),
        crate::Format::decl(),
        crate::PublishProgress::decl(),
        crate::Recipient::decl(),
        crate::PublishRequest::decl(),
        crate::ManifestFile::decl(),
        crate::PublishReport::decl(),
        crate::PaperSource::decl(),
        crate::VerifyReport::decl(),
        sotay_model::copy_code::CopyCode::decl(),
        crate::QrStatus::decl(),
        crate::QrVerifyReport::decl(),
        crate::ErrorCode::decl(),
        crate::error::ErrorDetails::decl(),
        crate::ErrorPayload::decl(),
        crate::UserIdentity::decl(),
        crate::AppInfo::decl(),
        crate::ExportReport::decl(),
        crate::BundleTableCount::decl(),
        crate::BundleImport::decl(),
        crate::ConflictField::decl(),
        crate::ConflictOwnerKind::decl(),
        crate::ConflictOwner::decl(),
        crate::BundleConflict::decl(),
        sotay_model::search::SnippetPart::decl(),
        crate::SearchPlace::decl(),
        crate::SearchHit::decl(),
        crate::SearchResults::decl(),
        crate::BackupKind::decl(),
        crate::BackupFile::decl(),
        crate::Recovered::decl(),
        crate::RecoveryInfo::decl(),
        crate::EditionDefaults::decl(),
        plan::ActivityKind::decl(),
        plan::TaskStatus::decl(),
        plan::PlanSummary::decl(),
        plan::TaskLink::decl(),
        plan::PlanTask::decl(),
        plan::BudgetLine::decl(),
        plan::Spending::decl(),
        plan::Participants::decl(),
        plan::Activity::decl(),
        plan::ActivityFileKind::decl(),
        plan::ActivityFile::decl(),
        plan::AttendeeKind::decl(),
        plan::Attendee::decl(),
        plan::ReturnFigures::decl(),
        plan::AgencyReturn::decl(),
        plan::LastYearReturn::decl(),
        plan::FigureComparison::decl(),
        plan::ActivityTotals::decl(),
        plan::PlanView::decl(),
        plan::PlanDirection::decl(),
        crate::NewPlanRequest::decl(),
        crate::SpendingInput::decl(),
        crate::SpendingReport::decl(),
        crate::ActivityInput::decl(),
        crate::LineInput::decl(),
        crate::ReturnImport::decl(),
        crate::AttendanceImport::decl(),
        crate::ActivityFileAttached::decl(),
        sotay_model::catalogue::Criterion::decl(),
        sotay_model::catalogue::ProductStatus::decl(),
        sotay_model::catalogue::CriterionScore::decl(),
        sotay_model::catalogue::KeyProduct::decl(),
        sotay_model::catalogue::RankedProduct::decl(),
        sotay_model::catalogue::MilestoneKind::decl(),
        sotay_model::catalogue::MilestoneStatus::decl(),
        sotay_model::catalogue::MilestoneRecord::decl(),
        sotay_model::catalogue::MilestoneProgress::decl(),
        sotay_model::catalogue::Milestone::decl(),
        sotay_model::catalogue::Roadmap::decl(),
        sotay_model::catalogue::ReadinessState::decl(),
        sotay_model::catalogue::ReadinessItem::decl(),
        sotay_model::catalogue::Readiness::decl(),
        crate::CatalogueView::decl(),
        crate::ProposalInput::decl(),
        crate::MilestoneInput::decl(),
        crate::ReadinessUpdate::decl(),
    ];
    let mut out = String::from(
        "// Generated from the Rust types by `make bindings` (crates/sotay/src/bindings.rs).\n// Do not edit by hand.\n",
    );
    for d in decls {
        out.push_str("\nexport ");
        out.push_str(d.trim());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    #[test]
    fn generated_typescript_is_fresh() {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../..")
            .join(super::BINDINGS_PATH);
        let fresh = super::typescript();
        if std::env::var_os("SOTAY_UPDATE_BINDINGS").is_some() {
            std::fs::write(&path, &fresh).unwrap();
            return;
        }
        let current = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            current == fresh,
            "{} is stale: run `make bindings` and commit the result",
            super::BINDINGS_PATH
        );
    }
}
