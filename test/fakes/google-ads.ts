/**
 * Fake Google Ads REST (CONNECTORS §4): OAuth refresh at `/token`, `googleAds:searchStream`
 * with bearer + `developer-token` (+ `login-customer-id` digits) headers, GAQL limited to the
 * campaign/day query with `segments.date BETWEEN`, a JSON array of batches, camelCase fields,
 * int64 values as strings, zero metrics omitted, 429 RESOURCE_EXHAUSTED. Costs of recent days
 * can be restated to test the re-pull window. A campaign can be removed: like the API (unlike the
 * UI), GAQL still returns a removed campaign's rows for past dates unless the query filters on
 * `campaign.status`.
 */
import { FakeServer, bearer, seeded, type FakeRequest, type FakeResponse } from './server.js';

const ALLOWED = new Set([
  'segments.date',
  'customer.id',
  'customer.currency_code',
  'campaign.id',
  'campaign.name',
  'campaign.advertising_channel_type',
  'campaign.status',
  'metrics.cost_micros',
  'metrics.clicks',
  'metrics.impressions',
  'metrics.conversions',
]);

export interface GoogleAdsFakeOptions {
  seed?: number;
  customerId?: string;
  currency?: string;
  campaigns?: number;
  /** Rows per streamed batch. */
  batchSize?: number;
}

export class GoogleAdsFake extends FakeServer {
  readonly customerId: string;
  readonly currency: string;
  readonly developerToken = 'gads-dev-token';
  readonly clientId = 'gads-client';
  readonly clientSecret = 'gads-secret';
  readonly refreshToken = 'gads-refresh';
  readonly campaigns: Array<{ id: string; name: string; type: string }> = [];
  /** date → multiplier applied to that day's costs (a restatement). */
  readonly restated = new Map<string, number>();
  /** Campaign id → the date it was removed (status REMOVED): no delivery from that day on. */
  readonly removed = new Map<string, string>();
  validTokens = new Set<string>();
  private seq = 0;
  private readonly batchSize: number;
  private readonly seed: number;

  constructor(options: GoogleAdsFakeOptions = {}) {
    super('google_ads');
    this.customerId = options.customerId ?? '1234567890';
    this.currency = options.currency ?? 'CHF';
    this.batchSize = options.batchSize ?? 25;
    this.seed = options.seed ?? 11;
    const types = ['SEARCH', 'PERFORMANCE_MAX', 'DISPLAY', 'VIDEO', 'SEARCH', 'DEMAND_GEN'];
    for (let i = 0; i < (options.campaigns ?? 6); i++) {
      // Real campaign ids exceed 2^31 and arrive as strings.
      this.campaigns.push({
        id: String(21_000_000_000 + i * 7919),
        name: `Campaign ${i + 1}`,
        type: types[i % types.length] ?? 'SEARCH',
      });
    }
    this.route('POST', /^\/token$/, (req) => this.token(req));
    this.route('POST', /^\/v\d+\/customers\/(\d+)\/googleAds:searchStream$/, (req, m) =>
      this.searchStream(req, m[1] as string),
    );
  }

  /** The metrics of one campaign-day (deterministic; zero on some days). */
  metrics(
    campaignId: string,
    date: string,
  ): { costMicros: number; clicks: number; impressions: number; conversions: number } {
    const rand = seeded(this.seed + Number(campaignId.slice(-6)) * 31 + Number(date.replace(/-/g, '')));
    const removedOn = this.removed.get(campaignId);
    if (rand() < 0.1 || (removedOn !== undefined && date >= removedOn))
      return { costMicros: 0, clicks: 0, impressions: 0, conversions: 0 };
    const factor = this.restated.get(date) ?? 1;
    const impressions = Math.floor(rand() * 5000);
    return {
      costMicros: Math.round(rand() * 200 * factor * 100) * 10_000,
      clicks: Math.floor(impressions * 0.03),
      impressions,
      conversions: Math.round(rand() * 5 * factor * 10) / 10,
    };
  }

