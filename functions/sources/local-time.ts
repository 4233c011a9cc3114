/**
 * Wall-clock time in an account's time zone → UTC, the one rule for every path that reads a
 * time without an offset: CSV exports (vendor-csv/values.ts) and API fields that are local
 * dates or times (a Salesforce opportunity's CloseDate, via source.ts `zonedTimestamp`).
 */
import { IANAZone } from 'luxon';

const SLOT = 15 * 60 * 1000;
const offsetCache = new Map<string, number>();

/** Offset (minutes) of an IANA zone at a UTC instant, cached per zone and 15-minute slot. */
function zoneOffset(zone: string, ts: number): number {
  const key = `${zone}|${Math.floor(ts / SLOT)}`;
  let o = offsetCache.get(key);
  if (o === undefined) {
    o = IANAZone.create(zone).offset(ts);
    if (offsetCache.size > 100_000) offsetCache.clear();
    offsetCache.set(key, o);
  }
  return o;
}

/**
 * Wall-clock time in `zone` (epoch ms of the same wall clock read as UTC) → UTC epoch ms,
 * deterministically (luxon's own answer for a repeated hour depends on today's offset): a
 * time that occurs twice (autumn) is the earlier instant, a time skipped by the spring
 * change is read with the offset before the change (02:30 → 03:30 summer time), as
 * Temporal's "compatible" disambiguation does. `zone` must be a valid IANA zone.
 */
export function localToUtc(localTs: number, zone: string): number {
  // Offsets range from -12h to +14h: these probes lie before and after the real instant.
  const HOUR = 3600 * 1000;
  const before = zoneOffset(zone, localTs - 15 * HOUR);
  const after = zoneOffset(zone, localTs + 13 * HOUR);
  const valid = [...new Set([before, after])].filter((o) => zoneOffset(zone, localTs - o * 60_000) === o);
  if (valid.length === 0) return localTs - before * 60_000;
  return localTs - Math.max(...valid) * 60_000;
}

const LOCAL_ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?)?$/;

/**
 * A local ISO date or date-time without offset (`2026-03-29`, `2026-03-29 02:30[:00[.000]]`)
 * read in `zone` → ISO-8601 UTC with milliseconds, by {@link localToUtc}. A date alone is the
 * start of that day. Null for an empty value, text of another shape, an impossible date or
 * time, or an unknown zone.
 */
export function localIsoToUtc(text: string, zone: string): string | null {
  const m = LOCAL_ISO.exec(text.trim());
  if (!m || !IANAZone.isValidZone(zone)) return null;
  const [y, mo, d, h, mi, s] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const ms = Number((m[7] ?? '0').padEnd(3, '0'));
  const local = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  const back = new Date(local);
  // Date.UTC rolls impossible values (2026-02-30, 24:00) over: refuse them instead.
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  if (h > 23 || mi > 59 || s > 59) return null;
  return new Date(localToUtc(local, zone)).toISOString();
}
