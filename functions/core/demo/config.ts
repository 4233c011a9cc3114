/** The configuration that ships with the demo (written as funnel.config.json next to the data). */
import type { ConfigInput } from '../config.js';
import { DEMO_TIMEZONE } from './context.js';

/** EUR per unit, rounded mid-2026 levels; fixed so the demo report never changes. */
export const DEMO_FX_RATES = { CHF: 1.07, USD: 0.87 } as const;

export function demoConfig(): ConfigInput {
  return {
    reportingCurrency: 'EUR',
    fxRates: { ...DEMO_FX_RATES },
    timezone: DEMO_TIMEZONE,
    followUpSlaHours: 24,
    matchLookbackDays: 180,
    attribution: 'first_touch',
    locale: 'en',
    report: {
      from: 'one-funnel demo <report@example.com>',
      to: ['Head of Marketing <cmo@example.com>', 'Head of Sales <cso@example.com>'],
      methodologyUrl: 'https://github.com/one-funnel/one-funnel/blob/main/docs/methodology.md',
    },
  };
}
