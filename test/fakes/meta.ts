/**
 * Fake Meta Marketing API insights (CONNECTORS §5): bearer token, `level=campaign`,
 * `time_increment=1`, `time_range` JSON, `limit` ≤ 500 (default 25), numbers as strings,
 * cursor paging with absolute `paging.next` URLs, async report runs (POST → report_run_id →
 * async_status → /insights), throttling as error code 17/80000 with X-Business-Use-Case-Usage.
 * Deleted and archived campaigns are left out of insights unless `filtering` on
 * `campaign.effective_status` (or `ad.effective_status`) with operator IN names their status.
 */
import { FakeServer, bearer, type FakeRequest, type FakeResponse } from './server.js';
import { SpendData } from './spend-data.js';

export class MetaFake extends FakeServer {
  readonly accountId = '1357924680';
  readonly token = 'meta-system-user-token';
  readonly currency: string;
  readonly data: SpendData;
  /** Polls an async run stays "Job Running". */
  asyncPolls = 2;
  private runs = new Map<string, { rows: Record<string, unknown>[]; polls: number }>();
  readonly calls = { sync: 0, async: 0 };
  /** Campaign id → effective_status (ACTIVE when absent). */
  readonly status = new Map<string, string>();

  constructor(options: { campaigns?: number; currency?: string } = {}) {
    super('meta');
    this.currency = options.currency ?? 'EUR';
    this.data = new SpendData(
      Array.from({ length: options.campaigns ?? 8 }, (_, i) => String(23_850_000_000_000 + i * 101)),
      5,
    );
    this.route('GET', /^\/v\d+\.0\/act_(\d+)\/insights$/, (req, m) =>
      this.authed(req, () => this.insights(req, m[1] as string)),
    );
    this.route('POST', /^\/v\d+\.0\/act_(\d+)\/insights$/, (req, m) =>
      this.authed(req, () => this.startRun(req, m[1] as string)),
    );
    this.route('GET', /^\/v\d+\.0\/(\d{6,})$/, (req, m) => this.authed(req, () => this.runStatus(m[1] as string)));
    this.route('GET', /^\/v\d+\.0\/(\d{6,})\/insights$/, (req, m) =>
      this.authed(req, () => this.runResults(req, m[1] as string)),
    );
  }

  private authed(req: FakeRequest, serve: () => FakeResponse): FakeResponse {
    if (bearer(req) !== this.token && req.query.get('access_token') !== this.token) {
      return {
        status: 400,
        body: {
          error: {
            message: 'Invalid OAuth access token - Cannot parse access token',
            type: 'OAuthException',
            code: 190,
            fbtrace_id: 'fake',
          },
        },
      };
    }
    return serve();
  }

  private rows(req: FakeRequest, account: string): Record<string, unknown>[] | FakeResponse {
    if (account !== this.accountId)
      return invalid(`Ad account owner has NOT grant ads_management or ads_read permission`, 200);
    if (req.query.get('level') !== 'campaign') return invalid('level must be campaign in this fake');
    if (req.query.get('time_increment') !== '1') return invalid('time_increment must be 1 in this fake');
    let range: { since?: string; until?: string };
    try {
      range = JSON.parse(req.query.get('time_range') ?? '') as { since?: string; until?: string };
    } catch {
      return invalid('(#100) time_range must be a JSON object with since and until');
    }
    if (!range.since || !range.until || range.since > range.until) return invalid('(#100) invalid time_range');
    const fields = (req.query.get('fields') ?? '').split(',');
    let wanted: Set<string> | null = null;
    const filtering = req.query.get('filtering');
    if (filtering) {
      let filters: Array<{ field?: string; operator?: string; value?: unknown }>;
      try {
        filters = JSON.parse(filtering) as typeof filters;
      } catch {
        return invalid('(#100) filtering must be a JSON array');
      }
      for (const f of filters) {
        if (!['campaign.effective_status', 'ad.effective_status'].includes(String(f.field)) || f.operator !== 'IN')
          return invalid(`(#100) unsupported filter in this fake: ${JSON.stringify(f)}`);
        wanted = new Set(Array.isArray(f.value) ? f.value.map(String) : []);
      }
    }
    const out: Record<string, unknown>[] = [];
    for (const date of this.data.days(range.since, range.until)) {
      for (const c of this.data.campaigns) {
        const status = this.status.get(c) ?? 'ACTIVE';
        // Without a status filter, deleted and archived objects are not reported.
        if (wanted ? !wanted.has(status) : status === 'DELETED' || status === 'ARCHIVED') continue;
        const m = this.data.metrics(c, date);
        if (!m) continue;
        const row: Record<string, unknown> = {
          account_id: this.accountId,
          account_currency: this.currency,
          campaign_id: c,
          campaign_name: `Prospecting ${c.slice(-3)}`,
          spend: m.cost.toFixed(2),
          impressions: String(m.impressions),
          clicks: String(m.clicks),
          actions: m.leads
            ? [
                { action_type: 'lead', value: String(m.leads) },
                { action_type: 'link_click', value: String(m.clicks) },
              ]
            : undefined,
          date_start: date,
          date_stop: date,
        };
        out.push(
          Object.fromEntries(
            Object.entries(row).filter(([k, v]) => v !== undefined && (fields.includes(k) || k.startsWith('date_'))),
          ),
        );
      }
    }
    return out;
  }

