// The workflow buttons a handbook offers in each status (the backend enforces the same edges:
// draft → review → approved → published; back to draft from review, approved or published).
import type { HandbookStatus } from "./backend";
import type { MessageKey } from "./i18n/index.svelte";

export interface WorkflowAction {
  to: HandbookStatus;
  label: MessageKey;
  /** The main step forward (drawn as the primary button). */
  primary: boolean;
}

export function workflowActions(status: HandbookStatus): WorkflowAction[] {
  switch (status) {
    case "draft":
      return [{ to: "review", label: "workflow.toReview", primary: true }];
    case "review":
      return [
        { to: "approved", label: "workflow.approve", primary: true },
        { to: "draft", label: "workflow.backToDraft", primary: false },
      ];
    case "approved":
      return [
        { to: "published", label: "workflow.publish", primary: true },
        { to: "draft", label: "workflow.reopen", primary: false },
      ];
    case "published":
      return [{ to: "draft", label: "workflow.reopen", primary: false }];
  }
}

/** Chapters and variables may be edited in draft and in review only. */
export function isEditable(status: HandbookStatus): boolean {
  return status === "draft" || status === "review";
}
