/**
 * Google Ads connector (CONNECTORS §4, MAPPINGS §4): one `googleAds:searchStream` query per
 * run over the restatement window (default 14 days) plus any gap since the last run. The
 * REST API sends int64 values (ids, clicks, impressions, costMicros) as JSON strings.
 */
import * as z from 'zod';
import type { ParsedRow } from '../../core/records.js';
import { googleAdsChannel } from './mapping.js';
import { getJsonSecret } from '../../core/secrets.js';
import { HttpClient, oneLine, type HttpResponse } from '../http.js';
import { baseSourceConfig, isObject, num, reject, spendWindow, str, type Connector, type Entity } from '../source.js';
import { spendConfig, spendRecord } from '../spend.js';
import { CurrencyError, rowCurrency } from '../currency.js';

const configSchema = z
  .object({
    ...baseSourceConfig,
    ...spendConfig,
    customerId: z
      .string()
      .transform((s) => s.replace(/-/g, ''))
      .pipe(z.string().regex(/^\d{10}$/, 'must be the 10-digit customer id')),
    loginCustomerId: z
      .string()
      .transform((s) => s.replace(/-/g, ''))
      .pipe(z.string().regex(/^\d{10}$/, 'must be the 10-digit manager id'))
      .optional(),
    apiVersion: z
      .string()
      .regex(/^v\d+$/)
      .default('v21'),
    /** OAuth token endpoint; defaults to Google's (or `<baseUrl>/token` when baseUrl is set). */
    tokenUrl: z.string().url().optional(),
  })
  .strict();
export type GoogleAdsConfig = z.output<typeof configSchema>;

function describeError(res: HttpResponse): string | undefined {
  const body = Array.isArray(res.json) ? res.json[0] : res.json;
  const error = isObject(body) && isObject(body.error) ? body.error : undefined;
  if (!error) return undefined;
  return oneLine([str(error.status), str(error.message)].filter(Boolean).join(': '));
}

export const googleAds: Connector<GoogleAdsConfig> = {
  vendor: 'google_ads',
  configSchema,
  async open(ctx, config) {
    const secretName = config.secret ?? ctx.source;
    const secret = await getJsonSecret(ctx.secrets, secretName);
    const need = ['developerToken', 'clientId', 'clientSecret', 'refreshToken'];
    const missing = need.filter((k) => !str(secret[k]));
    if (missing.length > 0) throw new Error(`secret "${secretName}": missing ${missing.join(', ')}`);
    const base = (config.baseUrl ?? 'https://googleads.googleapis.com').replace(/\/$/, '');
    const tokenUrl = config.tokenUrl ?? (config.baseUrl ? `${base}/token` : 'https://oauth2.googleapis.com/token');
    let accessToken = '';
    const tokenClient = new HttpClient({ vendor: 'google_ads', deps: ctx.http, maxAttempts: config.maxAttempts });
    const refresh = async (): Promise<void> => {
      const res = await tokenClient.request('POST', tokenUrl, {
        form: {
          grant_type: 'refresh_token',
          client_id: String(secret.clientId),
          client_secret: String(secret.clientSecret),
          refresh_token: String(secret.refreshToken),
        },
      });
      accessToken = str((res.json as { access_token?: string } | undefined)?.access_token) ?? '';
      if (!accessToken) throw new Error('google_ads: token endpoint returned no access_token');
    };
    const client = new HttpClient({
      vendor: 'google_ads',
      deps: ctx.http,
      maxAttempts: config.maxAttempts,
      pace: config.rateLimit,
      auth: async () => {
        if (!accessToken) await refresh();
        const headers: Record<string, string> = {
          authorization: `Bearer ${accessToken}`,
          'developer-token': String(secret.developerToken),
        };
        if (config.loginCustomerId) headers['login-customer-id'] = config.loginCustomerId;
        return headers;
      },
      refresh,
      describeError,
    });
    const entity: Entity = {
      name: 'campaign_daily',
      table: 'spend',
      async pull(cursor) {
        // Days are the ad account's (`timezone`, the account's zone): only days ended there.
        const window = spendWindow(ctx, cursor, config, config.timezone);
        if (!window) return { records: [], cursor: cursor ?? {} };
        const query =
          'SELECT segments.date, customer.id, customer.currency_code, campaign.id, campaign.name, campaign.advertising_channel_type, ' +
          'metrics.cost_micros, metrics.clicks, metrics.impressions, metrics.conversions FROM campaign ' +
          `WHERE segments.date BETWEEN '${window.from}' AND '${window.to}'`;
        const res = await client.post(
          `${base}/${config.apiVersion}/customers/${config.customerId}/googleAds:searchStream`,
          { query },
        );
        if (!Array.isArray(res.json)) throw new Error('google_ads: searchStream: expected a JSON array of batches');
        const records = (res.json as Array<{ results?: unknown[] }>).flatMap((batch) => batch.results ?? []);
        return { records, cursor: { through: window.to }, notes: { ...window } };
      },
      map(records, notes) {
        const file = `${ctx.source} API campaign_daily`;
        return records.map((r, index): ParsedRow => {
          const line = index + 1;
          if (!isObject(r) || !isObject(r.campaign) || !isObject(r.segments))
            return reject(file, line, null, 'not a campaign row', r);
          const metrics = isObject(r.metrics) ? r.metrics : {};
          const customer = isObject(r.customer) ? r.customer : {};
          const micros = num(metrics.costMicros) ?? 0; // zero metrics may be omitted
          const type = str(r.campaign.advertisingChannelType);
          // The row states its account's currency; the setting stands in (said) only if it does not.
          let currency: string;
          try {
            currency = rowCurrency(
              str(customer.currencyCode),
              {
                source: ctx.source,
                vendor: null,
                where: 'the searchStream row (customer.currency_code)',
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
              date: str(r.segments.date) ?? '',
              platform: 'google_ads',
              account_id: str(customer.id) ?? config.customerId,
              campaign_id: str(r.campaign.id) ?? '',
              campaign_name: str(r.campaign.name),
              // JSON leaves an enum at its default out: no type (UNSPECIFIED) is no channel, as an
              // unknown type is (mapping.ts): the report then says the paid figures are not measured.
              channel: type === null ? null : googleAdsChannel(type).value,
              cost: micros / 1_000_000,
              currency,
              impressions: num(metrics.impressions) ?? 0,
              clicks: num(metrics.clicks) ?? 0,
              conversions: num(metrics.conversions) ?? 0,
            }),
          };
        });
      },
    };
    return {
      entities: [entity],
      stats: () => ({
        requests: client.stats.requests + tokenClient.stats.requests,
        retries: client.stats.retries + tokenClient.stats.retries,
        refreshes: client.stats.refreshes,
        sleptMs: client.stats.sleptMs + tokenClient.stats.sleptMs,
      }),
    };
  },
};
