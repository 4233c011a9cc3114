/**
 * Daily spend per ad campaign, in each platform's currency, for every day of the demo.
 * Platform conversions follow the leads the campaign really produced, over-counted the way
 * platforms do (view-through, their own attribution window).
 */
import { AD_CAMPAIGNS, type AdCampaign } from './catalog.js';
import type { DemoContext } from './context.js';
import type { People } from './people.js';
import { Random } from './prng.js';
import type { DemoRow } from './rows.js';

export type Platform = AdCampaign['platform'];

export function generateSpend(ctx: DemoContext, people: People): Record<Platform, DemoRow[]> {
  const rng = new Random(ctx.seed, 'spend');
  const leadsPerCampaignDay = new Map<string, number>();
  for (const person of people.persons) {
    if (!person.campaign) continue;
    const key = `${person.campaign.id}|${ctx.cal.dayOf(person.createdAt)}`;
    leadsPerCampaignDay.set(key, (leadsPerCampaignDay.get(key) ?? 0) + 1);
  }
  const rows: Record<Platform, DemoRow[]> = { google_ads: [], meta: [], linkedin: [] };
  for (let d = 0; d < ctx.days; d++) {
    const day = ctx.firstDay + d;
    const trend = 0.92 + (0.16 * d) / ctx.days;
    for (const c of AD_CAMPAIGNS) {
      const factor = ctx.cal.isWorkday(day) ? 1 : c.weekend;
      const cost = Math.round(c.dailyCost * factor * trend * Math.exp(0.18 * rng.normal()) * ctx.scale * 100) / 100;
      const impressions = Math.round((cost / c.cpm) * 1000 * Math.exp(0.1 * rng.normal()));
      const clicks = Math.round(impressions * c.ctr * Math.exp(0.15 * rng.normal()));
      const leads = leadsPerCampaignDay.get(`${c.id}|${day}`) ?? 0;
      const counted = leads * rng.uniform(1, 1.45) + (c.channel === 'display' ? rng.uniform(0, 3) : 0);
      rows[c.platform].push({
        date: ctx.cal.date(day),
        source: c.platform,
        platform: c.platform,
        account_id: c.accountId,
        campaign_id: c.id,
        campaign_name: c.name,
        channel: c.channel,
        cost,
        currency: c.currency,
        impressions,
        clicks,
        conversions: c.platform === 'google_ads' ? Math.round(counted * 100) / 100 : Math.round(counted),
      });
    }
  }
  return rows;
}
