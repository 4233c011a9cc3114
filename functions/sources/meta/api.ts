/**
 * Meta Marketing API insights connector (CONNECTORS §5): campaign-level daily insights over
 * the restatement window, following `paging.next`; ranges longer than `asyncAboveDays` run
 * as async report runs (POST, poll `async_status`, read `/{run}/insights`). Numbers arrive
 * as strings. Throttling (codes 4, 17, 32, 613, 80000–80014) is retried, waiting at least
 * `estimated_time_to_regain_access` from X-Business-Use-Case-Usage.
 */
import * as z from 'zod';
import type { ParsedRow } from '../../core/records.js';
import { getJsonSecret } from '../../core/secrets.js';
import { CursorGuard, HttpClient, oneLine, type HttpResponse, type Verdict } from '../http.js';
import { baseSourceConfig, isObject, num, reject, spendWindow, str, type Connector, type Entity } from '../source.js';
import { spendConfig, spendRecord } from '../spend.js';
import { CurrencyError, rowCurrency } from '../currency.js';

const configSchema = z
  .object({
    ...baseSourceConfig,
    ...spendConfig,
    adAccountId: z
      .string()
      .transform((s) => s.replace(/^act_/, ''))
      .pipe(z.string().regex(/^\d+$/, 'must be the numeric ad account id (act_ prefix optional)')),
    apiVersion: z
      .string()
      .regex(/^v\d+\.0$/)
      .default('v21.0'),
    pageSize: z.number().int().min(1).max(500).default(500),
    /** Ranges longer than this run as an async report. */
    asyncAboveDays: z.number().int().min(1).default(31),
    asyncPollMs: z.number().int().min(0).default(5000),
    asyncTimeoutMinutes: z.number().min(1).default(30),
    /** `actions[].action_type` values counted as conversions. */
    conversionActions: z
      .array(z.string())
      .default(['lead', 'offsite_conversion.fb_pixel_lead', 'onsite_conversion.lead_grouped']),
  })
  .strict();
export type MetaConfig = z.output<typeof configSchema>;

const FIELDS = 'campaign_id,campaign_name,account_id,account_currency,spend,impressions,clicks,actions';
/**
 * Insights leave deleted and archived campaigns out unless a status filter asks for them
 * (CONNECTORS §8), so a backfill of a week whose campaign was since deleted would understate
 * spend: every `campaign.effective_status` is asked for.
 */
export const ALL_CAMPAIGN_STATUSES = ['ACTIVE', 'PAUSED', 'DELETED', 'ARCHIVED', 'IN_PROCESS', 'WITH_ISSUES'];
const FILTERING = JSON.stringify([
  { field: 'campaign.effective_status', operator: 'IN', value: ALL_CAMPAIGN_STATUSES },
]);
const THROTTLE_CODES = new Set([4, 17, 32, 613, 80000, 80001, 80002, 80003, 80004, 80005, 80006, 80008, 80009, 80014]);

function metaError(
  res: HttpResponse,
): { code?: number; message?: string; type?: string; transient?: boolean } | undefined {
  const body = res.json;
  if (!isObject(body) || !isObject(body.error)) return undefined;
  const e = body.error;
  return {
    code: num(e.code) ?? undefined,
    message: str(e.message) ?? undefined,
    type: str(e.type) ?? undefined,
    transient: e.is_transient === true,
  };
}

/** Minutes Meta says to wait (X-Business-Use-Case-Usage), in ms. */
function regainMs(res: HttpResponse): number | undefined {
  const header = res.headers.get('x-business-use-case-usage');
  if (!header) return undefined;
  try {
    const usage = JSON.parse(header) as Record<string, Array<{ estimated_time_to_regain_access?: number }>>;
    const minutes = Math.max(
      0,
      ...Object.values(usage)
        .flat()
        .map((u) => u.estimated_time_to_regain_access ?? 0),
    );
    return minutes * 60_000;
  } catch {
    return undefined;
  }
}

