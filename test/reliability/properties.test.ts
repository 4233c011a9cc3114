/**
 * Property-based tests (fast-check): the email key, ISO week boundaries in any time zone
 * (DST included), and deal matching on DuckDB (an unrelated lead never changes a match).
 */
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect } from 'vitest';
import type { CanonicalRecord } from '../../functions/core/records.js';
import { emailKey } from '../../functions/core/email-key.js';
import { parseWeek, shiftWeek, weekOf } from '../../functions/core/weeks.js';
import { deal, lead, warehouseFrom, type Fixture } from '../helpers/warehouse.js';
import { reliabilityCase } from './tally.js';

const localChar = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789._-'.split(''), 'ü', 'é', 'ø', 'д', '山');
const localPart = fc
  .array(localChar, { minLength: 1, maxLength: 12 })
  .map((cs) => cs.join(''))
  .filter((s) => /[^.]/.test(s));
const label = fc.array(fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789'.split(''), 'ü'), {
  minLength: 1,
  maxLength: 8,
});
const domain = fc
  .tuple(label, fc.constantFrom('com', 'ch', 'de', 'example', 'рф'))
  .map(([l, tld]) => `${l.join('')}.${tld}`);
const space = fc.constantFrom('', ' ', '  ', '\t', '\u00a0', '\n');
const tag = fc.array(fc.constantFrom(...'abcxyz019-_.'.split('')), { maxLength: 6 }).map((cs) => cs.join(''));

/** Random upper/lower casing of every character. */
function recase(text: string, mask: number[]): string {
  return [...text].map((c, i) => ((mask[i % mask.length] ?? 0) % 2 ? c.toUpperCase() : c.toLowerCase())).join('');
}

describe('properties: email key', () => {
  reliabilityCase(
    'properties',
    'email key is idempotent and invariant to case, whitespace, +tags and gmail dots',
    () => {
      // Idempotent on anything at all, including strings that are not addresses.
      fc.assert(
        fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (s) => {
          const k = emailKey(s);
          expect(emailKey(k)).toBe(k);
        }),
        { numRuns: 400 },
      );
      // Variants of one address give one key.
      fc.assert(
        fc.property(
          localPart,
          domain,
          tag,
          fc.array(fc.nat(), { minLength: 1, maxLength: 8 }),
          space,
          space,
          (local, dom, t, mask, before, after) => {
            const base = emailKey(`${local}@${dom}`);
            fc.pre(base !== null);
            const variant = `${before}${recase(local, mask)}${t || t === '' ? `+${t}` : ''}@${recase(dom, mask)}${after}`;
            expect(emailKey(variant)).toBe(base);
            expect(emailKey(base)).toBe(base);
          },
        ),
        { numRuns: 300 },
      );
      // Gmail: dots anywhere in the local part and googlemail.com are the same mailbox.
      fc.assert(
        fc.property(
          fc.array(fc.constantFrom(...'abcdefghij0123'.split('')), { minLength: 1, maxLength: 10 }),
          fc.array(fc.boolean(), { maxLength: 10 }),
          fc.constantFrom('gmail.com', 'GoogleMail.com', 'GMAIL.COM'),
          tag,
          (chars, dots, dom, t) => {
            const plain = chars.join('');
            const dotted = chars.map((c, i) => (dots[i] ? `${c}.` : c)).join('');
            expect(emailKey(`${dotted}+${t}@${dom}`)).toBe(`${plain}@gmail.com`);
          },
        ),
        { numRuns: 200 },
      );
    },
  );
});

const ZONES = [
  'UTC',
  'Europe/Zurich',
  'Europe/London',
  'America/New_York',
  'America/Sao_Paulo', // DST started at midnight until 2019: some Mondays have no 00:00
  'America/Santiago',
  'Asia/Tehran',
  'Asia/Kathmandu',
  'Australia/Lord_Howe', // 30-minute DST shift
  'Pacific/Chatham',
  'Pacific/Auckland',
  'Africa/Casablanca',
];

