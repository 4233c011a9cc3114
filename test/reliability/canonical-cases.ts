/**
 * The canonical-CSV bad-input cases (run by bad-input-canonical-*.test.ts). Bad inputs through `funnel import --as canonical-*` (the real importer, loader, warehouse and
 * report): each case feeds files, checks what it is about, and `Pipeline.holds` checks every
 * invariant and a same-day re-run.
 */
import { gzipSync } from 'node:zlib';
import { expect } from 'vitest';
import { DuckDBParquetEncoder } from '../../functions/adapters/duckdb-parquet.js';
import { formatCsv } from '../../bin/cli/output.js';
import type { FunnelReport } from '../../functions/core/report-types.js';
import { csv, DT, Pipeline, type ImportSpec } from './pipeline.js';
import type { LoadAttempt } from './invariants.js';

const LEADS = [
  'lead_id',
  'source',
  'email',
  'first_name',
  'last_name',
  'company',
  'created_at',
  'updated_at',
  'channel',
  'utm_campaign',
];
const DEALS = [
  'deal_id',
  'source',
  'name',
  'account_domain',
  'created_at',
  'updated_at',
  'closed_at',
  'is_closed',
  'is_won',
  'amount',
  'currency',
  'contact_emails',
];
const SPEND = [
  'date',
  'source',
  'platform',
  'campaign_id',
  'campaign_name',
  'channel',
  'cost',
  'currency',
  'impressions',
  'clicks',
];

const lead = (id: string, created = '2026-11-17T09:00:00Z', extra: Partial<Record<string, string>> = {}): string[] => {
  const v: Record<string, string> = {
    lead_id: id,
    source: 'hubspot',
    email: `person${id}@acme.example`,
    first_name: `First${id}`,
    last_name: 'Last',
    company: 'Acme',
    created_at: created,
    updated_at: created,
    channel: 'paid_search',
    ...extra,
  };
  return LEADS.map((c) => v[c] ?? '');
};
const deal = (id: string, extra: Partial<Record<string, string>> = {}): string[] => {
  const v: Record<string, string> = {
    deal_id: id,
    source: 'salesforce',
    name: `Deal ${id}`,
    account_domain: 'acme.example',
    created_at: '2026-11-18T10:00:00Z',
    updated_at: '2026-11-18T10:00:00Z',
    closed_at: '',
    is_closed: 'false',
    is_won: 'false',
    amount: '1000',
    currency: 'EUR',
    contact_emails: 'person1@acme.example',
    ...extra,
  };
  return DEALS.map((c) => v[c] ?? '');
};
const spend = (campaign: string, extra: Partial<Record<string, string>> = {}): string[] => {
  const v: Record<string, string> = {
    date: '2026-11-17',
    source: 'google_ads',
    platform: 'google_ads',
    campaign_id: campaign,
    campaign_name: `Campaign ${campaign}`,
    channel: 'paid_search',
    cost: '100',
    currency: 'EUR',
    impressions: '1000',
    clicks: '10',
    ...extra,
  };
  return SPEND.map((c) => v[c] ?? '');
};

const leadsFile = (name: string, rows: string[][], extra: Partial<ImportSpec> = {}): ImportSpec => ({
  name,
  format: 'canonical-leads',
  bytes: csv(LEADS, rows),
  rows: rows.length,
  ...extra,
});
const dealsFile = (name: string, rows: string[][], extra: Partial<ImportSpec> = {}): ImportSpec => ({
  name,
  format: 'canonical-deals',
  bytes: csv(DEALS, rows),
  rows: rows.length,
  ...extra,
});
const spendFile = (name: string, rows: string[][], extra: Partial<ImportSpec> = {}): ImportSpec => ({
  name,
  format: 'canonical-spend',
  bytes: csv(SPEND, rows),
  rows: rows.length,
  ...extra,
});

/** Good data every case starts from, so the report has figures to disturb. */
const BASELINE: ImportSpec[] = [
  // Lead 1 names a campaign (one without spend): idle spend is measured only where some lead does.
  // Its channel has no spend: a paid-search lead with an opportunity naming no spend campaign
  // would make idle spend not measured (methodology 1.14, unlinked campaign references).
  leadsFile('baseline-leads.csv', [
    lead('1', undefined, { utm_campaign: 'Spring Webinar', channel: 'paid_social' }),
    lead('2', '2026-11-18T09:00:00Z'),
    lead('3', '2026-11-10T09:00:00Z'),
  ]),
  dealsFile('baseline-deals.csv', [deal('D1'), deal('D2', { contact_emails: '' })]),
];

