/**
 * The overdue list of the email (docs/methodology.md, "Who follows up"): leads past the SLA
 * grouped by their owner's name, unassigned leads first, each with the person's name, company
 * and a link to the record in its CRM. A report built before owners were read (no `ownerName`)
 * groups by the owner id as it did.
 */
import type { OverdueLead } from '../functions/core/report-types.js';
import type { Formatter } from './i18n.js';
import type { OwnerGroup } from './model.js';

/** How many owner groups, and leads per owner, the email shows (the rest is counted). */
export interface OverdueLimits {
  owners: number;
  leadsPerOwner: number;
}

/** The owner a lead is listed under: its name, else its id; null when it has none. */
function ownerLabel(lead: OverdueLead): string | null {
  return lead.ownerName?.trim() || lead.owner?.trim() || null;
}

/**
 * Whether the owner of every listed lead is known only from a version exported after the week
 * (OverdueLead.ownerKnownAtCutoff false), as for a team that imports only Monday exports
 * without a modification time: the list then says so once, in its intro, not on every lead.
 * False for fewer than two leads (one lead's own note says it).
 */
export function everyOwnerAfterCutoff(leads: readonly OverdueLead[]): boolean {
  return leads.length > 1 && leads.every((l) => l.ownerKnownAtCutoff === false);
}

/**
 * Owner groups, unassigned first, then owners deactivated in the CRM (marked: nobody follows
 * their leads up either), then by most leads, longest wait, name; each group's leads most
 * overdue first, a lead whose owner is known only from after the week marked (unless every
 * lead's is: the intro says it once, `everyOwnerAfterCutoff`). `more` counts the
 * leads of owners beyond `limits.owners`.
 */
export function groupOverdue(
  fmt: Formatter,
  leads: readonly OverdueLead[],
  limits: OverdueLimits,
): { groups: OwnerGroup[]; more: string | null } {
  const t = fmt.t;
  const notePerLead = !everyOwnerAfterCutoff(leads);
  // Keyed by the label: an owner loaded by id (API) and by name (a CSV export) is one group.
  const byOwner = new Map<string | null, OverdueLead[]>();
  for (const lead of leads) {
    const key = ownerLabel(lead);
    byOwner.set(key, [...(byOwner.get(key) ?? []), lead]);
  }
  const hours = (l: OverdueLead) => (Number.isFinite(l.hoursOverdue) ? l.hoursOverdue : 0);
  const longest = (list: OverdueLead[]) => Math.max(...list.map(hours));
  // Hours from the end of a creation day without a time are the fewest possible: "at least".
  const duration = (l: OverdueLead) =>
    l.hoursOverdueAtLeast === true ? t.atLeast(fmt.duration(l.hoursOverdue)) : fmt.duration(l.hoursOverdue);
  const ordered = [...byOwner.entries()]
    .map(([owner, list]) => ({
      owner,
      list: [...list].sort((a, b) => hours(b) - hours(a)),
      inactive: owner !== null && list.some((l) => l.ownerInactive === true),
    }))
    .sort(
      (a, b) =>
        // Leads nobody owns are the ones nobody will call: first; then those of deactivated owners.
        Number(b.owner === null) - Number(a.owner === null) ||
        Number(b.inactive) - Number(a.inactive) ||
        b.list.length - a.list.length ||
        longest(b.list) - longest(a.list) ||
        (a.owner ?? '').localeCompare(b.owner ?? ''),
    );
  const shown = ordered.slice(0, limits.owners);
  const rest = ordered.slice(limits.owners);
  const groups = shown.map(({ owner, list, inactive }) => ({
    owner: owner ?? t.unassigned,
    ownerNote: inactive ? t.ownerInactive : null,
    // The longest wait, "at least" when that lead's creation day has no time.
    summary: t.ownerSummary(list.length, duration(list.reduce((a, b) => (hours(b) > hours(a) ? b : a)))),
    leads: list.slice(0, limits.leadsPerOwner).map((l) => {
      const name = l.name?.trim() || null;
      return {
        // The person's name where the CRM has one, else the address.
        title: name ?? l.email ?? t.noEmail,
        company: l.company?.trim() || null,
        url: l.recordUrl ?? null,
        email: name === null ? null : l.email,
        channel: fmt.channel(l.channel),
        created: t.createdOn(fmt.date(l.createdAt)),
        overdue: t.overdueBy(duration(l)),
        ownerNote: notePerLead && l.ownerKnownAtCutoff === false ? t.ownerAfterCutoff : null,
      };
    }),
    more: list.length > limits.leadsPerOwner ? t.andMoreLeadsOwner(list.length - limits.leadsPerOwner) : null,
  }));
  const restLeads = rest.reduce((n, g) => n + g.list.length, 0);
  return { groups, more: rest.length > 0 ? t.andMoreOwners(restLeads, rest.length) : null };
}
