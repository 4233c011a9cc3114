/** Starts every vendor fake and returns the `sources` config and secrets that point at them. */
import { GoogleAdsFake, resourceExhausted } from './google-ads.js';
import { HubSpotFake } from './hubspot.js';
import { LinkedInFake, tooMany } from './linkedin.js';
import { MetaFake, throttled as metaThrottled } from './meta.js';
import { PipedriveFake, throttled as pipedriveThrottled } from './pipedrive.js';
import { SalesforceFake } from './salesforce.js';
import type { FakeServer } from './server.js';

export interface AllFakes {
  hubspot: HubSpotFake;
  salesforce: SalesforceFake;
  pipedrive: PipedriveFake;
  google_ads: GoogleAdsFake;
  meta: MetaFake;
  linkedin: LinkedInFake;
  /** `config.sources` naming all six APIs. */
  sources: Record<string, Record<string, unknown>>;
  /** Secret values by name (for StaticSecrets, or as FUNNEL_SECRET_<NAME> JSON). */
  secrets: Record<string, Record<string, string>>;
  stop(): Promise<void>;
}

export interface AllFakesOptions {
  /** Vendor request-rate limits as documented (or typical), for the connector benchmark. */
  rateLimited?: boolean;
  /**
   * Multiplies every fake's data set (records, campaigns) so a connector needs many requests
   * (default 1: the small sets the tests use). Rounded up to whole records.
   */
  scale?: number;
}

export async function startAllFakes(options: AllFakesOptions = {}): Promise<AllFakes> {
  const scale = options.scale ?? 1;
  if (!(scale > 0)) throw new Error(`startAllFakes: scale must be > 0, got ${scale}`);
  // Scaled only when asked, so the tests keep the fakes' own defaults.
  const n = (base: number): number | undefined => (scale === 1 ? undefined : Math.ceil(base * scale));
  const hubspot = new HubSpotFake({
    contacts: n(450),
    deals: n(120),
    engagements: n(60),
    ...(options.rateLimited ? { rateLimit: { perTenSeconds: 100, searchPerSecond: 5 } } : {}),
  });
  const salesforce = new SalesforceFake({ leads: n(600), opportunities: n(150), tasks: n(300), events: n(100) });
  const pipedrive = new PipedriveFake({ persons: n(700), deals: n(200), activities: n(400), leads: n(130) });
  const google_ads = new GoogleAdsFake({ campaigns: n(6) });
  const meta = new MetaFake({ campaigns: n(8) });
  // The demo ad account reports in EUR; the connector reads that from adAccounts.
  const linkedin = new LinkedInFake({ campaigns: n(5), currency: 'EUR' });
  const all: FakeServer[] = [hubspot, salesforce, pipedrive, google_ads, meta, linkedin];
  if (options.rateLimited) {
    // Documented (or typical) allowances, so a benchmark can measure the share a connector uses.
    salesforce.rateLimit = {
      limit: 25,
      windowMs: 1000,
      response: () => ({
        status: 403,
        body: [{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }],
      }),
    };
    pipedrive.rateLimit = { limit: 80, windowMs: 2000, response: () => pipedriveThrottled() };
    google_ads.rateLimit = { limit: 10, windowMs: 1000, response: () => resourceExhausted() };
    meta.rateLimit = { limit: 60, windowMs: 60_000, response: () => metaThrottled(1) };
    linkedin.rateLimit = { limit: 20, windowMs: 1000, response: () => tooMany() };
  }
  await Promise.all(all.map((f) => f.start()));
  return {
    hubspot,
    salesforce,
    pipedrive,
    google_ads,
    meta,
    linkedin,
    sources: {
      hubspot: { baseUrl: hubspot.baseUrl, currency: 'EUR' },
      salesforce: {
        baseUrl: salesforce.baseUrl,
        bulkPollMs: 200,
        leadFields: { utm_source: 'UTM_Source__c', utm_medium: 'UTM_Medium__c', utm_campaign: 'UTM_Campaign__c' },
      },
      pipedrive: { baseUrl: pipedrive.baseUrl, companyDomain: 'demo' },
      google_ads: { baseUrl: google_ads.baseUrl, customerId: google_ads.customerId },
      meta: { baseUrl: meta.baseUrl, adAccountId: meta.accountId, asyncPollMs: 200 },
      linkedin: { baseUrl: linkedin.baseUrl, accountId: linkedin.accountId },
    },
    secrets: {
      hubspot: {
        accessToken: 'hs-token-1',
        refreshToken: hubspot.refreshToken,
        clientId: hubspot.clientId,
        clientSecret: hubspot.clientSecret,
      },
      salesforce: { clientId: salesforce.clientId, clientSecret: salesforce.clientSecret },
      pipedrive: { apiToken: pipedrive.token },
      google_ads: {
        developerToken: google_ads.developerToken,
        clientId: google_ads.clientId,
        clientSecret: google_ads.clientSecret,
        refreshToken: google_ads.refreshToken,
      },
      meta: { accessToken: meta.token },
      linkedin: { accessToken: linkedin.token },
    },
    stop: async () => {
      await Promise.all(all.map((f) => f.stop()));
    },
  };
}
