// The Backend as calls of named commands: one method per command of crate `sotay-ipc` (or of
// the app shell for dialogs). Who carries the calls is the host's business: Tauri's IPC in
// the window (tauri.ts), the `sotay ipc` command in the component tests (src/test/rust.ts).
import type { Backend, PublishProgress } from "./index";

/** What carries the commands: a call by name with camelCase arguments, events by name, and
 *  the files dropped on the window. Failed calls reject with a `BackendError`. */
export interface Host {
  call<T>(command: string, args?: Record<string, unknown>): Promise<T>;
  listen<T>(event: string, handler: (payload: T) => void): Promise<() => void>;
  onFileDrop(handler: (paths: string[]) => void): Promise<() => void>;
}

export function commandBackend(host: Host): Backend {
  const call = <T>(command: string, args?: Record<string, unknown>): Promise<T> => host.call<T>(command, args);
  return {
    appInfo: () => call("app_info"),
    listHandbooks: () => call("list_handbooks"),
    listTemplates: () => call("list_templates"),
    listPilots: () => call("list_pilots"),
    openHandbook: (id) => call("open_handbook", { id }),
    setLanguage: (lang) => call("set_language", { lang }),
    setUserName: (name) => call("set_user_name", { name }),
    setUserIdentity: (name, position, unit) => call("set_user_identity", { name, position, unit }),
    chooseSavePath: (defaultName, extension) => call("choose_save_path", { defaultName, extension }),
    chooseOpenPath: (extension) => call("choose_open_path", { extension }),
    openPath: (path) => call("open_path", { path }),
    getTemplate: (id) => call("get_template", { id }),
    validateVariables: (templateId, variables) => call("validate_variables", { templateId, variables }),
    createHandbook: (templateId, variables, title) =>
      call("create_handbook", { templateId, variables, title }),
    updateVariables: (handbookId, variables) => call("update_variables", { handbookId, variables }),
    variableHistory: (handbookId) => call("variable_history", { handbookId }),
    undoVariableChange: (handbookId, number) => call("undo_variable_change", { handbookId, number }),
    saveChapter: (handbookId, chapterId, source, message) =>
      call("save_chapter", { handbookId, chapterId, source, message }),
    previewChapter: (handbookId, source) => call("preview_chapter", { handbookId, source }),
    addChapter: (handbookId, title, level, after) => call("add_chapter", { handbookId, title, level, after }),
    removeChapter: (handbookId, chapterId) => call("remove_chapter", { handbookId, chapterId }),
    moveChapter: (handbookId, chapterId, position) =>
      call("move_chapter", { handbookId, chapterId, position }),
    renameChapter: (handbookId, chapterId, title) => call("rename_chapter", { handbookId, chapterId, title }),
    history: (handbookId, chapterId) => call("history", { handbookId, chapterId }),
    revision: (handbookId, revision) => call("revision", { handbookId, revision }),
    diffRevisions: (handbookId, from, to) => call("diff_revisions", { handbookId, from, to }),
    restoreRevision: (handbookId, revision) => call("restore_revision", { handbookId, revision }),
    checkHandbook: (handbookId) => call("check_handbook", { handbookId }),
    setStatus: (handbookId, status, note, reason) => call("set_status", { handbookId, status, note, reason: reason ?? null }),
    statusHistory: (handbookId) => call("status_history", { handbookId }),
    listComments: (handbookId) => call("list_comments", { handbookId }),
    addComment: (handbookId, chapterId, body) => call("add_comment", { handbookId, chapterId, body }),
    addPassageComment: (handbookId, chapterId, body, start, end, quote) =>
      call("add_passage_comment", { handbookId, chapterId, body, start, end, quote }),
    chapterComments: (handbookId, chapterId, text) => call("chapter_comments", { handbookId, chapterId, text }),
    resolveComment: (handbookId, commentId) => call("resolve_comment", { handbookId, commentId }),
    previewHandbook: (handbookId) => call("preview_handbook", { handbookId }),
    exportHandbook: (handbookId, format, path) => call("export_handbook", { handbookId, format, path }),
    addPilot: (name, kind, handbookId, province, commune, contact) =>
      call("add_pilot", { name, kind, handbookId, province, commune, contact }),
    listAssessments: (pilotId) => call("list_assessments", { pilotId }),
    newAssessment: (pilotId, handbookId, date, lead, team) =>
      call("new_assessment", { pilotId, handbookId, date, lead, team }),
    assessmentItems: (assessmentId) => call("assessment_items", { assessmentId }),
    answerItem: (assessmentId, itemId, result, note, reason) =>
      call("answer_item", { assessmentId, itemId, result, note, reason }),
    recordTrace: (assessmentId, input) => call("record_trace", { assessmentId, input }),
    previewTrace: (assessmentId, input) => call("preview_trace", { assessmentId, input }),
    traceTests: (assessmentId) => call("trace_tests", { assessmentId }),
    findings: (assessmentId) => call("findings", { assessmentId }),
    addAction: (findingId, owner, due, description) => call("add_action", { findingId, owner, due, description }),
    moveAction: (actionId, status, note) => call("move_action", { actionId, status, note }),
    setAssessmentStatus: (assessmentId, status) => call("set_assessment_status", { assessmentId, status }),
    assessmentVerdict: (assessmentId) => call("assessment_verdict", { assessmentId }),
    signAssessment: (assessmentId, input) => call("sign_assessment", { assessmentId, input }),
    assessmentSignatures: (assessmentId) => call("assessment_signatures", { assessmentId }),
    withdrawSignature: (assessmentId, role) => call("withdraw_signature", { assessmentId, role }),
    attachEvidence: (assessmentId, itemId, name, bytes) =>
      call("attach_evidence", { assessmentId, itemId, name, bytes }),
    evidenceThumbnail: (evidenceId) => call("evidence_thumbnail", { evidenceId }),
    getAssessment: (assessmentId) => call("get_assessment", { assessmentId }),
    assessmentSections: (assessmentId) => call("assessment_sections", { assessmentId }),
    workspaceRules: () => call("workspace_rules"),
    setWorkspaceRules: (rules) => call("set_workspace_rules", { rules }),
    resetWorkspaceRules: () => call("reset_workspace_rules"),
    addAssessmentItem: (assessmentId, section, text, level) =>
      call("add_assessment_item", { assessmentId, section, text, level }),
    exportReport: (kind, ids, year, format, path) => call("export_report", { kind, ids, year, format, path }),
    parseRecipients: (text) => call("parse_recipients", { text }),
    recipientKinds: () => call("recipient_kinds"),
    publishEdition: async (request, onprogress) => {
      const unlisten = await host.listen<PublishProgress>("publish-progress", onprogress);
      try {
        return await call("publish_edition", { request });
      } finally {
        unlisten();
      }
    },
    cancelPublish: () => call("cancel_publish"),
    listEditions: (handbookId) => call("list_editions", { handbookId }),
    distributionLog: (handbookId, label) => call("distribution_log", { handbookId, label }),
    verifyFile: (path) => call("verify_file", { path }),
    verifyQr: (text) => call("verify_qr", { text }),
    verificationAddress: () => call("verification_address"),
    setVerificationAddress: (address) => call("set_verification_address", { address }),
    editionDefaults: () => call("edition_defaults"),
    setEditionPaper: (paper) => call("set_edition_paper", { paper }),
    listBackups: () => call("list_backups"),
    makeBackup: () => call("make_backup"),
    restoreWorkspaceBackup: (backup) => call("restore_workspace_backup", { backup }),
    exportBundle: (kind, id, path) => call("export_bundle", { kind, id, path }),
    exportInterop: (kind, id, format, path) => call("export_interop", { kind, id, format, path }),
    exportAdminDocument: (kind, subject, number, date, format, path, minutes) =>
      call("export_admin_document", { kind, subject, number, date, format, path, ...(minutes ? { minutes } : {}) }),
    minutesDefaults: (assessmentId) => call("minutes_defaults", { assessmentId }),
    importBundle: (path, dryRun) => call("import_bundle", { path, dryRun }),
    bundleConflicts: () => call("bundle_conflicts"),
    resolveBundleConflict: (id, keep) => call("resolve_bundle_conflict", { id, keep }),
    search: (query, limit) => call("search", { query, limit }),
    recoveryInfo: () => call("recovery_info"),
    recoverOpenOther: () => call("recover_open_other"),
    recoverCreateNew: () => call("recover_create_new"),
    recoverRestore: (backup) => call("recover_restore", { backup }),
    recordConflicts: (kind, id) => call("record_conflicts", { kind, id }),
    listPlans: () => call("list_plans"),
    createPlan: (request) => call("create_plan", { request }),
    getPlan: (planId) => call("get_plan", { planId }),
    getPlanDirection: (planId) => call("get_plan_direction", { planId }),
    setPlanDirection: (planId, text) => call("set_plan_direction", { planId, text }),
    addSpending: (planId, input) => call("add_spending", { planId, input }),
    addActivity: (planId, input) => call("add_activity", { planId, input }),
    setPlanTask: (planId, code, status, progress) => call("set_plan_task", { planId, code, status, progress }),
    importReturn: (planId, path, received) => call("import_return", { planId, path, received }),
    writeReturnForms: (planId, dir) => call("write_return_forms", { planId, dir }),
    importAttendance: (planId, activityId, name, bytes) =>
      call("import_attendance", { planId, activityId, name, bytes }),
    attachActivityFile: (planId, activityId, name, bytes) =>
      call("attach_activity_file", { planId, activityId, name, bytes }),
    activityFileThumbnail: (fileId) => call("activity_file_thumbnail", { fileId }),
    getCatalogue: () => call("get_catalogue"),
    setCatalogueWeights: (weights) => call("set_catalogue_weights", { weights }),
    proposeKeyProduct: (input) => call("propose_key_product", { input }),
    scoreKeyProduct: (productId, scores) => call("score_key_product", { productId, scores }),
    issueCatalogue: (productIds, number, date) => call("issue_catalogue", { productIds, number, date }),
    listRoadmaps: () => call("list_roadmaps"),
    addMilestone: (productId, input) => call("add_milestone", { productId, input }),
    getReadiness: (productId) => call("get_readiness", { productId }),
    setReadiness: (productId, pilotId, update) => call("set_readiness", { productId, pilotId, update }),
    onFileDrop: (handler) => host.onFileDrop(handler),
  };
}
