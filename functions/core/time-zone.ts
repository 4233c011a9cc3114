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
  return /^[A-Za-z]+\/[A-Za-z0-9_+-]+(?:\/[A-Za-z0-9_+-]+)?$/.test(zone) && !/^Etc\//i.test(zone);
}

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
