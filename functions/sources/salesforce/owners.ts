/**
 * Salesforce users → `owners`: `SELECT Id, Name, Email, IsActive, LastModifiedDate FROM User`
 * through REST `/queryAll`. Users are never deleted, only deactivated (`IsActive` false). A
 * lead owned by a queue (key prefix 00G) has no user: its owner shows as the queue's id.
 */
import { ownerRows, pullOwners } from '../owners.js';
import { bool, isoTimestamp, str, type Entity, type SourceContext } from '../source.js';
import { toSalesforceId18, isSalesforceId } from './ids.js';

export const USER_SOQL = 'SELECT Id, Name, Email, IsActive, LastModifiedDate FROM User';

/** The `owners` entity of a Salesforce source; `query` runs SOQL and returns every row. */
export function salesforceOwners(
  ctx: SourceContext,
  query: (soql: string) => Promise<Record<string, unknown>[]>,
): Entity {
  return {
    name: 'owners',
    table: 'owners',
    pull: (_cursor, state) => pullOwners(ctx, state, () => query(USER_SOQL)),
    map: (records) =>
      ownerRows(ctx.source, `${ctx.source} API owners`, records, (u) => {
        const id = str(u.Id);
        if (id === null) return null;
        return {
          // Records carry the 18-character id (SPEC §3), as leads' OwnerId does.
          owner_id: isSalesforceId(id) ? toSalesforceId18(id) : id,
          name: str(u.Name),
          email: str(u.Email),
          is_active: bool(u.IsActive),
          updated_at: isoTimestamp(u.LastModifiedDate),
          is_deleted: false,
        };
      }),
  };
}
