/**
 * The header language that settles a file's ambiguous dates (headers.ts languageOfHeader):
 * custom fields keep the admin's English labels in every UI language (`UTM Campaign`,
 * `Disqualification Reason`), so they prove nothing; a label only a non-English UI writes
 * proves that UI. A header that proves two languages is mixed: neither it nor the team's
 * locale decides, the source's own setting does, else the file is refused.
 */
import { describe, expect, it } from 'vitest';
import { importBytes, utf8 } from './helpers.js';
import type { HeaderTable } from '../../../functions/sources/vendor-csv/headers.js';
import type { Language } from '../../../functions/sources/vendor-csv/date-text.js';
import {
  SALESFORCE_LEAD_HEADERS,
  SALESFORCE_OPPORTUNITY_HEADERS,
} from '../../../functions/sources/vendor-csv/formats/salesforce.js';
import {
  HUBSPOT_CONTACT_HEADERS,
  HUBSPOT_DEAL_HEADERS,
} from '../../../functions/sources/vendor-csv/formats/hubspot.js';
import { PIPEDRIVE_DEAL_HEADERS } from '../../../functions/sources/vendor-csv/formats/pipedrive.js';

/** A format's standard columns (field → a value whose date, if any, is ambiguous: 2 November or 11 February). */
interface Case {
  format: string;
  table: HeaderTable;
  fields: Record<string, string>;
  /** English custom-field labels the vendor's UI leaves as the admin wrote them. */
  custom: Record<string, string>;
}

const CUSTOM_UTM = {
  'UTM Source': 'google',
  'UTM Medium': 'cpc',
  'UTM Campaign': 'brand',
  'Disqualification Reason': '',
};

const CASES: Case[] = [
  {
    format: 'salesforce-leads-csv',
    table: SALESFORCE_LEAD_HEADERS,
    fields: { id: '00Q5g00000AbCdE', email: 'ana@norte.example', created: '02/11/2026 10:15', status: 'Open' },
    custom: { ...CUSTOM_UTM, Campaign: 'Brand Q4' },
  },
  {
    format: 'salesforce-opportunities-csv',
    table: SALESFORCE_OPPORTUNITY_HEADERS,
    fields: {
      id: '0065g00000XyZab',
      name: 'Norte',
      stage: 'Closed Won',
      amount: '12000',
      created: '02/11/2026',
      closeDate: '06/11/2026',
    },
    custom: CUSTOM_UTM,
  },
  {
    format: 'hubspot-contacts-csv',
    table: HUBSPOT_CONTACT_HEADERS,
    fields: { id: '101', email: 'ana@norte.example', created: '02/11/2026 10:15', lifecycle: 'lead' },
    custom: { utm_source: 'google', utm_medium: 'cpc', utm_campaign: 'brand', 'Disqualification Reason': '' },
  },
  {
    format: 'hubspot-deals-csv',
    table: HUBSPOT_DEAL_HEADERS,
    fields: {
      id: '201',
      name: 'Norte',
      stage: 'closedwon',
      amount: '12000',
      created: '02/11/2026',
      closed: '06/11/2026',
    },
    custom: { Pipeline: 'Sales Pipeline', ...CUSTOM_UTM },
  },
  {
    format: 'pipedrive-deals-csv',
    table: PIPEDRIVE_DEAL_HEADERS,
    fields: {
      id: '301',
      title: 'Norte',
      value: '12000',
      currency: 'EUR',
      stage: 'Qualified',
      status: 'open',
      created: '02/11/2026 10:15',
    },
    custom: CUSTOM_UTM,
  },
];

const LANGS: Language[] = ['es', 'fr', 'de', 'it', 'pt'];

/** The first plain name of a field in a language. */
function label(table: HeaderTable, field: string, lang: Language): string {
  const alias = (table[field]?.[lang] ?? []).find((a): a is string => typeof a === 'string');
  if (!alias) throw new Error(`no ${lang} name for ${field}`);
  return alias;
}

const quote = (v: string) => `"${v.replace(/"/g, '""')}"`;

function file(c: Case, langOf: (field: string) => Language, withCustom = true): Uint8Array {
  const custom = withCustom ? Object.entries(c.custom) : [];
  const header = [...Object.keys(c.fields).map((f) => label(c.table, f, langOf(f))), ...custom.map(([k]) => k)];
  const row = [...Object.values(c.fields), ...custom.map(([, v]) => v)];
  return utf8([header.map(quote).join(','), row.map(quote).join(',')].join('\n'));
}

/** The created day of the one row loaded (the canonical created column of leads and deals). */
const createdDay = (row: Record<string, unknown>) => String(row.created_at).slice(0, 10);

describe('English custom-field labels do not outvote a localized header (team locale en-US)', () => {
  for (const c of CASES) {
    for (const lang of LANGS) {
      it(`${c.format} in ${lang} with ${Object.keys(c.custom).length} English custom columns: day-first`, async () => {
        const { rows, rejects, notes } = await importBytes(
          c.format,
          file(c, () => lang),
          `${lang}.csv`,
          'UTC',
          { locale: 'en-US' },
        );
        expect(rejects).toEqual([]);
        expect(rows.map(createdDay)).toEqual(['2026-11-02']);
        expect(notes).toMatchObject({ language: lang, dateOrder: { order: 'DMY', from: 'header language' } });
      });
    }
  }
});

describe('a header mixing English and Spanish standard labels', () => {
  // The id and the created date under their English labels, the rest in Spanish.
  const english = new Set(['id', 'created']);
  for (const c of CASES) {
    it(`${c.format}: refused under the team locale, naming the mix; read as the source's setting says`, async () => {
      const bytes = file(c, (f) => (english.has(f) ? 'en' : 'es'), false);
      await expect(importBytes(c.format, bytes, 'mixed.csv', 'UTC', { locale: 'en-US' })).rejects.toThrow(
        /can be day-first or month-first and nothing in the file settles it \(its header mixes English and Spanish column names/,
      );
      const set = await importBytes(c.format, bytes, 'mixed.csv', 'UTC', {
        locale: 'en-US',
        sources: { [c.format]: { dateOrder: 'DMY' } },
      });
      expect(set.rows.map(createdDay)).toEqual(['2026-11-02']);
    });
  }

  it('two languages other than English (French and Spanish labels) are mixed too', async () => {
    const c = CASES[0]!;
    const bytes = file(c, (f) => (f === 'status' ? 'fr' : 'es'), false);
    await expect(importBytes(c.format, bytes, 'mixed.csv', 'UTC', { locale: 'en-US' })).rejects.toThrow(
      /its header mixes French and Spanish column names/,
    );
    const own = await importBytes(c.format, bytes, 'mixed.csv', 'UTC', {
      locale: 'en-US',
      sources: { [c.format]: { locale: 'es-ES' } },
    });
    expect(own.rows.map(createdDay)).toEqual(['2026-11-02']);
  });
});
