/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * Opens the rendered email in headless Chromium at desktop-email (600 px) and phone (375 px,
 * 320 px) widths, fails on horizontal overflow, and saves full-page PNGs under
 * artifacts/email/ for a person to look at. Skips loudly when Chromium is not installed.
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fixture from '../../emails/fixtures/weekly-report.js';
import { renderWeeklyReport } from '../../emails/render.js';
import { PreviewProps, type WeeklyReportEmailProps } from '../../emails/weekly-report.js';
import type { FunnelReport } from '../../functions/core/report-types.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const OUT = join(process.cwd(), 'artifacts', 'email');
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) {
  console.warn(
    `\n[email] SKIPPED real-browser check: no Chromium at ${CHROMIUM}. Install it with ` +
      '`apt-get update && apt-get install -y chromium` (or run .ci/steps/40-email-browser.sh).\n',
  );
}

function heavy(): WeeklyReportEmailProps {
  const report = structuredClone(fixture.report) as FunnelReport;
  report.overdueLeads = Array.from({ length: 50 }, (_, i) => ({
    email: `firstname.lastname-${i}@a-rather-long-company-domain-name-${i}.example`,
    createdAt: new Date(Date.parse('2026-11-20T08:00:00Z') - i * 7 * 3_600_000).toISOString(),
    owner: i % 11 === 0 ? null : `Account Executive With A Long Name ${i % 9}`,
    channel: ['paid_search', 'paid_social', 'events', 'organic_search'][i % 4] ?? null,
    hoursOverdue: 5 + i * 7,
  }));
  report.idleSpend = Array.from({ length: 30 }, (_, i) => ({
    platform: 'google_ads',
    campaignId: `9000000000${i}`,
    campaignName: i % 5 === 0 ? null : `Always-on prospecting campaign with a long descriptive name #${i}`,
    spend: 123_456.78 + i,
  }));
  return { ...structuredClone(PreviewProps), report };
}

const CASES: { name: string; props: () => WeeklyReportEmailProps }[] = [
  { name: 'en', props: () => structuredClone(PreviewProps) },
  { name: 'de-CH', props: () => ({ ...structuredClone(PreviewProps), locale: 'de-CH' }) },
  { name: 'en-50-overdue', props: heavy },
];
const WIDTHS = [600, 375, 320];

describe.skipIf(!hasChromium)('the weekly email in headless Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    await mkdir(OUT, { recursive: true });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });
  afterAll(async () => {
    await browser?.close();
  });

  for (const c of CASES) {
    for (const width of WIDTHS) {
      it(`${c.name} at ${width} px: no horizontal overflow, screenshot saved`, async () => {
        const { html, subject } = await renderWeeklyReport(c.props());
        await writeFile(join(OUT, `${c.name}.html`), html);
        const page = await browser.newPage({ viewport: { width, height: 900 } });
        try {
          // No network: the email must render from its own HTML alone.
          await page.route('**/*', (route) => route.abort());
          await page.setContent(html, { waitUntil: 'load' });
          const m = await page.evaluate(() => {
            const wide = [...document.querySelectorAll('body *')]
              .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5)
              .slice(0, 3)
              .map((el) => `${el.tagName.toLowerCase()}: ${(el.textContent ?? '').trim().slice(0, 60)}`);
            const card = document.querySelector('body > table table') ?? document.body;
            return {
              scrollWidth: document.documentElement.scrollWidth,
              innerWidth: window.innerWidth,
              cardWidth: card.getBoundingClientRect().width,
              h1: document.querySelector('h1')?.textContent ?? '',
              h2: [...document.querySelectorAll('h2')].map((h) => h.textContent),
              wide,
            };
          });
          await page.screenshot({ path: join(OUT, `${c.name}-${width}.png`), fullPage: true });
          expect(m.scrollWidth, `overflowing: ${m.wide.join(' | ')}`).toBeLessThanOrEqual(width);
          expect(m.wide).toEqual([]);
          expect(m.cardWidth).toBeLessThanOrEqual(600);
          expect(m.h1.length).toBeGreaterThan(0);
          expect(m.h2).toHaveLength(7);
          expect(subject).toMatch(/47/);
        } finally {
          await page.close();
        }
      });
    }
  }
});
