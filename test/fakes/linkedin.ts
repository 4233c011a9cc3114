/**
 * Fake LinkedIn adAnalytics (CONNECTORS §6): bearer token, `LinkedIn-Version` YYYYMM and
 * `X-Restli-Protocol-Version: 2.0.0` headers required, Rest.li `dateRange=(start:(…),end:(…))`
 * and `accounts=List(urn…)` syntax, DAILY elements with `pivotValues` URNs, no pagination
 * (a window over 31 days is refused here to keep clients to small windows), 429 without headers.
 * Cost is in the ad account's currency, which only `GET /rest/adAccounts/{id}` tells (`currency`,
 * needs the `r_ads` scope: a token without it gets 403 there, CONNECTORS §8). An archived campaign
 * stops delivering, but the `accounts` finder still reports its earlier days: analytics are facts
 * per day, not filtered by the campaign's current status.
 */
import { FakeServer, bearer, type FakeRequest, type FakeResponse } from './server.js';
import { SpendData } from './spend-data.js';

export class LinkedInFake extends FakeServer {
  readonly accountId = '506333826';
  readonly token = 'li-token';
  readonly data: SpendData;
  /** The ad account's currency (ISO 4217): adAnalytics' `costInLocalCurrency` is in it. */
  currency: string;
  /** The token lacks `r_ads`: adAccounts answers 403, adAnalytics still works (`r_ads_reporting`). */
  noAdsScope = false;
  /** Campaign id → the date it was archived (status ARCHIVED): no delivery from that day on. */
  readonly archived = new Map<string, string>();

  constructor(options: { campaigns?: number; currency?: string } = {}) {
    super('linkedin');
    this.currency = options.currency ?? 'USD';
    this.data = new SpendData(
      Array.from({ length: options.campaigns ?? 5 }, (_, i) => String(186_000_001 + i)),
      9,
    );
    this.route('GET', /^\/rest\/adAnalytics$/, (req) => this.analytics(req));
    this.route('GET', /^\/rest\/adAccounts\/(\d+)$/, (req, m) => this.adAccount(req, m[1] as string));
  }

  private adAccount(req: FakeRequest, id: string): FakeResponse {
    const refused = this.refuse(req);
    if (refused) return refused;
    if (this.noAdsScope)
      return {
        status: 403,
        body: {
          status: 403,
          serviceErrorCode: 100,
          code: 'ACCESS_DENIED',
          message: 'Not enough permissions to access: adAccounts.GET.20251001',
        },
      };
    if (id !== this.accountId) return { status: 404, body: { status: 404, code: 'NOT_FOUND', message: 'Not found' } };
    return {
      status: 200,
      body: {
        id: Number(id),
        name: 'Fake Ad Account',
        currency: this.currency,
        type: 'BUSINESS',
        status: 'ACTIVE',
        reference: 'urn:li:organization:2414183',
        test: false,
        servingStatuses: ['RUNNABLE'],
        notifiedOnCampaignOptimization: false,
        notifiedOnCreativeApproval: false,
        notifiedOnCreativeRejection: false,
        notifiedOnEndOfCampaign: false,
      },
    };
  }

  /** Auth and the versioned-API headers every /rest call needs; undefined when they are right. */
  private refuse(req: FakeRequest): FakeResponse | undefined {
    if (bearer(req) !== this.token)
      return {
        status: 401,
        body: { status: 401, serviceErrorCode: 65600, code: 'INVALID_ACCESS_TOKEN', message: 'Invalid access token' },
      };
    if (!/^\d{6}$/.test(String(req.headers['linkedin-version'] ?? ''))) {
      return {
        status: 426,
        body: { status: 426, code: 'NONEXISTENT_VERSION', message: 'Requested version is not active' },
      };
    }
    if (req.headers['x-restli-protocol-version'] !== '2.0.0') return bad('X-Restli-Protocol-Version 2.0.0 required');
    return undefined;
  }

  private analytics(req: FakeRequest): FakeResponse {
    const refused = this.refuse(req);
    if (refused) return refused;
    const q = req.query;
    if (q.get('q') !== 'analytics' || q.get('timeGranularity') !== 'DAILY')
      return bad('q=analytics and timeGranularity=DAILY expected');
    const pivot = q.get('pivot');
    if (pivot !== 'CAMPAIGN' && pivot !== 'CAMPAIGN_GROUP') return bad(`invalid pivot ${pivot}`);
    const range =
      /^\(start:\(year:(\d{4}),month:(\d{1,2}),day:(\d{1,2})\),end:\(year:(\d{4}),month:(\d{1,2}),day:(\d{1,2})\)\)$/.exec(
        q.get('dateRange') ?? '',
      );
    if (!range) return bad('dateRange must be (start:(year:Y,month:M,day:D),end:(…))');
    const accounts = q.get('accounts');
    if (accounts !== `List(urn:li:sponsoredAccount:${this.accountId})`) {
      return { status: 200, body: { paging: { start: 0, count: 10, links: [] }, elements: [] } }; // no access: empty list
    }
    const iso = (y?: string, m?: string, d?: string): string =>
      `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
    const from = iso(range[1], range[2], range[3]);
    const to = iso(range[4], range[5], range[6]);
    const days = this.data.days(from, to);
    if (days.length === 0) return bad('end before start');
    if (days.length > 31) return bad('this fake refuses windows over 31 days: adAnalytics does not page');
    const elements = [];
    for (const date of days) {
      const [y, m, d] = date.split('-').map(Number);
      for (const c of this.data.campaigns) {
        const x = this.data.metrics(c, date);
        const archivedOn = this.archived.get(c);
        if (!x || (archivedOn !== undefined && date >= archivedOn)) continue;
        elements.push({
          dateRange: { start: { year: y, month: m, day: d }, end: { year: y, month: m, day: d } },
          pivotValues: [`urn:li:sponsoredCampaign:${c}`],
          impressions: x.impressions,
          clicks: x.clicks,
          costInLocalCurrency: String(x.cost),
          externalWebsiteConversions: x.leads,
        });
      }
    }
    return { status: 200, body: { paging: { start: 0, count: 10, links: [] }, elements } };
  }
}

function bad(message: string): FakeResponse {
  return { status: 400, body: { status: 400, code: 'ILLEGAL_ARGUMENT', message } };
}

export const tooMany = (): FakeResponse => ({
  status: 429,
  body: { status: 429, code: 'TOO_MANY_REQUESTS', message: 'Resource level throttle limit reached' },
});
