/**
 * The domain match (SPEC §4.5c) in the SQL models: free-mail domains, platform hosts and
 * their subdomains are never company domains, on the lead side (company domain, email
 * domain) or the deal side (account domain); everything else matches as before.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { deal, lead, warehouseFrom, type TestWarehouse } from '../helpers/warehouse.js';

let wh: TestWarehouse | undefined;
afterEach(async () => {
  await wh?.close();
  wh = undefined;
});

const matched = async () =>
  (await wh!.engine.query('select deal_id, match_method from int_deals__matched order by deal_id')) as {
    deal_id: string;
    match_method: string;
  }[];

const at = '2026-11-02T08:00:00Z';
const dealAt = '2026-11-17T08:00:00Z';

describe('platform hosts never match as company domains', () => {
  it('on the lead side: a company domain on a platform or under one, whatever its case and www.', async () => {
    wh = await warehouseFrom({
      leads: [
        lead('L1', at, { company_domain: 'WWW.Northwind.Wixsite.com' }),
        lead('L2', at, { company_domain: 'a.b.c.de-de.facebook.com' }),
        lead('L3', at, { company_domain: 'sites.google.com' }),
        lead('L4', at, { company_domain: 'lnkd.in' }),
      ],
      deals: [
        deal('D1', dealAt, { account_domain: 'northwind.wixsite.com' }),
        deal('D2', dealAt, { account_domain: 'a.b.c.de-de.facebook.com' }),
        deal('D3', dealAt, { account_domain: 'sites.google.com' }),
        deal('D4', dealAt, { account_domain: 'LNKD.IN' }),
      ],
    });
    expect(await matched()).toEqual([]);
    expect(await wh.engine.query('select * from int_persons__domains')).toEqual([]);
  });

  it('on the email side: an address on a platform host is no business email domain', async () => {
    wh = await warehouseFrom({
      leads: [lead('L1', at, { email: 'shop@northwind.wixsite.com' })],
      deals: [deal('D1', dealAt, { account_domain: 'northwind.wixsite.com' })],
    });
    expect(await matched()).toEqual([]);
  });

  it('on the deal side: the account domain is refused before the join', async () => {
    wh = await warehouseFrom({
      leads: [lead('L1', at, { company_domain: 'facebook.com.example' })],
      deals: [
        deal('D1', dealAt, { account_domain: 'facebook.com' }),
        deal('D2', dealAt, { account_domain: 'facebook.com.example' }),
      ],
    });
    // facebook.com.example is not under facebook.com: it is a company's own domain.
    expect(await matched()).toEqual([{ deal_id: 'D2', match_method: 'domain' }]);
  });

  it('a legit domain that merely contains a platform word still matches', async () => {
    wh = await warehouseFrom({
      leads: [
        lead('L1', at, { company_domain: 'facebookmarketing-agency.example' }),
        lead('L2', at, { email: 'anna@mywix.com' }),
        lead('L3', at, { company_domain: 'x.company.example' }),
      ],
      deals: [
        deal('D1', dealAt, { account_domain: 'www.facebookmarketing-agency.example' }),
        deal('D2', dealAt, { account_domain: 'mywix.com' }),
        deal('D3', dealAt, { account_domain: 'x.company.example' }),
      ],
    });
    expect(await matched()).toEqual([
      { deal_id: 'D1', match_method: 'domain' },
      { deal_id: 'D2', match_method: 'domain' },
      { deal_id: 'D3', match_method: 'domain' },
    ]);
  });

  it('a free-mail domain given as a company domain matches nothing, nor a subdomain of one', async () => {
    wh = await warehouseFrom({
      leads: [lead('L1', at, { company_domain: 'gmail.com' }), lead('L2', at, { company_domain: 'mail.yahoo.com' })],
      deals: [
        deal('D1', dealAt, { account_domain: 'gmail.com' }),
        deal('D2', dealAt, { account_domain: 'mail.yahoo.com' }),
      ],
    });
    expect(await matched()).toEqual([]);
  });

  // A London team's leads on hotmail.co.uk and btinternet.com were tied to every deal whose
  // account domain was the same provider, and counted as business addresses in lead quality.
  it('national free-mail and consumer ISP domains match nothing either', async () => {
    wh = await warehouseFrom({
      leads: [
        lead('L1', at, { email: 'amy@hotmail.co.uk' }),
        lead('L2', at, { email: 'bo@btinternet.com' }),
        lead('L3', at, { email: 'cy@uol.com.br' }),
        lead('L4', at, { email: 'di@kestrel-robotics.co.uk' }),
        // Reviewer 9 (c06): a Pipedrive organization's website typed as the contact's mailbox.
        lead('L5', at, { email: 'maria.silva@sapo.pt' }),
        lead('L6', at, { email: 'eva@telefonica.net' }),
        lead('L7', at, { email: 'jan@xs4all.nl' }),
      ],
      deals: [
        deal('D1', dealAt, { account_domain: 'hotmail.co.uk' }),
        deal('D2', dealAt, { account_domain: 'btinternet.com' }),
        deal('D3', dealAt, { account_domain: 'uol.com.br' }),
        deal('D4', dealAt, { account_domain: 'kestrel-robotics.co.uk' }),
        deal('D5', dealAt, { account_domain: 'sapo.pt' }),
        deal('D6', dealAt, { account_domain: 'telefonica.net' }),
        deal('D7', dealAt, { account_domain: 'xs4all.nl' }),
      ],
    });
    expect(await matched()).toEqual([{ deal_id: 'D4', match_method: 'domain' }]);
  });

  it('a deal on a platform host still matches by email or conversion', async () => {
    wh = await warehouseFrom({
      leads: [lead('L1', at, { email: 'owner@contosocafe.example', company_domain: 'facebook.com' })],
      deals: [
        deal('D1', dealAt, { account_domain: 'facebook.com', contact_emails: ['Owner@ContosoCafe.example\u200b'] }),
      ],
    });
    expect(await matched()).toEqual([{ deal_id: 'D1', match_method: 'email' }]);
  });

  it('platformHosts from the config, with subdomains', async () => {
    wh = await warehouseFrom(
      {
        leads: [lead('L1', at, { company_domain: 'acme.pages.example' })],
        deals: [deal('D1', dealAt, { account_domain: 'acme.pages.example' })],
      },
      { platformHosts: ['pages.example'] },
    );
    expect(await matched()).toEqual([]);
  });

  // Field case s9: a test deal on the company's own account matched an employee's lead, and
  // strangers on fastmail.com and hey.com were tied to each other's deals.
  it('the company’s own domains (report.from’s and ownDomains) and the independent mail hosts match nothing', async () => {
    wh = await warehouseFrom(
      {
        leads: [
          lead('L1', at, { email: 'ben@ourco.com', channel: 'paid_social' }),
          lead('L2', at, { email: 'jane@fastmail.com' }),
          lead('L3', at, { email: 'kim@hey.com' }),
          lead('L4', at, { company_domain: 'eu.ourco-group.example' }),
          lead('L5', at, { email: 'di@kestrel-robotics.co.uk' }),
        ],
        deals: [
          deal('D1', dealAt, { account_domain: 'ourco.com', name: 'TEST deal do not use' }),
          deal('D2', dealAt, { account_domain: 'fastmail.com', contact_emails: ['other.person@fastmail.com'] }),
          deal('D3', dealAt, { account_domain: 'hey.com', contact_emails: ['zz@hey.com'] }),
          deal('D4', dealAt, { account_domain: 'eu.ourco-group.example' }),
          deal('D5', dealAt, { account_domain: 'kestrel-robotics.co.uk' }),
        ],
      },
      { report: { from: 'Reports <r@OurCo.com>' }, ownDomains: ['ourco-group.example'] },
    );
    expect(await matched()).toEqual([{ deal_id: 'D5', match_method: 'domain' }]);
    const report = await wh.report('2026-W47');
    expect(report.totals.marketingSourcedOpportunities).toBe(1);
  });

  it('the site builders and booking pages of the built-in list match nothing, nor their subdomains', async () => {
    const hosts = [
      'northwind.godaddysites.com',
      'northwind.square.site',
      'northwind.my.canva.site',
      'northwind-123.hs-sites.com',
      'northwind.hubspotpagebuilder.com',
      'calendly.com',
      'northwind.site123.me',
    ];
    wh = await warehouseFrom({
      leads: hosts.map((h, i) => lead(`L${i}`, at, { company_domain: h })),
      deals: hosts.map((h, i) => deal(`D${i}`, dealAt, { account_domain: h })),
    });
    expect(await matched()).toEqual([]);
  });
});
