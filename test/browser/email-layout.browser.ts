/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * Opens the rendered email in headless Chromium at desktop-email (600 px) and phone (375 px,
 * 320 px) widths, fails on horizontal overflow, and saves full-page PNGs under
 * artifacts/email/ for a person to look at: the sample report, a heavy week, and the demo
 * email (English and German, with and without activities loaded). Skips loudly when Chromium
 * is not installed.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fixture from '../../emails/fixtures/weekly-report.js';
import { renderWeeklyReport } from '../../emails/render.js';
import { PreviewProps, type WeeklyReportEmailProps } from '../../emails/weekly-report.js';
import type { FunnelReport } from '../../functions/core/report-types.js';
import { importCommand } from '../../bin/cli/commands.js';
import { LocalStore } from '../../functions/adapters/local-store.js';
import { openLocalWarehouse } from '../../functions/adapters/local-warehouse.js';
import { loadConfig } from '../../functions/core/config.js';
import { DEMO_END_DATE, writeDemo } from '../../functions/core/demo/index.js';
import { buildReport, buildTrend } from '../../functions/core/report/build-report.js';
import { weekOf } from '../../functions/core/weeks.js';

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
    // What sales acts on: the owner's name, the lead's name and company, a link to the record.
    ownerName: i % 11 === 0 ? null : `Owner With A Rather Long Display Name ${i % 9}`,
    name: `Maximiliane Vanderbilt-Oberholzer ${i}`,
    company: `Internationale Handels- und Logistikgesellschaft Nummer ${i} AG`,
    source: 'salesforce',
    recordUrl: `https://acme-international-holdings.my.salesforce.com/lightning/r/Lead/00Q5e00000AbCdEfG${String(i).padStart(2, '0')}/view`,
  }));
  report.idleSpend = Array.from({ length: 30 }, (_, i) => ({
    platform: 'google_ads',
    campaignId: `9000000000${i}`,
    campaignName: i % 5 === 0 ? null : `Always-on prospecting campaign with a long descriptive name #${i}`,
    spend: 123_456.78 + i,
  }));
  return { ...structuredClone(PreviewProps), report };
}

/**
 * The demo email as `npm start` builds it, from the demo data imported into a fresh store; with
 * `activities: false` the activities file is left out, so follow-ups are "not measured".
 */
async function demoProps(locale: 'en' | 'de-CH', activities: boolean): Promise<WeeklyReportEmailProps> {
  const root = await mkdtemp(join(tmpdir(), 'funnel-email-demo-'));
  try {
    const files = await writeDemo(join(root, 'demo'));
    const configFile = join(root, 'demo', 'funnel.config.json');
    const global = { config: configFile, dataDir: join(root, 'data') };
    for (const file of files.filter((f) => activities || f.table !== 'activities')) {
      await importCommand(
        file.path,
        { as: `canonical-${file.table}`, source: file.source, date: DEMO_END_DATE },
        global,
      );
    }
    const config = await loadConfig(configFile);
    const store = new LocalStore(global.dataDir);
    const engine = await openLocalWarehouse(global.dataDir, config);
    try {
      const week = weekOf(new Date(`${DEMO_END_DATE}T12:00:00Z`), config.timezone);
      const report = await buildReport({ engine, store, config }, week);
      const trend = await buildTrend(engine, week, store);
      return { report, trend, locale, methodologyUrl: PreviewProps.methodologyUrl, followUpSlaHours: 24 };
    } finally {
      await engine.close();
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

/** Builds once, however many widths look at it. */
function once<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => (made ??= make());
}

const CASES: { name: string; props: () => WeeklyReportEmailProps | Promise<WeeklyReportEmailProps> }[] = [
  { name: 'en', props: () => structuredClone(PreviewProps) },
  { name: 'de-CH', props: () => ({ ...structuredClone(PreviewProps), locale: 'de-CH' }) },
  { name: 'en-50-overdue', props: heavy },
  { name: 'demo-en', props: once(() => demoProps('en', true)) },
  { name: 'demo-de-CH', props: once(() => demoProps('de-CH', true)) },
  { name: 'demo-no-activities-en', props: once(() => demoProps('en', false)) },
  { name: 'demo-no-activities-de-CH', props: once(() => demoProps('de-CH', false)) },
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
        const { html, subject } = await renderWeeklyReport(await c.props());
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
              // KPI values (the second line of each tile) that take more than one line.
              wrappedKpis: [...document.querySelectorAll('[id="kpis"] td > p:nth-of-type(2)')]
                .filter((p) => p.getBoundingClientRect().height > parseFloat(getComputedStyle(p).lineHeight) + 1)
                .map((p) => p.textContent ?? ''),
            };
          });
          await page.screenshot({ path: join(OUT, `${c.name}-${width}.png`), fullPage: true });
          expect(m.scrollWidth, `overflowing: ${m.wide.join(' | ')}`).toBeLessThanOrEqual(width);
          expect(m.wide).toEqual([]);
          // Big amounts stay on one line from a 375 px phone up ("not measured" may wrap).
          if (width >= 375) expect(m.wrappedKpis.filter((v) => /\d/.test(v))).toEqual([]);
          expect(m.cardWidth).toBeLessThanOrEqual(600);
          expect(m.h1.length).toBeGreaterThan(0);
          // Every section has its heading, the follow-up effect first (the email opens with it).
          expect(m.h2.length).toBeGreaterThanOrEqual(8);
          expect(m.h2.every((h) => (h ?? '').trim().length > 0)).toBe(true);
          expect(m.h2[0]).toMatch(/^(Does following up pay\?|Lohnt sich das Nachfassen\?)$/);
          expect(subject).toMatch(/47/);
        } finally {
          await page.close();
        }
      }, 180_000);
    }
  }
});
