/**
 * Pipedrive values → canonical values, one rule set for the API connector (pipedrive/api.ts)
 * and the deals export (vendor-csv/formats/pipedrive.ts); MAPPINGS §3. Activities:
 * activity-mapping.ts.
 */
import type { Channel } from '../../core/schema.js';
import {
  disqualification,
  lookup,
  stageOutcome,
  table,
  type Disqualification,
  type Mapped,
  type MappingOverrides,
} from '../labels.js';

/** A deal's status: MAPPINGS §3 (deleted → the record is dropped). */
export type PipedriveDealStatus = 'open' | 'won' | 'lost' | 'deleted';

/**
 * MAPPINGS §3: Pipedrive deal status as exported. PT Aberto/Ganho/Perdido seen in
 * third-party code reading Pipedrive's Portuguese export; the other languages unverified.
 */
export const PIPEDRIVE_STATUS = table<PipedriveDealStatus>({
  open: ['open', 'Offen', 'Ouvert', 'Ouverte', 'Aperto', 'Aperta', 'Abierto', 'Abierta', 'Aberto'],
  won: ['won', 'Gewonnen', 'Gagné', 'Gagnée', 'Vinto', 'Vinta', 'Ganado', 'Ganada', 'Ganho'],
  lost: ['lost', 'Verloren', 'Perdu', 'Perdue', 'Perso', 'Persa', 'Perdido', 'Perdida'],
  deleted: ['deleted', 'Gelöscht', 'Supprimé', 'Supprimée', 'Eliminato', 'Eliminado', 'Excluído', 'Verwijderd'],
});

/** Pipelines' stages are the user's own names: none is known without the user's `stages`. */
const NO_STAGES = new Map<string, 'open' | 'won' | 'lost'>();

/**
 * A deal's status (MAPPINGS §3): the API's `status` or the export's translated "Status". A
 * file without a status settles the deal by its outcome times first, a filled "Won time" or
 * "Lost time" (ISO-8601 instants; both filled: the later one, the deal's last outcome), then by
 * its stage as mapped under `stages` (else open, the stage returned as `unmapped`). Undefined
 * for a status that is none of open, won, lost, deleted in any known language: the caller
 * refuses the row. Without a status a deleted deal cannot be told: such an export lists none
 * unless filtered for them.
 */
export function pipedriveDealStatus(
  status: string | null,
  stage: string | null,
  overrides: MappingOverrides = {},
  times: { wonTime: string | null; lostTime: string | null } = { wonTime: null, lostTime: null },
): Mapped<PipedriveDealStatus> | undefined {
  if (status !== null) {
    const value = lookup(PIPEDRIVE_STATUS, status);
    return value === undefined ? undefined : { value };
  }
  const { wonTime, lostTime } = times;
  if (wonTime !== null && (lostTime === null || Date.parse(wonTime) >= Date.parse(lostTime))) return { value: 'won' };
  if (lostTime !== null) return { value: 'lost' };
  if (stage === null) return { value: 'open' };
  const byStage = stageOutcome(NO_STAGES, stage, overrides.stages);
  return byStage === undefined ? { value: 'open', unmapped: stage } : { value: byStage };
}

/**
 * When a closed deal closed: the time of its outcome (`won_time` or `lost_time`, the export's
 * "Won time"/"Lost time"), else `close_time` ("Deal closed on"). Null for an open or deleted
 * deal. Times are already ISO-8601 UTC.
 */
export function pipedriveClosedAt(
  status: PipedriveDealStatus,
  times: { wonTime: string | null; lostTime: string | null; closeTime: string | null },
): string | null {
  if (status === 'won') return times.wonTime ?? times.closeTime;
  if (status === 'lost') return times.lostTime ?? times.closeTime;
  return null;
}

/**
 * A lead's or deal's channel from its `channel` option (id or label) through the user's
 * `channels` (MAPPINGS §3: the options are the account's own, so there is no built-in
 * table); an option nobody mapped is `other` and returned as `unmapped`. Without a channel, a
 * legacy `source_name` (creation method, not a channel) is `other`; null when neither.
 */
export function pipedriveChannel(
  channel: string | null,
  sourceName: string | null,
  overrides: MappingOverrides = {},
): Mapped<Channel | null> {
  if (channel !== null) {
    const mapped = lookup(NO_CHANNELS, channel, overrides.channels);
    return mapped === undefined ? { value: 'other', unmapped: channel } : { value: mapped };
  }
  return { value: sourceName !== null ? 'other' : null };
}

const NO_CHANNELS = new Map<string, Channel>();

/**
 * Sales' judgement of a Leads Inbox lead: Pipedrive discards a lead that is no fit by archiving
 * it (`is_archived`; a lead converted to a deal leaves the inbox instead), and a lead has no
 * lost reason (only deals do), so the reason is always empty. A person (no lead object) says
 * nothing: null.
 */
export function pipedriveLeadDisqualification(isArchived: boolean | null): Disqualification {
  return disqualification(isArchived, null);
}
