/**
 * Pipedrive users → `owners`: `GET /v1/users` (every user of the company, `data` with `id`,
 * `name`, `email`, `active_flag`, `modified` in UTC `YYYY-MM-DD HH:MM:SS`). Records carry the
 * user's `id` as `owner_id`. A user is never deleted, only deactivated (`active_flag` false).
 */
import { ownerRows, pullOwners } from '../owners.js';
import { bool, isoTimestamp, str, type Entity, type SourceContext } from '../source.js';

/** The `owners` entity of a Pipedrive source; `list` reads a v1 listing by path, every page. */
export function pipedriveOwners(
  ctx: SourceContext,
  list: (path: string) => Promise<Record<string, unknown>[]>,
): Entity {
  return {
    name: 'owners',
    table: 'owners',
    pull: (_cursor, state) => pullOwners(ctx, state, () => list('users')),
    map: (records) =>
      ownerRows(ctx.source, `${ctx.source} API owners`, records, (u) => {
        const id = str(u.id);
        if (id === null) return null;
        return {
          owner_id: id,
          name: str(u.name),
          email: str(u.email),
          is_active: bool(u.active_flag),
          updated_at: isoTimestamp(u.modified),
          is_deleted: false,
        };
      }),
  };
}
