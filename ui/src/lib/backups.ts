// How a backup beside the workspace is named in the window (the recovery screen and Cài đặt).
import type { BackupKind } from "./backend";
import type { MessageKey } from "./i18n/index.svelte";

export const BACKUP_KIND: Record<BackupKind, MessageKey> = {
  before_upgrade: "recovery.backup.upgrade",
  before_restore: "recovery.backup.restore",
  other: "recovery.backup.other",
};
