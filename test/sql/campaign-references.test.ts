/**
 * Campaign references as leads write them (docs/methodology.md, rule 7): a name with a
 * decomposed accent (NFD, as macOS and some form tools write it) or percent-encoded UTF-8
 * (`Retargeting%20Oto%C3%B1o`, as captured from a landing URL) is the campaign's name, on
 * either side (lead references, spend campaign names and ids); an invalid sequence stays as
 * written. And the doubt behind idle spend: a lead of a paid channel whose person has an
 * opportunity and whose reference fits no campaign with spend holds idle spend not measured,
 * naming it; a newsletter's reference does not. Week 2026-W47 in UTC.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { buildEmailModel } from '../../emails/model.js';
import { deal, lead, spendRow, warehouseFrom, type TestWarehouse } from '../helpers/warehouse.js';

let wh: TestWarehouse | undefined;
afterEach(async () => {
  await wh?.close();
  wh = undefined;
});

const NFD = (s: string) => s.normalize('NFD');

/** A Meta campaign without an id column (its id derived from the name), 2 days of 200 EUR. */
const meta = (name: string, id = `meta-${name}`) => [
  spendRow('2026-11-16', id, 200, { source: 'meta', platform: 'meta', campaign_name: name, channel: 'paid_social' }),
  spendRow('2026-11-17', id, 200, { source: 'meta', platform: 'meta', campaign_name: name, channel: 'paid_social' }),
];
const google = (id: string, name: string) => [
  spendRow('2026-11-16', id, 300, { campaign_name: name, channel: 'paid_search' }),
];
const paidSocial = (n: number, utm: string, extra = {}) =>
  lead(`L${n}`, '2026-11-18T11:40:00Z', {
    email: `p${n}@company${n}.example`,
    channel: 'paid_social',
    utm_campaign: utm,
    ...extra,
  });
const opportunity = (n: number) =>
  deal(`D${n}`, '2026-11-19T09:30:00Z', { contact_emails: [`p${n}@company${n}.example`] });
/** A sales-sourced deal (its contact is no lead): deals are loaded, so idle spend is measured. */
const salesDeal = deal('S1', '2026-11-18T10:00:00Z', { contact_emails: ['buyer@walk-in.example'] });

const links = async (w: TestWarehouse) =>
  (await w.engine.query(
    'select email_key, ad_campaign_id, campaign_link, campaign_reference from fct_persons order by email_key',
  )) as {
    email_key: string;
    ad_campaign_id: string | null;
    campaign_link: string | null;
    campaign_reference: string | null;
  }[];

describe('campaign references: NFC and percent-decoding, one rule for both sides', () => {
  it('9a-3: an NFD accent and a percent-encoded name link their Meta campaigns; no campaign is idle', async () => {
    wh = await warehouseFrom({
      spend: [...meta('Captación Noviembre'), ...meta('Retargeting Otoño'), ...google('22000000001', 'Marque FR')],
      leads: [
        paidSocial(1, NFD('Captación Noviembre')),
        paidSocial(2, 'Retargeting%20Oto%C3%B1o'),
        lead('L3', '2026-11-16T09:15:00Z', {
          email: 'p3@company3.example',
          channel: 'paid_search',
          utm_campaign: 'Marque FR',
        }),
      ],
      deals: [opportunity(1), opportunity(2), opportunity(3)],
    });
    expect(await links(wh)).toEqual([
      {
        email_key: 'p1@company1.example',
        ad_campaign_id: 'meta-Captación Noviembre',
        campaign_link: 'name',
        campaign_reference: NFD('Captación Noviembre'),
      },
      {
        email_key: 'p2@company2.example',
        ad_campaign_id: 'meta-Retargeting Otoño',
        campaign_link: 'name',
        campaign_reference: 'Retargeting%20Oto%C3%B1o',
      },
      {
        email_key: 'p3@company3.example',
        ad_campaign_id: '22000000001',
        campaign_link: 'name',
        campaign_reference: 'Marque FR',
      },
    ]);
    const report = await wh.report('2026-W47');
    expect(report.idleSpend).toEqual([]);
    expect(report.coverage.spend.unlinkedCampaigns).toBeUndefined();
  });

  it('the spend side alike: an NFD campaign name and an id written percent-encoded; invalid sequences stay as written; + is kept', async () => {
    wh = await warehouseFrom({
      spend: [
        ...meta(NFD('Otoño Ñandú'), 'meta-1'),
        ...meta('Sale 50% C3', 'meta-2'),
        ...meta('C++ Devs', 'meta-3'),
        ...google('22000000002', 'Brand'),
      ],
      leads: [
        paidSocial(1, 'oto%C3%B1o-%C3%91and%C3%BA'),
        // '%C3' alone and '50%' are no UTF-8: read as written, so the name is "sale 50 c3".
        paidSocial(2, 'Sale%2050%%20%C3'),
        // %2B is '+'; a literal '+' reads as any other punctuation in a name.
        paidSocial(3, 'C%2B%2B+Devs'),
        // An id: decoded and trimmed before it is compared.
        lead('L4', '2026-11-18T11:40:00Z', {
          email: 'p4@company4.example',
          channel: 'paid_search',
          utm_campaign: '%322000000002%20',
        }),
      ],
      deals: [opportunity(1), opportunity(2), opportunity(3), opportunity(4)],
    });
    expect((await links(wh)).map((l) => [l.ad_campaign_id, l.campaign_link])).toEqual([
      ['meta-1', 'name'],
      ['meta-2', 'name'],
      ['meta-3', 'name'],
      ['22000000002', 'id'],
    ]);
    expect((await wh.report('2026-W47')).idleSpend).toEqual([]);
  });
});

