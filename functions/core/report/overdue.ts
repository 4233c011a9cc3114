/** The report's overdue list (SPEC §5 `overdueLeads`) from the rows of `sql/reports/overdue_leads.sql`. */
import type { Config } from '../config.js';
import type { Row } from '../ports.js';
import type { OverdueLead } from '../report-types.js';
import { recordUrl } from './record-links.js';
import { ratio } from './round.js';

const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value : null);

/**
 * One OverdueLead per row, in the query's order (most overdue first): the owner's name where the
 * owners table has it, the linked record's name, company, source and URL (null when the
 * source's config lacks what a link needs). Throws ConfigError for a malformed link key.
 */
export function overdueLeadsOf(rows: readonly Row[], config: Pick<Config, 'sources'>): OverdueLead[] {
  return rows.map((r) => ({
    email: text(r.email_key),
    createdAt: String(r.created_at),
    owner: text(r.owner_id),
    channel: text(r.channel),
    hoursOverdue: ratio(r.hours_overdue as number) ?? 0,
    ownerName: text(r.owner_name),
    name: text(r.lead_name),
    company: text(r.company),
    source: text(r.source),
    recordUrl: recordUrl(config, text(r.source), text(r.lead_id)),
  }));
}