  private page(req: FakeRequest, rows: Record<string, unknown>[], path: string): FakeResponse {
    const limit = Number(req.query.get('limit') ?? 25);
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) return invalid('(#100) limit must be between 1 and 500');
    const after = req.query.get('after') ? Number(Buffer.from(req.query.get('after') ?? '', 'base64').toString()) : 0;
    const data = rows.slice(after, after + limit);
    const body: Record<string, unknown> = { data };
    if (after + limit < rows.length) {
      const cursor = Buffer.from(String(after + limit)).toString('base64');
      const next = new URLSearchParams(req.query);
      next.set('after', cursor);
      body.paging = { cursors: { before: 'MAZDZD', after: cursor }, next: `${this.baseUrl}${path}?${next}` };
    } else if (data.length > 0) {
      body.paging = { cursors: { before: 'MAZDZD', after: 'MjQZD' } };
    }
    return { status: 200, headers: usage(3), body };
  }

  private insights(req: FakeRequest, account: string): FakeResponse {
    this.calls.sync++;
    const rows = this.rows(req, account);
    if (!Array.isArray(rows)) return rows;
    return this.page(req, rows, req.path);
  }

  private startRun(req: FakeRequest, account: string): FakeResponse {
    this.calls.async++;
    const rows = this.rows(req, account);
    if (!Array.isArray(rows)) return rows;
    const id = String(6_000_000 + this.runs.size + 1);
    this.runs.set(id, { rows, polls: this.asyncPolls });
    return { status: 200, body: { report_run_id: id } };
  }

  private runStatus(id: string): FakeResponse {
    const run = this.runs.get(id);
    if (!run) return invalid(`Unsupported get request. Object with ID '${id}' does not exist`);
    const done = run.polls <= 0;
    run.polls--;
    return {
      status: 200,
      body: { id, async_status: done ? 'Job Completed' : 'Job Running', async_percent_completion: done ? 100 : 50 },
    };
  }

  private runResults(req: FakeRequest, id: string): FakeResponse {
    const run = this.runs.get(id);
    if (!run) return invalid(`Object with ID '${id}' does not exist`);
    if (run.polls >= 0) return invalid('Report not ready');
    return this.page(req, run.rows, req.path);
  }
}

function invalid(message: string, code = 100): FakeResponse {
  return { status: 400, body: { error: { message, type: 'OAuthException', code, fbtrace_id: 'fake' } } };
}

function usage(callCount: number, regainMinutes = 0): Record<string, string> {
  return {
    'x-business-use-case-usage': JSON.stringify({
      '1357924680': [
        {
          type: 'ads_insights',
          call_count: callCount,
          total_cputime: 1,
          total_time: 1,
          estimated_time_to_regain_access: regainMinutes,
        },
      ],
    }),
  };
}

/** Meta's throttle answer: error code 80000 with a wait in X-Business-Use-Case-Usage. */
export function throttled(regainMinutes = 1): FakeResponse {
  return {
    status: 400,
    headers: usage(100, regainMinutes),
    body: {
      error: {
        message: 'There have been too many calls from this ad-account. Wait a bit and try again.',
        type: 'OAuthException',
        code: 80000,
        error_subcode: 2446079,
        is_transient: true,
        fbtrace_id: 'fake',
      },
    },
  };
}
