/**
 * Field cases F8 (email identity) and G4 (platform hosts), and variants of their kinds, end
 * to end as a user runs them: `funnel import` of vendor exports, then the report and the
 * reconciliation models. SPEC §4.2 (email key) and §4.5c (domain match).
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fieldCase, type FieldCaseRun } from '../helpers/field-case.js';

let run: FieldCaseRun | undefined;
afterEach(async () => {
  await run?.close();
  run = undefined;
});

/** Writes an export of our own to a temp file. */
async function file(name: string, lines: string[]): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'identity-'));
  const path = join(dir, name);
  await writeFile(path, `${lines.join('\n')}\n`);
  return path;
}

const matches = (r: FieldCaseRun) =>
  r.query('select deal_id, match_method from int_deals__matched order by deal_id') as Promise<
    { deal_id: string; match_method: string }[]
  >;

const HS_CONTACTS = '"Record ID","First Name","Last Name","Email","Create Date","Lifecycle Stage","Original Source"';
const SF_OPPS =
  '"Id","Name","Account.Name","StageName","Amount","CurrencyIsoCode","CloseDate","CreatedDate","IsClosed","IsWon","Contact Email"';
const sfOpp = (id: string, email: string) =>
  `"0065g00000Aa${id}AAA","Opp ${id}","Account ${id}","Prospecting","1000.00","USD","2026-12-18","2026-11-11T15:00:00.000Z","false","false","${email}"`;

describe('F8: one person per address, whatever invisible characters were pasted into it', () => {
  it('F8: all three opportunities matched to their leads by email (marketing-sourced)', async () => {
    run = await fieldCase('cfg-ny.json');
    expect(await run.import('F8/contacts-invisible-chars.csv', 'hubspot-contacts-csv')).toContain(
      '3 loaded, 0 rejected',
    );
    expect(await run.import('F8/opps-dataloader.csv', 'salesforce-opportunities-csv')).toContain(
      '3 loaded, 0 rejected',
    );
    const report = await run.report('2026-W46');
    expect(report.totals.opportunities).toBe(3);
    expect(report.totals.marketingSourcedOpportunities).toBe(3);
    expect((await matches(run)).map((m) => m.match_method)).toEqual(['email', 'email', 'email']);
    const keys = await run.query('select email_key from leads order by lead_id');
    expect(keys.map((k) => k.email_key)).toEqual([
      'anna.keller@northwind.example',
      'ben.ortiz@fabrikam.example',
      'carla.rossi@contoso.example',
    ]);
  });

  it('a right-to-left mark, a soft hyphen, a word joiner and a Unicode vs xn-- domain: each deal finds its lead', async () => {
    run = await fieldCase('cfg-ny.json');
    const contacts = await file('contacts.csv', [
      HS_CONTACTS,
      '"301","Dora","Levi","\u200fdora.levi@rtl.example","2026-11-09 10:00","Marketing Qualified Lead","Paid Search"',
      '"302","Emil","Berg","e\u00admil.berg@soft.example","2026-11-09 10:00","Marketing Qualified Lead","Paid Search"',
      '"303","Anna","Müller","anna@müller.example","2026-11-09 10:00","Marketing Qualified Lead","Paid Search"',
      '"304","Finn","Hale","finn\u2060.hale@joiner.example","2026-11-09 10:00","Marketing Qualified Lead","Paid Search"',
    ]);
    const opps = await file('opps.csv', [
      SF_OPPS,
      sfOpp('301', 'dora.levi@rtl.example'),
      sfOpp('302', 'emil.berg@soft.example'),
      sfOpp('303', 'ANNA@XN--MLLER-KVA.example'),
      sfOpp('304', 'finn.hale@joiner.example\u200b'),
    ]);
    await run.import(contacts, 'hubspot-contacts-csv');
    await run.import(opps, 'salesforce-opportunities-csv');
    expect((await matches(run)).map((m) => m.match_method)).toEqual(['email', 'email', 'email', 'email']);
    expect((await run.report('2026-W46')).totals.marketingSourcedOpportunities).toBe(4);
  });

  it('`anna@müller.example` and `anna@xn--mller-kva.example` are one person, from two sources', async () => {
    run = await fieldCase('cfg-ny.json');
    const hubspot = await file('contacts.csv', [
      HS_CONTACTS,
      '"401","Anna","Müller","Anna@Müller.example","2026-11-09 10:00","Lead","Paid Search"',
    ]);
    const canonical = await file('leads.csv', [
      'lead_id,source,email,created_at',
      'L1,webform,anna@xn--mller-kva.example,2026-11-10T10:00:00Z',
    ]);
    await run.import(hubspot, 'hubspot-contacts-csv');
    await run.import(canonical, 'canonical-leads');
    const persons = await run.query('select distinct person_key from int_leads__keyed');
    expect(persons).toEqual([{ person_key: 'anna@xn--mller-kva.example' }]);
  });

  it('the fast path (canonical CSV, ASCII) and the JS path (a Unicode domain) key one person alike', async () => {
    run = await fieldCase('cfg-ny.json');
    // The first file is ASCII: DuckDB keys it. The second has a Unicode domain: JS keys it.
    const ascii = await file('ascii.csv', [
      'lead_id,source,email,created_at',
      'L1,webform,"\ufeffJürgen\u00a0@XN--MLLER-KVA.example\u200b",2026-11-10T10:00:00Z',
    ]);
    const unicode = await file('unicode.csv', [
      'lead_id,source,email,created_at',
      'L2,webform,ju\u0308rgen@Mu\u0308ller.example,2026-11-11T10:00:00Z',
    ]);
    await run.import(ascii, 'canonical-leads');
    await run.import(unicode, 'canonical-leads');
    const keys = await run.query('select lead_id, email_key from leads order by lead_id');
    expect(keys).toEqual([
      { lead_id: 'L1', email_key: 'jürgen@xn--mller-kva.example' },
      { lead_id: 'L2', email_key: 'jürgen@xn--mller-kva.example' },
    ]);
  });
});