type Expect = { loaded: number; rejected: number; reason?: RegExp } | { refused: RegExp } | { alreadyLoaded: true };

interface Case {
  name: string;
  files: ImportSpec[];
  /** What each file (in order) must give on the first run. */
  expect: Expect[];
  check?: (ctx: { report: FunnelReport; p: Pipeline; attempts: LoadAttempt[] }) => Promise<void> | void;
}

const latin1 = (text: string): Buffer => Buffer.from(text, 'latin1');

export const CASES: Case[] = [
  // ---- malformed rows
  {
    name: 'malformed: a row with too many fields is rejected, the rest load',
    files: [
      {
        ...leadsFile('extra-field.csv', []),
        bytes: csv(LEADS, [lead('10'), [...lead('11'), 'oops'], lead('12')]),
        rows: 3,
      },
    ],
    expect: [{ loaded: 2, rejected: 1, reason: /expected 10 fields, found 11/ }],
  },
  {
    name: 'malformed: a row with too few fields is rejected',
    files: [{ ...leadsFile('short-row.csv', []), bytes: csv(LEADS, [lead('10'), lead('11').slice(0, 4)]), rows: 2 }],
    expect: [{ loaded: 1, rejected: 1, reason: /expected 10 fields, found 4/ }],
  },
  {
    name: 'malformed: an unclosed quote refuses the file with its line, nothing half-loaded',
    files: [
      {
        ...leadsFile('unclosed.csv', []),
        bytes: csv(LEADS, [lead('10'), lead('11', undefined, { last_name: '"Smith' }), lead('12')]),
      },
    ],
    expect: [{ refused: /unclosed\.csv: line \d+: unreadable CSV/ }],
  },
  {
    name: 'malformed: blank lines, CRLF and a BOM are tolerated',
    files: [
      { ...leadsFile('crlf.csv', []), bytes: '\uFEFF' + csv(LEADS, [lead('10'), [], lead('11')], '\r\n'), rows: 2 },
    ],
    expect: [{ loaded: 2, rejected: 0 }],
  },
  {
    name: 'malformed: missing required value and whitespace-only id are rejected with the field',
    files: [leadsFile('missing-required.csv', [lead('', undefined), lead('   '), lead('12', '')])],
    expect: [{ loaded: 0, rejected: 3, reason: /missing required value/ }],
  },
  {
    name: 'malformed: unparsable timestamp, boolean and enum are rejected',
    files: [
      leadsFile('bad-values.csv', [lead('10', 'yesterday'), lead('11', undefined, { channel: 'Paid Search' })]),
      dealsFile('bad-bool.csv', [deal('D9', { is_won: 'yes' })]),
    ],
    expect: [
      { loaded: 0, rejected: 2, reason: /not an ISO-8601 timestamp|unknown value/ },
      { loaded: 0, rejected: 1, reason: /expected true or false/ },
    ],
  },
  {
    name: 'malformed: impossible calendar days are rejected whatever the offset (2026-02-30+01:00)',
    files: [
      leadsFile('feb30.csv', [
        lead('10', '2026-02-30T10:00:00+01:00'),
        lead('11', '2026-04-31T10:00:00-05:00'),
        lead('12', '2026-02-30T10:00:00Z'),
        lead('13', '2026-02-28T23:30:00-01:00'),
      ]),
    ],
    expect: [{ loaded: 1, rejected: 3, reason: /not an ISO-8601 timestamp/ }],
  },
  {
    name: 'malformed: an invalid source name is rejected, not turned into a partition',
    files: [leadsFile('bad-source.csv', [lead('10', undefined, { source: 'Hub Spot/../x' }), lead('11')])],
    expect: [{ loaded: 1, rejected: 1, reason: /invalid source name/ }],
  },
  {
    name: 'malformed: a 200 kB field and control characters load intact or are rejected, never crash',
    files: [
      leadsFile('huge-cell.csv', [
        lead('10', undefined, { company: `"${'x'.repeat(200_000)}"` }),
        lead('11', undefined, { last_name: 'a\u0000b\u0007c' }),
      ]),
    ],
    expect: [{ loaded: 2, rejected: 0 }],
  },
  // ---- encodings
  {
    name: 'encoding: a Latin-1 export is refused with the line of the first bad byte (no mojibake)',
    files: [
      {
        ...leadsFile('latin1.csv', []),
        bytes: latin1(csv(LEADS, [lead('10'), lead('11', undefined, { last_name: 'Müller' })])),
      },
    ],
    expect: [{ refused: /latin1\.csv: line 3: not UTF-8/ }],
  },
  {
    name: 'encoding: one Latin-1 row inside a UTF-8 file (mixed) is refused, naming its line',
    files: [
      {
        ...leadsFile('mixed.csv', []),
        bytes: Buffer.concat([
          Buffer.from(csv(LEADS, [lead('10', undefined, { last_name: 'Zoë' })]), 'utf8'),
          latin1(
            csv(['x'], [lead('11', undefined, { last_name: 'Zoë' })])
              .split('\n')
              .slice(1)
              .join('\n'),
          ),
        ]),
      },
    ],
    expect: [{ refused: /mixed\.csv: line 3: not UTF-8/ }],
  },
  {
    name: 'encoding: UTF-16LE with a BOM is decoded; without a BOM it is refused',
    files: [
      {
        ...leadsFile('utf16.csv', []),
        bytes: Buffer.concat([
          Buffer.from([0xff, 0xfe]),
          Buffer.from(csv(LEADS, [lead('10', undefined, { last_name: 'Zoë' })]), 'utf16le'),
        ]),
        rows: 1,
      },
      { ...leadsFile('utf16-nobom.csv', []), bytes: Buffer.from(csv(LEADS, [lead('11')]), 'utf16le') },
    ],
    expect: [{ loaded: 1, rejected: 0 }, { refused: /utf16-nobom\.csv: line 1: not UTF-8/ }],
  },
  {
    name: 'encoding: UTF-8 names in many scripts survive byte-exact',
    files: [
      leadsFile('scripts.csv', [
        lead('10', undefined, { last_name: 'Ελληνικά' }),
        lead('11', undefined, { last_name: '山田' }),
        lead('12', undefined, { last_name: 'Zoë 🚀' }),
      ]),
    ],
    expect: [{ loaded: 3, rejected: 0 }],
    check: async ({ p }) => {
      const engine = await p.warehouse();
      try {
        const rows = await engine.query(
          "select last_name from leads where lead_id in ('10','11','12') order by lead_id",
        );
        expect(rows.map((r) => r.last_name)).toEqual(['Ελληνικά', '山田', 'Zoë 🚀']);
      } finally {
        await engine.close();
      }
    },
  },
  // ---- gzip
  {
    name: 'gzip: a gzipped canonical CSV loads like the plain one',
    files: [{ ...leadsFile('leads.csv.gz', []), bytes: gzipSync(csv(LEADS, [lead('10'), lead('11')])), rows: 2 }],
    expect: [{ loaded: 2, rejected: 0 }],
  },
  {
    name: 'gzip: a truncated gzip is refused, nothing loaded',
    files: [
      {
        ...leadsFile('cut.csv.gz', []),
        bytes: gzipSync(
          csv(
            LEADS,
            Array.from({ length: 200 }, (_, i) => lead(`t${i}`)),
          ),
        ).subarray(0, 700),
      },
    ],
    expect: [{ refused: /cut\.csv\.gz: .*gzip/ }],
  },
  // ---- schema drift
  {
    name: 'schema drift: an added column is refused by name',
    files: [{ ...leadsFile('added.csv', []), bytes: csv([...LEADS, 'favourite_colour'], [[...lead('10'), 'blue']]) }],
    expect: [{ refused: /added\.csv: line 1: unknown column "favourite_colour"/ }],
  },
  {
    name: 'schema drift: a removed required column is refused by name',
    files: [
      {
        ...leadsFile('removed.csv', []),
        bytes: csv(
          LEADS.filter((c) => c !== 'created_at'),
          [lead('10').filter((_, i) => LEADS[i] !== 'created_at')],
        ),
      },
    ],
    expect: [{ refused: /removed\.csv: line 1: missing required column created_at/ }],
  },
  {
    name: 'schema drift: a renamed column (email → e_mail) is refused, never silently nulled',
    files: [
      {
        ...leadsFile('renamed.csv', []),
        bytes: csv(
          LEADS.map((c) => (c === 'email' ? 'e_mail' : c)),
          [lead('10')],
        ),
      },
    ],
    expect: [{ refused: /renamed\.csv: line 1: unknown column "e_mail"/ }],
  },
  {
    name: 'schema drift: reordered columns load by name',
    files: [
      { ...leadsFile('reordered.csv', []), bytes: csv([...LEADS].reverse(), [[...lead('10')].reverse()]), rows: 1 },
    ],
    expect: [{ loaded: 1, rejected: 0 }],
  },
  {
    name: 'schema drift: a duplicated column is refused',
    files: [{ ...leadsFile('dup-col.csv', []), bytes: csv([...LEADS, 'email'], [[...lead('10'), 'x@y.example']]) }],
    expect: [{ refused: /dup-col\.csv: line 1: duplicate column "email"/ }],
  },
  // ---- empty exports
  {
    name: 'empty export: a 0-byte file is refused with the expected header',
    files: [{ name: 'empty.csv', format: 'canonical-leads', bytes: '' }],
    expect: [{ refused: /empty\.csv: empty file/ }],
  },
  {
    name: 'empty export: a header-only file loads 0 rows and keeps the report unchanged',
    files: [leadsFile('header-only.csv', [])],
    expect: [{ loaded: 0, rejected: 0 }],
    check: ({ report }) => expect(report.totals.leads).toBe(2),
  },
  // ---- duplicates
  {
    name: 'duplicates: the same id twice in one file with the same version loads once, the later row wins',
    files: [leadsFile('dupe-in-file.csv', [lead('10'), lead('11'), lead('10')])],
    expect: [{ loaded: 2, rejected: 1, reason: /superseded by line 4/ }],
    check: ({ report }) => expect(report.totals.leads).toBe(4),
  },
  {
    name: 'duplicates: two versions of one id in one file both load; the later updated_at wins',
    files: [
      leadsFile('versions.csv', [
        lead('10', '2026-11-17T09:00:00Z', { updated_at: '2026-11-19T00:00:00Z', channel: 'email' }),
        lead('10', '2026-11-17T09:00:00Z', { updated_at: '2026-11-18T00:00:00Z', channel: 'events' }),
      ]),
    ],
    expect: [{ loaded: 2, rejected: 0 }],
    check: ({ report }) => {
      expect(report.totals.leads).toBe(3);
      expect(report.channels.find((c) => c.channel === 'email')?.leads).toBe(1);
      expect(report.channels.find((c) => c.channel === 'events')).toBeUndefined();
    },
  },
  {
    name: 'duplicates: the same rows in two different files count once',
    files: [
      leadsFile('export-a.csv', [lead('10'), lead('11')]),
      { ...leadsFile('export-b.csv', [lead('11'), lead('10'), lead('12')]) },
    ],
    expect: [
      { loaded: 2, rejected: 0 },
      { loaded: 3, rejected: 0 },
    ],
    check: ({ report }) => expect(report.totals.leads).toBe(5),
  },
  {
    name: 'duplicates: the same file under another name is recognised and not loaded again',
    files: [leadsFile('monday.csv', [lead('10')]), leadsFile('monday (1).csv', [lead('10')])],
    expect: [{ loaded: 1, rejected: 0 }, { alreadyLoaded: true }],
    check: ({ report }) => expect(report.totals.leads).toBe(3),
  },
  {
    name: 'duplicates: a deal restated in two files with overlapping spend days counts once',
    files: [
      spendFile('spend-mon.csv', [spend('C1'), spend('C1', { date: '2026-11-18', cost: '50' })]),
      spendFile('spend-tue.csv', [
        spend('C1', { date: '2026-11-18', cost: '60' }),
        spend('C1', { date: '2026-11-19', cost: '70' }),
      ]),
    ],
    expect: [
      { loaded: 2, rejected: 0 },
      { loaded: 2, rejected: 0 },
    ],
    check: ({ report }) => expect(report.totals.spend).toBe(230), // 100 + 60 (restated) + 70
  },
  {
    name: 'duplicates: one campaign-day twice in one spend file is not silently half-counted',
    files: [spendFile('spend-dupe.csv', [spend('C1', { cost: '40' }), spend('C1', { cost: '60' })])],
    expect: [{ loaded: 1, rejected: 1, reason: /superseded by line 3/ }],
    check: ({ report }) => expect(report.totals.spend).toBe(60),
  },
  // ---- time
  {
    name: 'late rows: a lead for an old week arriving today shows up in that week exactly once',
    files: [
      leadsFile('w45.csv', [lead('20', '2026-11-03T09:00:00Z')], { dt: '2026-11-04' }),
      leadsFile('late.csv', [lead('21', '2026-11-03T10:00:00Z'), lead('20', '2026-11-03T09:00:00Z')], { dt: DT }),
    ],
    expect: [
      { loaded: 1, rejected: 0 },
      { loaded: 2, rejected: 0 },
    ],
    check: async ({ p }) => {
      const w45 = await p.report('2026-W45');
      expect(w45.report!.totals.leads).toBe(2);
    },
  },
  {
    name: 'moving weeks: a corrected created_at moves a lead from W46 to W47, counted once',
    files: [
      leadsFile('first.csv', [lead('30', '2026-11-15T23:30:00Z', { updated_at: '2026-11-15T23:30:00Z' })], {
        dt: '2026-11-16',
      }),
      leadsFile('fixed.csv', [lead('30', '2026-11-16T00:30:00+01:00', { updated_at: '2026-11-20T00:00:00Z' })]),
      leadsFile('fixed-again.csv', [lead('30', '2026-11-16T08:00:00Z', { updated_at: '2026-11-21T00:00:00Z' })]),
    ],
    expect: [
      { loaded: 1, rejected: 0 },
      { loaded: 1, rejected: 0 },
      { loaded: 1, rejected: 0 },
    ],
    check: async ({ report, p }) => {
      expect(report.totals.leads).toBe(3);
      expect((await p.report('2026-W46')).report!.totals.leads).toBe(1); // only baseline lead 3
    },
  },
  {
    name: 'moving weeks: a deal won in W46 then re-dated into W47 moves its revenue',
    files: [
      dealsFile('won.csv', [
        deal('D5', {
          closed_at: '2026-11-13T10:00:00Z',
          is_closed: 'true',
          is_won: 'true',
          amount: '5000',
          updated_at: '2026-11-13T10:00:00Z',
        }),
        // An open deal of W46: W46's deals are measured (a deal moved in its 4 weeks) after the move too.
        deal('D6', { created_at: '2026-11-10T10:00:00Z', updated_at: '2026-11-10T10:00:00Z' }),
      ]),
      dealsFile('won-fixed.csv', [
        deal('D5', {
          closed_at: '2026-11-17T10:00:00Z',
          is_closed: 'true',
          is_won: 'true',
          amount: '5000',
          updated_at: '2026-11-17T10:00:00Z',
        }),
      ]),
    ],
    expect: [
      { loaded: 2, rejected: 0 },
      { loaded: 1, rejected: 0 },
    ],
    check: async ({ report, p }) => {
      expect(report.totals.wonRevenue).toBe(5000);
      expect((await p.report('2026-W46')).report!.totals.wonRevenue).toBe(0);
    },
  },
  {
    name: 'dates: far future and far past timestamps are rejected as implausible',
    files: [
      leadsFile('far.csv', [
        lead('40', '2150-01-01T00:00:00Z'),
        lead('41', '1970-01-01T00:00:00Z'),
        lead('42', '0001-01-01T00:00:00Z'),
        lead('43', '9999-12-31T23:59:59Z'),
        lead('44', '+012026-01-01T00:00:00Z'),
      ]),
      spendFile('far-spend.csv', [spend('C1', { date: '2206-11-17' }), spend('C2', { date: '1899-12-30' })]),
    ],
    expect: [
      { loaded: 0, rejected: 5, reason: /implausible timestamp|not an ISO-8601/ },
      { loaded: 0, rejected: 2, reason: /implausible date/ },
    ],
  },
  // ---- money
  {
    name: 'money: unknown currency codes are rejected (EURO, XBT, usd, €)',
    files: [
      dealsFile('currency.csv', [
        deal('D9', { currency: 'EURO' }),
        deal('D10', { currency: 'XBT' }),
        deal('D11', { currency: 'usd' }),
        deal('D12', { currency: '€' }),
      ]),
    ],
    expect: [{ loaded: 0, rejected: 4, reason: /unknown currency/ }],
  },
  {
    name: 'money: a real currency without an FX rate is a reject, never a silent zero',
    files: [spendFile('jpy.csv', [spend('C1', { currency: 'JPY', cost: '10000' }), spend('C2')])],
    expect: [{ loaded: 1, rejected: 1, reason: /no FX rate for JPY/ }],
    // The rejected row's day is read: the week's spend is not measured, not 100 without its cost (1.14).
    check: ({ report }) => {
      expect(report.totals.spend).toBeNull();
      expect(report.coverage.spend.reason).toMatch(/no FX rate for JPY/);
    },
  },
  {
    name: 'money: negative and absurd amounts and costs are rejected',
    files: [
      dealsFile('amounts.csv', [
        deal('D9', { amount: '-500' }),
        deal('D10', { amount: '1e12' }),
        deal('D11', { amount: '1e400' }),
        deal('D12', { amount: 'NaN' }),
        deal('D13', { amount: '"1,000.50"' }),
      ]),
      spendFile('costs.csv', [
        spend('C1', { cost: '-3' }),
        spend('C2', { cost: 'Infinity' }),
        spend('C3', { clicks: '-1' }),
      ]),
    ],
    expect: [
      { loaded: 0, rejected: 5, reason: /negative|implausible|not a number|expected a number/ },
      { loaded: 0, rejected: 3, reason: /negative|not a number/ },
    ],
  },
  {
    name: 'money: counts beyond 64-bit integers are rejected, not crashing the whole load',
    files: [
      spendFile('huge-counts.csv', [
        spend('C1', { impressions: '99999999999999999999' }),
        spend('C2', { clicks: '1e19' }),
        spend('C3'),
      ]),
    ],
    expect: [{ loaded: 1, rejected: 2, reason: /implausible/ }],
    // Their days are read and their cost is lost with them: spend not measured (1.14).
    check: ({ report }) => expect(report.totals.spend).toBeNull(),
  },
  // ---- people
  {
    name: 'unicode emails: case, script and normalization form still make one person',
    files: [
      leadsFile('unicode-a.csv', [
        lead('50', undefined, { email: 'Jürgen.Müller@Bücher.example' }),
        lead('51', undefined, { email: 'ДМИТРИЙ@пример.рф' }),
      ]),
      leadsFile('unicode-b.csv', [
        lead('52', '2026-11-19T09:00:00Z', {
          email: ' jürgen.müller@bücher.example'.normalize('NFD'),
          source: 'salesforce',
        }),
        lead('53', '2026-11-19T09:00:00Z', { email: 'дмитрий@ПРИМЕР.РФ', source: 'salesforce' }),
      ]),
    ],
    expect: [
      { loaded: 2, rejected: 0 },
      { loaded: 2, rejected: 0 },
    ],
    check: ({ report }) => expect(report.totals.leads).toBe(4), // 2 baseline + 2 persons
  },
  {
    name: 'SQL-like strings in names load verbatim and never break a query',
    files: [
      leadsFile('sqlish.csv', [
        lead('60', undefined, { last_name: `"Robert'); DROP TABLE leads;--"`, company: `"' OR 1=1 --"` }),
        lead('61', undefined, { first_name: '"a"";select 1;--"', email: `"o'brien@acme.example"` }),
      ]),
      spendFile('sqlish-spend.csv', [spend(`"x' union select * from deals --"`, { campaign_name: `"x' or '1'='1"` })]),
    ],
    expect: [
      { loaded: 2, rejected: 0 },
      { loaded: 1, rejected: 0 },
    ],
    check: async ({ p, report }) => {
      expect(report.totals.leads).toBe(4);
      expect(report.idleSpend.map((s) => s.campaignId)).toEqual([`x' union select * from deals --`]);
      const engine = await p.warehouse();
      try {
        const rows = await engine.query(
          'select last_name, company, email_key from leads where lead_id in (?, ?) order by lead_id',
          ['60', '61'],
        );
        expect(rows).toEqual([
          { last_name: "Robert'); DROP TABLE leads;--", company: "' OR 1=1 --", email_key: 'person60@acme.example' },
          { last_name: 'Last', company: 'Acme', email_key: "o'brien@acme.example" },
        ]);
        expect(Number((await engine.query('select count(*) as n from leads'))[0]?.n)).toBe(5);
      } finally {
        await engine.close();
      }
    },
  },
  {
    name: 'HTML-like strings in names load verbatim and are escaped in the email HTML',
    files: [
      spendFile('html-spend.csv', [spend('C7', { campaign_name: '"<img src=x onerror=alert(1)><b>Sale</b> & more"' })]),
    ],
    expect: [{ loaded: 1, rejected: 0 }],
    check: async ({ report, p }) => {
      expect(report.idleSpend[0]?.campaignName).toBe('<img src=x onerror=alert(1)><b>Sale</b> & more');
      const html = p.mailer?.delivered[0]?.html ?? '';
      expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;&lt;b&gt;Sale&lt;/b&gt; &amp; more');
      expect(html).not.toContain('<img src=x');
      expect(html).not.toContain('<b>Sale');
      expect(p.mailer?.delivered[0]?.text).toContain('<img src=x onerror=alert(1)><b>Sale</b> & more');
    },
  },
  {
    name: 'CSV injection: names starting with = + - @ tab are neutralized in query --format csv (cells and header)',
    files: [
      leadsFile('inject.csv', [
        lead('70', undefined, { last_name: '"=HYPERLINK(""http://evil.example"",""x"")"' }),
        lead('71', undefined, { last_name: "+cmd|' /C calc'!A0" }),
        lead('72', undefined, { last_name: '-2+3+cmd' }),
        lead('73', undefined, { last_name: '@SUM(A1:A9)' }),
        lead('74', undefined, { last_name: '"\t=1+1"' }),
        lead('75', undefined, { last_name: '" =1+1"' }),
        lead('76', undefined, { last_name: '＝1+1' }),
      ]),
    ],
    expect: [{ loaded: 7, rejected: 0 }],
    check: async ({ p }) => {
      const engine = await p.warehouse();
      try {
        const rows = await engine.query(
          `select last_name as "=name", -5 as n from leads where lead_id between '70' and '76' order by lead_id`,
        );
        const out = formatCsv(rows);
        const cells = out
          .split('\n')
          .filter(Boolean)
          .map((l) => l.replace(/^"|"$/g, ''));
        for (const line of cells)
          expect(line, `formula survives in ${JSON.stringify(line)}`).not.toMatch(/^[=+\-@\t\r]/);
        expect(out).toContain(',-5'); // plain negative numbers stay numbers
      } finally {
        await engine.close();
      }
    },
  },
];

