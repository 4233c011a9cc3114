/**
 * LinkedIn Marketing API adAnalytics connector (CONNECTORS §6): daily analytics pivoted by
 * campaign (configurable), Rest.li 2.0 query syntax, no pagination — so the window is split
 * into small chunks and every chunk must succeed before anything is loaded. Cost
 * (`costInLocalCurrency`) is in the ad account's currency, read from `GET /rest/adAccounts/{id}`
 * (`currency`); the `currency` setting is only a stand-in when that cannot be read (../currency.ts).
 */
import * as z from 'zod';
import type { ParsedRow } from '../../core/records.js';
import { getJsonSecret } from '../../core/secrets.js';
import { HttpClient, mapPool, oneLine, RateLimiter } from '../http.js';
import {
  baseSourceConfig,
  dayChunks,
  isObject,
  num,
  reject,
  spendWindow,
  str,
  type Connector,
  type Entity,
} from '../source.js';
import { spendConfig, spendRecord } from '../spend.js';
import { accountCurrency, CurrencyError, rowCurrency, type AccountCurrencyInput } from '../currency.js';

const configSchema = z
  .object({
    ...baseSourceConfig,
    ...spendConfig,
    accountId: z
      .string()
      .transform((s) => s.replace(/^urn:li:sponsoredAccount:/, ''))
      .pipe(z.string().regex(/^\d+$/, 'must be the numeric sponsored account id')),
    /** `LinkedIn-Version` header, YYYYMM. */
    version: z
      .string()
      .regex(/^\d{6}$/, 'must be YYYYMM')
      .default('202510'),
    pivot: z.enum(['CAMPAIGN', 'CAMPAIGN_GROUP']).default('CAMPAIGN'),
    /** Days per request (adAnalytics has no paging). */
    chunkDays: z.number().int().min(1).max(31).default(7),
    /** Chunk requests in flight at once; they share the source's rate limit. */
    concurrency: z.number().int().min(1).max(16).default(4),
  })
  .strict();
export type LinkedInConfig = z.output<typeof configSchema>;

function restliDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return `(year:${y},month:${m},day:${d})`;
}