const HS_WEBSITE_CONTACTS =
  'Record ID,First Name,Last Name,Email,Company Name,Website URL,Create Date,Lifecycle Stage,Original Source';
const PD_DEALS =
  'Deal - ID,Deal - Title,Deal - Value,Deal - Currency,Deal - Status,Deal - Stage,Deal - Pipeline,Deal - Deal created,Deal - Won time,Organization - Name,Organization - Website,Person - Name,Person - Email (Work)';
const pdDeal = (id: string, website: string, email: string) =>
  `${id},Deal ${id},1000,USD,Open,Proposal,Sales,2026-11-17 09:00:00,,Org ${id},${website},Person ${id},${email}`;

describe('G4: platform hosts are never company domains, on either side', () => {
  it('G4: website fields holding facebook.com/… and linkedin.com/company/… match nothing (0 marketing-sourced)', async () => {
    run = await fieldCase('cfg-ny-multi.json');
    await run.import('G4/contacts-social-website.csv', 'hubspot-contacts-csv');
    await run.import('G4/pipedrive-deals.csv', 'pipedrive-deals-csv');
    const report = await run.report('2026-W47');
    expect(report.totals.opportunities).toBe(2);
    expect(report.totals.marketingSourcedOpportunities).toBe(0);
    expect(await matches(run)).toEqual([]);
    // Since 1.15 a URL that is a page about the company on another host (a path naming it,
    // `/company/…`) gives no company domain at all; a listed host alone is still kept as given
    // (the data is not rewritten) and only the match ignores it.
    const domains = await run.query('select company_domain from stg_leads order by lead_id');
    expect(domains.map((d) => d.company_domain)).toEqual([null, null]);
    expect(await run.query("select * from int_persons__domains where domain like '%facebook%'")).toEqual([]);
  });

  /** Leads with websites, then one Pipedrive deal per lead with the given website and an unknown contact. */
  async function domainCase(pairs: [lead: string, deal: string][], config: object = {}) {
    run = await fieldCase({ reportingCurrency: 'USD', timezone: 'America/New_York', ...config });
    const contacts = await file('contacts.csv', [
      HS_WEBSITE_CONTACTS,
      ...pairs.map(
        ([site], i) => `${8201 + i},P${i},L${i},p${i}@gmail.com,Company ${i},${site},2026-11-10 11:00,Lead,Paid Search`,
      ),
    ]);
    const deals = await file('deals.csv', [
      PD_DEALS,
      ...pairs.map(([, site], i) => pdDeal(String(9101 + i), site, `buyer${i}@unknown${i}.example`)),
    ]);
    await run.import(contacts, 'hubspot-contacts-csv');
    await run.import(deals, 'pipedrive-deals-csv');
    return (await run.report('2026-W47')).totals.marketingSourcedOpportunities;
  }

  it('a Pipedrive organization website on de-de.facebook.com matches no lead', async () => {
    expect(
      await domainCase([
        ['https://www.facebook.com/contosocafe', 'https://de-de.facebook.com/contosocafe'],
        ['https://de-de.facebook.com/fabrikam', 'https://de-de.facebook.com/fabrikam'],
      ]),
    ).toBe(0);
  });

  it('a HubSpot lead whose company site is northwind.wixsite.com matches no deal on the same site', async () => {
    expect(
      await domainCase([
        ['https://northwind.wixsite.com/home', 'https://northwind.wixsite.com/home'],
        ['sites.google.com/view/tailspin', 'https://sites.google.com/view/tailspin'],
        ['https://linktr.ee/adatum', 'linktr.ee/adatum'],
      ]),
    ).toBe(0);
  });

  // Field case 10b-2 (c13, c12): xing.de, amazon.de, gelbeseiten.de, bio.link… matched 17 of 51
  // unrelated deals. Beyond the list, a URL whose path is a profile or listing, or names the
  // company while its host does not, is no company's domain, on hosts no list names.
  it("a profile or listing path on an unlisted host matches nothing; the company's own site with a page path still does", async () => {
    expect(
      await domainCase([
        ['https://www.branchenbuch.example/company/alpha', 'https://www.branchenbuch.example/company/beta'],
        ['https://profiles.example/@alpha', 'https://profiles.example/@beta'],
        ['https://www.verzeichnis.example/de/company-2', 'https://www.verzeichnis.example/de/org-9103'],
        ['https://www.marktplatz.example/sp?seller=alpha', 'https://www.marktplatz.example/sp?seller=beta'],
        ['https://www.xing.de/alpha16', 'https://www.xing.de/beta16'],
        ['https://www.company5.example/de', 'https://company5.example/about'],
        ['https://company6.example/en-us/index.html', 'company6.example'],
        // The hosts themselves, with no path: on the built-in list.
        ['xing.de', 'https://www.xing.de'],
        ['https://www.gelbeseiten.de/', 'gelbeseiten.de'],
        ['booking.com', 'https://www.booking.com'],
        ['https://bio.link', 'bio.link'],
      ]),
    ).toBe(2);
    expect((await matches(run!)).map((m) => m.match_method)).toEqual(['domain', 'domain']);
  });

  it('a legit domain that merely contains a platform word still matches', async () => {
    expect(
      await domainCase([
        ['https://www.facebookmarketing-agency.example/', 'facebookmarketing-agency.example'],
        ['https://linkedin-coaching.example', 'https://www.linkedin-coaching.example/about'],
        ['https://shop.wix.example', 'shop.wix.example'],
      ]),
    ).toBe(3);
    expect((await matches(run!)).map((m) => m.match_method)).toEqual(['domain', 'domain', 'domain']);
  });

  it('platformHosts in the config adds hosts (and their subdomains) to the built-in list', async () => {
    expect(
      await domainCase(
        [
          ['https://acme.pages.example/', 'https://acme.pages.example/'],
          ['https://fabrikam.example', 'https://fabrikam.example'],
        ],
        { platformHosts: ['pages.example'] },
      ),
    ).toBe(1);
  });

  it('a free-mail domain given as a company website matches nothing either', async () => {
    expect(await domainCase([['https://gmail.com', 'gmail.com']])).toBe(0);
  });
});
