/** The report's overdue list (SPEC §5 `overdueLeads`) from the rows of `sql/reports/overdue_leads.sql`. */
import type { Config } from '../config.js';
import type { Row } from '../ports.js';
import type { OverdueLead } from '../report-types.js';
import { recordUrl } from './record-links.js';
import { ratio } from './round.js';

const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value : null);

/**
 * One OverdueLead per row, in the query's order (most overdue first): the owner as of the cutoff
 * (`ownerKnownAtCutoff` false when only a later version said), its name where the owners table
 * has it and whether it is deactivated (`ownerInactive`), the linked record's name, company, source and URL (null when the
 * source's config lacks what a link needs). Throws ConfigError for a malformed link key.
 * A person whose follow-ups were never loaded for its days (`follow_ups_known` false: created
 * before the first activity loaded, or its days meet a gap between declared periods,
 * follow-up-gaps.ts) is no overdue lead: it is counted by {@link overdueLeftOutOf} instead; nor
 * is one whose verdict a creation known only to the day leaves open (`follow_up_verdict`
 * 'untimed'): {@link overdueUntimedOf} counts it. `hoursOverdueAtLeast` marks hours counted from
 * the end of a creation day without a time (a lower bound).
 */
export function overdueLeadsOf(rows: readonly Row[], config: Pick<Config, 'sources'>): OverdueLead[] {
  return rows
    .filter((r) => r.follow_up_verdict !== 'untimed' && r.follow_ups_known !== false)
    .map((r) => ({
      email: text(r.email_key),
      createdAt: String(r.created_at),
      owner: text(r.owner_id),
      channel: text(r.channel),
      hoursOverdue: ratio(r.hours_overdue as number) ?? 0,
      hoursOverdueAtLeast: r.hours_overdue_at_least === true,
      ownerName: text(r.owner_name),
      ownerInactive: r.owner_inactive === true,
      ownerKnownAtCutoff: r.owner_known_at_cutoff !== false,
      name: text(r.lead_name),
      company: text(r.company),
      source: text(r.source),
      recordUrl: recordUrl(config, text(r.source), text(r.lead_id)),
    }));
}

/**
 * Persons past the SLA without a follow-up loaded that the overdue list leaves out because no
 * activity load speaks for their days (`follow_ups_known` false in overdue_leads.sql).
 */
export function overdueLeftOutOf(rows: readonly Row[]): number {
  return rows.filter((r) => r.follow_up_verdict !== 'untimed' && r.follow_ups_known === false).length;
}

/**
 * Persons without a follow-up by the cutoff whose creation is known only to the day and whose
 * SLA ran out or not depending on the missing hour (`follow_up_verdict` 'untimed' in
 * overdue_leads.sql): neither listed nor to be called contacted. Counted before the gaps rule:
 * the missing hour alone already withholds the verdict.
 */
export function overdueUntimedOf(rows: readonly Row[]): number {
  return rows.filter((r) => r.follow_up_verdict === 'untimed').length;
}