describe('properties: weeks', () => {
  reliabilityCase(
    'properties',
    'week boundaries in any zone: 167–169 h, contain their Monday, tile, round-trip',
    () => {
      fc.assert(
        fc.property(
          fc.date({
            min: new Date('1995-01-01T00:00:00Z'),
            max: new Date('2040-12-31T00:00:00Z'),
            noInvalidDate: true,
          }),
          fc.constantFrom(...ZONES),
          (instant, zone) => {
            const w = weekOf(instant, zone);
            const hours = (w.end.getTime() - w.start.getTime()) / 3_600_000;
            expect(w.start.getTime()).toBeLessThan(w.end.getTime());
            expect(hours).toBeGreaterThanOrEqual(167);
            expect(hours).toBeLessThanOrEqual(169);
            expect(w.start.getTime()).toBeLessThanOrEqual(instant.getTime());
            expect(instant.getTime()).toBeLessThan(w.end.getTime());
            const monday = DateTime.fromJSDate(w.start, { zone });
            expect(monday.weekday).toBe(1);
            expect(monday.toISODate()).toBe(w.startDate);
            expect(DateTime.fromISO(w.endDate).diff(DateTime.fromISO(w.startDate), 'days').days).toBe(7);
            const next = shiftWeek(w, 1);
            expect(next.start.getTime()).toBe(w.end.getTime());
            expect(shiftWeek(next, -1)).toEqual(w);
            expect(parseWeek(w.id, zone)).toEqual(w);
            expect(weekOf(new Date(w.end.getTime() - 1), zone).id).toBe(w.id);
            expect(weekOf(w.end, zone).id).toBe(next.id);
          },
        ),
        { numRuns: 500 },
      );
    },
  );
});

// ---- matching on DuckDB
const DOMAINS = ['acme.example', 'globex.example', 'gmail.com', 'initech.example'];
const LOCALS = ['ann', 'bob', 'cy', 'di'];
const DAY = 86_400_000;
const T0 = Date.parse('2026-09-01T00:00:00Z');
const iso = (days: number): string => new Date(T0 + days * DAY).toISOString();

const leadArb = fc.record({
  local: fc.constantFrom(...LOCALS),
  domain: fc.constantFrom(...DOMAINS),
  hasEmail: fc.boolean(),
  companyDomain: fc.option(fc.constantFrom(...DOMAINS), { nil: null }),
  day: fc.integer({ min: 0, max: 80 }),
  channel: fc.constantFrom('paid_search', 'email', 'events'),
  source: fc.constantFrom('hubspot', 'salesforce'),
});
const dealArb = fc.record({
  contacts: fc.array(fc.tuple(fc.constantFrom(...LOCALS), fc.constantFrom(...DOMAINS)), { maxLength: 2 }),
  accountDomain: fc.option(fc.constantFrom(...DOMAINS), { nil: null }),
  convertedFrom: fc.option(fc.integer({ min: 0, max: 5 }), { nil: null }),
  day: fc.integer({ min: 0, max: 90 }),
});
const unrelatedArb = fc.record({
  email: fc.constantFrom<string | null>(null, 'zed@unrelated.example', 'Zed.Q+x@gmail.com', 'new@hotmail.com'),
  // Unrelated: no deal's account domain (gmail.com as a company domain would be a domain match).
  companyDomain: fc.constantFrom<string | null>(null, 'unrelated.example', 'unrelated-too.example'),
  day: fc.integer({ min: -30, max: 100 }),
  source: fc.constantFrom('hubspot', 'salesforce', 'pipedrive'),
});

describe('properties: matching', () => {
  reliabilityCase(
    'properties',
    'adding an unrelated lead never changes an existing deal match (DuckDB)',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(leadArb, { minLength: 1, maxLength: 6 }),
          fc.array(dealArb, { minLength: 1, maxLength: 4 }),
          unrelatedArb,
          async (leads, deals, extra) => {
            const leadRows: CanonicalRecord[] = leads.map((l, i) =>
              lead(`L${i}`, iso(l.day), {
                source: l.source,
                email: l.hasEmail ? `${l.local}@${l.domain}` : null,
                company_domain: l.companyDomain,
                channel: l.channel,
              }),
            );
            const dealRows: CanonicalRecord[] = deals.map((d, i) =>
              deal(`D${i}`, iso(d.day), {
                contact_emails: d.contacts.map(([l, dom]) => `${l}@${dom}`),
                account_domain: d.accountDomain,
                converted_from_lead_id: d.convertedFrom === null ? null : `L${d.convertedFrom}`,
                source: d.convertedFrom !== null && d.convertedFrom % 2 === 0 ? 'hubspot' : 'salesforce',
              }),
            );
            const unrelated = lead('U1', iso(extra.day), {
              source: extra.source,
              email: extra.email,
              company_domain: extra.companyDomain,
              channel: 'referral',
            });
            const matches = async (fixture: Fixture): Promise<unknown[]> => {
              const w = await warehouseFrom(fixture);
              try {
                return await w.engine.query(
                  'select source, deal_id, person_key, match_method, channel, is_marketing_sourced from fct_deals order by source, deal_id',
                );
              } finally {
                await w.close();
              }
            };
            const before = await matches({ leads: leadRows, deals: dealRows });
            const after = await matches({ leads: [...leadRows, unrelated], deals: dealRows });
            expect(after).toEqual(before);
          },
        ),
        { numRuns: 6 },
      );
    },
    60_000,
  );
});
