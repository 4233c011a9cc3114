/**
 * HubSpot owners → `owners`: `GET /crm/v3/owners` (scope `crm.objects.owners.read`), paged by
 * `after` (`paging.next.after`, absent on the last page), listed twice: the active owners and,
 * with `archived=true`, the deactivated ones. `id` is what records carry in `hubspot_owner_id`
 * (`userId` is the user's id in settings, never on a record).
 */
import { CursorGuard, type HttpClient } from '../http.js';
import { ownerRows, pullOwners, personName } from '../owners.js';
import { bool, isoTimestamp, str, type Entity, type SourceContext } from '../source.js';

type Owner = Record<string, unknown>;

/** Every owner, active then archived; throws on a response without `results` or a repeated cursor. */
async function listOwners(client: HttpClient, base: string): Promise<Owner[]> {
  const out: Owner[] = [];
  for (const archived of [false, true]) {
    const guard = new CursorGuard(`hubspot: owners${archived ? ' (archived)' : ''}`);
    let after: string | undefined;
    for (;;) {
      const query = new URLSearchParams({ limit: '500', archived: String(archived) });
      if (after !== undefined) query.set('after', after);
      const res = await client.get(`${base}/crm/v3/owners?${query.toString()}`);
      const body = res.json as { results?: Owner[]; paging?: { next?: { after?: string } } } | undefined;
      if (!body || !Array.isArray(body.results))
        throw new Error('hubspot: owners: unexpected response (no results array)');
      // The listing says `archived` on each owner; keep what the query asked for if it does not.
      out.push(...body.results.map((o) => ({ ...o, archived: o.archived ?? archived })));
      const next = body.paging?.next?.after;
      if (next === undefined || next === null) break;
      guard.check(String(next));
      after = String(next);
    }
  }
  return out;
}

/** The `owners` entity of a HubSpot source. */
export function hubspotOwners(ctx: SourceContext, client: HttpClient, base: string): Entity {
  return {
    name: 'owners',
    table: 'owners',
    pull: (_cursor, state) => pullOwners(ctx, state, () => listOwners(client, base)),
    map: (records) =>
      ownerRows(ctx.source, `${ctx.source} API owners`, records, (o) => {
        const id = str(o.id);
        if (id === null) return null;
        return {
          owner_id: id,
          name: personName(o.firstName, o.lastName),
          email: str(o.email),
          is_active: bool(o.archived) !== true,
          updated_at: isoTimestamp(o.updatedAt),
          is_deleted: false,
        };
      }),
  };
}
