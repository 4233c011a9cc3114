/** Shared by the ad-platform connectors: config fields and the canonical spend row. */
import * as z from 'zod';
import type { CanonicalRecord } from '../core/records.js';
import type { Channel } from '../core/schema.js';

export const spendConfig = {
  /** Days re-pulled every run because platforms restate costs and conversions. */
  restatementDays: z.number().int().min(1).max(90).default(14),
  /** First run (no cursor): days pulled. */
  initialDays: z.number().int().min(1).max(3650).default(30),
  /**
   * Stand-in for the account currency when the platform cannot say it (a row without one, or
   * LinkedIn's adAccounts refused); amounts read in it are counted as `currencyAssumed`.
   */
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'must be a three-letter ISO 4217 code')
    .optional(),
};

export interface SpendRow {
  date: string;
  platform: string;
  account_id: string | null;
  campaign_id: string;
  campaign_name: string | null;
  channel: Channel | null;
  cost: number;
  currency: string;
  impressions: number | null;
  clicks: number | null;
  conversions: number | null;
}

export function spendRecord(row: SpendRow): CanonicalRecord {
  return { ...row };
}
