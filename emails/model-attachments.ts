/**
 * The email's list of its CSV attachments (the drill-down): each file by name with how many
 * rows of what it holds, so a reader knows what to open before opening it. Built from the
 * names and counts in the props only (`summarizeAttachments`); the renderer never sees a file.
 */
import type { AttachmentSummary } from '../functions/core/report/attachments.js';
import type { Formatter } from './i18n.js';

export interface AttachmentsModel {
  title: string;
  intro: string;
  /** `overdue-leads-2026-W47.csv` and "50 overdue leads", in the order the files are attached. */
  items: { filename: string; rows: string }[];
}

/** The attachment list, or null when the email carries none. */
export function attachmentsModel(
  fmt: Formatter,
  attachments: readonly AttachmentSummary[] | undefined,
): AttachmentsModel | null {
  if (!attachments || attachments.length === 0) return null;
  const t = fmt.t.attachments;
  return {
    title: t.title,
    intro: t.intro,
    items: attachments.map((a) => ({ filename: a.filename, rows: t.rows[a.kind](fmt.count(a.rows), a.rows) })),
  };
}