export const meta: Connector<MetaConfig> = {
  vendor: 'meta',
  configSchema,
  async open(ctx, config) {
    const secretName = config.secret ?? ctx.source;
    const secret = await getJsonSecret(ctx.secrets, secretName);
    const token = str(secret.accessToken);
    if (!token) throw new Error(`secret "${secretName}": missing accessToken (a system-user token with ads_read)`);
    const base = `${(config.baseUrl ?? 'https://graph.facebook.com').replace(/\/$/, '')}/${config.apiVersion}`;
    const client = new HttpClient({
      vendor: 'meta',
      deps: ctx.http,
      maxAttempts: config.maxAttempts,
      pace: config.rateLimit,
      auth: async () => ({ authorization: `Bearer ${token}` }),
      describeError: (res) => {
        const e = metaError(res);
        return e ? oneLine(`${e.type ?? 'Error'} ${e.code ?? ''}: ${e.message ?? ''}`) : undefined;
      },
      classify: (res): Verdict | undefined => {
        const e = metaError(res);
        if (e && ((e.code !== undefined && THROTTLE_CODES.has(e.code)) || e.transient)) return 'retry';
        if (res.status === 401) return 'fail'; // long-lived tokens cannot be refreshed here
        return undefined;
      },
      retryAfterMs: regainMs,
    });

    const readPages = async (first: string): Promise<unknown[]> => {
      const out: unknown[] = [];
      const guard = new CursorGuard('meta: insights');
      let url: string | undefined = first;
      while (url) {
        const res = await client.get(url);
        const body = res.json as
          { data?: unknown[]; paging?: { next?: string; cursors?: { after?: string } } } | undefined;
        if (!body || !Array.isArray(body.data)) throw new Error('meta: insights: unexpected response (no data array)');
        out.push(...body.data);
        url = body.paging?.next;
        if (url) guard.check(body.paging?.cursors?.after ?? url);
      }
      return out;
    };

    const entity: Entity = {
      name: 'campaign_daily',
      table: 'spend',
      async pull(cursor) {
        // Days are the ad account's (`timezone`, the account's zone): only days ended there.
        const window = spendWindow(ctx, cursor, config, config.timezone);
        if (!window) return { records: [], cursor: cursor ?? {} };
        const days = Math.round((Date.parse(window.to) - Date.parse(window.from)) / 86_400_000) + 1;
        const params = new URLSearchParams({
          level: 'campaign',
          time_increment: '1',
          fields: FIELDS,
          time_range: JSON.stringify({ since: window.from, until: window.to }),
          filtering: FILTERING,
          limit: String(config.pageSize),
        });
        let records: unknown[];
        let mode = 'sync';
        if (days > config.asyncAboveDays) {
          mode = 'async';
          const started = await client.request('POST', `${base}/act_${config.adAccountId}/insights?${params}`);
          const runId = str((started.json as { report_run_id?: string } | undefined)?.report_run_id);
          if (!runId) throw new Error('meta: async insights returned no report_run_id');
          const deadline = ctx.http.now() + config.asyncTimeoutMinutes * 60_000;
          for (;;) {
            const res = await client.get(`${base}/${runId}`);
            const status = str((res.json as { async_status?: string } | undefined)?.async_status);
            if (status === 'Job Completed') break;
            if (status === 'Job Failed' || status === 'Job Skipped')
              throw new Error(`meta: async report ${runId}: ${status}`);
            if (ctx.http.now() > deadline)
              throw new Error(`meta: async report ${runId} not done after ${config.asyncTimeoutMinutes} min`);
            await ctx.http.sleep(config.asyncPollMs);
          }
          records = await readPages(`${base}/${runId}/insights?limit=${config.pageSize}`);
        } else {
          records = await readPages(`${base}/act_${config.adAccountId}/insights?${params}`);
        }
        return { records, cursor: { through: window.to }, notes: { ...window, mode } };
      },
      map(records, notes) {
        const file = `${ctx.source} API campaign_daily`;
        return records.map((r, index): ParsedRow => {
          const line = index + 1;
          if (!isObject(r) || str(r.campaign_id) === null)
            return reject(file, line, null, 'not a campaign insights row', r);
          if (str(r.date_start) !== str(r.date_stop))
            return reject(file, line, 'date', 'row spans several days (time_increment=1 expected)', r);
          const actions = Array.isArray(r.actions) ? r.actions.filter(isObject) : [];
          const conversions = actions
            .filter((a) => config.conversionActions.includes(String(a.action_type)))
            .reduce((sum, a) => sum + (num(a.value) ?? 0), 0);
          // The row states its account's currency; the setting stands in (said) only if it does not.
          let currency: string;
          try {
            currency = rowCurrency(
              str(r.account_currency),
              {
                source: ctx.source,
                vendor: null,
                where: 'the insights row (account_currency)',
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
              date: str(r.date_start) ?? '',
              platform: 'meta',
              account_id: str(r.account_id) ?? config.adAccountId,
              campaign_id: String(r.campaign_id),
              campaign_name: str(r.campaign_name),
              channel: 'paid_social', // MAPPINGS §5: every objective is paid social
              cost: num(r.spend) ?? 0,
              currency,
              impressions: num(r.impressions),
              clicks: num(r.clicks),
              conversions,
            }),
          };
        });
      },
    };
    return { entities: [entity], stats: () => ({ ...client.stats }) };
  },
};
