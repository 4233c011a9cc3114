/** Deterministic daily campaign metrics for the ad-platform fakes, with restatable days. */
import { seeded } from './server.js';

export interface DayMetrics {
  cost: number;
  impressions: number;
  clicks: number;
  leads: number;
}

export class SpendData {
  /** date → multiplier applied to that day's cost (a restatement). */
  readonly restated = new Map<string, number>();
  constructor(
    readonly campaigns: string[],
    private readonly seed: number,
  ) {}

  metrics(campaignId: string, date: string): DayMetrics | null {
    const rand = seeded(this.seed + Number(campaignId.slice(-6)) * 17 + Number(date.replace(/-/g, '')));
    if (rand() < 0.15) return null; // no delivery that day
    const impressions = 100 + Math.floor(rand() * 3000);
    const factor = this.restated.get(date) ?? 1;
    return {
      cost: Math.round(rand() * 15_000 * factor) / 100,
      impressions,
      clicks: Math.floor(impressions * 0.02),
      leads: Math.floor(rand() * 4),
    };
  }

  days(from: string, to: string): string[] {
    const out: string[] = [];
    for (let d = Date.parse(`${from}T00:00:00Z`); d <= Date.parse(`${to}T00:00:00Z`); d += 86_400_000) {
      out.push(new Date(d).toISOString().slice(0, 10));
    }
    return out;
  }

  /** Campaign-days with delivery in [from, to]. */
  count(from: string, to: string): number {
    return this.days(from, to).reduce((n, d) => n + this.campaigns.filter((c) => this.metrics(c, d)).length, 0);
  }
}