  private token(req: FakeRequest): FakeResponse {
    const form = new URLSearchParams(req.body);
    if (
      form.get('grant_type') !== 'refresh_token' ||
      form.get('refresh_token') !== this.refreshToken ||
      form.get('client_id') !== this.clientId ||
      form.get('client_secret') !== this.clientSecret
    ) {
      return { status: 400, body: { error: 'invalid_grant', error_description: 'Bad Request' } };
    }
    const token = `ya29.fake${++this.seq}`;
    this.validTokens.add(token);
    return {
      status: 200,
      body: {
        access_token: token,
        expires_in: 3599,
        token_type: 'Bearer',
        scope: 'https://www.googleapis.com/auth/adwords',
      },
    };
  }

  private searchStream(req: FakeRequest, customerId: string): FakeResponse {
    const token = bearer(req);
    if (!token || !this.validTokens.has(token)) {
      return error(401, 'UNAUTHENTICATED', 'Request is missing required authentication credential.');
    }
    if (req.headers['developer-token'] !== this.developerToken)
      return error(401, 'UNAUTHENTICATED', 'The developer token is not valid.');
    const login = req.headers['login-customer-id'];
    if (login !== undefined && !/^\d{10}$/.test(String(login)))
      return error(400, 'INVALID_ARGUMENT', 'login-customer-id must be 10 digits without dashes');
    if (customerId !== this.customerId) return error(403, 'PERMISSION_DENIED', 'The caller does not have permission');
    const query = String((req.json as { query?: string })?.query ?? '')
      .replace(/\s+/g, ' ')
      .trim();
    const m =
      /^SELECT (.+) FROM campaign WHERE segments\.date BETWEEN '(\d{4}-\d{2}-\d{2})' AND '(\d{4}-\d{2}-\d{2})'(?: AND campaign\.status (=|!=) '([A-Z]+)')?$/.exec(
        query,
      );
    if (!m) return error(400, 'INVALID_ARGUMENT', 'Error in query: unexpected input.');
    const fields = (m[1] ?? '').split(',').map((f) => f.trim());
    const unknown = fields.find((f) => !ALLOWED.has(f));
    if (unknown) return error(400, 'INVALID_ARGUMENT', `Unrecognized field in the query: '${unknown}'.`);
    const rows: unknown[] = [];
    for (let d = Date.parse(`${m[2]}T00:00:00Z`); d <= Date.parse(`${m[3]}T00:00:00Z`); d += 86_400_000) {
      const date = new Date(d).toISOString().slice(0, 10);
      for (const c of this.campaigns) {
        const status = this.removed.has(c.id) ? 'REMOVED' : 'ENABLED';
        if (m[4] && (m[4] === '=') !== (status === m[5])) continue;
        const x = this.metrics(c.id, date);
        if (x.impressions === 0 && x.costMicros === 0) continue; // rows without activity are not returned
        const metrics: Record<string, unknown> = {};
        // Zero-valued metrics are omitted; int64 come as strings, doubles as numbers.
        if (x.clicks) metrics.clicks = String(x.clicks);
        if (x.impressions) metrics.impressions = String(x.impressions);
        if (x.costMicros) metrics.costMicros = String(x.costMicros);
        if (x.conversions) metrics.conversions = x.conversions;
        rows.push({
          customer: { resourceName: `customers/${this.customerId}`, id: this.customerId, currencyCode: this.currency },
          campaign: {
            resourceName: `customers/${this.customerId}/campaigns/${c.id}`,
            id: c.id,
            name: c.name,
            advertisingChannelType: c.type,
            ...(fields.includes('campaign.status') ? { status } : {}),
          },
          metrics,
          segments: { date },
        });
      }
    }
    const batches = [];
    for (let i = 0; i < rows.length || i === 0; i += this.batchSize) {
      batches.push({
        results: rows.slice(i, i + this.batchSize),
        fieldMask: fields.map(camel).join(','),
        requestId: `req${this.seq}-${i}`,
      });
      if (rows.length === 0) break;
    }
    return { status: 200, body: batches };
  }
}

function camel(field: string): string {
  return field.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

export function error(code: number, status: string, message: string): FakeResponse {
  return { status: code, body: [{ error: { code, message, status, details: [] } }] };
}

export const resourceExhausted = (): FakeResponse =>
  error(429, 'RESOURCE_EXHAUSTED', 'Resource has been exhausted (e.g. check quota).');