export async function runCanonicalCase(c: Case, encoder: DuckDBParquetEncoder): Promise<void> {
  const p = await Pipeline.create(encoder);
  try {
    let caseAttempts: LoadAttempt[] = [];
    const { report } = await p.holds(async () => {
      for (const f of BASELINE) await p.import(f);
      caseAttempts = [];
      for (const f of c.files) caseAttempts.push(await p.import(f));
    });
    const firstRun = p.attempts.slice(BASELINE.length, BASELINE.length + c.files.length);
    firstRun.forEach((a, i) => {
      const want = c.expect[i];
      if (!want) return;
      if ('refused' in want) {
        expect(a.error, `${a.input} should be refused`).toMatch(want.refused);
      } else if ('alreadyLoaded' in want) {
        expect(a.alreadyLoaded, `${a.input} should be recognised`).toBe(true);
      } else {
        expect(a.error, `${a.input} refused`).toBeUndefined();
        expect({ loaded: a.manifest?.rowsLoaded, rejected: a.manifest?.rowsRejected }, a.input).toEqual({
          loaded: want.loaded,
          rejected: want.rejected,
        });
      }
    });
    for (const [i, a] of firstRun.entries()) {
      const want = c.expect[i];
      if (want && 'reason' in want && want.reason && a.manifest?.rejectsKey) {
        const body = Buffer.from((await p.local.get(a.manifest.rejectsKey))!).toString('utf8');
        for (const line of body.split('\n').filter(Boolean)) {
          expect((JSON.parse(line) as { reason: string }).reason).toMatch(want.reason);
        }
      }
    }
    if (c.check) {
      expect(report, `${c.name}: the report was refused (no data at all)`).not.toBeNull();
      await c.check({ report: report!, p, attempts: caseAttempts });
    }
  } finally {
    await p.close();
  }
}