describe('idle spend: a paid lead with an opportunity whose campaign reference links to none', () => {
  const spend = [...meta('Retargeting Otoño'), ...meta('Captación Noviembre'), ...google('22000000001', 'Marque FR')];

  it('holds idle spend not measured, naming the reference and the platforms (en and de-CH)', async () => {
    wh = await warehouseFrom({
      spend,
      // A typo no rule can read: the opportunity may come from either Meta campaign.
      leads: [paidSocial(1, 'Retargetting Otono'), paidSocial(2, 'Captación Noviembre')],
      deals: [opportunity(1), opportunity(2), salesDeal],
    });
    const report = await wh.report('2026-W47');
    expect(report.idleSpend).toEqual([]);
    expect(report.coverage.spend.measured).toBe(true);
    expect(report.coverage.spend.unlinkedCampaigns).toEqual([
      { platform: 'meta', reference: 'Retargetting Otono', persons: 1 },
    ]);
    const en = buildEmailModel({
      report,
      trend: [report.totals],
      locale: 'en',
      methodologyUrl: 'https://example.com/m',
    });
    expect(en.spend.idleIntro).toMatch(
      /^Not measured: "Retargetting Otono" \(1 lead with an opportunity, Meta spend on its channel\)/,
    );
    const de = buildEmailModel({
      report,
      trend: [report.totals],
      locale: 'de-CH',
      methodologyUrl: 'https://example.com/m',
    });
    expect(de.spend.idleIntro).toMatch(
      /^Nicht gemessen: «Retargetting Otono» \(1 Lead mit Opportunity, Ausgaben von Meta/,
    );
  });

  it("a newsletter's reference, a paid lead without an opportunity, or a platform with nothing idle: the list stands", async () => {
    wh = await warehouseFrom({
      spend,
      leads: [
        paidSocial(1, 'Captación Noviembre'),
        // Not a paid channel (no spend on email): its reference says nothing about ad campaigns.
        lead('L2', '2026-11-17T08:00:00Z', {
          email: 'p2@company2.example',
          channel: 'email',
          utm_campaign: 'Newsletter Nov',
        }),
        // Paid, unlinked, but no opportunity.
        paidSocial(3, 'Retargetting Otono'),
        // Paid search, unlinked, with an opportunity: Google's only campaign is not idle (lead 5).
        lead('L4', '2026-11-17T08:00:00Z', {
          email: 'p4@company4.example',
          channel: 'paid_search',
          utm_campaign: 'Marque-BE',
        }),
        lead('L5', '2026-11-17T08:00:00Z', {
          email: 'p5@company5.example',
          channel: 'paid_search',
          utm_campaign: '22000000001',
        }),
      ],
      deals: [opportunity(1), opportunity(2), opportunity(4), opportunity(5)],
    });
    const report = await wh.report('2026-W47');
    expect(report.coverage.spend.unlinkedCampaigns).toBeUndefined();
    expect(report.idleSpend.map((c) => c.campaignName)).toEqual(['Retargeting Otoño']);
  });
});