function dateOf(value: unknown): string | null {
  if (!isObject(value)) return null;
  const y = num(value.year);
  const m = num(value.month);
  const d = num(value.day);
  if (y === null || m === null || d === null) return null;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export const linkedin: Connector<LinkedInConfig> = {
  vendor: 'linkedin',
  configSchema,
  async open(ctx, config) {
    const secretName = config.secret ?? ctx.source;
    const secret = await getJsonSecret(ctx.secrets, secretName);
    const token = str(secret.accessToken);
    if (!token) throw new Error(`secret "${secretName}": missing accessToken (r_ads_reporting)`);
    const base = (config.baseUrl ?? 'https://api.linkedin.com').replace(/\/$/, '');
    const client = new HttpClient({
      vendor: 'linkedin',
      deps: ctx.http,
      maxAttempts: config.maxAttempts,
      // LinkedIn publishes no per-second rate: with no `rateLimit` configured, probe one request
      // at a time and, at the first 429, pace to what the API accepted in the last second.
      limiter: new RateLimiter(config.rateLimit, ctx.http, config.rateLimit ? {} : { learnWindowMs: 1000 }),
      auth: async () => ({
        authorization: `Bearer ${token}`,
        'linkedin-version': config.version,
        'x-restli-protocol-version': '2.0.0',
      }),
      describeError: (res) => {
        const body = res.json;
        if (!isObject(body)) return undefined;
        return oneLine([str(body.code) ?? str(body.serviceErrorCode), str(body.message)].filter(Boolean).join(': '));
      },
      classify: (res) => (res.status === 401 ? 'fail' : undefined),
    });
    // The ad account's currency, asked once per run (adAnalytics sends none). Needs `r_ads`;
    // a token with only `r_ads_reporting` is refused, and then only the setting can say it.
    let account: AccountCurrencyInput | undefined;
    const readAccount = async (): Promise<AccountCurrencyInput> => {
      if (account) return account;
      const where = `GET /rest/adAccounts/${config.accountId} currency`;
      let vendor: string | null = null;
      let lookupError: string | undefined;
      try {
        const res = await client.get(`${base}/rest/adAccounts/${config.accountId}`);
        vendor = isObject(res.json) ? str(res.json.currency) : null;
      } catch (err) {
        lookupError = err instanceof Error ? err.message : String(err);
      }
      account = { source: ctx.source, vendor, where, lookupError, setting: config.currency };
      return account;
    };
    const entity: Entity = {
      name: 'campaign_daily',
      table: 'spend',
      async pull(cursor) {
        // adAnalytics days are UTC days (not the account's zone): only days ended in UTC.
        const window = spendWindow(ctx, cursor, config, 'UTC');
        if (!window) return { records: [], cursor: cursor ?? {} };
        // Before any analytics call: a currency that cannot be told stops the pull, not the rows.
        const currency = accountCurrency(await readAccount());
        // All chunks or nothing: a half-pulled window would make restated days incomplete.
        const chunks = dayChunks(window.from, window.to, config.chunkDays);
        const pulled = await mapPool(chunks, config.concurrency, async (chunk) => {
          const query = [
            'q=analytics',
            `pivot=${config.pivot}`,
            'timeGranularity=DAILY',
            `dateRange=(start:${restliDate(chunk.from)},end:${restliDate(chunk.to)})`,
            `accounts=List(${encodeURIComponent(`urn:li:sponsoredAccount:${config.accountId}`)})`,
            'fields=dateRange,pivotValues,impressions,clicks,costInLocalCurrency,externalWebsiteConversions',
          ].join('&');
          const res = await client.get(`${base}/rest/adAnalytics?${query}`);
          const body = res.json as { elements?: unknown[] } | undefined;
          if (!body || !Array.isArray(body.elements))
            throw new Error('linkedin: adAnalytics: unexpected response (no elements)');
          return body.elements;
        });
        const records = pulled.flat();
        return {
          records,
          cursor: { through: window.to },
          notes: { ...window, chunkDays: config.chunkDays, adAccountCurrency: account?.vendor ?? null, currency },
        };
      },
      map(records, notes) {
        const file = `${ctx.source} API campaign_daily`;
        return records.map((r, index): ParsedRow => {
          const line = index + 1;
          if (!isObject(r) || !isObject(r.dateRange)) return reject(file, line, null, 'not an adAnalytics element', r);
          const start = dateOf(r.dateRange.start);
          const end = dateOf(r.dateRange.end);
          if (!start || start !== end)
            return reject(file, line, 'date', 'element is not one day (timeGranularity=DAILY expected)', r);
          const urn = Array.isArray(r.pivotValues) ? str(r.pivotValues[0]) : null;
          const campaignId = urn?.split(':').pop() ?? null;
          if (!campaignId) return reject(file, line, 'campaign_id', 'no pivot value', r);
          // Said in the report: these days run midnight to midnight UTC, not in the account's or
          // the report's zone, so spend near midnight may sit in a neighbouring day (and week).
          const utcRows = notes?.data.spendDaysUtc as { rows: number } | undefined;
          notes?.set('spendDaysUtc', { rows: (utcRows?.rows ?? 0) + 1 });
          let currency: string;
          try {
            currency = rowCurrency(
              null,
              account ?? {
                source: ctx.source,
                vendor: null,
                where: 'the ad account (not read)',
                setting: config.currency,
              },
              notes,
            );
          } catch (err) {
            if (err instanceof CurrencyError) return reject(file, line, 'currency', err.message, r);
            throw err;
          }
          return {
            ok: true,
            line,
            record: spendRecord({
              date: start,
              platform: 'linkedin',
              account_id: config.accountId,
              campaign_id: campaignId,
              campaign_name: null,
              channel: 'paid_social',
              cost: num(r.costInLocalCurrency) ?? 0,
              currency,
              impressions: num(r.impressions),
              clicks: num(r.clicks),
              conversions: num(r.externalWebsiteConversions),
            }),
          };
        });
      },
    };
    return { entities: [entity], stats: () => ({ ...client.stats }) };
  },
};
