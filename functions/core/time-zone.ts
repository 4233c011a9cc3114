/**
 * The time zone a config names: where a week starts (Monday 00:00 local), where a date-only
 * value is placed, and which day a spend row belongs to. One rule for every config entry.
 */
import { IANAZone } from 'luxon';
import * as z from 'zod';

/**
 * True when `zone` is an IANA zone of a place (`Europe/Zurich`, `America/New_York`) or UTC.
 * The tz database's legacy fixed-offset names (`EST`, `MST`, `HST`, `Etc/GMT+5`) are valid
 * IANA names but have no daylight saving time: a New York company configured as `EST` would
 * have every week from March to November start an hour off, and its leads near midnight
 * counted in the wrong week, without any sign.
 */
export function isPlaceTimeZone(zone: string): boolean {
  if (!IANAZone.isValidZone(zone)) return false;
  if (/^(?:Etc\/)?(?:UTC|UCT|Universal|Zulu)$/i.test(zone)) return true;
  if (/^[A-Za-z]+\/[A-Za-z0-9_+-]+(?:\/[A-Za-z0-9_+-]+)?$/.test(zone)) return !/^Etc\//i.test(zone);
  // A one-word name the tz database keeps as a link to a place (`Japan` → Asia/Tokyo, `GB`,
  // `Israel`, `Singapore`); never the legacy rule names, which newer runtimes also link to some
  // place (`EST` → America/Panama, `CET` → Europe/Brussels) that a user writing them did not mean.
  if (LEGACY_RULE_NAMES.test(zone)) return false;
  const canonical = new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone;
  return canonical.includes('/') && !/^Etc\//i.test(canonical);
}

/** The tz database's zones named after a rule or offset, not a place (`EST`, `CET`, `PST8PDT`). */
const LEGACY_RULE_NAMES = /^(?:EST|MST|HST|WET|CET|MET|EET|EST5EDT|CST6CDT|MST7MDT|PST8PDT|GMT.*)$/i;

/** The zod type of a config's time zone: an IANA zone of a place, or UTC (see isPlaceTimeZone). */
export const timeZoneName = z.string().superRefine((zone, ctx) => {
  if (isPlaceTimeZone(zone)) return;
  ctx.addIssue({
    code: 'custom',
    message: IANAZone.isValidZone(zone)
      ? `"${zone}" names an offset, not a place, so it may not follow daylight saving time: use the zone of a place, such as America/New_York or Europe/Zurich`
      : 'must be an IANA time zone such as Europe/Zurich',
  });
});

/** The tz database's names of UTC (and of GMT, which is UTC's offset without leap rules): one zone. */
const UTC_NAMES = /^(?:(?:Etc\/)?(?:UTC|UCT|Universal|Zulu|GMT|GMT0|GMT[+-]0|Greenwich)|Z)$/i;

/**
 * Zones the tz database renamed, by old name, whose old name ICU (and so a Node runtime's Intl)
 * may keep as canonical, or not, depending on its version: Node 20's Intl gives `Europe/Kiev` for
 * `Europe/Kyiv`, a runtime that follows the tz database gives `Europe/Kyiv`. Both are mapped to
 * the new name, so one pair of names compares alike on every runtime.
 */
const RENAMED: Readonly<Record<string, string>> = {
  'Europe/Kiev': 'Europe/Kyiv',
  'Asia/Calcutta': 'Asia/Kolkata',
  'Asia/Katmandu': 'Asia/Kathmandu',
  'Asia/Rangoon': 'Asia/Yangon',
  'Asia/Saigon': 'Asia/Ho_Chi_Minh',
  'Atlantic/Faeroe': 'Atlantic/Faroe',
  'America/Godthab': 'America/Nuuk',
  'Pacific/Enderbury': 'Pacific/Kanton',
  'Pacific/Ponape': 'Pacific/Pohnpei',
  'Pacific/Truk': 'Pacific/Chuuk',
  'America/Buenos_Aires': 'America/Argentina/Buenos_Aires',
  'America/Indianapolis': 'America/Indiana/Indianapolis',
  'America/Louisville': 'America/Kentucky/Louisville',
};

/**
 * The one name of the zone `zone` names: `UTC` for every name of UTC (`Etc/UTC`, `GMT`, `Zulu`,
 * `Z`, …), else the runtime's canonical name of an IANA link (`US/Eastern` → `America/New_York`,
 * `europe/berlin` → `Europe/Berlin`, a renamed zone by its new name). An unknown name is
 * returned as given (trimmed). Never throws.
 */
export function canonicalZone(zone: string): string {
  const name = zone.trim();
  if (UTC_NAMES.test(name)) return 'UTC';
  let resolved = name;
  try {
    resolved = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return name;
  }
  if (UTC_NAMES.test(resolved)) return 'UTC';
  return RENAMED[resolved] ?? resolved;
}

/**
 * True when `a` and `b` name one zone of the tz database (canonicalZone): `UTC` and `Etc/UTC`,
 * `Europe/Kiev` and `Europe/Kyiv`. Two zones that are different places are different zones even
 * where their offsets agree today (`Europe/Berlin` and `Europe/Zurich`: their rules differed
 * before 1981 and may again): a calendar day is compared by the zone it was placed in, not by
 * the offsets it happens to have.
 */
export function sameZone(a: string, b: string): boolean {
  return a === b || canonicalZone(a) === canonicalZone(b);
}
