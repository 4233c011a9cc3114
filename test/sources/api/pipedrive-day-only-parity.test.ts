/**
 * Pipedrive activities known only to the day, on both paths: a done activity with a due date
 * but no due time (`due_time` empty or null in the API, an empty "Due time" cell in the export)
 * and nothing better (no marked-done time) is loaded flagged `occurred_at_time_unknown`; a due
 * time or a marked-done time is a time. The API pull and the activities export give the same
 * rows (UTC import zone: the API's due dates are UTC days). A day is placed at its start in the
 * report's zone (the config's `timezone`) on both paths.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { PipedriveFake } from '../../fakes/pipedrive.js';
import { importBytes, utf8 } from '../files/helpers.js';
import { harness, testConfig } from './helpers.js';

const fakes: PipedriveFake[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.stop()));
});

/** id, type, due date, due time, marked as done time (API form; the export writes the same values). */
const ACTIVITIES: [id: number, type: string, dueDate: string, dueTime: string | null, markedDone: string | null][] = [
  [9201, 'call', '2026-11-12', '', null], // the day only (API v2 sends an empty due_time)
  [9202, 'call', '2026-11-12', null, null], // the day only (or none at all)
  [9203, 'call', '2026-11-12', '09:00', null], // its due time
  [9204, 'call', '2026-11-12', null, '2026-11-13 10:00:00'], // marked done at a time
  [9205, 'meeting', '2026-11-12', null, null], // a meeting on a day
];

const rowsOf = (rows: Record<string, unknown>[]) =>
  rows
    .map((r) => [r.activity_id, r.occurred_at, r.occurred_at_time_unknown, r.has_happened])
    .sort((a, b) => String(a[0]).localeCompare(String(b[0])));

describe('Pipedrive: an activity with a due day and no time is flagged on the API and the file path alike', () => {
  it.each([
    // Report zone UTC: the day starts at 00:00 UTC.
    ['UTC', '2026-11-12T00:00:00.000Z'],
    // Report zone New York: the day starts at 05:00 UTC, not at 00:00 UTC (Wednesday 19:00 there).
    ['America/New_York', '2026-11-12T05:00:00.000Z'],
  ])('gives the same rows, flags included (report in %s)', async (reportZone, dayStart) => {
    const fake = new PipedriveFake();
    await fake.start();
    fakes.push(fake);
    const h = harness(
      testConfig(
        { pipedrive: { baseUrl: fake.baseUrl, companyDomain: 'acme', entities: ['activities'] } },
        { timezone: reportZone },
      ),
      {
        pipedrive: { apiToken: 'pd-token' },
      },
    );
    fake.now = h.clock.now;
    fake.data.activities.length = 0;
    for (const [id, type, dueDate, dueTime, markedDone] of ACTIVITIES)
      fake.data.activities.push({
        id,
        type,
        subject: 'x',
        done: true,
        due_date: dueDate,
        due_time: dueTime,
        marked_as_done_time: markedDone,
        person_id: 7,
        participants: [{ person_id: 7, primary: true }],
        owner_id: 41,
        deal_id: null,
        add_time: '2026-11-11T08:00:00Z',
        update_time: '2026-11-14T10:00:00Z',
      });
    expect((await h.run()).sources[0]?.error).toBeUndefined();
    const fromApi = rowsOf(h.loader.rows('activities'));

    const csv = [
      'Activity - ID,Activity - Type,Activity - Due date,Activity - Due time,Activity - Done,Activity - Marked as done time,Person - ID',
      ...ACTIVITIES.map(([id, type, day, time, done]) => `${id},${type},${day},${time ?? ''},Done,${done ?? ''},7`),
    ].join('\n');
    const file = await importBytes('pipedrive-activities-csv', utf8(csv), 'activities.csv', 'UTC', {
      timezone: reportZone,
    });
    expect(file.rejects).toEqual([]);
    const fromFile = rowsOf(file.rows);

    expect(fromFile).toEqual([
      ['9201', dayStart, true, true],
      ['9202', dayStart, true, true],
      ['9203', '2026-11-12T09:00:00.000Z', false, true],
      ['9204', '2026-11-13T10:00:00.000Z', false, true],
      ['9205', dayStart, true, true],
    ]);
    expect(fromApi).toEqual(fromFile);
  });
});
